//! A `tidtam import` killed mid-way (SIGKILL) leaves the database consistent,
//! and running the import again finishes the job without duplicates.
//! Runs on SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tidtam_service::{Actor, PageRequest, Service};
use tidtam_test_support::TestDb;

/// Copies of the corpus with distinct project names, so that every copy is a new report.
fn many_reports(dir: &Path, copies: usize) -> Vec<PathBuf> {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/project-reports");
    let mut originals: Vec<PathBuf> = std::fs::read_dir(corpus).unwrap().map(|e| e.unwrap().path()).collect();
    originals.sort();
    let mut files = Vec::new();
    for copy in 0..copies {
        for original in &originals {
            let text = std::fs::read_to_string(original).unwrap();
            let renamed = text.replace("๑. ชื่อแผนงาน/โครงการ ", &format!("๑. ชื่อแผนงาน/โครงการ ชุดที่ {copy} "));
            let file = dir.join(format!("{copy:02}-{}", original.file_name().unwrap().to_string_lossy()));
            std::fs::write(&file, renamed).unwrap();
            files.push(file);
        }
    }
    files
}

async fn report_count(service: &Service) -> i64 {
    service.list_reports(&Actor::system(), Default::default(), PageRequest::new(1, 1)).await.unwrap().total
}

fn import(url: &str, files: &[PathBuf]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tidtam"));
    command.arg("import").arg("--database").arg(url).args(files).stdout(Stdio::null()).stderr(Stdio::null());
    command
}

/// Every stored report is whole: its project, its import record, a revision and an audit entry.
async fn assert_consistent(service: &Service) {
    let system = Actor::system();
    let mut page = PageRequest::new(1, 500);
    loop {
        let reports = service.list_reports(&system, Default::default(), page).await.unwrap();
        for summary in &reports.items {
            let report = service.get_report(&system, summary.id).await.unwrap();
            let hash = report.content_hash.as_deref().expect("imported reports carry their hash");
            let mut tx = service.store().begin_read().await.unwrap();
            assert_eq!(
                tx.imported_report(hash).await.unwrap(),
                Some(report.id),
                "import record of report {}",
                report.id
            );
            drop(tx);
            assert!(
                !service
                    .report_history(&system, report.id, tidtam_service::PageRequest::default())
                    .await
                    .unwrap()
                    .items
                    .is_empty()
            );
            let detail = service.get_project(&system, report.project_id).await.unwrap();
            assert!(!detail.project.fields.name.is_empty());
            let filter = tidtam_store::AuditFilter {
                entity: Some("report".into()),
                entity_id: Some(report.id),
                actor_user_id: None,
            };
            assert!(service.audit_trail(&system, filter, PageRequest::new(1, 1)).await.unwrap().total >= 1);
        }
        if i64::from(page.page * page.per_page) >= reports.total {
            break;
        }
        page = PageRequest::new(page.page + 1, page.per_page);
    }
}

async fn killed_import_leaves_the_database_consistent(db: &TestDb) {
    let dir = db.scratch_dir();
    let files = many_reports(&dir, 6);
    let service = db.service().await;

    let mut child = import(&db.url, &files).spawn().unwrap();
    let started = Instant::now();
    loop {
        let count = report_count(&service).await;
        if count >= 15 {
            break;
        }
        assert!(child.try_wait().unwrap().is_none(), "the import finished before it could be killed ({count} reports)");
        assert!(started.elapsed() < Duration::from_secs(120), "the import made no progress");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let after_kill = report_count(&service).await;
    assert_consistent(&service).await;

    let finished = import(&db.url, &files).status().unwrap();
    assert!(finished.code() == Some(0) || finished.code() == Some(1), "{finished:?}");
    let total = report_count(&service).await;
    assert!(after_kill < total, "the kill happened mid-way: {after_kill} of {total}");
    assert_consistent(&service).await;
    let before = service.store().fingerprint().await.unwrap();
    import(&db.url, &files).status().unwrap();
    assert_eq!(service.store().fingerprint().await.unwrap(), before, "a third run changes nothing");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_import_on_sqlite() {
    killed_import_leaves_the_database_consistent(&TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(tidtam_postgres),
    ignore = "PostgreSQL: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)"
)]
async fn killed_import_on_postgres() {
    let Some(db) = TestDb::postgres().await else {
        panic!("TEST_DATABASE_URL was set when the tests were built but is not set now");
    };
    killed_import_leaves_the_database_consistent(&db).await;
}
