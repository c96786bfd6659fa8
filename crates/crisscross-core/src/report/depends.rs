//! What a hop's verdict rests on that the scenario does not give: condition keys AWS may send with a
//! value nobody fixed (`aws:SourceIp`, principal tags, `aws:userid`...), and policy variables with no
//! value.
//!
//! A hop *depends on* a key when some value AWS could send for it (or its absence, where AWS may leave it
//! out) changes the hop's decision. crisscross finds out by deciding the hop again with the values the
//! policies themselves compare the key with (wildcards filled, a CIDR's first address, a date and the
//! second after it, a number and its neighbours, both Booleans), a value that matches none of them, and
//! absence. The reported decision is the one with every such key absent; each flip says which value
//! gives which decision. `docs/decisions.md` ("What a verdict depends on") records this reading.

use std::collections::BTreeSet;

use serde::Serialize;

use super::explain::{StatementInfo, statement_info};
use crate::context::{Context, ContextValue, Origin, Presence};
use crate::evaluate::{Decision, PolicySet, Relevant, Request, decide};
use crate::policy::Statement;
use crate::policy::condition::{Condition, Kind, Operand};
use crate::policy::pattern::{Piece, Template};
use crate::route::hop::Hop;
use crate::scenario::StatementRef;

/// Most contexts decided for one hop; beyond it, each key is varied alone.
const MAX_COMBINATIONS: usize = 256;

/// A value that no policy compares with: stands for "any other value".
const OTHER_VALUE: &str = "crisscross-other-value";

/// A key a hop's verdict depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dependency {
    /// The key as the policy writes it.
    pub key: String,
    /// True when AWS always sends the key (only its value is open).
    pub always_present: bool,
    /// What AWS says about when it sends the key.
    pub availability: String,
    /// Values of the key that give another decision than the one reported.
    pub flips: Vec<Flip>,
}

/// A value of a key and the decision it gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Flip {
    /// The decision with that value.
    pub decision: Decision,
    /// The value in words, such as "`aws:SourceIp` is in `10.0.0.0/8`".
    pub when: String,
}

/// A policy variable with no value in a statement that takes part in a hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnresolvedVariable {
    /// The variable as written, such as `${aws:PrincipalTag/team}`.
    pub variable: String,
    /// The statement it is in.
    pub statement: StatementInfo,
}

/// Keys and values the analysis varies.
struct Candidate {
    key: String,
    key_lower: String,
    presence: Presence,
    values: Vec<String>,
}

/// The keys the verdict of `hop` depends on, with the values that flip it; empty when it depends on
/// nothing the scenario leaves open.
#[must_use]
pub fn dependencies(policies: &PolicySet, taking: &TakingPart<'_>, hop: &Hop, decision: Decision) -> Vec<Dependency> {
    let candidates = candidates(taking, hop);
    if candidates.is_empty() {
        return Vec::new();
    }
    let options: Vec<Vec<Option<&str>>> = candidates
        .iter()
        .map(|c| {
            let mut values: Vec<Option<&str>> = vec![None];
            values.extend(c.values.iter().map(|v| Some(v.as_str())));
            values
        })
        .collect();
    let decide = |choice: &[Option<&str>]| -> Decision {
        let mut context = hop.context.clone();
        for (c, value) in candidates.iter().zip(choice) {
            if let Some(value) = value {
                context.insert(&c.key, ContextValue::Single((*value).to_owned()), Origin::Derived);
            }
        }
        decide(policies, &taking.relevant, &request(hop, &context)).0
    };
    let base: Vec<Option<&str>> = vec![None; candidates.len()];
    let mut found: Vec<Dependency> = Vec::new();
    // Each key alone, the others absent.
    for (i, c) in candidates.iter().enumerate() {
        let mut flips: Vec<Flip> = Vec::new();
        for value in options.get(i).into_iter().flatten().skip(1) {
            let mut choice = base.clone();
            if let Some(slot) = choice.get_mut(i) {
                *slot = *value;
            }
            let outcome = decide(&choice);
            if outcome != decision {
                let when = describe_value(taking, hop, c, *value);
                if !flips.iter().any(|f| f.decision == outcome && f.when == when) {
                    flips.push(Flip {
                        decision: outcome,
                        when,
                    });
                }
            }
        }
        if !flips.is_empty() {
            found.push(dependency(c, flips));
        }
    }
    // Keys that change the decision only together (a Deny on one key, an Allow on another).
    let combinations: usize = options.iter().map(Vec::len).product();
    if found.len() < candidates.len() && candidates.len() > 1 && combinations <= MAX_COMBINATIONS {
        for n in 0..combinations {
            let mut rest = n;
            let choice: Vec<Option<&str>> = options
                .iter()
                .map(|o| {
                    let pick = o.get(rest % o.len()).copied().flatten();
                    rest /= o.len();
                    pick
                })
                .collect();
            let outcome = decide(&choice);
            if outcome == decision {
                continue;
            }
            let parts: Vec<String> = candidates
                .iter()
                .zip(&choice)
                .filter(|(_, v)| v.is_some())
                .map(|(c, v)| describe_value(taking, hop, c, *v))
                .collect();
            for (c, v) in candidates.iter().zip(&choice) {
                if v.is_none() || found.iter().any(|d| d.key == c.key) {
                    continue;
                }
                found.push(dependency(
                    c,
                    vec![Flip {
                        decision: outcome,
                        when: parts.join(" and "),
                    }],
                ));
            }
        }
    }
    found
}

