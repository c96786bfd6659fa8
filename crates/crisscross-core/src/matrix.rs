//! One scenario across every catalog profile and every source Region it serves: "which models can this
//! account use, and from where?"

use std::sync::Arc;

use serde::Serialize;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::analysis::{Prepared, call_decision};
use crate::context::Context;
use crate::evaluate::{Decision, Picked, PolicySet, Relevant, Request, ResourceSplit, decide};
use crate::policy::Policy;
use crate::route::catalog::{Catalog, Geography, Profile, Route};
use crate::route::hop::{
    HopKind, action_of_api, hop_context, model_check_arn_parts, model_checks, system_profile_arn,
    system_profile_arn_parts,
};
use crate::scenario::Layer;

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
    decided: Checks<'c, CheckOutcome>,
    /// Decisions by what sets checks apart for the policies: the check without its model or profile ID,
    /// and which resource lists of the kept statements take in its resource (see [`ResourceSplit`]).
    /// Checks of different models or profiles in one Region are mostly decided once.
    by_resource: HashMap<(CheckKey<'c>, Vec<u64>), CheckOutcome, foldhash::fast::RandomState>,
    /// After an edit: whether the edited policy decides a check as the original did.
    unchanged: Checks<'c, bool>,
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
            decided: Checks::new(catalog),
            by_resource: HashMap::default(),
            unchanged: Checks::new(catalog),
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
        let same_api = before.api == self.api;
        self.advance(after, reads, |unchanged, (row, cell), keys| {
            let unchanged = keys.iter().all(|key| {
                unchanged.get(*key, |request| {
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
        mut known: impl FnMut(&mut GridChecks<'_, 'c, bool>, (usize, usize), &[CheckKey<'c>]) -> Option<Cell>,
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
        if first_step {
            self.requests.serve(&call, catalog);
        }
        let (rows, decided, unchanged, by_resource) = (
            &mut self.rows,
            &mut self.decided,
            &mut self.unchanged,
            &mut self.by_resource,
        );
        let requests = &mut self.requests;
        let checks_before = decided.len() + unchanged.len();
        // One buffer each for a call's checks and their decisions, reused from call to call.
        let mut keys = Vec::new();
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
                    if plans {
                        call_keys(profile, route, catalog, reads_profile_arn, &mut keys);
                    } else {
                        keys.clear();
                    }
                    let mut unchanged = GridChecks {
                        checks: &mut *unchanged,
                        requests: &mut *requests,
                        call: &call,
                    };
                    if let Some(kept) = known(&mut unchanged, (row, cell), &keys) {
                        return kept;
                    }
                    decisions.clear();
                    decisions.extend(keys.iter().map(|key| {
                        let (decision, blocked_by) = decided.get_or_compute(*key, || {
                            let relevant = relevant.get_or_insert_with(|| prepared.policies.relevant_again(picked));
                            let split = split.get_or_insert_with(|| relevant.resource_split());
                            let mut decide_alone = || {
                                decide(
                                    &prepared.policies,
                                    relevant,
                                    &requests.get(*key, &call).request(call.action),
                                )
                            };
                            match split {
                                Some(split) => *by_resource
                                    .entry((CheckKey { subject: "", ..*key }, {
                                        key.write_resource_arn(&call, &mut arn);
                                        split.bits(&arn, call.base)
                                    }))
                                    .or_insert_with(decide_alone),
                                None => decide_alone(),
                            }
                        });
                        (decision, blocked_by, key.region)
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

/// What decides one check of a catalog call, borrowed from the catalog, so that finding a check already
/// decided costs no allocation. Two checks with the same key get the same request from the same call
/// context (see [`HopSpec::into_hop`]); the key tells the resource ARN apart by the parts it is made of.
#[derive(Clone, Copy, PartialEq, Eq)]
struct CheckKey<'c> {
    /// The kind, with the model in a destination Region taken as the model in the source Region: both
    /// are the same check of the same foundation model.
    kind: HopKind,
    region: &'c str,
    /// The Region's partition in the catalog; `None` for a Region the catalog does not place, which
    /// takes the principal's (see [`call_partition`](crate::route::hop::call_partition)).
    partition: Option<&'c str>,
    /// The profile ID for the profile check, the model ID for the model checks.
    subject: &'c str,
    /// The profile and source Region that `bedrock:InferenceProfileArn` names, when a statement can
    /// read it (see [`may_read_profile_arn`]).
    through: Option<(&'c str, &'c str)>,
}

impl Hash for CheckKey<'_> {
    /// Hashes each text by its length and its first and last eight bytes, not all of it: a grid hashes
    /// thousands of keys, and nearly all of the catalog's IDs and Region names differ there. Keys
    /// that share those are told apart by comparing them whole.
    fn hash<H: Hasher>(&self, state: &mut H) {
        fn ends(text: &str) -> u64 {
            let bytes = text.as_bytes();
            let length = (bytes.len() as u64).rotate_left(58);
            match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
                (Some(first), Some(last)) => {
                    u64::from_le_bytes(*first) ^ u64::from_le_bytes(*last).rotate_left(29) ^ length
                }
                _ => bytes.iter().fold(length, |word, b| word << 8 | u64::from(*b)),
            }
        }
        self.kind.hash(state);
        state.write_u64(ends(self.region));
        state.write_u64(self.partition.map_or(0, ends));
        state.write_u64(ends(self.subject));
        let (profile, source) = self.through.unwrap_or_default();
        state.write_u64(ends(profile) ^ ends(source).rotate_left(13) ^ u64::from(self.through.is_some()));
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

/// What every check of one grid shares: the action, the context every hop starts from and the caller.
struct GridCall<'a> {
    action: &'static str,
    base: &'a Context,
    account: &'a str,
    /// The principal's partition, for a Region the catalog does not place.
    partition: &'a str,
}

/// Something about a check, computed once per distinct check of the grid (see [`CheckKey`]).
struct Checks<'c, T> {
    known: HashMap<CheckKey<'c>, T, foldhash::fast::RandomState>,
}

impl<'c, T: Copy> Checks<'c, T> {
    fn new(catalog: &Catalog) -> Self {
        Self {
            known: HashMap::with_capacity_and_hasher(distinct_checks(catalog), foldhash::fast::RandomState::default()),
        }
    }

    /// How many checks are known.
    fn len(&self) -> usize {
        self.known.len()
    }

    /// The value for `key`, computed on first use from the check's request in `requests`.
    fn get(
        &mut self,
        key: CheckKey<'c>,
        requests: &mut CheckRequests<'c>,
        call: &GridCall<'_>,
        compute: impl FnOnce(&Request<'_>) -> T,
    ) -> T {
        self.get_or_compute(key, || compute(&requests.get(key, call).request(call.action)))
    }

    /// The value for `key`, computed by `compute` on first use.
    fn get_or_compute(&mut self, key: CheckKey<'c>, compute: impl FnOnce() -> T) -> T {
        *self.known.entry(key).or_insert_with(compute)
    }
}

/// About how many distinct checks a grid of `catalog` has: each call has its own profile check and
/// shares its model checks. Tables of checks are sized from it, so that they are not rehashed as they fill.
fn distinct_checks(catalog: &Catalog) -> usize {
    2 * catalog.profiles.iter().map(|p| p.routes.len()).sum::<usize>()
}

/// A run's checks of one kind with what deciding one takes: the requests and the call.
struct GridChecks<'r, 'c, T> {
    checks: &'r mut Checks<'c, T>,
    requests: &'r mut CheckRequests<'c>,
    call: &'r GridCall<'r>,
}

impl<'c, T: Copy> GridChecks<'_, 'c, T> {
    fn get(&mut self, key: CheckKey<'c>, compute: impl FnOnce(&Request<'_>) -> T) -> T {
        self.checks.get(key, self.requests, self.call, compute)
    }
}

/// The request of each distinct check of a grid, built once and kept from run to run: each candidate
/// fix decides the same checks of the same call again, against other policies.
#[derive(Default)]
pub struct CheckRequests<'c> {
    /// The call the requests were built for: its context, caller's account and partition, and action.
    call: Option<(Context, String, String, &'static str)>,
    built: HashMap<CheckKey<'c>, CheckRequest, foldhash::fast::RandomState>,
}

/// The resource and context of one check.
struct CheckRequest {
    resource: String,
    context: Context,
}

impl CheckRequest {
    fn request(&self, action: &'static str) -> Request<'_> {
        Request {
            action,
            resource: &self.resource,
            context: &self.context,
        }
    }
}

impl<'c> CheckRequests<'c> {
    /// Keeps the requests when they were built for `call`, and forgets them otherwise.
    fn serve(&mut self, call: &GridCall<'_>, catalog: &Catalog) {
        let same = self.call.as_ref().is_some_and(|(base, account, partition, action)| {
            base == call.base && account == call.account && partition == call.partition && *action == call.action
        });
        if !same {
            self.built.clear();
            self.built.reserve(distinct_checks(catalog));
            self.call = Some((
                call.base.clone(),
                call.account.to_owned(),
                call.partition.to_owned(),
                call.action,
            ));
        }
    }

    /// The request of the hop `call_specs` would plan for the check `key`, built without the hop.
    fn get(&mut self, key: CheckKey<'c>, call: &GridCall<'_>) -> &CheckRequest {
        self.built.entry(key).or_insert_with(|| {
            let (resource, profile_arn) = key.arns(call);
            let owner = key.resource_account(call.account);
            let context = hop_context(call.base, key.kind, key.region, owner, profile_arn.as_deref());
            CheckRequest { resource, context }
        })
    }
}

impl CheckKey<'_> {
    /// The resource ARN and `bedrock:InferenceProfileArn` of the check this key stands for, as
    /// [`call_specs`] plans them for the caller of `call`.
    fn arns(&self, call: &GridCall<'_>) -> (String, Option<String>) {
        let partition = self.partition.unwrap_or(call.partition);
        let profile_arn = self
            .through
            .map(|(profile, source)| system_profile_arn(partition, source, call.account, profile));
        (self.resource_arn(call), profile_arn)
    }

    /// The resource ARN of the check this key stands for, as [`call_specs`] plans it for the caller of
    /// `call`.
    fn resource_arn(&self, call: &GridCall<'_>) -> String {
        let mut arn = String::new();
        self.write_resource_arn(call, &mut arn);
        arn
    }

    /// Replaces `arn` with [`resource_arn`](Self::resource_arn): the matrix reads one for each check
    /// it decides, into one buffer.
    fn write_resource_arn(&self, call: &GridCall<'_>, arn: &mut String) {
        let partition = self.partition.unwrap_or(call.partition);
        arn.clear();
        let mut push = |parts: &[&str]| parts.iter().for_each(|part| arn.push_str(part));
        match self.kind {
            HopKind::Profile => push(&system_profile_arn_parts(
                partition,
                self.region,
                call.account,
                self.subject,
            )),
            kind => push(&model_check_arn_parts(partition, kind, self.region, self.subject)),
        }
    }

    /// The account the check's resource ARN names, known without reading the ARN: a system profile's
    /// names the caller's account, a foundation model's none.
    fn resource_account<'a>(&self, account: &'a str) -> Option<&'a str> {
        (self.kind == HopKind::Profile && !account.is_empty()).then_some(account)
    }
}

/// Replaces `keys` with the keys of the checks of the call through catalog profile `profile` from
/// `source`, in plan order (see [`call_specs`]): the profile in the source Region, then its model checks.
fn call_keys<'c>(
    profile: &'c Profile,
    source: &'c Route,
    catalog: &'c Catalog,
    reads_profile_arn: bool,
    keys: &mut Vec<CheckKey<'c>>,
) {
    let source_region = source.source.as_str();
    // As `call_partition`, with the principal's partition left to the request (see `CheckKey::arns`).
    let partition = catalog.region(source_region).map(|r| r.partition.as_str());
    let through = reads_profile_arn.then_some((profile.id.as_str(), source_region));
    let profile_check = CheckKey {
        kind: HopKind::Profile,
        region: source_region,
        partition,
        subject: &profile.id,
        through: None,
    };
    let global = profile.geography == Geography::Global;
    let model_checks = model_checks(source_region, global, &source.destinations).map(|(kind, region)| CheckKey {
        kind: if kind == HopKind::DestinationModel {
            HopKind::SourceModel
        } else {
            kind
        },
        region,
        partition,
        subject: &profile.model_id,
        through,
    });
    keys.clear();
    keys.extend(std::iter::once(profile_check).chain(model_checks));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::hop::resource_account;

    /// A page decides the matrix between keystrokes: no step may take the whole grid, and each ends
    /// soon after its share of checks, within the profile under way.
    #[test]
    fn a_run_spreads_the_grid_over_steps_of_bounded_work() {
        let text = include_str!("../../../tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json");
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
        let text = include_str!("../../../tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json");
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

    #[test]
    fn a_check_knows_the_account_its_resource_arn_names() {
        for kind in [HopKind::Profile, HopKind::SourceModel, HopKind::GlobalModel] {
            for account in ["111122223333", ""] {
                let key = CheckKey {
                    kind,
                    region: "us-east-1",
                    partition: Some("aws"),
                    subject: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                    through: None,
                };
                let base = Context::default();
                let call = GridCall {
                    action: "bedrock:InvokeModel",
                    base: &base,
                    account,
                    partition: "aws",
                };
                let (resource, _) = key.arns(&call);
                assert_eq!(key.resource_account(account), resource_account(&resource), "{resource}");
            }
        }
    }
}
