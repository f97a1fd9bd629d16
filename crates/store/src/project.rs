//! Projects with their provinces, strategies, activities, instalments, KPIs and budgets.

use serde::Serialize;
use tidtam_domain::Baht;
use tidtam_domain::label_key;
use tidtam_domain::model::{Activity, BudgetYear, Instalment, Kpi, KpiKind, KpiTarget, Project, ProjectInput};
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::risk::Risk;
use tidtam_domain::workflow::ReportStatus;

use crate::rows::{date, fiscal_year, json_list, money, parse_enum};
use crate::{PageRequest, ReadScope, Result, StoreError, Tx, micros, scope_sql, with_conn};

/// The scope clause over a project aliased `p`; parameters `$1` (kind) and `$2` (id).
#[derive(sqlx::FromRow)]
struct ProjectRow {
    id: i64,
    agency_id: i64,
    owner_division_id: Option<i64>,
    code: Option<String>,
    name: String,
    budget_source: Option<String>,
    value_satang: Option<i64>,
    start_year: i64,
    end_year: i64,
    objectives: String,
    summary: Option<String>,
    area: Option<String>,
    nationwide: bool,
    responsible: String,
    published: bool,
    version: i64,
}

/// A project as listed: enough to show a row and decide access.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct ProjectSummary {
    pub id: i64,
    pub agency_id: i64,
    pub owner_division_id: Option<i64>,
    pub code: Option<String>,
    pub name: String,
    pub start_year: i64,
    pub end_year: i64,
    pub published: bool,
    pub version: i64,
}

/// Conditions on a project list; `None` means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectFilter {
    pub agency_id: Option<i64>,
    pub division_id: Option<i64>,
    pub fiscal_year: Option<FiscalYear>,
    pub province_code: Option<u8>,
    pub strategy_id: Option<i64>,
    /// Restrict to these ids (full-text search results).
    pub ids: Option<Vec<i64>>,
    /// Exactly this budget source (as written on the form, e.g. "งบประมาณแผ่นดิน").
    pub budget_source: Option<String>,
    /// Where the project's report of that quarter is in the workflow, or that
    /// there is none; the public sees approved reports only.
    pub report_state: Option<(FiscalYear, Quarter, QuarterReport)>,
    /// At risk for this reason as of that quarter (the rule is the domain's
    /// `Risk::holds`, applied to [`Tx::risk_figures`]).
    pub risk: Option<(FiscalYear, Quarter, Risk)>,
    pub sort: ProjectSort,
}

/// Where a project's report of one quarter is: missing, or in a workflow state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuarterReport {
    Missing,
    Is(ReportStatus),
}

/// The order of a project list: a column and a direction (ties by id).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProjectSort {
    pub key: ProjectSortKey,
    pub descending: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProjectSortKey {
    #[default]
    Id,
    Name,
    Code,
    StartYear,
}

impl ProjectSort {
    /// The ORDER BY text: fixed strings only, never user input.
    fn order_by(self) -> &'static str {
        match (self.key, self.descending) {
            (ProjectSortKey::Id, false) => "p.id",
            (ProjectSortKey::Id, true) => "p.id DESC",
            (ProjectSortKey::Name, false) => "p.name, p.id",
            (ProjectSortKey::Name, true) => "p.name DESC, p.id",
            (ProjectSortKey::Code, false) => "p.code, p.id",
            (ProjectSortKey::Code, true) => "p.code DESC, p.id",
            (ProjectSortKey::StartYear, false) => "p.start_year, p.id",
            (ProjectSortKey::StartYear, true) => "p.start_year DESC, p.id",
        }
    }
}

const PROJECT_COLUMNS: &str = "p.id, p.agency_id, p.owner_division_id, p.code, p.name, p.budget_source, p.value_satang, \
     p.start_year, p.end_year, p.objectives, p.summary, p.area, p.nationwide, p.responsible, p.published, p.version";

