//! The workshop panel: open a deck (the shipped one, a file, or a link), then for each slide the
//! question, a prediction per hop, the reveal, the score and the exports.

use std::cell::RefCell;
use std::rc::Rc;

use crisscross_core::deck::score::SlideScore;
use crisscross_core::deck::{decision_words, hop_label};
use crisscross_core::evaluate::Decision;
use gloo::file::callbacks::FileReader;
use yew::prelude::*;

use super::{decision_look, focus_by_id, select_value, send};
use crate::hooks::{Dispatch, use_dispatch};
use crate::state::{Action, DeckAction, DeckSession, SHIPPED_DECK};

/// The three answers a participant picks from.
const CHOICES: [Decision; 3] = [Decision::Allow, Decision::ExplicitDeny, Decision::ImplicitDeny];

/// Props of [`WorkshopPanel`].
#[derive(Properties, PartialEq)]
pub struct WorkshopProps {
    /// The deck being worked through.
    pub session: Option<Rc<DeckSession>>,
    /// The page's address, the base of the deck link.
    pub base_url: Rc<str>,
}

fn deck(dispatch: &Dispatch, action: DeckAction) -> Callback<MouseEvent> {
    send(dispatch, move |_: MouseEvent| Action::Deck(action.clone()))
}

/// Reveals the slide's answer, moving the keyboard focus to where it shows (the button goes away).
pub fn reveal(dispatch: &Dispatch, answer_id: &'static str) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_: MouseEvent| {
        dispatch.dispatch(Action::Deck(DeckAction::Reveal));
        focus_by_id(answer_id);
    })
}

/// A download link for Markdown text.
pub fn markdown_download(id: &str, file: &str, label: &str, markdown: &str) -> Html {
    let href = format!(
        "data:text/markdown;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(markdown))
    );
    html! { <a class="button" id={id.to_owned()} download={file.to_owned()} {href}>{label.to_owned()}</a> }
}

/// Deck text with its `https://` addresses as links (text nodes and anchors: nothing is parsed as HTML).
pub fn linked(text: &str) -> Html {
    text.split(' ')
        .enumerate()
        .map(|(i, word)| {
            let space = if i == 0 { "" } else { " " };
            let address = word.trim_end_matches(['.', ',', ';', ')']);
            if address.starts_with("https://") {
                let rest = word.get(address.len()..).unwrap_or_default().to_owned();
                html! { <>{space}<a href={address.to_owned()} target="_blank" rel="noopener noreferrer">{address.to_owned()}</a>{rest}</> }
            } else {
                html! { <>{space}{word.to_owned()}</> }
            }
        })
        .collect()
}

/// The workshop panel.
#[component]
pub fn WorkshopPanel(props: &WorkshopProps) -> Html {
    match &props.session {
        Some(session) => html! { <DeckView session={Rc::clone(session)} base_url={Rc::clone(&props.base_url)} /> },
        None => html! { <OpenDeck /> },
    }
}

/// How to open a deck, while none is open.
#[component]
fn OpenDeck() -> Html {
    let dispatch = use_dispatch();
    // The reader must live until it calls back.
    let reader = use_mut_ref(|| None::<FileReader>);
    let on_file = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            use wasm_bindgen::JsCast;
            let Some(file) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0))
            else {
                return;
            };
            let file = gloo::file::File::from(file);
            let source = format!("the file {}", file.name());
            let dispatch = dispatch.clone();
            let slot: Rc<RefCell<Option<FileReader>>> = Rc::clone(&reader);
            *reader.borrow_mut() = Some(gloo::file::callbacks::read_as_text(&file, move |read| {
                let action = match read {
                    Ok(text) => DeckAction::Open { text, source },
                    Err(e) => DeckAction::Failed(format!("{source} could not be read ({e})")),
                };
                dispatch.dispatch(Action::Deck(action));
                slot.borrow_mut().take();
            }));
        })
    };
    let shipped = deck(
        &dispatch,
        DeckAction::Open {
            text: SHIPPED_DECK.to_owned(),
            source: "the deck shipped with crisscross".to_owned(),
        },
    );
    html! {
        <section class="panel workshop" aria-labelledby="workshop-title">
            <details>
                <summary><h2 id="workshop-title" class="inline">{"Workshop: predict, reveal, score"}</h2></summary>
                <p class="hint">{"A deck is a list of scenarios, each with a question and hidden answers. Predict every check, reveal, and see your score. A trainer writes one JSON file (docs/deck-format.md) and serves it next to this page (?deck=decks/intro.json), hands it out as a file, or shares a link."}</p>
                <div class="row">
                    <button type="button" id="deck-open-shipped" class="primary" onclick={shipped}>{"Open the intro workshop (5 slides)"}</button>
                    // The input is hidden and its label looks like a button; the input comes first so the
                    // label can show the input's keyboard focus (deck.css).
                    <input id="deck-file" class="sr-only" type="file" accept=".json,application/json" onchange={on_file} />
                    <label class="button" for="deck-file">{"Open a deck file\u{2026}"}</label>
                </div>
            </details>
        </section>
    }
}

