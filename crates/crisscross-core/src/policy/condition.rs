//! The `Condition` element: operators, values and how AWS evaluates them.
//!
//! Source: IAM User Guide, "IAM JSON policy elements: Condition operators" and "Multiple context keys or
//! values". Several operators, or several keys under one operator, are ANDed; several values of one key
//! are ORed, and NORed for negated operators. A missing key makes positive operators false and negated
//! operators true, except with `...IfExists` (true) and `Null`.

use std::borrow::Cow;
use std::net::IpAddr;

use ipnet::IpNet;

use super::decimal::Decimal;
use super::pattern::{LazyArnFields, LazyTemplate, Piece, arn_like, glob, split_arn};
use crate::context::Context;
use crate::diagnostic::Span;
use crate::syntax::arn::split;

/// The comparison an operator makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `StringEquals`, `StringNotEquals`
    StringEquals,
    /// `StringEqualsIgnoreCase`, `StringNotEqualsIgnoreCase`
    StringEqualsIgnoreCase,
    /// `StringLike`, `StringNotLike`
    StringLike,
    /// `NumericEquals`, `NumericNotEquals`
    NumericEquals,
    /// `NumericLessThan`
    NumericLessThan,
    /// `NumericLessThanEquals`
    NumericLessThanEquals,
    /// `NumericGreaterThan`
    NumericGreaterThan,
    /// `NumericGreaterThanEquals`
    NumericGreaterThanEquals,
    /// `DateEquals`, `DateNotEquals`
    DateEquals,
    /// `DateLessThan`
    DateLessThan,
    /// `DateLessThanEquals`
    DateLessThanEquals,
    /// `DateGreaterThan`
    DateGreaterThan,
    /// `DateGreaterThanEquals`
    DateGreaterThanEquals,
    /// `Bool`
    Bool,
    /// `BinaryEquals`
    BinaryEquals,
    /// `IpAddress`, `NotIpAddress`
    IpAddress,
    /// `ArnEquals`, `ArnLike`, `ArnNotEquals`, `ArnNotLike`
    Arn,
    /// `Null`
    Null,
    /// An operator AWS does not define: never true.
    Unknown,
}

/// `ForAllValues:` / `ForAnyValue:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOperator {
    /// No prefix.
    None,
    /// `ForAllValues:`: every request value must match; true when the key is absent or empty.
    ForAllValues,
    /// `ForAnyValue:`: at least one request value must match; false when the key is absent.
    ForAnyValue,
}

/// A parsed operator name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    /// As written; borrowed, not copied, when it is a known operator without a set prefix or `IfExists`,
    /// as most are.
    pub name: Cow<'static, str>,
    /// The comparison.
    pub kind: Kind,
    /// A `Not` operator (`StringNotEquals`, `NotIpAddress`, `ArnNotLike`, ...).
    pub negated: bool,
    /// `...IfExists`.
    pub if_exists: bool,
    /// Set-operator prefix.
    pub set: SetOperator,
}

pub(crate) const OPERATORS: &[(&str, Kind, bool)] = &[
    ("StringEquals", Kind::StringEquals, false),
    ("StringNotEquals", Kind::StringEquals, true),
    ("StringEqualsIgnoreCase", Kind::StringEqualsIgnoreCase, false),
    ("StringNotEqualsIgnoreCase", Kind::StringEqualsIgnoreCase, true),
    ("StringLike", Kind::StringLike, false),
    ("StringNotLike", Kind::StringLike, true),
    ("NumericEquals", Kind::NumericEquals, false),
    ("NumericNotEquals", Kind::NumericEquals, true),
    ("NumericLessThan", Kind::NumericLessThan, false),
    ("NumericLessThanEquals", Kind::NumericLessThanEquals, false),
    ("NumericGreaterThan", Kind::NumericGreaterThan, false),
    ("NumericGreaterThanEquals", Kind::NumericGreaterThanEquals, false),
    ("DateEquals", Kind::DateEquals, false),
    ("DateNotEquals", Kind::DateEquals, true),
    ("DateLessThan", Kind::DateLessThan, false),
    ("DateLessThanEquals", Kind::DateLessThanEquals, false),
    ("DateGreaterThan", Kind::DateGreaterThan, false),
    ("DateGreaterThanEquals", Kind::DateGreaterThanEquals, false),
    ("Bool", Kind::Bool, false),
    ("BinaryEquals", Kind::BinaryEquals, false),
    ("IpAddress", Kind::IpAddress, false),
    ("NotIpAddress", Kind::IpAddress, true),
    ("ArnEquals", Kind::Arn, false),
    ("ArnLike", Kind::Arn, false),
    ("ArnNotEquals", Kind::Arn, true),
    ("ArnNotLike", Kind::Arn, true),
    ("Null", Kind::Null, false),
];

