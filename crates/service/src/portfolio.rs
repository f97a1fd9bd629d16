//! Portfolio aggregates: what the money did, per strategy, division, province or
//! quarter; progress, problems and risks. Each is computed for a read scope by
//! [`compute`] and kept while the data is unchanged ([`crate::aggregates`]).

use serde::{Deserialize, Serialize};
use tidtam_domain::Baht;
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::policy::{Actor, ReadScope, read_scope};
use tidtam_domain::risk::Risk;
pub use tidtam_store::GroupBy;
use tidtam_store::{PortfolioFilter, Tx};

use crate::aggregates::{AggregateCache, KeptKey};
use crate::{Result, Service, ServiceError};

/// What to aggregate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PortfolioQuery {
    pub fiscal_year: FiscalYear,
    /// As of the end of this quarter; `None`: latest report of the year.
    pub quarter: Option<Quarter>,
    pub group_by: GroupBy,
}

// A group's totals are a wire type: the API and the pages show them as they are.
pub use tidtam_api::portfolio::PortfolioGroup;

/// What an aggregate is of: the scope it was computed for and its question.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum AggregateKey {
    Groups(ReadScope, PortfolioQuery),
    Bands(ReadScope, FiscalYear, Option<Quarter>),
    Causes(ReadScope, FiscalYear, Quarter),
    /// The first `limit` reports with findings.
    Findings(ReadScope, FiscalYear, Option<Quarter>, u32),
    Risks(ReadScope, FiscalYear, Quarter),
    /// How many projects are late under a rule: the rule holds the quarter's
    /// deadline and whether it has passed, all lateness depends on besides the
    /// data, so the count is recomputed ahead like the sums.
    Late(ReadScope, tidtam_store::LateRule),
    /// A marker: the hub's portfolio dataset was refreshed at this generation
    /// (`stats_portfolio`); nothing to recompute ahead.
    PortfolioDataset,
}

impl KeptKey for AggregateKey {
    fn recomputable(&self) -> bool {
        !matches!(self, AggregateKey::PortfolioDataset)
    }
}

/// A kept aggregate.
#[derive(Clone, Debug)]
pub(crate) enum Aggregate {
    Groups(Vec<PortfolioGroup>),
    Bands([i64; 5]),
    Causes(Vec<(tidtam_domain::problem::ProblemCause, i64)>),
    /// A short list of reports and how many there are in all.
    Reports(Vec<tidtam_store::ReportSummary>, i64),
    Count(i64),
    /// Projects at risk, by reason.
    Risks(Vec<(Risk, Vec<i64>)>),
}

/// The cache the service keeps ([`crate::aggregates`]).
pub(crate) type KeptAggregates = AggregateCache<AggregateKey, Aggregate>;

/// The aggregate `key` names, from the database as `tx` sees it.
async fn compute(tx: &mut Tx, key: &AggregateKey) -> Result<Aggregate> {
    Ok(match *key {
        AggregateKey::Groups(scope, query) => {
            let filter =
                PortfolioFilter { fiscal_year: query.fiscal_year, quarter: query.quarter, group_by: query.group_by };
            Aggregate::Groups(tx.portfolio(scope, filter).await?.into_iter().map(group).collect())
        }
        AggregateKey::Bands(scope, fiscal_year, quarter) => {
            Aggregate::Bands(tx.progress_bands(scope, fiscal_year, quarter).await?)
        }
        AggregateKey::Causes(scope, fiscal_year, quarter) => {
            Aggregate::Causes(tx.problem_causes(scope, fiscal_year, quarter).await?)
        }
        AggregateKey::Findings(scope, fiscal_year, quarter, limit) => {
            let filter = tidtam_store::ReportFilter {
                fiscal_year: Some(fiscal_year),
                quarter,
                with_findings: true,
                ..tidtam_store::ReportFilter::default()
            };
            let (items, total) = tx.list_reports(scope, &filter, tidtam_store::PageRequest::new(1, limit)).await?;
            Aggregate::Reports(items, total)
        }
        AggregateKey::Risks(scope, fiscal_year, quarter) => {
            let figures = tx.risk_figures(scope, fiscal_year, quarter).await?;
            Aggregate::Risks(
                Risk::ALL
                    .into_iter()
                    .map(|risk| {
                        let ids = figures.iter().filter(|(_, f)| risk.holds(quarter, f)).map(|(id, _)| *id).collect();
                        (risk, ids)
                    })
                    .collect(),
            )
        }
        AggregateKey::Late(scope, rule) => Aggregate::Count(tx.late_count(scope, rule).await?),
        AggregateKey::PortfolioDataset => {
            return Err(ServiceError::Internal(format!("{key:?} is not computed here")));
        }
    })
}

