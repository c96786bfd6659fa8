//! Reading a JSON text token by token, for a reader that knows the shape it expects and builds its own
//! model as it goes instead of a tree of [`Node`](super::Node)s first.
//!
//! The cursor reads only plain JSON: every method returns `None` where the text holds anything else (an
//! escaped string, `null`, a shape the caller did not ask for), and [`Cursor::finish`] fails when the
//! reader found something it would report, such as a comment or a trailing comma. The caller then reads
//! the text again with [`read`](super::read), which reports each problem where it is.

use std::borrow::Cow;

use super::{Parser, Value};
use crate::diagnostic::Span;

/// A position in a JSON text, read one token at a time.
pub(crate) struct Cursor<'a> {
    parser: Parser<'a>,
}

impl<'a> Cursor<'a> {
    /// A cursor at the first token of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            parser: Parser::at_first_token(text),
        }
    }

    /// The byte offset the cursor is at: just past what it read last, or at the next token once white
    /// space is skipped.
    pub(crate) fn offset(&self) -> usize {
        self.parser.pos
    }

    /// The next token's first byte.
    pub(crate) fn peek(&self) -> Option<u8> {
        self.parser.peek()
    }

    /// Steps into an object or array opening with `open`. `Some(true)` when it has elements, the cursor
    /// then at the first; `Some(false)` when it is empty, the cursor then past it.
    pub(crate) fn open(&mut self, open: u8) -> Option<bool> {
        if self.parser.peek() != Some(open) {
            return None;
        }
        self.parser.pos += 1;
        self.parser.skip_space();
        let close = if open == b'{' { b'}' } else { b']' };
        if self.parser.peek() == Some(close) {
            self.parser.pos += 1;
            return Some(false);
        }
        Some(true)
    }

    /// Steps past what follows an element of the object or array the cursor is in: `Some(true)` when
    /// that closes it, `Some(false)` when another element follows.
    pub(crate) fn next(&mut self, in_object: bool) -> Option<bool> {
        let close = if in_object { b'}' } else { b']' };
        self.parser.after_element(close, "")
    }

    /// The key of the member at the cursor, with its span, the cursor then at its value.
    pub(crate) fn key(&mut self) -> Option<(&'a str, Span)> {
        let (key, span) = self.string()?;
        if self.parser.peek() != Some(b':') {
            self.parser.skip_space();
            if self.parser.peek() != Some(b':') {
                return None;
            }
        }
        self.parser.pos += 1;
        self.parser.skip_space();
        Some((key, span))
    }

    /// The string at the cursor, without escapes, with its span (quotes included).
    pub(crate) fn string(&mut self) -> Option<(&'a str, Span)> {
        let start = self.parser.pos;
        if self.parser.peek() != Some(b'"') {
            return None;
        }
        let text = self.parser.plain_string()?;
        Some((text, Span::new(start, self.parser.pos)))
    }

    /// The string, number or Boolean at the cursor, as the text AWS compares, with its span.
    pub(crate) fn scalar(&mut self) -> Option<(&'a str, Span)> {
        if self.parser.peek() == Some(b'"') {
            return self.string();
        }
        if matches!(self.parser.peek(), Some(b'[' | b'{')) {
            return None;
        }
        let node = self.parser.value(0)?;
        let text = match node.value {
            Value::Number(Cow::Borrowed(text)) => text,
            Value::Bool(true) => "true",
            Value::Bool(false) => "false",
            _ => return None,
        };
        Some((text, node.span))
    }

    /// Succeeds when the value read was the whole text and the reader has nothing to report about it,
    /// not even a byte above ASCII in a string (which the caller would have to check).
    pub(crate) fn finish(mut self) -> Option<()> {
        self.parser.skip_space();
        let plain = self.parser.pos == self.parser.bytes.len()
            && self.parser.diagnostics.is_empty()
            && !self.parser.above_ascii;
        plain.then_some(())
    }
}
