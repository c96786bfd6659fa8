//! The playground's state and its reducer.
//!
//! [`PlaygroundState`] holds the inputs as typed, the undo history, the selection and the theme, and the
//! [`Derived`] result of evaluating the inputs. Every [`Action`] goes through the reducer below, one short
//! arm each, so components only render. Where the state changes:
//!
//! - `action.rs`: what the page can ask for;
//! - edits of the inputs are methods of [`Inputs`] (`model/edit.rs`); `history.rs` records them as undo
//!   steps, and `derived.rs` re-evaluates them, keeping the `Rc` of unchanged parts so the components
//!   that show them are not re-rendered;
//! - `settled.rs` and `settling.rs`: the slower results, computed a slice at a time after each edit, and
//!   the share panel;
//! - `load.rs`: a whole scenario at once (an example, a scenario file, a share link);
//! - [`mod@bench`]: the workbench;
//! - `deck.rs`: workshops, a deck's slides predicted, revealed and scored;
//! - `theme.rs`: light or dark.

use std::collections::BTreeMap;
use std::rc::Rc;

use crisscross_core::diagnostic::Span;
use crisscross_core::scenario::PolicyRef;
use crisscross_core::size::{self, LimitSet};
use yew::Reducible;

use crate::examples;
use crate::model::Inputs;

mod action;
pub mod bench;
mod deck;
mod derived;
mod history;
mod load;
pub mod organization;
mod own_work;
mod results;
mod settled;
mod settling;
mod theme;

pub use action::{Action, CallerField, CustomField, PlainField};
pub use bench::{BenchAction, Workbench};
pub use deck::{DeckAction, DeckSession, Progress, SHIPPED_DECK};
pub use derived::{Derived, DiagView, Explained, SizeView, VerdictView, policy_type, same_apart_from_spans};
pub use history::HISTORY_LIMIT;
use history::{EditKey, History, edit_size};
pub use own_work::{DRAFT_LIMIT, Draft};
pub use settled::{Settled, ShareView, ShownHints};
pub use settling::Settling;
pub use theme::Theme;

/// A message about something the page did or could not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// True for a problem, false for information.
    pub error: bool,
    /// What happened.
    pub text: String,
    /// A draft just kept, which the notice offers to restore.
    pub draft: Option<u64>,
}

impl Notice {
    /// Information about what an action did.
    fn info(text: impl Into<String>) -> Self {
        Self {
            error: false,
            text: text.into(),
            draft: None,
        }
    }

    /// Why an action did nothing.
    fn error(text: impl Into<String>) -> Self {
        Self {
            error: true,
            text: text.into(),
            draft: None,
        }
    }
}

/// A request to show a span of a policy in its editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Focus {
    /// The policy.
    pub policy: PolicyRef,
    /// The statement's span.
    pub span: Span,
    /// Bumped on every request, so the same span can be shown again.
    pub rev: u32,
    /// Scroll the page too (not only the editor).
    pub page: bool,
}

