//! Generated data: the demo agency for `tidtam serve --demo`, and the large
//! portfolio for the benchmark. Both are deterministic for a seed.
//!
//! The demo goes through the same store calls as real use (with times set in
//! the past, so deadlines and lateness make sense) and includes late, missing
//! and inconsistent reports. The large portfolio is bulk-loaded without child
//! rows (activities, KPI rows), carrying only what the aggregates read.

use serde::Serialize;
use tidtam_domain::Baht;
use tidtam_domain::check::check;
use tidtam_domain::form::ReportForm;
use tidtam_domain::model::{
    ActivityResult, BudgetYear, Instalment, KpiKind, KpiResult, KpiTarget, OrgKind, OrgUnitInput, Problem,
    ProjectInput, ReportContent, StrategyInput, StrategyLevel,
};
use tidtam_domain::period::{FiscalYear, Quarter, default_deadline};
use tidtam_domain::policy::{Action, Actor, Resource, ResourceKind, Role};
use tidtam_domain::problem::classify;
use tidtam_domain::workflow::ReportStatus;
use tidtam_store::{BulkBudget, BulkProject, BulkReport, ReportBody, Tx};

use crate::projects::reindex;
use crate::reports::{score_kpis, snapshot};
use crate::{Result, Service, ServiceError, authorize, record_audit, to_json};

/// A small deterministic generator (SplitMix64).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// `true` with probability `percent`/100.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// What the demo contains, and how to sign in to it.
#[derive(Clone, Debug, PartialEq, Serialize)]
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

/// The password of every demo user (the demo database is for trying things out only).
pub const DEMO_PASSWORD: &str = "tidtam-demo-2567";

const DIVISIONS: [(&str, &str); 6] = [
    ("NSO-ECON", "กองสถิติเศรษฐกิจ"),
    ("NSO-SOC", "กองสถิติสังคม"),
    ("NSO-POL", "กองนโยบายและวิชาการสถิติ"),
    ("NSO-ICT", "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร"),
    ("NSO-AREA", "กองบริหารงานสถิติพื้นที่"),
    ("NSO-SEC", "สำนักงานเลขานุการกรม"),
];

const PROVINCES: [(u8, &str); 8] = [
    (50, "เชียงใหม่"),
    (40, "ขอนแก่น"),
    (30, "นครราชสีมา"),
    (90, "สงขลา"),
    (83, "ภูเก็ต"),
    (20, "ชลบุรี"),
    (65, "พิษณุโลก"),
    (34, "อุบลราชธานี"),
];

const MINISTRY_STRATEGIES: [&str; 5] = [
    "ขับเคลื่อนเศรษฐกิจยุคใหม่ด้วยระบบนิเวศ โครงสร้างพื้นฐานและนวัตกรรม",
    "สร้างสังคมแห่งอนาคตและลดความเหลื่อมล้ำด้วยการใช้เทคโนโลยีดิจิทัล",
    "ส่งเสริมการให้บริการประชาชน ภาคเอกชนและภาครัฐด้วยเทคโนโลยีและนวัตกรรมดิจิทัล",
    "พัฒนากำลังคนให้พร้อมเข้าสู่ยุคดิจิทัล",
    "สร้างความเชื่อมั่นในการใช้เทคโนโลยีดิจิทัล",
];

const PROJECT_KINDS: [&str; 10] = [
    "โครงการสำรวจ",
    "โครงการจัดทำ",
    "โครงการพัฒนาระบบ",
    "โครงการจัดหาครุภัณฑ์สำหรับ",
    "โครงการยกระดับ",
    "โครงการส่งเสริม",
    "โครงการบูรณาการข้อมูล",
    "โครงการพัฒนาศักยภาพบุคลากรด้าน",
    "โครงการเผยแพร่",
    "โครงการประเมินผล",
];

const TOPICS: [&str; 16] = [
    "ภาวะการทำงานของประชากร",
    "สำมะโนอุตสาหกรรม",
    "ข้อมูลเศรษฐกิจและสังคมของครัวเรือน",
    "การมีการใช้เทคโนโลยีสารสนเทศในครัวเรือน",
    "สถิติจังหวัดและกลุ่มจังหวัด",
    "ข้อมูลขนาดใหญ่ภาครัฐ",
    "บัญชีข้อมูลภาครัฐ",
    "สถิติการเกษตร",
    "อนามัยเจริญพันธุ์",
    "ผู้สูงอายุในประเทศไทย",
    "สถานการณ์เด็กและสตรี",
    "ระบบสถิติทางการ",
    "การท่องเที่ยวและกีฬา",
    "ธุรกิจการค้าและบริการ",
    "แรงงานนอกระบบ",
    "ความมั่นคงปลอดภัยไซเบอร์",
];