fn group(row: tidtam_store::PortfolioRow) -> PortfolioGroup {
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
}

/// The scope an aggregate is computed for; nobody may aggregate nothing.
fn aggregate_scope(actor: &Actor) -> Result<ReadScope> {
    match read_scope(actor) {
        ReadScope::Nothing => Err(ServiceError::Forbidden),
        scope => Ok(scope),
    }
}

/// What a service made by [`Service::allowing_lag`] accepts and what it answered with.
#[derive(Debug)]
pub(crate) struct Lag {
    /// The reader's own last write: nothing older is shown to them.
    at_least: i64,
    /// When the oldest lagging aggregate answered was computed.
    oldest: std::sync::Mutex<Option<jiff::Timestamp>>,
}

impl Service {
    /// The same service for one reader who accepts aggregates one recomputation
    /// old: while the database has moved on and the new sums are being computed
    /// (by the warmer, or started here in the background), an aggregate comes
    /// from the generation before and [`Service::lagging_since`] says when that
    /// was computed. The reader's own writes through this process are never
    /// lagged behind. For pages people watch while others write (the
    /// dashboard); the JSON API and exports stay exact.
    pub fn allowing_lag(&self, actor: &Actor) -> Service {
        let at_least = actor.user_id.and_then(|user| self.store.portfolio_written_by(user)).unwrap_or(0);
        let lag = Lag { at_least, oldest: std::sync::Mutex::new(None) };
        Service { lag: Some(std::sync::Arc::new(lag)), ..self.clone() }
    }

