//! The scenario as a file: copy it as a test case, or paste one to load it.

use std::rc::Rc;

use crisscross_core::scenario::Scenario;
use yew::prelude::*;

use super::input_value;
use crate::hooks::use_dispatch;
use crate::state::Action;

/// Props of [`ScenarioIo`].
#[derive(Properties, PartialEq)]
pub struct ScenarioIoProps {
    /// The current scenario.
    pub scenario: Rc<Scenario>,
    /// What the scenario says about itself.
    pub description: AttrValue,
}

/// The scenario panel.
#[component]
pub fn ScenarioIo(props: &ScenarioIoProps) -> Html {
    let dispatch = use_dispatch();
    let open = use_state(|| false);
    let pasted = use_state(String::new);
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            use wasm_bindgen::JsCast;
            let is_open = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                .is_some_and(|d| d.open());
            open.set(is_open);
        })
    };
    let on_paste = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| pasted.set(input_value(&e)))
    };
    let load = {
        let pasted = pasted.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::LoadScenario((*pasted).clone())))
    };
    // The JSON is only built while the panel is open.
    let json = open.then(|| props.scenario.to_json_pretty());
    html! {
        <section class="panel" aria-labelledby="scenario-title">
            <div class="panel-head"><h2 id="scenario-title">{"Scenario"}</h2></div>
            if !props.description.is_empty() {
                <p class="description">{props.description.clone()}</p>
            }
            <details ontoggle={on_toggle}>
                <summary>{"Scenario file: copy as a test case, or load one"}</summary>
                if let Some(json) = json {
                    <label for="scenario-out" class="small">{"This scenario (docs/scenario-format.md); save it under tests/corpus/ to make it a test:"}</label>
                    <a class="button" id="scenario-download" download="crisscross-scenario.json"
                        href={format!("data:application/json;charset=utf-8,{}", String::from(js_sys::encode_uri_component(&json)))}>
                        {"\u{2B07} Download scenario (.json): the CLI and this page both open it"}
                    </a>
                    <textarea id="scenario-out" class="mono scenario-json" readonly=true rows="10" spellcheck="false" value={json} />
                }
                <label for="scenario-in" class="small">{"Paste a scenario file to load it (a bad paste changes nothing):"}</label>
                <textarea id="scenario-in" class="mono scenario-json" rows="4" spellcheck="false" value={(*pasted).clone()} oninput={on_paste} />
                <button type="button" onclick={load} disabled={pasted.trim().is_empty()}>{"Load this scenario"}</button>
            </details>
        </section>
    }
}
