//! The presenter view: one slide in large type for a projector, the hops as questions until the reveal,
//! then their answers and the explanation. Page Down / Page Up, the arrow keys and Escape work as in
//! slide software (`hooks/presenter_keys.rs`).

use std::rc::Rc;

use crisscross_core::deck::hop_label;
use yew::prelude::*;

use super::{decision_look, send};
use crate::hooks::use_dispatch;
use crate::state::{Action, DeckAction, DeckSession};

/// Props of [`Presenter`].
#[derive(Properties, PartialEq)]
pub struct PresenterProps {
    /// The deck being presented.
    pub session: Rc<DeckSession>,
}

/// The presenter view.
#[component]
pub fn Presenter(props: &PresenterProps) -> Html {
    let dispatch = use_dispatch();
    let session = &props.session;
    let Some(slide) = session.slide() else {
        return Html::default();
    };
    let current = session.current;
    let count = session.deck.slides.len();
    let revealed = session.current_answers().revealed;
    let go = |index: usize| send(&dispatch, move |_: MouseEvent| Action::Deck(DeckAction::Go(index)));
    let action = |a: DeckAction| send(&dispatch, move |_: MouseEvent| Action::Deck(a.clone()));
    let request = &slide.scenario.request;
    let call = match (&request.profile, &request.source_region) {
        (Some(profile), Some(region)) => format!(
            "{} with {profile} from {region}",
            request.api.as_deref().unwrap_or("InvokeModel")
        ),
        _ => String::new(),
    };
    let hops = slide.expected().iter().enumerate().map(|(i, hop)| {
        let label = hop_label(i, hop);
        if revealed {
            let (icon, word, class) = decision_look(hop.decision);
            html! { <li class={classes!("dec", class)}><span>{label}</span><strong><span aria-hidden="true">{icon}{" "}</span>{word}</strong></li> }
        } else {
            html! { <li><span>{label}</span><strong>{"?"}</strong></li> }
        }
    });
    html! {
        <main class="presenter" aria-labelledby="presenter-title">
            <p class="presenter-deck">{format!("{} \u{00B7} slide {} of {count}", session.deck.title, current + 1)}</p>
            <h1 id="presenter-title">{slide.title.clone()}</h1>
            <p class="presenter-question">{slide.question.clone()}</p>
            if !call.is_empty() {
                <p class="presenter-call mono">{call}</p>
            }
            <ol class="presenter-hops" id="presenter-hops" tabindex="-1">{for hops}</ol>
            if revealed {
                if let Some(explanation) = &slide.explanation {
                    <p class="presenter-explanation">{super::workshop::linked(explanation)}</p>
                }
            }
            <div class="presenter-controls">
                <button type="button" disabled={current == 0} onclick={go(current.saturating_sub(1))}>{"\u{2190} Previous"}</button>
                if !revealed {
                    <button type="button" id="presenter-reveal" class="primary" onclick={super::workshop::reveal(&dispatch, "presenter-hops")}>{"Reveal"}</button>
                }
                <button type="button" disabled={current + 1 >= count} onclick={go(current + 1)}>{"Next \u{2192}"}</button>
                <button type="button" id="presenter-leave" onclick={action(DeckAction::SetPresenter(false))}>{"Leave presenter view"}</button>
            </div>
        </main>
    }
}
