//! Bedrock cross-Region inference: how one runtime call becomes the checks AWS makes.
//!
//! Source: Amazon Bedrock User Guide, "Geographic cross-Region inference" and "Global cross-Region
//! inference" (newer revisions). A geographic profile is authorized for the inference profile in the
//! source Region, the foundation model in the source Region, and the foundation model in each
//! destination Region; a global profile for the profile, the model in the source Region, and the
//! Region-less model ARN with `aws:RequestedRegion` = `unspecified`. `bedrock:InferenceProfileArn` is
//! set on the model checks and not on the profile check. One blocked check fails the call.

use serde::Serialize;

use crate::context::{Check, Context, ContextValue, Origin, Principal};
use crate::diagnostic::{Code, Diagnostic};
use crate::route::catalog::{Catalog, Geography, Route};
use crate::scenario::{CustomProfile, RequestInput};

/// The value of `aws:RequestedRegion` on the global model check.
pub const UNSPECIFIED_REGION: &str = "unspecified";

/// The kind of check a hop is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HopKind {
    /// A plain request (not a Bedrock call).
    Request,
    /// A direct foundation-model call, without cross-Region inference.
    Model,
    /// The system-defined inference profile in the source Region.
    Profile,
    /// The application inference profile in the source Region.
    ApplicationProfile,
    /// The foundation model in the source Region.
    SourceModel,
    /// The foundation model in another destination Region.
    DestinationModel,
    /// The Region-less foundation model of a global profile.
    GlobalModel,
}

impl HopKind {
    /// The name used in JSON and expectations.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Request => "request",
            Self::Model => "model",
            Self::Profile => "profile",
            Self::ApplicationProfile => "application-profile",
            Self::SourceModel => "source-model",
            Self::DestinationModel => "destination-model",
            Self::GlobalModel => "global-model",
        }
    }

    /// A short name for tables and maps: "inference profile", "model in destination".
    #[must_use]
    pub fn short_name(self) -> &'static str {
        match self {
            Self::Request => "request",
            Self::Model => "model (direct call)",
            Self::Profile => "inference profile",
            Self::ApplicationProfile => "application profile",
            Self::SourceModel => "model in source Region",
            Self::DestinationModel => "model in destination",
            Self::GlobalModel => "global model",
        }
    }

    /// The kind named by [`Self::as_str`].
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Request,
            Self::Model,
            Self::Profile,
            Self::ApplicationProfile,
            Self::SourceModel,
            Self::DestinationModel,
            Self::GlobalModel,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }

    /// A short description for people.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Request => "the request",
            Self::Model => "the foundation model (direct call)",
            Self::Profile => "the inference profile in the source Region",
            Self::ApplicationProfile => "the application inference profile",
            Self::SourceModel => "the foundation model in the source Region",
            Self::DestinationModel => "the foundation model in a destination Region",
            Self::GlobalModel => "the Region-less global foundation model",
        }
    }
}

/// One authorization check of a call.
#[derive(Debug, Clone, PartialEq)]
pub struct Hop {
    /// Which check.
    pub kind: HopKind,
    /// `aws:RequestedRegion` of the check.
    pub region: String,
    /// The IAM action.
    pub action: String,
    /// The resource ARN.
    pub resource: String,
    /// The full request context.
    pub context: Context,
}

impl Hop {
    /// The request this hop asks AWS to authorize.
    #[must_use]
    pub fn request(&self) -> crate::evaluate::Request<'_> {
        crate::evaluate::Request {
            action: &self.action,
            resource: &self.resource,
            context: &self.context,
        }
    }
}

/// What one hop of a Bedrock call checks, before its request context is built. Two hops with the same
/// spec get the same context from the same call context (see [`HopSpec::into_hop`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HopSpec {
    /// Which check.
    pub kind: HopKind,
    /// `aws:RequestedRegion` of the check.
    pub region: String,
    /// The resource ARN.
    pub resource: String,
    /// `bedrock:InferenceProfileArn` of the check, on the model checks of a call through a profile.
    pub profile_arn: Option<String>,
}

impl HopSpec {
    /// The hop, with the call context `base` made into this check's context.
    #[must_use]
    pub fn into_hop(self, action: &str, base: &Context) -> Hop {
        Hop {
            kind: self.kind,
            context: hop_context(
                base,
                self.kind,
                &self.region,
                resource_account(&self.resource),
                self.profile_arn.as_deref(),
            ),
            region: self.region,
            action: action.to_owned(),
            resource: self.resource,
        }
    }
}

