//! Reading a plain policy straight from its text into the [`Policy`] model, in one pass and without a
//! tree of JSON nodes first.
//!
//! Nearly every policy an organization holds is plain: JSON without comments or escapes, only the
//! elements a statement can have, each of the type it takes. Those are read here, and every entry is
//! checked by the same code, in the same order, as the general reader does after building its tree.
//! Anything else (a misspelt element, a wrong type, an empty list, a `Principal`) makes this reader give
//! up, and the general reader reads the text again and reports each problem where it is.

use std::borrow::Cow;

use super::condition::{Written, written_condition};
use super::{Checker, Field};
use crate::diagnostic::Span;
use crate::policy::condition::{Condition, Kind, Operator};
use crate::policy::{Effect, Entries, PatternList, Policy, PolicyType, Statement, StatementPath, Version};
use crate::syntax::json::Cursor;

/// The policy `text` holds, and what the checks of its entries found, when the text is plain; `None`
/// when it has to be read by the general reader.
pub(super) fn read_plain<'a>(text: &'a str, policy_type: PolicyType) -> Option<(Policy, Checker<'a>)> {
    let mut reader = Reader {
        cursor: Cursor::new(text),
        checker: Checker {
            text,
            policy_type,
            diagnostics: Vec::new(),
        },
        actions: Vec::new(),
        resources: Vec::new(),
        values: Vec::new(),
    };
    let policy = reader.policy()?;
    reader.cursor.finish()?;
    Some((policy, reader.checker))
}

/// An `Action`/`NotAction` or `Resource`/`NotResource` element as read so far.
#[derive(Clone, Copy)]
struct Element {
    negated: bool,
    key_span: Span,
}

struct Reader<'a> {
    cursor: Cursor<'a>,
    checker: Checker<'a>,
    /// Where the current statement's action and resource entries are written, kept between statements
    /// for their room.
    actions: Vec<Span>,
    resources: Vec<Span>,
    /// The values of the condition key being read.
    values: Vec<(&'a str, Span)>,
}

impl<'a> Reader<'a> {
    fn policy(&mut self) -> Option<Policy> {
        if !self.cursor.open(b'{')? {
            return None;
        }
        let mut version = None;
        let mut id = false;
        let mut statements = None;
        // Tools that sort keys write `Statement` before `Version`: read it as 2012-10-17, the version
        // nearly every policy has, and give up below if the policy turns out to have another.
        let mut read_as = Version::V2012;
        loop {
            let (key, _) = self.cursor.key()?;
            match key {
                "Version" if version.is_none() => {
                    let written = match self.cursor.string()?.0 {
                        "2012-10-17" => Version::V2012,
                        "2008-10-17" => Version::V2008,
                        _ => return None,
                    };
                    version = Some(written);
                    if statements.is_none() {
                        read_as = written;
                    }
                }
                "Id" if !id => {
                    id = true;
                    self.cursor.string()?;
                }
                "Statement" if statements.is_none() => statements = Some(self.statements(read_as)?),
                _ => return None,
            }
            if self.cursor.next(true)? {
                break;
            }
        }
        let (version, statements) = (version?, statements?);
        if version != read_as {
            return None;
        }
        self.checker.sids(&statements);
        Some(Policy::new(version, statements))
    }

    fn statements(&mut self, version: Version) -> Option<Vec<Statement>> {
        if self.cursor.peek() == Some(b'{') {
            let path = StatementPath {
                index: 0,
                in_list: false,
            };
            let mut statements = Vec::with_capacity(1);
            self.statement(path, version, &mut statements)?;
            return Some(statements);
        }
        // Room for one statement per 200 bytes of the text left, since growing the list one doubling at
        // a time copies every statement read so far, and a statement is large. Statements laid out as
        // policies usually are take more than 200 bytes each, so the list seldom grows, and room never
        // written costs no cache.
        let left = self.checker.text.len().saturating_sub(self.cursor.offset());
        let mut statements = Vec::with_capacity(left / 200 + 1);
        if !self.cursor.open(b'[')? {
            return Some(statements);
        }
        loop {
            let path = StatementPath {
                index: statements.len(),
                in_list: true,
            };
            self.statement(path, version, &mut statements)?;
            if self.cursor.next(false)? {
                return Some(statements);
            }
        }
    }

