//! The Statistics Sharing Hub's use cases: define a dataset, preview and load
//! a release from a CSV or XLSX table, publish, list, read with its history.
//!
//! Who may do what is `tidtam_domain::policy` (`ResourceKind::StatDataset`,
//! `stat_scope`): an agency's statisticians keep its datasets; drafts are seen
//! only inside the agency (and by admins and executives); the public reads
//! published ones. A dataset the caller may not read answers `NotFound`.
//! Every definition, load and publication is audited in its transaction.

use tidtam_domain::model::FieldError;
use tidtam_domain::policy::{Action, Actor, Resource, ResourceKind, can, stat_scope};
use tidtam_stats::codelist::{Codelist, SECTOR, match_key};
use tidtam_stats::load::{Mapping, Preview, Problem, Sheet, preview, read_csv, read_xlsx};
use tidtam_stats::model::Dataset;
use tidtam_stats::release::{ChangeKind, History, LoadMode, ReleaseError};
use tidtam_store::{ReleaseSource, StoreError, Tx};
pub use tidtam_store::{StatDatasetRow, StatFilter, StatSort};

use crate::{Result, Service, ServiceError, authorize, authorize_existing, record_audit, to_json};

/// Tables larger than this are refused before they are read.
pub const MAX_TABLE_BYTES: usize = 64 * 1024 * 1024;

/// What one load published.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LoadOutcome {
    pub release: u32,
    pub added: i64,
    pub revised: i64,
    pub deleted: i64,
}

pub(crate) fn resource(row: &StatDatasetRow) -> Resource {
    Resource::owned(ResourceKind::StatDataset, Some(row.agency_id), None, row.published)
}

/// The normalised text `package_search` looks in: titles, description,
/// indicators, keywords, sector and agency.
pub fn search_text(dataset: &Dataset, agency_name: &str, sectors: &Codelist) -> String {
    let sector = sectors.get(&dataset.sector).map(|c| format!("{} {}", c.name_th, c.name_en)).unwrap_or_default();
    let mut parts = vec![
        dataset.id.clone(),
        dataset.title_th.clone(),
        dataset.title_en.clone(),
        dataset.description_th.clone(),
        sector,
        agency_name.to_owned(),
    ];
    for i in &dataset.indicators {
        parts.extend([i.code.clone(), i.name_th.clone(), i.name_en.clone()]);
    }
    parts.extend(dataset.metadata.list("tag_string").into_iter().map(str::to_owned));
    parts.iter().map(|p| match_key(p)).collect::<Vec<_>>().join(" ")
}

/// The terms of a search query, normalised as [`search_text`] is ("*:*" and "" are no terms).
pub fn search_terms(q: &str) -> Vec<String> {
    if q.trim() == "*:*" {
        return Vec::new();
    }
    q.split_whitespace().map(match_key).filter(|t| !t.is_empty()).collect()
}

fn definition_errors(errors: Vec<tidtam_stats::gdc::FieldError>) -> ServiceError {
    ServiceError::Invalid(errors.into_iter().map(|e| FieldError::new(&e.field, &e.message_th, &e.message_en)).collect())
}

fn problem_errors(problems: &[Problem]) -> ServiceError {
    ServiceError::Invalid(
        problems
            .iter()
            .map(|p| FieldError::new(if p.cell.is_empty() { "mapping" } else { &p.cell }, &p.message_th, &p.message_en))
            .collect(),
    )
}

