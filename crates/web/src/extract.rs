//! Extractors: who is calling ([`Caller`], from the session cookie, with the
//! CSRF check on writes), the client address for rate limiting, and wrappers
//! around axum's JSON, query and path extractors whose rejections are
//! [`AppError`]s in the API's JSON shape. [`Body`] and [`Params`] also check
//! every text a client sends (control characters, length: the service's
//! [`tidtam_service::input`] rule) before any handler or database sees it.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use tidtam_service::auth::SessionInfo;
use tidtam_service::{Actor, PageRequest, ServiceError};

use crate::AppState;
use crate::error::AppError;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "tidtam_session";
/// The header that must carry the session's CSRF token on every unsafe method.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
        .filter(|value| !value.is_empty())
}

/// Who is calling: the signed-in user behind the session cookie, or the public.
///
/// For a signed-in caller, unsafe methods (POST, PUT, PATCH, DELETE) must send
/// the session's CSRF token in `X-CSRF-Token`, or the request is refused
/// before any handler runs. An unknown or expired session counts as the public,
/// so the service answers writes with `unauthenticated`.
pub struct Caller {
    pub actor: Actor,
    pub session: Option<SessionInfo>,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, AppError> {
        let session = match cookie(&parts.headers, SESSION_COOKIE) {
            Some(token) => match state.service.session(&token).await {
                Ok(session) => Some(session),
                Err(ServiceError::Unauthenticated) => None,
                Err(error) => return Err(error.into()),
            },
            None => None,
        };
        if let Some(session) = &session
            && !parts.method.is_safe()
        {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|value| value.to_str().ok()).unwrap_or("");
            if !session.csrf_matches(sent) {
                return Err(AppError::csrf());
            }
        }
        let actor = session.as_ref().map_or_else(Actor::public, |session| session.actor.clone());
        Ok(Caller { actor, session })
    }
}

/// The client's address as the rate limiter keys it: the last
/// `X-Forwarded-For` entry when the server is configured to trust its load
/// balancer (the one the balancer appended; entries before it come from the
/// client and could be anything), else the peer address, else `unknown`
/// (in-process tests).
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<ClientIp, AppError> {
        if state.config.trust_forwarded_for
            && let Some(forwarded) = parts.headers.get("x-forwarded-for").and_then(|value| value.to_str().ok())
            && let Some(last) = forwarded.rsplit(',').map(str::trim).find(|part| !part.is_empty())
        {
            return Ok(ClientIp(last.to_string()));
        }
        let peer =
            parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(address)| address.ip().to_string());
        Ok(ClientIp(peer.unwrap_or_else(|| "unknown".to_string())))
    }
}

/// Largest JSON body (uploads, which are raw bytes, have their own limit).
pub const MAX_JSON_BYTES: usize = 2 * 1024 * 1024;
/// Every text of a request, checked once here for all routes (so no handler can
/// forget) by the service's rule ([`tidtam_service::input`]); a 422 names each field.
fn validate_texts<'a>(texts: impl Iterator<Item = (&'a str, &'a str)>) -> Result<(), AppError> {
    let problems = tidtam_service::input::field_problems(texts);
    if problems.is_empty() { Ok(()) } else { Err(ServiceError::Invalid(problems).into()) }
}

/// A JSON body of at most [`MAX_JSON_BYTES`] whose every string passed the text
/// checks; a malformed one is a 422 (400 for unreadable JSON, 415 for a wrong
/// content type, 413 when too large) in the API's shape.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, _state: &S) -> Result<Body<T>, AppError> {
        let is_json = request
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
            });
        if !is_json {
            return Err(AppError::bad_request(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Expected request with `Content-Type: application/json`",
            ));
        }
        let bytes = axum::body::to_bytes(request.into_body(), MAX_JSON_BYTES)
            .await
            .map_err(|_| AppError::too_large(MAX_JSON_BYTES))?;
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|error| AppError::bad_request(StatusCode::BAD_REQUEST, &format!("invalid JSON: {error}")))?;
        tidtam_service::input::check_json(&value)?;
        serde_json::from_value(value)
            .map(Body)
            .map_err(|error| AppError::bad_request(StatusCode::UNPROCESSABLE_ENTITY, &error.to_string()))
    }
}

/// Query parameters whose every value passed the text checks; unreadable ones are a 400 in the API's shape.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Params<T>, AppError> {
        if let Ok(axum::extract::Query(pairs)) =
            axum::extract::Query::<Vec<(String, String)>>::from_request_parts(parts, state).await
        {
            validate_texts(pairs.iter().map(|(key, value)| (key.as_str(), value.as_str())))?;
        }
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Params(value)),
            Err(rejection) => Err(AppError::bad_request(rejection.status(), &rejection.body_text())),
        }
    }
}

/// Path parameters; unreadable ones (e.g. `/api/projects/abc`) are a 400.
pub struct PathParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathParams<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<PathParams<T>, AppError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(PathParams(value)),
            Err(rejection) => Err(AppError::bad_request(rejection.status(), &rejection.body_text())),
        }
    }
}

/// The largest page a client may ask for.
pub const MAX_PER_PAGE: u32 = 200;
/// The page size when none is given.
pub const DEFAULT_PER_PAGE: u32 = 50;

/// `page` (1-based) and `per_page` (1..=[`MAX_PER_PAGE`]) as given in a query.
pub fn page_request(page: Option<u32>, per_page: Option<u32>) -> PageRequest {
    PageRequest::new(page.unwrap_or(1), per_page.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE))
}

/// One page of a list held in memory (lists the service returns whole).
pub fn page_of<T>(items: Vec<T>, request: PageRequest) -> tidtam_api::Page<T> {
    let total = items.len() as i64;
    let start = (request.page as usize - 1).saturating_mul(request.per_page as usize);
    let items = items.into_iter().skip(start).take(request.per_page as usize).collect();
    tidtam_api::Page { items, total, page: request.page, per_page: request.per_page }
}
