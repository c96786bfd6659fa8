//! Workshops: opening a deck, predicting, revealing, moving between slides.

use crisscross_core::evaluate::Decision;
use yew::Reducible;

use super::start;
use crate::model::Inputs;
use crate::state::{Action, DeckAction, SHIPPED_DECK};

fn deck(action: DeckAction) -> Action {
    Action::Deck(action)
}

fn open_shipped() -> std::rc::Rc<crate::state::PlaygroundState> {
    start().reduce(deck(DeckAction::Open {
        text: SHIPPED_DECK.into(),
        source: "decks/intro.json".into(),
    }))
}

#[test]
fn opening_a_deck_loads_the_first_slide_with_the_verdicts_hidden() {
    let before = start();
    let state = open_shipped();
    let session = state.deck.as_ref().unwrap();
    assert_eq!(session.current, 0);
    assert!(state.bench.predict, "the verdicts are hidden until the reveal");
    assert_eq!(*state.inputs, Inputs::from_scenario(&session.deck.slides[0].scenario));
    assert!(state.notice.as_ref().unwrap().text.contains("5 slides"));
    assert!(session.link.as_ref().unwrap().starts_with("#deck.v1.d."));
    let undone = state.reduce(Action::Undo);
    assert_eq!(undone.inputs, before.inputs, "Undo brings back what was there");
}

#[test]
fn predictions_count_once_revealed_and_are_then_frozen() {
    let state = open_shipped();
    let state = state.reduce(deck(DeckAction::Predict(0, Some(Decision::Allow))));
    let state = state.reduce(deck(DeckAction::Predict(2, Some(Decision::ImplicitDeny))));
    assert_eq!(state.deck.as_ref().unwrap().score().scored(), 0);
    let state = state.reduce(deck(DeckAction::Reveal));
    assert!(!state.bench.predict);
    let score = state.deck.as_ref().unwrap().score();
    assert_eq!((score.right(), score.scored()), (1, 4));
    let after = state
        .clone()
        .reduce(deck(DeckAction::Predict(2, Some(Decision::ExplicitDeny))));
    assert!(
        std::rc::Rc::ptr_eq(&after, &state),
        "a revealed slide keeps its predictions"
    );
}

#[test]
fn slides_remember_whether_they_were_revealed() {
    let state = open_shipped().reduce(deck(DeckAction::Reveal));
    let state = state.reduce(deck(DeckAction::Go(1)));
    let session = state.deck.as_ref().unwrap();
    assert_eq!(*state.inputs, Inputs::from_scenario(&session.deck.slides[1].scenario));
    assert!(state.bench.predict);
    let state = state.reduce(deck(DeckAction::Go(0)));
    assert!(!state.bench.predict, "slide 1 was revealed");
    let same = state.clone().reduce(deck(DeckAction::Go(9)));
    assert!(std::rc::Rc::ptr_eq(&same, &state));
}

#[test]
fn a_bad_deck_changes_nothing_and_says_where() {
    let before = start();
    let text = SHIPPED_DECK.replace("crisscross-deck/1", "crisscross-deck/3");
    let state = before.clone().reduce(deck(DeckAction::Open {
        text,
        source: "a file".into(),
    }));
    assert!(state.deck.is_none());
    assert_eq!(state.inputs, before.inputs);
    let notice = state.notice.as_ref().unwrap();
    assert!(notice.error);
    assert!(notice.text.contains("line 2, column 13"), "{}", notice.text);
    assert!(notice.text.contains("newer"), "{}", notice.text);
}

#[test]
fn a_deck_link_opens_and_the_presenter_view_and_closing_work() {
    let link = open_shipped().deck.as_ref().unwrap().link.clone().unwrap();
    let state = start().reduce(deck(DeckAction::OpenLink(format!("http://127.0.0.1:8080/{link}"))));
    assert_eq!(state.deck.as_ref().unwrap().deck.slides.len(), 5);
    let state = state.reduce(deck(DeckAction::SetPresenter(true)));
    assert!(state.deck.as_ref().unwrap().presenter);
    let state = state.reduce(deck(DeckAction::Close));
    assert!(state.deck.is_none() && !state.bench.predict);
}

#[test]
fn progress_kept_for_a_reload_is_taken_up() {
    let state = open_shipped().reduce(deck(DeckAction::Predict(0, Some(Decision::Allow))));
    let state = state.reduce(deck(DeckAction::Reveal)).reduce(deck(DeckAction::Go(2)));
    let progress = state.deck.as_ref().unwrap().progress();
    // Kept as JSON in the tab, then read back.
    let progress: crate::state::Progress = serde_json::from_str(&serde_json::to_string(&progress).unwrap()).unwrap();

    // The same deck opened again from ?deck=: back to slide 3, slide 1 still revealed.
    let reopened = open_shipped().reduce(deck(DeckAction::Resume(Box::new(progress.clone()))));
    let session = reopened.deck.as_ref().unwrap();
    assert_eq!(session.current, 2);
    assert_eq!(
        *reopened.inputs,
        Inputs::from_scenario(&session.deck.slides[2].scenario)
    );
    assert_eq!((session.score().right(), session.score().scored()), (1, 4));
    assert!(reopened.bench.predict);
    assert!(reopened.notice.as_ref().unwrap().text.contains("slide 3, 1 revealed"));

    // No deck open: the deck comes back over the inputs the page kept, which stay as they are.
    let plain = start();
    let resumed = plain
        .clone()
        .reduce(deck(DeckAction::Resume(Box::new(progress.clone()))));
    assert_eq!(resumed.deck.as_ref().unwrap().current, 2);
    assert_eq!(resumed.inputs, plain.inputs);

    // Another deck open wins.
    let mut other = progress;
    other.deck.title = "Another deck".into();
    let same = open_shipped();
    assert!(std::rc::Rc::ptr_eq(
        &same.clone().reduce(deck(DeckAction::Resume(Box::new(other)))),
        &same
    ));
}