/// The checks of one Bedrock call, before their request contexts are built.
#[derive(Debug, Clone)]
pub struct CallSpecs {
    /// The IAM action every check authorizes.
    pub action: &'static str,
    /// One spec per check, in plan order.
    pub hops: Vec<HopSpec>,
    /// Where the route comes from.
    pub route: Option<RouteInfo>,
}

/// Where a call's route comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteInfo {
    /// The profile ID (or the model ID for a direct call).
    pub profile: String,
    /// The foundation model.
    pub model: String,
    /// The source Region.
    pub source_region: String,
    /// The destination Regions (for global profiles, the commercial Regions).
    pub destinations: Vec<String>,
    /// True for global profiles.
    pub global: bool,
    /// Where the route is documented, such as `built-in catalog as of 2026-07-24`.
    pub provenance: String,
}

/// Keys each hop of a Bedrock call sets; user values for them are ignored there.
pub const HOP_KEYS: &[&str] = &["aws:RequestedRegion", "bedrock:InferenceProfileArn"];

/// The account a resource ARN names, if it names one (foundation-model ARNs do not).
pub(crate) fn resource_account(resource: &str) -> Option<&str> {
    match crate::syntax::arn::split(resource) {
        Some([_, _, _, _, owner, _]) if !owner.is_empty() => Some(owner),
        _ => None,
    }
}

/// The request context of one hop of a Bedrock call: the call's context with the hop's Region, its
/// `bedrock:InferenceProfileArn` (set on the model checks of a call through a profile, never on the
/// profile check), what is checked, and `aws:ResourceAccount` when the resource's ARN names an account.
pub(crate) fn hop_context(
    base: &Context,
    kind: HopKind,
    region: &str,
    resource_account: Option<&str>,
    profile_arn: Option<&str>,
) -> Context {
    let mut c = base.clone();
    c.insert(
        "aws:RequestedRegion",
        ContextValue::Single(region.to_owned()),
        Origin::Derived,
    );
    match profile_arn {
        Some(arn) => c.insert(
            "bedrock:InferenceProfileArn",
            ContextValue::Single(arn.to_owned()),
            Origin::Derived,
        ),
        None => c.remove("bedrock:InferenceProfileArn"),
    }
    c.facts.check = match kind {
        HopKind::Profile => Check::SystemProfile,
        HopKind::ApplicationProfile => Check::ApplicationProfile,
        HopKind::Model | HopKind::SourceModel | HopKind::DestinationModel | HopKind::GlobalModel => {
            Check::FoundationModel
        }
        HopKind::Request => Check::Plain,
    };
    if let Some(owner) = resource_account {
        c.derive("aws:ResourceAccount", owner);
    }
    c
}

/// The IAM action a runtime API is authorized as.
///
/// # Errors
/// `unknown-api` for anything but the four runtime APIs.
pub fn action_of_api(api: &str) -> Result<&'static str, Diagnostic> {
    match api {
        "InvokeModel" | "Converse" => Ok("bedrock:InvokeModel"),
        "InvokeModelWithResponseStream" | "ConverseStream" => Ok("bedrock:InvokeModelWithResponseStream"),
        other => Err(Diagnostic::error(Code::UnknownApi, format!("unknown runtime API `{other}`"))
            .with_help("write one of `InvokeModel`, `Converse`, `InvokeModelWithResponseStream`, `ConverseStream` (Converse is authorized as bedrock:InvokeModel, ConverseStream as bedrock:InvokeModelWithResponseStream)")
            .with_path("request.api")),
    }
}

/// The hops of a request and the route they follow.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The checks, in order.
    pub hops: Vec<Hop>,
    /// The route, for Bedrock calls.
    pub route: Option<RouteInfo>,
}

/// What the `profile` field of a request names.
enum Target {
    /// A system profile, its model and the route from the source Region.
    System {
        id: String,
        model: String,
        global: bool,
        route: Route,
        provenance: String,
    },
    /// An application profile copying a system profile or a model.
    Application {
        arn: String,
        model: String,
        inner: Option<Box<Target>>,
    },
    /// A direct model call.
    Model(String),
}

