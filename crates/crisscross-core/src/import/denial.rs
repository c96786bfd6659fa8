//! Starting from the real denial: read an AccessDenied message or a CloudTrail event and turn it into the
//! scenario's principal, call and the hop that failed.
//!
//! Message forms: IAM User Guide, "Troubleshoot access denied error messages" (explicit and implicit
//! denies, and since January 2026 the denying policy's ARN after a colon), "Troubleshoot access denied
//! error messages with authorization ID (Preview)"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied-authorization-id.html>:
//! `...: arn:aws:iam::123456789012:policy/ExampleDenyPolicy. Go to https://... for complete details, or
//! call the GetRequestAuthorizationDetails API with the following authorization id: ID`, wrapped over
//! several lines), and published Bedrock errors (`... on resource:
//! arn:aws:bedrock:us-east-2::foundation-model/... with an explicit deny in a service control policy`).
//! CloudTrail: `eventName`, `awsRegion` (the source Region), `requestParameters.modelId`,
//! `additionalEventData.inferenceRegion` (where the call was processed) and `userIdentity`.

use serde::Serialize;

use crate::route::catalog::Catalog;
use crate::route::hop::{HopKind, UNSPECIFIED_REGION};
use crate::scenario::{Layer, PolicyRef, Scenario};

/// What could be read from a pasted denial or event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Imported {
    /// The caller.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// The IAM action named by the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The resource named by the message (the hop that failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The runtime API, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api: Option<String>,
    /// The inference profile (or model) ID called.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The Region the client called.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_region: Option<String>,
    /// The kind of the failed hop.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed_hop: Option<HopKind>,
    /// The Region of the failed hop (`aws:RequestedRegion`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed_region: Option<String>,
    /// The layer the message names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<Layer>,
    /// True for an explicit deny, false for "because no ... allows".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explicit: Option<bool>,
    /// The denying policy's ARN, in newer messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_arn: Option<String>,
    /// The authorization ID of an Access Troubleshooter message, for `aws iam-toolbox
    /// get-request-authorization-details --authorization-id ID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_id: Option<String>,
    /// The console page with the request's authorization details ("Go to ... for complete details").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details_url: Option<String>,
    /// Where CloudTrail says the call was processed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inference_region: Option<String>,
    /// Profiles that route the failed model hop, when the message names only the model.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidate_profiles: Vec<String>,
    /// What could not be read, in words.
    pub notes: Vec<String>,
}

impl Imported {
    /// Fills a scenario's principal and request with what was read; keeps everything else.
    pub fn apply_to(&self, scenario: &mut Scenario) {
        if let Some(p) = &self.principal {
            scenario.principal.clone_from(p);
        }
        if let Some(profile) = self.profile.as_ref().or(self.candidate_profiles.first()) {
            scenario.request.profile = Some(profile.clone());
            scenario.request.action = None;
            scenario.request.resource = None;
            scenario.request.region = None;
        }
        if let Some(source) = &self.source_region {
            scenario.request.source_region = Some(source.clone());
        }
        if let Some(api) = &self.api {
            scenario.request.api = Some(api.clone());
        }
    }
}

impl Imported {
    /// The source Regions the caller may have called `profile` from, given what the message says: the
    /// one it names; else those whose route reaches the failed model hop's Region (a message naming the
    /// model in a destination implies the call was routed there); else every source of the profile.
    #[must_use]
    pub fn candidate_sources(&self, profile: &str, catalog: &Catalog) -> Vec<String> {
        if let Some(source) = &self.source_region {
            return vec![source.clone()];
        }
        let Some(profile) = catalog.profile(profile) else {
            return Vec::new();
        };
        let reaches = |route: &crate::route::catalog::Route| match (self.failed_hop, self.failed_region.as_deref()) {
            (Some(HopKind::DestinationModel | HopKind::SourceModel | HopKind::Model), Some(region)) => {
                route.all_commercial || route.destinations.iter().any(|d| d == region)
            }
            _ => true,
        };
        profile
            .routes
            .iter()
            .filter(|r| reaches(r))
            .map(|r| r.source.clone())
            .collect()
    }

