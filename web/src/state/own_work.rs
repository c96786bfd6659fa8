//! The user's own work. A loaded scenario (an example, a file, a link) becomes the user's once they
//! change what it evaluates. From then on an example's description and expectations stop claiming to
//! describe it: the description, if still the example's, becomes "Changed from the crisscross example
//! ...", and the example's expectations are set aside (the user can check their version against them
//! again). A file's or a link's are kept: they are the author's exercise, which the learner is meant to
//! change the policies for. Recording or removing expectations makes the scenario the user's too: the
//! expectations are then theirs.

use super::{Notice, PlaygroundState};
use crate::examples;
use crate::model::Inputs;

impl PlaygroundState {
    /// Marks `next` as the user's own when it changes the call an unchanged loaded scenario made, and
    /// detaches an example's description and expectations from it (see the module's documentation).
    pub(super) fn claimed(&self, mut next: Inputs) -> Inputs {
        if next.provenance.own || self.inputs.same_call(&next) {
            return next;
        }
        let loaded = claim(&mut next);
        if let Some(expect) = loaded.and_then(|l| l.expect)
            && next.expect.as_ref() == Some(&expect)
        {
            next.expect = None;
        }
        next
    }

    /// The example the user's scenario was changed from, and its expectations when they were set aside
    /// (the scenario has none of its own).
    #[must_use]
    pub fn changed_example(&self) -> Option<(&'static examples::Example, Option<usize>)> {
        let provenance = &self.inputs.provenance;
        let example = examples::by_id(provenance.example.as_deref()?).filter(|_| provenance.own)?;
        let set_aside = self
            .inputs
            .expect
            .is_none()
            .then(|| example.scenario()?.expect.map(|e| expectation_count(&e)))
            .flatten();
        Some((example, set_aside))
    }

    /// Checks the user's version against the expectations of the example it was changed from.
    pub(super) fn restore_example_expectations(self) -> Option<Self> {
        let (example, Some(_)) = self.changed_example()? else {
            return None;
        };
        let expect = example.scenario()?.expect;
        let mut next = self.edit(|i| i.expect = expect)?;
        next.notice = Some(Notice::info(format!(
            "The expectations of the example \u{201c}{}\u{201d} are checked against your version. Undo removes them.",
            example.title
        )));
        Some(next)
    }
}

/// Makes the inputs the user's; an example's description, if still as loaded, says it was changed from
/// it. Returns the example's scenario as loaded.
pub(super) fn claim(inputs: &mut Inputs) -> Option<crisscross_core::scenario::Scenario> {
    inputs.provenance.own = true;
    let example = inputs.provenance.example.as_deref().and_then(examples::by_id)?;
    let loaded = example.scenario()?;
    if loaded.description.as_deref().unwrap_or_default() == &*inputs.description {
        inputs.description = format!("Changed from the crisscross example \u{201c}{}\u{201d}.", example.title).into();
    }
    Some(loaded)
}

/// How many expectations an `expect` block holds: the call's verdict, each hop and each diagnostic.
fn expectation_count(expect: &crisscross_core::scenario::Expect) -> usize {
    usize::from(expect.decision.is_some() || expect.blocked_by.is_some())
        + expect.hops.as_ref().map_or(0, Vec::len)
        + expect.diagnostics.as_ref().map_or(0, Vec::len)
}
