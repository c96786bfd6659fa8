//! The share panel while typing: the link and the ticket are written once the fixes of the edit are
//! known, in a task of their own, and say they are being updated until then.

use std::rc::Rc;

use crisscross_core::share;
use yew::Reducible;

use super::{DENY, scp_text, start};
use crate::state::{Action, Settling};

/// With the share panel open, a keystroke does not write the link again: the panel keeps the last link,
/// marked as being updated. Once the first slower results of the edit bring its fixes, the link and a
/// ticket listing them fall due, and an action of their own writes them, in a task after the one that
/// brought the fixes. The results that follow do not write them again.
#[test]
fn an_edit_marks_the_share_link_stale_until_it_is_written_with_the_fixes_of_the_edit() {
    let state = start().reduce(Action::Settle(1)).reduce(Action::ShowShare(true));
    let before = Rc::clone(state.share.as_ref().expect("the panel is open"));
    assert!(!state.share_stale());
    assert_eq!(state.share_due(), None);

    let typed = scp_text(&state).replacen("GRREGIONDENY", "GRREGIONDENYX", 1);
    let state = state.reduce(Action::EditPolicy(DENY, typed));
    let during = Rc::clone(state.share.as_ref().expect("the panel is still open"));
    assert!(state.share_stale(), "the panel says the link is being updated");
    assert_eq!(during.url, before.url, "the keystroke does not write the link");
    assert_eq!(state.share_due(), None, "not before the fixes of the edit are known");

    let mut settling = Settling::new(&state);
    let mut ahead = None;
    while settling.step() {
        ahead = ahead.or_else(|| settling.fixes_ahead());
    }
    let ahead = ahead.expect("fixes ahead of the hints");
    let fix = ahead
        .fixes
        .first()
        .expect("the edited call is still denied")
        .title
        .clone();
    let state = state.reduce(Action::Settled(Rc::new(ahead)));
    assert!(
        state.share_stale(),
        "the task that brings the fixes does not also write the link"
    );
    assert_eq!(state.share_due(), Some(state.revision));

    // A write due for an earlier revision changes nothing.
    let unchanged = Rc::clone(&state).reduce(Action::WriteShare(state.revision - 1));
    assert!(Rc::ptr_eq(&unchanged, &state));

    let state = Rc::clone(&state).reduce(Action::WriteShare(state.revision));
    let after = Rc::clone(state.share.as_ref().expect("the panel is still open"));
    assert!(!state.share_stale());
    assert_eq!(state.share_due(), None);
    let carried = share::decode(&after.url).expect("a link that opens").scenario;
    assert!(carried.to_json().contains("GRREGIONDENYX"), "the link holds the edit");
    let (markdown, _) = after.tickets.as_ref().expect("verdicts shown, so the ticket is too");
    assert!(markdown.contains("GRREGIONDENYX") && markdown.contains(&after.url));
    assert!(markdown.contains(&fix), "the ticket lists the fixes of the edit");

    let state = state.reduce(Action::Settled(Rc::new(settling.finish())));
    assert!(Rc::ptr_eq(state.share.as_ref().unwrap(), &after));
    assert_eq!(state.share_due(), None);
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

/// A share panel opened while the fixes of the last edit are still being found says it is being
/// updated, and its ticket is written again once they are known, instead of keeping a ticket that says
/// there are none.
#[test]
fn a_panel_opened_before_the_fixes_are_known_is_written_again_with_them() {
    let state = start().reduce(Action::Settle(1));
    let typed = scp_text(&state).replacen("GRREGIONDENY", "GRREGIONDENYX", 1);
    let state = state
        .reduce(Action::EditPolicy(DENY, typed))
        .reduce(Action::ShowShare(true));
    assert!(state.share_stale(), "the ticket cannot list fixes not found yet");
    assert_eq!(state.share_due(), None);

    let mut settling = Settling::new(&state);
    while settling.step() {}
    let settled = settling.finish();
    let fix = settled
        .fixes
        .first()
        .expect("the edited call is still denied")
        .title
        .clone();
    let state = state.reduce(Action::Settled(Rc::new(settled)));
    let state = Rc::clone(&state).reduce(Action::WriteShare(state.revision));
    assert!(!state.share_stale());
    let (markdown, plain) = state.share.as_ref().unwrap().tickets.clone().expect("verdicts shown");
    assert!(
        markdown.contains(&fix) && plain.contains(&fix),
        "the ticket lists the fixes"
    );
}

/// With the share panel open, the address bar takes the panel's link instead of encoding the scenario a
/// second time: only a link written for the text on the page and not minified is the address bar's own.
#[test]
fn the_address_bar_takes_the_panels_link_only_when_it_is_the_link_of_the_page_as_it_is() {
    let state = start().reduce(Action::Settle(1));
    assert!(state.link_for_address_bar().is_none(), "the panel is closed");

    let state = state.reduce(Action::ShowShare(true));
    let view = state.link_for_address_bar().expect("the panel's link is the page's");
    let own = share::fragment(&state.derived.scenario, share::EncodeOptions { minify: false }).expect("a link");
    assert_eq!(
        view.fragment(),
        Some(own.as_str()),
        "the same link the address bar would write"
    );

    let minified = Rc::clone(&state).reduce(Action::SetShareMinify(true));
    assert!(minified.share.is_some());
    assert!(
        minified.link_for_address_bar().is_none(),
        "a minified link carries another scenario"
    );

    let typed = scp_text(&state).replacen("GRREGIONDENY", "GRREGIONDENYX", 1);
    let edited = state.reduce(Action::EditPolicy(DENY, typed));
    assert!(edited.share.is_some());
    assert!(
        edited.link_for_address_bar().is_none(),
        "the panel's link is of the text before the edit"
    );
}
