//! The playground's state and its reducer.
//!
//! [`PlaygroundState`] holds the inputs as typed, the undo history, the selection and the theme, and the
//! [`Derived`] result of evaluating the inputs. Every action that changes the inputs re-evaluates them
//! here, in the reducer, so components only render. Derived parts that did not change keep their `Rc`,
//! so the components that show them are not re-rendered.

use std::collections::BTreeMap;
use std::rc::Rc;

use crisscross_core::analysis::prepare;
use crisscross_core::diagnostic::{Diagnostic, Severity, Span};
use crisscross_core::evaluate::Decision;
use crisscross_core::export::{SuggestedFix, Ticket};
use crisscross_core::fix::{Fix, suggest};
use crisscross_core::matrix::{Matrix, matrix};
use crisscross_core::policy::PolicyType;
use crisscross_core::report::{HopReport, Report, report};
use crisscross_core::route::catalog::Catalog;
use crisscross_core::route::hop::RouteInfo;
use crisscross_core::scenario::Layer;
use crisscross_core::scenario::{CustomProfile, PolicyRef, PrincipalScope, Scenario};
use crisscross_core::share::{self, EncodeOptions};
use crisscross_core::size::{self, Counting, Hint, LimitSet};
use yew::Reducible;

use crate::examples;
use crate::model::{ContextRow, FULL_AWS_ACCESS_NAME, Inputs, LevelInput, NEW_POLICY, PolicyDoc, RequestMode};

pub mod bench;
pub use bench::{BenchAction, Workbench};

/// How many undo steps are kept.
pub const HISTORY_LIMIT: usize = 200;

/// Light or dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on a light background.
    Light,
    /// Light text on a dark background.
    Dark,
}

impl Theme {
    /// The value of the `data-theme` attribute and of the stored preference.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    /// Reads a stored preference.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            _ => None,
        }
    }

    /// The other theme.
    #[must_use]
    pub fn toggled(self) -> Self {
        match self {
            Self::Light => Self::Dark,
            Self::Dark => Self::Light,
        }
    }
}

/// A field of the editable custom profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomField {
    /// The profile ID.
    Id,
    /// The foundation model ID.
    Model,
    /// The source Region.
    SourceRegion,
    /// The destinations, comma-separated.
    Destinations,
}

/// A field of a plain (non-Bedrock) request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlainField {
    /// The IAM action.
    Action,
    /// The resource ARN.
    Resource,
    /// The Region.
    Region,
}

/// Everything the page can ask the reducer to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Replace a policy's text.
    EditPolicy(PolicyRef, String),
    /// Rename a policy.
    RenamePolicy(PolicyRef, String),
    /// Remove a policy (an SCP or an identity policy).
    RemovePolicy(PolicyRef),
    /// Attach a new SCP to a level.
    AddScp(usize),
    /// Attach or detach the FullAWSAccess preset at a level.
    ToggleFullAccess(usize),
    /// Add an SCP level (an OU) just above the account.
    AddLevel,
    /// Remove an SCP level.
    RemoveLevel(usize),
    /// Rename an SCP level's target.
    RenameLevel(usize, String),
    /// Move a level up (towards the root) or down.
    MoveLevel {
        /// Which level.
        level: usize,
        /// Towards the root.
        up: bool,
    },
    /// Whether the account is governed by SCPs.
    SetScpsEnabled(bool),
    /// Add an identity policy.
    AddIdentity,
    /// Switch the permissions boundary on or off.
    SetBoundaryEnabled(bool),
    /// Switch the session policy on or off.
    SetSessionEnabled(bool),
    /// The principal ARN.
    SetPrincipal(String),
    /// Member account, management account or service-linked role.
    SetScope(Option<PrincipalScope>),
    /// Add a context row.
    AddContext,
    /// Change a context row's key.
    SetContextKey(usize, String),
    /// Change a context row's value.
    SetContextValue(usize, String),
    /// Remove a context row.
    RemoveContext(usize),
    /// Bedrock call or plain request.
    SetMode(RequestMode),
    /// Pick a catalog profile (or type a model ID for a direct call).
    SetProfile(String),
    /// Switch to the editable custom profile.
    UseCustomProfile,
    /// Edit the custom profile.
    SetCustom(CustomField, String),
    /// The source Region of a Bedrock call.
    SetSourceRegion(String),
    /// A profile and a source Region at once (from the matrix).
    PickCall(String, String),
    /// The runtime API.
    SetApi(String),
    /// A field of a plain request.
    SetPlain(PlainField, String),
    /// Replace everything with an example of the gallery.
    LoadExample(&'static str),
    /// Replace everything with a scenario given as JSON text (a notice explains a bad paste).
    LoadScenario(String),
    /// Replace everything with a scenario.
    LoadParsed(Box<Scenario>),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Select a hop of the table or the map.
    SelectHop(usize),
    /// Show a statement in its editor (scrolling the page to it).
    FocusStatement(PolicyRef, Span),
    /// Light or dark.
    SetTheme(Theme),
    /// Hide the notice.
    DismissNotice,
    /// The user paused: compute the slower results (fix suggestions, the matrix) for this revision.
    Settle(u64),
    /// Apply a fix suggestion of the settled results.
    ApplyFix(usize),
    /// Show or hide the profile/Region matrix.
    ShowMatrix(bool),
    /// Check sizes against the current or the legacy AWS quotas.
    SetLimitSet(LimitSet),
    /// Remove whitespace outside strings from a policy.
    Minify(PolicyRef),
    /// Apply a room-making hint of the settled results.
    ApplyHint(PolicyRef, usize),
    /// Open a share link (a URL, its fragment, or the fragment without `#`).
    OpenLink(String),
    /// Show or hide the share panel.
    ShowShare(bool),
    /// Minify the policies in the share link.
    SetShareMinify(bool),
    /// The workbench of issues 8 and 9: import a denial, diff against a snapshot, expectations, routes.
    Bench(BenchAction),
}

/// The share panel's content: the link and the ticket exports of the current scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareView {
    /// The full link.
    pub url: String,
    /// The scenario ID.
    pub id: String,
    /// A warning when the link is longer than common tools accept.
    pub warning: Option<String>,
    /// The ticket as Markdown.
    pub markdown: String,
    /// The ticket as plain text.
    pub plain: String,
    /// Why there is no link, when the scenario is too large.
    pub error: Option<String>,
}

/// The size of one policy against its AWS quota, as the meter shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeView {
    /// The text it was measured on (to reuse it while the text is unchanged).
    text: Rc<str>,
    /// The quota set it was measured against.
    set: LimitSet,
    /// Characters as written.
    pub written: usize,
    /// Characters without whitespace outside strings (what the console saves, what IAM counts).
    pub minified: usize,
    /// Characters AWS counts when the text is saved as written.
    pub counted: usize,
    /// The quota.
    pub limit: usize,
    /// What the quota limits.
    pub quota: &'static str,
    /// True when every character counts (SCPs, session policies), false when whitespace does not.
    pub every_character: bool,
    /// Characters AWS refuses (reported as diagnostics too).
    pub invalid_characters: usize,
}

