//! The user's own work: a changed example stops describing the scenario, and what is loaded over the
//! user's work keeps it as a draft.

use yew::Reducible;

use super::{DENY, scp_text, start};
use crate::state::Action;

const EU_EXAMPLE: &str = "eu-landing-zone-nova-pro-eu-central-1-denied";

#[test]
fn changing_the_call_of_an_example_detaches_its_description_and_expectations() {
    let state = start();
    let description = state.inputs.description.clone();
    assert!(state.inputs.expect.is_some());
    assert!(
        state.changed_example().is_none(),
        "an unchanged example is not the user's"
    );
    let edited = scp_text(&state).replace("us-east-1", "eu-west-1");
    let state = state.reduce(Action::EditPolicy(DENY, edited));
    assert!(state.inputs.provenance.own);
    assert_eq!(state.inputs.expect, None);
    assert!(
        state
            .inputs
            .description
            .starts_with("Changed from the crisscross example")
    );
    let (example, set_aside) = state.changed_example().unwrap();
    assert_eq!(example.id, "control-tower-us-east-1-us-profile-denied");
    assert_eq!(set_aside, Some(5));
    // Only if asked are the example's expectations checked again.
    let state = state.reduce(Action::RestoreExampleExpectations);
    assert!(state.expectations().is_some_and(|v| !v.passes()));
    assert_eq!(state.changed_example().unwrap().1, None);
    // Undo goes back to the example as loaded.
    let state = state.reduce(Action::Undo).reduce(Action::Undo);
    assert_eq!(state.inputs.description, description);
    assert!(state.expectations().is_some_and(|v| v.passes()));
    assert!(!state.inputs.provenance.own);
}

#[test]
fn loading_over_the_users_work_keeps_it_as_a_draft_and_restoring_brings_it_back() {
    // An unchanged example is not kept.
    let state = start().reduce(Action::LoadExample(EU_EXAMPLE));
    assert!(state.drafts.is_empty());
    assert!(state.notice.is_none());
    let state = start();
    let edited = format!("{}\n", scp_text(&state).replace("us-east-1", "eu-west-1"));
    let state = state.reduce(Action::EditPolicy(DENY, edited.clone()));
    let state = state.reduce(Action::LoadExample(EU_EXAMPLE));
    assert_eq!(state.drafts.len(), 1);
    let draft = state.drafts[0].clone();
    assert!(
        draft.name.starts_with("Your version of \u{201c}Control Tower"),
        "{}",
        draft.name
    );
    let notice = state.notice.clone().unwrap();
    assert_eq!(notice.draft, Some(draft.id));
    assert!(notice.text.contains("kept as the draft"), "{}", notice.text);
    // Loading the same work again keeps one draft, not two.
    let state = state.reduce(Action::Undo).reduce(Action::LoadExample(EU_EXAMPLE));
    assert_eq!(state.drafts.len(), 1);
    let state = state.reduce(Action::RestoreDraft(draft.id));
    assert_eq!(scp_text(&state), edited);
    // The draft stays: after an Undo, the work would otherwise only be in the redo history.
    assert_eq!(state.drafts.len(), 1);
    let state = state.reduce(Action::DeleteDraft(draft.id));
    assert!(state.drafts.is_empty());
    // A link opened over it keeps it too, and says both.
    let link = crisscross_core::share::encode(
        &start().derived.scenario,
        crisscross_core::share::EncodeOptions { minify: true },
    )
    .unwrap()
    .fragment;
    let state = state.reduce(Action::OpenLink(link));
    let notice = state.notice.clone().unwrap();
    assert!(notice.text.starts_with("Opened a shared scenario"), "{}", notice.text);
    assert!(notice.draft.is_some());
    let state = state.reduce(Action::DeleteDraft(notice.draft.unwrap()));
    assert!(state.drafts.is_empty());
}
