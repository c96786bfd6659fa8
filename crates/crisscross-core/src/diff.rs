//! Reviewing a policy change by its blast radius: for every catalog profile and source Region, which
//! hops change verdict between two versions of a scenario.

use serde::Serialize;

use crate::analysis::{Prepared, analyze, prepare};
use crate::diagnostic::Diagnostic;
use crate::evaluate::Decision;
use crate::matrix::matrix;
use crate::route::catalog::Catalog;
use crate::route::hop::HopKind;
use crate::scenario::{RequestInput, Scenario};

/// One hop whose verdict changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HopChange {
    /// Kind of hop.
    pub kind: HopKind,
    /// Its Region.
    pub region: String,
    /// Before.
    pub before: Decision,
    /// After.
    pub after: Decision,
}

/// One (profile, source Region) call whose hops changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallChange {
    /// Profile ID.
    pub profile: String,
    /// Source Region.
    pub source_region: String,
    /// The call's decision before.
    pub before: Decision,
    /// After.
    pub after: Decision,
    /// The hops that changed verdict.
    pub hops: Vec<HopChange>,
}

/// The effect of a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diff {
    /// Every call with a changed hop, in catalog order.
    pub calls: Vec<CallChange>,
    /// Characters added (negative: removed) per policy, by the label used in diagnostics.
    pub size_changes: Vec<(String, i64)>,
    /// One sentence for people.
    pub summary: String,
}

impl Diff {
    /// Calls denied before and allowed after.
    pub fn opened(&self) -> impl Iterator<Item = &CallChange> {
        self.calls.iter().filter(|c| !c.before.is_allow() && c.after.is_allow())
    }

    /// Calls allowed before and denied after.
    pub fn closed(&self) -> impl Iterator<Item = &CallChange> {
        self.calls.iter().filter(|c| c.before.is_allow() && !c.after.is_allow())
    }

    /// Hop Regions that became allowed for some call, with how many calls.
    #[must_use]
    pub fn opened_regions(&self) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for hop in self
            .calls
            .iter()
            .flat_map(|c| &c.hops)
            .filter(|h| h.after.is_allow() && !h.before.is_allow())
        {
            match counts.iter_mut().find(|(r, _)| *r == hop.region) {
                Some((_, n)) => *n += 1,
                None => counts.push((hop.region.clone(), 1)),
            }
        }
        counts
    }
}

/// Compares two versions of a scenario (typically the same scenario with an edited policy) for every
/// catalog profile and source Region, with the API of the new version.
///
/// # Errors
/// The diagnostics of whichever version cannot be evaluated.
pub fn diff(old: &Scenario, new: &Scenario, catalog: &Catalog) -> Result<Diff, Vec<Diagnostic>> {
    let before = prepare(old, catalog)?;
    let after = prepare(new, catalog)?;
    let api = new.request.api.clone().unwrap_or_else(|| "InvokeModel".to_owned());
    let grid_before = matrix(&before, &api, catalog);
    let grid_after = matrix(&after, &api, catalog);
    let mut calls = Vec::new();
    for (row_before, row_after) in grid_before.rows.iter().zip(&grid_after.rows) {
        for (cell_before, cell_after) in row_before.cells.iter().zip(&row_after.cells) {
            if cell_before == cell_after {
                continue;
            }
            let hops = hop_changes(
                &before,
                &after,
                old,
                &row_before.profile,
                &cell_before.source,
                &api,
                catalog,
            );
            calls.push(CallChange {
                profile: row_before.profile.clone(),
                source_region: cell_before.source.clone(),
                before: cell_before.decision,
                after: cell_after.decision,
                hops,
            });
        }
    }
    let labelled = |scenario: &Scenario| -> Vec<(String, usize)> {
        scenario
            .policy_refs()
            .map(|(at, p)| (scenario.label(at), p.document.text().chars().count()))
            .collect()
    };
    let (old_sizes, new_sizes) = (labelled(old), labelled(new));
    let length = |sizes: &[(String, usize)], label: &str| sizes.iter().find(|(l, _)| l == label).map_or(0, |(_, n)| *n);
    let mut labels: Vec<String> = old_sizes.iter().map(|(l, _)| l.clone()).collect();
    for (label, _) in &new_sizes {
        if !labels.contains(label) {
            labels.push(label.clone());
        }
    }
    let size_changes = labels
        .into_iter()
        .filter_map(|label| {
            let delta = i64::try_from(length(&new_sizes, &label)).unwrap_or(0)
                - i64::try_from(length(&old_sizes, &label)).unwrap_or(0);
            (delta != 0).then_some((label, delta))
        })
        .collect();
    let mut result = Diff {
        calls,
        size_changes,
        summary: String::new(),
    };
    result.summary = summarize(&result);
    Ok(result)
}

fn hop_changes(
    before: &Prepared,
    after: &Prepared,
    scenario: &Scenario,
    profile: &str,
    source: &str,
    api: &str,
    catalog: &Catalog,
) -> Vec<HopChange> {
    let request = RequestInput {
        profile: Some(profile.to_owned()),
        source_region: Some(source.to_owned()),
        api: Some(api.to_owned()),
        ..RequestInput::default()
    };
    let run = |prepared: &Prepared| -> Vec<(HopKind, String, Decision)> {
        let Ok(plan) = crate::route::hop::plan(
            &request,
            &prepared.principal,
            &prepared.context,
            &scenario.custom_profiles,
            catalog,
        ) else {
            return Vec::new();
        };
        let mut p = prepared.clone();
        p.plan = plan;
        analyze(&p)
            .hops
            .into_iter()
            .map(|h| (h.hop.kind, h.hop.region, h.evaluation.decision))
            .collect()
    };
    run(before)
        .into_iter()
        .zip(run(after))
        .filter(|(b, a)| b.2 != a.2)
        .map(|(b, a)| HopChange {
            kind: b.0,
            region: b.1,
            before: b.2,
            after: a.2,
        })
        .collect()
}

fn summarize(diff: &Diff) -> String {
    if diff.calls.is_empty() {
        return "This edit changes no verdict for any catalog profile or source Region.".to_owned();
    }
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let opened = diff.opened().count();
    let closed = diff.closed().count();
    let regions: Vec<String> = diff
        .opened_regions()
        .iter()
        .map(|(r, n)| format!("{r} ({})", plural(*n, "hop", "hops")))
        .collect();
    let opens = match (opened, regions.is_empty()) {
        (0, true) => "opens nothing".to_owned(),
        (0, false) => format!("opens no whole call but allows hops in {}", regions.join(", ")),
        (n, _) => format!(
            "opens {} (profile and source Region), allowing hops in {}",
            plural(n, "call", "calls"),
            regions.join(", ")
        ),
    };
    let closes = if closed == 0 {
        "closes nothing".to_owned()
    } else {
        format!("closes {}", plural(closed, "call", "calls"))
    };
    format!(
        "This edit {opens}, and {closes}; {} change in all.",
        plural(diff.calls.len(), "call", "calls")
    )
}
