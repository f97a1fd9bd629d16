//! Bulk loading for generated portfolios (the benchmark's 20,000 projects):
//! multi-row inserts in batches, far faster than one statement per row.
//!
//! The rows are the ones the one-row writes (`insert_project`, `upsert_budget`,
//! `insert_report` and the status changes) store: the same columns, derived the
//! same way (`ReportColumns` is shared with `write_report_content`), and the same
//! child rows. The caller (`tidtam_service::bulk`) computes forms and findings as
//! the use cases do and refreshes `portfolio_summary` once at the end.

use tidtam_domain::Baht;
use tidtam_domain::finding::Finding;
use tidtam_domain::form::ReportForm;
use tidtam_domain::label_key;
use tidtam_domain::model::{BudgetYear, ProjectInput, ReportContent};
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::workflow::ReportStatus;

use crate::report::ReportColumns;
use crate::{Backend, Result, Tx, micros, with_conn};

/// A project to store under a chosen id.
#[derive(Clone, Debug)]
pub struct BulkProject {
    pub id: i64,
    pub agency_id: i64,
    pub owner_division_id: Option<i64>,
    pub fields: ProjectInput,
    pub at: jiff::Timestamp,
}

/// A quarterly report to store under a chosen id, in its final workflow state.
#[derive(Clone, Debug)]
pub struct BulkReport {
    pub id: i64,
    pub project_id: i64,
    pub fiscal_year: FiscalYear,
    pub quarter: Quarter,
    pub status: ReportStatus,
    /// 1 plus the number of changes that led to `status` (as the use cases count).
    pub version: i64,
    pub content: ReportContent,
    pub form: ReportForm,
    pub findings: Vec<Finding>,
    pub created_at: jiff::Timestamp,
    pub submitted_at: Option<jiff::Timestamp>,
    pub approved_at: Option<jiff::Timestamp>,
    pub updated_at: jiff::Timestamp,
}

const BATCH: usize = 1000;

impl Tx {
    /// The next free project id.
    pub async fn next_project_id(&mut self) -> Result<i64> {
        self.next_id("project").await
    }

    /// The next free report id.
    pub async fn next_report_id(&mut self) -> Result<i64> {
        self.next_id("report").await
    }

    async fn next_id(&mut self, table: &'static str) -> Result<i64> {
        let sql = format!("SELECT MAX(id) FROM {table}");
        let max = with_conn!(self, |conn| sqlx::query_scalar::<_, Option<i64>>(sqlx::AssertSqlSafe(sql.clone()))
            .fetch_one(&mut *conn)
            .await?);
        Ok(max.unwrap_or(0) + 1)
    }

