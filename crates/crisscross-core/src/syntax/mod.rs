//! The text layer: a JSON reader that keeps every span, and edits that change a policy's text while
//! keeping the author's layout.

pub(crate) mod arn;
pub(crate) mod edit;
pub(crate) mod json;
pub(crate) mod lanes;
pub(crate) mod print;
pub(crate) mod words;
