//! Issue 14 item 4: clerical review of record linkage on both back-ends: two
//! statisticians are handed different pairs, decide them, a stale decision is
//! refused with the pair's current version (nothing lost silently), a hold
//! ends after its lease, every decision is audited, the estimates follow the
//! decisions, the export holds exactly the accepted links, nobody outside the
//! agency's statisticians sees the people, and bad registers store nothing.

use tidtam_api::linkage::{NewLinkageJob, PairDecisionInput, RegisterInput};
use tidtam_link::Table;
use tidtam_link::synth::{NamePools, SynthOptions, generate};
use tidtam_service::filters::AuditFilter;
use tidtam_service::linkage::{LEASE, PairList};
use tidtam_service::{PageRequest, ServiceError};
use tidtam_test_support::backend_tests;

use crate::common::fixture;
use crate::stats::statistician;

/// Two synthetic registers (120 records each, 60 % shared people) as CSV, without the truth and
/// without national IDs (as many registers are), so names and dates leave pairs in doubt.
fn registers() -> (Vec<u8>, Vec<u8>) {
    let (mut a, mut b) = generate(&NamePools::sample(), &SynthOptions { records: 120, overlap: 0.6, seed: 14 });
    for table in [&mut a, &mut b] {
        table.drop_column("entity_id");
        table.drop_column("national_id");
    }
    (a.to_csv_bytes(), b.to_csv_bytes())
}

fn decision(decision: &str, note: &str, version: i64) -> PairDecisionInput {
    PairDecisionInput { decision: decision.into(), note: note.into(), version }
}

fn register_input(name: &str, csv: &[u8]) -> RegisterInput {
    let table = Table::from_csv_bytes(std::path::Path::new(name), csv).unwrap();
    RegisterInput {
        name: name.into(),
        columns: table.names.clone(),
        rows: (0..table.len()).map(|r| table.columns.iter().map(|c| c.get(r).map(str::to_string)).collect()).collect(),
    }
}

