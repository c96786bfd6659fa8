//! Scanning 16 bytes at a time on x86-64, ahead of the eight-byte words of [`super::words`], which read
//! what is left and all of the text on other targets (a scan that has no such form there has its
//! eight-byte form here). SSE2, which every x86-64 processor has, compares 16 bytes in one instruction;
//! the `wide` crate wraps it in safe types, since this workspace forbids `unsafe`. The page's
//! WebAssembly is built without SIMD, so it reads words only.

#[cfg(target_arch = "x86_64")]
use wide::u8x16;

#[cfg(any(test, not(target_arch = "x86_64")))]
use super::words;

/// The 16 bytes of `bytes` from `at`.
#[cfg(target_arch = "x86_64")]
fn chunk_at(bytes: &[u8], at: usize) -> Option<u8x16> {
    bytes
        .get(at..at + 16)
        .and_then(|b| <[u8; 16]>::try_from(b).ok())
        .map(u8x16::new)
}

/// What reading whole chunks from the start of a string's body found: how many bytes are plain (no
/// quote, backslash or control character), whether a byte that ends them was among the chunks read,
/// and whether a byte above 0x7F may be among the plain ones (never false when one is).
#[cfg(target_arch = "x86_64")]
pub(crate) fn plain_chunks(bytes: &[u8]) -> (usize, bool, bool) {
    let mut at = 0;
    let mut seen = u8x16::ZERO;
    while let Some(x) = chunk_at(bytes, at) {
        seen |= x;
        let stops = x.cmp_eq(u8x16::splat(b'"'))
            | x.cmp_eq(u8x16::splat(b'\\'))
            // At most 0x1F exactly when the smaller of the byte and 0x1F is the byte.
            | x.min(u8x16::splat(0x1F)).cmp_eq(x);
        let mask = stops.move_mask();
        if mask != 0 {
            return (at + mask.trailing_zeros() as usize, true, seen.move_mask() != 0);
        }
        at += 16;
    }
    (at, false, seen.move_mask() != 0)
}

#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn plain_chunks(_bytes: &[u8]) -> (usize, bool, bool) {
    (0, false, false)
}

/// How many spaces run from `from` in whole chunks, and whether a byte other than a space ends them
/// among the chunks read.
#[cfg(target_arch = "x86_64")]
pub(crate) fn space_chunks(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut at = from;
    while let Some(x) = chunk_at(bytes, at) {
        // The mask has a bit for each of the 16 bytes and none above, so its complement counts at most
        // 16 trailing zeros.
        let spaces = (!x.cmp_eq(u8x16::splat(b' ')).move_mask()).trailing_zeros() as usize;
        at += spaces;
        if spaces < 16 {
            return (at - from, true);
        }
    }
    (at - from, false)
}

#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn space_chunks(_bytes: &[u8], _from: usize) -> (usize, bool) {
    (0, false)
}

/// What separates an element of an array or object from what follows it, when the 16 bytes from `at`
/// hold all of it: how many bytes of white space and commas come before the next other byte, and how
/// many of them are commas (at most 2, for two or more). `None` when those 16 bytes are all white space
/// and commas, or fewer than 16 are left.
#[cfg(target_arch = "x86_64")]
pub(crate) fn separator(bytes: &[u8], at: usize) -> Option<(usize, u8)> {
    let x = chunk_at(bytes, at)?;
    let commas = x.cmp_eq(u8x16::splat(b',')).move_mask();
    let blanks = (x.cmp_eq(u8x16::splat(b' '))
        | x.cmp_eq(u8x16::splat(b'\n'))
        | x.cmp_eq(u8x16::splat(b'\t'))
        | x.cmp_eq(u8x16::splat(b'\r')))
    .move_mask();
    let others = !(commas | blanks) & 0xFFFF;
    if others == 0 {
        return None;
    }
    let len = others.trailing_zeros();
    let before = commas & ((1 << len) - 1);
    let count = match before {
        0 => 0,
        _ if before & (before - 1) == 0 => 1,
        _ => 2,
    };
    Some((len as usize, count))
}

#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn separator(_bytes: &[u8], _at: usize) -> Option<(usize, u8)> {
    None
}

/// Whether `byte` is in the whole chunks of `bytes`, and how many bytes those chunks cover.
#[cfg(target_arch = "x86_64")]
pub(crate) fn holds_in_chunks(bytes: &[u8], byte: u8) -> (bool, usize) {
    let mut at = 0;
    while let Some(x) = chunk_at(bytes, at) {
        if x.cmp_eq(u8x16::splat(byte)).move_mask() != 0 {
            return (true, at);
        }
        at += 16;
    }
    (false, at)
}

#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn holds_in_chunks(_bytes: &[u8], _byte: u8) -> (bool, usize) {
    (false, 0)
}