    /// After rows were stored under chosen ids: PostgreSQL's sequence continues after them.
    async fn advance_sequence(&mut self, table: &'static str) -> Result<()> {
        if self.backend() == Backend::Postgres {
            let sql = format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))");
            with_conn!(self, |conn| {
                sqlx::query(sqlx::AssertSqlSafe(sql.clone())).execute(&mut *conn).await?;
            });
        }
        Ok(())
    }

    pub async fn bulk_insert_projects(&mut self, projects: &[BulkProject]) -> Result<()> {
        for chunk in projects.chunks(BATCH) {
            with_conn!(self, |conn| {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO project (id, agency_id, owner_division_id, code, name, name_key, budget_source, value_satang, \
                     start_year, end_year, objectives, summary, area, nationwide, responsible, published, created_at, updated_at) ",
                );
                query.push_values(chunk, |mut row, project| {
                    let input = &project.fields;
                    row.push_bind(project.id)
                        .push_bind(project.agency_id)
                        .push_bind(project.owner_division_id)
                        .push_bind(input.code.clone())
                        .push_bind(input.name.trim().to_string())
                        .push_bind(label_key(&input.name))
                        .push_bind(input.budget_source.clone())
                        .push_bind(input.value.map(Baht::satang))
                        .push_bind(i64::from(input.start_year.be()))
                        .push_bind(i64::from(input.end_year.be()))
                        .push_bind(serde_json::to_string(&input.objectives).expect("strings serialise"))
                        .push_bind(input.summary.clone())
                        .push_bind(input.area.clone())
                        .push_bind(input.nationwide)
                        .push_bind(serde_json::to_string(&input.responsible).expect("strings serialise"))
                        .push_bind(input.published)
                        .push_bind(micros(project.at))
                        .push_bind(micros(project.at));
                });
                query.build().execute(&mut *conn).await?;
                // Sorted and without repeats, as `replace_project_links` stores them.
                let links = |ids: &dyn Fn(&BulkProject) -> Vec<i64>| -> Vec<(i64, i64)> {
                    chunk
                        .iter()
                        .flat_map(|p| {
                            let mut ids = ids(p);
                            ids.sort_unstable();
                            ids.dedup();
                            ids.into_iter().map(|id| (p.id, id))
                        })
                        .collect()
                };
                let provinces = links(&|p| p.fields.provinces.iter().map(|c| i64::from(*c)).collect());
                for links in provinces.chunks(BATCH * 4) {
                    let mut query =
                        sqlx::QueryBuilder::new("INSERT INTO project_province (project_id, province_code) ");
                    query.push_values(links, |mut row, (project_id, code)| {
                        row.push_bind(*project_id).push_bind(*code);
                    });
                    query.build().execute(&mut *conn).await?;
                }
                let strategies = links(&|p| p.fields.strategy_ids.clone());
                for links in strategies.chunks(BATCH * 4) {
                    let mut query = sqlx::QueryBuilder::new("INSERT INTO project_strategy (project_id, strategy_id) ");
                    query.push_values(links, |mut row, (project_id, strategy_id)| {
                        row.push_bind(*project_id).push_bind(*strategy_id);
                    });
                    query.build().execute(&mut *conn).await?;
                }
            });
        }
        self.advance_sequence("project").await
    }

    pub async fn bulk_insert_budgets(&mut self, budgets: &[BudgetYear]) -> Result<()> {
        for chunk in budgets.chunks(BATCH * 2) {
            with_conn!(self, |conn| {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO budget_year (project_id, fiscal_year, allocated, contracted, carried_over) ",
                );
                query.push_values(chunk, |mut row, budget| {
                    row.push_bind(budget.project_id)
                        .push_bind(i64::from(budget.fiscal_year.be()))
                        .push_bind(budget.allocated.satang())
                        .push_bind(budget.contracted.satang())
                        .push_bind(budget.carried_over.satang());
                });
                query.build().execute(&mut *conn).await?;
            });
        }
        Ok(())
    }

    /// Stores reports with their child rows (activity and KPI results, problems, findings).
    pub async fn bulk_insert_reports(&mut self, reports: &[BulkReport]) -> Result<()> {
        for chunk in reports.chunks(BATCH) {
            let columns = chunk
                .iter()
                .map(|report| ReportColumns::of(&report.content, &report.form, &report.findings))
                .collect::<Result<Vec<_>>>()?;
            let rows: Vec<(&BulkReport, &ReportColumns)> = chunk.iter().zip(&columns).collect();
            with_conn!(self, |conn| {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO report (id, project_id, fiscal_year, quarter, status, progress_percent, allocated, contracted, \
                     disbursed, summary, problems_text, recommendations, kpi_total, kpi_achieved, finding_count, form, \
                     submitted_at, approved_at, created_at, updated_at, version) ",
                );
                query.push_values(&rows, |mut row, (report, columns)| {
                    let content = &report.content;
                    row.push_bind(report.id)
                        .push_bind(report.project_id)
                        .push_bind(i64::from(report.fiscal_year.be()))
                        .push_bind(i64::from(report.quarter.number()))
                        .push_bind(report.status.as_str())
                        .push_bind(content.progress_percent)
                        .push_bind(content.allocated.map(Baht::satang))
                        .push_bind(content.contracted.map(Baht::satang))
                        .push_bind(content.disbursed.map(Baht::satang))
                        .push_bind(content.summary.clone())
                        .push_bind(content.problems_text.clone())
                        .push_bind(content.recommendations.clone())
                        .push_bind(columns.kpi_total)
                        .push_bind(columns.kpi_achieved)
                        .push_bind(columns.finding_count)
                        .push_bind(columns.form_json.clone())
                        .push_bind(report.submitted_at.map(micros))
                        .push_bind(report.approved_at.map(micros))
                        .push_bind(micros(report.created_at))
                        .push_bind(micros(report.updated_at))
                        .push_bind(report.version);
                });
                query.build().execute(&mut *conn).await?;

                let activities: Vec<(i64, i64, &str, &str)> = chunk
                    .iter()
                    .flat_map(|r| {
                        r.content
                            .activity_results
                            .iter()
                            .enumerate()
                            .map(|(seq, a)| (r.id, seq as i64, a.activity_name.as_str(), a.text.as_str()))
                    })
                    .collect();
                for part in activities.chunks(BATCH * 4) {
                    let mut query =
                        sqlx::QueryBuilder::new("INSERT INTO report_activity (report_id, seq, activity_name, text) ");
                    query.push_values(part, |mut row, (id, seq, name, text)| {
                        row.push_bind(*id).push_bind(*seq).push_bind(name.to_string()).push_bind(text.to_string());
                    });
                    query.build().execute(&mut *conn).await?;
                }

                let kpis: Vec<(i64, i64, &tidtam_domain::model::KpiResult)> = chunk
                    .iter()
                    .flat_map(|r| r.content.kpi_results.iter().enumerate().map(|(seq, k)| (r.id, seq as i64, k)))
                    .collect();
                for part in kpis.chunks(BATCH * 4) {
                    let mut query = sqlx::QueryBuilder::new(
                        "INSERT INTO report_kpi (report_id, seq, kpi_name, kind, target_text, result_text, achieved) ",
                    );
                    query.push_values(part, |mut row, (id, seq, kpi)| {
                        row.push_bind(*id)
                            .push_bind(*seq)
                            .push_bind(kpi.kpi_name.clone())
                            .push_bind(kpi.kind.as_str())
                            .push_bind(kpi.target_text.clone())
                            .push_bind(kpi.result_text.clone())
                            .push_bind(kpi.achieved);
                    });
                    query.build().execute(&mut *conn).await?;
                }

                let problems: Vec<(i64, i64, &tidtam_domain::model::Problem)> = chunk
                    .iter()
                    .flat_map(|r| r.content.problems.iter().enumerate().map(|(seq, p)| (r.id, seq as i64, p)))
                    .collect();
                for part in problems.chunks(BATCH * 4) {
                    let mut query =
                        sqlx::QueryBuilder::new("INSERT INTO report_problem (report_id, seq, cause, text) ");
                    query.push_values(part, |mut row, (id, seq, problem)| {
                        row.push_bind(*id)
                            .push_bind(*seq)
                            .push_bind(problem.cause.as_str())
                            .push_bind(problem.text.clone());
                    });
                    query.build().execute(&mut *conn).await?;
                }

                let findings: Vec<(i64, i64, &Finding)> = chunk
                    .iter()
                    .flat_map(|r| r.findings.iter().enumerate().map(|(seq, f)| (r.id, seq as i64, f)))
                    .collect();
                for part in findings.chunks(BATCH * 3) {
                    let mut query = sqlx::QueryBuilder::new(
                        "INSERT INTO report_finding (report_id, seq, rule, severity, line, message_th, message_en) ",
                    );
                    query.push_values(part, |mut row, (id, seq, finding)| {
                        row.push_bind(*id)
                            .push_bind(*seq)
                            .push_bind(finding.rule.id())
                            .push_bind(finding.severity.as_str())
                            .push_bind(i64::try_from(finding.line).unwrap_or(i64::MAX))
                            .push_bind(finding.message_th.clone())
                            .push_bind(finding.message_en.clone());
                    });
                    query.build().execute(&mut *conn).await?;
                }
            });
        }
        self.advance_sequence("report").await
    }

    /// Refreshes planner statistics after a bulk load.
    pub async fn analyze(&mut self) -> Result<()> {
        with_conn!(self, |conn| {
            sqlx::query("ANALYZE").execute(&mut *conn).await?;
        });
        Ok(())
    }
}
