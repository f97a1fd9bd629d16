//! `/dashboard?fy=2568&q=3&by=division`: what the money did this year, at a
//! glance, for executives and planners: allocated, contracted and disbursed;
//! the disbursement rate quarter by quarter; progress; projects at risk. Every
//! figure links to the projects behind it.

use axum::extract::State;
use maud::html;
use serde::Deserialize;
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_service::Role;
use tidtam_service::portfolio::{GroupBy, PortfolioQuery};

use super::chart::{Bar, bars, columns};
use super::shell::{OrPage, PageResult, Viewer, layout, page};
use crate::AppState;
use crate::extract::Params;

#[derive(Deserialize, Default)]
pub struct Query {
    pub fy: Option<FiscalYear>,
    pub q: Option<Quarter>,
    pub by: Option<String>,
}

/// The grouping a `by` value asks for (division when absent or unknown).
pub fn group_by(by: Option<&str>) -> (GroupBy, &'static str) {
    match by {
        Some("strategy") => (GroupBy::Strategy, "strategy"),
        Some("province") => (GroupBy::Province, "province"),
        Some("source") => (GroupBy::Source, "source"),
        _ => (GroupBy::Division, "division"),
    }
}

/// The fiscal year a page shows when none is asked for: the latest of the last
/// five with any report the reader may see, else the current one. The totals
/// it looks at may lag others' writes by one recomputation
/// ([`tidtam_service::Service::allowing_lag`]): a choice of year, not a figure.
pub async fn default_year(state: &AppState, actor: &tidtam_service::Actor) -> FiscalYear {
    let service = state.service.allowing_lag(actor);
    let current = FiscalYear::of(super::prefs::today());
    let mut year = current;
    for _ in 0..5 {
        let query = PortfolioQuery { fiscal_year: year, quarter: None, group_by: GroupBy::Total };
        if let Ok(groups) = service.portfolio(actor, query).await
            && groups.iter().any(|group| group.reports > 0)
        {
            return year;
        }
        year = year.prev();
    }
    current
}

/// The link to the projects behind a figure.
fn projects_href(fy: FiscalYear, by: &str, group_id: Option<i64>) -> String {
    match group_id {
        Some(id) => format!("/projects?fy={}&{by}={id}", fy.be()),
        None => format!("/projects?fy={}", fy.be()),
    }
}

/// The link to the projects of one group of the table.
fn group_href(fy: FiscalYear, by: &str, group: &tidtam_service::portfolio::PortfolioGroup) -> String {
    match (by, &group.label) {
        ("source", Some(source)) => format!("/projects?fy={}&source={}", fy.be(), super::shell::urlencode(source)),
        _ => projects_href(fy, by, group.group_id),
    }
}

