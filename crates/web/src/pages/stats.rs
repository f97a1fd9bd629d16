//! The Statistics Sharing Hub's pages: `/stats` (the catalog, searched in
//! Thai with facets), `/stats/{dataset}` (metadata, chart, table in BE
//! periods, downloads, the API URL, release history with "as published on"
//! and the changes between two releases) and `/stats/explore` (indicators ×
//! provinces × years as a line chart and a table; the URL is the query, so it
//! can be shared). Everything is read through the service, whose visibility
//! rules hide drafts outside their agency. `/admin/codelists` is where the
//! administrator renames and adds statistical sectors (kept in the database).

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use maud::{Markup, html};
use serde::Deserialize;
use tidtam_service::stats::{CatalogQuery, Facet};
use tidtam_service::stats_sdc::{DisclosureState, may_see_unprotected};
use tidtam_service::{Role, ServiceError};
use tidtam_stats::codelist::{self, Codelist};
use tidtam_stats::disclosure::Disclosure;
use tidtam_stats::model::{Dataset, DimensionId, ObsMap, Observation};
use tidtam_stats::period::Period;
use tidtam_stats::release::ChangeKind;

use super::chart::{Line, lines};
use super::prefs::Prefs;
use super::shell::{OrPage, PageError, PageResult, SignedForm, Viewer, csrf_field, layout, page};
use crate::AppState;
use crate::error::AppError;
use crate::extract::{Params, PathParams};

/// Datasets on one catalog page.
const PER_PAGE: i64 = 20;
/// Lines drawn in one chart (the table has every series).
const MAX_LINES: usize = 12;
/// Changes listed between two releases (the count says how many there are).
const MAX_CHANGES: usize = 500;

fn facet_param(facet: Facet) -> &'static str {
    match facet {
        Facet::Sector => "sector",
        Facet::Agency => "agency",
        Facet::AreaLevel => "area_level",
        Facet::Frequency => "freq",
    }
}

fn facet_name(prefs: Prefs, facet: Facet) -> &'static str {
    match facet {
        Facet::Sector => prefs.t("สาขาสถิติ", "Statistical sector"),
        Facet::Agency => prefs.t("หน่วยงาน", "Agency"),
        Facet::AreaLevel => prefs.t("ระดับพื้นที่", "Area level"),
        Facet::Frequency => prefs.t("ความถี่", "Frequency"),
    }
}

/// The query pairs of a page, repeated keys kept (multi-selects send one pair per choice).
fn pairs(query: Option<&str>) -> Result<Vec<(String, String)>, AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|e| AppError::bad_request(axum::http::StatusCode::BAD_REQUEST, &e.to_string()))?;
    let problems = tidtam_service::input::field_problems(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if !problems.is_empty() {
        return Err(tidtam_service::ServiceError::Invalid(problems).into());
    }
    Ok(pairs)
}

fn first<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, v)| k == key && !v.trim().is_empty()).map(|(_, v)| v.as_str())
}

fn all<'a>(pairs: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    pairs.iter().filter(|(k, v)| k == key && !v.trim().is_empty()).map(|(_, v)| v.as_str()).collect()
}

/// `path?pairs`, encoded.
fn url(path: &str, pairs: &[(&str, &str)]) -> String {
    if pairs.is_empty() {
        return path.to_string();
    }
    format!("{path}?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
}

fn bad(prefs: Prefs) -> impl Fn(AppError) -> PageError {
    move |error| PageError::App(error, prefs)
}

fn title_of(prefs: Prefs, d: &Dataset) -> &str {
    if prefs.en() && !d.title_en.is_empty() { &d.title_en } else { &d.title_th }
}

fn code_label(prefs: Prefs, list: &Codelist, id: &str) -> String {
    list.get(id).map_or_else(|| id.to_string(), |c| if prefs.en() { c.name_en.clone() } else { c.name_th.clone() })
}

/// A period as a reader writes it: the Buddhist-era year always.
pub fn period_label(prefs: Prefs, period: Period) -> String {
    let text = if prefs.en() {
        match period {
            Period::Year(y) => (i32::from(y) + 543).to_string(),
            Period::FiscalYear(fy) => format!("FY {}", fy.be()),
            Period::Quarter(y, q) => format!("Q{q}/{}", i32::from(y) + 543),
            Period::FiscalQuarter(fy, q) => format!("Q{q} FY {}", fy.be()),
            Period::Month(y, m) => format!("{}/{}", m, i32::from(y) + 543),
        }
    } else {
        period.label_th()
    };
    prefs.digits(text)
}

/// The Buddhist-era year a period belongs to (its fiscal year for fiscal periods).
fn be_year(period: Period) -> i32 {
    match period {
        Period::FiscalYear(fy) | Period::FiscalQuarter(fy, _) => fy.be(),
        other => i32::from(other.start().year()) + 543,
    }
}

/// A value as written in tables: grouped thousands, up to two decimals.
pub(crate) fn number(prefs: Prefs, value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let whole = rounded.trunc() as i64;
    let cents = ((rounded - rounded.trunc()).abs() * 100.0).round() as i64;
    let sign = if rounded < 0.0 && whole == 0 { "-" } else { "" };
    let text = match cents {
        0 => format!("{sign}{}", super::prefs::group_thousands(whole)),
        c if c % 10 == 0 => format!("{sign}{}.{}", super::prefs::group_thousands(whole), c / 10),
        c => format!("{sign}{}.{c:02}", super::prefs::group_thousands(whole)),
    };
    prefs.digits(text)
}

/// An observation's cell: its value (or why there is none) and its status flag.
fn cell(prefs: Prefs, o: Option<&Observation>) -> Markup {
    html! {
        @match o {
            None => { "–" }
            Some(o) => {
                @if let Some(v) = o.value { (number(prefs, v)) } @else { "…" }
                @if o.status != tidtam_stats::model::ObsStatus::Normal {
                    " " abbr title=(prefs.t(o.status.name_th(), o.status.name_en())) { sup { (o.status.code().to_lowercase()) } }
                }
            }
        }
    }
}

/// The label of a series key without its indicator (area, sex, age), or the indicator's when alone.
fn series_label(prefs: Prefs, dataset: &Dataset, series: &[String], with_indicator: bool) -> String {
    let mut parts = Vec::new();
    for (d, code) in dataset.dimensions.iter().zip(series) {
        match d {
            DimensionId::Indicator if with_indicator => parts.push(indicator_label(prefs, dataset, code)),
            DimensionId::Indicator => {}
            DimensionId::Area => parts.push(code_label(prefs, &codelist::area(), code)),
            DimensionId::Sex => parts.push(code_label(prefs, &codelist::sex(), code)),
            DimensionId::Age => parts.push(code_label(prefs, &codelist::age(), code)),
        }
    }
    if parts.is_empty() { indicator_label(prefs, dataset, &series[0]) } else { parts.join(" · ") }
}

fn indicator_label(prefs: Prefs, dataset: &Dataset, code: &str) -> String {
    dataset.indicator(code).map_or_else(
        || code.to_string(),
        |i| if prefs.en() && !i.name_en.is_empty() { i.name_en.clone() } else { i.name_th.clone() },
    )
}

fn unit_label(prefs: Prefs, dataset: &Dataset, code: &str) -> String {
    dataset.indicator(code).map_or_else(String::new, |i| {
        let unit = if prefs.en() { &i.unit_en } else { &i.unit_th };
        match i.unit_mult {
            0 => unit.clone(),
            m => format!("{unit} × 10^{m}"),
        }
    })
}

/// A table of series × periods and its chart.
struct Grid {
    periods: Vec<Period>,
    rows: Vec<(String, BTreeMap<Period, Observation>)>,
}

impl Grid {
    fn chart(&self, prefs: Prefs, title: &str) -> Markup {
        let x: Vec<String> = self.periods.iter().map(|p| period_label(prefs, *p)).collect();
        let series: Vec<Line> = self
            .rows
            .iter()
            .take(MAX_LINES)
            .map(|(label, obs)| Line {
                label: label.clone(),
                values: self.periods.iter().map(|p| obs.get(p).and_then(|o| o.value)).collect(),
            })
            .collect();
        html! {
            (lines(title, &x, &series, |v| number(prefs, v)))
            @if self.rows.len() > MAX_LINES {
                p.note { (prefs.t("กราฟแสดง", "The chart shows")) " " (prefs.int(MAX_LINES as i64)) " "
                    (prefs.t("ชุดแรก ตารางมีครบทุกชุด", "series; the table has them all")) }
            }
        }
    }

    fn table(&self, prefs: Prefs, caption: &str, id: &str) -> Markup {
        html! {
            div.scroll {
                table #(id) {
                    caption { (caption) }
                    thead { tr {
                        th scope="col" { (prefs.t("ชุดข้อมูล", "Series")) }
                        @for p in &self.periods { th scope="col" { (period_label(prefs, *p)) } }
                    } }
                    tbody { @for (label, obs) in &self.rows { tr {
                        th scope="row" { (label) }
                        @for p in &self.periods { td.num { (cell(prefs, obs.get(p))) } }
                    } } }
                }
            }
        }
    }
}

