//! `/statistics-system` on the hub demo's register: every count links to
//! exactly the list behind it, Thai first with the English switch, BE dates;
//! the owner agency's users (only they) see their late statistics on the
//! dashboard; the yearly summary opens as a workbook with the expected rows.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tidtam_domain::model::{OrgKind, OrgUnitInput};
use tidtam_service::Actor;
use tidtam_service::auth::NewUser;
use tidtam_test_support::backend_tests;

use crate::common::{Session, TestApp};

/// The demo app with the hub demo (which registers its statistics), the statistician's session.
async fn demo(db: &tidtam_test_support::TestDb) -> (TestApp, Session) {
    let app = TestApp::demo(db).await;
    let planner = app.login("planner").await;
    let agency_id = app.get("/api/session", Some(&planner)).await.json()["actor"]["agency_id"].as_i64().unwrap();
    app.service.generate_stats_demo(&Actor::system(), agency_id, tidtam_demo::DEMO_PASSWORD).await.unwrap();
    let statistician = app.login("statistician").await;
    (app, statistician)
}

use crate::common::post_form_with_csrf as post_form;

/// Every (href, count) of the page's count links: `<a href="/statistics-system…" data-count="n">`.
fn count_links(html: &str) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for piece in html.split("<a ").skip(1) {
        let tag = &piece[..piece.find('>').unwrap_or(piece.len())];
        let attr = |name: &str| {
            let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
            Some(tag[start..start + tag[start..].find('"')?].to_string())
        };
        if let (Some(href), Some(count)) = (attr("href"), attr("data-count"))
            && href.starts_with("/statistics-system")
        {
            out.push((href.replace("&amp;", "&"), count.parse().unwrap()));
        }
    }
    out
}

