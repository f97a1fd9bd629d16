//! The statistics hub's pages (catalog with facets, a dataset with its
//! releases, the series explorer), what the public may not see, the
//! portfolio published as a dataset, and the CKAN and DCAT additions.

use axum::http::StatusCode;
use serde_json::json;
use tidtam_test_support::backend_tests;

use crate::common::{Session, TestApp};

/// The demo app with the hub's demo datasets; the statistician's session and the agency.
async fn hub(db: &tidtam_test_support::TestDb) -> (TestApp, Session, i64) {
    let app = TestApp::demo(db).await;
    let planner = app.login("planner").await;
    let agency_id = app.get("/api/session", Some(&planner)).await.json()["actor"]["agency_id"].as_i64().unwrap();
    app.service
        .generate_stats_demo(&tidtam_service::Actor::system(), agency_id, tidtam_demo::DEMO_PASSWORD)
        .await
        .unwrap();
    let statistician = app.login("statistician").await;
    (app, statistician, agency_id)
}

/// The text of every `<td>`/`<th>` of the table with this id, row by row.
fn table(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html.find(&format!("<table id=\"{id}\"")).unwrap_or_else(|| panic!("no table {id}"));
    let end = start + html[start..].find("</table>").unwrap();
    let body = &html[start..end];
    let mut rows = Vec::new();
    for row in body.split("<tr>").skip(1) {
        let mut cells = Vec::new();
        let mut rest = row;
        while let Some(open) = rest.find(['<']) {
            let tag = &rest[open..];
            if tag.starts_with("<td") || tag.starts_with("<th") {
                let content_start = open + tag.find('>').unwrap() + 1;
                let close = rest[content_start..].find("</t").unwrap() + content_start;
                let text = strip_tags(&rest[content_start..close]);
                cells.push(text.trim().to_string());
                rest = &rest[close + 3..];
            } else {
                rest = &rest[open + 1..];
            }
        }
        rows.push(cells);
    }
    rows
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// A number as the pages write it (grouped thousands, up to two decimals).
fn written(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    let (whole, fraction) = text.split_once('.').map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let digits: Vec<char> = whole.chars().collect();
    let mut grouped = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) && *c != '-' && digits[i - 1] != '-' {
            grouped.push(',');
        }
        grouped.push(*c);
    }
    fraction.map_or(grouped.clone(), |f| format!("{grouped}.{f}"))
}

