//! The policy inputs: SCP levels (root, OUs, account), identity policies, the permissions boundary and
//! the session policy. Each policy is a card with its name and an [`Editor`].

use std::collections::BTreeMap;
use std::rc::Rc;

use crisscross_core::diagnostic::{Diagnostic, Severity, Span};
use crisscross_core::scenario::PolicyRef;
use yew::prelude::*;

use crisscross_core::size::Quota;

use super::editor::Editor;
use super::meter::{Meter, badge};
use super::{checked, input_value, send};
use crate::hooks::use_dispatch;
use crate::model::{FULL_AWS_ACCESS, LevelInput, PolicyDoc};
use crate::state::{Action, Focus, PlaygroundState, ShownHints, SizeView};

/// What every policy card needs besides its own text.
#[derive(Clone, PartialEq)]
pub struct Decorations {
    /// Diagnostics per policy.
    pub diagnostics: BTreeMap<PolicyRef, Rc<Vec<Diagnostic>>>,
    /// Deciding statement spans of the selected hop, per policy.
    pub decided: BTreeMap<PolicyRef, Vec<Span>>,
    /// The statement to bring into view.
    pub focus: Option<Focus>,
    /// The selected hop, 1-based, for the "decides hop N" badge.
    pub hop_number: Option<usize>,
    /// Sizes against the quotas.
    pub sizes: BTreeMap<PolicyRef, Rc<SizeView>>,
    /// Room-making hints, for the current text or being found again after an edit.
    pub hints: BTreeMap<PolicyRef, ShownHints>,
    /// SCPs allowed per root, OU or account.
    pub scps_per_target: usize,
    /// True when the policies are too many to read at once: cards start closed unless they decide the
    /// shown hop or hold an error.
    pub compact: bool,
}

/// Characters of policy text beyond which cards start closed: about a screen of editors.
const COMPACT_ABOVE: usize = 24_000;

impl Decorations {
    /// The decorations of the state's policies.
    #[must_use]
    pub fn of(state: &PlaygroundState) -> Self {
        // While the verdicts are hidden, no card may point at the deciding statement: not its border, its
        // marks, nor the editor scrolled to it. A statement the user asked to see is still shown.
        let hidden = state.bench.predict;
        let decided = state
            .inputs
            .active_policies()
            .into_iter()
            .filter(|_| !hidden)
            .map(|id| (id, state.decided_spans(id)))
            .filter(|(_, spans)| !spans.is_empty())
            .collect();
        Self {
            diagnostics: state.derived.per_policy.clone(),
            decided,
            focus: state.focus.filter(|f| !hidden || f.page),
            hop_number: state.current_hop().map(|i| i + 1),
            sizes: state.derived.sizes.clone(),
            hints: state.shown_hints(),
            scps_per_target: Quota::ScpsPerTarget.limit(state.limit_set).value,
            compact: state.derived.sizes.values().map(|s| s.written).sum::<usize>() > COMPACT_ABOVE,
        }
    }

    fn focus_for(&self, id: PolicyRef) -> Option<Focus> {
        self.focus.filter(|f| f.policy == id)
    }
}

/// Props of [`PolicyCard`].
#[derive(Properties, PartialEq)]
pub struct PolicyCardProps {
    /// Which policy.
    pub id: PolicyRef,
    /// Its name and text.
    pub doc: PolicyDoc,
    /// "SCP", "Identity policy"…
    pub kind: AttrValue,
    /// Where it is attached (for SCPs).
    #[prop_or_default]
    pub place: Option<AttrValue>,
    /// Its diagnostics.
    #[prop_or_default]
    pub diagnostics: Option<Rc<Vec<Diagnostic>>>,
    /// Deciding statement spans.
    #[prop_or_default]
    pub decided: Vec<Span>,
    /// Focus request for this policy.
    #[prop_or_default]
    pub focus: Option<Focus>,
    /// The selected hop, 1-based.
    #[prop_or_default]
    pub hop_number: Option<usize>,
    /// Whether a remove button is shown.
    #[prop_or(true)]
    pub removable: bool,
    /// Its size.
    #[prop_or_default]
    pub size: Option<Rc<SizeView>>,
    /// Its room-making hints.
    #[prop_or_default]
    pub hints: Option<ShownHints>,
    /// Starts closed unless it decides the shown hop or holds an error.
    #[prop_or_default]
    pub compact: bool,
}

