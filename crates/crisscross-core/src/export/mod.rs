//! Ticket exports: a scenario's verdict as Markdown or plain text to paste into an issue tracker.
//!
//! The text is deterministic (no dates or clocks, every list in report order), so two people exporting
//! the same scenario produce identical text, and it carries the catalog date, the scenario ID and the
//! share link so a reader can reopen exactly the same state.

use crate::evaluate::Decision;
use crate::fix::Fix;
use crate::report::explain::StatementInfo;
use crate::report::{HopReport, Report};
use crate::route::catalog::Catalog;
use crate::scenario::Layer;
use crate::scenario::Scenario;
use crate::share::scenario_id;

pub(crate) mod markdown;

use markdown::{cell, code, escape_inline, fence_for, link};

/// A suggested edit, shown as a diff in the export's fix section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestedFix {
    /// What the edit does.
    pub title: String,
    /// Why it works and what else it changes; may be empty.
    pub explanation: String,
    /// A unified diff of the policy text.
    pub diff: String,
}

impl From<&Fix> for SuggestedFix {
    fn from(fix: &Fix) -> Self {
        let outcome = if fix.resolves {
            "With this edit alone the call is allowed.".to_owned()
        } else {
            format!(
                "With this edit alone {} check(s) are still denied.",
                fix.remaining_denied
            )
        };
        Self {
            title: format!("{} ({})", fix.title, fix.policy_label),
            explanation: format!("{} {outcome}", fix.explanation),
            diff: fix.diff.clone(),
        }
    }
}

/// Everything a ticket export shows.
#[derive(Debug, Clone, Copy)]
pub struct Ticket<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its report, from [`crate::report::report`].
    pub report: &'a Report,
    /// The as-of date of the catalog the report was computed with.
    pub catalog_as_of: &'a str,
    /// The share link, when there is one.
    pub link: Option<&'a str>,
    /// Suggested fixes, best first; the section says so when there are none.
    pub fixes: &'a [SuggestedFix],
    /// Why no fix is suggested, from [`crate::fix::no_fix_reason`].
    pub no_fix_reason: Option<&'a str>,
}

/// A deciding statement and the hops it decided.
struct Decider<'a> {
    info: &'a StatementInfo,
    hops: Vec<String>,
    text: Option<String>,
}

impl<'a> Ticket<'a> {
    /// A ticket for a report computed with the built-in catalog, without link or fixes.
    #[must_use]
    pub fn new(scenario: &'a Scenario, report: &'a Report) -> Self {
        Self {
            scenario,
            report,
            catalog_as_of: &Catalog::builtin().as_of,
            link: None,
            fixes: &[],
            no_fix_reason: None,
        }
    }

    /// The ticket as GitHub-flavoured Markdown.
    #[must_use]
    pub fn markdown(&self) -> String {
        self.markdown_with_id(&scenario_id(self.scenario))
    }

    /// The ticket as plain text, for trackers that do not render Markdown.
    #[must_use]
    pub fn plain(&self) -> String {
        self.plain_with_id(&scenario_id(self.scenario))
    }

    /// [`Self::markdown`] and [`Self::plain`], serialising and hashing the scenario for its ID once
    /// rather than once per form: both run over every policy of an organization.
    #[must_use]
    pub fn markdown_and_plain(&self) -> (String, String) {
        self.markdown_and_plain_with_id(&scenario_id(self.scenario))
    }

    /// [`Self::markdown_and_plain`] for a caller that has the scenario's [`scenario_id`] already, such as
    /// the `id` of a link [`encode`](crate::share::encode)d without minifying: the share panel writes
    /// both, and the ID is a serialisation and a SHA-256 of every policy.
    #[must_use]
    pub fn markdown_and_plain_with_id(&self, id: &str) -> (String, String) {
        debug_assert_eq!(id, scenario_id(self.scenario), "the ID of another scenario");
        (self.markdown_with_id(id), self.plain_with_id(id))
    }