    /// The scenario's policy whose `arn` is the one the message names: the policy that denied.
    #[must_use]
    pub fn policy_in(&self, scenario: &Scenario) -> Option<PolicyRef> {
        let arn = self.policy_arn.as_deref()?;
        scenario
            .policy_refs()
            .find(|(_, p)| p.arn.as_deref() == Some(arn))
            .map(|(at, _)| at)
    }
}

/// Reads an AccessDenied message, a CloudTrail event (JSON), or a CLI error line that wraps either.
#[must_use]
pub fn import(text: &str, catalog: &Catalog) -> Imported {
    let trimmed = text.trim();
    if trimmed.starts_with('{')
        && let Ok(event) = serde_json::from_str::<serde_json::Value>(trimmed)
    {
        return from_cloudtrail(&event, catalog);
    }
    from_message(trimmed, catalog)
}

fn between<'a>(text: &'a str, start: &str, end: &[&str]) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let rest = text.get(from..)?;
    let stop = end.iter().filter_map(|e| rest.find(e)).min().unwrap_or(rest.len());
    rest.get(..stop).map(str::trim)
}

const LAYER_NAMES: &[(&str, Layer)] = &[
    ("service control policy", Layer::Scp),
    ("identity-based policy", Layer::Identity),
    ("permissions boundary", Layer::Boundary),
    ("sessions policy", Layer::Session),
    ("session policy", Layer::Session),
];

fn from_message(text: &str, catalog: &Catalog) -> Imported {
    // The authorization-ID form wraps its sentences over several lines; read it as one.
    let text = &text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Imported {
        api: between(text, "when calling the ", &[" operation"]).map(str::to_owned),
        principal: between(text, "User: ", &[" is not authorized"]).map(str::to_owned),
        action: between(text, "perform: ", &[" on resource", " with an explicit", " because no"]).map(str::to_owned),
        resource: between(text, "on resource: ", &[" with an explicit", " because no", "\"", "\n"]).map(str::to_owned),
        ..Imported::default()
    };
    if let Some(rest) = between(text, "with an explicit deny in ", &["\n", "\""]) {
        out.explicit = Some(true);
        let rest = rest.trim_start_matches("an ").trim_start_matches("a ");
        out.layer = LAYER_NAMES
            .iter()
            .find(|(name, _)| rest.to_ascii_lowercase().starts_with(name))
            .map(|(_, l)| *l);
        // Newer messages: "...service control policy: arn:aws:organizations::...", possibly followed by
        // ". Go to https://... for complete details". The ARN ends at the first space; a sentence's full
        // stop is not part of it (policy ARNs do not end with one).
        out.policy_arn = rest.split_once("arn:").and_then(|(_, arn)| {
            let arn = arn.split(' ').next()?.trim_end_matches(['.', '"', ',']);
            (!arn.is_empty()).then(|| format!("arn:{arn}"))
        });
    } else if let Some(rest) = between(text, "because no ", &[" allows"]) {
        out.explicit = Some(false);
        out.layer = LAYER_NAMES
            .iter()
            .find(|(name, _)| rest.to_ascii_lowercase().starts_with(name))
            .map(|(_, l)| *l);
    }
    out.details_url = between(text, "Go to ", &[" for complete details", " "]).map(str::to_owned);
    out.authorization_id = between(text, "authorization id: ", &[" ", "\""])
        .map(|id| id.trim_end_matches('.').to_owned())
        .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()))
        .or_else(|| {
            let url = out.details_url.as_deref()?;
            let id = url.rsplit_once("authorization-details/")?.1;
            (!id.is_empty()).then(|| id.to_owned())
        });
    if out.principal.is_none() {
        out.notes
            .push("no `User: ... is not authorized` part: the caller is unknown".to_owned());
    }
    if out.layer.is_none() {
        out.notes.push(
            "the message does not say which kind of policy denied (explicit deny in a ... / because no ... allows)"
                .to_owned(),
        );
    }
    if out.api.is_none()
        && let Some(action) = &out.action
    {
        out.api = match action.as_str() {
            "bedrock:InvokeModel" => Some("InvokeModel".to_owned()),
            "bedrock:InvokeModelWithResponseStream" => Some("InvokeModelWithResponseStream".to_owned()),
            _ => None,
        };
    }
    read_resource(&mut out, catalog);
    out
}

