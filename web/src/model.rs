//! The playground's inputs as the user typed them, and their translation to and from a [`Scenario`].
//!
//! Everything here is plain data: the reducer in [`crate::state`] owns it, components only read it.
//! Text is kept exactly as typed (a policy that does not parse is still text), so nothing the user wrote
//! is lost when it is invalid. The edits the user can make are methods of [`Inputs`], in `model/edit.rs`.

use std::collections::BTreeMap;
use std::rc::Rc;

use crisscross_core::context::ContextValue;
use crisscross_core::scenario::{
    CustomProfile, Document, Expect, PolicyInput, PolicyRef, PrincipalScope, RequestInput, Scenario, ScpLevelInput,
};
use serde::{Deserialize, Serialize};

mod edit;
mod provenance;
mod shared_text;

pub use provenance::Provenance;
pub use shared_text::TextCopies;

/// The text of the FullAWSAccess SCP that AWS Organizations attaches to every root, OU and account.
pub const FULL_AWS_ACCESS: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}"#;

/// The name AWS gives the preset.
pub const FULL_AWS_ACCESS_NAME: &str = "FullAWSAccess";

/// A new, empty-ish policy to start from.
pub const NEW_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "NewStatement",
      "Effect": "Deny",
      "Action": "bedrock:InvokeModel",
      "Resource": "*"
    }
  ]
}"#;

/// One policy as typed.
#[derive(Debug, Clone, Eq, Serialize, Deserialize)]
pub struct PolicyDoc {
    /// The user's name for it.
    pub name: Rc<str>,
    /// The policy text exactly as typed.
    pub text: Rc<str>,
    /// Its ARN, when given (AccessDenied messages for explicit denies end with it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<Rc<str>>,
}

/// Whether two shared values are equal, told by their address first: `Rc`'s own comparison reads the
/// whole value even when both sides are the same allocation, and the page compares every policy's text,
/// and its slower results, on each keystroke.
#[must_use]
pub fn same_rc<T: PartialEq + ?Sized>(a: &Rc<T>, b: &Rc<T>) -> bool {
    Rc::ptr_eq(a, b) || a == b
}

/// [`same_rc`] for values that may be absent.
#[must_use]
pub fn same_shared<T: PartialEq + ?Sized>(a: Option<&Rc<T>>, b: Option<&Rc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same_rc(a, b),
        (a, b) => a.is_none() && b.is_none(),
    }
}

impl PartialEq for PolicyDoc {
    fn eq(&self, other: &Self) -> bool {
        same_rc(&self.text, &other.text)
            && same_rc(&self.name, &other.name)
            && same_shared(self.arn.as_ref(), other.arn.as_ref())
    }
}

impl PolicyDoc {
    /// A policy from a name and text.
    #[must_use]
    pub fn new(name: &str, text: &str) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            arn: None,
        }
    }

    /// The FullAWSAccess preset.
    #[must_use]
    pub fn full_aws_access() -> Self {
        Self::new(FULL_AWS_ACCESS_NAME, FULL_AWS_ACCESS)
    }

    /// True for the untouched FullAWSAccess preset.
    #[must_use]
    pub fn is_full_aws_access(&self) -> bool {
        &*self.name == FULL_AWS_ACCESS_NAME
    }

    fn to_input(&self, texts: &mut TextCopies) -> PolicyInput {
        PolicyInput {
            name: self.name.to_string(),
            document: Document::Text(texts.of(&self.text)),
            arn: self.arn.as_ref().map(ToString::to_string),
        }
    }

    fn from_input(input: &PolicyInput) -> Self {
        let text = match &input.document {
            Document::Text(t) => Rc::from(&**t),
            Document::Json(raw) => dedent(raw).into(),
        };
        Self {
            name: input.name.as_str().into(),
            text,
            arn: input.arn.as_deref().map(Into::into),
        }
    }
}

/// An SCP level: the root, an OU or the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelInput {
    /// The root, OU or account ID or name.
    pub target: Rc<str>,
    /// The SCPs attached to it.
    pub policies: Vec<PolicyDoc>,
}

impl LevelInput {
    /// A level with the FullAWSAccess preset attached.
    #[must_use]
    pub fn with_full_access(target: &str) -> Self {
        Self {
            target: target.into(),
            policies: vec![PolicyDoc::full_aws_access()],
        }
    }

    /// True when a policy named FullAWSAccess is attached.
    #[must_use]
    pub fn has_full_access(&self) -> bool {
        self.policies.iter().any(PolicyDoc::is_full_aws_access)
    }
}

