//! Any text as the two catalog tables (split at the first NUL byte): the parser answers with a catalog or
//! a line-numbered error, never a panic, and an accepted catalog keeps its invariants.
#![cfg_attr(fuzzing, no_main)]

use crisscross_core::route::catalog::Catalog;

fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (profiles, regions) = text
        .split_once('\0')
        .unwrap_or((&text, include_str!("../../crates/crisscross-core/data/regions.tsv")));
    match Catalog::from_tsv(profiles, regions) {
        Ok(catalog) => {
            for pair in catalog.profiles.windows(2) {
                assert!(pair[0].id < pair[1].id, "profiles are sorted and unique");
            }
            for profile in &catalog.profiles {
                for route in &profile.routes {
                    assert!(catalog.region(&route.source).is_some());
                }
            }
        }
        Err(e) => assert!(e.line >= 1),
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| check(data));

#[cfg(not(fuzzing))]
fn main() -> std::process::ExitCode {
    crisscross_fuzz::replay("catalog_tsv", check)
}
