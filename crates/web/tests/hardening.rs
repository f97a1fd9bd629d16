//! Issue 15 over HTTP: control characters, text limits, database text in
//! errors, security headers and sessions after a password change.

use axum::http::StatusCode;
use serde_json::{Value, json};
use tidtam_test_support::backend_tests;

use crate::common::{Session, TestApp};

fn project(agency_id: i64, name: &str) -> Value {
    json!({
        "agency_id": agency_id, "owner_division_id": null, "code": null, "name": name, "budget_source": null, "value": 1000,
        "start_year": 2568, "end_year": 2568, "objectives": ["เพื่อทดสอบ"], "summary": null, "area": null, "nationwide": true,
        "provinces": [], "responsible": [], "strategy_ids": [], "published": false
    })
}

fn report(project_id: i64, quarter: u8, summary: &str) -> Value {
    json!({
        "project_id": project_id, "fiscal_year": 2568, "quarter": quarter, "progress_percent": 10.0, "summary": summary,
        "activity_results": [], "kpi_results": [], "problems": []
    })
}

/// A planner's session and a new project of their agency.
async fn planner_project(app: &TestApp) -> (Session, i64) {
    let planner = app.login("planner").await;
    let agency_id = app.get("/api/session", Some(&planner)).await.json()["actor"]["agency_id"].as_i64().unwrap();
    let created =
        app.call("POST", "/api/projects", Some(project(agency_id, "โครงการทดสอบความปลอดภัย")), Some(&planner)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    (planner, created.json()["id"].as_i64().unwrap())
}

/// A 422 whose fields name `field` in both languages.
fn names_the_field(reply: &crate::common::Reply, field: &str, words: &str) {
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    let error = &reply.json()["error"];
    let fields = error["fields"].as_array().unwrap();
    let named = fields.iter().find(|f| f["field"] == field).unwrap_or_else(|| panic!("{field} not named: {error}"));
    assert!(named["message_en"].as_str().unwrap().contains(words), "{named}");
    assert!(named["message_th"].as_str().unwrap().chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)), "{named}");
}

