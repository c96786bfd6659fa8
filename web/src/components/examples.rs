//! The examples gallery: one click loads a complete scenario.

use yew::prelude::*;

use super::send;
use crate::examples::EXAMPLES;
use crate::hooks::use_dispatch;
use crate::state::Action;

/// Props of [`Gallery`].
#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    /// The example the inputs came from, if unedited.
    pub current: Option<&'static str>,
    /// Verdicts hidden until revealed: the tooltips must not give them away.
    pub predict: bool,
}

/// The gallery.
#[component]
pub fn Gallery(props: &GalleryProps) -> Html {
    let dispatch = use_dispatch();
    let items = EXAMPLES.iter().map(|e| {
        let id = e.id;
        let onclick = send(&dispatch, move |_: MouseEvent| Action::LoadExample(id));
        let current = props.current == Some(e.id);
        html! {
            <li>
                <button type="button" class={classes!("example", current.then_some("current"))} {onclick}
                    aria-pressed={current.to_string()} title={if props.predict { format!("{}: load it and predict its verdicts", e.title) } else { format!("{}: {}", e.title, e.summary) }} data-example={e.id}>
                    {e.title}
                </button>
            </li>
        }
    });
    html! {
        <nav class="gallery" aria-label="Examples">
            <span class="gallery-label">{"Examples:"}</span>
            <ul>{for items}</ul>
        </nav>
    }
}
