//! The bulk path for a generated benchmark portfolio (20,000 projects × 5 years,
//! 400,000 reports): what `create_project`, `set_budget`, `create_report`,
//! `submit_report` and `approve_report` would store, written with multi-row
//! inserts because calling them 1.2 million times takes hours.
//!
//! "What they would store" is meant exactly, and `tidtam-demo`'s test
//! `the_bulk_path_stores_what_the_use_cases_store` compares the two on a small
//! portfolio table by table: the project as stored is read back before its forms
//! are built ([`ReportForm::entered`] from the stored fields, as `create_report`
//! does), KPIs are scored with [`score_kpis`], each form is checked with the
//! previous quarter's form (only a report planned earlier counts, as a report
//! created earlier would), versions count the workflow steps, and
//! `portfolio_summary` is rebuilt with the query every write uses.
//!
//! What it leaves out, on purpose: the history. A use case appends an audit row
//! and a report revision per step; the bulk path appends one audit row for the
//! whole load (`portfolio` / `generate`) and no revisions, since a generated
//! portfolio has no past to show and 1.2 million snapshots would dwarf the data
//! the benchmark measures. One consequence: the four-eyes rule reads who last
//! edited and submitted a report from the trail, so on a bulk-loaded submitted
//! report it sees nobody and any reviewer may approve it. Every time it writes
//! is the service's clock.

use std::collections::HashMap;

use tidtam_domain::check::check;
use tidtam_domain::form::ReportForm;
use tidtam_domain::model::{BudgetYear, ReportContent};
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::policy::{Action, Actor, Resource, ResourceKind};
use tidtam_domain::workflow::ReportStatus;
use tidtam_store::{BulkProject, BulkReport, Tx};

use crate::projects::{NewProject, check_division, search_body};
use crate::reports::score_kpis;
use crate::{Result, Service, ServiceError, authorize, record_audit};

/// A project to load, with its budget years and its reports in the order the
/// use cases would create them.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedProject {
    pub project: NewProject,
    /// `project_id` is ignored: the project gets its id when loaded.
    pub budgets: Vec<BudgetYear>,
    pub reports: Vec<PlannedReport>,
}

/// A report to load: its content and the workflow state it ends in.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedReport {
    pub fiscal_year: FiscalYear,
    pub quarter: Quarter,
    pub content: ReportContent,
    /// Draft (created), Submitted (then submitted) or Approved (then approved).
    pub status: ReportStatus,
}

impl PlannedReport {
    /// How many times the use cases change the report to bring it to its status;
    /// each step adds one to the version.
    pub fn workflow_steps(&self) -> Result<i64> {
        match self.status {
            ReportStatus::Draft => Ok(0),
            ReportStatus::Submitted => Ok(1),
            ReportStatus::Approved => Ok(2),
            ReportStatus::Returned => Err(ServiceError::invalid(
                "status",
                "การโหลดข้อมูลจำนวนมากไม่รองรับรายงานที่ถูกส่งกลับ",
                "the bulk path loads draft, submitted and approved reports only",
            )),
        }
    }
}

/// What was loaded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadSummary {
    pub projects: usize,
    pub budgets: usize,
    pub reports: usize,
}

impl Service {
    /// Loads generated projects, one transaction per batch, then rebuilds the
    /// portfolio summary and refreshes planner statistics. Admins only (the
    /// right to create users, as for any generated data).
    pub async fn load_portfolio<I>(&self, actor: &Actor, batches: I) -> Result<LoadSummary>
    where
        I: IntoIterator<Item = Vec<PlannedProject>>,
    {
        authorize(actor, Action::Create, &Resource::global(ResourceKind::User))?;
        let now = self.now();
        let mut summary = LoadSummary::default();
        let mut agencies: HashMap<i64, String> = HashMap::new();
        for batch in batches {
            let mut tx = self.store.begin().await?;
            load_batch(&mut tx, now, batch, &mut agencies, &mut summary).await?;
            tx.commit().await?;
        }
        let mut tx = self.store.begin().await?;
        tx.rebuild_portfolio_summary().await?;
        let detail = serde_json::json!({
            "projects": summary.projects, "budgets": summary.budgets, "reports": summary.reports,
        });
        record_audit(&mut tx, actor, now, "portfolio", 0, "generate", None, Some(detail)).await?;
        tx.commit().await?;
        let mut tx = self.store.begin().await?;
        tx.analyze().await?;
        tx.commit().await?;
        self.store.vacuum_portfolio_summary().await?;
        Ok(summary)
    }
}

