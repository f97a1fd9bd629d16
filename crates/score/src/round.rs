//! Reporting rounds (6, 9 and 12 months) and their evidence lists.
//!
//! Each round of an indicator keeps its own result, the agency's own stated
//! figures, the committee's score, the narrative blocks of the form (คำชี้แจง,
//! ปัจจัยสนับสนุน, อุปสรรค, ข้อเสนอแนะ) and the numbered evidence (หลักฐานอ้างอิง:
//! number, title, date, pages, attached file). These are plain data for the store
//! to keep; this module adds only the checks of the evidence list.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tidtam_thai::fiscal::{FiscalYear, Quarter};

use crate::decimal::Decimal;
use crate::finding::{Finding, Rule};
use crate::indicator::Achievement;

/// A reporting round of the fiscal year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundPeriod {
    /// รอบ 6 เดือน: October–March.
    SixMonths,
    /// รอบ 9 เดือน: October–June.
    NineMonths,
    /// รอบ 12 เดือน: the whole fiscal year.
    TwelveMonths,
}

impl RoundPeriod {
    pub const ALL: [RoundPeriod; 3] = [RoundPeriod::SixMonths, RoundPeriod::NineMonths, RoundPeriod::TwelveMonths];

    pub fn months(self) -> u8 {
        match self {
            RoundPeriod::SixMonths => 6,
            RoundPeriod::NineMonths => 9,
            RoundPeriod::TwelveMonths => 12,
        }
    }

    /// The round a number of months names (6, 9 or 12).
    pub fn from_months(months: u8) -> Option<RoundPeriod> {
        RoundPeriod::ALL.into_iter().find(|period| period.months() == months)
    }

    /// The last day the round covers: the end of the fiscal year's 2nd, 3rd or 4th
    /// quarter, which is the date a figure computed from monitoring data is taken at.
    pub fn end(self, year: FiscalYear) -> Date {
        let quarter = match self {
            RoundPeriod::SixMonths => Quarter::Q2,
            RoundPeriod::NineMonths => Quarter::Q3,
            RoundPeriod::TwelveMonths => Quarter::Q4,
        };
        quarter.end(year)
    }

    /// "รอบ 9 เดือน".
    pub fn name_th(self) -> String {
        format!("รอบ {} เดือน", self.months())
    }
}

/// A piece of evidence (หลักฐานอ้างอิง).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Its number in the list, from 1.
    pub number: u32,
    pub title: String,
    pub date: Option<Date>,
    pub pages: Option<u32>,
    /// The attached file, as the store names it (an id or a file name).
    pub file: Option<String>,
}

/// What the agency wrote as its own figures (the report's score table).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stated {
    /// The level written as ผลการดำเนินงาน (a milestone indicator's result).
    pub level: Option<u8>,
    /// ค่าคะแนนที่ได้.
    pub score: Option<Decimal>,
    /// ค่าคะแนนถ่วงน้ำหนัก.
    pub weighted: Option<Decimal>,
}

/// One indicator's round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub period: RoundPeriod,
    /// The result; `None` while not reported (OPEC's "ไม่ได้รายงาน").
    pub result: Option<Achievement>,
    /// The agency's own figures.
    #[serde(default)]
    pub own: Stated,
    /// The committee's score, kept beside the agency's (OPEC re-scored 5 as 4.8).
    pub committee_score: Option<Decimal>,
    /// คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ.
    #[serde(default)]
    pub explanation: String,
    /// ปัจจัยสนับสนุนต่อการดำเนินงาน.
    #[serde(default)]
    pub supporting_factors: String,
    /// อุปสรรคต่อการดำเนินงาน.
    #[serde(default)]
    pub obstacles: String,
    /// ข้อเสนอแนะสำหรับการดำเนินงานในปีต่อไป.
    #[serde(default)]
    pub suggestions: String,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

impl Round {
    /// An empty round of `period`.
    pub fn new(period: RoundPeriod) -> Round {
        Round {
            period,
            result: None,
            own: Stated::default(),
            committee_score: None,
            explanation: String::new(),
            supporting_factors: String::new(),
            obstacles: String::new(),
            suggestions: String::new(),
            evidence: Vec::new(),
        }
    }

    /// Evidence without a date (a warning each) and a list not numbered 1, 2, 3, …
    /// (one note); `subject` is the indicator's code.
    pub fn check_evidence(&self, subject: &str) -> Vec<Finding> {
        let mut findings: Vec<Finding> = self
            .evidence
            .iter()
            .filter(|item| item.date.is_none())
            .map(|item| {
                Finding::new(
                    Rule::KpiEvidenceUndated,
                    subject,
                    format!("{}: หลักฐานลำดับที่ {} ไม่ระบุวันที่", self.period.name_th(), item.number),
                    format!("{}-month round: evidence {} has no date", self.period.months(), item.number),
                )
            })
            .collect();
        let in_order = self.evidence.iter().zip(1..).all(|(item, expected)| item.number == expected);
        if !in_order {
            let numbers: Vec<String> = self.evidence.iter().map(|item| item.number.to_string()).collect();
            let numbers = numbers.join(", ");
            findings.push(Finding::new(
                Rule::KpiEvidenceNumbering,
                subject,
                format!("{}: ลำดับหลักฐานคือ {numbers} ไม่ใช่ ๑, ๒, ๓, …", self.period.name_th()),
                format!("{}-month round: the evidence is numbered {numbers}, not 1, 2, 3, …", self.period.months()),
            ));
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_end_with_their_quarters() {
        let year = FiscalYear::from_be(2553);
        assert_eq!(RoundPeriod::SixMonths.end(year), jiff::civil::date(2010, 3, 31));
        assert_eq!(RoundPeriod::NineMonths.end(year), jiff::civil::date(2010, 6, 30));
        assert_eq!(RoundPeriod::TwelveMonths.end(year), jiff::civil::date(2010, 9, 30));
        assert_eq!(RoundPeriod::from_months(9), Some(RoundPeriod::NineMonths));
        assert_eq!(RoundPeriod::from_months(3), None);
        assert_eq!(RoundPeriod::TwelveMonths.name_th(), "รอบ 12 เดือน");
    }

    fn evidence(number: u32, date: Option<Date>) -> Evidence {
        Evidence { number, title: format!("หลักฐาน {number}"), date, pages: Some(1), file: None }
    }

    #[test]
    fn evidence_without_a_date_or_out_of_order() {
        let mut round = Round::new(RoundPeriod::NineMonths);
        round.evidence = vec![evidence(1, Some(jiff::civil::date(2008, 2, 27))), evidence(2, None)];
        let findings = round.check_evidence("3.1.3");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, Rule::KpiEvidenceUndated);
        assert!(findings[0].message_en.contains("evidence 2"));
        round.evidence[1].date = Some(jiff::civil::date(2008, 4, 3));
        assert!(round.check_evidence("3.1.3").is_empty());
        round.evidence.push(evidence(4, Some(jiff::civil::date(2008, 5, 16))));
        let findings = round.check_evidence("3.1.3");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, Rule::KpiEvidenceNumbering);
        assert!(findings[0].message_en.contains("1, 2, 4"));
    }
}
