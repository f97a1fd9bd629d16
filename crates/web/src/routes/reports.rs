//! Quarterly reports: list, create, read, edit, the workflow steps (submit,
//! return, approve) with optimistic locking, history, and who is late.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tidtam_domain::model::{Report, ReportContent};
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::workflow::ReportStatus;
use tidtam_service::Page;
use tidtam_service::filters::{LateEntry, ReportFilter, ReportRevision, ReportSummary};
use tidtam_service::reports::NewReport;

use crate::AppState;
use crate::api::{Api, Doc, Method, opt, req};
use crate::error::{AppError, AppResult};
use crate::extract::{Body, Caller, Params, PathParams, page_of, page_request};

pub fn routes(api: Api) -> Api {
    let filters = [
        opt("project_id", "integer", "only this project's reports"),
        opt("fiscal_year", "integer", "fiscal year (BE)"),
        opt("quarter", "integer", "1..=4"),
        opt("status", "string", "draft, submitted, returned or approved"),
    ];
    let step = |summary| {
        Doc::new("reports", summary).body("Transition").response("Report").errors(&[400, 401, 403, 404, 409, 422])
    };
    api.add(
        Method::Get,
        "/api/reports",
        Doc::new("reports", "Reports the caller may read")
            .query(&filters)
            .paged()
            .response("ReportPage")
            .errors(&[400]),
        list,
    )
    .add(
        Method::Post,
        "/api/reports",
        Doc::new("reports", "Start a quarter's report (draft)")
            .body("NewReport")
            .response("Report")
            .errors(&[401, 403, 404, 409, 422]),
        create,
    )
    .add(
        Method::Get,
        "/api/reports/{id}",
        Doc::new("reports", "A report with its content and findings").response("Report").errors(&[400, 404]),
        get,
    )
    .add(
        Method::Put,
        "/api/reports/{id}",
        Doc::new("reports", "Replace a draft or returned report's content read at `version`")
            .body("ReportUpdate")
            .response("Report")
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
            .response("RevisionPage")
            .errors(&[400, 403, 404]),
        history,
    )
    .add(
        Method::Get,
        "/api/late-reports",
        Doc::new("reports", "Projects whose quarter's report is missing or late")
            .query(&[req("fiscal_year", "integer", "fiscal year (BE)"), req("quarter", "integer", "1..=4")])
            .paged()
            .response("Lateness")
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
    };
    Ok(Json(state.service.list_reports(&caller.actor, filter, page_request(query.page, query.per_page)).await?))
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Body(input): Body<NewReport>,
) -> AppResult<(StatusCode, Json<Report>)> {
    Ok((StatusCode::CREATED, Json(state.service.create_report(&caller.actor, input).await?)))
}

async fn get(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
) -> AppResult<Json<Report>> {
    Ok(Json(state.service.get_report(&caller.actor, id).await?))
}

#[derive(Deserialize)]
struct UpdateBody {
    version: i64,
    #[serde(flatten)]
    content: ReportContent,
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(body): Body<UpdateBody>,
) -> AppResult<Json<Report>> {
    Ok(Json(state.service.update_report(&caller.actor, id, body.version, body.content).await?))
}

#[derive(Deserialize)]
struct Step {
    version: i64,
    comment: Option<String>,
}

async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(step): Body<Step>,
) -> AppResult<Json<Report>> {
    Ok(Json(state.service.submit_report(&caller.actor, id, step.version).await?))
}

async fn return_report(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(step): Body<Step>,
) -> AppResult<Json<Report>> {
    Ok(Json(state.service.return_report(&caller.actor, id, step.version, step.comment.as_deref().unwrap_or("")).await?))
}

async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(step): Body<Step>,
) -> AppResult<Json<Report>> {
    Ok(Json(state.service.approve_report(&caller.actor, id, step.version).await?))
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
) -> AppResult<Json<Page<ReportRevision>>> {
    Ok(Json(state.service.report_history(&caller.actor, id, page_request(paging.page, paging.per_page)).await?))
}

#[derive(Deserialize)]
struct LateQuery {
    fiscal_year: FiscalYear,
    quarter: Quarter,
    page: Option<u32>,
    per_page: Option<u32>,
}

#[derive(Serialize)]
struct LatePage {
    fiscal_year: FiscalYear,
    quarter: Quarter,
    deadline: jiff::civil::Date,
    late: Page<LateEntry>,
}

async fn late(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<LateQuery>,
) -> Result<Json<LatePage>, AppError> {
    let lateness = state.service.late_reports(&caller.actor, query.fiscal_year, query.quarter, None).await?;
    let late = page_of(lateness.late, page_request(query.page, query.per_page));
    Ok(Json(LatePage {
        fiscal_year: lateness.fiscal_year,
        quarter: lateness.quarter,
        deadline: lateness.deadline,
        late,
    }))
}
