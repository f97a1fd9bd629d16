//! Quarterly reports, their findings, history and lateness.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tidtam_domain::finding::{self, Rule, Severity};
use tidtam_domain::model::{self, KpiKind};
use tidtam_domain::problem::ProblemCause;
use tidtam_domain::workflow::ReportStatus;
use tidtam_domain::{Baht, FiscalYear, Quarter};

use crate::Page;
use crate::schema::{
    BahtSchema, DateSchema, FiscalYearSchema, KpiKindSchema, ProblemCauseSchema, QuarterSchema, ReportStatusSchema,
    RuleSchema, SeveritySchema, TimestampSchema,
};

/// A checker finding: one inconsistency, explained in Thai and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    #[schemars(with = "RuleSchema")]
    pub rule: Rule,
    #[schemars(with = "SeveritySchema")]
    pub severity: Severity,
    /// 1-based line of the source file; 0 for a report entered in the system.
    pub line: usize,
    pub message_th: String,
    pub message_en: String,
}

impl From<finding::Finding> for Finding {
    fn from(f: finding::Finding) -> Finding {
        Finding { rule: f.rule, severity: f.severity, line: f.line, message_th: f.message_th, message_en: f.message_en }
    }
}

/// What one activity achieved in the quarter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityResult {
    pub activity_name: String,
    pub text: String,
}

/// An indicator's result for the quarter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KpiResult {
    pub kpi_name: String,
    #[schemars(with = "KpiKindSchema")]
    pub kind: KpiKind,
    #[serde(default)]
    pub target_text: Option<String>,
    #[serde(default)]
    pub result_text: Option<String>,
    /// Whether the target was met; computed from target and result when not given.
    #[serde(default)]
    pub achieved: Option<bool>,
}

/// A problem of the quarter, tagged by cause.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    #[schemars(with = "ProblemCauseSchema")]
    pub cause: ProblemCause,
    pub text: String,
}

/// The editable content of a quarterly report (sections 9, 11, 13 and 14 of the form).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReportContent {
    /// 0..=100.
    #[serde(default)]
    #[schemars(range(min = 0, max = 100))]
    pub progress_percent: Option<f64>,
    /// Cumulative for the fiscal year, as of the end of the quarter.
    #[serde(default)]
    #[schemars(with = "Option<BahtSchema>")]
    pub allocated: Option<Baht>,
    #[serde(default)]
    #[schemars(with = "Option<BahtSchema>")]
    pub contracted: Option<Baht>,
    #[serde(default)]
    #[schemars(with = "Option<BahtSchema>")]
    pub disbursed: Option<Baht>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub problems_text: Option<String>,
    #[serde(default)]
    pub recommendations: Option<String>,
    #[serde(default)]
    pub activity_results: Vec<ActivityResult>,
    #[serde(default)]
    pub kpi_results: Vec<KpiResult>,
    #[serde(default)]
    pub problems: Vec<Problem>,
}

impl From<model::ReportContent> for ReportContent {
    fn from(c: model::ReportContent) -> ReportContent {
        ReportContent {
            progress_percent: c.progress_percent,
            allocated: c.allocated,
            contracted: c.contracted,
            disbursed: c.disbursed,
            summary: c.summary,
            problems_text: c.problems_text,
            recommendations: c.recommendations,
            activity_results: c
                .activity_results
                .into_iter()
                .map(|a| ActivityResult { activity_name: a.activity_name, text: a.text })
                .collect(),
            kpi_results: c
                .kpi_results
                .into_iter()
                .map(|k| KpiResult {
                    kpi_name: k.kpi_name,
                    kind: k.kind,
                    target_text: k.target_text,
                    result_text: k.result_text,
                    achieved: k.achieved,
                })
                .collect(),
            problems: c.problems.into_iter().map(|p| Problem { cause: p.cause, text: p.text }).collect(),
        }
    }
}

impl From<ReportContent> for model::ReportContent {
    fn from(c: ReportContent) -> model::ReportContent {
        model::ReportContent {
            progress_percent: c.progress_percent,
            allocated: c.allocated,
            contracted: c.contracted,
            disbursed: c.disbursed,
            summary: c.summary,
            problems_text: c.problems_text,
            recommendations: c.recommendations,
            activity_results: c
                .activity_results
                .into_iter()
                .map(|a| model::ActivityResult { activity_name: a.activity_name, text: a.text })
                .collect(),
            kpi_results: c
                .kpi_results
                .into_iter()
                .map(|k| model::KpiResult {
                    kpi_name: k.kpi_name,
                    kind: k.kind,
                    target_text: k.target_text,
                    result_text: k.result_text,
                    achieved: k.achieved,
                })
                .collect(),
            problems: c.problems.into_iter().map(|p| model::Problem { cause: p.cause, text: p.text }).collect(),
        }
    }
}

