//! Components: they read props and send [`Action`]s through the dispatcher of
//! [`use_dispatch`](crate::hooks::use_dispatch); no logic beyond formatting lives here.

pub mod caller;
pub mod context;
pub mod diagnostics;
pub mod diff;
pub mod editor;
pub mod examples;
pub mod expectations;
pub mod explanation;
pub mod fixes;
pub mod header;
pub mod hop_table;
pub mod import;
pub mod jump;
pub mod matrix;
pub mod meter;
pub mod notice;
pub mod org_import;
pub mod own_work;
pub mod policies;
pub mod presenter;
pub mod request;
pub mod route_map;
pub mod routes;
pub mod scenario_io;
pub mod share;
pub mod stale;
pub mod verdict;
pub mod workshop;

use crisscross_core::evaluate::Decision;
use yew::Callback;

use crate::hooks::Dispatch;
use crate::state::Action;

/// The icon, words and CSS class of a decision (`None`: not evaluated). Colour is never the only signal.
#[must_use]
pub fn decision_look(decision: Option<Decision>) -> (&'static str, &'static str, &'static str) {
    match decision {
        Some(Decision::Allow) => ("\u{2713}", "Allow", "ok"),
        Some(Decision::ExplicitDeny) => ("\u{2715}", "Explicit deny", "deny"),
        Some(Decision::ImplicitDeny) => ("\u{2298}", "Implicit deny", "implicit"),
        None => ("!", "Not evaluated", "invalid"),
    }
}

/// Text with `backticked` parts shown as code (as text nodes: nothing is parsed as HTML).
pub fn ticks(text: &str) -> yew::Html {
    use yew::html;
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{part.to_owned()}</code> }
            } else {
                html! { {part.to_owned()} }
            }
        })
        .collect()
}

/// Text with `backticked` parts as plain text, for accessible names and tooltips, which cannot show code.
#[must_use]
pub fn plain(text: &str) -> String {
    text.replace('`', "")
}

/// A callback that sends `make(value)` to the reducer (the todomvc `make_callback` pattern).
pub fn send<T: 'static>(dispatch: &Dispatch, make: impl Fn(T) -> Action + 'static) -> Callback<T> {
    let dispatch = dispatch.clone();
    Callback::from(move |value: T| dispatch.dispatch(make(value)))
}

/// The value of the input or textarea an event came from.
#[must_use]
pub fn input_value(e: &yew::InputEvent) -> String {
    use wasm_bindgen::JsCast;
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(area) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return area.value();
    }
    target
        .dyn_ref::<web_sys::HtmlInputElement>()
        .map(web_sys::HtmlInputElement::value)
        .unwrap_or_default()
}

/// The value of the select an event came from.
#[must_use]
pub fn select_value(e: &yew::Event) -> String {
    use wasm_bindgen::JsCast;
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

/// Whether the checkbox an event came from is checked.
#[must_use]
pub fn checked(e: &yew::Event) -> bool {
    use wasm_bindgen::JsCast;
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// Moves the keyboard focus to the element with this id (and so scrolls it into view).
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = gloo::utils::document().get_element_by_id(id)
        && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = el.focus();
    }
}

/// Once the page has re-rendered, moves the keyboard focus to the element with id `to` if it fell out of
/// the app: the control that had it was removed (an applied fix) or disabled itself (Undo with nothing
/// left to undo), and a keyboard user would otherwise start again from the top of the page.
pub fn refocus_if_lost(to: &'static str) {
    // Yew renders in a microtask after a dispatch; a zero timeout runs after it.
    gloo::timers::callback::Timeout::new(0, move || {
        let document = gloo::utils::document();
        let lost = match document.active_element() {
            None => true,
            Some(active) => {
                document.body().is_some_and(|body| *body == active) || active.matches(":disabled").unwrap_or(false)
            }
        };
        if lost {
            focus_by_id(to);
        }
    })
    .forget();
}
