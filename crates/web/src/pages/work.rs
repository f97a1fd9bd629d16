//! The planning group's work lists: `/reviews` (reports waiting for review,
//! and reports with findings) and `/late` (who has not reported, by division,
//! against the quarter's deadline).

use axum::extract::State;
use maud::html;
use serde::Deserialize;
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::problem::ProblemCause;
use tidtam_domain::workflow::ReportStatus;
use tidtam_service::PageRequest;
use tidtam_service::filters::ReportFilter;

use super::dashboard::default_year;
use super::projects::pager;
use super::shell::{OrPage, PageResult, Viewer, layout, page};
use crate::extract::Params;
use crate::{AppState, views};

#[derive(Deserialize, Default)]
pub struct ReviewQuery {
    fy: Option<FiscalYear>,
    q: Option<Quarter>,
    status: Option<String>,
    cause: Option<String>,
    page: Option<u32>,
}

pub async fn reviews(State(state): State<AppState>, viewer: Viewer, Params(query): Params<ReviewQuery>) -> PageResult {
    viewer.require_signed_in()?;
    let prefs = viewer.prefs;
    let status = match query.status.as_deref() {
        Some("all") => None,
        Some(other) => ReportStatus::parse(other).or(Some(ReportStatus::Submitted)),
        None => Some(ReportStatus::Submitted),
    };
    let cause = query.cause.as_deref().and_then(ProblemCause::parse);
    let page_number = query.page.unwrap_or(1).max(1);
    let reports = state
        .service
        .list_reports(
            &viewer.actor,
            ReportFilter { fiscal_year: query.fy, quarter: query.q, status, cause, ..ReportFilter::default() },
            PageRequest::new(page_number, 50),
        )
        .await
        .or_page(&viewer)?
        .map(views::report_summary);
    let pages = (reports.total.max(0) as u32).div_ceil(50).max(1);
    let status_key = status.map_or("all", ReportStatus::as_str);
    let mut pairs = vec![("status", status_key.to_string())];
    if let Some(fy) = query.fy {
        pairs.push(("fy", fy.be().to_string()))
    }
    if let Some(q) = query.q {
        pairs.push(("q", q.number().to_string()))
    }
    if let Some(cause) = cause {
        pairs.push(("cause", cause.as_str().to_string()))
    }
    let base = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    let title = prefs.t("รายงานที่รอการตรวจ", "Reports to review");
    let body = html! {
        form.filters method="get" action="/reviews" {
            label { (prefs.t("ปีงบประมาณ", "Fiscal year")) " " input type="number" name="fy" min="2500" max="2700" value=[query.fy.map(|fy| fy.be())]; }
            label { (prefs.t("สถานะ", "Status")) " " select name="status" {
                @for candidate in ReportStatus::ALL { option value=(candidate.as_str()) selected[status == Some(candidate)] { (prefs.status(candidate)) } }
                option value="all" selected[status.is_none()] { (prefs.t("ทั้งหมด", "All")) }
            } }
            @if let Some(q) = query.q { input type="hidden" name="q" value=(q.number()); }
            @if let Some(cause) = cause { input type="hidden" name="cause" value=(cause.as_str()); }
            button type="submit" { (prefs.t("แสดง", "Show")) }
        }
        p { (prefs.int(reports.total)) " " (prefs.t("รายงาน", "reports"))
            @if let Some(q) = query.q { ", " (prefs.quarter(q)) }
            @if let Some(cause) = cause { ", " (prefs.t("ปัญหา", "problem")) ": " (if prefs.en() { cause.as_str() } else { cause.label_th() }) } }
        div.table-wrap { table #review-queue {
            thead { tr {
                th scope="col" { (prefs.t("โครงการ", "Project")) } th scope="col" { (prefs.t("ปี/ไตรมาส", "Year/quarter")) }
                th scope="col" { (prefs.t("สถานะ", "Status")) } th.num scope="col" { (prefs.t("ความก้าวหน้า", "Progress")) }
                th.num scope="col" { (prefs.t("ข้อสังเกต", "Findings")) }
            } }
            tbody { @for report in &reports.items { tr {
                td { a href={ "/projects/" (report.project_id) "/reports/" (report.fiscal_year.be()) "/" (report.quarter.number()) } { (report.project_name) } }
                td { (prefs.digits(report.fiscal_year.be().to_string())) " " (prefs.quarter(report.quarter)) }
                td { (prefs.status(report.status)) }
                td.num { (prefs.percent(report.progress_percent)) }
                td.num { (prefs.int(report.finding_count)) }
            } } }
        } }
        (pager(prefs, "/reviews", &base, page_number, pages))
    };
    Ok(page(layout(&viewer, title, body)))
}