/// Turns a request into hops.
///
/// # Errors
/// Diagnostics for an unknown profile, a source Region the profile does not serve, an unknown API or an
/// incomplete request.
pub fn plan(
    request: &RequestInput,
    principal: &Principal,
    base: &Context,
    custom: &[CustomProfile],
    catalog: &Catalog,
) -> Result<Plan, Vec<Diagnostic>> {
    let Some(profile) = request.profile.as_deref() else {
        let (Some(action), Some(resource)) = (request.action.as_deref(), request.resource.as_deref()) else {
            return Err(vec![Diagnostic::error(Code::ScenarioField, "the request needs `action` and `resource` (a plain request) or `profile` and `sourceRegion` (a Bedrock call)")
                .with_help("for example {\"profile\": \"us.anthropic.claude-sonnet-4-5-20250929-v1:0\", \"sourceRegion\": \"us-east-1\", \"api\": \"Converse\"}")
                .with_path("request")]);
        };
        let region = request.region.clone().unwrap_or_default();
        let mut context = base.clone();
        if !region.is_empty() {
            context.insert(
                "aws:RequestedRegion",
                ContextValue::Single(region.clone()),
                Origin::Derived,
            );
        }
        if let Some([_, _, _, _, owner, _]) = crate::syntax::arn::split(resource)
            && !owner.is_empty()
        {
            context.derive("aws:ResourceAccount", owner);
        }
        let hop = Hop {
            kind: HopKind::Request,
            region,
            action: action.to_owned(),
            resource: resource.to_owned(),
            context,
        };
        return Ok(Plan {
            hops: vec![hop],
            route: None,
        });
    };
    let call = call_specs(profile, request, principal, custom, catalog)?;
    Ok(Plan {
        hops: call.hops.into_iter().map(|h| h.into_hop(call.action, base)).collect(),
        route: call.route,
    })
}

/// The checks of the Bedrock call through `profile` that `request` describes, without their contexts.
///
/// # Errors
/// The same diagnostics as [`plan`] for a Bedrock call.
pub fn call_specs(
    profile: &str,
    request: &RequestInput,
    principal: &Principal,
    custom: &[CustomProfile],
    catalog: &Catalog,
) -> Result<CallSpecs, Vec<Diagnostic>> {
    let Some(source) = request.source_region.as_deref() else {
        return Err(vec![
            Diagnostic::error(
                Code::ScenarioField,
                "a Bedrock call needs `sourceRegion`, the Region the client calls",
            )
            .with_path("request.sourceRegion"),
        ]);
    };
    let action = action_of_api(request.api.as_deref().unwrap_or("InvokeModel")).map_err(|d| vec![d])?;
    let partition = call_partition(source, principal, catalog);
    let account = &principal.account;
    let target = resolve_target(profile, source, custom, catalog)?;
    let make = |kind: HopKind, region: &str, resource: String, profile_arn: Option<&str>| HopSpec {
        kind,
        region: region.to_owned(),
        resource,
        profile_arn: profile_arn.map(str::to_owned),
    };

    let mut hops = Vec::new();
    let route_info;
    let (profile_arn, first_kind, inner) = match target {
        Target::Model(model) => {
            hops.push(make(
                HopKind::Model,
                source,
                model_check_arn(partition, HopKind::Model, source, &model),
                None,
            ));
            let info = RouteInfo {
                profile: model.clone(),
                model,
                source_region: source.to_owned(),
                destinations: vec![source.to_owned()],
                global: false,
                provenance: "direct call, no cross-Region routing".to_owned(),
            };
            return Ok(CallSpecs {
                action,
                hops,
                route: Some(info),
            });
        }
        Target::System { ref id, .. } => (
            system_profile_arn(partition, source, account, id),
            HopKind::Profile,
            target,
        ),
        Target::Application { ref arn, .. } => (arn.clone(), HopKind::ApplicationProfile, target),
    };
    hops.push(make(first_kind, source, profile_arn.clone(), None));
    let system = match inner {
        Target::Application { inner: Some(inner), .. } => *inner,
        Target::Application {
            model,
            arn,
            inner: None,
        } => {
            hops.push(make(
                HopKind::SourceModel,
                source,
                model_check_arn(partition, HopKind::SourceModel, source, &model),
                Some(&profile_arn),
            ));
            route_info = RouteInfo {
                profile: arn,
                model,
                source_region: source.to_owned(),
                destinations: vec![source.to_owned()],
                global: false,
                provenance: "application inference profile (custom)".to_owned(),
            };
            return Ok(CallSpecs {
                action,
                hops,
                route: Some(route_info),
            });
        }
        other => other,
    };
    let Target::System {
        id,
        model,
        global,
        route,
        provenance,
    } = system
    else {
        return Ok(CallSpecs {
            action,
            hops,
            route: None,
        });
    };
    for (kind, region) in model_checks(source, global, &route.destinations) {
        let resource = model_check_arn(partition, kind, region, &model);
        hops.push(make(kind, region, resource, Some(&profile_arn)));
    }
    let destinations: Vec<String> = if global {
        let mut all: Vec<String> = catalog.commercial_regions().map(|r| r.code.clone()).collect();
        for d in &route.destinations {
            if !all.contains(d) {
                all.push(d.clone());
            }
        }
        all
    } else {
        route.destinations.clone()
    };
    let profile_label = if first_kind == HopKind::ApplicationProfile {
        profile_arn
    } else {
        id
    };
    route_info = RouteInfo {
        profile: profile_label,
        model,
        source_region: source.to_owned(),
        destinations,
        global,
        provenance,
    };
    Ok(CallSpecs {
        action,
        hops,
        route: Some(route_info),
    })
}

