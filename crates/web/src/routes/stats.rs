//! The hub's plain JSON and CSV: every dataset, with no configuration, under
//! `/api/stats/datasets` (list, detail with release history, data filtered by
//! dimension and period, as of any release or date).

use std::collections::BTreeMap;
use std::io::Write;

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tidtam_api::Page;
use tidtam_api::stats::{
    NewStatDataset, StatData, StatDatasetDetail, StatDatasetSummary, StatDisclosure, StatDisclosureChange,
    StatDisclosureState, StatIndicator, StatLoaded, StatObservation, StatPreview, StatProblem, StatProtection,
    StatPublication, StatRelease,
};
use tidtam_service::ServiceError;
use tidtam_service::stats::{StatDatasetRow, StatFilter, search_terms};
use tidtam_service::stats_read::{ReleaseChoice, StatRead};
use tidtam_stats::codelist::{Codelist, SECTOR};
use tidtam_stats::disclosure::{Disclosure, Rounding, Suppression};
use tidtam_stats::gdc::GdcValue;
use tidtam_stats::model::{DimensionId, Observation};
use tidtam_stats::period::Period;
use tidtam_stats::scan::Entry;
use tidtam_stats::sdmx::DataQuery;

use crate::AppState;
use crate::api::{Api, Doc, Method, opt, req};
use crate::error::{AppError, AppResult};
use crate::extract::{Body, Caller, Params, PathParams, page_request};

/// The largest table a load accepts through the API.
pub const MAX_TABLE_BYTES: usize = 16 * 1024 * 1024;

const LOAD_PARAMS: [crate::api::Param; 2] = [
    req(
        "file_name",
        "string",
        "the table's file name (XLSX is recognised by its content, anything else is read as CSV)",
    ),
    opt("mapping", "string", "the column mapping as JSON (default: the one saved with the last load)"),
];

const DATA_PARAMS: [crate::api::Param; 8] = [
    opt("indicator", "string", "indicator codes, comma-separated"),
    opt("area", "string", "area codes (TH, REG_N, TH-10…), comma-separated"),
    opt("sex", "string", "sex codes (_T, M, F), comma-separated"),
    opt("age", "string", "age group codes, comma-separated"),
    opt("start", "string", "first period (2020, 2020-Q1, 2020-01, a date)"),
    opt("end", "string", "last period"),
    opt("release", "integer", "read this release (default: the latest)"),
    opt("as_of", "string", "read the release published by the end of this Thai date (YYYY-MM-DD)"),
];

