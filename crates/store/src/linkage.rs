//! Clerical review of record linkage (`linkage_job`, `linkage_pair`): a run's
//! kept pairs with both records' fields and their comparisons, the reviewers'
//! decisions, and the lease that hands a pair to one reviewer at a time.
//!
//! The JSON columns (summary, records, comparisons) are the service's wire
//! shapes; the store keeps them as text and decides nothing about them.

use crate::{Result, StoreError, Tx, micros, timestamp, with_conn};

/// A job as listed, with its pairs counted.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkageJobRow {
    pub id: i64,
    pub agency_id: i64,
    pub name: String,
    pub left_name: String,
    pub right_name: String,
    /// JSON written by the service.
    pub summary: String,
    pub created_by: Option<i64>,
    pub created_at: jiff::Timestamp,
    pub automatic: i64,
    pub review: i64,
    /// Review-band pairs with a decision (accept, reject or unsure).
    pub decided: i64,
}

/// A pair to store.
#[derive(Clone, Debug)]
pub struct NewLinkagePair {
    pub band: &'static str,
    pub left_id: String,
    pub right_id: String,
    pub left_record: String,
    pub right_record: String,
    pub comparisons: String,
    pub weight: f64,
    pub probability: f64,
}

/// A stored pair with its decision and lease.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkagePairRow {
    pub id: i64,
    pub job_id: i64,
    /// 1-based place in the job, strongest first within each band.
    pub seq: i64,
    pub band: String,
    pub left_id: String,
    pub right_id: String,
    pub left_record: String,
    pub right_record: String,
    pub comparisons: String,
    pub weight: f64,
    pub probability: f64,
    pub decision: Option<String>,
    pub note: String,
    pub decided_by: Option<i64>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<jiff::Timestamp>,
    pub lease_by: Option<i64>,
    pub lease_until: Option<jiff::Timestamp>,
    pub version: i64,
}

/// A decision to write.
#[derive(Clone, Copy, Debug)]
pub struct PairDecision<'a> {
    pub decision: &'a str,
    pub note: &'a str,
    pub by: Option<i64>,
    pub by_name: &'a str,
    pub at: jiff::Timestamp,
}

type JobRow = (i64, i64, String, String, String, String, Option<i64>, i64, i64, i64, i64);

const JOB_SELECT: &str = "SELECT j.id, j.agency_id, j.name, j.left_name, j.right_name, j.summary, j.created_by, j.created_at, \
     (SELECT COUNT(*) FROM linkage_pair p WHERE p.job_id = j.id AND p.band = 'automatic'), \
     (SELECT COUNT(*) FROM linkage_pair p WHERE p.job_id = j.id AND p.band = 'review'), \
     (SELECT COUNT(*) FROM linkage_pair p WHERE p.job_id = j.id AND p.band = 'review' AND p.decision IS NOT NULL) \
     FROM linkage_job j";

fn job_row(row: JobRow) -> LinkageJobRow {
    LinkageJobRow {
        id: row.0,
        agency_id: row.1,
        name: row.2,
        left_name: row.3,
        right_name: row.4,
        summary: row.5,
        created_by: row.6,
        created_at: timestamp(row.7),
        automatic: row.8,
        review: row.9,
        decided: row.10,
    }
}

/// A pair as the database returns it (times in microseconds).
#[derive(sqlx::FromRow)]
struct PairRow {
    id: i64,
    job_id: i64,
    seq: i64,
    band: String,
    left_id: String,
    right_id: String,
    left_record: String,
    right_record: String,
    comparisons: String,
    weight: f64,
    probability: f64,
    decision: Option<String>,
    note: String,
    decided_by: Option<i64>,
    decided_by_name: Option<String>,
    decided_at: Option<i64>,
    lease_by: Option<i64>,
    lease_until: Option<i64>,
    version: i64,
}

const PAIR_SELECT: &str = "SELECT id, job_id, seq, band, left_id, right_id, left_record, right_record, comparisons, \
     weight, probability, decision, note, decided_by, decided_by_name, decided_at, lease_by, lease_until, version \
     FROM linkage_pair";

