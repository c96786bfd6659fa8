//! Reading a `Condition` block: operators, keys and values, each checked and compiled once.

use std::borrow::Cow;
use std::fmt::Display;

use super::{Checker, Field, scalar_text};
use crate::diagnostic::{Code, Span, did_you_mean};
use crate::policy::Version;
use crate::policy::condition::{Condition, Kind, OPERATORS, Operand, Operator, SetOperator, parse_date, parse_network};
use crate::policy::decimal::Decimal;
use crate::policy::pattern::{LazyArnFields, LazyTemplate, Syntax, holds_variable_syntax};
use crate::syntax::json::{Member, Node, Value};

const SINGLE_VALUED_KEYS: &[&str] = &[
    "aws:requestedregion",
    "aws:principalarn",
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:sourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:securetransport",
    "aws:multifactorauthpresent",
    "aws:currenttime",
    "aws:epochtime",
    "aws:username",
    "aws:userid",
    "aws:principaltype",
    "bedrock:inferenceprofilearn",
];

/// Misspellings of well-known keys, with the key meant.
const KEY_TYPOS: &[(&str, &str)] = &[
    ("aws:inferenceprofilearn", "bedrock:InferenceProfileArn"),
    ("bedrock:requestedregion", "aws:RequestedRegion"),
    ("aws:requestregion", "aws:RequestedRegion"),
    ("aws:region", "aws:RequestedRegion"),
];

pub(crate) fn parse_condition_block(
    checker: &mut Checker<'_>,
    node: &Node,
    path: &dyn Display,
    version: Version,
) -> Vec<Condition> {
    let mut conditions = Vec::new();
    let Some(operators) = node.as_object() else {
        checker.error(
            Code::InvalidCondition,
            format!("`Condition` must be an object, found {}", node.type_name()),
            "write \"Condition\": { \"StringEquals\": { \"aws:RequestedRegion\": \"us-east-1\" } }",
            path,
            node.span,
        );
        return conditions;
    };
    for op_member in operators {
        let operator = Operator::parse(&op_member.key);
        let op_path = Field(path, &op_member.key);
        if operator.kind == Kind::Unknown {
            let base = op_member
                .key
                .trim_start_matches("ForAllValues:")
                .trim_start_matches("ForAnyValue:");
            if base.starts_with("Null") && base.ends_with("IfExists") {
                checker.error(
                    Code::NullWithIfexists,
                    format!("`{}` is not an operator", op_member.key),
                    "`Null` already tests whether the key exists and takes no `IfExists` (\"You can add IfExists to the end of any condition operator name except the Null condition\", IAM User Guide); write `Null`",
                    &op_path,
                    op_member.key_span,
                );
            } else {
                let base = base.strip_suffix("IfExists").unwrap_or(base);
                let names: Vec<&str> = OPERATORS.iter().map(|(n, _, _)| *n).collect();
                let help = match did_you_mean(base, &names) {
                    Some(s) => format!(
                        "did you mean `{s}`? Operator names are case-sensitive, and AWS refuses to save a policy with an operator it does not know (MalformedPolicyDocument: Invalid Condition type)"
                    ),
                    None => "AWS refuses to save a policy with an operator it does not know (MalformedPolicyDocument: Invalid Condition type); see the IAM condition operators reference".to_owned(),
                };
                checker.error(
                    Code::UnknownOperator,
                    format!("unknown condition operator `{}`", op_member.key),
                    &help,
                    &op_path,
                    op_member.key_span,
                );
            }
        }
        let Some(keys) = op_member.value.as_object() else {
            checker.error(
                Code::InvalidCondition,
                format!(
                    "the operator `{}` must map to an object of keys and values, found {}",
                    op_member.key,
                    op_member.value.type_name()
                ),
                "write { \"condition:key\": \"value\" } or { \"condition:key\": [\"value1\", \"value2\"] }",
                &op_path,
                op_member.value.span,
            );
            continue;
        };
        if keys.is_empty() {
            checker.warning(
                Code::EmptyValues,
                format!("the operator `{}` has no keys", op_member.key),
                "add a key and its values, or remove the operator",
                &op_path,
                op_member.value.span,
            );
        }
        // Every key's condition holds the operator: the last key takes it, the others a copy.
        if let Some((last, others)) = keys.split_last() {
            for key_member in others {
                let condition = key_condition(checker, Cow::Borrowed(&operator), key_member, &op_path, version);
                conditions.extend(condition);
            }
            conditions.extend(key_condition(checker, Cow::Owned(operator), last, &op_path, version));
        }
    }
    conditions
}

