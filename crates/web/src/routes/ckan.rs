//! A CKAN-compatible Action API (read side) under `/api/3/action/` and
//! `/api/action/`, GET (query parameters) and POST (a JSON object), so
//! `ckanapi`, harvesters and GD Catalog scripts read the hub as a CKAN site.
//!
//! Answers use CKAN's envelope and error types; packages carry the `thai_gdc`
//! fields at their top level (as ckanext-scheming does) and three resources
//! each (SDMX-ML, SDMX-CSV and the plain JSON data). The API serves what the
//! public sees: CKAN clients authenticate with API keys, not our session, so
//! drafts never leave the agency through it.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tidtam_api::ckan::{CkanError, CkanReply};
use tidtam_service::stats::{StatDatasetRow, StatFilter, StatSort, search_terms};
use tidtam_service::{Actor, ServiceError};
use tidtam_stats::codelist::{Codelist, SECTOR};
use tidtam_stats::gdc::GdcValue;
use tidtam_stats::model::Dataset;

use crate::AppState;
use crate::api::{Api, Doc, Method, opt};

/// The actions served, each under both prefixes and both methods.
const ACTIONS: [&str; 11] = [
    "package_list",
    "package_search",
    "package_show",
    "organization_list",
    "organization_show",
    "group_list",
    "tag_list",
    "resource_show",
    "status_show",
    "current_package_list_with_resources",
    "group_show",
];

/// The paths, written out because the route table keeps `&'static str`s.
const PATHS: [[&str; 2]; 11] = [
    ["/api/3/action/package_list", "/api/action/package_list"],
    ["/api/3/action/package_search", "/api/action/package_search"],
    ["/api/3/action/package_show", "/api/action/package_show"],
    ["/api/3/action/organization_list", "/api/action/organization_list"],
    ["/api/3/action/organization_show", "/api/action/organization_show"],
    ["/api/3/action/group_list", "/api/action/group_list"],
    ["/api/3/action/tag_list", "/api/action/tag_list"],
    ["/api/3/action/resource_show", "/api/action/resource_show"],
    ["/api/3/action/status_show", "/api/action/status_show"],
    ["/api/3/action/current_package_list_with_resources", "/api/action/current_package_list_with_resources"],
    ["/api/3/action/group_show", "/api/action/group_show"],
];

/// The most rows one search returns (CKAN's `ckan.search.rows_max`).
pub const ROWS_MAX: i64 = 1000;

pub fn routes(mut api: Api) -> Api {
    let params = [
        opt("id", "string", "a package, organization, group or resource id or name"),
        opt("q", "string", "search words (Thai or English); *:* for all"),
        opt("fq", "string", "filters: metadata_modified:[ISO TO *], organization:NAME, groups:NAME"),
        opt("rows", "integer", "results per page (default 10, at most 1000)"),
        opt("start", "integer", "offset of the first result"),
        opt("sort", "string", "metadata_modified desc|asc, id asc|desc, name asc|desc, score desc"),
        opt("limit", "integer", "list length"),
        opt("offset", "integer", "list offset"),
        opt("all_fields", "string", "true for whole dicts in lists"),
    ];
    for (action, paths) in ACTIONS.iter().zip(PATHS) {
        assert!(paths[0].ends_with(action), "paths and actions line up");
        for path in paths {
            let doc = || {
                Doc::new("ckan", "CKAN Action API (the public's view of the statistics hub)")
                    .query(&params)
                    .envelope::<CkanReply>()
                    .errors(&[400, 404, 409])
            };
            api = api.add(Method::Get, path, doc(), get_action).add(Method::Post, path, doc(), post_action);
        }
    }
    api
}

/// A CKAN error: its `__type` and the status CKAN answers it with.
struct Failure {
    status: StatusCode,
    kind: &'static str,
    message: String,
}

impl Failure {
    fn not_found(what: &str) -> Failure {
        Failure { status: StatusCode::NOT_FOUND, kind: "Not Found Error", message: format!("Not found: {what}") }
    }
    fn validation(message: impl Into<String>) -> Failure {
        Failure { status: StatusCode::CONFLICT, kind: "Validation Error", message: message.into() }
    }
    fn search(message: impl Into<String>) -> Failure {
        Failure { status: StatusCode::BAD_REQUEST, kind: "Search Query Error", message: message.into() }
    }
}

