//! `crisscross deck`: check a workshop deck before the workshop, print it as a handout or as a link.

use std::path::Path;
use std::process::ExitCode;

use crisscross_core::deck::{Deck, link, markdown};
use crisscross_core::expect;
use crisscross_core::route::catalog::Catalog;

/// What to print besides the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Output {
    /// Only the check, one line per slide.
    Check,
    /// The handout in Markdown, answers at the end.
    Handout,
    /// The deck's link.
    Link,
}

impl Output {
    /// The output the `--handout` and `--link` flags ask for.
    pub(crate) fn of(handout: bool, link: bool) -> Self {
        match (handout, link) {
            (true, _) => Self::Handout,
            (_, true) => Self::Link,
            _ => Self::Check,
        }
    }
}

/// Reads a deck and checks that every slide's answer is what crisscross decides today: a deck whose
/// answer key is wrong teaches the wrong thing. Exits 2 when the deck does not read, 1 on a wrong answer.
pub(crate) fn deck(file: &Path, output: Output, base: Option<&str>) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{}: cannot read: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let deck = match Deck::from_json(&text) {
        Ok(deck) => deck,
        Err(d) => {
            eprintln!("{}: {d}", file.display());
            return ExitCode::from(2);
        }
    };
    let mut wrong = 0;
    for (i, slide) in deck.slides.iter().enumerate() {
        let problems = expect::check(&slide.scenario, Catalog::builtin());
        let status = if problems.is_empty() { "ok" } else { "FAIL" };
        eprintln!("slide {} ({}): {status}", i + 1, slide.title);
        for p in &problems {
            eprintln!("  {p}");
        }
        wrong += usize::from(!problems.is_empty());
    }
    match output {
        Output::Check => {}
        Output::Handout => print!("{}", markdown::handout(&deck)),
        Output::Link => match link::encode(&deck) {
            Ok(fragment) => println!(
                "{}{fragment}",
                super::share::base_url(base).split('#').next().unwrap_or_default()
            ),
            Err(e) => {
                eprintln!("{}: {}", file.display(), e.to_diagnostic());
                return ExitCode::from(2);
            }
        },
    }
    if wrong > 0 {
        eprintln!(
            "{wrong} of {} slides have an answer crisscross does not give",
            deck.slides.len()
        );
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