// ---------------------------------------------------------------- /stats

pub async fn catalog(State(state): State<AppState>, viewer: Viewer, RawQuery(raw): RawQuery) -> PageResult {
    let prefs = viewer.prefs;
    let pairs = pairs(raw.as_deref()).map_err(bad(prefs))?;
    let q = first(&pairs, "q").unwrap_or("").to_string();
    let chosen: Vec<(Facet, String)> =
        Facet::ALL.into_iter().filter_map(|f| first(&pairs, facet_param(f)).map(|v| (f, v.to_string()))).collect();
    let page_number: i64 = first(&pairs, "page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1);
    let query = CatalogQuery {
        q: q.clone(),
        chosen: chosen.clone(),
        limit: PER_PAGE,
        offset: (page_number - 1) * PER_PAGE,
        ..CatalogQuery::default()
    };
    let catalog = state.service.stat_catalog(&viewer.actor, &query).await.or_page(&viewer)?;
    let sectors = state.service.stat_codelist(codelist::SECTOR).await.or_page(&viewer)?;
    // The current query with one parameter changed (None: removed); paging restarts.
    let link = |key: &str, value: Option<&str>| {
        let mut out: Vec<(&str, &str)> = Vec::new();
        if !q.is_empty() && key != "q" {
            out.push(("q", q.as_str()));
        }
        for (f, v) in &chosen {
            if facet_param(*f) != key {
                out.push((facet_param(*f), v.as_str()));
            }
        }
        if let Some(value) = value {
            out.push((key, value));
        }
        url("/stats", &out)
    };
    let pages = (catalog.total + PER_PAGE - 1) / PER_PAGE;
    let title = prefs.t("คลังข้อมูลสถิติ", "Statistics catalog");
    let body = html! {
        form.filters role="search" method="get" action="/stats" {
            label for="q" { (prefs.t("ค้นหาชุดข้อมูล", "Search datasets")) }
            " " input #q type="search" name="q" value=(q) placeholder=(prefs.t("เช่น ว่างงาน จังหวัด", "e.g. ว่างงาน, unemployment"));
            @for (f, v) in &chosen { input type="hidden" name=(facet_param(*f)) value=(v); }
            " " button type="submit" { (prefs.t("ค้นหา", "Search")) }
            " " a href="/stats/explore" { (prefs.t("เปิดตัวสำรวจอนุกรมข้อมูล", "Open the series explorer")) }
        }
        div.catalog {
            aside.facets aria-label=(prefs.t("ตัวกรอง", "Filters")) {
                @for (facet, counts) in &catalog.facets {
                    @let param = facet_param(*facet);
                    @let current = chosen.iter().find(|(f, _)| f == facet).map(|(_, v)| v.as_str());
                    section.facet data-facet=(param) {
                        h2 { (facet_name(prefs, *facet)) }
                        ul {
                            @for c in counts {
                                li {
                                    @if current == Some(c.value.as_str()) {
                                        a href=(link(param, None)) aria-current="true" title=(prefs.t("เอาตัวกรองออก", "Remove the filter")) {
                                            "✓ " (prefs.t(&c.label_th, &c.label_en))
                                        }
                                    } @else {
                                        a href=(link(param, Some(c.value.as_str()))) { (prefs.t(&c.label_th, &c.label_en)) }
                                    }
                                    " " span.count { "(" (prefs.int(c.count)) ")" }
                                }
                            }
                        }
                    }
                }
            }
            section.results {
                p #stats-count { (prefs.t("พบ", "Found")) " " (prefs.int(catalog.total)) " " (prefs.t("ชุดข้อมูล", "datasets")) }
                ol.results {
                    @for row in &catalog.rows {
                        @let d = &row.dataset;
                        li {
                            a href={ "/stats/" (d.id) } { (title_of(prefs, d)) }
                            @if !row.published { " " span.badge { (prefs.t("ฉบับร่าง", "Draft")) } }
                            br;
                            small {
                                (row.agency_name) " · "
                                (code_label(prefs, &sectors, &d.sector)) " · "
                                (prefs.int(d.indicators.len() as i64)) " " (prefs.t("ตัวชี้วัด", "indicators")) " · "
                                (prefs.t("ปรับปรุงล่าสุด", "last released")) " "
                                @if let Some(at) = row.last_release_at { (prefs.timestamp(at)) } @else { "–" }
                            }
                        }
                    }
                }
                @if pages > 1 {
                    nav.pager aria-label=(prefs.t("หน้า", "Pages")) {
                        @if page_number > 1 {
                            @let previous = (page_number - 1).to_string();
                            a rel="prev" href=(link("page", Some(previous.as_str()))) { (prefs.t("ก่อนหน้า", "Previous")) }
                        }
                        " " span { (prefs.t("หน้า", "Page")) " " (prefs.int(page_number)) " / " (prefs.int(pages)) } " "
                        @if page_number < pages {
                            @let next = (page_number + 1).to_string();
                            a rel="next" href=(link("page", Some(next.as_str()))) { (prefs.t("ถัดไป", "Next")) }
                        }
                    }
                }
            }
        }
    };
    Ok(page(layout(&viewer, title, body)))
}

// ------------------------------------------------------- /stats/{dataset}

#[derive(Deserialize, Default)]
pub struct DatasetParams {
    release: Option<u32>,
    as_of: Option<String>,
    indicator: Option<String>,
    from: Option<u32>,
    to: Option<u32>,
    /// "public": the dataset's statistician sees the tables as the public does.
    view: Option<String>,
}

/// The grid of one indicator of a dataset's content.
fn indicator_grid(prefs: Prefs, dataset: &Dataset, content: &ObsMap, indicator: &str) -> Grid {
    let mut periods = BTreeSet::new();
    let mut rows: BTreeMap<Vec<String>, BTreeMap<Period, Observation>> = BTreeMap::new();
    for o in content.values().filter(|o| o.series.first().map(String::as_str) == Some(indicator)) {
        periods.insert(o.period);
        rows.entry(o.series.clone()).or_default().insert(o.period, o.clone());
    }
    Grid {
        periods: periods.into_iter().collect(),
        rows: rows.into_iter().map(|(key, obs)| (series_label(prefs, dataset, &key, false), obs)).collect(),
    }
}

/// The site's own address as the reader reached it (for the API URL to copy).
fn origin(headers: &HeaderMap) -> String {
    let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()).unwrap_or("http");
    format!("{scheme}://{host}")
}

