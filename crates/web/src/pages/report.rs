//! `/projects/{id}/reports/{fy}/{q}`: the quarter's report form. Saved as a
//! draft, submitted, returned with a comment, approved (then read-only). The
//! checker runs on every save and, through `…/check`, as the user types
//! (`/assets/tidtam.js`); without JavaScript the form still works and the
//! findings show after saving. A stale version re-shows the user's own text
//! with a clear message, so nothing typed is lost.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use maud::{Markup, html};
use serde::{Deserialize, Serialize};
use tidtam_domain::model::{ActivityResult, FieldError, KpiResult, Problem, Report, ReportContent};
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::problem::classify;
use tidtam_domain::workflow::ReportStatus;
use tidtam_service::projects::ProjectDetail;
use tidtam_service::reports::NewReport;
use tidtam_service::{Role, ServiceError};
use tidtam_thai::baht::{baht_to_words, parse_baht_amount};
use tidtam_thai::digits::to_arabic_digits;

use super::prefs::Prefs;
use super::projects::findings_list;
use super::shell::{OrPage, PageError, PageResult, SignedForm, Viewer, csrf_field, layout, page};
use crate::AppState;
use crate::extract::{Params, PathParams};

#[derive(Deserialize)]
pub struct Period {
    id: i64,
    fy: FiscalYear,
    q: Quarter,
}

#[derive(Deserialize, Default)]
pub struct Flash {
    done: Option<String>,
}

/// The form's fields as the user typed them (kept as text so a rejected save
/// shows exactly what was typed).
#[derive(Default, Clone)]
struct Typed {
    version: Option<i64>,
    progress: String,
    allocated: String,
    contracted: String,
    disbursed: String,
    summary: String,
    problems: String,
    recommendations: String,
    kpi_results: Vec<String>,
    activity_results: Vec<String>,
    comment: String,
    action: String,
}

impl Typed {
    fn from_pairs(pairs: &[(String, String)], detail: &ProjectDetail) -> Typed {
        let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default();
        Typed {
            version: get("version").trim().parse().ok(),
            progress: get("progress"),
            allocated: get("allocated"),
            contracted: get("contracted"),
            disbursed: get("disbursed"),
            summary: get("summary"),
            problems: get("problems"),
            recommendations: get("recommendations"),
            kpi_results: (0..detail.kpis.len()).map(|i| get(&format!("kpi_{i}"))).collect(),
            activity_results: (0..detail.activities.len()).map(|i| get(&format!("activity_{i}"))).collect(),
            comment: get("comment"),
            action: get("action"),
        }
    }

    fn from_report(report: &Report, detail: &ProjectDetail) -> Typed {
        let content = &report.content;
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let amount = |value: Option<tidtam_domain::Baht>| value.map(|v| v.to_string()).unwrap_or_default();
        Typed {
            version: Some(report.version),
            progress: content.progress_percent.map(|p| format!("{p}")).unwrap_or_default(),
            allocated: amount(content.allocated),
            contracted: amount(content.contracted),
            disbursed: amount(content.disbursed),
            summary: text(&content.summary),
            problems: text(&content.problems_text),
            recommendations: text(&content.recommendations),
            kpi_results: detail
                .kpis
                .iter()
                .map(|kpi| {
                    content
                        .kpi_results
                        .iter()
                        .find(|result| result.kpi_name == kpi.name)
                        .and_then(|result| result.result_text.clone())
                        .unwrap_or_default()
                })
                .collect(),
            activity_results: detail
                .activities
                .iter()
                .map(|activity| {
                    content
                        .activity_results
                        .iter()
                        .find(|result| result.activity_name == activity.name)
                        .map(|result| result.text.clone())
                        .unwrap_or_default()
                })
                .collect(),
            comment: String::new(),
            action: String::new(),
        }
    }

