#![cfg(not(target_arch = "wasm32"))]
//! The seed corpus of the `share_decode` fuzz target, replayed on stable in the normal test suite. Each
//! file is named `<expected>--<what>.txt`: `ok` when the link must open, otherwise the error code
//! decoding must return, so the corpus pins the error each broken link gets. Inputs kept from fuzzing
//! runs are named `regression--…` and only have to be read without panicking. Regenerate the seeds
//! with `fuzz/seeds/make_share_decode.py`.

use std::path::Path;

use crisscross_core::share::{EncodeOptions, decode, encode};

#[test]
fn every_seed_decodes_as_its_name_says() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/share_decode");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let mut failures = Vec::new();
    for path in &entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let expected = name.split("--").next().unwrap_or_default();
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let result = decode(&text);
        let got = match &result {
            Ok(shared) => {
                let again = encode(&shared.scenario, EncodeOptions::default()).unwrap();
                assert_eq!(decode(&again.fragment).unwrap().scenario, shared.scenario, "{name}");
                "ok".to_owned()
            }
            Err(e) => e.code().to_owned(),
        };
        if expected != "regression" && got != expected {
            failures.push(format!("{name}: expected {expected}, got {got} ({result:?})"));
        }
    }
    assert!(entries.len() >= 20, "only {} seeds in {}", entries.len(), dir.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