backend_tests! {
    async fn two_reviewers_decide_different_pairs_and_the_export_follows(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let one = statistician(&service, "stat.one", f.agency_a).await;
        let two = statistician(&service, "stat.two", f.agency_a).await;
        let (a, b) = registers();
        let detail = service
            .create_linkage_job_from_files(&one, "ทะเบียน A × B", ("a.csv", a), ("b.csv", b), None, None)
            .await
            .unwrap();
        let id = detail.job.id;
        let e = &detail.estimates;
        assert!(e.review >= 4, "the band has pairs to review: {e:?}");
        assert!(e.automatic > 0);
        assert_eq!((e.accepted, e.rejected, e.exported), (0, 0, e.automatic));
        assert_eq!((detail.job.left_records, detail.job.right_records), (120, 120));
        assert!(detail.comparisons.iter().any(|c| c.contains("name")), "{:?}", detail.comparisons);

        // Each reviewer is handed a different pair; asking again gives the one already held.
        let p1 = service.next_linkage_pair(&one, id).await.unwrap().pair.unwrap();
        let p2 = service.next_linkage_pair(&two, id).await.unwrap().pair.unwrap();
        assert_ne!(p1.id, p2.id);
        assert_eq!((p1.band.as_str(), p2.band.as_str()), ("review", "review"));
        assert_eq!(service.next_linkage_pair(&one, id).await.unwrap().pair.unwrap().id, p1.id);
        let p1 = service.linkage_pair(&one, id, p1.id).await.unwrap();
        // The records and the comparisons that explain the weight come with the pair.
        assert!(p1.left.iter().any(|field| field.column == "given_name"));
        let sum: f64 = p1.prior + p1.comparisons.iter().map(|c| c.weight).sum::<f64>();
        assert!((sum - p1.weight).abs() < 1e-6, "{sum} vs {}", p1.weight);

        let accepted = service.decide_linkage_pair(&one, id, p1.id, &decision("accept", "วันเกิดตรง", p1.version)).await.unwrap();
        assert_eq!((accepted.decision.as_deref(), accepted.decided_by.as_deref()), (Some("accept"), Some("stat.one")));
        service.decide_linkage_pair(&two, id, p2.id, &decision("reject", "", p2.version)).await.unwrap();

        // A decision on the version read before someone else decided is refused, and says what is stored now.
        let stale = service.decide_linkage_pair(&two, id, p1.id, &decision("reject", "", p1.version)).await.unwrap_err();
        assert_eq!(stale, ServiceError::Conflict { current_version: accepted.version });
        assert_eq!(service.linkage_pair(&two, id, p1.id).await.unwrap().decision.as_deref(), Some("accept"));

        // A hold ends after the lease: the pair goes to the next reviewer, and the first one's late decision is refused.
        let p3 = service.next_linkage_pair(&one, id).await.unwrap().pair.unwrap();
        let later = service.at(jiff::Timestamp::now() + LEASE + jiff::SignedDuration::from_mins(1));
        let taken = later.next_linkage_pair(&two, id).await.unwrap().pair.unwrap();
        assert_eq!(taken.id, p3.id);
        assert!(matches!(
            service.decide_linkage_pair(&one, id, p3.id, &decision("accept", "", p3.version)).await,
            Err(ServiceError::Conflict { .. })
        ));
        later.decide_linkage_pair(&two, id, p3.id, &decision("unsure", "ขอคนที่รู้จักพื้นที่ดู", taken.version)).await.unwrap();

        // A reviewer may also reject an automatic link; it leaves the export.
        let auto = service.linkage_pairs(&one, id, PairList::Automatic, PageRequest::new(1, 1)).await.unwrap().items[0].clone();
        service.decide_linkage_pair(&one, id, auto.id, &decision("reject", "คนละคน", auto.version)).await.unwrap();

        let detail = service.linkage_job(&two, id).await.unwrap();
        let e = &detail.estimates;
        assert_eq!((e.accepted, e.rejected, e.unsure, e.automatic_rejected), (1, 1, 1, 1));
        assert_eq!(e.exported, e.automatic - 1 + 1);
        assert_eq!(detail.job.decided, 3);
        assert!(e.precision.is_some_and(|p| p > 0.0 && p <= 1.0) && e.recall.is_some_and(|r| r > 0.0 && r <= 1.0));

        let export = service.export_linkage(&two, id).await.unwrap();
        assert_eq!(export.links.len() as u64, e.exported);
        let has = |left: &str, right: &str| export.links.iter().any(|l| l.left_id == left && l.right_id == right);
        assert!(has(&p1.left_id, &p1.right_id), "the accepted pair is exported");
        assert!(!has(&p2.left_id, &p2.right_id), "the rejected pair is not");
        assert!(!has(&p3.left_id, &p3.right_id), "an unsure pair is not");
        assert!(!has(&auto.left_id, &auto.right_id), "a rejected automatic link is not");

        // Every decision is in the audit trail, with who and what.
        let trail = service
            .audit_trail(&f.admin, AuditFilter { entity: Some("linkage_pair".into()), entity_id: None, actor_user_id: None }, PageRequest::new(1, 50))
            .await
            .unwrap();
        assert_eq!(trail.total, 4);
        let created = service
            .audit_trail(&f.admin, AuditFilter { entity: Some("linkage_job".into()), entity_id: Some(id), actor_user_id: None }, PageRequest::new(1, 50))
            .await
            .unwrap();
        assert_eq!(created.total, 1);
    }

    async fn the_people_are_seen_only_by_the_agencys_statisticians(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let one = statistician(&service, "stat.one", f.agency_a).await;
        let other = statistician(&service, "stat.other", f.agency_b).await;
        let (a, b) = registers();
        let id = service.create_linkage_job_from_files(&one, "ทะเบียน", ("a.csv", a), ("b.csv", b), None, None).await.unwrap().job.id;
        assert_eq!(service.linkage_jobs(&one).await.unwrap().len(), 1);
        assert_eq!(service.linkage_jobs(&f.admin).await.unwrap().len(), 1);
        assert!(service.linkage_jobs(&other).await.unwrap().is_empty());
        assert_eq!(service.linkage_job(&other, id).await.unwrap_err(), ServiceError::NotFound);
        assert_eq!(service.export_linkage(&other, id).await.unwrap_err(), ServiceError::NotFound);
        assert_eq!(service.next_linkage_pair(&other, id).await.unwrap_err(), ServiceError::NotFound);
        for actor in [&f.planner, &f.executive, &f.owner] {
            assert_eq!(service.linkage_jobs(actor).await.unwrap_err(), ServiceError::Forbidden, "{}", actor.username);
            assert_eq!(service.linkage_job(actor, id).await.unwrap_err(), ServiceError::NotFound, "{}", actor.username);
        }
        assert_eq!(service.linkage_jobs(&f.public).await.unwrap_err(), ServiceError::Unauthenticated);
        assert_eq!(service.linkage_job(&f.public, id).await.unwrap_err(), ServiceError::Unauthenticated);
        let (a, b) = registers();
        assert_eq!(
            service.create_linkage_job_from_files(&f.planner, "x", ("a.csv", a), ("b.csv", b), None, None).await.unwrap_err(),
            ServiceError::Forbidden
        );
    }

    async fn bad_registers_store_nothing_and_say_what_is_wrong(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let one = statistician(&service, "stat.one", f.agency_a).await;
        let fields = |error: ServiceError| match error {
            ServiceError::Invalid(fields) => fields,
            other => panic!("expected invalid, got {other:?}"),
        };
        // A repeated record id in the second file.
        let (a, b) = registers();
        let first_record = b.split(|&c| c == b'\n').nth(1).unwrap().to_vec();
        let repeated_id = String::from_utf8_lossy(&first_record).split(',').next().unwrap().to_string();
        let mut duplicate = b.clone();
        duplicate.extend_from_slice(&first_record);
        duplicate.push(b'\n');
        let errors = fields(
            service.create_linkage_job_from_files(&one, "ซ้ำ", ("a.csv", a), ("b.csv", duplicate), None, None).await.unwrap_err(),
        );
        assert_eq!(errors[0].field, "registers");
        assert!(errors[0].message_en.contains(&format!("`{repeated_id}` appears more than once")), "{:?}", errors[0]);
        assert!(errors[0].message_th.contains("ซ้ำ"), "{:?}", errors[0]);
        // An empty file, a bad threshold and no name, each named.
        let (a, b) = registers();
        let errors = fields(service.create_linkage_job_from_files(&one, "x", ("a.csv", a.clone()), ("b.csv", b"rec_id\n".to_vec()), None, None).await.unwrap_err());
        assert_eq!((errors[0].field.as_str(), errors[0].message_en.contains("no data rows")), ("right", true));
        let errors = fields(service.create_linkage_job_from_files(&one, " ", ("a.csv", a), ("b.csv", b), Some(1.5), Some(0.2)).await.unwrap_err());
        let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(named, ["name", "threshold"]);
        // JSON registers: a row with the wrong number of cells is named by its index.
        let (a, b) = registers();
        let mut input = NewLinkageJob { name: "JSON".into(), left: register_input("a.csv", &a), right: register_input("b.csv", &b), threshold: None, review_from: None };
        input.right.rows[3].pop();
        let errors = fields(service.create_linkage_job(&one, &input).await.unwrap_err());
        assert_eq!(errors[0].field, "right.rows[3]");
        assert!(service.linkage_jobs(&one).await.unwrap().is_empty(), "nothing was stored");
        // The same registers, whole, make the same job as the files.
        let input = NewLinkageJob { name: "JSON".into(), left: register_input("a.csv", &a), right: register_input("b.csv", &b), threshold: None, review_from: None };
        let from_json = service.create_linkage_job(&one, &input).await.unwrap();
        let from_files = service.create_linkage_job_from_files(&one, "CSV", ("a.csv", a), ("b.csv", b), None, None).await.unwrap();
        assert_eq!(from_json.estimates, from_files.estimates);
    }

    async fn reviewers_asking_at_once_get_different_pairs(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let mut reviewers = Vec::new();
        for i in 0..4 {
            reviewers.push(statistician(&service, &format!("stat.{i}"), f.agency_a).await);
        }
        let (a, b) = registers();
        let id = service.create_linkage_job_from_files(&reviewers[0], "พร้อมกัน", ("a.csv", a), ("b.csv", b), None, None).await.unwrap().job.id;
        let asks = reviewers.iter().map(|r| {
            let service = service.clone();
            let r = r.clone();
            tokio::spawn(async move { service.next_linkage_pair(&r, id).await })
        });
        let mut handed = Vec::new();
        for ask in asks.collect::<Vec<_>>() {
            if let Some(pair) = ask.await.unwrap().unwrap().pair {
                handed.push(pair.id);
            }
        }
        let mut distinct = handed.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), handed.len(), "no pair handed twice: {handed:?}");
        assert_eq!(handed.len(), 4);
    }
}
