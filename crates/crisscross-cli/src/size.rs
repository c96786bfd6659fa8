//! `crisscross size` and `crisscross minify`: policy sizes counted the way AWS counts them, and the
//! minified or pretty form of a policy.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use crisscross_core::context::{CallerKind, Principal};
use crisscross_core::diagnostic::Diagnostic;
use crisscross_core::policy::PolicyType;
use crisscross_core::scenario::{PolicyRef, Scenario, is_scenario_text};
use crisscross_core::size::{
    self, Counting, Hint, InlineHolder, Limit, LimitSet, Quota, Safety, Size, attached_scps, hints, inline_total,
    measure, thousands,
};

/// The policy type of a policy file.
#[derive(Clone, Copy, ValueEnum)]
pub enum TypeArg {
    /// Service control policy.
    Scp,
    /// Resource control policy.
    Rcp,
    /// Identity-based policy of a user, group or role.
    Identity,
    /// Permissions boundary.
    Boundary,
    /// Session policy.
    Session,
}

impl From<TypeArg> for PolicyType {
    fn from(t: TypeArg) -> Self {
        match t {
            TypeArg::Scp => Self::Scp,
            TypeArg::Rcp => Self::Rcp,
            TypeArg::Identity => Self::Identity,
            TypeArg::Boundary => Self::Boundary,
            TypeArg::Session => Self::Session,
        }
    }
}

/// Which AWS quotas to check against.
#[derive(Clone, Copy, ValueEnum)]
pub enum LimitArg {
    /// The quotas in force now (SCPs: 10,240 characters, 10 per target).
    Current,
    /// The quotas before 2026-05-15 (SCPs: 5,120 characters, 5 per target).
    Legacy,
}

impl From<LimitArg> for LimitSet {
    fn from(l: LimitArg) -> Self {
        match l {
            LimitArg::Current => Self::Current,
            LimitArg::Legacy => Self::Legacy,
        }
    }
}

/// One measured policy.
struct Row {
    label: String,
    /// The policy, for a row of a scenario.
    policy: Option<PolicyRef>,
    size: Size,
    hints: Vec<Hint>,
    /// JSON errors and characters IAM rejects, located in the file.
    diagnostics: Vec<Diagnostic>,
}

/// The rows of one file, and what a scenario adds below them.
struct Section {
    /// The scenario file, for the rows of a scenario's policies.
    heading: Option<String>,
    rows: Vec<Row>,
    notes: Vec<String>,
}

/// Everything measured, and how the command ends.
#[derive(Default)]
struct Outcome {
    sections: Vec<Section>,
    /// The quotas checked, listed under the table with their sources.
    limits: Vec<&'static Limit>,
    over: bool,
    invalid: bool,
}

impl Outcome {
    fn checked(&mut self, limit: &'static Limit) {
        if !self.limits.iter().any(|l| std::ptr::eq(*l, limit)) {
            self.limits.push(limit);
        }
    }
}

