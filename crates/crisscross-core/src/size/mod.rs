//! Policy size: the quotas AWS applies, how AWS counts a policy against them, a minifier and a
//! pretty-printer that keep every string exactly as written, and hints that make room without changing
//! any decision.
//!
//! How AWS counts (choices where AWS is silent are in `docs/decisions.md`, "Policy size"):
//! - SCPs and RCPs: every character counts when the policy is saved through the API, the CLI or
//!   Terraform; the console first removes whitespace outside strings (AWS Organizations quotas page).
//! - Identity policies and permissions boundaries: IAM does not count whitespace (IAM quotas page).
//!   Whitespace inside strings is counted.
//! - Session policies: the plaintext passed to STS, every character (STS API reference).
//!
//! Sizes are characters (Unicode scalar values), not bytes.

use std::collections::BTreeSet;

use crate::context::{Context, ContextValue, Origin};
use crate::diagnostic::{Diagnostic, Span};
use crate::evaluate::{Decision, NamedPolicy, PolicySet, Request, evaluate};
use crate::policy::pattern::{Piece, Template};
use crate::policy::{Effect, PatternList, Policy, PolicyType, Statement, parse_policy};
use crate::scenario::Scenario;
use crate::syntax::json::{self, Member, Node, Value};

// ---------------------------------------------------------------------------------------------------
// Quotas
// ---------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------
// Counting
// ---------------------------------------------------------------------------------------------------

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
    let invalid_characters = parse_policy(text, policy_type)
        .diagnostics
        .into_iter()
        .filter(|d| d.code == "invalid-character")
        .collect();
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
    let (mut count, mut in_string, mut escaped) = (0, false, false);
    for c in text.chars() {
        if in_string {
            count += 1;
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            count += 1;
            in_string = c == '"';
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

// ---------------------------------------------------------------------------------------------------
// Minify and pretty-print
// ---------------------------------------------------------------------------------------------------

/// Removes every whitespace character outside strings. Keys keep their order and every key, string and
/// number is copied from `text` byte for byte (escapes stay as written), so for ASCII text with the usual
/// escapes the output equals Python's `json.dumps(doc, separators=(',', ':'))`.
///
/// # Errors
/// The JSON diagnostics when `text` is not exactly one valid JSON value (duplicate keys, comments and
/// trailing commas included): minifying would hide them.
pub fn minify(text: &str) -> Result<String, Vec<Diagnostic>> {
    let root = read_json(text)?;
    Ok(write_minified(&root, text))
}

/// Formats with two-space indentation, `": "` after keys and one element per line, the layout of
/// Python's `json.dumps(doc, indent=2)`; keys, strings and numbers are copied as written.
///
/// # Errors
/// As [`minify`].
pub fn pretty(text: &str) -> Result<String, Vec<Diagnostic>> {
    let root = read_json(text)?;
    let mut out = String::with_capacity(text.len());
    write_pretty(&root, text, 0, &mut out);
    Ok(out)
}

fn read_json(text: &str) -> Result<Node, Vec<Diagnostic>> {
    match json::parse(text) {
        (Some(root), diagnostics) if !diagnostics.iter().any(Diagnostic::is_error) => Ok(root),
        (_, diagnostics) => Err(diagnostics),
    }
}

fn as_written(source: &str, span: Span) -> &str {
    source.get(span.range()).unwrap_or_default()
}

/// Writes a scalar; strings and numbers come from the source so escapes and number forms stay as written.
fn write_scalar(node: &Node, source: &str, out: &mut String) {
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => out.push_str(number),
        Value::String(_) | Value::Array(_) | Value::Object(_) => out.push_str(as_written(source, node.span)),
    }
}

fn write_minified(node: &Node, source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    write_compact(node, source, &mut out);
    out
}

fn write_compact(node: &Node, source: &str, out: &mut String) {
    match &node.value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact(item, source, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, member) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(as_written(source, member.key_span));
                out.push(':');
                write_compact(&member.value, source, out);
            }
            out.push('}');
        }
        _ => write_scalar(node, source, out),
    }
}

