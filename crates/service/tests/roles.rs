//! The role matrix: role × action × own/other division/agency, at the service level.
//! Expectations are written out here, not derived from the policy code.

use tidtam_service::projects::ProjectUpdate;
use tidtam_service::reports::NewReport;
use tidtam_service::{Actor, PageRequest, ServiceError};
use tidtam_store::ProjectFilter;
use tidtam_test_support::backend_tests;

use crate::common::{content, fixture, fy, project_input, q, report};

fn denied(result: &Result<impl std::fmt::Debug, ServiceError>) -> bool {
    matches!(result, Err(ServiceError::Forbidden | ServiceError::NotFound | ServiceError::Unauthenticated))
}

fn check(label: &str, expected: char, result: Result<impl std::fmt::Debug, ServiceError>) {
    match expected {
        'Y' => assert!(result.is_ok(), "{label}: expected allowed, got {result:?}"),
        _ => assert!(denied(&result), "{label}: expected denied, got {result:?}"),
    }
}

/// actor name, actor, read P1 P2 P3, update P1 P2 P3, create report, review report, visible projects, create users.
type Row<'a> = (&'a str, &'a Actor, &'a str, &'a str, &'a str, &'a str, i64, char);

backend_tests! {
    async fn nobody_reads_or_writes_beyond_their_role(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let projects = [f.p1, f.p2, f.p3];
        // actor, read P1 P2 P3, update P1 P2 P3, create report, review report, visible projects, create users
        let matrix: [Row; 5] = [
            ("admin", &f.admin, "YYY", "YYY", "YYY", "YYY", 3, 'Y'),
            ("planner", &f.planner, "YYN", "YYN", "YYN", "YYN", 2, 'N'),
            ("owner", &f.owner, "YNN", "YNN", "YNN", "NNN", 1, 'N'),
            ("executive", &f.executive, "YYY", "NNN", "NNN", "NNN", 3, 'N'),
            ("public", &f.public, "NYY", "NNN", "NNN", "NNN", 2, 'N'),
        ];
        for (index, (name, actor, read, update, create_report, review, visible, create_user)) in matrix.into_iter().enumerate() {
            for (column, project_id) in projects.into_iter().enumerate() {
                let label = format!("{name} on P{}", column + 1);
                let expect = |row: &str| row.chars().nth(column).unwrap();
                check(&format!("{label} read"), expect(read), service.get_project(actor, project_id).await);

                let current = service.get_project(&f.admin, project_id).await.unwrap().project;
                let mut fields = current.fields.clone();
                fields.summary = Some(format!("edited by {name}"));
                let update_result = service
                    .update_project(actor, project_id, current.version, ProjectUpdate { owner_division_id: current.owner_division_id, fields })
                    .await;
                let updated = update_result.is_ok();
                check(&format!("{label} update"), expect(update), update_result);
                let after = service.get_project(&f.admin, project_id).await.unwrap().project;
                assert_eq!(after.version, current.version + i64::from(updated), "{label}: a denied update changed nothing");

                // Each actor gets its own quarter slot, so attempts do not collide.
                let (year, quarter) = (2567 + (index / 4) as i32, (index % 4) as u8 + 1);
                let created = service
                    .create_report(actor, NewReport { project_id, fiscal_year: fy(year), quarter: q(quarter), content: content(10.0, 1) })
                    .await;
                check(&format!("{label} create report"), expect(create_report), created);

                let slot = 5 + index;
                // Written and submitted by the system, so the four-eyes rule does not stand in the way.
                let (report_id, version) = report(&service, &Actor::system(), project_id, 2567 + (slot / 4) as i32, (slot % 4) as u8 + 1, 20.0).await;
                let submitted = service.submit_report(&Actor::system(), report_id, version).await.unwrap();
                let approved = service.approve_report(actor, report_id, submitted.version).await;
                check(&format!("{label} approve"), expect(review), approved);
                let state = service.get_report(&f.admin, report_id).await.unwrap();
                assert_eq!(state.status.as_str(), if expect(review) == 'Y' { "approved" } else { "submitted" }, "{label}");
            }
            let listed = service.list_projects(actor, ProjectFilter::default(), PageRequest::default()).await.unwrap();
            assert_eq!(listed.total, visible, "{name}: visible projects");
            let new_user = tidtam_service::auth::NewUser {
                username: format!("made-by-{name}"),
                display_name: String::new(),
                password: "a long enough password".into(),
                role: tidtam_service::Role::Executive,
                agency_id: None,
                division_id: None,
            };
            check(&format!("{name} create user"), create_user, service.create_user(actor, new_user).await);
        }
    }

    async fn owners_cannot_move_projects_out_of_their_division_or_review(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let current = service.get_project(&f.owner, f.p1).await.unwrap().project;
        let moved = service
            .update_project(&f.owner, f.p1, current.version, ProjectUpdate { owner_division_id: Some(f.division_a2), fields: current.fields.clone() })
            .await;
        assert_eq!(moved.unwrap_err(), ServiceError::Forbidden);
        let (report_id, version) = report(&service, &f.admin, f.p1, 2567, 1, 10.0).await;
        let submitted = service.submit_report(&f.owner, report_id, version).await.unwrap();
        assert_eq!(service.return_report(&f.owner, report_id, submitted.version, "แก้ไขตัวเลข").await.unwrap_err(), ServiceError::Forbidden);
        // Audit: owners cannot read the trail; planners can read their agency's project trail but not another's.
        let filter = |id| tidtam_store::AuditFilter { entity: Some("project".into()), entity_id: Some(id), actor_user_id: None };
        assert!(denied(&service.audit_trail(&f.owner, filter(f.p1), PageRequest::default()).await));
        assert!(service.audit_trail(&f.planner, filter(f.p1), PageRequest::default()).await.is_ok());
        assert!(denied(&service.audit_trail(&f.planner, filter(f.p3), PageRequest::default()).await));
        assert!(denied(&service.audit_trail(&f.planner, tidtam_store::AuditFilter::default(), PageRequest::default()).await));
        assert!(service.audit_trail(&f.executive, tidtam_store::AuditFilter::default(), PageRequest::default()).await.is_ok());
        let _ = (f.agency_b, f.division_b1, project_input("x", false));
    }

    async fn the_public_sees_only_approved_reports_of_published_projects(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let (draft, _) = report(&service, &f.admin, f.p2, 2567, 1, 10.0).await;
        let (approved, version) = report(&service, &f.admin, f.p2, 2567, 2, 20.0).await;
        let submitted = service.submit_report(&f.admin, approved, version).await.unwrap();
        service.approve_report(&f.planner, approved, submitted.version).await.unwrap();
        let (hidden, version) = report(&service, &f.admin, f.p1, 2567, 1, 10.0).await;
        let submitted = service.submit_report(&f.admin, hidden, version).await.unwrap();
        service.approve_report(&f.planner, hidden, submitted.version).await.unwrap();
        assert!(denied(&service.get_report(&f.public, draft).await));
        assert!(service.get_report(&f.public, approved).await.is_ok());
        assert!(denied(&service.get_report(&f.public, hidden).await));
        let listed = service.list_reports(&f.public, Default::default(), PageRequest::default()).await.unwrap();
        assert_eq!(listed.items.iter().map(|r| r.id).collect::<Vec<_>>(), [approved]);
        let portfolio = service
            .portfolio(&f.public, tidtam_service::portfolio::PortfolioQuery { fiscal_year: fy(2567), quarter: None, group_by: tidtam_service::portfolio::GroupBy::Total })
            .await
            .unwrap();
        assert_eq!(portfolio[0].reports, 1, "only the approved, published report counts for the public");
        assert!(denied(&service.report_history(&f.public, approved, PageRequest::default()).await));
    }
}
