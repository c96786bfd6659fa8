//! Wildcard patterns and policy variables, compiled once when a policy is parsed.
//!
//! AWS uses `*` (any run of characters) and `?` (exactly one character) in actions, resources and the
//! `...Like` / `Arn...` condition operators. Under `"Version": "2012-10-17"` a pattern may also hold
//! policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`) and the escapes `${*}`,
//! `${?}` and `${$}`, which stand for the literal characters.

use std::borrow::Cow;

use crate::context::Context;
use crate::syntax::words;

mod lazy;
pub use lazy::LazyTemplate;

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
    /// A policy variable (boxed: variables are rare, and a small piece lets two sit inline in a [`Template`]).
    Var(Box<Variable>),
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
    pieces: Pieces,
    has_variables: bool,
    has_restricted: bool,
}

/// The pieces of a pattern. Most patterns are one literal, a lone `*` or `service:*`: up to two pieces
/// are kept inline, which spares an allocation for nearly every action and resource a policy names.
#[derive(Debug, Clone, PartialEq)]
enum Pieces {
    /// No piece (the empty pattern).
    None,
    /// Exactly one piece.
    One(Piece),
    /// Exactly two pieces.
    Two([Piece; 2]),
    /// Three or more pieces.
    Many(Vec<Piece>),
}

impl Pieces {
    fn push(&mut self, piece: Piece) {
        // A `*` stands in for a piece moved out: it owns nothing, so the moves cost no allocation.
        let moved_out = |piece: &mut Piece| std::mem::replace(piece, Piece::Star { colon: true });
        match self {
            Self::None => *self = Self::One(piece),
            Self::One(first) => *self = Self::Two([moved_out(first), piece]),
            Self::Two([first, second]) => {
                // ARN patterns often hold several wildcards: room for six pieces spares most regrowth.
                let mut all = Vec::with_capacity(6);
                all.extend([moved_out(first), moved_out(second), piece]);
                *self = Self::Many(all);
            }
            Self::Many(all) => all.push(piece),
        }
    }

    fn as_slice(&self) -> &[Piece] {
        match self {
            Self::None => &[],
            Self::One(piece) => std::slice::from_ref(piece),
            Self::Two(both) => both,
            Self::Many(all) => all,
        }
    }

