//! JSON highlighting for the editors, one line at a time.
//!
//! JSON strings cannot span lines, so each line is lexed on its own; an editor then re-lexes only the
//! lines that changed. The output is a list of segments, each a byte range of the line with a token class
//! and the marks (diagnostics) that cover it. Nothing here produces HTML: components render the segments
//! as text nodes.

use std::ops::Range;

/// What a run of characters is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// An object key (a string followed by `:`).
    Key,
    /// A string value.
    String,
    /// A number.
    Number,
    /// `true`, `false` or `null`.
    Literal,
    /// `{ } [ ] : ,`
    Punct,
    /// Spaces and anything else.
    Plain,
}

impl Token {
    /// The CSS class of the token.
    #[must_use]
    pub fn class(self) -> &'static str {
        match self {
            Self::Key => "tk-key",
            Self::String => "tk-str",
            Self::Number => "tk-num",
            Self::Literal => "tk-lit",
            Self::Punct => "tk-punct",
            Self::Plain => "",
        }
    }
}

/// Lexes one line into tokens covering it completely.
#[must_use]
pub fn tokens(line: &str) -> Vec<(Token, Range<usize>)> {
    let bytes = line.as_bytes();
    let mut out: Vec<(Token, Range<usize>)> = Vec::new();
    let mut i = 0;
    let push = |out: &mut Vec<(Token, Range<usize>)>, token: Token, range: Range<usize>| {
        if let Some((last, r)) = out.last_mut()
            && *last == token
            && r.end == range.start
            && token == Token::Plain
        {
            r.end = range.end;
            return;
        }
        out.push((token, range));
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                let end = i.min(bytes.len());
                i = end;
                let rest = &line[end..];
                let token = if rest.trim_start().starts_with(':') {
                    Token::Key
                } else {
                    Token::String
                };
                push(&mut out, token, start..end);
            }
            b'{' | b'}' | b'[' | b']' | b':' | b',' => {
                push(&mut out, Token::Punct, i..i + 1);
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len() && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    i += 1;
                }
                push(&mut out, Token::Number, start..i);
            }
            b't' | b'f' | b'n' => {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                let word = &line[start..i];
                let token = if matches!(word, "true" | "false" | "null") {
                    Token::Literal
                } else {
                    Token::Plain
                };
                push(&mut out, token, start..i);
            }
            _ => {
                let start = i;
                // Advance by one character (not one byte), so ranges stay on character boundaries.
                i += line[i..].chars().next().map_or(1, char::len_utf8);
                push(&mut out, Token::Plain, start..i);
            }
        }
    }
    out
}

/// A mark over part of a line, such as a diagnostic's span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// Byte range within the line (may be empty: a point).
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// The CSS class it adds.
    pub class: &'static str,
}

/// A run of a line with one token class and the marks covering it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte range within the line.
    pub range: Range<usize>,
    /// The CSS classes (token class first).
    pub class: String,
}

