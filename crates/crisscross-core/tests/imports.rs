#![cfg(not(target_arch = "wasm32"))]
//! The imports, end to end: the organization and role bundles the README's snippets write, the Access
//! Troubleshooter's details of a denial and a decoded authorization message become one scenario, and
//! crisscross's verdict for each check AWS recorded is the one AWS recorded.

use crisscross_core::import::authorization::{read_authorization, read_captured_policy};
use crisscross_core::import::bundle::{Select, read_bundle};
use crisscross_core::scenario::{Document, PolicyRef, Scenario, StatementRef};
use crisscross_core::{Catalog, Decision, report};

fn data(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/aws-cli/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn organization_with_role() -> Scenario {
    let org = read_bundle(&data("bundle-org.json"), Select::default()).unwrap();
    let role = read_bundle(&data("bundle-role.json"), Select::default()).unwrap();
    let mut scenario = org.scenario();
    role.apply_to(&mut scenario);
    scenario
}

#[test]
fn the_access_troubleshooter_details_fill_the_call_and_agree_with_crisscross() {
    let mut scenario = organization_with_role();
    let details = read_authorization(
        &data("iam-toolbox-get-request-authorization-details.json"),
        Catalog::builtin(),
    )
    .unwrap();
    details.apply_to(&mut scenario);
    assert_eq!(
        scenario.principal,
        "arn:aws:sts::111122223333:assumed-role/BedrockInvokerRole/invoke-fn"
    );
    assert_eq!(scenario.role_path.as_deref(), Some("/app/"));
    assert_eq!(
        scenario.request.profile.as_deref(),
        Some("global.anthropic.claude-sonnet-4-5-20250929-v1:0")
    );
    assert_eq!(scenario.request.source_region.as_deref(), Some("us-east-1"));
    assert_eq!(scenario.request.api.as_deref(), Some("InvokeModelWithResponseStream"));
    assert_eq!(scenario.evaluation_time.as_deref(), Some("2026-11-28T09:12:44Z"));
    assert_eq!(scenario.organization_id.as_deref(), Some("o-exampleorgid"));
    // Only the keys crisscross cannot derive are carried over: the principal tag, and aws:userid of a
    // role session ("role-id:session-name"; crisscross does not know the role's ID).
    let keys: Vec<&str> = scenario.context.keys().map(String::as_str).collect();
    assert_eq!(keys, ["aws:PrincipalTag/team", "aws:userid"]);

    // AWS matched the account-level SCP's DenyGlobalCris on the Region-less model check.
    assert_eq!(details.denial.layer, Some(crisscross_core::Layer::Scp));
    assert_eq!(
        details.denial.policy_arn.as_deref(),
        Some("arn:aws:organizations::999988887777:policy/o-exampleorgid/service_control_policy/p-examplepolicyid222")
    );
    let matched = details.matched_in(&scenario);
    let deny = PolicyRef::Scp { level: 3, index: 1 };
    assert!(
        matched.contains(&(
            deny,
            vec![StatementRef {
                policy: deny,
                statement: 0
            }]
        )),
        "{matched:?}"
    );
    // The inline policy has an opaque URI: it is found by the Sid AWS matched.
    assert!(
        matched
            .iter()
            .any(|(at, s)| *at == PolicyRef::Identity(0) && s.len() == 1),
        "{matched:?}"
    );

    // Every check AWS recorded has crisscross's decision.
    let result = report(&scenario, Catalog::builtin());
    assert_eq!(result.decision, Some(Decision::ExplicitDeny));
    for check in &details.checks {
        let hop = result
            .hops
            .iter()
            .find(|h| h.resource == check.resource)
            .unwrap_or_else(|| panic!("no hop on {}", check.resource));
        let expected = match check.effect.as_str() {
            "ALLOW" => Decision::Allow,
            "EXPLICIT_DENY" => Decision::ExplicitDeny,
            _ => Decision::ImplicitDeny,
        };
        assert_eq!(hop.decision, expected, "{}", check.resource);
    }
    let global = result
        .hops
        .iter()
        .find(|h| h.kind == crisscross_core::HopKind::GlobalModel)
        .unwrap();
    assert!(
        global
            .decided_by
            .iter()
            .any(|s| s.label.contains("DenyBedrockGlobalCris")),
        "{:?}",
        global.decided_by
    );
}

#[test]
fn the_captured_policy_is_read_as_a_document() {
    let document = read_captured_policy(&data("iam-toolbox-get-request-authorization-policy.json")).unwrap();
    assert!(matches!(&document, Document::Json(text) if text.contains("DenyGlobalCris")));
    // A bare policy document is read too.
    let bare = read_captured_policy(r#"{"Version": "2012-10-17", "Statement": []}"#).unwrap();
    assert!(bare.text().contains("Statement"));
    let errors = read_captured_policy(r#"{"nothing": 1}"#).unwrap_err();
    assert_eq!(errors[0].code, "denial-import");
}

#[test]
fn a_decoded_authorization_message_becomes_a_plain_request() {
    for file in [
        "sts-decode-authorization-message.json",
        "sts-decode-authorization-message.decoded.json",
    ] {
        let read = read_authorization(&data(file), Catalog::builtin()).unwrap();
        assert_eq!(
            read.denial.principal.as_deref(),
            Some("arn:aws:sts::111122223333:assumed-role/BedrockInvokerRole/invoke-fn")
        );
        // The AWS CLI example prints the action without its service; aws:Service gives it.
        assert_eq!(read.denial.action.as_deref(), Some("ec2:RunInstances"));
        assert_eq!(read.denial.explicit, Some(true));
        assert_eq!(
            read.matched[0].statements,
            [("DenyOutsideApprovedRegions".to_owned(), "DENY".to_owned())]
        );
        let mut scenario = Scenario::from_json(r#"{"version": 1, "principal": "arn:aws:iam::111122223333:role/Other", "request": {"profile": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "sourceRegion": "us-east-1"}}"#).unwrap();
        read.apply_to(&mut scenario);
        assert_eq!(scenario.request.action.as_deref(), Some("ec2:RunInstances"));
        assert_eq!(
            scenario.request.resource.as_deref(),
            Some("arn:aws:ec2:eu-west-1:111122223333:instance/*")
        );
        assert_eq!(scenario.request.region.as_deref(), Some("eu-west-1"));
        assert_eq!(scenario.request.profile, None);
        let keys: Vec<&str> = scenario.context.keys().map(String::as_str).collect();
        assert_eq!(keys, ["ec2:InstanceType"]);
    }
}

#[test]
fn malformed_details_are_located_and_change_nothing() {
    let text =
        data("iam-toolbox-get-request-authorization-details.json").replacen("\"EXPLICIT_DENY\"", "\"DENIED\"", 1);
    let errors = read_authorization(&text, Catalog::builtin()).unwrap_err();
    assert_eq!(errors[0].code, "denial-import");
    assert!(errors[0].message.contains("unknown `evaluatedEffect` `DENIED`"));
    let line = text.lines().position(|l| l.contains("\"DENIED\"")).unwrap() + 1;
    assert_eq!(errors[0].line, Some(u32::try_from(line).unwrap()));
    let missing = read_authorization(r#"{"requestContext": {}}"#, Catalog::builtin()).unwrap_err();
    assert!(missing[0].message.contains("no `evaluations` here"));
    let broken = read_authorization(r#"{"DecodedMessage": "{\"allowed\": false,"}"#, Catalog::builtin()).unwrap_err();
    assert!(
        broken[0].message.starts_with("in the decoded message:"),
        "{}",
        broken[0].message
    );
    assert_eq!(broken[0].path.as_deref(), Some("DecodedMessage"));
}
