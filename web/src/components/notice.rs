//! The notice under the verdict: what an action did, or why it did nothing.

use yew::prelude::*;

use super::send;
use crate::hooks::use_dispatch;
use crate::state::{Action, Notice};

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
    html! {
        <div class={classes!("notice", notice.error.then_some("error"))} role={if notice.error { "alert" } else { "status" }}>
            <span aria-hidden="true">{if notice.error { "\u{2716} " } else { "\u{2139} " }}</span>
            {super::ticks(&notice.text)}
            <button type="button" class="icon-button" onclick={dismiss} aria-label="Dismiss">{"\u{2715}"}</button>
        </div>
    }
}
