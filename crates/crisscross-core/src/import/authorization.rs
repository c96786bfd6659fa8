//! What AWS says about one denied request, in detail: the output of `aws iam-toolbox
//! get-request-authorization-details` (Access Troubleshooter, preview) and of `aws sts
//! decode-authorization-message`. Each fills the principal, the call, the failed hop, the request
//! context, and the policies and statements AWS matched.
//!
//! IAM Toolbox API reference (<https://docs.aws.amazon.com/iam-toolbox/latest/APIReference/API_GetRequestAuthorizationDetails.html>):
//! `requestContext` ("context keys and values that apply to the entire request"), `evaluations[]`
//! (`action`, `resource`, `context` "applied on top of the request context", `evaluatedEffect` ALLOW,
//! EXPLICIT_DENY or IMPLICIT_DENY, `matchedPolicies[].uri` and `.matchedStatements[].sid`/
//! `.evaluatedEffect`; "An implicit denial produces no matched policies"), `policies[]` (`type`,
//! `inline`, `uri`, `attachedTo[].arn`). `GetRequestAuthorizationPolicy` returns the policy document as
//! it was captured; "For some AWS services and policy types, the returned policy document includes all
//! actions relevant to the service that processed the denied request, but might omit actions for other
//! services".
//!
//! STS API reference, `DecodeAuthorizationMessage` (<https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html>):
//! `DecodedMessage` is JSON text with `allowed`, `explicitDeny`, `matchedStatements.items[].statementId`
//! and `context` (`principal.arn`, `action`, `resource`, `conditions.items[]`); it names no policy.

use std::collections::BTreeMap;

use serde::Serialize;

use super::aws::{Reader, as_str, join};
use super::denial::{Imported, read_resource};
use crate::context::model::Derivation;
use crate::context::{ContextValue, Principal};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::route::catalog::Catalog;
use crate::route::hop::HOP_KEYS;
use crate::scenario::{Document, Layer, PolicyRef, Scenario, StatementRef};
use crate::syntax::json::{Node, Value};

/// A policy AWS matched on the failed check, and its statements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchedPolicy {
    /// The policy's ARN (managed policies, SCPs) or AWS's opaque identifier (inline policies).
    pub uri: String,
    /// Its layer, when crisscross evaluates that kind of policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<Layer>,
    /// AWS's name of its type (`SERVICE_CONTROL_POLICY`, `RESOURCE_CONTROL_POLICY`...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_type: Option<String>,
    /// Where it is attached (Organizations ARNs of the root, OU or account for SCPs).
    pub attached_to: Vec<String>,
    /// The Sids of the matched statements, with `ALLOW` or `DENY`.
    pub statements: Vec<(String, String)>,
}

/// One check AWS made for the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// `ALLOW`, `EXPLICIT_DENY` or `IMPLICIT_DENY`.
    pub effect: String,
    /// `aws:RequestedRegion` of this check, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// What a detailed denial says.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationImport {
    /// The command whose output this was.
    pub source: &'static str,
    /// The principal, call and failed hop, as for an AccessDenied message.
    pub denial: Imported,
    /// The role's path, from `aws:PrincipalArn`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_path: Option<String>,
    /// `aws:PrincipalOrgID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// `aws:CurrentTime` of the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evaluation_time: Option<String>,
    /// Every context key AWS recorded (the request's and the failed check's), as AWS gave it.
    pub context: BTreeMap<String, ContextValue>,
    /// Every check AWS recorded, in order.
    pub checks: Vec<Check>,
    /// The policies AWS matched on the failed check.
    pub matched: Vec<MatchedPolicy>,
}

const TOOLBOX_HELP: &str = "paste the JSON that `aws iam-toolbox get-request-authorization-details --authorization-id ID` prints: {\"requestContext\": {...}, \"evaluations\": [...], \"policies\": [...]}";
const STS_HELP: &str = "paste the JSON that `aws sts decode-authorization-message --encoded-message ...` prints: {\"DecodedMessage\": \"...\"}";

