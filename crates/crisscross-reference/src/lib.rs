//! A second evaluator of AWS policies, written for clarity and nothing else.
//!
//! It reads policies straight from `serde_json::Value`, matches wildcards by plain recursion and follows
//! the IAM User Guide's evaluation steps one by one. It shares no code with `crisscross-core`, so the two
//! can be compared on generated policies and requests (property tests and fuzzing): where they disagree,
//! one of them misreads AWS's rules. Only valid policies are supported; dates are compared as numbers of
//! seconds since the epoch or as ISO 8601 strings of the same shape.

pub mod context;
pub mod generate;
#[cfg(feature = "engine")]
pub mod harness;

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde_json::Value;

/// A request: action, resource, and context keys (lowercased) with their values.
#[derive(Debug, Clone)]
pub struct Request {
    /// The IAM action.
    pub action: String,
    /// The resource ARN.
    pub resource: String,
    /// Context keys, lowercased, each with one or more values.
    pub context: BTreeMap<String, Vec<String>>,
    /// Whether each key was given as a list (multivalued) rather than one string.
    pub multi: BTreeMap<String, bool>,
}

/// The policies of a principal.
#[derive(Debug, Clone, Default)]
pub struct Policies {
    /// SCP levels, root first; `None` when not governed.
    pub scps: Option<Vec<Vec<Value>>>,
    /// Identity policies.
    pub identity: Vec<Value>,
    /// Permissions boundary.
    pub boundary: Option<Value>,
    /// Session policy.
    pub session: Option<Value>,
    /// SCPs do not apply (management account, service-linked role).
    pub scp_exempt: bool,
    /// The principal is a role session.
    pub role_session: bool,
    /// The principal is a federated-user session.
    pub federated_user: bool,
}

/// The three outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Allowed.
    Allow,
    /// A Deny statement applies.
    ExplicitDeny,
    /// Nothing denies, something does not allow.
    ImplicitDeny,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| match x {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            })
            .collect(),
        Some(Value::Number(n)) => vec![n.to_string()],
        Some(Value::Bool(b)) => vec![b.to_string()],
        _ => Vec::new(),
    }
}

/// One pattern character: a literal, or a wildcard that may or may not match `:`.
#[derive(Clone, Copy, PartialEq)]
enum P {
    Lit(char),
    Star(bool),
    One(bool),
}

fn wild(p: &[P], t: &[char]) -> bool {
    match p.split_first() {
        None => t.is_empty(),
        Some((P::Lit(c), rest)) => t.first() == Some(c) && wild(rest, &t[1..]),
        Some((P::One(colon), rest)) => t.first().is_some_and(|c| *colon || *c != ':') && wild(rest, &t[1..]),
        Some((P::Star(colon), rest)) => {
            for i in 0..=t.len() {
                if wild(rest, &t[i..]) {
                    return true;
                }
                if i < t.len() && !*colon && t[i] == ':' {
                    return false;
                }
            }
            false
        }
    }
}

/// Substitutes `${...}`; `None` when a variable has no value and no default.
fn substitute(text: &str, req: &Request, variables: bool) -> Option<Vec<(char, bool)>> {
    // (character, is a literal that must not act as a wildcard)
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if variables
            && chars[i] == '$'
            && chars.get(i + 1) == Some(&'{')
            && let Some(close) = chars[i..].iter().position(|c| *c == '}')
        {
            let inner: String = chars[i + 2..i + close].iter().collect();
            let value = match inner.as_str() {
                "*" | "?" | "$" => Some(inner.clone()),
                _ => {
                    let (key, default) = match inner.split_once(',') {
                        Some((k, d)) => (k.trim(), Some(d.trim().trim_matches('\'').to_owned())),
                        None => (inner.trim(), None),
                    };
                    let key = key.to_ascii_lowercase();
                    match (req.context.get(&key), req.multi.get(&key)) {
                        (Some(values), Some(false)) => values.first().cloned(),
                        _ => default,
                    }
                }
            };
            for c in value?.chars() {
                out.push((c, true));
            }
            i += close + 1;
            continue;
        }
        out.push((chars[i], false));
        i += 1;
    }
    Some(out)
}

fn like(pattern: &[(char, bool)], text: &str) -> bool {
    let p: Vec<P> = pattern
        .iter()
        .map(|(c, literal)| match (c, literal) {
            ('*', false) => P::Star(true),
            ('?', false) => P::One(true),
            (c, _) => P::Lit(*c),
        })
        .collect();
    wild(&p, &text.chars().collect::<Vec<_>>())
}

