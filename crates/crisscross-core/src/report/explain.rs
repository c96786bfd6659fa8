//! Words for decisions: which statement decided, why every other statement did not apply, the
//! AccessDenied message AWS would print, and the one-sentence verdict of a call.

use serde::Serialize;

use crate::context::Context;
use crate::diagnostic::Span;
use crate::evaluate::{Evaluation, PolicySet, Reason, StatementOutcome};
use crate::policy::condition::{Condition, Operand, SetOperator};
use crate::policy::{Effect, PatternList};
use crate::route::hop::Hop;
use crate::scenario::StatementRef;

/// A statement, named for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementInfo {
    /// Where it is.
    #[serde(flatten)]
    pub at: StatementRef,
    /// The policy's name.
    #[serde(rename = "policy")]
    pub policy_name: String,
    /// The SCP level's target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Its Sid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Its span in the policy text.
    pub span: Span,
    /// A label such as "SCP `RegionDeny` (ou-workloads), statement 0 `GRREGIONDENY`".
    pub label: String,
}

/// Why one statement did or did not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementExplanation {
    /// The statement.
    pub statement: StatementInfo,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// Whether it applied.
    pub applies: bool,
    /// The reason.
    pub reason: Reason,
    /// The reason in words, with policy variables resolved.
    pub detail: String,
}

/// Names a statement.
#[must_use]
pub fn statement_info(policies: &PolicySet, at: StatementRef) -> StatementInfo {
    let named = policies.policy(at.policy);
    let statement = policies.statement(&at);
    let target = at
        .policy
        .level()
        .and_then(|l| policies.scps.as_ref()?.get(l))
        .map(|l| l.target.clone());
    let policy_name = named.map(|n| n.name.clone()).unwrap_or_default();
    let policy_label = named.map(|n| n.label.as_str()).unwrap_or_default();
    let sid = statement.and_then(|s| s.sid.clone());
    let sid_text = sid.as_ref().map(|s| format!(" `{s}`")).unwrap_or_default();
    StatementInfo {
        at,
        label: format!("{policy_label}, statement {}{sid_text}", at.statement),
        policy_name,
        target,
        sid,
        span: statement.map(|s| s.span).unwrap_or_default(),
    }
}

/// The deciding statements of an evaluation.
#[must_use]
pub fn deciding(policies: &PolicySet, evaluation: &Evaluation) -> Vec<StatementInfo> {
    evaluation
        .deciding
        .iter()
        .map(|at| statement_info(policies, *at))
        .collect()
}

/// Every statement considered, with the reason in words.
#[must_use]
pub fn statements(policies: &PolicySet, hop: &Hop, evaluation: &Evaluation) -> Vec<StatementExplanation> {
    evaluation
        .outcomes
        .iter()
        .map(|outcome| statement(policies, hop, outcome))
        .collect()
}

/// One statement considered, with the reason in words: for a page that shows some of an organization's
/// hundreds of statements and explains only those.
#[must_use]
pub fn statement(policies: &PolicySet, hop: &Hop, outcome: &StatementOutcome) -> StatementExplanation {
    StatementExplanation {
        statement: statement_info(policies, outcome.at),
        effect: outcome.effect,
        applies: outcome.reason == Reason::Applies,
        reason: outcome.reason,
        detail: describe(policies, outcome.at, outcome.reason, hop),
    }
}

/// A list of patterns for people: all of them up to four, else the first three and the count. Only
/// the patterns shown are quoted (an exemption list can hold hundreds).
fn list_text(list: &PatternList) -> String {
    let count = list.len();
    let quoted = list.texts().take(quoted_count(count)).map(|text| format!("`{text}`"));
    listed(quoted.collect(), count)
}

/// How many of a list's `count` patterns are quoted: all up to four, else the first three.
fn quoted_count(count: usize) -> usize {
    if count > 4 { 3 } else { count }
}

/// The quoted patterns, then the length of the list when some are left out.
fn listed(quoted: Vec<String>, count: usize) -> String {
    if count > quoted.len() {
        format!("{}, … ({count} entries)", quoted.join(", "))
    } else {
        quoted.join(", ")
    }
}

