//! Files held between the import page's preview and its confirmation.

use crate::{Result, Tx, micros, with_conn};

/// A previewed file waiting for confirmation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingUpload {
    pub user_id: i64,
    pub file_name: String,
    pub quarter: u8,
    pub bytes: Vec<u8>,
    /// `Some`: indicator reports to import into this performance agreement;
    /// `None`: project reports of `quarter`.
    pub agreement_id: Option<i64>,
}

impl Tx {
    /// Keeps a previewed file under `token_hash`, dropping files older than `expired_before`.
    pub async fn insert_pending_upload(
        &mut self,
        token_hash: &str,
        upload: &PendingUpload,
        now: jiff::Timestamp,
        expired_before: jiff::Timestamp,
    ) -> Result<()> {
        with_conn!(self, |conn| {
            sqlx::query("DELETE FROM pending_upload WHERE created_at < $1")
                .bind(micros(expired_before))
                .execute(&mut *conn)
                .await?;
            sqlx::query(
                "INSERT INTO pending_upload (token_hash, user_id, file_name, quarter, bytes, created_at, agreement_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(token_hash)
            .bind(upload.user_id)
            .bind(&upload.file_name)
            .bind(i64::from(upload.quarter))
            .bind(&upload.bytes)
            .bind(micros(now))
            .bind(upload.agreement_id)
            .execute(&mut *conn)
            .await?;
        });
        Ok(())
    }

    /// Takes (reads and deletes) a previewed file kept after `expired_before`.
    pub async fn take_pending_upload(
        &mut self,
        token_hash: &str,
        expired_before: jiff::Timestamp,
    ) -> Result<Option<PendingUpload>> {
        type Row = (i64, String, i64, Vec<u8>, Option<i64>);
        let row: Option<Row> = with_conn!(self, |conn| {
            let row = sqlx::query_as(
                "SELECT CAST(user_id AS BIGINT), file_name, CAST(quarter AS BIGINT), bytes, agreement_id FROM pending_upload \
                 WHERE token_hash = $1 AND created_at >= $2",
            )
            .bind(token_hash)
            .bind(micros(expired_before))
            .fetch_optional(&mut *conn)
            .await?;
            sqlx::query("DELETE FROM pending_upload WHERE token_hash = $1")
                .bind(token_hash)
                .execute(&mut *conn)
                .await?;
            row
        });
        Ok(row.map(|(user_id, file_name, quarter, bytes, agreement_id)| PendingUpload {
            user_id,
            file_name,
            quarter: u8::try_from(quarter).unwrap_or(1),
            bytes,
            agreement_id,
        }))
    }
}
