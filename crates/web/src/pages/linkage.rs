//! Clerical review of record linkage: `/linkage` (the review jobs and a form
//! to link two uploaded registers), `/linkage/{id}` (the estimates from the
//! decisions, the unsure pairs, the latest decisions, the automatic links and
//! the downloads), `/linkage/{id}/review` (the next pair handed to the reader:
//! the two records side by side, each comparison's level and weight, and the
//! decision form) and `/linkage/{id}/pairs/{pair}` (any one pair). Every form
//! works without JavaScript; `/assets/review.js` adds the keys a, r, u and n.
//! Personal data: only signed-in readers reach these pages, and the security
//! middleware marks every answer to them `no-store`.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use maud::{Markup, html};
use serde::Deserialize;
use tidtam_api::linkage::{LinkageJob, LinkageJobDetail, LinkagePair, PairDecisionInput};
use tidtam_service::ServiceError;
use tidtam_service::linkage::PairList;

use super::prefs::Prefs;
use super::shell::{OrPage, PageError, PageResult, SignedForm, Viewer, csrf_field, layout, page, signed_upload};
use crate::AppState;
use crate::extract::page_request;

fn decision_label(prefs: Prefs, decision: Option<&str>) -> &'static str {
    match decision {
        Some("accept") => prefs.t("ยอมรับ (คู่เดียวกัน)", "accepted (same person)"),
        Some("reject") => prefs.t("ปฏิเสธ (คนละคน)", "rejected (different people)"),
        Some("unsure") => prefs.t("ไม่แน่ใจ", "unsure"),
        _ => prefs.t("ยังไม่ตรวจ", "not reviewed"),
    }
}

fn band_label(prefs: Prefs, band: &str) -> &'static str {
    if band == "automatic" {
        prefs.t("เชื่อมโยงอัตโนมัติ", "automatic link")
    } else {
        prefs.t("ช่วงตรวจ", "review band")
    }
}

fn number(prefs: Prefs, value: f64, places: usize) -> String {
    prefs.digits(format!("{value:.places$}"))
}

