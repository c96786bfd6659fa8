//! `crisscross org import`: an account's SCP levels and its calling role's policies, from the bundle of
//! AWS CLI outputs that the README's snippets collect (docs/import-formats.md).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crisscross_core::diagnostic::Diagnostic;
use crisscross_core::import::bundle::{BundleImport, Select, read_bundle};
use crisscross_core::scenario::Scenario;

use crate::load;

/// Reads a file, or standard input for `-`.
pub(crate) fn read_input(path: &Path) -> Result<String, ExitCode> {
    let mut text = String::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    read.map(|()| text).map_err(|e| {
        eprintln!("{}: cannot read: {e}", path.display());
        ExitCode::from(2)
    })
}

/// Prints located diagnostics as `FILE: line L, column C: error[code]: message`.
pub(crate) fn print_diagnostics(file: &Path, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{}: {d}", file.display());
    }
}

/// The account and role name of a scenario's principal.
fn caller(scenario: &Scenario) -> (Option<String>, Option<String>) {
    let mut fields = scenario.principal.splitn(6, ':');
    let account = fields.nth(4).map(str::to_owned);
    let resource = fields.next().unwrap_or_default();
    let role = resource
        .strip_prefix("assumed-role/")
        .and_then(|r| r.split('/').next())
        .or_else(|| resource.strip_prefix("role/").and_then(|r| r.rsplit('/').next()))
        .map(str::to_owned);
    (account, role)
}

pub(crate) fn import(files: &[PathBuf], account: Option<&str>, role: Option<&str>, into: Option<&Path>) -> ExitCode {
    let base = match into.map(load) {
        Some(Ok((_, scenario))) => Some(scenario),
        Some(Err(code)) => return code,
        None => None,
    };
    let (scenario_account, scenario_role) = base.as_ref().map(caller).unwrap_or_default();
    let select = Select {
        account: account.or(scenario_account.as_deref()),
        role,
        role_hint: scenario_role.as_deref(),
    };
    // Every file is read before anything is applied: one bad file leaves the scenario as it was.
    let mut imports: Vec<BundleImport> = Vec::new();
    let mut failed = false;
    for file in files {
        let text = match read_input(file) {
            Ok(t) => t,
            Err(code) => return code,
        };
        match read_bundle(&text, select) {
            Ok(imported) => imports.push(imported),
            Err(diagnostics) => {
                print_diagnostics(file, &diagnostics);
                failed = true;
            }
        }
    }
    if failed {
        return ExitCode::from(2);
    }
    let mut scenario = match base {
        Some(s) => s,
        None => match imports.first() {
            Some(first) => first.scenario(),
            None => return ExitCode::from(2),
        },
    };
    for imported in &imports {
        imported.apply_to(&mut scenario);
        for note in imported.notes() {
            eprintln!("note: {note}");
        }
    }
    summarize(&scenario);
    println!("{}", scenario.to_json_pretty());
    ExitCode::SUCCESS
}

/// What the scenario now holds, on standard error so that standard output stays the scenario.
fn summarize(scenario: &Scenario) {
    if let Some(levels) = &scenario.scps {
        let shown: Vec<String> = levels
            .iter()
            .map(|l| {
                let names: Vec<&str> = l.policies.iter().map(|p| p.name.as_str()).collect();
                format!("{} [{}]", l.target, names.join(", "))
            })
            .collect();
        eprintln!("SCP levels, root first: {}", shown.join(" > "));
    }
    if !scenario.identity_policies.is_empty() {
        let names: Vec<&str> = scenario.identity_policies.iter().map(|p| p.name.as_str()).collect();
        eprintln!("identity policies of {}: {}", scenario.principal, names.join(", "));
    }
    if let Some(b) = &scenario.permissions_boundary {
        eprintln!("permissions boundary: {}", b.name);
    }
}
