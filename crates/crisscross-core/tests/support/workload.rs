//! What the benchmarks time, shared by `benches/evaluate.rs` (natively, with criterion) and `tests/wasm.rs`
//! (in headless Chromium), so that both sides measure the same work: three scenarios from the Control
//! Tower example to an organization at AWS's quotas, and the keystroke the page evaluates after each edit.

use crisscross_core::analysis::ParseCache;
use crisscross_core::policy::PolicyType;
use crisscross_core::report::{Explain, Report, report_with};
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::{Document, PolicyRef, Scenario};
use crisscross_core::size::hints;

/// The scenarios, smallest first, each with the name its figures are filed under.
pub(crate) const SCENARIOS: [(&str, &str); 3] = [
    (
        "example",
        include_str!("../../../../tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json"),
    ),
    (
        "medium",
        include_str!("../../../../tests/corpus/scale/medium-organization.json"),
    ),
    (
        "quota",
        include_str!("../../../../tests/corpus/scale/quota-organization.json"),
    ),
];

/// The SCP with the most text: the one a user editing the organization's largest policy types into.
pub(crate) fn largest_scp(scenario: &Scenario) -> PolicyRef {
    scenario
        .policy_refs()
        .filter(|(at, _)| matches!(at, PolicyRef::Scp { .. }))
        .max_by_key(|(_, p)| p.document.text().len())
        .map(|(at, _)| at)
        .expect("the scenario has an SCP")
}

/// The scenario after a keystroke into the first Sid of the policy `at`: `x{n}` typed at the start of
/// the Sid, so that each `n` gives a text the parse cache has not seen and the decisions stay the same.
pub(crate) fn typed_into(scenario: &Scenario, at: PolicyRef, n: usize) -> Scenario {
    let mut edited = scenario.clone();
    let policy = edited.policy_mut(at).expect("the policy exists");
    let text = policy.document.text();
    let sid = text.find("\"Sid\"").expect("the policy has a Sid");
    let value = text[sid + "\"Sid\"".len()..]
        .find('"')
        .map(|i| sid + "\"Sid\"".len() + i + 1)
        .expect("the Sid has a value");
    let typed = format!("{}x{n}{}", &text[..value], &text[value..]);
    policy.document = match policy.document {
        Document::Text(_) => Document::Text(typed.into()),
        Document::Json(_) => Document::Json(typed.into()),
    };
    edited
}

/// What the page does on each keystroke: the report of the edited scenario, unchanged policies taken
/// from the cache, no statement explained until a hop is opened; then the cache forgets the old text.
pub(crate) fn keystroke(scenario: &Scenario, catalog: &Catalog, cache: &mut ParseCache) -> Report {
    let (report, _) = report_with(scenario, catalog, cache, Explain::NoHop);
    cache.sweep();
    report
}

/// Room-making hints for every policy of the scenario, as `crisscross size` lists them: how many.
pub(crate) fn every_policy_hints(scenario: &Scenario) -> usize {
    scenario
        .policy_refs()
        .map(|(at, p)| hints(p.document.text(), PolicyType::from(at.layer())).len())
        .sum()
}
