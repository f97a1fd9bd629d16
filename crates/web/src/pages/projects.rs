//! `/projects` (filtered, paged list) and `/projects/{id}` (the project as the
//! ministry's form shows it: the 14 sections of its latest report, with where
//! every figure came from, then its quarters, findings and audit trail).

use axum::extract::State;
use maud::{Markup, html};
use serde::Deserialize;
use tidtam_api::projects::ProjectDetail;
use tidtam_api::reports::Finding;
use tidtam_domain::form::ReportForm;
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::risk::Risk;
use tidtam_domain::workflow::ReportStatus;
use tidtam_service::PageRequest;
use tidtam_service::filters::{AuditFilter, ProjectFilter, ProjectSort, ProjectSortKey};

use super::prefs::Prefs;
use super::shell::{OrPage, PageResult, Viewer, layout, page};
use crate::extract::{Params, PathParams};
use crate::{AppState, views};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    fy: Option<FiscalYear>,
    division: Option<i64>,
    strategy: Option<i64>,
    province: Option<u8>,
    source: Option<String>,
    /// With `status` or `risk`: the quarter they look at.
    q: Option<Quarter>,
    /// `missing` or a workflow state of the quarter's report.
    status: Option<String>,
    /// A reason for being at risk (`tidtam_domain::risk::Risk`).
    risk: Option<String>,
    sort: Option<String>,
    page: Option<u32>,
}

/// `sort=name` (ascending) or `sort=-name` (descending): name, code, year.
fn sort_of(sort: Option<&str>) -> ProjectSort {
    let (descending, key) = match sort {
        Some(key) => key.strip_prefix('-').map_or((false, key), |key| (true, key)),
        None => (false, ""),
    };
    let key = match key {
        "name" => ProjectSortKey::Name,
        "code" => ProjectSortKey::Code,
        "year" => ProjectSortKey::StartYear,
        _ => ProjectSortKey::Id,
    };
    ProjectSort { key, descending }
}

pub const PER_PAGE: u32 = 25;

