//! tidtam's database: one schema on SQLite (the embedded default) and PostgreSQL.
//!
//! [`Store::connect`] picks the back-end from the URL scheme (`sqlite:` or
//! `postgres:`/`postgresql:`); anything else is an error, so a typo never creates
//! a stray SQLite file. Migrations live in `migrations/{sqlite,postgres}/` under
//! identical names and run at connect time.
//!
//! All reads and writes go through a [`Tx`] (a transaction) so that the service
//! layer decides where transactions start and end. SQL is written once with
//! `$n` placeholders, which both back-ends accept; the `with_conn!` macro compiles
//! each body once per back-end (vaultwarden's `db_run!`). Where the dialects
//! differ (full-text search, backup) the code has one arm per back-end.
//!
//! Row types convert to `tidtam-domain` types inside this crate; nothing above it
//! sees sqlx.

mod attachment;
mod audit;
mod backup;
mod bulk;
mod error;
mod linkage;
mod org;
mod performance;
mod portfolio;
mod project;
mod proposal;
mod province;
mod register;
mod report;
mod rows;
mod search;
mod stats;
mod upload;
mod user;

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::pool::PoolOptions;
use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqliteSynchronous};

pub use attachment::{AttachmentRow, NewAttachment};
pub use audit::{AuditEntry, AuditFilter, NewAuditEntry};
pub use backup::{backup, restore};
pub use bulk::{BulkProject, BulkReport};
pub use error::StoreError;
pub use linkage::{LinkageJobRow, LinkagePairRow, NewLinkagePair, PairDecision, PairFilter};
pub use performance::{AgreementRow, AssessmentRow, EvidenceFile, EvidenceRow, IndicatorRow, RoundRow};
pub use portfolio::{GroupBy, PortfolioFilter, PortfolioRow};
pub use project::{ProjectFilter, ProjectSort, ProjectSortKey, ProjectSummary, QuarterReport};
pub use proposal::ProposalFilter;
pub use province::ProvincePlanRow;
pub use register::RegisterRow;
pub use report::{LateEntry, LateRule, ReportBody, ReportFigures, ReportFilter, ReportRevision, ReportSummary};
pub use stats::{ReleaseSource, RevisionCursor, StatCodeRow, StatDatasetRow, StatFilter, StatSort};
pub use upload::PendingUpload;
pub use user::{SessionRow, Throttle, UserRow};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database a store talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Which records a query may return, mirroring `tidtam_domain::policy::ReadScope`.
pub use tidtam_domain::policy::ReadScope;

/// A connection pool to one database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
    url: String,
    /// Who changed the portfolio last, and to which generation, as this process
    /// committed it ([`Store::portfolio_written_by`]).
    portfolio_writers: Arc<PortfolioWriters>,
}

/// The portfolio generation each user's last committed write produced, for
/// reading one's own writes when readers may lag ([`Store::portfolio_written_by`]).
#[derive(Debug, Default)]
struct PortfolioWriters(std::sync::Mutex<HashMap<i64, i64>>);

/// The most users remembered; past it the record starts again (whoever is
/// forgotten reads current aggregates at worst one recomputation late).
const PORTFOLIO_WRITERS: usize = 10_000;

impl PortfolioWriters {
    fn record(&self, user: i64, generation: i64) {
        let mut writers = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if writers.len() >= PORTFOLIO_WRITERS && !writers.contains_key(&user) {
            writers.clear();
        }
        let last = writers.entry(user).or_insert(generation);
        *last = (*last).max(generation);
    }
}

#[derive(Clone, Debug)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open transaction. Dropping it without [`Tx::commit`] rolls back.
pub struct Tx {
    inner: TxInner,
    /// The user an audit entry of this transaction names ([`Tx::append_audit`]).
    writer: Option<i64>,
    /// The portfolio generation this transaction moved to, if it did.
    portfolio_generation: Option<i64>,
    /// Where a committed write to the portfolio is recorded (writes only).
    portfolio_writers: Option<Arc<PortfolioWriters>>,
}

enum TxInner {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Runs `$body` with `$conn` bound to the transaction's connection, compiled once
/// per back-end.
macro_rules! with_conn {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match &mut $tx.inner {
            $crate::TxInner::Sqlite(transaction) => {
                let $conn: &mut sqlx::SqliteConnection = &mut **transaction;
                $body
            }
            $crate::TxInner::Postgres(transaction) => {
                let $conn: &mut sqlx::PgConnection = &mut **transaction;
                $body
            }
        }
    };
}
pub(crate) use with_conn;

