//! The caller, read from its ARN: what kind of principal it is and the context keys AWS derives from it.

use super::{Context, ContextValue, Origin};
use crate::diagnostic::{Code, Diagnostic};

/// What the caller is, derived from the principal ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// As given.
    pub arn: String,
    /// The partition, such as `aws`.
    pub partition: String,
    /// The 12-digit account.
    pub account: String,
    /// `aws:PrincipalArn` (for a role session, the role's ARN).
    pub principal_arn: String,
    /// `aws:PrincipalType`.
    pub principal_type: &'static str,
    /// True for IAM roles (which act through sessions).
    pub role: bool,
    /// True for role sessions.
    pub role_session: bool,
    /// True for federated-user sessions.
    pub federated_user: bool,
    /// True for service-linked roles (path `/aws-service-role/`).
    pub service_linked: bool,
    /// `aws:username` for IAM users.
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
            principal_arn: arn.to_owned(),
            principal_type: "AssumedRole",
            role: false,
            role_session: false,
            federated_user: false,
            service_linked: false,
            user_name: None,
        };
        match (service, resource.split_once('/')) {
            ("iam", Some(("role", path))) => {
                p.role = true;
                p.service_linked = path.starts_with("aws-service-role/");
            }
            ("iam", Some(("user", path))) => {
                p.principal_type = "User";
                p.user_name = path.rsplit('/').next().map(str::to_owned);
            }
            ("iam", None) if resource == "root" => p.principal_type = "Account",
            ("sts", Some(("assumed-role", rest))) => {
                let role = rest.split('/').next().unwrap_or_default();
                p.role = true;
                p.role_session = true;
                p.principal_arn = format!("arn:{partition}:iam::{account}:role/{role}");
                p.service_linked = role.starts_with("AWSServiceRoleFor");
            }
            ("sts", Some(("federated-user", _))) => {
                p.principal_type = "FederatedUser";
                p.federated_user = true;
            }
            _ => return Err(invalid()),
        }
        Ok(p)
    }

    /// The context keys AWS derives from the principal.
    #[must_use]
    pub fn context(&self) -> Context {
        let mut c = Context::default();
        let mut put = |k: &str, v: &str| c.insert(k, ContextValue::Single(v.to_owned()), Origin::Derived);
        put("aws:PrincipalArn", &self.principal_arn);
        put("aws:PrincipalAccount", &self.account);
        put("aws:PrincipalType", self.principal_type);
        if let Some(name) = &self.user_name {
            put("aws:username", name);
        }
        c
    }
}
