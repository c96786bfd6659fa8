//! The slower results (fix suggestions, hints, the matrix), asked for once the user pauses.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::Dispatch;
use crate::state::{Action, PlaygroundState};

/// How long the user must pause before fix suggestions and the matrix are computed. They take one to two
/// hundred milliseconds on the main thread, so they wait for a real pause in typing.
const SETTLE_MS: u32 = 600;

/// Sends [`Action::Settle`] for the current revision after a pause, when the settled results are missing
/// or stale; an edit within the pause starts it again.
#[hook]
pub fn use_settle(state: &PlaygroundState, dispatch: &Dispatch) {
    let dispatch = dispatch.clone();
    let deps = (state.revision, state.matrix_open, state.needs_settle());
    use_effect_with(deps, move |(revision, _, needs)| {
        let revision = *revision;
        let timer = needs.then(|| Timeout::new(SETTLE_MS, move || dispatch.dispatch(Action::Settle(revision))));
        move || drop(timer)
    });
}
