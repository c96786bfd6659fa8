//! The workbench: start from the real denial (an AccessDenied message or a CloudTrail event), review a
//! change against a snapshot by its blast radius, workshop expectations (predict, then reveal), and
//! routes read from the user's own account (`aws bedrock list-inference-profiles`).
//!
//! Everything here is reducer logic on [`PlaygroundState`]; the components in
//! `components::{import, diff, expectations, routes}` only render it.

use std::rc::Rc;

use crisscross_core::diagnostic::Diagnostic;
use crisscross_core::diff::{Diff, diff};
use crisscross_core::evaluate::Decision;
use crisscross_core::expect::check_report;
use crisscross_core::import::denial::{Imported, import};
use crisscross_core::import::routes::{ImportedRoute, RouteChange, compare, parse_aws_output};
use crisscross_core::report::{HopReport, Report};
use crisscross_core::route::catalog::Catalog;
use crisscross_core::route::hop::{HopKind, UNSPECIFIED_REGION};
use crisscross_core::scenario::Layer;
use crisscross_core::scenario::{Expect, ExpectHop, PolicyRef, Scenario};

use super::organization::PasteView;
use super::own_work::claim;
use super::{Notice, PlaygroundState, VerdictView};

/// What the workbench panels ask the reducer to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BenchAction {
    /// Read a pasted AccessDenied message or CloudTrail event (nothing changes in the scenario yet).
    ReadDenial(String),
    /// Fill the principal and the call from what was read, with the profile and the source Region
    /// picked among the candidates where the message does not name them.
    ApplyDenial {
        /// One of the candidate profiles, when the message names only a model.
        profile: Option<String>,
        /// One of the candidate source Regions, when the message does not name it.
        source: Option<String>,
    },
    /// Remember the current scenario to compare later versions against.
    TakeSnapshot,
    /// Forget the snapshot.
    ClearSnapshot,
    /// Compare the snapshot with this revision (ignored when stale or already done).
    ComputeDiff(u64),
    /// Hide (true) or reveal (false) the verdicts, for predict-then-reveal exercises.
    SetPredict(bool),
    /// Write the current verdicts into the scenario's `expect` block.
    RecordExpectations,
    /// Remove the scenario's `expect` block.
    ClearExpectations,
    /// Read pasted `aws bedrock list-inference-profiles` / `get-inference-profile` output.
    ReadRoutes(String),
    /// Add the routes read to the scenario's custom profiles, dated (YYYY-MM-DD).
    MergeRoutes(String),
    /// Read pasted AWS CLI output: an organization or IAM bundle, authorization details, a captured
    /// policy, a decoded authorization message (nothing changes in the scenario yet).
    ReadPaste(String),
    /// Put what was read into the scenario; a captured policy replaces the policy given.
    ApplyPaste(Option<PolicyRef>),
}

/// What the import panel read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenialView {
    /// The text as pasted.
    pub text: String,
    /// What the core read from it.
    pub imported: Imported,
    /// The profiles the call may have used (the one it names, or the candidates), each with the
    /// source Regions it may have been called from.
    pub routes: Vec<DenialRoute>,
}

impl DenialView {
    /// True when there is something to apply (a principal, a profile or a candidate, a Region or an API).
    #[must_use]
    pub fn applicable(&self) -> bool {
        let i = &self.imported;
        i.principal.is_some()
            || i.profile.is_some()
            || !i.candidate_profiles.is_empty()
            || i.source_region.is_some()
            || i.api.is_some()
    }
}

/// A profile a pasted denial's call may have used, and where it may have been called from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenialRoute {
    /// The profile ID.
    pub profile: String,
    /// The source Regions from which this profile routes to the hop the message names.
    pub sources: Vec<String>,
    /// The one to preselect.
    pub default_source: Option<String>,
}

/// The snapshot the diff compares against.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The scenario when it was taken.
    pub scenario: Rc<Scenario>,
    /// The revision it was taken at.
    pub revision: u64,
}

