//! `Action` and `Resource` lists: the entries as written, compiled when first matched, and the index
//! of action entries by service.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::ops::Range;
use std::sync::OnceLock;

use smallvec::SmallVec;

use super::pattern::{self, Syntax, Template};
use crate::diagnostic::Span;
use crate::syntax::words;

/// `Action`/`NotAction` or `Resource`/`NotResource`: the entries as written, their spans, and whether
/// the element is negated. Entries are compiled to patterns the first time one is matched: at an
/// organization's size most statements never name the service of a given call, and an action list's
/// index by service ([`ServiceIndex`]) is read from the entries as written.
#[derive(Debug, Clone)]
pub struct PatternList {
    /// True for `NotAction` / `NotResource`.
    pub negated: bool,
    /// The text that holds the entries: the policy's own text from the first entry to the last when
    /// they are written there without escapes, else the entries one after another. A list that is only
    /// `*`, as nearly every SCP statement's `Resource` is, borrows it and copies nothing.
    written: Cow<'static, str>,
    /// Where each entry starts and ends in `written`, and where it is written in the policy. Most
    /// lists hold one entry, kept without an allocation of its own.
    placed: SmallVec<[Placed; 1]>,
    entries: Entries,
    compiled: OnceLock<Box<[Template]>>,
    /// Span of the element's key.
    pub key_span: Span,
    /// For actions: the patterns by lowercased service prefix, so a request only tries the patterns of
    /// its own service (a Region-deny SCP lists 80 and more exempt actions).
    pub by_service: ServiceIndex,
}

/// Where an entry starts and ends in [`PatternList`]'s text, and where it is written in the policy.
#[derive(Debug, Clone, Copy)]
struct Placed {
    start: u32,
    end: u32,
    span: Span,
}

/// What a list's entries are, which decides how they compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entries {
    /// `Action` / `NotAction` entries.
    Actions,
    /// `Resource` / `NotResource` entries; `variables` under `"Version": "2012-10-17"`.
    Resources {
        /// Whether policy variables are substituted.
        variables: bool,
    },
}

impl Entries {
    fn compile(self, text: &str) -> Template {
        match self {
            Self::Actions => Template::new(text, Syntax::ACTION),
            Self::Resources { variables } => Template::arn_resource(text, variables),
        }
    }
}

/// Whether they were compiled yet does not make two lists differ: the patterns follow from the entries.
impl PartialEq for PatternList {
    fn eq(&self, other: &Self) -> bool {
        self.negated == other.negated
            && self.entries == other.entries
            && self.texts_and_spans().eq(other.texts_and_spans())
            && self.key_span == other.key_span
            && self.by_service == other.by_service
    }
}

impl PatternList {
    /// A list of `entries` (each as written, with its span), indexed by service when they are actions.
    pub fn new<'a>(
        entries: Entries,
        negated: bool,
        key_span: Span,
        written: impl Iterator<Item = (&'a str, Span)> + Clone,
    ) -> Self {
        let (count, bytes) = written
            .clone()
            .fold((0, 0), |(count, bytes), (text, _)| (count + 1, bytes + text.len()));
        let mut text = String::with_capacity(bytes);
        let mut placed = SmallVec::with_capacity(count);
        for (entry, span) in written {
            let start = offset(text.len());
            text.push_str(entry);
            placed.push(Placed {
                start,
                end: offset(text.len()),
                span,
            });
        }
        Self::holding(
            entries,
            negated,
            key_span,
            shared_star(&text).unwrap_or(Cow::Owned(text)),
            placed,
        )
    }

    /// A list of entries written in `policy` without escapes, one after another in it, each at its
    /// span (quotes included), indexed by service when they are actions. The entries are copied at
    /// once, with what separates them, instead of one by one.
    pub(crate) fn in_text(entries: Entries, negated: bool, key_span: Span, policy: &str, spans: &[Span]) -> Self {
        let (Some(first), Some(last)) = (spans.first(), spans.last()) else {
            return Self::holding(entries, negated, key_span, Cow::Borrowed(""), SmallVec::new());
        };
        let base = first.start + 1;
        let text = policy
            .get(base as usize..last.end.saturating_sub(1) as usize)
            .unwrap_or_default();
        let placed = spans
            .iter()
            .map(|span| Placed {
                start: span.start + 1 - base,
                end: span.end.saturating_sub(1 + base),
                span: *span,
            })
            .collect();
        Self::holding(
            entries,
            negated,
            key_span,
            shared_star(text).unwrap_or_else(|| Cow::Owned(text.to_owned())),
            placed,
        )
    }

