//! The outputs a bundle holds, found by their command names; read by the organization and IAM imports.

use crate::diagnostic::Span;
use crate::syntax::json::{Member, Node};

/// The outputs a bundle holds, by command.
#[derive(Default)]
pub(crate) struct Parts<'n> {
    /// True for a bare output pasted without the bundle around it: paths then start at its top.
    pub(crate) bare: bool,
    pub(crate) account: Option<(&'n str, Span)>,
    pub(crate) describe_organization: Option<&'n Node<'n>>,
    pub(crate) list_roots: Option<&'n Node<'n>>,
    pub(crate) list_parents: &'n [Member<'n>],
    pub(crate) list_policies_for_target: &'n [Member<'n>],
    pub(crate) describe_policy: &'n [Member<'n>],
    pub(crate) authorization_details: Option<&'n Node<'n>>,
    pub(crate) get_role: Option<&'n Node<'n>>,
    pub(crate) list_role_policies: Option<&'n Node<'n>>,
    pub(crate) get_role_policy: &'n [Member<'n>],
    pub(crate) list_attached_role_policies: Option<&'n Node<'n>>,
    pub(crate) get_policy_version: &'n [Member<'n>],
}

impl<'n> Parts<'n> {
    /// True when the bundle holds any organization output.
    pub(crate) fn has_organization(&self) -> bool {
        self.describe_organization.is_some()
            || self.list_roots.is_some()
            || !self.list_parents.is_empty()
            || !self.list_policies_for_target.is_empty()
            || !self.describe_policy.is_empty()
    }

    /// True when the bundle holds any IAM output.
    pub(crate) fn has_iam(&self) -> bool {
        self.authorization_details.is_some() || self.get_role.is_some()
    }
}
