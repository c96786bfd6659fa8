//! The CLI's catalog import, denial import and diff gate, run as a user would.

use std::path::PathBuf;
use std::process::{Command, Output};

fn crisscross(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crisscross"))
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const CONTROL_TOWER: &str = "tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json";

#[test]
fn catalog_import_reports_changes_and_carries_routes_into_the_scenario() {
    let o = crisscross(&[
        "catalog",
        "import",
        "tests/aws-output/list-inference-profiles-eu-central-1.json",
    ]);
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("new profile eu.anthropic.claude-sonnet-4-6"),
        "{}",
        stdout(&o)
    );

    let o = crisscross(&[
        "catalog",
        "import",
        "tests/aws-output/list-inference-profiles-eu-central-1.json",
        "--into",
        CONTROL_TOWER,
        "--date",
        "2026-11-22",
    ]);
    assert!(o.status.success());
    let scenario: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let custom = scenario["customProfiles"].as_array().unwrap();
    assert_eq!(custom.len(), 3);
    assert!(custom.iter().all(|c| c["importedAt"] == "2026-11-22"));
    assert!(custom.iter().any(|c| {
        c["arn"]
            .as_str()
            .is_some_and(|a| a.contains("application-inference-profile/a1b2c3d4e5f6"))
    }));
}

#[test]
fn catalog_import_rejects_other_json_clearly() {
    let o = crisscross(&["catalog", "import", CONTROL_TOWER]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("catalog-import") && err.contains("get-inference-profile"),
        "{err}"
    );
}

#[test]
fn import_reads_a_denial_into_a_scenario() {
    let dir = std::env::temp_dir().join(format!("crisscross-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let message = dir.join("denial.txt");
    std::fs::write(&message, "An error occurred (AccessDeniedException) when calling the ConverseStream operation: User: arn:aws:sts::111122223333:assumed-role/App/s is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:eu-west-3::foundation-model/amazon.nova-pro-v1:0 with an explicit deny in a service control policy").unwrap();
    let o = crisscross(&["import", message.to_str().unwrap()]);
    let read: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(read["failedHop"], "destination-model");
    assert_eq!(read["failedRegion"], "eu-west-3");
    assert_eq!(read["layer"], "scp");
    assert_eq!(read["api"], "ConverseStream");
    assert!(
        read["candidateProfiles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "eu.amazon.nova-pro-v1:0")
    );
}

#[test]
fn diff_gate_fails_when_a_change_opens_calls() {
    let dir = std::env::temp_dir().join(format!("crisscross-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let original = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(CONTROL_TOWER),
    )
    .unwrap();
    // Allow us-east-2 next to us-east-1 in the Region list: only hops in us-east-2 can change.
    let opened = original.replacen("\"us-east-1\"\n", "\"us-east-1\", \"us-east-2\"\n", 1);
    assert_ne!(opened, original);
    let new = dir.join("new.json");
    std::fs::write(&new, opened).unwrap();
    let new = new.to_str().unwrap();

    let report = crisscross(&["diff", CONTROL_TOWER, new]);
    assert!(report.status.success(), "without a gate, diff only reports");
    let text = stdout(&report);
    assert!(
        text.contains("allows hops in us-east-2") && text.contains("closes nothing"),
        "{text}"
    );

    assert_eq!(
        crisscross(&["diff", CONTROL_TOWER, new, "--fail-on-open"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        crisscross(&[
            "diff",
            CONTROL_TOWER,
            new,
            "--fail-on-open",
            "--allow-region",
            "us-west-2"
        ])
        .status
        .code(),
        Some(1)
    );
    let allowed = crisscross(&[
        "diff",
        CONTROL_TOWER,
        new,
        "--fail-on-open",
        "--allow-region",
        "us-east-2",
    ]);
    assert!(allowed.status.success(), "{}", String::from_utf8_lossy(&allowed.stderr));
    assert!(
        crisscross(&[
            "diff",
            CONTROL_TOWER,
            CONTROL_TOWER,
            "--fail-on-open",
            "--fail-on-close"
        ])
        .status
        .success()
    );
}