pub fn routes(api: Api) -> Api {
    api.add(
        Method::Get,
        "/api/stats/datasets",
        Doc::new("stats", "Statistical datasets (published ones, and the caller's agency's drafts)")
            .query(&[opt("q", "string", "words to find (Thai or English)")])
            .paged()
            .response::<Page<StatDatasetSummary>>(),
        list,
    )
    .add(
        Method::Get,
        "/api/stats/datasets/{code}",
        Doc::new("stats", "A dataset: structure, GD Catalog metadata and release history")
            .response::<StatDatasetDetail>()
            .errors(&[404]),
        detail,
    )
    .add(
        Method::Get,
        "/api/stats/datasets/{code}/data",
        Doc::new("stats", "A dataset's observations as JSON, filtered by dimension and period")
            .query(&DATA_PARAMS)
            .response::<StatData>()
            .errors(&[404]),
        data_json,
    )
    .add(
        Method::Get,
        "/api/stats/datasets/{code}/data.csv",
        Doc::new("stats", "A dataset's observations as CSV (UTF-8 with BOM, for Excel), filtered as /data")
            .query(&DATA_PARAMS)
            .media(&["text/csv"])
            .errors(&[404]),
        data_csv,
    )
    .add(
        Method::Get,
        "/api/stats/datasets/{code}/data.xlsx",
        Doc::new("stats", "A dataset's observations as an Excel workbook (a row an observation; a sheet explaining the symbols, disclosure control included), filtered as /data")
            .query(&DATA_PARAMS)
            .file(crate::routes::exports::XLSX)
            .errors(&[404]),
        data_xlsx,
    )
    .add(
        Method::Post,
        "/api/stats/datasets",
        Doc::new("stats", "Define a dataset of an agency (a draft; its statisticians only)")
            .body::<NewStatDataset>()
            .created::<StatDatasetSummary>()
            .errors(&[401, 403, 409]),
        define,
    )
    .add(
        Method::Post,
        "/api/stats/datasets/{code}/preview",
        Doc::new("stats", "What loading a CSV or XLSX table (request body) would give, every problem by cell; stores nothing")
            .query(&LOAD_PARAMS)
            .bytes()
            .response::<StatPreview>()
            .errors(&[401, 403, 404]),
        preview_load,
    )
    .add(
        Method::Post,
        "/api/stats/datasets/{code}/releases",
        Doc::new("stats", "Load a CSV or XLSX table (request body) as the next release; a table with any problem stores nothing (422, fields = cells)")
            .query(&LOAD_PARAMS)
            .query(&[
                opt("mode", "string", "merge (default: what the table omits stays) or replace (what it omits is deleted)"),
                opt("note", "string", "the release note"),
            ])
            .bytes()
            .created::<StatLoaded>()
            .errors(&[401, 403, 404]),
        load,
    )
    .add(
        Method::Post,
        "/api/stats/datasets/{code}/publish",
        Doc::new("stats", "Publish or withdraw a dataset (needs a release and the required GD Catalog fields)")
            .body::<StatPublication>()
            .response::<StatDatasetSummary>()
            .errors(&[401, 403, 404, 409]),
        publish,
    )
    .add(
        Method::Get,
        "/api/stats/datasets/{code}/disclosure",
        Doc::new("stats", "A dataset's disclosure control and what it does to the latest release (its statisticians and admins)")
            .response::<StatDisclosureState>()
            .errors(&[401, 403, 404]),
        disclosure_state,
    )
    .add(
        Method::Put,
        "/api/stats/datasets/{code}/disclosure",
        Doc::new("stats", "Set a dataset's disclosure control (off, suppression by minimum frequency, (n,k) dominance, p %, or random rounding); refused (422, naming the cells) when the published release could not be protected")
            .body::<StatDisclosureChange>()
            .response::<StatDisclosureState>()
            .errors(&[401, 403, 404, 409]),
        set_disclosure,
    )
}

/// The wire form of a setting.
pub(crate) fn disclosure_view(d: &Disclosure) -> StatDisclosure {
    match d {
        Disclosure::Off => StatDisclosure { method: "off".into(), ..StatDisclosure::default() },
        Disclosure::Suppression(s) => StatDisclosure {
            method: "suppression".into(),
            count_indicator: Some(s.count_indicator.clone()),
            value_indicator: s.value_indicator.clone(),
            contribution_indicators: s.contribution_indicators.clone(),
            min_frequency: s.min_frequency,
            dominance_n: s.dominance.map(|(n, _)| n),
            dominance_k: s.dominance.map(|(_, k)| k),
            p_percent: s.p_percent,
            protection_level: Some(s.protection_level),
            base: None,
        },
        Disclosure::Rounding(r) => StatDisclosure {
            method: "rounding".into(),
            count_indicator: Some(r.count_indicator.clone()),
            base: Some(r.base),
            ..StatDisclosure::default()
        },
    }
}

/// A setting from its wire (or form) form; what is missing is named.
pub(crate) fn disclosure_input(v: StatDisclosure) -> Result<Disclosure, ServiceError> {
    let count = || {
        v.count_indicator.clone().filter(|c| !c.trim().is_empty()).map(|c| c.trim().to_owned()).ok_or_else(|| {
            field_error("count_indicator", "ต้องเลือกตัวชี้วัดที่เป็นจำนวนนับ", "choose the indicator that holds the counts")
        })
    };
    match v.method.as_str() {
        "off" => Ok(Disclosure::Off),
        "suppression" => {
            let dominance = match (v.dominance_n, v.dominance_k) {
                (None, None) => None,
                (Some(n), Some(k)) => Some((n, k)),
                _ => {
                    return Err(field_error(
                        "dominance",
                        "กฎ (n,k) ต้องระบุทั้ง n และ k",
                        "the (n,k) rule needs both n and k",
                    ));
                }
            };
            Ok(Disclosure::Suppression(Suppression {
                count_indicator: count()?,
                value_indicator: v.value_indicator.filter(|c| !c.trim().is_empty()).map(|c| c.trim().to_owned()),
                contribution_indicators: v
                    .contribution_indicators
                    .iter()
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty())
                    .collect(),
                min_frequency: v.min_frequency,
                dominance,
                p_percent: v.p_percent,
                protection_level: v.protection_level.unwrap_or(0.0),
            }))
        }
        "rounding" => Ok(Disclosure::Rounding(Rounding {
            count_indicator: count()?,
            base: v.base.ok_or_else(|| field_error("base", "ต้องระบุฐานการปัด", "give the rounding base"))?,
        })),
        other => Err(field_error(
            "method",
            &format!("วิธี \"{other}\" ไม่รู้จัก ใช้ off, suppression หรือ rounding"),
            &format!("unknown method \"{other}\": use off, suppression or rounding"),
        )),
    }
}

