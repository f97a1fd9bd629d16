//! Thai government fiscal years (ปีงบประมาณ) and their quarters (ไตรมาส).
//!
//! The Thai fiscal year runs from 1 October to 30 September and is named by
//! the Buddhist-era year it ends in: fiscal year 2567 is 2023-10-01 ..=
//! 2024-09-30. Reports are due per quarter, Q1 being October–December.
//! Getting this off by one is the classic bug (a date in October 2566 belongs
//! to fiscal year 2567), so every conversion lives here.
//!
//! Years beyond the range of [`jiff::civil::Date`] (9999 CE) are clamped to
//! its bounds instead of panicking; no real report gets near them.

use std::fmt;

use jiff::civil::Date;

use crate::date::{Period, be_to_ce, ce_to_be};
use crate::digits::to_thai_digits;

/// A fiscal year, named by the Buddhist-era year it ends in.
///
/// The one fiscal-year type of tidtam: the report reader, the database and the API
/// all use it. It serialises as its Buddhist-era number, and deserialising accepts
/// only [`FiscalYear::STORED`] so a typo such as 2024 never reaches the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct FiscalYear(i32);

/// A fiscal year or quarter number outside its range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutOfRange {
    /// "fiscal year" or "quarter".
    pub what: &'static str,
    pub value: i64,
    pub min: i64,
    pub max: i64,
}

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} is not between {} and {}", self.what, self.value, self.min, self.max)
    }
}

impl std::error::Error for OutOfRange {}

impl FiscalYear {
    /// The Buddhist-era years a stored fiscal year may have.
    pub const STORED: std::ops::RangeInclusive<i32> = 2500..=2700;

    /// The fiscal year named `be` if it is within [`FiscalYear::STORED`].
    ///
    /// ```
    /// use tidtam_thai::fiscal::FiscalYear;
    /// assert_eq!(FiscalYear::checked(2567).unwrap().be(), 2567);
    /// assert!(FiscalYear::checked(2024).is_err());
    /// ```
    pub fn checked(be: i32) -> Result<Self, OutOfRange> {
        if Self::STORED.contains(&be) {
            Ok(FiscalYear(be))
        } else {
            Err(OutOfRange {
                what: "fiscal year",
                value: be.into(),
                min: (*Self::STORED.start()).into(),
                max: (*Self::STORED.end()).into(),
            })
        }
    }

    /// The fiscal year named `be` (e.g. 2567).
    pub fn from_be(be: i32) -> Self {
        FiscalYear(be)
    }

    /// The fiscal year that ends in Common Era year `ce` (2024 → 2567).
    pub fn from_ce_end_year(ce: i32) -> Self {
        FiscalYear(ce_to_be(ce))
    }

    /// Its Buddhist-era name (2567).
    pub fn be(self) -> i32 {
        self.0
    }

    /// The Common Era year it ends in (2567 → 2024).
    pub fn ce_end_year(self) -> i32 {
        be_to_ce(self.0)
    }

    /// The fiscal year containing `d`: October onwards belongs to the next one.
    ///
    /// ```
    /// use jiff::civil::date;
    /// use tidtam_thai::fiscal::FiscalYear;
    /// assert_eq!(FiscalYear::of(date(2023, 10, 1)).be(), 2567);
    /// assert_eq!(FiscalYear::of(date(2023, 9, 30)).be(), 2566);
    /// ```
    pub fn of(d: Date) -> Self {
        let ce = i32::from(d.year());
        FiscalYear::from_ce_end_year(if d.month() >= 10 { ce + 1 } else { ce })
    }

    /// Its first day, 1 October of the year before it ends.
    pub fn start(self) -> Date {
        clamped_date(self.ce_end_year().saturating_sub(1), 10, 1)
    }

    /// Its last day, 30 September.
    pub fn end(self) -> Date {
        clamped_date(self.ce_end_year(), 9, 30)
    }

