//! The register of official statistics and the statistical system's status
//! as JSON: `/api/statistics-system` (counts by status, sector, agency and
//! province, and the entries a filter keeps) and `/api/statistics-register`
//! (read, add, change, remove an entry). Thin shells over
//! `tidtam_service::stats_register`; the page `/statistics-system` shows the same view.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use tidtam_api::register::{RegisterEntryDetail, RegisterEntryInput, StatisticsSystem};
use tidtam_service::ServiceError;
use tidtam_service::stats_register::SystemFilter;
use tidtam_stats::register::StatusKind;

use crate::AppState;
use crate::api::{Api, Doc, Method, opt, req};
use crate::error::{AppError, AppResult};
use crate::extract::{Body, Caller, Params, PathParams};

pub const FILTER_PARAMS: [crate::api::Param; 4] = [
    opt("status", "string", "on_time, late, produced or not_produced"),
    opt("sector", "string", "a statistical sector code (S01..S21)"),
    opt("agency", "integer", "the owner agency's id"),
    opt(
        "province",
        "string",
        "an area code (TH-50): province-level statistics whose series there lacks the latest period",
    ),
];

pub fn routes(api: Api) -> Api {
    api.add(
        Method::Get,
        "/api/statistics-system",
        Doc::new(
            "statistics-system",
            "The statistical system today: every official statistic's status computed from the hub's releases, counts by status, sector, agency and province, and the entries the filter keeps",
        )
        .query(&FILTER_PARAMS)
        .response::<StatisticsSystem>()
        .errors(&[422]),
        system,
    )
    .add(
        Method::Post,
        "/api/statistics-register",
        Doc::new("statistics-system", "Add an official statistic to the register (statisticians of its owner agency, admins)")
            .body::<RegisterEntryInput>()
            .created::<RegisterEntryDetail>()
            .errors(&[401, 403, 409, 422]),
        create,
    )
    .add(
        Method::Get,
        "/api/statistics-register/{code}",
        Doc::new("statistics-system", "An official statistic with the status of each of its periods")
            .response::<RegisterEntryDetail>()
            .errors(&[404]),
        detail,
    )
    .add(
        Method::Put,
        "/api/statistics-register/{code}",
        Doc::new("statistics-system", "Change an official statistic read at `version`")
            .body::<RegisterEntryInput>()
            .response::<RegisterEntryDetail>()
            .errors(&[401, 403, 404, 409, 422]),
        update,
    )
    .add(
        Method::Delete,
        "/api/statistics-register/{code}",
        Doc::new("statistics-system", "Remove an official statistic from the register")
            .query(&[req("version", "version", "the version read")])
            .errors(&[400, 401, 403, 404, 409]),
        delete,
    )
}

/// The filter as a query string carries it (shared with the page).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct FilterQuery {
    pub status: Option<String>,
    pub sector: Option<String>,
    pub agency: Option<i64>,
    pub province: Option<String>,
}

impl FilterQuery {
    /// The service's filter; an unknown status is a 422 naming the field.
    pub fn filter(&self) -> Result<SystemFilter, AppError> {
        let status = match self.status.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(StatusKind::parse(s).ok_or_else(|| {
                AppError::from(ServiceError::Invalid(vec![tidtam_domain::model::FieldError::new(
                    "status",
                    "สถานะต้องเป็น on_time, late, produced หรือ not_produced",
                    "the status is on_time, late, produced or not_produced",
                )]))
            })?),
        };
        let text = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        Ok(SystemFilter { status, sector: text(&self.sector), agency_id: self.agency, province: text(&self.province) })
    }
}

async fn system(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<FilterQuery>,
) -> AppResult<Json<StatisticsSystem>> {
    Ok(Json(state.service.statistics_system(&caller.actor, &query.filter()?).await?))
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Body(input): Body<RegisterEntryInput>,
) -> AppResult<(StatusCode, Json<RegisterEntryDetail>)> {
    Ok((StatusCode::CREATED, Json(state.service.create_register_entry(&caller.actor, &input).await?)))
}

async fn detail(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(code): PathParams<String>,
) -> AppResult<Json<RegisterEntryDetail>> {
    Ok(Json(state.service.register_entry(&caller.actor, &code).await?))
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(code): PathParams<String>,
    Body(input): Body<RegisterEntryInput>,
) -> AppResult<Json<RegisterEntryDetail>> {
    Ok(Json(state.service.update_register_entry(&caller.actor, &code, &input).await?))
}

#[derive(Deserialize)]
struct VersionQuery {
    version: i64,
}

async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(code): PathParams<String>,
    Params(query): Params<VersionQuery>,
) -> AppResult<axum::response::Response> {
    state.service.delete_register_entry(&caller.actor, &code, query.version).await?;
    Ok(crate::no_content())
}
