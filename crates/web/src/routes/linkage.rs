//! Clerical review of record linkage as JSON: review jobs (two registers
//! linked on the server), their pairs, the next pair for the caller (held for
//! them alone), decisions under the version read, and the accepted links as
//! CSV and XLSX. Thin shells over `tidtam_service::linkage`; the pages
//! `/linkage…` show the same views.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use tidtam_api::Page;
use tidtam_api::linkage::{
    LinkageExport, LinkageJob, LinkageJobDetail, LinkagePair, NewLinkageJob, NextPair, PairDecisionInput,
};
use tidtam_export::{linkage_csv, linkage_xlsx};
use tidtam_service::linkage::PairList;

use super::exports::{Attachment, XLSX, render};
use crate::AppState;
use crate::api::{Api, Doc, Method, opt};
use crate::error::AppResult;
use crate::extract::{Body, Caller, Params, PathParams, page_of, page_request};

pub(crate) const CSV: &str = "text/csv";

pub fn routes(api: Api) -> Api {
    api.add(
        Method::Get,
        "/api/linkage",
        Doc::new("linkage", "Record-linkage review jobs the caller may review (statisticians of the agency, admins), newest first")
            .paged()
            .response::<Page<LinkageJob>>()
            .errors(&[400, 401, 403]),
        list,
    )
    .add(
        Method::Post,
        "/api/linkage",
        Doc::new(
            "linkage",
            "Link two registers (sent as columns and rows) with the model inferred from their columns and keep the automatic links and the review band as a review job",
        )
        .body::<NewLinkageJob>()
        .created::<LinkageJobDetail>()
        .errors(&[401, 403, 422]),
        create,
    )
    .add(
        Method::Get,
        "/api/linkage/{id}",
        Doc::new("linkage", "A review job: the model's notes and the precision and recall estimated from the decisions so far")
            .response::<LinkageJobDetail>()
            .errors(&[400, 401, 404]),
        detail,
    )
    .add(
        Method::Get,
        "/api/linkage/{id}/pairs",
        Doc::new("linkage", "A job's pairs with both records, comparison levels and weights, and decisions")
            .query(&[opt("list", "pair_list", "which pairs (default all)")])
            .paged()
            .response::<Page<LinkagePair>>()
            .errors(&[400, 401, 404]),
        pairs,
    )
    .add(
        Method::Post,
        "/api/linkage/{id}/next",
        Doc::new(
            "linkage",
            "Hand the caller the next undecided review pair (the one they hold, else one nobody holds), held for them for 15 minutes",
        )
        .response::<NextPair>()
        .errors(&[400, 401, 403, 404]),
        next,
    )
    .add(
        Method::Get,
        "/api/linkage/{id}/pairs/{pair}",
        Doc::new("linkage", "One pair of a job").response::<LinkagePair>().errors(&[400, 401, 404]),
        pair,
    )
    .add(
        Method::Put,
        "/api/linkage/{id}/pairs/{pair}/decision",
        Doc::new(
            "linkage",
            "Accept, reject or leave unsure a pair read at `version`, with a note; a pair decided or handed to someone else meanwhile is a 409",
        )
        .body::<PairDecisionInput>()
        .response::<LinkagePair>()
        .errors(&[400, 401, 403, 404, 409, 422]),
        decide,
    )
    .add(
        Method::Get,
        "/linkage/{id}/links.csv",
        Doc::new("linkage", "The accepted links: automatic links not rejected and accepted review pairs (CSV, UTF-8)")
            .file(CSV)
            .errors(&[400, 401, 404]),
        links_csv,
    )
    .add(
        Method::Get,
        "/linkage/{id}/links.xlsx",
        Doc::new("linkage", "The accepted links (XLSX)").file(XLSX).errors(&[400, 401, 404]),
        links_xlsx,
    )
}

#[derive(Deserialize)]
struct Paging {
    page: Option<u32>,
    per_page: Option<u32>,
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(paging): Params<Paging>,
) -> AppResult<Json<Page<LinkageJob>>> {
    let jobs = state.service.linkage_jobs(&caller.actor).await?;
    Ok(Json(page_of(jobs, page_request(paging.page, paging.per_page))))
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Body(input): Body<NewLinkageJob>,
) -> AppResult<(StatusCode, Json<LinkageJobDetail>)> {
    Ok((StatusCode::CREATED, Json(state.service.create_linkage_job(&caller.actor, &input).await?)))
}

async fn detail(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
) -> AppResult<Json<LinkageJobDetail>> {
    Ok(Json(state.service.linkage_job(&caller.actor, id).await?))
}

#[derive(Deserialize)]
struct PairQuery {
    list: Option<PairList>,
    page: Option<u32>,
    per_page: Option<u32>,
}

async fn pairs(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Params(query): Params<PairQuery>,
) -> AppResult<Json<Page<LinkagePair>>> {
    let request = page_request(query.page, query.per_page);
    Ok(Json(state.service.linkage_pairs(&caller.actor, id, query.list.unwrap_or_default(), request).await?))
}

async fn next(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
) -> AppResult<Json<NextPair>> {
    Ok(Json(state.service.next_linkage_pair(&caller.actor, id).await?))
}

async fn pair(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((id, pair)): PathParams<(i64, i64)>,
) -> AppResult<Json<LinkagePair>> {
    Ok(Json(state.service.linkage_pair(&caller.actor, id, pair).await?))
}

async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((id, pair)): PathParams<(i64, i64)>,
    Body(input): Body<PairDecisionInput>,
) -> AppResult<Json<LinkagePair>> {
    Ok(Json(state.service.decide_linkage_pair(&caller.actor, id, pair, &input).await?))
}

/// A file name for the job's links: `tidtam-linkage-7.csv`, and in Thai `คู่ที่เชื่อมโยง-<job name>.csv`.
fn names(export: &LinkageExport, extension: &str) -> (String, String) {
    let name = format!("คู่ที่เชื่อมโยง-{}.{extension}", super::exports::file_part(&export.job.name));
    (name, format!("tidtam-linkage-{}.{extension}", export.job.id))
}

async fn links_csv(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
) -> AppResult<Attachment> {
    let export = state.service.export_linkage(&caller.actor, id).await?;
    let (name, ascii_name) = names(&export, "csv");
    Ok(Attachment { bytes: linkage_csv(&export), content_type: "text/csv; charset=utf-8", name, ascii_name })
}

async fn links_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
) -> AppResult<Attachment> {
    let export = state.service.export_linkage(&caller.actor, id).await?;
    let (name, ascii_name) = names(&export, "xlsx");
    let bytes = render(move || linkage_xlsx(&export)).await?;
    Ok(Attachment { bytes, content_type: XLSX, name, ascii_name })
}
