//! Numbers, amounts, percentages and dates as the ministry's forms write them:
//! Thai digits, thousands separated by commas, amounts followed by their Thai
//! words, Buddhist-era dates.

use jiff::civil::Date;
use tidtam_domain::{Baht, FiscalYear, Quarter};
use tidtam_thai::baht::baht_to_words;
use tidtam_thai::date::month_name_th;
use tidtam_thai::digits::to_thai_digits;

/// "๙,๓๖๕,๘๐๐" (satang only when there are some: "๑,๕๐๐.๒๕").
pub fn amount(value: Baht) -> String {
    to_thai_digits(&value.to_string())
}

/// "๙,๓๖๕,๘๐๐ บาท (เก้าล้านสามแสนหกหมื่นห้าพันแปดร้อยบาทถ้วน)", or "- บาท"
/// when there is no figure (the form's blank).
pub fn amount_with_words(value: Option<Baht>) -> String {
    match value {
        Some(value) => format!("{} บาท ({})", amount(value), baht_to_words(value)),
        None => "- บาท".to_string(),
    }
}

/// A count in Thai digits.
pub fn count(n: impl std::fmt::Display) -> String {
    to_thai_digits(&n.to_string())
}

/// A percentage as the report gives it, without the sign, exactly (the
/// shortest decimal that reads back as the same number): "๓๕", "๓๗.๕".
pub fn percent(value: f64) -> String {
    to_thai_digits(&value.to_string())
}

/// A computed ratio (0.416…) as a percentage with one decimal: "๔๑.๗".
pub fn ratio_percent(ratio: f64) -> String {
    let text = format!("{:.1}", ratio * 100.0);
    to_thai_digits(text.strip_suffix(".0").unwrap_or(&text))
}

/// "๑ ตุลาคม ๒๕๖๖".
pub fn date(day: Date) -> String {
    let month = month_name_th(day.month()).unwrap_or("");
    to_thai_digits(&format!("{} {month} {}", day.day(), i32::from(day.year()) + 543))
}

/// "(๑ ตุลาคม ๒๕๖๖ - ๓๑ ธันวาคม ๒๕๖๖)": the quarter's dates, as section 3 lists them.
pub fn quarter_dates(year: FiscalYear, quarter: Quarter) -> String {
    let period = year.quarter(quarter);
    format!("({} - {})", date(period.start), date(period.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_style() {
        assert_eq!(amount(Baht::from_baht(9_365_800)), "๙,๓๖๕,๘๐๐");
        assert_eq!(
            amount_with_words(Some(Baht::from_baht(9_365_800))),
            "๙,๓๖๕,๘๐๐ บาท (เก้าล้านสามแสนหกหมื่นห้าพันแปดร้อยบาทถ้วน)"
        );
        assert_eq!(amount_with_words(Some(Baht::from_satang(150))), "๑.๕๐ บาท (หนึ่งบาทห้าสิบสตางค์)");
        assert_eq!(amount_with_words(None), "- บาท");
        assert_eq!(percent(35.0), "๓๕");
        assert_eq!(percent(37.5), "๓๗.๕");
        assert_eq!(percent(0.0), "๐");
        assert_eq!(percent(33.333), "๓๓.๓๓๓", "as written, not rounded");
        assert_eq!(ratio_percent(5.0 / 12.0), "๔๑.๗");
        assert_eq!(ratio_percent(0.5), "๕๐");
        assert_eq!(quarter_dates(FiscalYear::from_be(2567), Quarter::Q1), "(๑ ตุลาคม ๒๕๖๖ - ๓๑ ธันวาคม ๒๕๖๖)");
    }
}
