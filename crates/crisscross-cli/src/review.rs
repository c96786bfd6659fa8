//! `crisscross diff` and `crisscross import`: review a change by its blast radius, start from a denial.

use std::path::{Path, PathBuf};
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

/// What `diff` compares and how it prints.
pub(crate) struct DiffArgs {
    pub(crate) files: Vec<PathBuf>,
    pub(crate) scenario: Option<PathBuf>,
    pub(crate) parameters: Vec<String>,
    pub(crate) gate: Gate,
    /// `text`, `json` or `markdown`.
    pub(crate) format: &'static str,
}

pub(crate) fn diff(args: &DiffArgs) -> ExitCode {
    let (before, after, change) = match &args.scenario {
        None => {
            let [old, new] = args.files.as_slice() else {
                eprintln!(
                    "give two scenario files, or --scenario BASE with a Terraform plan or CloudFormation templates"
                );
                return ExitCode::from(2);
            };
            let (Ok((_, before)), Ok((_, after))) = (load(old), load(new)) else {
                return ExitCode::from(2);
            };
            (before, after, None)
        }
        Some(base) => {
            let Ok((_, base)) = load(base) else {
                return ExitCode::from(2);
            };
            let applied = crate::change::parameters(&args.parameters)
                .and_then(|parameters| crate::change::apply(&base, &args.files, &parameters));
            match applied {
                Ok(a) => (a.before, a.after, Some((a.change, a.notes))),
                Err(message) => {
                    eprintln!("{message}");
                    return ExitCode::from(2);
                }
            }
        }
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
    let gate = &args.gate;
    let opened_outside: Vec<String> = result
        .calls
        .iter()
        .flat_map(|c| &c.hops)
        .filter(|h| h.after.is_allow() && !h.before.is_allow() && !gate.allow_region.contains(&h.region))
        .map(|h| h.region.clone())
        .fold(Vec::new(), |mut acc, r| {
            if !acc.contains(&r) {
                acc.push(r);
            }
            acc
        });
    let closes = result.closed().next().is_some();
    let failed_open = gate.fail_on_open && !opened_outside.is_empty();
    let failed_close = gate.fail_on_close && closes;
    let gate_line = (gate.fail_on_open || gate.fail_on_close).then(|| {
        let mut parts = Vec::new();
        if gate.fail_on_open {
            let allowed = if gate.allow_region.is_empty() {
                "none".to_owned()
            } else {
                gate.allow_region.join(", ")
            };
            parts.push(if opened_outside.is_empty() {
                format!("`--fail-on-open` (Regions it may open: {allowed}): nothing opens outside them")
            } else {
                format!(
                    "`--fail-on-open` (Regions it may open: {allowed}): opens hops in {}",
                    opened_outside.join(", ")
                )
            });
        }
        if gate.fail_on_close {
            parts.push(if closes {
                "`--fail-on-close`: closes calls that were allowed".to_owned()
            } else {
                "`--fail-on-close`: closes nothing".to_owned()
            });
        }
        crate::comment::GateLine {
            failed: failed_open || failed_close,
            text: parts.join("; "),
        }
    });
    let (policies, notes) = change
        .as_ref()
        .map(|(c, n)| (c.policies(), n.clone()))
        .unwrap_or_default();
    match args.format {
        "markdown" => print!(
            "{}",
            crate::comment::markdown(&result, &policies, &after, &notes, gate_line.as_ref())
        ),
        "json" => {
            let value = serde_json::json!({
                "diff": result,
                "policies": policies,
                "notes": notes,
                "gateFailed": failed_open || failed_close,
            });
            println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
        }
        _ => {
            println!("{}", result.summary);
            for p in &policies {
                println!("  policy {} ({}): {}", p.name, p.address, p.kind);
            }
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
            for note in &notes {
                println!("note: {note}");
            }
        }
    }
    if failed_open || failed_close {
        eprintln!(
            "the change {} what the gate allows",
            if failed_open {
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
