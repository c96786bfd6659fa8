//! The policy parser: checks a document as AWS does and builds the [`Policy`] model, reporting every
//! problem with its span in the user's text.

mod condition;
mod direct;
mod element;

use std::fmt::Display;
use std::sync::Arc;

use super::{Effect, Entries, PatternList, Policy, PolicyType, Statement, StatementPath, Version};
use crate::diagnostic::{Code, Diagnostic, Span, did_you_mean};
use crate::syntax::json::{self, Member, Node, Value};
use condition::parse_condition_block;
use element::Elements;

/// The outcome of parsing: the policy when it has no errors, and every diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// `None` when there is an error; shared, so a cache can hand the same policy to many scenarios.
    pub policy: Option<Arc<Policy>>,
    /// Errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

const TOP_FIELDS: &[&str] = &["Version", "Id", "Statement"];
pub(super) const STATEMENT_FIELDS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Parses and validates policy text of a given type.
#[must_use]
pub fn parse_policy(text: &str, policy_type: PolicyType) -> Parsed {
    match direct::read_plain(text, policy_type) {
        Some((policy, checker)) => checked(text, Some(policy), checker.diagnostics),
        None => parse_policy_generally(text, policy_type),
    }
}

/// [`parse_policy`] by the general reader alone, which reads any text: first as JSON, reporting every
/// mistake in it, then as a policy. [`parse_policy`] reads plain policies another way, faster, and the
/// tests and the fuzz target `parse_policy` hold the two to the same outcome.
#[doc(hidden)]
#[must_use]
pub fn parse_policy_generally(text: &str, policy_type: PolicyType) -> Parsed {
    let json::Reading {
        node,
        mut diagnostics,
        plain_ascii,
    } = json::read(text);
    let mut checker = Checker {
        text,
        policy_type,
        diagnostics: Vec::new(),
    };
    // A plain ASCII text holds no character IAM refuses, and most policies are one.
    if !plain_ascii {
        checker.characters();
    }
    let policy = node.and_then(|node| checker.policy(&node));
    diagnostics.append(&mut checker.diagnostics);
    checked(text, policy, diagnostics)
}

/// The outcome of reading `text`: the policy read, unless a diagnostic so far or one of the lints is an
/// error, and every diagnostic in the order of the text.
fn checked(text: &str, policy: Option<Policy>, mut diagnostics: Vec<Diagnostic>) -> Parsed {
    if let Some(p) = &policy {
        diagnostics.extend(super::lint::lint(text, p));
    }
    diagnostics.sort_by_key(|d| (d.span.map_or(0, |s| s.start), d.severity));
    let has_error = diagnostics.iter().any(Diagnostic::is_error);
    Parsed {
        policy: if has_error { None } else { policy.map(Arc::new) },
        diagnostics,
    }
}

/// A diagnostic path one member below another (`Statement[0].Condition`), written out only when a
/// diagnostic is made: parsing passes a path to every check, and most policies have no diagnostic.
pub(crate) struct Field<'a>(pub(crate) &'a dyn Display, pub(crate) &'a str);

impl Display for Field<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

