//! SDMX: data queries (keys, periods, first/last N) and the writers of the
//! formats real clients read.
//!
//! - [`ml`]: SDMX-ML 2.1 Structure, GenericData and StructureSpecificData (what
//!   every SDMX 2.1 client, `sdmx1` included, parses);
//! - [`json`]: SDMX-JSON 1.0 data and structure;
//! - [`csv`]: SDMX-CSV 1.0 and 2.0.
//!
//! Every artefact is maintained by [`AGENCY`] at version [`VERSION`]; a
//! dataset's dataflow has the dataset's id, its structure `DSD_<id>`, its
//! indicator list `CL_IND_<id>`, and all share the concept scheme [`CONCEPTS`].
//! Writers take observations sorted by series, then period (the order of an
//! [`crate::model::ObsMap`]), and write to any `io::Write`, so a whole dataset
//! streams out without being built in memory.

pub mod csv;
pub mod json;
pub mod ml;

use jiff::Timestamp;
use jiff::civil::Date;

pub use crate::codelist::AGENCY;
use crate::model::{DataStructure, Dataset, DimensionId, Observation};
use crate::period::parse_bound;

/// The version of every artefact.
pub const VERSION: &str = "1.0";
/// The hub's concept scheme.
pub const CONCEPTS: &str = "CS_HUB";

/// One observation to write, and whether it was withdrawn (an `updatedAfter`
/// answer lists deletions; they are written as a `Delete` data set or action).
#[derive(Clone, Copy, Debug)]
pub struct Item<'a> {
    pub observation: &'a Observation,
    pub deleted: bool,
}

/// What a data message is about.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub dataset: &'a Dataset,
    pub structure: &'a DataStructure,
    /// The message id (any token unique enough for logs).
    pub message_id: &'a str,
    pub prepared: Timestamp,
    /// `detail=serieskeysonly|nodata`: the series (keys and attributes) without observations.
    pub series_only: bool,
    /// `dimensionAtObservation`: how observations are grouped into series.
    pub obs_dim: ObsDim,
}

/// The dimension at the observation level (`dimensionAtObservation`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ObsDim {
    /// Time series: series keyed by every dimension but TIME_PERIOD (the default).
    #[default]
    Time,
    /// A flat list: every observation carries its whole key (`AllDimensions`).
    All,
    /// Cross-sections: series keyed by the other dimensions and TIME_PERIOD,
    /// observations by this one — its position in the key (0 is FREQ).
    Dimension(usize),
}

impl ObsDim {
    /// Reads `dimensionAtObservation` against a structure: `TIME_PERIOD`,
    /// `AllDimensions` or the id of one of its dimensions (FREQ included).
    pub fn parse(text: &str, structure: &DataStructure) -> Result<ObsDim, QueryError> {
        if text == "TIME_PERIOD" {
            return Ok(ObsDim::Time);
        }
        if text == "AllDimensions" {
            return Ok(ObsDim::All);
        }
        if text == "FREQ" {
            return Ok(ObsDim::Dimension(0));
        }
        match structure.dimensions.iter().position(|d| d.id.id() == text) {
            Some(i) => Ok(ObsDim::Dimension(i + 1)),
            None => {
                let known: Vec<&str> = std::iter::once("FREQ")
                    .chain(structure.dimensions.iter().map(|d| d.id.id()))
                    .chain(["TIME_PERIOD", "AllDimensions"])
                    .collect();
                Err(QueryError::new(
                    format!("โครงสร้าง {} ไม่มีมิติ \"{text}\" (ใช้ได้: {})", structure.id, known.join(", ")),
                    format!(
                        "the structure {} has no dimension \"{text}\" (use one of {})",
                        structure.id,
                        known.join(", ")
                    ),
                ))
            }
        }
    }

