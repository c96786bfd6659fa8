#![cfg(not(target_arch = "wasm32"))]
//! The blast radius of an SCP edit, checked against what AWS's evaluation says each hop becomes.

use crisscross_core::diff::diff;
use crisscross_core::evaluate::Decision;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::route::hop::HopKind;
use crisscross_core::scenario::{Document, Scenario};

const CONTROL_TOWER: &str = include_str!("../../../tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json");
const PROFILE: &str = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

/// The Control Tower scenario with an identity policy that allows every Bedrock invocation, so only the
/// SCP decides.
fn before() -> Scenario {
    let mut s = Scenario::from_json(CONTROL_TOWER).unwrap();
    s.identity_policies[0].document = Document::Text(r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "bedrock:InvokeModel*", "Resource": "*"}]}"#.into());
    s
}

#[test]
fn a_profile_exception_changes_exactly_that_profiles_model_hops_outside_us_east_1() {
    let old = before();
    let mut new = old.clone();
    let level = new.scps.as_mut().unwrap().get_mut(1).unwrap();
    let scp = level
        .policies
        .iter_mut()
        .find(|p| p.document.text().contains("GRREGIONDENY"))
        .unwrap();
    let original = scp.document.text();
    let anchor = original.find("AWSControlTowerExecution").unwrap();
    let close = anchor + original[anchor..].find(']').unwrap() + 1;
    let text = format!(
        "{}, \"bedrock:InferenceProfileArn\": \"arn:aws:bedrock:*:*:inference-profile/{PROFILE}\"{}",
        &original[..close],
        &original[close..]
    );
    assert_ne!(text, scp.document.text(), "the exception was inserted");
    scp.document = Document::Text(text.into());

    let d = diff(&old, &new, Catalog::builtin()).unwrap();
    assert!(!d.calls.is_empty());
    let route_sources: Vec<String> = Catalog::builtin()
        .profile(PROFILE)
        .unwrap()
        .sources()
        .map(str::to_owned)
        .collect();
    for call in &d.calls {
        assert_eq!(call.profile, PROFILE, "only calls through the excepted profile change");
        assert!(route_sources.contains(&call.source_region));
        for hop in &call.hops {
            assert!(
                matches!(hop.kind, HopKind::SourceModel | HopKind::DestinationModel),
                "{hop:?}: the profile hop never carries the key"
            );
            assert_ne!(hop.region, "us-east-1", "us-east-1 was allowed already");
            assert_eq!((hop.before, hop.after), (Decision::ExplicitDeny, Decision::Allow));
        }
    }
    // Every model hop outside us-east-1 of every route changes; nothing else does.
    let catalog = Catalog::builtin();
    let profile = catalog.profile(PROFILE).unwrap();
    let expected: usize = profile
        .routes
        .iter()
        .map(|r| r.destinations.iter().filter(|d| d.as_str() != "us-east-1").count())
        .sum();
    let changed: usize = d.calls.iter().map(|c| c.hops.len()).sum();
    assert_eq!(changed, expected);
    // Only the call from us-east-1 becomes allowed: from anywhere else the profile hop is still denied.
    let opened: Vec<&str> = d.opened().map(|c| c.source_region.as_str()).collect();
    assert_eq!(opened, ["us-east-1"]);
    assert_eq!(d.closed().count(), 0);
    assert!(
        d.summary.contains("opens 1 call") && d.summary.contains("closes nothing"),
        "{}",
        d.summary
    );
    assert!(d.size_changes.iter().any(|(_, delta)| *delta > 0));
}

#[test]
fn no_change_no_diff() {
    let d = diff(&before(), &before(), Catalog::builtin()).unwrap();
    assert!(d.calls.is_empty());
    assert!(d.summary.contains("changes no verdict"));
}