pub(crate) struct Checker<'a> {
    pub(crate) text: &'a str,
    pub(crate) policy_type: PolicyType,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    pub(crate) fn error(&mut self, code: Code, message: String, help: &str, path: &dyn Display, span: Span) {
        let d = Diagnostic::error(code, message)
            .with_help(help)
            .with_path(path.to_string())
            .at(self.text, span);
        self.diagnostics.push(d);
    }

    pub(crate) fn warning(&mut self, code: Code, message: String, help: &str, path: &dyn Display, span: Span) {
        let d = Diagnostic::warning(code, message)
            .with_help(help)
            .with_path(path.to_string())
            .at(self.text, span);
        self.diagnostics.push(d);
    }

    fn characters(&mut self) {
        self.diagnostics.extend(invalid_character(self.text, self.policy_type));
    }

    /// Reports an unknown field; returns the field it is probably a misspelling of.
    fn unknown_field<'k>(&mut self, member: &Member, known: &[&'k str], path: &dyn Display) -> Option<&'k str> {
        let meant = did_you_mean(&member.key, known);
        let help = match meant {
            Some(s) => format!("did you mean `{s}`? Element names are case-sensitive"),
            None => format!(
                "expected one of {}",
                known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
        };
        let d = Diagnostic::error(Code::UnknownField, format!("unknown field `{}`", member.key))
            .with_help(help)
            .with_path(path.to_string())
            .at(self.text, member.key_span);
        self.diagnostics.push(d);
        meant
    }

    fn wrong_type(&mut self, node: &Node, expected: &str, path: &dyn Display) {
        self.error(
            Code::WrongType,
            format!("expected {expected}, found {}", node.type_name()),
            &format!("write {expected} here"),
            path,
            node.span,
        );
    }

    fn policy(&mut self, node: &Node) -> Option<Policy> {
        let Some(members) = node.as_object() else {
            self.error(
                Code::PolicyNotObject,
                format!("a policy is a JSON object, found {}", node.type_name()),
                "write the policy as { \"Version\": \"2012-10-17\", \"Statement\": [ ... ] }",
                &"",
                node.span,
            );
            return None;
        };
        for member in members {
            if !TOP_FIELDS.contains(&&*member.key) {
                if STATEMENT_FIELDS.contains(&&*member.key) && node.get("Statement").is_none() {
                    let d = Diagnostic::error(
                        Code::UnknownField,
                        format!("`{}` belongs inside a statement", member.key),
                    )
                    .with_help("this looks like a lone statement: wrap it as { \"Version\": \"2012-10-17\", \"Statement\": [ { ... } ] }")
                    .at(self.text, member.key_span);
                    self.diagnostics.push(d);
                    return None;
                }
                let _ = self.unknown_field(member, TOP_FIELDS, &"");
            }
        }
        let version = match node.get("Version") {
            None => {
                self.warning(
                    Code::MissingVersion,
                    "no `Version`".to_owned(),
                    "add \"Version\": \"2012-10-17\"; without it policy variables such as ${aws:username} are literal text",
                    &"",
                    Span::new(node.span.start as usize, node.span.start as usize + 1),
                );
                Version::Missing
            }
            Some(m) => match &m.value.value {
                Value::String(v) if v == "2012-10-17" => Version::V2012,
                Value::String(v) if v == "2008-10-17" => Version::V2008,
                _ => {
                    self.error(
                        Code::InvalidVersion,
                        format!(
                            "`Version` must be `2012-10-17` or `2008-10-17`, found `{}`",
                            self.snippet(m.value.span)
                        ),
                        "write \"Version\": \"2012-10-17\" (the date of the policy language, not of your policy)",
                        &"Version",
                        m.value.span,
                    );
                    Version::V2012
                }
            },
        };
        if let Some(m) = node.get("Id")
            && !matches!(m.value.value, Value::String(_))
        {
            self.wrong_type(&m.value, "a string", &"Id");
        }
        let Some(statement) = node.get("Statement") else {
            self.error(
                Code::MissingStatement,
                "no `Statement`".to_owned(),
                "add \"Statement\": [ { \"Effect\": ..., \"Action\": ..., \"Resource\": ... } ]",
                &"",
                Span::new(node.span.start as usize, node.span.start as usize + 1),
            );
            return None;
        };
        let (items, in_list) = match &statement.value.value {
            Value::Array(items) => (items.as_slice(), true),
            Value::Object(_) => (std::slice::from_ref(&statement.value), false),
            _ => {
                self.wrong_type(&statement.value, "a statement object or an array of them", &"Statement");
                return None;
            }
        };
        let mut statements = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            if let Some(s) = self.statement(item, StatementPath { index, in_list }, version) {
                statements.push(s);
            }
        }
        self.sids(&statements);
        Some(Policy::new(version, statements))
    }

    fn snippet(&self, span: Span) -> String {
        let s = self.text.get(span.range()).unwrap_or_default();
        let s = s.trim_matches('"');
        if s.chars().count() > 40 {
            format!("{}…", s.chars().take(40).collect::<String>())
        } else {
            s.to_owned()
        }
    }

    fn sids(&mut self, statements: &[Statement]) {
        let mut seen: Vec<&str> = Vec::with_capacity(statements.len());
        for s in statements {
            let Some(sid) = s.sid.as_deref() else { continue };
            if seen.contains(&sid) {
                let span = self.sid_span(s);
                let path = format!("{}.Sid", s.path());
                if self.policy_type == PolicyType::Scp {
                    self.warning(
                        Code::DuplicateSid,
                        format!("Sid `{sid}` is used twice"),
                        "give each statement its own Sid",
                        &path,
                        span,
                    );
                } else {
                    self.error(
                        Code::DuplicateSid,
                        format!("Sid `{sid}` is used twice"),
                        "Statement IDs (Sid) in one policy must be unique; rename or remove one",
                        &path,
                        span,
                    );
                }
            }
            seen.push(sid);
        }
    }

    fn sid_span(&self, statement: &Statement) -> Span {
        let (node, _) = json::parse(self.text.get(statement.span.range()).unwrap_or_default());
        node.and_then(|n| n.get("Sid").map(|m| m.value.span))
            .map_or(statement.span, |s| {
                Span::new(
                    statement.span.start as usize + s.start as usize,
                    statement.span.start as usize + s.end as usize,
                )
            })
    }

    fn statement(&mut self, node: &Node, path: StatementPath, version: Version) -> Option<Statement> {
        let Some(members) = node.as_object() else {
            self.wrong_type(node, "a statement object", &path);
            return None;
        };
        // A misspelt element is reported once, as unknown, not again as missing.
        let mut misspelt: Vec<&str> = Vec::new();
        let mut elements = Elements::default();
        for member in members {
            if !elements.file(member) {
                misspelt.extend(self.unknown_field(member, STATEMENT_FIELDS, &path));
            }
        }
        let before = self.diagnostics.len();
        let start_span = Span::new(node.span.start as usize, node.span.start as usize + 1);

        let sid = match elements.sid {
            Some(m) => match &m.value.value {
                Value::String(s) => {
                    if self.policy_type.is_iam() && !s.chars().all(|c| c.is_ascii_alphanumeric()) {
                        self.error(
                            Code::InvalidSid,
                            format!("Sid `{s}` has characters other than letters and digits"),
                            "IAM Sids match [0-9A-Za-z]*; remove spaces, dashes and underscores",
                            &format!("{path}.Sid"),
                            m.value.span,
                        );
                    }
                    Some(s.to_string())
                }
                _ => {
                    self.wrong_type(&m.value, "a string", &format!("{path}.Sid"));
                    None
                }
            },
            None => None,
        };

        let effect = match elements.effect {
            None => {
                self.error(
                    Code::MissingEffect,
                    "statement has no `Effect`".to_owned(),
                    "add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"",
                    &path,
                    start_span,
                );
                None
            }
            Some(m) => match &m.value.value {
                Value::String(s) if s == "Allow" => Some(Effect::Allow),
                Value::String(s) if s == "Deny" => Some(Effect::Deny),
                Value::String(s) => {
                    let help = if s.eq_ignore_ascii_case("allow") || s.eq_ignore_ascii_case("deny") {
                        format!(
                            "`Effect` is case-sensitive: write `{}`",
                            if s.eq_ignore_ascii_case("allow") {
                                "Allow"
                            } else {
                                "Deny"
                            }
                        )
                    } else {
                        "write `Allow` or `Deny`".to_owned()
                    };
                    self.error(
                        Code::InvalidEffect,
                        format!("`Effect` must be `Allow` or `Deny`, found `{s}`"),
                        &help,
                        &format!("{path}.Effect"),
                        m.value.span,
                    );
                    None
                }
                _ => {
                    self.wrong_type(&m.value, "`\"Allow\"` or `\"Deny\"`", &format!("{path}.Effect"));
                    None
                }
            },
        };

        self.principal(&elements, &path, effect);

        let actions = (elements.action, elements.not_action);
        let action = self.pair("Action", "NotAction", actions, &path, start_span, version);
        let resources = (elements.resource, elements.not_resource);
        let resource = self.pair("Resource", "NotResource", resources, &path, start_span, version);

        let conditions = match elements.condition {
            Some(m) => parse_condition_block(self, &m.value, &Field(&path, "Condition"), version),
            None => Vec::new(),
        };

        if let Some(list) = &action {
            let element = Field(&path, if list.negated { "NotAction" } else { "Action" });
            for (text, span) in list.texts_and_spans() {
                self.check_action(text, span, &element);
            }
        }
        if let Some(list) = &resource {
            let element = Field(&path, if list.negated { "NotResource" } else { "Resource" });
            for (text, span) in list.texts_and_spans() {
                self.check_resource(text, span, &element, version);
            }
        }

        let suppressed: Vec<String> = misspelt
            .iter()
            .map(|f| format!("missing-{}", f.to_ascii_lowercase()))
            .collect();
        let mut position = 0;
        self.diagnostics.retain(|d| {
            position += 1;
            position <= before || !suppressed.contains(&d.code)
        });
        Some(Statement {
            index: path.index,
            in_list: path.in_list,
            sid,
            effect: effect?,
            action: action?,
            resource: Some(resource?),
            conditions,
            span: node.span,
        })
    }

    /// Reads `Action`/`NotAction` or `Resource`/`NotResource`.
    fn pair(
        &mut self,
        positive: &str,
        negative: &str,
        found: (Option<&Member>, Option<&Member>),
        path: &dyn Display,
        start: Span,
        version: Version,
    ) -> Option<PatternList> {
        let (m, negated) = match found {
            (Some(_), Some(n)) => {
                let code = if positive == "Action" {
                    Code::ActionAndNotaction
                } else {
                    Code::ResourceAndNotresource
                };
                self.error(
                    code,
                    format!("a statement has both `{positive}` and `{negative}`"),
                    &format!("keep one of them: `{negative}` matches everything except what it lists"),
                    path,
                    n.key_span,
                );
                return None;
            }
            (Some(m), None) => (m, false),
            (None, Some(m)) => (m, true),
            (None, None) => {
                let code = if positive == "Action" {
                    Code::MissingAction
                } else {
                    Code::MissingResource
                };
                let help = if positive == "Action" {
                    "add \"Action\": \"service:Name\" (or a list)"
                } else {
                    "add \"Resource\": \"*\" or the ARNs this statement covers"
                };
                self.error(
                    code,
                    format!("statement has no `{positive}` or `{negative}`"),
                    help,
                    path,
                    start,
                );
                return None;
            }
        };
        let element_path = Field(path, &m.key);
        let entries = if positive == "Action" {
            Entries::Actions
        } else {
            Entries::Resources {
                variables: version == Version::V2012,
            }
        };
        let items: &[Node] = match &m.value.value {
            Value::String(_) => std::slice::from_ref(&m.value),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if !matches!(item.value, Value::String(_)) {
                        self.wrong_type(item, "a string", &format!("{element_path}[{i}]"));
                    }
                }
                if items.is_empty() {
                    let code = if positive == "Action" {
                        Code::EmptyAction
                    } else {
                        Code::EmptyResource
                    };
                    self.warning(
                        code,
                        format!("`{}` is an empty list", m.key),
                        "an empty list matches nothing, so the statement has no effect",
                        &element_path,
                        m.value.span,
                    );
                }
                items
            }
            _ => {
                self.wrong_type(&m.value, "a string or an array of strings", &element_path);
                return None;
            }
        };
        let written = items.iter().filter_map(|item| match &item.value {
            Value::String(text) => Some((text.as_ref(), item.span)),
            _ => None,
        });
        Some(PatternList::new(entries, negated, m.key_span, written))
    }
}

