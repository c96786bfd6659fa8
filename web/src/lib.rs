//! The crisscross playground: a static page that evaluates Bedrock cross-Region inference calls against
//! SCPs and IAM policies in the browser. Nothing leaves the browser.
//!
//! [`state`] holds the reducer (all logic); [`components`] only render, and send actions through the
//! dispatcher [`App`] provides; [`hooks`] hold what the page does besides rendering.

pub mod components;
pub mod deck_source;
pub mod examples;
pub mod geo;
pub mod highlight;
pub mod hooks;
pub mod model;
pub mod platform;
pub mod state;
pub mod storage;

use std::rc::Rc;

use yew::Reducible;
use yew::prelude::*;

use crate::components::caller::CallerPanel;
use crate::components::context::ContextPanel;
use crate::components::diagnostics::Problems;
use crate::components::examples::Gallery;
use crate::components::explanation::Explanation;
use crate::components::fixes::Fixes;
use crate::components::header::Header;
use crate::components::hop_table::HopTable;
use crate::components::jump::JumpTo;
use crate::components::matrix::MatrixPanel;
use crate::components::notice::NoticeBar;
use crate::components::own_work::{ChangedExample, Drafts};
use crate::components::policies::{Decorations, IdentityPanel, ScpPanel};
use crate::components::presenter::Presenter;
use crate::components::request::RequestPanel;
use crate::components::route_map::RouteMap;
use crate::components::scenario_io::ScenarioIo;
use crate::components::send;
use crate::components::share::SharePanel;
use crate::components::stale::OutOfDate;
use crate::components::verdict::{EvalStatus, Verdict, VerdictAnnounce};
use crate::components::workshop::{HiddenExpectations, WorkshopPanel};
use crate::components::{
    diff::DiffPanel, expectations::ExpectPanel, import::ImportPanel, org_import::OrgImportPanel, routes::RoutesPanel,
};
use crate::hooks::{
    Dispatch, use_address_bar_link, use_deck_link_listener, use_first_paint_done, use_link_listener,
    use_opened_link_cleared, use_presenter_keys, use_saved_deck, use_saved_drafts, use_saved_inputs, use_settle,
    use_share_writer, use_state_after_paint, use_theme, use_undo_keys,
};
use crate::state::{Action, DeckAction, PlaygroundState};

fn initial_state() -> PlaygroundState {
    let theme = storage::load_theme();
    let saved = storage::load_inputs();
    let had_saved = saved.is_some();
    // A share link in the address bar wins (Undo brings back what was saved), unless it is the link the
    // page itself wrote there: then what was saved is as new, or newer (a reload right after typing).
    // It leaves the address bar once the verdict is painted (`use_opened_link_cleared`).
    let link = platform::read_link().filter(|link| !(had_saved && storage::is_shown_link(link)));
    // Inputs a link is about to replace are evaluated only if it does not open.
    let mut state = match saved {
        Some(inputs) => PlaygroundState::unevaluated(inputs, theme),
        None => PlaygroundState::default_example_unevaluated(theme),
    };
    // Before a link opens: it keeps the saved work as a draft, next to the earlier ones.
    state.drafts = Rc::new(storage::load_drafts());
    let state = match link {
        Some(link) => (*Rc::new(state).reduce(Action::OpenLink(link))).clone(),
        None => state,
    }
    .evaluated();
    let state = match deck_source::pending() {
        Some(action) => (*Rc::new(state).reduce(Action::Deck(action))).clone(),
        None => state,
    };
    match deck_source::saved_progress() {
        Some(progress) => (*Rc::new(state).reduce(Action::Deck(DeckAction::Resume(Box::new(progress))))).clone(),
        None => state,
    }
}