/// The codes of the entries a page lists.
fn listed(html: &str) -> Vec<String> {
    html.split("<tr data-code=\"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].to_string()).collect()
}

backend_tests! {
    async fn every_count_links_to_exactly_its_list(db) {
        let (app, _) = demo(db).await;
        let page = app.get("/statistics-system", None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert!(page.text.contains("ระบบติดตามสถิติทางการ") && page.text.contains("ล่าช้า"));
        let links = count_links(&page.text);
        // The cards, the sector and agency rows (total + four statuses each) and the provinces.
        assert!(links.len() > 5 + 5 + 5 + 60, "{} links", links.len());
        assert_eq!(listed(&page.text).len(), 7, "unfiltered, the page lists the whole register");
        for (href, count) in &links {
            let path = href.split('#').next().unwrap();
            let list = app.get(path, None).await;
            assert_eq!(list.status, StatusCode::OK, "{path}");
            assert_eq!(listed(&list.text).len() as i64, *count, "{path}");
        }
        // Each status has its card, and the late one is the employed-persons series.
        let late = app.get("/statistics-system?status=late", None).await;
        assert_eq!(listed(&late.text), ["LFS_EMPLOYED_Q"]);
        let chainat = app.get("/statistics-system?province=TH-18", None).await;
        assert!(listed(&chainat.text).is_empty(), "ชัยนาท is a pilot province: nothing missing");
        let nan = app.get("/statistics-system?province=TH-55", None).await;
        assert_eq!(listed(&nan.text), ["PROV_GPP_PC", "PROV_UNEMP"]);
        // Bad filters are refused with a message, not an empty list.
        assert_eq!(app.get("/statistics-system?status=soon", None).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        // English on request; dates stay Buddhist-era.
        let english = app
            .send(Request::builder().uri("/statistics-system").header("cookie", "tidtam_lang=en").body(Body::empty()).unwrap())
            .await;
        assert!(english.text.contains("Updated on time") && english.text.contains("By owner agency"));
        let be_year = (i32::from(tidtam_stats::release::thai_date(jiff::Timestamp::now()).year()) + 543).to_string();
        assert!(english.text.contains(&be_year), "BE dates");
    }

    async fn late_statistics_show_on_the_owner_agencys_dashboard_only(db) {
        let (app, statistician) = demo(db).await;
        let card = |html: &str| html.contains("id=\"late-statistics\"");
        let own = app.get("/dashboard", Some(&statistician)).await;
        assert!(card(&own.text), "the owner's statistician sees the card");
        assert!(own.text.contains("data-code=\"LFS_EMPLOYED_Q\"") && !own.text.contains("data-code=\"LFS_UNEMP_Q\""));
        let agency = app.get("/api/session", Some(&statistician)).await.json()["actor"]["agency_id"].as_i64().unwrap();
        assert!(own.text.contains(&format!("/statistics-system?agency={agency}&amp;status=late")));
        let planner = app.login("planner").await;
        assert!(card(&app.get("/dashboard", Some(&planner)).await.text), "a planner of the same agency too");
        let executive = app.login("executive").await;
        assert!(!card(&app.get("/dashboard", Some(&executive)).await.text), "no agency, no card");
        assert!(!card(&app.get("/dashboard", None).await.text));
        // A statistician of another agency does not see it.
        let ministry = app
            .service
            .create_org_unit(&Actor::system(), OrgUnitInput { parent_id: None, kind: OrgKind::Ministry, code: "MIN_OTHER".into(), name: "กระทรวงอื่น".into(), province_code: None })
            .await
            .unwrap();
        let other = app
            .service
            .create_org_unit(&Actor::system(), OrgUnitInput { parent_id: Some(ministry.id), kind: OrgKind::Agency, code: "OTHER".into(), name: "หน่วยงานอื่น".into(), province_code: None })
            .await
            .unwrap();
        let input = NewUser {
            username: "stat.other".into(),
            display_name: "นักสถิติอื่น".into(),
            password: tidtam_demo::DEMO_PASSWORD.into(),
            role: tidtam_service::Role::Statistician,
            agency_id: Some(other.id),
            division_id: None,
        };
        app.service.create_user(&Actor::system(), input).await.unwrap();
        let stranger = app.login("stat.other").await;
        let page = app.get("/dashboard", Some(&stranger)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!card(&page.text));
    }

    async fn the_yearly_summary_opens_with_a_row_per_statistic(db) {
        use calamine::{Data, Reader, Xlsx};
        let (app, _) = demo(db).await;
        let today = tidtam_stats::release::thai_date(jiff::Timestamp::now());
        let fy = tidtam_domain::FiscalYear::of(today).prev();
        let request = Request::builder().uri(format!("/exports/statistics-system.xlsx?fy={}", fy.be())).body(Body::empty()).unwrap();
        let response = tower::ServiceExt::oneshot(app.router.clone(), request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
        let range = book.worksheet_range("สรุปรายปี").expect("sheet");
        let row = tidtam_export::statistics::HEADER_ROW;
        let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        let codes: Vec<String> = (row + 1..row + 8).map(|r| cell(r, 0).to_string()).collect();
        assert_eq!(codes, ["CENSUS_POP", "LFS_EMPLOYED_Q", "LFS_UNEMP_Q", "NSO_OFFICIAL_QUALITY", "PROV_GPP_PC", "PROV_UNEMP", "TOURISM_PROV"]);
        // The last full fiscal year: four quarters of unemployment were due and released on time.
        assert_eq!((cell(row + 3, 5), cell(row + 3, 6), cell(row + 3, 8)), (Data::Float(4.0), Data::Float(4.0), Data::Float(0.0)));
        assert_eq!(cell(row + 8, 1), Data::String("รวม".into()));
        // Visitors by province (monthly, due two months on) has twelve months due and none released.
        assert_eq!((cell(row + 7, 5), cell(row + 7, 8)), (Data::Float(12.0), Data::Float(12.0)));
    }

    async fn statisticians_keep_the_register_from_its_pages(db) {
        let (app, statistician) = demo(db).await;
        let agency = app.get("/api/session", Some(&statistician)).await.json()["actor"]["agency_id"].as_i64().unwrap().to_string();
        // The public reads a statistic's periods, with no form.
        let public = app.get("/statistics-system/entry/LFS_UNEMP_Q", None).await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.text.contains("data-state=\"on_time\"") && !public.text.contains("<form class=\"entry\""));
        let own = app.get("/statistics-system/entry/LFS_UNEMP_Q", Some(&statistician)).await;
        assert!(own.text.contains("<form class=\"entry\""));
        let executive = app.login("executive").await;
        assert!(!app.get("/statistics-system/entry/LFS_UNEMP_Q", Some(&executive)).await.text.contains("<form class=\"entry\""));
        // A new statistic from the form; a bad one comes back with every problem named.
        let fields = [
            ("code", "PAGE_STAT"), ("name_th", "สถิติจากหน้าเว็บ"), ("name_en", "From the page"), ("agency_id", agency.as_str()),
            ("sector", "S05"), ("geo_level", "country"), ("frequency", "annual"), ("first_period", "ปีงบประมาณ ๒๕๖๗"),
            ("calendar", "dates"), ("release_dates", "03-31, 09-30"), ("action", "save"),
        ];
        let bad: Vec<(&str, &str)> =
            fields.iter().map(|&(k, v)| if k == "release_dates" { (k, "02-30") } else { (k, v) }).chain([("lag_days", "ห้า")]).collect();
        let refused = post_form(&app, "/statistics-system/new", &statistician, &bad).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
        assert!(refused.text.contains("data-field=\"lag_days\""), "{}", refused.text);
        assert!(app.get("/api/statistics-register/PAGE_STAT", None).await.status == StatusCode::NOT_FOUND, "nothing stored");
        let created = post_form(&app, "/statistics-system/new", &statistician, &fields).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
        let stored = app.get("/api/statistics-register/PAGE_STAT", None).await.json();
        assert_eq!((stored["first_period"].as_str(), stored["release_dates"].clone()), (Some("2023-10-01/P1Y"), serde_json::json!(["03-31", "09-30"])));
        // The executive may not change it; its statistician renames it, then removes it.
        let version = stored["version"].as_i64().unwrap().to_string();
        let mut rename: Vec<(&str, &str)> = fields.to_vec();
        rename.push(("version", version.as_str()));
        rename.retain(|(k, _)| *k != "name_en");
        rename.push(("name_en", "Renamed on the page"));
        assert_eq!(post_form(&app, "/statistics-system/entry/PAGE_STAT", &executive, &rename).await.status, StatusCode::FORBIDDEN);
        let saved = post_form(&app, "/statistics-system/entry/PAGE_STAT", &statistician, &rename).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
        let stored = app.get("/api/statistics-register/PAGE_STAT", None).await.json();
        assert_eq!(stored["name_en"], "Renamed on the page");
        let stale = post_form(&app, "/statistics-system/entry/PAGE_STAT", &statistician, &rename).await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        let version = stored["version"].as_i64().unwrap().to_string();
        let removed = post_form(&app, "/statistics-system/entry/PAGE_STAT", &statistician, &[("action", "delete"), ("version", version.as_str())]).await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.text);
        assert_eq!(app.get("/api/statistics-register/PAGE_STAT", None).await.status, StatusCode::NOT_FOUND);
    }
}