/// Reads a table file: XLSX by its zip signature, otherwise CSV.
fn read_table(file_name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Sheet> {
    if bytes.len() > MAX_TABLE_BYTES {
        return Err(ServiceError::Invalid(vec![FieldError::new(
            "file",
            &format!("ไฟล์ {file_name} ใหญ่เกิน {} MB", MAX_TABLE_BYTES / (1024 * 1024)),
            &format!("{file_name} is larger than {} MB", MAX_TABLE_BYTES / (1024 * 1024)),
        )]));
    }
    let read = if bytes.starts_with(b"PK\x03\x04") { read_xlsx(bytes, sheet) } else { read_csv(bytes) };
    read.map_err(|e| ServiceError::Invalid(vec![FieldError::new("file", &e.message_th, &e.message_en)]))
}

/// Publishes `content` as the next release of `row` in `tx`: the release and
/// its revisions, the dataset's modification (and mapping, when given), the
/// audit entry. `Invalid` when nothing changed or the clock went back.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn store_release(
    tx: &mut tidtam_store::Tx,
    actor: &Actor,
    row: &StatDatasetRow,
    content: &tidtam_stats::model::ObsMap,
    mode: LoadMode,
    now: jiff::Timestamp,
    note: &str,
    file_name: &str,
    mapping: Option<&Mapping>,
) -> Result<LoadOutcome> {
    let mut history = tx.stat_history(row.id).await?;
    let changes = history.publish(content, mode, now, note).map_err(|e| {
        let field = if e == ReleaseError::NoChanges { "file" } else { "published_at" };
        ServiceError::Invalid(vec![FieldError::new(field, &e.message_th(), &e.message_en())])
    })?;
    if row.published {
        // A load into a published dataset publishes at once: it must be protectable.
        crate::stats_sdc::check_protectable(&row.dataset, history.latest()).await?;
    }
    let release = history.releases.last().expect("just published").clone();
    let revisions: Vec<_> = history.revisions.iter().filter(|r| r.release == release.number).cloned().collect();
    let count = |kind: ChangeKind| changes.iter().filter(|c| c.kind == kind).count() as i64;
    let outcome = LoadOutcome {
        release: release.number,
        added: count(ChangeKind::Added),
        revised: count(ChangeKind::Revised),
        deleted: count(ChangeKind::Deleted),
    };
    let source = ReleaseSource { file_name, loaded_by: actor.user_id, loaded_by_name: &actor.username };
    tx.insert_stat_release(row.id, &release, &revisions, (outcome.added, outcome.revised, outcome.deleted), &source)
        .await?;
    let sectors = crate::stats_codes::read_list(tx, SECTOR).await?;
    let search = search_text(&row.dataset, &row.agency_name, &sectors);
    let mapping = mapping.or(row.mapping.as_ref());
    tx.update_stat_dataset(row.id, row.version, &row.dataset, mapping, row.published, &search, now).await?;
    let record = serde_json::json!({
        "release": outcome.release, "file": file_name, "mode": mode, "note": note,
        "added": outcome.added, "revised": outcome.revised, "deleted": outcome.deleted,
    });
    record_audit(tx, actor, now, "stat_dataset", row.id, "load", None, Some(record)).await?;
    Ok(outcome)
}

