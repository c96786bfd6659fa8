//! Scanning text eight bytes at a time. Policies are runs of a few dozen ASCII bytes (actions, ARNs,
//! indentation): testing one 64-bit word per step beats a loop over the bytes, and on runs this short
//! it also beats the standard library's searches, whose setting up costs more than the search.

/// A byte of 1 in each of the eight places.
pub(crate) const ONES: u64 = u64::from_le_bytes([1; 8]);
/// The high bit of each of the eight bytes.
pub(crate) const HIGH: u64 = u64::from_le_bytes([0x80; 8]);

/// The eight bytes of `bytes` from `at`, as one little-endian word.
pub(crate) fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    bytes
        .get(at..at + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_le_bytes)
}

/// The high bit of each byte of `x` below `limit`, exact up to and including the first such byte.
pub(crate) fn below(x: u64, limit: u8) -> u64 {
    x.wrapping_sub(ONES * u64::from(limit)) & !x & HIGH
}

/// The high bit of each byte of `x` equal to `byte`, exact up to and including the first such byte.
pub(crate) fn equal(x: u64, byte: u8) -> u64 {
    below(x ^ (ONES * u64::from(byte)), 1)
}

/// Whether `bytes` holds `byte`.
pub(crate) fn holds(bytes: &[u8], byte: u8) -> bool {
    let mut at = 0;
    while let Some(x) = word_at(bytes, at) {
        if equal(x, byte) != 0 {
            return true;
        }
        at += 8;
    }
    bytes.get(at..).unwrap_or_default().contains(&byte)
}

/// Where the first byte that is one of `targets` stands in `bytes`.
pub(crate) fn first_of(bytes: &[u8], targets: [u8; 3]) -> Option<usize> {
    let mut at = 0;
    while let Some(x) = word_at(bytes, at) {
        // Each mask is exact up to its own first hit, so their lowest bit is the first hit of any.
        let hits = targets.iter().fold(0, |hits, target| hits | equal(x, *target));
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    bytes
        .get(at..)
        .unwrap_or_default()
        .iter()
        .position(|b| targets.contains(b))
        .map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Whatever the byte and wherever it stands, in a word or in the last few bytes.
        #[test]
        fn a_byte_is_found_where_a_byte_by_byte_scan_finds_it(
            bytes in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, b'#', b'$', b'%', 0x7f, 0x80, 0xa4, 0xff]), 0..30),
            byte in proptest::sample::select(vec![0u8, b'$', 0xa4, 0xff]),
        ) {
            proptest::prop_assert_eq!(holds(&bytes, byte), bytes.contains(&byte));
        }

        /// The first of three bytes, wherever it stands and whichever comes first.
        #[test]
        fn the_first_of_several_bytes_is_found_where_a_byte_by_byte_scan_finds_it(
            bytes in proptest::collection::vec(proptest::sample::select(vec![0u8, b':', b'*', b'?', b'a', b'A', 0x3a ^ 0x80, 0xff]), 0..30),
        ) {
            let targets = [b':', b'*', b'?'];
            proptest::prop_assert_eq!(first_of(&bytes, targets), bytes.iter().position(|b| targets.contains(b)));
        }
    }
}
