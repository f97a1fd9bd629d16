//! Organisation performance on the wire: performance agreements (คำรับรองการ
//! ปฏิบัติราชการ) with indicators, 6/9/12-month rounds, evidence and the
//! scorecard, and the PMQA 4.0 self-assessment.
//!
//! Every score, weight, point and total is an exact decimal written as a string
//! ("3.4000", "0.1000", "256.43"): never a JSON number, so no client turns 0.048
//! into 0.04800000000000001. Scores are shown to 4 places, PMQA points to 2.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::portfolio::AuditEntry;
use crate::schema::{DateSchema, TimestampSchema};

/// How an indicator is judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CriteriaKind {
    /// A measured value against thresholds for levels 1–5.
    Quantitative,
    /// ระดับความสำเร็จ: the steps of each level.
    Milestone,
    /// ขั้นต้น / มาตรฐาน / ขั้นสูง, scored 0–100.
    Breakpoints,
}

/// Whether a higher or a lower result is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolarityName {
    Higher,
    Lower,
}

/// Between two levels' thresholds: linear interpolation or the level reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModeName {
    Interpolate,
    Step,
}

/// Where an indicator's result comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KpiSource {
    /// Entered by the officer in charge.
    #[default]
    Entered,
    /// The portfolio's disbursement rate (%) at the round's date, from tidtam's own reports.
    DisbursementRate,
    /// The share (%) of projects whose quarterly report was in by the deadline.
    ReportsOnTime,
    /// The share (%) of measured project KPIs that met their targets.
    KpisMet,
}

impl KpiSource {
    pub const ALL: [KpiSource; 4] =
        [KpiSource::Entered, KpiSource::DisbursementRate, KpiSource::ReportsOnTime, KpiSource::KpisMet];

    pub fn as_str(self) -> &'static str {
        match self {
            KpiSource::Entered => "entered",
            KpiSource::DisbursementRate => "disbursement_rate",
            KpiSource::ReportsOnTime => "reports_on_time",
            KpiSource::KpisMet => "kpis_met",
        }
    }

    pub fn parse(text: &str) -> Option<KpiSource> {
        KpiSource::ALL.into_iter().find(|source| source.as_str() == text)
    }
}

/// An indicator's criteria. `thresholds` are levels 1–5 (quantitative) or the
/// three breakpoints (breakpoints); `steps` are each level's steps (milestone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KpiCriteria {
    pub kind: CriteriaKind,
    #[serde(default)]
    pub polarity: Option<PolarityName>,
    #[serde(default)]
    pub mode: Option<ModeName>,
    /// Exact decimals as strings.
    #[serde(default)]
    pub thresholds: Vec<String>,
    #[serde(default)]
    pub steps: Vec<Vec<String>>,
}

/// A new agreement of an organisation unit (agency, division or provincial office) for a fiscal year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NewAgreement {
    pub org_unit_id: i64,
    /// Buddhist-era fiscal year.
    pub fiscal_year: i32,
    pub title: String,
    /// The score below level 1: "0" (the default) or "1".
    #[serde(default)]
    pub below_level_one: Option<String>,
    /// Whether a milestone level counts only when every lower level is met (default true).
    #[serde(default)]
    pub milestone_cumulative: Option<bool>,
}

/// A new indicator of an agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NewIndicator {
    /// e.g. "3.1.3".
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The user who enters the indicator's results (ผู้กำกับดูแลตัวชี้วัด).
    #[serde(default)]
    pub officer_user_id: Option<i64>,
    /// The officer in charge as the report names them.
    #[serde(default)]
    pub officer_name: String,
    /// ผู้จัดเก็บข้อมูล.
    #[serde(default)]
    pub data_collector: String,
    /// Weight in percent, an exact decimal ("2", "12.5").
    pub weight: String,
    pub criteria: KpiCriteria,
    #[serde(default)]
    pub source: KpiSource,
}

