//! Policy sizes counted the way AWS counts them, pinned on real policies and on numbers AWS's documents
//! give; the minifier's round trip on the corpus and on generated policies; and every room-making hint
//! checked against the evaluator.

use crisscross_core::context::Context;
use crisscross_core::evaluate::{Decision, NamedPolicy, PolicySet, Request, evaluate};
use crisscross_core::policy::{PolicyType, parse_policy};
use crisscross_core::scenario::Scenario;
use crisscross_core::size::{
    HintKind, InlineHolder, LimitSet, Quota, Safety, attached_scps, chars_without_whitespace, hints, inline_total,
    measure, merge, minify, pretty,
};
use proptest::prelude::*;

macro_rules! policy_file {
    ($name:literal) => {
        include_str!(concat!("data/policies/", $name))
    };
}

// ---------------------------------------------------------------------------------------------------
// The real policies: as written, console-stripped and minified
// ---------------------------------------------------------------------------------------------------

/// (file, text, type, characters as written, characters minified), measured independently with Python.
const REAL: &[(&str, &str, PolicyType, usize, usize)] = &[
    (
        "identity-eu-all-profiles.json",
        policy_file!("identity-eu-all-profiles.json"),
        PolicyType::Identity,
        1_064,
        637,
    ),
    (
        "identity-eu-nova-pro-one-profile.json",
        policy_file!("identity-eu-nova-pro-one-profile.json"),
        PolicyType::Identity,
        1_178,
        751,
    ),
    (
        "identity-geo-cris-claude-sonnet-4-5.json",
        policy_file!("identity-geo-cris-claude-sonnet-4-5.json"),
        PolicyType::Identity,
        1_092,
        748,
    ),
    (
        "identity-global-cris-claude-sonnet-4-5.json",
        policy_file!("identity-global-cris-claude-sonnet-4-5.json"),
        PolicyType::Identity,
        825,
        515,
    ),
    (
        "scp-bedrock-access-denied-alternatives.fragment.json",
        policy_file!("scp-bedrock-access-denied-alternatives.fragment.json"),
        PolicyType::Scp,
        337,
        195,
    ),
    (
        "scp-control-tower-region-deny-us-east-1.json",
        policy_file!("scp-control-tower-region-deny-us-east-1.json"),
        PolicyType::Scp,
        2_991,
        2_031,
    ),
    (
        "scp-deny-global-cris.fragment.json",
        policy_file!("scp-deny-global-cris.fragment.json"),
        PolicyType::Scp,
        269,
        211,
    ),
    (
        "scp-deny-outside-eu-central-1-us-east-1-with-eu-cris.json",
        policy_file!("scp-deny-outside-eu-central-1-us-east-1-with-eu-cris.json"),
        PolicyType::Scp,
        768,
        470,
    ),
    (
        "scp-deny-outside-eu-central-1-us-east-1.json",
        policy_file!("scp-deny-outside-eu-central-1-us-east-1.json"),
        PolicyType::Scp,
        644,
        382,
    ),
    (
        "scp-deny-region-except-one-cris-profile.json",
        policy_file!("scp-deny-region-except-one-cris-profile.json"),
        PolicyType::Scp,
        445,
        314,
    ),
    (
        "scp-full-aws-access.json",
        policy_file!("scp-full-aws-access.json"),
        PolicyType::Scp,
        131,
        85,
    ),
    (
        "scp-global-cris-allow-unspecified.json",
        policy_file!("scp-global-cris-allow-unspecified.json"),
        PolicyType::Scp,
        393,
        230,
    ),
    (
        "scp-region-deny-with-bedrock-cris-exception.json",
        policy_file!("scp-region-deny-with-bedrock-cris-exception.json"),
        PolicyType::Scp,
        2_331,
        1_561,
    ),
];

const GRREGIONDENY_TEMPLATE: &str = policy_file!("grregiondeny-template-no-regions.json");
const ORGANIZATIONS_EXAMPLE: &str = policy_file!("organizations-example-deny-outside-eu.json");
const CONTROL_TOWER_US_EAST_1: &str = policy_file!("scp-control-tower-region-deny-us-east-1.json");

