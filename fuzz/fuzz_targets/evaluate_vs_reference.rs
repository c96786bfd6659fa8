//! Bytes drive the same generator as the property tests: every generated policy set and request must be
//! decided the same by the engine and by the naive reference evaluator.
#![cfg_attr(fuzzing, no_main)]

use crisscross_reference::generate::{Bytes, case};
use crisscross_reference::harness::agree;

fn check(data: &[u8]) {
    if let Err(disagreement) = agree(&case(&mut Bytes::new(data))) {
        panic!("{disagreement}");
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| check(data));

#[cfg(not(fuzzing))]
fn main() -> std::process::ExitCode {
    crisscross_fuzz::replay("evaluate_vs_reference", check)
}
