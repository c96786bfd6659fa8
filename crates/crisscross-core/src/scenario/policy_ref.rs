//! One address for a policy of a scenario, used by statements, diagnostics, fixes, exports and the
//! playground's editors; and the one place that names the kinds of policy.

use serde::{Deserialize, Serialize};

/// A kind of policy that takes part in a decision, in the order AWS evaluates them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// Service control policies.
    Scp,
    /// Identity-based policies.
    Identity,
    /// The permissions boundary.
    Boundary,
    /// The session policy.
    Session,
}

impl Layer {
    /// Every layer, in evaluation order.
    pub const ALL: [Self; 4] = [Self::Scp, Self::Identity, Self::Boundary, Self::Session];

    /// The name people read: "SCP", "identity policy", "permissions boundary", "session policy".
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Scp => "SCP",
            Self::Identity => "identity policy",
            Self::Boundary => "permissions boundary",
            Self::Session => "session policy",
        }
    }

    /// The indefinite article for [`Self::label`]: "an SCP", "an identity policy", "a session policy".
    #[must_use]
    pub fn article(self) -> &'static str {
        if matches!(self, Self::Scp | Self::Identity) {
            "an"
        } else {
            "a"
        }
    }

    /// The wording AWS uses in AccessDenied messages.
    #[must_use]
    pub fn aws_name(self) -> &'static str {
        match self {
            Self::Scp => "service control policy",
            Self::Identity => "identity-based policy",
            Self::Boundary => "permissions boundary",
            Self::Session => "session policy",
        }
    }

    /// The lowercase name used in JSON output and expectations.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scp => "scp",
            Self::Identity => "identity",
            Self::Boundary => "boundary",
            Self::Session => "session",
        }
    }

    /// The indefinite article for [`Self::aws_name`] ("an identity-based policy", "a session policy").
    #[must_use]
    pub fn aws_article(self) -> &'static str {
        if self == Self::Identity { "an" } else { "a" }
    }
}

/// Which policy of a scenario: an SCP at a level (root first), an identity policy, the permissions
/// boundary or the session policy. Indexes are positions in the scenario, so a policy that has not been
/// added yet is addressed by the index it will get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "PolicyRefFields", try_from = "PolicyRefFields")]
pub enum PolicyRef {
    /// An SCP.
    Scp {
        /// The level, from 0 at the root.
        level: usize,
        /// The policy's position in its level.
        index: usize,
    },
    /// An identity-based policy, by position.
    Identity(usize),
    /// The permissions boundary.
    Boundary,
    /// The session policy.
    Session,
}

impl PolicyRef {
    /// The layer the policy belongs to.
    #[must_use]
    pub fn layer(self) -> Layer {
        match self {
            Self::Scp { .. } => Layer::Scp,
            Self::Identity(_) => Layer::Identity,
            Self::Boundary => Layer::Boundary,
            Self::Session => Layer::Session,
        }
    }

    /// The SCP level, for SCPs.
    #[must_use]
    pub fn level(self) -> Option<usize> {
        match self {
            Self::Scp { level, .. } => Some(level),
            _ => None,
        }
    }

    /// The position within its layer (or SCP level); 0 for the boundary and the session policy.
    #[must_use]
    pub fn index(self) -> usize {
        match self {
            Self::Scp { index, .. } | Self::Identity(index) => index,
            Self::Boundary | Self::Session => 0,
        }
    }

    /// A short identifier fit for a DOM id or a file name: `scp-1-0`, `identity-2`, `boundary`, `session`.
    #[must_use]
    pub fn slug(self) -> String {
        match self {
            Self::Scp { level, index } => format!("scp-{level}-{index}"),
            Self::Identity(index) => format!("identity-{index}"),
            Self::Boundary => "boundary".to_owned(),
            Self::Session => "session".to_owned(),
        }
    }

    /// The reference of a policy from its layer, level and position; `None` for an SCP without a level.
    #[must_use]
    pub fn new(layer: Layer, level: Option<usize>, index: usize) -> Option<Self> {
        Some(match layer {
            Layer::Scp => Self::Scp { level: level?, index },
            Layer::Identity => Self::Identity(index),
            Layer::Boundary => Self::Boundary,
            Layer::Session => Self::Session,
        })
    }
}

/// How a [`PolicyRef`] is written in JSON: `{"layer": "scp", "level": 1, "policyIndex": 0}`.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PolicyRefFields {
    layer: Layer,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    level: Option<usize>,
    #[serde(default)]
    policy_index: usize,
}

impl From<PolicyRef> for PolicyRefFields {
    fn from(policy: PolicyRef) -> Self {
        Self {
            layer: policy.layer(),
            level: policy.level(),
            policy_index: policy.index(),
        }
    }
}

impl TryFrom<PolicyRefFields> for PolicyRef {
    type Error = &'static str;

    fn try_from(fields: PolicyRefFields) -> Result<Self, Self::Error> {
        Self::new(fields.layer, fields.level, fields.policy_index).ok_or("an SCP reference needs `level`")
    }
}

/// A statement of a policy: the policy and the statement's position in it, from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct StatementRef {
    /// The policy.
    #[serde(flatten)]
    pub policy: PolicyRef,
    /// The statement's position in the policy.
    pub statement: usize,
}

impl StatementRef {
    /// The layer of the statement's policy.
    #[must_use]
    pub fn layer(&self) -> Layer {
        self.policy.layer()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form_is_layer_level_and_policy_index() {
        let at = StatementRef {
            policy: PolicyRef::Scp { level: 1, index: 2 },
            statement: 3,
        };
        let json = serde_json::to_string(&at).unwrap();
        assert_eq!(json, r#"{"layer":"scp","level":1,"policyIndex":2,"statement":3}"#);
        assert_eq!(serde_json::from_str::<StatementRef>(&json).unwrap(), at);
        let identity = serde_json::to_string(&PolicyRef::Identity(4)).unwrap();
        assert_eq!(identity, r#"{"layer":"identity","policyIndex":4}"#);
        assert!(serde_json::from_str::<PolicyRef>(r#"{"layer":"scp","policyIndex":0}"#).is_err());
    }
}
