//! The quotas AWS applies to policies, each with its AWS source and the date it was checked.

/// Which generation of AWS quotas to check against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LimitSet {
    /// The quotas in force now: SCPs may have 10,240 characters, and 10 may be attached per target.
    #[default]
    Current,
    /// The quotas before 2026-05-15 (SCPs: 5,120 characters, 5 per target), for organizations whose
    /// tooling still enforces them.
    Legacy,
}

impl LimitSet {
    /// The lowercase name used on the command line.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Current => "current",
            Self::Legacy => "legacy",
        }
    }
}

/// A quota AWS applies to policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quota {
    /// Characters in one SCP document.
    ScpSize,
    /// Characters in one RCP document.
    RcpSize,
    /// SCPs attached directly to one root, OU or account (inherited ones do not count).
    ScpsPerTarget,
    /// Characters in one customer managed policy; permissions boundaries are managed policies.
    ManagedPolicySize,
    /// Characters of all inline policies of one IAM user together.
    InlineUserSize,
    /// Characters of all inline policies of one IAM role together.
    InlineRoleSize,
    /// Characters of all inline policies of one IAM group together.
    InlineGroupSize,
    /// Characters of the session policies passed to one STS call (inline and managed together).
    SessionPolicySize,
}

impl Quota {
    /// What the quota limits, for tables and messages.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::ScpSize => "SCP document",
            Self::RcpSize => "RCP document",
            Self::ScpsPerTarget => "SCPs attached to one root, OU or account",
            Self::ManagedPolicySize => "managed policy or permissions boundary",
            Self::InlineUserSize => "inline policies of one user, together",
            Self::InlineRoleSize => "inline policies of one role, together",
            Self::InlineGroupSize => "inline policies of one group, together",
            Self::SessionPolicySize => "session policies of one STS call",
        }
    }

    /// What the value counts.
    #[must_use]
    pub fn unit(self) -> &'static str {
        match self {
            Self::ScpsPerTarget => "SCPs",
            _ => "characters",
        }
    }

    /// The value of this quota in `set`.
    #[must_use]
    pub fn limit(self, set: LimitSet) -> &'static Limit {
        match (self, set) {
            (Self::ScpSize, LimitSet::Current) => &SCP_SIZE,
            (Self::ScpSize, LimitSet::Legacy) => &SCP_SIZE_LEGACY,
            (Self::ScpsPerTarget, LimitSet::Current) => &SCPS_PER_TARGET,
            (Self::ScpsPerTarget, LimitSet::Legacy) => &SCPS_PER_TARGET_LEGACY,
            (Self::RcpSize, _) => &RCP_SIZE,
            (Self::ManagedPolicySize, _) => &MANAGED_POLICY_SIZE,
            (Self::InlineUserSize, _) => &INLINE_USER_SIZE,
            (Self::InlineRoleSize, _) => &INLINE_ROLE_SIZE,
            (Self::InlineGroupSize, _) => &INLINE_GROUP_SIZE,
            (Self::SessionPolicySize, _) => &SESSION_POLICY_SIZE,
        }
    }
}

/// One quota value with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    /// What is limited.
    pub quota: Quota,
    /// The set this value belongs to; `None` when it is the same in every set.
    pub set: Option<LimitSet>,
    /// The maximum: characters, or SCPs for [`Quota::ScpsPerTarget`].
    pub value: usize,
    /// The AWS page that states it.
    pub source: &'static str,
    /// The date the value was last confirmed in the source (for a legacy value: its last day in force).
    pub as_of: &'static str,
    /// How AWS counts against it, and its history.
    pub note: &'static str,
}

const ORGANIZATIONS_QUOTAS: &str =
    "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html";
const IAM_QUOTAS: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html";
const STS_ASSUME_ROLE: &str = "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html";
/// When this table was last checked against its sources.
const CHECKED: &str = "2026-11-22";

static SCP_SIZE: Limit = Limit {
    quota: Quota::ScpSize,
    set: Some(LimitSet::Current),
    value: 10_240,
    source: ORGANIZATIONS_QUOTAS,
    as_of: CHECKED,
    note: "since 2026-05-15 (5,120 before); the API, CLI and Terraform count every character, the console the minified text",
};
static SCP_SIZE_LEGACY: Limit = Limit {
    quota: Quota::ScpSize,
    set: Some(LimitSet::Legacy),
    value: 5_120,
    source: ORGANIZATIONS_QUOTAS,
    as_of: "2026-05-14",
    note: "until 2026-05-15; the API, CLI and Terraform count every character, the console the minified text",
};
static SCPS_PER_TARGET: Limit = Limit {
    quota: Quota::ScpsPerTarget,
    set: Some(LimitSet::Current),
    value: 10,
    source: ORGANIZATIONS_QUOTAS,
    as_of: CHECKED,
    note: "since 2026-05-15 (5 before); inherited SCPs count where they are attached",
};
static SCPS_PER_TARGET_LEGACY: Limit = Limit {
    quota: Quota::ScpsPerTarget,
    set: Some(LimitSet::Legacy),
    value: 5,
    source: ORGANIZATIONS_QUOTAS,
    as_of: "2026-05-14",
    note: "until 2026-05-15",
};
static RCP_SIZE: Limit = Limit {
    quota: Quota::RcpSize,
    set: None,
    value: 5_120,
    source: ORGANIZATIONS_QUOTAS,
    as_of: CHECKED,
    note: "the API, CLI and Terraform count every character, the console the minified text",
};
static MANAGED_POLICY_SIZE: Limit = Limit {
    quota: Quota::ManagedPolicySize,
    set: None,
    value: 6_144,
    source: IAM_QUOTAS,
    as_of: CHECKED,
    note: "IAM does not count whitespace; permissions boundaries are managed policies",
};
static INLINE_USER_SIZE: Limit = Limit {
    quota: Quota::InlineUserSize,
    set: None,
    value: 2_048,
    source: IAM_QUOTAS,
    as_of: CHECKED,
    note: "IAM does not count whitespace",
};
static INLINE_ROLE_SIZE: Limit = Limit {
    quota: Quota::InlineRoleSize,
    set: None,
    value: 10_240,
    source: IAM_QUOTAS,
    as_of: CHECKED,
    note: "IAM does not count whitespace",
};
static INLINE_GROUP_SIZE: Limit = Limit {
    quota: Quota::InlineGroupSize,
    set: None,
    value: 5_120,
    source: IAM_QUOTAS,
    as_of: CHECKED,
    note: "IAM does not count whitespace",
};
static SESSION_POLICY_SIZE: Limit = Limit {
    quota: Quota::SessionPolicySize,
    set: None,
    value: 2_048,
    source: STS_ASSUME_ROLE,
    as_of: CHECKED,
    note: "the plaintext of the inline and managed session policies together; STS also limits their packed (compressed) size",
};

/// Every quota value crisscross knows, current and legacy.
pub static LIMITS: [&Limit; 10] = [
    &SCP_SIZE,
    &SCP_SIZE_LEGACY,
    &SCPS_PER_TARGET,
    &SCPS_PER_TARGET_LEGACY,
    &RCP_SIZE,
    &MANAGED_POLICY_SIZE,
    &INLINE_USER_SIZE,
    &INLINE_ROLE_SIZE,
    &INLINE_GROUP_SIZE,
    &SESSION_POLICY_SIZE,
];
