//! Policy documents: the parsed model and the parser that checks them as AWS does.
//!
//! Grammar: IAM User Guide, "IAM JSON policy grammar" and the element pages; SCP rules: AWS Organizations,
//! "SCP syntax" (full IAM language since September 2025, but no `Principal`). Every problem is reported
//! with its span in the user's text; see `docs/diagnostics.md` for the codes.

pub mod condition;
pub mod lint;
mod parse;
pub mod pattern;
mod taking;

use std::cmp::Ordering;
use std::ops::Range;

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

/// A parsed policy. Its statements cannot change once it is built, so what it remembers about them
/// ([`Policy::with_statements_taking`]) stays true.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// `Version`.
    pub version: Version,
    statements: Vec<Statement>,
    taking: taking::TakingMemo,
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
    /// For actions: the patterns by lowercased service prefix, so a request only tries the patterns of
    /// its own service (a Region-deny SCP lists 80 and more exempt actions).
    pub by_service: ServiceIndex,
}

impl PatternList {
    /// The patterns that can match an action of `service` (lowercased): those without a service
    /// prefix (`*`), then its own service's.
    pub fn candidates<'a>(&'a self, service: &str) -> impl Iterator<Item = &'a Template> {
        let own = if service.is_empty() {
            &[][..]
        } else {
            self.by_service.patterns_of(service)
        };
        self.by_service
            .patterns_of("")
            .iter()
            .chain(own)
            .filter_map(|i| self.patterns.get(*i))
    }

    /// True when an entry names `action` (lowercased), trying only the entries of its service.
    #[must_use]
    pub fn lists_action(&self, action: &str) -> bool {
        self.candidates(service_prefix(action))
            .any(|p| pattern::glob(p.pieces(), action, false))
    }

    /// [`Self::lists_action`] for each of `actions` (lowercased, ordered by [`service_order`] of their
    /// service prefixes), in one pass over the index instead of one search per action: a Region deny's
    /// lint asks about dozens of actions per statement.
    pub(crate) fn lists_each<'a>(&'a self, actions: &'a [String]) -> impl Iterator<Item = bool> + 'a {
        let everywhere = self.by_service.patterns_of("");
        let mut groups = self.by_service.groups().peekable();
        actions.iter().map(move |action| {
            let service = service_prefix(action);
            while groups
                .next_if(|(name, _)| service_order(name, service) == Ordering::Less)
                .is_some()
            {}
            let own = groups
                .peek()
                .filter(|(name, _)| *name == service)
                .map_or(&[][..], |(_, patterns)| patterns);
            everywhere
                .iter()
                .chain(own)
                .filter_map(|i| self.patterns.get(*i))
                .any(|p| pattern::glob(p.pieces(), action, false))
        })
    }
}

/// The order of [`ServiceIndex`] groups: shorter prefixes first, then bytewise.
pub(crate) fn service_order(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.bytes().cmp(b.bytes()))
}

/// The text before the first `:` of an action, or "" without one. A byte search: `:` is ASCII, and
/// `split_once` with a `char` compares each candidate as an encoded character.
pub(crate) fn service_prefix(action: &str) -> &str {
    action
        .bytes()
        .position(|b| b == b':')
        .and_then(|at| action.get(..at))
        .unwrap_or_default()
}

/// The lowercased service prefix an action pattern names, or "" when a wildcard comes first.
fn service_of(action: &Template) -> &str {
    match action.pieces().first() {
        Some(Piece::Lit(text)) => service_prefix(text),
        _ => "",
    }
}

