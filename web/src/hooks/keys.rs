//! Keyboard shortcuts: Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (Cmd on macOS).

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::Dispatch;
use crate::state::Action;

/// Undo and redo from anywhere on the page. The listener is on the document, not on the app, because
/// focus falls to the body when the focused control goes away (an applied fix, a disabled Undo button),
/// and the shortcuts must still work then.
#[hook]
pub fn use_undo_keys(dispatch: &Dispatch) {
    let dispatch = dispatch.clone();
    use_effect_with((), move |()| {
        let listener = EventListener::new_with_options(
            &gloo::utils::document(),
            "keydown",
            // Not passive: the browser's own undo in a text field must not run as well.
            EventListenerOptions::enable_prevent_default(),
            move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if let Some(action) = undo_action(e) {
                    e.prevent_default();
                    dispatch.dispatch(action);
                }
            },
        );
        move || drop(listener)
    });
}

/// The undo or redo a key press asks for, if any.
fn undo_action(e: &KeyboardEvent) -> Option<Action> {
    if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
        return None;
    }
    match e.key().to_ascii_lowercase().as_str() {
        "z" if e.shift_key() => Some(Action::Redo),
        "z" => Some(Action::Undo),
        "y" => Some(Action::Redo),
        _ => None,
    }
}