/// The page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let dispatch = state.dispatcher();
    let painted = use_first_paint_done();
    use_opened_link_cleared(painted);
    let later = use_state_after_paint(&state);
    use_saved_inputs(&state.inputs);
    use_saved_drafts(&state.drafts);
    use_theme(state.theme);
    use_link_listener(&dispatch);
    use_deck_link_listener(&dispatch);
    use_saved_deck(&state.deck);
    use_presenter_keys(
        &dispatch,
        state
            .deck
            .as_deref()
            .filter(|d| d.presenter)
            .map(|d| (d.current, d.deck.slides.len())),
    );
    use_address_bar_link(&state.derived.scenario, state.link_for_address_bar());
    use_settle(&state, &dispatch);
    use_share_writer(&state, &dispatch);
    let deco = use_memo(Decorations::of(&state), Clone::clone);
    use_undo_keys(&dispatch);
    let s = &*state;
    let share_open = s.share_open;
    let share_toggle = send(&dispatch, move |_: MouseEvent| Action::ShowShare(!share_open));
    if let Some(session) = s.deck.as_ref().filter(|d| d.presenter) {
        return html! {
            <ContextProvider<Dispatch> context={dispatch}>
                <div class="app presenting" data-revision={s.revision.to_string()}>
                    <Presenter session={Rc::clone(session)} />
                </div>
            </ContextProvider<Dispatch>>
        };
    }

    html! {
        <ContextProvider<Dispatch> context={dispatch}>
        <div class={classes!("app", s.bench.predict.then_some("predicting"))} data-revision={s.revision.to_string()}>
            <button type="button" class="skip-link" onclick={Callback::from(focus_results)}>{"Skip to the results"}</button>
            <Header can_undo={s.can_undo()} can_redo={s.can_redo()} theme={s.theme}>
                <button type="button" onclick={share_toggle} aria-expanded={s.share_open.to_string()} aria-controls="share-title">{"\u{2197} Share"}</button>
            </Header>
            if s.share_open {
                <SharePanel view={s.share.clone()} stale={s.share_stale()} minify={s.share_minify} />
            }
            <Gallery current={s.example} predict={s.bench.predict} />
            <Drafts drafts={Rc::clone(&s.drafts)} />
            <WorkshopPanel session={s.deck.clone()} base_url={Rc::clone(&s.base_url)} />
            if let Some((example, set_aside)) = s.changed_example() {
                <ChangedExample title={example.title} {set_aside} />
            }
            // A landmark around the banner and its status line, named by the verdict sentence.
            <section class="verdict-row" aria-labelledby="verdict-sentence">
                <Verdict verdict={Rc::clone(&s.derived.verdict)} />
                <VerdictAnnounce decision={s.derived.verdict.decision} total={s.derived.hops.len()}
                    denied={s.derived.hops.iter().filter(|h| !h.decision.is_allow()).count()} />
                <EvalStatus revision={s.revision} ms={s.derived.eval_ms} computing={s.computing().map(AttrValue::from)} />
            </section>
            <NoticeBar notice={s.notice.clone()} />
            <JumpTo fixes={s.derived.verdict.decision.is_some_and(|d| !d.is_allow())} why={s.current_hop().is_some()} />
            // The verdict is painted first; the inputs and the results follow one frame later.
            <main class="columns" aria-busy={(!painted).then_some("true")}>
                if painted {
                    {inputs_column(s, &deco)}
                    {results_column(s, &later)}
                }
            </main>
            <footer class="foot small muted">
                {format!("crisscross \u{00B7} built-in catalog of inference profiles as of {} \u{00B7} decisions follow AWS's documented evaluation logic; where AWS is silent, docs/decisions.md says what crisscross does.", crisscross_core::route::catalog::Catalog::builtin().as_of)}
            </footer>
        </div>
        </ContextProvider<Dispatch>>
    }
}

/// Moves the keyboard focus to the results, for the skip link.
fn focus_results(_: MouseEvent) {
    use wasm_bindgen::JsCast;
    if let Some(el) = gloo::utils::document().get_element_by_id("results")
        && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = el.focus();
    }
}

