//! Policy size: the quotas AWS applies, how AWS counts a policy against them, and hints that make room
//! without changing any decision.
//!
//! How AWS counts (choices where AWS is silent are in `docs/decisions.md`, "Policy size"):
//! - SCPs and RCPs: every character counts when the policy is saved through the API, the CLI or
//!   Terraform; the console first removes whitespace outside strings (AWS Organizations quotas page).
//! - Identity policies and permissions boundaries: IAM does not count whitespace (IAM quotas page).
//!   Whitespace inside strings is counted.
//! - Session policies: the plaintext passed to STS, every character (STS API reference).
//!
//! Sizes are characters (Unicode scalar values), not bytes.

mod cover;
mod hint;
mod merge;
mod probe;
mod quota;

pub use self::hint::{Hint, HintKind, HintSearch, Safety, hints, merge};
pub use self::quota::{LIMITS, Limit, LimitSet, Quota};
use crate::diagnostic::Diagnostic;
use crate::policy::{PolicyType, invalid_character};
use crate::scenario::Scenario;
pub use crate::syntax::print::{minify, pretty};

/// How AWS counts a policy's characters against its quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// Every character of the text as saved, whitespace included.
    EveryCharacter,
    /// Whitespace outside strings is not counted.
    WithoutWhitespace,
}

/// The size of one policy, counted the way AWS counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Size {
    /// The policy type, which decides the quota and the counting rule.
    pub policy_type: PolicyType,
    /// Characters as written.
    pub written: usize,
    /// Characters once whitespace outside strings is removed: what the Organizations console saves,
    /// what IAM counts, and the length of [`minify`]'s output.
    pub minified: usize,
    /// How AWS counts this type when the text is saved as written.
    pub counting: Counting,
    /// The quota.
    pub limit: &'static Limit,
    /// Characters IAM rejects (errors in IAM policies, warnings in SCPs and RCPs), as the policy parser
    /// reports them.
    pub invalid_characters: Vec<Diagnostic>,
}

impl Size {
    /// The characters AWS counts against the quota when the text is saved as written.
    #[must_use]
    pub fn counted(&self) -> usize {
        match self.counting {
            Counting::EveryCharacter => self.written,
            Counting::WithoutWhitespace => self.minified,
        }
    }

    /// Characters left under the quota; negative when over.
    #[must_use]
    pub fn room(&self) -> i64 {
        signed(self.limit.value) - signed(self.counted())
    }

    /// Characters left once the policy is minified (or saved through the console); negative when over.
    #[must_use]
    pub fn room_minified(&self) -> i64 {
        signed(self.limit.value) - signed(self.minified)
    }

    /// True when AWS would refuse the text as written.
    #[must_use]
    pub fn exceeds(&self) -> bool {
        self.room() < 0
    }
}

fn signed(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The quota that applies to one policy of a type.
#[must_use]
pub fn quota_of(policy_type: PolicyType) -> Quota {
    match policy_type {
        PolicyType::Scp => Quota::ScpSize,
        PolicyType::Rcp => Quota::RcpSize,
        PolicyType::Identity | PolicyType::Boundary => Quota::ManagedPolicySize,
        PolicyType::Session => Quota::SessionPolicySize,
    }
}

/// How AWS counts a policy type when the text is saved as written.
#[must_use]
pub fn counting_of(policy_type: PolicyType) -> Counting {
    match policy_type {
        // Organizations and STS take the text as given; only IAM documents that it skips whitespace.
        PolicyType::Scp | PolicyType::Rcp | PolicyType::Session => Counting::EveryCharacter,
        PolicyType::Identity | PolicyType::Boundary => Counting::WithoutWhitespace,
    }
}

/// Measures `text` as a policy of `policy_type` against the quotas of `set`. Works on any text, even
/// text that is not valid JSON.
#[must_use]
pub fn measure(text: &str, policy_type: PolicyType, set: LimitSet) -> Size {
    let invalid_characters = invalid_character(text, policy_type).into_iter().collect();
    Size {
        policy_type,
        written: text.chars().count(),
        minified: chars_without_whitespace(text),
        counting: counting_of(policy_type),
        limit: quota_of(policy_type).limit(set),
        invalid_characters,
    }
}

/// Counts the characters of `text` outside JSON whitespace (space, tab, line feed, carriage return)
/// that is outside strings. Reads strings lexically, so it also works on broken JSON.
#[must_use]
pub fn chars_without_whitespace(text: &str) -> usize {
    // Read byte by byte, as the page does on every keystroke: quotes, backslashes and whitespace are
    // ASCII, and a character is counted at its first byte (any byte but a UTF-8 continuation byte).
    let (mut count, mut in_string, mut escaped) = (0, false, false);
    for &b in text.as_bytes() {
        let starts_character = usize::from(b & 0xC0 != 0x80);
        if in_string {
            count += starts_character;
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            count += starts_character;
            in_string = b == b'"';
        }
    }
    count
}

/// Whose inline policies share one aggregate quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InlineHolder {
    /// An IAM user.
    User,
    /// An IAM role.
    Role,
    /// An IAM group.
    Group,
}

