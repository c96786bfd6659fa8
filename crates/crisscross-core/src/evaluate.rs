//! Deciding a request the way AWS does, and recording why.
//!
//! Source: IAM User Guide, "Policy evaluation logic" and AWS Organizations, "SCP evaluation". An explicit
//! `Deny` in any applicable policy wins. Otherwise every SCP level on the path root → OUs → account must
//! have an applicable `Allow`; an identity policy must allow; a permissions boundary, when present, must
//! allow; and a session policy, when the principal is a session, must allow.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::context::Context;
use crate::policy::pattern::Template;
use crate::policy::{Effect, PatternList, Policy, Statement};
use crate::scenario::policy_ref::{Layer, PolicyRef, StatementRef};

/// The outcome of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[must_use]
pub enum Decision {
    /// Every layer allows and nothing denies.
    Allow,
    /// A `Deny` statement applies.
    ExplicitDeny,
    /// No `Deny` applies, but some layer has no applicable `Allow`.
    ImplicitDeny,
}

impl Decision {
    /// True for `Allow`.
    #[must_use]
    pub fn is_allow(self) -> bool {
        self == Self::Allow
    }
}

/// A parsed policy with its name, as it takes part in evaluation.
#[derive(Debug, Clone)]
pub struct NamedPolicy {
    /// The user's name for it.
    pub name: String,
    /// How people read its address, from [`crate::scenario::Scenario::label`].
    pub label: String,
    /// Its ARN, if the user gave one (AWS's newer AccessDenied messages end with it).
    pub arn: Option<String>,
    /// The policy.
    pub policy: Arc<Policy>,
}

/// One SCP level (the root, an OU, or the account).
#[derive(Debug, Clone)]
pub struct ScpLevel {
    /// The root, OU or account ID or name.
    pub target: String,
    /// The SCPs attached there.
    pub policies: Vec<NamedPolicy>,
}

/// What kind of principal calls, as far as evaluation cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrincipalKind {
    /// An IAM user, a role, or the root user.
    #[default]
    Plain,
    /// A role session (`assumed-role`): a session policy, if given, must allow.
    RoleSession,
    /// A federated-user session (`GetFederationToken`): a session policy must exist and allow.
    FederatedUser,
}

/// All the policies that apply to a principal.
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    /// SCP levels, root first; `None` when the account is not governed by SCPs.
    pub scps: Option<Vec<ScpLevel>>,
    /// Identity-based policies.
    pub identity: Vec<NamedPolicy>,
    /// The permissions boundary.
    pub boundary: Option<NamedPolicy>,
    /// The session policy.
    pub session: Option<NamedPolicy>,
    /// True when SCPs do not apply to the principal (management account, service-linked role).
    pub scp_exempt: bool,
    /// The kind of principal.
    pub principal_kind: PrincipalKind,
}

/// A request to decide.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The IAM action, such as `bedrock:InvokeModel`.
    pub action: &'a str,
    /// The resource ARN.
    pub resource: &'a str,
    /// The request context.
    pub context: &'a Context,
}

/// Why a statement did or did not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Reason {
    /// Action, resource and every condition matched.
    Applies,
    /// The action is not in `Action`.
    ActionNotListed,
    /// The action is in `NotAction`.
    ActionExcluded,
    /// The resource is not in `Resource`.
    ResourceNotListed,
    /// The resource is in `NotResource`.
    ResourceExcluded,
    /// The condition at this index (in the statement's written order) is false.
    ConditionFalse {
        /// Index into the statement's conditions.
        index: usize,
    },
}

/// The outcome for one statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementOutcome {
    /// The statement.
    pub at: StatementRef,
    /// Its effect.
    pub effect: Effect,
    /// Why it applied or not.
    pub reason: Reason,
}

/// The decision for one request and the trail that led to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The decision.
    pub decision: Decision,
    /// The layer that denied, when denied.
    pub blocked_by: Option<Layer>,
    /// For an SCP implicit deny, the level with no applicable `Allow`.
    pub blocked_level: Option<usize>,
    /// The statements that decided: the applicable `Deny` statements for an explicit deny, the
    /// applicable `Allow` statements for an allow, nothing for an implicit deny.
    pub deciding: Vec<StatementRef>,
    /// Every statement considered, in layer order.
    pub outcomes: Vec<StatementOutcome>,
    /// True when SCPs were skipped because they do not apply to this principal.
    pub scps_skipped: bool,
}

/// Decides whether `statement` applies to `request`.
#[must_use]
pub fn statement_reason(statement: &Statement, request: &Request<'_>) -> Reason {
    reason_for_action(statement, request, &lowered_action(request.action))
}