impl From<ServiceError> for Failure {
    fn from(error: ServiceError) -> Failure {
        match error {
            ServiceError::NotFound => Failure::not_found("no such record"),
            other => Failure {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                kind: "Internal Server Error",
                message: format!("internal error ({})", other.code()),
            },
        }
    }
}

fn site(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}

fn reply(headers: &HeaderMap, action: &str, outcome: Result<Value, Failure>) -> Response {
    let help = format!("{}/api/3/action/help_show?name={action}", site(headers));
    let (status, body) = match outcome {
        Ok(result) => (StatusCode::OK, CkanReply { help, success: true, result: Some(result), error: None }),
        Err(f) => (
            f.status,
            CkanReply {
                help,
                success: false,
                result: None,
                error: Some(CkanError { kind: f.kind.into(), message: f.message }),
            },
        ),
    };
    (status, axum::Json(body)).into_response()
}

fn action_of(uri: &axum::http::Uri) -> String {
    uri.path().rsplit('/').next().unwrap_or("").to_owned()
}

async fn get_action(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    RawQuery(query): RawQuery,
) -> Response {
    let action = action_of(&uri);
    let outcome = match super::sdmx::query_pairs(query) {
        Ok(pairs) => run(&state, &headers, &action, pairs.into_iter().collect()).await,
        Err(message) => Err(Failure::validation(message)),
    };
    reply(&headers, &action, outcome)
}

async fn post_action(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let action = action_of(&uri);
    // Parameters from the query string too (CKAN reads only the body of a POST;
    // reading both refuses a bad query instead of ignoring it); the body wins.
    let outcome = match (super::sdmx::query_pairs(query), post_params(&body)) {
        (Ok(pairs), Ok(params)) => {
            let mut all: BTreeMap<String, String> = pairs.into_iter().collect();
            all.extend(params);
            run(&state, &headers, &action, all).await
        }
        (Err(message), _) => Err(Failure::validation(message)),
        (_, Err(failure)) => Err(failure),
    };
    reply(&headers, &action, outcome)
}

/// A POST body: a JSON object (or nothing), its values as the strings GET would give.
fn post_params(body: &[u8]) -> Result<BTreeMap<String, String>, Failure> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(BTreeMap::new());
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|e| Failure::validation(format!("the body is not JSON: {e}")))?;
    tidtam_service::input::check_json(&value).map_err(|e| Failure::validation(e.message_en()))?;
    let Value::Object(map) = value else { return Err(Failure::validation("the body must be a JSON object")) };
    Ok(map
        .into_iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            (k, text)
        })
        .collect())
}

fn number(params: &BTreeMap<String, String>, name: &str, default: i64, max: i64) -> Result<i64, Failure> {
    match params.get(name) {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .map(|n| n.min(max))
            .ok_or_else(|| Failure::validation(format!("{name}: must be a whole number of 0 or more"))),
    }
}

fn required<'a>(params: &'a BTreeMap<String, String>, name: &str) -> Result<&'a str, Failure> {
    params
        .get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Failure::validation(format!("{name}: Missing value")))
}

