//! Share links: a whole scenario in the URL fragment, so a link reopens exactly the same state for
//! anyone, years later, with no server to store it. The format is specified in `docs/share-links.md`.
//!
//! A link is `BASE#v1.d.PAYLOAD`: `v1` is the link format, `d` the codec (raw DEFLATE), and `PAYLOAD`
//! the base64url encoding (no padding) of the compressed envelope
//! `{"catalog":…,"crisscross":…,"scenario":…,"check":…}`. The scenario is its canonical JSON
//! ([`Scenario::to_json`]), which keeps policy documents exactly as typed; `catalog` and `crisscross`
//! record what computed the author's results; `check` is a hash of everything before it, because raw
//! DEFLATE has no checksum and a damaged link must not open as a different scenario.
//!
//! Every character of a link other than the base URL is an RFC 3986 unreserved character
//! (`A-Z a-z 0-9 - _ .`) plus the one `#`, so no tool needs to percent-encode it.

use base64::Engine as _;
use base64::alphabet::URL_SAFE;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress};
use serde::Deserialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use crate::diagnostic::{Code, Diagnostic};
use crate::route::catalog::Catalog;
use crate::scenario::{Document, PolicyInput, Scenario};
use crate::size;

/// The link format this build writes and reads.
pub const FORMAT: &str = "v1";
/// The codec this build writes and reads: raw DEFLATE (RFC 1951).
pub const CODEC: &str = "d";
/// Largest envelope (uncompressed JSON) written or read, in bytes. Far above the largest scenario AWS
/// quotas allow in practice, and small enough that a hostile link cannot exhaust a browser tab's memory.
pub const MAX_JSON_BYTES: usize = 1 << 20;
/// Longest payload read, in characters. Anything [`encode`] writes is shorter: raw DEFLATE adds at most
/// a few bytes per 64 KiB to [`MAX_JSON_BYTES`], and base64 four characters per three bytes.
pub const MAX_PAYLOAD_CHARS: usize = 1_500_000;
/// Length in characters above which chat tools may cut or refuse a link: Slack advises keeping messages
/// under 4,000 characters.
pub const CHAT_LIMIT: usize = 4_000;
/// Hex characters of the [`scenario_id`] and of the envelope's check: 48 bits, enough to tell scenarios
/// apart in a ticket tracker and to catch a damaged payload.
const HASH_HEX_CHARS: usize = 12;
/// miniz_oxide's best compression; links are written rarely and read often.
const DEFLATE_LEVEL: u8 = 10;

/// How to write a link.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EncodeOptions {
    /// Removes the whitespace between JSON tokens of every policy that parses cleanly, to shorten the
    /// link. Decisions are unchanged; line numbers in diagnostics and the SDK-counted size change.
    pub minify: bool,
}

/// A link as written by [`encode`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    /// The fragment, starting with `#`.
    pub fragment: String,
    /// The [`scenario_id`] of the scenario in the link (after minifying, when asked).
    pub id: String,
}

impl Encoded {
    /// The full link: `base` without any fragment it had, followed by [`Encoded::fragment`].
    #[must_use]
    pub fn url(&self, base: &str) -> String {
        link_url(base, &self.fragment)
    }
}

/// The full link of a `fragment` (as [`fragment`] writes it): `base` without any fragment it had,
/// followed by `fragment`.
#[must_use]
pub fn link_url(base: &str, fragment: &str) -> String {
    let base = base.split('#').next().unwrap_or_default();
    format!("{base}{fragment}")
}

/// A scenario read from a link.
#[derive(Debug, Clone, PartialEq)]
pub struct Shared {
    /// The scenario, exactly as it was encoded.
    pub scenario: Scenario,
    /// Its [`scenario_id`].
    pub id: String,
    /// The as-of date of the catalog the author's crisscross had.
    pub catalog: String,
    /// The version of crisscross that wrote the link.
    pub crisscross: String,
}

impl Shared {
    /// A note for the page when the author's results came from another catalog than the built-in one.
    #[must_use]
    pub fn catalog_notice(&self) -> Option<String> {
        let current = &Catalog::builtin().as_of;
        (self.catalog != *current).then(|| {
            format!(
                "this link was made with the inference-profile catalog as of {}; results here are computed with \
                 the built-in catalog as of {current}, so routes and verdicts may differ from what its author saw",
                self.catalog
            )
        })
    }
}

