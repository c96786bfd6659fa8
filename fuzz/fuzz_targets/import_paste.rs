//! Any text pasted as AWS output (bundle, IAM output, AccessDenied message, CloudTrail event, Access
//! Troubleshooter details or policy, decoded authorization message, Terraform plan, CloudFormation
//! template): reading never panics, a refusal always says why, and what is read applies to a scenario
//! that still writes and reads back.
#![cfg_attr(fuzzing, no_main)]

use std::collections::BTreeMap;

use crisscross_core::import::{cloudformation, paste, terraform};
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::Scenario;

fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(mut scenario) = Scenario::from_json(
        r#"{"version": 1, "principal": "arn:aws:sts::111122223333:assumed-role/App/s",
            "scps": [{"target": "r-ab12", "policies": []}, {"target": "111122223333", "policies": []}],
            "request": {"profile": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "sourceRegion": "us-east-1"}}"#,
    ) else {
        return;
    };
    match paste::read(&text, &scenario, Catalog::builtin()) {
        Ok(pasted) => {
            pasted.apply_to(&mut scenario);
            let _ = pasted.policies_in(&scenario);
            let _ = pasted.replace_policy(&mut scenario, "arn:aws:iam::111122223333:policy/P");
            assert!(Scenario::from_json(&scenario.to_json()).is_ok(), "{}", scenario.to_json());
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty() && diagnostics.iter().all(|d| d.is_error()));
        }
    }
    if let Ok(change) = terraform::read_plan(&text) {
        let _ = change.scenarios(&scenario);
        let _ = change.policies();
    }
    if let Ok(policies) = cloudformation::read_template(&text, &BTreeMap::new()) {
        let _ = cloudformation::change_between(None, &policies).scenarios(&scenario);
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| check(data));

#[cfg(not(fuzzing))]
fn main() -> std::process::ExitCode {
    crisscross_fuzz::replay("import_paste", check)
}
