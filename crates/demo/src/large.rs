//! The large benchmark portfolio: one ministry, four agencies with ten divisions
//! each, the strategy tree, and (by default) 20,000 projects that each run all
//! five fiscal years 2566–2570 with a budget and all four quarters' reports in
//! every year: 100,000 budget years and 400,000 reports, the most demanding
//! reading of "20,000 projects over 5 years", which the portfolio benchmark is
//! held to.
//!
//! The portfolio is planned as data ([`plan_projects`], a pure function of the
//! options and the organisation) and loaded one of two ways, which store the same
//! rows: [`load_through_use_cases`] calls `create_project`, `set_budget`,
//! `create_report`, `submit_report` and `approve_report` for every item, and
//! [`generate_large_portfolio`] hands the same plan to the service's bulk path
//! (`Service::load_portfolio`), which is what the benchmark uses because the use
//! cases take hours for 400,000 reports. The organisation is created through the
//! use cases either way ([`create_organisation`]).

use tidtam_domain::Baht;
use tidtam_domain::model::{
    BudgetYear, FieldError, KpiKind, KpiResult, OrgKind, OrgUnitInput, ProjectInput, ReportContent,
};
use tidtam_domain::model::{PROVINCE_CODES, StrategyInput, StrategyLevel};
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::workflow::ReportStatus;
use tidtam_service::bulk::{PlannedProject, PlannedReport};
use tidtam_service::projects::NewProject;
use tidtam_service::reports::NewReport;
use tidtam_service::{Actor, Result, Service, ServiceError};

use crate::rng::Rng;
use crate::vocabulary::{MINISTRY_STRATEGIES, PROJECT_KINDS, TOPICS};

/// How large a generated portfolio to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LargePortfolio {
    pub projects: usize,
    pub first_year: i32,
    pub years: i32,
    pub seed: u64,
}

impl Default for LargePortfolio {
    fn default() -> Self {
        LargePortfolio { projects: 20_000, first_year: 2566, years: 5, seed: 2567 }
    }
}

impl LargePortfolio {
    /// At least one year, and every year one a fiscal year can be.
    pub fn validate(&self) -> Result<()> {
        let last = self.first_year.checked_add(self.years - 1);
        let valid = |year: i32| FiscalYear::checked(year).is_ok();
        if self.years >= 1 && valid(self.first_year) && last.is_some_and(valid) {
            Ok(())
        } else {
            Err(ServiceError::Invalid(vec![FieldError::new(
                "years",
                "ปีงบประมาณของข้อมูลทดสอบอยู่นอกช่วงที่รองรับ",
                "the portfolio's fiscal years are out of range",
            )]))
        }
    }
}

/// What was generated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LargeSummary {
    pub projects: usize,
    pub budgets: usize,
    pub reports: usize,
}

/// The benchmark's organisation: where projects go and which strategies they serve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenchOrganisation {
    /// `(agency, division)` of each of the 40 divisions.
    pub divisions: Vec<(i64, i64)>,
    /// The five ministry strategies.
    pub ministry_strategies: Vec<i64>,
    /// The agencies' plans, five per agency (any project may serve any of them, as before).
    pub agency_plans: Vec<i64>,
}

/// Projects loaded per transaction by the bulk path (about 10,000 reports, a
/// few hundred MB of forms in memory at most).
const BATCH_PROJECTS: usize = 500;

/// Creates the organisation through the use cases, then loads the planned
/// projects through the bulk path. `actor` must be an admin.
pub async fn generate_large_portfolio(
    service: &Service,
    actor: &Actor,
    options: LargePortfolio,
) -> Result<LargeSummary> {
    options.validate()?;
    let organisation = create_organisation(service, actor).await?;
    let mut projects = plan_projects(options, &organisation);
    let batches = std::iter::from_fn(move || {
        let batch: Vec<PlannedProject> = projects.by_ref().take(BATCH_PROJECTS).collect();
        (!batch.is_empty()).then_some(batch)
    });
    let loaded = service.load_portfolio(actor, batches).await?;
    Ok(LargeSummary { projects: loaded.projects, budgets: loaded.budgets, reports: loaded.reports })
}

/// Loads planned projects one use case at a time, as people would enter them:
/// `actor` (an admin) creates each project, sets each budget year and creates
/// each report, then submits and approves it as far as its planned status says.
pub async fn load_through_use_cases(
    service: &Service,
    actor: &Actor,
    projects: impl IntoIterator<Item = PlannedProject>,
) -> Result<LargeSummary> {
    let mut summary = LargeSummary::default();
    for planned in projects {
        let project = service.create_project(actor, planned.project).await?;
        summary.projects += 1;
        for budget in planned.budgets {
            service.set_budget(actor, BudgetYear { project_id: project.id, ..budget }).await?;
            summary.budgets += 1;
        }
        for report in planned.reports {
            let steps = report.workflow_steps()?;
            let new = NewReport {
                project_id: project.id,
                fiscal_year: report.fiscal_year,
                quarter: report.quarter,
                content: report.content,
            };
            let mut stored = service.create_report(actor, new).await?;
            if steps >= 1 {
                stored = service.submit_report(actor, stored.id, stored.version).await?;
            }
            if steps >= 2 {
                service.approve_report(actor, stored.id, stored.version).await?;
            }
            summary.reports += 1;
        }
    }
    Ok(summary)
}