pub async fn list(State(state): State<AppState>, viewer: Viewer, Params(mut query): Params<ListQuery>) -> PageResult {
    let prefs = viewer.prefs;
    let quarter_filtered =
        [&query.status, &query.risk].iter().any(|value| value.as_deref().is_some_and(|v| !v.is_empty()));
    if quarter_filtered {
        // A status or a risk is about one quarter: the reader's year and the
        // quarter now running in it (its last quarter for a past year).
        let fy = match query.fy {
            Some(fy) => fy,
            None => super::dashboard::default_year(&state, &viewer.actor).await,
        };
        let today = super::prefs::today();
        query.fy = Some(fy);
        query.q = query.q.or(Some(if FiscalYear::of(today) == fy { Quarter::of(today) } else { Quarter::Q4 }));
    }
    let (report_state, risk) =
        tidtam_service::filters::quarter_filters(query.fy, query.q, query.status.as_deref(), query.risk.as_deref())
            .or_page(&viewer)?;
    let filter = ProjectFilter {
        report_state,
        risk,
        fiscal_year: query.fy,
        division_id: query.division,
        strategy_id: query.strategy,
        province_code: query.province,
        budget_source: query.source.clone().filter(|source| !source.is_empty()),
        sort: sort_of(query.sort.as_deref()),
        ..ProjectFilter::default()
    };
    let page_number = query.page.unwrap_or(1).max(1);
    let projects = state
        .service
        .list_projects(&viewer.actor, filter, PageRequest::new(page_number, PER_PAGE))
        .await
        .or_page(&viewer)?
        .map(views::project_summary);
    let org = state.service.list_org_units(&viewer.actor).await.unwrap_or_default();
    let strategies = state.service.list_strategies(&viewer.actor).await.unwrap_or_default();
    let sources = state.service.budget_sources(&viewer.actor).await.unwrap_or_default();
    let filters_only = {
        let mut pairs: Vec<(String, String)> = Vec::new();
        if let Some(fy) = query.fy {
            pairs.push(("fy".into(), fy.be().to_string()))
        }
        if let Some(d) = query.division {
            pairs.push(("division".into(), d.to_string()))
        }
        if let Some(s) = query.strategy {
            pairs.push(("strategy".into(), s.to_string()))
        }
        if let Some(p) = query.province {
            pairs.push(("province".into(), p.to_string()))
        }
        if let Some(source) = query.source.as_ref().filter(|s| !s.is_empty()) {
            pairs.push(("source".into(), source.clone()))
        }
        if quarter_filtered && let Some(q) = query.q {
            pairs.push(("q".into(), q.number().to_string()))
        }
        if let Some(status) = query.status.as_ref().filter(|s| !s.is_empty()) {
            pairs.push(("status".into(), status.clone()))
        }
        if let Some(risk) = query.risk.as_ref().filter(|s| !s.is_empty()) {
            pairs.push(("risk".into(), risk.clone()))
        }
        pairs
    };
    // A column header sorts by it; a second click reverses.
    let sort_link = |key: &str| {
        let next = if query.sort.as_deref() == Some(key) { format!("-{key}") } else { key.to_string() };
        let mut pairs = filters_only.clone();
        pairs.push(("sort".into(), next));
        format!("/projects?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
    };
    let sorted = |key: &str| match query.sort.as_deref() {
        Some(s) if s == key => Some("ascending"),
        Some(s) if s.strip_prefix('-') == Some(key) => Some("descending"),
        _ => None,
    };
    let base = {
        let mut pairs = filters_only.clone();
        if let Some(sort) = &query.sort {
            pairs.push(("sort".into(), sort.clone()))
        }
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    };
    let pages = (projects.total.max(0) as u32).div_ceil(PER_PAGE).max(1);
    let title = prefs.t("โครงการ", "Projects");
    let body = html! {
        form.filters method="get" action="/projects" {
            label { (prefs.t("ปีงบประมาณ", "Fiscal year")) " "
                input type="number" name="fy" min="2500" max="2700" value=[query.fy.map(|fy| fy.be())]; }
            label { (prefs.t("หน่วยงาน", "Division")) " "
                select name="division" {
                    option value="" { (prefs.t("ทั้งหมด", "All")) }
                    @for unit in &org { option value=(unit.id) selected[query.division == Some(unit.id)] { (unit.name) } }
                } }
            label { (prefs.t("ยุทธศาสตร์", "Strategy")) " "
                select name="strategy" {
                    option value="" { (prefs.t("ทั้งหมด", "All")) }
                    @for strategy in &strategies { option value=(strategy.id) selected[query.strategy == Some(strategy.id)] { (strategy.code) " " (strategy.name) } }
                } }
            label { (prefs.t("จังหวัด", "Province")) " "
                select name="province" {
                    option value="" { (prefs.t("ทั้งหมด", "All")) }
                    @for province in tidtam_thai::province::PROVINCES.iter() {
                        option value=(province.code) selected[query.province == Some(province.code)] {
                            (if prefs.en() { province.name_en } else { province.name_th }) }
                    }
                } }
            label { (prefs.t("แหล่งงบประมาณ", "Budget source")) " "
                select name="source" {
                    option value="" { (prefs.t("ทั้งหมด", "All")) }
                    @for source in &sources { option value=(source) selected[query.source.as_deref() == Some(source.as_str())] { (source) } }
                } }
            label { (prefs.t("ไตรมาส", "Quarter")) " "
                select name="q" {
                    option value="" { (prefs.t("ปัจจุบัน", "Current")) }
                    @for q in Quarter::ALL { option value=(q.number()) selected[quarter_filtered && query.q == Some(q)] { (prefs.quarter(q)) } }
                } }
            label { (prefs.t("สถานะรายงานของไตรมาส", "The quarter's report")) " "
                select name="status" {
                    option value="" { (prefs.t("ทั้งหมด", "All")) }
                    option value="missing" selected[query.status.as_deref() == Some("missing")] { (prefs.t("ยังไม่มีรายงาน", "No report")) }
                    @for status in ReportStatus::ALL {
                        option value=(status.as_str()) selected[query.status.as_deref() == Some(status.as_str())] { (prefs.status(status)) }
                    }
                } }
            label { (prefs.t("ความเสี่ยง", "Risk")) " "
                select name="risk" {
                    option value="" { (prefs.t("ทั้งหมด", "All")) }
                    @for risk in Risk::ALL {
                        option value=(risk.as_str()) selected[query.risk.as_deref() == Some(risk.as_str())] { (prefs.risk(risk)) }
                    }
                } }
            @if let Some(sort) = &query.sort { input type="hidden" name="sort" value=(sort); }
            button type="submit" { (prefs.t("กรอง", "Filter")) }
        }
        p #result-count { (prefs.t("พบ", "Found")) " " (prefs.int(projects.total)) " " (prefs.t("โครงการ", "projects"))
            @if let (true, Some(fy), Some(q)) = (quarter_filtered, query.fy, query.q) {
                " " span.as-of { (prefs.t("ณ", "as of")) " " (prefs.quarter(q)) " " (prefs.fiscal_year(fy)) }
            } }
        div.table-wrap { table {
            thead { tr {
                th scope="col" aria-sort=[sorted("code")] { a href=(sort_link("code")) { (prefs.t("รหัส", "Code")) } }
                th scope="col" aria-sort=[sorted("name")] { a href=(sort_link("name")) { (prefs.t("ชื่อโครงการ", "Project")) } }
                th scope="col" aria-sort=[sorted("year")] { a href=(sort_link("year")) { (prefs.t("ปีงบประมาณ", "Years")) } }
                th scope="col" { (prefs.t("เผยแพร่", "Published")) }
            } }
            tbody { @for project in &projects.items { tr {
                td { (project.code.as_deref().unwrap_or("–")) }
                td { a href={ "/projects/" (project.id) } { (project.name) } }
                td { (prefs.digits(format!("{}–{}", project.start_year.be(), project.end_year.be()))) }
                td { (if project.published { prefs.t("ใช่", "yes") } else { prefs.t("ไม่", "no") }) }
            } } }
        } }
        (pager(prefs, "/projects", &base, page_number, pages))
    };
    Ok(page(layout(&viewer, title, body)))
}

