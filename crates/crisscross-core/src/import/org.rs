//! The SCP levels of one account, from the AWS Organizations outputs of a bundle.
//!
//! AWS Organizations API reference: `ListParents` ("In the current release, a child can have only a
//! single parent"; the walk from an account ends at the root), `ListPoliciesForTarget` (only policies
//! attached directly to the target, so every level is listed on its own), `DescribePolicy` (`Content` is
//! the policy text as stored: "If you save the policy using an SDK operation or the AWS CLI, then the
//! policy is saved exactly as you provided", Organizations quotas page), `ListRoots` (`PolicyTypes`
//! says whether SCPs are enabled: they apply only when the type is `ENABLED` at the root; "SCP
//! evaluation" in the Organizations User Guide) and `DescribeOrganization` (the management account,
//! which SCPs do not affect).

use serde::Serialize;

use super::aws::{Reader, as_str, join};
use super::parts::Parts;
use crate::diagnostic::{Diagnostic, Span};
use crate::scenario::{PolicyInput, ScpLevelInput};
use crate::syntax::json::{Member, Node, Value};

/// Organizations allows five levels of OUs under the root; a longer walk means the outputs loop.
const MAX_DEPTH: usize = 8;

/// The organization side of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgImport {
    /// `o-...`.
    pub organization_id: String,
    /// The SCP levels, root first and the account last; `None` when SCPs are not enabled at the root.
    pub levels: Option<Vec<ScpLevelInput>>,
    /// True when the account is the organization's management account, which SCPs do not affect.
    pub management_account: bool,
    /// What could not be settled, in words.
    pub notes: Vec<String>,
}

fn keyed<'n>(members: &'n [Member<'n>], id: &str) -> Option<&'n Member<'n>> {
    members.iter().find(|m| m.key == id)
}

/// The first character of a node: where a problem with the whole output is reported.
fn top(node: &Node) -> Span {
    Span::new(node.span.start as usize, node.span.start as usize + 1)
}