/// The whole state of the page.
#[derive(Debug, Clone)]
pub struct PlaygroundState {
    /// The inputs as typed.
    pub inputs: Rc<Inputs>,
    /// Their evaluation.
    pub derived: Rc<Derived>,
    /// The last evaluation with a verdict, kept while a policy has an error (see `results.rs`).
    last_good: Option<Rc<Derived>>,
    history: History,
    /// The hop the user selected (`None`: the first denied hop).
    pub selected_hop: Option<usize>,
    /// The statement to show in its editor.
    pub focus: Option<Focus>,
    /// The theme.
    pub theme: Theme,
    /// A message for the user.
    pub notice: Option<Notice>,
    /// The example the inputs came from, if they have not been edited since.
    pub example: Option<&'static str>,
    /// Bumped on every evaluation.
    pub revision: u64,
    /// The slower results, possibly of an older revision.
    pub settled: Option<Rc<Settled>>,
    /// Whether the explanation shows every statement that does not apply, not only the first few.
    pub explain_all: bool,
    /// Whether the matrix is shown.
    pub matrix_open: bool,
    /// The last matrix computed, shown (marked as being updated) while the current one is computed.
    last_matrix: Option<Rc<crisscross_core::matrix::Matrix>>,
    /// The last room-making hints found for each policy, with the text they were found for: shown (marked
    /// as being updated) while the hints of an edited policy are found again.
    last_hints: BTreeMap<PolicyRef, (Rc<str>, Rc<Vec<size::Hint>>)>,
    /// The AWS quotas sizes are checked against.
    pub limit_set: LimitSet,
    /// The page's address without fragment, the base of share links.
    pub base_url: Rc<str>,
    /// Whether the share panel is open.
    pub share_open: bool,
    /// Whether share links minify the policies.
    pub share_minify: bool,
    /// The share panel's content while it is open.
    pub share: Option<Rc<ShareView>>,
    /// The workbench: pasted denial, snapshot and diff, predict mode, pasted routes.
    pub bench: Workbench,
    /// The user's own scenarios kept when something was loaded over them, oldest first.
    pub drafts: Rc<Vec<Draft>>,
    /// The time calls are evaluated at when the scenario sets none: the page's clock when it opened,
    /// so the verdict does not change from one keystroke to the next.
    pub clock: Option<i64>,
    /// The workshop deck being worked through.
    pub deck: Option<Rc<DeckSession>>,
    /// Counts the changes of the state, so that two states are told apart without comparing them.
    pub change: u64,
    /// Whether this state came from a keystroke in a field: the panels below the hops may then show it
    /// one frame late, so that the frame with the text, the verdict and the hops is painted sooner.
    pub typed: bool,
}

