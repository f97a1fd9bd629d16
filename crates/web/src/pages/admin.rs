//! `/audit` and the administration pages: `/admin/users`, `/admin/org`,
//! `/admin/strategies`, `/admin/deadlines`, `/admin/targets`. Each lists what
//! exists and has one form to add or set; the service decides who may.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use maud::{Markup, html};
use serde::Deserialize;
use tidtam_domain::model::{OrgKind, OrgUnitInput, StrategyInput, StrategyLevel};
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_service::auth::NewUser;
use tidtam_service::filters::AuditFilter;
use tidtam_service::{PageRequest, Role, ServiceError};

use super::dashboard::default_year;
use super::projects::{audit_table, pager};
use super::shell::{OrPage, PageError, PageResult, SignedForm, Viewer, csrf_field, layout, page};
use crate::extract::Params;
use crate::{AppState, views};

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    entity: Option<String>,
    entity_id: Option<i64>,
    page: Option<u32>,
}

pub async fn audit(State(state): State<AppState>, viewer: Viewer, Params(query): Params<AuditQuery>) -> PageResult {
    viewer.require_signed_in()?;
    let prefs = viewer.prefs;
    let page_number = query.page.unwrap_or(1).max(1);
    let filter = AuditFilter { entity: query.entity.clone(), entity_id: query.entity_id, ..AuditFilter::default() };
    let entries =
        state.service.audit_trail(&viewer.actor, filter, PageRequest::new(page_number, 50)).await.or_page(&viewer)?;
    let pages = (entries.total.max(0) as u32).div_ceil(50).max(1);
    let base = serde_urlencoded::to_string(
        [("entity", query.entity.clone()), ("entity_id", query.entity_id.map(|id| id.to_string()))]
            .into_iter()
            .filter_map(|(key, value)| value.map(|value| (key, value)))
            .collect::<Vec<_>>(),
    )
    .unwrap_or_default();
    let items: Vec<_> = entries.items.into_iter().map(views::audit_entry).collect();
    let title = prefs.t("ประวัติการแก้ไข", "Audit trail");
    let body = html! {
        p { (prefs.int(entries.total)) " " (prefs.t("รายการ", "entries")) }
        (audit_table(prefs, &items))
        (pager(prefs, "/audit", &base, page_number, pages))
    };
    Ok(page(layout(&viewer, title, body)))
}

pub(crate) fn admin_tabs(viewer: &Viewer) -> Markup {
    let prefs = viewer.prefs;
    let here = viewer.here.split('?').next().unwrap_or("");
    // Users and the organisation are the administrator's; the planning group sets the rest.
    let admin = viewer.is(&[tidtam_service::Role::Admin]);
    let tabs = [
        ("/admin/users", prefs.t("ผู้ใช้", "Users")),
        ("/admin/org", prefs.t("หน่วยงาน", "Organisation")),
        ("/admin/strategies", prefs.t("ยุทธศาสตร์", "Strategies")),
        ("/admin/deadlines", prefs.t("กำหนดส่งรายงาน", "Deadlines")),
        ("/admin/targets", prefs.t("เป้าหมายการเบิกจ่าย", "Disbursement targets")),
        ("/admin/codelists", prefs.t("รหัสสถิติ", "Statistical codes")),
    ];
    let tabs = tabs
        .into_iter()
        .filter(|(href, _)| admin || !matches!(*href, "/admin/users" | "/admin/org" | "/admin/codelists"));
    html! { nav.tabs aria-label=(prefs.t("เมนูผู้ดูแล", "Administration")) { @for (href, label) in tabs {
        a href=(href) aria-current=[(here == href).then_some("page")] { (label) }
    } } }
}

/// A service refusal or invalid input shown above the page's form.
pub(crate) fn problem(viewer: &Viewer, error: &ServiceError) -> Markup {
    let body = error.body();
    let prefs = viewer.prefs;
    html! { div.notice.error role="alert" {
        p { (if prefs.en() { &body.message_en } else { &body.message_th }) }
        @if !body.fields.is_empty() { ul { @for field in &body.fields { li { code { (field.field) } ": " (if prefs.en() { &field.message_en } else { &field.message_th }) } } } }
    } }
}

