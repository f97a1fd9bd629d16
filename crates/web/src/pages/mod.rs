//! The pages people use: server-rendered HTML over the same service use cases
//! and view types as the JSON API. Thai first (`/prefs?lang=en` switches),
//! Buddhist-era dates, Thai or Arabic digits by preference; every form works
//! without JavaScript and carries the session's CSRF token in a hidden field.
//!
//! Not in the OpenAPI document: these are pages for people, not an API.

pub mod admin;
pub mod assets;
pub mod attachments;
pub mod auth;
pub mod chart;
pub mod dashboard;
pub mod import;
pub mod prefs;
pub mod projects;
pub mod province_shapes;
pub mod provinces;
pub mod report;
pub mod search;
pub mod shell;
pub mod work;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

/// Every page route.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/prefs", get(auth::set_prefs))
        .route("/dashboard", get(dashboard::dashboard))
        .route("/projects", get(projects::list))
        .route("/projects/{id}", get(projects::detail))
        .route("/projects/{id}/attachments", post(attachments::upload))
        .route("/attachments/{id}", get(attachments::download))
        .route("/projects/{id}/reports/{fy}/{q}", get(report::form).post(report::save))
        .route("/projects/{id}/reports/{fy}/{q}/check", post(report::live_check))
        .route("/reviews", get(work::reviews))
        .route("/late", get(work::late))
        .route("/import", get(import::form).post(import::preview))
        .route("/import/confirm", post(import::confirm))
        .route("/provinces", get(provinces::map))
        .route("/search", get(search::search))
        .route("/audit", get(admin::audit))
        .route("/admin/users", get(admin::users).post(admin::create_user))
        .route("/admin/org", get(admin::org).post(admin::create_org))
        .route("/admin/strategies", get(admin::strategies).post(admin::create_strategy))
        .route("/admin/deadlines", get(admin::deadlines).post(admin::set_deadlines))
        .route("/admin/targets", get(admin::targets).post(admin::set_targets))
        .route("/assets/tidtam.js", get(assets::script))
}
