//! Sign-in, the current session, sign-out.
//!
//! The session token only ever travels in the `tidtam_session` cookie
//! (HttpOnly, SameSite=Strict, `Secure` unless turned off for local plain HTTP); the CSRF token is in
//! the JSON of `POST /api/session` and `GET /api/session`, for clients to send
//! back in `X-CSRF-Token` on every write.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tidtam_api::auth::{Login, Session, SignedIn};

use crate::api::{Api, Doc, Method};
use crate::error::{AppError, AppResult};
use crate::extract::{Body, Caller, ClientIp, SESSION_COOKIE, cookie};
use crate::{AppState, views};

pub fn routes(api: Api) -> Api {
    api.add(
        Method::Post,
        "/api/session",
        Doc::new("auth", "Sign in; sets the session cookie and returns the CSRF token")
            .body::<Login>()
            .response::<SignedIn>()
            .errors(&[400, 401, 422, 429]),
        login,
    )
    .add(
        Method::Get,
        "/api/session",
        Doc::new("auth", "Who is calling, with the session's CSRF token").response::<Session>(),
        current,
    )
    .add(
        Method::Delete,
        "/api/session",
        Doc::new("auth", "Sign out (idempotent); clears the cookie").errors(&[403]),
        logout,
    )
}

/// The `Set-Cookie` value of the session cookie: `Secure` unless the server was
/// started for plain-HTTP local use (`--insecure-cookies`, implied by `--demo`).
pub(crate) fn session_cookie(state: &AppState, value: &str, max_age_seconds: i64) -> AppResult<HeaderValue> {
    let secure = if state.config.insecure_cookies { "" } else { "; Secure" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_seconds}{secure}"
    ))
    .map_err(|error| AppError::internal(format!("cookie header: {error}")))
}

async fn login(
    State(state): State<AppState>,
    ClientIp(client_ip): ClientIp,
    Body(input): Body<Login>,
) -> AppResult<Response> {
    let session = state.service.login(&input.username, &input.password, &client_ip).await?;
    let max_age = session.expires_at.duration_since(jiff::Timestamp::now()).as_secs().max(0);
    let cookie = session_cookie(&state, &session.token, max_age)?;
    let body = Json(SignedIn {
        csrf_token: session.csrf_token,
        expires_at: session.expires_at,
        user: views::user(session.user),
    });
    Ok(([(header::SET_COOKIE, cookie)], body).into_response())
}

async fn current(caller: Caller) -> Json<Session> {
    Json(Session {
        signed_in: caller.session.is_some(),
        actor: caller.actor.into(),
        csrf_token: caller.session.as_ref().map(|s| s.csrf_token.clone()),
        expires_at: caller.session.as_ref().map(|s| s.expires_at),
    })
}

async fn logout(State(state): State<AppState>, _caller: Caller, headers: HeaderMap) -> AppResult<Response> {
    // `Caller` has already checked the CSRF token of a live session.
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.service.logout(&token).await?;
    }
    let cookie = session_cookie(&state, "", 0)?;
    Ok(([(header::SET_COOKIE, cookie)], crate::no_content()).into_response())
}
