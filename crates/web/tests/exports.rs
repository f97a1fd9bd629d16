//! The file exports over HTTP: each answers its file type as an attachment
//! with a Thai name, what it holds is what the caller may read, and the report
//! form read back by the ingester has the report's figures.

use std::io::Cursor;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use tidtam_test_support::backend_tests;
use tower::ServiceExt;

use crate::common::{Session, TestApp};

/// A download: status, headers and the raw bytes (a file is not text).
struct Download {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    bytes: Vec<u8>,
}

impl Download {
    fn header(&self, name: &str) -> String {
        self.headers.get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
    }

    fn code(&self) -> String {
        serde_json::from_slice::<Value>(&self.bytes)
            .ok()
            .and_then(|v| v["error"]["code"].as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

async fn download(app: &TestApp, path: &str, session: Option<&Session>) -> Download {
    let mut request = Request::builder().method("GET").uri(path);
    if let Some(session) = session {
        request = request.header("cookie", &session.cookie);
    }
    let response = app.router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
    Download { status, headers, bytes }
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The reports of 2568 the session may read, from the JSON API.
async fn reports(app: &TestApp, session: Option<&Session>) -> Vec<Value> {
    let page = app.get("/api/reports?fiscal_year=2568&per_page=200", session).await.json();
    page["items"].as_array().unwrap().clone()
}

/// Distinct projects among `reports` whose quarter is at most `quarter`.
fn projects_up_to(reports: &[Value], quarter: i64) -> usize {
    let mut ids: Vec<i64> = reports
        .iter()
        .filter(|r| r["quarter"].as_i64().unwrap() <= quarter)
        .map(|r| r["project_id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

backend_tests! {
    async fn a_report_downloads_as_the_form_and_reads_back_to_its_figures(db) {
        let app = TestApp::demo(db).await;
        let planner = app.login("planner").await;
        let listed = reports(&app, Some(&planner)).await;
        let first = &listed[0];
        let report = app.get(&format!("/api/reports/{}", first["id"]), Some(&planner)).await.json();
        let path = format!("/projects/{}/reports/{}/{}.docx", report["project_id"], report["fiscal_year"], report["quarter"]);
        let file = download(&app, &path, Some(&planner)).await;
        assert_eq!(file.status, StatusCode::OK, "{}", String::from_utf8_lossy(&file.bytes));
        assert_eq!(file.header("content-type"), DOCX);
        let disposition = file.header("content-disposition");
        assert!(disposition.starts_with("attachment; filename=\"tidtam-report-"), "{disposition}");
        // "แบบรายงาน" percent-encoded as UTF-8 (RFC 5987).
        assert!(disposition.contains("filename*=UTF-8''%E0%B9%81%E0%B8%9A%E0%B8%9A"), "{disposition}");
        let read = tidtam_report::ingest_bytes(&file.bytes, "export.docx").expect("the export reads back").remove(0);
        assert_eq!(read.project_name.as_deref(), first["project_name"].as_str());
        assert_eq!(read.fiscal_year, Some(2568));
        let money = |value: &Value| value.as_f64().map(|baht| tidtam_thai::baht::Baht::from_f64(baht).unwrap());
        assert_eq!(read.budget.allocated, money(&report["allocated"]));
        assert_eq!(read.budget.disbursed, money(&report["disbursed"]));
        assert_eq!(read.progress_percent, report["progress_percent"].as_f64());
        assert_eq!(read.measures().count(), report["kpi_results"].as_array().unwrap().len());

        // A quarter without a report, a quarter out of range, a segment without its suffix.
        let missing = download(&app, &format!("/projects/{}/reports/2570/1.docx", report["project_id"]), Some(&planner)).await;
        assert_eq!((missing.status, missing.code().as_str()), (StatusCode::NOT_FOUND, "not_found"));
        let bad = download(&app, &format!("/projects/{}/reports/2568/5.docx", report["project_id"]), Some(&planner)).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        let bad = download(&app, "/projects/abc.pdf", Some(&planner)).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        // No export ends in .txt: the segment reaches the project page, which reads no id in it.
        let other = download(&app, "/projects/1.txt", Some(&planner)).await;
        assert_eq!(other.status, StatusCode::BAD_REQUEST);
        // A suffixed route answers other methods as every route does.
        let posted = app.call("POST", "/projects/1.pdf", None, None).await;
        assert_eq!((posted.status, posted.code().as_str()), (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"));
    }

    async fn a_page_shares_its_path_with_the_suffixed_export(db) {
        let app = TestApp::demo(db).await;
        let planner = app.login("planner").await;
        let project_id = reports(&app, Some(&planner)).await[0]["project_id"].as_i64().unwrap();
        // The real pages and the real exports, one app.
        let html = download(&app, &format!("/projects/{project_id}"), Some(&planner)).await;
        assert!(html.bytes.starts_with(b"<!DOCTYPE html>"), "the project page");
        let report_page = download(&app, &format!("/projects/{project_id}/reports/2568/1"), Some(&planner)).await;
        assert_eq!(report_page.status, StatusCode::OK);
        assert!(report_page.bytes.starts_with(b"<!DOCTYPE html>"), "the report page");
        let pdf = download(&app, &format!("/projects/{project_id}.pdf"), Some(&planner)).await;
        assert!(pdf.bytes.starts_with(b"%PDF-"));
        let docx = download(&app, "/projects/1/reports/2568/9.docx", None).await;
        assert_eq!(docx.status, StatusCode::BAD_REQUEST, "the export, not the page, reads a .docx segment");
    }

    async fn the_portfolio_exports_hold_exactly_what_the_caller_may_read(db) {
        let app = TestApp::demo(db).await;
        let planner = app.login("planner").await;
        for (session, who) in [(Some(&planner), "planner"), (None, "the public")] {
            let visible = reports(&app, session).await;
            let file = download(&app, "/exports/portfolio.docx?fy=2568&q=4", session).await;
            assert_eq!(file.status, StatusCode::OK, "{who}");
            assert_eq!(file.header("content-type"), DOCX);
            let forms = tidtam_report::ingest_bytes(&file.bytes, "portfolio.docx").map(|f| f.len()).unwrap_or(0);
            assert_eq!(forms, projects_up_to(&visible, 4), "{who}: one form a project with a report");
            let early = download(&app, "/exports/portfolio.docx?fy=2568&q=1", session).await;
            let early_forms = tidtam_report::ingest_bytes(&early.bytes, "q1.docx").map(|f| f.len()).unwrap_or(0);
            assert_eq!(early_forms, projects_up_to(&visible, 1), "{who}: as of the first quarter");

            let book = download(&app, "/exports/portfolio.xlsx?fy=2568", session).await;
            assert_eq!(book.status, StatusCode::OK);
            assert_eq!(book.header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            use calamine::Reader;
            let mut workbook: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(book.bytes)).unwrap();
            assert_eq!(workbook.sheet_names().len(), 4);
            for quarter in 1..=4 {
                let name = format!("ไตรมาส {}", tidtam_thai::digits::to_thai_digits(&quarter.to_string()));
                let sheet = workbook.worksheet_range(&name).unwrap();
                assert_eq!(sheet.get_size().0 - 1, projects_up_to(&visible, quarter), "{who}: rows of {name}");
            }
        }
        let public = reports(&app, None).await;
        assert!(public.iter().all(|r| r["status"] == "approved"), "the public reads approved reports only");
        assert!(public.len() < reports(&app, Some(&planner)).await.len());
    }

    async fn project_and_dashboard_pdfs_embed_the_thai_font(db) {
        let app = TestApp::demo(db).await;
        let planner = app.login("planner").await;
        let project_id = reports(&app, Some(&planner)).await[0]["project_id"].as_i64().unwrap();
        for path in [format!("/projects/{project_id}.pdf"), "/dashboard.pdf?fy=2568&q=2".to_string(), "/dashboard.pdf?fy=2568".to_string()] {
            let file = download(&app, &path, Some(&planner)).await;
            assert_eq!(file.status, StatusCode::OK, "{path}: {}", String::from_utf8_lossy(&file.bytes));
            assert_eq!(file.header("content-type"), "application/pdf");
            assert!(file.header("content-disposition").starts_with("attachment; "), "{path}");
            assert!(file.bytes.starts_with(b"%PDF-"), "{path}");
            let text = String::from_utf8_lossy(&file.bytes);
            assert!(text.contains("/FontFile2") && text.contains("Sarabun"), "{path}: Sarabun embedded");
        }
        // A project the caller may not read is missing, not forbidden: the public and an unpublished project.
        let all = app.get("/api/projects?fiscal_year=2568&per_page=200", Some(&planner)).await.json();
        let visible = app.get("/api/projects?fiscal_year=2568&per_page=200", None).await.json();
        let hidden = all["items"].as_array().unwrap().iter()
            .map(|p| p["id"].as_i64().unwrap())
            .find(|id| !visible["items"].as_array().unwrap().iter().any(|p| p["id"].as_i64() == Some(*id)))
            .expect("the demo has unpublished projects");
        let refused = download(&app, &format!("/projects/{hidden}.pdf"), None).await;
        assert_eq!((refused.status, refused.code().as_str()), (StatusCode::NOT_FOUND, "not_found"));
        let missing = download(&app, "/projects/99999999.pdf", Some(&planner)).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }
}
