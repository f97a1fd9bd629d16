//! Issue 12: the Statistics Sharing Hub's use cases on both back-ends: an
//! agency's statistician defines, loads and publishes its datasets; drafts stay
//! inside the agency; releases are stored append-only and read back exactly;
//! a table with bad cells stores nothing; every load is audited.

use tidtam_service::auth::NewUser;
use tidtam_service::filters::AuditFilter;
use tidtam_service::stats::{StatFilter, StatSort, search_terms};
use tidtam_service::{Actor, PageRequest, Role, Service, ServiceError};
use tidtam_stats::gdc::GdcMetadata;
use tidtam_stats::load::{ColumnRole, HeaderRole, Mapping, Role as Column};
use tidtam_stats::model::{Dataset, DimensionId, Indicator, ObsStatus};
use tidtam_stats::period::Period;
use tidtam_stats::release::{ChangeKind, LoadMode};
use tidtam_test_support::backend_tests;

use crate::common::{Fixture, fixture};

pub(crate) async fn statistician(service: &Service, name: &str, agency: i64) -> Actor {
    let input = NewUser {
        username: name.into(),
        display_name: name.into(),
        password: "correct horse battery".into(),
        role: Role::Statistician,
        agency_id: Some(agency),
        division_id: None,
    };
    let view = service.create_user(&Actor::system(), input).await.unwrap();
    Actor {
        user_id: Some(view.id),
        username: view.username,
        role: Role::Statistician,
        agency_id: Some(agency),
        division_id: None,
    }
}

pub(crate) fn dataset() -> Dataset {
    Dataset {
        id: "UNEMP_PROV".into(),
        title_th: "อัตราการว่างงานรายจังหวัด".into(),
        title_en: "Unemployment rate by province".into(),
        description_th: "ผลการสำรวจภาวะการทำงานของประชากร".into(),
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
        metadata: GdcMetadata::default(),
        disclosure: Default::default(),
    }
}

pub(crate) fn complete_metadata() -> GdcMetadata {
    let mut m = GdcMetadata::default();
    m.set("data_type", "ข้อมูลสถิติ")
        .set("maintainer", "กองสถิติสังคม")
        .set("maintainer_email", "social@nso.go.th")
        .set_list("tag_string", &["แรงงาน", "ว่างงาน"])
        .set_list("objective", &["พันธกิจหน่วยงาน"])
        .set("update_frequency_unit", "ปี")
        .set("geo_coverage", "จังหวัด")
        .set("data_source", "การสำรวจภาวะการทำงานของประชากร")
        .set_list("data_format", &["CSV"])
        .set("data_category", "ข้อมูลสาธารณะ")
        .set("license_id", "Open Data Common");
    m
}

