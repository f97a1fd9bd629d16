//! The demo agency: the NSO with six divisions and eight provincial offices, the
//! strategy tree from the national strategy down to the agency's plans, one user
//! per role, and 50 projects over fiscal years 2567–2568 with every quarter
//! reported (some late, some missing, some inconsistent, some returned).
//!
//! Everything goes through the use cases at the time it describes
//! (`Service::at`): the organisation is set up a month before fiscal year 2567,
//! a project is planned 20 days before its first year, a report is drafted,
//! submitted around its deadline (late for about one in eight) and reviewed five
//! days later. Division projects are reported by the division's owner and
//! reviewed by the planner; provincial offices have no user of their own, so
//! the planner enters their reports and the admin reviews them (the four-eyes
//! rule forbids the planner to approve what they submitted).

use jiff::civil::Date;
use jiff::{SignedDuration, Span, Timestamp};
use tidtam_domain::Baht;
use tidtam_domain::model::{
    ActivityResult, BudgetYear, FieldError, Instalment, KpiKind, KpiResult, KpiTarget, OrgKind, OrgUnitInput, Problem,
    ProjectInput, ReportContent, StrategyInput, StrategyLevel, first_number,
};
use tidtam_domain::period::{FiscalYear, Quarter, default_deadline};
use tidtam_domain::problem::classify;
use tidtam_domain::workflow::ReportStatus;
use tidtam_service::auth::NewUser;
use tidtam_service::projects::{ActivityInput, KpiInput, NewProject};
use tidtam_service::reports::NewReport;
use tidtam_service::{Actor, Result, Role, Service, ServiceError};

use crate::rng::Rng;
use crate::vocabulary::{ACTIVITIES, DIVISIONS, KPIS, MINISTRY_STRATEGIES, PROBLEMS, PROJECT_KINDS, PROVINCES, TOPICS};

/// The password of every demo user (the demo database is for trying things out only).
pub const DEMO_PASSWORD: &str = "tidtam-demo-2567";

/// How many projects the demo agency runs.
const PROJECTS: usize = 50;

/// The demo's fiscal years; the last quarter of the last one is "now".
const YEARS: [i32; 2] = [2567, 2568];

const RETURN_COMMENT: &str = "กรุณาระบุผลการเบิกจ่ายให้ตรงกับระบบ GFMIS";

/// What the demo contains, and how to sign in to it.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoSummary {
    pub agency_id: i64,
    pub divisions: usize,
    pub projects: usize,
    pub reports: usize,
    pub late_or_missing: usize,
    pub inconsistent: usize,
    /// `(username, role)`; every demo user has [`DEMO_PASSWORD`].
    pub users: Vec<(String, Role)>,
}

/// Fills an empty database with the demo agency. `actor` must be an admin
/// (`Actor::system()` from the command line); the demo's own users are created
/// by it and then act for themselves.
pub async fn generate_demo(service: &Service, actor: &Actor, seed: u64) -> Result<DemoSummary> {
    if !service.list_org_units(actor).await?.is_empty() {
        return Err(ServiceError::Invalid(vec![FieldError::new(
            "database",
            "ฐานข้อมูลมีข้อมูลอยู่แล้ว",
            "the database is not empty",
        )]));
    }
    let setup = service.at(noon(fy(YEARS[0]).start()) - days(30));
    let organisation = create_organisation(&setup, actor).await?;
    let plans = create_strategies(&setup, actor, organisation.agency_id).await?;
    let people = create_users(&setup, actor, &organisation).await?;
    for year in YEARS {
        for quarter in Quarter::ALL {
            setup.set_deadline(actor, fy(year), quarter, default_deadline(fy(year), quarter)).await?;
        }
    }
    let mut summary = DemoSummary {
        agency_id: organisation.agency_id,
        divisions: organisation.units.len(),
        projects: 0,
        reports: 0,
        late_or_missing: 0,
        inconsistent: 0,
        users: people.sign_ins.clone(),
    };
    let mut rng = Rng::new(seed);
    for number in 0..PROJECTS {
        let plan = plan_project(&mut rng, number, &organisation, &plans);
        let project_id = create_project(service, &people.planner, &plan).await?;
        report_project(service, &mut rng, &people, &plan, project_id, &mut summary).await?;
        summary.projects += 1;
    }
    let staff = crate::performance::Staff {
        planner: people.planner.clone(),
        officer: people.division_owners[0].clone(),
        committee: people.committee.clone(),
    };
    crate::performance::create_performance(service, &staff, organisation.agency_id).await?;
    Ok(summary)
}

