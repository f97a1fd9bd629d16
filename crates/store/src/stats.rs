//! The Statistics Sharing Hub's tables: datasets, releases and revisions.
//!
//! A release is stored as what `tidtam_stats::release::History::publish`
//! computed: one `stat_release` row and one `stat_revision` row per change.
//! Reading a dataset's history back gives the same `History`, so every rule
//! about vintages (read a release, as published on a date, diff, updatedAfter)
//! lives once, in `tidtam-stats`. Rows are never updated or deleted (triggers).

use tidtam_domain::policy::StatScope;
use tidtam_stats::load::Mapping;
use tidtam_stats::model::{Dataset, ObsStatus, Observation};
use tidtam_stats::period::Period;
use tidtam_stats::release::{History, Release, Revision};

use crate::{Backend, Result, StoreError, Tx, micros, timestamp, with_conn};

/// A dataset as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct StatDatasetRow {
    pub id: i64,
    pub agency_id: i64,
    pub agency_name: String,
    pub dataset: Dataset,
    pub mapping: Option<Mapping>,
    pub published: bool,
    pub created_at: jiff::Timestamp,
    pub modified_at: jiff::Timestamp,
    pub version: i64,
    /// Releases so far, and when the last was published.
    pub releases: i64,
    pub last_release_at: Option<jiff::Timestamp>,
}

/// Who loaded a release and from what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseSource<'a> {
    pub file_name: &'a str,
    pub loaded_by: Option<i64>,
    pub loaded_by_name: &'a str,
}

/// How a dataset list is ordered (the orders CKAN clients ask for).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatSort {
    /// Newest change first, then by code (CKAN's default after relevance).
    #[default]
    ModifiedDesc,
    ModifiedAsc,
    /// By code (a harvester's `sort=id asc`).
    CodeAsc,
    CodeDesc,
}

/// Conditions on a dataset list; `None`/empty means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatFilter {
    /// Every term must occur in the dataset's search text (already normalised).
    pub terms: Vec<String>,
    pub agency_id: Option<i64>,
    pub sector: Option<String>,
    /// Changed at or after (a harvester's `metadata_modified:[X TO *]`).
    pub modified_since: Option<jiff::Timestamp>,
    pub sort: StatSort,
}

/// Where a page of revisions ended: the last row's primary key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevisionCursor {
    pub series: String,
    pub period: String,
    pub release: i64,
}

type RevisionRow = (String, String, i64, Option<f64>, String, bool);

fn revision(dataset_id: i64, (series, period, release, value, status, deleted): RevisionRow) -> Result<Revision> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("stat_revision {dataset_id} {series} {period}: {what}"));
    Ok(Revision {
        release: release as u32,
        observation: Observation {
            series: series.split('.').map(str::to_owned).collect(),
            period: Period::parse_sdmx(&period).ok_or_else(|| corrupt("period"))?,
            value,
            status: ObsStatus::from_code(&status).ok_or_else(|| corrupt("status"))?,
        },
        deleted,
    })
}

type Row = (i64, i64, String, String, Option<String>, bool, i64, i64, i64, i64, Option<i64>);

const COLUMNS: &str = "d.id, d.agency_id, o.name, d.definition, d.mapping, d.published, d.created_at, d.modified_at, \
     d.version, (SELECT COUNT(*) FROM stat_release r WHERE r.dataset_id = d.id), \
     (SELECT MAX(r.published_at) FROM stat_release r WHERE r.dataset_id = d.id)";
const FROM: &str = "FROM stat_dataset d JOIN org_unit o ON o.id = d.agency_id";

fn dataset_row(row: Row) -> Result<StatDatasetRow> {
    let dataset: Dataset = serde_json::from_str(&row.3)
        .map_err(|e| StoreError::Corrupt(format!("stat_dataset {} definition: {e}", row.0)))?;
    let mapping = row
        .4
        .as_deref()
        .map(serde_json::from_str::<Mapping>)
        .transpose()
        .map_err(|e| StoreError::Corrupt(format!("stat_dataset {} mapping: {e}", row.0)))?;
    Ok(StatDatasetRow {
        id: row.0,
        agency_id: row.1,
        agency_name: row.2,
        dataset,
        mapping,
        published: row.5,
        created_at: timestamp(row.6),
        modified_at: timestamp(row.7),
        version: row.8,
        releases: row.9,
        last_release_at: row.10.map(timestamp),
    })
}

