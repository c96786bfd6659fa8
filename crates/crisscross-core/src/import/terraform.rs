//! SCP changes in a Terraform plan, as `terraform show -json PLANFILE` prints it.
//!
//! Terraform, "JSON Output Format" (<https://developer.hashicorp.com/terraform/internals/json-format>):
//! `format_version` ("Reject any input which reports an unsupported major version"),
//! `resource_changes[].change` with `actions` (`no-op`, `create`, `read`, `update`, `delete`, and the two
//! orders of a replacement), `before` and `after` ("For create and delete actions, either before or after
//! is unset"), `after_unknown` (values known only after apply). The AWS provider's
//! `aws_organizations_policy` (`content`: "this string must be JSON text", `name`, `type`, `id`, `arn`)
//! and `aws_organizations_policy_attachment` (`policy_id`, `target_id`); an attachment to a policy
//! created in the same plan has an unknown `policy_id`, found through the configuration's references.

use super::aws::{Reader, as_str, join};
use super::change::{ChangeSet, PolicyState};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::syntax::json::{Node, Value};

const HELP: &str = "give the JSON that `terraform show -json PLANFILE` prints (after `terraform plan -out PLANFILE`)";

/// True when `text` looks like Terraform's plan JSON.
#[must_use]
pub fn is_plan_text(text: &str) -> bool {
    let (Some(root), _) = crate::syntax::json::parse(text) else {
        return false;
    };
    root.get("format_version").is_some()
        && (root.get("resource_changes").is_some() || root.get("planned_values").is_some())
}

struct Attachment {
    /// The policy, by ID or by the address of the policy resource.
    policy: String,
    target: String,
}

/// Reads the SCP changes of a plan.
///
/// # Errors
/// Located `change-import` diagnostics: an unsupported format version, a policy whose content is known
/// only after apply, an attachment whose policy the plan does not describe.
pub fn read_plan(text: &str) -> Result<ChangeSet, Vec<Diagnostic>> {
    let (reader, root) = Reader::parse(text, Code::ChangeImport)?;
    read(&reader, &root).map_err(|d| vec![d])
}

