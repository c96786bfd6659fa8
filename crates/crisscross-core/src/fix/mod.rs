//! Fix suggestions for a denied call: concrete edits to one policy each, re-evaluated on every hop before
//! they are offered, ranked narrowest first, each saying what else it opens and what it costs in
//! characters.
//!
//! The edits follow what AWS and its users document (Bedrock User Guide, geographic and global
//! cross-Region inference; AWS blog "Enable Amazon Bedrock cross-Region inference in multi-account
//! environments"; re:Post "bedrock-access-denied-exception"): an `ArnNotLike` exception on
//! `bedrock:InferenceProfileArn` in a Region-deny statement, the missing Regions (or `unspecified`) in its
//! allow-list, the action exempted through `NotAction`, and the missing ARNs in an identity policy.

mod alternative;
mod candidate;
mod change;

use std::sync::Arc;

use serde::Serialize;

pub use self::alternative::{Alternative, alternatives};
use self::candidate::candidates;
pub use self::change::TextChange;
use crate::analysis::{ParseCache, Prepared, analyze, prepare, prepare_with};
use crate::evaluate::Decision;
use crate::matrix::{CheckRequests, Matrix, MatrixRun};
use crate::policy::{Policy, PolicyType};
use crate::report::explain::statement_info;
use crate::route::catalog::Catalog;
use crate::scenario::{Document, PolicyInput, PolicyRef, Scenario, StatementRef};
use crate::size::{LimitSet, measure};

/// One suggested edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    /// What the edit does, in a few words.
    pub title: String,
    /// Why it works, and what it widens beyond this call.
    pub explanation: String,
    /// The policy it edits, named for people.
    pub policy_label: String,
    /// The policy it edits, or the address of the policy it adds.
    pub target: PolicyRef,
    /// True when the edit adds a new policy at `target` instead of changing one.
    pub new_policy: bool,
    /// The policy's name (for a new policy, the name it gets).
    pub policy_name: String,
    /// The text before (empty for a new policy).
    pub original: String,
    /// The text after.
    pub patched: String,
    /// A unified diff of the two.
    pub diff: String,
    /// The edit as one replacement in the policy text (`original`), for tools that apply it in place.
    pub edit: TextChange,
    /// True when the call becomes `Allow` with this edit alone.
    pub resolves: bool,
    /// The call's decision with this edit: the claim a test or a bot can check by applying it.
    pub decision_after: Decision,
    /// Denied hops left after the edit.
    pub remaining_denied: usize,
    /// Other (profile, source Region) calls this edit also allows.
    pub opens: Vec<(String, String)>,
    /// (profile, source Region) calls this edit denies that were allowed.
    pub closes: Vec<(String, String)>,
    /// The policy's size before the edit, counted as AWS counts its type when saved as written (every
    /// character for SCPs; without whitespace for IAM policies).
    pub chars_before: usize,
    /// The size after the edit, counted the same way.
    pub chars_after: usize,
    /// The size after the edit once minified (what the Organizations console would save).
    pub minified_after: usize,
    /// AWS's current size quota for this policy type.
    pub limit: usize,
    /// How far the edit reaches by its kind (0 narrowest), beyond what the matrix shows.
    pub breadth: u8,
}

impl Fix {
    /// The scenario with this edit applied.
    #[must_use]
    pub fn apply_to(&self, scenario: &Scenario) -> Scenario {
        let mut out = scenario.clone();
        if self.new_policy {
            out.add_policy(
                self.target,
                PolicyInput {
                    name: self.policy_name.clone(),
                    document: Document::Text(self.patched.as_str().into()),
                    arn: None,
                },
            );
        } else if let Some(p) = out.policy_mut(self.target) {
            // A policy written as an object in the scenario file stays an object.
            p.document = match p.document {
                Document::Json(_) => Document::Json(self.patched.as_str().into()),
                Document::Text(_) => Document::Text(self.patched.as_str().into()),
            };
        }
        out
    }
}

