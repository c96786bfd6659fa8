//! One scenario across every catalog profile and every source Region it serves: "which models can this
//! account use, and from where?"

use std::sync::Arc;

use serde::Serialize;

use std::collections::HashMap;

use crate::analysis::{Prepared, call_decision};
use crate::context::Context;
use crate::evaluate::{Decision, NamedPolicy, PolicySet, Relevant, Request, decide};
use crate::policy::Policy;
use crate::route::catalog::{Catalog, Geography};
use crate::route::hop::{HopSpec, action_of_api, call_specs};
use crate::scenario::Layer;
use crate::scenario::RequestInput;

/// The verdict of one (profile, source Region) call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    /// The source Region.
    pub source: String,
    /// The call's decision.
    pub decision: Decision,
    /// The blocking layer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<Layer>,
    /// The Regions (`aws:RequestedRegion` values) of the denied hops.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub denied_regions: Vec<String>,
}

/// One profile's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// Profile ID.
    pub profile: String,
    /// Foundation model ID.
    pub model: String,
    /// Geography.
    pub geography: Geography,
    /// One cell per source Region the profile serves.
    pub cells: Vec<Cell>,
}

/// The whole grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Matrix {
    /// The runtime API every cell calls.
    pub api: String,
    /// The catalog date.
    pub catalog_as_of: String,
    /// One row per profile, in catalog order.
    pub rows: Vec<Row>,
}

impl Matrix {
    /// Number of (profile, source Region) calls allowed, and in all.
    #[must_use]
    pub fn counts(&self) -> (usize, usize) {
        let cells = self.rows.iter().flat_map(|r| &r.cells);
        let total = cells.clone().count();
        (cells.filter(|c| c.decision.is_allow()).count(), total)
    }

    /// The (profile, source Region) pairs allowed here and denied in `before`.
    #[must_use]
    pub fn opened_since(&self, before: &Self) -> Vec<(String, String)> {
        let mut opened = Vec::new();
        for (row, old) in self.rows.iter().zip(&before.rows) {
            for (cell, old_cell) in row.cells.iter().zip(&old.cells) {
                if cell.decision.is_allow() && !old_cell.decision.is_allow() {
                    opened.push((row.profile.clone(), cell.source.clone()));
                }
            }
        }
        opened
    }

    /// The (profile, source Region) pairs denied here and allowed in `before`.
    #[must_use]
    pub fn closed_since(&self, before: &Self) -> Vec<(String, String)> {
        before.opened_since(self)
    }
}

/// Evaluates the scenario's principal and policies for every catalog profile and source Region, calling
/// `api` (the scenario's own API when `None`).
#[must_use]
pub fn matrix(prepared: &Prepared, api: &str, catalog: &Catalog) -> Matrix {
    grid(prepared, api, catalog, |_, _| None)
}

/// The matrix of `after`, a scenario that differs from the one `before` was made of in one policy only,
/// `original` before the edit (`None` when the edit adds the policy) and `edited` after it. A cell is
/// decided again only when the policy decides one of its hops differently; every other cell keeps its
/// verdict, since the rest of the evaluation is unchanged.
#[must_use]
pub fn matrix_after_edit(
    before: &Matrix,
    after: &Prepared,
    api: &str,
    catalog: &Catalog,
    original: Option<&Arc<Policy>>,
    edited: &Arc<Policy>,
) -> Matrix {
    let action = action_of_api(api).unwrap_or("bedrock:InvokeModel");
    let alone = |policy: Option<&Arc<Policy>>| PolicySet {
        identity: policy
            .map(|p| NamedPolicy {
                name: String::new(),
                label: String::new(),
                arn: None,
                policy: Arc::clone(p),
            })
            .into_iter()
            .collect(),
        ..PolicySet::default()
    };
    let (was, is) = (alone(original), alone(Some(edited)));
    let (relevant_was, relevant_is) = (was.relevant_to(action), is.relevant_to(action));
    let mut same = Checks::new(action, &after.context, [&relevant_was, &relevant_is]);
    grid(after, api, catalog, |(row, cell), hops| {
        let unchanged = hops.iter().all(|spec| {
            let mut key = spec.clone();
            same.as_key(&mut key);
            same.get(&key, |request| {
                decide(&was, &relevant_was, request).0 == decide(&is, &relevant_is, request).0
            })
        });
        if !unchanged || before.api != api {
            return None;
        }
        before.rows.get(row)?.cells.get(cell).cloned()
    })
}

