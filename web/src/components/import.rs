//! "Start from the denial": paste an AccessDenied message or a CloudTrail event, see what was read and
//! what was not, and fill the call from it.

use std::rc::Rc;

use crisscross_core::route::hop::UNSPECIFIED_REGION;
use yew::prelude::*;

use super::{input_value, select_value};
use crate::hooks::use_dispatch;
use crate::state::bench::DenialView;
use crate::state::{Action, BenchAction};

/// Props of [`ImportPanel`].
#[derive(Properties, PartialEq)]
pub struct ImportProps {
    /// What was read from the paste.
    pub view: Option<Rc<DenialView>>,
    /// The candidate profile preselected when the message names only a model.
    pub default_candidate: Option<AttrValue>,
    /// The hop of the current call that the denial names, if any.
    pub failed_hop: Option<usize>,
}

fn read_row(label: &'static str, value: Option<String>) -> Html {
    guessed_row(label, value, None)
}

/// A row of what was read; when the text does not hold it, what will be used instead, marked as picked.
fn guessed_row(label: &'static str, value: Option<String>, picked: Option<&str>) -> Html {
    html! {
        <>
            <dt>{label}</dt>
            if let Some(v) = value {
                <dd class="mono">{v}</dd>
            } else if let Some(p) = picked {
                <dd><span class="mono">{p.to_owned()}</span><span class="muted">{" \u{2014} not in the text: picked below"}</span></dd>
            } else {
                <dd class="muted">{"\u{2014} not in the text"}</dd>
            }
        </>
    }
}

/// The import panel.
#[component]
pub fn ImportPanel(props: &ImportProps) -> Html {
    let dispatch = use_dispatch();
    let choice = use_state(|| None::<String>);
    let source_choice = use_state(|| None::<String>);
    let on_input = {
        let dispatch = dispatch.clone();
        let choice = choice.clone();
        let source_choice = source_choice.clone();
        Callback::from(move |e: InputEvent| {
            choice.set(None);
            source_choice.set(None);
            dispatch.dispatch(Action::Bench(BenchAction::ReadDenial(input_value(&e))));
        })
    };
    let text = props.view.as_ref().map(|v| v.text.clone()).unwrap_or_default();
    let body = props.view.as_ref().map(|view| {
        let i = &view.imported;
        let layer = i.layer.map(|l| match i.explicit {
            Some(true) => format!("explicit deny in {} {}", l.article(), l.label()),
            Some(false) => format!("no {} allows it (implicit deny)", l.label()),
            None => l.label().to_owned(),
        });
        let failed = i.failed_hop.map(|k| {
            format!(
                "{} in {}",
                k.short_name(),
                i.failed_region.as_deref().unwrap_or("an unknown Region")
            )
        });
        let selected = (*choice).clone().or_else(|| props.default_candidate.as_ref().map(ToString::to_string));
        let pick = {
            let choice = choice.clone();
            let source_choice = source_choice.clone();
            Callback::from(move |e: Event| {
                choice.set(Some(select_value(&e)));
                source_choice.set(None);
            })
        };
        let route = view
            .routes
            .iter()
            .find(|r| selected.as_deref() == Some(r.profile.as_str()) || i.profile.as_deref() == Some(r.profile.as_str()));
        let source = (*source_choice)
            .clone()
            .filter(|s| route.is_some_and(|r| r.sources.contains(s)))
            .or_else(|| route.and_then(|r| r.default_source.clone()));
        let pick_source = {
            let source_choice = source_choice.clone();
            Callback::from(move |e: Event| source_choice.set(Some(select_value(&e))))
        };
        let sources = route.filter(|r| i.source_region.is_none() && !r.sources.is_empty()).map(|r| {
            let reach = match (i.failed_hop, i.failed_region.as_deref()) {
                (Some(_), Some(region)) if region != UNSPECIFIED_REGION => format!(" that route it to {region}"),
                _ => String::new(),
            };
            html! {
                <div class="field">
                    <label for="denial-source">{format!("Source Region the caller used (the message does not say; {} of this profile's sources{reach})", r.sources.len())}</label>
                    <select id="denial-source" onchange={pick_source}>
                        {for r.sources.iter().map(|s| html! { <option value={s.clone()} selected={source.as_deref() == Some(s.as_str())}>{s.clone()}</option> })}
                    </select>
                </div>
            }
        });
        let candidates = (i.profile.is_none() && !i.candidate_profiles.is_empty()).then(|| {
            html! {
                <div class="field">
                    <label for="denial-profile">{format!("Profile the caller used ({} route this model to {}; the message names only the model)", i.candidate_profiles.len(), i.failed_region.as_deref().unwrap_or("that Region"))}</label>
                    <select id="denial-profile" onchange={pick}>
                        {for i.candidate_profiles.iter().map(|c| html! { <option value={c.clone()} selected={selected.as_deref() == Some(c.as_str())}>{c.clone()}</option> })}
                    </select>
                </div>
            }
        });
        let apply = {
            let dispatch = dispatch.clone();
            let profile = selected.clone();
            let source = source.clone();
            Callback::from(move |_: MouseEvent| {
                dispatch.dispatch(Action::Bench(BenchAction::ApplyDenial {
                    profile: profile.clone(),
                    source: source.clone(),
                }))
            })
        };
        let status = props.failed_hop.map(|n| format!("The current call's hop {} is the one it names.", n + 1));
        html! {
            <>
                <dl class="read" aria-label="What was read">
                    {read_row("Principal", i.principal.clone())}
                    {read_row("Action", i.action.clone())}
                    {read_row("Failed check", failed)}
                    {read_row("Layer", layer)}
                    {guessed_row("Profile", i.profile.clone(), selected.as_deref())}
                    {guessed_row("Source Region", i.source_region.clone(), source.as_deref())}
                    {read_row("API", i.api.clone())}
                    if i.policy_arn.is_some() { {read_row("Denying policy", i.policy_arn.clone())} }
                    if i.inference_region.is_some() { {read_row("Processed in", i.inference_region.clone())} }
                </dl>
                if !i.notes.is_empty() {
                    <div class="notes">
                        <p class="small"><strong>{"Could not read:"}</strong></p>
                        <ul class="small">
                            {for i.notes.iter().map(|n| html! { <li><span aria-hidden="true">{"\u{26A0} "}</span>{super::ticks(n)}</li> })}
                        </ul>
                    </div>
                }
                {candidates}
                {sources}
                <div class="row">
                    <button type="button" class="primary" onclick={apply} disabled={!view.applicable()}>{"Fill the call from this denial"}</button>
                    <span class="small muted">{"Principal, profile, source Region and API; the policies stay as they are. Undo reverts it."}</span>
                </div>
                if let Some(status) = status {
                    <p class="small" role="status">{status}</p>
                }
            </>
        }
    });
    html! {
        <section class="panel bench import" aria-labelledby="import-title">
            <div class="panel-head"><h2 id="import-title">{"Start from the denial"}</h2></div>
            <label for="denial-in" class="small">{"Paste an AccessDenied message (as the AWS CLI or an SDK prints it) or a CloudTrail event (JSON):"}</label>
            <textarea id="denial-in" class="mono" rows="3" spellcheck="false" value={text} oninput={on_input}
                placeholder="User: arn:aws:sts::\u{2026} is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:\u{2026}" />
            {body}
        </section>
    }
}