/// Why no fix is offered for a denied call, when [`suggest`] finds none: which statements deny it no
/// matter what a narrow edit changes. `None` when the call is allowed or invalid.
#[must_use]
pub fn no_fix_reason(scenario: &Scenario, catalog: &Catalog) -> Option<String> {
    let prepared = prepare(scenario, catalog).ok()?;
    let analysis = analyze(&prepared);
    if analysis.decision.is_allow() {
        return None;
    }
    let mut deniers: Vec<StatementRef> = Vec::new();
    for hop in analysis
        .hops
        .iter()
        .filter(|h| h.evaluation.decision == Decision::ExplicitDeny)
    {
        for at in &hop.evaluation.deciding {
            if !deniers.contains(at) {
                deniers.push(*at);
            }
        }
    }
    let action = analysis.hops.first().map(|h| h.hop.action.clone()).unwrap_or_default();
    if !deniers.is_empty() {
        let described: Vec<String> = deniers
            .iter()
            .map(|at| {
                let info = statement_info(&prepared.policies, *at);
                let conditions = prepared.policies.statement(at).map_or(0, |s| s.conditions.len());
                if conditions == 0 {
                    format!("the {} (no condition)", info.label)
                } else {
                    format!("the {} (its conditions hold for this call)", info.label)
                }
            })
            .collect();
        return Some(format!(
            "No edit of one policy allows this call without changing what the policy is for: {} denies `{action}` on the call's resources. Only removing the statement, or taking this action or these resources out of it, would allow the call, and that is its owner's decision.",
            described.join(" and ")
        ));
    }
    let layers: Vec<&'static str> =
        analysis
            .hops
            .iter()
            .filter_map(|h| h.evaluation.blocked_by)
            .fold(Vec::new(), |mut acc, layer| {
                if !acc.contains(&layer.label()) {
                    acc.push(layer.label());
                }
                acc
            });
    Some(format!(
        "No edit of one policy allows every check: checks are denied because no {} allows `{action}`, and a grant in one of them cannot make another allow it.",
        layers.join(" and no ")
    ))
}

/// Suggests fixes for a denied call, best first. Empty when the call is allowed or invalid.
#[must_use]
pub fn suggest(scenario: &Scenario, catalog: &Catalog) -> Vec<Fix> {
    let mut search = Search::new(scenario, catalog, ParseCache::default());
    while search.step() {}
    search.finish()
}

/// A fix search done one small step at a time (the call as it is, then each candidate edit), so that a
/// page can spread it over several tasks and drop it when the input changes: [`Search::step`] until it
/// returns false, then [`Search::finish`].
pub struct Search<'a> {
    /// A copy of the scenario, so that a search can outlive the caller's borrow between steps.
    scenario: Scenario,
    catalog: &'a Catalog,
    /// The policies parsed once for all candidates: each candidate changes one.
    cache: ParseCache,
    /// The requests of the matrix's checks, built once for all candidates: each decides the same ones.
    requests: CheckRequests<'a>,
    phase: Phase<'a>,
    /// Candidates not tried yet, next last.
    pending: Vec<candidate::Candidate>,
    fixes: Vec<Fix>,
}

