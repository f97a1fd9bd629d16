//! Evidence files of projects.

use tidtam_domain::evidence::EvidenceKind;

use crate::rows::parse_enum;
use crate::{Result, Tx, micros, timestamp, with_conn};

/// An evidence file as listed (without its bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentRow {
    pub id: i64,
    pub project_id: i64,
    pub file_name: String,
    pub kind: EvidenceKind,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: jiff::Timestamp,
}

/// A new evidence file.
pub struct NewAttachment<'a> {
    pub project_id: i64,
    pub file_name: &'a str,
    pub kind: EvidenceKind,
    pub sha256: &'a str,
    pub bytes: &'a [u8],
    pub uploaded_by: &'a str,
    pub at: jiff::Timestamp,
}

type Row = (i64, i64, String, String, i64, String, String, i64);

fn row(row: Row) -> Result<AttachmentRow> {
    let (id, project_id, file_name, kind, size_bytes, sha256, uploaded_by, at) = row;
    Ok(AttachmentRow {
        id,
        project_id,
        file_name,
        kind: parse_enum(&kind, EvidenceKind::parse)?,
        size_bytes,
        sha256,
        uploaded_by,
        uploaded_at: timestamp(at),
    })
}

const COLUMNS: &str = "id, project_id, file_name, kind, size_bytes, sha256, uploaded_by, uploaded_at";

impl Tx {
    pub async fn insert_attachment(&mut self, new: &NewAttachment<'_>) -> Result<i64> {
        Ok(with_conn!(self, |conn| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO attachment (project_id, file_name, kind, size_bytes, sha256, bytes, uploaded_by, uploaded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(new.project_id)
            .bind(new.file_name)
            .bind(new.kind.as_str())
            .bind(new.bytes.len() as i64)
            .bind(new.sha256)
            .bind(new.bytes)
            .bind(new.uploaded_by)
            .bind(micros(new.at))
            .fetch_one(&mut *conn)
            .await?
        }))
    }

    /// A project's evidence files, oldest first.
    pub async fn attachments(&mut self, project_id: i64) -> Result<Vec<AttachmentRow>> {
        let sql = format!("SELECT {COLUMNS} FROM attachment WHERE project_id = $1 ORDER BY id");
        let rows: Vec<Row> = with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(project_id).fetch_all(&mut *conn).await?
        });
        rows.into_iter().map(row).collect()
    }

    /// One evidence file with its bytes.
    pub async fn attachment(&mut self, id: i64) -> Result<(AttachmentRow, Vec<u8>)> {
        let sql = format!("SELECT {COLUMNS}, bytes FROM attachment WHERE id = $1");
        type WithBytes = (i64, i64, String, String, i64, String, String, i64, Vec<u8>);
        let found: Option<WithBytes> = with_conn!(self, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?
        });
        let (id, project_id, file_name, kind, size, sha, by, at, bytes) = found.ok_or(crate::StoreError::NotFound)?;
        Ok((row((id, project_id, file_name, kind, size, sha, by, at))?, bytes))
    }
}