/// Action patterns grouped by lowercased service prefix. The empty prefix holds the patterns that can
/// match every service (a wildcard before the first `:`); service prefixes cannot hold wildcards, so the
/// text before `:` names the service exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceIndex {
    /// Every pattern has the same prefix, as in most statements (`"sqs:Delete*", "sqs:Put*Policy"`):
    /// kept without grouping or sorting anything, since every pattern is its service's.
    One {
        /// The prefix.
        service: String,
        /// How many patterns there are.
        count: usize,
    },
    /// Several prefixes, in three allocations whatever their number: the prefixes one after another,
    /// the groups in prefix order, and the pattern indexes group by group. Groups are ordered by the
    /// length of their prefix, then its bytes: most lookups then settle on lengths alone, which matters
    /// because a Region deny's lint looks up dozens of services per statement.
    Many {
        /// The prefixes one after another.
        names: String,
        /// Each group's prefix (a range of `names`) and its patterns (a range of `order`).
        groups: Vec<(Range<usize>, Range<usize>)>,
        /// The pattern indexes, group by group.
        order: Vec<usize>,
    },
}

/// The indexes 0, 1, 2, ... for [`ServiceIndex::One`] to lend out, so that it owns no list of them.
const IN_ORDER: [usize; 64] = {
    let mut indexes = [0; 64];
    let mut i = 0;
    while i < indexes.len() {
        #[allow(
            clippy::indexing_slicing,
            reason = "i is below the array's length; a constant cannot call get_mut"
        )]
        {
            indexes[i] = i;
        }
        i += 1;
    }
    indexes
};

impl Default for ServiceIndex {
    fn default() -> Self {
        Self::One {
            service: String::new(),
            count: 0,
        }
    }
}

impl ServiceIndex {
    /// Groups action patterns (lowercased, as `Action` entries are compiled) by service.
    #[must_use]
    pub fn new(actions: &[Template]) -> Self {
        let first = actions.first().map_or("", service_of);
        if actions.len() <= IN_ORDER.len() && actions.iter().skip(1).all(|a| service_of(a) == first) {
            return Self::One {
                service: first.to_owned(),
                count: actions.len(),
            };
        }
        let mut keyed: Vec<(&str, usize)> = actions.iter().map(service_of).zip(0..).collect();
        keyed.sort_unstable_by(|(a, i), (b, j)| service_order(a, b).then(i.cmp(j)));
        // Sized for one service per pattern, so that neither list grows while it is filled.
        let mut names = String::with_capacity(keyed.iter().map(|(service, _)| service.len()).sum());
        let mut groups: Vec<(Range<usize>, Range<usize>)> = Vec::with_capacity(keyed.len());
        let mut order = Vec::with_capacity(keyed.len());
        let mut last: Option<&str> = None;
        for (service, i) in keyed {
            if last != Some(service) {
                let name = names.len()..names.len() + service.len();
                names.push_str(service);
                groups.push((name, order.len()..order.len()));
                last = Some(service);
            }
            order.push(i);
            if let Some((_, patterns)) = groups.last_mut() {
                patterns.end = order.len();
            }
        }
        Self::Many { names, groups, order }
    }

    /// Each service prefix with the indexes of its patterns, in [`service_order`].
    fn groups(&self) -> impl Iterator<Item = (&str, &[usize])> {
        let (one, many) = match self {
            Self::One { service, count } => (
                (*count > 0).then(|| (service.as_str(), IN_ORDER.get(..*count).unwrap_or_default())),
                None,
            ),
            Self::Many { names, groups, order } => (
                None,
                Some(groups.iter().map(|(name, patterns)| {
                    (
                        names.get(name.clone()).unwrap_or_default(),
                        order.get(patterns.clone()).unwrap_or_default(),
                    )
                })),
            ),
        };
        one.into_iter().chain(many.into_iter().flatten())
    }

    /// The indexes of the patterns whose prefix is `service`.
    #[must_use]
    pub fn patterns_of(&self, service: &str) -> &[usize] {
        match self {
            Self::One { service: own, count } if own == service => IN_ORDER.get(..*count).unwrap_or_default(),
            Self::One { .. } => &[],
            Self::Many { names, groups, order } => {
                let name = |(name, _): &(Range<usize>, Range<usize>)| names.get(name.clone()).unwrap_or_default();
                groups
                    .binary_search_by(|group| service_order(name(group), service))
                    .ok()
                    .and_then(|at| groups.get(at))
                    .and_then(|(_, patterns)| order.get(patterns.clone()))
                    .unwrap_or_default()
            }
        }
    }
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
                    condition::Operand::Text(t) | condition::Operand::Arn(t, _) => t.has_variables(),
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

#[cfg(test)]
mod tests {
    use super::pattern::{Syntax, Template, glob};
    use super::{PatternList, ServiceIndex, service_order, service_prefix};
    use crate::diagnostic::Span;