/// The first character of `text` that IAM refuses in a policy, as a diagnostic: an error for the policy
/// types IAM stores, a warning for the others.
#[must_use]
pub fn invalid_character(text: &str, policy_type: PolicyType) -> Option<Diagnostic> {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FF}');
    // Policies are nearly all ASCII: skip it a block of bytes at a time (a branch-free test of each
    // block), and read characters from the first block with another byte.
    const BLOCK: usize = 32;
    let other = |b: &u8| !b.is_ascii() || (*b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
    let ascii = text
        .as_bytes()
        .chunks(BLOCK)
        .position(|block| block.iter().fold(false, |seen, b| seen | other(b)))
        .map_or(text.len(), |block| block * BLOCK);
    let (offset, c) = text
        .get(ascii..)?
        .char_indices()
        .map(|(i, c)| (ascii + i, c))
        .find(|(_, c)| !allowed(*c))?;
    let message = format!(
        "character `{c}` (U+{:04X}) is outside what IAM accepts in a policy",
        c as u32
    );
    let help = "IAM policies may contain only tab, line feed, carriage return and U+0020 to U+00FF; replace it (typographic quotes and dashes often come from word processors)";
    let diagnostic = if policy_type.is_iam() {
        Diagnostic::error(Code::InvalidCharacter, message)
    } else {
        Diagnostic::warning(Code::InvalidCharacter, message)
    };
    Some(
        diagnostic
            .with_help(help)
            .with_path("")
            .at(text, Span::new(offset, offset + c.len_utf8())),
    )
}

