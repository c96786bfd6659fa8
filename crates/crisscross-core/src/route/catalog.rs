//! The built-in catalog of Amazon Bedrock system-defined inference profiles and AWS Regions.
//!
//! The data lives in `data/cris-profiles.tsv` (one row per profile and source Region) and
//! `data/regions.tsv`, copied from the project's research with their sources and as-of date in their
//! first comment lines. AWS no longer publishes one table of routes; it asks users to call
//! `GetInferenceProfile` from each source Region. Every verdict therefore names the catalog date, and
//! users can describe profiles the catalog lacks (see [`crate::scenario`]).
//!
//! To update it, edit the TSV rows (keep them sorted by profile and source Region; `cargo test` checks
//! the invariants) and bump the `# as-of:` line.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

use crate::policy::decimal::Decimal;

const PROFILES_TSV: &str = include_str!("../../data/cris-profiles.tsv");
const REGIONS_TSV: &str = include_str!("../../data/regions.tsv");

/// The token in the TSV that stands for every commercial Region.
const ALL_COMMERCIAL: &str = "ALL_COMMERCIAL";

/// An AWS Region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    /// The code, such as `us-east-1`.
    pub code: String,
    /// The name, such as `US East (N. Virginia)`.
    pub name: String,
    /// The partition: `aws` or `aws-us-gov`.
    pub partition: String,
    /// True for Regions that are disabled by default.
    pub opt_in: bool,
    /// Approximate latitude, for drawing.
    pub lat: f32,
    /// Approximate longitude, for drawing.
    pub lon: f32,
}

/// The geography of a profile, from its ID prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Geography {
    /// `us.`
    Us,
    /// `eu.`
    Eu,
    /// `apac.`
    Apac,
    /// `jp.`
    Jp,
    /// `au.`
    Au,
    /// `ca.`
    Ca,
    /// `us-gov.`
    UsGov,
    /// `global.`
    Global,
}

impl Geography {
    /// Every geography, in display order.
    pub const ALL: [Self; 8] = [
        Self::Us,
        Self::Eu,
        Self::Apac,
        Self::Jp,
        Self::Au,
        Self::Ca,
        Self::UsGov,
        Self::Global,
    ];

    /// The profile ID prefix without the dot, as in the TSV.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Us => "us",
            Self::Eu => "eu",
            Self::Apac => "apac",
            Self::Jp => "jp",
            Self::Au => "au",
            Self::Ca => "ca",
            Self::UsGov => "us-gov",
            Self::Global => "global",
        }
    }

    /// Reads a prefix such as `eu`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == text)
    }

    /// The geography of a profile ID such as `eu.amazon.nova-pro-v1:0`.
    #[must_use]
    pub fn of_profile_id(id: &str) -> Option<Self> {
        let (prefix, _) = id.split_once('.')?;
        Self::parse(prefix)
    }
}

/// Where a profile routes when called from one source Region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    /// The source Region.
    pub source: String,
    /// The destination Regions in the documented order (for global profiles: the source Region; the
    /// rest are all commercial Regions).
    pub destinations: Vec<String>,
    /// True for global profiles, which route to any commercial Region.
    pub all_commercial: bool,
    /// Where this route was documented.
    pub source_url: String,
}

/// A system-defined inference profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// The profile ID, such as `us.anthropic.claude-sonnet-4-5-20250929-v1:0`.
    pub id: String,
    /// The foundation model ID, such as `anthropic.claude-sonnet-4-5-20250929-v1:0`.
    pub model_id: String,
    /// The geography.
    pub geography: Geography,
    /// One route per source Region, sorted by source Region.
    pub routes: Vec<Route>,
}

impl Profile {
    /// The source Regions this profile can be called from.
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.routes.iter().map(|r| r.source.as_str())
    }

    /// The route when called from `source`.
    #[must_use]
    pub fn route(&self, source: &str) -> Option<&Route> {
        self.routes.iter().find(|r| r.source == source)
    }

    /// A readable model name, such as `Claude Sonnet 4.5` (best effort, from the model ID).
    #[must_use]
    pub fn provider(&self) -> &str {
        self.model_id.split('.').next().unwrap_or_default()
    }
}

