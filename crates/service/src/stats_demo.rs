//! Demonstration data for the Statistics Sharing Hub, loaded through the same
//! path as an agency's tables (CSV text → preview → release), so the demo
//! shows releases, revisions and the audit trail as they really happen.
//!
//! Two datasets:
//! - the NSO's PMQA category 7 results (หมวด 7 ผลลัพธ์การดำเนินการ), fiscal years
//!   2561–2563 and the 2563 targets, as the NSO newsletter prints them (real values);
//! - indicators of the MOU's 10 pilot provinces, 2563–2566: **demonstration
//!   values**, computed from the province code, marked so in the title, the
//!   description and every release note. The second release revises two values
//!   and adds 2566, so the history and `updatedAfter` have something to show.

use tidtam_api::register::RegisterEntryInput;
use tidtam_domain::policy::{Actor, Role};
use tidtam_stats::gdc::GdcMetadata;
use tidtam_stats::load::{ColumnRole, HeaderRole, Mapping, Role as Column};
use tidtam_stats::model::{Dataset, DimensionId, Indicator};
use tidtam_stats::period::{Period, YearKind};
use tidtam_stats::release::LoadMode;

use crate::auth::NewUser;
use crate::{Result, Service};

/// The 10 pilot provinces of the MOU of 8 March 2555 (official codes).
pub const PILOT_PROVINCES: [u8; 10] = [62, 60, 61, 18, 16, 17, 15, 14, 25, 26];

/// What the hub demo created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatsDemo {
    pub datasets: Vec<String>,
    /// The statistician's user name (password as given).
    pub statistician: String,
    pub statistician_id: i64,
    /// The codes of the register entries ([`Service::generate_register_demo`]).
    pub register: Vec<String>,
}