async fn users_page(state: &AppState, viewer: &Viewer, error: Option<&ServiceError>) -> PageResult {
    let prefs = viewer.prefs;
    let users = state.service.list_users(&viewer.actor, PageRequest::new(1, 200)).await.or_page(viewer)?;
    let org = state.service.list_org_units(&viewer.actor).await.unwrap_or_default();
    let title = prefs.t("ผู้ใช้", "Users");
    let body = html! {
        (admin_tabs(viewer))
        @if let Some(error) = error { (problem(viewer, error)) }
        div.table-wrap { table {
            thead { tr { th scope="col" { (prefs.t("ชื่อผู้ใช้", "Username")) } th scope="col" { (prefs.t("ชื่อ", "Name")) }
                th scope="col" { (prefs.t("บทบาท", "Role")) } th scope="col" { (prefs.t("สังกัด", "Unit")) } th scope="col" { (prefs.t("ใช้งาน", "Active")) } } }
            tbody { @for user in &users.items { tr {
                td { (user.username) } td { (user.display_name) } td { (prefs.role(user.role)) }
                td { (user.division_id.or(user.agency_id).and_then(|id| org.iter().find(|u| u.id == id)).map_or("–", |u| u.name.as_str())) }
                td { (if user.active { prefs.t("ใช่", "yes") } else { prefs.t("ไม่", "no") }) }
            } } }
        } }
        h2 { (prefs.t("เพิ่มผู้ใช้", "Add a user")) }
        form method="post" action="/admin/users" {
            (csrf_field(viewer))
            p.field { label for="username" { (prefs.t("ชื่อผู้ใช้", "Username")) } input #username name="username" required autocomplete="off"; }
            p.field { label for="display_name" { (prefs.t("ชื่อ-นามสกุล", "Full name")) } input #display_name name="display_name" required; }
            p.field { label for="password" { (prefs.t("รหัสผ่านเริ่มต้น (อย่างน้อย ๑๒ ตัวอักษร)", "Initial password (at least 12 characters)")) } input #password name="password" type="password" required autocomplete="new-password"; }
            p.field { label for="role" { (prefs.t("บทบาท", "Role")) } select #role name="role" {
                @for role in Role::ALL.into_iter().filter(|r| *r != Role::Public) { option value=(role.as_str()) { (prefs.role(role)) } } } }
            p.field { label for="unit" { (prefs.t("สังกัด", "Unit")) } select #unit name="unit" {
                option value="" { "–" }
                @for unit in &org { option value=(unit.id) { (unit.name) } } } }
            p { button.primary type="submit" { (prefs.t("เพิ่มผู้ใช้", "Add user")) } }
        }
    };
    Ok(page(layout(viewer, title, body)))
}

pub async fn users(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    viewer.require_signed_in()?;
    users_page(&state, &viewer, None).await
}

#[derive(Deserialize)]
pub struct UserForm {
    username: String,
    display_name: String,
    password: String,
    role: String,
    unit: Option<String>,
}

pub async fn create_user(State(state): State<AppState>, signed: SignedForm<UserForm>) -> PageResult {
    let (viewer, form) = (signed.viewer, signed.form);
    let role = Role::parse(&form.role).unwrap_or(Role::ProjectOwner);
    let unit_id = form.unit.as_deref().and_then(|unit| unit.parse::<i64>().ok());
    let org = state.service.list_org_units(&viewer.actor).await.unwrap_or_default();
    let unit = unit_id.and_then(|id| org.iter().find(|u| u.id == id));
    // A division's agency is its parent; an agency is its own.
    let (agency_id, division_id) = match unit {
        Some(unit) if unit.kind == OrgKind::Division => (unit.parent_id, Some(unit.id)),
        Some(unit) => (Some(unit.id), None),
        None => (None, None),
    };
    let input = NewUser {
        username: form.username,
        display_name: form.display_name,
        password: form.password,
        role,
        agency_id,
        division_id,
    };
    match state.service.create_user(&viewer.actor, input).await {
        Ok(_) => Ok(Redirect::to("/admin/users").into_response()),
        Err(ServiceError::Unauthenticated) => Err(PageError::SignIn("/admin/users".into())),
        Err(error) => {
            let response = users_page(&state, &viewer, Some(&error)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, response).into_response())
        }
    }
}

