//! Optimistic locking under real concurrency: one writer wins, the other gets a
//! conflict with the current version, and nothing is lost silently.

use tidtam_service::projects::ProjectUpdate;
use tidtam_service::{PageRequest, ServiceError};
use tidtam_test_support::backend_tests;

use crate::common::{content, fixture, report};

backend_tests! {
    async fn two_people_editing_one_report_never_overwrite_each_other(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let (id, version) = report(&service, &f.owner, f.p1, 2567, 1, 10.0).await;
        for round in 0..5 {
            let current = service.get_report(&f.admin, id).await.unwrap().version;
            let (first, second) = tokio::join!(
                service.update_report(&f.owner, id, current, content(20.0 + f64::from(round), 1)),
                service.update_report(&f.planner, id, current, content(60.0 + f64::from(round), 2)),
            );
            let (winner, loser) = match (&first, &second) {
                (Ok(report), Err(error)) | (Err(error), Ok(report)) => (report.clone(), error.clone()),
                other => panic!("exactly one update must win: {other:?}"),
            };
            assert_eq!(loser, ServiceError::Conflict { current_version: current + 1 });
            let stored = service.get_report(&f.admin, id).await.unwrap();
            assert_eq!(stored.version, current + 1);
            assert_eq!(stored.content, winner.content, "the stored content is the winner's, whole");
        }
        let history = service.report_history(&f.admin, id, PageRequest::default()).await.unwrap().items;
        assert_eq!(history.len(), 6, "one revision for the draft and one per winning update");
        assert!(version < history.last().unwrap().version);
    }

    async fn concurrent_project_edits_conflict_too(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let current = service.get_project(&f.admin, f.p1).await.unwrap().project;
        let edit = |summary: &str| {
            let mut fields = current.fields.clone();
            fields.summary = Some(summary.into());
            ProjectUpdate { owner_division_id: current.owner_division_id, fields }
        };
        let (a, b) = tokio::join!(
            service.update_project(&f.owner, f.p1, current.version, edit("แก้โดยเจ้าของ")),
            service.update_project(&f.planner, f.p1, current.version, edit("แก้โดยผู้วางแผน")),
        );
        assert_eq!(a.is_ok() as u8 + b.is_ok() as u8, 1, "{a:?} {b:?}");
        let loser = a.err().or(b.err()).unwrap();
        assert_eq!(loser.code(), "conflict");
        assert!(loser.message_th().contains("ฉบับที่"));
    }
}