fn new_job_form(viewer: &Viewer, name: &str) -> Markup {
    let prefs = viewer.prefs;
    html! {
        form #new-job method="post" action="/linkage" enctype="multipart/form-data" {
            (csrf_field(viewer))
            p.field { label for="name" { (prefs.t("ชื่องาน", "Job name")) }
                input #name name="name" type="text" required maxlength="200" value=(name); }
            p.field { label for="left" { (prefs.t("ทะเบียนที่หนึ่ง (CSV, UTF-8 หรือ TIS-620)", "First register (CSV, UTF-8 or TIS-620)")) }
                input #left name="left" type="file" accept=".csv,text/csv" required; }
            p.field { label for="right" { (prefs.t("ทะเบียนที่สอง (CSV)", "Second register (CSV)")) }
                input #right name="right" type="file" accept=".csv,text/csv" required; }
            p.hint { (prefs.t(
                "ระบบอนุมานแบบจำลองจากคอลัมน์ (คำนำหน้า ชื่อ สกุล วันเกิด เลขประจำตัวประชาชน จังหวัด โทรศัพท์) เหมือนคำสั่ง tidtam link แล้วเก็บคู่ที่เชื่อมโยงอัตโนมัติและคู่ในช่วงที่ต้องตรวจ",
                "The model is inferred from the columns (title, names, date of birth, national ID, province, phone) as `tidtam link` does; the automatic links and the pairs to review are kept."
            )) }
            p.field { label for="threshold" { (prefs.t("เกณฑ์เชื่อมโยงอัตโนมัติ (ความน่าจะเป็น)", "Automatic link threshold (probability)")) }
                input #threshold name="threshold" type="number" min="0" max="1" step="0.01" value="0.9"; }
            p.field { label for="review_from" { (prefs.t("ขอบล่างของช่วงตรวจ", "Lower edge of the review band")) }
                input #review_from name="review_from" type="number" min="0" max="1" step="0.01" value="0.2"; }
            p { button.primary type="submit" { (prefs.t("เชื่อมโยงและสร้างงานตรวจ", "Link and create the review job")) } }
        }
    }
}

fn jobs_table(prefs: Prefs, jobs: &[LinkageJob]) -> Markup {
    html! {
        @if jobs.is_empty() {
            p #no-jobs { (prefs.t("ยังไม่มีงานตรวจ", "No review jobs yet.")) }
        } @else {
            div.table-wrap { table #jobs {
                thead { tr {
                    th { (prefs.t("งาน", "Job")) } th { (prefs.t("ทะเบียน", "Registers")) }
                    th.num { (prefs.t("เชื่อมโยงอัตโนมัติ", "Automatic links")) } th.num { (prefs.t("ตรวจแล้ว / ต้องตรวจ", "Reviewed / to review")) }
                    th { (prefs.t("สร้างเมื่อ", "Created")) }
                } }
                tbody { @for job in jobs { tr {
                    td { a href={ "/linkage/" (job.id) } { (job.name) } }
                    td { (job.left_name) " (" (prefs.int(job.left_records as i64)) ") × " (job.right_name) " (" (prefs.int(job.right_records as i64)) ")" }
                    td.num { (prefs.int(job.automatic as i64)) }
                    td.num { (prefs.int(job.decided as i64)) " / " (prefs.int(job.review as i64)) }
                    td { (prefs.timestamp(job.created_at)) }
                } } }
            } }
        }
    }
}

pub async fn jobs(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    viewer.require_signed_in()?;
    let prefs = viewer.prefs;
    let jobs = state.service.linkage_jobs(&viewer.actor).await.or_page(&viewer)?;
    let body = html! {
        p { (prefs.t(
            "ตรวจคู่ระเบียนที่การเชื่อมโยงไม่แน่ใจ ทีละคู่ ผู้ตรวจหลายคนทำพร้อมกันได้โดยไม่ได้คู่ซ้ำกัน",
            "Review the pairs the linkage is unsure of, one at a time; several reviewers work at once without getting the same pair."
        )) }
        (jobs_table(prefs, &jobs))
        h2 { (prefs.t("สร้างงานตรวจใหม่", "New review job")) }
        (new_job_form(&viewer, ""))
    };
    Ok(page(layout(&viewer, prefs.t("ตรวจการเชื่อมโยงระเบียน", "Record linkage review"), body)))
}

pub async fn create(State(state): State<AppState>, viewer: Viewer, multipart: Multipart) -> PageResult {
    let prefs = viewer.prefs;
    viewer.require_signed_in().map_err(|_| PageError::SignIn("/linkage".into()))?;
    let upload = signed_upload(&viewer, multipart, "/linkage").await?;
    let name = upload.field("name").unwrap_or("").to_string();
    // Something typed that is not a number reaches the service as NaN, which it names as out of range.
    let probability = |key: &str| {
        upload.field(key).map(str::trim).filter(|v| !v.is_empty()).map(|v| v.parse::<f64>().unwrap_or(f64::NAN))
    };
    let file = |key: &str| {
        upload
            .files
            .iter()
            .find(|(field, _, _)| field == key)
            .map(|(_, name, bytes)| (name.clone().unwrap_or_else(|| format!("{key}.csv")), bytes.clone()))
    };
    let outcome = match (file("left"), file("right")) {
        (Some(left), Some(right)) if !left.1.is_empty() && !right.1.is_empty() => {
            state
                .service
                .create_linkage_job_from_files(
                    &viewer.actor,
                    &name,
                    (&left.0, left.1),
                    (&right.0, right.1),
                    probability("threshold"),
                    probability("review_from"),
                )
                .await
        }
        _ => Err(ServiceError::Invalid(vec![tidtam_domain::model::FieldError::new(
            "left",
            "กรุณาเลือกไฟล์ทะเบียนทั้งสองไฟล์",
            "choose both register files",
        )])),
    };
    match outcome {
        Ok(detail) => Ok(Redirect::to(&format!("/linkage/{}", detail.job.id)).into_response()),
        Err(ServiceError::Invalid(fields)) => {
            let body = html! {
                div.notice.error role="alert" #linkage-error {
                    p { (prefs.t("สร้างงานไม่ได้ ไม่มีการบันทึกข้อมูล:", "The job was not created; nothing was stored:")) }
                    ul { @for field in &fields { li { code { (field.field) } ": " (if prefs.en() { &field.message_en } else { &field.message_th }) } } }
                }
                (new_job_form(&viewer, &name))
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(layout(&viewer, prefs.t("สร้างงานตรวจใหม่", "New review job"), body)),
            )
                .into_response())
        }
        Err(error) => Err(error).or_page(&viewer),
    }
}

fn estimates_section(prefs: Prefs, detail: &LinkageJobDetail) -> Markup {
    let e = &detail.estimates;
    html! {
        section #estimates aria-labelledby="estimates-title" {
            h2 #estimates-title { (prefs.t("คุณภาพการเชื่อมโยงโดยประมาณ", "Estimated linkage quality")) }
            div.cards {
                div.card { span.k { (prefs.t("ความแม่นยำของคู่ที่ส่งออก", "Precision of the exported links")) } span.v #precision { (prefs.share(e.precision)) } }
                div.card { span.k { (prefs.t("ความครบถ้วน (recall) ของคู่ที่ส่งออก", "Recall of the exported links")) } span.v #recall { (prefs.share(e.recall)) } }
                div.card { span.k { (prefs.t("ความแม่นยำของคู่อัตโนมัติ", "Precision of the automatic links")) } span.v #precision-automatic { (prefs.share(e.precision_automatic)) } }
                div.card { span.k { (prefs.t("recall ถ้าไม่ตรวจเลย", "Recall without review")) } span.v { (prefs.share(e.recall_automatic)) } }
            }
            dl.meta {
                dt { (prefs.t("ช่วงตรวจ", "Review band")) }
                dd #band-counts { (prefs.int(e.review as i64)) " " (prefs.t("คู่: ยอมรับ", "pairs: accepted")) " " (prefs.int(e.accepted as i64)) ", "
                    (prefs.t("ปฏิเสธ", "rejected")) " " (prefs.int(e.rejected as i64)) ", " (prefs.t("ไม่แน่ใจ", "unsure")) " " (prefs.int(e.unsure as i64)) ", "
                    (prefs.t("ยังไม่ตรวจ", "not reviewed")) " " (prefs.int(e.undecided as i64)) }
                dt { (prefs.t("คู่อัตโนมัติ", "Automatic links")) }
                dd { (prefs.int(e.automatic as i64)) " (" (prefs.t("ตรวจยอมรับ", "checked and accepted")) " " (prefs.int(e.automatic_accepted as i64)) ", " (prefs.t("ปฏิเสธ", "rejected")) " " (prefs.int(e.automatic_rejected as i64)) ")" }
                dt { (prefs.t("คู่ที่จะส่งออก", "Links exported")) } dd #exported { (prefs.int(e.exported as i64)) }
                dt { (prefs.t("คู่ที่ตรงกันตามแบบจำลอง", "Matches the model expects")) } dd { (number(prefs, e.expected_matches, 1)) }
                dt { (prefs.t("ตัวปรับเทียบช่วงตรวจ", "Review band calibration")) } dd { (number(prefs, e.calibration, 2)) }
            }
            p.hint { (prefs.t(
                "คู่ที่ตัดสินแล้วนับตามผลการตรวจ คู่ที่ยังไม่ตรวจนับตามความน่าจะเป็นของแบบจำลอง (ในช่วงตรวจปรับด้วยสัดส่วนที่ผู้ตรวจยอมรับ) recall เทียบกับจำนวนคู่ที่ตรงกันที่แบบจำลองคาดไว้ในคู่เปรียบเทียบทั้งหมด",
                "Decided pairs count as decided; the others count as the model's probability (scaled in the review band by how often reviewers accept). Recall is against the matches the model expects among all candidate pairs."
            )) }
        }
    }
}

fn pairs_table(prefs: Prefs, job_id: i64, id: &str, pairs: &[LinkagePair]) -> Markup {
    html! {
        div.table-wrap { table id=(id) {
            thead { tr {
                th.num { "#" } th { (prefs.t("รหัส (ไฟล์แรก)", "Id (first)")) } th { (prefs.t("รหัส (ไฟล์ที่สอง)", "Id (second)")) }
                th.num { (prefs.t("ความน่าจะเป็น", "Probability")) } th { (prefs.t("ผลการตรวจ", "Decision")) } th { (prefs.t("ผู้ตรวจ", "Reviewer")) } th { (prefs.t("หมายเหตุ", "Note")) }
            } }
            tbody { @for p in pairs { tr {
                td.num { a href={ "/linkage/" (job_id) "/pairs/" (p.id) } { (prefs.int(p.seq)) } }
                td { (p.left_id) } td { (p.right_id) }
                td.num { (prefs.share(Some(p.probability))) }
                td { (decision_label(prefs, p.decision.as_deref())) }
                td { (p.decided_by.as_deref().unwrap_or("–")) }
                td { (p.note) }
            } } }
        } }
    }
}

pub async fn job(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> PageResult {
    viewer.require_signed_in()?;
    let prefs = viewer.prefs;
    let detail = state.service.linkage_job(&viewer.actor, id).await.or_page(&viewer)?;
    let list = |list| state.service.linkage_pairs(&viewer.actor, id, list, page_request(Some(1), Some(50)));
    let unsure = list(PairList::Unsure).await.or_page(&viewer)?;
    let decided = list(PairList::Decided).await.or_page(&viewer)?;
    let automatic = list(PairList::Automatic).await.or_page(&viewer)?;
    let job = &detail.job;
    let left = job.review.saturating_sub(job.decided);
    let body = html! {
        p { (job.left_name) " (" (prefs.int(job.left_records as i64)) " " (prefs.t("ระเบียน", "records")) ") × "
            (job.right_name) " (" (prefs.int(job.right_records as i64)) " " (prefs.t("ระเบียน", "records")) "), "
            (prefs.int(job.candidate_pairs as i64)) " " (prefs.t("คู่เปรียบเทียบ", "candidate pairs")) "; "
            (prefs.t("เชื่อมโยงอัตโนมัติเมื่อความน่าจะเป็นอย่างน้อย", "automatic at probability")) " " (number(prefs, job.threshold, 2)) ", "
            (prefs.t("ตรวจตั้งแต่", "review from")) " " (number(prefs, job.review_from, 2)) }
        p.actions {
            @if left > 0 {
                a.button.primary #start-review href={ "/linkage/" (job.id) "/review" } { (prefs.t("เริ่มตรวจ", "Start reviewing")) " (" (prefs.int(left as i64)) " " (prefs.t("คู่ที่เหลือ", "left")) ")" }
            } @else {
                span.ok #review-done { (prefs.t("ตรวจครบทุกคู่ในช่วงตรวจแล้ว", "Every pair of the review band has a decision.")) }
            }
            " "
            a.button #export-csv href={ "/linkage/" (job.id) "/links.csv" } { (prefs.t("ส่งออกคู่ที่ยอมรับ (CSV)", "Export accepted links (CSV)")) }
            " "
            a.button #export-xlsx href={ "/linkage/" (job.id) "/links.xlsx" } { (prefs.t("ส่งออก (XLSX)", "Export (XLSX)")) }
        }
        (estimates_section(prefs, &detail))
        @if !detail.warnings.is_empty() {
            div.notice { ul { @for w in &detail.warnings { li { (w) } } } }
        }
        section {
            h2 { (prefs.t("คู่ที่ไม่แน่ใจ", "Unsure pairs")) " (" (prefs.int(unsure.total)) ")" }
            @if unsure.items.is_empty() { p.hint { (prefs.t("ไม่มี", "None.")) } } @else { (pairs_table(prefs, job.id, "unsure-pairs", &unsure.items)) }
        }
        section {
            h2 { (prefs.t("ผลการตรวจล่าสุด", "Latest decisions")) " (" (prefs.int(decided.total)) ")" }
            @if decided.items.is_empty() { p.hint { (prefs.t("ยังไม่มี", "None yet.")) } } @else { (pairs_table(prefs, job.id, "decided-pairs", &decided.items)) }
        }
        section {
            h2 { (prefs.t("คู่ที่เชื่อมโยงอัตโนมัติ (ตรวจสอบสุ่มได้)", "Automatic links (open one to check it)")) " (" (prefs.int(automatic.total)) ")" }
            (pairs_table(prefs, job.id, "automatic-pairs", &automatic.items))
            @if automatic.total > automatic.items.len() as i64 {
                p.hint { (prefs.t("แสดง", "The first")) " " (prefs.int(automatic.items.len() as i64)) " " (prefs.t("คู่แรก คู่ที่ไม่ถูกปฏิเสธทั้งหมดอยู่ในไฟล์ส่งออก", "are shown; the export has every one not rejected.")) }
            }
        }
        details {
            summary { (prefs.t("แบบจำลองที่ใช้และเหตุผล", "The model used and why")) }
            p { (prefs.t("การเปรียบเทียบ", "Comparisons")) ": " (detail.comparisons.join(", ")) }
            pre { @for line in &detail.model_notes { (line) "\n" } }
        }
        p { a href="/linkage" { (prefs.t("งานตรวจทั้งหมด", "All review jobs")) } }
    };
    Ok(page(layout(&viewer, &job.name, body)))
}

/// The two records side by side: every column of either, the first file's order first;
/// a row whose values differ is marked.
fn records_table(prefs: Prefs, job: &LinkageJob, pair: &LinkagePair) -> Markup {
    let mut columns: Vec<&str> = pair.left.iter().map(|f| f.column.as_str()).collect();
    for field in &pair.right {
        if !columns.contains(&field.column.as_str()) {
            columns.push(&field.column);
        }
    }
    let value = |fields: &[tidtam_api::linkage::RecordField], column: &str| {
        fields.iter().find(|f| f.column == column).map(|f| f.value.clone()).unwrap_or_default()
    };
    html! {
        div.table-wrap { table #records {
            caption { (prefs.t("ระเบียนทั้งสองเทียบกัน", "The two records side by side")) }
            thead { tr { th { (prefs.t("คอลัมน์", "Column")) } th { (job.left_name) } th { (job.right_name) } } }
            tbody { @for column in columns {
                @let (l, r) = (value(&pair.left, column), value(&pair.right, column));
                tr class=[(l != r).then_some("differs")] {
                    th scope="row" { (column) }
                    td { @if l.is_empty() { span.hint { "–" } } @else { (l) } }
                    td { @if r.is_empty() { span.hint { "–" } } @else { (r) } }
                }
            } }
        } }
    }
}

fn comparisons_table(prefs: Prefs, pair: &LinkagePair) -> Markup {
    html! {
        div.table-wrap { table #comparisons {
            caption { (prefs.t("ระดับการเปรียบเทียบและน้ำหนัก (log₂)", "Comparison levels and weights (log₂)")) }
            thead { tr { th { (prefs.t("การเปรียบเทียบ", "Comparison")) } th { (prefs.t("ระดับ", "Level")) } th.num { (prefs.t("น้ำหนัก", "Weight")) } } }
            tbody {
                tr { td { (prefs.t("ค่าเริ่มต้น (prior)", "Prior")) } td { "–" } td.num { (number(prefs, pair.prior, 2)) } }
                @for c in &pair.comparisons {
                    tr class=(if c.weight >= 0.0 { "for" } else { "against" }) {
                        td { (c.comparison) } td { (c.level) }
                        td.num { @if c.weight >= 0.0 { "+" } (number(prefs, c.weight, 2)) }
                    }
                }
            }
            tfoot { tr {
                th { (prefs.t("น้ำหนักรวม", "Match weight")) } td { (prefs.t("ความน่าจะเป็น", "probability")) " " strong #probability { (prefs.share(Some(pair.probability))) } }
                td.num #total-weight { strong { (number(prefs, pair.weight, 2)) } }
            } }
        } }
    }
}

/// A pair with its decision form; `back` is where the form returns after deciding.
fn pair_body(viewer: &Viewer, job: &LinkageJob, pair: &LinkagePair, back: &str, notice: Option<Markup>) -> Markup {
    let prefs = viewer.prefs;
    html! {
        @if let Some(notice) = notice { (notice) }
        p #pair-meta { (prefs.t("คู่ที่", "Pair")) " " (prefs.int(pair.seq)) " · " (band_label(prefs, &pair.band)) " · "
            (prefs.t("รหัส", "ids")) " " code { (pair.left_id) } " × " code { (pair.right_id) }
            @if pair.decision.is_some() {
                " · " strong #current-decision { (decision_label(prefs, pair.decision.as_deref())) }
                " (" (pair.decided_by.as_deref().unwrap_or("–")) @if let Some(at) = pair.decided_at { ", " (prefs.timestamp(at)) } ")"
            }
        }
        div.review-grid {
            section { (records_table(prefs, job, pair)) }
            section { (comparisons_table(prefs, pair)) }
        }
        form #decision method="post" action={ "/linkage/" (job.id) "/pairs/" (pair.id) } data-review-keys {
            (csrf_field(viewer))
            input type="hidden" name="version" value=(pair.version);
            input type="hidden" name="back" value=(back);
            p.field { label for="note" { (prefs.t("หมายเหตุ (n)", "Note (n)")) }
                textarea #note name="note" rows="2" maxlength="1000" { (pair.note) } }
            p.actions {
                button.primary type="submit" name="decision" value="accept" #accept { (prefs.t("ยอมรับ — คนเดียวกัน (a)", "Accept — same person (a)")) }
                " " button type="submit" name="decision" value="reject" #reject { (prefs.t("ปฏิเสธ — คนละคน (r)", "Reject — different people (r)")) }
                " " button type="submit" name="decision" value="unsure" #unsure { (prefs.t("ไม่แน่ใจ (u)", "Unsure (u)")) }
            }
            p.hint { (prefs.t(
                "แป้นลัด: a ยอมรับ, r ปฏิเสธ, u ไม่แน่ใจ, n ไปที่หมายเหตุ (Esc ออกจากหมายเหตุ)",
                "Keys: a accept, r reject, u unsure, n the note (Esc leaves it)"
            )) }
        }
        p { a href={ "/linkage/" (job.id) } { (prefs.t("กลับไปหน้างาน", "Back to the job")) } }
        script type="module" src="/assets/review.js" {}
    }
}

pub async fn review(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> PageResult {
    viewer.require_signed_in()?;
    let prefs = viewer.prefs;
    let detail = state.service.linkage_job(&viewer.actor, id).await.or_page(&viewer)?;
    let next = state.service.next_linkage_pair(&viewer.actor, id).await.or_page(&viewer)?;
    let title = format!("{} · {}", prefs.t("ตรวจคู่", "Review"), detail.job.name);
    let body = match &next.pair {
        Some(pair) => html! {
            p #remaining { (prefs.t("เหลือที่ยังไม่ตัดสิน", "Left without a decision")) " " (prefs.int(next.remaining as i64)) " "
                (prefs.t("คู่ คู่นี้สงวนไว้ให้ท่านจนถึง", "pairs; this one is held for you until")) " "
                (pair.held_until.map(|t| prefs.timestamp(t)).unwrap_or_default()) }
            (pair_body(&viewer, &detail.job, pair, "review", None))
        },
        None => html! {
            p.notice.ok #review-done { (prefs.t(
                "ไม่มีคู่ที่รอตรวจ: ทุกคู่ได้รับการตัดสินแล้ว หรือผู้ตรวจคนอื่นกำลังตรวจอยู่",
                "No pair is waiting: every pair has a decision, or other reviewers hold the rest."
            )) }
            p { a href={ "/linkage/" (id) } { (prefs.t("กลับไปหน้างาน", "Back to the job")) } }
        },
    };
    Ok(page(layout(&viewer, &title, body)))
}

