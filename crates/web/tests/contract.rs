//! The OpenAPI document against the server: a sample run touches every route,
//! and every answer's status must be documented for its route and its body must
//! match the schema documented for that status (schemas are generated from the
//! wire types in `tidtam_api`, so this is what keeps them honest).

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};
use tidtam_test_support::backend_tests;

use crate::common::{Reply, Session, TestApp};

/// The document and which (method, route) pairs the run has exercised.
struct Contract {
    document: Value,
    exercised: BTreeSet<(String, String)>,
}

impl Contract {
    async fn new(app: &TestApp) -> Contract {
        Contract { document: app.get("/api/openapi.json", None).await.json(), exercised: BTreeSet::new() }
    }

    /// Checks one answer of `method route` against the document.
    fn check(&mut self, method: &str, route: &str, reply: &Reply) {
        let operation = &self.document["paths"][route][method.to_lowercase()];
        assert!(operation.is_object(), "{method} {route} is not documented");
        let status = reply.status.as_u16().to_string();
        let response = &operation["responses"][&status];
        assert!(response.is_object(), "{method} {route} answered {status}, which is not documented: {}", reply.text);
        self.exercised.insert((method.to_lowercase(), route.to_string()));
        let Some(content) = response.get("content") else {
            assert!(
                reply.text.is_empty(),
                "{method} {route} {status}: documented without a body but sent {}",
                reply.text
            );
            return;
        };
        if let Some(json) = content.get("application/json") {
            let mut schema = json["schema"].clone();
            // Resolve `#/components/...` inside the schema itself.
            schema
                .as_object_mut()
                .expect("schema object")
                .insert("components".into(), self.document["components"].clone());
            let validator = jsonschema::draft202012::new(&schema)
                .unwrap_or_else(|error| panic!("{method} {route}: bad schema: {error}"));
            let body = reply.json();
            let errors: Vec<String> =
                validator.iter_errors(&body).map(|e| format!("{} at {}", e, e.instance_path())).collect();
            assert!(
                errors.is_empty(),
                "{method} {route} {status}: the answer does not match its schema:\n{}\n{body}",
                errors.join("\n")
            );
            assert!(
                reply.header("content-type").is_some_and(|t| t.starts_with("application/json")),
                "{method} {route}"
            );
        } else if content.get("text/html").is_some() {
            assert!(reply.header("content-type").is_some_and(|t| t.starts_with("text/html")), "{method} {route}");
        }
    }
}

async fn call(
    app: &TestApp,
    contract: &mut Contract,
    method: &str,
    route: &str,
    path: &str,
    body: Option<Value>,
    session: Option<&Session>,
) -> Reply {
    let reply = app.call(method, path, body, session).await;
    contract.check(method, route, &reply);
    reply
}

