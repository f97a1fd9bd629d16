//! SDMX 2.1 REST under `/sdmx`: `dataflow`, `datastructure`, `codelist`,
//! `conceptscheme` and `data`, with the spec's content negotiation and status
//! codes (404 no results, 406 no acceptable format, 501 not implemented).
//!
//! What `sdmx1` sends (`…/dataflow/TH_NSO/all/latest?references=all`,
//! `…/data/DF/A.M01+M02.TH-10?startPeriod=2020`) is served unchanged; the
//! keywords `all` and `latest` are accepted wherever the spec allows them.
//! Every answer is rendered by `tidtam_stats::sdmx`; errors are SDMX-ML Error
//! messages. A signed-in caller sees its agency's drafts, as everywhere.
//!
//! Data answers take `includeHistory=true` (every release as a Replace and a
//! Delete data set with its validity, see `history_answer`) and any
//! `dimensionAtObservation` of the structure (time series, `AllDimensions`,
//! cross-sections).

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::VecDeque;
use tidtam_service::stats::{StatDatasetRow, StatFilter, StatSort};

use tidtam_service::stats_read::{ReleaseChoice, StatRead};
use tidtam_service::{Actor, ServiceError};
use tidtam_stats::codelist::{self, AGENCY};
use tidtam_stats::model::ObsStatus;
use tidtam_stats::scan::{Entry, Want};
use tidtam_stats::sdmx::{
    self, Action, CONCEPTS, Context, DataQuery, DataSetInfo, DataSetPart, Item, ObsDim, VERSION, json, ml,
};

use crate::AppState;
use crate::api::{Api, Doc, Method, opt};
use crate::extract::Caller;
use crate::routes::stats::{ChunkWriter, stream_body};

const XML: &str = "application/xml";

/// An SDMX-ML Error message with its status.
pub struct SdmxError {
    status: StatusCode,
    text: String,
}

impl SdmxError {
    fn new(status: StatusCode, text: impl Into<String>) -> SdmxError {
        SdmxError { status, text: text.into() }
    }

    fn not_found(what: &str) -> SdmxError {
        SdmxError::new(StatusCode::NOT_FOUND, format!("No results found: {what}"))
    }
}

impl From<ServiceError> for SdmxError {
    fn from(error: ServiceError) -> SdmxError {
        match error {
            ServiceError::NotFound => SdmxError::not_found("no such dataflow"),
            other => SdmxError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("internal error ({})", other.code())),
        }
    }
}

impl IntoResponse for SdmxError {
    fn into_response(self) -> Response {
        let mut body = Vec::new();
        ml::write_error(&mut body, self.status.as_u16(), &self.text).expect("writing to memory");
        (self.status, [(header::CONTENT_TYPE, XML)], body).into_response()
    }
}

type SdmxResult = Result<Response, SdmxError>;

const STRUCTURE_TYPES: &[&str] = &["application/vnd.sdmx.structure+xml", "application/vnd.sdmx.structure+json"];
const DATA_TYPES: &[&str] = &[
    "application/vnd.sdmx.genericdata+xml",
    "application/vnd.sdmx.structurespecificdata+xml",
    "application/vnd.sdmx.data+json",
    "application/vnd.sdmx.data+csv",
];
const STRUCTURE_PARAMS: [crate::api::Param; 2] = [
    opt("references", "string", "none, parents, parentsandsiblings, children, descendants or all"),
    opt("detail", "string", "full (others are answered in full)"),
];

