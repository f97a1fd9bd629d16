//! Bulk loading for generated portfolios (the benchmark's 20,000 projects):
//! multi-row inserts in batches, far faster than one statement per row.

use crate::{Backend, Result, Tx, with_conn};

/// A generated project with its links.
#[derive(Clone, Debug)]
pub struct BulkProject {
    pub id: i64,
    pub agency_id: i64,
    pub owner_division_id: Option<i64>,
    pub name: String,
    pub start_year: i64,
    pub end_year: i64,
    pub value_satang: i64,
    pub published: bool,
    pub provinces: Vec<i64>,
    pub strategy_ids: Vec<i64>,
}

/// A generated budget year.
#[derive(Clone, Debug)]
pub struct BulkBudget {
    pub project_id: i64,
    pub fiscal_year: i64,
    pub allocated: i64,
    pub contracted: i64,
}

/// A generated quarterly report (no child rows; the counters carry KPI and findings totals).
#[derive(Clone, Debug)]
pub struct BulkReport {
    pub project_id: i64,
    pub fiscal_year: i64,
    pub quarter: i64,
    pub status: &'static str,
    pub progress_percent: f64,
    pub allocated: i64,
    pub contracted: i64,
    pub disbursed: i64,
    pub kpi_total: i64,
    pub kpi_achieved: i64,
    pub finding_count: i64,
    pub submitted_at: Option<i64>,
    pub at: i64,
}

const BATCH: usize = 1000;

impl Tx {
    /// The next free project id.
    pub async fn next_project_id(&mut self) -> Result<i64> {
        let max = with_conn!(self, |conn| sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM project")
            .fetch_one(&mut *conn)
            .await?);
        Ok(max.unwrap_or(0) + 1)
    }

    pub async fn bulk_insert_projects(&mut self, projects: &[BulkProject], at: i64) -> Result<()> {
        for chunk in projects.chunks(BATCH) {
            with_conn!(self, |conn| {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO project (id, agency_id, owner_division_id, name, name_key, value_satang, start_year, end_year, published, created_at, updated_at) ",
                );
                query.push_values(chunk, |mut row, project| {
                    row.push_bind(project.id)
                        .push_bind(project.agency_id)
                        .push_bind(project.owner_division_id)
                        .push_bind(project.name.clone())
                        .push_bind(tidtam_domain::label_key(&project.name))
                        .push_bind(project.value_satang)
                        .push_bind(project.start_year)
                        .push_bind(project.end_year)
                        .push_bind(project.published)
                        .push_bind(at)
                        .push_bind(at);
                });
                query.build().execute(&mut *conn).await?;
                let provinces: Vec<(i64, i64)> =
                    chunk.iter().flat_map(|p| p.provinces.iter().map(|c| (p.id, *c))).collect();
                for links in provinces.chunks(BATCH * 4) {
                    let mut query =
                        sqlx::QueryBuilder::new("INSERT INTO project_province (project_id, province_code) ");
                    query.push_values(links, |mut row, (project_id, code)| {
                        row.push_bind(*project_id).push_bind(*code);
                    });
                    query.build().execute(&mut *conn).await?;
                }
                let strategies: Vec<(i64, i64)> =
                    chunk.iter().flat_map(|p| p.strategy_ids.iter().map(|s| (p.id, *s))).collect();
                for links in strategies.chunks(BATCH * 4) {
                    let mut query = sqlx::QueryBuilder::new("INSERT INTO project_strategy (project_id, strategy_id) ");
                    query.push_values(links, |mut row, (project_id, strategy_id)| {
                        row.push_bind(*project_id).push_bind(*strategy_id);
                    });
                    query.build().execute(&mut *conn).await?;
                }
            });
        }
        if self.backend() == Backend::Postgres {
            with_conn!(self, |conn| {
                sqlx::query("SELECT setval(pg_get_serial_sequence('project', 'id'), (SELECT MAX(id) FROM project))")
                    .execute(&mut *conn)
                    .await?;
            });
        }
        Ok(())
    }

    pub async fn bulk_insert_budgets(&mut self, budgets: &[BulkBudget]) -> Result<()> {
        for chunk in budgets.chunks(BATCH * 2) {
            with_conn!(self, |conn| {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO budget_year (project_id, fiscal_year, allocated, contracted, carried_over) ",
                );
                query.push_values(chunk, |mut row, budget| {
                    row.push_bind(budget.project_id)
                        .push_bind(budget.fiscal_year)
                        .push_bind(budget.allocated)
                        .push_bind(budget.contracted)
                        .push_bind(0_i64);
                });
                query.build().execute(&mut *conn).await?;
            });
        }
        Ok(())
    }

    pub async fn bulk_insert_reports(&mut self, reports: &[BulkReport]) -> Result<()> {
        for chunk in reports.chunks(BATCH) {
            with_conn!(self, |conn| {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO report (project_id, fiscal_year, quarter, status, progress_percent, allocated, contracted, disbursed, \
                     kpi_total, kpi_achieved, finding_count, submitted_at, approved_at, created_at, updated_at) ",
                );
                query.push_values(chunk, |mut row, report| {
                    row.push_bind(report.project_id)
                        .push_bind(report.fiscal_year)
                        .push_bind(report.quarter)
                        .push_bind(report.status)
                        .push_bind(report.progress_percent)
                        .push_bind(report.allocated)
                        .push_bind(report.contracted)
                        .push_bind(report.disbursed)
                        .push_bind(report.kpi_total)
                        .push_bind(report.kpi_achieved)
                        .push_bind(report.finding_count)
                        .push_bind(report.submitted_at)
                        .push_bind((report.status == "approved").then_some(report.at))
                        .push_bind(report.at)
                        .push_bind(report.at);
                });
                query.build().execute(&mut *conn).await?;
            });
        }
        Ok(())
    }

    /// Refreshes planner statistics after a bulk load.
    pub async fn analyze(&mut self) -> Result<()> {
        with_conn!(self, |conn| {
            sqlx::query("ANALYZE").execute(&mut *conn).await?;
        });
        Ok(())
    }
}
