//! The workbench: a pasted denial, the diff against a snapshot, expectations, routes from the account.

use std::rc::Rc;

use crisscross_core::scenario::Layer;
use yew::Reducible;

use super::start;
use crate::state::Action;
use crate::state::bench::{BenchAction, date_of};

const CLASSMETHOD: &str = "User: arn:aws:sts::123456789012:assumed-role/AmazonSageMakerBedrockModelConsumptionRole-xxxx/xxxx is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0 with an explicit deny in a service control policy";

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
    let state = state.reduce(bench(BenchAction::ApplyDenial {
        profile: None,
        source: None,
    }));
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

/// The message names the model in a destination and not the source Region: the source is picked among
/// those that route there (never the destination itself when it is not a source), and the notice says
/// what was picked and that the profile check this scenario denies was allowed by AWS.
#[test]
fn a_destination_model_denial_picks_a_source_that_routes_there_and_says_what_is_guessed() {
    let text = "User: arn:aws:sts::111122223333:assumed-role/App/session1 is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:eu-west-3::foundation-model/amazon.nova-pro-v1:0 with an explicit deny in a service control policy";
    let state = start().reduce(bench(BenchAction::ReadDenial(text.into())));
    let routes = state.bench.denial.as_ref().unwrap().routes.clone();
    let eu = routes
        .iter()
        .find(|r| r.profile == "eu.amazon.nova-pro-v1:0")
        .expect("the eu. profile is a candidate");
    assert!(!eu.sources.is_empty());
    let picked = eu.sources.iter().find(|s| *s != "eu-west-1").unwrap().clone();
    let state = state.reduce(bench(BenchAction::ApplyDenial {
        profile: Some("eu.amazon.nova-pro-v1:0".into()),
        source: Some(picked.clone()),
    }));
    assert_eq!(state.inputs.profile(), "eu.amazon.nova-pro-v1:0");
    assert_eq!(state.inputs.source_region(), picked);
    let hop = state.current_hop().expect("the named hop is selected");
    assert_eq!(state.derived.hops[hop].region, "eu-west-3");
    let notice = &state.notice.as_ref().unwrap().text;
    assert!(
        notice.contains(&format!("the source Region {picked} (one of {}", eu.sources.len())),
        "{notice}"
    );
    assert!(notice.contains("Not in the message, so picked"), "{notice}");
    // The Control Tower example's SCP denies Regions outside the US, so the profile check is denied here.
    assert!(notice.contains("(inference profile in"), "{notice}");
    // A source the profile does not route from is not taken.
    let other = start()
        .reduce(bench(BenchAction::ReadDenial(text.into())))
        .reduce(bench(BenchAction::ApplyDenial {
            profile: Some("eu.amazon.nova-pro-v1:0".into()),
            source: Some("us-east-1".into()),
        }));
    assert!(eu.sources.contains(&other.inputs.source_region().to_owned()));
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
    let text = include_str!("../../../../tests/aws-output/list-inference-profiles-eu-central-1.json");
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
