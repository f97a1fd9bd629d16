//! A database of the previous release (the schema of migrations up to
//! `20261124000003_portfolio_summary`, as it stood before the form was kept with
//! each report) migrates forward with its data: the rows read back the same, the
//! edit-time rule that was folded into another is renamed, and a report saved
//! without a form can be opened, edited and checked by the one checker.

use sqlx::Connection;
use tidtam_domain::Baht;
use tidtam_service::{Actor, PageRequest};
use tidtam_test_support::backend_tests;

/// The last migration of the previous release.
const PREVIOUS_RELEASE: i64 = 20261124000003;

/// Rows written the way the previous release wrote them (ids 1, 2, 3 in a fresh database).
const PREVIOUS_DATA: &[&str] = &[
    "INSERT INTO org_unit (parent_id, kind, code, name, name_key) VALUES (NULL, 'ministry', 'MDES', 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม', 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม')",
    "INSERT INTO org_unit (parent_id, kind, code, name, name_key) VALUES (1, 'agency', 'NSO', 'สำนักงานสถิติแห่งชาติ', 'สำนักงานสถิติแห่งชาติ')",
    "INSERT INTO org_unit (parent_id, kind, code, name, name_key) VALUES (2, 'division', 'NSO-D1', 'กองสถิติเศรษฐกิจ', 'กองสถิติเศรษฐกิจ')",
    "INSERT INTO project (agency_id, owner_division_id, name, name_key, budget_source, value_satang, start_year, end_year, \
     objectives, summary, area, nationwide, responsible, published, created_at, updated_at) \
     VALUES (2, 3, 'โครงการสำรวจภาวะเศรษฐกิจ', 'โครงการสำรวจภาวะเศรษฐกิจ', 'แผนปฏิบัติการประจำปี', 100000000, 2567, 2567, \
     '[\"เพื่อสำรวจ\"]', 'สำรวจภาวะเศรษฐกิจครัวเรือน', 'ทั่วประเทศ', TRUE, '[]', TRUE, 1700000000000000, 1700000000000000)",
    "INSERT INTO budget_year (project_id, fiscal_year, allocated, contracted, carried_over) VALUES (1, 2567, 100000000, 90000000, 0)",
    "INSERT INTO report (project_id, fiscal_year, quarter, status, progress_percent, allocated, contracted, disbursed, summary, \
     created_at, updated_at, version, finding_count) \
     VALUES (1, 2567, 1, 'draft', 100, 100000000, 90000000, 10000000, 'ดำเนินการแล้วเสร็จ', 1700000000000000, 1700000000000000, 1, 1)",
    "INSERT INTO report_finding (report_id, seq, rule, severity, line, message_th, message_en) \
     VALUES (1, 0, 'complete-but-unspent', 'warning', 0, 'รายงานความก้าวหน้าร้อยละ 100 แต่เบิกจ่ายไม่ถึงครึ่งของงบประมาณ', 'progress is 100% but less than half of the allocation was disbursed')",
    "INSERT INTO report_revision (report_id, version, status, snapshot, at, actor) VALUES (1, 1, 'draft', '{\"id\":1,\"status\":\"draft\"}', 1700000000000000, 'owner1')",
    "INSERT INTO audit (at, actor_user_id, actor_name, entity, entity_id, action, old_value, new_value) \
     VALUES (1700000000000000, NULL, 'system', 'report', 1, 'create', NULL, '{\"id\":1}')",
];

async fn write_previous_release(url: &str) {
    let migrations = |postgres: bool| {
        let mut migrator = if postgres {
            sqlx::migrate!("../store/migrations/postgres")
        } else {
            sqlx::migrate!("../store/migrations/sqlite")
        };
        migrator.set_ignore_missing(true);
        migrator
    };
    if url.starts_with("postgres") {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        migrations(true).run_to(PREVIOUS_RELEASE, &mut conn).await.unwrap();
        for statement in PREVIOUS_DATA {
            sqlx::raw_sql(sqlx::AssertSqlSafe(*statement)).execute(&mut conn).await.unwrap();
        }
    } else {
        let options = url.parse::<sqlx::sqlite::SqliteConnectOptions>().unwrap().create_if_missing(true);
        let mut conn = sqlx::SqliteConnection::connect_with(&options).await.unwrap();
        migrations(false).run_to(PREVIOUS_RELEASE, &mut conn).await.unwrap();
        for statement in PREVIOUS_DATA {
            sqlx::raw_sql(sqlx::AssertSqlSafe(*statement)).execute(&mut conn).await.unwrap();
        }
    }
}

