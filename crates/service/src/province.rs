//! Provinces: the page of one province (its strategic issues, the statistics
//! each needs with what the hub holds of them, its projects) and the plan its
//! statistics office keeps (the provincial statistics chart).

use std::collections::BTreeMap;

use tidtam_api::portfolio::PortfolioGroup;
use tidtam_api::province::{
    GroupValue, IssueInput, IssueProfile, ProvinceGroupView, ProvincePlanView, ProvinceProfile, ProvinceProject,
    ProvinceRef, SeriesPoint, SeriesSource, StatisticInput, StatisticProfile,
};
use tidtam_domain::FiscalYear;
use tidtam_domain::model::{FieldError, OrgKind};
use tidtam_domain::policy::{Action, Actor, Resource, ResourceKind, can};
use tidtam_stats::codelist::province_code;
use tidtam_stats::model::{DimensionId, ObsMap};
use tidtam_stats::period::Frequency;
use tidtam_stats::province::{
    Freshness, Issue, NeededStatistic, Polarity, ProvincePlan, SeriesRef, TargetStatus, Trend, freshness,
    indicator_profile,
};
use tidtam_stats::register::{Coverage, Entry, StatusKind, status};
use tidtam_stats::release::History;
use tidtam_store::{PageRequest, ProjectFilter, ProvincePlanRow, StatDatasetRow, Tx};
use tidtam_thai::province::{Province, by_code};
use tidtam_thai::province_group::group_of;

use crate::portfolio::{GroupBy, PortfolioQuery};
use crate::{Result, Service, ServiceError, authorize_existing, record_audit, to_json};

/// How many of the province's projects the page lists (the rest are one link away).
pub const PROJECTS_SHOWN: u32 = 20;

fn province(code: u8) -> Result<&'static Province> {
    by_code(code).ok_or(ServiceError::NotFound)
}

fn province_ref(code: u8) -> ProvinceRef {
    let p = by_code(code).expect("a province code");
    ProvinceRef { code, name_th: p.name_th.into(), name_en: p.name_en.into() }
}

/// The plan as a policy resource: kept by the province's statistics office
/// (the first provincial office with the province's code) and its agency.
async fn plan_resource(tx: &mut Tx, code: u8) -> Result<Resource> {
    let office = tx
        .org_units()
        .await?
        .into_iter()
        .find(|unit| unit.kind == OrgKind::ProvincialOffice && unit.province_code == Some(code));
    Ok(match office {
        Some(office) => Resource::owned(ResourceKind::ProvincePlan, office.parent_id, Some(office.id), true),
        None => Resource::global(ResourceKind::ProvincePlan),
    })
}

fn polarity_name(polarity: Polarity) -> &'static str {
    match polarity {
        Polarity::HigherIsBetter => "higher_is_better",
        Polarity::LowerIsBetter => "lower_is_better",
    }
}

