//! The organization bundle: one JSON object holding what the read-only AWS CLI calls of the README's
//! snippet printed, each under the name of its command (`docs/import-formats.md`). It brings in a whole
//! account's SCP levels and its calling role's policies in one paste.
//!
//! ```json
//! {"crisscrossBundle": 1, "account": "111122223333",
//!  "describeOrganization": {...}, "listRoots": {...},
//!  "listParents": {"111122223333": {...}, "ou-ab12-11111111": {...}},
//!  "listPoliciesForTarget": {"r-ab12": {...}, "ou-ab12-11111111": {...}, "111122223333": {...}},
//!  "describePolicy": {"p-FullAWSAccess": {...}},
//!  "getAccountAuthorizationDetails": {...}}
//! ```
//!
//! A bare `get-account-authorization-details` or `get-role` output is read as a bundle holding only it.

use serde::Serialize;

use super::aws::{Reader, as_str};
use super::iam::{RoleImport, read_role};
use super::org::{OrgImport, read_organization};
use super::parts::Parts;
use crate::diagnostic::{Code, Diagnostic, Span, did_you_mean};
use crate::scenario::{PrincipalScope, RequestInput, Scenario, VERSION};
use crate::syntax::json::{Member, Node, Value};

/// The bundle's keys and the AWS CLI command whose output each holds (`<ID>`: keyed by that ID).
pub const KEYS: &[(&str, &str)] = &[
    ("crisscrossBundle", "the bundle format version, 1"),
    ("account", "the 12-digit account the bundle was collected for"),
    ("describeOrganization", "aws organizations describe-organization"),
    ("listRoots", "aws organizations list-roots"),
    (
        "listParents",
        "aws organizations list-parents --child-id <ID>, keyed by the child ID",
    ),
    (
        "listPoliciesForTarget",
        "aws organizations list-policies-for-target --target-id <ID> --filter SERVICE_CONTROL_POLICY, keyed by the target ID",
    ),
    (
        "describePolicy",
        "aws organizations describe-policy --policy-id <ID>, keyed by the policy ID",
    ),
    (
        "getAccountAuthorizationDetails",
        "aws iam get-account-authorization-details",
    ),
    ("getRole", "aws iam get-role --role-name <NAME>"),
    ("listRolePolicies", "aws iam list-role-policies --role-name <NAME>"),
    (
        "getRolePolicy",
        "aws iam get-role-policy --role-name <NAME> --policy-name <P>, keyed by the policy name",
    ),
    (
        "listAttachedRolePolicies",
        "aws iam list-attached-role-policies --role-name <NAME>",
    ),
    (
        "getPolicyVersion",
        "aws iam get-policy-version --policy-arn <ARN> --version-id <DEFAULT>, keyed by the policy ARN",
    ),
];

const HELP: &str = "a bundle is the JSON object the README's snippet writes: {\"crisscrossBundle\": 1, \"account\": \"...\", \"listParents\": {...}, ...}; see docs/import-formats.md";

/// True when `text` reads as a bundle or as a bare IAM output this module reads.
#[must_use]
pub fn is_bundle_text(text: &str) -> bool {
    let (Some(root), _) = crate::syntax::json::parse(text) else {
        return false;
    };
    ["crisscrossBundle", "RoleDetailList", "Role"]
        .iter()
        .any(|k| root.get(k).is_some())
}