/// The scope as SQL over `d`, with `$1` bound to the agency (NULL when unused).
fn scope_condition(scope: StatScope) -> (&'static str, Option<i64>) {
    match scope {
        StatScope::All => ("($1 IS NULL OR $1 IS NOT NULL)", None),
        StatScope::PublishedAndAgency(agency) => ("(d.published = TRUE OR d.agency_id = $1)", Some(agency)),
        StatScope::Published => ("(d.published = TRUE AND $1 IS NULL)", None),
    }
}

impl Tx {
    /// Stores a new dataset (a draft); returns its id. A taken code is `Unique`.
    pub async fn insert_stat_dataset(
        &mut self,
        agency_id: i64,
        dataset: &Dataset,
        search_text: &str,
        at: jiff::Timestamp,
    ) -> Result<i64> {
        let definition = serde_json::to_string(dataset).expect("datasets serialise");
        let id = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO stat_dataset (code, agency_id, definition, search_text, created_at, modified_at) \
                 VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
            )
            .bind(&dataset.id)
            .bind(agency_id)
            .bind(&definition)
            .bind(search_text)
            .bind(micros(at))
            .fetch_one(&mut *conn)
            .await?
        });
        Ok(id)
    }

    /// Replaces a dataset's definition, mapping and publication if it is still at
    /// `expected_version`; returns the new version.
    #[allow(clippy::too_many_arguments)]
    pub async fn update_stat_dataset(
        &mut self,
        id: i64,
        expected_version: i64,
        dataset: &Dataset,
        mapping: Option<&Mapping>,
        published: bool,
        search_text: &str,
        at: jiff::Timestamp,
    ) -> Result<i64> {
        let definition = serde_json::to_string(dataset).expect("datasets serialise");
        let mapping = mapping.map(|m| serde_json::to_string(m).expect("mappings serialise"));
        let updated = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "UPDATE stat_dataset SET definition = $3, mapping = $4, published = $5, search_text = $6, \
                 modified_at = $7, version = version + 1 WHERE id = $1 AND version = $2 RETURNING version",
            )
            .bind(id)
            .bind(expected_version)
            .bind(&definition)
            .bind(&mapping)
            .bind(published)
            .bind(search_text)
            .bind(micros(at))
            .fetch_optional(&mut *conn)
            .await?
        });
        match updated {
            Some(version) => Ok(version),
            None => {
                let current = self.stat_dataset(&dataset.id).await?;
                Err(StoreError::Conflict { current_version: current.version })
            }
        }
    }

    /// The dataset with this code (SDMX id).
    pub async fn stat_dataset(&mut self, code: &str) -> Result<StatDatasetRow> {
        let sql = format!("SELECT {COLUMNS} {FROM} WHERE d.code = $1");
        let row = with_conn!(self, |conn| {
            sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql)).bind(code).fetch_optional(&mut *conn).await?
        });
        dataset_row(row.ok_or(StoreError::NotFound)?)
    }

    /// Datasets in `scope` matching `filter`, one page, and the total.
    pub async fn list_stat_datasets(
        &mut self,
        scope: StatScope,
        filter: &StatFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<StatDatasetRow>, i64)> {
        let (scope_sql, agency) = scope_condition(scope);
        // Thai has no spaces between words, so a term matches anywhere in the text.
        let contains = match self.backend() {
            Backend::Sqlite => "instr(d.search_text, $N) > 0",
            Backend::Postgres => "strpos(d.search_text, $N) > 0",
        };
        let mut conditions = vec![
            scope_sql.to_owned(),
            crate::when_set(filter.agency_id.is_some(), "$2", "d.agency_id = $2"),
            crate::when_set(filter.sector.is_some(), "$3", "d.definition LIKE $3"),
            crate::when_set(filter.modified_since.is_some(), "$4", "d.modified_at >= $4"),
        ];
        for i in 0..filter.terms.len() {
            conditions.push(contains.replace("$N", &format!("${}", i + 7)));
        }
        let order = match filter.sort {
            StatSort::ModifiedDesc => "d.modified_at DESC, d.code",
            StatSort::ModifiedAsc => "d.modified_at, d.code",
            StatSort::CodeAsc => "d.code",
            StatSort::CodeDesc => "d.code DESC",
        };
        let conditions = conditions.join(" AND ");
        let list_sql = format!("SELECT {COLUMNS} {FROM} WHERE {conditions} ORDER BY {order} LIMIT $5 OFFSET $6");
        let count_sql = format!("SELECT COUNT(*) {FROM} WHERE {conditions} AND $5 >= 0 AND $6 >= 0");
        // The sector is matched inside the stored definition ("sector":"S02"), exact to the quote.
        let sector = filter.sector.as_ref().map(|s| format!("%\"sector\":\"{}\"%", s.replace(['%', '_', '"'], "")));
        macro_rules! bind_all {
            ($query:expr) => {{
                let mut query = $query
                    .bind(agency)
                    .bind(filter.agency_id)
                    .bind(&sector)
                    .bind(filter.modified_since.map(micros))
                    .bind(limit)
                    .bind(offset);
                for term in &filter.terms {
                    query = query.bind(term);
                }
                query
            }};
        }
        let (rows, total) = with_conn!(self, |conn| {
            let rows = bind_all!(sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(list_sql))).fetch_all(&mut *conn).await?;
            let total =
                bind_all!(sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql))).fetch_one(&mut *conn).await?;
            (rows, total)
        });
        Ok((rows.into_iter().map(dataset_row).collect::<Result<_>>()?, total))
    }

    /// The first and last fiscal years (BE) of the published projects, if any:
    /// the years the portfolio dataset covers.
    pub async fn published_project_years(&mut self) -> Result<Option<(i32, i32)>> {
        let range = with_conn!(self, |conn| {
            sqlx::query_as::<_, (Option<i64>, Option<i64>)>(
                "SELECT CAST(MIN(start_year) AS BIGINT), CAST(MAX(end_year) AS BIGINT) FROM project WHERE published = TRUE",
            )
            .fetch_one(&mut *conn)
            .await?
        });
        Ok(match range {
            (Some(first), Some(last)) => Some((first as i32, last as i32)),
            _ => None,
        })
    }

    /// Every release and revision of a dataset, as a `History`.
    pub async fn stat_history(&mut self, dataset_id: i64) -> Result<History> {
        let releases = self.stat_releases(dataset_id).await?;
        let revisions = with_conn!(self, |conn| {
            sqlx::query_as::<_, RevisionRow>(
                "SELECT series, period, release_number, value, status, deleted FROM stat_revision \
                 WHERE dataset_id = $1 ORDER BY release_number, series, period",
            )
            .bind(dataset_id)
            .fetch_all(&mut *conn)
            .await?
        });
        let revisions = revisions.into_iter().map(|r| revision(dataset_id, r)).collect::<Result<_>>()?;
        Ok(History { releases, revisions })
    }

    /// A dataset's releases, in order (without their revisions).
    pub async fn stat_releases(&mut self, dataset_id: i64) -> Result<Vec<Release>> {
        let releases = with_conn!(self, |conn| {
            sqlx::query_as::<_, (i64, i64, String)>(
                "SELECT number, published_at, note FROM stat_release WHERE dataset_id = $1 ORDER BY number",
            )
            .bind(dataset_id)
            .fetch_all(&mut *conn)
            .await?
        });
        Ok(releases
            .into_iter()
            .map(|(number, at, note)| Release { number: number as u32, published_at: timestamp(at), note })
            .collect())
    }

    /// One page of a dataset's revisions of the releases in `releases` (1..=n:
    /// every one up to release n; n..=n: release n's alone), in the primary
    /// key's order (series text, period text, release; byte order on both
    /// back-ends: `series` and `period` are `COLLATE "C"` on PostgreSQL), after
    /// `after` and, when given, with series text in `[low, high)`. The page is
    /// a keyset read on the primary key, so reading a dataset of any size a
    /// page at a time costs the same per page; releases are append-only, so
    /// pages read in separate transactions add up to one release exactly.
    pub async fn stat_revision_page(
        &mut self,
        dataset_id: i64,
        releases: std::ops::RangeInclusive<u32>,
        range: Option<(&str, &str)>,
        after: Option<&RevisionCursor>,
        limit: i64,
    ) -> Result<Vec<(Revision, RevisionCursor)>> {
        let (low, high) = range.unzip();
        let low = low.filter(|_| after.is_none());
        let sql = format!(
            "SELECT series, period, release_number, value, status, deleted FROM stat_revision \
             WHERE dataset_id = $1 AND release_number <= $2 AND release_number >= $9 AND {} AND {} AND {} \
             ORDER BY series, period, release_number LIMIT $8",
            // After a cursor, the row value is the lower bound: SQLite would otherwise
            // start every page at the range's start and skip the pages before.
            crate::when_set(low.is_some(), "$3", "series >= $3"),
            crate::when_set(high.is_some(), "$4", "series < $4"),
            crate::when_set(
                after.is_some(),
                "$5 IS NULL AND $6 IS NULL AND $7",
                "(series, period, release_number) > ($5, $6, $7)"
            ),
        );
        let rows = with_conn!(self, |conn| {
            sqlx::query_as::<_, RevisionRow>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(dataset_id)
                .bind(i64::from(*releases.end()))
                .bind(low)
                .bind(high)
                .bind(after.map(|a| a.series.as_str()))
                .bind(after.map(|a| a.period.as_str()))
                .bind(after.map(|a| a.release))
                .bind(limit)
                .bind(i64::from(*releases.start()))
                .fetch_all(&mut *conn)
                .await?
        });
        rows.into_iter()
            .map(|row| {
                let cursor = RevisionCursor { series: row.0.clone(), period: row.1.clone(), release: row.2 };
                Ok((revision(dataset_id, row)?, cursor))
            })
            .collect()
    }

    /// Appends a release and its revisions (a taken number is `Unique`: two loads raced).
    pub async fn insert_stat_release(
        &mut self,
        dataset_id: i64,
        release: &Release,
        revisions: &[Revision],
        counts: (i64, i64, i64),
        source: &ReleaseSource<'_>,
    ) -> Result<()> {
        with_conn!(self, |conn| {
            sqlx::query(
                "INSERT INTO stat_release (dataset_id, number, published_at, note, source_name, loaded_by, \
                 loaded_by_name, added, revised, deleted) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(dataset_id)
            .bind(i64::from(release.number))
            .bind(micros(release.published_at))
            .bind(&release.note)
            .bind(source.file_name)
            .bind(source.loaded_by)
            .bind(source.loaded_by_name)
            .bind(counts.0)
            .bind(counts.1)
            .bind(counts.2)
            .execute(&mut *conn)
            .await?;
            // Many rows per statement: one round trip per 500 revisions, not per revision.
            for chunk in revisions.chunks(500) {
                let sql = format!(
                    "INSERT INTO stat_revision (dataset_id, series, period, release_number, value, status, deleted) VALUES {}",
                    crate::values_placeholders(chunk.len(), 7)
                );
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for r in chunk {
                    let o = &r.observation;
                    query = query
                        .bind(dataset_id)
                        .bind(o.series.join("."))
                        .bind(o.period.sdmx())
                        .bind(i64::from(r.release))
                        .bind(o.value)
                        .bind(o.status.code())
                        .bind(r.deleted);
                }
                query.execute(&mut *conn).await?;
            }
        });
        Ok(())
    }

    /// Marks a dataset changed (a new release changes what it publishes).
    pub async fn touch_stat_dataset(&mut self, id: i64, at: jiff::Timestamp) -> Result<()> {
        with_conn!(self, |conn| {
            sqlx::query("UPDATE stat_dataset SET modified_at = $2 WHERE id = $1")
                .bind(id)
                .bind(micros(at))
                .execute(&mut *conn)
                .await?;
        });
        Ok(())
    }
}

