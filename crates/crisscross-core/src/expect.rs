//! Checking a scenario's `expect` block: used by `crisscross test`, the corpus tests and the playground's
//! "predict, then reveal" exercises.

use crate::report::{Report, report};
use crate::route::catalog::Catalog;
use crate::scenario::{ExpectHop, Scenario};

/// Runs a scenario and compares it with its expectations. Returns the mismatches, empty when all hold.
#[must_use]
pub fn check(scenario: &Scenario, catalog: &Catalog) -> Vec<String> {
    check_report(scenario, &report(scenario, catalog))
}

/// [`check`] against a report of the scenario already made.
#[must_use]
pub fn check_report(scenario: &Scenario, result: &Report) -> Vec<String> {
    let Some(expect) = &scenario.expect else {
        return vec!["the scenario has no `expect` block".to_owned()];
    };
    let mut problems = Vec::new();
    if let Some(expected) = &expect.diagnostics {
        for e in expected {
            let found = result.diagnostics.iter().any(|d| {
                d.code == e.code
                    && e.line.is_none_or(|l| d.line == Some(l))
                    && e.column.is_none_or(|c| d.column == Some(c))
                    && e.policy.as_ref().is_none_or(|name| {
                        d.policy
                            .and_then(|at| scenario.policy(at))
                            .is_some_and(|p| p.name == *name)
                    })
            });
            if !found {
                problems.push(format!(
                    "expected diagnostic `{}`{}{} not reported; reported: {}",
                    e.code,
                    e.policy.as_ref().map(|p| format!(" in `{p}`")).unwrap_or_default(),
                    e.line
                        .map(|l| format!(" at line {l}, column {}", e.column.unwrap_or(0)))
                        .unwrap_or_default(),
                    describe_diagnostics(result)
                ));
            }
        }
    }
    let invalid = result.decision.is_none();
    if invalid && (expect.decision.is_some() || expect.hops.is_some()) {
        problems.push(format!(
            "expected a decision, but the input is invalid: {}",
            describe_diagnostics(result)
        ));
        return problems;
    }
    if let (Some(expected), Some(actual)) = (expect.decision, result.decision)
        && expected != actual
    {
        problems.push(format!(
            "call decision: expected {expected:?}, got {actual:?} ({})",
            result.verdict
        ));
    }
    if let Some(expected) = expect.blocked_by
        && result.blocked_by != Some(expected)
        && result.decision.is_some()
    {
        problems.push(format!(
            "blockedBy: expected {}, got {}",
            expected.as_str(),
            result.blocked_by.map_or("nothing", |l| l.as_str())
        ));
    }
    if let Some(hops) = &expect.hops
        && !invalid
    {
        compare_hops(hops, result, &mut problems);
    }
    problems
}

fn describe_diagnostics(result: &Report) -> String {
    if result.diagnostics.is_empty() {
        return "none".to_owned();
    }
    result
        .diagnostics
        .iter()
        .map(|d| format!("`{}` at {}:{}", d.code, d.line.unwrap_or(0), d.column.unwrap_or(0)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn compare_hops(expected: &[ExpectHop], result: &Report, problems: &mut Vec<String>) {
    if expected.len() != result.hops.len() {
        let actual: Vec<String> = result
            .hops
            .iter()
            .map(|h| format!("{} {}", h.kind.as_str(), h.region))
            .collect();
        problems.push(format!(
            "expected {} hops, got {}: {}",
            expected.len(),
            result.hops.len(),
            actual.join(", ")
        ));
        return;
    }
    for (i, (e, a)) in expected.iter().zip(&result.hops).enumerate() {
        let name = format!("hop {i} ({} {})", a.kind.as_str(), a.region);
        if let Some(kind) = &e.kind
            && kind != a.kind.as_str()
        {
            problems.push(format!("{name}: expected kind {kind}"));
        }
        if let Some(region) = &e.region
            && *region != a.region
        {
            problems.push(format!("{name}: expected region {region}"));
        }
        if let Some(decision) = e.decision
            && decision != a.decision
        {
            let why = a
                .decided_by
                .first()
                .map(|s| format!(", decided by {}", s.label))
                .unwrap_or_default();
            problems.push(format!("{name}: expected {decision:?}, got {:?}{why}", a.decision));
        }
        if let Some(layer) = e.blocked_by
            && a.blocked_by != Some(layer)
        {
            problems.push(format!(
                "{name}: expected blockedBy {}, got {}",
                layer.as_str(),
                a.blocked_by.map_or("nothing", |l| l.as_str())
            ));
        }
        if let Some(keys) = &e.depends_on {
            let mut expected: Vec<String> = keys.iter().map(|k| k.to_ascii_lowercase()).collect();
            let mut actual: Vec<String> = a.depends_on.iter().map(|d| d.key.to_ascii_lowercase()).collect();
            crate::order::sort(&mut expected);
            crate::order::sort(&mut actual);
            if expected != actual {
                problems.push(format!("{name}: expected dependsOn {expected:?}, got {actual:?}"));
            }
        }
        if let Some(sid) = &e.sid
            && !a.decided_by.iter().any(|s| s.sid.as_deref() == Some(sid))
        {
            problems.push(format!("{name}: expected deciding statement `{sid}`"));
        }
        if let Some(index) = e.statement
            && !a.decided_by.iter().any(|s| s.at.statement == index)
        {
            problems.push(format!("{name}: expected deciding statement {index}"));
        }
    }
}