async fn state_of(state: &AppState, caller: &Caller, code: &str) -> AppResult<StatDisclosureState> {
    let s = state.service.stat_disclosure(&caller.actor, code).await?;
    let row = state.service.stat_dataset(&caller.actor, code).await?;
    let (latest, refusal) = match s.latest {
        None => (None, None),
        Some(Ok(p)) => (
            Some(StatProtection {
                tables: p.tables as u64,
                primary: p.primary as u64,
                secondary: p.secondary as u64,
                rounded: p.rounded as u64,
            }),
            None,
        ),
        Some(Err(e)) => (None, Some(e.messages())),
    };
    Ok(StatDisclosureState {
        dataset: row.dataset.id.clone(),
        version: row.version,
        disclosure: disclosure_view(&s.disclosure),
        latest,
        refusal_th: refusal.as_ref().map(|r| r.0.clone()),
        refusal_en: refusal.map(|r| r.1),
        withheld_releases: s.withheld_releases,
    })
}

async fn disclosure_state(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(code): PathParams<String>,
) -> AppResult<Json<StatDisclosureState>> {
    Ok(Json(state_of(&state, &caller, &code).await?))
}

async fn set_disclosure(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(code): PathParams<String>,
    Body(input): Body<StatDisclosureChange>,
) -> AppResult<Json<StatDisclosureState>> {
    let disclosure = disclosure_input(input.disclosure)?;
    state.service.set_stat_disclosure(&caller.actor, &code, input.version, disclosure).await?;
    Ok(Json(state_of(&state, &caller, &code).await?))
}

fn definition(input: NewStatDataset) -> Result<tidtam_stats::model::Dataset, AppError> {
    let mut dimensions = Vec::new();
    for (i, d) in input.dimensions.iter().enumerate() {
        dimensions.push(DimensionId::parse(d).ok_or_else(|| {
            invalid(
                &format!("dimensions[{i}]"),
                "มิติต้องเป็น INDICATOR, AREA, SEX หรือ AGE",
                "a dimension is INDICATOR, AREA, SEX or AGE",
            )
        })?);
    }
    let mut metadata = tidtam_stats::gdc::GdcMetadata::default();
    for (key, value) in input.metadata {
        let value = match value {
            serde_json::Value::String(t) => GdcValue::Text(t),
            serde_json::Value::Array(list) => GdcValue::List(
                list.into_iter()
                    .map(|v| match v {
                        serde_json::Value::String(t) => Ok(t),
                        _ => Err(invalid(
                            &format!("metadata.{key}"),
                            "ค่าในรายการต้องเป็นข้อความ",
                            "list values must be strings",
                        )),
                    })
                    .collect::<Result<_, _>>()?,
            ),
            _ => {
                return Err(invalid(
                    &format!("metadata.{key}"),
                    "ค่าต้องเป็นข้อความหรือรายการข้อความ",
                    "a value is a string or a list of strings",
                ));
            }
        };
        metadata.0.insert(key, value);
    }
    Ok(tidtam_stats::model::Dataset {
        id: input.id,
        title_th: input.title_th,
        title_en: input.title_en,
        description_th: input.description_th,
        sector: input.sector,
        dimensions,
        indicators: input
            .indicators
            .into_iter()
            .map(|i| tidtam_stats::model::Indicator {
                code: i.code,
                name_th: i.name_th,
                name_en: i.name_en,
                unit_th: i.unit_th,
                unit_en: i.unit_en,
                unit_mult: i.unit_mult,
            })
            .collect(),
        metadata,
        disclosure: Default::default(),
    })
}

