//! The demo agency's organisation performance, through the use cases: a
//! performance agreement for fiscal year 2568 with eight indicators (the
//! corpus report's 3.1.3, two computed from the agency's own monitoring data,
//! and quantitative, lower-is-better, step and milestone ones), its 6- and
//! 9-month rounds entered by the officer in charge, the 6-month round locked by
//! the planner and scored by the committee; and the PMQA 4.0 self-assessment of
//! 2563 with the NSO newsletter's published figures: the total 256.43 (the
//! newsletter gives no sub-item scores) and category 7's 28 indicators with
//! their 2563 targets and 2561–2563 results.

use jiff::civil::{Date, date};
use jiff::{SignedDuration, Timestamp};
use tidtam_service::performance::wire::{
    CommitteeInput, CriteriaKind, EvidenceInput, KpiCriteria, KpiSource, LockInput, ModeName, NewAgreement,
    NewAssessment, NewIndicator, PmqaResultInput, PmqaYearValue, PolarityName, RoundInput,
};
use tidtam_service::{Actor, Result, Service};

/// Who works on the agreement.
pub struct Staff {
    pub planner: Actor,
    /// The officer in charge of the indicators a division reports.
    pub officer: Actor,
    pub committee: Actor,
}

/// The agreement's fiscal year (the demo's last year).
pub const AGREEMENT_YEAR: i32 = 2568;

fn noon(day: Date) -> Timestamp {
    jiff::tz::offset(7).to_timestamp(day.at(12, 0, 0, 0)).expect("demo dates are in range")
}

fn quantitative(polarity: PolarityName, mode: ModeName, thresholds: [&str; 5]) -> KpiCriteria {
    KpiCriteria {
        kind: CriteriaKind::Quantitative,
        polarity: Some(polarity),
        mode: Some(mode),
        thresholds: thresholds.iter().map(|t| t.to_string()).collect(),
        steps: Vec::new(),
    }
}

fn milestone(steps: [&[&str]; 5]) -> KpiCriteria {
    KpiCriteria {
        kind: CriteriaKind::Milestone,
        polarity: None,
        mode: None,
        thresholds: Vec::new(),
        steps: steps.iter().map(|level| level.iter().map(|step| step.to_string()).collect()).collect(),
    }
}

