//! How fast the page and the CLI can answer, from the Control Tower example (the Region deny
//! GRREGIONDENY at an OU under FullAWSAccess, plus a Bedrock identity policy) to an organization at
//! AWS's quotas. Figures are filed as `SCENARIO/OPERATION` for bench/report.mjs; tests/wasm.rs times the
//! same operations in Chromium.

use std::hint::black_box;
use std::time::Duration;

use crisscross_core::analysis::{ParseCache, analyze, parse_policies, prepare};
use crisscross_core::evaluate::evaluate;
use crisscross_core::fix::suggest;
use crisscross_core::matrix::matrix;
use crisscross_core::policy::{PolicyType, parse_policy};
use crisscross_core::report::report;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::Scenario;
use crisscross_core::share::{self, EncodeOptions};
use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};
use serde::de::IgnoredAny;

#[path = "../tests/support/workload.rs"]
mod workload;

use workload::{SCENARIOS, every_policy_hints, keystroke, largest_scp, typed_into};

// The allocator the `crisscross` binary runs with, so that native figures are the CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Parsing one SCP and deciding one hop: the pieces every larger figure is made of.
fn pieces(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let scenario = Scenario::from_json(SCENARIOS[0].1).expect("the example parses");
    let prepared = prepare(&scenario, catalog).expect("the example is valid");
    let scp = scenario.policy(largest_scp(&scenario)).expect("the Control Tower SCP");
    c.bench_function("parse the Control Tower SCP", |b| {
        b.iter(|| parse_policy(black_box(scp.document.text()), PolicyType::Scp))
    });
    let hop = prepared
        .plan
        .hops
        .iter()
        .find(|h| h.region == "us-east-2")
        .expect("a us-east-2 hop");
    c.bench_function("evaluate one hop", |b| {
        b.iter(|| evaluate(black_box(&prepared.policies), black_box(&hop.request())));
    });
}

/// Every operation on each scenario. The larger scenarios take long enough per call that ten samples of
/// the same number of calls each say as much as criterion's usual ramp.
fn scale(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    for (name, text) in SCENARIOS {
        let scenario = Scenario::from_json(text).expect("the scenario parses");
        let prepared = prepare(&scenario, catalog).expect("the scenario is valid");
        let edited = largest_scp(&scenario);
        let mut group = c.benchmark_group(name);
        if name != "example" {
            group.sampling_mode(SamplingMode::Flat).sample_size(10);
        }
        group.bench_function("cold", |b| {
            b.iter(|| prepare(black_box(&scenario), catalog).map(|p| analyze(&p)))
        });
        // The part of "cold" spent on the policies alone (read, checked, built, linted), without
        // planning or deciding any hop.
        group.bench_function("parse", |b| b.iter(|| parse_policies(black_box(&scenario))));
        group.bench_function("report", |b| b.iter(|| report(black_box(&scenario), catalog)));
        let mut cache = ParseCache::default();
        keystroke(&scenario, catalog, &mut cache);
        let mut typed = 0;
        group.bench_function("keystroke", |b| {
            b.iter_batched_ref(
                || {
                    typed += 1;
                    typed_into(&scenario, edited, typed)
                },
                |after| keystroke(after, catalog, &mut cache),
                BatchSize::SmallInput,
            )
        });
        group.bench_function("matrix", |b| {
            b.iter(|| matrix(black_box(&prepared), "InvokeModel", catalog))
        });
        group.bench_function("fixes", |b| b.iter(|| suggest(black_box(&scenario), catalog)));
        group.bench_function("hints", |b| b.iter(|| every_policy_hints(black_box(&scenario))));
        group.bench_function("link", |b| {
            b.iter(|| share::fragment(black_box(&scenario), EncodeOptions::default()))
        });
        // serde_json reading the same policy texts with nothing checked or decided, to set the cold figure
        // against: the syntax only (what no reader can go below), and into a tree.
        let texts: Vec<&str> = scenario.policy_refs().map(|(_, p)| p.document.text()).collect();
        group.bench_function("json-syntax", |b| {
            b.iter(|| {
                for text in &texts {
                    serde_json::from_str::<IgnoredAny>(black_box(text)).expect("the policy is JSON");
                }
            })
        });
        group.bench_function("json-tree", |b| {
            b.iter(|| {
                for text in &texts {
                    black_box(serde_json::from_str::<serde_json::Value>(black_box(text)).expect("the policy is JSON"));
                }
            })
        });
        group.finish();
    }
}

criterion_group! {
    name = evaluation;
    config = Criterion::default().sample_size(30).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = pieces, scale
}
criterion_main!(evaluation);
