//! The one error type of the HTTP layer, [`AppError`], and its JSON shape.
//!
//! Every failure leaves as `{"error": {"code", "message_th", "message_en", …}}`
//! with a status code chosen here and nowhere else. Service errors keep their
//! stable codes; the HTTP layer adds its own few (`csrf`, `bad_request`,
//! `no_route`, `method_not_allowed`, ingest codes). Internal details never
//! reach the body: they ride on a response extension that the logging
//! middleware ([`crate::log_errors`]) prints (axum's error-handling example).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tidtam_domain::model::FieldError;
use tidtam_service::ServiceError;

/// An error on its way to the client.
#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    /// Boxed to keep `Result<T, AppError>` small.
    pub body: Box<ErrorDetail>,
    /// Seconds for the `Retry-After` header (rate limiting).
    pub retry_after: Option<u64>,
    /// What went wrong inside, for the log only.
    pub internal: Option<String>,
}

/// The `error` object of an error response.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message_th: String,
    pub message_en: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

#[derive(Serialize)]
struct Envelope<'a> {
    error: &'a ErrorDetail,
}

/// The internal detail of a failed request, attached to the response for the log.
#[derive(Clone, Debug)]
pub struct InternalDetail(pub String);

impl AppError {
    pub fn new(status: StatusCode, code: &str, message_th: &str, message_en: &str) -> AppError {
        AppError {
            status,
            body: Box::new(ErrorDetail {
                code: code.into(),
                message_th: message_th.into(),
                message_en: message_en.into(),
                fields: Vec::new(),
                current_version: None,
            }),
            retry_after: None,
            internal: None,
        }
    }

    /// A write without the session's CSRF token.
    pub fn csrf() -> AppError {
        AppError::new(
            StatusCode::FORBIDDEN,
            "csrf",
            "คำขอนี้ไม่มีรหัสป้องกัน CSRF ที่ถูกต้อง กรุณาโหลดหน้าใหม่",
            "This request lacks the session's CSRF token (header X-CSRF-Token); reload and try again.",
        )
    }

    /// A request the server could not read (query, path or body), with the reason.
    pub fn bad_request(status: StatusCode, reason: &str) -> AppError {
        let mut error = AppError::new(status, "bad_request", "คำขอไม่ถูกต้อง", "The request is malformed.");
        error.body.fields.push(FieldError::new("request", "คำขอไม่ถูกต้อง", reason));
        error
    }

    /// A body past the limit of its route.
    pub fn too_large(limit_bytes: usize) -> AppError {
        let mib = limit_bytes / (1024 * 1024);
        AppError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            &format!("ข้อมูลที่ส่งมีขนาดเกิน {mib} MB"),
            &format!("The request body is larger than {mib} MB."),
        )
    }

    pub fn no_route() -> AppError {
        AppError::new(StatusCode::NOT_FOUND, "no_route", "ไม่พบบริการที่ร้องขอ", "No such endpoint; see /api/openapi.json.")
    }

    pub fn method_not_allowed() -> AppError {
        AppError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "ไม่รองรับวิธีการเรียกนี้",
            "This endpoint does not accept that method.",
        )
    }

    /// An unexpected failure: a generic body, the detail for the log.
    pub fn internal(detail: impl Into<String>) -> AppError {
        AppError::from(ServiceError::Internal(detail.into()))
    }
}

impl From<ServiceError> for AppError {
    fn from(error: ServiceError) -> AppError {
        let status = match &error {
            ServiceError::Unauthenticated => StatusCode::UNAUTHORIZED,
            ServiceError::Forbidden | ServiceError::FourEyes => StatusCode::FORBIDDEN,
            ServiceError::NotFound => StatusCode::NOT_FOUND,
            ServiceError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ServiceError::Conflict { .. } | ServiceError::InvalidState { .. } | ServiceError::Duplicate => {
                StatusCode::CONFLICT
            }
            ServiceError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ServiceError::Unreadable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let body = error.body();
        AppError {
            status,
            body: Box::new(ErrorDetail {
                code: body.code.to_string(),
                message_th: body.message_th,
                message_en: body.message_en,
                fields: body.fields,
                current_version: body.current_version,
            }),
            retry_after: match &error {
                ServiceError::RateLimited { retry_after_seconds } => Some(*retry_after_seconds),
                _ => None,
            },
            internal: match &error {
                ServiceError::Internal(detail) => Some(detail.clone()),
                _ => None,
            },
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(Envelope { error: &self.body })).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if let Some(detail) = self.internal {
            response.extensions_mut().insert(InternalDetail(detail));
        }
        response
    }
}

/// What handlers return.
pub type AppResult<T> = Result<T, AppError>;
