//! Issue 13: a province's page for each of the 77 provinces; the pilot
//! province's page from three agencies' datasets (every figure the same as the
//! JSON API's, each with its dataset, release and agency); the provincial
//! statistical report as DOCX and PDF; the chart kept by the office through
//! forms and the JSON API, with stale and foreign edits refused.

use axum::http::StatusCode;
use serde_json::json;
use tidtam_test_support::backend_tests;

use crate::common::TestApp;
use crate::common::post_form;

async fn app_with_provinces(db: &tidtam_test_support::TestDb) -> TestApp {
    let app = TestApp::demo(db).await;
    let planner = app.login("planner").await;
    let agency_id = app.get("/api/session", Some(&planner)).await.json()["actor"]["agency_id"].as_i64().unwrap();
    let system = tidtam_service::Actor::system();
    app.service.generate_stats_demo(&system, agency_id, tidtam_demo::DEMO_PASSWORD).await.unwrap();
    tidtam_demo::provinces::generate_province_demo(&app.service, &system, tidtam_demo::DEMO_PASSWORD).await.unwrap();
    app
}

backend_tests! {
    async fn the_pilot_province_page_shows_three_agencies_series_as_the_api_does(db) {
        let app = app_with_provinces(db).await;
        for code in tidtam_thai::province::PROVINCES.iter().map(|p| p.code) {
            let page = app.get(&format!("/provinces/{code}"), None).await;
            assert_eq!(page.status, StatusCode::OK, "/provinces/{code}");
        }
        assert_eq!(app.get("/provinces/99", None).await.status, StatusCode::NOT_FOUND);

        let api = app.get("/api/provinces/60", None).await;
        assert_eq!(api.status, StatusCode::OK, "{}", api.text);
        let profile = api.json();
        let statistics: Vec<&serde_json::Value> =
            profile["issues"].as_array().unwrap().iter().flat_map(|i| i["statistics"].as_array().unwrap()).collect();
        let mut agencies: Vec<&str> = statistics.iter().filter_map(|s| s["source"]["agency_name"].as_str()).collect();
        agencies.sort();
        agencies.dedup();
        assert!(agencies.len() >= 3, "{agencies:?}");
        for s in statistics.iter().filter(|s| !s["source"].is_null()) {
            assert!(s["series"].as_array().unwrap().len() >= 3, "3+ years: {}", s["name_th"]);
            assert_eq!(s["rank_of"], 77, "every province has a value: {}", s["name_th"]);
            assert_eq!(s["group"].as_array().unwrap().len(), 4, "นครสวรรค์'s group has four members");
            assert!(s["country"].is_number() && s["region"].is_number());
        }
        assert_eq!(profile["gaps"], 2);
        assert_eq!(profile["projects_total"], 1);

        let html = app.get("/provinces/60", None).await.text;
        for issue in profile["issues"].as_array().unwrap() {
            assert!(html.contains(issue["title_th"].as_str().unwrap()));
        }
        for s in statistics.iter().filter(|s| !s["source"].is_null()) {
            let dataset = s["source"]["dataset"].as_str().unwrap();
            let release = s["source"]["release"].as_u64().unwrap();
            assert!(html.contains(&format!("/stats/{dataset}?release={release}")), "{dataset} release link");
            assert!(html.contains(s["source"]["agency_name"].as_str().unwrap()));
            assert!(html.contains(&format!("data-status=\"{}\"", s["target_status"].as_str().unwrap())));
        }
        // The project of the monitoring side in the province.
        assert!(html.contains("โครงการจัดทำข้อมูลสถิติและสารสนเทศจังหวัดนครสวรรค์"));

        let docx = app.get("/provinces/60.docx", None).await;
        assert_eq!(docx.status, StatusCode::OK);
        assert!(docx.header("content-type").unwrap().contains("wordprocessingml"));
        let pdf = app.get("/provinces/60.pdf", None).await;
        assert_eq!(pdf.status, StatusCode::OK);
        assert!(pdf.text.starts_with("%PDF"));
    }

    async fn the_office_keeps_its_chart_through_forms_and_the_api(db) {
        let app = app_with_provinces(db).await;
        // The public sees the chart but no form.
        let public = app.get("/provinces/60/chart", None).await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.text.contains("จำนวนผู้เยี่ยมเยือน") && !public.text.contains("add_issue"));

        let office = app.login("office60").await;
        let chart = app.get("/provinces/60/chart", Some(&office)).await;
        assert!(chart.text.contains("add_issue"), "the office's staff edits its chart");
        let version = app.get("/api/provinces/60/plan", None).await.json()["version"].as_i64().unwrap();
        let v = version.to_string();
        let added = post_form(&app, "/provinces/60/chart", &office, &[
            ("csrf", office.csrf.as_str()), ("action", "add_issue"), ("version", v.as_str()), ("title_th", "เกษตรปลอดภัย"),
        ]).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
        let plan = app.get("/api/provinces/60/plan", None).await.json();
        assert_eq!(plan["issues"].as_array().unwrap().last().unwrap()["title_th"], "เกษตรปลอดภัย");
        let issue = (plan["issues"].as_array().unwrap().len() - 1).to_string();
        let v2 = plan["version"].to_string();
        let statistic = post_form(&app, "/provinces/60/chart", &office, &[
            ("csrf", office.csrf.as_str()), ("action", "add_statistic"), ("version", v2.as_str()), ("issue", issue.as_str()),
            ("name_th", "ผลผลิตข้าวต่อไร่"), ("producer", "สำนักงานเศรษฐกิจการเกษตร"), ("frequency", "A"), ("lag_months", "๖"),
            ("series", ""), ("target", "๕๐๐"), ("polarity", "higher_is_better"),
        ]).await;
        assert_eq!(statistic.status, StatusCode::SEE_OTHER, "{}", statistic.text);
        let after = app.get("/api/provinces/60", None).await.json();
        assert_eq!(after["gaps"], 3, "a statistic the hub lacks is a gap");

        // A stale form: refused with the reason, nothing changed.
        let stale = post_form(&app, "/provinces/60/chart", &office, &[
            ("csrf", office.csrf.as_str()), ("action", "add_issue"), ("version", v.as_str()), ("title_th", "ซ้ำ"),
        ]).await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert!(stale.text.contains("role=\"alert\""));
        // A bad number: every problem named.
        let bad = post_form(&app, "/provinces/60/chart", &office, &[
            ("csrf", office.csrf.as_str()), ("action", "add_statistic"), ("version", &after["plan_version"].to_string()), ("issue", "0"),
            ("name_th", ""), ("producer", "x"), ("frequency", "A"), ("lag_months", "หก"), ("series", ""), ("target", ""), ("polarity", "higher_is_better"),
        ]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text.contains("lag_months"));
        assert_eq!(app.get("/api/provinces/60/plan", None).await.json()["version"], after["plan_version"]);

        // Another division's owner may not; the JSON API refuses a stale version.
        let owner = app.login("owner1").await;
        let foreign = app.call("PUT", "/api/provinces/60/plan", Some(json!({ "version": after["plan_version"], "issues": [] })), Some(&owner)).await;
        assert_eq!(foreign.status, StatusCode::FORBIDDEN);
        let conflict = app.call("PUT", "/api/provinces/60/plan", Some(json!({ "version": 1, "issues": [] })), Some(&office)).await;
        assert_eq!(conflict.status, StatusCode::CONFLICT);
        let planner = app.login("planner").await;
        let replaced = app.call("PUT", "/api/provinces/60/plan", Some(json!({
            "version": after["plan_version"],
            "issues": [{ "title_th": "ประเด็นเดียว", "statistics": [{ "name_th": "อัตราการว่างงาน", "producer": "สำนักงานสถิติแห่งชาติ",
                "frequency": "A", "lag_months": 6, "dataset": "NSO_LFS_PROV_DEMO", "indicator": "UNEMP_RATE", "target": 1.0, "polarity": "lower_is_better" }] }]
        })), Some(&planner)).await;
        assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.text);
        assert_eq!(app.get("/api/provinces/60", None).await.json()["gaps"], 0);
    }
}
