//! Numbers for the numeric condition operators. AWS compares "a key to an integer or decimal value"
//! (IAM User Guide, "IAM JSON policy elements: Condition operators",
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>),
//! so crisscross compares the decimals as written, exactly. Binary floating point gives the same
//! answers up to 15 significant digits and rounds beyond them.

use std::cmp::Ordering;
use std::fmt;

/// The most digits a number may have before or after its decimal point once its exponent is applied:
/// more than any finite `f64` needs (309 digits before the point at most, 324 places after it).
const MAX_PLACES: usize = 400;

/// A finite decimal number, compared exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    /// Never true for zero, so that -0 and 0 are one number.
    negative: bool,
    /// The digits before the point, without leading zeros (none when the number is below 1), then the
    /// digits after it, without trailing zeros. One allocation, so that a numeric operand takes no more
    /// room in a parsed condition than the other operands do.
    digits: Box<str>,
    /// How many of `digits` come before the point.
    integer_len: usize,
}

impl Decimal {
    /// Reads a finite number in any form Rust's `f64` parsing accepts, so every JSON number too: an
    /// optional sign, digits with an optional point (`10`, `10.5`, `.5`, `5.`) and an optional exponent
    /// (`1e3`, `2.5E-2`). `None` for anything else, such as `inf`, `NaN`, spaces or a number with more
    /// than 400 places.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let (negative, unsigned) = split_sign(text);
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(at) => (unsigned.get(..at)?, Some(unsigned.get(at + 1..)?)),
            None => (unsigned, None),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
            return None;
        }
        let digits = format!("{whole}{fraction}");
        let Some(first) = digits.bytes().position(|b| b != b'0') else {
            // Zero is zero whatever its exponent says, once the exponent is well formed.
            return exponent.is_none_or(|e| parse_exponent(e).is_some()).then(Self::zero);
        };
        let shift = exponent.map_or(Some(0), parse_exponent)?;
        // The point sits after `whole`; the exponent moves it. Counted from the first non-zero digit, it
        // must stay within MAX_PLACES either way.
        let point = i64::try_from(whole.len()).ok()?.checked_add(shift)?;
        let from_first = point - i64::try_from(first).ok()?;
        let limit = i64::try_from(MAX_PLACES).ok()?;
        if !(-limit..=limit).contains(&from_first) {
            return None;
        }
        let significant = digits.get(first..)?.trim_end_matches('0');
        // Zeros fill from the point to the first digit, or from the last digit to the point.
        let (digits, integer_len) = if from_first <= 0 {
            let zeros = usize::try_from(-from_first).ok()?;
            (format!("{}{significant}", "0".repeat(zeros)), 0)
        } else {
            let point = usize::try_from(from_first).ok()?;
            let zeros = point.saturating_sub(significant.len());
            (format!("{significant}{}", "0".repeat(zeros)), point)
        };
        (digits.len().saturating_sub(integer_len) <= MAX_PLACES).then(|| Self {
            negative,
            digits: digits.into_boxed_str(),
            integer_len,
        })
    }

    fn new(negative: bool, integer: &str, fraction: &str) -> Self {
        Self {
            negative: negative && !(integer.is_empty() && fraction.is_empty()),
            digits: format!("{integer}{fraction}").into_boxed_str(),
            integer_len: integer.len(),
        }
    }

    fn zero() -> Self {
        Self::new(false, "", "")
    }

    fn integer(&self) -> &str {
        self.digits.get(..self.integer_len).unwrap_or_default()
    }

    fn fraction(&self) -> &str {
        self.digits.get(self.integer_len..).unwrap_or_default()
    }

    fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// A number just below and one just above this one, for the values that decide a condition
    /// differently: one less and one more for a whole number, the whole numbers on either side for a
    /// fraction.
    #[must_use]
    pub fn around(&self) -> (Self, Self) {
        let magnitude = Self {
            negative: false,
            ..self.clone()
        };
        let up = magnitude.whole_above();
        let down = magnitude.whole_below();
        if self.negative {
            (up.negated(), down.negated())
        } else {
            (down, up)
        }
    }

    /// The next whole number above a number that is not negative.
    fn whole_above(&self) -> Self {
        let mut digits = self.integer().as_bytes().to_vec();
        let mut carry = true;
        for digit in digits.iter_mut().rev() {
            if *digit == b'9' {
                *digit = b'0';
            } else {
                *digit += 1;
                carry = false;
                break;
            }
        }
        let mut integer = if carry { "1".to_owned() } else { String::new() };
        integer.extend(digits.into_iter().map(char::from));
        Self::new(false, &integer, "")
    }

    /// The next whole number below a number that is not negative (-1 for zero).
    fn whole_below(&self) -> Self {
        if !self.fraction().is_empty() {
            return Self::new(false, self.integer(), "");
        }
        if self.is_zero() {
            return Self::new(true, "1", "");
        }
        let mut digits = self.integer().as_bytes().to_vec();
        for digit in digits.iter_mut().rev() {
            if *digit == b'0' {
                *digit = b'9';
            } else {
                *digit -= 1;
                break;
            }
        }
        let integer: String = digits.into_iter().map(char::from).collect();
        Self::new(false, integer.trim_start_matches('0'), "")
    }

    fn negated(self) -> Self {
        let negative = !self.negative && !self.is_zero();
        Self { negative, ..self }
    }

    /// The number as an `f64`, for drawing: within a few units in its last place.
    #[must_use]
    pub fn approximate(&self) -> f64 {
        let digits = |s: &str| s.bytes().fold(0.0_f64, |n, b| n * 10.0 + f64::from(b - b'0'));
        // Drawing needs far fewer places, and a long fraction would overflow the f64 it is read into.
        let fraction = self.fraction().get(..17).unwrap_or(self.fraction());
        let places = i32::try_from(fraction.len()).unwrap_or_default();
        let magnitude = digits(self.integer()) + digits(fraction) / 10.0_f64.powi(places);
        if self.negative { -magnitude } else { magnitude }
    }
}

