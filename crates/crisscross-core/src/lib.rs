//! crisscross decides AWS service control policies (SCPs) and IAM policies the way AWS documents it,
//! and says which statement decided. For Amazon Bedrock cross-Region inference it turns one runtime
//! call into the checks AWS makes: the inference profile in the source Region, the model there, and the
//! model in every Region the call can be routed to (or the Region-less model of a global profile). One
//! denied check fails the call.
//!
//! # Example: one call, every hop
//!
//! A scenario (the JSON format of `docs/scenario-format.md`) names the caller, the policies and the
//! call. [`report()`] parses every policy, plans the hops from the built-in [`Catalog`] of inference
//! profiles, decides each hop and explains it.
//!
//! ```
//! use crisscross_core::{Catalog, Decision, HopKind, Scenario, report};
//!
//! let scenario = Scenario::from_json(r#"{
//!   "version": 1,
//!   "principal": "arn:aws:iam::111122223333:role/App",
//!   "scps": [
//!     {"target": "r-root", "policies": [{"name": "FullAWSAccess", "document":
//!       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]},
//!     {"target": "ou-workloads", "policies": [
//!       {"name": "FullAWSAccess", "document":
//!         {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}},
//!       {"name": "RegionDeny", "document":
//!         {"Version": "2012-10-17", "Statement": [{"Sid": "OnlyUsEast1", "Effect": "Deny", "Action": "*",
//!           "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "us-east-1"}}}]}}]}
//!   ],
//!   "identityPolicies": [{"name": "BedrockUser", "document":
//!     {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*"}]}}],
//!   "request": {"profile": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "sourceRegion": "us-east-1", "api": "Converse"}
//! }"#)?;
//!
//! let result = report(&scenario, Catalog::builtin());
//! assert_eq!(result.decision, Some(Decision::ExplicitDeny));
//! for hop in &result.hops {
//!     println!("{:<18} {:<10} {:?}", hop.kind.as_str(), hop.region, hop.decision);
//! }
//! // The profile and the model in us-east-1 pass; the SCP denies the other destination Regions.
//! assert_eq!(result.hops[0].kind, HopKind::Profile);
//! assert_eq!(result.hops[0].decision, Decision::Allow);
//! let denied: Vec<&str> = result.hops.iter().filter(|h| !h.decision.is_allow()).map(|h| h.region.as_str()).collect();
//! assert_eq!(denied, ["us-east-2", "us-west-2"]);
//! assert_eq!(
//!     result.hops[2].decided_by[0].label,
//!     "SCP `RegionDeny` (ou-workloads), statement 0 `OnlyUsEast1`"
//! );
//! # Ok::<(), crisscross_core::Diagnostic>(())
//! ```
//!
//! # The pipeline
//!
//! Text becomes a [`policy::Policy`] ([`parse_policy`], with a [`Diagnostic`] for every problem, located
//! by line and column); a [`Scenario`] and its request context become hops ([`route::hop`]); each hop is
//! decided ([`evaluate()`]) and explained ([`report()`]). Around that core: [`fix`] suggests the smallest
//! edit that allows a denied call, [`matrix`] decides every profile and source Region, [`diff`] compares
//! two versions, [`size`] measures policies against AWS's quotas, [`share`] encodes links and [`export`]
//! writes tickets. `ARCHITECTURE.md` maps every module to its place in the pipeline.

// The page evaluates whatever a user types: the core returns errors and never panics.
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

pub mod analysis;
pub mod context;
pub mod deck;
pub mod diagnostic;
pub mod diff;
pub mod evaluate;
pub mod expect;
pub mod export;
pub mod fix;
pub mod import;
pub mod matrix;
pub mod order;
pub mod policy;
pub mod report;
pub mod route;
pub mod scenario;
pub mod share;
pub mod size;
pub(crate) mod syntax;
pub mod time;

pub use analysis::{Analysis, Prepared, analyze, prepare};
pub use diagnostic::{Diagnostic, Severity, Span};
pub use evaluate::{Decision, evaluate};
pub use fix::{Fix, suggest};
pub use policy::{PolicyType, parse_policy};
pub use report::{HopReport, Report, report};
pub use route::catalog::Catalog;
pub use route::hop::HopKind;
pub use scenario::{Layer, PolicyRef, Scenario, StatementRef};
