//! `crisscross deck`, run as a trainer runs it before a workshop.

use std::process::{Command, Output};

const SHIPPED: &str = "../../web/decks/intro.json";

fn crisscross(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crisscross"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CRISSCROSS_BASE_URL")
        .output()
        .unwrap()
}

#[test]
fn the_shipped_deck_checks_and_prints_as_a_handout_and_a_link() {
    let checked = crisscross(&["deck", SHIPPED]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(checked.status.success(), "{stderr}");
    assert_eq!(stderr.matches(": ok\n").count(), 5, "{stderr}");

    let handout = crisscross(&["deck", SHIPPED, "--handout"]);
    let markdown = String::from_utf8(handout.stdout).unwrap();
    assert!(
        markdown.starts_with("# Cross-Region inference versus your guardrails\n"),
        "{markdown}"
    );
    assert!(markdown.contains("\n## Answers\n"));

    let link = crisscross(&["deck", SHIPPED, "--link", "--base", "https://example.test/play"]);
    let link = String::from_utf8(link.stdout).unwrap();
    assert!(link.starts_with("https://example.test/play#deck.v1.d."), "{link}");
}

#[test]
fn a_wrong_answer_fails_and_a_bad_deck_says_where() {
    let dir = std::env::temp_dir().join(format!("crisscross-deck-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let shipped = std::fs::read_to_string(format!("{}/{SHIPPED}", env!("CARGO_MANIFEST_DIR"))).unwrap();

    let wrong = dir.join("wrong.json");
    let flipped = shipped.replacen(r#""decision": "ExplicitDeny","#, r#""decision": "Allow","#, 1);
    std::fs::write(&wrong, flipped).unwrap();
    let out = crisscross(&["deck", wrong.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("slide 1 (Control Tower Region deny and a us. profile): FAIL")
    );

    let newer = dir.join("newer.json");
    std::fs::write(&newer, shipped.replace("crisscross-deck/1", "crisscross-deck/2")).unwrap();
    let out = crisscross(&["deck", newer.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2, column 13"), "{stderr}");
    assert!(stderr.contains("newer"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}