    /// When the oldest aggregate this service answered from an earlier
    /// generation was computed; `None` when every answer was current.
    pub fn lagging_since(&self) -> Option<jiff::Timestamp> {
        let lag = self.lag.as_ref()?;
        *lag.oldest.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The aggregate `key` names: kept, or computed and kept. While someone
    /// computes it (a reader or the warmer), others wait and take theirs; no
    /// database connection is held while waiting. A reader who accepts a lag
    /// takes the generation before instead of waiting.
    async fn kept(&self, key: AggregateKey) -> Result<Aggregate> {
        let generation = self.store.begin_read().await?.portfolio_generation().await?;
        if let Some(aggregate) = KeptAggregates::get(&self.aggregates, generation, &key) {
            return Ok(aggregate);
        }
        if let Some(lag) = &self.lag
            && let Some((aggregate, computed_at)) = KeptAggregates::get_lagging(&self.aggregates, lag.at_least, &key)
        {
            if !self.aggregate_flights.is_running(&key) {
                let service = Service { lag: None, ..self.clone() };
                tokio::spawn(async move {
                    let _flight = service.aggregate_flights.enter(&key).await;
                    // A failure is the next reader's to meet: it computes the key itself.
                    let _ = service.compute_kept(key).await;
                });
            }
            let mut oldest = lag.oldest.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            *oldest = Some(oldest.map_or(computed_at, |oldest| oldest.min(computed_at)));
            return Ok(aggregate);
        }
        let _flight = self.aggregate_flights.enter(&key).await;
        self.compute_kept(key).await
    }

    /// Computes `key` at the database's current generation unless it was kept
    /// meanwhile; the caller holds the key's flight.
    async fn compute_kept(&self, key: AggregateKey) -> Result<Aggregate> {
        let mut tx = self.store.begin_read().await?;
        let generation = tx.portfolio_generation().await?;
        if let Some(aggregate) = KeptAggregates::get(&self.aggregates, generation, &key) {
            return Ok(aggregate);
        }
        // The real clock, not the service's (`Service::at`): this says how old
        // the sums are when a lagging reader is shown them.
        let computed_at = jiff::Timestamp::now();
        let aggregate = compute(&mut tx, &key).await?;
        KeptAggregates::put(&self.aggregates, generation, computed_at, key, aggregate.clone());
        Ok(aggregate)
    }

    /// Aggregates over the projects the actor may read (the public: published
    /// projects and approved reports only).
    pub async fn portfolio(&self, actor: &Actor, query: PortfolioQuery) -> Result<Vec<PortfolioGroup>> {
        match self.kept(AggregateKey::Groups(aggregate_scope(actor)?, query)).await? {
            Aggregate::Groups(groups) => Ok(groups),
            other => Err(unexpected(other)),
        }
    }

    /// How many projects' latest report (as of `quarter`, else the year's end)
    /// falls in each fifth of progress: `(band, count)` for bands 0..=4
    /// (0: below 20 %, 4: 80 % and above), over what the actor may read.
    pub async fn progress_distribution(
        &self,
        actor: &Actor,
        fiscal_year: FiscalYear,
        quarter: Option<Quarter>,
    ) -> Result<Vec<(i64, i64)>> {
        match self.kept(AggregateKey::Bands(aggregate_scope(actor)?, fiscal_year, quarter)).await? {
            Aggregate::Bands(bands) => {
                Ok(bands.iter().enumerate().map(|(band, count)| (band as i64, *count)).collect())
            }
            other => Err(unexpected(other)),
        }
    }

    /// How many of the quarter's reports name each problem cause, most frequent
    /// first, over what the actor may read (the dashboard's "problems by cause").
    pub async fn problem_causes(
        &self,
        actor: &Actor,
        fiscal_year: FiscalYear,
        quarter: Quarter,
    ) -> Result<Vec<(tidtam_domain::problem::ProblemCause, i64)>> {
        match self.kept(AggregateKey::Causes(aggregate_scope(actor)?, fiscal_year, quarter)).await? {
            Aggregate::Causes(causes) => Ok(causes),
            other => Err(unexpected(other)),
        }
    }

    /// The quarter's reports with checker findings: the first `limit` and how
    /// many in all, over what the actor may read.
    pub async fn reports_at_risk(
        &self,
        actor: &Actor,
        fiscal_year: FiscalYear,
        quarter: Option<Quarter>,
        limit: u32,
    ) -> Result<crate::Page<tidtam_store::ReportSummary>> {
        let request = tidtam_store::PageRequest::new(1, limit);
        // The key holds the limit as `PageRequest` clamps it, as the store pages.
        let key = AggregateKey::Findings(read_scope(actor), fiscal_year, quarter, request.per_page);
        match self.kept(key).await? {
            Aggregate::Reports(items, total) => Ok(crate::paged(items, total, request)),
            other => Err(unexpected(other)),
        }
    }

    /// The projects at risk as of a quarter, for each of the domain's reasons
    /// (`tidtam_domain::risk::Risk`), over what the actor may read.
    pub async fn projects_at_risk(
        &self,
        actor: &Actor,
        fiscal_year: FiscalYear,
        quarter: Quarter,
    ) -> Result<Vec<(Risk, Vec<i64>)>> {
        match self.kept(AggregateKey::Risks(aggregate_scope(actor)?, fiscal_year, quarter)).await? {
            Aggregate::Risks(risks) => Ok(risks),
            other => Err(unexpected(other)),
        }
    }

    /// How many projects are late for the quarter: the length of
    /// [`Service::late_reports`]' list, counted by the database under the same
    /// rule and kept (and recomputed ahead after a write) like the sums.
    pub async fn late_count(&self, actor: &Actor, fiscal_year: FiscalYear, quarter: Quarter) -> Result<i64> {
        let (scope, _, rule) = self.late_rule(actor, fiscal_year, quarter, None).await?;
        match self.kept(AggregateKey::Late(scope, rule)).await? {
            Aggregate::Count(count) => Ok(count),
            other => Err(unexpected(other)),
        }
    }

    /// Recomputes, after a write, the aggregates people were reading, so the
    /// next reader finds them kept; returns how many. One pass; see
    /// [`Service::keep_aggregates_warm`].
    pub async fn warm_aggregates(&self) -> Result<usize> {
        let generation = self.store.begin_read().await?.portfolio_generation().await?;
        let keys = KeptAggregates::stale_keys(&self.aggregates, generation);
        for key in &keys {
            // A key a reader is computing is waited for, not computed twice.
            let _flight = self.aggregate_flights.enter(key).await;
            self.compute_kept(key.clone()).await?;
        }
        Ok(keys.len())
    }

    /// Runs [`Service::warm_aggregates`] every `every` until the process ends
    /// (the server starts it): a write by any server sharing the database is
    /// noticed at the next tick by one primary-key read.
    pub fn keep_aggregates_warm(&self, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
        let service = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                // A failed pass (the database busy or gone) is tried again at the next tick;
                // readers compute what is missing themselves meanwhile.
                let _ = service.warm_aggregates().await;
            }
        })
    }
}

fn unexpected(aggregate: Aggregate) -> ServiceError {
    ServiceError::Internal(format!("a kept aggregate of another kind: {aggregate:?}"))
}
