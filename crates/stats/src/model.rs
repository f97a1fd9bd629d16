//! The statistical model: datasets (catalog entries), indicators, the data
//! structure of a dataset, series keys and observations with status flags.
//!
//! Every dataset has the same shape of structure, an SDMX data structure
//! definition with `FREQ` first (derived from each observation's period, never
//! stored), then the dimensions the dataset chose among indicator, area, sex
//! and age group (indicator always, first), then `TIME_PERIOD`; one measure,
//! `OBS_VALUE`; the observation attribute `OBS_STATUS`; and the series
//! attributes `UNIT_MEASURE` and `UNIT_MULT` taken from the indicator.
//! One shape means one query path, one loader and one set of writers, and it
//! covers the tables agencies publish (an indicator by area, sex or age, over time).

use std::collections::BTreeMap;

use crate::codelist::{self, Code, Codelist};
use crate::gdc::{FieldError as DefinitionError, GdcMetadata};
use crate::period::Period;

/// The status of an observation (SDMX `OBS_STATUS`, codes from CL_OBS_STATUS
/// where it has them; `C`, confidential, is the hub's own code there).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObsStatus {
    #[default]
    Normal,
    Provisional,
    Estimated,
    /// Withheld to protect respondents; the value is never published.
    Confidential,
    /// No value exists or was collected.
    NotAvailable,
}

impl ObsStatus {
    pub const ALL: [ObsStatus; 5] = [
        ObsStatus::Normal,
        ObsStatus::Provisional,
        ObsStatus::Estimated,
        ObsStatus::Confidential,
        ObsStatus::NotAvailable,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ObsStatus::Normal => "A",
            ObsStatus::Provisional => "P",
            ObsStatus::Estimated => "E",
            ObsStatus::Confidential => "C",
            ObsStatus::NotAvailable => "O",
        }
    }

    pub fn from_code(code: &str) -> Option<ObsStatus> {
        ObsStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name_th(self) -> &'static str {
        match self {
            ObsStatus::Normal => "ปกติ",
            ObsStatus::Provisional => "ตัวเลขเบื้องต้น",
            ObsStatus::Estimated => "ค่าประมาณ",
            ObsStatus::Confidential => "ปกปิดข้อมูล",
            ObsStatus::NotAvailable => "ไม่มีข้อมูล",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            ObsStatus::Normal => "Normal",
            ObsStatus::Provisional => "Provisional",
            ObsStatus::Estimated => "Estimated",
            ObsStatus::Confidential => "Confidential",
            ObsStatus::NotAvailable => "Not available",
        }
    }

    /// Whether an observation with this status carries no value.
    pub fn has_no_value(self) -> bool {
        matches!(self, ObsStatus::Confidential | ObsStatus::NotAvailable)
    }

    pub fn codelist() -> Codelist {
        let codes = ObsStatus::ALL.iter().map(|s| Code::new(s.code(), s.name_th(), s.name_en())).collect();
        Codelist::new(codelist::OBS_STATUS, "สถานะค่าสังเกต", "Observation status", codes)
    }
}

/// An indicator (an SDMX concept measured): "อัตราการว่างงาน", percent, units.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Indicator {
    /// The code in the dataset's indicator list, e.g. "UNEMP_RATE".
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    /// The unit in Thai and English: "ร้อยละ"/"percent", "คน"/"persons", "บาท"/"baht".
    pub unit_th: String,
    pub unit_en: String,
    /// The power of ten values are expressed in (3: thousands), as `UNIT_MULT`.
    #[serde(default)]
    pub unit_mult: u8,
}

/// A dimension a dataset may use besides the implicit `FREQ`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DimensionId {
    Indicator,
    Area,
    Sex,
    Age,
}

impl DimensionId {
    pub const ALL: [DimensionId; 4] = [DimensionId::Indicator, DimensionId::Area, DimensionId::Sex, DimensionId::Age];