async fn load_batch(
    tx: &mut Tx,
    now: jiff::Timestamp,
    batch: Vec<PlannedProject>,
    agencies: &mut HashMap<i64, String>,
    summary: &mut LoadSummary,
) -> Result<()> {
    let first_project = tx.next_project_id().await?;
    let mut projects = Vec::with_capacity(batch.len());
    for (index, planned) in batch.iter().enumerate() {
        let NewProject { agency_id, owner_division_id, fields } = &planned.project;
        fields.validate().map_err(ServiceError::Invalid)?;
        if !agencies.contains_key(agency_id) {
            check_division(tx, *agency_id, None).await?;
            agencies.insert(*agency_id, tx.org_unit(*agency_id).await?.name);
        }
        check_division(tx, *agency_id, *owner_division_id).await?;
        projects.push(BulkProject {
            id: first_project + index as i64,
            agency_id: *agency_id,
            owner_division_id: *owner_division_id,
            fields: fields.clone(),
            at: now,
        });
    }
    tx.bulk_insert_projects(&projects).await?;

    let mut budgets = Vec::new();
    let mut reports = Vec::new();
    let mut next_report = tx.next_report_id().await?;
    let mut project_texts: Vec<(i64, String)> = Vec::with_capacity(projects.len());
    for (planned, stored) in batch.into_iter().zip(&projects) {
        // Read back as `create_report` reads it: the form is built from the stored fields.
        let project = tx.project(stored.id).await?;
        let agency_name = &agencies[&project.agency_id];
        project_texts.push((project.id, search_body(&project, agency_name)));
        let in_years = |year: FiscalYear| year >= project.fields.start_year && year <= project.fields.end_year;
        for budget in planned.budgets {
            if !in_years(budget.fiscal_year)
                || [budget.allocated, budget.contracted, budget.carried_over].iter().any(|m| m.satang() < 0)
            {
                return Err(ServiceError::invalid(
                    "budgets",
                    "งบประมาณไม่ถูกต้อง",
                    "a budget year is outside the project's years or negative",
                ));
            }
            budgets.push(BudgetYear { project_id: project.id, ..budget });
        }
        let mut forms: HashMap<(FiscalYear, Quarter), ReportForm> = HashMap::new();
        for report in planned.reports {
            let steps = report.workflow_steps()?;
            let PlannedReport { fiscal_year, quarter, mut content, status } = report;
            if !in_years(fiscal_year) || forms.contains_key(&(fiscal_year, quarter)) {
                return Err(ServiceError::invalid(
                    "reports",
                    "รายงานไม่ถูกต้อง",
                    "a report is outside the project's years or repeated",
                ));
            }
            content.validate().map_err(ServiceError::Invalid)?;
            score_kpis(&mut content);
            let form = ReportForm::entered(&project.fields, agency_name, fiscal_year, quarter, &content);
            let previous = quarter.previous().and_then(|previous| forms.get(&(fiscal_year, previous)));
            let findings = check(&form, previous);
            forms.insert((fiscal_year, quarter), form.clone());
            reports.push(BulkReport {
                id: next_report,
                project_id: project.id,
                fiscal_year,
                quarter,
                status,
                version: 1 + steps,
                content,
                form,
                findings,
                created_at: now,
                submitted_at: (steps >= 1).then_some(now),
                approved_at: (steps >= 2).then_some(now),
                updated_at: now,
            });
            next_report += 1;
        }
    }
    tx.bulk_insert_budgets(&budgets).await?;
    tx.bulk_insert_reports(&reports).await?;
    // The search indexes as the use cases write them, a batch at a time.
    let entries: Vec<(i64, &str)> = project_texts.iter().map(|(id, body)| (*id, body.as_str())).collect();
    tx.set_search_entries(&entries).await?;
    let report_texts: Vec<(i64, String)> =
        reports.iter().map(|report| (report.id, crate::reports::search_body(&report.content))).collect();
    let entries: Vec<(i64, &str)> = report_texts.iter().map(|(id, body)| (*id, body.as_str())).collect();
    tx.set_report_search_entries(&entries).await?;
    summary.projects += projects.len();
    summary.budgets += budgets.len();
    summary.reports += reports.len();
    Ok(())
}
