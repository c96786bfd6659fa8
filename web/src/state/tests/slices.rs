//! The slower results in slices: every slice makes progress, input waiting ends one early, and slices
//! of any length find what a single run finds.

use crate::state::{PlaygroundState, Settled, Settling};

use super::start;

/// The steps a single run of the slower results takes, and what it finds.
fn one_run(state: &PlaygroundState) -> (usize, Settled) {
    let mut whole = Settling::new(state);
    let mut steps = 0;
    while whole.step() {
        steps += 1;
    }
    (steps, whole.finish())
}

/// The slices that end with more work left, and what the slices find; no more of them than `steps`.
fn sliced_run(
    state: &PlaygroundState,
    steps: usize,
    budget_ms: f64,
    interrupted: impl FnMut() -> bool + Copy,
) -> (usize, Settled) {
    let mut sliced = Settling::new(state);
    let mut slices = 0;
    while !sliced.run_for(budget_ms, interrupted) {
        slices += 1;
        assert!(slices <= steps, "every slice but the last does exactly one step");
    }
    (slices, sliced.finish())
}

/// A slice of background work always makes progress, and one with no time left stops after one step:
/// slices of any length end with the results a single run finds.
#[test]
fn slices_without_time_left_do_one_step_each_and_find_what_one_run_finds() {
    let state = start();
    let (steps, whole) = one_run(&state);
    let (slices, sliced) = sliced_run(&state, steps, 0.0, || false);
    assert_eq!(slices, steps, "one slice per step, the last one finding nothing left");
    assert_eq!(sliced.fixes, whole.fixes);
    assert_eq!(sliced.hints, whole.hints);
}

/// Input waiting for the page ends a slice after the step under way, however much of its time is
/// left, and the results are the same as a single run's.
#[test]
fn a_slice_with_input_waiting_stops_after_one_step_and_finds_what_one_run_finds() {
    let state = start();
    let (steps, whole) = one_run(&state);
    let asked = std::cell::Cell::new(0);
    let (slices, sliced) = sliced_run(&state, steps, 60_000.0, || {
        asked.set(asked.get() + 1);
        true
    });
    assert_eq!(slices, steps, "one slice per step, the last one finding nothing left");
    assert_eq!(asked.get(), steps, "asked once after each step that leaves work");
    assert_eq!(sliced.fixes, whole.fixes);
    assert_eq!(sliced.hints, whole.hints);
}

/// Without input waiting, a slice with time left goes on past the first step.
#[test]
fn a_slice_with_time_left_and_no_input_waiting_does_more_than_one_step() {
    let state = start();
    let mut sliced = Settling::new(&state);
    assert!(
        sliced.run_for(60_000.0, || false),
        "a minute is enough for the whole example in one slice"
    );
}
