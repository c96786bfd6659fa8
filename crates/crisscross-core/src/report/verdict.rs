//! The call's verdict in one sentence, and the AccessDenied message AWS would print for a denied hop.

use super::explain::statement_info;
use crate::analysis::{Analysis, Prepared};
use crate::evaluate::{Decision, Evaluation, PolicySet};
use crate::route::hop::{Hop, HopKind};
use crate::scenario::Layer;

/// The message AWS would print for a denied hop (IAM User Guide, "Troubleshoot access denied error
/// messages"). Explicit denies end with the denying policy's ARN when the user gave it, as AWS has done
/// since January 2026 for same-organization requests.
#[must_use]
pub fn access_denied(principal: &str, hop: &Hop, evaluation: &Evaluation, policies: &PolicySet) -> Option<String> {
    let layer = evaluation.blocked_by?;
    let head = format!(
        "User: {principal} is not authorized to perform: {} on resource: {}",
        hop.action, hop.resource
    );
    match evaluation.decision {
        Decision::Allow => None,
        Decision::ExplicitDeny => {
            let arn = evaluation
                .deciding
                .iter()
                .find(|at| at.layer() == layer)
                .and_then(|at| policies.policy(at.policy))
                .and_then(|p| p.arn.as_deref())
                .map(|arn| format!(": {arn}"))
                .unwrap_or_default();
            Some(format!(
                "{head} with an explicit deny in {} {}{arn}",
                layer.aws_article(),
                layer.aws_name()
            ))
        }
        Decision::ImplicitDeny => Some(format!(
            "{head} because no {} allows the {} action",
            layer.aws_name(),
            hop.action
        )),
    }
}

fn join_regions(regions: &[String]) -> String {
    match regions {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The call's verdict in one sentence.
#[must_use]
pub fn verdict(prepared: &Prepared, analysis: &Analysis) -> String {
    let total = analysis.hops.len();
    if analysis.decision == Decision::Allow {
        let exempt = if analysis.hops.iter().any(|h| h.evaluation.scps_skipped) {
            " SCPs do not apply to this principal."
        } else {
            ""
        };
        return if total == 1 {
            format!("Allowed.{exempt}")
        } else {
            format!("Allowed: all {total} checks pass.{exempt}")
        };
    }
    // Group the denied hops by what denied them, in hop order.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for h in analysis.hops.iter().filter(|h| !h.evaluation.decision.is_allow()) {
        let cause = match (h.evaluation.decision, h.evaluation.deciding.first()) {
            (Decision::ExplicitDeny, Some(at)) => {
                let info = statement_info(&prepared.policies, *at);
                format!("the {}", info.label)
            }
            _ => match (h.evaluation.blocked_by, h.evaluation.blocked_level) {
                (Some(Layer::Scp), Some(level)) => {
                    let target = prepared
                        .policies
                        .scps
                        .as_ref()
                        .and_then(|l| l.get(level))
                        .map(|l| l.target.clone())
                        .unwrap_or_default();
                    format!("no SCP at `{target}` allows `{}`", h.hop.action)
                }
                (Some(layer), _) => format!("no {} allows `{}`", layer.aws_name(), h.hop.action),
                (None, _) => "nothing allows it".to_owned(),
            },
        };
        let place = match h.hop.kind {
            HopKind::Profile | HopKind::ApplicationProfile => format!("the profile in {}", h.hop.region),
            HopKind::GlobalModel => "the global model (Region `unspecified`)".to_owned(),
            HopKind::Request => String::new(),
            // The source Region appears twice (profile and model): name the model check apart.
            HopKind::SourceModel | HopKind::Model => format!("the model in {}", h.hop.region),
            HopKind::DestinationModel => h.hop.region.clone(),
        };
        match groups.iter_mut().find(|(c, _)| *c == cause) {
            Some((_, places)) if !places.contains(&place) => places.push(place),
            Some(_) => {}
            None => groups.push((cause, vec![place])),
        }
    }
    let parts: Vec<String> = groups
        .into_iter()
        .map(|(cause, places)| {
            if places.iter().all(String::is_empty) {
                cause
            } else if cause.starts_with("the ") {
                format!("{cause} blocks {}", join_regions(&places))
            } else {
                format!("{cause} for {}", join_regions(&places))
            }
        })
        .collect();
    let denied = analysis
        .hops
        .iter()
        .filter(|h| !h.evaluation.decision.is_allow())
        .count();
    let count = if total > 1 {
        format!(" ({denied} of {total} checks)")
    } else {
        String::new()
    };
    format!("Denied{count}: {}.", parts.join("; "))
}
