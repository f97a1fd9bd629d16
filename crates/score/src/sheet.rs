//! An agreement from a spreadsheet's rows (`tidtam kpi score FILE`).
//!
//! One row an indicator, under a header row with the columns
//! `code,name,weight,kind,polarity,mode,level1,level2,level3,level4,level5,result`
//! (any order, any case, other columns ignored): `kind` is `quantitative` or
//! `milestone`; a quantitative row has `polarity` `higher` or `lower`, `mode`
//! `interpolate` or `step`, the thresholds of levels 1–5 and the measured result;
//! a milestone row's levels are the work of each level (may be empty) and its
//! result is the highest level met, 0–5.
//!
//! The rows arrive as text (the caller reads CSV or XLSX; a spreadsheet number
//! arrives as its shortest decimal writing), so this stays pure. Bad input is
//! never scored: every problem is a [`RowError`] naming the row (1 is the header)
//! and, in Thai and English, what is wrong, and the caller prints them instead of
//! any score.

use tidtam_thai::fiscal::FiscalYear;

use crate::agreement::{Agreement, Indicator, Scorecard};
use crate::decimal::Decimal;
use crate::finding::{Finding, Rule, Severity};
use crate::indicator::{Achievement, Criteria, Mode, Polarity, ScoringConfig};
use crate::round::{Round, RoundPeriod};

/// The columns a sheet must have, in the order the documentation lists them.
pub const COLUMNS: [&str; 12] =
    ["code", "name", "weight", "kind", "polarity", "mode", "level1", "level2", "level3", "level4", "level5", "result"];

/// One problem with the sheet: its row (1-based, the header is 1; `None` for the
/// agreement as a whole) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub row: Option<usize>,
    pub message_th: String,
    pub message_en: String,
}

impl RowError {
    fn at(row: usize, message_th: String, message_en: String) -> RowError {
        RowError { row: Some(row), message_th, message_en }
    }

    /// One line: "แถวที่ 3: … / row 3: …".
    pub fn line(&self) -> String {
        match self.row {
            Some(row) => format!("แถวที่ {row}: {} / row {row}: {}", self.message_th, self.message_en),
            None => format!("ทั้งตาราง: {} / whole sheet: {}", self.message_th, self.message_en),
        }
    }
}

/// A scored sheet: the agreement read from it and its scorecard.
#[derive(Clone, Debug)]
pub struct ScoredSheet {
    pub agreement: Agreement,
    /// Each indicator's row (1-based), in the agreement's order.
    pub rows: Vec<usize>,
    pub scorecard: Scorecard,
}

