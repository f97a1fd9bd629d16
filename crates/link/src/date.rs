//! Dates as registers write them, with Buddhist-era years turned into Gregorian ones.
//!
//! Thai registers write years in the Buddhist era (BE = CE + 543), often with day first
//! (`15/03/2530`), while others use ISO dates in CE (`1987-03-15`) or FEBRL's `19870315`.
//! A four-digit year above 2400 can only be BE for people alive today (BE 2400 is CE 1857), so a
//! year written in the wrong era inside one file is corrected here too.
//! This parsing stays inside the linkage crate because it must accept the untidy forms found in
//! administrative files and never fail: an unreadable date is a missing value for the comparison.

/// A calendar date (proleptic Gregorian, CE year).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ymd {
    /// Year in the common era.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31.
    pub day: u8,
}

/// The BE year from a CE year.
pub fn ce_to_be(year: i32) -> i32 {
    year + 543
}

/// The CE year from a BE year.
pub fn be_to_ce(year: i32) -> i32 {
    year - 543
}

/// A CE year from a written four-digit year in either era.
pub fn normalise_year(year: i32) -> i32 {
    if year > 2400 { be_to_ce(year) } else { year }
}

fn thai_to_ascii_digit(c: char) -> char {
    match c {
        '๐'..='๙' => char::from(b'0' + (c as u32 - '๐' as u32) as u8),
        other => other,
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn make(year: i32, month: i64, day: i64) -> Option<Ymd> {
    let year = normalise_year(year);
    if !(1800..=2200).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    let month = month as u8;
    if day < 1 || day > i64::from(days_in_month(year, month)) {
        return None;
    }
    Some(Ymd { year, month, day: day as u8 })
}

/// Reads `YYYYMMDD`, `YYYY-MM-DD`, `YYYY/MM/DD`, `DD/MM/YYYY`, `DD-MM-YYYY` and `DD.MM.YYYY`,
/// with Thai or Arabic digits and a BE or CE year. Anything else (or an impossible date) is `None`.
pub fn parse_date(text: &str) -> Option<Ymd> {
    let text: String = text.trim().chars().map(thai_to_ascii_digit).collect();
    // A time part after the date ("1987-03-15 00:00:00", "1987-03-15T…") is ignored.
    let date_part = text.split([' ', 'T']).next().unwrap_or("");
    if date_part.len() == 8 && date_part.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = date_part.parse().ok()?;
        return make((n / 10000) as i32, (n / 100) % 100, n % 100);
    }
    let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let nums: Vec<i64> = parts.iter().map(|p| p.parse().unwrap_or(-1)).collect();
    if parts[0].len() == 4 {
        make(nums[0] as i32, nums[1], nums[2])
    } else if parts[2].len() == 4 {
        make(nums[2] as i32, nums[1], nums[0])
    } else {
        None
    }
}

/// Days since 1970-01-01 (Howard Hinnant's civil-from-days inverse).
pub fn days_from_civil(date: Ymd) -> i64 {
    let (m, d) = (i64::from(date.month), i64::from(date.day));
    let y = i64::from(date.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The date `days` after 1970-01-01.
pub fn civil_from_days(days: i64) -> Ymd {
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Ymd { year, month, day }
}

impl std::fmt::Display for Ymd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: Option<(i32, u8, u8)>) {
        let got = parse_date(input).map(|d| (d.year, d.month, d.day));
        assert_eq!(got, expect, "input {input:?}");
    }

    #[test]
    fn formats_and_eras() {
        check("19870315", Some((1987, 3, 15)));
        check("1987-03-15", Some((1987, 3, 15)));
        check("15/03/1987", Some((1987, 3, 15)));
        check("15/03/2530", Some((1987, 3, 15)));
        check("2530-03-15", Some((1987, 3, 15)));
        check("๑๕/๐๓/๒๕๓๐", Some((1987, 3, 15)));
        check("1987-03-15 00:00:00", Some((1987, 3, 15)));
        check("29/02/2543", Some((2000, 2, 29)));
    }

    #[test]
    fn rejects_impossible_or_unknown() {
        check("", None);
        check("31/02/1987", None);
        check("1987-13-01", None);
        check("15/03/87", None);
        check("abc", None);
        check("00000000", None);
    }

    #[test]
    fn day_numbers() {
        let day = |s| days_from_civil(parse_date(s).unwrap());
        assert_eq!(day("1970-01-01"), 0);
        assert_eq!(day("2000-03-01") - day("2000-02-28"), 2);
        assert_eq!(day("1969-12-31"), -1);
        for days in [-40000, -1, 0, 59, 10957, 20000] {
            assert_eq!(days_from_civil(civil_from_days(days)), days);
        }
        assert_eq!(civil_from_days(10957).to_string(), "2000-01-01");
        assert_eq!(ce_to_be(2024), 2567);
        assert_eq!(be_to_ce(2567), 2024);
    }
}
