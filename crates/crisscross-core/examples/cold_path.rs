//! Runs the cold path, from policy text to every hop's decision, a given number of times on one of the
//! benchmark scenarios, under the CLI's allocator; or, with `matrix`, the matrix of the scenario, or,
//! with `fixes`, its fix search. `scripts/instructions.sh` counts their instructions at two numbers of
//! runs: the difference, divided by the difference in runs, is the cost of one call without the
//! program's start, reading the scenario, building the catalog or numbering the matrix's checks.
//!
//! `cargo run --release -p crisscross-core --example cold_path -- medium 12 [matrix|fixes]`
//!
//! `cold_path rounds` times rounds for bench/peer/iam-simulate.mjs, which alternates them with the
//! peer's: for each line `RUNS FILE` on standard input it runs the cold path RUNS times on the scenario
//! FILE and prints the nanoseconds that took.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use crisscross_core::analysis::{analyze, prepare};
use crisscross_core::fix::suggest;
use crisscross_core::matrix::matrix;
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
    if args.first().map(String::as_str) == Some("rounds") {
        rounds();
        return;
    }
    let (Some(name), Some(Ok(runs))) = (args.first(), args.get(1).map(|n| n.parse::<usize>())) else {
        eprintln!("usage: cold_path example|medium|quota RUNS [matrix|fixes], or cold_path rounds");
        std::process::exit(2);
    };
    let Some((_, file)) = SCENARIOS.iter().find(|(known, _)| known == name) else {
        eprintln!("no scenario `{name}`: name one of example, medium, quota");
        std::process::exit(2);
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(file);
    let scenario = read(&path).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2);
    });
    match args.get(2).map(String::as_str) {
        None => cold_path(&scenario, runs),
        Some("matrix") => matrices(&scenario, runs),
        Some("fixes") => fix_searches(&scenario, runs),
        Some(other) => {
            eprintln!("no operation `{other}`: name matrix or fixes, or nothing for the cold path");
            std::process::exit(2);
        }
    }
}

/// The scenario in the file at `path`.
fn read(path: &Path) -> Result<Scenario, String> {
    std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|text| Scenario::from_json(&text).map_err(|e| format!("{e:?}")))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Policy text to every hop's decision, `runs` times.
fn cold_path(scenario: &Scenario, runs: usize) {
    let catalog = Catalog::builtin();
    for _ in 0..runs {
        let decided = prepare(black_box(scenario), catalog).map(|prepared| analyze(&prepared));
        black_box(decided.is_ok());
    }
}

/// The scenario's matrix, `runs` times, from its policies parsed once.
fn matrices(scenario: &Scenario, runs: usize) {
    let catalog = Catalog::builtin();
    let Ok(prepared) = prepare(scenario, catalog) else {
        fail("the scenario does not evaluate");
    };
    for _ in 0..runs {
        black_box(matrix(black_box(&prepared), "InvokeModel", catalog));
    }
}

/// The scenario's fix search, `runs` times.
fn fix_searches(scenario: &Scenario, runs: usize) {
    let catalog = Catalog::builtin();
    for _ in 0..runs {
        black_box(suggest(black_box(scenario), catalog));
    }
}

/// Answers each line `RUNS FILE` with the nanoseconds `RUNS` cold paths on the scenario `FILE` took.
fn rounds() {
    let mut read_before: Option<(String, Scenario)> = None;
    for line in std::io::stdin().lines() {
        let line = line.unwrap_or_else(|e| fail(&e.to_string()));
        let Some((Ok(runs), file)) = line.split_once(' ').map(|(runs, file)| (runs.parse::<usize>(), file)) else {
            fail(&format!("expected `RUNS FILE`, got `{line}`"));
        };
        let scenario = match &mut read_before {
            Some((before, scenario)) if before == file => scenario,
            slot => {
                &slot
                    .insert((file.to_owned(), read(Path::new(file)).unwrap_or_else(|e| fail(&e))))
                    .1
            }
        };
        let start = Instant::now();
        cold_path(scenario, runs);
        println!("{}", start.elapsed().as_nanos());
    }
}

fn fail(message: &str) -> ! {
    eprintln!("cold_path rounds: {message}");
    std::process::exit(2);
}
