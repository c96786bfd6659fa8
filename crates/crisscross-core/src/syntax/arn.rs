//! ARNs as text: `arn:partition:service:region:account:resource`.

/// The six fields of an ARN; the last keeps any further `:`. `None` with fewer than six fields.
#[must_use]
pub(crate) fn split(text: &str) -> Option<[&str; 6]> {
    let mut it = text.splitn(6, ':');
    Some([it.next()?, it.next()?, it.next()?, it.next()?, it.next()?, it.next()?])
}