fn action_matches(pattern: &str, action: &str) -> bool {
    let p: Vec<(char, bool)> = pattern.to_ascii_lowercase().chars().map(|c| (c, false)).collect();
    like(&p, &action.to_ascii_lowercase())
}

fn resource_matches(pattern: &str, resource: &str, req: &Request, variables: bool) -> bool {
    // Variables count only after the fifth colon; before it `${...}` is literal text.
    let split = pattern.match_indices(':').nth(4).map_or(pattern.len(), |(i, _)| i + 1);
    let (fields, rest) = pattern.split_at(split);
    let Some(mut chars) = substitute(fields, req, false) else {
        return false;
    };
    let Some(tail) = substitute(rest, req, variables) else {
        return false;
    };
    chars.extend(tail);
    // In the first five fields a `*` crosses `:` only at the end of its field; `?` never matches `:`.
    let mut colons = 0;
    let mut p = Vec::new();
    for (i, (c, literal)) in chars.iter().enumerate() {
        let field_end = chars.get(i + 1).is_none_or(|(n, _)| *n == ':');
        p.push(match (c, literal) {
            ('*', false) => P::Star(colons >= 5 || field_end),
            ('?', false) => P::One(colons >= 5),
            (c, _) => {
                if *c == ':' {
                    colons += 1;
                }
                P::Lit(*c)
            }
        });
    }
    wild(&p, &resource.chars().collect::<Vec<_>>())
}

fn arn_like(pattern: &[(char, bool)], value: &str) -> bool {
    let split = |cs: &[(char, bool)]| -> Vec<Vec<(char, bool)>> {
        let mut fields = vec![Vec::new()];
        for &(c, literal) in cs {
            if c == ':' && fields.len() < 6 {
                fields.push(Vec::new());
            } else if let Some(last) = fields.last_mut() {
                last.push((c, literal));
            }
        }
        fields
    };
    let pf = split(pattern);
    let vf = split(&value.chars().map(|c| (c, true)).collect::<Vec<_>>());
    pf.len() == 6
        && vf.len() == 6
        && pf
            .iter()
            .zip(&vf)
            .all(|(p, v)| like(p, &v.iter().map(|(c, _)| c).collect::<String>()))
}

fn date(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.chars().all(|c| c.is_ascii_digit()) && !t.is_empty() {
        return t.parse().ok();
    }
    // YYYY-MM-DD[Thh:mm[:ss]Z]: days from the civil calendar, UTC only.
    let (d, time) = t.split_once('T').unwrap_or((t, "00:00:00Z"));
    let mut parts = d.split('-');
    let (y, m, day): (i64, i64, i64) = (
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
    );
    let time = time.strip_suffix('Z')?;
    let mut hms = time.split(':');
    let (h, mi): (i64, i64) = (hms.next()?.parse().ok()?, hms.next()?.parse().ok()?);
    let s: f64 = hms.next().map_or(Some(0.0), |x| x.parse().ok())?;
    let (y2, m2) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * m2 + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    #[allow(clippy::cast_precision_loss, reason = "test dates fit easily in f64")]
    Some((days * 86_400 + h * 3_600 + mi * 60) as f64 + s)
}

