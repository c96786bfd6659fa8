//! The request context a direct call carries, derived from the principal ARN on its own, from the IAM
//! User Guide ("AWS global condition context keys", "IAM policy elements: Variables and tags"). Written
//! apart from the engine's model so the two can disagree.

use std::collections::BTreeMap;

/// The caller and the call, as the reference needs them.
#[derive(Debug, Clone)]
pub struct Call<'a> {
    /// The principal ARN.
    pub principal: &'a str,
    /// The organization ID, when the account is in an organization and the ID is known.
    pub organization: Option<&'a str>,
    /// The call's time, in seconds since the Unix epoch.
    pub epoch_seconds: i64,
    /// `aws:RequestedRegion`, when the call has one.
    pub region: Option<&'a str>,
    /// The resource ARN.
    pub resource: &'a str,
}

/// The keys AWS sets on a direct call, lowercased, each with its values.
#[must_use]
pub fn derived(call: &Call<'_>) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut set = |k: &str, v: String| {
        out.insert(k.to_owned(), vec![v]);
    };
    set("aws:securetransport", "true".into());
    set("aws:principalisawsservice", "false".into());
    set("aws:viaawsservice", "false".into());
    set("aws:epochtime", call.epoch_seconds.to_string());
    set("aws:currenttime", iso_time(call.epoch_seconds));
    let parts: Vec<&str> = call.principal.splitn(6, ':').collect();
    let (partition, service, account, name) = (
        parts.get(1).copied().unwrap_or_default(),
        parts.get(2).copied().unwrap_or_default(),
        parts.get(4).copied().unwrap_or_default(),
        parts.get(5).copied().unwrap_or_default(),
    );
    set("aws:principalaccount", account.to_owned());
    if service == "sts" && name.starts_with("assumed-role/") {
        let role = name
            .trim_start_matches("assumed-role/")
            .split('/')
            .next()
            .unwrap_or_default();
        set(
            "aws:principalarn",
            format!("arn:{partition}:iam::{account}:role/{role}"),
        );
        set("aws:principaltype", "AssumedRole".into());
    } else if service == "sts" && name.starts_with("federated-user/") {
        set("aws:principalarn", call.principal.to_owned());
        set("aws:principaltype", "FederatedUser".into());
        set(
            "aws:userid",
            format!("{account}:{}", name.trim_start_matches("federated-user/")),
        );
    } else if name.starts_with("user/") {
        set("aws:principalarn", call.principal.to_owned());
        set("aws:principaltype", "User".into());
        set("aws:username", name.rsplit('/').next().unwrap_or_default().to_owned());
    } else if name == "root" {
        set("aws:principalarn", call.principal.to_owned());
        set("aws:principaltype", "Account".into());
        set("aws:userid", account.to_owned());
    } else {
        set("aws:principalarn", call.principal.to_owned());
        set("aws:principaltype", "AssumedRole".into());
    }
    if let Some(org) = call.organization {
        set("aws:principalorgid", org.to_owned());
    }
    if let Some(region) = call.region {
        set("aws:requestedregion", region.to_owned());
    }
    let owner = call.resource.split(':').nth(4).unwrap_or_default();
    if !owner.is_empty() {
        set("aws:resourceaccount", owner.to_owned());
    }
    out
}

/// `YYYY-MM-DDThh:mm:ssZ` for seconds since the epoch, from the days-to-civil-date algorithm.
fn iso_time(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_principals() {
        assert_eq!(iso_time(1_767_225_600), "2026-01-01T00:00:00Z");
        let call = Call {
            principal: "arn:aws:sts::111122223333:assumed-role/App/s1",
            organization: Some("o-1"),
            epoch_seconds: 0,
            region: Some("us-east-1"),
            resource: "arn:aws:s3:::b/k",
        };
        let c = derived(&call);
        assert_eq!(c["aws:principalarn"], ["arn:aws:iam::111122223333:role/App"]);
        assert_eq!(c["aws:currenttime"], ["1970-01-01T00:00:00Z"]);
        assert!(!c.contains_key("aws:resourceaccount"));
    }
}