/// The diff of the snapshot against one revision.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffView {
    /// The revision compared.
    pub revision: u64,
    /// The diff, or the diagnostics of the version that cannot be evaluated.
    pub result: Result<Diff, Vec<Diagnostic>>,
    /// How long it took, in milliseconds.
    pub ms: f64,
}

/// What the routes panel read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutesView {
    /// The text as pasted.
    pub text: String,
    /// The routes and how they differ from the built-in catalog, or where the paste is wrong.
    pub result: Result<(Vec<ImportedRoute>, Vec<RouteChange>), Diagnostic>,
}

/// The workbench's part of the page state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Workbench {
    /// The pasted denial, read.
    pub denial: Option<Rc<DenialView>>,
    /// The version to compare against.
    pub snapshot: Option<Snapshot>,
    /// The last diff computed.
    pub diff: Option<Rc<DiffView>>,
    /// Verdicts hidden until revealed.
    pub predict: bool,
    /// The pasted routes, read.
    pub routes: Option<Rc<RoutesView>>,
    /// The pasted AWS CLI output, read.
    pub paste: Option<Rc<PasteView>>,
}

impl Workbench {
    /// The diff of the current revision, when computed.
    #[must_use]
    pub fn fresh_diff(&self, revision: u64) -> Option<&Rc<DiffView>> {
        self.diff.as_ref().filter(|d| d.revision == revision)
    }
}

/// One expectation and whether it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectRow {
    /// What is expected of: "The call", "Hop 3: model in destination, us-east-2".
    pub label: String,
    /// The expected verdict, in words.
    pub expected: String,
    /// The actual verdict, in words.
    pub actual: String,
    /// True when it holds.
    pub holds: bool,
}

/// The scenario's expectations against the current verdicts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectView {
    /// One row per expectation.
    pub rows: Vec<ExpectRow>,
    /// The core's mismatches (`crisscross test`'s words); empty when every expectation holds.
    pub mismatches: Vec<String>,
}