/// Previous/next links keeping the filters.
pub fn pager(prefs: Prefs, path: &str, base: &str, page: u32, pages: u32) -> Markup {
    let link = |n: u32| if base.is_empty() { format!("{path}?page={n}") } else { format!("{path}?{base}&page={n}") };
    html! {
        nav.pager aria-label=(prefs.t("เลขหน้า", "Pages")) {
            @if page > 1 { a rel="prev" href=(link(page - 1)) { "‹ " (prefs.t("ก่อนหน้า", "Previous")) } }
            span { (prefs.digits(format!("{page} / {pages}"))) }
            @if page < pages { a rel="next" href=(link(page + 1)) { (prefs.t("ถัดไป", "Next")) " ›" } }
        }
    }
}

/// The findings of a report, most serious first, each with its rule and line.
pub fn findings_list(prefs: Prefs, findings: &[Finding]) -> Markup {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|finding| std::cmp::Reverse(finding.severity));
    html! {
        @if sorted.is_empty() { p.ok { (prefs.t("ไม่พบข้อผิดพลาด", "No findings.")) } }
        @else { ul.findings { @for finding in sorted {
            li class=(format!("finding {}", finding.severity.as_str())) {
                strong { (severity(prefs, finding.severity)) } " "
                (if prefs.en() { &finding.message_en } else { &finding.message_th })
                " " small { code { (finding.rule.id()) } @if finding.line > 0 { " · " (prefs.t("บรรทัด", "line")) " " (prefs.int(finding.line as i64)) } }
            }
        } } }
    }
}

pub fn severity(prefs: Prefs, severity: tidtam_domain::finding::Severity) -> &'static str {
    use tidtam_domain::finding::Severity;
    match severity {
        Severity::Error => prefs.t("ผิดพลาด", "Error"),
        Severity::Warning => prefs.t("ควรตรวจสอบ", "Warning"),
        Severity::Info => prefs.t("ข้อสังเกต", "Note"),
    }
}

/// Where a figure of the form came from: the file and line it was read from.
fn from_line(prefs: Prefs, form: &ReportForm, line: usize) -> Markup {
    html! {
        @if line > 0 && !form.source.file.is_empty() {
            small.source title=(prefs.t("ที่มาของตัวเลข", "Where this figure came from")) {
                " [" (form.source.file) ", " (prefs.t("บรรทัด", "line")) " " (prefs.int(line as i64)) "]"
            }
        }
    }
}

