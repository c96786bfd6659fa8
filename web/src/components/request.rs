//! The request: who calls, which profile, from which source Region, with which API.

use std::rc::Rc;

use crisscross_core::diagnostic::Severity;
use crisscross_core::route::catalog::{Catalog, Geography, Profile};
use crisscross_core::scenario::{CustomProfile, PrincipalScope};
use yew::prelude::*;

use super::{input_value, select_value, send};
use crate::hooks::use_dispatch;
use crate::model::{APIS, RequestMode};
use crate::state::{Action, CustomField, DiagView, PlainField};

/// A readable model name from a model ID: `anthropic.claude-sonnet-4-5-20250929-v1:0` gives
/// `Claude Sonnet 4.5`.
#[must_use]
pub fn model_name(model_id: &str) -> String {
    let name = model_id.split_once('.').map_or(model_id, |(_, rest)| rest);
    let name = name.split(':').next().unwrap_or(name);
    let mut words: Vec<String> = Vec::new();
    for part in name.split('-') {
        let is_version = part.len() > 1 && part.starts_with('v') && part[1..].chars().all(|c| c.is_ascii_digit());
        let is_date = part.len() == 8 && part.chars().all(|c| c.is_ascii_digit());
        if is_date || (is_version && part == "v1") {
            continue;
        }
        let is_number = !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
        if is_number
            && let Some(last) = words.last_mut()
            && last.chars().last().is_some_and(|c| c.is_ascii_digit())
            && part.len() == 1
        {
            last.push('.');
            last.push_str(part);
            continue;
        }
        let mut chars = part.chars();
        let word = match chars.next() {
            // The catalog's model IDs are ASCII: Unicode's case tables would add kilobytes to the page.
            Some(first) => std::iter::once(first.to_ascii_uppercase()).chain(chars).collect(),
            None => String::new(),
        };
        words.push(word);
    }
    words.join(" ")
}

fn geography_name(g: Geography) -> &'static str {
    match g {
        Geography::Us => "US",
        Geography::Eu => "EU",
        Geography::Apac => "APAC",
        Geography::Jp => "Japan",
        Geography::Au => "Australia",
        Geography::Ca => "Canada",
        Geography::UsGov => "US GovCloud",
        Geography::Global => "Global",
    }
}

