//! The identity side of one role, from IAM outputs: `aws iam get-account-authorization-details`, or
//! `get-role` with `list-role-policies` / `get-role-policy` and `list-attached-role-policies` /
//! `get-policy-version`.
//!
//! IAM API reference: `RoleDetail` (`Path`, `RolePolicyList`, `AttachedManagedPolicies`,
//! `PermissionsBoundary.PermissionsBoundaryArn`), `ManagedPolicyDetail` (`DefaultVersionId`,
//! `PolicyVersionList[].IsDefaultVersion`: only the default version is in effect, "Versioning IAM
//! policies" in the IAM User Guide), `AttachedPermissionsBoundary`. A role's ARN carries its path
//! (IAM identifiers), which is `aws:PrincipalArn` for its sessions.

use serde::Serialize;

use super::aws::{Reader, as_str, join};
use super::parts::Parts;
use crate::diagnostic::{Diagnostic, Span};
use crate::scenario::{Document, PolicyInput, Scenario};
use crate::syntax::json::{Member, Node, Value};

/// A role's policies as IAM holds them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleImport {
    /// The role's ARN, with its path.
    pub principal: String,
    /// The role's name.
    pub role_name: String,
    /// The role's path (`/` when it has none).
    pub path: String,
    /// Inline policies first (by name), then the attached managed policies (with their ARNs).
    pub identity_policies: Vec<PolicyInput>,
    /// The permissions boundary, with its ARN.
    pub permissions_boundary: Option<PolicyInput>,
    /// What could not be settled, in words.
    pub notes: Vec<String>,
}

impl RoleImport {
    /// Puts the role into a scenario. A principal that is a session of this role stays (its ARN names the
    /// session, which IAM does not know) and gets `rolePath`; any other principal becomes the role's ARN.
    /// The identity policies and the boundary are replaced: the import is the role's whole set.
    pub fn apply_to(&self, scenario: &mut Scenario) {
        let account = crate::syntax::arn::split(&self.principal)
            .map(|f| f[4])
            .unwrap_or_default();
        let session_of_role =
            crate::syntax::arn::split(&scenario.principal).is_some_and(|[_, _, service, _, acct, resource]| {
                service == "sts"
                    && acct == account
                    && resource
                        .strip_prefix("assumed-role/")
                        .and_then(|rest| rest.split('/').next())
                        == Some(self.role_name.as_str())
            });
        if session_of_role {
            scenario.role_path = Some(self.path.clone());
        } else {
            scenario.principal.clone_from(&self.principal);
            scenario.role_path = None;
        }
        scenario.identity_policies.clone_from(&self.identity_policies);
        scenario.permissions_boundary.clone_from(&self.permissions_boundary);
    }
}

const DETAILS_HELP: &str = "get-account-authorization-details prints {\"RoleDetailList\": [...], \"Policies\": [...]}; collect it with --filter Role LocalManagedPolicy AWSManagedPolicy so the managed policies' documents are in it";

fn top(node: &Node) -> Span {
    Span::new(node.span.start as usize, node.span.start as usize + 1)
}

/// The name a role is asked for by: its name, or the last part of its ARN.
fn wanted_name(role: &str) -> &str {
    role.rsplit('/').next().unwrap_or(role)
}

/// Reads the role `role` (or the only role present).
pub(crate) fn read_role(
    reader: &Reader<'_>,
    parts: &Parts<'_>,
    role: Option<&str>,
    hint: Option<&str>,
) -> Result<RoleImport, Diagnostic> {
    if let Some(details) = parts.authorization_details {
        let hinted = role.is_none()
            && hint.is_some_and(|h| {
                matches!(details.get("RoleDetailList").map(|m| &m.value.value), Some(Value::Array(roles))
                    if roles.iter().any(|r| r.get("RoleName").and_then(|m| as_str(&m.value)) == Some(wanted_name(h))))
            });
        return from_details(reader, parts, details, if hinted { hint } else { role });
    }
    let Some(get_role) = parts.get_role else {
        return Err(reader.error("no IAM output", DETAILS_HELP, "", Span::default()));
    };
    from_commands(reader, parts, get_role, role)
}

