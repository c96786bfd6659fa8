//! What the principal ARN does not say about the caller: the role's path, the session's name, the
//! organization, and when the call is made. Each decides a key AWS puts in the request context.

use yew::prelude::*;

use super::{input_value, send};
use crate::hooks::use_dispatch;
use crate::state::{Action, CallerField};

/// Props of [`CallerPanel`].
#[derive(Properties, PartialEq)]
pub struct CallerPanelProps {
    /// The principal ARN, to say which fields matter for it.
    pub principal: AttrValue,
    /// The role's path, as typed.
    pub role_path: AttrValue,
    /// The session's name, as typed.
    pub session_name: AttrValue,
    /// The organization's ID, as typed.
    pub organization_id: AttrValue,
    /// When the call is made, as typed.
    pub evaluation_time: AttrValue,
    /// The page's clock, shown when no time is given.
    pub clock: Option<i64>,
    /// A verdict depends on a key these details decide: the panel opens.
    #[prop_or_default]
    pub wanted: bool,
}

/// For a key crisscross derives from the caller's details: the field that decides it and what it is.
#[must_use]
pub fn field_of(key: &str) -> Option<(&'static str, &'static str)> {
    match key.to_ascii_lowercase().as_str() {
        "aws:principalarn" => Some(("role-path", "the role path")),
        "aws:principalorgid" | "aws:principalorgpaths" => Some(("organization-id", "the organization ID")),
        "aws:currenttime" | "aws:epochtime" => Some(("evaluation-time", "the call time")),
        _ => None,
    }
}

/// The caller's details.
#[component]
pub fn CallerPanel(props: &CallerPanelProps) -> Html {
    let dispatch = use_dispatch();
    let field = |f: CallerField| send(&dispatch, move |e: InputEvent| Action::SetCaller(f, input_value(&e)));
    let session_arn = props.principal.contains(":assumed-role/");
    let role_arn = props.principal.contains(":role/");
    let now = props
        .clock
        .and_then(crisscross_core::time::format_timestamp)
        .unwrap_or_else(|| "the time of evaluation".to_owned());
    let open = props.wanted
        || !props.role_path.is_empty()
        || !props.session_name.is_empty()
        || !props.organization_id.is_empty()
        || !props.evaluation_time.is_empty();
    html! {
        <details class="panel caller" open={open}>
            <summary><h2>{"Caller details"}</h2>{" "}<span class="small muted">{"what the principal ARN does not say"}</span></summary>
            <div class="field">
                <label for="role-path">{"Role path"}</label>
                <input id="role-path" type="text" spellcheck="false" class="mono" placeholder="/service-role/" value={props.role_path.clone()} oninput={field(CallerField::RolePath)} />
                <p class="hint small">{if session_arn {
                    "A role-session ARN does not carry the role's path, but aws:PrincipalArn does: without it the path is taken as /."
                } else {
                    "For a role-session principal: aws:PrincipalArn is the role's ARN with its path."
                }}</p>
            </div>
            <div class="field">
                <label for="session-name">{"Session name"}</label>
                <input id="session-name" type="text" spellcheck="false" class="mono" placeholder="session-name" value={props.session_name.clone()} oninput={field(CallerField::SessionName)} />
                <p class="hint small">{if role_arn {
                    "AccessDenied messages name the role's session: arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION."
                } else {
                    "For a role principal: the session AccessDenied messages name."
                }}</p>
            </div>
            <div class="field">
                <label for="organization-id">{"Organization ID"}</label>
                <input id="organization-id" type="text" spellcheck="false" class="mono" placeholder="o-a1b2c3d4e5" value={props.organization_id.clone()} oninput={field(CallerField::OrganizationId)} />
                <p class="hint small">{"With the SCP levels' targets, it gives aws:PrincipalOrgID and aws:PrincipalOrgPaths."}</p>
            </div>
            <div class="field">
                <label for="evaluation-time">{"Call time (UTC)"}</label>
                <input id="evaluation-time" type="text" spellcheck="false" class="mono" placeholder={now.clone()} value={props.evaluation_time.clone()} oninput={field(CallerField::EvaluationTime)} />
                <p class="hint small">{format!("aws:CurrentTime and aws:EpochTime; empty means {now}.")}</p>
            </div>
        </details>
    }
}
