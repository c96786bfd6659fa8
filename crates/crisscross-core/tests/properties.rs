#![cfg(not(target_arch = "wasm32"))]
//! Property tests: the engine agrees with the naive reference evaluator on generated policies and
//! requests, a parsed policy round-trips, and adding a Deny never turns a denial into Allow.

use std::collections::BTreeMap;

use crisscross_core::analysis::{Prepared, analyze, prepare};
use crisscross_core::catalog::Catalog;
use crisscross_core::context::ContextValue;
use crisscross_core::eval::Decision;
use crisscross_core::policy::{PolicyType, parse_policy};
use crisscross_core::scenario::{Document, PolicyInput, RequestInput, Scenario, ScpLevelInput};
use crisscross_reference as reference;
use proptest::prelude::*;
use serde_json::{Value, json};

const ACTIONS: &[&str] = &[
    "*",
    "bedrock:*",
    "bedrock:Invoke*",
    "bedrock:InvokeModel",
    "BEDROCK:invokemodel*",
    "bedrock:*Stream",
    "s3:Get?bject",
    "s3:*Object",
    "ec2:*",
    "iam:PassRole",
];
const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:bedrock:*::foundation-model/*",
    "arn:aws:bedrock:*:*:inference-profile/*",
    "arn:aws:bedrock:us-*-1:*:*",
    "arn:aws:bedrock:*",
    "arn:aws:bedrock:::foundation-model/*",
    "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:?",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*",
    "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'ml'}/*",
    "arn:aws:s3:::bucket/${*}",
];
const REQUEST_ACTIONS: &[&str] = &[
    "bedrock:InvokeModel",
    "bedrock:InvokeModelWithResponseStream",
    "s3:GetObject",
    "s3:PutObject",
    "ec2:RunInstances",
];
const REQUEST_RESOURCES: &[&str] = &[
    "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0",
    "arn:aws:bedrock:us-east-2:111122223333:inference-profile/us.amazon.nova-pro-v1:0",
    "arn:aws:bedrock:::foundation-model/amazon.nova-pro-v1:0",
    "arn:aws:s3:::bucket/ml/key",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket/web/a:b",
];
const REGIONS: &[&str] = &["us-east-1", "us-east-2", "eu-west-1", "unspecified"];

/// (operator, key, candidate values) triples that are valid together.
fn condition_families() -> Vec<(Vec<&'static str>, &'static str, Vec<&'static str>)> {
    let string_ops = vec![
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
    ];
    vec![
        (
            string_ops.clone(),
            "aws:RequestedRegion",
            vec!["us-east-1", "US-EAST-1", "us-*", "eu-?est-1", "unspecified"],
        ),
        (
            string_ops.clone(),
            "aws:PrincipalTag/team",
            vec!["ml", "web", "m*", "${aws:PrincipalTag/team}", "${aws:username, 'ml'}"],
        ),
        (string_ops, "aws:TagKeys", vec!["a", "b", "*"]),
        (
            vec!["ArnLike", "ArnNotLike", "ArnEquals", "ArnNotEquals"],
            "bedrock:InferenceProfileArn",
            vec![
                "arn:aws:bedrock:*:*:inference-profile/us.*",
                "arn:aws:bedrock:*:inference-profile/*",
                "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.amazon.nova-pro-v1:0",
                "arn:aws:bedrock:*:${aws:PrincipalAccount}:inference-profile/*",
            ],
        ),
        (
            vec![
                "NumericEquals",
                "NumericNotEquals",
                "NumericLessThan",
                "NumericLessThanEquals",
                "NumericGreaterThan",
                "NumericGreaterThanEquals",
            ],
            "s3:max-keys",
            vec!["10", "5", "10.0"],
        ),
        (
            vec![
                "DateEquals",
                "DateNotEquals",
                "DateLessThan",
                "DateLessThanEquals",
                "DateGreaterThan",
                "DateGreaterThanEquals",
            ],
            "aws:CurrentTime",
            vec!["2026-01-01T00:00:00Z", "1767225600", "2026-06-01"],
        ),
        (vec!["Bool"], "aws:SecureTransport", vec!["true", "false"]),
        (
            vec!["IpAddress", "NotIpAddress"],
            "aws:SourceIp",
            vec!["10.0.0.0/8", "10.1.2.3", "2001:db8::/32"],
        ),
        (vec!["Null"], "bedrock:InferenceProfileArn", vec!["true", "false"]),
        (vec!["Null"], "aws:PrincipalTag/team", vec!["true", "false"]),
    ]
}

fn condition() -> impl Strategy<Value = (String, String, Vec<String>)> {
    let families = condition_families();
    (
        0..families.len(),
        any::<prop::sample::Index>(),
        prop::sample::subsequence((0..5).collect::<Vec<usize>>(), 0..=3),
        0..8u8,
    )
        .prop_map(move |(family, op_index, picks, modifier)| {
            let (ops, key, values) = &families[family];
            let mut op = ops[op_index.index(ops.len())].to_owned();
            if op != "Null" {
                match modifier {
                    0 => op.push_str("IfExists"),
                    1 => op = format!("ForAllValues:{op}"),
                    2 => op = format!("ForAnyValue:{op}"),
                    _ => {}
                }
            }
            let values = picks
                .into_iter()
                .filter(|i| *i < values.len())
                .map(|i| values[i].to_owned())
                .collect();
            (op, (*key).to_owned(), values)
        })
}

fn statement() -> impl Strategy<Value = Value> {
    (
        prop::bool::weighted(0.75),
        any::<bool>(),
        prop::sample::subsequence(ACTIONS.to_vec(), 1..=3),
        any::<bool>(),
        prop::sample::subsequence(RESOURCES.to_vec(), 1..=3),
        prop::collection::vec(condition(), 0..=1),
    )
        .prop_map(|(allow, not_action, actions, not_resource, resources, conditions)| {
            let mut s = serde_json::Map::new();
            s.insert("Effect".into(), json!(if allow { "Allow" } else { "Deny" }));
            s.insert((if not_action { "NotAction" } else { "Action" }).into(), json!(actions));
            s.insert(
                (if not_resource { "NotResource" } else { "Resource" }).into(),
                json!(resources),
            );
            if !conditions.is_empty() {
                let mut ops = serde_json::Map::new();
                for (op, key, values) in conditions {
                    let keys = ops.entry(op).or_insert_with(|| json!({}));
                    keys[key] = json!(values);
                }
                s.insert("Condition".into(), Value::Object(ops));
            }
            Value::Object(s)
        })
}

fn policy() -> impl Strategy<Value = Value> {
    (
        prop_oneof![6 => Just(Some("2012-10-17")), 1 => Just(Some("2008-10-17")), 1 => Just(None)],
        prop::collection::vec(statement(), 1..=3),
    )
        .prop_map(|(version, statements)| match version {
            Some(v) => json!({"Version": v, "Statement": statements}),
            None => json!({"Statement": statements}),
        })
}

#[derive(Debug, Clone)]
struct Case {
    scps: Option<Vec<Vec<Value>>>,
    identity: Vec<Value>,
    boundary: Option<Value>,
    session: Option<Value>,
    principal: &'static str,
    action: &'static str,
    resource: &'static str,
    region: &'static str,
    context: BTreeMap<String, ContextValue>,
}

fn context() -> impl Strategy<Value = BTreeMap<String, ContextValue>> {
    let single = |values: &'static [&'static str]| {
        prop::option::of(prop::sample::select(values).prop_map(|v| ContextValue::Single(v.to_owned())))
    };
    (
        single(&["ml", "web"]),
        single(&[
            "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.amazon.nova-pro-v1:0",
            "arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.x",
        ]),
        prop::option::of(
            prop::sample::subsequence(vec!["a", "b", "c"], 0..=3)
                .prop_map(|v| ContextValue::Multi(v.into_iter().map(str::to_owned).collect())),
        ),
        single(&["10.1.2.3", "192.168.0.1", "2001:db8::1"]),
        single(&["5", "10", "50"]),
        single(&["2026-01-01T00:00:00Z", "2025-06-01T12:00:00Z", "1800000000"]),
        single(&["true", "false"]),
    )
        .prop_map(|(team, profile, tags, ip, keys, time, tls)| {
            let mut c = BTreeMap::new();
            let mut put = |k: &str, v: Option<ContextValue>| {
                if let Some(v) = v {
                    c.insert(k.to_owned(), v);
                }
            };
            put("aws:PrincipalTag/team", team);
            put("bedrock:InferenceProfileArn", profile);
            put("aws:TagKeys", tags);
            put("aws:SourceIp", ip);
            put("s3:max-keys", keys);
            put("aws:CurrentTime", time);
            put("aws:SecureTransport", tls);
            c
        })
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::option::of(prop::collection::vec(prop_oneof![1 => Just(Vec::new()), 2 => Just(vec![json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}})]), 4 => prop::collection::vec(policy(), 1..=2)], 1..=3)),
        prop::collection::vec(policy(), 0..=2),
        prop::option::weighted(0.25, policy()),
        prop::option::weighted(0.25, policy()),
        prop::sample::select(vec![
            "arn:aws:iam::111122223333:role/App",
            "arn:aws:sts::111122223333:assumed-role/App/s1",
            "arn:aws:sts::111122223333:federated-user/bob",
            "arn:aws:iam::111122223333:user/alice",
            "arn:aws:iam::111122223333:role/aws-service-role/bedrock.amazonaws.com/AWSServiceRoleForBedrock",
        ]),
        prop::sample::select(REQUEST_ACTIONS),
        prop::sample::select(REQUEST_RESOURCES),
        prop::sample::select(REGIONS),
        context(),
    )
        .prop_map(|(scps, identity, boundary, session, principal, action, resource, region, context)| Case {
            scps,
            identity,
            boundary,
            session,
            principal,
            action,
            resource,
            region,
            context,
        })
}

fn input(name: &str, document: &Value) -> PolicyInput {
    PolicyInput {
        name: name.to_owned(),
        document: Document::Text(serde_json::to_string_pretty(document).unwrap()),
        arn: None,
    }
}

fn scenario(case: &Case) -> Scenario {
    Scenario {
        version: 1,
        description: None,
        principal: case.principal.to_owned(),
        principal_scope: None,
        scps: case.scps.as_ref().map(|levels| {
            levels
                .iter()
                .enumerate()
                .map(|(i, level)| ScpLevelInput {
                    target: format!("level-{i}"),
                    policies: level
                        .iter()
                        .enumerate()
                        .map(|(j, p)| input(&format!("S{i}{j}"), p))
                        .collect(),
                })
                .collect()
        }),
        identity_policies: case
            .identity
            .iter()
            .enumerate()
            .map(|(i, p)| input(&format!("I{i}"), p))
            .collect(),
        permissions_boundary: case.boundary.as_ref().map(|p| input("B", p)),
        session_policy: case.session.as_ref().map(|p| input("P", p)),
        context: case.context.clone(),
        request: RequestInput {
            action: Some(case.action.to_owned()),
            resource: Some(case.resource.to_owned()),
            region: Some(case.region.to_owned()),
            ..RequestInput::default()
        },
        custom_profiles: Vec::new(),
        expect: None,
    }
}

/// The engine's decision, or `None` when a generated policy is invalid (an operator and value that do
/// not fit are skipped rather than compared).
fn engine(case: &Case) -> Option<(Decision, Prepared)> {
    let prepared = prepare(&scenario(case), Catalog::builtin()).ok()?;
    Some((analyze(&prepared).decision, prepared))
}

fn reference_decision(case: &Case, prepared: &Prepared) -> reference::Decision {
    let hop = &prepared.plan.hops[0];
    let mut context = BTreeMap::new();
    let mut multi = BTreeMap::new();
    for entry in hop.context.entries() {
        let key = entry.key.to_ascii_lowercase();
        context.insert(key.clone(), entry.value.values().to_vec());
        multi.insert(key, matches!(entry.value, ContextValue::Multi(_)));
    }
    let request = reference::Request {
        action: hop.action.clone(),
        resource: hop.resource.clone(),
        context,
        multi,
    };
    let policies = reference::Policies {
        scps: case.scps.clone(),
        identity: case.identity.clone(),
        boundary: case.boundary.clone(),
        session: case.session.clone(),
        scp_exempt: case.principal.contains("aws-service-role"),
        role_session: case.principal.contains("assumed-role")
            || (case.principal.contains(":role/") && case.session.is_some()),
        federated_user: case.principal.contains("federated-user"),
    };
    reference::decide(&policies, &request)
}

fn same(a: Decision, b: reference::Decision) -> bool {
    matches!(
        (a, b),
        (Decision::Allow, reference::Decision::Allow)
            | (Decision::ExplicitDeny, reference::Decision::ExplicitDeny)
            | (Decision::ImplicitDeny, reference::Decision::ImplicitDeny)
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn engine_agrees_with_the_reference(case in case()) {
        if let Some((decision, prepared)) = engine(&case) {
            let expected = reference_decision(&case, &prepared);
            prop_assert!(same(decision, expected), "engine {decision:?}, reference {expected:?}\n{}", scenario(&case).to_json_pretty());
        }
    }

    #[test]
    fn adding_a_deny_never_turns_a_denial_into_allow(case in case(), extra in statement(), target in 0usize..4) {
        let Some((decision, _)) = engine(&case) else { return Ok(()) };
        prop_assume!(decision != Decision::Allow);
        let mut extra = extra;
        extra["Effect"] = json!("Deny");
        let mut changed = case.clone();
        let push = |policy: &mut Value| {
            if let Some(statements) = policy["Statement"].as_array_mut() {
                statements.push(extra.clone());
            }
        };
        match target {
            0 if !changed.identity.is_empty() => push(&mut changed.identity[0]),
            1 if changed.boundary.is_some() => push(changed.boundary.as_mut().unwrap()),
            2 if changed.session.is_some() => push(changed.session.as_mut().unwrap()),
            _ => match changed.scps.as_mut().and_then(|l| l.first_mut()).and_then(|l| l.first_mut()) {
                Some(p) => push(p),
                None => changed.identity.push(json!({"Version": "2012-10-17", "Statement": [extra.clone()]})),
            },
        }
        if let Some((after, _)) = engine(&changed) {
            prop_assert_ne!(after, Decision::Allow);
        }
    }

    #[test]
    fn a_parsed_policy_round_trips(document in policy(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&document).unwrap() } else { document.to_string() };
        let Some(first) = parse_policy(&text, PolicyType::Identity).policy else { return Ok(()) };
        let printed = first.to_json().to_string();
        let second = parse_policy(&printed, PolicyType::Identity).policy.expect("the printed policy parses");
        prop_assert_eq!(second.to_json(), first.to_json());
        prop_assert_eq!(second.statements.len(), first.statements.len());
    }
}
