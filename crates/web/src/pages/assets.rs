//! The pages' stylesheet and script, built into the binary (no CDN: the pages
//! work with no internet, and the CSP allows only this origin).

use axum::http::header;
use axum::response::{IntoResponse, Response};

pub const STYLESHEET: &str = include_str!("../../assets/tidtam.css");
pub const SCRIPT: &str = include_str!("../../assets/tidtam.js");
/// The review page's keys (a, r, u, n); the page works without it.
pub const REVIEW_SCRIPT: &str = include_str!("../../assets/review.js");

/// Assets change only with the binary: a day's caching is safe and keeps pages fast.
const CACHE: &str = "public, max-age=86400";

pub async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, CACHE)], STYLESHEET).into_response()
}

pub async fn script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, CACHE)], SCRIPT).into_response()
}

pub async fn review_script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, CACHE)], REVIEW_SCRIPT)
        .into_response()
}

/// Sarabun (OFL), the same bytes the exports embed, so pages read the same on a
/// laptop with no Thai font installed.
pub async fn font_regular() -> Response {
    font(tidtam_export::fonts::SARABUN_REGULAR)
}

pub async fn font_bold() -> Response {
    font(tidtam_export::fonts::SARABUN_BOLD)
}

fn font(bytes: &'static [u8]) -> Response {
    ([(header::CONTENT_TYPE, "font/ttf"), (header::CACHE_CONTROL, "public, max-age=604800")], bytes).into_response()
}
