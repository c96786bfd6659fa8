//! The evaluator's second opinion on an edit: requests built from a policy's own actions, resources and
//! condition values, decided with the policy before and after.

use std::collections::BTreeSet;

use crate::context::{Context, ContextValue, Origin};
use std::sync::Arc;

use crate::evaluate::{Decision, Picked, PolicySet, Relevant, Request, decide};
use crate::policy::{PatternList, Policy};

/// Most requests tried per check: the structural proof is the guarantee, this check a second opinion.
const MAX_PROBES: usize = 5_000;
/// A prime larger than any number of probe requests: stepping by it modulo that number visits every
/// request once, in a scattered order, so a sample is spread over actions, resources and contexts alike.
const SCATTER: u64 = 2_147_483_647;
/// Most condition contexts combined per check.
const MAX_CONTEXTS: usize = 64;

/// Probe requests decided by one [`Probing::step`]: at the size of a policy at the quota, a step then
/// stays well under a millisecond natively.
const PROBES_PER_STEP: u64 = 256;

/// Decides probe requests with both policies, a share at a time, until one is decided differently.
/// Probes are built from the policies' own actions, resources and condition values, with their
/// wildcards filled in two ways, plus values that match nothing.
pub(super) struct Probing {
    before: PolicySet,
    after: PolicySet,
    probes: Probes,
    /// Each probe action's statements, picked once for both policies: the probes then only test
    /// resources and conditions.
    picked: Vec<(Picked, Picked)>,
    /// The next probe to decide.
    next: u64,
}

/// Where a [`Probing`] stands.
pub(super) enum Probe {
    /// Probes are left to decide.
    Going,
    /// Every probe is decided the same by both policies.
    Same,
    /// This request is decided differently.
    Differs(String),
}

impl Probing {
    pub(super) fn new(original: &Arc<Policy>, edited: &Arc<Policy>) -> Self {
        let probes = Probes::new(&[original.as_ref(), edited.as_ref()]);
        let (before, after) = (PolicySet::alone(original), PolicySet::alone(edited));
        let picked = probes
            .actions
            .iter()
            .map(|action| (before.pick(action), after.pick(action)))
            .collect();
        Self {
            before,
            after,
            probes,
            picked,
            next: 0,
        }
    }

    /// Decides the next [`PROBES_PER_STEP`] probes.
    pub(super) fn step(&mut self) -> Probe {
        let (before, after) = (&self.before, &self.after);
        let mut relevant: Vec<Option<(Relevant<'_>, Relevant<'_>)>> = vec![None; self.picked.len()];
        let mut decide_both = |action: usize, request: &Request<'_>| {
            let (Some(slot), Some((was, is))) = (relevant.get_mut(action), self.picked.get(action)) else {
                return (Decision::ImplicitDeny, Decision::ImplicitDeny);
            };
            let (relevant_before, relevant_after) =
                slot.get_or_insert_with(|| (before.relevant_again(was), after.relevant_again(is)));
            (
                decide(before, relevant_before, request).0,
                decide(after, relevant_after, request).0,
            )
        };
        let from = self.next;
        let found = self.probes.find(from..from + PROBES_PER_STEP, |action, request| {
            let (was, is) = decide_both(action, request);
            (was != is).then(|| {
                format!(
                    "`{}` on `{}` would be {is:?} instead of {was:?}",
                    request.action, request.resource
                )
            })
        });
        self.next = from + PROBES_PER_STEP;
        match found {
            Some(difference) => Probe::Differs(difference),
            None if self.next >= self.probes.count() => Probe::Same,
            None => Probe::Going,
        }
    }
}

struct Probes {
    actions: Vec<String>,
    resources: Vec<String>,
    contexts: Vec<Context>,
}

