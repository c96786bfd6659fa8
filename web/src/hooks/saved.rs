//! What survives a reload: the inputs as typed and the theme.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::Inputs;
use crate::state::Theme;
use crate::storage;

/// Saves the inputs whenever they change.
#[hook]
pub fn use_saved_inputs(inputs: &Rc<Inputs>) {
    use_effect_with(Rc::clone(inputs), |inputs| storage::save_inputs(inputs));
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