fn pair_row(r: PairRow) -> LinkagePairRow {
    LinkagePairRow {
        id: r.id,
        job_id: r.job_id,
        seq: r.seq,
        band: r.band,
        left_id: r.left_id,
        right_id: r.right_id,
        left_record: r.left_record,
        right_record: r.right_record,
        comparisons: r.comparisons,
        weight: r.weight,
        probability: r.probability,
        decision: r.decision,
        note: r.note,
        decided_by: r.decided_by,
        decided_by_name: r.decided_by_name,
        decided_at: r.decided_at.map(timestamp),
        lease_by: r.lease_by,
        lease_until: r.lease_until.map(timestamp),
        version: r.version,
    }
}

/// Which of a job's pairs a list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PairFilter {
    #[default]
    All,
    /// A band's pairs (`automatic` or `review`).
    Band(&'static str),
    /// Pairs with this decision (`accept`, `reject`, `unsure`).
    Decision(&'static str),
    /// Pairs with any decision, latest first.
    Decided,
}

impl Tx {
    /// Stores a job; returns its id.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_linkage_job(
        &mut self,
        agency_id: i64,
        name: &str,
        left_name: &str,
        right_name: &str,
        summary: &str,
        by: Option<i64>,
        at: jiff::Timestamp,
    ) -> Result<i64> {
        Ok(with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO linkage_job (agency_id, name, left_name, right_name, summary, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(agency_id)
            .bind(name)
            .bind(left_name)
            .bind(right_name)
            .bind(summary)
            .bind(by)
            .bind(micros(at))
            .fetch_one(&mut *conn)
            .await?
        }))
    }

    /// Stores a job's pairs in order (`seq` 1, 2, …), a hundred rows a statement.
    pub async fn insert_linkage_pairs(&mut self, job_id: i64, pairs: &[NewLinkagePair]) -> Result<()> {
        const COLUMNS: usize = 10;
        for (chunk_no, chunk) in pairs.chunks(100).enumerate() {
            let sql = format!(
                "INSERT INTO linkage_pair (job_id, seq, band, left_id, right_id, left_record, right_record, comparisons, weight, probability) VALUES {}",
                crate::values_placeholders(chunk.len(), COLUMNS)
            );
            with_conn!(self, |conn| {
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
                for (i, p) in chunk.iter().enumerate() {
                    query = query
                        .bind(job_id)
                        .bind((chunk_no * 100 + i + 1) as i64)
                        .bind(p.band)
                        .bind(&p.left_id)
                        .bind(&p.right_id)
                        .bind(&p.left_record)
                        .bind(&p.right_record)
                        .bind(&p.comparisons)
                        .bind(p.weight)
                        .bind(p.probability);
                }
                query.execute(&mut *conn).await?;
            });
        }
        Ok(())
    }

    /// Jobs, newest first: every job (`None`) or one agency's.
    pub async fn linkage_jobs(&mut self, agency_id: Option<i64>) -> Result<Vec<LinkageJobRow>> {
        let sql = format!("{JOB_SELECT} WHERE ($1 IS NULL OR j.agency_id = $1) ORDER BY j.id DESC");
        let rows: Vec<JobRow> = with_conn!(self, |conn| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(agency_id)
            .fetch_all(&mut *conn)
            .await?);
        Ok(rows.into_iter().map(job_row).collect())
    }

    pub async fn linkage_job(&mut self, id: i64) -> Result<LinkageJobRow> {
        let sql = format!("{JOB_SELECT} WHERE j.id = $1");
        let row: Option<JobRow> = with_conn!(self, |conn| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?);
        row.map(job_row).ok_or(StoreError::NotFound)
    }

    /// Every pair's band, probability and decision, in order (what the estimates need).
    pub async fn linkage_pair_outcomes(&mut self, job_id: i64) -> Result<Vec<(String, f64, Option<String>)>> {
        Ok(with_conn!(self, |conn| {
            sqlx::query_as("SELECT band, probability, decision FROM linkage_pair WHERE job_id = $1 ORDER BY seq")
                .bind(job_id)
                .fetch_all(&mut *conn)
                .await?
        }))
    }

    pub async fn linkage_pair(&mut self, id: i64) -> Result<LinkagePairRow> {
        let sql = format!("{PAIR_SELECT} WHERE id = $1");
        let row: Option<PairRow> = with_conn!(self, |conn| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?);
        row.map(pair_row).ok_or(StoreError::NotFound)
    }

    /// A page of a job's pairs and how many match the filter.
    pub async fn linkage_pairs(
        &mut self,
        job_id: i64,
        filter: PairFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<LinkagePairRow>, i64)> {
        let (condition, order, value) = match filter {
            PairFilter::All => ("$2 IS NULL", "seq", None),
            PairFilter::Band(band) => ("band = $2", "seq", Some(band)),
            PairFilter::Decision(decision) => ("decision = $2", "decided_at DESC, seq", Some(decision)),
            PairFilter::Decided => ("decision IS NOT NULL AND $2 IS NULL", "decided_at DESC, seq", None),
        };
        let sql = format!("{PAIR_SELECT} WHERE job_id = $1 AND {condition} ORDER BY {order} LIMIT $3 OFFSET $4");
        let count_sql = format!("SELECT COUNT(*) FROM linkage_pair WHERE job_id = $1 AND {condition}");
        let (rows, total): (Vec<PairRow>, i64) = with_conn!(self, |conn| {
            let rows = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(job_id)
                .bind(value)
                .bind(limit)
                .bind(offset)
                .fetch_all(&mut *conn)
                .await?;
            let total = sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql.as_str()))
                .bind(job_id)
                .bind(value)
                .fetch_one(&mut *conn)
                .await?;
            (rows, total)
        });
        Ok((rows.into_iter().map(pair_row).collect(), total))
    }

    /// The next undecided pair of `band` for `user`: the one the user already holds, else the
    /// first nobody holds (or whose hold ended before `now`).
    pub async fn next_linkage_pair(
        &mut self,
        job_id: i64,
        band: &str,
        user: Option<i64>,
        now: jiff::Timestamp,
    ) -> Result<Option<LinkagePairRow>> {
        let sql = format!(
            "{PAIR_SELECT} WHERE job_id = $1 AND band = $2 AND decision IS NULL \
             AND (lease_by IS NULL OR lease_until IS NULL OR lease_until < $4 OR lease_by = $3) \
             ORDER BY CASE WHEN lease_by = $3 THEN 0 ELSE 1 END, seq LIMIT 1"
        );
        let row: Option<PairRow> = with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(job_id)
                .bind(band)
                .bind(user)
                .bind(micros(now))
                .fetch_optional(&mut *conn)
                .await?
        });
        Ok(row.map(pair_row))
    }

    /// Hands the pair read at `version` to `user` until `until`; false when it changed meanwhile
    /// (another reviewer took or decided it), so the caller looks for another.
    pub async fn lease_linkage_pair(
        &mut self,
        id: i64,
        version: i64,
        user: Option<i64>,
        until: jiff::Timestamp,
    ) -> Result<bool> {
        let done = with_conn!(self, |conn| {
            sqlx::query(
                "UPDATE linkage_pair SET lease_by = $3, lease_until = $4, version = version + 1 \
                 WHERE id = $1 AND version = $2 AND decision IS NULL",
            )
            .bind(id)
            .bind(version)
            .bind(user)
            .bind(micros(until))
            .execute(&mut *conn)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// Writes a decision on the pair read at `expected_version` and ends its lease; a pair that
    /// changed meanwhile is `Conflict` with its current version.
    pub async fn decide_linkage_pair(&mut self, id: i64, expected_version: i64, d: PairDecision<'_>) -> Result<i64> {
        let written: Option<i64> = with_conn!(self, |conn| {
            sqlx::query_scalar(
                "UPDATE linkage_pair SET decision = $3, note = $4, decided_by = $5, decided_by_name = $6, decided_at = $7, \
                 lease_by = NULL, lease_until = NULL, version = version + 1 \
                 WHERE id = $1 AND version = $2 RETURNING version",
            )
            .bind(id)
            .bind(expected_version)
            .bind(d.decision)
            .bind(d.note)
            .bind(d.by)
            .bind(d.by_name)
            .bind(micros(d.at))
            .fetch_optional(&mut *conn)
            .await?
        });
        match written {
            Some(version) => Ok(version),
            None => Err(StoreError::Conflict { current_version: self.linkage_pair(id).await?.version }),
        }
    }
}
