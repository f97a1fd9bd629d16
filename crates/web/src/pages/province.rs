//! `/provinces/{code}`: one province for its governor and its statistics office
//! (its strategic issues, each statistic's series against its target, its
//! group, region and country, its rank among the provinces, where every figure
//! comes from, and the projects running in it), and `/provinces/{code}/chart`:
//! the provincial statistics chart (issues → statistics → producer, frequency,
//! whether the hub has it up to date, the gaps), edited by the office.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use maud::{Markup, html};
use serde::Deserialize;
use tidtam_api::province::{IssueInput, ProvincePlanView, ProvinceProfile, StatisticInput, StatisticProfile};
use tidtam_domain::model::FieldError;
use tidtam_service::ServiceError;
use tidtam_service::province::plan_view;

use super::chart::{Line, lines};
use super::prefs::Prefs;
use super::province_shapes::{SHAPES, VIEW_BOX};
use super::shell::{OrPage, PageError, PageResult, SignedForm, Viewer, csrf_field, layout, page};
use crate::AppState;
use crate::extract::{Params, PathParams};
use crate::routes::provinces::{YearQuery, profile_of};

fn name(prefs: Prefs, th: &str, en: &str) -> String {
    if prefs.en() && !en.is_empty() { en.to_string() } else { th.to_string() }
}

fn value(prefs: Prefs, v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| super::stats::number(prefs, v))
}

/// The badge of a target status: a word and a colour (never colour alone).
fn target_badge(prefs: Prefs, status: &str) -> Markup {
    let (class, th, en) = match status {
        "met" => ("met", "บรรลุเป้าหมาย", "Target met"),
        "not_met" => ("missed", "ยังไม่บรรลุเป้าหมาย", "Target not met"),
        "no_target" => ("locked", "ไม่ได้กำหนดเป้าหมาย", "No target"),
        _ => ("locked", "ไม่มีข้อมูล", "No data"),
    };
    html! { span class={ "status " (class) } data-status=(status) { (prefs.t(th, en)) } }
}

fn freshness_badge(prefs: Prefs, s: &StatisticProfile) -> Markup {
    let text = match s.freshness.as_str() {
        "up_to_date" => prefs.t("เป็นปัจจุบัน", "Up to date").to_string(),
        "behind" => format!(
            "{} {} {} ({} {})",
            prefs.t("ล่าช้า", "Late by"),
            prefs.int(i64::from(s.periods_behind)),
            prefs.t("งวด", "period(s)"),
            prefs.t("ควรมีถึง", "due up to"),
            prefs.digits(s.due_th.clone().unwrap_or_default())
        ),
        "no_data" => prefs.t("คลังยังไม่มีค่าของจังหวัด", "No value for the province yet").to_string(),
        "not_readable" => prefs.t("ชุดข้อมูลยังไม่เผยแพร่", "Dataset not published").to_string(),
        _ => prefs.t("ยังไม่มีในคลังข้อมูลสถิติ (ช่องว่าง)", "Not in the hub (a gap)").to_string(),
    };
    let class = match s.freshness.as_str() {
        "up_to_date" => "met",
        "behind" | "not_in_hub" => "missed",
        _ => "locked",
    };
    html! {
        span class={ "status " (class) } data-freshness=(s.freshness) { (text) }
        @if let Some(code) = &s.register_code {
            " " a.register href={ "/statistics-system/entry/" (code) } { (prefs.t("(ตามปฏิทินเผยแพร่ในบัญชีสถิติทางการ)", "(by the register's release calendar)")) }
        }
    }
}

/// The province on the map, its group shaded lighter, the rest plain.
fn small_map(prefs: Prefs, profile: &ProvinceProfile) -> Markup {
    let code = profile.province.code;
    let members: Vec<u8> =
        profile.group.as_ref().map(|g| g.members.iter().map(|m| m.code).collect()).unwrap_or_default();
    html! {
        svg.map.small viewBox=(VIEW_BOX) aria-label=(format!("{} {}", prefs.t("แผนที่ตำแหน่งจังหวัด", "Map: location of"), name(prefs, &profile.province.name_th, &profile.province.name_en))) {
            @for (c, path) in SHAPES.iter() {
                @let fill = if *c == code { "#0b4f94" } else if members.contains(c) { "#7fb1d9" } else { "#eef4fb" };
                a href={ "/provinces/" (c) } {
                    path d=(path) fill=(fill) stroke="#5a6b7b" stroke-width="0.5" {
                        title { (tidtam_thai::province::by_code(*c).map_or("", |p| if prefs.en() { p.name_en } else { p.name_th })) }
                    }
                }
            }
        }
    }
}

