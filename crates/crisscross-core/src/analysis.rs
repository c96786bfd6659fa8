//! A scenario from start to verdict: parse every policy, plan the hops, decide each, and explain.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;

use crate::context::model::Derivation;
use crate::context::{CallerKind, Principal};
use crate::context::{Context, ContextValue, Origin};
use crate::diagnostic::{Code, Diagnostic};
use crate::evaluate::{Decision, Evaluation, NamedPolicy, PolicySet, PrincipalKind, ScpLevel, evaluate};
use crate::policy::{Parsed, PolicyType, parse_policy};
use crate::route::catalog::Catalog;
use crate::route::hop::{HOP_KEYS, Hop, Plan, RouteInfo, plan};
use crate::scenario::{Layer, PolicyRef, PrincipalScope, Scenario};

/// A scenario whose policies parsed and whose request became hops.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The parsed policies.
    pub policies: PolicySet,
    /// The caller.
    pub principal: Principal,
    /// The context every hop starts from: the principal's keys and the user's keys.
    pub context: Context,
    /// The hops.
    pub plan: Plan,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
}

/// Parsed policies kept by their text and type, so that after an edit only the edited policy is parsed
/// again. [`ParseCache::sweep`] drops what the last scenarios no longer hold.
///
/// Entries are found by a sketch of the text (its length and its first and last bytes) and confirmed
/// by comparing the whole text: hashing every policy in full on each keystroke costs more, at the size
/// of an organization, than comparing the one entry a sketch leads to.
#[derive(Debug, Default, Clone)]
pub struct ParseCache {
    parsed: HashMap<u64, Vec<CacheEntry>, foldhash::fast::FixedState>,
}

#[derive(Debug, Clone)]
struct CacheEntry {
    text: Arc<str>,
    policy_type: PolicyType,
    parsed: Parsed,
    used: bool,
}

/// Bytes taken from each end of a text for its sketch.
const SKETCH_ENDS: usize = 128;

fn sketch(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let head = bytes.get(..SKETCH_ENDS).unwrap_or(bytes);
    let tail = bytes.get(bytes.len().saturating_sub(SKETCH_ENDS)..).unwrap_or_default();
    foldhash::fast::FixedState::default().hash_one((bytes.len(), head, tail))
}

/// `a == b` for shared texts: the same allocation settles it without reading a byte.
pub(crate) fn same_shared_text(a: &Arc<str>, b: &Arc<str>) -> bool {
    Arc::ptr_eq(a, b) || same_text(a, b)
}

/// `a == b`. WebAssembly has no vector compare and its `memcmp` goes byte by byte, which made comparing
/// an organization's policies the larger part of a keystroke's cache lookups and scenario comparisons in
/// the page: there the bytes are compared eight at a time. Natively `memcmp` is faster than that.
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    if cfg!(target_arch = "wasm32") {
        same_by_words(a.as_bytes(), b.as_bytes())
    } else {
        a == b
    }
}

/// `a == b`, comparing eight bytes at a time.
fn same_by_words(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (a_words, b_words) = (a.chunks_exact(8), b.chunks_exact(8));
    a_words.remainder() == b_words.remainder()
        && a_words.zip(b_words).all(|(x, y)| {
            let word = |w: &[u8]| u64::from_ne_bytes(w.try_into().unwrap_or_default());
            word(x) == word(y)
        })
}

impl ParseCache {
    /// The policy `text` of `policy_type`, parsed once. The cache shares the text rather than copying it.
    pub fn parse(&mut self, text: &Arc<str>, policy_type: PolicyType) -> Parsed {
        let entries = self.parsed.entry(sketch(text)).or_default();
        if let Some(entry) = entries
            .iter_mut()
            .find(|e| e.policy_type == policy_type && same_shared_text(&e.text, text))
        {
            entry.used = true;
            return entry.parsed.clone();
        }
        let parsed = parse_policy(text, policy_type);
        entries.push(CacheEntry {
            text: Arc::clone(text),
            policy_type,
            parsed: parsed.clone(),
            used: true,
        });
        parsed
    }

    /// Forgets every policy not parsed or looked up since the previous sweep.
    pub fn sweep(&mut self) {
        self.parsed.retain(|_, entries| {
            entries.retain(|e| e.used);
            for entry in entries.iter_mut() {
                entry.used = false;
            }
            !entries.is_empty()
        });
    }
}