fn amount(prefs: Prefs, value: Option<tidtam_domain::Baht>, words: Option<&str>) -> Markup {
    html! {
        @match value {
            Some(value) => { (prefs.baht(value)) " " (prefs.t("บาท", "baht"))
                " (" (words.map_or_else(|| tidtam_thai::baht::baht_to_words(value), str::to_string)) ")" }
            None => { "–" }
        }
    }
}

/// The 14 sections of the ministry's annual performance report form.
pub fn form_sections(prefs: Prefs, form: &ReportForm) -> Markup {
    let text = |value: &Option<String>| value.clone().unwrap_or_else(|| "–".into());
    html! {
        ol.form-sections {
            li { strong { (prefs.t("ชื่อแผนงาน/โครงการ", "Plan/project")) } " " (text(&form.project_name)) (from_line(prefs, form, form.lines.title)) }
            li { strong { (prefs.t("ชื่อหน่วยงาน", "Agency")) } " " (text(&form.agency)) }
            li { strong { (prefs.t("แหล่งงบประมาณ และมูลค่าโครงการ", "Budget source and project value")) } " " (text(&form.budget_source)) "; "
                (amount(prefs, form.project_value, form.project_value_words.as_deref())) (from_line(prefs, form, form.lines.project_value)) }
            li { strong { (prefs.t("วัตถุประสงค์", "Objectives")) } ul { @for objective in &form.objectives { li { (objective) } } } }
            li { strong { (prefs.t("เป้าหมาย/ผลผลิตของโครงการ", "Targets/outputs")) } " " (text(&form.targets)) }
            li { strong { (prefs.t("สรุปสาระสำคัญของโครงการ", "Summary")) } " " (text(&form.summary)) }
            li { strong { (prefs.t("ตัวชี้วัด / ค่าเป้าหมาย", "KPIs / targets")) }
                ul { @for kpi in &form.kpis { li { (kpi.name) @if let Some(target) = &kpi.target { " — " (prefs.t("เป้าหมาย", "target")) " " (target) }
                    @if let Some(result) = &kpi.result { " — " (prefs.t("ผล", "result")) " " (result) } (from_line(prefs, form, kpi.line)) } } } }
            li { strong { (prefs.t("แผนระยะเวลาดำเนินงาน", "Schedule")) } " " (text(&form.schedule))
                ul { @for activity in &form.activities { li { (activity.name) @if let Some(period) = &activity.period_text { " (" (period) ")" } } } } }
            li { strong { (prefs.t("งบประมาณ", "Budget")) }
                dl.money {
                    dt { "9.1 " (prefs.t("ได้รับจัดสรร", "Allocated")) } dd { (amount(prefs, form.budget.allocated, form.budget.allocated_words.as_deref())) (from_line(prefs, form, form.lines.allocated)) }
                    dt { "9.2 " (prefs.t("ตามสัญญา", "Contracted")) } dd { (amount(prefs, form.budget.contracted, form.budget.contracted_words.as_deref())) (from_line(prefs, form, form.lines.contracted)) }
                    dt { "9.3 " (prefs.t("เบิกจ่ายแล้ว", "Disbursed")) } dd { (amount(prefs, form.budget.disbursed, form.budget.disbursed_words.as_deref())) (from_line(prefs, form, form.lines.disbursed)) }
                } }
            li { strong { (prefs.t("พื้นที่ดำเนินการ", "Area")) } " "
                @if form.nationwide { (prefs.t("ทั่วประเทศ", "Nationwide")) " " }
                (form.provinces.iter().filter_map(|code| tidtam_thai::province::by_code(*code))
                    .map(|p| if prefs.en() { p.name_en } else { p.name_th }).collect::<Vec<_>>().join(", "))
                (from_line(prefs, form, form.lines.area)) }
            li { strong { (prefs.t("สรุปผลการดำเนินงาน", "Results")) }
                ul { @for activity in &form.activities { @if !activity.results.is_empty() { li { (activity.name) ": "
                    @for result in &activity.results {
                    @if let Some(quarter) = result.quarter.and_then(tidtam_domain::Quarter::from_number) { span.q { (prefs.quarter(quarter)) } " " }
                    (result.text) " " } } } } } }
            li { strong { (prefs.t("ประโยชน์ที่ได้รับ", "Benefits")) } " " (text(&form.benefits)) }
            li { strong { (prefs.t("ปัญหา/อุปสรรค และข้อเสนอแนะ", "Problems and recommendations")) } " " (text(&form.problems)) " " (text(&form.recommendations)) }
            li { strong { (prefs.t("ความก้าวหน้า", "Progress")) } " " (prefs.percent(form.progress_percent)) (from_line(prefs, form, form.lines.progress)) }
        }
    }
}