fn compare(base: &str, pattern: &str, value: &str, req: &Request, variables: bool) -> bool {
    let num = |s: &str| s.trim().parse::<f64>().ok().filter(|n| n.is_finite());
    match base {
        "StringEquals" => {
            substitute(pattern, req, variables).is_some_and(|p| p.iter().map(|(c, _)| c).collect::<String>() == value)
        }
        "StringEqualsIgnoreCase" => substitute(pattern, req, variables)
            .is_some_and(|p| p.iter().map(|(c, _)| c).collect::<String>().to_lowercase() == value.to_lowercase()),
        "StringLike" => substitute(pattern, req, variables).is_some_and(|p| like(&p, value)),
        "ArnLike" | "ArnEquals" => substitute(pattern, req, variables).is_some_and(|p| arn_like(&p, value)),
        "NumericEquals" => num(pattern).zip(num(value)).is_some_and(|(p, v)| v == p),
        "NumericLessThan" => num(pattern).zip(num(value)).is_some_and(|(p, v)| v < p),
        "NumericLessThanEquals" => num(pattern).zip(num(value)).is_some_and(|(p, v)| v <= p),
        "NumericGreaterThan" => num(pattern).zip(num(value)).is_some_and(|(p, v)| v > p),
        "NumericGreaterThanEquals" => num(pattern).zip(num(value)).is_some_and(|(p, v)| v >= p),
        "DateEquals" => date(pattern).zip(date(value)).is_some_and(|(p, v)| v == p),
        "DateLessThan" => date(pattern).zip(date(value)).is_some_and(|(p, v)| v < p),
        "DateLessThanEquals" => date(pattern).zip(date(value)).is_some_and(|(p, v)| v <= p),
        "DateGreaterThan" => date(pattern).zip(date(value)).is_some_and(|(p, v)| v > p),
        "DateGreaterThanEquals" => date(pattern).zip(date(value)).is_some_and(|(p, v)| v >= p),
        "Bool" => pattern.eq_ignore_ascii_case(value),
        "BinaryEquals" => pattern == value,
        "IpAddress" => {
            let net = pattern
                .parse::<ipnet::IpNet>()
                .ok()
                .or_else(|| pattern.parse::<IpAddr>().ok().map(ipnet::IpNet::from));
            let ip = value.parse::<IpAddr>().ok();
            net.zip(ip).is_some_and(|(n, ip)| n.contains(&ip))
        }
        _ => false,
    }
}

/// Positive form and negation of an operator name without prefix or suffix.
fn base_of(op: &str) -> Option<(&'static str, bool)> {
    Some(match op {
        "StringEquals" => ("StringEquals", false),
        "StringNotEquals" => ("StringEquals", true),
        "StringEqualsIgnoreCase" => ("StringEqualsIgnoreCase", false),
        "StringNotEqualsIgnoreCase" => ("StringEqualsIgnoreCase", true),
        "StringLike" => ("StringLike", false),
        "StringNotLike" => ("StringLike", true),
        "NumericEquals" => ("NumericEquals", false),
        "NumericNotEquals" => ("NumericEquals", true),
        "NumericLessThan" => ("NumericLessThan", false),
        "NumericLessThanEquals" => ("NumericLessThanEquals", false),
        "NumericGreaterThan" => ("NumericGreaterThan", false),
        "NumericGreaterThanEquals" => ("NumericGreaterThanEquals", false),
        "DateEquals" => ("DateEquals", false),
        "DateNotEquals" => ("DateEquals", true),
        "DateLessThan" => ("DateLessThan", false),
        "DateLessThanEquals" => ("DateLessThanEquals", false),
        "DateGreaterThan" => ("DateGreaterThan", false),
        "DateGreaterThanEquals" => ("DateGreaterThanEquals", false),
        "Bool" => ("Bool", false),
        "BinaryEquals" => ("BinaryEquals", false),
        "IpAddress" => ("IpAddress", false),
        "NotIpAddress" => ("IpAddress", true),
        "ArnEquals" => ("ArnEquals", false),
        "ArnLike" => ("ArnLike", false),
        "ArnNotEquals" => ("ArnEquals", true),
        "ArnNotLike" => ("ArnLike", true),
        _ => return None,
    })
}

fn condition_holds(op: &str, key: &str, policy_values: &[String], req: &Request, variables: bool) -> bool {
    let (set, rest) = if let Some(r) = op.strip_prefix("ForAllValues:") {
        ("all", r)
    } else if let Some(r) = op.strip_prefix("ForAnyValue:") {
        ("any", r)
    } else {
        ("", op)
    };
    let (name, if_exists) = rest.strip_suffix("IfExists").map_or((rest, false), |n| (n, true));
    let key = key.to_ascii_lowercase();
    let values = req.context.get(&key);
    if name == "Null" && !if_exists {
        // With a set operator, Null is constant (Access Analyzer, "Null with qualifier").
        match set {
            "all" => return true,
            "any" => return false,
            _ => {}
        }
        let absent = values.is_none_or(Vec::is_empty);
        return policy_values
            .iter()
            .any(|v| v.eq_ignore_ascii_case(if absent { "true" } else { "false" }));
    }
    let Some((base, negated)) = base_of(name) else {
        return false;
    };
    let Some(values) = values else {
        return if if_exists {
            true
        } else {
            match set {
                "all" => true,
                "any" => false,
                // No values: the condition has no effect (Access Analyzer, "Empty array condition").
                _ => negated && !policy_values.is_empty(),
            }
        };
    };
    let test = |v: &String| -> bool {
        if policy_values.is_empty() {
            return false;
        }
        let matched = policy_values.iter().any(|p| compare(base, p, v, req, variables));
        matched != negated
    };
    match set {
        "all" => values.iter().all(test),
        "any" => values.iter().any(test),
        _ => {
            if policy_values.is_empty() {
                return false;
            }
            let any = values
                .iter()
                .any(|v| policy_values.iter().any(|p| compare(base, p, v, req, variables)));
            any != negated
        }
    }
}