backend_tests! {
    // Item 6: control characters never reach either database.
    async fn control_characters_are_refused_naming_the_field(db) {
        let app = TestApp::demo(db).await;
        // Even before anyone signs in (PostgreSQL used to answer 500 here).
        let login = app.call("POST", "/api/session", Some(json!({ "username": "adm\u{0}in", "password": "x" })), None).await;
        names_the_field(&login, "username", "control character");
        let (planner, project_id) = planner_project(&app).await;
        let agency_id = app.get("/api/session", Some(&planner)).await.json()["actor"]["agency_id"].as_i64().unwrap();
        let nul = app.call("POST", "/api/projects", Some(project(agency_id, "ชื่อ\u{0}โครงการ")), Some(&planner)).await;
        names_the_field(&nul, "name", "control character");
        let mut nested = project(agency_id, "โครงการ");
        nested["objectives"] = json!(["ดี", "มี\u{1b}[31m สี"]);
        names_the_field(&app.call("POST", "/api/projects", Some(nested), Some(&planner)).await, "objectives[1]", "control character");
        names_the_field(&app.call("POST", "/api/reports", Some(report(project_id, 1, "สรุป\u{7}")), Some(&planner)).await, "summary", "control character");
        names_the_field(&app.get("/api/search?q=%00", Some(&planner)).await, "q", "control character");
        // Tabs and line breaks are text.
        let fine = app.call("POST", "/api/reports", Some(report(project_id, 1, "บรรทัดแรก\r\n\tบรรทัดที่สอง")), Some(&planner)).await;
        assert_eq!(fine.status, StatusCode::CREATED, "{}", fine.text);
        assert_eq!(fine.json()["summary"], "บรรทัดแรก\r\n\tบรรทัดที่สอง");
    }

    // Item 8: every text has a limit, and so has a JSON body.
    async fn text_fields_and_bodies_have_limits(db) {
        let app = TestApp::demo(db).await;
        let (planner, project_id) = planner_project(&app).await;
        let agency_id = app.get("/api/session", Some(&planner)).await.json()["actor"]["agency_id"].as_i64().unwrap();
        let long_name = "ก".repeat(tidtam_service::input::MAX_TEXT_CHARS + 1);
        names_the_field(&app.call("POST", "/api/projects", Some(project(agency_id, &long_name)), Some(&planner)).await, "name", "longer than 1000 characters");
        let long_summary = "ข".repeat(tidtam_service::input::MAX_LONG_TEXT_CHARS + 1);
        names_the_field(&app.call("POST", "/api/reports", Some(report(project_id, 2, &long_summary)), Some(&planner)).await, "summary", "longer than 20000 characters");
        let at_limit = "ข".repeat(tidtam_service::input::MAX_LONG_TEXT_CHARS);
        assert_eq!(app.call("POST", "/api/reports", Some(report(project_id, 2, &at_limit)), Some(&planner)).await.status, StatusCode::CREATED);
        // The 10 MB summary never reaches the service.
        let huge = app.call("POST", "/api/reports", Some(report(project_id, 3, &"x".repeat(10 * 1024 * 1024))), Some(&planner)).await;
        assert_eq!((huge.status, huge.code().as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "too_large"), "{}", &huge.text[..huge.text.len().min(300)]);
        // History comes a bounded page at a time.
        let id = app.get(&format!("/api/reports?project_id={project_id}"), Some(&planner)).await.json()["items"][0]["id"].as_i64().unwrap();
        let history = app.get(&format!("/api/reports/{id}/history?per_page=100000"), Some(&planner)).await.json();
        assert_eq!(history["per_page"], tidtam_service::reports::MAX_HISTORY_PAGE);
        assert_eq!(history["total"], 1);
    }

    // Item 12: a duplicate is a 409 in our words, never the database's.
    async fn a_duplicate_is_a_conflict_without_database_text(db) {
        let app = TestApp::demo(db).await;
        let (planner, project_id) = planner_project(&app).await;
        assert_eq!(app.call("POST", "/api/reports", Some(report(project_id, 1, "ครั้งแรก")), Some(&planner)).await.status, StatusCode::CREATED);
        let again = app.call("POST", "/api/reports", Some(report(project_id, 1, "ซ้ำ")), Some(&planner)).await;
        assert_eq!((again.status, again.code().as_str()), (StatusCode::CONFLICT, "duplicate"), "{}", again.text);
        for leak in ["UNIQUE", "constraint", "duplicate key", "report.project_id"] {
            assert!(!again.text.contains(leak), "{leak} in {}", again.text);
        }
        let error = &again.json()["error"];
        assert!(error["message_th"].as_str().unwrap().contains("มีข้อมูลนี้อยู่แล้ว"));
        assert!(error["message_en"].as_str().unwrap().contains("already exists"));
    }

    // Item 13: security headers everywhere; no-store when signed in.
    async fn every_response_carries_the_security_headers(db) {
        let app = TestApp::demo(db).await;
        let admin = app.login("admin").await;
        for (path, session) in [("/", None), ("/assets/tidtam.css", None), ("/api/openapi.json", None), ("/api/no-such-thing", None), ("/api/projects/abc", Some(&admin)), ("/api/projects", Some(&admin))] {
            let reply = app.get(path, session).await;
            let csp = reply.header("content-security-policy").unwrap_or_else(|| panic!("{path}: no CSP"));
            for directive in ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"] {
                assert!(csp.contains(directive), "{path}: {directive} missing from {csp}");
            }
            assert!(!csp.contains("unsafe-inline"), "{path}");
            assert_eq!(reply.header("x-content-type-options").as_deref(), Some("nosniff"), "{path}");
            assert_eq!(reply.header("x-frame-options").as_deref(), Some("DENY"), "{path}");
            assert_eq!(reply.header("referrer-policy").as_deref(), Some("no-referrer"), "{path}");
            assert_eq!(reply.header("cache-control").as_deref() == Some("no-store"), session.is_some(), "{path}: no-store exactly when signed in");
        }
        // The page keeps to its own policy: no inline style or script, its stylesheet served here.
        let page = app.get("/", None).await.text;
        assert!(!page.contains("<style") && !page.contains("style=") && !page.contains("<script"), "{page}");
        assert!(page.contains("/assets/tidtam.css"));
        let sign_in = app.login_reply("planner", tidtam_demo::DEMO_PASSWORD).await;
        assert_eq!(sign_in.header("cache-control").as_deref(), Some("no-store"), "the answer carrying the CSRF token is not cached");
    }

    // Item 7 over HTTP: the own session is renewed, every other one ends.
    async fn a_password_change_ends_the_other_sessions_and_renews_the_callers(db) {
        let app = TestApp::demo(db).await;
        let (here, elsewhere) = (app.login("executive").await, app.login("executive").await);
        let id = app.get("/api/session", Some(&here)).await.json()["actor"]["user_id"].as_i64().unwrap();
        let body = json!({ "current_password": tidtam_demo::DEMO_PASSWORD, "new_password": "a much better passphrase" });
        let changed = app.call("PUT", &format!("/api/users/{id}/password"), Some(body), Some(&here)).await;
        assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.text);
        for old in [&here, &elsewhere] {
            assert_eq!(app.get("/api/session", Some(old)).await.json()["signed_in"], false);
        }
        let cookie = changed.header("set-cookie").expect("a renewed session");
        assert!(cookie.contains("; Secure") && cookie.contains("HttpOnly"));
        let renewed = Session { cookie: cookie.split(';').next().unwrap().to_string(), csrf: String::new() };
        let me = app.get("/api/session", Some(&renewed)).await.json();
        assert_eq!(me["signed_in"], true);
        // An admin's reset ends the user's sessions too.
        let admin = app.login("admin").await;
        let victim = app.login("planner").await;
        let planner_id = app.get("/api/session", Some(&victim)).await.json()["actor"]["user_id"].as_i64().unwrap();
        let reset = app.call("PUT", &format!("/api/users/{planner_id}/password"), Some(json!({ "new_password": "reset by the admin 42" })), Some(&admin)).await;
        assert_eq!(reset.status, StatusCode::NO_CONTENT, "{}", reset.text);
        assert!(reset.header("set-cookie").is_none(), "the admin keeps their own session");
        assert_eq!(app.get("/api/session", Some(&victim)).await.json()["signed_in"], false);
        assert_eq!(app.get("/api/session", Some(&admin)).await.json()["signed_in"], true);
    }

    // Item 5 behind a balancer: a client cannot pick its own address by prepending to X-Forwarded-For.
    async fn the_address_key_is_the_one_the_balancer_added(db) {
        let app = TestApp::with_config(db, tidtam_web::WebConfig { trust_forwarded_for: true, ..tidtam_web::WebConfig::default() }).await;
        let attempt = |index: usize| {
            axum::http::Request::builder()
                .method("POST")
                .uri("/api/session")
                .header("content-type", "application/json")
                .header("x-forwarded-for", format!("198.51.100.{index}, 203.0.113.7"))
                .body(axum::body::Body::from(json!({ "username": format!("guess{index}"), "password": "wrong" }).to_string()))
                .unwrap()
        };
        let limit = app.service.config().login_max_failures_per_address as usize;
        for index in 0..limit {
            assert_eq!(app.send(attempt(index)).await.status, StatusCode::UNAUTHORIZED);
        }
        let limited = app.send(attempt(limit)).await;
        assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "{}", limited.text);
        assert!(limited.header("retry-after").is_some());
    }
}