    /// The list of the entries `placed` in `written`.
    fn holding(
        entries: Entries,
        negated: bool,
        key_span: Span,
        written: Cow<'static, str>,
        placed: SmallVec<[Placed; 1]>,
    ) -> Self {
        let mut list = Self {
            negated,
            written,
            placed,
            entries,
            compiled: OnceLock::new(),
            key_span,
            by_service: ServiceIndex::default(),
        };
        if entries == Entries::Actions {
            list.by_service = ServiceIndex::new(list.texts());
        }
        list
    }

    /// The entries as written, in order.
    pub fn texts(&self) -> impl Iterator<Item = &str> + Clone {
        self.texts_and_spans().map(|(text, _)| text)
    }

    /// The entries as written, in order, each with where it is written in the policy.
    pub fn texts_and_spans(&self) -> impl Iterator<Item = (&str, Span)> + Clone {
        self.placed.iter().map(|placed| (self.entry_text(placed), placed.span))
    }

    fn entry_text(&self, placed: &Placed) -> &str {
        self.written
            .get(placed.start as usize..placed.end as usize)
            .unwrap_or_default()
    }

    /// Entry `i` as written.
    fn text(&self, i: usize) -> Option<&str> {
        self.placed.get(i).map(|placed| self.entry_text(placed))
    }

    /// How many entries there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.placed.len()
    }

    /// True when the element lists nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.placed.is_empty()
    }

    /// The entries compiled, in order.
    pub fn patterns(&self) -> &[Template] {
        self.compiled
            .get_or_init(|| self.texts().map(|text| self.entries.compile(text)).collect())
    }

    /// The patterns that can match an action of `service` (lowercased): those without a service
    /// prefix (`*`), then its own service's.
    pub fn candidates<'a>(&'a self, service: &str) -> impl Iterator<Item = &'a Template> {
        let own = if service.is_empty() {
            &[][..]
        } else {
            self.by_service.patterns_of(service)
        };
        let everywhere = self.by_service.patterns_of("");
        let patterns = if everywhere.is_empty() && own.is_empty() {
            &[][..]
        } else {
            self.patterns()
        };
        everywhere.iter().chain(own).filter_map(|i| patterns.get(*i))
    }

    /// True when an entry names `action` (lowercased), trying only the entries of its service.
    #[must_use]
    pub fn lists_action(&self, action: &str) -> bool {
        let own = match service_prefix(action) {
            "" => &[][..],
            service => self.by_service.patterns_of(service),
        };
        let everywhere = self.by_service.patterns_of("");
        everywhere.iter().chain(own).any(|i| self.entry_names(*i, action))
    }

    /// Whether action entry `i` matches `action` (lowercased). An ASCII entry without wildcards, or
    /// whose one wildcard is a final `*` (`iam:*`, `s3:Get*`), is compared as written, so that asking
    /// which actions a list names compiles nothing for the entries most lists hold.
    fn entry_names(&self, i: usize, action: &str) -> bool {
        let Some(text) = self.text(i) else {
            return false;
        };
        let (head, star) = match text.strip_suffix('*') {
            Some(head) => (head, true),
            None => (text, false),
        };
        if head.is_ascii() && !head.bytes().any(|b| b == b'*' || b == b'?') {
            let same_start = action
                .as_bytes()
                .get(..head.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(head.as_bytes()));
            return same_start && (star || action.len() == head.len());
        }
        self.patterns()
            .get(i)
            .is_some_and(|p| pattern::glob(p.pieces(), action, false))
    }

    /// Whether an entry may name an action of one of `services` (lowercased prefixes): an entry of one
    /// of them, or one whose wildcard comes before its `:`. False settles [`Self::lists_action`] for
    /// every action of those services without looking up each.
    #[must_use]
    pub fn may_name_any(&self, services: &[&str]) -> bool {
        let has = |service: &str| !self.by_service.patterns_of(service).is_empty();
        has("") || services.iter().any(|service| has(service))
    }

    /// [`Self::lists_action`] for each of `actions` (lowercased, ordered by [`service_order`] of their
    /// service prefixes), in one pass over the index instead of one search per action: a Region deny's
    /// lint asks about dozens of actions per statement.
    pub(crate) fn lists_each<'a>(&'a self, actions: &'a [String]) -> impl Iterator<Item = bool> + 'a {
        let everywhere = self.by_service.patterns_of("");
        let mut groups = self.by_service.groups().peekable();
        actions.iter().map(move |action| {
            let service = service_prefix(action);
            while groups
                .next_if(|(name, _)| service_order(name, service) == Ordering::Less)
                .is_some()
            {}
            let own = groups
                .peek()
                .filter(|(name, _)| *name == service)
                .map_or(&[][..], |(_, patterns)| patterns);
            everywhere.iter().chain(own).any(|i| self.entry_names(*i, action))
        })
    }
}