/// Reads the SCP levels from the account up to the root.
pub(crate) fn read_organization(
    reader: &Reader<'_>,
    parts: &Parts<'_>,
    account: &str,
) -> Result<OrgImport, Diagnostic> {
    let bundle_start = parts
        .list_parents
        .first()
        .map(|m| m.key_span)
        .or_else(|| parts.list_roots.map(top))
        .unwrap_or_default();
    // Walk up: account, its OU, ..., the root.
    let mut chain: Vec<String> = vec![account.to_owned()];
    let mut root_id = None;
    while root_id.is_none() {
        let child = chain.last().cloned().unwrap_or_default();
        if chain.len() > MAX_DEPTH {
            return Err(reader.error(
                format!("the `listParents` entries loop: the walk from `{account}` does not reach a root"),
                "each child has one parent, and the walk ends at a parent of type ROOT; collect the bundle again",
                "listParents",
                bundle_start,
            ));
        }
        let Some(entry) = keyed(parts.list_parents, &child) else {
            return Err(reader.error(
                format!("no `listParents` entry for `{child}`"),
                &format!(
                    "add the output of `aws organizations list-parents --child-id {child}` under \"listParents\": {{\"{child}\": ...}}"
                ),
                "listParents",
                bundle_start,
            ));
        };
        let path = format!("listParents.{child}");
        let help =
            "list-parents prints {\"Parents\": [{\"Id\": \"...\", \"Type\": \"ROOT\" or \"ORGANIZATIONAL_UNIT\"}]}";
        let parents = reader.array(&entry.value, "Parents", &path, help)?;
        let [parent] = parents else {
            return Err(reader.error(
                format!(
                    "`{child}` has {} parents; AWS gives every child exactly one",
                    parents.len()
                ),
                help,
                &join(&path, "Parents"),
                entry.value.span,
            ));
        };
        let id = reader.string(parent, "Id", &join(&path, "Parents[0]"), help)?;
        let kind = reader.string(parent, "Type", &join(&path, "Parents[0]"), help)?;
        if kind == "ROOT" {
            root_id = Some(id.to_owned());
        }
        chain.push(id.to_owned());
    }
    chain.reverse();

    let mut notes = Vec::new();
    let (scp_enabled, roots_organization) = roots(reader, parts, root_id.as_deref().unwrap_or_default(), &mut notes)?;
    let mut organization_id = None;
    let mut management_account = false;
    if let Some(node) = parts.describe_organization {
        let help = "describe-organization prints {\"Organization\": {\"Id\": \"o-...\", \"MasterAccountId\": \"...\"}}";
        let org = reader.member(node, "Organization", "describeOrganization", help)?;
        organization_id = Some(
            reader
                .string(org, "Id", "describeOrganization.Organization", help)?
                .to_owned(),
        );
        let management = org.get("MasterAccountId").and_then(|m| as_str(&m.value));
        if management == Some(account) {
            management_account = true;
            notes.push(format!(
                "`{account}` is the organization's management account: SCPs do not affect its users and roles"
            ));
        }
    }
    let organization_id = organization_id.or(roots_organization);

    let mut levels = Vec::new();
    let mut arn_organization = None;
    for target in &chain {
        let Some(entry) = keyed(parts.list_policies_for_target, target) else {
            return Err(reader.error(
                format!("no `listPoliciesForTarget` entry for `{target}`"),
                &format!(
                    "add the output of `aws organizations list-policies-for-target --target-id {target} --filter SERVICE_CONTROL_POLICY` under \"listPoliciesForTarget\": {{\"{target}\": ...}}; it lists only the policies attached directly, so every level needs its own"
                ),
                "listPoliciesForTarget",
                parts.list_policies_for_target.first().map(|m| m.key_span).unwrap_or(bundle_start),
            ));
        };
        let path = format!("listPoliciesForTarget.{target}");
        let help = "list-policies-for-target prints {\"Policies\": [{\"Id\": \"p-...\", \"Arn\": \"...\", \"Name\": \"...\", \"Type\": \"SERVICE_CONTROL_POLICY\"}]}";
        let mut policies = Vec::new();
        for (i, summary) in reader.array(&entry.value, "Policies", &path, help)?.iter().enumerate() {
            let at = format!("{path}.Policies[{i}]");
            let kind = summary.get("Type").and_then(|m| as_str(&m.value));
            if kind.is_some_and(|k| k != "SERVICE_CONTROL_POLICY") {
                notes.push(format!(
                    "`{target}` also has a {} policy; only SCPs are evaluated",
                    kind.unwrap_or_default()
                ));
                continue;
            }
            let id = reader.string(summary, "Id", &at, help)?;
            let name = reader.string(summary, "Name", &at, help)?;
            let arn = reader.string(summary, "Arn", &at, help)?;
            if arn_organization.is_none() {
                arn_organization = organization_of_arn(arn);
            }
            policies.push(PolicyInput {
                name: name.to_owned(),
                document: content(reader, parts, id, summary.span)?,
                arn: Some(arn.to_owned()),
            });
        }
        levels.push(ScpLevelInput {
            target: target.clone(),
            policies,
        });
    }
    let Some(organization_id) = organization_id.or(arn_organization) else {
        return Err(reader.error(
            "the bundle does not name the organization",
            "add the output of `aws organizations describe-organization` under \"describeOrganization\"",
            "",
            bundle_start,
        ));
    };
    if !scp_enabled {
        notes.push(
            "SCPs are not enabled at the root (`listRoots` has no ENABLED SERVICE_CONTROL_POLICY type): they do not apply, so the scenario has no SCP levels".to_owned(),
        );
    }
    Ok(OrgImport {
        organization_id,
        levels: scp_enabled.then_some(levels),
        management_account,
        notes,
    })
}

