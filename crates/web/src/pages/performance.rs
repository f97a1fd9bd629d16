//! Organisation performance pages: `/kpi?fy=` (an agreement's scorecard with
//! colour bands), `/kpi/{id}` (one indicator: criteria, rounds, evidence,
//! history and the forms to enter a result and evidence, lock or unlock a round
//! and enter the committee's score, all plain forms with the CSRF field) and
//! `/pmqa?fy=` (the PMQA assessment: a chart by category, the total against
//! the threshold, the gap, the sub-items that close it, category 7's
//! indicators, the previous year).

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use maud::{Markup, html};
use serde::Deserialize;
use tidtam_api::performance::{
    CommitteeInput, CriteriaKind, EvidenceInput, IndicatorView, KpiImport, KpiImportOutcome, KpiSource, LockInput,
    PmqaView, PolarityName, RoundInput, RoundView,
};
use tidtam_domain::period::FiscalYear;

use super::prefs::Prefs;
use super::shell::{OrPage, PageResult, SignedForm, Viewer, csrf_field, layout, page, signed_upload};
use crate::AppState;
use crate::extract::{Params, PathParams};

#[derive(Deserialize, Default)]
pub struct YearQuery {
    fy: Option<FiscalYear>,
    agreement: Option<i64>,
}

fn band_class(band: Option<&str>) -> &'static str {
    match band {
        Some("low") => "num band-low",
        Some("middle") => "num band-middle",
        Some("high") => "num band-high",
        _ => "num",
    }
}

fn round_name(prefs: Prefs, months: u8) -> String {
    prefs.digits(if prefs.en() { format!("{months} months") } else { format!("รอบ {months} เดือน") })
}

fn source_name(prefs: Prefs, source: KpiSource) -> &'static str {
    match source {
        KpiSource::Entered => prefs.t("ผู้กำกับดูแลกรอก", "entered"),
        KpiSource::DisbursementRate => prefs.t("คำนวณ: อัตราการเบิกจ่าย", "computed: disbursement rate"),
        KpiSource::ReportsOnTime => prefs.t("คำนวณ: รายงานทันกำหนด", "computed: reports on time"),
        KpiSource::KpisMet => prefs.t("คำนวณ: ตัวชี้วัดโครงการบรรลุ", "computed: project KPIs met"),
    }
}

fn opt(prefs: Prefs, value: &Option<String>) -> String {
    value.as_deref().map_or_else(|| "–".to_string(), |value| prefs.digits(value))
}

pub async fn scorecard(State(state): State<AppState>, viewer: Viewer, Params(query): Params<YearQuery>) -> PageResult {
    viewer.require_signed_in()?;
    let prefs = viewer.prefs;
    let years = state.service.agreement_years(&viewer.actor).await.or_page(&viewer)?;
    let year = query.fy.or_else(|| years.first().and_then(|be| FiscalYear::checked(*be).ok()));
    let title = prefs.t("คำรับรองการปฏิบัติราชการ", "Performance agreement");
    let Some(year) = year else {
        let body = html! { p { (prefs.t("ยังไม่มีคำรับรองการปฏิบัติราชการ", "No performance agreement yet.")) } };
        return Ok(page(layout(&viewer, title, body)));
    };
    let agreements = state.service.agreements(&viewer.actor, year).await.or_page(&viewer)?;
    let chosen = query.agreement.and_then(|id| agreements.iter().find(|a| a.id == id)).or(agreements.first());
    let card = match chosen {
        Some(agreement) => Some(state.service.kpi_scorecard(&viewer.actor, agreement.id).await.or_page(&viewer)?),
        None => None,
    };
    let body = html! {
        nav.periods aria-label=(prefs.t("ปีงบประมาณ", "Fiscal year")) {
            @for be in &years {
                a href={ "/kpi?fy=" (be) } aria-current=[(*be == year.be()).then_some("page")] { (prefs.digits(be.to_string())) }
            }
        }
        @if agreements.len() > 1 {
            nav.tabs { @for agreement in &agreements {
                a href={ "/kpi?fy=" (year.be()) "&agreement=" (agreement.id) } aria-current=[(chosen.is_some_and(|c| c.id == agreement.id)).then_some("page")] { (agreement.org_unit_name) }
            } }
        }
        @match &card {
            None => p { (prefs.t("ไม่มีคำรับรองในปีนี้ที่ท่านมีสิทธิ์ดู", "No agreement you may read this year.")) },
            Some(card) => {
                h2 { (card.agreement.title) " — " (card.agreement.org_unit_name) " " (prefs.fiscal_year(year)) }
                p {
                    a.button href={ "/kpi.xlsx?fy=" (year.be()) "&agreement=" (card.agreement.id) } download { (prefs.t("ดาวน์โหลดตารางคะแนน (Excel)", "Download the scorecard (Excel)")) }
                }
                @if card.may_plan { (import_form(&viewer, card.agreement.id)) }
                div.table-wrap { table #scorecard {
                    caption { (prefs.t("คะแนนรายตัวชี้วัด (คำนวณจากผลและเกณฑ์ ทศนิยม ๔ ตำแหน่ง)", "Scores by indicator (computed from the result and the criteria, 4 decimals)")) }
                    thead {
                        tr {
                            th scope="col" rowspan="2" { (prefs.t("รหัส", "Code")) }
                            th scope="col" rowspan="2" { (prefs.t("ตัวชี้วัด", "Indicator")) }
                            th.num scope="col" rowspan="2" { (prefs.t("น้ำหนัก", "Weight")) }
                            @for round in &card.rounds { th scope="colgroup" colspan="3" { (round_name(prefs, round.months)) } }
                        }
                        tr { @for _ in &card.rounds {
                            th.num scope="col" { (prefs.t("ผล", "Result")) }
                            th.num scope="col" { (prefs.t("คะแนน", "Score")) }
                            th.num scope="col" { (prefs.t("ถ่วงน้ำหนัก", "Weighted")) }
                        } }
                    }
                    tbody { @for row in &card.rows { tr {
                        td { a href={ "/kpi/" (row.indicator_id) } { (prefs.digits(&row.code)) } }
                        td { (row.name) @if row.source != KpiSource::Entered { br; small.source { (source_name(prefs, row.source)) } } }
                        td.num { (prefs.digits(&row.weight)) }
                        @for cell in &row.cells {
                            td.num { (opt(prefs, &cell.result)) @if cell.locked { " " span.locked title=(prefs.t("ล็อกแล้ว", "locked")) { "🔒" } } }
                            td class=(band_class(cell.band.as_deref())) { (opt(prefs, &cell.score)) }
                            td.num { (opt(prefs, &cell.weighted)) }
                        }
                    } } }
                    tfoot { tr {
                        th scope="row" colspan="2" { (prefs.t("คะแนนรวมถ่วงน้ำหนัก (เต็ม ", "Weighted total (out of ")) (prefs.digits(&card.max)) ")" }
                        td.num { (prefs.digits(&card.weight_total)) }
                        @for round in &card.rounds {
                            td {} td {}
                            td class=(band_class(Some(round.band.as_str()))) id={ "total-" (round.months) } { (prefs.digits(&round.total)) }
                        }
                    } }
                } }
                @for round in &card.rounds { @if !round.findings.is_empty() {
                    details { summary { (round_name(prefs, round.months)) ": " (prefs.int(round.findings.len() as i64)) " " (prefs.t("ข้อสังเกต", "findings")) }
                        ul.findings { @for finding in &round.findings {
                            li.finding.warning { (if prefs.en() { &finding.message_en } else { &finding.message_th }) " " small { (finding.rule) " " (finding.subject) } }
                        } }
                    }
                } }
            }
        }
    };
    Ok(page(layout(&viewer, title, body)))
}

