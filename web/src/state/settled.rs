//! The slower results, computed after each edit a slice at a time rather than before the next frame
//! (they take tens to hundreds of milliseconds): fix suggestions, room-making hints and the matrix; and
//! the share panel, whose ticket lists the fixes.

use std::collections::BTreeMap;
use std::rc::Rc;

use crisscross_core::evaluate::Decision;
use crisscross_core::export::{SuggestedFix, Ticket};
use crisscross_core::fix::Fix;
use crisscross_core::matrix::Matrix;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::PolicyRef;
use crisscross_core::share::{self, EncodeOptions};
use crisscross_core::size::Hint;

use super::history::difference;
use super::settling::Settling;
use super::{Notice, PlaygroundState};
use crate::model::RequestMode;

/// Results that take tens of milliseconds or more, computed after the verdict rather than with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    /// The revision they belong to.
    pub revision: u64,
    /// Fix suggestions, best first (empty when the call is allowed or the input invalid).
    pub fixes: Rc<Vec<Fix>>,
    /// Room-making hints per policy (only policies that have some).
    pub hints: BTreeMap<PolicyRef, Rc<Vec<Hint>>>,
    /// The hints of every policy with the text they were found for, to keep them while it is unchanged.
    pub hinted: BTreeMap<PolicyRef, (Rc<str>, Rc<Vec<Hint>>)>,
    /// The matrix, when it is shown and the request is a Bedrock call.
    pub matrix: Option<Rc<Matrix>>,
    /// How long they took, in milliseconds.
    pub ms: f64,
    /// True when these are the fix suggestions published ahead of the hints or the matrix still being
    /// computed for the same revision.
    pub pending: bool,
}

/// Room-making hints of one policy as the page shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownHints {
    /// The hints.
    pub hints: Rc<Vec<Hint>>,
    /// False while they are the ones found for the text before the last edit and new ones are being
    /// found; they cannot be applied then.
    pub current: bool,
}

/// Bytes that may differ between the text hints were found for and the current text for the hints to stay
/// shown while they are found again: more than a burst of typing, less than a pasted statement.
const KEPT_HINTS_EDIT: usize = 256;

/// True when `before` and `after` differ only in one stretch of at most [`KEPT_HINTS_EDIT`] bytes on
/// either side.
fn small_edit_apart(before: &str, after: &str) -> bool {
    let (removed, added) = difference(before, after);
    removed <= KEPT_HINTS_EDIT && added.len() <= KEPT_HINTS_EDIT
}

/// The share panel's content: the link and the ticket exports of the current scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareView {
    /// The full link.
    pub url: String,
    /// The scenario ID.
    pub id: String,
    /// A warning when the link is longer than common tools accept.
    pub warning: Option<String>,
    /// The ticket as Markdown and as plain text; `None` while the verdicts are hidden, since a ticket
    /// states them.
    pub tickets: Option<(String, String)>,
    /// Why there is no link, when the scenario is too large.
    pub error: Option<String>,
    /// The revision of the inputs it was written for. An edit leaves it behind until the fixes of the
    /// edit are known and the link and the ticket are written again ([`PlaygroundState::share_due`]): at
    /// the size of an organization that takes most of a frame, so a keystroke does not wait for it.
    pub revision: u64,
    /// Whether the fixes of that revision were known when the ticket was written. A panel opened while
    /// they are still being found would otherwise keep a ticket that says there are none.
    pub fixes_known: bool,
}

impl ShareView {
    /// The link's fragment, from its `#`, when there is a link.
    #[must_use]
    pub fn fragment(&self) -> Option<&str> {
        self.url.find('#').and_then(|at| self.url.get(at..))
    }
}

impl PlaygroundState {
    /// The open share panel's content when its link is the one the address bar shows: written for the
    /// current revision, not minified. The address bar then takes it rather than encoding the scenario again,
    /// which at the quotas takes about half a frame.
    #[must_use]
    pub fn link_for_address_bar(&self) -> Option<Rc<ShareView>> {
        self.share
            .as_ref()
            .filter(|view| self.share_open && !self.share_minify && view.revision == self.revision)
            .filter(|view| view.fragment().is_some())
            .cloned()
    }

    /// The settled results, when they belong to the current revision.
    #[must_use]
    pub fn fresh(&self) -> Option<&Settled> {
        self.settled.as_deref().filter(|s| s.revision == self.revision)
    }

    /// The fix suggestions to show and whether they are for the current revision. While the current
    /// ones are computed, the last ones found stay on the page, marked as being updated, so that typing
    /// does not empty and refill the panel on every keystroke; an empty older list is not kept, since
    /// "no fix found" could be wrong for the new text.
    #[must_use]
    pub fn shown_fixes(&self) -> Option<(Rc<Settled>, bool)> {
        let settled = self.settled.as_ref()?;
        let current = settled.revision == self.revision;
        (current || !settled.fixes.is_empty()).then(|| (Rc::clone(settled), current))
    }

