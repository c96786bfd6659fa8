//! The reducer, action by action: what each does to the inputs, the verdict, the history and the
//! slower results.

use std::rc::Rc;

use crisscross_core::context::Origin;
use crisscross_core::evaluate::Decision;
use crisscross_core::scenario::PolicyRef;
use crisscross_core::size::LimitSet;
use yew::Reducible;

use super::history::edit_size;
use super::{Action, PlaygroundState, Theme, same_apart_from_spans};
use crate::examples;

mod bench;
mod deck;
mod organization;
mod own_work;
mod share;
mod slices;

fn start() -> Rc<PlaygroundState> {
    Rc::new(PlaygroundState::with_default_example(Theme::Light))
}

fn scp_text(state: &PlaygroundState) -> String {
    state.inputs.levels[1].policies[1].text.to_string()
}

const DENY: PolicyRef = PolicyRef::Scp { level: 1, index: 1 };

#[test]
fn opens_on_the_control_tower_denial() {
    let state = start();
    assert_eq!(state.derived.verdict.decision, Some(Decision::ExplicitDeny));
    assert!(state.derived.verdict.sentence.starts_with("Denied (2 of 4 checks)"));
    assert!(
        state
            .derived
            .verdict
            .message
            .as_deref()
            .unwrap_or_default()
            .contains("explicit deny in a service control policy")
    );
    // The first denied hop is shown, and its deciding statement is focused in its editor.
    assert_eq!(state.current_hop(), Some(2));
    let focus = state.focus.unwrap();
    assert_eq!(focus.policy, DENY);
    let text = scp_text(&state);
    assert!(text[focus.span.range()].contains("GRREGIONDENY"));
    assert_eq!(state.decided_spans(DENY), vec![focus.span]);
}

#[test]
fn every_edit_re_evaluates_and_a_fix_turns_the_call_to_allow() {
    let state = start();
    let text = scp_text(&state).replace("\"us-east-1\"", "\"us-east-1\", \"us-east-2\", \"us-west-2\"");
    let state = state.reduce(Action::EditPolicy(DENY, text));
    assert_eq!(state.derived.verdict.decision, Some(Decision::Allow));
    assert_eq!(state.revision, 2);
    assert!(state.derived.hops.iter().all(|h| h.decision.is_allow()));
}

#[test]
fn a_bad_paste_keeps_the_text_reports_the_line_and_undo_restores() {
    let state = start();
    let before = scp_text(&state);
    let broken = before.replacen("\"Effect\": \"Deny\"", "\"Effect\": \"Deny\",,", 1);
    let state = state.reduce(Action::EditPolicy(DENY, broken.clone()));
    assert_eq!(scp_text(&state), broken);
    assert_eq!(state.derived.verdict.decision, None);
    let diags = state
        .derived
        .per_policy
        .get(&DENY)
        .expect("diagnostics on the edited SCP");
    let line = broken.lines().position(|l| l.contains(",,")).unwrap() + 1;
    assert_eq!(diags[0].line, Some(u32::try_from(line).unwrap()));
    assert!(state.derived.hops.is_empty());
    assert_eq!(
        state.focus, None,
        "nothing is marked as deciding while the input is invalid"
    );
    let state = state.reduce(Action::Undo);
    assert_eq!(scp_text(&state), before);
    assert_eq!(state.derived.verdict.decision, Some(Decision::ExplicitDeny));
    let state = state.reduce(Action::Redo);
    assert_eq!(scp_text(&state), broken);
}

#[test]
fn a_policy_error_keeps_the_last_result_out_of_date_until_fixed_or_replaced() {
    let state = start();
    let text = scp_text(&state);
    let broken = text.replacen("\"Effect\": \"Deny\"", "\"Effect\": \"Deny\",,", 1);
    let state = state.reduce(Action::EditPolicy(DENY, broken));
    assert_eq!(state.derived.verdict.decision, None);
    assert!(state.results_out_of_date());
    assert!(state.results().verdict.sentence.starts_with("Denied (2 of 4 checks)"));
    assert_eq!(state.shown_hop(), Some(2));
    assert_eq!(state.policies_in_error().len(), 1);
    let fixed = state.reduce(Action::EditPolicy(DENY, text));
    assert!(!fixed.results_out_of_date());
    let state = fixed
        .reduce(Action::Undo)
        .reduce(Action::LoadExample("eu-landing-zone-nova-pro-eu-central-1-denied"));
    assert!(!state.results_out_of_date());
}

