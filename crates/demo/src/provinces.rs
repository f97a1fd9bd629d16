//! Provincial statistics for the demo: three agencies' datasets of every
//! province, the regions and the country (loaded and published by each
//! agency's statistician through the hub's use cases, as an agency publishes
//! its table), and the plan of นครสวรรค์, a pilot province of the MOU, kept by
//! its statistics office: strategic issues, the statistics each needs, and
//! the gaps.
//!
//! **Demonstration values**: computed from the province code, marked so in
//! every dataset's title, description and release note. The agencies and the
//! indicators are real; the figures are not.

use tidtam_api::province::{IssueInput, ProvincePlanView, StatisticInput};
use tidtam_domain::model::{BudgetYear, OrgKind, OrgUnitInput, ProjectInput};
use tidtam_domain::policy::{Actor, Role};
use tidtam_domain::{Baht, FiscalYear};
use tidtam_service::auth::NewUser;
use tidtam_service::projects::NewProject;
use tidtam_service::{Result, Service};
use tidtam_stats::gdc::GdcMetadata;
use tidtam_stats::load::{ColumnRole, HeaderRole, Mapping, Role as Column};
use tidtam_stats::model::{Dataset, DimensionId, Indicator};
use tidtam_stats::release::LoadMode;
use tidtam_thai::province::{PROVINCES, Region};

/// The years of the demo series (BE).
pub const YEARS: [i32; 5] = [2564, 2565, 2566, 2567, 2568];

/// The pilot province whose plan the demo writes (นครสวรรค์).
pub const PILOT_PROVINCE: u8 = 60;

/// One indicator of a demo dataset: code, Thai and English name, unit, how a province's value is made.
struct DemoIndicator {
    code: &'static str,
    name_th: &'static str,
    name_en: &'static str,
    unit_th: &'static str,
    unit_en: &'static str,
    /// The value of a province (by code) in the n-th demo year.
    value: fn(u8, usize) -> f64,
    /// Decimal places published.
    places: i32,
}

struct DemoDataset {
    id: &'static str,
    sector: &'static str,
    title_th: &'static str,
    title_en: &'static str,
    source: &'static str,
    /// The publishing agency: ministry code and name, agency code and name, statistician's user name.
    ministry: (&'static str, &'static str),
    agency: (&'static str, &'static str),
    statistician: &'static str,
    /// The maintainer's address in the catalog (demonstration addresses outside the NSO's own).
    email: &'static str,
    /// How many of [`YEARS`] it has published (a producer that is behind has fewer).
    years: usize,
    indicators: &'static [DemoIndicator],
}

/// A spread of 0..n from the province code that does not follow the code's order.
fn spread(code: u8, factor: u32, n: u32) -> f64 {
    f64::from((u32::from(code) * factor) % n)
}