pub fn routes(api: Api) -> Api {
    let structure = |summary| {
        Doc::new("sdmx", summary).query(&STRUCTURE_PARAMS).media(STRUCTURE_TYPES).error_media(XML).errors(&[404, 406])
    };
    let data_params = [
        opt("startPeriod", "string", "first period (2020, 2020-Q1, 2020-01 or a date)"),
        opt("endPeriod", "string", "last period"),
        opt("updatedAfter", "string", "only what changed after this instant (ISO 8601), deletions included"),
        opt("firstNObservations", "integer", "the first N observations of each series"),
        opt("lastNObservations", "integer", "the last N observations of each series"),
        opt(
            "dimensionAtObservation",
            "string",
            "TIME_PERIOD (time series, the default), AllDimensions (flat observations) or a dimension id (cross-sections keyed by it); another id is a 400",
        ),
        opt("detail", "string", "full, dataonly, serieskeysonly or nodata (the last two not in SDMX-CSV)"),
        opt(
            "includeHistory",
            "string",
            "true: every release in order, a Replace data set of what it added or revised and a Delete one of what it removed, with validFromDate/validToDate (406 in SDMX-CSV 1.0, which has no ACTION column)",
        ),
        opt("format", "string", "genericdata, structurespecificdata, jsondata, csv or csv2 (instead of Accept)"),
    ];
    let data = |summary| {
        Doc::new("sdmx", summary).query(&data_params).media(DATA_TYPES).error_media(XML).errors(&[400, 404, 406, 501])
    };
    api.add(
        Method::Get,
        "/sdmx/dataflow/{agency_id}/{resource_id}/{version}",
        structure("SDMX dataflows (`all` for every one); references=all adds structures, code lists and concepts"),
        dataflow,
    )
    .add(
        Method::Get,
        "/sdmx/datastructure/{agency_id}/{resource_id}/{version}",
        structure("SDMX data structure definitions, with code lists and concepts on references=children|all"),
        datastructure,
    )
    .add(Method::Get, "/sdmx/codelist/{agency_id}/{resource_id}/{version}", structure("SDMX code lists"), codelist)
    .add(
        Method::Get,
        "/sdmx/conceptscheme/{agency_id}/{resource_id}/{version}",
        structure("The SDMX concept scheme of the hub"),
        conceptscheme,
    )
    .add(Method::Get, "/sdmx/data/{flow_ref}", data("SDMX data of a dataflow (every series)"), data_all)
    .add(
        Method::Get,
        "/sdmx/data/{flow_ref}/{key}",
        data("SDMX data by key (`A.M01+M02.TH-10`, empty positions = any)"),
        data_key,
    )
    .add(
        Method::Get,
        "/sdmx/data/{flow_ref}/{key}/{provider_ref}",
        data("SDMX data by key and data provider (`all`, or the agency)"),
        data_provider,
    )
    .add(
        Method::Get,
        "/sdmx/{resource}/{agency_id}/{resource_id}/{version}",
        Doc::new("sdmx", "Other SDMX structural resources: 501 for those of the standard, 404 otherwise")
            .media(STRUCTURE_TYPES)
            .error_media(XML)
            .errors(&[404, 501]),
        other_resource,
    )
}

/// Query parameters, as given (the spec's names are camelCase).
fn params(raw: Option<String>) -> Result<Vec<(String, String)>, SdmxError> {
    query_pairs(raw).map_err(|message| SdmxError::new(StatusCode::BAD_REQUEST, message))
}

/// Decoded query pairs that pass the API's text rule (no control characters,
/// bounded length); the error names the first parameter that does not.
pub(crate) fn query_pairs(raw: Option<String>) -> Result<Vec<(String, String)>, String> {
    let raw = raw.unwrap_or_default();
    let pairs: Vec<(String, String)> = raw
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect();
    let problems = tidtam_service::input::field_problems(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if let Some(problem) = problems.first() {
        return Err(format!("{}: {}", problem.field, problem.message_en));
    }
    Ok(pairs)
}

/// Percent-decoding of a query component (`+` is a space in a query string).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A parameter's value; an empty value is no value (the spec's default applies).
pub(crate) fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, v)| k.eq_ignore_ascii_case(name) && !v.is_empty()).map(|(_, v)| v.as_str())
}

