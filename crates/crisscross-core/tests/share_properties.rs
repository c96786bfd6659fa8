#![cfg(not(target_arch = "wasm32"))]
//! Properties of share links on generated scenarios: a link reopens exactly the scenario it was made
//! from, uses only URL-safe characters, and nothing a chat tool or a fuzzer does to it makes decoding
//! panic or return a different scenario.

use std::collections::BTreeMap;

use crisscross_core::context::ContextValue;
use crisscross_core::evaluate::Decision;
use crisscross_core::scenario::{
    CustomProfile, Document, Expect, PolicyInput, PrincipalScope, RequestInput, Scenario, ScpLevelInput,
};
use crisscross_core::share::{EncodeOptions, ShareError, decode, encode, minify, scenario_id};
use proptest::prelude::*;

/// Text as people paste it: any Unicode, and often the whitespace and quoting that break naive code.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ \t\r\n\u{a0}\u{2028}\u{2029}\u{feff}\u{3000}a-zA-Z0-9:*/\"\\\\{}é✓😀]{0,24}",
    ]
}

/// JSON whitespace between tokens, in the odd combinations editors produce.
fn ws() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![Just(" "), Just("\t"), Just("\n"), Just("\r\n")], 0..3)
        .prop_map(|parts| parts.concat())
}

/// A JSON value written with arbitrary whitespace.
fn json_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        text().prop_map(|s| serde_json::to_string(&s).unwrap()),
        Just("0".to_owned()),
        Just("-12.50e+3".to_owned()),
        Just("true".to_owned()),
        Just("null".to_owned()),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec((ws(), inner.clone(), ws()), 0..4).prop_map(|items| {
                let items: Vec<String> = items.into_iter().map(|(a, v, b)| format!("{a}{v}{b}")).collect();
                format!("[{}]", items.join(","))
            }),
            json_object(inner.boxed()),
        ]
    })
}

/// A JSON object without surrounding whitespace, as a policy document given as an object is stored.
fn json_object(values: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    prop::collection::vec((ws(), text(), ws(), ws(), values, ws()), 0..4).prop_map(|members| {
        let members: Vec<String> = members
            .into_iter()
            .map(|(a, k, b, c, v, d)| format!("{a}{}{b}:{c}{v}{d}", serde_json::to_string(&k).unwrap()))
            .collect();
        format!("{{{}}}", members.join(","))
    })
}

fn document() -> impl Strategy<Value = Document> {
    prop_oneof![
        text().prop_map(|t| Document::Text(t.into())),
        json_object(json_value().boxed()).prop_map(|j| Document::Json(j.into())),
        // A realistic policy, typed with odd whitespace, so minifying has something to do.
        (ws(), ws(), text()).prop_map(|(a, b, sid)| {
            Document::Text(
                format!(
                    "{{{a}\"Version\":{b}\"2012-10-17\",{a}\"Statement\":[{{\"Sid\":{},{b}\"Effect\":\"Deny\",\
                 \"Action\":\"*\",\"Resource\":\"*\"}}]{b}}}",
                    serde_json::to_string(&sid).unwrap()
                )
                .into(),
            )
        }),
    ]
}

fn policy() -> impl Strategy<Value = PolicyInput> {
    (text(), document(), prop::option::of(text())).prop_map(|(name, document, arn)| PolicyInput { name, document, arn })
}

fn request() -> impl Strategy<Value = RequestInput> {
    (
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(text()),
    )
        .prop_map(|(action, resource, region, profile, source_region, api)| RequestInput {
            action,
            resource,
            region,
            profile,
            source_region,
            api,
        })
}