/// Whether SCPs are enabled at the root, and the organization ID of the root's ARN.
fn roots(
    reader: &Reader<'_>,
    parts: &Parts<'_>,
    root_id: &str,
    notes: &mut Vec<String>,
) -> Result<(bool, Option<String>), Diagnostic> {
    let Some(node) = parts.list_roots else {
        notes.push(
            "no `listRoots`: SCPs are taken to be enabled; add `aws organizations list-roots` output to check"
                .to_owned(),
        );
        return Ok((true, None));
    };
    let help = "list-roots prints {\"Roots\": [{\"Id\": \"r-...\", \"Arn\": \"...\", \"PolicyTypes\": [{\"Type\": \"SERVICE_CONTROL_POLICY\", \"Status\": \"ENABLED\"}]}]}";
    let all = reader.array(node, "Roots", "listRoots", help)?;
    let Some(root) = all
        .iter()
        .find(|r| r.get("Id").and_then(|m| as_str(&m.value)) == Some(root_id))
    else {
        return Err(reader.error(
            format!("`listRoots` does not list the root `{root_id}` that `listParents` leads to"),
            "collect both outputs from the same organization",
            "listRoots.Roots",
            node.span,
        ));
    };
    let enabled = match root.get("PolicyTypes").map(|m| &m.value.value) {
        Some(Value::Array(types)) => types.iter().any(|t| {
            t.get("Type").and_then(|m| as_str(&m.value)) == Some("SERVICE_CONTROL_POLICY")
                && t.get("Status").and_then(|m| as_str(&m.value)) == Some("ENABLED")
        }),
        _ => true,
    };
    let organization = root
        .get("Arn")
        .and_then(|m| as_str(&m.value))
        .and_then(organization_of_arn);
    Ok((enabled, organization))
}

/// The policy text of `describe-policy`, kept exactly as Organizations stores it.
fn content(
    reader: &Reader<'_>,
    parts: &Parts<'_>,
    id: &str,
    near: Span,
) -> Result<crate::scenario::Document, Diagnostic> {
    let Some(entry) = keyed(parts.describe_policy, id) else {
        return Err(reader.error(
            format!("no `describePolicy` entry for the attached policy `{id}`"),
            &format!(
                "add the output of `aws organizations describe-policy --policy-id {id}` under \"describePolicy\": {{\"{id}\": ...}}"
            ),
            "describePolicy",
            parts.describe_policy.first().map_or(near, |m| m.key_span),
        ));
    };
    let path = format!("describePolicy.{id}");
    let help = "describe-policy prints {\"Policy\": {\"PolicySummary\": {...}, \"Content\": \"policy text\"}}";
    let policy = reader.member(&entry.value, "Policy", &path, help)?;
    if let Some(summary) = policy.get("PolicySummary")
        && let Some(written) = summary.value.get("Id").and_then(|m| as_str(&m.value))
        && written != id
    {
        return Err(reader.error(
            format!("the output under `{id}` describes `{written}`"),
            "put each describe-policy output under its own policy ID",
            &format!("{path}.Policy.PolicySummary.Id"),
            summary.value.span,
        ));
    }
    let node = reader.member(policy, "Content", &join(&path, "Policy"), help)?;
    reader.document(node, &format!("{path}.Policy.Content"))
}

