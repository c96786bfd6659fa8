//! The examples gallery: complete scenarios from the test corpus, embedded in the page.
//!
//! They are the same files `cargo test` checks, so an example cannot drift from what the core decides.

use crisscross_core::scenario::Scenario;

/// One scenario of the gallery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// A stable identifier (the corpus file's stem).
    pub id: &'static str,
    /// A short title for the gallery.
    pub title: &'static str,
    /// What it shows, in one line.
    pub summary: &'static str,
    /// The scenario file.
    pub json: &'static str,
}

macro_rules! corpus {
    ($name:literal) => {
        include_str!(concat!("../../tests/corpus/cris/", $name, ".json"))
    };
}

/// The gallery, default first.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "control-tower-us-east-1-us-profile-denied",
        title: "Control Tower Region deny vs. a us. profile",
        summary: "GRREGIONDENY allows only us-east-1; the us. profile also routes to us-east-2 and us-west-2.",
        json: corpus!("control-tower-us-east-1-us-profile-denied"),
    },
    Example {
        id: "control-tower-us-east-1-global-profile-denied",
        title: "Region deny vs. a global profile",
        summary: "The Region-less global model check has aws:RequestedRegion = unspecified.",
        json: corpus!("control-tower-us-east-1-global-profile-denied"),
    },
    Example {
        id: "eu-landing-zone-nova-pro-eu-central-1-denied",
        title: "EU landing zone vs. an eu. profile",
        summary: "A deny outside eu-central-1 and us-east-1 blocks eu-north-1, eu-west-1 and eu-west-3.",
        json: corpus!("eu-landing-zone-nova-pro-eu-central-1-denied"),
    },
    Example {
        id: "eu-landing-zone-nova-pro-eu-central-1-fixed-allowed",
        title: "EU landing zone, fixed",
        summary: "The article's fix: an ArnNotLike exception on bedrock:InferenceProfileArn for eu. profiles.",
        json: corpus!("eu-landing-zone-nova-pro-eu-central-1-fixed-allowed"),
    },
    Example {
        id: "identity-geo-cris-published-empty-account-denied",
        title: "Published US identity policy",
        summary: "Inference-profile ARNs always carry the caller's account; this one has none.",
        json: corpus!("identity-geo-cris-published-empty-account-denied"),
    },
    Example {
        id: "identity-geo-cris-account-fixed-allowed",
        title: "US identity policy, account added",
        summary: "The same policy with 111122223333 in both profile ARNs: every hop is allowed.",
        json: corpus!("identity-geo-cris-account-fixed-allowed"),
    },
    Example {
        id: "identity-global-cris-published-denied",
        title: "Published global identity policy",
        summary: "No statement for the model in the source Region, and an empty account field.",
        json: corpus!("identity-global-cris-published-denied"),
    },
    Example {
        id: "identity-eu-nova-pro-one-profile-from-eu-west-1-denied",
        title: "EU identity policy, other Region",
        summary: "The policy pins the profile ARN to eu-central-1; the call comes from eu-west-1.",
        json: corpus!("identity-eu-nova-pro-one-profile-from-eu-west-1-denied"),
    },
];

/// The example the page opens on.
#[must_use]
pub fn default_example() -> &'static Example {
    &EXAMPLES[0]
}

/// An example by id.
#[must_use]
pub fn by_id(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

impl Example {
    /// The scenario (the embedded files are checked by the corpus tests and by this crate's tests).
    #[must_use]
    pub fn scenario(&self) -> Option<Scenario> {
        Scenario::from_json(self.json).ok()
    }
}

#[cfg(test)]
mod tests {
    use crisscross_core::analysis::report;
    use crisscross_core::catalog::Catalog;

    use super::*;

    #[test]
    fn every_example_parses_and_decides_as_its_file_expects() {
        for example in EXAMPLES {
            let scenario = example
                .scenario()
                .unwrap_or_else(|| panic!("{} does not parse", example.id));
            let report = report(&scenario, Catalog::builtin());
            let expected = scenario.expect.as_ref().and_then(|e| e.decision);
            assert_eq!(report.decision, expected, "{}", example.id);
        }
    }

    #[test]
    fn the_default_is_a_real_denial() {
        let scenario = default_example().scenario().unwrap();
        let report = report(&scenario, Catalog::builtin());
        assert!(report.verdict.starts_with("Denied"), "{}", report.verdict);
    }
}
