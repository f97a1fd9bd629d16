//! Search, aggregates, the append-only audit table, backup and restore.

use tidtam_domain::Baht;
use tidtam_domain::model::BudgetYear;
use tidtam_service::portfolio::{GroupBy, PortfolioQuery};
use tidtam_service::projects::ProjectUpdate;
use tidtam_service::{Actor, PageRequest};
use tidtam_store::ProjectFilter;
use tidtam_test_support::backend_tests;

use crate::common::{content, fixture, fy, project_input, q, report};

backend_tests! {
    async fn thai_search_finds_words_inside_unspaced_text(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let search = |query: &'static str, actor: Actor| {
            let service = service.clone();
            async move { service.search_projects(&actor, query, ProjectFilter::default(), PageRequest::default()).await.unwrap().items.into_iter().map(|p| p.id).collect::<Vec<_>>() }
        };
        assert_eq!(search("ภาวะการทำงาน", f.admin.clone()).await, [f.p1]);
        assert_eq!(search("ครุภัณฑ์", f.admin.clone()).await, [f.p2]);
        assert_eq!(search("โครงการ", f.admin.clone()).await.len(), 3);
        assert_eq!(search("โครงการ", f.owner.clone()).await, [f.p1], "search respects read scope");
        assert!(search("ดาวอังคาร", f.admin.clone()).await.is_empty());
        assert!(search("\"OR*", f.admin.clone()).await.is_empty(), "operators are plain text");
    }

    async fn portfolio_totals_per_group(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        for (project, allocated) in [(f.p1, 1_000_000), (f.p2, 3_000_000)] {
            service
                .set_budget(&f.admin, BudgetYear { project_id: project, fiscal_year: fy(2567), allocated: Baht::from_baht(allocated), contracted: Baht::from_baht(allocated / 2), carried_over: Baht::ZERO })
                .await
                .unwrap();
        }
        report(&service, &f.admin, f.p1, 2567, 1, 10.0).await;
        report(&service, &f.admin, f.p1, 2567, 2, 30.0).await;
        report(&service, &f.admin, f.p2, 2567, 1, 50.0).await;
        let query = |group_by, quarter| PortfolioQuery { fiscal_year: fy(2567), quarter, group_by };
        let total = service.portfolio(&f.planner, query(GroupBy::Total, None)).await.unwrap();
        assert_eq!(total.len(), 1);
        let row = &total[0];
        assert_eq!((row.projects, row.reports), (2, 2), "latest report per project");
        assert_eq!(row.allocated, Baht::from_baht(4_000_000));
        assert_eq!(row.contracted, Baht::from_baht(2_000_000));
        assert_eq!(row.disbursed, Baht::from_baht(200_000));
        assert_eq!(row.disbursement_rate, Some(0.05));
        assert_eq!(row.average_progress, Some(40.0));
        let as_of_q1 = service.portfolio(&f.planner, query(GroupBy::Total, Some(q(1)))).await.unwrap();
        assert_eq!(as_of_q1[0].average_progress, Some(30.0));
        let by_division = service.portfolio(&f.planner, query(GroupBy::Division, None)).await.unwrap();
        let divisions: Vec<(Option<i64>, i64)> = by_division.iter().map(|r| (r.group_id, r.allocated.satang())).collect();
        assert_eq!(divisions, [(Some(f.division_a1), 100_000_000), (Some(f.division_a2), 300_000_000)]);
        assert_eq!(by_division[0].label.as_deref(), Some("กองสถิติเศรษฐกิจ"));
        let by_quarter = service.portfolio(&f.planner, query(GroupBy::Quarter, None)).await.unwrap();
        assert_eq!(by_quarter.iter().map(|r| (r.group_id, r.reports)).collect::<Vec<_>>(), [(Some(1), 2), (Some(2), 1)]);
        let by_province = service.portfolio(&f.executive, query(GroupBy::Province, None)).await.unwrap();
        assert_eq!(by_province.iter().map(|r| (r.group_id, r.projects)).collect::<Vec<_>>(), [(Some(0), 3)]);
        let owner_view = service.portfolio(&f.owner, query(GroupBy::Total, None)).await.unwrap();
        assert_eq!(owner_view[0].projects, 1, "owners aggregate their division only");
    }

    async fn kept_aggregates_follow_every_write_and_every_server(db) {
        // Two services on one database: each keeps aggregates in memory.
        let (one, two) = (db.service().await, db.service().await);
        let f = fixture(&one).await;
        let query = PortfolioQuery { fiscal_year: fy(2567), quarter: None, group_by: GroupBy::Total };
        let budget = |allocated| BudgetYear { project_id: f.p1, fiscal_year: fy(2567), allocated: Baht::from_baht(allocated), contracted: Baht::ZERO, carried_over: Baht::ZERO };
        one.set_budget(&f.admin, budget(1_000_000)).await.unwrap();
        for service in [&one, &two, &one, &two] {
            assert_eq!(service.portfolio(&f.planner, query).await.unwrap()[0].allocated, Baht::from_baht(1_000_000));
        }
        let bands = two.progress_distribution(&f.planner, fy(2567), None).await.unwrap();
        // A write through the other server: both see it at once.
        two.set_budget(&f.admin, budget(2_500_000)).await.unwrap();
        for service in [&one, &two] {
            assert_eq!(service.portfolio(&f.planner, query).await.unwrap()[0].allocated, Baht::from_baht(2_500_000));
        }
        report(&one, &f.admin, f.p1, 2567, 1, 90.0).await;
        let after = two.progress_distribution(&f.planner, fy(2567), None).await.unwrap();
        assert_eq!(after[4].1, bands[4].1 + 1, "a new report at 90 % counts in the top band at once");
        // Scopes never share an entry: the owner still sees only the division.
        assert_eq!(one.portfolio(&f.owner, query).await.unwrap()[0].projects, 1);
    }

    async fn the_portfolio_summary_equals_a_recomputation_after_every_write(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let check = |step: &'static str| {
            let service = service.clone();
            async move {
                let mut tx = service.store().begin_read().await.unwrap();
                let (rows, differences) = tx.portfolio_summary_check().await.unwrap();
                tx.rollback().await.unwrap();
                assert!(differences.is_empty(), "after {step}: {differences:#?}");
                rows
            }
        };
        let total = |year: i32| {
            let service = service.clone();
            let admin = f.admin.clone();
            async move {
                let rows = service.portfolio(&admin, PortfolioQuery { fiscal_year: fy(year), quarter: None, group_by: GroupBy::Total }).await.unwrap();
                (rows[0].projects, rows[0].reports, rows[0].allocated.satang(), rows[0].disbursed.satang())
            }
        };
        // The fixture's three projects run 2567-2569 with no strategy or province:
        // 3 projects x 3 years x 4 quarters x 2 visibilities, stored for the
        // project, its division and province 0.
        assert_eq!(check("the fixture").await, 72 * 3);
        let base = total(2567).await;

        let created = service.create_project(&f.admin, tidtam_service::projects::NewProject { agency_id: f.agency_a, owner_division_id: Some(f.division_a1), fields: tidtam_domain::model::ProjectInput { provinces: vec![10, 11], ..project_input("โครงการทดสอบตารางสรุป", true) } }).await.unwrap();
        // Two provinces: the new project is stored once per province.
        assert_eq!(check("create project").await, 72 * 3 + 24 * 4);
        service.set_budget(&f.admin, BudgetYear { project_id: created.id, fiscal_year: fy(2567), allocated: Baht::from_baht(2_000_000), contracted: Baht::from_baht(1_500_000), carried_over: Baht::ZERO }).await.unwrap();
        check("set budget").await;
        let (report_id, version) = report(&service, &f.admin, created.id, 2567, 2, 40.0).await;
        check("create report").await;
        assert_eq!(total(2567).await, (base.0 + 1, base.1 + 1, base.2 + 200_000_000, base.3 + 10_000_000));
        let updated = service.update_report(&f.admin, report_id, version, content(55.0, 700_000)).await.unwrap();
        check("update report").await;
        assert_eq!(total(2567).await.3, base.3 + 70_000_000);
        let submitted = service.submit_report(&f.admin, report_id, updated.version).await.unwrap();
        check("submit report").await;
        // Another person approves (the four-eyes rule).
        service.approve_report(&f.planner, report_id, submitted.version).await.unwrap();
        check("approve report").await;

        // Narrowing the project's years drops its other years' rows.
        let mut fields = project_input("โครงการทดสอบตารางสรุป", false);
        fields.end_year = fy(2567);
        fields.provinces = vec![11];
        service.update_project(&f.admin, created.id, created.version, ProjectUpdate { owner_division_id: Some(f.division_a2), fields }).await.unwrap();
        assert_eq!(check("update project").await, (72 + 8) * 3);
        let by_province = service.portfolio(&f.admin, PortfolioQuery { fiscal_year: fy(2567), quarter: None, group_by: GroupBy::Province }).await.unwrap();
        assert_eq!(by_province.iter().map(|r| (r.group_id, r.projects)).collect::<Vec<_>>(), [(Some(0), 3), (Some(11), 1)]);

        let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/project-reports/01.txt");
        let parsed = tidtam_report::ingest_text(&std::fs::read_to_string(&path).unwrap(), "01.txt");
        let imported = service.import_reports(&Actor::system(), &parsed, q(3)).await.unwrap();
        assert!(imported[0].report_id.is_some(), "{imported:?}");
        check("import").await;
        let revised = service.import_reports(&Actor::system(), &parsed, q(4)).await.unwrap();
        assert!(revised[0].report_id.is_some(), "{revised:?}");
        check("import of a second quarter").await;

        // Approved reports lock their project, so the deletion is of another one.
        let before = total(2567).await;
        let doomed = service.create_project(&f.admin, tidtam_service::projects::NewProject { agency_id: f.agency_b, owner_division_id: Some(f.division_b1), fields: project_input("โครงการที่จะถูกลบ", true) }).await.unwrap();
        service.set_budget(&f.admin, BudgetYear { project_id: doomed.id, fiscal_year: fy(2567), allocated: Baht::from_baht(5_000_000), contracted: Baht::ZERO, carried_over: Baht::ZERO }).await.unwrap();
        report(&service, &f.admin, doomed.id, 2567, 1, 5.0).await;
        check("another project with a report").await;
        assert_eq!(total(2567).await, (before.0 + 1, before.1 + 1, before.2 + 500_000_000, before.3 + 10_000_000));
        let doomed = service.get_project(&f.admin, doomed.id).await.unwrap();
        service.delete_project(&f.admin, doomed.project.id, doomed.project.version).await.unwrap();
        check("delete project").await;
        assert_eq!(total(2567).await, before, "the deleted project's figures are gone");
    }

    async fn the_audit_table_refuses_edits_even_from_sql(db) {
        let service = db.service().await;
        let _ = fixture(&service).await;
        let sql = "UPDATE audit SET actor_name = 'someone else'";
        let refused = if db.is_postgres() {
            let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
            sqlx::query(sql).execute(&pool).await.is_err() && sqlx::query("DELETE FROM audit").execute(&pool).await.is_err()
        } else {
            let pool = sqlx::SqlitePool::connect(&db.url).await.unwrap();
            sqlx::query(sql).execute(&pool).await.is_err() && sqlx::query("DELETE FROM audit").execute(&pool).await.is_err()
        };
        assert!(refused);
    }

    async fn backup_and_restore_round_trip(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let (id, version) = report(&service, &f.owner, f.p1, 2567, 1, 10.0).await;
        service.submit_report(&f.owner, id, version).await.unwrap();
        let dir = db.scratch_dir();
        let file = dir.join(if db.is_postgres() { "backup.sql" } else { "backup.db" });
        tidtam_store::backup(service.store(), &file).await.unwrap();
        assert!(tidtam_store::backup(service.store(), &file).await.is_err(), "never overwrites a backup");
        let target = db.sibling().await;
        tidtam_store::restore(&target.url, &file).await.unwrap();
        let restored = target.service().await;
        assert_eq!(restored.store().fingerprint().await.unwrap(), service.store().fingerprint().await.unwrap());
        // The restored database works: sessions, sequences and writes.
        let next = report(&restored, &f.owner, f.p1, 2567, 2, 20.0).await;
        assert!(next.0 > id);
        assert!(tidtam_store::restore(&target.url, &file).await.is_err(), "restore refuses a non-empty target");
        let _ = std::fs::remove_dir_all(dir);
    }

    async fn a_typo_in_the_url_is_an_error_not_a_new_file(db) {
        let _ = db;
        for url in ["sqlit:tidtam.db", "tidtam.db", "mysql://localhost/x", "sqlite::memory:"] {
            assert!(tidtam_store::Store::connect(url).await.is_err(), "{url}");
        }
        assert!(!std::path::Path::new("sqlit:tidtam.db").exists());
    }
}
