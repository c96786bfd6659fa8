//! `crisscross diff --scenario BASE CHANGE...`: an SCP change as infrastructure code describes it (a
//! Terraform plan, or CloudFormation templates before and after), applied to a base scenario.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crisscross_core::diagnostic::Diagnostic;
use crisscross_core::import::change::{ChangeSet, PolicyState};
use crisscross_core::import::cloudformation::{change_between, is_template_text, read_template};
use crisscross_core::import::terraform::{is_plan_text, read_plan};
use crisscross_core::scenario::Scenario;

use crate::yaml;

/// The change, and the base scenario before and after it.
pub(crate) struct Applied {
    pub(crate) change: ChangeSet,
    pub(crate) before: Scenario,
    pub(crate) after: Scenario,
    pub(crate) notes: Vec<String>,
}

/// Prints located diagnostics of a file (for YAML, at their place in the YAML) and gives up.
fn report(file: &Path, diagnostics: &[Diagnostic], yaml: Option<&yaml::Converted>) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if let Some((line, column)) = yaml.and_then(|y| d.path.as_deref().and_then(|p| y.position(p))) {
                d.line = Some(line);
                d.column = Some(column);
            }
            format!("{}: {d}", file.display())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The SCPs of a template file, JSON or YAML.
fn template(file: &Path, parameters: &BTreeMap<String, String>) -> Result<Vec<PolicyState>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: cannot read: {e}", file.display()))?;
    if text.trim_start().starts_with('{') {
        return read_template(&text, parameters).map_err(|d| report(file, &d, None));
    }
    let converted = yaml::convert(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    read_template(&converted.json, parameters).map_err(|d| report(file, &d, Some(&converted)))
}

/// `NAME=VALUE` pairs.
pub(crate) fn parameters(pairs: &[String]) -> Result<BTreeMap<String, String>, String> {
    pairs
        .iter()
        .map(|p| {
            p.split_once('=')
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .ok_or_else(|| format!("`--parameter {p}`: write NAME=VALUE"))
        })
        .collect()
}

/// Reads the change files and applies them to the base scenario.
pub(crate) fn apply(
    base: &Scenario,
    files: &[PathBuf],
    parameters: &BTreeMap<String, String>,
) -> Result<Applied, String> {
    let change = match files {
        [one] => {
            let text = std::fs::read_to_string(one).map_err(|e| format!("{}: cannot read: {e}", one.display()))?;
            if is_plan_text(&text) {
                read_plan(&text).map_err(|d| report(one, &d, None))?
            } else if text.trim_start().starts_with('{') && !is_template_text(&text) {
                return Err(format!(
                    "{}: neither a Terraform plan (`terraform show -json PLANFILE`) nor a CloudFormation template",
                    one.display()
                ));
            } else {
                // One template: the base scenario is the state before it.
                let after = template(one, parameters)?;
                ChangeSet {
                    before: existing(base, &after),
                    ..change_between(None, &after)
                }
            }
        }
        [old, new] => {
            let before = template(old, parameters)?;
            let after = template(new, parameters)?;
            change_between(Some(&before), &after)
        }
        _ => return Err("give a Terraform plan, or one or two CloudFormation templates (before and after)".to_owned()),
    };
    let (before, after, notes) = change.scenarios(base);
    Ok(Applied {
        change,
        before,
        after,
        notes,
    })
}

/// The base scenario's versions of the template's policies (found by name), where they stay put.
fn existing(base: &Scenario, after: &[PolicyState]) -> Vec<PolicyState> {
    after
        .iter()
        .filter_map(|state| {
            let found = base
                .scps
                .iter()
                .flatten()
                .flat_map(|l| &l.policies)
                .find(|p| p.name == state.name)?;
            Some(PolicyState {
                content: found.document.text().to_owned(),
                targets: None,
                arn: found.arn.clone(),
                ..state.clone()
            })
        })
        .collect()
}
