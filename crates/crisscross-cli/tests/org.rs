//! `crisscross org import`, run on the bundles that the README's snippets write: the snippets run under
//! `sh` against a stand-in `aws` that prints the documented outputs of the fixture organization, and the
//! scenario they give is evaluated.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn crisscross(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crisscross"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// The shell block that follows `marker` in the README.
fn snippet(marker: &str) -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let after = readme.split(marker).nth(1).expect("the README has the snippet");
    let body = after.split("```sh\n").nth(1).unwrap();
    body.split("```").next().unwrap().to_owned()
}

/// A stand-in for the AWS CLI: each read-only call the snippets make, answered with the fixture output
/// AWS documents for it; every call is logged.
fn fake_aws(dir: &Path) {
    let data = repo().join("crates/crisscross-core/tests/data/aws-cli");
    let d = data.display();
    let p = "arn:aws:iam::111122223333:policy";
    let script = format!(
        r#"#!/bin/sh
echo "$*" >> "{log}"
case "$*" in
"organizations describe-organization --output json") cat "{d}/organizations-describe-organization.json" ;;
"organizations list-roots --output json") cat "{d}/organizations-list-roots.json" ;;
"organizations list-parents --child-id 111122223333 --output json") cat "{d}/organizations-list-parents.json" ;;
"organizations list-parents --child-id 111122223333 --query Parents[0].Id --output text") echo ou-examplerootid111-exampleouid222 ;;
"organizations list-parents --child-id ou-examplerootid111-exampleouid222 --output json") cat "{d}/organizations-list-parents-ou.json" ;;
"organizations list-parents --child-id ou-examplerootid111-exampleouid222 --query Parents[0].Id --output text") echo ou-examplerootid111-exampleouid111 ;;
"organizations list-parents --child-id ou-examplerootid111-exampleouid111 --output json") cat "{d}/organizations-list-parents-ou-under-root.json" ;;
"organizations list-parents --child-id ou-examplerootid111-exampleouid111 --query Parents[0].Id --output text") echo r-examplerootid111 ;;
"organizations list-policies-for-target --target-id r-examplerootid111 --filter SERVICE_CONTROL_POLICY --output json") cat "{d}/organizations-list-policies-for-target-root.json" ;;
"organizations list-policies-for-target --target-id r-examplerootid111 --filter SERVICE_CONTROL_POLICY --query Policies[].Id --output text") echo p-FullAWSAccess ;;
"organizations list-policies-for-target --target-id ou-examplerootid111-exampleouid111 --filter SERVICE_CONTROL_POLICY --output json") cat "{d}/organizations-list-policies-for-target.json" ;;
"organizations list-policies-for-target --target-id ou-examplerootid111-exampleouid111 --filter SERVICE_CONTROL_POLICY --query Policies[].Id --output text") printf 'p-FullAWSAccess\tp-examplepolicyid111\n' ;;
"organizations list-policies-for-target --target-id ou-examplerootid111-exampleouid222 --filter SERVICE_CONTROL_POLICY --output json") cat "{d}/organizations-list-policies-for-target-ou-child.json" ;;
"organizations list-policies-for-target --target-id ou-examplerootid111-exampleouid222 --filter SERVICE_CONTROL_POLICY --query Policies[].Id --output text") echo p-FullAWSAccess ;;
"organizations list-policies-for-target --target-id 111122223333 --filter SERVICE_CONTROL_POLICY --output json") cat "{d}/organizations-list-policies-for-target-account.json" ;;
"organizations list-policies-for-target --target-id 111122223333 --filter SERVICE_CONTROL_POLICY --query Policies[].Id --output text") printf 'p-FullAWSAccess\tp-examplepolicyid222\n' ;;
"organizations describe-policy --policy-id p-FullAWSAccess --output json") cat "{d}/organizations-describe-policy-fullawsaccess.json" ;;
"organizations describe-policy --policy-id p-examplepolicyid111 --output json") cat "{d}/organizations-describe-policy.json" ;;
"organizations describe-policy --policy-id p-examplepolicyid222 --output json") cat "{d}/organizations-describe-policy-minified.json" ;;
"iam get-role --role-name BedrockInvokerRole --output json") cat "{d}/iam-get-role.json" ;;
"iam get-role --role-name BedrockInvokerRole --query Role.PermissionsBoundary.PermissionsBoundaryArn --output text") echo {p}/boundaries/AppBoundary ;;
"iam list-role-policies --role-name BedrockInvokerRole --output json") cat "{d}/iam-list-role-policies.json" ;;
"iam list-role-policies --role-name BedrockInvokerRole --query PolicyNames[] --output text") echo InvokeSonnetUs ;;
"iam get-role-policy --role-name BedrockInvokerRole --policy-name InvokeSonnetUs --output json") cat "{d}/iam-get-role-policy.json" ;;
"iam list-attached-role-policies --role-name BedrockInvokerRole --output json") cat "{d}/iam-list-attached-role-policies.json" ;;
"iam list-attached-role-policies --role-name BedrockInvokerRole --query AttachedPolicies[].PolicyArn --output text") printf '{p}/BedrockProfileRead\tarn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n' ;;
"iam get-policy --policy-arn {p}/BedrockProfileRead --query Policy.DefaultVersionId --output text") echo v2 ;;
"iam get-policy --policy-arn {p}/boundaries/AppBoundary --query Policy.DefaultVersionId --output text") echo v1 ;;
"iam get-policy --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole --query Policy.DefaultVersionId --output text") echo v1 ;;
"iam get-policy-version --policy-arn {p}/BedrockProfileRead --version-id v2 --output json") cat "{d}/iam-get-policy-version.json" ;;
"iam get-policy-version --policy-arn {p}/boundaries/AppBoundary --version-id v1 --output json") cat "{d}/iam-get-policy-version-appboundary.json" ;;
"iam get-policy-version --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole --version-id v1 --output json") cat "{d}/iam-get-policy-version-awslambdabasicexecutionrole.json" ;;
*) echo "aws: no stand-in output for: $*" >&2; exit 254 ;;
esac
"#,
        log = dir.join("calls.log").display(),
    );
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let aws = bin.join("aws");
    std::fs::write(&aws, script).unwrap();
    Command::new("chmod").arg("+x").arg(&aws).status().unwrap();
}