backend_tests! {
    async fn every_answer_of_a_sample_run_matches_the_document(db) {
        let app = TestApp::demo(db).await;
        let mut c = Contract::new(&app).await;
        let c = &mut c;
        let admin = app.login("admin").await;
        let planner = app.login("planner").await;
        let owner = app.login("owner1").await;

        // Reading.
        call(&app, c, "GET", "/api/health", "/api/health", None, None).await;
        call(&app, c, "GET", "/api/openapi.json", "/api/openapi.json", None, None).await;
        call(&app, c, "GET", "/", "/", None, None).await;
        call(&app, c, "GET", "/assets/tidtam.css", "/assets/tidtam.css", None, None).await;
        let session = call(&app, c, "GET", "/api/session", "/api/session", None, Some(&owner)).await.json();
        call(&app, c, "GET", "/api/session", "/api/session", None, None).await;
        let agency_id = app.get("/api/session", Some(&planner)).await.json()["actor"]["agency_id"].as_i64().unwrap();
        let division_id = session["actor"]["division_id"].as_i64().unwrap();

        // The statistics hub: SDMX, CKAN, DCAT and the plain JSON/CSV, on the hub demo.
        app.service.generate_stats_demo(&tidtam_service::Actor::system(), agency_id, tidtam_demo::DEMO_PASSWORD).await.unwrap();
        let statistician = app.login("statistician").await;
        let new_dataset = json!({
            "agency_id": agency_id, "id": "CONTRACT_DS", "title_th": "อัตราการว่างงาน", "sector": "S02",
            "dimensions": ["INDICATOR", "AREA"],
            "indicators": [{ "code": "X", "name_th": "อัตรา", "name_en": "Rate", "unit_th": "ร้อยละ", "unit_en": "percent", "unit_mult": 0 }],
            "metadata": { "data_type": "ข้อมูลสถิติ", "tag_string": ["แรงงาน"] },
        });
        let created = call(&app, c, "POST", "/api/stats/datasets", "/api/stats/datasets", Some(new_dataset.clone()), Some(&statistician)).await;
        assert_eq!(created.status.as_u16(), 201, "{}", created.text);
        call(&app, c, "POST", "/api/stats/datasets", "/api/stats/datasets", Some(new_dataset.clone()), Some(&statistician)).await;
        call(&app, c, "POST", "/api/stats/datasets", "/api/stats/datasets", Some(new_dataset), Some(&planner)).await;
        let mapping = r#"{"header_rows":1,"columns":[{"column":"จังหวัด","role":"AREA"}],"across":[{"row":1,"role":"TIME_PERIOD"}],"fixed":{"INDICATOR":"X"}}"#;
        let encoded: String = mapping.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect();
        for (route, table, status) in [
            ("/api/stats/datasets/{code}/preview", "จังหวัด,2566,2567\nชัยนาท,1.0,x1\n", 200),
            ("/api/stats/datasets/{code}/releases", "จังหวัด,2566,2567\nชัยนาท,1.0,x1\n", 422),
            ("/api/stats/datasets/{code}/releases", "จังหวัด,2566,2567\nชัยนาท,1.0,1.1\n", 201),
        ] {
            let uri = route.replace("{code}", "CONTRACT_DS") + "?file_name=t.csv&mapping=" + &encoded;
            let request = Request::builder().method("POST").uri(uri)
                .header("cookie", &statistician.cookie).header("x-csrf-token", &statistician.csrf)
                .body(Body::from(table.replace("\\n", "\n"))).unwrap();
            let reply = app.send(request).await;
            assert_eq!(reply.status.as_u16(), status, "{route}: {}", reply.text);
            c.check("POST", route, &reply);
        }
        let anonymous = Request::builder().method("POST").uri("/api/stats/datasets/CONTRACT_DS/releases?file_name=t.csv").body(Body::from("x")).unwrap();
        let reply = app.send(anonymous).await;
        c.check("POST", "/api/stats/datasets/{code}/releases", &reply);
        let version = app.get("/api/stats/datasets/CONTRACT_DS", Some(&statistician)).await.json()["version"].clone();
        // Not publishable yet (required GD Catalog fields missing), then a stale version.
        let refused = call(&app, c, "POST", "/api/stats/datasets/{code}/publish", "/api/stats/datasets/CONTRACT_DS/publish", Some(json!({ "version": version, "published": true })), Some(&statistician)).await;
        assert_eq!(refused.status.as_u16(), 422, "{}", refused.text);
        call(&app, c, "POST", "/api/stats/datasets/{code}/publish", "/api/stats/datasets/CONTRACT_DS/publish", Some(json!({ "version": 0, "published": false })), Some(&statistician)).await;
        // Disclosure control: read, set (a bad indicator, then minimum frequency), refused to others.
        let route = "/api/stats/datasets/{code}/disclosure";
        let path = "/api/stats/datasets/CONTRACT_DS/disclosure";
        let state = call(&app, c, "GET", route, path, None, Some(&statistician)).await;
        assert_eq!(state.status.as_u16(), 200, "{}", state.text);
        call(&app, c, "GET", route, path, None, Some(&planner)).await;
        call(&app, c, "GET", route, path, None, None).await;
        let version = state.json()["version"].clone();
        let bad = call(&app, c, "PUT", route, path, Some(json!({ "version": version, "disclosure": { "method": "suppression", "count_indicator": "NOPE", "min_frequency": 3 } })), Some(&statistician)).await;
        assert_eq!(bad.status.as_u16(), 422, "{}", bad.text);
        let set = call(&app, c, "PUT", route, path, Some(json!({ "version": version, "disclosure": { "method": "suppression", "count_indicator": "X", "min_frequency": 3 } })), Some(&statistician)).await;
        assert_eq!(set.status.as_u16(), 200, "{}", set.text);
        call(&app, c, "PUT", route, path, Some(json!({ "version": version, "disclosure": { "method": "off" } })), Some(&statistician)).await;
        call(&app, c, "PUT", route, path, Some(json!({ "version": version, "disclosure": { "method": "off" } })), Some(&planner)).await;
        // The register of official statistics (the hub demo made its entries).
        let system = call(&app, c, "GET", "/api/statistics-system", "/api/statistics-system?status=late", None, None).await;
        assert_eq!(system.status.as_u16(), 200, "{}", system.text);
        call(&app, c, "GET", "/api/statistics-system", "/api/statistics-system?status=soon", None, None).await;
        call(&app, c, "GET", "/api/statistics-register/{code}", "/api/statistics-register/LFS_UNEMP_Q", None, None).await;
        call(&app, c, "GET", "/api/statistics-register/{code}", "/api/statistics-register/NO_SUCH", None, None).await;
        let entry = json!({
            "code": "CONTRACT_STAT", "name_th": "สถิติทดสอบ", "name_en": "A test statistic", "agency_id": agency_id,
            "sector": "S02", "geo_level": "country", "frequency": "quarterly", "first_period": "2024-Q1",
            "calendar": "lag", "lag_months": 1, "lag_days": 15, "dataset": "CONTRACT_DS", "indicator": "X",
        });
        let created = call(&app, c, "POST", "/api/statistics-register", "/api/statistics-register", Some(entry.clone()), Some(&statistician)).await;
        assert_eq!(created.status.as_u16(), 201, "{}", created.text);
        assert_eq!(call(&app, c, "POST", "/api/statistics-register", "/api/statistics-register", Some(entry.clone()), Some(&statistician)).await.status.as_u16(), 409);
        assert_eq!(call(&app, c, "POST", "/api/statistics-register", "/api/statistics-register", Some(entry.clone()), Some(&planner)).await.status.as_u16(), 403);
        assert_eq!(call(&app, c, "POST", "/api/statistics-register", "/api/statistics-register", Some(entry.clone()), None).await.status.as_u16(), 401);
        let mut bad = entry.clone();
        bad["frequency"] = json!("weekly");
        bad["code"] = json!("BAD_STAT");
        assert_eq!(call(&app, c, "POST", "/api/statistics-register", "/api/statistics-register", Some(bad), Some(&statistician)).await.status.as_u16(), 422);
        let mut change = entry.clone();
        change["name_en"] = json!("A test statistic, renamed");
        change["version"] = created.json()["version"].clone();
        let changed = call(&app, c, "PUT", "/api/statistics-register/{code}", "/api/statistics-register/CONTRACT_STAT", Some(change.clone()), Some(&statistician)).await;
        assert_eq!(changed.status.as_u16(), 200, "{}", changed.text);
        assert_eq!(call(&app, c, "PUT", "/api/statistics-register/{code}", "/api/statistics-register/CONTRACT_STAT", Some(change), Some(&statistician)).await.status.as_u16(), 409);
        let stale = format!("/api/statistics-register/CONTRACT_STAT?version={}", created.json()["version"]);
        assert_eq!(call(&app, c, "DELETE", "/api/statistics-register/{code}", &stale, None, Some(&statistician)).await.status.as_u16(), 409);
        let current = format!("/api/statistics-register/CONTRACT_STAT?version={}", changed.json()["version"]);
        assert_eq!(call(&app, c, "DELETE", "/api/statistics-register/{code}", &current, None, Some(&statistician)).await.status.as_u16(), 204);
        let workbook = call(&app, c, "GET", "/exports/statistics-system.xlsx", "/exports/statistics-system.xlsx?fy=2568", None, None).await;
        assert_eq!(workbook.status.as_u16(), 200);
        call(&app, c, "GET", "/exports/statistics-system.xlsx", "/exports/statistics-system.xlsx", None, None).await;
        for (route, path) in [
            ("/sdmx/dataflow/{agency_id}/{resource_id}/{version}", "/sdmx/dataflow/TH_NSO/all/latest?references=all"),
            ("/sdmx/dataflow/{agency_id}/{resource_id}/{version}", "/sdmx/dataflow/OTHER/all/latest"),
            ("/sdmx/datastructure/{agency_id}/{resource_id}/{version}", "/sdmx/datastructure/TH_NSO/DSD_NSO_PMQA_7/latest?references=children"),
            ("/sdmx/codelist/{agency_id}/{resource_id}/{version}", "/sdmx/codelist/TH_NSO/CL_AREA/latest"),
            ("/sdmx/conceptscheme/{agency_id}/{resource_id}/{version}", "/sdmx/conceptscheme/TH_NSO/CS_HUB/1.0"),
            ("/sdmx/data/{flow_ref}", "/sdmx/data/NSO_PMQA_7"),
            ("/sdmx/data/{flow_ref}/{key}", "/sdmx/data/NSO_PMQA_7/A.K7_1_1?startPeriod=2019&format=jsondata"),
            ("/sdmx/data/{flow_ref}/{key}", "/sdmx/data/NSO_PMQA_7/Q.K7_1_1"),
            ("/sdmx/data/{flow_ref}/{key}", "/sdmx/data/NSO_PMQA_7/A.B.C"),
            ("/sdmx/data/{flow_ref}/{key}", "/sdmx/data/NSO_PMQA_7/all?includeHistory=true"),
            ("/sdmx/data/{flow_ref}/{key}", "/sdmx/data/NSO_PMQA_7/all?includeHistory=true&format=csv"),
            ("/sdmx/data/{flow_ref}/{key}", "/sdmx/data/NSO_PMQA_7/all?dimensionAtObservation=AllDimensions&format=jsondata"),
            ("/sdmx/data/{flow_ref}/{key}", "/sdmx/data/NSO_PMQA_7/all?dimensionAtObservation=SEX"),
            ("/sdmx/data/{flow_ref}/{key}/{provider_ref}", "/sdmx/data/TH_NSO,NSO_PMQA_7,1.0/all/TH_NSO?format=csv2"),
            ("/sdmx/{resource}/{agency_id}/{resource_id}/{version}", "/sdmx/categoryscheme/TH_NSO/all/latest"),
            ("/api/stats/datasets", "/api/stats/datasets?q=%E0%B8%88%E0%B8%B1%E0%B8%87%E0%B8%AB%E0%B8%A7%E0%B8%B1%E0%B8%94"),
            ("/api/stats/datasets/{code}", "/api/stats/datasets/MOU_PILOT_DEMO"),
            ("/api/stats/datasets/{code}", "/api/stats/datasets/NOPE"),
            ("/api/stats/datasets/{code}/data", "/api/stats/datasets/MOU_PILOT_DEMO/data?area=TH-62&start=2021&release=1"),
            ("/api/stats/datasets/{code}/data", "/api/stats/datasets/MOU_PILOT_DEMO/data?release=9"),
            ("/api/stats/datasets/{code}/data.csv", "/api/stats/datasets/MOU_PILOT_DEMO/data.csv?as_of=2030-01-01"),
            ("/api/stats/datasets/{code}/data.xlsx", "/api/stats/datasets/MOU_PILOT_DEMO/data.xlsx?area=TH-62"),
            ("/api/stats/datasets/{code}/data.xlsx", "/api/stats/datasets/NOPE/data.xlsx"),
            ("/catalog.ttl", "/catalog.ttl"),
            ("/catalog.jsonld", "/catalog.jsonld?page=1"),
            ("/catalog.rdf", "/catalog.rdf?page=1"),
            ("/dataset/{file}", "/dataset/nso-pmqa-7.ttl"),
            ("/dataset/{file}", "/dataset/nso-pmqa-7.pdf"),
        ] {
            call(&app, c, "GET", route, path, None, None).await;
        }
        let not_acceptable = Request::builder().uri("/sdmx/data/NSO_PMQA_7").header("accept", "application/pdf").body(Body::empty()).unwrap();
        let reply = app.send(not_acceptable).await;
        assert_eq!(reply.status.as_u16(), 406);
        c.check("GET", "/sdmx/data/{flow_ref}", &reply);
        for prefix in ["/api/3/action/", "/api/action/"] {
            for (action, id) in [
                ("package_list", None),
                ("package_search", None),
                ("package_show", Some("nso-pmqa-7".to_owned())),
                ("organization_list", None),
                ("organization_show", Some(format!("agency-{agency_id}"))),
                ("group_list", None),
                ("group_show", Some("s19".to_owned())),
                ("tag_list", None),
                ("resource_show", Some("nso-pmqa-7--csv".to_owned())),
                ("status_show", None),
                ("current_package_list_with_resources", None),
            ] {
                let route = format!("{prefix}{action}");
                let query = id.as_ref().map(|id| format!("?id={id}")).unwrap_or_default();
                let got = call(&app, c, "GET", &route, &format!("{route}{query}"), None, None).await;
                assert_eq!(got.json()["success"], true, "{route}: {}", got.text);
                let body = id.map(|id| json!({ "id": id })).unwrap_or(json!({}));
                let posted = call(&app, c, "POST", &route, &route, Some(body), None).await;
                assert_eq!(posted.json()["result"], got.json()["result"], "{route}: GET and POST agree");
            }
        }
        let missing = call(&app, c, "GET", "/api/3/action/package_show", "/api/3/action/package_show?id=nope", None, None).await;
        assert_eq!((missing.status.as_u16(), missing.json()["error"]["__type"].as_str()), (404, Some("Not Found Error")));
        let bad_sort = call(&app, c, "GET", "/api/3/action/package_search", "/api/3/action/package_search?sort=colour%20asc", None, None).await;
        assert_eq!(bad_sort.json()["error"]["__type"], "Search Query Error");
        call(&app, c, "POST", "/api/action/package_show", "/api/action/package_show", Some(json!({})), None).await;
        call(&app, c, "GET", "/api/org-units", "/api/org-units?per_page=200", None, None).await;
        call(&app, c, "GET", "/api/strategies", "/api/strategies", None, None).await;
        call(&app, c, "GET", "/api/deadlines/{fiscal_year}/{quarter}", "/api/deadlines/2568/1", None, None).await;
        let projects = call(&app, c, "GET", "/api/projects", "/api/projects?fiscal_year=2568", None, Some(&planner)).await.json();
        let project_id = projects["items"][0]["id"].as_i64().unwrap();
        let detail = call(&app, c, "GET", "/api/projects/{id}", &format!("/api/projects/{project_id}"), None, Some(&planner)).await;
        // The check can fail: a list is not a project, and a project without its reports is not a detail.
        let mut wrong = detail.json();
        wrong.as_object_mut().unwrap().remove("reports");
        for body in [projects.clone(), wrong] {
            let reply = Reply { text: body.to_string(), ..detail.clone() };
            let refused = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| c.check("GET", "/api/projects/{id}", &reply)));
            assert!(refused.is_err(), "the schema check refuses {body}");
        }
        call(&app, c, "GET", "/api/projects/{id}", "/api/projects/999999", None, Some(&planner)).await;
        call(&app, c, "GET", "/api/projects/{id}", "/api/projects/abc", None, Some(&planner)).await;
        call(&app, c, "GET", "/api/search", "/api/search?q=%E0%B8%AA%E0%B8%96%E0%B8%B4%E0%B8%95%E0%B8%B4", None, Some(&planner)).await;
        call(&app, c, "GET", "/api/search", "/api/search?q=%20", None, Some(&planner)).await;
        call(&app, c, "GET", "/api/search/reports", "/api/search/reports?q=%E0%B8%A5%E0%B9%88%E0%B8%B2%E0%B8%8A%E0%B9%89%E0%B8%B2", None, Some(&planner)).await;
        call(&app, c, "GET", "/api/search/reports", "/api/search/reports?q=%20", None, Some(&planner)).await;
        call(&app, c, "GET", "/api/projects", "/api/projects?fiscal_year=2568&quarter=3&risk=late_procurement", None, Some(&planner)).await;
        call(&app, c, "GET", "/api/projects", "/api/projects?risk=late_procurement", None, Some(&planner)).await;
        for group_by in ["total", "strategy", "division", "province", "quarter"] {
            call(&app, c, "GET", "/api/portfolio", &format!("/api/portfolio?fiscal_year=2568&group_by={group_by}"), None, Some(&admin)).await;
        }
        call(&app, c, "GET", "/api/portfolio", "/api/portfolio?fiscal_year=2568", None, None).await;
        let reports = call(&app, c, "GET", "/api/reports", "/api/reports?fiscal_year=2568", None, Some(&planner)).await.json();
        let report_id = reports["items"][0]["id"].as_i64().unwrap();
        call(&app, c, "GET", "/api/reports/{id}", &format!("/api/reports/{report_id}"), None, Some(&planner)).await;
        call(&app, c, "GET", "/api/reports/{id}/history", &format!("/api/reports/{report_id}/history"), None, Some(&planner)).await;
        // Exports: files, documented as attachments of their media type.
        let (export_project, export_quarter) = (reports["items"][0]["project_id"].clone(), reports["items"][0]["quarter"].clone());
        let form_route = "/projects/{id}/reports/{fy}/{q}.docx";
        call(&app, c, "GET", form_route, &format!("/projects/{export_project}/reports/2568/{export_quarter}.docx"), None, Some(&planner)).await;
        call(&app, c, "GET", form_route, "/projects/999999/reports/2568/1.docx", None, Some(&planner)).await;
        call(&app, c, "GET", form_route, &format!("/projects/{export_project}/reports/2568/9.docx"), None, Some(&planner)).await;
        call(&app, c, "GET", "/exports/portfolio.docx", "/exports/portfolio.docx?fy=2568&q=2", None, Some(&planner)).await;
        call(&app, c, "GET", "/exports/portfolio.docx", "/exports/portfolio.docx?fy=2568", None, Some(&planner)).await;
        call(&app, c, "GET", "/exports/portfolio.xlsx", "/exports/portfolio.xlsx?fy=2568", None, None).await;
        call(&app, c, "GET", "/projects/{id}.pdf", &format!("/projects/{export_project}.pdf"), None, Some(&planner)).await;
        call(&app, c, "GET", "/projects/{id}.pdf", "/projects/999999.pdf", None, Some(&planner)).await;
        call(&app, c, "GET", "/dashboard.pdf", "/dashboard.pdf?fy=2568&q=3", None, Some(&admin)).await;
        call(&app, c, "GET", "/dashboard.pdf", "/dashboard.pdf?fy=abc", None, None).await;
        call(&app, c, "GET", "/api/late-reports", "/api/late-reports?fiscal_year=2568&quarter=1", None, Some(&planner)).await;
        call(&app, c, "GET", "/api/audit", "/api/audit?per_page=20", None, Some(&admin)).await;
        call(&app, c, "GET", "/api/audit", "/api/audit", None, None).await;
        call(&app, c, "GET", "/api/users", "/api/users", None, Some(&admin)).await;
        call(&app, c, "GET", "/api/users", "/api/users", None, Some(&owner)).await;

        // Writing: organisation, strategies, deadlines, users.
        let unit = json!({ "parent_id": agency_id, "kind": "division", "code": "CONTRACT-1", "name": "กองทดสอบสัญญา" });
        call(&app, c, "POST", "/api/org-units", "/api/org-units", Some(unit), Some(&admin)).await;
        let strategy = json!({ "level": "agency_plan", "agency_id": agency_id, "code": "C-1", "name": "แผนทดสอบ" });
        call(&app, c, "POST", "/api/strategies", "/api/strategies", Some(strategy), Some(&planner)).await;
        call(&app, c, "PUT", "/api/deadlines/{fiscal_year}/{quarter}", "/api/deadlines/2569/1", Some(json!({ "due": "2569-01-20" })), Some(&planner)).await;
        call(&app, c, "PUT", "/api/deadlines/{fiscal_year}/{quarter}", "/api/deadlines/2569/1", Some(json!({ "due": "2026-01-20" })), Some(&planner)).await;
        let user = json!({ "username": "contract-user", "display_name": "ผู้ใช้ทดสอบ", "password": "ทดสอบ-รหัสผ่าน-ยาว-2569!", "role": "executive" });
        let created = call(&app, c, "POST", "/api/users", "/api/users", Some(user), Some(&admin)).await.json();
        let user_id = created["id"].as_i64().unwrap();
        let change = json!({ "new_password": "อีก-รหัสผ่าน-ที่ยาวพอ-2569!" });
        call(&app, c, "PUT", "/api/users/{id}/password", &format!("/api/users/{user_id}/password"), Some(change), Some(&admin)).await;

        // A project's life: create, change, budget, activity, KPI, a report through the workflow, delete.
        let project = json!({ "agency_id": agency_id, "owner_division_id": division_id, "name": "โครงการทดสอบสัญญา API", "start_year": 2568, "end_year": 2569, "value": 1250000.5 });
        let created = call(&app, c, "POST", "/api/projects", "/api/projects", Some(project), Some(&planner)).await.json();
        let id = created["id"].as_i64().unwrap();
        call(&app, c, "POST", "/api/projects", "/api/projects", Some(json!({ "agency_id": agency_id, "name": " ", "start_year": 2568, "end_year": 2568 })), Some(&planner)).await;
        let update = json!({ "version": created["version"], "owner_division_id": division_id, "name": "โครงการทดสอบสัญญา API (แก้ไข)", "start_year": 2568, "end_year": 2569 });
        let updated = call(&app, c, "PUT", "/api/projects/{id}", &format!("/api/projects/{id}"), Some(update.clone()), Some(&planner)).await.json();
        call(&app, c, "PUT", "/api/projects/{id}", &format!("/api/projects/{id}"), Some(update), Some(&planner)).await;
        let budget = json!({ "allocated": 1000000, "contracted": 900000.25 });
        call(&app, c, "PUT", "/api/projects/{id}/budgets/{fiscal_year}", &format!("/api/projects/{id}/budgets/2568"), Some(budget), Some(&planner)).await;
        let activity = json!({ "seq": 1, "name": "จัดซื้อจัดจ้าง", "planned_start": "2024-10-01", "planned_end": "2024-12-31", "instalments": [{ "number": 1, "description": "งวดที่ ๑", "amount": 450000 }] });
        call(&app, c, "POST", "/api/projects/{id}/activities", &format!("/api/projects/{id}/activities"), Some(activity), Some(&planner)).await;
        let kpi = json!({ "name": "ร้อยละความสำเร็จ", "kind": "quantitative", "target": { "fiscal_year": 2568, "text": "ร้อยละ 80" } });
        call(&app, c, "POST", "/api/projects/{id}/kpis", &format!("/api/projects/{id}/kpis"), Some(kpi), Some(&planner)).await;
        // The owner's planning fields are proposed, not applied; a planner decides.
        let current = app.get(&format!("/api/projects/{id}"), Some(&owner)).await.json();
        let proposing = json!({ "version": current["version"], "owner_division_id": division_id, "name": current["name"], "start_year": 2568, "end_year": 2569, "value": 2000000, "published": true });
        let changed = call(&app, c, "PUT", "/api/projects/{id}", &format!("/api/projects/{id}"), Some(proposing), Some(&owner)).await.json();
        assert_eq!(changed["published"], json!(false), "publication waits for a planner");
        let proposal = changed["pending_proposal"].clone();
        let budget = json!({ "allocated": 2000000, "contracted": 1000000, "carried_over": 5000 });
        let set = call(&app, c, "PUT", "/api/projects/{id}/budgets/{fiscal_year}", &format!("/api/projects/{id}/budgets/2568"), Some(budget), Some(&owner)).await.json();
        assert_eq!((set["allocated"].as_f64(), set["carried_over"].as_f64()), (Some(1000000.0), Some(5000.0)), "only the carried-over amount applies");
        let target = json!({ "name": "ร้อยละความสำเร็จ", "kind": "quantitative", "target": { "fiscal_year": 2568, "text": "ร้อยละ 90" } });
        let saved = call(&app, c, "POST", "/api/projects/{id}/kpis", &format!("/api/projects/{id}/kpis"), Some(target), Some(&owner)).await.json();
        assert_eq!(saved["kpis"][0]["targets"][0]["text"], json!("ร้อยละ 80"));
        let pending = call(&app, c, "GET", "/api/proposals", &format!("/api/proposals?project_id={id}&status=pending"), None, Some(&planner)).await.json();
        assert_eq!(pending["total"], json!(3));
        call(&app, c, "GET", "/api/proposals", "/api/proposals", None, None).await;
        let (pid, pversion) = (proposal["id"].as_i64().unwrap(), proposal["version"].clone());
        call(&app, c, "POST", "/api/proposals/{id}/accept", &format!("/api/proposals/{pid}/accept"), Some(json!({ "version": pversion })), Some(&owner)).await;
        call(&app, c, "POST", "/api/proposals/{id}/reject", &format!("/api/proposals/{pid}/reject"), Some(json!({ "version": pversion, "comment": " " })), Some(&planner)).await;
        call(&app, c, "POST", "/api/proposals/{id}/reject", &format!("/api/proposals/{pid}/reject"), Some(json!({ "version": pversion, "comment": "มูลค่าเกินกรอบวงเงิน" })), Some(&planner)).await;
        call(&app, c, "POST", "/api/proposals/{id}/accept", &format!("/api/proposals/{pid}/accept"), Some(json!({ "version": pversion })), Some(&planner)).await;
        call(&app, c, "POST", "/api/proposals/{id}/accept", "/api/proposals/999999/accept", Some(json!({ "version": 1 })), Some(&planner)).await;
        let budget_proposal = set["pending_proposal"].clone();
        let accepted = call(&app, c, "POST", "/api/proposals/{id}/accept", &format!("/api/proposals/{}/accept", budget_proposal["id"]), Some(json!({ "version": budget_proposal["version"] })), Some(&planner)).await.json();
        assert_eq!(accepted["status"], json!("accepted"));
        let report = json!({ "project_id": id, "fiscal_year": 2568, "quarter": 1, "progress_percent": 15, "allocated": 1000000, "disbursed": 1200000,
            "kpi_results": [{ "kpi_name": "ร้อยละความสำเร็จ", "kind": "quantitative", "target_text": "ร้อยละ 80", "result_text": "ร้อยละ 20" }],
            "problems": [{ "cause": "procurement_delay", "text": "ประกวดราคาล่าช้า" }] });
        let report = call(&app, c, "POST", "/api/reports", "/api/reports", Some(report.clone()), Some(&owner)).await.json();
        assert!(!report["findings"].as_array().unwrap().is_empty(), "disbursed > allocated is found");
        let rid = report["id"].as_i64().unwrap();
        call(&app, c, "POST", "/api/reports", "/api/reports", Some(json!({ "project_id": id, "fiscal_year": 2568, "quarter": 1 })), Some(&owner)).await;
        let edited = call(&app, c, "PUT", "/api/reports/{id}", &format!("/api/reports/{rid}"), Some(json!({ "version": report["version"], "progress_percent": 20, "disbursed": 100000 })), Some(&owner)).await.json();
        let submitted = call(&app, c, "POST", "/api/reports/{id}/submit", &format!("/api/reports/{rid}/submit"), Some(json!({ "version": edited["version"] })), Some(&owner)).await.json();
        call(&app, c, "POST", "/api/reports/{id}/submit", &format!("/api/reports/{rid}/submit"), Some(json!({ "version": submitted["version"] })), Some(&owner)).await;
        call(&app, c, "POST", "/api/reports/{id}/return", &format!("/api/reports/{rid}/return"), Some(json!({ "version": submitted["version"], "comment": " " })), Some(&planner)).await;
        let returned = call(&app, c, "POST", "/api/reports/{id}/return", &format!("/api/reports/{rid}/return"), Some(json!({ "version": submitted["version"], "comment": "กรุณาแนบหลักฐาน" })), Some(&planner)).await.json();
        let again = call(&app, c, "POST", "/api/reports/{id}/submit", &format!("/api/reports/{rid}/submit"), Some(json!({ "version": returned["version"] })), Some(&owner)).await.json();
        call(&app, c, "POST", "/api/reports/{id}/approve", &format!("/api/reports/{rid}/approve"), Some(json!({ "version": again["version"] })), Some(&planner)).await;
        call(&app, c, "GET", "/api/reports/{id}/history", &format!("/api/reports/{rid}/history"), None, Some(&owner)).await;
        call(&app, c, "DELETE", "/api/projects/{id}", &format!("/api/projects/{id}?version={}", updated["version"]), None, Some(&planner)).await;

        // Organisation performance: the demo's agreement and PMQA assessments.
        let agreements = call(&app, c, "GET", "/api/kpi/agreements", "/api/kpi/agreements?fy=2568", None, Some(&planner)).await.json();
        let agreement = agreements["items"][0]["id"].as_i64().expect("the demo agreement");
        call(&app, c, "GET", "/api/kpi/agreements", "/api/kpi/agreements", None, Some(&planner)).await;
        let new_agreement = json!({ "org_unit_id": agency_id, "fiscal_year": 2569, "title": "คำรับรอง ๒๕๖๙" });
        call(&app, c, "POST", "/api/kpi/agreements", "/api/kpi/agreements", Some(new_agreement.clone()), Some(&owner)).await;
        let created = call(&app, c, "POST", "/api/kpi/agreements", "/api/kpi/agreements", Some(new_agreement), Some(&planner)).await.json();
        let new_id = created["id"].as_i64().unwrap();
        let indicator = json!({ "code": "1.1", "name": "ร้อยละความพึงพอใจ", "weight": "100", "officer_user_id": session["actor"]["user_id"],
            "criteria": { "kind": "quantitative", "polarity": "higher", "mode": "interpolate", "thresholds": ["75", "80", "85", "90", "95"] } });
        let added = call(&app, c, "POST", "/api/kpi/agreements/{id}/indicators", &format!("/api/kpi/agreements/{new_id}/indicators"), Some(indicator.clone()), Some(&planner)).await.json();
        let kid = added["id"].as_i64().unwrap();
        let mut unordered = indicator.clone();
        unordered["criteria"]["thresholds"] = json!(["75", "85", "80", "90", "95"]);
        call(&app, c, "POST", "/api/kpi/agreements/{id}/indicators", &format!("/api/kpi/agreements/{new_id}/indicators"), Some(unordered), Some(&planner)).await;
        call(&app, c, "GET", "/api/kpi/agreements/{id}/scorecard", &format!("/api/kpi/agreements/{agreement}/scorecard"), None, Some(&planner)).await;
        call(&app, c, "GET", "/api/kpi/agreements/{id}/scorecard", "/api/kpi/agreements/999999/scorecard", None, Some(&planner)).await;
        call(&app, c, "GET", "/api/kpi/indicators/{id}", &format!("/api/kpi/indicators/{kid}"), None, Some(&owner)).await;
        call(&app, c, "GET", "/api/kpi/indicators/{id}", &format!("/api/kpi/indicators/{kid}"), None, None).await;
        let round = format!("/api/kpi/indicators/{kid}/rounds/6");
        let saved = call(&app, c, "PUT", "/api/kpi/indicators/{id}/rounds/{months}", &round, Some(json!({ "version": 0, "result": "87" })), Some(&owner)).await.json();
        assert_eq!(saved["rounds"][0]["score"], json!("3.4000"));
        call(&app, c, "PUT", "/api/kpi/indicators/{id}/rounds/{months}", &round, Some(json!({ "version": 0, "result": "ดี" })), Some(&owner)).await;
        call(&app, c, "PUT", "/api/kpi/indicators/{id}/rounds/{months}", &round, Some(json!({ "version": 0, "result": "80" })), Some(&owner)).await;
        call(&app, c, "PUT", "/api/kpi/indicators/{id}/rounds/{months}", &round, Some(json!({ "version": 1, "result": "80" })), Some(&statistician)).await;
        call(&app, c, "POST", "/api/kpi/indicators/{id}/rounds/{months}/evidence", &format!("{round}/evidence"), Some(json!({ "title": "ผลสำรวจ", "date": "2025-04-01", "pages": 3 })), Some(&owner)).await;
        call(&app, c, "POST", "/api/kpi/indicators/{id}/rounds/{months}/evidence", &format!("{round}/evidence"), Some(json!({ "title": "ผลสำรวจ" })), Some(&app.login("executive").await)).await;
        let version = app.get(&format!("/api/kpi/indicators/{kid}"), Some(&planner)).await.json()["rounds"][0]["version"].clone();
        call(&app, c, "POST", "/api/kpi/indicators/{id}/rounds/{months}/lock", &format!("{round}/lock"), Some(json!({ "version": version })), Some(&owner)).await;
        let locked = call(&app, c, "POST", "/api/kpi/indicators/{id}/rounds/{months}/lock", &format!("{round}/lock"), Some(json!({ "version": version })), Some(&planner)).await.json();
        let version = locked["rounds"][0]["version"].clone();
        call(&app, c, "PUT", "/api/kpi/indicators/{id}/rounds/{months}", &round, Some(json!({ "version": version, "result": "90" })), Some(&owner)).await;
        let committee = app.login("committee").await;
        let scored = call(&app, c, "PUT", "/api/kpi/indicators/{id}/rounds/{months}/committee", &format!("{round}/committee"), Some(json!({ "version": version, "score": "3.2" })), Some(&committee)).await.json();
        call(&app, c, "PUT", "/api/kpi/indicators/{id}/rounds/{months}/committee", &format!("{round}/committee"), Some(json!({ "version": version, "score": "3.2" })), Some(&planner)).await;
        let version = scored["rounds"][0]["version"].clone();
        call(&app, c, "POST", "/api/kpi/indicators/{id}/rounds/{months}/unlock", &format!("{round}/unlock"), Some(json!({ "version": version })), Some(&planner)).await;
        call(&app, c, "POST", "/api/kpi/indicators/{id}/rounds/{months}/unlock", &format!("{round}/unlock"), Some(json!({ "version": version, "reason": "แก้ไขผล" })), Some(&planner)).await;
        let pmqa = call(&app, c, "GET", "/api/pmqa", "/api/pmqa?fy=2563", None, Some(&planner)).await.json();
        assert_eq!(pmqa["total"], json!("256.43"));
        call(&app, c, "GET", "/api/pmqa", "/api/pmqa?fy=2570", None, Some(&planner)).await;
        let new_assessment = json!({ "org_unit_id": agency_id, "fiscal_year": 2564, "items": [{ "code": "1.1", "own": { "level": "advance", "percent": "50" } }] });
        call(&app, c, "POST", "/api/pmqa", "/api/pmqa", Some(new_assessment.clone()), Some(&owner)).await;
        let assessment = call(&app, c, "POST", "/api/pmqa", "/api/pmqa", Some(new_assessment), Some(&planner)).await.json();
        let aid = assessment["id"].as_i64().unwrap();
        call(&app, c, "GET", "/api/pmqa/{id}", &format!("/api/pmqa/{aid}"), None, Some(&planner)).await;
        call(&app, c, "GET", "/api/pmqa/{id}", &format!("/api/pmqa/{aid}"), None, None).await;
        let item = json!({ "version": assessment["version"], "item": { "code": "1.2", "own": { "percent": "70" }, "assessor": { "percent": "65" } } });
        call(&app, c, "PUT", "/api/pmqa/{id}/items", &format!("/api/pmqa/{aid}/items"), Some(item.clone()), Some(&planner)).await;
        call(&app, c, "PUT", "/api/pmqa/{id}/items", &format!("/api/pmqa/{aid}/items"), Some(item), Some(&planner)).await;
        call(&app, c, "GET", "/kpi/{id}.docx", &format!("/kpi/{kid}.docx"), None, Some(&planner)).await;
        call(&app, c, "GET", "/kpi/{id}.docx", "/kpi/999999.docx", None, Some(&planner)).await;
        call(&app, c, "GET", "/kpi.xlsx", "/kpi.xlsx?fy=2568", None, Some(&planner)).await;
        call(&app, c, "GET", "/kpi.xlsx", "/kpi.xlsx?fy=2570", None, Some(&planner)).await;
        call(&app, c, "GET", "/pmqa.docx", "/pmqa.docx?fy=2563", None, Some(&planner)).await;
        call(&app, c, "GET", "/pmqa.docx", "/pmqa.docx", None, Some(&planner)).await;

        // Provinces: the page as JSON, the plan read and written whole, the report.
        tidtam_demo::provinces::generate_province_demo(&app.service, &tidtam_service::Actor::system(), tidtam_demo::DEMO_PASSWORD).await.unwrap();
        call(&app, c, "GET", "/api/provinces/{code}", "/api/provinces/60", None, None).await;
        call(&app, c, "GET", "/api/provinces/{code}", "/api/provinces/60?fy=2568", None, Some(&planner)).await;
        call(&app, c, "GET", "/api/provinces/{code}", "/api/provinces/99", None, None).await;
        let plan = call(&app, c, "GET", "/api/provinces/{code}/plan", "/api/provinces/60/plan", None, None).await.json();
        call(&app, c, "GET", "/api/provinces/{code}/plan", "/api/provinces/0/plan", None, None).await;
        call(&app, c, "PUT", "/api/provinces/{code}/plan", "/api/provinces/60/plan", Some(plan.clone()), None).await;
        call(&app, c, "PUT", "/api/provinces/{code}/plan", "/api/provinces/60/plan", Some(plan.clone()), Some(&owner)).await;
        call(&app, c, "PUT", "/api/provinces/{code}/plan", "/api/provinces/60/plan", Some(json!({ "version": plan["version"], "issues": [{ "title_th": "" }] })), Some(&planner)).await;
        call(&app, c, "PUT", "/api/provinces/{code}/plan", "/api/provinces/60/plan", Some(plan.clone()), Some(&planner)).await;
        call(&app, c, "PUT", "/api/provinces/{code}/plan", "/api/provinces/60/plan", Some(plan), Some(&planner)).await;
        call(&app, c, "GET", "/provinces/{code}.docx", "/provinces/60.docx", None, None).await;
        call(&app, c, "GET", "/provinces/{code}.docx", "/provinces/99.docx", None, None).await;
        call(&app, c, "GET", "/provinces/{code}.pdf", "/provinces/60.pdf?fy=2568", None, None).await;

        // Record-linkage review: a job from two registers sent as JSON, its pairs, the next
        // pair, decisions (stale and bad ones too), the export; nobody else sees it.
        let (left, right) = tidtam_demo::linkage::registers(7);
        let register = |name: &str, csv: Vec<u8>| {
            let text = String::from_utf8(csv).unwrap();
            assert!(!text.contains('"'), "the synthetic registers need no quoting");
            let mut lines = text.lines();
            let columns: Vec<&str> = lines.next().unwrap().split(',').collect();
            let rows: Vec<Vec<Option<&str>>> =
                lines.map(|l| l.split(',').map(|v| (!v.is_empty()).then_some(v)).collect()).collect();
            json!({ "name": name, "columns": columns, "rows": rows })
        };
        let job = json!({ "name": "สัญญา", "left": register("a.csv", left), "right": register("b.csv", right) });
        let created = call(&app, c, "POST", "/api/linkage", "/api/linkage", Some(job.clone()), Some(&statistician)).await;
        assert_eq!(created.status.as_u16(), 201, "{}", created.text);
        let lid = created.json()["job"]["id"].as_i64().unwrap();
        let mut bad = job.clone();
        bad["right"]["rows"][0] = json!(["x"]);
        call(&app, c, "POST", "/api/linkage", "/api/linkage", Some(bad), Some(&statistician)).await;
        call(&app, c, "POST", "/api/linkage", "/api/linkage", Some(job.clone()), Some(&planner)).await;
        call(&app, c, "POST", "/api/linkage", "/api/linkage", Some(job), None).await;
        call(&app, c, "GET", "/api/linkage", "/api/linkage", None, Some(&statistician)).await;
        call(&app, c, "GET", "/api/linkage", "/api/linkage", None, Some(&planner)).await;
        call(&app, c, "GET", "/api/linkage", "/api/linkage", None, None).await;
        call(&app, c, "GET", "/api/linkage/{id}", &format!("/api/linkage/{lid}"), None, Some(&statistician)).await;
        call(&app, c, "GET", "/api/linkage/{id}", &format!("/api/linkage/{lid}"), None, Some(&planner)).await;
        call(&app, c, "GET", "/api/linkage/{id}", "/api/linkage/x", None, Some(&statistician)).await;
        let pairs = call(&app, c, "GET", "/api/linkage/{id}/pairs", &format!("/api/linkage/{lid}/pairs?list=automatic&per_page=2"), None, Some(&statistician)).await.json();
        assert_eq!(pairs["items"].as_array().unwrap().len(), 2);
        call(&app, c, "GET", "/api/linkage/{id}/pairs", &format!("/api/linkage/{lid}/pairs?list=bogus"), None, Some(&statistician)).await;
        let next = call(&app, c, "POST", "/api/linkage/{id}/next", &format!("/api/linkage/{lid}/next"), None, Some(&statistician)).await.json();
        call(&app, c, "POST", "/api/linkage/{id}/next", &format!("/api/linkage/{lid}/next"), None, Some(&planner)).await;
        let pair = next["pair"].clone();
        let pair_path = format!("/api/linkage/{lid}/pairs/{}", pair["id"]);
        call(&app, c, "GET", "/api/linkage/{id}/pairs/{pair}", &pair_path, None, Some(&statistician)).await;
        call(&app, c, "GET", "/api/linkage/{id}/pairs/{pair}", &format!("/api/linkage/{lid}/pairs/0"), None, Some(&statistician)).await;
        let route = "/api/linkage/{id}/pairs/{pair}/decision";
        let decision = format!("{pair_path}/decision");
        call(&app, c, "PUT", route, &decision, Some(json!({ "decision": "maybe", "version": pair["version"] })), Some(&statistician)).await;
        let decided = call(&app, c, "PUT", route, &decision, Some(json!({ "decision": "accept", "note": "ตรงกัน", "version": pair["version"] })), Some(&statistician)).await;
        assert_eq!(decided.status.as_u16(), 200, "{}", decided.text);
        let stale = call(&app, c, "PUT", route, &decision, Some(json!({ "decision": "reject", "version": pair["version"] })), Some(&statistician)).await;
        assert_eq!(stale.status.as_u16(), 409, "{}", stale.text);
        call(&app, c, "PUT", route, &decision, Some(json!({ "decision": "reject", "version": 1 })), None).await;
        call(&app, c, "GET", "/linkage/{id}/links.csv", &format!("/linkage/{lid}/links.csv"), None, Some(&statistician)).await;
        call(&app, c, "GET", "/linkage/{id}/links.csv", &format!("/linkage/{lid}/links.csv"), None, Some(&planner)).await;
        call(&app, c, "GET", "/linkage/{id}/links.xlsx", &format!("/linkage/{lid}/links.xlsx"), None, Some(&statistician)).await;

        // Import, sign-in and sign-out.
        let file = include_str!("../../report/tests/fixtures/consistent-report.txt");
        let request = Request::builder().method("POST").uri("/api/import?file_name=contract.txt")
            .header("cookie", &planner.cookie).header("x-csrf-token", &planner.csrf)
            .body(Body::from(file)).unwrap();
        let imported = app.send(request).await;
        c.check("POST", "/api/import", &imported);
        call(&app, c, "POST", "/api/import", "/api/import?file_name=x.txt", None, None).await;
        call(&app, c, "POST", "/api/import", "/api/import?file_name=empty.txt", None, Some(&planner)).await;
        // Indicator reports into the demo agreement: a project report is not one (422); the corpus's is.
        let kpi_import = format!("/api/kpi/agreements/{agreement}/import?file_name=contract.txt");
        let request = Request::builder().method("POST").uri(&kpi_import)
            .header("cookie", &planner.cookie).header("x-csrf-token", &planner.csrf)
            .body(Body::from(file)).unwrap();
        let refused = app.send(request).await;
        assert_eq!(refused.status.as_u16(), 422, "{}", refused.text);
        c.check("POST", "/api/kpi/agreements/{id}/import", &refused);
        call(&app, c, "POST", "/api/kpi/agreements/{id}/import", &kpi_import, None, None).await;
        if let Some(bytes) = tidtam_test_support::corpus_file("kpi-report-performance-agreement.txt") {
            let request = Request::builder().method("POST").uri(&kpi_import)
                .header("cookie", &planner.cookie).header("x-csrf-token", &planner.csrf)
                .body(Body::from(bytes)).unwrap();
            let imported = app.send(request).await;
            assert_eq!(imported.status.as_u16(), 200, "{}", imported.text);
            c.check("POST", "/api/kpi/agreements/{id}/import", &imported);
        }
        call(&app, c, "POST", "/api/session", "/api/session", Some(json!({ "username": "planner", "password": "wrong password" })), None).await;
        call(&app, c, "POST", "/api/session", "/api/session", Some(json!({ "username": "planner" })), None).await;
        let other = app.login("executive").await;
        call(&app, c, "DELETE", "/api/session", "/api/session", None, Some(&other)).await;

        // Every documented route was exercised.
        let documented: BTreeSet<(String, String)> = c.document["paths"].as_object().unwrap().iter()
            .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |method| (method.clone(), path.clone())))
            .collect();
        let missed: Vec<_> = documented.difference(&c.exercised).collect();
        assert!(missed.is_empty(), "routes the sample run did not exercise: {missed:?}");
    }
}
