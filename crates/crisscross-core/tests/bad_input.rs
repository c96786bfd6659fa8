#![cfg(not(target_arch = "wasm32"))]
//! What people really paste: huge policies, half-finished JSON, JSON with comments, policies in the wrong
//! slot. Each gets a clear answer, never a panic or a hang.

use std::time::Instant;

use crisscross_core::policy::{PolicyType, parse_policy, without_comments};
use crisscross_core::report::report;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::{Document, PolicyInput, PolicyRef, RequestInput, Scenario, ScpLevelInput};

fn codes(text: &str, policy_type: PolicyType) -> Vec<String> {
    parse_policy(text, policy_type)
        .diagnostics
        .into_iter()
        .map(|d| d.code)
        .collect()
}

fn scenario_with_identity(text: String) -> Scenario {
    Scenario {
        version: 1,
        description: None,
        principal: "arn:aws:iam::111122223333:role/App".into(),
        principal_scope: None,
        role_path: None,
        session_name: None,
        organization_id: None,
        evaluation_time: None,
        scps: None,
        identity_policies: vec![PolicyInput {
            name: "Pasted".into(),
            document: Document::Text(text.into()),
            arn: None,
        }],
        permissions_boundary: None,
        session_policy: None,
        context: Default::default(),
        request: RequestInput {
            profile: Some("us.anthropic.claude-sonnet-4-5-20250929-v1:0".into()),
            source_region: Some("us-east-1".into()),
            api: Some("Converse".into()),
            ..RequestInput::default()
        },
        custom_profiles: Vec::new(),
        expect: None,
    }
}

#[test]
fn five_thousand_statements_are_evaluated() {
    let statement =
        r#"{"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "arn:aws:bedrock:*::foundation-model/x"}"#;
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        vec![statement; 5000].join(",")
    );
    let started = Instant::now();
    let result = report(&scenario_with_identity(text), Catalog::builtin());
    assert!(result.decision.is_some(), "{:?}", result.diagnostics.first());
    assert_eq!(result.hops[0].statements.len(), 5000);
    // Generous: this guards against quadratic blow-ups, not against a slow machine.
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

#[test]
fn a_megabyte_of_json_gets_an_answer() {
    let big_string = "a".repeat(1 << 20);
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Sid": "{big_string}", "Effect": "Allow", "Action": "*", "Resource": "*"}}]}}"#
    );
    let started = Instant::now();
    let parsed = parse_policy(&text, PolicyType::Scp);
    assert!(parsed.policy.is_some());
    let broken = &text[..text.len() / 2];
    let parsed = parse_policy(broken, PolicyType::Scp);
    assert!(parsed.policy.is_none());
    assert!(parsed.diagnostics.iter().any(|d| d.code == "json-syntax"));
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

#[test]
fn deep_nesting_is_refused_without_a_stack_overflow() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(codes(&text, PolicyType::Identity), ["json-too-deep"]);
    let objects = "{\"a\":".repeat(50_000);
    assert!(codes(&objects, PolicyType::Identity).contains(&"json-too-deep".to_owned()));
}

#[test]
fn comments_and_trailing_commas_are_named_and_cleanable() {
    let text = "{\n  // allow Bedrock\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"bedrock:*\", \"Resource\": \"*\",}],\n}";
    let found = codes(text, PolicyType::Identity);
    assert_eq!(found, ["json-comment", "json-trailing-comma", "json-trailing-comma"]);
    let cleaned = without_comments(text);
    assert!(codes(&cleaned, PolicyType::Identity).is_empty(), "{cleaned}");
    assert!(cleaned.contains("\"bedrock:*\""));
}

#[test]
fn half_finished_json_points_at_the_end() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\"";
    let parsed = parse_policy(text, PolicyType::Identity);
    let d = &parsed.diagnostics[0];
    assert_eq!(d.code, "json-syntax");
    assert_eq!(d.line, Some(4));
    assert!(d.help.as_deref().unwrap_or_default().contains("ends too early"));
}

