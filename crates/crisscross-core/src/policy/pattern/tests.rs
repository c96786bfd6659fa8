//! The wildcard and variable patterns, tried on the cases AWS documents.

use super::*;

const GLOB: Syntax = Syntax {
    glob: true,
    variables: true,
    fold_case: false,
};

fn m(pattern: &str, text: &str) -> bool {
    Template::new(pattern, GLOB).matches(text, &Context::default())
}

fn r(pattern: &str, text: &str) -> bool {
    Template::arn_resource(pattern, true).matches(text, &Context::default())
}

#[test]
fn star_and_question_mark() {
    assert!(m("bedrock:Invoke*", "bedrock:InvokeModel"));
    assert!(m("bedrock:*Model*", "bedrock:InvokeModelWithResponseStream"));
    assert!(m("s3:Get?bject", "s3:GetObject"));
    assert!(!m("s3:Get?bject", "s3:GetObbject"));
    assert!(m("*", ""));
    assert!(m("a*b*c", "aXbYbZc"));
    assert!(!m("a*b*c", "aXbYbZ"));
    assert!(m("?", "é"));
}

#[test]
fn plain_text_and_a_final_star_compile_to_the_pieces_they_mean() {
    let action = |text: &str, glob: bool| {
        let syntax = Syntax {
            glob,
            variables: false,
            fold_case: true,
        };
        Template::new(text, syntax).pieces().to_vec()
    };
    let lit = |s: &str| Piece::Lit(s.to_owned());
    let star = Piece::Star { colon: true };
    // Actions compare without case: the text they keep to compare is lowercased, the text shown is not.
    assert_eq!(action("bedrock:InvokeModel", true), [lit("bedrock:invokemodel")]);
    assert_eq!(Template::new("bedrock:InvokeModel", GLOB).text, "bedrock:InvokeModel");
    assert_eq!(action("Bedrock:*", true), [lit("bedrock:"), star.clone()]);
    assert_eq!(action("*", true), [Piece::Star { colon: true }]);
    assert_eq!(action("", true), []);
    assert_eq!(action("ÉTÉ:Get", true), [lit("été:get")]);
    // Where `*` is not a wildcard it is text, last or not.
    assert_eq!(action("a*", false), [lit("a*")]);
    // A `*` or `?` before the end, or a variable, takes the general path.
    assert_eq!(action("a*b*", true), [lit("a"), star.clone(), lit("b"), star.clone()]);
    assert_eq!(action("a?*", true), [lit("a"), Piece::One { colon: true }, star]);
    assert!(matches!(
        Template::new("${aws:username}*", GLOB).pieces(),
        [Piece::Var(_), Piece::Star { .. }]
    ));
}

#[test]
fn escapes_are_literal_characters() {
    assert!(m("a${*}b", "a*b"));
    assert!(!m("a${*}b", "aXb"));
    assert!(m("a${?}${$}", "a?$"));
}

#[test]
fn variables_only_when_enabled() {
    let literal = Template::new(
        "${aws:username}",
        Syntax {
            variables: false,
            ..GLOB
        },
    );
    assert_eq!(literal.as_literal(), Some("${aws:username}"));
    let var = Template::new("home/${aws:username}/*", GLOB);
    assert!(var.has_variables());
    assert!(!var.matches("home/alice/x", &Context::default()));
    let ctx = Context::from_pairs([("aws:username", "alice")]);
    assert!(var.matches("home/alice/x", &ctx));
    let default = Template::new("${aws:PrincipalTag/team, 'shared'}", GLOB);
    assert!(default.matches("shared", &Context::default()));
}