impl Store {
    /// Connects to `url` and runs pending migrations.
    ///
    /// `sqlite:PATH` creates the file when missing (`sqlite::memory:` is refused:
    /// every pooled connection would see its own empty database).
    pub async fn connect(url: &str) -> Result<Store> {
        let pool = if url.starts_with("sqlite:") {
            if url.contains(":memory:") || url.contains("mode=memory") {
                return Err(StoreError::BadUrl(format!("{url}: in-memory SQLite is not supported; give a file")));
            }
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|error| StoreError::BadUrl(format!("{url}: {error}")))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = PoolOptions::<sqlx::Sqlite>::new().max_connections(8).connect_with(options).await?;
            sqlx::migrate!("./migrations/sqlite")
                .run(&pool)
                .await
                .map_err(|error| StoreError::Migrate(error.to_string()))?;
            Pool::Sqlite(pool)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options =
                PgConnectOptions::from_str(url).map_err(|error| StoreError::BadUrl(format!("{url}: {error}")))?;
            let pool = PoolOptions::<sqlx::Postgres>::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(options)
                .await?;
            sqlx::migrate!("./migrations/postgres")
                .run(&pool)
                .await
                .map_err(|error| StoreError::Migrate(error.to_string()))?;
            Pool::Postgres(pool)
        } else {
            return Err(StoreError::BadUrl(format!("{url}: the database URL must start with sqlite: or postgres:")));
        };
        Ok(Store { pool, url: url.to_owned(), portfolio_writers: Arc::default() })
    }

    /// The portfolio generation the user's last write committed through this
    /// store produced (`None`: no such write since the process started). Readers
    /// who may be answered from aggregates one recomputation old
    /// (`tidtam_service::Service::allowing_lag`) still see their own writes.
    pub fn portfolio_written_by(&self, user: i64) -> Option<i64> {
        self.portfolio_writers.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get(&user).copied()
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// A transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so two writers queue on the busy timeout instead of
    /// failing when a read lock cannot be upgraded.
    pub async fn begin(&self) -> Result<Tx> {
        let inner = match &self.pool {
            Pool::Sqlite(pool) => TxInner::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(pool) => TxInner::Postgres(pool.begin().await?),
        };
        Ok(Tx {
            inner,
            writer: None,
            portfolio_generation: None,
            portfolio_writers: Some(self.portfolio_writers.clone()),
        })
    }

    /// A transaction that only reads (a consistent snapshot on both back-ends).
    pub async fn begin_read(&self) -> Result<Tx> {
        let inner = match &self.pool {
            Pool::Sqlite(pool) => TxInner::Sqlite(pool.begin().await?),
            Pool::Postgres(pool) => {
                TxInner::Postgres(pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?)
            }
        };
        Ok(Tx { inner, writer: None, portfolio_generation: None, portfolio_writers: None })
    }

    /// After a bulk load on PostgreSQL: `VACUUM (ANALYZE)` the portfolio summary so
    /// its visibility map is set and the aggregate gets index-only scans at once
    /// instead of after the next autovacuum. Outside any transaction (VACUUM
    /// cannot run in one); nothing to do on SQLite, whose table is clustered.
    pub async fn vacuum_portfolio_summary(&self) -> Result<()> {
        if let Pool::Postgres(pool) = &self.pool {
            sqlx::query("VACUUM (ANALYZE) portfolio_summary").execute(pool).await?;
        }
        Ok(())
    }

    /// Closes every pooled connection.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }

    /// Row counts of every table and a digest of their contents, for comparing two
    /// databases (backup round trips, two-back-end checks).
    pub async fn fingerprint(&self) -> Result<Vec<(String, i64, String)>> {
        let mut tx = self.begin_read().await?;
        let mut out = Vec::new();
        for (table, order) in backup::TABLES {
            let sql = format!("SELECT * FROM {table} ORDER BY {order}");
            let digest = with_conn!(tx, |conn| {
                use sqlx::{Column, Row, TypeInfo, ValueRef};
                let rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone())).fetch_all(&mut *conn).await?;
                let mut text = String::new();
                for row in &rows {
                    for (index, column) in row.columns().iter().enumerate() {
                        if column.name() == "document" {
                            continue;
                        }
                        let raw = row.try_get_raw(index)?;
                        let value = if raw.is_null() {
                            "∅".to_string()
                        } else {
                            match raw.type_info().name() {
                                "INTEGER" | "INT8" | "BIGINT" | "BOOLEAN" | "BOOL" => {
                                    match row.try_get::<i64, _>(index) {
                                        Ok(number) => number.to_string(),
                                        Err(_) => row.try_get::<bool, _>(index).map(|b| i64::from(b).to_string())?,
                                    }
                                }
                                // PostgreSQL's INTEGER columns (some later tables use them) decode only as i32.
                                "INT4" | "INT2" => row.try_get::<i32, _>(index)?.to_string(),
                                "REAL" | "FLOAT8" | "DOUBLE PRECISION" => {
                                    format!("{:.6}", row.try_get::<f64, _>(index)?)
                                }
                                _ => row.try_get::<String, _>(index)?,
                            }
                        };
                        text.push_str(&value);
                        text.push('\u{1f}');
                    }
                    text.push('\n');
                }
                (rows.len() as i64, text)
            });
            out.push((table.to_string(), digest.0, format!("{:016x}", fnv1a(digest.1.as_bytes()))));
        }
        tx.rollback().await?;
        Ok(out)
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.commit().await?,
            TxInner::Postgres(tx) => tx.commit().await?,
        }
        if let (Some(writers), Some(user), Some(generation)) =
            (&self.portfolio_writers, self.writer, self.portfolio_generation)
        {
            writers.record(user, generation);
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.rollback().await?,
            TxInner::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self.inner {
            TxInner::Sqlite(_) => Backend::Sqlite,
            TxInner::Postgres(_) => Backend::Postgres,
        }
    }
}