/// True when `text` is a toolbox details output, a captured policy, or an STS decoded message.
#[must_use]
pub fn is_authorization_text(text: &str) -> bool {
    let (Some(root), _) = crate::syntax::json::parse(text) else {
        return false;
    };
    [
        "evaluations",
        "requestContext",
        "DecodedMessage",
        "explicitDeny",
        "policyDocument",
    ]
    .iter()
    .any(|k| root.get(k).is_some())
}

/// Reads `get-request-authorization-details` or `decode-authorization-message` output.
///
/// # Errors
/// Located diagnostics (`denial-import`, or the JSON codes); nothing is returned then.
pub fn read_authorization(text: &str, catalog: &Catalog) -> Result<AuthorizationImport, Vec<Diagnostic>> {
    let (reader, root) = Reader::parse(text, Code::DenialImport)?;
    if root.get("DecodedMessage").is_some() {
        let inner = reader
            .string(&root, "DecodedMessage", "", STS_HELP)
            .map_err(|d| vec![d])?;
        let (inner_reader, decoded) = Reader::parse(inner, Code::DenialImport).map_err(|errors| {
            errors
                .into_iter()
                .map(|d| {
                    let mut d = d.with_path("DecodedMessage");
                    d.message = format!("in the decoded message: {}", d.message);
                    d
                })
                .collect::<Vec<_>>()
        })?;
        return from_sts(&inner_reader, &decoded, catalog).map_err(|d| vec![d]);
    }
    if root.get("explicitDeny").is_some() || root.get("allowed").is_some() {
        return from_sts(&reader, &root, catalog).map_err(|d| vec![d]);
    }
    from_toolbox(&reader, &root, catalog).map_err(|d| vec![d])
}

/// Reads `get-request-authorization-policy` output: the captured policy document.
///
/// # Errors
/// Located diagnostics when the text holds no policy document.
pub fn read_captured_policy(text: &str) -> Result<Document, Vec<Diagnostic>> {
    let (reader, root) = Reader::parse(text, Code::DenialImport)?;
    // The member that holds the document is not shown in the stored API reference: take the one member
    // whose value is a policy, or the text itself when it is a policy.
    let help = "paste the JSON that `aws iam-toolbox get-request-authorization-policy --authorization-id ID --policy-uri URI` prints, or the policy document itself";
    if root.get("Statement").is_some() {
        return reader.document(&root, "").map_err(|d| vec![d]);
    }
    let members = reader.object(&root, "", help).map_err(|d| vec![d])?;
    let holder = members
        .iter()
        .find(|m| m.value.get("Statement").is_some() || as_str(&m.value).is_some_and(|s| s.contains("Statement")));
    match holder {
        Some(m) => reader.document(&m.value, &m.key).map_err(|d| vec![d]),
        None => Err(vec![reader.error(
            "no policy document in this output",
            help,
            "",
            top(&root),
        )]),
    }
}

fn top(node: &Node) -> Span {
    Span::new(node.span.start as usize, node.span.start as usize + 1)
}