fn change_kind(prefs: Prefs, kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => prefs.t("เพิ่ม", "Added"),
        ChangeKind::Revised => prefs.t("แก้ไข", "Revised"),
        ChangeKind::Deleted => prefs.t("ลบ", "Deleted"),
    }
}

pub async fn dataset(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    PathParams(code): PathParams<String>,
    Params(params): Params<DatasetParams>,
) -> PageResult {
    dataset_page(&state, &viewer, &headers, &code, &params, None).await
}

async fn dataset_page(
    state: &AppState,
    viewer: &Viewer,
    headers: &HeaderMap,
    code: &str,
    params: &DatasetParams,
    error: Option<&ServiceError>,
) -> PageResult {
    let viewer = viewer.clone();
    let prefs = viewer.prefs;
    let public_view = params.view.as_deref() == Some("public");
    let (row, history) = if public_view {
        state.service.stat_history_as_published(&viewer.actor, code).await.or_page(&viewer)?
    } else {
        state.service.stat_history(&viewer.actor, code).await.or_page(&viewer)?
    };
    let owner = may_see_unprotected(&viewer.actor, &row);
    let disclosure_state =
        if owner { Some(state.service.stat_disclosure(&viewer.actor, code).await.or_page(&viewer)?) } else { None };
    let sectors = state.service.stat_codelist(codelist::SECTOR).await.or_page(&viewer)?;
    let d = &row.dataset;
    let latest = history.releases.len() as u32;
    let invalid = |field: &str, th: &str, en: &str| {
        PageError::from_service(
            tidtam_service::ServiceError::Invalid(vec![tidtam_domain::model::FieldError::new(field, th, en)]),
            prefs,
        )
    };
    let shown = match (params.release, params.as_of.as_deref().filter(|s| !s.is_empty())) {
        (Some(n), _) if n > latest || n == 0 => return Err(invalid("release", "ไม่มีรุ่นนี้", "no such release")),
        (Some(n), _) => n,
        (None, Some(date)) => {
            let date: jiff::civil::Date =
                date.parse().map_err(|_| invalid("as_of", "วันที่ต้องเป็น ปปปป-ดด-วว (ค.ศ.)", "the date is YYYY-MM-DD"))?;
            history.release_at(tidtam_stats::release::end_of_thai_day(date))
        }
        (None, None) => latest,
    };
    let content = history.at(shown);
    let withheld = d.disclosure.withheld_indicators();
    let listed: Vec<&tidtam_stats::model::Indicator> =
        d.indicators.iter().filter(|i| (owner && !public_view) || !withheld.contains(&i.code)).collect();
    let indicator = params
        .indicator
        .clone()
        .filter(|i| listed.iter().any(|l| &l.code == i))
        .or_else(|| listed.first().map(|i| i.code.clone()))
        .unwrap_or_default();
    let grid = indicator_grid(prefs, d, &content, &indicator);
    let release_pair = shown.to_string();
    let keep_release: Vec<(&str, &str)> =
        if shown == latest { vec![] } else { vec![("release", release_pair.as_str())] };
    let base = format!("/stats/{}", d.id);
    let api = format!("{}/api/stats/datasets/{}/data", origin(headers), d.id);
    let as_of_release = if shown == latest { String::new() } else { format!("&release={shown}") };
    let downloads: Vec<(String, &str, &str)> = vec![
        (
            format!("/sdmx/data/{}?format=genericdata", d.id),
            "SDMX-ML 2.1 Generic",
            "application/vnd.sdmx.genericdata+xml",
        ),
        (
            format!("/sdmx/data/{}?format=structurespecificdata", d.id),
            "SDMX-ML 2.1 StructureSpecific",
            "application/vnd.sdmx.structurespecificdata+xml",
        ),
        (format!("/sdmx/data/{}?format=jsondata", d.id), "SDMX-JSON 1.0", "application/vnd.sdmx.data+json"),
        (format!("/sdmx/data/{}?format=csv", d.id), "SDMX-CSV 1.0", "application/vnd.sdmx.data+csv"),
        (format!("/sdmx/data/{}?format=csv2", d.id), "SDMX-CSV 2.0", "application/vnd.sdmx.data+csv; version=2.0.0"),
        (
            format!("/sdmx/datastructure/all/DSD_{}/latest?references=children", d.id),
            "SDMX-ML Structure",
            "application/vnd.sdmx.structure+xml",
        ),
        (format!("/api/stats/datasets/{}/data.csv?x=1{as_of_release}", d.id), "CSV (UTF-8)", "text/csv"),
        (
            format!("/api/stats/datasets/{}/data.xlsx?x=1{as_of_release}", d.id),
            "Excel (XLSX)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (format!("/api/stats/datasets/{}/data?x=1{as_of_release}", d.id), "JSON", "application/json"),
        (format!("/api/3/action/package_show?id={}", d.ckan_name()), "CKAN package_show", "application/json"),
        (format!("/dataset/{}.ttl", d.ckan_name()), "DCAT-AP (Turtle)", "text/turtle"),
        (format!("/dataset/{}.rdf", d.ckan_name()), "DCAT-AP (RDF/XML)", "application/rdf+xml"),
        (format!("/dataset/{}.jsonld", d.ckan_name()), "DCAT-AP (JSON-LD)", "application/ld+json"),
    ];
    let (diff_from, diff_to) = (params.from, params.to);
    let diff = match (diff_from, diff_to) {
        (Some(a), Some(b)) if a <= latest && b <= latest => Some(history.diff(a, b)),
        (Some(_), Some(_)) => return Err(invalid("to", "ไม่มีรุ่นนี้", "no such release")),
        _ => None,
    };
    let metadata_rows: Vec<(&str, String)> = tidtam_stats::gdc::FIELDS
        .iter()
        .filter_map(|f| {
            let value = match d.metadata.0.get(f.name)? {
                tidtam_stats::gdc::GdcValue::Text(t) => t.clone(),
                tidtam_stats::gdc::GdcValue::List(l) => l.join(", "),
            };
            Some((if prefs.en() { f.name } else { f.label_th }, value))
        })
        .collect();
    let title = title_of(prefs, d).to_string();
    let body = html! {
        p.lead {
            a href="/stats" { (prefs.t("คลังข้อมูลสถิติ", "Statistics catalog")) } " › " code { (d.id) }
            @if !row.published { " " span.badge { (prefs.t("ฉบับร่าง — เห็นเฉพาะในหน่วยงาน", "Draft — visible inside the agency only")) } }
        }
        @if owner && d.disclosure.is_on() {
            p.notice #disclosure-view {
                @if public_view {
                    (prefs.t("คุณกำลังดูตารางตามที่สาธารณะเห็น (ปกปิดแล้ว)", "You are seeing the tables as the public does (protected)")) " "
                    a href=(base) { (prefs.t("ดูค่าตามที่นำเข้า", "See the values as loaded")) }
                } @else {
                    strong { (prefs.t("คุณเห็นค่าตามที่นำเข้า ไม่ได้ปกปิด", "You see the values as loaded, unprotected")) }
                    " — " (prefs.t("ผู้ใช้อื่นและสาธารณะเห็นตารางที่ปกปิดแล้วในทุกรูปแบบ (หน้าเว็บ ดาวน์โหลด SDMX CKAN)", "everyone else, the public included, reads the protected tables in every format (pages, downloads, SDMX, CKAN)")) " "
                    a href=(url(&base, &[("view", "public")])) { (prefs.t("ดูตามที่เผยแพร่", "See them as published")) }
                }
            }
        }
        @if !d.description_th.is_empty() { p { (d.description_th) } }

        section #data aria-labelledby="data-h" {
            h2 #data-h { (prefs.t("ข้อมูล", "Data")) }
            p #shown-release {
                @if latest == 0 {
                    (prefs.t("ยังไม่มีข้อมูลที่นำเข้า", "Nothing has been loaded yet"))
                } @else if shown == 0 {
                    (prefs.t("ยังไม่มีการเผยแพร่ในวันนั้น", "Nothing had been published by that date"))
                } @else {
                    @let release = &history.releases[shown as usize - 1];
                    (prefs.t("ตามที่เผยแพร่ในรุ่นที่", "As published in release")) " " (prefs.int(i64::from(shown)))
                    " " (prefs.t("เมื่อ", "on")) " " (prefs.timestamp(release.published_at))
                    @if shown != latest {
                        " — " strong { (prefs.t("ไม่ใช่รุ่นล่าสุด", "not the latest release")) } " "
                        a href=(base) { (prefs.t("ดูรุ่นล่าสุด", "See the latest")) }
                    }
                }
            }
            @if listed.len() > 1 {
                form.filters method="get" action=(base) {
                    @for (k, v) in &keep_release { input type="hidden" name=(k) value=(v); }
                    @if public_view { input type="hidden" name="view" value="public"; }
                    label for="indicator" { (prefs.t("ตัวชี้วัด", "Indicator")) }
                    " " select #indicator name="indicator" {
                        @for i in &listed {
                            option value=(i.code) selected[i.code == indicator] { (indicator_label(prefs, d, &i.code)) }
                        }
                    }
                    " " button type="submit" { (prefs.t("แสดง", "Show")) }
                }
            }
            @let caption = format!("{} ({})", indicator_label(prefs, d, &indicator), unit_label(prefs, d, &indicator));
            @if grid.rows.is_empty() {
                p { (prefs.t("ไม่มีค่าสังเกตของตัวชี้วัดนี้ในรุ่นนี้", "No observations of this indicator in this release")) }
            } @else {
                (grid.chart(prefs, &caption))
                (grid.table(prefs, &caption, "data-table"))
                p.note { (prefs.t("ปีเป็นพุทธศักราช", "Years are Buddhist era"))
                    @for s in [tidtam_stats::model::ObsStatus::Provisional, tidtam_stats::model::ObsStatus::Estimated, tidtam_stats::model::ObsStatus::Confidential, tidtam_stats::model::ObsStatus::NotAvailable] {
                        " · " sup { (s.code().to_lowercase()) } " " (prefs.t(s.name_th(), s.name_en()))
                    }
                }
                (disclosure_legend(prefs, d))
            }
        }
        @if let Some(state) = &disclosure_state {
            (disclosure_section(prefs, &viewer, &row, state, public_view, error))
        }

        section #downloads aria-labelledby="downloads-h" {
            h2 #downloads-h { (prefs.t("ดาวน์โหลดและ API", "Downloads and API")) }
            ul.downloads { @for (href, name, media) in &downloads { li { a href=(href) type=(media) { (name) } } } }
            label for="api-url" { (prefs.t("URL ของ API (คัดลอกไปใช้ได้ กรองด้วย indicator, area, start, end)", "API URL (copy it; filter with indicator, area, start, end)")) }
            input #api-url type="text" readonly value=(api) size="70";
        }

        section #metadata aria-labelledby="metadata-h" {
            h2 #metadata-h { (prefs.t("คำอธิบายชุดข้อมูล (GD Catalog)", "About the dataset (GD Catalog)")) }
            dl.meta {
                dt { (prefs.t("หน่วยงาน", "Agency")) } dd { (row.agency_name) }
                dt { (prefs.t("สาขาสถิติ", "Statistical sector")) } dd { (code_label(prefs, &sectors, &d.sector)) " (" (d.sector) ")" }
                dt { (prefs.t("มิติ", "Dimensions")) }
                dd { @for (i, dim) in d.dimensions.iter().enumerate() { @if i > 0 { ", " } (prefs.t(dim.name_th(), dim.name_en())) } ", " (prefs.t("เวลา", "Time")) }
                dt { (prefs.t("ตัวชี้วัด", "Indicators")) }
                dd { ul { @for i in &d.indicators { li { code { (i.code) } " " (indicator_label(prefs, d, &i.code)) " (" (unit_label(prefs, d, &i.code)) ")" } } } }
                @for (label, value) in &metadata_rows { dt { (label) } dd { (value) } }
            }
        }

        section #history aria-labelledby="history-h" {
            h2 #history-h { (prefs.t("ประวัติการเผยแพร่", "Release history")) }
            table #releases {
                thead { tr {
                    th scope="col" { (prefs.t("รุ่น", "Release")) }
                    th scope="col" { (prefs.t("เผยแพร่เมื่อ", "Published")) }
                    th scope="col" { (prefs.t("หมายเหตุ", "Note")) }
                    th scope="col" { (prefs.t("การเปลี่ยนแปลง", "Changes")) }
                    th scope="col" { (prefs.t("ดูข้อมูล", "Read")) }
                } }
                tbody { @for r in history.releases.iter().rev() {
                    @let changes = history.revisions.iter().filter(|x| x.release == r.number).count();
                    tr {
                        td { (prefs.int(i64::from(r.number))) }
                        td { (prefs.timestamp(r.published_at)) }
                        td { (r.note) }
                        td.num {
                            @if r.number > 1 {
                                a href=(url(&base, &[("from", (r.number - 1).to_string().as_str()), ("to", r.number.to_string().as_str())])) { (prefs.int(changes as i64)) }
                            } @else { (prefs.int(changes as i64)) }
                        }
                        td { a href=(url(&base, &[("release", r.number.to_string().as_str())])) {
                            (prefs.t("ตามที่เผยแพร่เมื่อ", "As published on")) " " (prefs.date(tidtam_stats::release::thai_date(r.published_at)))
                        } }
                    }
                } }
            }
            @if latest > 0 {
                form.filters method="get" action=(base) {
                    label for="as_of" { (prefs.t("ข้อมูลตามที่เผยแพร่ ณ วันที่", "Data as published on")) }
                    " " input #as_of type="date" name="as_of" value=(params.as_of.clone().unwrap_or_default());
                    " " button type="submit" { (prefs.t("แสดง", "Show")) }
                }
            }
            @if latest > 1 {
                form.filters method="get" action=(base) {
                    label for="from" { (prefs.t("เปรียบเทียบรุ่น", "Compare release")) }
                    " " select #from name="from" { @for n in 0..=latest { option value=(n) selected[Some(n) == diff_from.or(Some(latest - 1))] { (prefs.int(i64::from(n))) } } }
                    " " label for="to" { (prefs.t("กับรุ่น", "with release")) }
                    " " select #to name="to" { @for n in 1..=latest { option value=(n) selected[Some(n) == diff_to.or(Some(latest))] { (prefs.int(i64::from(n))) } } }
                    " " button type="submit" { (prefs.t("เปรียบเทียบ", "Compare")) }
                }
            }
            @if let (Some(changes), Some(a), Some(b)) = (&diff, diff_from, diff_to) {
                section #diff {
                    h3 { (prefs.t("การเปลี่ยนแปลงจากรุ่น", "Changes from release")) " " (prefs.int(i64::from(a))) " "
                        (prefs.t("ถึงรุ่น", "to release")) " " (prefs.int(i64::from(b))) ": " (prefs.int(changes.len() as i64)) }
                    @if !changes.is_empty() {
                        div.scroll { table #diff-table {
                            thead { tr {
                                th scope="col" { (prefs.t("ชุดข้อมูล", "Series")) }
                                th scope="col" { (prefs.t("ช่วงเวลา", "Period")) }
                                th scope="col" { (prefs.t("เดิม", "Before")) }
                                th scope="col" { (prefs.t("ใหม่", "After")) }
                                th scope="col" { (prefs.t("การเปลี่ยนแปลง", "Change")) }
                            } }
                            tbody { @for c in changes.iter().take(MAX_CHANGES) {
                                @let o = c.observation();
                                tr {
                                    th scope="row" { (series_label(prefs, d, &o.series, true)) }
                                    td { (period_label(prefs, o.period)) }
                                    td.num { (cell(prefs, c.old.as_ref())) }
                                    td.num { (cell(prefs, c.new.as_ref())) }
                                    td { (change_kind(prefs, c.kind)) }
                                }
                            } }
                        } }
                        @if changes.len() > MAX_CHANGES {
                            p.note { (prefs.t("แสดง", "Showing")) " " (prefs.int(MAX_CHANGES as i64)) " " (prefs.t("รายการแรก", "first changes")) }
                        }
                    }
                }
            }
        }
    };
    Ok(page(layout(&viewer, &title, body)))
}

