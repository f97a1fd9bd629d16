//! Users: list, create (admins), change a password.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use tidtam_api::Page;
use tidtam_api::auth::{NewUser, PasswordChange, User};

use crate::api::{Api, Doc, Method};
use crate::error::AppResult;
use crate::extract::{Body, Caller, Params, PathParams, page_request};
use crate::{AppState, views};

pub fn routes(api: Api) -> Api {
    api.add(
        Method::Get,
        "/api/users",
        Doc::new("users", "Users (admins)").paged().response::<Page<User>>().errors(&[400, 401, 403]),
        list,
    )
    .add(
        Method::Post,
        "/api/users",
        Doc::new("users", "Create a user (admins)").body::<NewUser>().created::<User>().errors(&[401, 403, 409, 422]),
        create,
    )
    .add(
        Method::Put,
        "/api/users/{id}/password",
        Doc::new(
            "users",
            "Change a password (own, with the current one; admins: anyone's); ends every session of the user, renewing the caller's own",
        )
        .body::<PasswordChange>()
            .errors(&[401, 403, 404, 422]),
        change_password,
    )
}

#[derive(Deserialize)]
struct Paging {
    page: Option<u32>,
    per_page: Option<u32>,
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(paging): Params<Paging>,
) -> AppResult<Json<Page<User>>> {
    let page = state.service.list_users(&caller.actor, page_request(paging.page, paging.per_page)).await?;
    Ok(Json(page.map(views::user)))
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Body(input): Body<NewUser>,
) -> AppResult<(StatusCode, Json<User>)> {
    let input = tidtam_service::auth::NewUser {
        username: input.username,
        display_name: input.display_name,
        password: input.password,
        role: input.role,
        agency_id: input.agency_id,
        division_id: input.division_id,
    };
    Ok((StatusCode::CREATED, Json(views::user(state.service.create_user(&caller.actor, input).await?))))
}

async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(input): Body<PasswordChange>,
) -> AppResult<axum::response::Response> {
    let renewed = state
        .service
        .change_password(&caller.actor, id, input.current_password.as_deref(), &input.new_password)
        .await?;
    // Every session of the user has ended; a change of one's own password comes
    // with a new session for this client (its CSRF token: `GET /api/session`).
    let mut response = crate::no_content();
    if let Some(session) = renewed {
        let max_age = session.expires_at.duration_since(jiff::Timestamp::now()).as_secs().max(0);
        let cookie = crate::routes::auth::session_cookie(&state, &session.token, max_age)?;
        response.headers_mut().insert(axum::http::header::SET_COOKIE, cookie);
    }
    Ok(response)
}
