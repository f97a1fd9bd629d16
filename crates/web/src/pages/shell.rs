//! What every page shares: who is reading ([`Viewer`]), a signed form with its
//! CSRF check ([`SignedForm`]), errors as pages ([`PageError`]) and the layout
//! ([`layout`]). Pages are maud templates: checked at compile time, every
//! interpolation escaped; no inline script or style (the CSP refuses both).

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde::de::DeserializeOwned;
use tidtam_domain::policy::Role;
use tidtam_service::auth::SessionInfo;
use tidtam_service::{Actor, ServiceError};

use super::prefs::Prefs;
use crate::AppState;
use crate::error::AppError;
use crate::extract::{SESSION_COOKIE, cookie};

/// The reader of a page: the signed-in user (or the public), their preferences
/// and the path they are on (for the language switch and the sign-in return).
#[derive(Clone)]
pub struct Viewer {
    pub actor: Actor,
    pub session: Option<SessionInfo>,
    pub prefs: Prefs,
    /// Path and query of this request.
    pub here: String,
}

impl Viewer {
    pub fn signed_in(&self) -> bool {
        self.session.is_some()
    }

    /// The CSRF token forms carry in their hidden `csrf` field.
    pub fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |session| session.csrf_token.as_str())
    }

    /// Sends the public to the sign-in page (returning here afterwards).
    pub fn require_signed_in(&self) -> Result<(), PageError> {
        if self.signed_in() { Ok(()) } else { Err(PageError::SignIn(self.here.clone())) }
    }

    pub fn is(&self, roles: &[Role]) -> bool {
        roles.contains(&self.actor.role)
    }
}

async fn viewer_from(parts: &Parts, state: &AppState) -> Result<Viewer, PageError> {
    let prefs = Prefs::from_headers(&parts.headers);
    let session = match cookie(&parts.headers, SESSION_COOKIE) {
        Some(token) => match state.service.session(&token).await {
            Ok(session) => Some(session),
            Err(ServiceError::Unauthenticated) => None,
            Err(error) => return Err(PageError::from_service(error, prefs)),
        },
        None => None,
    };
    let actor = session.as_ref().map_or_else(Actor::public, |session| session.actor.clone());
    let here = parts.uri.path_and_query().map_or_else(|| "/".to_string(), |pq| pq.as_str().to_string());
    Ok(Viewer { actor, session, prefs, here })
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Viewer, PageError> {
        viewer_from(parts, state).await
    }
}

/// Largest form body (a quarterly report's texts fit many times over).
pub const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// A URL-encoded form posted by a signed-in reader whose hidden `csrf` field
/// matches the session: checked here, so no handler can forget it. Every text
/// passes the service's input rule (control characters, length) first.
pub struct SignedForm<T> {
    pub viewer: Viewer,
    pub form: T,
}

impl<T: DeserializeOwned> FromRequest<AppState> for SignedForm<T> {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &AppState) -> Result<SignedForm<T>, PageError> {
        let (parts, body) = request.into_parts();
        let viewer = viewer_from(&parts, state).await?;
        let prefs = viewer.prefs;
        let Some(session) = &viewer.session else {
            return Err(PageError::SignIn(referer_path(&parts).unwrap_or_else(|| "/dashboard".into())));
        };
        let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
            .await
            .map_err(|_| PageError::App(AppError::too_large(MAX_FORM_BYTES), prefs))?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).map_err(|error| {
            PageError::App(AppError::bad_request(StatusCode::BAD_REQUEST, &error.to_string()), prefs)
        })?;
        let sent = pairs.iter().find(|(key, _)| key == "csrf").map_or("", |(_, value)| value.as_str());
        if !session.csrf_matches(sent) {
            return Err(PageError::App(AppError::csrf(), prefs));
        }
        let problems = tidtam_service::input::field_problems(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if !problems.is_empty() {
            return Err(PageError::from_service(ServiceError::Invalid(problems), prefs));
        }
        let form = serde_urlencoded::from_bytes(&bytes).map_err(|error| {
            PageError::App(AppError::bad_request(StatusCode::BAD_REQUEST, &error.to_string()), prefs)
        })?;
        Ok(SignedForm { viewer, form })
    }
}

/// A file upload (multipart form) of a signed-in reader: its text fields and
/// its `file` (the name the browser gave, if any, and the bytes), read only
/// after the hidden `csrf` field matched the session.
pub struct SignedUpload {
    pub fields: Vec<(String, String)>,
    pub file: Option<(Option<String>, Vec<u8>)>,
    /// Files of other fields (a form with two file inputs): the field, the name the browser gave, the bytes.
    pub files: Vec<(String, Option<String>, Vec<u8>)>,
}

