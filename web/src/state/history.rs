//! Undo and redo: the inputs before each edit, the undone ones, and which field the last keystroke
//! went to, so that typing a word is one undo step and a paste is always its own.

use std::rc::Rc;

use crisscross_core::scenario::PolicyRef;

use super::action::{CustomField, PlainField};
use crate::model::Inputs;

/// How many undo steps are kept.
pub const HISTORY_LIMIT: usize = 200;

/// The field an edit types into: keystrokes in the same field join one undo step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EditKey {
    /// A policy's text.
    Policy(PolicyRef),
    /// A policy's name.
    PolicyName(PolicyRef),
    /// An SCP level's target.
    Level(usize),
    /// The principal ARN.
    Principal,
    /// A fact about the caller.
    Caller(super::action::CallerField),
    /// A context row's key.
    ContextKey(usize),
    /// A context row's value.
    ContextValue(usize),
    /// A field of the custom profile.
    Custom(CustomField),
    /// A field of the plain request.
    Plain(PlainField),
}

/// The undo history.
#[derive(Debug, Clone, Default)]
pub(super) struct History {
    past: Rc<Vec<Rc<Inputs>>>,
    future: Rc<Vec<Rc<Inputs>>>,
    last_edit: Option<EditKey>,
}

impl History {
    /// Records `current` as an undo step before an edit, unless the edit is a `small` keystroke into the
    /// same field as the last one. Anything undone is forgotten.
    pub(super) fn record(&mut self, current: &Rc<Inputs>, key: Option<EditKey>, small: bool) {
        let continues = small && key.is_some() && key == self.last_edit;
        if !continues {
            let past = Rc::make_mut(&mut self.past);
            past.push(Rc::clone(current));
            if past.len() > HISTORY_LIMIT {
                past.remove(0);
            }
        }
        self.future = Rc::default();
        self.last_edit = key;
    }

    /// Starts a new undo step at the next keystroke, whatever field it goes to.
    pub(super) fn break_typing(&mut self) {
        self.last_edit = None;
    }

    /// The inputs before the last step, keeping `current` for redo.
    pub(super) fn undo(&mut self, current: &Rc<Inputs>) -> Option<Rc<Inputs>> {
        let previous = Rc::make_mut(&mut self.past).pop()?;
        Rc::make_mut(&mut self.future).push(Rc::clone(current));
        self.last_edit = None;
        Some(previous)
    }

    /// The inputs of the last undone step, keeping `current` for undo.
    pub(super) fn redo(&mut self, current: &Rc<Inputs>) -> Option<Rc<Inputs>> {
        let following = Rc::make_mut(&mut self.future).pop()?;
        Rc::make_mut(&mut self.past).push(Rc::clone(current));
        self.last_edit = None;
        Some(following)
    }

    /// True when there is something to undo.
    pub(super) fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// True when there is something to redo.
    pub(super) fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }
}

/// What an edit of `previous` into `next` removed and added: the number of bytes removed, and the text
/// added, between the longest common start and end (cut at character boundaries).
pub(super) fn difference<'a>(previous: &str, next: &'a str) -> (usize, &'a str) {
    let (a, b) = (previous.as_bytes(), next.as_bytes());
    let mut prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while !(previous.is_char_boundary(prefix) && next.is_char_boundary(prefix)) {
        prefix -= 1;
    }
    let (a_rest, b_rest) = (a.get(prefix..).unwrap_or_default(), b.get(prefix..).unwrap_or_default());
    let mut suffix = a_rest
        .iter()
        .rev()
        .zip(b_rest.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    while !(previous.is_char_boundary(a.len() - suffix) && next.is_char_boundary(b.len() - suffix)) {
        suffix -= 1;
    }
    let added = next.get(prefix..b.len() - suffix).unwrap_or_default();
    (a.len() - prefix - suffix, added)
}

/// How an edit of a text counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct EditSize {
    /// One character typed or deleted that does not end a word: typing a word is one undo step, and a
    /// paste is always its own.
    pub(super) small: bool,
    /// One keystroke: at most one character typed, over a selection or not, or text deleted.
    pub(super) keystroke: bool,
}

/// How the edit of `previous` into `next` counts (see [`EditSize`]).
pub(super) fn edit_size(previous: &str, next: &str) -> EditSize {
    let (removed, added) = difference(previous, next);
    let added_chars = added.chars().count();
    let small = match (removed, added_chars) {
        (_, 0) => removed <= 4,
        (0, 1) => !added.chars().all(|c| c.is_whitespace() || c == ',' || c == '"'),
        _ => false,
    };
    EditSize {
        small,
        keystroke: added_chars <= 1,
    }
}
