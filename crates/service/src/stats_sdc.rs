//! Disclosure control of the hub's datasets: the one place where what the
//! public reads is made safe.
//!
//! [`Service::stat_history`] (pages, provinces) and
//! [`Service::read_stat_data`](crate::stats_read) (the JSON/CSV/XLSX downloads,
//! SDMX in every format, CKAN's resources, which are those URLs) are the use
//! cases every reader of observations goes through, and both apply
//! `readable_history`. For anyone but the dataset's own agency's
//! statisticians and the admins ([`may_see_unprotected`]), it answers the
//! *protected* history: every release's content passed through
//! [`protect_content`] (suppressed cells have no value and status
//! `Confidential`, contribution indicators are dropped, or counts are randomly
//! rounded), and the revisions recomputed between protected contents, so "as
//! published on", release comparisons and `updatedAfter` never show a value the
//! public may not see either.
//!
//! Protection is computed once per dataset, number of releases and setting and
//! kept in memory ([`ProtectionCache`]); releases are append-only, so that key
//! says exactly which contents were protected, and a new release or a changed
//! setting changes the key. It is not stored: it is a function of what is stored
//! (the rounding seed included), any instance computes the same, and a stored
//! pattern would have to be migrated whenever the method improves.
//!
//! Publishing refuses a content that cannot be protected (the audit leaves a
//! primary cell unprotected, totals do not add up, a negative contribution under
//! a dominance rule): publishing a dataset, loading into a published one and
//! changing a published dataset's setting all check the latest release first.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use sha2::{Digest, Sha256};
use tidtam_domain::model::FieldError;
use tidtam_domain::policy::{Action, Actor, Resource, ResourceKind, can};
use tidtam_sdc::hierarchy::Hierarchy;
use tidtam_sdc::{Dimension, Dominance, Row, Rules, SdcError, Status, Table};
use tidtam_stats::disclosure::{Disclosure, Rounding, Suppression};
use tidtam_stats::model::{Dataset, DimensionId, ObsMap, ObsStatus, Observation};
use tidtam_stats::period::Period;
use tidtam_stats::release::{History, Revision, diff};
use tidtam_store::StatDatasetRow;

use crate::{Result, Service, ServiceError};

/// The total code of the sex and age code lists.
const TOTAL: &str = "_T";

/// What protecting one release did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ProtectionSummary {
    /// Tables protected (one per period).
    pub tables: usize,
    /// Observations published without a value because a primary rule flags them.
    pub primary: usize,
    /// Observations published without a value to protect the primary ones.
    pub secondary: usize,
    /// Observations published rounded.
    pub rounded: usize,
}

/// Why a release's content cannot be published under its setting.
#[derive(Clone, Debug, PartialEq)]
pub struct ProtectionError {
    /// The period whose table failed.
    pub period: Period,
    pub error: SdcError,
}

impl ProtectionError {
    /// The message in Thai and in English, naming the period and the cells.
    pub fn messages(&self) -> (String, String) {
        let (th, en) = match &self.error {
            SdcError::Unprotected(cells) => (
                format!(
                    "ปกปิดไม่พอ จึงไม่เผยแพร่: ช่องที่ต้องปกปิด {} ช่องยังคำนวณย้อนได้แคบกว่าระดับการป้องกัน: {}",
                    cells.len(),
                    cells.join("; ")
                ),
                format!(
                    "refusing to publish: {} primary cell(s) would not be protected by their protection level: {}",
                    cells.len(),
                    cells.join("; ")
                ),
            ),
            SdcError::NotAdditive(cells) => {
                let list: Vec<String> =
                    cells.iter().map(|c| format!("({}) {} ≠ {}", c.cell, fmt(c.given), fmt(c.sum))).collect();
                (
                    format!("ยอดรวมไม่เท่ากับผลบวกของส่วนย่อย {} ช่อง: {}", cells.len(), list.join("; ")),
                    format!("{} total cell(s) do not add up to their parts: {}", cells.len(), list.join("; ")),
                )
            }
            SdcError::UnknownCode { dimension, code, .. } => (
                format!("รหัส \"{code}\" ของมิติ {dimension} ไม่อยู่ในลำดับชั้นของยอดรวม"),
                format!("code \"{code}\" of {dimension} is not in the dimension's hierarchy of totals"),
            ),
            other => {
                let text = other.to_string();
                match text.split_once(" / ") {
                    Some((th, en)) => (th.to_owned(), en.to_owned()),
                    None => (text.clone(), text),
                }
            }
        };
        (
            format!("การปกปิดข้อมูล ช่วงเวลา {}: {th}", Period::label_th(self.period)),
            format!("disclosure control, period {}: {en}", self.period),
        )
    }