/// A quarterly report of a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    pub id: i64,
    pub project_id: i64,
    #[schemars(with = "FiscalYearSchema")]
    pub fiscal_year: FiscalYear,
    #[schemars(with = "QuarterSchema")]
    pub quarter: Quarter,
    #[schemars(with = "ReportStatusSchema")]
    pub status: ReportStatus,
    #[serde(flatten)]
    pub content: ReportContent,
    /// The reviewer's comment from the last return.
    pub review_comment: Option<String>,
    /// The file it was imported from, if it was.
    pub source_file: Option<String>,
    pub content_hash: Option<String>,
    pub findings: Vec<Finding>,
    #[schemars(with = "Option<TimestampSchema>")]
    pub submitted_at: Option<jiff::Timestamp>,
    #[schemars(with = "Option<TimestampSchema>")]
    pub approved_at: Option<jiff::Timestamp>,
    #[schemars(with = "TimestampSchema")]
    pub updated_at: jiff::Timestamp,
    pub version: i64,
}

impl From<model::Report> for Report {
    fn from(r: model::Report) -> Report {
        Report {
            id: r.id,
            project_id: r.project_id,
            fiscal_year: r.fiscal_year,
            quarter: r.quarter,
            status: r.status,
            content: r.content.into(),
            review_comment: r.review_comment,
            source_file: r.source_file,
            content_hash: r.content_hash,
            findings: r.findings.into_iter().map(Finding::from).collect(),
            submitted_at: r.submitted_at,
            approved_at: r.approved_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// A quarter's report to start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NewReport {
    pub project_id: i64,
    #[schemars(with = "FiscalYearSchema")]
    pub fiscal_year: FiscalYear,
    #[schemars(with = "QuarterSchema")]
    pub quarter: Quarter,
    #[serde(flatten)]
    pub content: ReportContent,
}

/// A report's new content, with the version it was read at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReportUpdate {
    pub version: i64,
    #[serde(flatten)]
    pub content: ReportContent,
}

/// A workflow step on the version it was read at (returning needs a comment).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    pub version: i64,
    #[serde(default)]
    pub comment: Option<String>,
}

/// A report as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReportSummary {
    pub id: i64,
    pub project_id: i64,
    pub project_name: String,
    pub agency_id: i64,
    pub owner_division_id: Option<i64>,
    #[schemars(with = "FiscalYearSchema")]
    pub fiscal_year: FiscalYear,
    #[schemars(with = "QuarterSchema")]
    pub quarter: Quarter,
    #[schemars(with = "ReportStatusSchema")]
    pub status: ReportStatus,
    pub progress_percent: Option<f64>,
    #[schemars(with = "Option<BahtSchema>")]
    pub disbursed: Option<Baht>,
    pub finding_count: i64,
    pub version: i64,
}

/// One saved state of a report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Revision {
    pub version: i64,
    #[schemars(with = "ReportStatusSchema")]
    pub status: ReportStatus,
    /// The report as it was saved (the shape of [`Report`] at the time).
    pub snapshot: serde_json::Map<String, serde_json::Value>,
    #[schemars(with = "TimestampSchema")]
    pub at: jiff::Timestamp,
    pub actor: String,
}

/// A project whose report for a quarter is missing or came in after the deadline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LateEntry {
    pub project_id: i64,
    pub project_name: String,
    pub agency_id: i64,
    pub owner_division_id: Option<i64>,
    pub report_id: Option<i64>,
    #[schemars(with = "Option<ReportStatusSchema>")]
    pub status: Option<ReportStatus>,
    #[schemars(with = "Option<TimestampSchema>")]
    pub submitted_at: Option<jiff::Timestamp>,
}

/// Who is late for a quarter (the list is paged).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Lateness {
    #[schemars(with = "FiscalYearSchema")]
    pub fiscal_year: FiscalYear,
    #[schemars(with = "QuarterSchema")]
    pub quarter: Quarter,
    #[schemars(with = "DateSchema")]
    pub deadline: Date,
    pub late: Page<LateEntry>,
}

/// A report found by full-text search: the report and the passage of its text
/// that matched (at most about 160 characters; none when only the segmenter's
/// compounds matched).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReportHit {
    pub report: ReportSummary,
    pub excerpt: Option<String>,
}
