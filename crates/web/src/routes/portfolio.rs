//! `GET /api/portfolio`: allocated, contracted, disbursed, disbursement rate,
//! progress, KPI achievement and findings per strategy, division, province or quarter.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use tidtam_api::portfolio::Portfolio;
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_service::portfolio::{GroupBy, PortfolioQuery};

use crate::AppState;
use crate::api::{Api, Doc, Method, opt, req};
use crate::error::AppResult;
use crate::extract::{Caller, Params};

pub fn routes(api: Api) -> Api {
    api.add(
        Method::Get,
        "/api/portfolio",
        Doc::new("portfolio", "Portfolio aggregate over the projects the caller may read (the public: published projects, approved reports)")
            .query(&[
                req("fiscal_year", "fiscal_year", "fiscal year (BE)"),
                opt("quarter", "quarter", "as of the end of this quarter (default: each project's latest report of the year)"),
                opt("group_by", "group_by", "total, strategy, division, province, quarter or source (budget source; default total)"),
            ])
            .response::<Portfolio>()
            .errors(&[400, 403]),
        portfolio,
    )
}

#[derive(Deserialize)]
struct Query {
    fiscal_year: FiscalYear,
    quarter: Option<Quarter>,
    group_by: Option<GroupBy>,
}

async fn portfolio(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<Query>,
) -> AppResult<Json<Portfolio>> {
    let group_by = query.group_by.unwrap_or(GroupBy::Total);
    let groups = state
        .service
        .portfolio(&caller.actor, PortfolioQuery { fiscal_year: query.fiscal_year, quarter: query.quarter, group_by })
        .await?;
    let group_by =
        serde_json::to_value(group_by).ok().and_then(|value| value.as_str().map(str::to_owned)).unwrap_or_default();
    Ok(Json(Portfolio { fiscal_year: query.fiscal_year, quarter: query.quarter, group_by, groups }))
}
