//! Bringing in what AWS printed: AccessDenied messages and CloudTrail events, inference-profile routes,
//! an organization's SCP levels and a role's policies (the bundle of `docs/import-formats.md`).

pub mod authorization;
pub(crate) mod aws;
pub mod bundle;
pub mod change;
pub mod cloudformation;
pub mod denial;
pub mod iam;
pub mod org;
mod parts;
pub mod paste;
pub mod routes;
pub mod terraform;
