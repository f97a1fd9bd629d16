//! The API over `oneshot`: roles, optimistic locking, paging, the error shape,
//! the portfolio, and the OpenAPI document's completeness.

use axum::http::StatusCode;
use serde_json::{Value, json};
use tidtam_test_support::backend_tests;

use crate::common::TestApp;

fn new_project(agency_id: i64, division_id: Option<i64>, name: &str) -> Value {
    json!({
        "agency_id": agency_id, "owner_division_id": division_id, "code": null, "name": name, "budget_source": null, "value": 1250000.5,
        "start_year": 2568, "end_year": 2568, "objectives": ["เพื่อทดสอบ"], "summary": null, "area": null, "nationwide": true,
        "provinces": [], "responsible": [], "strategy_ids": [], "published": false
    })
}

/// The project fields of a detail, as an update body at `version`.
fn update_body(detail: &Value, name: &str, version: i64) -> Value {
    let mut body = json!({ "version": version, "name": name });
    for key in [
        "owner_division_id",
        "code",
        "budget_source",
        "value",
        "start_year",
        "end_year",
        "objectives",
        "summary",
        "area",
        "nationwide",
        "provinces",
        "responsible",
        "strategy_ids",
        "published",
    ] {
        body[key] = detail[key].clone();
    }
    body
}

