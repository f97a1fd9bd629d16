//! The service's error: what went wrong, in terms a front end can show.
//!
//! Every variant has a stable [`ServiceError::code`] and messages in Thai and
//! English. `Internal` keeps its detail for logs only; front ends show the
//! generic message.

use serde::Serialize;
use tidtam_domain::model::FieldError;
use tidtam_store::StoreError;

/// Why a use case did not happen.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceError {
    /// Not signed in, or the session expired.
    #[error("authentication required")]
    Unauthenticated,
    /// Signed in, but the role does not allow it.
    #[error("forbidden")]
    Forbidden,
    /// The record does not exist (or is not visible to the actor).
    #[error("not found")]
    NotFound,
    /// The input is invalid; every problem is listed.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// Someone else changed the record since it was read.
    #[error("conflict: the record is now at version {current_version}")]
    Conflict { current_version: i64 },
    /// The workflow does not allow this step from the record's current state (a report, a proposal).
    #[error("not allowed in state {status}")]
    InvalidState { status: String },
    /// The record already exists (a unique key refused the write).
    #[error("already exists")]
    Duplicate,
    /// The four-eyes rule: the approver last edited or submitted the report.
    #[error("four-eyes rule")]
    FourEyes,
    /// Too many failed sign-ins; try again later.
    #[error("rate limited")]
    RateLimited { retry_after_seconds: u64 },
    /// A file given to import could not be read (empty, binary, damaged, too large, no report).
    #[error("unreadable file: {}", .0.message_en())]
    Unreadable(tidtam_report::IngestError),
    /// A bug or an infrastructure failure; the detail is for logs only.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The JSON shape front ends send for an error.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorBody {
    pub code: &'static str,
    pub message_th: String,
    pub message_en: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

impl ServiceError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ServiceError::Unauthenticated => "unauthenticated",
            ServiceError::Forbidden => "forbidden",
            ServiceError::NotFound => "not_found",
            ServiceError::Invalid(_) => "invalid",
            ServiceError::Conflict { .. } => "conflict",
            ServiceError::InvalidState { .. } => "invalid_state",
            ServiceError::Duplicate => "duplicate",
            ServiceError::FourEyes => "four_eyes",
            ServiceError::RateLimited { .. } => "rate_limited",
            ServiceError::Unreadable(error) => error.code(),
            ServiceError::Internal(_) => "internal",
        }
    }

    pub fn message_th(&self) -> String {
        match self {
            ServiceError::Unauthenticated => "กรุณาเข้าสู่ระบบ".into(),
            ServiceError::Forbidden => "ท่านไม่มีสิทธิ์ดำเนินการนี้".into(),
            ServiceError::NotFound => "ไม่พบข้อมูลที่ต้องการ".into(),
            ServiceError::Invalid(_) => "ข้อมูลไม่ถูกต้อง".into(),
            ServiceError::Conflict { current_version } => {
                format!("ข้อมูลถูกแก้ไขโดยผู้อื่นแล้ว (ฉบับที่ {current_version}) กรุณาโหลดใหม่แล้วแก้ไขอีกครั้ง")
            }
            ServiceError::InvalidState { status } => format!("ไม่สามารถดำเนินการได้ในสถานะ {status}"),
            ServiceError::Duplicate => "มีข้อมูลนี้อยู่แล้ว ไม่สามารถสร้างซ้ำได้".into(),
            ServiceError::FourEyes => "ผู้อนุมัติต้องไม่ใช่ผู้ที่แก้ไขหรือส่งรายงานนี้ครั้งล่าสุด กรุณาให้ผู้อื่นเป็นผู้อนุมัติ".into(),
            ServiceError::RateLimited { retry_after_seconds } => {
                format!("เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป กรุณาลองใหม่ในอีก {retry_after_seconds} วินาที")
            }
            ServiceError::Unreadable(error) => error.message_th(),
            ServiceError::Internal(_) => "ระบบขัดข้อง กรุณาลองใหม่ภายหลัง".into(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            ServiceError::Unauthenticated => "Please sign in.".into(),
            ServiceError::Forbidden => "You are not allowed to do this.".into(),
            ServiceError::NotFound => "Not found.".into(),
            ServiceError::Invalid(_) => "The input is invalid.".into(),
            ServiceError::Conflict { current_version } => {
                format!("Someone else changed this record (now version {current_version}); reload and edit again.")
            }
            ServiceError::InvalidState { status } => format!("Not allowed while it is {status}."),
            ServiceError::Duplicate => "This record already exists.".into(),
            ServiceError::FourEyes => {
                "The approver must not be the person who last edited or submitted this report; ask someone else to approve it.".into()
            }
            ServiceError::RateLimited { retry_after_seconds } => {
                format!("Too many failed sign-ins; try again in {retry_after_seconds} seconds.")
            }
            ServiceError::Unreadable(error) => error.message_en(),
            ServiceError::Internal(_) => "Internal error; please try again later.".into(),
        }
    }

    /// The body a front end sends (never the internal detail).
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            code: self.code(),
            message_th: self.message_th(),
            message_en: self.message_en(),
            fields: match self {
                ServiceError::Invalid(fields) => fields.clone(),
                _ => Vec::new(),
            },
            current_version: match self {
                ServiceError::Conflict { current_version } => Some(*current_version),
                _ => None,
            },
        }
    }

    pub(crate) fn invalid(field: &str, message_th: &str, message_en: &str) -> ServiceError {
        ServiceError::Invalid(vec![FieldError::new(field, message_th, message_en)])
    }
}

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => ServiceError::NotFound,
            StoreError::Conflict { current_version } => ServiceError::Conflict { current_version },
            // The constraint's name and the database's text stay out of the answer.
            StoreError::Unique(_) => ServiceError::Duplicate,
            other => ServiceError::Internal(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        let all = [
            ServiceError::Unauthenticated,
            ServiceError::Forbidden,
            ServiceError::NotFound,
            ServiceError::Invalid(vec![]),
            ServiceError::Conflict { current_version: 3 },
            ServiceError::InvalidState { status: "approved".into() },
            ServiceError::Duplicate,
            ServiceError::FourEyes,
            ServiceError::RateLimited { retry_after_seconds: 60 },
            ServiceError::Internal("db down".into()),
        ];
        let codes: Vec<&str> = all.iter().map(ServiceError::code).collect();
        assert_eq!(
            codes,
            [
                "unauthenticated",
                "forbidden",
                "not_found",
                "invalid",
                "conflict",
                "invalid_state",
                "duplicate",
                "four_eyes",
                "rate_limited",
                "internal"
            ]
        );
        let body = serde_json::to_value(ServiceError::Conflict { current_version: 3 }.body()).unwrap();
        assert_eq!(body["code"], "conflict");
        assert_eq!(body["current_version"], 3);
        assert!(!ServiceError::Internal("db down".into()).body().message_en.contains("db down"));
    }
}