/// Time as stored: Unix microseconds.
/// The `VALUES` list of a multi-row INSERT: `rows` groups of `columns`
/// numbered placeholders, `($1, $2), ($3, $4)`, the form both back-ends read.
pub(crate) fn values_placeholders(rows: usize, columns: usize) -> String {
    use std::fmt::Write;
    let mut sql = String::with_capacity(rows * columns * 6);
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..columns {
            if column > 0 {
                sql.push_str(", ");
            }
            let _ = write!(sql, "${}", row * columns + column + 1);
        }
        sql.push(')');
    }
    sql
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_placeholders_number_every_column_of_every_row() {
        assert_eq!(super::values_placeholders(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(super::values_placeholders(1, 1), "($1)");
        assert_eq!(super::values_placeholders(0, 4), "");
    }
}

pub(crate) fn micros(at: jiff::Timestamp) -> i64 {
    at.as_microsecond()
}

pub(crate) fn timestamp(micros: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_microsecond(micros).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// A page of a list: 1-based page number and size (capped at 500).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl PageRequest {
    pub fn new(page: u32, per_page: u32) -> PageRequest {
        PageRequest { page: page.max(1), per_page: per_page.clamp(1, 500) }
    }

    pub(crate) fn limit(self) -> i64 {
        i64::from(self.per_page)
    }

    pub(crate) fn offset(self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest::new(1, 50)
    }
}

/// A read scope as SQL: the condition on the project `p`, and the values to bind
/// as `$1` (the scope's agency or division id) and `$2` (1 when only approved
/// reports may be seen, as the domain's `ReadScope::reports` decides). Every arm
/// names both parameters, so their numbers and PostgreSQL's inferred types never
/// depend on the scope; the store matches on the domain's type, never on text.
pub(crate) fn scope_sql(scope: ReadScope) -> (&'static str, Option<i64>, i64) {
    let approved_only = match scope.reports() {
        tidtam_domain::policy::ReportVisibility::Any => 0,
        tidtam_domain::policy::ReportVisibility::ApprovedOnly => 1,
    };
    let (condition, id) = match scope {
        ReadScope::All => ("($1 IS NULL AND $2 IN (0, 1))", None),
        ReadScope::Agency(id) => ("(p.agency_id = $1 AND $2 IN (0, 1))", Some(id)),
        ReadScope::Division(id) => ("(p.owner_division_id = $1 AND $2 IN (0, 1))", Some(id)),
        ReadScope::Published => ("(p.published = TRUE AND $1 IS NULL AND $2 IN (0, 1))", None),
        ReadScope::Nothing => ("(1 = 0 AND $1 IS NULL AND $2 IN (0, 1))", None),
    };
    (condition, id, approved_only)
}

/// The reports a scope may see, with `$2` bound by [`scope_sql`].
pub(crate) const REPORT_VISIBLE: &str = "($2 = 0 OR r.status = 'approved')";

/// A filter condition for SQL text: the condition itself when the filter is set,
/// otherwise `param IS NULL` (true, since the parameter is bound as NULL).
///
/// Writing `(param IS NULL OR column = param)` instead keeps the text constant but
/// stops SQLite from using an index for any value (one plan fits all): a project's
/// reports took a scan of every project. Parameters keep their numbers either way.
pub(crate) fn when_set(set: bool, param: &str, condition: &str) -> String {
    if set { condition.to_string() } else { format!("{param} IS NULL") }
}
