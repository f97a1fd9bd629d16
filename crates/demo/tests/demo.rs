//! Generated data, on SQLite and PostgreSQL (`backend_tests!`): the demo agency
//! made through the use cases at the dates it describes, and the large
//! portfolio's bulk path against the use cases.

use tidtam_demo::large::{LargePortfolio, create_organisation, load_through_use_cases, plan_projects};
use tidtam_demo::{DEMO_PASSWORD, generate_demo, generate_large_portfolio};
use tidtam_domain::period::{FiscalYear, Quarter, default_deadline};
use tidtam_domain::workflow::ReportStatus;
use tidtam_service::bulk::PlannedProject;
use tidtam_service::filters::{AuditFilter, ReportFilter};
use tidtam_service::portfolio::{GroupBy, PortfolioQuery};
use tidtam_service::{Actor, PageRequest, Role, Service, ServiceError};
use tidtam_test_support::backend_tests;

fn fy(year: i32) -> FiscalYear {
    FiscalYear::checked(year).unwrap()
}

fn q(number: u8) -> Quarter {
    Quarter::try_from(number).unwrap()
}

fn at(text: &str) -> jiff::Timestamp {
    text.parse().unwrap()
}

/// Everything the portfolio aggregate answers for these years, as the
/// system and as the public: the observable content of `portfolio_summary`.
async fn every_portfolio(service: &Service, years: std::ops::RangeInclusive<i32>) -> Vec<String> {
    let mut answers = Vec::new();
    for actor in [Actor::system(), Actor::public()] {
        for year in years.clone() {
            for quarter in [None, Some(q(1)), Some(q(2)), Some(q(3)), Some(q(4))] {
                for group_by in
                    [GroupBy::Total, GroupBy::Division, GroupBy::Strategy, GroupBy::Province, GroupBy::Quarter]
                {
                    let query = PortfolioQuery { fiscal_year: fy(year), quarter, group_by };
                    let groups = service.portfolio(&actor, query).await.unwrap();
                    answers.push(format!("{} {year} {quarter:?} {group_by:?}: {groups:?}", actor.username));
                }
            }
        }
    }
    answers
}

/// Each table's row count and digest (`Store::fingerprint`), but for the history
/// (audit trail and report revisions), which the bulk path leaves out by design.
async fn contents(service: &Service) -> Vec<(String, i64, String)> {
    let mut tables = service.store().fingerprint().await.unwrap();
    // History and the cache counter count writes, which the bulk path batches.
    tables.retain(|(table, ..)| !matches!(table.as_str(), "audit" | "report_revision" | "portfolio_generation"));
    tables
}

