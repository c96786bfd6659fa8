//! Warnings for what AWS users get wrong in 2026, each resting on an AWS page named in its help text:
//! Bedrock model restrictions that leave the `bedrock-mantle` endpoint open, a Deny on one of the two
//! invocation actions, `aws:RequestedRegion` values that are not Regions, policy variables that name no
//! condition key, and Region denies whose exemptions miss global services AWS's own examples exempt.

mod global;

use super::condition::Kind;
use super::pattern::holds_variable_syntax;
use super::{Effect, PatternList, Policy, Statement, Version, service_order, service_prefix};
use crate::context::Context;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::route::catalog::Catalog;

pub use global::{GLOBAL_EXEMPTIONS, GLOBAL_EXEMPTIONS_AS_OF};

const INVOKE: &str = "bedrock:invokemodel";
const STREAM: &str = "bedrock:invokemodelwithresponsestream";
const MANTLE: &str = "bedrock-mantle:createinference";

const MANTLE_HELP: &str = "Amazon Bedrock Powered by AWS Mantle is a separate service prefix (Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/list_bedrock-mantle.html): its one inference action, bedrock-mantle:CreateInference, serves the Responses, Chat Completions and Messages APIs of the bedrock-mantle endpoint (Bedrock User Guide, \"Making inference requests\", https://docs.aws.amazon.com/bedrock/latest/userguide/inference.html), and its model is in the condition key bedrock-mantle:Model. Add a statement that denies bedrock-mantle:CreateInference on the same terms";
const PAIR_HELP: &str = "Converse and InvokeModel are authorized as bedrock:InvokeModel, ConverseStream and InvokeModelWithResponseStream as bedrock:InvokeModelWithResponseStream (Amazon Bedrock API Reference, Converse and ConverseStream: \"This operation requires permission for the bedrock:InvokeModelWithResponseStream action\"); list both actions, or `bedrock:InvokeModel*`";
const VARIABLE_HELP: &str = "a policy variable is a condition key in `${...}`, such as `${aws:PrincipalAccount}` or `${aws:username}` (IAM User Guide, \"IAM policy elements: Variables and tags\", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html); a name without a service prefix is a template placeholder: replace it with the value it stands for";
const REGION_HELP: &str = "aws:RequestedRegion holds the Region code the request goes to, such as `us-east-1` (IAM User Guide, \"AWS global condition context keys\", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion; codes: \"AWS Regions\", https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html), or `unspecified` for the model check of a global inference profile; a placeholder such as `{example-region-1}` left from a sample matches no request";

/// Every lint warning for a parsed policy.
pub(crate) fn lint(text: &str, policy: &Policy) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let denies_mantle = policy
        .statements
        .iter()
        .any(|s| s.effect == Effect::Deny && covers(s, [MANTLE]) == [true]);
    for s in &policy.statements {
        if s.effect == Effect::Deny {
            let [invoke, stream] = covers(s, [INVOKE, STREAM]);
            invocation_pair(text, s, invoke, stream, &mut out);
            if !denies_mantle && !s.action.negated && (invoke || stream) {
                out.push(
                    Diagnostic::warning(
                        Code::MantleUncovered,
                        "this Deny restricts Bedrock model invocation but not `bedrock-mantle:CreateInference`: calls through the bedrock-mantle endpoint are not restricted by it",
                    )
                    .with_help(MANTLE_HELP)
                    .with_path(format!("{}.Action", s.path()))
                    .at(text, s.action.key_span),
                );
            }
            global_exemptions(text, s, &mut out);
        }
        if policy.version == Version::V2012 {
            variables(text, s, &mut out);
        }
        requested_regions(text, s, &mut out);
    }
    out
}

/// Whether the statement's action element covers each of `actions`, all of them Bedrock's. Most
/// statements name neither of Bedrock's two services, which one look at the action index settles.
fn covers<const N: usize>(s: &Statement, actions: [&str; N]) -> [bool; N] {
    let may_name = s.action.may_name_any(&["bedrock", "bedrock-mantle"]);
    actions.map(|action| (may_name && s.action.lists_action(action)) != s.action.negated)
}

