//! The scenarios the scale benchmarks use (`tests/corpus/scale/`): a medium organization and one at AWS's
//! quotas, built from statements real guardrail SCPs carry (a Control Tower Region deny, service
//! guardrails with role exemptions). `examples/scale_scenarios.rs` writes them; `tests/scale.rs` checks
//! that the files in the repository are its output.

use serde_json::{Value, json};

/// AWS Organizations' quota on SCP size, in characters; the generated SCPs stay just under 10,240.
const SCP_TARGET: usize = 10_100;
/// An identity policy's generated size (managed policies may hold 6,144 characters).
const IDENTITY_TARGET: usize = 6_000;

const GLOBAL_SERVICES: &[&str] = &[
    "a4b:*",
    "access-analyzer:*",
    "account:*",
    "acm:*",
    "activate:*",
    "artifact:*",
    "aws-marketplace-management:*",
    "aws-marketplace:*",
    "aws-portal:*",
    "billing:*",
    "billingconductor:*",
    "budgets:*",
    "ce:*",
    "chatbot:*",
    "chime:*",
    "cloudfront:*",
    "cloudtrail:LookupEvents",
    "compute-optimizer:*",
    "config:*",
    "consoleapp:*",
    "consolidatedbilling:*",
    "cur:*",
    "datapipeline:GetAccountLimits",
    "devicefarm:*",
    "directconnect:*",
    "ec2:DescribeRegions",
    "ec2:DescribeTransitGateways",
    "ec2:DescribeVpnGateways",
    "ecr-public:*",
    "fms:*",
    "freetier:*",
    "globalaccelerator:*",
    "health:*",
    "iam:*",
    "importexport:*",
    "invoicing:*",
    "iq:*",
    "kms:*",
    "license-manager:ListReceivedLicenses",
    "lightsail:Get*",
    "mobileanalytics:*",
    "networkmanager:*",
    "organizations:*",
    "payments:*",
    "pricing:*",
    "quicksight:DescribeAccountSubscription",
    "resource-explorer-2:*",
    "route53-recovery-cluster:*",
    "route53-recovery-control-config:*",
    "route53-recovery-readiness:*",
    "route53:*",
    "route53domains:*",
    "s3:CreateMultiRegionAccessPoint",
    "s3:DeleteMultiRegionAccessPoint",
    "s3:DescribeMultiRegionAccessPointOperation",
    "s3:GetAccountPublicAccessBlock",
    "s3:GetBucketLocation",
    "s3:GetBucketPolicyStatus",
    "s3:GetBucketPublicAccessBlock",
    "s3:GetMultiRegionAccessPoint",
    "s3:GetMultiRegionAccessPointPolicy",
    "s3:GetMultiRegionAccessPointPolicyStatus",
    "s3:GetStorageLensConfiguration",
    "s3:GetStorageLensDashboard",
    "s3:ListAllMyBuckets",
    "s3:ListMultiRegionAccessPoints",
    "s3:ListStorageLensConfigurations",
    "s3:PutAccountPublicAccessBlock",
    "s3:PutMultiRegionAccessPointPolicy",
    "savingsplans:*",
    "shield:*",
    "sso:*",
    "sts:*",
    "support:*",
    "supportapp:*",
    "supportplans:*",
    "sustainability:*",
    "tag:GetResources",
    "tax:*",
    "trustedadvisor:*",
    "vendor-insights:ListEntitledSecurityProfiles",
    "waf-regional:*",
    "waf:*",
    "wafv2:*",
];

const SERVICES: &[&str] = &[
    "s3",
    "ec2",
    "rds",
    "dynamodb",
    "lambda",
    "ecs",
    "eks",
    "sqs",
    "sns",
    "kinesis",
    "glue",
    "athena",
    "redshift",
    "elasticache",
    "cloudwatch",
    "logs",
    "events",
    "states",
    "secretsmanager",
    "ssm",
    "kms",
    "cloudformation",
    "codebuild",
    "codepipeline",
    "ecr",
    "elasticloadbalancing",
    "autoscaling",
    "backup",
    "guardduty",
    "securityhub",
    "macie2",
    "inspector2",
    "config",
    "cloudtrail",
    "sagemaker",
    "comprehend",
];

const VERBS: &[&str] = &[
    "Delete*",
    "Put*Policy",
    "Update*",
    "Disable*",
    "Modify*",
    "Create*Grant",
    "Stop*",
    "Detach*",
];

fn admin_roles(level: usize) -> Value {
    json!([
        "arn:aws:iam::*:role/AWSControlTowerExecution",
        format!("arn:aws:iam::*:role/platform/level-{level}-admin"),
        "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*AdministratorAccess*",
        "arn:aws:iam::*:role/stacksets-exec-*"
    ])
}

/// A Control Tower style Region deny: everything outside the governed Regions except global services.
fn region_deny(sid: &str, level: usize) -> Value {
    json!({
        "Sid": sid,
        "Effect": "Deny",
        "NotAction": GLOBAL_SERVICES,
        "Resource": "*",
        "Condition": {
            "StringNotEquals": {"aws:RequestedRegion": ["us-east-1"]},
            "ArnNotLike": {"aws:PrincipalARN": admin_roles(level)}
        }
    })
}

