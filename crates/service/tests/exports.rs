//! What each role gets in an export: the same reports and projects the reads
//! give them, never more. Expectations are written out, not derived from the policy.

use tidtam_domain::workflow::ReportStatus;
use tidtam_service::{Actor, ServiceError};
use tidtam_test_support::backend_tests;

use crate::common::{fixture, fy, q, report};

fn allowed(label: &str, expected: char, result: Result<impl std::fmt::Debug, ServiceError>) {
    match expected {
        'Y' => assert!(result.is_ok(), "{label}: expected allowed, got {result:?}"),
        _ => assert!(
            matches!(result, Err(ServiceError::NotFound | ServiceError::Forbidden)),
            "{label}: expected refused, got {result:?}"
        ),
    }
}

backend_tests! {
    async fn every_export_holds_what_the_caller_may_read(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        // A report a project in 2568 Q1; P2's is approved (the public sees approved reports only).
        for project in [f.p1, f.p2, f.p3] {
            report(&service, &f.admin, project, 2568, 1, 30.0).await;
        }
        let (p2_report, version) = {
            let found = service.export_report(&f.admin, f.p2, fy(2568), q(1)).await.unwrap();
            (found.report_id, service.get_report(&f.admin, found.report_id).await.unwrap().version)
        };
        let submitted = service.submit_report(&f.admin, p2_report, version).await.unwrap();
        service.approve_report(&f.planner, p2_report, submitted.version).await.unwrap();
        // P1 has a second quarter: the portfolio as of Q2 takes it, as of Q1 the first.
        report(&service, &f.admin, f.p1, 2568, 2, 45.0).await;

        // actor, report of P1 P2 P3, project page of P1 P2 P3, projects in the portfolio exports
        let matrix: [(&str, &Actor, &str, &str, usize); 5] = [
            ("admin", &f.admin, "YYY", "YYY", 3),
            ("planner", &f.planner, "YYN", "YYN", 2),
            ("owner", &f.owner, "YNN", "YNN", 1),
            ("executive", &f.executive, "YYY", "YYY", 3),
            ("public", &f.public, "NYN", "NYY", 1),
        ];
        for (name, actor, reports, pages, in_portfolio) in matrix {
            for (column, project) in [f.p1, f.p2, f.p3].into_iter().enumerate() {
                let expected = reports.chars().nth(column).unwrap();
                let label = format!("{name}: report of P{}", column + 1);
                let found = service.export_report(actor, project, fy(2568), q(1)).await;
                if let Ok(export) = &found {
                    assert_eq!(export.form.project_name.as_deref(), Some(export.project_name.as_str()), "{label}");
                    assert_eq!(export.form.fiscal_year, Some(2568), "{label}: the stored form is the report's");
                }
                allowed(&label, expected, found);
                let page = service.export_project(actor, project).await;
                if let Ok(page) = &page {
                    // A page carries only a report its reader may read.
                    assert_eq!(page.latest.is_some(), expected == 'Y', "{label} on the project's page");
                }
                allowed(&format!("{name}: P{} on paper", column + 1), pages.chars().nth(column).unwrap(), page);
            }
            let forms = service.export_portfolio_reports(actor, fy(2568), q(2)).await.unwrap();
            assert_eq!(forms.len(), in_portfolio, "{name}: one form a project");
            if *name == *"admin" {
                let p1 = forms.iter().find(|r| r.project_id == f.p1).unwrap();
                assert_eq!(p1.quarter, q(2), "the latest report up to the quarter");
                let early = service.export_portfolio_reports(actor, fy(2568), q(1)).await.unwrap();
                assert_eq!(early.iter().find(|r| r.project_id == f.p1).unwrap().quarter, q(1));
            }
            if *name == *"public" {
                assert!(forms.iter().all(|r| r.status == ReportStatus::Approved));
            }
            let table = service.export_portfolio_table(actor, fy(2568)).await.unwrap();
            assert_eq!(table.quarters.len(), 4);
            assert_eq!(table.quarters[3].1.len(), in_portfolio, "{name}: rows as of Q4");
            let dashboard = service.export_dashboard(actor, fy(2568), Some(q(4))).await.unwrap();
            assert_eq!(dashboard.total.map_or(0, |t| t.reports) as usize, in_portfolio, "{name}: reports in the dashboard total");
        }
        // The latest readable report of a project stands on its printed page.
        let page = service.export_project(&f.admin, f.p1).await.unwrap();
        assert_eq!(page.latest.map(|r| r.quarter), Some(q(2)));
        assert_eq!(page.agency, "สำนักงานสถิติแห่งชาติ");
        assert_eq!(page.division.as_deref(), Some("กองสถิติเศรษฐกิจ"));
        assert_eq!(service.export_report(&f.admin, f.p1, fy(2568), q(3)).await.unwrap_err(), ServiceError::NotFound);
    }
}