/// Reads `rows` (the first is the header; rows with no text are skipped) into an
/// agreement and scores it, or says every problem. The results are taken as the
/// 12-month round's.
pub fn score_rows(
    rows: &[Vec<String>],
    fiscal_year: FiscalYear,
    config: ScoringConfig,
) -> Result<ScoredSheet, Vec<RowError>> {
    let Some(header) = rows.first() else {
        return Err(vec![RowError {
            row: None,
            message_th: "ตารางว่าง ไม่มีแถวหัวตาราง".into(),
            message_en: "the sheet is empty: no header row".into(),
        }]);
    };
    let names: Vec<String> = header.iter().map(|cell| cell.trim().to_lowercase()).collect();
    let mut columns = [0usize; 12];
    let mut errors = Vec::new();
    for (slot, wanted) in columns.iter_mut().zip(COLUMNS) {
        match names.iter().position(|name| name == wanted) {
            Some(index) => *slot = index,
            None => errors.push(RowError::at(
                1,
                format!("ไม่มีคอลัมน์ {wanted} (ต้องมี {})", COLUMNS.join(",")),
                format!("no column {wanted} (the columns are {})", COLUMNS.join(",")),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut indicators = Vec::new();
    let mut row_numbers = Vec::new();
    for (index, row) in rows.iter().enumerate().skip(1) {
        if row.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let number = index + 1;
        let cell = |column: usize| row.get(columns[column]).map_or("", |text| text.trim());
        match read_row(number, &cell, &config) {
            Ok(indicator) => {
                indicators.push(indicator);
                row_numbers.push(number);
            }
            Err(mut row_errors) => errors.append(&mut row_errors),
        }
    }
    if indicators.is_empty() && errors.is_empty() {
        errors.push(RowError::at(1, "ไม่มีแถวตัวชี้วัดใต้หัวตาราง".into(), "no indicator rows under the header".into()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let agreement = Agreement { fiscal_year, unit: String::new(), config, indicators };
    // The agreement's own rules (weights, thresholds, codes) and the scoring's
    // (a result outside the criteria's range) decide what is bad input.
    let scorecard = agreement.scorecard(RoundPeriod::TwelveMonths);
    let errors: Vec<RowError> = scorecard
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error || finding.rule == Rule::KpiCodeDuplicate)
        .map(|finding| to_row_error(finding, &agreement, &row_numbers))
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ScoredSheet { agreement, rows: row_numbers, scorecard })
}

/// A finding about an indicator as the error of its row (the first row with its
/// code; a duplicate code names every row that has it).
fn to_row_error(finding: &Finding, agreement: &Agreement, rows: &[usize]) -> RowError {
    let matching: Vec<usize> = agreement
        .indicators
        .iter()
        .zip(rows)
        .filter(|(indicator, _)| !finding.subject.is_empty() && indicator.code == finding.subject)
        .map(|(_, &row)| row)
        .collect();
    let row = matching.first().copied();
    let (th, en) = if matching.len() > 1 {
        let listed = matching.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
        (format!(" (แถวที่ {listed})"), format!(" (rows {listed})"))
    } else {
        (String::new(), String::new())
    };
    let code_th = if finding.subject.is_empty() {
        String::new()
    } else {
        format!("ตัวชี้วัด {}: ", finding.subject)
    };
    let code_en = if finding.subject.is_empty() { String::new() } else { format!("indicator {}: ", finding.subject) };
    RowError {
        row,
        message_th: format!("{code_th}{}{th} [{}]", finding.message_th, finding.id()),
        message_en: format!("{code_en}{}{en} [{}]", finding.message_en, finding.id()),
    }
}

fn read_row<'r>(
    row: usize,
    cell: &dyn Fn(usize) -> &'r str,
    config: &ScoringConfig,
) -> Result<Indicator, Vec<RowError>> {
    let mut errors = Vec::new();
    let code = cell(0);
    if code.is_empty() {
        errors.push(RowError::at(row, "ไม่มีรหัสตัวชี้วัด (code)".into(), "no indicator code (code)".into()));
    }
    let weight = number(row, cell(2), "weight", "น้ำหนัก", &mut errors);
    let kind = cell(3).to_lowercase();
    let result_text = cell(11);
    let criteria = match kind.as_str() {
        "quantitative" | "เชิงปริมาณ" => {
            let polarity = match cell(4).to_lowercase().as_str() {
                "higher" | "สูง" | "มาก" => Some(Polarity::Higher),
                "lower" | "ต่ำ" | "น้อย" => Some(Polarity::Lower),
                other => {
                    errors.push(RowError::at(
                        row,
                        format!("polarity \"{other}\" ต้องเป็น higher หรือ lower"),
                        format!("polarity \"{other}\" must be higher or lower"),
                    ));
                    None
                }
            };
            let mode = match cell(5).to_lowercase().as_str() {
                "interpolate" => Some(Mode::Interpolate),
                "step" => Some(Mode::Step),
                other => {
                    errors.push(RowError::at(
                        row,
                        format!("mode \"{other}\" ต้องเป็น interpolate หรือ step"),
                        format!("mode \"{other}\" must be interpolate or step"),
                    ));
                    None
                }
            };
            let thresholds: Vec<Option<Decimal>> = (1..=5)
                .map(|level| {
                    number(row, cell(5 + level), &format!("level{level}"), &format!("เกณฑ์ระดับ {level}"), &mut errors)
                })
                .collect();
            match (polarity, mode, thresholds.into_iter().collect::<Option<Vec<Decimal>>>()) {
                (Some(polarity), Some(mode), Some(thresholds)) => {
                    let thresholds: [Decimal; 5] = thresholds.try_into().expect("five levels");
                    Some(Criteria::Quantitative { polarity, mode, thresholds })
                }
                _ => None,
            }
        }
        "milestone" | "ระดับความสำเร็จ" => {
            let steps: [Vec<String>; 5] = std::array::from_fn(|index| {
                let text = cell(6 + index);
                if text.is_empty() { Vec::new() } else { vec![text.to_string()] }
            });
            Some(Criteria::Milestone { steps })
        }
        other => {
            errors.push(RowError::at(
                row,
                format!("kind \"{other}\" ต้องเป็น quantitative หรือ milestone"),
                format!("kind \"{other}\" must be quantitative or milestone"),
            ));
            None
        }
    };
    let result = number(row, result_text, "result", "ผลการดำเนินงาน", &mut errors);
    match (weight, criteria, result) {
        (Some(weight), Some(criteria), Some(result)) if errors.is_empty() => {
            // Thresholds out of order and a result the criteria cannot score (a
            // milestone level outside 0–5) are this row's errors, found now so
            // that every row's problems are listed together.
            if let Err(finding) = criteria.score(&Achievement::Value(result), config, code) {
                let code_th = format!("ตัวชี้วัด {code}: ");
                let code_en = format!("indicator {code}: ");
                return Err(vec![RowError::at(
                    row,
                    format!("{code_th}{} [{}]", finding.message_th, finding.id()),
                    format!("{code_en}{} [{}]", finding.message_en, finding.id()),
                )]);
            }
            let mut round = Round::new(RoundPeriod::TwelveMonths);
            // A milestone's result is a level; the scoring refuses one that is not 0–5.
            round.result = Some(Achievement::Value(result));
            Ok(Indicator {
                code: code.to_string(),
                name: cell(1).to_string(),
                description: String::new(),
                officer_in_charge: String::new(),
                data_collector: String::new(),
                weight,
                criteria,
                rounds: vec![round],
            })
        }
        _ => Err(errors),
    }
}

/// A cell as a number, or an error naming the column.
fn number(row: usize, text: &str, column: &str, column_th: &str, errors: &mut Vec<RowError>) -> Option<Decimal> {
    match Decimal::parse(text) {
        Ok(value) => Some(value),
        Err(_) if text.is_empty() => {
            errors.push(RowError::at(
                row,
                format!("{column_th} ({column}) ว่าง ต้องเป็นตัวเลข"),
                format!("{column} is empty; it must be a number"),
            ));
            None
        }
        Err(_) => {
            errors.push(RowError::at(
                row,
                format!("{column_th} ({column}) \"{text}\" ไม่ใช่ตัวเลข"),
                format!("{column} \"{text}\" is not a number"),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(text: &str) -> Vec<Vec<String>> {
        text.lines().map(|line| line.split(',').map(String::from).collect()).collect()
    }

    const HEADER: &str = "code,name,weight,kind,polarity,mode,level1,level2,level3,level4,level5,result";

    fn score(text: &str) -> Result<ScoredSheet, Vec<RowError>> {
        score_rows(&sheet(text), FiscalYear::from_be(2569), ScoringConfig::default())
    }

    #[test]
    fn scores_and_weights() {
        // 60 × 3.4 / 100 = 2.04; 40 × 4 / 100 = 1.6; total 3.64.
        let scored = score(&format!(
            "{HEADER}\n1.1,ร้อยละการเบิกจ่าย,60,quantitative,higher,interpolate,75,80,85,90,95,87\n\n1.2,ระดับความสำเร็จ,40,milestone,,,,,,,,4"
        ))
        .unwrap();
        assert_eq!(scored.rows, [2, 4]);
        assert_eq!(scored.scorecard.indicators[0].weighted.unwrap().fixed(4), "2.0400");
        assert_eq!(scored.scorecard.indicators[1].weighted.unwrap().fixed(4), "1.6000");
        assert_eq!(scored.scorecard.total.fixed(4), "3.6400");
    }

    fn lines(errors: Vec<RowError>) -> Vec<String> {
        errors.iter().map(RowError::line).collect()
    }

    #[test]
    fn every_kind_of_bad_input_names_its_row() {
        let missing = lines(score("code,name,weight,kind\n1,a,100,milestone").unwrap_err());
        assert_eq!(missing.len(), 8, "{missing:?}");
        assert!(missing[0].contains("row 1: no column polarity"), "{missing:?}");

        let bad = lines(
            score(&format!(
                "{HEADER}\n1.1,a,สิบ,milestone,,,,,,,,3\n1.2,b,50,quantitative,higher,interpolate,75,85,80,90,95,87\n1.3,c,50,milestone,,,,,,,,6"
            ))
            .unwrap_err(),
        );
        assert_eq!(bad.len(), 3, "{bad:?}");
        assert!(bad[0].contains("row 2: weight \"สิบ\" is not a number"), "{bad:?}");
        assert!(bad[1].contains("row 3: indicator 1.2: the thresholds"), "{bad:?}");
        assert!(bad[2].contains("row 4: indicator 1.3: result 6"), "{bad:?}");

        let bad = lines(
            score(&format!(
                "{HEADER}\n1.2,b,50,quantitative,higher,interpolate,75,80,85,90,95,87\n1.3,c,40,milestone,,,,,,,,5"
            ))
            .unwrap_err(),
        );
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert!(bad[0].starts_with("ทั้งตาราง:") && bad[0].contains("sum to 90 %"), "{bad:?}");
    }

    #[test]
    fn duplicate_codes_name_both_rows() {
        let bad = lines(score(&format!("{HEADER}\n1,a,50,milestone,,,,,,,,3\n1,b,50,milestone,,,,,,,,2")).unwrap_err());
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert!(bad[0].contains("rows 2, 3"), "{bad:?}");
    }
}
