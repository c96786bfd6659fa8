//! "Jump to": one button per results panel, under the verdict, so that the checks, fixes, matrix,
//! expectations and diff are found without scrolling past every editor (on a phone the results come
//! after the inputs). Buttons, not links: the address bar's fragment holds the share link.

use yew::prelude::*;

/// Props of [`JumpTo`].
#[derive(Properties, PartialEq)]
pub struct JumpToProps {
    /// Whether the fix panel is shown (the call is denied).
    pub fixes: bool,
    /// Whether a check is explained.
    pub why: bool,
}

/// Moves the keyboard focus to a panel's heading, which scrolls it into view.
fn jump(id: &'static str) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        use wasm_bindgen::JsCast;
        if let Some(heading) = gloo::utils::document().get_element_by_id(id)
            && let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>()
        {
            // Headings are not focusable by default; -1 makes them focusable from script only.
            let _ = heading.set_attribute("tabindex", "-1");
            let _ = heading.focus();
        }
    })
}

/// The buttons.
#[component]
pub fn JumpTo(props: &JumpToProps) -> Html {
    let targets = [
        ("Checks", "hops-title", true),
        ("Why", "explain-title", props.why),
        ("Fixes", "fixes-title", props.fixes),
        ("Matrix", "matrix-title", true),
        ("Expectations", "expect-title", true),
        ("Diff", "diff-title", true),
        ("Policies", "scps-title", true),
    ];
    html! {
        <nav class="jump small" aria-label="Jump to a panel">
            <span class="jump-label">{"Jump to"}</span>
            <ul>
                {for targets.iter().filter(|(_, _, shown)| *shown).map(|(name, id, _)| html! {
                    <li><button type="button" class="linkish" data-to={*id} onclick={jump(id)}>{*name}</button></li>
                })}
            </ul>
        </nav>
    }
}