    /// The value of `dimensionAtObservation` in a message header.
    pub fn id(self, c: &Context) -> &'static str {
        match self {
            ObsDim::Time => "TIME_PERIOD",
            ObsDim::All => "AllDimensions",
            ObsDim::Dimension(i) => c.dimension_ids()[i],
        }
    }

    /// Whether position `i` of a full key (FREQ, the structure's dimensions,
    /// TIME_PERIOD last, `n` positions in all) is at the observation level.
    fn at_obs(self, i: usize, n: usize) -> bool {
        match self {
            ObsDim::Time => i + 1 == n,
            ObsDim::All => true,
            ObsDim::Dimension(d) => i == d,
        }
    }
}

/// What a data set of a message does (`DataSet@action`, SDMX-JSON
/// `dataSets[].action`, SDMX-CSV 2.0 `ACTION`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Information,
    Replace,
    Delete,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Action::Information => "Information",
            Action::Replace => "Replace",
            Action::Delete => "Delete",
        }
    }

    /// The SDMX-CSV 2.0 code.
    pub fn csv_code(self) -> &'static str {
        match self {
            Action::Information => "I",
            Action::Replace => "R",
            Action::Delete => "D",
        }
    }
}

/// One data set of a message: its action and, in a history
/// (`includeHistory=true`), the dissemination's validity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataSetInfo {
    pub action: Action,
    pub valid_from: Option<Timestamp>,
    pub valid_to: Option<Timestamp>,
}

impl DataSetInfo {
    pub fn plain(action: Action) -> DataSetInfo {
        DataSetInfo { action, valid_from: None, valid_to: None }
    }
}

/// One data set and its observations.
#[derive(Clone, Debug)]
pub struct DataSetPart<'a> {
    pub info: DataSetInfo,
    pub items: Vec<Item<'a>>,
}

/// The data sets of an answer that is not a history: current observations
/// ("Information"), then deletions ("Delete"; `updatedAfter`); an empty
/// answer is one empty "Information" data set.
pub fn plain_parts<'a>(items: &[Item<'a>]) -> Vec<DataSetPart<'a>> {
    let current: Vec<Item> = items.iter().filter(|i| !i.deleted).copied().collect();
    let deleted: Vec<Item> = items.iter().filter(|i| i.deleted).copied().collect();
    let mut out = Vec::new();
    if !current.is_empty() || deleted.is_empty() {
        out.push(DataSetPart { info: DataSetInfo::plain(Action::Information), items: current });
    }
    if !deleted.is_empty() {
        out.push(DataSetPart { info: DataSetInfo::plain(Action::Delete), items: deleted });
    }
    out
}

/// An observation's full key: FREQ, the structure's dimensions, TIME_PERIOD.
fn full_key(o: &Observation) -> Vec<String> {
    std::iter::once(o.period.frequency().code().to_owned())
        .chain(o.series.iter().cloned())
        .chain(std::iter::once(o.period.to_string()))
        .collect()
}

/// Items regrouped as series of a cross-section (`ObsDim::Dimension(d)`):
/// keyed by every position but `d` (the period compared in time order, not
/// as text), series in key order, observations in the order given.
pub fn cross_sections<'a>(items: &[Item<'a>], d: usize) -> Vec<Vec<Item<'a>>> {
    let mut groups: std::collections::BTreeMap<(Vec<String>, crate::period::Period), Vec<Item<'a>>> =
        std::collections::BTreeMap::new();
    for item in items {
        let o = item.observation;
        let mut key = full_key(o);
        key.pop();
        key.remove(d);
        groups.entry((key, o.period)).or_default().push(*item);
    }
    groups.into_values().collect()
}

impl Context<'_> {
    /// The series attribute values of an observation's series: unit and multiplier of its indicator.
    fn unit(&self, observation: &Observation) -> (String, String) {
        let code = observation.series.first().map(String::as_str).unwrap_or("");
        self.dataset
            .indicator(code)
            .map_or((String::new(), "0".into()), |i| (i.unit_en.clone(), i.unit_mult.to_string()))
    }

    /// The dimension ids in key order: FREQ, then the structure's.
    fn dimension_ids(&self) -> Vec<&'static str> {
        std::iter::once("FREQ").chain(self.structure.dimensions.iter().map(|d| d.id.id())).collect()
    }

    /// The ids of every position of a full key: FREQ, the structure's dimensions, TIME_PERIOD.
    fn key_ids(&self) -> Vec<&'static str> {
        let mut ids = self.dimension_ids();
        ids.push("TIME_PERIOD");
        ids
    }

    /// The URN-style reference "TH_NSO:ID(1.0)" SDMX-CSV names a dataflow with.
    fn flow_ref(&self) -> String {
        format!("{AGENCY}:{}({VERSION})", self.dataset.id)
    }
}

