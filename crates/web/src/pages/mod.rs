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
pub mod linkage;
pub mod performance;
pub mod prefs;
pub mod projects;
pub mod province;
pub mod province_shapes;
pub mod provinces;
pub mod register;
pub mod report;
pub mod search;
pub mod shell;
pub mod stats;
pub mod work;

use axum::routing::{get, post};

use crate::api::Api;

/// Every page route, registered with [`Api::page`]: routed, not documented
/// (pages are for people, not an API), and sharing the dispatcher of a
/// documented download with the same path shape (`/projects/{id}` and
/// `/projects/{id}.pdf`).
pub fn routes(api: Api) -> Api {
    api.page("/login", get(auth::login_page).post(auth::login))
        .page("/logout", post(auth::logout))
        .page("/prefs", get(auth::set_prefs))
        .page("/dashboard", get(dashboard::dashboard))
        .page("/projects", get(projects::list))
        .page("/projects/{id}", get(projects::detail))
        .page("/projects/{id}/attachments", post(attachments::upload))
        .page("/attachments/{id}", get(attachments::download))
        .page("/projects/{id}/reports/{fy}/{q}", get(report::form).post(report::save))
        .page("/projects/{id}/reports/{fy}/{q}/check", post(report::live_check))
        .page("/reviews", get(work::reviews))
        .page("/late", get(work::late))
        .page("/import", get(import::form).post(import::preview))
        .page("/import/confirm", post(import::confirm))
        .page("/provinces", get(provinces::map))
        .page("/provinces/{code}", get(province::profile))
        .page("/provinces/{code}/chart", get(province::chart).post(province::save_chart))
        .page("/search", get(search::search))
        .page("/audit", get(admin::audit))
        .page("/admin/users", get(admin::users).post(admin::create_user))
        .page("/admin/org", get(admin::org).post(admin::create_org))
        .page("/admin/strategies", get(admin::strategies).post(admin::create_strategy))
        .page("/admin/deadlines", get(admin::deadlines).post(admin::set_deadlines))
        .page("/admin/targets", get(admin::targets).post(admin::set_targets))
        .page("/kpi", get(performance::scorecard))
        .page("/kpi/{id}", get(performance::indicator))
        .page("/kpi/{id}/rounds/{months}", post(performance::save_round))
        .page("/kpi/{id}/rounds/{months}/evidence", post(performance::add_evidence))
        .page("/kpi/evidence/{id}/file", get(performance::evidence_file))
        .page("/kpi/agreements/{id}/import", post(performance::import_preview))
        .page("/kpi/agreements/{id}/import/confirm", post(performance::import_confirm))
        .page("/kpi/{id}/rounds/{months}/lock", post(performance::lock))
        .page("/kpi/{id}/rounds/{months}/unlock", post(performance::unlock))
        .page("/kpi/{id}/rounds/{months}/committee", post(performance::committee))
        .page("/pmqa", get(performance::pmqa))
        .page("/assets/tidtam.js", get(assets::script))
        .page("/assets/review.js", get(assets::review_script))
        .page("/linkage", get(linkage::jobs).post(linkage::create))
        .page("/linkage/{id}", get(linkage::job))
        .page("/linkage/{id}/review", get(linkage::review))
        .page("/linkage/{id}/pairs/{pair}", get(linkage::pair).post(linkage::decide))
        .page("/assets/fonts/Sarabun-Regular.ttf", get(assets::font_regular))
        .page("/assets/fonts/Sarabun-Bold.ttf", get(assets::font_bold))
        .page("/stats", get(stats::catalog))
        .page("/stats/explore", get(stats::explore))
        .page("/stats/{code}", get(stats::dataset))
        .page("/stats/{code}/disclosure", post(stats::save_disclosure))
        .page("/admin/codelists", get(stats::codelists).post(stats::save_code))
        .page("/statistics-system", get(register::system))
        .page("/statistics-system/new", get(register::new_form).post(register::create))
        .page("/statistics-system/entry/{code}", get(register::entry).post(register::save))
}
