//! `crisscross size` and `crisscross minify` as a script sees them: output and exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

fn policies() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../crisscross-core/tests/data/policies")
}

fn crisscross(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crisscross"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// A file in the temporary directory, named after the test so parallel tests do not collide.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("crisscross-size-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("temporary file");
    path
}

#[test]
fn size_of_the_control_tower_region_deny() {
    let file = policies().join("scp-control-tower-region-deny-us-east-1.json");
    let out = crisscross(&["size", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let row = stdout.lines().find(|l| l.contains("scp-control-tower")).unwrap();
    for cell in ["SCP", "2,991", "2,031", "written", "10,240", "7,249 left"] {
        assert!(row.contains(cell), "{cell} in {row}");
    }
    assert!(stdout.contains("hint: remove the Sid: saves 21 characters"), "{stdout}");
}

#[test]
fn size_exits_1_over_the_limit_and_says_when_minifying_is_enough() {
    // 5,120 characters is the legacy SCP quota; this policy is over it only because of its indentation.
    let statement = r#"{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}"#;
    let text = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{}]}}",
        vec![format!("\n{}{statement}", " ".repeat(100)); 40].join(",")
    );
    let file = temp_file("over.json", &text);
    let legacy = crisscross(&["size", "--limit", "legacy", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&legacy.stdout);
    assert_eq!(legacy.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("OVER by") && stdout.contains("minified"), "{stdout}");
    let current = crisscross(&["size", file.to_str().unwrap()]);
    assert_eq!(current.status.code(), Some(0));
    // As an identity policy only non-whitespace characters count, so it fits the 6,144 limit.
    let identity = crisscross(&["size", "--type", "identity", file.to_str().unwrap()]);
    assert_eq!(identity.status.code(), Some(0));
    std::fs::remove_file(file).ok();
}

#[test]
fn size_of_a_scenario_counts_its_scps_per_target() {
    let scenario = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json");
    let out = crisscross(&["size", "--limit", "legacy", scenario.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("SCP `aws-guardrails-GRREGIONDENY` (ou-workloads)"),
        "{stdout}"
    );
    assert!(stdout.contains("identity policy `BedrockInvoke`"), "{stdout}");
    assert!(stdout.contains("(at most 5;"), "{stdout}");
    assert!(stdout.contains("r-root 1, ou-workloads 2"), "{stdout}");
}

#[test]
fn size_exits_2_on_json_errors_and_shows_them() {
    let file = temp_file("broken.json", r#"{"Version": "2012-10-17", "Statement": [],}"#);
    let out = crisscross(&["size", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout.contains("error[json-trailing-comma]") && stdout.contains("help:"),
        "{stdout}"
    );
    std::fs::remove_file(file).ok();
}

#[test]
fn minify_prints_the_minified_policy_and_refuses_broken_json() {
    let file = policies().join("scp-full-aws-access.json");
    let out = crisscross(&["minify", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}\n"
    );
    let pretty = crisscross(&["minify", "--pretty", file.to_str().unwrap()]);
    let original = std::fs::read_to_string(&file).unwrap();
    assert_eq!(String::from_utf8_lossy(&pretty.stdout), format!("{original}\n"));

    let broken = temp_file("minify-broken.json", "{\"a\": 1 // note\n}");
    let out = crisscross(&["minify", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[json-comment]"));
    std::fs::remove_file(broken).ok();
}
