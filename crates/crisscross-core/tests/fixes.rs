#![cfg(not(target_arch = "wasm32"))]
//! Every fix suggested for a denied call in the corpus does what it says when applied.

use std::path::Path;

use crisscross_core::analysis::{analyze, prepare};
use crisscross_core::evaluate::Decision;
use crisscross_core::fix::{alternatives, suggest};
use crisscross_core::matrix::matrix;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::Scenario;

fn denied_hops(scenario: &Scenario) -> Option<usize> {
    let prepared = prepare(scenario, Catalog::builtin()).ok()?;
    Some(
        analyze(&prepared)
            .hops
            .iter()
            .filter(|h| !h.evaluation.decision.is_allow())
            .count(),
    )
}

fn cris_scenarios() -> Vec<(String, Scenario)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/cris");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let scenario = Scenario::from_json(&text).unwrap();
        out.push((path.file_name().unwrap().to_string_lossy().into_owned(), scenario));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn each_fix_keeps_its_promise() {
    let mut checked = 0;
    for (name, scenario) in cris_scenarios() {
        let Some(before) = denied_hops(&scenario) else { continue };
        for fix in suggest(&scenario, Catalog::builtin()) {
            let patched = fix.apply_to(&scenario);
            let prepared = prepare(&patched, Catalog::builtin())
                .unwrap_or_else(|d| panic!("{name}: `{}` breaks the scenario: {d:?}", fix.title));
            let after = analyze(&prepared);
            let remaining = after.hops.iter().filter(|h| !h.evaluation.decision.is_allow()).count();
            assert!(
                remaining < before,
                "{name}: `{}` does not remove a denied check",
                fix.title
            );
            assert_eq!(remaining, fix.remaining_denied, "{name}: `{}`", fix.title);
            assert_eq!(
                after.decision == Decision::Allow,
                fix.resolves,
                "{name}: `{}`",
                fix.title
            );
            // What the fix opens and closes is what the whole matrix, decided again, says.
            if scenario.request.profile.is_some() {
                let api = scenario.request.api.as_deref().unwrap_or("InvokeModel");
                let original = prepare(&scenario, Catalog::builtin()).expect("the scenario was evaluated");
                let whole_before = matrix(&original, api, Catalog::builtin());
                let whole_after = matrix(&prepared, api, Catalog::builtin());
                let call = (
                    scenario.request.profile.clone().unwrap_or_default(),
                    scenario.request.source_region.clone().unwrap_or_default(),
                );
                let opened: Vec<_> = whole_after
                    .opened_since(&whole_before)
                    .into_iter()
                    .filter(|pair| *pair != call)
                    .collect();
                assert_eq!(fix.opens, opened, "{name}: `{}` opens", fix.title);
                assert_eq!(
                    fix.closes,
                    whole_after.closed_since(&whole_before),
                    "{name}: `{}` closes",
                    fix.title
                );
            }
            checked += 1;
        }
        let fixes = suggest(&scenario, Catalog::builtin());
        if fixes.iter().any(|f| f.resolves) {
            assert!(
                fixes.iter().all(|f| f.resolves),
                "{name}: a partial edit is offered next to one that allows the call"
            );
        }
    }
    assert!(checked > 100, "only {checked} fixes were checked");
}

#[test]
fn applying_the_best_fix_repeatedly_allows_every_denied_call() {
    let mut stuck = Vec::new();
    for (name, scenario) in cris_scenarios() {
        let mut current = scenario.clone();
        let Some(mut denied) = denied_hops(&current) else {
            continue;
        };
        let mut steps = Vec::new();
        while denied > 0 {
            let fixes = suggest(&current, Catalog::builtin());
            let Some(best) = fixes.first() else {
                // A deliberate deny (no policy edit offered) must come with allowed alternative calls.
                let others = alternatives(&current, Catalog::builtin());
                if others.is_empty() {
                    stuck.push(format!("{name}: no fix and no alternative after {steps:?}"));
                }
                for other in others {
                    let mut call = current.clone();
                    call.request.profile = Some(other.profile.clone());
                    call.request.source_region = Some(other.source_region.clone());
                    assert_eq!(
                        denied_hops(&call),
                        Some(0),
                        "{name}: alternative {other:?} is not allowed"
                    );
                }
                break;
            };
            steps.push(best.title.clone());
            assert!(steps.len() <= 4, "{name}: more than four edits needed: {steps:?}");
            current = best.apply_to(&current);
            denied = denied_hops(&current).unwrap();
        }
    }
    assert!(stuck.is_empty(), "{}", stuck.join("\n"));
}

#[test]
fn narrowest_fix_for_the_control_tower_denial_is_a_profile_exception() {
    let (_, scenario) = cris_scenarios()
        .into_iter()
        .find(|(n, _)| n == "control-tower-us-east-1-us-profile-denied.json")
        .unwrap();
    let fixes = suggest(&scenario, Catalog::builtin());
    let best = &fixes[0];
    assert!(best.resolves);
    assert!(best.patched.contains("\"ArnNotLike\"") || best.patched.contains("bedrock:InferenceProfileArn"));
    assert!(
        best.patched
            .contains("inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0")
    );
    assert!(
        best.opens.is_empty(),
        "a one-profile exception opens no other call here: {:?}",
        best.opens
    );
    let broadest = fixes.iter().find(|f| f.title.contains("`bedrock:*`")).unwrap();
    assert!(broadest.opens.len() > best.opens.len());
}

fn corpus(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/corpus")
        .join(name);
    Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_model_allow_list_in_not_resource_gets_the_profile_listed() {
    for name in [
        "cris/aws-sample-approved-models-scp-profile-check-denied.json",
        "cris/notresource-us-profiles-global-call-denied.json",
    ] {
        let scenario = corpus(name);
        let fixes = suggest(&scenario, Catalog::builtin());
        let first = fixes.first().unwrap_or_else(|| panic!("{name}: no fix"));
        assert!(first.title.contains("NotResource"), "{name}: {}", first.title);
        assert!(first.resolves, "{name}");
        assert!(
            first.patched.contains(":inference-profile/"),
            "{name}: {}",
            first.patched
        );
        let after = first.apply_to(&scenario);
        let prepared = prepare(&after, Catalog::builtin()).unwrap();
        assert_eq!(analyze(&prepared).decision, Decision::Allow, "{name}");
    }
}

#[test]
fn a_deny_with_nothing_to_narrow_says_why_there_is_no_fix() {
    let mut scenario = corpus("cris/aws-sample-approved-models-scp-profile-check-denied.json");
    let document = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "NoBedrock", "Effect": "Deny", "Action": "bedrock:*", "Resource": "*"}]}"#;
    let deny = scenario.scps.as_mut().unwrap()[0].policies.last_mut().unwrap();
    deny.document = crisscross_core::scenario::Document::Text(document.into());
    assert!(suggest(&scenario, Catalog::builtin()).is_empty());
    let reason = crisscross_core::fix::no_fix_reason(&scenario, Catalog::builtin()).unwrap();
    assert!(reason.contains("`NoBedrock` (no condition)"), "{reason}");
    assert!(reason.contains("owner"), "{reason}");
}
