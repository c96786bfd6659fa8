//! `crisscross link`, `open` and `eval --format markdown|plain`, run as a user runs them.

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

const CONTROL_TOWER: &str = "../../tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json";

fn crisscross(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crisscross"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CRISSCROSS_BASE_URL")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn scenario_value(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn link_then_open_gives_back_the_scenario() {
    let link = stdout(&crisscross(&[
        "link",
        CONTROL_TOWER,
        "--base",
        "https://example.test/play",
    ]));
    let link = link.trim();
    assert!(link.starts_with("https://example.test/play#v1.d."), "{link}");
    let opened = stdout(&crisscross(&["open", link]));
    let original = std::fs::read_to_string(format!("{}/{CONTROL_TOWER}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    assert_eq!(scenario_value(&opened), scenario_value(&original));

    // From stdin, for links longer than one command-line argument may be.
    let mut child = Command::new(env!("CARGO_BIN_EXE_crisscross"))
        .args(["open", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(link.as_bytes()).unwrap();
    let from_stdin = child.wait_with_output().unwrap();
    assert_eq!(stdout(&from_stdin), opened);
}

#[test]
fn a_cut_link_says_so_with_help() {
    let link = stdout(&crisscross(&["link", CONTROL_TOWER]));
    assert!(link.starts_with("http://127.0.0.1:8080/#v1.d."), "{link}");
    let cut = &link.trim()[..1000];
    let output = crisscross(&["open", cut]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error[link-truncated]"), "{stderr}");
    assert!(stderr.contains("help: chat tools"), "{stderr}");
}

#[test]
fn minified_links_are_shorter() {
    let full = stdout(&crisscross(&["link", CONTROL_TOWER]));
    let min = stdout(&crisscross(&["link", "--minify", CONTROL_TOWER]));
    assert!(min.len() < full.len(), "{} vs {}", min.len(), full.len());
}

#[test]
fn eval_prints_deterministic_tickets() {
    let md = stdout(&crisscross(&["eval", CONTROL_TOWER, "--format", "markdown"]));
    assert_eq!(
        md,
        stdout(&crisscross(&["eval", CONTROL_TOWER, "--format", "markdown"]))
    );
    for needle in [
        "## crisscross: ExplicitDeny for Converse",
        "| 4 | destination-model | us-west-2 | ExplicitDeny |",
        "### Deciding statements",
        "### Suggested fix",
        "```diff",
        "| link | <http://127.0.0.1:8080/#v1.d.",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in\n{md}");
    }
    let plain = stdout(&crisscross(&["eval", CONTROL_TOWER, "--format", "plain"]));
    assert!(plain.contains("SUGGESTED FIX\n\n  1. "), "{plain}");
    assert!(!plain.contains("```"), "{plain}");
}
