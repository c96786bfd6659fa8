//! What survives a reload: the inputs as typed, the drafts and the theme, in the browser's LocalStorage.

use gloo::storage::{LocalStorage, Storage};

use crate::model::Inputs;
use crate::state::{Draft, Theme};

const INPUTS_KEY: &str = "crisscross.inputs.v1";
const DRAFTS_KEY: &str = "crisscross.drafts.v1";
/// Also read by `web/boot.js`, for the header shown until the page has started.
const THEME_KEY: &str = "crisscross.theme";
const SHOWN_LINK_KEY: &str = "crisscross.shown-link";

/// The inputs saved by the last visit, if any.
#[must_use]
pub fn load_inputs() -> Option<Inputs> {
    LocalStorage::get(INPUTS_KEY).ok()
}

/// Saves the inputs (best effort: a full or disabled storage only loses persistence).
pub fn save_inputs(inputs: &Inputs) {
    let _ = LocalStorage::set(INPUTS_KEY, inputs);
}

/// The drafts kept by earlier visits.
#[must_use]
pub fn load_drafts() -> Vec<Draft> {
    LocalStorage::get(DRAFTS_KEY).unwrap_or_default()
}

/// Saves the drafts (best effort, as the inputs).
pub fn save_drafts(drafts: &[Draft]) {
    let _ = LocalStorage::set(DRAFTS_KEY, drafts);
}

/// Remembers the link the page last wrote into the address bar.
pub fn remember_shown_link(fragment: &str) {
    let _ = LocalStorage::set(SHOWN_LINK_KEY, fragment);
}

/// True when `fragment` is the link the page itself last wrote into the address bar: the saved inputs
/// are then as new as it, or newer (they are saved after a short pause and when the page is left, the link
/// after a longer pause).
#[must_use]
pub fn is_shown_link(fragment: &str) -> bool {
    LocalStorage::get::<String>(SHOWN_LINK_KEY).is_ok_and(|shown| shown == fragment)
}

/// The saved theme, or the system's preference.
#[must_use]
pub fn load_theme() -> Theme {
    if let Some(theme) = LocalStorage::get::<String>(THEME_KEY)
        .ok()
        .and_then(|t| Theme::parse(&t))
    {
        return theme;
    }
    let dark = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches());
    if dark { Theme::Dark } else { Theme::Light }
}

/// Saves the theme.
pub fn save_theme(theme: Theme) {
    let _ = LocalStorage::set(THEME_KEY, theme.as_str());
}
