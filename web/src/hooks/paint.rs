//! What is painted first. On opening, the page's first render holds the verdict, the second (one frame
//! later) the inputs and the results, which take most of the DOM, style and layout. On a keystroke, the
//! panels below the hops follow the frame that shows the text, the verdict and the hops.

use std::rc::Rc;

use gloo::render::{AnimationFrame, request_animation_frame};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::state::PlaygroundState;

/// False for the page's first render, true once that render has been painted.
#[hook]
pub fn use_first_paint_done() -> bool {
    let done = use_state(|| false);
    {
        let done = done.clone();
        use_effect_with((), move |()| {
            let frame = request_animation_frame(move |_| {
                // A timer set while a frame is being produced fires after that frame is painted.
                Timeout::new(0, move || done.set(true)).forget();
            });
            move || drop(frame)
        });
    }
    use_effect_with(*done, |done| {
        // Browser tests and benchmarks wait for this: the whole page is rendered and running.
        if *done {
            let _ = gloo::utils::document_element().set_attribute("data-ready", "true");
        }
    });
    *done
}

/// The state the panels below the hops show: `state`, or after a keystroke in a field (see
/// [`PlaygroundState::typed`]), the state they showed until the frame under way has been painted; the
/// page then renders again and they catch up. A keystroke's frame so carries the text, the verdict and
/// the hops, and the explanation, fixes, matrix, expectations and diff follow in the next frame. The
/// state is copied only when they catch up, not on the keystroke.
#[hook]
pub fn use_state_after_paint(state: &PlaygroundState) -> Rc<PlaygroundState> {
    let shown = use_mut_ref(|| Rc::new(state.clone()));
    let frame = use_mut_ref(|| None::<AnimationFrame>);
    let due = use_mut_ref(|| false);
    let render = use_force_update();
    let catch_up = std::mem::take(&mut *due.borrow_mut());
    if shown.borrow().change != state.change {
        if !state.typed || catch_up {
            *shown.borrow_mut() = Rc::new(state.clone());
            // A later render is no longer needed.
            frame.borrow_mut().take();
        } else if frame.borrow().is_none() {
            let pending = Rc::clone(&frame);
            *frame.borrow_mut() = Some(request_animation_frame(move |_| {
                Timeout::new(0, move || {
                    // Unless a render since has caught up.
                    if pending.borrow_mut().take().is_some() {
                        *due.borrow_mut() = true;
                        render.force_update();
                    }
                })
                .forget();
            }));
        }
    }
    Rc::clone(&shown.borrow())
}