fn criteria_section(prefs: Prefs, view: &IndicatorView) -> Markup {
    let criteria = &view.criteria;
    let direction = match criteria.polarity {
        Some(PolarityName::Lower) => prefs.t("ยิ่งน้อยยิ่งดี", "lower is better"),
        _ => prefs.t("ยิ่งมากยิ่งดี", "higher is better"),
    };
    html! {
        section #criteria {
            h2 { (prefs.t("เกณฑ์การให้คะแนน", "Scoring criteria")) }
            @match criteria.kind {
                CriteriaKind::Quantitative => {
                    p { (prefs.t("เชิงปริมาณ", "Quantitative")) " (" (direction) ", "
                        (if criteria.mode == Some(tidtam_api::performance::ModeName::Step) { prefs.t("ให้คะแนนตามขั้น", "step scoring") } else { prefs.t("เทียบบัญญัติไตรยางศ์ระหว่างระดับ", "linear interpolation between levels") }) ")" }
                    table { thead { tr { @for level in 1..=5 { th.num scope="col" { (prefs.t("ระดับ ", "Level ")) (prefs.digits(level.to_string())) } } } }
                        tbody { tr { @for threshold in &criteria.thresholds { td.num { (prefs.digits(threshold)) } } } } }
                }
                CriteriaKind::Breakpoints => {
                    p { (prefs.t("ขั้นต้น / มาตรฐาน / ขั้นสูง (คะแนน ๐–๑๐๐)", "Basic / standard / advanced (scored 0–100)")) " (" (direction) ")" }
                    table { tbody { tr { @for threshold in &criteria.thresholds { td.num { (prefs.digits(threshold)) } } } } }
                }
                CriteriaKind::Milestone => {
                    p { (prefs.t("ระดับความสำเร็จ: คะแนนคือระดับสูงสุดที่ทำได้ครบทุกขั้นตอน", "Milestones: the score is the highest level whose steps are met")) }
                    table { thead { tr { th scope="col" { (prefs.t("ระดับ", "Level")) } th scope="col" { (prefs.t("การดำเนินงาน", "Steps")) } } }
                        tbody { @for (level, steps) in criteria.steps.iter().enumerate() { tr {
                            td.num { (prefs.digits((level + 1).to_string())) }
                            td { @if steps.is_empty() { "–" } @else { ul { @for step in steps { li { (step) } } } } }
                        } } } }
                }
            }
        }
    }
}