    /// The SDMX dimension (and concept) id.
    pub fn id(self) -> &'static str {
        match self {
            DimensionId::Indicator => "INDICATOR",
            DimensionId::Area => "AREA",
            DimensionId::Sex => "SEX",
            DimensionId::Age => "AGE",
        }
    }

    pub fn parse(id: &str) -> Option<DimensionId> {
        DimensionId::ALL.into_iter().find(|d| d.id().eq_ignore_ascii_case(id))
    }

    pub fn name_th(self) -> &'static str {
        match self {
            DimensionId::Indicator => "ตัวชี้วัด",
            DimensionId::Area => "พื้นที่",
            DimensionId::Sex => "เพศ",
            DimensionId::Age => "กลุ่มอายุ",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            DimensionId::Indicator => "Indicator",
            DimensionId::Area => "Area",
            DimensionId::Sex => "Sex",
            DimensionId::Age => "Age group",
        }
    }
}

/// A dataset: a catalog entry (GD Catalog metadata) with its data structure.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Dataset {
    /// The SDMX id of its dataflow ("NSO_LFS_PROV"); see [`valid_id`].
    pub id: String,
    pub title_th: String,
    pub title_en: String,
    #[serde(default)]
    pub description_th: String,
    /// The statistical sector code ("S02").
    pub sector: String,
    /// The dimensions after `FREQ`, [`DimensionId::Indicator`] first.
    pub dimensions: Vec<DimensionId>,
    pub indicators: Vec<Indicator>,
    /// The `thai_gdc` fields.
    #[serde(default)]
    pub metadata: GdcMetadata,
    /// Disclosure control applied before publishing (off for datasets stored before it existed).
    #[serde(default)]
    pub disclosure: crate::disclosure::Disclosure,
}