async fn define(
    State(state): State<AppState>,
    caller: Caller,
    Body(input): Body<NewStatDataset>,
) -> AppResult<(axum::http::StatusCode, Json<StatDatasetSummary>)> {
    let agency_id = input.agency_id;
    let dataset = definition(input)?;
    let row = state.service.define_stat_dataset(&caller.actor, agency_id, dataset).await?;
    let sectors = state.service.stat_codelist(SECTOR).await?;
    Ok((axum::http::StatusCode::CREATED, Json(summary(&row, &sectors))))
}

#[derive(Deserialize)]
struct LoadQuery {
    file_name: String,
    mapping: Option<String>,
    mode: Option<String>,
    note: Option<String>,
}

impl LoadQuery {
    fn mapping(&self) -> Result<Option<tidtam_stats::load::Mapping>, AppError> {
        self.mapping
            .as_deref()
            .map(|m| {
                serde_json::from_str(m).map_err(|e| {
                    invalid("mapping", &format!("อ่านการจับคู่คอลัมน์ไม่ได้: {e}"), &format!("the mapping cannot be read: {e}"))
                })
            })
            .transpose()
    }
}

/// The table in the body; the public is refused before a byte is read.
async fn table(caller: &Caller, body: axum::body::Body) -> Result<Vec<u8>, AppError> {
    if caller.session.is_none() {
        return Err(ServiceError::Unauthenticated.into());
    }
    let bytes = axum::body::to_bytes(body, MAX_TABLE_BYTES).await.map_err(|_| AppError::too_large(MAX_TABLE_BYTES))?;
    Ok(bytes.to_vec())
}

async fn preview_load(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(code): PathParams<String>,
    Params(query): Params<LoadQuery>,
    body: axum::body::Body,
) -> AppResult<Json<StatPreview>> {
    let mapping = query.mapping()?;
    let bytes = table(&caller, body).await?;
    let preview = state.service.preview_stat_load(&caller.actor, &code, &query.file_name, bytes, mapping).await?;
    let row = state.service.stat_dataset(&caller.actor, &code).await?;
    let dims = row.dataset.dimensions;
    Ok(Json(StatPreview {
        observations: preview.observations.len() as u64,
        sample: preview.observations.iter().take(50).map(|o| observation(&dims, o)).collect(),
        sample_cells: preview.cells.iter().take(50).cloned().collect(),
        problems: preview
            .problems
            .into_iter()
            .map(|p| StatProblem {
                cell: p.cell,
                kind: serde_json::to_value(p.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
                message_th: p.message_th,
                message_en: p.message_en,
            })
            .collect(),
        footnotes: preview.footnotes,
    }))
}

async fn load(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(code): PathParams<String>,
    Params(query): Params<LoadQuery>,
    body: axum::body::Body,
) -> AppResult<(axum::http::StatusCode, Json<StatLoaded>)> {
    let mapping = query.mapping()?;
    let mode = match query.mode.as_deref() {
        None | Some("merge") => tidtam_stats::release::LoadMode::Merge,
        Some("replace") => tidtam_stats::release::LoadMode::Replace,
        Some(_) => return Err(invalid("mode", "mode ต้องเป็น merge หรือ replace", "mode is merge or replace")),
    };
    let bytes = table(&caller, body).await?;
    let note = query.note.clone().unwrap_or_default();
    let outcome =
        state.service.load_stat_release(&caller.actor, &code, &query.file_name, bytes, mapping, mode, &note).await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(StatLoaded {
            release: outcome.release,
            added: outcome.added,
            revised: outcome.revised,
            deleted: outcome.deleted,
        }),
    ))
}

async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(code): PathParams<String>,
    Body(input): Body<StatPublication>,
) -> AppResult<Json<StatDatasetSummary>> {
    let row = state.service.publish_stat_dataset(&caller.actor, &code, input.version, input.published).await?;
    let sectors = state.service.stat_codelist(SECTOR).await?;
    Ok(Json(summary(&row, &sectors)))
}

fn observation(dims: &[DimensionId], o: &Observation) -> StatObservation {
    StatObservation {
        key: dims.iter().map(|d| d.id().to_owned()).zip(o.series.iter().cloned()).collect::<BTreeMap<_, _>>(),
        period: o.period.sdmx(),
        period_th: o.period.label_th(),
        value: o.value,
        status: o.status.code().to_owned(),
    }
}

