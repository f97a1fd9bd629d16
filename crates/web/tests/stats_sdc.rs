//! Issue 13 item 3 through HTTP: the hub demo's protected dataset (new TB cases
//! by province and sex, demonstration values, minimum frequency 3). A suppressed
//! cell has no value in any public output — the page, the JSON and CSV
//! downloads, SDMX-ML (generic and structure-specific), SDMX-JSON, SDMX-CSV 1.0
//! and 2.0, CKAN's resources — and carries the confidential flag; the agency's
//! statistician reads the loaded value and changes the setting on the page.

use axum::http::StatusCode;
use tidtam_service::stats_sdc_demo::{SDC_DEMO_DATASET, sdc_demo_count, sdc_demo_csv};
use tidtam_stats::model::ObsStatus;
use tidtam_stats::release::LoadMode;
use tidtam_test_support::backend_tests;

use crate::common::{Session, TestApp};

/// The demo app with the hub demo and the protected dataset; the statistician's session.
async fn hub(db: &tidtam_test_support::TestDb) -> (TestApp, Session, tidtam_service::Actor) {
    let app = TestApp::demo(db).await;
    let planner = app.login("planner").await;
    let agency_id = app.get("/api/session", Some(&planner)).await.json()["actor"]["agency_id"].as_i64().unwrap();
    let demo = app
        .service
        .generate_stats_demo(&tidtam_service::Actor::system(), agency_id, tidtam_demo::DEMO_PASSWORD)
        .await
        .unwrap();
    let statistician = tidtam_service::Actor {
        user_id: Some(demo.statistician_id),
        username: demo.statistician.clone(),
        role: tidtam_service::Role::Statistician,
        agency_id: Some(agency_id),
        division_id: None,
    };
    app.service.generate_sdc_demo(&statistician, agency_id).await.unwrap();
    let session = app.login("statistician").await;
    (app, session, statistician)
}

