//! Every problem in the input, listed under the verdict when the call cannot be evaluated.

use std::rc::Rc;

use crisscross_core::diagnostic::Severity;
use yew::prelude::*;

use super::send;
use crate::hooks::use_dispatch;
use crate::state::{Action, DiagView};

/// Props of [`Problems`].
#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    /// Every diagnostic.
    pub diagnostics: Rc<Vec<DiagView>>,
}

/// The list of problems; errors first.
#[component]
pub fn Problems(props: &ProblemsProps) -> Html {
    let dispatch = use_dispatch();
    if props.diagnostics.is_empty() {
        return html! {};
    }
    let mut list: Vec<&DiagView> = props.diagnostics.iter().collect();
    crisscross_core::order::sort_by_key(&mut list, |d| d.diagnostic.severity);
    let errors = list.iter().filter(|d| d.diagnostic.severity == Severity::Error).count();
    let items = list.into_iter().map(|d| {
        let diag = &d.diagnostic;
        let error = diag.severity == Severity::Error;
        let place = match (diag.line, diag.column) {
            (Some(l), Some(c)) => format!(", line {l}, column {c}"),
            _ => String::new(),
        };
        let show = match (d.policy, diag.span) {
            (Some(policy), Some(span)) => {
                let onclick = send(&dispatch, move |_: MouseEvent| Action::FocusStatement(policy, span));
                let label = format!("Show in editor: {}{place}", super::plain(&d.place));
                Some(html! { <button type="button" class="linkish small" {onclick} aria-label={label}>{"show in editor"}</button> })
            }
            _ => None,
        };
        html! {
            <li class={classes!("diag", if error { "error" } else { "warning" })}>
                <span class="diag-icon" aria-hidden="true">{if error { "\u{2716} " } else { "\u{25B2} " }}</span>
                <span class="diag-place">{if error { "error in " } else { "warning in " }}{super::ticks(&d.place)}{format!("{place}: ")}</span>
                <span class="diag-msg">{crate::components::ticks(&diag.message)}</span>
                {" "}<code class="diag-code">{&diag.code}</code>{" "}<>{show}</>
                if let Some(help) = &diag.help { <div class="diag-help">{super::ticks(help)}</div> }
            </li>
        }
    });
    html! {
        <section class={classes!("panel", "problems", (errors > 0).then_some("has-errors"))} aria-labelledby="problems-title">
            <div class="panel-head">
                <h2 id="problems-title">{if errors > 0 { "Fix these first" } else { "Warnings" }}</h2>
                <span class="small muted">{"valid for AWS does not always mean what you meant"}</span>
            </div>
            <ul class="diag-list">{for items}</ul>
        </section>
    }
}
