//! One scenario across every catalog profile and every source Region it serves: "which models can this
//! account use, and from where?"

use std::sync::Arc;

use serde::Serialize;

use crate::analysis::{Prepared, call_decision};
use crate::evaluate::{Decision, Picked, PolicySet, Relevant, ResourceSplit, decide};
use crate::policy::Policy;
use crate::route::catalog::{Catalog, Geography};
use crate::route::hop::action_of_api;
use crate::scenario::Layer;

mod checks;

pub use checks::CheckRequests;
use checks::{Checks, GridCall, GridChecks, Plan};

/// The verdict of one (profile, source Region) call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    /// The source Region.
    pub source: String,
    /// The call's decision.
    pub decision: Decision,
    /// The blocking layer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<Layer>,
    /// The Regions (`aws:RequestedRegion` values) of the denied hops.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub denied_regions: Vec<String>,
}

/// One profile's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// Profile ID.
    pub profile: String,
    /// Foundation model ID.
    pub model: String,
    /// Geography.
    pub geography: Geography,
    /// One cell per source Region the profile serves.
    pub cells: Vec<Cell>,
}

/// The whole grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Matrix {
    /// The runtime API every cell calls.
    pub api: String,
    /// The catalog date.
    pub catalog_as_of: String,
    /// One row per profile, in catalog order.
    pub rows: Vec<Row>,
}

impl Matrix {
    /// Number of (profile, source Region) calls allowed, and in all.
    #[must_use]
    pub fn counts(&self) -> (usize, usize) {
        let cells = self.rows.iter().flat_map(|r| &r.cells);
        let total = cells.clone().count();
        (cells.filter(|c| c.decision.is_allow()).count(), total)
    }

    /// The (profile, source Region) pairs allowed here and denied in `before`.
    #[must_use]
    pub fn opened_since(&self, before: &Self) -> Vec<(String, String)> {
        let mut opened = Vec::new();
        for (row, old) in self.rows.iter().zip(&before.rows) {
            for (cell, old_cell) in row.cells.iter().zip(&old.cells) {
                if cell.decision.is_allow() && !old_cell.decision.is_allow() {
                    opened.push((row.profile.clone(), cell.source.clone()));
                }
            }
        }
        opened
    }

    /// The (profile, source Region) pairs denied here and allowed in `before`.
    #[must_use]
    pub fn closed_since(&self, before: &Self) -> Vec<(String, String)> {
        before.opened_since(self)
    }
}

/// Evaluates the scenario's principal and policies for every catalog profile and source Region, calling
/// `api` (the scenario's own API when `None`).
#[must_use]
pub fn matrix(prepared: &Prepared, api: &str, catalog: &Catalog) -> Matrix {
    let mut run = MatrixRun::new(catalog, api);
    while run.step(prepared) {}
    run.finish()
}

/// Checks a step of a [`MatrixRun`] decides before it ends with the profile under way: at the size of
/// an organization at the quotas, a step then stays under a millisecond natively.
const CHECKS_PER_STEP: usize = 64;

/// A check's decision and the layer that blocks it, if one does.
type CheckOutcome = (Decision, Option<Layer>);

/// A matrix decided a few profiles at a time, so that a page can spread it over several tasks:
/// [`MatrixRun::step`] (or [`MatrixRun::step_after_edit`], always the same one with the same scenario)
/// until it returns false, then [`MatrixRun::finish`]. Checks already decided are remembered from step
/// to step.
pub struct MatrixRun<'c> {
    catalog: &'c Catalog,
    api: String,
    rows: Vec<Row>,
    /// The statements for the action, and whether a statement can read `bedrock:InferenceProfileArn`,
    /// known from the first step on.
    picked: Option<(Picked, bool)>,
    /// The catalog's checks, numbered, from the first step on.
    plan: Option<Plan<'c>>,
    decided: Checks<CheckOutcome>,
    /// After an edit: whether the edited policy decides a check as the original did.
    unchanged: Checks<bool>,
    requests: CheckRequests<'c>,
}

impl<'c> MatrixRun<'c> {
    /// A run over every profile of `catalog`, calling `api`.
    #[must_use]
    pub fn new(catalog: &'c Catalog, api: &str) -> Self {
        Self::with_requests(catalog, api, CheckRequests::default())
    }

    /// A run that starts from the requests an earlier run over the same catalog built (see
    /// [`MatrixRun::finish_keeping_requests`]); they are used only when the call is the same.
    #[must_use]
    pub fn with_requests(catalog: &'c Catalog, api: &str, requests: CheckRequests<'c>) -> Self {
        Self {
            catalog,
            api: api.to_owned(),
            rows: Vec::with_capacity(catalog.profiles.len()),
            picked: None,
            plan: None,
            decided: Checks::new(0),
            unchanged: Checks::new(0),
            requests,
        }
    }