    /// Reads a statement into `into`: built in place there, since a statement is large to move.
    fn statement(&mut self, path: StatementPath, version: Version, into: &mut Vec<Statement>) -> Option<()> {
        let start = self.cursor.offset();
        if !self.cursor.open(b'{')? {
            return None;
        }
        self.actions.clear();
        self.resources.clear();
        let (mut sid, mut effect, mut action, mut resource) = (None, None, None, None);
        let mut conditions = None;
        // An element written twice, like any name a statement cannot have, is left to the general reader.
        loop {
            let (key, key_span) = self.cursor.key()?;
            match key {
                "Sid" if sid.is_none() => {
                    let (text, _) = self.cursor.string()?;
                    if self.checker.policy_type.is_iam() && !text.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        return None;
                    }
                    sid = Some(text);
                }
                "Effect" if effect.is_none() => {
                    effect = Some(match self.cursor.string()?.0 {
                        "Allow" => Effect::Allow,
                        "Deny" => Effect::Deny,
                        _ => return None,
                    });
                }
                "Action" | "NotAction" if action.is_none() => {
                    action = Some(Element {
                        negated: key == "NotAction",
                        key_span,
                    });
                    entries(&mut self.cursor, &mut self.actions)?;
                }
                "Resource" | "NotResource" if resource.is_none() => {
                    resource = Some(Element {
                        negated: key == "NotResource",
                        key_span,
                    });
                    entries(&mut self.cursor, &mut self.resources)?;
                }
                "Condition" if conditions.is_none() => {
                    let block = conditions.insert(Vec::new());
                    self.conditions(&Field(&path, "Condition"), version, block)?;
                }
                _ => return None,
            }
            if self.cursor.next(true)? {
                break;
            }
        }
        let (effect, action, resource) = (effect?, action?, resource?);
        let text = self.checker.text;
        let action = PatternList::in_text(Entries::Actions, action.negated, action.key_span, text, &self.actions);
        let resource = PatternList::in_text(
            Entries::Resources {
                variables: version == Version::V2012,
            },
            resource.negated,
            resource.key_span,
            text,
            &self.resources,
        );
        // The general reader checks each entry after reading the conditions, as here.
        let element = Field(&path, if action.negated { "NotAction" } else { "Action" });
        for (text, span) in action.texts_and_spans() {
            self.checker.check_action(text, span, &element);
        }
        let element = Field(&path, if resource.negated { "NotResource" } else { "Resource" });
        for (text, span) in resource.texts_and_spans() {
            self.checker.check_resource(text, span, &element, version);
        }
        into.push(Statement {
            index: path.index,
            in_list: path.in_list,
            sid: sid.map(str::to_owned),
            effect,
            action,
            resource: Some(resource),
            conditions: conditions.unwrap_or_default(),
            span: Span::new(start, self.cursor.offset()),
        });
        Some(())
    }

    /// Reads a `Condition` block, adding a condition for each key of each operator.
    fn conditions(&mut self, path: &Field<'_>, version: Version, into: &mut Vec<Condition>) -> Option<()> {
        if !self.cursor.open(b'{')? {
            return Some(());
        }
        let first_operator = into.len();
        loop {
            let (name, _) = self.cursor.key()?;
            let operator = Operator::parse(name);
            let repeated = into
                .get(first_operator..)
                .unwrap_or_default()
                .iter()
                .any(|c| c.operator.name == name);
            if operator.kind == Kind::Unknown || repeated || !self.cursor.open(b'{')? {
                return None;
            }
            let op_path = Field(path, name);
            let first_key = into.len();
            loop {
                let (key, key_span) = self.cursor.key()?;
                if into.get(first_key..).unwrap_or_default().iter().any(|c| c.key() == key) {
                    return None;
                }
                let value_start = self.cursor.offset();
                if self.cursor.peek() != Some(b'[') {
                    self.values.push(self.cursor.scalar()?);
                } else if self.cursor.open(b'[')? {
                    loop {
                        self.values.push(self.cursor.scalar()?);
                        if self.cursor.next(false)? {
                            break;
                        }
                    }
                }
                let written = Written {
                    key,
                    key_span,
                    value_span: Span::new(value_start, self.cursor.offset()),
                };
                let condition = written_condition(
                    &mut self.checker,
                    Cow::Borrowed(&operator),
                    &written,
                    self.values.drain(..),
                    &op_path,
                    version,
                );
                into.push(condition);
                if self.cursor.next(true)? {
                    break;
                }
            }
            if self.cursor.next(true)? {
                return Some(());
            }
        }
    }
}

