//! The scenario format, version 1: one JSON document that is the CLI input, a test-corpus file, the
//! playground state and a share link's payload. Specified in `docs/scenario-format.md`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

pub(crate) mod policy_ref;

use crate::context::ContextValue;
use crate::diagnostic::{Code, Diagnostic, Span, line_column};
use crate::evaluate::Decision;
pub use policy_ref::{Layer, PolicyRef, StatementRef};

/// The only scenario version this build reads and writes.
pub const VERSION: u32 = 1;

/// A whole scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    /// Always [`VERSION`].
    pub version: u32,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The caller's ARN.
    pub principal: String,
    /// Whether SCPs apply to the principal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_scope: Option<PrincipalScope>,
    /// The role's path (`/service-role/`), for a principal given as a role-session ARN, which does not
    /// carry it: `aws:PrincipalArn` is the role's ARN with its path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_path: Option<String>,
    /// The role session's name, for a principal given as a role ARN; AccessDenied messages name the
    /// session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_name: Option<String>,
    /// The organization's ID (`o-a1b2c3d4e5`): with the SCP levels' targets it gives
    /// `aws:PrincipalOrgID` and `aws:PrincipalOrgPaths`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// When the call is made (RFC 3339, such as `2026-11-30T12:00:00Z`), for `aws:CurrentTime` and
    /// `aws:EpochTime`; the time of evaluation when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation_time: Option<String>,
    /// SCP levels, root first; `None` when the account is not governed by SCPs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scps: Option<Vec<ScpLevelInput>>,
    /// Identity-based policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identity_policies: Vec<PolicyInput>,
    /// Permissions boundary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<PolicyInput>,
    /// Session policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_policy: Option<PolicyInput>,
    /// Extra context keys.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, ContextValue>,
    /// What is called.
    pub request: RequestInput,
    /// Inference profiles that the built-in catalog lacks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_profiles: Vec<CustomProfile>,
    /// Expected verdicts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
}

/// Whether SCPs apply to the principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrincipalScope {
    /// A principal in a member account: SCPs apply.
    Member,
    /// A principal in the management account: SCPs do not apply.
    ManagementAccount,
    /// A service-linked role: SCPs do not apply.
    ServiceLinkedRole,
}

/// One SCP level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScpLevelInput {
    /// Root, OU or account ID or name.
    pub target: String,
    /// Attached SCPs.
    pub policies: Vec<PolicyInput>,
}

/// A named policy document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyInput {
    /// The user's name for the policy.
    pub name: String,
    /// The document.
    pub document: Document,
    /// The policy's ARN, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
}

/// A policy document, kept exactly as the user wrote it.
///
/// The text is shared: the page builds a scenario on every keystroke, and copying every unchanged policy
/// of an organization into it took a large part of that keystroke's evaluation. Copies of a scenario share
/// their texts, and comparing shared texts settles on the address without reading them.
#[derive(Debug, Clone, Eq)]
pub enum Document {
    /// Given as a string: the text is the policy.
    Text(Arc<str>),
    /// Given as a JSON object inside the scenario: the text of that object, byte for byte.
    Json(Arc<str>),
}

impl Document {
    /// The policy text.
    #[must_use]
    pub fn text(&self) -> &str {
        self.shared()
    }

    /// The policy text, as shared by every copy of this document.
    #[must_use]
    pub fn shared(&self) -> &Arc<str> {
        match self {
            Self::Text(t) | Self::Json(t) => t,
        }
    }
}