fn kind_label(viewer: &Viewer, kind: OrgKind) -> &'static str {
    let prefs = viewer.prefs;
    match kind {
        OrgKind::Ministry => prefs.t("กระทรวง", "Ministry"),
        OrgKind::Agency => prefs.t("หน่วยงาน (กรม)", "Agency"),
        OrgKind::Division => prefs.t("กอง/สำนัก", "Division"),
        OrgKind::ProvincialOffice => prefs.t("สำนักงานจังหวัด", "Provincial office"),
    }
}

async fn org_page(state: &AppState, viewer: &Viewer, error: Option<&ServiceError>) -> PageResult {
    let prefs = viewer.prefs;
    let org = state.service.list_org_units(&viewer.actor).await.or_page(viewer)?;
    let title = prefs.t("หน่วยงาน", "Organisation");
    let body = html! {
        (admin_tabs(viewer))
        @if let Some(error) = error { (problem(viewer, error)) }
        div.table-wrap { table {
            thead { tr { th scope="col" { (prefs.t("รหัส", "Code")) } th scope="col" { (prefs.t("ชื่อ", "Name")) } th scope="col" { (prefs.t("ประเภท", "Kind")) } th scope="col" { (prefs.t("สังกัด", "Parent")) } } }
            tbody { @for unit in &org { tr {
                td { (unit.code) } td { (unit.name) } td { (kind_label(viewer, unit.kind)) }
                td { (unit.parent_id.and_then(|id| org.iter().find(|u| u.id == id)).map_or("–", |u| u.name.as_str())) }
            } } }
        } }
        h2 { (prefs.t("เพิ่มหน่วยงาน", "Add a unit")) }
        form method="post" action="/admin/org" {
            (csrf_field(viewer))
            p.field { label for="code" { (prefs.t("รหัส", "Code")) } input #code name="code" required; }
            p.field { label for="name" { (prefs.t("ชื่อ", "Name")) } input #name name="name" required; }
            p.field { label for="kind" { (prefs.t("ประเภท", "Kind")) } select #kind name="kind" {
                @for kind in [OrgKind::Division, OrgKind::Agency, OrgKind::ProvincialOffice, OrgKind::Ministry] { option value=(kind.as_str()) { (kind_label(viewer, kind)) } } } }
            p.field { label for="parent" { (prefs.t("สังกัด", "Parent")) } select #parent name="parent" {
                option value="" { "–" } @for unit in &org { option value=(unit.id) { (unit.name) } } } }
            p { button.primary type="submit" { (prefs.t("เพิ่ม", "Add")) } }
        }
    };
    Ok(page(layout(viewer, title, body)))
}

pub async fn org(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    viewer.require_signed_in()?;
    org_page(&state, &viewer, None).await
}

#[derive(Deserialize)]
pub struct OrgForm {
    code: String,
    name: String,
    kind: String,
    parent: Option<String>,
}

pub async fn create_org(State(state): State<AppState>, signed: SignedForm<OrgForm>) -> PageResult {
    let (viewer, form) = (signed.viewer, signed.form);
    let input = OrgUnitInput {
        parent_id: form.parent.as_deref().and_then(|p| p.parse().ok()),
        kind: OrgKind::parse(&form.kind).unwrap_or(OrgKind::Division),
        code: form.code,
        name: form.name,
        province_code: None,
    };
    match state.service.create_org_unit(&viewer.actor, input).await {
        Ok(_) => Ok(Redirect::to("/admin/org").into_response()),
        Err(ServiceError::Unauthenticated) => Err(PageError::SignIn("/admin/org".into())),
        Err(error) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, org_page(&state, &viewer, Some(&error)).await?).into_response())
        }
    }
}