/// The explained symbol of a protected dataset, for every reader.
fn disclosure_legend(prefs: Prefs, d: &Dataset) -> Markup {
    html! {
        @match &d.disclosure {
            Disclosure::Off => {}
            Disclosure::Suppression(s) => {
                p.note #disclosure-legend {
                    sup { "c" } " … "
                    (prefs.t("= ปกปิดเพื่อรักษาความลับของผู้ให้ข้อมูล: ช่องที่มีผู้ให้ข้อมูลน้อยเกินไปหรือมีรายใหญ่ครอบงำไม่แสดงค่า และปกปิดบางช่องเพิ่มเพื่อไม่ให้คำนวณย้อนจากยอดรวมได้",
                             "= confidential, withheld to protect respondents: cells with too few contributors or a dominant one show no value, and some other cells are withheld so that they cannot be derived from the totals"))
                    @if let Some(n) = s.min_frequency {
                        " (" (prefs.t("ช่องที่มีน้อยกว่า", "cells of fewer than")) " " (prefs.int(n as i64)) " " (prefs.t("ราย", "contributors")) ")"
                    }
                }
            }
            Disclosure::Rounding(r) => {
                p.note #disclosure-legend {
                    (prefs.t("จำนวนนับปัดแบบสุ่มเป็นพหุคูณของ", "Counts are randomly rounded to multiples of")) " " (prefs.int(i64::from(r.base)))
                    " " (prefs.t("เพื่อรักษาความลับของผู้ให้ข้อมูล ยอดรวมเป็นผลบวกของค่าที่ปัดแล้ว", "to protect respondents; totals are the sums of the rounded values"))
                }
            }
        }
    }
}

