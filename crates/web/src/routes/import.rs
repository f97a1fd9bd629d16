//! `POST /api/import`: upload one report file (the raw bytes of a .txt, .md or
//! .docx) → the service's `import_file` use case (the same one the CLI calls).

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use serde::Deserialize;
use tidtam_api::import::ImportedFile;
use tidtam_domain::period::Quarter;
use tidtam_service::ServiceError;

use crate::AppState;
use crate::api::{Api, Doc, Method, opt, req};
use crate::error::{AppError, AppResult};
use crate::extract::{Caller, Params};

pub fn routes(api: Api) -> Api {
    api.add(
        Method::Post,
        "/api/import",
        Doc::new("import", "Import a report file (request body: the file's bytes); idempotent; findings are returned")
            .query(&[
                req("file_name", "string", "the file's name (its extension picks the reader: .txt, .md, .docx)"),
                opt("quarter", "quarter", "which quarter the reports are (default 4: year-end)"),
            ])
            .bytes()
            .response::<ImportedFile>()
            .errors(&[400, 401, 403, 413, 415, 422]),
        import,
    )
}

#[derive(Deserialize)]
struct Query {
    file_name: String,
    quarter: Option<Quarter>,
}

/// Refuses a caller who may not import before a byte of the body is read:
/// 401 for the public (not signed in), 403 for a role that may not import.
async fn import(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<Query>,
    body: Body,
) -> AppResult<Json<ImportedFile>> {
    if caller.session.is_none() {
        return Err(ServiceError::Unauthenticated.into());
    }
    state.service.may_import_files(&caller.actor)?;
    let bytes = axum::body::to_bytes(body, crate::MAX_BODY_BYTES)
        .await
        .map_err(|_| AppError::too_large(crate::MAX_BODY_BYTES))?;
    let quarter = query.quarter.unwrap_or(Quarter::Q4);
    Ok(Json(state.service.import_file(&caller.actor, &query.file_name, bytes.to_vec(), quarter).await?))
}