impl Reducible for PlaygroundState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let state = Self {
            change: self.change.wrapping_add(1),
            typed: false,
            ..(*self).clone()
        };
        let next = match action {
            Action::EditPolicy(id, text) => state.edit_policy(id, &text),
            Action::RenamePolicy(id, name) => state.type_in(EditKey::PolicyName(id), |i| i.rename_policy(id, &name)),
            Action::RemovePolicy(id) => state.edit(|i| i.remove_policy(id)),
            Action::AddScp(level) => state.edit(|i| i.add_scp(level)),
            Action::ToggleFullAccess(level) => state.edit(|i| i.toggle_full_access(level)),
            Action::AddLevel => state.edit(Inputs::add_level),
            Action::RemoveLevel(level) => state.edit(|i| i.remove_level(level)),
            Action::RenameLevel(level, target) => {
                state.type_in(EditKey::Level(level), |i| i.rename_level(level, &target))
            }
            Action::MoveLevel { level, up } => state.edit(|i| i.move_level(level, up)),
            Action::SetScpsEnabled(on) => state.edit(|i| i.set_scps_enabled(on)),
            Action::AddIdentity => state.edit(Inputs::add_identity),
            Action::SetBoundaryEnabled(on) => state.edit(|i| i.boundary_enabled = on),
            Action::SetSessionEnabled(on) => state.edit(|i| i.session_enabled = on),
            Action::SetPrincipal(arn) => state.type_in(EditKey::Principal, |i| i.principal = arn.into()),
            Action::SetScope(scope) => state.edit(|i| i.principal_scope = scope),
            Action::SetCaller(field, value) => state.type_in(EditKey::Caller(field), |i| field.set(i, &value)),
            Action::GiveKey(key) => state.edit(|i| i.give_key(&key)),
            Action::AddContext => state.edit(Inputs::add_context),
            Action::SetContextKey(row, key) => {
                state.type_in(EditKey::ContextKey(row), |i| i.set_context_key(row, &key))
            }
            Action::SetContextValue(row, v) => {
                state.type_in(EditKey::ContextValue(row), |i| i.set_context_value(row, &v))
            }
            Action::RemoveContext(row) => state.edit(|i| i.remove_context(row)),
            Action::SetMode(mode) => state.edit(|i| i.set_mode(mode)),
            Action::SetProfile(profile) => state.edit(|i| i.set_profile(profile)),
            Action::UseCustomProfile => state.edit(Inputs::use_custom_profile),
            Action::SetCustom(field, value) => state.type_in(EditKey::Custom(field), |i| field.set(i, value)),
            Action::SetSourceRegion(region) => state.edit(|i| i.set_source_region(region)),
            Action::PickCall(profile, region) => state.edit(|i| i.pick_call(profile, region)),
            Action::SetApi(api) => state.edit(|i| i.request.api = Some(api)),
            Action::SetPlain(field, value) => state.type_in(EditKey::Plain(field), |i| field.set(i, value)),
            Action::Minify(id) => state.minify(id),
            Action::LoadExample(id) => state.load_example(id),
            Action::LoadScenario(text) => Some(state.load_scenario(&text)),
            Action::LoadParsed(scenario) => Some(state.replace_all(Inputs::from_scenario(&scenario), None)),
            Action::OpenLink(link) => Some(state.open_link(&link)),
            Action::RestoreDraft(id) => state.restore_draft(id),
            Action::DeleteDraft(id) => state.delete_draft(id),
            Action::RestoreExampleExpectations => state.restore_example_expectations(),
            Action::Undo => state.undo(),
            Action::Redo => state.redo(),
            Action::SelectHop(index) => state.select_hop(index),
            Action::ExplainAll => (!state.explain_all).then_some(PlaygroundState {
                explain_all: true,
                ..state
            }),
            Action::FocusStatement(policy, span) => Some(state.focus_statement(policy, span)),
            Action::SetTheme(theme) => state.set_theme(theme),
            Action::DismissNotice => state.dismiss_notice(),
            Action::SetLimitSet(set) => state.set_limit_set(set),
            Action::Settle(revision) => state.settle(revision),
            Action::Settled(settled) => state.settled(settled),
            Action::ApplyFix(index) => state.apply_fix(index),
            Action::ApplyHint(id, index) => state.apply_hint(id, index),
            Action::ShowMatrix(open) => state.show_matrix(open),
            Action::ShowShare(open) => state.show_share(open),
            Action::WriteShare(revision) => state.write_share(revision),
            Action::SetShareMinify(minify) => state.set_share_minify(minify),
            Action::Bench(action) => state.reduce_bench(action),
            Action::Deck(action) => state.reduce_deck(action),
        };
        // `None`: nothing changed, so nothing re-renders.
        next.map_or(self, Rc::new)
    }
}

impl PlaygroundState {
    /// A state for these inputs.
    #[must_use]
    pub fn new(inputs: Inputs, theme: Theme) -> Self {
        Self::unevaluated(inputs, theme).evaluated()
    }

    /// A state for these inputs, not evaluated yet: for inputs a share link is about to replace, kept
    /// only for Undo, so that the page's first verdict does not wait for an evaluation nobody sees.
    /// [`PlaygroundState::evaluated`] evaluates them.
    #[must_use]
    pub fn unevaluated(inputs: Inputs, theme: Theme) -> Self {
        Self {
            inputs: Rc::new(inputs),
            derived: Rc::new(Derived::not_yet_evaluated()),
            last_good: None,
            history: History::default(),
            selected_hop: None,
            focus: None,
            theme,
            notice: None,
            example: None,
            revision: 0,
            settled: None,
            explain_all: false,
            matrix_open: false,
            last_matrix: None,
            last_hints: BTreeMap::new(),
            limit_set: LimitSet::Current,
            base_url: crate::platform::base_url().into(),
            share_open: false,
            share_minify: false,
            share: None,
            bench: Workbench::default(),
            drafts: Rc::default(),
            clock: crate::platform::epoch_seconds(),
            deck: None,
            change: 0,
            typed: false,
        }
    }

    /// The state the page opens on for a newcomer: the default example.
    #[must_use]
    pub fn with_default_example(theme: Theme) -> Self {
        Self::default_example_unevaluated(theme).evaluated()
    }