#[test]
fn typing_a_word_is_one_undo_step() {
    let mut state = start();
    let base = scp_text(&state);
    let mut text = base.clone();
    for c in "abc".chars() {
        text.insert(1, c);
        state = state.reduce(Action::EditPolicy(DENY, text.clone()));
    }
    state = state.reduce(Action::Undo);
    assert_eq!(scp_text(&state), base);
    assert!(!state.can_undo());
}

#[test]
fn only_a_keystroke_lets_the_panels_below_the_hops_follow_a_frame_later() {
    let state = start();
    let base = scp_text(&state);
    let mut text = base.clone();
    text.insert(1, ' ');
    let keystroke = state.clone().reduce(Action::EditPolicy(DENY, text));
    assert!(keystroke.typed);
    assert_ne!(keystroke.change, state.change);
    // A paste adds more than one character at once; a click changes what the user looks at.
    let pasted = keystroke
        .clone()
        .reduce(Action::EditPolicy(DENY, format!("{base}\n\n")));
    assert!(!pasted.typed);
    let clicked = keystroke.clone().reduce(Action::SelectHop(1));
    assert!(!clicked.typed);
    assert_ne!(clicked.change, keystroke.change);
}

#[test]
fn unchanged_parts_keep_their_rc() {
    let state = start();
    let hops = Rc::clone(&state.derived.hops);
    let verdict = Rc::clone(&state.derived.verdict);
    // A change that does not alter the result: a space after a comma.
    let text = format!("{}\n", scp_text(&state));
    let next = state.reduce(Action::EditPolicy(DENY, text));
    assert!(Rc::ptr_eq(&hops, &next.derived.hops));
    assert!(Rc::ptr_eq(&verdict, &next.derived.verdict));
    assert_eq!(next.revision, 2);
}

#[test]
fn typing_before_the_deciding_statement_moves_it_without_changing_what_the_hop_table_shows() {
    let state = start();
    let mut text = scp_text(&state);
    text.insert(1, ' ');
    let moved = Rc::clone(&state).reduce(Action::EditPolicy(DENY, text));
    // The editors mark the deciding statement where it now is...
    assert_ne!(moved.decided_spans(DENY), state.decided_spans(DENY));
    assert!(!Rc::ptr_eq(&state.derived.hops, &moved.derived.hops));
    // ...while the route map and the hop table, which show no place in the text, stay as they are.
    assert!(same_apart_from_spans(&state.derived.hops, &moved.derived.hops));
    // A renamed deciding statement is shown in the table under its new Sid.
    let renamed = scp_text(&moved).replacen("GRREGIONDENY", "GRREGIONDENY2", 1);
    let renamed = Rc::clone(&moved).reduce(Action::EditPolicy(DENY, renamed));
    assert_eq!(renamed.derived.verdict.decision, moved.derived.verdict.decision);
    assert!(!same_apart_from_spans(&moved.derived.hops, &renamed.derived.hops));
}

#[test]
fn typing_into_a_policy_keeps_the_diagnostics_outside_it() {
    // A typographic quote in the Sid: a warning in an SCP, at a place that typing before it moves.
    let start = start();
    let quoted = scp_text(&start).replacen("\"Sid\": \"", "\"Sid\": \"\u{201c}", 1);
    let state = start.reduce(Action::EditPolicy(DENY, quoted));
    assert!(
        state.derived.diagnostics.iter().any(|d| d.policy == Some(DENY)),
        "the SCP has a diagnostic"
    );
    let (every, outside) = (
        Rc::clone(&state.derived.diagnostics),
        Rc::clone(&state.derived.scenario_diagnostics),
    );
    let mut text = scp_text(&state);
    text.insert(1, ' ');
    let next = state.reduce(Action::EditPolicy(DENY, text));
    assert!(!Rc::ptr_eq(&every, &next.derived.diagnostics));
    assert!(Rc::ptr_eq(&outside, &next.derived.scenario_diagnostics));
}

#[test]
fn no_op_actions_return_the_same_state() {
    let state = start();
    let same = Rc::clone(&state).reduce(Action::EditPolicy(DENY, scp_text(&state)));
    assert!(Rc::ptr_eq(&state, &same));
    let same = Rc::clone(&state).reduce(Action::DismissNotice);
    assert!(Rc::ptr_eq(&state, &same));
    let same = Rc::clone(&state).reduce(Action::Undo);
    assert!(Rc::ptr_eq(&state, &same));
}

