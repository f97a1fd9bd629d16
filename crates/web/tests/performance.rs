//! Issue 11's pages on the demo agency: the scorecard, an indicator's forms
//! (the officer enters a result and evidence and sees the score, the planner
//! locks the round, the owner can no longer change it), the downloads, and
//! the PMQA page with the newsletter's 256.43 and the missed targets.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tidtam_test_support::backend_tests;

use crate::common::{Reply, Session, TestApp};

async fn post_form(app: &TestApp, path: &str, session: &Session, fields: &[(&str, &str)]) -> Reply {
    let body = serde_urlencoded::to_string(fields).unwrap();
    let request = Request::builder()
        .method("POST")
        .uri(path)
        .header("cookie", &session.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    app.send(request).await
}

/// The value of the hidden `version` field in the form posting to `action`.
fn form_version(html: &str, action: &str) -> String {
    let at = html.find(&format!("action=\"{action}\"")).unwrap_or_else(|| panic!("a form to {action}"));
    let rest = &html[at..];
    let at = rest.find("name=\"version\" value=\"").expect("a version field") + "name=\"version\" value=\"".len();
    rest[at..].split('"').next().unwrap().to_string()
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
        let evidence = post_form(&app, &format!("{action}/evidence"), &officer, &[("csrf", &csrf), ("title", "รายงานผลสำรวจความพึงพอใจ"), ("date", "2025-10-05"), ("pages", "๑๒")]).await;
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
}
