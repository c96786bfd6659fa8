//! The request context AWS builds for a call, per kind of principal: which global condition keys AWS
//! always sends, which it sends only sometimes, which it never sends on a direct call, and the value
//! when crisscross can know it without asking.
//!
//! Source for every key: IAM User Guide, "AWS global condition context keys"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>), each key's
//! "Availability" line, quoted below in shortened form. Value formats for `aws:userid`, `aws:username` and
//! `aws:PrincipalType`: IAM User Guide, "IAM policy elements: Variables and tags", table "Principal key
//! values". Bedrock keys: Bedrock User Guide, "Geographic cross-Region inference" and "Global
//! cross-Region inference"; Service Authorization Reference for Amazon Bedrock.

use super::principal::{CallerKind, Principal};
use super::{Context, ContextValue, Origin};

/// What AWS sends for a key on this request, when the scenario does not give its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// AWS does not send the key on this request; the reason, from AWS's availability line.
    Absent(&'static str),
    /// AWS may send the key, with a value the scenario does not fix.
    Unknown {
        /// True when AWS always sends it (only the value is open), false when it may also be absent.
        always: bool,
        /// AWS's availability line for the key, shortened.
        why: &'static str,
    },
}

/// What kind of check a request context belongs to, as far as the keys AWS sends depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Check {
    /// A request written down by the user: any action and resource.
    #[default]
    Plain,
    /// A Bedrock model invocation on a foundation model (regional or Region-less).
    FoundationModel,
    /// A Bedrock model invocation on a system-defined inference profile.
    SystemProfile,
    /// A Bedrock model invocation on an application inference profile.
    ApplicationProfile,
}

/// The facts about a request that decide which keys AWS sends: who calls, whether the account is known
/// to be in an organization, and what is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// The kind of principal; `None` when unknown (a context built by hand).
    pub caller: Option<CallerKind>,
    /// `Some(true)` when the scenario places the account in an organization (it has SCP levels).
    pub in_organization: Option<bool>,
    /// What is checked.
    pub check: Check,
}

impl Default for Facts {
    fn default() -> Self {
        Self {
            caller: None,
            in_organization: None,
            check: Check::Plain,
        }
    }
}

const SOMETIMES: &str = "AWS sends it only in some requests, and the scenario does not say whether this is one";
const NOT_GIVEN: &str = "the scenario does not give it";