/// Keys AWS documents as single-valued that people most often pair with a set operator by mistake.
impl Operator {
    /// Parses an operator name such as `ForAnyValue:StringLikeIfExists`.
    #[must_use]
    pub fn parse(name: &str) -> Self {
        let (set, rest) = if let Some(rest) = name.strip_prefix("ForAllValues:") {
            (SetOperator::ForAllValues, rest)
        } else if let Some(rest) = name.strip_prefix("ForAnyValue:") {
            (SetOperator::ForAnyValue, rest)
        } else {
            (SetOperator::None, name)
        };
        let (base, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base) => (base, true),
            None => (rest, false),
        };
        let known = OPERATORS.iter().find(|(n, _, _)| *n == base);
        let (kind, negated) = match known {
            Some((_, Kind::Null, _)) if if_exists => (Kind::Unknown, false),
            Some((_, kind, negated)) => (*kind, *negated),
            None => (Kind::Unknown, false),
        };
        let name = match known {
            Some((written, _, _)) if written.len() == name.len() => Cow::Borrowed(*written),
            _ => Cow::Owned(name.to_owned()),
        };
        Self {
            name,
            kind,
            negated,
            if_exists,
            set,
        }
    }
}

/// A value an operator compares against, read once when the policy is parsed. Each keeps the value as
/// written, which explanations and the printed policy show.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// String operators and `BinaryEquals`.
    Text(LazyTemplate),
    /// ARN operators: the pattern and, when it has no variables, its six fields.
    Arn(LazyTemplate, LazyArnFields),
    /// Numeric operators.
    Number(Decimal, String),
    /// Date operators, as seconds since the epoch.
    Date(i128, String),
    /// IP operators.
    Network(IpNet, String),
    /// `Bool` and `Null`.
    Flag(bool, String),
    /// A value its operator cannot read (already reported): matches nothing.
    Invalid(String),
}

impl Operand {
    /// The value as written in the policy.
    #[must_use]
    pub fn text(&self) -> &str {
        match self {
            Self::Text(t) | Self::Arn(t, _) => t.text(),
            Self::Number(_, text)
            | Self::Date(_, text)
            | Self::Network(_, text)
            | Self::Flag(_, text)
            | Self::Invalid(text) => text,
        }
    }
}

/// One operator applied to one key.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The operator.
    pub operator: Operator,
    /// The key as written, then lowercased for lookups: one allocation for both, since an
    /// organization's policies hold thousands of keys. Lowercasing ASCII keeps the length, so each is
    /// half.
    keys: String,
    /// The values, as written and compiled.
    pub values: Vec<Operand>,
    /// Where the key is written.
    pub key_span: Span,
}

/// Reads a date as AWS's Date operators do: the W3C profile of ISO 8601 (`2026-01-31`,
/// `2026-01-31T12:00Z`, `2026-01-31T12:00:00.5+01:00`) or seconds since the epoch. Returns nanoseconds.
#[must_use]
pub fn parse_date(text: &str) -> Option<i128> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().ok().map(|s| i128::from(s) * 1_000_000_000);
    }
    crate::time::parse_w3c(text)
}

