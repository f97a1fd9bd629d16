//! Backup and restore.
//!
//! SQLite: `VACUUM INTO` writes a consistent copy while the database is in use;
//! restore copies that file over the target (with no server running on it).
//! PostgreSQL: `pg_dump` writes a plain SQL dump and `psql` replays it into an
//! empty database, so dumps are interchangeable with the standard tools.
//!
//! A backup carries no sessions and no sign-in throttle state (a restored
//! server must not accept the old server's session tokens), and restore clears
//! them too, for backups made before that rule. Neither leaves a half-written
//! file behind: the SQLite copy is written under a temporary name and renamed
//! into place only when complete; PostgreSQL restores in one transaction.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Backend, Result, Store, StoreError, with_conn};

/// Every table with a stable ordering, for [`Store::fingerprint`].
pub(crate) const TABLES: [(&str, &str); 36] = [
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
    ("disbursement_target", "fiscal_year, quarter"),
    ("app_user", "id"),
    ("user_session", "token_hash"),
    ("login_throttle", "throttle_key"),
    ("import_record", "content_hash, report_id"),
    ("planning_proposal", "id"),
    ("stat_dataset", "id"),
    ("stat_release", "dataset_id, number"),
    ("stat_revision", "dataset_id, series, period, release_number"),
    ("stat_register", "id"),
    ("attachment", "id"),
    ("pending_upload", "token_hash"),
    ("portfolio_generation", "id"),
    ("kpi_agreement", "id"),
    ("kpi_indicator", "id"),
    ("kpi_round", "indicator_id, months"),
    ("kpi_evidence", "id"),
    ("pmqa_assessment", "id"),
    ("audit", "id"),
];

/// Tables whose rows a backup leaves out: live credentials, transient counters
/// and previews waiting for confirmation.
const NOT_BACKED_UP: [&str; 3] = ["user_session", "login_throttle", "pending_upload"];

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes a SQLite file and its journal files, ignoring ones that are not there.
fn remove_sqlite_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}

/// Opens the standalone SQLite file at `path` in rollback-journal mode (so it stays
/// one file) and deletes what a backup must not carry.
async fn strip_sqlite_copy(path: &Path, vacuum: bool) -> Result<()> {
    use sqlx::Connection;
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Delete);
    let mut conn = sqlx::SqliteConnection::connect_with(&options).await?;
    // A damaged copy (truncated, overwritten) must fail here, not become a database.
    let check = sqlx::query_scalar::<_, String>("PRAGMA integrity_check").fetch_all(&mut conn).await?;
    if check.first().map(String::as_str) != Some("ok") {
        return Err(StoreError::Backup(format!("{} is damaged: {}", path.display(), check.join("; "))));
    }
    for table in NOT_BACKED_UP {
        // A backup from before a table existed simply has nothing to delete.
        let exists =
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1")
                .bind(table)
                .fetch_one(&mut conn)
                .await?;
        if exists > 0 {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}"))).execute(&mut conn).await?;
        }
    }
    if vacuum {
        // So the deleted rows do not linger in free pages of the file.
        sqlx::query("VACUUM").execute(&mut conn).await?;
    }
    conn.close().await?;
    Ok(())
}

/// Writes a backup of `store` to `target` (which must not exist).
pub async fn backup(store: &Store, target: &Path) -> Result<()> {
    if target.exists() {
        return Err(StoreError::Backup(format!("{} already exists", target.display())));
    }
    match store.backend() {
        Backend::Sqlite => {
            let path = target.to_str().ok_or_else(|| StoreError::Backup("backup path is not UTF-8".into()))?;
            let partial = with_suffix(target, ".partial");
            let partial_text = format!("{path}.partial");
            remove_sqlite_files(&partial);
            let written = async {
                // VACUUM cannot run inside a transaction: use the pool directly.
                let crate::Pool::Sqlite(pool) = &store.pool else { unreachable!("backend is sqlite") };
                sqlx::query("VACUUM INTO $1").bind(&partial_text).execute(pool).await?;
                strip_sqlite_copy(&partial, true).await?;
                std::fs::rename(&partial, target)
                    .map_err(|error| StoreError::Backup(format!("rename to {}: {error}", target.display())))
            }
            .await;
            if written.is_err() {
                remove_sqlite_files(&partial);
            }
            written
        }
        Backend::Postgres => {
            let partial = with_suffix(target, ".partial");
            let mut command = Command::new("pg_dump");
            command.args(["--no-owner", "--no-privileges", "--format=plain"]);
            for table in NOT_BACKED_UP {
                command.arg(format!("--exclude-table-data={table}"));
            }
            let output = command
                .arg("--file")
                .arg(&partial)
                .arg(pg_url(store.url()))
                .output()
                .map_err(|error| StoreError::Backup(format!("cannot run pg_dump: {error}")))?;
            if !output.status.success() {
                let _ = std::fs::remove_file(&partial);
                return Err(StoreError::Backup(format!("pg_dump failed: {}", String::from_utf8_lossy(&output.stderr))));
            }
            std::fs::rename(&partial, target).map_err(|error| {
                let _ = std::fs::remove_file(&partial);
                StoreError::Backup(format!("rename to {}: {error}", target.display()))
            })
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
        // Build the database under a temporary name and move it into place only
        // when it opened, migrated and was cleared: a failure leaves nothing at `path`.
        let partial = with_suffix(Path::new(path), ".partial");
        remove_sqlite_files(&partial);
        let built = async {
            std::fs::copy(source, &partial)
                .map_err(|error| StoreError::Backup(format!("copy to {}: {error}", partial.display())))?;
            strip_sqlite_copy(&partial, false).await?;
            // Opening runs any migrations newer than the backup.
            let partial_url = format!("sqlite:{}", partial.display());
            Store::connect(&partial_url).await?.close().await;
            // Back to one self-contained file before it takes its final name.
            strip_sqlite_copy(&partial, false).await?;
            if Path::new(path).exists() {
                return Err(StoreError::Backup(format!("{path} already exists; restore into a new file")));
            }
            std::fs::rename(&partial, path).map_err(|error| StoreError::Backup(format!("rename to {path}: {error}")))
        }
        .await;
        remove_sqlite_files(&partial);
        built
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
        let store = Store::connect(url).await?;
        let mut tx = store.begin().await?;
        for table in NOT_BACKED_UP {
            with_conn!(tx, |conn| {
                sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}"))).execute(&mut *conn).await?;
            });
        }
        tx.commit().await?;
        store.close().await;
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
