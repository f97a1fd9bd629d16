//! The 36 corpus reports uploaded through `POST /api/import` come back from
//! the API with the same figures as `tidtam_report::ingest_path` (what `tidtam ingest` prints).

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use tidtam_domain::Baht;
use tidtam_test_support::backend_tests;

use crate::common::TestApp;

fn corpus_files() -> Option<Vec<PathBuf>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/project-reports");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("corpus test skipped: {} is absent", dir.display());
        return None;
    };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    Some(files)
}

/// A baht amount as the API writes it.
fn money(amount: Option<tidtam_thai::baht::Baht>) -> Value {
    serde_json::to_value(amount.map(|b| Baht::from_satang(b.satang()))).unwrap()
}

backend_tests! {
    async fn the_corpus_imported_over_http_has_the_same_figures_as_ingest(db) {
        let Some(files) = corpus_files() else { return };
        assert_eq!(files.len(), 36, "the corpus has 36 report files");
        let app = TestApp::empty(db).await;
        app.service
            .create_user(&tidtam_service::Actor::system(), tidtam_service::auth::NewUser {
                username: "admin".into(), display_name: "admin".into(), password: tidtam_demo::DEMO_PASSWORD.into(),
                role: tidtam_service::Role::Admin, agency_id: None, division_id: None,
            })
            .await
            .unwrap();
        let admin = app.login("admin").await;
        let (mut created, mut compared) = (0, 0);
        for file in &files {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let expected = tidtam_report::ingest_path(file).expect("corpus files ingest");
            let request = Request::builder()
                .method("POST")
                .uri(format!("/api/import?file_name={name}&quarter=4"))
                .header("cookie", &admin.cookie)
                .header("x-csrf-token", &admin.csrf)
                .header("content-type", "application/octet-stream")
                .body(Body::from(std::fs::read(file).unwrap()))
                .unwrap();
            let reply = app.send(request).await;
            assert_eq!(reply.status, StatusCode::OK, "{name}: {}", reply.text);
            let results = reply.json()["reports"].as_array().unwrap().clone();
            assert_eq!(results.len(), expected.len(), "{name}: one result per report");
            for (result, report) in results.iter().zip(&expected) {
                assert_eq!(result["findings"].as_array().unwrap().len(), report.findings.len(), "{name}: every finding is returned");
                if result["outcome"] != "created" {
                    continue;
                }
                created += 1;
                let report_id = result["report_id"].as_i64().unwrap();
                let stored = app.get(&format!("/api/reports/{report_id}"), Some(&admin)).await.json();
                assert_eq!(stored["allocated"], money(report.budget.allocated), "{name}: allocated");
                assert_eq!(stored["contracted"], money(report.budget.contracted), "{name}: contracted");
                assert_eq!(stored["disbursed"], money(report.budget.disbursed), "{name}: disbursed");
                assert_eq!(stored["progress_percent"], serde_json::to_value(report.progress_percent.filter(|p| (0.0..=100.0).contains(p))).unwrap(), "{name}: progress");
                assert_eq!(stored["fiscal_year"], report.fiscal_year.unwrap(), "{name}: year");
                assert_eq!(stored["findings"].as_array().unwrap().len(), report.findings.len(), "{name}: findings stored");
                let project = app.get(&format!("/api/projects/{}", stored["project_id"]), Some(&admin)).await.json();
                assert_eq!(project["value"], money(report.project_value), "{name}: project value");
                assert_eq!(project["id"], result["project_id"], "{name}: project");
                compared += 1;
            }
        }
        assert!(created >= 30, "most corpus reports are filed: {created}");
        assert_eq!(compared, created);
        let listed = app.get("/api/reports?per_page=1", Some(&admin)).await.json();
        assert_eq!(listed["total"], created);
    }
}
