//! The user's own work: the note that a changed example's description and expectations no longer
//! describe it.

use yew::prelude::*;

use super::send;
use crate::hooks::use_dispatch;
use crate::state::Action;

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
    let restore = send(&dispatch, |_: MouseEvent| Action::RestoreExampleExpectations);
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
