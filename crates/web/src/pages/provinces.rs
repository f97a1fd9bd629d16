//! `/provinces?fy=2568&measure=disbursed`: the 77 provinces coloured by a chosen
//! figure, with the table beside it. Drawn as a tile map (one square a province,
//! grouped by region, north to south): no licensed boundary file is bundled yet,
//! and a tile map shows small provinces as clearly as large ones.

use axum::extract::State;
use maud::html;
use serde::Deserialize;
use tidtam_domain::period::FiscalYear;
use tidtam_service::portfolio::{GroupBy, PortfolioGroup, PortfolioQuery};
use tidtam_thai::province::{PROVINCES, Region};

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

const REGIONS: [Region; 7] =
    [Region::North, Region::Northeast, Region::Central, Region::Bangkok, Region::West, Region::East, Region::South];

pub async fn map(State(state): State<AppState>, viewer: Viewer, Params(query): Params<Query>) -> PageResult {
    let prefs = viewer.prefs;
    let fy = match query.fy {
        Some(fy) => fy,
        None => default_year(&state, &viewer).await,
    };
    let measure = match query.measure.as_deref() {
        Some(m @ ("allocated" | "rate" | "projects")) => m,
        _ => "disbursed",
    };
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
    let (tile, gap, per_row) = (58.0, 4.0, 6usize);
    let mut blocks = Vec::new();
    let mut y = 0.0;
    for region in REGIONS {
        let members: Vec<_> = PROVINCES.iter().filter(|p| p.region == region).collect();
        let rows = members.len().div_ceil(per_row);
        blocks.push((region, members, y));
        y += 24.0 + rows as f64 * (tile + gap) + 10.0;
    }
    let height = y;
    let title = format!("{} — {}", prefs.t("แผนที่จังหวัด", "Provinces"), prefs.fiscal_year(fy));
    let body = html! {
        form.filters method="get" action="/provinces" {
            label { (prefs.t("ปีงบประมาณ", "Fiscal year")) " " input type="number" name="fy" min="2500" max="2700" value=(fy.be()); }
            label { (prefs.t("แสดง", "Show")) " " select name="measure" { @for m in ["disbursed", "allocated", "rate", "projects"] {
                option value=(m) selected[m == measure] { (measure_label(m)) } } } }
            button type="submit" { (prefs.t("แสดง", "Show")) }
        }
        div.map-layout {
            svg.tilemap aria-label=(measure_label(measure)) viewBox={ "0 0 " (per_row as f64 * (tile + gap)) " " (height) } width="100%" {
                title { (measure_label(measure)) }
                @for (region, members, top) in &blocks {
                    text x="0" y=(top + 16.0) class="region" { (if prefs.en() { region.name_en() } else { region.name_th() }) }
                    @for (i, province) in members.iter().enumerate() {
                        @let x = (i % per_row) as f64 * (tile + gap);
                        @let ty = top + 24.0 + (i / per_row) as f64 * (tile + gap);
                        @let group = of(province.code);
                        @let level = shade(group);
                        a href={ "/projects?province=" (province.code) "&fy=" (fy.be()) } {
                            rect x=(x) y=(ty) width=(tile) height=(tile) rx="4" fill=(SHADES[level]) stroke="#5a6b7b" stroke-width="0.5" {
                                title { (province.name_th) ": " (group.map_or_else(|| "–".to_string(), text)) }
                            }
                            text x=(x + tile / 2.0) y=(ty + tile / 2.0 - 2.0) text-anchor="middle" class=(if level >= 3 { "tile-label dark" } else { "tile-label" }) {
                                (province.name_th.chars().take(6).collect::<String>())
                            }
                            text x=(x + tile / 2.0) y=(ty + tile / 2.0 + 14.0) text-anchor="middle" class=(if level >= 3 { "tile-value dark" } else { "tile-value" }) {
                                (group.map_or_else(String::new, text))
                            }
                        }
                    }
                }
            }
            div.table-wrap { table #province-table {
                caption { (measure_label(measure)) }
                thead { tr { th scope="col" { (prefs.t("จังหวัด", "Province")) } th.num scope="col" { (prefs.t("โครงการ", "Projects")) }
                    th.num scope="col" { (prefs.t("ได้รับ (ล้านบาท)", "Allocated (M)")) } th.num scope="col" { (prefs.t("เบิกจ่าย (ล้านบาท)", "Disbursed (M)")) }
                    th.num scope="col" { (prefs.t("อัตรา", "Rate")) } } }
                tbody { @for province in PROVINCES.iter() { @if let Some(group) = of(province.code) { tr {
                    th scope="row" { a href={ "/projects?province=" (province.code) "&fy=" (fy.be()) } { (if prefs.en() { province.name_en } else { province.name_th }) } }
                    td.num { (prefs.int(group.projects)) } td.num { (prefs.millions(group.allocated)) }
                    td.num { (prefs.millions(group.disbursed)) } td.num { (prefs.share(group.disbursement_rate)) }
                } } } }
            } }
        }
    };
    Ok(page(layout(&viewer, &title, body)))
}
