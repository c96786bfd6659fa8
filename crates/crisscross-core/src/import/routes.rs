//! Routes read from the user's own account: the JSON that `aws bedrock list-inference-profiles` and
//! `aws bedrock get-inference-profile` print. AWS asks users to trust these over any published table
//! ("don't rely on the geographic prefix alone"): the Region of the profile ARN is the source Region and
//! the Region of each `models[].modelArn` is a destination (Bedrock User Guide, "Supported Regions and
//! models for inference profiles"; API reference `InferenceProfileSummary`, `InferenceProfileModel`).

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic};
use crate::route::catalog::{Catalog, Geography};
use crate::scenario::{CustomProfile, Scenario};

/// One profile as the Bedrock API describes it (`InferenceProfileSummary` / `GetInferenceProfile`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiProfile {
    inference_profile_arn: String,
    #[serde(default)]
    inference_profile_id: Option<String>,
    #[serde(default)]
    models: Vec<ApiModel>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiModel {
    model_arn: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiList {
    inference_profile_summaries: Vec<ApiProfile>,
}

/// A route read from the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedRoute {
    /// The profile ID (system profiles) or ARN (application profiles).
    pub profile: String,
    /// True for application inference profiles.
    pub application: bool,
    /// The foundation model.
    pub model: String,
    /// The source Region (from the profile ARN).
    pub source_region: String,
    /// The destination Regions (from the model ARNs), in the order AWS listed them.
    pub destinations: Vec<String>,
}

/// How an imported route compares with the built-in catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum RouteChange {
    /// A profile the catalog does not have.
    NewProfile {
        /// Profile.
        profile: String,
    },
    /// A source Region the catalog does not list for the profile.
    NewSource {
        /// Profile.
        profile: String,
        /// Source Region.
        source_region: String,
    },
    /// Destinations that differ from the catalog's for this (profile, source Region).
    Destinations {
        /// Profile.
        profile: String,
        /// Source Region.
        source_region: String,
        /// Destinations the account reports and the catalog lacks.
        added: Vec<String>,
        /// Destinations the catalog lists and the account does not report.
        missing: Vec<String>,
    },
}

/// Reads the JSON of one `list-inference-profiles` or `get-inference-profile` call.
///
/// # Errors
/// A diagnostic with the line and column of the problem, saying which output was expected.
pub fn parse_aws_output(text: &str) -> Result<Vec<ImportedRoute>, Diagnostic> {
    let located = |e: serde_json::Error, message: String| {
        let mut d = Diagnostic::error(Code::CatalogImport, message).with_help(
            "paste the JSON printed by `aws bedrock list-inference-profiles --region R` or `aws bedrock get-inference-profile --region R --inference-profile-identifier ID`",
        );
        d.line = u32::try_from(e.line()).ok();
        d.column = u32::try_from(e.column().max(1)).ok();
        d
    };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let message = format!(
            "not JSON: {}",
            e.to_string().split(" at line ").next().unwrap_or_default()
        );
        located(e, message)
    })?;
    // Read the text again as the expected shape, so a wrong field is reported at its line and column.
    let shape_error = |e: serde_json::Error| {
        let message = format!(
            "not an inference-profile description: {}",
            e.to_string().split(" at line ").next().unwrap_or_default()
        );
        located(e, message)
    };
    let profiles: Vec<ApiProfile> = if value.get("inferenceProfileSummaries").is_some() {
        serde_json::from_str::<ApiList>(text)
            .map(|l| l.inference_profile_summaries)
            .map_err(shape_error)?
    } else {
        vec![serde_json::from_str::<ApiProfile>(text).map_err(shape_error)?]
    };
    let mut routes = Vec::new();
    for p in profiles {
        routes.push(route_of(&p)?);
    }
    Ok(routes)
}

