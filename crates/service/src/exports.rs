//! What the file exports need, gathered with the caller's authorisation: a
//! report's whole form, every form of a portfolio, the portfolio table by
//! quarter, a project with its latest form, the dashboard's groupings.
//!
//! Only reads the other use cases already make (the report and its stored
//! form, the report list in the caller's scope, the project, the portfolio
//! aggregate); turning them into files is `tidtam-export`'s job, in the front end.

use std::collections::{BTreeMap, HashMap};

use tidtam_api::exports::{DashboardExport, PortfolioRow, PortfolioTable, ReportExport};
use tidtam_domain::model::Report;
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::policy::{Action, Actor, ReadScope, read_scope};
use tidtam_store::{PageRequest, ReportFilter, ReportSummary, Tx};

use crate::portfolio::{GroupBy, PortfolioQuery};
use crate::projects::ProjectDetail;
use crate::reports::{report_resource, stored_form};
use crate::{Result, Service, ServiceError, authorize};

/// The most reports one portfolio export holds: a DOCX of more forms than
/// this is no longer a document anyone reads (the demo portfolio has dozens;
/// the benchmark portfolio's 100,000 reports would make a file of gigabytes).
pub const MAX_EXPORT_REPORTS: usize = 2_000;

/// A project with what its printed page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectForExport {
    pub detail: ProjectDetail,
    pub agency: String,
    pub division: Option<String>,
    /// Its latest report the caller may read (latest year, then quarter), with the form.
    pub latest: Option<ReportExport>,
}

/// A report the caller may read, with its whole form.
async fn report_export(tx: &mut Tx, actor: &Actor, report: Report) -> Result<ReportExport> {
    let resource = report_resource(tx, &report).await?;
    authorize(actor, Action::Read, &resource).map_err(|_| ServiceError::NotFound)?;
    let form = stored_form(tx, &report).await?;
    let project = tx.project(report.project_id).await?;
    Ok(ReportExport {
        report_id: report.id,
        project_id: report.project_id,
        project_name: project.fields.name,
        fiscal_year: report.fiscal_year,
        quarter: report.quarter,
        status: report.status,
        form,
    })
}

/// Every report of the year in the caller's scope (the public: approved reports of published projects).
async fn reports_of_year(tx: &mut Tx, scope: ReadScope, year: FiscalYear) -> Result<Vec<ReportSummary>> {
    let filter = ReportFilter { fiscal_year: Some(year), ..ReportFilter::default() };
    let mut all = Vec::new();
    for page in 1.. {
        let (items, total) = tx.list_reports(scope, &filter, PageRequest::new(page, 500)).await?;
        let done = items.is_empty() || all.len() + items.len() >= total as usize;
        all.extend(items);
        if done {
            break;
        }
        if all.len() > MAX_EXPORT_REPORTS * 4 {
            return Err(too_many());
        }
    }
    Ok(all)
}

fn too_many() -> ServiceError {
    ServiceError::invalid(
        "fy",
        &format!("รายงานมากเกินกว่าจะส่งออกเป็นไฟล์เดียว (เกิน {MAX_EXPORT_REPORTS} ฉบับ)"),
        &format!("too many reports for one file (more than {MAX_EXPORT_REPORTS})"),
    )
}

/// Each project's latest report up to `quarter`, in project order.
fn latest_up_to(reports: &[ReportSummary], quarter: Quarter) -> Vec<&ReportSummary> {
    let mut latest: BTreeMap<(String, i64), &ReportSummary> = BTreeMap::new();
    for report in reports.iter().filter(|r| r.quarter <= quarter) {
        let key = (report.project_name.clone(), report.project_id);
        match latest.get(&key) {
            Some(seen) if seen.quarter >= report.quarter => {}
            _ => {
                latest.insert(key, report);
            }
        }
    }
    latest.into_values().collect()
}

impl Service {
    /// The form of a project's report for a quarter, as the caller may read it.
    pub async fn export_report(
        &self,
        actor: &Actor,
        project_id: i64,
        year: FiscalYear,
        quarter: Quarter,
    ) -> Result<ReportExport> {
        let mut tx = self.store.begin_read().await?;
        let Some((id, ..)) = tx.report_for_period(project_id, year, quarter).await? else {
            return Err(ServiceError::NotFound);
        };
        let report = tx.report(id).await?;
        report_export(&mut tx, actor, report).await
    }

    /// Every project's latest report of the year up to `quarter` that the caller
    /// may read, in project-name order, each with its whole form.
    pub async fn export_portfolio_reports(
        &self,
        actor: &Actor,
        year: FiscalYear,
        quarter: Quarter,
    ) -> Result<Vec<ReportExport>> {
        let scope = read_scope(actor);
        if scope == ReadScope::Nothing {
            return Err(ServiceError::Forbidden);
        }
        let mut tx = self.store.begin_read().await?;
        let reports = reports_of_year(&mut tx, scope, year).await?;
        let latest = latest_up_to(&reports, quarter);
        if latest.len() > MAX_EXPORT_REPORTS {
            return Err(too_many());
        }
        let mut out = Vec::with_capacity(latest.len());
        for summary in latest {
            let report = tx.report(summary.id).await?;
            out.push(report_export(&mut tx, actor, report).await?);
        }
        Ok(out)
    }