/// The page compares scenarios on every keystroke, and with them every policy text of an organization.
impl PartialEq for Document {
    fn eq(&self, other: &Self) -> bool {
        matches!(
            (self, other),
            (Self::Text(_), Self::Text(_)) | (Self::Json(_), Self::Json(_))
        ) && crate::analysis::same_shared_text(self.shared(), other.shared())
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(t) => serializer.serialize_str(t),
            Self::Json(raw) => match RawValue::from_string(raw.to_string()) {
                Ok(value) => value.serialize(serializer),
                Err(_) => serializer.serialize_str(raw),
            },
        }
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let text = raw.get();
        if text.starts_with('"') {
            serde_json::from_str::<String>(text)
                .map(|text| Self::Text(text.into()))
                .map_err(D::Error::custom)
        } else if text.starts_with('{') {
            Ok(Self::Json(text.into()))
        } else {
            Err(D::Error::custom(
                "`document` must be a policy object or a string holding the policy text",
            ))
        }
    }
}

/// What is called: a plain request, or a Bedrock runtime call.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequestInput {
    /// Plain request: the IAM action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Plain request: the resource ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Plain request: the Region (`aws:RequestedRegion`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Bedrock call: profile ID, application profile ARN, or model ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Bedrock call: the Region the client calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_region: Option<String>,
    /// Bedrock call: the runtime API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api: Option<String>,
}

/// A profile the user describes: a system profile the catalog lacks, or an application profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomProfile {
    /// System profile ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Application inference profile ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The foundation model ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The source Region of this route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_region: Option<String>,
    /// Destination Regions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destinations: Vec<String>,
    /// For an application profile: the system profile ID or model ID it copies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_from: Option<String>,
    /// The date the route was read from the account (`aws bedrock get-inference-profile`), shown as
    /// the verdict's provenance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_at: Option<String>,
}

/// Expected verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Expect {
    /// The call's decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// The layer that blocked the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<Layer>,
    /// Every hop, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hops: Option<Vec<ExpectHop>>,
    /// Diagnostics that must be reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<Vec<ExpectDiagnostic>>,
}

/// Expected verdict of one hop; only the given fields are compared.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpectHop {
    /// Hop kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Hop Region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// Blocking layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<Layer>,
    /// Sid of a deciding statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Index of a deciding statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<usize>,
    /// The condition keys the hop's decision depends on that the scenario does not give (`[]`: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<Vec<String>>,
}

