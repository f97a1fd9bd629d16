//! The portfolio aggregate: money, progress, KPI achievement and findings per
//! strategy, division, province or quarter of one fiscal year.

use serde::{Deserialize, Serialize};
use tidtam_domain::period::{FiscalYear, Quarter};

use crate::{ReadScope, Result, Tx, scope_sql, with_conn};

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
    /// The budget source written on the project (งบประมาณแผ่นดิน, เงินกู้, …): labelled groups, no id.
    Source,
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
#[derive(Clone, Debug, PartialEq)]
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

/// The rows the portfolio summary must hold, computed from the base tables for
/// the projects that `project_filter` (a condition on `project`) selects. The
/// migration `20261124000003_portfolio_summary` backfills with the same text.
fn summary_select(project_filter: &str) -> String {
    format!(
        "WITH RECURSIVE years(project_id, fiscal_year) AS ( \
         SELECT id, start_year FROM project WHERE start_year <= end_year AND {project_filter} \
         UNION ALL \
         SELECT y.project_id, y.fiscal_year + 1 FROM years y JOIN project pe ON pe.id = y.project_id WHERE y.fiscal_year < pe.end_year), \
         base AS ( \
         SELECT y.fiscal_year, v.approved_only, q.as_of_quarter, p.id AS project_id, p.agency_id, p.owner_division_id, p.published, \
         b.allocated, b.contracted, r.id AS report_id, r.quarter AS report_quarter, r.progress_percent, r.disbursed, r.kpi_total, r.kpi_achieved, r.finding_count \
         FROM years y \
         JOIN project p ON p.id = y.project_id \
         CROSS JOIN (SELECT CAST(0 AS BIGINT) AS approved_only UNION ALL SELECT CAST(1 AS BIGINT)) v \
         CROSS JOIN (SELECT CAST(1 AS BIGINT) AS as_of_quarter UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) q \
         LEFT JOIN budget_year b ON b.project_id = p.id AND b.fiscal_year = y.fiscal_year \
         LEFT JOIN report r ON r.project_id = p.id AND r.fiscal_year = y.fiscal_year AND r.quarter = ( \
         SELECT MAX(r2.quarter) FROM report r2 \
         WHERE r2.project_id = p.id AND r2.fiscal_year = y.fiscal_year AND r2.quarter <= q.as_of_quarter \
         AND (v.approved_only = 0 OR r2.status = 'approved'))) \
         SELECT base.fiscal_year, base.approved_only, CAST(0 AS BIGINT) AS dimension, base.as_of_quarter, CAST(0 AS BIGINT) AS group_id, base.project_id, base.agency_id, base.owner_division_id, base.published, base.allocated, base.contracted, base.report_id, base.report_quarter, base.progress_percent, base.disbursed, base.kpi_total, base.kpi_achieved, base.finding_count FROM base \
         UNION ALL \
         SELECT base.fiscal_year, base.approved_only, CAST(1 AS BIGINT), base.as_of_quarter, CAST(COALESCE(base.owner_division_id, 0) AS BIGINT), base.project_id, base.agency_id, base.owner_division_id, base.published, base.allocated, base.contracted, base.report_id, base.report_quarter, base.progress_percent, base.disbursed, base.kpi_total, base.kpi_achieved, base.finding_count FROM base \
         UNION ALL \
         SELECT base.fiscal_year, base.approved_only, CAST(2 AS BIGINT), base.as_of_quarter, CAST(ps.strategy_id AS BIGINT), base.project_id, base.agency_id, base.owner_division_id, base.published, base.allocated, base.contracted, base.report_id, base.report_quarter, base.progress_percent, base.disbursed, base.kpi_total, base.kpi_achieved, base.finding_count \
         FROM base JOIN project_strategy ps ON ps.project_id = base.project_id \
         UNION ALL \
         SELECT base.fiscal_year, base.approved_only, CAST(3 AS BIGINT), base.as_of_quarter, CAST(COALESCE(pp.province_code, 0) AS BIGINT), base.project_id, base.agency_id, base.owner_division_id, base.published, base.allocated, base.contracted, base.report_id, base.report_quarter, base.progress_percent, base.disbursed, base.kpi_total, base.kpi_achieved, base.finding_count \
         FROM base LEFT JOIN project_province pp ON pp.project_id = base.project_id"
    )
}

