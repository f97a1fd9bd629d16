//! `GET /`: a tiny Thai-first page (`?lang=en` for English) saying what the
//! server is, where the API document is, and (in demo mode) how to sign in.
//! Served from the binary: no CDN, no script, no inline style (the stylesheet
//! is `/assets/tidtam.css`, so the Content-Security-Policy can refuse inline code).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::AppState;
use crate::extract::Params;

#[derive(Deserialize)]
pub struct Query {
    lang: Option<String>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub async fn page(State(state): State<AppState>, Params(query): Params<Query>) -> Response {
    let english = query.lang.as_deref() == Some("en");
    let (lang, title, intro, api, doc, switch, logins, sign_in) = if english {
        (
            "en",
            "tidtam: project monitoring",
            "tidtam (ติดตาม) plans, monitors and evaluates government projects: quarterly reports, budgets, KPIs, review workflow and audit trail.",
            "JSON API",
            "OpenAPI document",
            r#"<a href="/">ภาษาไทย</a>"#,
            "Demo sign-ins (password for all):",
            "Sign in with <code>POST /api/session</code> and a JSON body <code>{\"username\", \"password\"}</code>; send the returned <code>csrf_token</code> in <code>X-CSRF-Token</code> on every write.",
        )
    } else {
        (
            "th",
            "ติดตาม: ระบบติดตามและประเมินผลโครงการ",
            "ติดตาม (tidtam) เป็นระบบวางแผน ติดตาม และประเมินผลโครงการของหน่วยงานภาครัฐ: รายงานผลรายไตรมาส งบประมาณ ตัวชี้วัด การตรวจสอบรายงาน และประวัติการแก้ไข",
            "API แบบ JSON",
            "เอกสาร OpenAPI",
            r#"<a href="/?lang=en">English</a>"#,
            "บัญชีทดลองใช้ (รหัสผ่านเดียวกันทุกบัญชี):",
            "เข้าสู่ระบบด้วย <code>POST /api/session</code> ส่ง JSON <code>{\"username\", \"password\"}</code> แล้วส่ง <code>csrf_token</code> ที่ได้ในส่วนหัว <code>X-CSRF-Token</code> ทุกครั้งที่แก้ไขข้อมูล",
        )
    };
    let mut demo = String::new();
    if let Some((_, _, password)) = state.config.demo_logins.first() {
        demo.push_str(&format!("<h2>{logins} <code>{}</code></h2><ul>", escape(password)));
        for (username, role, _) in &state.config.demo_logins {
            demo.push_str(&format!("<li><code>{}</code> ({})</li>", escape(username), role.as_str()));
        }
        demo.push_str("</ul>");
    }
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/assets/tidtam.css\"></head>\
         <body><p class=\"lang\">{switch}</p><h1>{title}</h1><p>{intro}</p>\
         <ul><li>{api}: <code>/api/…</code></li><li><a href=\"/api/openapi.json\">{doc}</a> (<code>/api/openapi.json</code>)</li>\
         <li><a href=\"/api/portfolio?fiscal_year=2568&amp;group_by=strategy\">/api/portfolio?fiscal_year=2568&amp;group_by=strategy</a></li></ul>\
         <p>{sign_in}</p>{demo}</body></html>"
    );
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}