const PROBLEMS: [&str; 7] = [
    "การจัดซื้อจัดจ้างล่าช้า เนื่องจากต้องประกาศประกวดราคาใหม่",
    "ผู้รับจ้างส่งมอบงานล่าช้ากว่ากำหนดในสัญญา",
    "งบประมาณถูกปรับลดระหว่างปี ต้องปรับแผนการดำเนินงาน",
    "เจ้าหน้าที่ไม่เพียงพอในช่วงการเก็บรวบรวมข้อมูลภาคสนาม",
    "ครัวเรือนตัวอย่างไม่ให้ความร่วมมือในการให้ข้อมูล",
    "ไม่มี",
    "-",
];

fn fy(year: i32) -> FiscalYear {
    FiscalYear::checked(year).expect("demo years are valid")
}

fn noon(date: jiff::civil::Date) -> jiff::Timestamp {
    jiff::tz::offset(7).to_timestamp(date.at(12, 0, 0, 0)).expect("demo dates are in range")
}

/// `(parent, kind, code, name, province)` of an organisation unit to create.
type UnitSpec<'a> = (Option<i64>, OrgKind, &'a str, &'a str, Option<u8>);

async fn org(tx: &mut Tx, actor: &Actor, now: jiff::Timestamp, unit: UnitSpec<'_>) -> Result<i64> {
    let (parent_id, kind, code, name, province_code) = unit;
    let input = OrgUnitInput { parent_id, kind, code: code.into(), name: name.into(), province_code };
    input.validate().map_err(ServiceError::Invalid)?;
    let id = tx.insert_org_unit(&input).await?;
    record_audit(tx, actor, now, "org_unit", id, "create", None, Some(to_json(&input))).await?;
    Ok(id)
}

async fn strategy(
    tx: &mut Tx,
    parent_id: Option<i64>,
    level: StrategyLevel,
    agency_id: Option<i64>,
    code: &str,
    name: &str,
) -> Result<i64> {
    Ok(tx.insert_strategy(&StrategyInput { parent_id, level, agency_id, code: code.into(), name: name.into() }).await?)
}