/// The condition one key of an operator sets, or `None` when its value is not one a condition takes.
fn key_condition(
    checker: &mut Checker<'_>,
    operator: Cow<'_, Operator>,
    key_member: &Member,
    op_path: &dyn Display,
    version: Version,
) -> Option<Condition> {
    let items: &[Node] = match &key_member.value.value {
        Value::Array(items) => items,
        _ if scalar_text(&key_member.value).is_none() => {
            checker.error(
                Code::InvalidCondition,
                format!(
                    "a condition value must be a string, number, Boolean or an array of them, found {}",
                    key_member.value.type_name()
                ),
                "write the value as a string or an array of strings",
                &Field(&op_path, &key_member.key),
                key_member.value.span,
            );
            return None;
        }
        _ => std::slice::from_ref(&key_member.value),
    };
    for item in items.iter().filter(|item| scalar_text(item).is_none()) {
        checker.error(
            Code::InvalidCondition,
            format!(
                "a condition value must be a string, number or Boolean, found {}",
                item.type_name()
            ),
            "write the value as a string",
            &Field(&op_path, &key_member.key),
            item.span,
        );
    }
    let key = Written {
        key: &key_member.key,
        key_span: key_member.key_span,
        value_span: key_member.value.span,
    };
    let values = items.iter().filter_map(|item| Some((scalar_text(item)?, item.span)));
    Some(written_condition(checker, operator, &key, values, op_path, version))
}

/// A condition key as written, and where its value (one, or a list) is written.
pub(super) struct Written<'k> {
    pub(super) key: &'k str,
    pub(super) key_span: Span,
    pub(super) value_span: Span,
}

/// The condition `key` sets under `operator`, from its values that are strings, numbers or Booleans,
/// each as the text AWS compares with its span.
pub(super) fn written_condition<'t>(
    checker: &mut Checker<'_>,
    operator: Cow<'_, Operator>,
    key: &Written<'_>,
    written: impl Iterator<Item = (&'t str, Span)>,
    op_path: &dyn Display,
    version: Version,
) -> Condition {
    let key_path = Field(&op_path, key.key);
    let mut values = Vec::with_capacity(written.size_hint().0);
    for (text, span) in written {
        values.push(operand(checker, &operator, text, span, &key_path, version));
    }
    if values.is_empty() {
        checker.warning(Code::EmptyValues, format!("`{}` has an empty list of values", key.key), "an empty list never matches (with `ForAllValues` or `IfExists`, only when the key is absent); add values or remove the key", &key_path, key.value_span);
    }
    if operator.set != SetOperator::None
        && SINGLE_VALUED_KEYS
            .iter()
            .any(|single| single.eq_ignore_ascii_case(key.key))
    {
        checker.warning(Code::SetOperatorSingleValued, format!("`{}` is single-valued, but `{}` is a set operator", key.key, operator.name), "AWS advises against ForAllValues/ForAnyValue on single-valued keys (ForAllValues is true when the key is absent); use the plain operator", &key_path, key.key_span);
    }
    if let Some((_, meant)) = KEY_TYPOS.iter().find(|(typo, _)| typo.eq_ignore_ascii_case(key.key)) {
        checker.warning(
            Code::UnknownConditionKey,
            format!("`{}` is not a condition key AWS sets", key.key),
            &format!("did you mean `{meant}`? An absent key makes this condition false (true for negated operators)"),
            &key_path,
            key.key_span,
        );
    }
    Condition::new(operator.into_owned(), key.key, values, key.key_span)
}