    /// The content the service takes, or what cannot be read, by field.
    fn content(&self, detail: &ProjectDetail, fy: FiscalYear) -> Result<ReportContent, Vec<FieldError>> {
        let mut problems = Vec::new();
        let optional = |text: &str| {
            let text = text.trim();
            (!text.is_empty()).then(|| text.to_string())
        };
        let mut amount = |field: &str, text: &str| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            let parsed = parse_baht_amount(text);
            if parsed.is_none() {
                problems.push(FieldError::new(
                    field,
                    "อ่านจำนวนเงินไม่ได้ ใช้ตัวเลข เช่น 1,250,000.50",
                    "not an amount: write digits, e.g. 1,250,000.50",
                ));
            }
            parsed
        };
        let allocated = amount("allocated", &self.allocated);
        let contracted = amount("contracted", &self.contracted);
        let disbursed = amount("disbursed", &self.disbursed);
        let progress_text = to_arabic_digits(self.progress.trim()).trim_end_matches('%').trim().to_string();
        let progress_percent = if progress_text.is_empty() {
            None
        } else {
            match progress_text.parse::<f64>() {
                Ok(value) if value.is_finite() => Some(value),
                _ => {
                    problems.push(FieldError::new(
                        "progress",
                        "ความก้าวหน้าต้องเป็นตัวเลขร้อยละ",
                        "progress is a percentage",
                    ));
                    None
                }
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let problems_text = optional(&self.problems);
        Ok(ReportContent {
            progress_percent,
            allocated,
            contracted,
            disbursed,
            summary: optional(&self.summary),
            problems_text: problems_text.clone(),
            recommendations: optional(&self.recommendations),
            activity_results: detail
                .activities
                .iter()
                .zip(&self.activity_results)
                .filter_map(|(activity, text)| {
                    optional(text).map(|text| ActivityResult { activity_name: activity.name.clone(), text })
                })
                .collect(),
            kpi_results: detail
                .kpis
                .iter()
                .zip(&self.kpi_results)
                .filter_map(|(kpi, text)| {
                    optional(text).map(|text| KpiResult {
                        kpi_name: kpi.name.clone(),
                        kind: kpi.kind,
                        target_text: kpi.targets.iter().find(|t| t.fiscal_year == fy).map(|t| t.text.clone()),
                        result_text: Some(text),
                        achieved: None,
                    })
                })
                .collect(),
            problems: problems_text
                .as_deref()
                .map(|text| classify(text).into_iter().map(|cause| Problem { cause, text: text.to_string() }).collect())
                .unwrap_or_default(),
        })
    }
}

/// The words of an amount typed in digits, or nothing when it is not one.
fn words_of(text: &str) -> String {
    parse_baht_amount(text.trim()).map(baht_to_words).unwrap_or_default()
}

fn period_nav(prefs: Prefs, id: i64, detail: &ProjectDetail, fy: FiscalYear, q: Quarter) -> Markup {
    let project = &detail.project;
    let mut years = Vec::new();
    let mut year = project.fields.start_year;
    while year <= project.fields.end_year && years.len() < 20 {
        years.push(year);
        year = year.next();
    }
    html! {
        nav.periods aria-label=(prefs.t("เลือกไตรมาส", "Choose a quarter")) {
            @for year in &years { @for quarter in Quarter::ALL {
                @let current = *year == fy && quarter == q;
                a href={ "/projects/" (id) "/reports/" (year.be()) "/" (quarter.number()) } aria-current=[current.then_some("page")] {
                    (prefs.digits(year.be().to_string())) "/" (prefs.digits(quarter.number().to_string()))
                }
            } }
        }
    }
}

struct View<'a> {
    viewer: &'a Viewer,
    detail: &'a ProjectDetail,
    period: &'a Period,
    report: Option<&'a Report>,
    typed: Typed,
    message: Option<(bool, String)>,
    field_errors: Vec<FieldError>,
}

