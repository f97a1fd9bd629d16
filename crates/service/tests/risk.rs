//! Projects at risk, the project list's quarter filters, search over reports'
//! texts and the workbook of the whole portfolio.

use tidtam_domain::Baht;
use tidtam_domain::model::BudgetYear;
use tidtam_domain::risk::Risk;
use tidtam_domain::workflow::ReportStatus;
use tidtam_service::PageRequest;
use tidtam_service::filters::{QuarterReport, quarter_filters};
use tidtam_service::reports::NewReport;
use tidtam_store::ProjectFilter;
use tidtam_test_support::backend_tests;

use crate::common::{Fixture, content, fixture, fy, q, report};

async fn budget(service: &tidtam_service::Service, f: &Fixture, project_id: i64, allocated: i64, contracted: i64) {
    service
        .set_budget(
            &f.admin,
            BudgetYear {
                project_id,
                fiscal_year: fy(2567),
                allocated: Baht::from_baht(allocated),
                contracted: Baht::from_baht(contracted),
                carried_over: Baht::ZERO,
            },
        )
        .await
        .unwrap();
}

backend_tests! {
    async fn risks_follow_the_domain_rules_and_the_list_agrees(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        // p1: allocated, no contract, 15 % by Q2: late procurement; disbursed 100,000 of 1,000,000 (10 %).
        budget(&service, &f, f.p1, 1_000_000, 0).await;
        // p2: contract signed, disbursed 600,000 of 1,000,000 (60 %).
        budget(&service, &f, f.p2, 1_000_000, 900_000).await;
        // p3: allocated, no Q2 report: missing.
        budget(&service, &f, f.p3, 1_000_000, 0).await;
        let create = |project_id, quarter, progress, disbursed| {
            let service = service.clone();
            let admin = f.admin.clone();
            async move {
                service
                    .create_report(&admin, NewReport { project_id, fiscal_year: fy(2567), quarter: q(quarter), content: content(progress, disbursed) })
                    .await
                    .unwrap()
            }
        };
        create(f.p1, 2, 15.0, 100_000).await;
        let p2_report = create(f.p2, 2, 40.0, 600_000).await;
        service.set_disbursement_targets(&f.admin, fy(2567), [Some(20.0), Some(50.0), Some(70.0), Some(100.0)]).await.unwrap();

        let risks = service.projects_at_risk(&f.planner, fy(2567), q(2)).await.unwrap();
        let ids = |risk: Risk| risks.iter().find(|(r, _)| *r == risk).unwrap().1.clone();
        assert_eq!(ids(Risk::LateProcurement), [f.p1], "no contract by the end of Q2");
        assert_eq!(ids(Risk::LowDisbursement), [f.p1], "10 % < 50 %; p2 60 % is on target");
        assert_eq!(ids(Risk::MissingReport), Vec::<i64>::new(), "the planner sees agency A only: p1 and p2 reported");
        let admin_risks = service.projects_at_risk(&f.admin, fy(2567), q(2)).await.unwrap();
        assert_eq!(admin_risks.iter().find(|(r, _)| *r == Risk::MissingReport).unwrap().1, [f.p3]);
        // Q1: procurement is not due yet, and nobody reported.
        let q1 = service.projects_at_risk(&f.admin, fy(2567), q(1)).await.unwrap();
        assert!(q1.iter().find(|(r, _)| *r == Risk::LateProcurement).unwrap().1.is_empty());

        // The list behind each figure has exactly the figure's projects.
        for (risk, expected) in &admin_risks {
            let (_, filter) = quarter_filters(Some(fy(2567)), Some(q(2)), None, Some(risk.as_str())).unwrap();
            let listed = service
                .list_projects(&f.admin, ProjectFilter { fiscal_year: Some(fy(2567)), risk: filter, ..ProjectFilter::default() }, PageRequest::default())
                .await
                .unwrap();
            let mut listed: Vec<i64> = listed.items.iter().map(|p| p.id).collect();
            listed.sort_unstable();
            assert_eq!(&listed, expected, "{risk:?}");
        }

        // A new target moves the judgement at once (the kept aggregate is invalidated).
        service.set_disbursement_targets(&f.admin, fy(2567), [Some(5.0), Some(5.0), Some(70.0), Some(100.0)]).await.unwrap();
        let risks = service.projects_at_risk(&f.planner, fy(2567), q(2)).await.unwrap();
        assert!(risks.iter().find(|(r, _)| *r == Risk::LowDisbursement).unwrap().1.is_empty());

        // By the quarter's report status.
        let by_state = |state: &'static str| {
            let service = service.clone();
            let admin = f.admin.clone();
            async move {
                let (report_state, _) = quarter_filters(Some(fy(2567)), Some(q(2)), Some(state), None).unwrap();
                let mut ids: Vec<i64> = service
                    .list_projects(&admin, ProjectFilter { report_state, ..ProjectFilter::default() }, PageRequest::default())
                    .await
                    .unwrap()
                    .items
                    .iter()
                    .map(|p| p.id)
                    .collect();
                ids.sort_unstable();
                ids
            }
        };
        assert_eq!(by_state("draft").await, [f.p1, f.p2]);
        assert_eq!(by_state("missing").await, [f.p3]);
        service.submit_report(&f.admin, p2_report.id, p2_report.version).await.unwrap();
        assert_eq!(by_state("submitted").await, [f.p2]);
        assert_eq!(by_state("draft").await, [f.p1]);
        assert!(by_state("approved").await.is_empty());
        assert_eq!(
            quarter_filters(Some(fy(2567)), Some(q(2)), Some("draft"), None).unwrap().0,
            Some((fy(2567), q(2), QuarterReport::Is(ReportStatus::Draft)))
        );
    }

    async fn aggregates_read_before_a_write_are_recomputed_ahead(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        budget(&service, &f, f.p1, 1_000_000, 0).await;
        let query = tidtam_service::portfolio::PortfolioQuery { fiscal_year: fy(2567), quarter: None, group_by: tidtam_service::portfolio::GroupBy::Total };
        assert_eq!(service.portfolio(&f.planner, query).await.unwrap()[0].allocated, Baht::from_baht(1_000_000));
        assert_eq!(service.warm_aggregates().await.unwrap(), 0, "nothing written since");
        budget(&service, &f, f.p1, 2_000_000, 0).await;
        assert_eq!(service.warm_aggregates().await.unwrap(), 1, "the one aggregate read, recomputed");
        assert_eq!(service.warm_aggregates().await.unwrap(), 0, "and kept");
        assert_eq!(service.portfolio(&f.planner, query).await.unwrap()[0].allocated, Baht::from_baht(2_000_000), "the recomputed sums are the new ones");
    }

    async fn a_reader_accepting_a_lag_gets_the_sums_before_a_write_but_never_before_their_own(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        budget(&service, &f, f.p1, 1_000_000, 0).await;
        let query = tidtam_service::portfolio::PortfolioQuery { fiscal_year: fy(2567), quarter: None, group_by: tidtam_service::portfolio::GroupBy::Total };
        let allocated = |service: tidtam_service::Service, actor: tidtam_domain::policy::Actor| async move {
            service.portfolio(&actor, query).await.unwrap()[0].allocated
        };
        assert_eq!(allocated(service.clone(), f.planner.clone()).await, Baht::from_baht(1_000_000), "computed and kept");
        let lagging = service.allowing_lag(&f.planner);
        assert_eq!(allocated(lagging.clone(), f.planner.clone()).await, Baht::from_baht(1_000_000));
        assert_eq!(lagging.lagging_since(), None, "current: nothing lagged");

        // The admin writes; the planner, accepting a lag, is answered from the
        // sums before it, told when they were computed, and a recomputation starts.
        let before_write = jiff::Timestamp::now();
        budget(&service, &f, f.p1, 2_000_000, 0).await;
        let lagging = service.allowing_lag(&f.planner);
        assert_eq!(allocated(lagging.clone(), f.planner.clone()).await, Baht::from_baht(1_000_000), "the generation before");
        let since = lagging.lagging_since().expect("the page must say the figures lag");
        assert!(since <= before_write, "computed before the write: {since} vs {before_write}");

        // The writer never sees sums older than their own write, lag or not.
        let writer = service.allowing_lag(&f.admin);
        assert_eq!(allocated(writer.clone(), f.admin.clone()).await, Baht::from_baht(2_000_000));
        assert_eq!(writer.lagging_since(), None);

        // The background recomputation catches up: a lagging reader then gets the new sums, current.
        let mut caught_up = false;
        for _ in 0..500 {
            let lagging = service.allowing_lag(&f.planner);
            if allocated(lagging.clone(), f.planner.clone()).await == Baht::from_baht(2_000_000) {
                assert_eq!(lagging.lagging_since(), None);
                caught_up = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert!(caught_up, "the lagging reader caught up within 5 s");
        // Readers who accept no lag (the API, exports) never got the old sums after the write.
        assert_eq!(allocated(service.clone(), f.planner.clone()).await, Baht::from_baht(2_000_000));
    }

    async fn the_late_count_is_the_late_lists_length_and_is_recomputed_ahead(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        service.set_deadline(&f.planner, fy(2567), q(1), jiff::civil::date(2024, 1, 20)).await.unwrap();
        let bangkok = |date: jiff::civil::Date| jiff::tz::offset(7).to_timestamp(date.at(12, 0, 0, 0)).unwrap();
        // Q1 (deadline 2024-01-20): p1 submitted now, long after it; p2 a draft; p3 missing.
        let (id, version) = report(&service, &f.admin, f.p1, 2567, 1, 10.0).await;
        service.submit_report(&f.admin, id, version).await.unwrap();
        report(&service, &f.admin, f.p2, 2567, 1, 10.0).await;
        // Q2 (the default deadline, 2024-04-15): p1 missing; p2 submitted late; p3 on time.
        let (id, version) = report(&service, &f.admin, f.p2, 2567, 2, 20.0).await;
        service.submit_report(&f.admin, id, version).await.unwrap();
        let on_time = service.at(bangkok(jiff::civil::date(2024, 4, 10)));
        let (id, version) = report(&on_time, &f.admin, f.p3, 2567, 2, 20.0).await;
        on_time.submit_report(&f.admin, id, version).await.unwrap();

        // The warmer: the one late count read is recomputed after a write.
        assert_eq!(service.late_count(&f.planner, fy(2567), q(1)).await.unwrap(), 2, "p1 late, p2 a draft");
        assert_eq!(service.warm_aggregates().await.unwrap(), 0, "nothing written since");
        service
            .create_project(&f.admin, tidtam_service::projects::NewProject {
                agency_id: f.agency_a,
                owner_division_id: Some(f.division_a2),
                fields: crate::common::project_input("โครงการใหม่ไม่มีรายงาน", false),
            })
            .await
            .unwrap();
        assert_eq!(service.warm_aggregates().await.unwrap(), 1, "the late count read, recomputed ahead");
        assert_eq!(service.warm_aggregates().await.unwrap(), 0, "and kept");
        assert_eq!(service.late_count(&f.planner, fy(2567), q(1)).await.unwrap(), 3, "p4 has no Q1 report: missing");

        // The count is the list's length for every scope, quarter and side of the deadline.
        let before_q1_deadline = service.at(bangkok(jiff::civil::date(2024, 1, 10)));
        let mut counted = Vec::new();
        for view in [&service, &before_q1_deadline] {
            for actor in [&f.admin, &f.planner, &f.owner, &f.executive] {
                for (year, quarter) in [(2567, 1), (2567, 2), (2567, 3), (2567, 4), (2570, 1)] {
                    let list = view.late_reports(actor, fy(year), q(quarter), None).await.unwrap().late.len() as i64;
                    let count = view.late_count(actor, fy(year), q(quarter)).await.unwrap();
                    assert_eq!(count, list, "{} {year} Q{quarter}", actor.username);
                    counted.push(count);
                }
            }
        }
        // Not all alike: the cases differ (spot checks by hand).
        assert_eq!(service.late_count(&f.executive, fy(2567), q(1)).await.unwrap(), 4, "p1 late; p2, p3, p4 not submitted");
        assert_eq!(service.late_count(&f.owner, fy(2567), q(1)).await.unwrap(), 1, "division A1: p1");
        assert_eq!(service.late_count(&f.executive, fy(2567), q(2)).await.unwrap(), 3, "p1, p4 missing; p2 late; p3 on time");
        assert_eq!(before_q1_deadline.late_count(&f.executive, fy(2567), q(1)).await.unwrap(), 1, "before the deadline only the late submission counts");
        assert_eq!(service.late_count(&f.executive, fy(2570), q(1)).await.unwrap(), 0, "no project runs in 2570");
        assert!(counted.contains(&0) && counted.iter().any(|count| *count > 1));
        for view in [&service, &before_q1_deadline] {
            assert!(matches!(view.late_count(&f.public, fy(2567), q(1)).await, Err(tidtam_service::ServiceError::Forbidden)));
        }
    }

    async fn quarter_filters_refuse_what_they_cannot_read(db) {
        let _ = db;
        for (year, quarter, state, risk) in [
            (None, Some(q(2)), Some("draft"), None),
            (Some(fy(2567)), None, None, Some("late_procurement")),
            (Some(fy(2567)), Some(q(2)), Some("lost"), None),
            (Some(fy(2567)), Some(q(2)), None, Some("late")),
        ] {
            let tidtam_service::ServiceError::Invalid(fields) = quarter_filters(year, quarter, state, risk).unwrap_err() else {
                panic!("an invalid request");
            };
            let field = &fields[0];
            assert!(field.message_th.contains("ไตรมาส") || field.message_th.contains("ต้องเป็น"), "a Thai message: {}", field.message_th);
            assert!(!field.message_en.is_empty());
        }
        assert_eq!(quarter_filters(None, None, Some(""), Some("")).unwrap(), (None, None), "empty form fields are no filter");
    }

    async fn reports_are_found_by_the_words_of_their_texts(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let mut text = content(30.0, 100_000);
        text.problems_text = Some("ผู้รับจ้างส่งมอบงานล่าช้าเนื่องจากขาดแคลนวัสดุก่อสร้าง".into());
        let p1_report = service
            .create_report(&f.admin, NewReport { project_id: f.p1, fiscal_year: fy(2567), quarter: q(1), content: text })
            .await
            .unwrap();
        let mut other = content(10.0, 0);
        other.summary = Some("จัดอบรมเจ้าหน้าที่ภาคสนาม".into());
        service
            .create_report(&f.admin, NewReport { project_id: f.p3, fiscal_year: fy(2567), quarter: q(1), content: other })
            .await
            .unwrap();
        let found = service.search_reports(&f.admin, "ขาดแคลนวัสดุ", PageRequest::default()).await.unwrap();
        assert_eq!(found.items.iter().map(|hit| hit.report.id).collect::<Vec<_>>(), [p1_report.id]);
        let excerpt = found.items[0].excerpt.clone().unwrap();
        assert!(excerpt.contains("ขาดแคลน"), "{excerpt}");
        assert!(service.search_reports(&f.admin, "ดาวอังคาร", PageRequest::default()).await.unwrap().items.is_empty());
        // Read scope: the owner (division A1) sees p1's report, not p3's.
        let owner = service.search_reports(&f.owner, "อบรม", PageRequest::default()).await.unwrap();
        assert!(owner.items.is_empty(), "p3 belongs to another agency");
        // The public sees approved reports only.
        assert!(service.search_reports(&f.public, "ขาดแคลน", PageRequest::default()).await.unwrap().items.is_empty());
        // An edit re-indexes: the old words go, the new ones come.
        let mut edited = content(35.0, 100_000);
        edited.problems_text = Some("ฝนตกหนักจนน้ำท่วมพื้นที่".into());
        service.update_report(&f.admin, p1_report.id, p1_report.version, edited).await.unwrap();
        assert!(service.search_reports(&f.admin, "ขาดแคลน", PageRequest::default()).await.unwrap().items.is_empty());
        assert_eq!(service.search_reports(&f.admin, "น้ำท่วม", PageRequest::default()).await.unwrap().total, 1);
        // Nothing is missing from the index, so the start-up pass does nothing.
        assert_eq!(service.index_reports_missing_from_search().await.unwrap(), 0);
        assert!(service.search_reports(&f.admin, "  ", PageRequest::default()).await.is_err());
    }
}