/// A guardrail on one service: its destructive actions denied except for the platform's roles.
fn guardrail(level: usize, index: usize) -> Value {
    let service = SERVICES[(level * 7 + index) % SERVICES.len()];
    let actions: Vec<String> = VERBS.iter().map(|v| format!("{service}:{v}")).collect();
    json!({
        "Sid": format!("Protect{}L{level}N{index}", service.replace(['-', '.'], "")),
        "Effect": "Deny",
        "Action": actions,
        "Resource": "*",
        "Condition": {
            "ArnNotLike": {"aws:PrincipalARN": admin_roles(level)},
            "StringNotEquals": {"aws:PrincipalTag/guardrail-exempt": "true"}
        }
    })
}

fn document(statements: Vec<Value>) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn size(document: &Value) -> usize {
    serde_json::to_string_pretty(document).map_or(0, |t| t.chars().count())
}

/// An SCP of about [`SCP_TARGET`] characters, pretty-printed; the first SCP of `deny_level` starts with
/// the Region deny.
fn scp(level: usize, number: usize, region_deny_here: bool) -> Value {
    let mut statements = Vec::new();
    if region_deny_here {
        statements.push(region_deny("GRREGIONDENY", level));
    }
    let mut index = 0;
    loop {
        let mut next = statements.clone();
        next.push(guardrail(level, number * 50 + index));
        if size(&document(next.clone())) > SCP_TARGET {
            break;
        }
        statements = next;
        index += 1;
    }
    document(statements)
}

fn identity(number: usize) -> Value {
    let mut statements = vec![json!({
        "Sid": "InvokeThroughProfiles",
        "Effect": "Allow",
        "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
        "Resource": ["arn:aws:bedrock:*:111122223333:inference-profile/*", "arn:aws:bedrock:*::foundation-model/*"]
    })];
    let mut index = 0;
    loop {
        let service = SERVICES[(number * 5 + index) % SERVICES.len()];
        let mut next = statements.clone();
        next.push(json!({
            "Sid": format!("Read{}N{number}I{index}", service.replace(['-', '.'], "")),
            "Effect": "Allow",
            "Action": [format!("{service}:Get*"), format!("{service}:List*"), format!("{service}:Describe*")],
            "Resource": "*"
        }));
        if size(&document(next.clone())) > IDENTITY_TARGET {
            break;
        }
        statements = next;
        index += 1;
    }
    document(statements)
}

fn policy(name: &str, document: Value) -> Value {
    json!({"name": name, "document": serde_json::to_string_pretty(&document).unwrap_or_default()})
}

fn full_access() -> Value {
    policy(
        "FullAWSAccess",
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
    )
}

/// A scenario: `targets` are the levels root first, `per_level` the SCPs of each besides FullAWSAccess
/// (the Region deny is the first SCP of the level `deny_level`), `identities` the identity policies.
fn scenario(description: &str, targets: &[&str], per_level: usize, deny_level: usize, identities: usize) -> Value {
    let levels: Vec<Value> = targets
        .iter()
        .enumerate()
        .map(|(level, target)| {
            let mut policies = vec![full_access()];
            for number in 0..per_level {
                let name = format!("guardrails-{target}-{number}");
                policies.push(policy(&name, scp(level, number, level == deny_level && number == 0)));
            }
            json!({"target": target, "policies": policies})
        })
        .collect();
    let identity_policies: Vec<Value> = (0..identities)
        .map(|n| policy(&format!("team-policy-{n}"), identity(n)))
        .collect();
    let deny = |kind: &str, region: &str| json!({"kind": kind, "region": region, "decision": "ExplicitDeny", "blockedBy": "scp", "sid": "GRREGIONDENY"});
    json!({
        "version": 1,
        "description": description,
        "principal": "arn:aws:iam::111122223333:role/App",
        "scps": levels,
        "identityPolicies": identity_policies,
        "request": {"profile": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "sourceRegion": "us-east-1", "api": "Converse"},
        "expect": {
            "decision": "ExplicitDeny",
            "blockedBy": "scp",
            "hops": [
                {"kind": "profile", "region": "us-east-1", "decision": "Allow"},
                {"kind": "source-model", "region": "us-east-1", "decision": "Allow"},
                deny("destination-model", "us-east-2"),
                deny("destination-model", "us-west-2")
            ]
        }
    })
}

/// The generated scenarios: file name and content.
pub(crate) fn scenarios() -> Vec<(&'static str, Value)> {
    vec![
        (
            "medium-organization.json",
            scenario(
                "A medium organization for the scale benchmarks: four levels, each with FullAWSAccess and three guardrail SCPs of about 9,500 characters (service guardrails exempting platform roles, and a Control Tower style Region deny governing us-east-1 at the workloads OU), and three identity policies. The us. profile's destination checks in us-east-2 and us-west-2 are denied, as in the Control Tower example.",
                &["r-ab12", "ou-ab12-platform1", "ou-ab12-workload1", "111122223333"],
                3,
                2,
                3,
            ),
        ),
        (
            "quota-organization.json",
            scenario(
                "An organization at AWS's quotas for the scale benchmarks: six levels (the root, four nested OUs, the account), each with FullAWSAccess and nine more SCPs (ten, the most a target may have) of about 9,500 characters, and ten identity policies of about 6,000 characters. The Region deny sits at the third OU.",
                &[
                    "r-ab12",
                    "ou-ab12-level1aa",
                    "ou-ab12-level2bb",
                    "ou-ab12-level3cc",
                    "ou-ab12-level4dd",
                    "111122223333",
                ],
                9,
                3,
                10,
            ),
        ),
    ]
}

/// The text written for a scenario.
#[must_use]
pub(crate) fn text(scenario: &Value) -> String {
    serde_json::to_string_pretty(scenario).unwrap_or_default() + "\n"
}
