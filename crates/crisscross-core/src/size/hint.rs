//! Room-making hints: edits that shorten a policy without changing any decision. Each hint is a set of
//! text edits to the author's own text (as fixes are), so applying one keeps the layout; its saving is
//! measured on the minified result.

use super::cover::covered_entries;
use super::probe::{Probe, Probing};
use crate::policy::{Policy, PolicyType, Statement, parse_policy};
use crate::syntax::edit::{TextEdit, apply, remove_member, replace_items};
use crate::syntax::json::{Node, Value};
use crate::syntax::print::{read_json, write_minified};

/// What a hint edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HintKind {
    /// Remove every `Sid`.
    DropSids,
    /// Merge these statements (indices, ascending) into the first of them.
    MergeStatements(Vec<usize>),
    /// Remove `Action` / `NotAction` entries of this statement that another entry already covers.
    FoldActions(usize),
}

/// Whether a hint keeps every decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Safety {
    /// Every request is decided as before: proven from the policy's structure, then checked with the
    /// evaluator on requests built from the policy's own actions, resources and condition values.
    Safe,
    /// Some requests would be decided differently; each entry says which.
    Changes(Vec<String>),
}

/// One way to make room, with its saving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// What it edits.
    pub kind: HintKind,
    /// What to do, for people.
    pub description: String,
    /// Characters saved in the minified policy.
    pub saves: usize,
    /// Whether decisions stay the same.
    pub safety: Safety,
    /// What changes besides decisions (such as the Sid shown in explanations).
    pub caveat: Option<String>,
    /// The policy after the edit, minified.
    pub patched: String,
    /// The policy after the edit, laid out as the author wrote it.
    pub edited: String,
}

impl Hint {
    /// True when every request is decided as before.
    #[must_use]
    pub fn is_safe(&self) -> bool {
        self.safety == Safety::Safe
    }
}

/// Every hint that keeps all decisions of a valid policy: drop the Sids, merge statements that differ
/// only in their actions or only in their resources, and fold actions that a wildcard in the same list
/// already covers. A policy with errors gets none.
#[must_use]
pub fn hints(text: &str, policy_type: PolicyType) -> Vec<Hint> {
    let mut search = HintSearch::new(text, policy_type);
    while search.step() {}
    search.finish()
}

/// [`hints`] one check at a time, so that a page can spread the checks of a large policy over several
/// tasks: [`HintSearch::step`] until it returns false, then [`HintSearch::finish`].
pub struct HintSearch {
    doc: Option<Doc>,
    /// Checks not done yet, next last.
    pending: Vec<HintStep>,
    /// Hints whose evaluator check is under way, next last, each with whether it is kept only if safe.
    checking: Vec<(Checking, bool)>,
    found: Vec<Hint>,
}

enum HintStep {
    DropSids,
    Merge(Vec<usize>),
    Folds,
}

impl HintSearch {
    /// Reads the policy and lists the checks; none for a policy with errors.
    #[must_use]
    pub fn new(text: &str, policy_type: PolicyType) -> Self {
        let doc = Doc::read(text, policy_type);
        let mut pending = vec![HintStep::Folds];
        if let Some(doc) = &doc {
            pending.extend(doc.merge_candidates().into_iter().rev().map(HintStep::Merge));
        }
        pending.push(HintStep::DropSids);
        Self {
            pending: if doc.is_some() { pending } else { Vec::new() },
            doc,
            checking: Vec::new(),
            found: Vec::new(),
        }
    }

    /// Does the next check, or a share of the evaluator's check of a hint; false once none is left.
    pub fn step(&mut self) -> bool {
        if let Some((checking, _)) = self.checking.last_mut() {
            if !checking.step()
                && let Some((checked, only_if_safe)) = self.checking.pop()
            {
                let hint = checked.finish();
                if !only_if_safe || hint.is_safe() {
                    self.found.push(hint);
                }
            }
            return true;
        }
        let (Some(step), Some(doc)) = (self.pending.pop(), &self.doc) else {
            return false;
        };
        match step {
            HintStep::DropSids => self.found.extend(doc.drop_sids()),
            HintStep::Merge(group) => self.checking.extend(doc.merge_checking(&group).ok().map(|c| (c, true))),
            HintStep::Folds => self.checking.extend(doc.folds().into_iter().rev().map(|c| (c, false))),
        }
        true
    }

