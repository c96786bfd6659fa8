//! Policies and requests built from a string of bytes, so property tests (random bytes) and fuzzing
//! (coverage-guided bytes) explore the same space. Every choice is drawn from small pools of realistic
//! actions, ARNs, operators and values, chosen so that most generated policies are valid and a fair share
//! of requests are allowed.

use std::collections::BTreeMap;

use serde_json::{Value, json};

const ACTIONS: &[&str] = &[
    "*",
    "bedrock:*",
    "bedrock:Invoke*",
    "bedrock:InvokeModel",
    "BEDROCK:invokemodel*",
    "bedrock:*Stream",
    "s3:Get?bject",
    "s3:*Object",
    "ec2:*",
    "iam:PassRole",
];
const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:bedrock:*::foundation-model/*",
    "arn:aws:bedrock:*:*:inference-profile/*",
    "arn:aws:bedrock:us-*-1:*:*",
    "arn:aws:bedrock:*",
    "arn:aws:bedrock:::foundation-model/*",
    "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:?",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*",
    "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'ml'}/*",
    "arn:aws:s3:::bucket/${*}",
    "arn:aws:s3:${aws:RequestedRegion}::bucket/*",
    "arn:aws:s3:::bucket/${aws:username}/*",
];
const PRINCIPALS: &[&str] = &[
    "arn:aws:iam::111122223333:role/App",
    "arn:aws:iam::111122223333:role/service-role/App",
    "arn:aws:iam::111122223333:root",
    "arn:aws:iam::111122223333:user/division/bob",
    "arn:aws:sts::111122223333:assumed-role/App/s1",
    "arn:aws:sts::111122223333:federated-user/bob",
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::111122223333:role/aws-service-role/bedrock.amazonaws.com/AWSServiceRoleForBedrock",
];
const REQUEST_ACTIONS: &[&str] = &[
    "bedrock:InvokeModel",
    "bedrock:InvokeModelWithResponseStream",
    "s3:GetObject",
    "s3:PutObject",
    "ec2:RunInstances",
];
const REQUEST_RESOURCES: &[&str] = &[
    "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0",
    "arn:aws:bedrock:us-east-2:111122223333:inference-profile/us.amazon.nova-pro-v1:0",
    "arn:aws:bedrock:::foundation-model/amazon.nova-pro-v1:0",
    "arn:aws:s3:::bucket/ml/key",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket/web/a:b",
];
const REGIONS: &[&str] = &["us-east-1", "us-east-2", "eu-west-1", "unspecified"];

const STRING_OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
];

/// (operators, key, values) that fit together.
const CONDITIONS: &[(&[&str], &str, &[&str])] = &[
    (
        STRING_OPERATORS,
        "aws:RequestedRegion",
        &["us-east-1", "US-EAST-1", "us-*", "eu-?est-1", "unspecified"],
    ),
    (
        STRING_OPERATORS,
        "aws:PrincipalTag/team",
        &["ml", "web", "m*", "${aws:PrincipalTag/team}", "${aws:username, 'ml'}"],
    ),
    (STRING_OPERATORS, "aws:TagKeys", &["a", "b", "*"]),
    (
        &["ArnLike", "ArnNotLike", "ArnEquals", "ArnNotEquals"],
        "bedrock:InferenceProfileArn",
        &[
            "arn:aws:bedrock:*:*:inference-profile/us.*",
            "arn:aws:bedrock:*:inference-profile/*",
            "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.amazon.nova-pro-v1:0",
            "arn:aws:bedrock:*:${aws:PrincipalAccount}:inference-profile/*",
        ],
    ),
    (
        &[
            "NumericEquals",
            "NumericNotEquals",
            "NumericLessThan",
            "NumericLessThanEquals",
            "NumericGreaterThan",
            "NumericGreaterThanEquals",
        ],
        "s3:max-keys",
        &["10", "5", "10.0"],
    ),
    (
        &[
            "DateEquals",
            "DateNotEquals",
            "DateLessThan",
            "DateLessThanEquals",
            "DateGreaterThan",
            "DateGreaterThanEquals",
        ],
        "aws:CurrentTime",
        &["2026-01-01T00:00:00Z", "1767225600", "2026-06-01"],
    ),
    (&["Bool"], "aws:SecureTransport", &["true", "false"]),
    (
        &["IpAddress", "NotIpAddress"],
        "aws:SourceIp",
        &["10.0.0.0/8", "10.1.2.3", "2001:db8::/32"],
    ),
    (&["Null"], "bedrock:InferenceProfileArn", &["true", "false"]),
    (&["Null"], "aws:PrincipalTag/team", &["true", "false"]),
    (&["Null", "Bool"], "aws:SecureTransport", &["true", "false"]),
    (&["Bool"], "aws:PrincipalIsAWSService", &["true", "false"]),
    (&["Bool"], "aws:ViaAWSService", &["false"]),
    (
        STRING_OPERATORS,
        "aws:PrincipalType",
        &["User", "AssumedRole", "Account", "FederatedUser"],
    ),
    (STRING_OPERATORS, "aws:username", &["alice", "bob", "a*"]),
    (
        STRING_OPERATORS,
        "aws:userid",
        &["111122223333", "111122223333:bob", "AROA*"],
    ),
    (STRING_OPERATORS, "aws:PrincipalOrgID", &["o-a1b2c3d4e5", "o-*"]),
    (
        STRING_OPERATORS,
        "aws:PrincipalOrgPaths",
        &["o-a1b2c3d4e5/level-0/", "o-a1b2c3d4e5/*"],
    ),
    (STRING_OPERATORS, "aws:ResourceAccount", &["111122223333", "*"]),
    (
        &["ArnLike", "ArnNotLike", "ArnEquals"],
        "aws:PrincipalArn",
        &[
            "arn:aws:iam::*:role/App",
            "arn:aws:iam::*:role/service-role/*",
            "arn:aws:iam::111122223333:root",
            "arn:aws:iam::*:user/*",
        ],
    ),
    (
        &["NumericLessThan", "NumericGreaterThan"],
        "aws:EpochTime",
        &["1767225600", "1900000000"],
    ),
];

/// A context value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextValue {
    /// One string.
    Single(String),
    /// A list (possibly empty).
    Multi(Vec<String>),
}

/// A generated principal, its policies and one request.
#[derive(Debug, Clone)]
pub struct Case {
    /// SCP levels, root first.
    pub scps: Option<Vec<Vec<Value>>>,
    /// Identity policies.
    pub identity: Vec<Value>,
    /// Permissions boundary.
    pub boundary: Option<Value>,
    /// Session policy.
    pub session: Option<Value>,
    /// Principal ARN.
    pub principal: &'static str,
    /// Requested action.
    pub action: &'static str,
    /// Requested resource.
    pub resource: &'static str,
    /// `aws:RequestedRegion`.
    pub region: &'static str,
    /// Other context keys.
    pub context: BTreeMap<String, ContextValue>,
    /// The organization, for a principal in one.
    pub organization: Option<&'static str>,
    /// When the call is made, in seconds since the Unix epoch.
    pub epoch_seconds: i64,
}

/// Reads choices from bytes; once they run out every choice is the first option.
#[derive(Debug)]
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    /// Choices from `data`.
    #[must_use]
    pub fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((b, rest)) => {
                self.data = rest;
                *b
            }
            None => 0,
        }
    }

    /// A number below `n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n.max(1)
    }

    /// True with probability about `percent` / 100.
    fn chance(&mut self, percent: u8) -> bool {
        self.byte() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, pool: &[T]) -> T {
        pool[self.below(pool.len())]
    }

    /// One to `max` distinct picks, in pool order.
    fn some<T: Copy>(&mut self, pool: &[T], max: usize) -> Vec<T> {
        let count = 1 + self.below(max);
        let mut chosen: Vec<usize> = (0..count).map(|_| self.below(pool.len())).collect();
        chosen.sort_unstable();
        chosen.dedup();
        chosen.into_iter().map(|i| pool[i]).collect()
    }
}

/// A statement.
pub fn statement(b: &mut Bytes<'_>) -> Value {
    let mut s = serde_json::Map::new();
    s.insert("Effect".into(), json!(if b.chance(75) { "Allow" } else { "Deny" }));
    let action_key = if b.chance(50) { "Action" } else { "NotAction" };
    let actions = if action_key == "NotAction" && b.chance(5) {
        Vec::new()
    } else {
        b.some(ACTIONS, 3)
    };
    s.insert(action_key.into(), json!(actions));
    let resource_key = if b.chance(50) { "Resource" } else { "NotResource" };
    let resources = if resource_key == "NotResource" && b.chance(5) {
        Vec::new()
    } else {
        b.some(RESOURCES, 3)
    };
    s.insert(resource_key.into(), json!(resources));
    if b.chance(50) {
        let (operators, key, values) = b.pick(CONDITIONS);
        let mut op = b.pick(operators).to_owned();
        match b.below(8) {
            0 if op != "Null" => op.push_str("IfExists"),
            1 => op = format!("ForAllValues:{op}"),
            2 => op = format!("ForAnyValue:{op}"),
            _ => {}
        }
        let chosen: Vec<&str> = if b.chance(10) { Vec::new() } else { b.some(values, 3) };
        s.insert("Condition".into(), json!({ op: { key: chosen } }));
    }
    Value::Object(s)
}

/// A policy of one to three statements.
pub fn policy(b: &mut Bytes<'_>) -> Value {
    let statements: Vec<Value> = (0..=b.below(3)).map(|_| statement(b)).collect();
    match b.below(8) {
        0 => json!({"Version": "2008-10-17", "Statement": statements}),
        1 => json!({"Statement": statements}),
        _ => json!({"Version": "2012-10-17", "Statement": statements}),
    }
}

fn context(b: &mut Bytes<'_>) -> BTreeMap<String, ContextValue> {
    let mut c = BTreeMap::new();
    let single: &[(&str, &[&str])] = &[
        ("aws:PrincipalTag/team", &["ml", "web"]),
        (
            "bedrock:InferenceProfileArn",
            &[
                "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.amazon.nova-pro-v1:0",
                "arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.x",
            ],
        ),
        ("aws:SourceIp", &["10.1.2.3", "192.168.0.1", "2001:db8::1"]),
        ("s3:max-keys", &["5", "10", "50"]),
        (
            "aws:CurrentTime",
            &["2026-01-01T00:00:00Z", "2025-06-01T12:00:00Z", "1800000000"],
        ),
        ("aws:SecureTransport", &["true", "false"]),
    ];
    for (key, values) in single {
        if b.chance(50) {
            c.insert((*key).to_owned(), ContextValue::Single(b.pick(values).to_owned()));
        }
    }
    if b.chance(50) {
        let tags: Vec<String> = ["a", "b", "c"]
            .iter()
            .filter(|_| b.chance(50))
            .map(|t| (*t).to_owned())
            .collect();
        c.insert("aws:TagKeys".to_owned(), ContextValue::Multi(tags));
    }
    c
}

/// A whole case.
pub fn case(b: &mut Bytes<'_>) -> Case {
    let full_access =
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}});
    let scps = b.chance(60).then(|| {
        (0..=b.below(3))
            .map(|_| match b.below(7) {
                0 => Vec::new(),
                1 | 2 => vec![full_access.clone()],
                _ => (0..=b.below(2)).map(|_| policy(b)).collect(),
            })
            .collect()
    });
    let identity = (0..b.below(3)).map(|_| policy(b)).collect();
    let boundary = b.chance(25).then(|| policy(b));
    let session = b.chance(25).then(|| policy(b));
    Case {
        scps,
        identity,
        boundary,
        session,
        principal: b.pick(PRINCIPALS),
        action: b.pick(REQUEST_ACTIONS),
        resource: b.pick(REQUEST_RESOURCES),
        region: b.pick(REGIONS),
        context: context(b),
        organization: b.chance(50).then_some("o-a1b2c3d4e5"),
        epoch_seconds: b.pick(&[1_767_225_600, 1_800_000_000]),
    }
}
