//! Merging statements that share Effect and Condition: which groups can be one statement, the edits
//! that make them one, and the action and resource pairs a merge would add.

use std::collections::BTreeSet;

use super::cover::covered_by_any;
use super::hint::{Checking, Doc, Hint, HintKind, label, statement_nodes};
use crate::policy::pattern::Template;
use crate::policy::{Effect, PatternList, Statement};
use crate::syntax::edit::{TextEdit, apply_within, replace_items};
use crate::syntax::json::{Member, Node, Value};

impl Doc {
    /// Groups of statements that share Effect, Condition and either their resources or their actions.
    pub(super) fn merge_candidates(&self) -> Vec<Vec<usize>> {
        let statements = self.policy.statements();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut add_groups = |same_list: &dyn Fn(&Statement, &Statement) -> bool| {
            let mut taken = vec![false; statements.len()];
            for (i, first) in statements.iter().enumerate() {
                if taken.get(i).copied().unwrap_or(true) {
                    continue;
                }
                let group: Vec<usize> = statements
                    .iter()
                    .enumerate()
                    .skip(i)
                    .filter(|(_, other)| {
                        other.effect == first.effect && self.same_condition(first, other) && same_list(first, other)
                    })
                    .map(|(j, _)| j)
                    .collect();
                for &j in &group {
                    if let Some(t) = taken.get_mut(j) {
                        *t = true;
                    }
                }
                if group.len() > 1 && !groups.contains(&group) {
                    groups.push(group);
                }
            }
        };
        // Only `Action` and `Resource` lists can be united; identical `NotAction` / `NotResource` lists
        // need no uniting.
        let actions_unite = |a: &Statement, b: &Statement| {
            same_entries(&a.action, &b.action, true) || !(a.action.negated || b.action.negated)
        };
        let resources_unite = |a: &Statement, b: &Statement| {
            let negated = |s: &Statement| s.resource.as_ref().is_some_and(|r| r.negated);
            same_resources(a, b) || !(negated(a) || negated(b))
        };
        add_groups(&|a, b| same_resources(a, b) && actions_unite(a, b));
        add_groups(&|a, b| same_entries(&a.action, &b.action, true) && resources_unite(a, b));
        groups
    }

    pub(super) fn merge(&self, indices: &[usize]) -> Result<Hint, String> {
        self.merge_checking(indices).map(Checking::finish)
    }

    /// [`Doc::merge`] with the evaluator's check still to run.
    pub(super) fn merge_checking(&self, indices: &[usize]) -> Result<Checking, String> {
        let mut indices = indices.to_vec();
        indices.sort_unstable();
        indices.dedup();
        if indices.len() < 2 {
            return Err("name at least two different statements to merge".to_owned());
        }
        let statements: Vec<&Statement> = indices
            .iter()
            .map(|&i| {
                self.policy
                    .statements()
                    .get(i)
                    .ok_or_else(|| format!("the policy has no statement {i}"))
            })
            .collect::<Result<_, _>>()?;
        let [first, ..] = statements.as_slice() else {
            return Err("name at least two different statements to merge".to_owned());
        };
        for other in &statements {
            if other.effect != first.effect {
                return Err(format!(
                    "{} and {} have different effects; an Allow and a Deny cannot be one statement",
                    label(first),
                    label(other)
                ));
            }
            if !self.same_condition(first, other) {
                return Err(format!(
                    "{} and {} have different conditions; only statements with the same Condition can be merged",
                    label(first),
                    label(other)
                ));
            }
        }
        let shared_actions = statements.iter().all(|s| same_entries(&s.action, &first.action, true));
        let shared_resources = statements.iter().all(|s| same_resources(s, first));
        if !shared_actions && statements.iter().any(|s| s.action.negated) {
            return Err("`NotAction` lists cannot be merged by uniting them; only statements with the same `NotAction` can be merged".to_owned());
        }
        if !shared_resources
            && statements
                .iter()
                .any(|s| s.resource.as_ref().is_some_and(|r| r.negated))
        {
            return Err("`NotResource` lists cannot be merged by uniting them; only statements with the same `NotResource` can be merged".to_owned());
        }

        // A statement applies when its action, its resource and its condition match. With the condition
        // shared, the merged statement applies to every pair (action, resource) of the united lists; the
        // originals applied only to the pairs within one statement. Pairs across statements are new
        // unless some statement already covers both halves.
        let added = if shared_actions || shared_resources {
            Vec::new()
        } else {
            added_pairs(&statements)
        };
        let description = format!(
            "merge {} into one statement{}",
            join_labels(&statements),
            if shared_resources && !shared_actions {
                " with the actions of all"
            } else if shared_actions && !shared_resources {
                " with the resources of all"
            } else {
                ""
            }
        );
        let caveat = statements.iter().skip(1).any(|s| s.sid.is_some()).then(|| {
            format!(
                "the merged statement keeps the Sid of {}; explanations name it for requests the others decided",
                label(first)
            )
        });
        let edits = self.merge_edits(&indices);
        let checking = self.checking(HintKind::MergeStatements(indices), description, caveat, &edits);
        if added.is_empty() {
            return Ok(checking);
        }
        let verb = match first.effect {
            Effect::Allow => "allows",
            Effect::Deny => "denies",
        };
        Ok(checking.changes(
            added
                .into_iter()
                .map(|(action, resource)| format!("also {verb} `{action}` on `{resource}`"))
                .collect(),
        ))
    }