fn matches(profile: &Profile, query: &str) -> bool {
    if query.is_empty() {
        return true;
    }
    let haystack = format!(
        "{} {} {} {} {}",
        profile.id,
        model_name(&profile.model_id),
        profile.provider(),
        geography_name(profile.geography),
        profile.geography.as_str()
    )
    .to_ascii_lowercase();
    query
        .to_ascii_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

/// The value of the "custom profile" option of the picker.
const CUSTOM: &str = "\u{0}custom";

/// Props of [`RequestPanel`].
#[derive(Properties, PartialEq)]
pub struct RequestPanelProps {
    /// Bedrock call or plain request.
    pub mode: RequestMode,
    /// Profile ID (or model ID).
    pub profile: AttrValue,
    /// Source Region.
    pub source_region: AttrValue,
    /// Runtime API.
    pub api: AttrValue,
    /// The editable custom profile, if any.
    pub custom: Option<CustomProfile>,
    /// Its destinations as typed.
    pub custom_destinations: AttrValue,
    /// Profiles imported from the account (`customProfiles` with `importedAt`), offered by the picker.
    #[prop_or_default]
    pub imported: Rc<Vec<CustomProfile>>,
    /// Plain request: action, resource, Region.
    pub plain: (AttrValue, AttrValue, AttrValue),
    /// The principal ARN.
    pub principal: AttrValue,
    /// Member, management account or service-linked role.
    pub scope: Option<PrincipalScope>,
    /// The diagnostics outside the policies (see `Derived::scenario_diagnostics`).
    pub diagnostics: Rc<Vec<DiagView>>,
}

/// The principal and the request.
#[component]
pub fn RequestPanel(props: &RequestPanelProps) -> Html {
    let dispatch = use_dispatch();
    let query = use_state(String::new);
    let catalog = Catalog::builtin();
    let current = catalog.profile(&props.profile);
    let is_custom = props
        .custom
        .as_ref()
        .is_some_and(|c| c.id.as_deref() == Some(&*props.profile));

    let on_query = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| query.set(input_value(&e)))
    };
    let on_pick = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let value = select_value(&e);
            if value == CUSTOM {
                dispatch.dispatch(Action::UseCustomProfile);
            } else if !value.is_empty() {
                dispatch.dispatch(Action::SetProfile(value));
            }
        })
    };

    let filtered: Vec<&Profile> = catalog.profiles.iter().filter(|p| matches(p, &query)).collect();
    let groups = Geography::ALL.iter().filter_map(|g| {
        let options: Vec<Html> = filtered
            .iter()
            .filter(|p| p.geography == *g)
            .map(|p| {
                let label = format!(
                    "{} \u{00B7} {} \u{00B7} {}",
                    model_name(&p.model_id),
                    p.provider(),
                    p.id
                );
                html! { <option value={p.id.clone()} selected={*p.id == *props.profile}>{label}</option> }
            })
            .collect();
        (!options.is_empty()).then(|| html! { <optgroup label={geography_name(*g)}>{options}</optgroup> })
    });
    // Enter in the search picks its only match; with several, it goes to the list to choose among them.
    let on_search_key = {
        let dispatch = dispatch.clone();
        let only = match filtered.as_slice() {
            [only] => Some(only.id.clone()),
            _ => None,
        };
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Enter" {
                return;
            }
            e.prevent_default();
            match &only {
                Some(id) => dispatch.dispatch(Action::SetProfile(id.clone())),
                None => super::focus_by_id("profile"),
            }
        })
    };
    let mut imported_ids: Vec<&str> = props.imported.iter().filter_map(|c| c.id.as_deref()).collect();
    imported_ids.dedup();
    let current_missing =
        !is_custom && !filtered.iter().any(|p| *p.id == *props.profile) && !imported_ids.contains(&&*props.profile);
    let count = filtered.len();

    let served: Vec<(String, String)> = match (current, is_custom) {
        (Some(p), _) => p
            .routes
            .iter()
            .map(|r| {
                let name = catalog.region(&r.source).map(|r| r.name.clone()).unwrap_or_default();
                (r.source.clone(), name)
            })
            .collect(),
        _ => catalog
            .regions
            .iter()
            .map(|r| (r.code.clone(), r.name.clone()))
            .collect(),
    };
    let region_served = served.iter().any(|(code, _)| *code == *props.source_region);
    let region_options = served.iter().map(|(code, name)| {
        html! { <option value={code.clone()} selected={*code == *props.source_region}>{format!("{code} \u{00B7} {name}")}</option> }
    });

    let request_diags: Vec<&DiagView> = props
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.diagnostic.code.as_str(),
                "unknown-profile" | "unserved-source-region" | "unknown-api"
            ) || d.diagnostic.path.as_deref().is_some_and(|p| p.starts_with("request"))
        })
        .collect();
    let principal_diags: Vec<&DiagView> = props
        .diagnostics
        .iter()
        .filter(|d| d.diagnostic.path.as_deref() == Some("principal"))
        .collect();

    let on_region = send(&dispatch, |e: Event| Action::SetSourceRegion(select_value(&e)));
    let on_api = send(&dispatch, |e: Event| Action::SetApi(select_value(&e)));
    let on_principal = send(&dispatch, |e: InputEvent| Action::SetPrincipal(input_value(&e)));
    let on_scope = send(&dispatch, |e: Event| {
        Action::SetScope(match select_value(&e).as_str() {
            "management-account" => Some(PrincipalScope::ManagementAccount),
            "service-linked-role" => Some(PrincipalScope::ServiceLinkedRole),
            _ => None,
        })
    });
    let bedrock = send(&dispatch, |_: Event| Action::SetMode(RequestMode::Bedrock));
    let plain = send(&dispatch, |_: Event| Action::SetMode(RequestMode::Plain));
    let scope = match props.scope {
        None | Some(PrincipalScope::Member) => "member",
        Some(PrincipalScope::ManagementAccount) => "management-account",
        Some(PrincipalScope::ServiceLinkedRole) => "service-linked-role",
    };

    let direct = current.map(|p| {
        let model = p.model_id.clone();
        let onclick = send(&dispatch, move |_: MouseEvent| Action::SetProfile(model.clone()));
        html! {
            <button type="button" class="linkish small" {onclick}>
                {"call the model directly instead"}
            </button>
        }
    });

    let custom_form = props.custom.as_ref().filter(|_| is_custom).map(|c| {
        let field = |f: CustomField| send(&dispatch, move |e: InputEvent| Action::SetCustom(f, input_value(&e)));
        html! {
            <fieldset class="custom">
                <legend>{"Custom profile (not in the built-in catalog)"}</legend>
                <label>{"Profile ID"}<input type="text" spellcheck="false" value={c.id.clone().unwrap_or_default()} oninput={field(CustomField::Id)} /></label>
                <label>{"Model ID"}<input type="text" spellcheck="false" value={c.model.clone().unwrap_or_default()} oninput={field(CustomField::Model)} /></label>
                <label>{"Source Region"}<input type="text" spellcheck="false" value={c.source_region.clone().unwrap_or_default()} oninput={field(CustomField::SourceRegion)} /></label>
                <label>{"Destination Regions (comma-separated)"}<input type="text" spellcheck="false" value={props.custom_destinations.clone()} oninput={field(CustomField::Destinations)} /></label>
            </fieldset>
        }
    });

    let plain_field = |f: PlainField| send(&dispatch, move |e: InputEvent| Action::SetPlain(f, input_value(&e)));

    html! {
        <section class="panel" aria-labelledby="request-title">
            <div class="panel-head"><h2 id="request-title">{"Who calls what"}</h2></div>
            <div class="field">
                <label for="principal">{"Principal ARN"}</label>
                <div class="row">
                    <input id="principal" type="text" spellcheck="false" class="grow mono" value={props.principal.clone()} oninput={on_principal} />
                    <select aria-label="Principal scope" onchange={on_scope}>
                        <option value="member" selected={scope == "member"}>{"member account"}</option>
                        <option value="management-account" selected={scope == "management-account"}>{"management acct (no SCPs)"}</option>
                        <option value="service-linked-role" selected={scope == "service-linked-role"}>{"service-linked (no SCPs)"}</option>
                    </select>
                </div>
                <Diags list={principal_diags.into_iter().cloned().collect::<Vec<_>>()} />
            </div>
            <div class="row mode" role="radiogroup" aria-label="Kind of request">
                <label class="check"><input type="radio" name="mode" checked={props.mode == RequestMode::Bedrock} onchange={bedrock} />{" Bedrock runtime call"}</label>
                <label class="check"><input type="radio" name="mode" checked={props.mode == RequestMode::Plain} onchange={plain} />{" One plain IAM request"}</label>
            </div>
            if props.mode == RequestMode::Bedrock {
                <div class="field">
                    <label for="profile-search">{"Inference profile"}</label>
                    <input id="profile-search" type="search" placeholder="Search by model, provider, geography\u{2026}"
                        value={(*query).clone()} oninput={on_query} onkeydown={on_search_key} aria-controls="profile" autocomplete="off" />
                    <select id="profile" aria-label={format!("Inference profile ({count} match{})", if count == 1 { "" } else { "es" })} onchange={on_pick}>
                        if current_missing && !props.profile.is_empty() {
                            <option value={props.profile.clone()} selected=true>{match current {
                                Some(p) => format!("{} \u{00B7} {} (current)", model_name(&p.model_id), p.id),
                                None => format!("{} (not in the catalog: a direct model call or unknown)", props.profile),
                            }}</option>
                        }
                        if count == 0 {
                            <option value="" disabled=true>{"No profile matches the search"}</option>
                        }
                        <>{for groups}</>
                        if !imported_ids.is_empty() {
                            <optgroup label="Imported from your account">
                                {for imported_ids.iter().map(|id| html! { <option value={id.to_string()} selected={!is_custom && *id == &*props.profile}>{format!("{id} (imported)")}</option> })}
                            </optgroup>
                        }
                        <option value={CUSTOM} selected={is_custom}>{"Custom profile\u{2026}"}</option>
                    </select>
                    <div class="small muted">{format!("{count} of {} catalog profiles match. ", catalog.profiles.len())}<>{direct}</></div>
                </div>
                <>{custom_form}</>
                <div class="row two">
                    <div class="field">
                        <label for="source-region">{"Source Region"}</label>
                        <select id="source-region" onchange={on_region}>
                            if !region_served {
                                <option value={props.source_region.clone()} selected=true>{format!("{} \u{2716} not served", props.source_region)}</option>
                            }
                            <>{for region_options}</>
                        </select>
                    </div>
                    <div class="field">
                        <label for="api">{"API"}</label>
                        <select id="api" onchange={on_api}>
                            {for APIS.iter().map(|a| html! { <option value={*a} selected={*a == &*props.api}>{*a}</option> })}
                        </select>
                    </div>
                </div>
                if !region_served && current.is_some() {
                    <p class="callout error" role="alert">
                        {format!("\u{2716} {} cannot be called from {}. Pick one of the {} Regions it serves.", props.profile, props.source_region, served.len())}
                    </p>
                }
            } else {
                <div class="field"><label for="plain-action">{"Action"}</label>
                    <input id="plain-action" type="text" class="mono" spellcheck="false" value={props.plain.0.clone()} oninput={plain_field(PlainField::Action)} /></div>
                <div class="field"><label for="plain-resource">{"Resource ARN"}</label>
                    <input id="plain-resource" type="text" class="mono" spellcheck="false" value={props.plain.1.clone()} oninput={plain_field(PlainField::Resource)} /></div>
                <div class="field"><label for="plain-region">{"Region (aws:RequestedRegion)"}</label>
                    <input id="plain-region" type="text" class="mono" spellcheck="false" value={props.plain.2.clone()} oninput={plain_field(PlainField::Region)} /></div>
            }
            <Diags list={request_diags.into_iter().cloned().collect::<Vec<_>>()} />
        </section>
    }
}