fn statistic_card(prefs: Prefs, s: &StatisticProfile, province: &str) -> Markup {
    let unit = s.source.as_ref().map(|src| src.unit_th.clone()).unwrap_or_default();
    let labels: Vec<String> = s.series.iter().map(|p| prefs.digits(&p.label_th)).collect();
    let values: Vec<Option<f64>> = s.series.iter().map(|p| p.value).collect();
    let direction = if s.polarity == "lower_is_better" {
        prefs.t("ยิ่งต่ำยิ่งดี", "lower is better")
    } else {
        prefs.t("ยิ่งสูงยิ่งดี", "higher is better")
    };
    html! {
        article.statistic {
            h3 { (s.name_th) @if !unit.is_empty() { " (" (unit) ")" } }
            p { (target_badge(prefs, &s.target_status)) " " (freshness_badge(prefs, s))
                @if let Some(trend) = &s.trend { " " span.trend data-trend=(trend) { (match trend.as_str() {
                    "better" => prefs.t("ดีขึ้นจากงวดก่อน", "better than the period before"),
                    "worse" => prefs.t("แย่ลงจากงวดก่อน", "worse than the period before"),
                    _ => prefs.t("เท่าเดิม", "unchanged"),
                }) } } }
            @if s.series.len() > 1 {
                (lines(&s.name_th, &labels, &[Line { label: province.to_string(), values: values.clone() }], |v| super::stats::number(prefs, v)))
            }
            @if !s.series.is_empty() {
                div.scroll { table.series {
                    caption { (s.name_th) " — " (province) }
                    thead { tr { th scope="col" { (prefs.t("ปี", "Year")) } @for l in &labels { th.num scope="col" { (l) } } } }
                    tbody { tr { th scope="row" { (province) } @for p in &s.series { td.num data-status=(p.status) { (value(prefs, p.value)) } } } }
                } }
            }
            dl.meta {
                dt { (prefs.t("ค่าล่าสุด", "Latest")) } dd.latest { (value(prefs, s.latest_value)) @if let Some(l) = &s.latest_th { " (" (prefs.digits(l)) ")" } }
                dt { (prefs.t("ค่าเป้าหมาย", "Target")) } dd { (value(prefs, s.target)) " · " (direction) }
                dt { (prefs.t("ภาค", "Region")) } dd { (value(prefs, s.region)) }
                dt { (prefs.t("ทั้งประเทศ", "Whole Kingdom")) } dd { (value(prefs, s.country)) }
                dt { (prefs.t("อันดับ", "Rank")) } dd.rank { @match (s.rank, s.rank_of) {
                    (Some(r), Some(of)) => { (prefs.t("ที่", "")) " " (prefs.int(i64::from(r))) " " (prefs.t("จาก", "of")) " " (prefs.int(i64::from(of))) " " (prefs.t("จังหวัด", "provinces")) },
                    _ => { "–" },
                } }
                dt { (prefs.t("ที่มา", "Source")) } dd { @match &s.source {
                    Some(src) => {
                        a href={ "/stats/" (src.dataset) } { (src.dataset_title_th) } " · " (src.agency_name)
                        @if let Some(n) = src.release { " · " a href={ "/stats/" (src.dataset) "?release=" (n) } { (prefs.t("รุ่นที่", "release")) " " (prefs.int(i64::from(n))) } }
                    },
                    None => { (prefs.t("ผู้ผลิต", "Producer")) ": " (s.producer) },
                } }
            }
            @if !s.group.is_empty() {
                details { summary { (prefs.t("เทียบกับกลุ่มจังหวัด", "Compared with the province group")) }
                    table.group { thead { tr { th scope="col" { (prefs.t("จังหวัด", "Province")) } th.num scope="col" { (prefs.t("ค่า", "Value")) } } }
                        tbody { @for g in &s.group { tr { th scope="row" { a href={ "/provinces/" (g.province.code) } { (name(prefs, &g.province.name_th, &g.province.name_en)) } } td.num { (value(prefs, g.value)) } } } } }
                }
            }
        }
    }
}

