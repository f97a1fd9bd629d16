//! Issue 12 at scale: data answers are read from the store a page at a time
//! (`tidtam_service::stats_read::PAGE_ROWS` revisions) and written as they are
//! read. For a dataset of several pages — areas whose stored key orders
//! differently from their codes (TH and TH-10 followed by a sex code), three
//! releases with revisions and deletions — every streamed answer is byte for
//! byte the answer computed the old way, from the whole history in memory
//! (`History::at`, `History::updated_after`, `DataQuery::select` and the
//! writers): SDMX-CSV 1.0 and 2.0, SDMX-ML GenericData and StructureSpecific,
//! SDMX-JSON, the plain CSV and JSON, with keys, first/last N, periods,
//! `updatedAfter`, a past release and a date.

use tidtam_service::Actor;
use tidtam_service::stats_read::PAGE_ROWS;
use tidtam_stats::load::{ColumnRole, Mapping, Role as Column};
use tidtam_stats::model::{Dataset, DimensionId, Indicator, Observation};
use tidtam_stats::period::Period;
use tidtam_stats::release::{History, LoadMode};
use tidtam_stats::sdmx::{self, Context, DataQuery, Item, json, ml};
use tidtam_test_support::backend_tests;

use crate::common::TestApp;

const CODE: &str = "STREAM_TEST";
const INDICATORS: [&str; 3] = ["IND1", "IND10", "IND2"];
const SEXES: [&str; 3] = ["F", "M", "_T"];

fn dataset() -> Dataset {
    let mut metadata = tidtam_stats::gdc::GdcMetadata::default();
    metadata
        .set("data_type", "ข้อมูลสถิติ")
        .set("maintainer", "กองสถิติ")
        .set("maintainer_email", "stats@example.go.th")
        .set_list("tag_string", &["ทดสอบ"])
        .set_list("objective", &["พันธกิจหน่วยงาน"])
        .set("update_frequency_unit", "ปี")
        .set("geo_coverage", "จังหวัด")
        .set("data_source", "ข้อมูลสร้างขึ้นเพื่อทดสอบ")
        .set_list("data_format", &["CSV"])
        .set("data_category", "ข้อมูลสาธารณะ")
        .set("license_id", "Open Data Common");
    Dataset {
        id: CODE.into(),
        title_th: "ชุดข้อมูลทดสอบการส่งต่อเนื่อง".into(),
        title_en: "Streaming test".into(),
        description_th: String::new(),
        sector: "S01".into(),
        dimensions: vec![DimensionId::Indicator, DimensionId::Area, DimensionId::Sex],
        indicators: INDICATORS
            .iter()
            .map(|c| Indicator {
                code: (*c).into(),
                name_th: format!("ตัวชี้วัด {c}"),
                name_en: (*c).into(),
                unit_th: "คน".into(),
                unit_en: "persons".into(),
                unit_mult: 0,
            })
            .collect(),
        metadata,
        disclosure: Default::default(),
    }
}

fn mapping() -> Mapping {
    let column = |name: &str, role| ColumnRole { column: name.into(), role };
    Mapping {
        header_rows: 1,
        columns: vec![
            column("INDICATOR", Column::Dimension(DimensionId::Indicator)),
            column("AREA", Column::Dimension(DimensionId::Area)),
            column("SEX", Column::Dimension(DimensionId::Sex)),
            column("TIME_PERIOD", Column::Period),
            column("OBS_VALUE", Column::Value),
        ],
        ..Mapping::default()
    }
}

/// The country and every province × 3 sexes × `years` CE years of each indicator,
/// `shift` added to the values of the indicators in `revised`.
fn table(years: std::ops::Range<i32>, shift: f64, revised: &[&str]) -> Vec<u8> {
    let mut out = String::from("INDICATOR,AREA,SEX,TIME_PERIOD,OBS_VALUE\n");
    let areas = std::iter::once("TH".to_owned())
        .chain(tidtam_thai::province::PROVINCES.iter().map(|p| format!("TH-{}", p.code)));
    for area in areas {
        for ind in INDICATORS {
            for sex in SEXES {
                for year in years.clone() {
                    let bump = if revised.contains(&ind) { shift } else { 0.0 };
                    let value = f64::from(year % 97) + f64::from(area.len() as u32) + bump;
                    out.push_str(&format!("{ind},{area},{sex},{year},{value}\n"));
                }
            }
        }
    }
    out.into_bytes()
}