#[test]
fn real_policies_as_written_console_stripped_and_minified() {
    for &(file, text, policy_type, written, minified) in REAL {
        let size = measure(text, policy_type, LimitSet::Current);
        assert_eq!(size.written, written, "{file}: as written");
        assert_eq!(size.minified, minified, "{file}: console-stripped");
        let min = minify(text).unwrap_or_else(|d| panic!("{file}: {d:?}"));
        assert_eq!(min.chars().count(), minified, "{file}: minified");
        assert!(size.invalid_characters.is_empty(), "{file}");
        // SCPs saved through the API count as written; IAM does not count whitespace.
        let counted = if policy_type == PolicyType::Scp {
            written
        } else {
            minified
        };
        assert_eq!(size.counted(), counted, "{file}");
        assert!(!size.exceeds(), "{file}");
    }
}

#[test]
fn control_tower_region_deny_counts() {
    let current = measure(CONTROL_TOWER_US_EAST_1, PolicyType::Scp, LimitSet::Current);
    assert_eq!((current.written, current.minified), (2_991, 2_031));
    // The Control Tower template (grregiondeny-template-no-regions.json) minifies to 2,020 characters
    // with no Region; each Region adds its quoted length and (after the first) a comma. This file
    // governs us-east-1 only.
    assert_eq!(current.minified, 2_020 + "\"us-east-1\"".len());
    assert_eq!(current.limit.value, 10_240);
    assert_eq!(current.room(), 10_240 - 2_991);
    let legacy = measure(CONTROL_TOWER_US_EAST_1, PolicyType::Scp, LimitSet::Legacy);
    assert_eq!(legacy.limit.value, 5_120);
    assert_eq!(legacy.room(), 5_120 - 2_991);
    // The file is in the same two-space layout `pretty` writes (Python's `indent=2`).
    assert_eq!(pretty(CONTROL_TOWER_US_EAST_1).unwrap(), CONTROL_TOWER_US_EAST_1);
}

#[test]
fn grregiondeny_template_matches_the_published_measurement() {
    let size = measure(GRREGIONDENY_TEMPLATE, PolicyType::Scp, LimitSet::Current);
    assert_eq!(size.written, 2_243, "as printed, 1-space indent");
    assert_eq!(minify(GRREGIONDENY_TEMPLATE).unwrap().chars().count(), 2_020);
    let two_regions = GRREGIONDENY_TEMPLATE.replace(
        "\"aws:RequestedRegion\": []",
        "\"aws:RequestedRegion\": [\"ap-northeast-1\", \"us-east-1\"]",
    );
    assert_ne!(two_regions, GRREGIONDENY_TEMPLATE);
    assert_eq!(minify(&two_regions).unwrap().chars().count(), 2_048);
}

#[test]
fn organizations_region_example_matches_the_published_measurement() {
    let size = measure(ORGANIZATIONS_EXAMPLE, PolicyType::Scp, LimitSet::Current);
    assert_eq!(size.written, 1_987);
    assert_eq!(size.minified, 936);
    assert_eq!(minify(ORGANIZATIONS_EXAMPLE).unwrap().chars().count(), 936);
}

#[test]
fn minify_equals_python_json_dumps_for_ordinary_input() {
    // python3 -c 'import json; print(json.dumps(json.load(open(F)), separators=(",", ":")))'
    assert_eq!(
        minify(policy_file!("scp-full-aws-access.json")).unwrap(),
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
    );
    assert_eq!(
        minify(policy_file!("scp-deny-global-cris.fragment.json")).unwrap(),
        r#"{"Effect":"Deny","Action":"bedrock:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"unspecified"},"ArnLike":{"bedrock:InferenceProfileArn":"arn:aws:bedrock:*:*:inference-profile/global.*"}}}"#
    );
}

