//! What survives a reload: the inputs as typed, the drafts and the theme.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::model::Inputs;
use crate::state::{Draft, Theme};
use crate::storage;

/// Pause after an edit before the inputs are saved: serializing an organization's policies on every
/// keystroke would slow typing. Leaving or hiding the page saves at once, so a reload loses nothing.
const SAVE_AFTER_MS: u32 = 250;

/// Saves the inputs once the user pauses, and whenever the page is hidden or left.
#[hook]
pub fn use_saved_inputs(inputs: &Rc<Inputs>) {
    let unsaved: Rc<RefCell<Option<Rc<Inputs>>>> = use_mut_ref(|| None);
    {
        let unsaved = Rc::clone(&unsaved);
        use_effect_with((), move |()| {
            let flush = move |_: &web_sys::Event| {
                if let Some(inputs) = unsaved.borrow_mut().take() {
                    storage::save_inputs(&inputs);
                }
            };
            let window = gloo::utils::window();
            let document = gloo::utils::document();
            let listeners = [
                EventListener::new(&window, "pagehide", flush.clone()),
                EventListener::new(&document, "visibilitychange", flush),
            ];
            move || drop(listeners)
        });
    }
    use_effect_with(Rc::clone(inputs), move |inputs| {
        *unsaved.borrow_mut() = Some(Rc::clone(inputs));
        let timer = Timeout::new(SAVE_AFTER_MS, move || {
            if let Some(inputs) = unsaved.borrow_mut().take() {
                storage::save_inputs(&inputs);
            }
        });
        move || drop(timer)
    });
}

/// Saves the drafts as soon as they change: a draft holds work the page just replaced.
#[hook]
pub fn use_saved_drafts(drafts: &Rc<Vec<Draft>>) {
    use_effect_with(Rc::clone(drafts), |drafts| storage::save_drafts(drafts));
}

/// Applies the theme to the page and saves it.
#[hook]
pub fn use_theme(theme: Theme) {
    use_effect_with(theme, |theme| {
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.set_attribute("data-theme", theme.as_str());
        }
        storage::save_theme(*theme);
    });
}