impl SizeView {
    fn measure(text: &Rc<str>, policy_type: PolicyType, set: LimitSet) -> Self {
        let size = size::measure(text, policy_type, set);
        Self {
            text: Rc::clone(text),
            set,
            written: size.written,
            minified: size.minified,
            counted: size.counted(),
            limit: size.limit.value,
            quota: size.limit.quota.describe(),
            every_character: size.counting == Counting::EveryCharacter,
            invalid_characters: size.invalid_characters.len(),
        }
    }

    /// True when AWS would refuse the text as written.
    #[must_use]
    pub fn exceeds(&self) -> bool {
        self.counted > self.limit
    }

    /// True at 90 % of the quota or more.
    #[must_use]
    pub fn near(&self) -> bool {
        self.counted * 10 >= self.limit * 9
    }
}

/// The AWS policy type of a policy of the inputs.
#[must_use]
pub fn policy_type(id: PolicyRef) -> PolicyType {
    match id {
        PolicyRef::Scp { .. } => PolicyType::Scp,
        PolicyRef::Identity(_) => PolicyType::Identity,
        PolicyRef::Boundary => PolicyType::Boundary,
        PolicyRef::Session => PolicyType::Session,
    }
}

/// Results that take tens of milliseconds, computed when the user pauses rather than on every keystroke.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    /// The revision they belong to.
    pub revision: u64,
    /// Fix suggestions, best first (empty when the call is allowed or the input invalid).
    pub fixes: Rc<Vec<Fix>>,
    /// Room-making hints per policy (only policies that have some).
    pub hints: BTreeMap<PolicyRef, Rc<Vec<Hint>>>,
    /// The matrix, when it is shown and the request is a Bedrock call.
    pub matrix: Option<Rc<Matrix>>,
    /// How long they took, in milliseconds.
    pub ms: f64,
}

/// A message about something the page could not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// True for a problem, false for information.
    pub error: bool,
    /// What happened.
    pub text: String,
}

/// A request to show a span of a policy in its editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Focus {
    /// The policy.
    pub policy: PolicyRef,
    /// The statement's span.
    pub span: Span,
    /// Bumped on every request, so the same span can be shown again.
    pub rev: u32,
    /// Scroll the page too (not only the editor).
    pub page: bool,
}

/// What groups keystrokes into one undo step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EditKey {
    Policy(PolicyRef),
    PolicyName(PolicyRef),
    Field(&'static str, usize),
}

/// The call's verdict, as the banner shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct VerdictView {
    /// The decision, `None` when the input is invalid.
    pub decision: Option<Decision>,
    /// The blocking layer.
    pub blocked_by: Option<Layer>,
    /// One sentence.
    pub sentence: String,
    /// The AccessDenied message of the first hop denied with the call's decision.
    pub message: Option<String>,
    /// The route and its provenance.
    pub route: Option<RouteInfo>,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
}

/// A diagnostic, with the editor it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagView {
    /// The policy, when the diagnostic is in a policy's text.
    pub policy: Option<PolicyRef>,
    /// Where it is, for people: the policy's label, or "the scenario".
    pub place: String,
    /// The diagnostic.
    pub diagnostic: Diagnostic,
}

/// Everything computed from the inputs.
#[derive(Debug, Clone)]
pub struct Derived {
    /// The scenario the inputs describe.
    pub scenario: Rc<Scenario>,
    /// The core's report.
    pub report: Rc<Report>,
    /// The banner.
    pub verdict: Rc<VerdictView>,
    /// The hops.
    pub hops: Rc<Vec<HopReport>>,
    /// Every diagnostic.
    pub diagnostics: Rc<Vec<DiagView>>,
    /// Diagnostics per editor.
    pub per_policy: BTreeMap<PolicyRef, Rc<Vec<Diagnostic>>>,
    /// Size of every policy against its quota.
    pub sizes: BTreeMap<PolicyRef, Rc<SizeView>>,
    /// How long the evaluation took, in milliseconds.
    pub eval_ms: f64,
}

/// Keeps the previous `Rc` when the new value is equal, so props compare equal and nothing re-renders.
fn keep<T: PartialEq>(previous: Option<&Rc<T>>, next: T) -> Rc<T> {
    match previous {
        Some(p) if **p == next => Rc::clone(p),
        _ => Rc::new(next),
    }
}

impl Derived {
    /// Evaluates the inputs, reusing unchanged parts of `previous`.
    #[must_use]
    pub fn compute(inputs: &Inputs, set: LimitSet, previous: Option<&Self>) -> Self {
        let started = crate::platform::now_ms();
        let scenario = inputs.to_scenario();
        let report = report(&scenario, Catalog::builtin());
        let eval_ms = crate::platform::now_ms() - started;

        let diagnostics: Vec<DiagView> = report
            .diagnostics
            .iter()
            .map(|d| DiagView {
                policy: d.policy,
                place: d
                    .policy
                    .map_or_else(|| "the scenario".to_owned(), |at| scenario.label(at)),
                diagnostic: d.clone(),
            })
            .collect();
        let mut per_policy: BTreeMap<PolicyRef, Vec<Diagnostic>> = BTreeMap::new();
        for d in &diagnostics {
            if let Some(id) = d.policy {
                per_policy.entry(id).or_default().push(d.diagnostic.clone());
            }
        }
        let per_policy = per_policy
            .into_iter()
            .map(|(id, list)| (id, keep(previous.and_then(|p| p.per_policy.get(&id)), list)))
            .collect();

        let sizes = inputs
            .active_policies()
            .iter()
            .filter_map(|id| {
                let text = &inputs.policy(*id)?.text;
                let reused = previous
                    .and_then(|p| p.sizes.get(id))
                    .filter(|s| s.set == set && (Rc::ptr_eq(&s.text, text) || *s.text == **text))
                    .cloned();
                Some((
                    *id,
                    reused.unwrap_or_else(|| Rc::new(SizeView::measure(text, policy_type(*id), set))),
                ))
            })
            .collect();

        let message = report
            .hops
            .iter()
            .find(|h| Some(h.decision) == report.decision && h.message.is_some())
            .and_then(|h| h.message.clone());
        let errors = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let verdict = VerdictView {
            decision: report.decision,
            blocked_by: report.blocked_by,
            sentence: report.verdict.clone(),
            message,
            route: report.route.clone(),
            errors,
            warnings: report.diagnostics.len() - errors,
        };
        Self {
            verdict: keep(previous.map(|p| &p.verdict), verdict),
            hops: keep(previous.map(|p| &p.hops), report.hops.clone()),
            diagnostics: keep(previous.map(|p| &p.diagnostics), diagnostics),
            per_policy,
            sizes,
            scenario: keep(previous.map(|p| &p.scenario), scenario),
            report: Rc::new(report),
            eval_ms,
        }
    }
}