fn run_snippet(dir: &Path, marker: &str) {
    let path = format!(
        "{}:{}",
        dir.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = Command::new("sh")
        .arg("-c")
        .arg(snippet(marker))
        .current_dir(dir)
        .env("PATH", path)
        .status()
        .unwrap();
    assert!(status.success(), "the snippet after {marker} fails");
}

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("crisscross-org-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_readme_snippets_collect_a_bundle_that_becomes_the_whole_scenario() {
    let dir = workdir("snippets");
    fake_aws(&dir);
    run_snippet(&dir, "<!-- org-bundle-snippet -->");
    run_snippet(&dir, "<!-- role-bundle-snippet -->");
    // Read-only calls only.
    let calls = std::fs::read_to_string(dir.join("calls.log")).unwrap();
    assert!(
        calls.lines().all(|c| {
            let verb = c.split(' ').nth(1).unwrap_or_default();
            ["describe-", "list-", "get-"].iter().any(|v| verb.starts_with(v))
        }),
        "{calls}"
    );
    std::fs::write(
        dir.join("call.json"),
        r#"{"version": 1, "principal": "arn:aws:sts::111122223333:assumed-role/BedrockInvokerRole/invoke-fn",
            "request": {"profile": "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "sourceRegion": "us-east-1", "api": "ConverseStream"}}"#,
    )
    .unwrap();
    let o = crisscross(
        &dir,
        &[
            "org",
            "import",
            "org-bundle.json",
            "role-bundle.json",
            "--into",
            "call.json",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::write(dir.join("imported.json"), &o.stdout).unwrap();
    let scenario: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(scenario["organizationId"], "o-exampleorgid");
    assert_eq!(scenario["rolePath"], "/app/");
    assert_eq!(
        scenario["principal"],
        "arn:aws:sts::111122223333:assumed-role/BedrockInvokerRole/invoke-fn"
    );
    let targets: Vec<&str> = scenario["scps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "r-examplerootid111",
            "ou-examplerootid111-exampleouid111",
            "ou-examplerootid111-exampleouid222",
            "111122223333"
        ]
    );
    assert_eq!(scenario["identityPolicies"].as_array().unwrap().len(), 3);
    assert_eq!(scenario["permissionsBoundary"]["name"], "AppBoundary");

    // The global profile's Region-less hop is denied by the SCPs (aws:RequestedRegion is `unspecified`,
    // outside the approved Regions, and the profile is not a `us.` one); the AccessDenied text names the
    // denying SCP's ARN, as AWS's 2026 messages do.
    let o = crisscross(&dir, &["eval", "imported.json", "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["decision"], "ExplicitDeny");
    let hops = report["hops"].as_array().unwrap();
    let global = hops.iter().find(|h| h["kind"] == "global-model").unwrap();
    assert_eq!(global["decision"], "ExplicitDeny");
    assert!(
        hops.iter()
            .filter(|h| h["kind"] != "global-model")
            .all(|h| h["decision"] == "Allow")
    );
    // The SCPs keep their ARNs, so the AccessDenied text ends with the denying SCP's ARN, as AWS's
    // messages do since 2026 for principals of the same organization.
    let message = global["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("with an explicit deny in a service control policy: arn:aws:organizations::999988887777:policy/o-exampleorgid/service_control_policy/p-examplepolicyid"),
        "{message}"
    );

    // The AccessDenied message AWS printed names p-examplepolicyid222: the import says which policy that is.
    std::fs::copy(
        repo().join("crates/crisscross-core/tests/data/aws-cli/accessdenied-authorization-id.txt"),
        dir.join("denial.txt"),
    )
    .unwrap();
    let o = crisscross(&dir, &["import", "denial.txt", "--into", "imported.json"]);
    assert!(o.status.success());
    let notes = String::from_utf8_lossy(&o.stderr);
    assert!(
        notes.contains("the message names the SCP `DenyBedrockGlobalCris` (111122223333)"),
        "{notes}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_us_profile_passes_the_same_organization() {
    let dir = workdir("us");
    fake_aws(&dir);
    run_snippet(&dir, "<!-- org-bundle-snippet -->");
    run_snippet(&dir, "<!-- role-bundle-snippet -->");
    let o = crisscross(
        &dir,
        &[
            "org",
            "import",
            "org-bundle.json",
            "role-bundle.json",
            "--account",
            "111122223333",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut scenario: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // Without a scenario, the principal is the role (its ARN carries the path).
    assert_eq!(
        scenario["principal"],
        "arn:aws:iam::111122223333:role/app/BedrockInvokerRole"
    );
    scenario["request"] = serde_json::json!({"profile": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "sourceRegion": "us-east-1", "api": "ConverseStream"});
    std::fs::write(dir.join("us.json"), scenario.to_string()).unwrap();
    let o = crisscross(&dir, &["eval", "us.json", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // RegionDeny exempts `us.` profiles and the streaming action; the boundary allows us-east-2 and us-west-2.
    assert_eq!(report["decision"], "Allow", "{report:#}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_malformed_bundle_is_located_and_nothing_is_printed() {
    let dir = workdir("bad");
    std::fs::write(
        dir.join("bundle.json"),
        "{\"crisscrossBundle\": 1, \"account\": \"111122223333\",\n \"listParents\": {\"111122223333\": {\"Parents\": []}}}",
    )
    .unwrap();
    let o = crisscross(&dir, &["org", "import", "bundle.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bundle.json: line 2, column"), "{err}");
    assert!(err.contains("error[org-import]: `111122223333` has 0 parents"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