/// Whether a statement applies to the request.
fn applies(statement: &Value, req: &Request, variables: bool) -> bool {
    // An empty list, in Action, NotAction, Resource or NotResource alike, gives the statement no effect.
    let action_ok = match (statement.get("Action"), statement.get("NotAction")) {
        (Some(a), _) => strings(Some(a)).iter().any(|p| action_matches(p, &req.action)),
        (None, Some(n)) => {
            let listed = strings(Some(n));
            !listed.is_empty() && !listed.iter().any(|p| action_matches(p, &req.action))
        }
        (None, None) => false,
    };
    let resource_ok = match (statement.get("Resource"), statement.get("NotResource")) {
        (Some(r), _) => strings(Some(r))
            .iter()
            .any(|p| resource_matches(p, &req.resource, req, variables)),
        (None, Some(n)) => {
            let listed = strings(Some(n));
            !listed.is_empty()
                && !listed
                    .iter()
                    .any(|p| resource_matches(p, &req.resource, req, variables))
        }
        (None, None) => false,
    };
    let conditions_ok = match statement.get("Condition").and_then(Value::as_object) {
        None => true,
        Some(ops) => ops.iter().all(|(op, keys)| {
            keys.as_object().is_some_and(|keys| {
                keys.iter()
                    .all(|(k, v)| condition_holds(op, k, &strings(Some(v)), req, variables))
            })
        }),
    };
    action_ok && resource_ok && conditions_ok
}

/// (any Deny applies, any Allow applies) for one policy.
fn policy_effects(policy: &Value, req: &Request) -> (bool, bool) {
    let variables = policy.get("Version").and_then(Value::as_str) == Some("2012-10-17");
    let statements = match policy.get("Statement") {
        Some(Value::Array(a)) => a.clone(),
        Some(s @ Value::Object(_)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let mut deny = false;
    let mut allow = false;
    for s in &statements {
        if applies(s, req, variables) {
            match s.get("Effect").and_then(Value::as_str) {
                Some("Deny") => deny = true,
                Some("Allow") => allow = true,
                _ => {}
            }
        }
    }
    (deny, allow)
}

/// Decides a request step by step, as the IAM User Guide's evaluation logic describes.
#[must_use]
pub fn decide(policies: &Policies, req: &Request) -> Decision {
    let scps_apply = policies.scps.is_some() && !policies.scp_exempt;
    let mut all: Vec<&Value> = Vec::new();
    if scps_apply {
        all.extend(policies.scps.iter().flatten().flatten());
    }
    all.extend(&policies.identity);
    all.extend(&policies.boundary);
    all.extend(&policies.session);
    // Step 1: any explicit deny.
    if all.iter().any(|p| policy_effects(p, req).0) {
        return Decision::ExplicitDeny;
    }
    // Step 2: every SCP level must allow.
    if scps_apply
        && policies
            .scps
            .iter()
            .flatten()
            .any(|level| !level.iter().any(|p| policy_effects(p, req).1))
    {
        return Decision::ImplicitDeny;
    }
    // Step 3: an identity policy must allow.
    if !policies.identity.iter().any(|p| policy_effects(p, req).1) {
        return Decision::ImplicitDeny;
    }
    // Step 4: the boundary, when present, must allow.
    if policies.boundary.as_ref().is_some_and(|b| !policy_effects(b, req).1) {
        return Decision::ImplicitDeny;
    }
    // Step 5: session principals need their session policy to allow; federated users need one.
    if policies.role_session || policies.federated_user {
        match &policies.session {
            Some(s) if !policy_effects(s, req).1 => return Decision::ImplicitDeny,
            None if policies.federated_user => return Decision::ImplicitDeny,
            _ => {}
        }
    }
    Decision::Allow
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_and_dates() {
        assert!(action_matches("bedrock:Invoke*", "bedrock:invokemodel"));
        assert!(!action_matches("s3:Get?", "s3:Get"));
        assert_eq!(date("1970-01-02"), Some(86_400.0));
        assert_eq!(date("2026-01-01T00:00:00Z"), date("1767225600"));
    }
}