/// One extra request-context key.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ContextRow {
    /// The key, such as `aws:PrincipalOrgID`.
    pub key: Rc<str>,
    /// The value; a JSON array of strings (`["a", "b"]`) gives a multivalued key.
    pub value: Rc<str>,
}

impl ContextRow {
    /// The value the scenario gets.
    #[must_use]
    pub fn parsed_value(&self) -> ContextValue {
        let trimmed = self.value.trim();
        if trimmed.starts_with('[')
            && let Ok(values) = serde_json::from_str::<Vec<String>>(trimmed)
        {
            return ContextValue::Multi(values);
        }
        ContextValue::Single(self.value.to_string())
    }
}

/// Whether the call is a Bedrock runtime call or one plain IAM request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestMode {
    /// A Bedrock runtime call through a profile (or a direct model call).
    Bedrock,
    /// One action on one resource.
    Plain,
}

/// The four runtime APIs a Bedrock call can use.
pub const APIS: [&str; 4] = [
    "InvokeModel",
    "Converse",
    "InvokeModelWithResponseStream",
    "ConverseStream",
];

/// Everything the user can edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Inputs {
    /// Free text about the scenario.
    pub description: Rc<str>,
    /// The caller's ARN.
    pub principal: Rc<str>,
    /// Whether SCPs apply to the principal.
    pub principal_scope: Option<PrincipalScope>,
    /// The role's path, for a role-session principal (empty: not given).
    pub role_path: Rc<str>,
    /// The role session's name, for a role principal (empty: not given).
    pub session_name: Rc<str>,
    /// The organization's ID (empty: not given).
    pub organization_id: Rc<str>,
    /// When the call is made, RFC 3339 (empty: the page's clock).
    pub evaluation_time: Rc<str>,
    /// Whether the account is governed by SCPs (the levels are kept when switched off).
    pub scps_enabled: bool,
    /// SCP levels, root first.
    pub levels: Vec<LevelInput>,
    /// Identity-based policies.
    pub identity: Vec<PolicyDoc>,
    /// Whether the permissions boundary applies (its text is kept when switched off).
    pub boundary_enabled: bool,
    /// The permissions boundary.
    pub boundary: PolicyDoc,
    /// Whether the session policy applies.
    pub session_enabled: bool,
    /// The session policy.
    pub session: PolicyDoc,
    /// Extra context keys.
    pub context: Vec<ContextRow>,
    /// Bedrock call or plain request.
    pub mode: RequestMode,
    /// The request (Bedrock and plain fields; the mode decides which are used).
    pub request: RequestInput,
    /// Profiles the catalog lacks; the first one is editable in the page.
    pub custom_profiles: Vec<CustomProfile>,
    /// The destinations of the first custom profile as typed (comma-separated).
    pub custom_destinations: Rc<str>,
    /// The scenario's expected verdicts (workshop exercises), carried through files and share links.
    pub expect: Option<Expect>,
    /// Where the inputs came from, and whether the user has made them theirs.
    #[serde(default = "Provenance::unknown")]
    pub provenance: Provenance,
}

impl Default for Inputs {
    fn default() -> Self {
        Self {
            description: "".into(),
            principal: "arn:aws:iam::111122223333:role/App".into(),
            principal_scope: None,
            role_path: "".into(),
            session_name: "".into(),
            organization_id: "".into(),
            evaluation_time: "".into(),
            scps_enabled: true,
            levels: vec![
                LevelInput::with_full_access("r-root"),
                LevelInput::with_full_access("ou-workloads"),
                LevelInput::with_full_access("111122223333"),
            ],
            identity: Vec::new(),
            boundary_enabled: false,
            boundary: PolicyDoc::new("Boundary", NEW_POLICY),
            session_enabled: false,
            session: PolicyDoc::new("Session", NEW_POLICY),
            context: Vec::new(),
            mode: RequestMode::Bedrock,
            request: RequestInput {
                profile: Some("us.anthropic.claude-sonnet-4-5-20250929-v1:0".into()),
                source_region: Some("us-east-1".into()),
                api: Some("Converse".into()),
                ..RequestInput::default()
            },
            custom_profiles: Vec::new(),
            custom_destinations: "".into(),
            expect: None,
            provenance: Provenance::default(),
        }
    }
}

