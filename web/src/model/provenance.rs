//! Where the inputs came from and whether they are the user's own yet: the page's bookkeeping, never
//! part of the scenario (files and links do not carry it), but saved with the inputs so that a reload
//! knows as much as the page did.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::Inputs;

/// Where the inputs came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The gallery example they were loaded from (its id), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Rc<str>>,
    /// True once the user changed what is evaluated: the scenario is then theirs, and is kept as a
    /// draft before anything replaces it.
    pub own: bool,
}

impl Provenance {
    /// Inputs saved before the page kept their provenance: whatever they are, they may be the user's
    /// work, so they count as theirs.
    #[must_use]
    pub fn unknown() -> Self {
        Self {
            example: None,
            own: true,
        }
    }
}

impl Inputs {
    /// The inputs of a gallery example, which know where they came from.
    #[must_use]
    pub fn from_example(scenario: &crisscross_core::scenario::Scenario, id: &str) -> Self {
        let mut inputs = Self::from_scenario(scenario);
        inputs.provenance.example = Some(id.into());
        inputs
    }

    /// True when `other` evaluates the same call as these inputs: only the description, the
    /// expectations (which describe the scenario, they are not part of it) or the provenance differ.
    #[must_use]
    pub fn same_call(&self, other: &Self) -> bool {
        let mut aligned = other.clone();
        aligned.description = Rc::clone(&self.description);
        aligned.expect.clone_from(&self.expect);
        aligned.provenance.clone_from(&self.provenance);
        aligned == *self
    }
}