backend_tests! {
    async fn roles_are_enforced_over_http(db) {
        let app = TestApp::demo(db).await;
        let admin = app.login("admin").await;
        let planner = app.login("planner").await;
        let executive = app.login("executive").await;
        let owner = app.login("owner1").await;
        let everything = app.get("/api/projects?per_page=200", Some(&admin)).await.json();
        let public = app.get("/api/projects?per_page=200", None).await.json();
        let total = everything["total"].as_i64().unwrap();
        assert_eq!(total, 50);
        let published = everything["items"].as_array().unwrap().iter().filter(|p| p["published"] == true).count() as i64;
        assert_eq!(public["total"].as_i64().unwrap(), published, "the public sees published projects only");
        assert!(published < total);

        let planner_actor = app.get("/api/session", Some(&planner)).await.json()["actor"].clone();
        let agency_id = planner_actor["agency_id"].as_i64().unwrap();
        let owner_actor = app.get("/api/session", Some(&owner)).await.json()["actor"].clone();
        let division_id = owner_actor["division_id"].as_i64().unwrap();

        let anonymous = app.call("POST", "/api/projects", Some(new_project(agency_id, None, "ไม่มีสิทธิ์")), None).await;
        assert_eq!((anonymous.status, anonymous.code().as_str()), (StatusCode::UNAUTHORIZED, "unauthenticated"));
        let refused = app.call("POST", "/api/projects", Some(new_project(agency_id, None, "ผู้บริหารสร้างไม่ได้")), Some(&executive)).await;
        assert_eq!((refused.status, refused.code().as_str()), (StatusCode::FORBIDDEN, "forbidden"));
        let created = app.call("POST", "/api/projects", Some(new_project(agency_id, Some(division_id), "โครงการใหม่ของผู้วางแผน")), Some(&planner)).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);

        // A project owner sees and edits only their division's projects.
        let mine = app.get("/api/projects?per_page=200", Some(&owner)).await.json();
        assert!(mine["items"].as_array().unwrap().iter().all(|p| p["owner_division_id"] == division_id));
        let other = everything["items"].as_array().unwrap().iter().find(|p| p["owner_division_id"] != division_id).unwrap();
        let other_id = other["id"].as_i64().unwrap();
        assert_eq!(app.get(&format!("/api/projects/{other_id}"), Some(&owner)).await.status, StatusCode::NOT_FOUND);
        let detail = app.get(&format!("/api/projects/{other_id}"), Some(&admin)).await.json();
        let edit = app.call("PUT", &format!("/api/projects/{other_id}"), Some(update_body(&detail, "แก้ไม่ได้", detail["version"].as_i64().unwrap())), Some(&owner)).await;
        assert_eq!(edit.status, StatusCode::NOT_FOUND, "not theirs is answered like not there: {}", edit.text);

        // The audit trail: executives yes, the public no.
        assert_eq!(app.get("/api/audit", Some(&executive)).await.status, StatusCode::OK);
        assert!(matches!(app.get("/api/audit", None).await.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN));
        assert_eq!(app.get("/api/users", Some(&planner)).await.status, StatusCode::FORBIDDEN);
    }

    async fn a_stale_version_is_a_conflict_with_the_current_version(db) {
        let app = TestApp::demo(db).await;
        let admin = app.login("admin").await;
        let id = app.get("/api/projects?per_page=1", Some(&admin)).await.json()["items"][0]["id"].as_i64().unwrap();
        let detail = app.get(&format!("/api/projects/{id}"), Some(&admin)).await.json();
        let version = detail["version"].as_i64().unwrap();
        let first = app.call("PUT", &format!("/api/projects/{id}"), Some(update_body(&detail, "ชื่อใหม่", version)), Some(&admin)).await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.text);
        assert_eq!(first.json()["version"], version + 1);
        let stale = app.call("PUT", &format!("/api/projects/{id}"), Some(update_body(&detail, "ชื่อที่ชนกัน", version)), Some(&admin)).await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
        let error = &stale.json()["error"];
        assert_eq!(error["code"], "conflict");
        assert_eq!(error["current_version"], version + 1);
        assert_eq!(app.get(&format!("/api/projects/{id}"), Some(&admin)).await.json()["name"], "ชื่อใหม่");

        // Reports: a workflow step on a stale version is refused the same way.
        let reports = app.get("/api/reports?status=submitted&per_page=1", Some(&admin)).await.json();
        let report = &reports["items"][0];
        let report_id = report["id"].as_i64().unwrap();
        let report_version = report["version"].as_i64().unwrap();
        let approved = app.call("POST", &format!("/api/reports/{report_id}/approve"), Some(json!({ "version": report_version })), Some(&admin)).await;
        assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
        assert_eq!(approved.json()["status"], "approved");
        let again = app.call("POST", &format!("/api/reports/{report_id}/approve"), Some(json!({ "version": report_version })), Some(&admin)).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert_eq!(again.json()["error"]["current_version"], report_version + 1);
    }

    async fn lists_are_paged_with_totals(db) {
        let app = TestApp::demo(db).await;
        let admin = app.login("admin").await;
        let second = app.get("/api/projects?page=2&per_page=7", Some(&admin)).await.json();
        assert_eq!(second["items"].as_array().unwrap().len(), 7);
        assert_eq!((second["total"].as_i64(), second["page"].as_i64(), second["per_page"].as_i64()), (Some(50), Some(2), Some(7)));
        let first = app.get("/api/projects?page=1&per_page=7", Some(&admin)).await.json();
        assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);
        let capped = app.get("/api/reports?per_page=100000", Some(&admin)).await.json();
        assert_eq!(capped["per_page"], 200, "per_page is bounded");
        let total = capped["total"].as_i64().unwrap();
        assert_eq!(capped["items"].as_array().unwrap().len() as i64, total.min(200));
        let beyond = app.get("/api/projects?page=99&per_page=50", Some(&admin)).await.json();
        assert_eq!(beyond["items"].as_array().unwrap().len(), 0);
        assert_eq!(beyond["total"], 50);
        for path in ["/api/org-units", "/api/strategies", "/api/users", "/api/audit", "/api/search?q=สำรวจ", "/api/late-reports?fiscal_year=2568&quarter=1"] {
            let separator = if path.contains('?') { '&' } else { '?' };
            let reply = app.get(&format!("{path}{separator}per_page=2"), Some(&admin)).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
            let body = reply.json();
            let page = if path.starts_with("/api/late-reports") { body["late"].clone() } else { body };
            assert!(page["items"].as_array().unwrap().len() <= 2, "{path}");
            assert_eq!(page["per_page"], 2, "{path}");
            assert!(page["total"].as_i64().is_some(), "{path}");
        }
    }

    async fn errors_are_json_with_a_code_and_thai_and_english_messages(db) {
        let app = TestApp::demo(db).await;
        let admin = app.login("admin").await;
        let cases = [
            ("GET", "/api/projects/999999", None, StatusCode::NOT_FOUND, "not_found"),
            ("GET", "/api/projects/abc", None, StatusCode::BAD_REQUEST, "bad_request"),
            ("GET", "/api/portfolio?fiscal_year=abc", None, StatusCode::BAD_REQUEST, "bad_request"),
            ("GET", "/api/no-such-thing", None, StatusCode::NOT_FOUND, "no_route"),
            ("PATCH", "/api/projects", None, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ("POST", "/api/projects", Some(json!({ "name": 1 })), StatusCode::UNPROCESSABLE_ENTITY, "bad_request"),
            ("GET", "/api/search?q=%20", None, StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            ("POST", "/api/import?file_name=empty.txt", None, StatusCode::UNPROCESSABLE_ENTITY, "empty"),
        ];
        for (method, path, body, status, code) in cases {
            let reply = app.call(method, path, body, Some(&admin)).await;
            assert_eq!(reply.status, status, "{method} {path}: {}", reply.text);
            let error = &reply.json()["error"];
            assert_eq!(error["code"], code, "{method} {path}");
            assert!(error["message_th"].as_str().unwrap().chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)), "Thai message: {error}");
            assert!(error["message_en"].as_str().unwrap().is_ascii(), "English message: {error}");
        }
        // Invalid input lists its fields.
        let planner = app.login("planner").await;
        let agency_id = app.get("/api/session", Some(&planner)).await.json()["actor"]["agency_id"].as_i64().unwrap();
        let invalid = app.call("POST", "/api/projects", Some(new_project(agency_id, None, " ")), Some(&planner)).await;
        assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid.json()["error"]["fields"][0]["field"], "name");
    }

    async fn the_portfolio_groups_the_money(db) {
        let app = TestApp::demo(db).await;
        let admin = app.login("admin").await;
        let total = app.get("/api/portfolio?fiscal_year=2568", Some(&admin)).await;
        assert_eq!(total.status, StatusCode::OK, "{}", total.text);
        let total = total.json();
        assert_eq!(total["group_by"], "total");
        let all = &total["groups"][0];
        assert!(all["projects"].as_i64().unwrap() > 0);
        for group_by in ["strategy", "division", "province", "quarter"] {
            let reply = app.get(&format!("/api/portfolio?fiscal_year=2568&quarter=4&group_by={group_by}"), Some(&admin)).await;
            assert_eq!(reply.status, StatusCode::OK, "{group_by}: {}", reply.text);
            let groups = reply.json()["groups"].as_array().unwrap().clone();
            assert!(!groups.is_empty(), "{group_by}");
            for group in &groups {
                for key in ["allocated", "contracted", "disbursed", "disbursement_rate", "average_progress", "kpi_achievement", "findings"] {
                    assert!(group.get(key).is_some(), "{group_by}: {key}");
                }
            }
        }
        // Grouping by division covers every project once: its money adds up to the total.
        let divisions = app.get("/api/portfolio?fiscal_year=2568&group_by=division", Some(&admin)).await.json();
        let sum: f64 = divisions["groups"].as_array().unwrap().iter().map(|g| g["allocated"].as_f64().unwrap()).sum();
        assert!((sum - all["allocated"].as_f64().unwrap()).abs() < 0.01, "{sum} vs {}", all["allocated"]);
        // The public sees less.
        let public = app.get("/api/portfolio?fiscal_year=2568", None).await.json();
        assert!(public["groups"][0]["projects"].as_i64().unwrap() < all["projects"].as_i64().unwrap());
    }

    async fn the_openapi_document_covers_every_route_and_every_documented_route_is_served(db) {
        let app = TestApp::empty(db).await;
        let reply = app.get("/api/openapi.json", None).await;
        assert_eq!(reply.status, StatusCode::OK);
        let document = reply.json();
        assert_eq!(document["openapi"], "3.1.0");
        let (_, routes) = tidtam_web::api().into_parts();
        let mut documented = 0;
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                documented += 1;
                assert!(routes.iter().any(|r| r.path == path && r.method.as_str() == method), "{method} {path} is documented but not routed");
                assert!(operation["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path}");
                for name in path.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}'))) {
                    assert!(operation["parameters"].as_array().unwrap().iter().any(|p| p["name"] == name && p["in"] == "path"), "{method} {path}: {name}");
                }
                // Every $ref resolves.
                for reference in operation.to_string().split("\"$ref\":\"#/components/schemas/").skip(1) {
                    let name = reference.split('"').next().unwrap();
                    assert!(document["components"]["schemas"].get(name).is_some(), "{method} {path}: schema {name} missing");
                }
                // And the router really serves it (a real route answers with anything but the fallbacks).
                let concrete = path.replace("{fiscal_year}", "2568").replace("{quarter}", "1").replace("{id}", "1");
                let answer = app.call(&method.to_uppercase(), &concrete, None, None).await;
                let code = serde_json::from_str::<Value>(&answer.text).ok().and_then(|v| v["error"]["code"].as_str().map(str::to_owned)).unwrap_or_default();
                assert!(code != "no_route" && code != "method_not_allowed", "{method} {path} is documented but answers {code}");
            }
        }
        assert_eq!(documented, routes.len(), "every registered route is in the document exactly once");
        for must in ["/api/projects", "/api/portfolio", "/api/search", "/api/import", "/api/session", "/api/audit", "/api/openapi.json", "/api/health"] {
            assert!(document["paths"].get(must).is_some(), "{must}");
        }

        // Nothing of the API is routed around the table: `.route(` / `.nest(` / `.merge(` appear only in
        // api.rs, and in the pages' own table (pages/mod.rs, merged once in lib.rs), which routes no `/api/` path.
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![src.join("lib.rs"), src.join("extract.rs"), src.join("error.rs")];
        files.extend(std::fs::read_dir(src.join("routes")).unwrap().map(|e| e.unwrap().path()));
        for file in files {
            let mut text = std::fs::read_to_string(&file).unwrap();
            if file.ends_with("lib.rs") {
                assert_eq!(text.matches(".merge(pages::router())").count(), 1, "the pages are merged once");
                text = text.replace(".merge(pages::router())", "");
            }
            for call in [".route(", ".nest(", ".merge(", ".route_service("] {
                assert!(!text.contains(call), "{} calls {call}: register routes with Api::add so they are documented", file.display());
            }
        }
        let pages = std::fs::read_to_string(src.join("pages").join("mod.rs")).unwrap();
        for path in pages.split(".route(\"").skip(1).map(|rest| rest.split('"').next().unwrap()) {
            assert!(!path.starts_with("/api"), "page route {path} is in the API's space: register it with Api::add");
        }
    }

    async fn the_landing_page_is_thai_first_with_an_english_switch(db) {
        let app = TestApp::demo(db).await;
        let thai = app.get("/", None).await;
        assert_eq!(thai.status, StatusCode::OK);
        assert!(thai.header("content-type").unwrap().starts_with("text/html"));
        assert!(thai.text.contains("lang=\"th\"") && thai.text.contains("ระบบติดตาม") && thai.text.contains("/api/openapi.json"));
        let english = app.get("/?lang=en", None).await;
        assert!(english.text.contains("lang=\"en\"") && english.text.contains("project monitoring"));
        let health = app.get("/api/health", None).await;
        assert_eq!(health.json()["database"], "ok");
    }
}