fn render(view: View<'_>) -> Markup {
    let View { viewer, detail, period, report, typed, message, field_errors } = view;
    let prefs = viewer.prefs;
    let (id, fy, q) = (period.id, period.fy, period.q);
    let status = report.map(|r| r.status);
    let staff_editor = viewer.is(&[Role::Admin, Role::Planner, Role::ProjectOwner]);
    let editable = staff_editor && status.is_none_or(ReportStatus::is_editable);
    let reviewer = viewer.is(&[Role::Admin, Role::Planner]) && status == Some(ReportStatus::Submitted);
    let error_for = |field: &str| {
        field_errors
            .iter()
            .find(|e| e.field == field || e.field.ends_with(&format!(".{field}")))
            .map(|e| if prefs.en() { e.message_en.clone() } else { e.message_th.clone() })
    };
    let action = format!("/projects/{id}/reports/{}/{}", fy.be(), q.number());
    let amount_field = |name: &'static str, label: &str, value: &str| {
        let error = error_for(name);
        html! {
            p.field {
                label for=(name) { (label) }
                input #(name) name=(name) type="text" inputmode="decimal" value=(value) disabled[!editable]
                    aria-describedby={ (name) "-words" } aria-invalid=[error.as_ref().map(|_| "true")];
                output #{ (name) "-words" } .words for=(name) { (words_of(value)) }
                @if let Some(error) = error { span.field-error role="alert" { (error) } }
            }
        }
    };
    let text_area = |name: &'static str, label: &str, value: &str| {
        html! {
            p.field { label for=(name) { (label) } textarea #(name) name=(name) rows="3" disabled[!editable] { (value) } }
        }
    };
    let title = format!("{} — {} {}", detail.project.fields.name, prefs.fiscal_year(fy), prefs.quarter(q));
    let body = html! {
        p { a href={ "/projects/" (id) } { "‹ " (prefs.t("กลับไปหน้าโครงการ", "Back to the project")) } }
        (period_nav(prefs, id, detail, fy, q))
        p.status {
            (prefs.t("สถานะ", "Status")) ": " strong #report-status { (status.map_or(prefs.t("ยังไม่เริ่ม", "Not started"), |s| prefs.status(s))) }
            @if let Some(report) = report {
                " · " (prefs.t("ฉบับที่", "version")) " " (prefs.int(report.version))
                " · " (prefs.t("แก้ไขล่าสุด", "last saved")) " " (prefs.timestamp(report.updated_at))
                " · " a href={ "/projects/" (id) "/reports/" (fy.be()) "/" (q.number()) ".docx" } { (prefs.t("ดาวน์โหลดแบบฟอร์ม (DOCX)", "Download the form (DOCX)")) }
            }
        }
        @if let Some(comment) = report.and_then(|r| r.review_comment.as_deref()).filter(|_| status == Some(ReportStatus::Returned)) {
            p.notice role="status" { strong { (prefs.t("ความเห็นผู้ตรวจ", "Reviewer's comment")) ": " } (comment) }
        }
        @if let Some((ok, text)) = &message {
            p class=(if *ok { "notice ok" } else { "notice error" }) role=(if *ok { "status" } else { "alert" }) #form-message { (text) }
        }
        // The live check's script: only this page needs one.
        script type="module" src="/assets/tidtam.js" {}
        form #report-form method="post" action=(action) data-live-check={ (action) "/check" } {
            (csrf_field(viewer))
            @if let Some(version) = typed.version { input type="hidden" name="version" value=(version); }
            fieldset {
                legend { (prefs.t("งบประมาณ (ข้อ ๙)", "Budget (section 9)")) }
                (amount_field("allocated", prefs.t("๙.๑ ได้รับจัดสรร (บาท)", "9.1 Allocated (baht)"), &typed.allocated))
                (amount_field("contracted", prefs.t("๙.๒ ตามสัญญา (บาท)", "9.2 Contracted (baht)"), &typed.contracted))
                (amount_field("disbursed", prefs.t("๙.๓ เบิกจ่ายแล้ว (บาท)", "9.3 Disbursed (baht)"), &typed.disbursed))
            }
            fieldset {
                legend { (prefs.t("ผลการดำเนินงาน (ข้อ ๑๑)", "Results (section 11)")) }
                @for (i, activity) in detail.activities.iter().enumerate() {
                    p.field { label for={ "activity_" (i) } { (activity.name) }
                        textarea #{ "activity_" (i) } name={ "activity_" (i) } rows="2" disabled[!editable] { (typed.activity_results.get(i).map_or("", String::as_str)) } }
                }
                (text_area("summary", prefs.t("สรุปผลการดำเนินงาน", "Summary of results"), &typed.summary))
            }
            @if !detail.kpis.is_empty() {
                fieldset {
                    legend { (prefs.t("ผลตามตัวชี้วัด (ข้อ ๗)", "KPI results (section 7)")) }
                    @for (i, kpi) in detail.kpis.iter().enumerate() {
                        @let target = kpi.targets.iter().find(|t| t.fiscal_year == fy).map(|t| t.text.as_str());
                        p.field { label for={ "kpi_" (i) } { (kpi.name) @if let Some(target) = target { " (" (prefs.t("เป้าหมาย", "target")) " " (target) ")" } }
                            input #{ "kpi_" (i) } name={ "kpi_" (i) } type="text" value=(typed.kpi_results.get(i).map_or("", String::as_str)) disabled[!editable]; }
                    }
                }
            }
            fieldset {
                legend { (prefs.t("ปัญหาและความก้าวหน้า (ข้อ ๑๓–๑๔)", "Problems and progress (sections 13–14)")) }
                (text_area("problems", prefs.t("ปัญหา/อุปสรรค", "Problems"), &typed.problems))
                (text_area("recommendations", prefs.t("ข้อเสนอแนะ", "Recommendations"), &typed.recommendations))
                p.field {
                    label for="progress" { (prefs.t("ความก้าวหน้าของการดำเนินการ (ร้อยละ)", "Progress (per cent)")) }
                    input #progress name="progress" type="text" inputmode="decimal" value=(typed.progress) disabled[!editable]
                        aria-describedby="progress-hint";
                    small #progress-hint { (prefs.t("เกณฑ์: อนุมัติโครงการ ๕% · ร่าง TOR ๑๐% · จัดซื้อจัดจ้าง ๑๕% · ลงนามสัญญา ๒๐%",
                        "Milestones: approved 5% · TOR 10% · procurement 15% · contract signed 20%")) }
                    @if let Some(error) = error_for("progress") { span.field-error role="alert" { (error) } }
                }
            }
            section #live-findings aria-live="polite" {
                h2 { (prefs.t("ผลการตรวจ", "Checker findings")) }
                @if let Some(report) = report {
                    (findings_list(prefs, &report.findings.iter().cloned().map(tidtam_api::reports::Finding::from).collect::<Vec<_>>()))
                }
            }
            @if editable {
                p.actions {
                    button type="submit" name="action" value="save" { (prefs.t("บันทึกร่าง", "Save draft")) }
                    " " button.primary type="submit" name="action" value="submit" { (prefs.t("ส่งรายงาน", "Submit")) }
                }
            }
            @if reviewer {
                fieldset.review {
                    legend { (prefs.t("การตรวจรายงาน", "Review")) }
                    p.field { label for="comment" { (prefs.t("ความเห็น (จำเป็นเมื่อส่งกลับ)", "Comment (required to return)")) }
                        textarea #comment name="comment" rows="2" { (typed.comment) } }
                    p.actions {
                        button type="submit" name="action" value="return" { (prefs.t("ส่งกลับให้แก้ไข", "Return for changes")) }
                        " " button.primary type="submit" name="action" value="approve" { (prefs.t("อนุมัติ", "Approve")) }
                    }
                }
            }
        }
    };
    layout(viewer, &title, body)
}