/// The whole state of the page.
#[derive(Debug, Clone)]
pub struct PlaygroundState {
    /// The inputs as typed.
    pub inputs: Rc<Inputs>,
    /// Their evaluation.
    pub derived: Rc<Derived>,
    past: Rc<Vec<Rc<Inputs>>>,
    future: Rc<Vec<Rc<Inputs>>>,
    last_edit: Option<EditKey>,
    /// The hop the user selected (`None`: the first denied hop).
    pub selected_hop: Option<usize>,
    /// The statement to show in its editor.
    pub focus: Option<Focus>,
    /// The theme.
    pub theme: Theme,
    /// A message for the user.
    pub notice: Option<Notice>,
    /// The example the inputs came from, if they have not been edited since.
    pub example: Option<&'static str>,
    /// Bumped on every evaluation.
    pub revision: u64,
    /// The slower results, possibly of an older revision.
    pub settled: Option<Rc<Settled>>,
    /// Whether the matrix is shown.
    pub matrix_open: bool,
    /// The AWS quotas sizes are checked against.
    pub limit_set: LimitSet,
    /// The page's address without fragment, the base of share links.
    pub base_url: Rc<str>,
    /// Whether the share panel is open.
    pub share_open: bool,
    /// Whether share links minify the policies.
    pub share_minify: bool,
    /// The share panel's content while it is open.
    pub share: Option<Rc<ShareView>>,
    /// The workbench: pasted denial, snapshot and diff, predict mode, pasted routes.
    pub bench: Workbench,
}

impl PlaygroundState {
    /// A state for these inputs.
    #[must_use]
    pub fn new(inputs: Inputs, theme: Theme) -> Self {
        let derived = Derived::compute(&inputs, LimitSet::Current, None);
        let mut state = Self {
            inputs: Rc::new(inputs),
            derived: Rc::new(derived),
            past: Rc::default(),
            future: Rc::default(),
            last_edit: None,
            selected_hop: None,
            focus: None,
            theme,
            notice: None,
            example: None,
            revision: 1,
            settled: None,
            matrix_open: false,
            limit_set: LimitSet::Current,
            base_url: crate::platform::base_url().into(),
            share_open: false,
            share_minify: false,
            share: None,
            bench: Workbench::default(),
        };
        state.focus = state.default_focus(0, false);
        state
    }

    /// The state the page opens on for a newcomer: the default example.
    #[must_use]
    pub fn with_default_example(theme: Theme) -> Self {
        let example = examples::default_example();
        let inputs = example
            .scenario()
            .map(|s| Inputs::from_scenario(&s))
            .unwrap_or_default();
        let mut state = Self::new(inputs, theme);
        state.example = Some(example.id);
        state
    }

    /// The hop the page shows: the selected one, or the first hop denied with the call's decision.
    #[must_use]
    pub fn current_hop(&self) -> Option<usize> {
        let hops = &self.derived.hops;
        if hops.is_empty() {
            return None;
        }
        if let Some(i) = self.selected_hop.filter(|i| *i < hops.len()) {
            return Some(i);
        }
        let decision = self.derived.verdict.decision;
        hops.iter()
            .position(|h| Some(h.decision) == decision && !h.decision.is_allow())
            .or(Some(0))
    }

    /// The settled results, when they belong to the current revision.
    #[must_use]
    pub fn fresh(&self) -> Option<&Settled> {
        self.settled.as_deref().filter(|s| s.revision == self.revision)
    }

    /// True when the settled results are missing or stale for what is shown.
    #[must_use]
    pub fn needs_settle(&self) -> bool {
        match self.fresh() {
            None => true,
            Some(s) => self.matrix_open && s.matrix.is_none() && self.inputs.mode == RequestMode::Bedrock,
        }
    }

    fn settle(&self) -> Settled {
        let started = crate::platform::now_ms();
        let scenario = &self.derived.scenario;
        let catalog = Catalog::builtin();
        let denied = self.derived.verdict.decision.is_some_and(|d| !d.is_allow());
        let fixes = match self.fresh() {
            Some(s) => Rc::clone(&s.fixes),
            None if denied => Rc::new(suggest(scenario, catalog)),
            None => Rc::default(),
        };
        let matrix = if self.matrix_open && self.inputs.mode == RequestMode::Bedrock {
            self.fresh().and_then(|s| s.matrix.clone()).or_else(|| {
                prepare(scenario, catalog)
                    .ok()
                    .map(|p| Rc::new(matrix(&p, self.inputs.api(), catalog)))
            })
        } else {
            None
        };
        let hints = match self.fresh() {
            Some(s) => s.hints.clone(),
            None => self
                .inputs
                .active_policies()
                .into_iter()
                .filter_map(|id| {
                    let text = &self.inputs.policy(id)?.text;
                    let hints = size::hints(text, policy_type(id));
                    (!hints.is_empty()).then(|| (id, Rc::new(hints)))
                })
                .collect(),
        };
        Settled {
            revision: self.revision,
            fixes,
            hints,
            matrix,
            ms: crate::platform::now_ms() - started,
        }
    }

    /// Recomputes the share panel's content when it is open.
    fn refresh_share(&mut self) {
        if !self.share_open {
            self.share = None;
            return;
        }
        let scenario = &*self.derived.scenario;
        let (url, id, error) = match share::encode(
            scenario,
            EncodeOptions {
                minify: self.share_minify,
            },
        ) {
            Ok(encoded) => (encoded.url(&self.base_url), encoded.id, None),
            Err(e) => (
                String::new(),
                share::scenario_id(scenario),
                Some(format!("{e}; {}", e.help())),
            ),
        };
        let fixes: Vec<SuggestedFix> = self
            .fresh()
            .map(|s| s.fixes.iter().map(SuggestedFix::from).collect())
            .unwrap_or_default();
        let ticket = Ticket {
            scenario,
            report: &self.derived.report,
            catalog_as_of: &Catalog::builtin().as_of,
            link: (!url.is_empty()).then_some(url.as_str()),
            fixes: &fixes,
        };
        let view = ShareView {
            warning: share::length_warning(url.chars().count()),
            markdown: ticket.markdown(),
            plain: ticket.plain(),
            url,
            id,
            error,
        };
        if self.share.as_deref() != Some(&view) {
            self.share = Some(Rc::new(view));
        }
    }

    /// The inputs with a fix applied, if the fix still fits the text it was computed for.
    fn with_fix(&self, fix: &Fix) -> Option<Inputs> {
        let mut next = (*self.inputs).clone();
        if fix.new_policy {
            let added = PolicyDoc::new(&fix.policy_name, &fix.patched);
            match fix.target {
                PolicyRef::Scp { level, .. } => next.levels.get_mut(level)?.policies.push(added),
                _ => next.identity.push(added),
            }
        } else {
            let p = next.policy_mut(fix.target)?;
            if *p.text != *fix.original {
                return None;
            }
            p.text = fix.patched.as_str().into();
        }
        Some(next)
    }

    /// True when there is something to undo.
    #[must_use]
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// True when there is something to redo.
    #[must_use]
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// The spans of the deciding statements of the current hop in one policy.
    #[must_use]
    pub fn decided_spans(&self, policy: PolicyRef) -> Vec<Span> {
        let Some(hop) = self.current_hop().and_then(|i| self.derived.hops.get(i)) else {
            return Vec::new();
        };
        hop.decided_by
            .iter()
            .filter(|s| s.at.policy == policy)
            .map(|s| s.span)
            .collect()
    }

