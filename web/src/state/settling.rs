//! The slower results of one revision (fix suggestions, room-making hints, the matrix), computed one
//! small step at a time so that the page can spread them over tasks shorter than a frame and drop them
//! as soon as the inputs change. Hints of a policy whose text did not change are taken from the last
//! results.

use std::collections::BTreeMap;
use std::rc::Rc;

use crisscross_core::analysis::{Analysis, Prepared};
use crisscross_core::fix::Search;
use crisscross_core::matrix::MatrixRun;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::PolicyRef;
use crisscross_core::size::{Hint, HintSearch};

use super::derived::policy_type;
use super::{PlaygroundState, Settled};
use crate::model::RequestMode;

/// The slower results of one revision, under way.
pub struct Settling {
    revision: u64,
    started: f64,
    /// The fix search, while the call is denied and the fixes are not known yet.
    fixes: Option<Search<'static>>,
    found: Option<Rc<Vec<crisscross_core::fix::Fix>>>,
    /// Policies whose hints are still to find, next last.
    unhinted: Vec<(PolicyRef, Rc<str>)>,
    /// The policy whose hints are being found.
    hinting: Option<(PolicyRef, Rc<str>, HintSearch)>,
    hints: BTreeMap<PolicyRef, (Rc<str>, Rc<Vec<Hint>>)>,
    /// What the matrix is computed from, while it is wanted and not computed yet.
    matrix_of: Option<(Rc<(Prepared, Analysis)>, MatrixRun<'static>)>,
    matrix: Option<Rc<crisscross_core::matrix::Matrix>>,
    /// True from the step that found the fixes until they are published ahead of the rest.
    fixes_to_publish: bool,
}

impl Settling {
    /// What is missing for the state's revision: results still fresh are kept, and hints of unchanged
    /// policy texts are taken from the last results whatever their revision.
    #[must_use]
    pub fn new(state: &PlaygroundState) -> Self {
        let fresh = state.fresh();
        let last = state.settled.as_deref();
        let denied = state.derived.verdict.decision.is_some_and(|d| !d.is_allow());
        let (fixes, found) = match fresh {
            Some(s) => (None, Some(Rc::clone(&s.fixes))),
            None if denied => (
                Some(Search::new(
                    &state.derived.scenario,
                    Catalog::builtin(),
                    state.derived.parse_cache(),
                )),
                None,
            ),
            None => (None, Some(Rc::default())),
        };
        let mut hints = BTreeMap::new();
        let mut unhinted = Vec::new();
        for id in state.inputs.active_policies().into_iter().rev() {
            let Some(doc) = state.inputs.policy(id) else {
                continue;
            };
            match last
                .and_then(|s| s.hinted.get(&id))
                // Unchanged policies share their text with the inputs: the address settles it without reading it.
                .filter(|(text, _)| Rc::ptr_eq(text, &doc.text) || **text == *doc.text)
            {
                Some(kept) => {
                    hints.insert(id, kept.clone());
                }
                None => unhinted.push((id, Rc::clone(&doc.text))),
            }
        }
        let wanted = state.matrix_open && state.inputs.mode == RequestMode::Bedrock;
        let matrix = fresh.and_then(|s| s.matrix.clone()).filter(|_| wanted);
        let matrix_of = (wanted && matrix.is_none())
            .then(|| {
                Some((
                    state.derived.evaluated()?,
                    MatrixRun::new(Catalog::builtin(), state.inputs.api()),
                ))
            })
            .flatten();
        Self {
            revision: state.revision,
            started: crate::platform::now_ms(),
            fixes,
            found,
            unhinted,
            hinting: None,
            hints,
            matrix_of,
            matrix,
            fixes_to_publish: false,
        }
    }

    /// The revision these results are for.
    #[must_use]
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Does one step: a candidate fix or a share of its matrix, a hint check of one policy, or a share of
    /// the matrix. False once done.
    pub fn step(&mut self) -> bool {
        if let Some(search) = &mut self.fixes {
            if !search.step()
                && let Some(search) = self.fixes.take()
            {
                self.found = Some(Rc::new(search.finish()));
                self.fixes_to_publish = true;
            }
            return true;
        }
        if let Some((_, _, search)) = &mut self.hinting {
            if !search.step()
                && let Some((id, text, search)) = self.hinting.take()
            {
                self.hints.insert(id, (text, Rc::new(search.finish())));
            }
            return true;
        }
        if let Some((id, text)) = self.unhinted.pop() {
            let search = HintSearch::new(&text, policy_type(id));
            self.hinting = Some((id, text, search));
            return true;
        }
        if let Some((evaluated, run)) = &mut self.matrix_of {
            if !run.step(&evaluated.0)
                && let Some((_, run)) = self.matrix_of.take()
            {
                self.matrix = Some(Rc::new(run.finish()));
            }
            return true;
        }
        false
    }

    /// Steps until done, until one more step would likely end after `budget_ms`, or until `interrupted`
    /// says something more urgent waits (a keystroke, which would otherwise wait for the rest of the
    /// slice). The next step is expected to take as long as the longest one of this run, so that a run
    /// of long steps does not overshoot the budget by a whole step. At least one step is done. True once
    /// done.
    pub fn run_for(&mut self, budget_ms: f64, mut interrupted: impl FnMut() -> bool) -> bool {
        let until = crate::platform::now_ms() + budget_ms;
        let mut longest: f64 = 0.0;
        loop {
            let started = crate::platform::now_ms();
            if !self.step() {
                return true;
            }
            let ended = crate::platform::now_ms();
            longest = longest.max(ended - started);
            if ended + longest >= until || interrupted() {
                return false;
            }
        }
    }

    /// The fix suggestions with what is known so far, once, as soon as the search is over and while
    /// hints or the matrix are still to come: a user waiting for a fix should not wait for those.
    pub fn fixes_ahead(&mut self) -> Option<Settled> {
        let more = self.hinting.is_some() || !self.unhinted.is_empty() || self.matrix_of.is_some();
        if !(self.fixes_to_publish && more) {
            return None;
        }
        self.fixes_to_publish = false;
        Some(Settled {
            pending: true,
            ..self.snapshot()
        })
    }

    /// The results, once [`Settling::step`] returned false.
    #[must_use]
    pub fn finish(self) -> Settled {
        self.snapshot()
    }

    fn snapshot(&self) -> Settled {
        Settled {
            revision: self.revision,
            fixes: self.found.clone().unwrap_or_default(),
            hints: crisscross_core::order::map_of(
                self.hints
                    .iter()
                    .filter(|(_, (_, hints))| !hints.is_empty())
                    .map(|(id, (_, hints))| (*id, Rc::clone(hints))),
            ),
            hinted: self.hints.clone(),
            matrix: self.matrix.clone(),
            ms: crate::platform::now_ms() - self.started,
            pending: false,
        }
    }
}
