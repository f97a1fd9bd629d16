//! `/provinces?fy=2568&measure=disbursed`: the 77 provinces coloured by a chosen
//! figure (a choropleth of the real boundaries: Natural Earth, public domain,
//! simplified into [`super::province_shapes`]), with the table beside it. Each
//! province links to its projects; its name and figure are in its tooltip and
//! in the table, which is what a screen reader reads.

use axum::extract::State;
use maud::html;
use serde::Deserialize;
use tidtam_domain::period::FiscalYear;
use tidtam_service::portfolio::{GroupBy, PortfolioGroup, PortfolioQuery};
use tidtam_thai::province::PROVINCES;

use super::province_shapes::{SHAPES, VIEW_BOX};

use super::dashboard::default_year;
use super::shell::{OrPage, PageResult, Viewer, layout, page};
use crate::AppState;
use crate::extract::Params;

#[derive(Deserialize, Default)]
pub struct Query {
    fy: Option<FiscalYear>,
    measure: Option<String>,
}

/// Five steps of one hue, light to dark, all with enough contrast for dark or light text as chosen below.
const SHADES: [&str; 5] = ["#eef4fb", "#c6dbef", "#7fb1d9", "#3b7fc0", "#0b4f94"];

pub async fn map(State(state): State<AppState>, viewer: Viewer, Params(query): Params<Query>) -> PageResult {
    let prefs = viewer.prefs;
    let fy = match query.fy {
        Some(fy) => fy,
        None => default_year(&state, &viewer.actor).await,
    };
    let measure = ["allocated", "rate", "projects"]
        .into_iter()
        .find(|m| query.measure.as_deref() == Some(*m))
        .unwrap_or("disbursed");
    let groups = state
        .service
        .portfolio(&viewer.actor, PortfolioQuery { fiscal_year: fy, quarter: None, group_by: GroupBy::Province })
        .await
        .or_page(&viewer)?;
    let of = |code: u8| groups.iter().find(|g| g.group_id == Some(i64::from(code)));
    let value = |group: &PortfolioGroup| -> f64 {
        match measure {
            "allocated" => group.allocated.as_f64(),
            "rate" => group.disbursement_rate.unwrap_or(0.0),
            "projects" => group.projects as f64,
            _ => group.disbursed.as_f64(),
        }
    };
    let text = |group: &PortfolioGroup| -> String {
        match measure {
            "allocated" => prefs.millions(group.allocated),
            "rate" => prefs.share(group.disbursement_rate),
            "projects" => prefs.int(group.projects),
            _ => prefs.millions(group.disbursed),
        }
    };
    let max = groups.iter().filter(|g| g.group_id.unwrap_or(0) > 0).map(value).fold(0.0_f64, f64::max);
    let shade = |group: Option<&PortfolioGroup>| -> usize {
        match group {
            Some(group) if max > 0.0 => ((value(group) / max) * 4.0).round().clamp(0.0, 4.0) as usize,
            _ => 0,
        }
    };
    let measure_label = |m: &str| match m {
        "allocated" => prefs.t("งบประมาณที่ได้รับ (ล้านบาท)", "Allocated (million baht)"),
        "rate" => prefs.t("อัตราการเบิกจ่าย", "Disbursement rate"),
        "projects" => prefs.t("จำนวนโครงการ", "Projects"),
        _ => prefs.t("เบิกจ่าย (ล้านบาท)", "Disbursed (million baht)"),
    };
    let title = format!("{} — {}", prefs.t("แผนที่จังหวัด", "Provinces"), prefs.fiscal_year(fy));
    let body = html! {
        form.filters method="get" action="/provinces" {
            label { (prefs.t("ปีงบประมาณ", "Fiscal year")) " " input type="number" name="fy" min="2500" max="2700" value=(fy.be()); }
            label { (prefs.t("แสดง", "Show")) " " select name="measure" { @for m in ["disbursed", "allocated", "rate", "projects"] {
                option value=(m) selected[m == measure] { (measure_label(m)) } } } }
            button type="submit" { (prefs.t("แสดง", "Show")) }
        }
        div.map-layout {
            div {
            svg.map viewBox=(VIEW_BOX) aria-label=(measure_label(measure)) {
                title { (measure_label(measure)) }
                @for (code, path) in SHAPES.iter() {
                    @let province = tidtam_thai::province::by_code(*code);
                    @let group = of(*code);
                    a href={ "/provinces/" (code) } aria-label=[province.map(|p| if prefs.en() { p.name_en } else { p.name_th })] {
                        path d=(path) fill=(SHADES[shade(group)]) stroke="#5a6b7b" stroke-width="0.6" {
                            title { (province.map_or("", |p| if prefs.en() { p.name_en } else { p.name_th })) ": " (group.map_or_else(|| "–".to_string(), text)) }
                        }
                    }
                }
            }
            p.legend-title { (prefs.t("สี: ร้อยละของจังหวัดที่สูงสุด", "Colour: share of the highest province")) }
            ol.legend aria-label=(prefs.t("ระดับสี", "Colour scale")) {
                @for (level, colour) in SHADES.iter().enumerate() {
                    li { svg width="14" height="14" aria-hidden="true" { rect width="14" height="14" fill=(colour) stroke="#5a6b7b" {} }
                        " " (prefs.digits(format!("{}–{}%", level * 25 - (level * 25).min(12), (level * 25 + 12).min(100)))) }
                }
            }
            }
            div.table-wrap { table #province-table {
                caption { (measure_label(measure)) }
                thead { tr { th scope="col" { (prefs.t("จังหวัด", "Province")) } th.num scope="col" { (prefs.t("โครงการ", "Projects")) }
                    th.num scope="col" { (prefs.t("ได้รับ (ล้านบาท)", "Allocated (M)")) } th.num scope="col" { (prefs.t("เบิกจ่าย (ล้านบาท)", "Disbursed (M)")) }
                    th.num scope="col" { (prefs.t("อัตรา", "Rate")) } } }
                tbody { @for province in PROVINCES.iter() { @if let Some(group) = of(province.code) { tr {
                    th scope="row" { a href={ "/provinces/" (province.code) } { (if prefs.en() { province.name_en } else { province.name_th }) } }
                    td.num { (prefs.int(group.projects)) } td.num { (prefs.millions(group.allocated)) }
                    td.num { (prefs.millions(group.disbursed)) } td.num { (prefs.share(group.disbursement_rate)) }
                } } } }
            } }
        }
    };
    Ok(page(layout(&viewer, &title, body)))
}
