//! The JSON reader on what people type: spans, mistakes it reports and keeps going past, and limits.

use super::*;

fn codes(text: &str) -> Vec<String> {
    parse(text).1.into_iter().map(|d| d.code).collect()
}

#[test]
fn keeps_spans_and_order() {
    let text = r#"{"b": [1, "x"], "a": true}"#;
    let (node, diags) = parse(text);
    assert!(diags.is_empty());
    let node = node.unwrap();
    let members = node.as_object().unwrap();
    assert_eq!(members[0].key, "b");
    assert_eq!(members[1].key, "a");
    assert_eq!(&text[members[0].value.span.range()], r#"[1, "x"]"#);
    assert_eq!(&text[members[1].key_span.range()], r#""a""#);
}

proptest::proptest! {
    /// What follows an element is read from one chunk as it is token by token: the same answer, the
    /// same position after it and the same diagnostics, whatever the white space, commas, comments
    /// and brackets, and wherever the text ends.
    #[test]
    fn what_follows_an_element_is_read_at_once_as_token_by_token(
        bytes in proptest::collection::vec(proptest::sample::select(vec![
            b' ', b'\n', b'\t', b'\r', b',', b'/', b'*', b']', b'}', b'"', b'a', 0x0b,
        ]), 0..40),
        close in proptest::sample::select(vec![b']', b'}']),
    ) {
        let text = String::from_utf8(bytes).unwrap();
        let read = |at_once: bool| {
            let mut parser = Parser { text: &text, bytes: text.as_bytes(), pos: 0, diagnostics: Vec::new(), above_ascii: false };
            let next = if at_once {
                parser.after_element(close, "`,` or the end")
            } else {
                parser.after_element_token_by_token(close, "`,` or the end")
            };
            (next, parser.pos, parser.diagnostics)
        };
        proptest::prop_assert_eq!(read(true), read(false));
    }

    /// Sixteen and eight bytes at a time stop where a byte-by-byte scan stops, whatever surrounds the
    /// stop: the bytes next to `"`, `\\` and 0x20, their high-bit twins and the extremes.
    #[test]
    fn a_string_ends_where_a_byte_by_byte_scan_says(
        bytes in proptest::collection::vec(proptest::sample::select(vec![
            0x00u8, 0x01, 0x1f, 0x20, 0x21, b'"', 0x23, 0x5b, b'\\', 0x5d, b'a', 0x7f, 0x80, 0xa0, 0xa2, 0xdc, 0xff,
        ]), 0..40),
        plain in 0usize..24,
    ) {
        let mut text = vec![b'a'; plain];
        text.extend(bytes);
        let naive = text.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(text.len());
        let (len, above_ascii) = plain_len(&text);
        proptest::prop_assert_eq!(len, naive);
        proptest::prop_assert!(above_ascii || text[..naive].is_ascii());
    }

    /// A run of spaces counted in chunks and words is as long as counted one byte at a time, whether
    /// it ends inside a chunk, at its edge, in the last few bytes or at the end of the text.
    #[test]
    fn a_run_of_spaces_is_as_long_as_a_byte_by_byte_count(
        before in 0usize..20,
        spaces in 0usize..50,
        after in proptest::collection::vec(proptest::sample::select(vec![b' ', b'\t', b'\n', b'"', 0x00, 0x21, 0xa0]), 0..20),
    ) {
        let mut text = vec![b'x'; before];
        text.extend(std::iter::repeat_n(b' ', spaces));
        text.extend(after);
        let naive = text[before..].iter().take_while(|&&b| b == b' ').count();
        let counted = spaces_from(&text, before);
        // The last few bytes may be left to the caller, never more than a word's worth.
        proptest::prop_assert!(counted <= naive && naive - counted < 8 && (counted == naive || before + counted + 8 > text.len()));
    }
}

#[test]
fn indentation_of_any_width_keeps_spans_and_still_reports_what_follows_it() {
    // Indents shorter than, equal to and longer than blocks of eight and sixteen spaces, a tab after spaces and
    // a comment after a long indent.
    for width in [0, 3, 8, 11, 15, 16, 17, 21, 32, 40] {
        let pad = " ".repeat(width);
        let text = format!("{{\n{pad}\"a\": [\n{pad} \t\"x\"\n{pad}],\n{pad}// note\n{pad}\"b\": 1\n}}");
        let (node, diags) = parse(&text);
        let codes: Vec<_> = diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["json-comment"], "indent of {width}");
        assert_eq!(diags[0].line, Some(5), "indent of {width}");
        assert_eq!(diags[0].column, Some(width as u32 + 1), "indent of {width}");
        let node = node.unwrap();
        let members = node.as_object().unwrap();
        assert_eq!(
            &text[members[0].value.span.range()],
            format!("[\n{pad} \t\"x\"\n{pad}]")
        );
        assert_eq!(&text[members[1].key_span.range()], r#""b""#);
    }
}

#[test]
fn reports_and_survives_comments_trailing_commas_and_duplicates() {
    let text = "{\n // note\n \"a\": [1,],\n \"a\": 2,\n}";
    let (node, _) = parse(text);
    assert!(node.is_some());
    assert_eq!(
        codes(text),
        [
            "json-comment",
            "json-trailing-comma",
            "json-duplicate-key",
            "json-trailing-comma"
        ]
    );
}

#[test]
fn locates_syntax_errors() {
    let (_, diags) = parse("{\n  \"Effect\" \"Allow\"\n}");
    assert_eq!(diags[0].code, "json-syntax");
    assert_eq!((diags[0].line, diags[0].column), (Some(2), Some(12)));
    assert!(diags[0].message.contains("`:`"));
}

#[test]
fn rejects_deep_nesting_without_recursing_forever() {
    let text = "[".repeat(10_000);
    assert_eq!(codes(&text), ["json-too-deep"]);
}

#[test]
fn empty_and_trailing_content() {
    assert_eq!(codes("  \n"), ["json-empty"]);
    assert_eq!(codes("{} {}"), ["json-trailing-content"]);
}

#[test]
fn unescapes_strings() {
    let (node, _) = parse(r#""a\"b\u00e9\ud83d\ude00""#);
    assert_eq!(node.unwrap().value, Value::String("a\"bé😀".into()));
}

#[test]
fn clean_removes_comments_and_trailing_commas_only() {
    let text = "{\n  // c\n  \"a\": \"x, // y\", /* z */\n  \"b\": [1, 2,],\n}";
    let cleaned = clean(text);
    assert_eq!(
        cleaned,
        "{\n  \n  \"a\": \"x, // y\", \n  \"b\": [1, 2],\n}".replace(",\n}", "\n}")
    );
    assert!(parse(&cleaned).1.is_empty(), "{cleaned}");
}

fn pieces(alphabet: &'static [&'static str], max: usize) -> impl proptest::strategy::Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(alphabet), 0..max).prop_map(|p| p.concat())
}

