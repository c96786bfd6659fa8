//! The request context: the condition keys and values AWS attaches to a request.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub mod model;
mod principal;

pub use model::{Check, Facts, Presence};
pub use principal::{CallerKind, Principal};

/// Where a context value came from, shown next to it so users can tell facts of the routing from their own input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Derived by crisscross from the principal, the request or the hop.
    Derived,
    /// Given by the user.
    User,
    /// Derived on an assumption the scenario can settle: `aws:PrincipalArn` of a role session whose
    /// path is not given is the role's ARN with the path `/`.
    Assumed,
}

/// A key's value: one string, or several for multivalued keys such as `aws:TagKeys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ContextValue {
    /// A single value.
    Single(String),
    /// Several values (possibly none).
    Multi(Vec<String>),
}

impl ContextValue {
    /// The values as a slice.
    #[must_use]
    pub fn values(&self) -> &[String] {
        match self {
            Self::Single(v) => std::slice::from_ref(v),
            Self::Multi(v) => v,
        }
    }
}

/// A value for people: a single value as it is, several as `[a, b]`.
///
/// ```
/// use crisscross_core::context::ContextValue;
///
/// assert_eq!(ContextValue::Single("o-abc123".into()).to_string(), "o-abc123");
/// assert_eq!(ContextValue::Multi(vec!["a".into(), "b".into()]).to_string(), "[a, b]");
/// ```
impl fmt::Display for ContextValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Single(value) => f.write_str(value),
            Self::Multi(values) => write!(f, "[{}]", values.join(", ")),
        }
    }
}

/// One key of the context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The key as written (keys compare case-insensitively).
    pub key: Cow<'static, str>,
    /// The value.
    pub value: ContextValue,
    /// Where it came from.
    pub origin: Origin,
}

/// The keys every check of a Bedrock call sets, with their lowercase forms: the matrix sets them on
/// thousands of checks, which then allocate only their values.
const ROUTING_KEYS: [(&str, &str); 3] = [
    ("aws:RequestedRegion", "aws:requestedregion"),
    ("bedrock:InferenceProfileArn", "bedrock:inferenceprofilearn"),
    ("aws:ResourceAccount", "aws:resourceaccount"),
];

/// A key as written and lowercased, borrowed for the routing keys.
fn key_forms(key: &str) -> (Cow<'static, str>, Cow<'static, str>) {
    match routing_key(key) {
        Some((key, lowercase)) => (Cow::Borrowed(key), Cow::Borrowed(lowercase)),
        None => (Cow::Owned(key.to_owned()), Cow::Owned(key.to_ascii_lowercase())),
    }
}

/// A routing key as written and lowercased, when `key` is one.
fn routing_key(key: &str) -> Option<(&'static str, &'static str)> {
    ROUTING_KEYS.iter().find(|(k, _)| *k == key).copied()
}

/// Condition keys of one request, looked up case-insensitively, and the facts that say which other keys
/// AWS would send.
///
/// The keys every check of a call shares sit in one shared map; each check adds its own few on top, so
/// the matrix's thousands of checks do not copy the call's keys.
#[derive(Debug, Clone, Default)]
pub struct Context {
    shared: Arc<BTreeMap<String, Entry>>,
    /// Keys set (`Some`) or removed (`None`) on top of `shared`, ordered by key: a check sets two or
    /// three, which a short list holds for less than a tree.
    own: Vec<(Cow<'static, str>, Option<Entry>)>,
    /// Who calls and what is checked, for [`Context::presence`].
    pub facts: Facts,
}

impl PartialEq for Context {
    fn eq(&self, other: &Self) -> bool {
        self.facts == other.facts && self.entries().eq(other.entries())
    }
}

impl Eq for Context {}

impl Context {
    /// A context of single-valued user keys, for tests and examples.
    #[must_use]
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut context = Self::default();
        for (key, value) in pairs {
            context.insert(key, ContextValue::Single(value.to_owned()), Origin::User);
        }
        context
    }

    /// Sets a key, replacing any value it had.
    pub fn insert(&mut self, key: &str, value: ContextValue, origin: Origin) {
        let (key, lowercase_key) = key_forms(key);
        self.set_own(lowercase_key, Some(Entry { key, value, origin }));
    }

    /// Sets or removes (`None`) a lowercased key on top of `shared`.
    fn set_own(&mut self, lowercase_key: Cow<'static, str>, entry: Option<Entry>) {
        match self
            .own
            .binary_search_by(|(k, _)| k.as_ref().cmp(lowercase_key.as_ref()))
        {
            Ok(at) => {
                if let Some(slot) = self.own.get_mut(at) {
                    slot.1 = entry;
                }
            }
            Err(at) => self.own.insert(at, (lowercase_key, entry)),
        }
    }

