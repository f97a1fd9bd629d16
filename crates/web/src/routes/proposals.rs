//! Owners' proposed changes of planning fields: the list a planner works from,
//! and accepting or rejecting one (read at its `version`).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use tidtam_api::Page;
use tidtam_api::proposals::{Proposal, ProposalDecision};
use tidtam_domain::model::ProposalStatus;
use tidtam_service::filters::ProposalFilter;
use tidtam_service::proposals::Decision;

use crate::AppState;
use crate::api::{Api, Doc, Method, opt};
use crate::error::AppResult;
use crate::extract::{Body, Caller, Params, PathParams, page_request};

pub fn routes(api: Api) -> Api {
    let decision = |summary| {
        Doc::new("proposals", summary)
            .body::<ProposalDecision>()
            .response::<Proposal>()
            .errors(&[400, 401, 403, 404, 409, 422])
    };
    api.add(
        Method::Get,
        "/api/proposals",
        Doc::new("proposals", "Proposed changes of planning fields on projects the caller may read (never public)")
            .query(&[
                opt("project_id", "id", "only this project's proposals"),
                opt("status", "proposal_status", "pending, accepted or rejected"),
            ])
            .paged()
            .response::<Page<Proposal>>()
            .errors(&[400, 401]),
        list,
    )
    .add(
        Method::Post,
        "/api/proposals/{id}/accept",
        decision("Accept a proposal: its changes apply (planners of the agency, admins; never the proposer)"),
        accept,
    )
    .add(
        Method::Post,
        "/api/proposals/{id}/reject",
        decision("Reject a proposal with the reason in `comment` (planners of the agency, admins)"),
        reject,
    )
}

#[derive(Deserialize)]
struct ListQuery {
    project_id: Option<i64>,
    status: Option<ProposalStatus>,
    page: Option<u32>,
    per_page: Option<u32>,
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<ListQuery>,
) -> AppResult<Json<Page<Proposal>>> {
    let filter = ProposalFilter { project_id: query.project_id, status: query.status };
    let page = state.service.list_proposals(&caller.actor, filter, page_request(query.page, query.per_page)).await?;
    Ok(Json(page.map(Proposal::from)))
}

async fn accept(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(body): Body<ProposalDecision>,
) -> AppResult<Json<Proposal>> {
    Ok(Json(state.service.decide_proposal(&caller.actor, id, body.version, Decision::Accept).await?.into()))
}

async fn reject(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(body): Body<ProposalDecision>,
) -> AppResult<Json<Proposal>> {
    let decision = Decision::Reject { comment: body.comment.unwrap_or_default() };
    Ok(Json(state.service.decide_proposal(&caller.actor, id, body.version, decision).await?.into()))
}
