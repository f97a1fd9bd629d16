//! Projects: list (filtered, paged), create, the project page's data, update
//! and delete with optimistic locking, and a project's budgets, activities and KPIs.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use tidtam_api::Page;
use tidtam_api::projects::{
    Activity, ActivityInput, BudgetInput, KpiInput, NewProject, Project, ProjectDetail, ProjectSummary, ProjectUpdate,
};
use tidtam_api::proposals::{BudgetSet, KpisSaved, ProjectChanged};
use tidtam_domain::model::BudgetYear;
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_service::filters::ProjectFilter;
use tidtam_service::projects as service;

use crate::api::{Api, Doc, Method, Param, opt, req};
use crate::error::AppResult;
use crate::extract::{Body, Caller, Params, PathParams, page_request};
use crate::{AppState, views};

/// The filters of project lists (also used by search).
pub const FILTERS: [Param; 5] = [
    opt("agency_id", "id", "only this agency's projects"),
    opt("division_id", "id", "only this division's projects"),
    opt("fiscal_year", "fiscal_year", "only projects running in this fiscal year (BE)"),
    opt("province_code", "province_code", "only projects in this province"),
    opt("strategy_id", "id", "only projects linked to this strategy"),
];

/// A project list's filters on one quarter's report (need `fiscal_year` and `quarter`).
const QUARTER_FILTERS: [Param; 3] = [
    opt("quarter", "quarter", "the quarter `report_status` and `risk` look at (with `fiscal_year`)"),
    opt("report_status", "report_state", "the quarter's report is missing or in this workflow state"),
    opt(
        "risk",
        "risk",
        "at risk for this reason as of the quarter (late procurement, disbursement below the year's target, report missing, checker findings)",
    ),
];

pub fn routes(api: Api) -> Api {
    api.add(
        Method::Get,
        "/api/projects",
        Doc::new("projects", "Projects the caller may read")
            .query(&FILTERS)
            .query(&QUARTER_FILTERS)
            .paged()
            .response::<Page<ProjectSummary>>()
            .errors(&[400, 422]),
        list,
    )
    .add(
        Method::Post,
        "/api/projects",
        Doc::new("projects", "Create a project")
            .body::<NewProject>()
            .created::<Project>()
            .errors(&[401, 403, 409, 422]),
        create,
    )
    .add(
        Method::Get,
        "/api/projects/{id}",
        Doc::new("projects", "A project page's data").response::<ProjectDetail>().errors(&[400, 404]),
        detail,
    )
    .add(
        Method::Put,
        "/api/projects/{id}",
        Doc::new(
            "projects",
            "Change a project read at `version` (a project owner's change of `value` or `published` is proposed, see `pending_proposal`)",
        )
        .body::<ProjectUpdate>()
        .response::<ProjectChanged>()
            .errors(&[400, 401, 403, 404, 409, 422]),
        update,
    )
    .add(
        Method::Delete,
        "/api/projects/{id}",
        Doc::new("projects", "Delete a project (none of its reports approved)")
            .query(&[req("version", "version", "the version read")])
            .errors(&[400, 401, 403, 404, 409]),
        delete,
    )
    .add(
        Method::Put,
        "/api/projects/{id}/budgets/{fiscal_year}",
        Doc::new(
            "projects",
            "Set a project's budget for a fiscal year (a project owner's allocation and contracted amount are proposed)",
        )
        .body::<BudgetInput>()
        .response::<BudgetSet>()
            .errors(&[400, 401, 403, 404, 422]),
        set_budget,
    )
    .add(
        Method::Post,
        "/api/projects/{id}/activities",
        Doc::new("projects", "Add or change an activity")
            .body::<ActivityInput>()
            .created::<Vec<Activity>>()
            .errors(&[400, 401, 403, 404, 422]),
        save_activity,
    )
    .add(
        Method::Post,
        "/api/projects/{id}/kpis",
        Doc::new("projects", "Add or change a KPI (a project owner's target is proposed)")
            .body::<KpiInput>()
            .created::<KpisSaved>()
            .errors(&[400, 401, 403, 404, 422]),
        save_kpi,
    )
}

