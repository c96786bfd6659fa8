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

/// Longest slice of work between two chances for the page to handle a keystroke and paint. A slice also
/// ends after the step under way when input is waiting, where the browser can tell.
const SLICE_MS: f64 = 5.0;

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
/// message is not delayed by the browser's 4 ms clamp. Where the browser has the Prioritized Task
/// Scheduling API, each message is posted from a `background` task, so that input, timers and painting
/// (the frame after a keystroke, the first verdict) go before the next slice.
struct Slices {
    channel: MessageChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

/// Posts an empty message on `port` once the page has nothing more urgent to do, or at once where
/// `scheduler.postTask` is missing. The task is a bound `postMessage`, not a Rust closure, so a task
/// still queued when the slices are dropped only posts to a closed port.
fn post_when_idle(port: &web_sys::MessagePort) -> Option<()> {
    let idle = (|| {
        let scheduler = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into()).ok()?;
        let post_task = js_sys::Reflect::get(&scheduler, &"postTask".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let post_message = js_sys::Reflect::get(port, &"postMessage".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let task = post_message.bind1(port, &wasm_bindgen::JsValue::NULL);
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"priority".into(), &"background".into()).ok()?;
        post_task.call2(&scheduler, &task, &options).ok()
    })();
    match idle {
        Some(_) => Some(()),
        None => port.post_message(&wasm_bindgen::JsValue::NULL).ok(),
    }
}

impl Slices {
    fn start(job: Settling, dispatch: Dispatch) -> Option<Self> {
        let channel = MessageChannel::new().ok()?;
        let job = Rc::new(RefCell::new(Some(job)));
        let again = channel.port2();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| {
            let (done, ahead) = match job.borrow_mut().as_mut() {
                Some(running) => {
                    let done = running.run_for(SLICE_MS, crate::platform::input_pending);
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
                let _ = post_when_idle(&again);
            }
        });
        channel.port1().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        post_when_idle(&channel.port2())?;
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