pub async fn profile(
    State(state): State<AppState>,
    viewer: Viewer,
    PathParams(code): PathParams<u8>,
    Params(query): Params<YearQuery>,
) -> PageResult {
    let prefs = viewer.prefs;
    let profile = profile_of(&state, &viewer.actor, code, query.fy).await.or_page(&viewer)?;
    let province = name(prefs, &profile.province.name_th, &profile.province.name_en);
    let title = format!("{}{}", prefs.t("จังหวัด", "Province: "), province);
    let body = html! {
        p { a href="/provinces" { "← " (prefs.t("แผนที่จังหวัด", "Provinces")) } }
        div.map-layout {
            section #facts {
                dl.meta {
                    dt { (prefs.t("ภาค", "Region")) } dd { (name(prefs, &profile.region_th, &profile.region_en)) }
                    dt { (prefs.t("กลุ่มจังหวัด", "Province group")) } dd { @match &profile.group {
                        Some(g) => { (name(prefs, &g.name_th, &g.name_en)) ": "
                            @for (i, m) in g.members.iter().enumerate() { @if i > 0 { ", " } a href={ "/provinces/" (m.code) } { (name(prefs, &m.name_th, &m.name_en)) } } },
                        None => { "–" },
                    } }
                    dt { (prefs.t("ข้อมูล ณ วันที่", "As of")) } dd { (profile.as_of.parse().map(|d| prefs.date(d)).unwrap_or_default()) }
                    dt { (prefs.t("สถิติที่ยังขาด", "Statistics missing")) } dd #gaps { (prefs.int(i64::from(profile.gaps))) }
                }
                p {
                    a.button href={ "/provinces/" (code) ".docx?fy=" (profile.fiscal_year) } download { (prefs.t("รายงานสถิติจังหวัด (Word)", "Provincial report (Word)")) } " "
                    a.button href={ "/provinces/" (code) ".pdf?fy=" (profile.fiscal_year) } download { (prefs.t("รายงานสถิติจังหวัด (PDF)", "Provincial report (PDF)")) } " "
                    a href={ "/provinces/" (code) "/chart" } { (prefs.t("ผังสถิติทางการระดับจังหวัด", "Provincial statistics chart")) }
                }
            }
            (small_map(prefs, &profile))
        }
        @if profile.issues.is_empty() {
            p.notice { (prefs.t("จังหวัดยังไม่ได้กำหนดประเด็นยุทธศาสตร์และสถิติที่ต้องใช้", "The province has not set its strategic issues and the statistics they need yet"))
                @if profile.may_edit { " — " a href={ "/provinces/" (code) "/chart" } { (prefs.t("กำหนดในผังสถิติ", "set them in the chart")) } } }
        }
        @for (i, issue) in profile.issues.iter().enumerate() {
            section.issue {
                h2 { (prefs.t("ประเด็นที่", "Issue")) " " (prefs.int(i as i64 + 1)) " " (name(prefs, &issue.title_th, &issue.title_en)) }
                div.rounds { @for s in &issue.statistics { (statistic_card(prefs, s, &province)) } }
            }
        }
        section #projects {
            h2 { (prefs.t("โครงการในจังหวัด", "Projects in the province")) " — " (prefs.t("ปีงบประมาณ", "fiscal year")) " " (prefs.digits(profile.fiscal_year.to_string())) }
            @match &profile.portfolio {
                Some(p) => { dl.meta {
                    dt { (prefs.t("จำนวนโครงการ", "Projects")) } dd { (prefs.int(p.projects)) }
                    dt { (prefs.t("งบประมาณที่ได้รับ (ล้านบาท)", "Allocated (million baht)")) } dd { (prefs.millions(p.allocated)) }
                    dt { (prefs.t("เบิกจ่าย (ล้านบาท)", "Disbursed (million baht)")) } dd { (prefs.millions(p.disbursed)) }
                    dt { (prefs.t("อัตราการเบิกจ่าย", "Disbursement rate")) } dd { (prefs.share(p.disbursement_rate)) }
                    dt { (prefs.t("ความก้าวหน้าเฉลี่ย", "Average progress")) } dd { (p.average_progress.map_or_else(|| "–".to_string(), |a| prefs.digits(format!("{a:.1}%")))) }
                } },
                None => { p { (prefs.t("ไม่มีโครงการในจังหวัดในปีนี้", "No project in the province this year")) } },
            }
            @if !profile.projects.is_empty() {
                ul { @for p in &profile.projects { li { a href={ "/projects/" (p.id) } { (p.name) } } } }
                p { a href={ "/projects?province=" (code) "&fy=" (profile.fiscal_year) } {
                    (prefs.t("โครงการทั้งหมดในจังหวัด", "All projects in the province")) " (" (prefs.int(profile.projects_total)) ")" } }
            }
        }
    };
    Ok(page(layout(&viewer, &title, body)))
}

