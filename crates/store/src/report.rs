//! Quarterly reports, their parts, revisions, import records and lateness.

use tidtam_domain::Baht;
use tidtam_domain::finding::{Finding, Rule, Severity};
use tidtam_domain::form::{ReportForm, StoredForm};
use tidtam_domain::model::{ActivityResult, KpiKind, KpiResult, Problem, Report, ReportContent};
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::problem::ProblemCause;
use tidtam_domain::workflow::ReportStatus;

use crate::rows::{fiscal_year, money, parse_enum, quarter};
use crate::{PageRequest, REPORT_VISIBLE, ReadScope, Result, StoreError, Tx, micros, scope_sql, timestamp, with_conn};

#[derive(sqlx::FromRow)]
struct ReportRow {
    id: i64,
    project_id: i64,
    fiscal_year: i64,
    quarter: i64,
    status: String,
    progress_percent: Option<f64>,
    allocated: Option<i64>,
    contracted: Option<i64>,
    disbursed: Option<i64>,
    summary: Option<String>,
    problems_text: Option<String>,
    recommendations: Option<String>,
    review_comment: Option<String>,
    source_file: Option<String>,
    content_hash: Option<String>,
    submitted_at: Option<i64>,
    approved_at: Option<i64>,
    updated_at: i64,
    version: i64,
}

/// A report as listed.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportSummary {
    pub id: i64,
    pub project_id: i64,
    pub project_name: String,
    pub agency_id: i64,
    pub owner_division_id: Option<i64>,
    pub fiscal_year: FiscalYear,
    pub quarter: Quarter,
    pub status: ReportStatus,
    pub progress_percent: Option<f64>,
    pub disbursed: Option<Baht>,
    pub finding_count: i64,
    pub version: i64,
}

/// Conditions on a report list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportFilter {
    pub project_id: Option<i64>,
    pub fiscal_year: Option<FiscalYear>,
    pub quarter: Option<Quarter>,
    pub status: Option<ReportStatus>,
    /// Only reports the checker found something in (the dashboard's "at risk").
    pub with_findings: bool,
    /// Only reports naming a problem of this cause.
    pub cause: Option<tidtam_domain::problem::ProblemCause>,
    /// Restrict to these ids (full-text search results).
    pub ids: Option<Vec<i64>>,
}

/// One saved state of a report.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportRevision {
    pub version: i64,
    pub status: ReportStatus,
    pub snapshot: serde_json::Value,
    pub at: jiff::Timestamp,
    pub actor: String,
}

/// A project whose report for a quarter is missing or came in after the deadline.
#[derive(Clone, Debug, PartialEq)]
pub struct LateEntry {
    pub project_id: i64,
    pub project_name: String,
    pub agency_id: i64,
    pub owner_division_id: Option<i64>,
    pub report_id: Option<i64>,
    pub status: Option<ReportStatus>,
    pub submitted_at: Option<jiff::Timestamp>,
}

/// What a report says: its content, the form it was read from or entered as, and
/// the checker's findings on that form. Written together, always.
#[derive(Clone, Copy, Debug)]
pub struct ReportBody<'a> {
    pub content: &'a ReportContent,
    pub form: &'a ReportForm,
    pub findings: &'a [Finding],
}

/// The report columns derived from its body: one derivation for the one-row
/// writes and the bulk loader, so both store the same values.
pub(crate) struct ReportColumns {
    pub(crate) form_json: String,
    pub(crate) kpi_total: i64,
    pub(crate) kpi_achieved: i64,
    pub(crate) finding_count: i64,
}

impl ReportColumns {
    pub(crate) fn of(content: &ReportContent, form: &ReportForm, findings: &[Finding]) -> Result<ReportColumns> {
        Ok(ReportColumns {
            form_json: serde_json::to_string(&StoredForm::new(form)).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            kpi_total: content.kpi_results.iter().filter(|k| k.achieved.is_some()).count() as i64,
            kpi_achieved: content.kpi_results.iter().filter(|k| k.achieved == Some(true)).count() as i64,
            finding_count: findings.len() as i64,
        })
    }
}