const DATASETS: [DemoDataset; 3] = [
    DemoDataset {
        id: "NSO_LFS_PROV_DEMO",
        sector: "S02",
        title_th: "ภาวะการทำงานของประชากรรายจังหวัด (ค่าสาธิต ไม่ใช่ข้อมูลจริง)",
        title_en: "Labour force by province (demonstration values, not real data)",
        source: "การสำรวจภาวะการทำงานของประชากร (ค่าสาธิต)",
        ministry: ("MDES", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"),
        agency: ("NSO", "สำนักงานสถิติแห่งชาติ"),
        statistician: "statistician",
        email: "services@nso.go.th",
        years: 5,
        indicators: &[DemoIndicator {
            code: "UNEMP_RATE",
            name_th: "อัตราการว่างงาน",
            name_en: "Unemployment rate",
            unit_th: "ร้อยละ",
            unit_en: "percent",
            value: |code, year| 0.6 + spread(code, 37, 23) / 10.0 - 0.05 * year as f64,
            places: 2,
        }],
    },
    DemoDataset {
        id: "NESDC_GPP_PROV_DEMO",
        sector: "S10",
        title_th: "ผลิตภัณฑ์มวลรวมจังหวัดต่อหัว (ค่าสาธิต ไม่ใช่ข้อมูลจริง)",
        title_en: "Gross provincial product per capita (demonstration values, not real data)",
        source: "บัญชีประชาชาติระดับจังหวัด (ค่าสาธิต)",
        ministry: ("OPM", "สำนักนายกรัฐมนตรี"),
        agency: ("NESDC", "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ"),
        statistician: "stat.nesdc",
        email: "statistics@nesdc.demo.invalid",
        years: 4,
        indicators: &[DemoIndicator {
            code: "GPP_PER_CAPITA",
            name_th: "ผลิตภัณฑ์มวลรวมจังหวัดต่อหัว",
            name_en: "Gross provincial product per capita",
            unit_th: "บาท",
            unit_en: "baht",
            value: |code, year| (60_000.0 + spread(code, 7919, 200) * 1_000.0) * 1.03_f64.powi(year as i32),
            places: 0,
        }],
    },
    DemoDataset {
        id: "MOPH_HEALTH_PROV_DEMO",
        sector: "S05",
        title_th: "ทรัพยากรและสถานะสุขภาพรายจังหวัด (ค่าสาธิต ไม่ใช่ข้อมูลจริง)",
        title_en: "Health resources and status by province (demonstration values, not real data)",
        source: "รายงานทรัพยากรสาธารณสุข (ค่าสาธิต)",
        ministry: ("MOPH", "กระทรวงสาธารณสุข"),
        agency: ("MOPH-OPS", "สำนักงานปลัดกระทรวงสาธารณสุข"),
        statistician: "stat.moph",
        email: "statistics@moph.demo.invalid",
        years: 3,
        indicators: &[
            DemoIndicator {
                code: "DOCTORS_PER_10K",
                name_th: "จำนวนแพทย์ต่อประชากร 10,000 คน",
                name_en: "Physicians per 10,000 population",
                unit_th: "คน",
                unit_en: "persons",
                value: |code, year| 3.0 + spread(code, 13, 17) / 2.0 + 0.2 * year as f64,
                places: 2,
            },
            DemoIndicator {
                code: "INFANT_MORTALITY",
                name_th: "อัตราการตายของทารก",
                name_en: "Infant mortality rate",
                unit_th: "ต่อการเกิดมีชีพ 1,000 คน",
                unit_en: "per 1,000 live births",
                value: |code, year| 4.0 + spread(code, 29, 9) / 2.0 - 0.2 * year as f64,
                places: 2,
            },
        ],
    },
];

fn round(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

fn definition(d: &DemoDataset) -> Dataset {
    let mut metadata = GdcMetadata::default();
    metadata
        .set("data_type", "ข้อมูลสถิติ")
        .set("maintainer", d.agency.1)
        .set("maintainer_email", d.email)
        .set_list("tag_string", &["จังหวัด", "ค่าสาธิต"])
        .set_list("objective", &["พันธกิจหน่วยงาน"])
        .set("update_frequency_unit", "ปี")
        .set("geo_coverage", "จังหวัด")
        .set("data_source", d.source)
        .set_list("data_format", &["CSV"])
        .set("data_category", "ข้อมูลสาธารณะ")
        .set("license_id", "Open Data Common");
    Dataset {
        id: d.id.into(),
        title_th: d.title_th.into(),
        title_en: d.title_en.into(),
        description_th: "ค่าสาธิตสำหรับทดลองใช้ระบบเท่านั้น คำนวณจากรหัสจังหวัด ไม่ใช่สถิติทางการ".into(),
        sector: d.sector.into(),
        dimensions: vec![DimensionId::Indicator, DimensionId::Area],
        indicators: d
            .indicators
            .iter()
            .map(|i| Indicator {
                code: i.code.into(),
                name_th: i.name_th.into(),
                name_en: i.name_en.into(),
                unit_th: i.unit_th.into(),
                unit_en: i.unit_en.into(),
                unit_mult: 0,
            })
            .collect(),
        metadata,
        disclosure: Default::default(),
    }
}

/// The table as the agency publishes it: areas down (provinces, then the
/// regions and the country, each the plain mean of its provinces), one header
/// row of indicator names over a row of BE years.
fn table(d: &DemoDataset) -> String {
    let years = &YEARS[..d.years];
    let mut head = String::from("ตัวชี้วัด");
    let mut second = String::from("พื้นที่");
    for i in d.indicators {
        for y in years {
            // Quoted: names carry commas ("10,000").
            head.push_str(&format!(",\"{}\"", i.name_th.replace('"', "\"\"")));
            second.push_str(&format!(",{y}"));
        }
    }
    let mut out = format!("{head}\n{second}\n");
    let mut row = |label: &str, codes: &[u8]| {
        out.push_str(label);
        for i in d.indicators {
            for (yi, _) in years.iter().enumerate() {
                let mean = codes.iter().map(|&c| (i.value)(c, yi)).sum::<f64>() / codes.len() as f64;
                out.push_str(&format!(",{}", round(mean, i.places)));
            }
        }
        out.push('\n');
    };
    for p in &PROVINCES {
        row(p.name_th, &[p.code]);
    }
    for region in Region::ALL.into_iter().filter(|r| *r != Region::Bangkok) {
        let codes: Vec<u8> = region.provinces().map(|p| p.code).collect();
        row(region.name_th(), &codes);
    }
    let all: Vec<u8> = PROVINCES.iter().map(|p| p.code).collect();
    row("ทั่วประเทศ", &all);
    out.push_str("\nหมายเหตุ: ค่าสาธิต ไม่ใช่ข้อมูลจริง\n");
    out
}

fn mapping() -> Mapping {
    Mapping {
        header_rows: 2,
        columns: vec![ColumnRole {
            column: "พื้นที่".into(), role: Column::Dimension(DimensionId::Area)
        }],
        across: vec![
            HeaderRole { row: 1, role: Column::Dimension(DimensionId::Indicator) },
            HeaderRole { row: 2, role: Column::Period },
        ],
        ..Mapping::default()
    }
}

/// The agency (under its ministry) that publishes `d`, created when missing.
async fn agency_of(service: &Service, admin: &Actor, d: &DemoDataset) -> Result<i64> {
    let units = service.list_org_units(admin).await?;
    if let Some(unit) = units.iter().find(|u| u.kind == OrgKind::Agency && u.code == d.agency.0) {
        return Ok(unit.id);
    }
    let ministry = match units.iter().find(|u| u.kind == OrgKind::Ministry && u.code == d.ministry.0) {
        Some(m) => m.id,
        None => {
            let input = OrgUnitInput {
                parent_id: None,
                kind: OrgKind::Ministry,
                code: d.ministry.0.into(),
                name: d.ministry.1.into(),
                province_code: None,
            };
            service.create_org_unit(admin, input).await?.id
        }
    };
    let input = OrgUnitInput {
        parent_id: Some(ministry),
        kind: OrgKind::Agency,
        code: d.agency.0.into(),
        name: d.agency.1.into(),
        province_code: None,
    };
    Ok(service.create_org_unit(admin, input).await?.id)
}

/// The agency's statistician (the hub demo's `statistician` for the NSO), created when missing.
async fn statistician(service: &Service, admin: &Actor, d: &DemoDataset, agency: i64, password: &str) -> Result<Actor> {
    let existing = service.list_users(admin, tidtam_service::PageRequest::new(1, 500)).await?;
    let user = match existing.items.into_iter().find(|u| u.username == d.statistician) {
        Some(user) => user,
        None => {
            let input = NewUser {
                username: d.statistician.into(),
                display_name: format!("นักสถิติ {} (สาธิต)", d.agency.1),
                password: password.into(),
                role: Role::Statistician,
                agency_id: Some(agency),
                division_id: None,
            };
            service.create_user(admin, input).await?
        }
    };
    Ok(Actor {
        user_id: Some(user.id),
        username: user.username,
        role: Role::Statistician,
        agency_id: Some(agency),
        division_id: None,
    })
}

/// What the provincial demo created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProvinceDemo {
    pub datasets: Vec<String>,
    /// `(username, role)` of the statisticians it created or used.
    pub users: Vec<(String, Role)>,
    pub province: u8,
}

/// Loads and publishes the three agencies' datasets and writes the pilot
/// province's plan. `admin` creates the agencies and statisticians; each
/// statistician loads and publishes its agency's dataset; the plan is written
/// as an admin (the office's staff may then edit it).
pub async fn generate_province_demo(service: &Service, admin: &Actor, password: &str) -> Result<ProvinceDemo> {
    let mut datasets = Vec::new();
    let mut users = Vec::new();
    for d in &DATASETS {
        let agency = agency_of(service, admin, d).await?;
        let s = statistician(service, admin, d, agency, password).await?;
        users.push((s.username.clone(), Role::Statistician));
        let row = service.define_stat_dataset(&s, agency, definition(d)).await?;
        let file = format!("{}.csv", d.id.to_lowercase());
        service
            .load_stat_release(
                &s,
                d.id,
                &file,
                table(d).into_bytes(),
                Some(mapping()),
                LoadMode::Replace,
                "ค่าสาธิต ไม่ใช่ข้อมูลจริง (demonstration values)",
            )
            .await?;
        let version = service.stat_dataset(&s, d.id).await?.version;
        service.publish_stat_dataset(&s, &row.dataset.id, version, true).await?;
        datasets.push(d.id.to_string());
    }
    let nso = agency_of(service, admin, &DATASETS[0]).await?;
    let staff = pilot_office(service, admin, nso, password).await?;
    users.push((staff.username.clone(), Role::ProjectOwner));
    // The office writes its own chart (the policy lets its staff keep it).
    service.save_province_plan(&staff, PILOT_PROVINCE, &pilot_plan()).await?;
    Ok(ProvinceDemo { datasets, users, province: PILOT_PROVINCE })
}

/// The pilot province's statistics office under the NSO, a member of its
/// staff (`office60`), and the office's project of the current demo year in
/// the province, so the province's page shows the monitoring side too.
async fn pilot_office(service: &Service, admin: &Actor, nso: i64, password: &str) -> Result<Actor> {
    let province = tidtam_thai::province::by_code(PILOT_PROVINCE).expect("a province").name_th;
    let name = format!("สำนักงานสถิติจังหวัด{province}");
    let office = service
        .create_org_unit(
            admin,
            OrgUnitInput {
                parent_id: Some(nso),
                kind: OrgKind::ProvincialOffice,
                code: format!("NSO-P{PILOT_PROVINCE}"),
                name: name.clone(),
                province_code: Some(PILOT_PROVINCE),
            },
        )
        .await?;
    let user = service
        .create_user(
            admin,
            NewUser {
                username: format!("office{PILOT_PROVINCE}"),
                display_name: format!("เจ้าหน้าที่{name} (สาธิต)"),
                password: password.into(),
                role: Role::ProjectOwner,
                agency_id: Some(nso),
                division_id: Some(office.id),
            },
        )
        .await?;
    let year = FiscalYear::from_be(2568);
    let project = service
        .create_project(
            admin,
            NewProject {
                agency_id: nso,
                owner_division_id: Some(office.id),
                fields: ProjectInput {
                    code: None,
                    name: format!("โครงการจัดทำข้อมูลสถิติและสารสนเทศจังหวัด{province}"),
                    budget_source: Some("งบประมาณแผ่นดิน".into()),
                    value: Some(Baht::from_baht(450_000)),
                    start_year: year,
                    end_year: year,
                    objectives: vec!["เพื่อจัดทำข้อมูลสถิติตามผังสถิติทางการระดับจังหวัด".into()],
                    summary: None,
                    area: None,
                    nationwide: false,
                    provinces: vec![PILOT_PROVINCE],
                    responsible: vec![],
                    strategy_ids: vec![],
                    published: true,
                },
            },
        )
        .await?;
    let budget = BudgetYear {
        project_id: project.id,
        fiscal_year: year,
        allocated: Baht::from_baht(450_000),
        contracted: Baht::from_baht(0),
        carried_over: Baht::from_baht(0),
    };
    service.set_budget(admin, budget).await?;
    Ok(Actor {
        user_id: Some(user.id),
        username: user.username,
        role: Role::ProjectOwner,
        agency_id: Some(nso),
        division_id: Some(office.id),
    })
}

fn needed(
    name: &str,
    producer: &str,
    frequency: &str,
    lag: u16,
    series: Option<(&str, &str)>,
    target: Option<f64>,
    lower: bool,
) -> StatisticInput {
    StatisticInput {
        name_th: name.into(),
        producer: producer.into(),
        frequency: frequency.into(),
        lag_months: lag,
        dataset: series.map(|s| s.0.into()),
        indicator: series.map(|s| s.1.into()),
        target,
        polarity: Some(if lower { "lower_is_better" } else { "higher_is_better" }.into()),
    }
}

/// นครสวรรค์'s plan: three issues of a provincial development plan, with the
/// statistics each needs; two of them the hub does not carry yet (the gaps).
pub fn pilot_plan() -> ProvincePlanView {
    ProvincePlanView {
        version: 0,
        issues: vec![
            IssueInput {
                title_th: "ยกระดับเศรษฐกิจและรายได้ของประชาชน".into(),
                title_en: "Raising the economy and people's incomes".into(),
                statistics: vec![
                    needed(
                        "ผลิตภัณฑ์มวลรวมจังหวัดต่อหัว",
                        "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
                        "A",
                        12,
                        Some(("NESDC_GPP_PROV_DEMO", "GPP_PER_CAPITA")),
                        Some(150_000.0),
                        false,
                    ),
                    needed(
                        "อัตราการว่างงาน",
                        "สำนักงานสถิติแห่งชาติ",
                        "A",
                        6,
                        Some(("NSO_LFS_PROV_DEMO", "UNEMP_RATE")),
                        Some(1.0),
                        true,
                    ),
                ],
            },
            IssueInput {
                title_th: "พัฒนาคุณภาพชีวิตและสุขภาพของประชาชน".into(),
                title_en: "Quality of life and health".into(),
                statistics: vec![
                    needed(
                        "จำนวนแพทย์ต่อประชากร 10,000 คน",
                        "สำนักงานปลัดกระทรวงสาธารณสุข",
                        "A",
                        9,
                        Some(("MOPH_HEALTH_PROV_DEMO", "DOCTORS_PER_10K")),
                        Some(8.0),
                        false,
                    ),
                    needed(
                        "อัตราการตายของทารก",
                        "สำนักงานปลัดกระทรวงสาธารณสุข",
                        "A",
                        9,
                        Some(("MOPH_HEALTH_PROV_DEMO", "INFANT_MORTALITY")),
                        Some(5.0),
                        true,
                    ),
                    needed("จำนวนผู้สูงอายุที่มีภาวะพึ่งพิง", "กรมอนามัย", "A", 12, None, None, true),
                ],
            },
            IssueInput {
                title_th: "ส่งเสริมการท่องเที่ยวเชิงประวัติศาสตร์และวัฒนธรรม".into(),
                title_en: "Historical and cultural tourism".into(),
                statistics: vec![needed("จำนวนผู้เยี่ยมเยือน", "กระทรวงการท่องเที่ยวและกีฬา", "M", 2, None, None, false)],
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_name_every_area_and_mark_demonstration_values() {
        for d in &DATASETS {
            let t = table(d);
            assert!(t.contains("ค่าสาธิต"));
            assert!(d.title_th.contains("ค่าสาธิต"));
            // Header rows, 77 provinces, 6 regions, the country, a blank line and the note.
            assert_eq!(t.lines().count(), 2 + 77 + 6 + 1 + 2, "{}", d.id);
            assert!(t.lines().any(|l| l.starts_with("นครสวรรค์,")));
        }
    }
}
