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

/// Reads the layouts registers use, with Thai or Arabic digits and a BE or CE year:
/// `YYYYMMDD` (or `DDMMYYYY` when that is the only reading), `YYYY-MM-DD`, `YYYY/MM/DD`,
/// `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY`, `DD/MM/YY` (a two-digit Buddhist-era year, as Thai
/// forms write it), and month names in Thai or English (`15 มี.ค. 2530`, `15 มีนาคม พ.ศ. 2530`,
/// `15 Mar 1987`, `Mar 15, 1987`, `15-Mar-87`).
/// Anything else (or an impossible date) is `None`.
pub fn parse_date(text: &str) -> Option<Ymd> {
    let text: String = text.trim().chars().map(thai_to_ascii_digit).collect();
    if let Some(date) = parse_numeric(&text) {
        return Some(date);
    }
    parse_with_month_name(&text)
}

fn parse_numeric(text: &str) -> Option<Ymd> {
    // A time part after the date ("1987-03-15 00:00:00", "1987-03-15T…") is ignored.
    let date_part = text.split([' ', 'T']).next().unwrap_or("");
    if date_part.len() == 8 && date_part.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = date_part.parse().ok()?;
        return make((n / 10000) as i32, (n / 100) % 100, n % 100)
            .or_else(|| make((n % 10000) as i32, (n / 10000) % 100, n / 1_000_000));
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
    } else if parts[2].len() == 2 && parts[0].len() <= 2 {
        make(short_be_year(nums[2]), nums[1], nums[0])
    } else {
        None
    }
}

/// A two-digit year as Thai forms write it: the last two digits of the Buddhist-era year,
/// 25xx up to 2569 (CE 2026) and 24xx above, a fixed pivot so a run never depends on the clock.
fn short_be_year(yy: i64) -> i32 {
    (if yy <= 69 { 2500 + yy } else { 2400 + yy }) as i32
}

/// `day month year` or `month day, year` with the month written as a word.
fn parse_with_month_name(text: &str) -> Option<Ymd> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .filter(|t| !t.is_empty() && !matches!(*t, "พ.ศ." | "พ.ศ" | "ค.ศ." | "ค.ศ" | "วันที่"))
        .collect();
    if tokens.len() != 3 {
        return None;
    }
    let month_at = tokens.iter().position(|t| !t.bytes().all(|b| b.is_ascii_digit()))?;
    let month = tidtam_thai::date::parse_month(tokens[month_at])?;
    let numbers: Vec<&str> = tokens.iter().enumerate().filter(|(i, _)| *i != month_at).map(|(_, t)| *t).collect();
    if numbers.iter().any(|t| t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let (day, year) = (numbers[0], numbers[1]);
    let year_value: i64 = year.parse().ok()?;
    let year = match year.len() {
        4 => year_value as i32,
        2 => short_be_year(year_value),
        _ => return None,
    };
    make(year, i64::from(month), day.parse().ok()?)
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

    /// Every layout the inferred model says it recognises, in both eras.
    #[test]
    fn every_layout() {
        let cases = [
            "1987-03-15",
            "2530-03-15",
            "1987/03/15",
            "19870315",
            "25300315",
            "15031987",
            "15032530",
            "15/03/1987",
            "15/03/2530",
            "15/3/2530",
            "15-03-2530",
            "15.03.2530",
            "15/03/30",
            "๑๕/๐๓/๒๕๓๐",
            "15 มี.ค. 2530",
            "15 มี.ค. 30",
            "15 มีนาคม 2530",
            "15 มีนาคม พ.ศ. 2530",
            "วันที่ 15 มีนาคม 2530",
            "๑๕ มีนาคม ๒๕๓๐",
            "15 Mar 1987",
            "15 March 1987",
            "Mar 15, 1987",
            "15-Mar-1987",
            "1987-03-15 00:00:00",
            "1987-03-15T00:00:00Z",
        ];
        for case in cases {
            check(case, Some((1987, 3, 15)));
        }
        // Two-digit years: 25xx up to 69, 24xx above.
        check("01/01/69", Some((2026, 1, 1)));
        check("01/01/87", Some((1944, 1, 1)));
    }

    #[test]
    fn rejects_impossible_or_unknown() {
        check("", None);
        check("31/02/1987", None);
        check("1987-13-01", None);
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