/// Something about a hop, computed once per distinct check of the grid. Calls from different source
/// Regions share their checks of each destination, except for `bedrock:InferenceProfileArn`, which
/// names the source: when no statement can read it, it is left out, and those checks are one.
struct Checks<'a, T> {
    action: &'static str,
    base: &'a Context,
    reads_profile_arn: bool,
    known: HashMap<HopSpec, T, foldhash::fast::RandomState>,
}

impl<'a, T: Copy> Checks<'a, T> {
    fn new<const N: usize>(action: &'static str, base: &'a Context, relevant: [&Relevant<'_>; N]) -> Self {
        let reads_profile_arn = relevant
            .iter()
            .flat_map(|r| r.statements())
            .any(|s| s.may_read_key("bedrock:inferenceprofilearn"));
        Self {
            action,
            base,
            reads_profile_arn,
            known: HashMap::default(),
        }
    }

    /// Leaves out what no statement reads, so that checks deciding alike are one.
    fn as_key(&self, spec: &mut HopSpec) {
        if !self.reads_profile_arn {
            spec.profile_arn = None;
        }
    }

    /// The value for the check `key` (see [`Self::as_key`]), computed on first use.
    fn get(&mut self, key: &HopSpec, compute: impl FnOnce(&Request<'_>) -> T) -> T {
        if let Some(known) = self.known.get(key) {
            return *known;
        }
        let hop = key.clone().into_hop(self.action, self.base);
        let value = compute(&hop.request());
        self.known.insert(key.clone(), value);
        value
    }
}

/// The grid of `prepared`, taking a cell from `known` (given its row and cell index and its checks)
/// instead of deciding it when `known` has it.
fn grid(
    prepared: &Prepared,
    api: &str,
    catalog: &Catalog,
    mut known: impl FnMut((usize, usize), &[HopSpec]) -> Option<Cell>,
) -> Matrix {
    let action = action_of_api(api).unwrap_or("bedrock:InvokeModel");
    let relevant = prepared.policies.relevant_to(action);
    let mut checks = Checks::new(action, &prepared.context, [&relevant]);
    let rows = catalog
        .profiles
        .iter()
        .enumerate()
        .map(|(row, profile)| {
            let cells = profile
                .routes
                .iter()
                .enumerate()
                .map(|(cell, route)| {
                    let request = RequestInput {
                        profile: Some(profile.id.clone()),
                        source_region: Some(route.source.clone()),
                        api: Some(api.to_owned()),
                        ..RequestInput::default()
                    };
                    let mut hops = call_specs(&profile.id, &request, &prepared.principal, &[], catalog)
                        .map(|c| c.hops)
                        .unwrap_or_default();
                    if let Some(kept) = known((row, cell), &hops) {
                        return kept;
                    }
                    for hop in &mut hops {
                        checks.as_key(hop);
                    }
                    let decisions: Vec<(Decision, Option<Layer>, &str)> = hops
                        .iter()
                        .map(|hop| {
                            let (decision, blocked_by) =
                                checks.get(hop, |request| decide(&prepared.policies, &relevant, request));
                            (decision, blocked_by, hop.region.as_str())
                        })
                        .collect();
                    let (decision, blocked_by) = call_decision(decisions.iter().map(|(d, l, _)| (*d, *l)));
                    let mut denied_regions: Vec<String> = Vec::new();
                    for (d, _, region) in &decisions {
                        if !d.is_allow() && !denied_regions.iter().any(|r| r == region) {
                            denied_regions.push((*region).to_owned());
                        }
                    }
                    Cell {
                        source: route.source.clone(),
                        decision,
                        blocked_by,
                        denied_regions,
                    }
                })
                .collect();
            Row {
                profile: profile.id.clone(),
                model: profile.model_id.clone(),
                geography: profile.geography,
                cells,
            }
        })
        .collect();
    Matrix {
        api: api.to_owned(),
        catalog_as_of: catalog.as_of.clone(),
        rows,
    }
}
