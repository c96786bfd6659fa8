//! Wildcard patterns and policy variables, compiled once when a policy is parsed.
//!
//! AWS uses `*` (any run of characters) and `?` (exactly one character) in actions, resources and the
//! `...Like` / `Arn...` condition operators. Under `"Version": "2012-10-17"` a pattern may also hold
//! policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`) and the escapes `${*}`,
//! `${?}` and `${$}`, which stand for the literal characters.

use std::borrow::Cow;

use crate::context::Context;

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Literal text.
    Lit(String),
    /// `*`: any run of characters. `colon` says whether the run may contain `:` (see [`Template::arn_resource`]).
    Star {
        /// May cross `:`.
        colon: bool,
    },
    /// `?`: exactly one character.
    One {
        /// May be `:`.
        colon: bool,
    },
    /// A policy variable.
    Var(Variable),
}

/// A policy variable, `${key}` or `${key, 'default'}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    /// The key, lowercased (keys are case-insensitive).
    pub key: String,
    /// The default value used when the key is absent.
    pub default: Option<String>,
}

/// A compiled pattern: the original text and its pieces.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// The text as written in the policy.
    pub text: String,
    pieces: Vec<Piece>,
    has_variables: bool,
    has_restricted: bool,
}

/// What a pattern's text means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syntax {
    /// `*` and `?` are wildcards (otherwise literal).
    pub glob: bool,
    /// `${...}` is a variable (only under Version 2012-10-17).
    pub variables: bool,
    /// Compare without case (the text is lowercased).
    pub fold_case: bool,
}

impl Template {
    /// Compiles `text`.
    #[must_use]
    pub fn new(text: &str, syntax: Syntax) -> Self {
        // The special characters are ASCII, so a byte search finds them at character boundaries.
        let special = |b: &u8| (syntax.glob && (*b == b'*' || *b == b'?')) || (syntax.variables && *b == b'$');
        let mut pieces: Vec<Piece> = Vec::new();
        let mut lit = String::new();
        let mut rest = text;
        // Literal runs are copied whole; only `*`, `?` and `${` stop the scan.
        while let Some(at) = rest.as_bytes().iter().position(special) {
            lit.push_str(rest.get(..at).unwrap_or_default());
            rest = rest.get(at..).unwrap_or_default();
            if rest.starts_with("${")
                && let Some(end) = rest.find('}')
            {
                let inner = rest.get(2..end).unwrap_or_default();
                if matches!(inner, "*" | "?" | "$") {
                    lit.push_str(inner);
                } else {
                    flush(&mut lit, &mut pieces, syntax.fold_case);
                    pieces.push(Piece::Var(parse_variable(inner)));
                }
                rest = rest.get(end + 1..).unwrap_or_default();
                continue;
            }
            match rest.as_bytes().first() {
                Some(b'*') if syntax.glob => {
                    flush(&mut lit, &mut pieces, syntax.fold_case);
                    pieces.push(Piece::Star { colon: true });
                }
                Some(b'?') if syntax.glob => {
                    flush(&mut lit, &mut pieces, syntax.fold_case);
                    pieces.push(Piece::One { colon: true });
                }
                _ => lit.push('$'),
            }
            rest = rest.get(1..).unwrap_or_default();
        }
        lit.push_str(rest);
        flush(&mut lit, &mut pieces, syntax.fold_case);
        let has_variables = pieces.iter().any(|p| matches!(p, Piece::Var(_)));
        Self {
            text: text.to_owned(),
            pieces,
            has_variables,
            has_restricted: false,
        }
    }

