//! The demo agency and the large benchmark portfolio.

use tidtam_service::demo::{DEMO_PASSWORD, LargePortfolio};
use tidtam_service::portfolio::{GroupBy, PortfolioQuery};
use tidtam_service::{Actor, PageRequest};
use tidtam_test_support::backend_tests;

use crate::common::{fy, q};

backend_tests! {
    async fn the_demo_agency_is_realistic(db) {
        let service = db.service().await;
        let summary = service.generate_demo(&Actor::system(), 7).await.unwrap();
        assert_eq!(summary.projects, 50);
        assert!(summary.reports > 200, "{summary:?}");
        assert!(summary.late_or_missing > 0 && summary.inconsistent > 0, "{summary:?}");
        assert!(service.generate_demo(&Actor::system(), 7).await.is_err(), "only into an empty database");
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
        let found = service.search_projects(&planner, "สำรวจ", Default::default(), PageRequest::default()).await;
        assert!(found.is_ok());
    }

    async fn the_large_portfolio_generator_loads_consistent_totals(db) {
        let service = db.service().await;
        let options = LargePortfolio { projects: 400, first_year: 2566, years: 3, seed: 1 };
        let summary = service.generate_large_portfolio(&Actor::system(), options).await.unwrap();
        assert_eq!(summary.projects, 400);
        assert_eq!(summary.reports, summary.budgets * 4);
        let query = |group_by| PortfolioQuery { fiscal_year: fy(2567), quarter: Some(q(2)), group_by };
        let total = service.portfolio(&Actor::system(), query(GroupBy::Total)).await.unwrap();
        let by_division = service.portfolio(&Actor::system(), query(GroupBy::Division)).await.unwrap();
        assert_eq!(by_division.iter().map(|r| r.allocated.satang()).sum::<i64>(), total[0].allocated.satang());
        assert_eq!(by_division.iter().map(|r| r.disbursed.satang()).sum::<i64>(), total[0].disbursed.satang());
        assert_eq!(by_division.iter().map(|r| r.projects).sum::<i64>(), total[0].projects);
        assert!(total[0].projects > 50);
    }
}