/// A Deny that names one invocation action and not the other (in `Action`), or exempts one and not the
/// other (in `NotAction`); `invoke` and `stream` say whether its action element covers each of them.
fn invocation_pair(text: &str, s: &Statement, invoke: bool, stream: bool, out: &mut Vec<Diagnostic>) {
    if invoke == stream {
        return;
    }
    let (named, other) = if s.action.negated == invoke {
        ("bedrock:InvokeModelWithResponseStream", "bedrock:InvokeModel")
    } else {
        ("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream")
    };
    let message = if s.action.negated {
        format!(
            "this Deny exempts `{named}` but not `{other}`: calls authorized as `{other}` are still denied where it applies"
        )
    } else {
        format!("this Deny covers `{named}` but not `{other}`: calls authorized as `{other}` are not denied by it")
    };
    let span = s
        .action
        .texts_and_spans()
        .find(|(text, _)| text.eq_ignore_ascii_case(named))
        .map_or(s.action.key_span, |(_, span)| span);
    let element = if s.action.negated { "NotAction" } else { "Action" };
    out.push(
        Diagnostic::warning(Code::InvokeStreamPair, message)
            .with_help(PAIR_HELP)
            .with_path(format!("{}.{element}", s.path()))
            .at(text, span),
    );
}

/// Where `needle` is first written inside `within`, else the start of `within`.
fn find_in(text: &str, within: Span, needle: &str) -> Span {
    let start = within.start as usize;
    text.get(start..within.end.max(within.start) as usize)
        .and_then(|slice| slice.find(needle))
        .map_or(Span::new(start, start), |at| {
            Span::new(start + at, start + at + needle.len())
        })
}

/// `${...}` whose content names no condition key (no `service:` prefix, and not `${*}`, `${?}`, `${$}`).
fn variables(text: &str, s: &Statement, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<String> = Vec::new();
    let written = s
        .resource
        .iter()
        .flat_map(PatternList::texts)
        .chain(s.conditions.iter().flat_map(|c| c.raw_values()));
    for value in written.filter(|value| holds_variable_syntax(value)) {
        let mut rest = value;
        while let Some(open) = rest.find("${") {
            let after = rest.get(open + 2..).unwrap_or_default();
            let Some(close) = after.find('}') else { break };
            let inner = after.get(..close).unwrap_or_default();
            let name = inner.split(',').next().unwrap_or_default().trim();
            rest = after.get(close + 1..).unwrap_or_default();
            if name.contains(':') || ["*", "?", "$"].contains(&name) || seen.iter().any(|n| n == inner) {
                continue;
            }
            seen.push(inner.to_owned());
            let variable = format!("${{{inner}}}");
            out.push(
                Diagnostic::warning(
                    Code::VariableNotAKey,
                    format!("`{variable}` names no condition key: AWS gives it no value, so positive operators and resources never match it and negated operators always do"),
                )
                .with_help(VARIABLE_HELP)
                .with_path(s.path().to_string())
                .at(text, find_in(text, s.span, &variable)),
            );
        }
    }
}

/// A value of `aws:RequestedRegion` that no Region (or `unspecified`) can match.
fn requested_regions(text: &str, s: &Statement, out: &mut Vec<Diagnostic>) {
    let catalog = Catalog::builtin();
    for c in s.conditions.iter().filter(|c| c.key_lower() == "aws:requestedregion") {
        let like = c.operator.kind == Kind::StringLike;
        if !matches!(
            c.operator.kind,
            Kind::StringEquals | Kind::StringEqualsIgnoreCase | Kind::StringLike
        ) {
            continue;
        }
        for value in c.raw_values() {
            if holds_variable_syntax(value) || is_region(value, like, catalog) {
                continue;
            }
            let placeholder = value.contains(['{', '<', '[', ' ']) || value.chars().any(|ch| ch.is_ascii_uppercase());
            let message = if placeholder {
                format!("`{value}` is not a Region code but a placeholder left from a sample: it matches no request")
            } else if looks_like_region(value) {
                format!(
                    "`{value}` is not an AWS Region this build knows (its Region list is as of {}); if it is not a new Region, it matches no request",
                    catalog_regions_as_of()
                )
            } else {
                format!("`{value}` is not a Region code: it matches no request")
            };
            let quoted = serde_json::to_string(value).unwrap_or_default();
            out.push(
                Diagnostic::warning(Code::NotARegion, message)
                    .with_help(REGION_HELP)
                    .with_path(c.path(&s.path()))
                    .at(
                        text,
                        find_in(text, Span::new(c.key_span.start as usize, s.span.end as usize), &quoted),
                    ),
            );
        }
    }
}

/// The as-of date of the built-in Region list.
fn catalog_regions_as_of() -> &'static str {
    include_str!("../../../data/regions.tsv")
        .lines()
        .find_map(|l| l.strip_prefix("# as-of: "))
        .unwrap_or("an unknown date")
}