/// A list's text when it is only `*`, borrowed.
fn shared_star(text: &str) -> Option<Cow<'static, str>> {
    (text == "*").then_some(Cow::Borrowed("*"))
}

/// A position in a list's text, which is never longer than its policy, whose spans are `u32`.
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// The order of [`ServiceIndex`] groups: shorter prefixes first, then bytewise.
pub(crate) fn service_order(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.bytes().cmp(b.bytes()))
}

/// The text before the first `:` of an action, or "" without one. A byte search: `:` is ASCII, and
/// `split_once` with a `char` compares each candidate as an encoded character.
pub(crate) fn service_prefix(action: &str) -> &str {
    action
        .bytes()
        .position(|b| b == b':')
        .and_then(|at| action.get(..at))
        .unwrap_or_default()
}

/// The service prefix an `Action` entry names, lowercased as its pattern is compiled, or "" when a
/// wildcard comes before the first `:` (such an entry may match every service).
fn service_of(action: &str) -> Cow<'_, str> {
    let bytes = action.as_bytes();
    let mut at = 0;
    let mut folds = false;
    // Eight bytes at a time: where the first `:`, `*` or `?` is, and whether a capital or a byte above
    // ASCII comes before it.
    let colon = loop {
        let Some(x) = words::padded_word_at(bytes, at) else {
            return Cow::Borrowed("");
        };
        let stops = words::equal(x, b':') | words::equal(x, b'*') | words::equal(x, b'?');
        let marks = words::capital_or_not_ascii(x);
        if stops != 0 {
            let before_stop = (1u64 << stops.trailing_zeros()) - 1;
            folds |= marks & before_stop != 0;
            let stop = at + (stops.trailing_zeros() / 8) as usize;
            if bytes.get(stop) != Some(&b':') {
                return Cow::Borrowed("");
            }
            break stop;
        }
        folds |= marks != 0;
        at += 8;
    };
    let prefix = action.get(..colon).unwrap_or_default();
    if !folds {
        Cow::Borrowed(prefix)
    } else if prefix.is_ascii() {
        Cow::Owned(prefix.to_ascii_lowercase())
    } else {
        // Unicode lowercasing reads context (a final `Σ` depends on what follows it), so the literal
        // run the pattern starts with is folded whole, as the pattern's compiler folds it.
        let run = action
            .bytes()
            .position(|b| b == b'*' || b == b'?')
            .unwrap_or(action.len());
        Cow::Owned(service_prefix(&action.get(..run).unwrap_or_default().to_lowercase()).to_owned())
    }
}

/// The first entry's service prefix and its `:`, read as one or two words: an entry that begins with the
/// same bytes names the same service, found without reading the entry again as [`service_of`] does.
/// Most lists name one service, written alike in every entry.
#[derive(Clone, Copy)]
enum SameStart {
    /// Up to eight bytes, as the low bytes of a word.
    Short { bytes: u64, mask: u64 },
    /// Nine to sixteen bytes (`cloudwatch:`), as the first eight and the last eight, which overlap.
    Long { len: usize, head: u64, tail: u64 },
}

impl SameStart {
    /// For an entry whose service prefix, read by [`service_of`] as `service`, is written as it reads
    /// (in lowercase) and fits in two words with its `:`.
    fn of(action: &str, service: &str) -> Option<Self> {
        let len = service.len() + 1;
        let written = action.as_bytes().get(..len)?;
        if service.is_empty() || len > 16 || written.split_last() != Some((&b':', service.as_bytes())) {
            return None;
        }
        if len > 8 {
            return Some(Self::Long {
                len,
                head: words::word_at(written, 0)?,
                tail: words::word_at(written, len - 8)?,
            });
        }
        Some(Self::Short {
            bytes: words::padded_word_at(written, 0)?,
            mask: u64::MAX >> (8 * (8 - len)),
        })
    }

