//! The share panel while typing: the link and the ticket are written with the slower results, after the
//! frame, and say they are being updated until then.

use std::rc::Rc;

use crisscross_core::share;
use yew::Reducible;

use super::{DENY, scp_text, start};
use crate::state::{Action, Settling};

/// With the share panel open, a keystroke does not write the link again: the panel keeps the last link,
/// marked as being updated, until the first slower results of the edit write the edited scenario's link
/// and a ticket with its fixes. The results that follow do not write them a third time.
#[test]
fn an_edit_marks_the_share_link_stale_until_the_fixes_of_the_edit_are_found() {
    let state = start().reduce(Action::Settle(1)).reduce(Action::ShowShare(true));
    let before = Rc::clone(state.share.as_ref().expect("the panel is open"));
    assert!(!state.share_stale());

    let typed = scp_text(&state).replacen("GRREGIONDENY", "GRREGIONDENYX", 1);
    let state = state.reduce(Action::EditPolicy(DENY, typed));
    let during = Rc::clone(state.share.as_ref().expect("the panel is still open"));
    assert!(state.share_stale(), "the panel says the link is being updated");
    assert_eq!(during.url, before.url, "the keystroke does not write the link");

    let mut settling = Settling::new(&state);
    let mut ahead = None;
    while settling.step() {
        ahead = ahead.or_else(|| settling.fixes_ahead());
    }
    let state = state.reduce(Action::Settled(Rc::new(ahead.expect("fixes ahead of the hints"))));
    let after = Rc::clone(state.share.as_ref().expect("the panel is still open"));
    assert!(!state.share_stale());
    let carried = share::decode(&after.url).expect("a link that opens").scenario;
    assert!(carried.to_json().contains("GRREGIONDENYX"), "the link holds the edit");
    let (markdown, _) = after.tickets.as_ref().expect("verdicts shown, so the ticket is too");
    assert!(markdown.contains("GRREGIONDENYX") && markdown.contains(&after.url));

    let state = state.reduce(Action::Settled(Rc::new(settling.finish())));
    assert!(Rc::ptr_eq(state.share.as_ref().unwrap(), &after));
}

/// The ticket names the scenario on the page by its ID, whether the link is minified or not: a minified
/// link carries another scenario, with an ID of its own, which the panel shows beside the link.
#[test]
fn the_ticket_names_the_scenario_on_the_page_by_its_id_minified_link_or_not() {
    let state = start().reduce(Action::ShowShare(true));
    let id = share::scenario_id(&state.derived.scenario);
    for minify in [false, true] {
        let state = Rc::clone(&state).reduce(Action::SetShareMinify(minify));
        let view = state.share.as_ref().expect("the panel is open");
        let (markdown, plain) = view.tickets.as_ref().expect("verdicts shown, so the ticket is too");
        assert!(markdown.contains(&id) && plain.contains(&id), "minify {minify}");
        assert_eq!(view.id == id, !minify, "minify {minify}: the link's ID is {}", view.id);
    }
}
