//! The register of official statistics (บัญชีสถิติทางการ) and the statistical
//! system's status: entries as sent and shown, statuses computed from the
//! hub's releases, counts by sector, agency and province. Dates are ISO
//! (`2025-03-31`); pages show them in the Buddhist era.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A register entry as a client sends it (create, or update with `version`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RegisterEntryInput {
    /// "LFS_UNEMP": a Latin letter, then letters, digits and `_` (at most 50).
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    /// The owner agency (an organisation unit).
    pub agency_id: i64,
    /// The statistical sector code, "S01".."S21".
    pub sector: String,
    /// "country", "region" or "province".
    pub geo_level: String,
    /// "monthly", "quarterly", "annual" or "every_years" (with `every_years`).
    pub frequency: String,
    #[serde(default)]
    pub every_years: Option<u8>,
    /// The first period expected, in SDMX form ("2024", "2024-Q1", "2024-01",
    /// "2023-10-01/P1Y" for fiscal year 2567) or as written in Thai ("ปีงบประมาณ 2567").
    pub first_period: String,
    /// "lag", "dates" or "none" (no announced calendar).
    #[serde(default)]
    pub calendar: String,
    /// For "lag": months and days after the period's last day.
    #[serde(default)]
    pub lag_months: u16,
    #[serde(default)]
    pub lag_days: u16,
    /// For "dates": release days of the year as "MM-DD".
    #[serde(default)]
    pub release_dates: Vec<String>,
    /// The hub dataset that carries it and the indicator within it.
    #[serde(default)]
    pub dataset: Option<String>,
    #[serde(default)]
    pub indicator: Option<String>,
    /// The version being replaced (updates only).
    #[serde(default)]
    pub version: Option<i64>,
}

/// A statistic's status on a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatisticStatus {
    /// "on_time", "late", "produced" or "not_produced".
    pub status: String,
    pub status_th: String,
    pub status_en: String,
    /// The period that decided it (SDMX form) and its Thai label.
    pub latest_period: Option<String>,
    pub latest_period_th: Option<String>,
    pub latest_due: Option<String>,
    pub latest_released: Option<String>,
    /// Periods past their due date with no release (SDMX form).
    pub overdue_periods: Vec<String>,
    /// For a province-level statistic: provinces ("TH-50") whose series lacks the latest period.
    pub missing_provinces: Vec<String>,
}

/// A register entry with its status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RegisterEntry {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub agency_id: i64,
    pub agency_name: String,
    pub sector: String,
    pub sector_th: String,
    pub sector_en: String,
    pub geo_level: String,
    pub frequency: String,
    pub every_years: Option<u8>,
    pub frequency_th: String,
    pub first_period: String,
    /// "lag", "dates" or "none".
    pub calendar: String,
    pub lag_months: u16,
    pub lag_days: u16,
    pub release_dates: Vec<String>,
    pub calendar_th: String,
    pub calendar_en: String,
    pub dataset: Option<String>,
    pub indicator: Option<String>,
    pub version: i64,
    pub status: StatisticStatus,
}

/// One period of a statistic, judged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatisticPeriod {
    pub period: String,
    pub period_th: String,
    pub due: Option<String>,
    pub released: Option<String>,
    /// "on_time", "released_late", "overdue", "released" or "pending".
    pub state: String,
    pub state_th: String,
    pub state_en: String,
}

/// A register entry with every period behind its status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RegisterEntryDetail {
    #[serde(flatten)]
    pub entry: RegisterEntry,
    pub periods: Vec<StatisticPeriod>,
}

/// How many statistics have each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StatusCounts {
    pub total: i64,
    pub on_time: i64,
    pub late: i64,
    pub produced: i64,
    pub not_produced: i64,
}

/// Counts of one sector or agency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatusGroup {
    /// The sector code or the agency id.
    pub key: String,
    pub name_th: String,
    pub name_en: String,
    pub counts: StatusCounts,
}

/// A province and how many produced province-level statistics lack its series
/// for their latest period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProvinceGap {
    /// "TH-50".
    pub area: String,
    pub name_th: String,
    pub name_en: String,
    pub missing: i64,
}

/// The statistical system on a date: counts over the whole register, by
/// sector, agency and province, and the entries the filter chose.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatisticsSystem {
    /// The Thai date the statuses are computed for.
    pub as_of: String,
    pub counts: StatusCounts,
    pub by_sector: Vec<StatusGroup>,
    pub by_agency: Vec<StatusGroup>,
    pub by_province: Vec<ProvinceGap>,
    /// The entries matching the filter, by code.
    pub entries: Vec<RegisterEntry>,
}
