//! The presenter view's keys: a presentation clicker sends Page Down / Page Up (or the arrow keys), and
//! Escape leaves the view, as in slide software.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::Dispatch;
use crate::state::{Action, DeckAction};

/// While the presenter view shows slide `current` of `count` (`None`: not presenting), moves between
/// slides and leaves the view from the keyboard, wherever the focus is.
#[hook]
pub fn use_presenter_keys(dispatch: &Dispatch, presenting: Option<(usize, usize)>) {
    let dispatch = dispatch.clone();
    use_effect_with(presenting, move |presenting| {
        let listener = presenting.map(|(current, count)| {
            // Not passive: the keys must not also scroll the page.
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&gloo::utils::window(), "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                let action = match e.key().as_str() {
                    "ArrowRight" | "PageDown" if current + 1 < count => DeckAction::Go(current + 1),
                    "ArrowLeft" | "PageUp" if current > 0 => DeckAction::Go(current - 1),
                    "Escape" => DeckAction::SetPresenter(false),
                    _ => return,
                };
                e.prevent_default();
                dispatch.dispatch(Action::Deck(action));
            })
        });
        move || drop(listener)
    });
}
