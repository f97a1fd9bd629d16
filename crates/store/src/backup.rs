//! Backup and restore.
//!
//! SQLite: `VACUUM INTO` writes a consistent copy while the database is in use;
//! restore copies that file over the target (with no server running on it).
//! PostgreSQL: `pg_dump` writes a plain SQL dump and `psql` replays it into an
//! empty database, so dumps are interchangeable with the standard tools.

use std::path::Path;
use std::process::Command;

use crate::{Backend, Result, Store, StoreError, Tx};

/// Every table with a stable ordering, for [`Store::fingerprint`].
pub(crate) const TABLES: [(&str, &str); 22] = [
    ("org_unit", "id"),
    ("strategy", "id"),
    ("project", "id"),
    ("project_province", "project_id, province_code"),
    ("project_strategy", "project_id, strategy_id"),
    ("activity", "id"),
    ("instalment", "activity_id, number"),
    ("budget_year", "project_id, fiscal_year"),
    ("kpi", "id"),
    ("kpi_target", "kpi_id, fiscal_year"),
    ("report", "id"),
    ("report_activity", "report_id, seq"),
    ("report_kpi", "report_id, seq"),
    ("report_problem", "report_id, seq"),
    ("report_finding", "report_id, seq"),
    ("report_revision", "report_id, version"),
    ("quarter_deadline", "fiscal_year, quarter"),
    ("app_user", "id"),
    ("user_session", "token_hash"),
    ("login_attempt", "id"),
    ("import_record", "content_hash, report_id"),
    ("audit", "id"),
];

/// Writes a backup of `store` to `target` (which must not exist).
pub async fn backup(store: &Store, target: &Path) -> Result<()> {
    if target.exists() {
        return Err(StoreError::Backup(format!("{} already exists", target.display())));
    }
    match store.backend() {
        Backend::Sqlite => {
            let path = target.to_str().ok_or_else(|| StoreError::Backup("backup path is not UTF-8".into()))?;
            let tx: Tx = store.begin_read().await?;
            // VACUUM cannot run inside a transaction: use the pool directly.
            tx.rollback().await?;
            let crate::Pool::Sqlite(pool) = &store.pool else { unreachable!("backend is sqlite") };
            sqlx::query("VACUUM INTO $1").bind(path).execute(pool).await?;
            Ok(())
        }
        Backend::Postgres => {
            let output = Command::new("pg_dump")
                .args(["--no-owner", "--no-privileges", "--format=plain", "--file"])
                .arg(target)
                .arg(pg_url(store.url()))
                .output()
                .map_err(|error| StoreError::Backup(format!("cannot run pg_dump: {error}")))?;
            if !output.status.success() {
                return Err(StoreError::Backup(format!("pg_dump failed: {}", String::from_utf8_lossy(&output.stderr))));
            }
            Ok(())
        }
    }
}

/// Restores the backup at `source` into the database at `url`, which must be
/// empty (a SQLite file that does not exist yet, or a PostgreSQL database with no tables).
pub async fn restore(url: &str, source: &Path) -> Result<()> {
    if !source.exists() {
        return Err(StoreError::Backup(format!("{} does not exist", source.display())));
    }
    if let Some(rest) = url.strip_prefix("sqlite:") {
        let path = rest.trim_start_matches("//").split('?').next().unwrap_or_default();
        if path.is_empty() {
            return Err(StoreError::BadUrl(url.into()));
        }
        if Path::new(path).exists() {
            return Err(StoreError::Backup(format!("{path} already exists; restore into a new file")));
        }
        std::fs::copy(source, path).map_err(|error| StoreError::Backup(format!("copy to {path}: {error}")))?;
        // Opening runs any migrations newer than the backup.
        Store::connect(url).await?.close().await;
        Ok(())
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        let check = Store::connect_raw_postgres(url).await?;
        if check > 0 {
            return Err(StoreError::Backup("the target PostgreSQL database is not empty".into()));
        }
        let output = Command::new("psql")
            .args(["--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--single-transaction", "--file"])
            .arg(source)
            .arg(pg_url(url))
            .output()
            .map_err(|error| StoreError::Backup(format!("cannot run psql: {error}")))?;
        if !output.status.success() {
            return Err(StoreError::Backup(format!("psql failed: {}", String::from_utf8_lossy(&output.stderr))));
        }
        Store::connect(url).await?.close().await;
        Ok(())
    } else {
        Err(StoreError::BadUrl(format!("{url}: the database URL must start with sqlite: or postgres:")))
    }
}

/// libpq understands `postgresql://` and `postgres://` alike; sqlx-only query
/// parameters are dropped.
fn pg_url(url: &str) -> String {
    url.to_string()
}

impl Store {
    /// Number of tables in the public schema of a PostgreSQL database (without migrating it).
    async fn connect_raw_postgres(url: &str) -> Result<i64> {
        use std::str::FromStr;
        let options =
            sqlx::postgres::PgConnectOptions::from_str(url).map_err(|error| StoreError::BadUrl(error.to_string()))?;
        let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect_with(&options).await?;
        let count = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
        )
        .fetch_one(&mut conn)
        .await?;
        Ok(count)
    }
}
