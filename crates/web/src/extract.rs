//! Extractors: who is calling ([`Caller`], from the session cookie, with the
//! CSRF check on writes), the client address for rate limiting, and wrappers
//! around axum's JSON, query and path extractors whose rejections are
//! [`AppError`]s in the API's JSON shape.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::HeaderMap;
use axum::http::request::Parts;
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

/// The client's address as the rate limiter keys it: the first
/// `X-Forwarded-For` entry when the server is configured to trust its load
/// balancer, else the peer address, else `unknown` (in-process tests).
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<ClientIp, AppError> {
        if state.config.trust_forwarded_for
            && let Some(forwarded) = parts.headers.get("x-forwarded-for").and_then(|value| value.to_str().ok())
            && let Some(first) = forwarded.split(',').map(str::trim).find(|part| !part.is_empty())
        {
            return Ok(ClientIp(first.to_string()));
        }
        let peer =
            parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(address)| address.ip().to_string());
        Ok(ClientIp(peer.unwrap_or_else(|| "unknown".to_string())))
    }
}

/// A JSON body; a malformed one is a 422 (400 for a wrong content type) in the API's shape.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Body<T>, AppError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Body(value)),
            Err(rejection) => Err(AppError::bad_request(rejection.status(), &rejection.body_text())),
        }
    }
}

/// Query parameters; unreadable ones are a 400 in the API's shape.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Params<T>, AppError> {
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