impl Service {
    /// Defines a new dataset of `agency_id` (a draft, with no release yet).
    pub async fn define_stat_dataset(&self, actor: &Actor, agency_id: i64, dataset: Dataset) -> Result<StatDatasetRow> {
        authorize(actor, Action::Create, &Resource::owned(ResourceKind::StatDataset, Some(agency_id), None, false))?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let sectors = crate::stats_codes::read_list(&mut tx, SECTOR).await?;
        let errors = dataset.validate_in(&sectors);
        if !errors.is_empty() {
            return Err(definition_errors(errors));
        }
        let agency = tx.org_unit(agency_id).await.map_err(|e| match e {
            StoreError::NotFound => {
                ServiceError::Invalid(vec![FieldError::new("agency_id", "ไม่มีหน่วยงานนี้", "no such agency")])
            }
            other => other.into(),
        })?;
        let id =
            tx.insert_stat_dataset(agency_id, &dataset, &search_text(&dataset, &agency.name, &sectors), now).await?;
        record_audit(&mut tx, actor, now, "stat_dataset", id, "create", None, Some(to_json(&dataset))).await?;
        let row = tx.stat_dataset(&dataset.id).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// A dataset the actor may read.
    pub async fn stat_dataset(&self, actor: &Actor, code: &str) -> Result<StatDatasetRow> {
        let (tx, row) = self.open_readable_dataset(actor, code).await?;
        tx.rollback().await?;
        Ok(row)
    }

    /// A read snapshot and the dataset `code` in it, if the actor may read it
    /// (`NotFound` otherwise, as for no such dataset); the portfolio's dataset
    /// is brought up to date first.
    pub(crate) async fn open_readable_dataset(&self, actor: &Actor, code: &str) -> Result<(Tx, StatDatasetRow)> {
        self.keep_portfolio_dataset_current().await;
        let mut tx = self.store.begin_read().await?;
        let row = tx.stat_dataset(code).await?;
        if !can(actor, Action::Read, &resource(&row)) {
            return Err(ServiceError::NotFound);
        }
        Ok((tx, row))
    }

    /// A dataset with every release and revision, read in one snapshot; under
    /// disclosure control, protected unless the actor may see the loaded values
    /// ([`crate::stats_sdc`]).
    pub async fn stat_history(&self, actor: &Actor, code: &str) -> Result<(StatDatasetRow, History)> {
        let (mut tx, row) = self.open_readable_dataset(actor, code).await?;
        let history = tx.stat_history(row.id).await?;
        tx.rollback().await?;
        // The one place disclosure control is applied for readers.
        let history = self.readable_history(actor, &row, history).await?;
        Ok((row, history))
    }

    /// Datasets the actor may see, matching `filter`; one page and the total.
    pub async fn stat_datasets(
        &self,
        actor: &Actor,
        filter: &StatFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<StatDatasetRow>, i64)> {
        self.keep_portfolio_dataset_current().await;
        let mut tx = self.store.begin_read().await?;
        let page = tx.list_stat_datasets(stat_scope(actor), filter, limit.clamp(0, 1000), offset.max(0)).await?;
        tx.rollback().await?;
        Ok(page)
    }

    /// What loading `bytes` into the dataset would give, every problem by cell;
    /// nothing is stored. Without `mapping`, the dataset's saved one is used.
    pub async fn preview_stat_load(
        &self,
        actor: &Actor,
        code: &str,
        file_name: &str,
        bytes: Vec<u8>,
        mapping: Option<Mapping>,
    ) -> Result<Preview> {
        let row = self.stat_dataset(actor, code).await?;
        authorize_existing(actor, Action::Import, &resource(&row))?;
        let mapping = mapping.or(row.mapping.clone()).ok_or_else(|| {
            ServiceError::Invalid(vec![FieldError::new(
                "mapping",
                "ชุดข้อมูลนี้ยังไม่มีการจับคู่คอลัมน์ที่บันทึกไว้ ต้องระบุการจับคู่",
                "this dataset has no saved column mapping; give one",
            )])
        })?;
        let name = file_name.to_owned();
        let dataset = row.dataset.clone();
        // Reading a workbook is CPU work: keep it off the async workers.
        tokio::task::spawn_blocking(move || {
            let sheet = read_table(&name, &bytes, mapping.sheet.as_deref())?;
            Ok(preview(&sheet, &dataset, &mapping))
        })
        .await
        .map_err(|e| ServiceError::Internal(format!("table reader: {e}")))?
    }

    /// Loads a table as the dataset's next release. A table with any problem
    /// stores nothing and answers `Invalid` with every problem (field = cell);
    /// a clean one becomes a release with only what changed, the mapping is
    /// saved for the next load, and the load is audited.
    #[allow(clippy::too_many_arguments)]
    pub async fn load_stat_release(
        &self,
        actor: &Actor,
        code: &str,
        file_name: &str,
        bytes: Vec<u8>,
        mapping: Option<Mapping>,
        mode: LoadMode,
        note: &str,
    ) -> Result<LoadOutcome> {
        let mapping = match mapping {
            Some(m) => Some(m),
            None => self.stat_dataset(actor, code).await?.mapping,
        };
        let preview = self.preview_stat_load(actor, code, file_name, bytes, mapping.clone()).await?;
        let mapping = mapping.expect("the preview refused a missing mapping");
        let content = preview.into_content().map_err(|problems| problem_errors(&problems))?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let row = tx.stat_dataset(code).await?;
        authorize_existing(actor, Action::Import, &resource(&row))?;
        let outcome = store_release(&mut tx, actor, &row, &content, mode, now, note, file_name, Some(&mapping)).await?;
        tx.commit().await?;
        Ok(outcome)
    }

    /// Publishes (or withdraws) a dataset at `version`. Publishing needs a
    /// release and every required GD Catalog field.
    pub async fn publish_stat_dataset(
        &self,
        actor: &Actor,
        code: &str,
        version: i64,
        published: bool,
    ) -> Result<StatDatasetRow> {
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let row = tx.stat_dataset(code).await?;
        authorize_existing(actor, Action::Publish, &resource(&row))?;
        if published {
            let mut errors = row.dataset.metadata.missing_required();
            if row.releases == 0 {
                errors.push(tidtam_stats::gdc::FieldError::new(
                    "releases",
                    "ยังไม่มีข้อมูลที่นำเข้า จึงเผยแพร่ไม่ได้".into(),
                    "nothing has been loaded yet, so there is nothing to publish".into(),
                ));
            }
            if !errors.is_empty() {
                return Err(definition_errors(errors));
            }
            crate::stats_sdc::check_protectable(&row.dataset, tx.stat_history(row.id).await?.latest()).await?;
        }
        let sectors = crate::stats_codes::read_list(&mut tx, SECTOR).await?;
        let search = search_text(&row.dataset, &row.agency_name, &sectors);
        tx.update_stat_dataset(row.id, version, &row.dataset, row.mapping.as_ref(), published, &search, now).await?;
        let action = if published { "publish" } else { "unpublish" };
        record_audit(
            &mut tx,
            actor,
            now,
            "stat_dataset",
            row.id,
            action,
            Some(serde_json::json!({"published": row.published})),
            Some(serde_json::json!({"published": published})),
        )
        .await?;
        let row = tx.stat_dataset(code).await?;
        tx.commit().await?;
        Ok(row)
    }
}

impl Service {
    /// The dataset's setting and what it does to the releases (its statisticians and admins).
    pub async fn stat_disclosure(&self, actor: &Actor, code: &str) -> Result<crate::stats_sdc::DisclosureState> {
        let (row, history) = self.stat_history(actor, code).await?;
        authorize_existing(actor, Action::Update, &resource(&row))?;
        let disclosure = row.dataset.disclosure.clone();
        if !disclosure.is_on() || history.releases.is_empty() {
            return Ok(crate::stats_sdc::DisclosureState { disclosure, latest: None, withheld_releases: Vec::new() });
        }
        let outcomes = self.protection_outcomes(&row, history).await?;
        let n = outcomes.len();
        let withheld_releases =
            (0..n.saturating_sub(1)).filter(|&i| outcomes[i].is_err()).map(|i| i as u32 + 1).collect();
        Ok(crate::stats_sdc::DisclosureState { disclosure, latest: outcomes.last().cloned(), withheld_releases })
    }