/// Works out the failed hop, the profile and the source Region from the resource ARN.
pub(crate) fn read_resource(out: &mut Imported, catalog: &Catalog) {
    let Some(resource) = out.resource.clone() else {
        out.notes
            .push("no `on resource:` part: the failed check is unknown".to_owned());
        return;
    };
    let Some([_, _, service, region, _, rest]) = crate::syntax::arn::split(&resource) else {
        out.notes.push(format!("`{resource}` is not an ARN"));
        return;
    };
    if service != "bedrock" {
        out.notes.push(format!(
            "`{resource}` is not a Bedrock resource: crisscross sets up a plain request for it"
        ));
        return;
    }
    if let Some(id) = rest.strip_prefix("inference-profile/") {
        out.failed_hop = Some(HopKind::Profile);
        out.failed_region = Some(region.to_owned());
        out.profile = Some(id.to_owned());
        out.source_region = Some(region.to_owned());
    } else if rest.starts_with("application-inference-profile/") {
        out.failed_hop = Some(HopKind::ApplicationProfile);
        out.failed_region = Some(region.to_owned());
        out.source_region = Some(region.to_owned());
        out.notes.push(
            "an application inference profile: describe it under `customProfiles` (its ARN and the profile it copies)"
                .to_owned(),
        );
    } else if let Some(model) = rest.strip_prefix("foundation-model/") {
        if region.is_empty() {
            out.failed_hop = Some(HopKind::GlobalModel);
            out.failed_region = Some(UNSPECIFIED_REGION.to_owned());
            out.candidate_profiles = catalog
                .profiles_by_model(model)
                .filter(|p| p.id.starts_with("global."))
                .map(|p| p.id.clone())
                .collect();
            out.notes.push("the Region-less model ARN is checked only for global profiles; the source Region is not in the message".to_owned());
        } else {
            out.failed_hop = Some(HopKind::DestinationModel);
            out.failed_region = Some(region.to_owned());
            out.candidate_profiles = catalog
                .profiles_by_model(model)
                .filter(|p| p.routes.iter().any(|r| r.destinations.iter().any(|d| d == region)))
                .map(|p| p.id.clone())
                .collect();
            out.notes.push(format!("the message names the model in {region}, one hop of the call: the profile and source Region are not in it (it may also be a direct call in {region})"));
        }
    }
}