/// Reads a JSON scalar as the string AWS compares (quotes are optional for numbers and Booleans).
pub(crate) fn scalar_text<'a>(node: &'a Node<'_>) -> Option<&'a str> {
    match &node.value {
        Value::String(s) | Value::Number(s) => Some(s),
        Value::Bool(b) => Some(if *b { "true" } else { "false" }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str, t: PolicyType) -> Vec<String> {
        parse_policy(text, t).diagnostics.into_iter().map(|d| d.code).collect()
    }

    #[test]
    fn parses_a_simple_policy() {
        let parsed = parse_policy(
            r#"{"Version":"2012-10-17","Statement":{"Sid":"A1","Effect":"Allow","Action":"s3:Get*","Resource":["arn:aws:s3:::b/*"]}}"#,
            PolicyType::Identity,
        );
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let policy = parsed.policy.unwrap();
        assert_eq!(policy.statements.len(), 1);
        assert_eq!(policy.statements[0].path().to_string(), "Statement");
        assert_eq!(policy.statements[0].sid.as_deref(), Some("A1"));
        let listed = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#;
        let policy = parse_policy(listed, PolicyType::Identity).policy.unwrap();
        let paths: Vec<String> = policy.statements.iter().map(|s| s.path().to_string()).collect();
        assert_eq!(paths, ["Statement[0]", "Statement[1]"]);
    }

    #[test]
    fn unknown_field_suggests_the_right_one() {
        let text =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Efect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
        let parsed = parse_policy(text, PolicyType::Identity);
        let d = &parsed.diagnostics[0];
        assert_eq!(d.code, "unknown-field");
        assert_eq!(d.path.as_deref(), Some("Statement[0]"));
        assert!(d.help.as_deref().unwrap().contains("did you mean `Effect`"));
        assert!(parsed.policy.is_none());
    }

    #[test]
    fn principal_is_rejected_by_policy_type() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        let parsed = parse_policy(text, PolicyType::Identity);
        let d = parsed
            .diagnostics
            .iter()
            .find(|d| d.code == "principal-not-allowed")
            .unwrap();
        assert!(d.help.as_deref().unwrap().contains("trust policy"));
        assert!(codes(text, PolicyType::Scp).contains(&"principal-not-allowed".to_owned()));
    }

    #[test]
    fn warnings_for_arns_that_cannot_match() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock:InvokeModel","Resource":["arn:aws:bedrock:us-east-1::inference-profile/us.x","arn:aws:bedrock:us-east-1:111122223333:foundation-model/x"]}]}"#;
        let parsed = parse_policy(text, PolicyType::Identity);
        assert!(parsed.policy.is_some());
        assert_eq!(
            codes(text, PolicyType::Identity),
            ["resource-empty-account", "resource-unexpected-account"]
        );
    }

    #[test]
    fn the_first_character_iam_refuses_is_found_after_latin_1_text() {
        // `é` (U+00E9) is allowed; the typographic quote after it is not.
        let text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"caf\u{e9}\u{201c}\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
        let found = invalid_character(text, PolicyType::Identity).unwrap();
        let quote = text.find('\u{201c}').unwrap();
        assert_eq!(found.span, Some(Span::new(quote, quote + 3)));
        assert!(found.message.contains("U+201C"), "{}", found.message);
        assert!(invalid_character("{\"Sid\":\"caf\u{e9}\"}", PolicyType::Identity).is_none());
    }

    #[test]
    fn effect_is_case_sensitive() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}"#;
        let parsed = parse_policy(text, PolicyType::Identity);
        assert_eq!(parsed.diagnostics[0].code, "invalid-effect");
        assert!(parsed.diagnostics[0].help.as_deref().unwrap().contains("`Allow`"));
    }

    #[test]
    fn sid_rules_for_iam_policies() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Sid":"a-b","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"X","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"X","Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        assert_eq!(codes(text, PolicyType::Identity), ["invalid-sid", "duplicate-sid"]);
    }
}
