//! Evidence files of a project: attached by who may change the project, read by
//! who may read its history (not the public: evidence may name people), kept
//! whole and never overwritten; every attachment is in the audit trail.

use sha2::Digest;
use tidtam_domain::evidence::{EvidenceKind, MAX_EVIDENCE_BYTES, sniff};
use tidtam_domain::policy::{Action, Actor};
pub use tidtam_store::AttachmentRow;
use tidtam_store::NewAttachment;

use crate::projects::project_resource;
use crate::{Result, Service, ServiceError, authorize, authorize_existing, record_audit, require_sign_in};

/// An evidence file with its bytes, ready to download.
pub struct AttachmentFile {
    pub row: AttachmentRow,
    pub bytes: Vec<u8>,
}

/// An evidence file that passed [`check_evidence_file`].
pub(crate) struct CheckedFile {
    /// The name without any folder.
    pub name: String,
    pub kind: EvidenceKind,
    pub sha256: String,
}

/// The one check of an evidence file, for projects' attachments and indicators'
/// evidence alike: a plain name, at most [`MAX_EVIDENCE_BYTES`], and bytes that
/// are a PDF, PNG, JPEG, DOCX, XLSX or plain text.
pub(crate) fn check_evidence_file(file_name: &str, bytes: &[u8]) -> Result<CheckedFile> {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(ServiceError::invalid(
            "file",
            "ชื่อไฟล์ไม่ถูกต้อง",
            "the file name is empty, too long or has control characters",
        ));
    }
    if bytes.len() > MAX_EVIDENCE_BYTES {
        return Err(ServiceError::invalid(
            "file",
            &format!("ไฟล์หลักฐานต้องไม่เกิน {} MB", MAX_EVIDENCE_BYTES / (1024 * 1024)),
            &format!("evidence files are at most {} MB", MAX_EVIDENCE_BYTES / (1024 * 1024)),
        ));
    }
    let kind = sniff(bytes).ok_or_else(|| {
        ServiceError::invalid(
            "file",
            "รับเฉพาะไฟล์ PDF, PNG, JPEG, Word (.docx), Excel (.xlsx) หรือข้อความ ตรวจจากเนื้อไฟล์",
            "only PDF, PNG, JPEG, Word (.docx), Excel (.xlsx) or plain text files are accepted, told from their content",
        )
    })?;
    let sha256 = sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
    Ok(CheckedFile { name: name.to_string(), kind, sha256 })
}

impl Service {
    /// Attaches an evidence file to a project after checking its size and what
    /// its bytes are (PDF, PNG, JPEG, DOCX, XLSX or plain text).
    pub async fn add_attachment(
        &self,
        actor: &Actor,
        project_id: i64,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<AttachmentRow> {
        require_sign_in(actor)?;
        let CheckedFile { name, kind, sha256 } = check_evidence_file(file_name, bytes)?;
        let name = name.as_str();
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let project = tx.project(project_id).await?;
        authorize_existing(actor, Action::Update, &project_resource(&project))?;
        let id = tx
            .insert_attachment(&NewAttachment {
                project_id,
                file_name: name,
                kind,
                sha256: &sha256,
                bytes,
                uploaded_by: &actor.username,
                at: now,
            })
            .await?;
        let detail =
            serde_json::json!({ "file_name": name, "kind": kind, "size_bytes": bytes.len(), "sha256": sha256 });
        record_audit(&mut tx, actor, now, "attachment", id, "create", None, Some(detail)).await?;
        let row =
            tx.attachments(project_id).await?.into_iter().find(|row| row.id == id).ok_or(ServiceError::NotFound)?;
        tx.commit().await?;
        Ok(row)
    }

    /// A project's evidence files (empty for those who may not read them).
    pub async fn list_attachments(&self, actor: &Actor, project_id: i64) -> Result<Vec<AttachmentRow>> {
        let mut tx = self.store.begin_read().await?;
        let project = tx.project(project_id).await?;
        authorize(actor, Action::Read, &project_resource(&project)).map_err(|_| ServiceError::NotFound)?;
        if authorize(actor, Action::ReadHistory, &project_resource(&project)).is_err() {
            return Ok(Vec::new());
        }
        Ok(tx.attachments(project_id).await?)
    }

    /// One evidence file with its bytes.
    pub async fn attachment(&self, actor: &Actor, id: i64) -> Result<AttachmentFile> {
        let mut tx = self.store.begin_read().await?;
        let (row, bytes) = tx.attachment(id).await?;
        let project = tx.project(row.project_id).await?;
        authorize(actor, Action::ReadHistory, &project_resource(&project)).map_err(|_| ServiceError::NotFound)?;
        Ok(AttachmentFile { row, bytes })
    }
}
