//! The edits worth trying for a denied call, before they are checked: exceptions and Region-list edits
//! in the deciding Deny statements, a missing Allow at an SCP level, and grants in the layer that did not
//! allow.

use crate::analysis::{Analysis, HopResult, Prepared};
use crate::evaluate::Decision;
use crate::route::catalog::Geography;
use crate::route::hop::{HopKind, UNSPECIFIED_REGION};
use crate::scenario::{Layer, PolicyInput, PolicyRef, Scenario, StatementRef};
use crate::syntax::edit::{TextEdit, add_member, append_value, append_values, apply, quote, remove_value};
use crate::syntax::json::{self, Member, Node, Value};

const FULL_AWS_ACCESS: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

/// An edit before it is checked.
pub(super) struct Candidate {
    /// How much beyond this call the edit reaches by its kind, for ranking edits that open the same
    /// calls in the matrix: 0 for this profile, 1 for a Region or an action, 2 for a whole service.
    pub(super) breadth: u8,
    pub(super) title: String,
    pub(super) explanation: String,
    /// The policy edited, or the address a new policy gets.
    pub(super) target: PolicyRef,
    /// True when the edit adds a policy at `target`.
    pub(super) new_policy: bool,
    pub(super) policy_name: String,
    pub(super) original: String,
    pub(super) patched: String,
}

/// The statement object at `index` in a parsed policy.
fn statement_node<'a>(root: &'a Node<'a>, index: usize) -> Option<&'a Node<'a>> {
    let statement = &root.get("Statement")?.value;
    match &statement.value {
        Value::Array(items) => items.get(index),
        Value::Object(_) if index == 0 => Some(statement),
        _ => None,
    }
}

/// The member of an object whose key equals `key` ignoring ASCII case.
fn member_ci<'a>(node: &'a Node<'a>, key: &str) -> Option<&'a Member<'a>> {
    node.as_object()?.iter().find(|m| m.key.eq_ignore_ascii_case(key))
}

/// Every edit worth checking for a denied call.
pub(super) fn candidates(scenario: &Scenario, prepared: &Prepared, analysis: &Analysis) -> Vec<Candidate> {
    let mut out = Vec::new();
    let route = analysis.route.as_ref();
    let partition = prepared.principal.partition.as_str();
    // Explicit denies: edit the deciding statement.
    let mut seen: Vec<StatementRef> = Vec::new();
    for h in analysis
        .hops
        .iter()
        .filter(|h| h.evaluation.decision == Decision::ExplicitDeny)
    {
        for at in &h.evaluation.deciding {
            if seen.contains(at) {
                continue;
            }
            seen.push(*at);
            let denied: Vec<&HopResult> = analysis
                .hops
                .iter()
                .filter(|x| x.evaluation.deciding.contains(at))
                .collect();
            if let Some(input) = scenario.policy(at.policy) {
                deny_candidates(
                    &mut out,
                    at.policy,
                    input,
                    at.statement,
                    &denied,
                    route.map(|r| r.profile.as_str()),
                    partition,
                );
            }
        }
    }
    // Implicit denies: add what is missing to the layer that did not allow.
    let implicit: Vec<&HopResult> = analysis
        .hops
        .iter()
        .filter(|h| h.evaluation.decision == Decision::ImplicitDeny)
        .collect();
    for layer in [Layer::Scp, Layer::Identity, Layer::Boundary, Layer::Session] {
        let hops: Vec<&HopResult> = implicit
            .iter()
            .copied()
            .filter(|h| h.evaluation.blocked_by == Some(layer))
            .collect();
        if hops.is_empty() {
            continue;
        }
        if layer == Layer::Scp {
            scp_allow_candidates(&mut out, scenario, &hops);
        } else {
            grant_candidates(&mut out, scenario, prepared, layer, &hops);
        }
    }
    out
}

