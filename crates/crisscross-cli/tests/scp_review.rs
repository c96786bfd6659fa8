//! The GitHub Actions example, `examples/github-actions/crisscross-scp-review.yml`, run step by step on
//! a two-commit repository made here: its shell commands produce the pull-request comment, compared with
//! the expected Markdown, and its gate fails as the change opens Regions outside the allowed ones. Steps
//! that need GitHub or the network (checkout, installing crisscross, `terraform plan`, posting the
//! comment) are done by the test itself: the binary under test is on PATH, and the Terraform plan is the
//! fixture plan `terraform show -json` prints.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

const OUTSIDE: &[&str] = &["Install crisscross", "Comment on the pull request", "Plan"];

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/scp-review")
        .join(name)
}

fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .args([
            "-c",
            "user.name=crisscross test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_owned()
}

/// A repository whose first commit has the SCPs before the pull request and whose second has them after.
fn two_commits(dir: &Path) -> String {
    std::fs::create_dir_all(dir.join("scp")).unwrap();
    git(dir, &["init", "-q", "-b", "main"]);
    std::fs::copy(data("base-scenario.json"), dir.join("scp/base-scenario.json")).unwrap();
    std::fs::copy(data("scps-before.yaml"), dir.join("scp/organization-scps.yaml")).unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "SCPs as they are"]);
    let base = git(dir, &["rev-parse", "HEAD"]);
    std::fs::copy(data("scps-after.yaml"), dir.join("scp/organization-scps.yaml")).unwrap();
    git(dir, &["commit", "-q", "-am", "Allow global cross-Region inference"]);
    base
}

fn text(y: &Yaml) -> Option<String> {
    y.as_str().map(str::to_owned)
}

/// `${{ ... }}` as the runner would give it for the expressions the workflow uses.
fn expression(value: &str, base_sha: &str, outputs: &BTreeMap<String, BTreeMap<String, String>>) -> String {
    let Some(inner) = value.trim().strip_prefix("${{").and_then(|v| v.strip_suffix("}}")) else {
        return value.to_owned();
    };
    let inner = inner.trim();
    if inner == "github.event.pull_request.base.sha" {
        return base_sha.to_owned();
    }
    if let Some(rest) = inner.strip_prefix("steps.") {
        let mut parts = rest.split('.');
        let (id, _, key) = (
            parts.next().unwrap_or_default(),
            parts.next(),
            parts.next().unwrap_or_default(),
        );
        return outputs.get(id).and_then(|o| o.get(key)).cloned().unwrap_or_default();
    }
    String::new()
}

/// Runs one job's steps; returns the exit status of the first step that fails, if any.
fn run_job(workflow: &Yaml, job: &str, dir: &Path, temp: &Path, base_sha: &str) -> Option<i32> {
    let bin = Path::new(env!("CARGO_BIN_EXE_crisscross")).parent().unwrap().to_owned();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in workflow["env"].as_hash().into_iter().flatten() {
        env.insert(text(k).unwrap(), text(v).unwrap_or_default());
    }
    let mut outputs: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let steps = workflow["jobs"][job]["steps"].as_vec().expect("the job has steps");
    for (i, step) in steps.iter().enumerate() {
        let (Some(run), name) = (text(&step["run"]), text(&step["name"]).unwrap_or_default()) else {
            continue;
        };
        if OUTSIDE.contains(&name.as_str()) {
            continue;
        }
        let output_file = temp.join(format!("output-{i}"));
        std::fs::write(&output_file, "").unwrap();
        let mut step_env = env.clone();
        for (k, v) in step["env"].as_hash().into_iter().flatten() {
            step_env.insert(
                text(k).unwrap(),
                expression(&text(v).unwrap_or_default(), base_sha, &outputs),
            );
        }
        let status = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &run])
            .current_dir(dir)
            .envs(&step_env)
            .env("PATH", &path)
            .env("RUNNER_TEMP", temp)
            .env("GITHUB_OUTPUT", &output_file)
            .status()
            .unwrap();
        if let Some(id) = text(&step["id"]) {
            let written = std::fs::read_to_string(&output_file).unwrap();
            let pairs = written
                .lines()
                .filter_map(|l| l.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            outputs.insert(id, pairs);
        }
        if !status.success() {
            return Some(status.code().unwrap_or(-1));
        }
    }
    None
}

fn compare(comment: &Path, expected: &str) {
    let got = std::fs::read_to_string(comment).unwrap();
    if std::env::var_os("CRISSCROSS_BLESS").is_some() {
        std::fs::write(data(expected), &got).unwrap();
    }
    let want = std::fs::read_to_string(data(expected)).unwrap();
    if got != want {
        let line = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(got.lines().count().min(want.lines().count()));
        panic!(
            "the comment differs from tests/data/scp-review/{expected} at line {}:\n  got:      {}\n  expected: {}\n(CRISSCROSS_BLESS=1 rewrites the file after a deliberate change)",
            line + 1,
            got.lines().nth(line).unwrap_or("<end>"),
            want.lines().nth(line).unwrap_or("<end>")
        );
    }
}

fn workdir(name: &str) -> (PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("crisscross-review-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (dir, temp) = (root.join("repo"), root.join("runner-temp"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&temp).unwrap();
    (dir, temp)
}

fn workflow() -> Yaml {
    let text = std::fs::read_to_string(repo_root().join("examples/github-actions/crisscross-scp-review.yml")).unwrap();
    YamlLoader::load_from_str(&text).unwrap().remove(0)
}

#[test]
fn the_cloudformation_job_comments_the_blast_radius_and_fails_the_gate() {
    let (dir, temp) = workdir("cfn");
    let base = two_commits(&dir);
    // The change allows global cross-Region inference: the Region-less model check (`unspecified`) and
    // Regions outside the allowed ones open, so the gate fails with the exit code of `diff`.
    assert_eq!(run_job(&workflow(), "cloudformation", &dir, &temp, &base), Some(1));
    compare(&temp.join("comment.md"), "expected-cloudformation.md");
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}

#[test]
fn the_terraform_job_reads_the_plan() {
    let (dir, temp) = workdir("tf");
    let base = two_commits(&dir);
    std::fs::copy(
        repo_root().join("crates/crisscross-core/tests/data/aws-cli/terraform-show-json-plan.json"),
        temp.join("plan.json"),
    )
    .unwrap();
    // The plan exempts Bedrock invocation through `us.` profiles from the Region deny outside us-east-1
    // and us-west-2: every destination of those profiles opens, us-east-2 (allowed) but also us-west-1
    // and the Canadian Regions some of them route to, so the gate fails.
    assert_eq!(run_job(&workflow(), "terraform", &dir, &temp, &base), Some(1));
    compare(&temp.join("comment.md"), "expected-terraform.md");
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}