/// Splits a line into segments by token and mark boundaries. An empty mark becomes a zero-width segment.
#[must_use]
pub fn segments(line: &str, marks: &[Mark]) -> Vec<Segment> {
    let toks = tokens(line);
    if marks.is_empty() {
        return toks
            .into_iter()
            .map(|(t, range)| Segment {
                range,
                class: t.class().to_owned(),
            })
            .collect();
    }
    let clamp = |x: usize| {
        let mut x = x.min(line.len());
        while !line.is_char_boundary(x) {
            x -= 1;
        }
        x
    };
    let mut cuts: Vec<usize> = vec![0, line.len()];
    for (_, r) in &toks {
        cuts.push(r.start);
        cuts.push(r.end);
    }
    for m in marks {
        cuts.push(clamp(m.start));
        cuts.push(clamp(m.end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let token_at = |pos: usize| {
        toks.iter()
            .find(|(_, r)| r.start <= pos && pos < r.end)
            .map_or(Token::Plain, |(t, _)| *t)
    };
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        // Zero-width marks sitting exactly at `a`.
        for m in marks {
            if clamp(m.start) == a && clamp(m.end) == a {
                out.push(Segment {
                    range: a..a,
                    class: format!("{} point", m.class),
                });
            }
        }
        let mut class = token_at(a).class().to_owned();
        for m in marks {
            if clamp(m.start) <= a && b <= clamp(m.end) && m.start != m.end {
                if !class.is_empty() {
                    class.push(' ');
                }
                class.push_str(m.class);
            }
        }
        out.push(Segment { range: a..b, class });
    }
    for m in marks {
        let s = clamp(m.start);
        if s == line.len() && clamp(m.end) == s {
            out.push(Segment {
                range: s..s,
                class: format!("{} point", m.class),
            });
        }
    }
    out
}

/// The byte offset where each line starts.
#[must_use]
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

/// The 0-based line holding a byte offset.
#[must_use]
pub fn line_of(starts: &[usize], offset: usize) -> usize {
    match starts.binary_search(&offset) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    }
}

/// The widest line: its 0-based number (the first of equally wide ones) and its width in characters,
/// with tabs counted as two.
#[must_use]
pub fn widest_line(text: &str) -> (usize, usize) {
    text.split('\n').enumerate().fold((0, 0), |(best, width), (i, l)| {
        let w = line_width(l);
        if w > width { (i, w) } else { (best, width) }
    })
}

/// The byte range of 0-based line `line` (without its newline) in a text of `len` bytes whose lines
/// start at `starts`.
#[must_use]
pub fn line_range(starts: &[usize], len: usize, line: usize) -> Range<usize> {
    let start = starts.get(line).copied().unwrap_or(len);
    let end = starts.get(line + 1).map_or(len, |s| s - 1);
    start..end
}

fn line_width(line: &str) -> usize {
    line.chars().map(|c| if c == '\t' { 2 } else { 1 }).sum()
}

/// Lines are shown in blocks of this many, so scrolling by a few lines does not re-render the editor.
const SHOWN_BLOCK: usize = 16;

/// Where an editor's scroll area stands, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scrolled {
    /// How far the text is scrolled down.
    pub top: f64,
    /// The height of the area the text is seen through.
    pub seen: f64,
    /// The height of all the text.
    pub total: f64,
    /// The height of one line.
    pub line: f64,
}