/// [`statement_reason`] with the request's action already lowercased, so that a walk over every
/// statement of an organization lowercases it once.
fn reason_for_action(statement: &Statement, request: &Request<'_>, action: &str) -> Reason {
    reason_given_action(statement, request, statement.action.takes_in(action))
}

/// [`statement_reason`] once it is known whether the statement's `Action`/`NotAction` takes in the
/// request's action.
fn reason_given_action(statement: &Statement, request: &Request<'_>, takes_action: bool) -> Reason {
    if !takes_action {
        return if statement.action.negated {
            Reason::ActionExcluded
        } else {
            Reason::ActionNotListed
        };
    }
    if let Some(resource) = &statement.resource
        && !list_matches(resource, request.resource, request.context)
    {
        return if resource.negated {
            Reason::ResourceExcluded
        } else {
            Reason::ResourceNotListed
        };
    }
    for (index, condition) in statement.conditions.iter().enumerate() {
        if !condition.holds(request.context) {
            return Reason::ConditionFalse { index };
        }
    }
    Reason::Applies
}

/// Whether a statement that lists the request's action applies: its resource and every condition match.
fn resource_and_conditions_hold(statement: &Statement, request: &Request<'_>) -> bool {
    statement
        .resource
        .as_ref()
        .is_none_or(|resource| list_matches(resource, request.resource, request.context))
        && statement.conditions.iter().all(|c| c.holds(request.context))
}

/// Actions compare case-insensitively, and patterns are stored lowercased: the action as they compare it.
fn lowered_action(action: &str) -> Cow<'_, str> {
    if action.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(action.to_ascii_lowercase())
    } else {
        Cow::Borrowed(action)
    }
}

/// An empty list, `NotResource` included, leaves the statement without effect (IAM Access Analyzer,
/// "Empty array resource"), as an empty `Action` does (see [`PatternList::takes_in`]).
fn list_matches(list: &PatternList, resource: &str, context: &Context) -> bool {
    let listed = list.patterns().iter().any(|p| p.matches(resource, context));
    listed != list.negated && !list.is_empty()
}

struct Walker<'r> {
    request: &'r Request<'r>,
    /// The request's action, lowercased.
    action: Cow<'r, str>,
    outcomes: Vec<StatementOutcome>,
}

impl Walker<'_> {
    /// Evaluates every statement of a policy; returns (any Deny applies, any Allow applies).
    fn policy(&mut self, policy: &Policy, at: PolicyRef) -> (bool, bool) {
        let (mut deny, mut allow) = (false, false);
        let (request, outcomes) = (self.request, &mut self.outcomes);
        policy.with_statements_taking(&self.action, |taking| {
            for (statement, takes_action) in policy.statements().iter().zip(taking) {
                let reason = reason_given_action(statement, request, *takes_action);
                if reason == Reason::Applies {
                    match statement.effect {
                        Effect::Deny => deny = true,
                        Effect::Allow => allow = true,
                    }
                }
                outcomes.push(StatementOutcome {
                    at: StatementRef {
                        policy: at,
                        statement: statement.index,
                    },
                    effect: statement.effect,
                    reason,
                });
            }
        });
        (deny, allow)
    }
}

