use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::link;
use super::markdown::{answers, handout};
use super::score::{SlideAnswers, score};
use super::*;
use crate::expect;
use crate::route::catalog::Catalog;
use crate::scenario::Document;

const SHIPPED: &str = include_str!("../../../../web/decks/intro.json");

/// The smallest deck: one slide, two hops.
const SMALL: &str = r#"{
  "format": "crisscross-deck/1",
  "title": "Small",
  "slides": [{
    "title": "One",
    "question": "Does it pass?",
    "scenario": {
      "version": 1,
      "principal": "arn:aws:iam::111122223333:role/App",
      "identityPolicies": [{"name": "P", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}],
      "request": {"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "region": "us-east-1"},
      "expect": {"hops": [{"kind": "request", "region": "us-east-1", "decision": "Allow"}]}
    }
  }]
}"#;

fn shipped() -> Deck {
    Deck::from_json(SHIPPED).unwrap()
}

fn corpus(name: &str) -> Scenario {
    let path = format!("{}/../../tests/corpus/cris/{name}.json", env!("CARGO_MANIFEST_DIR"));
    Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_shipped_deck_is_the_corpus_and_its_answers_hold() {
    let deck = shipped();
    let sources = [
        "control-tower-us-east-1-us-profile-denied",
        "control-tower-us-east-1-global-profile-denied",
        "eu-landing-zone-nova-pro-eu-central-1-denied",
        "eu-landing-zone-nova-pro-eu-central-1-fixed-allowed",
        "identity-geo-cris-published-empty-account-denied",
    ];
    assert_eq!(deck.slides.len(), sources.len());
    for (slide, name) in deck.slides.iter().zip(sources) {
        // Only the description differs: the deck's cite public AWS pages.
        let mut from_corpus = corpus(name);
        from_corpus.description.clone_from(&slide.scenario.description);
        let same_text = |s: &Scenario| {
            let mut s = s.clone();
            for p in s
                .scps
                .iter_mut()
                .flatten()
                .flat_map(|l| l.policies.iter_mut())
                .chain(&mut s.identity_policies)
            {
                p.document = Document::Text(crate::size::minify(p.document.text()).unwrap().into());
            }
            s
        };
        assert_eq!(same_text(&slide.scenario), same_text(&from_corpus), "{name}");
        let problems = expect::check(&slide.scenario, Catalog::builtin());
        assert!(problems.is_empty(), "{name}: {problems:?}");
        assert!(
            slide
                .explanation
                .as_deref()
                .unwrap()
                .contains("https://docs.aws.amazon.com/"),
            "{name}"
        );
    }
    let text = SHIPPED.to_lowercase();
    assert!(
        !text.contains("cris.md") && !text.contains('\u{a7}'),
        "the deck cites internal notes"
    );
}

#[test]
fn a_small_deck_reads_and_round_trips() {
    let deck = Deck::from_json(SMALL).unwrap();
    assert_eq!(deck.slides[0].expected().len(), 1);
    assert_eq!(
        hop_label(0, &deck.slides[0].expected()[0]),
        "Hop 1: request in us-east-1"
    );
    assert_eq!(Deck::from_json(&deck.to_json_pretty()).unwrap(), deck);
}

#[test]
fn bad_json_is_located() {
    let bad = SMALL.replace(r#""title": "One","#, r#""title": "One""#);
    let d = Deck::from_json(&bad).unwrap_err();
    assert_eq!(d.code, "deck-syntax");
    assert_eq!((d.line, d.column), (Some(6), Some(5)), "{d:?}");
}

#[test]
fn unknown_fields_are_located() {
    let bad = SMALL.replace(r#""question""#, r#""quesiton""#);
    let d = Deck::from_json(&bad).unwrap_err();
    assert_eq!(d.code, "deck-field");
    assert_eq!(d.line, Some(6));
    assert!(d.message.contains("quesiton"), "{}", d.message);
}

#[test]
fn formats_are_named_at_their_place() {
    let newer = SMALL.replace("crisscross-deck/1", "crisscross-deck/2");
    let d = Deck::from_json(&newer).unwrap_err();
    assert_eq!((d.code.as_str(), d.line, d.column), ("deck-format", Some(2), Some(13)));
    assert!(d.message.contains("newer"), "{}", d.message);

    let old = SMALL.replace("crisscross-deck/1", "crisscross-deck/0");
    let d = Deck::from_json(&old).unwrap_err();
    assert!(
        d.message.contains("unknown deck format `crisscross-deck/0`"),
        "{}",
        d.message
    );
    assert!(d.help.unwrap().contains("crisscross-deck/1"));

    let number = SMALL.replace("\"crisscross-deck/1\"", "1");
    assert!(Deck::from_json(&number).unwrap_err().message.contains("a number"));

    let missing = SMALL.replace("\"format\": \"crisscross-deck/1\",", "");
    let d = Deck::from_json(&missing).unwrap_err();
    assert_eq!((d.code.as_str(), d.line, d.column), ("deck-format", Some(1), Some(1)));

    let scenario = corpus("control-tower-us-east-1-us-profile-denied").to_json();
    assert!(
        Deck::from_json(&scenario)
            .unwrap_err()
            .message
            .contains("scenario file, not a deck")
    );
}

#[test]
fn slides_need_a_whole_answer() {
    let no_region = SMALL.replace(r#""region": "us-east-1", "decision""#, r#""decision""#);
    let d = Deck::from_json(&no_region).unwrap_err();
    assert_eq!((d.code.as_str(), d.line), ("deck-slide", Some(12)));
    assert!(d.message.contains("slide 1: hop 1"), "{}", d.message);

    let version = SMALL.replace(r#""version": 1"#, r#""version": 2"#);
    let d = Deck::from_json(&version).unwrap_err();
    assert_eq!((d.code.as_str(), d.line, d.column), ("deck-slide", Some(8), Some(18)));

    let empty = r#"{"format": "crisscross-deck/1", "title": "T", "slides": []}"#;
    assert_eq!(Deck::from_json(empty).unwrap_err().code, "deck-field");
}

fn predicted(deck: &Deck, slide: usize, right: usize) -> SlideAnswers {
    let mut answers = SlideAnswers::default();
    for (i, hop) in deck.slides[slide].expected().iter().enumerate() {
        let guess = if i < right {
            hop.decision
        } else {
            Some(Decision::ImplicitDeny)
        };
        answers.predict(i, guess);
    }
    answers
}

#[test]
fn only_revealed_slides_are_scored() {
    let deck = shipped();
    let mut first = predicted(&deck, 0, 2);
    let second = predicted(&deck, 1, 3);
    let result = score(&deck, &[first.clone(), second.clone()]);
    assert_eq!((result.right(), result.scored()), (0, 0));
    assert_eq!(result.hops(), 4 + 3 + 5 + 5 + 4);

    first.revealed = true;
    let result = score(&deck, &[first, second]);
    // The first slide's hops are Allow, Allow, ExplicitDeny, ExplicitDeny: the first two guesses are
    // right, the other two say ImplicitDeny.
    assert_eq!((result.right(), result.scored(), result.revealed_slides()), (2, 4, 1));
    assert!(result.slides[0].hops[0].right() && !result.slides[0].hops[3].right());
}

#[test]
fn a_prediction_can_be_taken_back() {
    let mut answers = SlideAnswers::default();
    answers.predict(2, Some(Decision::Allow));
    assert_eq!(answers.predictions, [None, None, Some(Decision::Allow)]);
    answers.predict(2, None);
    assert_eq!(answers.prediction(2), None);
}

/// The text of every code span and code block, the text of every table cell, and every link target, as a
/// CommonMark renderer with GitHub tables reads them.
#[derive(Default)]
struct Rendered {
    code: Vec<String>,
    cells: Vec<String>,
    links: Vec<String>,
    text: String,
}

fn render(markdown: &str) -> Rendered {
    let mut out = Rendered::default();
    let (mut in_block, mut in_cell) = (false, false);
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_block = true;
                out.code.push(String::new());
            }
            Event::End(TagEnd::CodeBlock) => in_block = false,
            Event::Start(Tag::TableCell) => {
                in_cell = true;
                out.cells.push(String::new());
            }
            Event::End(TagEnd::TableCell) => in_cell = false,
            Event::Start(Tag::Link { dest_url, .. }) => out.links.push(dest_url.to_string()),
            Event::Code(code) => {
                out.code.push(code.to_string());
                out.text.push_str(&code);
            }
            Event::Text(text) => {
                if in_block {
                    out.code.last_mut().unwrap().push_str(&text);
                } else if in_cell {
                    out.cells.last_mut().unwrap().push_str(&text);
                }
                out.text.push_str(&text);
            }
            _ => {}
        }
    }
    out
}

#[test]
fn the_handout_renders_policies_arns_and_links_exactly() {
    let deck = shipped();
    let markdown = handout(&deck);
    let rendered = render(&markdown);
    for slide in &deck.slides {
        assert!(rendered.text.contains(&slide.question), "{}", slide.question);
        for (_, policy) in slide.scenario.policy_refs() {
            let body = policy.document.text().trim_end();
            assert!(
                rendered.code.iter().any(|c| c.trim_end() == body),
                "{} is not in a code block as written",
                policy.name
            );
        }
        assert!(rendered.code.contains(&slide.scenario.principal));
        assert!(rendered.code.contains(slide.scenario.request.profile.as_ref().unwrap()));
    }
    assert!(
        rendered
            .cells
            .contains(&"Hop 3: model in destination in us-east-2".to_owned())
    );
    assert!(rendered.cells.contains(&"Explicit deny".to_owned()));
    assert!(
        rendered
            .links
            .contains(&"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion".to_owned()),
        "{:?}",
        rendered.links
    );
    assert!(!rendered.text.contains('\\'), "an escape shows in the rendered text");
}

#[test]
fn deck_text_cannot_break_the_markdown() {
    let mut deck = Deck::from_json(SMALL).unwrap();
    deck.title = "# *not* a | heading".into();
    deck.slides[0].question = "1. is `this` <b>bold</b> & [linked](x)? | no".into();
    deck.slides[0].scenario.principal = "arn:aws:iam::111122223333:role/A`B|C".into();
    let rendered = render(&handout(&deck));
    assert!(rendered.text.contains("# *not* a | heading"), "{}", rendered.text);
    assert!(
        rendered.text.contains("1. is `this` <b>bold</b> & [linked](x)? | no"),
        "{}",
        rendered.text
    );
    assert!(
        rendered
            .code
            .contains(&"arn:aws:iam::111122223333:role/A`B|C".to_owned())
    );
    assert!(rendered.links.is_empty());
}

#[test]
fn answers_show_the_score_and_every_prediction() {
    let deck = shipped();
    let mut first = predicted(&deck, 0, 3);
    first.revealed = true;
    let mut second = SlideAnswers::default();
    second.predict(0, Some(Decision::Allow));
    let markdown = answers(&deck, &[first, second]);
    let rendered = render(&markdown);
    assert!(
        rendered
            .text
            .contains("Score: 3 of 4 predictions right, on 1 of 5 slides revealed."),
        "{markdown}"
    );
    assert!(rendered.cells.contains(&"\u{2713} right".to_owned()));
    assert!(rendered.cells.contains(&"\u{2715} wrong".to_owned()));
    assert!(rendered.text.contains("The answer was not revealed."));
    // An unrevealed slide shows the predictions without the answers.
    let second_slide = markdown.split("## 2.").nth(1).unwrap().split("## 3.").next().unwrap();
    assert!(
        second_slide.contains("| Hop 1: inference profile in us-east-1 | Allow |\n"),
        "{second_slide}"
    );
    assert!(!second_slide.contains("Explicit deny"), "{second_slide}");
}

#[test]
fn links_carry_small_decks() {
    let deck = shipped();
    let fragment = link::encode(&deck).unwrap();
    assert!(fragment.starts_with("#deck.v1.d."));
    assert!(fragment.len() < link::MAX_LINK_CHARS);
    assert!(link::is_deck_link(&format!(
        "https://example.test/?x#{}",
        &fragment[1..]
    )));
    assert!(!link::is_deck_link("https://example.test/#v1.d.abc"));
    assert_eq!(link::decode(&format!("https://example.test/{fragment}")).unwrap(), deck);

    let cut = &fragment[..fragment.len() - 10];
    assert_eq!(link::decode(cut).unwrap_err().code, "link-truncated");
    let scenario = corpus("control-tower-us-east-1-us-profile-denied");
    let scenario_link = crate::share::encode(&scenario, crate::share::EncodeOptions::default()).unwrap();
    assert_eq!(
        link::decode(&scenario_link.fragment).unwrap_err().code,
        "link-not-a-link"
    );
    assert_eq!(link::decode("#deck.v2.d.abcd").unwrap_err().code, "link-version");
}