impl ExpectView {
    /// True when every expectation holds.
    #[must_use]
    pub fn passes(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// A verdict as the expectations table words it ("any decision" when an expectation leaves it open).
fn decision_words(decision: Option<Decision>, layer: Option<Layer>) -> String {
    let word = match decision {
        Some(Decision::Allow) => "Allow",
        Some(Decision::ExplicitDeny) => "Explicit deny",
        Some(Decision::ImplicitDeny) => "Implicit deny",
        None => "any decision",
    };
    match layer {
        Some(l) => format!("{word} by the {}", l.label()),
        None => word.to_owned(),
    }
}

/// The scenario's expectations checked against its evaluation (`None` without an `expect` block).
#[must_use]
pub fn expect_view(
    scenario: &Scenario,
    report: &Report,
    verdict: &VerdictView,
    hops: &[HopReport],
) -> Option<ExpectView> {
    let expect = scenario.expect.as_ref()?;
    let mismatches = check_report(scenario, report);
    let expected_hops = expect.hops.as_deref().unwrap_or_default();
    // Hops are expected in order: a different number of hops fails every hop row.
    let same_count = expected_hops.len() == hops.len();
    let rows = call_row(expect, verdict)
        .into_iter()
        .chain(
            expected_hops
                .iter()
                .enumerate()
                .map(|(i, e)| hop_row(i, e, hops.get(i), same_count)),
        )
        .chain(
            expect
                .diagnostics
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|d| diagnostic_row(&d.code, &mismatches)),
        )
        .collect();
    Some(ExpectView { rows, mismatches })
}

/// The row of the call's expected verdict, when the block expects one.
fn call_row(expect: &Expect, verdict: &VerdictView) -> Option<ExpectRow> {
    if expect.decision.is_none() && expect.blocked_by.is_none() {
        return None;
    }
    let holds = verdict.decision.is_some()
        && expect.decision.is_none_or(|d| Some(d) == verdict.decision)
        && expect.blocked_by.is_none_or(|l| Some(l) == verdict.blocked_by);
    Some(ExpectRow {
        label: "The call".to_owned(),
        expected: decision_words(expect.decision, expect.blocked_by),
        actual: match verdict.decision {
            Some(d) => decision_words(Some(d), verdict.blocked_by.filter(|_| !d.is_allow())),
            None => "not evaluated (errors)".to_owned(),
        },
        holds,
    })
}

/// The row of the `index`th expected hop, against the hop at that place.
fn hop_row(index: usize, e: &ExpectHop, actual: Option<&HopReport>, same_count: bool) -> ExpectRow {
    let kind = e
        .kind
        .clone()
        .or_else(|| actual.map(|h| h.kind.as_str().to_owned()))
        .unwrap_or_else(|| "hop".to_owned());
    let region = e
        .region
        .clone()
        .or_else(|| actual.map(|h| h.region.clone()))
        .unwrap_or_default();
    let mut expected = decision_words(e.decision, e.blocked_by);
    if let Some(sid) = &e.sid {
        expected.push_str(&format!(", statement `{sid}`"));
    }
    // A kind the page does not know stays as written.
    let kind_name = HopKind::parse(&kind).map_or_else(|| kind.clone(), |k| k.short_name().to_owned());
    ExpectRow {
        label: format!("Hop {}: {kind_name} in {region}", index + 1),
        expected,
        actual: actual.map_or_else(
            || "no such hop".to_owned(),
            |h| decision_words(Some(h.decision), h.blocked_by.filter(|_| !h.decision.is_allow())),
        ),
        holds: same_count && actual.is_some_and(|h| hop_holds(e, h)),
    }
}

/// True when a hop is what its expectation says, in every field the expectation gives.
fn hop_holds(e: &ExpectHop, h: &HopReport) -> bool {
    e.kind.as_ref().is_none_or(|k| k == h.kind.as_str())
        && e.region.as_ref().is_none_or(|r| *r == h.region)
        && e.decision.is_none_or(|d| d == h.decision)
        && e.blocked_by.is_none_or(|l| Some(l) == h.blocked_by)
        && e.sid
            .as_ref()
            .is_none_or(|s| h.decided_by.iter().any(|st| st.sid.as_ref() == Some(s)))
        && e.statement
            .is_none_or(|n| h.decided_by.iter().any(|st| st.at.statement == n))
}

/// The row of an expected diagnostic: it holds unless the core's check says it was not reported.
fn diagnostic_row(code: &str, mismatches: &[String]) -> ExpectRow {
    let missing = mismatches
        .iter()
        .any(|m| m.contains(&format!("`{code}`")) && m.contains("not reported"));
    ExpectRow {
        label: format!("Diagnostic `{code}`"),
        expected: "reported".to_owned(),
        actual: if missing { "not reported" } else { "reported" }.to_owned(),
        holds: !missing,
    }
}

/// The current verdicts as an `expect` block (every hop in order, with the deciding Sid of denied hops).
#[must_use]
pub fn expect_of(verdict: &VerdictView, hops: &[HopReport]) -> Option<Expect> {
    let decision = verdict.decision?;
    Some(Expect {
        decision: Some(decision),
        blocked_by: verdict.blocked_by.filter(|_| !decision.is_allow()),
        hops: Some(
            hops.iter()
                .map(|h| {
                    let denied = !h.decision.is_allow();
                    ExpectHop {
                        kind: Some(h.kind.as_str().to_owned()),
                        region: Some(h.region.clone()),
                        decision: Some(h.decision),
                        blocked_by: h.blocked_by.filter(|_| denied),
                        sid: denied
                            .then(|| h.primary_statement().and_then(|s| s.sid.clone()))
                            .flatten(),
                        statement: None,
                        depends_on: None,
                    }
                })
                .collect(),
        ),
        diagnostics: None,
    })
}

/// Today as `YYYY-MM-DD` from milliseconds since the Unix epoch (UTC).
#[must_use]
pub fn date_of(epoch_ms: f64) -> String {
    // `as` saturates, and dates outside years 0000 to 9999 are left empty.
    crisscross_core::time::format_day((epoch_ms / 1000.0).floor() as i64).unwrap_or_default()
}

/// Does a hop of the report match the hop a denial names?
fn is_failed_hop(hop: &HopReport, kind: HopKind, region: &str) -> bool {
    if hop.region != region {
        return false;
    }
    match kind {
        // A regional model ARN is the source-Region model, a destination, or a direct call.
        HopKind::DestinationModel | HopKind::SourceModel | HopKind::Model => matches!(
            hop.kind,
            HopKind::DestinationModel | HopKind::SourceModel | HopKind::Model
        ),
        other => hop.kind == other,
    }
}

impl PlaygroundState {
    /// The index of the hop a read denial names, in the current report.
    #[must_use]
    pub fn denial_hop(&self) -> Option<usize> {
        let imported = &self.bench.denial.as_ref()?.imported;
        let (kind, region) = (imported.failed_hop?, imported.failed_region.as_deref()?);
        self.derived.hops.iter().position(|h| is_failed_hop(h, kind, region))
    }

