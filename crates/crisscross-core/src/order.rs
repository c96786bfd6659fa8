//! Sorting and ordered collections without another copy of the standard library's sort.
//!
//! Every call of the standard library's sorts with another element type or comparison builds another copy
//! of the whole sort, several kilobytes each in the page's WebAssembly, and so does collecting into a
//! `BTreeMap` or `BTreeSet`, which sorts what it collects first. Outside the paths that run on every
//! call, lists are sorted here instead: positions are sorted by one function that compares them through
//! a `dyn` closure, and the list is then put in that order. Maps and sets are filled entry by entry.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `items` by `compare`, keeping equal items in their order (as [`slice::sort_by`]).
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut positions: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut positions, &|a, b| match (items.get(a), items.get(b)) {
        (Some(a), Some(b)) => compare(a, b),
        _ => Ordering::Equal,
    });
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        positions
            .into_iter()
            .filter_map(|p| slots.get_mut(p).and_then(Option::take)),
    );
}

/// Sorts `items` by `key`, keeping items with equal keys in their order (as [`slice::sort_by_key`]).
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order (as [`slice::sort`]).
pub fn sort<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, Ord::cmp);
}

/// The map of `entries`; of entries with equal keys, the last one's value stays (as `collect()`).
pub fn map_of<K: Ord, V>(entries: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(entries);
    map
}

/// The set of `items` (as `collect()`).
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

#[inline(never)]
fn sort_positions(positions: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    positions.sort_by(|&a, &b| compare(a, b));
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_the_standard_stable_sort(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..60)) {
            let mut expected = items.clone();
            expected.sort_by_key(|(key, _)| *key);
            let mut sorted = items.clone();
            super::sort_by_key(&mut sorted, |(key, _)| *key);
            prop_assert_eq!(&sorted, &expected);

            let mut expected = items.clone();
            expected.sort_by(|a, b| b.cmp(a));
            let mut sorted = items;
            super::sort_by(&mut sorted, |a, b| b.cmp(a));
            prop_assert_eq!(sorted, expected);
        }

        #[test]
        fn collects_as_the_standard_collections(entries in proptest::collection::vec((0u8..8, any::<u16>()), 0..40)) {
            let expected: std::collections::BTreeMap<u8, u16> = entries.iter().copied().collect();
            prop_assert_eq!(super::map_of(entries.iter().copied()), expected);
            let expected: std::collections::BTreeSet<(u8, u16)> = entries.iter().copied().collect();
            prop_assert_eq!(super::set_of(entries), expected);
        }
    }
}
