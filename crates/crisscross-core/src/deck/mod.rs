//! Workshop decks: an ordered list of slides, each a question about one scenario whose `expect` block
//! holds the hidden answer. Participants predict every hop, reveal, and are scored. The format is
//! specified in `docs/deck-format.md`.

use serde::{Deserialize, Serialize};

pub mod link;
pub mod markdown;
pub mod score;

use crate::diagnostic::{Code, Diagnostic};
use crate::evaluate::Decision;
use crate::route::hop::HopKind;
use crate::scenario::{self, ExpectHop, Scenario};
use crate::syntax::json::{self, Node, Value};

/// The deck format this build reads and writes.
pub const FORMAT: &str = "crisscross-deck/1";
/// What every deck format starts with; the number after it is the version.
const FORMAT_PREFIX: &str = "crisscross-deck/";

/// A whole deck.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Deck {
    /// Always [`FORMAT`].
    pub format: String,
    /// The workshop's title.
    pub title: String,
    /// What the workshop is about, shown before the first slide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The slides, in the order they are presented.
    pub slides: Vec<Slide>,
}

/// One exercise: a question about a scenario, answered by the scenario's expected hop verdicts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Slide {
    /// A short title.
    pub title: String,
    /// What participants are asked.
    pub question: String,
    /// Shown once the answer is revealed: why the hops decide as they do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// The scenario, with `expect.hops` giving the decision of every hop.
    pub scenario: Scenario,
}

impl Slide {
    /// The expected hops: the hidden answer. Every one has a kind, a Region and a decision once the
    /// deck has been read by [`Deck::from_json`].
    #[must_use]
    pub fn expected(&self) -> &[ExpectHop] {
        self.scenario
            .expect
            .as_ref()
            .and_then(|e| e.hops.as_deref())
            .unwrap_or_default()
    }
}

/// How people read an expected hop: "Hop 3: model in destination in us-east-2".
#[must_use]
pub fn hop_label(index: usize, hop: &ExpectHop) -> String {
    let kind = hop
        .kind
        .as_deref()
        .map(|k| HopKind::parse(k).map_or(k, |kind| kind.short_name()))
        .unwrap_or("check");
    let region = hop.region.as_deref().unwrap_or("?");
    format!("Hop {}: {kind} in {region}", index + 1)
}

/// A decision as the page and the exports write it.
#[must_use]
pub fn decision_words(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "Allow",
        Decision::ExplicitDeny => "Explicit deny",
        Decision::ImplicitDeny => "Implicit deny",
    }
}

impl Deck {
    /// Reads a deck from JSON text.
    ///
    /// # Errors
    /// A diagnostic with the line and column of the problem: bad JSON, a missing or unknown field, a
    /// format this build does not read, or a slide without a complete answer.
    pub fn from_json(text: &str) -> Result<Self, Diagnostic> {
        // The format is checked first, on the located tree, so a newer deck is reported as newer rather
        // than as a deck with unknown fields.
        let (root, _) = json::parse(text);
        if let Some(root) = &root {
            check_format(text, root)?;
        }
        let deck: Self = serde_json::from_str(text).map_err(|e| serde_diagnostic(&e))?;
        if deck.slides.is_empty() {
            return Err(Diagnostic::error(Code::DeckField, "the deck has no slides")
                .with_help("add at least one slide to `slides`; see docs/deck-format.md"));
        }
        for (index, slide) in deck.slides.iter().enumerate() {
            let node = root.as_ref().and_then(|r| slide_scenario(r, index));
            check_slide(text, node, index, slide)?;
        }
        Ok(deck)
    }