    fn markdown_with_id(&self, id: &str) -> String {
        let mut out = String::new();
        let mut line = |s: &str| {
            out.push_str(s);
            out.push('\n');
        };
        line(&format!("## crisscross: {}", self.headline()));
        line("");
        line(&format!("**{}**", escape_inline(&self.report.verdict)));
        if let Some(description) = &self.scenario.description {
            line("");
            line(&format!("> {}", escape_inline(description)));
        }
        line("");
        line("| | |");
        line("|---|---|");
        for (label, value, kind) in self.facts(id) {
            let value = match kind {
                Fact::Text => escape_inline(&value),
                Fact::Code => code(&value),
                Fact::Link => link(&value),
            };
            line(&format!("| {label} | {} |", cell(&value)));
        }
        if !self.report.hops.is_empty() {
            line("");
            line("### Checks");
            line("");
            line("| # | hop | region | decision | action | resource | decided by |");
            line("|---|---|---|---|---|---|---|");
            for (i, hop) in self.report.hops.iter().enumerate() {
                line(&format!(
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    i + 1,
                    hop.kind.as_str(),
                    cell(&hop.region),
                    decision_name(hop.decision),
                    cell(&code(&hop.action)),
                    cell(&code(&hop.resource)),
                    cell(&escape_inline(&decided_by(hop)))
                ));
            }
            let denials: Vec<String> = self
                .report
                .hops
                .iter()
                .enumerate()
                .filter_map(|(i, hop)| {
                    let message = hop.message.as_ref()?;
                    Some(format!("- check {} ({}): {}", i + 1, cell(&hop.region), code(message)))
                })
                .collect();
            if !denials.is_empty() {
                line("");
                line("AccessDenied messages AWS would return:");
                line("");
                for d in &denials {
                    line(d);
                }
            }
        }
        if !self.report.hops.is_empty() {
            line("");
            line("### What the verdict rests on");
            line("");
            for rest in self.rests_on() {
                line(&format!("- {}", escape_inline(&rest)));
            }
        }
        let deciders = self.deciders();
        if !deciders.is_empty() {
            line("");
            line("### Deciding statements");
            for d in &deciders {
                line("");
                line(&format!("#### {}", escape_inline(&d.info.label)));
                line("");
                line(&format!("Decides {}.", d.hops.join(", ")));
                if let Some(text) = &d.text {
                    line("");
                    let fence = fence_for(text);
                    line(&format!("{fence}json"));
                    line(text);
                    line(&fence);
                }
            }
        }
        line("");
        line("### Suggested fix");
        line("");
        if self.fixes.is_empty() {
            line(&escape_inline(&self.no_fix_text()));
        }
        for (i, fix) in self.fixes.iter().enumerate() {
            if i > 0 {
                line("");
            }
            line(&format!("**{}. {}**", i + 1, escape_inline(&fix.title)));
            line("");
            if !fix.explanation.is_empty() {
                line(&escape_inline(&fix.explanation));
                line("");
            }
            let fence = fence_for(&fix.diff);
            line(&format!("{fence}diff"));
            line(fix.diff.trim_end_matches('\n'));
            line(&fence);
        }
        if !self.report.diagnostics.is_empty() {
            line("");
            line("### Diagnostics");
            line("");
            for d in &self.report.diagnostics {
                line(&format!("- {}", escape_inline(&self.diagnostic_line(d))));
            }
        }
        line("");
        line("---");
        line(&format!("_{}_", self.footer(id)));
        out
    }

    /// What each check's decision rests on that the scenario does not give, one line per key and check,
    /// or one line saying it rests on nothing open.
    fn rests_on(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for (i, hop) in self.report.hops.iter().enumerate() {
            for d in &hop.depends_on {
                let flips: Vec<String> = d
                    .flips
                    .iter()
                    .map(|f| format!("{} if {}", decision_name(f.decision), f.when))
                    .collect();
                lines.push(format!(
                    "check {} ({}): `{}` is not given ({}); {}",
                    i + 1,
                    hop.region,
                    d.key,
                    d.availability,
                    flips.join("; ")
                ));
            }
            for u in &hop.unresolved_variables {
                lines.push(format!(
                    "check {} ({}): `{}` has no value in the {}",
                    i + 1,
                    hop.region,
                    u.variable,
                    u.statement.label
                ));
            }
        }
        if lines.is_empty() {
            lines.push("Every check rests only on what the scenario gives and the values AWS sets itself.".to_owned());
        }
        lines
    }

    /// A diagnostic with the policy it is in.
    fn diagnostic_line(&self, d: &crate::diagnostic::Diagnostic) -> String {
        let text = d.to_string().replace('\n', " ");
        match d.policy {
            Some(at) => format!("{}: {text}", self.scenario.label(at)),
            None => text,
        }
    }

