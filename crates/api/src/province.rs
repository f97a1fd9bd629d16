//! A province's page: its strategic issues, the statistics each needs with what
//! the hub holds of them (series, target, comparisons, rank, whether it is up
//! to date), and the monitoring side's projects in the province. The plan is
//! read and edited as [`ProvincePlanView`]; the profile is computed on read.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::portfolio::PortfolioGroup;

/// A province and where it belongs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProvinceRef {
    /// Official two-digit code.
    pub code: u8,
    pub name_th: String,
    pub name_en: String,
}

/// The province's group of provinces (กลุ่มจังหวัด).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProvinceGroupView {
    pub number: u8,
    pub name_th: String,
    pub name_en: String,
    pub members: Vec<ProvinceRef>,
}

/// One value of a series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SeriesPoint {
    /// SDMX period ("2023", "2024-Q1").
    pub period: String,
    /// As shown: Buddhist era ("2566").
    pub label_th: String,
    pub value: Option<f64>,
    /// SDMX OBS_STATUS code (A, P, E, C, O).
    pub status: String,
}

/// Another member of the group at the same period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupValue {
    pub province: ProvinceRef,
    pub value: Option<f64>,
}

/// Where a statistic's figures come from in the hub.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SeriesSource {
    pub dataset: String,
    pub dataset_title_th: String,
    /// The agency that publishes the dataset.
    pub agency_name: String,
    pub indicator: String,
    pub indicator_name_th: String,
    pub unit_th: String,
    /// The release read, and when it was published (RFC 3339).
    pub release: Option<u32>,
    pub release_published_at: Option<String>,
}

/// What the hub has of a needed statistic, as of the profile's date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatisticProfile {
    pub name_th: String,
    pub producer: String,
    /// A, Q or M.
    pub frequency: String,
    pub frequency_th: String,
    pub lag_months: u16,
    pub target: Option<f64>,
    /// higher_is_better or lower_is_better.
    pub polarity: String,
    /// None: the hub does not carry it (a gap), or the reader may not see its dataset.
    pub source: Option<SeriesSource>,
    /// not_in_hub, not_readable, no_data, up_to_date or behind.
    pub freshness: String,
    /// The register of official statistics' entry for the same dataset and
    /// indicator, when there is one: its calendar then judges `freshness`.
    pub register_code: Option<String>,
    /// Latest period with a value for the province, in BE ("2566").
    pub latest_th: Option<String>,
    /// The latest period due by the producer's calendar, when it is missing.
    pub due_th: Option<String>,
    pub periods_behind: u32,
    pub series: Vec<SeriesPoint>,
    pub latest_value: Option<f64>,
    /// met, not_met, no_target or no_data.
    pub target_status: String,
    /// better, worse or same, against the period before.
    pub trend: Option<String>,
    /// The region's and the country's published values at the latest period.
    pub region: Option<f64>,
    pub country: Option<f64>,
    pub group: Vec<GroupValue>,
    pub rank: Option<u32>,
    /// How many provinces have a value at the latest period.
    pub rank_of: Option<u32>,
}

/// A strategic issue with its statistics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IssueProfile {
    pub title_th: String,
    pub title_en: String,
    pub statistics: Vec<StatisticProfile>,
}

/// A project of the monitoring side running in the province.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProvinceProject {
    pub id: i64,
    pub code: Option<String>,
    pub name: String,
}

/// The province's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProvinceProfile {
    pub province: ProvinceRef,
    pub region_th: String,
    pub region_en: String,
    pub group: Option<ProvinceGroupView>,
    /// The plan's version (0: never written) and when it was last changed (RFC 3339).
    pub plan_version: i64,
    pub plan_updated_at: Option<String>,
    /// Whether the reader may edit the plan (the provincial statistics office, its agency's planners and statisticians, admins).
    pub may_edit: bool,
    /// The date statuses are computed for (ISO).
    pub as_of: String,
    pub issues: Vec<IssueProfile>,
    /// Needed statistics the hub does not carry.
    pub gaps: u32,
    /// Buddhist-era fiscal year of the projects part.
    pub fiscal_year: i32,
    /// The province's totals in the portfolio of that year (absent when it has no project).
    pub portfolio: Option<PortfolioGroup>,
    /// The first projects in the province that year, by name; `projects_total` counts them all.
    pub projects: Vec<ProvinceProject>,
    pub projects_total: i64,
}

/// A statistic as the office writes it in the chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatisticInput {
    pub name_th: String,
    pub producer: String,
    /// A (annual), Q (quarterly) or M (monthly).
    pub frequency: String,
    /// Months after a period's end by which the producer publishes it.
    pub lag_months: u16,
    /// The hub's dataset and indicator, when the hub carries it.
    #[serde(default)]
    pub dataset: Option<String>,
    #[serde(default)]
    pub indicator: Option<String>,
    #[serde(default)]
    pub target: Option<f64>,
    /// higher_is_better (default) or lower_is_better.
    #[serde(default)]
    pub polarity: Option<String>,
}

/// A strategic issue as the office writes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IssueInput {
    pub title_th: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub statistics: Vec<StatisticInput>,
}

/// The whole plan as read, and as written back at the `version` read (0 for a
/// province never edited), so a stale edit is refused, never merged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProvincePlanView {
    pub version: i64,
    pub issues: Vec<IssueInput>,
}
