//! The share panel: a link that holds the whole scenario in its fragment, and the ticket exports.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlDocument, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::{checked, send};
use crate::hooks::use_dispatch;
use crate::state::{Action, ShareView};

/// Props of [`SharePanel`].
#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    /// The link and exports.
    pub view: Option<Rc<ShareView>>,
    /// Whether the link and the ticket are an earlier edit's, or the ticket was written before this
    /// edit's fixes were known, until they are written again ([`crate::state::PlaygroundState::share_stale`]).
    pub stale: bool,
    /// Whether policies are minified in the link.
    pub minify: bool,
}

/// Selects the text of a field and asks the browser to copy it (a user gesture; no permission prompt,
/// no promise). Returns whether the browser copied; the text stays selected either way.
fn select_and_copy(node: &NodeRef) -> bool {
    if let Some(input) = node.cast::<HtmlInputElement>() {
        input.select();
    } else if let Some(area) = node.cast::<HtmlTextAreaElement>() {
        area.select();
    } else {
        return false;
    }
    gloo::utils::document()
        .dyn_into::<HtmlDocument>()
        .ok()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false)
}

/// The panel.
#[component]
pub fn SharePanel(props: &SharePanelProps) -> Html {
    let dispatch = use_dispatch();
    let link_ref = use_node_ref();
    let ticket_ref = use_node_ref();
    let status = use_state(String::new);
    let plain = use_state(|| false);
    let Some(view) = &props.view else {
        return html! {};
    };
    let copy = |node: &NodeRef, what: &'static str| {
        let node = node.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            status.set(if select_and_copy(&node) {
                format!("\u{2713} {what} copied")
            } else {
                format!("{what} selected: press Ctrl+C to copy")
            });
        })
    };
    let on_minify = send(&dispatch, move |e: Event| Action::SetShareMinify(checked(&e)));
    let close = send(&dispatch, move |_: MouseEvent| Action::ShowShare(false));
    let format = {
        let plain = plain.clone();
        Callback::from(move |e: Event| plain.set(super::select_value(&e) == "plain"))
    };
    html! {
        <section class="panel share" aria-labelledby="share-title" aria-busy={props.stale.to_string()}>
            <div class="panel-head">
                <h2 id="share-title">{"Share"}</h2>
                <span class="small muted">{"The link holds the whole scenario after its #, a part browsers never send to a server."}</span>
                <span class="spacer" />
                <button type="button" class="icon-button" onclick={close} aria-label="Close the share panel">{"\u{2715}"}</button>
            </div>
            if let Some(error) = &view.error {
                <p class="callout error" role="alert">{format!("\u{2716} No link: {error}")}</p>
            } else {
                <div class="row">
                    <input ref={link_ref.clone()} id="share-link" class={classes!("mono", "grow", props.stale.then_some("stale"))}
                        type="text" readonly=true aria-label="Share link" value={view.url.clone()} />
                    <button type="button" class="primary" disabled={props.stale} onclick={copy(&link_ref, "Link")}>{"Copy link"}</button>
                </div>
            }
            <p class="small">
                {"Scenario ID "}<code id="scenario-id">{&view.id}</code>
                if props.stale {
                    <span id="share-updating">{" \u{00B7} updating for your last edit\u{2026} \u{00B7} "}</span>
                } else {
                    {format!(" \u{00B7} {} characters \u{00B7} ", view.url.chars().count())}
                }
                <label class="check"><input type="checkbox" checked={props.minify} onchange={on_minify} />
                    {" minify the policies (shorter link; line numbers change)"}</label>
            </p>
            if let Some(warning) = &view.warning {
                <p class="callout warn">{format!("\u{25B2} {warning}")}</p>
            }
            if let Some((markdown, plain_text)) = &view.tickets {
                <div class="row">
                    <label class="small">{"Ticket "}
                        <select onchange={format} aria-label="Ticket format">
                            <option value="markdown" selected={!*plain}>{"Markdown"}</option>
                            <option value="plain" selected={*plain}>{"plain text"}</option>
                        </select>
                    </label>
                    <button type="button" disabled={props.stale} onclick={copy(&ticket_ref, "Ticket")}>{"Copy ticket"}</button>
                    <span class="small muted" role="status">{(*status).clone()}</span>
                </div>
                <textarea ref={ticket_ref} id="ticket" class={classes!("mono", "scenario-json", props.stale.then_some("stale"))}
                    readonly=true rows="8" spellcheck="false"
                    aria-label="Ticket text" value={if *plain { plain_text.clone() } else { markdown.clone() }} />
            } else {
                <p id="ticket-hidden" class="small muted">{"The ticket states the verdicts, so it is hidden while they are: reveal them to see it."}</p>
                <span class="small muted" role="status">{(*status).clone()}</span>
            }
        </section>
    }
}