const REPORT_COLUMNS: &str = "r.id, r.project_id, r.fiscal_year, r.quarter, r.status, r.progress_percent, r.allocated, r.contracted, \
     r.disbursed, r.summary, r.problems_text, r.recommendations, r.review_comment, r.source_file, r.content_hash, r.submitted_at, \
     r.approved_at, r.updated_at, r.version";

impl Tx {
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_report(
        &mut self,
        project_id: i64,
        year: FiscalYear,
        quarter: Quarter,
        status: ReportStatus,
        body: ReportBody<'_>,
        source: (Option<&str>, Option<&str>),
        now: jiff::Timestamp,
    ) -> Result<i64> {
        let id = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO report (project_id, fiscal_year, quarter, status, source_file, content_hash, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
            )
            .bind(project_id)
            .bind(i64::from(year.be()))
            .bind(i64::from(quarter.number()))
            .bind(status.as_str())
            .bind(source.0)
            .bind(source.1)
            .bind(micros(now))
            .fetch_one(&mut *conn)
            .await?
        });
        self.write_report_content(id, body).await?;
        Ok(id)
    }

    /// Writes the content columns and the form, and replaces the child rows (no version check).
    async fn write_report_content(&mut self, id: i64, body: ReportBody<'_>) -> Result<()> {
        let ReportBody { content, form, findings } = body;
        let ReportColumns { form_json, kpi_total, kpi_achieved, finding_count } =
            ReportColumns::of(content, form, findings)?;
        with_conn!(self, |conn| {
            sqlx::query(
                "UPDATE report SET progress_percent = $2, allocated = $3, contracted = $4, disbursed = $5, summary = $6, \
                 problems_text = $7, recommendations = $8, kpi_total = $9, kpi_achieved = $10, finding_count = $11, form = $12 WHERE id = $1",
            )
            .bind(id)
            .bind(content.progress_percent)
            .bind(content.allocated.map(Baht::satang))
            .bind(content.contracted.map(Baht::satang))
            .bind(content.disbursed.map(Baht::satang))
            .bind(content.summary.as_deref())
            .bind(content.problems_text.as_deref())
            .bind(content.recommendations.as_deref())
            .bind(kpi_total)
            .bind(kpi_achieved)
            .bind(finding_count)
            .bind(&form_json)
            .execute(&mut *conn)
            .await?;
            for table in ["report_activity", "report_kpi", "report_problem", "report_finding"] {
                sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE report_id = $1")))
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
            }
            for (seq, result) in content.activity_results.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO report_activity (report_id, seq, activity_name, text) VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(seq as i64)
                .bind(&result.activity_name)
                .bind(&result.text)
                .execute(&mut *conn)
                .await?;
            }
            for (seq, kpi) in content.kpi_results.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO report_kpi (report_id, seq, kpi_name, kind, target_text, result_text, achieved) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(seq as i64)
                .bind(&kpi.kpi_name)
                .bind(kpi.kind.as_str())
                .bind(kpi.target_text.as_deref())
                .bind(kpi.result_text.as_deref())
                .bind(kpi.achieved)
                .execute(&mut *conn)
                .await?;
            }
            for (seq, problem) in content.problems.iter().enumerate() {
                sqlx::query("INSERT INTO report_problem (report_id, seq, cause, text) VALUES ($1, $2, $3, $4)")
                    .bind(id)
                    .bind(seq as i64)
                    .bind(problem.cause.as_str())
                    .bind(&problem.text)
                    .execute(&mut *conn)
                    .await?;
            }
            for (seq, finding) in findings.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO report_finding (report_id, seq, rule, severity, line, message_th, message_en) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(seq as i64)
                .bind(finding.rule.id())
                .bind(finding.severity.as_str())
                .bind(i64::try_from(finding.line).unwrap_or(i64::MAX))
                .bind(&finding.message_th)
                .bind(&finding.message_en)
                .execute(&mut *conn)
                .await?;
            }
        });
        self.refresh_report_summary(id).await?;
        Ok(())
    }

    /// Replaces a report's content if it is still at `expected_version`; returns the new version.
    /// `source` and `findings` are replaced when given (an import), kept otherwise.
    pub async fn update_report_content(
        &mut self,
        id: i64,
        expected_version: i64,
        body: ReportBody<'_>,
        source: Option<(&str, &str)>,
        now: jiff::Timestamp,
    ) -> Result<i64> {
        let updated = with_conn!(self, |conn| {
            sqlx::query(
                "UPDATE report SET updated_at = $3, version = version + 1, source_file = COALESCE($4, source_file), \
                 content_hash = COALESCE($5, content_hash) WHERE id = $1 AND version = $2",
            )
            .bind(id)
            .bind(expected_version)
            .bind(micros(now))
            .bind(source.map(|s| s.0))
            .bind(source.map(|s| s.1))
            .execute(&mut *conn)
            .await?
            .rows_affected()
        });
        if updated == 0 {
            let current_version = self.current_version("report", id).await?;
            return Err(StoreError::Conflict { current_version });
        }
        self.write_report_content(id, body).await?;
        Ok(expected_version + 1)
    }

    /// Moves a report to `status` if it is still at `expected_version`; returns the new version.
    pub async fn set_report_status(
        &mut self,
        id: i64,
        expected_version: i64,
        status: ReportStatus,
        review_comment: Option<&str>,
        now: jiff::Timestamp,
    ) -> Result<i64> {
        let at = micros(now);
        let updated = with_conn!(self, |conn| {
            sqlx::query(
                "UPDATE report SET status = $3, review_comment = CASE WHEN $3 = 'returned' THEN $4 ELSE review_comment END, \
                 submitted_at = CASE WHEN $3 = 'submitted' THEN $5 ELSE submitted_at END, \
                 approved_at = CASE WHEN $3 = 'approved' THEN $5 ELSE approved_at END, \
                 updated_at = $5, version = version + 1 WHERE id = $1 AND version = $2",
            )
            .bind(id)
            .bind(expected_version)
            .bind(status.as_str())
            .bind(review_comment)
            .bind(at)
            .execute(&mut *conn)
            .await?
            .rows_affected()
        });
        if updated == 0 {
            let current_version = self.current_version("report", id).await?;
            return Err(StoreError::Conflict { current_version });
        }
        self.refresh_report_summary(id).await?;
        Ok(expected_version + 1)
    }

    pub async fn report(&mut self, id: i64) -> Result<Report> {
        let sql = format!("SELECT {REPORT_COLUMNS} FROM report r WHERE r.id = $1");
        type KpiRow = (String, String, Option<String>, Option<String>, Option<bool>);
        type FindingRow = (String, String, i64, String, String);
        let (row, activities, kpis, problems, findings) = with_conn!(self, |conn| {
            let row =
                sqlx::query_as::<_, ReportRow>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?;
            let activities = sqlx::query_as::<_, (String, String)>(
                "SELECT activity_name, text FROM report_activity WHERE report_id = $1 ORDER BY seq",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
            let kpis = sqlx::query_as::<_, KpiRow>(
                "SELECT kpi_name, kind, target_text, result_text, achieved FROM report_kpi WHERE report_id = $1 ORDER BY seq",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
            let problems = sqlx::query_as::<_, (String, String)>(
                "SELECT cause, text FROM report_problem WHERE report_id = $1 ORDER BY seq",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
            let findings = sqlx::query_as::<_, FindingRow>(
                "SELECT rule, severity, line, message_th, message_en FROM report_finding WHERE report_id = $1 ORDER BY seq",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
            (row, activities, kpis, problems, findings)
        });
        let row = row.ok_or(StoreError::NotFound)?;
        Ok(Report {
            id: row.id,
            project_id: row.project_id,
            fiscal_year: fiscal_year(row.fiscal_year)?,
            quarter: quarter(row.quarter)?,
            status: parse_enum(&row.status, ReportStatus::parse)?,
            content: ReportContent {
                progress_percent: row.progress_percent,
                allocated: money(row.allocated),
                contracted: money(row.contracted),
                disbursed: money(row.disbursed),
                summary: row.summary,
                problems_text: row.problems_text,
                recommendations: row.recommendations,
                activity_results: activities
                    .into_iter()
                    .map(|(activity_name, text)| ActivityResult { activity_name, text })
                    .collect(),
                kpi_results: kpis
                    .into_iter()
                    .map(|(kpi_name, kind, target_text, result_text, achieved)| {
                        Ok(KpiResult {
                            kpi_name,
                            kind: parse_enum(&kind, KpiKind::parse)?,
                            target_text,
                            result_text,
                            achieved,
                        })
                    })
                    .collect::<Result<_>>()?,
                problems: problems
                    .into_iter()
                    .map(|(cause, text)| Ok(Problem { cause: parse_enum(&cause, ProblemCause::parse)?, text }))
                    .collect::<Result<_>>()?,
            },
            review_comment: row.review_comment,
            source_file: row.source_file,
            content_hash: row.content_hash,
            findings: findings
                .into_iter()
                .map(|(rule, severity, line, message_th, message_en)| {
                    Ok(Finding {
                        rule: parse_enum(&rule, Rule::parse)?,
                        severity: parse_enum(&severity, Severity::parse)?,
                        line: usize::try_from(line).unwrap_or(0),
                        message_th,
                        message_en,
                    })
                })
                .collect::<Result<_>>()?,
            submitted_at: row.submitted_at.map(timestamp),
            approved_at: row.approved_at.map(timestamp),
            updated_at: timestamp(row.updated_at),
            version: row.version,
        })
    }

    /// The form a report was last saved with; `None` for a report saved before
    /// forms were kept (migration `20261201000002_report_form`).
    pub async fn report_form(&mut self, id: i64) -> Result<Option<ReportForm>> {
        let json = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, Option<String>>("SELECT form FROM report WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
        });
        let json = json.ok_or(StoreError::NotFound)?;
        json.map(|json| {
            serde_json::from_str::<StoredForm>(&json)
                .map(StoredForm::into_form)
                .map_err(|e| StoreError::Corrupt(format!("report {id} form: {e}")))
        })
        .transpose()
    }

    /// The report of a project for a quarter: `(id, version, status, content_hash)`.
    pub async fn report_for_period(
        &mut self,
        project_id: i64,
        year: FiscalYear,
        quarter: Quarter,
    ) -> Result<Option<(i64, i64, ReportStatus, Option<String>)>> {
        let row = with_conn!(self, |conn| {
            sqlx::query_as::<_, (i64, i64, String, Option<String>)>(
                "SELECT id, version, status, content_hash FROM report WHERE project_id = $1 AND fiscal_year = $2 AND quarter = $3",
            )
            .bind(project_id)
            .bind(i64::from(year.be()))
            .bind(i64::from(quarter.number()))
            .fetch_optional(&mut *conn)
            .await?
        });
        row.map(|(id, version, status, hash)| Ok((id, version, parse_enum(&status, ReportStatus::parse)?, hash)))
            .transpose()
    }

    /// How many reports of the quarter name each problem cause (a report naming
    /// two causes counts in both), over what `scope` may read.
    pub async fn problem_causes(
        &mut self,
        scope: ReadScope,
        fiscal_year: FiscalYear,
        quarter: Quarter,
    ) -> Result<Vec<(tidtam_domain::problem::ProblemCause, i64)>> {
        let (scope_condition, scope_id, approved_only) = scope_sql(scope);
        let sql = format!(
            "SELECT rp.cause, CAST(COUNT(DISTINCT r.id) AS BIGINT) FROM report r JOIN project p ON p.id = r.project_id \
             JOIN report_problem rp ON rp.report_id = r.id \
             WHERE {scope_condition} AND {REPORT_VISIBLE} AND r.fiscal_year = $3 AND r.quarter = $4 GROUP BY rp.cause ORDER BY 2 DESC, 1"
        );
        let rows: Vec<(String, i64)> = with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(scope_id)
                .bind(approved_only)
                .bind(i64::from(fiscal_year.be()))
                .bind(i64::from(quarter.number()))
                .fetch_all(&mut *conn)
                .await?
        });
        rows.into_iter()
            .map(|(cause, count)| Ok((parse_enum(&cause, tidtam_domain::problem::ProblemCause::parse)?, count)))
            .collect()
    }

    pub async fn list_reports(
        &mut self,
        scope: ReadScope,
        filter: &ReportFilter,
        page: PageRequest,
    ) -> Result<(Vec<ReportSummary>, i64)> {
        let (scope_condition, scope_id, approved_only) = scope_sql(scope);
        let ids_json = filter.ids.as_ref().map(|ids| serde_json::to_string(ids).expect("ids serialise"));
        let ids_clause = match (self.backend(), &ids_json) {
            (_, None) => "$9 = ''",
            (crate::Backend::Sqlite, Some(_)) => "r.id IN (SELECT value FROM json_each($9))",
            (crate::Backend::Postgres, Some(_)) => "r.id IN (SELECT jsonb_array_elements_text($9::jsonb)::bigint)",
        };
        let conditions = format!(
            "{scope_condition} AND {REPORT_VISIBLE} AND {ids_clause} AND {} AND {} AND {} AND {}",
            crate::when_set(filter.project_id.is_some(), "$3", "r.project_id = $3"),
            crate::when_set(filter.fiscal_year.is_some(), "$4", "r.fiscal_year = $4"),
            crate::when_set(filter.quarter.is_some(), "$5", "r.quarter = $5"),
            crate::when_set(filter.status.is_some(), "$6", "r.status = $6"),
        );
        // A constant condition, not a bound value: both arms are fixed text.
        let conditions = if filter.with_findings { conditions + " AND r.finding_count > 0" } else { conditions };
        // The cause is one of a fixed set of names (the enum's own strings), never user text.
        let conditions = match filter.cause {
            Some(cause) => format!(
                "{conditions} AND EXISTS (SELECT 1 FROM report_problem rp WHERE rp.report_id = r.id AND rp.cause = '{}')",
                cause.as_str()
            ),
            None => conditions,
        };
        let list_sql = format!(
            "SELECT r.id, r.project_id, p.name, p.agency_id, p.owner_division_id, r.fiscal_year, r.quarter, r.status, r.progress_percent, \
             r.disbursed, r.finding_count, r.version FROM report r JOIN project p ON p.id = r.project_id WHERE {conditions} \
             ORDER BY r.fiscal_year DESC, r.quarter DESC, r.project_id LIMIT $7 OFFSET $8"
        );
        let count_sql = format!(
            "SELECT COUNT(*) FROM report r JOIN project p ON p.id = r.project_id WHERE {conditions} AND $7 >= 0 AND $8 >= 0"
        );
        type Row = (i64, i64, String, i64, Option<i64>, i64, i64, String, Option<f64>, Option<i64>, i64, i64);
        let year = filter.fiscal_year.map(|y| i64::from(y.be()));
        let quarter_number = filter.quarter.map(|q| i64::from(q.number()));
        let status = filter.status.map(ReportStatus::as_str);
        macro_rules! bind_all {
            ($query:expr) => {
                $query
                    .bind(scope_id)
                    .bind(approved_only)
                    .bind(filter.project_id)
                    .bind(year)
                    .bind(quarter_number)
                    .bind(status)
                    .bind(page.limit())
                    .bind(page.offset())
                    .bind(ids_json.clone().unwrap_or_default())
            };
        }
        let (rows, total) = with_conn!(self, |conn| {
            let rows = bind_all!(sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(list_sql))).fetch_all(&mut *conn).await?;
            let total =
                bind_all!(sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql))).fetch_one(&mut *conn).await?;
            (rows, total)
        });
        let items = rows
            .into_iter()
            .map(
                |(
                    id,
                    project_id,
                    project_name,
                    agency_id,
                    owner_division_id,
                    year,
                    q,
                    status,
                    progress,
                    disbursed,
                    findings,
                    version,
                )| {
                    Ok(ReportSummary {
                        id,
                        project_id,
                        project_name,
                        agency_id,
                        owner_division_id,
                        fiscal_year: fiscal_year(year)?,
                        quarter: quarter(q)?,
                        status: parse_enum(&status, ReportStatus::parse)?,
                        progress_percent: progress,
                        disbursed: money(disbursed),
                        finding_count: findings,
                        version,
                    })
                },
            )
            .collect::<Result<_>>()?;
        Ok((items, total))
    }

    pub async fn insert_revision(
        &mut self,
        report_id: i64,
        version: i64,
        status: ReportStatus,
        snapshot: &serde_json::Value,
        at: jiff::Timestamp,
        actor: &str,
    ) -> Result<()> {
        with_conn!(self, |conn| {
            sqlx::query("INSERT INTO report_revision (report_id, version, status, snapshot, at, actor) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(report_id)
                .bind(version)
                .bind(status.as_str())
                .bind(snapshot.to_string())
                .bind(micros(at))
                .bind(actor)
                .execute(&mut *conn)
                .await?;
        });
        Ok(())
    }

    /// One page of a report's saved versions, oldest first, with the total: a
    /// history is read a page at a time, never whole.
    pub async fn revisions(&mut self, report_id: i64, page: PageRequest) -> Result<(Vec<ReportRevision>, i64)> {
        let (rows, total) = with_conn!(self, |conn| {
            let rows = sqlx::query_as::<_, (i64, String, String, i64, String)>(
                "SELECT version, status, snapshot, at, actor FROM report_revision WHERE report_id = $1 \
                 ORDER BY version LIMIT $2 OFFSET $3",
            )
            .bind(report_id)
            .bind(page.limit())
            .bind(page.offset())
            .fetch_all(&mut *conn)
            .await?;
            let total = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM report_revision WHERE report_id = $1")
                .bind(report_id)
                .fetch_one(&mut *conn)
                .await?;
            (rows, total)
        });
        let items = rows
            .into_iter()
            .map(|(version, status, snapshot, at, actor)| {
                Ok(ReportRevision {
                    version,
                    status: parse_enum(&status, ReportStatus::parse)?,
                    snapshot: serde_json::from_str(&snapshot)
                        .map_err(|error| StoreError::Corrupt(error.to_string()))?,
                    at: timestamp(at),
                    actor,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((items, total))
    }

    /// The user who last changed a report's content (created, edited or imported
    /// it) and the user who last submitted it, from the audit trail; `None` for the
    /// system or when nobody did. The four-eyes rule is decided on these facts.
    pub async fn report_last_actors(&mut self, report_id: i64) -> Result<(Option<i64>, Option<i64>)> {
        let last = |actions: &'static str| {
            format!(
                "SELECT actor_user_id FROM audit WHERE entity = 'report' AND entity_id = $1 \
                 AND action IN ({actions}) ORDER BY id DESC LIMIT 1"
            )
        };
        let (edited, submitted) = with_conn!(self, |conn| {
            let edited =
                sqlx::query_scalar::<_, Option<i64>>(sqlx::AssertSqlSafe(last("'create', 'update', 'import'")))
                    .bind(report_id)
                    .fetch_optional(&mut *conn)
                    .await?;
            let submitted = sqlx::query_scalar::<_, Option<i64>>(sqlx::AssertSqlSafe(last("'submit'")))
                .bind(report_id)
                .fetch_optional(&mut *conn)
                .await?;
            (edited.flatten(), submitted.flatten())
        });
        Ok((edited, submitted))
    }

    /// The report a content hash was imported into, if it was.
    pub async fn imported_report(&mut self, content_hash: &str) -> Result<Option<i64>> {
        let id = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "SELECT report_id FROM import_record WHERE content_hash = $1 ORDER BY at LIMIT 1",
            )
            .bind(content_hash)
            .fetch_optional(&mut *conn)
            .await?
        });
        Ok(id)
    }

    pub async fn record_import(
        &mut self,
        content_hash: &str,
        report_id: i64,
        source_file: &str,
        at: jiff::Timestamp,
    ) -> Result<()> {
        with_conn!(self, |conn| {
            sqlx::query(
                "INSERT INTO import_record (content_hash, report_id, source_file, at) VALUES ($1, $2, $3, $4) ON CONFLICT (content_hash, report_id) DO NOTHING",
            )
            .bind(content_hash)
            .bind(report_id)
            .bind(source_file)
            .bind(micros(at))
            .execute(&mut *conn)
            .await?;
        });
        Ok(())
    }

    /// Projects running in the rule's year whose report for its quarter was not
    /// submitted by the deadline ([`LateRule`]): missing, still a draft or
    /// returned, or submitted late; in project order.
    pub async fn late_reports(&mut self, scope: ReadScope, rule: LateRule) -> Result<Vec<LateEntry>> {
        let (scope_condition, scope_id, approved_only) = scope_sql(scope);
        let sql = format!(
            "SELECT p.id, p.name, p.agency_id, p.owner_division_id, r.id, r.status, r.submitted_at {} ORDER BY p.id",
            late_from_where(scope_condition)
        );
        type Row = (i64, String, i64, Option<i64>, Option<i64>, Option<String>, Option<i64>);
        let rows = with_conn!(self, |conn| {
            bind_late!(sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql)), scope_id, approved_only, rule)
                .fetch_all(&mut *conn)
                .await?
        });
        rows.into_iter()
            .map(|(project_id, project_name, agency_id, owner_division_id, report_id, status, submitted_at)| {
                Ok(LateEntry {
                    project_id,
                    project_name,
                    agency_id,
                    owner_division_id,
                    report_id,
                    status: status.map(|s| parse_enum(&s, ReportStatus::parse)).transpose()?,
                    submitted_at: submitted_at.map(timestamp),
                })
            })
            .collect()
    }

    /// How many entries [`Tx::late_reports`] would list, without building them
    /// (the dashboard shows only the number).
    pub async fn late_count(&mut self, scope: ReadScope, rule: LateRule) -> Result<i64> {
        let (scope_condition, scope_id, approved_only) = scope_sql(scope);
        let sql = format!("SELECT COUNT(*) {}", late_from_where(scope_condition));
        Ok(with_conn!(self, |conn| {
            bind_late!(sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)), scope_id, approved_only, rule)
                .fetch_one(&mut *conn)
                .await?
        }))
    }
}