/// Whether `id` is a dataflow id: a letter, then letters, digits and `_`, at most 50
/// (valid for SDMX and, lower-cased with `-`, as a CKAN package name).
pub fn valid_id(id: &str) -> bool {
    id.len() <= 50
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

impl Dataset {
    /// The CKAN package name: the id in lower case with `-` for `_`.
    pub fn ckan_name(&self) -> String {
        self.id.to_ascii_lowercase().replace('_', "-")
    }

    /// The dataset id a CKAN package name stands for.
    pub fn id_from_ckan_name(name: &str) -> String {
        name.to_ascii_uppercase().replace('-', "_")
    }

    /// Problems with the dataset's disclosure control setting.
    pub fn disclosure_errors(&self) -> Vec<crate::disclosure::SettingError> {
        let codes: Vec<&str> = self.indicators.iter().map(|i| i.code.as_str()).collect();
        self.disclosure.validate(&codes)
    }

    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }

    /// Every problem with the definition at once (metadata problems included),
    /// the sector checked against the default sectors.
    pub fn validate(&self) -> Vec<DefinitionError> {
        self.validate_in(&codelist::sectors())
    }

    /// [`Dataset::validate`] with the sectors as the hub keeps them (editable in its database).
    pub fn validate_in(&self, sectors: &codelist::Codelist) -> Vec<DefinitionError> {
        let mut errors = Vec::new();
        if !valid_id(&self.id) {
            errors.push(DefinitionError::new(
                "id",
                format!("รหัสชุดข้อมูล \"{}\" ต้องขึ้นต้นด้วยอักษรละติน ตามด้วยอักษร ตัวเลข หรือ _ ไม่เกิน 50 ตัว", self.id),
                format!("dataset id \"{}\" must be a Latin letter then letters, digits or _, at most 50", self.id),
            ));
        }
        if self.title_th.trim().is_empty() {
            errors.push(DefinitionError::new("title_th", "ต้องมีชื่อชุดข้อมูล".into(), "a title is required".into()));
        }
        if sectors.get(&self.sector).is_none() {
            errors.push(DefinitionError::new(
                "sector",
                format!("ไม่รู้จักสาขาสถิติ \"{}\"", self.sector),
                format!("unknown statistical sector \"{}\"", self.sector),
            ));
        }
        if self.dimensions.first() != Some(&DimensionId::Indicator) {
            errors.push(DefinitionError::new(
                "dimensions",
                "มิติแรกต้องเป็นตัวชี้วัด (INDICATOR)".into(),
                "the first dimension must be INDICATOR".into(),
            ));
        }
        for (i, d) in self.dimensions.iter().enumerate() {
            if self.dimensions[..i].contains(d) {
                errors.push(DefinitionError::new(
                    "dimensions",
                    format!("มิติ {} ซ้ำ", d.id()),
                    format!("dimension {} is listed twice", d.id()),
                ));
            }
        }
        if self.indicators.is_empty() {
            errors.push(DefinitionError::new(
                "indicators",
                "ต้องมีตัวชี้วัดอย่างน้อยหนึ่งตัว".into(),
                "at least one indicator is required".into(),
            ));
        }
        for (i, ind) in self.indicators.iter().enumerate() {
            let field = format!("indicators[{i}]");
            if !valid_id(&ind.code) {
                errors.push(DefinitionError::new(
                    &field,
                    format!("รหัสตัวชี้วัด \"{}\" ไม่ถูกต้อง", ind.code),
                    format!("indicator code \"{}\" is not a valid id", ind.code),
                ));
            }
            if self.indicators[..i].iter().any(|o| o.code == ind.code) {
                errors.push(DefinitionError::new(
                    &field,
                    format!("รหัสตัวชี้วัด \"{}\" ซ้ำ", ind.code),
                    format!("indicator code \"{}\" is listed twice", ind.code),
                ));
            }
            if usize::from(ind.unit_mult) >= codelist::UNIT_MULTIPLIERS.len() {
                errors.push(DefinitionError::new(
                    &field,
                    format!("หน่วยตัวคูณ 10^{} เกินล้านล้าน", ind.unit_mult),
                    format!("unit multiplier 10^{} is beyond trillions", ind.unit_mult),
                ));
            }
        }
        errors.extend(self.metadata.validate());
        errors
    }

    /// The dataset's data structure, with its code lists.
    pub fn structure(&self) -> DataStructure {
        let dimensions = self
            .dimensions
            .iter()
            .map(|&id| {
                let codelist = match id {
                    DimensionId::Indicator => self.indicator_codelist(),
                    DimensionId::Area => codelist::area(),
                    DimensionId::Sex => codelist::sex(),
                    DimensionId::Age => codelist::age(),
                };
                Dimension { id, codelist }
            })
            .collect();
        DataStructure { id: format!("DSD_{}", self.id), dimensions }
    }

    /// The code list of this dataset's indicators, "CL_IND_<dataset id>".
    pub fn indicator_codelist(&self) -> Codelist {
        let codes = self.indicators.iter().map(|i| Code::new(&i.code, &i.name_th, &i.name_en)).collect();
        Codelist::new(
            &format!("CL_IND_{}", self.id),
            &format!("ตัวชี้วัด {}", self.title_th),
            &format!("Indicators of {}", self.id),
            codes,
        )
    }
}

/// A dimension with its code list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dimension {
    pub id: DimensionId,
    pub codelist: Codelist,
}

/// A dataset's structure: the dimensions after `FREQ`, in key order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataStructure {
    pub id: String,
    pub dimensions: Vec<Dimension>,
}

impl DataStructure {
    pub fn position(&self, id: DimensionId) -> Option<usize> {
        self.dimensions.iter().position(|d| d.id == id)
    }
}

/// A series key: one code per dimension of the structure, in its order (no `FREQ`).
pub type SeriesKey = Vec<String>;

/// One observation: a series, a period, a value (none when the status says so).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Observation {
    pub series: SeriesKey,
    pub period: Period,
    pub value: Option<f64>,
    #[serde(default)]
    pub status: ObsStatus,
}

impl Observation {
    pub fn key(&self) -> ObsKey {
        ObsKey { series: self.series.clone(), period: self.period }
    }

    /// The full SDMX key with `FREQ` first: "A.UNEMP.TH-10".
    pub fn sdmx_key(&self) -> String {
        let mut key = self.period.frequency().code().to_owned();
        for code in &self.series {
            key.push('.');
            key.push_str(code);
        }
        key
    }

