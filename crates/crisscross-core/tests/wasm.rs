//! The core compiled to WebAssembly and run in headless Chromium: the same decisions as natively, and
//! how long the playground's operations take there (printed as `wasm-bench` lines for scripts/bench.sh).
#![cfg(target_arch = "wasm32")]

use crisscross_core::analysis::{analyze, prepare};
use crisscross_core::evaluate::evaluate;
use crisscross_core::expect;
use crisscross_core::fix::suggest;
use crisscross_core::matrix::matrix;
use crisscross_core::policy::{PolicyType, parse_policy};
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::Scenario;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const CONTROL_TOWER: &str = include_str!("../../../tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json");
const SAMPLES: &[&str] = &[
    CONTROL_TOWER,
    include_str!("../../../tests/corpus/cris/eu-landing-zone-nova-pro-eu-central-1-fixed-allowed.json"),
    include_str!("../../../tests/corpus/cris/global-cris-allow-list-without-unspecified-denied.json"),
    include_str!("../../../tests/corpus/cris/identity-geo-cris-published-empty-account-denied.json"),
    include_str!("../../../tests/corpus/conditions/arn-not-like-several-values-is-nor.json"),
];

#[wasm_bindgen_test]
fn corpus_samples_decide_the_same_on_wasm() {
    for text in SAMPLES {
        let scenario = Scenario::from_json(text).expect("a corpus file parses");
        let problems = expect::check(&scenario, Catalog::builtin());
        assert!(problems.is_empty(), "{problems:?}");
    }
}

/// `performance.now()`, in milliseconds with sub-millisecond precision.
fn now() -> f64 {
    let performance =
        js_sys::Reflect::get(&js_sys::global(), &js_sys::JsString::from("performance")).expect("performance");
    let function = js_sys::Reflect::get(&performance, &js_sys::JsString::from("now")).expect("performance.now");
    js_sys::Function::from(function)
        .call0(&performance)
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or_default()
}

/// Median of several rounds, in microseconds per call.
fn time(mut f: impl FnMut(), per_round: u32) -> f64 {
    let mut rounds = Vec::new();
    for _ in 0..7 {
        let start = now();
        for _ in 0..per_round {
            f();
        }
        rounds.push((now() - start) * 1000.0 / f64::from(per_round));
    }
    rounds.sort_by(f64::total_cmp);
    rounds[rounds.len() / 2]
}

#[wasm_bindgen_test]
fn timings() {
    let catalog = Catalog::builtin();
    let scenario = Scenario::from_json(CONTROL_TOWER).expect("parses");
    let prepared = prepare(&scenario, catalog).expect("valid");
    let scp = scenario
        .scps
        .as_ref()
        .and_then(|l| l.get(1))
        .and_then(|l| l.policies.last())
        .map(|p| p.document.text().to_owned())
        .unwrap_or_default();
    let hop = prepared
        .plan
        .hops
        .iter()
        .find(|h| h.region == "us-east-2")
        .expect("hop");
    let request = hop.request();
    let results = [
        ("parse", time(|| drop(parse_policy(&scp, PolicyType::Scp)), 200)),
        (
            "evaluate-one-hop",
            time(|| drop(evaluate(&prepared.policies, &request)), 5_000),
        ),
        (
            "whole-call",
            time(|| drop(prepare(&scenario, catalog).map(|p| analyze(&p))), 200),
        ),
        ("matrix", time(|| drop(matrix(&prepared, "Converse", catalog)), 5)),
        ("fixes", time(|| drop(suggest(&scenario, catalog)), 2)),
    ];
    for (name, micros) in results {
        console_log!("wasm-bench {name} {micros:.3}");
    }
}