/// When a quarter's report is late: it was not submitted by `deadline_end` (the
/// end of the deadline's day, Bangkok time); a report not submitted at all
/// (missing, draft or returned) counts only once `deadline_passed`. Everything
/// lateness depends on, so a count under the same rule is the same count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LateRule {
    pub year: FiscalYear,
    pub quarter: Quarter,
    pub deadline_end: jiff::Timestamp,
    pub deadline_passed: bool,
}

/// The FROM and WHERE of the late projects, shared by the list and its count;
/// parameters `$1`, `$2` from [`scope_sql`], `$3`..`$6` bound by `bind_late!`.
fn late_from_where(scope_condition: &str) -> String {
    format!(
        "FROM project p \
         LEFT JOIN report r ON r.project_id = p.id AND r.fiscal_year = $3 AND r.quarter = $4 \
         WHERE {scope_condition} AND p.start_year <= $3 AND p.end_year >= $3 AND ( \
           (r.submitted_at IS NOT NULL AND r.submitted_at > $5) OR \
           ($6 AND (r.id IS NULL OR r.submitted_at IS NULL)) )"
    )
}

/// Binds the parameters of [`late_from_where`] in order (a macro: the list and
/// the count are different query types).
macro_rules! bind_late {
    ($query:expr, $scope_id:expr, $approved_only:expr, $rule:expr) => {
        $query
            .bind($scope_id)
            .bind($approved_only)
            .bind(i64::from($rule.year.be()))
            .bind(i64::from($rule.quarter.number()))
            .bind(micros($rule.deadline_end))
            .bind($rule.deadline_passed)
    };
}
use bind_late;