    /// Sets a derived value unless the user gave the key.
    pub fn derive(&mut self, key: &str, value: &str) {
        let (key, lowercase_key) = key_forms(key);
        let given = self.entry(&lowercase_key).is_some_and(|e| e.origin == Origin::User);
        if !given {
            let value = ContextValue::Single(value.to_owned());
            self.set_own(
                lowercase_key,
                Some(Entry {
                    key,
                    value,
                    origin: Origin::Derived,
                }),
            );
        }
    }

    /// Removes a key. The removal is noted on top of `shared` without looking the key up there: a
    /// check removes `bedrock:InferenceProfileArn`, which the call's keys rarely hold.
    pub fn remove(&mut self, key: &str) {
        let lowercase_key =
            routing_key(key).map_or_else(|| Cow::Owned(key.to_ascii_lowercase()), |(_, l)| Cow::Borrowed(l));
        self.set_own(lowercase_key, None);
    }

    /// Makes the keys set so far the shared base of every copy made from now on.
    pub fn share(&mut self) {
        if self.own.is_empty() {
            return;
        }
        let mut merged = (*self.shared).clone();
        for (key, entry) in std::mem::take(&mut self.own) {
            match entry {
                Some(entry) => merged.insert(key.into_owned(), entry),
                None => merged.remove(key.as_ref()),
            };
        }
        self.shared = Arc::new(merged);
    }

    /// The values of a key given in lowercase.
    #[must_use]
    pub fn get(&self, lowercase_key: &str) -> Option<&ContextValue> {
        self.entry(lowercase_key).map(|e| &e.value)
    }

    /// The value of a single-valued key given in lowercase; `None` when absent or multivalued.
    #[must_use]
    pub fn single(&self, lowercase_key: &str) -> Option<&str> {
        match self.get(lowercase_key)? {
            ContextValue::Single(v) => Some(v),
            ContextValue::Multi(_) => None,
        }
    }

    /// The entry of a key given in lowercase.
    #[must_use]
    pub fn entry(&self, lowercase_key: &str) -> Option<&Entry> {
        match self.own.binary_search_by(|(k, _)| k.as_ref().cmp(lowercase_key)) {
            Ok(at) => self.own.get(at).and_then(|(_, own)| own.as_ref()),
            Err(_) => self.shared.get(lowercase_key),
        }
    }

    /// The entries, ordered by lowercased key.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        let mut shared = self.shared.iter().peekable();
        let mut own = self.own.iter().peekable();
        std::iter::from_fn(move || {
            loop {
                let next_own = own.peek().map(|(k, _)| k.as_ref());
                let next_shared = shared.peek().map(|(k, _)| k.as_str());
                match (next_own, next_shared) {
                    (None, None) => return None,
                    (Some(o), Some(s)) if s < o => return shared.next().map(|(_, e)| e),
                    (Some(o), Some(s)) => {
                        if s == o {
                            shared.next();
                        }
                        if let Some((_, Some(entry))) = own.next() {
                            return Some(entry);
                        }
                    }
                    (Some(_), None) => {
                        if let Some((_, Some(entry))) = own.next() {
                            return Some(entry);
                        }
                    }
                    (None, Some(_)) => return shared.next().map(|(_, e)| e),
                }
            }
        })
    }

    /// True if the key (any case) is present.
    #[must_use]
    pub fn contains(&self, key: &str) -> bool {
        self.entry(&key.to_ascii_lowercase()).is_some()
    }

    /// For a key given in lowercase that has no value here: whether AWS would send it on this request
    /// (see [`model::presence`]).
    #[must_use]
    pub fn presence(&self, lowercase_key: &str) -> Presence {
        model::presence(lowercase_key, &self.facts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_share_the_base_and_keep_their_own_keys() {
        let mut base = Context::from_pairs([("aws:PrincipalTag/team", "ml"), ("aws:SourceIp", "10.1.2.3")]);
        base.share();
        let mut hop = base.clone();
        hop.insert(
            "aws:RequestedRegion",
            ContextValue::Single("us-east-2".into()),
            Origin::Derived,
        );
        hop.remove("aws:SourceIp");
        hop.insert(
            "aws:principaltag/TEAM",
            ContextValue::Single("web".into()),
            Origin::User,
        );
        let keys: Vec<(&str, &[String])> = hop.entries().map(|e| (e.key.as_ref(), e.value.values())).collect();
        assert_eq!(
            keys,
            [
                ("aws:principaltag/TEAM", &["web".to_owned()][..]),
                ("aws:RequestedRegion", &["us-east-2".to_owned()][..])
            ]
        );
        assert_eq!(base.single("aws:sourceip"), Some("10.1.2.3"));
        assert_eq!(hop.single("aws:sourceip"), None);
        let mut again = hop.clone();
        again.share();
        assert_eq!(again, hop);
    }
}