/// The policies of a scenario, parsed. Diagnostics include warnings; the set is `None` on any error.
#[must_use]
pub fn parse_policies(scenario: &Scenario) -> (Option<PolicySet>, Vec<Diagnostic>) {
    // A text repeated in the scenario (FullAWSAccess at every level) is parsed once. The texts outlive
    // the call, so they are compared where they are, not copied as a `ParseCache` would.
    let mut parsed: Vec<(&Arc<str>, PolicyType, Parsed)> = Vec::new();
    parse_policies_by(scenario, |text, policy_type| {
        if let Some((.., earlier)) = parsed
            .iter()
            .find(|(seen, seen_type, _)| *seen_type == policy_type && same_shared_text(seen, text))
        {
            return earlier.clone();
        }
        let fresh = parse_policy(text, policy_type);
        parsed.push((text, policy_type, fresh.clone()));
        fresh
    })
}

/// [`parse_policies`], taking unchanged policies from `cache`.
pub fn parse_policies_with(scenario: &Scenario, cache: &mut ParseCache) -> (Option<PolicySet>, Vec<Diagnostic>) {
    parse_policies_by(scenario, |text, policy_type| cache.parse(text, policy_type))
}

fn parse_policies_by<'s>(
    scenario: &'s Scenario,
    mut parse: impl FnMut(&'s Arc<str>, PolicyType) -> Parsed,
) -> (Option<PolicySet>, Vec<Diagnostic>) {
    let mut diagnostics = scenario.duplicate_names();
    let mut ok = true;
    let mut set = PolicySet {
        scps: scenario.scps.as_ref().map(|levels| {
            levels
                .iter()
                .map(|l| ScpLevel {
                    target: l.target.clone(),
                    policies: Vec::new(),
                })
                .collect()
        }),
        ..PolicySet::default()
    };
    for (at, input) in scenario.policy_refs() {
        let parsed = parse(input.document.shared(), PolicyType::from(at.layer()));
        diagnostics.extend(parsed.diagnostics.into_iter().map(|d| d.for_policy(at)));
        let Some(policy) = parsed.policy else {
            ok = false;
            continue;
        };
        let named = NamedPolicy {
            name: input.name.clone(),
            label: scenario.label(at),
            arn: input.arn.clone(),
            policy,
        };
        match at {
            PolicyRef::Scp { level, .. } => {
                if let Some(l) = set.scps.as_mut().and_then(|levels| levels.get_mut(level)) {
                    l.policies.push(named);
                }
            }
            PolicyRef::Identity(_) => set.identity.push(named),
            PolicyRef::Boundary => set.boundary = Some(named),
            PolicyRef::Session => set.session = Some(named),
        }
    }
    (ok.then_some(set), diagnostics)
}

/// Parses the policies and plans the hops.
///
/// # Errors
/// Every diagnostic (errors and warnings) when something cannot be evaluated.
pub fn prepare(scenario: &Scenario, catalog: &Catalog) -> Result<Prepared, Vec<Diagnostic>> {
    prepare_parsed(scenario, catalog, parse_policies(scenario))
}

/// [`prepare`], taking unchanged policies from `cache`.
///
/// # Errors
/// As [`prepare`].
pub fn prepare_with(
    scenario: &Scenario,
    catalog: &Catalog,
    cache: &mut ParseCache,
) -> Result<Prepared, Vec<Diagnostic>> {
    prepare_parsed(scenario, catalog, parse_policies_with(scenario, cache))
}

fn prepare_parsed(
    scenario: &Scenario,
    catalog: &Catalog,
    (policies, mut diagnostics): (Option<PolicySet>, Vec<Diagnostic>),
) -> Result<Prepared, Vec<Diagnostic>> {
    let principal = Principal::parse(&scenario.principal)
        .map(|p| p.with_session(scenario.role_path.as_deref(), scenario.session_name.as_deref()))
        .map_err(|d| d.with_path("principal"));
    let epoch_seconds = match evaluation_time(scenario) {
        Ok(seconds) => seconds,
        Err(d) => {
            diagnostics.push(d);
            return Err(diagnostics);
        }
    };
    let org_targets: Option<Vec<String>> = scenario
        .scps
        .as_ref()
        .map(|levels| levels.iter().map(|l| l.target.clone()).collect());
    let mut context = principal
        .as_ref()
        .map(|p| {
            Derivation {
                principal: p,
                organization_id: scenario.organization_id.as_deref(),
                org_targets: org_targets.as_deref(),
                epoch_seconds,
            }
            .context()
        })
        .unwrap_or_default();
    let bedrock_call = scenario.request.profile.is_some();
    for (key, value) in &scenario.context {
        if bedrock_call && HOP_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            diagnostics.push(
                Diagnostic::warning(Code::ContextOverridden, format!("`{key}` is set by each hop; the value given is ignored"))
                    .with_help("crisscross derives aws:RequestedRegion and bedrock:InferenceProfileArn from the request and its route")
                    .with_path(format!("context.{key}")),
            );
            continue;
        }
        if matches!(value, ContextValue::Single(_)) && context.contains(key) {
            diagnostics.push(
                Diagnostic::warning(
                    Code::ContextOverridden,
                    format!("`{key}` replaces the value crisscross derives for this request"),
                )
                .with_help("remove it to use the value AWS would send")
                .with_path(format!("context.{key}")),
            );
        }
        context.insert(key, value.clone(), Origin::User);
    }
    context.share();
    let principal = match principal {
        Ok(p) => p,
        Err(d) => {
            diagnostics.push(d);
            return Err(diagnostics);
        }
    };
    let planned = plan(
        &scenario.request,
        &principal,
        &context,
        &scenario.custom_profiles,
        catalog,
    );
    let plan = match planned {
        Ok(plan) => plan,
        Err(mut errors) => {
            diagnostics.append(&mut errors);
            return Err(diagnostics);
        }
    };
    let Some(mut policies) = policies else {
        return Err(diagnostics);
    };
    policies.scp_exempt = principal.service_linked
        || matches!(
            scenario.principal_scope,
            Some(PrincipalScope::ManagementAccount | PrincipalScope::ServiceLinkedRole)
        );
    policies.principal_kind = match principal.kind {
        CallerKind::FederatedUser => PrincipalKind::FederatedUser,
        // A role acts only through sessions, so a role ARN with a session policy stands for such a session.
        CallerKind::RoleSession if !principal.role || scenario.session_policy.is_some() => PrincipalKind::RoleSession,
        _ => PrincipalKind::Plain,
    };
    Ok(Prepared {
        policies,
        principal,
        context,
        plan,
        warnings: diagnostics,
    })
}