/// A report's figures as the portfolio workbook lists them (one query for a
/// whole year, so the workbook of a 20,000-project portfolio needs no per-report read).
#[derive(Clone, Debug, PartialEq)]
pub struct ReportFigures {
    pub report: ReportSummary,
    pub project_code: Option<String>,
    pub allocated: Option<Baht>,
    pub contracted: Option<Baht>,
    pub kpi_measured: i64,
    pub kpi_achieved: i64,
}

impl Tx {
    /// Every report of `year` the scope may read with its figures, in project order then quarter.
    pub async fn report_figures_of_year(&mut self, scope: ReadScope, year: FiscalYear) -> Result<Vec<ReportFigures>> {
        let (scope_condition, scope_id, approved_only) = scope_sql(scope);
        let sql = format!(
            "SELECT r.id, r.project_id, p.name, p.agency_id, p.owner_division_id, r.fiscal_year, r.quarter, r.status, r.progress_percent, \
             r.disbursed, r.finding_count, r.version, p.code, r.allocated, r.contracted, r.kpi_total, r.kpi_achieved \
             FROM report r JOIN project p ON p.id = r.project_id \
             WHERE r.fiscal_year = $3 AND {scope_condition} AND {REPORT_VISIBLE} ORDER BY r.project_id, r.quarter"
        );
        #[derive(sqlx::FromRow)]
        struct Row {
            id: i64,
            project_id: i64,
            name: String,
            agency_id: i64,
            owner_division_id: Option<i64>,
            fiscal_year: i64,
            quarter: i64,
            status: String,
            progress_percent: Option<f64>,
            disbursed: Option<i64>,
            finding_count: i64,
            version: i64,
            code: Option<String>,
            allocated: Option<i64>,
            contracted: Option<i64>,
            kpi_total: i64,
            kpi_achieved: i64,
        }
        let rows: Vec<Row> = with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(scope_id)
                .bind(approved_only)
                .bind(i64::from(year.be()))
                .fetch_all(&mut *conn)
                .await?
        });
        rows.into_iter()
            .map(|row| {
                Ok(ReportFigures {
                    report: ReportSummary {
                        id: row.id,
                        project_id: row.project_id,
                        project_name: row.name,
                        agency_id: row.agency_id,
                        owner_division_id: row.owner_division_id,
                        fiscal_year: fiscal_year(row.fiscal_year)?,
                        quarter: quarter(row.quarter)?,
                        status: parse_enum(&row.status, ReportStatus::parse)?,
                        progress_percent: row.progress_percent,
                        disbursed: money(row.disbursed),
                        finding_count: row.finding_count,
                        version: row.version,
                    },
                    project_code: row.code,
                    allocated: money(row.allocated),
                    contracted: money(row.contracted),
                    kpi_measured: row.kpi_total,
                    kpi_achieved: row.kpi_achieved,
                })
            })
            .collect()
    }
}
