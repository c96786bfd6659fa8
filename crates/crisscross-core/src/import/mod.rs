//! Bringing in what AWS printed: AccessDenied messages and CloudTrail events, and inference-profile routes.

pub mod denial;
pub mod routes;