fn level_label(viewer: &Viewer, level: StrategyLevel) -> &'static str {
    let prefs = viewer.prefs;
    match level {
        StrategyLevel::NationalStrategy => prefs.t("ยุทธศาสตร์ชาติ", "National strategy"),
        StrategyLevel::MasterPlan => prefs.t("แผนแม่บท", "Master plan"),
        StrategyLevel::MinistryStrategy => prefs.t("ยุทธศาสตร์กระทรวง", "Ministry strategy"),
        StrategyLevel::AgencyPlan => prefs.t("แผนปฏิบัติการหน่วยงาน", "Agency plan"),
    }
}

async fn strategies_page(state: &AppState, viewer: &Viewer, error: Option<&ServiceError>) -> PageResult {
    let prefs = viewer.prefs;
    let strategies = state.service.list_strategies(&viewer.actor).await.or_page(viewer)?;
    let title = prefs.t("ยุทธศาสตร์", "Strategies");
    let body = html! {
        (admin_tabs(viewer))
        @if let Some(error) = error { (problem(viewer, error)) }
        div.table-wrap { table {
            thead { tr { th scope="col" { (prefs.t("รหัส", "Code")) } th scope="col" { (prefs.t("ชื่อ", "Name")) } th scope="col" { (prefs.t("ระดับ", "Level")) } } }
            tbody { @for strategy in &strategies { tr {
                td { (strategy.code) } td { a href={ "/projects?strategy=" (strategy.id) } { (strategy.name) } } td { (level_label(viewer, strategy.level)) }
            } } }
        } }
        h2 { (prefs.t("เพิ่มยุทธศาสตร์", "Add a strategy")) }
        form method="post" action="/admin/strategies" {
            (csrf_field(viewer))
            p.field { label for="code" { (prefs.t("รหัส", "Code")) } input #code name="code" required; }
            p.field { label for="name" { (prefs.t("ชื่อ", "Name")) } input #name name="name" required; }
            p.field { label for="level" { (prefs.t("ระดับ", "Level")) } select #level name="level" {
                @for level in [StrategyLevel::MinistryStrategy, StrategyLevel::AgencyPlan, StrategyLevel::MasterPlan, StrategyLevel::NationalStrategy] {
                    option value=(level.as_str()) { (level_label(viewer, level)) } } } }
            p.field { label for="parent" { (prefs.t("อยู่ภายใต้", "Under")) } select #parent name="parent" {
                option value="" { "–" } @for strategy in &strategies { option value=(strategy.id) { (strategy.code) " " (strategy.name) } } } }
            p { button.primary type="submit" { (prefs.t("เพิ่ม", "Add")) } }
        }
    };
    Ok(page(layout(viewer, title, body)))
}

pub async fn strategies(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    viewer.require_signed_in()?;
    strategies_page(&state, &viewer, None).await
}

#[derive(Deserialize)]
pub struct StrategyForm {
    code: String,
    name: String,
    level: String,
    parent: Option<String>,
}

pub async fn create_strategy(State(state): State<AppState>, signed: SignedForm<StrategyForm>) -> PageResult {
    let (viewer, form) = (signed.viewer, signed.form);
    let input = StrategyInput {
        parent_id: form.parent.as_deref().and_then(|p| p.parse().ok()),
        level: StrategyLevel::parse(&form.level).unwrap_or(StrategyLevel::AgencyPlan),
        agency_id: viewer.actor.agency_id,
        code: form.code,
        name: form.name,
    };
    match state.service.create_strategy(&viewer.actor, input).await {
        Ok(_) => Ok(Redirect::to("/admin/strategies").into_response()),
        Err(ServiceError::Unauthenticated) => Err(PageError::SignIn("/admin/strategies".into())),
        Err(error) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, strategies_page(&state, &viewer, Some(&error)).await?)
                .into_response())
        }
    }
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    fy: Option<FiscalYear>,
}

