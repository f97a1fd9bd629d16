//! Thai government fiscal years (Buddhist era) and their quarters.
//!
//! Fiscal year 2567 runs from 1 October 2023 to 30 September 2024; Q1 is
//! October–December. Years are kept in the Buddhist era because every form,
//! report and person in the ministry speaks of them that way.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::ParseError;

/// A fiscal year in the Buddhist era, 2500..=2700.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct FiscalYear(i32);

impl FiscalYear {
    /// Accepts a Buddhist-era year between 2500 and 2700.
    pub fn parse(be_year: i32) -> Result<FiscalYear, ParseError> {
        if (2500..=2700).contains(&be_year) {
            Ok(FiscalYear(be_year))
        } else {
            Err(ParseError::new("fiscal year", format!("{be_year} is not a Buddhist-era year between 2500 and 2700")))
        }
    }

    pub fn be(self) -> i32 {
        self.0
    }

    /// The fiscal year that contains a calendar date.
    pub fn containing(date: Date) -> FiscalYear {
        let gregorian = i32::from(date.year());
        let fiscal_gregorian = if date.month() >= 10 { gregorian + 1 } else { gregorian };
        FiscalYear(fiscal_gregorian + 543)
    }

    /// First day (1 October of the previous Gregorian year).
    pub fn start(self) -> Date {
        date(self.0 - 543 - 1, 10, 1)
    }

    /// Last day (30 September).
    pub fn end(self) -> Date {
        date(self.0 - 543, 9, 30)
    }

    pub fn next(self) -> FiscalYear {
        FiscalYear(self.0 + 1)
    }
}

impl TryFrom<i32> for FiscalYear {
    type Error = ParseError;
    fn try_from(value: i32) -> Result<Self, Self::Error> {
        FiscalYear::parse(value)
    }
}

impl From<FiscalYear> for i32 {
    fn from(value: FiscalYear) -> i32 {
        value.0
    }
}

impl std::fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A quarter of a fiscal year, 1..=4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Quarter(u8);

impl Quarter {
    pub const ALL: [Quarter; 4] = [Quarter(1), Quarter(2), Quarter(3), Quarter(4)];

    pub fn parse(number: u8) -> Result<Quarter, ParseError> {
        if (1..=4).contains(&number) {
            Ok(Quarter(number))
        } else {
            Err(ParseError::new("quarter", format!("{number} is not between 1 and 4")))
        }
    }

    pub fn number(self) -> u8 {
        self.0
    }

    /// First day of the quarter in the given fiscal year.
    pub fn start(self, year: FiscalYear) -> Date {
        let fiscal_start = year.start();
        fiscal_start
            .checked_add(jiff::Span::new().months(3 * i64::from(self.0 - 1)))
            .expect("quarter start is in range")
    }

    /// Last day of the quarter in the given fiscal year.
    pub fn end(self, year: FiscalYear) -> Date {
        let next_start =
            year.start().checked_add(jiff::Span::new().months(3 * i64::from(self.0))).expect("quarter end is in range");
        next_start.yesterday().expect("quarter end is in range")
    }

    /// The quarter of the fiscal year that contains a date.
    pub fn containing(date: Date) -> (FiscalYear, Quarter) {
        let year = FiscalYear::containing(date);
        let months_in = (i32::from(date.month()) + 12 - 10) % 12;
        (year, Quarter((months_in / 3) as u8 + 1))
    }
}

impl TryFrom<u8> for Quarter {
    type Error = ParseError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Quarter::parse(value)
    }
}

impl From<Quarter> for u8 {
    fn from(value: Quarter) -> u8 {
        value.0
    }
}

fn date(year: i32, month: i8, day: i8) -> Date {
    Date::new(year as i16, month, day).expect("fiscal-year bounds are valid dates")
}

/// The default reporting deadline of a quarter: 15 days after it ends.
pub fn default_deadline(year: FiscalYear, quarter: Quarter) -> Date {
    quarter.end(year).checked_add(jiff::Span::new().days(15)).expect("deadline is in range")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_year_2567_bounds() {
        let year = FiscalYear::parse(2567).unwrap();
        assert_eq!(year.start().to_string(), "2023-10-01");
        assert_eq!(year.end().to_string(), "2024-09-30");
        let q = |n| Quarter::parse(n).unwrap();
        assert_eq!(q(1).end(year).to_string(), "2023-12-31");
        assert_eq!(q(2).start(year).to_string(), "2024-01-01");
        assert_eq!(q(2).end(year).to_string(), "2024-03-31");
        assert_eq!(q(4).start(year).to_string(), "2024-07-01");
        assert_eq!(q(4).end(year).to_string(), "2024-09-30");
        assert_eq!(default_deadline(year, q(1)).to_string(), "2024-01-15");
    }

    #[test]
    fn containing_dates() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(Quarter::containing(d("2023-10-01")), (FiscalYear(2567), Quarter(1)));
        assert_eq!(Quarter::containing(d("2023-12-31")), (FiscalYear(2567), Quarter(1)));
        assert_eq!(Quarter::containing(d("2024-02-29")), (FiscalYear(2567), Quarter(2)));
        assert_eq!(Quarter::containing(d("2024-09-30")), (FiscalYear(2567), Quarter(4)));
    }

    #[test]
    fn parse_rejects_out_of_range() {
        assert!(FiscalYear::parse(2024).is_err());
        assert!(Quarter::parse(0).is_err());
        assert!(Quarter::parse(5).is_err());
    }
}
