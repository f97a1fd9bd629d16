//! Findings about scoring input: inconsistent weights, criteria, stated scores.
//!
//! Like the report checker's findings (`tidtam_domain::finding`), a finding is data,
//! never an error: scoring an agreement with weights summing to 99 still scores it
//! and says so. Every rule has one entry in [`RULES`] with a stable id (prefixed
//! `kpi-` or `pmqa-`, so it never collides with a report-checker id when the
//! service stores both), a severity and a meaning in Thai and English; a
//! [`Finding`] adds what it is about and a message with the figures.
//! The severity names are the report checker's (`info`, `warning`, `error`), so the
//! service can store these next to its own.

use serde::{Deserialize, Serialize};

/// How bad a finding is: `Error` means a figure is wrong or cannot be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

macro_rules! rules {
    ($($variant:ident = $id:literal, $severity:ident, $th:literal, $en:literal;)*) => {
        /// A scoring rule; its stable id is its kebab-case name (`kpi-weights-sum`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum Rule {
            $($variant,)*
        }

        /// Every rule, in the order a listing shows them.
        pub const RULES: &[RuleInfo] = &[
            $(RuleInfo { rule: Rule::$variant, id: $id, severity: Severity::$severity, meaning_th: $th, meaning_en: $en },)*
        ];

        impl Rule {
            /// The stable id, e.g. `kpi-weights-sum`.
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
    pub severity: Severity,
    pub meaning_th: &'static str,
    pub meaning_en: &'static str,
}

rules! {
    KpiWeightsSum = "kpi-weights-sum", Error,
        "น้ำหนักตัวชี้วัดของคำรับรองรวมกันไม่เท่ากับร้อยละ ๑๐๐",
        "the weights of an agreement's indicators do not sum to 100 %";
    KpiWeightOutOfRange = "kpi-weight-out-of-range", Error,
        "น้ำหนักตัวชี้วัดต้องมากกว่า ๐ และไม่เกินร้อยละ ๑๐๐",
        "an indicator's weight must be above 0 and at most 100 %";
    KpiCodeDuplicate = "kpi-code-duplicate", Warning,
        "รหัสตัวชี้วัดซ้ำกันในคำรับรองเดียวกัน", "two indicators of one agreement share a code";
    KpiMixedScales = "kpi-mixed-scales", Error,
        "คำรับรองเดียวกันมีตัวชี้วัดแบบ ๕ ระดับปนกับแบบคะแนน ๐–๑๐๐",
        "one agreement mixes five-level indicators with 0–100 indicators";
    KpiThresholdsOrder = "kpi-thresholds-order", Error,
        "เกณฑ์ระดับ ๑–๕ ไม่เรียงตามทิศทางของตัวชี้วัด",
        "the thresholds of levels 1–5 are not in order for the indicator's polarity";
    KpiBreakpointsOrder = "kpi-breakpoints-order", Error,
        "ค่าเป้าหมายขั้นต้น มาตรฐาน ขั้นสูง ไม่เรียงตามทิศทางของตัวชี้วัด",
        "the basic, standard and advanced targets are not in order for the indicator's polarity";
    KpiMilestoneStepsMissing = "kpi-milestone-steps-missing", Warning,
        "ระดับความสำเร็จบางระดับไม่ได้กำหนดขั้นตอน", "a level of a milestone indicator has no steps";
    KpiMilestoneStepsMismatch = "kpi-milestone-steps-mismatch", Error,
        "จำนวนขั้นตอนที่รายงานไม่ตรงกับเกณฑ์", "the steps reported do not match the criteria's steps";
    KpiResultOutOfRange = "kpi-result-out-of-range", Error,
        "ผลการดำเนินงานอยู่นอกช่วงของเกณฑ์", "the result is outside the criteria's range";
    KpiResultMissing = "kpi-result-missing", Warning,
        "ยังไม่มีผลการดำเนินงาน", "no result yet";
    KpiLevelMismatch = "kpi-level-mismatch", Error,
        "ระดับที่รายงานไม่ตรงกับผลการดำเนินงานและเกณฑ์",
        "the stated level does not follow from the result and the criteria";
    KpiScoreMismatch = "kpi-score-mismatch", Error,
        "ค่าคะแนนที่ได้ไม่ตรงกับผลการดำเนินงานและเกณฑ์",
        "the stated score does not follow from the result and the criteria";
    KpiScoreOutOfRange = "kpi-score-out-of-range", Error,
        "ค่าคะแนนอยู่นอกช่วงคะแนนของเกณฑ์", "a score is outside the scale's range";
    KpiWeightedMismatch = "kpi-weighted-mismatch", Error,
        "ค่าคะแนนถ่วงน้ำหนักไม่เท่ากับน้ำหนัก × ค่าคะแนน ÷ ๑๐๐",
        "the weighted score is not weight × score / 100";
    KpiTotalMismatch = "kpi-total-mismatch", Error,
        "คะแนนรวมไม่เท่ากับผลรวมของค่าคะแนนถ่วงน้ำหนัก",
        "the stated total is not the sum of the weighted scores";
    KpiEvidenceUndated = "kpi-evidence-undated", Warning,
        "หลักฐานอ้างอิงไม่ระบุวันที่", "a piece of evidence has no date";
    KpiEvidenceNumbering = "kpi-evidence-numbering", Info,
        "ลำดับหลักฐานอ้างอิงไม่ต่อเนื่อง", "the evidence is not numbered 1, 2, 3, …";
    PmqaItemUnknown = "pmqa-item-unknown", Error,
        "ประเด็นการประเมินไม่มีในเกณฑ์ของปีนั้น", "a scored sub-item is not in that year's criteria";
    PmqaItemMissing = "pmqa-item-missing", Warning,
        "ประเด็นการประเมินยังไม่มีคะแนน", "a sub-item of the criteria has no score";
    PmqaPercentOutOfRange = "pmqa-percent-out-of-range", Error,
        "ร้อยละของประเด็นการประเมินอยู่นอกช่วง ๐–๑๐๐", "a sub-item's percentage is outside 0–100";
    PmqaPercentBand = "pmqa-percent-band", Warning,
        "ร้อยละไม่อยู่ในช่วงคะแนนของเกณฑ์ หรือไม่ตรงกับระดับที่ระบุ",
        "a percentage is not in the criteria's bands, or not in the band of the stated level";
    PmqaPointsExceedMax = "pmqa-points-exceed-max", Error,
        "คะแนนของประเด็นการประเมินเกินคะแนนเต็ม", "a sub-item's points exceed its maximum";
    PmqaPointsMismatch = "pmqa-points-mismatch", Error,
        "คะแนนไม่เท่ากับร้อยละ × คะแนนเต็ม", "a sub-item's points are not its percentage × its maximum";
    PmqaTotalMismatch = "pmqa-total-mismatch", Error,
        "คะแนนรวมไม่เท่ากับผลรวมของคะแนนรายประเด็น", "the stated total is not the sum of the sub-items' points";
    PmqaCriteriaPoints = "pmqa-criteria-points", Error,
        "คะแนนเต็มของเกณฑ์รวมกันไม่ตรงกับคะแนนเต็มของหมวดหรือของทั้งหมด",
        "the criteria's maximum points do not add up to their category's or to the total";
}

impl RuleInfo {
    /// The registry entry of `rule`.
    pub fn of(rule: Rule) -> &'static RuleInfo {
        RULES.iter().find(|info| info.rule == rule).expect("every rule is registered")
    }
}

/// One finding: a rule, what it is about (an indicator code such as `3.1.3`, a
/// PMQA sub-item such as `1.1`, or empty for the whole agreement or assessment),
/// and a message with the figures in Thai and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub subject: String,
    pub message_th: String,
    pub message_en: String,
}

impl Finding {
    /// A finding of `rule` at its registered severity.
    pub fn new(rule: Rule, subject: impl Into<String>, message_th: String, message_en: String) -> Finding {
        Finding { rule, severity: RuleInfo::of(rule).severity, subject: subject.into(), message_th, message_en }
    }

    /// The rule's stable id.
    pub fn id(&self) -> &'static str {
        self.rule.id()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_prefixed() {
        let mut ids: Vec<&str> = RULES.iter().map(|info| info.id).collect();
        for id in &ids {
            assert!(id.starts_with("kpi-") || id.starts_with("pmqa-"), "{id}");
            assert!(id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{id}");
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        for info in RULES {
            assert_eq!(info.rule.id(), info.id);
            // The serde name is the id, so stored findings read back as the same rule.
            assert_eq!(serde_json::to_string(&info.rule).unwrap(), format!("\"{}\"", info.id));
            assert!(!info.meaning_th.is_empty() && !info.meaning_en.is_empty());
        }
    }
}
