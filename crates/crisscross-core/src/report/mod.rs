//! What the CLI and the page show for a scenario: the verdict, every hop with the statements that
//! decided it and why the others did not apply, the AccessDenied text, and the diagnostics.

pub mod depends;
pub mod explain;
mod verdict;

use serde::Serialize;

use crate::analysis::{Analysis, HopResult, ParseCache, Prepared, analyze, prepare, prepare_with};
use crate::context::{ContextValue, Origin};
use crate::diagnostic::Diagnostic;
use crate::evaluate::Decision;
use crate::route::catalog::Catalog;
use crate::route::hop::{HopKind, RouteInfo};
use crate::scenario::{Layer, Scenario};
pub use verdict::{access_denied, verdict};

/// Everything the CLI and the page show for a scenario.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The call's decision, absent when the input is invalid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// The blocking layer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<Layer>,
    /// One sentence for people.
    pub verdict: String,
    /// The route and its provenance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<RouteInfo>,
    /// Per hop.
    pub hops: Vec<HopReport>,
    /// Errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// One hop in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HopReport {
    /// Kind of check.
    pub kind: HopKind,
    /// `aws:RequestedRegion`.
    pub region: String,
    /// IAM action.
    pub action: String,
    /// Resource ARN.
    pub resource: String,
    /// Decision.
    pub decision: Decision,
    /// Blocking layer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<Layer>,
    /// The deciding statements.
    pub decided_by: Vec<explain::StatementInfo>,
    /// The AccessDenied message AWS would print.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The request context, with where each value came from.
    pub context: Vec<ContextEntryReport>,
    /// Every statement considered, and why it applied or not; empty for hops a
    /// [`report_explaining`] caller did not ask to explain.
    pub statements: Vec<explain::StatementExplanation>,
    /// The condition keys the decision depends on that the scenario does not give, with the values that
    /// change it; empty when the decision rests only on what the scenario gives and AWS sets.
    pub depends_on: Vec<depends::Dependency>,
    /// Policy variables with no value in statements that take part, which AWS evaluates as described in
    /// `docs/decisions.md`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unresolved_variables: Vec<depends::UnresolvedVariable>,
}

impl HopReport {
    /// The statement to show first: a deciding statement of the blocking layer, or the first one.
    #[must_use]
    pub fn primary_statement(&self) -> Option<&explain::StatementInfo> {
        self.decided_by
            .iter()
            .find(|s| Some(s.at.layer()) == self.blocked_by)
            .or_else(|| self.decided_by.first())
    }

    /// The context keys worth a column next to the hop: the two a hop sets (`aws:RequestedRegion`,
    /// `bedrock:InferenceProfileArn`) and those the user gave; the principal's keys are the same on
    /// every hop.
    pub fn key_context(&self) -> impl Iterator<Item = &ContextEntryReport> {
        self.context.iter().filter(|c| {
            c.origin == Origin::User
                || c.key.eq_ignore_ascii_case("aws:RequestedRegion")
                || c.key.eq_ignore_ascii_case("bedrock:InferenceProfileArn")
        })
    }
}

/// A context key in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContextEntryReport {
    /// Key.
    pub key: String,
    /// Value(s).
    pub value: ContextValue,
    /// Where it came from.
    pub origin: Origin,
}

/// Evaluates a scenario and explains the result; invalid input gives a report with diagnostics only.
#[must_use]
pub fn report(scenario: &Scenario, catalog: &Catalog) -> Report {
    report_prepared(scenario, prepare(scenario, catalog), Explain::EveryHop).0
}

/// Which hops get every considered statement explained. Explaining is most of a report's cost at an
/// organization's size, and a page shows one hop's statements at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explain {
    /// Every hop.
    EveryHop,
    /// No hop: [`HopReport::statements`] stays empty; [`explain::statements`] explains one later.
    NoHop,
}

/// [`report`], taking unchanged policies from `cache` and explaining the statements of the hops
/// `explained` names; also returns what was evaluated, to explain a hop later.
pub fn report_with(
    scenario: &Scenario,
    catalog: &Catalog,
    cache: &mut ParseCache,
    explained: Explain,
) -> (Report, Option<(Prepared, Analysis)>) {
    report_prepared(scenario, prepare_with(scenario, catalog, cache), explained)
}