#[test]
fn scp_levels_can_be_added_renamed_moved_and_removed() {
    let state = start();
    let state = state.reduce(Action::AddLevel);
    assert_eq!(state.inputs.levels.len(), 4);
    assert_eq!(&*state.inputs.levels[2].target, "ou-new");
    assert!(state.inputs.levels[2].has_full_access());
    let state = state.reduce(Action::RenameLevel(2, "ou-ml".into()));
    let state = state.reduce(Action::MoveLevel { level: 2, up: true });
    assert_eq!(&*state.inputs.levels[1].target, "ou-ml");
    // The deny moved to level 2: the call is still denied by it.
    assert_eq!(state.derived.verdict.decision, Some(Decision::ExplicitDeny));
    let state = state.reduce(Action::ToggleFullAccess(1));
    assert!(state.inputs.levels[1].policies.is_empty());
    // A level with no SCP denies everything.
    assert!(
        state.derived.verdict.sentence.contains("no SCP at `ou-ml`"),
        "{}",
        state.derived.verdict.sentence
    );
    let state = state.reduce(Action::RemoveLevel(1));
    assert_eq!(state.inputs.levels.len(), 3);
    assert_eq!(state.derived.verdict.decision, Some(Decision::ExplicitDeny));
}

#[test]
fn picking_a_profile_keeps_or_fixes_the_source_region() {
    let state = start();
    let state = state.reduce(Action::SetProfile("eu.amazon.nova-pro-v1:0".into()));
    assert!(
        state.inputs.source_region().starts_with("eu-"),
        "{}",
        state.inputs.source_region()
    );
    assert!(
        state.derived.verdict.decision.is_some(),
        "{}",
        state.derived.verdict.sentence
    );
    let state = state.reduce(Action::SetSourceRegion("us-west-1".into()));
    assert_eq!(state.derived.verdict.decision, None);
    assert!(
        state
            .derived
            .diagnostics
            .iter()
            .any(|d| d.diagnostic.code == "unserved-source-region")
    );
}

#[test]
fn a_bad_scenario_paste_changes_nothing() {
    let state = start();
    let inputs = Rc::clone(&state.inputs);
    let state = state.reduce(Action::LoadScenario("{\"version\": 1,".into()));
    assert!(Rc::ptr_eq(&inputs, &state.inputs));
    assert!(state.notice.as_ref().is_some_and(|n| n.error));
    let json = examples::EXAMPLES[2].json.to_owned();
    let state = state.reduce(Action::LoadScenario(json));
    assert_eq!(state.inputs.profile(), "eu.amazon.nova-pro-v1:0");
    let state = state.reduce(Action::Undo);
    assert_eq!(state.inputs, inputs);
}

#[test]
fn context_rows_reach_the_hops_with_their_origin() {
    let state = start();
    let state = state.reduce(Action::AddContext);
    let state = state.reduce(Action::SetContextKey(0, "aws:PrincipalOrgID".into()));
    let state = state.reduce(Action::SetContextValue(0, "o-abc123".into()));
    let hop = &state.derived.hops[0];
    let row = hop.key_context().find(|c| c.key == "aws:PrincipalOrgID").unwrap();
    assert_eq!(row.origin, Origin::User);
    let region = hop.key_context().find(|c| c.key == "aws:RequestedRegion").unwrap();
    assert_eq!(region.origin, Origin::Derived);
}

/// Typing inside or before the deciding statement does not ask its editor to scroll back to it: the
/// focus keeps its request and follows the statement's span.
#[test]
fn typing_around_the_deciding_statement_keeps_its_focus_request() {
    let state = start();
    let shown = state.focus.unwrap();
    let typed = scp_text(&state).replacen("GRREGIONDENY", "GRREGIONDENYX", 1);
    let state = state.reduce(Action::EditPolicy(DENY, typed));
    let inside = state.focus.unwrap();
    assert_eq!(
        (inside.rev, inside.span.start, inside.span.end),
        (shown.rev, shown.span.start, shown.span.end + 1)
    );
    let typed = format!(" {}", scp_text(&state));
    let state = state.reduce(Action::EditPolicy(DENY, typed));
    let before = state.focus.unwrap();
    assert_eq!(
        (before.rev, before.span.start, before.span.end),
        (shown.rev, shown.span.start + 1, shown.span.end + 2)
    );
    let text = scp_text(&state);
    assert!(text[before.span.range()].starts_with('{') && text[before.span.range()].contains("GRREGIONDENYX"));
}

