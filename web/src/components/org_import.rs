//! "Bring your organization": paste what the AWS CLI printed (the bundle the README's snippets collect,
//! `aws iam get-account-authorization-details`, the Access Troubleshooter's output, a decoded
//! authorization message), see what it brings, and import it.

use std::rc::Rc;

use crisscross_core::import::paste::Pasted;
use crisscross_core::scenario::PolicyRef;
use yew::prelude::*;

use super::{input_value, select_value, send};
use crate::hooks::use_dispatch;
use crate::state::organization::PasteView;
use crate::state::{Action, BenchAction};

/// Props of [`OrgImportPanel`].
#[derive(Properties, PartialEq)]
pub struct OrgImportProps {
    /// What was read from the paste.
    pub view: Option<Rc<PasteView>>,
}

/// The organization import panel.
#[component]
pub fn OrgImportPanel(props: &OrgImportProps) -> Html {
    let dispatch = use_dispatch();
    let target = use_state(|| None::<usize>);
    let on_input = {
        let target = target.clone();
        let read = send(&dispatch, move |text: String| {
            Action::Bench(BenchAction::ReadPaste(text))
        });
        Callback::from(move |e: InputEvent| {
            target.set(None);
            read.emit(input_value(&e));
        })
    };
    let text = props.view.as_ref().map(|v| v.text.clone()).unwrap_or_default();
    let body = props.view.as_ref().map(|view| match &view.result {
        Err(diagnostics) => html! {
            <div id="org-import-error" class="callout error" role="alert">
                <p><span aria-hidden="true">{"\u{2716} "}</span>{"Not imported, nothing was changed:"}</p>
                <ul class="small">
                    {for diagnostics.iter().map(|d| {
                        let place = match (d.line, d.column) {
                            (Some(l), Some(c)) if l > 0 => format!("line {l}, column {c}: "),
                            _ => String::new(),
                        };
                        html! {
                            <li>
                                {place}{super::ticks(&d.message)}
                                if let Some(help) = &d.help { <br /><span class="muted">{super::ticks(help)}</span> }
                            </li>
                        }
                    })}
                </ul>
            </div>
        },
        Ok(pasted) => {
            let chosen: Option<PolicyRef> = (*target).and_then(|i| view.targets.get(i)).map(|(at, _)| *at);
            let apply = {
                let dispatch = dispatch.clone();
                Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Bench(BenchAction::ApplyPaste(chosen))))
            };
            let pick = {
                let target = target.clone();
                Callback::from(move |e: Event| target.set(select_value(&e).parse().ok()))
            };
            let captured = matches!(pasted, Pasted::CapturedPolicy(_));
            html! {
                <>
                    <ul class="small read-summary" role="status">
                        {for view.summary.iter().map(|line| html! { <li>{super::ticks(line)}</li> })}
                    </ul>
                    if captured {
                        <div class="field">
                            <label for="org-import-target">{"Policy the captured document replaces"}</label>
                            <select id="org-import-target" onchange={pick}>
                                {for view.targets.iter().enumerate().map(|(i, (_, label))| html! {
                                    <option value={i.to_string()} selected={(*target).unwrap_or(0) == i}>{label.clone()}</option>
                                })}
                            </select>
                        </div>
                    }
                    <div class="row">
                        <button type="button" class="primary" onclick={apply} disabled={captured && view.targets.is_empty()}>{"Import into the scenario"}</button>
                        <span class="small muted">{"The call to check stays as it is. Undo reverts it."}</span>
                    </div>
                </>
            }
        }
    });
    html! {
        <section class="panel bench org-import" aria-labelledby="org-import-title">
            <div class="panel-head"><h2 id="org-import-title">{"Bring your organization"}</h2></div>
            <label for="org-import-in" class="small">
                {"Paste the bundle the README's AWS CLI snippets collect (SCPs from the root to the account, the role's policies), "}
                {"the output of aws iam get-account-authorization-details, or the Access Troubleshooter's output. It is read here; nothing leaves the page."}
            </label>
            <textarea id="org-import-in" class="mono" rows="3" spellcheck="false" value={text} oninput={on_input}
                placeholder="{\"crisscrossBundle\": 1, \"account\": \"\u{2026}\", \"listParents\": \u{2026}}" />
            {body}
        </section>
    }
}
