//! Checks of single elements: `Principal` where a policy type forbids it, and each action and resource
//! entry (service prefixes, ARN fields, Bedrock ARNs that can never match).

use std::fmt::Display;

use super::Checker;
use crate::diagnostic::{Code, Span};
use crate::policy::pattern::holds_variable_syntax;
use crate::policy::{Effect, PolicyType, Version};
use crate::syntax::json::Node;

impl Checker<'_> {
    pub(super) fn principal(&mut self, node: &Node, path: &dyn Display, effect: Option<Effect>) {
        let principal = node.get("Principal");
        let not_principal = node.get("NotPrincipal");
        let Some(m) = principal.or(not_principal) else { return };
        let looks_like_trust = node
            .get("Action")
            .map(|a| {
                self.text
                    .get(a.value.span.range())
                    .unwrap_or_default()
                    .contains("sts:AssumeRole")
            })
            .unwrap_or(false);
        let help = match self.policy_type {
            PolicyType::Scp => "SCPs apply to every principal of the accounts they are attached to and have no `Principal`; remove it, or use the `aws:PrincipalArn` condition key to target principals".to_owned(),
            PolicyType::Rcp => String::new(),
            _ if looks_like_trust => format!("this looks like a role trust policy; {} {} never names a principal (it applies to the principal it is attached to). Paste the role's permissions policy here instead", self.policy_type.article(), self.policy_type.label()),
            _ => format!("{} {} applies to the principal it is attached to; remove `{}`", self.policy_type.article(), self.policy_type.label(), m.key),
        };
        if self.policy_type == PolicyType::Rcp {
            if not_principal.is_some() {
                self.error(
                    Code::PrincipalNotAllowed,
                    "`NotPrincipal` is not supported in RCPs".to_owned(),
                    "use `Principal`: `*` with conditions",
                    path,
                    m.key_span,
                );
            }
            return;
        }
        self.error(
            Code::PrincipalNotAllowed,
            format!(
                "`{}` is not allowed in {} {}",
                m.key,
                self.policy_type.article(),
                self.policy_type.label()
            ),
            &help,
            &format!("{path}.{}", m.key),
            m.key_span,
        );
        if principal.is_some() && not_principal.is_some() {
            self.error(
                Code::PrincipalAndNotprincipal,
                "a statement has both `Principal` and `NotPrincipal`".to_owned(),
                "keep one of them",
                path,
                m.key_span,
            );
        }
        if not_principal.is_some() && effect == Some(Effect::Allow) {
            self.error(
                Code::NotprincipalWithAllow,
                "`NotPrincipal` is only valid with `Deny`".to_owned(),
                "use `Principal` with `Allow`",
                path,
                m.key_span,
            );
        }
    }

    pub(super) fn check_action(&mut self, text: &str, span: Span, path: &dyn Display) {
        if text == "*" {
            return;
        }
        if holds_variable_syntax(text) {
            self.warning(
                Code::VariableUnsupported,
                format!("`{text}`: policy variables are not substituted in actions"),
                "AWS substitutes variables only in `Resource` and in string and ARN conditions",
                path,
                span,
            );
        }
        // Every character looked for is ASCII, so byte searches find them at character boundaries.
        let first_colon = text.bytes().position(|b| b == b':');
        let Some((service, name)) = first_colon.and_then(|at| Some((text.get(..at)?, text.get(at + 1..)?))) else {
            self.error(
                Code::InvalidAction,
                format!("action `{text}` has no service prefix"),
                "write actions as `service:Name`, for example `s3:GetObject`, or `*` for every action",
                path,
                span,
            );
            return;
        };
        if name.as_bytes().contains(&b':') {
            self.error(
                Code::InvalidAction,
                format!("action `{text}` has more than one `:`"),
                "write actions as `service:Name`",
                path,
                span,
            );
        } else if service.bytes().any(|b| b == b'*' || b == b'?') {
            self.error(
                Code::InvalidAction,
                format!("action `{text}` has a wildcard in the service prefix"),
                "action vendors (the part before `:`) must not contain wildcards; list each service",
                path,
                span,
            );
        } else if service.is_empty() || name.is_empty() {
            self.error(
                Code::InvalidAction,
                format!("action `{text}` is incomplete"),
                "write actions as `service:Name`",
                path,
                span,
            );
        } else if service.eq_ignore_ascii_case("bedrock")
            && (name.eq_ignore_ascii_case("converse") || name.eq_ignore_ascii_case("conversestream"))
        {
            let real = if name.eq_ignore_ascii_case("converse") {
                "bedrock:InvokeModel"
            } else {
                "bedrock:InvokeModelWithResponseStream"
            };
            self.warning(
                Code::NotAnIamAction,
                format!("`{text}` is not an IAM action"),
                &format!("AWS authorizes the {name} API as `{real}`; write that instead"),
                path,
                span,
            );
        }
    }

    pub(super) fn check_resource(&mut self, text: &str, span: Span, path: &dyn Display, version: Version) {
        if text == "*" {
            return;
        }
        if version != Version::V2012 && holds_variable_syntax(text) {
            self.warning(
                Code::VariableInOldVersion,
                format!("`{text}` is taken literally"),
                "policy variables are substituted only under \"Version\": \"2012-10-17\"",
                path,
                span,
            );
        }
        let fields_end = text.match_indices(':').nth(4).map_or(text.len(), |(i, _)| i);
        if version == Version::V2012 && text.get(..fields_end).is_some_and(holds_variable_syntax) {
            self.warning(
                Code::VariableUnsupported,
                format!("`{text}`: a policy variable before the fifth `:` is taken literally"),
                "AWS substitutes variables only in the resource part of an ARN, after the fifth colon (\"You can't use a variable to replace parts of the ARN before the fifth colon\", IAM User Guide); write the partition, service, Region and account, or `*`",
                path,
                span,
            );
        }
        if !text.starts_with("arn:") {
            self.error(
                Code::InvalidResource,
                format!("resource `{text}` is not an ARN"),
                "write `*` or an ARN such as `arn:aws:s3:::bucket/key`",
                path,
                span,
            );
            return;
        }
        let fields: Vec<&str> = text.splitn(6, ':').collect();
        if let [_, _, service, region, account, resource] = fields.as_slice() {
            if *service == "iam" && !region.is_empty() {
                let message = format!("the IAM ARN `{text}` has a Region");
                let help = "IAM is global: its ARNs have an empty Region field (arn:aws:iam::ACCOUNT:role/NAME), and IAM refuses to save a policy whose IAM resource carries Region information";
                if self.policy_type.is_iam() {
                    self.error(Code::InvalidResource, message, help, path, span);
                } else {
                    self.warning(Code::InvalidResource, message, help, path, span);
                }
            }
            if service.chars().any(|c| c.is_ascii_uppercase()) {
                self.warning(
                    Code::InvalidResource,
                    format!("the service in `{text}` is not lowercase"),
                    "ARN service names are lowercase, and ARNs match case-sensitively",
                    path,
                    span,
                );
            }
            if *service == "bedrock" {
                if account.is_empty()
                    && (resource.starts_with("inference-profile/")
                        || resource.starts_with("application-inference-profile/"))
                {
                    self.warning(Code::ResourceEmptyAccount, format!("the inference-profile ARN `{text}` has an empty account field"), "an inference-profile ARN always carries your account ID (arn:aws:bedrock:REGION:ACCOUNT:inference-profile/ID), so this entry matches nothing; put the account ID or `*` there", path, span);
                }
                if !account.is_empty() && !account.contains('*') && resource.starts_with("foundation-model/") {
                    self.warning(Code::ResourceUnexpectedAccount, format!("the foundation-model ARN `{text}` has an account ID"), "foundation-model ARNs have an empty account field (arn:aws:bedrock:REGION::foundation-model/MODEL), so this entry matches nothing; remove the account ID", path, span);
                }
            }
        } else if !text.contains('*') {
            self.warning(
                Code::InvalidResource,
                format!("`{text}` has fewer than six ARN fields"),
                "ARNs are arn:partition:service:region:account:resource; a short ARN without `*` matches nothing",
                path,
                span,
            );
        }
    }
}