impl SignedUpload {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// Reads a multipart form for `viewer` (the public is sent to sign in, then to `return_to`).
pub async fn signed_upload(
    viewer: &Viewer,
    mut multipart: axum::extract::Multipart,
    return_to: &str,
) -> Result<SignedUpload, PageError> {
    let prefs = viewer.prefs;
    let Some(session) = &viewer.session else { return Err(PageError::SignIn(return_to.to_string())) };
    let bad = |error: axum::extract::multipart::MultipartError| {
        PageError::App(AppError::bad_request(error.status(), &error.body_text()), prefs)
    };
    let mut upload = SignedUpload { fields: Vec::new(), file: None, files: Vec::new() };
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = field.file_name().map(str::to_string);
            upload.file = Some((file_name, field.bytes().await.map_err(bad)?.to_vec()));
        } else if field.file_name().is_some() {
            let file_name = field.file_name().map(str::to_string);
            upload.files.push((name, file_name, field.bytes().await.map_err(bad)?.to_vec()));
        } else {
            upload.fields.push((name, field.text().await.map_err(bad)?));
        }
    }
    if !session.csrf_matches(upload.field("csrf").unwrap_or("")) {
        return Err(PageError::App(AppError::csrf(), prefs));
    }
    Ok(upload)
}

/// The path of the page a form was posted from, if it is on this site.
fn referer_path(parts: &Parts) -> Option<String> {
    let referer = parts.headers.get(header::REFERER)?.to_str().ok()?;
    let uri: axum::http::Uri = referer.parse().ok()?;
    uri.path_and_query().map(|pq| pq.as_str().to_string()).filter(|path| path.starts_with('/'))
}

/// A failed page: the public is sent to sign in; everything else is a page
/// saying what went wrong in the reader's language (never internal detail).
pub enum PageError {
    SignIn(String),
    App(AppError, Prefs),
}

impl PageError {
    pub fn from_service(error: ServiceError, prefs: Prefs) -> PageError {
        PageError::App(error.into(), prefs)
    }
}

/// `?` on a service call inside a page handler.
pub trait OrPage<T> {
    fn or_page(self, viewer: &Viewer) -> Result<T, PageError>;
}

impl<T> OrPage<T> for Result<T, ServiceError> {
    fn or_page(self, viewer: &Viewer) -> Result<T, PageError> {
        self.map_err(|error| match error {
            ServiceError::Unauthenticated => PageError::SignIn(viewer.here.clone()),
            error => PageError::from_service(error, viewer.prefs),
        })
    }
}

/// Where to go after signing in: a local path only (never another site).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => path.to_string(),
        _ => "/dashboard".to_string(),
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::SignIn(next) => {
                let next = safe_next(Some(&next));
                Redirect::to(&format!("/login?next={}", urlencode(&next))).into_response()
            }
            PageError::App(error, prefs) => {
                let title = prefs.t("เกิดข้อผิดพลาด", "Something went wrong");
                let message = if prefs.en() { &error.body.message_en } else { &error.body.message_th };
                let body = html! {
                    h1 { (title) }
                    p.error role="alert" { (message) }
                    @if !error.body.fields.is_empty() {
                        ul { @for field in &error.body.fields {
                            li { code { (field.field) } ": " (if prefs.en() { &field.message_en } else { &field.message_th }) }
                        } }
                    }
                    p { a href="/dashboard" { (prefs.t("กลับหน้าแรก", "Back to the dashboard")) } }
                };
                let page = bare_page(prefs, title, body);
                let mut response = (error.status, page_html(page)).into_response();
                if let Some(detail) = error.internal {
                    response.extensions_mut().insert(crate::error::InternalDetail(detail));
                }
                response
            }
        }
    }
}

pub type PageResult = Result<Response, PageError>;

/// Percent-encodes a query value.
pub fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)]).map(|pair| pair[1..].to_string()).unwrap_or_default()
}

/// Every page's `<head>`: the stylesheet only (the report form adds its script in the body).
fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · tidtam" }
            link rel="stylesheet" href="/assets/tidtam.css";
        }
    }
}

/// A page without the navigation (sign-in, errors before a session exists).
pub fn bare_page(prefs: Prefs, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(prefs.lang.code()) {
            (head(title))
            body { main #main.narrow { (body) } }
        }
    }
}

/// One item of the main navigation: shown to the roles that can use it.
struct NavItem {
    href: &'static str,
    th: &'static str,
    en: &'static str,
    roles: &'static [Role],
}

const EVERYONE: &[Role] = &[Role::Admin, Role::Planner, Role::ProjectOwner, Role::Executive, Role::Public];
const ALL_ROLES: &[Role] =
    &[Role::Admin, Role::Planner, Role::ProjectOwner, Role::Executive, Role::Public, Role::Statistician];
const STAFF: &[Role] = &[Role::Admin, Role::Planner, Role::ProjectOwner, Role::Executive];

