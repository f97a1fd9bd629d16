//! Issue 11's pages on the demo agency: the scorecard, an indicator's forms
//! (the officer enters a result and evidence and sees the score, the planner
//! locks the round, the owner can no longer change it), the downloads, and
//! the PMQA page with the newsletter's 256.43 and the missed targets.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tidtam_test_support::backend_tests;

use crate::common::{Reply, Session, TestApp};

use crate::common::post_form;

/// The value of the hidden `version` field in the form posting to `action`.
fn form_version(html: &str, action: &str) -> String {
    let at = html.find(&format!("action=\"{action}\"")).unwrap_or_else(|| panic!("a form to {action}"));
    let rest = &html[at..];
    let at = rest.find("name=\"version\" value=\"").expect("a version field") + "name=\"version\" value=\"".len();
    rest[at..].split('"').next().unwrap().to_string()
}

/// A multipart form post as `session`: text fields, and one file when given.
async fn post_multipart(
    app: &TestApp,
    path: &str,
    session: &Session,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> Reply {
    let mut parts: Vec<(&str, Option<&str>, &[u8])> =
        fields.iter().map(|(name, value)| (*name, None, value.as_bytes())).collect();
    if let Some((name, bytes)) = file {
        parts.push(("file", Some(name), bytes));
    }
    app.send(crate::common::multipart(path, session, &parts)).await
}

backend_tests! {
    async fn the_officer_enters_a_result_the_planner_locks_it_and_the_report_downloads(db) {
        let app = TestApp::demo(db).await;
        let officer = app.login("owner1").await;
        let planner = app.login("planner").await;
        let agreements = app.get("/api/kpi/agreements?fy=2568", Some(&officer)).await.json();
        let agreement = agreements["items"][0]["id"].as_i64().unwrap();
        let card = app.get(&format!("/api/kpi/agreements/{agreement}/scorecard"), Some(&officer)).await.json();
        assert_eq!(card["rows"].as_array().unwrap().len(), 8);
        assert_eq!(card["weight_total"], "100");
        let id = card["rows"].as_array().unwrap().iter().find(|row| row["code"] == "2.1").unwrap()["indicator_id"].as_i64().unwrap();

        // The scorecard page: every indicator, totals to 4 places, colour bands, in Thai.
        let page = app.get("/kpi?fy=2568", Some(&officer)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert!(page.text.contains("id=\"scorecard\"") && page.text.contains("3.1.3") && page.text.contains("band-"), "{}", page.text);
        let total6 = card["rounds"][0]["total"].as_str().unwrap().to_string();
        assert_eq!(total6.split('.').nth(1).map(str::len), Some(4));
        assert!(page.text.contains(&format!("id=\"total-6\">{total6}<")), "the 6-month total {total6} is shown");

        // The officer opens 2.1, enters 91 % for the 12-month round: 4 + (91 − 90) / 5 = 4.2000, × 20 / 100 = 0.8400.
        let path = format!("/kpi/{id}");
        let page = app.get(&path, Some(&officer)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let csrf = officer.csrf.clone();
        let action = format!("/kpi/{id}/rounds/12");
        let version = form_version(&page.text, &action);
        assert_eq!(version, "0");
        let saved = post_form(&app, &action, &officer, &[("csrf", &csrf), ("version", &version), ("result", "91"), ("explanation", "สำรวจครบทุกภาค")]).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
        assert_eq!(saved.header("location").as_deref(), Some(format!("/kpi/{id}#r12").as_str()));
        let evidence = post_multipart(&app, &format!("{action}/evidence"), &officer, &[("csrf", &csrf), ("title", "รายงานผลสำรวจความพึงพอใจ"), ("date", "2025-10-05"), ("pages", "๑๒")], None).await;
        assert_eq!(evidence.status, StatusCode::SEE_OTHER, "{}", evidence.text);
        let page = app.get(&path, Some(&officer)).await;
        assert!(page.text.contains("4.2000") && page.text.contains("0.8400"), "the score is shown");
        assert!(page.text.contains("รายงานผลสำรวจความพึงพอใจ"));
        // Without the CSRF field nothing is saved.
        let forged = post_form(&app, &action, &officer, &[("version", "1"), ("result", "50")]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        // The officer may not lock; the planner does.
        assert!(!page.text.contains(&format!("action=\"{action}/lock\"")));
        let page = app.get(&path, Some(&planner)).await;
        let version = form_version(&page.text, &format!("{action}/lock"));
        let locked = post_form(&app, &format!("{action}/lock"), &planner, &[("csrf", &planner.csrf), ("version", &version)]).await;
        assert_eq!(locked.status, StatusCode::SEE_OTHER, "{}", locked.text);
        let page = app.get(&path, Some(&officer)).await;
        assert!(!page.text.contains(&format!("action=\"{action}\"")), "no entry form on a locked round");
        let refused = post_form(&app, &action, &officer, &[("csrf", &csrf), ("version", &version), ("result", "95")]).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
        // The history records the officer's and the planner's changes.
        assert!(page.text.contains("id=\"history\"") && page.text.contains("lock") && page.text.contains("owner1"));

        // The report as DOCX: a Word package, named in Thai.
        let docx = app.get(&format!("/kpi/{id}.docx?months=12"), Some(&officer)).await;
        assert_eq!(docx.status, StatusCode::OK, "{}", docx.text);
        assert!(docx.header("content-type").unwrap().contains("wordprocessingml"));
        assert!(docx.header("content-disposition").unwrap().contains("filename*=UTF-8''"));
        let xlsx = app.get("/kpi.xlsx?fy=2568", Some(&planner)).await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert!(xlsx.header("content-type").unwrap().contains("spreadsheetml"));
        // The public is sent to sign in.
        let public = app.get("/kpi?fy=2568", None).await;
        assert_eq!(public.status, StatusCode::SEE_OTHER);
    }

    async fn the_pmqa_page_shows_the_newsletters_total_the_gap_and_the_missed_targets(db) {
        let app = TestApp::demo(db).await;
        let planner = app.login("planner").await;
        let page = app.get("/pmqa?fy=2563", Some(&planner)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert!(page.text.contains("id=\"pmqa-total-value\">256.43<"), "{}", page.text);
        assert!(page.text.contains("id=\"pmqa-gap\">143.57<"));
        assert!(page.text.contains("id=\"pmqa-chart\""), "the chart by category");
        // MIS (7.1 no. 4: target 4, 0 in 2563) and ITA (7.4 no. 3: 86.59 → 85.67) missed their targets.
        let rows: Vec<&str> = page.text.split("<tr").collect();
        let row = |needle: &str| rows.iter().find(|row| row.contains(needle)).unwrap_or_else(|| panic!("a row with {needle}"));
        assert!(row("Management Information System").contains("class=\"missed\""));
        assert!(row("(ITA)").contains("class=\"missed\""));
        assert!(row("BI").contains("class=\"met\""));
        assert!(row("จำนวนข้อร้องเรียนที่ลดลง").contains("class=\"met\""), "25 complaints against 42: lower is better");
        let view = app.get("/api/pmqa?fy=2563", Some(&planner)).await.json();
        let missed: Vec<String> = view["results"].as_array().unwrap().iter()
            .filter(|r| r["status"] == "missed").map(|r| format!("{}#{}", r["item"].as_str().unwrap(), r["number"])).collect();
        assert_eq!(missed, ["7.1#4", "7.1#5", "7.2#2", "7.3#1", "7.3#3", "7.4#1", "7.4#2", "7.4#3", "7.5#1", "7.5#2"]);
        let english = app.send(Request::builder().uri("/pmqa?fy=2563").header("cookie", format!("{}; tidtam_lang=en", planner.cookie)).body(Body::empty()).unwrap()).await;
        assert!(english.text.contains("Gap") && english.text.contains("256.43"), "the English switch");
        let docx = app.get("/pmqa.docx?fy=2563", Some(&planner)).await;
        assert_eq!(docx.status, StatusCode::OK);
        assert!(docx.text.starts_with("PK"));
        // Not the public's.
        assert_eq!(app.get("/api/pmqa?fy=2563", None).await.status, StatusCode::NOT_FOUND);
    }
    async fn the_planner_imports_the_corpus_indicator_report_after_a_preview(db) {
        let Some(bytes) = tidtam_test_support::corpus_file("kpi-report-performance-agreement.txt") else { return eprintln!("skipped: no corpus") };
        let app = TestApp::demo(db).await;
        let planner = app.login("planner").await;
        let officer = app.login("owner1").await;
        let agreement = app.get("/api/kpi/agreements?fy=2568", Some(&planner)).await.json()["items"][0]["id"].as_i64().unwrap();
        // The scorecard offers the import to the planner only.
        let page = app.get("/kpi?fy=2568", Some(&planner)).await;
        let action = format!("/kpi/agreements/{agreement}/import");
        assert!(page.text.contains(&format!("action=\"{action}\"")), "{}", page.text);
        assert!(!app.get("/kpi?fy=2568", Some(&officer)).await.text.contains(&format!("action=\"{action}\"")));

        // The preview: what was read and what it will do; nothing stored yet.
        let preview = post_multipart(&app, &action, &planner, &[("csrf", &planner.csrf)], Some(("kpi.txt", &bytes))).await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
        assert!(preview.text.contains("id=\"kpi-import-plan\"") && preview.text.contains("3.1.3") && preview.text.contains("จะบันทึกผลในตัวชี้วัดรหัสเดียวกัน"), "{}", preview.text);
        let card = app.get(&format!("/api/kpi/agreements/{agreement}/scorecard"), Some(&planner)).await.json();
        let id = card["rows"].as_array().unwrap().iter().find(|row| row["code"] == "3.1.3").unwrap()["indicator_id"].as_i64().unwrap();
        let before = app.get(&format!("/api/kpi/indicators/{id}"), Some(&planner)).await.json();
        let twelve = |view: &serde_json::Value| view["rounds"].as_array().unwrap().iter().find(|r| r["months"] == 12).unwrap().clone();
        let evidence_before = twelve(&before)["evidence"].as_array().unwrap().len();

        let at = preview.text.find("name=\"token\" value=\"").unwrap() + "name=\"token\" value=\"".len();
        let token = preview.text[at..].split('"').next().unwrap().to_string();
        let stored = post_form(&app, &format!("{action}/confirm"), &planner, &[("csrf", &planner.csrf), ("token", &token)]).await;
        assert_eq!(stored.status, StatusCode::OK, "{}", stored.text);
        assert!(stored.text.contains("บันทึกผลแล้ว"), "{}", stored.text);
        let after = app.get(&format!("/api/kpi/indicators/{id}"), Some(&planner)).await.json();
        let round = twelve(&after);
        assert_eq!(round["score"], "5.0000");
        assert_eq!(round["weighted"], "0.1000", "2 × 5 / 100");
        // The corpus lists 32 pieces of evidence (the demo's abridged titles of four of them are other entries).
        let evidence_after = round["evidence"].as_array().unwrap().len();
        assert_eq!(evidence_after, evidence_before + 32);
        // A token is used once.
        let again = post_form(&app, &format!("{action}/confirm"), &planner, &[("csrf", &planner.csrf), ("token", &token)]).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", again.text);

        // The JSON API does the same in one step: the same file again changes nothing.
        let request = Request::builder()
            .method("POST")
            .uri(format!("/api/kpi/agreements/{agreement}/import?file_name=kpi.txt"))
            .header("cookie", &planner.cookie)
            .header("x-csrf-token", &planner.csrf)
            .body(Body::from(bytes.clone()))
            .unwrap();
        let reply = app.send(request).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.json()["indicators"][0]["outcome"], "unchanged");
        let unchanged = app.get(&format!("/api/kpi/indicators/{id}"), Some(&planner)).await.json();
        assert_eq!(twelve(&unchanged)["evidence"].as_array().unwrap().len(), evidence_after, "nothing added twice");
    }

    async fn evidence_with_its_file_downloads_as_a_file(db) {
        let app = TestApp::demo(db).await;
        let officer = app.login("owner1").await;
        let agreement = app.get("/api/kpi/agreements?fy=2568", Some(&officer)).await.json()["items"][0]["id"].as_i64().unwrap();
        let card = app.get(&format!("/api/kpi/agreements/{agreement}/scorecard"), Some(&officer)).await.json();
        let id = card["rows"].as_array().unwrap().iter().find(|row| row["code"] == "2.1").unwrap()["indicator_id"].as_i64().unwrap();
        let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
        let action = format!("/kpi/{id}/rounds/9/evidence");
        let fields = [("csrf", officer.csrf.as_str()), ("title", "ผลสำรวจความพึงพอใจ"), ("date", "2025-07-01"), ("pages", "๓")];
        let added = post_multipart(&app, &action, &officer, &fields, Some(("ผลสำรวจ.pdf", pdf))).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
        let view = app.get(&format!("/api/kpi/indicators/{id}"), Some(&officer)).await.json();
        let nine = view["rounds"].as_array().unwrap().iter().find(|r| r["months"] == 9).unwrap().clone();
        let evidence = nine["evidence"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(evidence["file"]["kind"], "pdf");
        assert_eq!(evidence["pages"], 3);
        let link = format!("/kpi/evidence/{}/file", evidence["id"]);
        assert!(app.get(&format!("/kpi/{id}"), Some(&officer)).await.text.contains(&format!("href=\"{link}\"")));
        let file = app.get(&link, Some(&officer)).await;
        assert_eq!(file.status, StatusCode::OK);
        assert_eq!(file.header("content-type").as_deref(), Some("application/pdf"));
        assert!(file.header("content-disposition").unwrap().starts_with("attachment;"));
        assert_eq!(file.text.as_bytes(), pdf);
        // Not the public's; a file that is not what it claims is refused with a message.
        assert_ne!(app.get(&link, None).await.status, StatusCode::OK);
        let refused = post_multipart(&app, &action, &officer, &fields, Some(("ผลสำรวจ.pdf", b"MZ\x90\x00\x03\x00\x00\x00"))).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
        assert!(refused.text.contains("ตรวจจากเนื้อไฟล์"), "{}", refused.text);
    }
}
