//! `crisscross diff` and `crisscross import`: review a change by its blast radius, start from a denial.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use crisscross_core::import::denial::import as read_denial;
use crisscross_core::route::catalog::Catalog;

use crate::load;

/// What makes `diff` fail, for CI gates.
pub(crate) struct Gate {
    pub(crate) fail_on_open: bool,
    pub(crate) allow_region: Vec<String>,
    pub(crate) fail_on_close: bool,
}

pub(crate) fn diff(old: &Path, new: &Path, gate: &Gate, json: bool) -> ExitCode {
    let (Ok((_, before)), Ok((_, after))) = (load(old), load(new)) else {
        return ExitCode::from(2);
    };
    let result = match crisscross_core::diff::diff(&before, &after, Catalog::builtin()) {
        Ok(d) => d,
        Err(diagnostics) => {
            for d in diagnostics.iter().filter(|d| d.is_error()) {
                eprintln!("{d}");
            }
            return ExitCode::from(2);
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&result).unwrap_or_default());
    } else {
        println!("{}", result.summary);
        for (policy, delta) in &result.size_changes {
            println!("  {policy}: {delta:+} characters");
        }
        for call in &result.calls {
            println!(
                "{} from {}: {:?} -> {:?}",
                call.profile, call.source_region, call.before, call.after
            );
            for hop in &call.hops {
                println!(
                    "    {:<18} {:<15} {:?} -> {:?}",
                    hop.kind.as_str(),
                    hop.region,
                    hop.before,
                    hop.after
                );
            }
        }
    }
    let opened_outside = result
        .calls
        .iter()
        .flat_map(|c| &c.hops)
        .filter(|h| h.after.is_allow() && !h.before.is_allow())
        .any(|h| !gate.allow_region.contains(&h.region));
    let violated = (gate.fail_on_open && opened_outside) || (gate.fail_on_close && result.closed().next().is_some());
    if violated {
        eprintln!(
            "the change {} what the gate allows",
            if opened_outside {
                "opens more than"
            } else {
                "closes calls, which is not"
            }
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

pub(crate) fn import(input: &Path, into: Option<&Path>) -> ExitCode {
    let mut text = String::new();
    let read = if input.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(input).map(|t| text = t)
    };
    if let Err(e) = read {
        eprintln!("{}: cannot read: {e}", input.display());
        return ExitCode::from(2);
    }
    let imported = read_denial(&text, Catalog::builtin());
    let Some(into) = into else {
        println!("{}", serde_json::to_string_pretty(&imported).unwrap_or_default());
        return ExitCode::SUCCESS;
    };
    let Ok((_, mut scenario)) = load(into) else {
        return ExitCode::from(2);
    };
    imported.apply_to(&mut scenario);
    for note in &imported.notes {
        eprintln!("note: {note}");
    }
    if let Some(at) = imported.policy_in(&scenario) {
        eprintln!("note: the message names the {}", scenario.label(at));
    } else if let Some(arn) = &imported.policy_arn {
        eprintln!("note: no policy of the scenario has the ARN `{arn}` the message names");
    }
    if let Some(id) = &imported.authorization_id {
        eprintln!(
            "note: `aws iam-toolbox get-request-authorization-details --authorization-id {id}` prints the request context and matched statements; `crisscross import` reads its output"
        );
    }
    println!("{}", scenario.to_json_pretty());
    ExitCode::SUCCESS
}
