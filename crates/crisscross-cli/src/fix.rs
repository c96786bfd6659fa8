//! Fixes for machines: `eval --format json` carries the suggestions and alternatives, and
//! `crisscross fix SCENARIO N` applies suggestion N, so a CI job or a bot can propose it as a commit.

use std::path::Path;
use std::process::ExitCode;

use crisscross_core::fix::{alternatives, no_fix_reason, suggest};
use crisscross_core::report::{Report, report};
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::Scenario;

use crate::load;

/// The report as JSON, with `fixes` (numbered from 1, as `crisscross fix` takes them), `alternatives`
/// and, for a denied call without a fix, `noFix`.
pub(crate) fn json_report(scenario: &Scenario, result: &Report) -> serde_json::Value {
    let mut value = serde_json::to_value(result).unwrap_or_default();
    let denied = result.decision.is_some_and(|d| !d.is_allow());
    let Some(object) = value.as_object_mut() else {
        return value;
    };
    let catalog = Catalog::builtin();
    let fixes = if denied { suggest(scenario, catalog) } else { Vec::new() };
    let numbered: Vec<serde_json::Value> = fixes
        .iter()
        .enumerate()
        .map(|(i, fix)| {
            let mut entry = serde_json::to_value(fix).unwrap_or_default();
            if let Some(fields) = entry.as_object_mut() {
                fields.insert("number".to_owned(), (i + 1).into());
            }
            entry
        })
        .collect();
    object.insert("fixes".to_owned(), numbered.into());
    let others = if denied {
        alternatives(scenario, catalog)
    } else {
        Vec::new()
    };
    object.insert(
        "alternatives".to_owned(),
        serde_json::to_value(others).unwrap_or_default(),
    );
    if denied
        && fixes.is_empty()
        && let Some(reason) = no_fix_reason(scenario, catalog)
    {
        object.insert("noFix".to_owned(), reason.into());
    }
    value
}

/// `crisscross fix SCENARIO N [-o OUT]`: the scenario with fix N applied, and what the call becomes.
pub(crate) fn apply(file: &Path, number: usize, output: Option<&Path>) -> ExitCode {
    let (_, scenario) = match load(file) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let catalog = Catalog::builtin();
    let fixes = suggest(&scenario, catalog);
    let Some(fix) = number.checked_sub(1).and_then(|i| fixes.get(i)) else {
        if fixes.is_empty() {
            eprintln!(
                "{}: no fix to apply: the call is allowed, invalid, or has no one-policy fix",
                file.display()
            );
        } else {
            eprintln!(
                "{}: there are {} fixes; give a number from 1 to {}",
                file.display(),
                fixes.len(),
                fixes.len()
            );
        }
        return ExitCode::from(2);
    };
    let patched = fix.apply_to(&scenario);
    let after = report(&patched, catalog);
    let text = patched.to_json_pretty() + "\n";
    match output {
        Some(out) => {
            if let Err(e) = std::fs::write(out, text) {
                eprintln!("{}: cannot write: {e}", out.display());
                return ExitCode::from(2);
            }
        }
        None => print!("{text}"),
    }
    eprintln!("applied fix {number}: {} [{}]", fix.title, fix.policy_label);
    eprintln!("{}", after.verdict);
    ExitCode::SUCCESS
}