/// The setting, its effect on the latest release and the form to change it (the
/// dataset's statisticians and admins).
fn disclosure_section(
    prefs: Prefs,
    viewer: &Viewer,
    row: &tidtam_service::stats::StatDatasetRow,
    state: &DisclosureState,
    public_view: bool,
    error: Option<&ServiceError>,
) -> Markup {
    let d = &row.dataset;
    let v = crate::routes::stats::disclosure_view(&state.disclosure);
    let method = v.method.as_str();
    let text = |x: Option<String>| x.unwrap_or_default();
    let num = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
    html! {
        section #disclosure aria-labelledby="disclosure-h" {
            h2 #disclosure-h { (prefs.t("การควบคุมการเปิดเผยข้อมูล", "Disclosure control")) }
            @if let Some(error) = error { (super::admin::problem(viewer, error)) }
            p #disclosure-state {
                @match &state.latest {
                    None if !state.disclosure.is_on() => { (prefs.t("ปิดอยู่: เผยแพร่ตามที่นำเข้า", "Off: published as loaded")) }
                    None => { (prefs.t("ยังไม่มีข้อมูลที่นำเข้า", "Nothing has been loaded yet")) }
                    Some(Ok(p)) => {
                        (prefs.t("รุ่นล่าสุด:", "Latest release:")) " " (prefs.int(p.tables as i64)) " " (prefs.t("ตาราง", "tables"))
                        @if p.rounded > 0 {
                            ", " (prefs.t("ปัดค่า", "rounded")) " " (prefs.int(p.rounded as i64)) " " (prefs.t("ค่า", "values"))
                        } @else {
                            ", " (prefs.t("ปกปิดตามกฎ", "suppressed by a rule")) " " (prefs.int(p.primary as i64))
                            ", " (prefs.t("ปกปิดเพิ่มเพื่อป้องกัน", "suppressed to protect them")) " " (prefs.int(p.secondary as i64))
                            " " (prefs.t("ค่า", "values"))
                        }
                    }
                    Some(Err(e)) => {
                        @let (th, en) = e.messages();
                        strong.error role="alert" { (prefs.t(&th, &en)) }
                    }
                }
            }
            @if !state.withheld_releases.is_empty() {
                p.note { (prefs.t("รุ่นก่อนหน้าที่ปกปิดตามการตั้งค่านี้ไม่ได้ (สาธารณะไม่เห็นค่าที่ควบคุมเลย):", "Earlier releases this setting cannot protect (the public sees none of their protected values):"))
                    " " @for (i, n) in state.withheld_releases.iter().enumerate() { @if i > 0 { ", " } (prefs.int(i64::from(*n))) } }
            }
            @if !public_view {
                form #disclosure-form method="post" action=(format!("/stats/{}/disclosure", d.id)) {
                    (csrf_field(viewer))
                    input type="hidden" name="version" value=(row.version);
                    fieldset {
                        legend { (prefs.t("วิธี", "Method")) }
                        @for (value, th, en) in [("off", "ไม่ควบคุม", "Off"), ("suppression", "ปกปิดช่อง (กฎขั้นต้น + การปกปิดเพิ่ม + ตรวจด้วย LP)", "Cell suppression (primary rules, secondary suppression, LP audit)"), ("rounding", "ปัดแบบสุ่มเป็นพหุคูณของฐาน", "Random rounding to a base")] {
                            label { input type="radio" name="method" value=(value) checked[method == value]; " " (prefs.t(th, en)) } " "
                        }
                    }
                    p.field { label for="count_indicator" { (prefs.t("ตัวชี้วัดที่เป็นจำนวนนับ (จำนวนผู้ให้ข้อมูลในช่อง)", "Indicator holding the counts (contributors per cell)")) }
                        select #count_indicator name="count_indicator" {
                            option value="" { "–" }
                            @for i in &d.indicators { option value=(i.code) selected[v.count_indicator.as_deref() == Some(i.code.as_str())] { (i.code) " " (indicator_label(prefs, d, &i.code)) } }
                        } }
                    p.field { label for="min_frequency" { (prefs.t("ความถี่ต่ำสุด n (ช่องที่มี 0 < จำนวน < n ไม่ปลอดภัย)", "Minimum frequency n (a cell with 0 < count < n is unsafe)")) }
                        input #min_frequency name="min_frequency" inputmode="numeric" value=(v.min_frequency.map(|n| n.to_string()).unwrap_or_default()); }
                    p.field { label for="protection_level" { (prefs.t("ระดับการป้องกัน (ร้อยละของค่าในช่อง)", "Protection level (percent of the cell)")) }
                        input #protection_level name="protection_level" inputmode="decimal" value=(num(v.protection_level)); }
                    p.field { label for="value_indicator" { (prefs.t("ตัวชี้วัดมูลค่าของช่อง (ถ้ามี ปกปิดคู่กับจำนวน)", "Indicator of the cells' magnitude (if any; suppressed with the counts)")) }
                        select #value_indicator name="value_indicator" {
                            option value="" { "–" }
                            @for i in &d.indicators { option value=(i.code) selected[v.value_indicator.as_deref() == Some(i.code.as_str())] { (i.code) } }
                        } }
                    p.field { label for="contribution_indicators" { (prefs.t("ตัวชี้วัดส่วนร่วมรายใหญ่อันดับ 1, 2, … (คั่นด้วยจุลภาค ไม่เผยแพร่)", "Indicators of the largest, second largest, … contributions (comma-separated; never published)")) }
                        input #contribution_indicators name="contribution_indicators" value=(v.contribution_indicators.join(", ")); }
                    p.field { label for="dominance_n" { (prefs.t("กฎการครอบงำ (n,k): n", "(n,k) dominance: n")) }
                        input #dominance_n name="dominance_n" inputmode="numeric" value=(v.dominance_n.map(|n| n.to_string()).unwrap_or_default());
                        " " label for="dominance_k" { "k (%)" }
                        input #dominance_k name="dominance_k" inputmode="decimal" value=(num(v.dominance_k)); }
                    p.field { label for="p_percent" { (prefs.t("กฎ p%: p", "p % rule: p")) }
                        input #p_percent name="p_percent" inputmode="decimal" value=(num(v.p_percent)); }
                    p.field { label for="base" { (prefs.t("ฐานการปัด (เมื่อปัดแบบสุ่ม)", "Rounding base (for rounding)")) }
                        input #base name="base" inputmode="numeric" value=(text(v.base.map(|b| b.to_string()))); }
                    p { button.primary type="submit" { (prefs.t("บันทึกการควบคุมการเปิดเผยข้อมูล", "Save disclosure control")) } }
                }
            }
        }
    }
}

#[derive(Deserialize)]
pub struct DisclosureForm {
    version: i64,
    method: String,
    #[serde(default)]
    count_indicator: String,
    #[serde(default)]
    value_indicator: String,
    #[serde(default)]
    contribution_indicators: String,
    #[serde(default)]
    min_frequency: String,
    #[serde(default)]
    protection_level: String,
    #[serde(default)]
    dominance_n: String,
    #[serde(default)]
    dominance_k: String,
    #[serde(default)]
    p_percent: String,
    #[serde(default)]
    base: String,
}

/// A form number: empty is none; anything else must read as a number (Thai digits too).
fn form_number(field: &str, text: &str) -> Result<Option<f64>, ServiceError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    tidtam_thai::number::parse_number(text).map(Some).ok_or_else(|| {
        ServiceError::Invalid(vec![tidtam_domain::model::FieldError::new(
            field,
            &format!("\"{text}\" ไม่ใช่ตัวเลข"),
            &format!("\"{text}\" is not a number"),
        )])
    })
}