const SUMMARY_COLUMNS: &str = "fiscal_year, approved_only, dimension, as_of_quarter, group_id, project_id, agency_id, owner_division_id, published, allocated, contracted, report_id, report_quarter, progress_percent, disbursed, kpi_total, kpi_achieved, finding_count";

/// One row of the portfolio summary, as compared by [`Tx::portfolio_summary_check`].
#[derive(Debug, PartialEq, sqlx::FromRow)]
struct SummaryRow {
    fiscal_year: i64,
    approved_only: i64,
    dimension: i64,
    as_of_quarter: i64,
    group_id: i64,
    project_id: i64,
    agency_id: i64,
    owner_division_id: Option<i64>,
    published: bool,
    allocated: Option<i64>,
    contracted: Option<i64>,
    report_id: Option<i64>,
    report_quarter: Option<i64>,
    progress_percent: Option<f64>,
    disbursed: Option<i64>,
    kpi_total: Option<i64>,
    kpi_achieved: Option<i64>,
    finding_count: Option<i64>,
}

impl Tx {
    /// Recomputes one project's rows of the portfolio summary. Every store write
    /// that changes a project, its budget years or its reports calls this (or
    /// [`Tx::refresh_report_summary`]) in the same transaction, so the summary is
    /// always equal to [`summary_select`] run from scratch.
    pub(crate) async fn refresh_project_summary(&mut self, project_id: i64) -> Result<()> {
        let insert = format!("INSERT INTO portfolio_summary ({SUMMARY_COLUMNS}) {}", summary_select("id = $1"));
        with_conn!(self, |conn| {
            sqlx::query("DELETE FROM portfolio_summary WHERE project_id = $1")
                .bind(project_id)
                .execute(&mut *conn)
                .await?;
            sqlx::query(sqlx::AssertSqlSafe(insert)).bind(project_id).execute(&mut *conn).await?;
        });
        self.bump_portfolio_generation().await
    }