/// A diagnostic that must be reported.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpectDiagnostic {
    /// Its code.
    pub code: String,
    /// The policy it is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// 1-based line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl Scenario {
    /// Reads a scenario from JSON text.
    ///
    /// # Errors
    /// A diagnostic with the line and column of the problem.
    pub fn from_json(text: &str) -> Result<Self, Diagnostic> {
        let scenario: Self = serde_json::from_str(text).map_err(|e| {
            let code = if e.is_syntax() || e.is_eof() {
                Code::ScenarioSyntax
            } else {
                Code::ScenarioField
            };
            let message = e.to_string();
            // serde_json appends " at line L column C"; the location is reported separately.
            let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
            let line = u32::try_from(e.line()).unwrap_or(u32::MAX);
            let column = u32::try_from(e.column().max(1)).unwrap_or(u32::MAX);
            let mut d = Diagnostic::error(code, message).with_help(if code == Code::ScenarioSyntax {
                "the scenario must be one JSON object; see docs/scenario-format.md"
            } else {
                "see docs/scenario-format.md for the fields of a scenario"
            });
            d.line = Some(line);
            d.column = Some(column);
            d
        })?;
        if scenario.version != VERSION {
            return Err(Diagnostic::error(
                Code::ScenarioVersion,
                format!("unsupported scenario version {}", scenario.version),
            )
            .with_help("this build of crisscross reads version 1; write \"version\": 1"));
        }
        Ok(scenario)
    }

    /// The canonical JSON text (compact, fields in a fixed order, defaults left out).
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Pretty JSON for files.
    #[must_use]
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Every policy with its address, in evaluation order: SCPs root first, identity policies, the
    /// permissions boundary, the session policy.
    pub fn policy_refs(&self) -> impl Iterator<Item = (PolicyRef, &PolicyInput)> {
        let scps = self.scps.iter().flatten().enumerate().flat_map(|(level, l)| {
            l.policies
                .iter()
                .enumerate()
                .map(move |(index, p)| (PolicyRef::Scp { level, index }, p))
        });
        let identity = self
            .identity_policies
            .iter()
            .enumerate()
            .map(|(i, p)| (PolicyRef::Identity(i), p));
        let boundary = self.permissions_boundary.iter().map(|p| (PolicyRef::Boundary, p));
        let session = self.session_policy.iter().map(|p| (PolicyRef::Session, p));
        scps.chain(identity).chain(boundary).chain(session)
    }

    /// The policy at an address.
    #[must_use]
    pub fn policy(&self, at: PolicyRef) -> Option<&PolicyInput> {
        match at {
            PolicyRef::Scp { level, index } => self.scps.as_ref()?.get(level)?.policies.get(index),
            PolicyRef::Identity(index) => self.identity_policies.get(index),
            PolicyRef::Boundary => self.permissions_boundary.as_ref(),
            PolicyRef::Session => self.session_policy.as_ref(),
        }
    }

    /// The policy at an address, to change it.
    pub fn policy_mut(&mut self, at: PolicyRef) -> Option<&mut PolicyInput> {
        match at {
            PolicyRef::Scp { level, index } => self.scps.as_mut()?.get_mut(level)?.policies.get_mut(index),
            PolicyRef::Identity(index) => self.identity_policies.get_mut(index),
            PolicyRef::Boundary => self.permissions_boundary.as_mut(),
            PolicyRef::Session => self.session_policy.as_mut(),
        }
    }

    /// Adds a policy in the place `at` names: appended to its SCP level or to the identity policies, or
    /// as the permissions boundary or session policy (replacing any there). Returns where it went.
    pub fn add_policy(&mut self, at: PolicyRef, policy: PolicyInput) -> Option<PolicyRef> {
        match at {
            PolicyRef::Scp { level, .. } => {
                let policies = &mut self.scps.as_mut()?.get_mut(level)?.policies;
                policies.push(policy);
                Some(PolicyRef::Scp {
                    level,
                    index: policies.len() - 1,
                })
            }
            PolicyRef::Identity(_) => {
                self.identity_policies.push(policy);
                Some(PolicyRef::Identity(self.identity_policies.len() - 1))
            }
            PolicyRef::Boundary => {
                self.permissions_boundary = Some(policy);
                Some(at)
            }
            PolicyRef::Session => {
                self.session_policy = Some(policy);
                Some(at)
            }
        }
    }

    /// The target (root, OU or account) of an SCP level.
    #[must_use]
    pub fn level_target(&self, level: usize) -> Option<&str> {
        Some(self.scps.as_ref()?.get(level)?.target.as_str())
    }

    /// How people read a policy's address: "SCP `RegionDeny` (ou-workloads)", "identity policy
    /// `BedrockUser`". When several policies in one place share a name, each label adds its position
    /// ("SCP `Deny` (ou-a) #2") so that no two labels are the same.
    #[must_use]
    pub fn label(&self, at: PolicyRef) -> String {
        let name = self.policy(at).map_or("", |p| p.name.as_str());
        self.label_named(at, name)
    }

    /// The label a policy at `at` has, or would have, with the name `name`.
    #[must_use]
    pub fn label_named(&self, at: PolicyRef, name: &str) -> String {
        let kind = at.layer().label();
        let target = at.level().and_then(|level| self.level_target(level));
        let neighbours: &[PolicyInput] = match at {
            PolicyRef::Scp { level, .. } => self
                .scps
                .as_ref()
                .and_then(|l| l.get(level))
                .map_or(&[], |l| l.policies.as_slice()),
            PolicyRef::Identity(_) => &self.identity_policies,
            PolicyRef::Boundary | PolicyRef::Session => &[],
        };
        let has_namesake = neighbours
            .iter()
            .enumerate()
            .any(|(i, p)| i != at.index() && p.name == name);
        // Built piece by piece: every policy of a scenario is labelled each time it is prepared.
        let mut label = String::with_capacity(kind.len() + name.len() + target.map_or(0, str::len) + 12);
        label.push_str(kind);
        label.push_str(" `");
        label.push_str(name);
        label.push('`');
        if let Some(target) = target {
            label.push_str(" (");
            label.push_str(target);
            label.push(')');
        }
        if has_namesake {
            label.push_str(" #");
            label.push_str(&(at.index() + 1).to_string());
        }
        label
    }

    /// Warnings for policies that share a name in one place: AWS Organizations refuses a second policy
    /// with a name already used in the organization, and IAM a second inline policy of the same name.
    #[must_use]
    pub fn duplicate_names(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut check = |policies: &[PolicyInput], at: &dyn Fn(usize) -> PolicyRef, place: &dyn Fn() -> String| {
            for (i, p) in policies.iter().enumerate() {
                if policies.iter().take(i).any(|q| q.name == p.name) {
                    out.push(
                        Diagnostic::warning(
                            Code::DuplicatePolicyName,
                            format!("another policy {} is already named `{}`", place(), p.name),
                        )
                        .with_help("AWS keeps policy names unique (Organizations within the organization, IAM within a role or account); rename one so that results and fixes name the policy you mean")
                        .for_policy(at(i)),
                    );
                }
            }
        };
        for (level, l) in self.scps.iter().flatten().enumerate() {
            check(&l.policies, &|index| PolicyRef::Scp { level, index }, &|| {
                format!("at `{}`", l.target)
            });
        }
        check(&self.identity_policies, &PolicyRef::Identity, &|| {
            "among the identity policies".to_owned()
        });
        out
    }
}

