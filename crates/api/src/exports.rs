//! What the exports (DOCX, XLSX, PDF) are made from: views the service gathers
//! with the caller's authorisation and `tidtam-export` turns into files.
//!
//! They are never JSON: an export answers with a file, so these carry no schema.

use tidtam_domain::form::ReportForm;
use tidtam_domain::workflow::ReportStatus;
use tidtam_domain::{Baht, FiscalYear, Quarter};

use crate::portfolio::PortfolioGroup;
use crate::projects::ProjectDetail;

/// One quarterly report's whole form, with where it belongs.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportExport {
    pub report_id: i64,
    pub project_id: i64,
    pub project_name: String,
    pub fiscal_year: FiscalYear,
    pub quarter: Quarter,
    pub status: ReportStatus,
    pub form: ReportForm,
}

/// One project's latest report up to a quarter, as a row of the portfolio workbook.
#[derive(Clone, Debug, PartialEq)]
pub struct PortfolioRow {
    pub project_id: i64,
    pub code: Option<String>,
    pub project_name: String,
    pub agency: String,
    pub division: Option<String>,
    /// The quarter of the report the figures come from (at most the sheet's).
    pub report_quarter: Quarter,
    pub status: ReportStatus,
    pub allocated: Option<Baht>,
    pub contracted: Option<Baht>,
    pub disbursed: Option<Baht>,
    pub progress_percent: Option<f64>,
    pub kpi_measured: u32,
    pub kpi_achieved: u32,
    pub findings: u32,
}

/// The portfolio of a fiscal year, as of the end of each quarter.
#[derive(Clone, Debug, PartialEq)]
pub struct PortfolioTable {
    pub fiscal_year: FiscalYear,
    /// One entry a quarter, Q1 to Q4: the rows as of its end (a project without
    /// a report by then has no row).
    pub quarters: Vec<(Quarter, Vec<PortfolioRow>)>,
}

/// A project page on paper: the project, its agency and its latest report's form.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectExport {
    pub detail: ProjectDetail,
    pub agency: String,
    pub division: Option<String>,
    pub latest: Option<ReportExport>,
}

/// The dashboard on paper: the portfolio aggregate in its groupings.
#[derive(Clone, Debug, PartialEq)]
pub struct DashboardExport {
    pub fiscal_year: FiscalYear,
    pub quarter: Option<Quarter>,
    pub total: Option<PortfolioGroup>,
    pub by_quarter: Vec<PortfolioGroup>,
    pub by_division: Vec<PortfolioGroup>,
    pub by_strategy: Vec<PortfolioGroup>,
}

/// One statistic's periods due in a year, a row of the yearly summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatisticYearRow {
    pub code: String,
    pub name_th: String,
    pub agency: String,
    pub sector_th: String,
    pub frequency_th: String,
    /// Periods whose due date fell in the year (by the date of the summary).
    pub due: u32,
    pub on_time: u32,
    pub released_late: u32,
    pub missing: u32,
    /// The periods past due with no release, in Thai ("ไตรมาส 3/2567").
    pub missing_periods_th: Vec<String>,
    /// The statistic's status on the summary's date, in Thai.
    pub status_th: String,
}

/// The statistical system's yearly summary: per statistic, the periods due in a
/// calendar or fiscal year, released on time, late and missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatisticsYearSummary {
    /// "ปีงบประมาณ 2568" or "ปี 2567".
    pub year_th: String,
    /// The first and last day of the year, and the date the summary was made, in BE.
    pub from_th: String,
    pub to_th: String,
    pub as_of_th: String,
    pub rows: Vec<StatisticYearRow>,
}
