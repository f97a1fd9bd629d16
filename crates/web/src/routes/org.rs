//! The organisation tree, strategies and quarterly deadlines.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use tidtam_api::Page;
use tidtam_api::org::{Deadline, DeadlineInput, OrgUnit, OrgUnitInput, Strategy, StrategyInput};
use tidtam_domain::period::{FiscalYear, Quarter};

use crate::api::{Api, Doc, Method};
use crate::error::AppResult;
use crate::extract::{Body, Caller, Params, PathParams, page_of, page_request};
use crate::{AppState, views};

pub fn routes(api: Api) -> Api {
    api.add(
        Method::Get,
        "/api/org-units",
        Doc::new("org", "Organisation units, in id order").paged().response::<Page<OrgUnit>>().errors(&[400]),
        list_units,
    )
    .add(
        Method::Post,
        "/api/org-units",
        Doc::new("org", "Create an organisation unit")
            .body::<OrgUnitInput>()
            .created::<OrgUnit>()
            .errors(&[401, 403, 409, 422]),
        create_unit,
    )
    .add(
        Method::Get,
        "/api/strategies",
        Doc::new("org", "Strategies and plans").paged().response::<Page<Strategy>>().errors(&[400]),
        list_strategies,
    )
    .add(
        Method::Post,
        "/api/strategies",
        Doc::new("org", "Create a strategy")
            .body::<StrategyInput>()
            .created::<Strategy>()
            .errors(&[401, 403, 409, 422]),
        create_strategy,
    )
    .add(
        Method::Get,
        "/api/deadlines/{fiscal_year}/{quarter}",
        Doc::new("org", "A quarter's reporting deadline").response::<Deadline>().errors(&[400]),
        deadline,
    )
    .add(
        Method::Put,
        "/api/deadlines/{fiscal_year}/{quarter}",
        Doc::new("org", "Set a quarter's reporting deadline")
            .body::<DeadlineInput>()
            .response::<Deadline>()
            .errors(&[400, 401, 403, 422]),
        set_deadline,
    )
}

#[derive(Deserialize)]
struct Paging {
    page: Option<u32>,
    per_page: Option<u32>,
}

async fn list_units(
    State(state): State<AppState>,
    caller: Caller,
    Params(paging): Params<Paging>,
) -> AppResult<Json<Page<OrgUnit>>> {
    let units = state.service.list_org_units(&caller.actor).await?;
    Ok(Json(page_of(units, page_request(paging.page, paging.per_page)).map(OrgUnit::from)))
}

async fn create_unit(
    State(state): State<AppState>,
    caller: Caller,
    Body(input): Body<OrgUnitInput>,
) -> AppResult<(StatusCode, Json<OrgUnit>)> {
    Ok((StatusCode::CREATED, Json(state.service.create_org_unit(&caller.actor, input.into()).await?.into())))
}

async fn list_strategies(
    State(state): State<AppState>,
    caller: Caller,
    Params(paging): Params<Paging>,
) -> AppResult<Json<Page<Strategy>>> {
    let strategies = state.service.list_strategies(&caller.actor).await?;
    Ok(Json(page_of(strategies, page_request(paging.page, paging.per_page)).map(Strategy::from)))
}

async fn create_strategy(
    State(state): State<AppState>,
    caller: Caller,
    Body(input): Body<StrategyInput>,
) -> AppResult<(StatusCode, Json<Strategy>)> {
    Ok((StatusCode::CREATED, Json(state.service.create_strategy(&caller.actor, input.into()).await?.into())))
}

async fn deadline(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((year, quarter)): PathParams<(FiscalYear, Quarter)>,
) -> AppResult<Json<Deadline>> {
    Ok(Json(views::deadline(state.service.deadline(&caller.actor, year, quarter).await?)))
}

async fn set_deadline(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((year, quarter)): PathParams<(FiscalYear, Quarter)>,
    Body(input): Body<DeadlineInput>,
) -> AppResult<Json<Deadline>> {
    Ok(Json(views::deadline(state.service.set_deadline(&caller.actor, year, quarter, input.due).await?)))
}