/// True when `value` is a known Region code (or `unspecified`), or, for `StringLike`, matches one.
fn is_region(value: &str, like: bool, catalog: &Catalog) -> bool {
    let value = value.to_ascii_lowercase();
    let known = catalog
        .regions
        .iter()
        .map(|r| r.code.as_str())
        .chain(["unspecified", "cn-north-1", "cn-northwest-1"]);
    if like {
        let pattern = super::pattern::Template::new(
            &value,
            super::pattern::Syntax {
                glob: true,
                variables: false,
                fold_case: true,
            },
        );
        known.into_iter().any(|r| pattern.matches(r, &Context::default()))
    } else {
        known.into_iter().any(|r| r == value)
    }
}

/// `xx-name-1` or `xx-gov-name-1`: the shape of AWS Region codes.
fn looks_like_region(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    parts.len() >= 3
        && parts
            .first()
            .is_some_and(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// [`GLOBAL_EXEMPTIONS`]' actions lowercased, as action lists compare them, in the order of the action
/// index's services ([`PatternList::lists_each`]), each with its place in the list; made once.
fn lowered_exemptions() -> &'static (Vec<usize>, Vec<String>) {
    static LOWERED: std::sync::OnceLock<(Vec<usize>, Vec<String>)> = std::sync::OnceLock::new();
    LOWERED.get_or_init(|| {
        let mut lowered: Vec<(usize, String)> = GLOBAL_EXEMPTIONS
            .iter()
            .map(|(action, _)| action.to_ascii_lowercase())
            .enumerate()
            .collect();
        crate::order::sort_by(&mut lowered, |(_, a), (_, b)| {
            service_order(service_prefix(a), service_prefix(b))
        });
        lowered.into_iter().unzip()
    })
}

/// A Region deny (Deny, `NotAction`, a negated string condition on `aws:RequestedRegion`) whose
/// exemptions miss entries that AWS's own Region-deny examples both exempt.
fn global_exemptions(text: &str, s: &Statement, out: &mut Vec<Diagnostic>) {
    let region_deny = s.action.negated
        && s.conditions.iter().any(|c| {
            c.key_lower() == "aws:requestedregion"
                && c.operator.negated
                && matches!(
                    c.operator.kind,
                    Kind::StringEquals | Kind::StringEqualsIgnoreCase | Kind::StringLike
                )
        });
    if !region_deny {
        return;
    }
    let (places, lowered) = lowered_exemptions();
    let mut unlisted: Vec<usize> = places
        .iter()
        .zip(s.action.lists_each(lowered))
        .filter(|(_, listed)| !listed)
        .map(|(place, _)| *place)
        .collect();
    unlisted.sort_unstable();
    let missing: Vec<&str> = unlisted
        .iter()
        .filter_map(|place| GLOBAL_EXEMPTIONS.get(*place))
        .map(|(action, _)| *action)
        .collect();
    if missing.is_empty() {
        return;
    }
    let shown: Vec<String> = missing.iter().take(8).map(|a| format!("`{a}`")).collect();
    let more = missing.len().saturating_sub(shown.len());
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    out.push(
        Diagnostic::warning(
            Code::RegionDenyMissesGlobal,
            format!(
                "this Region deny does not exempt {}{more}: calls to these global services are denied outside the allowed Regions",
                shown.join(", ")
            ),
        )
        .with_help(format!(
            "add them to `NotAction`. Both of AWS's Region-deny examples exempt them (list as of {GLOBAL_EXEMPTIONS_AS_OF}): AWS Organizations, \"Deny access to AWS based on the requested AWS Region\" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html) and AWS Control Tower, \"Deny access to AWS based on the requested AWS Region\" (https://docs.aws.amazon.com/controltower/latest/controlreference/primary-region-deny-policy.html)"
        ))
        .with_path(format!("{}.NotAction", s.path()))
        .at(text, s.action.key_span),
    );
}

#[cfg(test)]
mod tests {
    use crate::policy::{PolicyType, parse_policy};

    fn codes(text: &str) -> Vec<String> {
        parse_policy(text, PolicyType::Scp)
            .diagnostics
            .into_iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn a_model_deny_without_mantle_is_flagged_and_with_it_is_not() {
        let deny = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], "Resource": "*",
          "Condition": {"StringNotLike": {"bedrock:InferenceProfileArn": "arn:aws:bedrock:*:*:inference-profile/us.*"}}}]}"#;
        assert_eq!(codes(deny), ["mantle-uncovered"]);
        let with_mantle = deny.replace(
            "]}",
            r#", {"Effect": "Deny", "Action": "bedrock-mantle:CreateInference", "Resource": "*", "Condition": {"StringNotEquals": {"bedrock-mantle:Model": "openai.gpt-oss-120b"}}}]}"#,
        );
        assert!(codes(&with_mantle).is_empty(), "{:?}", codes(&with_mantle));
        // `*` covers every service, the mantle prefix too.
        assert!(
            codes(r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}"#)
                .is_empty()
        );
    }

    #[test]
    fn one_invocation_action_without_the_other() {
        let only_invoke = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["bedrock:InvokeModel", "bedrock-mantle:CreateInference"], "Resource": "*"}]}"#;
        let d = crate::policy::parse_policy(only_invoke, PolicyType::Scp).diagnostics;
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "invoke-stream-pair");
        assert_eq!(d[0].column, Some(71), "at the `bedrock:InvokeModel` entry");
        let both = only_invoke.replace("\"bedrock:InvokeModel\"", "\"bedrock:InvokeModel*\"");
        assert!(codes(&both).is_empty());
        // A Region deny that exempts streaming but not InvokeModel denies Converse outside its Regions.
        let exempt_stream = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": ["bedrock:InvokeModelWithResponseStream"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}]}"#;
        let d = crate::policy::parse_policy(exempt_stream, PolicyType::Scp).diagnostics;
        assert!(d.iter().any(|d| {
            d.code == "invoke-stream-pair"
                && d.message
                    .contains("exempts `bedrock:InvokeModelWithResponseStream` but not `bedrock:InvokeModel`")
        }));
    }

    #[test]
    fn placeholders_and_unknown_regions() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "*", "Resource": "*",
          "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["{example-region-1}", "us-east-1", "us-east-7", "unspecified"]}}}]}"#;
        let d = crate::policy::parse_policy(text, PolicyType::Scp).diagnostics;
        let regions: Vec<&str> = d
            .iter()
            .filter(|d| d.code == "not-a-region")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(regions.len(), 2, "{regions:?}");
        assert!(regions[0].contains("placeholder"));
        assert!(regions[1].contains("`us-east-7` is not an AWS Region this build knows"));
        // The path names the key as written, under its statement and operator.
        assert!(
            d.iter()
                .filter(|d| d.code == "not-a-region")
                .all(|d| d.path.as_deref() == Some("Statement[0].Condition.StringNotEquals.aws:RequestedRegion")),
            "{d:?}"
        );
        assert!(codes(r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringLike": {"aws:RequestedRegion": "eu-*"}}}]}"#).is_empty());
        assert_eq!(
            codes(
                r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringLike": {"aws:RequestedRegion": "europe-*"}}}]}"#
            ),
            ["not-a-region"]
        );
    }

    #[test]
    fn a_variable_that_names_no_key() {
        // AWS Organizations' Region-deny sample writes the account as `${Account}` for the reader to fill.
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
          "Condition": {"ArnNotLike": {"aws:PrincipalARN": "arn:aws:iam::${Account}:role/Admin"}, "StringEquals": {"aws:PrincipalTag/team": "${aws:username}"}}}]}"#;
        let d = crate::policy::parse_policy(text, PolicyType::Scp).diagnostics;
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "variable-not-a-key");
        assert_eq!((d[0].line, d[0].column), (Some(2), Some(74)));
        // Under 2008-10-17 `${...}` is literal text; another warning covers that.
        assert!(!codes(&text.replace("2012-10-17", "2008-10-17")).contains(&"variable-not-a-key".to_owned()));
    }

    #[test]
    fn region_deny_exemptions_against_both_aws_examples() {
        let control_tower = include_str!("../../../tests/data/policies/grregiondeny-template-no-regions.json").replace(
            "\"aws:RequestedRegion\": []",
            "\"aws:RequestedRegion\": [\"us-east-1\"]",
        );
        let d = crate::policy::parse_policy(&control_tower, PolicyType::Scp).diagnostics;
        assert!(!d.iter().any(|d| d.code == "region-deny-misses-global"), "{d:?}");
        let narrow = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": ["iam:*", "sts:*", "organizations:*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}]}"#;
        let d = crate::policy::parse_policy(narrow, PolicyType::Scp).diagnostics;
        let miss: Vec<&str> = d
            .iter()
            .filter(|d| d.code == "region-deny-misses-global")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(miss.len(), 1);
        assert!(
            miss[0].contains("`a4b:*`") && miss[0].contains("and 30 more"),
            "{}",
            miss[0]
        );
    }
}