/// One policy: name, badges, and its editor (collapsible; the untouched FullAWSAccess preset starts
/// collapsed, and so does every card of a large organization that neither decides nor holds an error).
#[component]
pub fn PolicyCard(props: &PolicyCardProps) -> Html {
    let dispatch = use_dispatch();
    let preset = props.doc.is_full_aws_access() && &*props.doc.text == FULL_AWS_ACCESS;
    let wanted = !props.decided.is_empty()
        || props
            .diagnostics
            .as_ref()
            .is_some_and(|d| d.iter().any(|d| d.severity == Severity::Error));
    let open = use_state(|| !preset && (!props.compact || wanted));
    // A policy that stops (or starts) being the untouched preset opens (or closes); on mount the
    // initial state above already says.
    {
        let open = open.clone();
        let was_preset = use_mut_ref(|| preset);
        use_effect_with(preset, move |preset| {
            if *was_preset.borrow() != *preset {
                *was_preset.borrow_mut() = *preset;
                open.set(!*preset);
            }
        });
    }
    // A statement shown from elsewhere opens the card.
    {
        let open = open.clone();
        use_effect_with(props.focus, move |focus| {
            if focus.is_some_and(|f| f.page) {
                open.set(true);
            }
        });
    }
    let id = props.id;
    let dom = id.slug();
    let errors = props
        .diagnostics
        .as_ref()
        .map_or(0, |d| d.iter().filter(|d| d.severity == Severity::Error).count());
    let warnings = props.diagnostics.as_ref().map_or(0, |d| d.len()) - errors;
    let label = match &props.place {
        Some(place) => format!("{} {} at {}", props.kind, props.doc.name, place),
        None => format!("{} {}", props.kind, props.doc.name),
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let rename = send(&dispatch, move |e: InputEvent| {
        Action::RenamePolicy(id, input_value(&e))
    });
    let remove = send(&dispatch, move |_: MouseEvent| Action::RemovePolicy(id));
    html! {
        <div class={classes!("policy", (!props.decided.is_empty()).then_some("policy-decides"))} id={format!("policy-{dom}")}>
            <div class="policy-head">
                <button type="button" class="twisty" onclick={toggle}
                    aria-expanded={open.to_string()} aria-controls={format!("body-{dom}")}
                    aria-label={format!("Show or hide the text of {label}")}>
                    {if *open { "\u{25BE}" } else { "\u{25B8}" }}
                </button>
                <span class="policy-kind">{&props.kind}</span>
                <input class="policy-name" type="text" value={props.doc.name.to_string()}
                    aria-label={format!("Name of {label}")} oninput={rename} spellcheck="false" />
                if errors > 0 {
                    <span class="badge badge-error">{format!("\u{2716} {errors} error{}", if errors == 1 { "" } else { "s" })}</span>
                }
                if warnings > 0 {
                    <span class="badge badge-warning">{format!("\u{25B2} {warnings} warning{}", if warnings == 1 { "" } else { "s" })}</span>
                }
                if !props.decided.is_empty() {
                    <span class="badge badge-decides">{match props.hop_number {
                        Some(n) => format!("\u{25B6} decides hop {n}"),
                        None => "\u{25B6} decides".to_owned(),
                    }}</span>
                }
                <span class="spacer" />
                if let Some(size) = &props.size { {badge(size)} }
                if props.removable {
                    <button type="button" class="icon-button" onclick={remove} aria-label={format!("Remove {label}")} title="Remove">{"\u{2715}"}</button>
                }
            </div>
            <div id={format!("body-{dom}")} hidden={!*open}>
                if *open {
                    <Editor
                        id={id}
                        label={AttrValue::from(format!("Policy text of {label}"))}
                        text={Rc::clone(&props.doc.text)}
                        diagnostics={props.diagnostics.clone()}
                        decided={props.decided.clone()}
                        focus={props.focus}
                    />
                    if let Some(size) = &props.size {
                        <Meter id={id} size={Rc::clone(size)} hints={props.hints.clone()} label={AttrValue::from(label.clone())} />
                    }
                }
            </div>
        </div>
    }
}

/// Props of [`ScpPanel`].
#[derive(Properties, PartialEq)]
pub struct ScpPanelProps {
    /// Whether SCPs apply.
    pub enabled: bool,
    /// The levels.
    pub levels: Vec<LevelInput>,
    /// Diagnostics, decided spans, focus.
    pub deco: Rc<Decorations>,
    /// The quotas sizes are checked against.
    pub legacy: bool,
}

fn level_kind(index: usize, count: usize) -> &'static str {
    if index == 0 {
        "Root"
    } else if index + 1 == count && count > 1 {
        "Account"
    } else {
        "OU"
    }
}

