//! Any text as any policy type: the parser never panics, reads plain policies to the same outcome as its
//! general reader, and a policy it accepts prints back to JSON that parses to the same policy.
#![cfg_attr(fuzzing, no_main)]

use crisscross_core::policy::{PolicyType, parse_policy, parse_policy_generally, without_comments};

fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for policy_type in [
        PolicyType::Scp,
        PolicyType::Identity,
        PolicyType::Boundary,
        PolicyType::Session,
        PolicyType::Rcp,
    ] {
        let parsed = parse_policy(&text, policy_type);
        assert_eq!(parsed, parse_policy_generally(&text, policy_type), "both readers agree on {text}");
        for d in &parsed.diagnostics {
            assert!(
                d.line.is_some() == d.span.is_some(),
                "a located diagnostic has a line: {d:?}"
            );
        }
        if let Some(policy) = parsed.policy {
            let printed = policy.to_json().to_string();
            let again = parse_policy(&printed, policy_type);
            match again.policy {
                Some(again) => assert_eq!(again.to_json(), policy.to_json(), "round trip of {printed}"),
                // An escape such as `\ud0ed` is plain ASCII as written, but prints as the character it
                // stands for, which IAM policies may not contain: the only acceptable reason to refuse.
                None => assert!(
                    again.diagnostics.iter().filter(|d| d.is_error()).all(|d| d.code == "invalid-character"),
                    "the printed policy parses: {printed}\n{:?}",
                    again.diagnostics
                ),
            }
        }
    }
    // Cleaning comments and trailing commas never panics either.
    let _ = parse_policy(&without_comments(&text), PolicyType::Scp);
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| check(data));

#[cfg(not(fuzzing))]
fn main() -> std::process::ExitCode {
    crisscross_fuzz::replay("parse_policy", check)
}