fn deny_candidates(
    out: &mut Vec<Candidate>,
    target: PolicyRef,
    input: &PolicyInput,
    statement: usize,
    denied: &[&HopResult],
    profile: Option<&str>,
    partition: &str,
) {
    let text = input.document.text();
    let (Some(root), _) = json::parse(text) else { return };
    let Some(node) = statement_node(&root, statement) else {
        return;
    };
    let name = input.name.clone();
    let make = |breadth: u8, title: String, explanation: String, edits: Vec<TextEdit>| Candidate {
        breadth,
        title,
        explanation,
        target,
        new_policy: false,
        policy_name: name.clone(),
        original: text.to_owned(),
        patched: apply(text, &edits),
    };
    let sid = node.get("Sid").and_then(|m| match &m.value.value {
        Value::String(s) => Some(format!("`{s}`")),
        _ => None,
    });
    let stmt_name = sid.unwrap_or_else(|| format!("statement {statement}"));
    let all_model_hops = denied.iter().all(|h| {
        matches!(
            h.hop.kind,
            HopKind::SourceModel | HopKind::DestinationModel | HopKind::GlobalModel
        )
    });

    // 1. Exempt calls through this profile (or its geography) with ArnNotLike on bedrock:InferenceProfileArn.
    if let (true, Some(profile)) = (all_model_hops, profile) {
        let application = profile.contains(":application-inference-profile/");
        let mut exemptions: Vec<(String, String)> = Vec::new();
        if application {
            exemptions.push((profile.to_owned(), "this application inference profile".to_owned()));
        } else {
            exemptions.push((
                format!("arn:{partition}:bedrock:*:*:inference-profile/{profile}"),
                format!("the profile `{profile}`"),
            ));
            if let Some(geo) = Geography::of_profile_id(profile) {
                exemptions.push((
                    format!("arn:{partition}:bedrock:*:*:inference-profile/{}.*", geo.as_str()),
                    format!("every `{}.` profile", geo.as_str()),
                ));
            }
        }
        for (value, what) in exemptions {
            let edits = arn_not_like_edits(text, node, &value);
            out.push(make(
                u8::from(what.starts_with("every")),
                format!("Exempt {what} from {stmt_name}"),
                format!("Adds an `ArnNotLike` exception on `bedrock:InferenceProfileArn` = `{value}`: the statement then skips the foundation-model checks that cross-Region inference makes through {what}. It never exempts the profile check itself, so the source Region must stay allowed, and direct model calls stay denied."),
                edits,
            ));
        }
    }

    // 2. Add the denied Regions to a Region allow-list (StringNotEquals / StringNotLike on aws:RequestedRegion).
    if let Some(condition) = node.get("Condition") {
        for op in condition.value.as_object().unwrap_or_default() {
            if !matches!(
                &*op.key,
                "StringNotEquals" | "StringNotEqualsIgnoreCase" | "StringNotLike" | "StringNotEqualsIfExists"
            ) {
                continue;
            }
            let Some(list) = member_ci(&op.value, "aws:RequestedRegion") else {
                continue;
            };
            let mut regions: Vec<&str> = Vec::new();
            for h in denied {
                if !regions.contains(&h.hop.region.as_str()) {
                    regions.push(&h.hop.region);
                }
            }
            let quoted: Vec<String> = regions.iter().map(|r| quote(r)).collect();
            let edit_text = apply(text, &[append_values(text, &list.value, &quoted)]);
            let names = regions.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ");
            let widens = if regions.contains(&UNSPECIFIED_REGION) {
                "`unspecified` is the Region AWS reports for the Region-less global model check; adding it lets every global cross-Region inference call through this statement, and any other request that AWS reports without a Region".to_owned()
            } else {
                format!("this opens {names} for every action the statement covers, not only Bedrock")
            };
            out.push(Candidate {
                breadth: 1,
                title: format!("Allow {names} in the Region list of {stmt_name}"),
                explanation: format!("Adds {names} to `{}` on `aws:RequestedRegion`; {widens}.", op.key),
                target,
                new_policy: false,
                policy_name: name.clone(),
                original: text.to_owned(),
                patched: edit_text,
            });
        }
    }

    // 3. Take the denied Regions out of a Region deny-list (StringEquals / StringLike on aws:RequestedRegion).
    if let Some(condition) = node.get("Condition") {
        for op in condition.value.as_object().unwrap_or_default() {
            if !matches!(&*op.key, "StringEquals" | "StringEqualsIgnoreCase" | "StringLike") {
                continue;
            }
            let Some(list) = member_ci(&op.value, "aws:RequestedRegion") else {
                continue;
            };
            let values: Vec<&Node> = match &list.value.value {
                Value::Array(items) => items.iter().collect(),
                _ => vec![&list.value],
            };
            let regions: Vec<&str> = denied.iter().map(|h| h.hop.region.as_str()).collect();
            let listed: Vec<&str> = values
                .iter()
                .filter_map(|v| match &v.value {
                    Value::String(r) => Some(&**r),
                    _ => None,
                })
                .collect();
            let removed: Vec<String> = listed
                .iter()
                .filter(|r| regions.contains(r))
                .map(|r| format!("`{r}`"))
                .collect();
            if removed.is_empty() {
                continue;
            }
            // Remove one value at a time, re-reading the text, so each removal sees the commas left by the last.
            let mut patched = text.to_owned();
            while let Some(current) = json::parse(&patched)
                .0
                .as_ref()
                .and_then(|r| statement_node(r, statement))
                .and_then(|s| s.get("Condition"))
                .and_then(|c| c.value.get(&op.key))
                .and_then(|o| member_ci(&o.value, "aws:RequestedRegion"))
                .map(|m| m.value.clone())
            {
                let position = match &current.value {
                    Value::Array(items) => items
                        .iter()
                        .position(|v| matches!(&v.value, Value::String(r) if regions.contains(&&**r))),
                    Value::String(r) if regions.contains(&&**r) => Some(0),
                    _ => None,
                };
                let Some(position) = position else { break };
                patched = apply(&patched, &[remove_value(&current, position)]);
            }
            let all = removed.len() == listed.len();
            let consequence = if all {
                "the list is then empty, so the statement never applies (an empty value list matches nothing)"
                    .to_owned()
            } else {
                "the statement keeps denying the other Regions it lists".to_owned()
            };
            let names = removed.join(", ");
            out.push(Candidate {
                breadth: 1,
                title: format!("Stop denying {names} in {stmt_name}"),
                explanation: format!("Removes {names} from `{}` on `aws:RequestedRegion`; this opens {names} for every action the statement covers, and {consequence}.", op.key),
                target,
                new_policy: false,
                policy_name: name.clone(),
                original: text.to_owned(),
                patched,
            });
        }
    }

    // 4. A deny of direct model calls (`Null` on bedrock:InferenceProfileArn) written for every resource also
    //    hits the profile check, which never carries the key: limit it to foundation models.
    let null_on_profile_key = node
        .get("Condition")
        .and_then(|c| c.value.get("Null"))
        .is_some_and(|null| member_ci(&null.value, "bedrock:InferenceProfileArn").is_some());
    if let (true, Some(resource)) = (null_on_profile_key, node.get("Resource"))
        && denied.iter().any(|h| h.hop.kind == HopKind::Profile)
    {
        let models = quote(&format!("arn:{partition}:bedrock:*::foundation-model/*"));
        out.push(make(
                0,
                format!("Limit {stmt_name} to foundation models"),
                "The statement denies calls without `bedrock:InferenceProfileArn`, meaning direct model calls; but AWS never sets that key on the inference-profile check itself, so with `Resource: *` it also denies every cross-Region call. Scoping it to foundation-model ARNs keeps direct calls denied and lets profiles through.".to_owned(),
                vec![TextEdit { span: resource.value.span, text: models }],
            ));
    }

    // 5. A model allow-list written as a Deny with `NotResource` (AWS's sample "deny model invocation
    //    except approved models") also denies the inference-profile check, whose resource is a profile:
    //    list the profile too. The foundation-model checks still enforce the list.
    if let Some(not_resource) = node.get("NotResource") {
        let profile_hops: Vec<&HopResult> = denied
            .iter()
            .copied()
            .filter(|h| matches!(h.hop.kind, HopKind::Profile | HopKind::ApplicationProfile))
            .collect();
        let model_hops: Vec<&HopResult> = denied
            .iter()
            .copied()
            .filter(|h| {
                matches!(
                    h.hop.kind,
                    HopKind::Model | HopKind::SourceModel | HopKind::DestinationModel | HopKind::GlobalModel
                )
            })
            .collect();
        let profile_entry = profile_hops.first().map(|h| match (h.hop.kind, profile) {
            (HopKind::ApplicationProfile, _) => {
                (h.hop.resource.clone(), "this application inference profile".to_owned())
            }
            (_, Some(id)) => (
                format!("arn:{partition}:bedrock:*:*:inference-profile/{id}"),
                format!("the profile `{id}`"),
            ),
            (_, None) => (h.hop.resource.clone(), "this profile".to_owned()),
        });
        let model_entry = model_hops.first().and_then(|h| {
            let model = h.hop.resource.rsplit_once("foundation-model/")?.1;
            Some((
                format!("arn:{partition}:bedrock:*::foundation-model/{model}"),
                format!("the model `{model}`"),
            ))
        });
        let add = |entries: &[&str]| {
            let quoted: Vec<String> = entries.iter().map(|e| quote(e)).collect();
            vec![append_values(text, &not_resource.value, &quoted)]
        };
        match (&profile_entry, &model_entry) {
            (Some((entry, what)), None) => {
                out.push(make(
                    0,
                    format!("List {what} in the `NotResource` of {stmt_name}"),
                    format!("Adds `{entry}` to `NotResource`. The statement denies every resource it does not list, and a call through an inference profile is first checked on the profile's ARN; listing the profile lets that check through, while the foundation-model checks of the call still have to pass the list."),
                    add(&[entry]),
                ));
                let every = format!("arn:{partition}:bedrock:*:*:inference-profile/*");
                out.push(make(
                    1,
                    format!("List every inference profile in the `NotResource` of {stmt_name}"),
                    format!("Adds `{every}` to `NotResource`: profile checks pass for every system-defined profile, and the models reached through them are still limited by the foundation-model entries of the list."),
                    add(&[&every]),
                ));
            }
            (Some((p_entry, p_what)), Some((m_entry, m_what))) => out.push(make(
                1,
                format!("Approve {m_what} through {p_what} in {stmt_name}"),
                format!("Adds `{p_entry}` and `{m_entry}` to `NotResource`: the call's profile check and its foundation-model checks then pass, in every Region, for this model only."),
                add(&[p_entry, m_entry]),
            )),
            (None, Some((entry, what))) => out.push(make(
                1,
                format!("Approve {what} in {stmt_name}"),
                format!("Adds `{entry}` to `NotResource`: the statement stops denying this model in every Region."),
                add(&[entry]),
            )),
            (None, None) => {}
        }
    }

    // 6. Exempt the action through NotAction.
    if let Some(not_action) = node.get("NotAction") {
        let actions: Vec<&str> = {
            let mut a: Vec<&str> = denied.iter().map(|h| h.hop.action.as_str()).collect();
            a.dedup();
            a
        };
        let quoted: Vec<String> = actions.iter().map(|a| quote(a)).collect();
        let patched = apply(text, &[append_values(text, &not_action.value, &quoted)]);
        let list = actions.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
        out.push(Candidate {
            breadth: 1,
            title: format!("Exempt {list} from {stmt_name}"),
            explanation: format!("Adds {list} to `NotAction`: the statement stops applying to that action in every Region, including direct model calls and any profile, so the Region restriction no longer holds for it."),
            target,
            new_policy: false,
            policy_name: name.clone(),
            original: text.to_owned(),
            patched,
        });
        out.push(make(
            2,
            format!("Exempt `bedrock:*` from {stmt_name}"),
            "Adds `bedrock:*` to `NotAction`, as many landing zones do: broader than exempting the invoke action, it lifts the Region restriction from every Bedrock action (model management, agents, knowledge bases) in every Region.".to_owned(),
            vec![append_value(text, &not_action.value, &quote("bedrock:*"))],
        ));
    }
}