    /// An `Action` entry compiled as the parser compiles it.
    fn action(text: &str) -> Template {
        Template::new(text, Syntax::ACTION)
    }

    #[test]
    fn action_patterns_are_found_by_their_service() {
        let patterns: Vec<Template> = ["s3:Get*", "*", "ec2:*", "S3:Put*", "iam*:List*", "a4b:*"]
            .into_iter()
            .map(action)
            .collect();
        let index = ServiceIndex::new(&patterns);
        assert_eq!(index.patterns_of("s3"), [0, 3]);
        assert_eq!(index.patterns_of(""), [1, 4]);
        assert_eq!(index.patterns_of("ec2"), [2]);
        assert_eq!(index.patterns_of("a4b"), [5]);
        assert!(index.patterns_of("sts").is_empty());
        assert!(ServiceIndex::default().patterns_of("").is_empty());

        let one_service: Vec<Template> = ["sqs:Delete*", "SQS:Put*Policy", "sqs:TagQueue"]
            .into_iter()
            .map(action)
            .collect();
        let index = ServiceIndex::new(&one_service);
        assert_eq!(index.patterns_of("sqs"), [0, 1, 2]);
        assert!(index.patterns_of("").is_empty() && index.patterns_of("sns").is_empty());

        let long: Vec<Template> = (0..70).map(|i| action(&format!("s3:Get{i}"))).collect();
        let in_order: Vec<usize> = (0..70).collect();
        assert_eq!(ServiceIndex::new(&long).patterns_of("s3"), in_order);
    }

    /// Asking about many actions in one pass answers as asking about each one does, whatever services
    /// the list and the actions name, and however their prefixes compare by length and bytes.
    #[test]
    fn actions_asked_about_together_are_answered_as_one_by_one() {
        let list = |entries: &[&str]| {
            let patterns: Vec<Template> = entries.iter().map(|text| action(text)).collect();
            PatternList {
                negated: true,
                spans: Vec::new(),
                key_span: Span::default(),
                by_service: ServiceIndex::new(&patterns),
                patterns,
            }
        };
        let mut actions: Vec<String> = [
            "s3:getobject",
            "iam:createrole",
            "a4b:*",
            "ec2:runinstances",
            "sts:assumerole",
            "zz:x",
            "b:y",
            "iam:list*",
            "s3:*",
            "route53:*",
            "health:describe",
            "sqs:deletequeue",
        ]
        .map(str::to_owned)
        .to_vec();
        actions.sort_by(|a, b| service_order(service_prefix(a), service_prefix(b)));
        for entries in [
            &["s3:Get*", "iam:*", "a4b:*", "Route53:*"][..],
            &["*:Describe*", "ec2:*"],
            &["health:describe", "b:?", "zz:x", "s3:*"],
            &["sqs:Delete*", "SQS:Put*Policy", "sqs:Untag*"],
            &["s3:GetObject"],
            &["*"],
            &["*:Describe*", "?3:get*"],
            &[],
        ] {
            let list = list(entries);
            let together: Vec<bool> = list.lists_each(&actions).collect();
            let one_by_one: Vec<bool> = actions.iter().map(|a| list.lists_action(a)).collect();
            let every_entry_tried: Vec<bool> = actions
                .iter()
                .map(|a| list.patterns.iter().any(|p| glob(p.pieces(), a, false)))
                .collect();
            assert_eq!(together, one_by_one, "{entries:?}");
            assert_eq!(one_by_one, every_entry_tried, "{entries:?}");
            assert!(together.contains(&true) || entries.is_empty(), "{entries:?}");
        }
    }
}