fn write_pretty(node: &Node, source: &str, depth: usize, out: &mut String) {
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', 2 * depth));
    };
    match &node.value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_pretty(item, source, depth + 1, out);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(members) if !members.is_empty() => {
            out.push('{');
            for (i, member) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                out.push_str(as_written(source, member.key_span));
                out.push_str(": ");
                write_pretty(&member.value, source, depth + 1, out);
            }
            newline(out, depth);
            out.push('}');
        }
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
        _ => write_scalar(node, source, out),
    }
}

// ---------------------------------------------------------------------------------------------------
// Room-making hints
// ---------------------------------------------------------------------------------------------------

/// What a hint edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HintKind {
    /// Remove every `Sid`.
    DropSids,
    /// Merge these statements (indices, ascending) into the first of them.
    MergeStatements(Vec<usize>),
    /// Remove `Action` / `NotAction` entries of this statement that another entry already covers.
    FoldActions(usize),
}

/// Whether a hint keeps every decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Safety {
    /// Every request is decided as before: proven from the policy's structure, then checked with the
    /// evaluator on requests built from the policy's own actions, resources and condition values.
    Safe,
    /// Some requests would be decided differently; each entry says which.
    Changes(Vec<String>),
}

/// One way to make room, with its saving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// What it edits.
    pub kind: HintKind,
    /// What to do, for people.
    pub description: String,
    /// Characters saved in the minified policy.
    pub saves: usize,
    /// Whether decisions stay the same.
    pub safety: Safety,
    /// What changes besides decisions (such as the Sid shown in explanations).
    pub caveat: Option<String>,
    /// The policy after the edit, minified.
    pub patched: String,
}

impl Hint {
    /// True when every request is decided as before.
    #[must_use]
    pub fn is_safe(&self) -> bool {
        self.safety == Safety::Safe
    }
}

/// Every hint that keeps all decisions of a valid policy: drop the Sids, merge statements that differ
/// only in their actions or only in their resources, and fold actions that a wildcard in the same list
/// already covers. A policy with errors gets none.
#[must_use]
pub fn hints(text: &str, policy_type: PolicyType) -> Vec<Hint> {
    let Some(doc) = Doc::read(text, policy_type) else {
        return Vec::new();
    };
    let mut hints: Vec<Hint> = doc.drop_sids().into_iter().collect();
    hints.extend(
        doc.merge_candidates()
            .iter()
            .filter_map(|group| doc.merge(group).ok())
            .filter(Hint::is_safe),
    );
    hints.extend(doc.folds());
    hints
}

/// Merges the statements at `indices` of a valid policy into one, and says whether decisions change.
/// Actions are united when the statements share their resources, resources when they share their
/// actions; when they share neither, the hint lists every action and resource pair the merged
/// statement would add.
///
/// # Errors
/// Why these statements cannot be one statement (the policy has errors, an index is out of range, or
/// the statements differ in `Effect` or `Condition`, or in a `NotAction` / `NotResource` list).
pub fn merge(text: &str, policy_type: PolicyType, indices: &[usize]) -> Result<Hint, String> {
    let doc = Doc::read(text, policy_type)
        .ok_or_else(|| "the policy has errors; fix them before merging statements".to_owned())?;
    doc.merge(indices)
}

/// A valid policy, its JSON tree and its minified length.
struct Doc<'a> {
    text: &'a str,
    policy_type: PolicyType,
    root: Node,
    policy: Policy,
    minified_len: usize,
    /// Each statement's `Condition` minified (`None` without one): equal texts mean equal conditions.
    conditions: Vec<Option<String>>,
}

impl<'a> Doc<'a> {
    fn read(text: &'a str, policy_type: PolicyType) -> Option<Self> {
        let policy = parse_policy(text, policy_type).policy?;
        let root = read_json(text).ok()?;
        let minified_len = write_minified(&root, text).chars().count();
        let conditions = Self::statement_nodes(&root)
            .iter()
            .map(|statement| Some(write_minified(&statement.get("Condition")?.value, text)))
            .collect();
        Some(Self {
            text,
            policy_type,
            root,
            policy,
            minified_len,
            conditions,
        })
    }