/// An organization's hop considers dozens of statements: its explanation explains those that apply and
/// the first twelve that do not, and the others once asked for.
#[test]
fn an_organization_s_hop_explains_the_statements_it_shows() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/corpus/scale/medium-organization.json"
    );
    let text = std::fs::read_to_string(path).expect("the medium organization scenario");
    let state = start().reduce(Action::LoadScenario(text));
    let hop = state.current_hop().expect("a hop is shown");
    let few = state.derived.statements(hop, state.explain_all);
    let all = state.derived.statements(hop, true);
    assert!(all.considered > 20, "{} statements", all.considered);
    assert_eq!((all.shown.len(), all.hidden), (all.considered, 0));
    assert_eq!(few.considered, all.considered);
    assert_eq!(few.shown.iter().filter(|s| !s.applies).count(), 12);
    assert_eq!(few.hidden, all.considered - few.shown.len());
    let applying = |e: &crate::state::Explained| e.shown.iter().filter(|s| s.applies).count();
    assert_eq!(applying(&few), applying(&all));
    assert!(few.shown.iter().all(|s| all.shown.contains(s)));
    let state = state.reduce(Action::ExplainAll);
    assert!(state.explain_all);
}

#[test]
fn selecting_a_hop_focuses_its_deciding_statement() {
    let state = start();
    let state = state.reduce(Action::SelectHop(0));
    assert_eq!(state.current_hop(), Some(0));
    // The profile hop is allowed: focus goes to an allowing statement.
    assert!(state.focus.is_some());
    let state = state.reduce(Action::SelectHop(99));
    assert_eq!(state.current_hop(), Some(0));
}

#[test]
fn diagnostics_map_to_their_editor() {
    let state = start();
    let broken = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"*\", \"Resource\": \"*\"}]}";
    let id = PolicyRef::Identity(0);
    let state = state.reduce(Action::EditPolicy(id, broken.into()));
    let diags = state.derived.per_policy.get(&id).unwrap();
    assert_eq!(diags[0].code, "invalid-effect");
    assert_eq!(diags[0].line, Some(1));
}

#[test]
fn settling_suggests_fixes_and_one_click_allows_the_call() {
    let state = start();
    assert!(state.needs_settle());
    // A stale revision is ignored.
    let same = Rc::clone(&state).reduce(Action::Settle(0));
    assert!(Rc::ptr_eq(&state, &same));
    let state = state.reduce(Action::Settle(1));
    let fixes = Rc::clone(&state.fresh().unwrap().fixes);
    assert!(!fixes.is_empty());
    assert!(fixes[0].resolves);
    assert!(!state.needs_settle());
    let state = state.reduce(Action::ApplyFix(0));
    assert_eq!(
        state.derived.verdict.decision,
        Some(Decision::Allow),
        "{}",
        state.derived.verdict.sentence
    );
    assert!(state.fresh().is_none());
    let state = state.reduce(Action::Undo);
    assert_eq!(state.derived.verdict.decision, Some(Decision::ExplicitDeny));
}

/// Typing does not empty the fixes panel and fill it again on every keystroke: the last fixes found stay
/// on the page, marked as found for the text before the edit, and cannot be applied to the new text.
#[test]
fn the_last_fixes_stay_shown_while_an_edit_is_settled_and_cannot_be_applied() {
    let state = start().reduce(Action::Settle(1));
    let (found, current) = state.shown_fixes().expect("the example's fixes");
    assert!(current && !found.fixes.is_empty());
    let typed = scp_text(&state).replacen("GRREGIONDENY", "GRREGIONDENYX", 1);
    let state = state.reduce(Action::EditPolicy(DENY, typed));
    assert_eq!(state.derived.verdict.decision, Some(Decision::ExplicitDeny));
    let (shown, current) = state.shown_fixes().expect("the fixes found before the edit");
    assert!(!current);
    assert!(Rc::ptr_eq(&shown, &found));
    let unchanged = Rc::clone(&state).reduce(Action::ApplyFix(0));
    assert!(
        Rc::ptr_eq(&unchanged, &state),
        "a fix found for other text is not applied"
    );
    let revision = state.revision;
    let state = state.reduce(Action::Settle(revision));
    let (shown, current) = state.shown_fixes().unwrap();
    assert!(current && shown.revision == revision);
}

