//! What the page shows of the inputs' evaluation, recomputed on every edit: the verdict, the hops, the
//! diagnostics per editor and the size of every policy. Only edited policies are parsed again and only
//! the shown hop has its statements explained; parts that did not change keep their `Rc`, so the
//! components that show them are not re-rendered.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use crisscross_core::analysis::{Analysis, ParseCache, Prepared};
use crisscross_core::report::explain::{self, StatementExplanation, StatementInfo};

use crisscross_core::diagnostic::{Diagnostic, Severity};
use crisscross_core::evaluate::{Decision, Evaluation, PolicySet, Reason};
use crisscross_core::policy::PolicyType;
use crisscross_core::report::{Explain, HopReport, Report, report_with};
use crisscross_core::route::catalog::Catalog;
use crisscross_core::route::hop::{Hop, RouteInfo};
use crisscross_core::scenario::{Layer, PolicyRef, Scenario};
use crisscross_core::size::{self, Counting, LimitSet};

use crate::model::{Inputs, TextCopies};

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

impl VerdictView {
    fn of(report: &Report) -> Self {
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
        Self {
            decision: report.decision,
            blocked_by: report.blocked_by,
            sentence: report.verdict.clone(),
            message,
            route: report.route.clone(),
            errors,
            warnings: report.diagnostics.len() - errors,
        }
    }
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

impl DiagView {
    fn all(report: &Report, scenario: &Scenario) -> Vec<Self> {
        report
            .diagnostics
            .iter()
            .map(|d| Self {
                policy: d.policy,
                place: d
                    .policy
                    .map_or_else(|| "the scenario".to_owned(), |at| scenario.label(at)),
                diagnostic: d.clone(),
            })
            .collect()
    }
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

