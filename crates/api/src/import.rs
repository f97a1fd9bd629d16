//! What happened to each report of an imported file.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tidtam_domain::Quarter;

use crate::reports::Finding;
use crate::schema::QuarterSchema;

/// What happened to one report of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    /// A new report (and maybe a new project) was stored.
    Created,
    /// The quarter's report was replaced by the new content.
    Updated,
    /// The same content was imported before; nothing changed.
    Unchanged,
    /// The quarter's report is approved and locked; nothing changed.
    Locked,
    /// The quarter's report is under review; nothing changed.
    UnderReview,
    /// The report lacks a fiscal year, project name or agency.
    Skipped,
}

/// One report of an imported file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ImportedReport {
    pub source_file: String,
    /// 1-based line where the report starts.
    pub source_line: usize,
    pub project_name: Option<String>,
    pub agency: Option<String>,
    pub fiscal_year: Option<i32>,
    #[schemars(with = "QuarterSchema")]
    pub quarter: Quarter,
    pub outcome: ImportOutcome,
    pub project_id: Option<i64>,
    pub report_id: Option<i64>,
    /// Why it was skipped, locked or left under review (Thai / English).
    pub note: Option<String>,
    pub findings: Vec<Finding>,
}

/// What happened to each report of an uploaded file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ImportResult")]
pub struct ImportedFile {
    pub file_name: String,
    pub reports: Vec<ImportedReport>,
}