#[derive(Deserialize, Default)]
pub struct LateQuery {
    fy: Option<FiscalYear>,
    q: Option<Quarter>,
    page: Option<u32>,
}

/// Late projects listed per page (the counts by division cover them all).
const LATE_PER_PAGE: u32 = 50;

pub async fn late(State(state): State<AppState>, viewer: Viewer, Params(query): Params<LateQuery>) -> PageResult {
    viewer.require_signed_in()?;
    let prefs = viewer.prefs;
    let today = super::prefs::today();
    let (current_year, current_quarter) = Quarter::containing(today);
    // By default the last quarter that has ended: the one reports are due for.
    let (fy, q) = match (query.fy, query.q) {
        (Some(fy), Some(q)) => (fy, q),
        (fy, q) => {
            let (year, quarter) = match current_quarter.previous() {
                Some(previous) => (current_year, previous),
                None => (current_year.prev(), Quarter::Q4),
            };
            let year = match fy {
                Some(fy) => fy,
                None if query.q.is_some() => default_year(&state, &viewer.actor).await,
                None => year,
            };
            (year, q.unwrap_or(quarter))
        }
    };
    let lateness = state.service.late_reports(&viewer.actor, fy, q, None).await.or_page(&viewer)?;
    let org = state.service.list_org_units(&viewer.actor).await.unwrap_or_default();
    let division_name = |id: Option<i64>| {
        id.and_then(|id| org.iter().find(|unit| unit.id == id))
            .map_or_else(|| prefs.t("ไม่ระบุหน่วยงาน", "No division").to_string(), |unit| unit.name.clone())
    };
    let mut by_division: Vec<(String, i64)> = Vec::new();
    for entry in &lateness.late {
        let name = division_name(entry.owner_division_id);
        match by_division.iter_mut().find(|(division, _)| *division == name) {
            Some((_, count)) => *count += 1,
            None => by_division.push((name, 1)),
        }
    }
    by_division.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let page_number = query.page.unwrap_or(1).max(1);
    let listed = crate::extract::page_of(
        lateness.late.iter().collect::<Vec<_>>(),
        tidtam_service::PageRequest::new(page_number, LATE_PER_PAGE),
    );
    let pages = (listed.total.max(0) as u32).div_ceil(LATE_PER_PAGE).max(1);
    let base = format!("fy={}&q={}", fy.be(), q.number());
    let title = prefs.t("โครงการที่ยังไม่รายงานหรือรายงานล่าช้า", "Projects that have not reported, or reported late");
    let body = html! {
        form.filters method="get" action="/late" {
            label { (prefs.t("ปีงบประมาณ", "Fiscal year")) " " input type="number" name="fy" min="2500" max="2700" value=(fy.be()); }
            label { (prefs.t("ไตรมาส", "Quarter")) " " select name="q" { @for quarter in Quarter::ALL { option value=(quarter.number()) selected[quarter == q] { (prefs.quarter(quarter)) } } } }
            button type="submit" { (prefs.t("แสดง", "Show")) }
        }
        p { (prefs.t("กำหนดส่ง", "Deadline")) ": " strong { (prefs.date(lateness.deadline)) } " · "
            (prefs.int(lateness.late.len() as i64)) " " (prefs.t("โครงการ", "projects")) }
        @if !by_division.is_empty() {
            div.table-wrap { table #late-by-division {
                caption { (prefs.t("จำนวนตามหน่วยงาน", "By division")) }
                thead { tr { th scope="col" { (prefs.t("หน่วยงาน", "Division")) } th.num scope="col" { (prefs.t("โครงการ", "Projects")) } } }
                tbody { @for (division, count) in &by_division { tr { td { (division) } td.num { (prefs.int(*count)) } } } }
            } }
        }
        ul.late { @for entry in &listed.items { li {
            a href={ "/projects/" (entry.project_id) "/reports/" (fy.be()) "/" (q.number()) } { (entry.project_name) }
            " (" (division_name(entry.owner_division_id)) ") — " @match (entry.status, entry.submitted_at) {
                (_, Some(at)) => { (prefs.t("ส่งช้า เมื่อ", "submitted late on")) " " (prefs.timestamp(at)) }
                (Some(status), None) => { (prefs.status(status)) ", " (prefs.t("ยังไม่ส่ง", "not submitted")) }
                (None, None) => { (prefs.t("ยังไม่เริ่มรายงาน", "no report started")) }
            }
        } } }
        (pager(prefs, "/late", &base, page_number, pages))
    };
    Ok(page(layout(&viewer, title, body)))
}