fn from_cloudtrail(event: &serde_json::Value, catalog: &Catalog) -> Imported {
    let text = |path: &[&str]| -> Option<String> {
        let mut v = event;
        for p in path {
            v = v.get(p)?;
        }
        v.as_str().map(str::to_owned)
    };
    let mut out = match text(&["errorMessage"]) {
        Some(message) => from_message(&message, catalog),
        None => Imported::default(),
    };
    out.notes.retain(|n| !n.starts_with("no `User:"));
    if text(&["eventSource"]).is_some_and(|s| s != "bedrock.amazonaws.com") {
        out.notes
            .push("not a Bedrock event: only the principal was read".to_owned());
    }
    if let Some(name) = text(&["eventName"]) {
        if [
            "InvokeModel",
            "Converse",
            "InvokeModelWithResponseStream",
            "ConverseStream",
        ]
        .contains(&name.as_str())
        {
            out.api = Some(name);
        } else {
            out.notes
                .push(format!("event `{name}` is not a runtime inference call"));
        }
    }
    out.source_region = text(&["awsRegion"]).or(out.source_region);
    out.inference_region = text(&["additionalEventData", "inferenceRegion"]);
    if let Some(model_id) = text(&["requestParameters", "modelId"]) {
        let id = model_id
            .split_once(":inference-profile/")
            .or_else(|| model_id.split_once(":foundation-model/"))
            .map_or(model_id.as_str(), |(_, id)| id)
            .to_owned();
        out.candidate_profiles.clear();
        out.profile = Some(id);
    } else {
        out.notes
            .push("no `requestParameters.modelId`: the profile is unknown".to_owned());
    }
    let identity_arn = text(&["userIdentity", "arn"]);
    out.principal = identity_arn.or(out.principal);
    if out.principal.is_none() {
        out.notes
            .push("no `userIdentity.arn`: the caller is unknown".to_owned());
    }
    if text(&["errorCode"]).is_none() {
        out.notes
            .push("the event has no `errorCode`: it records a call that succeeded".to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Imported {
        import(text, Catalog::builtin())
    }

    #[test]
    fn scp_explicit_deny_on_a_destination_model() {
        let i = read(
            "User: arn:aws:sts::123456789012:assumed-role/AmazonSageMakerBedrockModelConsumptionRole-xxxx/xxxx is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0 with an explicit deny in a service control policy",
        );
        assert_eq!(i.layer, Some(Layer::Scp));
        assert_eq!(i.explicit, Some(true));
        assert_eq!(i.failed_hop, Some(HopKind::DestinationModel));
        assert_eq!(i.failed_region.as_deref(), Some("us-east-2"));
        assert!(
            i.candidate_profiles
                .contains(&"us.anthropic.claude-sonnet-4-5-20250929-v1:0".to_owned())
        );
        assert_eq!(i.api.as_deref(), Some("InvokeModelWithResponseStream"));
    }

    #[test]
    fn a_destination_model_limits_the_source_regions_to_those_routed_there() {
        let i = read(
            "User: arn:aws:sts::111122223333:assumed-role/App/session1 is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:eu-west-3::foundation-model/amazon.nova-pro-v1:0 with an explicit deny in a service control policy",
        );
        assert_eq!(
            i.source_region, None,
            "the message does not say where the call came from"
        );
        let catalog = Catalog::builtin();
        let sources = i.candidate_sources("eu.amazon.nova-pro-v1:0", catalog);
        let profile = catalog.profile("eu.amazon.nova-pro-v1:0").unwrap();
        for route in &profile.routes {
            let reaches = route.destinations.iter().any(|d| d == "eu-west-3");
            assert_eq!(
                sources.contains(&route.source),
                reaches,
                "{} -> {:?}",
                route.source,
                route.destinations
            );
        }
        assert!(!sources.is_empty());
        let named = read(
            "User: arn:aws:iam::111122223333:user/x is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.amazon.nova-pro-v1:0 because no identity-based policy allows the bedrock:InvokeModel action",
        );
        assert_eq!(
            named.candidate_sources("eu.amazon.nova-pro-v1:0", catalog),
            ["eu-west-1"]
        );
    }

    #[test]
    fn newer_message_with_policy_arn_on_the_global_model() {
        let i = read(
            "User: arn:aws:iam::123456789012:user/x is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:::foundation-model/anthropic.claude-opus-4-6-v1 with an explicit deny in a service control policy: arn:aws:organizations::111111111111:policy/o-abc/service_control_policy/p-123",
        );
        assert_eq!(i.failed_hop, Some(HopKind::GlobalModel));
        assert_eq!(i.failed_region.as_deref(), Some("unspecified"));
        assert_eq!(
            i.policy_arn.as_deref(),
            Some("arn:aws:organizations::111111111111:policy/o-abc/service_control_policy/p-123")
        );
    }

    /// The 2026 form (IAM User Guide, "Troubleshoot access denied error messages with authorization ID
    /// (Preview)"): the ARN ends at its last character, not at the link that follows it.
    #[test]
    fn authorization_id_message_keeps_the_arn_apart_from_the_link() {
        let i = read(include_str!(
            "../../tests/data/aws-cli/accessdenied-authorization-id.txt"
        ));
        assert_eq!(
            i.policy_arn.as_deref(),
            Some(
                "arn:aws:organizations::999988887777:policy/o-exampleorgid/service_control_policy/p-examplepolicyid222"
            )
        );
        assert_eq!(i.authorization_id.as_deref(), Some("a1b2c3d4e5f6g7h8i9j0example"));
        assert_eq!(
            i.details_url.as_deref(),
            Some(
                "https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1#/authorization-details/a1b2c3d4e5f6g7h8i9j0example"
            )
        );
        assert_eq!(i.failed_hop, Some(HopKind::GlobalModel));
        assert_eq!(i.layer, Some(Layer::Scp));
    }

    /// AWS's own example, wrapped over five lines as the User Guide prints it.
    #[test]
    fn aws_documentation_example_over_several_lines() {
        let i = read(include_str!(
            "../../tests/data/aws-cli/accessdenied-authorization-id.aws-doc-example.txt"
        ));
        assert_eq!(i.principal.as_deref(), Some("arn:aws:iam::123456789012:user/janedoe"));
        assert_eq!(i.action.as_deref(), Some("iam:CreateInstanceProfile"));
        assert_eq!(
            i.resource.as_deref(),
            Some("arn:aws:iam::123456789012:instance-profile/my-instance-profile")
        );
        assert_eq!(i.layer, Some(Layer::Identity));
        assert_eq!(
            i.policy_arn.as_deref(),
            Some("arn:aws:iam::123456789012:policy/ExampleDenyPolicy")
        );
        assert_eq!(i.authorization_id.as_deref(), Some("EXAMPLE1a2b3c4d5e6f7g8h9i0j"));
    }

    #[test]
    fn the_named_policy_is_selected_in_the_scenario() {
        let scenario = Scenario::from_json(
            r#"{"version": 1, "principal": "arn:aws:iam::111122223333:role/App",
              "scps": [{"target": "r-root", "policies": [{"name": "FullAWSAccess", "arn": "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]},
                       {"target": "ou-a", "policies": [{"name": "RegionDeny", "arn": "arn:aws:organizations::999988887777:policy/o-exampleorgid/service_control_policy/p-examplepolicyid111", "document": {"Version": "2012-10-17", "Statement": []}}]}],
              "request": {"action": "s3:GetObject", "resource": "*", "region": "us-east-1"}}"#,
        )
        .unwrap();
        let i = read(include_str!("../../tests/data/aws-cli/accessdenied-cli-error.txt"));
        assert_eq!(i.api.as_deref(), Some("ConverseStream"));
        assert_eq!(i.policy_in(&scenario), Some(PolicyRef::Scp { level: 1, index: 0 }));
        let other = read(include_str!(
            "../../tests/data/aws-cli/accessdenied-authorization-id.txt"
        ));
        assert_eq!(
            other.policy_in(&scenario),
            None,
            "p-examplepolicyid222 is not in this scenario"
        );
    }

    #[test]
    fn implicit_identity_deny_on_a_profile_wrapped_by_the_cli() {
        let i = read(
            "An error occurred (AccessDeniedException) when calling the Converse operation: User: arn:aws:iam::111122223333:user/ai-agent is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0 because no identity-based policy allows the bedrock:InvokeModel action",
        );
        assert_eq!(i.api.as_deref(), Some("Converse"));
        assert_eq!(i.layer, Some(Layer::Identity));
        assert_eq!(i.explicit, Some(false));
        assert_eq!(
            i.profile.as_deref(),
            Some("us.anthropic.claude-haiku-4-5-20251001-v1:0")
        );
        assert_eq!(i.source_region.as_deref(), Some("us-east-1"));
        assert_eq!(i.failed_hop, Some(HopKind::Profile));
    }

    #[test]
    fn cloudtrail_event() {
        let event = r#"{"eventSource": "bedrock.amazonaws.com", "eventName": "InvokeModel", "awsRegion": "ap-southeast-2",
            "userIdentity": {"type": "AssumedRole", "arn": "arn:aws:sts::111122223333:assumed-role/App/s"},
            "requestParameters": {"modelId": "global.anthropic.claude-sonnet-4-5-20250929-v1:0"},
            "additionalEventData": {"inferenceRegion": "ap-southeast-4"}}"#;
        let i = read(event);
        assert_eq!(
            i.profile.as_deref(),
            Some("global.anthropic.claude-sonnet-4-5-20250929-v1:0")
        );
        assert_eq!(i.source_region.as_deref(), Some("ap-southeast-2"));
        assert_eq!(i.inference_region.as_deref(), Some("ap-southeast-4"));
        assert_eq!(
            i.principal.as_deref(),
            Some("arn:aws:sts::111122223333:assumed-role/App/s")
        );
        assert!(i.notes.iter().any(|n| n.contains("succeeded")));
    }

    #[test]
    fn malformed_input_says_what_is_missing() {
        let i = read("something went wrong: AccessDenied");
        assert!(i.principal.is_none());
        assert!(i.notes.len() >= 3, "{:?}", i.notes);
        let i = read(r#"{"eventName": "ListFoundationModels"}"#);
        assert!(i.notes.iter().any(|n| n.contains("not a runtime inference call")));
    }
}
