//! One entry for whatever a user pastes from AWS: an organization or IAM bundle, an AccessDenied
//! message or CloudTrail event, the Access Troubleshooter's details or captured policy, or a decoded
//! authorization message. [`read`] tells them apart and reads the text; [`Pasted::apply_to`] puts the
//! result into a scenario. Malformed text gives located diagnostics and nothing to apply.

use serde::Serialize;

use super::authorization::{AuthorizationImport, read_authorization, read_captured_policy};
use super::bundle::{BundleImport, Select, read_bundle};
use super::denial::{Imported, import};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::route::catalog::Catalog;
use crate::scenario::{Document, PolicyRef, Scenario};

/// What was pasted, read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "read")]
pub enum Pasted {
    /// An organization and/or IAM bundle (or a bare IAM output): SCP levels, the role's policies.
    Bundle(BundleImport),
    /// An AccessDenied message or a CloudTrail event.
    Denial(Imported),
    /// `get-request-authorization-details` or `decode-authorization-message` output.
    Details(AuthorizationImport),
    /// `get-request-authorization-policy` output: a policy document as AWS captured it with the denial.
    CapturedPolicy(Document),
}

/// What kind of output a paste is.
enum Kind {
    /// An AccessDenied message or a CloudTrail event.
    Denial,
    /// A bundle or a bare IAM output; `names_account` when it says which account it was collected for.
    Bundle {
        names_account: bool,
    },
    Details,
    Policy,
}

/// What kind of text this is, from its top-level keys (even if its JSON has errors).
fn kind(text: &str) -> Option<Kind> {
    let trimmed = text.trim_start();
    if !trimmed.starts_with('{') {
        return Some(Kind::Denial);
    }
    let (node, _) = crate::syntax::json::parse(text);
    let root = node?;
    let has = |k: &str| root.get(k).is_some();
    if has("crisscrossBundle") || has("RoleDetailList") || has("Role") {
        Some(Kind::Bundle {
            names_account: has("account"),
        })
    } else if has("evaluations") || has("requestContext") || has("DecodedMessage") || has("explicitDeny") {
        Some(Kind::Details)
    } else if has("policyDocument") || has("Statement") {
        Some(Kind::Policy)
    } else if has("eventName") || has("eventSource") || has("errorMessage") || has("userIdentity") {
        Some(Kind::Denial)
    } else {
        None
    }
}

/// Reads pasted text. `scenario` gives the account and role a bundle is read for (its principal's).
///
/// # Errors
/// Located diagnostics when the text is malformed or is none of the outputs crisscross reads.
pub fn read(text: &str, scenario: &Scenario, catalog: &Catalog) -> Result<Pasted, Vec<Diagnostic>> {
    match kind(text) {
        Some(Kind::Denial) => Ok(Pasted::Denial(import(text, catalog))),
        Some(Kind::Bundle { names_account }) => {
            let fields = crate::syntax::arn::split(&scenario.principal);
            // A bundle that names its account is read for that account; the scenario's principal only
            // says which account to read an unnamed one for.
            let account = fields
                .map(|f| f[4])
                .filter(|a| super::bundle::is_account_id(a) && !names_account);
            let role = fields.and_then(|f| {
                let resource = f[5];
                resource
                    .strip_prefix("assumed-role/")
                    .and_then(|r| r.split('/').next())
                    .or_else(|| resource.strip_prefix("role/").and_then(|r| r.rsplit('/').next()))
            });
            let select = Select {
                account,
                role: None,
                role_hint: role,
            };
            read_bundle(text, select).map(Pasted::Bundle)
        }
        Some(Kind::Details) => read_authorization(text, catalog).map(Pasted::Details),
        Some(Kind::Policy) => read_captured_policy(text).map(Pasted::CapturedPolicy),
        None => {
            let (node, errors) = crate::syntax::json::parse(text);
            let errors: Vec<Diagnostic> = errors.into_iter().filter(Diagnostic::is_error).collect();
            if node.is_none() || !errors.is_empty() {
                return Err(errors);
            }
            Err(vec![
                Diagnostic::error(
                    Code::DenialImport,
                    "this JSON is none of the outputs crisscross reads",
                )
                .with_help("paste an organization bundle (docs/import-formats.md), `aws iam get-account-authorization-details`, `aws iam-toolbox get-request-authorization-details` or `get-request-authorization-policy`, `aws sts decode-authorization-message`, or a CloudTrail event")
                .at(text, Span::new(0, 1)),
            ])
        }
    }
}

impl Pasted {
    /// Puts what was read into the scenario. A captured policy replaces nothing by itself: see
    /// [`Pasted::replace_policy`].
    pub fn apply_to(&self, scenario: &mut Scenario) {
        match self {
            Self::Bundle(b) => b.apply_to(scenario),
            Self::Denial(d) => d.apply_to(scenario),
            Self::Details(d) => d.apply_to(scenario),
            Self::CapturedPolicy(_) => {}
        }
    }

