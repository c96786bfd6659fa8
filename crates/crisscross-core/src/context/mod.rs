//! The request context: the condition keys and values AWS attaches to a request.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

mod principal;

pub use principal::Principal;

/// Where a context value came from, shown next to it so users can tell facts of the routing from their own input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Derived by crisscross from the principal, the request or the hop.
    Derived,
    /// Given by the user.
    User,
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
    pub key: String,
    /// The value.
    pub value: ContextValue,
    /// Where it came from.
    pub origin: Origin,
}

/// Condition keys of one request, looked up case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    entries: BTreeMap<String, Entry>,
}

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
        self.entries.insert(
            key.to_ascii_lowercase(),
            Entry {
                key: key.to_owned(),
                value,
                origin,
            },
        );
    }

    /// Removes a key.
    pub fn remove(&mut self, key: &str) {
        self.entries.remove(&key.to_ascii_lowercase());
    }

    /// The values of a key given in lowercase.
    #[must_use]
    pub fn get(&self, lowercase_key: &str) -> Option<&ContextValue> {
        self.entries.get(lowercase_key).map(|e| &e.value)
    }

    /// The value of a single-valued key given in lowercase; `None` when absent or multivalued.
    #[must_use]
    pub fn single(&self, lowercase_key: &str) -> Option<&str> {
        match self.get(lowercase_key)? {
            ContextValue::Single(v) => Some(v),
            ContextValue::Multi(_) => None,
        }
    }

    /// The entries, ordered by lowercased key.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values()
    }

    /// True if the key (any case) is present.
    #[must_use]
    pub fn contains(&self, key: &str) -> bool {
        self.entries.contains_key(&key.to_ascii_lowercase())
    }
}
