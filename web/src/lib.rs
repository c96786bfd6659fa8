//! The crisscross playground: a static page that evaluates Bedrock cross-Region inference calls against
//! SCPs and IAM policies in the browser. Nothing leaves the browser.
//!
//! [`state`] holds the reducer (all logic); [`components`] only render.

pub mod components;
pub mod examples;
pub mod geo;
pub mod highlight;
pub mod hooks;
pub mod model;
pub mod platform;
pub mod state;
pub mod storage;

use std::collections::BTreeMap;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::Reducible;
use yew::prelude::*;

use crate::components::context::ContextPanel;
use crate::components::diagnostics::Problems;
use crate::components::examples::Gallery;
use crate::components::explanation::Explanation;
use crate::components::fixes::Fixes;
use crate::components::header::Header;
use crate::components::hop_table::HopTable;
use crate::components::matrix::MatrixPanel;
use crate::components::policies::{Decorations, IdentityPanel, ScpPanel};
use crate::components::request::RequestPanel;
use crate::components::route_map::RouteMap;
use crate::components::scenario_io::ScenarioIo;
use crate::components::send;
use crate::components::share::SharePanel;
use crate::components::verdict::{EvalStatus, Verdict};
use crate::components::{diff::DiffPanel, expectations::ExpectPanel, import::ImportPanel, routes::RoutesPanel};
use crate::hooks::Dispatch;
use crate::state::{Action, PlaygroundState};
use crisscross_core::scenario::PolicyRef;

/// How long the user must pause before fix suggestions and the matrix are computed. They take one to two
/// hundred milliseconds on the main thread, so they wait for a real pause in typing.
const SETTLE_MS: u32 = 600;

/// Pause after the last edit before the address bar's link is rewritten.
const LINK_UPDATE_MS: u32 = 750;

fn initial_state() -> PlaygroundState {
    let theme = storage::load_theme();
    let state = match storage::load_inputs() {
        Some(inputs) => PlaygroundState::new(inputs, theme),
        None => PlaygroundState::with_default_example(theme),
    };
    // A share link in the address bar wins; Undo brings back what was saved.
    match platform::take_link() {
        Some(link) => (*Rc::new(state).reduce(Action::OpenLink(link))).clone(),
        None => state,
    }
}

