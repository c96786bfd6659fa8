//! How fast the page can re-evaluate on every keystroke. The realistic case: the Control Tower Region
//! deny (GRREGIONDENY, 86 exempt actions) at an OU under FullAWSAccess, plus a Bedrock identity policy.

use std::hint::black_box;

use crisscross_core::analysis::{analyze, prepare};
use crisscross_core::evaluate::evaluate;
use crisscross_core::fix::suggest;
use crisscross_core::matrix::matrix;
use crisscross_core::policy::{PolicyType, parse_policy};
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::Scenario;
use criterion::{Criterion, criterion_group, criterion_main};

const CONTROL_TOWER: &str = include_str!("../../../tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json");

fn benches(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let scenario = Scenario::from_json(CONTROL_TOWER).expect("the bench scenario parses");
    let prepared = prepare(&scenario, catalog).expect("the bench scenario is valid");
    let scp_text = scenario
        .scps
        .as_ref()
        .and_then(|l| l.get(1))
        .and_then(|l| l.policies.last())
        .map(|p| p.document.text().to_owned())
        .unwrap_or_default();

    c.bench_function("parse the Control Tower SCP", |b| {
        b.iter(|| parse_policy(black_box(&scp_text), PolicyType::Scp))
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

    c.bench_function("whole CRIS call (parse, plan, evaluate 4 hops)", |b| {
        b.iter(|| prepare(black_box(&scenario), catalog).map(|p| analyze(&p)));
    });

    c.bench_function("matrix (every profile and source Region)", |b| {
        b.iter(|| matrix(black_box(&prepared), "Converse", catalog))
    });

    c.bench_function("fix suggestions", |b| b.iter(|| suggest(black_box(&scenario), catalog)));
}

criterion_group! {
    name = evaluation;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(evaluation);
