//! The project portfolio published as a statistical dataset: budget allocated
//! and disbursed by province (and the whole kingdom) and fiscal year, from the
//! same kept aggregates as the dashboard, over what the public may see
//! (published projects, approved reports).
//!
//! It stays current without a writer having to remember it: every read of the
//! hub first compares the database's portfolio generation with the one the
//! dataset was last refreshed at (kept with the other aggregates, one
//! primary-key read), and when it moved, recomputes the figures and publishes
//! a new release if they differ. An approved report therefore shows in the
//! next read of `/stats`, SDMX or CKAN, as a release of its own; earlier
//! releases stay readable. Two servers refreshing at once race on the
//! release number: the loser's insert fails and the winner's release stands.

use tidtam_domain::period::FiscalYear;
use tidtam_domain::policy::{Action, Actor, Resource, ResourceKind};
use tidtam_stats::codelist::{COUNTRY, province_code};
use tidtam_stats::gdc::GdcMetadata;
use tidtam_stats::model::{Dataset, DimensionId, Indicator, ObsMap, ObsStatus, Observation};
use tidtam_stats::period::Period;
use tidtam_stats::release::LoadMode;
use tidtam_store::StoreError;

use crate::portfolio::{Aggregate, AggregateKey, GroupBy, KeptAggregates, PortfolioQuery};
use crate::stats::{LoadOutcome, StatDatasetRow, store_release};
use crate::{Result, Service, ServiceError, authorize};

/// The dataset's code (SDMX dataflow id; CKAN name `tidtam_portfolio`).
pub const PORTFOLIO_DATASET: &str = "TIDTAM_PORTFOLIO";
pub const ALLOCATED: &str = "BUDGET_ALLOCATED";
pub const DISBURSED: &str = "BUDGET_DISBURSED";
/// The name its releases give as their source.
const SOURCE: &str = "portfolio (kept aggregates)";

/// The dataset's definition: two indicators by area, fiscal years.
pub fn portfolio_definition() -> Dataset {
    let baht = |code: &str, th: &str, en: &str| Indicator {
        code: code.into(),
        name_th: th.into(),
        name_en: en.into(),
        unit_th: "บาท".into(),
        unit_en: "baht".into(),
        unit_mult: 0,
    };
    let mut metadata = GdcMetadata::default();
    metadata
        .set("data_type", "ข้อมูลสถิติ")
        .set("maintainer", "ผู้ดูแลระบบติดตามโครงการ")
        .set("maintainer_email", "tidtam@example.go.th")
        .set_list("tag_string", &["งบประมาณ", "เบิกจ่าย", "โครงการ", "จังหวัด"])
        .set_list("objective", &["พันธกิจหน่วยงาน"])
        .set("update_frequency_unit", "ไตรมาส")
        .set("update_frequency_interval", "1")
        .set("geo_coverage", "จังหวัด")
        .set("data_source", "ระบบติดตามและประเมินผลโครงการ (รายงานที่อนุมัติแล้ว)")
        .set_list("data_format", &["Database", "CSV"])
        .set("data_category", "ข้อมูลสาธารณะ")
        .set("license_id", "Open Data Common")
        .set_list("data_language", &["ไทย"])
        .set("unit_of_measure", "บาท")
        .set("official_statistics", "False");
    Dataset {
        id: PORTFOLIO_DATASET.into(),
        title_th: "งบประมาณที่ได้รับจัดสรรและการเบิกจ่ายของโครงการ รายจังหวัด รายปีงบประมาณ".into(),
        title_en: "Project budget allocated and disbursed by province and fiscal year".into(),
        description_th: "สรุปจากรายงานความก้าวหน้าที่อนุมัติแล้วของโครงการที่เผยแพร่ ปรับปรุงเมื่อมีการอนุมัติรายงาน \
             ยอดทั่วประเทศ (TH) รวมโครงการที่ไม่ระบุจังหวัดด้วย การเบิกจ่ายเป็นยอดสะสมตามรายงานล่าสุดของปี"
            .into(),
        sector: "S19".into(),
        dimensions: vec![DimensionId::Indicator, DimensionId::Area],
        indicators: vec![
            baht(ALLOCATED, "งบประมาณที่ได้รับจัดสรร", "Budget allocated"),
            baht(DISBURSED, "ผลการเบิกจ่าย", "Budget disbursed"),
        ],
        metadata,
        disclosure: Default::default(),
    }
}

fn observation(indicator: &str, area: String, year: FiscalYear, satang: i64) -> Observation {
    Observation {
        series: vec![indicator.into(), area],
        period: Period::FiscalYear(year),
        value: Some(satang as f64 / 100.0),
        status: ObsStatus::Normal,
    }
}