/// The page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let dispatch = state.dispatcher();

    // Persist what the user typed.
    use_effect_with(Rc::clone(&state.inputs), |inputs| storage::save_inputs(inputs));
    // Apply and persist the theme.
    use_effect_with(state.theme, |theme| {
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.set_attribute("data-theme", theme.as_str());
        }
        storage::save_theme(*theme);
    });
    // A share link pasted into the address bar of the open page.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |()| {
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                if let Some(link) = platform::take_link() {
                    dispatcher.dispatch(Action::OpenLink(link));
                }
            });
            move || drop(listener)
        });
    }
    // Keep the address bar a working link to the scenario on the page, rewritten once the user pauses
    // (browsers limit how often history may be rewritten; Safari allows about 50 times in 30 s).
    use_effect_with(Rc::clone(&state.derived.scenario), |scenario| {
        let scenario = Rc::clone(scenario);
        let timer = Timeout::new(LINK_UPDATE_MS, move || {
            if let Ok(encoded) =
                crisscross_core::share::encode(&scenario, crisscross_core::share::EncodeOptions { minify: false })
            {
                platform::show_link(&encoded.url(&platform::base_url()));
            }
        });
        move || drop(timer)
    });
    // Compute the slower results once the user pauses.
    {
        let dispatcher = state.dispatcher();
        let needs = state.needs_settle();
        use_effect_with(
            (state.revision, state.matrix_open, needs),
            move |(revision, _, needs)| {
                let revision = *revision;
                let timer =
                    needs.then(|| Timeout::new(SETTLE_MS, move || dispatcher.dispatch(Action::Settle(revision))));
                move || drop(timer)
            },
        );
    }

    let s = &*state;
    let inputs = &s.inputs;
    let current = s.current_hop();
    let decorations = {
        let mut decided: BTreeMap<PolicyRef, Vec<crisscross_core::diagnostic::Span>> = BTreeMap::new();
        for id in inputs.active_policies() {
            let spans = s.decided_spans(id);
            if !spans.is_empty() {
                decided.insert(id, spans);
            }
        }
        Decorations {
            diagnostics: s.derived.per_policy.clone(),
            decided,
            focus: s.focus,
            hop_number: current.map(|i| i + 1),
            sizes: s.derived.sizes.clone(),
            hints: s.fresh().map(|f| f.hints.clone()).unwrap_or_default(),
            scps_per_target: crisscross_core::size::Quota::ScpsPerTarget.limit(s.limit_set).value,
        }
    };
    let deco = use_memo(decorations, Clone::clone);

    let onkeydown = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
                return;
            }
            let key = e.key().to_ascii_lowercase();
            let action = match key.as_str() {
                "z" if e.shift_key() => Action::Redo,
                "z" => Action::Undo,
                "y" => Action::Redo,
                _ => return,
            };
            e.prevent_default();
            dispatch.dispatch(action);
        })
    };
    let skip = Callback::from(|_: MouseEvent| {
        if let Some(el) = gloo::utils::document().get_element_by_id("results") {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
    let dismiss = send(&dispatch, |_: MouseEvent| Action::DismissNotice);
    let fresh = s.fresh().and_then(|_| s.settled.clone());
    let share_open = s.share_open;
    let share_toggle = send(&dispatch, move |_: MouseEvent| Action::ShowShare(!share_open));
    let matrix = s.fresh().and_then(|f| f.matrix.clone());
    let request = &inputs.request;
    let text = |v: &Option<String>| AttrValue::from(v.clone().unwrap_or_default());

    html! {
        <ContextProvider<Dispatch> context={dispatch}>
        <div class={classes!("app", s.bench.predict.then_some("predicting"))} {onkeydown}>
            <button type="button" class="skip-link" onclick={skip}>{"Skip to the results"}</button>
            <Header can_undo={s.can_undo()} can_redo={s.can_redo()} theme={s.theme}>
                <button type="button" onclick={share_toggle} aria-expanded={s.share_open.to_string()} aria-controls="share-title">{"\u{2197} Share"}</button>
            </Header>
            if s.share_open {
                <SharePanel view={s.share.clone()} minify={s.share_minify} />
            }
            <Gallery current={s.example} />
            <div class="verdict-row">
                <Verdict verdict={Rc::clone(&s.derived.verdict)} />
                <EvalStatus revision={s.revision} ms={s.derived.eval_ms} />
            </div>
            if let Some(notice) = &s.notice {
                <div class={classes!("notice", notice.error.then_some("error"))} role={if notice.error { "alert" } else { "status" }}>
                    <span aria-hidden="true">{if notice.error { "\u{2716} " } else { "\u{2139} " }}</span>
                    {&notice.text}
                    <button type="button" class="icon-button" onclick={dismiss} aria-label="Dismiss">{"\u{2715}"}</button>
                </div>
            }
            <main class="columns">
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
                        diagnostics={Rc::clone(&s.derived.diagnostics)}

                    />
                    <ScpPanel enabled={inputs.scps_enabled} levels={inputs.levels.clone()} deco={Rc::clone(&deco)}
                        legacy={s.limit_set == crisscross_core::size::LimitSet::Legacy} />
                    <IdentityPanel
                        policies={inputs.identity.clone()}
                        boundary_enabled={inputs.boundary_enabled}
                        boundary={inputs.boundary.clone()}
                        session_enabled={inputs.session_enabled}
                        session={inputs.session.clone()}
                        deco={Rc::clone(&deco)}

                    />
                    <ContextPanel rows={inputs.context.clone()} diagnostics={Rc::clone(&s.derived.diagnostics)} />
                    <ScenarioIo scenario={Rc::clone(&s.derived.scenario)} description={AttrValue::Rc(Rc::clone(&inputs.description))} />
                    <RoutesPanel view={s.bench.routes.clone()} custom={inputs.custom_profiles.clone()} profile={text(&request.profile)} source={text(&request.source_region)} />
                </div>
                <div class="results-col" id="results" tabindex="-1" aria-label="Results">
                    <Problems diagnostics={Rc::clone(&s.derived.diagnostics)} />
                    <RouteMap hops={Rc::clone(&s.derived.hops)} route={s.derived.verdict.route.clone()} current={current} />
                    <HopTable hops={Rc::clone(&s.derived.hops)} current={current} />
                    <Explanation hops={Rc::clone(&s.derived.hops)} current={current} />
                    <Fixes decision={s.derived.verdict.decision} settled={fresh} />
                    <MatrixPanel open={s.matrix_open} matrix={matrix} profile={text(&request.profile)} source={text(&request.source_region)} />
                    <ExpectPanel scenario={Rc::clone(&s.derived.scenario)} verdict={Rc::clone(&s.derived.verdict)} hops={Rc::clone(&s.derived.hops)} predict={s.bench.predict} />
                    <DiffPanel snapshot={s.bench.snapshot.clone()} diff={s.bench.fresh_diff(s.revision).cloned()} revision={s.revision} unchanged={s.bench.snapshot.as_ref().is_some_and(|snap| snap.scenario == s.derived.scenario)} />
                </div>
            </main>
            <footer class="foot small muted">
                {format!("crisscross \u{00B7} built-in catalog of inference profiles as of {} \u{00B7} decisions follow AWS's documented evaluation logic; where AWS is silent, docs/decisions.md says what crisscross does.", crisscross_core::route::catalog::Catalog::builtin().as_of)}
            </footer>
        </div>
        </ContextProvider<Dispatch>>
    }
}