async fn hub(app: &TestApp) {
    let planner = app.login("planner").await;
    let agency_id = app.get("/api/session", Some(&planner)).await.json()["actor"]["agency_id"].as_i64().unwrap();
    let demo = app.service.generate_stats_demo(&Actor::system(), agency_id, tidtam_demo::DEMO_PASSWORD).await.unwrap();
    let statistician = Actor {
        user_id: Some(demo.statistician_id),
        username: demo.statistician.clone(),
        role: tidtam_service::Role::Statistician,
        agency_id: Some(agency_id),
        division_id: None,
    };
    let s = &app.service;
    s.define_stat_dataset(&statistician, agency_id, dataset()).await.unwrap();
    let load =
        |bytes: Vec<u8>, mode| s.load_stat_release(&statistician, CODE, "t.csv", bytes, Some(mapping()), mode, "");
    load(table(2015..2025, 0.0, &[]), LoadMode::Merge).await.unwrap();
    // Release 2 revises IND10 and adds 2025; release 3 leaves out 2015 (deleted).
    load(table(2024..2026, 0.5, &["IND10"]), LoadMode::Merge).await.unwrap();
    load(table(2016..2026, 0.5, &["IND10"]), LoadMode::Replace).await.unwrap();
    let row = s.stat_dataset(&statistician, CODE).await.unwrap();
    s.publish_stat_dataset(&statistician, CODE, row.version, true).await.unwrap();
}

/// The items of an SDMX answer computed from the whole history, as the hub did before it streamed.
fn in_memory(history: &History, query: &DataQuery, updated_after: Option<jiff::Timestamp>) -> Vec<(Observation, bool)> {
    let (current, deleted): (Vec<Observation>, Vec<Observation>) = match updated_after {
        Some(at) => {
            let mut current = Vec::new();
            let mut deleted = Vec::new();
            for change in history.updated_after(at) {
                match change.new {
                    Some(new) => current.push(new),
                    None => deleted.extend(change.old),
                }
            }
            (current, deleted)
        }
        None => (history.latest().into_values().collect(), Vec::new()),
    };
    let mut items: Vec<(Observation, bool)> = query.select(&current).into_iter().map(|o| (o.clone(), false)).collect();
    items.extend(query.select(&deleted).into_iter().map(|o| (o.clone(), true)));
    items.sort_by_key(|(o, _)| o.key());
    items
}

/// An SDMX message written whole, in memory, with the writers.
fn written(format: &str, d: &Dataset, items: &[(Observation, bool)]) -> String {
    let structure = d.structure();
    let c = Context {
        dataset: d,
        structure: &structure,
        message_id: "X",
        prepared: jiff::Timestamp::UNIX_EPOCH,
        series_only: false,
    };
    let items: Vec<Item> = items.iter().map(|(o, deleted)| Item { observation: o, deleted: *deleted }).collect();
    let mut out = Vec::new();
    match format {
        "csv" => sdmx::csv::write(&mut out, &c, sdmx::csv::Version::V1, &items),
        "csv2" => sdmx::csv::write(&mut out, &c, sdmx::csv::Version::V2, &items),
        "genericdata" => ml::write_generic(&mut out, &c, &items),
        "structurespecificdata" => ml::write_structure_specific(&mut out, &c, &items),
        "jsondata" => json::write_data(&mut out, &c, &items),
        other => panic!("{other}"),
    }
    .unwrap();
    String::from_utf8(out).unwrap()
}

/// A message without what differs between two answers: its id and preparation time.
fn without_header(text: &str) -> String {
    if let Some(start) = text.find("<message:Header>") {
        let end = text.find("</message:Header>").unwrap();
        return format!("{}{}", &text[..start], &text[end..]);
    }
    if text.starts_with('{') {
        let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
        v["header"] = serde_json::Value::Null;
        return v.to_string();
    }
    text.to_owned()
}