impl Inputs {
    /// The inputs of a scenario (policy objects become their text, de-indented).
    #[must_use]
    pub fn from_scenario(scenario: &Scenario) -> Self {
        let defaults = Self::default();
        let levels: Vec<LevelInput> = scenario
            .scps
            .iter()
            .flatten()
            .map(|l| LevelInput {
                target: l.target.as_str().into(),
                policies: l.policies.iter().map(PolicyDoc::from_input).collect(),
            })
            .collect();
        let plain = scenario.request.action.is_some() || scenario.request.resource.is_some();
        Self {
            description: scenario.description.as_deref().unwrap_or_default().into(),
            principal: scenario.principal.as_str().into(),
            principal_scope: scenario.principal_scope,
            role_path: scenario.role_path.as_deref().unwrap_or_default().into(),
            session_name: scenario.session_name.as_deref().unwrap_or_default().into(),
            organization_id: scenario.organization_id.as_deref().unwrap_or_default().into(),
            evaluation_time: scenario.evaluation_time.as_deref().unwrap_or_default().into(),
            scps_enabled: scenario.scps.is_some(),
            levels: if scenario.scps.is_some() {
                levels
            } else {
                defaults.levels
            },
            identity: scenario.identity_policies.iter().map(PolicyDoc::from_input).collect(),
            boundary_enabled: scenario.permissions_boundary.is_some(),
            boundary: scenario
                .permissions_boundary
                .as_ref()
                .map_or(defaults.boundary, PolicyDoc::from_input),
            session_enabled: scenario.session_policy.is_some(),
            session: scenario
                .session_policy
                .as_ref()
                .map_or(defaults.session, PolicyDoc::from_input),
            context: scenario
                .context
                .iter()
                .map(|(k, v)| ContextRow {
                    key: k.as_str().into(),
                    value: match v {
                        ContextValue::Single(s) => s.as_str().into(),
                        ContextValue::Multi(values) => serde_json::to_string(values).unwrap_or_default().into(),
                    },
                })
                .collect(),
            mode: if plain {
                RequestMode::Plain
            } else {
                RequestMode::Bedrock
            },
            request: scenario.request.clone(),
            custom_destinations: scenario
                .custom_profiles
                .first()
                .map(|c| c.destinations.join(", "))
                .unwrap_or_default()
                .into(),
            custom_profiles: scenario.custom_profiles.clone(),
            expect: scenario.expect.clone(),
            provenance: Provenance::default(),
        }
    }

    /// The scenario these inputs describe.
    #[must_use]
    pub fn to_scenario(&self) -> Scenario {
        self.to_scenario_sharing(&mut TextCopies::default())
    }

    /// The scenario these inputs describe, its policy texts taken from `texts` where copied before.
    #[must_use]
    pub fn to_scenario_sharing(&self, texts: &mut TextCopies) -> Scenario {
        let mut context = BTreeMap::new();
        for row in &self.context {
            let key = row.key.trim();
            if !key.is_empty() {
                context.insert(key.to_owned(), row.parsed_value());
            }
        }
        let request = match self.mode {
            RequestMode::Bedrock => RequestInput {
                profile: self.request.profile.clone(),
                source_region: self.request.source_region.clone(),
                api: self.request.api.clone(),
                ..RequestInput::default()
            },
            RequestMode::Plain => RequestInput {
                action: self.request.action.clone(),
                resource: self.request.resource.clone(),
                region: self.request.region.clone(),
                ..RequestInput::default()
            },
        };
        Scenario {
            version: crisscross_core::scenario::VERSION,
            description: (!self.description.trim().is_empty()).then(|| self.description.to_string()),
            principal: self.principal.to_string(),
            principal_scope: self.principal_scope,
            role_path: given(&self.role_path),
            session_name: given(&self.session_name),
            organization_id: given(&self.organization_id),
            evaluation_time: given(&self.evaluation_time),
            scps: self.scps_enabled.then(|| {
                self.levels
                    .iter()
                    .map(|l| ScpLevelInput {
                        target: l.target.to_string(),
                        policies: l.policies.iter().map(|p| p.to_input(texts)).collect(),
                    })
                    .collect()
            }),
            identity_policies: self.identity.iter().map(|p| p.to_input(texts)).collect(),
            permissions_boundary: self.boundary_enabled.then(|| self.boundary.to_input(texts)),
            session_policy: self.session_enabled.then(|| self.session.to_input(texts)),
            context,
            request,
            custom_profiles: self.custom_profiles.clone(),
            expect: self.expect.clone(),
        }
    }

