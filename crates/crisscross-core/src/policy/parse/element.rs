//! Checks of single elements: `Principal` where a policy type forbids it, and each action and resource
//! entry (service prefixes, ARN fields, Bedrock ARNs that can never match).

use std::fmt::Display;

use super::Checker;
use crate::diagnostic::{Code, Span};
use crate::policy::pattern::holds_variable_syntax;
use crate::policy::{Effect, PolicyType, Version};
use crate::syntax::json::Member;
use crate::syntax::{arn, lanes, words};

/// The elements of a statement, each the first member written with its name, found in one pass.
#[derive(Default)]
pub(super) struct Elements<'n, 'a> {
    pub(super) sid: Option<&'n Member<'a>>,
    pub(super) effect: Option<&'n Member<'a>>,
    pub(super) principal: Option<&'n Member<'a>>,
    pub(super) not_principal: Option<&'n Member<'a>>,
    pub(super) action: Option<&'n Member<'a>>,
    pub(super) not_action: Option<&'n Member<'a>>,
    pub(super) resource: Option<&'n Member<'a>>,
    pub(super) not_resource: Option<&'n Member<'a>>,
    pub(super) condition: Option<&'n Member<'a>>,
}

impl<'n, 'a> Elements<'n, 'a> {
    /// Files `member` under its name, unless one of that name came first. False when a statement
    /// has no element of that name.
    pub(super) fn file(&mut self, member: &'n Member<'a>) -> bool {
        let slot = match &*member.key {
            "Sid" => &mut self.sid,
            "Effect" => &mut self.effect,
            "Principal" => &mut self.principal,
            "NotPrincipal" => &mut self.not_principal,
            "Action" => &mut self.action,
            "NotAction" => &mut self.not_action,
            "Resource" => &mut self.resource,
            "NotResource" => &mut self.not_resource,
            "Condition" => &mut self.condition,
            _ => return false,
        };
        slot.get_or_insert(member);
        true
    }
}

impl Checker<'_> {
    pub(super) fn principal(&mut self, elements: &Elements, path: &dyn Display, effect: Option<Effect>) {
        let principal = elements.principal;
        let not_principal = elements.not_principal;
        let Some(m) = principal.or(not_principal) else { return };
        let looks_like_trust = elements
            .action
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
        if text == "*" || self.plainly_an_action(text, span) {
            return;
        }
        self.check_action_in_full(text, span, path);
    }

    /// Whether `text`, an action written at `span`, is `service:Name` with nothing to report, found from
    /// one read of its bytes in the policy: true only with one `:`, text on each side of it, no wildcard
    /// before it and no `$`. Lists of actions are most of a policy's entries and nearly all are plain.
    /// A service of seven letters is left to the full checks, which tell `bedrock:Converse` apart.
    fn plainly_an_action(&self, text: &str, span: Span) -> bool {
        // A string is as long as what is written between its quotes only when it has no escape.
        if (span.end - span.start) as usize != text.len() + 2 {
            return false;
        }
        let at = span.start as usize + 1;
        debug_assert_eq!(self.text.get(at..at + text.len()), Some(text));
        let Some(marks) = lanes::action_marks(self.text.as_bytes(), at, text.len()) else {
            return false;
        };
        let colon = marks.colons.trailing_zeros();
        let one_colon = marks.colons != 0 && marks.colons & (marks.colons - 1) == 0;
        one_colon
            && colon > 0
            && colon != 7
            && (colon as usize) + 1 < text.len()
            && marks.wildcards & ((1_u64 << colon) - 1) == 0
            && marks.dollars == 0
    }

    /// Kept out of line: its messages would make every action's check save and restore registers.
    #[inline(never)]
    fn check_action_in_full(&mut self, text: &str, span: Span, path: &dyn Display) {
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
        let first_colon = words::position(text.as_bytes(), b':');
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
        if words::holds(name.as_bytes(), b':') {
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
        // Split once for both checks below; the fields before the resource end at its fifth `:`.
        let fields = arn::split(text);
        let fields_end = fields.map_or(text.len(), |[.., resource]| text.len() - resource.len() - 1);
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
        if let Some([_, _, service, region, account, resource]) = fields {
            if service == "iam" && !region.is_empty() {
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
            if service == "bedrock" {
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

#[cfg(test)]
mod tests {
    use super::Elements;
    use crate::diagnostic::Span;
    use crate::policy::PolicyType;
    use crate::policy::parse::Checker;
    use crate::policy::parse::STATEMENT_FIELDS;
    use crate::syntax::json::{self, Value};

    #[test]
    fn each_element_a_statement_can_hold_is_filed_under_its_name_the_first_time_it_is_written() {
        let written: Vec<String> = STATEMENT_FIELDS
            .iter()
            .map(|name| format!("\"{name}\": \"{name}\""))
            .collect();
        // Names differing in case or number are not elements, and a repeated one does not replace the first.
        let text = format!("{{{}, \"sid\": 1, \"Actions\": 2, \"Sid\": 3}}", written.join(", "));
        let (node, _) = json::parse(&text);
        let node = node.expect("an object");
        let mut elements = Elements::default();
        let filed: Vec<bool> = node
            .as_object()
            .expect("members")
            .iter()
            .map(|m| elements.file(m))
            .collect();
        assert_eq!(
            filed,
            [vec![true; STATEMENT_FIELDS.len()], vec![false, false, true]].concat()
        );
        let slots = [
            elements.sid,
            elements.effect,
            elements.principal,
            elements.not_principal,
            elements.action,
            elements.not_action,
            elements.resource,
            elements.not_resource,
            elements.condition,
        ];
        for (name, slot) in STATEMENT_FIELDS.iter().zip(slots) {
            let value = slot.map(|m| &m.value.value);
            assert_eq!(value, Some(&Value::String((*name).into())), "{name}");
        }
    }

    proptest::proptest! {
        /// An action passes the check from one read of its bytes only where the full checks find nothing
        /// to report, so both report the same whatever the action: any number of `:`, wildcards, `$`,
        /// `bedrock:Converse`, and actions longer than one read covers.
        #[test]
        fn an_action_checked_from_one_read_is_reported_as_the_full_checks_report_it(
            action in "(bedrock|BEDROCK|kinesis|s3|[a-z*?$]{0,4})(:|::|)(converse|ConverseStream||[A-Za-z*?]{0,60}[:${}]?[A-Za-z*?]{0,9})(\\$\\{x\\}|)",
            after in "[\"\\], \n]{0,20}",
            policy_type in proptest::sample::select(vec![PolicyType::Scp, PolicyType::Identity]),
        ) {
            let text = format!("\"{action}\"{after}");
            let span = Span::new(0, action.len() + 2);
            let checker = || Checker { text: &text, policy_type, diagnostics: Vec::new() };
            let (mut quick, mut full) = (checker(), checker());
            quick.check_action(&action, span, &"Action");
            if action != "*" {
                full.check_action_in_full(&action, span, &"Action");
            }
            proptest::prop_assert_eq!(quick.diagnostics, full.diagnostics);
        }
    }
}
