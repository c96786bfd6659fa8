//! `crisscross`: evaluate scenarios from the command line and gate policy changes in CI.

mod change;
mod comment;
mod deck;
mod fix;
mod org;
mod review;
mod routes;
mod share;
mod size;
mod yaml;

// Parsing makes many small, short-lived allocations (see the `mimalloc` entry in Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use crisscross_core::diagnostic::Diagnostic;
use crisscross_core::expect;
use crisscross_core::report::{Report, report};
use crisscross_core::route::catalog::{Catalog, Geography};
use crisscross_core::scenario::{Document, Scenario, locate_in_file, relocate};

#[derive(Parser)]
#[command(
    name = "crisscross",
    version,
    about = "Will this Amazon Bedrock call pass your SCPs and IAM policies, for every Region it can be routed to?"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate a scenario file and print the verdict of every hop.
    Eval {
        /// The scenario (docs/scenario-format.md).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Apply fix N of a denied scenario (as `eval` numbers them) and print the scenario with the edit.
    Fix {
        /// The scenario.
        file: PathBuf,
        /// The fix's number, from 1.
        number: usize,
        /// Write to this file instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Run every scenario with an `expect` block under the given files or folders; exits 1 on a mismatch.
    Test {
        /// Scenario files or folders (searched recursively for *.json).
        paths: Vec<PathBuf>,
    },
    /// Check a workshop deck (docs/deck-format.md): every slide's answer must be what crisscross decides.
    Deck {
        /// The deck.
        file: PathBuf,
        /// Print the deck as a Markdown handout, answers at the end.
        #[arg(long, conflicts_with = "link")]
        handout: bool,
        /// Print the deck's link (for decks up to 65,536 characters of link).
        #[arg(long)]
        link: bool,
        /// The playground address the link starts with (default: $CRISSCROSS_BASE_URL, else the local playground).
        #[arg(long)]
        base: Option<String>,
    },
    /// Evaluate a scenario's policies for every catalog profile and every source Region it serves.
    Matrix {
        /// The scenario; its request is replaced by each (profile, source Region) call.
        file: PathBuf,
        /// The runtime API to call (default: the scenario's, else InvokeModel).
        #[arg(long)]
        api: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the share link of a scenario file: the whole scenario, compressed, in the URL fragment.
    Link {
        /// The scenario (docs/scenario-format.md).
        file: PathBuf,
        /// The playground address the link starts with (default: $CRISSCROSS_BASE_URL, else the local
        /// playground of scripts/serve.sh).
        #[arg(long)]
        base: Option<String>,
        /// Remove the whitespace between JSON tokens of every valid policy to shorten the link.
        #[arg(long)]
        minify: bool,
    },
    /// Write the scenario of a share link as pretty JSON (docs/share-links.md).
    Open {
        /// The link, its `#v1.…` fragment, or `-` to read it from stdin.
        link: String,
        /// Write to this file instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Measure policies the way AWS counts them, against their quotas; exits 1 when one is over.
    Size {
        /// Policy documents or scenario files (a scenario's policies are measured with their own types,
        /// and its SCP levels are checked against the per-target quota).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The type of the policy documents given directly.
        #[arg(long = "type", value_enum, default_value_t = size::TypeArg::Scp)]
        policy_type: size::TypeArg,
        /// Which AWS quotas: `legacy` checks SCPs against 5,120 characters and 5 per target.
        #[arg(long, value_enum, default_value_t = size::LimitArg::Current)]
        limit: size::LimitArg,
    },
    /// Print a policy without whitespace outside strings, keeping key order and every string as written.
    Minify {
        /// The policy (or any JSON file).
        file: PathBuf,
        /// Print the stable two-space-indented form instead.
        #[arg(long)]
        pretty: bool,
    },
    /// Compare two versions of a scenario for every catalog profile and source Region; or, with
    /// --scenario, apply an SCP change from a Terraform plan (`terraform show -json`) or CloudFormation
    /// templates (before and after, JSON or YAML) to that scenario and compare.
    Diff {
        /// Two scenarios (before, after); with --scenario, a plan, or one or two templates.
        #[arg(required = true, num_args = 1..=2)]
        files: Vec<PathBuf>,
        /// The base scenario the change applies to (its SCP levels, principal and request).
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// A CloudFormation parameter value, NAME=VALUE (repeat); parameters default to their Default.
        #[arg(long)]
        parameter: Vec<String>,
        /// Exit 1 when the change allows any check (hop) that was denied, in a Region outside `--allow-region`.
        #[arg(long)]
        fail_on_open: bool,
        /// Regions a change may open without failing `--fail-on-open` (repeat, or separate with commas).
        #[arg(long, value_delimiter = ',')]
        allow_region: Vec<String>,
        /// Exit 1 when the change denies a call that was allowed.
        #[arg(long)]
        fail_on_close: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Read what AWS printed about a denial (a file, or - for standard input): an AccessDenied message,
    /// a CloudTrail event, `aws iam-toolbox get-request-authorization-details` or
    /// `get-request-authorization-policy`, `aws sts decode-authorization-message`, or a bundle; with
    /// --into, print that scenario with the principal, call and context filled in.
    Import {
        /// The text AWS printed.
        input: PathBuf,
        /// A scenario to fill.
        #[arg(long)]
        into: Option<PathBuf>,
        /// For a captured policy: the ARN of the scenario's policy it replaces.
        #[arg(long)]
        policy_uri: Option<String>,
    },
    /// Routes from your own account: import `aws bedrock list-inference-profiles` or
    /// `get-inference-profile` output, or regenerate the built-in catalog from it.
    Catalog {
        #[command(subcommand)]
        action: CatalogAction,
    },
    /// Your organization and role from the AWS CLI: build the scenario's SCP levels and identity
    /// policies from a bundle of read-only outputs (see the README's snippets).
    Org {
        #[command(subcommand)]
        action: OrgAction,
    },
    /// List the built-in inference-profile catalog.
    Profiles {
        /// Only this geography (us, eu, apac, jp, au, ca, us-gov, global).
        #[arg(long)]
        geography: Option<String>,
        /// Only profiles callable from this source Region.
        #[arg(long)]
        source: Option<String>,
        /// Only profiles whose model ID contains this text.
        #[arg(long)]
        model: Option<String>,
    },
}

#[derive(Subcommand)]
enum CatalogAction {
    /// Show how the routes in FILE... differ from the built-in catalog; with --into, print that
    /// scenario with the routes added to its `customProfiles` (so its verdicts and share link use them).
    Import {
        /// JSON printed by the AWS CLI.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// A scenario to add the routes to.
        #[arg(long)]
        into: Option<PathBuf>,
        /// The date the routes were read (default: today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Print the built-in catalog's TSV with the routes in FILE... merged in (for maintainers).
    Regenerate {
        /// JSON printed by the AWS CLI.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The date the routes were read (default: today).
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Subcommand)]
enum OrgAction {
    /// Read one or more bundles (organization and IAM outputs; `-` for standard input) and print the
    /// scenario: SCP levels root first with each SCP's text, name and ARN, the organization ID, the
    /// role's inline and managed policies, boundary and path. Nothing is written when a bundle is malformed.
    Import {
        /// Bundle files (docs/import-formats.md); a bare `aws iam get-account-authorization-details`
        /// output is read too.
        #[arg(required = true)]
        bundles: Vec<PathBuf>,
        /// The account whose SCP levels to build (default: the scenario's principal's, else the bundle's).
        #[arg(long)]
        account: Option<String>,
        /// The role whose policies to read, when the IAM output holds several (default: the scenario's).
        #[arg(long)]
        role: Option<String>,
        /// A scenario to fill; its request, session policy, context and expectations stay.
        #[arg(long)]
        into: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    /// `eval`: a ticket in Markdown with the verdict, checks, deciding statements, fix and link; `diff`:
    /// a pull-request comment with the blast radius.
    Markdown,
    /// `eval` only: the same ticket in plain text.
    Plain,
}

/// `crisscross eval FILE | head` closes standard output early and `println!` then panics; exit quietly
/// with the status of a process ended by SIGPIPE instead, as other command-line tools do.
fn exit_quietly_on_closed_pipe() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied());
        if message.is_some_and(|m| m.contains("Broken pipe")) {
            std::process::exit(141);
        }
        default_hook(info);
    }));
}

fn main() -> ExitCode {
    exit_quietly_on_closed_pipe();
    let cli = Cli::parse();
    match cli.command {
        Command::Eval { file, format } => eval(&file, format),
        Command::Test { paths } => test(&paths),
        Command::Fix { file, number, output } => fix::apply(&file, number, output.as_deref()),
        Command::Size {
            files,
            policy_type,
            limit,
        } => size::size(&files, policy_type, limit),
        Command::Minify { file, pretty } => size::minify(&file, pretty),
        Command::Link { file, base, minify } => share::link(&file, base.as_deref(), minify),
        Command::Open { link, output } => share::open(&link, output.as_deref()),
        Command::Matrix { file, api, format } => matrix(&file, api.as_deref(), format),
        Command::Deck {
            file,
            handout,
            link,
            base,
        } => deck::deck(&file, deck::Output::of(handout, link), base.as_deref()),
        Command::Diff {
            files,
            scenario,
            parameter,
            fail_on_open,
            allow_region,
            fail_on_close,
            format,
        } => review::diff(&review::DiffArgs {
            files,
            scenario,
            parameters: parameter,
            gate: review::Gate {
                fail_on_open,
                allow_region,
                fail_on_close,
            },
            format: match format {
                Format::Json => "json",
                Format::Markdown => "markdown",
                Format::Text | Format::Plain => "text",
            },
        }),
        Command::Import {
            input,
            into,
            policy_uri,
        } => review::import(&input, into.as_deref(), policy_uri.as_deref()),
        Command::Catalog {
            action: CatalogAction::Import { files, into, date },
        } => routes::import(&files, into.as_deref(), date),
        Command::Catalog {
            action: CatalogAction::Regenerate { files, date },
        } => routes::regenerate(&files, date),
        Command::Org {
            action:
                OrgAction::Import {
                    bundles,
                    account,
                    role,
                    into,
                },
        } => org::import(&bundles, account.as_deref(), role.as_deref(), into.as_deref()),
        Command::Profiles {
            geography,
            source,
            model,
        } => profiles(geography.as_deref(), source.as_deref(), model.as_deref()),
    }
}

/// Reads a scenario file, printing located diagnostics on failure.
pub(crate) fn load(file: &Path) -> Result<(String, Scenario), ExitCode> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        eprintln!("{}: cannot read: {e}", file.display());
        ExitCode::from(2)
    })?;
    match Scenario::from_json(&text) {
        Ok(s) => Ok((text, s)),
        Err(d) => {
            eprintln!("{}: {d}", file.display());
            Err(ExitCode::from(2))
        }
    }
}