    /// True when it was measured on this text against this quota set.
    fn measures(&self, text: &Rc<str>, set: LimitSet) -> bool {
        self.set == set && (Rc::ptr_eq(&self.text, text) || *self.text == **text)
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
    /// The diagnostics outside the policies' text, which typing into a policy leaves as they are, so
    /// the panels that show them are not drawn again.
    pub scenario_diagnostics: Rc<Vec<DiagView>>,
    /// Diagnostics per editor.
    pub per_policy: BTreeMap<PolicyRef, Rc<Vec<Diagnostic>>>,
    /// Size of every policy against its quota.
    pub sizes: BTreeMap<PolicyRef, Rc<SizeView>>,
    /// How long the evaluation took, in milliseconds.
    pub eval_ms: f64,
    /// The policies parsed so far, by text: shared with the next evaluation.
    cache: Rc<RefCell<ParseCache>>,
    /// The policy texts as the scenario holds them: shared with the next evaluation.
    texts: Rc<RefCell<TextCopies>>,
    /// What was evaluated, when the inputs are valid: to explain a hop when it is shown.
    evaluated: Option<Rc<(Prepared, Analysis)>>,
    /// The statements of the last hop explained, and whether all were asked for.
    explained: RefCell<Option<(ExplainedKey, Rc<Explained>)>>,
}

/// Keeps the previous `Rc` when the new value is equal, so props compare equal and nothing re-renders.
fn keep<T: PartialEq>(previous: Option<&Rc<T>>, next: T) -> Rc<T> {
    match previous {
        Some(p) if **p == next => Rc::clone(p),
        _ => Rc::new(next),
    }
}

/// True when two lists of hops show the same in a panel that does not point into the policy text (the
/// route map, the hop table): they differ at most in where the deciding statements sit, which typing
/// earlier in their policy moves on every keystroke.
#[must_use]
pub fn same_apart_from_spans(before: &[HopReport], after: &[HopReport]) -> bool {
    let same_statement = |x: &StatementInfo, y: &StatementInfo| {
        // Every field but the span, named so that a new field is not left out unnoticed.
        let StatementInfo {
            at,
            policy_name,
            target,
            sid,
            span: _,
            label,
        } = x;
        *at == y.at && *policy_name == y.policy_name && *target == y.target && *sid == y.sid && *label == y.label
    };
    before.len() == after.len()
        && before.iter().zip(after).all(|(x, y)| {
            let HopReport {
                kind,
                region,
                action,
                resource,
                decision,
                blocked_by,
                decided_by,
                message,
                context,
                statements,
                depends_on,
                unresolved_variables,
            } = x;
            *kind == y.kind
                && *region == y.region
                && *action == y.action
                && *resource == y.resource
                && *decision == y.decision
                && *blocked_by == y.blocked_by
                && *message == y.message
                && *context == y.context
                && *statements == y.statements
                && *depends_on == y.depends_on
                && *unresolved_variables == y.unresolved_variables
                && decided_by.len() == y.decided_by.len()
                && decided_by.iter().zip(&y.decided_by).all(|(a, b)| same_statement(a, b))
        })
}

impl Derived {
    /// Evaluates the inputs at `clock` (seconds since the epoch) unless they set their own time,
    /// reusing unchanged parts of `previous`.
    #[must_use]
    pub fn compute(inputs: &Inputs, set: LimitSet, clock: Option<i64>, previous: Option<&Self>) -> Self {
        let started = crate::platform::now_ms();
        let texts = previous.map_or_else(Rc::default, |p| Rc::clone(&p.texts));
        let mut scenario = {
            let mut copies = texts.borrow_mut();
            let scenario = inputs.to_scenario_sharing(&mut copies);
            copies.sweep();
            scenario
        };
        let cache = previous.map_or_else(Rc::default, |p| Rc::clone(&p.cache));
        // The page's clock is not part of the scenario (links and files leave the time open): it is
        // lent to the scenario for this evaluation only.
        let lend_clock = scenario.evaluation_time.is_none();
        if lend_clock {
            scenario.evaluation_time = clock.and_then(crisscross_core::time::format_timestamp);
        }
        let (report, evaluated) = {
            let mut parsed = cache.borrow_mut();
            let outcome = report_with(&scenario, Catalog::builtin(), &mut parsed, Explain::NoHop);
            parsed.sweep();
            outcome
        };
        if lend_clock {
            scenario.evaluation_time = None;
        }
        let eval_ms = crate::platform::now_ms() - started;
        let diagnostics = DiagView::all(&report, &scenario);
        Self {
            verdict: keep(previous.map(|p| &p.verdict), VerdictView::of(&report)),
            hops: keep(previous.map(|p| &p.hops), report.hops.clone()),
            per_policy: per_policy(&diagnostics, previous),
            scenario_diagnostics: keep(
                previous.map(|p| &p.scenario_diagnostics),
                diagnostics.iter().filter(|d| d.policy.is_none()).cloned().collect(),
            ),
            diagnostics: keep(previous.map(|p| &p.diagnostics), diagnostics),
            sizes: sizes(inputs, set, previous),
            scenario: keep(previous.map(|p| &p.scenario), scenario),
            report: Rc::new(report),
            eval_ms,
            cache,
            texts,
            evaluated: evaluated.map(Rc::new),
            explained: RefCell::default(),
        }
    }

    /// Nothing evaluated yet: what a state holds until [`Derived::compute`] runs. Built without
    /// evaluating anything: nobody sees it, and even evaluating empty inputs delays the page's first
    /// verdict.
    #[must_use]
    pub fn not_yet_evaluated() -> Self {
        let report = Report::default();
        Self {
            scenario: Rc::new(Inputs::default().to_scenario()),
            verdict: Rc::new(VerdictView::of(&report)),
            report: Rc::new(report),
            hops: Rc::default(),
            diagnostics: Rc::default(),
            scenario_diagnostics: Rc::default(),
            per_policy: BTreeMap::new(),
            sizes: BTreeMap::new(),
            eval_ms: 0.0,
            cache: Rc::default(),
            texts: Rc::default(),
            evaluated: None,
            explained: RefCell::default(),
        }
    }