/// Concept names, Thai and English, of every component of the hub's structures.
pub fn concepts() -> Vec<(&'static str, &'static str, &'static str)> {
    let mut out = vec![("FREQ", "ความถี่", "Frequency")];
    out.extend(DimensionId::ALL.iter().map(|d| (d.id(), d.name_th(), d.name_en())));
    out.extend([
        ("TIME_PERIOD", "ช่วงเวลา", "Time period"),
        ("OBS_VALUE", "ค่าสังเกต", "Observation value"),
        ("OBS_STATUS", "สถานะค่าสังเกต", "Observation status"),
        ("UNIT_MEASURE", "หน่วยวัด", "Unit of measure"),
        ("UNIT_MULT", "หน่วยตัวคูณ", "Unit multiplier"),
    ]);
    out
}

/// Why a data query is refused: the spec's 400 (syntax) or 404 (nothing matches).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    pub message_th: String,
    pub message_en: String,
}

impl QueryError {
    fn new(message_th: String, message_en: String) -> QueryError {
        QueryError { message_th, message_en }
    }
}

/// A data query: a key with alternatives per dimension, a period range,
/// `firstNObservations`/`lastNObservations`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DataQuery {
    /// One entry per dimension, FREQ first; `None` is a wildcard.
    pub key: Vec<Option<Vec<String>>>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub first_n: Option<usize>,
    pub last_n: Option<usize>,
}

impl DataQuery {
    /// Reads the key of a data query ("A.M01+M02.TH-10", "all", "" or ".."
    /// positions as wildcards) against a structure.
    pub fn parse_key(key: &str, structure: &DataStructure) -> Result<Vec<Option<Vec<String>>>, QueryError> {
        let positions = structure.dimensions.len() + 1;
        let key = key.trim();
        if key.is_empty() || key.eq_ignore_ascii_case("all") {
            return Ok(vec![None; positions]);
        }
        let parts: Vec<&str> = key.split('.').collect();
        if parts.len() != positions {
            return Err(QueryError::new(
                format!("คีย์ \"{key}\" มี {} ตำแหน่ง แต่โครงสร้างมี {positions} มิติ", parts.len()),
                format!("key \"{key}\" has {} positions but the structure has {positions} dimensions", parts.len()),
            ));
        }
        Ok(parts
            .into_iter()
            .map(|p| if p.is_empty() { None } else { Some(p.split('+').map(str::to_owned).collect()) })
            .collect())
    }

    /// Reads `startPeriod`/`endPeriod` (any ISO date or SDMX period).
    pub fn parse_period_bound(text: &str, end: bool) -> Result<Date, QueryError> {
        parse_bound(text, end).ok_or_else(|| {
            QueryError::new(
                format!("อ่านช่วงเวลา \"{text}\" ไม่ได้ (ใช้รูปแบบ 2024, 2024-Q1, 2024-01 หรือ 2024-01-31)"),
                format!("\"{text}\" is not a period (use 2024, 2024-Q1, 2024-01 or 2024-01-31)"),
            )
        })
    }

    /// Whether an observation is in the query's key and period range. A period
    /// is in the range when it starts on or after the start and ends on or before the end.
    pub fn matches(&self, o: &Observation) -> bool {
        let freq = o.period.frequency().code();
        let codes = std::iter::once(freq).chain(o.series.iter().map(String::as_str));
        let key_ok = self.key.is_empty()
            || self.key.iter().zip(codes).all(|(want, have)| want.as_ref().is_none_or(|w| w.iter().any(|c| c == have)));
        key_ok && self.start.is_none_or(|s| o.period.start() >= s) && self.end.is_none_or(|e| o.period.end() <= e)
    }

