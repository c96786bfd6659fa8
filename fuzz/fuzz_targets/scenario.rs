//! Any text as a scenario: reading, evaluating and explaining it never panics, and a scenario that reads
//! writes back to JSON that reads as the same scenario.
#![cfg_attr(fuzzing, no_main)]

use crisscross_core::report::report;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::Scenario;

fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(scenario) = Scenario::from_json(&text) else {
        return;
    };
    assert_eq!(Scenario::from_json(&scenario.to_json()).ok().as_ref(), Some(&scenario));
    let result = report(&scenario, Catalog::builtin());
    assert_eq!(
        result.decision.is_none(),
        result.diagnostics.iter().any(|d| d.is_error())
    );
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| check(data));

#[cfg(not(fuzzing))]
fn main() -> std::process::ExitCode {
    crisscross_fuzz::replay("scenario", check)
}
