//! The Statistics Sharing Hub's plain JSON: datasets, their releases and their
//! data with no configuration (the hub's "no-code API"); SDMX, CKAN and DCAT
//! have their own formats.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A dataset in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatDatasetSummary {
    /// The SDMX dataflow id ("LFS_PROV").
    pub id: String,
    /// The CKAN package name ("lfs-prov").
    pub name: String,
    pub title_th: String,
    pub title_en: String,
    pub agency_id: i64,
    pub agency_name: String,
    /// The statistical sector code ("S02") and its Thai name.
    pub sector: String,
    pub sector_th: String,
    pub published: bool,
    pub releases: i64,
    /// RFC 3339.
    pub last_release_at: Option<String>,
    pub modified_at: String,
    pub version: i64,
}

/// An indicator of a dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatIndicator {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub unit_th: String,
    pub unit_en: String,
    /// Values are in units of 10^unit_mult.
    pub unit_mult: u8,
}

/// One release (vintage).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatRelease {
    pub number: u32,
    pub published_at: String,
    pub note: String,
}

/// A dataset with its structure, GD Catalog metadata and release history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatDatasetDetail {
    #[serde(flatten)]
    pub summary: StatDatasetSummary,
    pub description_th: String,
    /// Dimension ids in key order after FREQ: INDICATOR, AREA, SEX, AGE.
    pub dimensions: Vec<String>,
    pub indicators: Vec<StatIndicator>,
    /// The `thai_gdc` fields: a string, or a list for multi-valued fields.
    pub metadata: BTreeMap<String, serde_json::Value>,
    pub history: Vec<StatRelease>,
}

/// One observation, with its codes by dimension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatObservation {
    /// Dimension id → code ("AREA": "TH-10").
    pub key: BTreeMap<String, String>,
    /// SDMX form: "2024", "2024-Q1", "2023-10-01/P1Y".
    pub period: String,
    /// As Thai readers write it: "2567", "ปีงบประมาณ 2567".
    pub period_th: String,
    pub value: Option<f64>,
    /// A (normal), P (provisional), E (estimated), C (confidential), O (not available).
    pub status: String,
}

/// A dataset's data as of one release.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatData {
    pub dataset: String,
    /// The release read (0: nothing published at that time).
    pub release: u32,
    pub observations: Vec<StatObservation>,
}

/// A new dataset: its agency and definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NewStatDataset {
    pub agency_id: i64,
    /// The SDMX dataflow id: a Latin letter, then letters, digits and `_` (at most 50).
    pub id: String,
    pub title_th: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub description_th: String,
    /// The statistical sector code, "S01".."S21".
    pub sector: String,
    /// Dimensions after FREQ, INDICATOR first: any of INDICATOR, AREA, SEX, AGE.
    pub dimensions: Vec<String>,
    pub indicators: Vec<StatIndicator>,
    /// `thai_gdc` fields: a string, or a list of strings for multi-valued fields.
    #[serde(default)]
    pub metadata: BTreeMap<String, serde_json::Value>,
}

/// One problem of a table, at a cell ("" for the mapping).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatProblem {
    pub cell: String,
    pub kind: String,
    pub message_th: String,
    pub message_en: String,
}

/// What loading a table would give; nothing is stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatPreview {
    pub observations: u64,
    /// The first observations read (at most 50), with their value cells.
    pub sample: Vec<StatObservation>,
    pub sample_cells: Vec<String>,
    pub problems: Vec<StatProblem>,
    pub footnotes: Vec<String>,
}

/// What a load published.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatLoaded {
    pub release: u32,
    pub added: i64,
    pub revised: i64,
    pub deleted: i64,
}

/// Publish or withdraw a dataset at a version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatPublication {
    pub version: i64,
    pub published: bool,
}

/// A dataset's disclosure control, flat (the page's form has the same fields).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatDisclosure {
    /// "off", "suppression" or "rounding".
    pub method: String,
    /// The indicator whose observations are counts of contributors (suppression, rounding).
    #[serde(default)]
    pub count_indicator: Option<String>,
    /// The indicator of the cells' magnitudes, suppressed with the counts (suppression).
    #[serde(default)]
    pub value_indicator: Option<String>,
    /// Indicators holding each cell's largest, second largest, … contribution; never
    /// published (needed by the dominance and p % rules).
    #[serde(default)]
    pub contribution_indicators: Vec<String>,
    /// Minimum frequency n: a cell with 0 < count < n contributors is unsafe.
    #[serde(default)]
    pub min_frequency: Option<u64>,
    /// (n,k) dominance: unsafe when the n largest contributions exceed k % of the cell.
    #[serde(default)]
    pub dominance_n: Option<usize>,
    #[serde(default)]
    pub dominance_k: Option<f64>,
    /// p %: unsafe when X − x₁ − x₂ < p/100 · x₁.
    #[serde(default)]
    pub p_percent: Option<f64>,
    /// For cells unsafe by minimum frequency, the protection level in percent of the cell.
    #[serde(default)]
    pub protection_level: Option<f64>,
    /// The rounding base (rounding).
    #[serde(default)]
    pub base: Option<u32>,
}

/// Set a dataset's disclosure control at a version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatDisclosureChange {
    pub version: i64,
    pub disclosure: StatDisclosure,
}

/// What the setting does to the latest release.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatProtection {
    /// Tables protected (one per period).
    pub tables: u64,
    /// Observations without a value because a primary rule flags them.
    pub primary: u64,
    /// Observations without a value to protect the primary ones.
    pub secondary: u64,
    /// Observations published rounded.
    pub rounded: u64,
}

/// A dataset's disclosure control and its effect (its statisticians and admins only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatDisclosureState {
    pub dataset: String,
    pub version: i64,
    pub disclosure: StatDisclosure,
    /// The latest release as protected; none when off or before the first release.
    pub latest: Option<StatProtection>,
    /// Why the latest release cannot be published under the setting.
    pub refusal_th: Option<String>,
    pub refusal_en: Option<String>,
    /// Earlier releases the setting cannot protect: the public reads them with every
    /// protected value withheld.
    pub withheld_releases: Vec<u32>,
}
