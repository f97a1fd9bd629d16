//! Organisation performance: performance agreements (indicators, rounds,
//! evidence, locks, the committee's score, the scorecard) and PMQA assessments.
//! Thin shells over `tidtam_service::performance`; who may do what is decided there.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use tidtam_api::Page;
use tidtam_api::performance::{
    AgreementSummary, CommitteeInput, EvidenceInput, IndicatorView, KpiImport, KpiScorecard, LockInput, NewAgreement,
    NewAssessment, NewIndicator, PmqaItemUpdate, PmqaView, RoundInput,
};
use tidtam_domain::period::FiscalYear;

use tidtam_export::{kpi_indicator_docx, kpi_scorecard_xlsx, pmqa_docx};

use super::exports::{Attachment, DOCX, XLSX, file_part, render, segment_number};
use crate::AppState;
use crate::api::{Api, Doc, Method, opt, req};
use crate::error::{AppError, AppResult};
use crate::extract::{Body, Caller, Params, PathParams, page_of, page_request};

pub fn routes(api: Api) -> Api {
    let round = |summary| Doc::new("performance", summary).response::<IndicatorView>();
    api.add(
        Method::Get,
        "/api/kpi/agreements",
        Doc::new("performance", "Performance agreements of a fiscal year the caller may read")
            .query(&[req("fy", "fiscal_year", "fiscal year (BE)")])
            .paged()
            .response::<Page<AgreementSummary>>()
            .errors(&[400]),
        list_agreements,
    )
    .add(
        Method::Post,
        "/api/kpi/agreements",
        Doc::new(
            "performance",
            "Create an agreement of an organisation unit for a fiscal year (planners of its agency)",
        )
        .body::<NewAgreement>()
        .created::<AgreementSummary>()
        .errors(&[401, 403, 409, 422]),
        create_agreement,
    )
    .add(
        Method::Get,
        "/api/kpi/agreements/{id}/scorecard",
        Doc::new(
            "performance",
            "An agreement's scorecard: each indicator's score per round, weighted totals to 4 places",
        )
        .response::<KpiScorecard>()
        .errors(&[400, 404]),
        scorecard,
    )
    .add(
        Method::Post,
        "/api/kpi/agreements/{id}/indicators",
        Doc::new("performance", "Add an indicator (code, weight, criteria, officer in charge, source)")
            .body::<NewIndicator>()
            .created::<IndicatorView>()
            .errors(&[400, 401, 403, 404, 409, 422]),
        add_indicator,
    )
    .add(
        Method::Post,
        "/api/kpi/agreements/{id}/import",
        Doc::new(
            "performance",
            "Import a file of indicator reports (request body: the file's bytes): each report's round (result, \
             narrative, evidence) goes to the agreement's indicator of its code, or a new one; idempotent",
        )
        .query(&[req("file_name", "string", "the file's name (its extension picks the reader: .txt, .md, .docx)")])
        .bytes()
        .response::<KpiImport>()
        .errors(&[400, 401, 403, 404, 409, 413, 415, 422]),
        import_indicators,
    )
    .add(
        Method::Get,
        "/api/kpi/indicators/{id}",
        Doc::new("performance", "An indicator: criteria, rounds scored, evidence, history")
            .response::<IndicatorView>()
            .errors(&[400, 404]),
        indicator,
    )
    .add(
        Method::Put,
        "/api/kpi/indicators/{id}/rounds/{months}",
        round("Enter a round's result and narrative (the officer in charge or a planner; not when locked)")
            .body::<RoundInput>()
            .errors(&[400, 401, 403, 404, 409, 422]),
        save_round,
    )
    .add(
        Method::Post,
        "/api/kpi/indicators/{id}/rounds/{months}/evidence",
        Doc::new("performance", "Add a piece of evidence to a round; it takes the next number")
            .body::<EvidenceInput>()
            .created::<IndicatorView>()
            .errors(&[400, 401, 403, 404, 409, 422]),
        add_evidence,
    )
    .add(
        Method::Post,
        "/api/kpi/indicators/{id}/rounds/{months}/lock",
        round("Lock a round: read-only from then on (planners of the agency)")
            .body::<LockInput>()
            .errors(&[400, 401, 403, 404, 409, 422]),
        lock,
    )
    .add(
        Method::Post,
        "/api/kpi/indicators/{id}/rounds/{months}/unlock",
        round("Unlock a round, with the reason (planners of the agency)")
            .body::<LockInput>()
            .errors(&[400, 401, 403, 404, 409, 422]),
        unlock,
    )
    .add(
        Method::Put,
        "/api/kpi/indicators/{id}/rounds/{months}/committee",
        round("The evaluation committee's score of a round (the committee role only)")
            .body::<CommitteeInput>()
            .errors(&[400, 401, 403, 404, 409, 422]),
        committee,
    )
    .add(
        Method::Get,
        "/api/pmqa",
        Doc::new("performance", "The PMQA 4.0 assessment of a fiscal year: total, gap, closing plan, category 7")
            .query(&[
                req("fy", "fiscal_year", "fiscal year (BE)"),
                opt("unit", "id", "organisation unit (default: the first readable)"),
            ])
            .response::<PmqaView>()
            .errors(&[400, 404]),
        pmqa_of_year,
    )
    .add(
        Method::Post,
        "/api/pmqa",
        Doc::new(
            "performance",
            "Create a PMQA assessment with the default criteria of its year (planners of the agency)",
        )
        .body::<NewAssessment>()
        .created::<PmqaView>()
        .errors(&[401, 403, 409, 422]),
        create_assessment,
    )
    .add(
        Method::Get,
        "/api/pmqa/{id}",
        Doc::new("performance", "One PMQA assessment, scored").response::<PmqaView>().errors(&[400, 404]),
        pmqa,
    )
    .add(
        Method::Put,
        "/api/pmqa/{id}/items",
        Doc::new("performance", "Set one sub-item's own and assessor scores and evidence")
            .body::<PmqaItemUpdate>()
            .response::<PmqaView>()
            .errors(&[400, 401, 403, 404, 409, 422]),
        set_item,
    )
    .add(
        Method::Get,
        "/kpi/{id}.docx",
        Doc::new("performance", "An indicator's report in the layout agencies file (DOCX, Sarabun embedded)")
            .query(&[opt("months", "months", "the round (default: the latest written)")])
            .file(DOCX)
            .errors(&[400, 404]),
        indicator_docx,
    )
    .add(
        Method::Get,
        "/kpi.xlsx",
        Doc::new("performance", "An agreement's scorecard as a workbook (XLSX)")
            .query(&[
                req("fy", "fiscal_year", "fiscal year (BE)"),
                opt("agreement", "id", "the agreement (default: the first readable)"),
            ])
            .file(XLSX)
            .errors(&[400, 404]),
        scorecard_xlsx,
    )
    .add(
        Method::Get,
        "/pmqa.docx",
        Doc::new("performance", "The PMQA assessment of a fiscal year (DOCX, Sarabun embedded)")
            .query(&[req("fy", "fiscal_year", "fiscal year (BE)"), opt("unit", "id", "organisation unit")])
            .file(DOCX)
            .errors(&[400, 404]),
        pmqa_document,
    )
}

