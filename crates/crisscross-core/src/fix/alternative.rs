//! When the policies deny a call on purpose: the calls of the same model they do allow.

use serde::Serialize;

use crate::analysis::prepare;
use crate::matrix::matrix;
use crate::route::catalog::Catalog;
use crate::scenario::Scenario;

/// A different call that the current policies allow for the same model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Alternative {
    /// The profile ID.
    pub profile: String,
    /// The source Region to call from.
    pub source_region: String,
}

/// Calls of the same foundation model that the policies allow as they are: the answer when the policies
/// deny a call on purpose (for example an SCP that forbids direct model calls). Same source Region first.
#[must_use]
pub fn alternatives(scenario: &Scenario, catalog: &Catalog) -> Vec<Alternative> {
    let Ok(prepared) = prepare(scenario, catalog) else {
        return Vec::new();
    };
    let Some(route) = &prepared.plan.route else {
        return Vec::new();
    };
    let api = scenario.request.api.as_deref().unwrap_or("InvokeModel");
    let grid = matrix(&prepared, api, catalog);
    let mut found: Vec<Alternative> = grid
        .rows
        .iter()
        .filter(|row| row.model == route.model)
        .flat_map(|row| {
            row.cells.iter().filter(|c| c.decision.is_allow()).map(|c| Alternative {
                profile: row.profile.clone(),
                source_region: c.source.clone(),
            })
        })
        .filter(|a| !(a.profile == route.profile && a.source_region == route.source_region))
        .collect();
    crate::order::sort_by_key(&mut found, |a| a.source_region != route.source_region);
    found
}
