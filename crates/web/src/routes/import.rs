//! `POST /api/import`: upload one report file (the raw bytes of a .txt, .md or
//! .docx) → `tidtam_report::ingest_bytes` → the service's idempotent import.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use tidtam_domain::period::Quarter;
use tidtam_service::import::ImportedReport;

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
                opt("quarter", "integer", "which quarter the reports are (default 4: year-end)"),
            ])
            .body("bytes")
            .response("ImportResult")
            .errors(&[400, 401, 403, 413, 422]),
        import,
    )
}

#[derive(Deserialize)]
struct Query {
    file_name: String,
    quarter: Option<Quarter>,
}

#[derive(Serialize)]
struct ImportResult {
    file_name: String,
    reports: Vec<ImportedReport>,
}

async fn import(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<Query>,
    bytes: Bytes,
) -> AppResult<Json<ImportResult>> {
    let quarter = match query.quarter {
        Some(quarter) => quarter,
        None => Quarter::parse(4).map_err(|error| AppError::internal(error.to_string()))?,
    };
    let file_name = query.file_name.clone();
    // Parsing is CPU work: keep it off the async workers.
    let parsed = tokio::task::spawn_blocking(move || tidtam_report::ingest_bytes(&bytes, &file_name))
        .await
        .map_err(|error| AppError::internal(format!("ingest task: {error}")))??;
    let reports = state.service.import_reports(&caller.actor, &parsed, quarter).await?;
    Ok(Json(ImportResult { file_name: query.file_name, reports }))
}
