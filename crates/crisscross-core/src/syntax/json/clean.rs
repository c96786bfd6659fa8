//! The "clean" action: a pasted document without the comments and trailing commas JSON does not allow.

/// Removes comments and trailing commas, leaving everything else byte for byte. Used by the "clean"
/// action offered when a pasted document has them.
#[must_use]
pub(crate) fn clean(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut last_copied = 0;
    // Byte offset in `out` of the last comma outside strings, cleared by any other token.
    let mut pending_comma: Option<usize> = None;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'"' => {
                pending_comma = None;
                i += 1;
                while let Some(&b) = bytes.get(i).filter(|b| **b != b'"') {
                    i += if b == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => {
                out.push_str(text.get(last_copied..i).unwrap_or_default());
                let block = bytes.get(i + 1) == Some(&b'*');
                i += 2;
                if block {
                    while i < bytes.len() && !(bytes.get(i) == Some(&b'*') && bytes.get(i + 1) == Some(&b'/')) {
                        i += 1;
                    }
                    i = (i + 2).min(bytes.len());
                } else {
                    while bytes.get(i).is_some_and(|b| *b != b'\n') {
                        i += 1;
                    }
                }
                last_copied = i;
            }
            b',' => {
                out.push_str(text.get(last_copied..i).unwrap_or_default());
                pending_comma = Some(out.len());
                out.push(',');
                i += 1;
                last_copied = i;
            }
            b']' | b'}' => {
                if let Some(at) = pending_comma.take() {
                    out.push_str(text.get(last_copied..i).unwrap_or_default());
                    out.remove(at);
                    last_copied = i;
                }
                i += 1;
            }
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            _ => {
                pending_comma = None;
                i += 1;
            }
        }
    }
    out.push_str(text.get(last_copied..).unwrap_or_default());
    out
}
