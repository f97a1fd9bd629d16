//! Portfolio aggregates: what the money did, per strategy, division, province or quarter.

use serde::{Deserialize, Serialize};
use tidtam_domain::Baht;
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::policy::{Actor, ReadScope, read_scope};
pub use tidtam_store::GroupBy;
use tidtam_store::PortfolioFilter;

use crate::aggregates::{Aggregate, AggregateCache};
use crate::{Result, Service, ServiceError};

/// What to aggregate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioQuery {
    pub fiscal_year: FiscalYear,
    /// As of the end of this quarter; `None`: latest report of the year.
    pub quarter: Option<Quarter>,
    pub group_by: GroupBy,
}

// A group's totals are a wire type: the API and the pages show them as they are.
pub use tidtam_api::portfolio::PortfolioGroup;

impl Service {
    /// Aggregates over the projects the actor may read (the public: published
    /// projects and approved reports only).
    pub async fn portfolio(&self, actor: &Actor, query: PortfolioQuery) -> Result<Vec<PortfolioGroup>> {
        let scope = read_scope(actor);
        if scope == ReadScope::Nothing {
            return Err(ServiceError::Forbidden);
        }
        let mut tx = self.store.begin_read().await?;
        let generation = tx.portfolio_generation().await?;
        let key = format!("groups {scope:?} {query:?}");
        if let Some(Aggregate::Groups(groups)) = AggregateCache::get(&self.aggregates, generation, &key) {
            return Ok(groups);
        }
        let rows = tx
            .portfolio(
                scope,
                PortfolioFilter { fiscal_year: query.fiscal_year, quarter: query.quarter, group_by: query.group_by },
            )
            .await?;
        let groups: Vec<PortfolioGroup> = rows
            .into_iter()
            .map(|row| {
                let allocated = Baht::from_satang(row.allocated);
                let disbursed = Baht::from_satang(row.disbursed);
                PortfolioGroup {
                    group_id: row.group_id,
                    label: row.label,
                    projects: row.projects,
                    reports: row.reports,
                    allocated,
                    contracted: Baht::from_satang(row.contracted),
                    disbursed,
                    disbursement_rate: disbursed.ratio(allocated),
                    average_progress: row.average_progress,
                    kpi_measured: row.kpi_measured,
                    kpi_achieved: row.kpi_achieved,
                    kpi_achievement: (row.kpi_measured > 0).then(|| row.kpi_achieved as f64 / row.kpi_measured as f64),
                    findings: row.findings,
                }
            })
            .collect();
        AggregateCache::put(&self.aggregates, generation, key, Aggregate::Groups(groups.clone()));
        Ok(groups)
    }
}

impl Service {
    /// How many projects' latest report (as of `quarter`, else the year's end)
    /// falls in each fifth of progress: `(band, count)` for bands 0..=4
    /// (0: below 20 %, 4: 80 % and above), over what the actor may read.
    pub async fn progress_distribution(
        &self,
        actor: &Actor,
        fiscal_year: FiscalYear,
        quarter: Option<Quarter>,
    ) -> Result<Vec<(i64, i64)>> {
        let scope = read_scope(actor);
        if scope == ReadScope::Nothing {
            return Err(ServiceError::Forbidden);
        }
        let mut tx = self.store.begin_read().await?;
        let generation = tx.portfolio_generation().await?;
        let key = format!("bands {scope:?} {fiscal_year:?} {quarter:?}");
        let bands = match AggregateCache::get(&self.aggregates, generation, &key) {
            Some(Aggregate::Bands(bands)) => bands,
            _ => {
                let bands = tx.progress_bands(scope, fiscal_year, quarter).await?;
                AggregateCache::put(&self.aggregates, generation, key, Aggregate::Bands(bands));
                bands
            }
        };
        Ok(bands.iter().enumerate().map(|(band, count)| (band as i64, *count)).collect())
    }
}