#[derive(Deserialize)]
struct RoundQuery {
    months: Option<u8>,
}

async fn indicator_docx(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(segment): PathParams<String>,
    Params(query): Params<RoundQuery>,
) -> AppResult<Attachment> {
    let id: i64 = segment_number(&segment, ".docx", "id")?;
    let view = state.service.indicator(&caller.actor, id).await?;
    let name = format!("รายงานตัวชี้วัด-{}-{}.docx", file_part(&view.code), view.agreement.fiscal_year);
    let ascii_name = format!("tidtam-kpi-{id}.docx");
    let bytes = render(move || kpi_indicator_docx(&view, query.months)).await?;
    Ok(Attachment { bytes, content_type: DOCX, name, ascii_name })
}

#[derive(Deserialize)]
struct AgreementQuery {
    fy: FiscalYear,
    agreement: Option<i64>,
}

async fn scorecard_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<AgreementQuery>,
) -> AppResult<Attachment> {
    let agreements = state.service.agreements(&caller.actor, query.fy).await?;
    let chosen = match query.agreement {
        Some(id) => agreements.iter().find(|agreement| agreement.id == id),
        None => agreements.first(),
    }
    .ok_or_else(|| AppError::from(tidtam_service::ServiceError::NotFound))?;
    let card = state.service.kpi_scorecard(&caller.actor, chosen.id).await?;
    let name = format!("คะแนนคำรับรอง-{}-{}.xlsx", file_part(&card.agreement.org_unit_name), query.fy.be());
    let ascii_name = format!("tidtam-kpi-{}.xlsx", query.fy.be());
    let bytes = render(move || kpi_scorecard_xlsx(&card)).await?;
    Ok(Attachment { bytes, content_type: XLSX, name, ascii_name })
}

async fn pmqa_document(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<PmqaQuery>,
) -> AppResult<Attachment> {
    let view = state
        .service
        .pmqa_of_year(&caller.actor, query.fy, query.unit)
        .await?
        .ok_or_else(|| AppError::from(tidtam_service::ServiceError::NotFound))?;
    let name = format!("ผลการประเมิน-PMQA-{}.docx", query.fy.be());
    let ascii_name = format!("tidtam-pmqa-{}.docx", query.fy.be());
    let bytes = render(move || pmqa_docx(&view)).await?;
    Ok(Attachment { bytes, content_type: DOCX, name, ascii_name })
}