    /// The statement objects in order; `Statement` may be one object or an array.
    fn statement_nodes(root: &Node) -> Vec<&Node> {
        match root.get("Statement").map(|m| &m.value) {
            Some(
                node @ Node {
                    value: Value::Object(_),
                    ..
                },
            ) => vec![node],
            Some(Node {
                value: Value::Array(items),
                ..
            }) => items.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// [`Self::statement_nodes`], for editing.
    fn statement_nodes_mut(root: &mut Node) -> Vec<&mut Node> {
        let Value::Object(members) = &mut root.value else {
            return Vec::new();
        };
        match members.iter_mut().find(|m| m.key == "Statement").map(|m| &mut m.value) {
            Some(
                node @ Node {
                    value: Value::Object(_),
                    ..
                },
            ) => vec![node],
            Some(Node {
                value: Value::Array(items),
                ..
            }) => items.iter_mut().collect(),
            _ => Vec::new(),
        }
    }

    /// Builds a hint from an edit of the JSON tree: measures the saving and checks decisions.
    fn hint(&self, kind: HintKind, description: String, caveat: Option<String>, edit: impl FnOnce(&mut Node)) -> Hint {
        let mut root = self.root.clone();
        edit(&mut root);
        let patched = write_minified(&root, self.text);
        let saves = self.minified_len.saturating_sub(patched.chars().count());
        let safety = self.check(&patched);
        Hint {
            kind,
            description,
            saves,
            safety,
            caveat,
            patched,
        }
    }

    /// The evaluator's check of an edit already proven safe from the structure: the edited policy must
    /// parse and decide every probe request as the original does.
    fn check(&self, patched: &str) -> Safety {
        let parsed = parse_policy(patched, self.policy_type);
        let Some(edited) = parsed.policy else {
            let reason = parsed
                .diagnostics
                .iter()
                .find(|d| d.is_error())
                .map_or_else(String::new, |d| d.message.clone());
            return Safety::Changes(vec![format!("the edited policy is not valid: {reason}")]);
        };
        match first_difference(&self.policy, &edited) {
            None => Safety::Safe,
            Some(difference) => Safety::Changes(vec![difference]),
        }
    }

    fn drop_sids(&self) -> Option<Hint> {
        let count = self.policy.statements.iter().filter(|s| s.sid.is_some()).count();
        if count == 0 {
            return None;
        }
        let description = if count == 1 {
            "remove the Sid".to_owned()
        } else {
            format!("remove the {count} Sids")
        };
        // The evaluator never reads a Sid: it only names the statement in explanations.
        Some(self.hint(
            HintKind::DropSids,
            description,
            Some("explanations and AccessDenied context then show statement numbers instead of Sids".to_owned()),
            |root| {
                for statement in Self::statement_nodes_mut(root) {
                    if let Value::Object(members) = &mut statement.value {
                        members.retain(|m| m.key != "Sid");
                    }
                }
            },
        ))
    }

    /// Groups of statements that share Effect, Condition and either their resources or their actions.
    fn merge_candidates(&self) -> Vec<Vec<usize>> {
        let statements = &self.policy.statements;
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut add_groups = |same_list: &dyn Fn(&Statement, &Statement) -> bool| {
            let mut taken = vec![false; statements.len()];
            for (i, first) in statements.iter().enumerate() {
                if taken.get(i).copied().unwrap_or(true) {
                    continue;
                }
                let group: Vec<usize> = statements
                    .iter()
                    .enumerate()
                    .skip(i)
                    .filter(|(_, other)| {
                        other.effect == first.effect && self.same_condition(first, other) && same_list(first, other)
                    })
                    .map(|(j, _)| j)
                    .collect();
                for &j in &group {
                    if let Some(t) = taken.get_mut(j) {
                        *t = true;
                    }
                }
                if group.len() > 1 && !groups.contains(&group) {
                    groups.push(group);
                }
            }
        };
        // Only `Action` and `Resource` lists can be united; identical `NotAction` / `NotResource` lists
        // need no uniting.
        let actions_unite = |a: &Statement, b: &Statement| {
            same_entries(&a.action, &b.action, true) || !(a.action.negated || b.action.negated)
        };
        let resources_unite = |a: &Statement, b: &Statement| {
            let negated = |s: &Statement| s.resource.as_ref().is_some_and(|r| r.negated);
            same_resources(a, b) || !(negated(a) || negated(b))
        };
        add_groups(&|a, b| same_resources(a, b) && actions_unite(a, b));
        add_groups(&|a, b| same_entries(&a.action, &b.action, true) && resources_unite(a, b));
        groups
    }

    fn same_condition(&self, a: &Statement, b: &Statement) -> bool {
        self.conditions.get(a.index) == self.conditions.get(b.index)
    }

    fn merge(&self, indices: &[usize]) -> Result<Hint, String> {
        let mut indices = indices.to_vec();
        indices.sort_unstable();
        indices.dedup();
        if indices.len() < 2 {
            return Err("name at least two different statements to merge".to_owned());
        }
        let statements: Vec<&Statement> = indices
            .iter()
            .map(|&i| {
                self.policy
                    .statements
                    .get(i)
                    .ok_or_else(|| format!("the policy has no statement {i}"))
            })
            .collect::<Result<_, _>>()?;
        let [first, ..] = statements.as_slice() else {
            return Err("name at least two different statements to merge".to_owned());
        };
        for other in &statements {
            if other.effect != first.effect {
                return Err(format!(
                    "{} and {} have different effects; an Allow and a Deny cannot be one statement",
                    label(first),
                    label(other)
                ));
            }
            if !self.same_condition(first, other) {
                return Err(format!(
                    "{} and {} have different conditions; only statements with the same Condition can be merged",
                    label(first),
                    label(other)
                ));
            }
        }
        let shared_actions = statements.iter().all(|s| same_entries(&s.action, &first.action, true));
        let shared_resources = statements.iter().all(|s| same_resources(s, first));
        if !shared_actions && statements.iter().any(|s| s.action.negated) {
            return Err("`NotAction` lists cannot be merged by uniting them; only statements with the same `NotAction` can be merged".to_owned());
        }
        if !shared_resources
            && statements
                .iter()
                .any(|s| s.resource.as_ref().is_some_and(|r| r.negated))
        {
            return Err("`NotResource` lists cannot be merged by uniting them; only statements with the same `NotResource` can be merged".to_owned());
        }

        // A statement applies when its action, its resource and its condition match. With the condition
        // shared, the merged statement applies to every pair (action, resource) of the united lists; the
        // originals applied only to the pairs within one statement. Pairs across statements are new
        // unless some statement already covers both halves.
        let added = if shared_actions || shared_resources {
            Vec::new()
        } else {
            added_pairs(&statements)
        };
        let description = format!(
            "merge {} into one statement{}",
            join_labels(&statements),
            if shared_resources && !shared_actions {
                " with the actions of all"
            } else if shared_actions && !shared_resources {
                " with the resources of all"
            } else {
                ""
            }
        );
        let caveat = statements.iter().skip(1).any(|s| s.sid.is_some()).then(|| {
            format!(
                "the merged statement keeps the Sid of {}; explanations name it for requests the others decided",
                label(first)
            )
        });
        let first_index = first.index;
        let rest: Vec<usize> = indices.iter().copied().skip(1).collect();
        let merged = self.merged_statement(&indices);
        let mut hint = self.hint(HintKind::MergeStatements(indices), description, caveat, |root| {
            let Value::Object(members) = &mut root.value else {
                return;
            };
            let Some(Member {
                value: Node {
                    value: Value::Array(items),
                    ..
                },
                ..
            }) = members.iter_mut().find(|m| m.key == "Statement")
            else {
                return;
            };
            if let (Some(slot), Some(merged)) = (items.get_mut(first_index), merged) {
                *slot = merged;
            }
            let mut position = 0;
            items.retain(|_| {
                position += 1;
                !rest.contains(&(position - 1))
            });
        });
        if !added.is_empty() {
            let verb = match first.effect {
                Effect::Allow => "allows",
                Effect::Deny => "denies",
            };
            hint.safety = Safety::Changes(
                added
                    .into_iter()
                    .map(|(action, resource)| format!("also {verb} `{action}` on `{resource}`"))
                    .collect(),
            );
        }
        Ok(hint)
    }

    /// The first statement of the group with the united `Action`/`NotAction` and `Resource`/`NotResource`
    /// entries of all (each entry once).
    fn merged_statement(&self, indices: &[usize]) -> Option<Node> {
        let nodes = Self::statement_nodes(&self.root);
        let group: Vec<&Node> = indices.iter().filter_map(|&i| nodes.get(i).copied()).collect();
        let mut merged = (*group.first()?).clone();
        for (positive, negative, fold_case) in [("Action", "NotAction", true), ("Resource", "NotResource", false)] {
            let mut seen = BTreeSet::new();
            let mut entries = Vec::new();
            for node in &group {
                let Some(member) = node.get(positive).or_else(|| node.get(negative)) else {
                    continue;
                };
                let items = match &member.value.value {
                    Value::Array(items) => items.clone(),
                    _ => vec![member.value.clone()],
                };
                for item in items {
                    let Value::String(s) = &item.value else { continue };
                    if seen.insert(if fold_case { s.to_lowercase() } else { s.clone() }) {
                        entries.push(item);
                    }
                }
            }
            let Value::Object(members) = &mut merged.value else {
                return None;
            };
            if let Some(member) = members.iter_mut().find(|m| m.key == positive || m.key == negative) {
                member.value = match <[Node; 1]>::try_from(entries) {
                    Ok([single]) => single,
                    Err(entries) => Node {
                        value: Value::Array(entries),
                        span: Span::default(),
                    },
                };
            }
        }
        Some(merged)
    }

    fn folds(&self) -> Vec<Hint> {
        let mut hints = Vec::new();
        for statement in &self.policy.statements {
            let patterns = &statement.action.patterns;
            let covered = covered_entries(patterns);
            if covered.is_empty() {
                continue;
            }
            let element = if statement.action.negated {
                "NotAction"
            } else {
                "Action"
            };
            let folded: Vec<String> = covered
                .iter()
                .filter_map(|&(entry, by)| {
                    Some(format!(
                        "`{}` (covered by `{}`)",
                        patterns.get(entry)?.text,
                        patterns.get(by)?.text
                    ))
                })
                .collect();
            let description = format!("in {} remove from `{element}` {}", label(statement), folded.join(", "));
            let dropped: Vec<usize> = covered.iter().map(|&(entry, _)| entry).collect();
            let index = statement.index;
            // A statement matches an action when any entry matches it; an entry that another entry
            // covers adds nothing, in `Action` and `NotAction` alike.
            hints.push(self.hint(HintKind::FoldActions(index), description, None, |root| {
                let mut nodes = Self::statement_nodes_mut(root);
                let Some(Node {
                    value: Value::Object(members),
                    ..
                }) = nodes.get_mut(index).map(|n| &mut **n)
                else {
                    return;
                };
                let Some(member) = members.iter_mut().find(|m| m.key == element) else {
                    return;
                };
                if let Value::Array(items) = &mut member.value.value {
                    let mut position = 0;
                    items.retain(|_| {
                        position += 1;
                        !dropped.contains(&(position - 1))
                    });
                    if let [single] = items.as_slice() {
                        member.value = single.clone();
                    }
                }
            }));
        }
        hints
    }
}

/// The `Resource` / `NotResource` entries (every statement of the policy types here has one).
fn resource_patterns(statement: &Statement) -> &[Template] {
    statement.resource.as_ref().map_or(&[], |r| r.patterns.as_slice())
}

/// True when both statements have the same `Resource` or the same `NotResource` entries.
fn same_resources(a: &Statement, b: &Statement) -> bool {
    match (&a.resource, &b.resource) {
        (Some(a), Some(b)) => same_entries(a, b, false),
        (None, None) => true,
        _ => false,
    }
}

/// True when two lists are the same kind (`Action` / `NotAction`) with the same entries as sets.
fn same_entries(a: &PatternList, b: &PatternList, fold_case: bool) -> bool {
    let set = |list: &PatternList| -> BTreeSet<String> {
        list.patterns
            .iter()
            .map(|p| {
                if fold_case {
                    p.text.to_lowercase()
                } else {
                    p.text.clone()
                }
            })
            .collect()
    };
    a.negated == b.negated && set(a) == set(b)
}

fn label(statement: &Statement) -> String {
    match &statement.sid {
        Some(sid) => format!("statement {} `{sid}`", statement.index),
        None => format!("statement {}", statement.index),
    }
}

fn join_labels(statements: &[&Statement]) -> String {
    let labels: Vec<String> = statements.iter().map(|s| label(s)).collect();
    match labels.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => labels.join(""),
    }
}

/// The (action, resource) pairs that a merge of `statements` (all `Action` and `Resource`) would
/// cover and no single statement covers, as written.
fn added_pairs(statements: &[&Statement]) -> Vec<(String, String)> {
    let covered_by_one = |action: &Template, resource: &Template| {
        statements
            .iter()
            .any(|s| covered_by_any(&s.action.patterns, action) && covered_by_any(resource_patterns(s), resource))
    };
    let mut added = Vec::new();
    for (i, a) in statements.iter().enumerate() {
        for (j, b) in statements.iter().enumerate() {
            if i == j {
                continue;
            }
            for action in &a.action.patterns {
                for resource in resource_patterns(b) {
                    let pair = (action.text.clone(), resource.text.clone());
                    if !covered_by_one(action, resource) && !added.contains(&pair) {
                        added.push(pair);
                    }
                }
            }
        }
    }
    added
}

fn covered_by_any(list: &[Template], entry: &Template) -> bool {
    list.iter().any(|p| covers(p.pieces(), entry.pieces()))
}

/// Entries of an action list that another kept entry covers, each with the entry covering it. Of two
/// equivalent entries the first is kept.
fn covered_entries(patterns: &[Template]) -> Vec<(usize, usize)> {
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    for (i, entry) in patterns.iter().enumerate() {
        let by = patterns.iter().enumerate().find(|&(j, other)| {
            j != i
                && !dropped.iter().any(|&(d, _)| d == j)
                && covers(other.pieces(), entry.pieces())
                && (j < i || !covers(entry.pieces(), other.pieces()))
        });
        if let Some((j, _)) = by {
            dropped.push((i, j));
        }
    }
    dropped
}

/// One element of a pattern, for comparing patterns.
#[derive(Clone, Copy, PartialEq)]
enum Token<'p> {
    Char(char),
    /// `?`; `colon` when it may stand for `:`.
    One {
        colon: bool,
    },
    /// `*`; `colon` when it may run past `:`.
    Star {
        colon: bool,
    },
    Var(&'p crate::policy::pattern::Variable),
}

fn tokens(pieces: &[Piece]) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Lit(s) => out.extend(s.chars().map(Token::Char)),
            Piece::One { colon } => out.push(Token::One { colon: *colon }),
            Piece::Star { colon } => out.push(Token::Star { colon: *colon }),
            Piece::Var(v) => out.push(Token::Var(v)),
        }
    }
    out
}