fn round_section(viewer: &Viewer, view: &IndicatorView, round: &RoundView) -> Markup {
    let prefs = viewer.prefs;
    let action = |suffix: &str| format!("/kpi/{}/rounds/{}{suffix}", view.id, round.months);
    let entered = view.source == KpiSource::Entered;
    html! {
        section id={ "r" (round.months) } {
            h2 { (round_name(prefs, round.months)) " "
                small { "(" (prefs.t("สิ้นสุด ", "ends ")) (prefs.date(round.ends)) ")" }
                @if round.locked { " " span.locked { "🔒 " (prefs.t("ล็อกแล้ว", "Locked")) } } }
            dl.meta {
                dt { (prefs.t("ผลการดำเนินงาน", "Result")) } dd.result { (opt(prefs, &round.result)) }
                dt { (prefs.t("ระดับ", "Level")) } dd { (round.level.map_or_else(|| "–".to_string(), |level| prefs.digits(level.to_string()))) }
                dt { (prefs.t("ค่าคะแนนที่ได้", "Score")) } dd class=(band_class(round.band.as_deref())) { span.score { (opt(prefs, &round.score)) } }
                dt { (prefs.t("ค่าคะแนนถ่วงน้ำหนัก", "Weighted score")) } dd { span.weighted { (opt(prefs, &round.weighted)) } }
                dt { (prefs.t("คะแนนคณะกรรมการ", "Committee's score")) } dd { (opt(prefs, &round.committee_score))
                    @if let Some(by) = &round.committee_by { " " small { "(" (by) ")" } } }
                @if round.own_score.is_some() || round.own_level.is_some() {
                    dt { (prefs.t("ส่วนราชการรายงาน", "Stated by the agency")) }
                    dd { (prefs.t("ระดับ ", "level ")) (round.own_level.map_or_else(|| "–".to_string(), |l| prefs.digits(l.to_string()))) ", "
                        (prefs.t("คะแนน ", "score ")) (opt(prefs, &round.own_score)) }
                }
            }
            @if let Some(computed) = &round.computed_from {
                p.provenance { (if prefs.en() { &computed.basis_en } else { &computed.basis_th }) " — "
                    a href=(computed.link) { (prefs.t("ดูตัวเลข", "see the figures")) } }
            }
            @if round.locked {
                p.locked { (prefs.t("ล็อกโดย ", "Locked by ")) (round.locked_by.clone().unwrap_or_default())
                    @if let Some(at) = round.locked_at { " " (prefs.timestamp(at)) } }
            } @else if let Some(reason) = &round.unlock_reason {
                p.provenance { (prefs.t("ปลดล็อกเพราะ: ", "Unlocked because: ")) (reason) }
            }
            @for (label_th, label_en, text) in [("คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ", "Explanation and measures taken", &round.explanation), ("ปัจจัยสนับสนุน", "Supporting factors", &round.supporting_factors), ("อุปสรรค", "Obstacles", &round.obstacles), ("ข้อเสนอแนะ", "Suggestions", &round.suggestions)] {
                @if !text.is_empty() { h3 { (prefs.t(label_th, label_en)) } p { (text) } }
            }
            h3 { (prefs.t("หลักฐานอ้างอิง", "Evidence")) }
            @if round.evidence.is_empty() { p { (prefs.t("ยังไม่มีหลักฐาน", "No evidence yet.")) } } @else {
                ol.evidence { @for item in &round.evidence { li value=(item.number) {
                    (item.title)
                    @if let Some(date) = item.date { " " (prefs.t("ลงวันที่ ", "dated ")) (prefs.date(date)) }
                    @if let Some(pages) = item.pages { " " (prefs.t("จำนวน ", "")) (prefs.int(i64::from(pages))) (prefs.t(" แผ่น", " pages")) }
                    @match (&item.file, &item.file_name) {
                        (Some(file), name) => { " " a href={ "/kpi/evidence/" (item.id) "/file" } download { (name.as_deref().unwrap_or(&item.title)) }
                            " " small { "(" (file.kind.to_uppercase()) ", " (super::attachments::size(prefs, file.size_bytes)) ")" } }
                        (None, Some(name)) => { " " small { "(" (name) ")" } }
                        (None, None) => {}
                    }
                } } }
            }
            @if !round.findings.is_empty() {
                ul.findings { @for finding in &round.findings {
                    li.finding.warning { (if prefs.en() { &finding.message_en } else { &finding.message_th }) " " small { (finding.rule) } }
                } }
            }
            @if view.may.enter && !round.locked {
                details open[round.version == 0] {
                    summary { (prefs.t("กรอกผลการดำเนินงาน", "Enter the result")) }
                    form.round method="post" action=(action("")) {
                        (csrf_field(viewer))
                        input type="hidden" name="version" value=(round.version);
                        @if entered {
                            p.field { label for={ "result-" (round.months) } { (prefs.t("ผลการดำเนินงาน (ตัวเลข หรือระดับที่ทำได้)", "Result (a number, or the level reached)")) }
                                input type="text" inputmode="decimal" id={ "result-" (round.months) } name="result" value=(round.result.clone().unwrap_or_default()); }
                        } @else {
                            p.provenance { (prefs.t("ผลคำนวณจากข้อมูลติดตามโครงการ ไม่ต้องกรอก", "The result is computed from the monitoring data.")) }
                        }
                        p.field { label for={ "explanation-" (round.months) } { (prefs.t("คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ", "Explanation and measures taken")) }
                            textarea id={ "explanation-" (round.months) } name="explanation" rows="3" { (round.explanation) } }
                        p.field { label for={ "supporting-" (round.months) } { (prefs.t("ปัจจัยสนับสนุน", "Supporting factors")) }
                            textarea id={ "supporting-" (round.months) } name="supporting_factors" rows="2" { (round.supporting_factors) } }
                        p.field { label for={ "obstacles-" (round.months) } { (prefs.t("อุปสรรค", "Obstacles")) }
                            textarea id={ "obstacles-" (round.months) } name="obstacles" rows="2" { (round.obstacles) } }
                        p.field { label for={ "suggestions-" (round.months) } { (prefs.t("ข้อเสนอแนะ", "Suggestions")) }
                            textarea id={ "suggestions-" (round.months) } name="suggestions" rows="2" { (round.suggestions) } }
                        p { button.primary type="submit" { (prefs.t("บันทึกผล", "Save the result")) } }
                    }
                }
                form.evidence method="post" action=(action("/evidence")) enctype="multipart/form-data" {
                    (csrf_field(viewer))
                    fieldset { legend { (prefs.t("เพิ่มหลักฐาน", "Add evidence")) }
                        p.field { label for={ "ev-title-" (round.months) } { (prefs.t("ชื่อหลักฐาน", "Title")) }
                            input type="text" id={ "ev-title-" (round.months) } name="title" required; }
                        p.field { label for={ "ev-date-" (round.months) } { (prefs.t("ลงวันที่", "Date")) }
                            input type="date" id={ "ev-date-" (round.months) } name="date"; }
                        p.field { label for={ "ev-pages-" (round.months) } { (prefs.t("จำนวนแผ่น", "Pages")) }
                            input type="number" min="1" id={ "ev-pages-" (round.months) } name="pages"; }
                        p.field { label for={ "ev-upload-" (round.months) } { (prefs.t("แนบไฟล์ (PDF, รูปภาพ, Word, Excel หรือข้อความ ไม่เกิน ๑๐ MB)", "Attach the file (PDF, image, Word, Excel or text, up to 10 MB)")) }
                            input type="file" id={ "ev-upload-" (round.months) } name="file"; }
                        p.field { label for={ "ev-file-" (round.months) } { (prefs.t("หรือชื่อไฟล์/ที่เก็บเอกสาร", "Or the file's name or where it is kept")) }
                            input type="text" id={ "ev-file-" (round.months) } name="file_name"; }
                        p { button type="submit" { (prefs.t("เพิ่มหลักฐาน", "Add the evidence")) } }
                    }
                }
            }
            @if view.may.lock {
                @if round.locked {
                    form.unlock method="post" action=(action("/unlock")) {
                        (csrf_field(viewer))
                        input type="hidden" name="version" value=(round.version);
                        p.field { label for={ "reason-" (round.months) } { (prefs.t("เหตุผลที่ปลดล็อก", "Reason for unlocking")) }
                            input type="text" id={ "reason-" (round.months) } name="reason" required; }
                        p { button type="submit" { (prefs.t("ปลดล็อกรอบนี้", "Unlock this round")) } }
                    }
                } @else {
                    form.lock method="post" action=(action("/lock")) {
                        (csrf_field(viewer))
                        input type="hidden" name="version" value=(round.version);
                        p { button type="submit" { (prefs.t("ตรวจแล้ว ล็อกรอบนี้", "Reviewed: lock this round")) } }
                    }
                }
            }
            @if view.may.committee {
                form.committee method="post" action=(action("/committee")) {
                    (csrf_field(viewer))
                    input type="hidden" name="version" value=(round.version);
                    p.field { label for={ "committee-" (round.months) } { (prefs.t("คะแนนของคณะกรรมการ", "The committee's score")) }
                        input type="text" inputmode="decimal" id={ "committee-" (round.months) } name="score" value=(round.committee_score.clone().unwrap_or_default()); }
                    p { button type="submit" { (prefs.t("บันทึกคะแนนคณะกรรมการ", "Save the committee's score")) } }
                }
            }
        }
    }
}