#[test]
fn wrong_types_and_empty_documents() {
    assert_eq!(codes("", PolicyType::Identity), ["json-empty"]);
    assert_eq!(codes("[]", PolicyType::Identity), ["policy-not-object"]);
    assert_eq!(codes(r#""Allow""#, PolicyType::Identity), ["policy-not-object"]);
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": 7, "Resource": "*"}]}"#;
    assert_eq!(codes(text, PolicyType::Identity), ["wrong-type"]);
    let single_quotes = "{'Version': '2012-10-17'}";
    let parsed = parse_policy(single_quotes, PolicyType::Identity);
    assert!(
        parsed.diagnostics[0]
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("double quotes")
    );
}

#[test]
fn a_policy_in_the_wrong_slot_says_so() {
    let trust = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#;
    let parsed = parse_policy(trust, PolicyType::Identity);
    let d = parsed
        .diagnostics
        .iter()
        .find(|d| d.code == "principal-not-allowed")
        .expect("reported");
    assert!(d.help.as_deref().unwrap_or_default().contains("trust policy"));
    let scp_with_principal = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]}"#;
    let parsed = parse_policy(scp_with_principal, PolicyType::Scp);
    let d = parsed
        .diagnostics
        .iter()
        .find(|d| d.code == "principal-not-allowed")
        .expect("reported");
    assert!(d.help.as_deref().unwrap_or_default().contains("aws:PrincipalArn"));
    let lone_statement = r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#;
    let parsed = parse_policy(lone_statement, PolicyType::Identity);
    assert!(
        parsed.diagnostics[0]
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("lone statement")
    );
}

#[test]
fn pathological_wildcards_stay_fast() {
    let pattern = format!("arn:aws:s3:::{}b", "*a".repeat(200));
    let resource = format!("arn:aws:s3:::{}", "a".repeat(5000));
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:*", "Resource": "{pattern}"}}, {{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:{}:*:x"}}]}}"#,
        "?*".repeat(100)
    );
    let mut scenario = scenario_with_identity(text);
    scenario.request = RequestInput {
        action: Some("s3:GetObject".into()),
        resource: Some(resource),
        region: Some("us-east-1".into()),
        ..RequestInput::default()
    };
    let started = Instant::now();
    let result = report(&scenario, Catalog::builtin());
    assert_eq!(result.decision, Some(crisscross_core::evaluate::Decision::ImplicitDeny));
    assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
}

#[test]
fn same_named_policies_keep_their_own_diagnostics() {
    let ok = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
    let broken = "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"*\", \"Resource\": \"*\"}]}";
    let policy = |text: &str| PolicyInput {
        name: "Guardrail".into(),
        document: Document::Text(text.into()),
        arn: None,
    };
    let mut scenario = scenario_with_identity(ok.into());
    scenario.scps = Some(vec![ScpLevelInput {
        target: "ou-workloads".into(),
        policies: vec![policy(ok), policy(broken)],
    }]);
    let result = report(&scenario, Catalog::builtin());
    let second = PolicyRef::Scp { level: 0, index: 1 };
    let effect = result.diagnostics.iter().find(|d| d.code == "invalid-effect").unwrap();
    assert_eq!(
        effect.policy,
        Some(second),
        "the error is in the second policy, not the first"
    );
    assert_eq!((effect.line, effect.column), (Some(2), Some(27)));
    let duplicate = result
        .diagnostics
        .iter()
        .find(|d| d.code == "duplicate-policy-name")
        .unwrap();
    assert_eq!(duplicate.policy, Some(second));
    let first = PolicyRef::Scp { level: 0, index: 0 };
    assert_eq!(scenario.label(first), "SCP `Guardrail` (ou-workloads) #1");
    assert_eq!(scenario.label(second), "SCP `Guardrail` (ou-workloads) #2");
    assert_eq!(scenario.label(PolicyRef::Identity(0)), "identity policy `Pasted`");
}
