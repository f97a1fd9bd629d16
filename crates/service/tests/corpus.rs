//! Importing the 36 real reports: same figures as `tidtam ingest`, idempotent,
//! updates keep history, findings are stored.

use std::path::PathBuf;

use tidtam_domain::Baht;
use tidtam_service::import::ImportOutcome;
use tidtam_service::{Actor, PageRequest};
use tidtam_test_support::backend_tests;

use crate::common::{fy, q};

fn corpus() -> Vec<tidtam_report::ReportForm> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/project-reports");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).expect("corpus directory").map(|e| e.unwrap().path()).collect();
    files.sort();
    assert_eq!(files.len(), 36, "the corpus has 36 report files");
    files.iter().flat_map(|file| tidtam_report::ingest_path(file).expect("corpus files ingest")).collect()
}

backend_tests! {
    async fn the_corpus_imports_with_the_same_figures_and_twice_changes_nothing(db) {
        let service = db.service().await;
        let system = Actor::system();
        let parsed = corpus();
        let results = service.import_reports(&system, &parsed, q(4)).await.unwrap();
        assert_eq!(results.len(), parsed.len());
        let created = results.iter().filter(|r| r.outcome == ImportOutcome::Created).count();
        let skipped: Vec<_> = results.iter().filter(|r| r.outcome == ImportOutcome::Skipped).collect();
        assert!(created >= 30, "most corpus reports are filed: {created} created, skipped: {skipped:?}");
        for (result, report) in results.iter().zip(&parsed) {
            let Some(report_id) = result.report_id else { continue };
            if result.outcome != ImportOutcome::Created {
                continue;
            }
            let stored = service.get_report(&system, report_id).await.unwrap();
            let money = |b: Option<tidtam_thai::baht::Baht>| b.map(|b| Baht::from_satang(b.satang()));
            assert_eq!(stored.content.allocated, money(report.budget.allocated), "{}", report.source.file);
            assert_eq!(stored.content.contracted, money(report.budget.contracted), "{}", report.source.file);
            assert_eq!(stored.content.disbursed, money(report.budget.disbursed), "{}", report.source.file);
            assert_eq!(stored.content.progress_percent, report.progress_percent.filter(|p| (0.0..=100.0).contains(p)));
            assert_eq!(stored.findings.len(), report.findings.len(), "findings are kept: {}", report.source.file);
            assert_eq!(stored.fiscal_year, fy(report.fiscal_year.unwrap()));
            let project = service.get_project(&system, stored.project_id).await.unwrap();
            assert_eq!(project.project.fields.value, money(report.project_value));
            assert_eq!(project.kpis.len(), {
                let mut names: Vec<String> = report.kpis.iter().map(|k| tidtam_domain::label_key(&k.name)).collect();
                names.sort();
                names.dedup();
                names.len()
            });
        }
        let findings: usize = results.iter().map(|r| r.findings.len()).sum();
        assert_eq!(findings, parsed.iter().map(|r| r.findings.len()).sum::<usize>(), "no finding is dropped");

        let before = service.store().fingerprint().await.unwrap();
        let again = service.import_reports(&system, &parsed, q(4)).await.unwrap();
        for result in &again {
            assert!(matches!(result.outcome, ImportOutcome::Unchanged | ImportOutcome::Skipped), "{result:?}");
        }
        assert_eq!(service.store().fingerprint().await.unwrap(), before, "a second import changes nothing");

        let listed = service.list_reports(&system, Default::default(), PageRequest::new(1, 500)).await.unwrap();
        assert_eq!(listed.total as usize, created);
    }

    async fn a_changed_report_updates_and_keeps_history_and_an_approved_one_is_locked(db) {
        let service = db.service().await;
        let system = Actor::system();
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/project-reports/01.txt");
        let text = std::fs::read_to_string(&path).unwrap();
        let original = tidtam_report::ingest_text(&text, "01.txt");
        let first = service.import_reports(&system, &original, q(3)).await.unwrap();
        assert_eq!(first[0].outcome, ImportOutcome::Created);
        let report_id = first[0].report_id.unwrap();

        // A newer quarter of the same project: same project, a new report.
        let newer = service.import_reports(&system, &original, q(4)).await.unwrap();
        assert_eq!(newer[0].outcome, ImportOutcome::Created);
        assert_eq!(newer[0].project_id, first[0].project_id);
        assert_ne!(newer[0].report_id, first[0].report_id);

        // The same quarter with new content while the report is under review: refused, said so.
        let changed_text = text.replacen("จัดทำเพื่อทดแทน", "จัดทำขึ้นเพื่อทดแทน", 1);
        assert_ne!(changed_text, text);
        let changed = tidtam_report::ingest_text(&changed_text, "01-revised.txt");
        assert_ne!(tidtam_service::import::content_hash(&changed[0]), tidtam_service::import::content_hash(&original[0]));
        let before = service.store().fingerprint().await.unwrap();
        let refused = service.import_reports(&system, &changed, q(3)).await.unwrap();
        assert_eq!(refused[0].outcome, ImportOutcome::UnderReview);
        assert!(refused[0].note.as_deref().is_some_and(|note| note.contains("ระหว่างการพิจารณา")));
        assert_eq!(service.store().fingerprint().await.unwrap(), before, "a report under review is not changed");

        // Returned to its agency: the new content replaces it, the old state kept.
        let report = service.get_report(&system, report_id).await.unwrap();
        service.return_report(&system, report_id, report.version, "แก้ไขสรุปสาระสำคัญ").await.unwrap();
        let updated = service.import_reports(&system, &changed, q(3)).await.unwrap();
        assert_eq!(updated[0].outcome, ImportOutcome::Updated);
        assert_eq!(updated[0].report_id, Some(report_id));
        let history = service.report_history(&system, report_id, tidtam_service::PageRequest::default()).await.unwrap().items;
        assert_eq!(history.len(), 3, "created, returned, updated");
        assert_eq!(history[0].snapshot["source_file"], "01.txt");
        assert_eq!(history[2].snapshot["source_file"], "01-revised.txt");

        // Submit and approve it; a further change is refused and reported, not applied.
        let report = service.get_report(&system, report_id).await.unwrap();
        let report = service.submit_report(&system, report_id, report.version).await.unwrap();
        service.approve_report(&system, report_id, report.version).await.unwrap();
        let locked = service.import_reports(&system, &original, q(3)).await.unwrap();
        assert_eq!(locked[0].outcome, ImportOutcome::Locked);
        assert_eq!(service.get_report(&system, report_id).await.unwrap().source_file.as_deref(), Some("01-revised.txt"));
    }

    async fn planners_import_only_into_their_agency(db) {
        let service = db.service().await;
        let parsed = corpus();
        let system = Actor::system();
        service.import_reports(&system, &parsed[..1], q(4)).await.unwrap();
        let agency = service.list_org_units(&system).await.unwrap().into_iter().find(|u| u.kind == tidtam_domain::model::OrgKind::Agency).unwrap();
        let planner = Actor { user_id: Some(1), username: "p".into(), role: tidtam_service::Role::Planner, agency_id: Some(agency.id + 1000), division_id: None };
        let refused = service.import_reports(&planner, &parsed[1..2], q(4)).await;
        assert!(matches!(refused, Err(tidtam_service::ServiceError::Forbidden)), "{refused:?}");
        let own = Actor { agency_id: Some(agency.id), ..planner };
        let same_agency: Vec<_> = parsed.iter().filter(|r| r.agency == parsed[0].agency).skip(1).take(1).cloned().collect();
        if let Some(report) = same_agency.first() {
            let imported = service.import_reports(&own, std::slice::from_ref(report), q(4)).await.unwrap();
            assert_ne!(imported[0].outcome, ImportOutcome::Skipped);
        }
    }
}
