//! A deck link pasted into the address bar of the open page opens the deck.

use gloo::events::EventListener;
use yew::prelude::*;

use super::Dispatch;
use crate::deck_source;
use crate::state::{Action, DeckAction};

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