backend_tests! {
    async fn streamed_answers_equal_the_answers_computed_in_memory(db) {
        let app = TestApp::demo(db).await;
        hub(&app).await;
        let (row, history) = app.service.stat_history(&Actor::public(), CODE).await.unwrap();
        assert_eq!(history.releases.len(), 3);
        assert!(history.latest().len() as i64 > PAGE_ROWS, "more than a page: {}", history.latest().len());
        assert!(history.revisions.len() as i64 > 2 * PAGE_ROWS, "three pages: {}", history.revisions.len());
        let structure = row.dataset.structure();
        let after_first = history.releases[0].published_at;
        let cases: [(&str, &str, Option<jiff::Timestamp>); 9] = [
            ("all", "", None),
            (".IND1+IND2..F", "", None),
            ("A.IND10.TH+TH-10+TH-50.", "&lastNObservations=2", None),
            ("..TH-10.", "&firstNObservations=1&lastNObservations=1", None),
            (".IND1..", "&startPeriod=2018&endPeriod=2020-06", None),
            ("all", "", Some(after_first)),
            (".IND10..", "", Some(after_first)),
            ("all", "&lastNObservations=1", Some(after_first)),
            // Release 3 only deleted IND2's 2015: a message of deletions alone.
            (".IND2..M", "", Some(history.releases[1].published_at)),
        ];
        for (key, extra, updated_after) in cases {
            let mut query = DataQuery { key: DataQuery::parse_key(key, &structure).unwrap(), ..DataQuery::default() };
            for pair in extra.split('&').filter(|p| !p.is_empty()) {
                let (name, value) = pair.split_once('=').unwrap();
                match name {
                    "lastNObservations" => query.last_n = Some(value.parse().unwrap()),
                    "firstNObservations" => query.first_n = Some(value.parse().unwrap()),
                    "startPeriod" => query.start = Some(DataQuery::parse_period_bound(value, false).unwrap()),
                    "endPeriod" => query.end = Some(DataQuery::parse_period_bound(value, true).unwrap()),
                    other => panic!("{other}"),
                }
            }
            let expected = in_memory(&history, &query, updated_after);
            assert!(!expected.is_empty(), "{key}{extra}");
            let after = updated_after.map(|t| format!("&updatedAfter={t}")).unwrap_or_default();
            for format in ["csv", "csv2", "genericdata", "structurespecificdata", "jsondata"] {
                let path = format!("/sdmx/data/{CODE}/{key}?format={format}{extra}{after}");
                let reply = app.get(&path, None).await;
                assert_eq!(reply.status, axum::http::StatusCode::OK, "{path}");
                assert_eq!(
                    without_header(&reply.text),
                    without_header(&written(format, &row.dataset, &expected)),
                    "{path}"
                );
            }
        }
        // Nothing matches: 404, before any byte of an answer.
        let none = app.get(&format!("/sdmx/data/{CODE}/.IND1.TH-10.F?format=csv&startPeriod=1990&endPeriod=1991"), None).await;
        assert_eq!(none.status, axum::http::StatusCode::NOT_FOUND);

        // The plain CSV and JSON of a past release, a date and the latest, with filters.
        // The releases were all published today: as of today is the latest, as of yesterday none.
        let today = tidtam_stats::release::thai_date(history.releases[1].published_at);
        let yesterday = today.yesterday().unwrap();
        for (params, release) in [
            (String::new(), 3),
            ("release=1".to_owned(), 1),
            (format!("as_of={today}&indicator=IND10,IND1&sex=M"), 3),
            (format!("as_of={yesterday}"), 0),
            ("release=2&area=TH,TH-10&start=2020".to_owned(), 2),
        ] {
            let path = format!("/api/stats/datasets/{CODE}/data.csv?{params}");
            let reply = app.get(&path, None).await;
            assert_eq!(reply.status, axum::http::StatusCode::OK, "{path}");
            let mut key = vec![None];
            for dim in ["indicator", "area", "sex"] {
                key.push(params.split('&').find_map(|p| p.strip_prefix(&format!("{dim}="))).map(|v| v.split(',').map(str::to_owned).collect()));
            }
            let mut query = DataQuery { key, ..DataQuery::default() };
            if params.contains("start=2020") {
                query.start = Some(DataQuery::parse_period_bound("2020", false).unwrap());
            }
            let content = history.at(release);
            let selected = query.select(content.values());
            let mut expected = String::from("\u{feff}INDICATOR,AREA,SEX,TIME_PERIOD,PERIOD_TH,OBS_VALUE,OBS_STATUS\n");
            for o in &selected {
                expected.push_str(&format!(
                    "{},{},{},{},{}\n",
                    o.series.join(","),
                    o.period,
                    sdmx::csv::field(&Period::label_th(o.period)),
                    o.value.map(|v| v.to_string()).unwrap_or_default(),
                    o.status.code()
                ));
            }
            assert_eq!(reply.text, expected, "{path}");
            let json = app.get(&format!("/api/stats/datasets/{CODE}/data?{params}"), None).await.json();
            assert_eq!(json["release"], release, "{params}");
            assert_eq!(json["observations"].as_array().unwrap().len(), selected.len(), "{params}");
        }
        let beyond = app.get(&format!("/api/stats/datasets/{CODE}/data.csv?release=4"), None).await;
        assert_eq!(beyond.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    }
}