/// Why a link could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The text has no crisscross link fragment at all.
    NotALink,
    /// The link ends early, as when a chat tool cuts a long link.
    Truncated,
    /// The payload was altered; the text says where or how.
    Corrupted(String),
    /// A link format other than [`FORMAT`].
    UnknownVersion(String),
    /// A codec other than [`CODEC`].
    UnknownCodec(String),
    /// Larger than the caps that protect the reader.
    TooLarge {
        /// What is too large, with its size.
        what: String,
        /// The cap, in the same unit.
        limit: usize,
    },
    /// The payload is intact but its scenario does not read.
    InvalidScenario {
        /// The problem in the scenario.
        diagnostic: Diagnostic,
        /// The crisscross version that wrote the link.
        made_by: String,
    },
}

impl ShareError {
    /// Stable code, listed in `docs/diagnostics.md`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.registered_code().as_str()
    }

    fn registered_code(&self) -> Code {
        match self {
            Self::NotALink => Code::LinkNotALink,
            Self::Truncated => Code::LinkTruncated,
            Self::Corrupted(_) => Code::LinkCorrupted,
            Self::UnknownVersion(_) => Code::LinkVersion,
            Self::UnknownCodec(_) => Code::LinkCodec,
            Self::TooLarge { .. } => Code::LinkTooLarge,
            Self::InvalidScenario { .. } => Code::LinkScenario,
        }
    }

    /// How to get a working link.
    #[must_use]
    pub fn help(&self) -> String {
        const RECOPY: &str = "copy the whole link again from where it was shared";
        match self {
            Self::NotALink => format!(
                "a crisscross link ends in `#{FORMAT}.{CODEC}.` followed by the scenario; make one with the \
                 playground's Share button or `crisscross link FILE`"
            ),
            Self::Truncated => format!(
                "chat tools and email clients often cut long links; {RECOPY}, or share the scenario as a JSON \
                 file, which the playground and `crisscross eval` open too"
            ),
            Self::Corrupted(_) => format!(
                "a character was changed, added or removed on the way, perhaps by line wrapping or a chat tool; \
                 {RECOPY}"
            ),
            Self::UnknownVersion(_) | Self::UnknownCodec(_) => {
                "the link was made by a newer crisscross; open it in the current playground or update the CLI"
                    .to_owned()
            }
            Self::TooLarge { .. } => {
                "share the scenario as a JSON file instead: the playground and `crisscross eval` open it".to_owned()
            }
            Self::InvalidScenario { diagnostic, made_by } => {
                let mut help = diagnostic.help.clone().unwrap_or_default();
                if made_by != env!("CARGO_PKG_VERSION") {
                    if !help.is_empty() {
                        help.push_str("; ");
                    }
                    help.push_str(&format!(
                        "the link was made by crisscross {made_by} and this is {}",
                        env!("CARGO_PKG_VERSION")
                    ));
                }
                help
            }
        }
    }

    /// The error as a diagnostic of the link itself (in no policy), for the page and the CLI.
    #[must_use]
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::error(self.registered_code(), self.to_string()).with_help(self.help())
    }
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotALink => write!(f, "this is not a crisscross link: it has no `#{FORMAT}.` fragment"),
            Self::Truncated => write!(f, "the link is cut short: its scenario data ends early"),
            Self::Corrupted(detail) => write!(f, "the link is damaged: {detail}"),
            Self::UnknownVersion(v) => write!(
                f,
                "the link uses format `{v}`, which this build of crisscross cannot read (it reads `{FORMAT}`)"
            ),
            Self::UnknownCodec(c) => write!(
                f,
                "the link's data uses codec `{c}`, which this build of crisscross cannot read (it reads `{CODEC}`, \
                 raw DEFLATE)"
            ),
            Self::TooLarge { what, limit } => write!(f, "{what}, above the limit of {limit}"),
            Self::InvalidScenario { diagnostic, .. } => {
                write!(f, "the link's scenario is not valid: {}", diagnostic.message)
            }
        }
    }
}

impl std::error::Error for ShareError {}

/// The short ID of a scenario: the first 12 hex digits of the SHA-256 of its canonical JSON. Two people
/// with the same scenario see the same ID.
#[must_use]
pub fn scenario_id(scenario: &Scenario) -> String {
    short_hash(&scenario.to_json())
}