backend_tests! {
    async fn the_catalog_searches_in_thai_with_facets_and_hides_drafts(db) {
        let (app, statistician, agency_id) = hub(db).await;
        // A draft of the agency: seen by its statistician, by nobody outside.
        let draft = json!({
            "agency_id": agency_id, "id": "DRAFT_LABOUR", "title_th": "แรงงานนอกระบบ (ร่าง)", "sector": "S02",
            "dimensions": ["INDICATOR", "AREA"],
            "indicators": [{ "code": "X", "name_th": "จำนวนแรงงาน", "name_en": "Workers", "unit_th": "คน", "unit_en": "persons", "unit_mult": 0 }],
            "metadata": { "data_type": "ข้อมูลสถิติ", "tag_string": ["แรงงาน"], "geo_coverage": "จังหวัด", "update_frequency_unit": "ปี" },
        });
        let created = app.call("POST", "/api/stats/datasets", Some(draft), Some(&statistician)).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);

        let public = app.get("/stats", None).await;
        assert_eq!(public.status, StatusCode::OK, "{}", public.text);
        for id in ["NSO_PMQA_7", "MOU_PILOT_DEMO", "TIDTAM_PORTFOLIO"] {
            assert!(public.text.contains(&format!("href=\"/stats/{id}\"")), "{id} listed");
        }
        assert!(!public.text.contains("DRAFT_LABOUR"), "a draft is not in the public catalog");
        assert!(public.text.contains("<p id=\"stats-count\">พบ 3 ชุดข้อมูล</p>"), "{}", public.text);
        assert_eq!(app.get("/stats/DRAFT_LABOUR", None).await.status, StatusCode::NOT_FOUND);
        let own = app.get("/stats", Some(&statistician)).await;
        // Its own drafts too: DRAFT_LABOUR and the register demo's quarterly labour-force dataset.
        assert!(own.text.contains("<p id=\"stats-count\">พบ 5 ชุดข้อมูล</p>"), "{}", own.text);
        let draft_page = app.get("/stats/DRAFT_LABOUR", Some(&statistician)).await;
        assert_eq!(draft_page.status, StatusCode::OK);
        assert!(draft_page.text.contains("ฉบับร่าง"));

        // Thai words: the pilot provinces' dataset (its title and indicators say จังหวัด, ว่างงาน).
        let found = app.get("/stats?q=%E0%B8%A7%E0%B9%88%E0%B8%B2%E0%B8%87%E0%B8%87%E0%B8%B2%E0%B8%99", None).await; // ว่างงาน
        assert!(found.text.contains("<p id=\"stats-count\">พบ 1 ชุดข้อมูล</p>"), "{}", found.text);
        assert!(found.text.contains("href=\"/stats/MOU_PILOT_DEMO\""));

        // Facets: counted over the result, each a link that filters; the area level facet splits them.
        assert!(public.text.contains("data-facet=\"area_level\""));
        assert!(public.text.contains("จังหวัด</a> <span class=\"count\">(2)</span>"), "{}", public.text);
        assert!(public.text.contains("ประเทศ</a> <span class=\"count\">(1)</span>"), "{}", public.text);
        let province_level = app.get("/stats?area_level=%E0%B8%88%E0%B8%B1%E0%B8%87%E0%B8%AB%E0%B8%A7%E0%B8%B1%E0%B8%94", None).await;
        assert!(province_level.text.contains("<p id=\"stats-count\">พบ 2 ชุดข้อมูล</p>"), "{}", province_level.text);
        assert!(!province_level.text.contains("href=\"/stats/NSO_PMQA_7\""));
        let sector = app.get("/stats?sector=S10", None).await;
        assert!(sector.text.contains("<p id=\"stats-count\">พบ 1 ชุดข้อมูล</p>"), "{}", sector.text);
        let english = app.send(
            axum::http::Request::builder().uri("/stats").header("cookie", "tidtam_lang=en").body(axum::body::Body::empty()).unwrap(),
        ).await;
        assert!(english.text.contains("Found 3 datasets"), "{}", english.text);
        assert!(english.text.contains("Province</a>"), "English facet labels");
    }

    async fn a_dataset_page_shows_be_periods_every_download_and_its_releases(db) {
        let (app, _, _) = hub(db).await;
        let page = app.get("/stats/MOU_PILOT_DEMO?indicator=UNEMP_RATE", None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let rows = table(&page.text, "data-table");
        assert_eq!(rows[0][1..], ["2563", "2564", "2565", "2566"], "BE years across");
        assert_eq!(rows.len(), 1 + 10, "ten pilot provinces");
        // Every cell equals the plain API's value for it.
        let data = app.get("/api/stats/datasets/MOU_PILOT_DEMO/data?indicator=UNEMP_RATE&area=TH-62", None).await.json();
        let province = rows.iter().find(|r| r[0] == "กำแพงเพชร").expect("Kamphaeng Phet's row");
        for o in data["observations"].as_array().unwrap() {
            let column = rows[0].iter().position(|p| *p == o["period_th"].as_str().unwrap()).unwrap();
            assert_eq!(province[column], written(o["value"].as_f64().unwrap()), "{o}");
        }
        assert!(page.text.contains("<svg class=\"chart lines\""), "a line chart");
        for href in [
            "/sdmx/data/MOU_PILOT_DEMO?format=genericdata",
            "/sdmx/data/MOU_PILOT_DEMO?format=structurespecificdata",
            "/sdmx/data/MOU_PILOT_DEMO?format=jsondata",
            "/sdmx/data/MOU_PILOT_DEMO?format=csv",
            "/sdmx/data/MOU_PILOT_DEMO?format=csv2",
            "/api/stats/datasets/MOU_PILOT_DEMO/data.csv?x=1",
            "/api/stats/datasets/MOU_PILOT_DEMO/data?x=1",
            "/dataset/mou-pilot-demo.ttl",
            "/dataset/mou-pilot-demo.rdf",
        ] {
            assert!(page.text.contains(&format!("href=\"{}\"", href.replace('&', "&amp;"))), "{href}");
            let path = href.split('?').next().unwrap();
            let got = app.get(href, None).await;
            assert_eq!(got.status, StatusCode::OK, "{path}: {}", got.text);
        }
        assert!(page.text.contains("value=\"http://localhost/api/stats/datasets/MOU_PILOT_DEMO/data\""), "API URL to copy");
        assert!(page.text.contains("หน่วยวัด") || page.text.contains("ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่"), "thai_gdc labels");

        // Two releases; the first as published lacks 2566 and has the value before its revision.
        let releases = table(&page.text, "releases");
        assert_eq!(releases.len(), 1 + 2);
        assert!(page.text.contains("href=\"/stats/MOU_PILOT_DEMO?release=1\""));
        let first = app.get("/stats/MOU_PILOT_DEMO?release=1&indicator=UNEMP_RATE", None).await;
        let first_rows = table(&first.text, "data-table");
        assert_eq!(first_rows[0][1..], ["2563", "2564", "2565"]);
        assert!(first.text.contains("ไม่ใช่รุ่นล่าสุด"));
        let old = app.get("/api/stats/datasets/MOU_PILOT_DEMO/data?indicator=UNEMP_RATE&area=TH-62&release=1&start=2021&end=2021", None).await.json();
        let old_value = old["observations"][0]["value"].as_f64().unwrap();
        let kpp = first_rows.iter().find(|r| r[0] == "กำแพงเพชร").unwrap();
        assert_eq!(kpp[2], written(old_value));
        assert_ne!(kpp[2], province[2], "the second release revised it");

        // What changed from 1 to 2: the two revisions and the added year.
        let diff = app.get("/stats/MOU_PILOT_DEMO?from=1&to=2", None).await;
        let changes = table(&diff.text, "diff-table");
        let revised: Vec<_> = changes.iter().filter(|r| r.last().map(String::as_str) == Some("แก้ไข")).collect();
        let added = changes.iter().filter(|r| r.last().map(String::as_str) == Some("เพิ่ม")).count();
        assert_eq!(revised.len(), 2, "{changes:?}");
        assert_eq!(added, 3 * 10, "one year of three indicators in ten provinces");
        assert!(revised.iter().any(|r| r[0].contains("กำแพงเพชร") && r[2] == written(old_value) && r[3] == province[2]));
        // As published on a date before any release: nothing yet.
        let before = app.get("/stats/MOU_PILOT_DEMO?as_of=2000-01-01", None).await;
        assert!(before.text.contains("ยังไม่มีการเผยแพร่ในวันนั้น"), "{}", before.text);
        assert_eq!(app.get("/stats/MOU_PILOT_DEMO?release=9", None).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.get("/stats/NO_SUCH", None).await.status, StatusCode::NOT_FOUND);
    }

    async fn the_explorer_draws_the_chosen_series_from_a_shareable_url(db) {
        let (app, _, _) = hub(db).await;
        let empty = app.get("/stats/explore", None).await;
        assert_eq!(empty.status, StatusCode::OK);
        assert!(empty.text.contains("value=\"MOU_PILOT_DEMO.POVERTY_RATE\""), "indicators offered");
        let url = "/stats/explore?indicator=MOU_PILOT_DEMO.POVERTY_RATE&indicator=MOU_PILOT_DEMO.UNEMP_RATE&area=TH-62&area=TH-18&from=2564&to=2565";
        let page = app.get(url, None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let rows = table(&page.text, "explore-table");
        assert_eq!(rows[0][1..], ["2564", "2565"]);
        assert_eq!(rows.len(), 1 + 4, "two indicators × two provinces");
        for (indicator, area, label) in [("POVERTY_RATE", "TH-18", "สัดส่วนคนจน — ชัยนาท"), ("UNEMP_RATE", "TH-62", "อัตราการว่างงาน — กำแพงเพชร")] {
            let data = app.get(&format!("/api/stats/datasets/MOU_PILOT_DEMO/data?indicator={indicator}&area={area}&start=2021&end=2022"), None).await.json();
            let row = rows.iter().find(|r| r[0] == label).unwrap_or_else(|| panic!("{label} in {rows:?}"));
            let values: Vec<String> = data["observations"].as_array().unwrap().iter().map(|o| written(o["value"].as_f64().unwrap())).collect();
            assert_eq!(row[1..], values[..], "{label}");
        }
        assert!(page.text.contains("<option value=\"TH-62\" selected>"), "the form keeps the choice");
        assert_eq!(page.text.matches("<polyline").count(), 4);
        let bad = app.get("/stats/explore?indicator=MOU_PILOT_DEMO.UNEMP_RATE&from=abc", None).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let unknown = app.get("/stats/explore?indicator=NOPE.X", None).await;
        assert!(unknown.text.contains("ไม่พบตัวชี้วัด"));
    }

    async fn the_portfolio_dataset_follows_approved_reports_release_by_release(db) {
        let (app, _, _) = hub(db).await;
        let admin = app.login("admin").await;
        let detail = app.get("/api/stats/datasets/TIDTAM_PORTFOLIO", None).await.json();
        let releases_before = detail["history"].as_array().unwrap().len();
        assert!(releases_before >= 1);

        // Approve a submitted report of a published project: the public's figures change.
        let submitted = app.get("/api/reports?status=submitted&per_page=200", Some(&admin)).await.json();
        let mut approved_year = None;
        for report in submitted["items"].as_array().unwrap() {
            let project = app.get(&format!("/api/projects/{}", report["project_id"]), Some(&admin)).await.json();
            if project["published"] != true {
                continue;
            }
            let fy = report["fiscal_year"].as_i64().unwrap();
            let before = app.get(&format!("/api/portfolio?fiscal_year={fy}"), None).await.json();
            let done = app.call("POST", &format!("/api/reports/{}/approve", report["id"]), Some(json!({ "version": report["version"] })), Some(&admin)).await;
            assert_eq!(done.status, StatusCode::OK, "{}", done.text);
            let after = app.get(&format!("/api/portfolio?fiscal_year={fy}"), None).await.json();
            if after["groups"][0]["disbursed"] != before["groups"][0]["disbursed"] {
                approved_year = Some(fy);
                break;
            }
        }
        let fy = approved_year.expect("a submitted report of a published project that changes the public figures");
        let detail = app.get("/api/stats/datasets/TIDTAM_PORTFOLIO", None).await.json();
        assert_eq!(detail["history"].as_array().unwrap().len(), releases_before + 1, "a new release");
        // Reading again without a change makes no release.
        let again = app.get("/api/stats/datasets/TIDTAM_PORTFOLIO", None).await.json();
        assert_eq!(again["history"].as_array().unwrap().len(), releases_before + 1);

        // The dataset says what the portfolio says: the kingdom and each province.
        let total = app.get(&format!("/api/portfolio?fiscal_year={fy}"), None).await.json();
        let provinces = app.get(&format!("/api/portfolio?fiscal_year={fy}&group_by=province"), None).await.json();
        let data = app.get("/api/stats/datasets/TIDTAM_PORTFOLIO/data?indicator=BUDGET_DISBURSED", None).await.json();
        let value_of = |area: &str| -> Option<f64> {
            data["observations"].as_array().unwrap().iter()
                .find(|o| o["key"]["AREA"] == area && o["period_th"] == format!("ปีงบประมาณ {fy}"))
                .and_then(|o| o["value"].as_f64())
        };
        assert_eq!(value_of("TH"), total["groups"][0]["disbursed"].as_f64(), "{data}");
        let mut checked = 0;
        for group in provinces["groups"].as_array().unwrap() {
            let code = group["group_id"].as_i64().unwrap();
            if code == 0 { continue; }
            assert_eq!(value_of(&format!("TH-{code}")), group["disbursed"].as_f64(), "province {code}");
            checked += 1;
        }
        assert!(checked > 0);
        // The release before still reads as it was; SDMX and CKAN see the dataset too.
        let old = app.get(&format!("/api/stats/datasets/TIDTAM_PORTFOLIO/data?indicator=BUDGET_DISBURSED&area=TH&release={releases_before}"), None).await.json();
        assert!(old["observations"].as_array().unwrap().iter().any(|o| o["period_th"] == format!("ปีงบประมาณ {fy}") && o["value"].as_f64() != value_of("TH")));
        let sdmx = app.get("/sdmx/data/TIDTAM_PORTFOLIO/.BUDGET_DISBURSED.TH?format=csv", None).await;
        assert_eq!(sdmx.status, StatusCode::OK, "{}", sdmx.text);
        let ckan = app.get("/api/3/action/package_show?id=tidtam-portfolio", None).await.json();
        assert_eq!(ckan["result"]["sdmx_dataflow"], "TIDTAM_PORTFOLIO");
        assert_eq!(ckan["result"]["version"], (releases_before + 1).to_string());
    }

    async fn ckan_facets_relevance_resources_and_dcat_rdf_xml(db) {
        let (app, _, _) = hub(db).await;
        let search = app.get("/api/3/action/package_search?q=*:*&facet.field=%5B%22groups%22,%22organization%22,%22geo_coverage%22,%22res_format%22%5D&facet.limit=-1", None).await.json();
        let result = &search["result"];
        assert_eq!(result["count"], 3);
        assert_eq!(result["results"].as_array().unwrap().len(), 3, "the page holds what the count says: {result}");
        let second = app.get("/api/3/action/package_search?q=*:*&rows=2&start=2", None).await.json();
        assert_eq!(second["result"]["results"].as_array().unwrap().len(), 1, "paging by start");
        assert_eq!(result["facets"]["geo_coverage"]["จังหวัด"], 2, "{result}");
        assert_eq!(result["facets"]["geo_coverage"]["ประเทศ"], 1);
        assert_eq!(result["facets"]["res_format"]["CSV"], 3);
        let items = result["search_facets"]["groups"]["items"].as_array().unwrap();
        let total: i64 = items.iter().map(|i| i["count"].as_i64().unwrap()).sum();
        assert_eq!(total, 3);
        assert!(items.iter().any(|i| i["name"] == "s10" && i["display_name"] == "บัญชีประชาชาติ" && i["count"] == 1), "{items:?}");
        assert_eq!(result["search_facets"]["organization"]["title"], "organization");
        let bad = app.get("/api/3/action/package_search?facet.field=groups", None).await;
        assert_eq!(bad.status, StatusCode::CONFLICT);

        // Resources carry CKAN 2.9's fields.
        let package = app.get("/api/3/action/package_show?id=mou-pilot-demo", None).await.json();
        for resource in package["result"]["resources"].as_array().unwrap() {
            for field in ["id", "package_id", "url", "format", "created", "last_modified", "metadata_modified", "position", "mimetype", "cache_url"] {
                assert!(resource.get(field).is_some(), "{field} in {resource}");
            }
            assert!(resource["created"].as_str().is_some_and(|c| c.starts_with("20")));
        }

        // DCAT as RDF/XML: the same datasets as the Turtle.
        let rdf = app.get("/catalog.rdf", None).await;
        assert_eq!(rdf.status, StatusCode::OK);
        assert!(rdf.header("content-type").unwrap().starts_with("application/rdf+xml"));
        let ttl = app.get("/catalog.ttl", None).await;
        for name in ["mou-pilot-demo", "nso-pmqa-7", "tidtam-portfolio"] {
            assert!(rdf.text.contains(&format!("<dcat:dataset rdf:resource=\"http://localhost/dataset/{name}\"/>")), "{name}");
            assert!(ttl.text.contains(&format!("<http://localhost/dataset/{name}>")));
        }
        assert_eq!(rdf.text.matches("<dcat:Distribution").count() + rdf.text.matches("dcat#Distribution").count(), 9);
        let one = app.get("/dataset/mou-pilot-demo.rdf", None).await;
        assert_eq!(one.status, StatusCode::OK);
        assert!(one.text.contains("<dct:identifier>MOU_PILOT_DEMO</dct:identifier>"), "{}", one.text);
    }

    async fn sectors_are_kept_in_the_database_and_edited_by_the_administrator(db) {
        let (app, statistician, agency_id) = hub(db).await;
        // The migration's seed is the crate's list.
        let seeded = app.service.stat_codelist(tidtam_stats::codelist::SECTOR).await.unwrap();
        assert_eq!(seeded.codes, tidtam_stats::codelist::sectors().codes);

        let admin = app.login("admin").await;
        let page = app.get("/admin/codelists", Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let csrf = page.text.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let post = |session: &Session, fields: Vec<(&'static str, String)>| {
            let body = serde_urlencoded::to_string(&fields).unwrap();
            axum::http::Request::builder().method("POST").uri("/admin/codelists")
                .header("cookie", &session.cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(axum::body::Body::from(body)).unwrap()
        };
        let renamed = app.send(post(&admin, vec![("csrf", csrf.clone()), ("action", "rename".into()), ("code", "S10".into()), ("name_th", "บัญชีประชาชาติและบัญชีจังหวัด".into()), ("name_en", "National and provincial accounts".into())])).await;
        assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.text);
        let added = app.send(post(&admin, vec![("csrf", csrf.clone()), ("action", "add".into()), ("code", "S22".into()), ("name_th", "ดิจิทัล".into()), ("name_en", "Digital".into())])).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
        let again = app.send(post(&admin, vec![("csrf", csrf.clone()), ("action", "add".into()), ("code", "S22".into()), ("name_th", "ซ้ำ".into()), ("name_en", "Again".into())])).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.text.contains("มีรหัสนี้แล้ว"));
        let blank = app.send(post(&admin, vec![("csrf", csrf.clone()), ("action", "rename".into()), ("code", "S01".into()), ("name_th", " ".into()), ("name_en", "x".into())])).await;
        assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.service.stat_codelist("CL_SECTOR").await.unwrap().codes[0].name_th, "ประชากร", "nothing stored");

        // Everyone reads the new names: the pages, CKAN's groups, the SDMX code list.
        let catalog = app.get("/stats", None).await;
        assert!(catalog.text.contains("บัญชีประชาชาติและบัญชีจังหวัด"), "{}", catalog.text);
        let group = app.get("/api/3/action/group_show?id=s10", None).await.json();
        assert_eq!(group["result"]["title"], "บัญชีประชาชาติและบัญชีจังหวัด");
        let groups = app.get("/api/3/action/group_list", None).await.json();
        assert_eq!(groups["result"].as_array().unwrap().len(), 22);
        let sdmx = app.get("/sdmx/codelist/TH_NSO/CL_SECTOR/latest", None).await;
        assert!(sdmx.text.contains("S22") && sdmx.text.contains("National and provincial accounts"), "{}", sdmx.text);
        // A dataset may now use the new sector.
        let new = json!({
            "agency_id": agency_id, "id": "DIGITAL_DS", "title_th": "การใช้อินเทอร์เน็ต", "sector": "S22",
            "dimensions": ["INDICATOR"], "indicators": [{ "code": "X", "name_th": "ผู้ใช้", "name_en": "Users", "unit_th": "คน", "unit_en": "persons", "unit_mult": 0 }],
            "metadata": {},
        });
        let created = app.call("POST", "/api/stats/datasets", Some(new), Some(&statistician)).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        assert_eq!(created.json()["sector_th"], "ดิจิทัล");

        // Audited, with the old names; nobody but the administrator may edit.
        let audit = app.get("/api/audit?entity=stat_code", Some(&admin)).await.json();
        let entries = audit["items"].as_array().unwrap();
        // The rename is one entry per field changed, the addition one.
        assert_eq!(entries.len(), 3, "{audit}");
        assert!(entries.iter().any(|e| e["action"] == "update" && e["field"] == "name_th" && e["old_value"] == "บัญชีประชาชาติ"), "{audit}");
        assert!(entries.iter().any(|e| e["action"] == "create" && e["new_value"]["code"] == "S22"), "{audit}");
        let planner = app.login("planner").await;
        assert_eq!(app.get("/admin/codelists", Some(&planner)).await.status, StatusCode::FORBIDDEN);
        let refused = app.service.rename_stat_code(&tidtam_service::Actor::public(), "CL_SECTOR", "S01", "ก", "a").await;
        assert!(matches!(refused, Err(tidtam_service::ServiceError::Unauthenticated)));
    }
}