fn truncated(reader: &Reader<'_>, node: &Node, path: &str, command: &str) -> Result<(), Diagnostic> {
    match node.get("IsTruncated") {
        Some(m) if m.value.value == Value::Bool(true) => Err(reader.error(
            format!("`{command}` output is truncated (`IsTruncated`: true)"),
            "run the command without --max-items or --no-paginate: the AWS CLI then fetches every page",
            &join(path, "IsTruncated"),
            m.value.span,
        )),
        _ => Ok(()),
    }
}

fn from_details(
    reader: &Reader<'_>,
    parts: &Parts<'_>,
    details: &Node,
    role: Option<&str>,
) -> Result<RoleImport, Diagnostic> {
    let path = if parts.bare {
        ""
    } else {
        "getAccountAuthorizationDetails"
    };
    truncated(reader, details, path, "get-account-authorization-details")?;
    let roles = reader.array(details, "RoleDetailList", path, DETAILS_HELP)?;
    let name_of = |r: &Node| {
        r.get("RoleName")
            .and_then(|m| as_str(&m.value))
            .unwrap_or_default()
            .to_owned()
    };
    let (index, detail) = match role {
        Some(wanted) => roles
            .iter()
            .enumerate()
            .find(|(_, r)| name_of(r) == wanted_name(wanted))
            .ok_or_else(|| {
                let names: Vec<String> = roles.iter().map(name_of).take(12).collect();
                reader.error(
                    format!("no role `{}` in `RoleDetailList`", wanted_name(wanted)),
                    &format!("the output holds {}; ask for one of them", names.join(", ")),
                    &join(path, "RoleDetailList"),
                    top(details),
                )
            })?,
        None => match roles {
            [only] => (0, only),
            _ => {
                let names: Vec<String> = roles.iter().map(name_of).take(12).collect();
                return Err(reader.error(
                    format!("{} roles in `RoleDetailList`: which one calls?", roles.len()),
                    &format!("name the role (`--role NAME`); the output holds {}", names.join(", ")),
                    &join(path, "RoleDetailList"),
                    top(details),
                ));
            }
        },
    };
    let at = join(path, &format!("RoleDetailList[{index}]"));
    let help = "a RoleDetail has Path, RoleName, Arn, RolePolicyList, AttachedManagedPolicies and PermissionsBoundary";
    let mut out = role_head(reader, detail, &at, help)?;
    if let Some(list) = detail.get("RolePolicyList") {
        let Value::Array(items) = &list.value.value else {
            return Err(reader.error("`RolePolicyList` should be a list", help, &at, list.value.span));
        };
        for (i, p) in items.iter().enumerate() {
            let here = format!("{at}.RolePolicyList[{i}]");
            let name = reader.string(p, "PolicyName", &here, help)?;
            let document = reader.document(
                reader.member(p, "PolicyDocument", &here, help)?,
                &join(&here, "PolicyDocument"),
            )?;
            out.identity_policies.push(PolicyInput {
                name: name.to_owned(),
                document,
                arn: None,
            });
        }
    }
    let managed = details.get("Policies").map(|m| &m.value);
    let lookup = |arn: &str| -> Result<Document, Diagnostic> { managed_document(reader, parts, managed, arn, path) };
    if let Some(list) = detail.get("AttachedManagedPolicies") {
        let Value::Array(items) = &list.value.value else {
            return Err(reader.error("`AttachedManagedPolicies` should be a list", help, &at, list.value.span));
        };
        for (i, p) in items.iter().enumerate() {
            let here = format!("{at}.AttachedManagedPolicies[{i}]");
            let arn = reader.string(p, "PolicyArn", &here, help)?;
            let name = p
                .get("PolicyName")
                .and_then(|m| as_str(&m.value))
                .unwrap_or_else(|| wanted_name(arn));
            out.identity_policies.push(PolicyInput {
                name: name.to_owned(),
                document: lookup(arn).map_err(|d| locate(d, reader, p))?,
                arn: Some(arn.to_owned()),
            });
        }
    }
    if let Some(arn) = boundary_arn(reader, detail, &at)? {
        out.permissions_boundary = Some(PolicyInput {
            name: wanted_name(&arn).to_owned(),
            document: lookup(&arn).map_err(|d| locate(d, reader, detail))?,
            arn: Some(arn),
        });
    }
    Ok(out)
}

