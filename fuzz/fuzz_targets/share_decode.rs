#![cfg_attr(fuzzing, no_main)]
//! Any text given to `share::decode` is either read or refused with an error; it never panics, and
//! whatever it reads writes back to a link that reads the same.

use crisscross_core::share::{EncodeOptions, decode, encode};

fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(shared) = decode(&text) {
        let again = encode(&shared.scenario, EncodeOptions::default()).expect("a decoded scenario fits in a link");
        assert_eq!(decode(&again.fragment).map(|s| s.scenario), Ok(shared.scenario));
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| check(data));

#[cfg(not(fuzzing))]
fn main() -> std::process::ExitCode {
    crisscross_fuzz::replay("share_decode", check)
}