    /// The matching observations of `all` (sorted by series, then period),
    /// keeping the first/last N of each series when asked.
    pub fn select<'a>(&self, all: impl IntoIterator<Item = &'a Observation>) -> Vec<&'a Observation> {
        let matched: Vec<&Observation> = all.into_iter().filter(|o| self.matches(o)).collect();
        if self.first_n.is_none() && self.last_n.is_none() {
            return matched;
        }
        let mut out = Vec::new();
        for series in matched.chunk_by(|a, b| a.series == b.series && a.period.frequency() == b.period.frequency()) {
            let n = series.len();
            let first = self.first_n.unwrap_or(0).min(n);
            let last = self.last_n.unwrap_or(0).min(n);
            for (i, o) in series.iter().enumerate() {
                if i < first || i >= n - last {
                    out.push(*o);
                }
            }
        }
        out
    }
}

/// A value as SDMX writes it: shortest round-trip form, "NaN" for none.
fn value_text(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => {
            let text = v.to_string();
            text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
        }
        _ => "NaN".into(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::ObsStatus;
    use crate::model::tests::sample_dataset;
    use crate::period::Period;

    pub(crate) fn observations() -> Vec<Observation> {
        let mut out = Vec::new();
        for (ind, area, values) in [
            ("LABOUR_FORCE", "TH-10", [5100.0, 5150.5, 5200.0]),
            ("UNEMP_RATE", "TH-10", [1.2, 1.1, 0.9]),
            ("UNEMP_RATE", "TH-62", [0.8, 0.7, 0.75]),
        ] {
            for (i, v) in values.into_iter().enumerate() {
                out.push(Observation {
                    series: vec![ind.into(), area.into()],
                    period: Period::Year(2021 + i as i16),
                    value: Some(v),
                    status: if i == 2 { ObsStatus::Provisional } else { ObsStatus::Normal },
                });
            }
        }
        out
    }

    #[test]
    fn keys_select_series_and_periods() {
        let d = sample_dataset();
        let s = d.structure();
        let obs = observations();
        let mut q = DataQuery {
            key: DataQuery::parse_key("A.UNEMP_RATE.TH-10+TH-62", &s).expect("key"),
            ..DataQuery::default()
        };
        assert_eq!(q.select(&obs).len(), 6);
        q.start = Some(DataQuery::parse_period_bound("2022", false).expect("start"));
        q.end = Some(DataQuery::parse_period_bound("2022-12", true).expect("end"));
        let got: Vec<String> = q.select(&obs).iter().map(|o| format!("{}@{}", o.sdmx_key(), o.period)).collect();
        assert_eq!(got, ["A.UNEMP_RATE.TH-10@2022", "A.UNEMP_RATE.TH-62@2022"]);
        let q = DataQuery {
            key: DataQuery::parse_key("..TH-10", &s).expect("key"),
            last_n: Some(1),
            ..DataQuery::default()
        };
        let got: Vec<String> = q.select(&obs).iter().map(|o| format!("{}@{}", o.sdmx_key(), o.period)).collect();
        assert_eq!(got, ["A.LABOUR_FORCE.TH-10@2023", "A.UNEMP_RATE.TH-10@2023"]);
        assert!(DataQuery::parse_key("A.X", &s).is_err());
        assert!(DataQuery::parse_period_bound("last year", false).is_err());
        let q = DataQuery { key: DataQuery::parse_key("Q..", &s).expect("key"), ..DataQuery::default() };
        assert!(q.select(&obs).is_empty());
    }

    #[test]
    fn values_print_shortest() {
        assert_eq!(value_text(Some(5100.0)), "5100");
        assert_eq!(value_text(Some(0.1)), "0.1");
        assert_eq!(value_text(None), "NaN");
    }
}