    /// For a captured policy: replaces the document of the scenario's policy whose ARN is `uri`. Returns
    /// where it went, or `None` when no policy has that ARN (the scenario is then unchanged).
    pub fn replace_policy(&self, scenario: &mut Scenario, uri: &str) -> Option<PolicyRef> {
        let Self::CapturedPolicy(document) = self else {
            return None;
        };
        let at = scenario
            .policy_refs()
            .find(|(_, p)| p.arn.as_deref() == Some(uri))
            .map(|(at, _)| at)?;
        scenario.policy_mut(at)?.document = document.clone();
        Some(at)
    }

    /// The scenario's policies the paste names: the denying policy of a message, or every policy AWS
    /// matched in the details.
    #[must_use]
    pub fn policies_in(&self, scenario: &Scenario) -> Vec<PolicyRef> {
        match self {
            Self::Denial(d) => d.policy_in(scenario).into_iter().collect(),
            Self::Details(d) => d.matched_in(scenario).into_iter().map(|(at, _)| at).collect(),
            Self::Bundle(_) | Self::CapturedPolicy(_) => Vec::new(),
        }
    }

    /// What could not be read or settled, in words.
    #[must_use]
    pub fn notes(&self) -> Vec<String> {
        match self {
            Self::Bundle(b) => b.notes(),
            Self::Denial(d) => d.notes.clone(),
            Self::Details(d) => d.denial.notes.clone(),
            Self::CapturedPolicy(_) => vec![
                "AWS captured this document with the denial; for some services it omits actions of other services (IAM Toolbox API reference)".to_owned(),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        Scenario::from_json(
            r#"{"version": 1, "principal": "arn:aws:sts::111122223333:assumed-role/BedrockInvokerRole/invoke-fn",
                "request": {"profile": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "sourceRegion": "us-east-1"}}"#,
        )
        .unwrap()
    }

    fn data(name: &str) -> String {
        std::fs::read_to_string(format!("{}/tests/data/aws-cli/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn each_kind_of_paste_is_told_apart() {
        let catalog = Catalog::builtin();
        let s = scenario();
        assert!(matches!(
            read(&data("bundle-org.json"), &s, catalog),
            Ok(Pasted::Bundle(_))
        ));
        assert!(
            read(&data("iam-get-role.json"), &s, catalog).is_err(),
            "get-role alone lacks the policy lists"
        );
        assert!(matches!(
            read(&data("accessdenied-cli-error.txt"), &s, catalog),
            Ok(Pasted::Denial(_))
        ));
        assert!(matches!(
            read(&data("iam-toolbox-get-request-authorization-details.json"), &s, catalog),
            Ok(Pasted::Details(_))
        ));
        assert!(matches!(
            read(&data("iam-toolbox-get-request-authorization-policy.json"), &s, catalog),
            Ok(Pasted::CapturedPolicy(_))
        ));
        assert!(matches!(
            read(&data("sts-decode-authorization-message.json"), &s, catalog),
            Ok(Pasted::Details(_))
        ));
        let other_account = data("bundle-org.json").replace("111122223333", "444455556666");
        match read(&other_account, &s, catalog) {
            Ok(Pasted::Bundle(b)) => assert_eq!(b.account.as_deref(), Some("444455556666")),
            other => panic!("a bundle for another account is read for it: {other:?}"),
        }
        let unknown = read(r#"{"Accounts": []}"#, &s, catalog).unwrap_err();
        assert_eq!(unknown[0].code, "denial-import");
        let broken = read("{\"crisscrossBundle\": 1,\n \"listRoots\": {", &s, catalog).unwrap_err();
        assert_eq!(broken[0].code, "json-syntax");
    }

    #[test]
    fn a_bundle_for_the_scenario_s_account_fills_it_and_a_malformed_one_changes_nothing() {
        let catalog = Catalog::builtin();
        let mut s = scenario();
        let before = s.clone();
        let bad = data("bundle-org.json").replace("\"p-examplepolicyid222\": {", "\"p-other\": {");
        assert!(read(&bad, &s, catalog).is_err());
        assert_eq!(s, before);
        read(&data("bundle-org.json"), &s, catalog).unwrap().apply_to(&mut s);
        assert_eq!(s.scps.as_ref().map(Vec::len), Some(4));
        let captured = read(&data("iam-toolbox-get-request-authorization-policy.json"), &s, catalog).unwrap();
        let uri =
            "arn:aws:organizations::999988887777:policy/o-exampleorgid/service_control_policy/p-examplepolicyid222";
        assert_eq!(
            captured.replace_policy(&mut s, uri),
            Some(PolicyRef::Scp { level: 3, index: 1 })
        );
        assert!(matches!(
            &s.policy(PolicyRef::Scp { level: 3, index: 1 }).unwrap().document,
            Document::Json(_)
        ));
    }
}
