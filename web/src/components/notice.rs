//! The notice under the verdict: what an action did, or why it did nothing.

use yew::prelude::*;

use super::send;
use crate::hooks::use_dispatch;
use crate::state::{Action, Notice};

/// The notice's element id, for moving the keyboard focus to what an action did.
pub const NOTICE_ID: &str = "notice";

/// Props of [`NoticeBar`].
#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    /// The notice, if any.
    pub notice: Option<Notice>,
}

/// The notice, with a button to dismiss it.
#[component]
pub fn NoticeBar(props: &NoticeBarProps) -> Html {
    let dispatch = use_dispatch();
    let Some(notice) = &props.notice else {
        return html! {};
    };
    let dismiss = send(&dispatch, |_: MouseEvent| Action::DismissNotice);
    // The notice that replaces this one (what was restored) keeps the focus its button had.
    let restore = |id: u64| {
        send(&dispatch, move |_: MouseEvent| {
            super::refocus_if_lost(NOTICE_ID);
            Action::RestoreDraft(id)
        })
    };
    html! {
        <div id={NOTICE_ID} tabindex="-1" class={classes!("notice", notice.error.then_some("error"))} role={if notice.error { "alert" } else { "status" }}>
            <span aria-hidden="true">{if notice.error { "\u{2716} " } else { "\u{2139} " }}</span>
            {super::ticks(&notice.text)}
            if let Some(id) = notice.draft {
                <button type="button" class="linkish" onclick={restore(id)}>{"Restore it"}</button>
            }
            <button type="button" class="icon-button" onclick={dismiss} aria-label="Dismiss">{"\u{2715}"}</button>
        </div>
    }
}