#[derive(Properties, PartialEq)]
struct LevelHeadProps {
    level: usize,
    /// How many levels there are.
    count: usize,
    target: AttrValue,
    /// How many SCPs are attached at this level.
    scps: usize,
    per_target: usize,
    full_access: bool,
}

/// A level's target, SCP count and controls; a component of its own so that typing into one of the
/// level's policies leaves it alone.
#[component]
fn LevelHead(props: &LevelHeadProps) -> Html {
    let dispatch = use_dispatch();
    let LevelHeadProps {
        level,
        count,
        ref target,
        scps,
        per_target,
        full_access,
    } = *props;
    let kind = level_kind(level, count);
    let rename = send(&dispatch, move |e: InputEvent| {
        Action::RenameLevel(level, input_value(&e))
    });
    let up = send(&dispatch, move |_: MouseEvent| Action::MoveLevel { level, up: true });
    let down = send(&dispatch, move |_: MouseEvent| Action::MoveLevel { level, up: false });
    let remove = send(&dispatch, move |_: MouseEvent| Action::RemoveLevel(level));
    let full = send(&dispatch, move |_: Event| Action::ToggleFullAccess(level));
    let over = scps > per_target;
    html! {
        <div class="level-head">
            <span class="level-kind">{kind}</span>
            <input type="text" class="level-target" value={target.clone()} spellcheck="false"
                aria-label={format!("{kind} level {} target (root, OU or account ID)", level + 1)} oninput={rename} />
            <span class={classes!("scp-count", over.then_some("over"))}
                title={format!("AWS Organizations allows at most {per_target} SCPs attached to one root, OU or account")}>
                {format!("{scps}/{per_target} SCPs")}{if over { " \u{2716} over the quota" } else { "" }}
            </span>
            <label class="check">
                <input type="checkbox" checked={full_access} onchange={full} />
                {" FullAWSAccess"}<span class="sr-only">{format!(" attached at {kind} {target}")}</span>
            </label>
            <span class="spacer" />
            <button type="button" class="icon-button" onclick={up} disabled={level == 0}
                aria-label={format!("Move level {target} towards the root")} title="Move up">{"\u{2191}"}</button>
            <button type="button" class="icon-button" onclick={down} disabled={level + 1 >= count}
                aria-label={format!("Move level {target} towards the account")} title="Move down">{"\u{2193}"}</button>
            <button type="button" class="icon-button" onclick={remove}
                aria-label={format!("Remove level {target}")} title="Remove level">{"\u{2715}"}</button>
        </div>
    }
}

/// The SCP levels on the path from the root to the account.
#[component]
pub fn ScpPanel(props: &ScpPanelProps) -> Html {
    let dispatch = use_dispatch();
    let toggle = send(&dispatch, |e: Event| Action::SetScpsEnabled(checked(&e)));
    let count = props.levels.len();
    let levels = props.levels.iter().enumerate().map(|(level, l)| {
        let add = send(&dispatch, move |_: MouseEvent| Action::AddScp(level));
        let n = l.policies.len();
        let per_target = props.deco.scps_per_target;
        let target = l.target.to_string();
        let cards = l.policies.iter().enumerate().map(|(index, p)| {
            let id = PolicyRef::Scp { level, index };
            html! {
                <PolicyCard
                    key={format!("{level}-{index}")}
                    id={id}
                    doc={p.clone()}
                    kind={AttrValue::from("SCP")}
                    place={Some(AttrValue::from(target.clone()))}
                    diagnostics={props.deco.diagnostics.get(&id).cloned()}
                    decided={props.deco.decided.get(&id).cloned().unwrap_or_default()}
                    focus={props.deco.focus_for(id)}
                    hop_number={props.deco.hop_number}
                    size={props.deco.sizes.get(&id).cloned()}
                    hints={props.deco.hints.get(&id).cloned()}
                    compact={props.deco.compact}
                />
            }
        });
        html! {
            <li class="level" key={level}>
                <LevelHead {level} {count} target={AttrValue::from(target.clone())} scps={n} {per_target}
                    full_access={l.has_full_access()} />
                if n == 0 {
                    <p class="hint warn-text">{"\u{25B2} No SCP attached: this level denies everything, as AWS does."}</p>
                }
                <>{for cards}</>
                <button type="button" class="add" onclick={add}>{format!("+ Add an SCP at {target}")}</button>
            </li>
        }
    });
    let add_level = send(&dispatch, |_: MouseEvent| Action::AddLevel);
    let on_set = send(&dispatch, |e: Event| {
        Action::SetLimitSet(if super::select_value(&e) == "legacy" {
            crisscross_core::size::LimitSet::Legacy
        } else {
            crisscross_core::size::LimitSet::Current
        })
    });
    html! {
        <section class="panel" aria-labelledby="scps-title">
            <div class="panel-head">
                <h2 id="scps-title">{"Service control policies"}</h2>
                <label class="check">
                    <input type="checkbox" checked={props.enabled} onchange={toggle} />
                    {" The account is in an organization with SCPs"}
                </label>
            </div>
            if props.enabled {
                <div class="row hint">
                    <span>{"Root first, account last. Every level needs an Allow; a Deny anywhere wins."}</span>
                    <label>{"Quotas "}
                        <select onchange={on_set} aria-label="SCP quotas to check against">
                            <option value="current" selected={!props.legacy}>{"current: 10,240 characters, 10 per target"}</option>
                            <option value="legacy" selected={props.legacy}>{"legacy (before 2026-05-15): 5,120, 5 per target"}</option>
                        </select>
                    </label>
                </div>
                <ol class="levels">{for levels}</ol>
                <button type="button" class="add" onclick={add_level}>{"+ Add an OU level"}</button>
            } else {
                <p class="hint">{"SCPs are not evaluated."}</p>
            }
        </section>
    }
}

