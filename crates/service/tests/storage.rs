//! Search, aggregates, the append-only audit table, backup and restore.

use tidtam_domain::model::BudgetYear;
use tidtam_domain::money::Money;
use tidtam_service::portfolio::{GroupBy, PortfolioQuery};
use tidtam_service::{Actor, PageRequest};
use tidtam_store::ProjectFilter;
use tidtam_test_support::backend_tests;

use crate::common::{fixture, fy, q, report};

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
                .set_budget(&f.admin, BudgetYear { project_id: project, fiscal_year: fy(2567), allocated: Money::from_baht(allocated), contracted: Money::from_baht(allocated / 2), carried_over: Money::ZERO })
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
        assert_eq!(row.allocated, Money::from_baht(4_000_000));
        assert_eq!(row.contracted, Money::from_baht(2_000_000));
        assert_eq!(row.disbursed, Money::from_baht(200_000));
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