pub async fn indicator(State(state): State<AppState>, viewer: Viewer, PathParams(id): PathParams<i64>) -> PageResult {
    viewer.require_signed_in()?;
    let prefs = viewer.prefs;
    let view = state.service.indicator(&viewer.actor, id).await.or_page(&viewer)?;
    let title = format!("{} {}", prefs.digits(&view.code), view.name);
    let body = html! {
        p { a href={ "/kpi?fy=" (view.agreement.fiscal_year) "&agreement=" (view.agreement.id) } { "← " (view.agreement.title) " " (view.agreement.org_unit_name) } " · "
            a.button href={ "/kpi/" (view.id) ".docx" } download { (prefs.t("ดาวน์โหลดรายงานตัวชี้วัด (Word)", "Download the indicator report (Word)")) } }
        section #facts { dl.meta {
            dt { (prefs.t("ผู้กำกับดูแลตัวชี้วัด", "Officer in charge")) } dd { (view.officer_name) }
            dt { (prefs.t("ผู้จัดเก็บข้อมูล", "Data collector")) } dd { (view.data_collector) }
            dt { (prefs.t("น้ำหนัก (ร้อยละ)", "Weight (%)")) } dd { (prefs.digits(&view.weight)) }
            dt { (prefs.t("ที่มาของผล", "Source of the result")) } dd { (source_name(prefs, view.source)) }
            @if !view.description.is_empty() { dt { (prefs.t("คำอธิบาย", "Description")) } dd { (view.description) } }
        } }
        (criteria_section(prefs, &view))
        div.rounds { @for round in &view.rounds { (round_section(&viewer, &view, round)) } }
        section #history {
            h2 { (prefs.t("ประวัติการแก้ไข", "History")) }
            @if view.history.is_empty() { p { "–" } } @else {
                // The values are JSON of any width: a region a keyboard can scroll.
                div.table-wrap tabindex="0" role="region" aria-label=(prefs.t("ประวัติการแก้ไข", "History")) { table {
                    thead { tr { th scope="col" { (prefs.t("เมื่อ", "When")) } th scope="col" { (prefs.t("ผู้แก้ไข", "Who")) } th scope="col" { (prefs.t("การกระทำ", "Action")) } th scope="col" { (prefs.t("รายการ", "Field")) } th scope="col" { (prefs.t("ค่าใหม่", "New value")) } } }
                    tbody { @for entry in &view.history { tr {
                        td { (prefs.timestamp(entry.at)) } td { (entry.actor_name) } td { (entry.action) } td { (entry.field.clone().unwrap_or_default()) }
                        td { small { (entry.new_value.as_ref().map(|v| v.to_string()).unwrap_or_default()) } }
                    } } }
                } }
            }
        }
    };
    Ok(page(layout(&viewer, &title, body)))
}

fn empty_none(text: Option<String>) -> Option<String> {
    text.map(|text| text.trim().to_string()).filter(|text| !text.is_empty())
}

#[derive(Deserialize)]
pub struct RoundForm {
    version: i64,
    result: Option<String>,
    #[serde(default)]
    explanation: String,
    #[serde(default)]
    supporting_factors: String,
    #[serde(default)]
    obstacles: String,
    #[serde(default)]
    suggestions: String,
}

fn back(id: i64, months: u8) -> axum::response::Response {
    Redirect::to(&format!("/kpi/{id}#r{months}")).into_response()
}

pub async fn save_round(
    State(state): State<AppState>,
    PathParams((id, months)): PathParams<(i64, u8)>,
    SignedForm { viewer, form }: SignedForm<RoundForm>,
) -> PageResult {
    let input = RoundInput {
        version: form.version,
        result: empty_none(form.result),
        explanation: form.explanation,
        supporting_factors: form.supporting_factors,
        obstacles: form.obstacles,
        suggestions: form.suggestions,
        ..RoundInput::default()
    };
    state.service.save_round(&viewer.actor, id, months, input).await.or_page(&viewer)?;
    Ok(back(id, months))
}

