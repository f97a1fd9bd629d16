//! Test fixtures: a fresh, migrated database per test, on SQLite always and on
//! PostgreSQL when `TEST_DATABASE_URL` names a server database to create
//! scratch databases from (e.g. `postgres://postgres@127.0.0.1:5432/test`).
//!
//! [`backend_tests!`] writes a test once and instantiates it per back-end
//! (ripgrep's `rgtest!`), like `#[sqlx::test]` does for one back-end.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use tidtam_service::{Service, ServiceConfig};

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique_suffix() -> String {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed), nanos % 1_000_000)
}

/// A scratch database that is removed when dropped.
pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Directory(PathBuf),
    Postgres { admin_url: String, name: String },
}

/// The bytes of a file of `../shared/corpus` (beside the repository: from the
/// main checkout, or from a worktree one folder further down), `None` when the
/// corpus is not there.
pub fn corpus_file(relative: &str) -> Option<Vec<u8>> {
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../../../shared/corpus", "../../../../shared/corpus"]
        .iter()
        .map(|dir| crate_dir.join(dir).join(relative))
        .find(|path| path.is_file())
        .map(|path| std::fs::read(path).expect("a corpus file reads"))
}

/// Replaces the database name in a PostgreSQL URL.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

impl TestDb {
    /// A new SQLite file in a fresh temporary directory.
    pub async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join(format!("tidtam-test-{}", unique_suffix()));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        let url = format!("sqlite:{}", dir.join("test.db").display());
        TestDb { url, cleanup: Cleanup::Directory(dir) }
    }

    /// A new PostgreSQL database, or `None` when `TEST_DATABASE_URL` is unset
    /// (a panic instead when `TIDTAM_REQUIRE_POSTGRES=1`, as in `.ci/run`).
    pub async fn postgres() -> Option<TestDb> {
        let Some(admin_url) = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) else {
            assert!(
                std::env::var("TIDTAM_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "TIDTAM_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set"
            );
            return None;
        };
        let name = format!("tidtam_t_{}", unique_suffix());
        let mut conn =
            <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url).await.expect("connect to TEST_DATABASE_URL");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .expect("create test database");
        Some(TestDb { url: with_database(&admin_url, &name), cleanup: Cleanup::Postgres { admin_url, name } })
    }

    /// A URL for a second, empty database of the same back-end (e.g. a restore
    /// target), removed with this one.
    pub async fn sibling(&self) -> TestDb {
        match &self.cleanup {
            Cleanup::Directory(_) => TestDb::sqlite().await,
            Cleanup::Postgres { .. } => TestDb::postgres().await.expect("TEST_DATABASE_URL is set"),
        }
    }

    /// A service on this database with cheap password hashing.
    pub async fn service(&self) -> Service {
        let store = tidtam_store::Store::connect(&self.url).await.expect("connect and migrate");
        Service::new(store, ServiceConfig::for_tests())
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.cleanup, Cleanup::Postgres { .. })
    }

    /// A fresh temporary directory for files a test writes (removed at exit of the test process is not
    /// guaranteed; names are unique).
    pub fn scratch_dir(&self) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tidtam-scratch-{}", unique_suffix()));
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        dir
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Directory(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime: use a thread with its own.
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                    runtime.block_on(async {
                        if let Ok(mut conn) = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url).await {
                            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            )))
                            .execute(&mut conn)
                            .await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// Writes tests once and runs each on SQLite and on PostgreSQL:
///
/// ```text
/// backend_tests! {
///     async fn creates_a_project(db) { let service = db.service().await; … }
/// }
/// ```
/// PostgreSQL cases are ignored (with the reason) when `TEST_DATABASE_URL` was not
/// set when the tests were built; the crate using this macro must build with
/// `build = "../test-support/postgres_cfg.rs"`. `.ci/run` always sets it.
#[macro_export]
macro_rules! backend_tests {
    ($(async fn $name:ident($db:ident) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let $db = &$crate::TestDb::sqlite().await;
                    $body
                }
            )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[cfg_attr(not(tidtam_postgres), ignore = "PostgreSQL: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)")]
                async fn $name() {
                    let Some(database) = $crate::TestDb::postgres().await else {
                        panic!("TEST_DATABASE_URL was set when the tests were built but is not set now");
                    };
                    let $db = &database;
                    $body
                }
            )*
        }
    };
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_database_names() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(with_database("postgres://u@h/test?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