/// Props of [`Diags`].
#[derive(Properties, PartialEq)]
pub struct DiagsProps {
    /// The diagnostics.
    pub list: Vec<DiagView>,
}

/// Diagnostics of a form field.
#[component]
pub fn Diags(props: &DiagsProps) -> Html {
    if props.list.is_empty() {
        return html! {};
    }
    html! {
        <ul class="diag-list">
            {for props.list.iter().map(|d| {
                let error = d.diagnostic.severity == Severity::Error;
                html! {
                    <li class={classes!("diag", if error { "error" } else { "warning" })}>
                        <span class="diag-icon" aria-hidden="true">{if error { "\u{2716} " } else { "\u{25B2} " }}</span>
                        <span class="diag-place">{if error { "error: " } else { "warning: " }}</span>
                        <span class="diag-msg">{super::ticks(&d.diagnostic.message)}</span>
                        {" "}<code class="diag-code">{&d.diagnostic.code}</code>
                        if let Some(help) = &d.diagnostic.help { <div class="diag-help">{super::ticks(help)}</div> }
                    </li>
                }
            })}
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::model_name;

    #[test]
    fn model_names_read_like_people_write_them() {
        assert_eq!(
            model_name("anthropic.claude-sonnet-4-5-20250929-v1:0"),
            "Claude Sonnet 4.5"
        );
        assert_eq!(model_name("amazon.nova-pro-v1:0"), "Nova Pro");
        assert_eq!(
            model_name("anthropic.claude-3-7-sonnet-20250219-v1:0"),
            "Claude 3.7 Sonnet"
        );
    }
}
