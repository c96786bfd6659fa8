//! One scenario across every catalog profile and every source Region it serves: "which models can this
//! account use, and from where?"

use serde::Serialize;

use crate::analysis::{Prepared, call_decision};
use crate::evaluate::{Decision, decide};
use crate::route::catalog::{Catalog, Geography};
use crate::route::hop::{action_of_api, plan};
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
    let action = action_of_api(api).unwrap_or("bedrock:InvokeModel");
    let relevant = prepared.policies.relevant_to(action);
    let rows = catalog
        .profiles
        .iter()
        .map(|profile| {
            let cells = profile
                .routes
                .iter()
                .map(|route| {
                    let request = RequestInput {
                        profile: Some(profile.id.clone()),
                        source_region: Some(route.source.clone()),
                        api: Some(api.to_owned()),
                        ..RequestInput::default()
                    };
                    let hops = plan(&request, &prepared.principal, &prepared.context, &[], catalog)
                        .map(|p| p.hops)
                        .unwrap_or_default();
                    let decisions: Vec<(Decision, Option<Layer>, &str)> = hops
                        .iter()
                        .map(|hop| {
                            let (decision, blocked_by) = decide(&prepared.policies, &relevant, &hop.request());
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
