//! A participant's predictions against a deck's hidden answers.

use serde::{Deserialize, Serialize};

use super::{Deck, Slide, hop_label};
use crate::evaluate::Decision;

/// What a participant did on one slide; the page keeps it across a reload.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlideAnswers {
    /// One prediction per expected hop, `None` where nothing was picked.
    pub predictions: Vec<Option<Decision>>,
    /// Whether the answer was revealed; only revealed slides count in the score, so nobody scores by
    /// changing predictions after seeing the answer of a slide they had not finished.
    pub revealed: bool,
}

impl SlideAnswers {
    /// The prediction for hop `hop`.
    #[must_use]
    pub fn prediction(&self, hop: usize) -> Option<Decision> {
        self.predictions.get(hop).copied().flatten()
    }

    /// Sets the prediction for hop `hop`, growing the list as needed.
    pub fn predict(&mut self, hop: usize, decision: Option<Decision>) {
        if self.predictions.len() <= hop {
            self.predictions.resize(hop + 1, None);
        }
        if let Some(slot) = self.predictions.get_mut(hop) {
            *slot = decision;
        }
    }
}

/// One hop: the answer and the prediction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HopScore {
    /// "Hop 3: model in destination in us-east-2".
    pub label: String,
    /// The deck's answer.
    pub expected: Decision,
    /// The participant's prediction.
    pub predicted: Option<Decision>,
}

impl HopScore {
    /// True when the prediction is the answer.
    #[must_use]
    pub fn right(&self) -> bool {
        self.predicted == Some(self.expected)
    }
}

/// One slide's hops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlideScore {
    /// Every expected hop, in order.
    pub hops: Vec<HopScore>,
    /// Whether the answer was revealed.
    pub revealed: bool,
}

impl SlideScore {
    /// Right predictions.
    #[must_use]
    pub fn right(&self) -> usize {
        self.hops.iter().filter(|h| h.right()).count()
    }
}

/// The whole deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckScore {
    /// One per slide.
    pub slides: Vec<SlideScore>,
}

impl DeckScore {
    /// Right predictions on revealed slides.
    #[must_use]
    pub fn right(&self) -> usize {
        self.revealed().map(SlideScore::right).sum()
    }

    /// Hops of revealed slides: what [`Self::right`] is out of.
    #[must_use]
    pub fn scored(&self) -> usize {
        self.revealed().map(|s| s.hops.len()).sum()
    }

    /// Hops in the whole deck.
    #[must_use]
    pub fn hops(&self) -> usize {
        self.slides.iter().map(|s| s.hops.len()).sum()
    }

    /// Revealed slides.
    #[must_use]
    pub fn revealed_slides(&self) -> usize {
        self.revealed().count()
    }

    fn revealed(&self) -> impl Iterator<Item = &SlideScore> {
        self.slides.iter().filter(|s| s.revealed)
    }
}

/// Scores one slide.
#[must_use]
pub fn score_slide(slide: &Slide, answers: &SlideAnswers) -> SlideScore {
    let hops = slide
        .expected()
        .iter()
        .enumerate()
        .filter_map(|(i, hop)| {
            Some(HopScore {
                label: hop_label(i, hop),
                expected: hop.decision?,
                predicted: answers.prediction(i),
            })
        })
        .collect();
    SlideScore {
        hops,
        revealed: answers.revealed,
    }
}

/// Scores the deck; `answers` has one entry per slide (missing ones count as not answered).
#[must_use]
pub fn score(deck: &Deck, answers: &[SlideAnswers]) -> DeckScore {
    let none = SlideAnswers::default();
    DeckScore {
        slides: deck
            .slides
            .iter()
            .enumerate()
            .map(|(i, slide)| score_slide(slide, answers.get(i).unwrap_or(&none)))
            .collect(),
    }
}
