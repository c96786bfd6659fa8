//! Policy documents: the parsed model and the parser that checks them as AWS does.
//!
//! Grammar: IAM User Guide, "IAM JSON policy grammar" and the element pages; SCP rules: AWS Organizations,
//! "SCP syntax" (full IAM language since September 2025, but no `Principal`). Every problem is reported
//! with its span in the user's text; see `docs/diagnostics.md` for the codes.

pub mod condition;
pub mod lint;
mod parse;
pub mod pattern;

use serde::{Deserialize, Serialize};

pub use self::condition::Condition;
pub use self::parse::{Parsed, invalid_character, parse_policy};
use self::pattern::{Piece, Template};
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

/// A parsed policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// `Version`.
    pub version: Version,
    /// The statements in order.
    pub statements: Vec<Statement>,
}

/// `Action`/`NotAction` or `Resource`/`NotResource`: the patterns and whether the element is negated.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternList {
    /// True for `NotAction` / `NotResource`.
    pub negated: bool,
    /// The entries in order.
    pub patterns: Vec<Template>,
    /// Span of each entry.
    pub spans: Vec<Span>,
    /// Span of the element's key.
    pub key_span: Span,
    /// For actions: each pattern's index and the length of its lowercased service prefix (0 when a
    /// wildcard comes before the first `:`), ordered by that prefix, so a request only tries the
    /// patterns of its own service (a Region-deny SCP lists 80 and more exempt actions).
    pub by_service: Vec<(usize, usize)>,
}

impl PatternList {
    /// The patterns that can match an action of `service` (lowercased): those without a service
    /// prefix (`*`), then its own service's.
    pub fn candidates<'a>(&'a self, service: &str) -> impl Iterator<Item = &'a Template> {
        let service_at = |(i, len): &(usize, usize)| {
            self.patterns
                .get(*i)
                .and_then(|p| service_of(p).get(..*len))
                .unwrap_or_default()
        };
        // The patterns without a prefix sort first; a service's own are few, so they are read in turn.
        let any = self.by_service.iter().take_while(|(_, len)| *len == 0);
        let start = self.by_service.partition_point(|e| service_at(e) < service);
        let own = self
            .by_service
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(move |e| !service.is_empty() && service_at(e) == service);
        any.chain(own).filter_map(|(i, _)| self.patterns.get(*i))
    }

    /// True when an entry names `action` (lowercased), trying only the entries of its service.
    #[must_use]
    pub fn lists_action(&self, action: &str) -> bool {
        let service = action.split_once(':').map_or("", |(s, _)| s);
        self.candidates(service)
            .any(|p| pattern::glob(p.pieces(), action, false))
    }
}

/// The text an action pattern starts with, whose part before the first `:` is its lowercased service
/// prefix. A pattern that starts with a wildcard, or has one before any `:`, can match every service.
/// Service prefixes cannot hold wildcards, so the text before `:` names the service exactly.
fn service_of(action: &Template) -> &str {
    match action.pieces().first() {
        Some(Piece::Lit(text)) => text,
        _ => "",
    }
}

/// Each action pattern's index and service prefix length, ordered by service (see
/// [`PatternList::by_service`]); a pattern that can match every service has an empty prefix.
pub(crate) fn group_by_service(patterns: &[Template]) -> Vec<(usize, usize)> {
    let mut keyed: Vec<(&str, usize)> = patterns
        .iter()
        .map(|p| service_of(p).split_once(':').map_or("", |(service, _)| service))
        .zip(0..)
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(service, i)| (i, service.len())).collect()
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
    /// JSON path, `Statement[1]` or `Statement`.
    pub path: String,
}

impl Statement {
    /// Whether deciding this statement can read the context key `key_lower` (lowercased): a condition on
    /// it, or a policy variable anywhere in `Resource` or a condition value, which may name any key.
    #[must_use]
    pub fn may_read_key(&self, key_lower: &str) -> bool {
        let variables = |t: &Template| t.has_variables();
        self.conditions.iter().any(|c| {
            c.key_lower == key_lower
                || c.values.iter().any(|v| match v {
                    condition::Operand::Text(t) | condition::Operand::Arn(t, _) => variables(t),
                    _ => false,
                })
        }) || self.resource.as_ref().is_some_and(|r| r.patterns.iter().any(variables))
    }
}

/// The text with its comments and trailing commas removed and every other byte kept: the repair for a
/// pasted policy that has them (JSON has neither, and AWS refuses both).
#[must_use]
pub fn without_comments(text: &str) -> String {
    crate::syntax::json::clean(text)
}

impl Policy {
    /// The policy as JSON, in a normal form: every list written as an array, elements in AWS's order.
    /// Parsing this text gives back the same policy (up to spans).
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::{Map, Value as J};
        let strings = |list: &PatternList| J::Array(list.patterns.iter().map(|p| J::String(p.text.clone())).collect());
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
                            .entry(c.operator.name.clone())
                            .or_insert_with(|| J::Object(Map::new()));
                        if let J::Object(keys) = keys {
                            keys.insert(
                                c.key.clone(),
                                J::Array(c.raw_values.iter().cloned().map(J::String).collect()),
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