async fn chart_page(state: &AppState, viewer: &Viewer, code: u8, error: Option<&ServiceError>) -> PageResult {
    let prefs = viewer.prefs;
    let profile = profile_of(state, &viewer.actor, code, None).await.or_page(viewer)?;
    let datasets = state
        .service
        .stat_datasets(&viewer.actor, &tidtam_service::stats::StatFilter::default(), 500, 0)
        .await
        .or_page(viewer)?
        .0;
    let province = name(prefs, &profile.province.name_th, &profile.province.name_en);
    let title = format!("{} {}", prefs.t("ผังสถิติทางการระดับจังหวัด", "Provincial statistics chart:"), province);
    let version = profile.plan_version;
    let edit = profile.may_edit;
    let action = format!("/provinces/{code}/chart");
    let body = html! {
        p { a href={ "/provinces/" (code) } { "← " (prefs.t("จังหวัด", "Province")) (province) } }
        @if let Some(error) = error { (super::admin::problem(viewer, error)) }
        p { (prefs.t("ประเด็นยุทธศาสตร์ของจังหวัด สถิติที่แต่ละประเด็นต้องใช้ หน่วยงานที่ผลิต ความถี่ และคลังข้อมูลสถิติมีข้อมูลเป็นปัจจุบันหรือไม่",
                     "The province's strategic issues, the statistics each needs, who produces them, how often, and whether the hub has them up to date")) }
        p { (prefs.t("สถิติที่ยังขาด", "Gaps")) ": " strong #gaps { (prefs.int(i64::from(profile.gaps))) } }
        div.table-wrap { table #chart {
            thead { tr {
                th scope="col" { (prefs.t("ประเด็น", "Issue")) } th scope="col" { (prefs.t("สถิติที่ต้องใช้", "Statistic needed")) }
                th scope="col" { (prefs.t("หน่วยงานที่ผลิต", "Producer")) } th scope="col" { (prefs.t("ความถี่", "Frequency")) }
                th scope="col" { (prefs.t("ในคลังข้อมูลสถิติ", "In the hub")) }
                @if edit { th scope="col" { (prefs.t("แก้ไข", "Change")) } }
            } }
            tbody { @for (i, issue) in profile.issues.iter().enumerate() {
                @if issue.statistics.is_empty() { tr { th scope="row" { (issue.title_th) } td colspan="4" { (prefs.t("ยังไม่ได้ระบุสถิติ", "No statistic listed yet")) }
                    @if edit { td { (remove_button(viewer, &action, version, "remove_issue", i, 0, prefs.t("ลบประเด็น", "Remove issue"))) } } } }
                @for (j, s) in issue.statistics.iter().enumerate() { tr data-gap[s.source.is_none()] {
                    @if j == 0 { th scope="rowgroup" rowspan=(issue.statistics.len()) { (issue.title_th)
                        @if edit { (remove_button(viewer, &action, version, "remove_issue", i, 0, prefs.t("ลบประเด็น", "Remove issue"))) } } }
                    td { (s.name_th) } td { (s.producer) } td { (if prefs.en() { s.frequency.as_str() } else { s.frequency_th.as_str() }) " · " (prefs.t("เผยแพร่ภายใน", "due")) " " (prefs.int(i64::from(s.lag_months))) " " (prefs.t("เดือนหลังสิ้นงวด", "months after the period")) }
                    td { (freshness_badge(prefs, s)) @if let Some(src) = &s.source { br; a href={ "/stats/" (src.dataset) } { (src.dataset) "/" (src.indicator) } } }
                    @if edit { td { (remove_button(viewer, &action, version, "remove_statistic", i, j, prefs.t("ลบ", "Remove"))) } }
                } }
            } }
        } }
        @if edit {
            h2 { (prefs.t("เพิ่มประเด็นยุทธศาสตร์", "Add a strategic issue")) }
            form method="post" action=(action) {
                (csrf_field(viewer))
                input type="hidden" name="action" value="add_issue";
                input type="hidden" name="version" value=(version);
                p.field { label for="title_th" { (prefs.t("ชื่อประเด็น", "Issue title (Thai)")) } input #title_th name="title_th" required maxlength="300"; }
                p { button.primary type="submit" { (prefs.t("เพิ่มประเด็น", "Add issue")) } }
            }
            @if !profile.issues.is_empty() {
                h2 { (prefs.t("เพิ่มสถิติที่ต้องใช้", "Add a statistic an issue needs")) }
                form #add-statistic method="post" action=(action) {
                    (csrf_field(viewer))
                    input type="hidden" name="action" value="add_statistic";
                    input type="hidden" name="version" value=(version);
                    p.field { label for="issue" { (prefs.t("ประเด็น", "Issue")) } select #issue name="issue" {
                        @for (i, issue) in profile.issues.iter().enumerate() { option value=(i) { (issue.title_th) } } } }
                    p.field { label for="name_th" { (prefs.t("ชื่อสถิติ", "Statistic")) } input #name_th name="name_th" required maxlength="300"; }
                    p.field { label for="producer" { (prefs.t("หน่วยงานที่ผลิต", "Producer")) } input #producer name="producer" required maxlength="300"; }
                    p.field { label for="frequency" { (prefs.t("ความถี่", "Frequency")) } select #frequency name="frequency" {
                        option value="A" { (prefs.t("รายปี", "Annual")) } option value="Q" { (prefs.t("รายไตรมาส", "Quarterly")) } option value="M" { (prefs.t("รายเดือน", "Monthly")) } } }
                    p.field { label for="lag_months" { (prefs.t("เผยแพร่ภายใน (เดือนหลังสิ้นงวด)", "Published within (months after the period)")) } input #lag_months name="lag_months" type="number" min="0" max="60" value="12" required; }
                    p.field { label for="series" { (prefs.t("ชุดข้อมูลในคลัง", "Series in the hub")) } select #series name="series" {
                        option value="" { (prefs.t("ยังไม่มีในคลัง", "Not in the hub")) }
                        @for row in &datasets { @for ind in &row.dataset.indicators {
                            option value={ (row.dataset.id) "/" (ind.code) } { (row.dataset.title_th) " — " (ind.name_th) " (" (row.agency_name) ")" } } } } }
                    p.field { label for="target" { (prefs.t("ค่าเป้าหมาย", "Target")) } input #target name="target" inputmode="decimal"; }
                    p.field { label for="polarity" { (prefs.t("ทิศทาง", "Direction")) } select #polarity name="polarity" {
                        option value="higher_is_better" { (prefs.t("ยิ่งสูงยิ่งดี", "Higher is better")) } option value="lower_is_better" { (prefs.t("ยิ่งต่ำยิ่งดี", "Lower is better")) } } }
                    p { button.primary type="submit" { (prefs.t("เพิ่มสถิติ", "Add statistic")) } }
                }
            }
        }
    };
    Ok(page(layout(viewer, &title, body)))
}