    /// Sets the dataset's disclosure control at `version` (its statisticians and
    /// admins). A published dataset's latest release must be protectable under
    /// the new setting, or nothing changes.
    pub async fn set_stat_disclosure(
        &self,
        actor: &Actor,
        code: &str,
        version: i64,
        disclosure: tidtam_stats::disclosure::Disclosure,
    ) -> Result<StatDatasetRow> {
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let row = tx.stat_dataset(code).await?;
        authorize_existing(actor, Action::Update, &resource(&row))?;
        let codes: Vec<&str> = row.dataset.indicators.iter().map(|i| i.code.as_str()).collect();
        let errors = disclosure.validate(&codes);
        if !errors.is_empty() {
            return Err(ServiceError::Invalid(
                errors.iter().map(|e| FieldError::new(&e.field, &e.message_th, &e.message_en)).collect(),
            ));
        }
        if let tidtam_stats::disclosure::Disclosure::Suppression(s) = &disclosure {
            crate::stats_sdc::rules(s).validate().map_err(|e| {
                let text = e.to_string();
                let (th, en) = text.split_once(" / ").unwrap_or((&text, &text));
                ServiceError::Invalid(vec![FieldError::new("disclosure", th, en)])
            })?;
        }
        let mut dataset = row.dataset.clone();
        let before = to_json(&dataset.disclosure);
        dataset.disclosure = disclosure;
        if row.published {
            let latest = tx.stat_history(row.id).await?.latest();
            crate::stats_sdc::check_protectable(&dataset, latest).await?;
        }
        let sectors = crate::stats_codes::read_list(&mut tx, tidtam_stats::codelist::SECTOR).await?;
        let search = search_text(&dataset, &row.agency_name, &sectors);
        tx.update_stat_dataset(row.id, version, &dataset, row.mapping.as_ref(), row.published, &search, now).await?;
        record_audit(
            &mut tx,
            actor,
            now,
            "stat_dataset",
            row.id,
            "disclosure",
            Some(before),
            Some(to_json(&dataset.disclosure)),
        )
        .await?;
        let row = tx.stat_dataset(code).await?;
        tx.commit().await?;
        Ok(row)
    }
}

/// One value of a catalog facet and how many datasets of the result carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCount {
    /// The value as filtered on (a sector code, an agency id, a `thai_gdc` value).
    pub value: String,
    pub label_th: String,
    pub label_en: String,
    pub count: i64,
}

