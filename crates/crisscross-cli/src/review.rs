//! `crisscross diff` and `crisscross import`: review a change by its blast radius, start from a denial.

use std::path::Path;
use std::process::ExitCode;

use crisscross_core::import::paste::{self, Pasted};
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::Scenario;

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

pub(crate) fn import(input: &Path, into: Option<&Path>, policy_uri: Option<&str>) -> ExitCode {
    let text = match crate::org::read_input(input) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let base = match into.map(load) {
        Some(Ok((_, scenario))) => Some(scenario),
        Some(Err(code)) => return code,
        None => None,
    };
    let empty = Scenario::from_json(r#"{"version": 1, "principal": "arn:aws:iam::111122223333:root", "request": {}}"#);
    let Some(context) = base.clone().or_else(|| empty.ok()) else {
        return ExitCode::from(2);
    };
    let pasted = match paste::read(&text, &context, Catalog::builtin()) {
        Ok(p) => p,
        Err(diagnostics) => {
            crate::org::print_diagnostics(input, &diagnostics);
            return ExitCode::from(2);
        }
    };
    let Some(mut scenario) = base else {
        let shown = match &pasted {
            Pasted::Denial(imported) => serde_json::to_string_pretty(imported),
            other => serde_json::to_string_pretty(other),
        };
        println!("{}", shown.unwrap_or_default());
        return ExitCode::SUCCESS;
    };
    if let Pasted::CapturedPolicy(_) = &pasted {
        let Some(uri) = policy_uri else {
            eprintln!(
                "{}: a captured policy replaces the scenario's policy with its ARN: give it with --policy-uri ARN",
                input.display()
            );
            return ExitCode::from(2);
        };
        match pasted.replace_policy(&mut scenario, uri) {
            Some(at) => eprintln!(
                "note: replaced the document of the {} with the one AWS captured",
                scenario.label(at)
            ),
            None => {
                eprintln!("{}: no policy of the scenario has the ARN `{uri}`", input.display());
                return ExitCode::from(2);
            }
        }
    }
    pasted.apply_to(&mut scenario);
    for note in pasted.notes() {
        eprintln!("note: {note}");
    }
    if let Pasted::Denial(imported) = &pasted {
        if imported.policy_in(&scenario).is_none()
            && let Some(arn) = &imported.policy_arn
        {
            eprintln!("note: no policy of the scenario has the ARN `{arn}` the message names");
        }
        if let Some(id) = &imported.authorization_id {
            eprintln!(
                "note: `aws iam-toolbox get-request-authorization-details --authorization-id {id}` prints the request context and matched statements; `crisscross import` reads its output"
            );
        }
    }
    let verb = if matches!(pasted, Pasted::Details(_)) {
        "AWS matched"
    } else {
        "the message names"
    };
    for at in pasted.policies_in(&scenario) {
        eprintln!("note: {verb} the {}", scenario.label(at));
    }
    println!("{}", scenario.to_json_pretty());
    ExitCode::SUCCESS
}
