//! The caller, read from its ARN: what kind of principal it is, its role path and session, and the
//! ARNs AWS puts in the request context and in AccessDenied messages.

use crate::diagnostic::{Code, Diagnostic};

/// What kind of principal makes the call, as the request context and AccessDenied messages need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallerKind {
    /// An IAM user.
    User,
    /// A session of an IAM role (given as the session ARN, or as the role ARN: a role acts only through
    /// sessions).
    RoleSession,
    /// An AWS STS federated-user session (`GetFederationToken`).
    FederatedUser,
    /// The account's root user.
    Root,
}

/// What the caller is, derived from the principal ARN and the scenario's `rolePath` and `sessionName`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// As given.
    pub arn: String,
    /// The partition, such as `aws`.
    pub partition: String,
    /// The 12-digit account.
    pub account: String,
    /// The kind of principal.
    pub kind: CallerKind,
    /// `aws:PrincipalArn`: for a role session, the role's ARN with its path.
    pub principal_arn: String,
    /// `aws:PrincipalType`.
    pub principal_type: &'static str,
    /// True when the ARN given is the role's, not a session's.
    pub role: bool,
    /// The role's name, for role sessions.
    pub role_name: Option<String>,
    /// The role's or user's path, such as `/service-role/` (`/` when it has none); `None` when a session
    /// ARN was given without `rolePath`.
    pub path: Option<String>,
    /// The role session's name, when known.
    pub session_name: Option<String>,
    /// True for service-linked roles (path `/aws-service-role/`, or a role named `AWSServiceRoleFor...`).
    pub service_linked: bool,
    /// `aws:username` for IAM users; the federated user's name for federated users.
    pub user_name: Option<String>,
}

impl Principal {
    /// Reads a principal ARN.
    ///
    /// # Errors
    /// `invalid-principal` when it is not an IAM or STS principal ARN with an account.
    pub fn parse(arn: &str) -> Result<Self, Diagnostic> {
        let invalid = || {
            Diagnostic::error(Code::InvalidPrincipal, format!("`{arn}` is not a principal ARN"))
                .with_help("write an IAM role or user ARN (arn:aws:iam::111122223333:role/App), a role session (arn:aws:sts::111122223333:assumed-role/App/session) or a federated user")
        };
        let fields = crate::syntax::arn::split(arn).ok_or_else(invalid)?;
        let [prefix, partition, service, _, account, resource] = fields;
        if prefix != "arn" || account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let mut p = Self {
            arn: arn.to_owned(),
            partition: partition.to_owned(),
            account: account.to_owned(),
            kind: CallerKind::RoleSession,
            principal_arn: arn.to_owned(),
            principal_type: "AssumedRole",
            role: false,
            role_name: None,
            path: None,
            session_name: None,
            service_linked: false,
            user_name: None,
        };
        match (service, resource.split_once('/')) {
            ("iam", Some(("role", rest))) => {
                let (path, name) = split_path(rest);
                p.role = true;
                p.service_linked = path.starts_with("/aws-service-role/");
                p.role_name = Some(name.to_owned());
                p.path = Some(path);
            }
            ("iam", Some(("user", rest))) => {
                let (path, name) = split_path(rest);
                p.kind = CallerKind::User;
                p.principal_type = "User";
                p.user_name = Some(name.to_owned());
                p.path = Some(path);
            }
            ("iam", None) if resource == "root" => {
                p.kind = CallerKind::Root;
                p.principal_type = "Account";
            }
            ("sts", Some(("assumed-role", rest))) => {
                let (role, session) = rest.split_once('/').unwrap_or((rest, ""));
                p.role_name = Some(role.to_owned());
                p.session_name = (!session.is_empty()).then(|| session.to_owned());
                p.service_linked = role.starts_with("AWSServiceRoleFor");
                p.principal_arn = format!("arn:{partition}:iam::{account}:role/{role}");
            }
            ("sts", Some(("federated-user", name))) => {
                p.kind = CallerKind::FederatedUser;
                p.principal_type = "FederatedUser";
                p.user_name = Some(name.to_owned());
            }
            _ => return Err(invalid()),
        }
        Ok(p)
    }