/// A line-numbered problem in catalog data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    /// Which file.
    pub file: &'static str,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} line {}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for CatalogError {}

/// The profiles and Regions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalog {
    /// The date of the newest source the data reflects.
    pub as_of: String,
    /// Profiles sorted by ID.
    pub profiles: Vec<Profile>,
    /// Regions in table order.
    pub regions: Vec<Region>,
}

static BUILTIN: LazyLock<Catalog> = LazyLock::new(|| match Catalog::from_tsv(PROFILES_TSV, REGIONS_TSV) {
    Ok(catalog) => catalog,
    // The embedded data is checked by tests; an empty catalog keeps a broken build usable.
    Err(_) => Catalog {
        as_of: String::new(),
        profiles: Vec::new(),
        regions: Vec::new(),
    },
});

fn as_of(text: &str) -> Option<String> {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix("# as-of:"))
        .map(|d| d.trim().to_owned())
}

impl Catalog {
    /// The catalog built into this version of crisscross.
    #[must_use]
    pub fn builtin() -> &'static Self {
        &BUILTIN
    }

    /// Parses the two TSV files.
    ///
    /// # Errors
    /// A [`CatalogError`] naming the file and line of the first problem.
    pub fn from_tsv(profiles_tsv: &str, regions_tsv: &str) -> Result<Self, CatalogError> {
        let regions = parse_regions(regions_tsv)?;
        // Each row's source and each new list's destinations are looked up by halves of the sorted codes.
        let mut codes: Vec<&str> = regions.iter().map(|r| r.code.as_str()).collect();
        crate::order::sort(&mut codes);
        let known = |code: &str| codes.binary_search(&code).is_ok();
        // Hundreds of rows share a few dozen destination lists: each list is read and checked once.
        let mut lists: HashMap<&str, (Vec<String>, bool)> = HashMap::new();
        let mut profiles: Vec<Profile> = Vec::new();
        let file = "cris-profiles.tsv";
        let mut header_seen = false;
        for (i, line) in profiles_tsv.lines().enumerate() {
            let line_no = i + 1;
            let err = |message: String| CatalogError {
                file,
                line: line_no,
                message,
            };
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !header_seen {
                header_seen = true;
                if !line.starts_with("profile_id\t") {
                    return Err(err("expected the header line `profile_id\tmodel_id\tgeography\tsource_region\tdestination_regions\tsource_url`".into()));
                }
                continue;
            }
            let [id, model, geography, source, destinations, url] = tab_fields(line).map_err(err)?;
            let geography =
                Geography::parse(geography).ok_or_else(|| err(format!("unknown geography `{geography}`")))?;
            if Geography::of_profile_id(id) != Some(geography) {
                return Err(err(format!(
                    "profile `{id}` does not start with `{}.`",
                    geography.as_str()
                )));
            }
            if !known(source) {
                return Err(err(format!("unknown source Region `{source}`")));
            }
            let (list, all_commercial) = match lists.get(destinations) {
                Some((list, all_commercial)) => (list.clone(), *all_commercial),
                None => {
                    let mut all_commercial = false;
                    let mut list = Vec::new();
                    for d in destinations.split(',') {
                        if d == ALL_COMMERCIAL {
                            all_commercial = true;
                        } else if known(d) {
                            if !list.iter().any(|x: &String| x == d) {
                                list.push(d.to_string());
                            }
                        } else {
                            return Err(err(format!("unknown destination Region `{d}`")));
                        }
                    }
                    lists.insert(destinations, (list.clone(), all_commercial));
                    (list, all_commercial)
                }
            };
            let route = Route {
                source: source.to_owned(),
                destinations: list,
                all_commercial,
                source_url: url.to_owned(),
            };
            match profiles.last_mut() {
                Some(p) if p.id == id => {
                    if p.model_id != model {
                        return Err(err(format!("profile `{id}` has two model IDs")));
                    }
                    if p.routes.last().is_some_and(|r| r.source.as_str() >= source) {
                        return Err(err(format!(
                            "rows for `{id}` are not sorted by source Region, or `{source}` is repeated"
                        )));
                    }
                    p.routes.push(route);
                }
                previous => {
                    if previous.is_some_and(|p| p.id.as_str() >= id) {
                        return Err(err(format!(
                            "profile `{id}` is out of order; keep rows sorted by profile ID"
                        )));
                    }
                    profiles.push(Profile {
                        id: id.to_owned(),
                        model_id: model.to_owned(),
                        geography,
                        routes: vec![route],
                    });
                }
            }
        }
        Ok(Self {
            as_of: as_of(profiles_tsv).unwrap_or_default(),
            profiles,
            regions,
        })
    }

    /// A profile by ID.
    #[must_use]
    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.profiles
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .and_then(|i| self.profiles.get(i))
    }

    /// A Region by code.
    #[must_use]
    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }

    /// Profiles of a foundation model.
    pub fn profiles_by_model<'a>(&'a self, model_id: &'a str) -> impl Iterator<Item = &'a Profile> {
        self.profiles.iter().filter(move |p| p.model_id == model_id)
    }

    /// Profiles of a geography.
    pub fn profiles_by_geography(&self, geography: Geography) -> impl Iterator<Item = &Profile> {
        self.profiles.iter().filter(move |p| p.geography == geography)
    }

    /// Profiles that can be called from a source Region.
    pub fn profiles_by_source<'a>(&'a self, source: &'a str) -> impl Iterator<Item = &'a Profile> {
        self.profiles.iter().filter(move |p| p.route(source).is_some())
    }

    /// Commercial Regions (the `aws` partition), for global routes.
    pub fn commercial_regions(&self) -> impl Iterator<Item = &Region> {
        self.regions.iter().filter(|r| r.partition == "aws")
    }

    /// The partition of a Region (`aws` when unknown).
    #[must_use]
    pub fn partition(&self, region: &str) -> &str {
        self.region(region).map_or("aws", |r| r.partition.as_str())
    }
}

