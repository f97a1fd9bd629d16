//! Releases (vintages): every load publishes a new release, nothing is ever
//! overwritten, and any past release can be read back.
//!
//! A release stores only what it changed: one [`Revision`] per observation
//! added, revised or deleted. The content of release *n* is, for each key, the
//! latest revision in releases 1..=n, unless that one is a deletion. The store
//! keeps exactly these rows (append-only) and reads with the same rule in SQL;
//! [`History`] is the rule in memory, the reference the store is tested against.
//!
//! Dates are Thailand's: "as published on 2567-03-31" means every release
//! published by the end of that day in Bangkok (UTC+7, no daylight saving).

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::{self, TimeZone};

use crate::model::{ObsKey, ObsMap, Observation};

/// Thailand's time zone: a fixed UTC+7, so no time-zone database is needed.
pub fn thailand() -> TimeZone {
    TimeZone::fixed(tz::offset(7))
}

/// The Thai calendar date of an instant.
pub fn thai_date(at: Timestamp) -> Date {
    thailand().to_datetime(at).date()
}

/// The last instant of a Thai calendar date.
pub fn end_of_thai_day(date: Date) -> Timestamp {
    let next = date.tomorrow().expect("dates stay in range").to_datetime(jiff::civil::Time::midnight());
    thailand().to_timestamp(next).expect("a fixed offset maps every time") - jiff::SignedDuration::from_micros(1)
}

/// How a load relates to what is already published.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadMode {
    /// Add and revise; what the load does not mention stays (a table of the newest years only).
    #[default]
    Merge,
    /// The load is the whole dataset: what it does not mention is deleted.
    Replace,
}

/// One published release of a dataset.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Release {
    /// 1, 2, … within the dataset.
    pub number: u32,
    pub published_at: Timestamp,
    #[serde(default)]
    pub note: String,
}

/// One stored version of one observation.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Revision {
    pub release: u32,
    pub observation: Observation,
    /// The observation was withdrawn in this release.
    pub deleted: bool,
}

/// What happened to one observation between two states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Revised,
    Deleted,
}

impl ChangeKind {
    /// The SDMX-CSV 2.0 `ACTION` code: `I` (information) for added or
    /// revised data as in a full dissemination, `D` for a deletion.
    pub fn sdmx_csv_action(self) -> &'static str {
        match self {
            ChangeKind::Added | ChangeKind::Revised => "I",
            ChangeKind::Deleted => "D",
        }
    }
}

/// One observation's change: `old` is absent for an addition, `new` for a deletion.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub old: Option<Observation>,
    pub new: Option<Observation>,
}

impl Change {
    /// The observation the change is about (the new one, or the deleted one).
    pub fn observation(&self) -> &Observation {
        self.new.as_ref().or(self.old.as_ref()).expect("a change has a side")
    }
}

/// What turning `current` into the content of a load changes, in key order.
pub fn changes(current: &ObsMap, incoming: &ObsMap, mode: LoadMode) -> Vec<Change> {
    let mut out = Vec::new();
    for (key, new) in incoming {
        match current.get(key) {
            None => out.push(Change { kind: ChangeKind::Added, old: None, new: Some(new.clone()) }),
            Some(old) if !old.same_content(new) => {
                out.push(Change { kind: ChangeKind::Revised, old: Some(old.clone()), new: Some(new.clone()) })
            }
            Some(_) => {}
        }
    }
    if mode == LoadMode::Replace {
        for (key, old) in current {
            if !incoming.contains_key(key) {
                out.push(Change { kind: ChangeKind::Deleted, old: Some(old.clone()), new: None });
            }
        }
        out.sort_by_key(|c| c.observation().key());
    }
    out
}

/// The difference between two contents, as [`changes`] in replace mode.
pub fn diff(from: &ObsMap, to: &ObsMap) -> Vec<Change> {
    changes(from, to, LoadMode::Replace)
}

/// Why a release is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReleaseError {
    /// The load changes nothing: publishing it would only add an empty vintage.
    NoChanges,
    /// Releases are in time order; this one is dated before the last.
    BeforeLast { last: Timestamp },
}

impl ReleaseError {
    pub fn message_th(&self) -> String {
        match self {
            ReleaseError::NoChanges => "ข้อมูลที่นำเข้าไม่ต่างจากที่เผยแพร่อยู่ จึงไม่ออกรุ่นใหม่".into(),
            ReleaseError::BeforeLast { last } => format!("วันเวลาเผยแพร่ต้องไม่ก่อนรุ่นล่าสุด ({last})"),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            ReleaseError::NoChanges => "the load changes nothing that is published, so no release was made".into(),
            ReleaseError::BeforeLast { last } => format!("a release cannot be dated before the last one ({last})"),
        }
    }
}

/// The releases of one dataset and every revision they made.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct History {
    pub releases: Vec<Release>,
    pub revisions: Vec<Revision>,
}

