//! Reading a dataset's observations a page at a time: every data answer of
//! the hub (SDMX in every format, the plain JSON, CSV and XLSX) goes through
//! [`Service::read_stat_data`], which authorises, resolves the release and
//! then reads the store's revisions in keyset pages of [`PAGE_ROWS`], folding
//! them with `tidtam_stats::scan` into whole series, so a dataset of any size
//! is served in memory bounded by a page and its longest series.
//!
//! A history (SDMX `includeHistory`) reads each release's additions and
//! revisions, then its deletions, as [`ReleaseChoice::Revisions`]: the store
//! reads that release's revisions alone.
//!
//! Disclosure control is computed over whole tables of a release
//! ([`crate::stats_sdc`]), so a protected dataset read by anyone but its own
//! statisticians and admins is answered from its protected history (computed
//! once per release and setting and kept in memory), through the same scan:
//! the answer is the same, its memory is the protected history's.

use std::collections::VecDeque;

use tidtam_domain::model::FieldError;
use tidtam_domain::policy::Actor;
use tidtam_stats::release::{Release, end_of_thai_day};
use tidtam_stats::scan::{Entry, Scan, Want, indicator_ranges, scan_history};
use tidtam_stats::sdmx::DataQuery;
use tidtam_store::{RevisionCursor, StatDatasetRow, Store};

use crate::{Result, Service, ServiceError};

/// Revisions read per page.
pub const PAGE_ROWS: i64 = 4096;

/// Which state of a dataset a read answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReleaseChoice {
    Latest,
    /// Release 1, 2, … (`Invalid` beyond the last).
    Number(u32),
    /// As published by the end of this Thai date.
    AsOf(jiff::civil::Date),
    /// What changed after this instant, deletions included (SDMX `updatedAfter`).
    ChangedAfter(jiff::Timestamp),
    /// What release n did (SDMX `includeHistory`): the observations it added
    /// or revised, or (`deleted`) those it deleted (`Invalid` beyond the last).
    Revisions {
        release: u32,
        deleted: bool,
    },
}

/// A read in progress: the dataset, its releases, what is read, and the entries still to come.
#[derive(Debug)]
pub struct StatRead {
    pub row: StatDatasetRow,
    pub releases: Vec<Release>,
    pub want: Want,
    source: Source,
}

#[derive(Debug)]
enum Source {
    /// Computed in memory (a protected history): one chunk.
    Memory(Option<Vec<Entry>>),
    Store(Box<Pager>),
}

#[derive(Debug)]
struct Pager {
    store: Store,
    dataset_id: i64,
    releases: std::ops::RangeInclusive<u32>,
    /// The series text ranges still to read (`None`: every series), in order.
    ranges: VecDeque<Option<(String, String)>>,
    cursor: Option<RevisionCursor>,
    scan: Scan,
}

impl StatRead {
    /// The release read (for changes, the latest).
    pub fn release(&self) -> u32 {
        self.want.upto()
    }

    /// The next entries, whole series in key order; `None` at the end (never an empty chunk).
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<Entry>>> {
        match &mut self.source {
            Source::Memory(entries) => Ok(entries.take().filter(|e| !e.is_empty())),
            Source::Store(pager) => pager.next_chunk().await,
        }
    }

    /// Every remaining entry (for answers that are one document, such as SDMX-JSON).
    pub async fn collect(mut self) -> Result<(StatDatasetRow, Vec<Entry>)> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next_chunk().await? {
            out.extend(chunk);
        }
        Ok((self.row, out))
    }
}

impl Pager {
    async fn next_chunk(&mut self) -> Result<Option<Vec<Entry>>> {
        loop {
            let ready = self.scan.take();
            if !ready.is_empty() {
                return Ok(Some(ready));
            }
            let Some(range) = self.ranges.front().cloned() else {
                let last = self.scan.finish();
                return Ok((!last.is_empty()).then_some(last));
            };
            // A short read transaction per page: a slow client holds no connection.
            let mut tx = self.store.begin_read().await?;
            let page = tx
                .stat_revision_page(
                    self.dataset_id,
                    self.releases.clone(),
                    range.as_ref().map(|(l, h)| (l.as_str(), h.as_str())),
                    self.cursor.as_ref(),
                    PAGE_ROWS,
                )
                .await?;
            tx.rollback().await?;
            if (page.len() as i64) < PAGE_ROWS {
                self.ranges.pop_front();
                self.cursor = None;
            } else {
                self.cursor = page.last().map(|(_, c)| c.clone());
            }
            for (revision, _) in page {
                self.scan.push(revision);
            }
        }
    }
}

impl Service {
    /// The releases of a dataset the actor may read, oldest first (what a
    /// history, SDMX `includeHistory`, lists before it reads each one).
    pub async fn stat_release_list(&self, actor: &Actor, code: &str) -> Result<(StatDatasetRow, Vec<Release>)> {
        let (mut tx, row) = self.open_readable_dataset(actor, code).await?;
        let releases = tx.stat_releases(row.id).await?;
        tx.rollback().await?;
        Ok((row, releases))
    }
}

fn no_such_release() -> ServiceError {
    ServiceError::Invalid(vec![FieldError::new("release", "ไม่มีรุ่นนี้", "no such release")])
}

impl Service {
    /// Starts reading the observations of a dataset the actor may read that
    /// `query` selects, in the state `choice` names (see the module's note).
    pub async fn read_stat_data(
        &self,
        actor: &Actor,
        code: &str,
        choice: ReleaseChoice,
        query: DataQuery,
    ) -> Result<StatRead> {
        let (mut tx, row) = self.open_readable_dataset(actor, code).await?;
        let releases = tx.stat_releases(row.id).await?;
        let release_at =
            |at: jiff::Timestamp| releases.iter().filter(|r| r.published_at <= at).map(|r| r.number).max().unwrap_or(0);
        let last = releases.len() as u32;
        let want = match choice {
            ReleaseChoice::Latest => Want::Content { release: last },
            ReleaseChoice::Number(n) if n > last => return Err(no_such_release()),
            ReleaseChoice::Number(n) => Want::Content { release: n },
            ReleaseChoice::AsOf(date) => Want::Content { release: release_at(end_of_thai_day(date)) },
            ReleaseChoice::ChangedAfter(at) => Want::Changes { from: release_at(at), to: last },
            ReleaseChoice::Revisions { release, .. } if release == 0 || release > last => {
                return Err(no_such_release());
            }
            ReleaseChoice::Revisions { release, deleted } => Want::Release { release, deleted },
        };
        if row.dataset.disclosure.is_on() && !crate::stats_sdc::may_see_unprotected(actor, &row) {
            let history = tx.stat_history(row.id).await?;
            tx.rollback().await?;
            let protected = self.readable_history(actor, &row, history).await?;
            let entries = scan_history(&protected, want, &query);
            return Ok(StatRead { row, releases, want, source: Source::Memory(Some(entries)) });
        }
        tx.rollback().await?;
        let ranges = match indicator_ranges(&query) {
            Some(ranges) => ranges.into_iter().map(Some).collect(),
            None => VecDeque::from([None]),
        };
        let pager = Pager {
            store: self.store.clone(),
            dataset_id: row.id,
            releases: want.since()..=want.upto(),
            ranges,
            cursor: None,
            scan: Scan::new(want, query),
        };
        Ok(StatRead { row, releases, want, source: Source::Store(Box::new(pager)) })
    }
}
