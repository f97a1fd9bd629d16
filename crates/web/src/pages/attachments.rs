//! Evidence files on the project page: `POST /projects/{id}/attachments`
//! (multipart, with the session's CSRF token) and `GET /attachments/{id}`,
//! always a download (`Content-Disposition: attachment`), with the type the
//! service read from the bytes, never one a browser renders as a page.

use axum::extract::{Multipart, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect};
use maud::{Markup, html};
use tidtam_domain::evidence::EvidenceKind;
use tidtam_service::attachments::AttachmentFile;
use tidtam_service::attachments::AttachmentRow;

use super::prefs::Prefs;
use super::shell::{OrPage, PageResult, Viewer, csrf_field, signed_upload};
use crate::AppState;
use crate::extract::PathParams;

/// The evidence section of a project page.
pub fn section(viewer: &Viewer, project_id: i64, files: &[AttachmentRow], may_attach: bool) -> Markup {
    let prefs = viewer.prefs;
    html! {
        section #evidence {
            h2 { (prefs.t("หลักฐานประกอบ", "Evidence")) }
            @if files.is_empty() { p { (prefs.t("ยังไม่มีไฟล์", "No files yet.")) } } @else {
                ul { @for file in files { li {
                    a href={ "/attachments/" (file.id) } download { (file.file_name) }
                    " " small { "(" (file.kind.as_str().to_uppercase()) ", " (size(prefs, file.size_bytes)) ", "
                        (prefs.t("แนบโดย", "attached by")) " " (file.uploaded_by) " " (prefs.timestamp(file.uploaded_at)) ")" }
                } } }
            }
            @if may_attach {
                form method="post" action={ "/projects/" (project_id) "/attachments" } enctype="multipart/form-data" {
                    (csrf_field(viewer))
                    p.field { label for="evidence-file" { (prefs.t("แนบไฟล์ (PDF, รูปภาพ, Word, Excel หรือข้อความ ไม่เกิน ๑๐ MB)", "Attach a file (PDF, image, Word, Excel or text, up to 10 MB)")) }
                        input #evidence-file type="file" name="file" required; }
                    p { button type="submit" { (prefs.t("แนบไฟล์", "Attach")) } }
                }
            }
        }
    }
}

pub fn size(prefs: Prefs, bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        prefs.digits(format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)))
    } else {
        prefs.digits(format!("{} KB", (bytes + 1023) / 1024))
    }
}

pub async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    PathParams(project_id): PathParams<i64>,
    multipart: Multipart,
) -> PageResult {
    let upload = signed_upload(&viewer, multipart, &format!("/projects/{project_id}")).await?;
    let (name, bytes) = upload.file.map(|(name, bytes)| (name.unwrap_or_default(), bytes)).unwrap_or_default();
    state.service.add_attachment(&viewer.actor, project_id, &name, &bytes).await.or_page(&viewer)?;
    Ok(Redirect::to(&format!("/projects/{project_id}#evidence")).into_response())
}

pub async fn download(State(state): State<AppState>, viewer: Viewer, PathParams(id): PathParams<i64>) -> PageResult {
    let AttachmentFile { row, bytes } = state.service.attachment(&viewer.actor, id).await.or_page(&viewer)?;
    Ok(file_download(&row.file_name, row.kind, bytes))
}

/// An evidence file as a download, with the type read from its bytes: never
/// one a browser renders as a page, and nothing in it could run even if it did.
pub fn file_download(file_name: &str, kind: EvidenceKind, bytes: Vec<u8>) -> axum::response::Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind.content_type()));
    headers.insert(header::CONTENT_DISPOSITION, content_disposition(file_name));
    headers.insert("content-security-policy", HeaderValue::from_static("default-src 'none'; sandbox"));
    response
}

/// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 / 5987): the Thai name, and an ASCII one for old clients.
pub fn content_disposition(name: &str) -> HeaderValue {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let encoded = crate::routes::exports::rfc5987(name);
    HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}