impl History {
    /// Publishes `incoming` as the next release; returns what it changed.
    pub fn publish(
        &mut self,
        incoming: &ObsMap,
        mode: LoadMode,
        at: Timestamp,
        note: &str,
    ) -> Result<Vec<Change>, ReleaseError> {
        if let Some(last) = self.releases.last()
            && at < last.published_at
        {
            return Err(ReleaseError::BeforeLast { last: last.published_at });
        }
        let found = changes(&self.latest(), incoming, mode);
        if found.is_empty() {
            return Err(ReleaseError::NoChanges);
        }
        let number = self.releases.len() as u32 + 1;
        self.releases.push(Release { number, published_at: at, note: note.into() });
        self.revisions.extend(found.iter().map(|c| Revision {
            release: number,
            observation: c.observation().clone(),
            deleted: c.kind == ChangeKind::Deleted,
        }));
        Ok(found)
    }

    /// The content as of release `number` (0: nothing yet).
    pub fn at(&self, number: u32) -> ObsMap {
        let mut out = ObsMap::new();
        for r in self.revisions.iter().filter(|r| r.release <= number) {
            let key: ObsKey = r.observation.key();
            if r.deleted {
                out.remove(&key);
            } else {
                out.insert(key, r.observation.clone());
            }
        }
        out
    }

    pub fn latest(&self) -> ObsMap {
        self.at(self.releases.len() as u32)
    }

    /// The last release published at or before `at` (0 when none was).
    pub fn release_at(&self, at: Timestamp) -> u32 {
        self.releases.iter().filter(|r| r.published_at <= at).map(|r| r.number).max().unwrap_or(0)
    }

    /// The content as it was published on a Thai calendar date.
    pub fn as_published_on(&self, date: Date) -> ObsMap {
        self.at(self.release_at(end_of_thai_day(date)))
    }

    /// What changed from release `from` to release `to`.
    pub fn diff(&self, from: u32, to: u32) -> Vec<Change> {
        diff(&self.at(from), &self.at(to))
    }

    /// SDMX `updatedAfter`: what changed after `at`, deletions included.
    pub fn updated_after(&self, at: Timestamp) -> Vec<Change> {
        self.diff(self.release_at(at), self.releases.len() as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ObsStatus;
    use crate::period::Period;
    use jiff::civil::date;

    fn obs(area: &str, year: i16, value: f64) -> Observation {
        Observation {
            series: vec!["X".into(), area.into()],
            period: Period::Year(year),
            value: Some(value),
            status: ObsStatus::Normal,
        }
    }

    fn map(list: &[Observation]) -> ObsMap {
        list.iter().map(|o| (o.key(), o.clone())).collect()
    }

    fn at(d: Date, hour: i8) -> Timestamp {
        thailand().to_timestamp(d.at(hour, 0, 0, 0)).expect("fixed")
    }

    #[test]
    fn releases_never_overwrite_and_read_back() {
        let first = map(&[obs("TH-10", 2022, 1.0), obs("TH-10", 2023, 2.0), obs("TH-50", 2023, 3.0)]);
        let second = map(&[obs("TH-10", 2022, 1.5), obs("TH-10", 2023, 2.0), obs("TH-50", 2024, 4.0)]);
        let mut h = History::default();
        h.publish(&first, LoadMode::Merge, at(date(2024, 3, 1), 9), "แรก").expect("first");
        let changed = h.publish(&second, LoadMode::Replace, at(date(2024, 4, 1), 9), "ที่สอง").expect("second");
        let kinds: Vec<ChangeKind> = changed.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [ChangeKind::Revised, ChangeKind::Deleted, ChangeKind::Added]);
        assert_eq!(h.at(1), first);
        assert_eq!(h.at(2), second);
        assert_eq!(h.as_published_on(date(2024, 3, 31)), first);
        assert_eq!(h.as_published_on(date(2024, 2, 29)), ObsMap::new());
        assert_eq!(h.updated_after(at(date(2024, 3, 2), 0)).len(), 3);
        assert_eq!(h.updated_after(at(date(2024, 4, 2), 0)), []);
        assert_eq!(h.publish(&second, LoadMode::Merge, at(date(2024, 5, 1), 9), ""), Err(ReleaseError::NoChanges));
        assert!(matches!(
            h.publish(&first, LoadMode::Merge, at(date(2024, 1, 1), 9), ""),
            Err(ReleaseError::BeforeLast { .. })
        ));
        assert_eq!(h.releases.len(), 2);
    }

    #[test]
    fn the_end_of_a_thai_day_is_five_pm_utc() {
        assert_eq!(end_of_thai_day(date(2024, 3, 31)).to_string(), "2024-03-31T16:59:59.999999Z");
        assert_eq!(thai_date("2024-03-31T17:00:00Z".parse().expect("ts")), date(2024, 4, 1));
    }
}
