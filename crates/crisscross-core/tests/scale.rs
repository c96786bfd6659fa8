#![cfg(not(target_arch = "wasm32"))]
//! The scale scenarios in the repository are what `examples/scale_scenarios.rs` writes, and each is the
//! size the benchmarks speak of.

use std::path::Path;

#[path = "support/scale.rs"]
mod scale;

#[test]
fn the_scale_scenarios_are_generated() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/scale");
    for (name, scenario) in scale::scenarios() {
        let written = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(
            written == scale::text(&scenario),
            "{name} differs from the generator's output: run cargo run -p crisscross-core --example scale_scenarios"
        );
        let parsed = crisscross_core::Scenario::from_json(&written).unwrap();
        let scps: Vec<usize> = parsed.scps.iter().flatten().map(|l| l.policies.len()).collect();
        assert!(
            scps.iter().all(|n| *n <= 10),
            "{name}: at most 10 SCPs per target: {scps:?}"
        );
        for (at, policy) in parsed.policy_refs() {
            let size = crisscross_core::size::measure(
                policy.document.text(),
                crisscross_core::PolicyType::from(at.layer()),
                crisscross_core::size::LimitSet::Current,
            );
            assert!(!size.exceeds(), "{name}: {} is over its quota", parsed.label(at));
        }
    }
}