    /// The default example's state, not evaluated yet (see [`PlaygroundState::unevaluated`]).
    #[must_use]
    pub fn default_example_unevaluated(theme: Theme) -> Self {
        let example = examples::default_example();
        let inputs = example
            .scenario()
            .map(|s| Inputs::from_example(&s, example.id))
            .unwrap_or_default();
        let mut state = Self::unevaluated(inputs, theme);
        state.example = Some(example.id);
        state
    }

    /// `self` with its inputs evaluated, once: a state from [`PlaygroundState::unevaluated`] has
    /// revision 0 until then.
    #[must_use]
    pub fn evaluated(mut self) -> Self {
        if self.revision == 0 {
            self.derived = Rc::new(Derived::compute(&self.inputs, self.limit_set, self.clock, None));
            self.revision = 1;
            self.focus = self.default_focus(0);
        }
        self
    }

    /// The hop of the current evaluation the editors mark: the selected one, or the first hop denied with
    /// the call's decision. (The results side may show an older evaluation: see `results.rs`.)
    #[must_use]
    pub fn current_hop(&self) -> Option<usize> {
        results::hop_to_show(&self.derived, self.selected_hop)
    }

    /// True when there is something to undo.
    #[must_use]
    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    /// True when there is something to redo.
    #[must_use]
    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// The spans of the deciding statements of the current hop in one policy.
    #[must_use]
    pub fn decided_spans(&self, policy: PolicyRef) -> Vec<Span> {
        let Some(hop) = self.current_hop().and_then(|i| self.derived.hops.get(i)) else {
            return Vec::new();
        };
        hop.decided_by
            .iter()
            .filter(|s| s.at.policy == policy)
            .map(|s| s.span)
            .collect()
    }

    /// The deciding statement of the current hop, shown in its editor without moving the page.
    fn default_focus(&self, rev: u32) -> Option<Focus> {
        let hop = self.current_hop().and_then(|i| self.derived.hops.get(i))?;
        let statement = hop.primary_statement()?;
        Some(Focus {
            policy: statement.at.policy,
            span: statement.span,
            rev,
            page: false,
        })
    }

    fn next_focus_rev(&self) -> u32 {
        self.focus.map_or(1, |f| f.rev.wrapping_add(1))
    }

    /// Shows the deciding statement of the current hop, without moving the page.
    fn focus_current_hop(&mut self) {
        let rev = self.next_focus_rev();
        self.focus = self.default_focus(rev);
    }

    /// An edit of the inputs that is an undo step of its own.
    fn edit(self, change: impl FnOnce(&mut Inputs)) -> Option<Self> {
        let next = edited(&self.inputs, change);
        self.commit(next, None, false)
    }

    /// A keystroke in a field: keystrokes in the same field are one undo step.
    fn type_in(self, key: EditKey, change: impl FnOnce(&mut Inputs)) -> Option<Self> {
        let next = edited(&self.inputs, change);
        let mut next = self.commit(next, Some(key), true)?;
        next.typed = true;
        Some(next)
    }

    /// New text for a policy: typing a word is one undo step, a paste is its own.
    fn edit_policy(self, id: PolicyRef, text: &str) -> Option<Self> {
        let size = edit_size(&self.inputs.policy(id)?.text, text);
        let next = edited(&self.inputs, |i| i.set_policy_text(id, text));
        let mut next = self.commit(next, Some(EditKey::Policy(id)), size.small)?;
        next.typed = size.keystroke;
        Some(next)
    }

    /// Removes whitespace outside strings from a policy, or says why it cannot.
    fn minify(mut self, id: PolicyRef) -> Option<Self> {
        let old = self.inputs.policy(id)?;
        let Ok(minified) = size::minify(&old.text) else {
            self.notice = Some(Notice::error(
                "Not minified: the policy has JSON errors; fix them first.",
            ));
            return Some(self);
        };
        let saved = old.text.chars().count() - minified.chars().count();
        let mut next = self.edit(|i| i.set_policy_text(id, &minified))?;
        next.notice = Some(Notice::info(format!(
            "Minified: {saved} characters fewer. Undo brings the layout back."
        )));
        Some(next)
    }

