//! The slower results (fix suggestions, hints, the matrix), computed after every edit in slices shorter
//! than a frame, so that typing never waits for them; an edit drops the slices under way and starts
//! again.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{MessageChannel, MessageEvent};
use yew::prelude::*;

use super::Dispatch;
use crate::state::{Action, PlaygroundState, Settling};

/// Longest slice of work between two chances for the page to handle a keystroke and paint.
const SLICE_MS: f64 = 8.0;

/// Runs [`Settling`] for the current revision when the slower results are missing or stale.
#[hook]
pub fn use_settle(state: &PlaygroundState, dispatch: &Dispatch) {
    let dispatch = dispatch.clone();
    let deps = (state.revision, state.matrix_open, state.needs_settle());
    let state = state.clone();
    use_effect_with(deps, move |(_, _, needed)| {
        let running = needed.then(|| Slices::start(Settling::new(&state), dispatch));
        move || drop(running)
    });
}

/// A [`Settling`] run one slice per message through a `MessageChannel`: unlike nested timeouts, a
/// message is not delayed by the browser's 4 ms clamp, and input events still go first.
struct Slices {
    channel: MessageChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Slices {
    fn start(job: Settling, dispatch: Dispatch) -> Option<Self> {
        let channel = MessageChannel::new().ok()?;
        let job = Rc::new(RefCell::new(Some(job)));
        let again = channel.port2();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| {
            let (done, ahead) = match job.borrow_mut().as_mut() {
                Some(running) => {
                    let done = running.run_for(SLICE_MS);
                    (done, if done { None } else { running.fixes_ahead() })
                }
                None => return,
            };
            if let Some(ahead) = ahead {
                dispatch.dispatch(Action::Settled(Rc::new(ahead)));
            }
            if done {
                if let Some(finished) = job.borrow_mut().take() {
                    dispatch.dispatch(Action::Settled(Rc::new(finished.finish())));
                }
            } else {
                let _ = again.post_message(&wasm_bindgen::JsValue::NULL);
            }
        });
        channel.port1().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        channel.port2().post_message(&wasm_bindgen::JsValue::NULL).ok()?;
        Some(Self {
            channel,
            _on_message: on_message,
        })
    }
}

impl Drop for Slices {
    fn drop(&mut self) {
        self.channel.port1().set_onmessage(None);
        self.channel.port1().close();
        self.channel.port2().close();
    }
}