const NAV: &[NavItem] = &[
    NavItem { href: "/dashboard", th: "ภาพรวม", en: "Dashboard", roles: EVERYONE },
    NavItem { href: "/projects", th: "โครงการ", en: "Projects", roles: EVERYONE },
    NavItem {
        href: "/reviews", th: "ตรวจรายงาน", en: "Reviews", roles: &[Role::Admin, Role::Planner]
    },
    NavItem { href: "/late", th: "ยังไม่รายงาน", en: "Late", roles: STAFF },
    // Who may import files at all (the service's `may_import_files`).
    NavItem {
        href: "/import", th: "นำเข้าไฟล์", en: "Import", roles: &[Role::Admin, Role::Planner]
    },
    NavItem { href: "/provinces", th: "แผนที่จังหวัด", en: "Provinces", roles: EVERYONE },
    NavItem { href: "/search", th: "ค้นหา", en: "Search", roles: EVERYONE },
    // Planners read the trail of one project at a time, from its page.
    NavItem {
        href: "/audit", th: "ประวัติการแก้ไข", en: "Audit trail", roles: &[Role::Admin, Role::Executive]
    },
    NavItem { href: "/admin/users", th: "ผู้ดูแล", en: "Admin", roles: &[Role::Admin] },
    NavItem { href: "/admin/deadlines", th: "ตั้งค่า", en: "Settings", roles: &[Role::Planner] },
    NavItem { href: "/kpi", th: "คำรับรอง", en: "Agreement KPIs", roles: PERFORMANCE },
    NavItem { href: "/pmqa", th: "PMQA", en: "PMQA", roles: PERFORMANCE },
    // Everyone reads the statistics hub; statisticians keep it.
    NavItem { href: "/stats", th: "สถิติ", en: "Statistics", roles: ALL_ROLES },
    NavItem {
        href: "/statistics-system", th: "ระบบสถิติทางการ", en: "Official statistics", roles: ALL_ROLES
    },
    // Record-linkage review holds personal data: the policy's `ResourceKind::LinkageJob`.
    NavItem {
        href: "/linkage", th: "ตรวจการเชื่อมโยง", en: "Linkage review", roles: &[Role::Admin, Role::Statistician]
    },
];

/// Who may read organisation performance (`ResourceKind::Performance`).
const PERFORMANCE: &[Role] = &[Role::Admin, Role::Planner, Role::ProjectOwner, Role::Executive, Role::Committee];

/// The page with the header, navigation, language and digit switches.
pub fn layout(viewer: &Viewer, title: &str, body: Markup) -> Markup {
    let prefs = viewer.prefs;
    let here = urlencode(&viewer.here);
    let current = viewer.here.split('?').next().unwrap_or("/");
    html! {
        (DOCTYPE)
        html lang=(prefs.lang.code()) {
            (head(title))
            body {
                a.skip href="#main" { (prefs.t("ข้ามไปยังเนื้อหา", "Skip to content")) }
                header.top {
                    a.brand href="/dashboard" { "ติดตาม" span.sub { " tidtam" } }
                    nav aria-label=(prefs.t("เมนูหลัก", "Main menu")) {
                        ul {
                            @for item in NAV.iter().filter(|item| item.roles.contains(&viewer.actor.role)) {
                                li { a href=(item.href) aria-current=[(current.starts_with(item.href)).then_some("page")] {
                                    (prefs.t(item.th, item.en))
                                } }
                            }
                        }
                    }
                    div.who {
                        @if prefs.en() {
                            a href={ "/prefs?lang=th&next=" (here) } lang="th" { "ภาษาไทย" }
                        } @else {
                            a href={ "/prefs?lang=en&next=" (here) } lang="en" { "English" }
                        }
                        " · "
                        @if prefs.thai_digits {
                            a href={ "/prefs?digits=arabic&next=" (here) } { "123" }
                        } @else {
                            a href={ "/prefs?digits=thai&next=" (here) } { "๑๒๓" }
                        }
                        @if let Some(session) = &viewer.session {
                            " · " span { (session.actor.username) " (" (prefs.role(session.actor.role)) ")" }
                            form.inline method="post" action="/logout" {
                                input type="hidden" name="csrf" value=(viewer.csrf());
                                button type="submit" { (prefs.t("ออกจากระบบ", "Sign out")) }
                            }
                        } @else {
                            " · " a href={ "/login?next=" (here) } { (prefs.t("เข้าสู่ระบบ", "Sign in")) }
                        }
                    }
                }
                main #main tabindex="-1" { h1 { (title) } (body) }
                footer { (prefs.t("ติดตาม — ระบบติดตามและประเมินผลโครงการ", "tidtam — project monitoring and evaluation")) }
            }
        }
    }
}

/// A page response: HTML, never cached by shared caches (the security
/// middleware adds `no-store` for signed-in readers).
pub fn page(markup: Markup) -> Response {
    page_html(markup).into_response()
}

fn page_html(markup: Markup) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], markup.into_string())
}

/// Hidden CSRF field for a form.
pub fn csrf_field(viewer: &Viewer) -> Markup {
    html! { input type="hidden" name="csrf" value=(viewer.csrf()); }
}

/// Text that is already safe HTML (only for markup this crate built).
pub fn trusted(html: String) -> PreEscaped<String> {
    PreEscaped(html)
}