/// What the officer in charge enters for a round (6, 9 or 12 months).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RoundInput {
    /// The round's version as last read (0 for a round never written).
    pub version: i64,
    /// The result: a measured value, or for a milestone indicator the highest level met. Empty: not reported.
    #[serde(default)]
    pub result: Option<String>,
    /// The agency's own level, score and weighted score as the report states them (checked, never trusted).
    #[serde(default)]
    pub own_level: Option<u8>,
    #[serde(default)]
    pub own_score: Option<String>,
    #[serde(default)]
    pub own_weighted: Option<String>,
    #[serde(default)]
    pub explanation: String,
    #[serde(default)]
    pub supporting_factors: String,
    #[serde(default)]
    pub obstacles: String,
    #[serde(default)]
    pub suggestions: String,
}

/// A piece of evidence (หลักฐานอ้างอิง); it takes the round's next number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EvidenceInput {
    pub title: String,
    #[serde(default)]
    #[schemars(with = "Option<DateSchema>")]
    pub date: Option<jiff::civil::Date>,
    #[serde(default)]
    pub pages: Option<u32>,
    /// The file's name or where it is kept.
    #[serde(default)]
    pub file_name: Option<String>,
}

/// Locking or unlocking a round (the planning group); unlocking needs a reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LockInput {
    pub version: i64,
    #[serde(default)]
    pub reason: Option<String>,
}

/// The committee's score of a round (empty: withdrawn).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CommitteeInput {
    pub version: i64,
    #[serde(default)]
    pub score: Option<String>,
}

/// A finding of the scoring rules (ids start with `kpi-` or `pmqa-`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ScoreFinding {
    pub rule: String,
    pub subject: String,
    pub message_th: String,
    pub message_en: String,
}

/// An agreement as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AgreementSummary {
    pub id: i64,
    pub org_unit_id: i64,
    pub org_unit_name: String,
    pub fiscal_year: i32,
    pub title: String,
    pub indicators: usize,
}

/// One indicator's figures in one round, computed on read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ScoreCell {
    pub months: u8,
    pub result: Option<String>,
    /// Level reached (0–5, or 0–3 for the breakpoint scheme).
    pub level: Option<u8>,
    /// Computed score, 4 decimals.
    pub score: Option<String>,
    /// weight × score / 100, 4 decimals.
    pub weighted: Option<String>,
    /// low (below 3), middle (3 to 4) or high (above 4), as configured.
    pub band: Option<String>,
    pub committee_score: Option<String>,
    pub committee_weighted: Option<String>,
    pub locked: bool,
}

/// One indicator's row of the scorecard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ScorecardRow {
    pub indicator_id: i64,
    pub code: String,
    pub name: String,
    pub weight: String,
    pub source: KpiSource,
    /// The 6-, 9- and 12-month rounds, in that order.
    pub cells: Vec<ScoreCell>,
}

/// A round's totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RoundTotal {
    pub months: u8,
    /// Σ weighted scores, 4 decimals.
    pub total: String,
    pub committee_total: Option<String>,
    pub band: String,
    pub findings: Vec<ScoreFinding>,
}

/// An agreement's scorecard: every indicator's score per round and the weighted totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KpiScorecard {
    pub agreement: AgreementSummary,
    /// "5" or "100".
    pub max: String,
    /// Σ weights (must be exactly 100).
    pub weight_total: String,
    pub rows: Vec<ScorecardRow>,
    pub rounds: Vec<RoundTotal>,
    /// Whether the caller may plan the agreement (add indicators, import indicator reports).
    #[serde(default)]
    pub may_plan: bool,
}

/// A piece of evidence as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EvidenceView {
    pub id: i64,
    pub number: u32,
    pub title: String,
    #[schemars(with = "Option<DateSchema>")]
    pub date: Option<jiff::civil::Date>,
    pub pages: Option<u32>,
    pub file_name: Option<String>,
    pub added_by: String,
    /// The file kept with this evidence, if one was uploaded (download it from `/kpi/evidence/{id}/file`).
    #[serde(default)]
    pub file: Option<EvidenceFileView>,
}

/// A file kept with a piece of evidence: its kind, read from its bytes, and size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EvidenceFileView {
    /// pdf, png, jpeg, docx, xlsx or text.
    pub kind: String,
    pub size_bytes: i64,
}