/// The benchmark's ministry, agencies, divisions and strategies, through the use cases.
pub async fn create_organisation(service: &Service, actor: &Actor) -> Result<BenchOrganisation> {
    let unit =
        |parent_id, kind, code: String, name: String| OrgUnitInput { parent_id, kind, code, name, province_code: None };
    let strategy = |parent_id, level, agency_id, code: String, name: String| StrategyInput {
        parent_id,
        level,
        agency_id,
        code,
        name,
    };
    let ministry = service
        .create_org_unit(actor, unit(None, OrgKind::Ministry, "BENCH-MIN".into(), "กระทรวงทดสอบ".into()))
        .await?;
    let mut organisation =
        BenchOrganisation { divisions: Vec::new(), ministry_strategies: Vec::new(), agency_plans: Vec::new() };
    for (index, name) in MINISTRY_STRATEGIES.iter().enumerate() {
        let input =
            strategy(None, StrategyLevel::MinistryStrategy, None, format!("BENCH-S{}", index + 1), (*name).into());
        organisation.ministry_strategies.push(service.create_strategy(actor, input).await?.id);
    }
    for a in 0..4 {
        let agency = service
            .create_org_unit(
                actor,
                unit(Some(ministry.id), OrgKind::Agency, format!("BENCH-A{a}"), format!("หน่วยงานทดสอบ {a}")),
            )
            .await?;
        for d in 0..10 {
            let division = service
                .create_org_unit(
                    actor,
                    unit(Some(agency.id), OrgKind::Division, format!("BENCH-A{a}-D{d}"), format!("กองทดสอบ {a}-{d}")),
                )
                .await?;
            organisation.divisions.push((agency.id, division.id));
        }
        for p in 0..5 {
            let input = strategy(
                Some(organisation.ministry_strategies[p]),
                StrategyLevel::AgencyPlan,
                Some(agency.id),
                format!("BENCH-A{a}-P{p}"),
                format!("แผนงานทดสอบ {a}-{p}"),
            );
            organisation.agency_plans.push(service.create_strategy(actor, input).await?.id);
        }
    }
    Ok(organisation)
}

/// The planned projects, generated one at a time (the whole plan never sits in
/// memory). `options` must be valid ([`LargePortfolio::validate`]).
pub fn plan_projects(
    options: LargePortfolio,
    organisation: &BenchOrganisation,
) -> impl Iterator<Item = PlannedProject> + use<> {
    let organisation = organisation.clone();
    let mut rng = Rng::new(options.seed);
    (0..options.projects).map(move |index| plan_project(&mut rng, index, options, &organisation))
}

fn plan_project(
    rng: &mut Rng,
    index: usize,
    options: LargePortfolio,
    organisation: &BenchOrganisation,
) -> PlannedProject {
    let (agency_id, division_id) = *rng.pick(&organisation.divisions);
    let start = options.first_year;
    let end = options.first_year + options.years - 1;
    let value = (1 + rng.below(500) as i64) * 10_000_000;
    let provinces: Vec<u8> = (0..rng.below(4)).map(|_| *rng.pick(&PROVINCE_CODES)).collect();
    let name = format!("{}{} {index}", rng.pick(&PROJECT_KINDS), rng.pick(&TOPICS));
    let fields = ProjectInput {
        code: None,
        name,
        budget_source: None,
        value: Some(Baht::from_satang(value)),
        start_year: fy(start),
        end_year: fy(end),
        objectives: Vec::new(),
        summary: None,
        area: None,
        nationwide: provinces.is_empty(),
        provinces,
        responsible: Vec::new(),
        strategy_ids: vec![*rng.pick(&organisation.ministry_strategies), *rng.pick(&organisation.agency_plans)],
        published: rng.chance(60),
    };
    let mut budgets = Vec::new();
    let mut reports = Vec::new();
    for year in start..=end {
        let allocated = value / i64::from(end - start + 1);
        let contracted = allocated * (70 + rng.below(31) as i64) / 100;
        budgets.push(BudgetYear {
            project_id: 0,
            fiscal_year: fy(year),
            allocated: Baht::from_satang(allocated),
            contracted: Baht::from_satang(contracted),
            carried_over: Baht::ZERO,
        });
        for quarter in Quarter::ALL {
            reports.push(plan_report(rng, fy(year), quarter, allocated, contracted));
        }
    }
    PlannedProject { project: NewProject { agency_id, owner_division_id: Some(division_id), fields }, budgets, reports }
}

/// A quarter's report: progress and disbursement on the year's path, and one to
/// three percentage indicators whose results decide (through the use case's
/// scoring) how many are achieved. Nine in ten are approved, the rest submitted.
fn plan_report(rng: &mut Rng, year: FiscalYear, quarter: Quarter, allocated: i64, contracted: i64) -> PlannedReport {
    let share = f64::from(quarter.number()) / 4.0;
    let status = if rng.chance(90) { ReportStatus::Approved } else { ReportStatus::Submitted };
    let progress = (share * 100.0 * (0.7 + rng.below(31) as f64 / 100.0)).round();
    let disbursed = (contracted as f64 * share * (0.5 + rng.below(50) as f64 / 100.0)) as i64;
    let kpis = 1 + rng.below(3);
    let kpi_results = (0..kpis)
        .map(|n| KpiResult {
            kpi_name: format!("ตัวชี้วัดที่ {}", n + 1),
            kind: KpiKind::Quantitative,
            target_text: Some("ร้อยละ 80".into()),
            result_text: Some(format!("ร้อยละ {}", 50 + rng.below(51))),
            achieved: None,
        })
        .collect();
    PlannedReport {
        fiscal_year: year,
        quarter,
        content: ReportContent {
            progress_percent: Some(progress),
            allocated: Some(Baht::from_satang(allocated)),
            contracted: Some(Baht::from_satang(contracted)),
            disbursed: Some(Baht::from_satang(disbursed)),
            kpi_results,
            ..ReportContent::default()
        },
        status,
    }
}

fn fy(year: i32) -> FiscalYear {
    FiscalYear::checked(year).expect("checked by LargePortfolio::validate")
}