/// Reads a string, or a non-empty array of strings, adding where each is written to `into`.
fn entries(cursor: &mut Cursor<'_>, into: &mut Vec<Span>) -> Option<()> {
    if cursor.peek() != Some(b'[') {
        into.push(cursor.string()?.1);
        return Some(());
    }
    if !cursor.open(b'[')? {
        return None;
    }
    loop {
        into.push(cursor.string()?.1);
        if cursor.next(false)? {
            return Some(());
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::path::Path;

    use crisscross_reference::generate::{Bytes, policy};
    use proptest::prelude::*;

    use super::super::{parse_policy, parse_policy_generally};
    use crate::policy::PolicyType;

    /// Edits of a generated policy (the first occurrence of a text, replaced), each taking it off the
    /// plain path or to one of its edges.
    const EDITS: &[(&str, &str)] = &[
        ("", ""),
        (" ", "\t"),
        (":", " :"),
        ("\"Effect\":", "/* why */\"Effect\":"),
        ("\"Effect\":", "\"Sid\":\"a-b\",\"Effect\":"),
        ("\"Effect\":", "\"Sid\":\"Ab1\",\"Effect\":"),
        ("\"Effect\":", "\"Principal\":\"*\",\"Effect\":"),
        ("\"Effect\":", "\"Effect\":\"Deny\",\"Effect\":"),
        ("\"Effect\":", "\"Sid\":\"A\",\"Sid\":\"B\",\"Effect\":"),
        ("\"Effect\":", "\"Condition\":{},\"Condition\":{},\"Effect\":"),
        ("\"Effect\":", "\"Efect\":"),
        ("\"Effect\":", "\"Eff\\u0065ct\":"),
        ("\"Allow\"", "\"allow\""),
        ("\"Resource\":", "\"NotResource\":\"*\",\"Resource\":"),
        ("\"Statement\":", "\"Id\":\"x\",\"Statement\":"),
        ("\"Statement\":", "\"Id\":1,\"Statement\":"),
        ("\"Statement\":", "\"Id\":\"a\",\"Id\":\"b\",\"Statement\":"),
        ("\"Statement\":", "\"Version\":\"2008-10-17\",\"Statement\":"),
        ("\"Statement\":", "\"Statement\":[],\"Other\":"),
        ("]", ",]"),
        ("}", "}x"),
        (
            "\"Action\":[",
            "\"Action\":[\"bedrock:Converse\",\"ec2:*:x\",\"*:Get\",\"${aws:username}\",\"s3\",",
        ),
        ("\"Action\":[", "\"Action\":[\"s3:G\\u0065t*\","),
        ("\"Action\":[", "\"Action\":[\"s3:Gét*\","),
        ("\"Action\":[", "\"Action\":[1,"),
        (
            "\"Resource\":[",
            "\"Resource\":[\"arn:aws:iam:us-east-1:1:role/x\",\"arn:aws:S3:::b\",\"arn:x\",\"arn:aws:s3:::${aws:username}/*\",",
        ),
        (
            "\"Statement\":[",
            "\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[],\"Resource\":\"*\"},",
        ),
        (
            "\"Statement\":[",
            "\"Statement\":[{\"Sid\":\"S\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"},{\"Sid\":\"S\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"},",
        ),
        (
            "\"Statement\":[",
            "\"Statement\":[{\"Effect\":\"Deny\",\"NotAction\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{}},",
        ),
        (
            "\"Statement\":[",
            "\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"NumericLessThan\":{\"s3:max-keys\":[5,true,\"7\",-1.5e3]},\"Bool\":{\"aws:SecureTransport\":false}}},",
        ),
        (
            "\"Statement\":[",
            "\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":null}}},",
        ),
        (
            "\"Statement\":[",
            "\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":[],\"aws:Region\":\"x\"}}},",
        ),
        (
            "\"Statement\":[",
            "\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"a:b\":\"1\",\"a:b\":\"2\"}}},",
        ),
        (
            "\"Statement\":[",
            "\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"a:b\":\"1\"},\"StringEquals\":{\"a:c\":\"2\"}}},",
        ),
        (
            "\"Statement\":[",
            "\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEqualz\":{\"a:b\":\"1\"},\"NullIfExists\":{\"a:c\":\"true\"},\"StringLike\":{}}},",
        ),
        (
            "\"Statement\":[",
            "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"ForAnyValue:StringEquals\":{\"aws:RequestedRegion\":\"*\"},\"DateLessThan\":{\"aws:CurrentTime\":\"soon\"},\"ArnLike\":{\"aws:PrincipalArn\":\"x\"}}},",
        ),
    ];

    /// Both readers give the same policy and the same diagnostics, in the same order.
    fn agree(text: &str) -> Result<(), TestCaseError> {
        for policy_type in [PolicyType::Scp, PolicyType::Identity] {
            prop_assert_eq!(
                parse_policy(text, policy_type),
                parse_policy_generally(text, policy_type),
                "{:?} {}",
                policy_type,
                text
            );
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn the_direct_reader_agrees_with_the_general_one(data in prop::collection::vec(any::<u8>(), 0..256), pretty in any::<bool>(), single in any::<bool>(), version_last in any::<bool>()) {
            let mut document = policy(&mut Bytes::new(&data));
            if single {
                document["Statement"] = document["Statement"][0].clone();
            }
            // As tools that sort keys write it.
            if let Some(members) = document.as_object_mut()
                && version_last
                && let Some(version) = members.remove("Version")
            {
                members.insert("Version".to_owned(), version);
            }
            let text = if pretty { serde_json::to_string_pretty(&document) } else { serde_json::to_string(&document) };
            let text = text.expect("a generated policy prints");
            for (find, replace) in EDITS {
                agree(&text.replacen(find, replace, 1))?;
            }
        }
    }

    /// The smallest documents, at the edges of what the direct reader takes.
    #[test]
    fn the_direct_reader_agrees_with_the_general_one_on_the_smallest_documents() {
        let documents = [
            "",
            "{}",
            "[]",
            "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
            "{\"Version\":\"2012-10-17\",\"Statement\":{}}",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{}]}",
            "{\"Version\":\"2012-10-17\",\"Statement\":7}",
            "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"},\"Version\":\"2008-10-17\"}",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}} ",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}",
        ];
        for text in documents {
            agree(text).unwrap();
        }
    }

    /// Every policy of the corpus and of the real-world samples, whatever path each takes.
    #[test]
    fn the_direct_reader_agrees_with_the_general_one_on_every_policy_kept() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut folders = vec![root.join("../../tests/corpus"), root.join("tests/data/policies")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).expect("a test folder").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "json") {
                    files.push(path);
                }
            }
        }
        let mut documents = 0;
        for file in &files {
            let text = std::fs::read_to_string(file).expect("a test file");
            agree(&text).map_err(|e| format!("{}: {e}", file.display())).unwrap();
            let mut values = vec![serde_json::from_str::<serde_json::Value>(&text).unwrap_or_default()];
            while let Some(value) = values.pop() {
                match value {
                    serde_json::Value::String(s) if s.trim_start().starts_with('{') => {
                        documents += 1;
                        agree(&s).map_err(|e| format!("{}: {e}", file.display())).unwrap();
                    }
                    serde_json::Value::Array(items) => values.extend(items),
                    serde_json::Value::Object(members) => {
                        // A document kept as JSON rather than as text: both its printings.
                        if members.contains_key("Statement") {
                            documents += 1;
                            let document = serde_json::Value::Object(members.clone());
                            agree(&document.to_string())
                                .map_err(|e| format!("{}: {e}", file.display()))
                                .unwrap();
                            let pretty = serde_json::to_string_pretty(&document).unwrap_or_default();
                            agree(&pretty).map_err(|e| format!("{}: {e}", file.display())).unwrap();
                        }
                        values.extend(members.into_iter().map(|(_, v)| v));
                    }
                    _ => {}
                }
            }
        }
        assert!(
            files.len() > 400 && documents > 600,
            "{} files, {documents} documents",
            files.len()
        );
    }
}