/// Reads a CIDR range or a bare address (which means /32 or /128).
#[must_use]
pub fn parse_network(text: &str) -> Option<IpNet> {
    let text = text.trim();
    text.parse::<IpNet>()
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
}

impl Condition {
    /// `operator` applied to `key` (as written) with `values`.
    #[must_use]
    pub fn new(operator: Operator, key: &str, values: Vec<Operand>, key_span: Span) -> Self {
        let mut keys = String::with_capacity(2 * key.len());
        keys.push_str(key);
        keys.push_str(key);
        if let Some(lower) = keys.get_mut(key.len()..) {
            lower.make_ascii_lowercase();
        }
        Self {
            operator,
            keys,
            values,
            key_span,
        }
    }

    /// The key as written.
    #[must_use]
    pub fn key(&self) -> &str {
        self.keys.get(..self.keys.len() / 2).unwrap_or_default()
    }

    /// The key lowercased, for lookups.
    #[must_use]
    pub fn key_lower(&self) -> &str {
        self.keys.get(self.keys.len() / 2..).unwrap_or_default()
    }

    /// JSON path of the key in the statement at `statement_path`, for diagnostics: made only when one
    /// is, because an organization's policies hold thousands of condition keys and few diagnostics.
    #[must_use]
    pub fn path(&self, statement_path: &impl std::fmt::Display) -> String {
        format!("{statement_path}.Condition.{}.{}", self.operator.name, self.key())
    }

    /// The values as written in the policy.
    pub fn raw_values(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(Operand::text)
    }

    /// True if the condition holds for `context`.
    #[must_use]
    pub fn holds(&self, context: &Context) -> bool {
        let op = &self.operator;
        if op.kind == Kind::Unknown {
            return false;
        }
        let request = context.get(self.key_lower()).map(crate::context::ContextValue::values);
        if op.kind == Kind::Null {
            // Access Analyzer, "Null with qualifier": with ForAllValues the condition always returns true,
            // with ForAnyValue always false.
            let absent = request.is_none_or(<[String]>::is_empty);
            return match op.set {
                SetOperator::ForAllValues => true,
                SetOperator::ForAnyValue => false,
                SetOperator::None => self
                    .values
                    .iter()
                    .any(|v| matches!(v, Operand::Flag(b, _) if *b == absent)),
            };
        }
        let Some(request) = request else {
            if op.if_exists {
                return true;
            }
            return match op.set {
                SetOperator::ForAllValues => true,
                SetOperator::ForAnyValue => false,
                // An empty value list leaves the condition without effect (Access Analyzer, "Empty array
                // condition"), even where a negated operator would match an absent key.
                SetOperator::None => op.negated && !self.values.is_empty(),
            };
        };
        let per_value = |value: &String| -> bool {
            if self.values.is_empty() {
                return false;
            }
            self.compares(value, context) != op.negated
        };
        match op.set {
            SetOperator::ForAllValues => request.iter().all(per_value),
            SetOperator::ForAnyValue => request.iter().any(per_value),
            // A plain operator on a multivalued key: AWS does not document it; any value matching is
            // taken as a match, and negated operators require that no value matches.
            SetOperator::None => {
                if self.values.is_empty() {
                    return false;
                }
                let any = request.iter().any(|value| self.compares(value, context));
                any != op.negated
            }
        }
    }
}

impl Condition {
    /// True when `value` matches one of the policy values under the positive form of the operator
    /// (`IpAddress` for `NotIpAddress`, `StringLike` for `StringNotLike`), variables resolved from
    /// `context`.
    #[must_use]
    pub fn compares(&self, value: &str, context: &Context) -> bool {
        if self.operator.kind == Kind::Arn {
            // The request's ARN is split once for all the policy's values, not once for each.
            let Some(fields) = split(value) else {
                return false;
            };
            return self.values.iter().any(|operand| arn_compare(operand, &fields, context));
        }
        self.values
            .iter()
            .any(|operand| compare(self.operator.kind, operand, value, context))
    }
}

