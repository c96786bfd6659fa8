//! A JSON reader that keeps the byte span of every value and key.
//!
//! Policies arrive as text typed or pasted by a person, so the reader does more than accept or reject:
//! it keeps going past the mistakes people make most (comments, trailing commas, duplicate keys) and
//! reports each one where it is, and it keeps object members in their written order.

use std::borrow::Cow;

use super::lanes;
use super::words::{HIGH, below, equal, word_at};
use crate::diagnostic::{Code, Diagnostic, Span};

mod clean;
mod cursor;
pub(crate) use clean::clean;
pub(crate) use cursor::Cursor;

/// Deepest nesting accepted; deeper input is reported instead of recursing further.
pub(crate) const MAX_DEPTH: usize = 64;

/// Room for the elements of a non-empty array or object before it grows: as many as a statement can
/// hold (`Sid`, `Effect`, `Principal`, `Action`, `Resource`, `Condition`), which is more than most
/// lists in a policy hold, so that few of them are ever copied to a larger allocation.
const FIRST_CAPACITY: usize = 6;

/// A JSON value with its span. Strings without escapes borrow from the text read, so reading a policy
/// allocates for its arrays and objects, not for each string in them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node<'a> {
    /// The value.
    pub value: Value<'a>,
    /// Where it is written.
    pub span: Span,
}

/// A JSON value. Numbers keep their text so nothing is lost to floating point.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Number(Cow<'a, str>),
    /// A string, unescaped.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Node<'a>>),
    /// An object, members in written order (duplicates kept and reported).
    Object(Vec<Member<'a>>),
}

/// An object member.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Member<'a> {
    /// The key, unescaped.
    pub key: Cow<'a, str>,
    /// Where the key (with its quotes) is written.
    pub key_span: Span,
    /// The value.
    pub value: Node<'a>,
}

impl<'a> Node<'a> {
    /// The members, if this is an object.
    #[must_use]
    pub(crate) fn as_object(&self) -> Option<&[Member<'a>]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The member named `key` (first occurrence), if this is an object.
    #[must_use]
    pub(crate) fn get(&self, key: &str) -> Option<&Member<'a>> {
        self.as_object()?.iter().find(|m| m.key == key)
    }

    /// The same tree owning its strings, for keeping beside the text it was read from.
    #[must_use]
    pub(crate) fn into_owned(self) -> Node<'static> {
        let value = match self.value {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => Value::Number(Cow::Owned(n.into_owned())),
            Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
            Value::Array(items) => Value::Array(items.into_iter().map(Node::into_owned).collect()),
            Value::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|m| Member {
                        key: Cow::Owned(m.key.into_owned()),
                        key_span: m.key_span,
                        value: m.value.into_owned(),
                    })
                    .collect(),
            ),
        };
        Node { value, span: self.span }
    }

    /// A short name of the value's type, for messages.
    #[must_use]
    pub(crate) fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a Boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Parses `text`. Returns the value when one could be read (even with errors) and every problem found.
#[must_use]
pub(crate) fn parse(text: &str) -> (Option<Node<'_>>, Vec<Diagnostic>) {
    let reading = read(text);
    (reading.node, reading.diagnostics)
}

/// What [`read`] found in a text.
pub(crate) struct Reading<'a> {
    /// The value, when one could be read (even with errors).
    pub node: Option<Node<'a>>,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// True when the text is one JSON value with nothing to report and no byte above 0x7F in its
    /// strings. Every byte of it is then ASCII, and none is a control character other than tab, line
    /// feed and carriage return: the rest of the text is punctuation, numbers, `true`, `false`, `null`
    /// and those three kinds of white space, and strings refuse control characters.
    pub plain_ascii: bool,
}

/// [`parse`], telling also whether the text is plain ASCII (see [`Reading::plain_ascii`]), which the
/// reader learns at almost no cost while it scans the strings.
#[must_use]
pub(crate) fn read(text: &str) -> Reading<'_> {
    let mut parser = Parser::at_first_token(text);
    if parser.pos >= parser.bytes.len() {
        let d = Diagnostic::error(Code::JsonEmpty, "the document is empty")
            .with_help("paste a policy: a JSON object with `Version` and `Statement`")
            .at(text, Span::new(0, 0));
        return Reading {
            node: None,
            diagnostics: vec![d],
            plain_ascii: false,
        };
    }
    let node = parser.value(0);
    if node.is_some() {
        parser.skip_space();
        if parser.pos < parser.bytes.len() {
            let start = parser.pos;
            parser.error(
                Code::JsonTrailingContent,
                "unexpected text after the end of the JSON value",
                "a policy is exactly one JSON object; remove what follows it, or split it into separate policies",
                start,
                parser.bytes.len(),
            );
        }
    }
    Reading {
        plain_ascii: node.is_some() && parser.diagnostics.is_empty() && !parser.above_ascii,
        node,
        diagnostics: parser.diagnostics,
    }
}