    /// Whether two observations publish the same thing (value compared bit for
    /// bit: a revision from 1.0 to 1.00 is no revision, 0.1+0.2 vs 0.3 is one).
    pub fn same_content(&self, other: &Observation) -> bool {
        self.status == other.status && self.value.map(f64::to_bits) == other.value.map(f64::to_bits)
    }
}

/// What identifies an observation within a dataset.
///
/// Keys order by the series key as the store writes it (codes joined by `.`,
/// compared byte by byte), then by period: the order of the store's primary
/// key, so a release read from the store a page at a time comes out in the
/// order of an [`ObsMap`] (`"TH-10"` sorts before `"TH"` followed by more
/// codes, since `-` is below `.`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ObsKey {
    pub series: SeriesKey,
    pub period: Period,
}

/// The bytes of a series key as stored: the codes joined by `.`, without building the string.
fn stored_bytes(series: &[String]) -> impl Iterator<Item = u8> + '_ {
    series.iter().enumerate().flat_map(|(i, code)| (i > 0).then_some(b'.').into_iter().chain(code.bytes()))
}

/// Compares two series keys as the store orders them (see [`ObsKey`]); keys
/// whose joined text is equal (a code containing `.`) fall back to code order.
pub fn cmp_series(a: &[String], b: &[String]) -> std::cmp::Ordering {
    stored_bytes(a).cmp(stored_bytes(b)).then_with(|| a.cmp(b))
}

impl Ord for ObsKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        cmp_series(&self.series, &other.series).then_with(|| self.period.cmp(&other.period))
    }
}

impl PartialOrd for ObsKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Observations by key: the content of one release as read.
pub type ObsMap = BTreeMap<ObsKey, Observation>;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn sample_dataset() -> Dataset {
        Dataset {
            id: "LFS_PROV".into(),
            title_th: "อัตราการว่างงานรายจังหวัด".into(),
            title_en: "Unemployment rate by province".into(),
            description_th: String::new(),
            sector: "S02".into(),
            dimensions: vec![DimensionId::Indicator, DimensionId::Area],
            indicators: vec![
                Indicator {
                    code: "UNEMP_RATE".into(),
                    name_th: "อัตราการว่างงาน".into(),
                    name_en: "Unemployment rate".into(),
                    unit_th: "ร้อยละ".into(),
                    unit_en: "percent".into(),
                    unit_mult: 0,
                },
                Indicator {
                    code: "LABOUR_FORCE".into(),
                    name_th: "กำลังแรงงาน".into(),
                    name_en: "Labour force".into(),
                    unit_th: "คน".into(),
                    unit_en: "persons".into(),
                    unit_mult: 3,
                },
            ],
            metadata: GdcMetadata::default(),
            disclosure: Default::default(),
        }
    }

    #[test]
    fn definition_problems_are_all_listed() {
        let mut d = sample_dataset();
        assert!(d.validate().is_empty(), "{:?}", d.validate());
        d.id = "1bad id".into();
        d.sector = "S99".into();
        d.dimensions = vec![DimensionId::Area, DimensionId::Area];
        d.indicators[1].code = "UNEMP_RATE".into();
        let fields: Vec<String> = d.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["id", "sector", "dimensions", "dimensions", "indicators[1]"]);
    }

    #[test]
    fn keys_and_names() {
        let d = sample_dataset();
        assert_eq!(d.ckan_name(), "lfs-prov");
        assert_eq!(Dataset::id_from_ckan_name("lfs-prov"), "LFS_PROV");
        let obs = Observation {
            series: vec!["UNEMP_RATE".into(), "TH-10".into()],
            period: Period::Year(2024),
            value: Some(1.5),
            status: ObsStatus::Normal,
        };
        assert_eq!(obs.sdmx_key(), "A.UNEMP_RATE.TH-10");
        assert_eq!(d.structure().position(DimensionId::Area), Some(1));
    }
}
