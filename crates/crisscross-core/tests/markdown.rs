//! The Markdown ticket as a reader sees it: rendered by a CommonMark renderer with GitHub's tables
//! (pulldown-cmark), for every corpus scenario with its fixes and a share link. What a reader copies out
//! of a code span must be the exact ARN, action or AccessDenied text; the link must be clickable.

use std::path::Path;

use crisscross_core::export::{SuggestedFix, Ticket};
use crisscross_core::fix::suggest;
use crisscross_core::report::report;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::scenario::Scenario;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

const LINK: &str = "https://example.test/crisscross/#v1.d.eJw_a-b*c";

/// What the renderer made of the ticket: the inline code spans, the links, the rendered text of the
/// verdict paragraph, and the Checks table's body rows.
#[derive(Default)]
struct Rendered {
    code: Vec<String>,
    links: Vec<String>,
    verdict: String,
    check_rows: Vec<Vec<String>>,
}

fn render(markdown: &str) -> Rendered {
    let mut out = Rendered::default();
    let mut paragraphs = 0;
    let mut in_paragraph = false;
    let mut tables = 0;
    let mut in_body = false;
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match &event {
            Event::Start(Tag::Paragraph) => {
                in_paragraph = true;
                paragraphs += 1;
            }
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            Event::Start(Tag::Table(_)) => tables += 1,
            Event::End(TagEnd::TableHead) => in_body = true,
            Event::End(TagEnd::Table) => in_body = false,
            Event::Start(Tag::TableRow) if in_body && tables == 2 => out.check_rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(text), Some(row)) = (cell.take(), out.check_rows.last_mut())
                    && in_body
                    && tables == 2
                {
                    row.push(text);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => out.links.push(dest_url.to_string()),
            Event::Code(text) => out.code.push(text.to_string()),
            _ => {}
        }
        if let Event::Text(text) | Event::Code(text) = &event {
            if in_paragraph && paragraphs == 1 {
                out.verdict.push_str(text);
            }
            if let Some(cell) = cell.as_mut() {
                cell.push_str(text);
            }
        }
    }
    out
}

fn corpus_files() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/cris");
    let mut files: Vec<_> = std::fs::read_dir(root)
        .expect("the corpus exists")
        .map(|e| e.expect("a corpus entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_ticket_renders_what_a_reader_copies() {
    let catalog = Catalog::builtin();
    let mut checked = 0;
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).expect("readable");
        let Ok(scenario) = Scenario::from_json(&text) else {
            continue;
        };
        let report = report(&scenario, catalog);
        let fixes: Vec<SuggestedFix> = suggest(&scenario, catalog).iter().map(SuggestedFix::from).collect();
        let markdown = Ticket {
            link: Some(LINK),
            fixes: &fixes,
            ..Ticket::new(&scenario, &report)
        }
        .markdown();
        let rendered = render(&markdown);
        let name = path.display();

        assert_eq!(
            rendered.links,
            [LINK],
            "{name}: the share link is one clickable link\n{markdown}"
        );
        assert!(
            rendered.code.contains(&scenario.principal),
            "{name}: the principal is copyable\n{markdown}"
        );
        assert_eq!(
            rendered.verdict,
            report.verdict.replace('`', ""),
            "{name}: the verdict reads as written\n{markdown}"
        );
        assert_eq!(
            rendered.check_rows.len(),
            report.hops.len(),
            "{name}: one row per check\n{markdown}"
        );
        for (row, hop) in rendered.check_rows.iter().zip(&report.hops) {
            assert_eq!(row.len(), 7, "{name}: every cell of the row is its own\n{markdown}");
            assert_eq!(row[4], hop.action, "{name}\n{markdown}");
            assert_eq!(row[5], hop.resource, "{name}: the ARN is copied exactly\n{markdown}");
            if let Some(message) = &hop.message {
                assert!(
                    rendered.code.contains(message),
                    "{name}: the AccessDenied text is exact\n{markdown}"
                );
            }
        }
        for fix in &fixes {
            for quoted in fix.title.split('`').skip(1).step_by(2) {
                assert!(
                    rendered.code.iter().any(|c| c == quoted),
                    "{name}: the fix title's {quoted:?} is copyable\n{markdown}"
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} corpus scenarios rendered");
}