/// A result taken from tidtam's monitoring data, with the figures behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ComputedResult {
    /// The percentage, 2 decimals.
    pub value: Option<String>,
    /// e.g. "เบิกจ่าย 1,200,000.00 จาก 3,000,000.00 บาท".
    pub basis_th: String,
    pub basis_en: String,
    /// Where the figures are shown (a page of this server).
    pub link: String,
}

/// One round of an indicator with everything entered and computed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RoundView {
    pub months: u8,
    /// 0: never written.
    pub version: i64,
    #[schemars(with = "DateSchema")]
    pub ends: jiff::civil::Date,
    pub result: Option<String>,
    pub computed_from: Option<ComputedResult>,
    pub level: Option<u8>,
    pub score: Option<String>,
    pub weighted: Option<String>,
    pub band: Option<String>,
    pub own_level: Option<u8>,
    pub own_score: Option<String>,
    pub own_weighted: Option<String>,
    pub committee_score: Option<String>,
    pub committee_weighted: Option<String>,
    pub committee_by: Option<String>,
    pub explanation: String,
    pub supporting_factors: String,
    pub obstacles: String,
    pub suggestions: String,
    pub locked: bool,
    pub locked_by: Option<String>,
    #[schemars(with = "Option<TimestampSchema>")]
    pub locked_at: Option<jiff::Timestamp>,
    pub unlock_reason: Option<String>,
    pub evidence: Vec<EvidenceView>,
    pub findings: Vec<ScoreFinding>,
}

/// What the caller may do with an indicator (the service decides; pages show the forms).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KpiPermissions {
    pub enter: bool,
    pub lock: bool,
    pub committee: bool,
}

/// One indicator with its criteria, rounds, evidence and history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IndicatorView {
    pub id: i64,
    pub agreement: AgreementSummary,
    pub code: String,
    pub name: String,
    pub description: String,
    pub officer_user_id: Option<i64>,
    pub officer_name: String,
    pub data_collector: String,
    pub weight: String,
    pub criteria: KpiCriteria,
    pub source: KpiSource,
    pub rounds: Vec<RoundView>,
    pub may: KpiPermissions,
    /// Every recorded change of the indicator, newest first.
    pub history: Vec<AuditEntry>,
}

/// Levels of a PMQA sub-item (Basic / Advance / Significance).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PmqaLevel {
    Basic,
    Advance,
    Significance,
}

/// A sub-item's score from one side (the agency's own or the assessor's).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PmqaItemScore {
    #[serde(default)]
    pub level: Option<PmqaLevel>,
    /// Percentage 0–100, exact decimal.
    #[serde(default)]
    pub percent: Option<String>,
    /// Points, exact decimal (computed from the percentage when absent).
    #[serde(default)]
    pub points: Option<String>,
}

/// A sub-item as assessed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PmqaItemInput {
    /// e.g. "2.4".
    pub code: String,
    pub own: PmqaItemScore,
    #[serde(default)]
    pub assessor: Option<PmqaItemScore>,
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// A category 7 indicator: target, three years, polarity and unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PmqaResultInput {
    /// The sub-item, e.g. "7.1".
    pub item: String,
    pub number: u8,
    pub name: String,
    pub unit: String,
    pub polarity: PolarityName,
    pub target: Option<String>,
    /// The year the target is for (Buddhist era).
    pub target_year: i32,
    /// (Buddhist-era year, value) pairs; a missing value ("-") is null.
    pub values: Vec<PmqaYearValue>,
}

/// One year's value of a category 7 indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PmqaYearValue {
    pub year: i32,
    pub value: Option<String>,
}

/// A new PMQA assessment with the default criteria of its year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NewAssessment {
    pub org_unit_id: i64,
    pub fiscal_year: i32,
    /// The total as published when no sub-item scores are known (e.g. "256.43").
    #[serde(default)]
    pub stated_total: Option<String>,
    #[serde(default)]
    pub items: Vec<PmqaItemInput>,
    #[serde(default)]
    pub results: Vec<PmqaResultInput>,
}

