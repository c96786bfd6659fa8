//! Reading JSON that the AWS CLI printed, keeping every position: a missing or wrong-typed field is
//! reported at its line and column in the pasted text, with the command that prints the right thing.
//!
//! Policy documents come in three forms (IAM API reference, GetRolePolicy and GetAccountAuthorizationDetails:
//! "Policies returned by this operation are URL-encoded compliant with RFC 3986 ... some SDKs do this
//! decoding automatically"): the AWS CLI prints them as decoded JSON objects; Organizations'
//! `describe-policy` prints `Content` as a JSON string; SDKs that do not decode give the percent-encoded
//! text. All three are read, and the text is kept as AWS stores it wherever the input carries it.

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::scenario::Document;
use crate::syntax::json::{self, Member, Node, Value};

/// A parsed paste with the text it came from and the code its problems are reported with.
pub(crate) struct Reader<'t> {
    /// The pasted text.
    pub(crate) text: &'t str,
    /// The code for problems of shape.
    pub(crate) code: Code,
}

impl<'t> Reader<'t> {
    /// Parses `text` as JSON; JSON errors come back located, with their own codes.
    pub(crate) fn parse(text: &'t str, code: Code) -> Result<(Self, Node<'t>), Vec<Diagnostic>> {
        let (node, diagnostics) = json::parse(text);
        let errors: Vec<Diagnostic> = diagnostics.into_iter().filter(Diagnostic::is_error).collect();
        match node {
            Some(node) if errors.is_empty() => Ok((Self { text, code }, node)),
            _ => Err(errors),
        }
    }

    /// An error at `span`, with the JSON path and a help text.
    pub(crate) fn error(&self, message: impl Into<String>, help: &str, path: &str, span: Span) -> Diagnostic {
        Diagnostic::error(self.code, message)
            .with_help(help)
            .with_path(path)
            .at(self.text, span)
    }

    /// The member `key` of an object node; an error at the object when it is missing or the node is
    /// not an object.
    pub(crate) fn member<'n, 'a>(
        &self,
        node: &'n Node<'a>,
        key: &str,
        path: &str,
        help: &str,
    ) -> Result<&'n Node<'a>, Diagnostic> {
        if node.as_object().is_none() {
            return Err(self.error(
                format!("expected an object, found {}", node.type_name()),
                help,
                path,
                node.span,
            ));
        }
        node.get(key).map(|m| &m.value).ok_or_else(|| {
            self.error(
                format!("no `{key}` here"),
                help,
                path,
                Span::new(node.span.start as usize, node.span.start as usize + 1),
            )
        })
    }