/// `POST /kpi/{id}/rounds/{months}/evidence` (multipart): a piece of evidence,
/// with its file when one is chosen.
pub async fn add_evidence(
    State(state): State<AppState>,
    viewer: Viewer,
    PathParams((id, months)): PathParams<(i64, u8)>,
    multipart: Multipart,
) -> PageResult {
    let upload = signed_upload(&viewer, multipart, &format!("/kpi/{id}")).await?;
    let invalid = |field: &str, th: &str, en: &str| {
        super::shell::PageError::from_service(
            tidtam_service::ServiceError::Invalid(vec![tidtam_domain::model::FieldError::new(field, th, en)]),
            viewer.prefs,
        )
    };
    let text = |name: &str| upload.field(name).map(str::trim).filter(|text| !text.is_empty()).map(str::to_string);
    let date = match text("date") {
        None => None,
        Some(text) => Some(
            text.parse::<jiff::civil::Date>()
                .map_err(|_| invalid("date", "วันที่ต้องเป็นรูปแบบ ปปปป-ดด-วว", "the date must be YYYY-MM-DD"))?,
        ),
    };
    let pages = match text("pages") {
        None => None,
        Some(text) => Some(
            tidtam_thai::digits::to_arabic_digits(&text)
                .parse::<u32>()
                .map_err(|_| invalid("pages", "จำนวนแผ่นต้องเป็นจำนวนเต็ม", "pages must be a whole number"))?,
        ),
    };
    let input = EvidenceInput { title: text("title").unwrap_or_default(), date, pages, file_name: text("file_name") };
    match upload.file.filter(|(_, bytes)| !bytes.is_empty()) {
        Some((name, bytes)) => state
            .service
            .add_kpi_evidence_with_file(&viewer.actor, id, months, input, name.as_deref().unwrap_or(""), &bytes)
            .await
            .or_page(&viewer)?,
        None => state.service.add_kpi_evidence(&viewer.actor, id, months, input).await.or_page(&viewer)?,
    };
    Ok(back(id, months))
}

#[derive(Deserialize)]
pub struct LockForm {
    version: i64,
    reason: Option<String>,
}

pub async fn lock(
    State(state): State<AppState>,
    PathParams((id, months)): PathParams<(i64, u8)>,
    SignedForm { viewer, form }: SignedForm<LockForm>,
) -> PageResult {
    let input = LockInput { version: form.version, reason: empty_none(form.reason) };
    state.service.lock_round(&viewer.actor, id, months, input).await.or_page(&viewer)?;
    Ok(back(id, months))
}

pub async fn unlock(
    State(state): State<AppState>,
    PathParams((id, months)): PathParams<(i64, u8)>,
    SignedForm { viewer, form }: SignedForm<LockForm>,
) -> PageResult {
    let input = LockInput { version: form.version, reason: empty_none(form.reason) };
    state.service.unlock_round(&viewer.actor, id, months, input).await.or_page(&viewer)?;
    Ok(back(id, months))
}

#[derive(Deserialize)]
pub struct CommitteeForm {
    version: i64,
    score: Option<String>,
}

pub async fn committee(
    State(state): State<AppState>,
    PathParams((id, months)): PathParams<(i64, u8)>,
    SignedForm { viewer, form }: SignedForm<CommitteeForm>,
) -> PageResult {
    let input = CommitteeInput { version: form.version, score: empty_none(form.score) };
    state.service.committee_score(&viewer.actor, id, months, input).await.or_page(&viewer)?;
    Ok(back(id, months))
}

#[derive(Deserialize, Default)]
pub struct PmqaQuery {
    fy: Option<FiscalYear>,
    unit: Option<i64>,
}

/// Category bars with each category's maximum as the track, the points as the
/// bar and last year's points as a tick.
fn category_chart(prefs: Prefs, view: &PmqaView) -> Markup {
    let row = 30.0;
    let height = row * view.categories.len() as f64 + 10.0;
    let (left, width) = (260.0, 280.0);
    let max_all = view.categories.iter().filter_map(|c| c.max.parse::<f64>().ok()).fold(1.0, f64::max);
    let title = prefs.t("คะแนนรายหมวดเทียบคะแนนเต็ม", "Points by category against the maximum");
    html! {
        svg.chart #pmqa-chart aria-label=(title) viewBox={ "0 0 640 " (height) } width="100%" {
            title { (title) }
            @for (i, category) in view.categories.iter().enumerate() {
                @let y = 4.0 + row * i as f64;
                @let max = category.max.parse::<f64>().unwrap_or(0.0);
                @let track = width * max / max_all;
                @let name: String = (if prefs.en() { &category.name_en } else { &category.name_th }).chars().take(24).collect();
                text x=(left - 8.0) y=(y + 18.0) text-anchor="end" class="label" {
                    (prefs.t("หมวด ", "Cat. ")) (prefs.digits(category.number.to_string())) " " (name) }
                rect x=(left) y=(y + 4.0) width=(track) height="18" class="track" {}
                @if let Some(points) = category.points.as_deref().and_then(|p| p.parse::<f64>().ok()) {
                    rect x=(left) y=(y + 4.0) width=((width * points / max_all).max(1.0)) height="18" class="bar" {}
                }
                @if let Some(previous) = category.previous_points.as_deref().and_then(|p| p.parse::<f64>().ok()) {
                    line x1=(left + width * previous / max_all) x2=(left + width * previous / max_all) y1=(y + 1.0) y2=(y + 25.0) class="target" {}
                }
                text x=(left + width + 8.0) y=(y + 18.0) class="value" {
                    (category.points.as_deref().map_or_else(|| "–".to_string(), |p| prefs.digits(p))) " / " (prefs.digits(&category.max)) }
            }
        }
    }
}