/// The `N` tab-separated fields of a line; otherwise a message saying how many it has.
fn tab_fields<const N: usize>(line: &str) -> Result<[&str; N], String> {
    let mut fields = [""; N];
    let mut found = 0;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\t', line.as_bytes()).chain([line.len()]) {
        if let Some(field) = fields.get_mut(found) {
            *field = line.get(start..end).unwrap_or_default();
        }
        found += 1;
        start = end + 1;
    }
    if found == N {
        Ok(fields)
    } else {
        Err(format!("expected {N} tab-separated fields, found {found}"))
    }
}

fn parse_regions(text: &str) -> Result<Vec<Region>, CatalogError> {
    let file = "regions.tsv";
    let mut regions = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let err = |message: String| CatalogError {
            file,
            line: i + 1,
            message,
        };
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !header_seen {
            header_seen = true;
            if !line.starts_with("code\t") {
                return Err(err(
                    "expected the header line `code\tname\tpartition\topt_in\tlat\tlon`".into(),
                ));
            }
            continue;
        }
        let [code, name, partition, opt_in, lat, lon] = tab_fields(line).map_err(err)?;
        let number = |s: &str, what: &str| {
            Decimal::parse(s)
                .map(|n| n.approximate() as f32)
                .ok_or_else(|| err(format!("{what} `{s}` is not a number")))
        };
        let opt_in = match opt_in {
            "yes" => true,
            "no" => false,
            other => return Err(err(format!("opt_in must be `yes` or `no`, found `{other}`"))),
        };
        regions.push(Region {
            code: code.to_owned(),
            name: name.to_owned(),
            partition: partition.to_owned(),
            opt_in,
            lat: number(lat, "lat")?,
            lon: number(lon, "lon")?,
        });
    }
    Ok(regions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_is_valid_and_pinned() {
        let parsed = Catalog::from_tsv(PROFILES_TSV, REGIONS_TSV).expect("the embedded catalog parses");
        assert_eq!(parsed.as_of, "2026-11-30");
        assert_eq!(parsed.profiles.len(), 101, "data changes must be deliberate");
        assert_eq!(parsed.profiles.iter().map(|p| p.routes.len()).sum::<usize>(), 539);
        for profile in &parsed.profiles {
            for route in &profile.routes {
                assert!(
                    route.all_commercial == (profile.geography == Geography::Global),
                    "{} from {}: only global profiles route to all commercial Regions",
                    profile.id,
                    route.source
                );
            }
        }
    }

    #[test]
    fn lookups() {
        let c = Catalog::builtin();
        let p = c.profile("us.anthropic.claude-sonnet-4-5-20250929-v1:0").unwrap();
        assert_eq!(p.model_id, "anthropic.claude-sonnet-4-5-20250929-v1:0");
        assert_eq!(
            p.route("us-east-1").unwrap().destinations,
            ["us-east-1", "us-east-2", "us-west-2"]
        );
        assert!(
            c.profiles_by_source("eu-central-1")
                .any(|p| p.id == "eu.amazon.nova-pro-v1:0")
        );
        assert!(c.profiles_by_model("amazon.nova-pro-v1:0").count() >= 3);
        assert!(c.profiles_by_geography(Geography::Jp).all(|p| p.id.starts_with("jp.")));
        assert_eq!(c.partition("us-gov-west-1"), "aws-us-gov");
    }

    #[test]
    fn rows_sharing_a_destination_list_each_get_it() {
        let regions =
            "code\tname\tpartition\topt_in\tlat\tlon\nus-east-1\tN\taws\tno\t1\t2\nus-east-2\tO\taws\tno\t1\t2\n";
        let rows = "profile_id\tmodel_id\tgeography\tsource_region\tdestination_regions\tsource_url\n\
            us.x\tx\tus\tus-east-1\tus-east-2,us-east-1,us-east-2\tu\n\
            us.x\tx\tus\tus-east-2\tus-east-2,us-east-1,us-east-2\tv\n\
            us.y\ty\tus\tus-east-1\tus-east-2,mars-1\tu\n";
        let e = Catalog::from_tsv(rows, regions).unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (4, "unknown destination Region `mars-1`"));
        let c = Catalog::from_tsv(&rows.replace(",mars-1", ""), regions).unwrap();
        let routes = &c.profile("us.x").unwrap().routes;
        assert_eq!(routes.len(), 2);
        for route in routes {
            assert_eq!(route.destinations, ["us-east-2", "us-east-1"], "from {}", route.source);
        }
        assert_eq!(
            routes.iter().map(|r| r.source_url.as_str()).collect::<Vec<_>>(),
            ["u", "v"]
        );
    }

    #[test]
    fn rows_with_too_few_or_too_many_fields_say_how_many() {
        let regions = "code\tname\tpartition\topt_in\tlat\tlon\nus-east-1\tN\taws\tno\t1\t2\n";
        let header = "profile_id\tmodel_id\tgeography\tsource_region\tdestination_regions\tsource_url\n";
        for (row, found) in [
            ("us.x\tx\tus\tus-east-1\tus-east-1", 5),
            ("us.x\tx\tus\tus-east-1\tus-east-1\tu\tw", 7),
        ] {
            let e = Catalog::from_tsv(&format!("{header}{row}\n"), regions).unwrap_err();
            assert_eq!(e.message, format!("expected 6 tab-separated fields, found {found}"));
        }
        let short_region = regions.replace("\t2\n", "\n");
        let e = Catalog::from_tsv("", &short_region).unwrap_err();
        assert_eq!(
            (e.file, e.line, e.message.as_str()),
            ("regions.tsv", 2, "expected 6 tab-separated fields, found 5")
        );
    }

    #[test]
    fn errors_name_the_line() {
        let regions = "code\tname\tpartition\topt_in\tlat\tlon\nus-east-1\tN\taws\tno\t1\t2\n";
        let bad = "# c\nprofile_id\tmodel_id\tgeography\tsource_region\tdestination_regions\tsource_url\nus.x\tx\tus\tmars-1\tus-east-1\tu\n";
        let e = Catalog::from_tsv(bad, regions).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("mars-1"));
        let unsorted = "profile_id\tmodel_id\tgeography\tsource_region\tdestination_regions\tsource_url\nus.y\ty\tus\tus-east-1\tus-east-1\tu\nus.x\tx\tus\tus-east-1\tus-east-1\tu\n";
        assert_eq!(Catalog::from_tsv(unsorted, regions).unwrap_err().line, 3);
    }
}
