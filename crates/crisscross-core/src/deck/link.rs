//! A whole deck in a link, for decks small enough to paste into a chat: `BASE#deck.v1.d.PAYLOAD`, the
//! share-link encoding (`docs/share-links.md`) of the envelope `{"crisscross":…,"deck":…,"check":…}`.
//! The `deck.` prefix keeps a deck link from ever opening as a scenario link, and the other way round.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::Deck;
use crate::diagnostic::Diagnostic;
use crate::share::{self, CODEC, FORMAT, ShareError};

/// What starts a deck link's fragment.
pub const PREFIX: &str = "deck.";
/// Longest deck link written: what a GitHub issue or comment holds (65,536 characters). A larger deck
/// is shared as its file, served next to the page or opened from disk.
pub const MAX_LINK_CHARS: usize = 65_536;

/// The envelope as read; the deck stays raw so that it is read with the deck's own diagnostics.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<'a> {
    crisscross: String,
    #[serde(borrow)]
    deck: &'a RawValue,
    check: String,
}

/// True when `text` is, or ends in, a deck link's fragment.
#[must_use]
pub fn is_deck_link(text: &str) -> bool {
    fragment(text).starts_with(PREFIX)
}

fn fragment(text: &str) -> &str {
    let text = text.trim();
    text.split_once('#').map_or(text, |(_, f)| f)
}

/// Writes the link fragment of a deck (`#deck.v1.d.…`).
///
/// # Errors
/// [`ShareError::TooLarge`] when the link would be longer than [`MAX_LINK_CHARS`].
pub fn encode(deck: &Deck) -> Result<String, ShareError> {
    let body = format!(
        r#"{{"crisscross":{},"deck":{}"#,
        share::json_string(env!("CARGO_PKG_VERSION")),
        deck.to_json()
    );
    let check = share::short_hash(&body);
    let envelope = format!(r#"{body},"check":"{check}"}}"#);
    let fragment = format!("#{PREFIX}{FORMAT}.{CODEC}.{}", share::pack(&envelope, "the deck")?);
    if fragment.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLarge {
            what: format!("the deck's link would have {} characters", fragment.len()),
            limit: MAX_LINK_CHARS,
        });
    }
    Ok(fragment)
}

/// Reads a deck link: a full URL or its fragment.
///
/// # Errors
/// The link's problem (cut, damaged, another format) as a `link-*` diagnostic, or the deck's own
/// diagnostic when the link is intact but its deck does not read.
pub fn decode(link: &str) -> Result<Deck, Diagnostic> {
    let rest = fragment(link)
        .strip_prefix(PREFIX)
        .ok_or(ShareError::NotALink)
        .map_err(|e| e.to_diagnostic())?;
    let text = share::unpack(share::payload_of(rest).map_err(|e| e.to_diagnostic())?).map_err(|e| e.to_diagnostic())?;
    let envelope: Envelope<'_> = serde_json::from_str(&text).map_err(|e| {
        let error = if e.is_eof() {
            ShareError::Truncated
        } else {
            ShareError::Corrupted(format!("its data is not a crisscross deck envelope ({e})"))
        };
        error.to_diagnostic()
    })?;
    share::verify(&text, &envelope.check).map_err(|e| e.to_diagnostic())?;
    Deck::from_json(envelope.deck.get()).map_err(|mut d| {
        if envelope.crisscross != env!("CARGO_PKG_VERSION") {
            let help = d.help.take().unwrap_or_default();
            d.help = Some(format!(
                "{help}; the link was made by crisscross {} and this is {}",
                envelope.crisscross,
                env!("CARGO_PKG_VERSION")
            ));
        }
        d
    })
}