pub(crate) fn short_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .flat_map(|b| [b >> 4, b & 0xf])
        .take(HASH_HEX_CHARS)
        .map(|nibble| char::from_digit(u32::from(nibble), 16).unwrap_or('0'))
        .collect()
}

/// Writes the link fragment of a scenario.
///
/// # Errors
/// [`ShareError::TooLarge`] when the scenario is larger than a link may carry.
pub fn encode(scenario: &Scenario, options: EncodeOptions) -> Result<Encoded, ShareError> {
    let json = linked_json(scenario, options);
    Ok(Encoded {
        fragment: fragment_of(&json)?,
        id: short_hash(&json),
    })
}

/// [`Encoded::fragment`] alone, for a caller that only writes the link (the page's address bar): the
/// [`scenario_id`] it leaves out costs as much as the link's own check.
///
/// # Errors
/// As [`encode`].
pub fn fragment(scenario: &Scenario, options: EncodeOptions) -> Result<String, ShareError> {
    fragment_of(&linked_json(scenario, options))
}

/// The JSON of the scenario a link carries: minified when asked. Its hash is the [`scenario_id`].
fn linked_json(scenario: &Scenario, options: EncodeOptions) -> String {
    if options.minify {
        minify(scenario).to_json()
    } else {
        scenario.to_json()
    }
}

fn fragment_of(scenario_json: &str) -> Result<String, ShareError> {
    let envelope = seal(&Catalog::builtin().as_of, env!("CARGO_PKG_VERSION"), scenario_json);
    Ok(format!("#{FORMAT}.{CODEC}.{}", pack(&envelope, "the scenario")?))
}

/// Compresses and encodes an envelope into a payload; `what` names its content in the size error.
pub(crate) fn pack(envelope: &str, what: &str) -> Result<String, ShareError> {
    if envelope.len() > MAX_JSON_BYTES {
        return Err(ShareError::TooLarge {
            what: format!("{what} takes {} bytes", envelope.len()),
            limit: MAX_JSON_BYTES,
        });
    }
    let compressed = miniz_oxide::deflate::compress_to_vec(envelope.as_bytes(), DEFLATE_LEVEL);
    Ok(URL_SAFE_NO_PAD.encode(compressed))
}

/// The envelope, written by hand so the scenario is embedded verbatim and `check` comes last, hashing
/// the exact text before it.
fn seal(catalog: &str, crisscross: &str, scenario_json: &str) -> String {
    let body = format!(
        r#"{{"catalog":{},"crisscross":{},"scenario":{scenario_json}"#,
        json_string(catalog),
        json_string(crisscross),
    );
    let check = short_hash(&body);
    format!(r#"{body},"check":"{check}"}}"#)
}

pub(crate) fn json_string(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// A note when a link of `len` characters is longer than common tools accept.
#[must_use]
pub fn length_warning(len: usize) -> Option<String> {
    let tool = if len > 65_536 {
        "a GitHub issue or comment (65,536 characters)"
    } else if len > 28_000 {
        "a Microsoft Teams message (about 28 KB)"
    } else if len > CHAT_LIMIT {
        "what Slack advises for a message (4,000 characters); chat tools may cut it"
    } else {
        return None;
    };
    Some(format!(
        "the link has {len} characters, more than {tool}; shorten it with minify, or share the scenario as a JSON file"
    ))
}

/// The envelope as read; the scenario stays raw so that it is parsed with the scenario's own diagnostics.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<'a> {
    catalog: String,
    crisscross: String,
    #[serde(borrow)]
    scenario: &'a RawValue,
    check: String,
}

/// Decoding accepts what `encode` wrote and only that, except that the final base64 character may carry
/// non-zero spare bits until the payload is known to be complete: a cut link often ends in such a
/// character, and it must be reported as cut rather than as damaged.
const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

/// Reads a link: a full URL, its fragment (`#v1.d.…`) or the fragment without `#`. Surrounding
/// whitespace is ignored.
///
/// # Errors
/// A distinct [`ShareError`] for each way a link can be broken; none of them panics.
pub fn decode(link: &str) -> Result<Shared, ShareError> {
    let text = unpack(payload_of(link.trim())?)?;
    let text = text.as_str();
    let envelope: Envelope<'_> = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            ShareError::Truncated
        } else {
            ShareError::Corrupted(format!("its data is not a crisscross link envelope ({e})"))
        }
    })?;
    verify(text, &envelope.check)?;
    let scenario = Scenario::from_json(envelope.scenario.get()).map_err(|diagnostic| ShareError::InvalidScenario {
        diagnostic,
        made_by: envelope.crisscross.clone(),
    })?;
    Ok(Shared {
        // A link written by another encoder may embed the scenario in a non-canonical form; the ID is
        // that of the scenario, as every export of it shows.
        id: scenario_id(&scenario),
        scenario,
        catalog: envelope.catalog,
        crisscross: envelope.crisscross,
    })
}