/// The total against the threshold as one bar with the threshold marked.
fn total_chart(prefs: Prefs, view: &PmqaView) -> Markup {
    let max = view.max.parse::<f64>().unwrap_or(500.0).max(1.0);
    let total = view.total.parse::<f64>().unwrap_or(0.0);
    let threshold = view.threshold.parse::<f64>().unwrap_or(0.0);
    let (left, width) = (20.0, 600.0);
    let title = prefs.t("คะแนนรวมเทียบเกณฑ์", "The total against the threshold");
    html! {
        svg.chart #pmqa-total aria-label=(title) viewBox="0 0 640 70" width="100%" {
            title { (title) }
            rect x=(left) y="20" width=(width) height="22" class="track" {}
            rect x=(left) y="20" width=((width * total / max).max(1.0)) height="22" class=(if view.reached { "bar" } else { "bar behind" }) {}
            line x1=(left + width * threshold / max) x2=(left + width * threshold / max) y1="10" y2="52" class="threshold" {}
            text x=(left + width * threshold / max) y="66" text-anchor="middle" class="label" { (prefs.t("เกณฑ์ ", "threshold ")) (prefs.digits(&view.threshold)) }
            text x=(left) y="14" class="value" { (prefs.digits(&view.total)) " / " (prefs.digits(&view.max)) }
        }
    }
}

pub async fn pmqa(State(state): State<AppState>, viewer: Viewer, Params(query): Params<PmqaQuery>) -> PageResult {
    viewer.require_signed_in()?;
    let prefs = viewer.prefs;
    let listed = state.service.assessments(&viewer.actor).await.or_page(&viewer)?;
    let mut years: Vec<i32> = listed.iter().map(|(_, year, _)| *year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let title = prefs.t("การประเมินสถานะ PMQA 4.0", "PMQA 4.0 assessment");
    let year = query.fy.or_else(|| years.first().and_then(|be| FiscalYear::checked(*be).ok()));
    let view = match year {
        Some(year) => state.service.pmqa_of_year(&viewer.actor, year, query.unit).await.or_page(&viewer)?,
        None => None,
    };
    let body = html! {
        nav.periods aria-label=(prefs.t("ปีงบประมาณ", "Fiscal year")) {
            @for be in &years { a href={ "/pmqa?fy=" (be) } aria-current=[(year.is_some_and(|y| y.be() == *be)).then_some("page")] { (prefs.digits(be.to_string())) } }
        }
        @match &view {
            None => p { (prefs.t("ยังไม่มีผลการประเมินในปีนี้ที่ท่านมีสิทธิ์ดู", "No assessment you may read for this year.")) },
            Some(view) => {
                h2 { (view.org_unit_name) " " (prefs.t("ปีงบประมาณ ", "fiscal year ")) (prefs.digits(view.fiscal_year.to_string())) }
                p { a.button href={ "/pmqa.docx?fy=" (view.fiscal_year) "&unit=" (view.org_unit_id) } download { (prefs.t("ดาวน์โหลดผลการประเมิน (Word)", "Download the assessment (Word)")) } }
                section.cards {
                    div.card { span.k { (prefs.t("คะแนนรวม", "Total")) } span.v #pmqa-total-value { (prefs.digits(&view.total)) } span.k { (prefs.t("จาก ", "of ")) (prefs.digits(&view.max)) } }
                    div.card { span.k { (prefs.t("เกณฑ์ผ่าน (ตั้งค่าได้)", "Threshold (configured)")) } span.v { (prefs.digits(&view.threshold)) } }
                    div.card { span.k { (prefs.t("ขาดอีก", "Gap")) } span.v #pmqa-gap { (prefs.digits(&view.gap)) } span.k { @if view.reached { (prefs.t("ผ่านเกณฑ์", "threshold reached")) } @else { (prefs.t("คะแนนถึงเกณฑ์", "points to the threshold")) } } }
                    @if let (Some(year), Some(total)) = (view.previous_year, &view.previous_total) {
                        div.card { span.k { (prefs.t("ปีก่อน ", "Previous year ")) (prefs.digits(year.to_string())) } span.v { (prefs.digits(total)) } }
                    }
                }
                (total_chart(prefs, view))
                @if view.provisional {
                    p.provenance { (prefs.t("คะแนนเต็มรายหมวด/ประเด็นและเกณฑ์ผ่านเป็นค่าตั้งต้นที่ยังไม่ได้ยืนยันจากคู่มือ สำนักงาน ก.พ.ร. (ดู README)", "The points per category and item and the threshold are provisional defaults not yet confirmed by the OPDC manual (see README).")) (" ") small { (view.criteria_version) } }
                }
                section #categories {
                    h2 { (prefs.t("คะแนนรายหมวด", "By category")) }
                    @if view.total_only { p.provenance { (prefs.t("มีเฉพาะคะแนนรวมที่เผยแพร่ ยังไม่มีคะแนนรายประเด็น", "Only the published total is known; no sub-item scores yet.")) } }
                    (category_chart(prefs, view))
                    div.table-wrap { table #pmqa-items {
                        thead { tr { th scope="col" { (prefs.t("ประเด็น", "Sub-item")) } th.num scope="col" { (prefs.t("คะแนนเต็ม", "Max")) }
                            th scope="col" { (prefs.t("ระดับ", "Level")) } th.num scope="col" { (prefs.t("ร้อยละ", "%")) }
                            th.num scope="col" { (prefs.t("คะแนนตนเอง", "Own points")) } th.num scope="col" { (prefs.t("คะแนนผู้ตรวจ", "Assessor")) } th.num scope="col" { (prefs.t("ปีก่อน", "Last year")) } } }
                        tbody { @for category in &view.categories {
                            tr { th scope="rowgroup" colspan="7" { (prefs.t("หมวด ", "Category ")) (prefs.digits(category.number.to_string())) " " (if prefs.en() { &category.name_en } else { &category.name_th })
                                " (" (category.points.as_deref().map_or_else(|| "–".to_string(), |p| prefs.digits(p))) " / " (prefs.digits(&category.max)) ")" } }
                            @for item in &category.items { tr {
                                td { (prefs.digits(&item.code)) " " (if prefs.en() { &item.name_en } else { &item.name_th }) }
                                td.num { (prefs.digits(&item.max)) }
                                td { (item.own.as_ref().and_then(|own| own.level).map_or("–", |level| match level {
                                    tidtam_api::performance::PmqaLevel::Basic => prefs.t("พื้นฐาน", "Basic"),
                                    tidtam_api::performance::PmqaLevel::Advance => prefs.t("ก้าวหน้า", "Advance"),
                                    tidtam_api::performance::PmqaLevel::Significance => prefs.t("พัฒนาจนเกิดผล", "Significance"),
                                })) }
                                td.num { (opt(prefs, &item.own.as_ref().and_then(|own| own.percent.clone()))) }
                                td.num { (opt(prefs, &item.points)) }
                                td.num { (opt(prefs, &item.assessor_points)) }
                                td.num { (opt(prefs, &item.previous_points)) }
                            } }
                        } }
                    } }
                }
                section #gap {
                    h2 { (prefs.t("ปิดช่องว่างถึงเกณฑ์", "Closing the gap")) }
                    @if view.reached { p.ok { (prefs.t("คะแนนรวมถึงเกณฑ์แล้ว", "The total reaches the threshold.")) } }
                    @else if let Some(plan) = &view.closing_plan {
                        p { (prefs.t("ยกระดับประเด็นต่อไปนี้ เพิ่มรวม ", "Raise these sub-items, adding ")) (opt(prefs, &view.closing_added)) (prefs.t(" คะแนน (น้อยที่สุดที่ปิดช่องว่างได้)", " points (the fewest that close the gap)")) }
                        table #closing-plan { thead { tr { th scope="col" { (prefs.t("ประเด็น", "Sub-item")) } th.num scope="col" { (prefs.t("จาก", "From")) } th.num scope="col" { (prefs.t("เป็น", "To")) } } }
                            tbody { @for raise in plan { tr { td { (prefs.digits(&raise.code)) " " (raise.name_th) } td.num { (prefs.digits(&raise.from_points)) } td.num { (prefs.digits(&raise.to_points)) } } } } }
                    } @else {
                        p { (prefs.t("ต้องเพิ่มอีก ", "Another ")) (prefs.digits(&view.gap)) (prefs.t(" คะแนน — ต้องมีคะแนนรายประเด็นจึงจะบอกได้ว่าควรยกระดับประเด็นใด", " points are needed; which sub-items to raise needs the sub-item scores.")) }
                    }
                }
                section #results {
                    h2 { (prefs.t("หมวด ๗ ผลลัพธ์การดำเนินการ: ตัวชี้วัด", "Category 7 results: indicators")) }
                    div.table-wrap { table #pmqa-results {
                        thead { tr { th scope="col" { (prefs.t("ตัวชี้วัด", "Indicator")) } th.num scope="col" { (prefs.t("ค่าเป้าหมาย", "Target")) }
                            @for value in view.results.first().map(|r| r.values.clone()).unwrap_or_default() { th.num scope="col" { (prefs.digits(value.year.to_string())) } }
                            th scope="col" { (prefs.t("หน่วย", "Unit")) } th scope="col" { (prefs.t("ผล", "Status")) } th scope="col" { (prefs.t("แนวโน้ม", "Trend")) } } }
                        tbody { @for result in &view.results {
                            tr class=[(result.status.as_deref() == Some("missed")).then_some("missed-row")] {
                                td { (prefs.digits(&result.item)) " (" (prefs.digits(result.number.to_string())) ") " (result.name)
                                    @if result.polarity == PolarityName::Lower { " " small { (prefs.t("(ยิ่งน้อยยิ่งดี)", "(lower is better)")) } } }
                                td.num { (opt(prefs, &result.target)) }
                                @for value in &result.values { td.num { (opt(prefs, &value.value)) } }
                                td { (result.unit) }
                                td { @match result.status.as_deref() {
                                    Some("missed") => span.missed { (prefs.t("✗ ไม่บรรลุเป้า", "✗ missed")) },
                                    Some("met") => span.met { (prefs.t("✓ บรรลุ", "✓ met")) },
                                    Some(_) => span { (prefs.t("ไม่มีข้อมูล", "no value")) },
                                    None => span { "–" },
                                } }
                                td { (match result.trend.as_str() {
                                    "improving" => prefs.t("ดีขึ้น", "improving"),
                                    "worsening" => prefs.t("แย่ลง", "worsening"),
                                    "steady" => prefs.t("คงที่", "steady"),
                                    "mixed" => prefs.t("ขึ้นลง", "mixed"),
                                    _ => prefs.t("ข้อมูลไม่พอ", "too few values"),
                                }) }
                            }
                        } }
                    } }
                }
            }
        }
    };
    Ok(page(layout(&viewer, title, body)))
}