    /// Compiles a `Resource` / `NotResource` entry. In the first five ARN fields a `*` may only run past
    /// a `:` when it is the last character of its field, and `?` never matches `:`; in the resource
    /// field (after the fifth `:`) both match anything (IAM User Guide, Resource element).
    #[must_use]
    pub fn arn_resource(text: &str, variables: bool) -> Self {
        let syntax = |variables| Syntax {
            glob: true,
            variables,
            fold_case: false,
        };
        // "You can't use a variable to replace parts of the ARN before the fifth colon" (IAM User Guide,
        // "IAM policy elements: Variables and tags"): there `${...}` is literal text.
        let end = fifth_colon(text).unwrap_or(text.len());
        let mut t = match text.get(..end) {
            Some(fields) if variables && fields.contains("${") => {
                let (fields, rest) = text.split_at(end);
                let mut head = Self::new(fields, syntax(false));
                let tail = Self::new(rest, syntax(true));
                for piece in tail.pieces {
                    match (head.pieces.last_mut(), piece) {
                        (Some(Piece::Lit(prev)), Piece::Lit(next)) => prev.push_str(&next),
                        (_, piece) => head.pieces.push(piece),
                    }
                }
                head.text = text.to_owned();
                head.has_variables = head.pieces.iter().any(|p| matches!(p, Piece::Var(_)));
                head
            }
            _ => Self::new(text, syntax(variables)),
        };
        let mut colons = 0usize;
        let count = t.pieces.len();
        for i in 0..count {
            let next_is_field_end = match t.pieces.get(i + 1) {
                None => true,
                Some(Piece::Lit(s)) => s.starts_with(':'),
                Some(_) => false,
            };
            if let Some(piece) = t.pieces.get_mut(i) {
                match piece {
                    Piece::Lit(s) => colons += s.matches(':').count(),
                    Piece::Star { colon } if colons < 5 => *colon = next_is_field_end,
                    Piece::One { colon } if colons < 5 => *colon = false,
                    _ => {}
                }
            }
        }
        t.has_restricted = t
            .pieces
            .iter()
            .any(|p| matches!(p, Piece::Star { colon: false } | Piece::One { colon: false }));
        t
    }

    /// The compiled pieces.
    #[must_use]
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// True when the pattern holds policy variables.
    #[must_use]
    pub fn has_variables(&self) -> bool {
        self.has_variables
    }

    /// True when the pattern has a `*` or `?` wildcard.
    #[must_use]
    pub fn has_wildcard(&self) -> bool {
        self.pieces
            .iter()
            .any(|p| matches!(p, Piece::Star { .. } | Piece::One { .. }))
    }

    /// The literal text when the pattern has no wildcard and no variable.
    #[must_use]
    pub fn as_literal(&self) -> Option<&str> {
        match self.pieces.as_slice() {
            [] => Some(""),
            [Piece::Lit(s)] => Some(s),
            _ => None,
        }
    }

    /// Substitutes variables from `context`. `None` when a variable has no value and no default: AWS
    /// then treats the entry as matching nothing.
    #[must_use]
    pub fn resolve<'a>(&'a self, context: &Context, fold_case: bool) -> Option<Cow<'a, [Piece]>> {
        if !self.has_variables {
            return Some(Cow::Borrowed(&self.pieces));
        }
        let mut out = Vec::with_capacity(self.pieces.len());
        for piece in &self.pieces {
            match piece {
                Piece::Var(var) => {
                    let value = context
                        .single(&var.key)
                        .map(str::to_owned)
                        .or_else(|| var.default.clone())?;
                    let value = if fold_case { value.to_lowercase() } else { value };
                    match out.last_mut() {
                        Some(Piece::Lit(prev)) => prev.push_str(&value),
                        _ => out.push(Piece::Lit(value)),
                    }
                }
                Piece::Lit(s) => match out.last_mut() {
                    Some(Piece::Lit(prev)) => prev.push_str(s),
                    _ => out.push(Piece::Lit(s.clone())),
                },
                other => out.push(other.clone()),
            }
        }
        Some(Cow::Owned(out))
    }

    /// The pattern with variables substituted, as text for explanations (`*`/`?` shown as written).
    #[must_use]
    pub fn display_resolved(&self, context: &Context) -> Option<String> {
        let pieces = self.resolve(context, false)?;
        Some(pieces_to_text(&pieces))
    }

    /// True if `text` matches (variables substituted from `context`); an entry with an unresolved
    /// variable matches nothing.
    #[must_use]
    pub fn matches(&self, text: &str, context: &Context) -> bool {
        self.try_match(text, context) == Some(true)
    }

    /// Whether `text` matches, or `None` when a variable has no value and no default.
    #[must_use]
    pub fn try_match(&self, text: &str, context: &Context) -> Option<bool> {
        let pieces = self.resolve(context, false)?;
        Some(glob(&pieces, text, self.has_restricted))
    }
}

