//! The slower results in slices: every slice makes progress, input waiting ends one early, and slices
//! of any length find what a single run finds.

use super::start;

/// A slice of background work always makes progress, and one with no time left stops after one step:
/// slices of any length end with the results a single run finds.
#[test]
fn slices_without_time_left_do_one_step_each_and_find_what_one_run_finds() {
    let state = start();
    let mut whole = crate::state::Settling::new(&state);
    let mut steps = 0;
    while whole.step() {
        steps += 1;
    }
    let mut sliced = crate::state::Settling::new(&state);
    let mut slices = 0;
    while !sliced.run_for(0.0, || false) {
        slices += 1;
        assert!(slices <= steps, "every slice but the last does exactly one step");
    }
    assert_eq!(slices, steps, "one slice per step, the last one finding nothing left");
    let (whole, sliced) = (whole.finish(), sliced.finish());
    assert_eq!(sliced.fixes, whole.fixes);
    assert_eq!(sliced.hints, whole.hints);
}

/// Input waiting for the page ends a slice after the step under way, however much of its time is
/// left, and the results are the same as a single run's.
#[test]
fn a_slice_with_input_waiting_stops_after_one_step_and_finds_what_one_run_finds() {
    let state = start();
    let mut whole = crate::state::Settling::new(&state);
    let mut steps = 0;
    while whole.step() {
        steps += 1;
    }
    let mut sliced = crate::state::Settling::new(&state);
    let mut slices = 0;
    let mut asked = 0;
    while !sliced.run_for(60_000.0, || {
        asked += 1;
        true
    }) {
        slices += 1;
        assert!(slices <= steps, "every slice but the last does exactly one step");
    }
    assert_eq!(slices, steps, "one slice per step, the last one finding nothing left");
    assert_eq!(asked, steps, "asked once after each step that leaves work");
    let (whole, sliced) = (whole.finish(), sliced.finish());
    assert_eq!(sliced.fixes, whole.fixes);
    assert_eq!(sliced.hints, whole.hints);
}

/// Without input waiting, a slice with time left goes on past the first step.
#[test]
fn a_slice_with_time_left_and_no_input_waiting_does_more_than_one_step() {
    let state = start();
    let mut sliced = crate::state::Settling::new(&state);
    assert!(
        sliced.run_for(60_000.0, || false),
        "a minute is enough for the whole example in one slice"
    );
}