/// The partition of a call's ARNs: the source Region's, or the principal's for a Region the catalog
/// does not know.
#[must_use]
pub fn call_partition<'a>(source: &str, principal: &'a Principal, catalog: &'a Catalog) -> &'a str {
    catalog
        .region(source)
        .map_or(principal.partition.as_str(), |r| r.partition.as_str())
}

/// The ARN of a system inference profile in `source`, as the account `account` calls it.
#[must_use]
pub fn system_profile_arn(partition: &str, source: &str, account: &str, id: &str) -> String {
    // Joined rather than formatted: the matrix builds one for each call of the grid.
    system_profile_arn_parts(partition, source, account, id).concat()
}

/// The texts [`system_profile_arn`] joins.
#[must_use]
pub(crate) fn system_profile_arn_parts<'a>(
    partition: &'a str,
    source: &'a str,
    account: &'a str,
    id: &'a str,
) -> [&'a str; 8] {
    [
        "arn:",
        partition,
        ":bedrock:",
        source,
        ":",
        account,
        ":inference-profile/",
        id,
    ]
}

/// The foundation-model ARN a model check of `kind` authorizes: the model in `region`, or the
/// Region-less model for the global check.
#[must_use]
pub fn model_check_arn(partition: &str, kind: HopKind, region: &str, model: &str) -> String {
    model_check_arn_parts(partition, kind, region, model).concat()
}

/// The texts [`model_check_arn`] joins.
#[must_use]
pub(crate) fn model_check_arn_parts<'a>(
    partition: &'a str,
    kind: HopKind,
    region: &'a str,
    model: &'a str,
) -> [&'a str; 6] {
    let region = if kind == HopKind::GlobalModel { "" } else { region };
    ["arn:", partition, ":bedrock:", region, "::foundation-model/", model]
}