/// A workbook downloaded as `session`.
async fn workbook(app: &TestApp, path: &str, session: Option<&Session>) -> calamine::Xlsx<std::io::Cursor<Vec<u8>>> {
    use tower::ServiceExt;
    let mut request = axum::http::Request::builder().method("GET").uri(path);
    if let Some(session) = session {
        request = request.header("cookie", &session.cookie);
    }
    let response = app.router.clone().oneshot(request.body(axum::body::Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
    calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap()
}

/// How many cells the public's SDMX-CSV flags confidential.
async fn confidential(app: &TestApp) -> usize {
    let text = app.get(&format!("/sdmx/data/{SDC_DEMO_DATASET}?format=csv"), None).await.text;
    sdmx_csv(&text).values().filter(|(_, s)| s == "C").count()
}

/// A small cell of 2566 (2023): (province code, "F" or "M", its loaded count).
fn small_cell() -> (u8, &'static str, u32) {
    tidtam_thai::province::PROVINCES
        .iter()
        .flat_map(|p| [(p.code, "M", false), (p.code, "F", true)])
        .map(|(code, sex, female)| (code, sex, sdc_demo_count(code, female, 2)))
        .find(|(_, _, n)| *n == 1 || *n == 2)
        .expect("the demo has small cells")
}

/// The SDMX-CSV 1.0 rows of a text, as (key without FREQ, period) → (value, status).
fn sdmx_csv(text: &str) -> std::collections::BTreeMap<(String, String, String), (String, String)> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no {name} in {header:?}"));
    let (area, sex, period, value, status) =
        (at("AREA"), at("SEX"), at("TIME_PERIOD"), at("OBS_VALUE"), at("OBS_STATUS"));
    lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .map(|f| ((f[area].into(), f[sex].into(), f[period].into()), (f[value].into(), f[status].into())))
        .collect()
}

backend_tests! {
    async fn a_suppressed_cell_has_no_value_in_any_public_output(db) {
        let (app, statistician, actor) = hub(db).await;
        let (code, sex, loaded) = small_cell();
        let area = format!("TH-{code:02}");
        let key = format!("A.TB_NEW.{area}.{sex}");
        let one = format!("{key}?startPeriod=2023&endPeriod=2023");

        // The plain JSON and CSV.
        let data = app.get(&format!("/api/stats/datasets/{SDC_DEMO_DATASET}/data?area={area}&sex={sex}&start=2023&end=2023"), None).await.json();
        let o = &data["observations"][0];
        assert_eq!((o["value"].clone(), o["status"].as_str()), (serde_json::Value::Null, Some("C")), "{data}");
        let csv = app.get(&format!("/api/stats/datasets/{SDC_DEMO_DATASET}/data.csv?area={area}&sex={sex}&start=2023&end=2023"), None).await.text;
        assert!(csv.lines().nth(1).unwrap().ends_with(",,C"), "{csv}");
        // SDMX-ML generic and structure-specific: NaN and OBS_STATUS C.
        let generic = app.get(&format!("/sdmx/data/{SDC_DEMO_DATASET}/{one}&format=genericdata"), None).await;
        assert_eq!(generic.status, StatusCode::OK, "{}", generic.text);
        assert!(generic.text.contains("<generic:ObsValue value=\"NaN\"/><generic:Attributes><generic:Value id=\"OBS_STATUS\" value=\"C\"/>"), "{}", generic.text);
        let specific = app.get(&format!("/sdmx/data/{SDC_DEMO_DATASET}/{one}&format=structurespecificdata"), None).await.text;
        assert!(specific.contains("OBS_VALUE=\"NaN\" OBS_STATUS=\"C\""), "{specific}");
        // SDMX-JSON: a null value whose status is C.
        let sj = app.get(&format!("/sdmx/data/{SDC_DEMO_DATASET}/{one}&format=jsondata"), None).await.json();
        let series = sj["dataSets"][0]["series"].as_object().unwrap();
        let obs = series.values().next().unwrap()["observations"].as_object().unwrap().values().next().unwrap().clone();
        assert_eq!(obs[0], serde_json::Value::Null, "{sj}");
        let statuses = sj["structure"]["attributes"]["observation"][0]["values"].as_array().unwrap();
        assert_eq!(statuses[obs[1].as_u64().unwrap() as usize]["id"], "C");
        // SDMX-CSV 2.0.
        let csv2 = app.get(&format!("/sdmx/data/{SDC_DEMO_DATASET}/{one}&format=csv2"), None).await.text;
        assert!(csv2.lines().nth(1).unwrap().contains(",2023,NaN,C,"), "{csv2}");

        // The whole dataset as CKAN's CSV resource (SDMX-CSV 1.0): every cell the owner
        // sees suppressed in the public preview is empty and flagged for the public, and
        // every other cell is published as loaded.
        let package = app.get("/api/3/action/package_show?id=demo-tb-cases", None).await.json();
        let resource = package["result"]["resources"].as_array().unwrap().iter().find(|r| r["format"] == "CSV").unwrap().clone();
        let path = resource["url"].as_str().unwrap().split_once("//").unwrap().1.split_once('/').unwrap().1;
        let public = sdmx_csv(&app.get(&format!("/{path}"), None).await.text);
        let owner_csv = sdmx_csv(&app.get(&format!("/sdmx/data/{SDC_DEMO_DATASET}?format=csv"), Some(&statistician)).await.text);
        let (_, as_published) = app.service.stat_history_as_published(&actor, SDC_DEMO_DATASET).await.unwrap();
        let hidden: Vec<_> = as_published.latest().into_values().filter(|o| o.status == ObsStatus::Confidential).collect();
        assert!(hidden.len() > 10, "{} suppressed", hidden.len());
        assert_eq!(public.len(), owner_csv.len());
        let mut suppressed = 0;
        for (k, (value, status)) in &public {
            let (loaded_value, loaded_status) = &owner_csv[k];
            assert_eq!(loaded_status, "A", "the owner reads every value as loaded: {k:?}");
            if status == "C" {
                assert_eq!(value, "NaN", "{k:?}");
                suppressed += 1;
            } else {
                assert_eq!((value, status.as_str()), (loaded_value, "A"), "{k:?}");
            }
        }
        assert_eq!(suppressed, hidden.len());
        assert_eq!(public[&(area.clone(), sex.to_owned(), "2023".to_owned())], ("NaN".into(), "C".into()));
        assert_eq!(owner_csv[&(area.clone(), sex.to_owned(), "2023".to_owned())].0, loaded.to_string());

        // The Excel download: a blank value with its symbol, explained on the second sheet.
        let book = workbook(&app, &format!("/api/stats/datasets/{SDC_DEMO_DATASET}/data.xlsx?start=2023&end=2023"), None).await;
        let sheet = {
            use calamine::Reader;
            let mut book = book;
            let data = book.worksheet_range("ข้อมูล").unwrap();
            let legend = book.worksheet_range("คำอธิบายสัญลักษณ์").unwrap();
            let legend_text: Vec<String> = legend.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect();
            assert!(legend_text.iter().any(|t| t.contains("ปกปิดเพื่อรักษาความลับของผู้ให้ข้อมูล")), "{legend_text:?}");
            assert!(legend_text.iter().any(|t| t.contains("น้อยกว่า 3 ราย")), "{legend_text:?}");
            data
        };
        let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
        assert_eq!(rows[1][..4], ["INDICATOR", "AREA", "SEX", "TIME_PERIOD"]);
        let cell = rows.iter().find(|r| r[1] == area && r[2] == sex).expect("the cell's row");
        assert_eq!((cell[5].as_str(), cell[6].as_str()), ("", "C"), "{cell:?}");
        let flagged = rows.iter().skip(2).filter(|r| r[6] == "C").count();
        assert_eq!(flagged, public.iter().filter(|((_, _, p), (_, s))| p == "2023" && s == "C").count());
        assert!(rows.iter().skip(2).all(|r| (r[6] == "C") == r[5].is_empty()), "a value exactly where no C");

        // The page: the row shows the symbol, the legend explains it in Thai.
        let page = app.get(&format!("/stats/{SDC_DEMO_DATASET}"), None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("id=\"disclosure-legend\""), "{}", page.text);
        assert!(page.text.contains("ปกปิดเพื่อรักษาความลับของผู้ให้ข้อมูล"));
        assert!(!page.text.contains("id=\"disclosure-form\""), "the public has no setting form");
        let name = tidtam_thai::province::by_code(code).unwrap().name_th;
        let sex_th = if sex == "F" { "หญิง" } else { "ชาย" };
        let row_start = page.text.find(&format!("{name} · {sex_th}")).expect("the cell's row");
        let row = &page.text[row_start..row_start + page.text[row_start..].find("</tr>").unwrap()];
        assert!(row.contains("…"), "{row}");
        // The agency's planner reads the protected table too; the statistician the
        // loaded one, with the setting's form and the pattern's size.
        let planner = app.login("planner").await;
        let planner_data = app.get(&format!("/api/stats/datasets/{SDC_DEMO_DATASET}/data?area={area}&sex={sex}&start=2023&end=2023"), Some(&planner)).await.json();
        assert_eq!(planner_data["observations"][0]["status"], "C");
        let own = app.get(&format!("/api/stats/datasets/{SDC_DEMO_DATASET}/data?area={area}&sex={sex}&start=2023&end=2023"), Some(&statistician)).await.json();
        assert_eq!(own["observations"][0]["value"].as_f64(), Some(f64::from(loaded)));
        let own_page = app.get(&format!("/stats/{SDC_DEMO_DATASET}"), Some(&statistician)).await;
        assert!(own_page.text.contains("id=\"disclosure-form\"") && own_page.text.contains("id=\"disclosure-view\""), "{}", own_page.text);
        assert!(own_page.text.contains("ปกปิดตามกฎ"), "the pattern's size");
        let preview = app.get(&format!("/stats/{SDC_DEMO_DATASET}?view=public"), Some(&statistician)).await;
        let row_start = preview.text.find(&format!("{name} · {sex_th}")).unwrap();
        assert!(preview.text[row_start..row_start + 2000].contains("…"));
    }

    async fn the_statistician_changes_the_setting_on_the_page_and_the_api(db) {
        let (app, statistician, _) = hub(db).await;
        let page = app.get(&format!("/stats/{SDC_DEMO_DATASET}"), Some(&statistician)).await;
        let csrf = page.text.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let version = page.text.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let post = |fields: Vec<(&'static str, String)>| {
            let body = serde_urlencoded::to_string(&fields).unwrap();
            axum::http::Request::builder().method("POST").uri(format!("/stats/{SDC_DEMO_DATASET}/disclosure"))
                .header("cookie", &statistician.cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(axum::body::Body::from(body)).unwrap()
        };
        let base = |min: &str| vec![
            ("csrf", csrf.clone()), ("version", version.clone()), ("method", "suppression".into()),
            ("count_indicator", "TB_NEW".into()), ("min_frequency", min.into()),
        ];
        // A word where a number belongs: refused, named, nothing changed.
        let bad = app.send(post(base("สาม"))).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text.contains("ไม่ใช่ตัวเลข"), "{}", bad.text);
        let before = confidential(&app).await;
        // n = ๑๐ (Thai digits): more cells are small, so more are suppressed.
        let saved = app.send(post(base("๑๐"))).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
        let after = confidential(&app).await;
        assert!(after > before, "{before} → {after}");
        // The API: the state, then rounding to 5 through PUT.
        let state = app.get(&format!("/api/stats/datasets/{SDC_DEMO_DATASET}/disclosure"), Some(&statistician)).await.json();
        assert_eq!(state["disclosure"]["min_frequency"], 10);
        assert!(state["latest"]["primary"].as_u64().unwrap() > 0);
        let body = serde_json::json!({ "version": state["version"], "disclosure": { "method": "rounding", "count_indicator": "TB_NEW", "base": 5 } });
        let put = app.call("PUT", &format!("/api/stats/datasets/{SDC_DEMO_DATASET}/disclosure"), Some(body), Some(&statistician)).await;
        assert_eq!(put.status, StatusCode::OK, "{}", put.text);
        let rounded = sdmx_csv(&app.get(&format!("/sdmx/data/{SDC_DEMO_DATASET}?format=csv"), None).await.text);
        assert!(rounded.values().all(|(v, s)| s == "A" && v.parse::<f64>().unwrap() % 5.0 == 0.0));
        let legend = app.get(&format!("/stats/{SDC_DEMO_DATASET}"), None).await.text;
        assert!(legend.contains("ปัดแบบสุ่มเป็นพหุคูณของ"), "{legend}");
        // Nobody else may read or change it.
        assert_eq!(app.get(&format!("/api/stats/datasets/{SDC_DEMO_DATASET}/disclosure"), None).await.status, StatusCode::UNAUTHORIZED);
        let planner = app.login("planner").await;
        assert_eq!(app.get(&format!("/api/stats/datasets/{SDC_DEMO_DATASET}/disclosure"), Some(&planner)).await.status, StatusCode::FORBIDDEN);
    }

    async fn a_history_of_a_protected_dataset_leaks_no_past_value(db) {
        let (app, statistician, actor) = hub(db).await;
        let (code, sex, loaded) = small_cell();
        let area = format!("TH-{code:02}");
        // Release 2 turns the small cell's 1 into 2 or its 2 into 1 (and its totals):
        // still small, so still suppressed, and its new value must not show in the history.
        let changed = 3 - loaded;
        let delta = i64::from(changed) - i64::from(loaded);
        let table: String = sdc_demo_csv()
            .lines()
            .map(|line| {
                let f: Vec<&str> = line.split(',').collect();
                let touched = f[2] == "2023" && (f[0] == area || f[0] == "TH") && (f[1] == sex || f[1] == "_T");
                if touched { format!("{},{},{},{}\n", f[0], f[1], f[2], f[3].parse::<i64>().unwrap() + delta) } else { format!("{line}\n") }
            })
            .collect();
        app.service
            .load_stat_release(&actor, SDC_DEMO_DATASET, "tb-2.csv", table.into_bytes(), None, LoadMode::Replace, "")
            .await
            .unwrap();
        // CSV 2.0 rows: (release data set's action, area, sex, period) → (value, status), in order.
        let rows = |text: &str| -> Vec<(String, String, String, String, String, String)> {
            text.lines()
                .skip(1)
                .map(|l| {
                    let f: Vec<&str> = l.split(',').collect();
                    (f[2].into(), f[5].into(), f[6].into(), f[7].into(), f[8].into(), f[9].into())
                })
                .collect()
        };
        let path = format!("/sdmx/data/{SDC_DEMO_DATASET}?format=csv2&includeHistory=true");
        let public = app.get(&path, None).await;
        assert_eq!(public.status, StatusCode::OK, "{}", public.text);
        // Exactly the protected history's releases (each protected as a whole table,
        // revisions recomputed between protected contents) …
        let (row, protected) = app.service.stat_history(&tidtam_service::Actor::public(), SDC_DEMO_DATASET).await.unwrap();
        assert_eq!(protected.releases.len(), 2);
        let expected = crate::stats_stream::history_in_memory(&protected, &Default::default(), None);
        assert_eq!(public.text, crate::stats_stream::written_history("csv2", &row.dataset, &expected, "TIME_PERIOD"));
        let generic = app.get(&format!("/sdmx/data/{SDC_DEMO_DATASET}?format=genericdata&includeHistory=true"), None).await.text;
        let want = crate::stats_stream::written_history("genericdata", &row.dataset, &expected, "TIME_PERIOD");
        assert_eq!(generic[generic.find("</message:Header>").unwrap()..], want[want.find("</message:Header>").unwrap()..]);
        // … so the small cell is stated once (release 1, suppressed), never with a value,
        // and no published value of any release is a small count.
        let public = rows(&public.text);
        let cell: Vec<_> = public.iter().filter(|r| r.1 == area && r.2 == sex && r.3 == "2023").collect();
        assert_eq!(cell.len(), 1, "{cell:?}");
        assert_eq!((cell[0].4.as_str(), cell[0].5.as_str()), ("NaN", "C"));
        assert!(public.iter().all(|r| r.5 == "C" || !(r.4 == "1" || r.4 == "2")), "a small count published");
        assert!(public.iter().any(|r| r.0 == "R" && r.1 == "TH" && r.3 == "2023"), "the kingdom's revised total is published");
        // The agency's statistician reads both loaded values.
        let own = rows(&app.get(&path, Some(&statistician)).await.text);
        let cell: Vec<(&str, &str)> =
            own.iter().filter(|r| r.1 == area && r.2 == sex && r.3 == "2023").map(|r| (r.0.as_str(), r.4.as_str())).collect();
        assert_eq!(cell, [("R", loaded.to_string().as_str()), ("R", changed.to_string().as_str())]);
    }
}