/// A diagnostic without a place gets the place of `node`.
fn locate(d: Diagnostic, reader: &Reader<'_>, node: &Node) -> Diagnostic {
    if d.line.is_some() {
        d
    } else {
        d.at(reader.text, top(node))
    }
}

fn role_head(reader: &Reader<'_>, role: &Node, at: &str, help: &str) -> Result<RoleImport, Diagnostic> {
    let arn = reader.string(role, "Arn", at, help)?;
    let name = reader.string(role, "RoleName", at, help)?;
    let path = role.get("Path").and_then(|m| as_str(&m.value)).unwrap_or("/");
    Ok(RoleImport {
        principal: arn.to_owned(),
        role_name: name.to_owned(),
        path: path.to_owned(),
        identity_policies: Vec::new(),
        permissions_boundary: None,
        notes: Vec::new(),
    })
}

fn boundary_arn(reader: &Reader<'_>, role: &Node, at: &str) -> Result<Option<String>, Diagnostic> {
    let Some(boundary) = role.get("PermissionsBoundary") else {
        return Ok(None);
    };
    let help = "PermissionsBoundary is {\"PermissionsBoundaryType\": \"PermissionsBoundaryPolicy\", \"PermissionsBoundaryArn\": \"...\"}";
    Ok(Some(
        reader
            .string(
                &boundary.value,
                "PermissionsBoundaryArn",
                &join(at, "PermissionsBoundary"),
                help,
            )?
            .to_owned(),
    ))
}

fn keyed<'n>(members: &'n [Member<'n>], key: &str) -> Option<&'n Member<'n>> {
    members.iter().find(|m| m.key == key)
}