/// True when every text `narrow` can match, `wide` matches too. Sound, not complete: it may miss a
/// cover in exotic cases, but never claims one that does not hold. A `*` of `wide` may stand for any
/// run of `narrow`'s elements it could match; `narrow`'s own wildcards and variables must be matched
/// by wildcards at least as broad.
fn covers(wide: &[Piece], narrow: &[Piece]) -> bool {
    let (wide, narrow) = (tokens(wide), tokens(narrow));
    let width = narrow.len() + 1;
    // covered[i * width + j]: wide[i..] covers narrow[j..].
    let mut covered = vec![false; (wide.len() + 1) * width];
    let at = |table: &[bool], i: usize, j: usize| table.get(i * width + j).copied().unwrap_or(false);
    if let Some(end) = covered.last_mut() {
        *end = true;
    }
    for i in (0..wide.len()).rev() {
        for j in (0..width).rev() {
            let next = narrow.get(j).copied();
            let value = match wide.get(i) {
                Some(Token::Star { colon }) => {
                    at(&covered, i + 1, j) || next.is_some_and(|t| star_absorbs(*colon, t) && at(&covered, i, j + 1))
                }
                Some(Token::One { colon }) => {
                    next.is_some_and(|t| one_absorbs(*colon, t) && at(&covered, i + 1, j + 1))
                }
                Some(token) => next == Some(*token) && at(&covered, i + 1, j + 1),
                None => false,
            };
            if let Some(cell) = covered.get_mut(i * width + j) {
                *cell = value;
            }
        }
    }
    at(&covered, 0, 0)
}

