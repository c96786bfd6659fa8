//! Every fix `eval --format json` offers for the corpus, applied with `crisscross fix`, gives the verdict
//! the JSON claims for it, and its text edit turns the policy into the patched text.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = Command::new(env!("CARGO_BIN_EXE_crisscross"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the binary runs");
    serde_json::from_slice(&o.stdout).unwrap_or(serde_json::Value::Null)
}

fn scenarios(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            scenarios(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// The checks for one scenario; returns the number of fixes checked and the problems found.
fn check(file: &Path, scratch: &Path) -> (usize, Vec<String>) {
    let name = file.display().to_string();
    let report = json(&["eval", &name, "--format", "json"]);
    let mut problems = Vec::new();
    let fixes = report["fixes"].as_array().cloned().unwrap_or_default();
    for fix in &fixes {
        let number = fix["number"].as_u64().unwrap_or(0).to_string();
        let out = scratch.join(format!("fix-{number}.json"));
        let written = Command::new(env!("CARGO_BIN_EXE_crisscross"))
            .args(["fix", &name, &number, "-o"])
            .arg(&out)
            .current_dir(repo())
            .output()
            .unwrap();
        if !written.status.success() {
            problems.push(format!("{name}: `crisscross fix {number}` failed"));
            continue;
        }
        let after = json(&["eval", &out.display().to_string(), "--format", "json"]);
        if after["decision"] != fix["decisionAfter"] {
            problems.push(format!(
                "{name}: fix {number} `{}` claims {} but the call is {}",
                fix["title"], fix["decisionAfter"], after["decision"]
            ));
        }
        if (after["decision"] == "Allow") != fix["resolves"].as_bool().unwrap_or(false) {
            problems.push(format!("{name}: fix {number} `resolves` disagrees with the verdict"));
        }
        let original = fix["original"].as_str().unwrap_or_default();
        let edit = &fix["edit"];
        let (start, end) = (
            edit["start"].as_u64().unwrap_or(0) as usize,
            edit["end"].as_u64().unwrap_or(0) as usize,
        );
        let applied = format!(
            "{}{}{}",
            &original[..start],
            edit["replacement"].as_str().unwrap_or_default(),
            &original[end..]
        );
        if applied != fix["patched"].as_str().unwrap_or_default() {
            problems.push(format!("{name}: fix {number}'s edit does not give its patched text"));
        }
    }
    (fixes.len(), problems)
}

#[test]
fn every_fix_of_the_corpus_gives_the_verdict_it_claims() {
    let mut files = Vec::new();
    scenarios(&repo().join("tests/corpus"), &mut files);
    files.sort();
    let scratch = std::env::temp_dir().join(format!("crisscross-fixes-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    // Two workers: the corpus is a few hundred scenarios, each checked through the binary.
    let halves: Vec<Vec<PathBuf>> = vec![
        files.iter().step_by(2).cloned().collect(),
        files.iter().skip(1).step_by(2).cloned().collect(),
    ];
    let results: Vec<(usize, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = halves
            .iter()
            .enumerate()
            .map(|(i, part)| {
                let dir = scratch.join(i.to_string());
                std::fs::create_dir_all(&dir).unwrap();
                s.spawn(move || {
                    let mut total = (0, Vec::new());
                    for file in part {
                        let (n, mut problems) = check(file, &dir);
                        total.0 += n;
                        total.1.append(&mut problems);
                    }
                    total
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let _ = std::fs::remove_dir_all(&scratch);
    let checked: usize = results.iter().map(|r| r.0).sum();
    let problems: Vec<&String> = results.iter().flat_map(|r| &r.1).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    // The corpus has denied calls with fixes; a run that checked none would prove nothing.
    assert!(checked > 50, "only {checked} fixes checked");
}