/// True when `text` reads as a scenario rather than a policy: an object with `version` and no
/// `Statement`. Text with JSON errors is still recognised, so its errors can be reported as a scenario's.
#[must_use]
pub fn is_scenario_text(text: &str) -> bool {
    crate::syntax::json::parse(text).0.is_some_and(|root| {
        root.as_object().is_some() && root.get("version").is_some() && root.get("Statement").is_none()
    })
}

/// For a policy given as an object inside a scenario file, where its text starts in the file: used to
/// report diagnostics at the file's line and column.
#[must_use]
pub fn locate_in_file(file: &str, document: &str, search_from: usize) -> Option<(usize, Span)> {
    let start = file.get(search_from..)?.find(document)? + search_from;
    Some((start, Span::new(start, start + document.len())))
}

/// Moves a diagnostic located in `document` to its place in `file`, where the document starts at byte `start`.
pub fn relocate(diagnostic: &mut Diagnostic, file: &str, start: usize) {
    if let Some(span) = diagnostic.span {
        let absolute = start + span.start as usize;
        let (line, column) = line_column(file, absolute);
        diagnostic.line = Some(line);
        diagnostic.column = Some(column);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{
  "version": 1,
  "principal": "arn:aws:iam::111122223333:role/App",
  "identityPolicies": [{"name": "P", "document": {"Version": "2012-10-17",  "Statement": []}}],
  "context": {"aws:PrincipalTag/team": "ml", "aws:TagKeys": ["a", "b"]},
  "request": {"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "region": "us-east-1"}
}"#;

    #[test]
    fn keeps_object_documents_byte_for_byte() {
        let s = Scenario::from_json(SAMPLE).unwrap();
        assert_eq!(
            s.identity_policies[0].document,
            Document::Json(r#"{"Version": "2012-10-17",  "Statement": []}"#.into())
        );
        assert_eq!(
            s.context["aws:TagKeys"],
            ContextValue::Multi(vec!["a".into(), "b".into()])
        );
        let again = Scenario::from_json(&s.to_json()).unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn errors_carry_line_and_column() {
        let bad = SAMPLE.replace("\"principal\"", "\"principle\"");
        let d = Scenario::from_json(&bad).unwrap_err();
        assert_eq!(d.code, "scenario-field");
        assert_eq!(d.line, Some(3));
        assert!(d.message.contains("principle"), "{}", d.message);
    }
}