/// Checks that an envelope's text ends with the `check` crisscross writes, and that the check is the
/// hash of everything before it.
pub(crate) fn verify(envelope: &str, check: &str) -> Result<(), ShareError> {
    let sealed = format!(r#","check":"{check}"}}"#);
    let body = envelope
        .strip_suffix(&sealed)
        .ok_or_else(|| ShareError::Corrupted("its data does not end with the check crisscross writes".to_owned()))?;
    if short_hash(body) != check {
        return Err(ShareError::Corrupted("its data does not match its check".to_owned()));
    }
    Ok(())
}

/// Reads a payload that [`pack`] wrote back into its envelope's text.
pub(crate) fn unpack(payload: &str) -> Result<String, ShareError> {
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(ShareError::TooLarge {
            what: format!("the link has {} characters of data", payload.len()),
            limit: MAX_PAYLOAD_CHARS,
        });
    }
    if let Some((at, c)) = payload
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    {
        let what = if c.is_whitespace() {
            "it is split by whitespace (join the lines)".to_owned()
        } else {
            format!("it contains {c:?}, which no crisscross link has")
        };
        return Err(ShareError::Corrupted(format!("{what} at character {at} of the data")));
    }
    // A base64 text of length 4n+1 cannot come from whole bytes: a character is missing.
    if payload.len() % 4 == 1 {
        return Err(ShareError::Truncated);
    }
    let compressed = LENIENT_BASE64
        .decode(payload)
        .map_err(|e| ShareError::Corrupted(format!("its data is not base64url ({e})")))?;
    let json = inflate(&compressed)?;
    if URL_SAFE_NO_PAD.encode(&compressed) != payload {
        return Err(ShareError::Corrupted("its last character was changed".to_owned()));
    }
    String::from_utf8(json).map_err(|_| ShareError::Corrupted("its data does not decompress to text".to_owned()))
}

/// The payload of a link, after checking its format and codec.
pub(crate) fn payload_of(link: &str) -> Result<&str, ShareError> {
    let fragment = link.split_once('#').map_or(link, |(_, fragment)| fragment);
    let prefix = format!("{FORMAT}.{CODEC}.");
    if prefix.starts_with(fragment) {
        return Err(if fragment.is_empty() && !link.contains('#') {
            ShareError::NotALink
        } else {
            ShareError::Truncated
        });
    }
    let mut parts = fragment.splitn(3, '.');
    let version = parts.next().unwrap_or_default();
    let is_version = version
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if !is_version {
        return Err(ShareError::NotALink);
    }
    if version != FORMAT {
        return Err(ShareError::UnknownVersion(version.to_owned()));
    }
    match (parts.next(), parts.next()) {
        (Some(codec), _) if codec != CODEC => Err(ShareError::UnknownCodec(codec.to_owned())),
        (Some(_), Some(payload)) if !payload.is_empty() => Ok(payload),
        _ => Err(ShareError::Truncated),
    }
}

/// Raw DEFLATE with the output capped at [`MAX_JSON_BYTES`] (no decompression bomb) and no bytes
/// allowed after the end of the stream.
fn inflate(input: &[u8]) -> Result<Vec<u8>, ShareError> {
    let mut state = Box::<DecompressorOxide>::default();
    let mut out = vec![0; input.len().saturating_mul(4).clamp(1024, MAX_JSON_BYTES)];
    let (mut in_pos, mut out_pos) = (0, 0);
    loop {
        let rest = input.get(in_pos..).unwrap_or_default();
        let (status, read, written) = decompress(
            &mut state,
            rest,
            &mut out,
            out_pos,
            TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
        );
        in_pos += read;
        out_pos += written;
        match status {
            TINFLStatus::Done if in_pos == input.len() => {
                out.truncate(out_pos);
                return Ok(out);
            }
            TINFLStatus::Done => {
                return Err(ShareError::Corrupted(
                    "it has extra characters after the end of its data".to_owned(),
                ));
            }
            TINFLStatus::HasMoreOutput if out.len() < MAX_JSON_BYTES => {
                out.resize(out.len().saturating_mul(2).min(MAX_JSON_BYTES), 0);
            }
            TINFLStatus::HasMoreOutput => {
                return Err(ShareError::TooLarge {
                    what: "the link's data decompresses to more than the limit".to_owned(),
                    limit: MAX_JSON_BYTES,
                });
            }
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                return Err(ShareError::Truncated);
            }
            _ => return Err(ShareError::Corrupted("its data does not decompress".to_owned())),
        }
    }
}