/// The default version's document of a managed policy: from `Policies` of the authorization details,
/// else from a `getPolicyVersion` entry.
fn managed_document(
    reader: &Reader<'_>,
    parts: &Parts<'_>,
    managed: Option<&Node>,
    arn: &str,
    path: &str,
) -> Result<Document, Diagnostic> {
    if let Some(Value::Array(policies)) = managed.map(|n| &n.value) {
        for (i, p) in policies.iter().enumerate() {
            if p.get("Arn").and_then(|m| as_str(&m.value)) != Some(arn) {
                continue;
            }
            let here = join(path, &format!("Policies[{i}]"));
            let help = "a ManagedPolicyDetail has DefaultVersionId and PolicyVersionList[{Document, VersionId, IsDefaultVersion}]";
            let default = p.get("DefaultVersionId").and_then(|m| as_str(&m.value));
            let versions = reader.array(p, "PolicyVersionList", &here, help)?;
            let chosen = versions.iter().enumerate().find(|(_, v)| {
                v.get("IsDefaultVersion").map(|m| &m.value.value) == Some(&Value::Bool(true))
                    || (default.is_some() && v.get("VersionId").and_then(|m| as_str(&m.value)) == default)
            });
            let Some((j, version)) = chosen else {
                return Err(reader.error(
                    format!("`{arn}` has no default version in `PolicyVersionList`"),
                    help,
                    &join(&here, "PolicyVersionList"),
                    p.span,
                ));
            };
            let at = format!("{here}.PolicyVersionList[{j}]");
            return reader.document(reader.member(version, "Document", &at, help)?, &join(&at, "Document"));
        }
    }
    if let Some(entry) = keyed(parts.get_policy_version, arn) {
        let here = format!("getPolicyVersion.{arn}");
        let help = "get-policy-version prints {\"PolicyVersion\": {\"Document\": ..., \"VersionId\": \"v1\", \"IsDefaultVersion\": true}}";
        let version = reader.member(&entry.value, "PolicyVersion", &here, help)?;
        if let Some(m) = version.get("IsDefaultVersion")
            && m.value.value == Value::Bool(false)
        {
            return Err(reader.error(
                format!("the version of `{arn}` in the bundle is not its default version, which is the one in effect"),
                &format!(
                    "run `aws iam get-policy --policy-arn {arn} --query Policy.DefaultVersionId` and get that version"
                ),
                &join(&here, "PolicyVersion.IsDefaultVersion"),
                m.value.span,
            ));
        }
        return reader.document(
            reader.member(version, "Document", &join(&here, "PolicyVersion"), help)?,
            &format!("{here}.PolicyVersion.Document"),
        );
    }
    Err(Diagnostic::error(
        reader.code,
        format!("the role has the managed policy `{arn}`, but the IAM output holds no document for it"),
    )
    .with_help(format!(
        "collect get-account-authorization-details with --filter Role LocalManagedPolicy AWSManagedPolicy, or add `aws iam get-policy-version --policy-arn {arn} --version-id DEFAULT` under \"getPolicyVersion\": {{\"{arn}\": ...}}"
    )))
}