/// `crisscross size`: prints every policy's size against its quota; exits 1 when one is over, 2 when a
/// file cannot be read or is not valid JSON.
pub(crate) fn size(files: &[PathBuf], policy_type: TypeArg, limit: LimitArg) -> ExitCode {
    let set = LimitSet::from(limit);
    let mut outcome = Outcome::default();
    for file in files {
        match std::fs::read_to_string(file) {
            Ok(text) if is_scenario_text(&text) => scenario_file(file, &text, set, &mut outcome),
            Ok(text) => {
                let label = file.display().to_string();
                let row = measure_policy(&label, None, &text, policy_type.into(), set);
                outcome.invalid |= row.diagnostics.iter().any(Diagnostic::is_error);
                outcome.sections.push(Section {
                    heading: None,
                    rows: vec![row],
                    notes: Vec::new(),
                });
            }
            Err(e) => {
                eprintln!("{}: cannot read: {e}", file.display());
                outcome.invalid = true;
            }
        }
    }
    let measured: Vec<&'static Limit> = outcome
        .sections
        .iter()
        .flat_map(|s| &s.rows)
        .map(|r| r.size.limit)
        .collect();
    for limit in measured {
        outcome.checked(limit);
    }
    outcome.over |= outcome.sections.iter().flat_map(|s| &s.rows).any(|r| r.size.exceeds());
    print(&outcome, set);
    if outcome.invalid {
        ExitCode::from(2)
    } else if outcome.over {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn measure_policy(label: &str, policy: Option<PolicyRef>, text: &str, policy_type: PolicyType, set: LimitSet) -> Row {
    let size = measure(text, policy_type, set);
    let mut diagnostics = match size::minify(text) {
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    };
    diagnostics.extend(size.invalid_characters.iter().cloned());
    Row {
        label: label.to_owned(),
        policy,
        hints: hints(text, policy_type),
        size,
        diagnostics: diagnostics
            .into_iter()
            .map(|d| match policy {
                Some(at) => d.for_policy(at),
                None => d,
            })
            .collect(),
    }
}

fn scenario_file(file: &Path, text: &str, set: LimitSet, outcome: &mut Outcome) {
    let scenario = match Scenario::from_json(text) {
        Ok(s) => s,
        Err(d) => {
            eprintln!("{}: {d}", file.display());
            outcome.invalid = true;
            return;
        }
    };
    let mut rows: Vec<Row> = scenario
        .policy_refs()
        .map(|(at, input)| {
            let policy_type = PolicyType::from(at.layer());
            measure_policy(&scenario.label(at), Some(at), input.document.text(), policy_type, set)
        })
        .collect();
    let mut diagnostics: Vec<Diagnostic> = rows.iter_mut().flat_map(|r| r.diagnostics.drain(..)).collect();
    crate::locate(text, &scenario, &mut diagnostics);
    for row in &mut rows {
        row.diagnostics = diagnostics
            .iter()
            .filter(|d| d.policy.is_some() && d.policy == row.policy)
            .cloned()
            .collect();
        outcome.invalid |= row.diagnostics.iter().any(Diagnostic::is_error);
    }
    let mut notes = Vec::new();

    let levels = attached_scps(&scenario, set);
    if !levels.is_empty() {
        let counts: Vec<String> = levels
            .iter()
            .map(|level| {
                let over = if level.exceeds() {
                    format!(" (OVER by {})", level.attached - level.limit.value)
                } else {
                    String::new()
                };
                format!("{} {}{over}", level.target, level.attached)
            })
            .collect();
        notes.push(format!(
            "SCPs attached per target (at most {}; inherited SCPs count where they are attached): {}",
            Quota::ScpsPerTarget.limit(set).value,
            counts.join(", ")
        ));
        outcome.over |= levels.iter().any(|l| l.exceeds());
        outcome.checked(Quota::ScpsPerTarget.limit(set));
    }
    if let Some((note, limit)) = inline_note(&scenario) {
        notes.push(note);
        outcome.checked(limit);
    }
    outcome.sections.push(Section {
        heading: Some(file.display().to_string()),
        rows,
        notes,
    });
}

/// The identity policies counted as inline policies of the principal: they may be managed policies, so
/// this is information, not a failure.
fn inline_note(scenario: &Scenario) -> Option<(String, &'static Limit)> {
    let principal = Principal::parse(&scenario.principal).ok()?;
    let (holder, name) = match principal.kind {
        CallerKind::RoleSession => (InlineHolder::Role, "role"),
        // A federated user's session starts from the policies of the IAM user that called GetFederationToken.
        CallerKind::User | CallerKind::FederatedUser => (InlineHolder::User, "user"),
        CallerKind::Root => return None,
    };
    let texts: Vec<&str> = scenario.identity_policies.iter().map(|p| p.document.text()).collect();
    if texts.is_empty() {
        return None;
    }
    let total = inline_total(&texts, holder);
    let note = format!(
        "the identity policies together, if all are inline policies of the {name}: {} of {} non-whitespace characters{}",
        thousands(total.counted),
        thousands(total.limit.value),
        if total.exceeds() {
            " (too large to be inline; managed policies are counted one by one)"
        } else {
            ""
        }
    );
    Some((note, total.limit))
}

fn print(outcome: &Outcome, set: LimitSet) {
    println!(
        "Sizes in characters (not bytes), against the {} AWS quotas (SCPs: {} characters).",
        set.as_str(),
        thousands(Quota::ScpSize.limit(set).value)
    );
    let rows = outcome.sections.iter().flat_map(|s| &s.rows);
    let Some(width) = rows.map(|r| r.label.chars().count()).max() else {
        return;
    };
    let width = width.max("policy".len());
    println!();
    println!(
        "{:<width$}  {:<20}  {:>8}  {:>8}  {:<8}  {:>6}  room",
        "policy", "type", "written", "minified", "counts", "limit"
    );
    for section in &outcome.sections {
        if let Some(heading) = &section.heading {
            println!("{heading}:");
        }
        for row in &section.rows {
            print_row(row, width);
        }
        for note in &section.notes {
            println!("  {note}");
        }
    }
    println!();
    println!("counts: the column AWS counts when the text is saved as written. Quotas checked:");
    let checked = size::LIMITS
        .iter()
        .filter(|limit| outcome.limits.iter().any(|l| std::ptr::eq(*l, **limit)));
    for limit in checked {
        println!(
            "  {}: {} {}, {}. {} (as of {})",
            limit.quota.describe(),
            thousands(limit.value),
            limit.quota.unit(),
            limit.note,
            limit.source,
            limit.as_of
        );
    }
}

fn print_row(row: &Row, width: usize) {
    let size = &row.size;
    let minified = if row.diagnostics.iter().any(|d| d.code.starts_with("json-")) {
        "-".to_owned()
    } else {
        thousands(size.minified)
    };
    let counts = match size.counting {
        Counting::EveryCharacter => "written",
        Counting::WithoutWhitespace => "minified",
    };
    println!(
        "{:<width$}  {:<20}  {:>8}  {:>8}  {counts:<8}  {:>6}  {}",
        row.label,
        size.policy_type.label(),
        thousands(size.written),
        minified,
        thousands(size.limit.value),
        room(size)
    );
    for d in &row.diagnostics {
        // The help line of a diagnostic stays under it, indented with the row's other details.
        println!("  {}: {}", row.label, d.to_string().replace('\n', "\n  "));
    }
    for hint in &row.hints {
        let caveat = hint.caveat.as_ref().map(|c| format!("; {c}")).unwrap_or_default();
        match &hint.safety {
            Safety::Safe => println!(
                "  hint: {}: saves {} characters (minified), every decision stays the same{caveat}",
                hint.description,
                thousands(hint.saves)
            ),
            Safety::Changes(changes) => println!(
                "  not safe: {}: saves {} characters, but {}",
                hint.description,
                thousands(hint.saves),
                changes.join("; ")
            ),
        }
    }
}

fn room(size: &Size) -> String {
    let amount = |n: i64| thousands(usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX));
    let room = size.room();
    if room >= 0 {
        return format!("{} left", amount(room));
    }
    let minified = size.room_minified();
    if size.counting == Counting::EveryCharacter && minified >= 0 {
        format!(
            "OVER by {} as written; minified (`crisscross minify`, or the console) {} left",
            amount(room),
            amount(minified)
        )
    } else {
        format!("OVER by {}", amount(room))
    }
}

/// `crisscross minify`: prints the policy without whitespace outside strings (or pretty-printed); exits 2
/// when the file cannot be read or is not valid JSON.
pub(crate) fn minify(file: &Path, pretty: bool) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{}: cannot read: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let formatted = if pretty {
        size::pretty(&text)
    } else {
        size::minify(&text)
    };
    match formatted {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            for d in &diagnostics {
                eprintln!("{}: {d}", file.display());
            }
            eprintln!(
                "{}: not minified: fix the JSON errors first, so no mistake is hidden",
                file.display()
            );
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenarios_are_told_from_policies() {
        assert!(is_scenario_text(r#"{"version": 1, "principal": "x", "request": {}}"#));
        assert!(!is_scenario_text(r#"{"Version": "2012-10-17", "Statement": []}"#));
        assert!(!is_scenario_text("{ not json"));
    }

    #[test]
    fn room_says_when_minifying_is_enough() {
        let text = format!("{{\"Version\":\"2012-10-17\",\"Statement\":[]}}{}", " ".repeat(5_200));
        let legacy = measure(&text, PolicyType::Scp, LimitSet::Legacy);
        assert!(legacy.exceeds());
        assert!(room(&legacy).contains("minified"), "{}", room(&legacy));
        let identity = measure(&text, PolicyType::Identity, LimitSet::Legacy);
        assert!(room(&identity).ends_with("left"));
    }
}