    /// The string at `key`.
    pub(crate) fn string<'n>(&self, node: &'n Node, key: &str, path: &str, help: &str) -> Result<&'n str, Diagnostic> {
        let value = self.member(node, key, path, help)?;
        as_str(value).ok_or_else(|| {
            self.error(
                format!("`{key}` should be a string, found {}", value.type_name()),
                help,
                &join(path, key),
                value.span,
            )
        })
    }

    /// The array at `key`.
    pub(crate) fn array<'n, 'a>(
        &self,
        node: &'n Node<'a>,
        key: &str,
        path: &str,
        help: &str,
    ) -> Result<&'n [Node<'a>], Diagnostic> {
        let value = self.member(node, key, path, help)?;
        match &value.value {
            Value::Array(items) => Ok(items),
            _ => Err(self.error(
                format!("`{key}` should be a list, found {}", value.type_name()),
                help,
                &join(path, key),
                value.span,
            )),
        }
    }

    /// The members of an object node.
    pub(crate) fn object<'n, 'a>(
        &self,
        node: &'n Node<'a>,
        path: &str,
        help: &str,
    ) -> Result<&'n [Member<'a>], Diagnostic> {
        node.as_object().ok_or_else(|| {
            self.error(
                format!("expected an object, found {}", node.type_name()),
                help,
                path,
                node.span,
            )
        })
    }

    /// The exact text of a node.
    pub(crate) fn slice(&self, node: &Node) -> &'t str {
        self.text.get(node.span.range()).unwrap_or_default()
    }

    /// A policy document in any of the forms AWS prints: a JSON object (re-printed with two-space
    /// indentation: the CLI decoded it, so its original layout is gone), a JSON string holding the text
    /// (kept as is), or that text percent-encoded (decoded, then kept as is).
    pub(crate) fn document(&self, node: &Node, path: &str) -> Result<Document, Diagnostic> {
        let help = "a policy document is a JSON object, the policy text as a JSON string, or that text URL-encoded as the IAM API returns it";
        match &node.value {
            Value::Object(_) => {
                let value: serde_json::Value = serde_json::from_str(self.slice(node))
                    .map_err(|e| self.error(format!("the policy is not JSON: {e}"), help, path, node.span))?;
                Ok(Document::Json(
                    serde_json::to_string_pretty(&value)
                        .unwrap_or_else(|_| self.slice(node).to_owned())
                        .into(),
                ))
            }
            Value::String(text) if text.trim_start().starts_with('%') => percent_decode(text)
                .map(|text| Document::Text(text.into()))
                .ok_or_else(|| self.error("the URL-encoded policy does not decode to text", help, path, node.span)),
            Value::String(text) => Ok(Document::Text(text.as_ref().into())),
            _ => Err(self.error(
                format!("expected a policy document, found {}", node.type_name()),
                help,
                path,
                node.span,
            )),
        }
    }
}

/// The string value of a node.
pub(crate) fn as_str<'a>(node: &'a Node<'a>) -> Option<&'a str> {
    match &node.value {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// `a.b` from a path and a key; the key alone at the top.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Decodes RFC 3986 percent-encoding (`%7B%0A...`). `None` for a broken escape or text that is not UTF-8.
#[must_use]
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_forms_of_a_policy_document() {
        let object = include_str!("../../tests/data/aws-cli/iam-get-policy-version.json");
        let encoded = include_str!("../../tests/data/aws-cli/iam-get-policy-version.urlencoded-raw.json");
        let read = |text: &str| {
            let (reader, root) = Reader::parse(text, Code::IamImport).unwrap();
            let version = reader.member(&root, "PolicyVersion", "", "").unwrap();
            let document = reader.member(version, "Document", "PolicyVersion", "").unwrap();
            reader.document(document, "PolicyVersion.Document").unwrap()
        };
        let from_object = read(object);
        let from_encoded = read(encoded);
        // The same policy: the decoded text is the original, four-space layout of the raw API.
        let parse = |d: &Document| serde_json::from_str::<serde_json::Value>(d.text()).unwrap();
        assert_eq!(parse(&from_object), parse(&from_encoded));
        assert!(matches!(from_encoded, Document::Text(ref t) if t.starts_with("{\n    \"Version\"")));
        assert!(matches!(from_object, Document::Json(_)));
    }

    #[test]
    fn percent_decoding_refuses_broken_escapes() {
        assert_eq!(percent_decode("%7B%22a%22%3A1%7D").as_deref(), Some("{\"a\":1}"));
        assert_eq!(percent_decode("%7"), None);
        assert_eq!(percent_decode("%zz"), None);
        // `+` is literal in RFC 3986 (it is a space only in HTML form encoding).
        assert_eq!(percent_decode("a+b").as_deref(), Some("a+b"));
    }

    #[test]
    fn a_missing_field_is_located_at_its_object() {
        let text = "{\n  \"Policy\": {\"PolicySummary\": {}}\n}";
        let (reader, root) = Reader::parse(text, Code::OrgImport).unwrap();
        let policy = reader.member(&root, "Policy", "", "help").unwrap();
        let d = reader.member(policy, "Content", "Policy", "help").unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(13)));
        assert_eq!(d.code, "org-import");
        assert_eq!(d.message, "no `Content` here");
    }
}