fn from_commands(
    reader: &Reader<'_>,
    parts: &Parts<'_>,
    get_role: &Node,
    wanted: Option<&str>,
) -> Result<RoleImport, Diagnostic> {
    let path = if parts.bare { "" } else { "getRole" };
    let help = "get-role prints {\"Role\": {\"Path\": \"/\", \"RoleName\": \"...\", \"Arn\": \"...\", \"PermissionsBoundary\": {...}}}";
    let role = reader.member(get_role, "Role", path, help)?;
    let at = join(path, "Role");
    let mut out = role_head(reader, role, &at, help)?;
    if let Some(wanted) = wanted
        && wanted_name(wanted) != out.role_name
    {
        return Err(reader.error(
            format!(
                "the `get-role` output is for `{}`, not `{}`",
                out.role_name,
                wanted_name(wanted)
            ),
            "collect the outputs for the role that calls, or ask for this one",
            &join(&at, "RoleName"),
            role.span,
        ));
    }
    let Some(names) = parts.list_role_policies else {
        return Err(reader.error(
            "no `listRolePolicies`: the role's inline policies are unknown",
            &format!(
                "add `aws iam list-role-policies --role-name {}` under \"listRolePolicies\"",
                out.role_name
            ),
            "",
            top(get_role),
        ));
    };
    truncated(reader, names, "listRolePolicies", "list-role-policies")?;
    let list_help = "list-role-policies prints {\"PolicyNames\": [\"...\"]}";
    for (i, name_node) in reader
        .array(names, "PolicyNames", "listRolePolicies", list_help)?
        .iter()
        .enumerate()
    {
        let Some(name) = as_str(name_node) else {
            return Err(reader.error(
                "a policy name should be a string",
                list_help,
                &format!("listRolePolicies.PolicyNames[{i}]"),
                name_node.span,
            ));
        };
        let Some(entry) = keyed(parts.get_role_policy, name) else {
            return Err(reader.error(
                format!("no `getRolePolicy` entry for the inline policy `{name}`"),
                &format!("add `aws iam get-role-policy --role-name {} --policy-name {name}` under \"getRolePolicy\": {{\"{name}\": ...}}", out.role_name),
                &format!("listRolePolicies.PolicyNames[{i}]"),
                name_node.span,
            ));
        };
        let here = format!("getRolePolicy.{name}");
        let document = reader.document(
            reader.member(
                &entry.value,
                "PolicyDocument",
                &here,
                "get-role-policy prints {\"RoleName\", \"PolicyName\", \"PolicyDocument\"}",
            )?,
            &join(&here, "PolicyDocument"),
        )?;
        out.identity_policies.push(PolicyInput {
            name: name.to_owned(),
            document,
            arn: None,
        });
    }
    let Some(attached) = parts.list_attached_role_policies else {
        return Err(reader.error(
            "no `listAttachedRolePolicies`: the role's managed policies are unknown",
            &format!(
                "add `aws iam list-attached-role-policies --role-name {}` under \"listAttachedRolePolicies\"",
                out.role_name
            ),
            "",
            top(get_role),
        ));
    };
    truncated(
        reader,
        attached,
        "listAttachedRolePolicies",
        "list-attached-role-policies",
    )?;
    let attached_help = "list-attached-role-policies prints {\"AttachedPolicies\": [{\"PolicyName\": \"...\", \"PolicyArn\": \"...\"}]}";
    for (i, p) in reader
        .array(attached, "AttachedPolicies", "listAttachedRolePolicies", attached_help)?
        .iter()
        .enumerate()
    {
        let here = format!("listAttachedRolePolicies.AttachedPolicies[{i}]");
        let arn = reader.string(p, "PolicyArn", &here, attached_help)?;
        let name = p
            .get("PolicyName")
            .and_then(|m| as_str(&m.value))
            .unwrap_or_else(|| wanted_name(arn));
        out.identity_policies.push(PolicyInput {
            name: name.to_owned(),
            document: managed_document(reader, parts, None, arn, "").map_err(|d| locate(d, reader, p))?,
            arn: Some(arn.to_owned()),
        });
    }
    if let Some(arn) = boundary_arn(reader, role, &at)? {
        out.permissions_boundary = Some(PolicyInput {
            name: wanted_name(&arn).to_owned(),
            document: managed_document(reader, parts, None, &arn, "").map_err(|d| locate(d, reader, role))?,
            arn: Some(arn),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::import::bundle::{Select, read_bundle};
    use crate::scenario::Scenario;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{}/tests/data/aws-cli/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// The per-command outputs of the README's role snippet, with the Lambda execution role's
    /// AWS-managed policy as AWS publishes it.
    pub(crate) fn role_bundle() -> String {
        format!(
            r#"{{"crisscrossBundle": 1,
"getRole": {}, "listRolePolicies": {}, "getRolePolicy": {{"InvokeSonnetUs": {}}},
"listAttachedRolePolicies": {},
"getPolicyVersion": {{"arn:aws:iam::111122223333:policy/BedrockProfileRead": {},
  "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole": {{"PolicyVersion": {{"Document": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}}]}}, "VersionId": "v1", "IsDefaultVersion": true}}}},
  "arn:aws:iam::111122223333:policy/boundaries/AppBoundary": {{"PolicyVersion": {{"Document": {{"Version": "2012-10-17", "Statement": [{{"Sid": "BoundaryBedrockOnly", "Effect": "Allow", "Action": ["bedrock:*", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*", "Condition": {{"StringEquals": {{"aws:RequestedRegion": ["us-east-1", "us-east-2", "us-west-2", "unspecified"]}}}}}}]}}, "VersionId": "v1", "IsDefaultVersion": true}}}}}}}}"#,
            fixture("iam-get-role.json"),
            fixture("iam-list-role-policies.json"),
            fixture("iam-get-role-policy.json"),
            fixture("iam-list-attached-role-policies.json"),
            fixture("iam-get-policy-version.urlencoded-raw.json"),
        )
    }

    #[test]
    fn authorization_details_give_inline_then_managed_policies_and_the_boundary() {
        let text = fixture("iam-get-account-authorization-details.json");
        // AWSLambdaBasicExecutionRole is attached but its document is not in the output (no
        // AWSManagedPolicy filter): the import refuses rather than drop a policy.
        let error = read_bundle(&text, Select::default()).unwrap_err();
        assert!(
            error[0].message.contains("AWSLambdaBasicExecutionRole"),
            "{}",
            error[0].message
        );
        assert!(error[0].line.is_some());
        let without = text.replace(
            ",\n                {\n                    \"PolicyName\": \"AWSLambdaBasicExecutionRole\",\n                    \"PolicyArn\": \"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\"\n                }",
            "",
        );
        let role = read_bundle(&without, Select::default()).unwrap().role.unwrap();
        assert_eq!(role.principal, "arn:aws:iam::111122223333:role/app/BedrockInvokerRole");
        assert_eq!(role.path, "/app/");
        let names: Vec<&str> = role.identity_policies.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["InvokeSonnetUs", "BedrockProfileRead"]);
        // The default version (v2), not v1.
        assert!(
            role.identity_policies[1]
                .document
                .text()
                .contains("bedrock:GetInferenceProfile")
        );
        assert_eq!(
            role.identity_policies[1].arn.as_deref(),
            Some("arn:aws:iam::111122223333:policy/BedrockProfileRead")
        );
        let boundary = role.permissions_boundary.unwrap();
        assert_eq!(boundary.name, "AppBoundary");
        assert!(boundary.document.text().contains("BoundaryBedrockOnly"));
    }

    #[test]
    fn the_per_command_outputs_give_the_same_role() {
        let role = read_bundle(&role_bundle(), Select::default()).unwrap().role.unwrap();
        let names: Vec<&str> = role.identity_policies.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            ["InvokeSonnetUs", "BedrockProfileRead", "AWSLambdaBasicExecutionRole"]
        );
        // The URL-encoded document is decoded to AWS's own text.
        assert!(
            role.identity_policies[1]
                .document
                .text()
                .starts_with("{\n    \"Version\"")
        );
        assert_eq!(
            role.permissions_boundary.unwrap().arn.as_deref(),
            Some("arn:aws:iam::111122223333:policy/boundaries/AppBoundary")
        );
        let missing = role_bundle().replace(
            "\"getRolePolicy\": {\"InvokeSonnetUs\"",
            "\"getRolePolicy\": {\"Other\"",
        );
        let error = read_bundle(&missing, Select::default()).unwrap_err();
        assert!(
            error[0]
                .message
                .contains("no `getRolePolicy` entry for the inline policy `InvokeSonnetUs`")
        );
    }

    #[test]
    fn a_session_of_the_role_keeps_its_arn_and_gains_the_path() {
        let role = read_bundle(&role_bundle(), Select::default()).unwrap().role.unwrap();
        let mut scenario = Scenario::from_json(
            r#"{"version": 1, "principal": "arn:aws:sts::111122223333:assumed-role/BedrockInvokerRole/invoke-fn",
            "request": {"profile": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "sourceRegion": "us-east-1"}}"#,
        )
        .unwrap();
        role.apply_to(&mut scenario);
        assert_eq!(
            scenario.principal,
            "arn:aws:sts::111122223333:assumed-role/BedrockInvokerRole/invoke-fn"
        );
        assert_eq!(scenario.role_path.as_deref(), Some("/app/"));
        assert_eq!(scenario.identity_policies.len(), 3);
        let mut other = Scenario::from_json(
            r#"{"version": 1, "principal": "arn:aws:iam::111122223333:role/Other", "rolePath": "/x/",
            "request": {"profile": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "sourceRegion": "us-east-1"}}"#,
        )
        .unwrap();
        role.apply_to(&mut other);
        assert_eq!(other.principal, "arn:aws:iam::111122223333:role/app/BedrockInvokerRole");
        assert_eq!(other.role_path, None);
    }
}