fn parts<'n>(reader: &Reader<'_>, root: &'n Node<'n>) -> Result<Parts<'n>, Diagnostic> {
    let members = reader.object(root, "", HELP)?;
    // Bare outputs pasted on their own.
    if root.get("crisscrossBundle").is_none() {
        if root.get("RoleDetailList").is_some() {
            return Ok(Parts {
                bare: true,
                authorization_details: Some(root),
                ..Parts::default()
            });
        }
        if root.get("Role").is_some() {
            return Ok(Parts {
                bare: true,
                get_role: Some(root),
                ..Parts::default()
            });
        }
        return Err(reader.error(
            "this is not a crisscross bundle: it has no `crisscrossBundle`",
            HELP,
            "",
            Span::new(root.span.start as usize, root.span.start as usize + 1),
        ));
    }
    let mut out = Parts::default();
    let keyed = |m: &'n Member| -> Result<&'n [Member], Diagnostic> {
        reader.object(
            &m.value,
            &m.key,
            &format!("`{}` maps each ID to the output of that call", m.key),
        )
    };
    for m in members {
        match &*m.key {
            "crisscrossBundle" => {
                if !matches!(&m.value.value, Value::Number(n) if n == "1") {
                    return Err(reader.error(
                        "unsupported bundle version",
                        "this build reads `\"crisscrossBundle\": 1`",
                        &m.key,
                        m.value.span,
                    ));
                }
            }
            "account" => {
                let account = as_str(&m.value).filter(|a| is_account_id(a)).ok_or_else(|| {
                    reader.error(
                        "`account` should be a 12-digit account ID",
                        "write the account as a string of 12 digits, such as \"111122223333\"",
                        "account",
                        m.value.span,
                    )
                })?;
                out.account = Some((account, m.value.span));
            }
            "describeOrganization" => out.describe_organization = Some(&m.value),
            "listRoots" => out.list_roots = Some(&m.value),
            "listParents" => out.list_parents = keyed(m)?,
            "listPoliciesForTarget" => out.list_policies_for_target = keyed(m)?,
            "describePolicy" => out.describe_policy = keyed(m)?,
            "getAccountAuthorizationDetails" => out.authorization_details = Some(&m.value),
            "getRole" => out.get_role = Some(&m.value),
            "listRolePolicies" => out.list_role_policies = Some(&m.value),
            "getRolePolicy" => out.get_role_policy = keyed(m)?,
            "listAttachedRolePolicies" => out.list_attached_role_policies = Some(&m.value),
            "getPolicyVersion" => out.get_policy_version = keyed(m)?,
            other => {
                let names: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
                let help = match did_you_mean(other, &names) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("a bundle's keys are {}", names.join(", ")),
                };
                return Err(reader.error(format!("unknown bundle key `{other}`"), &help, other, m.key_span));
            }
        }
    }
    Ok(out)
}

/// True for a 12-digit account ID.
#[must_use]
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// What a bundle brings into a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleImport {
    /// The account the SCP levels lead to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The organization side: SCP levels root first, the organization ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrgImport>,
    /// The identity side: the role's policies, boundary and path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<RoleImport>,
}

/// Which account and role to read from a bundle; each falls back to what the bundle itself says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Select<'a> {
    /// The account whose SCP levels to build.
    pub account: Option<&'a str>,
    /// The role whose policies to read (its name, or its ARN).
    pub role: Option<&'a str>,
    /// A role to prefer when the output holds several and `role` is not given: the scenario's caller.
    pub role_hint: Option<&'a str>,
}

