//! The explanation of the selected hop: every statement considered, and why it did or did not apply.

use std::rc::Rc;

use crisscross_core::context::Origin;
use crisscross_core::policy::Effect;
use crisscross_core::report::HopReport;
use crisscross_core::report::explain::StatementExplanation;
use yew::prelude::*;

use super::{decision_look, send};
use crate::hooks::use_dispatch;
use crate::state::{Action, Explained};

/// Props of [`Explanation`].
#[derive(Properties, PartialEq)]
pub struct ExplanationProps {
    /// The hops.
    pub hops: Rc<Vec<HopReport>>,
    /// The selected hop.
    pub current: Option<usize>,
    /// The statements of the selected hop shown, explained.
    pub explained: Rc<Explained>,
}

/// The explanation panel.
#[component]
pub fn Explanation(props: &ExplanationProps) -> Html {
    let dispatch = use_dispatch();
    let Some((index, h)) = props.current.and_then(|i| Some((i, props.hops.get(i)?))) else {
        return html! {};
    };
    let (icon, word, class) = decision_look(Some(h.decision));
    let item = |s: &StatementExplanation| {
        let effect = match s.effect {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        };
        let decides = h.decided_by.iter().any(|d| d.at == s.statement.at);
        let show = Some(s.statement.at.policy).map(|policy| {
            let span = s.statement.span;
            let onclick = send(&dispatch, move |_: MouseEvent| Action::FocusStatement(policy, span));
            html! { <button type="button" class="linkish small" {onclick} aria-label={format!("Show in editor: {}", super::plain(&s.statement.label))}>{"show in editor"}</button> }
        });
        html! {
            <li class={classes!("stmt", if s.applies { "applies" } else { "skips" }, decides.then_some("decides"))}>
                <span class={classes!("stmt-effect", effect.to_ascii_lowercase())}>{effect}</span>
                <span class="stmt-applies">{if s.applies { "\u{2713} applies" } else { "\u{2014} does not apply" }}</span>
                if decides { <span class="badge badge-decides">{"\u{25B6} decides"}</span> }
                <span class="stmt-label">{super::ticks(&s.statement.label)}</span>
                {" "}<>{show}</>
                <div class="stmt-detail">{super::ticks(&s.detail)}</div>
            </li>
        }
    };
    let explained = &props.explained;
    let statements: Html = explained.shown.iter().map(item).collect();
    let hidden = explained.hidden;
    let show_all = (hidden > 0).then(|| {
        let onclick = send(&dispatch, |_: MouseEvent| Action::ExplainAll);
        html! { <button type="button" class="linkish small" {onclick}>{format!("Show the {hidden} other statements that do not apply")}</button> }
    });
    let context = h.context.iter().map(|c| {
        let origin = match c.origin {
            Origin::Derived => "derived",
            Origin::User => "yours",
            Origin::Assumed => "assumed",
        };
        html! { <tr><td><code>{&c.key}</code></td><td><code class="ctx-value">{c.value.to_string()}</code></td><td><span class={classes!("origin", origin)}>{origin}</span></td></tr> }
    });
    let none_note = if explained.considered == 0 {
        Some(html! { <p class="hint">{"No statement was considered."}</p> })
    } else {
        None
    };
    html! {
        <section class="panel explanation" aria-labelledby="explain-title">
            <div class="panel-head">
                <h2 id="explain-title">{format!("Why hop {} is {}", index + 1, word.to_ascii_lowercase())}</h2>
            </div>
            <p>
                <span class={classes!("pill", class)}><span aria-hidden="true">{icon}</span>{" "}{word}</span>
                {" "}{format!("{} ({}) in ", h.kind.short_name(), h.kind.describe())}<code>{&h.region}</code>
                if let Some(layer) = h.blocked_by { {format!(", blocked by the {}", layer.label())} }
            </p>
            <p class="small"><code>{&h.action}</code>{" on "}<code class="arn">{&h.resource}</code></p>
            if let Some(message) = &h.message {
                <p class="access-denied"><span class="ad-label">{"AccessDenied: "}</span><code>{message}</code></p>
            }
            <h3>{format!("Statements considered ({})", explained.considered)}</h3>
            <>{none_note}</>
            <ol class="stmts">{statements}</ol>
            <>{show_all}</>
            <details class="context">
                <summary>{format!("Request context ({} keys)", h.context.len())}</summary>
                <table class="ctx-table"><tbody>{for context}</tbody></table>
            </details>
        </section>
    }
}
