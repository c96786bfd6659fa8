//! The user's own work: the drafts kept when something was loaded over it, and the note that a changed
//! example's description and expectations no longer describe it.

use std::rc::Rc;

use yew::prelude::*;

use super::send;
use crate::hooks::use_dispatch;
use crate::state::{Action, Draft};

/// Props of [`Drafts`].
#[derive(Properties, PartialEq)]
pub struct DraftsProps {
    /// The drafts, oldest first.
    pub drafts: Rc<Vec<Draft>>,
}

/// The drafts, newest first, each with a restore and a delete button.
#[component]
pub fn Drafts(props: &DraftsProps) -> Html {
    let dispatch = use_dispatch();
    if props.drafts.is_empty() {
        return html! {};
    }
    let items = props.drafts.iter().rev().map(|d| {
        let id = d.id;
        // The button goes away with the draft; the notice that says what was restored takes the focus.
        let restore = send(&dispatch, move |_: MouseEvent| {
            super::refocus_if_lost(super::notice::NOTICE_ID);
            Action::RestoreDraft(id)
        });
        let delete = send(&dispatch, move |_: MouseEvent| Action::DeleteDraft(id));
        html! {
            <li data-draft={id.to_string()}>
                <button type="button" class="draft" onclick={restore} title="Restore this draft; what is on the page now is kept as a draft if it is yours">
                    {format!("\u{21BA} {}", d.name)}
                </button>
                <button type="button" class="icon-button" onclick={delete} aria-label={format!("Delete the draft {}", d.name)}>{"\u{2715}"}</button>
            </li>
        }
    });
    html! {
        <nav class="gallery drafts" aria-label="Your drafts">
            <span class="gallery-label">{"Drafts:"}</span>
            <ul>{for items}</ul>
        </nav>
    }
}

/// Props of [`ChangedExample`].
#[derive(Properties, PartialEq)]
pub struct ChangedExampleProps {
    /// The example's title.
    pub title: AttrValue,
    /// How many expectations of the example were set aside, if they were.
    pub set_aside: Option<usize>,
}

/// "Your scenario, changed from the example ...": what no longer applies, and a way to check the
/// example's expectations anyway.
#[component]
pub fn ChangedExample(props: &ChangedExampleProps) -> Html {
    let dispatch = use_dispatch();
    // The button goes away once the expectations are back; the notice that says so takes the focus.
    let restore = send(&dispatch, |_: MouseEvent| {
        super::refocus_if_lost(super::notice::NOTICE_ID);
        Action::RestoreExampleExpectations
    });
    html! {
        <p class="changed-example small" id="changed-example">
            {format!("Your scenario, changed from the example \u{201c}{}\u{201d}: its description no longer applies", props.title)}
            if let Some(count) = props.set_aside {
                {format!(", and its {count} expectation{} were set aside, since they describe the example, not your version. ", if count == 1 { "" } else { "s" })}
                <button type="button" class="linkish small" onclick={restore}>{"Check your version against them"}</button>
            } else {
                {"."}
            }
        </p>
    }
}