fn dependency(c: &Candidate, flips: Vec<Flip>) -> Dependency {
    let (always_present, availability) = match c.presence {
        Presence::Unknown { always, why } => (always, why),
        Presence::Absent(why) => (false, why),
    };
    Dependency {
        key: c.key.clone(),
        always_present,
        availability: availability.to_owned(),
        flips,
    }
}

fn request<'a>(hop: &'a Hop, context: &'a Context) -> Request<'a> {
    Request {
        action: &hop.action,
        resource: &hop.resource,
        context,
    }
}

/// The statements that can take part in the hops of one action, their action matching it, with where
/// they are: what every question about those hops' dependencies looks at, found once for all of them.
pub struct TakingPart<'p> {
    relevant: Relevant<'p>,
    statements: Vec<(StatementRef, &'p Statement)>,
}

impl<'p> TakingPart<'p> {
    /// The statements of `policies` that can take part in a request of `action`.
    #[must_use]
    pub fn new(policies: &'p PolicySet, action: &str) -> Self {
        let relevant = policies.relevant_to(action);
        let statements = relevant.with_refs();
        Self { relevant, statements }
    }

    /// True when these are the statements of `action`'s requests.
    #[must_use]
    pub fn serves(&self, action: &str) -> bool {
        self.relevant.action().eq_ignore_ascii_case(action)
    }
}

