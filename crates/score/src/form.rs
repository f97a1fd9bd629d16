//! The indicator report form (รายงานผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ
//! (รายตัวชี้วัด)) as an agency writes it, and its checks.
//!
//! `tidtam_report` reads a file into an [`IndicatorReport`] (it owns reading files);
//! this module owns what the form means: which criteria its tables describe, what
//! its result achieves, and the findings of [`crate::finding`] its figures raise
//! (a score that does not follow from the result and the criteria, a weighted
//! score that is not weight × score / 100, evidence without a date). Keeping the
//! form here, beside the scoring it is checked by, lets the report reader, the
//! store and the exports share one type without the reader knowing the rules.

use serde::{Deserialize, Serialize};

use crate::agreement::check_stated_figures;
use crate::decimal::Decimal;
use crate::finding::{Finding, Rule};
use crate::indicator::{Achievement, Criteria, Mode, Polarity, ScoringConfig};
use crate::round::{Evidence, Round, RoundPeriod, Stated};

/// A person named on the form, as written (name, often followed by a position
/// such as "ผอ.สยจ.สบจ."), with the telephone number given beside them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Officer {
    pub name: String,
    pub phone: Option<String>,
}

/// One row of ข้อมูลผลการดำเนินงาน: a level and the work done at it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelSteps {
    pub level: u8,
    pub text: String,
}

/// One indicator's report form, field by field as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorReport {
    /// The file and the line the form starts at.
    pub file: String,
    pub line: usize,
    /// รหัส, e.g. `3.1.3`.
    pub code: String,
    /// ชื่อตัวชี้วัด (the heading's name, its wrapped lines joined).
    pub name: String,
    /// The name in the first cell of the score table, when it is written there too.
    pub table_name: Option<String>,
    /// ผู้กำกับดูแลตัวชี้วัด.
    pub officer_in_charge: Option<Officer>,
    /// ผู้จัดเก็บข้อมูล (one or more, numbered "1. … 2. …" on the form).
    pub data_collectors: Vec<Officer>,
    /// คำอธิบาย.
    pub description: String,
    /// ข้อมูลผลการดำเนินงาน: the work of each level 1–5.
    pub levels: Vec<LevelSteps>,
    /// เกณฑ์การให้คะแนน: the cells under ระดับ 1 … ระดับ 5, as written.
    pub criteria: Vec<String>,
    /// น้ำหนัก (ร้อยละ).
    pub weight: Option<Decimal>,
    /// ผลการดำเนินงาน, as written (a level, or a value).
    pub result: Option<String>,
    /// ค่าคะแนนที่ได้.
    pub score: Option<Decimal>,
    /// ค่าคะแนนถ่วงน้ำหนัก.
    pub weighted_score: Option<Decimal>,
    /// คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ, the whole block.
    pub explanation: String,
    /// The numbered measures of that block ("1. มีคำสั่ง…"), one each.
    pub measures: Vec<String>,
    /// ปัจจัยสนับสนุนต่อการดำเนินงาน.
    pub supporting_factors: String,
    /// อุปสรรคต่อการดำเนินงาน ("-" when the form says there were none).
    pub obstacles: String,
    /// ข้อเสนอแนะสำหรับการดำเนินงานในปีต่อไป.
    pub suggestions: String,
    /// หลักฐานอ้างอิง.
    pub evidence: Vec<Evidence>,
    /// The rounds the form is for (รอบ 6 / 9 / 12 เดือน), in order.
    pub rounds: Vec<RoundPeriod>,
    /// Text of the form's right-hand column that a two-column conversion put after
    /// the form, in its order: kept so nothing read is lost, never guessed back
    /// into the fields it was cut from.
    pub right_column: Vec<String>,
    pub findings: Vec<Finding>,
}

impl IndicatorReport {
    /// The criteria the form's tables describe: a milestone indicator when it
    /// lists the work of each level (ระดับความสำเร็จ) or scores levels 1–5 as
    /// 1–5; otherwise five thresholds that rise (higher is better) or fall
    /// (lower is better), scored by interpolation. `None` when neither is readable.
    pub fn criteria(&self) -> Option<Criteria> {
        let cells: Option<Vec<Decimal>> = self.criteria.iter().map(|cell| threshold(cell)).collect();
        let cells = cells.filter(|cells| cells.len() == 5);
        let levels_as_scores = cells
            .as_ref()
            .is_some_and(|cells| cells.iter().zip(1..=5).all(|(cell, level)| *cell == Decimal::from_int(level)));
        if self.levels.len() == 5 || levels_as_scores {
            let steps: [Vec<String>; 5] = std::array::from_fn(|index| {
                self.levels
                    .iter()
                    .filter(|level| usize::from(level.level) == index + 1 && !level.text.is_empty())
                    .map(|level| level.text.clone())
                    .collect()
            });
            return Some(Criteria::Milestone { steps });
        }
        let thresholds: [Decimal; 5] = cells?.try_into().ok()?;
        let polarity = if thresholds[0] < thresholds[4] { Polarity::Higher } else { Polarity::Lower };
        Some(Criteria::Quantitative { polarity, mode: Mode::Interpolate, thresholds })
    }

