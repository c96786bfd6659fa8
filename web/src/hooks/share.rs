//! The share panel's link and ticket, written in a task of their own once they are due.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::Dispatch;
use crate::state::{Action, PlaygroundState};

/// Writes the open share panel's link and ticket when they are due ([`PlaygroundState::share_due`]),
/// in a task after the one that brought the fixes: at the quotas, writing them takes most of a frame.
#[hook]
pub fn use_share_writer(state: &PlaygroundState, dispatch: &Dispatch) {
    let dispatch = dispatch.clone();
    use_effect_with(state.share_due(), move |due| {
        let writing = due.map(|revision| Timeout::new(0, move || dispatch.dispatch(Action::WriteShare(revision))));
        move || drop(writing)
    });
}
