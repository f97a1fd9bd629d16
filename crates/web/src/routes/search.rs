//! `GET /api/search` and `/api/search/reports`: full-text search over projects
//! and over reports' texts (Thai segmented into words).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use tidtam_api::Page;
use tidtam_api::projects::ProjectSummary;
use tidtam_api::reports::ReportHit;
use tidtam_domain::period::FiscalYear;

use crate::api::{Api, Doc, Method, req};
use crate::error::AppResult;
use crate::extract::{Caller, Params, page_request};
use crate::routes::projects::{FILTERS, ListQuery};
use crate::{AppState, views};

pub fn routes(api: Api) -> Api {
    api.add(
        Method::Get,
        "/api/search",
        Doc::new("search", "Projects whose name, objectives, summary or area contain every word of `q`")
            .query(&[req("q", "string", "words to find (Thai or English)")])
            .query(&FILTERS)
            .paged()
            .response::<Page<ProjectSummary>>()
            .errors(&[400, 422]),
        search,
    )
    .add(
        Method::Get,
        "/api/search/reports",
        Doc::new(
            "search",
            "Quarterly reports whose texts (results, problems, recommendations) contain every word of `q`",
        )
        .query(&[req("q", "string", "words to find (Thai or English)")])
        .paged()
        .response::<Page<ReportHit>>()
        .errors(&[400, 422]),
        search_reports,
    )
}

#[derive(Deserialize)]
struct ReportSearchQuery {
    q: String,
    page: Option<u32>,
    per_page: Option<u32>,
}

async fn search_reports(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<ReportSearchQuery>,
) -> AppResult<Json<Page<ReportHit>>> {
    let hits = state.service.search_reports(&caller.actor, &query.q, page_request(query.page, query.per_page)).await?;
    Ok(Json(hits.map(views::report_hit)))
}

#[derive(Deserialize)]
struct SearchQuery {
    q: String,
    agency_id: Option<i64>,
    division_id: Option<i64>,
    fiscal_year: Option<FiscalYear>,
    province_code: Option<u8>,
    strategy_id: Option<i64>,
    page: Option<u32>,
    per_page: Option<u32>,
}

async fn search(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<SearchQuery>,
) -> AppResult<Json<Page<ProjectSummary>>> {
    let list = ListQuery {
        agency_id: query.agency_id,
        division_id: query.division_id,
        fiscal_year: query.fiscal_year,
        province_code: query.province_code,
        strategy_id: query.strategy_id,
        quarter: None,
        report_status: None,
        risk: None,
        page: query.page,
        per_page: query.per_page,
    };
    Ok(Json(
        state
            .service
            .search_projects(&caller.actor, &query.q, list.filter(), page_request(query.page, query.per_page))
            .await?
            .map(views::project_summary),
    ))
}