async fn run(
    state: &AppState,
    headers: &HeaderMap,
    action: &str,
    params: BTreeMap<String, String>,
) -> Result<Value, Failure> {
    // Every counting parameter must be a count, whichever action reads it.
    for name in ["rows", "start", "limit", "offset"] {
        number(&params, name, 0, i64::MAX)?;
    }
    let public = Actor::public();
    let site = site(headers);
    let sectors = state.service.stat_codelist(SECTOR).await?;
    match action {
        "package_list" => {
            let limit = number(&params, "limit", ROWS_MAX, ROWS_MAX)?;
            let offset = number(&params, "offset", 0, i64::MAX)?;
            let rows =
                published(state, &StatFilter { sort: StatSort::CodeAsc, ..StatFilter::default() }, limit, offset)
                    .await?
                    .0;
            Ok(json!(rows.iter().map(|r| r.dataset.ckan_name()).collect::<Vec<_>>()))
        }
        "current_package_list_with_resources" => {
            let limit = number(&params, "limit", 10, ROWS_MAX)?;
            let offset = number(&params, "offset", 0, i64::MAX)?;
            let rows = published(state, &StatFilter::default(), limit, offset).await?.0;
            Ok(json!(rows.iter().map(|r| package(r, &site, &sectors)).collect::<Vec<_>>()))
        }
        "package_search" => {
            let rows = number(&params, "rows", 10, ROWS_MAX)? as usize;
            // (`usize::MAX as i64` is -1: a cap written that way skipped every result.)
            let start = usize::try_from(number(&params, "start", 0, i64::MAX)?).unwrap_or(usize::MAX);
            let mut filter = StatFilter {
                terms: search_terms(params.get("q").map_or("*:*", String::as_str)),
                sort: sort(params.get("sort").map(String::as_str))?,
                ..StatFilter::default()
            };
            if let Some(fq) = params.get("fq") {
                apply_fq(fq, &mut filter)?;
            }
            let fields = facet_fields(&params)?;
            let limit = facet_limit(&params)?;
            // CKAN's default order is relevance, then recency.
            let by_relevance = params.get("sort").is_none_or(|s| s.trim_start().starts_with("score"));
            let found = state.service.stat_search(&public, &filter, by_relevance).await?;
            let (facets, search_facets) = facets(&found, &fields, limit, &sectors);
            Ok(json!({
                "count": found.len(),
                "results": found.iter().skip(start).take(rows).map(|r| package(r, &site, &sectors)).collect::<Vec<_>>(),
                "sort": params.get("sort").cloned().unwrap_or_else(|| "score desc, metadata_modified desc".into()),
                "facets": facets,
                "search_facets": search_facets,
            }))
        }
        "package_show" => {
            let id = required(&params, "id")?;
            let row = find_package(state, &public, id).await?;
            Ok(package(&row, &site, &sectors))
        }
        "resource_show" => {
            let id = required(&params, "id")?;
            let (name, kind) = id.rsplit_once("--").ok_or_else(|| Failure::not_found("resource"))?;
            let row = find_package(state, &public, name).await?;
            resources(&row, &site)
                .into_iter()
                .find(|r| r["id"] == format!("{name}--{kind}"))
                .ok_or_else(|| Failure::not_found("resource"))
        }
        "organization_list" => {
            let all_fields = params.get("all_fields").is_some_and(|v| v.eq_ignore_ascii_case("true"));
            let orgs = organizations(state).await?;
            Ok(json!(
                orgs.values()
                    .map(|(dict, _)| if all_fields { dict.clone() } else { dict["name"].clone() })
                    .collect::<Vec<_>>()
            ))
        }
        "organization_show" => {
            let id = required(&params, "id")?;
            let orgs = organizations(state).await?;
            let (dict, packages) = orgs.get(id).ok_or_else(|| Failure::not_found("organization"))?;
            let mut dict = dict.clone();
            dict["packages"] = json!(packages.iter().map(|r| package(r, &site, &sectors)).collect::<Vec<_>>());
            Ok(dict)
        }
        "group_list" => {
            let all_fields = params.get("all_fields").is_some_and(|v| v.eq_ignore_ascii_case("true"));
            Ok(json!(
                sectors
                    .codes
                    .iter()
                    .map(|c| if all_fields { group(&c.id, &sectors) } else { json!(c.id.to_ascii_lowercase()) })
                    .collect::<Vec<_>>()
            ))
        }
        "group_show" => {
            let id = required(&params, "id")?;
            sectors
                .get(&id.to_ascii_uppercase())
                .map(|c| group(&c.id, &sectors))
                .ok_or_else(|| Failure::not_found("group"))
        }
        "tag_list" => {
            let (rows, _) = published(state, &StatFilter::default(), ROWS_MAX, 0).await?;
            let query = params.get("query").or(params.get("q")).map(|q| q.to_lowercase());
            let mut tags: Vec<String> = rows
                .iter()
                .flat_map(|r| r.dataset.metadata.list("tag_string").into_iter().map(str::to_owned))
                .collect();
            tags.sort();
            tags.dedup();
            tags.retain(|t| query.as_ref().is_none_or(|q| t.to_lowercase().contains(q.as_str())));
            Ok(json!(tags))
        }
        "status_show" => Ok(json!({
            "site_title": "tidtam — คลังข้อมูลสถิติ (Statistics Sharing Hub)",
            "site_url": site,
            "site_description": "Official statistics and indicator series, served through SDMX, a CKAN-compatible API and DCAT",
            "ckan_version": "2.9.9",
            "locale_default": "th",
            "extensions": ["scheming_datasets", "thai_gdc", "dcat"],
            "thaigdc_catalog_type": "ข้อมูลสถิติ",
            "thaigdc_is_as_a_service": false,
            "thaigdc_version": "2.1.0",
            "thaigdc_update": "tidtam",
        })),
        other => Err(Failure {
            status: StatusCode::BAD_REQUEST,
            kind: "Bad Request",
            message: format!("Action name not known: {other}"),
        }),
    }
}

