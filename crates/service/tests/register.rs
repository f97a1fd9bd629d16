//! Issue 13 item 4: the register of official statistics on both back-ends:
//! statuses computed from real releases of the hub (a release after the due date is late, a missing period is late,
//! province-level gaps), who may edit (the owner agency's statisticians and
//! admins), bad input refused whole, every change audited, the yearly summary
//! and the owner's list of late statistics.

use jiff::civil::{Date, date};
use tidtam_api::register::RegisterEntryInput;
use tidtam_service::filters::AuditFilter;
use tidtam_service::stats_register::{SummaryYear, SystemFilter};
use tidtam_service::{Actor, PageRequest, Service, ServiceError};
use tidtam_stats::register::StatusKind;
use tidtam_stats::release::{LoadMode, thailand};
use tidtam_test_support::backend_tests;

use crate::common::fixture;
use crate::stats::{FIRST, SECOND, complete_metadata, dataset, mapping, statistician};

/// The service acting on a Thai date at 10:00.
fn on(service: &Service, d: Date) -> Service {
    service.at(thailand().to_timestamp(d.at(10, 0, 0, 0)).unwrap())
}

/// Unemployment by province, annual from 2021, due on 31 March of the next year.
fn entry(agency_id: i64) -> RegisterEntryInput {
    RegisterEntryInput {
        code: "UNEMP_PROV_STAT".into(),
        name_th: "อัตราการว่างงานรายจังหวัด".into(),
        name_en: "Unemployment rate by province".into(),
        agency_id,
        sector: "S02".into(),
        geo_level: "province".into(),
        frequency: "annual".into(),
        first_period: "2564".into(),
        calendar: "dates".into(),
        release_dates: vec!["03-31".into()],
        dataset: Some("UNEMP_PROV".into()),
        indicator: Some("UNEMP_RATE".into()),
        ..RegisterEntryInput::default()
    }
}

