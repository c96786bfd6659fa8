//! The page header: name, the trust note, undo and redo, and the theme switch.

use yew::prelude::*;

use super::send;
use crate::hooks::use_dispatch;
use crate::state::{Action, Theme};

/// Props of [`Header`].
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// Something to undo.
    pub can_undo: bool,
    /// Something to redo.
    pub can_redo: bool,
    /// The theme.
    pub theme: Theme,
    /// The share controls, when share links exist.
    #[prop_or_default]
    pub children: Html,
}

/// The header.
#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let dispatch = use_dispatch();
    // When a button disables itself (nothing left to undo), its twin keeps the keyboard focus.
    let undo = send(&dispatch, |_: MouseEvent| {
        super::refocus_if_lost("redo");
        Action::Undo
    });
    let redo = send(&dispatch, |_: MouseEvent| {
        super::refocus_if_lost("undo");
        Action::Redo
    });
    let next = props.theme.toggled();
    let theme = send(&dispatch, move |_: MouseEvent| Action::SetTheme(next));
    html! {
        <header class="top">
            <div class="brand">
                <h1>{"crisscross"}</h1>
                <span class="tagline">{"Bedrock cross-Region inference vs. your SCPs and IAM policies, hop by hop"}</span>
            </div>
            <p class="trust" id="trust" title="Policies are evaluated by WebAssembly in this tab. The page's Content-Security-Policy forbids any request after it has loaded.">
                <svg class="lock" viewBox="0 0 16 16" aria-hidden="true"><rect x="3" y="7" width="10" height="8" rx="1.5" /><path d="M5 7V5a3 3 0 0 1 6 0v2" /></svg>
                {"Nothing leaves your browser \u{00B7} no requests after load"}
            </p>
            <div class="tools">
                <button type="button" id="undo" onclick={undo} disabled={!props.can_undo} title="Undo (Ctrl+Z)" aria-keyshortcuts="Control+Z">{"\u{21B6} Undo"}</button>
                <button type="button" id="redo" onclick={redo} disabled={!props.can_redo} title="Redo (Ctrl+Shift+Z)" aria-keyshortcuts="Control+Shift+Z">{"\u{21B7} Redo"}</button>
                {props.children.clone()}
                <button type="button" onclick={theme} aria-label={format!("Switch to the {} theme", next.as_str())}>
                    {match props.theme { Theme::Light => "\u{263E} Dark", Theme::Dark => "\u{2600} Light" }}
                </button>
            </div>
        </header>
    }
}