/// `ArnLike` of one policy value against the six fields of the request's ARN.
fn arn_compare(operand: &Operand, fields: &[&str; 6], context: &Context) -> bool {
    match operand {
        Operand::Arn(t, pattern) if !t.has_variables() => pattern.of(t.template()).is_some_and(|p| arn_like(p, fields)),
        Operand::Arn(t, _) => t
            .template()
            .resolve(context, false)
            .and_then(|p| split_arn(&p))
            .is_some_and(|pattern| arn_like(&pattern, fields)),
        _ => false,
    }
}

/// Compares one request value with one policy value using the positive form of the operator.
fn compare(kind: Kind, operand: &Operand, value: &str, context: &Context) -> bool {
    match (kind, operand) {
        (Kind::StringEquals | Kind::BinaryEquals, Operand::Text(t)) => {
            let template = t.template();
            match template.as_literal() {
                Some(lit) => lit == value,
                None => template
                    .resolve(context, false)
                    .is_some_and(|pieces| pieces_equal(&pieces, value)),
            }
        }
        (Kind::StringEqualsIgnoreCase, Operand::Text(t)) => {
            let value = value.to_lowercase();
            t.template()
                .resolve(context, true)
                .is_some_and(|pieces| pieces_equal(&pieces, &value))
        }
        (Kind::StringLike, Operand::Text(t)) => t
            .template()
            .resolve(context, false)
            .is_some_and(|p| glob(&p, value, false)),
        (Kind::NumericEquals, Operand::Number(n, _)) => parse_number(value).is_some_and(|v| v == *n),
        (Kind::NumericLessThan, Operand::Number(n, _)) => parse_number(value).is_some_and(|v| v < *n),
        (Kind::NumericLessThanEquals, Operand::Number(n, _)) => parse_number(value).is_some_and(|v| v <= *n),
        (Kind::NumericGreaterThan, Operand::Number(n, _)) => parse_number(value).is_some_and(|v| v > *n),
        (Kind::NumericGreaterThanEquals, Operand::Number(n, _)) => parse_number(value).is_some_and(|v| v >= *n),
        (Kind::DateEquals, Operand::Date(d, _)) => parse_date(value).is_some_and(|v| v == *d),
        (Kind::DateLessThan, Operand::Date(d, _)) => parse_date(value).is_some_and(|v| v < *d),
        (Kind::DateLessThanEquals, Operand::Date(d, _)) => parse_date(value).is_some_and(|v| v <= *d),
        (Kind::DateGreaterThan, Operand::Date(d, _)) => parse_date(value).is_some_and(|v| v > *d),
        (Kind::DateGreaterThanEquals, Operand::Date(d, _)) => parse_date(value).is_some_and(|v| v >= *d),
        (Kind::IpAddress, Operand::Network(net, _)) => value.trim().parse::<IpAddr>().is_ok_and(|ip| net.contains(&ip)),
        (Kind::Bool, Operand::Flag(b, _)) => value.eq_ignore_ascii_case(if *b { "true" } else { "false" }),
        _ => false,
    }
}

fn parse_number(text: &str) -> Option<Decimal> {
    Decimal::parse(text.trim())
}