backend_tests! {
    async fn statuses_follow_the_hubs_releases(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let stat_a = statistician(&service, "stat.a", f.agency_a).await;
        let mut definition = dataset();
        definition.metadata = complete_metadata();
        on(&service, date(2024, 2, 1)).define_stat_dataset(&stat_a, f.agency_a, definition).await.unwrap();
        // 2564–2566 (2021–2023) released on 1 March 2024.
        on(&service, date(2024, 3, 1))
            .load_stat_release(&stat_a, "UNEMP_PROV", "first.csv", FIRST.as_bytes().to_vec(), Some(mapping()), LoadMode::Merge, "")
            .await
            .unwrap();
        let created = on(&service, date(2024, 3, 2)).create_register_entry(&stat_a, &entry(f.agency_a)).await.unwrap();
        // A draft's releases count (production, not publication): 2023, due on
        // 31 March 2024, came on 1 March.
        assert_eq!(created.entry.status.status, "on_time");
        assert_eq!(created.entry.status.latest_period.as_deref(), Some("2023"));
        let row = service.stat_dataset(&stat_a, "UNEMP_PROV").await.unwrap();
        on(&service, date(2024, 3, 5)).publish_stat_dataset(&stat_a, "UNEMP_PROV", row.version, true).await.unwrap();

        let at = |d| on(&service, d);
        let detail = at(date(2024, 4, 10)).register_entry(&f.public, "UNEMP_PROV_STAT").await.unwrap();
        let states: Vec<(&str, &str)> = detail.periods.iter().map(|p| (p.period.as_str(), p.state.as_str())).collect();
        // 2021 was due 31 March 2022 and 2022 on 31 March 2023: both released late; 2023 on time.
        assert_eq!(states, [("2021", "released_late"), ("2022", "released_late"), ("2023", "on_time"), ("2024", "pending")]);
        let s = &detail.entry.status;
        assert_eq!((s.status.as_str(), s.latest_period.as_deref()), ("on_time", Some("2023")));
        assert_eq!((s.latest_due.as_deref(), s.latest_released.as_deref()), (Some("2024-03-31"), Some("2024-03-01")));
        // Three provinces carry 2023 (นครนายก's 2022 is "-", but 2023 is there).
        assert_eq!(s.missing_provinces.len(), 74);
        assert!(!s.missing_provinces.iter().any(|a| ["TH-18", "TH-16", "TH-26"].contains(&a.as_str())));

        // 2024 is due 31 March 2025; on 1 April it is late, with nothing released.
        let system = at(date(2025, 4, 1)).statistics_system(&f.public, &SystemFilter::default()).await.unwrap();
        assert_eq!((system.counts.total, system.counts.late), (1, 1));
        assert_eq!(system.entries[0].status.overdue_periods, ["2024"]);
        assert_eq!(system.by_sector[0].key, "S02");
        assert_eq!(system.by_agency[0].counts.late, 1);
        // No province has 2024 yet.
        assert_eq!(system.by_province.len(), 77);
        let late = at(date(2025, 4, 1)).late_statistics_of_my_agency(&stat_a).await.unwrap();
        assert_eq!(late.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(), ["UNEMP_PROV_STAT"]);
        let stat_b = statistician(&service, "stat.b", f.agency_b).await;
        assert!(at(date(2025, 4, 1)).late_statistics_of_my_agency(&stat_b).await.unwrap().is_empty());
        assert!(at(date(2025, 4, 1)).late_statistics_of_my_agency(&f.public).await.unwrap().is_empty());

        // Released the day after: still late, now with a release date.
        at(date(2025, 4, 2))
            .load_stat_release(&stat_a, "UNEMP_PROV", "second.csv", SECOND.as_bytes().to_vec(), None, LoadMode::Merge, "")
            .await
            .unwrap();
        let detail = at(date(2025, 4, 5)).register_entry(&f.public, "UNEMP_PROV_STAT").await.unwrap();
        assert_eq!(detail.entry.status.status, "late");
        assert_eq!(detail.entry.status.latest_released.as_deref(), Some("2025-04-02"));
        assert!(detail.entry.status.overdue_periods.is_empty());
        let filtered = at(date(2025, 4, 5))
            .statistics_system(&f.public, &SystemFilter { province: Some("TH-18".into()), ..SystemFilter::default() })
            .await
            .unwrap();
        assert!(filtered.entries.is_empty(), "ชัยนาท carries 2024");
        let filtered = at(date(2025, 4, 5))
            .statistics_system(&f.public, &SystemFilter { province: Some("TH-50".into()), ..SystemFilter::default() })
            .await
            .unwrap();
        assert_eq!(filtered.entries.len(), 1);

        // The yearly summaries: 2567 (2024) had 2023 due and on time; 2568 (2025) had 2024, late.
        let y2567 = at(date(2025, 4, 5)).export_statistics_year(&f.public, SummaryYear::Calendar(2567)).await.unwrap();
        let r = &y2567.rows[0];
        assert_eq!((r.due, r.on_time, r.released_late, r.missing), (1, 1, 0, 0));
        let y2568 = at(date(2025, 4, 5)).export_statistics_year(&f.public, SummaryYear::Calendar(2568)).await.unwrap();
        let r = &y2568.rows[0];
        assert_eq!((r.due, r.on_time, r.released_late, r.missing), (1, 0, 1, 0));
        let fy2568 = at(date(2025, 4, 5))
            .export_statistics_year(&f.public, SummaryYear::Fiscal(tidtam_domain::FiscalYear::from_be(2568)))
            .await
            .unwrap();
        assert_eq!(fy2568.rows[0].due, 1, "31 March 2025 is in fiscal year 2568");
    }

    async fn only_the_owners_statisticians_and_admins_edit_and_every_change_is_audited(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let stat_a = statistician(&service, "stat.a", f.agency_a).await;
        let stat_b = statistician(&service, "stat.b", f.agency_b).await;
        let mut input = entry(f.agency_a);
        input.dataset = None;
        input.indicator = None;
        assert_eq!(service.create_register_entry(&stat_b, &input).await, Err(ServiceError::Forbidden));
        assert_eq!(service.create_register_entry(&f.planner, &input).await, Err(ServiceError::Forbidden));
        assert_eq!(service.create_register_entry(&Actor::public(), &input).await, Err(ServiceError::Unauthenticated));
        let created = service.create_register_entry(&stat_a, &input).await.unwrap();
        assert_eq!(created.entry.status.status, "not_produced");
        assert_eq!(created.entry.calendar_th, "31 มี.ค.");

        // Bad input: every problem at once, nothing stored.
        let bad = RegisterEntryInput {
            code: "ซ้ำ".into(),
            name_th: "".into(),
            frequency: "weekly".into(),
            first_period: "หนึ่ง".into(),
            calendar: "dates".into(),
            release_dates: vec!["02-30".into()],
            geo_level: "district".into(),
            sector: "S99".into(),
            dataset: Some("NO_SUCH".into()),
            ..entry(f.agency_a)
        };
        let Err(ServiceError::Invalid(fields)) = service.create_register_entry(&stat_a, &bad).await else {
            panic!("bad input must be refused")
        };
        let names: Vec<&str> = fields.iter().map(|e| e.field.as_str()).collect();
        for field in ["frequency", "first_period", "release_dates", "geo_level", "code", "name_th", "sector"] {
            assert!(names.contains(&field), "{field} in {names:?}");
        }
        assert!(fields.iter().all(|e| !e.message_th.is_empty() && !e.message_en.is_empty()));
        let mut unknown = input.clone();
        unknown.code = "OTHER".into();
        unknown.dataset = Some("NO_SUCH".into());
        assert!(matches!(service.create_register_entry(&stat_a, &unknown).await, Err(ServiceError::Invalid(_))));
        assert_eq!(service.statistics_system(&f.public, &SystemFilter::default()).await.unwrap().counts.total, 1);
        assert_eq!(service.create_register_entry(&stat_a, &input).await, Err(ServiceError::Duplicate));

        // Updates: the owner's statisticians and admins, at the current version.
        let mut change = input.clone();
        change.name_en = "Unemployment rate (province)".into();
        change.version = Some(created.entry.version);
        assert_eq!(service.update_register_entry(&stat_b, "UNEMP_PROV_STAT", &change).await, Err(ServiceError::Forbidden));
        assert_eq!(service.update_register_entry(&f.executive, "UNEMP_PROV_STAT", &change).await, Err(ServiceError::Forbidden));
        let mut elsewhere = change.clone();
        elsewhere.agency_id = f.agency_b;
        assert_eq!(service.update_register_entry(&stat_a, "UNEMP_PROV_STAT", &elsewhere).await, Err(ServiceError::Forbidden));
        let updated = service.update_register_entry(&stat_a, "UNEMP_PROV_STAT", &change).await.unwrap();
        assert_eq!(updated.entry.name_en, "Unemployment rate (province)");
        assert!(matches!(
            service.update_register_entry(&stat_a, "UNEMP_PROV_STAT", &change).await,
            Err(ServiceError::Conflict { current_version }) if current_version == updated.entry.version
        ));
        change.version = Some(updated.entry.version);
        change.agency_id = f.agency_b;
        let moved = service.update_register_entry(&f.admin, "UNEMP_PROV_STAT", &change).await.unwrap();
        assert_eq!(moved.entry.agency_id, f.agency_b);
        assert_eq!(
            service.delete_register_entry(&stat_a, "UNEMP_PROV_STAT", moved.entry.version).await,
            Err(ServiceError::Forbidden),
            "no longer its agency's"
        );
        service.delete_register_entry(&stat_b, "UNEMP_PROV_STAT", moved.entry.version).await.unwrap();
        assert_eq!(service.register_entry(&f.public, "UNEMP_PROV_STAT").await, Err(ServiceError::NotFound));

        let trail = service
            .audit_trail(&f.admin, AuditFilter { entity: Some("stat_register".into()), ..AuditFilter::default() }, PageRequest::new(1, 50))
            .await
            .unwrap();
        let mut rows: Vec<(String, Option<String>)> =
            trail.items.iter().map(|e| (e.action.clone(), e.field.clone())).collect();
        rows.sort();
        assert_eq!(
            rows,
            [
                ("create".to_owned(), None),
                ("delete".to_owned(), None),
                ("update".to_owned(), Some("agency_id".to_owned())),
                ("update".to_owned(), Some("name_en".to_owned())),
            ]
        );
    }

    async fn the_demo_register_shows_every_status(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let demo = service.generate_stats_demo(&Actor::system(), f.agency_a, "correct horse battery").await.unwrap();
        assert_eq!(demo.register.len(), 7);
        let system = service.statistics_system(&f.public, &SystemFilter::default()).await.unwrap();
        let status = |code: &str| {
            system.entries.iter().find(|e| e.code == code).map(|e| e.status.status.clone()).unwrap_or_default()
        };
        assert_eq!(status("LFS_UNEMP_Q"), "on_time");
        assert_eq!(status("LFS_EMPLOYED_Q"), "late");
        assert_eq!(status("PROV_UNEMP"), "produced");
        assert_eq!(status("NSO_OFFICIAL_QUALITY"), "produced");
        assert_eq!(status("CENSUS_POP"), "not_produced");
        let c = system.counts;
        assert_eq!((c.total, c.on_time, c.late, c.produced, c.not_produced), (7, 1, 1, 3, 2));
        for kind in StatusKind::ALL {
            let filter = SystemFilter { status: Some(kind), ..SystemFilter::default() };
            let listed = service.statistics_system(&f.public, &filter).await.unwrap().entries;
            assert!(!listed.is_empty(), "{kind:?} shows");
        }
        // The pilot dataset covers 10 provinces: the other 67 miss both province-level series.
        assert_eq!(system.by_province.len(), 67);
        assert!(system.by_province.iter().all(|p| p.missing == 2));
    }
}
