//! `GET /`: what this server is, in Thai first (`?lang=en`, or the reader's
//! language switch): the way into the pages, the API document, and in demo
//! mode the sign-ins to try.

use axum::extract::State;
use axum::response::Response;
use maud::html;
use serde::Deserialize;

use crate::AppState;
use crate::extract::Params;
use crate::pages::prefs::Lang;
use crate::pages::shell::{Viewer, layout, page};

#[derive(Deserialize)]
pub struct Query {
    lang: Option<String>,
}

pub async fn page_handler(State(state): State<AppState>, viewer: Viewer, Params(query): Params<Query>) -> Response {
    let mut viewer = viewer;
    if query.lang.as_deref() == Some("en") {
        viewer.prefs.lang = Lang::En;
    }
    let prefs = viewer.prefs;
    let title = prefs.t("ติดตาม: ระบบติดตามและประเมินผลโครงการ", "tidtam: project monitoring and evaluation");
    let body = html! {
        p { (prefs.t(
            "ติดตาม (tidtam) เป็นระบบวางแผน ติดตาม และประเมินผลโครงการของหน่วยงานภาครัฐ: รายงานผลรายไตรมาส งบประมาณ ตัวชี้วัด การตรวจสอบรายงาน และประวัติการแก้ไข",
            "tidtam (ติดตาม) plans, monitors and evaluates government projects: quarterly reports, budgets, KPIs, review workflow and audit trail.")) }
        p.actions {
            a.button href="/dashboard" { (prefs.t("ดูภาพรวมโครงการ", "See the portfolio")) } " "
            @if !viewer.signed_in() { a.button href="/login" { (prefs.t("เข้าสู่ระบบ", "Sign in")) } }
        }
        (demo_logins(&state, &viewer))
        h2 { (prefs.t("สำหรับนักพัฒนา", "For developers")) }
        ul {
            li { (prefs.t("API แบบ JSON", "JSON API")) ": " code { "/api/…" } " — " a href="/api/openapi.json" { (prefs.t("เอกสาร OpenAPI", "OpenAPI document")) } }
            li { a href="/api/portfolio?fiscal_year=2568&group_by=strategy" { "/api/portfolio?fiscal_year=2568&group_by=strategy" } }
        }
    };
    page(layout(&viewer, title, body))
}

/// The demo's sign-ins (only when the server was started with `--demo`).
pub fn demo_logins(state: &AppState, viewer: &Viewer) -> maud::Markup {
    let prefs = viewer.prefs;
    html! {
        @if let Some((_, _, password)) = state.config.demo_logins.first() {
            section.demo {
                h2 { (prefs.t("บัญชีทดลองใช้", "Demo sign-ins")) }
                p { (prefs.t("รหัสผ่านเดียวกันทุกบัญชี", "One password for all")) ": " code { (password) } }
                ul { @for (username, role, _) in &state.config.demo_logins {
                    li { code { (username) } " — " (prefs.role(*role)) }
                } }
            }
        }
    }
}