    /// Pretty JSON, as a trainer keeps the file.
    #[must_use]
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Compact JSON, for links.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn check_format(text: &str, root: &Node) -> Result<(), Diagnostic> {
    let Some(format) = root.get("format") else {
        if root.as_object().is_none() {
            // serde names the wrong type with its place.
            return Ok(());
        }
        let scenario = root.get("version").is_some() && root.get("request").is_some();
        let (message, help) = if scenario {
            (
                "this is a scenario file, not a deck",
                "open it in the Scenario panel, or put it in a deck's `slides` (see docs/deck-format.md)",
            )
        } else {
            (
                "the deck has no `format`",
                "a deck starts with \"format\": \"crisscross-deck/1\"; see docs/deck-format.md",
            )
        };
        return Err(Diagnostic::error(Code::DeckFormat, message)
            .with_help(help)
            .at(text, root.span));
    };
    let value = &format.value;
    let found = match &value.value {
        Value::String(s) if s == FORMAT => return Ok(()),
        Value::String(s) => s,
        _ => {
            return Err(Diagnostic::error(
                Code::DeckFormat,
                format!("`format` is {}, not a string", value.type_name()),
            )
            .with_help("write \"format\": \"crisscross-deck/1\"")
            .at(text, value.span));
        }
    };
    let version = found.strip_prefix(FORMAT_PREFIX).and_then(|n| n.parse::<u32>().ok());
    let (message, help) = match version {
        Some(n) if n > 1 => (
            format!("the deck is in format `{found}`, newer than this build of crisscross reads (`{FORMAT}`)"),
            "open it in the current playground, or ask its author for a `crisscross-deck/1` copy".to_owned(),
        ),
        _ => (
            format!("unknown deck format `{found}`"),
            format!("this build of crisscross reads decks in format `{FORMAT}`; see docs/deck-format.md"),
        ),
    };
    Err(Diagnostic::error(Code::DeckFormat, message)
        .with_help(help)
        .at(text, value.span))
}

/// A serde error as a diagnostic with its line and column (serde_json's message without its location).
fn serde_diagnostic(e: &serde_json::Error) -> Diagnostic {
    let code = if e.is_syntax() || e.is_eof() {
        Code::DeckSyntax
    } else {
        Code::DeckField
    };
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
    let mut d = Diagnostic::error(code, message).with_help(if code == Code::DeckSyntax {
        "a deck is one JSON object; see docs/deck-format.md"
    } else {
        "see docs/deck-format.md for the fields of a deck and its slides"
    });
    d.line = Some(u32::try_from(e.line()).unwrap_or(u32::MAX));
    d.column = Some(u32::try_from(e.column().max(1)).unwrap_or(u32::MAX));
    d
}

/// The located `scenario` object of slide `index`.
fn slide_scenario<'a>(root: &'a Node<'a>, index: usize) -> Option<&'a Node<'a>> {
    let Value::Array(slides) = &root.get("slides")?.value.value else {
        return None;
    };
    Some(&slides.get(index)?.get("scenario")?.value)
}

/// A slide is an exercise only when its scenario is one this build reads and its answer names every hop.
fn check_slide(text: &str, node: Option<&Node>, index: usize, slide: &Slide) -> Result<(), Diagnostic> {
    let place = |key: &str| {
        node.and_then(|n| n.get(key))
            .map(|m| m.value.span)
            .or(node.map(|n| n.span))
    };
    let fail = |key: &str, message: String, help: &str| {
        let d = Diagnostic::error(Code::DeckSlide, message).with_help(help.to_owned());
        match place(key) {
            Some(span) => d.at(text, span),
            None => d,
        }
    };
    let number = index + 1;
    if slide.scenario.version != scenario::VERSION {
        return Err(fail(
            "version",
            format!(
                "slide {number}: unsupported scenario version {}",
                slide.scenario.version
            ),
            "this build of crisscross reads scenarios of version 1; write \"version\": 1",
        ));
    }
    let expected = slide.expected();
    if expected.is_empty() {
        return Err(fail(
            "expect",
            format!("slide {number}: the scenario has no `expect.hops`, so there is nothing to predict"),
            "give every hop's kind, region and decision in `expect.hops`; the playground's \"Record the current verdicts as expectations\" writes them",
        ));
    }
    if let Some((hop, _)) = expected
        .iter()
        .enumerate()
        .find(|(_, h)| h.kind.is_none() || h.region.is_none() || h.decision.is_none())
    {
        return Err(fail(
            "expect",
            format!(
                "slide {number}: hop {} of `expect.hops` lacks its kind, region or decision",
                hop + 1
            ),
            "participants predict each hop by its kind and Region; give all three",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
