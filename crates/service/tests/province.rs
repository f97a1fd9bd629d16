//! Issue 13: a province's page and the plan its statistics office keeps, on
//! both back-ends: the plan is edited by the office (not by another office or
//! the public), stale and bad edits are refused with every field named, every
//! edit is audited, and the page reads each statistic's series, target,
//! comparisons and rank from the hub's latest release the reader may see.

use jiff::civil::date;
use tidtam_api::province::{IssueInput, ProvincePlanView, StatisticInput};
use tidtam_domain::model::{OrgKind, OrgUnitInput};
use tidtam_service::filters::AuditFilter;
use tidtam_service::{Actor, PageRequest, Role, Service, ServiceError};
use tidtam_stats::load::{ColumnRole, HeaderRole, Mapping, Role as Column};
use tidtam_stats::model::{Dataset, DimensionId, Indicator};
use tidtam_stats::release::LoadMode;
use tidtam_test_support::backend_tests;

use crate::common::{fixture, fy, user};

async fn office(service: &Service, agency: i64, code: u8, name: &str) -> i64 {
    let input = OrgUnitInput {
        parent_id: Some(agency),
        kind: OrgKind::ProvincialOffice,
        code: format!("P{code}"),
        name: name.into(),
        province_code: Some(code),
    };
    service.create_org_unit(&Actor::system(), input).await.unwrap().id
}

fn dataset() -> Dataset {
    Dataset {
        id: "UNEMP_PROV".into(),
        title_th: "อัตราการว่างงานรายจังหวัด".into(),
        title_en: "Unemployment rate by province".into(),
        description_th: String::new(),
        sector: "S02".into(),
        dimensions: vec![DimensionId::Indicator, DimensionId::Area],
        indicators: vec![Indicator {
            code: "UNEMP_RATE".into(),
            name_th: "อัตราการว่างงาน".into(),
            name_en: "Unemployment rate".into(),
            unit_th: "ร้อยละ".into(),
            unit_en: "percent".into(),
            unit_mult: 0,
        }],
        metadata: crate::stats::complete_metadata(),
        disclosure: Default::default(),
    }
}

/// นครสวรรค์ and its group (กำแพงเพชร, พิจิตร, อุทัยธานี), a province elsewhere, the central region and the country.
const TABLE: &str = "จังหวัด,๒๕๖๔,๒๕๖๕,๒๕๖๖\nนครสวรรค์,1.5,1.2,0.9\nกำแพงเพชร,1.0,0.9,0.8\nพิจิตร,1.1,1.0,0.95\n\
                     อุทัยธานี,2.2,2.1,2.0\nเชียงใหม่,0.6,0.5,0.4\nภาคกลาง,1.3,1.2,1.1\nทั่วประเทศ,1.2,1.1,1.0\n";

fn mapping() -> Mapping {
    let mut fixed = std::collections::BTreeMap::new();
    fixed.insert(DimensionId::Indicator, "UNEMP_RATE".to_owned());
    Mapping {
        header_rows: 1,
        columns: vec![ColumnRole {
            column: "จังหวัด".into(), role: Column::Dimension(DimensionId::Area)
        }],
        across: vec![HeaderRole { row: 1, role: Column::Period }],
        fixed,
        ..Mapping::default()
    }
}

fn statistic(name: &str, source: Option<(&str, &str)>, target: Option<f64>, polarity: &str) -> StatisticInput {
    StatisticInput {
        name_th: name.into(),
        producer: "สำนักงานสถิติแห่งชาติ".into(),
        frequency: "A".into(),
        lag_months: 6,
        dataset: source.map(|s| s.0.into()),
        indicator: source.map(|s| s.1.into()),
        target,
        polarity: Some(polarity.into()),
    }
}

fn plan(version: i64) -> ProvincePlanView {
    ProvincePlanView {
        version,
        issues: vec![IssueInput {
            title_th: "เศรษฐกิจและการมีงานทำ".into(),
            title_en: "Economy and employment".into(),
            statistics: vec![
                statistic("อัตราการว่างงาน", Some(("UNEMP_PROV", "UNEMP_RATE")), Some(1.0), "lower_is_better"),
                statistic("จำนวนนักท่องเที่ยว", None, None, "higher_is_better"),
            ],
        }],
    }
}

