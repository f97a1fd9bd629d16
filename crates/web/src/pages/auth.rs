//! `/login`, `/logout` and `/prefs`: signing in with an HTML form (works
//! without JavaScript) and choosing the language and digits.
//!
//! Before a session exists there is no session CSRF token, so the sign-in form
//! uses a double-submit token: a random value in a `SameSite=Strict` cookie and
//! the same value in the form's hidden field; a cross-site post cannot read the
//! cookie to copy it.

use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use tidtam_service::ServiceError;

use super::prefs::{DIGITS_COOKIE, LANG_COOKIE, Prefs};
use super::shell::{PageError, PageResult, SignedForm, bare_page, page, safe_next};
use crate::AppState;
use crate::extract::{ClientIp, SESSION_COOKIE, cookie};
use crate::routes::auth::session_cookie;

const LOGIN_CSRF_COOKIE: &str = "tidtam_login_csrf";

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

fn login_form(
    prefs: Prefs,
    token: &str,
    next: &str,
    username: &str,
    error: Option<&str>,
    demo: maud::Markup,
) -> maud::Markup {
    let title = prefs.t("เข้าสู่ระบบ", "Sign in");
    bare_page(
        prefs,
        title,
        html! {
            p.brand-big { "ติดตาม" span.sub { " tidtam" } }
            h1 { (title) }
            @if let Some(error) = error { p.error role="alert" #login-error { (error) } }
            form method="post" action="/login" {
                input type="hidden" name="csrf" value=(token);
                input type="hidden" name="next" value=(next);
                p { label for="username" { (prefs.t("ชื่อผู้ใช้", "Username")) }
                    input #username name="username" type="text" autocomplete="username" required value=(username) autofocus; }
                p { label for="password" { (prefs.t("รหัสผ่าน", "Password")) }
                    input #password name="password" type="password" autocomplete="current-password" required; }
                p { button.primary type="submit" { (title) } }
            }
            (demo)
            p { a href={ "/prefs?lang=" (if prefs.en() { "th" } else { "en" }) "&next=/login" } {
                (if prefs.en() { "ภาษาไทย" } else { "English" }) } }
        },
    )
}

/// The demo's sign-ins, shown under the form when the server runs with `--demo`.
fn demo(state: &AppState, prefs: Prefs) -> maud::Markup {
    let viewer =
        super::shell::Viewer { actor: tidtam_service::Actor::public(), session: None, prefs, here: "/login".into() };
    crate::routes::landing::demo_logins(state, &viewer)
}

fn login_cookie(state: &AppState, token: &str) -> Result<HeaderValue, PageError> {
    let secure = if state.config.insecure_cookies { "" } else { "; Secure" };
    HeaderValue::from_str(&format!(
        "{LOGIN_CSRF_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600{secure}"
    ))
    .map_err(|error| {
        PageError::App(crate::error::AppError::internal(error.to_string()), Prefs::from_headers(&HeaderMap::new()))
    })
}

pub async fn login_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Query(query): axum::extract::Query<NextQuery>,
) -> PageResult {
    let prefs = Prefs::from_headers(&headers);
    let token = tidtam_service::auth::random_token().map_err(|error| PageError::from_service(error, prefs))?;
    let next = safe_next(query.next.as_deref());
    let mut response = page(login_form(prefs, &token, &next, "", None, demo(&state, prefs)));
    response.headers_mut().append(header::SET_COOKIE, login_cookie(&state, &token)?);
    Ok(response)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientIp(client_ip): ClientIp,
    Form(form): Form<LoginForm>,
) -> PageResult {
    let prefs = Prefs::from_headers(&headers);
    let next = safe_next(form.next.as_deref());
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    let fresh = tidtam_service::auth::random_token().map_err(|error| PageError::from_service(error, prefs))?;
    let again = |status: StatusCode, message: &str| -> PageResult {
        let mut response =
            (status, page(login_form(prefs, &fresh, &next, &form.username, Some(message), demo(&state, prefs))))
                .into_response();
        response.headers_mut().append(header::SET_COOKIE, login_cookie(&state, &fresh)?);
        Ok(response)
    };
    if expected.is_empty() || expected.len() != form.csrf.len() || !constant_time_eq(&expected, &form.csrf) {
        return again(
            StatusCode::FORBIDDEN,
            prefs.t("แบบฟอร์มหมดอายุ กรุณาลงชื่อเข้าใช้อีกครั้ง", "The form expired; please sign in again."),
        );
    }
    match state.service.login(&form.username, &form.password, &client_ip).await {
        Ok(session) => {
            let max_age = session.expires_at.duration_since(jiff::Timestamp::now()).as_secs().max(0);
            let cookie =
                session_cookie(&state, &session.token, max_age).map_err(|error| PageError::App(error, prefs))?;
            let mut response = Redirect::to(&next).into_response();
            response.headers_mut().append(header::SET_COOKIE, cookie);
            Ok(response)
        }
        Err(ServiceError::RateLimited { .. }) => again(
            StatusCode::TOO_MANY_REQUESTS,
            prefs.t("ลองเข้าระบบหลายครั้งเกินไป กรุณารอสักครู่แล้วลองใหม่", "Too many attempts; wait a moment and try again."),
        ),
        Err(ServiceError::Unauthenticated | ServiceError::Invalid(_)) => {
            again(StatusCode::UNAUTHORIZED, prefs.t("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "Wrong username or password."))
        }
        Err(error) => Err(PageError::from_service(error, prefs)),
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Deserialize)]
pub struct LogoutForm {}

pub async fn logout(State(state): State<AppState>, headers: HeaderMap, signed: SignedForm<LogoutForm>) -> PageResult {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.service.logout(&token).await.map_err(|error| PageError::from_service(error, signed.viewer.prefs))?;
    }
    let cookie = session_cookie(&state, "", 0).map_err(|error| PageError::App(error, signed.viewer.prefs))?;
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}

#[derive(Deserialize)]
pub struct PrefsQuery {
    lang: Option<String>,
    digits: Option<String>,
    next: Option<String>,
}

/// Stores the reader's language or digits in a cookie and goes back. A GET on
/// purpose: it is a link, changes nothing but the reader's own display, and
/// must work before signing in.
pub async fn set_prefs(axum::extract::Query(query): axum::extract::Query<PrefsQuery>) -> Response {
    let mut response = Redirect::to(&safe_next(query.next.as_deref())).into_response();
    let year = 365 * 24 * 3600;
    if let Some(lang) = query.lang.as_deref().filter(|lang| matches!(*lang, "th" | "en")) {
        let value = format!("{LANG_COOKIE}={lang}; Path=/; SameSite=Lax; Max-Age={year}");
        response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&value).expect("ascii cookie"));
    }
    if let Some(digits) = query.digits.as_deref().filter(|digits| matches!(*digits, "thai" | "arabic")) {
        let value = format!("{DIGITS_COOKIE}={digits}; Path=/; SameSite=Lax; Max-Age={year}");
        response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&value).expect("ascii cookie"));
    }
    response
}