/// The media type an `Accept` header asks for among `offered` (in the header's
/// order, `q=0` excluded); `None`: nothing acceptable (406).
fn negotiate(headers: &HeaderMap, offered: &[(&str, &'static str)]) -> Option<&'static str> {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("*/*");
    let mut ranges: Vec<(f32, usize, String, String)> = Vec::new();
    for (i, part) in accept.split(',').enumerate() {
        let mut pieces = part.split(';').map(str::trim);
        let media = pieces.next().unwrap_or("").to_ascii_lowercase();
        let mut q = 1.0f32;
        let mut version = String::new();
        for p in pieces {
            if let Some(v) = p.strip_prefix("q=") {
                q = v.parse().unwrap_or(0.0);
            } else if let Some(v) = p.strip_prefix("version=") {
                version = v.to_owned();
            }
        }
        if q > 0.0 && !media.is_empty() {
            ranges.push((q, i, media, version));
        }
    }
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, media, version) in &ranges {
        for (pattern, chosen) in offered {
            let (p_media, p_version) = pattern.split_once(";version=").unwrap_or((pattern, ""));
            let matches = media == p_media
                || media == "*/*"
                || (media.ends_with("/*") && p_media.starts_with(&media[..media.len() - 1]));
            if matches && (p_version.is_empty() || version.is_empty() || version.starts_with(p_version)) {
                // A wildcard takes the first offer, which is the default.
                return Some(if media.contains('*') { offered[0].1 } else { chosen });
            }
        }
    }
    None
}

fn check_agency(agency: &str) -> Result<(), SdmxError> {
    if agency == "all" || agency == "*" || agency.eq_ignore_ascii_case(AGENCY) {
        Ok(())
    } else {
        Err(SdmxError::not_found(&format!("no artefacts of agency {agency}")))
    }
}

fn check_version(version: &str) -> Result<(), SdmxError> {
    if matches!(version, "latest" | "all" | "*" | "+" | "~") || version == VERSION {
        Ok(())
    } else {
        Err(SdmxError::not_found(&format!("no version {version}")))
    }
}

/// The datasets a structure query names: `all` or one id.
async fn datasets(state: &AppState, actor: &Actor, id: &str) -> Result<Vec<StatDatasetRow>, SdmxError> {
    if matches!(id, "all" | "*") {
        let filter = StatFilter { sort: StatSort::CodeAsc, ..StatFilter::default() };
        let (rows, _) = state.service.stat_datasets(actor, &filter, 1000, 0).await?;
        Ok(rows)
    } else {
        Ok(vec![state.service.stat_dataset(actor, id).await?])
    }
}

/// The structure format and whether references are wanted.
fn structure_request(headers: &HeaderMap, pairs: &[(String, String)]) -> Result<(bool, bool), SdmxError> {
    let json = match negotiate(
        headers,
        &[
            ("application/vnd.sdmx.structure+xml", "xml"),
            ("application/xml", "xml"),
            ("text/xml", "xml"),
            ("application/vnd.sdmx.structure+json", "json"),
            ("application/json", "json"),
        ],
    ) {
        Some(kind) => kind == "json",
        None => return Err(SdmxError::new(StatusCode::NOT_ACCEPTABLE, "none of the accepted media types is offered")),
    };
    let references = param(pairs, "references").unwrap_or("none").to_ascii_lowercase();
    let with_children = matches!(references.as_str(), "children" | "descendants" | "all");
    Ok((json, with_children))
}

fn structure_response(json: bool, structures: &ml::Structures) -> SdmxResult {
    let id = message_id();
    let mut body = Vec::new();
    let prepared = jiff::Timestamp::now();
    let media = if json {
        json::write_structure(&mut body, &id, prepared, structures).expect("writing to memory");
        "application/vnd.sdmx.structure+json; version=1.0.0; charset=utf-8"
    } else {
        ml::write_structure(&mut body, &id, prepared, structures).expect("writing to memory");
        "application/vnd.sdmx.structure+xml; version=2.1"
    };
    Ok(([(header::CONTENT_TYPE, media)], body).into_response())
}

/// A message id unique enough for logs: the time in microseconds.
fn message_id() -> String {
    format!("IREF{}", jiff::Timestamp::now().as_microsecond())
}

fn structures_of<'a>(rows: &'a [StatDatasetRow], with_flow: bool, with_children: bool) -> ml::Structures<'a> {
    let mut s = ml::Structures::default();
    for row in rows {
        if with_flow {
            s.dataflows.push(&row.dataset);
        }
        if with_children || !with_flow {
            s.structures.push(&row.dataset);
        }
        if with_children {
            for cl in ml::codelists_of(&row.dataset) {
                if !s.codelists.iter().any(|c| c.id == cl.id) {
                    s.codelists.push(cl);
                }
            }
            s.concepts = true;
        }
    }
    s
}

