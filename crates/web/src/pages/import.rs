//! `/import`: drop DOCX or text reports, see what was read with its findings,
//! then confirm to store. Confirming stores exactly the previewed bytes (kept
//! by the service for an hour), through the one import path.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use maud::html;
use serde::Deserialize;
use tidtam_api::import::ImportOutcome;
use tidtam_domain::period::Quarter;

use super::prefs::Prefs;
use super::projects::findings_list;
use super::shell::{OrPage, PageError, PageResult, SignedForm, Viewer, csrf_field, layout, page, signed_upload};
use crate::AppState;

fn quarter_select(prefs: Prefs, selected: Quarter) -> maud::Markup {
    html! {
        label for="quarter" { (prefs.t("รายงานของไตรมาส", "Report for quarter")) }
        select #quarter name="quarter" { @for q in Quarter::ALL { option value=(q.number()) selected[q == selected] { (prefs.quarter(q)) } } }
    }
}

fn upload_form(viewer: &Viewer) -> maud::Markup {
    let prefs = viewer.prefs;
    let (_, current) = Quarter::containing(super::prefs::today());
    html! {
        form #upload method="post" action="/import" enctype="multipart/form-data" {
            (csrf_field(viewer))
            p.field { label for="file" { (prefs.t("ไฟล์รายงาน (.docx หรือ .txt) ไฟล์หนึ่งมีได้หลายรายงาน", "Report file (.docx or .txt); one file may hold many reports")) }
                input #file name="file" type="file" accept=".docx,.txt,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document" required; }
            p.field { (quarter_select(prefs, current.previous().unwrap_or(Quarter::Q4))) }
            p { button.primary type="submit" { (prefs.t("อ่านและตรวจ (ยังไม่บันทึก)", "Read and check (nothing is stored yet)")) } }
        }
    }
}

pub async fn form(viewer: Viewer) -> PageResult {
    viewer.require_signed_in()?;
    let title = viewer.prefs.t("นำเข้าไฟล์รายงาน", "Import report files");
    Ok(page(layout(&viewer, title, upload_form(&viewer))))
}