    /// Decides the next profiles' calls of `prepared`; false once every profile is decided.
    pub fn step(&mut self, prepared: &Prepared) -> bool {
        self.advance(prepared, false, |_, _, _| None)
    }

    /// The next profiles' calls of `after`, a scenario that differs from the one `before` was made of in
    /// one policy only, `original` before the edit (`None` when the edit adds the policy) and `edited`
    /// after it; false once every profile is decided. A cell is decided again only when the policy
    /// decides one of its checks differently; every other cell keeps its verdict from `before`, since
    /// the rest of the evaluation is unchanged.
    pub fn step_after_edit(
        &mut self,
        before: &Matrix,
        after: &Prepared,
        original: Option<&Arc<Policy>>,
        edited: &Arc<Policy>,
    ) -> bool {
        let action = action_of_api(&self.api).unwrap_or("bedrock:InvokeModel");
        let (was, is) = (
            original.map_or_else(PolicySet::default, PolicySet::alone),
            PolicySet::alone(edited),
        );
        let (relevant_was, relevant_is) = (was.relevant_to(action), is.relevant_to(action));
        let reads = may_read_profile_arn(&[&relevant_was, &relevant_is]);
        let splits: Option<Vec<_>> = [relevant_was.resource_split(), relevant_is.resource_split()]
            .into_iter()
            .collect();
        let same_api = before.api == self.api;
        self.advance(after, reads, |unchanged, (row, cell), checks| {
            let unchanged = checks.iter().all(|number| {
                unchanged.get(*number, splits.as_deref(), |request| {
                    decide(&was, &relevant_was, request).0 == decide(&is, &relevant_is, request).0
                })
            });
            if !unchanged || !same_api {
                return None;
            }
            before.rows.get(row)?.cells.get(cell).cloned()
        })
    }

    /// The matrix, once a step returned false.
    #[must_use]
    pub fn finish(self) -> Matrix {
        self.finish_keeping_requests().0
    }

    /// The matrix, once a step returned false, and the requests of its checks, for a next run over the
    /// same call with other policies (as each candidate fix is).
    #[must_use]
    pub fn finish_keeping_requests(self) -> (Matrix, CheckRequests<'c>) {
        let matrix = Matrix {
            api: self.api,
            catalog_as_of: self.catalog.as_of.clone(),
            rows: self.rows,
        };
        (matrix, self.requests)
    }