#[test]
fn pretty_is_python_indent_2_and_stable() {
    for &(file, text, ..) in REAL {
        let formatted = pretty(text).unwrap();
        assert_eq!(pretty(&formatted).unwrap(), formatted, "{file}");
        assert_eq!(minify(&formatted).unwrap(), minify(text).unwrap(), "{file}");
        if file.starts_with("scp-") {
            // These files are in Python's `json.dumps(doc, indent=2)` layout.
            assert_eq!(formatted, text, "{file}");
        }
    }
    assert_eq!(
        pretty(r#"{"a":[],"b":{},"c":[1,{"d":null}]}"#).unwrap(),
        "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    {\n      \"d\": null\n    }\n  ]\n}"
    );
}

#[test]
fn minify_keeps_strings_escapes_and_numbers_as_written() {
    let text = "{ \"a\\u0062\" : [ \"x \\/ \\\" y\" , 1.50E+2 , -0 ] ,\n\t\"é\": \"\\u00e9 é\" }";
    assert_eq!(
        minify(text).unwrap(),
        "{\"a\\u0062\":[\"x \\/ \\\" y\",1.50E+2,-0],\"é\":\"\\u00e9 é\"}"
    );
}

#[test]
fn minify_refuses_json_errors_and_returns_them() {
    for (text, code) in [
        ("{\"a\": 1,}", "json-trailing-comma"),
        ("{\"a\": 1, \"a\": 2}", "json-duplicate-key"),
        ("{\"a\": 1} // note", "json-comment"),
        ("{\"a\": }", "json-syntax"),
        ("", "json-empty"),
    ] {
        let errors = minify(text).unwrap_err();
        assert!(errors.iter().any(|d| d.code == code), "{text}: {errors:?}");
        assert!(errors.iter().all(|d| d.help.is_some()), "{text}");
        assert!(pretty(text).is_err());
    }
}

// ---------------------------------------------------------------------------------------------------
// Counting rules and quotas
// ---------------------------------------------------------------------------------------------------

const SPACED: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n    \"Action\": \"s3:GetObject\",\n    \"Resource\": \"*\",\n    \"Condition\": {\"StringEquals\": {\"aws:UserAgent\": \"my agent\"}}\n  }\n}\n";

#[test]
fn scp_and_rcp_count_every_character_as_written_and_minified_in_the_console() {
    for policy_type in [PolicyType::Scp, PolicyType::Rcp] {
        let size = measure(SPACED, policy_type, LimitSet::Current);
        assert_eq!(size.written, SPACED.chars().count());
        assert_eq!(size.counted(), size.written);
        assert_eq!(size.minified, minify(SPACED).unwrap().chars().count());
        assert_eq!(size.room_minified() + size.minified as i64, size.limit.value as i64);
    }
    assert_eq!(measure(SPACED, PolicyType::Rcp, LimitSet::Current).limit.value, 5_120);
    assert_eq!(measure(SPACED, PolicyType::Rcp, LimitSet::Legacy).limit.value, 5_120);
    assert_eq!(measure(SPACED, PolicyType::Scp, LimitSet::Current).limit.value, 10_240);
    assert_eq!(measure(SPACED, PolicyType::Scp, LimitSet::Legacy).limit.value, 5_120);
}

#[test]
fn iam_policies_do_not_count_whitespace_outside_strings_but_do_inside() {
    let minified = minify(SPACED).unwrap();
    assert!(minified.contains("\"my agent\""));
    for policy_type in [PolicyType::Identity, PolicyType::Boundary] {
        let size = measure(SPACED, policy_type, LimitSet::Current);
        // docs/decisions.md: the space inside "my agent" is counted.
        assert_eq!(size.counted(), minified.chars().count());
        assert_eq!(
            size.counted(),
            SPACED.chars().filter(|c| !c.is_whitespace()).count() + 1
        );
        assert_eq!(size.limit.value, 6_144);
        assert_eq!(size.limit.quota, Quota::ManagedPolicySize);
    }
}

#[test]
fn characters_beyond_ascii_count_once_and_escaped_quotes_do_not_end_a_string() {
    // IAM counts characters, not bytes: `é` is two bytes in UTF-8, `日` three. The escaped quote keeps
    // the string open, so the spaces after it are inside the string and count.
    let text = "{ \"Sid\" : \"caf\u{e9} \\\" \u{65e5} x\" ,\n  \"a\": [ 1 ] }";
    let minified = minify(text).unwrap();
    assert_eq!(chars_without_whitespace(text), minified.chars().count());
    // Python: len(json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)) == 29.
    assert_eq!(chars_without_whitespace(text), 29);
}

#[test]
fn session_policies_count_the_plaintext_as_passed() {
    let size = measure(SPACED, PolicyType::Session, LimitSet::Current);
    assert_eq!(size.counted(), SPACED.chars().count());
    assert_eq!(size.limit.value, 2_048);
}

#[test]
fn sizes_are_characters_not_bytes() {
    let text = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::café/*"}}"#;
    let size = measure(text, PolicyType::Identity, LimitSet::Current);
    assert_eq!(
        size.written,
        text.len() - 1,
        "é is two bytes in UTF-8 but one character"
    );
    assert!(
        size.invalid_characters.is_empty(),
        "é (U+00E9) is within what IAM accepts"
    );
}

#[test]
fn characters_iam_rejects_are_flagged_by_the_policy_parser() {
    let text = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::team’s/*\"}}";
    let identity = measure(text, PolicyType::Identity, LimitSet::Current);
    let [d] = identity.invalid_characters.as_slice() else {
        panic!("{:?}", identity.invalid_characters)
    };
    assert_eq!(d.code, "invalid-character");
    assert!(d.is_error() && d.message.contains("U+2019"), "{d}");
    let scp = measure(text, PolicyType::Scp, LimitSet::Current);
    assert!(
        scp.invalid_characters.iter().all(|d| !d.is_error()),
        "only a warning in an SCP"
    );
    assert_eq!(scp.invalid_characters.len(), 1);
}

#[test]
fn inline_policies_share_one_aggregate_quota_per_holder() {
    let policies = [SPACED, SPACED];
    let counted = 2 * chars_without_whitespace(SPACED);
    for (holder, limit) in [
        (InlineHolder::User, 2_048),
        (InlineHolder::Role, 10_240),
        (InlineHolder::Group, 5_120),
    ] {
        let total = inline_total(&policies, holder);
        assert_eq!((total.counted, total.limit.value), (counted, limit));
        assert!(!total.exceeds());
    }
    let many = vec![SPACED; 2_048 / chars_without_whitespace(SPACED) + 1];
    assert!(inline_total(&many, InlineHolder::User).exceeds());
}

fn scenario_with_scps(per_level: &[usize]) -> Scenario {
    let policy = r#"{"name": "P", "document": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}}"#;
    let levels: Vec<String> = per_level
        .iter()
        .enumerate()
        .map(|(i, &n)| format!(r#"{{"target": "ou-{i}", "policies": [{}]}}"#, vec![policy; n].join(",")))
        .collect();
    let text = format!(
        r#"{{"version": 1, "principal": "arn:aws:iam::111122223333:role/App", "scps": [{}], "request": {{"action": "s3:GetObject", "resource": "*", "region": "us-east-1"}}}}"#,
        levels.join(",")
    );
    Scenario::from_json(&text).unwrap()
}

#[test]
fn scps_attached_per_target_against_ten_now_and_five_before() {
    let scenario = scenario_with_scps(&[1, 5, 6, 10, 11]);
    let exceeds = |set| -> Vec<(String, usize, bool)> {
        attached_scps(&scenario, set)
            .into_iter()
            .map(|level| (level.target.clone(), level.attached, level.exceeds()))
            .collect()
    };
    assert_eq!(
        exceeds(LimitSet::Current),
        [
            ("ou-0".to_owned(), 1, false),
            ("ou-1".to_owned(), 5, false),
            ("ou-2".to_owned(), 6, false),
            ("ou-3".to_owned(), 10, false),
            ("ou-4".to_owned(), 11, true)
        ]
    );
    let legacy: Vec<bool> = exceeds(LimitSet::Legacy).into_iter().map(|(_, _, over)| over).collect();
    assert_eq!(legacy, [false, false, true, true, true]);
    assert!(attached_scps(&scenario_with_scps(&[]), LimitSet::Current).is_empty());
}

// ---------------------------------------------------------------------------------------------------
// Hints
// ---------------------------------------------------------------------------------------------------

fn decide(text: &str, action: &str, resource: &str, region: Option<&str>) -> Decision {
    let policy = parse_policy(text, PolicyType::Identity).policy.expect("valid policy");
    let set = PolicySet {
        identity: vec![NamedPolicy {
            name: "p".to_owned(),
            label: "identity policy `p`".to_owned(),
            arn: None,
            policy,
        }],
        ..PolicySet::default()
    };
    let context = region.map_or_else(Context::default, |r| Context::from_pairs([("aws:RequestedRegion", r)]));
    evaluate(
        &set,
        &Request {
            action,
            resource,
            context: &context,
        },
    )
    .decision
}

const REQUEST_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:getobject",
    "s3:PutObject",
    "s3:GetBucketAcl",
    "s3:GetXbject",
    "s3:Getx",
    "ec2:RunInstances",
    "iam:PassRole",
];
const REQUEST_RESOURCES: &[&str] = &[
    "arn:aws:s3:::a/x",
    "arn:aws:s3:::a/y",
    "arn:aws:s3:::b/z",
    "arn:aws:s3:::c",
    "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
];
const REQUEST_REGIONS: &[Option<&str>] = &[None, Some("us-east-1"), Some("eu-west-1"), Some("ap-south-1")];

/// The requests of the test vocabulary that `before` and `after` decide differently.
fn differences(before: &str, after: &str) -> Vec<String> {
    let mut out = Vec::new();
    for action in REQUEST_ACTIONS {
        for resource in REQUEST_RESOURCES {
            for region in REQUEST_REGIONS {
                let (was, is) = (
                    decide(before, action, resource, *region),
                    decide(after, action, resource, *region),
                );
                if was != is {
                    out.push(format!("{action} on {resource} in {region:?}: {was:?} -> {is:?}"));
                }
            }
        }
    }
    out
}

fn assert_hint_keeps_decisions(text: &str, hint: &crisscross_core::size::Hint) {
    assert!(hint.is_safe(), "{}: {:?}", hint.description, hint.safety);
    assert_eq!(
        differences(text, &hint.patched),
        Vec::<String>::new(),
        "{}",
        hint.description
    );
    let saved = minify(text).unwrap().chars().count() - hint.patched.chars().count();
    assert_eq!(hint.saves, saved, "{}", hint.description);
}

const SIDS: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"},
  {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"},
  {"Sid": "Run", "Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}
]}"#;

#[test]
fn dropping_sids_saves_their_characters_and_keeps_every_decision() {
    let all = hints(SIDS, PolicyType::Identity);
    let hint = all.iter().find(|h| h.kind == HintKind::DropSids).unwrap();
    assert_eq!(hint.description, "remove the 2 Sids");
    assert_eq!(hint.saves, r#""Sid":"Read","#.len() + r#""Sid":"Run","#.len());
    assert_eq!(
        hint.patched,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a/*"},{"Effect":"Deny","Action":"s3:PutObject","Resource":"*"},{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}"#
    );
    assert!(hint.caveat.as_deref().unwrap().contains("statement numbers"));
    assert_hint_keeps_decisions(SIDS, hint);
    let none = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
    assert!(hints(none, PolicyType::Identity).is_empty());
}

#[test]
fn dropping_the_sid_of_the_control_tower_region_deny() {
    let all = hints(CONTROL_TOWER_US_EAST_1, PolicyType::Scp);
    let [hint] = all.as_slice() else { panic!("{all:?}") };
    assert_eq!(hint.kind, HintKind::DropSids);
    assert!(hint.is_safe());
    assert_eq!(hint.saves, r#""Sid":"GRREGIONDENY","#.len());
}

const SAME_RESOURCE: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Get", "Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]},
  {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"},
  {"Sid": "Put", "Effect": "Allow", "Action": ["s3:PutObject", "S3:GETOBJECT"], "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::a/*"]}
]}"#;

#[test]
fn merging_statements_with_the_same_resources_unites_their_actions() {
    let all = hints(SAME_RESOURCE, PolicyType::Identity);
    let hint = all
        .iter()
        .find(|h| h.kind == HintKind::MergeStatements(vec![0, 2]))
        .unwrap_or_else(|| panic!("{all:#?}"));
    assert_eq!(
        hint.patched,
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"Get","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::a/*","arn:aws:s3:::b/*"]},{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}"#
    );
    assert!(hint.caveat.as_deref().unwrap().contains("`Get`"));
    assert_hint_keeps_decisions(SAME_RESOURCE, hint);
}

#[test]
fn merging_statements_with_the_same_actions_unites_their_resources() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::a/*"},
      {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}
    ]}"#;
    let all = hints(text, PolicyType::Identity);
    let [hint] = all.as_slice() else { panic!("{all:#?}") };
    assert_eq!(hint.kind, HintKind::MergeStatements(vec![0, 1]));
    assert_eq!(
        hint.patched,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::a/*","arn:aws:s3:::b/*"]}]}"#
    );
    assert_hint_keeps_decisions(text, hint);
}

const CROSSED: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"},
  {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}
]}"#;

#[test]
fn a_merge_that_widens_access_is_never_offered_and_says_what_it_widens() {
    assert!(hints(CROSSED, PolicyType::Identity).is_empty());
    let hint = merge(CROSSED, PolicyType::Identity, &[0, 1]).unwrap();
    assert!(!hint.is_safe());
    assert_eq!(
        hint.safety,
        Safety::Changes(vec![
            "also allows `s3:GetObject` on `arn:aws:s3:::b/*`".to_owned(),
            "also allows `s3:PutObject` on `arn:aws:s3:::a/*`".to_owned(),
        ])
    );
    // The evaluator agrees: exactly those requests change, from an implicit deny to an allow.
    assert_eq!(
        differences(CROSSED, &hint.patched),
        [
            "s3:GetObject on arn:aws:s3:::b/z in None: ImplicitDeny -> Allow",
            "s3:GetObject on arn:aws:s3:::b/z in Some(\"us-east-1\"): ImplicitDeny -> Allow",
            "s3:GetObject on arn:aws:s3:::b/z in Some(\"eu-west-1\"): ImplicitDeny -> Allow",
            "s3:GetObject on arn:aws:s3:::b/z in Some(\"ap-south-1\"): ImplicitDeny -> Allow",
            "s3:getobject on arn:aws:s3:::b/z in None: ImplicitDeny -> Allow",
            "s3:getobject on arn:aws:s3:::b/z in Some(\"us-east-1\"): ImplicitDeny -> Allow",
            "s3:getobject on arn:aws:s3:::b/z in Some(\"eu-west-1\"): ImplicitDeny -> Allow",
            "s3:getobject on arn:aws:s3:::b/z in Some(\"ap-south-1\"): ImplicitDeny -> Allow",
            "s3:PutObject on arn:aws:s3:::a/x in None: ImplicitDeny -> Allow",
            "s3:PutObject on arn:aws:s3:::a/x in Some(\"us-east-1\"): ImplicitDeny -> Allow",
            "s3:PutObject on arn:aws:s3:::a/x in Some(\"eu-west-1\"): ImplicitDeny -> Allow",
            "s3:PutObject on arn:aws:s3:::a/x in Some(\"ap-south-1\"): ImplicitDeny -> Allow",
            "s3:PutObject on arn:aws:s3:::a/y in None: ImplicitDeny -> Allow",
            "s3:PutObject on arn:aws:s3:::a/y in Some(\"us-east-1\"): ImplicitDeny -> Allow",
            "s3:PutObject on arn:aws:s3:::a/y in Some(\"eu-west-1\"): ImplicitDeny -> Allow",
            "s3:PutObject on arn:aws:s3:::a/y in Some(\"ap-south-1\"): ImplicitDeny -> Allow",
        ]
    );
}

#[test]
fn a_crossed_merge_is_safe_when_one_statement_already_covers_the_pairs() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
      {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*"},
      {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"}
    ]}"#;
    let hint = merge(text, PolicyType::Identity, &[1, 0]).unwrap();
    assert_eq!(hint.kind, HintKind::MergeStatements(vec![0, 1]));
    assert_hint_keeps_decisions(text, &hint);
    let widening = r#"{"Version": "2012-10-17", "Statement": [
      {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"},
      {"Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*"}
    ]}"#;
    let hint = merge(widening, PolicyType::Identity, &[0, 1]).unwrap();
    assert_eq!(
        hint.safety,
        Safety::Changes(vec!["also denies `s3:GetObject` on `*`".to_owned()]),
        "ec2:RunInstances on arn:aws:s3:::a/* is already denied by the second statement"
    );
}

#[test]
fn merges_that_cannot_be_one_statement_are_refused_with_a_reason() {
    let refused = |text: &str, why: &str| {
        let error = merge(text, PolicyType::Identity, &[0, 1]).unwrap_err();
        assert!(error.contains(why), "{error}");
        assert!(
            hints(text, PolicyType::Identity)
                .iter()
                .all(|h| !matches!(h.kind, HintKind::MergeStatements(_)))
        );
    };
    refused(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}"#,
        "different effects",
    );
    refused(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}},{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}"#,
        "different conditions",
    );
    refused(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"s3:GetObject","Resource":"*"},{"Effect":"Deny","NotAction":"s3:PutObject","Resource":"*"}]}"#,
        "`NotAction`",
    );
    assert!(
        merge(SIDS, PolicyType::Identity, &[0, 7])
            .unwrap_err()
            .contains("no statement 7")
    );
    assert!(
        merge("{", PolicyType::Identity, &[0, 1])
            .unwrap_err()
            .contains("errors")
    );
}

#[test]
fn same_conditions_merge_and_their_decisions_hold() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
      {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}},
      {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}}
    ]}"#;
    let all = hints(text, PolicyType::Identity);
    let [hint] = all.as_slice() else { panic!("{all:#?}") };
    assert_eq!(hint.kind, HintKind::MergeStatements(vec![0, 1]));
    assert_hint_keeps_decisions(text, hint);
}

#[test]
fn folding_actions_into_a_wildcard_of_the_same_list() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": ["s3:GetObject", "s3:Get*", "s3:GetBucketAcl", "s3:PutObject", "S3:GET*"], "Resource": "*"},
      {"Effect": "Deny", "NotAction": ["iam:*", "iam:PassRole"], "Resource": "*"},
      {"Effect": "Allow", "Action": ["s3:Get*", "ec2:RunInstances"], "Resource": "arn:aws:s3:::a/*"}
    ]}"#;
    let all = hints(text, PolicyType::Identity);
    let folds: Vec<_> = all
        .iter()
        .filter(|h| matches!(h.kind, HintKind::FoldActions(_)))
        .collect();
    let [allow, not_action] = folds.as_slice() else {
        panic!("{all:#?}")
    };
    assert_eq!(allow.kind, HintKind::FoldActions(0));
    assert_eq!(
        allow.description,
        "in statement 0 remove from `Action` `s3:GetObject` (covered by `s3:Get*`), `s3:GetBucketAcl` (covered by `s3:Get*`), `S3:GET*` (covered by `s3:Get*`)"
    );
    assert!(
        allow.patched.contains(r#""Action":["s3:Get*","s3:PutObject"]"#),
        "{}",
        allow.patched
    );
    assert_hint_keeps_decisions(text, allow);
    assert_eq!(not_action.kind, HintKind::FoldActions(1));
    assert!(
        not_action.patched.contains(r#""NotAction":"iam:*""#),
        "{}",
        not_action.patched
    );
    assert_hint_keeps_decisions(text, not_action);
}

#[test]
fn a_narrower_entry_never_absorbs_a_wider_one() {
    let text = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:GetObject","s3:Get?bject","s3:List*"],"Resource":"*"}}"#;
    let all = hints(text, PolicyType::Identity);
    let [hint] = all.as_slice() else { panic!("{all:#?}") };
    assert_eq!(
        hint.description,
        "in statement 0 remove from `Action` `s3:GetObject` (covered by `s3:Get?bject`)"
    );
    assert_hint_keeps_decisions(text, hint);
}

#[test]
fn policies_with_errors_get_no_hints() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":["s3:GetObject","s3:Get*"],"Resource":"*"},]}"#;
    assert!(hints(text, PolicyType::Identity).is_empty());
}

// `s3:Get?` comes before `s3:Get*` so that entries covering each other appear in both orders.
const ACTIONS: &[&str] = &[
    "s3:Get?",
    "s3:GetObject",
    "s3:Get*",
    "s3:PutObject",
    "s3:*",
    "ec2:RunInstances",
    "*",
    "s3:Get?bject",
    "S3:getobject",
    "s3:*Object",
];
const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::a/*",
    "arn:aws:s3:::b/*",
    "arn:aws:s3:::a/x",
    "arn:aws:s3:::*",
];
const CONDITIONS: &[Option<&str>] = &[
    None,
    Some(r#"{"StringEquals": {"aws:RequestedRegion": "us-east-1"}}"#),
    Some(r#"{"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}"#),
];

fn list(entries: &[&str]) -> String {
    if let [one] = entries {
        format!("\"{one}\"")
    } else {
        format!(
            "[{}]",
            entries
                .iter()
                .map(|e| format!("\"{e}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

fn statement_strategy() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::sample::subsequence(ACTIONS, 1..4),
        any::<bool>(),
        prop::sample::subsequence(RESOURCES, 1..3),
        prop::sample::select(CONDITIONS),
    )
        .prop_map(|(allow, not_action, actions, not_resource, resources, condition)| {
            let condition = condition.map(|c| format!(", \"Condition\": {c}")).unwrap_or_default();
            format!(
                "{{\"Effect\": \"{}\", \"{}\": {}, \"{}\": {}{condition}}}",
                if allow { "Allow" } else { "Deny" },
                if not_action { "NotAction" } else { "Action" },
                list(&actions),
                if not_resource { "NotResource" } else { "Resource" },
                list(&resources),
            )
        })
}

fn hint_policy_strategy() -> impl Strategy<Value = String> {
    (prop::collection::vec(statement_strategy(), 1..5), any::<u8>()).prop_map(|(statements, sids)| {
        let statements: Vec<String> = statements
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                if sids & (1 << i) != 0 {
                    s.replacen('{', &format!("{{\"Sid\": \"S{i}\", "), 1)
                } else {
                    s
                }
            })
            .collect();
        format!(
            "{{\"Version\": \"2012-10-17\", \"Statement\": [\n  {}\n]}}",
            statements.join(",\n  ")
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_offered_hint_keeps_every_decision(text in hint_policy_strategy()) {
        for hint in hints(&text, PolicyType::Identity) {
            assert_hint_keeps_decisions(&text, &hint);
        }
    }

    #[test]
    fn a_merge_is_called_safe_only_when_no_decision_changes(text in hint_policy_strategy()) {
        let count = parse_policy(&text, PolicyType::Identity).policy.unwrap().statements().len();
        for i in 0..count {
            for j in i + 1..count {
                let Ok(hint) = merge(&text, PolicyType::Identity, &[i, j]) else { continue };
                if hint.is_safe() {
                    assert_hint_keeps_decisions(&text, &hint);
                }
            }
        }
    }
}

#[test]
fn a_hint_keeps_the_authors_layout() {
    let pretty = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"Read\",\n      \"Effect\": \"Allow\",\n      \"Action\": [\n        \"s3:GetObject\",\n        \"s3:Get*\"\n      ],\n      \"Resource\": \"*\"\n    }\n  ]\n}";
    let all = hints(pretty, PolicyType::Identity);
    let sids = all.iter().find(|h| h.kind == HintKind::DropSids).unwrap();
    assert_eq!(
        sids.edited,
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [\n        \"s3:GetObject\",\n        \"s3:Get*\"\n      ],\n      \"Resource\": \"*\"\n    }\n  ]\n}"
    );
    let fold = all.iter().find(|h| h.kind == HintKind::FoldActions(0)).unwrap();
    assert!(
        fold.edited.contains("\"Action\": \"s3:Get*\",\n      \"Resource\""),
        "{}",
        fold.edited
    );
    for hint in &all {
        assert_eq!(minify(&hint.edited).unwrap(), hint.patched, "{}", hint.description);
    }
}
