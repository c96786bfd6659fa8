//! Workshops: a deck of slides, each loaded into the page in predict mode (the verdicts hidden, as the
//! Expectations panel's "Hide the verdicts" does), the participant's predictions per hop, the reveal and
//! the score. Reading, scoring and the Markdown exports are the core's (`crisscross_core::deck`); the
//! components `workshop` and `presenter` only render this.

use std::rc::Rc;

use crisscross_core::deck::score::{DeckScore, SlideAnswers, score};
use crisscross_core::deck::{Deck, Slide, link, markdown};
use crisscross_core::evaluate::Decision;

use super::{Notice, PlaygroundState};
use crate::model::Inputs;

/// The deck the playground ships, also served next to the page as `decks/intro.json`.
pub const SHIPPED_DECK: &str = include_str!("../../decks/intro.json");

/// What the workshop controls ask the reducer to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeckAction {
    /// Read a deck file's text; `source` says where it came from, for the notice.
    Open {
        /// The file's text.
        text: String,
        /// "decks/intro.json", "the file intro.json".
        source: String,
    },
    /// Open a deck link (`#deck.v1.d.…`).
    OpenLink(String),
    /// A deck the page was asked to open could not be read (a served file that is missing).
    Failed(String),
    /// Show a slide.
    Go(usize),
    /// Predict (or take back) the decision of a hop of the current slide.
    Predict(usize, Option<Decision>),
    /// Reveal the current slide's answer.
    Reveal,
    /// The presenter view: large type for a projector.
    SetPresenter(bool),
    /// Leave the workshop; the current slide's scenario stays.
    Close,
}

/// A deck being worked through.
#[derive(Debug, Clone, PartialEq)]
pub struct DeckSession {
    /// The deck.
    pub deck: Rc<Deck>,
    /// The slide shown.
    pub current: usize,
    /// One entry per slide.
    pub answers: Vec<SlideAnswers>,
    /// Whether the presenter view is on.
    pub presenter: bool,
    /// The deck's link fragment, or why it has none (too large).
    pub link: Result<String, String>,
}

impl DeckSession {
    fn new(deck: Deck) -> Self {
        let link = link::encode(&deck).map_err(|e| format!("{e}; {}", e.help()));
        Self {
            answers: vec![SlideAnswers::default(); deck.slides.len()],
            deck: Rc::new(deck),
            current: 0,
            presenter: false,
            link,
        }
    }

    /// The slide shown.
    #[must_use]
    pub fn slide(&self) -> Option<&Slide> {
        self.deck.slides.get(self.current)
    }

    /// What the participant did on the slide shown.
    #[must_use]
    pub fn current_answers(&self) -> SlideAnswers {
        self.answers.get(self.current).cloned().unwrap_or_default()
    }

    /// The score so far.
    #[must_use]
    pub fn score(&self) -> DeckScore {
        score(&self.deck, &self.answers)
    }

    /// The deck as a handout, answers at the end.
    #[must_use]
    pub fn handout(&self) -> String {
        markdown::handout(&self.deck)
    }

    /// The participant's answers and score.
    #[must_use]
    pub fn answers_markdown(&self) -> String {
        markdown::answers(&self.deck, &self.answers)
    }
}

impl PlaygroundState {
    pub(super) fn reduce_deck(self, action: DeckAction) -> Option<Self> {
        match action {
            DeckAction::Open { text, source } => Some(self.open_deck(Deck::from_json(&text), &source)),
            DeckAction::OpenLink(text) => Some(self.open_deck(link::decode(&text), "a link")),
            DeckAction::Failed(why) => Some(self.deck_failed(&why)),
            DeckAction::Go(index) => self.go_to_slide(index),
            DeckAction::Predict(hop, decision) => self.predict(hop, decision),
            DeckAction::Reveal => self.reveal(),
            DeckAction::SetPresenter(on) => self.set_presenter(on),
            DeckAction::Close => self.close_deck(),
        }
    }

    fn open_deck(self, read: Result<Deck, crisscross_core::Diagnostic>, source: &str) -> Self {
        match read {
            Ok(deck) => {
                let (title, slides) = (deck.title.clone(), deck.slides.len());
                let mut next = self.show_slide(DeckSession::new(deck));
                next.notice = Some(Notice::info(format!(
                    "Opened the workshop \u{201C}{title}\u{201D} ({slides} slides) from {source}. Undo brings back what was here before."
                )));
                next
            }
            Err(d) => {
                let place = match (d.line, d.column) {
                    (Some(l), Some(c)) => format!("line {l}, column {c}: "),
                    _ => String::new(),
                };
                let help = d.help.map(|h| format!(" {h}.")).unwrap_or_default();
                self.deck_failed(&format!("{place}{} ({}).{help}", d.message, d.code))
            }
        }
    }

    fn deck_failed(mut self, why: &str) -> Self {
        self.notice = Some(Notice::error(format!(
            "The workshop deck did not open, nothing was changed: {why}"
        )));
        self
    }

    /// Loads the session's current slide into the page, hiding the verdicts until it is revealed.
    fn show_slide(self, session: DeckSession) -> Self {
        let Some(slide) = session.slide() else {
            return self;
        };
        let inputs = Inputs::from_scenario(&slide.scenario);
        let revealed = session.current_answers().revealed;
        let mut next = self.replace_all(inputs, None);
        next.bench.predict = !revealed;
        next.deck = Some(Rc::new(session));
        next
    }

    fn session(&self) -> Option<DeckSession> {
        self.deck.as_deref().cloned()
    }

    fn go_to_slide(self, index: usize) -> Option<Self> {
        let mut session = self.session()?;
        if index >= session.deck.slides.len() || index == session.current {
            return None;
        }
        session.current = index;
        Some(self.show_slide(session))
    }

    fn predict(mut self, hop: usize, decision: Option<Decision>) -> Option<Self> {
        let mut session = self.session()?;
        let current = session.current;
        let answers = session.answers.get_mut(current)?;
        if answers.revealed || hop >= session.deck.slides.get(current)?.expected().len() {
            return None;
        }
        answers.predict(hop, decision);
        self.deck = Some(Rc::new(session));
        Some(self)
    }

    fn reveal(mut self) -> Option<Self> {
        let mut session = self.session()?;
        let current = session.current;
        session.answers.get_mut(current)?.revealed = true;
        self.deck = Some(Rc::new(session));
        self.bench.predict = false;
        Some(self)
    }

    fn set_presenter(mut self, on: bool) -> Option<Self> {
        let mut session = self.session()?;
        if session.presenter == on {
            return None;
        }
        session.presenter = on;
        self.deck = Some(Rc::new(session));
        Some(self)
    }

    fn close_deck(mut self) -> Option<Self> {
        self.deck.take()?;
        self.bench.predict = false;
        Some(self)
    }
}