fn star_absorbs(colon: bool, token: Token<'_>) -> bool {
    match token {
        Token::Char(c) => colon || c != ':',
        Token::One { colon: may } | Token::Star { colon: may } => colon || !may,
        Token::Var(_) => colon,
    }
}

fn one_absorbs(colon: bool, token: Token<'_>) -> bool {
    match token {
        Token::Char(c) => colon || c != ':',
        Token::One { colon: may } => colon || !may,
        Token::Star { .. } | Token::Var(_) => false,
    }
}

// ---------------------------------------------------------------------------------------------------
// The evaluator's check
// ---------------------------------------------------------------------------------------------------

/// Most requests tried per check: the structural proof is the guarantee, this check a second opinion.
const MAX_PROBES: usize = 5_000;
/// A prime larger than any number of probe requests: stepping by it modulo that number visits every
/// request once, in a scattered order, so a sample is spread over actions, resources and contexts alike.
const SCATTER: u64 = 2_147_483_647;
/// Most condition contexts combined per check.
const MAX_CONTEXTS: usize = 64;

/// Decides probe requests with both policies and describes the first request decided differently.
/// Probes are built from the policies' own actions, resources and condition values, with their
/// wildcards filled in two ways, plus values that match nothing.
fn first_difference(original: &Policy, edited: &Policy) -> Option<String> {
    let probes = Probes::new(&[original, edited]);
    let alone = |policy: &Policy| PolicySet {
        identity: vec![NamedPolicy {
            name: String::new(),
            label: String::new(),
            arn: None,
            policy: policy.clone(),
        }],
        ..PolicySet::default()
    };
    let (before, after) = (alone(original), alone(edited));
    let decide = |set: &PolicySet, request: &Request<'_>| -> Decision { evaluate(set, request).decision };
    probes.find(|request| {
        let (was, is) = (decide(&before, request), decide(&after, request));
        (was != is).then(|| {
            format!(
                "`{}` on `{}` would be {is:?} instead of {was:?}",
                request.action, request.resource
            )
        })
    })
}

