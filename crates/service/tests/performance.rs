//! Issue 11: performance agreements (who enters, locks and scores what; exact
//! scores computed on read; monitoring-based results; bad input refused with
//! nothing stored) and the PMQA assessment (the newsletter's 256.43, the gap,
//! the closing plan, category 7, year over year).

use tidtam_domain::Baht;
use tidtam_domain::model::BudgetYear;
use tidtam_service::filters::AuditFilter;
use tidtam_service::performance::wire::{
    CommitteeInput, CriteriaKind, EvidenceInput, KpiCriteria, KpiImportOutcome, KpiSource, LockInput, ModeName,
    NewAgreement, NewAssessment, NewIndicator, PmqaItemInput, PmqaItemScore, PmqaItemUpdate, PmqaLevel,
    PmqaResultInput, PmqaYearValue, PolarityName, RoundInput,
};
use tidtam_service::{Actor, PageRequest, Role, Service, ServiceError};
use tidtam_test_support::backend_tests;

use crate::common::{Fixture, fixture, fy, report};

async fn committee_member(service: &Service, agency: i64) -> Actor {
    let input = tidtam_service::auth::NewUser {
        username: "committee".into(),
        display_name: "กรรมการ".into(),
        password: "correct horse battery".into(),
        role: Role::Committee,
        agency_id: Some(agency),
        division_id: None,
    };
    let view = service.create_user(&Actor::system(), input).await.unwrap();
    Actor {
        user_id: Some(view.id),
        username: view.username,
        role: Role::Committee,
        agency_id: Some(agency),
        division_id: None,
    }
}

fn quantitative(polarity: PolarityName, thresholds: [&str; 5]) -> KpiCriteria {
    KpiCriteria {
        kind: CriteriaKind::Quantitative,
        polarity: Some(polarity),
        mode: Some(ModeName::Interpolate),
        thresholds: thresholds.iter().map(|t| t.to_string()).collect(),
        steps: Vec::new(),
    }
}

fn new_indicator(
    code: &str,
    weight: &str,
    criteria: KpiCriteria,
    officer: Option<i64>,
    source: KpiSource,
) -> NewIndicator {
    NewIndicator {
        code: code.into(),
        name: format!("ตัวชี้วัด {code}"),
        description: String::new(),
        officer_user_id: officer,
        officer_name: "ผู้อำนวยการกอง".into(),
        data_collector: String::new(),
        weight: weight.into(),
        criteria,
        source,
    }
}

fn result(version: i64, value: &str) -> RoundInput {
    RoundInput {
        version, result: Some(value.into()), explanation: "ดำเนินการครบ".into(), ..RoundInput::default()
    }
}

struct Agreement {
    id: i64,
    satisfaction: i64,
    disbursement: i64,
    complaints: i64,
}

/// Agency A's agreement for 2568: 2.1 (officer: the owner, 75–95 %, weight 50),
/// 2.2 (fewer complaints is better, 50 → 30, weight 30) and 1.1 (the portfolio's
/// disbursement rate, 5–25 %, weight 20).
async fn agreement(service: &Service, f: &Fixture) -> Agreement {
    let created = service
        .create_agreement(
            &f.planner,
            NewAgreement {
                org_unit_id: f.agency_a,
                fiscal_year: 2568,
                title: "คำรับรองการปฏิบัติราชการ".into(),
                below_level_one: None,
                milestone_cumulative: None,
            },
        )
        .await
        .unwrap();
    let higher = quantitative(PolarityName::Higher, ["75", "80", "85", "90", "95"]);
    let satisfaction = service
        .add_indicator(&f.planner, created.id, new_indicator("2.1", "50", higher, f.owner.user_id, KpiSource::Entered))
        .await
        .unwrap();
    let lower = quantitative(PolarityName::Lower, ["50", "45", "40", "35", "30"]);
    let complaints = service
        .add_indicator(&f.planner, created.id, new_indicator("2.2", "30", lower, None, KpiSource::Entered))
        .await
        .unwrap();
    let rate = quantitative(PolarityName::Higher, ["5", "10", "15", "20", "25"]);
    let disbursement = service
        .add_indicator(&f.planner, created.id, new_indicator("1.1", "20", rate, None, KpiSource::DisbursementRate))
        .await
        .unwrap();
    Agreement {
        id: created.id,
        satisfaction: satisfaction.id,
        disbursement: disbursement.id,
        complaints: complaints.id,
    }
}