fn time(at: jiff::Timestamp) -> String {
    at.to_string()
}

fn summary(row: &StatDatasetRow, sectors: &Codelist) -> StatDatasetSummary {
    let d = &row.dataset;
    StatDatasetSummary {
        id: d.id.clone(),
        name: d.ckan_name(),
        title_th: d.title_th.clone(),
        title_en: d.title_en.clone(),
        agency_id: row.agency_id,
        agency_name: row.agency_name.clone(),
        sector: d.sector.clone(),
        sector_th: sectors.get(&d.sector).map(|c| c.name_th.clone()).unwrap_or_default(),
        published: row.published,
        releases: row.releases,
        last_release_at: row.last_release_at.map(time),
        modified_at: time(row.modified_at),
        version: row.version,
    }
}

#[derive(Deserialize)]
struct ListQuery {
    q: Option<String>,
    page: Option<u32>,
    per_page: Option<u32>,
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<ListQuery>,
) -> AppResult<Json<Page<StatDatasetSummary>>> {
    let request = page_request(query.page, query.per_page);
    let filter = StatFilter { terms: search_terms(query.q.as_deref().unwrap_or("")), ..StatFilter::default() };
    let offset = i64::from(request.page - 1) * i64::from(request.per_page);
    let (rows, total) =
        state.service.stat_datasets(&caller.actor, &filter, i64::from(request.per_page), offset).await?;
    let sectors = state.service.stat_codelist(SECTOR).await?;
    Ok(Json(Page {
        items: rows.iter().map(|r| summary(r, &sectors)).collect(),
        total,
        page: request.page,
        per_page: request.per_page,
    }))
}

async fn detail(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(code): PathParams<String>,
) -> AppResult<Json<StatDatasetDetail>> {
    let (row, history) = state.service.stat_history(&caller.actor, &code).await?;
    let sectors = state.service.stat_codelist(SECTOR).await?;
    let d = &row.dataset;
    Ok(Json(StatDatasetDetail {
        summary: summary(&row, &sectors),
        description_th: d.description_th.clone(),
        dimensions: d.dimensions.iter().map(|x| x.id().to_owned()).collect(),
        indicators: d
            .indicators
            .iter()
            .map(|i| StatIndicator {
                code: i.code.clone(),
                name_th: i.name_th.clone(),
                name_en: i.name_en.clone(),
                unit_th: i.unit_th.clone(),
                unit_en: i.unit_en.clone(),
                unit_mult: i.unit_mult,
            })
            .collect(),
        metadata: d
            .metadata
            .0
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    GdcValue::Text(t) => serde_json::json!(t),
                    GdcValue::List(l) => serde_json::json!(l),
                };
                (k.clone(), value)
            })
            .collect(),
        history: history
            .releases
            .iter()
            .map(|r| StatRelease { number: r.number, published_at: time(r.published_at), note: r.note.clone() })
            .collect(),
    }))
}

#[derive(Deserialize)]
struct DataQueryParams {
    indicator: Option<String>,
    area: Option<String>,
    sex: Option<String>,
    age: Option<String>,
    start: Option<String>,
    end: Option<String>,
    release: Option<u32>,
    as_of: Option<String>,
}

fn field_error(field: &str, th: &str, en: &str) -> ServiceError {
    ServiceError::Invalid(vec![tidtam_domain::model::FieldError::new(field, th, en)])
}

fn invalid(field: &str, th: &str, en: &str) -> AppError {
    ServiceError::Invalid(vec![tidtam_domain::model::FieldError::new(field, th, en)]).into()
}