enum Phase<'a> {
    /// The call as it is is not evaluated yet.
    Start,
    /// The candidates are listed; the matrix of the unchanged call is being decided.
    Listed(Box<(Prepared, Before, MatrixRun<'a>)>),
    /// Candidates are being tried.
    Trying(Box<Before>),
    /// A candidate allows denied hops; what else it opens or closes is measured in steps of their own,
    /// so that no step holds both a candidate's evaluation and a share of its matrix.
    Measuring(Box<Before>, Box<Measuring<'a>>),
    /// Nothing (more) to try.
    Done,
}

/// A kept candidate whose matrix is being decided.
struct Measuring<'a> {
    fix: Fix,
    after: Prepared,
    /// The edited policy before and after the edit, when it parses: the matrix then decides again only
    /// the checks the edit changes.
    edit: Option<(Option<Arc<Policy>>, Arc<Policy>)>,
    run: MatrixRun<'a>,
}

/// The call as it is, which every candidate is compared with.
struct Before {
    analysis: crate::analysis::Analysis,
    api: String,
    matrix: Option<Matrix>,
    denied: usize,
    this_call: (String, String),
}

impl<'a> Search<'a> {
    /// A search for fixes of `scenario`'s call, starting from the policies `cache` already parsed.
    #[must_use]
    pub fn new(scenario: &Scenario, catalog: &'a Catalog, cache: ParseCache) -> Self {
        Self {
            scenario: scenario.clone(),
            catalog,
            cache,
            requests: CheckRequests::default(),
            phase: Phase::Start,
            pending: Vec::new(),
            fixes: Vec::new(),
        }
    }

    /// Evaluates the call as it is and lists the candidate edits; nothing to try when the call is
    /// allowed or invalid.
    fn start(&mut self) -> Phase<'a> {
        let Ok(prepared) = prepare_with(&self.scenario, self.catalog, &mut self.cache) else {
            return Phase::Done;
        };
        let analysis = analyze(&prepared);
        if analysis.decision == Decision::Allow {
            return Phase::Done;
        }
        self.pending = candidates(&self.scenario, &prepared, &analysis);
        self.pending.reverse();
        let api = self
            .scenario
            .request
            .api
            .clone()
            .unwrap_or_else(|| "InvokeModel".to_owned());
        let denied = analysis
            .hops
            .iter()
            .filter(|h| !h.evaluation.decision.is_allow())
            .count();
        let this_call = (
            analysis.route.as_ref().map(|r| r.profile.clone()).unwrap_or_default(),
            analysis
                .route
                .as_ref()
                .map(|r| r.source_region.clone())
                .unwrap_or_default(),
        );
        let before = Before {
            analysis,
            api,
            matrix: None,
            denied,
            this_call,
        };
        // Without a profile the call has no place in the matrix, and candidates are measured on the
        // call alone.
        if self.scenario.request.profile.is_some() {
            let run = MatrixRun::new(self.catalog, &before.api);
            Phase::Listed(Box::new((prepared, before, run)))
        } else {
            Phase::Trying(Box::new(before))
        }
    }

    /// Candidate edits not tried yet.
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.pending.len()
    }

    /// Does the next step; false once nothing is left.
    pub fn step(&mut self) -> bool {
        self.phase = match std::mem::replace(&mut self.phase, Phase::Done) {
            Phase::Start => self.start(),
            Phase::Listed(listed) => {
                let (prepared, mut before, mut run) = *listed;
                if run.step(&prepared) {
                    Phase::Listed(Box::new((prepared, before, run)))
                } else {
                    let (matrix, requests) = run.finish_keeping_requests();
                    before.matrix = Some(matrix);
                    self.requests = requests;
                    Phase::Trying(Box::new(before))
                }
            }
            Phase::Trying(before) => match self.pending.pop() {
                Some(c) => match self.try_candidate(c, &before) {
                    Some(helping) => Phase::Measuring(before, Box::new(helping)),
                    None => Phase::Trying(before),
                },
                None => Phase::Done,
            },
            Phase::Measuring(before, mut measuring) => {
                if self.measure(&mut measuring, &before) {
                    Phase::Measuring(before, measuring)
                } else {
                    let Measuring { mut fix, run, .. } = *measuring;
                    let (after_matrix, requests) = run.finish_keeping_requests();
                    self.requests = requests;
                    if let Some(before_matrix) = &before.matrix {
                        fix.opens = after_matrix
                            .opened_since(before_matrix)
                            .into_iter()
                            .filter(|pair| *pair != before.this_call)
                            .collect();
                        fix.closes = after_matrix.closed_since(before_matrix);
                    }
                    self.fixes.push(fix);
                    Phase::Trying(before)
                }
            }
            Phase::Done => return false,
        };
        true
    }

    /// Tries a candidate edit on every hop and keeps it when it allows denied hops and denies none. A
    /// kept candidate whose blast radius is still to measure is returned with the scenario it makes.
    fn try_candidate(&mut self, c: candidate::Candidate, before: &Before) -> Option<Measuring<'a>> {
        if c.patched == c.original
            || self
                .fixes
                .iter()
                .any(|f| f.patched == c.patched && f.target == c.target)
        {
            return None;
        }
        let scenario = &self.scenario;
        let policy_type = PolicyType::from(c.target.layer());
        let after_size = measure(&c.patched, policy_type, LimitSet::Current);
        let mut fix = Fix {
            title: c.title,
            explanation: c.explanation,
            policy_label: String::new(),
            target: c.target,
            new_policy: c.new_policy,
            policy_name: c.policy_name,
            diff: unified_diff(&c.original, &c.patched),
            chars_before: if c.original.is_empty() {
                0
            } else {
                measure(&c.original, policy_type, LimitSet::Current).counted()
            },
            chars_after: after_size.counted(),
            minified_after: after_size.minified,
            limit: after_size.limit.value,
            edit: TextChange::between(&c.original, &c.patched),
            original: c.original,
            patched: c.patched,
            resolves: false,
            // Set below, once the patched scenario is evaluated.
            decision_after: Decision::ImplicitDeny,
            remaining_denied: 0,
            opens: Vec::new(),
            closes: Vec::new(),
            breadth: c.breadth,
        };
        fix.policy_label = if fix.new_policy {
            format!("new {}", scenario.label_named(fix.target, &fix.policy_name))
        } else {
            scenario.label(fix.target)
        };
        let patched = fix.apply_to(scenario);
        let Ok(after) = prepare_with(&patched, self.catalog, &mut self.cache) else {
            return None;
        };
        let after_analysis = analyze(&after);
        let newly_denied = before
            .analysis
            .hops
            .iter()
            .zip(&after_analysis.hops)
            .any(|(b, a)| b.evaluation.decision.is_allow() && !a.evaluation.decision.is_allow());
        let remaining = after_analysis
            .hops
            .iter()
            .filter(|h| !h.evaluation.decision.is_allow())
            .count();
        if newly_denied || remaining >= before.denied {
            return None;
        }
        fix.resolves = after_analysis.decision == Decision::Allow;
        fix.decision_after = after_analysis.decision;
        fix.remaining_denied = remaining;
        if before.matrix.is_none() {
            self.fixes.push(fix);
            return None;
        }
        let original = (!fix.original.is_empty())
            .then(|| self.cache.parse(&fix.original.as_str().into(), policy_type).policy)
            .flatten();
        let edit = self
            .cache
            .parse(&fix.patched.as_str().into(), policy_type)
            .policy
            .map(|edited| (original, edited));
        Some(Measuring {
            run: MatrixRun::with_requests(self.catalog, &before.api, std::mem::take(&mut self.requests)),
            fix,
            after,
            edit,
        })
    }

    /// Decides the next share of a kept candidate's matrix, from which what it opens and closes across
    /// every profile and source Region is found; false once it is decided.
    fn measure(&mut self, measuring: &mut Measuring<'a>, before: &Before) -> bool {
        let Measuring { after, edit, run, .. } = measuring;
        match (edit, &before.matrix) {
            (Some((original, edited)), Some(before_matrix)) => {
                run.step_after_edit(before_matrix, after, original.as_ref(), edited)
            }
            _ => run.step(after),
        }
    }

    /// The fixes found, best first.
    #[must_use]
    pub fn finish(self) -> Vec<Fix> {
        let mut fixes = self.fixes;
        // A call blocked by one layer gets only edits that allow it; partial edits are offered only when
        // no single edit can (several layers deny), each saying how many checks stay denied.
        if fixes.iter().any(|f| f.resolves) {
            fixes.retain(|f| f.resolves);
        }
        crate::order::sort_by_key(&mut fixes, |f| {
            (
                !f.resolves,
                f.remaining_denied,
                f.opens.len(),
                f.breadth,
                f.chars_after.saturating_sub(f.chars_before),
            )
        });
        fixes
    }
}

/// A unified diff of two texts, with two lines of context.
#[must_use]
pub fn unified_diff(before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header("before", "after")
        .to_string()
}