async fn year_or_default(state: &AppState, viewer: &Viewer, fy: Option<FiscalYear>) -> FiscalYear {
    match fy {
        Some(fy) => fy,
        None => default_year(state, &viewer.actor).await,
    }
}

async fn deadlines_page(state: &AppState, viewer: &Viewer, fy: FiscalYear, error: Option<&ServiceError>) -> PageResult {
    let prefs = viewer.prefs;
    let mut deadlines = Vec::new();
    for quarter in Quarter::ALL {
        deadlines.push(state.service.deadline(&viewer.actor, fy, quarter).await.or_page(viewer)?);
    }
    let title = prefs.t("กำหนดส่งรายงาน", "Reporting deadlines");
    let body = html! {
        (admin_tabs(viewer))
        @if let Some(error) = error { (problem(viewer, error)) }
        form.filters method="get" action="/admin/deadlines" {
            label { (prefs.t("ปีงบประมาณ", "Fiscal year")) " " input type="number" name="fy" min="2500" max="2700" value=(fy.be()); }
            button type="submit" { (prefs.t("แสดง", "Show")) }
        }
        form method="post" action="/admin/deadlines" {
            (csrf_field(viewer))
            input type="hidden" name="fy" value=(fy.be());
            @for deadline in &deadlines {
                p.field {
                    label for={ "q" (deadline.quarter.number()) } { (prefs.quarter(deadline.quarter)) " "
                        small { "(" (if deadline.explicit { prefs.t("กำหนดแล้ว", "set") } else { prefs.t("ค่าตั้งต้น ๑๕ วันหลังสิ้นไตรมาส", "default: 15 days after the quarter") }) ", " (prefs.date(deadline.due)) ")" } }
                    input #{ "q" (deadline.quarter.number()) } type="date" name={ "q" (deadline.quarter.number()) } value=(deadline.due.to_string());
                }
            }
            p { button.primary type="submit" { (prefs.t("บันทึก", "Save")) } }
        }
    };
    Ok(page(layout(viewer, title, body)))
}

pub async fn deadlines(State(state): State<AppState>, viewer: Viewer, Params(query): Params<YearQuery>) -> PageResult {
    viewer.require_signed_in()?;
    let fy = year_or_default(&state, &viewer, query.fy).await;
    deadlines_page(&state, &viewer, fy, None).await
}

#[derive(Deserialize)]
pub struct QuarterValues {
    fy: FiscalYear,
    q1: Option<String>,
    q2: Option<String>,
    q3: Option<String>,
    q4: Option<String>,
}

impl QuarterValues {
    fn values(&self) -> [(Quarter, Option<&str>); 4] {
        [
            (Quarter::Q1, self.q1.as_deref()),
            (Quarter::Q2, self.q2.as_deref()),
            (Quarter::Q3, self.q3.as_deref()),
            (Quarter::Q4, self.q4.as_deref()),
        ]
        .map(|(q, value)| (q, value.map(str::trim).filter(|value| !value.is_empty())))
    }
}

pub async fn set_deadlines(State(state): State<AppState>, signed: SignedForm<QuarterValues>) -> PageResult {
    let (viewer, form) = (signed.viewer, signed.form);
    let mut failure = None;
    for (quarter, value) in form.values() {
        let Some(value) = value else { continue };
        let outcome = match value.parse::<jiff::civil::Date>() {
            Ok(due) => state.service.set_deadline(&viewer.actor, form.fy, quarter, due).await.map(|_| ()),
            Err(_) => Err(ServiceError::Invalid(vec![tidtam_domain::model::FieldError::new(
                &format!("q{}", quarter.number()),
                "วันที่ไม่ถูกต้อง",
                "not a date",
            )])),
        };
        if let Err(error) = outcome {
            if matches!(error, ServiceError::Unauthenticated) {
                return Err(PageError::SignIn("/admin/deadlines".into()));
            }
            failure = Some(error);
            break;
        }
    }
    match failure {
        None => Ok(Redirect::to(&format!("/admin/deadlines?fy={}", form.fy.be())).into_response()),
        Some(error) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, deadlines_page(&state, &viewer, form.fy, Some(&error)).await?)
                .into_response())
        }
    }
}

