//! Glue between generated cases, the engine and the reference: build the engine's scenario, run both,
//! compare. Only this module knows `crisscross-core`; the reference evaluator itself shares nothing with it.

use std::collections::BTreeMap;

use crisscross_core::analysis::{Prepared, analyze, prepare};
use crisscross_core::context::ContextValue as EngineValue;
use crisscross_core::evaluate::Decision as EngineDecision;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::{Document, PolicyInput, RequestInput, Scenario, ScpLevelInput};
use serde_json::Value;

use crate::context::Call;
use crate::generate::{Case, ContextValue};
use crate::{Decision, Policies, Request, decide};

fn input(name: &str, document: &Value) -> PolicyInput {
    PolicyInput {
        name: name.to_owned(),
        document: Document::Text(serde_json::to_string_pretty(document).unwrap_or_default().into()),
        arn: None,
    }
}

/// The engine's scenario for a case.
#[must_use]
pub fn scenario(case: &Case) -> Scenario {
    Scenario {
        version: 1,
        description: None,
        principal: case.principal.to_owned(),
        principal_scope: None,
        role_path: None,
        session_name: None,
        organization_id: case.organization.map(str::to_owned),
        evaluation_time: Some(rfc3339(case.epoch_seconds)),
        scps: case.scps.as_ref().map(|levels| {
            levels
                .iter()
                .enumerate()
                .map(|(i, level)| ScpLevelInput {
                    target: format!("level-{i}"),
                    policies: level
                        .iter()
                        .enumerate()
                        .map(|(j, p)| input(&format!("S{i}{j}"), p))
                        .collect(),
                })
                .collect()
        }),
        identity_policies: case
            .identity
            .iter()
            .enumerate()
            .map(|(i, p)| input(&format!("I{i}"), p))
            .collect(),
        permissions_boundary: case.boundary.as_ref().map(|p| input("B", p)),
        session_policy: case.session.as_ref().map(|p| input("P", p)),
        context: case
            .context
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    ContextValue::Single(s) => EngineValue::Single(s.clone()),
                    ContextValue::Multi(m) => EngineValue::Multi(m.clone()),
                };
                (k.clone(), value)
            })
            .collect(),
        request: RequestInput {
            action: Some(case.action.to_owned()),
            resource: Some(case.resource.to_owned()),
            region: Some(case.region.to_owned()),
            ..RequestInput::default()
        },
        custom_profiles: Vec::new(),
        expect: None,
    }
}

/// The engine's decision, or `None` when a generated policy is invalid (such cases are not compared).
#[must_use]
pub fn engine(case: &Case) -> Option<(EngineDecision, Prepared)> {
    let prepared = prepare(&scenario(case), Catalog::builtin()).ok()?;
    Some((analyze(&prepared).decision, prepared))
}

/// `YYYY-MM-DDThh:mm:ssZ`, the form the scenario's `evaluationTime` takes.
fn rfc3339(seconds: i64) -> String {
    let derived = crate::context::derived(&Call {
        principal: "",
        organization: None,
        epoch_seconds: seconds,
        region: None,
        resource: "",
    });
    derived
        .get("aws:currenttime")
        .and_then(|v| v.first())
        .cloned()
        .unwrap_or_default()
}

/// The reference's decision, on the request context it derives itself from the case: the keys AWS
/// sets on a direct call, then the keys the case gives.
#[must_use]
pub fn reference(case: &Case) -> Decision {
    let in_organization = case.scps.is_some();
    let mut context = crate::context::derived(&Call {
        principal: case.principal,
        organization: case.organization.filter(|_| in_organization),
        epoch_seconds: case.epoch_seconds,
        region: Some(case.region),
        resource: case.resource,
    });
    let mut multi: BTreeMap<String, bool> = context.keys().map(|k| (k.clone(), false)).collect();
    if let (Some(org), Some(levels)) = (case.organization, &case.scps) {
        let path: String = (0..levels.len()).map(|i| format!("level-{i}/")).collect();
        context.insert("aws:principalorgpaths".to_owned(), vec![format!("{org}/{path}")]);
        multi.insert("aws:principalorgpaths".to_owned(), true);
    }
    for (key, value) in &case.context {
        let key = key.to_ascii_lowercase();
        let (values, is_multi) = match value {
            ContextValue::Single(s) => (vec![s.clone()], false),
            ContextValue::Multi(m) => (m.clone(), true),
        };
        context.insert(key.clone(), values);
        multi.insert(key, is_multi);
    }
    let request = Request {
        action: case.action.to_owned(),
        resource: case.resource.to_owned(),
        context,
        multi,
    };
    let policies = Policies {
        scps: case.scps.clone(),
        identity: case.identity.clone(),
        boundary: case.boundary.clone(),
        session: case.session.clone(),
        scp_exempt: case.principal.contains("aws-service-role"),
        role_session: case.principal.contains("assumed-role")
            || (case.principal.contains(":role/") && case.session.is_some()),
        federated_user: case.principal.contains("federated-user"),
    };
    decide(&policies, &request)
}

/// Checks that engine and reference agree; the error names both decisions and the scenario.
///
/// # Errors
/// A description of the disagreement.
pub fn agree(case: &Case) -> Result<(), String> {
    let Some((decision, _)) = engine(case) else {
        return Ok(());
    };
    let expected = reference(case);
    let same = matches!(
        (decision, expected),
        (EngineDecision::Allow, Decision::Allow)
            | (EngineDecision::ExplicitDeny, Decision::ExplicitDeny)
            | (EngineDecision::ImplicitDeny, Decision::ImplicitDeny)
    );
    if same {
        Ok(())
    } else {
        Err(format!(
            "engine {decision:?}, reference {expected:?}\n{}",
            scenario(case).to_json_pretty()
        ))
    }
}