/// One demo indicator: what to create and what each round reports.
struct Planned {
    indicator: NewIndicator,
    /// By the officer (true) or the planner.
    by_officer: bool,
    /// The 6- and 9-month results (`None` for a computed indicator).
    results: [Option<&'static str>; 2],
    explanation: &'static str,
}

fn indicator(
    code: &str,
    name: &str,
    weight: &str,
    criteria: KpiCriteria,
    source: KpiSource,
    officer: Option<&Actor>,
    officer_name: &str,
) -> NewIndicator {
    NewIndicator {
        code: code.into(),
        name: name.into(),
        description: String::new(),
        officer_user_id: officer.and_then(|actor| actor.user_id),
        officer_name: officer_name.into(),
        data_collector: "กลุ่มพัฒนาระบบบริหาร".into(),
        weight: weight.into(),
        criteria,
        source,
    }
}

/// The corpus report's indicator 3.1.3 (kpi-report-performance-agreement.txt):
/// five milestone levels (abridged), weight 2, level 5 reached.
fn corpus_indicator(officer: &Actor) -> NewIndicator {
    let mut new = indicator(
        "3.1.3",
        "ระดับความสำเร็จในการดำเนินการตามแผนงานสนับสนุนการบริหารงานจังหวัดแบบบูรณาการ การจัดทำแผนพัฒนาและงบประมาณจังหวัด/กลุ่มจังหวัด",
        "2",
        milestone([
            &["กำหนดรูปแบบ/โครงสร้าง และจัดตั้งสำนักบริหารยุทธศาสตร์กลุ่มจังหวัด", "มีการจัดทำปฏิทินการจัดทำแผนพัฒนาจังหวัด/กลุ่มจังหวัด"],
            &["ร่วมกับหน่วยงานที่เกี่ยวข้องชี้แจงทำความเข้าใจให้จังหวัดและกลุ่มจังหวัดทราบหลักเกณฑ์ วิธีการ และแนวทางการจัดทำแผน"],
            &["มีกระบวนการติดตามความก้าวหน้าของการดำเนินการจัดทำแผนพัฒนาจังหวัด/กลุ่มจังหวัด"],
            &["ทุกจังหวัด/กลุ่มจังหวัดสามารถจัดทำแผนพัฒนาจังหวัด/กลุ่มจังหวัด และแผนปฏิบัติราชการประจำปีแล้วเสร็จ"],
            &["แผนพัฒนาจังหวัด/กลุ่มจังหวัด และแผนปฏิบัติราชการประจำปี ผ่านความเห็นชอบของคณะรัฐมนตรี"],
        ]),
        KpiSource::Entered,
        Some(officer),
        "นางสุกานดา วรเชษฐบัญชา ผอ.สยจ.สบจ.",
    );
    new.data_collector = "1. นางสาวประไพพรรณ พงศ์มาศ นวค.ชก.พิเศษ 2. นายสรารัฐ สุปรีณ นวค.ปฏิบัติการ".into();
    new.description = "พิจารณาจากระดับชั้นของความสำเร็จในการดำเนินการตามแผนงานสนับสนุนการบริหารงานจังหวัดแบบบูรณาการ การจัดทำแผนพัฒนาและงบประมาณจังหวัด/กลุ่มจังหวัด".into();
    new
}

/// The corpus report's first evidence items, as it lists them (kpi:60–68).
const CORPUS_EVIDENCE: [(&str, (i16, i8, i8), u32); 4] = [
    ("คำสั่งสำนักงานปลัดกระทรวงมหาดไทย ที่ 110/2551", (2008, 2, 27), 2),
    ("คำสั่งสำนักงานปลัดกระทรวงมหาดไทย ที่ 183/2551", (2008, 4, 3), 2),
    ("คำสั่งสำนักงานปลัดกระทรวงมหาดไทย ที่ 260/2551", (2008, 5, 16), 1),
    ("คำสั่งสำนักงานปลัดกระทรวงมหาดไทย ที่ 112/2552", (2009, 4, 2), 6),
];

fn plan(staff: &Staff) -> Vec<Planned> {
    use ModeName::{Interpolate, Step};
    use PolarityName::{Higher, Lower};
    let officer = Some(&staff.officer);
    let officer_name = "ผู้อำนวยการกองยุทธศาสตร์";
    vec![
        Planned {
            indicator: indicator(
                "1.1",
                "ร้อยละการเบิกจ่ายงบประมาณของโครงการตามแผน (คำนวณจากรายงานโครงการในระบบ)",
                "15",
                quantitative(Higher, Interpolate, ["40", "50", "60", "70", "80"]),
                KpiSource::DisbursementRate,
                None,
                "กองแผนงานและงบประมาณ",
            ),
            by_officer: false,
            results: [None, None],
            explanation: "ผลคำนวณจากรายงานความก้าวหน้ารายไตรมาสของทุกโครงการในระบบ",
        },
        Planned {
            indicator: indicator(
                "1.2",
                "ร้อยละของโครงการที่ส่งรายงานความก้าวหน้ารายไตรมาสทันกำหนด (คำนวณจากระบบ)",
                "10",
                quantitative(Higher, Interpolate, ["60", "70", "80", "90", "100"]),
                KpiSource::ReportsOnTime,
                None,
                "กองแผนงานและงบประมาณ",
            ),
            by_officer: false,
            results: [None, None],
            explanation: "ผลคำนวณจากวันที่ส่งรายงานเทียบกำหนดส่งของแต่ละไตรมาส",
        },
        Planned {
            indicator: indicator(
                "2.1",
                "ร้อยละความพึงพอใจของผู้ใช้ข้อมูลสถิติ",
                "20",
                quantitative(Higher, Interpolate, ["75", "80", "85", "90", "95"]),
                KpiSource::Entered,
                officer,
                officer_name,
            ),
            by_officer: true,
            results: [Some("83"), Some("87")],
            explanation: "สำรวจความพึงพอใจผู้ใช้ข้อมูลผ่านแบบสอบถามออนไลน์",
        },
        Planned {
            indicator: indicator(
                "2.2",
                "จำนวนข้อร้องเรียนเรื่องคุณภาพข้อมูล (ยิ่งน้อยยิ่งดี)",
                "10",
                quantitative(Lower, Interpolate, ["50", "45", "40", "35", "30"]),
                KpiSource::Entered,
                officer,
                officer_name,
            ),
            by_officer: true,
            results: [Some("44"), Some("38")],
            explanation: "นับจากระบบรับเรื่องร้องเรียน suggestion.nso.go.th",
        },
        Planned {
            indicator: indicator(
                "2.3",
                "ร้อยละของชุดข้อมูลตามตัวชี้วัด SDGs ที่ถูกต้อง ครบถ้วน ทันสมัย",
                "15",
                quantitative(Higher, Step, ["60", "70", "80", "90", "100"]),
                KpiSource::Entered,
                officer,
                officer_name,
            ),
            by_officer: true,
            results: [Some("72"), Some("84")],
            explanation: "ตรวจชุดข้อมูลตามบัญชีตัวชี้วัด SDGs ที่หน่วยงานรับผิดชอบ",
        },
        Planned {
            indicator: corpus_indicator(&staff.officer),
            by_officer: true,
            results: [Some("3"), Some("4")],
            explanation: "ติดตามความก้าวหน้าการจัดทำแผนพัฒนาจังหวัด/กลุ่มจังหวัดทุกเดือน",
        },
        Planned {
            indicator: indicator(
                "3.2",
                "ระดับความสำเร็จของการพัฒนาระบบบัญชีข้อมูลภาครัฐของหน่วยงาน",
                "13",
                milestone([
                    &["แต่งตั้งคณะทำงานธรรมาภิบาลข้อมูล"],
                    &["จัดทำบัญชีข้อมูลครบทุกกอง"],
                    &["ลงทะเบียนบัญชีข้อมูลในระบบ GD Catalog"],
                    &["เปิดเผยชุดข้อมูลเปิดอย่างน้อย 20 ชุด"],
                    &["ประเมินผลและปรับปรุงตามข้อเสนอแนะ"],
                ]),
                KpiSource::Entered,
                officer,
                officer_name,
            ),
            by_officer: true,
            results: [Some("2"), Some("4")],
            explanation: "ดำเนินการตามแผนธรรมาภิบาลข้อมูลของหน่วยงาน",
        },
        Planned {
            indicator: indicator(
                "4.1",
                "ร้อยละของบุคลากรที่ได้รับการพัฒนาทักษะด้านสถิติและดิจิทัล",
                "15",
                quantitative(Higher, Interpolate, ["70", "75", "80", "85", "90"]),
                KpiSource::Entered,
                None,
                "กลุ่มพัฒนาทรัพยากรบุคคล",
            ),
            by_officer: false,
            results: [Some("64"), Some("92")],
            explanation: "อบรมผ่านระบบ NSO e-Learning และหลักสูตรในห้องเรียน",
        },
    ]
}

/// Creates the agreement and fills its rounds; then the PMQA 2563 assessment.
pub async fn create_performance(service: &Service, staff: &Staff, agency_id: i64) -> Result<()> {
    let year = tidtam_domain::period::FiscalYear::checked(AGREEMENT_YEAR).expect("a valid year");
    let setup = service.at(noon(year.start()) + SignedDuration::from_hours(24 * 14));
    let agreement = setup
        .create_agreement(
            &staff.planner,
            NewAgreement {
                org_unit_id: agency_id,
                fiscal_year: AGREEMENT_YEAR,
                title: "คำรับรองการปฏิบัติราชการ สำนักงานสถิติแห่งชาติ".into(),
                below_level_one: None,
                milestone_cumulative: None,
            },
        )
        .await?;
    let planned = plan(staff);
    let mut ids = Vec::new();
    for item in &planned {
        ids.push(setup.add_indicator(&staff.planner, agreement.id, item.indicator.clone()).await?.id);
    }
    // The 6-month round ends on 31 March, the 9-month one on 30 June: entered two weeks later.
    let round_days = [(6u8, date(2025, 4, 10)), (9u8, date(2025, 7, 10))];
    for (round, (months, day)) in round_days.into_iter().enumerate() {
        let at = service.at(noon(day));
        for (item, &id) in planned.iter().zip(&ids) {
            let actor = if item.by_officer { &staff.officer } else { &staff.planner };
            let input = RoundInput {
                version: 0,
                result: item.results[round].map(str::to_string),
                explanation: item.explanation.into(),
                supporting_factors: "ผู้บริหารให้ความสำคัญและติดตามอย่างต่อเนื่อง".into(),
                obstacles: if round == 0 {
                    "ระยะเวลาดำเนินการในครึ่งปีแรกจำกัด".into()
                } else {
                    String::new()
                },
                suggestions: String::new(),
                ..RoundInput::default()
            };
            at.save_round(actor, id, months, input).await?;
            let evidence = EvidenceInput {
                title: format!("รายงานผลการดำเนินงานรอบ {months} เดือน"),
                date: Some(day),
                pages: Some(3 + round as u32),
                file_name: None,
            };
            at.add_kpi_evidence(actor, id, months, evidence).await?;
        }
    }
    // The corpus indicator's 12-month round as its report gives it: level 5, its measures and evidence.
    let corpus_id = ids[5];
    let at = service.at(noon(date(2025, 10, 10)));
    let input = RoundInput {
        version: 0,
        result: Some("5".into()),
        explanation: "1. มีคำสั่งสำนักงานปลัดกระทรวงมหาดไทย เรื่อง จัดตั้งสำนักบริหารยุทธศาสตร์กลุ่มจังหวัด และภารกิจและอำนาจหน้าที่ และกรอบอัตรากำลัง\n\
            2. มีคำสั่งสำนักงานปลัดกระทรวงมหาดไทย เรื่อง มอบหมายให้ข้าราชการไปปฏิบัติหน้าที่ที่สำคัญดำเนินการทั้ง 10 กลุ่มจังหวัด"
            .into(),
        supporting_factors: "พระราชกฤษฎีกาว่าด้วยการบริหารงานจังหวัดและกลุ่มจังหวัดแบบบูรณาการ พ.ศ. 2551 มีผลทางด้านกฎหมายและบังคับให้จังหวัด/กลุ่มจังหวัดต้องดำเนินการจัดทำแผนพัฒนา แผนปฏิบัติราชการประจำปี ไว้ชัดเจน".into(),
        obstacles: "-".into(),
        suggestions: "การจัดทำแผนพัฒนาจังหวัด/กลุ่มจังหวัด ในปีต่อไป จะเป็นการวัดในระดับที่เข้มข้น".into(),
        ..RoundInput::default()
    };
    at.save_round(&staff.officer, corpus_id, 12, input).await?;
    for (title, (y, m, d), pages) in CORPUS_EVIDENCE {
        let input =
            EvidenceInput { title: title.into(), date: Some(date(y, m, d)), pages: Some(pages), file_name: None };
        at.add_kpi_evidence(&staff.officer, corpus_id, 12, input).await?;
    }
    // The planner reviews and locks the 6-month round; the committee scores it.
    let review = service.at(noon(date(2025, 4, 25)));
    for &id in &ids {
        let version = review.indicator(&staff.planner, id).await?.rounds[0].version;
        review.lock_round(&staff.planner, id, 6, LockInput { version, reason: None }).await?;
    }
    let committee = service.at(noon(date(2025, 5, 9)));
    for (&id, score) in ids.iter().zip(["3.5", "4", "2.6", "2.2", "2", "3", "2", "0"]) {
        let version = committee.indicator(&staff.committee, id).await?.rounds[0].version;
        committee
            .committee_score(&staff.committee, id, 6, CommitteeInput { version, score: Some(score.into()) })
            .await?;
    }
    // The 2563 assessment is entered from the newsletter when the year's agreement is closed.
    create_pmqa(&service.at(noon(date(2025, 10, 20))), &staff.planner, agency_id).await
}

/// PMQA category 7 (newsletter lines 392–472): sub-item, number, name, unit,
/// lower is better, the FY2563 target, results 2561, 2562, 2563 (None: "-").
type ResultRow = (&'static str, u8, &'static str, &'static str, bool, &'static str, [Option<&'static str>; 3]);

const CATEGORY_7: [ResultRow; 28] = [
    (
        "7.1",
        1,
        "ร้อยละของชุดข้อมูลตามตัวชี้วัด SDGs ที่หน่วยงานรับผิดชอบการจัดเก็บมีความถูกต้อง ครบถ้วน ทันสมัย",
        "ตัวชี้วัด",
        false,
        "25",
        [Some("12"), Some("25"), Some("31")],
    ),
    (
        "7.1",
        2,
        "จำนวนข้อมูลด้านเศรษฐกิจและสังคมที่ต้องการเผยแพร่ต่อประชาชนหรือผู้มีส่วนได้ส่วนเสีย",
        "เรื่อง",
        false,
        "26",
        [Some("23"), Some("31"), Some("38")],
    ),
    (
        "7.1",
        3,
        "ร้อยละของผู้สำเร็จการอบรมหลักสูตรด้านสถิติที่ได้นำความรู้และประสบการณ์มาปรับใช้ในการปฏิบัติงาน",
        "ร้อยละ",
        false,
        "85",
        [None, None, Some("100")],
    ),
    (
        "7.1",
        4,
        "ความสำเร็จของการจัดระบบข้อมูลและสารสนเทศเพื่อการบริหาร (Management Information System: MIS)",
        "เรื่อง",
        false,
        "4",
        [Some("3"), Some("3"), Some("0")],
    ),
    (
        "7.1",
        5,
        "ร้อยละความสำเร็จของร้อยละเฉลี่ยก้าวหน้าในการบรรลุเป้าหมายตามแผนปฏิบัติราชการของส่วนราชการ",
        "ร้อยละ",
        false,
        "80.5",
        [Some("78.4"), Some("83.33"), Some("78.96")],
    ),
    (
        "7.2",
        1,
        "ร้อยละความพึงพอใจของผู้ใช้ข้อมูลหรือผู้มีส่วนได้ส่วนเสีย",
        "ร้อยละ",
        false,
        "92.06",
        [Some("92.06"), Some("89.98"), Some("98.8")],
    ),
    (
        "7.2",
        2,
        "จำนวนเครือข่ายที่ให้ความร่วมมือด้านการสำรวจข้อมูลสถิติ",
        "ชุมชน",
        false,
        "2068",
        [Some("235"), Some("2068"), Some("2010")],
    ),
    (
        "7.2",
        3,
        "ร้อยละความผูกพันของผู้รับบริการและผู้มีส่วนได้ส่วนเสียต่อสำนักงานสถิติแห่งชาติ",
        "ร้อยละ",
        false,
        "80",
        [None, None, Some("83.3")],
    ),
    (
        "7.2",
        4,
        "ร้อยละของข้อร้องเรียนจากผู้รับบริการที่สามารถดำเนินการแก้ไขได้ภายในระยะเวลาที่กำหนด",
        "ร้อยละ",
        false,
        "100",
        [Some("100"), Some("100"), Some("100")],
    ),
    ("7.2", 5, "จำนวนข้อร้องเรียนที่ลดลงจากปีที่แล้ว", "เรื่อง", true, "42", [Some("35"), Some("42"), Some("25")]),
    ("7.3", 1, "จำนวนนวัตกรรมที่เกิดขึ้นภายในสำนักงานสถิติแห่งชาติ", "นวัตกรรม", false, "6", [Some("6"), Some("5"), Some("4")]),
    ("7.3", 2, "จำนวนบุคลากรที่ได้รับการพัฒนาทักษะด้านเทคโนโลยีสารสนเทศ", "คน", false, "396", [None, None, Some("396")]),
    ("7.3", 3, "จำนวนตำแหน่งที่สามารถจัดทำเส้นทางความก้าวหน้า", "ตำแหน่ง", false, "34", [Some("31"), Some("34"), Some("18")]),
    (
        "7.3",
        4,
        "จำนวนบุคลากรที่ได้รับการอนุมัติไปเป็นกรรมการในหน่วยงานภายนอก",
        "คน",
        false,
        "5",
        [Some("5"), Some("3"), Some("9")],
    ),
    (
        "7.3",
        5,
        "จำนวนบุคลากรของส่วนราชการที่อาสาสมัครในโครงการที่ตอบสนองนโยบายหน่วยงาน",
        "คน",
        false,
        "31",
        [Some("31"), Some("0"), Some("81")],
    ),
    ("7.4", 1, "จำนวนรางวัลที่ได้รับจากหน่วยงานภายนอก", "รางวัล", false, "2", [Some("2"), Some("0"), Some("1")]),
    ("7.4", 2, "จำนวนองค์ความรู้ที่เกิดขึ้นในองค์กร", "องค์ความรู้", false, "4", [Some("4"), Some("2"), Some("0")]),
    (
        "7.4",
        3,
        "ระดับคุณธรรมและความโปร่งใสการดำเนินงานของหน่วยงาน (ITA)",
        "ร้อยละ",
        false,
        "86.59",
        [Some("83.85"), Some("86.59"), Some("85.67")],
    ),
    ("7.4", 4, "จำนวนบุคลากรที่ได้รับรางวัลข้าราชการดีเด่น", "คน", false, "2", [Some("2"), Some("2"), Some("2")]),
    (
        "7.5",
        1,
        "จำนวนโครงการสำรวจข้อมูลสถิติที่ร่วมมือกับหน่วยงาน/ส่วนราชการอื่น สามารถเผยแพร่ได้ตามแผนที่กำหนดในปีงบประมาณ พ.ศ.2563",
        "โครงการ",
        false,
        "8",
        [Some("5"), Some("8"), Some("5")],
    ),
    (
        "7.5",
        2,
        "ร้อยละข้อมูลสถิติทางการที่สำคัญ จำเป็นของประเทศ ที่มีความถูกต้อง ครบถ้วน ทันสมัย ปีงบประมาณ พ.ศ. 2563",
        "ร้อยละ",
        false,
        "90.11",
        [Some("81.24"), Some("90.11"), Some("90.02")],
    ),
    (
        "7.5",
        3,
        "จำนวนข้อมูลสถิติด้านเศรษฐกิจที่เผยแพร่ในปีงบประมาณ พ.ศ. 2563",
        "เรื่อง",
        false,
        "7",
        [Some("4"), Some("9"), Some("8")],
    ),
    (
        "7.5",
        4,
        "จำนวนข้อมูลสถิติด้านสังคมที่เผยแพร่ในปีงบประมาณ พ.ศ. 2563",
        "เรื่อง",
        false,
        "17",
        [Some("19"), Some("16"), Some("18")],
    ),
    (
        "7.5",
        5,
        "จำนวนข้อมูลสถิติด้านสาธารณสุขที่เผยแพร่ในปีงบประมาณ พ.ศ. 2563",
        "เรื่อง",
        false,
        "2",
        [Some("3"), Some("1"), Some("3")],
    ),
    ("7.6", 1, "จำนวนนวัตกรรมที่ใช้ในการปรับปรุงกระบวนการทำงาน", "นวัตกรรม", false, "6", [None, None, Some("6")]),
    (
        "7.6",
        2,
        "จำนวนโครงการสำรวจที่ใช้โปรแกรม Tablet เก็บข้อมูล",
        "โครงการ",
        false,
        "15",
        [Some("15"), Some("8"), Some("18")],
    ),
    (
        "7.6",
        3,
        "จำนวนโครงการฝึกอบรมที่รับสมัครผ่านระบบสมัครฝึกอบรมออนไลน์",
        "โครงการ",
        false,
        "5",
        [Some("5"), Some("4"), Some("6")],
    ),
    (
        "7.6",
        4,
        "จำนวนรายการสถิติที่ให้บริการผ่านระบบดิจิทัลด้วยระบบ BI",
        "รายการ",
        false,
        "500",
        [Some("420"), Some("489"), Some("503")],
    ),
];

/// The category 7 indicators as the use case takes them.
pub fn category_7_results() -> Vec<PmqaResultInput> {
    CATEGORY_7
        .iter()
        .map(|&(item, number, name, unit, lower, target, values)| PmqaResultInput {
            item: item.into(),
            number,
            name: name.into(),
            unit: unit.into(),
            polarity: if lower { PolarityName::Lower } else { PolarityName::Higher },
            target: Some(target.into()),
            target_year: 2563,
            values: [2561, 2562, 2563]
                .into_iter()
                .zip(values)
                .map(|(year, value)| PmqaYearValue { year, value: value.map(str::to_string) })
                .collect(),
        })
        .collect()
}

async fn create_pmqa(service: &Service, planner: &Actor, agency_id: i64) -> Result<()> {
    let input = NewAssessment {
        org_unit_id: agency_id,
        fiscal_year: 2563,
        stated_total: Some("256.43".into()),
        items: Vec::new(),
        results: category_7_results(),
    };
    service.create_assessment(planner, input).await?;
    Ok(())
}
