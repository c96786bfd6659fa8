//! Writing text into Markdown so that a CommonMark renderer shows it as written: escapes outside code
//! spans, code spans and fences that hold any backticks, links that stay clickable in a table.

/// Text in a Markdown table cell: a `|` would end the cell and a line break the row.
pub(super) fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// User text in running Markdown: characters that would start markup or HTML are escaped, and a `#`
/// at the start. A code span the text already holds (names quoted in backticks) is kept as it is, since
/// Markdown shows a backslash inside a code span literally; a backtick without its closing run is escaped.
pub(super) fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut at_start = true;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let run = rest.len() - rest.trim_start_matches('`').len();
            if let Some(span) = closed_code_span(rest, run) {
                out.push_str(span);
                rest = &rest[span.len()..];
            } else {
                for _ in 0..run {
                    out.push_str("\\`");
                }
                rest = &rest[run..];
            }
        } else {
            if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>') || (at_start && c == '#') {
                out.push('\\');
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        at_start = false;
    }
    out
}

/// The code span at the start of `text`, opened by `run` backticks and closed by a run of exactly as
/// many, as CommonMark matches them.
fn closed_code_span(text: &str, run: usize) -> Option<&str> {
    let mut at = run;
    while at < text.len() {
        let next = text[at..].find('`')? + at;
        let len = text[next..].len() - text[next..].trim_start_matches('`').len();
        if len == run {
            return Some(&text[..next + len]);
        }
        at = next + len;
    }
    None
}

/// A link a Markdown renderer makes clickable: an autolink, or code when the text cannot be one (a
/// `|` would have to be escaped in a table cell, and renderers keep that backslash in the link).
pub(super) fn link(url: &str) -> String {
    if url.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '|')) {
        code(url)
    } else {
        format!("<{url}>")
    }
}

/// A Markdown code span that holds `text` whatever backticks it contains.
pub(crate) fn code(text: &str) -> String {
    let ticks = "`".repeat(longest_backtick_run(text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// A code fence longer than any backtick run in `text`.
pub(crate) fn fence_for(text: &str) -> String {
    "`".repeat((longest_backtick_run(text) + 1).max(3))
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_break_the_markdown() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert_eq!(code("x`y"), "``x`y``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(fence_for("````"), "`````");
        assert_eq!(escape_inline("<b>*x*</b>"), "\\<b\\>\\*x\\*\\</b\\>");
        assert_eq!(escape_inline("# not a heading #1"), "\\# not a heading #1");
        // A quoted name keeps its text: Markdown would show a backslash inside a code span.
        assert_eq!(
            escape_inline("Exempt `arn:aws:bedrock:*:*:x` from *"),
            "Exempt `arn:aws:bedrock:*:*:x` from \\*"
        );
        assert_eq!(escape_inline("a ``b ` c`` d_"), "a ``b ` c`` d\\_");
        assert_eq!(escape_inline("open ` *"), "open \\` \\*");
        assert_eq!(escape_inline("``x` *"), "\\`\\`x\\` \\*");
        assert_eq!(
            link("https://example.test/#v1.d.a_b"),
            "<https://example.test/#v1.d.a_b>"
        );
        assert_eq!(link("https://example.test/#a|b"), "`https://example.test/#a|b`");
    }
}
