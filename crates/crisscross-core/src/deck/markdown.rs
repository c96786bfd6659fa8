//! A deck as Markdown: the trainer's handout (every slide, then the answers), and a participant's
//! answers with their score. The output is CommonMark with GitHub's tables: text from the deck is
//! escaped, code spans and fences hold policy text and ARNs exactly (Markdown processes no escapes
//! inside them), and links are autolinks so they stay clickable.

use std::fmt::Write as _;

use super::score::{SlideAnswers, score};
use super::{Deck, Slide, decision_words, hop_label};
use crate::export::markdown::{code, fence_for};
use crate::scenario::Scenario;

/// The handout: each slide's question, call and policies with an empty prediction table, then the
/// answers, so the key can be cut off before printing.
#[must_use]
pub fn handout(deck: &Deck) -> String {
    let mut out = format!("# {}\n\n", text(&deck.title));
    if let Some(description) = &deck.description {
        let _ = write!(out, "{}\n\n", text(description));
    }
    for (i, slide) in deck.slides.iter().enumerate() {
        slide_head(&mut out, i, slide);
        call(&mut out, &slide.scenario);
        policies(&mut out, &slide.scenario);
        out.push_str("Predict each check:\n\n| Check | Your prediction |\n| --- | --- |\n");
        for (n, hop) in slide.expected().iter().enumerate() {
            let _ = writeln!(out, "| {} |  |", text(&hop_label(n, hop)));
        }
        out.push('\n');
    }
    out.push_str("## Answers\n\n");
    for (i, slide) in deck.slides.iter().enumerate() {
        let _ = write!(
            out,
            "### {}. {}\n\n| Check | Answer |\n| --- | --- |\n",
            i + 1,
            text(&slide.title)
        );
        for (n, hop) in slide.expected().iter().enumerate() {
            let answer = hop.decision.map_or("", decision_words);
            let _ = writeln!(out, "| {} | {answer} |", text(&hop_label(n, hop)));
        }
        out.push('\n');
        if let Some(explanation) = &slide.explanation {
            let _ = write!(out, "{}\n\n", text(explanation));
        }
    }
    footer(&mut out);
    out
}

/// A participant's answers: the score, then each slide's predictions next to the answers revealed.
#[must_use]
pub fn answers(deck: &Deck, answers: &[SlideAnswers]) -> String {
    let scored = score(deck, answers);
    let mut out = format!("# {}: my answers\n\n", text(&deck.title));
    let _ = write!(
        out,
        "Score: **{} of {}** predictions right, on {} of {} slides revealed.\n\n",
        scored.right(),
        scored.scored(),
        scored.revealed_slides(),
        deck.slides.len()
    );
    for ((i, slide), result) in deck.slides.iter().enumerate().zip(&scored.slides) {
        slide_head(&mut out, i, slide);
        if result.revealed {
            let _ = write!(
                out,
                "{} of {} right.\n\n| Check | My prediction | Answer | Result |\n| --- | --- | --- | --- |\n",
                result.right(),
                result.hops.len()
            );
        } else {
            out.push_str("The answer was not revealed.\n\n| Check | My prediction |\n| --- | --- |\n");
        }
        for hop in &result.hops {
            let predicted = hop.predicted.map_or("(none)", decision_words);
            if result.revealed {
                let verdict = if hop.right() {
                    "\u{2713} right"
                } else {
                    "\u{2715} wrong"
                };
                let _ = writeln!(
                    out,
                    "| {} | {predicted} | {} | {verdict} |",
                    text(&hop.label),
                    decision_words(hop.expected)
                );
            } else {
                let _ = writeln!(out, "| {} | {predicted} |", text(&hop.label));
            }
        }
        out.push('\n');
    }
    footer(&mut out);
    out
}

fn slide_head(out: &mut String, index: usize, slide: &Slide) {
    let _ = write!(
        out,
        "## {}. {}\n\n{}\n\n",
        index + 1,
        text(&slide.title),
        text(&slide.question)
    );
}

/// Who calls what, from where.
fn call(out: &mut String, scenario: &Scenario) {
    let _ = writeln!(out, "- Caller: {}", code(&scenario.principal));
    let request = &scenario.request;
    match (&request.profile, &request.source_region) {
        (Some(profile), Some(region)) => {
            let api = request.api.as_deref().unwrap_or("InvokeModel");
            let _ = writeln!(
                out,
                "- Call: {} with {} from {}",
                code(api),
                code(profile),
                code(region)
            );
        }
        _ => {
            let field = |v: &Option<String>| code(v.as_deref().unwrap_or(""));
            let _ = writeln!(
                out,
                "- Request: {} on {} in {}",
                field(&request.action),
                field(&request.resource),
                field(&request.region)
            );
        }
    }
    out.push('\n');
}

/// Every policy, named, with its text in a fence.
fn policies(out: &mut String, scenario: &Scenario) {
    for (at, policy) in scenario.policy_refs() {
        let target = at
            .level()
            .and_then(|level| scenario.level_target(level))
            .map(|t| format!(" at {}", code(t)))
            .unwrap_or_default();
        let body = policy.document.text();
        let fence = fence_for(body);
        let kind = at.layer().label();
        let mut chars = kind.chars();
        let kind: String = chars
            .next()
            .map(|c| c.to_ascii_uppercase())
            .into_iter()
            .chain(chars)
            .collect();
        let _ = write!(
            out,
            "{kind} {}{target}:\n\n{fence}json\n{}\n{fence}\n\n",
            code(&policy.name),
            body.trim_end()
        );
    }
}

fn footer(out: &mut String) {
    let _ = writeln!(out, "---\n\nMade with crisscross {}.", env!("CARGO_PKG_VERSION"));
}

/// Deck text in running Markdown or in a table cell (where a `|` would end the cell): words that are
/// `https://` addresses become autolinks (inside which Markdown reads no escapes), and everything else
/// has the characters that would start markup escaped.
fn text(value: &str) -> String {
    value
        .split(' ')
        .map(|word| {
            let trimmed = word.trim_end_matches(['.', ',', ';', ')']);
            if trimmed.starts_with("https://") && !trimmed.contains(['<', '>']) {
                format!(
                    "<{trimmed}>{}",
                    escape(word.get(trimmed.len()..).unwrap_or_default(), false)
                )
            } else {
                escape(word, true)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['\r', '\n'], " ")
}

/// Escapes markup characters; at the start of the text, also what would start a heading, list or quote.
fn escape(word: &str, may_start: bool) -> String {
    let mut out = String::with_capacity(word.len());
    let mut digits = true;
    for (i, c) in word.chars().enumerate() {
        // "1." or "1)" would start an ordered list.
        let ends_number = digits && i > 0 && matches!(c, '.' | ')');
        digits = digits && c.is_ascii_digit();
        let starts_block = may_start && ((i == 0 && matches!(c, '#' | '-' | '+' | '>' | '=')) || ends_number);
        if starts_block
            || matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '!'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