    /// The whole year as a period.
    pub fn period(self) -> Period {
        Period { start: self.start(), end: self.end() }
    }

    /// Quarter `q` of this year as a period (Q1 = 1 Oct ..= 31 Dec of the year before).
    ///
    /// ```
    /// use jiff::civil::date;
    /// use tidtam_thai::fiscal::{FiscalYear, Quarter};
    /// let q2 = FiscalYear::from_be(2567).quarter(Quarter::Q2);
    /// assert_eq!((q2.start, q2.end), (date(2024, 1, 1), date(2024, 3, 31)));
    /// ```
    pub fn quarter(self, q: Quarter) -> Period {
        let end_year = self.ce_end_year();
        let (year, first_month) = match q {
            Quarter::Q1 => (end_year.saturating_sub(1), 10),
            Quarter::Q2 => (end_year, 1),
            Quarter::Q3 => (end_year, 4),
            Quarter::Q4 => (end_year, 7),
        };
        let start = clamped_date(year, first_month, 1);
        let end = clamped_date(year, first_month + 2, 1).last_of_month();
        Period { start, end }
    }

    /// Whether `d` falls in this fiscal year.
    pub fn contains(self, d: Date) -> bool {
        FiscalYear::of(d) == self
    }

    /// The fiscal year after this one.
    pub fn next(self) -> Self {
        FiscalYear(self.0.saturating_add(1))
    }

    /// The fiscal year before this one.
    pub fn prev(self) -> Self {
        FiscalYear(self.0.saturating_sub(1))
    }

    /// "ปีงบประมาณ พ.ศ. ๒๕๖๗", as in the report headings.
    pub fn name_th(self) -> String {
        format!("ปีงบประมาณ พ.ศ. {}", to_thai_digits(&self.0.to_string()))
    }

    /// Reads a fiscal year written as "ปีงบประมาณ พ.ศ. ๒๕๖๗", "ปีงบประมาณ ๒๕๖๗",
    /// "พ.ศ. ๒๕๖๗", "ปี ๒๕๖๗", "๒๕๖๗" or "๖๗" (the whole string).
    ///
    /// Four-digit years must be Buddhist era (2400 or later); this refuses
    /// "2024" rather than guess whether it means the fiscal year ending in 2024.
    ///
    /// ```
    /// use tidtam_thai::fiscal::FiscalYear;
    /// assert_eq!(FiscalYear::parse("ปีงบประมาณ พ.ศ. ๒๕๖๗"), Some(FiscalYear::from_be(2567)));
    /// assert_eq!(FiscalYear::parse("2024"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Self> {
        let mut s = crate::number::trim(s);
        for prefix in ["ประจำปีงบประมาณ", "ปีงบประมาณ", "ปีงบ", "ปี"]
        {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = crate::number::trim(rest);
                break;
            }
        }
        for prefix in ["พ.ศ.", "พ.ศ", "พศ."] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = crate::number::trim(rest);
                break;
            }
        }
        let digits = s.chars().count();
        let value = crate::number::parse_number(s)?;
        if value.fract() != 0.0 || s.contains([',', '.', '-', '+', '−']) {
            return None;
        }
        match digits {
            2 => Some(FiscalYear(2500 + value as i32)),
            4 if value >= 2400.0 => Some(FiscalYear(value as i32)),
            _ => None,
        }
    }
}

impl TryFrom<i32> for FiscalYear {
    type Error = OutOfRange;
    fn try_from(be: i32) -> Result<Self, OutOfRange> {
        FiscalYear::checked(be)
    }
}

impl From<FiscalYear> for i32 {
    fn from(year: FiscalYear) -> i32 {
        year.0
    }
}

/// The Buddhist-era number, e.g. "2567".
impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A quarter of the fiscal year: Q1 October–December … Q4 July–September.
///
/// Serialises as its number, 1..=4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Quarter {
    /// October–December.
    Q1,
    /// January–March.
    Q2,
    /// April–June.
    Q3,
    /// July–September.
    Q4,
}

