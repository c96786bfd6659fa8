//! The first verdict before the rest of the page: the page's first render holds the verdict, the
//! second (one frame later) the inputs and the results, which take most of the DOM, style and layout.

use gloo::render::request_animation_frame;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

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
