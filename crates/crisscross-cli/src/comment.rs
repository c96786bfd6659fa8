//! The blast radius of an SCP change as a Markdown comment for a pull request: what opens, what closes,
//! hop by hop, and each changed policy's size against AWS's quotas.

use std::fmt::Write as _;

use crisscross_core::diff::{CallChange, Diff};
use crisscross_core::import::change::PolicyChange;
use crisscross_core::policy::PolicyType;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::Scenario;
use crisscross_core::size::{LimitSet, Quota, measure, thousands};

/// The most rows a table shows; the rest are counted.
const ROWS: usize = 25;

/// What the comment says about the gate.
pub(crate) struct GateLine {
    pub(crate) failed: bool,
    pub(crate) text: String,
}

fn hops(call: &CallChange, opened: bool) -> String {
    let shown: Vec<String> = call
        .hops
        .iter()
        .filter(|h| h.after.is_allow() == opened && h.before.is_allow() != opened)
        .map(|h| format!("{} {}", h.kind.as_str(), h.region))
        .collect();
    if shown.is_empty() {
        "—".to_owned()
    } else {
        shown.join(", ")
    }
}

fn table(out: &mut String, title: &str, calls: &[&CallChange], opened: bool) {
    if calls.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n#### {title}\n");
    let column = if opened { "hops now allowed" } else { "hops now denied" };
    let _ = writeln!(out, "| profile | source Region | {column} |\n| --- | --- | --- |");
    for call in calls.iter().take(ROWS) {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            call.profile,
            call.source_region,
            hops(call, opened)
        );
    }
    if calls.len() > ROWS {
        let _ = writeln!(out, "\n… and {} more.", calls.len() - ROWS);
    }
}

fn size_cell(text: Option<&str>) -> Option<usize> {
    text.map(|t| measure(t, PolicyType::Scp, LimitSet::Current).counted())
}

/// The comment.
pub(crate) fn markdown(
    diff: &Diff,
    policies: &[PolicyChange],
    after: &Scenario,
    notes: &[String],
    gate: Option<&GateLine>,
) -> String {
    let catalog = Catalog::builtin();
    let mut out = String::from("<!-- crisscross-scp-review -->\n### crisscross: SCP change review\n\n");
    let opened: Vec<&CallChange> = diff.opened().collect();
    let closed: Vec<&CallChange> = diff.closed().collect();
    let other: Vec<&CallChange> = diff
        .calls
        .iter()
        .filter(|c| c.before.is_allow() == c.after.is_allow())
        .collect();
    let api = after.request.api.as_deref().unwrap_or("InvokeModel");
    let _ = writeln!(
        out,
        "{}\n\nChecked for `{}` calling `{api}` with every profile and source Region of the built-in catalog (as of {}).\n",
        diff.summary, after.principal, catalog.as_of
    );
    let regions: Vec<String> = diff
        .opened_regions()
        .iter()
        .map(|(r, n)| format!("{r} ({n})"))
        .collect();
    let mut closed_regions: Vec<(String, usize)> = Vec::new();
    for h in diff
        .calls
        .iter()
        .flat_map(|c| &c.hops)
        .filter(|h| h.before.is_allow() && !h.after.is_allow())
    {
        match closed_regions.iter_mut().find(|(r, _)| *r == h.region) {
            Some((_, n)) => *n += 1,
            None => closed_regions.push((h.region.clone(), 1)),
        }
    }
    let closed_regions: Vec<String> = closed_regions.iter().map(|(r, n)| format!("{r} ({n})")).collect();
    let dash = |v: &[String]| if v.is_empty() { "—".to_owned() } else { v.join(", ") };
    let _ = writeln!(out, "| | calls | hops by Region |\n| --- | --- | --- |");
    let _ = writeln!(out, "| opens | {} | {} |", opened.len(), dash(&regions));
    let _ = writeln!(out, "| closes | {} | {} |", closed.len(), dash(&closed_regions));
    table(&mut out, "Opens", &opened, true);
    table(&mut out, "Closes", &closed, false);
    if !other.is_empty() {
        let _ = writeln!(out, "\n#### Calls whose verdict stays, with hops that change\n");
        let _ = writeln!(
            out,
            "| profile | source Region | call | hops (before → after) |\n| --- | --- | --- | --- |"
        );
        for call in other.iter().take(ROWS) {
            let changed: Vec<String> = call
                .hops
                .iter()
                .map(|h| format!("{} {}: {:?} → {:?}", h.kind.as_str(), h.region, h.before, h.after))
                .collect();
            let shown = if changed.is_empty() {
                "the deciding layer changes".to_owned()
            } else {
                changed.join(", ")
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {:?} | {shown} |",
                call.profile, call.source_region, call.after
            );
        }
        if other.len() > ROWS {
            let _ = writeln!(out, "\n… and {} more.", other.len() - ROWS);
        }
    }
    if !policies.is_empty() {
        let limit = Quota::ScpsPerTarget.limit(LimitSet::Current).value;
        let chars = measure("{}", PolicyType::Scp, LimitSet::Current).limit.value;
        let _ = writeln!(
            out,
            "\n#### Policies\n\n| policy | change | characters (quota {}) | SCPs at each target on this account's path (quota {limit}) |\n| --- | --- | --- | --- |",
            thousands(chars)
        );
        for p in policies {
            let size = match (size_cell(p.before.as_deref()), size_cell(p.after.as_deref())) {
                (Some(b), Some(a)) if a == b => thousands(a),
                (Some(b), Some(a)) => {
                    let sign = if a > b { "+" } else { "−" };
                    format!(
                        "{} → {} ({sign}{})",
                        thousands(b),
                        thousands(a),
                        thousands(a.abs_diff(b))
                    )
                }
                (None, Some(a)) => thousands(a),
                (Some(b), None) => format!("{} → removed", thousands(b)),
                (None, None) => "—".to_owned(),
            };
            let over = size_cell(p.after.as_deref()).is_some_and(|a| a > chars);
            let size = if over {
                format!("**{size}: over the quota**")
            } else {
                size
            };
            let counts: Vec<String> = p
                .targets_after
                .iter()
                .flatten()
                .filter_map(|t| {
                    let level = after.scps.as_ref()?.iter().find(|l| l.target == *t)?;
                    let n = level.policies.len();
                    Some(if n > limit {
                        format!("{t}: **{n}, over the quota**")
                    } else {
                        format!("{t}: {n}")
                    })
                })
                .collect();
            let _ = writeln!(
                out,
                "| `{}` (`{}`) | {} | {size} | {} |",
                p.name,
                p.address,
                p.kind,
                dash(&counts)
            );
        }
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "\n#### Notes\n");
        for n in notes {
            let _ = writeln!(out, "- {n}");
        }
    }
    if let Some(gate) = gate {
        let _ = writeln!(
            out,
            "\n{} {}",
            if gate.failed {
                "**Gate failed:**"
            } else {
                "Gate passed:"
            },
            gate.text
        );
    }
    out
}