struct Probes {
    actions: Vec<String>,
    resources: Vec<String>,
    contexts: Vec<Context>,
}

impl Probes {
    fn new(policies: &[&Policy]) -> Self {
        let mut actions = BTreeSet::from(["crisscross:Probe".to_owned()]);
        let mut resources = BTreeSet::from(["arn:aws:s3:::crisscross-probe".to_owned()]);
        let mut keys: Vec<(String, BTreeSet<String>)> = Vec::new();
        for statement in policies.iter().flat_map(|p| &p.statements) {
            for pattern in &statement.action.patterns {
                actions.extend(fill_wildcards(&pattern.text));
            }
            for pattern in statement.resource.iter().flat_map(|r| &r.patterns) {
                resources.extend(fill_wildcards(&pattern.text));
            }
            for condition in &statement.conditions {
                let slot = match keys.iter().position(|(k, _)| k.eq_ignore_ascii_case(&condition.key)) {
                    Some(slot) => slot,
                    None => {
                        keys.push((condition.key.clone(), BTreeSet::from(["crisscross-probe".to_owned()])));
                        keys.len() - 1
                    }
                };
                let Some((_, values)) = keys.get_mut(slot) else {
                    continue;
                };
                for raw in &condition.raw_values {
                    values.extend(fill_wildcards(raw));
                    // A CIDR's address is a request value the IP operators can read.
                    if let Some((address, _)) = raw.split_once('/') {
                        values.insert(address.to_owned());
                    }
                }
            }
        }
        Self {
            actions: actions.into_iter().collect(),
            resources: resources.into_iter().collect(),
            contexts: contexts(&keys),
        }
    }

