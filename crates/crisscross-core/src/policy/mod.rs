//! Policy documents: the parsed model and the parser that checks them as AWS does.
//!
//! Grammar: IAM User Guide, "IAM JSON policy grammar" and the element pages; SCP rules: AWS Organizations,
//! "SCP syntax" (full IAM language since September 2025, but no `Principal`). Every problem is reported
//! with its span in the user's text; see `docs/diagnostics.md` for the codes.

pub mod condition;
pub mod decimal;
pub mod lint;
mod list;
mod parse;
pub mod pattern;
mod taking;

use serde::{Deserialize, Serialize};

pub use self::condition::Condition;
pub use self::list::{Entries, PatternList, ServiceIndex};
pub(crate) use self::list::{service_order, service_prefix};
pub use self::parse::{Parsed, invalid_character, parse_policy, parse_policy_generally};
use self::pattern::{Template, holds_variable_syntax};
use crate::diagnostic::Span;
use crate::scenario::policy_ref::Layer;

/// The kind of policy, which decides what is valid in it and how its size is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyType {
    /// Service control policy (AWS Organizations).
    Scp,
    /// Resource control policy (AWS Organizations).
    Rcp,
    /// Identity-based policy of a user, group or role.
    Identity,
    /// Permissions boundary.
    Boundary,
    /// Session policy passed when assuming a role or federating.
    Session,
}

impl PolicyType {
    /// True for the policy types IAM stores (whose text IAM restricts to Latin-1 characters).
    #[must_use]
    pub fn is_iam(self) -> bool {
        matches!(self, Self::Identity | Self::Boundary | Self::Session)
    }

    /// The name used in messages.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Scp => Layer::Scp.label(),
            Self::Rcp => "RCP",
            Self::Identity => Layer::Identity.label(),
            Self::Boundary => Layer::Boundary.label(),
            Self::Session => Layer::Session.label(),
        }
    }

    /// The indefinite article for [`Self::label`]: "an SCP", "an RCP", "a session policy".
    #[must_use]
    pub fn article(self) -> &'static str {
        match self {
            Self::Rcp => "an",
            Self::Scp => Layer::Scp.article(),
            Self::Identity => Layer::Identity.article(),
            Self::Boundary => Layer::Boundary.article(),
            Self::Session => Layer::Session.article(),
        }
    }
}

impl From<Layer> for PolicyType {
    fn from(layer: Layer) -> Self {
        match layer {
            Layer::Scp => Self::Scp,
            Layer::Identity => Self::Identity,
            Layer::Boundary => Self::Boundary,
            Layer::Session => Self::Session,
        }
    }
}

/// `Version`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `2012-10-17`: policy variables are substituted.
    V2012,
    /// `2008-10-17`: `${...}` is literal text.
    V2008,
    /// No `Version`: `${...}` is literal text.
    Missing,
}

/// `Effect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Effect {
    /// `Allow`
    Allow,
    /// `Deny`
    Deny,
}

/// A parsed policy. Its statements cannot change once it is built, so what it remembers about them
/// ([`Policy::with_statements_taking`]) stays true.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// `Version`.
    pub version: Version,
    statements: Vec<Statement>,
    taking: taking::TakingMemo,
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Position in the policy, from 0.
    pub index: usize,
    /// `Sid`.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Effect,
    /// `Action` or `NotAction`, lowercased.
    pub action: PatternList,
    /// `Resource` or `NotResource`; absent only where AWS allows it (never in the policy types here).
    pub resource: Option<PatternList>,
    /// `Condition` entries, one per operator and key, in written order.
    pub conditions: Vec<Condition>,
    /// The whole statement object.
    pub span: Span,
    /// Whether `Statement` is a list of statements rather than this statement itself.
    pub in_list: bool,
}

/// Where a statement is written, as a JSON path: `Statement[1]` in a list, `Statement` alone. Written
/// out only when a message names it: most statements have none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementPath {
    /// Position in the policy, from 0.
    pub index: usize,
    /// Whether `Statement` is a list rather than the statement itself.
    pub in_list: bool,
}

impl std::fmt::Display for StatementPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.in_list {
            write!(f, "Statement[{}]", self.index)
        } else {
            f.write_str("Statement")
        }
    }
}

impl Statement {
    /// The statement's JSON path, `Statement[1]` or `Statement`.
    #[must_use]
    pub fn path(&self) -> StatementPath {
        StatementPath {
            index: self.index,
            in_list: self.in_list,
        }
    }

    /// Whether deciding this statement can read the context key `key_lower` (lowercased): a condition on
    /// it, or a policy variable anywhere in `Resource` or a condition value, which may name any key.
    #[must_use]
    pub fn may_read_key(&self, key_lower: &str) -> bool {
        let variables = |t: &Template| t.has_variables();
        self.conditions.iter().any(|c| {
            c.key_lower() == key_lower
                || c.values.iter().any(|v| match v {
                    condition::Operand::Text(t) | condition::Operand::Arn(t, _) => t.has_variables(),
                    _ => false,
                })
        }) || self.resource.as_ref().is_some_and(|r| {
            // Only text with `${` can compile to a pattern with a variable: most lists stay uncompiled.
            r.texts().any(holds_variable_syntax) && r.patterns().iter().any(variables)
        })
    }
}

/// The text with its comments and trailing commas removed and every other byte kept: the repair for a
/// pasted policy that has them (JSON has neither, and AWS refuses both).
#[must_use]
pub fn without_comments(text: &str) -> String {
    crate::syntax::json::clean(text)
}

impl Policy {
    /// The statements in order.
    #[must_use]
    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }

    /// The policy as JSON, in a normal form: every list written as an array, elements in AWS's order.
    /// Parsing this text gives back the same policy (up to spans).
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::{Map, Value as J};
        let strings = |list: &PatternList| J::Array(list.texts().map(|text| J::String(text.to_owned())).collect());
        let statements = self
            .statements
            .iter()
            .map(|s| {
                let mut m = Map::new();
                if let Some(sid) = &s.sid {
                    m.insert("Sid".into(), J::String(sid.clone()));
                }
                let effect = if s.effect == Effect::Allow { "Allow" } else { "Deny" };
                m.insert("Effect".into(), J::String(effect.into()));
                m.insert(
                    (if s.action.negated { "NotAction" } else { "Action" }).into(),
                    strings(&s.action),
                );
                if let Some(r) = &s.resource {
                    m.insert((if r.negated { "NotResource" } else { "Resource" }).into(), strings(r));
                }
                if !s.conditions.is_empty() {
                    let mut ops: Map<String, J> = Map::new();
                    for c in &s.conditions {
                        let keys = ops
                            .entry(c.operator.name.to_string())
                            .or_insert_with(|| J::Object(Map::new()));
                        if let J::Object(keys) = keys {
                            keys.insert(
                                c.key().to_owned(),
                                J::Array(c.raw_values().map(|v| J::String(v.to_owned())).collect()),
                            );
                        }
                    }
                    m.insert("Condition".into(), J::Object(ops));
                }
                J::Object(m)
            })
            .collect();
        let mut top = Map::new();
        match self.version {
            Version::V2012 => {
                top.insert("Version".into(), J::String("2012-10-17".into()));
            }
            Version::V2008 => {
                top.insert("Version".into(), J::String("2008-10-17".into()));
            }
            Version::Missing => {}
        }
        top.insert("Statement".into(), J::Array(statements));
        J::Object(top)
    }
}