    /// The round the form's figures are for: the last round it names (12 months
    /// when it names none).
    pub fn period(&self) -> RoundPeriod {
        self.rounds.last().copied().unwrap_or(RoundPeriod::TwelveMonths)
    }

    /// The form's figures as a round of the agreement (result, own figures, the
    /// narrative blocks and the evidence).
    pub fn round(&self) -> Round {
        let criteria = self.criteria();
        let mut round = Round::new(self.period());
        round.result = self.result.as_deref().and_then(|result| achievement(result, criteria.as_ref()));
        round.own = Stated {
            level: match (&criteria, &round.result) {
                (Some(Criteria::Milestone { .. }), Some(Achievement::Level(level))) => Some(*level),
                _ => None,
            },
            score: self.score,
            weighted: self.weighted_score,
        };
        round.explanation = self.explanation.clone();
        round.supporting_factors = self.supporting_factors.clone();
        round.obstacles = self.obstacles.clone();
        round.suggestions = self.suggestions.clone();
        round.evidence = self.evidence.clone();
        round
    }

    /// Every finding the form's own figures raise under `config`: a score that does
    /// not follow from the result and the criteria (or a result the criteria cannot
    /// score), a weighted score that is not weight × score / 100, evidence without a
    /// date or out of order. Weights summing to 100 is an agreement's matter
    /// ([`check_weights`]): one form carries one weight.
    pub fn check(&self, config: &ScoringConfig) -> Vec<Finding> {
        let code = self.code.as_str();
        let round = self.round();
        let mut findings = Vec::new();
        let criteria = self.criteria();
        let computed = match (&criteria, &round.result) {
            (Some(criteria), Some(result)) => match criteria.score(result, config, code) {
                Ok(scored) => Some(scored),
                Err(finding) => {
                    findings.push(finding);
                    None
                }
            },
            (_, None) if self.result.is_some() => {
                let written = self.result.as_deref().unwrap_or_default();
                findings.push(Finding::new(
                    Rule::KpiResultOutOfRange,
                    code,
                    format!("อ่านผลการดำเนินงาน \"{written}\" เป็นระดับหรือตัวเลขไม่ได้"),
                    format!("the result \"{written}\" is neither a level nor a number"),
                ));
                None
            }
            _ => None,
        };
        if self.result.is_none() {
            findings.push(Finding::new(
                Rule::KpiResultMissing,
                code,
                "แบบรายงานไม่ได้ระบุผลการดำเนินงาน".to_string(),
                "the form states no result".to_string(),
            ));
        }
        if let Some(weight) = self.weight {
            let scale = criteria.as_ref().map_or(crate::indicator::Scale::Five, Criteria::scale);
            findings.extend(check_stated_figures(code, weight, scale, &round.own, computed));
        }
        findings.extend(round.check_evidence(code));
        findings
    }
}

/// A finding when the weights of `reports`, an agreement's whole set of forms,
/// do not sum to exactly 100 (forms without a weight count as 0).
pub fn check_weights(reports: &[IndicatorReport]) -> Option<Finding> {
    if reports.is_empty() {
        return None;
    }
    let total: Decimal = reports.iter().filter_map(|report| report.weight).sum();
    (total != Decimal::HUNDRED).then(|| {
        Finding::new(
            Rule::KpiWeightsSum,
            "",
            format!("น้ำหนักของตัวชี้วัด {} ตัวรวมกันได้ร้อยละ {total} ต้องเท่ากับ ๑๐๐ พอดี", reports.len()),
            format!("the weights of the {} indicators sum to {total} %, not exactly 100", reports.len()),
        )
    })
}

/// A criteria cell as a number: "80", "ร้อยละ 80", "80 %", "๘๐".
fn threshold(cell: &str) -> Option<Decimal> {
    let cell = cell.trim();
    let cell = cell.strip_prefix("ร้อยละ").unwrap_or(cell);
    Decimal::parse(cell).ok()
}