/// Edits that add `ArnNotLike: {"bedrock:InferenceProfileArn": value}` to a statement, merging with what exists.
fn arn_not_like_edits(text: &str, statement: &Node, value: &str) -> Vec<TextEdit> {
    let key = "bedrock:InferenceProfileArn";
    let member = format!("{{{}: {}}}", quote(key), quote(value));
    match statement.get("Condition") {
        None => vec![add_member(
            text,
            statement,
            "Condition",
            &format!("{{\"ArnNotLike\": {member}}}"),
        )],
        Some(condition) => match condition.value.get("ArnNotLike") {
            None => vec![add_member(text, &condition.value, "ArnNotLike", &member)],
            Some(op) => match member_ci(&op.value, key) {
                Some(existing) => vec![append_value(text, &existing.value, &quote(value))],
                None => vec![add_member(text, &op.value, key, &quote(value))],
            },
        },
    }
}

fn scp_allow_candidates(out: &mut Vec<Candidate>, scenario: &Scenario, hops: &[&HopResult]) {
    let mut levels: Vec<usize> = hops.iter().filter_map(|h| h.evaluation.blocked_level).collect();
    levels.dedup();
    for level in levels {
        let Some(l) = scenario.scps.as_ref().and_then(|s| s.get(level)) else {
            continue;
        };
        out.push(Candidate {
            breadth: 2,
            title: format!("Attach FullAWSAccess at `{}`", l.target),
            explanation: format!("No SCP at `{}` allows the call, and every level from the root to the account must allow it. FullAWSAccess is the SCP AWS attaches by default; it allows everything at this level, leaving the restrictions to Deny statements.", l.target),
            target: PolicyRef::Scp {
                level,
                index: l.policies.len(),
            },
            new_policy: true,
            policy_name: "FullAWSAccess".to_owned(),
            original: String::new(),
            patched: FULL_AWS_ACCESS.to_owned(),
        });
        let mut actions: Vec<&str> = hops.iter().map(|h| h.hop.action.as_str()).collect();
        actions.dedup();
        for (index, p) in l.policies.iter().enumerate() {
            let text = p.document.text();
            let (Some(root), _) = json::parse(text) else { continue };
            let Some(statement) = root.get("Statement") else {
                continue;
            };
            let action = match actions.as_slice() {
                [one] => quote(one),
                _ => format!("[{}]", actions.iter().map(|a| quote(a)).collect::<Vec<_>>().join(", ")),
            };
            let new_statement = format!(
                "{{\"Sid\": \"AllowBedrockInference\", \"Effect\": \"Allow\", \"Action\": {action}, \"Resource\": \"*\"}}"
            );
            out.push(Candidate {
                breadth: 1,
                title: format!("Allow the invoke action in SCP `{}` at `{}`", p.name, l.target),
                explanation: format!("Adds an Allow statement for {} to an SCP at `{}`, the level with no Allow. SCPs grant nothing; this only stops the level from filtering the action out.", actions.join(", "), l.target),
                target: PolicyRef::Scp { level, index },
                new_policy: false,
                policy_name: p.name.clone(),
                original: text.to_owned(),
                patched: apply(text, &[append_value(text, &statement.value, &new_statement)]),
            });
            break;
        }
    }
}