/// Decides `request` against `policies`.
pub fn evaluate(policies: &PolicySet, request: &Request<'_>) -> Evaluation {
    let mut walker = Walker {
        request,
        action: lowered_action(request.action),
        // One outcome per statement: at an organization's size, growing to it would copy them often.
        outcomes: Vec::with_capacity(policies.statement_count()),
    };
    let scps_apply = policies.scps.is_some() && !policies.scp_exempt;

    let mut first_level_without_allow = None;
    if scps_apply {
        for (level_index, level) in policies.scps.iter().flatten().enumerate() {
            let mut level_allows = false;
            for (index, named) in level.policies.iter().enumerate() {
                let at = PolicyRef::Scp {
                    level: level_index,
                    index,
                };
                let (_, allow) = walker.policy(&named.policy, at);
                level_allows |= allow;
            }
            if !level_allows && first_level_without_allow.is_none() {
                first_level_without_allow = Some(level_index);
            }
        }
    }
    let mut identity_allows = false;
    for (i, named) in policies.identity.iter().enumerate() {
        identity_allows |= walker.policy(&named.policy, PolicyRef::Identity(i)).1;
    }
    let boundary_allows = policies
        .boundary
        .as_ref()
        .map(|b| walker.policy(&b.policy, PolicyRef::Boundary).1);
    let session_allows = policies
        .session
        .as_ref()
        .map(|s| walker.policy(&s.policy, PolicyRef::Session).1);

    let outcomes = walker.outcomes;
    let applying = |effect: Effect| -> Vec<StatementRef> {
        outcomes
            .iter()
            .filter(|o| o.effect == effect && o.reason == Reason::Applies)
            .map(|o| o.at)
            .collect()
    };
    let denies = applying(Effect::Deny);
    let scps_skipped = policies.scps.is_some() && policies.scp_exempt;
    if let Some(first) = denies.first() {
        let layer = first.layer();
        return Evaluation {
            decision: Decision::ExplicitDeny,
            blocked_by: Some(layer),
            blocked_level: None,
            deciding: denies,
            outcomes,
            scps_skipped,
        };
    }
    let session_principal = policies.principal_kind != PrincipalKind::Plain;
    let session_denies = session_principal
        && match session_allows {
            Some(allows) => !allows,
            None => policies.principal_kind == PrincipalKind::FederatedUser,
        };
    let implicit = if let Some(level) = first_level_without_allow {
        Some((Layer::Scp, Some(level)))
    } else if !identity_allows {
        Some((Layer::Identity, None))
    } else if boundary_allows == Some(false) {
        Some((Layer::Boundary, None))
    } else if session_denies {
        Some((Layer::Session, None))
    } else {
        None
    };
    match implicit {
        Some((layer, level)) => Evaluation {
            decision: Decision::ImplicitDeny,
            blocked_by: Some(layer),
            blocked_level: level,
            deciding: Vec::new(),
            outcomes,
            scps_skipped,
        },
        None => Evaluation {
            decision: Decision::Allow,
            blocked_by: None,
            blocked_level: None,
            deciding: {
                // The grant comes from the identity policies; the other layers only let it through.
                let mut allows = applying(Effect::Allow);
                allows.sort_by_key(|at| at.layer() != Layer::Identity);
                allows
            },
            outcomes,
            scps_skipped,
        },
    }
}

/// The statements of a policy set that can apply to one action, policy by policy: deciding thousands of
/// requests of that action (the matrix, fix suggestions) then skips every statement about other actions.
#[derive(Debug, Clone)]
pub struct Relevant<'p> {
    action: std::borrow::Cow<'p, str>,
    scps: Option<Vec<Vec<Vec<&'p Statement>>>>,
    identity: Vec<Vec<&'p Statement>>,
    boundary: Option<Vec<&'p Statement>>,
    session: Option<Vec<&'p Statement>>,
}

impl<'p> Relevant<'p> {
    /// Every statement kept, in no particular order.
    pub fn statements(&self) -> impl Iterator<Item = &'p Statement> + '_ {
        let scps = self.scps.iter().flatten().flatten().flatten();
        let rest = self.identity.iter().flatten();
        let ends = self.boundary.iter().chain(&self.session).flatten();
        scps.chain(rest).chain(ends).copied()
    }

    /// The action the statements were kept for.
    #[must_use]
    pub fn action(&self) -> &str {
        &self.action
    }

    /// The `Resource` and `NotResource` lists of the kept statements that can set two resources apart:
    /// every list but those holding `*`, which take in every resource or none. `None` when one of them
    /// holds a policy variable, whose value would come from a request's context.
    #[must_use]
    pub fn resource_split(&self) -> Option<ResourceSplit<'p>> {
        let mut lists = Vec::new();
        for statement in self.statements() {
            let Some(list) = &statement.resource else { continue };
            if list.patterns().iter().any(|p| p.text == "*") {
                continue;
            }
            if list.patterns().iter().any(Template::has_variables) {
                return None;
            }
            lists.push(list);
        }
        Some(ResourceSplit { lists })
    }

    /// Every statement kept, with where it is, in policy order: the SCP levels from the root, the
    /// identity policies, the permissions boundary, the session policy.
    #[must_use]
    pub fn with_refs(&self) -> Vec<(StatementRef, &'p Statement)> {
        let mut out = Vec::new();
        let mut add = |policy: PolicyRef, statements: &[&'p Statement]| {
            out.extend(statements.iter().map(|s| {
                let at = StatementRef {
                    policy,
                    statement: s.index,
                };
                (at, *s)
            }));
        };
        for (level, policies) in self.scps.iter().flatten().enumerate() {
            for (index, statements) in policies.iter().enumerate() {
                add(PolicyRef::Scp { level, index }, statements);
            }
        }
        for (index, statements) in self.identity.iter().enumerate() {
            add(PolicyRef::Identity(index), statements);
        }
        if let Some(statements) = &self.boundary {
            add(PolicyRef::Boundary, statements);
        }
        if let Some(statements) = &self.session {
            add(PolicyRef::Session, statements);
        }
        out
    }
}