/// Points diagnostics of policies written as JSON objects at their place in the scenario file.
fn locate(file_text: &str, scenario: &Scenario, diagnostics: &mut [Diagnostic]) {
    let mut from = 0;
    for (at, input) in scenario.policy_refs() {
        let Document::Json(raw) = &input.document else { continue };
        let Some((start, _)) = locate_in_file(file_text, raw, from) else {
            continue;
        };
        from = start + raw.len();
        for d in diagnostics.iter_mut().filter(|d| d.policy == Some(at)) {
            relocate(d, file_text, start);
        }
    }
}

fn eval(file: &Path, format: Format) -> ExitCode {
    let (text, scenario) = match load(file) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let mut result = report(&scenario, Catalog::builtin());
    locate(&text, &scenario, &mut result.diagnostics);
    let invalid = result.decision.is_none();
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&fix::json_report(&scenario, &result)).unwrap_or_default()
        ),
        Format::Markdown | Format::Plain => share::print_ticket(&scenario, &result, matches!(format, Format::Markdown)),
        Format::Text => {
            print_text(file, &scenario, &result);
            if !invalid && result.decision != Some(crisscross_core::evaluate::Decision::Allow) {
                let fixes = crisscross_core::fix::suggest(&scenario, Catalog::builtin());
                print_fixes(&fixes);
                if fixes.is_empty()
                    && let Some(reason) = crisscross_core::fix::no_fix_reason(&scenario, Catalog::builtin())
                {
                    println!("\nno fix: {reason}");
                }
                let alternatives = crisscross_core::fix::alternatives(&scenario, Catalog::builtin());
                if !alternatives.is_empty() {
                    let shown: Vec<String> = alternatives
                        .iter()
                        .take(6)
                        .map(|a| format!("{} from {}", a.profile, a.source_region))
                        .collect();
                    println!(
                        "\ncalls of the same model these policies allow as they are: {}",
                        shown.join(", ")
                    );
                }
            }
        }
    }
    if invalid {
        // The text output already lists every diagnostic; the other formats name the errors on stderr.
        if !matches!(format, Format::Text) {
            for d in result.diagnostics.iter().filter(|d| d.is_error()) {
                eprintln!("{}", located(file, &scenario, d));
            }
        }
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// A diagnostic as the CLI prints it: `FILE: POLICY: line L, column C: error[code]: message`.
pub(crate) fn located(file: &Path, scenario: &Scenario, d: &Diagnostic) -> String {
    match d.policy {
        Some(at) => format!("{}: {}: {d}", file.display(), scenario.label(at)),
        None => format!("{}: {d}", file.display()),
    }
}

fn print_text(file: &Path, scenario: &Scenario, result: &Report) {
    println!("{}: {}", file.display(), result.verdict);
    if let Some(route) = &result.route {
        let destinations = if route.global {
            "any commercial Region".to_owned()
        } else {
            route.destinations.join(", ")
        };
        println!(
            "route: {} from {} to {} ({})",
            route.profile, route.source_region, destinations, route.provenance
        );
    }
    if !result.hops.is_empty() {
        println!();
        println!(
            "  {:<18} {:<15} {:<13} {:<36} decided by",
            "hop", "region", "decision", "action"
        );
        for hop in &result.hops {
            let decided = match hop.decided_by.first() {
                Some(s) => s.label.clone(),
                None => hop
                    .blocked_by
                    .map(|l| format!("no {} allows it", l.aws_name()))
                    .unwrap_or_default(),
            };
            println!(
                "  {:<18} {:<15} {:<13} {:<36} {decided}",
                hop.kind.as_str(),
                hop.region,
                format!("{:?}", hop.decision),
                hop.action
            );
            println!("  {:<18} {}", "", hop.resource);
            if let Some(message) = &hop.message {
                println!("  {:<18} AccessDenied: {message}", "");
            }
            for dependency in &hop.depends_on {
                let flips: Vec<String> = dependency
                    .flips
                    .iter()
                    .map(|f| format!("{:?} if {}", f.decision, f.when))
                    .collect();
                println!(
                    "  {:<18} depends on `{}` ({}): {}",
                    "",
                    dependency.key,
                    dependency.availability,
                    flips.join("; ")
                );
            }
            for unresolved in &hop.unresolved_variables {
                println!(
                    "  {:<18} `{}` has no value in {}: AWS matches nothing with it, and negated operators do match",
                    "", unresolved.variable, unresolved.statement.label
                );
            }
        }
        if result.hops.iter().all(|h| h.depends_on.is_empty()) {
            println!("\n  every check rests only on what the scenario gives and the values AWS sets itself");
        }
    }
    for d in &result.diagnostics {
        println!("{}", located(file, scenario, d));
    }
}

fn print_fixes(fixes: &[crisscross_core::fix::Fix]) {
    if fixes.is_empty() {
        return;
    }
    println!("\nsuggested fixes, narrowest first:");
    for (i, fix) in fixes.iter().enumerate() {
        let outcome = if fix.resolves {
            "call allowed".to_owned()
        } else {
            format!("{} check(s) still denied", fix.remaining_denied)
        };
        let delta = fix.chars_after as i64 - fix.chars_before as i64;
        let over = if fix.chars_after > fix.limit {
            format!(" OVER the limit; {} minified", fix.minified_after)
        } else {
            String::new()
        };
        println!(
            "\n{}. {} [{}; {outcome}; {delta:+} characters, {} of {}{over}]",
            i + 1,
            fix.title,
            fix.policy_label,
            fix.chars_after,
            fix.limit
        );
        println!("   {}", fix.explanation);
        if !fix.opens.is_empty() {
            let shown: Vec<String> = fix.opens.iter().take(5).map(|(p, s)| format!("{p} from {s}")).collect();
            let more = fix.opens.len().saturating_sub(5);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            println!(
                "   also allows {} other call(s): {}{more}",
                fix.opens.len(),
                shown.join(", ")
            );
        }
        for line in fix.diff.lines() {
            println!("   {line}");
        }
    }
}

fn matrix(file: &Path, api: Option<&str>, format: Format) -> ExitCode {
    let (text, scenario) = match load(file) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let catalog = Catalog::builtin();
    let prepared = match crisscross_core::analysis::prepare(&scenario, catalog) {
        Ok(p) => p,
        Err(mut diagnostics) => {
            locate(&text, &scenario, &mut diagnostics);
            for d in diagnostics.iter().filter(|d| d.is_error()) {
                eprintln!("{}", located(file, &scenario, d));
            }
            return ExitCode::from(2);
        }
    };
    let api = api.or(scenario.request.api.as_deref()).unwrap_or("InvokeModel");
    if let Err(d) = crisscross_core::route::hop::action_of_api(api) {
        eprintln!("{d}");
        return ExitCode::from(2);
    }
    let grid = crisscross_core::matrix::matrix(&prepared, api, catalog);
    if matches!(format, Format::Json) {
        println!("{}", serde_json::to_string_pretty(&grid).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    let (allowed, total) = grid.counts();
    println!(
        "{}: {allowed} of {total} (profile, source Region) calls allowed with {api} (built-in catalog as of {})",
        file.display(),
        grid.catalog_as_of
    );
    for row in &grid.rows {
        let allowed: Vec<&str> = row
            .cells
            .iter()
            .filter(|c| c.decision.is_allow())
            .map(|c| c.source.as_str())
            .collect();
        let denied: Vec<String> = row
            .cells
            .iter()
            .filter(|c| !c.decision.is_allow())
            .map(|c| {
                let layer = c.blocked_by.map_or("", |l| l.as_str());
                format!("{} ({layer}: {})", c.source, c.denied_regions.join(","))
            })
            .collect();
        let mark = if denied.is_empty() {
            "ok  "
        } else if allowed.is_empty() {
            "DENY"
        } else {
            "part"
        };
        println!("{mark} {}", row.profile);
        if !allowed.is_empty() {
            println!("       allowed from {}", allowed.join(", "));
        }
        if !denied.is_empty() {
            println!("       denied from  {}", denied.join(", "));
        }
    }
    ExitCode::SUCCESS
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for entry in entries {
            collect(&entry, out);
        }
    } else if path.extension().is_some_and(|e| e == "json") {
        out.push(path.to_owned());
    }
}

fn test(paths: &[PathBuf]) -> ExitCode {
    let mut files = Vec::new();
    for p in paths {
        collect(p, &mut files);
    }
    let (mut passed, mut failed) = (0usize, 0usize);
    for file in &files {
        let problems = match std::fs::read_to_string(file)
            .map_err(|e| e.to_string())
            .and_then(|t| Scenario::from_json(&t).map_err(|d| d.to_string()))
        {
            Ok(scenario) if scenario.expect.is_none() => continue,
            Ok(scenario) => expect::check(&scenario, Catalog::builtin()),
            Err(e) => vec![e],
        };
        if problems.is_empty() {
            passed += 1;
        } else {
            failed += 1;
            println!("FAIL {}", file.display());
            for p in problems {
                println!("  {p}");
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn profiles(geography: Option<&str>, source: Option<&str>, model: Option<&str>) -> ExitCode {
    let catalog = Catalog::builtin();
    let geography = match geography.map(|g| Geography::parse(g.trim_end_matches('.'))) {
        Some(None) => {
            eprintln!(
                "unknown geography; use one of: {}",
                Geography::ALL.map(Geography::as_str).join(", ")
            );
            return ExitCode::from(2);
        }
        Some(g) => g,
        None => None,
    };
    println!("# built-in catalog as of {}", catalog.as_of);
    for p in &catalog.profiles {
        if geography.is_some_and(|g| p.geography != g) || model.is_some_and(|m| !p.model_id.contains(m)) {
            continue;
        }
        for r in &p.routes {
            if source.is_some_and(|s| r.source != s) {
                continue;
            }
            let destinations = if r.all_commercial {
                "any commercial Region".to_owned()
            } else {
                r.destinations.join(",")
            };
            println!("{}\t{}\t{}", p.id, r.source, destinations);
        }
    }
    ExitCode::SUCCESS
}
