//! Printing JSON without changing what it says: minified (no whitespace outside strings) or pretty
//! (two-space indentation), with every key, string and number copied as written.

use crate::diagnostic::{Diagnostic, Span};
use crate::syntax::json::{self, Node, Value};

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

pub(crate) fn read_json(text: &str) -> Result<Node<'_>, Vec<Diagnostic>> {
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

pub(crate) fn write_minified(node: &Node, source: &str) -> String {
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

#[cfg(test)]
mod tests;