pub async fn pair(State(state): State<AppState>, viewer: Viewer, Path((id, pair_id)): Path<(i64, i64)>) -> PageResult {
    viewer.require_signed_in()?;
    let prefs = viewer.prefs;
    let detail = state.service.linkage_job(&viewer.actor, id).await.or_page(&viewer)?;
    let pair = state.service.linkage_pair(&viewer.actor, id, pair_id).await.or_page(&viewer)?;
    let title = format!("{} {} · {}", prefs.t("คู่ที่", "Pair"), prefs.int(pair.seq), detail.job.name);
    Ok(page(layout(&viewer, &title, pair_body(&viewer, &detail.job, &pair, "job", None))))
}

#[derive(Deserialize)]
pub struct DecisionForm {
    decision: Option<String>,
    #[serde(default)]
    note: String,
    version: i64,
    #[serde(default)]
    back: String,
}

pub async fn decide(
    State(state): State<AppState>,
    Path((id, pair_id)): Path<(i64, i64)>,
    signed: SignedForm<DecisionForm>,
) -> PageResult {
    let viewer = signed.viewer;
    let prefs = viewer.prefs;
    let form = signed.form;
    let input = PairDecisionInput {
        decision: form.decision.unwrap_or_default(),
        note: form.note.clone(),
        version: form.version,
    };
    match state.service.decide_linkage_pair(&viewer.actor, id, pair_id, &input).await {
        Ok(_) if form.back == "review" => Ok(Redirect::to(&format!("/linkage/{id}/review")).into_response()),
        Ok(_) => Ok(Redirect::to(&format!("/linkage/{id}#estimates")).into_response()),
        Err(ServiceError::Conflict { .. }) => {
            // Someone decided the pair, or it was handed to another reviewer, since this page
            // was read: say who and what, keep the reader's note, and decide again if wanted.
            let detail = state.service.linkage_job(&viewer.actor, id).await.or_page(&viewer)?;
            let mut pair = state.service.linkage_pair(&viewer.actor, id, pair_id).await.or_page(&viewer)?;
            let notice = match (&pair.decision, &pair.decided_by) {
                (Some(decision), by) => html! {
                    div.notice.error role="alert" #conflict {
                        (prefs.t("ผลการตรวจของท่านยังไม่ถูกบันทึก: คู่นี้ถูกตัดสินแล้วโดย", "Your decision was not stored: this pair was decided meanwhile by"))
                        " " strong { (by.as_deref().unwrap_or("–")) } " (" (decision_label(prefs, Some(decision.as_str()))) "). "
                        (prefs.t("ถ้ายังเห็นต่าง ตัดสินใหม่ได้ด้านล่าง", "If you still disagree, decide again below."))
                    }
                },
                (None, _) => html! {
                    div.notice.error role="alert" #conflict {
                        (prefs.t(
                            "ผลการตรวจของท่านยังไม่ถูกบันทึก: คู่นี้ถูกส่งให้ผู้ตรวจคนอื่นระหว่างนั้น (ท่านถือคู่นี้นานเกินกำหนด)",
                            "Your decision was not stored: the pair was handed to another reviewer meanwhile (your hold had ended)."
                        ))
                    }
                },
            };
            if !form.note.trim().is_empty() {
                pair.note = form.note;
            }
            let title = format!("{} {} · {}", prefs.t("คู่ที่", "Pair"), prefs.int(pair.seq), detail.job.name);
            let body = pair_body(&viewer, &detail.job, &pair, "job", Some(notice));
            Ok((StatusCode::CONFLICT, page(layout(&viewer, &title, body))).into_response())
        }
        Err(error) => Err(error).or_page(&viewer),
    }
}
