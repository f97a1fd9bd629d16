//! The typed model of the ministry's 14-section annual performance report form.
//!
//! Every field is optional or a list: real reports leave sections blank, and the
//! parser must hand over what it could read together with findings about the rest
//! (it never fails on a readable file). Amounts are exact [`Baht`] (satang inside)
//! and serialise as baht numbers, which is what the JSON output promises.

use serde::{Serialize, Serializer};
use tidtam_thai::baht::Baht;
use tidtam_thai::date::Period;

use crate::finding::Finding;

/// Where a report starts: the file it came from and the 1-based line of its first line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    pub file: String,
    pub line: usize,
}

/// One annual performance report (แบบรายงานผลการดำเนินงานประจำปีงบประมาณ).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub source: Source,
    /// Buddhist-era fiscal year from the form's title (e.g. 2567).
    pub fiscal_year: Option<i32>,
    /// Section 1.
    pub project_name: Option<String>,
    /// Section 2.
    pub agency: Option<String>,
    /// Section 3: the budget source, e.g. "แผนปฏิบัติการประจำปี".
    pub budget_source: Option<String>,
    /// Section 3: project value in digits.
    #[serde(serialize_with = "baht_as_number")]
    pub project_value: Option<Baht>,
    /// Section 3: project value in Thai words, as written.
    pub project_value_words: Option<String>,
    /// Section 4.
    pub objectives: Vec<String>,
    /// Section 5.
    pub targets: Option<String>,
    /// Section 6.
    pub summary: Option<String>,
    /// Section 7 joined with section 11.1 results.
    pub kpis: Vec<Kpi>,
    /// Section 8: the whole-project schedule line(s) as written.
    pub schedule: Option<String>,
    /// Section 8 activity table joined with section 11.2 results.
    pub activities: Vec<Activity>,
    /// Section 11.2: "มีกิจกรรมทั้งหมด จำนวน N กิจกรรม".
    pub stated_activity_count: Option<u32>,
    /// Section 9.
    pub budget: Budget,
    /// Section 10 text.
    pub area: Option<String>,
    /// Section 10: whether the area is the whole country (ทั่วประเทศ).
    pub nationwide: bool,
    /// Section 10: official 2-digit province codes mentioned, in order.
    pub provinces: Vec<u8>,
    /// Section 12.
    pub benefits: Option<String>,
    /// Section 13: problems and obstacles.
    pub problems: Option<String>,
    /// Section 13: recommendations (ข้อเสนอแนะ).
    pub recommendations: Option<String>,
    /// Section 14.1: progress against the whole project's target.
    pub progress_percent: Option<f64>,
    /// Section 14.2: progress against this fiscal year's target (multi-year projects only).
    pub progress_percent_year: Option<f64>,
    /// Sections the parser found, by number (1..=14), for the "missing section" rule.
    pub sections_present: Vec<u8>,
    pub findings: Vec<Finding>,
    /// Where each figure was written, for findings; not part of the JSON output.
    #[serde(skip)]
    pub lines: ReportLines,
}

/// 1-based file lines of the report's figures (0 when the figure was not found).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportLines {
    pub title: usize,
    pub project_value: usize,
    pub allocated: usize,
    pub contracted: usize,
    pub disbursed: usize,
    pub area: usize,
    pub progress: usize,
    /// (section number, heading line) for every section found.
    pub sections: Vec<(u8, usize)>,
}

/// Section 9: budget of the fiscal year.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Budget {
    /// 9.1 ได้รับจัดสรรงบประมาณ.
    #[serde(serialize_with = "baht_as_number")]
    pub allocated: Option<Baht>,
    /// 9.2 งบประมาณตามสัญญาจ้าง หรืองบประมาณสำหรับดำเนินการเอง.
    #[serde(serialize_with = "baht_as_number")]
    pub contracted: Option<Baht>,
    /// 9.3 งบประมาณซึ่งดำเนินการเบิกจ่ายแล้ว.
    #[serde(serialize_with = "baht_as_number")]
    pub disbursed: Option<Baht>,
    /// Words written beside each figure, in the order allocated, contracted, disbursed.
    pub allocated_words: Option<String>,
    pub contracted_words: Option<String>,
    pub disbursed_words: Option<String>,
    /// Notes under section 9 ("หมายเหตุ : ยังไม่สามารถลงนามในสัญญา …"), as written.
    pub notes: Option<String>,
}

/// Whether an indicator is measured by a number or described.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiKind {
    /// เชิงปริมาณ
    Quantitative,
    /// เชิงคุณภาพ
    Qualitative,
}

/// One indicator row (section 7) with its result (section 11.1).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kpi {
    pub name: String,
    pub kind: Option<KpiKind>,
    /// Target for the report's fiscal year, as written.
    pub target: Option<String>,
    /// Result from section 11.1, as written; `None` when no row matched or the cell is blank.
    pub result: Option<String>,
    pub line: usize,
}

/// One activity row (section 8) with its quarterly results (section 11.2).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Activity {
    pub name: String,
    /// The period cell as written.
    pub period_text: Option<String>,
    /// The period read from it, when it could be read.
    pub period: Option<Period>,
    pub results: Vec<QuarterResult>,
    pub line: usize,
}

/// What an activity achieved in one quarter of the fiscal year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuarterResult {
    /// 1..=4 (Q1 = Oct–Dec); `None` when the text names no quarter.
    pub quarter: Option<u8>,
    pub text: String,
}

fn baht_as_number<S: Serializer>(value: &Option<Baht>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(amount) if amount.satang() % 100 == 0 => serializer.serialize_i64(amount.satang() / 100),
        Some(amount) => serializer.serialize_f64(amount.as_f64()),
        None => serializer.serialize_none(),
    }
}