fn import_outcome(prefs: Prefs, outcome: KpiImportOutcome) -> &'static str {
    match outcome {
        KpiImportOutcome::Created => prefs.t("เพิ่มตัวชี้วัดใหม่และบันทึกผล", "indicator added, result stored"),
        KpiImportOutcome::Updated => prefs.t("บันทึกผลแล้ว", "result stored"),
        KpiImportOutcome::Unchanged => prefs.t("เหมือนเดิม ไม่มีการเปลี่ยนแปลง", "unchanged"),
        KpiImportOutcome::Skipped => prefs.t("ไม่ได้บันทึก", "not stored"),
        KpiImportOutcome::WouldCreate => prefs.t("จะเพิ่มเป็นตัวชี้วัดใหม่", "will be added as a new indicator"),
        KpiImportOutcome::WouldUpdate => prefs.t("จะบันทึกผลในตัวชี้วัดรหัสเดียวกัน", "will update the indicator of this code"),
    }
}

/// The import form on the scorecard, for who may plan the agreement.
fn import_form(viewer: &Viewer, agreement_id: i64) -> Markup {
    let prefs = viewer.prefs;
    html! {
        details #kpi-import {
            summary { (prefs.t("นำเข้ารายงานผลตัวชี้วัดจากไฟล์", "Import indicator reports from a file")) }
            form method="post" action={ "/kpi/agreements/" (agreement_id) "/import" } enctype="multipart/form-data" {
                (csrf_field(viewer))
                p.field { label for="kpi-import-file" { (prefs.t("ไฟล์รายงานผลการปฏิบัติราชการตามคำรับรอง (รายตัวชี้วัด) แบบ Word (.docx) หรือข้อความ", "An indicator report file (Word .docx or text)")) }
                    input #kpi-import-file type="file" name="file" accept=".docx,.txt,.md" required; }
                p { button type="submit" { (prefs.t("ตรวจดูก่อนบันทึก", "Check before storing")) } }
            }
        }
    }
}