    fn default_focus(&self, rev: u32, page: bool) -> Option<Focus> {
        let hop = self.current_hop().and_then(|i| self.derived.hops.get(i))?;
        let statement = hop.primary_statement()?;
        Some(Focus {
            policy: Some(statement.at.policy)?,
            span: statement.span,
            rev,
            page,
        })
    }

    fn next_focus_rev(&self) -> u32 {
        self.focus.map_or(1, |f| f.rev.wrapping_add(1))
    }

    /// Replaces the inputs, records an undo step unless the edit continues the previous one, and
    /// re-evaluates.
    fn commit(mut self, next: Inputs, key: Option<EditKey>, small: bool) -> Option<Self> {
        if next == *self.inputs {
            return None;
        }
        let continues = small && key.is_some() && key == self.last_edit;
        if !continues {
            let past = Rc::make_mut(&mut self.past);
            past.push(Rc::clone(&self.inputs));
            if past.len() > HISTORY_LIMIT {
                past.remove(0);
            }
        }
        self.future = Rc::default();
        self.last_edit = key;
        self.example = None;
        self.set_inputs(next);
        Some(self)
    }

    fn set_inputs(&mut self, next: Inputs) {
        let derived = Derived::compute(&next, self.limit_set, Some(&self.derived));
        self.inputs = Rc::new(next);
        self.derived = Rc::new(derived);
        self.revision += 1;
        self.refresh_share();
        // Keep the editor on the deciding statement as the verdict changes, without moving the page.
        let rev = self.next_focus_rev();
        match self.default_focus(rev, false) {
            Some(focus) if self.focus.map(|f| (f.policy, f.span)) == Some((focus.policy, focus.span)) => {}
            other => self.focus = other,
        }
    }

    fn replace_all(self, inputs: Inputs, example: Option<&'static str>) -> Self {
        let mut next = match self.clone().commit(inputs, None, false) {
            Some(next) => next,
            None => self,
        };
        next.last_edit = None;
        next.example = example;
        next.selected_hop = None;
        next.notice = None;
        let rev = next.next_focus_rev();
        next.focus = next.default_focus(rev, false);
        next
    }
}

/// True when `next` is `previous` with one character typed or deleted, and that character does not end
/// a word (so typing a word is one undo step, and a paste is always its own).
fn small_edit(previous: &str, next: &str) -> bool {
    let (a, b) = (previous.as_bytes(), next.as_bytes());
    if a.len().abs_diff(b.len()) > 4 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let removed = a.len() - prefix - suffix;
    let added = &next[prefix.min(next.len())..next.len() - suffix];
    match (removed, added.chars().count()) {
        (_, 0) if removed <= 4 => true,
        (0, 1) => !added.chars().all(|c| c.is_whitespace() || c == ',' || c == '"'),
        _ => false,
    }
}

fn edit(inputs: &Inputs, f: impl FnOnce(&mut Inputs)) -> Inputs {
    let mut next = inputs.clone();
    f(&mut next);
    next
}

impl Reducible for PlaygroundState {
    type Action = Action;