fn read(reader: &Reader<'_>, root: &Node) -> Result<ChangeSet, Diagnostic> {
    let version = reader.string(root, "format_version", "", HELP)?;
    if version.split('.').next() != Some("1") {
        return Err(reader.error(
            format!("plan format version `{version}` is not supported"),
            "this build reads format version 1.x (Terraform 1.x)",
            "format_version",
            root.get("format_version").map_or(root.span, |m| m.value.span),
        ));
    }
    let changes = match root.get("resource_changes") {
        Some(m) => match &m.value.value {
            Value::Array(items) => items.as_slice(),
            _ => {
                return Err(reader.error(
                    "`resource_changes` should be a list",
                    HELP,
                    "resource_changes",
                    m.value.span,
                ));
            }
        },
        None => &[],
    };
    let mut set = ChangeSet {
        source: "terraform plan".to_owned(),
        ..ChangeSet::default()
    };
    let mut attachments_before: Vec<Attachment> = Vec::new();
    let mut attachments_after: Vec<Attachment> = Vec::new();

    for (i, rc) in changes.iter().enumerate() {
        let path = format!("resource_changes[{i}]");
        let kind = rc.get("type").and_then(|m| as_str(&m.value)).unwrap_or_default();
        if kind != "aws_organizations_policy" && kind != "aws_organizations_policy_attachment" {
            continue;
        }
        let address = reader.string(rc, "address", &path, HELP)?.to_owned();
        let change = reader.member(rc, "change", &path, HELP)?;
        let actions: Vec<&str> = reader
            .array(change, "actions", &join(&path, "change"), HELP)?
            .iter()
            .filter_map(as_str)
            .collect();
        let known = ["no-op", "create", "read", "update", "delete"];
        if let Some(unknown) = actions.iter().find(|a| !known.contains(a)) {
            return Err(reader.error(
                format!("`{address}` has the action `{unknown}`, which this build does not read"),
                "the plan format documents no-op, create, read, update and delete; review this change by hand",
                &format!("{path}.change.actions"),
                change.span,
            ));
        }
        let side = |key: &str| change.get(key).map(|m| &m.value).filter(|n| n.value != Value::Null);
        let (before, after) = (side("before"), side("after"));
        let unknown = change.get("after_unknown").map(|m| &m.value);
        if kind == "aws_organizations_policy" {
            for (node, into_after) in [(before, false), (after, true)] {
                let Some(node) = node else { continue };
                let here = format!("{path}.change.{}", if into_after { "after" } else { "before" });
                let policy_type = node
                    .get("type")
                    .and_then(|m| as_str(&m.value))
                    .unwrap_or("SERVICE_CONTROL_POLICY");
                if policy_type != "SERVICE_CONTROL_POLICY" {
                    set.notes
                        .push(format!("`{address}` is a {policy_type}, not an SCP: left out"));
                    continue;
                }
                let content = match node.get("content").map(|m| &m.value) {
                    Some(n) => as_str(n).ok_or_else(|| {
                        reader.error(
                            "`content` should be the policy text as a string",
                            HELP,
                            &join(&here, "content"),
                            n.span,
                        )
                    })?,
                    None if into_after && unknown.and_then(|u| u.get("content")).is_some() => {
                        return Err(reader.error(
                            format!("the content of `{address}` is known only after apply"),
                            "crisscross reviews policy text; write `content` so that the plan knows it (a literal, `jsonencode(...)` of known values, or a policy document data source)",
                            &here,
                            Span::new(node.span.start as usize, node.span.start as usize + 1),
                        ));
                    }
                    None => return Err(reader.error(format!("no `content` for `{address}`"), HELP, &here, node.span)),
                };
                let text_of = |k: &str| node.get(k).and_then(|m| as_str(&m.value)).map(str::to_owned);
                let state = PolicyState {
                    address: address.clone(),
                    name: text_of("name").unwrap_or_else(|| address.clone()),
                    id: text_of("id"),
                    arn: text_of("arn"),
                    content: content.to_owned(),
                    targets: None,
                };

                if into_after {
                    set.after.push(state);
                } else {
                    set.before.push(state);
                }
            }
            continue;
        }
        // An attachment.
        for (node, into) in [(before, &mut attachments_before), (after, &mut attachments_after)] {
            let Some(node) = node else { continue };
            let target = node.get("target_id").and_then(|m| as_str(&m.value));
            let policy = node
                .get("policy_id")
                .and_then(|m| as_str(&m.value))
                .map(str::to_owned)
                .or_else(|| referenced_policy(root, &address));
            match (policy, target) {
                (Some(policy), Some(target)) => into.push(Attachment {
                    policy,
                    target: target.to_owned(),
                }),
                _ => {
                    return Err(reader.error(
                        format!("`{address}` attaches a policy the plan does not name"),
                        "give `policy_id` and `target_id` as known values or as references to resources in the same configuration",
                        &path,
                        Span::new(node.span.start as usize, node.span.start as usize + 1),
                    ));
                }
            }
        }
    }
    // Targets: a policy with attachment resources in the plan has exactly those; others stay where the
    // base scenario has them.
    let resolve = |state: &PolicyState, attachments: &[Attachment]| -> Vec<String> {
        attachments
            .iter()
            .filter(|a| a.policy == state.address || state.id.as_deref() == Some(a.policy.as_str()))
            .map(|a| a.target.clone())
            .collect()
    };
    let mut all_attachments: Vec<&Attachment> = attachments_before.iter().chain(&attachments_after).collect();
    for (states, attachments) in [
        (&mut set.before, &attachments_before),
        (&mut set.after, &attachments_after),
    ] {
        for state in states.iter_mut() {
            let managed = all_attachments
                .iter()
                .any(|a| a.policy == state.address || state.id.as_deref() == Some(a.policy.as_str()));
            if managed {
                state.targets = Some(resolve(state, attachments));
            }
        }
    }
    // Attachments of policies the plan does not describe change where an existing policy applies.
    all_attachments.retain(|a| {
        !set.before
            .iter()
            .chain(&set.after)
            .any(|s| a.policy == s.address || s.id.as_deref() == Some(a.policy.as_str()))
    });
    for a in all_attachments {
        let attached_before = attachments_before
            .iter()
            .any(|b| b.policy == a.policy && b.target == a.target);
        let attached_after = attachments_after
            .iter()
            .any(|b| b.policy == a.policy && b.target == a.target);
        if attached_before != attached_after {
            set.notes.push(format!(
                "the plan {} `{}` {} `{}`, but does not describe the policy: crisscross cannot tell what it allows",
                if attached_after { "attaches" } else { "detaches" },
                a.policy,
                if attached_after { "to" } else { "from" },
                a.target
            ));
        }
    }
    Ok(set)
}

