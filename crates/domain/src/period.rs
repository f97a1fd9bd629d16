//! Fiscal years and quarters: the types are `tidtam_thai::fiscal`'s (one
//! definition for the reader, the database and the API); this module adds the
//! monitoring rules built on them.

use jiff::civil::Date;
pub use tidtam_thai::fiscal::{FiscalYear, OutOfRange, Quarter};

/// The default reporting deadline of a quarter: 15 days after it ends.
pub fn default_deadline(year: FiscalYear, quarter: Quarter) -> Date {
    quarter.end(year).checked_add(jiff::Span::new().days(15)).expect("deadline is in range")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_year_2567_bounds() {
        let year = FiscalYear::checked(2567).unwrap();
        assert_eq!(year.start().to_string(), "2023-10-01");
        assert_eq!(year.end().to_string(), "2024-09-30");
        assert_eq!(Quarter::Q1.end(year).to_string(), "2023-12-31");
        assert_eq!(Quarter::Q2.start(year).to_string(), "2024-01-01");
        assert_eq!(Quarter::Q4.end(year).to_string(), "2024-09-30");
        assert_eq!(default_deadline(year, Quarter::Q1).to_string(), "2024-01-15");
    }

    #[test]
    fn containing_dates() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let fy = FiscalYear::from_be(2567);
        assert_eq!(Quarter::containing(d("2023-10-01")), (fy, Quarter::Q1));
        assert_eq!(Quarter::containing(d("2024-02-29")), (fy, Quarter::Q2));
        assert_eq!(Quarter::containing(d("2024-09-30")), (fy, Quarter::Q4));
    }
}
