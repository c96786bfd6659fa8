//! Times as IAM writes them: the W3C profile of ISO 8601 that the Date condition operators read
//! ("IAM JSON policy elements: Condition operators", IAM User Guide,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>;
//! "Date and Time Formats", <https://www.w3.org/TR/NOTE-datetime>), and `2026-01-31T12:00:00Z`, the
//! form in which AWS sends `aws:CurrentTime`.
//!
//! Only the proleptic Gregorian calendar in UTC with fixed offsets is needed, so this is plain
//! arithmetic instead of a date-time library: the page downloads every byte of its dependencies.

const NANOS_PER_SECOND: i128 = 1_000_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// Reads a W3C date-time: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mmTZD`,
/// `YYYY-MM-DDThh:mm:ssTZD` or `YYYY-MM-DDThh:mm:ss.sTZD`, where TZD is `Z`, `+hh:mm` or `-hh:mm`.
/// A date without a time means midnight UTC at its start. Returns nanoseconds since the Unix epoch.
#[must_use]
pub fn parse_w3c(text: &str) -> Option<i128> {
    let (date, time) = match text.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
    };
    let days = parse_date(date, time.is_some())?;
    let seconds_of_day = match time {
        Some(time) => parse_time(time)?,
        None => Instant::default(),
    };
    let seconds = days * SECONDS_PER_DAY + seconds_of_day.seconds;
    Some(i128::from(seconds) * NANOS_PER_SECOND + i128::from(seconds_of_day.nanos))
}

/// Reads an RFC 3339 timestamp with a time (`2026-11-30T12:00:00Z`, offsets and fractions allowed;
/// RFC 3339 also allows a lowercase `t` and `z`). Returns whole seconds since the Unix epoch (a fraction
/// is dropped).
#[must_use]
pub fn parse_timestamp(text: &str) -> Option<i64> {
    // `T` and `Z` are the only letters a timestamp holds.
    let text = text.to_ascii_uppercase();
    if !text.contains('T') {
        return None;
    }
    let nanos = parse_w3c(&text)?;
    i64::try_from(nanos.div_euclid(NANOS_PER_SECOND)).ok()
}

/// Seconds since the Unix epoch as `YYYY-MM-DDThh:mm:ssZ`, or `None` outside years 0000 to 9999.
#[must_use]
pub fn format_timestamp(seconds: i64) -> Option<String> {
    let days = seconds.div_euclid(SECONDS_PER_DAY);
    let in_day = seconds.rem_euclid(SECONDS_PER_DAY);
    let date = format_date(days)?;
    Some(format!(
        "{date}T{:02}:{:02}:{:02}Z",
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    ))
}

/// The UTC date of a number of seconds since the Unix epoch, as `YYYY-MM-DD`.
#[must_use]
pub fn format_day(seconds: i64) -> Option<String> {
    format_date(seconds.div_euclid(SECONDS_PER_DAY))
}

#[derive(Default)]
struct Instant {
    seconds: i64,
    nanos: u32,
}

/// Days since 1970-01-01 of `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (only the full date before a time).
fn parse_date(text: &str, time_follows: bool) -> Option<i64> {
    let mut parts = text.split('-');
    let year = digits(parts.next()?, 4)?;
    let month = parts.next().map(|m| digits(m, 2)).unwrap_or(Some(1))?;
    let day = parts.next().map(|d| digits(d, 2)).unwrap_or(Some(1))?;
    let full = text.len() == 10;
    if parts.next().is_some() || (time_follows && !full) || !(1..=12).contains(&month) {
        return None;
    }
    if day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// `hh:mm[:ss[.s+]]TZD` as seconds from midnight UTC (negative or past a day where the offset says so).
fn parse_time(text: &str) -> Option<Instant> {
    let zone_at = text.find(['Z', '+', '-'])?;
    let (clock, zone) = text.split_at(zone_at);
    let offset = parse_offset(zone)?;
    let (whole, fraction) = match clock.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (clock, None),
    };
    let mut fields = whole.split(':');
    let hour = digits(fields.next()?, 2)?;
    let minute = digits(fields.next()?, 2)?;
    let second = fields.next().map(|s| digits(s, 2));
    if fields.next().is_some() || hour > 23 || minute > 59 {
        return None;
    }
    let second = match second {
        None if fraction.is_some() => return None,
        None => 0,
        Some(second) => second?,
    };
    // A leap second reads as the last second of its minute.
    if second > 60 {
        return None;
    }
    let nanos = match fraction {
        None => 0,
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            let value: u32 = f.parse().ok()?;
            value * 10u32.pow(9 - u32::try_from(f.len()).ok()?)
        }
        Some(_) => return None,
    };
    let seconds = i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second.min(59)) - offset;
    Some(Instant { seconds, nanos })
}

