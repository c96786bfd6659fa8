//! Condition values compiled the first time they are compared. Every value is read and checked when its
//! policy is parsed, but at an organization's size most statements never match a given call's action,
//! so most values are never compared.

use std::sync::OnceLock;

use super::{Syntax, Template, has_arn_fields, holds_variable_syntax};
use crate::syntax::words;

/// A condition value and its pattern, compiled when first needed. The pattern is boxed, so that values
/// never compiled stay small to build and move.
#[derive(Debug, Clone)]
pub struct LazyTemplate {
    text: String,
    syntax: Syntax,
    compiled: OnceLock<Box<Template>>,
}

impl LazyTemplate {
    /// `text` read with `syntax`. A value that may hold a policy variable is compiled at once, so that
    /// asking whether it has one never compiles anything.
    #[must_use]
    pub fn new(text: &str, syntax: Syntax) -> Self {
        let compiled = OnceLock::new();
        if syntax.variables && holds_variable_syntax(text) {
            let _ = compiled.set(Box::new(Template::new(text, syntax)));
        }
        Self {
            text: text.to_owned(),
            syntax,
            compiled,
        }
    }

    /// The value as written in the policy.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The compiled pattern.
    pub fn template(&self) -> &Template {
        self.compiled
            .get_or_init(|| Box::new(Template::new(&self.text, self.syntax)))
    }

    /// True when the value holds policy variables.
    #[must_use]
    pub fn has_variables(&self) -> bool {
        self.compiled.get().is_some_and(|template| template.has_variables())
    }

    /// Whether the value has the six fields of an ARN, as [`has_arn_fields`] finds them in its pattern.
    #[must_use]
    pub fn has_arn_fields(&self) -> bool {
        match self.compiled.get() {
            Some(template) => has_arn_fields(template.pieces()),
            // Without variables only `*` and `?` leave the literal text, so the text holds every literal `:`.
            None => words::holds_at_least(self.text.as_bytes(), b':', 5),
        }
    }
}

/// The pattern follows from the text and the syntax: whether it was compiled yet does not make two
/// values differ.
impl PartialEq for LazyTemplate {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.syntax == other.syntax
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: [&str; 9] = [
        "arn:aws:iam::*:role/AWSControlTowerExecution",
        "arn:aws:s3::bucket",
        "arn:aws:iam::${aws:PrincipalAccount}:role/x",
        "arn:aws:iam::111122223333:user/${aws:username}",
        "arn:aws:s3:::${*}:${?}",
        "arn:aws:iam::111122223333:role/${unclosed",
        "${aws:PrincipalTag/team, 'default'}",
        "a:b:c:d:e?",
        "",
    ];

    fn syntaxes() -> impl Iterator<Item = Syntax> {
        [
            (true, true, false),
            (true, false, false),
            (false, true, true),
            (false, false, false),
        ]
        .into_iter()
        .map(|(glob, variables, fold_case)| Syntax {
            glob,
            variables,
            fold_case,
        })
    }

    #[test]
    fn what_is_known_before_compiling_agrees_with_the_compiled_pattern() {
        for syntax in syntaxes() {
            for text in TEXTS {
                let lazy = LazyTemplate::new(text, syntax);
                let eager = Template::new(text, syntax);
                assert_eq!(lazy.has_variables(), eager.has_variables(), "{text} {syntax:?}");
                assert_eq!(
                    lazy.has_arn_fields(),
                    has_arn_fields(eager.pieces()),
                    "{text} {syntax:?}"
                );
                // Neither question compiled a value that cannot hold a variable.
                let may_hold_variables = syntax.variables && text.contains("${");
                assert_eq!(lazy.compiled.get().is_some(), may_hold_variables, "{text} {syntax:?}");
            }
        }
    }

    #[test]
    fn a_value_compiled_on_first_use_is_the_one_compiled_at_once_and_equals_its_uncompiled_twin() {
        for syntax in syntaxes() {
            for text in TEXTS {
                let used = LazyTemplate::new(text, syntax);
                let twin = used.clone();
                assert_eq!(used.template(), &Template::new(text, syntax), "{text} {syntax:?}");
                assert_eq!(used.text(), text);
                assert_eq!(used, twin, "{text} {syntax:?}");
                assert_ne!(used, LazyTemplate::new(&format!("{text}x"), syntax));
            }
        }
    }
}