/// The byte offset just after the fifth `:` of an ARN.
fn fifth_colon(text: &str) -> Option<usize> {
    text.match_indices(':').nth(4).map(|(i, _)| i + 1)
}

fn flush(lit: &mut String, pieces: &mut Vec<Piece>, fold_case: bool) {
    if !lit.is_empty() {
        let mut text = std::mem::take(lit);
        if fold_case {
            if text.is_ascii() {
                text.make_ascii_lowercase();
            } else {
                text = text.to_lowercase();
            }
        }
        pieces.push(Piece::Lit(text));
    }
}

fn parse_variable(inner: &str) -> Variable {
    // `key, 'default'`: the default is single-quoted after a comma and a space.
    if let Some((key, default)) = inner.split_once(',') {
        let default = default.trim();
        let default = default
            .strip_prefix('\'')
            .and_then(|d| d.strip_suffix('\''))
            .unwrap_or(default);
        Variable {
            key: key.trim().to_ascii_lowercase(),
            default: Some(default.to_owned()),
        }
    } else {
        Variable {
            key: inner.trim().to_ascii_lowercase(),
            default: None,
        }
    }
}

/// Writes pieces back as pattern text.
#[must_use]
pub fn pieces_to_text(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Lit(s) => out.push_str(s),
            Piece::Star { .. } => out.push('*'),
            Piece::One { .. } => out.push('?'),
            Piece::Var(v) => {
                out.push_str("${");
                out.push_str(&v.key);
                out.push('}');
            }
        }
    }
    out
}

/// Matches `text` against resolved pieces. `restricted` must be true when a wildcard may not cross `:`.
#[must_use]
pub fn glob(pieces: &[Piece], text: &str, restricted: bool) -> bool {
    if restricted {
        glob_restricted(pieces, text)
    } else {
        glob_greedy(pieces, text)
    }
}

/// Classic wildcard matching with backtracking to the last `*`; linear for the patterns in policies.
fn glob_greedy(pieces: &[Piece], text: &str) -> bool {
    let bytes = text.as_bytes();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    loop {
        let advanced = match pieces.get(pi) {
            // A trailing `*` takes whatever text is left.
            Some(Piece::Star { .. }) if pi + 1 == pieces.len() => return true,
            Some(Piece::Star { .. }) => {
                star = Some((pi + 1, ti));
                pi += 1;
                continue;
            }
            Some(Piece::One { .. }) => match next_char_len(text, ti) {
                Some(len) => {
                    ti += len;
                    true
                }
                None => false,
            },
            Some(Piece::Lit(s)) => {
                if bytes.get(ti..).is_some_and(|rest| rest.starts_with(s.as_bytes())) {
                    ti += s.len();
                    true
                } else {
                    false
                }
            }
            Some(Piece::Var(_)) => false,
            None => {
                if ti == bytes.len() {
                    return true;
                }
                false
            }
        };
        if advanced {
            pi += 1;
            continue;
        }
        let Some((star_pi, star_ti)) = star else {
            return false;
        };
        let Some(len) = next_char_len(text, star_ti) else {
            return false;
        };
        // The `*` takes one more character. When literal text follows it, only the places where that
        // text starts can succeed, so the `*` goes straight to the next one.
        let retry = match pieces.get(star_pi) {
            Some(Piece::Lit(s)) => match text.get(star_ti + len..).and_then(|rest| rest.find(s.as_str())) {
                Some(at) => star_ti + len + at,
                None => return false,
            },
            _ => star_ti + len,
        };
        star = Some((star_pi, retry));
        pi = star_pi;
        ti = retry;
    }
}