/// A division or provincial office that owns projects.
#[derive(Clone, Debug)]
struct OwnerUnit {
    id: i64,
    province: Option<u8>,
    name: String,
}

struct Organisation {
    agency_id: i64,
    /// The six divisions, then the eight provincial offices.
    units: Vec<OwnerUnit>,
}

async fn create_organisation(service: &Service, actor: &Actor) -> Result<Organisation> {
    let unit = |parent_id, kind, code: &str, name: &str, province_code| OrgUnitInput {
        parent_id,
        kind,
        code: code.into(),
        name: name.into(),
        province_code,
    };
    let ministry = service
        .create_org_unit(actor, unit(None, OrgKind::Ministry, "MDES", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", None))
        .await?;
    let agency = service
        .create_org_unit(actor, unit(Some(ministry.id), OrgKind::Agency, "NSO", "สำนักงานสถิติแห่งชาติ", None))
        .await?;
    let mut units = Vec::new();
    for (code, name) in DIVISIONS {
        let division =
            service.create_org_unit(actor, unit(Some(agency.id), OrgKind::Division, code, name, None)).await?;
        units.push(OwnerUnit { id: division.id, province: None, name: division.name });
    }
    for (code, province) in PROVINCES {
        let name = format!("สำนักงานสถิติจังหวัด{province}");
        let office = service
            .create_org_unit(
                actor,
                unit(Some(agency.id), OrgKind::ProvincialOffice, &format!("NSO-P{code}"), &name, Some(code)),
            )
            .await?;
        units.push(OwnerUnit { id: office.id, province: Some(code), name });
    }
    Ok(Organisation { agency_id: agency.id, units })
}

/// The strategy tree; returns the agency's plans, each with the ministry strategy it serves.
async fn create_strategies(service: &Service, actor: &Actor, agency_id: i64) -> Result<Vec<(i64, i64)>> {
    let create = async |parent_id, level, agency_id, code: &str, name: &str| -> Result<i64> {
        let input = StrategyInput { parent_id, level, agency_id, code: code.into(), name: name.into() };
        Ok(service.create_strategy(actor, input).await?.id)
    };
    use StrategyLevel::{AgencyPlan, MasterPlan, MinistryStrategy, NationalStrategy};
    let national = create(None, NationalStrategy, None, "NS-2", "ยุทธศาสตร์ชาติด้านการสร้างความสามารถในการแข่งขัน").await?;
    let national_gov =
        create(None, NationalStrategy, None, "NS-6", "ยุทธศาสตร์ชาติด้านการปรับสมดุลและพัฒนาระบบการบริหารจัดการภาครัฐ").await?;
    let master =
        create(Some(national), MasterPlan, None, "MP-07", "แผนแม่บทด้านโครงสร้างพื้นฐาน ระบบโลจิสติกส์ และดิจิทัล").await?;
    let master_gov =
        create(Some(national_gov), MasterPlan, None, "MP-20", "แผนแม่บทด้านการบริการประชาชนและประสิทธิภาพภาครัฐ").await?;
    let mut ministry = Vec::new();
    for (index, name) in MINISTRY_STRATEGIES.iter().enumerate() {
        let parent = if index < 2 { master } else { master_gov };
        ministry.push(create(Some(parent), MinistryStrategy, None, &format!("MDES-S{}", index + 1), name).await?);
    }
    let plans = [
        ("NSO-P1", "พัฒนาระบบสถิติของประเทศให้ทันสมัย", ministry[2]),
        ("NSO-P2", "ผลิตและบริการข้อมูลสถิติที่มีคุณภาพ", ministry[1]),
        ("NSO-P3", "ขับเคลื่อนการใช้ข้อมูลขนาดใหญ่และดิจิทัล", ministry[0]),
    ];
    let mut agency_plans = Vec::new();
    for (code, name, parent) in plans {
        agency_plans.push((create(Some(parent), AgencyPlan, Some(agency_id), code, name).await?, parent));
    }
    Ok(agency_plans)
}

/// The demo's users, as actors of the use cases.
struct People {
    admin: Actor,
    planner: Actor,
    /// `owner1` … `owner6`, one per division, in division order.
    division_owners: Vec<Actor>,
    /// The evaluation committee's member who scores the performance agreement.
    committee: Actor,
    sign_ins: Vec<(String, Role)>,
}

async fn create_users(service: &Service, actor: &Actor, organisation: &Organisation) -> Result<People> {
    let agency = Some(organisation.agency_id);
    let create = async |username: &str, display_name: String, role, agency_id, division_id| -> Result<Actor> {
        let input = NewUser {
            username: username.into(),
            display_name,
            password: DEMO_PASSWORD.into(),
            role,
            agency_id,
            division_id,
        };
        let user = service.create_user(actor, input).await?;
        Ok(Actor {
            user_id: Some(user.id),
            username: user.username,
            role: user.role,
            agency_id: user.agency_id,
            division_id: user.division_id,
        })
    };
    let admin = create("admin", "ผู้ดูแลระบบ".into(), Role::Admin, None, None).await?;
    let planner = create("planner", "นักวิเคราะห์นโยบายและแผน".into(), Role::Planner, agency, None).await?;
    let executive = create("executive", "ผู้บริหาร".into(), Role::Executive, None, None).await?;
    let mut division_owners = Vec::new();
    for (index, unit) in organisation.units.iter().take(DIVISIONS.len()).enumerate() {
        let username = format!("owner{}", index + 1);
        let display_name = format!("เจ้าของโครงการ {}", unit.name);
        division_owners.push(create(&username, display_name, Role::ProjectOwner, agency, Some(unit.id)).await?);
    }
    let committee = create("committee", "คณะกรรมการประเมินผล".into(), Role::Committee, agency, None).await?;
    let sign_ins = [&admin, &planner, &executive]
        .into_iter()
        .chain(&division_owners)
        .chain([&committee])
        .map(|actor| (actor.username.clone(), actor.role))
        .collect();
    Ok(People { admin, planner, division_owners, committee, sign_ins })
}

/// One demo project as planned: what to create, drawn from the generator.
struct ProjectPlan {
    /// The owning division's index in `DIVISIONS`; `None` for a provincial office.
    division: Option<usize>,
    new: NewProject,
    value: Baht,
    start: i32,
    end: i32,
    activity_count: usize,
    kpi_count: usize,
    /// Whether the third quarter reports more disbursed than allocated (a typo'd figure).
    inconsistent: bool,
}

fn plan_project(rng: &mut Rng, number: usize, organisation: &Organisation, plans: &[(i64, i64)]) -> ProjectPlan {
    // Forty division projects, then ten of the provincial offices.
    let division = (number < 40).then_some(number % DIVISIONS.len());
    let owner = match division {
        Some(index) => &organisation.units[index],
        None => &organisation.units[DIVISIONS.len() + number % PROVINCES.len()],
    };
    let (start, end) = match rng.below(10) {
        0..=3 => (2567, 2568),
        4..=6 => (2567, 2567),
        _ => (2568, 2568),
    };
    let kind = rng.pick(&PROJECT_KINDS).to_string();
    let topic = rng.pick(&TOPICS).to_string();
    let years = if end > start { format!("{start}–{end}") } else { start.to_string() };
    let provinces: Vec<u8> = match owner.province {
        Some(code) => vec![code],
        None if rng.chance(50) => Vec::new(),
        None => (0..1 + rng.below(4)).map(|_| rng.pick(&PROVINCES).0).collect(),
    };
    let (plan, ministry_strategy) = *rng.pick(plans);
    let value = Baht::from_baht((5 + rng.below(300) as i64) * 100_000);
    let fields = ProjectInput {
        code: Some(format!("NSO-{start}-{:03}", number + 1)),
        name: format!("{kind}{topic} ปีงบประมาณ พ.ศ. {years} ({})", number + 1),
        budget_source: Some("แผนปฏิบัติการประจำปี".into()),
        value: Some(value),
        start_year: fy(start),
        end_year: fy(end),
        objectives: vec![
            format!("เพื่อจัดทำข้อมูล{topic}ที่ถูกต้อง ครบถ้วน และทันเวลา"),
            "เพื่อให้หน่วยงานภาครัฐใช้ข้อมูลประกอบการตัดสินใจ".into(),
        ],
        summary: Some(format!("{kind}{topic} เพื่อสนับสนุนการจัดทำนโยบายและติดตามผลการพัฒนาประเทศ")),
        area: Some(if provinces.is_empty() {
            "ทั่วประเทศ".into()
        } else {
            "พื้นที่เป้าหมาย".into()
        }),
        nationwide: provinces.is_empty(),
        provinces,
        responsible: vec![format!("ผู้อำนวยการ{}", organisation.units[number % organisation.units.len()].name)],
        strategy_ids: vec![plan, ministry_strategy],
        published: rng.chance(70),
    };
    ProjectPlan {
        division,
        new: NewProject { agency_id: organisation.agency_id, owner_division_id: Some(owner.id), fields },
        value,
        start,
        end,
        activity_count: 2 + rng.below(3) as usize,
        kpi_count: 1 + rng.below(3) as usize,
        inconsistent: rng.chance(12),
    }
}

/// The planner creates the project 20 days before its first year, with its
/// activities (one quarter each; the procurement one paid in three instalments)
/// and its indicators' targets for every year.
async fn create_project(service: &Service, planner: &Actor, plan: &ProjectPlan) -> Result<i64> {
    let service = service.at(noon(fy(plan.start).start()) - days(20));
    let project = service.create_project(planner, plan.new.clone()).await?;
    for (seq, name) in ACTIVITIES.iter().take(plan.activity_count).enumerate() {
        let planned_start = add_months(fy(plan.start).start(), 3 * seq as i64);
        let planned_end = add_months(planned_start, 3).yesterday().expect("demo dates are in range");
        let instalments = if name.contains("จัดซื้อ") {
            (1..=3)
                .map(|number| Instalment {
                    number,
                    description: format!("งวดที่ {number}"),
                    due: Some(add_months(planned_end, number)),
                    amount: Some(Baht::from_satang(plan.value.satang() / 3)),
                })
                .collect()
        } else {
            Vec::new()
        };
        let activity = ActivityInput {
            seq: seq as i64,
            name: (*name).into(),
            period_text: Some(format!("{planned_start} – {planned_end}")),
            planned_start: Some(planned_start),
            planned_end: Some(planned_end),
            instalments,
        };
        service.save_activity(planner, project.id, activity).await?;
    }
    for year in plan.start..=plan.end {
        for (name, kind, target) in KPIS.iter().take(plan.kpi_count) {
            let target = KpiTarget { fiscal_year: fy(year), text: (*target).into(), value: first_number(target) };
            let kpi = KpiInput { name: (*name).into(), kind: *kind, unit: None, target: Some(target) };
            service.save_kpi(planner, project.id, kpi).await?;
        }
    }
    Ok(project.id)
}

/// Who writes a project's reports and who reviews them.
fn reporter_and_reviewer<'a>(people: &'a People, plan: &ProjectPlan) -> (&'a Actor, &'a Actor) {
    match plan.division {
        Some(index) => (&people.division_owners[index], &people.planner),
        None => (&people.planner, &people.admin),
    }
}

/// Each year's budget (set by the planner when the project is planned), then
/// each quarter's report through the workflow.
async fn report_project(
    service: &Service,
    rng: &mut Rng,
    people: &People,
    plan: &ProjectPlan,
    project_id: i64,
    summary: &mut DemoSummary,
) -> Result<()> {
    let planning = service.at(noon(fy(plan.start).start()) - days(20));
    let (reporter, reviewer) = reporter_and_reviewer(people, plan);
    let years = i64::from(plan.end - plan.start + 1);
    for year in plan.start..=plan.end {
        let allocated = Baht::from_satang(plan.value.satang() / years);
        let contracted = Baht::from_satang(allocated.satang() * (80 + rng.below(21) as i64) / 100);
        let budget = BudgetYear { project_id, fiscal_year: fy(year), allocated, contracted, carried_over: Baht::ZERO };
        planning.set_budget(&people.planner, budget).await?;
        for quarter in Quarter::ALL {
            let latest_quarter = year == YEARS[1] && quarter.number() == 4;
            if latest_quarter && rng.chance(8) {
                summary.late_or_missing += 1;
                continue;
            }
            let mut content = quarter_content(rng, plan, year, quarter, (allocated, contracted));
            apply_disbursement_typo(plan, quarter, allocated, &mut content, summary);
            let deadline = default_deadline(fy(year), quarter);
            let late = rng.chance(12);
            if late {
                summary.late_or_missing += 1;
            }
            let days_from_deadline = if late { 3 + rng.below(25) as i64 } else { -(rng.below(14) as i64) };
            let submitted = noon(deadline) + days(days_from_deadline);
            let final_status = if latest_quarter {
                *rng.pick(&[
                    ReportStatus::Draft,
                    ReportStatus::Submitted,
                    ReportStatus::Submitted,
                    ReportStatus::Returned,
                    ReportStatus::Approved,
                ])
            } else {
                ReportStatus::Approved
            };
            let new = NewReport { project_id, fiscal_year: fy(year), quarter, content };
            let report = service.at(submitted - days(3)).create_report(reporter, new).await?;
            if final_status != ReportStatus::Draft {
                let submitted_report = service.at(submitted).submit_report(reporter, report.id, report.version).await?;
                let review = service.at(submitted + days(5));
                match final_status {
                    ReportStatus::Approved => {
                        review.approve_report(reviewer, report.id, submitted_report.version).await?;
                    }
                    ReportStatus::Returned => {
                        review.return_report(reviewer, report.id, submitted_report.version, RETURN_COMMENT).await?;
                    }
                    _ => {}
                }
            }
            summary.reports += 1;
        }
    }
    Ok(())
}

/// What an owner writes for a quarter: progress and money on the year's path,
/// a result per activity and indicator, and a problem (or none).
fn quarter_content(
    rng: &mut Rng,
    plan: &ProjectPlan,
    year: i32,
    quarter: Quarter,
    (allocated, contracted): (Baht, Baht),
) -> ReportContent {
    let share = f64::from(quarter.number()) / 4.0;
    let year_share = if plan.end > plan.start { (f64::from(year - plan.start) + share) / 2.0 } else { share };
    let progress = (year_share * 100.0 * (0.85 + rng.below(16) as f64 / 100.0)).min(100.0).round();
    let disbursed =
        Baht::from_satang((contracted.satang() as f64 * share * (0.6 + rng.below(40) as f64 / 100.0)) as i64);
    let problem_text = rng.pick(&PROBLEMS).to_string();
    ReportContent {
        progress_percent: Some(progress),
        allocated: Some(allocated),
        contracted: Some(contracted),
        disbursed: Some(disbursed),
        summary: Some(format!("ผลการดำเนินงานไตรมาสที่ {} ปีงบประมาณ {year}", quarter.number())),
        problems_text: Some(problem_text.clone()),
        recommendations: Some("ควรเร่งรัดการดำเนินงานให้เป็นไปตามแผน".into()),
        activity_results: ACTIVITIES
            .iter()
            .take(plan.activity_count)
            .map(|name| ActivityResult {
                activity_name: (*name).into(), text: format!("ดำเนินการแล้วร้อยละ {progress}")
            })
            .collect(),
        kpi_results: KPIS
            .iter()
            .take(plan.kpi_count)
            .map(|(name, kind, target)| KpiResult {
                kpi_name: (*name).into(),
                kind: *kind,
                target_text: Some((*target).into()),
                result_text: Some(match kind {
                    KpiKind::Quantitative if target.contains("ร้อยละ") => format!("ร้อยละ {progress}"),
                    KpiKind::Quantitative => format!("{} ราย", (progress * 12.0) as i64),
                    KpiKind::Qualitative => "ผู้ใช้ข้อมูลพึงพอใจในระดับมาก".into(),
                }),
                // The use case scores it from target and result.
                achieved: None,
            })
            .collect(),
        problems: classify(&problem_text)
            .into_iter()
            .map(|cause| Problem { cause, text: problem_text.clone() })
            .collect(),
    }
}

/// An inconsistent project's third quarter reports more disbursed than
/// allocated, as a typo'd figure in a real report does; the checker flags it.
fn apply_disbursement_typo(
    plan: &ProjectPlan,
    quarter: Quarter,
    allocated: Baht,
    content: &mut ReportContent,
    summary: &mut DemoSummary,
) {
    if plan.inconsistent && quarter.number() == 3 {
        content.disbursed = Some(Baht::from_satang(allocated.satang() + allocated.satang() / 10));
        summary.inconsistent += 1;
    }
}

fn fy(year: i32) -> FiscalYear {
    FiscalYear::checked(year).expect("demo years are valid")
}

fn days(n: i64) -> SignedDuration {
    SignedDuration::from_hours(24 * n)
}

fn add_months(date: Date, months: i64) -> Date {
    date.checked_add(Span::new().months(months)).expect("demo dates are in range")
}

/// Noon in Thailand on `date`: the demo's events happen in office hours.
fn noon(date: Date) -> Timestamp {
    jiff::tz::offset(7).to_timestamp(date.at(12, 0, 0, 0)).expect("demo dates are in range")
}
