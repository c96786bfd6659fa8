//! The checks of a catalog's grid: what sets one check apart from another, their numbers, and the
//! request of each. A grid looks its checks up thousands of times, so they are numbered once per
//! catalog (see [`GridPlan`]) and looked up by number.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::LazyLock;

use crate::context::Context;
use crate::evaluate::{Request, ResourceSplit};
use crate::route::catalog::{Catalog, Geography, Profile, Route};
use crate::route::hop::{
    HopKind, hop_context, model_check_arn_parts, model_checks, system_profile_arn, system_profile_arn_parts,
};

/// What decides one check of a catalog call, borrowed from the catalog. Two checks with the same key
/// get the same request from the same call context (see [`HopSpec::into_hop`]); the key tells the
/// resource ARN apart by the parts it is made of.
///
/// [`HopSpec::into_hop`]: crate::route::hop::HopSpec::into_hop
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct CheckKey<'c> {
    /// The kind, with the model in a destination Region taken as the model in the source Region: both
    /// are the same check of the same foundation model.
    kind: HopKind,
    pub(super) region: &'c str,
    /// The Region's partition in the catalog; `None` for a Region the catalog does not place, which
    /// takes the principal's (see [`call_partition`](crate::route::hop::call_partition)).
    partition: Option<&'c str>,
    /// The profile ID for the profile check, the model ID for the model checks.
    subject: &'c str,
    /// The profile and source Region that `bedrock:InferenceProfileArn` names, when a statement can
    /// read it (see [`may_read_profile_arn`](super::may_read_profile_arn)).
    through: Option<(&'c str, &'c str)>,
}

impl CheckKey<'_> {
    /// The resource ARN and `bedrock:InferenceProfileArn` of the check this key stands for, as
    /// [`call_specs`](crate::route::hop::call_specs) plans them for the caller of `call`.
    pub(super) fn arns(&self, call: &GridCall<'_>) -> (String, Option<String>) {
        let partition = self.partition.unwrap_or(call.partition);
        let profile_arn = self
            .through
            .map(|(profile, source)| system_profile_arn(partition, source, call.account, profile));
        let mut resource = String::new();
        self.write_resource_arn(call, &mut resource);
        (resource, profile_arn)
    }

    /// Replaces `arn` with the resource ARN of the check this key stands for, as
    /// [`call_specs`](crate::route::hop::call_specs) plans it for the caller of `call`: the matrix
    /// reads one for each check it decides, into one buffer.
    pub(super) fn write_resource_arn(&self, call: &GridCall<'_>, arn: &mut String) {
        let partition = self.partition.unwrap_or(call.partition);
        arn.clear();
        let mut push = |parts: &[&str]| {
            arn.reserve(parts.iter().map(|part| part.len()).sum());
            parts.iter().for_each(|part| arn.push_str(part));
        };
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

    /// The request of the hop `call_specs` would plan for this check, built without the hop.
    fn request(&self, call: &GridCall<'_>) -> CheckRequest {
        let (resource, profile_arn) = self.arns(call);
        let owner = self.resource_account(call.account);
        let context = hop_context(call.base, self.kind, self.region, owner, profile_arn.as_deref());
        CheckRequest { resource, context }
    }
}

/// Replaces `keys` with the keys of the checks of the call through catalog profile `profile` from
/// `source`, in plan order (see [`call_specs`](crate::route::hop::call_specs)): the profile in the
/// source Region, then its model checks.
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

/// Every distinct check of a catalog's grid, numbered, and the checks of each call by number, for
/// policies that can read `bedrock:InferenceProfileArn` or for policies that cannot: the checks of
/// the first tell the profile and source Region apart.
pub(super) struct GridPlan<'c> {
    checks: Vec<CheckKey<'c>>,
    /// For each check, the number of the same check without its model or profile ID.
    unnamed: Vec<u32>,
    /// The checks of every call, calls profile by profile and route by route.
    calls: Vec<u32>,
    /// Where each call's checks start in `calls`, and their end after the last call.
    call_starts: Vec<usize>,
    /// Where each profile's calls start in `call_starts`.
    first_call: Vec<usize>,
}

/// The grids of the built-in catalog, numbered on first use and kept for the life of the program.
static BUILTIN_PLAN: LazyLock<GridPlan<'static>> = LazyLock::new(|| GridPlan::new(Catalog::builtin(), false));
static BUILTIN_PLAN_READING_PROFILE_ARN: LazyLock<GridPlan<'static>> =
    LazyLock::new(|| GridPlan::new(Catalog::builtin(), true));