/// `Z`, `+hh:mm` or `-hh:mm` as seconds east of UTC.
fn parse_offset(zone: &str) -> Option<i64> {
    if zone == "Z" {
        return Some(0);
    }
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hours, minutes) = zone.get(1..)?.split_once(':')?;
    let (hours, minutes) = (digits(hours, 2)?, digits(minutes, 2)?);
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * (i64::from(hours) * 3600 + i64::from(minutes) * 60))
}

/// Exactly `width` ASCII digits.
fn digits(text: &str, width: usize) -> Option<u32> {
    if text.len() != width || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_leap(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date, counted in 400-year eras that start on March 1
/// so that the leap day falls at the end of each counted year.
fn days_from_civil(year: u32, month: u32, day: u32) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (i64::from(month) + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`], as `YYYY-MM-DD`; `None` outside years 0000 to 9999.
fn format_date(days: i64) -> Option<String> {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (0..=9999)
        .contains(&year)
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i128 = 86_400 * NANOS_PER_SECOND;

    #[test]
    fn every_w3c_form_reads_as_its_instant_in_utc() {
        assert_eq!(parse_w3c("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_w3c("1970"), Some(0));
        assert_eq!(parse_w3c("1970-02"), Some(31 * DAY));
        assert_eq!(parse_w3c("1970-01-02"), Some(DAY));
        assert_eq!(parse_w3c("1970-01-01T01:00Z"), Some(3600 * NANOS_PER_SECOND));
        assert_eq!(parse_w3c("1970-01-01T00:00:01.5Z"), Some(1_500_000_000));
        assert_eq!(parse_w3c("1970-01-01T00:00:00.000000001Z"), Some(1));
        // 2026-01-01T01:00:00+01:00 is midnight UTC.
        assert_eq!(
            parse_w3c("2026-01-01T01:00:00+01:00"),
            parse_w3c("2026-01-01T00:00:00Z")
        );
        assert_eq!(parse_w3c("2025-12-31T19:00:00-05:00"), parse_w3c("2026-01-01"));
        assert_eq!(
            parse_w3c("2026-11-30T12:00:00Z"),
            Some(1_796_040_000 * NANOS_PER_SECOND)
        );
        assert_eq!(parse_w3c("1969-12-31T23:59:59Z"), Some(-NANOS_PER_SECOND));
    }

    #[test]
    fn leap_years_follow_the_gregorian_rules() {
        assert!(parse_w3c("2024-02-29").is_some());
        assert!(parse_w3c("2000-02-29").is_some());
        assert_eq!(parse_w3c("2100-02-29"), None);
        assert_eq!(parse_w3c("2025-02-29"), None);
        assert_eq!(
            parse_w3c("2024-03-01").zip(parse_w3c("2024-02-28")).map(|(a, b)| a - b),
            Some(2 * DAY)
        );
    }

    #[test]
    fn what_the_profile_does_not_allow_is_not_a_date() {
        for text in [
            "",
            "26-01-01",
            "2026-1-01",
            "2026-13-01",
            "2026-04-31",
            "2026-01-01T",
            "2026-01T00:00Z",
            "2026-01-01T00:00:00",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:60:00Z",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00.1234567890Z",
            "2026-01-01T00:00.5Z",
            "2026-01-01T00:00:00+0100",
            "2026-01-01T00:00:00+24:00",
            "2026-01-01 00:00:00Z",
            "2026-01-01T00:00:00Z-01",
        ] {
            assert_eq!(parse_w3c(text), None, "{text}");
        }
    }

    #[test]
    fn a_timestamp_needs_a_time() {
        assert_eq!(parse_timestamp("2026-11-30T12:00:00Z"), Some(1_796_040_000));
        assert_eq!(parse_timestamp("2026-11-30T12:00:00.9Z"), Some(1_796_040_000));
        assert_eq!(parse_timestamp("2026-11-30t12:00:00z"), Some(1_796_040_000));
        assert_eq!(parse_timestamp("2026-11-30"), None);
        assert_eq!(
            parse_w3c("2026-11-30t12:00:00z"),
            None,
            "the W3C profile writes `T` and `Z`"
        );
    }

    #[test]
    fn formatting_reads_back_as_the_same_second() {
        assert_eq!(format_timestamp(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(format_timestamp(1_796_040_000).as_deref(), Some("2026-11-30T12:00:00Z"));
        assert_eq!(format_day(1_796_040_000).as_deref(), Some("2026-11-30"));
        for seconds in [-62_167_219_200, -1, 951_782_400, 4_107_542_399, 253_402_300_799] {
            let text = format_timestamp(seconds).expect("in range");
            assert_eq!(parse_timestamp(&text), Some(seconds), "{text}");
        }
        assert_eq!(format_timestamp(253_402_300_800), None, "year 10000");
        assert_eq!(format_timestamp(-62_167_219_201), None, "before year 0");
    }
}