/// "No fix found" is not kept for new text: it could be wrong for it.
#[test]
fn an_empty_list_of_fixes_is_not_shown_for_new_text() {
    let state = start().reduce(Action::Settle(1));
    let allowed = state.reduce(Action::ApplyFix(0));
    assert_eq!(allowed.derived.verdict.decision, Some(Decision::Allow));
    let revision = allowed.revision;
    let allowed = allowed.reduce(Action::Settle(revision));
    assert!(allowed.shown_fixes().unwrap().0.fixes.is_empty());
    let denied = allowed.reduce(Action::Undo);
    assert_eq!(denied.derived.verdict.decision, Some(Decision::ExplicitDeny));
    assert!(denied.shown_fixes().is_none());
}

/// Fix suggestions reach the page as soon as the search is over; the hints still to find follow in a
/// second result for the same revision, and until then the page says it is still computing them.
#[test]
fn fixes_are_published_ahead_of_the_hints() {
    let state = start();
    let mut settling = crate::state::Settling::new(&state);
    let mut ahead = None;
    while settling.step() {
        if let Some(published) = settling.fixes_ahead() {
            assert!(ahead.is_none(), "published once");
            ahead = Some(published);
        }
    }
    let ahead = ahead.expect("the example has hints to find after its fixes");
    assert!(ahead.pending && !ahead.fixes.is_empty());
    let revision = state.revision;
    let state = state.reduce(Action::Settled(Rc::new(ahead)));
    assert_eq!(state.fresh().unwrap().revision, revision);
    assert!(state.needs_settle(), "the hints are still to come");
    assert_eq!(state.computing(), Some("room-making hints"));
    let state = state.reduce(Action::Settled(Rc::new(settling.finish())));
    assert!(!state.needs_settle());
    assert_eq!(state.computing(), None);
}

/// Typing into a policy does not take its "Make room" hints off the page until new ones are found: the
/// last ones stay, marked as being updated, and cannot be applied to the new text.
#[test]
fn the_last_hints_stay_shown_while_an_edit_is_settled_and_cannot_be_applied() {
    let state = start().reduce(Action::Settle(1));
    let found = state.shown_hints().remove(&DENY).expect("the example's SCP has hints");
    assert!(found.current && !found.hints.is_empty());
    let typed = scp_text(&state).replacen("GRREGIONDENY", "GRREGIONDENYX", 1);
    let state = state.reduce(Action::EditPolicy(DENY, typed));
    let kept = state
        .shown_hints()
        .remove(&DENY)
        .expect("the hints found before the edit");
    assert!(!kept.current);
    assert!(Rc::ptr_eq(&kept.hints, &found.hints));
    let unchanged = Rc::clone(&state).reduce(Action::ApplyHint(DENY, 0));
    assert!(
        Rc::ptr_eq(&unchanged, &state),
        "a hint found for other text is not applied"
    );

    // While only the fixes of the new text are found, the hints still to come are the kept ones.
    let mut settling = crate::state::Settling::new(&state);
    let mut ahead = None;
    while settling.step() {
        ahead = ahead.or_else(|| settling.fixes_ahead());
    }
    let state = state.reduce(Action::Settled(Rc::new(ahead.expect("fixes ahead of the hints"))));
    assert!(!state.shown_hints()[&DENY].current);
    let state = state.reduce(Action::Settled(Rc::new(settling.finish())));
    let current = state.shown_hints().remove(&DENY).expect("hints for the new text");
    assert!(current.current && !Rc::ptr_eq(&current.hints, &found.hints));
}

/// Hints depend on their policy's text alone: typing into one policy leaves the hints of every other
/// policy current, and applicable, while the edited one's are found again.
#[test]
fn typing_into_one_policy_leaves_the_hints_of_the_others_current() {
    let state = start().reduce(Action::Settle(1));
    let before = state.shown_hints();
    let others: Vec<PolicyRef> = before.keys().copied().filter(|id| *id != DENY).collect();
    assert!(
        !others.is_empty(),
        "the example has hints outside the Region deny: {:?}",
        before.keys()
    );
    let typed = scp_text(&state).replacen("GRREGIONDENY", "GRREGIONDENYX", 1);
    let state = state.reduce(Action::EditPolicy(DENY, typed));
    assert!(state.fresh().is_none(), "the edit is not settled yet");
    let after = state.shown_hints();
    assert!(!after[&DENY].current);
    for id in &others {
        assert_eq!(after.get(id), before.get(id), "{id:?}");
    }
    let other = others[0];
    let text_before = state.inputs.policy(other).map(|p| p.text.to_string());
    let applied = Rc::clone(&state).reduce(Action::ApplyHint(other, 0));
    assert_ne!(applied.inputs.policy(other).map(|p| p.text.to_string()), text_before);
}

