//! Bringing the organization in from pasted AWS CLI output, and typing into one of its policies.

use std::rc::Rc;

use crisscross_core::import::paste::Pasted;
use yew::Reducible;

use super::{DENY, scp_text, start};
use crate::state::Action;
use crate::state::bench::BenchAction;

const BUNDLE: &str = include_str!("../../../../crates/crisscross-core/tests/data/aws-cli/bundle-org.json");

fn bench(action: BenchAction) -> Action {
    Action::Bench(action)
}

#[test]
fn a_pasted_bundle_replaces_the_scp_levels_as_one_undo_step() {
    let state = start();
    let before = state.inputs.clone();
    let state = state.reduce(bench(BenchAction::ReadPaste(BUNDLE.into())));
    let view = state.bench.paste.as_ref().expect("read");
    assert!(matches!(view.result, Ok(Pasted::Bundle(_))), "{:?}", view.result);
    assert!(
        view.summary.iter().any(|l| l.contains("4 levels")),
        "{:?}",
        view.summary
    );
    assert_eq!(state.inputs, before, "reading changes nothing");
    let state = state.reduce(bench(BenchAction::ApplyPaste(None)));
    assert_eq!(state.inputs.levels.len(), 4);
    assert_eq!(
        state.derived.scenario.organization_id.as_deref(),
        Some("o-exampleorgid")
    );
    assert!(state.bench.paste.is_none());
    let description = state.derived.scenario.description.clone().unwrap_or_default();
    assert!(
        description.starts_with("Changed from the crisscross example"),
        "{description}"
    );
    assert!(state.notice.as_ref().unwrap().text.contains("Undo brings back"));
    let state = state.reduce(Action::Undo);
    assert_eq!(state.inputs.levels, before.levels);
}

#[test]
fn a_malformed_paste_says_where_and_changes_nothing() {
    let state = start();
    let before = state.inputs.clone();
    let broken = BUNDLE.replacen("\"Id\": \"o-exampleorgid\",", "\"Id\": \"o-exampleorgid\"", 1);
    let state = state.reduce(bench(BenchAction::ReadPaste(broken)));
    let errors = state.bench.paste.as_ref().unwrap().result.as_ref().unwrap_err();
    assert!(errors[0].line.is_some_and(|l| l > 1), "{errors:?}");
    let state = state.reduce(bench(BenchAction::ApplyPaste(None)));
    assert_eq!(state.inputs, before);
}

#[test]
fn an_access_denied_message_goes_to_the_denial_panel() {
    let message = "User: arn:aws:sts::111122223333:assumed-role/App/s is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0 with an explicit deny in a service control policy";
    let state = start().reduce(bench(BenchAction::ReadPaste(message.into())));
    assert!(state.bench.paste.is_none());
    assert!(state.bench.denial.is_some());
}

#[test]
fn a_keystroke_copies_only_the_edited_policy_into_the_scenario_evaluated() {
    let before = start();
    let typed = scp_text(&before).replacen("GRREGIONDENY", "GRREGIONDENYx", 1);
    let after = Rc::clone(&before).reduce(Action::EditPolicy(DENY, typed.clone()));
    let (old, new) = (&before.derived.scenario, &after.derived.scenario);
    assert_eq!(new.policy(DENY).map(|p| p.document.text()), Some(typed.as_str()));
    assert!(
        new.policy_refs().count() >= 4,
        "the example has other policies than the one typed into"
    );
    for (at, policy) in new.policy_refs() {
        let shared = std::sync::Arc::ptr_eq(policy.document.shared(), old.policy(at).unwrap().document.shared());
        assert_eq!(shared, at != DENY, "{at:?}");
    }
}