fn scenario() -> impl Strategy<Value = Scenario> {
    let levels = prop::collection::vec(
        (text(), prop::collection::vec(policy(), 0..3))
            .prop_map(|(target, policies)| ScpLevelInput { target, policies }),
        0..3,
    );
    let context_value = prop_oneof![
        text().prop_map(ContextValue::Single),
        prop::collection::vec(text(), 0..3).prop_map(ContextValue::Multi),
    ];
    let scope = prop::option::of(prop_oneof![
        Just(PrincipalScope::Member),
        Just(PrincipalScope::ManagementAccount),
        Just(PrincipalScope::ServiceLinkedRole),
    ]);
    let custom = prop::collection::vec(
        (prop::option::of(text()), prop::collection::vec(text(), 0..3)).prop_map(|(id, destinations)| CustomProfile {
            id,
            arn: None,
            model: Some("example.model-v1:0".into()),
            source_region: None,
            destinations,
            copy_from: None,
            imported_at: None,
        }),
        0..2,
    );
    let expect = prop::option::of(Just(Expect {
        decision: Some(Decision::ExplicitDeny),
        ..Expect::default()
    }));
    (
        (prop::option::of(text()), text(), scope, prop::option::of(levels)),
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
        ),
        (
            prop::collection::vec(policy(), 0..3),
            prop::option::of(policy()),
            prop::option::of(policy()),
        ),
        (
            prop::collection::btree_map(text(), context_value, 0..3),
            request(),
            custom,
            expect,
        ),
    )
        .prop_map(
            |(
                (description, principal, principal_scope, scps),
                (role_path, session_name, organization_id, evaluation_time),
                (identity_policies, permissions_boundary, session_policy),
                (context, request, custom_profiles, expect),
            )| Scenario {
                version: 1,
                description,
                principal,
                principal_scope,
                role_path,
                session_name,
                organization_id,
                evaluation_time,
                scps,
                identity_policies,
                permissions_boundary,
                session_policy,
                context: context.into_iter().collect::<BTreeMap<_, _>>(),
                request,
                custom_profiles,
                expect,
            },
        )
}

fn is_url_safe(fragment: &str) -> bool {
    fragment.strip_prefix('#').is_some_and(|rest| {
        rest.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    })
}

proptest! {
    #[test]
    fn a_link_reopens_exactly_its_scenario(s in scenario()) {
        let encoded = encode(&s, EncodeOptions::default()).unwrap();
        prop_assert!(is_url_safe(&encoded.fragment), "{}", encoded.fragment);
        let shared = decode(&encoded.fragment).unwrap();
        prop_assert_eq!(&shared.scenario, &s);
        prop_assert_eq!(&shared.id, &scenario_id(&s));
        prop_assert_eq!(&encoded.id, &shared.id);
    }

    #[test]
    fn a_minified_link_reopens_the_minified_scenario(s in scenario()) {
        let encoded = encode(&s, EncodeOptions { minify: true }).unwrap();
        prop_assert!(is_url_safe(&encoded.fragment), "{}", encoded.fragment);
        let min = minify(&s);
        prop_assert_eq!(decode(&encoded.fragment).unwrap().scenario, min.clone());
        // Minifying changes whitespace only: every object document means the same JSON.
        for ((_, a), (_, b)) in s.policy_refs().zip(min.policy_refs()) {
            if let (Document::Json(a), Document::Json(b)) = (&a.document, &b.document) {
                let a: serde_json::Value = serde_json::from_str(a).unwrap();
                let b: serde_json::Value = serde_json::from_str(b).unwrap();
                prop_assert_eq!(a, b);
            }
        }
    }

    #[test]
    fn a_cut_link_is_reported_as_truncated(s in scenario(), cut in any::<prop::sample::Index>()) {
        let fragment = encode(&s, EncodeOptions::default()).unwrap().fragment;
        let end = 1 + cut.index(fragment.len() - 1);
        prop_assert_eq!(decode(&fragment[..end]), Err(ShareError::Truncated));
    }

    #[test]
    fn a_changed_character_never_opens_another_scenario(
        s in scenario(),
        at in any::<prop::sample::Index>(),
        c in prop::char::range('-', 'z'),
    ) {
        let fragment = encode(&s, EncodeOptions::default()).unwrap().fragment;
        let at = "#v1.d.".len() + at.index(fragment.len() - "#v1.d.".len());
        let changed = format!("{}{c}{}", &fragment[..at], &fragment[at + 1..]);
        if let Ok(shared) = decode(&changed) {
            prop_assert_eq!(shared.scenario, s);
        }
    }

    #[test]
    fn random_text_never_panics(text in any::<String>()) {
        let _ = decode(&text);
        let _ = decode(&format!("#v1.d.{text}"));
    }

    #[test]
    fn random_payloads_never_panic(payload in "[A-Za-z0-9_-]{0,400}") {
        let _ = decode(&format!("#v1.d.{payload}"));
    }
}