    /// Decides the next profiles, until [`CHECKS_PER_STEP`] checks are decided; true while profiles
    /// remain. A cell is taken from `known` (given the run's `unchanged` checks, with what deciding one
    /// takes, its row and cell index and its checks) instead of being decided when `known` has it.
    /// `reads_profile_arn` says whether the policies `known` decides with can read
    /// `bedrock:InferenceProfileArn`.
    fn advance(
        &mut self,
        prepared: &Prepared,
        reads_profile_arn: bool,
        mut known: impl FnMut(&mut GridChecks<'_, 'c, bool>, (usize, usize), &[u32]) -> Option<Cell>,
    ) -> bool {
        let catalog = self.catalog;
        // An unknown API plans no checks (see `call_specs`).
        let known_api = action_of_api(&self.api);
        let plans = known_api.is_ok();
        let action = known_api.unwrap_or("bedrock:InvokeModel");
        let first_step = self.picked.is_none();
        let (picked, reads) = self
            .picked
            .get_or_insert_with(|| (prepared.policies.pick(action), reads_profile_arn));
        // Taken from the policies on the first step, to see whether they read the profile ARN, and
        // otherwise when a check is first decided in the step: after an edit, most steps only take cells
        // from the matrix before it.
        let mut relevant = first_step.then(|| prepared.policies.relevant_again(picked));
        // Taken from `relevant` when a check is first decided in the step.
        let mut split: Option<Option<ResourceSplit<'_>>> = None;
        if let Some(picked_now) = &relevant {
            *reads = *reads || may_read_profile_arn(&[picked_now]);
        }
        let (picked, reads_profile_arn) = (&*picked, *reads);
        let call = GridCall {
            action,
            base: &prepared.context,
            account: &prepared.principal.account,
            partition: &prepared.principal.partition,
        };
        let plan = match &mut self.plan {
            Some(plan) => &**plan,
            unnumbered => {
                let plan = unnumbered.insert(Plan::of(catalog, reads_profile_arn));
                self.decided = Checks::new(plan.len());
                self.unchanged = Checks::new(plan.len());
                self.requests.serve(&call, catalog, reads_profile_arn, plan.len());
                &**plan
            }
        };
        let (rows, decided, unchanged) = (&mut self.rows, &mut self.decided, &mut self.unchanged);
        let requests = &mut self.requests;
        let checks_before = decided.len() + unchanged.len();
        // One buffer each for a check's resource ARN and a call's decisions, reused from call to call.
        let mut arn = String::new();
        let mut decisions: Vec<(Decision, Option<Layer>, &str)> = Vec::new();
        while let Some(profile) = catalog.profiles.get(rows.len()) {
            if decided.len() + unchanged.len() >= checks_before + CHECKS_PER_STEP {
                break;
            }
            let row = rows.len();
            let cells = profile
                .routes
                .iter()
                .enumerate()
                .map(|(cell, route)| {
                    let checks = if plans { plan.call(row, cell) } else { &[] };
                    let mut unchanged = GridChecks {
                        checks: &mut *unchanged,
                        plan,
                        requests: &mut *requests,
                        call: &call,
                        arn: &mut arn,
                    };
                    if let Some(kept) = known(&mut unchanged, (row, cell), checks) {
                        return kept;
                    }
                    decisions.clear();
                    decisions.extend(checks.iter().filter_map(|&number| {
                        let key = plan.check(number)?;
                        let (decision, blocked_by) = decided.get_or_compute(number, |by_resource| {
                            let relevant = relevant.get_or_insert_with(|| prepared.policies.relevant_again(picked));
                            let split = split.get_or_insert_with(|| relevant.resource_split());
                            let mut decide_alone = || {
                                requests.with(number, key, &call, |request| {
                                    decide(&prepared.policies, relevant, request)
                                })
                            };
                            match split {
                                Some(split) => *by_resource
                                    .entry(plan.by_resource(
                                        (number, key),
                                        std::slice::from_ref(split),
                                        &call,
                                        &mut arn,
                                    ))
                                    .or_insert_with(decide_alone),
                                None => decide_alone(),
                            }
                        });
                        Some((decision, blocked_by, key.region))
                    }));
                    let (decision, blocked_by) = call_decision(decisions.iter().map(|(d, l, _)| (*d, *l)));
                    let mut denied_regions: Vec<String> = Vec::new();
                    for (d, _, region) in &decisions {
                        if !d.is_allow() && !denied_regions.iter().any(|r| r == region) {
                            denied_regions.push((*region).to_owned());
                        }
                    }
                    Cell {
                        source: route.source.clone(),
                        decision,
                        blocked_by,
                        denied_regions,
                    }
                })
                .collect();
            rows.push(Row {
                profile: profile.id.clone(),
                model: profile.model_id.clone(),
                geography: profile.geography,
                cells,
            });
        }
        rows.len() < catalog.profiles.len()
    }
}

