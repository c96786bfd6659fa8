//! Edits to policy text that keep everything else exactly as the user wrote it: a suggested fix
//! should change only what it must, so its diff is small and its character cost honest.

use crate::diagnostic::Span;
use crate::syntax::json::{Node, Value};

/// One replacement in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextEdit {
    /// What to replace (empty for an insertion).
    pub span: Span,
    /// The new text.
    pub text: String,
}

/// Applies edits that do not overlap.
#[must_use]
pub(crate) fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    crate::order::sort_by_key(&mut sorted, |e| std::cmp::Reverse(e.span.start));
    let mut out = text.to_owned();
    for edit in sorted {
        let range = edit.span.range();
        if range.end <= out.len() && out.is_char_boundary(range.start) && out.is_char_boundary(range.end) {
            out.replace_range(range, &edit.text);
        }
    }
    out
}

/// The indentation of the line holding `offset`.
fn indent_at(text: &str, offset: usize) -> &str {
    let line_start = text.get(..offset).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let line = text.get(line_start..).unwrap_or_default();
    let width = line.len() - line.trim_start_matches([' ', '\t']).len();
    line.get(..width).unwrap_or_default()
}

/// True when the text between two offsets contains a line break.
fn spans_lines(text: &str, start: usize, end: usize) -> bool {
    text.get(start..end).is_some_and(|t| t.contains('\n'))
}

/// The separator to put before a new element after `last`, inside a container that opens at `open`.
fn separator(text: &str, open: usize, last: &Node) -> String {
    if spans_lines(text, open, last.span.start as usize) {
        format!(",\n{}", indent_at(text, last.span.start as usize))
    } else {
        ", ".to_owned()
    }
}

/// Adds `value` (JSON text) to an array, or turns a single value into an array holding both.
#[must_use]
pub(crate) fn append_value(text: &str, node: &Node, value: &str) -> TextEdit {
    append_values(text, node, &[value])
}

/// Adds `values` (JSON texts) to an array in one edit, laid out like the elements already there, or
/// turns a single value into an array holding it and them.
#[must_use]
pub(crate) fn append_values<S: AsRef<str>>(text: &str, node: &Node, values: &[S]) -> TextEdit {
    let values: Vec<&str> = values.iter().map(AsRef::as_ref).collect();
    match &node.value {
        Value::Array(items) => match items.last() {
            Some(last) => {
                let sep = separator(text, node.span.start as usize, last);
                TextEdit {
                    span: Span::new(last.span.end as usize, last.span.end as usize),
                    text: values.iter().map(|v| format!("{sep}{v}")).collect(),
                }
            }
            None => TextEdit {
                span: Span::new(node.span.start as usize + 1, node.span.end as usize - 1),
                text: values.join(", "),
            },
        },
        _ => {
            let original = text.get(node.span.range()).unwrap_or_default();
            TextEdit {
                span: node.span,
                text: format!("[{original}, {}]", values.join(", ")),
            }
        }
    }
}

/// Removes the element at `index` from an array (with its comma), or empties a single value into `[]`.
#[must_use]
pub(crate) fn remove_value(node: &Node, index: usize) -> TextEdit {
    let Value::Array(items) = &node.value else {
        return TextEdit {
            span: node.span,
            text: "[]".to_owned(),
        };
    };
    let span = match (
        items.get(index),
        items.get(index + 1),
        index.checked_sub(1).and_then(|i| items.get(i)),
    ) {
        (Some(item), Some(next), _) => Span::new(item.span.start as usize, next.span.start as usize),
        (Some(item), None, Some(previous)) => Span::new(previous.span.end as usize, item.span.end as usize),
        (Some(_), None, None) => Span::new(node.span.start as usize + 1, node.span.end as usize - 1),
        (None, ..) => Span::new(node.span.end as usize, node.span.end as usize),
    };
    TextEdit {
        span,
        text: String::new(),
    }
}

/// Adds a member `"key": value` (value is JSON text) to an object.
#[must_use]
pub(crate) fn add_member(text: &str, node: &Node, key: &str, value: &str) -> TextEdit {
    let key = serde_json::to_string(key).unwrap_or_default();
    match node.as_object().and_then(<[crate::syntax::json::Member]>::last) {
        Some(last) => TextEdit {
            span: Span::new(last.value.span.end as usize, last.value.span.end as usize),
            text: format!(
                "{}{key}: {value}",
                separator(text, node.span.start as usize, &last.value)
            ),
        },
        None => TextEdit {
            span: Span::new(node.span.start as usize + 1, node.span.end as usize - 1),
            text: format!("{key}: {value}"),
        },
    }
}

/// Removes the member `key` from an object, with the comma and the space that separate it from its
/// neighbour, so the members left keep their layout. `None` when the object has no such member.
#[must_use]
pub(crate) fn remove_member(node: &Node, key: &str) -> Option<TextEdit> {
    let members = node.as_object()?;
    let index = members.iter().position(|m| m.key == key)?;
    let member = members.get(index)?;
    let span = match (
        members.get(index + 1),
        index.checked_sub(1).and_then(|i| members.get(i)),
    ) {
        (Some(next), _) => Span::new(member.key_span.start as usize, next.key_span.start as usize),
        (None, Some(previous)) => Span::new(previous.value.span.end as usize, member.value.span.end as usize),
        (None, None) => Span::new(node.span.start as usize + 1, node.span.end as usize - 1),
    };
    Some(TextEdit {
        span,
        text: String::new(),
    })
}