/// The inline policies of one user, role or group, counted together as IAM counts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineTotal {
    /// Non-whitespace characters of all the policies.
    pub counted: usize,
    /// The aggregate quota.
    pub limit: &'static Limit,
}

impl InlineTotal {
    /// True when IAM would refuse the policies as inline policies of one holder.
    #[must_use]
    pub fn exceeds(&self) -> bool {
        self.counted > self.limit.value
    }
}

/// Counts `texts` as the inline policies of one `holder`.
#[must_use]
pub fn inline_total(texts: &[&str], holder: InlineHolder) -> InlineTotal {
    let quota = match holder {
        InlineHolder::User => Quota::InlineUserSize,
        InlineHolder::Role => Quota::InlineRoleSize,
        InlineHolder::Group => Quota::InlineGroupSize,
    };
    InlineTotal {
        counted: texts.iter().map(|t| chars_without_whitespace(t)).sum(),
        // IAM quotas did not change with the SCP increase, so either set gives the same value.
        limit: quota.limit(LimitSet::Current),
    }
}

/// The SCPs attached to one level of a scenario, against the per-target quota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedScps {
    /// The root, OU or account.
    pub target: String,
    /// SCPs attached there (inherited ones are attached to the parent and counted there).
    pub attached: usize,
    /// The per-target quota.
    pub limit: &'static Limit,
}

impl AttachedScps {
    /// True when Organizations would refuse one of these attachments.
    #[must_use]
    pub fn exceeds(&self) -> bool {
        self.attached > self.limit.value
    }
}

/// Counts the SCPs attached to each SCP level of `scenario`, root first.
#[must_use]
pub fn attached_scps(scenario: &Scenario, set: LimitSet) -> Vec<AttachedScps> {
    scenario
        .scps
        .iter()
        .flatten()
        .map(|level| AttachedScps {
            target: level.target.clone(),
            attached: level.policies.len(),
            limit: Quota::ScpsPerTarget.limit(set),
        })
        .collect()
}

/// Formats a count with thousands separators, as the quotas are written in AWS's documentation.
#[must_use]
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_quota_has_one_value_per_set_listed_in_the_table() {
        let quotas = [
            Quota::ScpSize,
            Quota::RcpSize,
            Quota::ScpsPerTarget,
            Quota::ManagedPolicySize,
            Quota::InlineUserSize,
            Quota::InlineRoleSize,
            Quota::InlineGroupSize,
            Quota::SessionPolicySize,
        ];
        for quota in quotas {
            for set in [LimitSet::Current, LimitSet::Legacy] {
                let limit = quota.limit(set);
                assert_eq!(limit.quota, quota);
                assert!(limit.set.is_none_or(|s| s == set), "{quota:?} {set:?}");
                assert!(LIMITS.iter().any(|l| std::ptr::eq(*l, limit)));
                assert!(limit.source.starts_with("https://docs.aws.amazon.com/"));
                assert_eq!(limit.as_of.len(), "2026-05-15".len());
            }
        }
        assert_eq!(LIMITS.len(), quotas.len() + 2, "only the SCP quotas have legacy values");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(936), "936");
        assert_eq!(thousands(2_048), "2,048");
        assert_eq!(thousands(10_240), "10,240");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