fn form_whole(field: &str, text: &str) -> Result<Option<u64>, ServiceError> {
    match form_number(field, text)? {
        None => Ok(None),
        Some(x) if x >= 0.0 && x == x.trunc() && x < 1e12 => Ok(Some(x as u64)),
        Some(x) => Err(ServiceError::Invalid(vec![tidtam_domain::model::FieldError::new(
            field,
            &format!("{x} ต้องเป็นจำนวนเต็มไม่ติดลบ"),
            &format!("{x} must be a whole number ≥ 0"),
        )])),
    }
}

fn disclosure_from_form(f: &DisclosureForm) -> Result<Disclosure, ServiceError> {
    let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let input = tidtam_api::stats::StatDisclosure {
        method: f.method.clone(),
        count_indicator: opt(&f.count_indicator),
        value_indicator: opt(&f.value_indicator),
        contribution_indicators: f.contribution_indicators.split(',').filter_map(opt).collect(),
        min_frequency: form_whole("min_frequency", &f.min_frequency)?,
        dominance_n: form_whole("dominance_n", &f.dominance_n)?.map(|n| n as usize),
        dominance_k: form_number("dominance_k", &f.dominance_k)?,
        p_percent: form_number("p_percent", &f.p_percent)?,
        protection_level: form_number("protection_level", &f.protection_level)?,
        base: form_whole("base", &f.base)?.map(|b| b.min(u64::from(u32::MAX)) as u32),
    };
    crate::routes::stats::disclosure_input(input)
}