impl Quarter {
    /// All four, in order.
    pub const ALL: [Quarter; 4] = [Quarter::Q1, Quarter::Q2, Quarter::Q3, Quarter::Q4];

    /// The fiscal quarter containing `d`.
    pub fn of(d: Date) -> Self {
        match d.month() {
            10..=12 => Quarter::Q1,
            1..=3 => Quarter::Q2,
            4..=6 => Quarter::Q3,
            _ => Quarter::Q4,
        }
    }

    /// Quarter `n` (1..=4).
    pub fn from_number(n: u8) -> Option<Self> {
        match n {
            1 => Some(Quarter::Q1),
            2 => Some(Quarter::Q2),
            3 => Some(Quarter::Q3),
            4 => Some(Quarter::Q4),
            _ => None,
        }
    }

    /// Its number, 1..=4.
    pub fn number(self) -> u8 {
        match self {
            Quarter::Q1 => 1,
            Quarter::Q2 => 2,
            Quarter::Q3 => 3,
            Quarter::Q4 => 4,
        }
    }

    /// The quarter before this one in the same fiscal year (none before Q1).
    pub fn previous(self) -> Option<Self> {
        Quarter::from_number(self.number() - 1)
    }

    /// Its first day in fiscal year `year`.
    pub fn start(self, year: FiscalYear) -> Date {
        year.quarter(self).start
    }

    /// Its last day in fiscal year `year`.
    pub fn end(self, year: FiscalYear) -> Date {
        year.quarter(self).end
    }

    /// The fiscal year and quarter containing `d`.
    pub fn containing(d: Date) -> (FiscalYear, Quarter) {
        (FiscalYear::of(d), Quarter::of(d))
    }

    /// "ไตรมาสที่ ๑", as in the reports.
    pub fn name_th(self) -> String {
        format!("ไตรมาสที่ {}", crate::digits::thai_digit(self.number()))
    }
}

impl TryFrom<u8> for Quarter {
    type Error = OutOfRange;
    fn try_from(n: u8) -> Result<Self, OutOfRange> {
        Quarter::from_number(n).ok_or(OutOfRange { what: "quarter", value: n.into(), min: 1, max: 4 })
    }
}

impl From<Quarter> for u8 {
    fn from(q: Quarter) -> u8 {
        q.number()
    }
}

/// Q1 … Q4.
impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Q{}", self.number())
    }
}