/// Setting one sub-item's scores.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PmqaItemUpdate {
    pub version: i64,
    pub item: PmqaItemInput,
}

/// A sub-item with its maximum, both sides' figures and the change from last year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PmqaItemView {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub max: String,
    pub own: Option<PmqaItemScore>,
    pub points: Option<String>,
    pub assessor: Option<PmqaItemScore>,
    pub assessor_points: Option<String>,
    pub evidence: Vec<String>,
    pub previous_points: Option<String>,
}

/// A category with its points against its maximum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PmqaCategoryView {
    pub number: u8,
    pub name_th: String,
    pub name_en: String,
    pub max: String,
    /// Null when only the total is known.
    pub points: Option<String>,
    pub assessor_points: Option<String>,
    pub previous_points: Option<String>,
    pub items: Vec<PmqaItemView>,
}

/// Raising one sub-item in the plan that closes the gap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PmqaRaise {
    pub code: String,
    pub name_th: String,
    pub from_points: String,
    pub to_points: String,
}

/// A category 7 indicator with its status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PmqaResultView {
    pub item: String,
    pub number: u8,
    pub name: String,
    pub unit: String,
    pub polarity: PolarityName,
    pub target: Option<String>,
    pub target_year: i32,
    pub values: Vec<PmqaYearValue>,
    /// met, missed or no_value; null without a target.
    pub status: Option<String>,
    /// improving, worsening, steady, mixed or insufficient.
    pub trend: String,
}

/// A PMQA assessment scored: categories, total against the threshold, the gap,
/// the plan that closes it, category 7's indicators and the previous year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PmqaView {
    pub id: i64,
    pub version: i64,
    pub org_unit_id: i64,
    pub org_unit_name: String,
    pub fiscal_year: i32,
    pub criteria_version: String,
    /// The criteria's points are provisional configuration (see README).
    pub provisional: bool,
    pub total: String,
    pub assessor_total: Option<String>,
    pub max: String,
    pub threshold: String,
    pub gap: String,
    pub reached: bool,
    /// Only the published total is known, not the sub-items.
    pub total_only: bool,
    pub categories: Vec<PmqaCategoryView>,
    /// The sub-items that close the gap with the fewest added points (null: no
    /// sub-item scores, or the gap cannot be closed).
    pub closing_plan: Option<Vec<PmqaRaise>>,
    pub closing_added: Option<String>,
    pub results: Vec<PmqaResultView>,
    pub previous_year: Option<i32>,
    pub previous_total: Option<String>,
    pub findings: Vec<ScoreFinding>,
}

/// What importing a file of indicator reports did, one entry a report in the file's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KpiImport {
    pub file_name: String,
    pub agreement_id: i64,
    pub indicators: Vec<KpiImportedIndicator>,
}

/// One indicator report of an imported file and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KpiImportedIndicator {
    /// The line of the file the report starts at.
    pub source_line: usize,
    pub code: String,
    pub name: String,
    /// The round the report's figures went to (the last round it ticks).
    pub months: u8,
    pub outcome: KpiImportOutcome,
    /// The agreement's indicator (after the import; before it, for a preview, when one has the code).
    pub indicator_id: Option<i64>,
    /// Evidence entries added to the round (those already listed by title and date are not added twice).
    pub evidence_added: u32,
    /// Why a report was not stored, when it was not.
    pub message_th: Option<String>,
    pub message_en: Option<String>,
    /// What the checker found in the report's own figures.
    pub findings: Vec<ScoreFinding>,
}

/// What an import did with one indicator report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KpiImportOutcome {
    /// The agreement had no indicator of this code: it was added with the report's criteria and weight.
    Created,
    /// The round (or its evidence) took the report's figures.
    Updated,
    /// The round already held exactly these figures and evidence.
    Unchanged,
    /// Not stored; the message says why (a locked round, criteria that cannot be read).
    Skipped,
    /// A preview: would add the indicator.
    WouldCreate,
    /// A preview: would update the agreement's indicator of this code.
    WouldUpdate,
}