    #[allow(clippy::too_many_lines, reason = "one arm per action")]
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let state = (*self).clone();
        let inputs = &*state.inputs;
        let next = match action {
            Action::EditPolicy(id, text) => {
                let Some(old) = inputs.policy(id) else {
                    return self;
                };
                let small = small_edit(&old.text, &text);
                let next = edit(inputs, |i| {
                    if let Some(p) = i.policy_mut(id) {
                        p.text = text.into();
                    }
                });
                state.commit(next, Some(EditKey::Policy(id)), small)
            }
            Action::RenamePolicy(id, name) => {
                let next = edit(inputs, |i| {
                    if let Some(p) = i.policy_mut(id) {
                        p.name = name.into();
                    }
                });
                state.commit(next, Some(EditKey::PolicyName(id)), true)
            }
            Action::RemovePolicy(id) => {
                let next = edit(inputs, |i| match id {
                    PolicyRef::Scp { level, index } => {
                        if let Some(l) = i.levels.get_mut(level)
                            && index < l.policies.len()
                        {
                            l.policies.remove(index);
                        }
                    }
                    PolicyRef::Identity(index) => {
                        if index < i.identity.len() {
                            i.identity.remove(index);
                        }
                    }
                    PolicyRef::Boundary => i.boundary_enabled = false,
                    PolicyRef::Session => i.session_enabled = false,
                });
                state.commit(next, None, false)
            }
            Action::AddScp(level) => {
                let next = edit(inputs, |i| {
                    if let Some(l) = i.levels.get_mut(level) {
                        let name = unique_name("RegionDeny", l.policies.iter().map(|p| &*p.name));
                        l.policies.push(PolicyDoc::new(&name, NEW_POLICY));
                    }
                });
                state.commit(next, None, false)
            }
            Action::ToggleFullAccess(level) => {
                let next = edit(inputs, |i| {
                    if let Some(l) = i.levels.get_mut(level) {
                        if l.has_full_access() {
                            l.policies.retain(|p| &*p.name != FULL_AWS_ACCESS_NAME);
                        } else {
                            l.policies.insert(0, PolicyDoc::full_aws_access());
                        }
                    }
                });
                state.commit(next, None, false)
            }
            Action::AddLevel => {
                let next = edit(inputs, |i| {
                    let name = unique_name("ou-new", i.levels.iter().map(|l| &*l.target));
                    let at = i.levels.len().saturating_sub(1).max(1).min(i.levels.len());
                    i.levels.insert(at, LevelInput::with_full_access(&name));
                    i.scps_enabled = true;
                });
                state.commit(next, None, false)
            }
            Action::RemoveLevel(level) => {
                let next = edit(inputs, |i| {
                    if level < i.levels.len() {
                        i.levels.remove(level);
                    }
                });
                state.commit(next, None, false)
            }
            Action::RenameLevel(level, target) => {
                let next = edit(inputs, |i| {
                    if let Some(l) = i.levels.get_mut(level) {
                        l.target = target.into();
                    }
                });
                state.commit(next, Some(EditKey::Field("level", level)), true)
            }
            Action::MoveLevel { level, up } => {
                let next = edit(inputs, |i| {
                    let other = if up { level.checked_sub(1) } else { Some(level + 1) };
                    if let Some(other) = other
                        && other < i.levels.len()
                        && level < i.levels.len()
                    {
                        i.levels.swap(level, other);
                    }
                });
                state.commit(next, None, false)
            }
            Action::SetScpsEnabled(on) => {
                let next = edit(inputs, |i| {
                    i.scps_enabled = on;
                    if on && i.levels.is_empty() {
                        i.levels.push(LevelInput::with_full_access("r-root"));
                    }
                });
                state.commit(next, None, false)
            }
            Action::AddIdentity => {
                let next = edit(inputs, |i| {
                    let name = unique_name("IdentityPolicy", i.identity.iter().map(|p| &*p.name));
                    i.identity.push(PolicyDoc::new(&name, NEW_POLICY));
                });
                state.commit(next, None, false)
            }
            Action::SetBoundaryEnabled(on) => {
                let next = edit(inputs, |i| i.boundary_enabled = on);
                state.commit(next, None, false)
            }
            Action::SetSessionEnabled(on) => {
                let next = edit(inputs, |i| i.session_enabled = on);
                state.commit(next, None, false)
            }
            Action::SetPrincipal(arn) => {
                let next = edit(inputs, |i| i.principal = arn.into());
                state.commit(next, Some(EditKey::Field("principal", 0)), true)
            }
            Action::SetScope(scope) => {
                let next = edit(inputs, |i| i.principal_scope = scope);
                state.commit(next, None, false)
            }
            Action::AddContext => {
                let next = edit(inputs, |i| i.context.push(ContextRow::default()));
                state.commit(next, None, false)
            }
            Action::SetContextKey(row, key) => {
                let next = edit(inputs, |i| {
                    if let Some(r) = i.context.get_mut(row) {
                        r.key = key.into();
                    }
                });
                state.commit(next, Some(EditKey::Field("context-key", row)), true)
            }
            Action::SetContextValue(row, value) => {
                let next = edit(inputs, |i| {
                    if let Some(r) = i.context.get_mut(row) {
                        r.value = value.into();
                    }
                });
                state.commit(next, Some(EditKey::Field("context-value", row)), true)
            }
            Action::RemoveContext(row) => {
                let next = edit(inputs, |i| {
                    if row < i.context.len() {
                        i.context.remove(row);
                    }
                });
                state.commit(next, None, false)
            }
            Action::SetMode(mode) => {
                let next = edit(inputs, |i| {
                    i.mode = mode;
                    if mode == RequestMode::Plain && i.request.action.is_none() {
                        i.request.action = Some("bedrock:InvokeModel".into());
                        i.request.resource = Some(format!(
                            "arn:aws:bedrock:{}::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
                            i.source_region()
                        ));
                        i.request.region = Some(i.source_region().to_owned());
                    }
                });
                state.commit(next, None, false)
            }
            Action::SetProfile(profile) => {
                let next = edit(inputs, |i| {
                    i.mode = RequestMode::Bedrock;
                    // Keep the source Region when the new profile serves it; otherwise take its first.
                    if let Some(p) = Catalog::builtin().profile(&profile)
                        && p.route(i.source_region()).is_none()
                        && let Some(first) = preferred_source(&p.sources().collect::<Vec<_>>(), i.source_region())
                    {
                        i.request.source_region = Some(first);
                    } else if Catalog::builtin().profile(&profile).is_none() {
                        // A profile imported from the account: take a source Region it was read from.
                        let sources: Vec<&str> = i
                            .custom_profiles
                            .iter()
                            .filter(|c| c.id.as_deref() == Some(profile.as_str()))
                            .filter_map(|c| c.source_region.as_deref())
                            .collect();
                        if !sources.is_empty()
                            && !sources.contains(&i.source_region())
                            && let Some(first) = preferred_source(&sources, i.source_region())
                        {
                            i.request.source_region = Some(first);
                        }
                    }
                    i.request.profile = Some(profile);
                });
                state.commit(next, None, false)
            }
            Action::UseCustomProfile => {
                let next = edit(inputs, |i| {
                    i.mode = RequestMode::Bedrock;
                    if i.custom_profiles.first().and_then(|c| c.id.as_ref()).is_none() {
                        let source = i.source_region().to_owned();
                        i.custom_profiles.insert(
                            0,
                            CustomProfile {
                                id: Some("us.example.custom-model-v1:0".into()),
                                arn: None,
                                model: Some("example.custom-model-v1:0".into()),
                                source_region: Some(source.clone()),
                                destinations: vec![source.clone()],
                                copy_from: None,
                                imported_at: None,
                            },
                        );
                        i.custom_destinations = source.into();
                    }
                    let custom = &i.custom_profiles[0];
                    i.request.profile.clone_from(&custom.id);
                    i.request.source_region.clone_from(&custom.source_region);
                });
                state.commit(next, None, false)
            }
            Action::SetCustom(field, value) => {
                let next = edit(inputs, |i| {
                    let Some(custom) = i.custom_profiles.first_mut() else {
                        return;
                    };
                    match field {
                        CustomField::Id => {
                            if i.request.profile == custom.id {
                                i.request.profile = Some(value.clone());
                            }
                            custom.id = Some(value);
                        }
                        CustomField::Model => custom.model = Some(value),
                        CustomField::SourceRegion => {
                            if i.request.profile == custom.id {
                                i.request.source_region = Some(value.clone());
                            }
                            custom.source_region = Some(value);
                        }
                        CustomField::Destinations => {
                            custom.destinations = value
                                .split([',', ' ', '\n'])
                                .map(str::trim)
                                .filter(|s| !s.is_empty())
                                .map(ToOwned::to_owned)
                                .collect();
                            i.custom_destinations = value.into();
                        }
                    }
                });
                let key = match field {
                    CustomField::Id => 0,
                    CustomField::Model => 1,
                    CustomField::SourceRegion => 2,
                    CustomField::Destinations => 3,
                };
                state.commit(next, Some(EditKey::Field("custom", key)), true)
            }
            Action::SetSourceRegion(region) => {
                let next = edit(inputs, |i| {
                    if let Some(custom) = i.custom_profiles.first_mut()
                        && custom.id.is_some()
                        && custom.id == i.request.profile
                    {
                        custom.source_region = Some(region.clone());
                    }
                    i.request.source_region = Some(region);
                });
                state.commit(next, None, false)
            }
            Action::PickCall(profile, region) => {
                let next = edit(inputs, |i| {
                    i.mode = RequestMode::Bedrock;
                    i.request.profile = Some(profile);
                    i.request.source_region = Some(region);
                });
                state.commit(next, None, false)
            }
            Action::SetApi(api) => {
                let next = edit(inputs, |i| i.request.api = Some(api));
                state.commit(next, None, false)
            }
            Action::SetPlain(field, value) => {
                let next = edit(inputs, |i| {
                    let slot = match field {
                        PlainField::Action => &mut i.request.action,
                        PlainField::Resource => &mut i.request.resource,
                        PlainField::Region => &mut i.request.region,
                    };
                    *slot = Some(value);
                });
                let key = match field {
                    PlainField::Action => 0,
                    PlainField::Resource => 1,
                    PlainField::Region => 2,
                };
                state.commit(next, Some(EditKey::Field("plain", key)), true)
            }
            Action::LoadExample(id) => match examples::by_id(id).and_then(|e| e.scenario()) {
                Some(scenario) => Some(state.replace_all(Inputs::from_scenario(&scenario), Some(id))),
                None => return self,
            },
            Action::LoadParsed(scenario) => Some(state.replace_all(Inputs::from_scenario(&scenario), None)),
            Action::LoadScenario(text) => match Scenario::from_json(&text) {
                Ok(scenario) => {
                    let mut next = state.replace_all(Inputs::from_scenario(&scenario), None);
                    next.notice = Some(Notice {
                        error: false,
                        text: "Scenario loaded. Undo brings back what was there before.".into(),
                    });
                    Some(next)
                }
                Err(d) => {
                    let mut next = state;
                    let place = match (d.line, d.column) {
                        (Some(l), Some(c)) => format!("line {l}, column {c}: "),
                        _ => String::new(),
                    };
                    next.notice = Some(Notice {
                        error: true,
                        text: format!("Not loaded, nothing was changed. {place}{} ({})", d.message, d.code),
                    });
                    Some(next)
                }
            },
            Action::Undo => {
                let mut next = state;
                let Some(previous) = Rc::make_mut(&mut next.past).pop() else {
                    return self;
                };
                Rc::make_mut(&mut next.future).push(Rc::clone(&next.inputs));
                next.last_edit = None;
                next.example = None;
                next.set_inputs((*previous).clone());
                Some(next)
            }
            Action::Redo => {
                let mut next = state;
                let Some(following) = Rc::make_mut(&mut next.future).pop() else {
                    return self;
                };
                Rc::make_mut(&mut next.past).push(Rc::clone(&next.inputs));
                next.last_edit = None;
                next.example = None;
                next.set_inputs((*following).clone());
                Some(next)
            }
            Action::SelectHop(index) => {
                if index >= state.derived.hops.len() {
                    return self;
                }
                let mut next = state;
                next.selected_hop = Some(index);
                let rev = next.next_focus_rev();
                next.focus = next.default_focus(rev, false);
                next.last_edit = None;
                Some(next)
            }
            Action::FocusStatement(policy, span) => {
                let mut next = state;
                let rev = next.next_focus_rev();
                next.focus = Some(Focus {
                    policy,
                    span,
                    rev,
                    page: true,
                });
                Some(next)
            }
            Action::SetTheme(theme) => {
                if theme == state.theme {
                    return self;
                }
                let mut next = state;
                next.theme = theme;
                Some(next)
            }
            Action::Settle(revision) => {
                if revision != state.revision || !state.needs_settle() {
                    return self;
                }
                let mut next = state;
                next.settled = Some(Rc::new(next.settle()));
                next.refresh_share();
                Some(next)
            }
            Action::ApplyFix(index) => {
                let Some(fix) = state.fresh().and_then(|s| s.fixes.get(index)).cloned() else {
                    return self;
                };
                let Some(inputs) = state.with_fix(&fix) else {
                    return self;
                };
                let Some(mut next) = state.commit(inputs, None, false) else {
                    return self;
                };
                next.last_edit = None;
                let outcome = match next.derived.verdict.decision {
                    Some(Decision::Allow) => "the call is now allowed",
                    _ => "the call is still denied",
                };
                next.notice = Some(Notice {
                    error: false,
                    text: format!(
                        "Applied \u{201c}{}\u{201d} to the {}: {outcome}. Undo reverts it.",
                        fix.title, fix.policy_label
                    ),
                });
                Some(next)
            }
            Action::SetLimitSet(set) => {
                if set == state.limit_set {
                    return self;
                }
                let mut next = state;
                next.limit_set = set;
                next.derived = Rc::new(Derived::compute(&next.inputs, set, Some(&next.derived)));
                Some(next)
            }
            Action::Minify(id) => {
                let Some(old) = inputs.policy(id) else {
                    return self;
                };
                match size::minify(&old.text) {
                    Ok(minified) => {
                        let saved = old.text.chars().count() - minified.chars().count();
                        let next = edit(inputs, |i| {
                            if let Some(p) = i.policy_mut(id) {
                                p.text = minified.into();
                            }
                        });
                        state.commit(next, None, false).map(|mut next| {
                            next.last_edit = None;
                            next.notice = Some(Notice {
                                error: false,
                                text: format!("Minified: {saved} characters fewer. Undo brings the layout back."),
                            });
                            next
                        })
                    }
                    Err(_) => {
                        let mut next = state;
                        next.notice = Some(Notice {
                            error: true,
                            text: "Not minified: the policy has JSON errors; fix them first.".into(),
                        });
                        Some(next)
                    }
                }
            }
            Action::ApplyHint(id, index) => {
                let Some(hint) = state
                    .fresh()
                    .and_then(|s| s.hints.get(&id))
                    .and_then(|h| h.get(index))
                    .cloned()
                else {
                    return self;
                };
                // The hints are fresh, so they were computed for this text; the author's layout stays.
                let next = edit(inputs, |i| {
                    if let Some(p) = i.policy_mut(id) {
                        p.text = hint.edited.as_str().into();
                    }
                });
                state.commit(next, None, false).map(|mut next| {
                    next.last_edit = None;
                    next.notice = Some(Notice {
                        error: false,
                        text: format!(
                            "{} ({} characters fewer). Undo reverts it.",
                            hint.description, hint.saves
                        ),
                    });
                    next
                })
            }
            Action::OpenLink(link) => match share::decode(&link) {
                Ok(shared) => {
                    let mut next = state.replace_all(Inputs::from_scenario(&shared.scenario), None);
                    let mut text = format!(
                        "Opened a shared scenario (ID {}). Undo brings back what was here before.",
                        shared.id
                    );
                    if let Some(note) = shared.catalog_notice() {
                        text.push_str(" Note: ");
                        text.push_str(&note);
                        text.push('.');
                    }
                    next.notice = Some(Notice { error: false, text });
                    Some(next)
                }
                Err(e) => {
                    let mut next = state;
                    next.notice = Some(Notice {
                        error: true,
                        text: format!(
                            "The link did not open, nothing was changed: {e} ({}). {}",
                            e.code(),
                            e.help()
                        ),
                    });
                    Some(next)
                }
            },
            Action::ShowShare(open) => {
                if open == state.share_open {
                    return self;
                }
                let mut next = state;
                next.share_open = open;
                next.refresh_share();
                Some(next)
            }
            Action::SetShareMinify(minify) => {
                if minify == state.share_minify {
                    return self;
                }
                let mut next = state;
                next.share_minify = minify;
                next.refresh_share();
                Some(next)
            }
            Action::ShowMatrix(open) => {
                if open == state.matrix_open {
                    return self;
                }
                let mut next = state;
                next.matrix_open = open;
                Some(next)
            }
            Action::Bench(action) => state.reduce_bench(action),
            Action::DismissNotice => {
                if state.notice.is_none() {
                    return self;
                }
                let mut next = state;
                next.notice = None;
                Some(next)
            }
        };
        next.map_or(self, Rc::new)
    }
}