    /// An edit of the user's: it may make the scenario theirs (see `own_work.rs`), then goes through
    /// [`Self::record`].
    fn commit(self, next: Inputs, key: Option<EditKey>, small: bool) -> Option<Self> {
        if next == *self.inputs {
            return None;
        }
        let next = self.claimed(next);
        self.record(next, key, small)
    }

    /// Replaces the inputs, records an undo step unless the edit continues the previous one, and
    /// re-evaluates. `None` when nothing changed.
    fn record(mut self, next: Inputs, key: Option<EditKey>, small: bool) -> Option<Self> {
        if next == *self.inputs {
            return None;
        }
        self.history.record(&self.inputs, key, small);
        self.example = None;
        self.set_inputs(next);
        Some(self)
    }

    /// Re-evaluates new inputs, keeping the editor on the deciding statement as the verdict changes
    /// (without moving the page).
    fn set_inputs(&mut self, next: Inputs) {
        let derived = Derived::compute(&next, self.limit_set, self.clock, Some(&self.derived));
        self.inputs = Rc::new(next);
        let previous = std::mem::replace(&mut self.derived, Rc::new(derived));
        self.keep_last_good(previous);
        self.revision += 1;
        let rev = self.next_focus_rev();
        self.focus = match (self.default_focus(rev), self.focus) {
            // Typing inside or before the deciding statement moves one end of its span: it is the same
            // statement, which keeps its request so the editor does not scroll back to it on every
            // keystroke.
            (Some(next), Some(shown)) if next.policy == shown.policy && same_statement(next.span, shown.span) => {
                Some(Focus {
                    span: next.span,
                    ..shown
                })
            }
            (next, _) => next,
        };
    }

    fn undo(mut self) -> Option<Self> {
        let previous = self.history.undo(&self.inputs)?;
        self.example = None;
        self.set_inputs((*previous).clone());
        Some(self)
    }

    fn redo(mut self) -> Option<Self> {
        let following = self.history.redo(&self.inputs)?;
        self.example = None;
        self.set_inputs((*following).clone());
        Some(self)
    }

    fn select_hop(mut self, index: usize) -> Option<Self> {
        if index >= self.results().hops.len() {
            return None;
        }
        self.selected_hop = Some(index);
        self.focus_current_hop();
        self.history.break_typing();
        Some(self)
    }

    /// Shows a statement in its editor, scrolling the page to it.
    fn focus_statement(mut self, policy: PolicyRef, span: Span) -> Self {
        let rev = self.next_focus_rev();
        self.focus = Some(Focus {
            policy,
            span,
            rev,
            page: true,
        });
        self
    }

    fn set_theme(mut self, theme: Theme) -> Option<Self> {
        (theme != self.theme).then(|| {
            self.theme = theme;
            self
        })
    }

    fn dismiss_notice(mut self) -> Option<Self> {
        self.notice.take()?;
        Some(self)
    }

    /// Checks sizes against other quotas. The revision stays: only the sizes depend on the quotas.
    fn set_limit_set(mut self, set: LimitSet) -> Option<Self> {
        if set == self.limit_set {
            return None;
        }
        self.limit_set = set;
        self.derived = Rc::new(Derived::compute(&self.inputs, set, self.clock, Some(&self.derived)));
        Some(self)
    }
}

/// A copy of `inputs` with `change` made.
/// True when `next` is the span of statement `shown` after an edit that moved only one of its ends:
/// typing inside it keeps its start, typing before it keeps its length.
fn same_statement(next: Span, shown: Span) -> bool {
    next.start == shown.start || next.end.wrapping_sub(next.start) == shown.end.wrapping_sub(shown.start)
}

fn edited(inputs: &Inputs, change: impl FnOnce(&mut Inputs)) -> Inputs {
    let mut next = inputs.clone();
    change(&mut next);
    next
}

#[cfg(test)]
mod tests;
