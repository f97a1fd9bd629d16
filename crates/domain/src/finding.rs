//! Findings: what the checker says about a report, and the registry of its rules.
//!
//! A finding is data, not an error: reading and checking never fail on a readable
//! file, they return the report plus findings (rust-analyzer's parser invariant).
//! Every rule is a [`Rule`] variant with one entry in [`RULES`]; the same rule has
//! the same id and severity whether the report came from a file, the API or a page.

use serde::{Deserialize, Serialize};

/// How bad a finding is. `Error` makes `tidtam check` exit non-zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        [Severity::Info, Severity::Warning, Severity::Error].into_iter().find(|s| s.as_str() == text)
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! rules {
    ($($variant:ident = $id:literal, $severity:ident, $th:literal, $en:literal;)*) => {
        /// A checker rule: its stable id is its kebab-case name (`amount-words-mismatch`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($variant,)*
        }

        /// Every rule, in the order `tidtam check --rules` lists them.
        pub const RULES: &[RuleInfo] = &[
            $(RuleInfo { rule: Rule::$variant, id: $id, severity: Severity::$severity, meaning_th: $th, meaning_en: $en },)*
        ];

        impl Rule {
            /// The stable id, e.g. `amount-words-mismatch`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }
        }
    };
}

/// A rule's entry in the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    pub rule: Rule,
    pub id: &'static str,
    /// The severity the rule usually has; `section-missing` and `field-blank`
    /// raise it to error for the sections nothing can be monitored without.
    pub severity: Severity,
    pub meaning_th: &'static str,
    pub meaning_en: &'static str,
}

rules! {
    AmountWordsMismatch = "amount-words-mismatch", Error,
        "จำนวนเงินตัวเลขไม่ตรงกับตัวอักษร", "amount in digits differs from the amount in words";
    AmountWordsSlip = "amount-words-slip", Warning,
        "ตัวอักษรจำนวนเงินสะกดผิดแต่ตรงกับตัวเลข", "amount in words has a slip but matches the digits";
    AmountWordsUnreadable = "amount-words-unreadable", Warning,
        "อ่านจำนวนเงินตัวอักษรไม่ได้", "amount in words cannot be read";
    ValueAllocatedMismatch = "value-allocated-mismatch", Error,
        "มูลค่าโครงการ (ข้อ ๓) ไม่ตรงกับงบที่ได้รับจัดสรร (ข้อ ๙.๑)",
        "project value (section 3) differs from the allocation (9.1)";
    ContractedWithoutContract = "contracted-without-contract", Warning,
        "กรอกงบตามสัญญา (ข้อ ๙.๒) แต่รายงานว่ายังไม่ได้ลงนามในสัญญา",
        "contracted amount (9.2) filled in while the report says no contract is signed";
    ContractedExceedsAllocated = "contracted-exceeds-allocated", Error,
        "งบตามสัญญาเกินงบที่ได้รับจัดสรร", "contracted exceeds allocated";
    DisbursedExceedsContracted = "disbursed-exceeds-contracted", Error,
        "เบิกจ่ายเกินงบตามสัญญา", "disbursed exceeds contracted";
    DisbursedExceedsAllocated = "disbursed-exceeds-allocated", Error,
        "เบิกจ่ายเกินงบที่ได้รับจัดสรร", "disbursed exceeds allocated";
    ProgressOutOfRange = "progress-out-of-range", Error,
        "ร้อยละความก้าวหน้าอยู่นอกช่วง ๐–๑๐๐", "progress outside 0–100%";
    ProgressMilestone = "progress-milestone", Warning,
        "ความก้าวหน้าไม่สอดคล้องกับเกณฑ์ขั้นตอน (อนุมัติ ๕ TOR ๑๐ จัดซื้อจัดจ้าง ๑๕ ลงนามสัญญา ๒๐)",
        "progress disagrees with the milestone rule (approved 5, TOR 10, procurement 15, contract signed 20)";
    ProgressCompleteMissing = "progress-complete-missing", Error,
        "ความก้าวหน้าร้อยละ ๑๐๐ แต่ขาดผลหรือการเบิกจ่าย", "progress 100% with results or disbursement missing";
    DisbursementDecreased = "disbursement-decreased", Error,
        "ยอดเบิกจ่ายสะสมลดลงจากไตรมาสก่อน", "cumulative disbursement fell since the previous quarter";
    ProgressDecreased = "progress-decreased", Warning,
        "ความก้าวหน้าลดลงจากไตรมาสก่อน", "progress fell since the previous quarter";
    KpiResultMissing = "kpi-result-missing", Warning,
        "ตัวชี้วัดไม่มีผล ณ สิ้นปี", "indicator without a result at year end";
    ActivityPeriodOutsideFy = "activity-period-outside-fy", Warning,
        "ระยะเวลากิจกรรมอยู่นอกปีงบประมาณ", "activity period outside the fiscal year";
    ActivityPeriodUnreadable = "activity-period-unreadable", Info,
        "อ่านช่วงเวลากิจกรรมไม่ได้", "activity period cannot be read";
    ProgressYearMissing = "progress-year-missing", Warning,
        "โครงการหลายปีแต่ไม่ได้กรอกความก้าวหน้าของปีนี้ (ข้อ ๑๔.๒)",
        "multi-year project without this year's progress (14.2)";
    ActivityCountMismatch = "activity-count-mismatch", Warning,
        "จำนวนกิจกรรมที่ระบุไม่ตรงกับตาราง", "stated number of activities differs from the table";
    SectionMissing = "section-missing", Warning,
        "ไม่พบหัวข้อที่แบบฟอร์มกำหนด", "a section required by the form is missing";
    FieldBlank = "field-blank", Warning,
        "ข้อมูลที่จำเป็นว่าง", "a required field is blank";
    BudgetItemNumbering = "budget-item-numbering", Info,
        "เลขข้อย่อยของข้อ ๙ ไม่ตรงแบบฟอร์ม", "sub-item of section 9 misnumbered";
}

impl Rule {
    /// The rule with this id.
    pub fn parse(id: &str) -> Option<Rule> {
        RULES.iter().find(|info| info.id == id).map(|info| info.rule)
    }

    /// Its registry entry.
    pub fn info(self) -> &'static RuleInfo {
        RULES.iter().find(|info| info.rule == self).expect("every rule is registered")
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// Compares with a rule id, so tests and filters can say `finding.rule == "field-blank"`.
impl PartialEq<&str> for Rule {
    fn eq(&self, id: &&str) -> bool {
        self.id() == *id
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Rule, D::Error> {
        let id = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Rule::parse(&id).ok_or_else(|| serde::de::Error::custom(format!("unknown checker rule {id:?}")))
    }
}

/// One inconsistency or gap found in a report, explained in Thai and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// 1-based line in the source file the finding is about; 0 for a report
    /// entered in the system (no file).
    pub line: usize,
    pub message_th: String,
    pub message_en: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        let mut ids: Vec<&str> = RULES.iter().map(|info| info.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        for info in RULES {
            assert_eq!(Rule::parse(info.id), Some(info.rule));
            assert_eq!(info.rule.info().id, info.id);
            let json = serde_json::to_string(&info.rule).unwrap();
            assert_eq!(serde_json::from_str::<Rule>(&json).unwrap(), info.rule);
        }
        assert!(serde_json::from_str::<Rule>("\"no-such-rule\"").is_err());
    }
}
