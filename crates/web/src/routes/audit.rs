//! `GET /api/audit`: the audit trail, newest first.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use tidtam_api::Page;
use tidtam_api::portfolio::AuditEntry;
use tidtam_service::filters::AuditFilter;

use crate::api::{Api, Doc, Method, opt};
use crate::error::AppResult;
use crate::extract::{Caller, Params, page_request};
use crate::{AppState, views};

pub fn routes(api: Api) -> Api {
    api.add(
        Method::Get,
        "/api/audit",
        Doc::new("audit", "The audit trail (admins, executives; planners: one project or report of their agency)")
            .query(&[
                opt("entity", "string", "project, report, budget, user, …"),
                opt("entity_id", "id", "the entity's id"),
                opt("actor_user_id", "id", "changes by this user"),
            ])
            .paged()
            .response::<Page<AuditEntry>>()
            .errors(&[400, 401, 403, 404]),
        audit,
    )
}

#[derive(Deserialize)]
struct Query {
    entity: Option<String>,
    entity_id: Option<i64>,
    actor_user_id: Option<i64>,
    page: Option<u32>,
    per_page: Option<u32>,
}

async fn audit(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<Query>,
) -> AppResult<Json<Page<AuditEntry>>> {
    let filter = AuditFilter { entity: query.entity, entity_id: query.entity_id, actor_user_id: query.actor_user_id };
    let page = state.service.audit_trail(&caller.actor, filter, page_request(query.page, query.per_page)).await?;
    Ok(Json(page.map(views::audit_entry)))
}
