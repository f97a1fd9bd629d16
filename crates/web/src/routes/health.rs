//! `GET /api/health`: liveness plus one database round trip (for load balancers).

use axum::Json;
use axum::extract::State;
use tidtam_api::common::Health;
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_service::Actor;

use crate::AppState;
use crate::api::{Api, Doc, Method};
use crate::error::AppResult;

pub fn routes(api: Api) -> Api {
    api.add(
        Method::Get,
        "/api/health",
        Doc::new("health", "Liveness and a database round trip").response::<Health>(),
        health,
    )
}

async fn health(State(state): State<AppState>) -> AppResult<Json<Health>> {
    // Reading a deadline is a one-row query that every role may run.
    let year = FiscalYear::from_be(2568);
    let quarter = Quarter::Q1;
    state.service.deadline(&Actor::public(), year, quarter).await?;
    Ok(Json(Health { status: "ok".into(), database: "ok".into(), version: env!("CARGO_PKG_VERSION").into() }))
}