pub async fn dashboard(State(state): State<AppState>, viewer: Viewer, Params(query): Params<Query>) -> PageResult {
    let prefs = viewer.prefs;
    let fy = match query.fy {
        Some(fy) => fy,
        None => default_year(&state, &viewer.actor).await,
    };
    let (group, by) = group_by(query.by.as_deref());
    // While others write, the figures may come from the computation before the
    // latest write (under a second old) rather than make every reader wait;
    // the page says so. The reader's own writes are always in.
    let service = &state.service.allowing_lag(&viewer.actor);
    let total = service
        .portfolio(&viewer.actor, PortfolioQuery { fiscal_year: fy, quarter: query.q, group_by: GroupBy::Total })
        .await
        .or_page(&viewer)?;
    let quarters = service
        .portfolio(&viewer.actor, PortfolioQuery { fiscal_year: fy, quarter: None, group_by: GroupBy::Quarter })
        .await
        .or_page(&viewer)?;
    let groups = service
        .portfolio(&viewer.actor, PortfolioQuery { fiscal_year: fy, quarter: query.q, group_by: group })
        .await
        .or_page(&viewer)?;
    let targets = service.disbursement_targets(fy).await.or_page(&viewer)?;
    // At risk as of the chosen quarter, else the latest quarter anyone reported (one row a project).
    let risk_quarter = query.q.or_else(|| {
        quarters
            .iter()
            .filter(|group| group.reports > 0)
            .filter_map(|group| Quarter::from_number(u8::try_from(group.group_id?).ok()?))
            .max()
    });
    let at_risk = service
        .reports_at_risk(&viewer.actor, fy, risk_quarter, 10)
        .await
        .or_page(&viewer)?
        .map(crate::views::report_summary);
    let risks = match risk_quarter {
        Some(q) => service.projects_at_risk(&viewer.actor, fy, q).await.or_page(&viewer)?,
        None => Vec::new(),
    };
    let progress = service.progress_distribution(&viewer.actor, fy, query.q).await.or_page(&viewer)?;
    let causes = match risk_quarter {
        Some(q) => service.problem_causes(&viewer.actor, fy, q).await.or_page(&viewer)?,
        None => Vec::new(),
    };
    let staff = viewer.is(&[Role::Admin, Role::Planner, Role::ProjectOwner, Role::Executive]);
    let late = match (staff, query.q) {
        (true, Some(q)) => service.late_count(&viewer.actor, fy, q).await.ok(),
        _ => None,
    };
    // The owner agency's users see its late official statistics (none for the public).
    let late_statistics = match viewer.session {
        Some(_) => service.late_statistics_of_my_agency(&viewer.actor).await.or_page(&viewer)?,
        None => Vec::new(),
    };
    let lagging_since = service.lagging_since();
    let sum = total.first().cloned();
    let year_choices: Vec<FiscalYear> = {
        let mut year = FiscalYear::of(super::prefs::today()).next();
        (0..8)
            .map(|_| {
                let this = year;
                year = year.prev();
                this
            })
            .collect()
    };
    let group_name = |group: &tidtam_service::portfolio::PortfolioGroup| -> String {
        match (by, group.group_id, &group.label) {
            ("province", Some(code), _) => tidtam_thai::province::by_code(u8::try_from(code).unwrap_or(0)).map_or_else(
                || code.to_string(),
                |p| if prefs.en() { p.name_en.to_string() } else { p.name_th.to_string() },
            ),
            (_, _, Some(label)) => label.clone(),
            (_, None, None) => prefs.t("ไม่ระบุ", "Not given").to_string(),
            (_, Some(id), None) => format!("#{id}"),
        }
    };
    let title = format!("{} {}", prefs.t("ภาพรวมโครงการ", "Portfolio"), prefs.fiscal_year(fy));
    let body = html! {
        form.filters method="get" action="/dashboard" {
            label { (prefs.t("ปีงบประมาณ", "Fiscal year")) " "
                select name="fy" { @for year in &year_choices {
                    option value=(year.be()) selected[*year == fy] { (prefs.digits(year.be().to_string())) }
                } } }
            label { (prefs.t("ณ สิ้นไตรมาส", "As of quarter")) " "
                select name="q" {
                    option value="" selected[query.q.is_none()] { (prefs.t("ล่าสุด", "Latest")) }
                    @for q in Quarter::ALL { option value=(q.number()) selected[query.q == Some(q)] { (prefs.quarter(q)) } }
                } }
            label { (prefs.t("จัดกลุ่มตาม", "Group by")) " "
                select name="by" {
                    option value="division" selected[by == "division"] { (prefs.t("หน่วยงาน", "Division")) }
                    option value="strategy" selected[by == "strategy"] { (prefs.t("ยุทธศาสตร์", "Strategy")) }
                    option value="province" selected[by == "province"] { (prefs.t("จังหวัด", "Province")) }
                    option value="source" selected[by == "source"] { (prefs.t("แหล่งงบประมาณ", "Budget source")) }
                } }
            button type="submit" { (prefs.t("แสดง", "Show")) }
            " " a href={ "/dashboard.pdf?fy=" (fy.be()) @if let Some(q) = query.q { "&q=" (q.number()) } } { "PDF" }
        }
        @if let Some(since) = lagging_since {
            p.notice #figures-as-of role="status" {
                (prefs.t("ตัวเลขในหน้านี้ยังไม่รวมการบันทึกข้อมูลครั้งล่าสุด (คำนวณเมื่อเวลา ", "The figures on this page do not include the latest change yet (computed at "))
                time datetime=(since.to_string()) { (prefs.clock_time(since)) }
                (prefs.t(" น.) ระบบกำลังคำนวณใหม่ โหลดหน้านี้อีกครั้งในอีกครู่เพื่อดูตัวเลขล่าสุด",
                         "); they are being recomputed. Reload the page in a moment to see the latest figures."))
            }
        }
        @if let (false, Some(agency)) = (late_statistics.is_empty(), viewer.actor.agency_id) {
            section.late-statistics #late-statistics {
                h2 { (prefs.t("สถิติทางการของหน่วยงานที่ล่าช้า", "Your agency's late official statistics")) }
                ul {
                    @for e in &late_statistics {
                        li data-code=(e.code) {
                            a href={ "/statistics-system?agency=" (agency) "&status=late#entries" } { (prefs.t(&e.name_th, &e.name_en)) }
                            @if let Some(period) = &e.status.latest_period_th { " — " (prefs.digits(period)) }
                            @if !e.status.overdue_periods.is_empty() {
                                " (" (prefs.t("ค้าง", "overdue")) " " (prefs.int(e.status.overdue_periods.len() as i64)) " " (prefs.t("งวด", "periods")) ")"
                            }
                        }
                    }
                }
                a href={ "/statistics-system?agency=" (agency) "&status=late#entries" } { (prefs.t("ดูในระบบติดตามสถิติทางการ", "See them in the statistical system")) }
            }
        }
        @if let Some(sum) = &sum {
            section.cards aria-label=(prefs.t("ตัวเลขสำคัญ", "Key figures")) {
                a.card href=(projects_href(fy, by, None)) { span.k { (prefs.t("โครงการ", "Projects")) } span.v #figure-projects { (prefs.int(sum.projects)) } }
                a.card href=(projects_href(fy, by, None)) { span.k { (prefs.t("งบประมาณที่ได้รับ (ล้านบาท)", "Allocated (million baht)")) } span.v { (prefs.millions(sum.allocated)) } }
                a.card href=(projects_href(fy, by, None)) { span.k { (prefs.t("ลงนามสัญญา (ล้านบาท)", "Contracted (million baht)")) } span.v { (prefs.millions(sum.contracted)) } }
                a.card href=(projects_href(fy, by, None)) { span.k { (prefs.t("เบิกจ่าย (ล้านบาท)", "Disbursed (million baht)")) } span.v { (prefs.millions(sum.disbursed)) } }
                a.card href=(projects_href(fy, by, None)) { span.k { (prefs.t("อัตราการเบิกจ่าย", "Disbursement rate")) } span.v { (prefs.share(sum.disbursement_rate)) } }
                a.card href=(projects_href(fy, by, None)) { span.k { (prefs.t("ความก้าวหน้าเฉลี่ย", "Average progress")) } span.v { (prefs.percent(sum.average_progress)) } }
                a.card href={ "/reviews?fy=" (fy.be()) } { span.k { (prefs.t("ข้อสังเกตจากการตรวจ", "Checker findings")) } span.v { (prefs.int(sum.findings)) } }
                @if let (Some(late), Some(q)) = (late, query.q) {
                    a.card href={ "/late?fy=" (fy.be()) "&q=" (q.number()) } { span.k { (prefs.t("ยังไม่ส่ง/ส่งช้า", "Missing or late")) } span.v { (prefs.int(late)) } }
                }
            }
        } @else {
            p { (prefs.t("ยังไม่มีข้อมูลของปีนี้", "No data for this year yet.")) }
        }
        section {
            h2 { (prefs.t("การเบิกจ่ายสะสมรายไตรมาส เทียบเป้าหมาย", "Cumulative disbursement by quarter against the target")) }
            @let quarter_bars: Vec<Bar> = quarters.iter().filter_map(|group| {
                let q = Quarter::from_number(u8::try_from(group.group_id?).ok()?)?;
                let target = targets.iter().find(|(tq, _)| *tq == q).map(|(_, percent)| percent / 100.0);
                Some(Bar {
                    label: prefs.quarter(q),
                    share: group.disbursement_rate.unwrap_or(0.0),
                    text: format!("{}{}", prefs.share(group.disbursement_rate),
                        target.map(|t| format!(" ({} {})", prefs.t("เป้า", "target"), prefs.share(Some(t)))).unwrap_or_default()),
                    href: format!("/projects?fy={}", fy.be()),
                    target,
                })
            }).collect();
            @if quarter_bars.is_empty() { p { (prefs.t("ยังไม่มีรายงาน", "No reports yet.")) } }
            @else { (bars(prefs.t("อัตราการเบิกจ่ายสะสม", "Cumulative disbursement rate"), &quarter_bars)) }
            @if targets.is_empty() && viewer.is(&[Role::Admin, Role::Planner]) {
                p.hint { a href={ "/admin/targets?fy=" (fy.be()) } { (prefs.t("กำหนดเป้าหมายการเบิกจ่ายของปีนี้", "Set this year's disbursement targets")) } }
            }
        }
        section {
            h2 { (prefs.t("การกระจายความก้าวหน้า", "Progress distribution")) }
            @let cols: Vec<(String, i64, String, String)> = progress.iter().map(|(band, count)| (
                prefs.digits(format!("{}–{}%", band * 20, band * 20 + 20)), *count, prefs.int(*count),
                format!("/reviews?fy={}", fy.be()),
            )).collect();
            (columns(prefs.t("จำนวนรายงานตามช่วงความก้าวหน้า", "Reports by progress band"), &cols))
        }
        section {
            h2 { (match by { "strategy" => prefs.t("ตามยุทธศาสตร์", "By strategy"), "province" => prefs.t("ตามจังหวัด", "By province"), "source" => prefs.t("ตามแหล่งงบประมาณ", "By budget source"), _ => prefs.t("ตามหน่วยงาน", "By division") }) }
            @let group_bars: Vec<Bar> = groups.iter().take(20).map(|group| Bar {
                label: group_name(group),
                share: group.disbursement_rate.unwrap_or(0.0),
                text: prefs.share(group.disbursement_rate),
                href: group_href(fy, by, group),
                target: None,
            }).collect();
            (bars(prefs.t("อัตราการเบิกจ่าย", "Disbursement rate"), &group_bars))
            div.table-wrap { table {
                caption { (prefs.t("ตัวเลขตามกลุ่ม (บาท)", "Figures by group (baht)")) }
                thead { tr {
                    th scope="col" { (prefs.t("กลุ่ม", "Group")) }
                    th.num scope="col" { (prefs.t("โครงการ", "Projects")) }
                    th.num scope="col" { (prefs.t("ได้รับจัดสรร", "Allocated")) }
                    th.num scope="col" { (prefs.t("ลงนามสัญญา", "Contracted")) }
                    th.num scope="col" { (prefs.t("เบิกจ่าย", "Disbursed")) }
                    th.num scope="col" { (prefs.t("ร้อยละเบิกจ่าย", "Rate")) }
                    th.num scope="col" { (prefs.t("ความก้าวหน้า", "Progress")) }
                    th.num scope="col" { (prefs.t("ข้อสังเกต", "Findings")) }
                } }
                tbody { @for group in &groups { tr {
                    th scope="row" { a href=(group_href(fy, by, group)) { (group_name(group)) } }
                    td.num { a href=(group_href(fy, by, group)) { (prefs.int(group.projects)) } }
                    td.num { (prefs.baht(group.allocated)) }
                    td.num { (prefs.baht(group.contracted)) }
                    td.num { (prefs.baht(group.disbursed)) }
                    td.num { (prefs.share(group.disbursement_rate)) }
                    td.num { (prefs.percent(group.average_progress)) }
                    td.num { (prefs.int(group.findings)) }
                } } }
            } }
        }
        @if let Some(q) = risk_quarter {
            section {
                h2 { (prefs.t("ปัญหาตามสาเหตุ", "Problems by cause")) " — " (prefs.quarter(q)) }
                @if causes.is_empty() { p { (prefs.t("ไม่มีรายงานที่ระบุปัญหา", "No report names a problem.")) } } @else {
                    @let max = causes.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
                    @let cause_bars: Vec<Bar> = causes.iter().map(|(cause, count)| Bar {
                        label: if prefs.en() { cause.as_str().replace('_', " ") } else { cause.label_th().to_string() },
                        share: *count as f64 / max,
                        text: prefs.int(*count),
                        href: format!("/reviews?fy={}&q={}&status=all&cause={}", fy.be(), q.number(), cause.as_str()),
                        target: None,
                    }).collect();
                    (bars(prefs.t("จำนวนรายงานที่ระบุปัญหาแต่ละสาเหตุ", "Reports naming each cause"), &cause_bars))
                }
            }
        }
        @if let Some(q) = risk_quarter {
            section {
                h2 { (prefs.t("โครงการที่ควรติดตาม", "Projects at risk")) " — " (prefs.quarter(q)) }
                div.cards #risks {
                    @for (risk, ids) in &risks {
                        a.card href={ "/projects?fy=" (fy.be()) "&q=" (q.number()) "&risk=" (risk.as_str()) } data-risk=(risk.as_str()) {
                            span.k { (prefs.risk(*risk)) }
                            span.v { (prefs.int(ids.len() as i64)) }
                        }
                    }
                }
                @if targets.iter().all(|(tq, _)| *tq != q) {
                    p.hint { (prefs.t("ยังไม่ได้กำหนดเป้าหมายการเบิกจ่ายของไตรมาสนี้ จึงยังประเมินการเบิกจ่ายต่ำกว่าเป้าไม่ได้", "No disbursement target is set for this quarter, so low disbursement cannot be judged.")) }
                }
            }
        }
        section {
            h2 { (prefs.t("รายงานที่มีข้อสังเกตจากการตรวจ", "Reports with checker findings")) }
            @if at_risk.items.is_empty() { p { (prefs.t("ไม่มี", "None.")) } } @else {
                ul.risk { @for report in &at_risk.items { li {
                    a href={ "/projects/" (report.project_id) "/reports/" (report.fiscal_year.be()) "/" (report.quarter.number()) } { (report.project_name) }
                    " — " (prefs.quarter(report.quarter)) ", " (prefs.status(report.status)) ", "
                    (prefs.int(report.finding_count)) " " (prefs.t("ข้อสังเกต", "findings"))
                } } }
                @if at_risk.total > 10 { p { a href={ "/reviews?fy=" (fy.be()) } { (prefs.t("ดูทั้งหมด", "See all")) " (" (prefs.int(at_risk.total)) ")" } } }
            }
        }
    };
    Ok(page(layout(&viewer, &title, body)))
}
