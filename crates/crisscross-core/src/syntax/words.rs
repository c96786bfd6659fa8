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

/// The eight bytes of `bytes` from `at`, with zero bytes after its end; `None` from its end on.
pub(crate) fn padded_word_at(bytes: &[u8], at: usize) -> Option<u64> {
    if let Some(x) = word_at(bytes, at) {
        return Some(x);
    }
    let rest = bytes.get(at..).filter(|rest| !rest.is_empty())?;
    let mut word = [0u8; 8];
    for (slot, byte) in word.iter_mut().zip(rest) {
        *slot = *byte;
    }
    Some(u64::from_le_bytes(word))
}

/// The high bit of each byte of `x` that is a capital letter or not ASCII, exact up to and including
/// the first byte that is not ASCII.
pub(crate) fn capital_or_not_ascii(x: u64) -> u64 {
    // An ASCII byte plus 0x3F reaches the high bit from `A` on, plus 0x25 from `[` on, without a carry.
    let from_a = x.wrapping_add(ONES * 0x3F);
    let from_bracket = x.wrapping_add(ONES * 0x25);
    (x | (from_a & !from_bracket)) & HIGH
}

/// Whether `byte` is in `bytes` at least `times` times, reading no further than the occurrence that
/// makes it so.
pub(crate) fn holds_at_least(bytes: &[u8], byte: u8, times: usize) -> bool {
    let mut at = 0;
    let mut found = 0;
    while found < times {
        let Some(x) = word_at(bytes, at) else {
            let rest = bytes.get(at..).unwrap_or_default();
            return found + rest.iter().filter(|b| **b == byte).count() >= times;
        };
        // Exact for every byte, unlike [`equal`]: the low seven bits are added without a carry out.
        let v = x ^ (ONES * u64::from(byte));
        let nonzero = ((v & !HIGH).wrapping_add(!HIGH) | v) & HIGH;
        // Bit by bit: few bytes match, and x86-64 without POPCNT counts all 64 bits in software.
        let mut matches = !nonzero & HIGH;
        while matches != 0 {
            matches &= matches - 1;
            found += 1;
        }
        at += 8;
    }
    true
}

/// Where `byte` first is in `bytes`.
pub(crate) fn position(bytes: &[u8], byte: u8) -> Option<usize> {
    let mut at = 0;
    while let Some(x) = word_at(bytes, at) {
        let found = equal(x, byte);
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    rest.iter().position(|b| *b == byte).map(|i| at + i)
}

/// Whether `bytes` holds `byte`.
#[expect(
    clippy::manual_contains,
    reason = "on the few bytes left after the last word, `contains` calls memchr, which costs more than the loop"
)]
pub(crate) fn holds(bytes: &[u8], byte: u8) -> bool {
    let (found, mut at) = super::lanes::holds_in_chunks(bytes, byte);
    if found {
        return true;
    }
    while let Some(x) = word_at(bytes, at) {
        if equal(x, byte) != 0 {
            return true;
        }
        at += 8;
    }
    bytes.get(at..).unwrap_or_default().iter().any(|b| *b == byte)
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

        /// The first occurrence, in a word or in the last few bytes.
        #[test]
        fn a_byte_is_found_first_where_a_byte_by_byte_scan_finds_it_first(
            bytes in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, b':', b';', 0x7f, 0x80, 0xba, 0xff]), 0..30),
            byte in proptest::sample::select(vec![0u8, b':', 0xba, 0xff]),
        ) {
            proptest::prop_assert_eq!(position(&bytes, byte), bytes.iter().position(|b| *b == byte));
        }

        /// Every occurrence counts, in a word or in the last few bytes, up to the number asked for.
        #[test]
        fn a_byte_is_found_as_often_as_a_byte_by_byte_scan_finds_it(
            bytes in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, b':', b';', 0x7f, 0x80, 0xba, 0xff]), 0..40),
            byte in proptest::sample::select(vec![0u8, b':', 0xba, 0xff]),
            times in 0usize..12,
        ) {
            let count = bytes.iter().filter(|b| **b == byte).count();
            proptest::prop_assert_eq!(holds_at_least(&bytes, byte, times), count >= times);
        }

        /// Capitals and bytes above ASCII are marked up to the first byte above ASCII, and none before.
        #[test]
        fn capitals_and_bytes_above_ascii_are_marked_up_to_the_first_byte_above_ascii(
            bytes in proptest::collection::vec(proptest::sample::select(vec![0u8, b'@', b'A', b'M', b'Z', b'[', b'a', b'z', 0x7f, 0x80, 0xc3, 0xff]), 0..20),
        ) {
            let mut at = 0;
            while let Some(x) = padded_word_at(&bytes, at) {
                let marks = capital_or_not_ascii(x);
                let word: Vec<u8> = bytes.iter().skip(at).take(8).copied().collect();
                let exact = word.iter().position(|b| !b.is_ascii()).map_or(word.len(), |first| first + 1);
                for (i, byte) in word.iter().enumerate().take(exact) {
                    proptest::prop_assert_eq!(marks >> (8 * i) & 0x80 != 0, byte.is_ascii_uppercase() || !byte.is_ascii(), "{:?}", word);
                }
                at += 8;
            }
            proptest::prop_assert!(padded_word_at(&bytes, bytes.len()).is_none());
        }
    }
}