/// Reads a bundle (or a bare IAM output) for one account and one role.
///
/// # Errors
/// Every problem found, located in `text`; nothing is returned then, so nothing is half-applied.
pub fn read_bundle(text: &str, select: Select<'_>) -> Result<BundleImport, Vec<Diagnostic>> {
    let (reader, root) = Reader::parse(text, Code::OrgImport)?;
    let parts = parts(&reader, &root).map_err(|d| vec![d])?;
    let account = select
        .account
        .map(str::to_owned)
        .or_else(|| parts.account.map(|(a, _)| a.to_owned()));
    if let (Some(given), Some((written, span))) = (select.account, parts.account)
        && given != written
    {
        return Err(vec![reader.error(
            format!("the bundle was collected for account `{written}`, not `{given}`"),
            "collect a bundle for that account, or ask for the account the bundle names",
            "account",
            span,
        )]);
    }
    let organization = if parts.has_organization() {
        let Some(account) = account.as_deref() else {
            return Err(vec![reader.error(
                "the bundle does not say which account to build the SCP levels for",
                "give the account (`--account ID`), or write \"account\": \"ID\" in the bundle",
                "",
                Span::new(root.span.start as usize, root.span.start as usize + 1),
            )]);
        };
        Some(read_organization(&reader, &parts, account).map_err(|d| vec![d])?)
    } else {
        None
    };
    let role = if parts.has_iam() {
        let iam = Reader {
            text,
            code: Code::IamImport,
        };
        Some(read_role(&iam, &parts, select.role, select.role_hint).map_err(|d| vec![d])?)
    } else {
        None
    };
    if let (Some(role), Some(account)) = (&role, &account)
        && !role.principal.contains(&format!("::{account}:"))
    {
        return Err(vec![
            Diagnostic::error(
                Code::IamImport,
                format!("the role `{}` is not in account `{account}`", role.principal),
            )
            .with_help("collect the IAM part in the account whose SCP levels the bundle describes"),
        ]);
    }
    if organization.is_none() && role.is_none() {
        return Err(vec![reader.error(
            "the bundle holds neither organization nor IAM output",
            HELP,
            "",
            Span::new(root.span.start as usize, root.span.start as usize + 1),
        )]);
    }
    Ok(BundleImport {
        account: account.or_else(|| {
            role.as_ref()
                .and_then(|r| crate::syntax::arn::split(&r.principal).map(|f| f[4].to_owned()))
        }),
        organization,
        role,
    })
}

impl BundleImport {
    /// Puts what was read into a scenario: the SCP levels, organization ID and, for the management
    /// account, the scope SCPs do not apply to; the role's policies, boundary, path and principal.
    /// Everything else (the request, session policy, context, expectations) stays.
    pub fn apply_to(&self, scenario: &mut Scenario) {
        if let Some(org) = &self.organization {
            scenario.scps = org.levels.clone();
            scenario.organization_id = Some(org.organization_id.clone());
            if org.management_account {
                scenario.principal_scope = Some(PrincipalScope::ManagementAccount);
            } else if scenario.principal_scope == Some(PrincipalScope::ManagementAccount) {
                scenario.principal_scope = None;
            }
        }
        if let Some(role) = &self.role {
            role.apply_to(scenario);
        }
    }

    /// A new scenario from the bundle: the role as principal (or a placeholder role in the account),
    /// and an example Bedrock call to replace.
    #[must_use]
    pub fn scenario(&self) -> Scenario {
        let account = self.account.clone().unwrap_or_else(|| "111122223333".to_owned());
        let mut scenario = Scenario {
            version: VERSION,
            description: Some(
                "Imported from the AWS CLI; the request is an example: replace it with the call you check".to_owned(),
            ),
            principal: format!("arn:aws:iam::{account}:role/ROLE-NAME"),
            principal_scope: None,
            role_path: None,
            session_name: None,
            organization_id: None,
            evaluation_time: None,
            scps: None,
            identity_policies: Vec::new(),
            permissions_boundary: None,
            session_policy: None,
            context: std::collections::BTreeMap::new(),
            request: RequestInput {
                profile: Some("us.anthropic.claude-sonnet-4-5-20250929-v1:0".to_owned()),
                source_region: Some("us-east-1".to_owned()),
                api: Some("Converse".to_owned()),
                ..RequestInput::default()
            },
            custom_profiles: Vec::new(),
            expect: None,
        };
        self.apply_to(&mut scenario);
        scenario
    }

    /// What the import could not settle, in words.
    #[must_use]
    pub fn notes(&self) -> Vec<String> {
        let mut notes: Vec<String> = Vec::new();
        if let Some(org) = &self.organization {
            notes.extend(org.notes.iter().cloned());
        }
        if let Some(role) = &self.role {
            notes.extend(role.notes.iter().cloned());
        }
        notes
    }
}