fn candidates(taking: &TakingPart<'_>, hop: &Hop) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for &(_, statement) in &taking.statements {
        for condition in &statement.conditions {
            if hop.context.get(condition.key_lower()).is_some() {
                continue;
            }
            let presence = hop.context.presence(condition.key_lower());
            if matches!(presence, Presence::Absent(_)) {
                continue;
            }
            let slot = match out.iter().position(|c| c.key_lower == condition.key_lower()) {
                Some(i) => i,
                None => {
                    out.push(Candidate {
                        key: condition.key().to_owned(),
                        key_lower: condition.key_lower().to_owned(),
                        presence,
                        values: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            if let Some(c) = out.get_mut(slot) {
                // Text operators also meet values no policy names; numbers, dates, addresses and
                // Booleans are tried at and around the values the policies name.
                let textual = matches!(
                    condition.operator.kind,
                    Kind::StringEquals
                        | Kind::StringEqualsIgnoreCase
                        | Kind::StringLike
                        | Kind::Arn
                        | Kind::BinaryEquals
                );
                if textual && !c.values.iter().any(|v| v == OTHER_VALUE) {
                    c.values.push(OTHER_VALUE.to_owned());
                }
                for value in values_to_try(condition, &hop.context) {
                    if !c.values.contains(&value) {
                        c.values.push(value);
                    }
                }
            }
        }
    }
    // A role session's path is not in its ARN: without `rolePath`, `aws:PrincipalArn` is the role's
    // ARN with the path `/`, and a condition on it may hold for another path.
    if let Some(entry) = hop.context.entry("aws:principalarn")
        && entry.origin == Origin::Assumed
        && let ContextValue::Single(assumed) = &entry.value
        && let Some((prefix, role)) = assumed.rsplit_once(":role/")
    {
        let mut values = Vec::new();
        for &(_, statement) in &taking.statements {
            for condition in statement
                .conditions
                .iter()
                .filter(|c| c.key_lower() == "aws:principalarn")
            {
                for raw in condition.raw_values() {
                    let Some((_, rest)) = raw.split_once(":role/") else {
                        continue;
                    };
                    let path = rest
                        .rsplit_once('/')
                        .map_or("", |(path, _)| path)
                        .replace(['*', '?'], "x");
                    let value = if path.is_empty() {
                        format!("{prefix}:role/{role}")
                    } else {
                        format!("{prefix}:role/{path}/{role}")
                    };
                    if value != *assumed && !values.contains(&value) {
                        values.push(value);
                    }
                }
            }
        }
        if !values.is_empty() {
            out.push(Candidate {
                key: entry.key.to_string(),
                key_lower: "aws:principalarn".to_owned(),
                presence: Presence::Unknown {
                    always: true,
                    why: "a role-session ARN does not carry the role's path; give it as `rolePath`",
                },
                values,
            });
        }
    }
    // Keys that policy variables name decide what a statement compares with: try the parts of the
    // resource and the values other conditions compare with.
    let resource_parts: Vec<String> = hop
        .resource
        .split([':', '/', '-', '.', '_'])
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    let compared: Vec<String> = out.iter().flat_map(|c| c.values.iter().cloned()).collect();
    for &(_, statement) in &taking.statements {
        for key in variable_keys(statement) {
            if hop.context.get(&key).is_some() || out.iter().any(|c| c.key_lower == key) {
                continue;
            }
            let presence = hop.context.presence(&key);
            if matches!(presence, Presence::Absent(_)) {
                continue;
            }
            let mut values = vec![OTHER_VALUE.to_owned()];
            for v in resource_parts.iter().chain(&compared) {
                if !values.contains(v) {
                    values.push(v.clone());
                }
            }
            out.push(Candidate {
                key: key.clone(),
                key_lower: key,
                presence,
                values,
            });
        }
    }
    out
}

/// The request values that decide a condition differently: the policy's own values with wildcards
/// filled, and the values just around numbers, dates and address ranges.
fn values_to_try(condition: &Condition, context: &Context) -> Vec<String> {
    let mut out = Vec::new();
    for operand in &condition.values {
        match operand {
            Operand::Text(t) | Operand::Arn(t, _) => {
                if let Some(text) = t.template().display_resolved(context) {
                    out.push(text.replace(['*', '?'], ""));
                    out.push(text.replace('*', "zz").replace('?', "z"));
                }
            }
            Operand::Number(n, _) => {
                let (below, above) = n.around();
                out.extend([below.to_string(), n.to_string(), above.to_string()]);
            }
            Operand::Date(nanos, _) => {
                let seconds = i64::try_from(nanos / 1_000_000_000).unwrap_or_default();
                for s in [seconds - 1, seconds, seconds + 1] {
                    out.push(s.to_string());
                }
            }
            Operand::Network(net, _) => {
                out.push(net.network().to_string());
                out.push(
                    if net.network().is_ipv4() {
                        "192.0.2.254"
                    } else {
                        "2001:db8::fe"
                    }
                    .to_owned(),
                );
            }
            Operand::Flag(..) => {
                out.push("true".to_owned());
                out.push("false".to_owned());
            }
            Operand::Invalid(_) => {}
        }
    }
    if condition.operator.kind == Kind::IpAddress && out.is_empty() {
        out.push("192.0.2.254".to_owned());
    }
    crate::order::sort(&mut out);
    out.dedup();
    out
}

/// "`aws:SourceIp` is in `10.0.0.0/8`": the value in the words of the condition it changes.
fn describe_value(taking: &TakingPart<'_>, hop: &Hop, c: &Candidate, value: Option<&str>) -> String {
    let key = &c.key;
    let Some(value) = value else {
        return format!("`{key}` is absent");
    };
    let condition = taking
        .statements
        .iter()
        .flat_map(|(_, s)| s.conditions.iter())
        .find(|cond| {
            cond.key_lower() == c.key_lower && cond.operator.kind != Kind::Null && cond.operator.kind != Kind::Unknown
        });
    let Some(condition) = condition else {
        return format!("`{key}` is `{value}`");
    };
    if value == OTHER_VALUE {
        return format!("`{key}` has another value than the policies name");
    }
    let matched = condition.compares(value, &hop.context);
    let listed = policy_values(condition);
    let relation = match (condition.operator.kind, matched) {
        (Kind::IpAddress, true) => "is in",
        (Kind::IpAddress, false) => "is outside",
        (Kind::StringLike | Kind::Arn, true) => "matches",
        (Kind::StringLike | Kind::Arn, false) => "matches none of",
        (Kind::NumericLessThan | Kind::DateLessThan, true) => "is less than",
        (Kind::NumericLessThan | Kind::DateLessThan, false) => "is at least",
        (Kind::NumericLessThanEquals | Kind::DateLessThanEquals, true) => "is at most",
        (Kind::NumericLessThanEquals | Kind::DateLessThanEquals, false) => "is more than",
        (Kind::NumericGreaterThan | Kind::DateGreaterThan, true) => "is more than",
        (Kind::NumericGreaterThan | Kind::DateGreaterThan, false) => "is at most",
        (Kind::NumericGreaterThanEquals | Kind::DateGreaterThanEquals, true) => "is at least",
        (Kind::NumericGreaterThanEquals | Kind::DateGreaterThanEquals, false) => "is less than",
        (Kind::Bool, _) => return format!("`{key}` is `{value}`"),
        (_, true) => "is",
        (_, false) => "is not",
    };
    format!("`{key}` {relation} {listed}")
}

fn policy_values(condition: &Condition) -> String {
    let values: Vec<String> = condition.raw_values().map(|v| format!("`{v}`")).collect();
    match values.as_slice() {
        [] => "no value".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The keys named by policy variables in a statement's resources and condition values, lowercased.
fn variable_keys(statement: &Statement) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut add = |t: &Template| {
        for piece in t.pieces() {
            if let Piece::Var(v) = piece
                && v.default.is_none()
            {
                keys.insert(v.key.clone());
            }
        }
    };
    for t in statement.resource.iter().flat_map(|r| r.patterns()) {
        add(t);
    }
    for condition in &statement.conditions {
        for operand in &condition.values {
            if let Operand::Text(t) | Operand::Arn(t, _) = operand
                && t.has_variables()
            {
                add(t.template());
            }
        }
    }
    keys
}

/// The policy variables with no value in the statements taking part in a hop.
#[must_use]
pub fn unresolved_variables(policies: &PolicySet, taking: &TakingPart<'_>, hop: &Hop) -> Vec<UnresolvedVariable> {
    let mut out = Vec::new();
    for &(at, statement) in &taking.statements {
        let mut seen = BTreeSet::new();
        let mut note = |t: &Template| {
            for piece in t.pieces() {
                if let Piece::Var(v) = piece
                    && v.default.is_none()
                    && hop.context.single(&v.key).is_none()
                    && seen.insert(v.key.clone())
                {
                    out.push(UnresolvedVariable {
                        variable: format!("${{{}}}", v.key),
                        statement: statement_info(policies, at),
                    });
                }
            }
        };
        for t in statement.resource.iter().flat_map(|r| r.patterns()) {
            note(t);
        }
        for condition in &statement.conditions {
            for operand in &condition.values {
                if let Operand::Text(t) | Operand::Arn(t, _) = operand
                    && t.has_variables()
                {
                    note(t.template());
                }
            }
        }
    }
    out
}

/// What the call's verdict rests on, in one sentence for the verdict: the keys the scenario leaves open
/// and, when one value of them turns every denied check into Allow (or an allowed call into a denial),
/// that value. `None` when no check depends on anything open.
#[must_use]
pub fn summary(decision: Decision, hops: &[(Decision, &[Dependency])]) -> Option<String> {
    let mut keys: Vec<&str> = Vec::new();
    for (_, dependencies) in hops {
        for d in *dependencies {
            if !keys.contains(&d.key.as_str()) {
                keys.push(&d.key);
            }
        }
    }
    if keys.is_empty() {
        return None;
    }
    let names: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    let names = match names.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => String::new(),
    };
    let head = format!("It depends on {names}, which the scenario does not give");
    // A value that changes the call: it flips every check that is not already what it gives.
    let target = if decision.is_allow() {
        None
    } else {
        Some(Decision::Allow)
    };
    let flips_of = |hop: &(Decision, &[Dependency])| -> Vec<String> {
        hop.1
            .iter()
            .flat_map(|d| &d.flips)
            .filter(|f| target.is_none_or(|t| f.decision == t) && (target.is_some() || !f.decision.is_allow()))
            .map(|f| f.when.clone())
            .collect()
    };
    let changing: Vec<&(Decision, &[Dependency])> = hops
        .iter()
        .filter(|(d, _)| if decision.is_allow() { true } else { !d.is_allow() })
        .collect();
    let shared = changing.first().map(|first| {
        flips_of(first)
            .into_iter()
            .filter(|when| changing.iter().all(|h| flips_of(h).contains(when)))
            .collect::<Vec<_>>()
    });
    match shared.as_ref().and_then(|s| s.first()) {
        Some(when) if decision.is_allow() => Some(format!("{head}: it is denied if {when}.")),
        Some(when) => Some(format!("{head}: it is allowed if {when}.")),
        None => Some(format!("{head}; each check says which values change it.")),
    }
}