    /// A copy of the policies parsed so far, for work that parses variants of them.
    #[must_use]
    pub fn parse_cache(&self) -> ParseCache {
        self.cache.borrow().clone()
    }

    /// The parsed policies and planned hops, and their decisions, when the inputs are valid.
    #[must_use]
    pub fn evaluated(&self) -> Option<Rc<(Prepared, Analysis)>> {
        self.evaluated.clone()
    }

    /// The statements of hop `index` its explanation shows, and why each applied or not: every one that
    /// applies, and the first twelve that do not unless `all`. Explained when first asked
    /// for and only those shown: only the shown hop needs them, and an organization's hop considers
    /// hundreds of statements.
    #[must_use]
    pub fn statements(&self, index: usize, all: bool) -> Rc<Explained> {
        if let Some((at, explained)) = &*self.explained.borrow()
            && *at == (index, all)
        {
            return Rc::clone(explained);
        }
        let explained = Rc::new(
            self.evaluated
                .as_deref()
                .and_then(|(prepared, analysis)| {
                    let hop = analysis.hops.get(index)?;
                    Some(Explained::of(&prepared.policies, &hop.hop, &hop.evaluation, all))
                })
                .unwrap_or_default(),
        );
        *self.explained.borrow_mut() = Some(((index, all), Rc::clone(&explained)));
        explained
    }
}

/// A hop's index and whether every statement of it was asked for.
type ExplainedKey = (usize, bool);

/// Statements that do not apply explained without asking; an organization's hundreds wait for a click.
const SHOWN_SKIPPED: usize = 12;

/// The statements of a hop its explanation shows.
#[derive(Debug, Default, PartialEq)]
pub struct Explained {
    /// In layer order: every statement that applies, and the first twelve that do not
    /// unless all were asked for.
    pub shown: Vec<StatementExplanation>,
    /// How many statements were considered.
    pub considered: usize,
    /// How many that do not apply are not shown.
    pub hidden: usize,
}

impl Explained {
    fn of(policies: &PolicySet, hop: &Hop, evaluation: &Evaluation, all: bool) -> Self {
        let mut skipped = 0;
        let mut hidden = 0;
        let mut shown = Vec::new();
        for outcome in &evaluation.outcomes {
            let applies = outcome.reason == Reason::Applies;
            if !applies {
                skipped += 1;
                if !all && skipped > SHOWN_SKIPPED {
                    hidden += 1;
                    continue;
                }
            }
            shown.push(explain::statement(policies, hop, outcome));
        }
        Self {
            shown,
            considered: evaluation.outcomes.len(),
            hidden,
        }
    }
}

/// The diagnostics of each policy's editor.
fn per_policy(diagnostics: &[DiagView], previous: Option<&Derived>) -> BTreeMap<PolicyRef, Rc<Vec<Diagnostic>>> {
    let mut grouped: BTreeMap<PolicyRef, Vec<Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        if let Some(id) = d.policy {
            grouped.entry(id).or_default().push(d.diagnostic.clone());
        }
    }
    crisscross_core::order::map_of(
        grouped
            .into_iter()
            .map(|(id, list)| (id, keep(previous.and_then(|p| p.per_policy.get(&id)), list))),
    )
}

/// The size of every policy that takes part, measured again only when its text or the quotas changed.
fn sizes(inputs: &Inputs, set: LimitSet, previous: Option<&Derived>) -> BTreeMap<PolicyRef, Rc<SizeView>> {
    crisscross_core::order::map_of(inputs.active_policies().iter().filter_map(|id| {
        let text = &inputs.policy(*id)?.text;
        let reused = previous
            .and_then(|p| p.sizes.get(id))
            .filter(|s| s.measures(text, set))
            .cloned();
        Some((
            *id,
            reused.unwrap_or_else(|| Rc::new(SizeView::measure(text, policy_type(*id), set))),
        ))
    }))
}