/// What AWS sends for `key` (lowercase) given `facts`, for a key the context holds no value for.
#[must_use]
pub fn presence(key: &str, facts: &Facts) -> Presence {
    let role_session = facts.caller == Some(CallerKind::RoleSession);
    let bedrock = facts.check != Check::Plain;
    let unknown = |always: bool, why: &'static str| Presence::Unknown { always, why };
    match key {
        "aws:securetransport"
        | "aws:currenttime"
        | "aws:epochtime"
        | "aws:requestedregion"
        | "aws:useragent"
        | "aws:principalarn"
        | "aws:principalaccount"
        | "aws:principaltype"
        | "aws:principalisawsservice"
        | "aws:viaawsservice"
        | "aws:userid" => unknown(true, "AWS includes it in the request context of every signed request"),
        "aws:username" => match facts.caller {
            Some(CallerKind::User) => unknown(true, "AWS always includes it for IAM users"),
            Some(_) => Presence::Absent(
                "AWS includes aws:username only for IAM users, not for roles, federated users or the root user",
            ),
            None => unknown(false, "AWS includes it only for IAM users"),
        },
        "aws:principalorgid" | "aws:principalorgpaths" => match facts.in_organization {
            Some(true) => unknown(
                true,
                "AWS includes it when the principal's account is in an organization, as the scenario's SCPs say",
            ),
            _ => unknown(
                false,
                "AWS includes it only if the principal's account is a member of an organization",
            ),
        },
        "aws:principalservicename" | "aws:principalservicenameslist" => Presence::Absent(
            "AWS includes it only when an AWS service principal makes the call, not when an IAM principal calls directly",
        ),
        "aws:calledvia"
        | "aws:calledviafirst"
        | "aws:calledvialast"
        | "aws:calledviaawsmcp"
        | "aws:viaawsmcpservice"
        | "aws:ismcpserviceaction" => {
            Presence::Absent("AWS does not include it when the principal makes the call directly")
        }
        "aws:sourcearn" | "aws:sourceaccount" | "aws:sourceorgid" | "aws:sourceorgpaths" => {
            Presence::Absent("AWS includes it only when an AWS service principal calls on behalf of a resource")
        }
        "aws:referer" => Presence::Absent(
            "AWS includes it only for requests made by following a link in a browser, never for programmatic calls",
        ),
        "aws:assumedroot" => Presence::Absent("AWS includes it only for credentials from AssumeRoot"),
        "aws:multifactorauthpresent" | "aws:multifactorauthage" => {
            if role_session {
                unknown(
                    true,
                    "AWS includes it when the principal uses temporary credentials, as a role session does",
                )
            } else {
                unknown(
                    false,
                    "AWS includes it only when the principal uses temporary credentials, not with long-term access keys",
                )
            }
        }
        "aws:tokenissuetime" => match facts.caller {
            Some(CallerKind::RoleSession | CallerKind::FederatedUser) => {
                unknown(true, "AWS includes it when the principal uses temporary credentials")
            }
            _ => unknown(
                false,
                "AWS includes it only when the principal uses temporary credentials",
            ),
        },
        "aws:sourceip" => unknown(
            false,
            "AWS includes it except when the request comes through a VPC endpoint",
        ),
        "aws:sourcevpc" | "aws:sourcevpce" | "aws:vpcsourceip" => unknown(
            false,
            "AWS includes it only when the request comes through a VPC endpoint",
        ),
        "aws:sourcevpcarn" | "aws:vpceaccount" | "aws:vpceorgid" | "aws:vpceorgpaths" if bedrock => {
            Presence::Absent("AWS lists the services that support this key, and Amazon Bedrock is not among them")
        }
        "aws:tagkeys" if bedrock => Presence::Absent("a model invocation passes no tags"),
        "aws:sourceidentity"
        | "aws:federatedprovider"
        | "aws:ec2instancesourcevpc"
        | "aws:ec2instancesourceprivateipv4"
        | "ec2:roledelivery"
        | "aws:chatbotsourcearn"
            if !role_session && facts.caller.is_some() =>
        {
            Presence::Absent("AWS includes it only in role sessions")
        }
        "aws:resourceaccount" | "aws:resourceorgid" | "aws:resourceorgpaths"
            if facts.check == Check::FoundationModel =>
        {
            unknown(
                true,
                "AWS does not document its value for foundation models, whose ARNs have no account",
            )
        }
        "bedrock:inferenceprofilearn" if bedrock => Presence::Absent(
            "AWS sets bedrock:InferenceProfileArn on the foundation-model checks of a call through an inference profile, not on the profile check or a direct call",
        ),
        _ if key.starts_with("aws:requesttag/") && bedrock => Presence::Absent("a model invocation passes no tags"),
        _ if key.starts_with("aws:resourcetag/")
            && matches!(facts.check, Check::FoundationModel | Check::SystemProfile) =>
        {
            Presence::Absent(
                "foundation models and system-defined inference profiles are AWS-owned and carry no tags of yours",
            )
        }
        _ if key.starts_with("aws:principaltag/") && facts.caller == Some(CallerKind::Root) => {
            Presence::Absent("the root user carries no IAM tags")
        }
        _ if key.starts_with("aws:principaltag/") => unknown(
            false,
            "AWS includes it when the user or role (or the session) has this tag",
        ),
        _ if key.starts_with("aws:") || key.starts_with("bedrock:") => unknown(false, SOMETIMES),
        _ => unknown(false, NOT_GIVEN),
    }
}

/// Everything crisscross can know about the request before it is routed: the keys AWS derives from the
/// principal, the organization and the time, each marked as derived.
#[derive(Debug, Clone, Copy)]
pub struct Derivation<'a> {
    /// The caller.
    pub principal: &'a Principal,
    /// The organization ID, when the scenario names it.
    pub organization_id: Option<&'a str>,
    /// The SCP levels' targets, root first, when the account is in an organization.
    pub org_targets: Option<&'a [String]>,
    /// The evaluation time, as seconds since the Unix epoch; `None` when unknown.
    pub epoch_seconds: Option<i64>,
}

impl Derivation<'_> {
    /// The request context before routing.
    #[must_use]
    pub fn context(&self) -> Context {
        let p = self.principal;
        let mut c = Context {
            facts: Facts {
                caller: Some(p.kind),
                in_organization: self.org_targets.map(|_| true),
                check: Check::Plain,
            },
            ..Context::default()
        };
        let mut put = |k: &str, v: String| c.insert(k, ContextValue::Single(v), Origin::Derived);
        // Every Bedrock runtime endpoint is HTTPS; a signed request over plain HTTP is not possible there.
        put("aws:SecureTransport", "true".to_owned());
        put("aws:PrincipalArn", p.principal_arn.clone());
        put("aws:PrincipalAccount", p.account.clone());
        put("aws:PrincipalType", p.principal_type.to_owned());
        put("aws:PrincipalIsAWSService", "false".to_owned());
        put("aws:ViaAWSService", "false".to_owned());
        match p.kind {
            CallerKind::User => {
                if let Some(name) = &p.user_name {
                    put("aws:username", name.clone());
                }
            }
            CallerKind::Root => put("aws:userid", p.account.clone()),
            CallerKind::FederatedUser => {
                if let Some(name) = &p.user_name {
                    put("aws:userid", format!("{}:{name}", p.account));
                }
            }
            CallerKind::RoleSession => {}
        }
        if let Some(seconds) = self.epoch_seconds
            && let Some(time) = crate::time::format_timestamp(seconds)
        {
            // Whole seconds print as `2026-01-31T12:00:00Z`, the form AWS sends.
            put("aws:CurrentTime", time);
            put("aws:EpochTime", seconds.to_string());
        }
        if let (Some(id), Some(targets)) = (self.organization_id, self.org_targets) {
            put("aws:PrincipalOrgID", id.to_owned());
            c.insert(
                "aws:PrincipalOrgPaths",
                ContextValue::Multi(vec![org_path(id, targets)]),
                Origin::Derived,
            );
        }
        if p.kind == CallerKind::RoleSession && p.path.is_none() {
            // A role-session ARN does not carry the role's path.
            c.insert(
                "aws:PrincipalArn",
                ContextValue::Single(p.principal_arn.clone()),
                Origin::Assumed,
            );
        }
        c
    }
}