    /// The portfolio of a year as of each quarter's end: one row a project
    /// (its latest report by then), for the workbook.
    pub async fn export_portfolio_table(&self, actor: &Actor, year: FiscalYear) -> Result<PortfolioTable> {
        let scope = read_scope(actor);
        if scope == ReadScope::Nothing {
            return Err(ServiceError::Forbidden);
        }
        let mut tx = self.store.begin_read().await?;
        // One query for the year's figures: a workbook of every project (a row a
        // project and quarter) has no limit but the spreadsheet's own.
        let figures = tx.report_figures_of_year(scope, year).await?;
        let units: HashMap<i64, String> = tx.org_units().await?.into_iter().map(|u| (u.id, u.name)).collect();
        let summaries: Vec<ReportSummary> = figures.iter().map(|f| f.report.clone()).collect();
        let by_id: HashMap<i64, &tidtam_store::ReportFigures> = figures.iter().map(|f| (f.report.id, f)).collect();
        let mut quarters = Vec::with_capacity(4);
        for quarter in Quarter::ALL {
            let rows = latest_up_to(&summaries, quarter)
                .into_iter()
                .map(|summary| {
                    let figures = by_id[&summary.id];
                    PortfolioRow {
                        project_id: summary.project_id,
                        code: figures.project_code.clone(),
                        project_name: summary.project_name.clone(),
                        agency: units.get(&summary.agency_id).cloned().unwrap_or_default(),
                        division: summary.owner_division_id.and_then(|id| units.get(&id).cloned()),
                        report_quarter: summary.quarter,
                        status: summary.status,
                        allocated: figures.allocated,
                        contracted: figures.contracted,
                        disbursed: summary.disbursed,
                        progress_percent: summary.progress_percent,
                        kpi_measured: figures.kpi_measured.max(0) as u32,
                        kpi_achieved: figures.kpi_achieved.max(0) as u32,
                        findings: summary.finding_count.max(0) as u32,
                    }
                })
                .collect();
            quarters.push((quarter, rows));
        }
        Ok(PortfolioTable { fiscal_year: year, quarters })
    }

    /// A project, its agency and division names and its latest readable report's form.
    pub async fn export_project(&self, actor: &Actor, id: i64) -> Result<ProjectForExport> {
        let detail = self.get_project(actor, id).await?;
        let mut tx = self.store.begin_read().await?;
        let agency = tx.org_unit(detail.project.agency_id).await?.name;
        let division = match detail.project.owner_division_id {
            Some(division) => Some(tx.org_unit(division).await?.name),
            None => None,
        };
        // The list in the detail is already limited to the reports the caller may read.
        let latest = match detail.reports.iter().max_by_key(|r| (r.fiscal_year, r.quarter)) {
            Some(summary) => {
                let report = tx.report(summary.id).await?;
                Some(report_export(&mut tx, actor, report).await?)
            }
            None => None,
        };
        Ok(ProjectForExport { detail, agency, division, latest })
    }

    /// The dashboard's figures: the year's total as of `quarter`, and by
    /// quarter, division and strategy.
    pub async fn export_dashboard(
        &self,
        actor: &Actor,
        year: FiscalYear,
        quarter: Option<Quarter>,
    ) -> Result<DashboardExport> {
        let query = |group_by| PortfolioQuery { fiscal_year: year, quarter, group_by };
        let total = self.portfolio(actor, query(GroupBy::Total)).await?.into_iter().next();
        let by_quarter = self.portfolio(actor, query(GroupBy::Quarter)).await?;
        let by_division = self.portfolio(actor, query(GroupBy::Division)).await?;
        let by_strategy = self.portfolio(actor, query(GroupBy::Strategy)).await?;
        Ok(DashboardExport { fiscal_year: year, quarter, total, by_quarter, by_division, by_strategy })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tidtam_domain::workflow::ReportStatus;

    fn summary(id: i64, project_id: i64, name: &str, quarter: Quarter) -> ReportSummary {
        ReportSummary {
            id,
            project_id,
            project_name: name.into(),
            agency_id: 1,
            owner_division_id: None,
            fiscal_year: FiscalYear::from_be(2568),
            quarter,
            status: ReportStatus::Draft,
            progress_percent: None,
            disbursed: None,
            finding_count: 0,
            version: 1,
        }
    }

    #[test]
    fn the_latest_report_up_to_the_quarter_stands_for_its_project() {
        let reports = vec![
            summary(1, 10, "ข", Quarter::Q1),
            summary(2, 10, "ข", Quarter::Q3),
            summary(3, 11, "ก", Quarter::Q2),
            summary(4, 10, "ข", Quarter::Q2),
        ];
        let ids = |quarter| latest_up_to(&reports, quarter).iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(Quarter::Q1), vec![1]);
        assert_eq!(ids(Quarter::Q2), vec![3, 4], "by project name: ก before ข");
        assert_eq!(ids(Quarter::Q4), vec![3, 2]);
    }
}