/// Starts the read a data request asks for: the release (or date) and the
/// filters by dimension and period.
async fn start_read(state: &AppState, caller: &Caller, code: &str, q: &DataQueryParams) -> AppResult<StatRead> {
    let choice = match (q.release, q.as_of.as_deref()) {
        (Some(n), _) => ReleaseChoice::Number(n),
        (None, Some(date)) => ReleaseChoice::AsOf(
            date.parse().map_err(|_| invalid("as_of", "วันที่ต้องเป็น YYYY-MM-DD (ค.ศ.)", "as_of must be YYYY-MM-DD"))?,
        ),
        (None, None) => ReleaseChoice::Latest,
    };
    let row = state.service.stat_dataset(&caller.actor, code).await?;
    let mut key: Vec<Option<Vec<String>>> = vec![None];
    for d in &row.dataset.dimensions {
        let given = match d {
            DimensionId::Indicator => &q.indicator,
            DimensionId::Area => &q.area,
            DimensionId::Sex => &q.sex,
            DimensionId::Age => &q.age,
        };
        key.push(given.as_ref().map(|v| v.split(',').map(|c| c.trim().to_owned()).collect()));
    }
    let mut query = DataQuery { key, ..DataQuery::default() };
    if let Some(start) = &q.start {
        query.start = Some(
            DataQuery::parse_period_bound(start, false).map_err(|e| invalid("start", &e.message_th, &e.message_en))?,
        );
    }
    if let Some(end) = &q.end {
        query.end =
            Some(DataQuery::parse_period_bound(end, true).map_err(|e| invalid("end", &e.message_th, &e.message_en))?);
    }
    Ok(state.service.read_stat_data(&caller.actor, code, choice, query).await?)
}

/// The observations a data request selects, with the release read (answers that are one document).
async fn select(
    state: &AppState,
    caller: &Caller,
    code: &str,
    q: &DataQueryParams,
) -> AppResult<(u32, Vec<Observation>, Vec<DimensionId>)> {
    let read = start_read(state, caller, code, q).await?;
    let release = read.release();
    let (row, entries) = read.collect().await?;
    Ok((release, entries.into_iter().map(|e| e.observation).collect(), row.dataset.dimensions))
}

async fn data_json(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(code): PathParams<String>,
    Params(query): Params<DataQueryParams>,
) -> AppResult<Json<StatData>> {
    let (release, observations, dims) = select(&state, &caller, &code, &query).await?;
    let observations = observations.iter().map(|o| observation(&dims, o)).collect();
    Ok(Json(StatData { dataset: code, release, observations }))
}

/// An answer written a chunk of whole series at a time (see [`stream_body`]).
pub(crate) trait ChunkWriter: Send + 'static {
    /// What comes before the first observation.
    fn start(&self, out: &mut Vec<u8>) -> std::io::Result<()>;
    fn chunk(&self, entries: &[Entry], out: &mut Vec<u8>) -> std::io::Result<()>;
    /// What comes after the last.
    fn end(&self, out: &mut Vec<u8>) -> std::io::Result<()>;
}

/// A response body that writes `first` (already read, so an empty answer could
/// be refused before answering), then each further chunk of `read` as it is
/// read from the store: the server holds one page at a time, whatever the
/// dataset's size. A store error after the answer has started ends the body
/// early (the client sees a truncated transfer).
pub(crate) fn stream_body(read: StatRead, first: Vec<Entry>, writer: impl ChunkWriter) -> axum::body::Body {
    let mut head = Vec::new();
    writer.start(&mut head).expect("writing to memory");
    let state = Some((read, Some(first), writer, head));
    let chunks = futures_util::stream::unfold(state, |state| async move {
        let (mut read, pending, writer, mut out) = state?;
        let next = match pending {
            Some(entries) => Ok(Some(entries)),
            None => read.next_chunk().await,
        };
        match next {
            Ok(Some(entries)) => {
                writer.chunk(&entries, &mut out).expect("writing to memory");
                Some((Ok(axum::body::Bytes::from(out)), Some((read, None, writer, Vec::new()))))
            }
            Ok(None) => {
                writer.end(&mut out).expect("writing to memory");
                Some((Ok(axum::body::Bytes::from(out)), None))
            }
            Err(e) => Some((Err(std::io::Error::other(format!("reading the dataset: {e}"))), None)),
        }
    });
    axum::body::Body::from_stream(chunks)
}

/// The plain CSV of a dataset: a byte-order mark so Excel reads the Thai as
/// UTF-8, the dimensions, the period in SDMX and in Thai, value and status.
struct PlainCsv {
    dimensions: Vec<DimensionId>,
}

impl ChunkWriter for PlainCsv {
    fn start(&self, out: &mut Vec<u8>) -> std::io::Result<()> {
        let header: Vec<&str> = self.dimensions.iter().map(|d| d.id()).collect();
        writeln!(out, "\u{feff}{},TIME_PERIOD,PERIOD_TH,OBS_VALUE,OBS_STATUS", header.join(","))
    }

