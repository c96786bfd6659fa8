//! A fix as one replacement in the policy text: the smallest range that differs, so that a tool can apply
//! it in place (a pull-request suggestion, an editor) without re-reading the whole policy.

use serde::Serialize;

use crate::diagnostic::line_column;

/// Replace the text from `start` to `end` (byte offsets in the text before) with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TextChange {
    /// Byte offset where the replaced text starts.
    pub start: usize,
    /// Byte offset one past the replaced text.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`, in characters.
    pub column: u32,
    /// 1-based line of `end`.
    pub end_line: u32,
    /// 1-based column of `end`, in characters.
    pub end_column: u32,
    /// The new text.
    pub replacement: String,
}

impl TextChange {
    /// The one replacement that turns `before` into `after`: everything between their common prefix
    /// and their common suffix, cut on character boundaries.
    #[must_use]
    pub fn between(before: &str, after: &str) -> Self {
        let prefix = before
            .char_indices()
            .zip(after.chars())
            .find(|((_, a), b)| a != b)
            .map_or(before.len().min(after.len()), |((i, _), _)| i);
        let rest_before = before.get(prefix..).unwrap_or_default();
        let rest_after = after.get(prefix..).unwrap_or_default();
        let suffix = rest_before
            .chars()
            .rev()
            .zip(rest_after.chars().rev())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a.len_utf8())
            .sum::<usize>();
        let end = before.len() - suffix;
        let (line, column) = line_column(before, prefix);
        let (end_line, end_column) = line_column(before, end);
        Self {
            start: prefix,
            end,
            line,
            column,
            end_line,
            end_column,
            replacement: after.get(prefix..after.len() - suffix).unwrap_or_default().to_owned(),
        }
    }

    /// `before` with the change applied.
    #[must_use]
    pub fn apply(&self, before: &str) -> String {
        let mut out = String::with_capacity(before.len() + self.replacement.len());
        out.push_str(before.get(..self.start).unwrap_or_default());
        out.push_str(&self.replacement);
        out.push_str(before.get(self.end..).unwrap_or_default());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_change_is_the_differing_middle_and_applies_back() {
        let before = "{\n  \"a\": [\"x\"],\n  \"é\": 1\n}";
        let after = "{\n  \"a\": [\"x\", \"y\"],\n  \"é\": 1\n}";
        let change = TextChange::between(before, after);
        assert_eq!(change.replacement, ", \"y\"");
        assert_eq!((change.line, change.column), (2, 12));
        assert_eq!(change.apply(before), after);
        let new = TextChange::between("", "{}");
        assert_eq!((new.start, new.end, new.replacement.as_str()), (0, 0, "{}"));
        let removal = TextChange::between("abcé", "aé");
        assert_eq!(removal.apply("abcé"), "aé");
    }
}