/// The facets the catalog pages and CKAN's `facet.field` offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Facet {
    Sector,
    Agency,
    /// `thai_gdc` `geo_coverage` (country, region, province …).
    AreaLevel,
    /// `thai_gdc` `update_frequency_unit` (year, quarter, month …).
    Frequency,
}

impl Facet {
    pub const ALL: [Facet; 4] = [Facet::Sector, Facet::Agency, Facet::AreaLevel, Facet::Frequency];

    /// The facet's value of one dataset, with its labels.
    pub fn value_of(self, row: &StatDatasetRow, sectors: &Codelist) -> Option<(String, String, String)> {
        let d = &row.dataset;
        match self {
            Facet::Sector => {
                let code = sectors.get(&d.sector).cloned();
                Some((
                    d.sector.clone(),
                    code.as_ref().map_or_else(|| d.sector.clone(), |c| c.name_th.clone()),
                    code.map_or_else(|| d.sector.clone(), |c| c.name_en),
                ))
            }
            Facet::Agency => Some((row.agency_id.to_string(), row.agency_name.clone(), row.agency_name.clone())),
            Facet::AreaLevel => d.metadata.text("geo_coverage").map(|v| (v.to_owned(), v.to_owned(), english(v))),
            Facet::Frequency => {
                d.metadata.text("update_frequency_unit").map(|v| (v.to_owned(), v.to_owned(), english(v)))
            }
        }
    }
}

/// English for the `thai_gdc` values the facets show (the extension's own lists are Thai only).
fn english(value: &str) -> String {
    let en = match value {
        "ประเทศ" => "Country",
        "ภาค" => "Region",
        "จังหวัด" => "Province",
        "อำเภอ" => "District",
        "ตำบล" => "Subdistrict",
        "หมู่บ้าน" => "Village",
        "โลก" => "World",
        "ปี" => "Annual",
        "ครึ่งปี" => "Half-yearly",
        "ไตรมาส" => "Quarterly",
        "เดือน" => "Monthly",
        "สัปดาห์" => "Weekly",
        "วัน" => "Daily",
        "ไม่ทราบ" => "Unknown",
        "อื่นๆ" => "Other",
        other => other,
    };
    en.to_owned()
}