/// Provinces down, BE years across (the mapping is saved with the first load).
pub(crate) fn mapping() -> Mapping {
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

pub(crate) const FIRST: &str =
    "จังหวัด,๒๕๖๔,๒๕๖๕,๒๕๖๖\nชัยนาท,1.1,1.0,0.9\nลพบุรี,1.5,1.4,1.2p\nนครนายก,0.8,-,0.7\n\nที่มา: สำนักงานสถิติแห่งชาติ\n";
/// Two values revised (ลพบุรี 2566 final, นครนายก 2564), and 2567 added.
pub(crate) const SECOND: &str =
    "จังหวัด,๒๕๖๔,๒๕๖๕,๒๕๖๖,๒๕๖๗\nชัยนาท,1.1,1.0,0.9,0.85\nลพบุรี,1.5,1.4,1.25,1.1\nนครนายก,0.9,-,0.7,0.6\n";

async fn setup(service: &Service) -> (Fixture, Actor, Actor) {
    let f = fixture(service).await;
    let stat_a = statistician(service, "stat.a", f.agency_a).await;
    let stat_b = statistician(service, "stat.b", f.agency_b).await;
    (f, stat_a, stat_b)
}

backend_tests! {
    async fn a_statistician_loads_releases_that_read_back_exactly(db) {
        let service = db.service().await;
        let (f, stat_a, _) = setup(&service).await;
        service.define_stat_dataset(&stat_a, f.agency_a, dataset()).await.unwrap();
        let first = service
            .load_stat_release(&stat_a, "UNEMP_PROV", "unemp-2566.csv", FIRST.as_bytes().to_vec(), Some(mapping()), LoadMode::Merge, "รุ่นแรก")
            .await
            .unwrap();
        assert_eq!((first.release, first.added, first.revised, first.deleted), (1, 9, 0, 0));
        let (_, after_first) = service.stat_history(&stat_a, "UNEMP_PROV").await.unwrap();
        let cut = after_first.releases[0].published_at;
        // The second load reuses the saved mapping.
        let second = service
            .load_stat_release(&stat_a, "UNEMP_PROV", "unemp-2567.csv", SECOND.as_bytes().to_vec(), None, LoadMode::Merge, "รุ่นที่สอง")
            .await
            .unwrap();
        assert_eq!((second.release, second.added, second.revised, second.deleted), (2, 3, 2, 0));
        let (row, history) = service.stat_history(&stat_a, "UNEMP_PROV").await.unwrap();
        assert_eq!(row.releases, 2);
        assert_eq!(history.at(1), after_first.at(1), "the first release reads back unchanged");
        let latest = history.at(2);
        let value = |area: &str, year: i16| {
            latest.values().find(|o| o.series[1] == area && o.period == Period::Year(year)).map(|o| (o.value, o.status))
        };
        assert_eq!(value("TH-16", 2023), Some((Some(1.25), ObsStatus::Normal)));
        assert_eq!(value("TH-26", 2021), Some((Some(0.9), ObsStatus::Normal)));
        assert_eq!(value("TH-26", 2022), Some((None, ObsStatus::NotAvailable)));
        assert_eq!(value("TH-18", 2024), Some((Some(0.85), ObsStatus::Normal)));
        let old = history.at(1);
        assert_eq!(
            old.values().find(|o| o.series[1] == "TH-16" && o.period == Period::Year(2023)).map(|o| (o.value, o.status)),
            Some((Some(1.2), ObsStatus::Provisional))
        );
        let changed = history.updated_after(cut);
        assert_eq!(changed.len(), 5);
        assert_eq!(changed.iter().filter(|c| c.kind == ChangeKind::Revised).count(), 2);
        // The same table again is no new release.
        let again = service
            .load_stat_release(&stat_a, "UNEMP_PROV", "again.csv", SECOND.as_bytes().to_vec(), None, LoadMode::Merge, "")
            .await
            .unwrap_err();
        assert!(matches!(again, ServiceError::Invalid(ref fields) if fields[0].field == "file"), "{again:?}");
        // Every load is audited, with what it changed.
        let audit = service
            .audit_trail(&f.admin, AuditFilter { entity: Some("stat_dataset".into()), ..AuditFilter::default() }, PageRequest::new(1, 50))
            .await
            .unwrap();
        let loads: Vec<_> = audit.items.iter().filter(|e| e.action == "load").collect();
        assert_eq!(loads.len(), 2);
        assert!(loads.iter().any(|e| e.new_value.as_ref().is_some_and(|v| v["revised"] == 2 && v["file"] == "unemp-2567.csv")));
    }

    async fn bad_cells_are_listed_and_nothing_is_stored(db) {
        let service = db.service().await;
        let (f, stat_a, _) = setup(&service).await;
        service.define_stat_dataset(&stat_a, f.agency_a, dataset()).await.unwrap();
        service
            .load_stat_release(&stat_a, "UNEMP_PROV", "a.csv", FIRST.as_bytes().to_vec(), Some(mapping()), LoadMode::Merge, "")
            .await
            .unwrap();
        let before = service.store().fingerprint().await.unwrap();
        let bad = "จังหวัด,๒๕๖๔,ปีหน้า\nชัยนาท,1.1,1.0\nเมืองลับแล,1.5,1.4\nนครนายก,หนึ่ง,0.7\nChai Nat,1.0,2\n";
        let error = service
            .load_stat_release(&stat_a, "UNEMP_PROV", "bad.csv", bad.as_bytes().to_vec(), None, LoadMode::Merge, "")
            .await
            .unwrap_err();
        let ServiceError::Invalid(fields) = error else { panic!("expected Invalid, got {error:?}") };
        let cells: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(cells, ["C1", "A3", "B4", "B5"]);
        assert!(fields[1].message_th.contains("เมืองลับแล"));
        assert_eq!(service.store().fingerprint().await.unwrap(), before, "nothing stored, not even an audit row");
        let preview = service.preview_stat_load(&stat_a, "UNEMP_PROV", "bad.csv", bad.as_bytes().to_vec(), None).await.unwrap();
        assert_eq!(preview.problems.len(), 4);
        // A file that is not a table at all.
        let error = service
            .load_stat_release(&stat_a, "UNEMP_PROV", "x.xlsx", b"PK\x03\x04broken".to_vec(), None, LoadMode::Merge, "")
            .await
            .unwrap_err();
        assert!(matches!(error, ServiceError::Invalid(ref fields) if fields[0].field == "file"), "{error:?}");
    }

    async fn drafts_stay_inside_the_agency_until_published(db) {
        let service = db.service().await;
        let (f, stat_a, stat_b) = setup(&service).await;
        let row = service.define_stat_dataset(&stat_a, f.agency_a, dataset()).await.unwrap();
        // Who may not define or load it.
        for actor in [&stat_b, &f.planner, &f.owner, &f.executive] {
            let error = service.define_stat_dataset(actor, f.agency_a, Dataset { id: "OTHER".into(), ..dataset() }).await.unwrap_err();
            assert_eq!(error, ServiceError::Forbidden, "{}", actor.username);
        }
        assert_eq!(
            service.define_stat_dataset(&f.public, f.agency_a, dataset()).await.unwrap_err(),
            ServiceError::Unauthenticated
        );
        assert_eq!(service.define_stat_dataset(&stat_a, f.agency_a, dataset()).await.unwrap_err(), ServiceError::Duplicate);
        for actor in [&stat_b, &f.public, &f.owner] {
            assert_eq!(service.stat_dataset(actor, "UNEMP_PROV").await.unwrap_err(), ServiceError::NotFound, "{}", actor.username);
            let error = service
                .load_stat_release(actor, "UNEMP_PROV", "a.csv", FIRST.as_bytes().to_vec(), Some(mapping()), LoadMode::Merge, "")
                .await
                .unwrap_err();
            assert_eq!(error, ServiceError::NotFound, "{}", actor.username);
        }
        for actor in [&stat_a, &f.planner, &f.executive, &f.admin] {
            assert!(service.stat_dataset(actor, "UNEMP_PROV").await.is_ok(), "{}", actor.username);
        }
        assert_eq!(
            service.stat_datasets(&f.public, &StatFilter::default(), 10, 0).await.unwrap().1,
            0,
            "a draft is not listed for the public"
        );
        // Publishing needs a release and the required GD Catalog fields.
        let error = service.publish_stat_dataset(&stat_a, "UNEMP_PROV", row.version, true).await.unwrap_err();
        let ServiceError::Invalid(fields) = error else { panic!("expected Invalid") };
        assert!(fields.iter().any(|f| f.field == "data_type") && fields.iter().any(|f| f.field == "releases"));
        service
            .load_stat_release(&stat_a, "UNEMP_PROV", "a.csv", FIRST.as_bytes().to_vec(), Some(mapping()), LoadMode::Merge, "")
            .await
            .unwrap();
        let with_metadata = Dataset { metadata: complete_metadata(), ..dataset() };
        service.define_stat_dataset(&stat_a, f.agency_a, Dataset { id: "UNEMP_PROV2".into(), ..with_metadata.clone() }).await.unwrap();
        service
            .load_stat_release(&stat_a, "UNEMP_PROV2", "a.csv", FIRST.as_bytes().to_vec(), Some(mapping()), LoadMode::Merge, "")
            .await
            .unwrap();
        let row2 = service.stat_dataset(&stat_a, "UNEMP_PROV2").await.unwrap();
        assert_eq!(service.publish_stat_dataset(&stat_b, "UNEMP_PROV2", row2.version, true).await.unwrap_err(), ServiceError::NotFound);
        assert_eq!(
            service.publish_stat_dataset(&stat_a, "UNEMP_PROV2", row2.version - 1, true).await.unwrap_err(),
            ServiceError::Conflict { current_version: row2.version }
        );
        let published = service.publish_stat_dataset(&stat_a, "UNEMP_PROV2", row2.version, true).await.unwrap();
        assert!(published.published);
        for actor in [&stat_b, &f.public, &f.owner] {
            let (rows, total) = service.stat_datasets(actor, &StatFilter::default(), 10, 0).await.unwrap();
            assert_eq!((rows[0].dataset.id.as_str(), total), ("UNEMP_PROV2", 1), "{}", actor.username);
            assert!(service.stat_history(actor, "UNEMP_PROV2").await.is_ok());
            assert!(service.load_stat_release(actor, "UNEMP_PROV2", "a.csv", SECOND.as_bytes().to_vec(), None, LoadMode::Merge, "").await.is_err());
        }
        assert_eq!(service.stat_datasets(&stat_a, &StatFilter::default(), 10, 0).await.unwrap().1, 2);
    }

    async fn datasets_are_found_by_thai_words_and_paged_for_harvesters(db) {
        let service = db.service().await;
        let (f, stat_a, _) = setup(&service).await;
        for (i, title) in ["อัตราการว่างงานรายจังหวัด", "จำนวนประชากรตามทะเบียนราษฎร", "ผลผลิตข้าวนาปี"].iter().enumerate() {
            let d = Dataset { id: format!("DS_{i}"), title_th: (*title).into(), description_th: String::new(), ..dataset() };
            service.define_stat_dataset(&stat_a, f.agency_a, d).await.unwrap();
        }
        let find = |q: &str| {
            let filter = StatFilter { terms: search_terms(q), sort: StatSort::CodeAsc, ..StatFilter::default() };
            let service = &service;
            let stat_a = &stat_a;
            async move {
                let (rows, _) = service.stat_datasets(stat_a, &filter, 10, 0).await.unwrap();
                rows.into_iter().map(|r| r.dataset.id).collect::<Vec<_>>()
            }
        };
        assert_eq!(find("ประชากร").await, ["DS_1"]);
        assert_eq!(find("ข้าว นาปี").await, ["DS_2"]);
        assert_eq!(find("*:*").await, ["DS_0", "DS_1", "DS_2"]);
        assert_eq!(find("ว่างงาน").await, ["DS_0", "DS_1", "DS_2"], "the indicator name is in every one");
        assert_eq!(find("แรงงาน").await, ["DS_0", "DS_1", "DS_2"], "so is the sector");
        assert_eq!(find("ทองคำ").await, Vec::<String>::new());
        // Paging by code returns every dataset once.
        let mut seen = Vec::new();
        for page in 0..3 {
            let filter = StatFilter { sort: StatSort::CodeAsc, ..StatFilter::default() };
            let (rows, total) = service.stat_datasets(&stat_a, &filter, 2, page * 2).await.unwrap();
            assert_eq!(total, 3);
            seen.extend(rows.into_iter().map(|r| r.dataset.id));
        }
        assert_eq!(seen, ["DS_0", "DS_1", "DS_2"]);
    }

    async fn the_hub_demo_loads_the_newsletter_series_and_the_pilot_provinces(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let demo = service.generate_stats_demo(&Actor::system(), f.agency_a, "correct horse battery").await.unwrap();
        // The fixture has published projects, so the portfolio is published as a dataset too.
        assert_eq!(demo.datasets, ["NSO_PMQA_7", "MOU_PILOT_DEMO", "TIDTAM_PORTFOLIO"]);
        let (row, history) = service.stat_history(&f.public, "NSO_PMQA_7").await.unwrap();
        assert!(row.published);
        let fy = |be| Period::FiscalYear(tidtam_domain::period::FiscalYear::from_be(be));
        let latest = history.latest();
        let get = |code: &str, be| latest.values().find(|o| o.series == [code] && o.period == fy(be)).map(|o| (o.value, o.status));
        // The newsletter's หมวด 7 table: SDGs datasets 12, 25, 31 against a target of 25; "-" is not available.
        assert_eq!(get("K7_1_1", 2561), Some((Some(12.0), ObsStatus::Normal)));
        assert_eq!(get("K7_1_1", 2563), Some((Some(31.0), ObsStatus::Normal)));
        assert_eq!(get("K7_1_1_TARGET", 2563), Some((Some(25.0), ObsStatus::Normal)));
        assert_eq!(get("K7_1_3", 2561), Some((None, ObsStatus::NotAvailable)));
        assert_eq!(get("K7_2_2", 2562), Some((Some(2068.0), ObsStatus::Normal)));
        assert_eq!(latest.len(), 15 * 3 + 15);
        let (pilot, history) = service.stat_history(&f.public, "MOU_PILOT_DEMO").await.unwrap();
        assert!(pilot.dataset.title_th.contains("ค่าสาธิต"));
        assert_eq!(history.releases.len(), 2);
        let changes = history.diff(1, 2);
        assert_eq!(changes.iter().filter(|c| c.kind == ChangeKind::Revised).count(), 2);
        assert_eq!(changes.iter().filter(|c| c.kind == ChangeKind::Added).count(), 10 * 3);
        let areas: std::collections::BTreeSet<String> = history.latest().values().map(|o| o.series[1].clone()).collect();
        assert_eq!(areas.len(), 10);
        assert!(areas.contains("TH-62") && areas.contains("TH-26") && areas.contains("TH-14"));
    }
}