    pub fn field_error(&self) -> FieldError {
        let (th, en) = self.messages();
        FieldError::new("disclosure", &th, &en)
    }
}

fn fmt(x: f64) -> String {
    if x == x.trunc() { format!("{}", x as i64) } else { format!("{x}") }
}

/// A protected content and what protecting it did.
#[derive(Clone, Debug, PartialEq)]
pub struct Protection {
    pub content: ObsMap,
    pub summary: ProtectionSummary,
}

/// Whether the actor reads the dataset's values as loaded: its own agency's
/// statisticians (who load and publish it) and admins. Everyone else, planners
/// and executives included, reads what the public reads.
pub fn may_see_unprotected(actor: &Actor, row: &StatDatasetRow) -> bool {
    can(actor, Action::Import, &Resource::owned(ResourceKind::StatDataset, Some(row.agency_id), None, row.published))
}

/// The indicators a setting protects (counts and values) and withholds (contributions).
fn protected_indicators(disclosure: &Disclosure) -> Vec<&str> {
    match disclosure {
        Disclosure::Off => Vec::new(),
        Disclosure::Rounding(r) => vec![r.count_indicator.as_str()],
        Disclosure::Suppression(s) => {
            let mut v = vec![s.count_indicator.as_str()];
            v.extend(s.value_indicator.as_deref());
            v
        }
    }
}

/// One period's table: the observations of the setting's indicators by their key
/// without the indicator, and the dimensions (positions in the series key) it spans.
struct PeriodTable {
    table: Table,
    /// Positions in the series key of the table's dimensions.
    positions: Vec<usize>,
}

impl PeriodTable {
    fn cell(&self, series: &[String]) -> Option<usize> {
        let mut coords = Vec::with_capacity(self.positions.len());
        for (d, &p) in self.positions.iter().enumerate() {
            let code = if p == usize::MAX { "1" } else { series[p].as_str() };
            coords.push(self.table.dims()[d].hierarchy.get(code)?);
        }
        Some(self.table.index(&coords))
    }
}

/// The value of an observation as a count or measure: none for a cell without one.
fn number(o: &Observation) -> Option<f64> {
    if o.status.has_no_value() { None } else { o.value }
}

