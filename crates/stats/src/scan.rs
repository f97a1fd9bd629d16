//! Reading a release, or what changed between two, from revisions in the
//! store's order — series key text, period text, release — a page at a time,
//! so a dataset of any size is served in memory bounded by its longest series.
//!
//! The rules are [`crate::release::History`]'s: the content of release *n* is,
//! for each key, the latest revision of releases 1..=n unless it is a deletion;
//! a change is [`crate::release::diff`]'s. [`Scan`] applies them to one key's
//! revisions at a time, gathers a series, puts its periods in time order (the
//! store orders period text, in which "2024-01" comes before "2024-Q1") and
//! keeps what a [`DataQuery`] selects, first/last N per series included. Series
//! come out in [`crate::model::ObsKey`] order, so the answer is exactly
//! `History::at(n)` (or `History::diff`) passed through `DataQuery::select`.

use crate::model::{Observation, SeriesKey};
use crate::period::Period;
use crate::release::{History, Revision};
use crate::sdmx::{DataQuery, Item};

/// What a scan reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    /// The content of a release (0: nothing).
    Content { release: u32 },
    /// What changed from release `from` to release `to` (SDMX `updatedAfter`).
    Changes { from: u32, to: u32 },
    /// What one release did (SDMX `includeHistory`): its revisions of
    /// deletions, or the rest (observations it added or revised). A release
    /// stores only its changes, so this is `Changes { from: release - 1, to: release }`
    /// split in two, read from that release's revisions alone.
    Release { release: u32, deleted: bool },
}

impl Want {
    /// The last release whose revisions matter (the store reads none after it).
    pub fn upto(self) -> u32 {
        match self {
            Want::Content { release } => release,
            Want::Changes { to, .. } => to,
            Want::Release { release, .. } => release,
        }
    }

    /// The first release whose revisions matter (the store reads none before it).
    pub fn since(self) -> u32 {
        match self {
            Want::Release { release, .. } => release,
            _ => 0,
        }
    }
}

/// One observation of an answer, withdrawn or not (an owned [`Item`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub observation: Observation,
    pub deleted: bool,
}

impl Entry {
    pub fn item(&self) -> Item<'_> {
        Item { observation: &self.observation, deleted: self.deleted }
    }
}

/// The store's order of one key: `(series text, period text)`, releases ascending within it.
pub fn stored_key(o: &Observation) -> (String, String) {
    (o.series.join("."), o.period.sdmx())
}

/// Ranges of stored series text `[low, high)` that hold every series of the
/// query's indicators, in ascending order; `None` when the query names no
/// indicator (every series). Indicator codes are letters, digits and `_`,
/// all above `.` and `/`, so `[code, code + "/")` holds the code alone and
/// every `code.…`, and ranges of different codes never overlap.
pub fn indicator_ranges(query: &DataQuery) -> Option<Vec<(String, String)>> {
    let codes = query.key.get(1)?.as_ref()?;
    let mut codes: Vec<&String> = codes.iter().collect();
    codes.sort();
    codes.dedup();
    Some(codes.into_iter().map(|c| (c.clone(), format!("{c}/"))).collect())
}

/// The fold from revisions in store order to the entries a query selects.
#[derive(Debug)]
pub struct Scan {
    want: Want,
    query: DataQuery,
    /// The key being folded and its latest revisions at or before `from` and `to`
    /// (`from` only for changes; for content, `to` is the release read).
    key: Option<(SeriesKey, Period)>,
    old: Option<Revision>,
    new: Option<Revision>,
    /// The series being gathered (its entries, periods not yet ordered).
    series: Vec<Entry>,
    out: Vec<Entry>,
}

impl Scan {
    pub fn new(want: Want, query: DataQuery) -> Scan {
        Scan { want, query, key: None, old: None, new: None, series: Vec::new(), out: Vec::new() }
    }

    /// Takes the next revision; they must come in store order.
    pub fn push(&mut self, revision: Revision) {
        let o = &revision.observation;
        let same_key = self.key.as_ref().is_some_and(|(s, p)| *s == o.series && *p == o.period);
        if !same_key {
            self.end_key();
            if self.series.first().is_some_and(|e| e.observation.series != o.series) {
                self.end_series();
            }
            self.key = Some((o.series.clone(), o.period));
        }
        let (from, to) = match self.want {
            Want::Content { release } => (0, release),
            Want::Changes { from, to } => (from, to),
            Want::Release { release, deleted } => {
                if revision.release == release && revision.deleted == deleted {
                    self.new = Some(revision);
                }
                return;
            }
        };
        if revision.release <= to {
            if matches!(self.want, Want::Changes { .. }) && revision.release <= from {
                self.old = Some(revision.clone());
            }
            self.new = Some(revision);
        }
    }

