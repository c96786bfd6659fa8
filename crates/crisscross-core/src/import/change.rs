//! A change to SCPs as infrastructure code describes it (a Terraform plan, two versions of a
//! CloudFormation template), applied to a base scenario: the scenario before and after the change, for
//! `crisscross diff` to compare hop by hop.
//!
//! A policy is found in the base scenario by its ID (the end of its ARN), else by its name (AWS
//! Organizations keeps policy names unique in an organization). Its targets, when the change manages
//! its attachments, decide the SCP levels it sits at; targets off the account's path do not apply to the
//! account and are reported as such.

use serde::Serialize;

use crate::scenario::{Document, PolicyInput, Scenario};

/// One SCP as one side of the change has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyState {
    /// Where the change describes it (`aws_organizations_policy.region_deny`, `Resources.RegionDenyScp`).
    pub address: String,
    /// The policy's name.
    pub name: String,
    /// Its ID (`p-...`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its ARN, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The policy text.
    pub content: String,
    /// The roots, OUs and accounts it is attached to; `None` when the change does not manage its
    /// attachments (it stays where the base scenario has it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<String>>,
}

/// The SCPs before and after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ChangeSet {
    /// What the change came from.
    pub source: String,
    /// The policies as they are before the change (absent: the change creates them).
    pub before: Vec<PolicyState>,
    /// The policies as they are after the change (absent: the change deletes them).
    pub after: Vec<PolicyState>,
    /// What could not be settled, in words.
    pub notes: Vec<String>,
}

/// How one policy changes, for the review's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyChange {
    /// Where the change describes it.
    pub address: String,
    /// The policy's name.
    pub name: String,
    /// `created`, `deleted`, `updated`, `moved` (other targets) or `unchanged`.
    pub kind: &'static str,
    /// The text before, if it existed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// The text after, if it exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Targets before and after, when managed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targets_before: Option<Vec<String>>,
    /// Targets after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targets_after: Option<Vec<String>>,
}

impl ChangeSet {
    /// The policies the change touches, each with what happens to it.
    #[must_use]
    pub fn policies(&self) -> Vec<PolicyChange> {
        let mut out: Vec<PolicyChange> = Vec::new();
        for b in &self.before {
            let a = self.after.iter().find(|a| a.address == b.address);
            let kind = match a {
                None => "deleted",
                Some(a) if a.content != b.content => "updated",
                // Unknown targets before (a template read against the base scenario) are not a move.
                Some(a) if b.targets.is_some() && a.targets != b.targets => "moved",
                Some(_) => "unchanged",
            };
            out.push(PolicyChange {
                address: b.address.clone(),
                name: a.map_or(&b.name, |a| &a.name).clone(),
                kind,
                before: Some(b.content.clone()),
                after: a.map(|a| a.content.clone()),
                targets_before: b.targets.clone(),
                targets_after: a.and_then(|a| a.targets.clone()),
            });
        }
        for a in self
            .after
            .iter()
            .filter(|a| !self.before.iter().any(|b| b.address == a.address))
        {
            out.push(PolicyChange {
                address: a.address.clone(),
                name: a.name.clone(),
                kind: "created",
                before: None,
                after: Some(a.content.clone()),
                targets_before: None,
                targets_after: a.targets.clone(),
            });
        }
        out
    }

    /// The base scenario before and after the change, and notes on what does not reach the account.
    #[must_use]
    pub fn scenarios(&self, base: &Scenario) -> (Scenario, Scenario, Vec<String>) {
        let mut notes = self.notes.clone();
        let addresses: Vec<&str> =
            self.before
                .iter()
                .chain(&self.after)
                .map(|p| p.address.as_str())
                .fold(Vec::new(), |mut acc, a| {
                    if !acc.contains(&a) {
                        acc.push(a);
                    }
                    acc
                });
        let mut before = base.clone();
        let mut after = base.clone();
        for address in addresses {
            let old = self.before.iter().find(|p| p.address == address);
            let new = self.after.iter().find(|p| p.address == address);
            place(&mut before, old, old.or(new), &mut notes);
            place(&mut after, new, old.or(new), &mut notes);
        }
        let mut unique: Vec<String> = Vec::new();
        for note in notes {
            if !unique.contains(&note) {
                unique.push(note);
            }
        }
        (before, after, unique)
    }
}

/// True when `p` in the scenario is the policy `state` describes.
fn same(p: &PolicyInput, state: &PolicyState) -> bool {
    let id_of = |arn: &str| arn.rsplit('/').next().map(str::to_owned);
    match (&state.id, p.arn.as_deref().and_then(id_of)) {
        (Some(id), Some(theirs)) => *id == theirs,
        _ => p.name == state.name,
    }
}