    fn begins(self, action: &str) -> bool {
        let bytes = action.as_bytes();
        match self {
            Self::Short { bytes: start, mask } => words::padded_word_at(bytes, 0).is_some_and(|x| x & mask == start),
            Self::Long { len, head, tail } => {
                words::word_at(bytes, 0) == Some(head) && words::word_at(bytes, len - 8) == Some(tail)
            }
        }
    }
}

/// Action patterns grouped by lowercased service prefix. The empty prefix holds the patterns that can
/// match every service (a wildcard before the first `:`); service prefixes cannot hold wildcards, so the
/// text before `:` names the service exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceIndex {
    /// Every pattern has the same prefix, as in most statements (`"sqs:Delete*", "sqs:Put*Policy"`):
    /// kept without grouping or sorting anything, since every pattern is its service's.
    One {
        /// The prefix.
        service: Box<str>,
        /// How many patterns there are.
        count: usize,
    },
    /// Several prefixes, boxed so that the far more common one-service index, and every statement
    /// holding one, stays small to build and move.
    Many(Box<Groups>),
}

/// The groups of a [`ServiceIndex`] of several prefixes, in three allocations whatever their number:
/// the prefixes one after another, the groups in prefix order, and the pattern indexes group by group.
/// Groups are ordered by the length of their prefix, then its bytes: most lookups then settle on
/// lengths alone, which matters because a Region deny's lint looks up dozens of services per statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groups {
    /// The prefixes one after another.
    names: String,
    /// Each group's prefix (a range of `names`) and its patterns (a range of `order`).
    groups: Vec<(Range<usize>, Range<usize>)>,
    /// The pattern indexes, group by group.
    order: Vec<usize>,
}

/// The indexes 0, 1, 2, ... for [`ServiceIndex::One`] to lend out, so that it owns no list of them.
const IN_ORDER: [usize; 64] = {
    let mut indexes = [0; 64];
    let mut i = 0;
    while i < indexes.len() {
        #[allow(
            clippy::indexing_slicing,
            reason = "i is below the array's length; a constant cannot call get_mut"
        )]
        {
            indexes[i] = i;
        }
        i += 1;
    }
    indexes
};

impl Default for ServiceIndex {
    fn default() -> Self {
        Self::One {
            service: Box::default(),
            count: 0,
        }
    }
}