/// Hints found for one text are not shown, even as being updated, for a text pasted over it.
#[test]
fn hints_are_not_kept_for_a_text_pasted_over_the_policy() {
    let state = start().reduce(Action::Settle(1));
    assert!(state.shown_hints().contains_key(&DENY));
    let pasted = scp_text(&state)
        .replace("\"Sid\"", "\"Sid\"        ")
        .replace(',', " ,  ");
    let state = state.reduce(Action::EditPolicy(DENY, pasted));
    assert!(!state.shown_hints().contains_key(&DENY));
}

#[test]
fn the_matrix_is_computed_only_when_shown() {
    let state = start().reduce(Action::Settle(1));
    assert!(state.fresh().unwrap().matrix.is_none());
    let state = state.reduce(Action::ShowMatrix(true));
    assert!(state.needs_settle());
    let state = state.reduce(Action::Settle(1));
    let matrix = state.fresh().unwrap().matrix.clone().unwrap();
    assert!(matrix.rows.len() > 10);
    assert_eq!(matrix.api, "Converse");
}

/// An edit does not empty the open matrix: the last one stays, marked as being updated, until the new
/// one is computed; with invalid input none is computed, so none is shown.
#[test]
fn the_last_matrix_stays_shown_while_an_edit_is_settled() {
    let state = start().reduce(Action::ShowMatrix(true)).reduce(Action::Settle(1));
    let (computed, current) = state.shown_matrix().expect("the matrix");
    assert!(current);
    let typed = scp_text(&state).replacen("GRREGIONDENY", "GRREGIONDENYX", 1);
    let edited = state.reduce(Action::EditPolicy(DENY, typed));
    let (shown, current) = edited.shown_matrix().expect("the matrix computed before the edit");
    assert!(!current);
    assert!(Rc::ptr_eq(&shown, &computed));
    let broken = scp_text(&edited).replacen('{', "{,", 1);
    let broken = Rc::clone(&edited).reduce(Action::EditPolicy(DENY, broken));
    assert!(
        broken.shown_matrix().is_none(),
        "no matrix is computed for invalid input"
    );
    let revision = edited.revision;
    let settled = edited.reduce(Action::Settle(revision));
    let (shown, current) = settled.shown_matrix().unwrap();
    assert!(current && !Rc::ptr_eq(&shown, &computed));
}

#[test]
fn sizes_follow_the_text_and_the_quota_set() {
    let state = start();
    let size = Rc::clone(&state.derived.sizes[&DENY]);
    assert_eq!(size.limit, 10_240);
    assert!(size.every_character);
    assert_eq!(size.counted, size.written);
    assert_eq!(size.written, scp_text(&state).chars().count());
    // Editing another policy keeps this measurement.
    let other = PolicyRef::Identity(0);
    let text = format!("{} ", state.inputs.policy(other).unwrap().text);
    let state = state.reduce(Action::EditPolicy(other, text));
    assert!(Rc::ptr_eq(&size, &state.derived.sizes[&DENY]));
    let identity = &state.derived.sizes[&other];
    assert!(!identity.every_character);
    assert_eq!(identity.limit, 6_144);
    let state = state.reduce(Action::SetLimitSet(LimitSet::Legacy));
    assert_eq!(state.derived.sizes[&DENY].limit, 5_120);
}

#[test]
fn minify_and_hints_make_room_and_undo_restores() {
    let state = start();
    let before = scp_text(&state);
    let state = state.reduce(Action::Minify(DENY));
    let after = scp_text(&state);
    assert!(!after.contains('\n'));
    assert_eq!(state.derived.sizes[&DENY].written, state.derived.sizes[&DENY].minified);
    assert_eq!(state.derived.verdict.decision, Some(Decision::ExplicitDeny));
    let state = state.reduce(Action::Undo);
    assert_eq!(scp_text(&state), before);
    let revision = state.revision;
    let state = state.reduce(Action::Settle(revision));
    let hints = Rc::clone(&state.fresh().unwrap().hints[&DENY]);
    assert!(!hints.is_empty());
    let state = state.reduce(Action::ApplyHint(DENY, 0));
    assert!(scp_text(&state).contains('\n'), "the layout is kept");
    assert!(scp_text(&state).chars().count() < before.chars().count());
    assert_eq!(state.derived.verdict.decision, Some(Decision::ExplicitDeny));
}

