//! A province's page as JSON, its plan (the provincial statistics chart) read
//! and written whole under its version, and the provincial statistical report.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use tidtam_api::province::{ProvincePlanView, ProvinceProfile};
use tidtam_domain::period::FiscalYear;
use tidtam_export::{province_docx, province_pdf};
use tidtam_service::province::plan_view;

use super::exports::{Attachment, DOCX, PDF, render, segment_number};
use crate::AppState;
use crate::api::{Api, Doc, Method, opt};
use crate::error::AppResult;
use crate::extract::{Body, Caller, Params, PathParams};
use crate::pages::prefs::today;

pub fn routes(api: Api) -> Api {
    let year = || {
        [opt(
            "fy",
            "fiscal_year",
            "fiscal year (BE) of the projects part; by default the latest with reports, as on the dashboard",
        )]
    };
    api.add(
        Method::Get,
        "/api/provinces/{code}",
        Doc::new("provinces", "A province: its strategic issues with each statistic's series, target, comparisons and rank, and its projects")
            .query(&year())
            .response::<ProvinceProfile>()
            .errors(&[400, 404]),
        profile,
    )
    .add(
        Method::Get,
        "/api/provinces/{code}/plan",
        Doc::new("provinces", "A province's plan: strategic issues and the statistics each needs (the provincial statistics chart)")
            .response::<ProvincePlanView>()
            .errors(&[400, 404]),
        plan,
    )
    .add(
        Method::Put,
        "/api/provinces/{code}/plan",
        Doc::new("provinces", "Replace a province's plan written at the version read (the province's statistics office)")
            .body::<ProvincePlanView>()
            .response::<ProvincePlanView>()
            .errors(&[400, 401, 403, 404, 409, 422]),
        save_plan,
    )
    .add(
        Method::Get,
        "/provinces/{code}.docx",
        Doc::new("provinces", "The provincial statistical report (DOCX, Sarabun embedded)").query(&year()).file(DOCX).errors(&[400, 404]),
        report_docx,
    )
    .add(
        Method::Get,
        "/provinces/{code}.pdf",
        Doc::new("provinces", "The provincial statistical report (PDF)").query(&year()).file(PDF).errors(&[400, 404]),
        report_pdf,
    )
}

#[derive(Deserialize)]
pub struct YearQuery {
    pub fy: Option<FiscalYear>,
}

/// The profile for the caller, today, in the asked or the current fiscal year.
pub(crate) async fn profile_of(
    state: &AppState,
    actor: &tidtam_service::Actor,
    code: u8,
    fy: Option<FiscalYear>,
) -> tidtam_service::Result<ProvinceProfile> {
    let fy = match fy {
        Some(fy) => fy,
        None => crate::pages::dashboard::default_year(state, actor).await,
    };
    state.service.province_profile(actor, code, fy, today()).await
}

async fn profile(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(code): PathParams<u8>,
    Params(query): Params<YearQuery>,
) -> AppResult<Json<ProvinceProfile>> {
    Ok(Json(profile_of(&state, &caller.actor, code, query.fy).await?))
}

async fn plan(State(state): State<AppState>, PathParams(code): PathParams<u8>) -> AppResult<Json<ProvincePlanView>> {
    Ok(Json(plan_view(&state.service.province_plan(code).await?)))
}

async fn save_plan(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(code): PathParams<u8>,
    Body(input): Body<ProvincePlanView>,
) -> AppResult<Json<ProvincePlanView>> {
    Ok(Json(plan_view(&state.service.save_province_plan(&caller.actor, code, &input).await?)))
}

async fn report_docx(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(segment): PathParams<String>,
    Params(query): Params<YearQuery>,
) -> AppResult<Attachment> {
    let code: u8 = segment_number(&segment, ".docx", "code")?;
    let view = profile_of(&state, &caller.actor, code, query.fy).await?;
    let name = format!("รายงานสถิติจังหวัด{}.docx", view.province.name_th);
    let ascii_name = format!("tidtam-province-{code:02}.docx");
    let bytes = render(move || province_docx(&view)).await?;
    Ok(Attachment { bytes, content_type: DOCX, name, ascii_name })
}

async fn report_pdf(
    State(state): State<AppState>,
    caller: Caller,
    PathParams(segment): PathParams<String>,
    Params(query): Params<YearQuery>,
) -> AppResult<Attachment> {
    let code: u8 = segment_number(&segment, ".pdf", "code")?;
    let view = profile_of(&state, &caller.actor, code, query.fy).await?;
    let name = format!("รายงานสถิติจังหวัด{}.pdf", view.province.name_th);
    let ascii_name = format!("tidtam-province-{code:02}.pdf");
    let bytes = render(move || province_pdf(&view)).await?;
    Ok(Attachment { bytes, content_type: PDF, name, ascii_name })
}
