//! Category 7's indicators: a target, values over several years, met or missed.
//!
//! The newsletter's tables (lines 392–472) give, per indicator, a target for the
//! year and values for 2561, 2562 and 2563, in cells such as "25 ตัวชี้วัด",
//! "ร้อยละ 85", "80.5%", "100% (35/35)", "2,068 ชุมชน" or "-" (no value).
//! [`read_cell`] reads such a cell into a value and its unit; [`ResultIndicator`]
//! says whether a year met its target (by the indicator's polarity) and how the
//! values trend, which is what LeTCI's "Trends" asks for.

use serde::{Deserialize, Serialize};
use tidtam_thai::digits::to_arabic_digits;
use tidtam_thai::fiscal::FiscalYear;

use crate::decimal::{Decimal, DecimalError};
use crate::indicator::Polarity;

/// A cell read: its value (`None` for "-") and its unit ("ร้อยละ" for a
/// percentage, else the word after the number, e.g. "ชุมชน"; empty for none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub value: Option<Decimal>,
    pub unit: String,
}

/// Reads a table cell; an unreadable number is an error, never a guess.
pub fn read_cell(text: &str) -> Result<Cell, DecimalError> {
    let text = to_arabic_digits(text.trim());
    // A count in brackets after the figure ("100% (35/35)") is a note, not the value.
    let text = text.split('(').next().unwrap_or("").trim();
    if text.is_empty() || text == "-" {
        return Ok(Cell { value: None, unit: String::new() });
    }
    let (percent_word, rest) = match text.strip_prefix("ร้อยละ") {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let number_end =
        rest.find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+'))).unwrap_or(rest.len());
    let (number, after) = rest.split_at(number_end);
    let after = after.trim();
    let (percent_sign, after) = match after.strip_prefix('%') {
        Some(after) => (true, after.trim()),
        None => (false, after),
    };
    let value = Decimal::parse(number)?;
    let unit = if percent_word || percent_sign { "ร้อยละ".to_string() } else { after.to_string() };
    Ok(Cell { value: Some(value), unit })
}

/// A value for a fiscal year (`None`: not measured, "-").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearValue {
    pub year: FiscalYear,
    pub value: Option<Decimal>,
}

/// Whether a year met the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    Met,
    Missed,
    /// No value for that year.
    NoValue,
}

/// The direction of the values over the years that have one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// Never worse, better at least once.
    Improving,
    /// Never better, worse at least once.
    Worsening,
    /// The same every year.
    Steady,
    /// Better and worse.
    Mixed,
    /// Fewer than two values.
    Insufficient,
}

/// An indicator of a category 7 sub-item, e.g. 7.1's first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultIndicator {
    /// The sub-item, e.g. `7.1`.
    pub item: String,
    /// Its number in the sub-item's table, from 1.
    pub number: u8,
    pub name: String,
    /// "ร้อยละ", "เรื่อง", "ชุมชน", "ตำแหน่ง", … or empty.
    pub unit: String,
    pub polarity: Polarity,
    /// The target and the year it is set for.
    pub target: Option<Decimal>,
    pub target_year: FiscalYear,
    /// Values by year, oldest first.
    pub values: Vec<YearValue>,
}

impl ResultIndicator {
    /// The value of `year`, if measured.
    pub fn value(&self, year: FiscalYear) -> Option<Decimal> {
        self.values.iter().find(|value| value.year == year).and_then(|value| value.value)
    }

    /// Whether the target year's value met the target (at or beyond it, in the
    /// direction of the polarity); `None` without a target.
    pub fn status(&self) -> Option<TargetStatus> {
        let target = self.target?;
        Some(match self.value(self.target_year) {
            None => TargetStatus::NoValue,
            Some(value) => {
                let met = match self.polarity {
                    Polarity::Higher => value >= target,
                    Polarity::Lower => value <= target,
                };
                if met { TargetStatus::Met } else { TargetStatus::Missed }
            }
        })
    }