    fn as_mut_slice(&mut self) -> &mut [Piece] {
        match self {
            Self::None => &mut [],
            Self::One(piece) => std::slice::from_mut(piece),
            Self::Two(both) => both,
            Self::Many(all) => all,
        }
    }
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

impl Syntax {
    /// How an `Action` / `NotAction` entry reads: with wildcards, without variables (AWS substitutes
    /// none in actions), and without case.
    pub const ACTION: Self = Self {
        glob: true,
        variables: false,
        fold_case: true,
    };
}

impl Template {
    /// Compiles `text`.
    #[must_use]
    pub fn new(text: &str, syntax: Syntax) -> Self {
        // The special characters are ASCII, so a byte search finds them at character boundaries.
        let special = |b: &u8| (syntax.glob && (*b == b'*' || *b == b'?')) || (syntax.variables && *b == b'$');
        // Most patterns are plain text (`bedrock:InvokeModel`, a Region, an ARN) or text and one final
        // `*` (`bedrock:*`): built directly, without the general loop's piecewise copies.
        let (head, star) = match text.strip_suffix('*') {
            Some(head) if syntax.glob => (head, true),
            _ => (text, false),
        };
        if !head.as_bytes().iter().any(special) {
            let lit = (!head.is_empty()).then(|| Piece::Lit(folded(head.to_owned(), syntax.fold_case)));
            let pieces = match (lit, star) {
                (None, false) => Pieces::None,
                (Some(lit), false) => Pieces::One(lit),
                (None, true) => Pieces::One(Piece::Star { colon: true }),
                (Some(lit), true) => Pieces::Two([lit, Piece::Star { colon: true }]),
            };
            return Self {
                text: text.to_owned(),
                pieces,
                has_variables: false,
                has_restricted: false,
            };
        }
        let mut pieces = Pieces::None;
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
                    pieces.push(Piece::Var(Box::new(parse_variable(inner))));
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
        let has_variables = pieces.as_slice().iter().any(|p| matches!(p, Piece::Var(_)));
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
            Some(fields) if variables && holds_variable_syntax(fields) => {
                let (fields, rest) = text.split_at(end);
                let mut head = Self::new(fields, syntax(false));
                let tail = Self::new(rest, syntax(true));
                for piece in tail.pieces.as_slice() {
                    match (head.pieces.as_mut_slice().last_mut(), piece) {
                        (Some(Piece::Lit(prev)), Piece::Lit(next)) => prev.push_str(next),
                        (_, piece) => head.pieces.push(piece.clone()),
                    }
                }
                head.text = text.to_owned();
                head.has_variables = head.pieces.as_slice().iter().any(|p| matches!(p, Piece::Var(_)));
                head
            }
            _ => Self::new(text, syntax(variables)),
        };
        let mut colons = 0usize;
        let pieces = t.pieces.as_mut_slice();
        for i in 0..pieces.len() {
            let next_is_field_end = match pieces.get(i + 1) {
                None => true,
                Some(Piece::Lit(s)) => s.starts_with(':'),
                Some(_) => false,
            };
            if let Some(piece) = pieces.get_mut(i) {
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
            .as_slice()
            .iter()
            .any(|p| matches!(p, Piece::Star { colon: false } | Piece::One { colon: false }));
        t
    }

    /// The compiled pieces.
    #[must_use]
    pub fn pieces(&self) -> &[Piece] {
        self.pieces.as_slice()
    }

    /// True when the pattern holds policy variables.
    #[must_use]
    pub fn has_variables(&self) -> bool {
        self.has_variables
    }

    /// True when the pattern has a `*` or `?` wildcard.
    #[must_use]
    pub fn has_wildcard(&self) -> bool {
        self.pieces()
            .iter()
            .any(|p| matches!(p, Piece::Star { .. } | Piece::One { .. }))
    }

    /// The literal text when the pattern has no wildcard and no variable.
    #[must_use]
    pub fn as_literal(&self) -> Option<&str> {
        match self.pieces() {
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
            return Some(Cow::Borrowed(self.pieces()));
        }
        let mut out = Vec::with_capacity(self.pieces().len());
        for piece in self.pieces() {
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

/// Whether `text` holds `${`. Nearly no value holds a `$` at all, and a search for that one byte rules it
/// out for a fraction of what setting up a search for the two bytes costs on a short value.
#[must_use]
pub fn holds_variable_syntax(text: &str) -> bool {
    words::holds(text.as_bytes(), b'$') && text.contains("${")
}

/// The byte offset just after the fifth `:` of an ARN.
fn fifth_colon(text: &str) -> Option<usize> {
    text.match_indices(':').nth(4).map(|(i, _)| i + 1)
}

fn flush(lit: &mut String, pieces: &mut Pieces, fold_case: bool) {
    if !lit.is_empty() {
        pieces.push(Piece::Lit(folded(std::mem::take(lit), fold_case)));
    }
}

/// `text` as a literal piece holds it: lowercased when compared without case.
fn folded(mut text: String, fold_case: bool) -> String {
    if fold_case {
        if text.is_ascii() {
            text.make_ascii_lowercase();
        } else {
            text = text.to_lowercase();
        }
    }
    text
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

/// Where `needle` first starts in `haystack`. A scan for its first byte: for the short texts and
/// pieces of policies, cheaper than setting up the standard library's two-way searcher on every call.
/// The place is a character boundary, since a UTF-8 text never starts with a continuation byte.
fn find_literal(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let mut from = 0;
    while let Some(at) = memchr::memchr(first, haystack.get(from..)?) {
        let start = from + at;
        if haystack.get(start + 1..)?.starts_with(rest) {
            return Some(start);
        }
        from = start + 1;
    }
    None
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
            Some(Piece::Lit(s)) => match bytes
                .get(star_ti + len..)
                .and_then(|rest| find_literal(rest, s.as_bytes()))
            {
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
pub fn split_arn(pieces: &[Piece]) -> Option<ArnFields> {
    // One list for all six fields: a condition value costs one allocation here, not one per field.
    let mut out = Vec::with_capacity(pieces.len() + 5);
    let mut ends = [0; 6];
    let mut field = 0;
    for piece in pieces {
        match piece {
            Piece::Lit(s) if field < 5 => {
                let mut rest = s.as_str();
                while field < 5 {
                    match rest.split_once(':') {
                        Some((before, after)) => {
                            if !before.is_empty() {
                                out.push(Piece::Lit(before.to_owned()));
                            }
                            *ends.get_mut(field)? = out.len();
                            field += 1;
                            rest = after;
                        }
                        None => break,
                    }
                }
                if !rest.is_empty() {
                    out.push(Piece::Lit(rest.to_owned()));
                }
            }
            other => out.push(other.clone()),
        }
    }
    (field == 5).then(|| {
        ends[5] = out.len();
        ArnFields { pieces: out, ends }
    })
}

/// Whether [`split_arn`] finds six fields in `pieces`: five literal `:`, without cutting them.
#[must_use]
pub fn has_arn_fields(pieces: &[Piece]) -> bool {
    let colons = pieces.iter().map(|piece| match piece {
        Piece::Lit(s) => s.bytes().filter(|b| *b == b':').count(),
        _ => 0,
    });
    colons.sum::<usize>() >= 5
}

/// The six fields of an ARN pattern without variables, cut the first time the pattern is compared: an
/// organization's policies hold many ARN condition values that a given call never reaches.
///
/// Boxed, so that the operands a policy holds, most never compared, stay small to build and move.
#[derive(Debug, Clone, Default)]
pub struct LazyArnFields(std::sync::OnceLock<Option<Box<ArnFields>>>);

impl LazyArnFields {
    /// The fields of `template`, the pattern these belong to.
    pub fn of(&self, template: &Template) -> Option<&ArnFields> {
        self.0
            .get_or_init(|| split_arn(template.pieces()).map(Box::new))
            .as_deref()
    }
}

/// The fields follow from the pattern beside them: whether they were cut yet does not make two
/// operands differ.
impl PartialEq for LazyArnFields {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// An ARN pattern cut into its six fields (partition, service, Region, account and resource after
/// `arn`), each a run of pieces.
#[derive(Debug, Clone, PartialEq)]
pub struct ArnFields {
    pieces: Vec<Piece>,
    /// Where each field's pieces end.
    ends: [usize; 6],
}

impl ArnFields {
    /// Field `i` (0 to 5).
    fn field(&self, i: usize) -> &[Piece] {
        let start = i
            .checked_sub(1)
            .and_then(|before| self.ends.get(before))
            .copied()
            .unwrap_or(0);
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.pieces.get(start..end).unwrap_or_default()
    }
}

/// `ArnEquals` / `ArnLike` of a request ARN, given as its six fields (`syntax::arn::split`): each field
/// matched on its own, so a wildcard never crosses a `:` of the first five (IAM User Guide, ARN
/// condition operators).
#[must_use]
pub fn arn_like(pattern: &ArnFields, value: &[&str; 6]) -> bool {
    // The resource, then the account, tell most ARNs apart: a pattern that fails there costs one or
    // two fields matched, not six.
    const MOST_TELLING_FIRST: [usize; 6] = [5, 4, 2, 3, 1, 0];
    MOST_TELLING_FIRST
        .iter()
        .all(|&i| value.get(i).is_some_and(|part| glob_greedy(pattern.field(i), part)))
}

#[cfg(test)]
mod tests;