/// Props of [`DeckView`].
#[derive(Properties, PartialEq)]
struct DeckViewProps {
    session: Rc<DeckSession>,
    base_url: Rc<str>,
}

/// The open deck: slide list, question, predictions, reveal, score, exports.
#[component]
fn DeckView(props: &DeckViewProps) -> Html {
    let dispatch = use_dispatch();
    let session = &props.session;
    let Some(slide) = session.slide() else {
        return Html::default();
    };
    let answers = session.current_answers();
    let score = session.score();
    let current = session.current;
    let count = session.deck.slides.len();
    let nav = session.deck.slides.iter().enumerate().map(|(i, s)| {
        let done = session.answers.get(i).is_some_and(|a| a.revealed);
        let label = format!("{}{}", i + 1, if done { " \u{2713}" } else { "" });
        html! {
            <li><button type="button" aria-current={(i == current).then_some("step")} title={s.title.clone()}
                aria-label={format!("Slide {}: {}{}", i + 1, s.title, if done { ", revealed" } else { "" })}
                onclick={deck(&dispatch, DeckAction::Go(i))}>{label}</button></li>
        }
    });
    let slide_score = score.slides.get(current);
    let table = prediction_table(&dispatch, slide, &answers, slide_score);
    let summary = format!(
        "Score: {} of {} right on {} of {count} slides revealed.",
        score.right(),
        score.scored(),
        score.revealed_slides()
    );
    let link = match &session.link {
        Ok(fragment) => {
            let base = props.base_url.split(['?', '#']).next().unwrap_or_default();
            html! {
                <label class="small">{"Deck link (the whole deck, for a chat or an email):"}
                    <input id="deck-link" class="mono" readonly=true value={format!("{base}{fragment}")} />
                </label>
            }
        }
        Err(why) => html! { <p class="small">{format!("No link for this deck: {why}")}</p> },
    };
    html! {
        <section class="panel workshop open" aria-labelledby="workshop-title">
            <div class="panel-head">
                <h2 id="workshop-title">{format!("Workshop: {}", session.deck.title)}</h2>
                <button type="button" id="deck-presenter" onclick={deck(&dispatch, DeckAction::SetPresenter(true))}>{"Presenter view"}</button>
                <button type="button" onclick={deck(&dispatch, DeckAction::Close)}>{"Leave the workshop"}</button>
            </div>
            <nav aria-label="Slides"><ol class="deck-nav">{for nav}</ol></nav>
            <h3 id="deck-slide-title">{format!("Slide {} of {count}: {}", current + 1, slide.title)}</h3>
            <p id="deck-question" class="deck-question">{slide.question.clone()}</p>
            {table}
            <div class="row">
                if !answers.revealed {
                    <button type="button" id="deck-reveal" class="primary" onclick={reveal(&dispatch, "deck-predictions")}>{"Reveal the answer"}</button>
                }
                <button type="button" id="deck-prev" disabled={current == 0} onclick={deck(&dispatch, DeckAction::Go(current.saturating_sub(1)))}>{"\u{2190} Previous slide"}</button>
                <button type="button" id="deck-next" disabled={current + 1 >= count} onclick={deck(&dispatch, DeckAction::Go(current + 1))}>{"Next slide \u{2192}"}</button>
            </div>
            if answers.revealed {
                if let Some(explanation) = &slide.explanation {
                    <p class="deck-explanation">{linked(explanation)}</p>
                }
            }
            <p id="deck-score" class="deck-score" role="status">{summary}</p>
            <details class="deck-export">
                <summary>{"Export and share"}</summary>
                <div class="row">
                    {markdown_download("deck-export-answers", "my-answers.md", "\u{2B07} My answers (.md)", &session.answers_markdown())}
                    {markdown_download("deck-export-handout", "deck-handout.md", "\u{2B07} The deck as a handout, answers at the end (.md)", &session.handout())}
                </div>
                {link}
            </details>
        </section>
    }
}