pub async fn save_disclosure(
    State(state): State<AppState>,
    headers: HeaderMap,
    PathParams(code): PathParams<String>,
    signed: SignedForm<DisclosureForm>,
) -> PageResult {
    let (viewer, form) = (signed.viewer, signed.form);
    let done = match disclosure_from_form(&form) {
        Ok(d) => state.service.set_stat_disclosure(&viewer.actor, &code, form.version, d).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/stats/{code}#disclosure")).into_response()),
        Err(ServiceError::Unauthenticated) => Err(PageError::SignIn(format!("/stats/{code}"))),
        Err(error @ (ServiceError::Invalid(_) | ServiceError::Conflict { .. })) => {
            let page = dataset_page(&state, &viewer, &headers, &code, &DatasetParams::default(), Some(&error)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(error) => Err(PageError::from_service(error, viewer.prefs)),
    }
}

// ---------------------------------------------------------- /stats/explore

/// One indicator the explorer offers: `DATASET.CODE`.
fn indicator_ref(dataset: &str, code: &str) -> String {
    format!("{dataset}.{code}")
}

pub async fn explore(State(state): State<AppState>, viewer: Viewer, RawQuery(raw): RawQuery) -> PageResult {
    let prefs = viewer.prefs;
    let pairs = pairs(raw.as_deref()).map_err(bad(prefs))?;
    let chosen_indicators: Vec<&str> = all(&pairs, "indicator");
    let chosen_areas: BTreeSet<&str> = all(&pairs, "area").into_iter().collect();
    let year = |key: &str| -> Result<Option<i32>, PageError> {
        first(&pairs, key)
            .map(|v| {
                tidtam_thai::digits::to_arabic_digits(v).trim().parse::<i32>().map_err(|_| {
                    PageError::from_service(
                        tidtam_service::ServiceError::Invalid(vec![tidtam_domain::model::FieldError::new(
                            key,
                            "ปีต้องเป็นตัวเลข พ.ศ. เช่น 2565",
                            "a year is a Buddhist-era number such as 2565",
                        )]),
                        prefs,
                    )
                })
            })
            .transpose()
    };
    let (from, to) = (year("from")?, year("to")?);
    // Every dataset the reader may see offers its indicators.
    let everything =
        CatalogQuery { limit: 1000, sort: tidtam_service::stats::StatSort::CodeAsc, ..CatalogQuery::default() };
    let catalog = state.service.stat_catalog(&viewer.actor, &everything).await.or_page(&viewer)?;
    let mut periods = BTreeSet::new();
    let mut rows: Vec<(String, BTreeMap<Period, Observation>)> = Vec::new();
    let mut unknown = Vec::new();
    // The datasets the chosen indicators belong to, each read once.
    let mut wanted: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for choice in &chosen_indicators {
        match choice.split_once('.') {
            Some((dataset, code))
                if catalog.rows.iter().any(|r| r.dataset.id == dataset && r.dataset.indicator(code).is_some()) =>
            {
                wanted.entry(dataset).or_default().push(code)
            }
            _ => unknown.push(*choice),
        }
    }
    for (dataset, codes) in &wanted {
        let (row, history) = state.service.stat_history(&viewer.actor, dataset).await.or_page(&viewer)?;
        let d = &row.dataset;
        let area_at = d.dimensions.iter().position(|x| *x == DimensionId::Area);
        let mut series: BTreeMap<Vec<String>, BTreeMap<Period, Observation>> = BTreeMap::new();
        for o in history.latest().into_values() {
            let Some(indicator) = o.series.first() else { continue };
            if !codes.contains(&indicator.as_str()) {
                continue;
            }
            // A dataset without an area dimension is national.
            let area = area_at.map_or(codelist::COUNTRY, |at| o.series[at].as_str());
            if !chosen_areas.is_empty() && !chosen_areas.contains(area) {
                continue;
            }
            let y = be_year(o.period);
            if from.is_some_and(|f| y < f) || to.is_some_and(|t| y > t) {
                continue;
            }
            periods.insert(o.period);
            series.entry(o.series.clone()).or_default().insert(o.period, o);
        }
        // In the order the reader chose the indicators.
        for code in codes {
            for (key, obs) in series.iter().filter(|(k, _)| k[0] == *code) {
                let label = if d.dimensions.len() > 1 {
                    format!("{} — {}", indicator_label(prefs, d, code), series_label(prefs, d, key, false))
                } else {
                    indicator_label(prefs, d, code)
                };
                rows.push((label, obs.clone()));
            }
        }
    }
    let grid = Grid { periods: periods.into_iter().collect(), rows };
    let areas = codelist::area();
    let title = prefs.t("สำรวจอนุกรมข้อมูล", "Series explorer");
    let body = html! {
        p.lead { a href="/stats" { (prefs.t("คลังข้อมูลสถิติ", "Statistics catalog")) } " › "
            (prefs.t("เลือกตัวชี้วัด จังหวัด และช่วงปี แล้วกดแสดง ส่ง URL ของหน้านี้ให้ผู้อื่นเพื่อดูผลเดียวกันได้",
                     "Choose indicators, provinces and years, then Show; share this page's URL to show the same")) }
        form.explore method="get" action="/stats/explore" {
            div.field {
                label for="indicator" { (prefs.t("ตัวชี้วัด (เลือกได้หลายรายการ)", "Indicators (several may be chosen)")) }
                select #indicator name="indicator" multiple size="8" {
                    @for row in &catalog.rows {
                        optgroup label=(title_of(prefs, &row.dataset)) {
                            @for i in &row.dataset.indicators {
                                @let value = indicator_ref(&row.dataset.id, &i.code);
                                option value=(value) selected[chosen_indicators.contains(&value.as_str())] { (indicator_label(prefs, &row.dataset, &i.code)) }
                            }
                        }
                    }
                }
            }
            div.field {
                label for="area" { (prefs.t("พื้นที่ (ไม่เลือก = ทุกพื้นที่)", "Areas (none chosen = all)")) }
                select #area name="area" multiple size="8" {
                    @for c in &areas.codes {
                        option value=(c.id) selected[chosen_areas.contains(c.id.as_str())] { (if prefs.en() { &c.name_en } else { &c.name_th }) }
                    }
                }
            }
            div.field {
                label for="from" { (prefs.t("ตั้งแต่ปี (พ.ศ.)", "From year (BE)")) }
                input #from type="text" inputmode="numeric" name="from" size="6" value=(from.map(|y| y.to_string()).unwrap_or_default());
                " " label for="to" { (prefs.t("ถึงปี (พ.ศ.)", "to year (BE)")) }
                input #to type="text" inputmode="numeric" name="to" size="6" value=(to.map(|y| y.to_string()).unwrap_or_default());
            }
            button type="submit" { (prefs.t("แสดง", "Show")) }
        }
        @if !unknown.is_empty() {
            p.error role="alert" { (prefs.t("ไม่พบตัวชี้วัด", "No such indicator")) ": " (unknown.join(", ")) }
        }
        @if chosen_indicators.is_empty() {
            p { (prefs.t("ยังไม่ได้เลือกตัวชี้วัด", "No indicator chosen yet")) }
        } @else if grid.rows.is_empty() {
            p #explore-empty { (prefs.t("ไม่มีค่าสังเกตตามที่เลือก", "No observations match the choice")) }
        } @else {
            @let caption = prefs.t("อนุกรมที่เลือก", "The chosen series");
            (grid.chart(prefs, caption))
            (grid.table(prefs, caption, "explore-table"))
            p.note { (prefs.t("ปีเป็นพุทธศักราช ค่าจากรุ่นล่าสุดของแต่ละชุดข้อมูล", "Years are Buddhist era; values from each dataset's latest release")) }
        }
    };
    Ok(page(layout(&viewer, title, body)))
}