/// One code of a list kept in the database (`stat_code`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatCodeRow {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub position: i64,
}

impl Tx {
    /// The codes of a list in their order (none for a list the database does not keep).
    pub async fn stat_codes(&mut self, list_id: &str) -> Result<Vec<StatCodeRow>> {
        let rows = with_conn!(self, |conn| {
            sqlx::query_as::<_, (String, String, String, i64)>(
                "SELECT code, name_th, name_en, CAST(position AS BIGINT) FROM stat_code WHERE list_id = $1 ORDER BY position, code",
            )
            .bind(list_id)
            .fetch_all(&mut *conn)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(code, name_th, name_en, position)| StatCodeRow { code, name_th, name_en, position })
            .collect())
    }

    /// Adds a code at the end of its list; a taken code is `Unique`.
    pub async fn insert_stat_code(&mut self, list_id: &str, code: &str, name_th: &str, name_en: &str) -> Result<i64> {
        let position = with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO stat_code (list_id, code, name_th, name_en, position) \
                 SELECT $1, $2, $3, $4, COALESCE(MAX(position), 0) + 1 FROM stat_code WHERE list_id = $1 \
                 RETURNING CAST(position AS BIGINT)",
            )
            .bind(list_id)
            .bind(code)
            .bind(name_th)
            .bind(name_en)
            .fetch_one(&mut *conn)
            .await?
        });
        Ok(position)
    }

    /// Renames a code; returns it as it was (`NotFound` if the list has no such code).
    pub async fn rename_stat_code(
        &mut self,
        list_id: &str,
        code: &str,
        name_th: &str,
        name_en: &str,
    ) -> Result<StatCodeRow> {
        let before =
            self.stat_codes(list_id).await?.into_iter().find(|c| c.code == code).ok_or(StoreError::NotFound)?;
        with_conn!(self, |conn| {
            sqlx::query("UPDATE stat_code SET name_th = $3, name_en = $4 WHERE list_id = $1 AND code = $2")
                .bind(list_id)
                .bind(code)
                .bind(name_th)
                .bind(name_en)
                .execute(&mut *conn)
                .await?;
        });
        Ok(before)
    }
}
