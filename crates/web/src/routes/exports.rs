//! The official forms and overviews as files: a quarterly report as the
//! ministry's DOCX form, the portfolio as DOCX and XLSX, a project and the
//! dashboard as PDF.
//!
//! Each handler asks the service for the view (authorised as the caller), has
//! `tidtam-export` write the file off the async workers (typesetting is CPU
//! work), and answers it as an attachment whose name is Thai (RFC 6266 with
//! RFC 5987's `filename*`, and an ASCII `filename` for old clients).
//! Paths ending in `{id}.pdf` or `{q}.docx` reach the handler with the whole
//! last segment, which it reads itself (see [`crate::api::Api`]); their
//! parameters are named as the pages' (`/projects/{id}/reports/{fy}/{q}`),
//! whose bare paths they share.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tidtam_api::exports::ProjectExport;
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_export::docx::FormRef;
use tidtam_export::thai_text::count;
use tidtam_export::{
    ExportError, dashboard_pdf, portfolio_docx, portfolio_xlsx, project_pdf, report_docx, statistics_year_xlsx,
};

use crate::AppState;
use crate::api::{Api, Doc, Method, opt, req};
use crate::error::{AppError, AppResult};
use crate::extract::{Caller, Params, PathParams};
use crate::views;

pub(crate) const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub(crate) const PDF: &str = "application/pdf";

pub fn routes(api: Api) -> Api {
    api.add(
        Method::Get,
        "/projects/{id}/reports/{fy}/{q}.docx",
        Doc::new(
            "exports",
            "A quarterly report as the ministry's annual performance report form (DOCX, Sarabun embedded)",
        )
        .file(DOCX)
        .errors(&[400, 404]),
        report,
    )
    .add(
        Method::Get,
        "/exports/portfolio.docx",
        Doc::new("exports", "Every project's latest report up to the quarter, one form after another (DOCX)")
            .query(&[
                req("fy", "fiscal_year", "fiscal year (BE)"),
                req("q", "quarter", "as of the end of this quarter"),
            ])
            .file(DOCX)
            .errors(&[400, 403]),
        portfolio_document,
    )
    .add(
        Method::Get,
        "/exports/portfolio.xlsx",
        Doc::new("exports", "The portfolio of a fiscal year: a sheet a quarter, a row a project (XLSX)")
            .query(&[req("fy", "fiscal_year", "fiscal year (BE)")])
            .file(XLSX)
            .errors(&[400, 403]),
        portfolio_workbook,
    )
    .add(
        Method::Get,
        "/exports/statistics-system.xlsx",
        Doc::new(
            "exports",
            "The statistical system's yearly summary: per official statistic, the periods due in a fiscal or calendar year, released on time, late and missing (XLSX)",
        )
        .query(&[
            opt("fy", "fiscal_year", "a fiscal year (BE)"),
            opt("year", "integer", "a calendar year (BE), when no fiscal year is given"),
        ])
        .file(XLSX)
        .errors(&[400, 422]),
        statistics_workbook,
    )
    .add(
        Method::Get,
        "/projects/{id}.pdf",
        Doc::new("exports", "A project on paper: its facts, budgets, indicators, reports and latest form (PDF)")
            .file(PDF)
            .errors(&[400, 404]),
        project,
    )
    .add(
        Method::Get,
        "/dashboard.pdf",
        Doc::new(
            "exports",
            "The dashboard on paper: totals, disbursement by quarter, by division and by strategy (PDF)",
        )
        .query(&[
            req("fy", "fiscal_year", "fiscal year (BE)"),
            opt("q", "quarter", "as of the end of this quarter (default: each project's latest report)"),
        ])
        .file(PDF)
        .errors(&[400, 403]),
        dashboard,
    )
}

/// A file to download: its bytes, type and names.
pub(crate) struct Attachment {
    pub(crate) bytes: Vec<u8>,
    pub(crate) content_type: &'static str,
    /// The name people see (Thai), and the ASCII one for clients that cannot read `filename*`.
    pub(crate) name: String,
    pub(crate) ascii_name: String,
}

