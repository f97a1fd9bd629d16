//! tidtam's HTTP layer: the JSON API (axum) and a tiny landing page.
//!
//! Handlers are thin: extract (the [`extract::Caller`] from the session
//! cookie, path, query, body) → one `tidtam_service::Service` call → render
//! JSON. Authorisation, validation, transactions and audit all happen in the
//! service; this crate only maps HTTP to use cases and errors to status codes
//! ([`error::AppError`]). There is no SQL here and no state of its own:
//! sessions, CSRF tokens and sign-in counters live in the database, so any
//! number of instances can serve one PostgreSQL database behind a load balancer.
//!
//! [`app`] builds the router (tests drive it with `oneshot`); [`serve`] runs it
//! on a listener. Modules:
//! - [`api`]: the route table and the OpenAPI document built from it.
//! - [`error`]: [`error::AppError`] and the JSON error shape.
//! - [`extract`]: caller, client address, JSON/query/path wrappers, paging.
//! - [`routes`]: one module per area.

// The OpenAPI schemas are one large `json!` literal.
#![recursion_limit = "512"]

pub mod api;
pub mod error;
pub mod extract;
pub mod pages;
pub mod routes;
pub mod views;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tidtam_service::{Role, Service};

use crate::api::{Doc, Method};
use crate::error::{AppError, InternalDetail};

/// Web settings, built by the binary from flags and environment.
#[derive(Clone, Debug, Default)]
pub struct WebConfig {
    /// Leave `Secure` off the session cookie, for plain-HTTP use on one's own
    /// machine only (`--insecure-cookies`, implied by `--demo`); by default the
    /// cookie is `Secure` (serve over HTTPS, or behind a TLS proxy).
    pub insecure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted load balancer).
    pub trust_forwarded_for: bool,
    /// Demo sign-ins to show on the landing page: `(username, role, password)`.
    pub demo_logins: Vec<(String, Role, String)>,
}

/// What every handler can reach. Cheap to clone; holds no mutable state.
#[derive(Clone, Debug)]
pub struct AppState {
    pub service: Service,
    pub config: Arc<WebConfig>,
}

impl AppState {
    pub fn new(service: Service, config: WebConfig) -> AppState {
        AppState { service, config: Arc::new(config) }
    }
}

/// Largest accepted request body (report uploads); the report reader applies its own file limit.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Every API route, with its documentation (the source of `/api/openapi.json`).
pub fn api() -> api::Api {
    let api = api::Api::new();
    let api = routes::health::routes(api);
    let api = routes::auth::routes(api);
    let api = routes::users::routes(api);
    let api = routes::org::routes(api);
    let api = routes::projects::routes(api);
    let api = routes::proposals::routes(api);
    let api = routes::reports::routes(api);
    let api = routes::search::routes(api);
    let api = routes::portfolio::routes(api);
    let api = routes::audit::routes(api);
    let api = routes::import::routes(api);
    let api = routes::exports::routes(api);
    let api = routes::sdmx::routes(api);
    let api = routes::ckan::routes(api);
    let api = routes::stats::routes(api);
    let api = routes::register::routes(api);
    let api = routes::dcat::routes(api);
    let api = routes::performance::routes(api);
    let api = routes::provinces::routes(api);
    let api = routes::linkage::routes(api);
    let api = pages::routes(api);
    api.add(
        Method::Get,
        "/api/openapi.json",
        Doc::new("meta", "This OpenAPI 3.1 document").document(),
        openapi_document,
    )
    .add(
        Method::Get,
        "/assets/tidtam.css",
        Doc::new("meta", "The stylesheet of the server's pages (served here: the CSP allows no other origin)")
            .stylesheet(),
        pages::assets::stylesheet,
    )
    .add(
        Method::Get,
        "/",
        Doc::new("meta", "A short Thai page about this server (`?lang=en`: English)")
            .query(&[api::opt("lang", "string", "`en` for English")])
            .html(),
        routes::landing::page_handler,
    )
}

/// The document of every route [`api`] registers (rebuilt per request: it is small and rarely asked for).
async fn openapi_document() -> axum::Json<serde_json::Value> {
    axum::Json(api::openapi(&api().into_parts().1))
}

/// The whole application: the API, the OpenAPI document, the landing page.
pub fn app(state: AppState) -> Router {
    let (router, _) = api().into_parts();
    router
        .fallback(|| async { AppError::no_route() })
        .method_not_allowed_fallback(|| async { AppError::method_not_allowed() })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(log_errors))
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(state)
}

/// The Content-Security-Policy of every response: the pages are rendered on the
/// server with their assets served by this app, so nothing else is allowed (no
/// inline script or style, no other origin, no framing, no plugins).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Security headers on every response (errors and fallbacks included), and
/// `Cache-Control: no-store` on every response to a signed-in caller or that
/// sets a cookie, so no shared or browser cache keeps private data.
pub async fn security_headers(request: Request, next: Next) -> Response {
    use axum::http::{HeaderValue, header};
    let signed_in = extract::cookie(request.headers(), extract::SESSION_COOKIE).is_some();
    let mut response = next.run(request).await;
    let sets_cookie = response.headers().contains_key(header::SET_COOKIE);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    if signed_in || sets_cookie {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Logs failed requests with their internal detail (never sent to the client).
pub async fn log_errors(request: Request, next: Next) -> Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let response = next.run(request).await;
    if let Some(InternalDetail(detail)) = response.extensions().get::<InternalDetail>() {
        eprintln!("tidtam-web: {method} {path}: {}: {detail}", response.status());
    }
    response
}

/// Serves the application on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>()).await
}

/// A `204 No Content` response.
pub(crate) fn no_content() -> Response {
    axum::http::StatusCode::NO_CONTENT.into_response()
}