/// Matching where some wildcards may not cross `:`: a set of reachable text positions, advanced piece
/// by piece, so it is linear in pattern times text and cannot blow up.
fn glob_restricted(pieces: &[Piece], text: &str) -> bool {
    let n = text.len();
    let bytes = text.as_bytes();
    let mut current = vec![false; n + 1];
    if let Some(start) = current.first_mut() {
        *start = true;
    }
    let mut next = vec![false; n + 1];
    let set = |positions: &mut Vec<bool>, q: usize| {
        if let Some(slot) = positions.get_mut(q) {
            *slot = true;
        }
    };
    for piece in pieces {
        next.iter_mut().for_each(|b| *b = false);
        match piece {
            Piece::Lit(s) => {
                for q in 0..=n {
                    if current.get(q) == Some(&true)
                        && bytes.get(q..).is_some_and(|rest| rest.starts_with(s.as_bytes()))
                    {
                        set(&mut next, q + s.len());
                    }
                }
            }
            Piece::One { colon } => {
                for q in 0..n {
                    if current.get(q) == Some(&true)
                        && let Some(len) = next_char_len(text, q)
                        && (*colon || bytes.get(q) != Some(&b':'))
                    {
                        set(&mut next, q + len);
                    }
                }
            }
            Piece::Star { colon } => {
                let mut reach = false;
                for q in 0..=n {
                    reach |= current.get(q) == Some(&true);
                    if reach && text.is_char_boundary(q) {
                        set(&mut next, q);
                    }
                    if !*colon && bytes.get(q) == Some(&b':') {
                        reach = false;
                    }
                }
            }
            Piece::Var(_) => return false,
        }
        std::mem::swap(&mut current, &mut next);
    }
    current.get(n) == Some(&true)
}

fn next_char_len(text: &str, at: usize) -> Option<usize> {
    text.get(at..)?.chars().next().map(char::len_utf8)
}

/// Splits pieces into the six ARN fields at the first five literal `:`. `None` if there are fewer.
#[must_use]
pub fn split_arn(pieces: &[Piece]) -> Option<Vec<Vec<Piece>>> {
    let mut fields: Vec<Vec<Piece>> = vec![Vec::new()];
    for piece in pieces {
        match piece {
            Piece::Lit(s) if fields.len() < 6 => {
                let mut rest = s.as_str();
                while fields.len() < 6 {
                    match rest.split_once(':') {
                        Some((before, after)) => {
                            if !before.is_empty() {
                                fields.last_mut()?.push(Piece::Lit(before.to_owned()));
                            }
                            fields.push(Vec::new());
                            rest = after;
                        }
                        None => break,
                    }
                }
                if !rest.is_empty() {
                    fields.last_mut()?.push(Piece::Lit(rest.to_owned()));
                }
            }
            other => fields.last_mut()?.push(other.clone()),
        }
    }
    (fields.len() == 6).then_some(fields)
}