fn remove_button(
    viewer: &Viewer,
    action: &str,
    version: i64,
    what: &str,
    issue: usize,
    statistic: usize,
    label: &str,
) -> Markup {
    html! { form.inline method="post" action=(action) {
        (csrf_field(viewer))
        input type="hidden" name="action" value=(what);
        input type="hidden" name="version" value=(version);
        input type="hidden" name="issue" value=(issue);
        input type="hidden" name="statistic" value=(statistic);
        button type="submit" { (label) }
    } }
}

pub async fn chart(State(state): State<AppState>, viewer: Viewer, PathParams(code): PathParams<u8>) -> PageResult {
    chart_page(&state, &viewer, code, None).await
}

#[derive(Deserialize)]
pub struct ChartForm {
    action: String,
    version: i64,
    #[serde(default)]
    issue: Option<usize>,
    #[serde(default)]
    statistic: Option<usize>,
    #[serde(default)]
    title_th: String,
    #[serde(default)]
    name_th: String,
    #[serde(default)]
    producer: String,
    #[serde(default)]
    frequency: String,
    #[serde(default)]
    lag_months: String,
    #[serde(default)]
    series: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    polarity: String,
}

fn invalid(field: &str, th: &str, en: &str) -> ServiceError {
    ServiceError::Invalid(vec![FieldError::new(field, th, en)])
}