/// True when a statement can read `bedrock:InferenceProfileArn`, through a condition on it or a policy
/// variable anywhere.
fn may_read_profile_arn(relevant: &[&Relevant<'_>]) -> bool {
    relevant
        .iter()
        .flat_map(|r| r.statements())
        .any(|s| s.may_read_key("bedrock:inferenceprofilearn"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page decides the matrix between keystrokes: no step may take the whole grid, and each ends
    /// soon after its share of checks, within the profile under way.
    #[test]
    fn a_run_spreads_the_grid_over_steps_of_bounded_work() {
        let text = include_str!("../../../../tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json");
        let scenario = crate::scenario::Scenario::from_json(text).expect("a corpus scenario");
        let catalog = Catalog::builtin();
        let prepared = crate::analysis::prepare(&scenario, catalog).expect("a valid scenario");
        let widest = catalog
            .profiles
            .iter()
            .map(|p| p.routes.iter().map(|r| 1 + r.destinations.len() + 1).sum::<usize>())
            .max()
            .unwrap_or(0);
        let mut run = MatrixRun::new(catalog, "InvokeModel");
        let mut steps = 0;
        loop {
            let known = run.decided.len();
            let more = run.step(&prepared);
            steps += 1;
            assert!(
                run.decided.len() - known <= CHECKS_PER_STEP + widest,
                "step {steps} decided {} checks",
                run.decided.len() - known
            );
            if !more {
                break;
            }
        }
        assert!(steps > 1, "the whole grid was decided in one step");
        assert_eq!(run.finish(), matrix(&prepared, "InvokeModel", catalog));
    }

    /// Fix candidates hand the requests of one run to the next; a run for another caller must not
    /// decide with the requests built for the first, whose context names the first caller.
    #[test]
    fn requests_kept_from_a_run_for_another_caller_are_built_again() {
        let text = include_str!("../../../../tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json");
        let scenario = crate::scenario::Scenario::from_json(text).expect("a corpus scenario");
        let mut exempt = scenario.clone();
        // GRREGIONDENY exempts this role through `ArnNotLike` on `aws:PrincipalARN`.
        exempt.principal = "arn:aws:iam::111122223333:role/AWSControlTowerExecution".to_owned();
        let catalog = Catalog::builtin();
        let prepared = crate::analysis::prepare(&scenario, catalog).expect("a valid scenario");
        let prepared_exempt = crate::analysis::prepare(&exempt, catalog).expect("a valid scenario");

        let mut run = MatrixRun::new(catalog, "InvokeModel");
        while run.step(&prepared) {}
        let (denying, requests) = run.finish_keeping_requests();
        let mut run = MatrixRun::with_requests(catalog, "InvokeModel", requests);
        while run.step(&prepared_exempt) {}
        let exempted = run.finish();

        assert_ne!(
            exempted, denying,
            "the exempt role should be allowed where the other is denied"
        );
        assert_eq!(exempted, matrix(&prepared_exempt, "InvokeModel", catalog));
    }

    /// The checks are numbered once for the built-in catalog; another catalog, here the built-in one
    /// with its profiles in reverse order, gets numbers of its own, and requests built for one catalog
    /// are not taken for the checks of another.
    #[test]
    fn another_catalog_gets_a_grid_of_its_own() {
        let text = include_str!("../../../../tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json");
        let scenario = crate::scenario::Scenario::from_json(text).expect("a corpus scenario");
        let builtin = Catalog::builtin();
        let mut reversed = builtin.clone();
        reversed.profiles.reverse();
        let prepared = crate::analysis::prepare(&scenario, builtin).expect("a valid scenario");

        let mut expected = matrix(&prepared, "InvokeModel", builtin);
        expected.rows.reverse();
        assert_eq!(matrix(&prepared, "InvokeModel", &reversed), expected);

        let mut run = MatrixRun::new(builtin, "InvokeModel");
        while run.step(&prepared) {}
        let (_, requests) = run.finish_keeping_requests();
        let mut run = MatrixRun::with_requests(&reversed, "InvokeModel", requests);
        while run.step(&prepared) {}
        assert_eq!(run.finish(), expected);
    }

    /// After an edit, checks are taken as unchanged by what their resource is for the policy before
    /// and after it. An edited resource that names the profile through a policy variable reads the
    /// request's context: each profile's check must be compared on its own. The tag names the
    /// catalog's first profile, so that the first check compared in its Region is the one the edit
    /// leaves allowed.
    #[test]
    fn an_edit_naming_the_profile_through_a_policy_variable_is_compared_profile_by_profile() {
        let catalog = Catalog::builtin();
        let first = catalog.profiles.first().expect("a catalog profile");
        let source = first.routes.first().expect("a route").source.as_str();
        let scenario = |profile_resource: &str| {
            let text = format!(
                r#"{{
                  "version": 1,
                  "principal": "arn:aws:iam::111122223333:role/App",
                  "identityPolicies": [{{"name": "Invoke", "document": {{"Version": "2012-10-17", "Statement": [{{
                    "Effect": "Allow",
                    "Action": "bedrock:InvokeModel",
                    "Resource": ["arn:aws:bedrock:*:111122223333:inference-profile/{profile_resource}", "arn:aws:bedrock:*::foundation-model/*"]
                  }}]}}}}],
                  "context": {{"aws:PrincipalTag/profile": "{}"}},
                  "request": {{"profile": "{}", "sourceRegion": "{source}"}}
                }}"#,
                first.id, first.id
            );
            let scenario = crate::scenario::Scenario::from_json(&text).expect("a valid scenario");
            crate::analysis::prepare(&scenario, catalog).expect("a valid scenario")
        };
        let (every_profile, tagged_profile) = (scenario("*"), scenario("${aws:PrincipalTag/profile}"));
        let policy = |prepared: &Prepared| Arc::clone(&prepared.policies.identity.first().expect("a policy").policy);
        let before = matrix(&every_profile, "InvokeModel", catalog);

        let mut run = MatrixRun::new(catalog, "InvokeModel");
        while run.step_after_edit(
            &before,
            &tagged_profile,
            Some(&policy(&every_profile)),
            &policy(&tagged_profile),
        ) {}
        let after = run.finish();

        assert_ne!(after, before, "the edit allows one profile only");
        assert_eq!(after, matrix(&tagged_profile, "InvokeModel", catalog));
    }
}