/// The statements of a policy set that can apply to one action, by their position in each policy: what
/// [`PolicySet::relevant_to`] keeps, to take again from the same policies with
/// [`PolicySet::relevant_again`].
#[derive(Debug, Clone)]
pub struct Picked {
    action: String,
    scps: Option<Vec<Vec<Vec<usize>>>>,
    identity: Vec<Vec<usize>>,
    boundary: Option<Vec<usize>>,
    session: Option<Vec<usize>>,
}

/// Decides `request`, whose action must be the one `relevant` was made for, without recording why:
/// the same decision and blocking layer as [`evaluate`].
pub fn decide(policies: &PolicySet, relevant: &Relevant<'_>, request: &Request<'_>) -> (Decision, Option<Layer>) {
    // Every statement in `relevant` lists the action it was made for, so only resource and conditions
    // are left to check; any other action goes through the whole check.
    let same_action = request.action.eq_ignore_ascii_case(&relevant.action);
    let applies = |statement: &Statement| {
        if same_action {
            resource_and_conditions_hold(statement, request)
        } else {
            statement_reason(statement, request) == Reason::Applies
        }
    };
    let effects = |statements: &[&Statement]| -> (bool, bool) {
        let (mut deny, mut allow) = (false, false);
        for statement in statements {
            if (statement.effect == Effect::Deny && deny) || (statement.effect == Effect::Allow && allow) {
                continue;
            }
            if applies(statement) {
                match statement.effect {
                    Effect::Deny => deny = true,
                    Effect::Allow => allow = true,
                }
            }
        }
        (deny, allow)
    };
    let scps_apply = relevant.scps.is_some() && !policies.scp_exempt;
    let mut first_level_without_allow = false;
    if scps_apply {
        for level in relevant.scps.iter().flatten() {
            let mut level_allows = false;
            for statements in level {
                let (deny, allow) = effects(statements);
                if deny {
                    return (Decision::ExplicitDeny, Some(Layer::Scp));
                }
                level_allows |= allow;
            }
            first_level_without_allow |= !level_allows;
        }
    }
    let mut identity_allows = false;
    for statements in &relevant.identity {
        let (deny, allow) = effects(statements);
        if deny {
            return (Decision::ExplicitDeny, Some(Layer::Identity));
        }
        identity_allows |= allow;
    }
    let boundary = relevant.boundary.as_deref().map(effects);
    if boundary.is_some_and(|(deny, _)| deny) {
        return (Decision::ExplicitDeny, Some(Layer::Boundary));
    }
    let session = relevant.session.as_deref().map(effects);
    if session.is_some_and(|(deny, _)| deny) {
        return (Decision::ExplicitDeny, Some(Layer::Session));
    }
    let session_denies = policies.principal_kind != PrincipalKind::Plain
        && match session {
            Some((_, allows)) => !allows,
            None => policies.principal_kind == PrincipalKind::FederatedUser,
        };
    let blocked = if first_level_without_allow {
        Some(Layer::Scp)
    } else if !identity_allows {
        Some(Layer::Identity)
    } else if boundary.is_some_and(|(_, allow)| !allow) {
        Some(Layer::Boundary)
    } else if session_denies {
        Some(Layer::Session)
    } else {
        None
    };
    match blocked {
        Some(layer) => (Decision::ImplicitDeny, Some(layer)),
        None => (Decision::Allow, None),
    }
}

/// The resource lists that can set two requests for the same action apart (see
/// [`Relevant::resource_split`]). [`decide`] reads a request's resource through its statements'
/// resource lists only, so two requests for a [`Relevant`]'s action with the same context and the same
/// [`ResourceSplit::push_bits`] get the same decision.
pub struct ResourceSplit<'p> {
    lists: Vec<&'p PatternList>,
}

impl ResourceSplit<'_> {
    /// Appends to `bits` whether each list takes in `resource`, one bit per list, 64 to a word. The
    /// lists hold no policy variable, so they read nothing of `context`: it may be any.
    pub fn push_bits(&self, resource: &str, context: &Context, bits: &mut Vec<u64>) {
        for words in self.lists.chunks(64) {
            let mut word = 0u64;
            for (i, list) in words.iter().enumerate() {
                if list_matches(list, resource, context) {
                    word |= 1 << i;
                }
            }
            bits.push(word);
        }
    }
}

/// Something per policy of a [`PolicySet`]: per SCP level and policy, per identity policy, for the
/// permissions boundary and for the session policy.
type ByPolicy<T> = (Option<Vec<Vec<T>>>, Vec<T>, Option<T>, Option<T>);

