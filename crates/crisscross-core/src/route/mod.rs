//! How a call becomes checks: the catalog of inference profiles and the hops of a call.

pub mod catalog;
pub mod hop;
