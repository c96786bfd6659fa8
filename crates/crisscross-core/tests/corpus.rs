#![cfg(not(target_arch = "wasm32"))]
//! Every scenario under `tests/corpus/` is one test, named after its file.

use crisscross_core::expect;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::Scenario;

fn run(path: &datatest_stable::Utf8Path, text: String) -> datatest_stable::Result<()> {
    let scenario = Scenario::from_json(&text).map_err(|d| format!("{path}: {d}"))?;
    if scenario.expect.is_none() {
        return Err(format!("{path}: a corpus scenario needs an `expect` block").into());
    }
    let problems = expect::check(&scenario, Catalog::builtin());
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{path}:\n  {}", problems.join("\n  ")).into())
    }
}

datatest_stable::harness! {
    { test = run, root = "../../tests/corpus", pattern = r"\.json$" },
}