/// `facet.field`: a JSON list of field names (CKAN refuses anything else).
fn facet_fields(params: &BTreeMap<String, String>) -> Result<Vec<String>, Failure> {
    let Some(text) = params.get("facet.field") else { return Ok(Vec::new()) };
    serde_json::from_str::<Vec<String>>(text)
        .map_err(|_| Failure::validation("facet.field: must be a JSON list of field names"))
}

/// `facet.limit`: values kept per field, most frequent first (default 50; negative: all).
fn facet_limit(params: &BTreeMap<String, String>) -> Result<usize, Failure> {
    match params.get("facet.limit") {
        None => Ok(50),
        Some(text) => match text.trim().parse::<i64>() {
            Ok(n) if n < 0 => Ok(usize::MAX),
            Ok(n) => Ok(n as usize),
            Err(_) => Err(Failure::validation("facet.limit: must be a whole number")),
        },
    }
}

/// A package's values of a facet field, each with its display name: CKAN's
/// own fields and every `thai_gdc` field; unknown fields have none (as Solr answers).
fn facet_values(row: &StatDatasetRow, field: &str, sectors: &Codelist) -> Vec<(String, String)> {
    let d = &row.dataset;
    let same = |v: &str| (v.to_owned(), v.to_owned());
    match field {
        "organization" | "owner_org" => vec![(format!("agency-{}", row.agency_id), row.agency_name.clone())],
        "groups" => {
            vec![(
                d.sector.to_ascii_lowercase(),
                sectors.get(&d.sector).map_or(d.sector.clone(), |c| c.name_th.clone()),
            )]
        }
        "tags" => d.metadata.list("tag_string").into_iter().map(same).collect(),
        "res_format" => RESOURCE_KINDS.iter().map(|k| same(k.2)).collect(),
        "license_id" => d.metadata.text("license_id").map(same).into_iter().collect(),
        other if tidtam_stats::gdc::field(other).is_some() => match d.metadata.0.get(other) {
            Some(GdcValue::Text(t)) => vec![same(t)],
            Some(GdcValue::List(l)) => l.iter().map(|v| same(v)).collect(),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// CKAN's two shapes of the counts: `facets` ({field: {name: count}}) and
/// `search_facets` ({field: {title, items: [{name, display_name, count}]}}),
/// most frequent first, then by name.
fn facets(rows: &[StatDatasetRow], fields: &[String], limit: usize, sectors: &Codelist) -> (Value, Value) {
    let mut facets = serde_json::Map::new();
    let mut search_facets = serde_json::Map::new();
    for field in fields {
        let mut counts: BTreeMap<String, (String, i64)> = BTreeMap::new();
        for row in rows {
            let mut seen = Vec::new();
            for (name, display) in facet_values(row, field, sectors) {
                // A package counts once per value.
                if !seen.contains(&name) {
                    counts.entry(name.clone()).or_insert((display, 0)).1 += 1;
                    seen.push(name);
                }
            }
        }
        let mut items: Vec<(String, String, i64)> = counts.into_iter().map(|(n, (d, c))| (n, d, c)).collect();
        items.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        items.truncate(limit);
        facets.insert(
            field.clone(),
            json!(items.iter().map(|(n, _, c)| (n.clone(), json!(c))).collect::<serde_json::Map<_, _>>()),
        );
        search_facets.insert(
            field.clone(),
            json!({
                "title": field,
                "items": items.iter().map(|(n, d, c)| json!({"name": n, "display_name": d, "count": c})).collect::<Vec<_>>(),
            }),
        );
    }
    (Value::Object(facets), Value::Object(search_facets))
}

async fn published(
    state: &AppState,
    filter: &StatFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<StatDatasetRow>, i64), Failure> {
    Ok(state.service.stat_datasets(&Actor::public(), filter, limit, offset).await?)
}

/// A package by CKAN name ("lfs-prov") or dataflow id ("LFS_PROV").
async fn find_package(state: &AppState, actor: &Actor, id: &str) -> Result<StatDatasetRow, Failure> {
    let code = Dataset::id_from_ckan_name(id);
    state.service.stat_dataset(actor, &code).await.map_err(|e| match e {
        ServiceError::NotFound => Failure::not_found("package"),
        other => other.into(),
    })
}

fn sort(text: Option<&str>) -> Result<StatSort, Failure> {
    let Some(text) = text else { return Ok(StatSort::ModifiedDesc) };
    // The first key decides; CKAN's default puts relevance first, which is by recency here.
    let first = text.split(',').next().unwrap_or("").split_whitespace().collect::<Vec<_>>();
    match first.as_slice() {
        ["score", _] | ["metadata_modified", "desc"] | ["metadata_modified"] => Ok(StatSort::ModifiedDesc),
        ["metadata_modified", "asc"] => Ok(StatSort::ModifiedAsc),
        ["id" | "name", "asc"] | ["id" | "name"] => Ok(StatSort::CodeAsc),
        ["id" | "name", "desc"] => Ok(StatSort::CodeDesc),
        _ => Err(Failure::search(format!("Search Query Error: cannot sort by {text}"))),
    }
}

/// Reads `fq`: `metadata_modified:[X TO *]`, `organization:NAME`, `groups:NAME`, joined by spaces or AND.
fn apply_fq(fq: &str, filter: &mut StatFilter) -> Result<(), Failure> {
    let mut clauses = Vec::new();
    let mut depth = 0;
    let mut current = String::new();
    for c in fq.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ => {}
        }
        if c.is_whitespace() && depth == 0 {
            if !current.is_empty() {
                clauses.push(std::mem::take(&mut current));
            }
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        clauses.push(current);
    }
    for clause in clauses.iter().filter(|c| !c.eq_ignore_ascii_case("AND") && !c.is_empty()) {
        let (field, value) =
            clause.split_once(':').ok_or_else(|| Failure::search(format!("cannot read fq clause {clause}")))?;
        let value = value.trim_matches('"');
        match field.trim_start_matches('+') {
            "metadata_modified" => {
                let range = value
                    .strip_prefix('[')
                    .and_then(|v| v.strip_suffix(']'))
                    .ok_or_else(|| Failure::search("metadata_modified takes a range [FROM TO *]"))?;
                let from = range.split(" TO ").next().unwrap_or("*").trim();
                if from != "*" {
                    filter.modified_since = Some(
                        super::sdmx::parse_instant(from)
                            .ok_or_else(|| Failure::search(format!("not a date: {from}")))?,
                    );
                }
            }
            "organization" | "owner_org" => {
                let id = value
                    .strip_prefix("agency-")
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| Failure::search(format!("no organization {value}")))?;
                filter.agency_id = Some(id);
            }
            "groups" => filter.sector = Some(value.to_ascii_uppercase()),
            other => return Err(Failure::search(format!("cannot filter on {other}"))),
        }
    }
    Ok(())
}

/// CKAN's timestamps: ISO 8601 without an offset (UTC).
fn ckan_time(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

fn organization(row: &StatDatasetRow) -> Value {
    json!({
        "id": format!("agency-{}", row.agency_id),
        "name": format!("agency-{}", row.agency_id),
        "title": row.agency_name,
        "type": "organization",
        "description": "",
        "image_url": "",
        "created": ckan_time(row.created_at),
        "is_organization": true,
        "approval_status": "approved",
        "state": "active",
    })
}

async fn organizations(state: &AppState) -> Result<BTreeMap<String, (Value, Vec<StatDatasetRow>)>, Failure> {
    let (rows, _) =
        published(state, &StatFilter { sort: StatSort::CodeAsc, ..StatFilter::default() }, ROWS_MAX, 0).await?;
    let mut out: BTreeMap<String, (Value, Vec<StatDatasetRow>)> = BTreeMap::new();
    for row in rows {
        let name = format!("agency-{}", row.agency_id);
        out.entry(name).or_insert_with(|| (organization(&row), Vec::new())).1.push(row);
    }
    for (dict, packages) in out.values_mut() {
        dict["package_count"] = json!(packages.len());
    }
    Ok(out)
}

fn group(code: &str, sectors: &Codelist) -> Value {
    let (th, en) = sectors.get(code).map_or((code, code), |c| (c.name_th.as_str(), c.name_en.as_str()));
    json!({
        "id": code.to_ascii_lowercase(),
        "name": code.to_ascii_lowercase(),
        "title": th,
        "display_name": th,
        "description": en,
        "image_display_url": "",
        "type": "group",
        "state": "active",
        "is_organization": false,
    })
}

/// A package's resources: (kind, name, format, media type).
const RESOURCE_KINDS: [(&str, &str, &str, &str); 3] = [
    ("sdmx", "SDMX-ML 2.1 (GenericData)", "SDMX", "application/vnd.sdmx.genericdata+xml"),
    ("csv", "SDMX-CSV 1.0", "CSV", "text/csv"),
    ("json", "JSON (ข้อมูลทั้งชุด)", "JSON", "application/json"),
];

/// A package's resources with every field of a CKAN 2.9 resource dict.
fn resources(row: &StatDatasetRow, site: &str) -> Vec<Value> {
    let d = &row.dataset;
    let name = d.ckan_name();
    let created = ckan_time(row.created_at);
    let modified = row.last_release_at.map(ckan_time);
    RESOURCE_KINDS
        .iter()
        .enumerate()
        .map(|(position, (kind, title, format, mime))| {
            let url = match *kind {
                "sdmx" => format!("{site}/sdmx/data/{}", d.id),
                "csv" => format!("{site}/sdmx/data/{}?format=csv", d.id),
                _ => format!("{site}/api/stats/datasets/{}/data", d.id),
            };
            json!({
                "id": format!("{name}--{kind}"),
                "package_id": name,
                "name": title,
                "description": "",
                "format": format,
                "url": url,
                "url_type": null,
                "mimetype": mime,
                "mimetype_inner": null,
                "size": null,
                "hash": "",
                "cache_url": null,
                "cache_last_updated": null,
                "created": created,
                "last_modified": modified,
                "metadata_modified": modified.clone().unwrap_or_else(|| created.clone()),
                "position": position,
                "state": "active",
                "resource_type": null,
                "datastore_active": false,
            })
        })
        .collect()
}

/// A package dict: CKAN's keys, then every `thai_gdc` field at the top level.
fn package(row: &StatDatasetRow, site: &str, sectors: &Codelist) -> Value {
    let d = &row.dataset;
    let meta = &d.metadata;
    let tags: Vec<Value> = meta
        .list("tag_string")
        .into_iter()
        .map(|t| json!({"display_name": t, "id": t, "name": t, "state": "active", "vocabulary_id": null}))
        .collect();
    let resources = resources(row, site);
    let modified = ckan_time(row.last_release_at.map_or(row.modified_at, |r| r.max(row.modified_at)));
    let mut p = json!({
        "id": d.ckan_name(),
        "name": d.ckan_name(),
        "title": d.title_th,
        "title_en": d.title_en,
        "notes": d.description_th,
        "url": format!("{site}/sdmx/dataflow/all/{}/latest", d.id),
        "version": format!("{}", row.releases),
        "type": "dataset",
        "state": "active",
        "private": false,
        "author": row.agency_name,
        "author_email": null,
        "maintainer": null,
        "maintainer_email": null,
        "creator_user_id": null,
        "license_id": "License not specified",
        "license_title": "License not specified",
        "license_url": null,
        "isopen": false,
        "metadata_created": ckan_time(row.created_at),
        "metadata_modified": modified,
        "num_resources": resources.len(),
        "num_tags": tags.len(),
        "owner_org": format!("agency-{}", row.agency_id),
        "organization": organization(row),
        "extras": [],
        "tags": tags,
        "groups": [group(&d.sector, sectors)],
        "relationships_as_subject": [],
        "relationships_as_object": [],
        "resources": resources,
        "sdmx_dataflow": d.id,
    });
    for (key, value) in &meta.0 {
        p[key] = match value {
            GdcValue::Text(t) => json!(t),
            GdcValue::List(l) => json!(l),
        };
    }
    // Open licences are the ones that allow reuse by anyone.
    p["isopen"] =
        json!(meta.text("license_id").is_some_and(|l| l.starts_with("Creative Commons") || l == "Open Data Common"));
    p["license_title"] = p["license_id"].clone();
    p
}