/// Query of a project list.
#[derive(Deserialize)]
pub struct ListQuery {
    pub agency_id: Option<i64>,
    pub division_id: Option<i64>,
    pub fiscal_year: Option<FiscalYear>,
    pub province_code: Option<u8>,
    pub strategy_id: Option<i64>,
    pub quarter: Option<Quarter>,
    pub report_status: Option<String>,
    pub risk: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl ListQuery {
    pub fn filter(&self) -> ProjectFilter {
        ProjectFilter {
            agency_id: self.agency_id,
            division_id: self.division_id,
            fiscal_year: self.fiscal_year,
            province_code: self.province_code,
            strategy_id: self.strategy_id,
            ..ProjectFilter::default()
        }
    }

    /// [`ListQuery::filter`] with the quarter's report status and risk.
    fn list_filter(&self) -> Result<ProjectFilter, tidtam_service::ServiceError> {
        let (report_state, risk) = tidtam_service::filters::quarter_filters(
            self.fiscal_year,
            self.quarter,
            self.report_status.as_deref(),
            self.risk.as_deref(),
        )?;
        Ok(ProjectFilter { report_state, risk, ..self.filter() })
    }
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<ListQuery>,
) -> AppResult<Json<Page<ProjectSummary>>> {
    let page = state
        .service
        .list_projects(&caller.actor, query.list_filter()?, page_request(query.page, query.per_page))
        .await?;
    Ok(Json(page.map(views::project_summary)))
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Body(input): Body<NewProject>,
) -> AppResult<(StatusCode, Json<Project>)> {
    let input = service::NewProject {
        agency_id: input.agency_id,
        owner_division_id: input.owner_division_id,
        fields: input.fields.into(),
    };
    Ok((StatusCode::CREATED, Json(state.service.create_project(&caller.actor, input).await?.into())))
}

async fn detail(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
) -> AppResult<Json<ProjectDetail>> {
    Ok(Json(views::project_detail(state.service.get_project(&caller.actor, id).await?)))
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(body): Body<ProjectUpdate>,
) -> AppResult<Json<ProjectChanged>> {
    let update = service::ProjectUpdate { owner_division_id: body.owner_division_id, fields: body.fields.into() };
    Ok(Json(views::project_changed(state.service.update_project(&caller.actor, id, body.version, update).await?)))
}

#[derive(Deserialize)]
struct VersionQuery {
    version: i64,
}

async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Params(query): Params<VersionQuery>,
) -> AppResult<axum::response::Response> {
    state.service.delete_project(&caller.actor, id, query.version).await?;
    Ok(crate::no_content())
}

async fn set_budget(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((id, year)): PathParams<(i64, FiscalYear)>,
    Body(input): Body<BudgetInput>,
) -> AppResult<Json<BudgetSet>> {
    let budget = BudgetYear {
        project_id: id,
        fiscal_year: year,
        allocated: input.allocated,
        contracted: input.contracted,
        carried_over: input.carried_over,
    };
    Ok(Json(views::budget_set(state.service.set_budget(&caller.actor, budget).await?)))
}

async fn save_activity(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(input): Body<ActivityInput>,
) -> AppResult<(StatusCode, Json<Vec<Activity>>)> {
    let input = service::ActivityInput {
        seq: input.seq,
        name: input.name,
        period_text: input.period_text,
        planned_start: input.planned_start,
        planned_end: input.planned_end,
        instalments: input.instalments.into_iter().map(Into::into).collect(),
    };
    let activities = state.service.save_activity(&caller.actor, id, input).await?;
    Ok((StatusCode::CREATED, Json(activities.into_iter().map(Activity::from).collect())))
}

async fn save_kpi(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(input): Body<KpiInput>,
) -> AppResult<(StatusCode, Json<KpisSaved>)> {
    let input = service::KpiInput {
        name: input.name,
        kind: input.kind,
        unit: input.unit,
        target: input.target.map(Into::into),
    };
    Ok((StatusCode::CREATED, Json(views::kpis_saved(state.service.save_kpi(&caller.actor, id, input).await?))))
}
