//! crisscross decides AWS service control policies and IAM policies the way AWS does, and explains
//! which statement decided. For Amazon Bedrock cross-Region inference it turns one runtime call into
//! the checks AWS makes for every Region the call can be routed to.

pub mod analysis;
pub mod context;
pub mod diagnostic;
pub mod diff;
pub mod evaluate;
pub mod expect;
pub mod export;
pub mod fix;
pub mod import;
pub mod matrix;
pub mod policy;
pub mod report;
pub mod route;
pub mod scenario;
pub mod share;
pub mod size;
pub mod syntax;