/// The left column: the denial to start from, the request, the policies, the context, the scenario file
/// and the routes from the account.
fn inputs_column(s: &PlaygroundState, deco: &Rc<Decorations>) -> Html {
    let inputs = &s.inputs;
    let request = &inputs.request;
    let text = |v: &Option<String>| AttrValue::from(v.clone().unwrap_or_default());
    html! {
        <div class="inputs-col" aria-label="Inputs">
            <ImportPanel view={s.bench.denial.clone()} default_candidate={s.default_candidate().map(AttrValue::from)} failed_hop={s.denial_hop()} />
            <RequestPanel
                mode={inputs.mode}
                profile={text(&request.profile)}
                source_region={text(&request.source_region)}
                api={AttrValue::from(inputs.api().to_owned())}
                custom={inputs.custom_profiles.first().cloned()}
                custom_destinations={AttrValue::Rc(Rc::clone(&inputs.custom_destinations))}
                imported={Rc::new(inputs.custom_profiles.iter().filter(|c| c.imported_at.is_some()).cloned().collect::<Vec<_>>())}
                plain={(text(&request.action), text(&request.resource), text(&request.region))}
                principal={AttrValue::Rc(Rc::clone(&inputs.principal))}
                scope={inputs.principal_scope}
                diagnostics={Rc::clone(&s.derived.scenario_diagnostics)}
            />
            <CallerPanel
                principal={AttrValue::Rc(Rc::clone(&inputs.principal))}
                role_path={AttrValue::Rc(Rc::clone(&inputs.role_path))}
                session_name={AttrValue::Rc(Rc::clone(&inputs.session_name))}
                organization_id={AttrValue::Rc(Rc::clone(&inputs.organization_id))}
                evaluation_time={AttrValue::Rc(Rc::clone(&inputs.evaluation_time))}
                clock={s.clock}
                wanted={s.derived.hops.iter().flat_map(|h| &h.depends_on).any(|d| crate::components::caller::field_of(&d.key).is_some())}
            />
            <ScpPanel enabled={inputs.scps_enabled} levels={inputs.levels.clone()} deco={Rc::clone(deco)}
                legacy={s.limit_set == crisscross_core::size::LimitSet::Legacy} />
            <IdentityPanel
                policies={inputs.identity.clone()}
                boundary_enabled={inputs.boundary_enabled}
                boundary={inputs.boundary.clone()}
                session_enabled={inputs.session_enabled}
                session={inputs.session.clone()}
                deco={Rc::clone(deco)}
            />
            <ContextPanel rows={inputs.context.clone()} diagnostics={Rc::clone(&s.derived.scenario_diagnostics)} />
            <ScenarioIo scenario={Rc::clone(&s.derived.scenario)} description={AttrValue::Rc(Rc::clone(&inputs.description))} />
            <OrgImportPanel view={s.bench.paste.clone()} />
            <RoutesPanel view={s.bench.routes.clone()} custom={inputs.custom_profiles.clone()} profile={text(&request.profile)} source={text(&request.source_region)} />
        </div>
    }
}

/// The right column: the problems, the route map, the checks and why, fixes, the matrix, expectations and
/// the diff. The panels from the explanation down show `later` (see [`use_state_after_paint`]).
fn results_column(s: &PlaygroundState, later: &PlaygroundState) -> Html {
    let shown = s.results();
    let current = s.shown_hop();
    let stale = s.results_out_of_date();
    let explained = later.results();
    let explained_hop = later.shown_hop();
    let request = &later.inputs.request;
    let text = |v: &Option<String>| AttrValue::from(v.clone().unwrap_or_default());
    let fixes = later.shown_fixes();
    let matrix = later.shown_matrix();
    let unchanged = later
        .bench
        .snapshot
        .as_ref()
        .is_some_and(|snap| snap.scenario == later.derived.scenario);
    html! {
        <div class="results-col" id="results" tabindex="-1" aria-label="Results">
            <Problems diagnostics={Rc::clone(&s.derived.diagnostics)} />
            if stale {
                <OutOfDate policies={Rc::new(s.policies_in_error())} verdict={Rc::clone(&shown.verdict)} />
            }
            <div class={classes!("shown-results", stale.then_some("stale"))}>
                <RouteMap hops={Rc::clone(&shown.hops)} route={shown.verdict.route.clone()} current={current} />
                <HopTable hops={Rc::clone(&shown.hops)} current={current} />
                <Explanation hops={Rc::clone(&explained.hops)} current={explained_hop} explained={explained_hop.map(|i| explained.statements(i, later.explain_all)).unwrap_or_default()} />
            </div>
            <Fixes decision={later.derived.verdict.decision} current={fixes.as_ref().is_some_and(|(_, current)| *current)} settled={fixes.map(|(settled, _)| settled)} />
            <MatrixPanel open={later.matrix_open} current={matrix.as_ref().is_some_and(|(_, current)| *current)} matrix={matrix.map(|(matrix, _)| matrix)} profile={text(&request.profile)} source={text(&request.source_region)} />
            // A deck's slide is predicted in the workshop panel; the expectations show after the reveal.
            if later.deck.is_some() && later.bench.predict {
                <HiddenExpectations />
            } else {
                <ExpectPanel scenario={Rc::clone(&later.derived.scenario)} report={Rc::clone(&later.derived.report)} verdict={Rc::clone(&later.derived.verdict)} hops={Rc::clone(&later.derived.hops)} predict={later.bench.predict} />
            }
            <DiffPanel snapshot={later.bench.snapshot.clone()} diff={later.bench.fresh_diff(later.revision).cloned()} revision={later.revision} {unchanged} />
        </div>
    }
}
