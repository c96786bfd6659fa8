//! The size an element is drawn at, for SVG text that must stay readable whatever the map's scale.

use gloo::events::EventListener;
use yew::prelude::*;

/// The width and height in CSS pixels of the element `node` points to, measured after each render
/// that changes `key` and on every window resize; `None` until measured (or while it is not rendered).
#[hook]
pub fn use_drawn_size<K: PartialEq + Clone + 'static>(node: &NodeRef, key: K) -> Option<(f64, f64)> {
    let size = use_state_eq(|| None::<(f64, f64)>);
    let measure = {
        let node = node.clone();
        let size = size.clone();
        move || {
            let drawn = node.cast::<web_sys::Element>().map(|e| {
                let r = e.get_bounding_client_rect();
                (r.width(), r.height())
            });
            size.set(drawn.filter(|(w, h)| *w > 0.0 && *h > 0.0));
        }
    };
    {
        let measure = measure.clone();
        use_effect_with(key, move |_| measure());
    }
    use_effect_with((), move |()| {
        let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| measure());
        move || drop(listener)
    });
    *size
}
