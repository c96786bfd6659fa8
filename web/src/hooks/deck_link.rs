//! A deck link pasted into the address bar of the open page opens the deck, and the open deck's
//! progress is kept for a reload.

use std::rc::Rc;

use gloo::events::EventListener;
use yew::prelude::*;

use super::Dispatch;
use crate::deck_source;
use crate::state::{Action, DeckAction, DeckSession};

/// Keeps the open deck's progress whenever it changes (predictions, reveals and moves are clicks, so
/// there is no typing to wait for), and forgets it when the deck is closed.
#[hook]
pub fn use_saved_deck(session: &Option<Rc<DeckSession>>) {
    use_effect_with(session.clone(), |session| {
        deck_source::save_progress(session.as_deref().map(DeckSession::progress).as_ref());
    });
}

/// Opens a deck link pasted into the address bar.
#[hook]
pub fn use_deck_link_listener(dispatch: &Dispatch) {
    let dispatch = dispatch.clone();
    use_effect_with((), move |()| {
        let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
            if let Some(link) = deck_source::take_link() {
                dispatch.dispatch(Action::Deck(DeckAction::OpenLink(link)));
            }
        });
        move || drop(listener)
    });
}