impl<'c> GridPlan<'c> {
    fn new(catalog: &'c Catalog, reads_profile_arn: bool) -> Self {
        let mut numbers: HashMap<CheckKey<'c>, u32, foldhash::fast::RandomState> = HashMap::default();
        let mut unnamed_numbers: HashMap<CheckKey<'c>, u32, foldhash::fast::RandomState> = HashMap::default();
        let mut plan = Self {
            checks: Vec::new(),
            unnamed: Vec::new(),
            calls: Vec::new(),
            call_starts: vec![0],
            first_call: Vec::with_capacity(catalog.profiles.len()),
        };
        let mut keys = Vec::new();
        for profile in &catalog.profiles {
            plan.first_call.push(plan.call_starts.len() - 1);
            for route in &profile.routes {
                call_keys(profile, route, catalog, reads_profile_arn, &mut keys);
                for key in &keys {
                    let number = *numbers.entry(*key).or_insert_with(|| {
                        let without_subject = CheckKey { subject: "", ..*key };
                        let next = u32::try_from(unnamed_numbers.len()).unwrap_or(u32::MAX);
                        plan.unnamed
                            .push(*unnamed_numbers.entry(without_subject).or_insert(next));
                        plan.checks.push(*key);
                        u32::try_from(plan.checks.len() - 1).unwrap_or(u32::MAX)
                    });
                    plan.calls.push(number);
                }
                plan.call_starts.push(plan.calls.len());
            }
        }
        plan
    }

    /// How many distinct checks the grid has.
    pub(super) fn len(&self) -> usize {
        self.checks.len()
    }

