//! Which statements of a policy can apply to an action, remembered for the last action asked about.
//!
//! Deciding the hops of one call asks every policy about the same action once per hop, and the page asks
//! again on every keystroke, while all but the edited policy stay the same (the parse cache hands back
//! the same policy for the same text). Matching the action against every statement's `Action` is most
//! of a decision's work in a large organization; resources and conditions differ from hop to hop and
//! are checked each time.

use std::fmt;
use std::sync::Mutex;

use super::{PatternList, Policy, Statement};

/// For the last action asked about, whether each statement's `Action`/`NotAction` takes it in.
#[derive(Default)]
pub(crate) struct TakingMemo(Mutex<Option<(String, Vec<bool>)>>);

impl Clone for TakingMemo {
    /// A copy starts with nothing remembered: filling it again is cheap, and copying would take the lock.
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl PartialEq for TakingMemo {
    /// What is remembered follows from the statements, so it never makes two policies differ.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for TakingMemo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TakingMemo")
    }
}

impl PatternList {
    /// Whether this `Action`/`NotAction` lets its statement apply to `action` (lowercased). An empty
    /// list, `NotAction` included, leaves the statement without effect (IAM Access Analyzer, "Empty
    /// array action": the statement "does not affect the policy"; AWS says nothing of the `Not...`
    /// forms, whose grammar, like every array's, takes "one or more values").
    #[must_use]
    pub fn takes_in(&self, action: &str) -> bool {
        self.lists_action(action) != self.negated && !self.is_empty()
    }
}

impl Policy {
    /// A policy of these statements.
    #[must_use]
    pub fn new(version: super::Version, statements: Vec<Statement>) -> Self {
        Self {
            version,
            statements,
            taking: TakingMemo::default(),
        }
    }

    /// Runs `f` with, for each statement in order, whether its `Action`/`NotAction` takes in `action`
    /// (lowercased): see [`PatternList::takes_in`].
    pub fn with_statements_taking<R>(&self, action: &str, f: impl FnOnce(&[bool]) -> R) -> R {
        let answer = || -> Vec<bool> { self.statements.iter().map(|s| s.action.takes_in(action)).collect() };
        // Another thread deciding with this policy, or a poisoned lock, only means working it out again.
        let Ok(mut slot) = self.taking.0.try_lock() else {
            return f(&answer());
        };
        if slot.as_ref().is_none_or(|(asked, _)| asked != action) {
            *slot = Some((action.to_owned(), answer()));
        }
        f(slot.as_ref().map(|(_, taking)| taking.as_slice()).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use crate::policy::{PolicyType, parse_policy};

    #[test]
    fn each_action_gets_its_own_answer_and_a_copy_answers_alike() {
        let text = r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"bedrock:Invoke*","Resource":"*"},
            {"Effect":"Deny","NotAction":"s3:*","Resource":"*"},
            {"Effect":"Deny","Action":[],"Resource":"*"}]}"#;
        let policy = parse_policy(text, PolicyType::Scp).policy.expect("valid");
        let taking = |action: &str| policy.with_statements_taking(action, <[bool]>::to_vec);
        assert_eq!(taking("bedrock:invokemodel"), [true, true, false]);
        assert_eq!(taking("s3:getobject"), [false, false, false]);
        assert_eq!(
            taking("bedrock:invokemodel"),
            [true, true, false],
            "asked again after another action"
        );
        let copy = (*policy).clone();
        assert_eq!(
            copy.with_statements_taking("s3:getobject", <[bool]>::to_vec),
            [false, false, false]
        );
        assert_eq!(copy, *policy);
    }
}
