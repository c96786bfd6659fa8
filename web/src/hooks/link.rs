//! The address bar as a share link: a link pasted into it opens, and it always holds the link of the
//! scenario on the page.

use std::cell::RefCell;
use std::rc::Rc;

use crisscross_core::scenario::Scenario;
use crisscross_core::share::{self, EncodeOptions};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::Dispatch;
use crate::state::{Action, ShareView};
use crate::{platform, storage};

/// Pause after the last edit before the address bar's link is rewritten: browsers limit how often
/// history may be rewritten (Safari allows about 50 times in 30 s).
const LINK_UPDATE_MS: u32 = 750;

/// Opens a share link pasted into the address bar of the open page.
#[hook]
pub fn use_link_listener(dispatch: &Dispatch) {
    let dispatch = dispatch.clone();
    use_effect_with((), move |()| {
        let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
            if let Some(link) = platform::take_link() {
                dispatch.dispatch(Action::OpenLink(link));
            }
        });
        move || drop(listener)
    });
}

/// Takes the link the page was opened with out of the address bar once the first frame is painted
/// (`painted`), as [`platform::take_link`] does at once for a link pasted later: rewriting history
/// before then delays the first verdict. Until the page writes the link of what it shows
/// ([`use_address_bar_link`]), the address bar then offers no link rather than a stale one.
#[hook]
pub fn use_opened_link_cleared(painted: bool) {
    let opened = use_memo((), |()| platform::read_link());
    use_effect_with(painted, move |painted| {
        // Not once the page has written another link there.
        if *painted && opened.is_some() && platform::read_link() == *opened {
            platform::clear_link();
        }
    });
}

/// Keeps the address bar a working link to the scenario on the page, rewritten once the user pauses.
/// `panel` is the open share panel's content when its link is this one
/// ([`link_for_address_bar`](crate::state::PlaygroundState::link_for_address_bar)): the link is then
/// taken from it, not encoded again.
#[hook]
pub fn use_address_bar_link(scenario: &Rc<Scenario>, panel: Option<Rc<ShareView>>) {
    // The panel writes its link after the edit, while the pause runs: it is looked up when the pause ends.
    let panel_now = use_mut_ref(|| None);
    *panel_now.borrow_mut() = panel;
    use_effect_with(Rc::clone(scenario), move |scenario| {
        let scenario = Rc::clone(scenario);
        // Writing the link into history is a task of its own: at the quotas, encoding the scenario and
        // rewriting history together would hold the main thread longer than a frame.
        let writing: Rc<RefCell<Option<Timeout>>> = Rc::default();
        let pending = Rc::clone(&writing);
        let encoding = Timeout::new(LINK_UPDATE_MS, move || {
            let written = panel_now
                .borrow()
                .as_ref()
                .and_then(|view| view.fragment().map(str::to_owned));
            if let Some(fragment) = written.or_else(|| share::fragment(&scenario, EncodeOptions { minify: false }).ok())
            {
                *pending.borrow_mut() = Some(Timeout::new(0, move || {
                    platform::show_link(&share::link_url(&platform::base_url(), &fragment));
                    storage::remember_shown_link(&fragment);
                }));
            }
        });
        move || {
            drop(encoding);
            drop(writing.borrow_mut().take());
        }
    });
}
