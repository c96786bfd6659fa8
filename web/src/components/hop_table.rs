//! The hop table: one row per authorization check of the call.

use std::rc::Rc;

use crisscross_core::context::Origin;
use crisscross_core::report::HopReport;
use yew::prelude::*;

use super::{decision_look, hop_name, send};
use crate::hooks::use_dispatch;
use crate::state::Action;

/// Props of [`HopTable`].
#[derive(Properties, PartialEq)]
pub struct HopTableProps {
    /// The hops.
    pub hops: Rc<Vec<HopReport>>,
    /// The selected hop.
    pub current: Option<usize>,
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
                (format!("{layer} {} \u{00B7} {which}{more}", st.policy_name), st.label.clone())
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
                            aria-label={format!("Hop {}: {} in {}, {}", index + 1, hop_name(h.kind), h.region, word)}>
                            <span class="hop-n">{index + 1}</span>{" "}{hop_name(h.kind)}
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
                    </td>
                </tr>
            </>
        }
    });
    let denied = props.hops.iter().filter(|h| !h.decision.is_allow()).count();
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
        </section>
    }
}