pub async fn detail(State(state): State<AppState>, viewer: Viewer, PathParams(id): PathParams<i64>) -> PageResult {
    let prefs = viewer.prefs;
    let detail: ProjectDetail =
        views::project_detail(state.service.get_project(&viewer.actor, id).await.or_page(&viewer)?);
    let project = &detail.project;
    let latest = detail.reports.iter().max_by_key(|report| (report.fiscal_year, report.quarter));
    let (form, latest_report) = match latest {
        Some(summary) => (
            state.service.report_form(&viewer.actor, summary.id).await.ok(),
            state.service.get_report(&viewer.actor, summary.id).await.ok().map(tidtam_api::reports::Report::from),
        ),
        None => (None, None),
    };
    let audit = state
        .service
        .audit_trail(
            &viewer.actor,
            AuditFilter { entity: Some("project".into()), entity_id: Some(id), ..AuditFilter::default() },
            PageRequest::new(1, 20),
        )
        .await
        .ok();
    let report_audit = match &latest_report {
        Some(report) => state
            .service
            .audit_trail(
                &viewer.actor,
                AuditFilter { entity: Some("report".into()), entity_id: Some(report.id), ..AuditFilter::default() },
                PageRequest::new(1, 50),
            )
            .await
            .ok(),
        None => None,
    };
    let entered_by = report_audit.as_ref().and_then(|trail| {
        trail
            .items
            .iter()
            .find(|entry| matches!(entry.action.as_str(), "update" | "create" | "import"))
            .map(|entry| (entry.actor_name.clone(), entry.at))
    });
    let approved_by = report_audit.as_ref().and_then(|trail| {
        trail.items.iter().find(|entry| entry.action == "approve").map(|entry| (entry.actor_name.clone(), entry.at))
    });
    let attachments = state.service.list_attachments(&viewer.actor, id).await.unwrap_or_default();
    let may_attach =
        viewer.is(&[tidtam_service::Role::Admin, tidtam_service::Role::Planner, tidtam_service::Role::ProjectOwner]);
    let current_year = FiscalYear::of(super::prefs::today()).clamp(project.start_year, project.end_year);
    let body = html! {
        p.actions {
            a.button href={ "/projects/" (id) "/reports/" (current_year.be()) "/1" } { (prefs.t("รายงานผลรายไตรมาส", "Quarterly reports")) }
            " " a href={ "/projects/" (id) ".pdf" } { "PDF" }
        }
        dl.meta {
            dt { (prefs.t("รหัส", "Code")) } dd { (project.code.as_deref().unwrap_or("–")) }
            dt { (prefs.t("ปีงบประมาณ", "Fiscal years")) } dd { (prefs.digits(format!("{}–{}", project.start_year.be(), project.end_year.be()))) }
            dt { (prefs.t("แหล่งงบประมาณ", "Budget source")) } dd { (project.budget_source.as_deref().unwrap_or("–")) }
            dt { (prefs.t("มูลค่าโครงการ", "Project value")) } dd { (project.value.map_or_else(|| "–".into(), |v| format!("{} {}", prefs.baht(v), prefs.t("บาท", "baht")))) }
        }
        @if let (Some(form), Some(report)) = (&form, &latest_report) {
            section {
                h2 { (prefs.t("แบบรายงานผลการดำเนินงาน", "Annual performance report")) " — " (prefs.fiscal_year(report.fiscal_year)) " " (prefs.quarter(report.quarter)) }
                p.provenance {
                    @if let Some(file) = &report.source_file { (prefs.t("อ่านจากไฟล์", "Read from file")) " " code { (file) } ". " }
                    @if let Some((who, at)) = &entered_by { (prefs.t("บันทึกโดย", "Entered by")) " " (who) " " (prefs.timestamp(*at)) ". " }
                    @if let Some((who, at)) = &approved_by { (prefs.t("อนุมัติโดย", "Approved by")) " " (who) " " (prefs.timestamp(*at)) "." }
                    @else { (prefs.status(report.status)) }
                }
                (form_sections(prefs, form))
                h3 { (prefs.t("ผลการตรวจ", "Findings")) }
                (findings_list(prefs, &report.findings))
            }
        } @else {
            p { (prefs.t("ยังไม่มีรายงาน", "No report yet.")) }
        }
        section {
            h2 { (prefs.t("รายงานรายไตรมาส", "Quarter by quarter")) }
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { (prefs.t("ปี/ไตรมาส", "Year/quarter")) }
                    th scope="col" { (prefs.t("สถานะ", "Status")) }
                    th.num scope="col" { (prefs.t("ความก้าวหน้า", "Progress")) }
                    th.num scope="col" { (prefs.t("เบิกจ่าย (บาท)", "Disbursed (baht)")) }
                    th.num scope="col" { (prefs.t("ข้อสังเกต", "Findings")) }
                } }
                tbody { @for report in &detail.reports { tr {
                    td { a href={ "/projects/" (id) "/reports/" (report.fiscal_year.be()) "/" (report.quarter.number()) } {
                        (prefs.digits(report.fiscal_year.be().to_string())) " " (prefs.quarter(report.quarter)) } }
                    td { (prefs.status(report.status)) }
                    td.num { (prefs.percent(report.progress_percent)) }
                    td.num { (report.disbursed.map_or_else(|| "–".into(), |d| prefs.baht(d))) }
                    td.num { (prefs.int(report.finding_count)) }
                } } }
            } }
        }
        section {
            h2 { (prefs.t("งบประมาณรายปี", "Budget by year")) }
            div.table-wrap { table {
                thead { tr { th scope="col" { (prefs.t("ปี", "Year")) } th.num scope="col" { (prefs.t("ได้รับจัดสรร", "Allocated")) }
                    th.num scope="col" { (prefs.t("ลงนามสัญญา", "Contracted")) } th.num scope="col" { (prefs.t("เงินกันเหลื่อมปี", "Carried over")) } } }
                tbody { @for budget in &detail.budgets { tr {
                    td { (prefs.digits(budget.fiscal_year.be().to_string())) }
                    td.num { (prefs.baht(budget.allocated)) } td.num { (prefs.baht(budget.contracted)) } td.num { (prefs.baht(budget.carried_over)) }
                } } }
            } }
        }
        @if viewer.signed_in() { (super::attachments::section(&viewer, id, &attachments, may_attach)) }
        @if let Some(audit) = &audit {
            section {
                h2 { (prefs.t("ประวัติการแก้ไข", "Audit trail")) }
                (audit_table(prefs, &audit.items.iter().cloned().map(views::audit_entry).collect::<Vec<_>>()))
                p { a href={ "/audit?entity=project&entity_id=" (id) } { (prefs.t("ดูทั้งหมด", "See all")) } }
            }
        }
    };
    Ok(page(layout(&viewer, &project.name, body)))
}

/// Audit entries as a table: when, who, what, the field and its change.
pub fn audit_table(prefs: Prefs, entries: &[tidtam_api::portfolio::AuditEntry]) -> Markup {
    html! {
        div.table-wrap { table.audit {
            thead { tr {
                th scope="col" { (prefs.t("เวลา", "When")) } th scope="col" { (prefs.t("ผู้ใช้", "Who")) }
                th scope="col" { (prefs.t("รายการ", "What")) } th scope="col" { (prefs.t("การเปลี่ยนแปลง", "Change")) }
            } }
            tbody { @for entry in entries { tr {
                td { (prefs.timestamp(entry.at)) }
                td { (entry.actor_name) }
                td { (entry.entity) " #" (entry.entity_id) " " (entry.action) @if let Some(field) = &entry.field { " · " (field) } }
                td { details { summary { (prefs.t("ดู", "Show")) }
                    pre { (entry.old_value.as_ref().map(|v| v.to_string()).unwrap_or_default()) " → " (entry.new_value.as_ref().map(|v| v.to_string()).unwrap_or_default()) } } }
            } } }
        } }
    }
}