fn route_of(p: &ApiProfile) -> Result<ImportedRoute, Diagnostic> {
    let bad = |what: &str| {
        Diagnostic::error(Code::CatalogImport, format!("`{}`: {what}", p.inference_profile_arn))
            .with_help("inference-profile ARNs look like arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0")
    };
    let [_, _, _, source, _, resource] =
        crate::syntax::arn::split(&p.inference_profile_arn).ok_or_else(|| bad("not an ARN"))?;
    let application =
        p.kind.as_deref() == Some("APPLICATION") || resource.starts_with("application-inference-profile/");
    let id = match resource.split_once('/') {
        Some((_, id)) => p.inference_profile_id.clone().unwrap_or_else(|| id.to_owned()),
        None => return Err(bad("no profile ID after the resource type")),
    };
    if source.is_empty() {
        return Err(bad("the ARN has no Region, so the source Region is unknown"));
    }
    let mut model = String::new();
    let mut destinations: Vec<String> = Vec::new();
    for m in &p.models {
        let Some([_, _, _, region, _, resource]) = crate::syntax::arn::split(&m.model_arn) else {
            return Err(bad(&format!("model ARN `{}` is not an ARN", m.model_arn)));
        };
        let Some(model_id) = resource.strip_prefix("foundation-model/") else {
            return Err(bad(&format!("`{}` is not a foundation-model ARN", m.model_arn)));
        };
        model = model_id.to_owned();
        if !region.is_empty() && !destinations.iter().any(|d| d == region) {
            destinations.push(region.to_owned());
        }
    }
    if model.is_empty() {
        return Err(bad("no `models`: the destinations are unknown"));
    }
    Ok(ImportedRoute {
        profile: if application {
            p.inference_profile_arn.clone()
        } else {
            id
        },
        application,
        model,
        source_region: source.to_owned(),
        destinations,
    })
}

/// Compares imported routes with the built-in catalog.
#[must_use]
pub fn compare(routes: &[ImportedRoute], catalog: &Catalog) -> Vec<RouteChange> {
    let mut changes = Vec::new();
    for r in routes.iter().filter(|r| !r.application) {
        let Some(profile) = catalog.profile(&r.profile) else {
            if !changes.contains(&RouteChange::NewProfile {
                profile: r.profile.clone(),
            }) {
                changes.push(RouteChange::NewProfile {
                    profile: r.profile.clone(),
                });
            }
            continue;
        };
        let Some(route) = profile.route(&r.source_region) else {
            changes.push(RouteChange::NewSource {
                profile: r.profile.clone(),
                source_region: r.source_region.clone(),
            });
            continue;
        };
        if route.all_commercial {
            continue;
        }
        let added: Vec<String> = r
            .destinations
            .iter()
            .filter(|d| !route.destinations.contains(d))
            .cloned()
            .collect();
        let missing: Vec<String> = route
            .destinations
            .iter()
            .filter(|d| !r.destinations.contains(d))
            .cloned()
            .collect();
        if !added.is_empty() || !missing.is_empty() {
            changes.push(RouteChange::Destinations {
                profile: r.profile.clone(),
                source_region: r.source_region.clone(),
                added,
                missing,
            });
        }
    }
    changes
}

/// Adds imported routes to a scenario's `customProfiles` (replacing any for the same profile and
/// source Region), dated `date`, so the scenario and its share link carry them.
pub fn merge_into(scenario: &mut Scenario, routes: &[ImportedRoute], date: &str) {
    for r in routes {
        let entry = CustomProfile {
            id: (!r.application).then(|| r.profile.clone()),
            arn: r.application.then(|| r.profile.clone()),
            model: Some(r.model.clone()),
            source_region: Some(r.source_region.clone()),
            destinations: r.destinations.clone(),
            copy_from: None,
            imported_at: Some(date.to_owned()),
        };
        scenario.custom_profiles.retain(|c| {
            !(c.id == entry.id && c.arn == entry.arn && (c.source_region == entry.source_region || entry.arn.is_some()))
        });
        scenario.custom_profiles.push(entry);
    }
}

