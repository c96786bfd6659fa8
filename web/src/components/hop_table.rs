//! The hop table: one row per authorization check of the call.

use std::rc::Rc;

use crisscross_core::context::Origin;
use crisscross_core::report::HopReport;
use yew::prelude::*;

use super::{decision_look, send};
use crate::hooks::use_dispatch;
use crate::state::{Action, same_apart_from_spans};

/// Props of [`HopTable`].
#[derive(Properties)]
pub struct HopTableProps {
    /// The hops.
    pub hops: Rc<Vec<HopReport>>,
    /// The selected hop.
    pub current: Option<usize>,
}

/// The table shows no statement's place in its policy: a keystroke that only moves one does not
/// draw it again.
impl PartialEq for HopTableProps {
    fn eq(&self, other: &Self) -> bool {
        self.current == other.current && same_apart_from_spans(&self.hops, &other.hops)
    }
}

/// The table.
#[component]
pub fn HopTable(props: &HopTableProps) -> Html {
    let dispatch = use_dispatch();
    if props.hops.is_empty() {
        return html! {
            <section class="panel" aria-labelledby="hops-title">
                <h2 id="hops-title">{"Checks"}</h2>
                <p class="hint">{"No checks: the input has errors (see the verdict above)."}</p>
            </section>
        };
    }
    let rows = props.hops.iter().enumerate().map(|(index, h)| {
        let (icon, word, class) = decision_look(Some(h.decision));
        let selected = props.current == Some(index);
        let select = send(&dispatch, move |_: MouseEvent| Action::SelectHop(index));
        let context = h.key_context().map(|c| {
            let origin = match c.origin {
                Origin::Derived => "derived",
                Origin::User => "yours",
                Origin::Assumed => "assumed",
            };
            html! {
                <li>
                    <code class="ctx-key">{&c.key}</code>{" = "}<code class="ctx-value">{c.value.to_string()}</code>
                    {" "}<span class={classes!("origin", origin)}>{origin}</span>
                </li>
            }
        });
        let (decided, decided_title) = match h.primary_statement() {
            Some(st) => {
                let layer = st.at.layer().label();
                let which = st.sid.clone().unwrap_or_else(|| format!("statement {}", st.at.statement));
                let more = h.decided_by.len().saturating_sub(1);
                let more = if more > 0 { format!(" (+{more})") } else { String::new() };
                (format!("{layer} {} \u{00B7} {which}{more}", st.policy_name), super::plain(&st.label))
            }
            None => {
                let text = match h.blocked_by {
                    Some(layer) => format!("no {} allows it", layer.label()),
                    None => "\u{2014}".to_owned(),
                };
                (text.clone(), text)
            }
        };
        let row_class = classes!("hop", class, selected.then_some("selected"));
        // The button selects by itself (keyboard); the row's handler would select a second time.
        let select_only = {
            let select = select.clone();
            Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                select.emit(e);
            })
        };
        html! {
            <>
                <tr class={row_class.clone()} onclick={select.clone()} data-hop={index.to_string()}>
                    <th scope="row" rowspan="2">
                        <button type="button" class="hop-select" onclick={select_only.clone()} aria-pressed={selected.to_string()}
                            aria-label={format!("Hop {}: {} in {}, {}", index + 1, h.kind.short_name(), h.region, word)}>
                            <span class="hop-n">{index + 1}</span>{" "}{h.kind.short_name()}
                        </button>
                    </th>
                    <td class="mono region">{&h.region}</td>
                    <td class={classes!("decision", class)}>
                        <span class="decision-icon" aria-hidden="true">{icon}</span>{" "}{word}
                    </td>
                    <td class="decided-by" title={decided_title}>{decided}</td>
                </tr>
                <tr class={classes!(row_class, "hop-detail")} onclick={select}>
                    <td colspan="3" class="resource">
                        <code class="arn">{&h.resource}</code>
                        <ul class="ctx">{for context}</ul>
                        {depends(&dispatch, h)}
                    </td>
                </tr>
            </>
        }
    });
    let denied = props.hops.iter().filter(|h| !h.decision.is_allow()).count();
    let rests = if props.hops.iter().all(|h| h.depends_on.is_empty()) {
        "Every check rests only on what the scenario gives and the values AWS sets itself."
    } else {
        "Some checks depend on values the scenario does not give: each says which, and what they change."
    };
    html! {
        <section class="panel" aria-labelledby="hops-title">
            <div class="panel-head">
                <h2 id="hops-title">{"Checks"}</h2>
                <span class="small muted">{format!("{} check{}, {denied} denied. Select one to see why.", props.hops.len(), if props.hops.len() == 1 { "" } else { "s" })}</span>
            </div>
            <div class="table-wrap">
                <table class="hops">
                    <thead>
                        <tr>
                            <th scope="col">{"Hop"}</th>
                            <th scope="col">{"Region"}</th>
                            <th scope="col">{"Decision"}</th>
                            <th scope="col">{"Decided by"}</th>
                        </tr>
                    </thead>
                    <tbody>{for rows}</tbody>
                </table>
            </div>
            <p class="small muted rests-on">{rests}</p>
        </section>
    }
}

/// What a check's decision depends on that the scenario does not give, each with a way to give it.
fn depends(dispatch: &crate::hooks::Dispatch, hop: &HopReport) -> Html {
    if hop.depends_on.is_empty() && hop.unresolved_variables.is_empty() {
        return Html::default();
    }
    let keys = hop.depends_on.iter().map(|d| {
        let key = d.key.clone();
        // Keys crisscross derives from the caller's details are given there, not as context rows.
        let (give, what) = match super::caller::field_of(&d.key) {
            Some((id, what)) => (
                Callback::from(move |e: MouseEvent| {
                    e.stop_propagation();
                    super::focus_by_id(id);
                }),
                what,
            ),
            None => (
                send(dispatch, move |e: MouseEvent| {
                    e.stop_propagation();
                    Action::GiveKey(key.clone())
                }),
                "a value",
            ),
        };
        let flips = d.flips.iter().map(|f| {
            let (_, word, class) = decision_look(Some(f.decision));
            html! { <li><span class={classes!("decision", class)}>{word}</span>{" if "}{super::ticks(&f.when)}</li> }
        });
        html! {
            <li class="depends-key">
                {"Depends on "}<code>{&d.key}</code>{", which the scenario does not give "}
                <span class="small muted">{format!("({})", d.availability)}</span>
                <ul class="flips">{for flips}</ul>
                <button type="button" class="linkish small" onclick={give} aria-label={format!("Give {what} for {}", d.key)}>{format!("give {what}")}</button>
            </li>
        }
    });
    let unresolved = hop.unresolved_variables.iter().map(|u| {
        html! {
            <li class="unresolved">
                <code>{&u.variable}</code>{" has no value here, in the "}{super::ticks(&u.statement.label)}
                {": AWS matches nothing with it, and negated operators such as StringNotEquals do match; AWS also says such a variable \u{201c}might cause the entire statement to be invalid\u{201d}."}
            </li>
        }
    });
    html! { <ul class="depends">{for keys}{for unresolved}</ul> }
}
