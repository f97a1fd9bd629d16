//! The portfolio aggregate: money, progress, KPI achievement and findings per
//! strategy, division, province or quarter of one fiscal year.

use serde::{Deserialize, Serialize};
use tidtam_domain::period::{FiscalYear, Quarter};

use crate::project::PROJECT_SCOPE;
use crate::{ReadScope, Result, Tx, scope_params, with_conn};

/// What to group by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// One row for everything visible.
    Total,
    Strategy,
    Division,
    Province,
    Quarter,
}

/// Which slice of the portfolio to aggregate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortfolioFilter {
    pub fiscal_year: FiscalYear,
    /// Figures as of the end of this quarter (each project's latest report up to
    /// it); `None`: the latest report of the year. Ignored by [`GroupBy::Quarter`].
    pub quarter: Option<Quarter>,
    pub group_by: GroupBy,
}

/// One group's totals. Amounts are satang.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PortfolioRow {
    /// Strategy id, division id, province code or quarter number; `None` for
    /// projects with no division (or for the total row). Province `0` means no province given.
    pub group_id: Option<i64>,
    pub label: Option<String>,
    pub projects: i64,
    pub reports: i64,
    pub allocated: i64,
    pub contracted: i64,
    pub disbursed: i64,
    pub average_progress: Option<f64>,
    pub kpi_measured: i64,
    pub kpi_achieved: i64,
    pub findings: i64,
}

impl Tx {
    pub async fn portfolio(&mut self, scope: ReadScope, filter: PortfolioFilter) -> Result<Vec<PortfolioRow>> {
        let (scope_kind, scope_id) = scope_params(scope);
        let public = "($1 <> 'published' OR r.status = 'approved')";
        let scoped = format!(
            "SELECT p.id, p.owner_division_id FROM project p WHERE {PROJECT_SCOPE} AND p.start_year <= $3 AND p.end_year >= $3"
        );
        let base = if filter.group_by == GroupBy::Quarter {
            format!(
                "SELECT s.id AS project_id, s.owner_division_id, r.quarter AS quarter, b.allocated, b.contracted, r.progress_percent, \
                 r.disbursed, r.kpi_total, r.kpi_achieved, r.finding_count, r.id AS report_id \
                 FROM ({scoped}) s JOIN report r ON r.project_id = s.id AND r.fiscal_year = $3 AND {public} \
                 LEFT JOIN budget_year b ON b.project_id = s.id AND b.fiscal_year = $3"
            )
        } else {
            // Each project's latest report up to the quarter: one index probe per
            // project on report(project_id, fiscal_year, quarter).
            format!(
                "SELECT s.id AS project_id, s.owner_division_id, r.quarter AS quarter, b.allocated, b.contracted, r.progress_percent, \
                 r.disbursed, r.kpi_total, r.kpi_achieved, r.finding_count, r.id AS report_id \
                 FROM ({scoped}) s LEFT JOIN budget_year b ON b.project_id = s.id AND b.fiscal_year = $3 \
                 LEFT JOIN report r ON r.project_id = s.id AND r.fiscal_year = $3 AND r.quarter = ( \
                   SELECT MAX(r2.quarter) FROM report r2 WHERE r2.project_id = s.id AND r2.fiscal_year = $3 AND r2.quarter <= $4 \
                   AND ($1 <> 'published' OR r2.status = 'approved'))"
            )
        };
        let (key, label, join) = match filter.group_by {
            GroupBy::Total => ("CAST(NULL AS BIGINT)", "CAST(NULL AS TEXT)", String::new()),
            GroupBy::Quarter => ("base.quarter", "CAST(NULL AS TEXT)", String::new()),
            GroupBy::Division => ("base.owner_division_id", "MAX(o.name)", "LEFT JOIN org_unit o ON o.id = base.owner_division_id".to_string()),
            GroupBy::Strategy => (
                "ps.strategy_id",
                "MAX(st.name)",
                "JOIN project_strategy ps ON ps.project_id = base.project_id JOIN strategy st ON st.id = ps.strategy_id".to_string(),
            ),
            GroupBy::Province => (
                "COALESCE(pp.province_code, 0)",
                "CAST(NULL AS TEXT)",
                "LEFT JOIN project_province pp ON pp.project_id = base.project_id".to_string(),
            ),
        };
        let group = if filter.group_by == GroupBy::Total { String::new() } else { format!("GROUP BY {key}") };
        let sql = format!(
            "SELECT {key} AS group_id, {label} AS label, COUNT(DISTINCT base.project_id) AS projects, COUNT(base.report_id) AS reports, \
             CAST(COALESCE(SUM(base.allocated), 0) AS BIGINT) AS allocated, CAST(COALESCE(SUM(base.contracted), 0) AS BIGINT) AS contracted, \
             CAST(COALESCE(SUM(base.disbursed), 0) AS BIGINT) AS disbursed, CAST(AVG(base.progress_percent) AS DOUBLE PRECISION) AS average_progress, \
             CAST(COALESCE(SUM(base.kpi_total), 0) AS BIGINT) AS kpi_measured, CAST(COALESCE(SUM(base.kpi_achieved), 0) AS BIGINT) AS kpi_achieved, \
             CAST(COALESCE(SUM(base.finding_count), 0) AS BIGINT) AS findings \
             FROM ({base}) base {join} {group} ORDER BY 1"
        );
        type Row = (Option<i64>, Option<String>, i64, i64, i64, i64, i64, Option<f64>, i64, i64, i64);
        let rows = with_conn!(self, |conn| {
            sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
                .bind(scope_kind)
                .bind(scope_id)
                .bind(i64::from(filter.fiscal_year.be()))
                .bind(filter.quarter.map_or(4, |q| i64::from(q.number())))
                .fetch_all(&mut *conn)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(
                    group_id,
                    label,
                    projects,
                    reports,
                    allocated,
                    contracted,
                    disbursed,
                    average_progress,
                    kpi_measured,
                    kpi_achieved,
                    findings,
                )| {
                    PortfolioRow {
                        group_id,
                        label,
                        projects,
                        reports,
                        allocated,
                        contracted,
                        disbursed,
                        average_progress,
                        kpi_measured,
                        kpi_achieved,
                        findings,
                    }
                },
            )
            .collect())
    }
}