/// Rewrites an array to hold `items` (JSON texts), keeping the text before the first element, between
/// elements and after the last as the author wrote it. With `unwrap_single`, one item is written
/// alone, as AWS accepts for `Action` and `Resource`.
#[must_use]
pub(crate) fn replace_items<S: AsRef<str>>(text: &str, node: &Node, items: &[S], unwrap_single: bool) -> TextEdit {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    let written = match (&node.value, items.as_slice()) {
        (_, [single]) if unwrap_single => (*single).to_owned(),
        (Value::Array(old), _) => match (old.first(), old.last()) {
            (Some(first), Some(last)) => {
                let open = node.span.start as usize;
                let lead = text.get(open..first.span.start as usize).unwrap_or("[");
                let trail = text.get(last.span.end as usize..node.span.end as usize).unwrap_or("]");
                let sep = match old.get(1) {
                    Some(second) => text
                        .get(first.span.end as usize..second.span.start as usize)
                        .unwrap_or(", ")
                        .to_owned(),
                    None => separator(text, open, first),
                };
                format!("{lead}{}{trail}", items.join(&sep))
            }
            _ => format!("[{}]", items.join(", ")),
        },
        _ => format!("[{}]", items.join(", ")),
    };
    TextEdit {
        span: node.span,
        text: written,
    }
}

/// The text of `span` with `edits` (which must lie inside it) applied.
#[must_use]
pub(crate) fn apply_within(text: &str, span: Span, edits: &[TextEdit]) -> String {
    let shifted: Vec<TextEdit> = edits
        .iter()
        .filter(|e| e.span.start >= span.start && e.span.end <= span.end)
        .map(|e| TextEdit {
            span: Span::new((e.span.start - span.start) as usize, (e.span.end - span.start) as usize),
            text: e.text.clone(),
        })
        .collect();
    apply(text.get(span.range()).unwrap_or_default(), &shifted)
}

/// A JSON string literal.
#[must_use]
pub(crate) fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::json::parse;

    fn node(text: &str) -> Node<'_> {
        parse(text).0.unwrap()
    }

    #[test]
    fn appends_keeping_layout() {
        let text = "{\n  \"a\": [\n    \"x\",\n    \"y\"\n  ]\n}";
        let array = node(text).get("a").unwrap().value.clone();
        let out = apply(text, &[append_value(text, &array, "\"z\"")]);
        assert_eq!(out, "{\n  \"a\": [\n    \"x\",\n    \"y\",\n    \"z\"\n  ]\n}");
        let inline = r#"{"a": ["x"], "b": "s", "c": []}"#;
        let root = node(inline);
        let edits = [
            append_value(inline, &root.get("a").unwrap().value, "\"y\""),
            append_value(inline, &root.get("b").unwrap().value, "\"t\""),
            append_value(inline, &root.get("c").unwrap().value, "\"u\""),
        ];
        assert_eq!(
            apply(inline, &edits),
            r#"{"a": ["x", "y"], "b": ["s", "t"], "c": ["u"]}"#
        );
    }

    #[test]
    fn removes_values() {
        let text = r#"{"a": ["x", "y", "z"], "b": "s"}"#;
        let root = node(text);
        let a = &root.get("a").unwrap().value;
        assert_eq!(apply(text, &[remove_value(a, 0)]), r#"{"a": ["y", "z"], "b": "s"}"#);
        assert_eq!(apply(text, &[remove_value(a, 2)]), r#"{"a": ["x", "y"], "b": "s"}"#);
        assert_eq!(
            apply(text, &[remove_value(&root.get("b").unwrap().value, 0)]),
            r#"{"a": ["x", "y", "z"], "b": []}"#
        );
    }

    #[test]
    fn adds_members() {
        let text = "{\n  \"StringEquals\": {\"k\": \"v\"}\n}";
        let out = apply(text, &[add_member(text, &node(text), "ArnNotLike", r#"{"k2": "v2"}"#)]);
        assert_eq!(
            out,
            "{\n  \"StringEquals\": {\"k\": \"v\"},\n  \"ArnNotLike\": {\"k2\": \"v2\"}\n}"
        );
        assert_eq!(apply("{}", &[add_member("{}", &node("{}"), "a", "1")]), r#"{"a": 1}"#);
    }

    #[test]
    fn removes_members_keeping_layout() {
        let pretty = "{\n  \"Sid\": \"A\",\n  \"Effect\": \"Allow\"\n}";
        let root = node(pretty);
        let edit = remove_member(&root, "Sid").unwrap();
        assert_eq!(apply(pretty, &[edit]), "{\n  \"Effect\": \"Allow\"\n}");
        let last = r#"{"Effect": "Allow", "Sid": "A"}"#;
        assert_eq!(
            apply(last, &[remove_member(&node(last), "Sid").unwrap()]),
            r#"{"Effect": "Allow"}"#
        );
        let only = r#"{"Sid": "A"}"#;
        assert_eq!(apply(only, &[remove_member(&node(only), "Sid").unwrap()]), "{}");
        assert!(remove_member(&node(only), "Effect").is_none());
    }

    #[test]
    fn replaces_items_keeping_layout() {
        let pretty = "{\"a\": [\n    \"x\",\n    \"y\",\n    \"z\"\n  ]}";
        let array = node(pretty).get("a").unwrap().value.clone();
        let edit = replace_items(pretty, &array, &["\"x\"", "\"z\""], true);
        assert_eq!(apply(pretty, &[edit]), "{\"a\": [\n    \"x\",\n    \"z\"\n  ]}");
        let edit = replace_items(pretty, &array, &["\"y\""], true);
        assert_eq!(apply(pretty, &[edit]), "{\"a\": \"y\"}");
        let scalar = r#"{"a": "x"}"#;
        let value = node(scalar).get("a").unwrap().value.clone();
        assert_eq!(
            apply(scalar, &[replace_items(scalar, &value, &["\"x\"", "\"y\""], true)]),
            r#"{"a": ["x", "y"]}"#
        );
    }
}