    /// The policy with this id, if it is present (and its layer switched on).
    #[must_use]
    pub fn policy(&self, id: PolicyRef) -> Option<&PolicyDoc> {
        match id {
            PolicyRef::Scp { level, index } => self.levels.get(level)?.policies.get(index),
            PolicyRef::Identity(i) => self.identity.get(i),
            PolicyRef::Boundary => Some(&self.boundary),
            PolicyRef::Session => Some(&self.session),
        }
    }

    /// The policy with this id, for editing.
    pub fn policy_mut(&mut self, id: PolicyRef) -> Option<&mut PolicyDoc> {
        match id {
            PolicyRef::Scp { level, index } => self.levels.get_mut(level)?.policies.get_mut(index),
            PolicyRef::Identity(i) => self.identity.get_mut(i),
            PolicyRef::Boundary => Some(&mut self.boundary),
            PolicyRef::Session => Some(&mut self.session),
        }
    }

    /// Every policy that takes part in the evaluation, in the scenario's order.
    #[must_use]
    pub fn active_policies(&self) -> Vec<PolicyRef> {
        let mut out = Vec::new();
        if self.scps_enabled {
            for (level, l) in self.levels.iter().enumerate() {
                out.extend((0..l.policies.len()).map(|index| PolicyRef::Scp { level, index }));
            }
        }
        out.extend((0..self.identity.len()).map(PolicyRef::Identity));
        if self.boundary_enabled {
            out.push(PolicyRef::Boundary);
        }
        if self.session_enabled {
            out.push(PolicyRef::Session);
        }
        out
    }

    /// The profile ID of the request, when it is a Bedrock call.
    #[must_use]
    pub fn profile(&self) -> &str {
        self.request.profile.as_deref().unwrap_or_default()
    }

    /// The source Region of a Bedrock call.
    #[must_use]
    pub fn source_region(&self) -> &str {
        self.request.source_region.as_deref().unwrap_or_default()
    }

    /// The runtime API of a Bedrock call (`InvokeModel` when unset).
    #[must_use]
    pub fn api(&self) -> &str {
        self.request.api.as_deref().unwrap_or("InvokeModel")
    }
}

/// Removes the indentation a policy object had inside its scenario file, so that it reads as written.
///
/// The first line (the opening brace) carries no indentation; every later line loses the indentation of
/// the closing brace, which is where the object started.
#[must_use]
pub fn dedent(raw: &str) -> String {
    let Some(last) = raw.lines().last() else {
        return raw.to_owned();
    };
    let indent = last.len() - last.trim_start().len();
    if indent == 0 || !raw.contains('\n') {
        return raw.to_owned();
    }
    let prefix = &last[..indent];
    let mut out = String::with_capacity(raw.len());
    for (i, line) in raw.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(line.strip_prefix(prefix).unwrap_or(line));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// A typed field, or `None` when it is blank.
fn given(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_results_are_equal_by_address_or_by_content() {
        let fixes = Rc::new(vec!["narrow the Region deny"]);
        let copy = Rc::new((*fixes).clone());
        let other = Rc::new(vec!["exempt the profile"]);
        assert!(same_shared(Some(&fixes), Some(&Rc::clone(&fixes))));
        assert!(same_shared(Some(&fixes), Some(&copy)));
        assert!(!same_shared(Some(&fixes), Some(&other)));
        assert!(!same_shared(Some(&fixes), None));
        assert!(same_shared::<Vec<&str>>(None, None));
    }

    #[test]
    fn dedent_restores_the_policy_as_written() {
        let raw = "{\n          \"Version\": \"2012-10-17\",\n          \"Statement\": []\n        }";
        assert_eq!(dedent(raw), "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}");
        assert_eq!(dedent("{}"), "{}");
    }

    #[test]
    fn scenario_round_trip_keeps_text_and_levels() {
        let inputs = Inputs::default();
        let scenario = inputs.to_scenario();
        assert_eq!(scenario.scps.as_ref().map(Vec::len), Some(3));
        let back = Inputs::from_scenario(&scenario);
        assert_eq!(back, inputs);
    }

    #[test]
    fn context_rows_read_arrays_as_multivalued() {
        let row = ContextRow {
            key: "aws:TagKeys".into(),
            value: r#"["a", "b"]"#.into(),
        };
        assert_eq!(row.parsed_value(), ContextValue::Multi(vec!["a".into(), "b".into()]));
        let row = ContextRow {
            key: "k".into(),
            value: "[not json".into(),
        };
        assert_eq!(row.parsed_value(), ContextValue::Single("[not json".into()));
    }
}
