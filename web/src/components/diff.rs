//! "Review a change": compare the scenario with a snapshot for every catalog profile and source Region.
//! The comparison evaluates the matrix twice, so it runs when the user pauses (600 ms, as the page's
//! other slow results) or on request, never on every keystroke.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::{decision_look, send};
use crate::hooks::use_dispatch;
use crate::state::bench::{DiffView, Snapshot};
use crate::state::{Action, BenchAction};

/// How long the user must pause before the diff is computed.
const SETTLE_MS: u32 = 600;
/// Calls listed before "and N more".
const SHOWN: usize = 40;

/// Props of [`DiffPanel`].
#[derive(Properties, PartialEq)]
pub struct DiffProps {
    /// The snapshot, if taken.
    pub snapshot: Option<Snapshot>,
    /// The diff of the current revision, when computed.
    pub diff: Option<Rc<DiffView>>,
    /// The current revision.
    pub revision: u64,
    /// True when the scenario is the snapshot's.
    pub unchanged: bool,
}

fn decision_span(d: crisscross_core::evaluate::Decision) -> Html {
    let (icon, word, class) = decision_look(Some(d));
    html! { <span class={classes!("dec", class)}><span aria-hidden="true">{icon}{" "}</span>{word}</span> }
}

/// The diff panel.
#[component]
pub fn DiffPanel(props: &DiffProps) -> Html {
    let dispatch = use_dispatch();
    let pending = props.snapshot.is_some() && props.diff.is_none() && !props.unchanged;
    {
        let dispatch = dispatch.clone();
        use_effect_with((props.revision, pending), move |(revision, pending)| {
            let revision = *revision;
            let timer = pending.then(|| {
                Timeout::new(SETTLE_MS, move || {
                    dispatch.dispatch(Action::Bench(BenchAction::ComputeDiff(revision)));
                })
            });
            move || drop(timer)
        });
    }
    let bench = |a: BenchAction| send(&dispatch, move |_: MouseEvent| Action::Bench(a.clone()));
    let head = html! {
        <div class="panel-head"><h2 id="diff-title">{"Review a change: diff against a snapshot"}</h2></div>
    };
    let Some(snapshot) = &props.snapshot else {
        return html! {
            <section class="panel bench diff-panel" aria-labelledby="diff-title">
                {head}
                <p class="hint">{"Take a snapshot, then edit the policies: the diff shows which hops change verdict for every catalog profile and source Region, and what the edit costs in characters."}</p>
                <button type="button" onclick={bench(BenchAction::TakeSnapshot)}>{"Compare against this version"}</button>
            </section>
        };
    };
    let body = match (&props.diff, props.unchanged) {
        (_, true) => {
            html! { <p class="hint">{"No change since the snapshot: edit a policy to see what it opens or closes."}</p> }
        }
        (None, false) => html! {
            <p class="hint" aria-busy="true">{"Comparing every profile and source Region when you pause\u{2026} "}
                <button type="button" onclick={bench(BenchAction::ComputeDiff(props.revision))}>{"Compare now"}</button></p>
        },
        (Some(view), false) => match &view.result {
            Err(diags) => html! {
                <p class="callout error" role="alert">{"Cannot compare: "}{for diags.iter().take(3).map(|d| html! { <>{super::ticks(&d.message)}{" "}</> })}</p>
            },
            Ok(d) => {
                let sizes = d.size_changes.iter().map(|(label, delta)| {
                    html! { <li>{super::ticks(label)}{format!(": {delta:+} characters")}</li> }
                });
                let rows = d.calls.iter().take(SHOWN).map(|c| {
                    let hops = c.hops.iter().map(|h| {
                        let (icon, _, class) = decision_look(Some(h.after));
                        html! { <li><span class={classes!("dec", class)}><span aria-hidden="true">{icon}</span></span>{format!(" {} in {}", h.kind.short_name(), h.region)}</li> }
                    });
                    html! {
                        <tr>
                            <th scope="row"><code>{c.profile.clone()}</code>{format!(" from {}", c.source_region)}</th>
                            <td>{decision_span(c.before)}{" \u{2192} "}{decision_span(c.after)}</td>
                            <td><ul class="diff-hops">{for hops}</ul></td>
                        </tr>
                    }
                });
                let more = d.calls.len().saturating_sub(SHOWN);
                html! {
                    <>
                        <p id="diff-summary" class="diff-summary" role="status">{super::ticks(&d.summary)}</p>
                        if !d.size_changes.is_empty() {
                            <ul class="small diff-sizes" aria-label="Size change per policy">{for sizes}</ul>
                        }
                        if !d.calls.is_empty() {
                            <div class="diff-wrap">
                                <table class="diff-calls">
                                    <caption class="small muted">{format!("{} call(s) changed verdict on some hop (computed in {:.0} ms)", d.calls.len(), view.ms)}</caption>
                                    <thead><tr><th scope="col">{"Call"}</th><th scope="col">{"Call verdict"}</th><th scope="col">{"Hops that changed (now)"}</th></tr></thead>
                                    <tbody>{for rows}</tbody>
                                </table>
                            </div>
                            if more > 0 {
                                <p class="small muted">{format!("and {more} more call(s); `crisscross diff` lists them all.")}</p>
                            }
                        }
                    </>
                }
            }
        },
    };
    html! {
        <section class="panel bench diff-panel" aria-labelledby="diff-title">
            {head}
            <div class="row small">
                <span>{format!("Comparing against the snapshot of revision {}.", snapshot.revision)}</span>
                <span class="spacer" />
                <button type="button" onclick={bench(BenchAction::TakeSnapshot)}>{"New snapshot"}</button>
                <button type="button" onclick={bench(BenchAction::ClearSnapshot)}>{"Forget the snapshot"}</button>
            </div>
            {body}
        </section>
    }
}