fn operand(
    checker: &mut Checker<'_>,
    operator: &Operator,
    text: &str,
    span: Span,
    path: &dyn Display,
    version: Version,
) -> Operand {
    let substitutes = version == Version::V2012;
    let string_like = matches!(
        operator.kind,
        Kind::StringEquals | Kind::StringEqualsIgnoreCase | Kind::StringLike | Kind::Arn
    );
    let holds_variable = holds_variable_syntax(text);
    if holds_variable {
        if !substitutes {
            checker.warning(
                Code::VariableInOldVersion,
                format!("`{text}` is taken literally"),
                "policy variables are substituted only under \"Version\": \"2012-10-17\"",
                path,
                span,
            );
        } else if !string_like {
            checker.warning(
                Code::VariableUnsupported,
                format!("`{text}`: `{}` does not substitute policy variables", operator.name),
                "AWS substitutes variables only with string and ARN operators",
                path,
                span,
            );
        }
    }
    // A value without `${` compiles alike either way: read without variables, it is not searched again.
    let variables = substitutes && holds_variable;
    let mut invalid = |what: &str, example: &str| {
        checker.error(
            Code::InvalidConditionValue,
            format!("`{text}` is not {what}, which `{}` compares", operator.name),
            &format!("write {what}, for example `{example}`"),
            path,
            span,
        );
        Operand::Invalid(text.to_owned())
    };
    match operator.kind {
        Kind::StringEquals | Kind::StringEqualsIgnoreCase | Kind::BinaryEquals => {
            // Bytes, not characters: both are ASCII, and a search for a set of characters decodes each.
            if operator.kind != Kind::BinaryEquals && text.bytes().any(|b| b == b'*' || b == b'?') {
                let like = if operator.negated {
                    "StringNotLike"
                } else {
                    "StringLike"
                };
                checker.warning(
                    Code::WildcardWithoutLike,
                    format!("`{text}`: `*` and `?` are literal characters in `{}`", operator.name),
                    &format!("use `{like}` to match with wildcards"),
                    path,
                    span,
                );
            }
            Operand::Text(LazyTemplate::new(
                text,
                Syntax {
                    glob: false,
                    variables: variables && operator.kind != Kind::BinaryEquals,
                    fold_case: operator.kind == Kind::StringEqualsIgnoreCase,
                },
            ))
        }
        Kind::StringLike => Operand::Text(LazyTemplate::new(
            text,
            Syntax {
                glob: true,
                variables,
                fold_case: false,
            },
        )),
        Kind::Arn => {
            let template = LazyTemplate::new(
                text,
                Syntax {
                    glob: true,
                    variables,
                    fold_case: false,
                },
            );
            if !template.has_variables() && !template.has_arn_fields() {
                checker.warning(Code::InvalidConditionValue, format!("`{text}` does not have the six fields of an ARN"), "ARN operators compare field by field (arn:partition:service:region:account:resource), so this value never matches; use StringLike to match free text", path, span);
            }
            Operand::Arn(template, LazyArnFields::default())
        }
        Kind::NumericEquals
        | Kind::NumericLessThan
        | Kind::NumericLessThanEquals
        | Kind::NumericGreaterThan
        | Kind::NumericGreaterThanEquals => match Decimal::parse(text.trim()) {
            Some(n) => Operand::Number(n, text.to_owned()),
            None => invalid("a number", "10"),
        },
        Kind::DateEquals
        | Kind::DateLessThan
        | Kind::DateLessThanEquals
        | Kind::DateGreaterThan
        | Kind::DateGreaterThanEquals => match parse_date(text) {
            Some(d) => Operand::Date(d, text.to_owned()),
            None => invalid("a date", "2026-01-31T12:00:00Z"),
        },
        Kind::IpAddress => match parse_network(text) {
            Some(n) => Operand::Network(n, text.to_owned()),
            None => invalid("an IP address or CIDR range", "203.0.113.0/24"),
        },
        Kind::Bool | Kind::Null if text.eq_ignore_ascii_case("true") => Operand::Flag(true, text.to_owned()),
        Kind::Bool | Kind::Null if text.eq_ignore_ascii_case("false") => Operand::Flag(false, text.to_owned()),
        Kind::Bool | Kind::Null => invalid("`true` or `false`", "true"),
        Kind::Unknown => Operand::Invalid(text.to_owned()),
    }
}
