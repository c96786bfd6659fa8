//! When one action or resource pattern matches everything another matches: the proof behind folding
//! actions and behind merges that add no access.

use crate::policy::pattern::{Piece, Template};

pub(super) fn covered_by_any(list: &[Template], entry: &Template) -> bool {
    list.iter().any(|p| covers(p.pieces(), entry.pieces()))
}

/// Entries of an action list that another kept entry covers, each with the entry covering it. Of two
/// equivalent entries the first is kept.
pub(super) fn covered_entries(patterns: &[Template]) -> Vec<(usize, usize)> {
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    for (i, entry) in patterns.iter().enumerate() {
        let by = patterns.iter().enumerate().find(|&(j, other)| {
            j != i
                && !dropped.iter().any(|&(d, _)| d == j)
                && covers(other.pieces(), entry.pieces())
                && (j < i || !covers(entry.pieces(), other.pieces()))
        });
        if let Some((j, _)) = by {
            dropped.push((i, j));
        }
    }
    dropped
}

/// One element of a pattern, for comparing patterns.
#[derive(Clone, Copy, PartialEq)]
enum Token<'p> {
    Char(char),
    /// `?`; `colon` when it may stand for `:`.
    One {
        colon: bool,
    },
    /// `*`; `colon` when it may run past `:`.
    Star {
        colon: bool,
    },
    Var(&'p crate::policy::pattern::Variable),
}

fn tokens(pieces: &[Piece]) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Lit(s) => out.extend(s.chars().map(Token::Char)),
            Piece::One { colon } => out.push(Token::One { colon: *colon }),
            Piece::Star { colon } => out.push(Token::Star { colon: *colon }),
            Piece::Var(v) => out.push(Token::Var(v)),
        }
    }
    out
}

/// True when every text `narrow` can match, `wide` matches too. Sound, not complete: it may miss a
/// cover in exotic cases, but never claims one that does not hold. A `*` of `wide` may stand for any
/// run of `narrow`'s elements it could match; `narrow`'s own wildcards and variables must be matched
/// by wildcards at least as broad.
pub(super) fn covers(wide: &[Piece], narrow: &[Piece]) -> bool {
    // Every text either pattern matches starts with its leading literal. Where the two literals differ
    // within their common length, no text matches both: most pairs of a list (`s3:*` and `ec2:*`) end
    // here, without the table below.
    if let (Some(Piece::Lit(w)), Some(Piece::Lit(n))) = (wide.first(), narrow.first()) {
        let common = w.len().min(n.len());
        if w.as_bytes().get(..common) != n.as_bytes().get(..common) {
            return false;
        }
    }
    covers_by_table(wide, narrow)
}

/// [`covers`] without the shortcut, by dynamic programming over both patterns.
fn covers_by_table(wide: &[Piece], narrow: &[Piece]) -> bool {
    let (wide, narrow) = (tokens(wide), tokens(narrow));
    let width = narrow.len() + 1;
    // covered[i * width + j]: wide[i..] covers narrow[j..].
    let mut covered = vec![false; (wide.len() + 1) * width];
    let at = |table: &[bool], i: usize, j: usize| table.get(i * width + j).copied().unwrap_or(false);
    if let Some(end) = covered.last_mut() {
        *end = true;
    }
    for i in (0..wide.len()).rev() {
        for j in (0..width).rev() {
            let next = narrow.get(j).copied();
            let value = match wide.get(i) {
                Some(Token::Star { colon }) => {
                    at(&covered, i + 1, j) || next.is_some_and(|t| star_absorbs(*colon, t) && at(&covered, i, j + 1))
                }
                Some(Token::One { colon }) => {
                    next.is_some_and(|t| one_absorbs(*colon, t) && at(&covered, i + 1, j + 1))
                }
                Some(token) => next == Some(*token) && at(&covered, i + 1, j + 1),
                None => false,
            };
            if let Some(cell) = covered.get_mut(i * width + j) {
                *cell = value;
            }
        }
    }
    at(&covered, 0, 0)
}

fn star_absorbs(colon: bool, token: Token<'_>) -> bool {
    match token {
        Token::Char(c) => colon || c != ':',
        Token::One { colon: may } | Token::Star { colon: may } => colon || !may,
        Token::Var(_) => colon,
    }
}

fn one_absorbs(colon: bool, token: Token<'_>) -> bool {
    match token {
        Token::Char(c) => colon || c != ':',
        Token::One { colon: may } => colon || !may,
        Token::Star { .. } | Token::Var(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<Piece> {
        crate::policy::pattern::Template::new(
            text,
            crate::policy::pattern::Syntax {
                glob: true,
                variables: false,
                fold_case: true,
            },
        )
        .pieces()
        .to_vec()
    }

    #[test]
    fn wildcard_cover_is_sound() {
        let covers_text = |wide: &str, narrow: &str| covers(&pieces(wide), &pieces(narrow));
        assert!(covers_text("s3:get*", "s3:getobject"));
        assert!(covers_text("*", "s3:get*"));
        assert!(covers_text("s3:get*", "s3:get*object"));
        assert!(covers_text("s3:get?bject", "s3:getobject"));
        assert!(covers_text("s3:*object", "s3:get*object"));
        assert!(!covers_text("s3:getobject", "s3:get*"));
        assert!(!covers_text("s3:get?", "s3:get*"));
        assert!(!covers_text("s3:*b", "s3:a*"));
        assert!(!covers_text("s3:put*", "s3:getobject"));
        assert!(!covers_text("s3:get*", "s4:get*"));
        assert!(covers_text("s3:*", "s3:getobject"));
        assert!(covers_text("s3:get*", "s3:getobject*"));
        assert!(!covers_text("s3:getobject", "s3:get"));
    }

    #[test]
    fn the_literal_shortcut_answers_as_the_table_does() {
        let mut patterns = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = patterns
                .iter()
                .flat_map(|p| ["a", "b", ":", "*", "?"].map(|c| format!("{p}{c}")))
                .collect();
            patterns.extend(longer);
        }
        patterns.sort();
        patterns.dedup();
        for wide in &patterns {
            for narrow in &patterns {
                let (w, n) = (pieces(wide), pieces(narrow));
                assert_eq!(covers(&w, &n), covers_by_table(&w, &n), "{wide} over {narrow}");
            }
        }
    }

    #[test]
    fn restricted_wildcards_do_not_cover_colons() {
        let arn = |text: &str| Template::arn_resource(text, true).pieces().to_vec();
        // In the first five ARN fields a `*` not at the end of its field cannot run past `:`.
        assert!(covers(&arn("arn:aws:s3:::*"), &arn("arn:aws:s3:::a/*")));
        assert!(!covers(&arn("arn:aws:*x:::b"), &arn("arn:aws:s3:x:::b")));
    }
}
