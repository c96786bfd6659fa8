//! Runs the cold path, from policy text to every hop's decision, a given number of times on one of the
//! benchmark scenarios, under the CLI's allocator. `scripts/instructions.sh` counts its instructions at
//! two numbers of runs: the difference, divided by the difference in runs, is the cost of one call
//! without the program's start, reading the scenario or building the catalog.
//!
//! `cargo run --release -p crisscross-core --example cold_path -- medium 12`

use std::hint::black_box;
use std::path::Path;

use crisscross_core::analysis::{analyze, prepare};
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::Scenario;

#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SCENARIOS: [(&str, &str); 3] = [
    (
        "example",
        "tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json",
    ),
    ("medium", "tests/corpus/scale/medium-organization.json"),
    ("quota", "tests/corpus/scale/quota-organization.json"),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(name), Some(Ok(runs))) = (args.first(), args.get(1).map(|n| n.parse::<usize>())) else {
        eprintln!("usage: cold_path example|medium|quota RUNS");
        std::process::exit(2);
    };
    let Some((_, file)) = SCENARIOS.iter().find(|(known, _)| known == name) else {
        eprintln!("no scenario `{name}`: name one of example, medium, quota");
        std::process::exit(2);
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(file);
    let scenario = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| Scenario::from_json(&text).map_err(|e| format!("{e:?}")));
    let scenario = match scenario {
        Ok(scenario) => scenario,
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.display());
            std::process::exit(2);
        }
    };
    let catalog = Catalog::builtin();
    for _ in 0..runs {
        let decided = prepare(black_box(&scenario), catalog).map(|prepared| analyze(&prepared));
        black_box(decided.is_ok());
    }
}