    /// The candidate profile to preselect when a denial names only a model: the current profile if it is
    /// one, else the first that is not global (a global profile checks the Region-less model ARN, not the
    /// Regional one the message names).
    #[must_use]
    pub fn default_candidate(&self) -> Option<String> {
        let candidates = &self.bench.denial.as_ref()?.imported.candidate_profiles;
        let current = self.inputs.profile();
        candidates
            .iter()
            .find(|c| *c == current)
            .or_else(|| candidates.iter().find(|c| !c.starts_with("global.")))
            .or_else(|| candidates.first())
            .cloned()
    }

    /// The scenario's expectations against the current verdicts.
    #[must_use]
    pub fn expectations(&self) -> Option<ExpectView> {
        expect_view(
            &self.derived.scenario,
            &self.derived.report,
            &self.derived.verdict,
            &self.derived.hops,
        )
    }

    pub(super) fn reduce_bench(self, action: BenchAction) -> Option<Self> {
        match action {
            BenchAction::ReadDenial(text) => self.read_denial(text),
            BenchAction::ApplyDenial { profile, source } => self.apply_denial(profile, source),
            BenchAction::TakeSnapshot => Some(self.take_snapshot()),
            BenchAction::ClearSnapshot => self.clear_snapshot(),
            BenchAction::ComputeDiff(revision) => self.compute_diff(revision),
            BenchAction::SetPredict(on) => self.set_predict(on),
            BenchAction::RecordExpectations => self.record_expectations(),
            BenchAction::ClearExpectations => self.clear_expectations(),
            BenchAction::ReadRoutes(text) => self.read_routes(text),
            BenchAction::MergeRoutes(date) => self.merge_routes(&date),
            BenchAction::ReadPaste(text) => self.read_paste(text),
            BenchAction::ApplyPaste(target) => self.apply_paste(target),
        }
    }

    /// Reads a pasted denial; nothing changes in the scenario yet.
    fn read_denial(mut self, text: String) -> Option<Self> {
        let view = (!text.trim().is_empty()).then(|| {
            let imported = import(&text, Catalog::builtin());
            Rc::new(DenialView {
                routes: self.denial_routes(&imported),
                imported,
                text,
            })
        });
        (self.bench.denial != view).then(|| {
            self.bench.denial = view;
            self
        })
    }

    /// The profiles a denial's call may have used, each with the source Regions it may have been
    /// called from and the one to preselect: the current source when it is one of them, else one near
    /// the failed hop.
    fn denial_routes(&self, imported: &Imported) -> Vec<DenialRoute> {
        let near = imported.failed_region.as_deref().filter(|r| *r != UNSPECIFIED_REGION);
        let candidates = imported.profile.is_none().then_some(&imported.candidate_profiles);
        imported
            .profile
            .iter()
            .chain(candidates.into_iter().flatten())
            .map(|profile| {
                let sources = imported.candidate_sources(profile, Catalog::builtin());
                DenialRoute {
                    profile: profile.clone(),
                    default_source: self.inputs.source_among(&sources, near),
                    sources,
                }
            })
            .collect()
    }