    fn chunk(&self, entries: &[Entry], out: &mut Vec<u8>) -> std::io::Result<()> {
        for o in entries.iter().map(|e| &e.observation) {
            let codes: Vec<String> = o.series.iter().map(|c| tidtam_stats::sdmx::csv::field(c)).collect();
            let value = o.value.map(|v| v.to_string()).unwrap_or_default();
            writeln!(
                out,
                "{},{},{},{value},{}",
                codes.join(","),
                o.period,
                tidtam_stats::sdmx::csv::field(&Period::label_th(o.period)),
                o.status.code()
            )?;
        }
        Ok(())
    }

    fn end(&self, _: &mut Vec<u8>) -> std::io::Result<()> {
        Ok(())
    }
}

async fn data_csv(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(code): PathParams<String>,
    Params(query): Params<DataQueryParams>,
) -> AppResult<Response> {
    let mut read = start_read(&state, &caller, &code, &query).await?;
    let first = read.next_chunk().await?.unwrap_or_default();
    let writer = PlainCsv { dimensions: read.row.dataset.dimensions.clone() };
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], stream_body(read, first, writer)).into_response())
}

/// The symbols a workbook explains, and what its dataset's disclosure control did.
pub(crate) fn symbol_legend(d: &Disclosure) -> (Vec<(String, String, String)>, Vec<String>) {
    use tidtam_stats::model::ObsStatus;
    let legend = ObsStatus::ALL
        .iter()
        .map(|s| {
            let (th, en) = match s {
                ObsStatus::Confidential => (
                    "ปกปิดเพื่อรักษาความลับของผู้ให้ข้อมูล (ไม่แสดงค่า)",
                    "Confidential: withheld to protect respondents (no value)",
                ),
                other => (other.name_th(), other.name_en()),
            };
            (s.code().to_owned(), th.to_owned(), en.to_owned())
        })
        .collect();
    let notes = match d {
        Disclosure::Off => Vec::new(),
        Disclosure::Suppression(s) => {
            let mut v = vec![
                "ชุดข้อมูลนี้ควบคุมการเปิดเผยข้อมูล: ช่องที่มีผู้ให้ข้อมูลน้อยเกินไปหรือมีรายใหญ่ครอบงำไม่แสดงค่า (สัญลักษณ์ C) และปกปิดบางช่องเพิ่มเพื่อไม่ให้คำนวณย้อนจากยอดรวมได้".to_owned(),
                "This dataset is under disclosure control: cells with too few contributors or a dominant one have no value (symbol C), and some other cells are withheld so that they cannot be derived from the totals.".to_owned(),
            ];
            if let Some(n) = s.min_frequency {
                v.push(format!(
                    "ความถี่ต่ำสุด: ช่องที่มีน้อยกว่า {n} ราย / minimum frequency: cells of fewer than {n} contributors"
                ));
            }
            v
        }
        Disclosure::Rounding(r) => vec![format!(
            "จำนวนนับปัดแบบสุ่มเป็นพหุคูณของ {b} ยอดรวมเป็นผลบวกของค่าที่ปัดแล้ว / counts are randomly rounded to multiples of {b}; totals are the sums of the rounded values",
            b = r.base
        )],
    };
    (legend, notes)
}

async fn data_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(code): PathParams<String>,
    Params(query): Params<DataQueryParams>,
) -> AppResult<crate::routes::exports::Attachment> {
    let (release, observations, dims) = select(&state, &caller, &code, &query).await?;
    let row = state.service.stat_dataset(&caller.actor, &code).await?;
    let data = StatData {
        dataset: code.clone(),
        release,
        observations: observations.iter().map(|o| observation(&dims, o)).collect(),
    };
    let dimensions: Vec<String> = dims.iter().map(|d| d.id().to_owned()).collect();
    let (legend, notes) = symbol_legend(&row.dataset.disclosure);
    let title = format!("{} (รุ่นที่ {release})", row.dataset.title_th);
    let bytes = crate::routes::exports::render(move || {
        tidtam_export::stat_data_xlsx(&title, &dimensions, &data, &legend, &notes)
    })
    .await?;
    Ok(crate::routes::exports::Attachment {
        bytes,
        content_type: crate::routes::exports::XLSX,
        name: format!("{code}.xlsx"),
        ascii_name: format!("{code}.xlsx"),
    })
}
