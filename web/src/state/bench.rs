//! The workbench of issues 8 and 9: start from the real denial (an AccessDenied message or a CloudTrail
//! event), review a change against a snapshot by its blast radius, workshop expectations (predict, then
//! reveal), and routes read from the user's own account (`aws bedrock list-inference-profiles`).
//!
//! Everything here is reducer logic on [`PlaygroundState`]; the components in
//! `components::{import, diff, expectations, routes}` only render it.

use std::rc::Rc;

use crisscross_core::diagnostic::Diagnostic;
use crisscross_core::diff::{Diff, diff};
use crisscross_core::evaluate::Decision;
use crisscross_core::expect::check;
use crisscross_core::import::denial::{Imported, import};
use crisscross_core::import::routes::{ImportedRoute, RouteChange, compare, merge_into, parse_aws_output};
use crisscross_core::report::HopReport;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::route::hop::HopKind;
use crisscross_core::scenario::Layer;
use crisscross_core::scenario::{Expect, ExpectHop, Scenario};

use super::{Notice, PlaygroundState, VerdictView, edit, preferred_source};
use crate::model::RequestMode;

/// What the workbench panels ask the reducer to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BenchAction {
    /// Read a pasted AccessDenied message or CloudTrail event (nothing changes in the scenario yet).
    ReadDenial(String),
    /// Fill the principal and the call from what was read; `Some(profile)` picks one of the candidates.
    ApplyDenial(Option<String>),
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
}

/// What the import panel read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenialView {
    /// The text as pasted.
    pub text: String,
    /// What the core read from it.
    pub imported: Imported,
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

fn decision_words(decision: Option<Decision>, layer: Option<Layer>) -> String {
    let word = match decision {
        Some(Decision::Allow) => "Allow",
        Some(Decision::ExplicitDeny) => "Explicit deny",
        Some(Decision::ImplicitDeny) => "Implicit deny",
        None => "any decision",
    };
    match layer {
        Some(l) => format!("{word} by the {}", crate::components::layer_name(l)),
        None => word.to_owned(),
    }
}

/// The scenario's expectations checked against its evaluation (`None` without an `expect` block).
#[must_use]
pub fn expect_view(scenario: &Scenario, verdict: &VerdictView, hops: &[HopReport]) -> Option<ExpectView> {
    let expect = scenario.expect.as_ref()?;
    let mismatches = check(scenario, Catalog::builtin());
    let mut rows = Vec::new();
    if expect.decision.is_some() || expect.blocked_by.is_some() {
        let holds = verdict.decision.is_some()
            && expect.decision.is_none_or(|d| Some(d) == verdict.decision)
            && expect.blocked_by.is_none_or(|l| Some(l) == verdict.blocked_by);
        rows.push(ExpectRow {
            label: "The call".to_owned(),
            expected: decision_words(expect.decision, expect.blocked_by),
            actual: match verdict.decision {
                Some(d) => decision_words(Some(d), verdict.blocked_by.filter(|_| !d.is_allow())),
                None => "not evaluated (errors)".to_owned(),
            },
            holds,
        });
    }
    let expected_hops = expect.hops.as_deref().unwrap_or_default();
    for (i, e) in expected_hops.iter().enumerate() {
        let actual = hops.get(i);
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
        let holds = expected_hops.len() == hops.len()
            && actual.is_some_and(|h| {
                e.kind.as_ref().is_none_or(|k| k == h.kind.as_str())
                    && e.region.as_ref().is_none_or(|r| *r == h.region)
                    && e.decision.is_none_or(|d| d == h.decision)
                    && e.blocked_by.is_none_or(|l| Some(l) == h.blocked_by)
                    && e.sid
                        .as_ref()
                        .is_none_or(|s| h.decided_by.iter().any(|st| st.sid.as_ref() == Some(s)))
                    && e.statement
                        .is_none_or(|n| h.decided_by.iter().any(|st| st.at.statement == n))
            });
        let mut expected = decision_words(e.decision, e.blocked_by);
        if let Some(sid) = &e.sid {
            expected.push_str(&format!(", statement `{sid}`"));
        }
        rows.push(ExpectRow {
            label: format!("Hop {}: {} in {region}", i + 1, kind_words(&kind)),
            expected,
            actual: actual.map_or_else(
                || "no such hop".to_owned(),
                |h| decision_words(Some(h.decision), h.blocked_by.filter(|_| !h.decision.is_allow())),
            ),
            holds,
        });
    }
    for d in expect.diagnostics.as_deref().unwrap_or_default() {
        let missing = mismatches
            .iter()
            .any(|m| m.contains(&format!("`{}`", d.code)) && m.contains("not reported"));
        rows.push(ExpectRow {
            label: format!("Diagnostic `{}`", d.code),
            expected: "reported".to_owned(),
            actual: if missing { "not reported" } else { "reported" }.to_owned(),
            holds: !missing,
        });
    }
    Some(ExpectView { rows, mismatches })
}

