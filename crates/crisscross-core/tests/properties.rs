#![cfg(not(target_arch = "wasm32"))]
//! Property tests: the engine agrees with the naive reference evaluator on generated policies and
//! requests, a parsed policy round-trips, and adding a Deny never turns a denial into Allow. Cases come
//! from `crisscross_reference::generate`, which the fuzz target `evaluate_vs_reference` shares.

use crisscross_core::evaluate::{Decision, decide, evaluate};
use crisscross_core::policy::{PolicyType, parse_policy};
use crisscross_reference::generate::{Bytes, case, policy, statement};
use crisscross_reference::harness::{agree, engine};
use proptest::prelude::*;
use serde_json::json;

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..512)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn engine_agrees_with_the_reference(data in bytes()) {
        let generated = case(&mut Bytes::new(&data));
        if let Err(disagreement) = agree(&generated) {
            prop_assert!(false, "{disagreement}");
        }
    }

    #[test]
    fn the_fast_decision_equals_the_explained_one(data in bytes()) {
        let generated = case(&mut Bytes::new(&data));
        let Some((_, prepared)) = engine(&generated) else { return Ok(()) };
        for hop in &prepared.plan.hops {
            let relevant = prepared.policies.relevant_to(&hop.action);
            let explained = evaluate(&prepared.policies, &hop.request());
            prop_assert_eq!(
                decide(&prepared.policies, &relevant, &hop.request()),
                (explained.decision, explained.blocked_by)
            );
        }
    }

    #[test]
    fn adding_a_deny_never_turns_a_denial_into_allow(data in bytes(), extra in bytes(), target in 0usize..4) {
        let generated = case(&mut Bytes::new(&data));
        let Some((decision, _)) = engine(&generated) else { return Ok(()) };
        prop_assume!(decision != Decision::Allow);
        let mut deny = statement(&mut Bytes::new(&extra));
        deny["Effect"] = json!("Deny");
        let mut changed = generated.clone();
        let push = |policy: &mut serde_json::Value| {
            if let Some(statements) = policy["Statement"].as_array_mut() {
                statements.push(deny.clone());
            } else {
                policy["Statement"] = json!([policy["Statement"].clone(), deny.clone()]);
            }
        };
        match target {
            0 if !changed.identity.is_empty() => push(&mut changed.identity[0]),
            1 if changed.boundary.is_some() => changed.boundary.as_mut().into_iter().for_each(push),
            2 if changed.session.is_some() => changed.session.as_mut().into_iter().for_each(push),
            _ => match changed.scps.as_mut().and_then(|l| l.first_mut()).and_then(|l| l.first_mut()) {
                Some(p) => push(p),
                None => changed.identity.push(json!({"Version": "2012-10-17", "Statement": [deny.clone()]})),
            },
        }
        if let Some((after, _)) = engine(&changed) {
            prop_assert_ne!(after, Decision::Allow);
        }
    }

    #[test]
    fn a_parsed_policy_round_trips(data in bytes(), pretty in any::<bool>()) {
        let document = policy(&mut Bytes::new(&data));
        let text = if pretty { serde_json::to_string_pretty(&document).unwrap() } else { document.to_string() };
        let Some(first) = parse_policy(&text, PolicyType::Identity).policy else { return Ok(()) };
        let printed = first.to_json().to_string();
        let second = parse_policy(&printed, PolicyType::Identity).policy.expect("the printed policy parses");
        prop_assert_eq!(second.to_json(), first.to_json());
    }
}

/// The generator must reach every decision often enough for the comparison to mean something.
#[test]
fn generated_cases_cover_every_decision() {
    let mut counts = [0usize; 3];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..3000 {
        let data: Vec<u8> = (0..512)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        if let Some((decision, _)) = engine(&case(&mut Bytes::new(&data))) {
            counts[decision as usize] += 1;
        }
    }
    let total: usize = counts.iter().sum();
    assert!(total > 2000, "most generated cases are valid: {counts:?}");
    assert!(
        counts.iter().all(|c| *c * 20 > total),
        "each decision is at least 5% of cases: {counts:?}"
    );
}