/// The call's time as seconds since the Unix epoch: the scenario's `evaluationTime`, or now. `None` where
/// the platform has no clock (WebAssembly in a browser passes the time in the scenario instead).
///
/// # Errors
/// `scenario-field` when `evaluationTime` is not an RFC 3339 time.
fn evaluation_time(scenario: &Scenario) -> Result<Option<i64>, Diagnostic> {
    match &scenario.evaluation_time {
        Some(text) => crate::time::parse_timestamp(text).map(Some).ok_or_else(|| {
            Diagnostic::error(
                Code::ScenarioField,
                format!("`evaluationTime` `{text}` is not a date and time"),
            )
            .with_help("write an RFC 3339 time in UTC, such as \"2026-11-30T12:00:00Z\"")
            .with_path("evaluationTime")
        }),
        None => Ok(now()),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn now() -> Option<i64> {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    i64::try_from(since_epoch.as_secs()).ok()
}

#[cfg(target_arch = "wasm32")]
fn now() -> Option<i64> {
    None
}

/// The verdict of one hop.
#[derive(Debug, Clone)]
pub struct HopResult {
    /// The check.
    pub hop: Hop,
    /// Its decision and trail.
    pub evaluation: Evaluation,
}

/// The verdict of a whole call.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Per hop.
    pub hops: Vec<HopResult>,
    /// The call's decision: `Allow` only if every hop is allowed; an explicit deny anywhere wins.
    pub decision: Decision,
    /// The layer that blocked the call (of the first hop denied with the call's decision).
    pub blocked_by: Option<Layer>,
    /// The route, for Bedrock calls.
    pub route: Option<RouteInfo>,
}

/// Decides every hop.
#[must_use]
pub fn analyze(prepared: &Prepared) -> Analysis {
    let hops: Vec<HopResult> = prepared
        .plan
        .hops
        .iter()
        .map(|hop| HopResult {
            hop: hop.clone(),
            evaluation: evaluate(&prepared.policies, &hop.request()),
        })
        .collect();
    let (decision, blocked_by) = call_decision(hops.iter().map(|h| (h.evaluation.decision, h.evaluation.blocked_by)));
    Analysis {
        hops,
        decision,
        blocked_by,
        route: prepared.plan.route.clone(),
    }
}

/// Combines hop decisions: an explicit deny on any hop wins, then an implicit deny, then allow.
pub fn call_decision(hops: impl Iterator<Item = (Decision, Option<Layer>)>) -> (Decision, Option<Layer>) {
    let mut result = (Decision::Allow, None);
    for (decision, layer) in hops {
        match (result.0, decision) {
            (_, Decision::ExplicitDeny) if result.0 != Decision::ExplicitDeny => result = (decision, layer),
            (Decision::Allow, Decision::ImplicitDeny) => result = (decision, layer),
            _ => {}
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{ParseCache, parse_policies, parse_policies_with};
    use crate::policy::PolicyType;
    use crate::scenario::{PolicyRef, Scenario};

    /// Two policies of one length that differ only far from either end, where the sketch does not look.
    fn twins() -> (Arc<str>, Arc<str>) {
        let filler = " ".repeat(400);
        let policy = |action: &str| {
            format!(
                r#"{{"Version": "2012-10-17",{filler}"Statement": [{{"Effect": "Deny", "Action": "{action}", "Resource": "*"}}]{filler}}}"#
            )
        };
        (policy("s3:GetObject").into(), policy("s3:PutObject").into())
    }

    fn action(cache: &mut ParseCache, text: &Arc<str>) -> String {
        let parsed = cache.parse(text, PolicyType::Scp);
        let policy = parsed.policy.expect("a valid policy");
        policy.statements()[0]
            .action
            .texts()
            .next()
            .expect("one entry")
            .to_owned()
    }

    #[test]
    fn texts_compared_word_by_word_are_equal_only_when_every_byte_is() {
        let text = "{\"Version\": \"2012-10-17\", \"Statement\": []}";
        for (at, _) in text.char_indices() {
            let mut other = text.to_owned().into_bytes();
            other[at] ^= 0x01;
            let other = String::from_utf8(other).expect("still ASCII");
            assert!(
                !super::same_by_words(text.as_bytes(), other.as_bytes()),
                "a change at byte {at} is seen"
            );
        }
        assert!(super::same_by_words(text.as_bytes(), text.as_bytes()));
        assert!(super::same_by_words(b"", b""));
        let shorter = text.get(..text.len() - 1).unwrap_or_default();
        assert!(!super::same_by_words(text.as_bytes(), shorter.as_bytes()));
    }

    #[test]
    fn a_text_repeated_in_a_scenario_is_parsed_once_and_warned_about_where_each_copy_is() {
        // A Deny on one invocation action and not the other draws a warning.
        let scp = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "bedrock:InvokeModel", "Resource": "*"}]}"#;
        let document = serde_json::to_string(scp).expect("a JSON string");
        let text = format!(
            r#"{{"version": 1, "principal": "arn:aws:iam::111122223333:role/app",
                "scps": [{{"target": "r-root", "policies": [{{"name": "pair", "document": {document}}}]}},
                         {{"target": "111122223333", "policies": [{{"name": "pair", "document": {document}}}]}}],
                "identityPolicies": [{{"name": "pair", "document": {document}}}],
                "request": {{"action": "bedrock:InvokeModel", "resource": "*"}}}}"#
        );
        let scenario = Scenario::from_json(&text).expect("a scenario");
        let (set, diagnostics) = parse_policies(&scenario);
        let set = set.expect("every policy is valid");
        let levels = set.scps.as_ref().expect("two levels");
        let [root, account] = levels.as_slice() else {
            panic!("two levels")
        };
        assert!(Arc::ptr_eq(&root.policies[0].policy, &account.policies[0].policy));
        assert!(
            !Arc::ptr_eq(&root.policies[0].policy, &set.identity[0].policy),
            "parsed again as another type"
        );
        let pair_warnings: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.code == "invoke-stream-pair")
            .map(|d| d.policy)
            .collect();
        assert_eq!(
            pair_warnings,
            [
                Some(PolicyRef::Scp { level: 0, index: 0 }),
                Some(PolicyRef::Scp { level: 1, index: 0 }),
                Some(PolicyRef::Identity(0)),
            ]
        );
        assert_eq!(
            diagnostics,
            parse_policies_with(&scenario, &mut ParseCache::default()).1
        );
    }

    #[test]
    fn texts_alike_at_both_ends_are_parsed_each_on_their_own() {
        let (get, put) = twins();
        assert_eq!(get.len(), put.len());
        let mut cache = ParseCache::default();
        assert_eq!(action(&mut cache, &get), "s3:GetObject");
        assert_eq!(action(&mut cache, &put), "s3:PutObject");
        assert_eq!(action(&mut cache, &get), "s3:GetObject");
    }

    #[test]
    fn an_unchanged_text_is_not_parsed_again_until_a_sweep_finds_it_unused() {
        let (get, put) = twins();
        let mut cache = ParseCache::default();
        let first = cache.parse(&get, PolicyType::Scp).policy.expect("valid");
        let again = cache.parse(&get, PolicyType::Scp).policy.expect("valid");
        assert!(Arc::ptr_eq(&first, &again), "the second parse comes from the cache");
        let copy: Arc<str> = get.as_ref().into();
        let from_copy = cache.parse(&copy, PolicyType::Scp).policy.expect("valid");
        assert!(
            Arc::ptr_eq(&first, &from_copy),
            "a copy of the text is found by its contents"
        );
        // The same text as another policy type is parsed for that type.
        let as_identity = cache.parse(&get, PolicyType::Identity).policy.expect("valid");
        assert!(!Arc::ptr_eq(&first, &as_identity));
        cache.sweep();
        cache.parse(&put, PolicyType::Scp);
        cache.sweep();
        let after = cache.parse(&get, PolicyType::Scp).policy.expect("valid");
        assert!(
            !Arc::ptr_eq(&first, &after),
            "unused since the last sweep, so parsed anew"
        );
    }
}