/// Runs one statement on the database outside the service.
async fn write_raw(url: &str, statement: &str) {
    if url.starts_with("postgres") {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement)).execute(&mut conn).await.unwrap();
    } else {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement)).execute(&mut conn).await.unwrap();
    }
}

backend_tests! {
    async fn a_database_of_the_previous_release_migrates_forward_with_its_data(db) {
        write_previous_release(&db.url).await;
        // Connecting runs the migrations since the previous release.
        let service = db.service().await;
        let system = Actor::system();

        let project = service.get_project(&system, 1).await.unwrap();
        assert_eq!(project.project.fields.name, "โครงการสำรวจภาวะเศรษฐกิจ");
        assert_eq!(project.project.fields.value, Some(Baht::from_baht(1_000_000)));
        assert_eq!(project.budgets[0].allocated, Baht::from_baht(1_000_000));

        let report = service.get_report(&system, 1).await.unwrap();
        assert_eq!(report.content.progress_percent, Some(100.0));
        assert_eq!(report.content.disbursed, Some(Baht::from_baht(100_000)));
        assert_eq!(report.content.summary.as_deref(), Some("ดำเนินการแล้วเสร็จ"));
        // The edit-time rule folded into progress-complete-missing keeps its message and severity.
        let rules: Vec<(&str, &str)> = report.findings.iter().map(|f| (f.rule.id(), f.severity.as_str())).collect();
        assert_eq!(rules, [("progress-complete-missing", "warning")]);
        let history = service.report_history(&system, 1, PageRequest::default()).await.unwrap();
        assert_eq!(history.total, 1);
        assert_eq!(history.items[0].actor, "owner1");

        // Stored before the report search index existed: found once the start-up
        // pass has indexed it; the pass then marks the index complete and later
        // passes trust the mark instead of scanning (a row written behind the
        // service's back, at the end, is not looked for).
        let found = || async { service.search_reports(&system, "ดำเนินการแล้วเสร็จ", PageRequest::default()).await.unwrap().total };
        assert_eq!(found().await, 0, "not indexed before the pass (nor by the summary's refresh)");
        assert_eq!(service.index_reports_missing_from_search().await.unwrap(), 1);
        assert_eq!(found().await, 1);

        // Saved without a form: editing builds it from the project and the content,
        // and the one checker runs on it.
        let mut content = report.content.clone();
        content.disbursed = Some(Baht::from_baht(1_200_000));
        let edited = service.update_report(&system, 1, report.version, content).await.unwrap();
        let rules: Vec<&str> = edited.findings.iter().map(|f| f.rule.id()).collect();
        assert!(rules.contains(&"disbursed-exceeds-allocated") && rules.contains(&"disbursed-exceeds-contracted"), "{rules:?}");
        let portfolio = service
            .portfolio(
                &system,
                tidtam_service::portfolio::PortfolioQuery {
                    fiscal_year: tidtam_domain::FiscalYear::from_be(2567),
                    quarter: None,
                    group_by: tidtam_service::portfolio::GroupBy::Total,
                },
            )
            .await
            .unwrap();
        assert_eq!(portfolio[0].disbursed, Baht::from_baht(1_200_000), "the summary follows the edit");
        let audit = service.audit_trail(&system, Default::default(), PageRequest::default()).await.unwrap();
        assert!(audit.items.iter().any(|entry| entry.actor_name == "system" && entry.action == "create"));

        // The index was marked complete by the pass above.
        write_raw(&db.url, "INSERT INTO report (project_id, fiscal_year, quarter, status, summary, created_at, updated_at, version, finding_count) \
             VALUES (1, 2567, 2, 'draft', 'ดำเนินการแล้วเสร็จ', 1700000000000000, 1700000000000000, 1, 0)").await;
        assert_eq!(service.index_reports_missing_from_search().await.unwrap(), 0, "marked complete: no scan");
        assert_eq!(found().await, 1);
    }
}