// ------------------------------------------------------- /admin/codelists

async fn codelists_page(state: &AppState, viewer: &Viewer, error: Option<&ServiceError>) -> PageResult {
    let prefs = viewer.prefs;
    if !viewer.is(&[Role::Admin]) {
        return Err(PageError::from_service(ServiceError::Forbidden, prefs));
    }
    let sectors = state.service.stat_codelist(codelist::SECTOR).await.or_page(viewer)?;
    let title = prefs.t("รหัสสถิติ: สาขาสถิติ", "Statistical codes: sectors");
    let body = html! {
        (super::admin::admin_tabs(viewer))
        @if let Some(error) = error { (super::admin::problem(viewer, error)) }
        p { (prefs.t("แก้ชื่อหรือเพิ่มสาขาได้ รหัสที่มีอยู่ลบไม่ได้เพราะชุดข้อมูลอ้างถึง ทุกการแก้ไขบันทึกในประวัติการแก้ไข",
                     "Rename or add sectors; codes are never removed, since datasets refer to them; every change is in the audit trail")) }
        div.table-wrap { table #codes {
            thead { tr {
                th scope="col" { (prefs.t("รหัส", "Code")) }
                th scope="col" { (prefs.t("ชื่อภาษาไทย", "Thai name")) }
                th scope="col" { (prefs.t("ชื่อภาษาอังกฤษ", "English name")) }
                th scope="col" { (prefs.t("แก้ไข", "Change")) }
            } }
            tbody { @for c in &sectors.codes {
                @let form_id = format!("rename-{}", c.id);
                tr {
                    td { code { (c.id) } }
                    td { input form=(form_id) name="name_th" value=(c.name_th) aria-label={ (prefs.t("ชื่อภาษาไทยของ", "Thai name of")) " " (c.id) } required; }
                    td { input form=(form_id) name="name_en" value=(c.name_en) aria-label={ (prefs.t("ชื่อภาษาอังกฤษของ", "English name of")) " " (c.id) } required; }
                    td { form #(form_id) method="post" action="/admin/codelists" {
                        (csrf_field(viewer))
                        input type="hidden" name="action" value="rename";
                        input type="hidden" name="code" value=(c.id);
                        button type="submit" { (prefs.t("บันทึกชื่อ", "Save names")) }
                    } }
                }
            } }
        } }
        h2 { (prefs.t("เพิ่มสาขาสถิติ", "Add a sector")) }
        form method="post" action="/admin/codelists" {
            (csrf_field(viewer))
            input type="hidden" name="action" value="add";
            p.field { label for="code" { (prefs.t("รหัส", "Code")) } input #code name="code" required placeholder="S22"; }
            p.field { label for="name_th" { (prefs.t("ชื่อภาษาไทย", "Thai name")) } input #name_th name="name_th" required; }
            p.field { label for="name_en" { (prefs.t("ชื่อภาษาอังกฤษ", "English name")) } input #name_en name="name_en" required; }
            p { button.primary type="submit" { (prefs.t("เพิ่ม", "Add")) } }
        }
    };
    Ok(page(layout(viewer, title, body)))
}

pub async fn codelists(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    viewer.require_signed_in()?;
    codelists_page(&state, &viewer, None).await
}

#[derive(Deserialize)]
pub struct CodeForm {
    action: String,
    code: String,
    name_th: String,
    name_en: String,
}

pub async fn save_code(State(state): State<AppState>, signed: SignedForm<CodeForm>) -> PageResult {
    let (viewer, form) = (signed.viewer, signed.form);
    let list = codelist::SECTOR;
    let done = match form.action.as_str() {
        "add" => state.service.add_stat_code(&viewer.actor, list, form.code.trim(), &form.name_th, &form.name_en).await,
        "rename" => state.service.rename_stat_code(&viewer.actor, list, &form.code, &form.name_th, &form.name_en).await,
        _ => Err(ServiceError::Invalid(vec![tidtam_domain::model::FieldError::new(
            "action",
            "action ต้องเป็น add หรือ rename",
            "action is add or rename",
        )])),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/admin/codelists").into_response()),
        Err(ServiceError::Unauthenticated) => Err(PageError::SignIn("/admin/codelists".into())),
        Err(ServiceError::Duplicate) => {
            let error = ServiceError::Invalid(vec![tidtam_domain::model::FieldError::new(
                "code",
                "มีรหัสนี้แล้ว",
                "the code is taken",
            )]);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, codelists_page(&state, &viewer, Some(&error)).await?).into_response())
        }
        Err(error) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, codelists_page(&state, &viewer, Some(&error)).await?).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::prefs::Lang;

    #[test]
    fn periods_and_numbers_are_written_as_readers_expect() {
        let th = Prefs { lang: Lang::Th, thai_digits: true };
        let en = Prefs { lang: Lang::En, thai_digits: false };
        assert_eq!(period_label(th, Period::Year(2024)), "๒๕๖๗");
        assert_eq!(period_label(en, Period::FiscalYear(tidtam_thai::fiscal::FiscalYear::from_be(2567))), "FY 2567");
        assert_eq!(be_year(Period::FiscalQuarter(tidtam_thai::fiscal::FiscalYear::from_be(2567), 1)), 2567);
        assert_eq!(be_year(Period::Month(2024, 1)), 2567);
        assert_eq!(number(en, 1234567.891), "1,234,567.89");
        assert_eq!(number(en, -0.5), "-0.5");
        assert_eq!(number(th, 12.0), "๑๒");
    }
}