/// How many bytes from the start of `bytes` a string holds as they are: up to its closing quote, an
/// escape or a control character. Sixteen or eight bytes are tested at a time (see [`lanes`]), since
/// ARNs run to dozens of bytes.
/// Also whether a byte above 0x7F may be among them: never false when one is, and true at times when
/// one only follows them closely.
fn plain_len(bytes: &[u8]) -> (usize, bool) {
    let (mut at, stopped, above_ascii) = lanes::plain_chunks(bytes);
    if stopped {
        return (at, above_ascii);
    }
    let mut seen = if above_ascii { HIGH } else { 0 };
    while let Some(x) = word_at(bytes, at) {
        seen |= x;
        let stops = equal(x, b'"') | equal(x, b'\\') | below(x, 0x20);
        if stops != 0 {
            return (at + (stops.trailing_zeros() / 8) as usize, seen & HIGH != 0);
        }
        at += 8;
    }
    let tail = bytes.get(at..).unwrap_or_default();
    let len = tail
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .unwrap_or(tail.len());
    (
        at + len,
        seen & HIGH != 0 || !tail.get(..len).unwrap_or_default().is_ascii(),
    )
}

/// How many spaces run in `bytes` from `from`, counted sixteen or eight bytes at a time (in a word, a
/// space XOR 0x20 is the only zero byte); the last few bytes of the text are left to the caller's
/// byte-by-byte loop.
fn spaces_from(bytes: &[u8], from: usize) -> usize {
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    let (spaces, stopped) = lanes::space_chunks(bytes, from);
    let mut at = from + spaces;
    if stopped {
        return spaces;
    }
    while let Some(x) = word_at(bytes, at) {
        let spaces = ((x ^ SPACES).trailing_zeros() / 8) as usize;
        at += spaces;
        if spaces < 8 {
            break;
        }
    }
    at - from
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    diagnostics: Vec<Diagnostic>,
    /// Whether a string may hold a byte above 0x7F (see [`plain_len`]).
    above_ascii: bool,
}