/// RFC 5987 `ext-value` characters: everything else is percent-encoded as UTF-8.
pub(crate) fn rfc5987(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 3);
    for byte in name.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte);
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A project name made safe as part of a file name: no path separators,
/// quotes or characters Windows refuses, spaces as hyphens, at most 80 characters.
pub(crate) fn file_part(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    cleaned.chars().take(80).collect()
}

impl IntoResponse for Attachment {
    fn into_response(self) -> Response {
        let disposition =
            format!("attachment; filename=\"{}\"; filename*=UTF-8''{}", self.ascii_name, rfc5987(&self.name));
        let mut response = (StatusCode::OK, self.bytes).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        if let Ok(value) = HeaderValue::from_str(&disposition) {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
        response
    }
}

/// Runs a writer off the async workers and maps its failure to a logged 500.
pub(crate) async fn render(
    write: impl FnOnce() -> Result<Vec<u8>, ExportError> + Send + 'static,
) -> AppResult<Vec<u8>> {
    match tokio::task::spawn_blocking(write).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(error)) => Err(AppError::internal(format!("{}: {error}", error.code()))),
        Err(error) => Err(AppError::internal(format!("export task: {error}"))),
    }
}

/// The number in a last segment that must end in `suffix` ("12.pdf" → 12).
pub(crate) fn segment_number<T: std::str::FromStr>(segment: &str, suffix: &str, what: &str) -> AppResult<T> {
    segment.strip_suffix(suffix).and_then(|number| number.parse().ok()).ok_or_else(|| {
        AppError::bad_request(StatusCode::BAD_REQUEST, &format!("{what}: expected a number then {suffix}"))
    })
}

async fn report(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((id, fiscal_year, quarter)): PathParams<(i64, FiscalYear, String)>,
) -> AppResult<Attachment> {
    let number: u8 = segment_number(&quarter, ".docx", "quarter")?;
    let quarter = Quarter::from_number(number)
        .ok_or_else(|| AppError::bad_request(StatusCode::BAD_REQUEST, "quarter: 1 to 4"))?;
    let export = state.service.export_report(&caller.actor, id, fiscal_year, quarter).await?;
    let name = format!(
        "แบบรายงาน-{}-ปีงบประมาณ{}-ไตรมาส{}.docx",
        file_part(&export.project_name),
        count(fiscal_year.be()),
        count(quarter.number())
    );
    let ascii_name = format!("tidtam-report-{id}-{}-q{}.docx", fiscal_year.be(), quarter.number());
    let bytes = render(move || {
        report_docx(FormRef { form: &export.form, fiscal_year: export.fiscal_year, quarter: export.quarter })
    })
    .await?;
    Ok(Attachment { bytes, content_type: DOCX, name, ascii_name })
}

#[derive(Deserialize)]
struct YearQuarter {
    fy: FiscalYear,
    q: Quarter,
}

async fn portfolio_document(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<YearQuarter>,
) -> AppResult<Attachment> {
    let reports = state.service.export_portfolio_reports(&caller.actor, query.fy, query.q).await?;
    let name = format!("แบบรายงานทุกโครงการ-ปีงบประมาณ{}-ไตรมาส{}.docx", count(query.fy.be()), count(query.q.number()));
    let ascii_name = format!("tidtam-portfolio-{}-q{}.docx", query.fy.be(), query.q.number());
    let bytes = render(move || {
        let refs: Vec<FormRef<'_>> =
            reports.iter().map(|r| FormRef { form: &r.form, fiscal_year: r.fiscal_year, quarter: r.quarter }).collect();
        portfolio_docx(&refs)
    })
    .await?;
    Ok(Attachment { bytes, content_type: DOCX, name, ascii_name })
}

#[derive(Deserialize)]
struct Year {
    fy: FiscalYear,
}