#[derive(Deserialize)]
struct YearPaging {
    fy: FiscalYear,
    page: Option<u32>,
    per_page: Option<u32>,
}

async fn list_agreements(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<YearPaging>,
) -> AppResult<Json<Page<AgreementSummary>>> {
    let agreements = state.service.agreements(&caller.actor, query.fy).await?;
    Ok(Json(page_of(agreements, page_request(query.page, query.per_page))))
}

async fn create_agreement(
    State(state): State<AppState>,
    caller: Caller,
    Body(input): Body<NewAgreement>,
) -> AppResult<(StatusCode, Json<AgreementSummary>)> {
    Ok((StatusCode::CREATED, Json(state.service.create_agreement(&caller.actor, input).await?)))
}

async fn scorecard(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
) -> AppResult<Json<KpiScorecard>> {
    Ok(Json(state.service.kpi_scorecard(&caller.actor, id).await?))
}

async fn add_indicator(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(input): Body<NewIndicator>,
) -> AppResult<(StatusCode, Json<IndicatorView>)> {
    Ok((StatusCode::CREATED, Json(state.service.add_indicator(&caller.actor, id, input).await?)))
}

async fn indicator(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
) -> AppResult<Json<IndicatorView>> {
    Ok(Json(state.service.indicator(&caller.actor, id).await?))
}

async fn save_round(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((id, months)): PathParams<(i64, u8)>,
    Body(input): Body<RoundInput>,
) -> AppResult<Json<IndicatorView>> {
    Ok(Json(state.service.save_round(&caller.actor, id, months, input).await?))
}

async fn add_evidence(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((id, months)): PathParams<(i64, u8)>,
    Body(input): Body<EvidenceInput>,
) -> AppResult<(StatusCode, Json<IndicatorView>)> {
    Ok((StatusCode::CREATED, Json(state.service.add_kpi_evidence(&caller.actor, id, months, input).await?)))
}

#[derive(Deserialize)]
struct ImportQuery {
    file_name: String,
}

/// Refuses the public before a byte of the body is read.
async fn import_indicators(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Params(query): Params<ImportQuery>,
    body: axum::body::Body,
) -> AppResult<Json<KpiImport>> {
    if caller.session.is_none() {
        return Err(tidtam_service::ServiceError::Unauthenticated.into());
    }
    let bytes = axum::body::to_bytes(body, crate::MAX_BODY_BYTES)
        .await
        .map_err(|_| AppError::too_large(crate::MAX_BODY_BYTES))?;
    Ok(Json(state.service.import_indicator_file(&caller.actor, id, &query.file_name, bytes.to_vec()).await?))
}

async fn lock(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((id, months)): PathParams<(i64, u8)>,
    Body(input): Body<LockInput>,
) -> AppResult<Json<IndicatorView>> {
    Ok(Json(state.service.lock_round(&caller.actor, id, months, input).await?))
}

async fn unlock(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((id, months)): PathParams<(i64, u8)>,
    Body(input): Body<LockInput>,
) -> AppResult<Json<IndicatorView>> {
    Ok(Json(state.service.unlock_round(&caller.actor, id, months, input).await?))
}

async fn committee(
    State(state): State<AppState>,
    caller: Caller,
    PathParams((id, months)): PathParams<(i64, u8)>,
    Body(input): Body<CommitteeInput>,
) -> AppResult<Json<IndicatorView>> {
    Ok(Json(state.service.committee_score(&caller.actor, id, months, input).await?))
}

#[derive(Deserialize)]
struct PmqaQuery {
    fy: FiscalYear,
    unit: Option<i64>,
}

async fn pmqa_of_year(
    State(state): State<AppState>,
    caller: Caller,
    Params(query): Params<PmqaQuery>,
) -> AppResult<Json<PmqaView>> {
    match state.service.pmqa_of_year(&caller.actor, query.fy, query.unit).await? {
        Some(view) => Ok(Json(view)),
        None => Err(AppError::from(tidtam_service::ServiceError::NotFound)),
    }
}

async fn create_assessment(
    State(state): State<AppState>,
    caller: Caller,
    Body(input): Body<NewAssessment>,
) -> AppResult<(StatusCode, Json<PmqaView>)> {
    Ok((StatusCode::CREATED, Json(state.service.create_assessment(&caller.actor, input).await?)))
}

async fn pmqa(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
) -> AppResult<Json<PmqaView>> {
    Ok(Json(state.service.pmqa(&caller.actor, id).await?))
}

async fn set_item(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(id): PathParams<i64>,
    Body(input): Body<PmqaItemUpdate>,
) -> AppResult<Json<PmqaView>> {
    Ok(Json(state.service.set_pmqa_item(&caller.actor, id, input).await?))
}
