//! Where a workshop deck comes from when the page opens: a deck link in the address bar
//! (`#deck.v1.d.…`), or the file `?deck=` names, which `boot.js` reads before the page locks itself out
//! of the network (native builds, the unit tests, have neither); and the deck's progress, which the tab
//! keeps across a reload.

use gloo::storage::{SessionStorage, Storage};

use crate::state::{DeckAction, Progress};

/// SessionStorage, not LocalStorage: a workshop belongs to the tab it is done in, and a new tab starts
/// afresh.
const PROGRESS_KEY: &str = "crisscross.deck-progress.v1";

/// The progress kept by this tab before the reload, if any.
#[must_use]
pub fn saved_progress() -> Option<Progress> {
    SessionStorage::get(PROGRESS_KEY).ok()
}

/// Keeps the progress of the open deck, or forgets it when the deck is closed (best effort: a full or
/// disabled storage only loses it on reload).
pub fn save_progress(progress: Option<&Progress>) {
    match progress {
        Some(progress) => {
            let _ = SessionStorage::set(PROGRESS_KEY, progress);
        }
        None => SessionStorage::delete(PROGRESS_KEY),
    }
}

/// The deck to open as the page starts, if any: a deck link wins over `?deck=`.
#[must_use]
pub fn pending() -> Option<DeckAction> {
    take_link().map(DeckAction::OpenLink).or_else(served)
}

/// A deck link in the address bar, taken out of it so that the scenario link the page writes there
/// next is not mistaken for it.
#[cfg(target_arch = "wasm32")]
#[must_use]
pub fn take_link() -> Option<String> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    if !crisscross_core::deck::link::is_deck_link(&hash) {
        return None;
    }
    crate::platform::clear_link();
    Some(hash)
}

/// Native builds have no address bar.
#[cfg(not(target_arch = "wasm32"))]
#[must_use]
pub fn take_link() -> Option<String> {
    None
}

/// What `boot.js` left in `globalThis.crisscrossDeck` for `?deck=`: `{source, text}` or `{source, error}`.
#[cfg(target_arch = "wasm32")]
fn served() -> Option<DeckAction> {
    let read = js_sys::Reflect::get(&js_sys::global(), &"crisscrossDeck".into()).ok()?;
    if read.is_undefined() || read.is_null() {
        return None;
    }
    let field = |name: &str| {
        js_sys::Reflect::get(&read, &name.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    let source = field("source").unwrap_or_default();
    Some(match field("text") {
        Some(text) => DeckAction::Open { text, source },
        None => DeckAction::Failed(field("error").unwrap_or_else(|| format!("{source} could not be read"))),
    })
}

/// Native builds have no loader.
#[cfg(not(target_arch = "wasm32"))]
fn served() -> Option<DeckAction> {
    None
}