    /// Calls `f` on up to [`MAX_PROBES`] requests until it returns something.
    fn find(&self, f: impl Fn(&Request<'_>) -> Option<String>) -> Option<String> {
        let (a, r, c) = (self.actions.len(), self.resources.len(), self.contexts.len());
        let total = u64::try_from(a * r * c).ok()?;
        (0..total.min(MAX_PROBES as u64)).find_map(|k| {
            let n = usize::try_from(k.checked_mul(SCATTER)? % total).ok()?;
            let request = Request {
                action: self.actions.get(n % a)?,
                resource: self.resources.get(n / a % r)?,
                context: self.contexts.get(n / (a * r))?,
            };
            f(&request)
        })
    }
}

/// `text` with every `*` and `?` filled in two ways: `*` empty and `*` as two characters.
fn fill_wildcards(text: &str) -> [String; 2] {
    let fill = |star: &str| text.replace('*', star).replace('?', "z");
    [fill(""), fill("zz")]
}

/// Contexts combining each key's values (and its absence), up to [`MAX_CONTEXTS`].
fn contexts(keys: &[(String, BTreeSet<String>)]) -> Vec<Context> {
    let mut out = vec![Context::default()];
    for (key, values) in keys {
        let mut next = Vec::new();
        for context in &out {
            next.push(context.clone());
            for value in values {
                let mut with = context.clone();
                with.insert(key, ContextValue::Single(value.clone()), Origin::User);
                next.push(with);
            }
        }
        next.truncate(MAX_CONTEXTS);
        out = next;
    }
    out
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

    fn pieces(text: &str) -> Vec<Piece> {
        crate::policy::pattern::Template::new(
            text,
            crate::policy::pattern::Syntax {
                glob: true,
                variables: false,
                fold_case: true,
            },
        )
        .pieces()
        .to_vec()
    }

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
    fn wildcard_cover_is_sound() {
        let covers_text = |wide: &str, narrow: &str| covers(&pieces(wide), &pieces(narrow));
        assert!(covers_text("s3:get*", "s3:getobject"));
        assert!(covers_text("*", "s3:get*"));
        assert!(covers_text("s3:get*", "s3:get*object"));
        assert!(covers_text("s3:get?bject", "s3:getobject"));
        assert!(covers_text("s3:*object", "s3:get*object"));
        assert!(!covers_text("s3:getobject", "s3:get*"));
        assert!(!covers_text("s3:get?", "s3:get*"));
        assert!(!covers_text("s3:*b", "s3:a*"));
        assert!(!covers_text("s3:put*", "s3:getobject"));
    }

    #[test]
    fn restricted_wildcards_do_not_cover_colons() {
        let arn = |text: &str| Template::arn_resource(text, true).pieces().to_vec();
        // In the first five ARN fields a `*` not at the end of its field cannot run past `:`.
        assert!(covers(&arn("arn:aws:s3:::*"), &arn("arn:aws:s3:::a/*")));
        assert!(!covers(&arn("arn:aws:*x:::b"), &arn("arn:aws:s3:x:::b")));
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
