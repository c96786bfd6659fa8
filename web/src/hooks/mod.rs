//! Hooks: the reducer's dispatcher, provided once by [`crate::App`] and read by any component, and what
//! the page does besides rendering (saving, the address bar, timers, shortcuts), one hook each.

use yew::prelude::*;

use crate::state::PlaygroundState;

mod deck_link;
mod keys;
mod lines;
mod link;
mod paint;
mod presenter_keys;
mod saved;
mod settle;
mod share;
mod size;

pub use deck_link::{use_deck_link_listener, use_saved_deck};
pub use keys::use_undo_keys;
pub use lines::{pixels, use_shown_lines};
pub use link::{use_address_bar_link, use_link_listener, use_opened_link_cleared};
pub use paint::{use_first_paint_done, use_state_after_paint};
pub use presenter_keys::use_presenter_keys;
pub use saved::{use_saved_drafts, use_saved_inputs, use_theme};
pub use settle::use_settle;
pub use share::use_share_writer;
pub use size::use_drawn_size;

/// Sends actions to the page's reducer.
pub type Dispatch = UseReducerDispatcher<PlaygroundState>;

/// The dispatcher [`crate::App`] provides to every component.
#[hook]
pub fn use_dispatch() -> Dispatch {
    use_context::<Dispatch>().expect("components are rendered inside App, which provides the dispatcher")
}
