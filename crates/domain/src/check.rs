//! Consistency checks for reports entered through the system (imported report
//! files are checked by `tidtam-report`'s checker instead). Like that checker,
//! these return findings, never errors.

use crate::model::{ReportContent, StoredFinding};

fn finding(rule: &str, severity: &str, message_th: String, message_en: String) -> StoredFinding {
    StoredFinding { rule: rule.into(), severity: severity.into(), line: 0, message_th, message_en }
}

/// Findings about one quarter's content, given the previous quarter's content of
/// the same fiscal year (amounts are cumulative within a year).
pub fn check_content(content: &ReportContent, previous: Option<&ReportContent>) -> Vec<StoredFinding> {
    let mut findings = Vec::new();
    if let (Some(disbursed), Some(allocated)) = (content.disbursed, content.allocated)
        && disbursed > allocated
    {
        findings.push(finding(
            "disbursed-exceeds-allocated",
            "error",
            format!(
                "เบิกจ่าย {:.2} บาท มากกว่างบประมาณที่ได้รับจัดสรร {:.2} บาท",
                disbursed.as_baht_f64(),
                allocated.as_baht_f64()
            ),
            format!(
                "disbursed {:.2} baht exceeds the allocation of {:.2} baht",
                disbursed.as_baht_f64(),
                allocated.as_baht_f64()
            ),
        ));
    }
    if let (Some(contracted), Some(allocated)) = (content.contracted, content.allocated)
        && contracted > allocated
    {
        findings.push(finding(
            "contracted-exceeds-allocated",
            "warning",
            "งบประมาณตามสัญญามากกว่างบประมาณที่ได้รับจัดสรร".into(),
            "the contracted amount exceeds the allocation".into(),
        ));
    }
    if let (Some(progress), Some(disbursed), Some(allocated)) =
        (content.progress_percent, content.disbursed, content.allocated)
        && progress >= 100.0
        && disbursed.ratio_of(allocated).is_some_and(|rate| rate < 0.5)
    {
        findings.push(finding(
            "complete-but-unspent",
            "warning",
            "รายงานความก้าวหน้าร้อยละ 100 แต่เบิกจ่ายไม่ถึงครึ่งของงบประมาณ".into(),
            "progress is 100% but less than half of the allocation was disbursed".into(),
        ));
    }
    if let Some(previous) = previous {
        if let (Some(now), Some(before)) = (content.disbursed, previous.disbursed)
            && now < before
        {
            findings.push(finding(
                "disbursement-decreased",
                "error",
                "ยอดเบิกจ่ายสะสมลดลงจากไตรมาสก่อน".into(),
                "cumulative disbursement fell since the previous quarter".into(),
            ));
        }
        if let (Some(now), Some(before)) = (content.progress_percent, previous.progress_percent)
            && now < before
        {
            findings.push(finding(
                "progress-decreased",
                "warning",
                "ความก้าวหน้าลดลงจากไตรมาสก่อน".into(),
                "progress fell since the previous quarter".into(),
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;

    #[test]
    fn finds_overspending_and_regressions() {
        let previous = ReportContent {
            disbursed: Some(Money::from_baht(500)),
            progress_percent: Some(60.0),
            ..ReportContent::default()
        };
        let content = ReportContent {
            allocated: Some(Money::from_baht(1000)),
            contracted: Some(Money::from_baht(900)),
            disbursed: Some(Money::from_baht(400)),
            progress_percent: Some(100.0),
            ..ReportContent::default()
        };
        let rules: Vec<String> = check_content(&content, Some(&previous)).into_iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["complete-but-unspent", "disbursement-decreased"]);
        let over = ReportContent {
            allocated: Some(Money::from_baht(10)),
            disbursed: Some(Money::from_baht(11)),
            ..ReportContent::default()
        };
        assert_eq!(check_content(&over, None)[0].rule, "disbursed-exceeds-allocated");
    }
}