    /// The profile a denial's call used: the one the message names, else `choice` among the
    /// candidates, else the preselected candidate.
    #[must_use]
    pub fn denial_profile(&self, choice: Option<String>) -> Option<String> {
        let imported = &self.bench.denial.as_ref()?.imported;
        if imported.profile.is_some() {
            return imported.profile.clone();
        }
        choice
            .filter(|p| imported.candidate_profiles.contains(p))
            .or_else(|| self.default_candidate())
    }

    /// Fills the principal and the call from the denial read, and selects the hop it names. The notice
    /// says what the message gave and what was picked because it does not say.
    fn apply_denial(self, profile: Option<String>, source: Option<String>) -> Option<Self> {
        let mut imported = self.bench.denial.as_ref()?.imported.clone();
        let profile = self.denial_profile(profile);
        let guessed_profile = imported.profile.is_none() && profile.is_some();
        let route = self
            .bench
            .denial
            .as_ref()?
            .routes
            .iter()
            .find(|r| profile.as_ref() == Some(&r.profile))
            .cloned();
        let sources = route.as_ref().map(|r| r.sources.clone()).unwrap_or_default();
        let source = match &imported.source_region {
            Some(named) => Some(named.clone()),
            None => source
                .filter(|s| sources.contains(s))
                .or_else(|| route.and_then(|r| r.default_source)),
        };
        imported.profile.clone_from(&profile);
        let calls_profile = profile.is_some();
        let fallback = self.clone();
        let mut next = self
            .edit(|i| i.take_denial(&imported, calls_profile, source.as_deref()))
            .unwrap_or(fallback);
        let mut text = String::from("Filled the principal and the call from the denial; the policies are unchanged.");
        let mut guesses = Vec::new();
        if let Some(profile) = profile.as_deref().filter(|_| guessed_profile) {
            let among = match imported.candidate_profiles.len() {
                1 => "the only one that routes this model there".to_owned(),
                n => format!("one of {n} that route this model there"),
            };
            guesses.push(format!("the profile `{profile}` ({among})"));
        }
        if let Some(source) = source.as_deref().filter(|_| imported.source_region.is_none()) {
            let among = match sources.len() {
                1 => "the only one that routes there".to_owned(),
                n => format!("one of {n} that route there"),
            };
            guesses.push(format!("the source Region {source} ({among})"));
        }
        if !guesses.is_empty() {
            text.push_str(&format!(
                " Not in the message, so picked: {}; change them in the panel and fill again.",
                guesses.join(" and ")
            ));
        }
        match next.denial_hop() {
            Some(index) => {
                text.push_str(&next.select_denied_hop(index));
                text.push_str(&next.profile_check_also_denied(index));
            }
            None if imported.failed_region.is_some() => text.push_str(
                " The failed hop is not part of this call: pick the profile and source Region the caller used.",
            ),
            None => {}
        }
        text.push_str(" Undo reverts it.");
        next.notice = Some(Notice::info(text));
        Some(next)
    }

    /// A message about a model hop means AWS allowed the profile check before it; says so when these
    /// policies deny that check, since the banner then shows the profile's denial, not the one pasted.
    fn profile_check_also_denied(&self, named: usize) -> String {
        let hops = &self.derived.hops;
        let named_kind = hops[named].kind;
        if named_kind == HopKind::Profile {
            return String::new();
        }
        hops.iter()
            .enumerate()
            .find(|(_, h)| h.kind == HopKind::Profile && !h.decision.is_allow())
            .map(|(i, h)| {
                format!(
                    " Here hop {} (inference profile in {}) is denied too, although AWS reaching the model means it allowed that check: the policies or the source Region differ from those of the call that was denied.",
                    i + 1,
                    h.region
                )
            })
            .unwrap_or_default()
    }