/// A date, clamped to jiff's range for years beyond it.
fn clamped_date(year: i32, month: i8, day: i8) -> Date {
    if year > i32::from(Date::MAX.year()) {
        return Date::MAX;
    }
    if year < i32::from(Date::MIN.year()) {
        return Date::MIN;
    }
    crate::date::make_date(year, month, day).unwrap_or(Date::MIN)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn check(d: Date, fy: i32, q: Quarter) {
        assert_eq!((FiscalYear::of(d).be(), Quarter::of(d)), (fy, q), "{d}");
        assert!(FiscalYear::from_be(fy).contains(d));
        assert!(FiscalYear::from_be(fy).quarter(q).contains(d));
    }

    #[test]
    fn year_of_date() {
        check(date(2023, 10, 1), 2567, Quarter::Q1);
        check(date(2023, 12, 31), 2567, Quarter::Q1);
        check(date(2024, 1, 1), 2567, Quarter::Q2);
        check(date(2024, 3, 31), 2567, Quarter::Q2);
        check(date(2024, 4, 1), 2567, Quarter::Q3);
        check(date(2024, 6, 30), 2567, Quarter::Q3);
        check(date(2024, 7, 1), 2567, Quarter::Q4);
        check(date(2024, 9, 30), 2567, Quarter::Q4);
        check(date(2024, 10, 1), 2568, Quarter::Q1);
        check(date(2023, 9, 30), 2566, Quarter::Q4);
    }

    #[test]
    fn bounds() {
        let fy = FiscalYear::from_be(2567);
        assert_eq!(fy.ce_end_year(), 2024);
        assert_eq!(fy.start(), date(2023, 10, 1));
        assert_eq!(fy.end(), date(2024, 9, 30));
        assert_eq!(fy.period().days(), 366);
        assert_eq!(FiscalYear::from_ce_end_year(2024), fy);
        assert_eq!((fy.next().be(), fy.prev().be()), (2568, 2566));
        assert!(!fy.contains(date(2024, 10, 1)));
        assert!(!fy.contains(date(2023, 9, 30)));
    }

    /// The quarter periods printed in every report's section 3.
    #[test]
    fn quarters_match_the_forms() {
        use crate::date::parse_period;
        let fy = FiscalYear::from_be(2567);
        for (q, text) in [
            (Quarter::Q1, "๑ ตุลาคม ๒๕๖๖ - ๓๑ ธันวาคม ๒๕๖๖"),
            (Quarter::Q2, "๑ มกราคม ๒๕๖๗ - ๓๑ มีนาคม ๒๕๖๗"),
            (Quarter::Q3, "๑ เมษายน ๒๕๖๗ - ๓๐ มิถุนายน ๒๕๖๗"),
            (Quarter::Q4, "๑ กรกฎาคม ๒๕๖๗ - ๓๐ กันยายน ๒๕๖๗"),
        ] {
            assert_eq!(Some(fy.quarter(q)), parse_period(text), "{q}");
        }
        let days: i64 = Quarter::ALL.iter().map(|q| fy.quarter(*q).days()).sum();
        assert_eq!(days, fy.period().days());
    }

    #[test]
    fn quarter_numbers() {
        for n in 1..=4 {
            assert_eq!(Quarter::from_number(n).map(Quarter::number), Some(n));
        }
        assert_eq!(Quarter::from_number(0), None);
        assert_eq!(Quarter::from_number(5), None);
        assert_eq!(Quarter::Q3.name_th(), "ไตรมาสที่ ๓");
        assert_eq!(Quarter::Q3.to_string(), "Q3");
    }

    #[test]
    fn names_and_parsing() {
        let fy = FiscalYear::from_be(2567);
        assert_eq!(fy.name_th(), "ปีงบประมาณ พ.ศ. ๒๕๖๗");
        assert_eq!(fy.to_string(), "2567");
        for s in
            ["ปีงบประมาณ พ.ศ. ๒๕๖๗", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗", "ปีงบประมาณ ๒๕๖๗", "พ.ศ.๒๕๖๗", "ปี ๒๕๖๗", "2567", " ๖๗ "]
        {
            assert_eq!(FiscalYear::parse(s), Some(fy), "{s:?}");
        }
        for s in ["", "2024", "๒๕๖", "ปีงบประมาณ", "๒,๕๖๗", "2567.0", "-67", "ปี ๒๕๖๗ ถึง ๒๕๖๘"]
        {
            assert_eq!(FiscalYear::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn extreme_years_clamp() {
        let far = FiscalYear::from_be(i32::MAX);
        assert_eq!(far.end(), Date::MAX);
        assert_eq!(FiscalYear::from_be(i32::MIN).start(), Date::MIN);
        let _ = far.quarter(Quarter::Q4);
        let _ = FiscalYear::of(Date::MAX).next().period();
    }

    #[test]
    fn serde_shapes() {
        assert_eq!(serde_json::to_string(&FiscalYear::from_be(2567)).unwrap_or_default(), "2567");
        assert_eq!(serde_json::to_string(&Quarter::Q2).unwrap_or_default(), "2");
        assert!(serde_json::from_str::<FiscalYear>("2024").is_err());
        assert!(serde_json::from_str::<Quarter>("5").is_err());
    }
}
