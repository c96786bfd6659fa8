//! The user's own work. A loaded scenario (an example, a file, a link) becomes the user's once they
//! change what it evaluates. From then on an example's description and expectations stop claiming to
//! describe it: the description, if still the example's, becomes "Changed from the crisscross example
//! ...", and the example's expectations are set aside (the user can check their version against them
//! again). A file's or a link's are kept: they are the author's exercise, which the learner is meant to
//! change the policies for. Recording or removing expectations makes the scenario the user's too: the
//! expectations are then theirs.
//!
//! Loading anything over the user's own scenario first keeps it as a named draft, saved with the page,
//! and the notice says so, with a way to restore it.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::{Notice, PlaygroundState};
use crate::examples;
use crate::model::Inputs;

/// How many drafts are kept: the oldest goes when one more is made (the user deletes the ones they no
/// longer need; LocalStorage holds a few megabytes).
pub const DRAFT_LIMIT: usize = 20;

/// The user's own scenario, kept when something else was loaded over it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Tells drafts apart (the restore button of a notice names one).
    pub id: u64,
    /// What it was, for people: "Your version of ...", with the time it was kept.
    pub name: String,
    /// The inputs as they were.
    pub inputs: Rc<Inputs>,
}

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

    /// Keeps the inputs as a draft before `incoming` replaces them, when they are the user's own and
    /// differ from it; the draft's name, for the notice.
    pub(super) fn keep_as_draft(&mut self, incoming: &Inputs) -> Option<(u64, String)> {
        if !self.inputs.provenance.own || self.inputs.to_scenario() == incoming.to_scenario() {
            return None;
        }
        if let Some(kept) = self.drafts.iter().find(|d| d.inputs == self.inputs) {
            return Some((kept.id, kept.name.clone()));
        }
        let id = self.drafts.iter().map(|d| d.id).max().map_or(1, |m| m + 1);
        let name = self.draft_name();
        let drafts = Rc::make_mut(&mut self.drafts);
        drafts.push(Draft {
            id,
            name: name.clone(),
            inputs: Rc::clone(&self.inputs),
        });
        if drafts.len() > DRAFT_LIMIT {
            drafts.remove(0);
        }
        Some((id, name))
    }

    /// "Your version of ..." or "Your scenario", with when it was kept.
    fn draft_name(&self) -> String {
        let what = match self.inputs.provenance.example.as_deref().and_then(examples::by_id) {
            Some(example) => format!("Your version of \u{201c}{}\u{201d}", example.title),
            None => "Your scenario".to_owned(),
        };
        match crate::platform::local_time_label() {
            Some(at) => format!("{what}, {at}"),
            None => what,
        }
    }

    /// Brings a draft back (keeping what is on the page as a draft in turn, if it is the user's). The
    /// draft stays listed: an Undo right after would otherwise leave the work only in the redo history,
    /// which the next load clears.
    pub(super) fn restore_draft(self, id: u64) -> Option<Self> {
        let draft = self.drafts.iter().find(|d| d.id == id)?.clone();
        let mut next = self.replace_all((*draft.inputs).clone(), None);
        next.tell(format!(
            "Restored the draft \u{201c}{}\u{201d}. Undo brings back what was here before.",
            draft.name
        ));
        Some(next)
    }

    /// Forgets a draft.
    pub(super) fn delete_draft(mut self, id: u64) -> Option<Self> {
        let index = self.drafts.iter().position(|d| d.id == id)?;
        Rc::make_mut(&mut self.drafts).remove(index);
        Some(self)
    }

    /// Shows `text` as the notice, keeping the news of a draft just kept (and its restore button).
    pub(super) fn tell(&mut self, text: String) {
        self.notice = Some(match self.notice.take() {
            Some(kept) if kept.draft.is_some() => Notice {
                text: format!("{text} {}", kept.text),
                ..kept
            },
            _ => Notice::info(text),
        });
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

/// The notice that says a draft was kept, with a way to restore it.
pub(super) fn draft_kept_notice(id: u64, name: &str) -> Notice {
    Notice {
        error: false,
        text: format!(
            "Your own scenario was kept as the draft \u{201c}{name}\u{201d}: restore it here or from Drafts, under the examples, even after a reload."
        ),
        draft: Some(id),
    }
}

/// How many expectations an `expect` block holds: the call's verdict, each hop and each diagnostic.
fn expectation_count(expect: &crisscross_core::scenario::Expect) -> usize {
    usize::from(expect.decision.is_some() || expect.blocked_by.is_some())
        + expect.hops.as_ref().map_or(0, Vec::len)
        + expect.diagnostics.as_ref().map_or(0, Vec::len)
}