impl Tx {
    pub async fn insert_project(
        &mut self,
        agency_id: i64,
        owner_division_id: Option<i64>,
        input: &ProjectInput,
        now: jiff::Timestamp,
    ) -> Result<i64> {
        let objectives = serde_json::to_string(&input.objectives).expect("strings serialise");
        let responsible = serde_json::to_string(&input.responsible).expect("strings serialise");
        let id = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO project (agency_id, owner_division_id, code, name, name_key, budget_source, value_satang, start_year, \
                 end_year, objectives, summary, area, nationwide, responsible, published, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
            )
            .bind(agency_id)
            .bind(owner_division_id)
            .bind(input.code.as_deref())
            .bind(input.name.trim())
            .bind(label_key(&input.name))
            .bind(input.budget_source.as_deref())
            .bind(input.value.map(Baht::satang))
            .bind(i64::from(input.start_year.be()))
            .bind(i64::from(input.end_year.be()))
            .bind(&objectives)
            .bind(input.summary.as_deref())
            .bind(input.area.as_deref())
            .bind(input.nationwide)
            .bind(&responsible)
            .bind(input.published)
            .bind(micros(now))
            .fetch_one(&mut *conn)
            .await?
        });
        self.replace_project_links(id, input).await?;
        self.refresh_project_summary(id).await?;
        Ok(id)
    }

    async fn replace_project_links(&mut self, id: i64, input: &ProjectInput) -> Result<()> {
        with_conn!(self, |conn| {
            sqlx::query("DELETE FROM project_province WHERE project_id = $1").bind(id).execute(&mut *conn).await?;
            sqlx::query("DELETE FROM project_strategy WHERE project_id = $1").bind(id).execute(&mut *conn).await?;
            let mut provinces = input.provinces.clone();
            provinces.sort_unstable();
            provinces.dedup();
            for code in provinces {
                sqlx::query("INSERT INTO project_province (project_id, province_code) VALUES ($1, $2)")
                    .bind(id)
                    .bind(i64::from(code))
                    .execute(&mut *conn)
                    .await?;
            }
            let mut strategies = input.strategy_ids.clone();
            strategies.sort_unstable();
            strategies.dedup();
            for strategy_id in strategies {
                sqlx::query("INSERT INTO project_strategy (project_id, strategy_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(strategy_id)
                    .execute(&mut *conn)
                    .await?;
            }
        });
        Ok(())
    }

    pub async fn project(&mut self, id: i64) -> Result<Project> {
        let sql = format!("SELECT {PROJECT_COLUMNS} FROM project p WHERE p.id = $1");
        let (row, provinces, strategies) = with_conn!(self, |conn| {
            let row =
                sqlx::query_as::<_, ProjectRow>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?;
            let provinces = sqlx::query_scalar::<_, i64>(
                "SELECT province_code FROM project_province WHERE project_id = $1 ORDER BY province_code",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
            let strategies = sqlx::query_scalar::<_, i64>(
                "SELECT strategy_id FROM project_strategy WHERE project_id = $1 ORDER BY strategy_id",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
            (row, provinces, strategies)
        });
        let row = row.ok_or(StoreError::NotFound)?;
        Ok(Project {
            id: row.id,
            agency_id: row.agency_id,
            owner_division_id: row.owner_division_id,
            fields: ProjectInput {
                code: row.code,
                name: row.name,
                budget_source: row.budget_source,
                value: money(row.value_satang),
                start_year: fiscal_year(row.start_year)?,
                end_year: fiscal_year(row.end_year)?,
                objectives: json_list(&row.objectives)?,
                summary: row.summary,
                area: row.area,
                nationwide: row.nationwide,
                provinces: provinces.into_iter().map(|code| code as u8).collect(),
                responsible: json_list(&row.responsible)?,
                strategy_ids: strategies,
                published: row.published,
            },
            version: row.version,
        })
    }

    /// The project of an agency with the same [`name_key`], if any.
    pub async fn find_project(&mut self, agency_id: i64, name: &str) -> Result<Option<i64>> {
        let id = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>("SELECT id FROM project WHERE agency_id = $1 AND name_key = $2")
                .bind(agency_id)
                .bind(label_key(name))
                .fetch_optional(&mut *conn)
                .await?
        });
        Ok(id)
    }

    /// Current version of a record in `table`, or `NotFound`.
    pub(crate) async fn current_version(&mut self, table: &'static str, id: i64) -> Result<i64> {
        let sql = format!("SELECT version FROM {table} WHERE id = $1");
        let version = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?
        });
        version.ok_or(StoreError::NotFound)
    }

    /// Updates a project if it is still at `expected_version`; returns the new version.
    pub async fn update_project(
        &mut self,
        id: i64,
        expected_version: i64,
        owner_division_id: Option<i64>,
        input: &ProjectInput,
        now: jiff::Timestamp,
    ) -> Result<i64> {
        let objectives = serde_json::to_string(&input.objectives).expect("strings serialise");
        let responsible = serde_json::to_string(&input.responsible).expect("strings serialise");
        let updated = with_conn!(self, |conn| {
            sqlx::query(
                "UPDATE project SET owner_division_id = $3, code = $4, name = $5, name_key = $6, budget_source = $7, value_satang = $8, \
                 start_year = $9, end_year = $10, objectives = $11, summary = $12, area = $13, nationwide = $14, responsible = $15, \
                 published = $16, updated_at = $17, version = version + 1 WHERE id = $1 AND version = $2",
            )
            .bind(id)
            .bind(expected_version)
            .bind(owner_division_id)
            .bind(input.code.as_deref())
            .bind(input.name.trim())
            .bind(label_key(&input.name))
            .bind(input.budget_source.as_deref())
            .bind(input.value.map(Baht::satang))
            .bind(i64::from(input.start_year.be()))
            .bind(i64::from(input.end_year.be()))
            .bind(&objectives)
            .bind(input.summary.as_deref())
            .bind(input.area.as_deref())
            .bind(input.nationwide)
            .bind(&responsible)
            .bind(input.published)
            .bind(micros(now))
            .execute(&mut *conn)
            .await?
            .rows_affected()
        });
        if updated == 0 {
            let current_version = self.current_version("project", id).await?;
            return Err(StoreError::Conflict { current_version });
        }
        self.replace_project_links(id, input).await?;
        self.refresh_project_summary(id).await?;
        Ok(expected_version + 1)
    }

    pub async fn delete_project(&mut self, id: i64, expected_version: i64) -> Result<()> {
        self.delete_search_entry(id).await?;
        let deleted = with_conn!(self, |conn| {
            sqlx::query("DELETE FROM project WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(expected_version)
                .execute(&mut *conn)
                .await?
                .rows_affected()
        });
        if deleted == 0 {
            let current_version = self.current_version("project", id).await?;
            return Err(StoreError::Conflict { current_version });
        }
        // Its summary rows went with it (ON DELETE CASCADE): kept aggregates are stale.
        self.bump_portfolio_generation().await
    }

    /// The budget sources written on the projects `scope` may read, in order.
    pub async fn budget_sources(&mut self, scope: ReadScope) -> Result<Vec<String>> {
        let (scope_condition, scope_id, approved_only) = scope_sql(scope);
        let sql = format!(
            "SELECT DISTINCT p.budget_source FROM project p WHERE {scope_condition} AND p.budget_source IS NOT NULL ORDER BY 1"
        );
        Ok(with_conn!(self, |conn| {
            sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql))
                .bind(scope_id)
                .bind(approved_only)
                .fetch_all(&mut *conn)
                .await?
        }))
    }

    pub async fn list_projects(
        &mut self,
        scope: ReadScope,
        filter: &ProjectFilter,
        page: PageRequest,
    ) -> Result<(Vec<ProjectSummary>, i64)> {
        let (scope_condition, scope_id, approved_only) = scope_sql(scope);
        let mut ids = filter.ids.clone();
        if let Some((year, quarter, risk)) = filter.risk {
            let at_risk: Vec<i64> = self
                .risk_figures(scope, year, quarter)
                .await?
                .into_iter()
                .filter(|(_, figures)| risk.holds(quarter, figures))
                .map(|(id, _)| id)
                .collect();
            ids = Some(match ids {
                Some(given) => given.into_iter().filter(|id| at_risk.contains(id)).collect(),
                None => at_risk,
            });
        }
        let ids_json = ids.as_ref().map(|ids| serde_json::to_string(ids).expect("ids serialise"));
        let ids_clause = match (self.backend(), &ids_json) {
            (_, None) => "TRUE",
            (crate::Backend::Sqlite, Some(_)) => "p.id IN (SELECT value FROM json_each($8))",
            (crate::Backend::Postgres, Some(_)) => "p.id IN (SELECT jsonb_array_elements_text($8::jsonb)::bigint)",
        };
        let report_state = match filter.report_state {
            // Bound as $12 (quarter), $13 (status) and $14 (year).
            None => "$12 IS NULL AND $13 IS NULL AND $14 IS NULL",
            Some((_, _, QuarterReport::Missing)) => {
                "$13 IS NULL AND NOT EXISTS (SELECT 1 FROM report r WHERE r.project_id = p.id AND r.fiscal_year = $14 AND r.quarter = $12 AND ($2 = 0 OR r.status = 'approved'))"
            }
            Some((_, _, QuarterReport::Is(_))) => {
                "EXISTS (SELECT 1 FROM report r WHERE r.project_id = p.id AND r.fiscal_year = $14 AND r.quarter = $12 AND r.status = $13 AND ($2 = 0 OR r.status = 'approved'))"
            }
        };
        let conditions = format!(
            "{scope_condition} AND {report_state} AND {} AND {} AND {} AND {} AND {} AND {} AND {ids_clause}",
            crate::when_set(filter.budget_source.is_some(), "$11", "p.budget_source = $11"),
            crate::when_set(filter.agency_id.is_some(), "$3", "p.agency_id = $3"),
            crate::when_set(filter.division_id.is_some(), "$4", "p.owner_division_id = $4"),
            crate::when_set(filter.fiscal_year.is_some(), "$5", "(p.start_year <= $5 AND p.end_year >= $5)"),
            crate::when_set(
                filter.province_code.is_some(),
                "$6",
                "EXISTS (SELECT 1 FROM project_province pp WHERE pp.project_id = p.id AND pp.province_code = $6)"
            ),
            crate::when_set(
                filter.strategy_id.is_some(),
                "$7",
                "EXISTS (SELECT 1 FROM project_strategy ps WHERE ps.project_id = p.id AND ps.strategy_id = $7)"
            ),
        );
        let list_sql = format!(
            "SELECT p.id, p.agency_id, p.owner_division_id, p.code, p.name, p.start_year, p.end_year, p.published, p.version \
             FROM project p WHERE {conditions} ORDER BY {} LIMIT $9 OFFSET $10",
            filter.sort.order_by()
        );
        let count_sql = format!("SELECT COUNT(*) FROM project p WHERE {conditions} AND $9 >= 0 AND $10 >= 0");
        let year = filter.fiscal_year.map(|year| i64::from(year.be()));
        let province = filter.province_code.map(i64::from);
        macro_rules! bind_all {
            ($query:expr) => {
                $query
                    .bind(scope_id)
                    .bind(approved_only)
                    .bind(filter.agency_id)
                    .bind(filter.division_id)
                    .bind(year)
                    .bind(province)
                    .bind(filter.strategy_id)
                    .bind(ids_json.clone().unwrap_or_default())
                    .bind(page.limit())
                    .bind(page.offset())
                    .bind(filter.budget_source.clone())
                    .bind(filter.report_state.map(|(_, quarter, _)| i64::from(quarter.number())))
                    .bind(match filter.report_state {
                        Some((_, _, QuarterReport::Is(status))) => Some(status.as_str()),
                        _ => None,
                    })
                    .bind(filter.report_state.map(|(year, _, _)| i64::from(year.be())))
            };
        }
        let result = with_conn!(self, |conn| {
            let items = bind_all!(sqlx::query_as::<_, ProjectSummary>(sqlx::AssertSqlSafe(list_sql)))
                .fetch_all(&mut *conn)
                .await?;
            let total =
                bind_all!(sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql))).fetch_one(&mut *conn).await?;
            (items, total)
        });
        Ok(result)
    }

    /// Inserts or renames an activity (matched by name key); returns its id.
    pub async fn upsert_activity(
        &mut self,
        project_id: i64,
        seq: i64,
        name: &str,
        period_text: Option<&str>,
        planned: (Option<jiff::civil::Date>, Option<jiff::civil::Date>),
    ) -> Result<i64> {
        let id = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO activity (project_id, seq, name, name_key, period_text, planned_start, planned_end) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (project_id, name_key) DO UPDATE SET seq = excluded.seq, name = excluded.name, \
                 period_text = excluded.period_text, planned_start = excluded.planned_start, planned_end = excluded.planned_end \
                 RETURNING id",
            )
            .bind(project_id)
            .bind(seq)
            .bind(name.trim())
            .bind(label_key(name))
            .bind(period_text)
            .bind(planned.0.map(|d| d.to_string()))
            .bind(planned.1.map(|d| d.to_string()))
            .fetch_one(&mut *conn)
            .await?
        });
        Ok(id)
    }

    pub async fn replace_instalments(&mut self, activity_id: i64, instalments: &[Instalment]) -> Result<()> {
        with_conn!(self, |conn| {
            sqlx::query("DELETE FROM instalment WHERE activity_id = $1").bind(activity_id).execute(&mut *conn).await?;
            for instalment in instalments {
                sqlx::query("INSERT INTO instalment (activity_id, number, description, due, amount_satang) VALUES ($1, $2, $3, $4, $5)")
                    .bind(activity_id)
                    .bind(instalment.number)
                    .bind(&instalment.description)
                    .bind(instalment.due.map(|d| d.to_string()))
                    .bind(instalment.amount.map(Baht::satang))
                    .execute(&mut *conn)
                    .await?;
            }
        });
        Ok(())
    }

    pub async fn activities(&mut self, project_id: i64) -> Result<Vec<Activity>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            id: i64,
            seq: i64,
            name: String,
            period_text: Option<String>,
            planned_start: Option<String>,
            planned_end: Option<String>,
        }
        #[derive(sqlx::FromRow)]
        struct InstalmentRow {
            activity_id: i64,
            number: i64,
            description: String,
            due: Option<String>,
            amount_satang: Option<i64>,
        }
        let (rows, instalments) = with_conn!(self, |conn| {
            let rows = sqlx::query_as::<_, Row>(
                "SELECT id, seq, name, period_text, planned_start, planned_end FROM activity WHERE project_id = $1 ORDER BY seq, id",
            )
            .bind(project_id)
            .fetch_all(&mut *conn)
            .await?;
            let instalments = sqlx::query_as::<_, InstalmentRow>(
                "SELECT i.activity_id, i.number, i.description, i.due, i.amount_satang FROM instalment i \
                 JOIN activity a ON a.id = i.activity_id WHERE a.project_id = $1 ORDER BY i.activity_id, i.number",
            )
            .bind(project_id)
            .fetch_all(&mut *conn)
            .await?;
            (rows, instalments)
        });
        let mut activities = Vec::with_capacity(rows.len());
        for row in rows {
            let mut mine = Vec::new();
            for instalment in instalments.iter().filter(|i| i.activity_id == row.id) {
                mine.push(Instalment {
                    number: instalment.number,
                    description: instalment.description.clone(),
                    due: date(instalment.due.clone())?,
                    amount: money(instalment.amount_satang),
                });
            }
            activities.push(Activity {
                id: row.id,
                project_id,
                seq: row.seq,
                name: row.name,
                period_text: row.period_text,
                planned_start: date(row.planned_start)?,
                planned_end: date(row.planned_end)?,
                instalments: mine,
            });
        }
        Ok(activities)
    }

    /// Inserts a KPI (matched by name key) and sets its target for a year; returns its id.
    pub async fn upsert_kpi(
        &mut self,
        project_id: i64,
        name: &str,
        kind: KpiKind,
        unit: Option<&str>,
        target: Option<&KpiTarget>,
    ) -> Result<i64> {
        let id = with_conn!(self, |conn| {
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO kpi (project_id, name, name_key, kind, unit) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (project_id, name_key) DO UPDATE SET kind = excluded.kind, unit = COALESCE(excluded.unit, kpi.unit) RETURNING id",
            )
            .bind(project_id)
            .bind(name.trim())
            .bind(label_key(name))
            .bind(kind.as_str())
            .bind(unit)
            .fetch_one(&mut *conn)
            .await?;
            if let Some(target) = target {
                sqlx::query(
                    "INSERT INTO kpi_target (kpi_id, fiscal_year, text, value) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (kpi_id, fiscal_year) DO UPDATE SET text = excluded.text, value = excluded.value",
                )
                .bind(id)
                .bind(i64::from(target.fiscal_year.be()))
                .bind(&target.text)
                .bind(target.value)
                .execute(&mut *conn)
                .await?;
            }
            id
        });
        Ok(id)
    }

    pub async fn kpis(&mut self, project_id: i64) -> Result<Vec<Kpi>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            id: i64,
            name: String,
            kind: String,
            unit: Option<String>,
        }
        #[derive(sqlx::FromRow)]
        struct TargetRow {
            kpi_id: i64,
            fiscal_year: i64,
            text: String,
            value: Option<f64>,
        }
        let (rows, targets) = with_conn!(self, |conn| {
            let rows =
                sqlx::query_as::<_, Row>("SELECT id, name, kind, unit FROM kpi WHERE project_id = $1 ORDER BY id")
                    .bind(project_id)
                    .fetch_all(&mut *conn)
                    .await?;
            let targets = sqlx::query_as::<_, TargetRow>(
                "SELECT t.kpi_id, t.fiscal_year, t.text, t.value FROM kpi_target t JOIN kpi k ON k.id = t.kpi_id \
                 WHERE k.project_id = $1 ORDER BY t.kpi_id, t.fiscal_year",
            )
            .bind(project_id)
            .fetch_all(&mut *conn)
            .await?;
            (rows, targets)
        });
        let mut kpis = Vec::new();
        for row in rows {
            let mut mine = Vec::new();
            for target in targets.iter().filter(|t| t.kpi_id == row.id) {
                mine.push(KpiTarget {
                    fiscal_year: fiscal_year(target.fiscal_year)?,
                    text: target.text.clone(),
                    value: target.value,
                });
            }
            kpis.push(Kpi {
                id: row.id,
                project_id,
                name: row.name,
                kind: parse_enum(&row.kind, KpiKind::parse)?,
                unit: row.unit,
                targets: mine,
            });
        }
        Ok(kpis)
    }

    pub async fn upsert_budget(&mut self, budget: &BudgetYear) -> Result<()> {
        with_conn!(self, |conn| {
            sqlx::query(
                "INSERT INTO budget_year (project_id, fiscal_year, allocated, contracted, carried_over) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (project_id, fiscal_year) DO UPDATE SET allocated = excluded.allocated, contracted = excluded.contracted, \
                 carried_over = excluded.carried_over",
            )
            .bind(budget.project_id)
            .bind(i64::from(budget.fiscal_year.be()))
            .bind(budget.allocated.satang())
            .bind(budget.contracted.satang())
            .bind(budget.carried_over.satang())
            .execute(&mut *conn)
            .await?;
        });
        self.refresh_project_summary(budget.project_id).await?;
        Ok(())
    }

    pub async fn budgets(&mut self, project_id: i64) -> Result<Vec<BudgetYear>> {
        let rows = with_conn!(self, |conn| {
            sqlx::query_as::<_, (i64, i64, i64, i64)>(
                "SELECT fiscal_year, allocated, contracted, carried_over FROM budget_year WHERE project_id = $1 ORDER BY fiscal_year",
            )
            .bind(project_id)
            .fetch_all(&mut *conn)
            .await?
        });
        rows.into_iter()
            .map(|(year, allocated, contracted, carried_over)| {
                Ok(BudgetYear {
                    project_id,
                    fiscal_year: fiscal_year(year)?,
                    allocated: Baht::from_satang(allocated),
                    contracted: Baht::from_satang(contracted),
                    carried_over: Baht::from_satang(carried_over),
                })
            })
            .collect()
    }
}
