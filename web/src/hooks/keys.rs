//! Keyboard shortcuts: Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (Cmd on macOS).

use yew::prelude::*;

use super::Dispatch;
use crate::state::Action;

/// The page's key handler for undo and redo.
#[hook]
pub fn use_undo_keys(dispatch: &Dispatch) -> Callback<KeyboardEvent> {
    use_callback(dispatch.clone(), |e: KeyboardEvent, dispatch| {
        if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
            return;
        }
        let action = match e.key().to_ascii_lowercase().as_str() {
            "z" if e.shift_key() => Action::Redo,
            "z" => Action::Undo,
            "y" => Action::Redo,
            _ => return,
        };
        e.prevent_default();
        dispatch.dispatch(action);
    })
}
