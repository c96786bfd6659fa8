//! `crisscross catalog`: import the routes AWS reports for the user's own account, and regenerate the
//! built-in catalog from them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crisscross_core::import::routes::{
    ImportedRoute, RouteChange, compare, merge_into, parse_aws_output, regenerate_tsv,
};
use crisscross_core::route::catalog::Catalog;

use crate::load;

fn read_all(files: &[PathBuf]) -> Result<Vec<ImportedRoute>, ExitCode> {
    let mut routes = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).map_err(|e| {
            eprintln!("{}: cannot read: {e}", file.display());
            ExitCode::from(2)
        })?;
        match parse_aws_output(&text) {
            Ok(mut r) => routes.append(&mut r),
            Err(d) => {
                eprintln!("{}: {d}", file.display());
                return Err(ExitCode::from(2));
            }
        }
    }
    Ok(routes)
}

fn today() -> String {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_secs())
        .ok()
        .and_then(crisscross_core::time::format_day)
        .unwrap_or_default()
}

pub(crate) fn import(files: &[PathBuf], into: Option<&Path>, date: Option<String>) -> ExitCode {
    let routes = match read_all(files) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let catalog = Catalog::builtin();
    let date = date.unwrap_or_else(today);
    let changes = compare(&routes, catalog);
    let report = |line: String| {
        if into.is_some() {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    report(format!(
        "{} route(s) read; against the built-in catalog as of {}:",
        routes.len(),
        catalog.as_of
    ));
    if changes.is_empty() {
        report("  no differences".to_owned());
    }
    for change in &changes {
        report(match change {
            RouteChange::NewProfile { profile } => format!("  new profile {profile}"),
            RouteChange::NewSource { profile, source_region } => {
                format!("  {profile}: new source Region {source_region}")
            }
            RouteChange::Destinations {
                profile,
                source_region,
                added,
                missing,
            } => format!(
                "  {profile} from {source_region}: destinations added [{}], missing [{}]",
                added.join(", "),
                missing.join(", ")
            ),
        });
    }
    if let Some(into) = into {
        let Ok((_, mut scenario)) = load(into) else {
            return ExitCode::from(2);
        };
        merge_into(&mut scenario, &routes, &date);
        println!("{}", scenario.to_json_pretty());
    }
    ExitCode::SUCCESS
}

pub(crate) fn regenerate(files: &[PathBuf], date: Option<String>) -> ExitCode {
    let routes = match read_all(files) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let builtin = include_str!("../../crisscross-core/data/cris-profiles.tsv");
    print!("{}", regenerate_tsv(builtin, &routes, &date.unwrap_or_else(today)));
    ExitCode::SUCCESS
}
