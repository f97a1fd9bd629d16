//! Proposed changes of planning fields, waiting for a planner's decision.

use tidtam_domain::model::{PlanningChange, Proposal, ProposalStatus};

use crate::rows::parse_enum;
use crate::{PageRequest, ReadScope, Result, StoreError, Tx, micros, scope_sql, timestamp, when_set, with_conn};

/// Conditions on a proposal list; `None` means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProposalFilter {
    pub project_id: Option<i64>,
    pub status: Option<ProposalStatus>,
}

type Row =
    (i64, i64, String, String, Option<i64>, String, i64, Option<i64>, Option<String>, Option<i64>, Option<String>, i64);

const COLUMNS: &str = "q.id, q.project_id, q.status, q.changes, q.proposed_by, q.proposed_by_name, q.proposed_at, \
     q.decided_by, q.decided_by_name, q.decided_at, q.comment, q.version";

fn proposal(row: Row) -> Result<Proposal> {
    let (id, project_id, status, changes, proposed_by, proposed_by_name, proposed_at, decided_by, decided_by_name) =
        (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8);
    let changes: Vec<PlanningChange> = serde_json::from_str(&changes)
        .map_err(|e| StoreError::Corrupt(format!("planning_proposal {id} changes: {e}")))?;
    Ok(Proposal {
        id,
        project_id,
        status: parse_enum(&status, ProposalStatus::parse)?,
        changes,
        proposed_by,
        proposed_by_name,
        proposed_at: timestamp(proposed_at),
        decided_by,
        decided_by_name,
        decided_at: row.9.map(timestamp),
        comment: row.10,
        version: row.11,
    })
}

impl Tx {
    /// Stores a pending proposal; returns its id.
    pub async fn insert_proposal(
        &mut self,
        project_id: i64,
        changes: &[PlanningChange],
        proposed_by: Option<i64>,
        proposed_by_name: &str,
        at: jiff::Timestamp,
    ) -> Result<i64> {
        let changes = serde_json::to_string(changes).expect("changes serialise");
        let id = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO planning_proposal (project_id, changes, proposed_by, proposed_by_name, proposed_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(project_id)
            .bind(&changes)
            .bind(proposed_by)
            .bind(proposed_by_name)
            .bind(micros(at))
            .fetch_one(&mut *conn)
            .await?
        });
        Ok(id)
    }

    pub async fn proposal(&mut self, id: i64) -> Result<Proposal> {
        let sql = format!("SELECT {COLUMNS} FROM planning_proposal q WHERE q.id = $1");
        let row = with_conn!(self, |conn| {
            sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?
        });
        proposal(row.ok_or(StoreError::NotFound)?)
    }

    /// Proposals on projects in `scope`, newest first.
    pub async fn list_proposals(
        &mut self,
        scope: ReadScope,
        filter: &ProposalFilter,
        page: PageRequest,
    ) -> Result<(Vec<Proposal>, i64)> {
        // `$2` (approved reports only) is bound but unused: proposals are never public.
        let (scope_condition, scope_id, approved_only) = scope_sql(scope);
        let conditions = format!(
            "{scope_condition} AND {} AND {}",
            when_set(filter.project_id.is_some(), "$3", "q.project_id = $3"),
            when_set(filter.status.is_some(), "$4", "q.status = $4"),
        );
        let from = "FROM planning_proposal q JOIN project p ON p.id = q.project_id";
        let list_sql = format!("SELECT {COLUMNS} {from} WHERE {conditions} ORDER BY q.id DESC LIMIT $5 OFFSET $6");
        let count_sql = format!("SELECT COUNT(*) {from} WHERE {conditions} AND $5 >= 0 AND $6 >= 0");
        macro_rules! bind_all {
            ($query:expr) => {
                $query
                    .bind(scope_id)
                    .bind(approved_only)
                    .bind(filter.project_id)
                    .bind(filter.status.map(ProposalStatus::as_str))
                    .bind(page.limit())
                    .bind(page.offset())
            };
        }
        let (rows, total) = with_conn!(self, |conn| {
            let rows = bind_all!(sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(list_sql))).fetch_all(&mut *conn).await?;
            let total =
                bind_all!(sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql))).fetch_one(&mut *conn).await?;
            (rows, total)
        });
        Ok((rows.into_iter().map(proposal).collect::<Result<_>>()?, total))
    }

    /// Records a pending proposal's decision if it is still at `expected_version`.
    #[allow(clippy::too_many_arguments)]
    pub async fn decide_proposal(
        &mut self,
        id: i64,
        expected_version: i64,
        status: ProposalStatus,
        decided_by: Option<i64>,
        decided_by_name: &str,
        at: jiff::Timestamp,
        comment: Option<&str>,
    ) -> Result<()> {
        let updated = with_conn!(self, |conn| {
            sqlx::query(
                "UPDATE planning_proposal SET status = $3, decided_by = $4, decided_by_name = $5, decided_at = $6, \
                 comment = $7, version = version + 1 WHERE id = $1 AND version = $2 AND status = 'pending'",
            )
            .bind(id)
            .bind(expected_version)
            .bind(status.as_str())
            .bind(decided_by)
            .bind(decided_by_name)
            .bind(micros(at))
            .bind(comment)
            .execute(&mut *conn)
            .await?
            .rows_affected()
        });
        if updated == 0 {
            let current_version = self.current_version("planning_proposal", id).await?;
            return Err(StoreError::Conflict { current_version });
        }
        Ok(())
    }

    /// Sets one KPI's target for a year (the KPI must exist).
    pub async fn set_kpi_target(&mut self, kpi_id: i64, target: &tidtam_domain::model::KpiTarget) -> Result<()> {
        with_conn!(self, |conn| {
            sqlx::query(
                "INSERT INTO kpi_target (kpi_id, fiscal_year, text, value) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (kpi_id, fiscal_year) DO UPDATE SET text = excluded.text, value = excluded.value",
            )
            .bind(kpi_id)
            .bind(i64::from(target.fiscal_year.be()))
            .bind(&target.text)
            .bind(target.value)
            .execute(&mut *conn)
            .await?;
        });
        Ok(())
    }
}