const IN_STRINGS: &[&str] = &[
    "a",
    " ",
    "\"",
    "\\",
    "\\n",
    "\\u00e9",
    "\\u2",
    "/",
    "*",
    "\u{7f}",
    "\u{e9}",
    "\u{100}",
    "\u{201c}",
    "\u{1f600}",
    "\u{1}",
    "\t",
    "\n",
];
const BETWEEN: &[&str] = &[" ", "\t", "\n", "\r", "\u{a0}", "\u{1}", "//c\u{e9}\n", ","];

use proptest::strategy::Strategy as _;

proptest::proptest! {
    /// A text the reader calls plain ASCII is exactly that, so skipping the search for characters IAM
    /// refuses in it skips nothing: whatever the strings and the space between the tokens hold.
    #[test]
    fn a_text_read_as_plain_ascii_holds_nothing_iam_refuses(
        key in pieces(IN_STRINGS, 4),
        value in pieces(IN_STRINGS, 6),
        item in pieces(IN_STRINGS, 6),
        gap in pieces(BETWEEN, 3),
        after in pieces(BETWEEN, 2),
    ) {
        let text = format!("{{\"{key}\":{gap}\"{value}\",\"b\":[\"{item}\",{gap}1,true]}}{after}");
        if read(&text).plain_ascii {
            proptest::prop_assert!(text.is_ascii(), "{:?}", text);
            proptest::prop_assert!(crate::policy::invalid_character(&text, crate::policy::PolicyType::Identity).is_none());
        }
    }
}

#[test]
fn a_policy_in_ascii_reads_as_plain_and_one_with_other_characters_does_not() {
    let policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]\n}\n";
    assert!(read(policy).plain_ascii);
    for other in [
        "caf\u{e9}",
        "\u{201c}quoted\u{201d}",
        "an ARN that runs past eight bytes: \u{1f600}",
    ] {
        let text = policy.replace("Deny", other);
        assert!(!read(&text).plain_ascii, "{other}");
    }
    // Nothing to report is part of it: a comment may hold anything.
    assert!(!read(&format!("// note\n{policy}")).plain_ascii);
}
