//! Workshops: a deck of slides, each loaded into the page in predict mode (the verdicts hidden, as the
//! Expectations panel's "Hide the verdicts" does), the participant's predictions per hop, the reveal and
//! the score. Reading, scoring and the Markdown exports are the core's (`crisscross_core::deck`); the
//! components `workshop` and `presenter` only render this.

use std::rc::Rc;

use crisscross_core::deck::score::{DeckScore, SlideAnswers, score};
use crisscross_core::deck::{Deck, Slide, link, markdown};
use crisscross_core::evaluate::Decision;
use serde::{Deserialize, Serialize};

use super::{Notice, PlaygroundState};
use crate::model::Inputs;

/// The deck the playground ships, also served next to the page as `decks/intro.json`.
pub const SHIPPED_DECK: &str = include_str!("../../decks/intro.json");

/// What the workshop controls ask the reducer to do.
#[derive(Debug, Clone, PartialEq)]
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
    /// Take up a deck's progress kept from before a reload: the same deck opened again, or none open.
    Resume(Box<Progress>),
}

/// A deck's progress, as the tab keeps it across a reload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// The deck.
    pub deck: Deck,
    /// One entry per slide.
    pub answers: Vec<SlideAnswers>,
    /// The slide shown.
    pub current: usize,
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

    /// What to keep for a reload.
    #[must_use]
    pub fn progress(&self) -> Progress {
        Progress {
            deck: (*self.deck).clone(),
            answers: self.answers.clone(),
            current: self.current,
        }
    }

    /// Takes up kept progress, made whole if it does not fit the deck.
    fn resume(&mut self, progress: Progress) {
        self.answers = progress.answers;
        self.answers.resize(self.deck.slides.len(), SlideAnswers::default());
        self.current = progress.current.min(self.deck.slides.len().saturating_sub(1));
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
            DeckAction::Resume(progress) => self.resume_deck(*progress),
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
                let help = d
                    .help
                    .map(|h| format!(" {}.", crisscross_core::diagnostic::sentence(&h)))
                    .unwrap_or_default();
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

    /// With the same deck open (it was opened again from `?deck=` or its link), goes back to where the
    /// participant was; with none open, takes up the deck over the inputs the page kept, which are the
    /// slide's as the participant left it. Another deck open wins.
    fn resume_deck(mut self, progress: Progress) -> Option<Self> {
        let revealed = progress.answers.iter().filter(|a| a.revealed).count();
        let mut session = match self.deck.as_deref() {
            Some(open) if open.deck.to_json() == progress.deck.to_json() => open.clone(),
            Some(_) => return None,
            None => DeckSession::new(progress.deck.clone()),
        };
        let reopened = self.deck.is_some();
        session.resume(progress);
        let place = format!("slide {}, {revealed} revealed", session.current + 1);
        let mut next = if reopened {
            self.show_slide(session)
        } else {
            self.bench.predict = !session.current_answers().revealed;
            self.deck = Some(Rc::new(session));
            self
        };
        next.notice = Some(Notice::info(format!(
            "The workshop goes on where you left it: {place}."
        )));
        Some(next)
    }

    fn close_deck(mut self) -> Option<Self> {
        self.deck.take()?;
        self.bench.predict = false;
        Some(self)
    }
}