/// The model checks of a call through a system profile from `source`, in plan order, as (kind,
/// `aws:RequestedRegion`): the model in the source Region, then the Region-less model of a global
/// profile, or the model in each other destination Region of a geographic one.
pub fn model_checks<'a>(
    source: &'a str,
    global: bool,
    destinations: &'a [String],
) -> impl Iterator<Item = (HopKind, &'a str)> + 'a {
    let others = destinations
        .iter()
        .filter(move |d| !global && d.as_str() != source)
        .map(|d| (HopKind::DestinationModel, d.as_str()));
    std::iter::once((HopKind::SourceModel, source))
        .chain(global.then_some((HopKind::GlobalModel, UNSPECIFIED_REGION)))
        .chain(others)
}

fn resolve_target(
    profile: &str,
    source: &str,
    custom: &[CustomProfile],
    catalog: &Catalog,
) -> Result<Target, Vec<Diagnostic>> {
    let unknown = |what: &str| {
        vec![Diagnostic::error(Code::UnknownProfile, format!("unknown inference profile `{what}`"))
            .with_help("pick a profile from `crisscross profiles`, or describe it under `customProfiles` (its ID, model and destination Regions, from `aws bedrock get-inference-profile`)")
            .with_path("request.profile")]
    };
    // An application profile ARN, declared by the user.
    if profile.contains(":application-inference-profile/") {
        let Some(app) = custom.iter().find(|c| c.arn.as_deref() == Some(profile)) else {
            return Err(unknown(profile));
        };
        let Some(copy_from) = app.copy_from.as_deref() else {
            // Imported from `get-inference-profile`: the routes are known, what it copies is not.
            let (Some(model), false) = (app.model.clone(), app.destinations.is_empty()) else {
                return Err(vec![
                    Diagnostic::error(
                        Code::ScenarioField,
                        format!("the application profile `{profile}` needs `copyFrom`"),
                    )
                    .with_help("give the system profile ID or model ID it copies, or its `model` and `destinations`")
                    .with_path("customProfiles"),
                ]);
            };
            let route = Route {
                source: source.to_owned(),
                destinations: app.destinations.clone(),
                all_commercial: false,
                source_url: String::new(),
            };
            let inner = Target::System {
                id: profile.to_owned(),
                model: model.clone(),
                global: false,
                route,
                provenance: custom_provenance(app),
            };
            return Ok(Target::Application {
                arn: profile.to_owned(),
                model,
                inner: Some(Box::new(inner)),
            });
        };
        return match resolve_target(copy_from, source, custom, catalog)? {
            Target::Model(model) => Ok(Target::Application {
                arn: profile.to_owned(),
                model,
                inner: None,
            }),
            inner @ Target::System { .. } => {
                let model = match &inner {
                    Target::System { model, .. } => model.clone(),
                    _ => String::new(),
                };
                Ok(Target::Application {
                    arn: profile.to_owned(),
                    model,
                    inner: Some(Box::new(inner)),
                })
            }
            Target::Application { .. } => Err(unknown(copy_from)),
        };
    }
    // A profile or model ARN: use the ID after the resource type.
    let id = profile
        .split_once(":inference-profile/")
        .or_else(|| profile.split_once(":foundation-model/"))
        .map_or(profile, |(_, id)| id);
    if profile.contains(":foundation-model/") {
        return Ok(Target::Model(id.to_owned()));
    }
    let customs: Vec<&CustomProfile> = custom.iter().filter(|c| c.id.as_deref() == Some(id)).collect();
    if !customs.is_empty() {
        let Some(c) = customs.iter().find(|c| c.source_region.as_deref() == Some(source)) else {
            let served: Vec<&str> = customs.iter().filter_map(|c| c.source_region.as_deref()).collect();
            return Err(vec![unserved(id, source, &served)]);
        };
        let model = c
            .model
            .clone()
            .unwrap_or_else(|| id.split_once('.').map_or(id, |(_, m)| m).to_owned());
        let global = Geography::of_profile_id(id) == Some(Geography::Global);
        let route = Route {
            source: source.to_owned(),
            destinations: c.destinations.clone(),
            all_commercial: global,
            source_url: String::new(),
        };
        return Ok(Target::System {
            id: id.to_owned(),
            model,
            global,
            route,
            provenance: custom_provenance(c),
        });
    }
    if let Some(p) = catalog.profile(id) {
        let Some(route) = p.route(source) else {
            let served: Vec<&str> = p.sources().collect();
            return Err(vec![unserved(id, source, &served)]);
        };
        return Ok(Target::System {
            id: id.to_owned(),
            model: p.model_id.clone(),
            global: p.geography == Geography::Global,
            route: route.clone(),
            provenance: format!("built-in catalog as of {}", catalog.as_of),
        });
    }
    // Not a known profile: an ID whose first part is a geography or whose second part is a model
    // provider is a profile we do not know; anything else is a model ID for a direct call.
    let mut parts = id.split('.');
    let first = parts.next().unwrap_or_default();
    let second = parts.next().unwrap_or_default();
    let providers: Vec<&str> = catalog
        .profiles
        .iter()
        .map(crate::route::catalog::Profile::provider)
        .collect();
    if Geography::parse(first).is_some() || (providers.contains(&second) && !providers.contains(&first)) {
        return Err(unknown(id));
    }
    Ok(Target::Model(id.to_owned()))
}

fn custom_provenance(profile: &CustomProfile) -> String {
    match &profile.imported_at {
        Some(date) => format!("imported from the account on {date}"),
        None => "custom profile described in the scenario".to_owned(),
    }
}

fn unserved(id: &str, source: &str, served: &[&str]) -> Diagnostic {
    Diagnostic::error(
        Code::UnservedSourceRegion,
        format!("`{id}` cannot be called from `{source}`"),
    )
    .with_help(format!("it can be called from: {}", served.join(", ")))
    .with_path("request.sourceRegion")
}
