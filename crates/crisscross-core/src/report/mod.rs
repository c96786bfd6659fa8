//! Words for decisions.

pub mod explain;