    /// The matrix to show and whether it is for the current revision: while the current one is computed,
    /// the last one computed stays on the page, marked as being updated. None is computed for a plain
    /// request or invalid input, so none is shown for them.
    #[must_use]
    pub fn shown_matrix(&self) -> Option<(Rc<Matrix>, bool)> {
        if let Some(matrix) = self.fresh().and_then(|s| s.matrix.as_ref()) {
            return Some((Rc::clone(matrix), true));
        }
        let computed = self.inputs.mode == RequestMode::Bedrock && self.derived.evaluated().is_some();
        computed
            .then(|| self.last_matrix.as_ref().map(|matrix| (Rc::clone(matrix), false)))
            .flatten()
    }

    /// The room-making hints to show per policy. Hints depend on the policy's text alone, so those found
    /// for a text still in the inputs stay current while others are found: typing into one policy leaves
    /// every other card as it was. While an edited policy's hints are found again, the last ones found for
    /// it stay on the page, marked as being updated, so that its card does not lose and regain the "Make
    /// room" button (and the page below it move) on every keystroke. They stay only while the text differs
    /// from the one they were found for by a small edit: hints of another policy, or of a text pasted over
    /// it, would mislead.
    #[must_use]
    pub fn shown_hints(&self) -> BTreeMap<PolicyRef, ShownHints> {
        let fresh = self.fresh();
        let mut shown: BTreeMap<PolicyRef, ShownHints> = fresh
            .map(|s| {
                crisscross_core::order::map_of(s.hints.iter().map(|(id, hints)| {
                    (
                        *id,
                        ShownHints {
                            hints: Rc::clone(hints),
                            current: true,
                        },
                    )
                }))
            })
            .unwrap_or_default();
        if fresh.is_some_and(|s| !s.pending) {
            return shown;
        }
        for (id, (text, hints)) in &self.last_hints {
            // A policy searched for this revision (with or without hints found) has its answer above.
            let searched = fresh.is_some_and(|s| s.hinted.contains_key(id));
            if hints.is_empty() || searched {
                continue;
            }
            let Some(policy) = self.inputs.policy(*id) else {
                continue;
            };
            // Most policies are unchanged and share their text with the inputs: the address settles it.
            let current = Rc::ptr_eq(text, &policy.text);
            if current || small_edit_apart(text, &policy.text) {
                shown.insert(
                    *id,
                    ShownHints {
                        hints: Rc::clone(hints),
                        current,
                    },
                );
            }
        }
        shown
    }

    /// True when the settled results are missing or stale for what is shown.
    #[must_use]
    pub fn needs_settle(&self) -> bool {
        match self.fresh() {
            None => true,
            Some(s) => {
                s.pending || (self.matrix_open && s.matrix.is_none() && self.inputs.mode == RequestMode::Bedrock)
            }
        }
    }

