//! Problem causes: why a project fell behind, as the ministry tallies them.

use serde::{Deserialize, Serialize};

/// The cause a problem is tagged with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCause {
    /// Procurement took longer than planned (e-bidding, TOR, re-tender).
    ProcurementDelay,
    /// The contractor was late or delivered poorly.
    Contractor,
    /// Budget arrived late, was cut, or was too small.
    Budget,
    /// Not enough staff, or staff turnover.
    Staffing,
    Other,
}

impl ProblemCause {
    pub const ALL: [ProblemCause; 5] = [
        ProblemCause::ProcurementDelay,
        ProblemCause::Contractor,
        ProblemCause::Budget,
        ProblemCause::Staffing,
        ProblemCause::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCause::ProcurementDelay => "procurement_delay",
            ProblemCause::Contractor => "contractor",
            ProblemCause::Budget => "budget",
            ProblemCause::Staffing => "staffing",
            ProblemCause::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<ProblemCause> {
        ProblemCause::ALL.into_iter().find(|cause| cause.as_str() == text)
    }

    pub fn label_th(self) -> &'static str {
        match self {
            ProblemCause::ProcurementDelay => "การจัดซื้อจัดจ้างล่าช้า",
            ProblemCause::Contractor => "ผู้รับจ้าง",
            ProblemCause::Budget => "งบประมาณ",
            ProblemCause::Staffing => "บุคลากร",
            ProblemCause::Other => "อื่น ๆ",
        }
    }
}

const KEYWORDS: &[(ProblemCause, &[&str])] = &[
    (
        ProblemCause::ProcurementDelay,
        &["จัดซื้อจัดจ้าง", "จัดซื้อ", "จัดจ้าง", "ประกวดราคา", "e-bidding", "tor", "ยกเลิกการประกาศ"],
    ),
    (ProblemCause::Contractor, &["ผู้รับจ้าง", "ผู้ขาย", "คู่สัญญา", "ส่งมอบล่าช้า", "ส่งมอบงานล่าช้า"]),
    (ProblemCause::Budget, &["งบประมาณ", "เบิกจ่าย", "ปรับลด", "งบไม่เพียงพอ", "โอนเปลี่ยนแปลง"]),
    (ProblemCause::Staffing, &["บุคลากร", "เจ้าหน้าที่ไม่เพียงพอ", "อัตรากำลัง", "ขาดแคลนคน", "ลาออก", "โยกย้าย"]),
];

/// Causes mentioned in a free-text problem statement, in [`ProblemCause`] order.
/// Text that names a problem but matches no keyword is `Other`; text that says
/// there was no problem ("ไม่มี", "-") yields nothing.
pub fn classify(text: &str) -> Vec<ProblemCause> {
    let trimmed = text.trim();
    let lower = trimmed.to_lowercase();
    if lower.is_empty()
        || matches!(lower.as_str(), "-" | "ไม่มี" | "ไม่มีปัญหา" | "none" | "n/a")
        || lower.starts_with("ไม่มีปัญหา")
    {
        return Vec::new();
    }
    let mut causes: Vec<ProblemCause> = KEYWORDS
        .iter()
        .filter(|(_, words)| words.iter().any(|word| lower.contains(word)))
        .map(|(cause, _)| *cause)
        .collect();
    if causes.is_empty() {
        causes.push(ProblemCause::Other);
    }
    causes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_thai_problem_text() {
        assert_eq!(classify("การจัดซื้อจัดจ้างล่าช้า เนื่องจากต้องประกาศประกวดราคาใหม่"), [ProblemCause::ProcurementDelay]);
        assert_eq!(classify("ผู้รับจ้างส่งมอบงานล่าช้า และงบประมาณถูกปรับลด"), [ProblemCause::Contractor, ProblemCause::Budget]);
        assert_eq!(classify("เจ้าหน้าที่ไม่เพียงพอ"), [ProblemCause::Staffing]);
        assert_eq!(classify("สภาพอากาศไม่เอื้ออำนวย"), [ProblemCause::Other]);
        assert!(classify(" - ").is_empty());
        assert!(classify("ไม่มีปัญหาอุปสรรค").is_empty());
    }
}