fn grant_candidates(
    out: &mut Vec<Candidate>,
    scenario: &Scenario,
    prepared: &Prepared,
    layer: Layer,
    hops: &[&HopResult],
) {
    let target = match layer {
        Layer::Identity => PolicyRef::Identity(0),
        Layer::Boundary => PolicyRef::Boundary,
        Layer::Session => PolicyRef::Session,
        Layer::Scp => return,
    };
    let input = scenario.policy(target);
    let account = &prepared.principal.account;
    let what = layer.label();

    // The published CRIS policies often leave the account out of inference-profile ARNs.
    let policies: Vec<(PolicyRef, &PolicyInput)> = match layer {
        Layer::Identity => scenario
            .identity_policies
            .iter()
            .enumerate()
            .map(|(i, p)| (PolicyRef::Identity(i), p))
            .collect(),
        _ => input.map(|p| vec![(target, p)]).unwrap_or_default(),
    };
    for (at, p) in &policies {
        let text = p.document.text();
        let (Some(root), _) = json::parse(text) else { continue };
        let mut edits = Vec::new();
        collect_empty_account_edits(&root, account, &mut edits);
        if !edits.is_empty() {
            out.push(Candidate {
                breadth: 0,
                title: format!("Put account {account} into the inference-profile ARNs of `{}`", p.name),
                explanation: "An inference-profile ARN always carries the caller's account ID (arn:aws:bedrock:REGION:ACCOUNT:inference-profile/ID); with an empty account field the Resource entries and the bedrock:InferenceProfileArn conditions never match. This grants nothing new.".to_owned(),
                target: *at,
                new_policy: false,
                policy_name: p.name.clone(),
                original: text.to_owned(),
                patched: apply(text, &edits),
            });
        }
    }

    // A statement granting exactly the missing checks.
    let action = hops.first().map(|h| h.hop.action.clone()).unwrap_or_default();
    let profile_arn = hops
        .iter()
        .find_map(|h| h.hop.context.single("bedrock:inferenceprofilearn").map(str::to_owned));
    let mut statements = Vec::new();
    let plain: Vec<String> = hops
        .iter()
        .filter(|h| !h.hop.context.contains("bedrock:InferenceProfileArn"))
        .map(|h| quote(&h.hop.resource))
        .collect();
    if !plain.is_empty() {
        statements.push(format!(
            "{{\"Sid\": \"AllowInferenceProfile\", \"Effect\": \"Allow\", \"Action\": {}, \"Resource\": [{}]}}",
            quote(&action),
            plain.join(", ")
        ));
    }
    let models: Vec<String> = hops
        .iter()
        .filter(|h| h.hop.context.contains("bedrock:InferenceProfileArn"))
        .map(|h| quote(&h.hop.resource))
        .collect();
    if let (false, Some(profile_arn)) = (models.is_empty(), profile_arn) {
        statements.push(format!(
            "{{\"Sid\": \"AllowModelThroughProfile\", \"Effect\": \"Allow\", \"Action\": {}, \"Resource\": [{}], \"Condition\": {{\"StringEquals\": {{\"bedrock:InferenceProfileArn\": {}}}}}}}",
            quote(&action),
            models.join(", "),
            quote(&profile_arn)
        ));
    }
    if statements.is_empty() {
        return;
    }
    let resources = hops
        .iter()
        .map(|h| format!("`{}`", h.hop.resource))
        .collect::<Vec<_>>()
        .join(", ");
    let explanation = format!(
        "Allows `{action}` on exactly the checks no {what} allowed ({resources}); foundation-model checks are allowed only when they come through this inference profile, so direct calls stay as they are."
    );
    match input {
        Some(p) => {
            let text = p.document.text();
            let (Some(root), _) = json::parse(text) else { return };
            let Some(statement) = root.get("Statement") else { return };
            let patched = apply(text, &[append_values(text, &statement.value, &statements)]);
            out.push(Candidate {
                breadth: 0,
                title: format!("Allow the missing checks in {what} `{}`", p.name),
                explanation,
                target,
                new_policy: false,
                policy_name: p.name.clone(),
                original: text.to_owned(),
                patched,
            });
        }
        None => {
            let patched = format!(
                "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {}\n  ]\n}}",
                statements.join(",\n    ")
            );
            out.push(Candidate {
                breadth: 0,
                title: "Add an identity policy for this call".to_owned(),
                explanation,
                target: PolicyRef::Identity(scenario.identity_policies.len()),
                new_policy: true,
                policy_name: "BedrockCrossRegionInference".to_owned(),
                original: String::new(),
                patched,
            });
        }
    }
}

/// Edits inserting `account` into inference-profile ARNs that have an empty account field.
fn collect_empty_account_edits(node: &Node, account: &str, edits: &mut Vec<TextEdit>) {
    match &node.value {
        Value::String(s) => {
            let fields: Vec<&str> = s.splitn(6, ':').collect();
            if let [prefix, partition, "bedrock", region, "", resource] = fields.as_slice()
                && *prefix == "arn"
                && (resource.starts_with("inference-profile/")
                    || resource.starts_with("application-inference-profile/"))
            {
                let fixed = format!("arn:{partition}:bedrock:{region}:{account}:{resource}");
                edits.push(TextEdit {
                    span: node.span,
                    text: quote(&fixed),
                });
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|i| collect_empty_account_edits(i, account, edits)),
        Value::Object(members) => members
            .iter()
            .for_each(|m| collect_empty_account_edits(&m.value, account, edits)),
        _ => {}
    }
}