/// Explains a reason in words.
#[must_use]
pub fn describe(policies: &PolicySet, at: StatementRef, reason: Reason, hop: &Hop) -> String {
    let Some(statement) = policies.statement(&at) else {
        return String::new();
    };
    let action = &hop.action;
    let resource = &hop.resource;
    match reason {
        Reason::Applies => {
            let what = if statement.effect == Effect::Deny {
                "denies"
            } else {
                "allows"
            };
            let conditions = if statement.conditions.is_empty() {
                String::new()
            } else {
                " and every condition holds".to_owned()
            };
            format!("applies: it {what} `{action}` on `{resource}`{conditions}")
        }
        Reason::ActionNotListed => format!(
            "does not apply: `{action}` is not in `Action` ({})",
            list_text(&statement.action)
        ),
        Reason::ActionExcluded => {
            let lowered = action.to_ascii_lowercase();
            let hit = statement
                .action
                .patterns()
                .iter()
                .find(|p| crate::policy::pattern::glob(p.pieces(), &lowered, false))
                .map(|p| p.text.clone())
                .unwrap_or_default();
            format!("does not apply: `{action}` is exempted by `NotAction` entry `{hit}`")
        }
        Reason::ResourceNotListed => match &statement.resource {
            Some(list) => format!(
                "does not apply: `{resource}` is not matched by `Resource` ({})",
                resolved_list(list, &hop.context)
            ),
            None => "does not apply: no resource".to_owned(),
        },
        Reason::ResourceExcluded => {
            let hit = statement
                .resource
                .as_ref()
                .and_then(|l| l.patterns().iter().find(|p| p.matches(resource, &hop.context)))
                .map(|p| p.text.clone())
                .unwrap_or_default();
            format!("does not apply: `{resource}` is exempted by `NotResource` entry `{hit}`")
        }
        Reason::ConditionFalse { index } => match statement.conditions.get(index) {
            Some(c) => format!("does not apply: {}", describe_condition(c, &hop.context)),
            None => "does not apply: a condition is false".to_owned(),
        },
    }
}

fn resolved_list(list: &PatternList, context: &Context) -> String {
    let count = list.len();
    let quoted = list.patterns().iter().take(quoted_count(count)).map(|p| {
        if p.has_variables() {
            match p.display_resolved(context) {
                Some(r) => format!("`{}` = `{r}`", p.text),
                None => format!("`{}` (a variable has no value, so it matches nothing)", p.text),
            }
        } else {
            format!("`{}`", p.text)
        }
    });
    listed(quoted.collect(), count)
}

/// Explains why a condition is false, with the request's value and the policy's values (variables resolved).
#[must_use]
pub fn describe_condition(condition: &Condition, context: &Context) -> String {
    let op = &condition.operator;
    let values: Vec<String> = condition
        .values
        .iter()
        .map(|v| match v {
            Operand::Text(t) | Operand::Arn(t, _) if t.has_variables() => {
                match t.template().display_resolved(context) {
                    Some(r) => format!("`{}` = `{r}`", t.text()),
                    None => format!("`{}` (no value)", t.text()),
                }
            }
            other => format!("`{}`", other.text()),
        })
        .collect();
    let policy_values = if values.is_empty() {
        "no values".to_owned()
    } else {
        values.join(", ")
    };
    let request = context.get(condition.key_lower());
    let head = format!("`{}` on `{}`", op.name, condition.key());
    match request {
        None => {
            let why = match (op.set, op.negated) {
                (SetOperator::ForAnyValue, _) => "ForAnyValue needs at least one value",
                _ => "a positive operator is false when the key is absent",
            };
            format!(
                "{head}: the request has no `{}` ({why}); policy values {policy_values}",
                condition.key()
            )
        }
        Some(value) => {
            let shown: Vec<String> = value.values().iter().map(|v| format!("`{v}`")).collect();
            let shown = if shown.is_empty() {
                "an empty list".to_owned()
            } else {
                shown.join(", ")
            };
            let relation = if op.negated { "matches one of" } else { "does not match" };
            format!("{head} is false: the request has {shown}, which {relation} {policy_values}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{PolicyType, parse_policy};

    fn actions(count: usize) -> PatternList {
        let listed: Vec<String> = (0..count).map(|i| format!("\"s3:Get{i}\"")).collect();
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": [{}], "Resource": "*"}}]}}"#,
            listed.join(", ")
        );
        let policy = parse_policy(&text, PolicyType::Identity)
            .policy
            .expect("a valid policy");
        policy.statements().first().expect("one statement").action.clone()
    }

    #[test]
    fn a_long_list_shows_its_first_three_patterns_and_its_length() {
        assert_eq!(list_text(&actions(4)), "`s3:Get0`, `s3:Get1`, `s3:Get2`, `s3:Get3`");
        assert_eq!(
            list_text(&actions(86)),
            "`s3:Get0`, `s3:Get1`, `s3:Get2`, … (86 entries)"
        );
    }

    #[test]
    fn a_long_resource_list_resolves_only_the_patterns_it_shows() {
        let context = Context::from_pairs([("aws:username", "ana")]);
        assert_eq!(
            resolved_list(&actions(5), &context),
            "`s3:Get0`, `s3:Get1`, `s3:Get2`, … (5 entries)"
        );
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::c"]}]}"#;
        let policy = parse_policy(text, PolicyType::Identity).policy.expect("a valid policy");
        let statement = policy.statements().first().expect("one statement");
        let resources = statement.resource.as_ref().expect("a Resource element");
        assert_eq!(
            resolved_list(resources, &context),
            "`arn:aws:s3:::b/${aws:username}/*` = `arn:aws:s3:::b/ana/*`, `arn:aws:s3:::c`"
        );
    }
}
