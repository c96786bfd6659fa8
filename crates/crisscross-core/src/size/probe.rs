//! The evaluator's second opinion on an edit: requests built from a policy's own actions, resources and
//! condition values, decided with the policy before and after.

use std::collections::BTreeSet;

use crate::context::{Context, ContextValue, Origin};
use crate::evaluate::{Decision, NamedPolicy, PolicySet, Relevant, Request, decide};
use crate::policy::Policy;

/// Most requests tried per check: the structural proof is the guarantee, this check a second opinion.
const MAX_PROBES: usize = 5_000;
/// A prime larger than any number of probe requests: stepping by it modulo that number visits every
/// request once, in a scattered order, so a sample is spread over actions, resources and contexts alike.
const SCATTER: u64 = 2_147_483_647;
/// Most condition contexts combined per check.
const MAX_CONTEXTS: usize = 64;

/// Decides probe requests with both policies and describes the first request decided differently.
/// Probes are built from the policies' own actions, resources and condition values, with their
/// wildcards filled in two ways, plus values that match nothing.
pub(super) fn first_difference(original: &Policy, edited: &Policy) -> Option<String> {
    let probes = Probes::new(&[original, edited]);
    let alone = |policy: &Policy| PolicySet {
        identity: vec![NamedPolicy {
            name: String::new(),
            label: String::new(),
            arn: None,
            policy: std::sync::Arc::new(policy.clone()),
        }],
        ..PolicySet::default()
    };
    let (before, after) = (alone(original), alone(edited));
    // Each probe action's statements are picked once; the probes then only test resources and conditions.
    fn relevant<'p>(set: &'p PolicySet, actions: &[String]) -> Vec<Relevant<'p>> {
        actions.iter().map(|action| set.relevant_to(action)).collect()
    }
    let (relevant_before, relevant_after) = (relevant(&before, &probes.actions), relevant(&after, &probes.actions));
    let decision = |set: &PolicySet, relevant: &[Relevant<'_>], action: usize, request: &Request<'_>| {
        relevant
            .get(action)
            .map_or(Decision::ImplicitDeny, |r| decide(set, r, request).0)
    };
    probes.find(|action, request| {
        let (was, is) = (
            decision(&before, &relevant_before, action, request),
            decision(&after, &relevant_after, action, request),
        );
        (was != is).then(|| {
            format!(
                "`{}` on `{}` would be {is:?} instead of {was:?}",
                request.action, request.resource
            )
        })
    })
}

struct Probes {
    actions: Vec<String>,
    resources: Vec<String>,
    contexts: Vec<Context>,
}

impl Probes {
    fn new(policies: &[&Policy]) -> Self {
        let mut actions = BTreeSet::from(["crisscross:Probe".to_owned()]);
        let mut resources = BTreeSet::from(["arn:aws:s3:::crisscross-probe".to_owned()]);
        let mut keys: Vec<(String, BTreeSet<String>)> = Vec::new();
        for statement in policies.iter().flat_map(|p| &p.statements) {
            for pattern in &statement.action.patterns {
                actions.extend(fill_wildcards(&pattern.text));
            }
            for pattern in statement.resource.iter().flat_map(|r| &r.patterns) {
                resources.extend(fill_wildcards(&pattern.text));
            }
            for condition in &statement.conditions {
                let slot = match keys.iter().position(|(k, _)| k.eq_ignore_ascii_case(&condition.key)) {
                    Some(slot) => slot,
                    None => {
                        keys.push((condition.key.clone(), BTreeSet::from(["crisscross-probe".to_owned()])));
                        keys.len() - 1
                    }
                };
                let Some((_, values)) = keys.get_mut(slot) else {
                    continue;
                };
                for raw in &condition.raw_values {
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

    /// Calls `f` on up to [`MAX_PROBES`] requests until it returns something.
    fn find(&self, f: impl Fn(usize, &Request<'_>) -> Option<String>) -> Option<String> {
        let (a, r, c) = (self.actions.len(), self.resources.len(), self.contexts.len());
        let total = u64::try_from(a * r * c).ok()?;
        (0..total.min(MAX_PROBES as u64)).find_map(|k| {
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
