//! `crisscross link`, `crisscross open`, and the ticket formats of `crisscross eval`.

use std::io::Read as _;
use std::path::Path;
use std::process::ExitCode;

use crisscross_core::export::{SuggestedFix, Ticket};
use crisscross_core::fix;
use crisscross_core::report::Report;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::Scenario;
use crisscross_core::share::{self, EncodeOptions};

/// Where links point when neither `--base` nor `CRISSCROSS_BASE_URL` says: the playground as
/// `scripts/serve.sh` serves it.
const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";

/// The playground address links start with.
pub(crate) fn base_url(base: Option<&str>) -> String {
    base.map(str::to_owned)
        .or_else(|| std::env::var("CRISSCROSS_BASE_URL").ok())
        .unwrap_or_else(|| DEFAULT_BASE.to_owned())
}

/// Prints the share link of a scenario file on stdout, and its ID and length on stderr.
pub(crate) fn link(file: &Path, base: Option<&str>, minify: bool) -> ExitCode {
    let scenario = match super::load(file) {
        Ok((_, scenario)) => scenario,
        Err(code) => return code,
    };
    let encoded = match share::encode(&scenario, EncodeOptions { minify }) {
        Ok(encoded) => encoded,
        Err(e) => {
            eprintln!("{}: {}", file.display(), e.to_diagnostic());
            return ExitCode::from(2);
        }
    };
    let url = encoded.url(&base_url(base));
    println!("{url}");
    let length = url.chars().count();
    eprintln!("scenario {}, link of {length} characters", encoded.id);
    if let Some(warning) = share::length_warning(length) {
        eprintln!("warning: {warning}");
    }
    ExitCode::SUCCESS
}

/// Writes the scenario of a link (or of `-`, a link read from stdin) as pretty JSON.
pub(crate) fn open(link: &str, output: Option<&Path>) -> ExitCode {
    let mut text = link.to_owned();
    // A long link can exceed the operating system's limit on one argument, so it can come on stdin.
    if link == "-" {
        text.clear();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            eprintln!("stdin: cannot read: {e}");
            return ExitCode::from(2);
        }
    }
    let shared = match share::decode(&text) {
        Ok(shared) => shared,
        Err(e) => {
            eprintln!("{}", e.to_diagnostic());
            return ExitCode::from(2);
        }
    };
    if let Some(notice) = shared.catalog_notice() {
        eprintln!("note: {notice}");
    }
    let json = format!("{}\n", shared.scenario.to_json_pretty());
    match output {
        None => print!("{json}"),
        Some(path) => {
            if let Err(e) = std::fs::write(path, json) {
                eprintln!("{}: cannot write: {e}", path.display());
                return ExitCode::from(2);
            }
            eprintln!("scenario {} written to {}", shared.id, path.display());
        }
    }
    ExitCode::SUCCESS
}

/// Prints the ticket export of an evaluated scenario, with its link and the suggested fixes.
pub(crate) fn print_ticket(scenario: &Scenario, report: &Report, markdown: bool) {
    let fixes: Vec<SuggestedFix> = fix::suggest(scenario, Catalog::builtin())
        .iter()
        .map(SuggestedFix::from)
        .collect();
    let link = match share::encode(scenario, EncodeOptions::default()) {
        Ok(encoded) => Some(encoded.url(&base_url(None))),
        Err(e) => {
            eprintln!("warning: the ticket has no link: {e}");
            None
        }
    };
    let reason = if fixes.is_empty() {
        fix::no_fix_reason(scenario, Catalog::builtin())
    } else {
        None
    };
    let ticket = Ticket {
        link: link.as_deref(),
        fixes: &fixes,
        no_fix_reason: reason.as_deref(),
        ..Ticket::new(scenario, report)
    };
    print!("{}", if markdown { ticket.markdown() } else { ticket.plain() });
}