    /// The edits that merge the statements at `indices` into the first of them: its `Action` /
    /// `NotAction` and `Resource` / `NotResource` become the united entries of all (each once, as
    /// written), and the others leave the `Statement` array.
    fn merge_edits(&self, indices: &[usize]) -> Vec<TextEdit> {
        let nodes = statement_nodes(&self.root);
        let group: Vec<&Node> = indices.iter().filter_map(|&i| nodes.get(i).copied()).collect();
        let (Some(first), Some(Member { value: array, .. })) = (group.first(), self.root.get("Statement")) else {
            return Vec::new();
        };
        let mut inner = Vec::new();
        for (positive, negative, fold_case) in [("Action", "NotAction", true), ("Resource", "NotResource", false)] {
            let mut seen = BTreeSet::new();
            let mut entries: Vec<&str> = Vec::new();
            for node in &group {
                let Some(member) = node.get(positive).or_else(|| node.get(negative)) else {
                    continue;
                };
                let items = match &member.value.value {
                    Value::Array(items) => items.iter().collect(),
                    _ => vec![&member.value],
                };
                for item in items {
                    let Value::String(s) = &item.value else { continue };
                    if seen.insert(if fold_case { s.to_lowercase() } else { s.to_string() }) {
                        entries.push(self.text.get(item.span.range()).unwrap_or_default());
                    }
                }
            }
            if let Some(member) = first.get(positive).or_else(|| first.get(negative)) {
                inner.push(replace_items(&self.text, &member.value, &entries, true));
            }
        }
        let first_index = indices.first().copied().unwrap_or_default();
        let statements: Vec<String> = nodes
            .iter()
            .enumerate()
            .filter(|(i, _)| *i == first_index || !indices.contains(i))
            .map(|(i, node)| {
                if i == first_index {
                    apply_within(&self.text, node.span, &inner)
                } else {
                    self.text.get(node.span.range()).unwrap_or_default().to_owned()
                }
            })
            .collect();
        vec![replace_items(&self.text, array, &statements, false)]
    }
}

/// The `Resource` / `NotResource` entries (every statement of the policy types here has one).
fn resource_patterns(statement: &Statement) -> &[Template] {
    statement.resource.as_ref().map_or(&[], |r| r.patterns())
}

/// True when both statements have the same `Resource` or the same `NotResource` entries.
fn same_resources(a: &Statement, b: &Statement) -> bool {
    match (&a.resource, &b.resource) {
        (Some(a), Some(b)) => same_entries(a, b, false),
        (None, None) => true,
        _ => false,
    }
}

/// True when two lists are the same kind (`Action` / `NotAction`) with the same entries as sets.
fn same_entries(a: &PatternList, b: &PatternList, fold_case: bool) -> bool {
    let set = |list: &PatternList| -> BTreeSet<String> {
        crate::order::set_of(list.texts().map(|text| {
            if fold_case {
                text.to_lowercase()
            } else {
                text.to_owned()
            }
        }))
    };
    a.negated == b.negated && set(a) == set(b)
}

fn join_labels(statements: &[&Statement]) -> String {
    let labels: Vec<String> = statements.iter().map(|s| label(s)).collect();
    match labels.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => labels.join(""),
    }
}

/// The (action, resource) pairs that a merge of `statements` (all `Action` and `Resource`) would
/// cover and no single statement covers, as written.
fn added_pairs(statements: &[&Statement]) -> Vec<(String, String)> {
    let covered_by_one = |action: &Template, resource: &Template| {
        statements
            .iter()
            .any(|s| covered_by_any(s.action.patterns(), action) && covered_by_any(resource_patterns(s), resource))
    };
    let mut added = Vec::new();
    for (i, a) in statements.iter().enumerate() {
        for (j, b) in statements.iter().enumerate() {
            if i == j {
                continue;
            }
            for action in a.action.patterns() {
                for resource in resource_patterns(b) {
                    let pair = (action.text.clone(), resource.text.clone());
                    if !covered_by_one(action, resource) && !added.contains(&pair) {
                        added.push(pair);
                    }
                }
            }
        }
    }
    added
}