/// The organization path of the principal's account, as `aws:PrincipalOrgPaths` carries it: the
/// organization, the root and the OUs down to the account's parent, each followed by `/`
/// (`o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/`). SCP levels whose target is an account ID are the account
/// itself and are left out: AWS's examples match the path with `StringEquals` ending at the parent OU.
#[must_use]
pub fn org_path(organization_id: &str, targets: &[String]) -> String {
    let mut path = format!("{organization_id}/");
    for target in targets {
        if target.len() == 12 && target.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        path.push_str(target);
        path.push('/');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(arn: &str) -> Principal {
        Principal::parse(arn).unwrap()
    }

    #[test]
    fn a_role_session_in_an_organization() {
        let p = principal("arn:aws:sts::111122223333:assumed-role/App/s1");
        let targets = vec![
            "r-ab12".to_owned(),
            "ou-ab12-11111111".to_owned(),
            "111122223333".to_owned(),
        ];
        let c = Derivation {
            principal: &p,
            organization_id: Some("o-a1b2c3d4e5"),
            org_targets: Some(&targets),
            epoch_seconds: Some(1_767_225_600),
        }
        .context();
        assert_eq!(c.single("aws:securetransport"), Some("true"));
        assert_eq!(c.single("aws:currenttime"), Some("2026-01-01T00:00:00Z"));
        assert_eq!(c.single("aws:epochtime"), Some("1767225600"));
        assert_eq!(c.single("aws:principalorgid"), Some("o-a1b2c3d4e5"));
        assert_eq!(
            c.get("aws:principalorgpaths").map(ContextValue::values),
            Some(&["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/".to_owned()][..])
        );
        assert_eq!(c.single("aws:username"), None);
        assert!(matches!(c.presence("aws:username"), Presence::Absent(_)));
        assert_eq!(
            c.presence("aws:multifactorauthpresent"),
            Presence::Unknown {
                always: true,
                why: "AWS includes it when the principal uses temporary credentials, as a role session does"
            }
        );
        assert!(matches!(
            c.presence("aws:sourceip"),
            Presence::Unknown { always: false, .. }
        ));
        assert!(matches!(c.presence("aws:calledvia"), Presence::Absent(_)));
    }

    #[test]
    fn users_root_and_federated_users_get_their_own_keys() {
        let user = principal("arn:aws:iam::111122223333:user/alice");
        let c = Derivation {
            principal: &user,
            organization_id: None,
            org_targets: None,
            epoch_seconds: None,
        }
        .context();
        assert_eq!(c.single("aws:username"), Some("alice"));
        assert!(matches!(
            c.presence("aws:userid"),
            Presence::Unknown { always: true, .. }
        ));
        assert!(matches!(
            c.presence("aws:principalorgid"),
            Presence::Unknown { always: false, .. }
        ));
        assert!(matches!(
            c.presence("aws:currenttime"),
            Presence::Unknown { always: true, .. }
        ));
        let root = principal("arn:aws:iam::111122223333:root");
        let c = Derivation {
            principal: &root,
            organization_id: None,
            org_targets: None,
            epoch_seconds: None,
        }
        .context();
        assert_eq!(c.single("aws:userid"), Some("111122223333"));
        assert!(matches!(c.presence("aws:principaltag/team"), Presence::Absent(_)));
        let fed = principal("arn:aws:sts::111122223333:federated-user/bob");
        let c = Derivation {
            principal: &fed,
            organization_id: None,
            org_targets: None,
            epoch_seconds: None,
        }
        .context();
        assert_eq!(c.single("aws:userid"), Some("111122223333:bob"));
        assert_eq!(c.single("aws:principaltype"), Some("FederatedUser"));
    }

    #[test]
    fn org_paths_end_at_the_parent_ou() {
        assert_eq!(org_path("o-1", &["r-1".into(), "ou-1".into()]), "o-1/r-1/ou-1/");
        assert_eq!(org_path("o-1", &["r-1".into(), "123456789012".into()]), "o-1/r-1/");
    }
}