    fn plain_with_id(&self, id: &str) -> String {
        let mut out = String::new();
        let mut line = |s: &str| {
            out.push_str(s.trim_end());
            out.push('\n');
        };
        line(&format!("crisscross: {}", self.headline()));
        line(&self.report.verdict);
        if let Some(description) = &self.scenario.description {
            line("");
            line(description);
        }
        line("");
        let facts = self.facts(id);
        let width = facts.iter().map(|(l, _, _)| l.chars().count()).max().unwrap_or(0) + 1;
        for (label, value, _) in &facts {
            line(&format!("{:<width$} {value}", format!("{label}:")));
        }
        if !self.report.hops.is_empty() {
            line("");
            line("CHECKS");
            let header = ["#", "hop", "region", "decision", "action", "decided by"].map(str::to_owned);
            let rows: Vec<[String; 6]> = self
                .report
                .hops
                .iter()
                .enumerate()
                .map(|(i, hop)| {
                    [
                        (i + 1).to_string(),
                        hop.kind.as_str().to_owned(),
                        hop.region.clone(),
                        decision_name(hop.decision).to_owned(),
                        hop.action.clone(),
                        decided_by(hop),
                    ]
                })
                .collect();
            let widths: Vec<usize> = (0..header.len())
                .map(|c| {
                    std::iter::once(&header)
                        .chain(&rows)
                        .map(|r| r.get(c).map_or(0, |cell| cell.chars().count()))
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let render = |row: &[String; 6]| {
                let cells: Vec<String> = row.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
                format!("  {}", cells.join("  "))
            };
            let indent = " ".repeat(2 + widths.first().copied().unwrap_or(0) + 2);
            line(&render(&header));
            for (row, hop) in rows.iter().zip(&self.report.hops) {
                line(&render(row));
                line(&format!("{indent}resource: {}", hop.resource));
                if let Some(message) = &hop.message {
                    line(&format!("{indent}AccessDenied: {message}"));
                }
            }
        }
        if !self.report.hops.is_empty() {
            line("");
            line("WHAT THE VERDICT RESTS ON");
            for rest in self.rests_on() {
                line(&format!("  {rest}"));
            }
        }
        let deciders = self.deciders();
        if !deciders.is_empty() {
            line("");
            line("DECIDING STATEMENTS");
            for d in &deciders {
                line("");
                line(&format!("  {}: decides {}", d.info.label, d.hops.join(", ")));
                for text_line in d.text.iter().flat_map(|t| t.lines()) {
                    line(&format!("    {text_line}"));
                }
            }
        }
        line("");
        line("SUGGESTED FIX");
        if self.fixes.is_empty() {
            line(&format!("  {}", self.no_fix_text()));
        }
        for (i, fix) in self.fixes.iter().enumerate() {
            line("");
            line(&format!("  {}. {}", i + 1, fix.title));
            if !fix.explanation.is_empty() {
                line(&format!("     {}", fix.explanation));
            }
            for diff_line in fix.diff.lines() {
                line(&format!("    {diff_line}"));
            }
        }
        if !self.report.diagnostics.is_empty() {
            line("");
            line("DIAGNOSTICS");
            for d in &self.report.diagnostics {
                line(&format!("  {}", self.diagnostic_line(d)));
            }
        }
        line("");
        line("--");
        line(&self.footer(id));
        out
    }

    fn headline(&self) -> String {
        let outcome = self.report.decision.map_or("not evaluated", decision_name);
        format!("{outcome} for {}", self.call())
    }

    /// The call in words, from the request as written.
    fn call(&self) -> String {
        let r = &self.scenario.request;
        match (&r.profile, &r.action) {
            (Some(profile), _) => format!(
                "{} with {profile} from {}",
                r.api.as_deref().unwrap_or("InvokeModel"),
                r.source_region.as_deref().unwrap_or("?")
            ),
            (None, Some(action)) => format!(
                "{action} on {} in {}",
                r.resource.as_deref().unwrap_or("?"),
                r.region.as_deref().unwrap_or("?")
            ),
            (None, None) => "an incomplete request".to_owned(),
        }
    }

    /// Label, value, and how Markdown shows the value.
    fn facts(&self, id: &str) -> Vec<(&'static str, String, Fact)> {
        let mut facts = vec![
            ("principal", self.scenario.principal.clone(), Fact::Code),
            ("call", self.call(), Fact::Text),
        ];
        if let Some(route) = &self.report.route {
            let destinations = if route.global {
                "any commercial Region".to_owned()
            } else {
                route.destinations.join(", ")
            };
            facts.push((
                "route",
                format!("from {} to {destinations} ({})", route.source_region, route.provenance),
                Fact::Text,
            ));
        }
        if let Some(layer) = self.report.blocked_by {
            facts.push(("blocked by", layer_name(layer).to_owned(), Fact::Text));
        }
        facts.push(("catalog", format!("as of {}", self.catalog_as_of), Fact::Text));
        facts.push(("scenario ID", id.to_owned(), Fact::Code));
        if let Some(link) = self.link {
            facts.push(("link", link.to_owned(), Fact::Link));
        }
        facts
    }

    /// The statements that decided the call: for a denied call those of the denied checks, for an allowed
    /// call every allowing statement; each once, in order of first appearance.
    fn deciders(&self) -> Vec<Decider<'_>> {
        let denied = self.report.decision.is_some_and(|d| !d.is_allow());
        let mut out: Vec<Decider<'_>> = Vec::new();
        for (i, hop) in self.report.hops.iter().enumerate() {
            if denied && hop.decision.is_allow() {
                continue;
            }
            let what = format!("check {} ({} in {})", i + 1, hop.kind.as_str(), hop.region);
            for info in &hop.decided_by {
                match out.iter_mut().find(|d| d.info.at == info.at) {
                    Some(d) => d.hops.push(what.clone()),
                    None => out.push(Decider {
                        info,
                        hops: vec![what.clone()],
                        text: statement_text(self.scenario, info),
                    }),
                }
            }
        }
        out
    }

    fn no_fix_text(&self) -> String {
        match (self.report.decision, self.no_fix_reason) {
            (Some(Decision::Allow), _) => "None needed: the call is allowed.".to_owned(),
            (Some(_), Some(reason)) => reason.to_owned(),
            (Some(_), None) => "No fix was suggested for this call.".to_owned(),
            (None, _) => "Fix the diagnostics below first.".to_owned(),
        }
    }

    fn footer(&self, id: &str) -> String {
        format!(
            "crisscross {} · catalog as of {} · scenario {id}",
            env!("CARGO_PKG_VERSION"),
            self.catalog_as_of,
        )
    }
}

/// How a fact's value is written in Markdown.
#[derive(Clone, Copy)]
enum Fact {
    Text,
    /// Literal text a reader copies: an ARN, an ID.
    Code,
    Link,
}

fn decision_name(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "Allow",
        Decision::ExplicitDeny => "ExplicitDeny",
        Decision::ImplicitDeny => "ImplicitDeny",
    }
}

