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

/// An example from `tests/corpus/cris/<id>.json`: the file's stem is its identifier.
macro_rules! example {
    ($id:literal, $title:literal, $summary:literal) => {
        Example {
            id: $id,
            title: $title,
            summary: $summary,
            json: include_str!(concat!("../../tests/corpus/cris/", $id, ".json")),
        }
    };
}

/// The gallery, default first.
pub const EXAMPLES: &[Example] = &[
    example!(
        "control-tower-us-east-1-us-profile-denied",
        "Control Tower Region deny vs. a us. profile",
        "GRREGIONDENY allows only us-east-1; the us. profile also routes to us-east-2 and us-west-2."
    ),
    example!(
        "control-tower-us-east-1-global-profile-denied",
        "Region deny vs. a global profile",
        "The Region-less global model check has aws:RequestedRegion = unspecified."
    ),
    example!(
        "eu-landing-zone-nova-pro-eu-central-1-denied",
        "EU landing zone vs. an eu. profile",
        "A deny outside eu-central-1 and us-east-1 blocks eu-north-1, eu-west-1 and eu-west-3."
    ),
    example!(
        "eu-landing-zone-nova-pro-eu-central-1-fixed-allowed",
        "EU landing zone, fixed",
        "The article's fix: an ArnNotLike exception on bedrock:InferenceProfileArn for eu. profiles."
    ),
    example!(
        "identity-geo-cris-published-empty-account-denied",
        "Published US identity policy",
        "Inference-profile ARNs always carry the caller's account; this one has none."
    ),
    example!(
        "identity-geo-cris-account-fixed-allowed",
        "US identity policy, account added",
        "The same policy with 111122223333 in both profile ARNs: every hop is allowed."
    ),
    example!(
        "identity-global-cris-published-denied",
        "Published global identity policy",
        "No statement for the model in the source Region, and an empty account field."
    ),
    example!(
        "identity-eu-nova-pro-one-profile-from-eu-west-1-denied",
        "EU identity policy, other Region",
        "The policy pins the profile ARN to eu-central-1; the call comes from eu-west-1."
    ),
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
    use crisscross_core::report::report;
    use crisscross_core::route::catalog::Catalog;

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