/// One row per hop: a choice while predicting; the prediction, the answer and whether it was right once
/// revealed.
fn prediction_table(
    dispatch: &Dispatch,
    slide: &crisscross_core::deck::Slide,
    answers: &crisscross_core::deck::score::SlideAnswers,
    score: Option<&SlideScore>,
) -> Html {
    let rows = slide.expected().iter().enumerate().map(|(i, hop)| {
        let label = hop_label(i, hop);
        let predicted = answers.prediction(i);
        if answers.revealed {
            let right = score.and_then(|s| s.hops.get(i)).is_some_and(|h| h.right());
            let (icon, word, class) = decision_look(hop.decision);
            let verdict = if right { "\u{2713} right" } else { "\u{2715} wrong" };
            html! {
                <tr class={classes!("deck-row", if right { "ok" } else { "deny" })}>
                    <th scope="row">{label}</th>
                    <td>{predicted.map_or("(none)", decision_words)}</td>
                    <td class={classes!("dec", class)}><span aria-hidden="true">{icon}{" "}</span>{word}</td>
                    <td>{verdict}</td>
                </tr>
            }
        } else {
            let on_change = send(dispatch, move |e: Event| {
                let value = select_value(&e);
                let decision = CHOICES.into_iter().find(|d| decision_words(*d) == value);
                Action::Deck(DeckAction::Predict(i, decision))
            });
            html! {
                <tr class="deck-row">
                    <th scope="row">{label.clone()}</th>
                    <td>
                        <select aria-label={format!("Your prediction for {label}")} onchange={on_change}>
                            <option value="" selected={predicted.is_none()}>{"\u{2014} predict \u{2014}"}</option>
                            {for CHOICES.iter().map(|d| html! {
                                <option value={decision_words(*d)} selected={predicted == Some(*d)}>{decision_words(*d)}</option>
                            })}
                        </select>
                    </td>
                </tr>
            }
        }
    });
    let head = if answers.revealed {
        html! { <tr><th scope="col">{"Check"}</th><th scope="col">{"You said"}</th><th scope="col">{"Answer"}</th><th scope="col">{"Result"}</th></tr> }
    } else {
        html! { <tr><th scope="col">{"Check"}</th><th scope="col">{"Your prediction"}</th></tr> }
    };
    html! {
        <table class="deck-table" id="deck-predictions" tabindex="-1">
            <thead>{head}</thead>
            <tbody>{for rows}</tbody>
        </table>
    }
}

/// The Expectations panel's place while a deck's slide is predicted: the expectations are the answer, so
/// they wait for the reveal, and the panel says so instead of vanishing.
#[component]
pub fn HiddenExpectations() -> Html {
    let to_question = Callback::from(|_: MouseEvent| focus_by_id("deck-predictions"));
    html! {
        <section class="panel bench expect-panel" aria-labelledby="expect-title">
            <div class="panel-head"><h2 id="expect-title">{"Expectations"}</h2></div>
            <p>{"Hidden until you reveal this slide's answer: predict each check in the workshop panel first."}</p>
            <button type="button" onclick={to_question}>{"Go to the predictions"}</button>
        </section>
    }
}