fn import_rows(prefs: Prefs, import: &KpiImport) -> Markup {
    html! {
        div.table-wrap { table #kpi-import-plan {
            thead { tr {
                th scope="col" { (prefs.t("บรรทัด", "Line")) }
                th scope="col" { (prefs.t("รหัส", "Code")) }
                th scope="col" { (prefs.t("ตัวชี้วัด", "Indicator")) }
                th scope="col" { (prefs.t("รอบ", "Round")) }
                th scope="col" { (prefs.t("ผล", "Outcome")) }
                th.num scope="col" { (prefs.t("หลักฐานที่เพิ่ม", "Evidence added")) }
            } }
            tbody { @for entry in &import.indicators { tr {
                td.num { (prefs.int(entry.source_line as i64)) }
                td { @if let Some(id) = entry.indicator_id { a href={ "/kpi/" (id) } { (prefs.digits(&entry.code)) } } @else { (prefs.digits(&entry.code)) } }
                td { (entry.name)
                    @if !entry.findings.is_empty() {
                        ul.findings { @for finding in &entry.findings {
                            li.finding.warning { (if prefs.en() { &finding.message_en } else { &finding.message_th }) " " small { (finding.rule) } }
                        } }
                    }
                }
                td { (round_name(prefs, entry.months)) }
                td { strong { (import_outcome(prefs, entry.outcome)) }
                    @if let Some(message) = if prefs.en() { &entry.message_en } else { &entry.message_th } { br; span.notice.error { (message) } } }
                td.num { (prefs.int(i64::from(entry.evidence_added))) }
            } } }
        } }
    }
}

/// `POST /kpi/agreements/{id}/import` (multipart): what the file's indicator reports would do.
pub async fn import_preview(
    State(state): State<AppState>,
    viewer: Viewer,
    PathParams(agreement_id): PathParams<i64>,
    multipart: Multipart,
) -> PageResult {
    let prefs = viewer.prefs;
    let upload = signed_upload(&viewer, multipart, "/kpi").await?;
    let file = upload.file.map(|(name, bytes)| (name.unwrap_or_else(|| "upload".into()), bytes));
    let title = prefs.t("ตรวจดูรายงานผลตัวชี้วัดก่อนบันทึก", "Check the indicator reports before storing");
    let Some((name, bytes)) = file.filter(|(_, bytes)| !bytes.is_empty()) else {
        let body = html! { p.notice.error role="alert" { (prefs.t("กรุณาเลือกไฟล์", "Choose a file.")) } (import_form(&viewer, agreement_id)) };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page(layout(&viewer, title, body))).into_response());
    };
    let preview = match state.service.preview_indicator_file(&viewer.actor, agreement_id, &name, bytes).await {
        Ok(preview) => preview,
        Err(tidtam_service::ServiceError::Unreadable(error)) => {
            let body = html! {
                p.notice.error role="alert" #import-error { (if prefs.en() { error.message_en() } else { error.message_th() }) }
                (import_form(&viewer, agreement_id))
            };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page(layout(&viewer, title, body))).into_response());
        }
        Err(error) => return Err(super::shell::PageError::from_service(error, prefs)),
    };
    let body = html! {
        p { (prefs.t("ไฟล์", "File")) " " code { (preview.plan.file_name) } ": " (prefs.int(preview.plan.indicators.len() as i64)) " " (prefs.t("รายงานตัวชี้วัด", "indicator reports")) }
        (import_rows(prefs, &preview.plan))
        form method="post" action={ "/kpi/agreements/" (agreement_id) "/import/confirm" } {
            (csrf_field(&viewer))
            input type="hidden" name="token" value=(preview.token);
            p { button.primary type="submit" #kpi-import-confirm { (prefs.t("ยืนยันบันทึก", "Store")) } " "
                a href="/kpi" { (prefs.t("ยกเลิก", "Cancel")) } }
        }
    };
    Ok(page(layout(&viewer, title, body)))
}

#[derive(Deserialize)]
pub struct ImportConfirm {
    token: String,
}

/// `POST /kpi/agreements/{id}/import/confirm`: stores the previewed file.
pub async fn import_confirm(
    State(state): State<AppState>,
    PathParams(agreement_id): PathParams<i64>,
    SignedForm { viewer, form }: SignedForm<ImportConfirm>,
) -> PageResult {
    let prefs = viewer.prefs;
    let imported =
        state.service.confirm_indicator_preview(&viewer.actor, agreement_id, &form.token).await.or_page(&viewer)?;
    let body = html! {
        p { code { (imported.file_name) } }
        (import_rows(prefs, &imported))
        p { a href={ "/kpi?agreement=" (agreement_id) } { (prefs.t("กลับไปที่ตารางคะแนน", "Back to the scorecard")) } }
    };
    Ok(page(layout(&viewer, prefs.t("ผลการนำเข้ารายงานผลตัวชี้วัด", "Indicator reports imported"), body)))
}

/// `GET /kpi/evidence/{id}/file`: a piece of evidence's file, always a download.
pub async fn evidence_file(
    State(state): State<AppState>,
    viewer: Viewer,
    PathParams(id): PathParams<i64>,
) -> PageResult {
    let file = state.service.kpi_evidence_file(&viewer.actor, id).await.or_page(&viewer)?;
    Ok(super::attachments::file_download(&file.file_name, file.kind, file.bytes))
}
