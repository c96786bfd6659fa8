//! Routes from the user's own account: paste the JSON of `aws bedrock list-inference-profiles` or
//! `get-inference-profile`, see how it differs from the built-in catalog, and merge it into the scenario
//! (dated), so verdicts say "imported from the account on DATE" and share links carry it.

use std::rc::Rc;

use crisscross_core::import::routes::RouteChange;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::CustomProfile;
use yew::prelude::*;

use super::{input_value, send};
use crate::hooks::use_dispatch;
use crate::state::bench::{RoutesView, date_of};
use crate::state::{Action, BenchAction};

/// Props of [`RoutesPanel`].
#[derive(Properties, PartialEq)]
pub struct RoutesProps {
    /// What was read from the paste.
    pub view: Option<Rc<RoutesView>>,
    /// The scenario's custom profiles (the imported ones are listed).
    pub custom: Vec<CustomProfile>,
    /// The current profile.
    pub profile: AttrValue,
    /// The current source Region.
    pub source: AttrValue,
}

/// Today, `YYYY-MM-DD` (UTC), from the browser's clock.
#[cfg(target_arch = "wasm32")]
fn today() -> String {
    let epoch_ms = web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.time_origin() + p.now());
    date_of(epoch_ms)
}

/// Today, `YYYY-MM-DD` (UTC).
#[cfg(not(target_arch = "wasm32"))]
fn today() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    date_of(ms)
}

fn change_item(change: &RouteChange) -> Html {
    match change {
        RouteChange::NewProfile { profile } => html! {
            <li><span class="tag new">{"new profile"}</span>{" "}<code>{profile.clone()}</code>{" is not in the built-in catalog"}</li>
        },
        RouteChange::NewSource { profile, source_region } => html! {
            <li><span class="tag new">{"new source"}</span>{" "}<code>{profile.clone()}</code>{format!(" can be called from {source_region}")}</li>
        },
        RouteChange::Destinations {
            profile,
            source_region,
            added,
            missing,
        } => html! {
            <li>
                <span class="tag changed">{"destinations"}</span>{" "}<code>{profile.clone()}</code>{format!(" from {source_region}: ")}
                if !added.is_empty() { {format!("also routes to {}", added.join(", "))} }
                if !added.is_empty() && !missing.is_empty() { {"; "} }
                if !missing.is_empty() { {format!("no longer to {}", missing.join(", "))} }
            </li>
        },
    }
}

/// The routes panel.
#[component]
pub fn RoutesPanel(props: &RoutesProps) -> Html {
    let dispatch = use_dispatch();
    let on_input = send(&dispatch, move |e: InputEvent| {
        Action::Bench(BenchAction::ReadRoutes(input_value(&e)))
    });
    let text = props.view.as_ref().map(|v| v.text.clone()).unwrap_or_default();
    let today = today();
    let result = props.view.as_ref().map(|view| match &view.result {
        Err(d) => {
            let place = match (d.line, d.column) {
                (Some(l), Some(c)) if l > 0 => format!("line {l}, column {c}: "),
                _ => String::new(),
            };
            html! {
                <p id="routes-error" class="callout error" role="alert">
                    <span aria-hidden="true">{"\u{2716} "}</span>{place}{super::ticks(&d.message)}
                    if let Some(help) = &d.help { <br /><span class="small">{super::ticks(help)}</span> }
                </p>
            }
        }
        Ok((routes, changes)) => {
            let merge = {
                let dispatch = dispatch.clone();
                let today = today.clone();
                Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Bench(BenchAction::MergeRoutes(today.clone()))))
            };
            let mut sources: Vec<&str> = routes.iter().map(|r| r.source_region.as_str()).collect();
            sources.dedup();
            html! {
                <>
                    <p class="small" role="status">{format!("Read {} profile(s) from {}. Against the built-in catalog (as of {}):", routes.len(), sources.join(", "), Catalog::builtin().as_of)}</p>
                    if changes.is_empty() {
                        <p class="small">{"\u{2713} the same routes."}</p>
                    } else {
                        <ul class="small route-changes">{for changes.iter().map(change_item)}</ul>
                    }
                    <button type="button" class="primary" onclick={merge} disabled={routes.is_empty()}>
                        {format!("Merge {} route(s) into the scenario (dated {today})", routes.len())}
                    </button>
                </>
            }
        }
    });
    let imported: Vec<&CustomProfile> = props.custom.iter().filter(|c| c.imported_at.is_some()).collect();
    let list = (!imported.is_empty()).then(|| {
        let rows = imported.iter().map(|c| {
            let id = c.id.clone().or_else(|| c.arn.clone()).unwrap_or_default();
            let source = c.source_region.clone().unwrap_or_default();
            let current = *props.profile == *id && *props.source == *source;
            let pick = {
                let dispatch = dispatch.clone();
                let (id, source) = (id.clone(), source.clone());
                Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::PickCall(id.clone(), source.clone())))
            };
            html! {
                <tr class={classes!(current.then_some("current"))}>
                    <th scope="row"><code>{id.clone()}</code></th>
                    <td>{source.clone()}</td>
                    <td class="small">{c.destinations.join(", ")}</td>
                    <td class="small">{c.imported_at.clone().unwrap_or_default()}</td>
                    <td>
                        if current {
                            <span class="small">{"\u{2713} in use"}</span>
                        } else {
                            <button type="button" onclick={pick} aria-label={format!("Use {id} from {source}")}>{"Use"}</button>
                        }
                    </td>
                </tr>
            }
        });
        html! {
            <div class="routes-wrap">
                <table class="routes-table">
                    <caption class="small muted">{"Imported routes in this scenario (they travel with its share link)"}</caption>
                    <thead><tr><th scope="col">{"Profile"}</th><th scope="col">{"Source"}</th><th scope="col">{"Destinations"}</th><th scope="col">{"Imported"}</th><th scope="col"><span class="sr-only">{"Action"}</span></th></tr></thead>
                    <tbody>{for rows}</tbody>
                </table>
            </div>
        }
    });
    html! {
        <section class="panel bench routes" aria-labelledby="routes-title">
            <div class="panel-head"><h2 id="routes-title">{"Routes from your account"}</h2></div>
            <label for="routes-in" class="small">
                {"Paste the JSON of "}<code>{"aws bedrock list-inference-profiles --region R"}</code>{" or "}<code>{"get-inference-profile"}</code>
                {format!(": AWS's own routes for your account, newer than the built-in catalog (as of {}).", Catalog::builtin().as_of)}
            </label>
            <textarea id="routes-in" class="mono" rows="3" spellcheck="false" value={text} oninput={on_input}
                placeholder="{\"inferenceProfileSummaries\": [\u{2026}]}" />
            {result}
            {list}
        </section>
    }
}
