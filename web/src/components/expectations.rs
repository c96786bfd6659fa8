//! Workshop expectations: the scenario's `expect` block as predict-then-reveal, and a way for a trainer
//! to record the current verdicts as the exercise's answer.

use std::collections::BTreeMap;
use std::rc::Rc;

use crisscross_core::report::{HopReport, Report};
use crisscross_core::scenario::Scenario;
use yew::prelude::*;

use super::{checked, select_value, send};
use crate::hooks::use_dispatch;
use crate::state::bench::expect_view;
use crate::state::{Action, BenchAction, VerdictView};

/// Props of [`ExpectPanel`].
#[derive(Properties, PartialEq)]
pub struct ExpectProps {
    /// The current scenario (its `expect` block).
    pub scenario: Rc<Scenario>,
    /// The current report.
    pub report: Rc<Report>,
    /// The current verdict.
    pub verdict: Rc<VerdictView>,
    /// The current hops.
    pub hops: Rc<Vec<HopReport>>,
    /// Verdicts hidden until revealed.
    pub predict: bool,
}

const CHOICES: [&str; 3] = ["Allow", "Explicit deny", "Implicit deny"];

/// The expectations panel.
#[component]
pub fn ExpectPanel(props: &ExpectProps) -> Html {
    let dispatch = use_dispatch();
    let view = {
        let deps = (
            Rc::clone(&props.scenario),
            Rc::clone(&props.report),
            Rc::clone(&props.verdict),
            Rc::clone(&props.hops),
        );
        use_memo(deps, |(s, r, v, h)| expect_view(s, r, v, h))
    };
    let predictions = use_state(BTreeMap::<usize, String>::new);
    let bench = |a: BenchAction| send(&dispatch, move |_: MouseEvent| Action::Bench(a.clone()));
    let head = html! {
        <div class="panel-head"><h2 id="expect-title">{"Expectations: predict, then reveal"}</h2></div>
    };
    let record = html! {
        <button type="button" onclick={bench(BenchAction::RecordExpectations)} disabled={props.verdict.decision.is_none()}>
            {"Record the current verdicts as expectations"}
        </button>
    };
    let Some(view) = view.as_ref() else {
        return html! {
            <section class="panel bench expect-panel" aria-labelledby="expect-title">
                {head}
                <p class="hint">{"This scenario has no expectations. To build an exercise, set up the answer, record it, then change the policies back and share the link: learners predict each verdict, then reveal."}</p>
                {record}
            </section>
        };
    };
    let toggle = send(&dispatch, |e: Event| {
        Action::Bench(BenchAction::SetPredict(checked(&e)))
    });
    let hide = html! {
        <label class="check"><input id="predict-toggle" type="checkbox" checked={props.predict} onchange={toggle} />{" Hide the verdicts (predict first)"}</label>
    };
    let rows = view.rows.iter().enumerate().map(|(n, r)| {
        let guess = predictions.get(&n).cloned().unwrap_or_default();
        let on_guess = {
            let predictions = predictions.clone();
            Callback::from(move |e: Event| {
                let mut map = (*predictions).clone();
                map.insert(n, select_value(&e));
                predictions.set(map);
            })
        };
        let label = format!("Your prediction for {}", r.label);
        let guess_cell = html! {
            <select aria-label={label} onchange={on_guess}>
                <option value="" selected={guess.is_empty()}>{"\u{2014} predict \u{2014}"}</option>
                {for CHOICES.iter().map(|c| html! { <option value={*c} selected={guess == *c}>{*c}</option> })}
            </select>
        };
        if props.predict {
            html! { <tr><th scope="row">{r.label.clone()}</th><td>{guess_cell}</td></tr> }
        } else {
            let (icon, word, class) = if r.holds { ("\u{2713}", "holds", "ok") } else { ("\u{2715}", "fails", "deny") };
            let guessed = (!guess.is_empty()).then(|| {
                let right = r.actual.starts_with(guess.as_str());
                html! { <span class="small">{format!(" (you said {guess}: {})", if right { "right" } else { "wrong" })}</span> }
            });
            html! {
                <tr class={classes!("expect-row", class)}>
                    <th scope="row">{r.label.clone()}</th>
                    <td>{super::ticks(&r.expected)}</td>
                    <td>{r.actual.clone()}{guessed}</td>
                    <td class={classes!("dec", class)}><span aria-hidden="true">{icon}{" "}</span>{word}</td>
                </tr>
            }
        }
    });
    if props.predict {
        return html! {
            <section class="panel bench expect-panel predicting-panel" aria-labelledby="expect-title">
                {head}
                {hide}
                <p role="status">{format!("The verdicts are hidden. Predict the {} checks below from the policies, then reveal.", view.rows.len())}</p>
                <table class="expect-table">
                    <thead><tr><th scope="col">{"Check"}</th><th scope="col">{"Your prediction"}</th></tr></thead>
                    <tbody>{for rows}</tbody>
                </table>
                <button type="button" class="primary" onclick={bench(BenchAction::SetPredict(false))}>{"Reveal the verdicts"}</button>
            </section>
        };
    }
    let failing = view.rows.iter().filter(|r| !r.holds).count();
    let (summary, class) = if view.passes() {
        (
            format!("\u{2713} Pass: all {} expectations hold.", view.rows.len()),
            "ok",
        )
    } else {
        (
            format!(
                "\u{2715} Fail: {} of {} expectations do not hold.",
                failing.max(1),
                view.rows.len()
            ),
            "deny",
        )
    };
    html! {
        <section class="panel bench expect-panel" aria-labelledby="expect-title">
            {head}
            {hide}
            <p id="expect-summary" class={classes!("expect-summary", class)} role="status">{summary}</p>
            <table class="expect-table">
                <thead><tr><th scope="col">{"Check"}</th><th scope="col">{"Expected"}</th><th scope="col">{"Now"}</th><th scope="col">{"Result"}</th></tr></thead>
                <tbody>{for rows}</tbody>
            </table>
            if !view.mismatches.is_empty() {
                <ul class="small mismatches">{for view.mismatches.iter().map(|m| html! { <li>{super::ticks(m)}</li> })}</ul>
            }
            <div class="row">
                {record}
                <button type="button" onclick={bench(BenchAction::ClearExpectations)}>{"Remove the expectations"}</button>
            </div>
        </section>
    }
}