fn layer_name(layer: Layer) -> &'static str {
    match layer {
        Layer::Scp => "SCP",
        Layer::Identity => "identity policy",
        Layer::Boundary => "permissions boundary",
        Layer::Session => "session policy",
    }
}

/// The first deciding statement, and how many more there are; for a check nothing allows, the layer.
fn decided_by(hop: &HopReport) -> String {
    match hop.decided_by.as_slice() {
        [] => hop
            .blocked_by
            .map(|l| format!("no {} allows it", l.aws_name()))
            .unwrap_or_default(),
        [one] => one.label.clone(),
        [first, rest @ ..] => format!("{} (and {} more)", first.label, rest.len()),
    }
}

/// The statement's text as written, with the indentation of its first line removed from every line so
/// a statement from the middle of a pretty-printed document reads flush left.
fn statement_text(scenario: &Scenario, info: &StatementInfo) -> Option<String> {
    let text = scenario.policy(info.at.policy)?.document.text();
    let start = info.span.start as usize;
    let body = text.get(info.span.range())?;
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let lead = text.get(line_start..start)?;
    let indent = if lead.chars().all(char::is_whitespace) {
        lead
    } else {
        ""
    };
    let lines: Vec<&str> = body
        .lines()
        .map(|l| l.strip_prefix(indent).unwrap_or(l).trim_end())
        .collect();
    Some(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::report;

    fn corpus(name: &str) -> Scenario {
        let path = format!("{}/../../tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
        Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    const CONTROL_TOWER: &str = "cris/control-tower-us-east-1-us-profile-denied.json";

    #[test]
    fn both_forms_at_once_are_each_form() {
        let scenario = corpus(CONTROL_TOWER);
        let report = report(&scenario, Catalog::builtin());
        let ticket = Ticket::new(&scenario, &report);
        assert_eq!(ticket.markdown_and_plain(), (ticket.markdown(), ticket.plain()));
        let encoded = crate::share::encode(&scenario, crate::share::EncodeOptions { minify: false }).unwrap();
        assert_eq!(
            ticket.markdown_and_plain_with_id(&encoded.id),
            ticket.markdown_and_plain()
        );
    }

    #[test]
    fn markdown_names_verdict_hops_statements_and_ids() {
        let scenario = corpus(CONTROL_TOWER);
        let report = report(&scenario, Catalog::builtin());
        let fixes = [SuggestedFix {
            title: "Exempt the profile".into(),
            explanation: String::new(),
            diff: "--- before\n+++ after\n@@ -1 +1 @@\n-a\n+b\n".into(),
        }];
        let ticket = Ticket {
            link: Some("https://example.test/#v1.d.abc"),
            fixes: &fixes,
            ..Ticket::new(&scenario, &report)
        };
        let md = ticket.markdown();
        let id = scenario_id(&scenario);
        for needle in [
            "## crisscross: ExplicitDeny for Converse with us.anthropic.claude-sonnet-4-5-20250929-v1:0 from us-east-1",
            "| 3 | destination-model | us-east-2 | ExplicitDeny | `bedrock:InvokeModel` |",
            "#### SCP `aws-guardrails-GRREGIONDENY` (ou-workloads), statement 0 `GRREGIONDENY`",
            "Decides check 3 (destination-model in us-east-2), check 4 (destination-model in us-west-2).",
            "```json\n{\n  \"Sid\": \"GRREGIONDENY\",",
            "with an explicit deny in a service control policy`",
            "**1. Exempt the profile**\n\n```diff\n--- before",
            "| link | <https://example.test/#v1.d.abc> |",
            &format!("| scenario ID | `{id}` |"),
            &format!("scenario {id}_"),
        ] {
            assert!(md.contains(needle), "missing {needle:?} in\n{md}");
        }
        // Allowing statements of allowed checks are not deciding statements of a denied call.
        assert!(!md.contains("#### identity policy"), "{md}");
        assert_eq!(md, ticket.markdown(), "deterministic");
    }

    #[test]
    fn fixes_come_from_the_fix_module() {
        let scenario = corpus(CONTROL_TOWER);
        let report = report(&scenario, Catalog::builtin());
        let fixes: Vec<SuggestedFix> = crate::fix::suggest(&scenario, Catalog::builtin())
            .iter()
            .map(SuggestedFix::from)
            .collect();
        assert!(!fixes.is_empty());
        let md = Ticket {
            fixes: &fixes,
            ..Ticket::new(&scenario, &report)
        }
        .markdown();
        assert!(md.contains("**1. "), "{md}");
        assert!(md.contains("the call is allowed."), "{md}");
        assert!(md.contains("```diff\n--- before\n+++ after\n"), "{md}");
    }

    #[test]
    fn plain_text_has_the_same_facts() {
        let scenario = corpus(CONTROL_TOWER);
        let report = report(&scenario, Catalog::builtin());
        let text = Ticket::new(&scenario, &report).plain();
        for needle in [
            "crisscross: ExplicitDeny for Converse",
            "CHECKS",
            "destination-model  us-east-2  ExplicitDeny",
            "AccessDenied: User: arn:aws:sts::111122223333:assumed-role/App/<session-name> is not authorized",
            "DECIDING STATEMENTS",
            "      \"Sid\": \"GRREGIONDENY\",",
            "SUGGESTED FIX\n  No fix was suggested for this call.",
            &format!("scenario ID: {}", scenario_id(&scenario)),
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
        assert!(!text.contains('|'), "{text}");
    }

    #[test]
    fn allowed_and_invalid_calls() {
        let scenario = corpus("cris/control-tower-us-east-1-direct-model-allowed.json");
        let report = report(&scenario, Catalog::builtin());
        let md = Ticket::new(&scenario, &report).markdown();
        assert!(md.contains("None needed: the call is allowed."), "{md}");
        assert!(md.contains("#### identity policy"), "{md}");

        let mut broken = scenario.clone();
        broken.principal = "nobody".into();
        let report = crate::report::report(&broken, Catalog::builtin());
        let md = Ticket::new(&broken, &report).markdown();
        assert!(md.contains("## crisscross: not evaluated"), "{md}");
        assert!(md.contains("### Diagnostics"), "{md}");
    }
}
