//! The register of official statistics (`stat_register`) and the one query its
//! statuses need from the hub: when each series' periods were first released.
//!
//! Statuses are not stored: `tidtam_stats::register::status` computes them
//! from [`Tx::first_releases`], so the rule lives once, in `tidtam-stats`.

use tidtam_stats::period::Period;
use tidtam_stats::register::Entry;

use crate::{Result, StoreError, Tx, micros, timestamp, with_conn};

/// A register entry as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct RegisterRow {
    pub id: i64,
    pub agency_id: i64,
    pub agency_name: String,
    pub entry: Entry,
    pub created_at: jiff::Timestamp,
    pub modified_at: jiff::Timestamp,
    pub version: i64,
}

type Row = (i64, i64, String, String, i64, i64, i64);

const SELECT: &str = "SELECT r.id, r.agency_id, o.name, r.definition, r.created_at, r.modified_at, r.version \
     FROM stat_register r JOIN org_unit o ON o.id = r.agency_id";

fn register_row(row: Row) -> Result<RegisterRow> {
    let entry: Entry = serde_json::from_str(&row.3)
        .map_err(|e| StoreError::Corrupt(format!("stat_register {} definition: {e}", row.0)))?;
    Ok(RegisterRow {
        id: row.0,
        agency_id: row.1,
        agency_name: row.2,
        entry,
        created_at: timestamp(row.4),
        modified_at: timestamp(row.5),
        version: row.6,
    })
}

impl Tx {
    /// Stores a new entry; returns its id. A taken code is `Unique`.
    pub async fn insert_register_entry(&mut self, agency_id: i64, entry: &Entry, at: jiff::Timestamp) -> Result<i64> {
        let definition = serde_json::to_string(entry).expect("entries serialise");
        let id = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO stat_register (code, agency_id, definition, created_at, modified_at) \
                 VALUES ($1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(&entry.code)
            .bind(agency_id)
            .bind(&definition)
            .bind(micros(at))
            .fetch_one(&mut *conn)
            .await?
        });
        Ok(id)
    }

    /// Replaces an entry's definition and owner if it is still at `expected_version`.
    pub async fn update_register_entry(
        &mut self,
        id: i64,
        expected_version: i64,
        agency_id: i64,
        entry: &Entry,
        at: jiff::Timestamp,
    ) -> Result<i64> {
        let definition = serde_json::to_string(entry).expect("entries serialise");
        let updated = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "UPDATE stat_register SET agency_id = $3, definition = $4, modified_at = $5, version = version + 1 \
                 WHERE id = $1 AND version = $2 RETURNING version",
            )
            .bind(id)
            .bind(expected_version)
            .bind(agency_id)
            .bind(&definition)
            .bind(micros(at))
            .fetch_optional(&mut *conn)
            .await?
        });
        match updated {
            Some(version) => Ok(version),
            None => Err(StoreError::Conflict { current_version: self.register_entry(&entry.code).await?.version }),
        }
    }

    /// Removes an entry if it is still at `expected_version`.
    pub async fn delete_register_entry(&mut self, id: i64, expected_version: i64) -> Result<()> {
        let deleted = with_conn!(self, |conn| {
            sqlx::query("DELETE FROM stat_register WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(expected_version)
                .execute(&mut *conn)
                .await?
                .rows_affected()
        });
        if deleted == 0 {
            // NotFound when the entry is gone, else the version it is at now.
            let current_version = self.current_version("stat_register", id).await?;
            return Err(StoreError::Conflict { current_version });
        }
        Ok(())
    }

    /// The entry with this code.
    pub async fn register_entry(&mut self, code: &str) -> Result<RegisterRow> {
        let sql = format!("{SELECT} WHERE r.code = $1");
        let row = with_conn!(self, |conn| {
            sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql)).bind(code).fetch_optional(&mut *conn).await?
        });
        register_row(row.ok_or(StoreError::NotFound)?)
    }

    /// Every entry, by code (the register is hundreds of statistics, not millions).
    pub async fn register_entries(&mut self) -> Result<Vec<RegisterRow>> {
        let sql = format!("{SELECT} ORDER BY r.code");
        let rows = with_conn!(self, |conn| {
            sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql)).fetch_all(&mut *conn).await?
        });
        rows.into_iter().map(register_row).collect()
    }

    /// For each series and period of a dataset that some release carried (a
    /// value or a confidential cell, never a withdrawal), the first release's
    /// publication time; `indicator` keeps the series whose key starts with it.
    pub async fn first_releases(
        &mut self,
        dataset_id: i64,
        indicator: Option<&str>,
    ) -> Result<Vec<(Vec<String>, Period, jiff::Timestamp)>> {
        // A prefix compared with substr, not LIKE: codes hold `_`, LIKE's wildcard.
        let prefix = indicator.map(|i| format!("{i}."));
        let prefix_len = prefix.as_ref().map_or(0, |p| p.chars().count() as i64);
        let rows = with_conn!(self, |conn| {
            sqlx::query_as::<_, (String, String, i64)>(
                "SELECT v.series, v.period, MIN(r.published_at) FROM stat_revision v \
                 JOIN stat_release r ON r.dataset_id = v.dataset_id AND r.number = v.release_number \
                 WHERE v.dataset_id = $1 AND v.deleted = FALSE AND (v.value IS NOT NULL OR v.status = 'C') \
                 AND ($2 IS NULL OR v.series = $2 OR substr(v.series, 1, CAST($4 AS INTEGER)) = $3) \
                 GROUP BY v.series, v.period",
            )
            .bind(dataset_id)
            .bind(indicator)
            .bind(&prefix)
            .bind(prefix_len)
            .fetch_all(&mut *conn)
            .await?
        });
        rows.into_iter()
            .map(|(series, period, at)| {
                let period = Period::parse_sdmx(&period)
                    .ok_or_else(|| StoreError::Corrupt(format!("stat_revision {dataset_id} {series}: period")))?;
                Ok((series.split('.').map(str::to_owned).collect(), period, timestamp(at)))
            })
            .collect()
    }
}