async fn targets_page(state: &AppState, viewer: &Viewer, fy: FiscalYear, error: Option<&ServiceError>) -> PageResult {
    let prefs = viewer.prefs;
    let targets = state.service.disbursement_targets(fy).await.or_page(viewer)?;
    let title = prefs.t("เป้าหมายการเบิกจ่ายสะสม", "Cumulative disbursement targets");
    let body = html! {
        (admin_tabs(viewer))
        @if let Some(error) = error { (problem(viewer, error)) }
        form.filters method="get" action="/admin/targets" {
            label { (prefs.t("ปีงบประมาณ", "Fiscal year")) " " input type="number" name="fy" min="2500" max="2700" value=(fy.be()); }
            button type="submit" { (prefs.t("แสดง", "Show")) }
        }
        p.hint { (prefs.t("ร้อยละของงบประมาณที่ได้รับจัดสรร ที่ควรเบิกจ่ายสะสมถึงสิ้นแต่ละไตรมาส (ตามมติคณะรัฐมนตรีของปีนั้น)",
            "Share of the allocation to be disbursed by the end of each quarter, cumulative (as the cabinet sets it for the year).")) }
        form method="post" action="/admin/targets" {
            (csrf_field(viewer))
            input type="hidden" name="fy" value=(fy.be());
            @for quarter in Quarter::ALL {
                @let value = targets.iter().find(|(q, _)| *q == quarter).map(|(_, percent)| percent.to_string());
                p.field { label for={ "q" (quarter.number()) } { (prefs.quarter(quarter)) " (%)" }
                    input #{ "q" (quarter.number()) } name={ "q" (quarter.number()) } type="number" min="0" max="100" step="0.01" value=[value]; }
            }
            p { button.primary type="submit" { (prefs.t("บันทึก", "Save")) } }
        }
    };
    Ok(page(layout(viewer, title, body)))
}

pub async fn targets(State(state): State<AppState>, viewer: Viewer, Params(query): Params<YearQuery>) -> PageResult {
    viewer.require_signed_in()?;
    let fy = year_or_default(&state, &viewer, query.fy).await;
    targets_page(&state, &viewer, fy, None).await
}

pub async fn set_targets(State(state): State<AppState>, signed: SignedForm<QuarterValues>) -> PageResult {
    let (viewer, form) = (signed.viewer, signed.form);
    let mut unreadable = Vec::new();
    let values = form.values().map(|(quarter, value)| {
        value.and_then(|value| {
            let parsed = tidtam_thai::digits::to_arabic_digits(value).parse::<f64>().ok();
            if parsed.is_none() {
                unreadable.push(tidtam_domain::model::FieldError::new(
                    &format!("q{}", quarter.number()),
                    "ต้องเป็นตัวเลข",
                    "not a number",
                ));
            }
            parsed
        })
    });
    let outcome = if unreadable.is_empty() {
        state.service.set_disbursement_targets(&viewer.actor, form.fy, values).await.map(|_| ())
    } else {
        Err(ServiceError::Invalid(unreadable))
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/admin/targets?fy={}", form.fy.be())).into_response()),
        Err(ServiceError::Unauthenticated) => Err(PageError::SignIn("/admin/targets".into())),
        Err(error) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, targets_page(&state, &viewer, form.fy, Some(&error)).await?)
                .into_response())
        }
    }
}
