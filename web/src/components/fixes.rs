//! Fix suggestions from the core: each a patched policy, previewed as a diff, applied with one click.

use std::rc::Rc;

use crisscross_core::evaluate::Decision;
use yew::prelude::*;

use super::send;
use crate::hooks::use_dispatch;
use crate::model::same_shared;
use crate::state::{Action, Settled};

/// Props of [`Fixes`].
#[derive(Properties)]
pub struct FixesProps {
    /// The call's decision.
    pub decision: Option<Decision>,
    /// The settled results whose fixes are shown: the current revision's, or the last ones found while
    /// those are computed.
    pub settled: Option<Rc<Settled>>,
    /// True when `settled` belongs to the current revision.
    pub current: bool,
}

impl PartialEq for FixesProps {
    fn eq(&self, other: &Self) -> bool {
        self.decision == other.decision
            && self.current == other.current
            && same_shared(self.settled.as_ref(), other.settled.as_ref())
    }
}

fn diff_lines(diff: &str) -> Html {
    diff.lines()
        .filter(|l| !l.starts_with("--- ") && !l.starts_with("+++ "))
        .map(|l| {
            let class = match l.chars().next() {
                Some('+') => "d-add",
                Some('-') => "d-del",
                Some('@') => "d-hunk",
                _ => "d-ctx",
            };
            let sign = match class {
                "d-add" => "added",
                "d-del" => "removed",
                _ => "",
            };
            html! { <div class={class} data-sign={sign}>{l.to_owned()}</div> }
        })
        .collect()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The fix panel.
#[component]
pub fn Fixes(props: &FixesProps) -> Html {
    let dispatch = use_dispatch();
    let open = use_state(|| Some(0usize));
    let denied = props.decision.is_some_and(|d| !d.is_allow());
    if !denied {
        return html! {};
    }
    let Some(settled) = &props.settled else {
        return html! {
            <section class="panel fixes" aria-labelledby="fixes-title" aria-busy="true">
                <div class="panel-head"><h2 id="fixes-title">{"Fixes"}</h2></div>
                <p class="hint">{"Looking for the smallest edits that allow this call\u{2026}"}</p>
            </section>
        };
    };
    let current = props.current;
    let fixes = settled.fixes.iter().enumerate().map(|(i, f)| {
        let shown = *open == Some(i);
        let toggle = {
            let open = open.clone();
            Callback::from(move |_: MouseEvent| open.set(if shown { None } else { Some(i) }))
        };
        // The applied fix's button goes away with the fixes it was one of: the notice that says what
        // was applied takes the focus.
        let apply = send(&dispatch, move |_: MouseEvent| {
            super::refocus_if_lost(super::notice::NOTICE_ID);
            Action::ApplyFix(i)
        });
        let delta = f.chars_after as i64 - f.chars_before as i64;
        let outcome = if f.resolves {
            html! { <span class="pill ok"><span aria-hidden="true">{"\u{2713}"}</span>{" allows the call"}</span> }
        } else {
            html! { <span class="pill implicit"><span aria-hidden="true">{"\u{2298}"}</span>{format!(" {} still denied", plural(f.remaining_denied, "hop", "hops"))}</span> }
        };
        let opens = if f.opens.is_empty() {
            html! { <span>{"opens nothing else in the catalog"}</span> }
        } else {
            let list = f.opens.iter().take(12).map(|(p, r)| format!("{p} from {r}")).collect::<Vec<_>>().join(", ");
            let more = f.opens.len().saturating_sub(12);
            html! {
                <details class="opens">
                    <summary>{format!("also opens {}", plural(f.opens.len(), "other call", "other calls"))}</summary>
                    <p class="small">{list}{if more > 0 { format!(" and {more} more") } else { String::new() }}</p>
                </details>
            }
        };
        html! {
            <li class="fix" data-fix={i.to_string()}>
                <div class="fix-head">
                    <span class="fix-title">{super::ticks(&f.title)}</span>
                    {outcome}
                </div>
                <p class="small">{"In the "}{super::ticks(&f.policy_label)}{": "}{super::ticks(&f.explanation)}</p>
                <p class="small muted">
                    {format!("{} characters ({} \u{2192} {}) \u{00B7} ", if delta >= 0 { format!("+{delta}") } else { delta.to_string() }, f.chars_before, f.chars_after)}
                    {opens}
                    if !f.closes.is_empty() { {format!(" \u{00B7} closes {}", plural(f.closes.len(), "call", "calls"))} }
                </p>
                <div class="row">
                    <button type="button" class="primary" onclick={apply} disabled={!current} aria-label={format!("Apply fix: {}", super::plain(&f.title))}>{"Apply"}</button>
                    <button type="button" onclick={toggle} aria-expanded={shown.to_string()}
                        aria-label={format!("{} of fix {}", if shown { "Hide diff" } else { "Preview diff" }, i + 1)}>{if shown { "Hide diff" } else { "Preview diff" }}</button>
                </div>
                if shown { <pre class="diff" role="region" tabindex="0" aria-label={format!("Diff of the {}", super::plain(&f.policy_label))}>{diff_lines(&f.diff)}</pre> }
            </li>
        }
    });
    html! {
        <section class="panel fixes" aria-labelledby="fixes-title" aria-busy={(!current).then_some("true")}
            data-revision={settled.revision.to_string()}>
            <div class="panel-head">
                <h2 id="fixes-title">{"Fixes"}</h2>
                if current {
                    <span class="small muted">{format!("each re-evaluated on every hop \u{00B7} found in {:.0} ms", settled.ms)}</span>
                } else {
                    <span class="small muted">{"found for the text before your last edit \u{00B7} updating\u{2026}"}</span>
                }
            </div>
            if settled.fixes.is_empty() {
                <p class="hint">{"No single edit found that allows more of this call without denying something it allows now."}</p>
            } else {
                <ol class="fix-list">{for fixes}</ol>
            }
        </section>
    }
}
