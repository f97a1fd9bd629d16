//! The pages' stylesheet and script, built into the binary (no CDN: the pages
//! work with no internet, and the CSP allows only this origin).

use axum::http::header;
use axum::response::{IntoResponse, Response};

pub const STYLESHEET: &str = include_str!("../../assets/tidtam.css");
pub const SCRIPT: &str = include_str!("../../assets/tidtam.js");

/// Assets change only with the binary: a day's caching is safe and keeps pages fast.
const CACHE: &str = "public, max-age=86400";

pub async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, CACHE)], STYLESHEET).into_response()
}

pub async fn script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, CACHE)], SCRIPT).into_response()
}