impl Service {
    /// Fills an empty database with the demo agency: the NSO with six divisions
    /// and eight provincial offices, the strategy tree, 50 projects over fiscal
    /// years 2567–2568 with every quarter reported (some late, some missing,
    /// some inconsistent), and one user per role.
    pub async fn generate_demo(&self, actor: &Actor, seed: u64) -> Result<DemoSummary> {
        authorize(actor, Action::Create, &Resource::global(ResourceKind::User))?;
        let mut rng = Rng::new(seed);
        let setup_time = noon(fy(2567).start()) - jiff::SignedDuration::from_hours(24 * 30);
        let mut tx = self.store.begin().await?;
        if !tx.org_units().await?.is_empty() {
            return Err(ServiceError::invalid("database", "ฐานข้อมูลมีข้อมูลอยู่แล้ว", "the database is not empty"));
        }
        let ministry =
            org(&mut tx, actor, setup_time, (None, OrgKind::Ministry, "MDES", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", None))
                .await?;
        let agency_name = "สำนักงานสถิติแห่งชาติ";
        let agency =
            org(&mut tx, actor, setup_time, (Some(ministry), OrgKind::Agency, "NSO", agency_name, None)).await?;
        let mut owners: Vec<(i64, Option<u8>, String)> = Vec::new();
        for (code, name) in DIVISIONS {
            let id = org(&mut tx, actor, setup_time, (Some(agency), OrgKind::Division, code, name, None)).await?;
            owners.push((id, None, name.to_string()));
        }
        for (code, name) in PROVINCES {
            let id = org(
                &mut tx,
                actor,
                setup_time,
                (
                    Some(agency),
                    OrgKind::ProvincialOffice,
                    &format!("NSO-P{code}"),
                    &format!("สำนักงานสถิติจังหวัด{name}"),
                    Some(code),
                ),
            )
            .await?;
            owners.push((id, Some(code), format!("สำนักงานสถิติจังหวัด{name}")));
        }

        let national = strategy(
            &mut tx,
            None,
            StrategyLevel::NationalStrategy,
            None,
            "NS-2",
            "ยุทธศาสตร์ชาติด้านการสร้างความสามารถในการแข่งขัน",
        )
        .await?;
        let national_gov = strategy(
            &mut tx,
            None,
            StrategyLevel::NationalStrategy,
            None,
            "NS-6",
            "ยุทธศาสตร์ชาติด้านการปรับสมดุลและพัฒนาระบบการบริหารจัดการภาครัฐ",
        )
        .await?;
        let master = strategy(
            &mut tx,
            Some(national),
            StrategyLevel::MasterPlan,
            None,
            "MP-07",
            "แผนแม่บทด้านโครงสร้างพื้นฐาน ระบบโลจิสติกส์ และดิจิทัล",
        )
        .await?;
        let master_gov = strategy(
            &mut tx,
            Some(national_gov),
            StrategyLevel::MasterPlan,
            None,
            "MP-20",
            "แผนแม่บทด้านการบริการประชาชนและประสิทธิภาพภาครัฐ",
        )
        .await?;
        let mut ministry_strategies = Vec::new();
        for (index, name) in MINISTRY_STRATEGIES.iter().enumerate() {
            let parent = if index < 2 { master } else { master_gov };
            ministry_strategies.push(
                strategy(
                    &mut tx,
                    Some(parent),
                    StrategyLevel::MinistryStrategy,
                    None,
                    &format!("MDES-S{}", index + 1),
                    name,
                )
                .await?,
            );
        }
        let plans = [
            ("NSO-P1", "พัฒนาระบบสถิติของประเทศให้ทันสมัย", ministry_strategies[2]),
            ("NSO-P2", "ผลิตและบริการข้อมูลสถิติที่มีคุณภาพ", ministry_strategies[1]),
            ("NSO-P3", "ขับเคลื่อนการใช้ข้อมูลขนาดใหญ่และดิจิทัล", ministry_strategies[0]),
        ];
        let mut agency_plans = Vec::new();
        for (code, name, parent) in plans {
            agency_plans.push((
                strategy(&mut tx, Some(parent), StrategyLevel::AgencyPlan, Some(agency), code, name).await?,
                parent,
            ));
        }

        let hash = self.hash_password_for_demo()?;
        let mut users = vec![
            ("admin".to_string(), Role::Admin),
            ("planner".to_string(), Role::Planner),
            ("executive".to_string(), Role::Executive),
        ];
        tx.insert_user("admin", "ผู้ดูแลระบบ", &hash, Role::Admin, None, None, setup_time).await?;
        tx.insert_user("planner", "นักวิเคราะห์นโยบายและแผน", &hash, Role::Planner, Some(agency), None, setup_time)
            .await?;
        tx.insert_user("executive", "ผู้บริหาร", &hash, Role::Executive, None, None, setup_time).await?;
        for (index, (division, _, name)) in owners.iter().enumerate().take(DIVISIONS.len()) {
            let username = format!("owner{}", index + 1);
            tx.insert_user(
                &username,
                &format!("เจ้าของโครงการ {name}"),
                &hash,
                Role::ProjectOwner,
                Some(agency),
                Some(*division),
                setup_time,
            )
            .await?;
            users.push((username, Role::ProjectOwner));
        }
        for year in [2567, 2568] {
            for quarter in Quarter::ALL {
                tx.set_deadline(fy(year), quarter, default_deadline(fy(year), quarter)).await?;
            }
        }

        let mut summary = DemoSummary {
            agency_id: agency,
            divisions: owners.len(),
            projects: 0,
            reports: 0,
            late_or_missing: 0,
            inconsistent: 0,
            users,
        };
        for number in 0..50 {
            let (division, province, _) = owners
                [if number < 40 { number % DIVISIONS.len() } else { DIVISIONS.len() + number % PROVINCES.len() }]
            .clone();
            let (start, end) = match rng.below(10) {
                0..=3 => (2567, 2568),
                4..=6 => (2567, 2567),
                _ => (2568, 2568),
            };
            let kind = rng.pick(&PROJECT_KINDS).to_string();
            let topic = rng.pick(&TOPICS).to_string();
            let name = format!(
                "{kind}{topic} ปีงบประมาณ พ.ศ. {start}{}",
                if end > start { format!("–{end}") } else { String::new() }
            );
            let provinces: Vec<u8> = match province {
                Some(code) => vec![code],
                None if rng.chance(50) => Vec::new(),
                None => (0..1 + rng.below(4)).map(|_| rng.pick(&PROVINCES).0).collect(),
            };
            let (plan, ministry_strategy) = *rng.pick(&agency_plans);
            let value = Baht::from_baht((5 + rng.below(300) as i64) * 100_000);
            let input = ProjectInput {
                code: Some(format!("NSO-{start}-{:03}", number + 1)),
                name: format!("{name} ({})", number + 1),
                budget_source: Some("แผนปฏิบัติการประจำปี".into()),
                value: Some(value),
                start_year: fy(start),
                end_year: fy(end),
                objectives: vec![
                    format!("เพื่อจัดทำข้อมูล{topic}ที่ถูกต้อง ครบถ้วน และทันเวลา"),
                    "เพื่อให้หน่วยงานภาครัฐใช้ข้อมูลประกอบการตัดสินใจ".into(),
                ],
                summary: Some(format!("{kind}{topic} เพื่อสนับสนุนการจัดทำนโยบายและติดตามผลการพัฒนาประเทศ")),
                area: Some(if provinces.is_empty() && province.is_none() {
                    "ทั่วประเทศ".into()
                } else {
                    "พื้นที่เป้าหมาย".into()
                }),
                nationwide: provinces.is_empty(),
                provinces: provinces.clone(),
                responsible: vec![format!("ผู้อำนวยการ{}", owners[number % owners.len()].2)],
                strategy_ids: vec![plan, ministry_strategy],
                published: rng.chance(70),
            };
            let created = noon(fy(start).start()) - jiff::SignedDuration::from_hours(24 * 20);
            let project_id = tx.insert_project(agency, Some(division), &input, created).await?;
            let project = tx.project(project_id).await?;
            record_audit(&mut tx, actor, created, "project", project_id, "create", None, Some(to_json(&project)))
                .await?;
            let activity_names =
                ["จัดเตรียมแผนและเครื่องมือ", "ดำเนินการจัดซื้อจัดจ้าง", "ดำเนินการเก็บรวบรวมและประมวลผลข้อมูล", "เผยแพร่และประเมินผล"];
            let activity_count = 2 + rng.below(3) as usize;
            for (seq, activity) in activity_names.iter().take(activity_count).enumerate() {
                let planned_start =
                    fy(start).start().checked_add(jiff::Span::new().months(3 * seq as i64)).expect("in range");
                let planned_end = planned_start
                    .checked_add(jiff::Span::new().months(3))
                    .expect("in range")
                    .yesterday()
                    .expect("in range");
                let id = tx
                    .upsert_activity(
                        project_id,
                        seq as i64,
                        activity,
                        Some(&format!("{planned_start} – {planned_end}")),
                        (Some(planned_start), Some(planned_end)),
                    )
                    .await?;
                if activity.contains("จัดซื้อ") {
                    let instalments: Vec<Instalment> = (1..=3)
                        .map(|n| Instalment {
                            number: n,
                            description: format!("งวดที่ {n}"),
                            due: planned_end.checked_add(jiff::Span::new().months(n)).ok(),
                            amount: Some(Baht::from_satang(value.satang() / 3)),
                        })
                        .collect();
                    tx.replace_instalments(id, &instalments).await?;
                }
            }
            let kpis = [
                ("ร้อยละความสำเร็จของการดำเนินงานตามแผน", KpiKind::Quantitative, "ร้อยละ 80"),
                ("จำนวนผู้ใช้ข้อมูลที่ได้รับบริการ", KpiKind::Quantitative, "1,000 ราย"),
                ("ความพึงพอใจของผู้ใช้ข้อมูลต่อคุณภาพข้อมูล", KpiKind::Qualitative, "ผู้ใช้ข้อมูลพึงพอใจ"),
            ];
            let kpi_count = 1 + rng.below(3) as usize;
            for year in start..=end {
                for (kpi_name, kind, target) in kpis.iter().take(kpi_count) {
                    let target = KpiTarget {
                        fiscal_year: fy(year),
                        text: (*target).into(),
                        value: tidtam_domain::model::first_number(target),
                    };
                    tx.upsert_kpi(project_id, kpi_name, *kind, None, Some(&target)).await?;
                }
            }
            let inconsistent = rng.chance(12);
            for year in start..=end {
                let allocated = Baht::from_satang(value.satang() / i64::from(end - start + 1));
                let contracted = Baht::from_satang(allocated.satang() * (80 + rng.below(21) as i64) / 100);
                tx.upsert_budget(&BudgetYear {
                    project_id,
                    fiscal_year: fy(year),
                    allocated,
                    contracted,
                    carried_over: Baht::ZERO,
                })
                .await?;
                let mut previous: Option<ReportForm> = None;
                for quarter in Quarter::ALL {
                    let latest_quarter = year == 2568 && quarter.number() == 4;
                    if latest_quarter && rng.chance(8) {
                        summary.late_or_missing += 1;
                        continue;
                    }
                    let share = f64::from(quarter.number()) / 4.0;
                    let year_share = if end > start { (f64::from(year - start) + share) / 2.0 } else { share };
                    let progress = (year_share * 100.0 * (0.85 + rng.below(16) as f64 / 100.0)).min(100.0).round();
                    let mut disbursed = Baht::from_satang(
                        (contracted.satang() as f64 * share * (0.6 + rng.below(40) as f64 / 100.0)) as i64,
                    );
                    if inconsistent && quarter.number() == 3 {
                        // A typo'd figure, as happens in real reports: more than allocated.
                        disbursed = Baht::from_satang(allocated.satang() + allocated.satang() / 10);
                        summary.inconsistent += 1;
                    }
                    let problem_text = rng.pick(&PROBLEMS).to_string();
                    let mut content = ReportContent {
                        progress_percent: Some(progress),
                        allocated: Some(allocated),
                        contracted: Some(contracted),
                        disbursed: Some(disbursed),
                        summary: Some(format!("ผลการดำเนินงานไตรมาสที่ {} ปีงบประมาณ {year}", quarter.number())),
                        problems_text: Some(problem_text.clone()),
                        recommendations: Some("ควรเร่งรัดการดำเนินงานให้เป็นไปตามแผน".into()),
                        activity_results: activity_names
                            .iter()
                            .take(activity_count)
                            .map(|a| ActivityResult {
                                activity_name: (*a).into(),
                                text: format!("ดำเนินการแล้วร้อยละ {progress}"),
                            })
                            .collect(),
                        kpi_results: kpis
                            .iter()
                            .take(kpi_count)
                            .map(|(kpi_name, kind, target)| KpiResult {
                                kpi_name: (*kpi_name).into(),
                                kind: *kind,
                                target_text: Some((*target).into()),
                                result_text: Some(match kind {
                                    KpiKind::Quantitative if target.contains("ร้อยละ") => {
                                        format!("ร้อยละ {progress}")
                                    }
                                    KpiKind::Quantitative => format!("{} ราย", (progress * 12.0) as i64),
                                    KpiKind::Qualitative => "ผู้ใช้ข้อมูลพึงพอใจในระดับมาก".into(),
                                }),
                                achieved: None,
                            })
                            .collect(),
                        problems: classify(&problem_text)
                            .into_iter()
                            .map(|cause| Problem { cause, text: problem_text.clone() })
                            .collect(),
                    };
                    score_kpis(&mut content);
                    let form = ReportForm::entered(&input, agency_name, fy(year), quarter, &content);
                    let findings = check(&form, previous.as_ref());
                    let deadline = default_deadline(fy(year), quarter);
                    let late = rng.chance(12);
                    if late {
                        summary.late_or_missing += 1;
                    }
                    let submitted = noon(deadline)
                        + jiff::SignedDuration::from_hours(
                            24 * if late { 3 + rng.below(25) as i64 } else { -(rng.below(14) as i64) },
                        );
                    let drafted = submitted - jiff::SignedDuration::from_hours(24 * 3);
                    let report_id = tx
                        .insert_report(
                            project_id,
                            fy(year),
                            quarter,
                            ReportStatus::Draft,
                            ReportBody { content: &content, form: &form, findings: &findings },
                            (None, None),
                            drafted,
                        )
                        .await?;
                    let owner = Actor {
                        user_id: None,
                        username: format!("owner{}", number % DIVISIONS.len() + 1),
                        role: Role::ProjectOwner,
                        agency_id: Some(agency),
                        division_id: Some(division),
                    };
                    let planner = Actor {
                        user_id: None,
                        username: "planner".into(),
                        role: Role::Planner,
                        agency_id: Some(agency),
                        division_id: None,
                    };
                    snapshot(&mut tx, report_id, &owner, drafted).await?;
                    record_audit(
                        &mut tx,
                        &owner,
                        drafted,
                        "report",
                        report_id,
                        "create",
                        None,
                        Some(serde_json::json!({ "quarter": quarter, "fiscal_year": year })),
                    )
                    .await?;
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
                    let mut version = 1;
                    if final_status != ReportStatus::Draft {
                        version =
                            tx.set_report_status(report_id, version, ReportStatus::Submitted, None, submitted).await?;
                        snapshot(&mut tx, report_id, &owner, submitted).await?;
                        record_audit(
                            &mut tx,
                            &owner,
                            submitted,
                            "report",
                            report_id,
                            "submit",
                            None,
                            Some(serde_json::json!({ "status": "submitted" })),
                        )
                        .await?;
                    }
                    let reviewed = submitted + jiff::SignedDuration::from_hours(24 * 5);
                    match final_status {
                        ReportStatus::Approved => {
                            tx.set_report_status(report_id, version, ReportStatus::Approved, None, reviewed).await?;
                            snapshot(&mut tx, report_id, &planner, reviewed).await?;
                            record_audit(
                                &mut tx,
                                &planner,
                                reviewed,
                                "report",
                                report_id,
                                "approve",
                                None,
                                Some(serde_json::json!({ "status": "approved" })),
                            )
                            .await?;
                        }
                        ReportStatus::Returned => {
                            let comment = "กรุณาระบุผลการเบิกจ่ายให้ตรงกับระบบ GFMIS";
                            tx.set_report_status(report_id, version, ReportStatus::Returned, Some(comment), reviewed)
                                .await?;
                            snapshot(&mut tx, report_id, &planner, reviewed).await?;
                            record_audit(
                                &mut tx,
                                &planner,
                                reviewed,
                                "report",
                                report_id,
                                "return",
                                None,
                                Some(serde_json::json!({ "status": "returned", "review_comment": comment })),
                            )
                            .await?;
                        }
                        _ => {}
                    }
                    summary.reports += 1;
                    previous = Some(form);
                }
            }
            reindex(&mut tx, project_id).await?;
            summary.projects += 1;
        }
        tx.commit().await?;
        Ok(summary)
    }

    fn hash_password_for_demo(&self) -> Result<String> {
        self.hash_password_public(DEMO_PASSWORD)
    }
}

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

/// What was generated.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LargeSummary {
    pub projects: usize,
    pub budgets: usize,
    pub reports: usize,
}

impl Service {
    /// Bulk-loads a large generated portfolio (for benchmarks): one ministry, four
    /// agencies with ten divisions each, the strategy tree, and `projects`
    /// projects with budgets and every quarter's report over `years` years.
    pub async fn generate_large_portfolio(&self, actor: &Actor, options: LargePortfolio) -> Result<LargeSummary> {
        authorize(actor, Action::Create, &Resource::global(ResourceKind::User))?;
        let mut rng = Rng::new(options.seed);
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let ministry = org(&mut tx, actor, now, (None, OrgKind::Ministry, "BENCH-MIN", "กระทรวงทดสอบ", None)).await?;
        let mut divisions = Vec::new();
        let mut strategies = Vec::new();
        for (index, name) in MINISTRY_STRATEGIES.iter().enumerate() {
            strategies.push(
                strategy(&mut tx, None, StrategyLevel::MinistryStrategy, None, &format!("BENCH-S{}", index + 1), name)
                    .await?,
            );
        }
        for a in 0..4 {
            let agency = org(
                &mut tx,
                actor,
                now,
                (Some(ministry), OrgKind::Agency, &format!("BENCH-A{a}"), &format!("หน่วยงานทดสอบ {a}"), None),
            )
            .await?;
            for d in 0..10 {
                divisions.push((
                    agency,
                    org(
                        &mut tx,
                        actor,
                        now,
                        (
                            Some(agency),
                            OrgKind::Division,
                            &format!("BENCH-A{a}-D{d}"),
                            &format!("กองทดสอบ {a}-{d}"),
                            None,
                        ),
                    )
                    .await?,
                ));
            }
            for p in 0..5 {
                let parent = strategies[p];
                strategies.push(
                    strategy(
                        &mut tx,
                        Some(parent),
                        StrategyLevel::AgencyPlan,
                        Some(agency),
                        &format!("BENCH-A{a}-P{p}"),
                        &format!("แผนงานทดสอบ {a}-{p}"),
                    )
                    .await?,
                );
            }
        }
        let province_codes = tidtam_domain::model::PROVINCE_CODES;
        let first_id = tx.next_project_id().await?;
        let at = now.as_microsecond();
        let mut projects = Vec::with_capacity(options.projects);
        let mut budgets = Vec::new();
        let mut reports = Vec::new();
        let mut summary = LargeSummary { projects: 0, budgets: 0, reports: 0 };
        for index in 0..options.projects {
            let id = first_id + index as i64;
            let (agency_id, division_id) = *rng.pick(&divisions);
            // Every project runs through all the years with a budget and all four
            // quarters' reports in each: the most demanding reading of "20,000
            // projects over 5 years" (400,000 reports), which the portfolio
            // benchmark is held to.
            let start = options.first_year;
            let end = options.first_year + options.years - 1;
            let value = (1 + rng.below(500) as i64) * 10_000_000;
            let province_count = rng.below(4);
            let mut provinces: Vec<i64> = (0..province_count).map(|_| i64::from(*rng.pick(&province_codes))).collect();
            provinces.sort_unstable();
            provinces.dedup();
            let agency_plans: Vec<i64> = strategies[5..].to_vec();
            projects.push(BulkProject {
                id,
                agency_id,
                owner_division_id: Some(division_id),
                name: format!("{}{} {index}", rng.pick(&PROJECT_KINDS), rng.pick(&TOPICS)),
                start_year: i64::from(start),
                end_year: i64::from(end),
                value_satang: value,
                published: rng.chance(60),
                provinces,
                strategy_ids: vec![*rng.pick(&strategies[..5]), *rng.pick(&agency_plans)],
            });
            for year in start..=end {
                let allocated = value / i64::from(end - start + 1);
                let contracted = allocated * (70 + rng.below(31) as i64) / 100;
                budgets.push(BulkBudget { project_id: id, fiscal_year: i64::from(year), allocated, contracted });
                for quarter in 1..=4_i64 {
                    let share = quarter as f64 / 4.0;
                    let kpi_total = 1 + rng.below(3) as i64;
                    reports.push(BulkReport {
                        project_id: id,
                        fiscal_year: i64::from(year),
                        quarter,
                        status: if rng.chance(90) { "approved" } else { "submitted" },
                        progress_percent: (share * 100.0 * (0.7 + rng.below(31) as f64 / 100.0)).round(),
                        allocated,
                        contracted,
                        disbursed: (contracted as f64 * share * (0.5 + rng.below(50) as f64 / 100.0)) as i64,
                        kpi_total,
                        kpi_achieved: rng.below(kpi_total as u64 + 1) as i64,
                        finding_count: if rng.chance(5) { 1 + rng.below(3) as i64 } else { 0 },
                        submitted_at: Some(at),
                        at,
                    });
                }
            }
        }
        summary.projects = projects.len();
        summary.budgets = budgets.len();
        summary.reports = reports.len();
        tx.bulk_insert_projects(&projects, at).await?;
        tx.bulk_insert_budgets(&budgets).await?;
        tx.bulk_insert_reports(&reports).await?;
        tx.rebuild_portfolio_summary().await?;
        record_audit(
            &mut tx,
            actor,
            now,
            "portfolio",
            0,
            "generate",
            None,
            Some(serde_json::json!({ "projects": summary.projects, "reports": summary.reports })),
        )
        .await?;
        tx.commit().await?;
        let mut tx = self.store.begin().await?;
        tx.analyze().await?;
        tx.commit().await?;
        self.store.vacuum_portfolio_summary().await?;
        Ok(summary)
    }
}