async fn portfolio_workbook(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<Year>,
) -> AppResult<Attachment> {
    let table = state.service.export_portfolio_table(&caller.actor, query.fy).await?;
    let name = format!("ภาพรวมโครงการ-ปีงบประมาณ{}.xlsx", count(query.fy.be()));
    let ascii_name = format!("tidtam-portfolio-{}.xlsx", query.fy.be());
    let bytes = render(move || portfolio_xlsx(&table)).await?;
    Ok(Attachment { bytes, content_type: XLSX, name, ascii_name })
}

#[derive(Deserialize)]
struct SummaryYearQuery {
    fy: Option<FiscalYear>,
    year: Option<i64>,
}

async fn statistics_workbook(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<SummaryYearQuery>,
) -> AppResult<Attachment> {
    use tidtam_service::stats_register::SummaryYear;
    let year = match (query.fy, query.year) {
        (Some(fy), _) => SummaryYear::Fiscal(fy),
        (None, Some(be)) => SummaryYear::Calendar(i32::try_from(be).unwrap_or(i32::MAX)),
        (None, None) => {
            return Err(tidtam_service::ServiceError::Invalid(vec![tidtam_domain::model::FieldError::new(
                "fy",
                "ต้องระบุปีงบประมาณ (fy) หรือปีปฏิทิน (year)",
                "give a fiscal year (fy) or a calendar year (year)",
            )])
            .into());
        }
    };
    let summary = state.service.export_statistics_year(&caller.actor, year).await?;
    let (name, ascii_name) = match year {
        SummaryYear::Fiscal(fy) => {
            (format!("สรุปสถิติทางการ-ปีงบประมาณ{}.xlsx", count(fy.be())), format!("tidtam-statistics-fy{}.xlsx", fy.be()))
        }
        SummaryYear::Calendar(be) => {
            (format!("สรุปสถิติทางการ-ปี{}.xlsx", count(be)), format!("tidtam-statistics-{be}.xlsx"))
        }
    };
    let bytes = render(move || statistics_year_xlsx(&summary)).await?;
    Ok(Attachment { bytes, content_type: XLSX, name, ascii_name })
}

async fn project(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(segment): PathParams<String>,
) -> AppResult<Attachment> {
    let id: i64 = segment_number(&segment, ".pdf", "id")?;
    let found = state.service.export_project(&caller.actor, id).await?;
    let export = ProjectExport {
        detail: views::project_detail(found.detail),
        agency: found.agency,
        division: found.division,
        latest: found.latest,
    };
    let name = format!("โครงการ-{}.pdf", file_part(&export.detail.project.name));
    let ascii_name = format!("tidtam-project-{id}.pdf");
    let bytes = render(move || project_pdf(&export)).await?;
    Ok(Attachment { bytes, content_type: PDF, name, ascii_name })
}

#[derive(Deserialize)]
struct DashboardQuery {
    fy: FiscalYear,
    q: Option<Quarter>,
}

async fn dashboard(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<DashboardQuery>,
) -> AppResult<Attachment> {
    let export = state.service.export_dashboard(&caller.actor, query.fy, query.q).await?;
    let quarter = query.q.map_or_else(String::new, |q| format!("-ไตรมาส{}", count(q.number())));
    let name = format!("ภาพรวม-ปีงบประมาณ{}{quarter}.pdf", count(query.fy.be()));
    let ascii_name = format!(
        "tidtam-dashboard-{}{}.pdf",
        query.fy.be(),
        query.q.map_or_else(String::new, |q| format!("-q{}", q.number()))
    );
    let bytes = render(move || dashboard_pdf(&export)).await?;
    Ok(Attachment { bytes, content_type: PDF, name, ascii_name })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_file_names_are_percent_encoded_and_safe() {
        assert_eq!(rfc5987("ก a.docx"), "%E0%B8%81%20a.docx");
        assert_eq!(file_part("โครงการ/ทดสอบ \"ก\"\n<x>"), "โครงการ-ทดสอบ-ก-x");
        assert_eq!(file_part(&"ก".repeat(200)).chars().count(), 80);
    }
}