impl<'a> Parser<'a> {
    /// A parser of `text`, past the white space and comments before its first token.
    fn at_first_token(text: &'a str) -> Self {
        let mut parser = Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            diagnostics: Vec::new(),
            above_ascii: false,
        };
        parser.skip_space();
        parser
    }

    fn error(&mut self, code: Code, message: &str, help: &str, start: usize, end: usize) {
        let d = Diagnostic::error(code, message)
            .with_help(help)
            .at(self.text, Span::new(start, end));
        self.diagnostics.push(d);
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The bytes not read yet.
    fn rest(&self) -> &[u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    /// Skips whitespace, and also comments, which are reported.
    /// Runs on every token, so the rare comment is read out of line and the rest can be inlined.
    #[inline]
    fn skip_space(&mut self) {
        // Tests in the order of how often they hold, as branches: a `match` on the byte compiles to a
        // table of jumps, whose one indirect jump the processor mispredicts as often as the text's
        // layout changes.
        while let Some(byte) = self.peek() {
            if byte > b' ' && byte != b'/' {
                return;
            }
            if byte == b'\n' {
                self.pos += 1;
                // Pretty-printed policies indent every line with spaces.
                self.pos += spaces_from(self.bytes, self.pos);
            } else if matches!(byte, b' ' | b'\t' | b'\r') {
                self.pos += 1;
            } else if !(byte == b'/' && self.comment()) {
                return;
            }
        }
    }

    /// Skips a `//` or `/* */` comment at the cursor and reports it; false when none starts there.
    #[cold]
    #[inline(never)]
    fn comment(&mut self) -> bool {
        if !matches!(self.bytes.get(self.pos + 1), Some(b'/' | b'*')) {
            return false;
        }
        let start = self.pos;
        let block = self.bytes.get(self.pos + 1) == Some(&b'*');
        self.pos += 2;
        if block {
            while self.pos < self.bytes.len()
                && !(self.peek() == Some(b'*') && self.bytes.get(self.pos + 1) == Some(&b'/'))
            {
                self.pos += 1;
            }
            self.pos = (self.pos + 2).min(self.bytes.len());
        } else {
            while self.pos < self.bytes.len() && self.peek() != Some(b'\n') {
                self.pos += 1;
            }
        }
        self.error(
            Code::JsonComment,
            "comments are not allowed in JSON",
            "AWS rejects policies with comments; remove it (the Clean action removes all comments and trailing commas)",
            start,
            self.pos,
        );
        true
    }

    fn unexpected(&mut self, expected: &str) {
        let start = self.pos;
        let (found, end) = match self.text.get(start..).and_then(|rest| rest.chars().next()) {
            Some(c) => (format!("`{c}`"), start + c.len_utf8()),
            None => ("the end of the text".to_owned(), start),
        };
        let help = match self.peek() {
            Some(b'\'') => "JSON strings use double quotes `\"`, not single quotes".to_owned(),
            None => "the text ends too early; a closing `}` or `]` may be missing".to_owned(),
            _ => format!("write {expected} here"),
        };
        let d = Diagnostic::error(Code::JsonSyntax, format!("expected {expected}, found {found}"))
            .with_help(help)
            .at(self.text, Span::new(start, end));
        self.diagnostics.push(d);
    }

    fn value(&mut self, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            let start = self.pos;
            self.error(
                Code::JsonTooDeep,
                "the JSON is nested too deeply",
                "policies are at most a few levels deep; this text is probably not a policy",
                start,
                start + 1,
            );
            return None;
        }
        let start = self.pos;
        let value = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') if self.rest().starts_with(b"true") => {
                self.pos += 4;
                Value::Bool(true)
            }
            Some(b'f') if self.rest().starts_with(b"false") => {
                self.pos += 5;
                Value::Bool(false)
            }
            Some(b'n') if self.rest().starts_with(b"null") => {
                self.pos += 4;
                Value::Null
            }
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => {
                self.unexpected("a JSON value");
                return None;
            }
        };
        Some(Node {
            value,
            span: Span::new(start, self.pos),
        })
    }

    fn number(&mut self) -> Option<Value<'a>> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos > s
        };
        if !digits(self) {
            self.unexpected("a digit");
            return None;
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                self.unexpected("a digit");
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                self.unexpected("a digit");
                return None;
            }
        }
        Some(Value::Number(Cow::Borrowed(self.text.get(start..self.pos)?)))
    }

    /// The string at the cursor (on its opening quote), unescaped.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        match self.plain_string() {
            Some(plain) => Some(Cow::Borrowed(plain)),
            None => self.escaped_string(),
        }
    }

    /// The string at the cursor (on its opening quote) when it has no escape and no control character:
    /// a slice of the text. `None`, the cursor unmoved, for any other. Inlined into its two callers:
    /// that takes a few more instructions, but a call for each of a policy's strings took more time.
    #[inline(always)]
    fn plain_string(&mut self) -> Option<&'a str> {
        let body_start = self.pos + 1;
        let body = self.bytes.get(body_start..)?;
        let (len, above_ascii) = plain_len(body);
        if body.get(len) != Some(&b'"') {
            return None;
        }
        self.above_ascii |= above_ascii;
        self.pos = body_start + len + 1;
        // Both ends are next to a quote, so at character boundaries.
        self.text.get(body_start..body_start + len)
    }

    /// [`Self::string`] for a string with escapes, or one that does not end where it should (reported).
    #[cold]
    #[inline(never)]
    fn escaped_string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = self.text.get(self.pos..)?;
            // A run without quotes, escapes or control characters is copied in one go.
            let (plain, above_ascii) = plain_len(rest.as_bytes());
            self.above_ascii |= above_ascii;
            if plain > 0 {
                out.push_str(rest.get(..plain).unwrap_or_default());
                self.pos += plain;
                continue;
            }
            let Some(c) = rest.chars().next() else {
                self.error(
                    Code::JsonSyntax,
                    "unterminated string",
                    "add the closing `\"`",
                    start,
                    self.pos,
                );
                return None;
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Some(Cow::Owned(out));
                }
                '\\' => {
                    self.pos += 1;
                    let escape_start = self.pos - 1;
                    match self.peek() {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let c = self.unicode_escape(escape_start)?;
                            out.push(c);
                            continue;
                        }
                        _ => {
                            self.error(
                                Code::JsonSyntax,
                                "invalid escape in string",
                                "valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
                                escape_start,
                                self.pos + 1,
                            );
                            return None;
                        }
                    }
                    self.pos += 1;
                }
                '\n' | '\r' => {
                    self.error(
                        Code::JsonSyntax,
                        "line break inside a string",
                        "close the string with `\"` before the end of the line, or write the line break as \\n",
                        start,
                        self.pos,
                    );
                    return None;
                }
                c if (c as u32) < 0x20 => {
                    self.error(
                        Code::JsonSyntax,
                        "control character inside a string",
                        "write it as an escape such as \\t",
                        self.pos,
                        self.pos + 1,
                    );
                    return None;
                }
                c => {
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    /// Reads `uXXXX` (and a following low surrogate escape) after a backslash.
    fn unicode_escape(&mut self, escape_start: usize) -> Option<char> {
        let hex = |p: &mut Self| -> Option<u32> {
            let digits = p.text.get(p.pos + 1..p.pos + 5)?;
            let v = u32::from_str_radix(digits, 16).ok()?;
            p.pos += 5;
            Some(v)
        };
        let Some(first) = hex(self) else {
            self.error(
                Code::JsonSyntax,
                "invalid \\u escape",
                "write four hexadecimal digits after \\u",
                escape_start,
                self.pos + 1,
            );
            return None;
        };
        let code = if (0xD800..0xDC00).contains(&first) && self.rest().starts_with(b"\\u") {
            self.pos += 1;
            match hex(self) {
                Some(second) if (0xDC00..0xE000).contains(&second) => {
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                }
                _ => 0xFFFD,
            }
        } else {
            first
        };
        Some(char::from_u32(code).unwrap_or('\u{FFFD}'))
    }

    fn array(&mut self, depth: usize) -> Option<Value<'a>> {
        self.pos += 1;
        self.skip_space();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Some(Value::Array(Vec::new()));
        }
        let mut items = Vec::with_capacity(FIRST_CAPACITY);
        // Each element starts at a token: white space was skipped above, then by `after_element`.
        loop {
            items.push(self.value(depth + 1)?);
            if self.after_element(b']', "`,` or `]`")? {
                return Some(Value::Array(items));
            }
        }
    }

    /// Reads what follows an element of an array or object: `true` once `close` ends it, `false` after a
    /// comma that another element follows, `None` (with a diagnostic) for anything else. A comma right
    /// before `close` is reported and the container still ends there.
    fn after_element(&mut self, close: u8, expected: &str) -> Option<bool> {
        // Most often one read finds it all: a comma and the next element's first byte, or the close.
        // Anything else (a comment, a trailing comma, a missing one) is read below, which reports it.
        if let Some((len, commas)) = lanes::separator(self.bytes, self.pos) {
            let next = self.bytes.get(self.pos + len).copied();
            if commas == 1 && next.is_some_and(|b| b != close && b != b'/') {
                self.pos += len;
                return Some(false);
            }
            if commas == 0 && next == Some(close) {
                self.pos += len + 1;
                return Some(true);
            }
        }
        self.after_element_token_by_token(close, expected)
    }

    /// [`Self::after_element`], one token at a time.
    fn after_element_token_by_token(&mut self, close: u8, expected: &str) -> Option<bool> {
        self.skip_space();
        match self.peek() {
            Some(b',') => {
                let comma = self.pos;
                self.pos += 1;
                self.skip_space();
                if self.peek() == Some(close) {
                    self.trailing_comma(comma);
                    self.pos += 1;
                    return Some(true);
                }
                Some(false)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Some(true)
            }
            _ => {
                self.unexpected(expected);
                None
            }
        }
    }

    fn trailing_comma(&mut self, comma: usize) {
        self.error(
            Code::JsonTrailingComma,
            "trailing comma",
            "JSON allows no comma after the last element; remove it",
            comma,
            comma + 1,
        );
    }

    fn object(&mut self, depth: usize) -> Option<Value<'a>> {
        self.pos += 1;
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Some(Value::Object(Vec::new()));
        }
        let mut members: Vec<Member> = Vec::with_capacity(FIRST_CAPACITY);
        // Each member starts at a token: white space was skipped above, then by `after_element`.
        loop {
            if self.peek() != Some(b'"') {
                self.unexpected("a key in double quotes");
                return None;
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = Span::new(key_start, self.pos);
            // Tools write the colon right after a key, and at most one space after it: those are read
            // as they come, and only anything else goes through the general skip.
            if self.peek() != Some(b':') {
                self.skip_space();
                if self.peek() != Some(b':') {
                    self.unexpected("`:`");
                    return None;
                }
            }
            self.pos += 1;
            if self.peek() == Some(b' ') {
                self.pos += 1;
            }
            self.skip_space();
            let value = self.value(depth + 1)?;
            if members.iter().any(|m| m.key == key) {
                let d = Diagnostic::error(Code::JsonDuplicateKey, format!("duplicate key `{key}`"))
                    .with_help("AWS refuses new policies whose objects repeat a key; merge the two or remove one")
                    .at(self.text, key_span);
                self.diagnostics.push(d);
            }
            members.push(Member { key, key_span, value });
            if self.after_element(b'}', "`,` or `}`")? {
                return Some(Value::Object(members));
            }
        }
    }
}

#[cfg(test)]
mod tests;
