//! Shared by every fuzz target: replaying a corpus on stable, so the inputs that once crashed a target
//! keep being checked by `scripts/test.sh` without nightly or libFuzzer.
//!
//! A target is written once and works both ways:
//!
//! ```ignore
//! #![cfg_attr(fuzzing, no_main)]
//!
//! fn check(data: &[u8]) { /* must not panic */ }
//!
//! #[cfg(fuzzing)]
//! libfuzzer_sys::fuzz_target!(|data: &[u8]| check(data));
//!
//! #[cfg(not(fuzzing))]
//! fn main() -> std::process::ExitCode {
//!     crisscross_fuzz::replay("my_target", check)
//! }
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `check` on every file given as an argument (files or folders), or, with no arguments, on every
/// file under `fuzz/corpus/<target>/`. A panic in `check` fails the process, naming the input.
pub fn replay(target: &str, check: fn(&[u8])) -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let roots = if args.is_empty() {
        vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(target)]
    } else {
        args
    };
    let mut files = Vec::new();
    for root in &roots {
        if let Err(e) = collect(root, &mut files) {
            eprintln!("{target}: cannot read {}: {e}", root.display());
            return ExitCode::FAILURE;
        }
    }
    files.sort();
    for file in &files {
        let data = match std::fs::read(file) {
            Ok(data) => data,
            Err(e) => {
                eprintln!("{target}: cannot read {}: {e}", file.display());
                return ExitCode::FAILURE;
            }
        };
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            eprintln!("{target}: panicked on {}", file.display());
            return ExitCode::FAILURE;
        }
    }
    println!("{target}: replayed {} inputs", files.len());
    if files.is_empty() {
        eprintln!("{target}: no inputs found; give files or folders as arguments");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        for entry in std::fs::read_dir(path)? {
            collect(&entry?.path(), out)?;
        }
    } else {
        out.push(path.to_owned());
    }
    Ok(())
}
