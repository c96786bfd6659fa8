//! What the results side shows. While a policy has an error there is no verdict; rather than blank the
//! checks, the map and the explanation (and make them flicker while the user types through an unfinished
//! edit), the page keeps showing the last evaluation that had a verdict, marked as out of date.

use std::rc::Rc;

use crisscross_core::diagnostic::Severity;

use super::{Derived, PlaygroundState};

impl PlaygroundState {
    /// The evaluation the results side shows: the current one, or the last one with a verdict while a
    /// policy has an error.
    #[must_use]
    pub fn results(&self) -> &Derived {
        self.last_good.as_deref().unwrap_or(&self.derived)
    }

    /// True when the results shown are older than the inputs.
    #[must_use]
    pub fn results_out_of_date(&self) -> bool {
        self.last_good.is_some()
    }

    /// The labels of the policies whose errors keep the results from being current.
    #[must_use]
    pub fn policies_in_error(&self) -> Vec<String> {
        let mut places: Vec<String> = Vec::new();
        for d in self.derived.diagnostics.iter() {
            if d.policy.is_some() && d.diagnostic.severity == Severity::Error && !places.contains(&d.place) {
                places.push(d.place.clone());
            }
        }
        places
    }

    /// The hop the results side shows: the selected one, or the first hop denied with the call's
    /// decision.
    #[must_use]
    pub fn shown_hop(&self) -> Option<usize> {
        hop_to_show(self.results(), self.selected_hop)
    }

    /// Decides what the results side shows after the inputs were evaluated again; `previous` is the
    /// evaluation before.
    pub(super) fn keep_last_good(&mut self, previous: Rc<Derived>) {
        let blocked = self.derived.verdict.decision.is_none() && !self.policies_in_error().is_empty();
        self.last_good = if !blocked {
            None
        } else if previous.verdict.decision.is_some() {
            Some(previous)
        } else {
            self.last_good.take()
        };
    }
}

/// The selected hop if `derived` has it, else the first hop denied with the call's decision, else the
/// first hop.
pub(super) fn hop_to_show(derived: &Derived, selected: Option<usize>) -> Option<usize> {
    let hops = &derived.hops;
    if hops.is_empty() {
        return None;
    }
    if let Some(i) = selected.filter(|i| *i < hops.len()) {
        return Some(i);
    }
    let decision = derived.verdict.decision;
    hops.iter()
        .position(|h| Some(h.decision) == decision && !h.decision.is_allow())
        .or(Some(0))
}