/// The source Region to switch to when a profile does not serve the current one: one in the same
/// partition and continent if possible, else the first.
fn preferred_source(sources: &[&str], current: &str) -> Option<String> {
    let continent = current.split('-').next().unwrap_or_default();
    sources
        .iter()
        .find(|s| s.split('-').next() == Some(continent))
        .or_else(|| sources.first())
        .map(|s| (*s).to_owned())
}

/// `base`, or `base2`, `base3`… whichever is not taken.
fn unique_name<'a>(base: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    if !taken.clone().any(|t| t == base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|candidate| !taken.clone().any(|t| t == candidate))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use crisscross_core::context::Origin;

    use super::*;

    fn start() -> Rc<PlaygroundState> {
        Rc::new(PlaygroundState::with_default_example(Theme::Light))
    }

    fn scp_text(state: &PlaygroundState) -> String {
        state.inputs.levels[1].policies[1].text.to_string()
    }

    const DENY: PolicyRef = PolicyRef::Scp { level: 1, index: 1 };

    #[test]
    fn opens_on_the_control_tower_denial() {
        let state = start();
        assert_eq!(state.derived.verdict.decision, Some(Decision::ExplicitDeny));
        assert!(state.derived.verdict.sentence.starts_with("Denied (2 of 4 checks)"));
        assert!(
            state
                .derived
                .verdict
                .message
                .as_deref()
                .unwrap_or_default()
                .contains("explicit deny in a service control policy")
        );
        // The first denied hop is shown, and its deciding statement is focused in its editor.
        assert_eq!(state.current_hop(), Some(2));
        let focus = state.focus.unwrap();
        assert_eq!(focus.policy, DENY);
        let text = scp_text(&state);
        assert!(text[focus.span.range()].contains("GRREGIONDENY"));
        assert_eq!(state.decided_spans(DENY), vec![focus.span]);
    }

    #[test]
    fn every_edit_re_evaluates_and_a_fix_turns_the_call_to_allow() {
        let state = start();
        let text = scp_text(&state).replace("\"us-east-1\"", "\"us-east-1\", \"us-east-2\", \"us-west-2\"");
        let state = state.reduce(Action::EditPolicy(DENY, text));
        assert_eq!(state.derived.verdict.decision, Some(Decision::Allow));
        assert_eq!(state.revision, 2);
        assert!(state.derived.hops.iter().all(|h| h.decision.is_allow()));
    }

    #[test]
    fn a_bad_paste_keeps_the_text_reports_the_line_and_undo_restores() {
        let state = start();
        let before = scp_text(&state);
        let broken = before.replacen("\"Effect\": \"Deny\"", "\"Effect\": \"Deny\",,", 1);
        let state = state.reduce(Action::EditPolicy(DENY, broken.clone()));
        assert_eq!(scp_text(&state), broken);
        assert_eq!(state.derived.verdict.decision, None);
        let diags = state
            .derived
            .per_policy
            .get(&DENY)
            .expect("diagnostics on the edited SCP");
        let line = broken.lines().position(|l| l.contains(",,")).unwrap() + 1;
        assert_eq!(diags[0].line, Some(u32::try_from(line).unwrap()));
        assert!(state.derived.hops.is_empty());
        assert_eq!(
            state.focus, None,
            "nothing is marked as deciding while the input is invalid"
        );
        let state = state.reduce(Action::Undo);
        assert_eq!(scp_text(&state), before);
        assert_eq!(state.derived.verdict.decision, Some(Decision::ExplicitDeny));
        let state = state.reduce(Action::Redo);
        assert_eq!(scp_text(&state), broken);
    }

    #[test]
    fn typing_a_word_is_one_undo_step() {
        let mut state = start();
        let base = scp_text(&state);
        let mut text = base.clone();
        for c in "abc".chars() {
            text.insert(1, c);
            state = state.reduce(Action::EditPolicy(DENY, text.clone()));
        }
        state = state.reduce(Action::Undo);
        assert_eq!(scp_text(&state), base);
        assert!(!state.can_undo());
    }

    #[test]
    fn unchanged_parts_keep_their_rc() {
        let state = start();
        let hops = Rc::clone(&state.derived.hops);
        let verdict = Rc::clone(&state.derived.verdict);
        // A change that does not alter the result: a space after a comma.
        let text = format!("{}\n", scp_text(&state));
        let next = state.reduce(Action::EditPolicy(DENY, text));
        assert!(Rc::ptr_eq(&hops, &next.derived.hops));
        assert!(Rc::ptr_eq(&verdict, &next.derived.verdict));
        assert_eq!(next.revision, 2);
    }

    #[test]
    fn no_op_actions_return_the_same_state() {
        let state = start();
        let same = Rc::clone(&state).reduce(Action::EditPolicy(DENY, scp_text(&state)));
        assert!(Rc::ptr_eq(&state, &same));
        let same = Rc::clone(&state).reduce(Action::DismissNotice);
        assert!(Rc::ptr_eq(&state, &same));
        let same = Rc::clone(&state).reduce(Action::Undo);
        assert!(Rc::ptr_eq(&state, &same));
    }

    #[test]
    fn scp_levels_can_be_added_renamed_moved_and_removed() {
        let state = start();
        let state = state.reduce(Action::AddLevel);
        assert_eq!(state.inputs.levels.len(), 4);
        assert_eq!(&*state.inputs.levels[2].target, "ou-new");
        assert!(state.inputs.levels[2].has_full_access());
        let state = state.reduce(Action::RenameLevel(2, "ou-ml".into()));
        let state = state.reduce(Action::MoveLevel { level: 2, up: true });
        assert_eq!(&*state.inputs.levels[1].target, "ou-ml");
        // The deny moved to level 2: the call is still denied by it.
        assert_eq!(state.derived.verdict.decision, Some(Decision::ExplicitDeny));
        let state = state.reduce(Action::ToggleFullAccess(1));
        assert!(state.inputs.levels[1].policies.is_empty());
        // A level with no SCP denies everything.
        assert!(
            state.derived.verdict.sentence.contains("no SCP at `ou-ml`"),
            "{}",
            state.derived.verdict.sentence
        );
        let state = state.reduce(Action::RemoveLevel(1));
        assert_eq!(state.inputs.levels.len(), 3);
        assert_eq!(state.derived.verdict.decision, Some(Decision::ExplicitDeny));
    }

    #[test]
    fn picking_a_profile_keeps_or_fixes_the_source_region() {
        let state = start();
        let state = state.reduce(Action::SetProfile("eu.amazon.nova-pro-v1:0".into()));
        assert!(
            state.inputs.source_region().starts_with("eu-"),
            "{}",
            state.inputs.source_region()
        );
        assert!(
            state.derived.verdict.decision.is_some(),
            "{}",
            state.derived.verdict.sentence
        );
        let state = state.reduce(Action::SetSourceRegion("us-west-1".into()));
        assert_eq!(state.derived.verdict.decision, None);
        assert!(
            state
                .derived
                .diagnostics
                .iter()
                .any(|d| d.diagnostic.code == "unserved-source-region")
        );
    }

    #[test]
    fn a_bad_scenario_paste_changes_nothing() {
        let state = start();
        let inputs = Rc::clone(&state.inputs);
        let state = state.reduce(Action::LoadScenario("{\"version\": 1,".into()));
        assert!(Rc::ptr_eq(&inputs, &state.inputs));
        assert!(state.notice.as_ref().is_some_and(|n| n.error));
        let json = examples::EXAMPLES[2].json.to_owned();
        let state = state.reduce(Action::LoadScenario(json));
        assert_eq!(state.inputs.profile(), "eu.amazon.nova-pro-v1:0");
        let state = state.reduce(Action::Undo);
        assert_eq!(state.inputs, inputs);
    }

    #[test]
    fn context_rows_reach_the_hops_with_their_origin() {
        let state = start();
        let state = state.reduce(Action::AddContext);
        let state = state.reduce(Action::SetContextKey(0, "aws:PrincipalOrgID".into()));
        let state = state.reduce(Action::SetContextValue(0, "o-abc123".into()));
        let hop = &state.derived.hops[0];
        let row = hop.key_context().find(|c| c.key == "aws:PrincipalOrgID").unwrap();
        assert_eq!(row.origin, Origin::User);
        let region = hop.key_context().find(|c| c.key == "aws:RequestedRegion").unwrap();
        assert_eq!(region.origin, Origin::Derived);
    }

    #[test]
    fn selecting_a_hop_focuses_its_deciding_statement() {
        let state = start();
        let state = state.reduce(Action::SelectHop(0));
        assert_eq!(state.current_hop(), Some(0));
        // The profile hop is allowed: focus goes to an allowing statement.
        assert!(state.focus.is_some());
        let state = state.reduce(Action::SelectHop(99));
        assert_eq!(state.current_hop(), Some(0));
    }

    #[test]
    fn diagnostics_map_to_their_editor() {
        let state = start();
        let broken = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"*\", \"Resource\": \"*\"}]}";
        let id = PolicyRef::Identity(0);
        let state = state.reduce(Action::EditPolicy(id, broken.into()));
        let diags = state.derived.per_policy.get(&id).unwrap();
        assert_eq!(diags[0].code, "invalid-effect");
        assert_eq!(diags[0].line, Some(1));
    }

    #[test]
    fn settling_suggests_fixes_and_one_click_allows_the_call() {
        let state = start();
        assert!(state.needs_settle());
        // A stale revision is ignored.
        let same = Rc::clone(&state).reduce(Action::Settle(0));
        assert!(Rc::ptr_eq(&state, &same));
        let state = state.reduce(Action::Settle(1));
        let fixes = Rc::clone(&state.fresh().unwrap().fixes);
        assert!(!fixes.is_empty());
        assert!(fixes[0].resolves);
        assert!(!state.needs_settle());
        let state = state.reduce(Action::ApplyFix(0));
        assert_eq!(
            state.derived.verdict.decision,
            Some(Decision::Allow),
            "{}",
            state.derived.verdict.sentence
        );
        assert!(state.fresh().is_none());
        let state = state.reduce(Action::Undo);
        assert_eq!(state.derived.verdict.decision, Some(Decision::ExplicitDeny));
    }

    #[test]
    fn the_matrix_is_computed_only_when_shown() {
        let state = start().reduce(Action::Settle(1));
        assert!(state.fresh().unwrap().matrix.is_none());
        let state = state.reduce(Action::ShowMatrix(true));
        assert!(state.needs_settle());
        let state = state.reduce(Action::Settle(1));
        let matrix = state.fresh().unwrap().matrix.clone().unwrap();
        assert!(matrix.rows.len() > 10);
        assert_eq!(matrix.api, "Converse");
    }

    #[test]
    fn sizes_follow_the_text_and_the_quota_set() {
        let state = start();
        let size = Rc::clone(&state.derived.sizes[&DENY]);
        assert_eq!(size.limit, 10_240);
        assert!(size.every_character);
        assert_eq!(size.counted, size.written);
        assert_eq!(size.written, scp_text(&state).chars().count());
        // Editing another policy keeps this measurement.
        let other = PolicyRef::Identity(0);
        let text = format!("{} ", state.inputs.policy(other).unwrap().text);
        let state = state.reduce(Action::EditPolicy(other, text));
        assert!(Rc::ptr_eq(&size, &state.derived.sizes[&DENY]));
        let identity = &state.derived.sizes[&other];
        assert!(!identity.every_character);
        assert_eq!(identity.limit, 6_144);
        let state = state.reduce(Action::SetLimitSet(LimitSet::Legacy));
        assert_eq!(state.derived.sizes[&DENY].limit, 5_120);
    }

    #[test]
    fn minify_and_hints_make_room_and_undo_restores() {
        let state = start();
        let before = scp_text(&state);
        let state = state.reduce(Action::Minify(DENY));
        let after = scp_text(&state);
        assert!(!after.contains('\n'));
        assert_eq!(state.derived.sizes[&DENY].written, state.derived.sizes[&DENY].minified);
        assert_eq!(state.derived.verdict.decision, Some(Decision::ExplicitDeny));
        let state = state.reduce(Action::Undo);
        assert_eq!(scp_text(&state), before);
        let revision = state.revision;
        let state = state.reduce(Action::Settle(revision));
        let hints = Rc::clone(&state.fresh().unwrap().hints[&DENY]);
        assert!(!hints.is_empty());
        let state = state.reduce(Action::ApplyHint(DENY, 0));
        assert!(scp_text(&state).contains('\n'), "the layout is kept");
        assert!(scp_text(&state).chars().count() < before.chars().count());
        assert_eq!(state.derived.verdict.decision, Some(Decision::ExplicitDeny));
    }

    #[test]
    fn share_links_round_trip_and_bad_links_change_nothing() {
        let state = start().reduce(Action::ShowShare(true));
        let share = Rc::clone(state.share.as_ref().unwrap());
        assert!(share.url.contains("#v1.d."), "{}", share.url);
        assert_eq!(share.id.len(), 12);
        assert!(share.markdown.contains(&share.url));
        assert!(share.markdown.contains("GRREGIONDENY"));
        let minified = Rc::clone(&state).reduce(Action::SetShareMinify(true));
        assert!(minified.share.as_ref().unwrap().url.len() < share.url.len());
        // Open the link on a page with other inputs.
        let other = state.reduce(Action::LoadExample("eu-landing-zone-nova-pro-eu-central-1-denied"));
        let opened = Rc::clone(&other).reduce(Action::OpenLink(share.url.clone()));
        assert_eq!(opened.inputs.profile(), "us.anthropic.claude-sonnet-4-5-20250929-v1:0");
        assert!(
            opened
                .notice
                .as_ref()
                .is_some_and(|n| !n.error && n.text.contains(&share.id))
        );
        assert_eq!(opened.derived.verdict.decision, Some(Decision::ExplicitDeny));
        // A cut link says so and keeps the inputs.
        let cut = &share.url[..share.url.len() - 40];
        let broken = Rc::clone(&other).reduce(Action::OpenLink(cut.to_owned()));
        assert!(Rc::ptr_eq(&broken.inputs, &other.inputs));
        assert!(
            broken
                .notice
                .as_ref()
                .is_some_and(|n| n.error && n.text.contains("link-")),
            "{:?}",
            broken.notice
        );
    }

    #[test]
    fn small_edits_are_detected() {
        assert!(small_edit("abc", "abxc"));
        assert!(small_edit("abc", "ac"));
        assert!(!small_edit("abc", "ab c"));
        assert!(!small_edit("abc", "abcdefgh"));
    }
}
