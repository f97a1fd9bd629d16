//! The quarterly workflow, its audit trail, history and lateness.

use tidtam_domain::workflow::ReportStatus;
use tidtam_service::{PageRequest, ServiceError};
use tidtam_store::AuditFilter;
use tidtam_test_support::backend_tests;

use crate::common::{content, fixture, fy, q, report};

backend_tests! {
    async fn a_report_goes_draft_submitted_returned_approved_and_locks(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let (id, version) = report(&service, &f.owner, f.p1, 2567, 1, 10.0).await;
        let edited = service.update_report(&f.owner, id, version, content(25.0, 200_000)).await.unwrap();
        assert_eq!(edited.content.progress_percent, Some(25.0));
        let submitted = service.submit_report(&f.owner, id, edited.version).await.unwrap();
        assert_eq!(submitted.status, ReportStatus::Submitted);
        assert!(submitted.submitted_at.is_some());
        assert!(matches!(service.update_report(&f.owner, id, submitted.version, content(30.0, 1)).await, Err(ServiceError::InvalidState { .. })));
        assert!(matches!(service.return_report(&f.planner, id, submitted.version, " ").await, Err(ServiceError::Invalid(_))));
        let returned = service.return_report(&f.planner, id, submitted.version, "กรุณาแก้ไขยอดเบิกจ่าย").await.unwrap();
        assert_eq!(returned.status, ReportStatus::Returned);
        assert_eq!(returned.review_comment.as_deref(), Some("กรุณาแก้ไขยอดเบิกจ่าย"));
        let fixed = service.update_report(&f.owner, id, returned.version, content(30.0, 250_000)).await.unwrap();
        let resubmitted = service.submit_report(&f.owner, id, fixed.version).await.unwrap();
        let approved = service.approve_report(&f.planner, id, resubmitted.version).await.unwrap();
        assert_eq!(approved.status, ReportStatus::Approved);
        assert!(approved.approved_at.is_some());
        // Locked: no edit, no transition, not even by an admin.
        assert!(matches!(service.update_report(&f.admin, id, approved.version, content(99.0, 1)).await, Err(ServiceError::InvalidState { .. })));
        assert!(matches!(service.submit_report(&f.admin, id, approved.version).await, Err(ServiceError::InvalidState { .. })));
        assert!(matches!(service.return_report(&f.admin, id, approved.version, "ขอแก้ไข").await, Err(ServiceError::InvalidState { .. })));

        let history = service.report_history(&f.planner, id, PageRequest::default()).await.unwrap().items;
        let statuses: Vec<&str> = history.iter().map(|r| r.status.as_str()).collect();
        assert_eq!(statuses, ["draft", "draft", "submitted", "returned", "returned", "submitted", "approved"]);
        assert_eq!(history[1].snapshot["progress_percent"], 25.0);

        let trail = service
            .audit_trail(&f.admin, AuditFilter { entity: Some("report".into()), entity_id: Some(id), actor_user_id: None }, PageRequest::default())
            .await
            .unwrap();
        let actions: Vec<(String, Option<String>)> = trail.items.iter().rev().map(|e| (e.action.clone(), e.field.clone())).collect();
        let expected_actions = ["create", "update", "submit", "return", "update", "submit", "approve"];
        let recorded: Vec<&str> = {
            let mut seen: Vec<&str> = Vec::new();
            for (action, _) in &actions {
                if seen.last() != Some(&action.as_str()) || action != "update" {
                    seen.push(action);
                }
            }
            seen
        };
        assert_eq!(recorded, expected_actions);
        let progress_change = trail.items.iter().find(|e| e.action == "update" && e.field.as_deref() == Some("progress_percent")).unwrap();
        assert_eq!(progress_change.old_value, Some(serde_json::json!(25.0)));
        assert_eq!(progress_change.new_value, Some(serde_json::json!(30.0)));
        assert_eq!(progress_change.actor_name, "owner");
        let approval = trail.items.iter().find(|e| e.action == "approve").unwrap();
        assert_eq!(approval.actor_user_id, f.planner.user_id);
        assert_eq!(approval.new_value.as_ref().unwrap()["status"], "approved");
    }

    async fn stale_versions_and_wrong_states_are_refused(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let (id, version) = report(&service, &f.owner, f.p1, 2567, 1, 10.0).await;
        assert!(matches!(service.approve_report(&f.planner, id, version).await, Err(ServiceError::InvalidState { .. })));
        service.update_report(&f.owner, id, version, content(20.0, 1)).await.unwrap();
        assert_eq!(service.submit_report(&f.owner, id, version).await.unwrap_err(), ServiceError::Conflict { current_version: version + 1 });
        assert!(matches!(service.create_report(&f.owner, tidtam_service::reports::NewReport { project_id: f.p1, fiscal_year: fy(2567), quarter: q(1), content: content(1.0, 1) }).await, Err(ServiceError::Duplicate)));
        assert!(matches!(service.create_report(&f.owner, tidtam_service::reports::NewReport { project_id: f.p1, fiscal_year: fy(2580), quarter: q(1), content: content(1.0, 1) }).await, Err(ServiceError::Invalid(_))));
    }

    async fn inconsistent_reports_get_findings(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let (_, _) = report(&service, &f.owner, f.p1, 2567, 1, 40.0).await;
        let mut second = content(30.0, 50_000);
        second.disbursed = Some(tidtam_domain::Baht::from_baht(1_200_000));
        let created = service
            .create_report(&f.owner, tidtam_service::reports::NewReport { project_id: f.p1, fiscal_year: fy(2567), quarter: q(2), content: second })
            .await
            .unwrap();
        let rules: Vec<&str> = created.findings.iter().map(|f| f.rule.id()).collect();
        // The one checker: the file rules (9.3 > 9.2, 9.3 > 9.1, section 10 blank) and the
        // change since the previous quarter, exactly as for a report read from a file.
        assert_eq!(rules, ["disbursed-exceeds-contracted", "disbursed-exceeds-allocated", "field-blank", "progress-decreased"]);
    }

    async fn late_and_missing_reports_are_listed_against_the_deadline(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let deadline = jiff::civil::date(2024, 1, 20);
        service.set_deadline(&f.planner, fy(2567), q(1), deadline).await.unwrap();
        assert!(matches!(service.set_deadline(&f.owner, fy(2567), q(1), deadline).await, Err(ServiceError::Forbidden)));
        assert!(matches!(service.set_deadline(&f.planner, fy(2567), q(1), jiff::civil::date(2023, 12, 1)).await, Err(ServiceError::Invalid(_))));
        // p1 submits now (long after 2024-01-20): late. p2 and p3 have no report: missing.
        let (id, version) = report(&service, &f.owner, f.p1, 2567, 1, 10.0).await;
        service.submit_report(&f.owner, id, version).await.unwrap();
        let before_deadline = jiff::tz::offset(0).to_timestamp(jiff::civil::date(2024, 1, 10).at(0, 0, 0, 0)).unwrap();
        let early = service.late_reports(&f.planner, fy(2567), q(1), Some(before_deadline)).await.unwrap();
        assert_eq!(early.late.iter().map(|l| l.project_id).collect::<Vec<_>>(), [f.p1], "before the deadline nothing is missing yet; the recorded late submission still counts");
        let now = service.late_reports(&f.planner, fy(2567), q(1), None).await.unwrap();
        assert_eq!(now.deadline, deadline);
        assert_eq!(now.late.iter().map(|l| l.project_id).collect::<Vec<_>>(), [f.p1, f.p2], "planner sees agency A only");
        assert_eq!(now.late[1].report_id, None);
        let everyone = service.late_reports(&f.executive, fy(2567), q(1), None).await.unwrap();
        assert_eq!(everyone.late.len(), 3);
        assert!(matches!(service.late_reports(&f.public, fy(2567), q(1), None).await, Err(ServiceError::Forbidden)));
        let default = service.deadline(&f.public, fy(2567), q(2)).await.unwrap();
        assert_eq!((default.due, default.explicit), (jiff::civil::date(2024, 4, 15), false));
    }
}