    /// The hints found, in the order [`hints`] gives them.
    #[must_use]
    pub fn finish(self) -> Vec<Hint> {
        self.found
    }
}

/// A hint whose evaluator check may still be running: [`Checking::step`] until it returns false, then
/// [`Checking::finish`].
pub(super) struct Checking {
    hint: Hint,
    probing: Option<Probing>,
}

impl Checking {
    /// Decides the next share of probe requests; false once the check is over.
    fn step(&mut self) -> bool {
        let Some(probing) = &mut self.probing else {
            return false;
        };
        match probing.step() {
            Probe::Going => return true,
            Probe::Same => {}
            Probe::Differs(difference) => self.hint.safety = Safety::Changes(vec![difference]),
        }
        self.probing = None;
        false
    }

    /// Known to change these decisions, whatever the probes would say.
    pub(super) fn changes(mut self, changes: Vec<String>) -> Self {
        self.hint.safety = Safety::Changes(changes);
        self.probing = None;
        self
    }

    /// The hint, its check run to the end.
    pub(super) fn finish(mut self) -> Hint {
        while self.step() {}
        self.hint
    }
}

/// Merges the statements at `indices` of a valid policy into one, and says whether decisions change.
/// Actions are united when the statements share their resources, resources when they share their
/// actions; when they share neither, the hint lists every action and resource pair the merged
/// statement would add.
///
/// # Errors
/// Why these statements cannot be one statement (the policy has errors, an index is out of range, or
/// the statements differ in `Effect` or `Condition`, or in a `NotAction` / `NotResource` list).
pub fn merge(text: &str, policy_type: PolicyType, indices: &[usize]) -> Result<Hint, String> {
    let doc = Doc::read(text, policy_type)
        .ok_or_else(|| "the policy has errors; fix them before merging statements".to_owned())?;
    doc.merge(indices)
}

/// A valid policy, its JSON tree and its minified length.
pub(super) struct Doc {
    pub(super) text: String,
    policy_type: PolicyType,
    pub(super) root: Node<'static>,
    pub(super) policy: std::sync::Arc<Policy>,
    minified_len: usize,
    /// Each statement's `Condition` minified (`None` without one): equal texts mean equal conditions.
    conditions: Vec<Option<String>>,
}

impl Doc {
    fn read(text: &str, policy_type: PolicyType) -> Option<Self> {
        let policy = parse_policy(text, policy_type).policy?;
        let root = read_json(text).ok()?;
        let minified_len = write_minified(&root, text).chars().count();
        let conditions = statement_nodes(&root)
            .iter()
            .map(|statement| Some(write_minified(&statement.get("Condition")?.value, text)))
            .collect();
        Some(Self {
            text: text.to_owned(),
            policy_type,
            root: root.into_owned(),
            policy,
            minified_len,
            conditions,
        })
    }

    /// Builds a hint from edits of the text: measures the saving and checks decisions.
    pub(super) fn hint(&self, kind: HintKind, description: String, caveat: Option<String>, edits: &[TextEdit]) -> Hint {
        self.checking(kind, description, caveat, edits).finish()
    }

