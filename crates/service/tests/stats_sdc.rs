//! Issue 13 item 3: disclosure control applied by the hub before anything is
//! published, on both back-ends. The suppressed value reaches no reader but the
//! dataset's own statisticians and the admins; a changed setting gives a new
//! pattern; a table that cannot be protected is not published, with its cells named.

use tidtam_service::{Actor, Service, ServiceError};
use tidtam_stats::disclosure::{Disclosure, Rounding, Suppression};
use tidtam_stats::gdc::GdcMetadata;
use tidtam_stats::load::{ColumnRole, Mapping, Role as Column};
use tidtam_stats::model::{Dataset, DimensionId, Indicator, ObsStatus};
use tidtam_stats::period::Period;
use tidtam_stats::release::{History, LoadMode};
use tidtam_test_support::backend_tests;

use crate::common::{Fixture, fixture};
use crate::stats::statistician;

fn metadata() -> GdcMetadata {
    let mut m = GdcMetadata::default();
    m.set("data_type", "ข้อมูลสถิติ")
        .set("maintainer", "กองสถิติเศรษฐกิจ")
        .set("maintainer_email", "econ@nso.go.th")
        .set_list("tag_string", &["สถานประกอบการ"])
        .set_list("objective", &["พันธกิจหน่วยงาน"])
        .set("update_frequency_unit", "ปี")
        .set("geo_coverage", "จังหวัด")
        .set("data_source", "สำมะโนธุรกิจ")
        .set_list("data_format", &["CSV"])
        .set("data_category", "ข้อมูลสาธารณะ")
        .set("license_id", "Open Data Common");
    m
}

fn dataset() -> Dataset {
    Dataset {
        id: "ESTAB_PROV".into(),
        title_th: "จำนวนผู้ประกอบการรายจังหวัดและเพศ".into(),
        title_en: "Owner-operators by province and sex".into(),
        description_th: String::new(),
        sector: "S11".into(),
        dimensions: vec![DimensionId::Indicator, DimensionId::Area, DimensionId::Sex],
        indicators: vec![Indicator {
            code: "OWNERS".into(),
            name_th: "จำนวนผู้ประกอบการ".into(),
            name_en: "Owner-operators".into(),
            unit_th: "ราย".into(),
            unit_en: "persons".into(),
            unit_mult: 0,
        }],
        metadata: metadata(),
        disclosure: Disclosure::Off,
    }
}

fn mapping() -> Mapping {
    let mut fixed = std::collections::BTreeMap::new();
    fixed.insert(DimensionId::Indicator, "OWNERS".to_owned());
    let col = |name: &str, role| ColumnRole { column: name.into(), role };
    Mapping {
        header_rows: 1,
        columns: vec![
            col("AREA", Column::Dimension(DimensionId::Area)),
            col("SEX", Column::Dimension(DimensionId::Sex)),
            col("TIME_PERIOD", Column::Period),
            col("OBS_VALUE", Column::Value),
        ],
        fixed,
        ..Mapping::default()
    }
}

/// Three provinces × sex with their totals; (TH-50, F) = `small` (1 or 2 is a small cell).
fn table(small: u32, total_57: u32) -> String {
    let mut out = String::from("AREA,SEX,TIME_PERIOD,OBS_VALUE\n");
    for (area, m, f) in [("TH-50", 20, small), ("TH-57", 14, 9), ("TH-10", 30, 31)] {
        let t = if area == "TH-57" { total_57 } else { m + f };
        out.push_str(&format!("{area},M,2023,{m}\n{area},F,2023,{f}\n{area},_T,2023,{t}\n"));
    }
    out
}

fn freq(n: u64) -> Disclosure {
    Disclosure::Suppression(Suppression {
        count_indicator: "OWNERS".into(),
        min_frequency: Some(n),
        ..Default::default()
    })
}

fn value(h: &History, area: &str, sex: &str) -> (Option<f64>, ObsStatus) {
    let o =
        h.latest().into_values().find(|o| o.series == ["OWNERS", area, sex] && o.period == Period::Year(2023)).unwrap();
    (o.value, o.status)
}

/// Defines, protects, loads and publishes the dataset; the statistician of agency A.
async fn published(service: &Service, f: &Fixture, disclosure: Disclosure) -> Actor {
    let stat_a = statistician(service, "stat.a", f.agency_a).await;
    let row = service.define_stat_dataset(&stat_a, f.agency_a, dataset()).await.unwrap();
    service.set_stat_disclosure(&stat_a, "ESTAB_PROV", row.version, disclosure).await.unwrap();
    service
        .load_stat_release(
            &stat_a,
            "ESTAB_PROV",
            "owners.csv",
            table(1, 23).into_bytes(),
            Some(mapping()),
            LoadMode::Merge,
            "",
        )
        .await
        .unwrap();
    let row = service.stat_dataset(&stat_a, "ESTAB_PROV").await.unwrap();
    service.publish_stat_dataset(&stat_a, "ESTAB_PROV", row.version, true).await.unwrap();
    stat_a
}

