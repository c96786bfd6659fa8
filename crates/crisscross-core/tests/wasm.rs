//! The core compiled to WebAssembly and run in headless Chromium: the same decisions as natively, and
//! how long the playground's operations take there (printed as `wasm-bench` lines for scripts/bench.sh).
#![cfg(target_arch = "wasm32")]

use crisscross_core::analysis::{ParseCache, analyze, prepare};
use crisscross_core::evaluate::evaluate;
use crisscross_core::expect;
use crisscross_core::fix::suggest;
use crisscross_core::matrix::matrix;
use crisscross_core::policy::{PolicyType, parse_policy};
use crisscross_core::report::report;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::Scenario;
use crisscross_core::share::{self, EncodeOptions};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "support/workload.rs"]
mod workload;

use workload::{SCENARIOS, every_policy_hints, keystroke, largest_scp, typed_into};

wasm_bindgen_test_configure!(run_in_browser);

/// The allocator the playground runs with (web/src/main.rs), so the timings are the page's.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Corpus files checked besides the benchmark scenarios.
const SAMPLES: &[&str] = &[
    include_str!("../../../tests/corpus/cris/eu-landing-zone-nova-pro-eu-central-1-fixed-allowed.json"),
    include_str!("../../../tests/corpus/cris/global-cris-allow-list-without-unspecified-denied.json"),
    include_str!("../../../tests/corpus/cris/identity-geo-cris-published-empty-account-denied.json"),
    include_str!("../../../tests/corpus/conditions/arn-not-like-several-values-is-nor.json"),
];

#[wasm_bindgen_test]
fn corpus_samples_decide_the_same_on_wasm() {
    for text in SCENARIOS.iter().map(|(_, text)| *text).chain(SAMPLES.iter().copied()) {
        let scenario = Scenario::from_json(text).expect("a corpus file parses");
        let problems = expect::check(&scenario, Catalog::builtin());
        assert!(problems.is_empty(), "{problems:?}");
    }
}

fn global(name: &str) -> js_sys::Function {
    js_sys::Reflect::get(&js_sys::global(), &js_sys::JsString::from(name))
        .map(js_sys::Function::from)
        .expect(name)
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

/// Resolves in a later task. The test runner reads the page's output through WebDriver, whose scripts
/// time out when the page stays busy for half a minute, as the largest scenario's timings would.
async fn next_task() {
    let set_timeout = global("setTimeout");
    let later = js_sys::Promise::new(&mut |resolve, _| {
        drop(set_timeout.call2(&js_sys::global(), &resolve, &0.into()));
    });
    drop(JsFuture::from(later).await);
}

/// The median of several rounds, in microseconds per call of `routine`. Its inputs are made by `setup`
/// before a round's clock starts. First, calls are made for at least 20 ms (and at least three calls)
/// and left out of the result; their mean sets how many calls a round makes: enough to last at least
/// 20 ms, well above the 0.1 ms a page's clock is rounded to. Calls of more than 200 ms get 3 rounds
/// instead of 7.
async fn time_batched<I>(mut setup: impl FnMut() -> I, mut routine: impl FnMut(&I)) -> f64 {
    let (mut calls, mut spent) = (0u32, 0.0);
    while calls < 3 || spent < 20.0 {
        let input = setup();
        let start = now();
        routine(&input);
        spent += now() - start;
        calls += 1;
    }
    let once = (spent / f64::from(calls)).max(0.001);
    let per_round = (20.0 / once).ceil().min(5_000.0) as usize;
    let rounds = if once > 200.0 { 3 } else { 7 };
    let mut per_call = Vec::new();
    for _ in 0..rounds {
        next_task().await;
        let inputs: Vec<I> = (0..per_round).map(|_| setup()).collect();
        let start = now();
        for input in &inputs {
            routine(input);
        }
        per_call.push((now() - start) * 1000.0 / per_round as f64);
    }
    per_call.sort_by(f64::total_cmp);
    per_call[per_call.len() / 2]
}

/// Runs the example's operations for half a second before anything is timed. V8 first compiles
/// WebAssembly with its baseline compiler and recompiles the functions that run hot with its optimising
/// one; every operation shares the parser and the evaluator, so once these have run hot, the timings are
/// those of a page that has been in use.
async fn warm_up(scenario: &Scenario, catalog: &Catalog) {
    let prepared = prepare(scenario, catalog).expect("valid");
    let start = now();
    while now() - start < 500.0 {
        drop(prepare(scenario, catalog).map(|p| analyze(&p)));
        drop(report(scenario, catalog));
        drop(matrix(&prepared, "InvokeModel", catalog));
        std::hint::black_box(every_policy_hints(scenario));
        next_task().await;
    }
}

async fn time(mut f: impl FnMut()) -> f64 {
    time_batched(|| (), |()| f()).await
}

#[wasm_bindgen_test]
async fn timings() {
    let catalog = Catalog::builtin();
    let example = Scenario::from_json(SCENARIOS[0].1).expect("parses");
    let prepared = prepare(&example, catalog).expect("valid");
    let scp = example.policy(largest_scp(&example)).expect("the Control Tower SCP");
    let hop = prepared
        .plan
        .hops
        .iter()
        .find(|h| h.region == "us-east-2")
        .expect("hop");
    let request = hop.request();
    warm_up(&example, catalog).await;
    let parse = time(|| drop(parse_policy(scp.document.text(), PolicyType::Scp))).await;
    console_log!("wasm-bench parse {parse:.3}");
    let one_hop = time(|| drop(evaluate(&prepared.policies, &request))).await;
    console_log!("wasm-bench evaluate-one-hop {one_hop:.3}");

    for (name, text) in SCENARIOS {
        let scenario = Scenario::from_json(text).expect("parses");
        let prepared = prepare(&scenario, catalog).expect("valid");
        let edited = largest_scp(&scenario);
        let mut cache = ParseCache::default();
        keystroke(&scenario, catalog, &mut cache);
        let mut typed = 0;
        let results = [
            (
                "cold",
                time(|| drop(prepare(&scenario, catalog).map(|p| analyze(&p)))).await,
            ),
            ("report", time(|| drop(report(&scenario, catalog))).await),
            (
                "keystroke",
                time_batched(
                    || {
                        typed += 1;
                        typed_into(&scenario, edited, typed)
                    },
                    |after| drop(keystroke(after, catalog, &mut cache)),
                )
                .await,
            ),
            ("matrix", time(|| drop(matrix(&prepared, "InvokeModel", catalog))).await),
            ("fixes", time(|| drop(suggest(&scenario, catalog))).await),
            (
                "hints",
                time(|| {
                    std::hint::black_box(every_policy_hints(&scenario));
                })
                .await,
            ),
            (
                "link",
                time(|| drop(share::fragment(&scenario, EncodeOptions::default()))).await,
            ),
        ];
        for (operation, micros) in results {
            console_log!("wasm-bench {name}/{operation} {micros:.3}");
        }
    }
}
