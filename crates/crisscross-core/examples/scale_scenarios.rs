//! Writes the scenarios of the scale benchmarks to `tests/corpus/scale/`:
//! `cargo run -p crisscross-core --example scale_scenarios`.

use std::path::Path;

#[path = "../tests/support/scale.rs"]
mod scale;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/scale");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        std::process::exit(2);
    }
    for (name, scenario) in scale::scenarios() {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, scale::text(&scenario)) {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(2);
        }
        println!("{}", path.display());
    }
}