fn report_prepared(
    scenario: &Scenario,
    prepared: Result<Prepared, Vec<Diagnostic>>,
    explained: Explain,
) -> (Report, Option<(Prepared, Analysis)>) {
    match prepared {
        Err(diagnostics) => (
            Report {
                verdict: not_evaluated(scenario, &diagnostics),
                diagnostics,
                ..Report::default()
            },
            None,
        ),
        Ok(prepared) => {
            let analysis = analyze(&prepared);
            let report = report_explaining(&prepared, &analysis, explained);
            (report, Some((prepared, analysis)))
        }
    }
}

/// The verdict of a scenario that cannot be evaluated: which input AWS would not accept, and why.
fn not_evaluated(scenario: &Scenario, diagnostics: &[Diagnostic]) -> String {
    let Some(first) = diagnostics.iter().find(|d| d.is_error()) else {
        return "Not evaluated: fix the errors first.".to_owned();
    };
    let more = match diagnostics.iter().filter(|d| d.is_error()).count() {
        1 => String::new(),
        2 => " (and 1 more error)".to_owned(),
        n => format!(" (and {} more errors)", n - 1),
    };
    match first.policy {
        Some(at) => format!(
            "Not evaluated: fix the errors first. AWS would not accept the {} as written: {}{more}.",
            scenario.label(at),
            first.message
        ),
        None => format!(
            "Not evaluated: fix the errors first. {}{more}.",
            crate::diagnostic::sentence(&first.message)
        ),
    }
}

/// Builds the report of an analysis, explaining every hop.
#[must_use]
pub fn report_of(prepared: &Prepared, analysis: &Analysis) -> Report {
    report_explaining(prepared, analysis, Explain::EveryHop)
}

/// Builds the report of an analysis, explaining the statements of the hops `explained` names.
#[must_use]
pub fn report_explaining(prepared: &Prepared, analysis: &Analysis, explained: Explain) -> Report {
    // The hops of a call share their action, and so the statements that can take part in them.
    let mut taking: Option<depends::TakingPart<'_>> = None;
    let hops: Vec<HopReport> = analysis
        .hops
        .iter()
        .map(|h| {
            let taking = match taking.take() {
                Some(shared) if shared.serves(&h.hop.action) => taking.insert(shared),
                _ => taking.insert(depends::TakingPart::new(&prepared.policies, &h.hop.action)),
            };
            hop_report(prepared, h, explained, taking)
        })
        .collect();
    let rests_on: Vec<(Decision, &[depends::Dependency])> = hops
        .iter()
        .map(|h: &HopReport| (h.decision, h.depends_on.as_slice()))
        .collect();
    let mut sentence = verdict(prepared, analysis);
    if let Some(dependence) = depends::summary(analysis.decision, &rests_on) {
        sentence.push(' ');
        sentence.push_str(&dependence);
    }
    Report {
        decision: Some(analysis.decision),
        blocked_by: analysis.blocked_by,
        verdict: sentence,
        route: analysis.route.clone(),
        hops,
        diagnostics: prepared.warnings.clone(),
    }
}

/// The report of one hop; `taking` holds the statements that can take part in it.
fn hop_report(prepared: &Prepared, h: &HopResult, explained: Explain, taking: &depends::TakingPart<'_>) -> HopReport {
    HopReport {
        kind: h.hop.kind,
        region: h.hop.region.clone(),
        action: h.hop.action.clone(),
        resource: h.hop.resource.clone(),
        decision: h.evaluation.decision,
        blocked_by: h.evaluation.blocked_by,
        decided_by: explain::deciding(&prepared.policies, &h.evaluation),
        message: access_denied(
            &prepared.principal.caller_arn(),
            &h.hop,
            &h.evaluation,
            &prepared.policies,
        ),
        context: h
            .hop
            .context
            .entries()
            .map(|e| ContextEntryReport {
                key: e.key.to_string(),
                value: e.value.clone(),
                origin: e.origin,
            })
            .collect(),
        statements: match explained {
            Explain::EveryHop => explain::statements(&prepared.policies, &h.hop, &h.evaluation),
            Explain::NoHop => Vec::new(),
        },
        depends_on: depends::dependencies(&prepared.policies, taking, &h.hop, h.evaluation.decision),
        unresolved_variables: depends::unresolved_variables(&prepared.policies, taking, &h.hop),
    }
}