impl Service {
    /// The portfolio's figures as the dataset's content: every fiscal year of
    /// the published projects, the kingdom and each province.
    async fn portfolio_content(&self) -> Result<ObsMap> {
        let public = Actor::public();
        let years = self.store.begin_read().await?.published_project_years().await?;
        let mut content = ObsMap::new();
        let Some((first, last)) = years else { return Ok(content) };
        for be in first..=last {
            let Ok(year) = FiscalYear::checked(be) else { continue };
            for group_by in [GroupBy::Total, GroupBy::Province] {
                let query = PortfolioQuery { fiscal_year: year, quarter: None, group_by };
                for group in self.portfolio(&public, query).await? {
                    let area = match (group_by, group.group_id) {
                        (GroupBy::Total, _) => COUNTRY.to_string(),
                        // Projects with no province (0) are only in the kingdom's total.
                        (_, Some(code)) if (1..=99).contains(&code) => province_code(code as u8),
                        _ => continue,
                    };
                    if group.projects == 0 {
                        continue;
                    }
                    for (indicator, amount) in [(ALLOCATED, group.allocated), (DISBURSED, group.disbursed)] {
                        let o = observation(indicator, area.clone(), year, amount.satang());
                        content.insert(o.key(), o);
                    }
                }
            }
        }
        Ok(content)
    }

    /// Defines the portfolio dataset for `agency_id`, loads its first release
    /// and publishes it (an administrator's or that agency's statistician's act).
    pub async fn publish_portfolio_dataset(&self, actor: &Actor, agency_id: i64) -> Result<StatDatasetRow> {
        authorize(actor, Action::Create, &Resource::owned(ResourceKind::StatDataset, Some(agency_id), None, false))?;
        if self.portfolio_content().await?.is_empty() {
            return Err(ServiceError::Invalid(vec![tidtam_domain::model::FieldError::new(
                "portfolio",
                "ยังไม่มีโครงการที่เผยแพร่ จึงยังไม่มีตัวเลขให้เผยแพร่",
                "no project is published yet, so there are no figures to publish",
            )]));
        }
        self.define_stat_dataset(actor, agency_id, portfolio_definition()).await?;
        self.refresh_portfolio_dataset(actor).await?;
        let row = self.stat_dataset(actor, PORTFOLIO_DATASET).await?;
        self.publish_stat_dataset(actor, PORTFOLIO_DATASET, row.version, true).await
    }

    /// Publishes the portfolio's current figures as a new release if they
    /// changed; `None` when there is no portfolio dataset or nothing changed.
    pub async fn refresh_portfolio_dataset(&self, actor: &Actor) -> Result<Option<LoadOutcome>> {
        // Most hubs may have no portfolio dataset: look before computing anything.
        match self.store.begin_read().await?.stat_dataset(PORTFOLIO_DATASET).await {
            Ok(_) => {}
            Err(StoreError::NotFound) => return Ok(None),
            Err(other) => return Err(other.into()),
        }
        let content = self.portfolio_content().await?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let row = tx.stat_dataset(PORTFOLIO_DATASET).await?;
        let note = "ปรับปรุงจากรายงานที่อนุมัติแล้ว (refreshed from approved reports)";
        match store_release(&mut tx, actor, &row, &content, LoadMode::Replace, now, note, SOURCE, None).await {
            Ok(outcome) => {
                tx.commit().await?;
                Ok(Some(outcome))
            }
            Err(ServiceError::Invalid(fields)) if fields.iter().any(|f| f.field == "file") => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// Refreshes the portfolio dataset if the portfolio changed since this
    /// server last did (see the module doc). A failed refresh does not fail
    /// the read that triggered it: the dataset is then one release behind
    /// until the next read.
    pub(crate) async fn keep_portfolio_dataset_current(&self) {
        let generation = match self.store.begin_read().await {
            Ok(mut tx) => tx.portfolio_generation().await.unwrap_or(-1),
            Err(_) => return,
        };
        if KeptAggregates::get(&self.aggregates, generation, &AggregateKey::PortfolioDataset).is_some() {
            return;
        }
        match self.refresh_portfolio_dataset(&Actor::system()).await {
            // Two servers raced to the same release number (or the dataset's
            // version): the other one's release stands.
            Ok(_) | Err(ServiceError::Duplicate | ServiceError::Conflict { .. }) => {}
            // Tried again at the next read.
            Err(_) => return,
        }
        let marker = (AggregateKey::PortfolioDataset, Aggregate::Count(1));
        KeptAggregates::put(&self.aggregates, generation, jiff::Timestamp::now(), marker.0, marker.1);
    }
}