    /// The principal with the scenario's `rolePath` and `sessionName` applied: the path completes
    /// `aws:PrincipalArn` of a session given by its session ARN (which carries no path), and the session
    /// name completes a role given by its role ARN.
    #[must_use]
    pub fn with_session(mut self, role_path: Option<&str>, session_name: Option<&str>) -> Self {
        if self.kind != CallerKind::RoleSession {
            return self;
        }
        if let (Some(path), false) = (role_path, self.role) {
            let path = normalized_path(path);
            self.service_linked |= path.starts_with("/aws-service-role/");
            let role = self.role_name.clone().unwrap_or_default();
            self.principal_arn = format!("arn:{}:iam::{}:role{path}{role}", self.partition, self.account);
            self.path = Some(path);
        }
        if let (Some(name), true) = (session_name, self.role) {
            self.session_name = Some(name.to_owned());
        }
        self
    }

    /// The ARN AWS names in AccessDenied messages: for a role, the session
    /// (`arn:aws:sts::111122223333:assumed-role/App/session-name`; `<session-name>` stands in for a name
    /// the scenario does not give), otherwise the principal ARN as given.
    #[must_use]
    pub fn caller_arn(&self) -> String {
        match (&self.role_name, self.role) {
            (Some(role), true) => format!(
                "arn:{}:sts::{}:assumed-role/{role}/{}",
                self.partition,
                self.account,
                self.session_name.as_deref().unwrap_or("<session-name>")
            ),
            _ => self.arn.clone(),
        }
    }
}

/// `path/to/Name` → (`/path/to/`, `Name`); a name without a path has the path `/`.
fn split_path(rest: &str) -> (String, &str) {
    match rest.rsplit_once('/') {
        Some((path, name)) => (format!("/{path}/"), name),
        None => ("/".to_owned(), rest),
    }
}

/// A path written with or without its slashes, as IAM writes it: `/service-role/`.
fn normalized_path(path: &str) -> String {
    let inner = path.trim_matches('/');
    if inner.is_empty() {
        "/".to_owned()
    } else {
        format!("/{inner}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_session_gets_its_path_from_the_scenario() {
        let p = Principal::parse("arn:aws:sts::111122223333:assumed-role/App/session1").unwrap();
        assert_eq!(p.principal_arn, "arn:aws:iam::111122223333:role/App");
        assert_eq!(p.caller_arn(), "arn:aws:sts::111122223333:assumed-role/App/session1");
        let p = p.with_session(Some("service-role"), None);
        assert_eq!(p.principal_arn, "arn:aws:iam::111122223333:role/service-role/App");
        assert_eq!(p.path.as_deref(), Some("/service-role/"));
    }

    #[test]
    fn a_role_arn_keeps_its_path_and_names_a_session_in_messages() {
        let p = Principal::parse("arn:aws:iam::111122223333:role/service-role/App").unwrap();
        assert_eq!(p.principal_arn, "arn:aws:iam::111122223333:role/service-role/App");
        assert_eq!(p.role_name.as_deref(), Some("App"));
        assert_eq!(
            p.caller_arn(),
            "arn:aws:sts::111122223333:assumed-role/App/<session-name>"
        );
        let p = p.with_session(Some("/other/"), Some("ci-run-7"));
        assert_eq!(
            p.principal_arn, "arn:aws:iam::111122223333:role/service-role/App",
            "the ARN's own path wins"
        );
        assert_eq!(p.caller_arn(), "arn:aws:sts::111122223333:assumed-role/App/ci-run-7");
    }

    #[test]
    fn users_root_and_federated_users() {
        let user = Principal::parse("arn:aws:iam::111122223333:user/division/alice").unwrap();
        assert_eq!(
            (user.kind, user.user_name.as_deref(), user.path.as_deref()),
            (CallerKind::User, Some("alice"), Some("/division/"))
        );
        assert_eq!(user.caller_arn(), user.arn);
        let root = Principal::parse("arn:aws:iam::111122223333:root").unwrap();
        assert_eq!((root.kind, root.principal_type), (CallerKind::Root, "Account"));
        let fed = Principal::parse("arn:aws:sts::111122223333:federated-user/bob").unwrap();
        assert_eq!(
            (fed.kind, fed.user_name.as_deref()),
            (CallerKind::FederatedUser, Some("bob"))
        );
    }
}