backend_tests! {
    async fn suppressed_values_reach_only_the_agencys_statisticians(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let stat_a = published(&service, &f, freq(3)).await;
        let stat_b = statistician(&service, "stat.b", f.agency_b).await;
        // The owners of the values, and the admins, read them as loaded.
        for actor in [&stat_a, &f.admin] {
            let (_, h) = service.stat_history(actor, "ESTAB_PROV").await.unwrap();
            assert_eq!(value(&h, "TH-50", "F"), (Some(1.0), ObsStatus::Normal), "{}", actor.username);
        }
        // Everyone else reads the protected table: the public, another agency's
        // statistician, the agency's own planner, an executive.
        for actor in [&f.public, &stat_b, &f.planner, &f.executive] {
            let (_, h) = service.stat_history(actor, "ESTAB_PROV").await.unwrap();
            assert_eq!(value(&h, "TH-50", "F"), (None, ObsStatus::Confidential), "{}", actor.username);
            // Its row's other cells cannot both be published (else F = _T − M).
            assert!(value(&h, "TH-50", "M").0.is_none() || value(&h, "TH-50", "_T").0.is_none());
            // No reading of the history shows the value either.
            for n in 0..=1 {
                assert!(h.at(n).values().all(|o| o.series != ["OWNERS", "TH-50", "F"] || o.value.is_none()));
            }
            assert!(h.revisions.iter().all(|r| r.observation.series != ["OWNERS", "TH-50", "F"] || r.observation.value.is_none()));
        }
        // The statistician can preview what the public reads.
        let (_, public) = service.stat_history_as_published(&stat_a, "ESTAB_PROV").await.unwrap();
        assert_eq!(value(&public, "TH-50", "F"), (None, ObsStatus::Confidential));
        let state = service.stat_disclosure(&stat_a, "ESTAB_PROV").await.unwrap();
        let summary = state.latest.unwrap().unwrap();
        assert_eq!((summary.tables, summary.primary), (1, 1));
        assert!(summary.secondary >= 1);
        // Only the statisticians and admins read or change the setting.
        assert_eq!(service.stat_disclosure(&stat_b, "ESTAB_PROV").await.unwrap_err(), ServiceError::Forbidden);
        assert_eq!(service.stat_disclosure(&f.planner, "ESTAB_PROV").await.unwrap_err(), ServiceError::Forbidden);
        let row = service.stat_dataset(&stat_a, "ESTAB_PROV").await.unwrap();
        assert_eq!(
            service.set_stat_disclosure(&stat_b, "ESTAB_PROV", row.version, Disclosure::Off).await.unwrap_err(),
            ServiceError::Forbidden
        );
    }

    async fn a_changed_setting_gives_a_new_pattern(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let stat_a = published(&service, &f, freq(3)).await;
        let (_, before) = service.stat_history(&f.public, "ESTAB_PROV").await.unwrap();
        assert_eq!(value(&before, "TH-57", "F").1, ObsStatus::Normal);
        // n = 10: (TH-57, F) = 9 becomes a small cell too.
        let row = service.stat_dataset(&stat_a, "ESTAB_PROV").await.unwrap();
        service.set_stat_disclosure(&stat_a, "ESTAB_PROV", row.version, freq(10)).await.unwrap();
        let (_, after) = service.stat_history(&f.public, "ESTAB_PROV").await.unwrap();
        assert_eq!(value(&after, "TH-57", "F"), (None, ObsStatus::Confidential));
        assert_eq!(service.stat_disclosure(&stat_a, "ESTAB_PROV").await.unwrap().latest.unwrap().unwrap().primary, 2);
        // Rounding to 5: every published count is a multiple of 5, totals add up, and
        // the same release reads the same every time (seeded).
        let row = service.stat_dataset(&stat_a, "ESTAB_PROV").await.unwrap();
        let rounding = Disclosure::Rounding(Rounding { count_indicator: "OWNERS".into(), base: 5 });
        service.set_stat_disclosure(&stat_a, "ESTAB_PROV", row.version, rounding).await.unwrap();
        let (_, rounded) = service.stat_history(&f.public, "ESTAB_PROV").await.unwrap();
        for o in rounded.latest().values() {
            assert_eq!(o.value.unwrap() % 5.0, 0.0, "{o:?}");
        }
        let v = |sex| value(&rounded, "TH-50", sex).0.unwrap();
        assert_eq!(v("_T"), v("M") + v("F"));
        let (_, again) = service.stat_history(&f.executive, "ESTAB_PROV").await.unwrap();
        assert_eq!(again.latest(), rounded.latest());
        // Off again: the public reads the table as loaded.
        let row = service.stat_dataset(&stat_a, "ESTAB_PROV").await.unwrap();
        service.set_stat_disclosure(&stat_a, "ESTAB_PROV", row.version, Disclosure::Off).await.unwrap();
        let (_, plain) = service.stat_history(&f.public, "ESTAB_PROV").await.unwrap();
        assert_eq!(value(&plain, "TH-50", "F"), (Some(1.0), ObsStatus::Normal));
    }

    async fn a_table_that_cannot_be_protected_is_not_published(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let stat_a = statistician(&service, "stat.a", f.agency_a).await;
        let row = service.define_stat_dataset(&stat_a, f.agency_a, dataset()).await.unwrap();
        // A setting naming an indicator the dataset lacks is refused, field by field.
        let bad = Disclosure::Suppression(Suppression { count_indicator: "NOPE".into(), ..Default::default() });
        let Err(ServiceError::Invalid(fields)) = service.set_stat_disclosure(&stat_a, "ESTAB_PROV", row.version, bad).await else {
            panic!("a bad setting was accepted")
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["count_indicator", "min_frequency"]);
        service.set_stat_disclosure(&stat_a, "ESTAB_PROV", row.version, freq(3)).await.unwrap();
        // TH-57's total says 99, its parts 23: a draft may hold it, publishing refuses it.
        service
            .load_stat_release(&stat_a, "ESTAB_PROV", "owners.csv", table(1, 99).into_bytes(), Some(mapping()), LoadMode::Merge, "")
            .await
            .unwrap();
        let row = service.stat_dataset(&stat_a, "ESTAB_PROV").await.unwrap();
        let Err(ServiceError::Invalid(fields)) = service.publish_stat_dataset(&stat_a, "ESTAB_PROV", row.version, true).await else {
            panic!("a table that does not add up was published")
        };
        assert_eq!(fields[0].field, "disclosure");
        assert!(fields[0].message_th.contains("ยอดรวมไม่เท่ากับผลบวก") && fields[0].message_th.contains("AREA=TH-57, SEX=_T"), "{}", fields[0].message_th);
        assert!(fields[0].message_en.contains("(AREA=TH-57, SEX=_T) 99 ≠ 23"), "{}", fields[0].message_en);
        assert!(!service.stat_dataset(&stat_a, "ESTAB_PROV").await.unwrap().published);
        assert_eq!(service.stat_dataset(&f.public, "ESTAB_PROV").await.unwrap_err(), ServiceError::NotFound);
        // Fixed, it publishes; a later load that breaks the totals again stores nothing.
        service
            .load_stat_release(&stat_a, "ESTAB_PROV", "owners.csv", table(1, 23).into_bytes(), None, LoadMode::Merge, "")
            .await
            .unwrap();
        let row = service.stat_dataset(&stat_a, "ESTAB_PROV").await.unwrap();
        service.publish_stat_dataset(&stat_a, "ESTAB_PROV", row.version, true).await.unwrap();
        let err = service
            .load_stat_release(&stat_a, "ESTAB_PROV", "owners.csv", table(2, 50).into_bytes(), None, LoadMode::Merge, "")
            .await
            .unwrap_err();
        assert!(matches!(&err, ServiceError::Invalid(f) if f[0].field == "disclosure"), "{err:?}");
        assert_eq!(service.stat_dataset(&stat_a, "ESTAB_PROV").await.unwrap().releases, 2);
        // A dominance rule without contributions to apply it to is named as such.
        let row = service.stat_dataset(&stat_a, "ESTAB_PROV").await.unwrap();
        let p_rule = Disclosure::Suppression(Suppression {
            count_indicator: "OWNERS".into(),
            p_percent: Some(10.0),
            ..Default::default()
        });
        let Err(ServiceError::Invalid(fields)) = service.set_stat_disclosure(&stat_a, "ESTAB_PROV", row.version, p_rule).await else {
            panic!("p % without contributions was accepted")
        };
        assert_eq!(fields[0].field, "contribution_indicators");
        assert_eq!(service.stat_dataset(&stat_a, "ESTAB_PROV").await.unwrap().dataset.disclosure, freq(3));
    }
}
