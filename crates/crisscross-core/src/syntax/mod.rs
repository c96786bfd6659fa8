//! The text layer: a JSON reader that keeps every span, and edits that change a policy's text while
//! keeping the author's layout.

pub mod arn;
pub mod edit;
pub mod json;
pub mod print;