async fn load(
    state: &AppState,
    viewer: &Viewer,
    period: &Period,
) -> Result<(ProjectDetail, Option<Report>), PageError> {
    let detail = state.service.get_project(&viewer.actor, period.id).await.or_page(viewer)?;
    let report =
        state.service.report_for_quarter(&viewer.actor, period.id, period.fy, period.q).await.or_page(viewer)?;
    Ok((detail, report))
}

pub async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    PathParams(period): PathParams<Period>,
    Params(flash): Params<Flash>,
) -> PageResult {
    let (detail, report) = load(&state, &viewer, &period).await?;
    let prefs = viewer.prefs;
    let typed = match &report {
        Some(report) => Typed::from_report(report, &detail),
        // A new quarter starts from the previous quarter's figures (budgets and
        // results carry forward; the owner changes what moved), never its state.
        None => {
            let previous = match period.q.previous() {
                Some(q) => {
                    state.service.report_for_quarter(&viewer.actor, period.id, period.fy, q).await.ok().flatten()
                }
                None => None,
            };
            previous
                .map(|previous| Typed { version: None, ..Typed::from_report(&previous, &detail) })
                .unwrap_or_default()
        }
    };
    let message = flash.done.as_deref().map(|done| {
        let text = match done {
            "save" => prefs.t("บันทึกร่างแล้ว", "Draft saved."),
            "submit" => prefs.t("ส่งรายงานแล้ว", "Report submitted."),
            "return" => prefs.t("ส่งกลับให้แก้ไขแล้ว", "Report returned."),
            "approve" => prefs.t("อนุมัติแล้ว", "Report approved."),
            _ => "",
        };
        (true, text.to_string())
    });
    let markup = render(View {
        viewer: &viewer,
        detail: &detail,
        period: &period,
        report: report.as_ref(),
        typed,
        message: message.filter(|(_, text)| !text.is_empty()),
        field_errors: Vec::new(),
    });
    Ok(page(markup))
}