/// Which bytes of an action are a `:`, a wildcard (`*` or `?`) or a `$`, one bit for each byte from the
/// lowest: all that an action's checks look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ActionMarks {
    pub(crate) colons: u64,
    pub(crate) wildcards: u64,
    pub(crate) dollars: u64,
}

impl ActionMarks {
    const NONE: Self = Self {
        colons: 0,
        wildcards: 0,
        dollars: 0,
    };

    /// The marks of the first `len` bytes only (`len` from 1 to 64): reads go past them.
    fn within(self, len: usize) -> Self {
        let within = u64::MAX >> (64 - len);
        Self {
            colons: self.colons & within,
            wildcards: self.wildcards & within,
            dollars: self.dollars & within,
        }
    }
}

/// The marks of the `len` bytes of `bytes` from `at`, read 16 bytes at a time, and so up to 15 bytes past
/// them. `None` when `len` is 0 or above 64, or the text ends before the last read does.
#[cfg(target_arch = "x86_64")]
pub(crate) fn action_marks(bytes: &[u8], at: usize, len: usize) -> Option<ActionMarks> {
    if len == 0 || len > 64 {
        return None;
    }
    let mut marks = ActionMarks::NONE;
    let mut read = 0;
    while read < len {
        let x = chunk_at(bytes, at + read)?;
        // `move_mask` sets only the low 16 bits.
        let bits = |found: u8x16| u64::from(found.move_mask().unsigned_abs()) << read;
        marks.colons |= bits(x.cmp_eq(u8x16::splat(b':')));
        marks.wildcards |= bits(x.cmp_eq(u8x16::splat(b'*')) | x.cmp_eq(u8x16::splat(b'?')));
        marks.dollars |= bits(x.cmp_eq(u8x16::splat(b'$')));
        read += 16;
    }
    Some(marks.within(len))
}

#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn action_marks(bytes: &[u8], at: usize, len: usize) -> Option<ActionMarks> {
    action_marks_in_words(bytes, at, len)
}

/// [`action_marks`] from eight-byte words, for targets without SSE2 such as the page's WebAssembly.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn action_marks_in_words(bytes: &[u8], at: usize, len: usize) -> Option<ActionMarks> {
    if len == 0 || len > 64 {
        return None;
    }
    let mut marks = ActionMarks::NONE;
    let mut read = 0;
    while read < len {
        let x = words::word_at(bytes, at + read)?;
        let bits = |found: u64| byte_bits(found) << read;
        marks.colons |= bits(each_equal(x, b':'));
        marks.wildcards |= bits(each_equal(x, b'*') | each_equal(x, b'?'));
        marks.dollars |= bits(each_equal(x, b'$'));
        read += 8;
    }
    Some(marks.within(len))
}

/// The high bit of every byte of `x` equal to `byte`, exact for each: the low seven bits are added
/// without a carry out of their byte.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn each_equal(x: u64, byte: u8) -> u64 {
    let v = x ^ (words::ONES * u64::from(byte));
    !((v & !words::HIGH).wrapping_add(!words::HIGH) | v) & words::HIGH
}

/// The high bits of the eight bytes of `high`, as the eight low bits: byte `i`'s bit lands on bit `i`.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn byte_bits(high: u64) -> u64 {
    ((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks_byte_by_byte(bytes: &[u8], at: usize, len: usize) -> ActionMarks {
        let mut marks = ActionMarks::NONE;
        for (i, byte) in bytes.iter().skip(at).take(len.min(64)).enumerate() {
            let bit = 1_u64 << i;
            match byte {
                b':' => marks.colons |= bit,
                b'*' | b'?' => marks.wildcards |= bit,
                b'$' => marks.dollars |= bit,
                _ => {}
            }
        }
        marks
    }

    proptest::proptest! {
        /// Both ways of reading mark each byte as a byte-by-byte scan does, never past `len`, and read
        /// nothing they cannot read whole.
        #[test]
        fn an_action_is_marked_as_a_byte_by_byte_scan_marks_it(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b':', b';', b'*', b'+', b'?', b'>', b'$', b'%', b'a', b'{', 0x3a | 0x80, 0xaa, 0xff, 0]),
                0..90,
            ),
            at in 0usize..20,
            len in 0usize..70,
        ) {
            let fits = |chunk: usize| len > 0 && len <= 64 && at + len.div_ceil(chunk) * chunk <= bytes.len();
            let expected = marks_byte_by_byte(&bytes, at, len);
            proptest::prop_assert_eq!(action_marks(&bytes, at, len), fits(16).then_some(expected));
            proptest::prop_assert_eq!(action_marks_in_words(&bytes, at, len), fits(8).then_some(expected));
        }
    }
}
