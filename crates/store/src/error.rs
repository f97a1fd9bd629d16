//! The store's error type, mapped from sqlx in one place.

/// What went wrong talking to the database.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The record does not exist.
    #[error("not found")]
    NotFound,
    /// The record changed since it was read: `current_version` is what is stored now.
    #[error("version conflict: the record is now at version {current_version}")]
    Conflict { current_version: i64 },
    /// A unique constraint refused the write.
    #[error("already exists: {0}")]
    Unique(String),
    /// The URL names no supported database.
    #[error("bad database URL: {0}")]
    BadUrl(String),
    #[error("migration failed: {0}")]
    Migrate(String),
    /// A stored value could not be read back into the domain model.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// Backup or restore failed.
    #[error("backup/restore: {0}")]
    Backup(String),
    #[error(transparent)]
    Other(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Unique(db.constraint().map(str::to_owned).unwrap_or_else(|| db.message().to_owned()))
            }
            _ => StoreError::Other(error),
        }
    }
}