pub async fn preview(State(state): State<AppState>, viewer: Viewer, multipart: Multipart) -> PageResult {
    let prefs = viewer.prefs;
    viewer.require_signed_in().map_err(|_| PageError::SignIn("/import".into()))?;
    state.service.may_import_files(&viewer.actor).or_page(&viewer)?;
    let upload = signed_upload(&viewer, multipart, "/import").await?;
    let quarter = upload
        .field("quarter")
        .and_then(|q| q.trim().parse().ok())
        .and_then(Quarter::from_number)
        .unwrap_or(Quarter::Q1);
    let file = upload.file.map(|(name, bytes)| (name.unwrap_or_else(|| "upload".into()), bytes));
    let Some((name, bytes)) = file.filter(|(_, bytes)| !bytes.is_empty()) else {
        let body =
            html! { p.notice.error role="alert" { (prefs.t("กรุณาเลือกไฟล์", "Choose a file.")) } (upload_form(&viewer)) };
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(layout(&viewer, prefs.t("นำเข้าไฟล์รายงาน", "Import report files"), body)),
        )
            .into_response());
    };
    let preview = match state.service.preview_file(&viewer.actor, &name, bytes, quarter).await {
        Ok(preview) => preview,
        Err(tidtam_service::ServiceError::Unreadable(error)) => {
            let body = html! {
                p.notice.error role="alert" #import-error { (if prefs.en() { error.message_en() } else { error.message_th() }) }
                (upload_form(&viewer))
            };
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(layout(&viewer, prefs.t("นำเข้าไฟล์รายงาน", "Import report files"), body)),
            )
                .into_response());
        }
        Err(error) => return Err(PageError::from_service(error, prefs)),
    };
    let title = prefs.t("ตรวจดูก่อนบันทึก", "Check before storing");
    let body = html! {
        p { (prefs.t("ไฟล์", "File")) " " code { (preview.file_name) } ": " (prefs.int(preview.reports.len() as i64)) " " (prefs.t("รายงาน", "reports")) ", " (prefs.quarter(preview.quarter)) }
        @for (i, report) in preview.reports.iter().enumerate() {
            section.preview {
                h2 { (prefs.int(i as i64 + 1)) ". " (report.project_name.as_deref().unwrap_or("–")) }
                dl.meta {
                    dt { (prefs.t("หน่วยงาน", "Agency")) } dd { (report.agency.as_deref().unwrap_or("–")) }
                    dt { (prefs.t("ปีงบประมาณ", "Fiscal year")) } dd { (report.fiscal_year.map_or_else(|| "–".into(), |y| prefs.digits(y.to_string()))) }
                    dt { (prefs.t("ได้รับจัดสรร", "Allocated")) } dd { (report.budget.allocated.map_or_else(|| "–".into(), |b| prefs.baht(b))) }
                    dt { (prefs.t("เบิกจ่าย", "Disbursed")) } dd { (report.budget.disbursed.map_or_else(|| "–".into(), |b| prefs.baht(b))) }
                    dt { (prefs.t("ความก้าวหน้า", "Progress")) } dd { (prefs.percent(report.progress_percent)) }
                    dt { (prefs.t("เริ่มที่บรรทัด", "Starts at line")) } dd { (prefs.int(report.source.line as i64)) }
                }
                (findings_list(prefs, &report.findings.iter().cloned().map(tidtam_api::reports::Finding::from).collect::<Vec<_>>()))
            }
        }
        form #confirm method="post" action="/import/confirm" {
            (csrf_field(&viewer))
            input type="hidden" name="token" value=(preview.token);
            p.actions { button.primary type="submit" { (prefs.t("ยืนยันบันทึกทั้งไฟล์", "Store the whole file")) } " " a href="/import" { (prefs.t("ยกเลิก", "Cancel")) } }
        }
    };
    Ok(page(layout(&viewer, title, body)))
}

#[derive(Deserialize)]
pub struct Confirm {
    token: String,
}

pub async fn confirm(State(state): State<AppState>, signed: SignedForm<Confirm>) -> PageResult {
    let viewer = signed.viewer;
    let prefs = viewer.prefs;
    let imported = state.service.confirm_preview(&viewer.actor, &signed.form.token).await.or_page(&viewer)?;
    let outcome = |outcome: ImportOutcome| match outcome {
        ImportOutcome::Created => prefs.t("บันทึกใหม่", "created"),
        ImportOutcome::Updated => prefs.t("ปรับปรุงแล้ว", "updated"),
        ImportOutcome::Unchanged => prefs.t("เหมือนเดิม ไม่มีการเปลี่ยนแปลง", "unchanged"),
        ImportOutcome::Locked => prefs.t("อนุมัติแล้ว แก้ไม่ได้", "locked (approved)"),
        ImportOutcome::UnderReview => prefs.t("อยู่ระหว่างตรวจ ไม่เปลี่ยน", "under review, not changed"),
        ImportOutcome::Skipped => prefs.t("ข้าม (ข้อมูลไม่ครบ)", "skipped (incomplete)"),
    };
    let title = prefs.t("ผลการนำเข้า", "Import result");
    let body = html! {
        p { code { (imported.file_name) } }
        ul #import-result { @for report in &imported.reports { li {
            @match (report.project_id, report.fiscal_year) {
                (Some(project), Some(year)) => { a href={ "/projects/" (project) "/reports/" (year) "/" (report.quarter.number()) } { (report.project_name.as_deref().unwrap_or("–")) } }
                _ => { (report.project_name.as_deref().unwrap_or("–")) }
            }
            ": " strong { (outcome(report.outcome)) }
            @if let Some(note) = &report.note { " — " (note) }
        } } }
        p { a href="/import" { (prefs.t("นำเข้าไฟล์อื่น", "Import another file")) } }
    };
    Ok(page(layout(&viewer, title, body)))
}