    /// How the measured values move from year to year, by the polarity.
    pub fn trend(&self) -> Trend {
        let measured: Vec<Decimal> = self.values.iter().filter_map(|value| value.value).collect();
        if measured.len() < 2 {
            return Trend::Insufficient;
        }
        let (mut better, mut worse) = (false, false);
        for pair in measured.windows(2) {
            let improved = match self.polarity {
                Polarity::Higher => pair[1] > pair[0],
                Polarity::Lower => pair[1] < pair[0],
            };
            if improved {
                better = true;
            } else if pair[1] != pair[0] {
                worse = true;
            }
        }
        match (better, worse) {
            (true, false) => Trend::Improving,
            (false, true) => Trend::Worsening,
            (false, false) => Trend::Steady,
            (true, true) => Trend::Mixed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    #[test]
    fn reads_the_newsletter_cells() {
        let cell = |text| read_cell(text).unwrap();
        assert_eq!(cell("25 ตัวชี้วัด"), Cell { value: Some(d("25")), unit: "ตัวชี้วัด".into() });
        assert_eq!(cell("ร้อยละ 85"), Cell { value: Some(d("85")), unit: "ร้อยละ".into() });
        assert_eq!(cell("80.5%"), Cell { value: Some(d("80.5")), unit: "ร้อยละ".into() });
        assert_eq!(cell("100% (35/35)"), Cell { value: Some(d("100")), unit: "ร้อยละ".into() });
        assert_eq!(cell("2,068 ชุมชน"), Cell { value: Some(d("2068")), unit: "ชุมชน".into() });
        assert_eq!(cell("๔๒"), Cell { value: Some(d("42")), unit: String::new() });
        assert_eq!(cell("-"), Cell { value: None, unit: String::new() });
        assert_eq!(cell(""), Cell { value: None, unit: String::new() });
        assert_eq!(read_cell("ไม่มี"), Err(DecimalError::NotANumber));
        assert_eq!(read_cell("1.2.3 เรื่อง"), Err(DecimalError::NotANumber));
    }

    fn indicator(polarity: Polarity, target: &str, values: [Option<&str>; 3]) -> ResultIndicator {
        ResultIndicator {
            item: "7.1".into(),
            number: 1,
            name: "x".into(),
            unit: String::new(),
            polarity,
            target: Some(d(target)),
            target_year: FiscalYear::from_be(2563),
            values: (2561..=2563)
                .zip(values)
                .map(|(be, value)| YearValue { year: FiscalYear::from_be(be), value: value.map(d) })
                .collect(),
        }
    }

    #[test]
    fn met_missed_and_trends() {
        let up = indicator(Polarity::Higher, "25", [Some("12"), Some("25"), Some("31")]);
        assert_eq!((up.status(), up.trend()), (Some(TargetStatus::Met), Trend::Improving));
        let down = indicator(Polarity::Higher, "4", [Some("3"), Some("3"), Some("0")]);
        assert_eq!((down.status(), down.trend()), (Some(TargetStatus::Missed), Trend::Worsening));
        let lower = indicator(Polarity::Lower, "42", [Some("35"), Some("42"), Some("25")]);
        assert_eq!((lower.status(), lower.trend()), (Some(TargetStatus::Met), Trend::Mixed));
        let new = indicator(Polarity::Higher, "85", [None, None, Some("100")]);
        assert_eq!((new.status(), new.trend()), (Some(TargetStatus::Met), Trend::Insufficient));
        let unmeasured = indicator(Polarity::Higher, "85", [Some("80"), Some("80"), None]);
        assert_eq!((unmeasured.status(), unmeasured.trend()), (Some(TargetStatus::NoValue), Trend::Steady));
        let mut untargeted = up.clone();
        untargeted.target = None;
        assert_eq!(untargeted.status(), None);
    }
}