/// The built-in catalog's TSV with imported system routes merged in (added or replacing the row for the
/// same profile and source Region): how maintainers regenerate `data/cris-profiles.tsv`.
#[must_use]
pub fn regenerate_tsv(builtin_tsv: &str, routes: &[ImportedRoute], date: &str) -> String {
    let mut header = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for line in builtin_tsv.lines() {
        if line.starts_with('#') || line.starts_with("profile_id\t") {
            header.push(line.to_owned());
        } else if !line.trim().is_empty() {
            rows.push(line.split('\t').map(str::to_owned).collect());
        }
    }
    for r in routes.iter().filter(|r| !r.application) {
        let Some(geography) = Geography::of_profile_id(&r.profile) else {
            continue;
        };
        let destinations = if geography == Geography::Global {
            format!("ALL_COMMERCIAL,{}", r.source_region)
        } else {
            r.destinations.join(",")
        };
        let row = vec![
            r.profile.clone(),
            r.model.clone(),
            geography.as_str().to_owned(),
            r.source_region.clone(),
            destinations,
            format!("aws bedrock get-inference-profile ({date})"),
        ];
        rows.retain(|existing| !(existing.first() == row.first() && existing.get(3) == row.get(3)));
        rows.push(row);
    }
    crate::order::sort_by(&mut rows, |a, b| (a.first(), a.get(3)).cmp(&(b.first(), b.get(3))));
    let mut out = header.join("\n");
    for row in rows {
        out.push('\n');
        out.push_str(&row.join("\t"));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GET: &str = r#"{
  "inferenceProfileName": "US Anthropic Claude Sonnet 4.5",
  "inferenceProfileArn": "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0",
  "inferenceProfileId": "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
  "models": [
    {"modelArn": "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0"},
    {"modelArn": "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0"},
    {"modelArn": "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0"},
    {"modelArn": "arn:aws:bedrock:us-west-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0"}
  ],
  "status": "ACTIVE",
  "type": "SYSTEM_DEFINED"
}"#;

    #[test]
    fn reads_get_inference_profile_and_compares() {
        let routes = parse_aws_output(GET).unwrap();
        assert_eq!(routes[0].source_region, "us-east-1");
        assert_eq!(
            routes[0].destinations,
            ["us-east-1", "us-east-2", "us-west-2", "us-west-1"]
        );
        let changes = compare(&routes, Catalog::builtin());
        assert_eq!(
            changes,
            [RouteChange::Destinations {
                profile: "us.anthropic.claude-sonnet-4-5-20250929-v1:0".into(),
                source_region: "us-east-1".into(),
                added: vec!["us-west-1".into()],
                missing: vec![],
            }]
        );
    }

    #[test]
    fn reads_a_list_with_an_application_profile() {
        let list = r#"{"inferenceProfileSummaries": [
          {"inferenceProfileArn": "arn:aws:bedrock:eu-central-1:111122223333:inference-profile/eu.anthropic.claude-sonnet-4-6",
           "inferenceProfileId": "eu.anthropic.claude-sonnet-4-6", "type": "SYSTEM_DEFINED", "status": "ACTIVE",
           "models": [{"modelArn": "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-sonnet-4-6"},
                      {"modelArn": "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-6"}]},
          {"inferenceProfileArn": "arn:aws:bedrock:eu-central-1:111122223333:application-inference-profile/a1b2c3",
           "inferenceProfileId": "a1b2c3", "type": "APPLICATION", "status": "ACTIVE",
           "models": [{"modelArn": "arn:aws:bedrock:eu-central-1::foundation-model/amazon.nova-pro-v1:0"}]}
        ]}"#;
        let routes = parse_aws_output(list).unwrap();
        assert_eq!(routes.len(), 2);
        assert!(routes[1].application);
        assert_eq!(
            compare(&routes, Catalog::builtin()),
            [RouteChange::NewProfile {
                profile: "eu.anthropic.claude-sonnet-4-6".into()
            }]
        );
    }

    #[test]
    fn bad_output_is_explained() {
        let e = parse_aws_output("{\"inferenceProfileSummaries\": [\n  {\"models\": []}]}").unwrap_err();
        assert!(e.message.contains("inferenceProfileArn"), "{}", e.message);
        assert_eq!(e.line, Some(2), "the missing field is reported where its object ends");
        let e =
            parse_aws_output("{\"inferenceProfileArn\": \"arn:aws:bedrock:::inference-profile/x\", \"models\": []}")
                .unwrap_err();
        assert!(e.message.contains("no Region"));
        let e = parse_aws_output("not json").unwrap_err();
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn regenerating_with_nothing_keeps_the_catalog_and_with_a_route_replaces_its_row() {
        let builtin = include_str!("../../data/cris-profiles.tsv");
        assert_eq!(regenerate_tsv(builtin, &[], "2026-11-22"), builtin);
        let routes = parse_aws_output(GET).unwrap();
        let regenerated = regenerate_tsv(builtin, &routes, "2026-11-22");
        let catalog =
            Catalog::from_tsv(&regenerated, include_str!("../../data/regions.tsv")).expect("still a valid catalog");
        let route = catalog
            .profile("us.anthropic.claude-sonnet-4-5-20250929-v1:0")
            .unwrap()
            .route("us-east-1")
            .unwrap();
        assert!(route.destinations.contains(&"us-west-1".to_owned()));
        assert_eq!(regenerated.lines().count(), builtin.lines().count());
    }
}