fn pieces_equal(pieces: &[Piece], value: &str) -> bool {
    let mut rest = value;
    for piece in pieces {
        match piece {
            Piece::Lit(s) => match rest.strip_prefix(s.as_str()) {
                Some(r) => rest = r,
                None => return false,
            },
            _ => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{ContextValue, Origin};

    fn cond(op: &str, key: &str, values: &[&str]) -> Condition {
        let policy = format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"*","Resource":"*","Condition":{{"{op}":{{"{key}":{}}}}}}}}}"#,
            serde_json::to_string(values).unwrap()
        );
        let parsed = crate::policy::parse_policy(&policy, crate::policy::PolicyType::Identity);
        parsed.policy.expect("valid").statements[0].conditions[0].clone()
    }

    /// Keys are looked up case-insensitively, as AWS does, and shown as written: a key read from a
    /// policy keeps both, ASCII letters alone lowered (AWS's keys are ASCII; a tag name may not be).
    #[test]
    fn a_key_is_kept_as_written_and_lowercased() {
        for (written, lower) in [
            ("aws:RequestedRegion", "aws:requestedregion"),
            ("aws:PrincipalTag/Équipe", "aws:principaltag/Équipe"),
            ("s3:x-amz-acl", "s3:x-amz-acl"),
        ] {
            let condition = cond("StringEquals", written, &["v"]);
            assert_eq!((condition.key(), condition.key_lower()), (written, lower));
        }
        let region = cond("StringEquals", "AWS:REQUESTEDREGION", &["us-east-1"]);
        assert!(region.holds(&ctx(&[("aws:RequestedRegion", &["us-east-1"])])));
    }

    fn ctx(pairs: &[(&str, &[&str])]) -> Context {
        let mut c = Context::default();
        for (k, v) in pairs {
            let value = if v.len() == 1 {
                ContextValue::Single(v[0].to_owned())
            } else {
                ContextValue::Multi(v.iter().map(|s| (*s).to_owned()).collect())
            };
            c.insert(k, value, Origin::User);
        }
        c
    }

    #[test]
    fn arn_operators_compare_field_by_field_whenever_the_fields_are_cut() {
        let c = cond(
            "ArnLike",
            "bedrock:InferenceProfileArn",
            &["arn:aws:bedrock:*:111122223333:inference-profile/us.*"],
        );
        let untouched = c.clone();
        let arn = |region: &str| format!("arn:aws:bedrock:{region}:111122223333:inference-profile/us.anthropic.claude");
        assert!(c.holds(&ctx(&[("bedrock:InferenceProfileArn", &[arn("us-east-1").as_str()])])));
        // A `*` in the Region field does not run past its `:` into the account.
        let crossing = "arn:aws:bedrock:us-east-1:444455556666:111122223333:inference-profile/us.x";
        assert!(!c.holds(&ctx(&[("bedrock:InferenceProfileArn", &[crossing])])));
        // Comparing it once does not make it differ from the same condition never compared.
        assert_eq!(c, untouched);
        let short = crate::policy::parse_policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3::bucket"}}}}"#,
            crate::policy::PolicyType::Identity,
        );
        assert!(
            short
                .diagnostics
                .iter()
                .any(|d| d.message.contains("does not have the six fields of an ARN")),
            "an ARN value with fewer than six fields is reported"
        );
    }

    #[test]
    fn negated_with_several_values_is_nor() {
        let c = cond("StringNotEquals", "aws:RequestedRegion", &["us-east-1", "us-west-2"]);
        assert!(!c.holds(&ctx(&[("aws:RequestedRegion", &["us-west-2"])])));
        assert!(c.holds(&ctx(&[("aws:RequestedRegion", &["eu-west-1"])])));
        assert!(c.holds(&Context::default()), "missing key makes negated operators true");
    }

    #[test]
    fn if_exists_and_null() {
        let c = cond("StringLikeIfExists", "aws:PrincipalTag/team", &["ml*"]);
        assert!(c.holds(&Context::default()));
        assert!(!c.holds(&ctx(&[("aws:principaltag/TEAM", &["web"])])));
        let n = cond("Null", "bedrock:InferenceProfileArn", &["true"]);
        assert!(n.holds(&Context::default()));
        assert!(!n.holds(&ctx(&[("bedrock:InferenceProfileArn", &["arn:x"])])));
    }

    #[test]
    fn set_operators() {
        let all = cond("ForAllValues:StringEquals", "aws:TagKeys", &["project", "team"]);
        assert!(all.holds(&Context::default()), "vacuously true");
        assert!(all.holds(&ctx(&[("aws:TagKeys", &["project", "team"])])));
        assert!(!all.holds(&ctx(&[("aws:TagKeys", &["project", "cost"])])));
        let any = cond("ForAnyValue:StringEquals", "aws:TagKeys", &["project"]);
        assert!(!any.holds(&Context::default()));
        assert!(any.holds(&ctx(&[("aws:TagKeys", &["cost", "project"])])));
    }

    #[test]
    fn numbers_dates_ips() {
        assert!(cond("NumericLessThan", "s3:max-keys", &["10"]).holds(&ctx(&[("s3:max-keys", &["9"])])));
        assert!(
            cond("DateGreaterThan", "aws:CurrentTime", &["2026-01-01T00:00:00Z"])
                .holds(&ctx(&[("aws:CurrentTime", &["2026-06-01T00:00:00Z"])]))
        );
        assert!(
            cond("DateLessThan", "aws:EpochTime", &["2026-01-01"]).holds(&ctx(&[("aws:EpochTime", &["1700000000"])]))
        );
        assert!(
            cond("IpAddress", "aws:SourceIp", &["203.0.113.0/24"]).holds(&ctx(&[("aws:SourceIp", &["203.0.113.9"])]))
        );
        assert!(
            cond("IpAddress", "aws:SourceIp", &["2001:db8::/32"]).holds(&ctx(&[("aws:SourceIp", &["2001:db8::1"])]))
        );
        assert!(cond("NotIpAddress", "aws:SourceIp", &["203.0.113.0/24"]).holds(&Context::default()));
    }

    #[test]
    fn equals_treats_wildcards_literally_but_arn_equals_does_not() {
        let value = ctx(&[("aws:PrincipalArn", &["arn:aws:iam::111122223333:role/ml-batch"])]);
        assert!(!cond("StringEquals", "aws:PrincipalArn", &["arn:aws:iam::*:role/ml-*"]).holds(&value));
        assert!(cond("ArnEquals", "aws:PrincipalArn", &["arn:aws:iam::*:role/ml-*"]).holds(&value));
    }

    #[test]
    fn an_unknown_operator_is_refused_as_aws_refuses_it() {
        let policy = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualz":{"aws:RequestedRegion":"us-east-1"}}}}"#;
        let parsed = crate::policy::parse_policy(policy, crate::policy::PolicyType::Identity);
        assert!(parsed.policy.is_none());
        let d = &parsed.diagnostics[0];
        assert_eq!((d.code.as_str(), d.is_error()), ("unknown-operator", true));
        assert!(d.help.as_deref().unwrap().contains("`StringEquals`"), "{:?}", d.help);
        assert_eq!(
            Operator::parse("stringEquals").kind,
            Kind::Unknown,
            "operator names are case-sensitive"
        );
    }

    #[test]
    fn an_operator_keeps_its_name_as_written() {
        // Explanations, diagnostic paths and the printed policy show the name the policy holds.
        for name in [
            "StringEquals",
            "ForAnyValue:StringLikeIfExists",
            "ArnNotLikeIfExists",
            "NullIfExists",
            "StringEqualz",
        ] {
            assert_eq!(Operator::parse(name).name, name);
        }
        let parsed = Operator::parse("ForAllValues:StringNotEquals");
        assert_eq!(
            (parsed.kind, parsed.negated, parsed.set),
            (Kind::StringEquals, true, SetOperator::ForAllValues)
        );
    }

    #[test]
    fn null_with_a_set_operator_is_constant() {
        let all = cond("ForAllValues:Null", "aws:TagKeys", &["false"]);
        assert!(all.holds(&Context::default()));
        let any = cond("ForAnyValue:Null", "aws:TagKeys", &["true"]);
        assert!(!any.holds(&Context::default()));
    }

    #[test]
    fn an_empty_value_list_never_matches_an_absent_key_with_a_negated_operator() {
        let c = cond("StringNotEquals", "aws:PrincipalTag/team", &[]);
        assert!(!c.holds(&Context::default()));
        let if_exists = cond("StringNotEqualsIfExists", "aws:PrincipalTag/team", &[]);
        assert!(
            if_exists.holds(&Context::default()),
            "IfExists matches only when the key is missing"
        );
    }
}