fn build_table(
    dataset: &Dataset,
    observations: &[&Observation],
    count: &str,
    value: Option<&str>,
    contributions: &[String],
) -> std::result::Result<PeriodTable, SdcError> {
    // A dimension with a single code in this period adds nothing to the table.
    let mut positions = Vec::new();
    let mut dims = Vec::new();
    for (p, dim) in dataset.dimensions.iter().enumerate().skip(1) {
        let mut codes: Vec<&str> = observations.iter().map(|o| o.series[p].as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        if codes.len() < 2 {
            continue;
        }
        let hierarchy = match dim {
            DimensionId::Area => Hierarchy::thai_areas(),
            _ => Hierarchy::flat(TOTAL, &codes.iter().filter(|c| **c != TOTAL).collect::<Vec<_>>())?,
        };
        positions.push(p);
        dims.push(Dimension { name: dim.id().to_owned(), hierarchy });
    }
    if dims.is_empty() {
        // One cell: the table is that cell over a total nobody publishes.
        positions.push(usize::MAX);
    }
    let key = |o: &Observation| -> Vec<String> {
        positions.iter().map(|&p| if p == usize::MAX { "1".to_owned() } else { o.series[p].clone() }).collect()
    };
    let mut rows: BTreeMap<Vec<String>, Row> = BTreeMap::new();
    let mut ranked: BTreeMap<Vec<String>, BTreeMap<usize, f64>> = BTreeMap::new();
    for o in observations {
        let k = key(o);
        let indicator = o.series[0].as_str();
        let row = rows.entry(k.clone()).or_insert_with(|| Row { codes: k.clone(), ..Row::default() });
        if indicator == count {
            row.count = number(o);
        } else if Some(indicator) == value {
            row.value = number(o);
        } else if let Some(rank) = contributions.iter().position(|c| c == indicator)
            && let Some(v) = number(o)
        {
            ranked.entry(k).or_default().insert(rank, v);
        }
    }
    for (k, row) in rows.iter_mut() {
        // A cell without any contribution observation has none to give: the dominance
        // rules then name it rather than treat it as safe.
        row.contributions = ranked.get(k).map(|r| r.values().copied().collect());
    }
    let dims = if positions == [usize::MAX] {
        vec![Dimension { name: "CELL".into(), hierarchy: Hierarchy::flat("*", &["1"])? }]
    } else {
        dims
    };
    let rows: Vec<Row> = rows.into_values().collect();
    let table = Table::from_rows(dims, &rows, true, value.is_some())?;
    Ok(PeriodTable { table, positions })
}

/// A seed that depends only on the dataset and the period's loaded counts: a table
/// that does not change keeps its rounding from release to release (no spurious
/// revisions), and one that changes is rounded afresh.
fn rounding_seed(dataset: &Dataset, period: Period, observations: &[&Observation]) -> u64 {
    let mut h = Sha256::new();
    h.update(dataset.id.as_bytes());
    h.update(period.to_string().as_bytes());
    for o in observations {
        h.update(o.series.join("\u{1f}").as_bytes());
        h.update(o.value.map(f64::to_bits).unwrap_or(u64::MAX).to_le_bytes());
    }
    u64::from_le_bytes(h.finalize()[..8].try_into().expect("8 bytes"))
}

/// The content as the public may read it under the dataset's setting.
pub fn protect_content(dataset: &Dataset, content: &ObsMap) -> std::result::Result<Protection, ProtectionError> {
    let disclosure = &dataset.disclosure;
    let mut summary = ProtectionSummary::default();
    if !disclosure.is_on() {
        return Ok(Protection { content: content.clone(), summary });
    }
    let shown = protected_indicators(disclosure);
    let withheld = disclosure.withheld_indicators();
    let mut by_period: BTreeMap<Period, Vec<&Observation>> = BTreeMap::new();
    for o in content.values() {
        let indicator = o.series[0].as_str();
        if shown.contains(&indicator) || withheld.iter().any(|w| w == indicator) {
            by_period.entry(o.period).or_default().push(o);
        }
    }
    let mut out: ObsMap = content
        .iter()
        .filter(|(_, o)| !withheld.iter().any(|w| *w == o.series[0]))
        .map(|(k, o)| (k.clone(), o.clone()))
        .collect();
    for (period, observations) in by_period {
        let fail = |error: SdcError| ProtectionError { period, error };
        summary.tables += 1;
        match disclosure {
            Disclosure::Off => unreachable!("handled above"),
            Disclosure::Suppression(s) => {
                let t = build_table(
                    dataset,
                    &observations,
                    &s.count_indicator,
                    s.value_indicator.as_deref(),
                    &s.contribution_indicators,
                )
                .map_err(fail)?;
                let protected = tidtam_sdc::protect(&t.table, &rules(s)).map_err(fail)?;
                for o in observations.iter().filter(|o| shown.contains(&o.series[0].as_str())) {
                    let cell = t.cell(&o.series).expect("every observation is a cell of its table");
                    let kind = &protected.status[cell];
                    if matches!(kind, Status::Published) {
                        continue;
                    }
                    if matches!(kind, Status::Primary(_)) {
                        summary.primary += 1;
                    } else {
                        summary.secondary += 1;
                    }
                    let hidden = out.get_mut(&o.key()).expect("kept");
                    hidden.value = None;
                    hidden.status = ObsStatus::Confidential;
                }
            }
            Disclosure::Rounding(Rounding { count_indicator, base }) => {
                let t = build_table(dataset, &observations, count_indicator, None, &[]).map_err(fail)?;
                let seed = rounding_seed(dataset, period, &observations);
                let rounded = tidtam_sdc::round::round(&t.table, f64::from(*base), seed);
                for o in &observations {
                    let Some(v) = out.get_mut(&o.key()).filter(|v| number(v).is_some()) else { continue };
                    let cell = t.cell(&o.series).expect("every observation is a cell of its table");
                    v.value = rounded.count(cell);
                    summary.rounded += 1;
                }
            }
        }
    }
    Ok(Protection { content: out, summary })
}

pub(crate) fn rules(s: &Suppression) -> Rules {
    Rules {
        min_frequency: s.min_frequency,
        dominance: s.dominance.map(|(n, k)| Dominance { n, k }),
        p_percent: s.p_percent,
        protection_level: s.protection_level,
    }
}

/// What the public reads when a release cannot be protected (its setting was
/// changed after it was published): no value of the protected indicators at all.
fn withhold_all(dataset: &Dataset, content: &ObsMap) -> ObsMap {
    let shown = protected_indicators(&dataset.disclosure);
    let withheld = dataset.disclosure.withheld_indicators();
    content
        .iter()
        .filter(|(_, o)| !withheld.iter().any(|w| *w == o.series[0]))
        .map(|(k, o)| {
            let mut o = o.clone();
            if shown.contains(&o.series[0].as_str()) {
                o.value = None;
                o.status = ObsStatus::Confidential;
            }
            (k.clone(), o)
        })
        .collect()
}

/// Every release of a history as the public reads it, and each release's outcome.
pub fn protect_history(
    dataset: &Dataset,
    history: &History,
) -> (History, Vec<std::result::Result<ProtectionSummary, ProtectionError>>) {
    let mut out = History { releases: history.releases.clone(), revisions: Vec::new() };
    let mut outcomes = Vec::with_capacity(history.releases.len());
    let mut previous = ObsMap::new();
    for release in &history.releases {
        let content = history.at(release.number);
        let protected = match protect_content(dataset, &content) {
            Ok(p) => {
                outcomes.push(Ok(p.summary));
                p.content
            }
            Err(e) => {
                outcomes.push(Err(e));
                withhold_all(dataset, &content)
            }
        };
        out.revisions.extend(diff(&previous, &protected).into_iter().map(|c| Revision {
            release: release.number,
            deleted: c.new.is_none(),
            observation: c.observation().clone(),
        }));
        previous = protected;
    }
    (out, outcomes)
}

/// Protected histories kept per dataset (see the module's note).
#[derive(Debug, Default)]
pub(crate) struct ProtectionCache {
    entries: HashMap<i64, Arc<Kept>>,
}

#[derive(Debug)]
struct Kept {
    key: (usize, String),
    history: History,
    outcomes: Vec<std::result::Result<ProtectionSummary, ProtectionError>>,
}

/// The state of a dataset's disclosure control, for its statistician.
#[derive(Clone, Debug, PartialEq)]
pub struct DisclosureState {
    pub disclosure: Disclosure,
    /// The latest release's outcome (none before the first release or when off).
    pub latest: Option<std::result::Result<ProtectionSummary, ProtectionError>>,
    /// Earlier releases that cannot be protected under the current setting (the
    /// public reads them with every protected value withheld).
    pub withheld_releases: Vec<u32>,
}

impl Service {
    /// The protected history of `row` (computed at most once per release and setting).
    async fn protected(&self, row: &StatDatasetRow, history: History) -> Result<Arc<Kept>> {
        let key = (history.releases.len(), serde_json::to_string(&row.dataset.disclosure).expect("serialises"));
        if let Some(kept) = self.protections.lock().expect("not poisoned").entries.get(&row.id)
            && kept.key == key
        {
            return Ok(kept.clone());
        }
        let dataset = row.dataset.clone();
        // The LP audit is CPU work: keep it off the async workers.
        let (protected, outcomes) = tokio::task::spawn_blocking(move || protect_history(&dataset, &history))
            .await
            .map_err(|e| ServiceError::Internal(format!("disclosure control: {e}")))?;
        let kept = Arc::new(Kept { key, history: protected, outcomes });
        self.protections.lock().expect("not poisoned").entries.insert(row.id, kept.clone());
        Ok(kept)
    }

    /// Each release's outcome under the dataset's setting (computed at most once).
    pub(crate) async fn protection_outcomes(
        &self,
        row: &StatDatasetRow,
        history: History,
    ) -> Result<Vec<std::result::Result<ProtectionSummary, ProtectionError>>> {
        Ok(self.protected(row, history).await?.outcomes.clone())
    }

    /// The history the actor may read: as loaded for those who
    /// [`may_see_unprotected`], otherwise protected.
    pub(crate) async fn readable_history(
        &self,
        actor: &Actor,
        row: &StatDatasetRow,
        history: History,
    ) -> Result<History> {
        if !row.dataset.disclosure.is_on() || may_see_unprotected(actor, row) {
            return Ok(history);
        }
        Ok(self.protected(row, history).await?.history.clone())
    }

    /// A dataset with its history as the public reads it, whoever asks (its
    /// statistician's preview of the published tables).
    pub async fn stat_history_as_published(&self, actor: &Actor, code: &str) -> Result<(StatDatasetRow, History)> {
        let (row, history) = self.stat_history(actor, code).await?;
        if !row.dataset.disclosure.is_on() || !may_see_unprotected(actor, &row) {
            return Ok((row, history));
        }
        let kept = self.protected(&row, history).await?;
        Ok((row, kept.history.clone()))
    }
}

/// `Invalid` (field "disclosure", naming the period and cells) when `content`
/// cannot be published under the dataset's setting.
pub(crate) async fn check_protectable(dataset: &Dataset, content: ObsMap) -> Result<()> {
    if !dataset.disclosure.is_on() {
        return Ok(());
    }
    let dataset = dataset.clone();
    tokio::task::spawn_blocking(move || protect_content(&dataset, &content).map(|_| ()))
        .await
        .map_err(|e| ServiceError::Internal(format!("disclosure control: {e}")))?
        .map_err(|e| ServiceError::Invalid(vec![e.field_error()]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tidtam_stats::disclosure::Suppression;
    use tidtam_stats::model::Indicator;

    fn indicator(code: &str) -> Indicator {
        Indicator {
            code: code.into(),
            name_th: code.into(),
            name_en: code.into(),
            unit_th: "ราย".into(),
            unit_en: "units".into(),
            unit_mult: 0,
        }
    }

    fn dataset(disclosure: Disclosure) -> Dataset {
        Dataset {
            id: "T".into(),
            title_th: "ทดสอบ".into(),
            title_en: "Test".into(),
            description_th: String::new(),
            sector: "S01".into(),
            dimensions: vec![DimensionId::Indicator, DimensionId::Area, DimensionId::Sex],
            indicators: vec![indicator("N"), indicator("RATE")],
            metadata: Default::default(),
            disclosure,
        }
    }

    fn obs(ind: &str, area: &str, sex: &str, year: i16, v: f64) -> Observation {
        Observation {
            series: vec![ind.into(), area.into(), sex.into()],
            period: Period::Year(year),
            value: Some(v),
            status: ObsStatus::Normal,
        }
    }

    /// Two provinces of the north × sex, with their totals given; (TH-50, F) has 1.
    fn content(year: i16, small: f64) -> ObsMap {
        let mut list = Vec::new();
        let cells = [("TH-50", 20.0, small), ("TH-57", 14.0, 9.0), ("TH-10", 30.0, 31.0)];
        for (area, m, f) in cells {
            list.push(obs("N", area, "M", year, m));
            list.push(obs("N", area, "F", year, f));
            list.push(obs("N", area, "_T", year, m + f));
        }
        list.push(obs("RATE", "TH-50", "_T", year, 1.5));
        list.into_iter().map(|o| (o.key(), o)).collect()
    }

    fn freq(n: u64) -> Disclosure {
        Disclosure::Suppression(Suppression {
            count_indicator: "N".into(),
            min_frequency: Some(n),
            ..Default::default()
        })
    }

    #[test]
    fn small_cells_lose_their_value_and_enough_others_to_protect_them() {
        let d = dataset(freq(3));
        let c = content(2023, 1.0);
        let p = protect_content(&d, &c).unwrap();
        let get = |area: &str, sex: &str| {
            p.content.values().find(|o| o.series == ["N", area, sex] && o.period == Period::Year(2023)).unwrap()
        };
        let small = get("TH-50", "F");
        assert_eq!((small.value, small.status), (None, ObsStatus::Confidential));
        assert_eq!(p.summary.primary, 1);
        // Its row needs a second suppressed cell, else it is the difference of the others
        // (its column's may be the northern region's total, which is not published anyway).
        assert!(p.summary.secondary >= 1, "{:?}", p.summary);
        assert!(get("TH-50", "M").value.is_none() || get("TH-50", "_T").value.is_none());
        // Other indicators are not touched; the loaded content is unchanged.
        assert_eq!(p.content.values().find(|o| o.series[0] == "RATE").unwrap().value, Some(1.5));
        assert_eq!(c.values().filter(|o| o.value.is_none()).count(), 0);
        // No small cell, nothing suppressed.
        assert_eq!(protect_content(&d, &content(2023, 5.0)).unwrap().summary.primary, 0);
    }

    #[test]
    fn totals_that_do_not_add_up_are_named() {
        let d = dataset(freq(3));
        let mut c = content(2023, 5.0);
        let key = c.keys().find(|k| k.series == ["N", "TH-57", "_T"]).unwrap().clone();
        c.get_mut(&key).unwrap().value = Some(99.0);
        let e = protect_content(&d, &c).unwrap_err();
        let (th, en) = e.messages();
        assert!(th.contains("AREA=TH-57, SEX=_T") && th.contains("ยอดรวม"), "{th}");
        assert!(en.contains("(AREA=TH-57, SEX=_T) 99 ≠ 23"), "{en}");
    }

    #[test]
    fn history_is_protected_release_by_release() {
        let d = dataset(freq(3));
        let mut h = History::default();
        let t1 = jiff::Timestamp::from_second(1_700_000_000).unwrap();
        h.publish(&content(2023, 1.0), tidtam_stats::release::LoadMode::Merge, t1, "").unwrap();
        // Release 2 revises the small cell (1 → 2): the public sees no revision of a value it never saw.
        h.publish(&content(2023, 2.0), tidtam_stats::release::LoadMode::Merge, t1, "").unwrap();
        let (p, outcomes) = protect_history(&d, &h);
        assert!(outcomes.iter().all(Result::is_ok));
        for n in 1..=2 {
            assert!(p.at(n).values().all(|o| o.series != ["N", "TH-50", "F"] || o.value.is_none()));
        }
        let changed: Vec<_> = p.diff(1, 2).into_iter().filter(|c| c.observation().value.is_some()).collect();
        assert!(changed.iter().all(|c| c.observation().series != ["N", "TH-50", "F"]), "{changed:?}");
    }

    #[test]
    fn rounding_is_stable_for_an_unchanged_table_and_additive() {
        let d = dataset(Disclosure::Rounding(Rounding { count_indicator: "N".into(), base: 5 }));
        let c = content(2023, 1.0);
        let a = protect_content(&d, &c).unwrap();
        let b = protect_content(&d, &c).unwrap();
        assert_eq!(a, b);
        for o in a.content.values().filter(|o| o.series[0] == "N") {
            assert_eq!(o.value.unwrap() % 5.0, 0.0, "{o:?}");
        }
        let v = |sex: &str| a.content.values().find(|o| o.series == ["N", "TH-50", sex]).unwrap().value.unwrap();
        assert_eq!(v("_T"), v("M") + v("F"));
    }

    #[test]
    fn contributions_are_withheld_and_feed_the_dominance_rule() {
        let mut d = dataset(Disclosure::Suppression(Suppression {
            count_indicator: "N".into(),
            value_indicator: Some("RATE".into()),
            contribution_indicators: vec!["X1".into(), "X2".into()],
            p_percent: Some(10.0),
            ..Default::default()
        }));
        d.indicators.extend([indicator("X1"), indicator("X2")]);
        d.dimensions = vec![DimensionId::Indicator, DimensionId::Area];
        // Contributions 100, 5, 3 (X = 108) in TH-50: unsafe under p = 10 %.
        let cells =
            [("TH-50", 3.0, 108.0, 100.0, 5.0), ("TH-57", 4.0, 80.0, 30.0, 25.0), ("TH-58", 5.0, 90.0, 30.0, 20.0)];
        let mut list = Vec::new();
        for (area, n, v, x1, x2) in cells {
            for (ind, value) in [("N", n), ("RATE", v), ("X1", x1), ("X2", x2)] {
                list.push(Observation {
                    series: vec![ind.into(), area.into()],
                    period: Period::Year(2023),
                    value: Some(value),
                    status: ObsStatus::Normal,
                });
            }
        }
        let c: ObsMap = list.into_iter().map(|o| (o.key(), o)).collect();
        let p = protect_content(&d, &c).unwrap();
        assert!(p.content.values().all(|o| o.series[0] != "X1" && o.series[0] != "X2"));
        let hidden: Vec<&str> =
            p.content.values().filter(|o| o.value.is_none()).map(|o| o.series[1].as_str()).collect();
        assert!(hidden.contains(&"TH-50"), "{hidden:?}");
        // A negative contribution is refused with the dominance rules' explanation.
        let mut bad = c.clone();
        let k = bad.keys().find(|k| k.series == ["X2", "TH-57"]).unwrap().clone();
        bad.get_mut(&k).unwrap().value = Some(-4.0);
        let (th, en) = protect_content(&d, &bad).unwrap_err().messages();
        assert!(th.contains("ติดลบ") && en.contains("negative contribution -4"), "{th} / {en}");
    }
}