impl ServiceIndex {
    /// Groups `Action` entries (as written) by their lowercased service prefixes.
    #[must_use]
    pub fn new<'a>(mut actions: impl Iterator<Item = &'a str>) -> Self {
        let Some(first_action) = actions.next() else {
            return Self::default();
        };
        let first = service_of(first_action);
        let same_start = SameStart::of(first_action, &first);
        let mut count = 1;
        let mut keyed: Vec<(Cow<'_, str>, usize)> = Vec::new();
        for action in actions.by_ref() {
            if same_start.is_some_and(|start| start.begins(action)) {
                count += 1;
                continue;
            }
            let service = service_of(action);
            if service != first {
                // A second service: every entry is keyed by its service, the first ones included.
                keyed.reserve(count + 1 + actions.size_hint().0);
                keyed.extend(std::iter::repeat_n(first.clone(), count).zip(0..));
                keyed.push((service, count));
                keyed.extend(actions.by_ref().map(service_of).zip(count + 1..));
                break;
            }
            count += 1;
        }
        if keyed.is_empty() {
            if count <= IN_ORDER.len() {
                return Self::One {
                    service: first.into(),
                    count,
                };
            }
            keyed.extend(std::iter::repeat_n(first, count).zip(0..));
        }
        keyed.sort_unstable_by(|(a, i), (b, j)| service_order(a, b).then(i.cmp(j)));
        // Sized for one service per pattern, so that neither list grows while it is filled.
        let mut names = String::with_capacity(keyed.iter().map(|(service, _)| service.len()).sum());
        let mut groups: Vec<(Range<usize>, Range<usize>)> = Vec::with_capacity(keyed.len());
        let mut order = Vec::with_capacity(keyed.len());
        let mut last: Option<Cow<'_, str>> = None;
        for (service, i) in keyed {
            if last.as_ref() != Some(&service) {
                let name = names.len()..names.len() + service.len();
                names.push_str(&service);
                groups.push((name, order.len()..order.len()));
                last = Some(service);
            }
            order.push(i);
            if let Some((_, patterns)) = groups.last_mut() {
                patterns.end = order.len();
            }
        }
        Self::Many(Box::new(Groups { names, groups, order }))
    }

    /// Each service prefix with the indexes of its patterns, in [`service_order`].
    fn groups(&self) -> impl Iterator<Item = (&str, &[usize])> {
        let (one, many) = match self {
            Self::One { service, count } => (
                (*count > 0).then(|| (&**service, IN_ORDER.get(..*count).unwrap_or_default())),
                None,
            ),
            Self::Many(many) => (
                None,
                Some(many.groups.iter().map(|(name, patterns)| {
                    (
                        many.names.get(name.clone()).unwrap_or_default(),
                        many.order.get(patterns.clone()).unwrap_or_default(),
                    )
                })),
            ),
        };
        one.into_iter().chain(many.into_iter().flatten())
    }

    /// The indexes of the patterns whose prefix is `service`.
    #[must_use]
    pub fn patterns_of(&self, service: &str) -> &[usize] {
        match self {
            Self::One { service: own, count } if **own == *service => IN_ORDER.get(..*count).unwrap_or_default(),
            Self::One { .. } => &[],
            Self::Many(many) => {
                let Groups { names, groups, order } = &**many;
                let name = |(name, _): &(Range<usize>, Range<usize>)| names.get(name.clone()).unwrap_or_default();
                groups
                    .binary_search_by(|group| service_order(name(group), service))
                    .ok()
                    .and_then(|at| groups.get(at))
                    .and_then(|(_, patterns)| order.get(patterns.clone()))
                    .unwrap_or_default()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pattern::{Piece, Syntax, Template, glob};
    use super::{Entries, PatternList, ServiceIndex, service_of, service_order, service_prefix};
    use crate::diagnostic::Span;

    fn indexed(entries: &[&str]) -> ServiceIndex {
        ServiceIndex::new(entries.iter().copied())
    }

    proptest::proptest! {
        /// Whether an entry names an action is the same read from its text as from its pattern.
        #[test]
        fn an_entry_names_the_actions_its_pattern_matches(
            entry in "[sS]3:[gG]?[eE]?[tT]?\\*?|\\*|[sS]3[*?:]?[gG*]?[eé?]?\\*?|[iI]am:\\*|é:\\*",
            action in "s3:g?e?t?[a-z]?|s3:|iam:[a-z]?|é:x|s3[a-z:]?",
        ) {
            let list = PatternList::new(Entries::Actions, false, Span::default(), std::iter::once((entry.as_str(), Span::default())));
            let compiled = glob(Template::new(&entry, Syntax::ACTION).pieces(), &action, false);
            proptest::prop_assert_eq!(list.entry_names(0, &action), compiled);
        }

        /// A list that may name no action of the services asked about matches none of their actions,
        /// whatever its entries' patterns are.
        #[test]
        fn a_list_that_may_name_no_action_of_a_service_matches_none(
            entries in proptest::collection::vec("[bB]edrock(-mantle)?:[iI]nvoke\\*?|[bB]edrock:\\*|s3:\\*|\\*|[bB]ed\\*:\\*|\\*:invokemodel|\\?edrock:\\*|iam:[gG]et\\*|[bB]edrockx:\\*", 0..4),
            action in "bedrock:invokemodel|bedrock:invokemodelwithresponsestream|bedrock-mantle:createinference",
        ) {
            let list = PatternList::new(Entries::Actions, false, Span::default(), entries.iter().map(|e| (e.as_str(), Span::default())));
            let matched = entries.iter().any(|e| glob(Template::new(e, Syntax::ACTION).pieces(), &action, false));
            proptest::prop_assert!(list.may_name_any(&["bedrock", "bedrock-mantle"]) || !matched, "{entries:?} {action}");
        }

        /// An entry is filed under the service its compiled pattern starts with: the text before the
        /// first `:` of its first literal piece, lowercased as the pattern is, or "" when a wildcard
        /// comes first.
        #[test]
        fn an_entry_is_filed_under_the_service_its_pattern_names(text in "[a-zA-Z0-9*?:$\\-]{0,12}|[a-zA-ZÄäİΣ:*]{0,6}") {
            let template = Template::new(&text, Syntax::ACTION);
            let compiled = match template.pieces().first() {
                Some(Piece::Lit(lit)) => service_prefix(lit),
                _ => "",
            };
            proptest::prop_assert_eq!(service_of(&text), compiled);
        }

        /// Each entry is found under its own service, however the entries before it began: entries
        /// that begin like the first are filed without reading their service again.
        #[test]
        fn every_entry_is_found_under_its_own_service(
            entries in proptest::collection::vec("(s3|S3|bedrock|bedrock-|cloudformation|cloudformatiom|cloudFormation|dynamodb|dynamodbx|s3\\*|é|)(:|\\*:|)[a-zA-Z*:]{0,9}", 1..8),
        ) {
            let texts: Vec<&str> = entries.iter().map(String::as_str).collect();
            let index = indexed(&texts);
            for service in texts.iter().map(|text| service_of(text)) {
                let expected: Vec<usize> = (0..texts.len()).filter(|i| service_of(texts[*i]) == service).collect();
                proptest::prop_assert_eq!(index.patterns_of(&service), expected.as_slice(), "{:?}", texts);
            }
        }
    }

    #[test]
    fn action_patterns_are_found_by_their_service() {
        let index = indexed(&["s3:Get*", "*", "ec2:*", "S3:Put*", "iam*:List*", "a4b:*"]);
        assert_eq!(index.patterns_of("s3"), [0, 3]);
        assert_eq!(index.patterns_of(""), [1, 4]);
        assert_eq!(index.patterns_of("ec2"), [2]);
        assert_eq!(index.patterns_of("a4b"), [5]);
        assert!(index.patterns_of("sts").is_empty());
        assert!(ServiceIndex::default().patterns_of("").is_empty());

        let index = indexed(&["sqs:Delete*", "SQS:Put*Policy", "sqs:TagQueue"]);
        assert_eq!(index.patterns_of("sqs"), [0, 1, 2]);
        assert!(index.patterns_of("").is_empty() && index.patterns_of("sns").is_empty());

        let long: Vec<String> = (0..70).map(|i| format!("s3:Get{i}")).collect();
        let in_order: Vec<usize> = (0..70).collect();
        assert_eq!(
            ServiceIndex::new(long.iter().map(String::as_str)).patterns_of("s3"),
            in_order
        );
    }

    /// Asking about many actions in one pass answers as asking about each one does, whatever services
    /// the list and the actions name, and however their prefixes compare by length and bytes.
    #[test]
    fn actions_asked_about_together_are_answered_as_one_by_one() {
        let list = |entries: &[&str]| {
            let written = entries.iter().map(|text| (*text, Span::default()));
            PatternList::new(Entries::Actions, true, Span::default(), written)
        };
        let mut actions: Vec<String> = [
            "s3:getobject",
            "iam:createrole",
            "a4b:*",
            "ec2:runinstances",
            "sts:assumerole",
            "zz:x",
            "b:y",
            "iam:list*",
            "s3:*",
            "route53:*",
            "health:describe",
            "sqs:deletequeue",
            "route53domains:listdomains",
            "route53resolver:listrules",
            "marketplacecatalog:x",
            "marketplacecommerce:y",
            "marketplacecommercf:z",
        ]
        .map(str::to_owned)
        .to_vec();
        actions.sort_by(|a, b| service_order(service_prefix(a), service_prefix(b)));
        for entries in [
            &["s3:Get*", "iam:*", "a4b:*", "Route53:*"][..],
            &["*:Describe*", "ec2:*"],
            &["health:describe", "b:?", "zz:x", "s3:*"],
            &["sqs:Delete*", "SQS:Put*Policy", "sqs:Untag*"],
            &["s3:GetObject"],
            &["*"],
            &["*:Describe*", "?3:get*"],
            &[
                "Route53Domains:*",
                "route53resolver:List*",
                "marketplacecommerce:*",
                "route53:*",
            ],
            &[
                "marketplacecommerf:*",
                "MarketplaceCommerce:y",
                "marketplacecatalog:*",
                "marketplacecommercf:z",
            ],
            &[],
        ] {
            let list = list(entries);
            let together: Vec<bool> = list.lists_each(&actions).collect();
            let one_by_one: Vec<bool> = actions.iter().map(|a| list.lists_action(a)).collect();
            let every_entry_tried: Vec<bool> = actions
                .iter()
                .map(|a| list.patterns().iter().any(|p| glob(p.pieces(), a, false)))
                .collect();
            assert_eq!(together, one_by_one, "{entries:?}");
            assert_eq!(one_by_one, every_entry_tried, "{entries:?}");
            assert!(together.contains(&true) || entries.is_empty(), "{entries:?}");
        }
    }
}
