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
    written_at(format, d, items, "TIME_PERIOD")
}

/// The same, with `dimensionAtObservation`.
fn written_at(format: &str, d: &Dataset, items: &[(Observation, bool)], obs_dim: &str) -> String {
    let structure = d.structure();
    let c = Context {
        dataset: d,
        structure: &structure,
        message_id: "X",
        prepared: jiff::Timestamp::UNIX_EPOCH,
        series_only: false,
        obs_dim: sdmx::ObsDim::parse(obs_dim, &structure).unwrap(),
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

/// The data sets of an `includeHistory=true` answer computed from the whole
/// history in memory: for each release (after `after`), what `History::diff`
/// says it added or revised, then what it deleted, each through `DataQuery::select`.
pub(crate) fn history_in_memory(
    history: &History,
    query: &DataQuery,
    after: Option<jiff::Timestamp>,
) -> Vec<(sdmx::DataSetInfo, Vec<(Observation, bool)>)> {
    let mut out = Vec::new();
    for (i, release) in history.releases.iter().enumerate() {
        if after.is_some_and(|at| release.published_at <= at) {
            continue;
        }
        let (mut current, mut deleted) = (Vec::new(), Vec::new());
        for change in history.diff(release.number - 1, release.number) {
            match change.new {
                Some(new) => current.push(new),
                None => deleted.extend(change.old),
            }
        }
        current.sort_by_key(Observation::key);
        deleted.sort_by_key(Observation::key);
        for (action, list, is_deleted) in
            [(sdmx::Action::Replace, current, false), (sdmx::Action::Delete, deleted, true)]
        {
            let selected: Vec<(Observation, bool)> =
                query.select(&list).into_iter().map(|o| (o.clone(), is_deleted)).collect();
            if !selected.is_empty() {
                let info = sdmx::DataSetInfo {
                    action,
                    valid_from: Some(release.published_at),
                    valid_to: history.releases.get(i + 1).map(|r| r.published_at),
                };
                out.push((info, selected));
            }
        }
    }
    out
}

/// A history message written whole, in memory, with the writers.
pub(crate) fn written_history(
    format: &str,
    d: &Dataset,
    sets: &[(sdmx::DataSetInfo, Vec<(Observation, bool)>)],
    obs_dim: &str,
) -> String {
    let structure = d.structure();
    let c = Context {
        dataset: d,
        structure: &structure,
        message_id: "X",
        prepared: jiff::Timestamp::UNIX_EPOCH,
        series_only: false,
        obs_dim: sdmx::ObsDim::parse(obs_dim, &structure).unwrap(),
    };
    let parts: Vec<sdmx::DataSetPart> = sets
        .iter()
        .map(|(info, items)| sdmx::DataSetPart {
            info: *info,
            items: items.iter().map(|(o, deleted)| Item { observation: o, deleted: *deleted }).collect(),
        })
        .collect();
    let mut out = Vec::new();
    match format {
        "csv2" => {
            sdmx::csv::write_header(&mut out, &c, sdmx::csv::Version::V2).unwrap();
            for part in &parts {
                for item in &part.items {
                    sdmx::csv::write_row_as(&mut out, &c, sdmx::csv::Version::V2, item, part.info.action.csv_code())
                        .unwrap();
                }
            }
        }
        "genericdata" => ml::Flavour::Generic.write_parts(&mut out, &c, &parts).unwrap(),
        "structurespecificdata" => ml::Flavour::StructureSpecific.write_parts(&mut out, &c, &parts).unwrap(),
        "jsondata" => json::write_parts(&mut out, &c, &parts).unwrap(),
        other => panic!("{other}"),
    }
    String::from_utf8(out).unwrap()
}

/// One observation as an answer states it: data set, full key
/// (FREQ.INDICATOR.AREA.SEX.TIME_PERIOD), value, status, unit, multiplier.
type Stated = (usize, String, String, String, String, String);

/// The start tags of an XML text with their attributes (enough for the
/// writers' output: attribute values in double quotes, no comments).
fn start_tags(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let end = start + rest[start..].find('>').unwrap();
        let inner = rest[start + 1..end].trim_end_matches('/');
        rest = &rest[end + 1..];
        if inner.starts_with('?') || inner.starts_with('/') {
            continue;
        }
        let (name, mut attrs_text) = inner.split_once(' ').unwrap_or((inner, ""));
        let mut attrs = Vec::new();
        while let Some(eq) = attrs_text.find("=\"") {
            let key = attrs_text[..eq].trim().to_owned();
            let after = &attrs_text[eq + 2..];
            let close = after.find('"').unwrap();
            attrs.push((key, after[..close].to_owned()));
            attrs_text = &after[close + 1..];
        }
        out.push((name.to_owned(), attrs));
    }
    out
}

fn stated(ds: usize, fields: &std::collections::BTreeMap<String, String>) -> Stated {
    let key = ["FREQ", "INDICATOR", "AREA", "SEX", "TIME_PERIOD"].map(|id| fields[id].clone()).join(".");
    let value = fields.get("OBS_VALUE").map(|v| v.parse::<f64>().unwrap().to_string()).unwrap_or_default();
    let get = |id: &str| fields.get(id).cloned().unwrap_or_default();
    (ds, key, value, get("OBS_STATUS"), get("UNIT_MEASURE"), get("UNIT_MULT"))
}

/// Every observation an SDMX-ML or SDMX-JSON data message states, however
/// it groups them (time series, cross-sections, flat), sorted.
fn observations_stated(format: &str, text: &str) -> Vec<Stated> {
    use std::collections::BTreeMap;
    let mut out = Vec::new();
    if format == "jsondata" {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let level = |name: &str| -> Vec<(String, usize, Vec<String>)> {
            v["structure"]["dimensions"][name]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    let values = d["values"].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_owned());
                    (
                        d["id"].as_str().unwrap().to_owned(),
                        d["keyPosition"].as_u64().unwrap() as usize,
                        values.collect(),
                    )
                })
                .collect()
        };
        let attrs = |name: &str| -> Vec<(String, Vec<String>)> {
            v["structure"]["attributes"][name]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| {
                    let values = a["values"].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_owned());
                    (a["id"].as_str().unwrap().to_owned(), values.collect())
                })
                .collect()
        };
        let (series_dims, obs_dims) = (level("series"), level("observation"));
        let (series_attrs, obs_attrs) = (attrs("series"), attrs("observation"));
        let keyed = |dims: &[(String, usize, Vec<String>)], key: &str, fields: &mut BTreeMap<String, String>| {
            for ((id, _, values), index) in dims.iter().zip(key.split(':')) {
                fields.insert(id.clone(), values[index.parse::<usize>().unwrap()].clone());
            }
        };
        let attributed =
            |list: &[(String, Vec<String>)], indices: &[serde_json::Value], fields: &mut BTreeMap<String, String>| {
                for ((id, values), index) in list.iter().zip(indices) {
                    fields.insert(id.clone(), values[index.as_u64().unwrap() as usize].clone());
                }
            };
        let obs = |base: &BTreeMap<String, String>, map: &serde_json::Value, ds: usize, out: &mut Vec<Stated>| {
            for (key, cell) in map.as_object().unwrap() {
                let mut fields = base.clone();
                keyed(&obs_dims, key, &mut fields);
                let cell = cell.as_array().unwrap();
                fields.insert("OBS_VALUE".into(), cell[0].as_f64().map(|x| x.to_string()).unwrap_or("NaN".into()));
                attributed(&obs_attrs, &cell[1..], &mut fields);
                out.push(stated(ds, &fields));
            }
        };
        for (ds, data_set) in v["dataSets"].as_array().unwrap().iter().enumerate() {
            if let Some(map) = data_set.get("observations") {
                obs(&BTreeMap::new(), map, ds, &mut out);
            }
            for (key, series) in data_set.get("series").and_then(|s| s.as_object()).into_iter().flatten() {
                let mut fields = BTreeMap::new();
                keyed(&series_dims, key, &mut fields);
                attributed(&series_attrs, series["attributes"].as_array().unwrap(), &mut fields);
                obs(&fields, &series["observations"], ds, &mut out);
            }
        }
        out.sort();
        return out;
    }
    // SDMX-ML: the header names the dimension at the observation level.
    let tags = start_tags(text);
    let obs_dim = tags
        .iter()
        .find(|(n, _)| n == "message:Structure")
        .and_then(|(_, a)| a.iter().find(|(k, _)| k == "dimensionAtObservation"))
        .map(|(_, v)| v.clone())
        .unwrap();
    let mut ds = 0;
    let mut series: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<BTreeMap<String, String>> = None;
    let flush = |current: &mut Option<BTreeMap<String, String>>, ds: usize, out: &mut Vec<Stated>| {
        if let Some(fields) = current.take() {
            out.push(stated(ds, &fields));
        }
    };
    for (name, attrs) in &tags {
        match name.as_str() {
            "message:DataSet" => {
                flush(&mut current, ds, &mut out);
                ds += 1;
                series.clear();
            }
            "generic:Series" | "Series" => {
                flush(&mut current, ds, &mut out);
                series.clear();
                if name == "Series" {
                    series.extend(attrs.iter().cloned());
                }
            }
            "generic:Obs" | "Obs" => {
                flush(&mut current, ds, &mut out);
                let mut fields = series.clone();
                if name == "Obs" {
                    fields.extend(attrs.iter().cloned());
                }
                current = Some(fields);
            }
            "generic:Value" => {
                let id = attrs.iter().find(|(k, _)| k == "id").unwrap().1.clone();
                let value = attrs.iter().find(|(k, _)| k == "value").unwrap().1.clone();
                current.as_mut().unwrap_or(&mut series).insert(id, value);
            }
            "generic:ObsDimension" => {
                let id = attrs.iter().find(|(k, _)| k == "id").map_or(obs_dim.clone(), |(_, v)| v.clone());
                let value = attrs.iter().find(|(k, _)| k == "value").unwrap().1.clone();
                current.as_mut().unwrap().insert(id, value);
            }
            "generic:ObsValue" => {
                let value = attrs.iter().find(|(k, _)| k == "value").unwrap().1.clone();
                current.as_mut().unwrap().insert("OBS_VALUE".into(), value);
            }
            _ => {}
        }
    }
    flush(&mut current, ds, &mut out);
    // Data sets counted from 0, as in SDMX-JSON.
    let mut out: Vec<Stated> = out.into_iter().map(|(d, k, v, s, u, m)| (d - 1, k, v, s, u, m)).collect();
    out.sort();
    out
}

