//! The store's list filters and listed rows, re-exported so front ends can name
//! the types in this crate's signatures without depending on `tidtam-store`.

pub use tidtam_store::{
    AuditEntry, AuditFilter, LateEntry, ProjectFilter, ProjectSort, ProjectSortKey, ProjectSummary, ProposalFilter,
    ReportFilter, ReportRevision, ReportSummary,
};

use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::risk::Risk;
use tidtam_domain::workflow::ReportStatus;
pub use tidtam_store::QuarterReport;

use crate::ServiceError;

/// A project list's filters on one quarter: its report's state, its risk.
pub type QuarterFilters = (Option<(FiscalYear, Quarter, QuarterReport)>, Option<(FiscalYear, Quarter, Risk)>);

/// The quarter filters of a project list from a request's fields (the API's and
/// the pages' one reading): `report_status` is `missing` or a workflow state,
/// `risk` one of the domain's risk names; either needs a fiscal year and a quarter.
pub fn quarter_filters(
    fiscal_year: Option<FiscalYear>,
    quarter: Option<Quarter>,
    report_status: Option<&str>,
    risk: Option<&str>,
) -> Result<QuarterFilters, ServiceError> {
    let report_status = report_status.filter(|text| !text.is_empty());
    let risk = risk.filter(|text| !text.is_empty());
    if report_status.is_none() && risk.is_none() {
        return Ok((None, None));
    }
    let (Some(year), Some(quarter)) = (fiscal_year, quarter) else {
        return Err(ServiceError::invalid(
            "quarter",
            "การกรองตามสถานะรายงานหรือความเสี่ยงต้องระบุปีงบประมาณและไตรมาส",
            "filtering by report status or risk needs a fiscal year and a quarter",
        ));
    };
    let state = match report_status {
        None => None,
        Some("missing") => Some((year, quarter, QuarterReport::Missing)),
        Some(text) => match ReportStatus::parse(text) {
            Some(status) => Some((year, quarter, QuarterReport::Is(status))),
            None => {
                return Err(ServiceError::invalid(
                    "report_status",
                    "สถานะรายงานต้องเป็น missing, draft, submitted, returned หรือ approved",
                    "report_status must be missing, draft, submitted, returned or approved",
                ));
            }
        },
    };
    let risk = match risk {
        None => None,
        Some(text) => match Risk::parse(text) {
            Some(risk) => Some((year, quarter, risk)),
            None => {
                return Err(ServiceError::invalid(
                    "risk",
                    "ความเสี่ยงต้องเป็น late_procurement, low_disbursement, missing_report หรือ checker_findings",
                    "risk must be late_procurement, low_disbursement, missing_report or checker_findings",
                ));
            }
        },
    };
    Ok((state, risk))
}
