//! The call's verdict in one sentence, at the top of the page, with the AccessDenied message.

use std::rc::Rc;

use crisscross_core::evaluate::Decision;
use yew::prelude::*;

use super::decision_look;
use crate::state::VerdictView;

/// Props of [`Verdict`].
#[derive(Properties, PartialEq)]
pub struct VerdictProps {
    /// The verdict.
    pub verdict: Rc<VerdictView>,
}

/// The banner.
#[component]
pub fn Verdict(props: &VerdictProps) -> Html {
    let v = &props.verdict;
    let (icon, word, class) = decision_look(v.decision);
    let blocked = v.blocked_by.map(|l| format!("blocked by the {}", l.label()));
    let counts = match (v.errors, v.warnings) {
        (0, 0) => None,
        (e, w) => Some(format!(
            "{e} error{}, {w} warning{}",
            if e == 1 { "" } else { "s" },
            if w == 1 { "" } else { "s" }
        )),
    };
    html! {
        <div class={classes!("verdict", class)}>
            <div class="verdict-badge" data-decision={word}>
                <span class="verdict-icon" aria-hidden="true">{icon}</span>
                <span class="verdict-word">{word}</span>
            </div>
            <div class="verdict-body">
                <p id="verdict-sentence" class="verdict-sentence">{super::ticks(&v.sentence)}</p>
                if let Some(message) = &v.message {
                    <p class="access-denied"><span class="ad-label">{"AccessDenied: "}</span><code>{message}</code></p>
                }
                <p class="verdict-meta small">
                    if let Some(route) = &v.route {
                        <span>{format!("route: {} from {} to {} ({})",
                            route.profile,
                            route.source_region,
                            if route.global { format!("any commercial Region ({} Regions)", route.destinations.len()) } else { route.destinations.join(", ") },
                            route.provenance)}</span>
                    }
                    if let Some(blocked) = blocked { <span>{" \u{00B7} "}{blocked}</span> }
                    if let Some(counts) = counts { <span>{" \u{00B7} "}{counts}</span> }
                </p>
            </div>
        </div>
    }
}

/// Props of [`VerdictAnnounce`].
#[derive(Properties, PartialEq)]
pub struct VerdictAnnounceProps {
    /// The call's decision, `None` when the input is invalid.
    pub decision: Option<Decision>,
    /// Checks denied.
    pub denied: usize,
    /// Checks made.
    pub total: usize,
}

/// What screen readers hear: a short summary in a live region of its own. The banner is not live, so the
/// long AccessDenied text is never read out on a keystroke, and an unchanged summary is not announced.
#[component]
pub fn VerdictAnnounce(props: &VerdictAnnounceProps) -> Html {
    let plural = if props.total == 1 { "" } else { "s" };
    let text = match props.decision {
        None => "Not evaluated: the input has errors.".to_owned(),
        Some(Decision::Allow) if props.total == 1 => "Allowed: the check passes.".to_owned(),
        Some(Decision::Allow) => format!("Allowed: all {} checks.", props.total),
        Some(_) => format!("Denied: {} of {} check{plural}.", props.denied, props.total),
    };
    html! { <p id="verdict-announce" class="sr-only" aria-live="polite">{text}</p> }
}

/// Props of [`EvalStatus`].
#[derive(Properties, PartialEq)]
pub struct EvalStatusProps {
    /// The evaluation's revision.
    pub revision: u64,
    /// How long it took.
    pub ms: f64,
    /// What is still being computed for this revision, for people ("fix suggestions"…), if anything.
    #[prop_or_default]
    pub computing: Option<AttrValue>,
}

/// "Evaluated in 0.2 ms": changes on every evaluation, so the rest of the banner does not have to.
#[component]
pub fn EvalStatus(props: &EvalStatusProps) -> Html {
    html! {
        <span class="eval-status small muted" data-revision={props.revision.to_string()} aria-live="off">
            {format!("evaluated in your browser in {:.1} ms", props.ms)}
            if let Some(what) = &props.computing {
                <span class="computing">{format!(" \u{00B7} computing {what}\u{2026}")}</span>
            }
        </span>
    }
}
