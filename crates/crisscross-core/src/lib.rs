//! crisscross decides AWS service control policies and IAM policies the way AWS does, and explains
//! which statement decided. For Amazon Bedrock cross-Region inference it turns one runtime call into
//! the checks AWS makes for every Region the call can be routed to.

pub mod analysis;
pub mod catalog;
pub mod condition;
pub mod context;
pub mod cris;
pub mod diagnostic;
pub mod diff;
pub mod edit;
pub mod eval;
pub mod expect;
pub mod explain;
pub mod export;
pub mod fix;
pub mod import;
pub mod json;
pub mod matrix;
pub mod pattern;
pub mod policy;
pub mod routes;
pub mod scenario;
pub mod share;
pub mod size;