#[test]
fn resource_stars_cross_colons_only_at_field_end() {
    assert!(r(
        "arn:aws:bedrock:*::foundation-model/*",
        "arn:aws:bedrock:us-east-1::foundation-model/m:0"
    ));
    assert!(r(
        "arn:aws:bedrock:*",
        "arn:aws:bedrock:us-east-1:1:inference-profile/x"
    ));
    assert!(!r("arn:aws:bedrock:us-*-1:1:x", "arn:aws:bedrock:us-east:9:z-1:1:x"));
    assert!(r("arn:aws:bedrock:us-*-1:1:x", "arn:aws:bedrock:us-east-1:1:x"));
    assert!(r(
        "arn:aws:s3:::bucket/*/test/*",
        "arn:aws:s3:::bucket/1/2/test/3/x.jpg"
    ));
    assert!(!r("arn:aws:s3:::bucket/*/test/*", "arn:aws:s3:::bucket/test/x.jpg"));
}

#[test]
fn an_arn_pattern_splits_into_its_six_fields_at_the_first_five_colons() {
    let fields = |p: &str| {
        split_arn(Template::new(p, GLOB).pieces())
            .map(|f| (0..6).map(|i| pieces_to_text(f.field(i))).collect::<Vec<_>>())
    };
    assert_eq!(
        fields("arn:aws:iam::1*:role/a:b?"),
        Some(["arn", "aws", "iam", "", "1*", "role/a:b?"].map(String::from).to_vec())
    );
    assert_eq!(
        fields("arn:*:s3:::*"),
        Some(["arn", "*", "s3", "", "", "*"].map(String::from).to_vec())
    );
    assert_eq!(fields("arn:aws:iam::1"), None);
}

#[test]
fn arn_like_is_per_field() {
    let value = "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0";
    let parts = crate::syntax::arn::split(value).expect("an ARN");
    let like = |p: &str| split_arn(Template::new(p, GLOB).pieces()).is_some_and(|f| arn_like(&f, &parts));
    assert!(like("arn:aws:bedrock:*:111122223333:inference-profile/*"));
    assert!(!like("arn:aws:bedrock:*:inference-profile/*"));
    assert!(m("arn:aws:bedrock:*:inference-profile/*", value));
}

/// Every word up to `len` characters over `alphabet`.
fn words(alphabet: &[char], len: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..len {
        last = last
            .iter()
            .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}

#[test]
fn the_backtracking_matcher_agrees_with_the_position_set_matcher() {
    // Two independent algorithms for the same language: with every wildcard allowed to cross `:`,
    // the position-set matcher is the definition the backtracking one must meet on every input.
    let texts = words(&['a', 'b', ':'], 5);
    for pattern in words(&['a', 'b', '*', '?'], 5) {
        let pieces = Template::new(&pattern, GLOB).pieces().to_vec();
        for text in &texts {
            assert_eq!(
                glob_greedy(&pieces, text),
                glob_restricted(&pieces, text),
                "pattern {pattern:?} on {text:?}"
            );
        }
    }
}

#[test]
fn a_literal_is_found_where_the_standard_library_finds_it() {
    let texts = ["", "a", "arn:aws:s3:::bucket/a/b", "aaab", "ééxé", "x-é-é", "abcabcabd"];
    let needles = ["", "a", "ab", "abd", "é", "é-", "xé", ":::", "/b", "zz", "abcabcabdx"];
    for text in texts {
        for needle in needles {
            assert_eq!(
                find_literal(text.as_bytes(), needle.as_bytes()),
                text.find(needle),
                "{needle:?} in {text:?}"
            );
        }
    }
}

#[test]
fn the_field_count_agrees_with_cutting_the_fields() {
    for pattern in [
        "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.*",
        "arn:aws:bedrock:*:*:foundation-model/*",
        "arn:*:bedrock:*::*",
        "arn:aws:s3:::bucket",
        "arn:aws:s3::bucket",
        "arn:aws:iam::*",
        "*:*:*:*:*",
        "*",
        "",
        "a:b:c:d:e:f:g",
    ] {
        let pieces = Template::new(pattern, GLOB).pieces().to_vec();
        assert_eq!(has_arn_fields(&pieces), split_arn(&pieces).is_some(), "{pattern}");
    }
}

#[test]
fn variable_syntax_is_found_exactly_where_the_two_bytes_are() {
    for text in words(&['$', '{', '}', 'a', 'é'], 4) {
        assert_eq!(holds_variable_syntax(&text), text.contains("${"), "{text:?}");
    }
}