/// The plan after the form's one change, applied to the plan as stored (the
/// version the form was read at is checked when it is saved).
fn apply(mut plan: ProvincePlanView, form: &ChartForm) -> Result<ProvincePlanView, ServiceError> {
    plan.version = form.version;
    let issue_at = |plan: &ProvincePlanView| {
        form.issue.filter(|i| *i < plan.issues.len()).ok_or_else(|| invalid("issue", "ไม่มีประเด็นนี้", "no such issue"))
    };
    match form.action.as_str() {
        "add_issue" => plan.issues.push(IssueInput {
            title_th: form.title_th.clone(),
            title_en: String::new(),
            statistics: vec![],
        }),
        "remove_issue" => {
            let i = issue_at(&plan)?;
            plan.issues.remove(i);
        }
        "remove_statistic" => {
            let i = issue_at(&plan)?;
            let j = form
                .statistic
                .filter(|j| *j < plan.issues[i].statistics.len())
                .ok_or_else(|| invalid("statistic", "ไม่มีสถิตินี้", "no such statistic"))?;
            plan.issues[i].statistics.remove(j);
        }
        "add_statistic" => {
            let i = issue_at(&plan)?;
            let digits = tidtam_thai::digits::to_arabic_digits(form.lag_months.trim()).into_owned();
            let lag_months = digits.parse::<u16>().map_err(|_| {
                invalid("lag_months", "ระยะเวลาเผยแพร่ต้องเป็นจำนวนเดือน", "the publication lag is a number of months")
            })?;
            let target = match tidtam_thai::digits::to_arabic_digits(form.target.trim()).replace(',', "") {
                t if t.is_empty() => None,
                t => Some(
                    t.parse::<f64>()
                        .map_err(|_| invalid("target", "ค่าเป้าหมายต้องเป็นตัวเลข", "the target must be a number"))?,
                ),
            };
            let (dataset, indicator) = match form.series.split_once('/') {
                Some((d, ind)) => (Some(d.to_string()), Some(ind.to_string())),
                None => (None, None),
            };
            plan.issues[i].statistics.push(StatisticInput {
                name_th: form.name_th.clone(),
                producer: form.producer.clone(),
                frequency: form.frequency.clone(),
                lag_months,
                dataset,
                indicator,
                target,
                polarity: Some(form.polarity.clone()),
            });
        }
        _ => return Err(invalid("action", "ไม่รู้จักคำสั่งนี้", "unknown action")),
    }
    Ok(plan)
}

pub async fn save_chart(
    State(state): State<AppState>,
    PathParams(code): PathParams<u8>,
    signed: SignedForm<ChartForm>,
) -> PageResult {
    let (viewer, form) = (signed.viewer, signed.form);
    let stored = state.service.province_plan(code).await.or_page(&viewer)?;
    let done = match apply(plan_view(&stored), &form) {
        Ok(plan) => state.service.save_province_plan(&viewer.actor, code, &plan).await.map(|_| ()),
        Err(error) => Err(error),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/provinces/{code}/chart")).into_response()),
        Err(ServiceError::Unauthenticated) => Err(PageError::SignIn(format!("/provinces/{code}/chart"))),
        Err(error @ ServiceError::Conflict { .. }) => {
            Ok((StatusCode::CONFLICT, chart_page(&state, &viewer, code, Some(&error)).await?).into_response())
        }
        Err(ServiceError::Forbidden) => Err(PageError::from_service(ServiceError::Forbidden, viewer.prefs)),
        Err(error) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, chart_page(&state, &viewer, code, Some(&error)).await?)
                .into_response())
        }
    }
}
