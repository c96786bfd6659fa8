//! The character meter of one policy: a bar against its AWS quota, counted as AWS counts that policy
//! type, with the console's count, a minify button and the room-making hints.

use std::rc::Rc;

use crisscross_core::size::{Safety, thousands};
use yew::prelude::*;

use super::send;
use crate::hooks::use_dispatch;
use crate::state::{Action, ShownHints, SizeView};
use crisscross_core::scenario::PolicyRef;

/// Props of [`Meter`].
#[derive(Properties, PartialEq)]
pub struct MeterProps {
    /// Which policy.
    pub id: PolicyRef,
    /// Its size.
    pub size: Rc<SizeView>,
    /// The policy as people name it ("SCP FullAWSAccess at r-root"), for the buttons' accessible names.
    pub label: AttrValue,
    /// Room-making hints, for the current text or being found again after an edit.
    #[prop_or_default]
    pub hints: Option<ShownHints>,
}

fn percent(part: usize, whole: usize) -> usize {
    (part * 100).checked_div(whole).unwrap_or(0)
}

/// The compact count shown in a policy's header.
pub fn badge(size: &SizeView) -> Html {
    let (icon, class) = look(size);
    html! {
        <span class={classes!("size-badge", class)} title={format!("{} of {} characters allowed for one {}", thousands(size.counted), thousands(size.limit), size.quota)}>
            <span aria-hidden="true">{icon}</span>{format!(" {}/{}", thousands(size.counted), thousands(size.limit))}
        </span>
    }
}

fn look(size: &SizeView) -> (&'static str, &'static str) {
    if size.exceeds() {
        ("\u{2716}", "over")
    } else if size.near() {
        ("\u{25B2}", "near")
    } else {
        ("\u{2713}", "fine")
    }
}

/// The meter.
#[component]
pub fn Meter(props: &MeterProps) -> Html {
    let dispatch = use_dispatch();
    let open = use_state(|| false);
    let size = &props.size;
    let (icon, class) = look(size);
    let pct = percent(size.counted, size.limit);
    let fill = pct.min(100);
    let id = props.id;
    let status = if size.exceeds() {
        format!("over the quota by {} characters", thousands(size.counted - size.limit))
    } else if size.near() {
        format!("{} characters left", thousands(size.limit - size.counted))
    } else {
        format!("{pct}%")
    };
    let how = if size.every_character {
        "every character counts when saved through the API, CLI or Terraform"
    } else {
        "IAM does not count whitespace"
    };
    let minify = send(&dispatch, move |_: MouseEvent| Action::Minify(id));
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let shown = props.hints.as_ref().filter(|h| !h.hints.is_empty());
    let updating = shown.is_some_and(|h| !h.current);
    let hints = shown.map(|h| &h.hints);
    let hint_list = hints.filter(|_| *open).map(|hints| {
        let items = hints.iter().enumerate().map(|(i, h)| {
            let apply = send(&dispatch, move |_: MouseEvent| Action::ApplyHint(id, i));
            let safety = match &h.safety {
                Safety::Safe => html! { <span class="pill ok"><span aria-hidden="true">{"\u{2713}"}</span>{" keeps every decision"}</span> },
                Safety::Changes(list) => html! { <span class="pill implicit" title={list.join("\n")}><span aria-hidden="true">{"\u{25B2}"}</span>{format!(" changes {} decision(s)", list.len())}</span> },
            };
            html! {
                <li>
                    {super::ticks(&h.description)}{" "}
                    <strong>{format!("\u{2212}{} characters", thousands(h.saves))}</strong>{" "}{safety}
                    if let Some(caveat) = &h.caveat { <div class="small muted">{super::ticks(caveat)}</div> }
                    <button type="button" class="small-button" onclick={apply} disabled={updating}>{"Apply"}</button>
                </li>
            }
        });
        html! {
            <>
                if updating {
                    <p class="small muted">{"found for the text before your last edit \u{00B7} updating\u{2026}"}</p>
                }
                <ul class="hints">{for items}</ul>
            </>
        }
    });
    html! {
        <div class={classes!("meter", class)} data-policy={id.slug()}>
            <div class="meter-line">
                <svg class="meter-bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="meter"
                    aria-valuemin="0" aria-valuemax={size.limit.to_string()} aria-valuenow={size.counted.to_string()}
                    aria-label={format!("Size against the quota for one {}", size.quota)}>
                    <rect class="meter-track" x="0" y="0" width="100" height="8" />
                    <rect class="meter-fill" x="0" y="0" width={fill.to_string()} height="8" />
                    <line class="meter-mark" x1="90" x2="90" y1="0" y2="8" />
                </svg>
                <span class="meter-text">
                    <span aria-hidden="true">{icon}</span>{" "}
                    <span class="meter-count">{format!("{} / {} characters", thousands(size.counted), thousands(size.limit))}</span>
                    {format!(" \u{00B7} {status}")}
                </span>
            </div>
            <div class="meter-detail small">
                <span title={how}>{if size.every_character { "counted as written" } else { "counted without whitespace" }}</span>
                {" \u{00B7} "}
                if size.every_character {
                    <span>{format!("{} characters ({}%) once saved in the console, which removes white space outside quotation marks", thousands(size.minified), percent(size.minified, size.limit))}</span>
                } else {
                    <span>{format!("{} as written", thousands(size.written))}</span>
                }
                if size.invalid_characters > 0 {
                    <span class="warn-text">{format!(" \u{00B7} \u{25B2} {} character(s) AWS refuses", size.invalid_characters)}</span>
                }
                {" "}
                <button type="button" class="small-button" onclick={minify} disabled={size.written == size.minified}
                    title="Remove whitespace outside strings" aria-label={format!("Minify {}", props.label)}>{"Minify"}</button>
                if let Some(hints) = hints {
                    {" "}
                    <button type="button" class="small-button" onclick={toggle} aria-expanded={open.to_string()}
                        aria-busy={updating.then_some("true")}
                        title={updating.then_some("Found for the text before your last edit; updating\u{2026}")}
                        aria-label={format!("Make room ({}) in {}", hints.len(), props.label)}>
                        {format!("Make room ({})", hints.len())}
                    </button>
                }
            </div>
            <>{hint_list}</>
        </div>
    }
}
