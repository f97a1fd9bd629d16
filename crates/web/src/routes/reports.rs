//! Quarterly reports: list, create, read, edit, the workflow steps (submit,
//! return, approve) with optimistic locking, history, and who is late.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use tidtam_api::Page;
use tidtam_api::reports::{Lateness, NewReport, Report, ReportSummary, ReportUpdate, Revision, Transition};
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::workflow::ReportStatus;
use tidtam_service::filters::ReportFilter;

use crate::api::{Api, Doc, Method, opt, req};
use crate::error::AppResult;
use crate::extract::{Body, Caller, Params, PathParams, page_of, page_request};
use crate::{AppState, views};

pub fn routes(api: Api) -> Api {
    let filters = [
        opt("project_id", "id", "only this project's reports"),
        opt("fiscal_year", "fiscal_year", "fiscal year (BE)"),
        opt("quarter", "quarter", "1..=4"),
        opt("status", "status", "draft, submitted, returned or approved"),
    ];
    let step = |summary| {
        Doc::new("reports", summary).body::<Transition>().response::<Report>().errors(&[400, 401, 403, 404, 409, 422])
    };
    api.add(
        Method::Get,
        "/api/reports",
        Doc::new("reports", "Reports the caller may read")
            .query(&filters)
            .paged()
            .response::<Page<ReportSummary>>()
            .errors(&[400]),
        list,
    )
    .add(
        Method::Post,
        "/api/reports",
        Doc::new("reports", "Start a quarter's report (draft)")
            .body::<NewReport>()
            .created::<Report>()
            .errors(&[401, 403, 404, 409, 422]),
        create,
    )
    .add(
        Method::Get,
        "/api/reports/{id}",
        Doc::new("reports", "A report with its content and findings").response::<Report>().errors(&[400, 404]),
        get,
    )
    .add(
        Method::Put,
        "/api/reports/{id}",
        Doc::new("reports", "Replace a draft or returned report's content read at `version`")
            .body::<ReportUpdate>()
            .response::<Report>()
            .errors(&[400, 401, 403, 404, 409, 422]),
        update,
    )
    .add(Method::Post, "/api/reports/{id}/submit", step("Submit for review"), submit)
    .add(Method::Post, "/api/reports/{id}/return", step("Return to the owner with a comment"), return_report)
    .add(Method::Post, "/api/reports/{id}/approve", step("Approve (locks the report)"), approve)
    .add(
        Method::Get,
        "/api/reports/{id}/history",
        Doc::new("reports", "Saved versions, oldest first, a page at a time")
            .paged()
            .response::<Page<Revision>>()
            .errors(&[400, 403, 404]),
        history,
    )
    .add(
        Method::Get,
        "/api/late-reports",
        Doc::new("reports", "Projects whose quarter's report is missing or late")
            .query(&[req("fiscal_year", "fiscal_year", "fiscal year (BE)"), req("quarter", "quarter", "1..=4")])
            .paged()
            .response::<Lateness>()
            .errors(&[400, 403]),
        late,
    )
}

#[derive(Deserialize)]
struct ListQuery {
    project_id: Option<i64>,
    fiscal_year: Option<FiscalYear>,
    quarter: Option<Quarter>,
    status: Option<ReportStatus>,
    page: Option<u32>,
    per_page: Option<u32>,
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<ListQuery>,
) -> AppResult<Json<Page<ReportSummary>>> {
    let filter = ReportFilter {
        project_id: query.project_id,
        fiscal_year: query.fiscal_year,
        quarter: query.quarter,
        status: query.status,
        with_findings: false,
    };
    let page = state.service.list_reports(&caller.actor, filter, page_request(query.page, query.per_page)).await?;
    Ok(Json(page.map(views::report_summary)))
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Body(input): Body<NewReport>,
) -> AppResult<(StatusCode, Json<Report>)> {
    let input = tidtam_service::reports::NewReport {
        project_id: input.project_id,
        fiscal_year: input.fiscal_year,
        quarter: input.quarter,
        content: input.content.into(),
    };
    Ok((StatusCode::CREATED, Json(state.service.create_report(&caller.actor, input).await?.into())))
}

async fn get(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
) -> AppResult<Json<Report>> {
    Ok(Json(state.service.get_report(&caller.actor, id).await?.into()))
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(body): Body<ReportUpdate>,
) -> AppResult<Json<Report>> {
    Ok(Json(state.service.update_report(&caller.actor, id, body.version, body.content.into()).await?.into()))
}

async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(step): Body<Transition>,
) -> AppResult<Json<Report>> {
    Ok(Json(state.service.submit_report(&caller.actor, id, step.version).await?.into()))
}

async fn return_report(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(step): Body<Transition>,
) -> AppResult<Json<Report>> {
    let comment = step.comment.as_deref().unwrap_or("");
    Ok(Json(state.service.return_report(&caller.actor, id, step.version, comment).await?.into()))
}

async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(step): Body<Transition>,
) -> AppResult<Json<Report>> {
    Ok(Json(state.service.approve_report(&caller.actor, id, step.version).await?.into()))
}

#[derive(Deserialize)]
struct Paging {
    page: Option<u32>,
    per_page: Option<u32>,
}

async fn history(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Params(paging): Params<Paging>,
) -> AppResult<Json<Page<Revision>>> {
    let page = state.service.report_history(&caller.actor, id, page_request(paging.page, paging.per_page)).await?;
    Ok(Json(page.map(views::revision)))
}

#[derive(Deserialize)]
struct LateQuery {
    fiscal_year: FiscalYear,
    quarter: Quarter,
    page: Option<u32>,
    per_page: Option<u32>,
}

async fn late(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<LateQuery>,
) -> AppResult<Json<Lateness>> {
    let lateness = state.service.late_reports(&caller.actor, query.fiscal_year, query.quarter, None).await?;
    let late = page_of(lateness.late, page_request(query.page, query.per_page)).map(views::late_entry);
    Ok(Json(Lateness {
        fiscal_year: lateness.fiscal_year,
        quarter: lateness.quarter,
        deadline: lateness.deadline,
        late,
    }))
}