impl Probes {
    fn new(policies: &[&Policy]) -> Self {
        let mut actions = crate::order::set_of(["crisscross:Probe".to_owned()]);
        let mut resources = crate::order::set_of(["arn:aws:s3:::crisscross-probe".to_owned()]);
        let mut keys: Vec<(String, BTreeSet<String>)> = Vec::new();
        for statement in policies.iter().flat_map(|p| p.statements()) {
            for text in statement.action.texts() {
                actions.extend(fill_wildcards(text));
            }
            for text in statement.resource.iter().flat_map(PatternList::texts) {
                resources.extend(fill_wildcards(text));
            }
            for condition in &statement.conditions {
                let slot = match keys.iter().position(|(k, _)| k.eq_ignore_ascii_case(condition.key())) {
                    Some(slot) => slot,
                    None => {
                        keys.push((
                            condition.key().to_owned(),
                            crate::order::set_of(["crisscross-probe".to_owned()]),
                        ));
                        keys.len() - 1
                    }
                };
                let Some((_, values)) = keys.get_mut(slot) else {
                    continue;
                };
                for raw in condition.raw_values() {
                    values.extend(fill_wildcards(raw));
                    // A CIDR's address is a request value the IP operators can read.
                    if let Some((address, _)) = raw.split_once('/') {
                        values.insert(address.to_owned());
                    }
                }
            }
        }
        Self {
            actions: actions.into_iter().collect(),
            resources: resources.into_iter().collect(),
            contexts: contexts(&keys),
        }
    }

    /// How many probes are tried: every request, up to [`MAX_PROBES`].
    fn count(&self) -> u64 {
        let all = self.actions.len() * self.resources.len() * self.contexts.len();
        u64::try_from(all.min(MAX_PROBES)).unwrap_or(0)
    }

    /// Calls `f` on the probes numbered `probes` (of [`Probes::count`]) until it returns something.
    fn find(
        &self,
        probes: std::ops::Range<u64>,
        mut f: impl FnMut(usize, &Request<'_>) -> Option<String>,
    ) -> Option<String> {
        let (a, r, c) = (self.actions.len(), self.resources.len(), self.contexts.len());
        let total = u64::try_from(a * r * c).ok()?;
        (probes.start..probes.end.min(self.count())).find_map(|k| {
            let n = usize::try_from(k.checked_mul(SCATTER)? % total).ok()?;
            let request = Request {
                action: self.actions.get(n % a)?,
                resource: self.resources.get(n / a % r)?,
                context: self.contexts.get(n / (a * r))?,
            };
            f(n % a, &request)
        })
    }
}

/// `text` with every `*` and `?` filled in two ways: `*` empty and `*` as two characters.
fn fill_wildcards(text: &str) -> [String; 2] {
    let fill = |star: &str| text.replace('*', star).replace('?', "z");
    [fill(""), fill("zz")]
}

/// Contexts combining each key's values (and its absence), up to [`MAX_CONTEXTS`].
fn contexts(keys: &[(String, BTreeSet<String>)]) -> Vec<Context> {
    let mut out = vec![Context::default()];
    for (key, values) in keys {
        let mut next = Vec::new();
        for context in &out {
            next.push(context.clone());
            for value in values {
                let mut with = context.clone();
                with.insert(key, ContextValue::Single(value.clone()), Origin::User);
                next.push(with);
            }
        }
        next.truncate(MAX_CONTEXTS);
        out = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{PolicyType, parse_policy};

    fn policy(actions: &[String], resources: &[String]) -> Arc<Policy> {
        let text = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resources}]
        })
        .to_string();
        parse_policy(&text, PolicyType::Identity)
            .policy
            .expect("a valid policy")
    }

    /// A page checks a hint between keystrokes: a check of many probes is spread over several steps of
    /// bounded size, and still finds a request decided differently.
    #[test]
    fn a_check_of_many_probes_takes_several_bounded_steps() {
        let actions: Vec<String> = (0..40).map(|i| format!("s3:Get{i}")).collect();
        let resources: Vec<String> = (0..40).map(|i| format!("arn:aws:s3:::bucket-{i}")).collect();
        let original = policy(&actions, &resources);

        let mut same = Probing::new(&original, &original);
        let probes = same.probes.count();
        assert!(probes > 2 * PROBES_PER_STEP, "{probes} probes");
        let mut steps = 1;
        while matches!(same.step(), Probe::Going) {
            steps += 1;
        }
        assert_eq!(steps, probes.div_ceil(PROBES_PER_STEP));

        let narrower = policy(actions.get(1..).unwrap_or_default(), &resources);
        let mut differs = Probing::new(&original, &narrower);
        let found = loop {
            match differs.step() {
                Probe::Going => {}
                Probe::Same => break None,
                Probe::Differs(difference) => break Some(difference),
            }
        };
        let found = found.expect("dropping an action changes a decision");
        assert!(found.contains("`s3:Get0`"), "{found}");
    }
}
