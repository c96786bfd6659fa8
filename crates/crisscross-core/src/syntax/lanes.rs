//! Scanning 16 bytes at a time on x86-64, ahead of the eight-byte words of [`super::words`], which read
//! what is left and all of the text on other targets. SSE2, which every x86-64 processor has, compares 16
//! bytes in one instruction; the `wide` crate wraps it in safe types, since this workspace forbids
//! `unsafe`. The page's WebAssembly is built without SIMD, so it reads words only.

#[cfg(target_arch = "x86_64")]
use wide::u8x16;

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