    /// Marks the portfolio's aggregates as changed (see migration `portfolio_generation`).
    pub(crate) async fn bump_portfolio_generation(&mut self) -> Result<()> {
        let generation = with_conn!(self, |conn| {
            // An upsert: a database restored without the row counts on from 1.
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO portfolio_generation (id, generation) VALUES (1, 1) \
                 ON CONFLICT (id) DO UPDATE SET generation = portfolio_generation.generation + 1 \
                 RETURNING CAST(generation AS BIGINT)",
            )
            .fetch_one(&mut *conn)
            .await?
        });
        self.portfolio_generation = Some(generation);
        Ok(())
    }

    /// The portfolio's generation: equal on two reads only if nothing the
    /// aggregates show changed in between.
    pub async fn portfolio_generation(&mut self) -> Result<i64> {
        Ok(with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>("SELECT CAST(generation AS BIGINT) FROM portfolio_generation WHERE id = 1")
                .fetch_optional(&mut *conn)
                .await?
        })
        .unwrap_or(0))
    }

    /// [`Tx::refresh_project_summary`] for the project a report belongs to.
    pub(crate) async fn refresh_report_summary(&mut self, report_id: i64) -> Result<()> {
        let project_id = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>("SELECT project_id FROM report WHERE id = $1")
                .bind(report_id)
                .fetch_optional(&mut *conn)
                .await?
        });
        if let Some(project_id) = project_id {
            self.refresh_project_summary(project_id).await?;
        }
        Ok(())
    }

    /// Rebuilds the whole portfolio summary (after a bulk load).
    pub async fn rebuild_portfolio_summary(&mut self) -> Result<()> {
        let insert = format!("INSERT INTO portfolio_summary ({SUMMARY_COLUMNS}) {}", summary_select("TRUE"));
        with_conn!(self, |conn| {
            sqlx::query("DELETE FROM portfolio_summary").execute(&mut *conn).await?;
            sqlx::query(sqlx::AssertSqlSafe(insert)).execute(&mut *conn).await?;
        });
        self.bump_portfolio_generation().await
    }

    /// Compares the stored portfolio summary with a recomputation from the base
    /// tables; returns the number of rows and the rows that differ (stored, then
    /// recomputed), empty when the invariant holds.
    pub async fn portfolio_summary_check(&mut self) -> Result<(usize, Vec<String>)> {
        let order = "ORDER BY 1, 2, 3, 4, 5, 6";
        let stored_sql = format!("SELECT {SUMMARY_COLUMNS} FROM portfolio_summary {order}");
        let fresh_sql = format!("SELECT * FROM ({}) fresh {order}", summary_select("TRUE"));
        let (stored, fresh) = with_conn!(self, |conn| {
            let stored = sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(stored_sql)).fetch_all(&mut *conn).await?;
            let fresh = sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(fresh_sql)).fetch_all(&mut *conn).await?;
            (stored, fresh)
        });
        let mut differences = Vec::new();
        for index in 0..stored.len().max(fresh.len()) {
            let (a, b) = (stored.get(index), fresh.get(index));
            if a != b {
                differences.push(format!("stored {a:?} / recomputed {b:?}"));
            }
        }
        Ok((stored.len(), differences))
    }

    /// The aggregate, read from the portfolio summary: one GROUP BY over the
    /// contiguous primary-key range of one (fiscal year, visibility, dimension,
    /// as-of quarter), already in group order, with no join but the labels of
    /// the few groups. A project with several strategies or provinces counts in
    /// full in each of its groups; one with no province counts under province 0.
    pub async fn portfolio(&mut self, scope: ReadScope, filter: PortfolioFilter) -> Result<Vec<PortfolioRow>> {
        let (scope_condition, scope_id, approved_only) = scope_sql(scope);
        // Which reports the scope sees (the public: approved only) is the domain's decision.
        let visibility = "p.approved_only = $2";
        let (dimension, key, label, label_join) = match filter.group_by {
            GroupBy::Total => (0, "CAST(NULL AS BIGINT)", "CAST(NULL AS TEXT)", ""),
            GroupBy::Quarter => (0, "p.as_of_quarter", "CAST(NULL AS TEXT)", ""),
            GroupBy::Division => (1, "NULLIF(p.group_id, 0)", "o.name", "LEFT JOIN org_unit o ON o.id = g.group_id"),
            GroupBy::Strategy => (2, "p.group_id", "st.name", "JOIN strategy st ON st.id = g.group_id"),
            GroupBy::Province => (3, "p.group_id", "CAST(NULL AS TEXT)", ""),
            // Grouped on the project's own column: the total's rows joined to their project.
            GroupBy::Source => (0, "CAST(NULL AS BIGINT)", "g.source", ""),
        };
        let period = if filter.group_by == GroupBy::Quarter {
            // A report exists for exactly that quarter when the latest up to it is it.
            "p.report_quarter = p.as_of_quarter"
        } else {
            "p.as_of_quarter = $4"
        };
        let group = match filter.group_by {
            GroupBy::Total => "",
            GroupBy::Quarter => "GROUP BY p.as_of_quarter",
            GroupBy::Source => "GROUP BY pr.budget_source",
            _ => "GROUP BY p.group_id",
        };
        let (source_column, source_join) = if filter.group_by == GroupBy::Source {
            (", pr.budget_source AS source", "JOIN project pr ON pr.id = p.project_id")
        } else {
            ("", "")
        };
        let sql = format!(
            "SELECT CAST(g.group_id AS BIGINT) AS group_id, {label} AS label, g.projects, g.reports, g.allocated, g.contracted, g.disbursed, \
             g.average_progress, g.kpi_measured, g.kpi_achieved, g.findings FROM ( \
             SELECT {key} AS group_id, CAST(COUNT(*) AS BIGINT) AS projects, CAST(COUNT(p.report_id) AS BIGINT) AS reports, \
             CAST(COALESCE(SUM(p.allocated), 0) AS BIGINT) AS allocated, CAST(COALESCE(SUM(p.contracted), 0) AS BIGINT) AS contracted, \
             CAST(COALESCE(SUM(p.disbursed), 0) AS BIGINT) AS disbursed, CAST(AVG(p.progress_percent) AS DOUBLE PRECISION) AS average_progress, \
             CAST(COALESCE(SUM(p.kpi_total), 0) AS BIGINT) AS kpi_measured, CAST(COALESCE(SUM(p.kpi_achieved), 0) AS BIGINT) AS kpi_achieved, \
             CAST(COALESCE(SUM(p.finding_count), 0) AS BIGINT) AS findings{source_column} \
             FROM portfolio_summary p {source_join} \
             WHERE p.fiscal_year = $3 AND {visibility} AND p.dimension = {dimension} AND {period} AND {scope_condition} {group}) g \
             {label_join} ORDER BY 1, 2"
        );
        type Row = (Option<i64>, Option<String>, i64, i64, i64, i64, i64, Option<f64>, i64, i64, i64);
        let rows = with_conn!(self, |conn| {
            sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
                .bind(scope_id)
                .bind(approved_only)
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

impl Tx {
    /// How many projects' latest report as of `quarter` (the year's end when
    /// `None`) falls in each fifth of progress (band 0: below 20 %, … band 4:
    /// 80 % and above), from the portfolio summary as [`Tx::portfolio`] reads it.
    /// Projects without a report, or without a progress figure, are not counted.
    pub async fn progress_bands(
        &mut self,
        scope: ReadScope,
        fiscal_year: FiscalYear,
        quarter: Option<Quarter>,
    ) -> Result<[i64; 5]> {
        let (scope_condition, scope_id, approved_only) = scope_sql(scope);
        let sql = format!(
            "SELECT CAST(CASE WHEN p.progress_percent >= 80 THEN 4 WHEN p.progress_percent >= 60 THEN 3 \
             WHEN p.progress_percent >= 40 THEN 2 WHEN p.progress_percent >= 20 THEN 1 ELSE 0 END AS BIGINT) AS band, \
             CAST(COUNT(*) AS BIGINT) FROM portfolio_summary p \
             WHERE p.fiscal_year = $3 AND p.approved_only = $2 AND p.dimension = 0 AND p.as_of_quarter = $4 \
             AND p.progress_percent IS NOT NULL AND {scope_condition} GROUP BY 1"
        );
        let rows: Vec<(i64, i64)> = with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(scope_id)
                .bind(approved_only)
                .bind(i64::from(fiscal_year.be()))
                .bind(quarter.map_or(4, |q| i64::from(q.number())))
                .fetch_all(&mut *conn)
                .await?
        });
        let mut bands = [0; 5];
        for (band, count) in rows {
            if let Some(slot) = usize::try_from(band).ok().and_then(|band| bands.get_mut(band)) {
                *slot = count;
            }
        }
        Ok(bands)
    }

    /// The year's cumulative disbursement targets (per cent), by quarter.
    pub async fn disbursement_targets(&mut self, fiscal_year: FiscalYear) -> Result<Vec<(Quarter, f64)>> {
        let rows: Vec<(i64, f64)> = with_conn!(self, |conn| {
            sqlx::query_as(
                "SELECT CAST(quarter AS BIGINT), CAST(percent AS DOUBLE PRECISION) FROM disbursement_target \
                 WHERE fiscal_year = $1 ORDER BY quarter",
            )
            .bind(i64::from(fiscal_year.be()))
            .fetch_all(&mut *conn)
            .await?
        });
        Ok(rows
            .into_iter()
            .filter_map(|(quarter, percent)| Some((Quarter::from_number(u8::try_from(quarter).ok()?)?, percent)))
            .collect())
    }

    /// Replaces the year's targets (a quarter without one is removed).
    pub async fn set_disbursement_targets(
        &mut self,
        fiscal_year: FiscalYear,
        targets: &[(Quarter, Option<f64>)],
    ) -> Result<()> {
        for (quarter, percent) in targets {
            let (year, quarter) = (i64::from(fiscal_year.be()), i64::from(quarter.number()));
            with_conn!(self, |conn| {
                sqlx::query("DELETE FROM disbursement_target WHERE fiscal_year = $1 AND quarter = $2")
                    .bind(year)
                    .bind(quarter)
                    .execute(&mut *conn)
                    .await?;
                if let Some(percent) = percent {
                    sqlx::query("INSERT INTO disbursement_target (fiscal_year, quarter, percent) VALUES ($1, $2, $3)")
                        .bind(year)
                        .bind(quarter)
                        .bind(*percent)
                        .execute(&mut *conn)
                        .await?;
                }
            });
        }
        // The risk figures the dashboard keeps read the targets.
        self.bump_portfolio_generation().await
    }
}

impl Tx {
    /// Every visible project's figures as of `quarter` of `fiscal_year`, as the
    /// domain's risk rules (`tidtam_domain::risk`) read them, from the portfolio
    /// summary (one row a project) and the year's target for the quarter.
    pub async fn risk_figures(
        &mut self,
        scope: ReadScope,
        fiscal_year: FiscalYear,
        quarter: Quarter,
    ) -> Result<Vec<(i64, tidtam_domain::risk::RiskFigures)>> {
        let (scope_condition, scope_id, approved_only) = scope_sql(scope);
        let sql = format!(
            "SELECT p.project_id, CAST(COALESCE(p.allocated, 0) AS BIGINT), CAST(COALESCE(p.contracted, 0) AS BIGINT), \
             CAST(COALESCE(p.disbursed, 0) AS BIGINT), CAST(p.progress_percent AS DOUBLE PRECISION), \
             p.report_quarter = p.as_of_quarter AND p.report_quarter IS NOT NULL, CAST(COALESCE(p.finding_count, 0) AS BIGINT) \
             FROM portfolio_summary p \
             WHERE p.fiscal_year = $3 AND p.approved_only = $2 AND p.dimension = 0 AND p.as_of_quarter = $4 AND {scope_condition} \
             ORDER BY p.project_id"
        );
        type Row = (i64, i64, i64, i64, Option<f64>, Option<bool>, i64);
        let rows: Vec<Row> = with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(scope_id)
                .bind(approved_only)
                .bind(i64::from(fiscal_year.be()))
                .bind(i64::from(quarter.number()))
                .fetch_all(&mut *conn)
                .await?
        });
        let target = self
            .disbursement_targets(fiscal_year)
            .await?
            .into_iter()
            .find(|(q, _)| *q == quarter)
            .map(|(_, percent)| percent);
        Ok(rows
            .into_iter()
            .map(|(project_id, allocated, contracted, disbursed, progress, has_report, findings)| {
                let figures = tidtam_domain::risk::RiskFigures {
                    allocated_satang: allocated,
                    contracted_satang: contracted,
                    disbursed_satang: disbursed,
                    progress_percent: progress,
                    has_report: has_report.unwrap_or(false),
                    findings,
                    target_percent: target,
                };
                (project_id, figures)
            })
            .collect())
    }
}