#[test]
fn share_links_round_trip_and_bad_links_change_nothing() {
    let state = start().reduce(Action::ShowShare(true));
    let share = Rc::clone(state.share.as_ref().unwrap());
    assert!(share.url.contains("#v1.d."), "{}", share.url);
    assert_eq!(share.id.len(), 12);
    let (markdown, _) = share.tickets.as_ref().expect("verdicts shown, so the ticket is too");
    assert!(markdown.contains(&share.url));
    assert!(markdown.contains("GRREGIONDENY"));
    let minified = Rc::clone(&state).reduce(Action::SetShareMinify(true));
    assert!(minified.share.as_ref().unwrap().url.len() < share.url.len());
    // Open the link on a page with other inputs.
    let other = state.reduce(Action::LoadExample("eu-landing-zone-nova-pro-eu-central-1-denied"));
    let opened = Rc::clone(&other).reduce(Action::OpenLink(share.url.clone()));
    assert_eq!(opened.inputs.profile(), "us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    assert!(
        opened
            .notice
            .as_ref()
            .is_some_and(|n| !n.error && n.text.contains(&share.id))
    );
    assert_eq!(opened.derived.verdict.decision, Some(Decision::ExplicitDeny));
    // A cut link says so and keeps the inputs.
    let cut = &share.url[..share.url.len() - 40];
    let broken = Rc::clone(&other).reduce(Action::OpenLink(cut.to_owned()));
    assert!(Rc::ptr_eq(&broken.inputs, &other.inputs));
    assert!(
        broken
            .notice
            .as_ref()
            .is_some_and(|n| n.error && n.text.contains("link-")),
        "{:?}",
        broken.notice
    );
}

#[test]
fn small_edits_are_detected() {
    assert!(edit_size("abc", "abxc").small);
    // Characters that share their first bytes are compared whole: one replaced by another over a
    // selection is an undo step of its own, and one keystroke.
    assert!(!edit_size("caf\u{e9}", "caf\u{e8}").small);
    assert!(edit_size("caf\u{e9}", "caf").small);
    assert!(edit_size("caf\u{e9}", "caf\u{e8}").keystroke);
    assert!(edit_size("abc", "a").keystroke);
    assert!(!edit_size("abc", "abxyc").keystroke);
    assert!(edit_size("abc", "ac").small);
    assert!(!edit_size("abc", "ab c").small);
    assert!(!edit_size("abc", "abcdefgh").small);
}

#[test]
fn inputs_a_link_replaces_are_evaluated_only_when_it_does_not_open() {
    let share = start().reduce(Action::ShowShare(true)).share.clone().unwrap();
    let eu = start().reduce(Action::LoadExample("eu-landing-zone-nova-pro-eu-central-1-denied"));
    let other = || PlaygroundState::unevaluated(eu.inputs.as_ref().clone(), Theme::Light);
    let opened = (*Rc::new(other()).reduce(Action::OpenLink(share.url.clone())))
        .clone()
        .evaluated();
    assert_eq!(opened.inputs.levels, start().inputs.levels);
    assert_eq!(opened.derived.verdict, start().derived.verdict);
    // Undo brings back the inputs the link replaced, evaluated.
    let undone = Rc::new(opened).reduce(Action::Undo);
    assert_eq!(undone.inputs, eu.inputs);
    assert_eq!(undone.derived.verdict, eu.derived.verdict);
    // A cut link leaves the inputs as they were: they are evaluated then, as if no link had come.
    let cut = &share.url[..share.url.len() - 40];
    let broken = (*Rc::new(other()).reduce(Action::OpenLink(cut.to_owned())))
        .clone()
        .evaluated();
    assert!(broken.notice.as_ref().is_some_and(|n| n.error));
    assert_eq!(broken.inputs, eu.inputs);
    assert_eq!(broken.derived.verdict, eu.derived.verdict);
}
