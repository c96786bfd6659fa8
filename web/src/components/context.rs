//! Extra request-context keys, such as `aws:PrincipalOrgID` or `aws:PrincipalTag/team`.

use std::rc::Rc;

use yew::prelude::*;

use super::request::Diags;
use super::{input_value, send};
use crate::hooks::use_dispatch;
use crate::model::ContextRow;
use crate::state::{Action, DiagView};

/// Props of [`ContextPanel`].
#[derive(Properties, PartialEq)]
pub struct ContextPanelProps {
    /// The rows.
    pub rows: Vec<ContextRow>,
    /// The diagnostics outside the policies (see `Derived::scenario_diagnostics`).
    pub diagnostics: Rc<Vec<DiagView>>,
}

/// The context rows.
#[component]
pub fn ContextPanel(props: &ContextPanelProps) -> Html {
    let dispatch = use_dispatch();
    let rows = props.rows.iter().enumerate().map(|(i, r)| {
        let key = send(&dispatch, move |e: InputEvent| Action::SetContextKey(i, input_value(&e)));
        let value = send(&dispatch, move |e: InputEvent| Action::SetContextValue(i, input_value(&e)));
        let remove = send(&dispatch, move |_: MouseEvent| Action::RemoveContext(i));
        html! {
            <li class="row" key={i}>
                <input type="text" class="mono grow" spellcheck="false" placeholder="aws:PrincipalOrgID"
                    aria-label={format!("Context key {}", i + 1)} value={r.key.to_string()} oninput={key} />
                <input type="text" class="mono grow" spellcheck="false" placeholder={"o-abc123  or  [\"a\", \"b\"]"}
                    aria-label={format!("Value of context key {}", i + 1)} value={r.value.to_string()} oninput={value} />
                <button type="button" class="icon-button" onclick={remove} aria-label={format!("Remove context key {}", i + 1)}>{"\u{2715}"}</button>
            </li>
        }
    });
    let add = send(&dispatch, |_: MouseEvent| Action::AddContext);
    let warnings: Vec<DiagView> = props
        .diagnostics
        .iter()
        .filter(|d| d.diagnostic.path.as_deref().is_some_and(|p| p.starts_with("context")))
        .cloned()
        .collect();
    html! {
        <section class="panel" aria-labelledby="context-title">
            <div class="panel-head"><h2 id="context-title">{"Extra context keys"}</h2></div>
            <p class="hint">{"Keys the principal's ARN and each hop do not set. A JSON array gives a multivalued key. aws:RequestedRegion and bedrock:InferenceProfileArn come from each hop."}</p>
            <ul class="ctx-rows">{for rows}</ul>
            <Diags list={warnings} />
            <button type="button" class="add" onclick={add}>{"+ Add a context key"}</button>
        </section>
    }
}