/// Whether `text` starts with a minus sign, and the text after its sign.
fn split_sign(text: &str) -> (bool, &str) {
    match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    }
}

fn parse_exponent(text: &str) -> Option<i64> {
    let (negative, digits) = split_sign(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Only the size matters beyond MAX_PLACES, so a long exponent saturates instead of failing.
    let significant = digits.trim_start_matches('0');
    let value = if significant.is_empty() {
        0
    } else {
        significant.parse::<i64>().unwrap_or(i64::MAX / 2)
    };
    Some(if negative { -value } else { value })
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let magnitudes = || {
            self.integer_len
                .cmp(&other.integer_len)
                .then_with(|| self.integer().cmp(other.integer()))
                // Without trailing zeros, comparing the fractions as text compares them as numbers.
                .then_with(|| self.fraction().cmp(other.fraction()))
        };
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => magnitudes(),
            (true, true) => magnitudes().reverse(),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        f.write_str(if self.integer_len == 0 { "0" } else { self.integer() })?;
        if !self.fraction().is_empty() {
            write!(f, ".{}", self.fraction())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap_or_else(|| panic!("{text} is a number"))
    }

    #[test]
    fn reads_what_rust_and_json_write_for_finite_numbers() {
        for (text, shown) in [
            ("10", "10"),
            ("10.0", "10"),
            ("010.50", "10.5"),
            (".5", "0.5"),
            ("5.", "5"),
            ("+5", "5"),
            ("-0", "0"),
            ("-0.0e7", "0"),
            ("1e3", "1000"),
            ("7E0", "7"),
            ("7e-00", "7"),
            ("2.5E-2", "0.025"),
            ("-12.5e+1", "-125"),
            ("3600", "3600"),
            ("0e99999999999999999999", "0"),
        ] {
            assert_eq!(d(text).to_string(), shown, "{text}");
        }
        for text in [
            "", "-", "+", ".", "e3", "1e", "1e+", "--1", " 1", "1 ", "inf", "NaN", "infinity", "1,5", "0x10", "1.2.3",
            "1e400", "1e-401",
        ] {
            assert_eq!(Decimal::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn orders_as_numbers_do() {
        let ascending = [
            "-1000", "-10.5", "-10", "-9.99", "-1", "-0.5", "-0.05", "0", "0.05", "0.5", "0.51", "1", "9.99", "10",
            "10.5", "1000",
        ];
        for (i, a) in ascending.iter().enumerate() {
            for (j, b) in ascending.iter().enumerate() {
                assert_eq!(d(a).cmp(&d(b)), i.cmp(&j), "{a} against {b}");
            }
        }
        assert_eq!(d("1e2"), d("100.000"));
        assert_eq!(d("0.1e1"), d("1"));
    }

    #[test]
    fn tells_apart_numbers_that_binary_floating_point_rounds_together() {
        assert!(d("9007199254740993") > d("9007199254740992"));
        assert!(d("0.30000000000000001") > d("0.3"));
        assert_eq!("9007199254740993".parse::<f64>(), "9007199254740992".parse::<f64>());
    }

    #[test]
    fn finds_numbers_on_either_side() {
        for (value, below, above) in [
            ("10", "9", "11"),
            ("10.5", "10", "11"),
            ("0", "-1", "1"),
            ("0.25", "0", "1"),
            ("1", "0", "2"),
            ("100", "99", "101"),
            ("999", "998", "1000"),
            ("-10", "-11", "-9"),
            ("-0.5", "-1", "0"),
            ("-1", "-2", "0"),
        ] {
            let (b, a) = d(value).around();
            assert_eq!(
                (b.to_string(), a.to_string()),
                (below.to_owned(), above.to_owned()),
                "{value}"
            );
            assert!(b < d(value) && d(value) < a, "{value}");
        }
    }

    /// A number of up to 15 significant digits, written in one of the ways a policy may write it:
    /// f64 holds such numbers closely enough to order them correctly.
    fn written() -> impl Strategy<Value = String> {
        (-999_999_999_999_i64..=999_999_999_999, 0_u32..6, 0_u8..4).prop_map(|(units, places, style)| {
            let scale = 10_i64.pow(places);
            let sign = if units < 0 { "-" } else { "" };
            let (whole, part) = (
                units.unsigned_abs() / scale.unsigned_abs(),
                units.unsigned_abs() % scale.unsigned_abs(),
            );
            let width = usize::try_from(places).unwrap_or_default();
            match style {
                0 if places > 0 => format!("{sign}{whole}.{part:0width$}"),
                1 => format!("{sign}{}e-{places}", units.unsigned_abs()),
                2 if places == 0 => format!("{sign}{whole}.0"),
                _ => format!("{sign}{}E{}", units.unsigned_abs(), -i64::from(places)),
            }
        })
    }

    proptest! {
        #[test]
        fn orders_as_f64_where_f64_is_exact_enough(a in written(), b in written()) {
            let (x, y) = (a.parse::<f64>().unwrap_or(f64::NAN), b.parse::<f64>().unwrap_or(f64::NAN));
            prop_assert_eq!(Some(d(&a).cmp(&d(&b))), x.partial_cmp(&y), "{} against {}", a, b);
        }

        #[test]
        fn reads_back_what_it_shows(a in written()) {
            let shown = d(&a).to_string();
            prop_assert_eq!(d(&shown), d(&a));
            prop_assert_eq!(shown.parse::<f64>().ok(), a.parse::<f64>().ok());
        }
    }

    #[test]
    fn approximates_coordinates_for_drawing() {
        assert!((d("38.13").approximate() - 38.13).abs() < 1e-12);
        assert!((d("-122.4").approximate() + 122.4).abs() < 1e-12);
        assert!(d("0").approximate().abs() < f64::EPSILON);
    }
}
