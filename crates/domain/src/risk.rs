//! Why a project needs attention in a quarter: the dashboard's "at risk"
//! categories, each a rule over the figures the portfolio already keeps.
//! The store turns each into a condition; the pages count and list them.

use serde::{Deserialize, Serialize};
use tidtam_thai::fiscal::Quarter;

/// A reason a project is at risk as of a quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// No contract signed by the end of [`PROCUREMENT_DUE`] although money was
    /// allocated: no contracted amount and progress below the milestone rule's
    /// "contract signed" 20 %.
    LateProcurement,
    /// The cumulative disbursement rate is below the fiscal year's target for
    /// the quarter (set by the planning group); no target, no judgement.
    LowDisbursement,
    /// No report for the quarter.
    MissingReport,
    /// The quarter's report has checker findings.
    CheckerFindings,
}

/// The quarter by whose end a year's contracts should be signed: the cabinet's
/// budget-execution measures ask for contracts within the first half of the
/// fiscal year, so from Q2 on an unsigned contract is late.
pub const PROCUREMENT_DUE: Quarter = Quarter::Q2;

/// Progress at which the milestone rule counts the contract as signed.
pub const CONTRACT_SIGNED_PERCENT: f64 = 20.0;

impl Risk {
    pub const ALL: [Risk; 4] =
        [Risk::LateProcurement, Risk::LowDisbursement, Risk::MissingReport, Risk::CheckerFindings];

    pub fn as_str(self) -> &'static str {
        match self {
            Risk::LateProcurement => "late_procurement",
            Risk::LowDisbursement => "low_disbursement",
            Risk::MissingReport => "missing_report",
            Risk::CheckerFindings => "checker_findings",
        }
    }

    pub fn parse(text: &str) -> Option<Risk> {
        Risk::ALL.into_iter().find(|risk| risk.as_str() == text)
    }

    pub fn label_th(self) -> &'static str {
        match self {
            Risk::LateProcurement => "จัดซื้อจัดจ้างล่าช้า (ยังไม่ลงนามสัญญา)",
            Risk::LowDisbursement => "เบิกจ่ายต่ำกว่าเป้าหมาย",
            Risk::MissingReport => "ยังไม่ส่งรายงาน",
            Risk::CheckerFindings => "รายงานมีข้อสังเกตจากการตรวจ",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Risk::LateProcurement => "Late procurement (no contract signed)",
            Risk::LowDisbursement => "Disbursement below target",
            Risk::MissingReport => "Report missing",
            Risk::CheckerFindings => "Report with checker findings",
        }
    }

    /// Whether the rule can say anything as of `quarter` (procurement is only
    /// late once its due quarter has ended).
    pub fn applies_in(self, quarter: Quarter) -> bool {
        match self {
            Risk::LateProcurement => quarter >= PROCUREMENT_DUE,
            _ => true,
        }
    }

    /// Whether a project with these figures as of a quarter is at risk by the
    /// rules that need only figures (missing reports and findings are facts the
    /// store reads directly). `rate` and `target` are shares (0.0–1.0).
    pub fn holds(self, quarter: Quarter, figures: &RiskFigures) -> bool {
        if !self.applies_in(quarter) {
            return false;
        }
        match self {
            Risk::LateProcurement => {
                figures.allocated_satang > 0
                    && figures.contracted_satang == 0
                    && figures.progress_percent.unwrap_or(0.0) < CONTRACT_SIGNED_PERCENT
            }
            Risk::LowDisbursement => match figures.target_percent {
                Some(target) if figures.allocated_satang > 0 && figures.has_report => {
                    (figures.disbursed_satang as f64) * 100.0 < (figures.allocated_satang as f64) * target
                }
                _ => false,
            },
            Risk::MissingReport => !figures.has_report,
            Risk::CheckerFindings => figures.has_report && figures.findings > 0,
        }
    }
}

/// A project's figures as of a quarter, as the risk rules read them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RiskFigures {
    pub allocated_satang: i64,
    pub contracted_satang: i64,
    pub disbursed_satang: i64,
    pub progress_percent: Option<f64>,
    /// Whether there is a report for exactly that quarter.
    pub has_report: bool,
    pub findings: i64,
    /// The year's cumulative target for the quarter, per cent of the allocation.
    pub target_percent: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures() -> RiskFigures {
        RiskFigures {
            allocated_satang: 100_000_000, // 1,000,000 baht
            contracted_satang: 0,
            disbursed_satang: 0,
            progress_percent: Some(15.0),
            has_report: true,
            findings: 0,
            target_percent: Some(50.0),
        }
    }

    #[test]
    fn procurement_is_late_only_after_its_due_quarter_and_without_a_contract() {
        let f = figures();
        assert!(!Risk::LateProcurement.holds(Quarter::Q1, &f), "Q1: not due yet");
        assert!(Risk::LateProcurement.holds(Quarter::Q2, &f));
        assert!(!Risk::LateProcurement.holds(Quarter::Q2, &RiskFigures { contracted_satang: 1, ..f.clone() }));
        assert!(!Risk::LateProcurement.holds(Quarter::Q3, &RiskFigures { progress_percent: Some(20.0), ..f.clone() }));
        assert!(!Risk::LateProcurement.holds(Quarter::Q3, &RiskFigures { allocated_satang: 0, ..f }));
    }

    #[test]
    fn low_disbursement_compares_with_the_target_and_needs_one() {
        let f = RiskFigures { disbursed_satang: 49_999_999, ..figures() };
        assert!(Risk::LowDisbursement.holds(Quarter::Q1, &f), "49.99 % < 50 %");
        assert!(!Risk::LowDisbursement.holds(Quarter::Q1, &RiskFigures { disbursed_satang: 50_000_000, ..f.clone() }));
        assert!(!Risk::LowDisbursement.holds(Quarter::Q1, &RiskFigures { target_percent: None, ..f.clone() }));
        assert!(!Risk::LowDisbursement.holds(Quarter::Q1, &RiskFigures { has_report: false, ..f }));
    }

    #[test]
    fn names_round_trip() {
        for risk in Risk::ALL {
            assert_eq!(Risk::parse(risk.as_str()), Some(risk));
        }
        assert_eq!(Risk::parse("late"), None);
    }
}