    /// [`Doc::hint`] with the evaluator's check still to run. The check is of an edit already proven safe
    /// from the structure: the edited policy must parse and, except for dropped Sids, decide every probe
    /// request as the original does.
    pub(super) fn checking(
        &self,
        kind: HintKind,
        description: String,
        caveat: Option<String>,
        edits: &[TextEdit],
    ) -> Checking {
        let edited = apply(&self.text, edits);
        let patched = read_json(&edited).map_or_else(|_| edited.clone(), |root| write_minified(&root, &edited));
        let saves = self.minified_len.saturating_sub(patched.chars().count());
        let parsed = parse_policy(&edited, self.policy_type);
        let (safety, probing) = match parsed.policy {
            Some(policy) => (
                Safety::Safe,
                (kind != HintKind::DropSids).then(|| Probing::new(&self.policy, &policy)),
            ),
            None => {
                let reason = parsed
                    .diagnostics
                    .iter()
                    .find(|d| d.is_error())
                    .map_or_else(String::new, |d| d.message.clone());
                (
                    Safety::Changes(vec![format!("the edited policy is not valid: {reason}")]),
                    None,
                )
            }
        };
        Checking {
            hint: Hint {
                kind,
                description,
                saves,
                safety,
                caveat,
                patched,
                edited,
            },
            probing,
        }
    }

    pub(super) fn same_condition(&self, a: &Statement, b: &Statement) -> bool {
        self.conditions.get(a.index) == self.conditions.get(b.index)
    }

    fn drop_sids(&self) -> Option<Hint> {
        let count = self.policy.statements().iter().filter(|s| s.sid.is_some()).count();
        if count == 0 {
            return None;
        }
        let description = if count == 1 {
            "remove the Sid".to_owned()
        } else {
            format!("remove the {count} Sids")
        };
        let edits: Vec<TextEdit> = statement_nodes(&self.root)
            .into_iter()
            .filter_map(|statement| remove_member(statement, "Sid"))
            .collect();
        // The evaluator never reads a Sid (it only names the statement in explanations), so no request
        // needs deciding again: the edited text only has to parse.
        Some(self.hint(
            HintKind::DropSids,
            description,
            Some("explanations and AccessDenied context then show statement numbers instead of Sids".to_owned()),
            &edits,
        ))
    }

    fn folds(&self) -> Vec<Checking> {
        let mut hints = Vec::new();
        let nodes = statement_nodes(&self.root);
        for statement in self.policy.statements() {
            let patterns = statement.action.patterns();
            let covered = covered_entries(patterns);
            if covered.is_empty() {
                continue;
            }
            let element = if statement.action.negated {
                "NotAction"
            } else {
                "Action"
            };
            let folded: Vec<String> = covered
                .iter()
                .filter_map(|&(entry, by)| {
                    Some(format!(
                        "`{}` (covered by `{}`)",
                        patterns.get(entry)?.text,
                        patterns.get(by)?.text
                    ))
                })
                .collect();
            let description = format!("in {} remove from `{element}` {}", label(statement), folded.join(", "));
            let Some(list) = nodes
                .get(statement.index)
                .and_then(|node| node.get(element))
                .map(|m| &m.value)
            else {
                continue;
            };
            let Value::Array(items) = &list.value else {
                continue;
            };
            // A statement matches an action when any entry matches it; an entry that another entry
            // covers adds nothing, in `Action` and `NotAction` alike.
            let kept: Vec<&str> = items
                .iter()
                .enumerate()
                .filter(|(i, _)| !covered.iter().any(|&(entry, _)| entry == *i))
                .map(|(_, item)| self.text.get(item.span.range()).unwrap_or_default())
                .collect();
            let edit = replace_items(&self.text, list, &kept, true);
            hints.push(self.checking(HintKind::FoldActions(statement.index), description, None, &[edit]));
        }
        hints
    }
}

/// The statement objects in order; `Statement` may be one object or an array.
pub(super) fn statement_nodes<'a>(root: &'a Node<'a>) -> Vec<&'a Node<'a>> {
    match root.get("Statement").map(|m| &m.value) {
        Some(
            node @ Node {
                value: Value::Object(_),
                ..
            },
        ) => vec![node],
        Some(Node {
            value: Value::Array(items),
            ..
        }) => items.iter().collect(),
        _ => Vec::new(),
    }
}

/// "statement 2 `Sid`", or "statement 2" without a Sid.
pub(super) fn label(statement: &Statement) -> String {
    match &statement.sid {
        Some(sid) => format!("statement {} `{sid}`", statement.index),
        None => format!("statement {}", statement.index),
    }
}