    /// What the page is still computing for the current revision, in words, if anything.
    #[must_use]
    pub fn computing(&self) -> Option<&'static str> {
        if !self.needs_settle() {
            return None;
        }
        let denied = self.derived.verdict.decision.is_some_and(|d| !d.is_allow());
        Some(match (self.fresh(), denied) {
            (Some(s), _) if s.pending && s.matrix.is_none() && self.matrix_open => "room-making hints and the matrix",
            (Some(s), _) if s.pending => "room-making hints",
            (Some(_), _) => "the matrix",
            (None, true) => "fix suggestions and room-making hints",
            (None, false) => "room-making hints",
        })
    }

    /// Computes what is missing for `revision` at once, unless the revision is stale.
    pub(super) fn settle(self, revision: u64) -> Option<Self> {
        if revision != self.revision || !self.needs_settle() {
            return None;
        }
        let mut settling = Settling::new(&self);
        while settling.step() {}
        self.settled(Rc::new(settling.finish()))
    }

    /// Takes results computed a slice at a time, unless the inputs changed since.
    pub(super) fn settled(mut self, settled: Rc<Settled>) -> Option<Self> {
        if settled.revision != self.revision {
            return None;
        }
        if let Some(matrix) = &settled.matrix {
            self.last_matrix = Some(Rc::clone(matrix));
        }
        for (id, found) in &settled.hinted {
            self.last_hints.insert(*id, found.clone());
        }
        self.settled = Some(settled);
        Some(self)
    }

    /// Applies a fix suggestion of the settled results, if it still fits the text it was computed for.
    pub(super) fn apply_fix(self, index: usize) -> Option<Self> {
        let fix = self.fresh()?.fixes.get(index)?.clone();
        let inputs = self.inputs.with_fix(&fix)?;
        let mut next = self.commit(inputs, None, false)?;
        let outcome = match next.derived.verdict.decision {
            Some(Decision::Allow) => "the call is now allowed",
            _ => "the call is still denied",
        };
        next.notice = Some(Notice::info(format!(
            "Applied \u{201c}{}\u{201d} to the {}: {outcome}. Undo reverts it.",
            fix.title, fix.policy_label
        )));
        Some(next)
    }

    /// Applies a room-making hint of the settled results. They are fresh, so they were computed for this
    /// text; the author's layout stays.
    pub(super) fn apply_hint(self, id: PolicyRef, index: usize) -> Option<Self> {
        // Only hints found for the policy's current text apply; they may belong to an older revision when
        // the edit was to another policy.
        let shown = self.shown_hints().remove(&id).filter(|h| h.current)?;
        let hint = shown.hints.get(index)?.clone();
        let mut next = self.edit(|i| i.set_policy_text(id, &hint.edited))?;
        next.notice = Some(Notice::info(format!(
            "{} ({} characters fewer). Undo reverts it.",
            hint.description, hint.saves
        )));
        Some(next)
    }

    /// Shows or hides the matrix.
    pub(super) fn show_matrix(mut self, open: bool) -> Option<Self> {
        (open != self.matrix_open).then(|| {
            self.matrix_open = open;
            self
        })
    }

    /// Opens or closes the share panel.
    pub(super) fn show_share(mut self, open: bool) -> Option<Self> {
        (open != self.share_open).then(|| {
            self.share_open = open;
            self.refresh_share();
            self
        })
    }

    /// Minifies the policies in share links, or not.
    pub(super) fn set_share_minify(mut self, minify: bool) -> Option<Self> {
        (minify != self.share_minify).then(|| {
            self.share_minify = minify;
            self.refresh_share();
            self
        })
    }

    /// True while the share panel shows the link and the ticket of an earlier edit, or a ticket written
    /// before the fixes of this one were known, until they are written again.
    #[must_use]
    pub fn share_stale(&self) -> bool {
        self.share
            .as_ref()
            .is_some_and(|view| view.revision != self.revision || !view.fixes_known)
    }

    /// The revision whose link and ticket the open share panel waits for, once the first slower results
    /// of that revision have brought the fixes the ticket lists. They are written in a task of their
    /// own ([`Action::WriteShare`](super::Action::WriteShare)): at the quotas, writing them takes most
    /// of a frame.
    #[must_use]
    pub fn share_due(&self) -> Option<u64> {
        (self.share_open && (self.share.is_none() || self.share_stale()) && self.fresh().is_some())
            .then_some(self.revision)
    }

    /// Writes the share panel's link and ticket, unless they are no longer due for `revision`.
    pub(super) fn write_share(mut self, revision: u64) -> Option<Self> {
        (self.share_due() == Some(revision)).then(|| {
            self.refresh_share();
            self
        })
    }

    /// Recomputes the share panel's content when it is open.
    pub(super) fn refresh_share(&mut self) {
        if !self.share_open {
            self.share = None;
            return;
        }
        let view = self.share_view();
        if self.share.as_deref() != Some(&view) {
            self.share = Some(Rc::new(view));
        }
    }

    fn share_view(&self) -> ShareView {
        let scenario = &*self.derived.scenario;
        let options = EncodeOptions {
            minify: self.share_minify,
        };
        let (url, id, error) = match share::encode(scenario, options) {
            Ok(encoded) => (encoded.url(&self.base_url), encoded.id, None),
            Err(e) => (
                String::new(),
                share::scenario_id(scenario),
                Some(format!("{e}; {}", e.help())),
            ),
        };
        // The ID is the scenario's, unless it is of the minified scenario a minified link carries.
        let scenario_id = (!self.share_minify || error.is_some()).then_some(id.as_str());
        ShareView {
            warning: share::length_warning(url.chars().count()),
            tickets: (!self.bench.predict).then(|| self.tickets(&url, scenario_id)),
            url,
            id,
            error,
            revision: self.revision,
            fixes_known: self.fresh().is_some(),
        }
    }

    /// The ticket of the current scenario, as Markdown and as plain text; `scenario_id` is its ID when
    /// already known.
    fn tickets(&self, url: &str, scenario_id: Option<&str>) -> (String, String) {
        let fixes: Vec<SuggestedFix> = self
            .fresh()
            .map(|s| s.fixes.iter().map(SuggestedFix::from).collect())
            .unwrap_or_default();
        let ticket = Ticket {
            scenario: &self.derived.scenario,
            report: &self.derived.report,
            catalog_as_of: &Catalog::builtin().as_of,
            link: (!url.is_empty()).then_some(url),
            fixes: &fixes,
            no_fix_reason: None,
        };
        match scenario_id {
            Some(id) => ticket.markdown_and_plain_with_id(id),
            None => ticket.markdown_and_plain(),
        }
    }
}
