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