backend_tests! {
    async fn the_officer_enters_the_planner_locks_the_committee_scores(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let committee = committee_member(&service, f.agency_a).await;
        // Only a planner of the agency sets an agreement up.
        let refused = service
            .create_agreement(&f.owner, NewAgreement { org_unit_id: f.agency_a, fiscal_year: 2568, title: "x".into(), below_level_one: None, milestone_cumulative: None })
            .await;
        assert_eq!(refused.unwrap_err(), ServiceError::Forbidden);
        let a = agreement(&service, &f).await;

        // The officer in charge enters 87 %: between 85 (level 3) and 90 (level 4) → 3.4000; × 50 / 100 = 1.7000.
        let view = service.save_round(&f.owner, a.satisfaction, 6, result(0, "87")).await.unwrap();
        let six = &view.rounds[0];
        assert_eq!((six.months, six.version), (6, 1));
        assert_eq!(six.score.as_deref(), Some("3.4000"));
        assert_eq!(six.weighted.as_deref(), Some("1.7000"));
        assert_eq!(six.level, Some(3));
        assert_eq!(six.band.as_deref(), Some("middle"));
        let view = service
            .add_kpi_evidence(&f.owner, a.satisfaction, 6, EvidenceInput { title: "ผลสำรวจความพึงพอใจ".into(), date: Some(jiff::civil::date(2025, 4, 2)), pages: Some(12), file_name: None })
            .await
            .unwrap();
        assert_eq!(view.rounds[0].evidence.len(), 1);
        assert_eq!(view.rounds[0].evidence[0].number, 1);
        assert!(view.may.enter && !view.may.lock && !view.may.committee);

        // The owner is not the officer of 2.2; the executive only reads; the committee does not enter results.
        for actor in [&f.owner, &f.executive, &committee] {
            let refused = service.save_round(actor, a.complaints, 6, result(0, "38")).await.unwrap_err();
            assert_eq!(refused, ServiceError::Forbidden, "{}", actor.username);
        }
        // The planner enters 2.2: 38 complaints, lower is better: 3 + (40 − 38) / (40 − 35) = 3.4000 → 1.0200.
        let complaints = service.save_round(&f.planner, a.complaints, 6, result(0, "38")).await.unwrap();
        assert_eq!(complaints.rounds[0].score.as_deref(), Some("3.4000"));
        assert_eq!(complaints.rounds[0].weighted.as_deref(), Some("1.0200"));

        // A stale version is a conflict; nothing changes.
        assert_eq!(service.save_round(&f.owner, a.satisfaction, 6, result(0, "90")).await.unwrap_err(), ServiceError::Conflict { current_version: 1 });

        // The planning group locks the round: read-only for everyone.
        let version = service.indicator(&f.planner, a.satisfaction).await.unwrap().rounds[0].version;
        assert_eq!(service.lock_round(&f.owner, a.satisfaction, 6, LockInput { version, reason: None }).await.unwrap_err(), ServiceError::Forbidden);
        let locked = service.lock_round(&f.planner, a.satisfaction, 6, LockInput { version, reason: None }).await.unwrap();
        assert!(locked.rounds[0].locked);
        assert_eq!(locked.rounds[0].locked_by.as_deref(), Some("planner"));
        let version = locked.rounds[0].version;
        assert_eq!(
            service.save_round(&f.owner, a.satisfaction, 6, result(version, "95")).await.unwrap_err(),
            ServiceError::InvalidState { status: "locked".into() }
        );
        let evidence = EvidenceInput { title: "เพิ่มเติม".into(), date: None, pages: None, file_name: None };
        assert!(matches!(service.add_kpi_evidence(&f.owner, a.satisfaction, 6, evidence).await, Err(ServiceError::InvalidState { .. })));

        // The committee's score is the committee's only: not the planner's, not even an admin's.
        for actor in [&f.planner, &f.admin, &f.owner] {
            let refused = service.committee_score(actor, a.satisfaction, 6, CommitteeInput { version, score: Some("3.2".into()) }).await;
            assert_eq!(refused.unwrap_err(), ServiceError::Forbidden, "{}", actor.username);
        }
        let scored = service.committee_score(&committee, a.satisfaction, 6, CommitteeInput { version, score: Some("3.2".into()) }).await.unwrap();
        assert_eq!(scored.rounds[0].committee_score.as_deref(), Some("3.2000"));
        assert_eq!(scored.rounds[0].committee_weighted.as_deref(), Some("1.6000"));
        assert!(scored.may.committee && !scored.may.enter);
        let version = scored.rounds[0].version;
        let out_of_range = service.committee_score(&committee, a.satisfaction, 6, CommitteeInput { version, score: Some("5.5".into()) }).await;
        assert!(matches!(out_of_range, Err(ServiceError::Invalid(_))));

        // Unlocking needs a reason.
        assert!(matches!(service.unlock_round(&f.planner, a.satisfaction, 6, LockInput { version, reason: Some("  ".into()) }).await, Err(ServiceError::Invalid(_))));
        let unlocked = service.unlock_round(&f.planner, a.satisfaction, 6, LockInput { version, reason: Some("ผลสำรวจแก้ไขตามที่ตรวจพบ".into()) }).await.unwrap();
        assert!(!unlocked.rounds[0].locked);
        assert_eq!(unlocked.rounds[0].unlock_reason.as_deref(), Some("ผลสำรวจแก้ไขตามที่ตรวจพบ"));

        // Every change is in the trail, in order.
        let trail = service
            .audit_trail(&f.admin, AuditFilter { entity: Some("kpi_indicator".into()), entity_id: Some(a.satisfaction), ..AuditFilter::default() }, PageRequest::new(1, 100))
            .await
            .unwrap();
        let mut actions: Vec<&str> = trail.items.iter().map(|entry| entry.action.as_str()).collect();
        actions.reverse();
        actions.dedup();
        assert_eq!(actions, ["create", "update", "add_evidence", "lock", "committee_score", "unlock"]);

        // Another agency's planner and the public see nothing.
        let other = Actor { agency_id: Some(f.agency_b), ..f.planner.clone() };
        assert_eq!(service.indicator(&other, a.satisfaction).await.unwrap_err(), ServiceError::NotFound);
        assert_eq!(service.indicator(&f.public, a.satisfaction).await.unwrap_err(), ServiceError::NotFound);
        assert!(service.agreements(&other, fy(2568)).await.unwrap().is_empty());
        assert_eq!(service.agreements(&f.executive, fy(2568)).await.unwrap().len(), 1);
        let _ = a.id;
    }

    async fn the_scorecard_adds_weighted_scores_exactly_and_takes_monitoring_results(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let a = agreement(&service, &f).await;
        // Agency A's portfolio for 2568: 2,000,000 allocated, 250,000 disbursed by the end of Q2 → 12.50 %.
        let mut reports = Vec::new();
        for (project, disbursed) in [(f.p1, 100_000), (f.p2, 150_000)] {
            let budget = BudgetYear { project_id: project, fiscal_year: fy(2568), allocated: Baht::from_baht(1_000_000), contracted: Baht::ZERO, carried_over: Baht::ZERO };
            service.set_budget(&f.admin, budget).await.unwrap();
            let (id, version) = report(&service, &f.admin, project, 2568, 2, 40.0).await;
            let mut content = crate::common::content(40.0, disbursed);
            content.allocated = Some(Baht::from_baht(1_000_000));
            let updated = service.update_report(&f.admin, id, version, content).await.unwrap();
            reports.push((id, updated.version));
        }
        // Agency B's money does not count in agency A's rate.
        let budget = BudgetYear { project_id: f.p3, fiscal_year: fy(2568), allocated: Baht::from_baht(9_000_000), contracted: Baht::ZERO, carried_over: Baht::ZERO };
        service.set_budget(&f.admin, budget).await.unwrap();
        service.save_round(&f.owner, a.satisfaction, 6, result(0, "87")).await.unwrap();
        service.save_round(&f.planner, a.complaints, 6, result(0, "52")).await.unwrap();

        let view = service.indicator(&f.planner, a.disbursement).await.unwrap();
        let six = &view.rounds[0];
        let computed = six.computed_from.as_ref().expect("a monitoring-based result");
        assert_eq!(computed.value.as_deref(), Some("12.50"));
        assert_eq!(computed.link, "/dashboard?fy=2568&q=2");
        assert!(computed.basis_th.contains("250,000 จากงบประมาณ 2,000,000 บาท"), "{}", computed.basis_th);
        // 12.5 % lies between 10 (level 2) and 15 (level 3): 2.5000, × 20 / 100 = 0.5000.
        assert_eq!(six.score.as_deref(), Some("2.5000"));
        assert_eq!(six.weighted.as_deref(), Some("0.5000"));
        // Its result is not entered by hand.
        assert!(matches!(service.save_round(&f.planner, a.disbursement, 6, result(0, "99")).await, Err(ServiceError::Invalid(_))));

        // 52 complaints is worse than level 1 (50): score 0 (the configured floor).
        let card = service.kpi_scorecard(&f.planner, a.id).await.unwrap();
        assert_eq!(card.weight_total, "100");
        assert_eq!(card.max, "5");
        let six: Vec<_> = card.rows.iter().map(|row| row.cells[0].weighted.clone()).collect();
        assert_eq!(six, [Some("1.7000".to_string()), Some("0.0000".to_string()), Some("0.5000".to_string())]);
        // 1.7 + 0 + 0.5, exactly.
        assert_eq!(card.rounds[0].total, "2.2000");
        assert_eq!(card.rounds[0].band, "low");
        // The 9-month round has no entered results: findings say so, the computed one still scores.
        assert!(card.rounds[1].findings.iter().any(|finding| finding.rule == "kpi-result-missing"));

        // Locking keeps the monitoring value: later reports do not move a locked round.
        let version = service.indicator(&f.planner, a.disbursement).await.unwrap().rounds[0].version;
        service.lock_round(&f.planner, a.disbursement, 6, LockInput { version, reason: None }).await.unwrap();
        let (id, version) = reports[0];
        let mut content = crate::common::content(60.0, 600_000);
        content.allocated = Some(Baht::from_baht(1_000_000));
        service.update_report(&f.admin, id, version, content).await.unwrap();
        let unlocked_round = service.indicator(&f.planner, a.disbursement).await.unwrap();
        assert_eq!(unlocked_round.rounds[1].computed_from.as_ref().and_then(|c| c.value.as_deref()), Some("37.50"), "the open 9-month round follows the data");
        let later = service.indicator(&f.planner, a.disbursement).await.unwrap();
        assert_eq!(later.rounds[0].result.as_deref(), Some("12.5"));
        assert_eq!(later.rounds[0].score.as_deref(), Some("2.5000"));
    }

    async fn bad_input_is_refused_in_both_languages_and_nothing_is_stored(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let a = agreement(&service, &f).await;
        let invalid = |error: ServiceError| match error {
            ServiceError::Invalid(fields) => {
                assert!(!fields[0].message_th.is_empty() && !fields[0].message_en.is_empty());
                fields[0].field.clone()
            }
            other => panic!("expected invalid, got {other:?}"),
        };
        // Thresholds out of order, a weight that is not a number, a weight above 100.
        let unordered = quantitative(PolarityName::Higher, ["75", "85", "80", "90", "95"]);
        assert_eq!(invalid(service.add_indicator(&f.planner, a.id, new_indicator("9.1", "5", unordered, None, KpiSource::Entered)).await.unwrap_err()), "criteria");
        let fine = quantitative(PolarityName::Higher, ["75", "80", "85", "90", "95"]);
        assert_eq!(invalid(service.add_indicator(&f.planner, a.id, new_indicator("9.1", "ห้า", fine.clone(), None, KpiSource::Entered)).await.unwrap_err()), "weight");
        assert_eq!(invalid(service.add_indicator(&f.planner, a.id, new_indicator("9.1", "101", fine, None, KpiSource::Entered)).await.unwrap_err()), "weight");
        assert_eq!(service.kpi_scorecard(&f.planner, a.id).await.unwrap().rows.len(), 3, "no indicator was added");
        // A result that is not a number; Thai digits are read.
        assert_eq!(invalid(service.save_round(&f.owner, a.satisfaction, 6, result(0, "ดีมาก")).await.unwrap_err()), "result");
        let view = service.indicator(&f.owner, a.satisfaction).await.unwrap();
        assert_eq!(view.rounds[0].version, 0, "nothing was stored");
        let view = service.save_round(&f.owner, a.satisfaction, 6, result(0, "๘๗")).await.unwrap();
        assert_eq!(view.rounds[0].score.as_deref(), Some("3.4000"));
        // A milestone level outside 0–5.
        let steps = KpiCriteria { kind: CriteriaKind::Milestone, polarity: None, mode: None, thresholds: vec![], steps: (1..=5).map(|level| vec![format!("ขั้นที่ {level}")]).collect() };
        let milestone = service.add_indicator(&f.planner, a.id, new_indicator("3.1.3", "2", steps, None, KpiSource::Entered)).await.unwrap();
        assert_eq!(invalid(service.save_round(&f.planner, milestone.id, 12, result(0, "7")).await.unwrap_err()), "result");
        let view = service.save_round(&f.planner, milestone.id, 12, result(0, "5")).await.unwrap();
        // The corpus report: weight 2, level 5 → 5 → 2 × 5 / 100 = 0.1.
        assert_eq!(view.rounds[2].score.as_deref(), Some("5.0000"));
        assert_eq!(view.rounds[2].weighted.as_deref(), Some("0.1000"));
        // Weights now sum to 102: a finding, not an error.
        let card = service.kpi_scorecard(&f.planner, a.id).await.unwrap();
        assert_eq!(card.weight_total, "102");
        assert!(card.rounds[2].findings.iter().any(|finding| finding.rule == "kpi-weights-sum"));
        // A round that does not exist.
        assert_eq!(invalid(service.save_round(&f.owner, a.satisfaction, 7, result(0, "80")).await.unwrap_err()), "months");
    }

    async fn the_pmqa_assessment_shows_the_total_the_gap_and_the_missed_targets(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let results = vec![
            PmqaResultInput {
                item: "7.1".into(), number: 4, name: "MIS".into(), unit: "เรื่อง".into(), polarity: PolarityName::Higher,
                target: Some("4".into()), target_year: 2563,
                values: vec![PmqaYearValue { year: 2561, value: Some("3".into()) }, PmqaYearValue { year: 2562, value: Some("3".into()) }, PmqaYearValue { year: 2563, value: Some("0".into()) }],
            },
            PmqaResultInput {
                item: "7.2".into(), number: 5, name: "ข้อร้องเรียน".into(), unit: "เรื่อง".into(), polarity: PolarityName::Lower,
                target: Some("42".into()), target_year: 2563,
                values: vec![PmqaYearValue { year: 2561, value: Some("35".into()) }, PmqaYearValue { year: 2562, value: Some("42".into()) }, PmqaYearValue { year: 2563, value: Some("25".into()) }],
            },
        ];
        let new = NewAssessment { org_unit_id: f.agency_a, fiscal_year: 2563, stated_total: Some("256.43".into()), items: vec![], results };
        assert_eq!(service.create_assessment(&f.owner, new.clone()).await.unwrap_err(), ServiceError::Forbidden);
        let view = service.create_assessment(&f.planner, new).await.unwrap();
        assert_eq!(view.total, "256.43");
        assert_eq!(view.threshold, "400.00");
        assert_eq!(view.gap, "143.57");
        assert!(view.total_only && !view.reached);
        assert!(view.closing_plan.is_none(), "no sub-item scores, no plan");
        let status: Vec<_> = view.results.iter().map(|r| r.status.as_deref()).collect();
        assert_eq!(status, [Some("missed"), Some("met")]);

        // 2564 scored by sub-item: every sub-item at 50 % of its maximum = 250 points.
        let criteria_items: Vec<(&str, &str)> = vec![
            ("1.1", "15"), ("1.2", "15"), ("1.3", "15"), ("1.4", "15"), ("2.1", "15"), ("2.2", "15"), ("2.3", "15"), ("2.4", "15"),
            ("3.1", "15"), ("3.2", "15"), ("3.3", "15"), ("3.4", "15"), ("4.1", "15"), ("4.2", "15"), ("4.3", "15"), ("4.4", "15"),
            ("5.1", "15"), ("5.2", "15"), ("5.3", "15"), ("5.4", "15"), ("6.1", "15"), ("6.2", "15"), ("6.3", "15"), ("6.4", "15"),
            ("7.1", "25"), ("7.2", "25"), ("7.3", "20"), ("7.4", "20"), ("7.5", "25"), ("7.6", "25"),
        ];
        let items: Vec<PmqaItemInput> = criteria_items
            .iter()
            .map(|(code, _)| PmqaItemInput { code: code.to_string(), own: PmqaItemScore { level: Some(PmqaLevel::Advance), percent: Some("50".into()), points: None }, assessor: None, evidence: vec![] })
            .collect();
        let view = service
            .create_assessment(&f.planner, NewAssessment { org_unit_id: f.agency_a, fiscal_year: 2564, stated_total: None, items, results: vec![] })
            .await
            .unwrap();
        assert_eq!(view.total, "250.00");
        assert_eq!(view.gap, "150.00");
        assert_eq!(view.previous_year, Some(2563));
        assert_eq!(view.previous_total.as_deref(), Some("256.43"));
        let plan = view.closing_plan.clone().expect("a plan from the sub-items");
        let added: f64 = view.closing_added.as_deref().unwrap().parse().unwrap();
        assert!((150.0..160.0).contains(&added), "the plan adds at least the gap and little more: {added}");
        // The largest sub-items first: fewest raises.
        assert!(plan[0].code.starts_with('7'), "{:?}", plan[0]);
        // One sub-item raised to 90 %.
        let item = PmqaItemInput { code: "7.1".into(), own: PmqaItemScore { level: Some(PmqaLevel::Significance), percent: Some("90".into()), points: None }, assessor: None, evidence: vec!["รายงานผล".into()] };
        let updated = service.set_pmqa_item(&f.planner, view.id, PmqaItemUpdate { version: view.version, item: item.clone() }).await.unwrap();
        assert_eq!(updated.total, "260.00");
        assert_eq!(service.set_pmqa_item(&f.planner, view.id, PmqaItemUpdate { version: view.version, item }).await.unwrap_err(), ServiceError::Conflict { current_version: view.version + 1 });
        let bad = PmqaItemInput { code: "9.9".into(), own: PmqaItemScore::default(), assessor: None, evidence: vec![] };
        assert!(matches!(service.set_pmqa_item(&f.planner, view.id, PmqaItemUpdate { version: updated.version, item: bad }).await, Err(ServiceError::Invalid(_))));
        let over = PmqaItemInput { code: "1.1".into(), own: PmqaItemScore { level: None, percent: Some("120".into()), points: None }, assessor: None, evidence: vec![] };
        assert!(matches!(service.set_pmqa_item(&f.planner, view.id, PmqaItemUpdate { version: updated.version, item: over }).await, Err(ServiceError::Invalid(_))));
        // Not the public's, nor another agency's.
        assert_eq!(service.pmqa(&f.public, view.id).await.unwrap_err(), ServiceError::NotFound);
        assert_eq!(service.pmqa(&Actor { agency_id: Some(f.agency_b), ..f.planner.clone() }, view.id).await.unwrap_err(), ServiceError::NotFound);
        assert_eq!(service.assessments(&f.executive).await.unwrap().len(), 2);
    }
    async fn an_indicator_report_file_imports_into_the_agreement_once(db) {
        let Some(bytes) = tidtam_test_support::corpus_file("kpi-report-performance-agreement.txt") else { return eprintln!("skipped: no corpus") };
        let service = db.service().await;
        let f = fixture(&service).await;
        let a = agreement(&service, &f).await;
        let name = "kpi-report-performance-agreement.txt";

        // Importing may add indicators: the agreement's planners only.
        assert_eq!(service.preview_indicator_file(&f.owner, a.id, name, bytes.clone()).await.unwrap_err(), ServiceError::Forbidden);
        assert_eq!(service.preview_indicator_file(&f.public, a.id, name, bytes.clone()).await.unwrap_err(), ServiceError::Unauthenticated);

        // The preview stores nothing and says what would happen: 3.1.3 is not in the agreement yet.
        let preview = service.preview_indicator_file(&f.planner, a.id, name, bytes.clone()).await.unwrap();
        let plan = &preview.plan.indicators;
        assert_eq!(plan.len(), 1);
        assert_eq!((plan[0].code.as_str(), plan[0].months, plan[0].outcome, plan[0].indicator_id), ("3.1.3", 12, KpiImportOutcome::WouldCreate, None));
        assert_eq!(service.kpi_scorecard(&f.planner, a.id).await.unwrap().rows.len(), 3);
        // A token confirms only its own agreement (and is spent by trying).
        let wrong = service.confirm_indicator_preview(&f.planner, a.id + 1, &preview.token).await;
        assert!(matches!(wrong, Err(ServiceError::Invalid(_))), "{wrong:?}");
        assert!(matches!(service.confirm_indicator_preview(&f.planner, a.id, &preview.token).await, Err(ServiceError::Invalid(_))));

        let preview = service.preview_indicator_file(&f.planner, a.id, name, bytes.clone()).await.unwrap();
        let imported = service.confirm_indicator_preview(&f.planner, a.id, &preview.token).await.unwrap();
        let entry = &imported.indicators[0];
        assert_eq!((entry.outcome, entry.evidence_added), (KpiImportOutcome::Created, 32));
        let id = entry.indicator_id.unwrap();
        // The corpus report read by hand: weight 2, level 5 reached, score 5, weighted 2 × 5 / 100 = 0.1.
        let view = service.indicator(&f.planner, id).await.unwrap();
        assert_eq!((view.code.as_str(), view.weight.as_str()), ("3.1.3", "2"));
        assert_eq!(view.criteria.kind, CriteriaKind::Milestone);
        let twelve = view.rounds.iter().find(|round| round.months == 12).unwrap();
        assert_eq!(twelve.score.as_deref(), Some("5.0000"));
        assert_eq!(twelve.weighted.as_deref(), Some("0.1000"));
        assert_eq!(twelve.evidence.len(), 32);
        assert!(twelve.evidence[0].title.starts_with("คำสั่งสำนักงานปลัดกระทรวงมหาดไทย ที่ 110/2551"));
        assert!(!twelve.explanation.is_empty());
        let trail_before = service
            .audit_trail(&f.admin, AuditFilter { entity: Some("kpi_indicator".into()), entity_id: Some(id), ..AuditFilter::default() }, PageRequest::new(1, 100))
            .await
            .unwrap()
            .total;

        // The same file again changes nothing and writes nothing.
        let again = service.import_indicator_file(&f.planner, a.id, name, bytes.clone()).await.unwrap();
        assert_eq!((again.indicators[0].outcome, again.indicators[0].evidence_added, again.indicators[0].indicator_id), (KpiImportOutcome::Unchanged, 0, Some(id)));
        let view = service.indicator(&f.planner, id).await.unwrap();
        assert_eq!(view.rounds.iter().find(|round| round.months == 12).unwrap().evidence.len(), 32);
        let trail_after = service
            .audit_trail(&f.admin, AuditFilter { entity: Some("kpi_indicator".into()), entity_id: Some(id), ..AuditFilter::default() }, PageRequest::new(1, 100))
            .await
            .unwrap()
            .total;
        assert_eq!(trail_before, trail_after);

        // A locked round is not written; the entry says why.
        let version = view.rounds.iter().find(|round| round.months == 12).unwrap().version;
        service.lock_round(&f.planner, id, 12, LockInput { version, reason: None }).await.unwrap();
        let locked = service.import_indicator_file(&f.planner, a.id, name, bytes).await.unwrap();
        assert_eq!(locked.indicators[0].outcome, KpiImportOutcome::Skipped);
        assert!(locked.indicators[0].message_th.as_deref().unwrap().contains("ล็อก"));

        // A file of project reports is not an indicator report: a message, nothing stored.
        let project_report = "แบบรายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2567\n1. ชื่อโครงการ ทดสอบ\n".as_bytes().to_vec();
        let refused = service.import_indicator_file(&f.planner, a.id, "project.txt", project_report).await.unwrap_err();
        assert!(matches!(refused, ServiceError::Invalid(_) | ServiceError::Unreadable(_)), "{refused:?}");
        assert_eq!(service.kpi_scorecard(&f.planner, a.id).await.unwrap().rows.len(), 4);
    }

    async fn evidence_keeps_its_file_checked_by_content(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let a = agreement(&service, &f).await;
        let input = || EvidenceInput { title: "ผลสำรวจความพึงพอใจ".into(), date: Some(jiff::civil::date(2025, 4, 2)), pages: Some(1), file_name: None };
        let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
        let view = service.add_kpi_evidence_with_file(&f.owner, a.satisfaction, 6, input(), "C:\\เอกสาร\\ผลสำรวจ.pdf", &pdf).await.unwrap();
        let evidence = &view.rounds[0].evidence[0];
        assert_eq!(evidence.file_name.as_deref(), Some("ผลสำรวจ.pdf"), "the folder is dropped");
        assert_eq!(evidence.file.as_ref().map(|file| (file.kind.as_str(), file.size_bytes)), Some(("pdf", pdf.len() as i64)));
        let file = service.kpi_evidence_file(&f.planner, evidence.id).await.unwrap();
        assert_eq!((file.file_name.as_str(), file.bytes.as_slice()), ("ผลสำรวจ.pdf", pdf.as_slice()));
        assert_eq!(service.kpi_evidence_file(&f.public, evidence.id).await.err(), Some(ServiceError::NotFound));

        // A program named .pdf is refused by its bytes; nothing is added.
        let program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
        let refused = service.add_kpi_evidence_with_file(&f.owner, a.satisfaction, 6, input(), "ผลสำรวจ.pdf", &program).await;
        assert!(matches!(refused, Err(ServiceError::Invalid(_))));
        assert_eq!(service.indicator(&f.owner, a.satisfaction).await.unwrap().rounds[0].evidence.len(), 1);
        // Evidence without a file has nothing to download.
        let view = service.add_kpi_evidence(&f.owner, a.satisfaction, 6, input()).await.unwrap();
        let plain = view.rounds[0].evidence[1].id;
        assert_eq!(service.kpi_evidence_file(&f.owner, plain).await.err(), Some(ServiceError::NotFound));
    }
}