/// PMQA category 7 (newsletter, หมวด 7): code, name, unit, the FY2563 target, results 2561–2563 (None: "-").
type Kpi = (&'static str, &'static str, &'static str, f64, [Option<f64>; 3]);
const PMQA_7: [Kpi; 15] = [
    (
        "K7_1_1",
        "ร้อยละของชุดข้อมูลตามตัวชี้วัด SDGs ที่หน่วยงานรับผิดชอบการจัดเก็บมีความถูกต้อง ครบถ้วน ทันสมัย",
        "ตัวชี้วัด",
        25.0,
        [Some(12.0), Some(25.0), Some(31.0)],
    ),
    (
        "K7_1_2",
        "จำนวนข้อมูลด้านเศรษฐกิจและสังคมที่ต้องการเผยแพร่ต่อประชาชนหรือผู้มีส่วนได้ส่วนเสีย",
        "เรื่อง",
        26.0,
        [Some(23.0), Some(31.0), Some(38.0)],
    ),
    (
        "K7_1_3",
        "ร้อยละของผู้สำเร็จการอบรมหลักสูตรด้านสถิติที่ได้นำความรู้และประสบการณ์มาปรับใช้ในการปฏิบัติงาน",
        "ร้อยละ",
        85.0,
        [None, None, Some(100.0)],
    ),
    ("K7_1_4", "ความสำเร็จของการจัดระบบข้อมูลและสารสนเทศเพื่อการบริหาร (MIS)", "เรื่อง", 4.0, [Some(3.0), Some(3.0), Some(0.0)]),
    (
        "K7_1_5",
        "ร้อยละความสำเร็จของร้อยละเฉลี่ยก้าวหน้าในการบรรลุเป้าหมายตามแผนปฏิบัติราชการของส่วนราชการ",
        "ร้อยละ",
        80.5,
        [Some(78.4), Some(83.33), Some(78.96)],
    ),
    ("K7_2_1", "ร้อยละความพึงพอใจของผู้ใช้ข้อมูลหรือผู้มีส่วนได้ส่วนเสีย", "ร้อยละ", 92.06, [Some(92.06), Some(89.98), Some(98.8)]),
    ("K7_2_2", "จำนวนเครือข่ายที่ให้ความร่วมมือด้านการสำรวจข้อมูลสถิติ", "ชุมชน", 2068.0, [Some(235.0), Some(2068.0), Some(2010.0)]),
    ("K7_2_3", "ร้อยละความผูกพันของผู้รับบริการและผู้มีส่วนได้ส่วนเสียต่อสำนักงานสถิติแห่งชาติ", "ร้อยละ", 80.0, [None, None, Some(83.3)]),
    (
        "K7_2_4",
        "ร้อยละของข้อร้องเรียนจากผู้รับบริการที่สามารถดำเนินการแก้ไขได้ภายในระยะเวลาที่กำหนด",
        "ร้อยละ",
        100.0,
        [Some(100.0), Some(100.0), Some(100.0)],
    ),
    ("K7_2_5", "จำนวนข้อร้องเรียนที่ลดลงจากปีที่แล้ว", "เรื่อง", 42.0, [Some(35.0), Some(42.0), Some(25.0)]),
    (
        "K7_5_1",
        "จำนวนโครงการสำรวจข้อมูลสถิติที่ร่วมมือกับหน่วยงานอื่นเผยแพร่ได้ตามแผน",
        "โครงการ",
        8.0,
        [Some(5.0), Some(8.0), Some(5.0)],
    ),
    (
        "K7_5_2",
        "ร้อยละข้อมูลสถิติทางการที่สำคัญจำเป็นของประเทศที่มีความถูกต้อง ครบถ้วน ทันสมัย",
        "ร้อยละ",
        90.11,
        [Some(81.24), Some(90.11), Some(90.02)],
    ),
    ("K7_5_3", "จำนวนข้อมูลสถิติด้านเศรษฐกิจที่เผยแพร่", "เรื่อง", 7.0, [Some(4.0), Some(9.0), Some(8.0)]),
    ("K7_5_4", "จำนวนข้อมูลสถิติด้านสังคมที่เผยแพร่", "เรื่อง", 17.0, [Some(19.0), Some(16.0), Some(18.0)]),
    ("K7_5_5", "จำนวนข้อมูลสถิติด้านสาธารณสุขที่เผยแพร่", "เรื่อง", 2.0, [Some(3.0), Some(1.0), Some(3.0)]),
];

/// The pilot-province indicators (demonstration values): code, Thai and English name, unit, base value, step per year.
const PILOT_INDICATORS: [(&str, &str, &str, &str, &str, f64, f64); 3] = [
    ("UNEMP_RATE", "อัตราการว่างงาน", "Unemployment rate", "ร้อยละ", "percent", 1.2, -0.1),
    ("POVERTY_RATE", "สัดส่วนคนจน", "Poverty headcount ratio", "ร้อยละ", "percent", 6.0, -0.3),
    ("GPP_PER_CAPITA", "ผลิตภัณฑ์มวลรวมจังหวัดต่อหัว", "Gross provincial product per capita", "บาท", "baht", 95000.0, 3500.0),
];

pub(crate) fn metadata(frequency: &str, geo: &str, source: &str, tags: &[&str], official: bool) -> GdcMetadata {
    let mut m = GdcMetadata::default();
    m.set("data_type", "ข้อมูลสถิติ")
        .set("maintainer", "สำนักงานสถิติแห่งชาติ")
        .set("maintainer_email", "services@nso.go.th")
        .set_list("tag_string", tags)
        .set_list("objective", &["พันธกิจหน่วยงาน"])
        .set("update_frequency_unit", frequency)
        .set("update_frequency_interval", "1")
        .set("geo_coverage", geo)
        .set("data_source", source)
        .set_list("data_format", &["CSV", "XLS"])
        .set("data_category", "ข้อมูลสาธารณะ")
        .set("license_id", "Open Data Common")
        .set_list("data_language", &["ไทย"])
        .set("official_statistics", if official { "True" } else { "False" });
    m
}

fn pmqa_dataset() -> Dataset {
    let mut indicators = Vec::new();
    for (code, name, unit, _, _) in PMQA_7 {
        let unit_en = if unit == "ร้อยละ" { "percent" } else { "count" };
        indicators.push(Indicator {
            code: code.into(),
            name_th: name.into(),
            name_en: String::new(),
            unit_th: unit.into(),
            unit_en: unit_en.into(),
            unit_mult: 0,
        });
        indicators.push(Indicator {
            code: format!("{code}_TARGET"),
            name_th: format!("ค่าเป้าหมาย: {name}"),
            name_en: String::new(),
            unit_th: unit.into(),
            unit_en: unit_en.into(),
            unit_mult: 0,
        });
    }
    Dataset {
        id: "NSO_PMQA_7".into(),
        title_th: "ผลลัพธ์การดำเนินการของสำนักงานสถิติแห่งชาติ (PMQA หมวด 7) ปีงบประมาณ 2561–2563".into(),
        title_en: "NSO performance results (PMQA category 7), fiscal years 2561–2563".into(),
        description_th:
            "ตัวชี้วัดหมวด 7 ตามที่จดหมายข่าวสำนักงานสถิติแห่งชาติเผยแพร่: ผลปีงบประมาณ 2561–2563 และค่าเป้าหมายปีงบประมาณ 2563".into(),
        sector: "S19".into(),
        dimensions: vec![DimensionId::Indicator],
        indicators,
        metadata: metadata(
            "ปี",
            "ประเทศ",
            "จดหมายข่าวสำนักงานสถิติแห่งชาติ (PMQA)",
            &["PMQA", "ตัวชี้วัด", "สำนักงานสถิติแห่งชาติ"],
            false,
        ),
        disclosure: Default::default(),
    }
}

fn pilot_dataset() -> Dataset {
    Dataset {
        id: "MOU_PILOT_DEMO".into(),
        title_th: "ตัวชี้วัดจังหวัดนำร่อง 10 จังหวัดตาม MOU (ค่าสาธิต ไม่ใช่ข้อมูลจริง)".into(),
        title_en: "Indicators of the MOU's 10 pilot provinces (demonstration values, not real data)".into(),
        description_th: "ค่าสาธิตสำหรับทดลองใช้ระบบเท่านั้น คำนวณจากรหัสจังหวัด ไม่ใช่สถิติทางการ".into(),
        sector: "S10".into(),
        dimensions: vec![DimensionId::Indicator, DimensionId::Area],
        indicators: PILOT_INDICATORS
            .iter()
            .map(|(code, th, en, unit_th, unit_en, _, _)| Indicator {
                code: (*code).into(),
                name_th: (*th).into(),
                name_en: (*en).into(),
                unit_th: (*unit_th).into(),
                unit_en: (*unit_en).into(),
                unit_mult: 0,
            })
            .collect(),
        metadata: metadata("ปี", "จังหวัด", "ค่าสาธิต (demonstration values)", &["จังหวัดนำร่อง", "ค่าสาธิต", "MOU"], false),
        disclosure: Default::default(),
    }
}

/// A demonstration value: smooth over the years, different per province.
fn pilot_value(indicator: usize, province: u8, year_index: usize) -> f64 {
    let (_, _, _, _, _, base, step) = PILOT_INDICATORS[indicator];
    let spread = f64::from(province % 7) / 10.0 + 0.85;
    let value = base * spread + step * year_index as f64;
    (value * 100.0).round() / 100.0
}

/// The pilot table as an agency would publish it: provinces down, BE years across,
/// one header row of indicator names (merged in Excel, repeated here) over a row of years.
fn pilot_csv(years: &[i32], revise: bool) -> String {
    let mut out = String::from("ตัวชี้วัด");
    let mut second = String::from("จังหวัด");
    for (_, th, ..) in PILOT_INDICATORS {
        for y in years {
            out.push(',');
            out.push_str(th);
            second.push_str(&format!(",{y}"));
        }
    }
    out.push('\n');
    out.push_str(&second);
    out.push('\n');
    for p in PILOT_PROVINCES {
        let name = tidtam_thai::province::by_code(p).expect("a province").name_th;
        out.push_str(name);
        for i in 0..PILOT_INDICATORS.len() {
            for (yi, _) in years.iter().enumerate() {
                let mut v = pilot_value(i, p, yi);
                // The second release revises two values (a survey re-weighted).
                if revise && i == 0 && yi == 1 && (p == 62 || p == 26) {
                    v += 0.2;
                }
                out.push_str(&format!(",{v}"));
            }
        }
        out.push('\n');
    }
    out.push_str("\nหมายเหตุ: ค่าสาธิต ไม่ใช่ข้อมูลจริง\n");
    out
}

fn pmqa_csv() -> String {
    let mut out = String::from("ตัวชี้วัด,2561,2562,2563\n");
    for (_, name, _, target, results) in PMQA_7 {
        let cell = |v: Option<f64>| v.map_or("-".to_owned(), |v| v.to_string());
        out.push_str(&format!("\"{name}\",{},{},{}\n", cell(results[0]), cell(results[1]), cell(results[2])));
        out.push_str(&format!("\"ค่าเป้าหมาย: {name}\",,,{target}\n"));
    }
    out.push_str("\nที่มา: จดหมายข่าวสำนักงานสถิติแห่งชาติ หมวด 7 ผลลัพธ์การดำเนินการ\n");
    out
}

impl Service {
    /// Fills the hub with the demo datasets of `agency_id`, loaded and
    /// published by a statistician of that agency (user `statistician`,
    /// created with `password`). Deterministic: the same values every time.
    pub async fn generate_stats_demo(&self, actor: &Actor, agency_id: i64, password: &str) -> Result<StatsDemo> {
        let user = self
            .create_user(
                actor,
                NewUser {
                    username: "statistician".into(),
                    display_name: "นักสถิติ (สาธิต)".into(),
                    password: password.into(),
                    role: Role::Statistician,
                    agency_id: Some(agency_id),
                    division_id: None,
                },
            )
            .await?;
        let statistician = Actor {
            user_id: Some(user.id),
            username: user.username.clone(),
            role: Role::Statistician,
            agency_id: Some(agency_id),
            division_id: None,
        };
        let s = &statistician;
        let mut datasets = Vec::new();

        let pmqa = self.define_stat_dataset(s, agency_id, pmqa_dataset()).await?;
        let mapping = Mapping {
            header_rows: 1,
            columns: vec![ColumnRole {
                column: "ตัวชี้วัด".into(), role: Column::Dimension(DimensionId::Indicator)
            }],
            across: vec![HeaderRole { row: 1, role: Column::Period }],
            years: YearKind::Fiscal,
            ..Mapping::default()
        };
        self.load_stat_release(
            s,
            &pmqa.dataset.id,
            "pmqa-7.csv",
            pmqa_csv().into_bytes(),
            Some(mapping),
            LoadMode::Replace,
            "จดหมายข่าว สสช. หมวด 7",
        )
        .await?;
        datasets.push(pmqa.dataset.id.clone());

        let pilot = self.define_stat_dataset(s, agency_id, pilot_dataset()).await?;
        let mapping = Mapping {
            header_rows: 2,
            columns: vec![ColumnRole {
                column: "จังหวัด".into(), role: Column::Dimension(DimensionId::Area)
            }],
            across: vec![
                HeaderRole { row: 1, role: Column::Dimension(DimensionId::Indicator) },
                HeaderRole { row: 2, role: Column::Period },
            ],
            ..Mapping::default()
        };
        let note = "ค่าสาธิต ไม่ใช่ข้อมูลจริง (demonstration values)";
        self.load_stat_release(
            s,
            &pilot.dataset.id,
            "pilot-2565.csv",
            pilot_csv(&[2563, 2564, 2565], false).into_bytes(),
            Some(mapping),
            LoadMode::Merge,
            note,
        )
        .await?;
        self.load_stat_release(
            s,
            &pilot.dataset.id,
            "pilot-2566.csv",
            pilot_csv(&[2563, 2564, 2565, 2566], true).into_bytes(),
            None,
            LoadMode::Merge,
            note,
        )
        .await?;
        datasets.push(pilot.dataset.id.clone());

        for id in &datasets {
            let row = self.stat_dataset(s, id).await?;
            self.publish_stat_dataset(s, id, row.version, true).await?;
        }
        // The portfolio as a dataset, when there is a published portfolio to show.
        match self.publish_portfolio_dataset(s, agency_id).await {
            Ok(row) => datasets.push(row.dataset.id),
            Err(crate::ServiceError::Invalid(fields)) if fields.iter().any(|f| f.field == "portfolio") => {}
            Err(other) => return Err(other),
        }
        let register = self.generate_register_demo(s, agency_id).await?;
        Ok(StatsDemo { datasets, statistician: user.username, statistician_id: user.id, register })
    }
}

/// The quarterly labour-force dataset of the register demo (demonstration
/// values): indicator code, Thai and English name, unit, base value, step per quarter.
const LFS_INDICATORS: [(&str, &str, &str, &str, f64, f64); 2] = [
    ("UNEMP_Q", "อัตราการว่างงาน", "Unemployment rate", "ร้อยละ", 1.0, 0.02),
    ("EMPLOYED_Q", "จำนวนผู้มีงานทำ", "Employed persons", "พันคน", 39500.0, 40.0),
];

/// Days after a quarter ends that the demo publishes it: inside the register's
/// calendar of one month and 15 days, so the quarters come out on time.
const LFS_RELEASE_DAYS: i64 = 40;

fn lfs_dataset() -> Dataset {
    Dataset {
        id: "NSO_LFS_Q_DEMO".into(),
        title_th: "การสำรวจภาวะการทำงานของประชากร รายไตรมาส (ค่าสาธิต ไม่ใช่ข้อมูลจริง)".into(),
        title_en: "Labour force survey, quarterly (demonstration values, not real data)".into(),
        description_th: "ค่าสาธิตสำหรับทดลองบัญชีสถิติทางการเท่านั้น ไม่ใช่สถิติทางการ".into(),
        sector: "S02".into(),
        dimensions: vec![DimensionId::Indicator],
        indicators: LFS_INDICATORS
            .iter()
            .map(|(code, th, en, unit, _, _)| Indicator {
                code: (*code).into(),
                name_th: (*th).into(),
                name_en: (*en).into(),
                unit_th: (*unit).into(),
                unit_en: if *unit == "ร้อยละ" { "percent".into() } else { "thousand persons".into() },
                unit_mult: 0,
            })
            .collect(),
        metadata: metadata("ไตรมาส", "ประเทศ", "ค่าสาธิต (demonstration values)", &["แรงงาน", "ค่าสาธิต"], false),
        disclosure: Default::default(),
    }
}

/// The table of quarters `quarters` (index, period); the employed-persons
/// series stops `employed_lag` quarters before the end (the late statistic).
fn lfs_csv(quarters: &[Period], employed_lag: usize) -> String {
    let mut out = String::from("ตัวชี้วัด,งวด,ค่า\n");
    for (i, (code, _, _, _, base, step)) in LFS_INDICATORS.iter().enumerate() {
        let upto = if i == 1 { quarters.len().saturating_sub(employed_lag) } else { quarters.len() };
        for (qi, q) in quarters.iter().take(upto).enumerate() {
            let value = ((base + step * qi as f64) * 100.0).round() / 100.0;
            out.push_str(&format!("{code},{},{value}\n", q.sdmx()));
        }
    }
    out
}

impl Service {
    /// The register demo: a quarterly dataset (a draft) released over the last two years
    /// (each release dated 40 days after its quarter, so the history is real
    /// to the calendar), and register entries for it and the hub's other demo
    /// datasets, so every status shows: on time, late (employed persons stops
    /// two quarters early), produced without a calendar (the pilot provinces,
    /// PMQA), not produced (no dataset). Returns the entries' codes.
    pub async fn generate_register_demo(&self, statistician: &Actor, agency_id: i64) -> Result<Vec<String>> {
        use tidtam_stats::release::{thai_date, thailand};
        let today = thai_date(self.now());
        let at = |d: jiff::civil::Date| thailand().to_timestamp(d.at(10, 0, 0, 0)).expect("a fixed offset");
        let released_on = |q: Period| q.end().checked_add(jiff::Span::new().days(LFS_RELEASE_DAYS)).expect("in range");
        // The eight latest quarters already released by today.
        let mut last = Period::Quarter(today.year(), ((today.month() - 1) / 3 + 1) as u8);
        while released_on(last) > today {
            last = match last {
                Period::Quarter(y, 1) => Period::Quarter(y - 1, 4),
                Period::Quarter(y, q) => Period::Quarter(y, q - 1),
                other => other,
            };
        }
        let mut quarters = vec![last];
        while quarters.len() < 8 {
            let Period::Quarter(y, q) = quarters[0] else { break };
            quarters.insert(0, if q == 1 { Period::Quarter(y - 1, 4) } else { Period::Quarter(y, q - 1) });
        }
        let first_day = released_on(quarters[0]);
        let dataset = self.at(at(first_day)).define_stat_dataset(statistician, agency_id, lfs_dataset()).await?;
        let mapping = Mapping {
            header_rows: 1,
            columns: vec![
                ColumnRole {
                    column: "ตัวชี้วัด".into(), role: Column::Dimension(DimensionId::Indicator)
                },
                ColumnRole { column: "งวด".into(), role: Column::Period },
                ColumnRole { column: "ค่า".into(), role: Column::Value },
            ],
            ..Mapping::default()
        };
        for n in 1..=quarters.len() {
            let q = quarters[n - 1];
            // Employed persons stops two quarters before the end.
            let employed_lag = n.saturating_sub(quarters.len() - 2);
            self.at(at(released_on(q)))
                .load_stat_release(
                    statistician,
                    &dataset.dataset.id,
                    &format!("lfs-{}.csv", q.sdmx()),
                    lfs_csv(&quarters[..n], employed_lag).into_bytes(),
                    Some(mapping.clone()),
                    LoadMode::Merge,
                    "ค่าสาธิต ไม่ใช่ข้อมูลจริง (demonstration values)",
                )
                .await?;
        }
        // Left a draft: the public catalog (and the clients `.ci/stats-clients`
        // checks) keeps the hub demo's three datasets; the register counts its releases.

        let entry = |code: &str, th: &str, en: &str, sector: &str, geo: &str, frequency: &str, first: String| {
            RegisterEntryInput {
                code: code.into(),
                name_th: th.into(),
                name_en: en.into(),
                agency_id,
                sector: sector.into(),
                geo_level: geo.into(),
                frequency: frequency.into(),
                first_period: first,
                calendar: "none".into(),
                ..RegisterEntryInput::default()
            }
        };
        let lag = |mut e: RegisterEntryInput, months, days| {
            e.calendar = "lag".into();
            e.lag_months = months;
            e.lag_days = days;
            e
        };
        let carried = |mut e: RegisterEntryInput, dataset: &str, indicator: &str| {
            e.dataset = Some(dataset.into());
            e.indicator = Some(indicator.into());
            e
        };
        let first_quarter = quarters[0].sdmx();
        let mut census = entry(
            "CENSUS_POP",
            "สำมะโนประชากรและเคหะ",
            "Population and housing census",
            "S01",
            "province",
            "every_years",
            "2010".into(),
        );
        census.every_years = Some(10);
        let entries = vec![
            carried(
                lag(
                    entry(
                        "LFS_UNEMP_Q",
                        "อัตราการว่างงาน รายไตรมาส",
                        "Unemployment rate, quarterly",
                        "S02",
                        "country",
                        "quarterly",
                        first_quarter.clone(),
                    ),
                    1,
                    15,
                ),
                "NSO_LFS_Q_DEMO",
                "UNEMP_Q",
            ),
            carried(
                lag(
                    entry(
                        "LFS_EMPLOYED_Q",
                        "จำนวนผู้มีงานทำ รายไตรมาส",
                        "Employed persons, quarterly",
                        "S02",
                        "country",
                        "quarterly",
                        first_quarter,
                    ),
                    1,
                    15,
                ),
                "NSO_LFS_Q_DEMO",
                "EMPLOYED_Q",
            ),
            carried(
                entry(
                    "PROV_UNEMP",
                    "อัตราการว่างงานรายจังหวัด",
                    "Unemployment rate by province",
                    "S02",
                    "province",
                    "annual",
                    "2020".into(),
                ),
                "MOU_PILOT_DEMO",
                "UNEMP_RATE",
            ),
            carried(
                entry(
                    "PROV_GPP_PC",
                    "ผลิตภัณฑ์มวลรวมจังหวัดต่อหัว",
                    "Gross provincial product per capita",
                    "S10",
                    "province",
                    "annual",
                    "2020".into(),
                ),
                "MOU_PILOT_DEMO",
                "GPP_PER_CAPITA",
            ),
            carried(
                entry(
                    "NSO_OFFICIAL_QUALITY",
                    "ร้อยละข้อมูลสถิติทางการที่สำคัญจำเป็นของประเทศที่มีความถูกต้อง ครบถ้วน ทันสมัย",
                    "Share of key official statistics that are accurate, complete and current",
                    "S19",
                    "country",
                    "annual",
                    "ปีงบประมาณ 2561".into(),
                ),
                "NSO_PMQA_7",
                "K7_5_2",
            ),
            lag(census, 24, 0),
            lag(
                entry(
                    "TOURISM_PROV",
                    "สถิติผู้เยี่ยมเยือนรายจังหวัด",
                    "Visitors by province",
                    "S17",
                    "province",
                    "monthly",
                    "2024-01".into(),
                ),
                2,
                0,
            ),
        ];
        let mut codes = Vec::new();
        for e in entries {
            codes.push(self.create_register_entry(statistician, &e).await?.entry.code);
        }
        Ok(codes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_tables_name_every_pilot_province_and_mark_demonstration_values() {
        let csv = pilot_csv(&[2563, 2564], false);
        for p in PILOT_PROVINCES {
            assert!(csv.contains(tidtam_thai::province::by_code(p).unwrap().name_th), "{p}");
        }
        assert!(pilot_dataset().title_th.contains("ค่าสาธิต"));
        assert!(pilot_dataset().validate().is_empty() && pmqa_dataset().validate().is_empty());
        assert!(pmqa_dataset().metadata.missing_required().is_empty());
        assert_eq!(pmqa_csv().lines().count(), 1 + 30 + 2);
    }
}
