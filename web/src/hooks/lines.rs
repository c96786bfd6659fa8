//! Which lines of a policy its editor draws: at the size of an organization a policy runs to hundreds of
//! lines, and the highlighted copy under the text area costs layout and paint on every keystroke for
//! each line it holds. The lines in view of the editor's scroll area are measured on scroll, on resize
//! and when the page is printed (then every line is drawn).

use std::ops::Range;
use std::rc::Rc;

use gloo::events::EventListener;
use yew::prelude::*;

use crate::highlight::{Scrolled, shown_lines};

/// The lines an editor's area shows before it scrolls (`max-height` of `.editor-scroll` in style.css).
const AREA_LINES: usize = 18;

/// The lines of a text of `count` lines to draw in the editor whose scroll area `scroller` points to.
#[hook]
pub fn use_shown_lines(scroller: &NodeRef, count: usize) -> Range<usize> {
    let scrolled = use_state_eq(|| None::<Scrolled>);
    let printing = use_state_eq(|| false);
    let measure = {
        let scroller = scroller.clone();
        let scrolled = scrolled.clone();
        Rc::new(move || {
            scrolled.set(
                scroller
                    .cast::<web_sys::Element>()
                    .and_then(|area| where_scrolled(&area)),
            )
        })
    };
    {
        let measure = Rc::clone(&measure);
        use_effect_with(count, move |_| measure());
    }
    {
        let scroller = scroller.clone();
        let printing = printing.clone();
        use_effect_with((), move |()| {
            let window = gloo::utils::window();
            let mut listeners = Vec::new();
            if let Some(area) = scroller.cast::<web_sys::Element>() {
                let measure = Rc::clone(&measure);
                listeners.push(EventListener::new(&area, "scroll", move |_| measure()));
            }
            listeners.push(EventListener::new(&window, "resize", move |_| measure()));
            // Printing draws every line: `beforeprint` comes while the screen's styles still apply,
            // and a print media query also covers a page printed without that event (emulated media).
            for (event, value) in [("beforeprint", true), ("afterprint", false)] {
                let printing = printing.clone();
                listeners.push(EventListener::new(&window, event, move |_| printing.set(value)));
            }
            if let Ok(Some(print)) = window.match_media("print") {
                let query = print.clone();
                let printing = printing.clone();
                listeners.push(EventListener::new(&print, "change", move |_| {
                    printing.set(query.matches())
                }));
            }
            move || drop(listeners)
        });
    }
    if *printing {
        0..count
    } else {
        shown_lines(*scrolled, count, AREA_LINES)
    }
}

/// Where the scroll area `area` stands, with the line height of the highlighted copy inside it; `None`
/// while it is not laid out (hidden).
fn where_scrolled(area: &web_sys::Element) -> Option<Scrolled> {
    if area.client_height() == 0 {
        return None;
    }
    let copy = area.query_selector(".hl").ok()??;
    Some(Scrolled {
        top: f64::from(area.scroll_top()),
        seen: f64::from(area.client_height()),
        total: f64::from(area.scroll_height()),
        line: pixels(&copy, "line-height")?,
    })
}

/// A computed length of `element` in CSS pixels, such as its `line-height`.
pub fn pixels(element: &web_sys::Element, property: &str) -> Option<f64> {
    let style = gloo::utils::window().get_computed_style(element).ok()??;
    // The browser's own parseFloat: Rust's would bring its tables, about 10 KB of the gzipped page.
    let value = js_sys::parse_float(style.get_property_value(property).ok()?.strip_suffix("px")?);
    value.is_finite().then_some(value)
}
