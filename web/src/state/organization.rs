//! "Bring your organization": the output of the AWS CLI pasted into the page (an organization or IAM
//! bundle, `get-account-authorization-details`, the Access Troubleshooter's details or captured policy,
//! a decoded authorization message), read by the core, shown, then applied as one undo step. A paste
//! that does not read changes nothing and says where it is wrong.

use std::rc::Rc;

use crisscross_core::diagnostic::Diagnostic;
use crisscross_core::import::paste::{self, Pasted};
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::{PolicyRef, Scenario};

use super::{Notice, PlaygroundState};
use crate::model::Inputs;

/// What the organization panel read.
#[derive(Debug, Clone, PartialEq)]
pub struct PasteView {
    /// The text as pasted.
    pub text: String,
    /// What the core read, or where the text is wrong.
    pub result: Result<Pasted, Vec<Diagnostic>>,
    /// What applying it brings into the scenario, one line each.
    pub summary: Vec<String>,
    /// For a captured policy: the scenario's policies it can replace, with their labels, those with an
    /// AWS ARN first.
    pub targets: Vec<(PolicyRef, String)>,
}

/// The lines saying what a paste brings into the scenario.
fn summarize(pasted: &Pasted) -> Vec<String> {
    let mut lines = Vec::new();
    match pasted {
        Pasted::Bundle(bundle) => {
            if let Some(org) = &bundle.organization {
                let account = bundle.account.as_deref().unwrap_or("the account");
                match &org.levels {
                    Some(levels) => {
                        let scps: usize = levels.iter().map(|l| l.policies.len()).sum();
                        let targets: Vec<&str> = levels.iter().map(|l| l.target.as_str()).collect();
                        lines.push(format!(
                            "SCPs of account {account} in organization {}: {} levels ({}), {scps} SCPs; they replace the SCP levels here",
                            org.organization_id,
                            levels.len(),
                            targets.join(" > ")
                        ));
                    }
                    None => lines.push(format!(
                        "Organization {}: SCPs are not enabled at its root, so no SCP applies to account {account}",
                        org.organization_id
                    )),
                }
                if org.management_account {
                    lines.push("This is the management account: SCPs do not affect its principals".to_owned());
                }
            }
            if let Some(role) = &bundle.role {
                lines.push(format!(
                    "Role {} (path {}): {} identity polic{}{}; they replace the identity policies here",
                    role.principal,
                    role.path,
                    role.identity_policies.len(),
                    if role.identity_policies.len() == 1 { "y" } else { "ies" },
                    if role.permissions_boundary.is_some() {
                        " and a permissions boundary"
                    } else {
                        ""
                    }
                ));
            }
        }
        Pasted::Details(details) => {
            let d = &details.denial;
            lines.push(format!("Read from {}", details.source));
            if let Some(principal) = &d.principal {
                lines.push(format!("Principal {principal}"));
            }
            if let (Some(action), Some(resource)) = (&d.action, &d.resource) {
                lines.push(format!("Denied {action} on {resource}"));
            }
            if !details.matched.is_empty() {
                let uris: Vec<&str> = details.matched.iter().map(|m| m.uri.as_str()).collect();
                lines.push(format!("Policies AWS matched: {}", uris.join(", ")));
            }
            if !details.context.is_empty() {
                lines.push(format!("{} request context keys", details.context.len()));
            }
        }
        Pasted::CapturedPolicy(_) => {
            lines.push("A policy document as AWS captured it with the denial: pick the policy it replaces".to_owned());
        }
        Pasted::Denial(_) => {}
    }
    lines.extend(pasted.notes());
    lines
}

/// The scenario's policies a captured document can replace: those with an AWS ARN first.
fn replaceable(scenario: &Scenario) -> Vec<(PolicyRef, String)> {
    let mut targets: Vec<(PolicyRef, String, bool)> = scenario
        .policy_refs()
        .map(|(at, p)| (at, scenario.label(at), p.arn.is_some()))
        .collect();
    crisscross_core::order::sort_by_key(&mut targets, |(_, _, has_arn)| !has_arn);
    targets.into_iter().map(|(at, label, _)| (at, label)).collect()
}

impl PlaygroundState {
    /// Reads a paste; nothing changes in the scenario yet. An AccessDenied message or CloudTrail event
    /// goes to "Start from the denial", which reads those.
    pub(super) fn read_paste(mut self, text: String) -> Option<Self> {
        if text.trim().is_empty() {
            self.bench.paste = None;
            return Some(self);
        }
        let result = paste::read(&text, &self.derived.scenario, Catalog::builtin());
        if let Ok(Pasted::Denial(_)) = &result {
            self.bench.paste = None;
            self.notice = Some(Notice::info(
                "That is an AccessDenied message or a CloudTrail event: it is read in Start from the denial.",
            ));
            return self.reduce_bench(super::BenchAction::ReadDenial(text));
        }
        let summary = result.as_ref().map(summarize).unwrap_or_default();
        let targets = match &result {
            Ok(Pasted::CapturedPolicy(_)) => replaceable(&self.derived.scenario),
            _ => Vec::new(),
        };
        self.bench.paste = Some(Rc::new(PasteView {
            text,
            result,
            summary,
            targets,
        }));
        Some(self)
    }

    /// Puts what was read into the scenario as one undo step; `target` is the policy a captured
    /// document replaces.
    pub(super) fn apply_paste(self, target: Option<PolicyRef>) -> Option<Self> {
        let view = Rc::clone(self.bench.paste.as_ref()?);
        let pasted = view.result.as_ref().ok()?;
        let mut scenario = (*self.derived.scenario).clone();
        let what = match pasted {
            Pasted::CapturedPolicy(document) => {
                let at = target.or_else(|| view.targets.first().map(|(at, _)| *at))?;
                scenario.policy_mut(at)?.document = document.clone();
                format!("Replaced the text of {} with the captured document", scenario.label(at))
            }
            other => {
                other.apply_to(&mut scenario);
                "Imported what the AWS CLI printed: ".to_owned() + &view.summary.join("; ")
            }
        };
        // An edit of the user's scenario, not another scenario: where it came from stays, so an example
        // it was loaded from stops describing it.
        let provenance = self.inputs.provenance.clone();
        let mut next = self.edit(|inputs| {
            *inputs = Inputs::from_scenario(&scenario);
            inputs.provenance = provenance;
        })?;
        next.bench.paste = None;
        next.notice = Some(Notice::info(format!("{what}. Undo brings back what was here before.")));
        Some(next)
    }
}