async fn dataflow(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((agency, id, version)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
) -> SdmxResult {
    let pairs = params(query)?;
    check_agency(&agency)?;
    check_version(&version)?;
    let (json, with_children) = structure_request(&headers, &pairs)?;
    let rows = datasets(&state, &caller.actor, &id).await?;
    if rows.is_empty() {
        return Err(SdmxError::not_found("no dataflows"));
    }
    structure_response(json, &structures_of(&rows, true, with_children))
}

async fn datastructure(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((agency, id, version)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
) -> SdmxResult {
    let pairs = params(query)?;
    check_agency(&agency)?;
    check_version(&version)?;
    let (json, with_children) = structure_request(&headers, &pairs)?;
    let flow = match id.as_str() {
        "all" | "*" => "all",
        other => other.strip_prefix("DSD_").ok_or_else(|| SdmxError::not_found(&format!("no structure {other}")))?,
    };
    let rows = datasets(&state, &caller.actor, flow).await?;
    if rows.is_empty() {
        return Err(SdmxError::not_found("no data structures"));
    }
    structure_response(json, &structures_of(&rows, false, with_children))
}

async fn codelist(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((agency, id, version)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
) -> SdmxResult {
    let pairs = params(query)?;
    check_agency(&agency)?;
    check_version(&version)?;
    let (json, _) = structure_request(&headers, &pairs)?;
    let mut lists = vec![
        codelist::area(),
        codelist::sex(),
        codelist::age(),
        codelist::freq(),
        ObsStatus::codelist(),
        codelist::unit_mult(),
        // As the hub keeps it: administrators may add and rename sectors.
        state.service.stat_codelist(codelist::SECTOR).await?,
    ];
    // Each dataset's indicator list is a code list too.
    let rows = datasets(&state, &caller.actor, "all").await?;
    lists.extend(rows.iter().map(|r| r.dataset.indicator_codelist()));
    let lists: Vec<_> = lists.into_iter().filter(|cl| matches!(id.as_str(), "all" | "*") || cl.id == id).collect();
    if lists.is_empty() {
        return Err(SdmxError::not_found(&format!("no code list {id}")));
    }
    structure_response(json, &ml::Structures { codelists: lists, ..ml::Structures::default() })
}

async fn conceptscheme(
    headers: HeaderMap,
    Path((agency, id, version)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
) -> SdmxResult {
    let pairs = params(query)?;
    check_agency(&agency)?;
    check_version(&version)?;
    let (json, _) = structure_request(&headers, &pairs)?;
    if !matches!(id.as_str(), "all" | "*" | CONCEPTS) {
        return Err(SdmxError::not_found(&format!("no concept scheme {id}")));
    }
    structure_response(json, &ml::Structures { concepts: true, ..ml::Structures::default() })
}

/// Structural resources of SDMX 2.1 REST this server does not offer.
const NOT_IMPLEMENTED: [&str; 16] = [
    "categoryscheme",
    "categorisation",
    "contentconstraint",
    "actualconstraint",
    "allowedconstraint",
    "attachmentconstraint",
    "agencyscheme",
    "dataproviderscheme",
    "dataconsumerscheme",
    "organisationunitscheme",
    "hierarchicalcodelist",
    "metadatastructure",
    "metadataflow",
    "provisionagreement",
    "structureset",
    "process",
];

async fn other_resource(Path((resource, _, _, _)): Path<(String, String, String, String)>) -> SdmxResult {
    if NOT_IMPLEMENTED.contains(&resource.to_ascii_lowercase().as_str()) || resource == "structure" {
        Err(SdmxError::new(StatusCode::NOT_IMPLEMENTED, format!("{resource} is not implemented by this server")))
    } else {
        Err(SdmxError::not_found(&format!("no resource type {resource}")))
    }
}

async fn data_all(
    state: State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(flow): Path<String>,
    query: RawQuery,
) -> SdmxResult {
    data(state, caller, headers, flow, "all".into(), query).await
}

async fn data_key(
    state: State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((flow, key)): Path<(String, String)>,
    query: RawQuery,
) -> SdmxResult {
    data(state, caller, headers, flow, key, query).await
}

async fn data_provider(
    state: State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((flow, key, provider)): Path<(String, String, String)>,
    query: RawQuery,
) -> SdmxResult {
    // The hub is the only data provider; `all` or its agency id name it.
    let provider_agency = provider.split(',').next().unwrap_or("");
    if !(provider == "all" || provider_agency.eq_ignore_ascii_case(AGENCY)) {
        return Err(SdmxError::not_found(&format!("no data provider {provider}")));
    }
    data(state, caller, headers, flow, key, query).await
}

/// The dataflow id of a flowRef: `ID`, `AGENCY,ID` or `AGENCY,ID,VERSION`.
fn flow_id(flow_ref: &str) -> Result<String, SdmxError> {
    let parts: Vec<&str> = flow_ref.split(',').collect();
    let (agency, id, version) = match parts.as_slice() {
        [id] => ("all", *id, "latest"),
        [agency, id] => (*agency, *id, "latest"),
        [agency, id, version] => (*agency, *id, *version),
        _ => return Err(SdmxError::new(StatusCode::BAD_REQUEST, format!("not a flowRef: {flow_ref}"))),
    };
    check_agency(agency)?;
    check_version(version)?;
    Ok(id.to_owned())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum DataFormat {
    Generic,
    StructureSpecific,
    Json,
    Csv1,
    Csv2,
}

fn data_format(headers: &HeaderMap, pairs: &[(String, String)]) -> Result<DataFormat, SdmxError> {
    use DataFormat::*;
    if let Some(format) = param(pairs, "format") {
        return match format.to_ascii_lowercase().as_str() {
            "genericdata" => Ok(Generic),
            "structurespecificdata" => Ok(StructureSpecific),
            "jsondata" => Ok(Json),
            "csv" | "csvfile" => Ok(Csv1),
            "csv2" => Ok(Csv2),
            other => Err(SdmxError::new(StatusCode::NOT_ACCEPTABLE, format!("format {other} is not offered"))),
        };
    }
    let chosen = negotiate(
        headers,
        &[
            ("application/vnd.sdmx.genericdata+xml", "generic"),
            ("application/vnd.sdmx.structurespecificdata+xml", "ss"),
            ("application/vnd.sdmx.data+json", "json"),
            ("application/vnd.sdmx.data+csv;version=2", "csv2"),
            ("application/vnd.sdmx.data+csv", "csv1"),
            ("application/xml", "generic"),
            ("text/xml", "generic"),
            ("application/json", "json"),
            ("text/csv", "csv1"),
        ],
    );
    match chosen {
        Some("generic") => Ok(Generic),
        Some("ss") => Ok(StructureSpecific),
        Some("json") => Ok(Json),
        Some("csv2") => Ok(Csv2),
        Some(_) => Ok(Csv1),
        None => Err(SdmxError::new(StatusCode::NOT_ACCEPTABLE, "none of the accepted media types is offered")),
    }
}

fn bad_request(error: sdmx::QueryError) -> SdmxError {
    SdmxError::new(StatusCode::BAD_REQUEST, error.message_en)
}

fn count(pairs: &[(String, String)], name: &str) -> Result<Option<usize>, SdmxError> {
    param(pairs, name)
        .map(|v| {
            v.parse::<usize>().map_err(|_| SdmxError::new(StatusCode::BAD_REQUEST, format!("{name} must be a count")))
        })
        .transpose()
}

async fn data(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    flow_ref: String,
    key: String,
    RawQuery(query): RawQuery,
) -> SdmxResult {
    let pairs = params(query)?;
    let format = data_format(&headers, &pairs)?;
    // Attributes are always sent, so `dataonly` is `full`; `nodata` is `serieskeysonly`.
    let series_only = match param(&pairs, "detail").map(str::to_ascii_lowercase).as_deref() {
        None | Some("full" | "dataonly") => false,
        Some("serieskeysonly" | "nodata") if !matches!(format, DataFormat::Csv1 | DataFormat::Csv2) => true,
        Some("serieskeysonly" | "nodata") => {
            return Err(SdmxError::new(StatusCode::NOT_IMPLEMENTED, "detail without observations in SDMX-CSV"));
        }
        Some(detail) => {
            return Err(SdmxError::new(StatusCode::BAD_REQUEST, format!("detail={detail} is not a detail")));
        }
    };
    let history = match param(&pairs, "includeHistory").map(str::to_ascii_lowercase).as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(SdmxError::new(StatusCode::BAD_REQUEST, format!("includeHistory={other} is not a boolean")));
        }
    };
    // A history is releases of additions/revisions and of deletions; SDMX-CSV
    // 1.0 has no ACTION column, so it cannot say which rows a release deleted:
    // the query is answerable, this representation of it is not (406, not 501).
    if history && format == DataFormat::Csv1 {
        return Err(SdmxError::new(
            StatusCode::NOT_ACCEPTABLE,
            "includeHistory=true cannot be written as SDMX-CSV 1.0, which has no ACTION column to mark what a release deleted: ask for SDMX-CSV 2.0 (application/vnd.sdmx.data+csv;version=2.0.0), SDMX-ML or SDMX-JSON",
        ));
    }
    let id = flow_id(&flow_ref)?;
    // The key is read against the structure before anything else is read.
    let row = state.service.stat_dataset(&caller.actor, &id).await?;
    let structure = row.dataset.structure();
    let obs_dim = match param(&pairs, "dimensionAtObservation") {
        None => ObsDim::Time,
        Some(dim) => ObsDim::parse(dim, &structure).map_err(bad_request)?,
    };
    let mut query = DataQuery {
        key: DataQuery::parse_key(&key, &structure).map_err(bad_request)?,
        first_n: count(&pairs, "firstNObservations")?,
        last_n: count(&pairs, "lastNObservations")?,
        ..DataQuery::default()
    };
    if let Some(start) = param(&pairs, "startPeriod") {
        query.start = Some(DataQuery::parse_period_bound(start, false).map_err(bad_request)?);
    }
    if let Some(end) = param(&pairs, "endPeriod") {
        query.end = Some(DataQuery::parse_period_bound(end, true).map_err(bad_request)?);
    }
    let updated_after = param(&pairs, "updatedAfter")
        .map(|after| {
            parse_instant(after).ok_or_else(|| {
                SdmxError::new(StatusCode::BAD_REQUEST, format!("updatedAfter is not an instant: {after}"))
            })
        })
        .transpose()?;
    let writer = SdmxWriter {
        format,
        dataset: row.dataset.clone(),
        structure,
        id: message_id(),
        prepared: jiff::Timestamp::now(),
        series_only,
        obs_dim,
    };
    if history {
        return history_answer(&state, &caller.actor, &id, query, updated_after, writer).await;
    }
    // updatedAfter: what changed since, deletions included; otherwise the latest release.
    let choice = match updated_after {
        Some(at) => ReleaseChoice::ChangedAfter(at),
        None => ReleaseChoice::Latest,
    };
    let mut read = state.service.read_stat_data(&caller.actor, &id, choice, query).await?;
    // The first chunk is read before answering, so that no match is a 404, not an empty 200.
    let Some(first) = read.next_chunk().await? else {
        return Err(SdmxError::not_found("no observations match the query"));
    };
    let streams = match format {
        DataFormat::Csv1 | DataFormat::Csv2 => true,
        // One data set of current values streams; changes put deletions in a second data set.
        DataFormat::Generic | DataFormat::StructureSpecific => {
            matches!(read.want, Want::Content { .. }) && writer.streams()
        }
        // One JSON document indexing every value it holds.
        DataFormat::Json => false,
    };
    if streams {
        return Ok(([(header::CONTENT_TYPE, media_type(format))], stream_body(read, first, writer)).into_response());
    }
    let (_, mut rest) = read.collect().await?;
    let mut entries = first;
    entries.append(&mut rest);
    let items: Vec<Item> = entries.iter().map(Entry::item).collect();
    Ok(render(format, &writer.context(), &sdmx::plain_parts(&items)))
}

/// `includeHistory=true`: the releases published (after `updatedAfter`, when
/// given) in order, each as a "Replace" data set of what it added or revised
/// and a "Delete" one of what it deleted — what the query selects of them,
/// first/last N per series of each — with the release's date as
/// `validFromDate` and the next release's as `validToDate`. Each release is
/// read as its own revisions through `read_stat_data`, so disclosure control
/// applies as to any read: a protected dataset's releases are the protected
/// history's, whose revisions are recomputed between protected contents.
/// SDMX-ML of time series or flat observations and SDMX-CSV 2.0 stream a
/// release at a time; SDMX-JSON and cross-sections are written whole.
async fn history_answer(
    state: &AppState,
    actor: &Actor,
    code: &str,
    query: DataQuery,
    updated_after: Option<jiff::Timestamp>,
    writer: SdmxWriter,
) -> SdmxResult {
    let (_, releases) = state.service.stat_release_list(actor, code).await?;
    let mut parts = VecDeque::new();
    for (i, release) in releases.iter().enumerate() {
        if updated_after.is_some_and(|at| release.published_at <= at) {
            continue;
        }
        for (action, deleted) in [(Action::Replace, false), (Action::Delete, true)] {
            let info = DataSetInfo {
                action,
                valid_from: Some(release.published_at),
                valid_to: releases.get(i + 1).map(|next| next.published_at),
            };
            parts.push_back((release.number, deleted, info));
        }
    }
    let mut read =
        HistoryRead { state: state.clone(), actor: actor.clone(), code: code.to_owned(), query, parts, current: None };
    let Some(first) = read.next().await? else {
        return Err(SdmxError::not_found("no observations match the query in any release"));
    };
    let format = writer.format;
    let streams = match format {
        DataFormat::Csv2 => true,
        DataFormat::Generic | DataFormat::StructureSpecific => writer.streams(),
        DataFormat::Json | DataFormat::Csv1 => false,
    };
    if streams {
        let mut head = Vec::new();
        writer.start_message(&mut head).expect("writing to memory");
        let state = Some((read, Some(first), writer, head));
        let chunks = futures_util::stream::unfold(state, |state| async move {
            let (mut read, pending, writer, mut out) = state?;
            let next = match pending {
                Some(event) => Ok(Some(event)),
                None => read.next().await,
            };
            match next {
                Ok(Some(event)) => {
                    writer.event(&event, &mut out).expect("writing to memory");
                    Some((Ok(axum::body::Bytes::from(out)), Some((read, None, writer, Vec::new()))))
                }
                Ok(None) => {
                    writer.end_message(&mut out).expect("writing to memory");
                    Some((Ok(axum::body::Bytes::from(out)), None))
                }
                Err(e) => Some((Err(std::io::Error::other(format!("reading the dataset: {e}"))), None)),
            }
        });
        let body = axum::body::Body::from_stream(chunks);
        return Ok(([(header::CONTENT_TYPE, media_type(format))], body).into_response());
    }
    let mut sets: Vec<(DataSetInfo, Vec<Entry>)> = Vec::new();
    let mut event = Some(first);
    while let Some(e) = event {
        match e {
            HistoryEvent::Open(info, entries) => sets.push((info, entries)),
            HistoryEvent::More(mut entries) => {
                if let Some((_, last)) = sets.last_mut() {
                    last.append(&mut entries);
                }
            }
            HistoryEvent::Close => {}
        }
        event = read.next().await?;
    }
    let parts: Vec<DataSetPart> = sets
        .iter()
        .map(|(info, entries)| DataSetPart { info: *info, items: entries.iter().map(Entry::item).collect() })
        .collect();
    Ok(render(format, &writer.context(), &parts))
}

/// What a history read gives next: a data set opened with its first entries,
/// more of its entries (whole series), or its end.
enum HistoryEvent {
    Open(DataSetInfo, Vec<Entry>),
    More(Vec<Entry>),
    Close,
}

/// A history read a release half at a time, each through `read_stat_data`
/// (a page of revisions at a time); halves without a match are skipped.
struct HistoryRead {
    state: AppState,
    actor: Actor,
    code: String,
    query: DataQuery,
    parts: VecDeque<(u32, bool, DataSetInfo)>,
    current: Option<StatRead>,
}

impl HistoryRead {
    async fn next(&mut self) -> Result<Option<HistoryEvent>, ServiceError> {
        if let Some(read) = &mut self.current {
            return Ok(Some(match read.next_chunk().await? {
                Some(entries) => HistoryEvent::More(entries),
                None => {
                    self.current = None;
                    HistoryEvent::Close
                }
            }));
        }
        while let Some((release, deleted, info)) = self.parts.pop_front() {
            let choice = ReleaseChoice::Revisions { release, deleted };
            let mut read =
                self.state.service.read_stat_data(&self.actor, &self.code, choice, self.query.clone()).await?;
            if let Some(first) = read.next_chunk().await? {
                self.current = Some(read);
                return Ok(Some(HistoryEvent::Open(info, first)));
            }
        }
        Ok(None)
    }
}

/// The media type of a data format.
fn media_type(format: DataFormat) -> &'static str {
    match format {
        DataFormat::Generic => "application/vnd.sdmx.genericdata+xml; version=2.1",
        DataFormat::StructureSpecific => "application/vnd.sdmx.structurespecificdata+xml; version=2.1",
        DataFormat::Json => "application/vnd.sdmx.data+json; version=1.0.0; charset=utf-8",
        DataFormat::Csv1 => "application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8",
        DataFormat::Csv2 => "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8",
    }
}

/// What a data message needs to be written a chunk at a time.
struct SdmxWriter {
    format: DataFormat,
    dataset: tidtam_stats::model::Dataset,
    structure: tidtam_stats::model::DataStructure,
    id: String,
    prepared: jiff::Timestamp,
    series_only: bool,
    obs_dim: ObsDim,
}

impl SdmxWriter {
    fn context(&self) -> Context<'_> {
        Context {
            dataset: &self.dataset,
            structure: &self.structure,
            message_id: &self.id,
            prepared: self.prepared,
            series_only: self.series_only,
            obs_dim: self.obs_dim,
        }
    }

    fn flavour(&self) -> Option<ml::Flavour> {
        match self.format {
            DataFormat::Generic => Some(ml::Flavour::Generic),
            DataFormat::StructureSpecific => Some(ml::Flavour::StructureSpecific),
            _ => None,
        }
    }

    fn csv_version(&self) -> sdmx::csv::Version {
        if self.format == DataFormat::Csv2 { sdmx::csv::Version::V2 } else { sdmx::csv::Version::V1 }
    }

    /// Whether SDMX-ML can be written a chunk of whole series at a time:
    /// time series and flat observations can; cross-sections regroup the
    /// whole answer (their series are keyed across the store's series).
    fn streams(&self) -> bool {
        !matches!(self.obs_dim, ObsDim::Dimension(_))
    }

    /// The message's start (SDMX-ML) or header row (SDMX-CSV).
    fn start_message(&self, out: &mut Vec<u8>) -> std::io::Result<()> {
        let c = self.context();
        match self.flavour() {
            Some(flavour) => flavour.start(out, &c),
            None => sdmx::csv::write_header(out, &c, self.csv_version()),
        }
    }

    fn end_message(&self, out: &mut Vec<u8>) -> std::io::Result<()> {
        match self.flavour() {
            Some(flavour) => flavour.end(out),
            None => Ok(()),
        }
    }

    /// Entries of a data set with `action` (SDMX-CSV 2.0's ACTION of each row).
    fn entries(&self, entries: &[Entry], action: Action, out: &mut Vec<u8>) -> std::io::Result<()> {
        let c = self.context();
        let items: Vec<Item> = entries.iter().map(Entry::item).collect();
        match self.flavour() {
            Some(flavour) => flavour.items(out, &c, &items),
            None => {
                let version = self.csv_version();
                items.iter().try_for_each(|item| {
                    let code = if item.deleted { Action::Delete.csv_code() } else { action.csv_code() };
                    sdmx::csv::write_row_as(out, &c, version, item, code)
                })
            }
        }
    }

    /// One step of a history (see [`HistoryRead`]).
    fn event(&self, event: &HistoryEvent, out: &mut Vec<u8>) -> std::io::Result<()> {
        let c = self.context();
        match (event, self.flavour()) {
            (HistoryEvent::Open(info, entries), Some(flavour)) => {
                flavour.data_set_start(out, &c, info)?;
                self.entries(entries, info.action, out)
            }
            (HistoryEvent::Open(info, entries), None) => self.entries(entries, info.action, out),
            // Rows after the first chunk: a Replace data set's are never deletions.
            (HistoryEvent::More(entries), _) => self.entries(entries, Action::Replace, out),
            (HistoryEvent::Close, Some(flavour)) => flavour.data_set_end(out),
            (HistoryEvent::Close, None) => Ok(()),
        }
    }
}

impl ChunkWriter for SdmxWriter {
    fn start(&self, out: &mut Vec<u8>) -> std::io::Result<()> {
        self.start_message(out)?;
        match self.flavour() {
            Some(flavour) => flavour.data_set_start(out, &self.context(), &DataSetInfo::plain(Action::Information)),
            None => Ok(()),
        }
    }

    fn chunk(&self, entries: &[Entry], out: &mut Vec<u8>) -> std::io::Result<()> {
        let c = self.context();
        let items: Vec<Item> = entries.iter().map(Entry::item).collect();
        match self.flavour() {
            Some(flavour) => flavour.items(out, &c, &items),
            None => items.iter().try_for_each(|item| sdmx::csv::write_row(out, &c, self.csv_version(), item)),
        }
    }

    fn end(&self, out: &mut Vec<u8>) -> std::io::Result<()> {
        if let Some(flavour) = self.flavour() {
            flavour.data_set_end(out)?;
        }
        self.end_message(out)
    }
}

fn render(format: DataFormat, context: &Context, parts: &[DataSetPart]) -> Response {
    let mut body = Vec::new();
    match format {
        DataFormat::Generic => ml::Flavour::Generic.write_parts(&mut body, context, parts),
        DataFormat::StructureSpecific => ml::Flavour::StructureSpecific.write_parts(&mut body, context, parts),
        DataFormat::Json => json::write_parts(&mut body, context, parts),
        DataFormat::Csv1 | DataFormat::Csv2 => {
            let version = if format == DataFormat::Csv2 { sdmx::csv::Version::V2 } else { sdmx::csv::Version::V1 };
            sdmx::csv::write_header(&mut body, context, version).and_then(|()| {
                parts.iter().try_for_each(|part| {
                    part.items.iter().try_for_each(|item| {
                        let code = if item.deleted { Action::Delete.csv_code() } else { part.info.action.csv_code() };
                        sdmx::csv::write_row_as(&mut body, context, version, item, code)
                    })
                })
            })
        }
    }
    .expect("writing to memory");
    ([(header::CONTENT_TYPE, media_type(format))], body).into_response()
}

/// An instant as SDMX clients send it: RFC 3339, or a date-time without an
/// offset (read as UTC), or a date (its start, UTC).
pub fn parse_instant(text: &str) -> Option<jiff::Timestamp> {
    let text = text.trim();
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Some(ts);
    }
    if let Ok(dt) = text.parse::<jiff::civil::DateTime>() {
        return jiff::tz::TimeZone::UTC.to_timestamp(dt).ok();
    }
    text.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| jiff::tz::TimeZone::UTC.to_timestamp(d.to_datetime(jiff::civil::Time::midnight())).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_headers_pick_the_format() {
        let offers = [
            ("application/vnd.sdmx.genericdata+xml", "generic"),
            ("application/vnd.sdmx.data+csv;version=2", "csv2"),
            ("application/vnd.sdmx.data+csv", "csv1"),
        ];
        let with = |accept: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT, accept.parse().unwrap());
            negotiate(&h, &offers)
        };
        assert_eq!(with("*/*"), Some("generic"));
        assert_eq!(with("application/vnd.sdmx.data+csv;version=2.0.0"), Some("csv2"));
        assert_eq!(with("application/vnd.sdmx.data+csv;version=1.0.0"), Some("csv1"));
        assert_eq!(with("application/pdf"), None);
        assert_eq!(with("application/pdf, */*;q=0.1"), Some("generic"));
        assert_eq!(with("application/vnd.sdmx.genericdata+xml;q=0"), None);
        assert_eq!(decode("2024-01-01T00%3A00%3A00"), "2024-01-01T00:00:00");
        assert_eq!(parse_instant("2024-01-01").map(|t| t.to_string()), Some("2024-01-01T00:00:00Z".into()));
    }
}