/// `o-...` from an Organizations ARN (`arn:aws:organizations::MGMT:root/o-abc/r-ab12`,
/// `...:policy/o-abc/service_control_policy/p-...`); `None` for AWS-managed policies.
fn organization_of_arn(arn: &str) -> Option<String> {
    let [_, _, _, _, _, resource] = crate::syntax::arn::split(arn)?;
    resource
        .split('/')
        .find(|part| part.starts_with("o-"))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use crate::import::bundle::{Select, read_bundle};
    use crate::scenario::Document;

    /// The bundle the README's snippet writes for the fixtures' account, from the fixture outputs.
    pub(crate) fn fixture_bundle() -> String {
        let f = |name: &str| -> String {
            let path = format!("{}/tests/data/aws-cli/{name}", env!("CARGO_MANIFEST_DIR"));
            std::fs::read_to_string(path).unwrap()
        };
        format!(
            r#"{{"crisscrossBundle": 1, "account": "111122223333",
"describeOrganization": {},
"listRoots": {},
"listParents": {{"111122223333": {}, "ou-examplerootid111-exampleouid222": {}, "ou-examplerootid111-exampleouid111": {}}},
"listPoliciesForTarget": {{"r-examplerootid111": {}, "ou-examplerootid111-exampleouid111": {}, "ou-examplerootid111-exampleouid222": {}, "111122223333": {}}},
"describePolicy": {{"p-FullAWSAccess": {}, "p-examplepolicyid111": {}, "p-examplepolicyid222": {}}}
}}"#,
            f("organizations-describe-organization.json"),
            f("organizations-list-roots.json"),
            f("organizations-list-parents.json"),
            f("organizations-list-parents-ou.json"),
            f("organizations-list-parents-ou-under-root.json"),
            f("organizations-list-policies-for-target-root.json"),
            f("organizations-list-policies-for-target.json"),
            f("organizations-list-policies-for-target-ou-child.json"),
            f("organizations-list-policies-for-target-account.json"),
            f("organizations-describe-policy-fullawsaccess.json"),
            f("organizations-describe-policy.json"),
            f("organizations-describe-policy-minified.json"),
        )
    }

    #[test]
    fn levels_run_from_the_root_to_the_account_with_each_policy_as_stored() {
        let imported = read_bundle(&fixture_bundle(), Select::default()).unwrap();
        let org = imported.organization.unwrap();
        assert_eq!(org.organization_id, "o-exampleorgid");
        assert!(!org.management_account);
        let levels = org.levels.unwrap();
        let targets: Vec<&str> = levels.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(
            targets,
            [
                "r-examplerootid111",
                "ou-examplerootid111-exampleouid111",
                "ou-examplerootid111-exampleouid222",
                "111122223333"
            ]
        );
        let names: Vec<Vec<&str>> = levels
            .iter()
            .map(|l| l.policies.iter().map(|p| p.name.as_str()).collect())
            .collect();
        assert_eq!(names[1], ["FullAWSAccess", "RegionDeny"]);
        assert_eq!(names[3], ["FullAWSAccess", "DenyBedrockGlobalCris"]);
        // The AWS-managed policy keeps AWS's ARN; the text is Content, character for character.
        let full = &levels[0].policies[0];
        assert_eq!(
            full.arn.as_deref(),
            Some("arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess")
        );
        let deny = &levels[3].policies[1];
        assert!(
            matches!(&deny.document, Document::Text(t) if t.starts_with("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyGlobalCris\""))
        );
    }

    #[test]
    fn a_missing_level_names_the_command_that_fills_it() {
        let bundle = fixture_bundle().replace(
            "\"ou-examplerootid111-exampleouid222\": {\n    \"Policies\"",
            "\"unused\": {\n    \"Policies\"",
        );
        let errors = read_bundle(&bundle, Select::default()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "org-import");
        assert!(
            errors[0]
                .message
                .contains("no `listPoliciesForTarget` entry for `ou-examplerootid111-exampleouid222`"),
            "{}",
            errors[0].message
        );
        assert!(
            errors[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("list-policies-for-target --target-id ou-examplerootid111-exampleouid222")
        );
        assert!(errors[0].line.is_some());
    }

    #[test]
    fn the_management_account_is_not_governed_by_scps() {
        let bundle = fixture_bundle().replace("\"account\": \"111122223333\"", "\"account\": \"999988887777\"");
        let with_parent = bundle.replace(
            "\"listParents\": {",
            "\"listParents\": {\"999988887777\": {\"Parents\": [{\"Id\": \"r-examplerootid111\", \"Type\": \"ROOT\"}]}, ",
        ).replace(
            "\"listPoliciesForTarget\": {",
            "\"listPoliciesForTarget\": {\"999988887777\": {\"Policies\": []}, ",
        );
        let org = read_bundle(&with_parent, Select::default())
            .unwrap()
            .organization
            .unwrap();
        assert!(org.management_account);
        assert_eq!(org.levels.unwrap().len(), 2);
    }

    #[test]
    fn scps_not_enabled_at_the_root_give_no_levels() {
        let bundle = fixture_bundle().replace(
            "\"Type\": \"SERVICE_CONTROL_POLICY\",\n                    \"Status\": \"ENABLED\"",
            "\"Type\": \"SERVICE_CONTROL_POLICY\",\n                    \"Status\": \"PENDING_DISABLE\"",
        );
        let org = read_bundle(&bundle, Select::default()).unwrap().organization.unwrap();
        assert_eq!(org.levels, None);
    }

    #[test]
    fn an_unknown_key_and_a_wrong_account_are_refused() {
        let typo = fixture_bundle().replace("\"listRoots\"", "\"listRoot\"");
        let errors = read_bundle(&typo, Select::default()).unwrap_err();
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `listRoots`?"));
        let errors = read_bundle(
            &fixture_bundle(),
            Select {
                account: Some("444455556666"),
                ..Select::default()
            },
        )
        .unwrap_err();
        assert!(errors[0].message.contains("collected for account `111122223333`"));
    }
}
