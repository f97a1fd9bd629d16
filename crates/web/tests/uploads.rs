//! Uploads (issue 15, items 1 and 10): the caller is authorised before the body
//! is read, a DOCX that expands past its memory budget is refused with a clear
//! error, and a file is authorised whole before any of its reports is stored.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tidtam_test_support::backend_tests;

use crate::common::{Session, TestApp};

/// An upload of `bytes` as `file_name`, with the session's cookie and CSRF token.
fn upload(file_name: &str, bytes: Vec<u8>, session: Option<&Session>) -> Request<Body> {
    let mut builder = Request::builder().method("POST").uri(format!("/api/import?file_name={file_name}"));
    if let Some(session) = session {
        builder = builder.header("cookie", &session.cookie).header("x-csrf-token", &session.csrf);
    }
    builder.body(Body::from(bytes)).unwrap()
}

/// A DOCX of a few hundred kilobytes whose `document.xml` is 40 MB.
fn expanding_docx() -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><w:document xmlns:w="w"><w:body>"#).unwrap();
    let chunk = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>".repeat(10_000);
    for _ in 0..120 {
        zip.write_all(&chunk).unwrap();
    }
    zip.write_all(b"</w:body></w:document>").unwrap();
    zip.finish().unwrap().into_inner()
}

backend_tests! {
    async fn who_may_not_import_is_refused_before_the_body_is_read(db) {
        let app = TestApp::demo(db).await;
        // Larger than the server accepts: a handler that read the body first would say 413.
        let oversized = vec![b'a'; tidtam_web::MAX_BODY_BYTES + 1024];
        let anonymous = app.send(upload("x.txt", oversized.clone(), None)).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{}", anonymous.text);
        assert_eq!(anonymous.code(), "unauthenticated");
        let owner = app.login("owner1").await;
        let refused = app.send(upload("x.txt", oversized.clone(), Some(&owner))).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
        // A planner's oversized upload is read and refused for its size, in the API's JSON shape.
        let planner = app.login("planner").await;
        let too_large = app.send(upload("x.txt", oversized, Some(&planner))).await;
        assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", too_large.text);
        assert_eq!(too_large.code(), "too_large");
    }

    async fn an_expanding_docx_is_refused_with_a_clear_error(db) {
        let app = TestApp::demo(db).await;
        let planner = app.login("planner").await;
        let reply = app.send(upload("bomb.docx", expanding_docx(), Some(&planner))).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
        assert_eq!(reply.code(), "docx-expands");
        let error = &reply.json()["error"];
        assert!(error["message_th"].as_str().unwrap().contains("ขยายเกิน"), "{error}");
        assert!(error["message_en"].as_str().unwrap().contains("expands beyond"), "{error}");
    }

    async fn a_file_is_authorised_whole_before_any_report_is_stored(db) {
        let app = TestApp::demo(db).await;
        let planner = app.login("planner").await;
        let base = include_str!("../../report/tests/fixtures/consistent-report.txt");
        // Two reports: the first of the planner's agency, the second of an agency
        // that does not exist (creating one is for admins only).
        let own = base.replacen("ระบบทดสอบข้อมูลสถิติจังหวัด", "ระบบทดสอบการนำเข้าทั้งไฟล์", 1);
        let other = base.replacen("สำนักงานสถิติแห่งชาติ", "กรมที่ไม่มีในระบบ", 1);
        let file = format!("{own}\n{other}");
        let before = app.get("/api/projects?per_page=1", Some(&planner)).await.json()["total"].clone();
        let reply = app.send(upload("two.txt", file.into_bytes(), Some(&planner))).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);
        let after = app.get("/api/projects?per_page=1", Some(&planner)).await.json()["total"].clone();
        assert_eq!(after, before, "nothing of the file was stored");
        // The planner's own report alone imports.
        let reply = app.send(upload("one.txt", own.into_bytes(), Some(&planner))).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.json()["reports"][0]["outcome"], "created");
    }
}