    /// Selects the hop a denial names; says so, and whether these policies deny it.
    fn select_denied_hop(&mut self, index: usize) -> String {
        self.selected_hop = Some(index);
        self.focus_current_hop();
        let hop = &self.derived.hops[index];
        let mut text = format!(
            " Hop {} ({} in {}) is the one the message names and is selected",
            index + 1,
            hop.kind.short_name(),
            hop.region
        );
        if hop.decision.is_allow() {
            text.push_str(": these policies allow it, so the denying policy is not here yet; paste it into its layer");
        }
        text.push('.');
        text
    }

    /// Remembers the current scenario to compare later versions against.
    fn take_snapshot(mut self) -> Self {
        self.bench.snapshot = Some(Snapshot {
            scenario: Rc::clone(&self.derived.scenario),
            revision: self.revision,
        });
        self.bench.diff = None;
        self.notice = Some(Notice::info(
            "Snapshot taken: edit the policies, and the diff shows which hops change verdict for every profile and source Region.",
        ));
        self
    }

    fn clear_snapshot(mut self) -> Option<Self> {
        self.bench.snapshot.take()?;
        self.bench.diff = None;
        Some(self)
    }

    /// Compares the snapshot with `revision`, once, unless the revision is stale.
    fn compute_diff(mut self, revision: u64) -> Option<Self> {
        let snapshot = self.bench.snapshot.as_ref()?;
        if revision != self.revision || self.bench.fresh_diff(revision).is_some() {
            return None;
        }
        let started = crate::platform::now_ms();
        let result = diff(&snapshot.scenario, &self.derived.scenario, Catalog::builtin());
        self.bench.diff = Some(Rc::new(DiffView {
            revision,
            result,
            ms: crate::platform::now_ms() - started,
        }));
        Some(self)
    }

    fn set_predict(mut self, on: bool) -> Option<Self> {
        (self.bench.predict != on).then(|| {
            self.bench.predict = on;
            self.refresh_share();
            self
        })
    }

    /// Writes the current verdicts into the scenario's `expect` block.
    fn record_expectations(mut self) -> Option<Self> {
        let Some(expect) = expect_of(&self.derived.verdict, &self.derived.hops) else {
            self.notice = Some(Notice::error(
                "Nothing recorded: the scenario has errors, so there is no verdict to expect.",
            ));
            return Some(self);
        };
        let hops = expect.hops.as_ref().map_or(0, Vec::len);
        let mut next = self.edit(|i| {
            i.expect = Some(expect);
            claim(i);
        })?;
        next.notice = Some(Notice::info(format!(
            "Recorded the call's verdict and {hops} hop verdicts as the scenario's expectations; the share link and the scenario file carry them. Undo removes them."
        )));
        Some(next)
    }

    fn clear_expectations(self) -> Option<Self> {
        self.inputs.expect.as_ref()?;
        let mut next = self.edit(|i| {
            i.expect = None;
            claim(i);
        })?;
        next.bench.predict = false;
        Some(next)
    }

    /// Reads pasted routes; nothing changes in the scenario yet.
    fn read_routes(mut self, text: String) -> Option<Self> {
        let view = (!text.trim().is_empty()).then(|| {
            let result = parse_aws_output(&text).map(|routes| {
                let changes = compare(&routes, Catalog::builtin());
                (routes, changes)
            });
            Rc::new(RoutesView { text, result })
        });
        (self.bench.routes != view).then(|| {
            self.bench.routes = view;
            self
        })
    }

    /// Adds the routes read to the scenario's custom profiles, dated.
    fn merge_routes(self, date: &str) -> Option<Self> {
        let routes = match self.bench.routes.as_deref().map(|v| &v.result) {
            Some(Ok((routes, _))) if !routes.is_empty() => routes.clone(),
            _ => return None,
        };
        let mut next = self.edit(|i| i.merge_routes(&routes, date))?;
        next.notice = Some(Notice::info(format!(
            "Merged {} route(s) from the account, dated {date}: the profile picker offers them, their verdicts say \u{201c}imported from the account on {date}\u{201d}, and the share link carries them. Undo removes them.",
            routes.len()
        )));
        Some(next)
    }
}
