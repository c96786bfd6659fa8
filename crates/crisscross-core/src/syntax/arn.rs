//! ARNs as text: `arn:partition:service:region:account:resource`.

/// The six fields of an ARN; the last keeps any further `:`. `None` with fewer than six fields.
#[must_use]
pub(crate) fn split(text: &str) -> Option<[&str; 6]> {
    // A byte scan: `:` is ASCII, so every cut is on a character boundary. The evaluator splits the
    // same few ARNs for every check, so this is on its hot path.
    let mut fields = [""; 6];
    let mut rest = text;
    for field in fields.iter_mut().take(5) {
        let at = rest.bytes().position(|b| b == b':')?;
        *field = rest.get(..at)?;
        rest = rest.get(at + 1..)?;
    }
    if let Some(last) = fields.last_mut() {
        *last = rest;
    }
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn six_fields_and_the_rest_in_the_last() {
        assert_eq!(
            split("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2:1"),
            Some([
                "arn",
                "aws",
                "bedrock",
                "us-east-1",
                "",
                "foundation-model/anthropic.claude-v2:1"
            ])
        );
        assert_eq!(split("arn:aws:s3:::b"), Some(["arn", "aws", "s3", "", "", "b"]));
        assert_eq!(split("arn:aws:s3:::"), Some(["arn", "aws", "s3", "", "", ""]));
        assert_eq!(split("arn:aws:s3::"), None);
        assert_eq!(split(""), None);
        assert_eq!(split("é:ü:ß:::ÿ"), Some(["é", "ü", "ß", "", "", "ÿ"]));
    }
}