pub async fn save(
    State(state): State<AppState>,
    PathParams(period): PathParams<Period>,
    signed: SignedForm<Vec<(String, String)>>,
) -> PageResult {
    let viewer = signed.viewer;
    let prefs = viewer.prefs;
    let (detail, report) = load(&state, &viewer, &period).await?;
    let typed = Typed::from_pairs(&signed.form, &detail);
    let service = &state.service;
    let outcome: Result<(), ServiceError> = async {
        match typed.action.as_str() {
            "return" | "approve" => {
                let report = report.as_ref().ok_or(ServiceError::NotFound)?;
                let version = typed.version.unwrap_or(report.version);
                if typed.action == "return" {
                    service.return_report(&viewer.actor, report.id, version, typed.comment.trim()).await?;
                } else {
                    service.approve_report(&viewer.actor, report.id, version).await?;
                }
                Ok(())
            }
            _ => {
                let content = typed.content(&detail, period.fy).map_err(ServiceError::Invalid)?;
                let saved = match &report {
                    None => {
                        let input =
                            NewReport { project_id: period.id, fiscal_year: period.fy, quarter: period.q, content };
                        service.create_report(&viewer.actor, input).await?
                    }
                    Some(report) => {
                        let version = typed.version.unwrap_or(report.version);
                        service.update_report(&viewer.actor, report.id, version, content).await?
                    }
                };
                if typed.action == "submit" {
                    service.submit_report(&viewer.actor, saved.id, saved.version).await?;
                }
                Ok(())
            }
        }
    }
    .await;
    let done = match typed.action.as_str() {
        "submit" | "return" | "approve" => typed.action.as_str(),
        _ => "save",
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!(
            "/projects/{}/reports/{}/{}?done={done}",
            period.id,
            period.fy.be(),
            period.q.number()
        ))
        .into_response()),
        Err(ServiceError::Unauthenticated) => Err(PageError::SignIn(viewer.here.clone())),
        Err(error) => {
            // Show the form again with what the user typed and why it was not saved.
            let conflict_version = match &error {
                ServiceError::Conflict { current_version } => Some(*current_version),
                _ => None,
            };
            let field_errors = match &error {
                ServiceError::Invalid(fields) => fields.clone(),
                _ => Vec::new(),
            };
            let app_error = crate::error::AppError::from(error);
            let message = match conflict_version {
                Some(current_version) => format!(
                    "{} ({} {})",
                    prefs.t(
                        "มีผู้อื่นบันทึกรายงานนี้ก่อนคุณ ข้อความที่คุณพิมพ์ยังอยู่ด้านล่าง ตรวจดูแล้วบันทึกอีกครั้งเพื่อแทนที่ฉบับใหม่",
                        "Someone saved this report after you opened it. Your text is still below: check it and save again to replace the newer version"
                    ),
                    prefs.t("ฉบับล่าสุด", "latest version"),
                    prefs.int(current_version)
                ),
                None if !field_errors.is_empty() => prefs
                    .t("ยังบันทึกไม่ได้ กรุณาแก้ไขช่องที่มีข้อความเตือน", "Not saved: please correct the marked fields.")
                    .to_string(),
                None => if prefs.en() { app_error.body.message_en.clone() } else { app_error.body.message_th.clone() },
            };
            let status = app_error.status;
            let mut typed = typed;
            if let Some(current_version) = conflict_version {
                typed.version = Some(current_version);
            }
            let report =
                state.service.report_for_quarter(&viewer.actor, period.id, period.fy, period.q).await.ok().flatten();
            let markup = render(View {
                viewer: &viewer,
                detail: &detail,
                period: &period,
                report: report.as_ref(),
                typed,
                message: Some((false, message)),
                field_errors,
            });
            Ok((status, page(markup)).into_response())
        }
    }
}

#[derive(Serialize)]
pub struct LiveCheck {
    findings_html: String,
    words: std::collections::BTreeMap<&'static str, String>,
}

/// The checker's findings for the form as typed, and the amounts in words:
/// what the page's script shows while the user types. Nothing is saved.
pub async fn live_check(
    State(state): State<AppState>,
    PathParams(period): PathParams<Period>,
    signed: SignedForm<Vec<(String, String)>>,
) -> Result<Json<LiveCheck>, PageError> {
    let viewer = signed.viewer;
    let prefs = viewer.prefs;
    let detail = state.service.get_project(&viewer.actor, period.id).await.or_page(&viewer)?;
    let typed = Typed::from_pairs(&signed.form, &detail);
    let words = [("allocated", &typed.allocated), ("contracted", &typed.contracted), ("disbursed", &typed.disbursed)]
        .into_iter()
        .map(|(name, text)| (name, words_of(text)))
        .collect();
    let findings_html = match typed.content(&detail, period.fy) {
        Err(problems) => html! { ul.findings { @for problem in &problems {
            li.finding.error { code { (problem.field) } ": " (if prefs.en() { &problem.message_en } else { &problem.message_th }) }
        } } },
        Ok(content) => {
            let findings = state
                .service
                .check_report_content(&viewer.actor, period.id, period.fy, period.q, content)
                .await
                .or_page(&viewer)?;
            let findings: Vec<tidtam_api::reports::Finding> = findings.into_iter().map(Into::into).collect();
            findings_list(prefs, &findings)
        }
    };
    let findings_html = html! { h2 { (prefs.t("ผลการตรวจ", "Checker findings")) } (findings_html) }.into_string();
    Ok(Json(LiveCheck { findings_html, words }))
}