/// Props of [`IdentityPanel`].
#[derive(Properties, PartialEq)]
pub struct IdentityPanelProps {
    /// Identity policies.
    pub policies: Vec<PolicyDoc>,
    /// Boundary switch.
    pub boundary_enabled: bool,
    /// The boundary.
    pub boundary: PolicyDoc,
    /// Session policy switch.
    pub session_enabled: bool,
    /// The session policy.
    pub session: PolicyDoc,
    /// Diagnostics, decided spans, focus.
    pub deco: Rc<Decorations>,
}

/// Identity policies, the permissions boundary and the session policy.
#[component]
pub fn IdentityPanel(props: &IdentityPanelProps) -> Html {
    let dispatch = use_dispatch();
    let deco = &props.deco;
    let card = |id: PolicyRef, doc: &PolicyDoc, kind: &'static str, removable: bool| {
        html! {
            <PolicyCard
                key={id.slug()}
                id={id}
                doc={doc.clone()}
                kind={AttrValue::from(kind)}
                diagnostics={deco.diagnostics.get(&id).cloned()}
                decided={deco.decided.get(&id).cloned().unwrap_or_default()}
                focus={deco.focus_for(id)}
                hop_number={deco.hop_number}
                size={deco.sizes.get(&id).cloned()}
                hints={deco.hints.get(&id).cloned()}
                compact={deco.compact}
                removable={removable}
            />
        }
    };
    let identity = props
        .policies
        .iter()
        .enumerate()
        .map(|(i, p)| card(PolicyRef::Identity(i), p, "Identity policy", true));
    let add = send(&dispatch, |_: MouseEvent| Action::AddIdentity);
    let boundary = send(&dispatch, |e: Event| Action::SetBoundaryEnabled(checked(&e)));
    let session = send(&dispatch, |e: Event| Action::SetSessionEnabled(checked(&e)));
    html! {
        <>
            <section class="panel" aria-labelledby="identity-title">
                <div class="panel-head"><h2 id="identity-title">{"Identity policies"}</h2></div>
                if props.policies.is_empty() {
                    <p class="hint warn-text">{"\u{25B2} No identity policy: nothing is allowed."}</p>
                }
                <>{for identity}</>
                <button type="button" class="add" onclick={add}>{"+ Add an identity policy"}</button>
            </section>
            <section class="panel" aria-labelledby="boundary-title">
                <div class="panel-head">
                    <h2 id="boundary-title">{"Permissions boundary"}</h2>
                    <label class="check"><input type="checkbox" checked={props.boundary_enabled} onchange={boundary} />{" Applies"}<span class="sr-only">{" (permissions boundary)"}</span></label>
                </div>
                if props.boundary_enabled { {card(PolicyRef::Boundary, &props.boundary, "Boundary", false)} }
            </section>
            <section class="panel" aria-labelledby="session-title">
                <div class="panel-head">
                    <h2 id="session-title">{"Session policy"}</h2>
                    <label class="check"><input type="checkbox" checked={props.session_enabled} onchange={session} />{" Applies"}<span class="sr-only">{" (session policy)"}</span></label>
                </div>
                if props.session_enabled { {card(PolicyRef::Session, &props.session, "Session policy", false)} }
            </section>
        </>
    }
}