/// The stored plan as the wire shows it.
pub fn plan_view(row: &ProvincePlanRow) -> ProvincePlanView {
    ProvincePlanView {
        version: row.version,
        issues: row
            .plan
            .issues
            .iter()
            .map(|issue| IssueInput {
                title_th: issue.title_th.clone(),
                title_en: issue.title_en.clone(),
                statistics: issue
                    .statistics
                    .iter()
                    .map(|s| StatisticInput {
                        name_th: s.name_th.clone(),
                        producer: s.producer.clone(),
                        frequency: s.frequency.code().into(),
                        lag_months: s.lag_months,
                        dataset: s.source.as_ref().map(|r| r.dataset.clone()),
                        indicator: s.source.as_ref().map(|r| r.indicator.clone()),
                        target: s.target,
                        polarity: Some(polarity_name(s.polarity).into()),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The wire's plan as the model's, or every field error at once.
pub fn plan_from_view(view: &ProvincePlanView) -> Result<ProvincePlan> {
    let mut errors = Vec::new();
    let mut issues = Vec::new();
    for (i, issue) in view.issues.iter().enumerate() {
        let mut statistics = Vec::new();
        for (j, s) in issue.statistics.iter().enumerate() {
            let at = format!("issues[{i}].statistics[{j}]");
            let frequency = Frequency::from_code(s.frequency.trim()).unwrap_or_else(|| {
                errors.push(FieldError::new(
                    &format!("{at}.frequency"),
                    "ความถี่ต้องเป็น A (รายปี) Q (รายไตรมาส) หรือ M (รายเดือน)",
                    "the frequency must be A (annual), Q (quarterly) or M (monthly)",
                ));
                Frequency::Annual
            });
            let polarity = match s.polarity.as_deref().map(str::trim) {
                None | Some("") | Some("higher_is_better") => Polarity::HigherIsBetter,
                Some("lower_is_better") => Polarity::LowerIsBetter,
                Some(_) => {
                    errors.push(FieldError::new(
                        &format!("{at}.polarity"),
                        "ทิศทางต้องเป็น higher_is_better หรือ lower_is_better",
                        "the polarity must be higher_is_better or lower_is_better",
                    ));
                    Polarity::HigherIsBetter
                }
            };
            let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(String::from);
            let source = match (text(&s.dataset), text(&s.indicator)) {
                (Some(dataset), Some(indicator)) => Some(SeriesRef { dataset, indicator }),
                (None, None) => None,
                _ => {
                    errors.push(FieldError::new(
                        &format!("{at}.indicator"),
                        "ต้องระบุทั้งชุดข้อมูลและตัวชี้วัด หรือไม่ระบุทั้งสองอย่าง",
                        "give both the dataset and the indicator, or neither",
                    ));
                    None
                }
            };
            statistics.push(NeededStatistic {
                name_th: s.name_th.trim().into(),
                producer: s.producer.trim().into(),
                frequency,
                lag_months: s.lag_months,
                source,
                target: s.target,
                polarity,
            });
        }
        issues.push(Issue {
            title_th: issue.title_th.trim().into(),
            title_en: issue.title_en.trim().into(),
            statistics,
        });
    }
    let plan = ProvincePlan { issues };
    errors.extend(plan.validate().into_iter().map(|e| FieldError::new(&e.field, &e.message_th, &e.message_en)));
    if errors.is_empty() { Ok(plan) } else { Err(ServiceError::Invalid(errors)) }
}

fn freshness_view(state: Freshness) -> (&'static str, Option<String>, Option<String>, u32) {
    match state {
        Freshness::UpToDate { latest } => ("up_to_date", Some(latest.label_th()), None, 0),
        Freshness::Behind { latest, due, behind } => ("behind", Some(latest.label_th()), Some(due.label_th()), behind),
        Freshness::NoData => ("no_data", None, None, 0),
    }
}

fn target_status_name(status: TargetStatus) -> &'static str {
    match status {
        TargetStatus::Met => "met",
        TargetStatus::NotMet => "not_met",
        TargetStatus::NoTarget => "no_target",
        TargetStatus::NoData => "no_data",
    }
}

fn trend_name(trend: Trend) -> &'static str {
    match trend {
        Trend::Better => "better",
        Trend::Worse => "worse",
        Trend::Same => "same",
    }
}

/// A dataset the reader may see, with its history and its latest release's observations.
struct Readable {
    row: StatDatasetRow,
    history: History,
    observations: ObsMap,
    release: Option<(u32, jiff::Timestamp)>,
}

/// The register's judgement of a statistic for one province, when the register
/// has an entry for the same dataset and indicator with a calendar to judge by:
/// (freshness, latest period, the last period overdue, how many are overdue).
fn register_freshness(
    entry: &Entry,
    readable: &Readable,
    indicator: &str,
    code: u8,
    today: jiff::civil::Date,
) -> Option<(&'static str, Option<String>, Option<String>, u32)> {
    let area_at = readable.row.dataset.dimensions.iter().position(|d| *d == DimensionId::Area);
    let coverage = Coverage::from_history(&readable.history, Some(indicator), area_at);
    let released = coverage.by_area.get(&province_code(code)).cloned().unwrap_or_default();
    let judged = status(&entry.schedule, &released, today);
    let latest = judged.latest.map(|p| p.label_th());
    match judged.kind {
        StatusKind::OnTime => Some(("up_to_date", latest, None, 0)),
        StatusKind::Late => {
            let overdue: Vec<_> = judged.overdue().collect();
            Some(("behind", latest, overdue.last().map(|p| p.period.label_th()), overdue.len() as u32))
        }
        StatusKind::NotProduced => Some(("no_data", None, None, 0)),
        // Released, but with no calendar the register cannot judge: the statistic's own lag does.
        StatusKind::Produced => None,
    }
}

fn statistic_profile(
    needed: &NeededStatistic,
    code: u8,
    datasets: &BTreeMap<String, Option<Readable>>,
    register: &[Entry],
    today: jiff::civil::Date,
) -> StatisticProfile {
    let mut view = StatisticProfile {
        name_th: needed.name_th.clone(),
        producer: needed.producer.clone(),
        frequency: needed.frequency.code().into(),
        frequency_th: needed.frequency.name_th().into(),
        lag_months: needed.lag_months,
        target: needed.target,
        polarity: polarity_name(needed.polarity).into(),
        source: None,
        freshness: "not_in_hub".into(),
        register_code: None,
        latest_th: None,
        due_th: None,
        periods_behind: 0,
        series: Vec::new(),
        latest_value: None,
        target_status: target_status_name(TargetStatus::NoData).into(),
        trend: None,
        region: None,
        country: None,
        group: Vec::new(),
        rank: None,
        rank_of: None,
    };
    let Some(source) = &needed.source else { return view };
    let Some(Some(readable)) = datasets.get(&source.dataset) else {
        view.freshness = "not_readable".into();
        return view;
    };
    let dataset = &readable.row.dataset;
    let indicator = dataset.indicators.iter().find(|i| i.code == source.indicator);
    view.source = Some(SeriesSource {
        dataset: dataset.id.clone(),
        dataset_title_th: dataset.title_th.clone(),
        agency_name: readable.row.agency_name.clone(),
        indicator: source.indicator.clone(),
        indicator_name_th: indicator.map(|i| i.name_th.clone()).unwrap_or_default(),
        unit_th: indicator.map(|i| i.unit_th.clone()).unwrap_or_default(),
        release: readable.release.map(|r| r.0),
        release_published_at: readable.release.map(|r| r.1.to_string()),
    });
    let profile =
        indicator_profile(dataset, &readable.observations, &source.indicator, code, needed.target, needed.polarity);
    let entry = register.iter().find(|e| {
        e.dataset.as_deref() == Some(source.dataset.as_str())
            && e.indicator.as_deref() == Some(source.indicator.as_str())
    });
    let judged = entry.and_then(|e| register_freshness(e, readable, &source.indicator, code, today));
    if judged.is_some() {
        view.register_code = entry.map(|e| e.code.clone());
    }
    let (state, latest_th, due_th, behind) =
        judged.unwrap_or_else(|| freshness_view(freshness(profile.latest, needed.lag_months, today)));
    view.freshness = state.into();
    view.latest_th = latest_th;
    view.due_th = due_th;
    view.periods_behind = behind;
    view.series = profile
        .series
        .iter()
        .map(|p| SeriesPoint {
            period: p.period.sdmx(),
            label_th: p.period.label_th(),
            value: p.value,
            status: p.status.code().into(),
        })
        .collect();
    view.latest_value = profile.latest_value;
    view.target_status = target_status_name(profile.target_status).into();
    view.trend = profile.trend.map(|t| trend_name(t).into());
    view.region = profile.region;
    view.country = profile.country;
    view.group =
        profile.group.iter().map(|n| GroupValue { province: province_ref(n.province), value: n.value }).collect();
    view.rank = profile.rank.map(|r| r.position);
    view.rank_of = profile.rank.map(|r| r.of);
    view
}

impl Service {
    /// A province's plan as stored (an empty plan at version 0 before the first edit).
    pub async fn province_plan(&self, code: u8) -> Result<ProvincePlanRow> {
        province(code)?;
        let mut tx = self.store.begin_read().await?;
        let row = tx.province_plan(code).await?;
        tx.rollback().await?;
        Ok(row)
    }

    /// Replaces a province's plan written at `view.version`; every change is audited.
    pub async fn save_province_plan(
        &self,
        actor: &Actor,
        code: u8,
        view: &ProvincePlanView,
    ) -> Result<ProvincePlanRow> {
        province(code)?;
        let mut tx = self.store.begin().await?;
        authorize_existing(actor, Action::Update, &plan_resource(&mut tx, code).await?)?;
        let plan = plan_from_view(view)?;
        let before = tx.province_plan(code).await?;
        let now = self.now();
        tx.put_province_plan(code, view.version, &plan, actor.user_id, now).await?;
        let action = if before.version == 0 { "create" } else { "update" };
        let old = (before.version > 0).then(|| to_json(&before.plan));
        record_audit(&mut tx, actor, now, "province_plan", i64::from(code), action, old, Some(to_json(&plan))).await?;
        let row = tx.province_plan(code).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The province's page for `actor` on `today`: the plan with what the hub
    /// holds of each statistic (read from the latest release the reader may
    /// see), and the projects in the province in `fiscal_year`.
    pub async fn province_profile(
        &self,
        actor: &Actor,
        code: u8,
        fiscal_year: FiscalYear,
        today: jiff::civil::Date,
    ) -> Result<ProvinceProfile> {
        let p = province(code)?;
        let mut tx = self.store.begin_read().await?;
        let row = tx.province_plan(code).await?;
        let may_edit = can(actor, Action::Update, &plan_resource(&mut tx, code).await?);
        let register: Vec<Entry> = tx.register_entries().await?.into_iter().map(|r| r.entry).collect();
        tx.rollback().await?;

        let mut datasets: BTreeMap<String, Option<Readable>> = BTreeMap::new();
        for source in row.plan.issues.iter().flat_map(|i| &i.statistics).filter_map(|s| s.source.as_ref()) {
            if datasets.contains_key(&source.dataset) {
                continue;
            }
            let readable = match self.stat_history(actor, &source.dataset).await {
                Ok((row, history)) => {
                    let release = history.releases.last().map(|r| (r.number, r.published_at));
                    Some(Readable { row, observations: history.latest(), history, release })
                }
                Err(ServiceError::NotFound) => None,
                Err(other) => return Err(other),
            };
            datasets.insert(source.dataset.clone(), readable);
        }
        let issues: Vec<IssueProfile> = row
            .plan
            .issues
            .iter()
            .map(|issue| IssueProfile {
                title_th: issue.title_th.clone(),
                title_en: issue.title_en.clone(),
                statistics: issue
                    .statistics
                    .iter()
                    .map(|s| statistic_profile(s, code, &datasets, &register, today))
                    .collect(),
            })
            .collect();

        let groups =
            self.portfolio(actor, PortfolioQuery { fiscal_year, quarter: None, group_by: GroupBy::Province }).await?;
        let portfolio: Option<PortfolioGroup> = groups.into_iter().find(|g| g.group_id == Some(i64::from(code)));
        let filter = ProjectFilter {
            fiscal_year: Some(fiscal_year),
            province_code: Some(code),
            sort: tidtam_store::ProjectSort { key: tidtam_store::ProjectSortKey::Name, descending: false },
            ..ProjectFilter::default()
        };
        let page = self.list_projects(actor, filter, PageRequest::new(1, PROJECTS_SHOWN)).await?;
        Ok(ProvinceProfile {
            province: province_ref(code),
            region_th: p.region.name_th().into(),
            region_en: p.region.name_en().into(),
            group: group_of(code).map(|g| ProvinceGroupView {
                number: g.number,
                name_th: g.name_th.into(),
                name_en: g.name_en.into(),
                members: g.members.iter().map(|&m| province_ref(m)).collect(),
            }),
            plan_version: row.version,
            plan_updated_at: row.updated_at.map(|t| t.to_string()),
            may_edit,
            as_of: today.to_string(),
            gaps: row.plan.gaps().count() as u32,
            issues,
            fiscal_year: fiscal_year.be(),
            portfolio,
            projects: page
                .items
                .iter()
                .map(|s| ProvinceProject { id: s.id, code: s.code.clone(), name: s.name.clone() })
                .collect(),
            projects_total: page.total,
        })
    }
}