/// The scenario with every cleanly parsing policy minified (see [`EncodeOptions::minify`]).
#[must_use]
pub fn minify(scenario: &Scenario) -> Scenario {
    let mut out = scenario.clone();
    let levels = out.scps.iter_mut().flatten().flat_map(|l| l.policies.iter_mut());
    let singles = out.permissions_boundary.iter_mut().chain(out.session_policy.iter_mut());
    for policy in levels.chain(out.identity_policies.iter_mut()).chain(singles) {
        minify_policy(policy);
    }
    out
}

/// Minifies one policy in place, unless its text has JSON problems: its author must see those where they
/// wrote them, and comments would change meaning without their line breaks.
fn minify_policy(policy: &mut PolicyInput) {
    let Ok(min) = size::minify(policy.document.text()) else {
        return;
    };
    match &mut policy.document {
        Document::Text(text) | Document::Json(text) => *text = min.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = r#"{
  "version": 1,
  "description": "Région — ünïcode ✓",
  "principal": "arn:aws:iam::111122223333:role/App",
  "scps": [{"target": "r-root", "policies": [{"name": "Full", "document": {"Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}],
  "identityPolicies": [{"name": "Typed", "document": "{\n  \"Version\": \"2012-10-17\",\n\t\"Statement\": [ {\"Effect\":\"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"} ]\n}\n"}],
  "request": {"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "region": "us-east-1"}
}"#;

    fn sample() -> Scenario {
        Scenario::from_json(SCENARIO).unwrap()
    }

    fn fragment(minify: bool) -> String {
        encode(&sample(), EncodeOptions { minify }).unwrap().fragment
    }

    #[test]
    fn round_trips_exactly() {
        let encoded = encode(&sample(), EncodeOptions::default()).unwrap();
        assert!(encoded.fragment.starts_with("#v1.d."));
        assert_eq!(encoded.id, scenario_id(&sample()));
        assert_eq!(encoded.id.len(), 12);
        let shared = decode(&encoded.url("https://example.test/play?x=1#old")).unwrap();
        assert_eq!(shared.scenario, sample());
        assert_eq!(shared.id, encoded.id);
        assert_eq!(shared.catalog, Catalog::builtin().as_of);
        assert_eq!(shared.crisscross, env!("CARGO_PKG_VERSION"));
        assert_eq!(shared.catalog_notice(), None);
        // The fragment alone, with or without `#`, and with whitespace around it.
        assert_eq!(decode(&encoded.fragment).unwrap().scenario, sample());
        assert_eq!(
            decode(&format!(" {}\n", &encoded.fragment[1..])).unwrap().scenario,
            sample()
        );
    }

    /// The page writes the address bar's link without the scenario ID: it must be the link the share
    /// panel and the CLI write, and the ID they show must be the scenario's as the link carries it.
    #[test]
    fn the_address_bar_link_is_the_shared_link() {
        for minified in [false, true] {
            let options = EncodeOptions { minify: minified };
            let encoded = encode(&sample(), options).unwrap();
            assert_eq!(super::fragment(&sample(), options).unwrap(), encoded.fragment);
            let carried = decode(&encoded.fragment).unwrap().scenario;
            assert_eq!(encoded.id, scenario_id(&carried), "minified: {minified}");
        }
        assert_ne!(
            encode(&sample(), EncodeOptions { minify: true }).unwrap().id,
            scenario_id(&sample()),
            "the sample has whitespace to minify, so the minified scenario has another ID"
        );
    }

    #[test]
    fn minify_shortens_and_keeps_meaning() {
        let shared = decode(&fragment(true)).unwrap().scenario;
        assert!(fragment(true).len() < fragment(false).len());
        assert_eq!(
            shared.identity_policies[0].document,
            Document::Text(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#.into()
            )
        );
        let full = &shared.scps.as_ref().unwrap()[0].policies[0].document;
        assert!(matches!(full, Document::Json(t) if !t.contains(' ')), "{full:?}");
        assert_eq!(shared.description, sample().description);
    }

    #[test]
    fn minify_leaves_broken_policies_as_typed() {
        let mut s = sample();
        let broken = "{\"Version\": \"2012-10-17\", // why\n \"Statement\": []}";
        s.identity_policies[0].document = Document::Text(broken.into());
        assert_eq!(minify(&s).identity_policies[0].document.text(), broken);
    }

    #[test]
    fn links_are_url_safe() {
        for minify in [false, true] {
            let f = fragment(minify);
            assert!(
                f[1..].bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
                "{f}"
            );
        }
    }

    #[test]
    fn every_cut_is_reported_as_truncated() {
        let f = fragment(false);
        for end in 1..f.len() {
            assert_eq!(decode(&f[..end]), Err(ShareError::Truncated), "cut at {end}");
        }
    }

    #[test]
    fn changes_are_reported_as_corruption() {
        let f = fragment(false);
        let prefix = "#v1.d.".len();
        for at in prefix..f.len() {
            let mut bytes = f.clone().into_bytes();
            bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(bytes).unwrap();
            match decode(&changed) {
                Err(ShareError::Corrupted(_) | ShareError::Truncated) => {}
                // The change hit the spare bits after DEFLATE's final end-of-block code: same content.
                Ok(shared) if at + 2 >= f.len() && shared.scenario == sample() => {}
                other => panic!("change at {at}: {other:?}"),
            }
        }
        let err = decode(&format!("{}\n{}", &f[..40], &f[40..])).unwrap_err();
        assert!(err.to_string().contains("split by whitespace"), "{err}");
        assert!(matches!(decode(&format!("{f}.")), Err(ShareError::Corrupted(_))));
        assert!(matches!(decode(&format!("{f}AAAA")), Err(ShareError::Corrupted(_))));
    }

    #[test]
    fn versions_and_codecs_are_named() {
        assert_eq!(decode("#v2.d.abcd"), Err(ShareError::UnknownVersion("v2".into())));
        assert_eq!(decode("#v1.b.abcd"), Err(ShareError::UnknownCodec("b".into())));
        assert_eq!(decode("https://example.test/"), Err(ShareError::NotALink));
        assert_eq!(decode("#section-2"), Err(ShareError::NotALink));
        assert_eq!(decode("https://example.test/#"), Err(ShareError::Truncated));
        assert_eq!(decode("#v1.d"), Err(ShareError::Truncated));
    }

    #[test]
    fn bombs_are_refused() {
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_JSON_BYTES + 1], 10);
        let link = format!("#v1.d.{}", URL_SAFE_NO_PAD.encode(bomb));
        assert!(link.len() < 10_000, "{}", link.len());
        assert_eq!(decode(&link).unwrap_err().code(), "link-too-large");
        let long = format!("#v1.d.{}", "A".repeat(MAX_PAYLOAD_CHARS + 1));
        assert_eq!(decode(&long).unwrap_err().code(), "link-too-large");
    }

    #[test]
    fn invalid_scenarios_say_why() {
        let envelope = seal(
            "2020-01-01",
            "9.9.9",
            r#"{"version":1,"principal":"p","request":{},"extra":true}"#,
        );
        let payload = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(envelope.as_bytes(), 10));
        let err = decode(&format!("#v1.d.{payload}")).unwrap_err();
        assert_eq!(err.code(), "link-scenario");
        assert!(err.to_string().contains("extra"), "{err}");
        assert!(err.help().contains("crisscross 9.9.9"), "{}", err.help());
        let d = err.to_diagnostic();
        assert_eq!((d.code.as_str(), d.policy), ("link-scenario", None));
    }

    #[test]
    fn an_older_catalog_is_noticed() {
        let envelope = seal("2020-01-01", "0.0.1", &sample().to_json());
        let payload = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(envelope.as_bytes(), 10));
        let shared = decode(&format!("#v1.d.{payload}")).unwrap();
        assert!(shared.catalog_notice().unwrap().contains("as of 2020-01-01"));
    }

    #[test]
    fn long_links_are_flagged() {
        assert_eq!(length_warning(CHAT_LIMIT), None);
        assert!(length_warning(CHAT_LIMIT + 1).unwrap().contains("Slack"));
        assert!(length_warning(70_000).unwrap().contains("GitHub"));
    }
}