    /// The check numbered `number`.
    pub(super) fn check(&self, number: u32) -> Option<&CheckKey<'c>> {
        self.checks.get(number as usize)
    }

    /// What sets check `number`, `key`, apart for policies whose resource lists are `splits` (see
    /// [`ByResource`]): the number of the check without its model or profile ID, and which lists take
    /// in its resource ARN, read for the caller of `call` into `arn`.
    pub(super) fn by_resource(
        &self,
        (number, key): (u32, &CheckKey<'_>),
        splits: &[ResourceSplit<'_>],
        call: &GridCall<'_>,
        arn: &mut String,
    ) -> (u32, Vec<u64>) {
        key.write_resource_arn(call, arn);
        let mut bits = Vec::new();
        for split in splits {
            split.push_bits(arn, call.base, &mut bits);
        }
        (self.unnamed.get(number as usize).copied().unwrap_or(u32::MAX), bits)
    }

    /// The numbers of the checks of the call through the catalog's profile `profile` from its route
    /// `route`, in plan order.
    pub(super) fn call(&self, profile: usize, route: usize) -> &[u32] {
        let call = self.first_call.get(profile).map_or(usize::MAX, |first| first + route);
        match (self.call_starts.get(call), self.call_starts.get(call + 1)) {
            (Some(&start), Some(&end)) => self.calls.get(start..end).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// The numbered grid of a catalog: the built-in catalog's are numbered once for the program.
pub(super) enum Plan<'c> {
    Builtin { reads_profile_arn: bool },
    Own(Box<GridPlan<'c>>),
}

impl<'c> Plan<'c> {
    pub(super) fn of(catalog: &'c Catalog, reads_profile_arn: bool) -> Self {
        if std::ptr::eq(catalog, Catalog::builtin()) {
            Self::Builtin { reads_profile_arn }
        } else {
            Self::Own(Box::new(GridPlan::new(catalog, reads_profile_arn)))
        }
    }
}

impl<'c> Deref for Plan<'c> {
    type Target = GridPlan<'c>;

    fn deref(&self) -> &GridPlan<'c> {
        match self {
            Self::Builtin {
                reads_profile_arn: false,
            } => &BUILTIN_PLAN,
            Self::Builtin {
                reads_profile_arn: true,
            } => &BUILTIN_PLAN_READING_PROFILE_ARN,
            Self::Own(plan) => plan,
        }
    }
}

/// What every check of one grid shares: the action, the context every hop starts from and the caller.
pub(super) struct GridCall<'a> {
    pub(super) action: &'static str,
    pub(super) base: &'a Context,
    pub(super) account: &'a str,
    /// The principal's partition, for a Region the catalog does not place.
    pub(super) partition: &'a str,
}

/// Something about each check of a grid, by number, computed once.
pub(super) struct Checks<T> {
    known: Vec<Option<T>>,
    count: usize,
    by_resource: ByResource<T>,
}

/// Values of checks by what sets checks apart for the policies that decide them: the number of the
/// check without its model or profile ID, and which resource lists of the policies' statements take
/// in its resource (see [`ResourceSplit`]). Checks of different models or profiles in one Region
/// mostly share one.
pub(super) type ByResource<T> = HashMap<(u32, Vec<u64>), T, foldhash::fast::RandomState>;

impl<T: Copy> Checks<T> {
    pub(super) fn new(checks: usize) -> Self {
        Self {
            known: vec![None; checks],
            count: 0,
            by_resource: HashMap::default(),
        }
    }

    /// How many checks are known.
    pub(super) fn len(&self) -> usize {
        self.count
    }

    /// The value for check `number`, computed by `compute` on first use, which may take it from the
    /// values known by resource.
    pub(super) fn get_or_compute(&mut self, number: u32, compute: impl FnOnce(&mut ByResource<T>) -> T) -> T {
        let Some(slot) = self.known.get_mut(number as usize) else {
            return compute(&mut self.by_resource);
        };
        if let Some(known) = slot {
            return *known;
        }
        let value = compute(&mut self.by_resource);
        *slot = Some(value);
        self.count += 1;
        value
    }
}

/// A run's checks of one kind with what deciding one takes: the grid, the requests, the call and a
/// buffer for a resource ARN.
pub(super) struct GridChecks<'r, 'c, T> {
    pub(super) checks: &'r mut Checks<T>,
    pub(super) plan: &'r GridPlan<'c>,
    pub(super) requests: &'r mut CheckRequests<'c>,
    pub(super) call: &'r GridCall<'r>,
    pub(super) arn: &'r mut String,
}

impl<T: Copy + Default> GridChecks<'_, '_, T> {
    /// The value for check `number`, computed on first use from its request, or taken from a check
    /// that `splits`, the resource lists of the policies `compute` decides with, cannot tell apart from
    /// it; `None` when they are not known.
    pub(super) fn get(
        &mut self,
        number: u32,
        splits: Option<&[ResourceSplit<'_>]>,
        compute: impl FnOnce(&Request<'_>) -> T,
    ) -> T {
        let (plan, requests, call, arn) = (self.plan, &mut *self.requests, self.call, &mut *self.arn);
        self.checks.get_or_compute(number, |by_resource| {
            let Some(key) = plan.check(number) else {
                return T::default();
            };
            let compute_alone = || requests.with(number, key, call, compute);
            match splits {
                Some(splits) => *by_resource
                    .entry(plan.by_resource((number, key), splits, call, arn))
                    .or_insert_with(compute_alone),
                None => compute_alone(),
            }
        })
    }
}

/// The request of each distinct check of a grid, built once and kept from run to run: each candidate
/// fix decides the same checks of the same call again, against other policies.
#[derive(Default)]
pub struct CheckRequests<'c> {
    /// The catalog and call the requests were built for: whether the policies could read the profile
    /// ARN (which numbers the checks differently), the call's context, caller's account and
    /// partition, and action.
    call: Option<(&'c Catalog, bool, Context, String, String, &'static str)>,
    built: Vec<Option<CheckRequest>>,
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
    /// Keeps the requests when they were built for `call` over `catalog` and the grid numbered for
    /// `reads_profile_arn`, and forgets them otherwise.
    pub(super) fn serve(&mut self, call: &GridCall<'_>, catalog: &'c Catalog, reads_profile_arn: bool, checks: usize) {
        let same = self
            .call
            .as_ref()
            .is_some_and(|(built_for, reads, base, account, partition, action)| {
                std::ptr::eq(*built_for, catalog)
                    && *reads == reads_profile_arn
                    && base == call.base
                    && account == call.account
                    && partition == call.partition
                    && *action == call.action
            });
        if !same {
            self.built.clear();
            self.built.resize_with(checks, || None);
            self.call = Some((
                catalog,
                reads_profile_arn,
                call.base.clone(),
                call.account.to_owned(),
                call.partition.to_owned(),
                call.action,
            ));
        }
    }

    /// What `use_request` makes of the request of check `number`, `key`, built on first use.
    pub(super) fn with<R>(
        &mut self,
        number: u32,
        key: &CheckKey<'_>,
        call: &GridCall<'_>,
        use_request: impl FnOnce(&Request<'_>) -> R,
    ) -> R {
        match self.built.get_mut(number as usize) {
            Some(slot) => use_request(&slot.get_or_insert_with(|| key.request(call)).request(call.action)),
            None => use_request(&key.request(call).request(call.action)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::hop::resource_account;

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
