//! The global services a Region-deny SCP must exempt, dated and sourced.
//!
//! The entries both of AWS's Region-deny examples exempt, as of the date below:
//! - AWS Organizations User Guide, "SCP examples: general", "Deny access to AWS based on the requested
//!   AWS Region" (<https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html>),
//!   whose policy is kept in AWS's sample repository `aws-samples/service-control-policy-examples`,
//!   `Region-controls/Deny-access-to-AWS-based-on-the-requested-AWS-region.json` (42 entries);
//! - AWS Control Tower Controls Reference, "Deny access to AWS based on the requested AWS Region"
//!   (GRREGIONDENY, <https://docs.aws.amazon.com/controltower/latest/controlreference/primary-region-deny-policy.html>,
//!   86 entries).
//!
//! Where one lists a wildcard and the other the actions it covers (`s3:GetAccountPublic*` and
//! `s3:GetAccountPublicAccessBlock`), the entry is the action both cover. Left out: `wellarchitected:*`
//! (Organizations only) and the 45 entries only Control Tower exempts (`account:*`, `billing:*`,
//! `sso:*`, ...), which a Region deny may keep on purpose. AWS says of its own list that it "might not
//! include all of the latest global AWS services or operations".

/// When the list was compared with both AWS pages.
pub const GLOBAL_EXEMPTIONS_AS_OF: &str = "2026-11-30";

/// Each action or service wildcard, with the AWS pages that exempt it.
pub const GLOBAL_EXEMPTIONS: &[(&str, &str)] = &[
    ("a4b:*", BOTH),
    ("acm:*", BOTH),
    ("aws-marketplace-management:*", BOTH),
    ("aws-marketplace:*", BOTH),
    ("aws-portal:*", BOTH),
    ("budgets:*", BOTH),
    ("ce:*", BOTH),
    ("chime:*", BOTH),
    ("cloudfront:*", BOTH),
    ("config:*", BOTH),
    ("cur:*", BOTH),
    ("directconnect:*", BOTH),
    ("ec2:DescribeRegions", BOTH),
    ("ec2:DescribeTransitGateways", BOTH),
    ("ec2:DescribeVpnGateways", BOTH),
    ("fms:*", BOTH),
    ("globalaccelerator:*", BOTH),
    ("health:*", BOTH),
    ("iam:*", BOTH),
    ("importexport:*", BOTH),
    ("kms:*", BOTH),
    ("mobileanalytics:*", BOTH),
    ("networkmanager:*", BOTH),
    ("organizations:*", BOTH),
    ("pricing:*", BOTH),
    ("route53:*", BOTH),
    ("route53domains:*", BOTH),
    ("route53-recovery-cluster:*", BOTH),
    ("route53-recovery-control-config:*", BOTH),
    ("route53-recovery-readiness:*", BOTH),
    ("s3:GetAccountPublicAccessBlock", BOTH),
    ("s3:ListAllMyBuckets", BOTH),
    ("s3:ListMultiRegionAccessPoints", BOTH),
    ("s3:PutAccountPublicAccessBlock", BOTH),
    ("shield:*", BOTH),
    ("sts:*", BOTH),
    ("support:*", BOTH),
    ("trustedadvisor:*", BOTH),
    ("waf-regional:*", BOTH),
    ("waf:*", BOTH),
    ("wafv2:*", BOTH),
];

const BOTH: &str = "AWS Organizations example and AWS Control Tower GRREGIONDENY";