/// The address of the policy resource an attachment's `policy_id` refers to in the configuration.
fn referenced_policy(root: &Node, attachment: &str) -> Option<String> {
    let resources = root
        .get("configuration")?
        .value
        .get("root_module")?
        .value
        .get("resources")?;
    let Value::Array(items) = &resources.value.value else {
        return None;
    };
    let resource = items
        .iter()
        .find(|r| r.get("address").and_then(|m| as_str(&m.value)) == Some(attachment))?;
    let references = resource
        .get("expressions")?
        .value
        .get("policy_id")?
        .value
        .get("references")?;
    let Value::Array(refs) = &references.value.value else {
        return None;
    };
    refs.iter()
        .filter_map(as_str)
        .find(|r| r.starts_with("aws_organizations_policy.") && r.matches('.').count() == 1)
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> String {
        std::fs::read_to_string(format!(
            "{}/tests/data/aws-cli/terraform-show-json-plan.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn the_fixture_plan_updates_one_scp_and_creates_another_attached_to_the_account() {
        let set = read_plan(&plan()).unwrap();
        let policies = set.policies();
        let kinds: Vec<(&str, &str)> = policies.iter().map(|p| (p.name.as_str(), p.kind)).collect();
        assert_eq!(kinds, [("RegionDeny", "updated"), ("DenyBedrockGlobalCris", "created")]);
        let created = set.after.iter().find(|p| p.name == "DenyBedrockGlobalCris").unwrap();
        // Its attachment's policy_id is unknown until apply; the configuration's reference names it.
        assert_eq!(created.targets.as_deref(), Some(&["111122223333".to_owned()][..]));
        let region_deny = set.after.iter().find(|p| p.name == "RegionDeny").unwrap();
        assert_eq!(
            region_deny.targets.as_deref(),
            Some(&["ou-examplerootid111-exampleouid111".to_owned()][..])
        );
        let before = set.before.iter().find(|p| p.name == "RegionDeny").unwrap();
        assert_eq!(
            before.targets.as_deref(),
            Some(
                &[
                    "ou-examplerootid111-exampleouid333".to_owned(),
                    "ou-examplerootid111-exampleouid111".to_owned()
                ][..]
            )
        );
    }

    #[test]
    fn unsupported_versions_and_unknown_content_are_refused_where_they_are() {
        let v2 = plan().replace("\"format_version\": \"1.2\"", "\"format_version\": \"2.0\"");
        let d = read_plan(&v2).unwrap_err();
        assert_eq!((d[0].code.as_str(), d[0].line), ("change-import", Some(2)));
        let unknown = plan().replacen(
            "\"after_unknown\": {\n          \"arn\": true,",
            "\"after_unknown\": {\n          \"content\": true,\n          \"arn\": true,",
            1,
        );
        let unknown = unknown.replacen(
            "\"content\": \"{\\\"Statement\\\":[{\\\"Action\\\":\\\"bedrock:*\\\"",
            "\"contentX\": \"{\\\"Statement\\\":[{\\\"Action\\\":\\\"bedrock:*\\\"",
            2,
        );
        let d = read_plan(&unknown).unwrap_err();
        assert!(d[0].message.contains("known only after apply"), "{}", d[0].message);
    }
}