/// A catalog request: words, chosen facet values (a dataset must carry every
/// chosen one), a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogQuery {
    pub q: String,
    pub chosen: Vec<(Facet, String)>,
    pub sort: StatSort,
    pub limit: i64,
    pub offset: i64,
}

/// One page of the catalog, the total and the facets counted over the whole result.
#[derive(Clone, Debug, PartialEq)]
pub struct Catalog {
    pub rows: Vec<StatDatasetRow>,
    pub total: i64,
    pub facets: Vec<(Facet, Vec<FacetCount>)>,
}

/// How well a dataset matches the query's terms: each term counts once per
/// occurrence, three times in a title (CKAN weighs titles above the rest too).
pub fn relevance(row: &StatDatasetRow, terms: &[String], sectors: &Codelist) -> usize {
    let title = match_key(&format!("{} {}", row.dataset.title_th, row.dataset.title_en));
    let text = search_text(&row.dataset, &row.agency_name, sectors);
    terms.iter().map(|t| text.matches(t.as_str()).count() + 2 * title.matches(t.as_str()).count()).sum()
}

/// Counts of each facet's values among `rows`, most frequent first, then by value.
pub fn count_facets(rows: &[StatDatasetRow], facets: &[Facet], sectors: &Codelist) -> Vec<(Facet, Vec<FacetCount>)> {
    facets
        .iter()
        .map(|&facet| {
            let mut counts: std::collections::BTreeMap<String, FacetCount> = std::collections::BTreeMap::new();
            for row in rows {
                if let Some((value, label_th, label_en)) = facet.value_of(row, sectors) {
                    counts.entry(value.clone()).or_insert(FacetCount { value, label_th, label_en, count: 0 }).count +=
                        1;
                }
            }
            let mut counts: Vec<FacetCount> = counts.into_values().collect();
            counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            (facet, counts)
        })
        .collect()
}

impl Service {
    /// Every dataset the actor may see that matches `filter`, in its order, or
    /// best match first (ties in its order) when `by_relevance` and there are terms.
    pub async fn stat_search(
        &self,
        actor: &Actor,
        filter: &StatFilter,
        by_relevance: bool,
    ) -> Result<Vec<StatDatasetRow>> {
        self.keep_portfolio_dataset_current().await;
        let mut tx = self.store.begin_read().await?;
        let (mut rows, _) = tx.list_stat_datasets(stat_scope(actor), filter, i64::MAX, 0).await?;
        let sectors = crate::stats_codes::read_list(&mut tx, SECTOR).await?;
        tx.rollback().await?;
        if by_relevance && !filter.terms.is_empty() {
            // Stable: equal scores keep the store's order.
            rows.sort_by_cached_key(|row| std::cmp::Reverse(relevance(row, &filter.terms, &sectors)));
        }
        Ok(rows)
    }

    /// The catalog as the actor may see it: datasets matching every word of
    /// `q` and every chosen facet value, best match first when there are words
    /// (else in `sort` order), one page, the total and every facet's counts.
    /// The catalog is small enough (thousands of entries) to facet in memory.
    pub async fn stat_catalog(&self, actor: &Actor, query: &CatalogQuery) -> Result<Catalog> {
        let filter = StatFilter { terms: search_terms(&query.q), sort: query.sort, ..StatFilter::default() };
        let rows = self.stat_search(actor, &filter, true).await?;
        let sectors = self.stat_codelist(SECTOR).await?;
        let rows: Vec<StatDatasetRow> = rows
            .into_iter()
            .filter(|row| {
                query
                    .chosen
                    .iter()
                    .all(|(facet, value)| facet.value_of(row, &sectors).is_some_and(|(v, ..)| &v == value))
            })
            .collect();
        let facets = count_facets(&rows, &Facet::ALL, &sectors);
        let total = rows.len() as i64;
        let rows =
            rows.into_iter().skip(query.offset.max(0) as usize).take(query.limit.clamp(0, 1000) as usize).collect();
        Ok(Catalog { rows, total, facets })
    }
}