fn value_of(node: &Node) -> ContextValue {
    let text = |n: &Node| match &n.value {
        Value::String(s) => s.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    match &node.value {
        Value::Array(items) => ContextValue::Multi(items.iter().map(text).collect()),
        _ => ContextValue::Single(text(node)),
    }
}

fn context_of(node: Option<&Node>, into: &mut BTreeMap<String, ContextValue>) {
    for m in node.and_then(Node::as_object).unwrap_or_default() {
        into.insert(m.key.to_string(), value_of(&m.value));
    }
}

fn layer_of(policy_type: &str) -> Option<Layer> {
    match policy_type {
        "SERVICE_CONTROL_POLICY" => Some(Layer::Scp),
        "IDENTITY_BASED_POLICY" => Some(Layer::Identity),
        "PERMISSIONS_BOUNDARY" => Some(Layer::Boundary),
        "SESSION_POLICY" => Some(Layer::Session),
        _ => None,
    }
}

fn from_toolbox(reader: &Reader<'_>, root: &Node, catalog: &Catalog) -> Result<AuthorizationImport, Diagnostic> {
    let evaluations = reader.array(root, "evaluations", "", TOOLBOX_HELP)?;
    let mut request_context = BTreeMap::new();
    context_of(root.get("requestContext").map(|m| &m.value), &mut request_context);
    let policies = match root.get("policies").map(|m| &m.value.value) {
        Some(Value::Array(items)) => items.as_slice(),
        _ => &[],
    };
    let mut checks = Vec::new();
    let mut failed: Option<(usize, &Node)> = None;
    for (i, e) in evaluations.iter().enumerate() {
        let path = format!("evaluations[{i}]");
        let help =
            "an evaluation has `action`, `resource` and `evaluatedEffect` (ALLOW, EXPLICIT_DENY or IMPLICIT_DENY)";
        let action = reader.string(e, "action", &path, help)?;
        let resource = e.get("resource").and_then(|m| as_str(&m.value)).unwrap_or_default();
        let effect = reader.string(e, "evaluatedEffect", &path, help)?;
        if !["ALLOW", "EXPLICIT_DENY", "IMPLICIT_DENY"].contains(&effect) {
            return Err(reader.error(
                format!("unknown `evaluatedEffect` `{effect}`"),
                help,
                &join(&path, "evaluatedEffect"),
                e.get("evaluatedEffect").map_or(e.span, |m| m.value.span),
            ));
        }
        let mut own = BTreeMap::new();
        context_of(e.get("context").map(|m| &m.value), &mut own);
        let region = own
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("aws:RequestedRegion"))
            .and_then(|(_, v)| v.values().first().cloned());
        checks.push(Check {
            action: action.to_owned(),
            resource: resource.to_owned(),
            effect: effect.to_owned(),
            region,
        });
        let worse = |current: Option<&(usize, &Node)>| {
            current.is_none_or(|(j, _)| {
                effect == "EXPLICIT_DENY" && checks.get(*j).is_some_and(|c| c.effect != "EXPLICIT_DENY")
            })
        };
        if effect != "ALLOW" && worse(failed.as_ref()) {
            failed = Some((i, e));
        }
    }
    let mut context = request_context;
    let mut denial = Imported::default();
    let mut matched = Vec::new();
    if let Some((i, e)) = failed {
        let check = checks
            .get(i)
            .cloned()
            .ok_or_else(|| reader.error("no evaluation", TOOLBOX_HELP, "", top(root)))?;
        context_of(e.get("context").map(|m| &m.value), &mut context);
        denial.action = Some(check.action.clone());
        denial.resource = Some(check.resource.clone());
        denial.explicit = Some(check.effect == "EXPLICIT_DENY");
        matched = matched_policies(e, policies);
        let deciding = matched
            .iter()
            .find(|p| p.statements.iter().any(|(_, effect)| effect == "DENY"));
        if let Some(p) = deciding {
            denial.layer = p.layer;
            denial.policy_arn = p.uri.starts_with("arn:").then(|| p.uri.clone());
            if p.layer.is_none() {
                denial.notes.push(format!(
                    "the denying policy is a {}, which crisscross does not evaluate",
                    p.policy_type.as_deref().unwrap_or("policy of another type")
                ));
            }
        } else if check.effect == "IMPLICIT_DENY" {
            denial.notes.push(
                "an implicit deny: AWS lists no matched policy for it, so the layer that did not allow is not named"
                    .to_owned(),
            );
        }
        read_resource(&mut denial, catalog);
    } else {
        denial
            .notes
            .push("every evaluation is ALLOW: this request was not denied".to_owned());
    }
    // The profile and source Region from the profile check, or from bedrock:InferenceProfileArn.
    if let Some(profile_arn) = checks
        .iter()
        .map(|c| c.resource.as_str())
        .find(|r| r.contains(":inference-profile/"))
        .map(str::to_owned)
        .or_else(|| {
            context
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("bedrock:InferenceProfileArn"))
                .and_then(|(_, v)| v.values().first().cloned())
        })
        && let Some([_, _, _, region, _, resource]) = crate::syntax::arn::split(&profile_arn)
        && let Some(id) = resource.strip_prefix("inference-profile/")
    {
        denial.profile = Some(id.to_owned());
        denial.source_region = Some(region.to_owned());
        denial.candidate_profiles.clear();
        denial.notes.retain(|n| {
            !n.contains("the profile and source Region are not in it")
                && !n.contains("the source Region is not in the message")
        });
    }
    if denial.api.is_none() {
        denial.api = match denial.action.as_deref() {
            Some("bedrock:InvokeModel") => Some("InvokeModel".to_owned()),
            Some("bedrock:InvokeModelWithResponseStream") => Some("InvokeModelWithResponseStream".to_owned()),
            _ => None,
        };
    }
    let single = |key: &str| {
        context
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| v.values().first().cloned())
    };
    let principal_arn = single("aws:PrincipalArn");
    let (principal, role_path) = principal_of(
        principal_arn.as_deref(),
        single("aws:userid").as_deref(),
        single("aws:PrincipalType").as_deref(),
    );
    denial.principal = principal;
    if denial.principal.is_none() {
        denial
            .notes
            .push("no `aws:PrincipalArn` in `requestContext`: the caller is unknown".to_owned());
    }
    Ok(AuthorizationImport {
        source: "aws iam-toolbox get-request-authorization-details",
        denial,
        role_path,
        organization_id: single("aws:PrincipalOrgID"),
        evaluation_time: single("aws:CurrentTime").filter(|t| crate::time::parse_timestamp(t).is_some()),
        context,
        checks,
        matched,
    })
}