    /// Entries of the series completed so far.
    pub fn take(&mut self) -> Vec<Entry> {
        std::mem::take(&mut self.out)
    }

    /// Ends the scan: the last series' entries.
    pub fn finish(&mut self) -> Vec<Entry> {
        self.end_key();
        self.end_series();
        self.take()
    }

    fn end_key(&mut self) {
        let live = |r: Option<Revision>| r.filter(|r| !r.deleted).map(|r| r.observation);
        let (old, new) = (self.old.take(), self.new.take());
        if self.key.take().is_none() {
            return;
        }
        let entry = match self.want {
            // A deletion's revision holds the observation deleted.
            Want::Release { .. } => new.map(|r| Entry { deleted: r.deleted, observation: r.observation }),
            Want::Content { .. } => live(new).map(|observation| Entry { observation, deleted: false }),
            Want::Changes { .. } => match (live(old), live(new)) {
                (None, Some(new)) => Some(Entry { observation: new, deleted: false }),
                (Some(old), Some(new)) if !old.same_content(&new) => Some(Entry { observation: new, deleted: false }),
                (Some(old), None) => Some(Entry { observation: old, deleted: true }),
                _ => None,
            },
        };
        self.series.extend(entry.filter(|e| self.query.matches(&e.observation)));
    }

    fn end_series(&mut self) {
        let mut series = std::mem::take(&mut self.series);
        if series.is_empty() {
            return;
        }
        series.sort_by_key(|e| e.observation.period);
        if self.query.first_n.is_none() && self.query.last_n.is_none() {
            self.out.extend(series);
            return;
        }
        // First/last N counts current values and deletions apart, as the
        // in-memory answer selects them in two lists.
        let (deleted, current): (Vec<Entry>, Vec<Entry>) = series.into_iter().partition(|e| e.deleted);
        let keep = |list: Vec<Entry>| -> Vec<Entry> {
            let observations: Vec<Observation> = list.into_iter().map(|e| e.observation).collect();
            let chosen = self.query.select(&observations);
            chosen.into_iter().map(|o| Entry { observation: o.clone(), deleted: false }).collect()
        };
        let mut kept = keep(current);
        kept.extend(keep(deleted).into_iter().map(|e| Entry { deleted: true, ..e }));
        kept.sort_by_key(|e| e.observation.period);
        self.out.extend(kept);
    }
}

/// Every revision of a history in the store's order (what [`Scan`] takes):
/// the path of an answer computed in memory, such as a protected history.
pub fn in_store_order(history: &History) -> Vec<Revision> {
    let mut revisions = history.revisions.clone();
    revisions.sort_by_cached_key(|r| {
        let (series, period) = stored_key(&r.observation);
        (series, period, r.release)
    });
    revisions
}