backend_tests! {
    async fn the_office_keeps_the_plan_and_the_page_reads_the_hub(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let nakhon_sawan = office(&service, f.agency_a, 60, "สำนักงานสถิติจังหวัดนครสวรรค์").await;
        let chiang_mai = office(&service, f.agency_a, 50, "สำนักงานสถิติจังหวัดเชียงใหม่").await;
        let staff = user(&service, "ns.staff", Role::ProjectOwner, Some(f.agency_a), Some(nakhon_sawan)).await;
        let other = user(&service, "cm.staff", Role::ProjectOwner, Some(f.agency_a), Some(chiang_mai)).await;
        let statistician = crate::stats::statistician(&service, "stat", f.agency_a).await;
        service.define_stat_dataset(&statistician, f.agency_a, dataset()).await.unwrap();
        // Released on 1 February 2567 (2024), so the register's calendar below judges a fixed date.
        let released: jiff::Timestamp = "2024-02-01T03:00:00Z".parse().unwrap();
        service
            .at(released)
            .load_stat_release(&statistician, "UNEMP_PROV", "unemp.csv", TABLE.as_bytes().to_vec(), Some(mapping()), LoadMode::Merge, "รุ่นแรก")
            .await
            .unwrap();

        // Another office, the public and a bad code may not edit; nothing is stored.
        assert_eq!(service.save_province_plan(&other, 60, &plan(0)).await.unwrap_err(), ServiceError::Forbidden);
        assert!(matches!(service.save_province_plan(&f.public, 60, &plan(0)).await, Err(ServiceError::Unauthenticated)));
        assert_eq!(service.save_province_plan(&staff, 99, &plan(0)).await.unwrap_err(), ServiceError::NotFound);
        assert_eq!(service.province_plan(60).await.unwrap().version, 0);

        let saved = service.save_province_plan(&staff, 60, &plan(0)).await.unwrap();
        assert_eq!(saved.version, 1);
        // A stale edit is refused, the stored plan unchanged.
        let mut stale = plan(0);
        stale.issues[0].title_th = "อื่น".into();
        assert_eq!(service.save_province_plan(&staff, 60, &stale).await.unwrap_err(), ServiceError::Conflict { current_version: 1 });
        // Bad input: every field named, Thai and English.
        let mut bad = plan(1);
        bad.issues[0].statistics[0].frequency = "X".into();
        bad.issues[0].statistics[1].name_th = "  ".into();
        bad.issues[0].statistics[1].dataset = Some("UNEMP_PROV".into());
        let Err(ServiceError::Invalid(errors)) = service.save_province_plan(&staff, 60, &bad).await else { panic!("invalid") };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["issues[0].statistics[0].frequency", "issues[0].statistics[1].indicator", "issues[0].statistics[1].name_th"]);
        assert!(errors.iter().all(|e| !e.message_th.is_empty() && !e.message_en.is_empty()));
        assert_eq!(service.province_plan(60).await.unwrap().plan.issues[0].title_th, "เศรษฐกิจและการมีงานทำ");
        // The agency's planner may edit too.
        let mut edited = plan(1);
        edited.issues[0].statistics[0].target = Some(0.95);
        assert_eq!(service.save_province_plan(&f.planner, 60, &edited).await.unwrap().version, 2);
        let audit = service
            .audit_trail(&f.admin, AuditFilter { entity: Some("province_plan".into()), entity_id: Some(60), actor_user_id: None }, PageRequest::new(1, 50))
            .await
            .unwrap();
        assert!(audit.items.iter().any(|e| e.action == "create"));
        assert!(audit.items.iter().any(|e| e.action == "update"), "{:?}", audit.items);

        // The page, for the office, while the dataset is a draft.
        let today = date(2024, 12, 1);
        let page = service.province_profile(&staff, 60, fy(2568), today).await.unwrap();
        assert!(page.may_edit);
        assert_eq!(page.gaps, 1);
        assert_eq!(page.group.as_ref().map(|g| g.number), Some(18));
        let unemployment = &page.issues[0].statistics[0];
        assert_eq!(unemployment.freshness, "not_readable", "a draft of the agency is not the office staff's to read");
        let statistician_page = service.province_profile(&statistician, 60, fy(2568), today).await.unwrap();
        assert!(statistician_page.may_edit, "a statistician of the agency keeps plans too");
        let s = &statistician_page.issues[0].statistics[0];
        assert_eq!(s.series.iter().map(|p| (p.label_th.as_str(), p.value)).collect::<Vec<_>>(), [("2564", Some(1.5)), ("2565", Some(1.2)), ("2566", Some(0.9))]);
        assert_eq!((s.latest_value, s.target_status.as_str(), s.trend.as_deref()), (Some(0.9), "met", Some("better")));
        assert_eq!((s.region, s.country), (Some(1.1), Some(1.0)));
        // Lower is better in 2566: เชียงใหม่ 0.4 and กำแพงเพชร 0.8 are better, so third of five.
        assert_eq!((s.rank, s.rank_of), (Some(3), Some(5)));
        assert_eq!(s.group.iter().map(|g| (g.province.code, g.value)).collect::<Vec<_>>(), [(62, Some(0.8)), (60, Some(0.9)), (66, Some(0.95)), (61, Some(2.0))]);
        // 2566 (2023) is due by 30 June 2024 with a six-month lag: up to date on 1 December 2024, one period behind a year later.
        assert_eq!(s.freshness, "up_to_date");
        let later = service.province_profile(&statistician, 60, fy(2569), date(2025, 7, 1)).await.unwrap();
        assert_eq!((later.issues[0].statistics[0].freshness.as_str(), later.issues[0].statistics[0].due_th.as_deref()), ("behind", Some("2567")));
        assert_eq!(later.issues[0].statistics[0].register_code, None, "no register entry yet: the statistic's own lag judges");
        // With a register entry for the same series, its calendar judges instead: due 12 months
        // after the year, 2566 (2023) came out on time and 2567 is not due on 1 July 2025.
        let entry = tidtam_api::register::RegisterEntryInput {
            code: "UNEMP_PROV_RATE".into(), name_th: "อัตราการว่างงานรายจังหวัด".into(), name_en: "Unemployment rate by province".into(),
            agency_id: f.agency_a, sector: "S02".into(), geo_level: "province".into(), frequency: "annual".into(), every_years: None,
            first_period: "2021".into(), calendar: "lag".into(), lag_months: 12, lag_days: 0, release_dates: vec![],
            dataset: Some("UNEMP_PROV".into()), indicator: Some("UNEMP_RATE".into()), version: None,
        };
        service.create_register_entry(&statistician, &entry).await.unwrap();
        let judged = service.province_profile(&statistician, 60, fy(2569), date(2025, 7, 1)).await.unwrap();
        let by_register = &judged.issues[0].statistics[0];
        assert_eq!((by_register.freshness.as_str(), by_register.register_code.as_deref()), ("up_to_date", Some("UNEMP_PROV_RATE")));
        let overdue = service.province_profile(&statistician, 60, fy(2570), date(2026, 1, 2)).await.unwrap();
        let by_register = &overdue.issues[0].statistics[0];
        assert_eq!((by_register.freshness.as_str(), by_register.due_th.as_deref(), by_register.periods_behind), ("behind", Some("2567"), 1));
        let source = s.source.as_ref().unwrap();
        assert_eq!((source.dataset.as_str(), source.release, source.agency_name.as_str()), ("UNEMP_PROV", Some(1), "สำนักงานสถิติแห่งชาติ"));
        assert_eq!(page.issues[0].statistics[1].freshness, "not_in_hub");

        // Published: the public reads the same figures and may not edit.
        let version = service.stat_dataset(&statistician, "UNEMP_PROV").await.unwrap().version;
        service.publish_stat_dataset(&statistician, "UNEMP_PROV", version, true).await.unwrap();
        let public_page = service.province_profile(&f.public, 60, fy(2568), today).await.unwrap();
        assert!(!public_page.may_edit);
        assert_eq!(public_page.issues[0].statistics[0].series, s.series);
        assert_eq!(public_page.issues[0].statistics[0].target, Some(0.95));
        // A province with no plan still has a page.
        let empty = service.province_profile(&f.public, 10, fy(2568), today).await.unwrap();
        assert!(empty.issues.is_empty() && empty.group.is_none());
        assert_eq!(service.province_profile(&f.public, 0, fy(2568), today).await.unwrap_err(), ServiceError::NotFound);
    }
}