/// What a written result achieves under `criteria`: a milestone indicator's
/// result is a level ("5", "ระดับ 5"), any other a value.
fn achievement(written: &str, criteria: Option<&Criteria>) -> Option<Achievement> {
    let written = written.trim();
    let written = written.strip_prefix("ระดับ").unwrap_or(written);
    let value = threshold(written)?;
    match criteria {
        Some(Criteria::Milestone { .. }) => {
            let level = (value.places() == 0 && value >= Decimal::ZERO && value <= Decimal::from_int(255))
                .then(|| value.to_string().parse::<u8>().ok())
                .flatten();
            Some(level.map_or(Achievement::Value(value), Achievement::Level))
        }
        _ => Some(Achievement::Value(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    fn form() -> IndicatorReport {
        IndicatorReport {
            code: "3.1.3".into(),
            name: "ระดับความสำเร็จ".into(),
            levels: (1..=5).map(|level| LevelSteps { level, text: format!("ขั้นตอนที่ {level}") }).collect(),
            criteria: (1..=5).map(|level| level.to_string()).collect(),
            weight: Some(d("2")),
            result: Some("5".into()),
            score: Some(d("5")),
            weighted_score: Some(d("0.1")),
            evidence: vec![Evidence {
                number: 1,
                title: "คำสั่ง".into(),
                date: Some(jiff::civil::date(2008, 2, 27)),
                pages: Some(2),
                file: None,
            }],
            rounds: vec![RoundPeriod::NineMonths, RoundPeriod::TwelveMonths],
            ..IndicatorReport::default()
        }
    }

    fn ids(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(Finding::id).collect()
    }

    #[test]
    fn a_consistent_form_raises_nothing() {
        let form = form();
        assert!(matches!(form.criteria(), Some(Criteria::Milestone { .. })));
        assert_eq!(form.period(), RoundPeriod::TwelveMonths);
        assert_eq!(form.round().result, Some(Achievement::Level(5)));
        assert!(form.check(&ScoringConfig::default()).is_empty());
    }

    #[test]
    fn a_score_that_does_not_follow_and_a_wrong_weighted_score() {
        let mut form = form();
        form.result = Some("4".into());
        // Stated 5 but level 4 scores 4; 0.1 follows from the stated 5 (the form's own arithmetic).
        assert_eq!(ids(&form.check(&ScoringConfig::default())), ["kpi-score-mismatch"]);
        form.result = Some("5".into());
        form.weighted_score = Some(d("0.2"));
        let findings = form.check(&ScoringConfig::default());
        assert_eq!(ids(&findings), ["kpi-weighted-mismatch"]);
        assert!(findings[0].message_en.contains("2 × 5 / 100 = 0.1000"), "{}", findings[0].message_en);
    }

    #[test]
    fn quantitative_forms_interpolate() {
        let mut form = form();
        form.levels.clear();
        form.criteria = ["ร้อยละ 75", "80", "85", "90", "95"].map(String::from).to_vec();
        form.result = Some("87".into());
        form.weight = Some(d("20"));
        form.score = Some(d("3.4"));
        form.weighted_score = Some(d("0.68"));
        assert!(matches!(form.criteria(), Some(Criteria::Quantitative { polarity: Polarity::Higher, .. })));
        assert!(form.check(&ScoringConfig::default()).is_empty());
        form.score = Some(d("3.5"));
        form.weighted_score = Some(d("0.7"));
        assert_eq!(ids(&form.check(&ScoringConfig::default())), ["kpi-score-mismatch"]);
    }

    #[test]
    fn undated_evidence_missing_result_and_unreadable_result() {
        let mut form = form();
        form.evidence[0].date = None;
        assert_eq!(ids(&form.check(&ScoringConfig::default())), ["kpi-evidence-undated"]);
        form.evidence[0].date = Some(jiff::civil::date(2008, 2, 27));
        form.result = None;
        assert_eq!(ids(&form.check(&ScoringConfig::default())), ["kpi-result-missing"]);
        form.result = Some("ดีมาก".into());
        assert_eq!(ids(&form.check(&ScoringConfig::default())), ["kpi-result-out-of-range"]);
        form.result = Some("7".into());
        assert_eq!(ids(&form.check(&ScoringConfig::default())), ["kpi-result-out-of-range"]);
    }

    #[test]
    fn weights_of_a_set_of_forms() {
        let mut other = form();
        other.code = "3.1.4".into();
        other.weight = Some(d("98"));
        assert_eq!(check_weights(&[form(), other.clone()]), None);
        other.weight = Some(d("97.5"));
        let finding = check_weights(&[form(), other]).unwrap();
        assert_eq!(finding.id(), "kpi-weights-sum");
        assert!(finding.message_en.contains("99.5"));
        assert_eq!(check_weights(&[]), None);
    }
}