/// A data query from a key and query parameters (`&name=value…`).
fn query_of(key: &str, extra: &str, structure: &tidtam_stats::model::DataStructure) -> DataQuery {
    let mut query = DataQuery { key: DataQuery::parse_key(key, structure).unwrap(), ..DataQuery::default() };
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
    query
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
            let query = query_of(key, extra, &structure);
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

    async fn history_and_cross_sections_state_what_the_releases_did(db) {
        let app = TestApp::demo(db).await;
        hub(&app).await;
        let (row, history) = app.service.stat_history(&Actor::public(), CODE).await.unwrap();
        let structure = row.dataset.structure();
        let r: Vec<jiff::Timestamp> = history.releases.iter().map(|r| r.published_at).collect();
        assert_eq!(r.len(), 3);

        // includeHistory=true: each release's changes as History::diff says, in every
        // format that can carry them, with keys, periods, first/last N and updatedAfter.
        let cases: [(&str, &str, Option<jiff::Timestamp>); 5] = [
            ("all", "", None),
            (".IND10..", "&lastNObservations=1", None),
            ("..TH-10.", "&startPeriod=2015&endPeriod=2016", None),
            (".IND10+IND2..", "", Some(r[0])),
            (".IND2..M", "&firstNObservations=1", None),
        ];
        for (key, extra, after) in cases {
            let query = query_of(key, extra, &structure);
            let expected = history_in_memory(&history, &query, after);
            assert!(!expected.is_empty(), "{key}{extra}");
            let after = after.map(|t| format!("&updatedAfter={t}")).unwrap_or_default();
            for format in ["csv2", "genericdata", "structurespecificdata", "jsondata"] {
                let path = format!("/sdmx/data/{CODE}/{key}?format={format}&includeHistory=true{extra}{after}");
                let reply = app.get(&path, None).await;
                assert_eq!(reply.status, axum::http::StatusCode::OK, "{path}: {}", reply.text);
                let want = written_history(format, &row.dataset, &expected, "TIME_PERIOD");
                assert_eq!(without_header(&reply.text), without_header(&want), "{path}");
            }
        }

        // The whole history, byte by byte where it matters: release 1 loaded 2015–2024,
        // release 2 revised IND10's 2024 and added 2025, release 3 revised IND10's
        // 2016–2023 and deleted 2015.
        let generic = app.get(&format!("/sdmx/data/{CODE}/all?format=genericdata&includeHistory=true"), None).await.text;
        let heads: Vec<&str> = generic
            .match_indices("<message:DataSet ")
            .map(|(i, _)| &generic[i..i + generic[i..].find('>').unwrap() + 1])
            .collect();
        let head = |action: &str, from: jiff::Timestamp, to: Option<jiff::Timestamp>| {
            let to = to.map(|t| format!(" validToDate=\"{t}\"")).unwrap_or_default();
            format!("<message:DataSet structureRef=\"DSD_{CODE}\" action=\"{action}\" validFromDate=\"{from}\"{to}>")
        };
        assert_eq!(
            heads,
            [
                head("Replace", r[0], Some(r[1])),
                head("Replace", r[1], Some(r[2])),
                head("Replace", r[2], None),
                head("Delete", r[2], None)
            ]
        );
        let per_set: Vec<usize> = generic.split("<message:DataSet ").skip(1).map(|s| s.matches("<generic:Obs>").count()).collect();
        let cells = 78 * 3 * 3;
        assert_eq!(per_set, [cells * 10, 78 * 3 + cells, 78 * 3 * 8, cells]);
        let csv2 = app.get(&format!("/sdmx/data/{CODE}/.IND10.TH.F?format=csv2&includeHistory=true"), None).await.text;
        let rows: Vec<&str> = csv2.lines().filter(|l| l.contains(",2016,") || l.contains(",2015,")).collect();
        // 2016 % 97 + len("TH") = 78; IND10 was revised by 0.5 in release 3, and 2015 deleted.
        let flow = format!("dataflow,TH_NSO:{CODE}(1.0)");
        assert_eq!(
            rows,
            [
                format!("{flow},R,A,IND10,TH,F,2015,77,A,persons,0"),
                format!("{flow},R,A,IND10,TH,F,2016,78,A,persons,0"),
                format!("{flow},R,A,IND10,TH,F,2016,78.5,A,persons,0"),
                format!("{flow},D,A,IND10,TH,F,2015,77,A,persons,0"),
            ]
        );
        let sj = app.get(&format!("/sdmx/data/{CODE}/all?format=jsondata&includeHistory=true"), None).await.json();
        let sets: Vec<(String, String, String)> = sj["dataSets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["action"].as_str().unwrap().to_owned(), d["validFrom"].as_str().unwrap().to_owned(), d["validTo"].as_str().unwrap_or("").to_owned()))
            .collect();
        assert_eq!(
            sets,
            [
                ("Replace".to_owned(), r[0].to_string(), r[1].to_string()),
                ("Replace".to_owned(), r[1].to_string(), r[2].to_string()),
                ("Replace".to_owned(), r[2].to_string(), String::new()),
                ("Delete".to_owned(), r[2].to_string(), String::new()),
            ]
        );
        // After the last release nothing changed: 404. SDMX-CSV 1.0 cannot mark deletions: 406.
        let none = app.get(&format!("/sdmx/data/{CODE}/all?format=genericdata&includeHistory=true&updatedAfter={}", r[2]), None).await;
        assert_eq!(none.status, axum::http::StatusCode::NOT_FOUND);
        let csv1 = app.get(&format!("/sdmx/data/{CODE}/all?format=csv&includeHistory=true"), None).await;
        assert_eq!(csv1.status, axum::http::StatusCode::NOT_ACCEPTABLE, "{}", csv1.text);
        assert!(csv1.text.contains("ACTION"), "{}", csv1.text);
        let bad = app.get(&format!("/sdmx/data/{CODE}/all?includeHistory=yes"), None).await;
        assert_eq!(bad.status, axum::http::StatusCode::BAD_REQUEST);

        // dimensionAtObservation: flat observations and cross-sections by any
        // dimension hold exactly the observations of the time series.
        for (key, extra) in [("all", ""), (".IND1+IND2..F", "&startPeriod=2020"), ("..TH-10+TH.", "&lastNObservations=2")] {
            let query = query_of(key, extra, &structure);
            let latest = history.latest();
            let expected: Vec<(Observation, bool)> = query.select(latest.values()).into_iter().map(|o| (o.clone(), false)).collect();
            for format in ["genericdata", "structurespecificdata", "jsondata"] {
                let series = app.get(&format!("/sdmx/data/{CODE}/{key}?format={format}{extra}"), None).await.text;
                let stated = observations_stated(format, &series);
                assert_eq!(stated.len(), expected.len(), "{format} {key}");
                for dim in ["AllDimensions", "AREA", "SEX", "INDICATOR", "FREQ", "TIME_PERIOD"] {
                    let path = format!("/sdmx/data/{CODE}/{key}?format={format}{extra}&dimensionAtObservation={dim}");
                    let reply = app.get(&path, None).await;
                    assert_eq!(reply.status, axum::http::StatusCode::OK, "{path}: {}", reply.text);
                    assert_eq!(observations_stated(format, &reply.text), stated, "{path}");
                    assert_eq!(without_header(&reply.text), without_header(&written_at(format, &row.dataset, &expected, dim)), "{path}");
                    if format != "jsondata" {
                        assert!(reply.text.contains(&format!("dimensionAtObservation=\"{dim}\"")), "{path}");
                    }
                }
            }
        }
        let flat = app.get(&format!("/sdmx/data/{CODE}/.IND1.TH.F?format=structurespecificdata&dimensionAtObservation=AllDimensions&startPeriod=2016&endPeriod=2016"), None).await.text;
        assert!(flat.contains("ObsLevelDim:AllDimensions"), "{flat}");
        assert!(flat.contains("<message:DataSet ss:dataScope=\"DataStructure\" xsi:type=\"ns1:DataSetType\" ss:structureRef=\"DSD_STREAM_TEST\" action=\"Information\"><Obs FREQ=\"A\" INDICATOR=\"IND1\" AREA=\"TH\" SEX=\"F\" TIME_PERIOD=\"2016\" OBS_VALUE=\"78\" OBS_STATUS=\"A\" UNIT_MEASURE=\"persons\" UNIT_MULT=\"0\"/></message:DataSet>"), "{flat}");
        let cross = app.get(&format!("/sdmx/data/{CODE}/.IND1.TH+TH-10.F?format=genericdata&dimensionAtObservation=AREA&startPeriod=2016&endPeriod=2016"), None).await.text;
        assert!(cross.contains("<generic:Series><generic:SeriesKey><generic:Value id=\"FREQ\" value=\"A\"/><generic:Value id=\"INDICATOR\" value=\"IND1\"/><generic:Value id=\"SEX\" value=\"F\"/><generic:Value id=\"TIME_PERIOD\" value=\"2016\"/></generic:SeriesKey><generic:Obs><generic:ObsDimension id=\"AREA\" value=\"TH-10\"/><generic:ObsValue value=\"81\"/>"), "{cross}");
        assert_eq!(cross.matches("<generic:Series>").count(), 1, "{cross}");
        // A history of flat observations holds the same as the history of time series.
        let path = format!("/sdmx/data/{CODE}/.IND10..?format=genericdata&includeHistory=true");
        let by_series = observations_stated("genericdata", &app.get(&path, None).await.text);
        let by_obs = observations_stated("genericdata", &app.get(&format!("{path}&dimensionAtObservation=AllDimensions"), None).await.text);
        let by_area = observations_stated("structurespecificdata", &app.get(&format!("{path}&dimensionAtObservation=AREA").replace("genericdata", "structurespecificdata"), None).await.text);
        assert_eq!(by_series.len(), 78 * 3 * (10 + 2 + 8 + 1));
        assert_eq!(by_obs, by_series);
        assert_eq!(by_area, by_series);
        // Not a dimension of this structure: 400.
        for dim in ["AGE", "NOPE"] {
            let reply = app.get(&format!("/sdmx/data/{CODE}/all?dimensionAtObservation={dim}"), None).await;
            assert_eq!(reply.status, axum::http::StatusCode::BAD_REQUEST, "{dim}");
            assert!(reply.text.contains("has no dimension"), "{}", reply.text);
        }
    }
}