fn kind_words(kind: &str) -> &str {
    match kind {
        "request" => "request",
        "model" => "model (direct call)",
        "profile" => "inference profile",
        "application-profile" => "application profile",
        "source-model" => "model in source Region",
        "destination-model" => "model in destination",
        "global-model" => "global model",
        other => other,
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
    // `as` saturates, and jiff refuses what lies outside its range.
    jiff::Timestamp::from_millisecond(epoch_ms as i64)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
        .unwrap_or_default()
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
        expect_view(&self.derived.scenario, &self.derived.verdict, &self.derived.hops)
    }

    pub(super) fn reduce_bench(self, action: BenchAction) -> Option<Self> {
        let mut next = self;
        match action {
            BenchAction::ReadDenial(text) => {
                let view = (!text.trim().is_empty()).then(|| {
                    Rc::new(DenialView {
                        imported: import(&text, Catalog::builtin()),
                        text,
                    })
                });
                if next.bench.denial == view {
                    return None;
                }
                next.bench.denial = view;
                Some(next)
            }
            BenchAction::ApplyDenial(choice) => next.apply_denial(choice),
            BenchAction::TakeSnapshot => {
                next.bench.snapshot = Some(Snapshot {
                    scenario: Rc::clone(&next.derived.scenario),
                    revision: next.revision,
                });
                next.bench.diff = None;
                next.notice = Some(Notice {
                    error: false,
                    text: "Snapshot taken: edit the policies, and the diff shows which hops change verdict for every profile and source Region.".into(),
                });
                Some(next)
            }
            BenchAction::ClearSnapshot => {
                next.bench.snapshot.take()?;
                next.bench.diff = None;
                Some(next)
            }
            BenchAction::ComputeDiff(revision) => {
                let snapshot = next.bench.snapshot.as_ref()?;
                if revision != next.revision || next.bench.fresh_diff(revision).is_some() {
                    return None;
                }
                let started = crate::platform::now_ms();
                let result = diff(&snapshot.scenario, &next.derived.scenario, Catalog::builtin());
                next.bench.diff = Some(Rc::new(DiffView {
                    revision,
                    result,
                    ms: crate::platform::now_ms() - started,
                }));
                Some(next)
            }
            BenchAction::SetPredict(on) => {
                if next.bench.predict == on {
                    return None;
                }
                next.bench.predict = on;
                Some(next)
            }
            BenchAction::RecordExpectations => {
                let Some(expect) = expect_of(&next.derived.verdict, &next.derived.hops) else {
                    next.notice = Some(Notice {
                        error: true,
                        text: "Nothing recorded: the scenario has errors, so there is no verdict to expect.".into(),
                    });
                    return Some(next);
                };
                let hops = expect.hops.as_ref().map_or(0, Vec::len);
                let inputs = edit(&next.inputs, |i| i.expect = Some(expect));
                let mut next = next.commit(inputs, None, false)?;
                next.last_edit = None;
                next.notice = Some(Notice {
                    error: false,
                    text: format!(
                        "Recorded the call's verdict and {hops} hop verdicts as the scenario's expectations; the share link and the scenario file carry them. Undo removes them."
                    ),
                });
                Some(next)
            }
            BenchAction::ClearExpectations => {
                next.inputs.expect.as_ref()?;
                let inputs = edit(&next.inputs, |i| i.expect = None);
                let mut next = next.commit(inputs, None, false)?;
                next.last_edit = None;
                next.bench.predict = false;
                Some(next)
            }
            BenchAction::ReadRoutes(text) => {
                let view = (!text.trim().is_empty()).then(|| {
                    let result = parse_aws_output(&text).map(|routes| {
                        let changes = compare(&routes, Catalog::builtin());
                        (routes, changes)
                    });
                    Rc::new(RoutesView { text, result })
                });
                if next.bench.routes == view {
                    return None;
                }
                next.bench.routes = view;
                Some(next)
            }
            BenchAction::MergeRoutes(date) => {
                let routes = match next.bench.routes.as_deref().map(|v| &v.result) {
                    Some(Ok((routes, _))) if !routes.is_empty() => routes.clone(),
                    _ => return None,
                };
                let mut scenario = next.inputs.to_scenario();
                merge_into(&mut scenario, &routes, &date);
                let inputs = edit(&next.inputs, |i| {
                    i.custom_destinations = scenario
                        .custom_profiles
                        .first()
                        .map(|c| c.destinations.join(", "))
                        .unwrap_or_default()
                        .into();
                    i.custom_profiles = scenario.custom_profiles;
                });
                let mut next = next.commit(inputs, None, false)?;
                next.last_edit = None;
                next.notice = Some(Notice {
                    error: false,
                    text: format!(
                        "Merged {} route(s) from the account, dated {date}: the profile picker offers them, their verdicts say \u{201c}imported from the account on {date}\u{201d}, and the share link carries them. Undo removes them.",
                        routes.len()
                    ),
                });
                Some(next)
            }
        }
    }

    fn apply_denial(self, choice: Option<String>) -> Option<Self> {
        let view = Rc::clone(self.bench.denial.as_ref()?);
        let mut imported = view.imported.clone();
        let choice = choice.or_else(|| imported.profile.is_none().then(|| self.default_candidate()).flatten());
        if let Some(profile) =
            choice.filter(|p| imported.candidate_profiles.contains(p) || imported.profile.as_ref() == Some(p))
        {
            imported.profile = Some(profile);
        }
        let mut scenario = self.inputs.to_scenario();
        imported.apply_to(&mut scenario);
        let calls_profile = imported.profile.is_some() || !imported.candidate_profiles.is_empty();
        let inputs = edit(&self.inputs, |i| {
            i.principal = scenario.principal.as_str().into();
            if calls_profile {
                i.mode = RequestMode::Bedrock;
                i.request.profile.clone_from(&scenario.request.profile);
            }
            if imported.source_region.is_some() {
                i.request.source_region.clone_from(&scenario.request.source_region);
            } else if let Some(p) = scenario
                .request
                .profile
                .as_deref()
                .and_then(|p| Catalog::builtin().profile(p))
                && p.route(i.source_region()).is_none()
            {
                // The message does not say where the call came from: keep the Region if the profile
                // serves it, else take one it serves, nearest to the failed hop.
                let near = imported
                    .failed_region
                    .clone()
                    .unwrap_or_else(|| i.source_region().to_owned());
                let sources: Vec<&str> = p.sources().collect();
                let pick = if sources.contains(&near.as_str()) {
                    Some(near)
                } else {
                    preferred_source(&sources, &near)
                };
                if pick.is_some() {
                    i.request.source_region = pick;
                }
            }
            if imported.api.is_some() {
                i.request.api.clone_from(&scenario.request.api);
            }
        });
        let fallback = self.clone();
        let mut next = match self.commit(inputs, None, false) {
            Some(mut n) => {
                n.last_edit = None;
                n
            }
            None => fallback,
        };
        let hop = next.denial_hop();
        let mut text = String::from("Filled the principal and the call from the denial");
        if let Some(profile) = next.inputs.request.profile.as_deref().filter(|_| calls_profile) {
            text.push_str(&format!(" (profile `{profile}` from {})", next.inputs.source_region()));
        }
        text.push_str("; the policies are unchanged.");
        match hop {
            Some(index) => {
                next.selected_hop = Some(index);
                let rev = next.next_focus_rev();
                next.focus = next.default_focus(rev, false);
                let h = &next.derived.hops[index];
                text.push_str(&format!(
                    " Hop {} ({} in {}) is the one the message names and is selected",
                    index + 1,
                    crate::components::hop_name(h.kind),
                    h.region
                ));
                if h.decision.is_allow() {
                    text.push_str(
                        ": these policies allow it, so the denying policy is not here yet; paste it into its layer",
                    );
                }
                text.push('.');
            }
            None if imported.failed_region.is_some() => text.push_str(
                " The failed hop is not part of this call: pick the profile and source Region the caller used.",
            ),
            None => {}
        }
        text.push_str(" Undo reverts it.");
        next.notice = Some(Notice { error: false, text });
        Some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, Theme};
    use yew::Reducible;

    const CLASSMETHOD: &str = "User: arn:aws:sts::123456789012:assumed-role/AmazonSageMakerBedrockModelConsumptionRole-xxxx/xxxx is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0 with an explicit deny in a service control policy";

    fn start() -> Rc<PlaygroundState> {
        Rc::new(PlaygroundState::with_default_example(Theme::Light))
    }

    fn bench(action: BenchAction) -> Action {
        Action::Bench(action)
    }

    #[test]
    fn a_pasted_denial_fills_the_call_selects_the_failed_hop_and_undo_reverts() {
        let state = start();
        let policies = state.inputs.levels.clone();
        let state = state.reduce(bench(BenchAction::ReadDenial(CLASSMETHOD.into())));
        let read = &state.bench.denial.as_ref().unwrap().imported;
        assert_eq!(read.layer, Some(Layer::Scp));
        assert_eq!(read.failed_region.as_deref(), Some("us-east-2"));
        assert!(!read.notes.is_empty(), "the source Region is not in the message");
        assert!(read.candidate_profiles.len() > 1, "{:?}", read.candidate_profiles);
        let candidate = state.default_candidate().unwrap();
        assert_eq!(candidate, "us.anthropic.claude-sonnet-4-5-20250929-v1:0");
        let state = state.reduce(bench(BenchAction::ApplyDenial(None)));
        assert!(
            state
                .inputs
                .principal
                .contains("AmazonSageMakerBedrockModelConsumptionRole")
        );
        assert_eq!(state.inputs.profile(), candidate);
        assert_eq!(state.inputs.api(), "InvokeModelWithResponseStream");
        assert_eq!(state.inputs.levels, policies, "the policies are untouched");
        let hop = state.current_hop().unwrap();
        assert_eq!(state.derived.hops[hop].region, "us-east-2");
        assert!(!state.derived.hops[hop].decision.is_allow());
        let state = state.reduce(Action::Undo);
        assert_eq!(&*state.inputs.principal, "arn:aws:iam::111122223333:role/App");
    }

    #[test]
    fn a_diff_against_the_snapshot_lists_the_hops_a_fix_opens() {
        let state = start().reduce(bench(BenchAction::TakeSnapshot));
        let revision = state.revision;
        let state = state.reduce(Action::Settle(revision));
        let state = state.reduce(Action::ApplyFix(0));
        let revision = state.revision;
        let state = state.reduce(bench(BenchAction::ComputeDiff(revision)));
        let view = state.bench.fresh_diff(revision).unwrap();
        let d = view.result.as_ref().unwrap();
        assert!(d.opened().count() >= 1, "{}", d.summary);
        assert!(
            d.calls
                .iter()
                .any(|c| c.profile == "us.anthropic.claude-sonnet-4-5-20250929-v1:0" && c.source_region == "us-east-1")
        );
        assert!(!d.size_changes.is_empty());
        // Computed once per revision.
        let same = Rc::clone(&state).reduce(bench(BenchAction::ComputeDiff(revision)));
        assert!(Rc::ptr_eq(&state, &same));
    }

    #[test]
    fn recorded_expectations_hold_and_an_edit_breaks_them() {
        let state = start();
        // The corpus example carries its own expectations.
        let view = state.expectations().unwrap();
        assert!(view.passes(), "{:?}", view.mismatches);
        assert!(view.rows.iter().all(|r| r.holds));
        let state = state.reduce(bench(BenchAction::ClearExpectations));
        assert!(state.expectations().is_none());
        let state = state.reduce(bench(BenchAction::RecordExpectations));
        let view = state.expectations().unwrap();
        assert!(view.passes(), "{:?}", view.mismatches);
        assert_eq!(view.rows.len(), 1 + state.derived.hops.len());
        let revision = state.revision;
        let state = state.reduce(Action::Settle(revision)).reduce(Action::ApplyFix(0));
        let view = state.expectations().unwrap();
        assert!(!view.passes());
        assert!(view.rows.iter().any(|r| !r.holds));
    }

    #[test]
    fn routes_from_the_account_merge_into_the_scenario() {
        let text = include_str!("../../../tests/aws-output/list-inference-profiles-eu-central-1.json");
        let state = start().reduce(bench(BenchAction::ReadRoutes(text.into())));
        let (routes, changes) = state.bench.routes.as_ref().unwrap().result.clone().unwrap();
        assert!(routes.iter().any(|r| r.profile == "eu.anthropic.claude-sonnet-4-6"));
        assert!(!changes.is_empty());
        let state = state.reduce(bench(BenchAction::MergeRoutes("2026-08-01".into())));
        assert!(
            state
                .inputs
                .custom_profiles
                .iter()
                .any(|c| c.imported_at.as_deref() == Some("2026-08-01"))
        );
        // Picking it in the profile picker moves to a source Region it was read from.
        let state = state.reduce(Action::SetProfile("eu.anthropic.claude-sonnet-4-6".into()));
        assert_eq!(state.inputs.source_region(), "eu-central-1");
        let route = state.derived.verdict.route.clone().unwrap();
        assert!(
            route.provenance.contains("imported from the account on 2026-08-01"),
            "{}",
            route.provenance
        );
        // A bad paste says where.
        let state = state.reduce(bench(BenchAction::ReadRoutes(
            "{\"inferenceProfileSummaries\": [".into(),
        )));
        let err = state.bench.routes.as_ref().unwrap().result.clone().unwrap_err();
        assert!(err.line.is_some() && err.column.is_some());
    }

    #[test]
    fn dates_are_civil() {
        assert_eq!(date_of(0.0), "1970-01-01");
        assert_eq!(date_of(1_785_542_400_000.0), "2026-08-01");
    }
}
