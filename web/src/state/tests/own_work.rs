//! The user's own work: a changed example stops describing the scenario.

use yew::Reducible;

use super::{DENY, scp_text, start};
use crate::state::Action;

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