impl PolicySet {
    /// How many statements the policies hold, all together.
    fn statement_count(&self) -> usize {
        let scps = self.scps.iter().flatten().flat_map(|level| &level.policies);
        scps.chain(&self.identity)
            .chain(&self.boundary)
            .chain(&self.session)
            .map(|named| named.policy.statements().len())
            .sum()
    }

    /// A set of `policy` alone, as an identity policy: to compare what one policy decides before and
    /// after an edit.
    #[must_use]
    pub fn alone(policy: &Arc<Policy>) -> Self {
        Self {
            identity: vec![NamedPolicy {
                name: String::new(),
                label: String::new(),
                arn: None,
                policy: Arc::clone(policy),
            }],
            ..Self::default()
        }
    }

    /// The statements that can apply to `action`, for [`decide`].
    #[must_use]
    pub fn relevant_to(&self, action: &str) -> Relevant<'_> {
        let lowered = lowered_action(action);
        let (scps, identity, boundary, session) = self.per_policy(|named| {
            let statements = named.policy.statements().iter();
            named.policy.with_statements_taking(&lowered, |taking| {
                statements
                    .zip(taking)
                    .filter(|(_, takes)| **takes)
                    .map(|(s, _)| s)
                    .collect()
            })
        });
        Relevant {
            action: std::borrow::Cow::Owned(action.to_owned()),
            scps,
            identity,
            boundary,
            session,
        }
    }

    /// The positions of the statements that can apply to `action`, for [`PolicySet::relevant_again`].
    #[must_use]
    pub fn pick(&self, action: &str) -> Picked {
        let lowered = lowered_action(action);
        let (scps, identity, boundary, session) = self.per_policy(|named| {
            named.policy.with_statements_taking(&lowered, |taking| {
                taking
                    .iter()
                    .enumerate()
                    .filter(|(_, takes)| **takes)
                    .map(|(i, _)| i)
                    .collect()
            })
        });
        Picked {
            action: action.to_owned(),
            scps,
            identity,
            boundary,
            session,
        }
    }

    /// `of` each policy, in the set's shape: the SCP levels, the identity policies, the permissions
    /// boundary and the session policy.
    fn per_policy<'p, T>(&'p self, of: impl Fn(&'p NamedPolicy) -> T) -> ByPolicy<T> {
        (
            self.scps
                .as_ref()
                .map(|levels| levels.iter().map(|l| l.policies.iter().map(&of).collect()).collect()),
            self.identity.iter().map(&of).collect(),
            self.boundary.as_ref().map(&of),
            self.session.as_ref().map(&of),
        )
    }

    /// [`PolicySet::relevant_to`] for the action `picked` was made for, from these same policies, without
    /// matching the action again: a caller that decides one action in several steps picks once.
    #[must_use]
    pub fn relevant_again<'p>(&'p self, picked: &'p Picked) -> Relevant<'p> {
        fn again<'p>(policy: &'p NamedPolicy, indices: &[usize]) -> Vec<&'p Statement> {
            indices
                .iter()
                .filter_map(|&i| policy.policy.statements().get(i))
                .collect()
        }
        let levels = self.scps.iter().flatten().zip(picked.scps.iter().flatten());
        Relevant {
            action: std::borrow::Cow::Borrowed(&picked.action),
            scps: self.scps.as_ref().map(|_| {
                levels
                    .map(|(level, indices)| level.policies.iter().zip(indices).map(|(p, i)| again(p, i)).collect())
                    .collect()
            }),
            identity: self
                .identity
                .iter()
                .zip(&picked.identity)
                .map(|(p, i)| again(p, i))
                .collect(),
            boundary: self
                .boundary
                .as_ref()
                .zip(picked.boundary.as_ref())
                .map(|(p, i)| again(p, i)),
            session: self
                .session
                .as_ref()
                .zip(picked.session.as_ref())
                .map(|(p, i)| again(p, i)),
        }
    }

    /// The named policy a statement reference points into.
    #[must_use]
    pub fn policy(&self, at: PolicyRef) -> Option<&NamedPolicy> {
        match at {
            PolicyRef::Scp { level, index } => self.scps.as_ref()?.get(level)?.policies.get(index),
            PolicyRef::Identity(index) => self.identity.get(index),
            PolicyRef::Boundary => self.boundary.as_ref(),
            PolicyRef::Session => self.session.as_ref(),
        }
    }

    /// The statement a reference points to.
    #[must_use]
    pub fn statement(&self, at: &StatementRef) -> Option<&Statement> {
        self.policy(at.policy)?.policy.statements().get(at.statement)
    }
}