backend_tests! {
    async fn the_demo_agency_is_realistic(db) {
        let service = db.service().await;
        let summary = generate_demo(&service, &Actor::system(), 7).await.unwrap();
        assert_eq!(summary.projects, 50);
        assert!(summary.reports > 200, "{summary:?}");
        assert!(summary.late_or_missing > 0 && summary.inconsistent > 0, "{summary:?}");
        let names: Vec<&str> = summary.users.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["admin", "planner", "executive", "owner1", "owner2", "owner3", "owner4", "owner5", "owner6", "committee"]);
        assert!(generate_demo(&service, &Actor::system(), 7).await.is_err(), "only into an empty database");
        let session = service.login("planner", DEMO_PASSWORD, "127.0.0.1").await.unwrap();
        let planner = service.session(&session.token).await.unwrap().actor;
        let late = service.late_reports(&planner, fy(2568), q(4), None).await.unwrap();
        assert!(!late.late.is_empty());
        let totals = service.portfolio(&planner, PortfolioQuery { fiscal_year: fy(2568), quarter: None, group_by: GroupBy::Total }).await.unwrap();
        assert!(totals[0].findings > 0 && totals[0].allocated.satang() > 0 && totals[0].kpi_measured > 0);
        let by_strategy = service.portfolio(&planner, PortfolioQuery { fiscal_year: fy(2568), quarter: None, group_by: GroupBy::Strategy }).await.unwrap();
        assert!(by_strategy.len() >= 3);
        let owner = service.session(&service.login("owner1", DEMO_PASSWORD, "127.0.0.1").await.unwrap().token).await.unwrap().actor;
        let mine = service.list_projects(&owner, Default::default(), PageRequest::default()).await.unwrap();
        assert!(mine.total > 0 && mine.total < 50);
        let found = service.search_projects(&planner, "สำรวจ", Default::default(), PageRequest::default()).await.unwrap();
        assert!(found.total > 0, "projects are indexed for search as the use case indexes them");
        let statuses = service.list_reports(&planner, ReportFilter { fiscal_year: Some(fy(2568)), quarter: Some(q(4)), ..Default::default() }, PageRequest::new(1, 200)).await.unwrap();
        for status in [ReportStatus::Draft, ReportStatus::Submitted, ReportStatus::Returned, ReportStatus::Approved] {
            assert!(statuses.items.iter().any(|r| r.status == status), "the last quarter has {status:?} reports");
        }
    }

    async fn the_demo_history_carries_the_dates_it_describes(db) {
        let service = db.service().await;
        generate_demo(&service, &Actor::system(), 7).await.unwrap();
        let system = Actor::system();
        let first_quarter = ReportFilter { fiscal_year: Some(fy(2567)), quarter: Some(q(1)), ..Default::default() };
        let reports = service.list_reports(&system, first_quarter, PageRequest::new(1, 200)).await.unwrap();
        assert!(reports.total > 10);
        // Fiscal year 2567's first quarter ends on 31 December 2023; its deadline is 15 January 2024.
        let deadline = default_deadline(fy(2567), q(1));
        let mut late = 0;
        for summary in &reports.items {
            let report = service.get_report(&system, summary.id).await.unwrap();
            let submitted = report.submitted_at.expect("first-quarter reports are all submitted");
            assert!(submitted > at("2023-12-20T00:00:00Z") && submitted < at("2024-02-20T00:00:00Z"), "{submitted}");
            if jiff::tz::offset(7).to_datetime(submitted).date() > deadline {
                late += 1;
            }
            let trail = service.audit_trail(&system, AuditFilter { entity: Some("report".into()), entity_id: Some(report.id), actor_user_id: None }, PageRequest::default()).await.unwrap();
            let actions: Vec<(&str, jiff::Timestamp)> = trail.items.iter().map(|e| (e.action.as_str(), e.at)).collect();
            let submit = actions.iter().find(|(action, _)| *action == "submit").expect("a submit entry");
            assert_eq!(submit.1, submitted, "the audit entry carries the submission's date");
            let created = actions.iter().find(|(action, _)| *action == "create").expect("a create entry");
            assert!(created.1 < submitted);
            let approved = actions.iter().find(|(action, _)| *action == "approve").expect("an approve entry");
            assert_eq!(Some(approved.1), report.approved_at);
            assert!(trail.items.iter().all(|e| e.actor_user_id.is_some()), "each step is a demo user's");
        }
        // Lateness is judged on the demo's dates, not today's.
        let lateness = service.late_reports(&system, fy(2567), q(1), Some(at("2024-06-01T00:00:00Z"))).await.unwrap();
        assert_eq!(lateness.late.len(), late);
    }

    async fn the_demo_is_the_same_for_the_same_seed(db) {
        let (first, other) = (db.service().await, db.sibling().await);
        let second = other.service().await;
        generate_demo(&first, &Actor::system(), 11).await.unwrap();
        generate_demo(&second, &Actor::system(), 11).await.unwrap();
        // Everything, history and times included, but the password hashes (salted at random).
        let without_users = |mut tables: Vec<(String, i64, String)>| {
            tables.retain(|(table, ..)| table != "app_user");
            tables
        };
        let first_tables = without_users(first.store().fingerprint().await.unwrap());
        assert_eq!(first_tables, without_users(second.store().fingerprint().await.unwrap()));
        assert!(first_tables.iter().any(|(table, rows, _)| table == "audit" && *rows > 1000));
    }

    async fn only_an_admin_generates_the_demo(db) {
        let service = db.service().await;
        let planner = Actor { user_id: Some(1), username: "p".into(), role: Role::Planner, agency_id: Some(1), division_id: None };
        assert_eq!(generate_demo(&service, &planner, 7).await.unwrap_err(), ServiceError::Forbidden);
        let large = LargePortfolio { projects: 3, first_year: 2566, years: 1, seed: 1 };
        assert_eq!(generate_large_portfolio(&service, &planner, large).await.unwrap_err(), ServiceError::Forbidden);
    }

    async fn the_large_portfolio_generator_loads_consistent_totals(db) {
        let service = db.service().await;
        let options = LargePortfolio { projects: 400, first_year: 2566, years: 3, seed: 1 };
        let summary = generate_large_portfolio(&service, &Actor::system(), options).await.unwrap();
        assert_eq!(summary.projects, 400);
        assert_eq!(summary.reports, summary.budgets * 4);
        let query = |group_by| PortfolioQuery { fiscal_year: fy(2567), quarter: Some(q(2)), group_by };
        let total = service.portfolio(&Actor::system(), query(GroupBy::Total)).await.unwrap();
        let by_division = service.portfolio(&Actor::system(), query(GroupBy::Division)).await.unwrap();
        assert_eq!(by_division.iter().map(|r| r.allocated.satang()).sum::<i64>(), total[0].allocated.satang());
        assert_eq!(by_division.iter().map(|r| r.disbursed.satang()).sum::<i64>(), total[0].disbursed.satang());
        assert_eq!(by_division.iter().map(|r| r.projects).sum::<i64>(), total[0].projects);
        assert!(total[0].projects > 50);
        assert!(total[0].kpi_measured > 0, "reports carry scored indicators");
        let report = service.list_reports(&Actor::system(), ReportFilter::default(), PageRequest::new(1, 1)).await.unwrap();
        let report = service.get_report(&Actor::system(), report.items[0].id).await.unwrap();
        assert!(!report.content.kpi_results.is_empty());
        let mut years = LargePortfolio { years: 0, ..options };
        assert!(generate_large_portfolio(&service, &Actor::system(), years).await.is_err());
        years.years = 500;
        assert!(generate_large_portfolio(&service, &Actor::system(), years).await.is_err());
    }

    async fn the_bulk_path_stores_what_the_use_cases_store(db) {
        let when = at("2026-10-15T03:00:00Z");
        let system = Actor::system();
        let options = LargePortfolio { projects: 13, first_year: 2567, years: 2, seed: 5 };
        let by_use_cases = db.service().await.at(when);
        let other = db.sibling().await;
        let in_bulk = other.service().await.at(when);

        let organisation = create_organisation(&by_use_cases, &system).await.unwrap();
        assert_eq!(create_organisation(&in_bulk, &system).await.unwrap(), organisation);
        // Some reports stay drafts, so all three states the bulk path writes are compared.
        let plan: Vec<PlannedProject> = plan_projects(options, &organisation)
            .map(|mut project| {
                for (index, report) in project.reports.iter_mut().enumerate() {
                    if index % 5 == 4 {
                        report.status = ReportStatus::Draft;
                    }
                }
                project
            })
            .collect();
        let statuses: Vec<ReportStatus> = plan.iter().flat_map(|p| p.reports.iter().map(|r| r.status)).collect();
        for status in [ReportStatus::Draft, ReportStatus::Submitted, ReportStatus::Approved] {
            assert!(statuses.contains(&status), "{status:?}");
        }

        let through = load_through_use_cases(&by_use_cases, &system, plan.clone()).await.unwrap();
        let batches: Vec<Vec<PlannedProject>> = plan.chunks(4).map(<[_]>::to_vec).collect();
        let loaded = in_bulk.load_portfolio(&system, batches).await.unwrap();
        assert_eq!((through.projects, through.budgets, through.reports), (loaded.projects, loaded.budgets, loaded.reports));
        assert_eq!((loaded.projects, loaded.reports), (13, 13 * 2 * 4));

        let (expected, actual) = (contents(&by_use_cases).await, contents(&in_bulk).await);
        for (use_cases, bulk) in expected.iter().zip(&actual) {
            assert_eq!(use_cases, bulk, "table {} differs", use_cases.0);
        }
        assert_eq!(expected.len(), actual.len());
        let findings = expected.iter().find(|(table, ..)| table == "report_finding").unwrap();
        assert!(findings.1 > 0, "the checker found something to compare");
        assert_eq!(every_portfolio(&by_use_cases, 2567..=2568).await, every_portfolio(&in_bulk, 2567..=2568).await);
        for service in [&by_use_cases, &in_bulk] {
            let mut tx = service.store().begin_read().await.unwrap();
            let (rows, mismatches) = tx.portfolio_summary_check().await.unwrap();
            assert!(rows > 0 && mismatches.is_empty(), "{mismatches:?}");
        }
        for words in ["สำรวจ", "โครงการ 7"] {
            let search = |service: &Service| {
                let service = service.clone();
                async move { service.search_projects(&Actor::system(), words, Default::default(), PageRequest::default()).await.unwrap() }
            };
            let (a, b) = (search(&by_use_cases).await, search(&in_bulk).await);
            assert_eq!(a.items.iter().map(|p| p.id).collect::<Vec<_>>(), b.items.iter().map(|p| p.id).collect::<Vec<_>>(), "{words}");
        }
        // Reports' texts are indexed as the use cases index them (the bulk path writes
        // the index a batch at a time), so nothing is left for the start-up pass.
        for words in ["ตัวชี้วัดที่ 3", "ร้อยละ 9"] {
            let search = |service: &Service| {
                let service = service.clone();
                async move { service.search_reports(&Actor::system(), words, PageRequest::new(1, 100)).await.unwrap() }
            };
            let ids = |page: tidtam_service::Page<tidtam_service::reports::ReportHit>| {
                let mut ids: Vec<i64> = page.items.iter().map(|hit| hit.report.id).collect();
                ids.sort_unstable();
                (page.total, ids)
            };
            let (a, b) = (ids(search(&by_use_cases).await), ids(search(&in_bulk).await));
            assert!(a.0 > 0 && a.0 < 104, "{words}: some reports, not all");
            assert_eq!(a, b, "{words}");
        }
        assert_eq!(in_bulk.index_reports_missing_from_search().await.unwrap(), 0);
        // The history: the bulk path records one entry for the whole load.
        let generated = in_bulk.audit_trail(&system, AuditFilter { entity: Some("portfolio".into()), ..Default::default() }, PageRequest::default()).await.unwrap();
        assert_eq!(generated.total, 1);
        assert_eq!(generated.items[0].at, when);

        // The comparison sees a difference of one figure in one report.
        let report = in_bulk.list_reports(&system, ReportFilter { status: Some(ReportStatus::Draft), ..Default::default() }, PageRequest::new(1, 1)).await.unwrap();
        let report = in_bulk.get_report(&system, report.items[0].id).await.unwrap();
        let mut content = report.content.clone();
        content.progress_percent = content.progress_percent.map(|p| p + 1.0);
        in_bulk.update_report(&system, report.id, report.version, content).await.unwrap();
        let changed = contents(&in_bulk).await;
        let differing: Vec<&str> =
            expected.iter().zip(&changed).filter(|(a, b)| a != b).map(|(a, _)| a.0.as_str()).collect();
        assert!(differing.contains(&"report"), "{differing:?}");
    }
}