/// The caller: a role session (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, its path from the
/// role's ARN and its name from `aws:userid`, "role-id:session-name" in the IAM User Guide's table of
/// principal key values), or the principal ARN as it is.
fn principal_of(
    principal_arn: Option<&str>,
    userid: Option<&str>,
    kind: Option<&str>,
) -> (Option<String>, Option<String>) {
    let Some(arn) = principal_arn else {
        return (None, None);
    };
    let Some([_, partition, "iam", _, account, resource]) = crate::syntax::arn::split(arn) else {
        return (Some(arn.to_owned()), None);
    };
    let Some(rest) = resource.strip_prefix("role/") else {
        return (Some(arn.to_owned()), None);
    };
    let (path, name) = match rest.rsplit_once('/') {
        Some((path, name)) => (format!("/{path}/"), name),
        None => ("/".to_owned(), rest),
    };
    let session = userid.and_then(|u| u.split_once(':')).map(|(_, s)| s);
    match (kind, session) {
        (Some("AssumedRole") | None, Some(session)) => (
            Some(format!("arn:{partition}:sts::{account}:assumed-role/{name}/{session}")),
            Some(path),
        ),
        _ => (Some(arn.to_owned()), None),
    }
}

fn matched_policies(evaluation: &Node, policies: &[Node]) -> Vec<MatchedPolicy> {
    let Some(Value::Array(items)) = evaluation.get("matchedPolicies").map(|m| &m.value.value) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|p| {
            let uri = p.get("uri").and_then(|m| as_str(&m.value))?.to_owned();
            let info = policies
                .iter()
                .find(|i| i.get("uri").and_then(|m| as_str(&m.value)) == Some(uri.as_str()));
            let policy_type = info
                .and_then(|i| i.get("type"))
                .and_then(|m| as_str(&m.value))
                .map(str::to_owned);
            let attached_to = match info.and_then(|i| i.get("attachedTo")).map(|m| &m.value.value) {
                Some(Value::Array(list)) => list
                    .iter()
                    .filter_map(|a| a.get("arn").and_then(|m| as_str(&m.value)).map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            let statements = match p.get("matchedStatements").map(|m| &m.value.value) {
                Some(Value::Array(list)) => list
                    .iter()
                    .map(|s| {
                        let text = |k: &str| s.get(k).and_then(|m| as_str(&m.value)).unwrap_or_default().to_owned();
                        (text("sid"), text("evaluatedEffect"))
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Some(MatchedPolicy {
                layer: policy_type.as_deref().and_then(layer_of),
                uri,
                policy_type,
                attached_to,
                statements,
            })
        })
        .collect()
}

fn from_sts(reader: &Reader<'_>, root: &Node, catalog: &Catalog) -> Result<AuthorizationImport, Diagnostic> {
    let help = "the decoded message has `allowed`, `explicitDeny`, `matchedStatements` and `context` with `principal`, `action` and `resource`";
    let context_node = reader.member(root, "context", "", help)?;
    let principal = context_node
        .get("principal")
        .and_then(|m| m.value.get("arn"))
        .and_then(|m| as_str(&m.value))
        .map(str::to_owned);
    let action = reader.string(context_node, "action", "context", help)?;
    let resource = context_node
        .get("resource")
        .and_then(|m| as_str(&m.value))
        .unwrap_or_default();
    let mut conditions = BTreeMap::new();
    if let Some(Value::Array(items)) = context_node
        .get("conditions")
        .and_then(|m| m.value.get("items"))
        .map(|m| &m.value.value)
    {
        for item in items {
            let Some(key) = item.get("key").and_then(|m| as_str(&m.value)) else {
                continue;
            };
            let values: Vec<String> = match item
                .get("values")
                .and_then(|m| m.value.get("items"))
                .map(|m| &m.value.value)
            {
                Some(Value::Array(vs)) => vs
                    .iter()
                    .filter_map(|v| v.get("value").and_then(|m| as_str(&m.value)).map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            let value = match values.as_slice() {
                [one] => ContextValue::Single(one.clone()),
                _ => ContextValue::Multi(values),
            };
            conditions.insert(key.to_owned(), value);
        }
    }
    let single = |key: &str| conditions.get(key).and_then(|v| v.values().first().cloned());
    // The AWS CLI example prints `RunInstances` with the service in aws:Service; re:Post's prints `iam:PassRole`.
    let action = if action.contains(':') {
        action.to_owned()
    } else {
        format!("{}:{action}", single("aws:Service").unwrap_or_default())
    };
    let explicit = matches!(
        root.get("explicitDeny").map(|m| &m.value.value),
        Some(Value::Bool(true))
    );
    let allowed = matches!(root.get("allowed").map(|m| &m.value.value), Some(Value::Bool(true)));
    let mut denial = Imported {
        principal,
        action: Some(action.clone()),
        resource: Some(resource.to_owned()),
        explicit: Some(explicit),
        ..Imported::default()
    };
    denial
        .notes
        .push("a decoded authorization message does not say which kind of policy denied, nor its ARN".to_owned());
    if allowed {
        denial
            .notes
            .push("`allowed` is true: this request was not denied".to_owned());
    }
    read_resource(&mut denial, catalog);
    denial.source_region = denial.source_region.or_else(|| single("aws:Region"));
    let statements: Vec<(String, String)> = match root
        .get("matchedStatements")
        .and_then(|m| m.value.get("items"))
        .map(|m| &m.value.value)
    {
        Some(Value::Array(items)) => items
            .iter()
            .map(|s| {
                let text = |k: &str| s.get(k).and_then(|m| as_str(&m.value)).unwrap_or_default().to_owned();
                (text("statementId"), text("effect"))
            })
            .collect(),
        _ => Vec::new(),
    };
    // aws:Region, aws:Service, aws:Resource, aws:Type, aws:ARN and aws:Account describe the request
    // itself in this message; they are not condition keys a policy can use.
    let described = [
        "aws:Region",
        "aws:Service",
        "aws:Resource",
        "aws:Type",
        "aws:ARN",
        "aws:Account",
    ];
    let context: BTreeMap<String, ContextValue> =
        crate::order::map_of(conditions.into_iter().filter(|(k, _)| !described.contains(&k.as_str())));
    let region = denial.source_region.clone();
    Ok(AuthorizationImport {
        source: "aws sts decode-authorization-message",
        checks: vec![Check {
            action,
            resource: resource.to_owned(),
            effect: if allowed {
                "ALLOW"
            } else if explicit {
                "EXPLICIT_DENY"
            } else {
                "IMPLICIT_DENY"
            }
            .to_owned(),
            region,
        }],
        matched: if statements.is_empty() {
            Vec::new()
        } else {
            vec![MatchedPolicy {
                uri: String::new(),
                layer: None,
                policy_type: None,
                attached_to: Vec::new(),
                statements,
            }]
        },
        denial,
        role_path: None,
        organization_id: None,
        evaluation_time: None,
        context,
    })
}

impl AuthorizationImport {
    /// Puts what AWS recorded into a scenario: the principal and its path, the call (a Bedrock call by
    /// profile, or a plain request), the organization ID, the time, and the context keys crisscross does
    /// not derive itself. Policies stay as they are.
    pub fn apply_to(&self, scenario: &mut Scenario) {
        self.denial.apply_to(scenario);
        if let Some(path) = &self.role_path {
            scenario.role_path = Some(path.clone());
        }
        if self.organization_id.is_some() && scenario.scps.is_some() {
            scenario.organization_id.clone_from(&self.organization_id);
        }
        if let Some(time) = &self.evaluation_time {
            scenario.evaluation_time = Some(time.clone());
        }
        let bedrock_call = self.denial.profile.is_some() || !self.denial.candidate_profiles.is_empty();
        if !bedrock_call && let (Some(action), Some(resource)) = (&self.denial.action, &self.denial.resource) {
            scenario.request = crate::scenario::RequestInput {
                action: Some(action.clone()),
                resource: Some(resource.clone()),
                region: self
                    .checks
                    .iter()
                    .find(|c| c.effect != "ALLOW")
                    .and_then(|c| c.region.clone())
                    .or_else(|| self.denial.source_region.clone()),
                ..crate::scenario::RequestInput::default()
            };
        }
        // Keys the scenario derives (principal, organization, time, transport) or each hop sets are left
        // to crisscross, so they do not override what it derives.
        let derived = Principal::parse(&scenario.principal).ok().map(|p| {
            let p = p.with_session(scenario.role_path.as_deref(), scenario.session_name.as_deref());
            let targets: Option<Vec<String>> = scenario
                .scps
                .as_ref()
                .map(|l| l.iter().map(|l| l.target.clone()).collect());
            Derivation {
                principal: &p,
                organization_id: scenario.organization_id.as_deref(),
                org_targets: targets.as_deref(),
                epoch_seconds: Some(0),
            }
            .context()
        });
        for (key, value) in &self.context {
            let lower = key.to_ascii_lowercase();
            let derives = derived.as_ref().is_some_and(|c| c.entry(&lower).is_some());
            let hop = bedrock_call && HOP_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key));
            let always = [
                "aws:requestedregion",
                "aws:currenttime",
                "aws:epochtime",
                "aws:securetransport",
                "aws:viaawsservice",
                "aws:principalisawsservice",
                "aws:resourceaccount",
            ]
            .contains(&lower.as_str());
            if !(derives || hop || always) {
                scenario.context.insert(key.clone(), value.clone());
            }
        }
    }

    /// The scenario's policies AWS matched on the failed check, with their statements found by Sid.
    #[must_use]
    pub fn matched_in(&self, scenario: &Scenario) -> Vec<(PolicyRef, Vec<StatementRef>)> {
        let mut out = Vec::new();
        for m in &self.matched {
            let by_arn = scenario
                .policy_refs()
                .find(|(_, p)| !m.uri.is_empty() && p.arn.as_deref() == Some(m.uri.as_str()));
            let candidates: Vec<PolicyRef> = match by_arn {
                Some((at, _)) => vec![at],
                // Inline policies have an opaque URI: find them by the Sids AWS matched.
                None => scenario
                    .policy_refs()
                    .filter(|(at, _)| m.layer.is_none_or(|l| at.layer() == l))
                    .map(|(at, _)| at)
                    .collect(),
            };
            for at in candidates {
                let Some(policy) = scenario.policy(at) else { continue };
                let parsed =
                    crate::policy::parse_policy(policy.document.text(), crate::policy::PolicyType::from(at.layer()));
                let Some(parsed) = parsed.policy else { continue };
                let statements: Vec<StatementRef> = m
                    .statements
                    .iter()
                    .filter_map(|(sid, _)| {
                        parsed
                            .statements()
                            .iter()
                            .find(|s| s.sid.as_deref() == Some(sid.as_str()))
                    })
                    .map(|s| StatementRef {
                        policy: at,
                        statement: s.index,
                    })
                    .collect();
                if !statements.is_empty() || by_arn.is_some() {
                    out.push((at, statements));
                    break;
                }
            }
        }
        out
    }
}
