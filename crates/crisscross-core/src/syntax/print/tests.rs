//! The printer's promise, checked on every policy of the corpus and on generated documents: minified and
//! pretty output mean exactly what the input means (keys in order, strings and numbers as written).

use std::path::Path;

use proptest::prelude::*;

use super::{minify, pretty};
use crate::policy::{PolicyType, parse_policy};
use crate::scenario::Scenario;
use crate::size::chars_without_whitespace;
use crate::syntax::json::{self, Node, Value};

/// A JSON tree without spans, for comparing what two texts mean.
#[derive(Debug, PartialEq)]
enum Plain {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Plain>),
    Object(Vec<(String, Plain)>),
}

fn plain(node: &Node) -> Plain {
    match &node.value {
        Value::Null => Plain::Null,
        Value::Bool(b) => Plain::Bool(*b),
        Value::Number(n) => Plain::Number(n.to_string()),
        Value::String(s) => Plain::String(s.to_string()),
        Value::Array(items) => Plain::Array(items.iter().map(plain).collect()),
        Value::Object(members) => Plain::Object(members.iter().map(|m| (m.key.to_string(), plain(&m.value))).collect()),
    }
}

fn tree(text: &str) -> Plain {
    let (node, diagnostics) = json::parse(text);
    assert!(diagnostics.is_empty(), "{text}: {diagnostics:?}");
    plain(&node.unwrap())
}

fn policy_codes(text: &str) -> Vec<String> {
    let mut codes: Vec<String> = parse_policy(text, PolicyType::Identity)
        .diagnostics
        .into_iter()
        .map(|d| d.code)
        .collect();
    codes.sort();
    codes
}

/// Checks everything minify and pretty promise for one valid document.
fn assert_round_trip(text: &str) {
    let minified = minify(text).unwrap();
    assert_eq!(tree(&minified), tree(text), "{text}");
    assert_eq!(minified.chars().count(), chars_without_whitespace(text), "{text}");
    assert_eq!(chars_without_whitespace(&minified), minified.chars().count());
    assert_eq!(minify(&minified).unwrap(), minified);
    assert_eq!(policy_codes(&minified), policy_codes(text), "{text}");
    let formatted = pretty(text).unwrap();
    assert_eq!(tree(&formatted), tree(text), "{text}");
    assert_eq!(pretty(&formatted).unwrap(), formatted);
    assert_eq!(minify(&formatted).unwrap(), minified);
}

fn scenario_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            scenario_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn minify_round_trips_every_valid_document_of_the_corpus() {
    let mut files = Vec::new();
    scenario_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus"),
        &mut files,
    );
    let (mut valid, mut refused) = (0, 0);
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let Ok(scenario) = Scenario::from_json(&text) else {
            continue;
        };
        for (at, input) in scenario.policy_refs() {
            let label = scenario.label(at);
            let document = input.document.text();
            if json::parse(document).1.is_empty() {
                assert_round_trip(document);
                valid += 1;
            } else {
                let errors = minify(document).unwrap_err();
                assert!(!errors.is_empty(), "{}: {label}", file.display());
                refused += 1;
            }
        }
    }
    assert!(valid > 300, "only {valid} documents");
    assert!(refused > 5, "the corpus has documents with JSON errors: {refused}");
}

/// A JSON value to render as text with arbitrary whitespace and escapes.
#[derive(Debug, Clone)]
enum Gen {
    Null,
    Bool(bool),
    Number(&'static str),
    Str(String),
    Array(Vec<Gen>),
    Object(Vec<(String, Gen)>),
}

const WHITESPACE: &[&str] = &["", "", " ", "\n", "\t", "\r\n", "  \n    "];

/// Renders a value, taking each free choice (whitespace, escape style) from `noise`.
struct Render<'a> {
    noise: &'a [u8],
    at: usize,
    out: String,
}

impl Render<'_> {
    fn pick(&mut self, n: usize) -> usize {
        let byte = self.noise.get(self.at % self.noise.len().max(1)).copied().unwrap_or(0);
        self.at += 1;
        usize::from(byte) % n
    }

    fn space(&mut self) {
        let ws = WHITESPACE[self.pick(WHITESPACE.len())];
        self.out.push_str(ws);
    }

    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            let escaped = self.pick(3) == 0;
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' if escaped => self.out.push_str("\\u000a"),
                '\n' => self.out.push_str("\\n"),
                '\t' => self.out.push_str("\\t"),
                '/' if escaped => self.out.push_str("\\/"),
                c if escaped || (c as u32) < 0x20 => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        self.out.push_str(&format!("\\u{unit:04X}"));
                    }
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn value(&mut self, value: &Gen) {
        match value {
            Gen::Null => self.out.push_str("null"),
            Gen::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Gen::Number(n) => self.out.push_str(n),
            Gen::Str(s) => self.string(s),
            Gen::Array(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.space();
                        self.out.push(',');
                    }
                    self.space();
                    self.value(item);
                }
                self.space();
                self.out.push(']');
            }
            Gen::Object(members) => {
                self.out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        self.space();
                        self.out.push(',');
                    }
                    self.space();
                    self.string(key);
                    self.space();
                    self.out.push(':');
                    self.space();
                    self.value(value);
                }
                self.space();
                self.out.push('}');
            }
        }
    }
}

fn text_strategy() -> impl Strategy<Value = String> {
    let chars = prop::sample::select(vec![
        'a', 'Z', '0', ' ', '"', '\\', '/', ':', '*', '$', '{', 'é', 'ÿ', '€', '😀', '\t', '\n', '\u{1}',
    ]);
    prop::collection::vec(chars, 0..8).prop_map(|c| c.into_iter().collect())
}

fn value_strategy() -> impl Strategy<Value = Gen> {
    let leaf = prop_oneof![
        Just(Gen::Null),
        any::<bool>().prop_map(Gen::Bool),
        prop::sample::select(vec!["0", "-1", "3.25", "1e3", "-0.5E-2", "2012"]).prop_map(Gen::Number),
        text_strategy().prop_map(Gen::Str),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Gen::Array),
            prop::collection::vec((text_strategy(), inner), 0..4).prop_map(|m| Gen::Object(unique_keys(m))),
        ]
    })
}

fn unique_keys(members: Vec<(String, Gen)>) -> Vec<(String, Gen)> {
    let mut seen = std::collections::BTreeSet::new();
    members.into_iter().filter(|(k, _)| seen.insert(k.clone())).collect()
}

/// Policy-shaped documents: `Version` and `Statement` with statement elements holding any values.
fn policy_strategy() -> impl Strategy<Value = Gen> {
    let element = prop::sample::select(vec!["Sid", "Effect", "Action", "NotAction", "Resource", "Condition"]);
    let statement = prop::collection::vec((element, value_strategy()), 0..5)
        .prop_map(|m| Gen::Object(unique_keys(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())));
    prop::collection::vec(statement, 0..4).prop_map(|statements| {
        Gen::Object(vec![
            ("Version".to_owned(), Gen::Str("2012-10-17".to_owned())),
            ("Statement".to_owned(), Gen::Array(statements)),
        ])
    })
}

proptest! {
    #[test]
    fn parse_of_minify_equals_parse(policy in policy_strategy(), noise in prop::collection::vec(any::<u8>(), 1..64)) {
        let mut render = Render { noise: &noise, at: 0, out: String::new() };
        render.space();
        render.value(&policy);
        render.space();
        assert_round_trip(&render.out);
    }
}