/// `ArnEquals` / `ArnLike`: each of the six fields matched on its own, so a wildcard never crosses a `:`
/// of the first five (IAM User Guide, ARN condition operators).
#[must_use]
pub fn arn_like(fields: &[Vec<Piece>], value: &str) -> bool {
    let Some(parts) = crate::syntax::arn::split(value) else {
        return false;
    };
    fields.len() == 6
        && fields
            .iter()
            .zip(parts.iter())
            .all(|(pattern, part)| glob_greedy(pattern, part))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLOB: Syntax = Syntax {
        glob: true,
        variables: true,
        fold_case: false,
    };

    fn m(pattern: &str, text: &str) -> bool {
        Template::new(pattern, GLOB).matches(text, &Context::default())
    }

    fn r(pattern: &str, text: &str) -> bool {
        Template::arn_resource(pattern, true).matches(text, &Context::default())
    }

    #[test]
    fn star_and_question_mark() {
        assert!(m("bedrock:Invoke*", "bedrock:InvokeModel"));
        assert!(m("bedrock:*Model*", "bedrock:InvokeModelWithResponseStream"));
        assert!(m("s3:Get?bject", "s3:GetObject"));
        assert!(!m("s3:Get?bject", "s3:GetObbject"));
        assert!(m("*", ""));
        assert!(m("a*b*c", "aXbYbZc"));
        assert!(!m("a*b*c", "aXbYbZ"));
        assert!(m("?", "é"));
    }

    #[test]
    fn escapes_are_literal_characters() {
        assert!(m("a${*}b", "a*b"));
        assert!(!m("a${*}b", "aXb"));
        assert!(m("a${?}${$}", "a?$"));
    }

    #[test]
    fn variables_only_when_enabled() {
        let literal = Template::new(
            "${aws:username}",
            Syntax {
                variables: false,
                ..GLOB
            },
        );
        assert_eq!(literal.as_literal(), Some("${aws:username}"));
        let var = Template::new("home/${aws:username}/*", GLOB);
        assert!(var.has_variables());
        assert!(!var.matches("home/alice/x", &Context::default()));
        let ctx = Context::from_pairs([("aws:username", "alice")]);
        assert!(var.matches("home/alice/x", &ctx));
        let default = Template::new("${aws:PrincipalTag/team, 'shared'}", GLOB);
        assert!(default.matches("shared", &Context::default()));
    }

    #[test]
    fn resource_stars_cross_colons_only_at_field_end() {
        assert!(r(
            "arn:aws:bedrock:*::foundation-model/*",
            "arn:aws:bedrock:us-east-1::foundation-model/m:0"
        ));
        assert!(r(
            "arn:aws:bedrock:*",
            "arn:aws:bedrock:us-east-1:1:inference-profile/x"
        ));
        assert!(!r("arn:aws:bedrock:us-*-1:1:x", "arn:aws:bedrock:us-east:9:z-1:1:x"));
        assert!(r("arn:aws:bedrock:us-*-1:1:x", "arn:aws:bedrock:us-east-1:1:x"));
        assert!(r(
            "arn:aws:s3:::bucket/*/test/*",
            "arn:aws:s3:::bucket/1/2/test/3/x.jpg"
        ));
        assert!(!r("arn:aws:s3:::bucket/*/test/*", "arn:aws:s3:::bucket/test/x.jpg"));
    }

    #[test]
    fn arn_like_is_per_field() {
        let value =
            "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0";
        let fields = |p: &str| split_arn(Template::new(p, GLOB).pieces()).unwrap_or_default();
        assert!(arn_like(
            &fields("arn:aws:bedrock:*:111122223333:inference-profile/*"),
            value
        ));
        assert!(!arn_like(&fields("arn:aws:bedrock:*:inference-profile/*"), value));
        assert!(m("arn:aws:bedrock:*:inference-profile/*", value));
    }

    /// Every word up to `len` characters over `alphabet`.
    fn words(alphabet: &[char], len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last
                .iter()
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    #[test]
    fn the_backtracking_matcher_agrees_with_the_position_set_matcher() {
        // Two independent algorithms for the same language: with every wildcard allowed to cross `:`,
        // the position-set matcher is the definition the backtracking one must meet on every input.
        let texts = words(&['a', 'b', ':'], 5);
        for pattern in words(&['a', 'b', '*', '?'], 5) {
            let pieces = Template::new(&pattern, GLOB).pieces().to_vec();
            for text in &texts {
                assert_eq!(
                    glob_greedy(&pieces, text),
                    glob_restricted(&pieces, text),
                    "pattern {pattern:?} on {text:?}"
                );
            }
        }
    }
}