/// The whole answer of a scan over a history held in memory.
pub fn scan_history(history: &History, want: Want, query: &DataQuery) -> Vec<Entry> {
    let mut scan = Scan::new(want, query.clone());
    let mut out = Vec::new();
    for r in in_store_order(history) {
        scan.push(r);
        out.extend(scan.take());
    }
    out.extend(scan.finish());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ObsKey, ObsMap, ObsStatus};
    use crate::release::LoadMode;

    fn obs(series: &[&str], period: Period, value: f64) -> Observation {
        Observation {
            series: series.iter().map(|s| (*s).to_owned()).collect(),
            period,
            value: Some(value),
            status: ObsStatus::Normal,
        }
    }

    fn map(list: Vec<Observation>) -> ObsMap {
        list.into_iter().map(|o| (o.key(), o)).collect()
    }

    /// Keys whose stored text orders differently from their codes (TH vs TH-10
    /// followed by a sex code), periods whose text orders differently from time
    /// (a year, its months and its quarters), three releases with revisions and
    /// deletions.
    fn history() -> History {
        let at = |s: i64| jiff::Timestamp::from_second(1_700_000_000 + s).unwrap();
        let mut list = Vec::new();
        for area in ["TH", "TH-10", "TH-50"] {
            for sex in ["F", "M", "_T"] {
                for (i, p) in [
                    Period::Year(2023),
                    Period::Month(2023, 1),
                    Period::Month(2023, 2),
                    Period::Quarter(2023, 1),
                    Period::Month(2023, 4),
                    Period::Year(2024),
                ]
                .into_iter()
                .enumerate()
                {
                    list.push(obs(&["N", area, sex], p, i as f64));
                    list.push(obs(&["N1", area, sex], p, 10.0 + i as f64));
                }
            }
        }
        let mut h = History::default();
        h.publish(&map(list.clone()), LoadMode::Merge, at(0), "").unwrap();
        list.retain(|o| !(o.series[1] == "TH-10" && o.period == Period::Year(2023)));
        for o in list.iter_mut().filter(|o| o.series[2] == "F") {
            o.value = Some(99.0);
        }
        h.publish(&map(list.clone()), LoadMode::Replace, at(10), "").unwrap();
        list.push(obs(&["N", "TH-10", "M"], Period::Year(2023), 5.0));
        list.push(obs(&["N", "TH-10", "M"], Period::Year(2025), 6.0));
        h.publish(&map(list), LoadMode::Merge, at(20), "").unwrap();
        h
    }

    fn in_memory(h: &History, want: Want, q: &DataQuery) -> Vec<Entry> {
        match want {
            Want::Release { release, deleted } => in_memory(h, Want::Changes { from: release - 1, to: release }, q)
                .into_iter()
                .filter(|e| e.deleted == deleted)
                .collect(),
            Want::Content { release } => {
                let content = h.at(release);
                q.select(content.values())
                    .into_iter()
                    .map(|o| Entry { observation: o.clone(), deleted: false })
                    .collect()
            }
            Want::Changes { from, to } => {
                let mut current = Vec::new();
                let mut deleted = Vec::new();
                for c in h.diff(from, to) {
                    match c.new {
                        Some(new) => current.push(new),
                        None => deleted.extend(c.old),
                    }
                }
                let mut out: Vec<Entry> = q
                    .select(&current)
                    .into_iter()
                    .map(|o| Entry { observation: o.clone(), deleted: false })
                    .chain(q.select(&deleted).into_iter().map(|o| Entry { observation: o.clone(), deleted: true }))
                    .collect();
                out.sort_by_key(|e| e.observation.key());
                out
            }
        }
    }

    #[test]
    fn a_scan_in_store_order_answers_as_the_history_does() {
        let h = history();
        let queries = [
            DataQuery::default(),
            DataQuery {
                key: vec![None, Some(vec!["N1".into()]), None, Some(vec!["F".into(), "M".into()])],
                ..Default::default()
            },
            DataQuery { last_n: Some(2), ..Default::default() },
            DataQuery {
                first_n: Some(1),
                last_n: Some(1),
                key: vec![Some(vec!["M".into()]), None, None, None],
                ..Default::default()
            },
            DataQuery {
                start: Some(jiff::civil::date(2023, 2, 1)),
                end: Some(jiff::civil::date(2023, 12, 31)),
                ..Default::default()
            },
        ];
        let wants = [
            Want::Content { release: 0 },
            Want::Content { release: 1 },
            Want::Content { release: 2 },
            Want::Content { release: 3 },
            Want::Changes { from: 0, to: 3 },
            Want::Changes { from: 1, to: 3 },
            Want::Changes { from: 2, to: 3 },
            Want::Changes { from: 1, to: 2 },
            Want::Release { release: 1, deleted: false },
            Want::Release { release: 2, deleted: false },
            Want::Release { release: 2, deleted: true },
            Want::Release { release: 3, deleted: false },
            Want::Release { release: 3, deleted: true },
        ];
        for q in &queries {
            for want in wants {
                let got = scan_history(&h, want, q);
                assert_eq!(got, in_memory(&h, want, q), "{want:?} {q:?}");
            }
        }
        // A release's two halves are the changes from the release before it.
        for q in &queries {
            for release in 1..=3 {
                let mut got = scan_history(&h, Want::Release { release, deleted: false }, q);
                got.extend(scan_history(&h, Want::Release { release, deleted: true }, q));
                got.sort_by_key(|e| e.observation.key());
                let want = scan_history(&h, Want::Changes { from: release - 1, to: release }, q);
                assert_eq!(got, want, "release {release} {q:?}");
            }
        }
        // The store's order is not the codes' order: TH-10 comes before TH when a code follows.
        let all = scan_history(&h, Want::Content { release: 1 }, &DataQuery::default());
        let areas: Vec<&str> = all.iter().map(|e| e.observation.series[1].as_str()).collect();
        assert!(areas.iter().position(|a| *a == "TH-10") < areas.iter().position(|a| *a == "TH"));
        let keys: Vec<ObsKey> = all.iter().map(|e| e.observation.key()).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(indicator_ranges(&queries[1]), Some(vec![("N1".into(), "N1/".into())]));
        assert_eq!(indicator_ranges(&queries[0]), None);
    }
}