/// The lines of a text of `count` lines worth drawing: those in view and at least a block on either
/// side, so a scroll by the compositor shows drawn lines before the page catches up. Every line when
/// the text does not scroll inside its area (it fits, or the page is printed). Before anything is
/// measured (`None`), the lines of an area of `area_lines` lines scrolled to the top.
#[must_use]
pub fn shown_lines(scrolled: Option<Scrolled>, count: usize, area_lines: usize) -> Range<usize> {
    let Some(s) = scrolled else {
        return 0..count.min((area_lines / SHOWN_BLOCK + 2) * SHOWN_BLOCK);
    };
    if s.line <= 0.0 || s.total <= s.seen + 1.0 {
        return 0..count;
    }
    // Float to line index: truncation is the intent, and the values are small and non-negative.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "pixel offsets to line numbers"
    )]
    let at = |px: f64| (px.max(0.0) / s.line) as usize;
    let first = at(s.top) / SHOWN_BLOCK * SHOWN_BLOCK;
    let last = (at(s.top + s.seen) / SHOWN_BLOCK + 2) * SHOWN_BLOCK;
    first.saturating_sub(SHOWN_BLOCK).min(count)..last.min(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(line: &str) -> Vec<(&'static str, &str)> {
        tokens(line).into_iter().map(|(t, r)| (t.class(), &line[r])).collect()
    }

    #[test]
    fn lexes_keys_strings_numbers_and_literals() {
        assert_eq!(
            classes(r#"  "Effect": "Deny", "n": 12, "b": true"#),
            vec![
                ("", "  "),
                ("tk-key", "\"Effect\""),
                ("tk-punct", ":"),
                ("", " "),
                ("tk-str", "\"Deny\""),
                ("tk-punct", ","),
                ("", " "),
                ("tk-key", "\"n\""),
                ("tk-punct", ":"),
                ("", " "),
                ("tk-num", "12"),
                ("tk-punct", ","),
                ("", " "),
                ("tk-key", "\"b\""),
                ("tk-punct", ":"),
                ("", " "),
                ("tk-lit", "true"),
            ]
        );
    }

    #[test]
    fn survives_unterminated_strings_escapes_and_non_ascii() {
        let line = r#""a\"b" "é unterminated"#;
        let toks = tokens(line);
        assert_eq!(toks.last().map(|(_, r)| r.end), Some(line.len()));
        assert_eq!(&line[toks[0].1.clone()], r#""a\"b""#);
        let line = "é€ x";
        let covered: usize = tokens(line).iter().map(|(_, r)| r.len()).sum();
        assert_eq!(covered, line.len());
    }

    #[test]
    fn segments_split_at_marks_and_keep_points() {
        let line = r#""Effect": "Dney""#;
        let marks = [Mark {
            start: 10,
            end: 16,
            class: "diag-error",
        }];
        let segs = segments(line, &marks);
        let marked: Vec<&str> = segs
            .iter()
            .filter(|s| s.class.contains("diag-error"))
            .map(|s| &line[s.range.clone()])
            .collect();
        assert_eq!(marked, vec!["\"Dney\""]);
        let point = segments(
            "{",
            &[Mark {
                start: 1,
                end: 1,
                class: "diag-error",
            }],
        );
        assert!(point.iter().any(|s| s.range.is_empty() && s.class.contains("point")));
    }

    #[test]
    fn finds_lines_of_offsets() {
        let text = "a\nbc\n\nd";
        let starts = line_starts(text);
        assert_eq!(starts, vec![0, 2, 5, 6]);
        assert_eq!(line_of(&starts, 3), 1);
        assert_eq!(line_of(&starts, 5), 2);
        assert_eq!(line_of(&starts, 6), 3);
        assert_eq!(widest_line(text), (1, 2));
        assert_eq!(widest_line("ab\n\tx\ncd"), (1, 3));
        assert_eq!(&text[line_range(&starts, text.len(), 1)], "bc");
        assert_eq!(&text[line_range(&starts, text.len(), 3)], "d");
    }

    #[test]
    fn shows_the_lines_in_view_and_a_block_around_them() {
        let at = |top: f64| {
            Some(Scrolled {
                top,
                seen: 360.0,
                total: 8000.0,
                line: 20.0,
            })
        };
        // Scrolled to the top: lines 0 to 17 are in view, drawn with the block after them.
        assert_eq!(shown_lines(at(0.0), 400, 18), 0..48);
        // Lines 100 to 117 in view: drawn with at least 16 lines more on either side.
        let range = shown_lines(at(2000.0), 400, 18);
        assert_eq!(range, 80..144);
        // A few pixels of scrolling keep the same lines, so the editor is not re-rendered.
        assert_eq!(shown_lines(at(2010.0), 400, 18), range);
        // The end of the text.
        assert_eq!(shown_lines(at(7640.0), 400, 18), 352..400);
    }

    #[test]
    fn shows_every_line_when_the_text_does_not_scroll_in_its_area() {
        let fits = Scrolled {
            top: 0.0,
            seen: 8000.0,
            total: 8000.0,
            line: 20.0,
        };
        assert_eq!(shown_lines(Some(fits), 400, 18), 0..400);
        // Not measured yet: the same lines as an area of 18 lines scrolled to the top.
        assert_eq!(shown_lines(None, 400, 18), 0..48);
        assert_eq!(shown_lines(None, 10, 18), 0..10);
    }
}