/// Puts one policy into a scenario as `state` has it (or takes it out when `state` is `None`);
/// `identity` finds it in the scenario.
fn place(
    scenario: &mut Scenario,
    state: Option<&PolicyState>,
    identity: Option<&PolicyState>,
    notes: &mut Vec<String>,
) {
    let Some(identity) = identity else { return };
    let Some(levels) = scenario.scps.as_mut() else {
        notes.push(format!(
            "`{}`: the base scenario has no SCP levels, so no SCP change reaches it",
            identity.address
        ));
        return;
    };
    let Some(state) = state else {
        // Deleted (or not yet created): gone from every level.
        for level in levels.iter_mut() {
            level.policies.retain(|p| !same(p, identity));
        }
        return;
    };
    let document = Document::Text(state.content.as_str().into());
    if state.targets.is_none() {
        let mut found = false;
        for level in levels.iter_mut() {
            for p in level.policies.iter_mut().filter(|p| same(p, identity)) {
                p.document = document.clone();
                p.name.clone_from(&state.name);
                found = true;
            }
        }
        if !found {
            notes.push(format!(
                "`{}` ({}) is not attached on the account's path in the base scenario and the change does not say where it is attached",
                state.address, state.name
            ));
        }
        return;
    }
    let targets = state.targets.clone().unwrap_or_default();
    let existing_arn = levels
        .iter()
        .flat_map(|l| &l.policies)
        .find(|p| same(p, identity))
        .and_then(|p| p.arn.clone());
    for level in levels.iter_mut() {
        level.policies.retain(|p| !same(p, identity));
        if targets.contains(&level.target) {
            level.policies.push(PolicyInput {
                name: state.name.clone(),
                document: document.clone(),
                arn: state.arn.clone().or_else(|| existing_arn.clone()),
            });
        }
    }
    for t in &targets {
        if !levels.iter().any(|l| l.target == *t) {
            notes.push(format!(
                "`{}` is attached to `{t}`, which is not on the account's path: it does not apply to this account",
                state.address
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Scenario {
        Scenario::from_json(
            r#"{"version": 1, "principal": "arn:aws:iam::111122223333:role/App",
              "scps": [{"target": "r-a", "policies": [{"name": "FullAWSAccess", "document": "{}"}]},
                       {"target": "ou-a-1", "policies": [{"name": "RegionDeny", "arn": "arn:aws:organizations::999988887777:policy/o-x/service_control_policy/p-1", "document": "old"}]},
                       {"target": "111122223333", "policies": []}],
              "request": {"action": "s3:GetObject", "resource": "*", "region": "us-east-1"}}"#,
        )
        .unwrap()
    }

    fn state(address: &str, name: &str, id: Option<&str>, content: &str, targets: Option<&[&str]>) -> PolicyState {
        PolicyState {
            address: address.to_owned(),
            name: name.to_owned(),
            id: id.map(str::to_owned),
            arn: None,
            content: content.to_owned(),
            targets: targets.map(|t| t.iter().map(|s| (*s).to_owned()).collect()),
        }
    }

    #[test]
    fn updates_in_place_creates_at_targets_and_reports_targets_off_the_path() {
        let change = ChangeSet {
            source: "test".to_owned(),
            before: vec![state("a", "RegionDeny", Some("p-1"), "before", None)],
            after: vec![
                state("a", "RegionDeny", Some("p-1"), "after", None),
                state("b", "New", None, "new", Some(&["111122223333", "ou-elsewhere"])),
            ],
            notes: Vec::new(),
        };
        let (before, after, notes) = change.scenarios(&base());
        let text = |s: &Scenario, level: usize| -> Vec<String> {
            s.scps.as_ref().unwrap()[level]
                .policies
                .iter()
                .map(|p| p.document.text().to_owned())
                .collect()
        };
        assert_eq!(text(&before, 1), ["before"]);
        assert_eq!(text(&after, 1), ["after"]);
        // The ARN the base scenario had stays with the policy.
        assert!(after.scps.as_ref().unwrap()[1].policies[0].arn.is_some());
        assert!(text(&before, 2).is_empty());
        assert_eq!(text(&after, 2), ["new"]);
        assert!(
            notes
                .iter()
                .any(|n| n.contains("`ou-elsewhere`, which is not on the account's path")),
            "{notes:?}"
        );
        let kinds: Vec<&str> = change.policies().iter().map(|p| p.kind).collect();
        assert_eq!(kinds, ["updated", "created"]);
    }

    #[test]
    fn a_deleted_policy_leaves_every_level() {
        let change = ChangeSet {
            source: "test".to_owned(),
            before: vec![state("a", "RegionDeny", Some("p-1"), "before", Some(&["ou-a-1"]))],
            after: Vec::new(),
            notes: Vec::new(),
        };
        let (before, after, _) = change.scenarios(&base());
        assert_eq!(before.scps.as_ref().unwrap()[1].policies.len(), 1);
        assert!(after.scps.as_ref().unwrap()[1].policies.is_empty());
    }
}
