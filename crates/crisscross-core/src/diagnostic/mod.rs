//! Problems found in the user's text, each located by line and column in that text.

use serde::{Deserialize, Serialize};

mod code;

use crate::scenario::policy_ref::PolicyRef;
pub use code::Code;

/// A byte range in the user's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// The covered range as `usize` offsets.
    #[must_use]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// AWS would reject the input, or it cannot be evaluated.
    Error,
    /// Accepted by AWS, but probably not what the author meant.
    Warning,
}

/// One problem, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable identifier, listed in `docs/diagnostics.md`.
    pub code: String,
    /// What is wrong, lowercase, user input in backticks.
    pub message: String,
    /// How to fix it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The policy whose text the line and column are in; `None` for the scenario itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyRef>,
    /// JSON path of the offending element, such as `Statement[1].Condition.StringEquals`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Byte range in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// 1-based line of the span's start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column of the span's start, counted in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl Diagnostic {
    /// An error with no location yet.
    #[must_use]
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message.into())
    }

    /// A warning with no location yet.
    #[must_use]
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message.into())
    }

    fn new(severity: Severity, code: Code, message: String) -> Self {
        Self {
            severity,
            code: code.as_str().to_owned(),
            message,
            help: None,
            policy: None,
            path: None,
            span: None,
            line: None,
            column: None,
        }
    }

    /// Adds the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds the JSON path.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        let path = path.into();
        self.path = (!path.is_empty()).then_some(path);
        self
    }

    /// Locates the diagnostic at `span` of `text`.
    #[must_use]
    pub fn at(mut self, text: &str, span: Span) -> Self {
        let (line, column) = line_column(text, span.start as usize);
        self.span = Some(span);
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Says which policy's text the diagnostic is in.
    #[must_use]
    pub fn for_policy(mut self, policy: PolicyRef) -> Self {
        self.policy = Some(policy);
        self
    }

    /// True for errors.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Moves the location by a number of lines, for text embedded in a larger file.
    pub fn shift_lines(&mut self, lines: u32, first_line_columns: u32) {
        if let Some(line) = self.line.as_mut() {
            if *line == 1
                && let Some(column) = self.column.as_mut()
            {
                *column += first_line_columns;
            }
            *line += lines;
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "line {line}, column {column}: ")?;
        }
        write!(f, "{severity}[{}]: {}", self.code, self.message)?;
        if let Some(path) = &self.path {
            write!(f, " (at `{path}`)")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A diagnostic's message or help as the start of a sentence: its first letter in upper case (both are
/// written to follow a colon, in lower case). Messages are English and start in ASCII, so ASCII case is
/// enough; Unicode's case tables would add kilobytes to the page.
#[must_use]
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| std::iter::once(c.to_ascii_uppercase()).chain(chars).collect())
        .unwrap_or_default()
}

/// 1-based line and character column of a byte offset. Offsets inside a character or past the end are
/// clamped.
#[must_use]
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = text.as_bytes().get(..offset).unwrap_or_default();
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column_bytes = before.get(line_start..).unwrap_or_default();
    // Count characters by their first bytes, so a partial character at the end counts once.
    let column = column_bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// Offers the closest of `candidates` to a misspelt `word`, when it is close enough to be a likely typo.
#[must_use]
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let cost = usize::from(ca != *cb);
            let value = (diagonal + cost).min(above + 1).min(left + 1);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "{\n  \"é\": x";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 2), (2, 1));
        // `x` sits after `  "é": ` which is 7 characters but 8 bytes.
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 8));
    }

    #[test]
    fn suggests_close_words_only() {
        let fields = ["Sid", "Effect", "Action", "Resource", "Condition"];
        assert_eq!(did_you_mean("Efect", &fields), Some("Effect"));
        assert_eq!(did_you_mean("resources", &fields), Some("Resource"));
        assert_eq!(did_you_mean("Banana", &fields), None);
    }
}
