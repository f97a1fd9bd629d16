//! Issue 15, item 9: a project owner proposes the planning fields (value,
//! publication, allocation, contracted amount, KPI targets); a planner of the
//! agency accepts or rejects; nothing shows in public until accepted.

use tidtam_domain::Baht;
use tidtam_domain::model::{BudgetYear, KpiKind, KpiTarget, PlanningChange, ProposalStatus};
use tidtam_service::filters::{AuditFilter, ProposalFilter};
use tidtam_service::portfolio::{GroupBy, PortfolioGroup, PortfolioQuery};
use tidtam_service::projects::{KpiInput, ProjectUpdate};
use tidtam_service::proposals::Decision;
use tidtam_service::{Actor, PageRequest, Role, Service, ServiceError};
use tidtam_test_support::backend_tests;

use crate::common::{Fixture, fixture, fy};

async fn total(service: &Service, actor: &Actor) -> PortfolioGroup {
    let query = PortfolioQuery { fiscal_year: fy(2567), quarter: None, group_by: GroupBy::Total };
    service.portfolio(actor, query).await.unwrap().into_iter().next().expect("a total row")
}

fn budget(project_id: i64, allocated: i64, contracted: i64, carried_over: i64) -> BudgetYear {
    BudgetYear {
        project_id,
        fiscal_year: fy(2567),
        allocated: Baht::from_baht(allocated),
        contracted: Baht::from_baht(contracted),
        carried_over: Baht::from_baht(carried_over),
    }
}

fn kpi(target: &str) -> KpiInput {
    KpiInput {
        name: "ร้อยละผู้ตอบแบบสำรวจ".into(),
        kind: KpiKind::Quantitative,
        unit: Some("ร้อยละ".into()),
        target: Some(KpiTarget { fiscal_year: fy(2567), text: target.into(), value: None }),
    }
}

/// The owner of p1 (unpublished, valued 1,000,000) publishes it, values it at
/// 5,000,000 and renames its summary; sets 2567's budget and a KPI target.
/// Returns the three pending proposals' ids and versions.
async fn owner_proposes(service: &Service, f: &Fixture) -> Vec<(i64, i64)> {
    let current = service.get_project(&f.owner, f.p1).await.unwrap().project;
    let mut fields = current.fields.clone();
    fields.value = Some(Baht::from_baht(5_000_000));
    fields.published = true;
    fields.summary = Some("สรุปโดยเจ้าของโครงการ".into());
    let update = ProjectUpdate { owner_division_id: current.owner_division_id, fields };
    let changed = service.update_project(&f.owner, f.p1, current.version, update).await.unwrap();
    // The other fields applied at once; the planning ones did not.
    assert_eq!(changed.project.fields.summary.as_deref(), Some("สรุปโดยเจ้าของโครงการ"));
    assert_eq!(changed.project.fields.value, Some(Baht::from_baht(1_000_000)));
    assert!(!changed.project.fields.published);
    let project_proposal = changed.proposal.expect("value and publication are proposed");
    assert_eq!(project_proposal.status, ProposalStatus::Pending);
    assert_eq!(project_proposal.proposed_by, f.owner.user_id);
    assert_eq!(
        project_proposal.changes,
        vec![
            PlanningChange::Value { old: Some(Baht::from_baht(1_000_000)), new: Some(Baht::from_baht(5_000_000)) },
            PlanningChange::Published { old: false, new: true },
        ]
    );

    let set = service.set_budget(&f.owner, budget(f.p1, 9_000_000, 8_000_000, 0)).await.unwrap();
    assert_eq!(set.budget.allocated, Baht::ZERO, "the allocation is not applied");
    let budget_proposal = set.proposal.expect("the allocation is proposed");
    assert_eq!(budget_proposal.changes.len(), 2);
    assert!(service.get_project(&f.admin, f.p1).await.unwrap().budgets.is_empty(), "no budget year was written");

    let saved = service.save_kpi(&f.owner, f.p1, kpi("ร้อยละ 95")).await.unwrap();
    assert_eq!(saved.kpis.len(), 1, "the KPI itself is the owner's to add");
    assert!(saved.kpis[0].targets.is_empty(), "its target is not applied");
    let kpi_proposal = saved.proposal.expect("the target is proposed");
    [project_proposal, budget_proposal, kpi_proposal].into_iter().map(|p| (p.id, p.version)).collect()
}

backend_tests! {
    async fn an_owners_planning_changes_are_pending_and_not_public(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let public_before = total(&service, &f.public).await;
        let all_before = total(&service, &f.admin).await;
        owner_proposes(&service, &f).await;
        // Nothing shows: the project is still unpublished and no money moved, for the public or anyone.
        assert_eq!(service.get_project(&f.public, f.p1).await.unwrap_err(), ServiceError::NotFound);
        assert_eq!(total(&service, &f.public).await, public_before);
        assert_eq!(total(&service, &f.admin).await, all_before);
        let stored = service.get_project(&f.admin, f.p1).await.unwrap();
        assert_eq!(stored.project.fields.value, Some(Baht::from_baht(1_000_000)));
        assert!(!stored.project.fields.published);
        // The planner sees three pending proposals; each was audited with old → new.
        let pending = service
            .list_proposals(&f.planner, ProposalFilter { project_id: Some(f.p1), status: Some(ProposalStatus::Pending) }, PageRequest::new(1, 50))
            .await
            .unwrap();
        assert_eq!(pending.total, 3);
        let trail = service
            .audit_trail(&f.admin, AuditFilter { entity: Some("proposal".into()), ..AuditFilter::default() }, PageRequest::new(1, 50))
            .await
            .unwrap();
        assert_eq!(trail.items.iter().filter(|e| e.action == "propose" && e.actor_user_id == f.owner.user_id).count(), 3);
        // The public and readers of other agencies never see proposals.
        assert_eq!(service.list_proposals(&f.public, ProposalFilter::default(), PageRequest::new(1, 50)).await.unwrap_err(), ServiceError::Unauthenticated);
    }

    async fn a_planner_accepts_and_the_change_applies_audited(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let public_before = total(&service, &f.public).await;
        let proposals = owner_proposes(&service, &f).await;
        // A stale version is a conflict, not a silent decision.
        let (first, version) = proposals[0];
        assert_eq!(service.decide_proposal(&f.planner, first, version + 1, Decision::Accept).await.unwrap_err(), ServiceError::Conflict { current_version: version });
        for (id, version) in &proposals {
            let accepted = service.decide_proposal(&f.planner, *id, *version, Decision::Accept).await.unwrap();
            assert_eq!(accepted.status, ProposalStatus::Accepted);
            assert_eq!(accepted.decided_by, f.planner.user_id);
        }
        // Decided once: a second decision is refused.
        let again = service.decide_proposal(&f.planner, first, version + 1, Decision::Accept).await.unwrap_err();
        assert_eq!(again, ServiceError::InvalidState { status: "accepted".into() });
        let stored = service.get_project(&f.public, f.p1).await.unwrap();
        assert_eq!(stored.project.fields.value, Some(Baht::from_baht(5_000_000)));
        assert!(stored.project.fields.published);
        assert_eq!(stored.project.fields.summary.as_deref(), Some("สรุปโดยเจ้าของโครงการ"), "the owner's other edit stays");
        assert_eq!(stored.budgets, vec![budget(f.p1, 9_000_000, 8_000_000, 0)]);
        assert_eq!(stored.kpis[0].targets[0].text, "ร้อยละ 95");
        // The public portfolio shows it now (the summary was refreshed by the writes).
        let public_after = total(&service, &f.public).await;
        assert_eq!(public_after.projects, public_before.projects + 1);
        assert_eq!(public_after.allocated, public_before.allocated + Baht::from_baht(9_000_000));
        let mut tx = service.store().begin_read().await.unwrap();
        assert!(tx.portfolio_summary_check().await.unwrap().1.is_empty(), "the summary equals its recomputation");
        drop(tx);
        // Audited: the decision and each applied field, by the planner.
        let trail = service.audit_trail(&f.admin, AuditFilter { actor_user_id: f.planner.user_id, ..AuditFilter::default() }, PageRequest::new(1, 100)).await.unwrap();
        let actions: Vec<(String, String, Option<String>)> = trail.items.iter().map(|e| (e.entity.clone(), e.action.clone(), e.field.clone())).collect();
        assert_eq!(actions.iter().filter(|(entity, action, _)| entity == "proposal" && action == "accept").count(), 3);
        for field in ["published", "value"] {
            assert!(actions.contains(&("project".into(), "update".into(), Some(field.into()))), "{field} audited: {actions:?}");
        }
        assert!(actions.contains(&("budget".into(), "set".into(), None)));
        assert!(actions.contains(&("kpi".into(), "target".into(), None)));
    }

    async fn a_rejected_proposal_applies_nothing_and_keeps_the_reason(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let proposals = owner_proposes(&service, &f).await;
        let before = service.get_project(&f.admin, f.p1).await.unwrap();
        let (id, version) = proposals[0];
        match service.decide_proposal(&f.planner, id, version, Decision::Reject { comment: "  ".into() }).await {
            Err(ServiceError::Invalid(fields)) => {
                assert_eq!(fields[0].field, "comment");
                assert!(fields[0].message_th.contains("เหตุผล") && fields[0].message_en.contains("reason"));
            }
            other => panic!("a rejection needs its reason: {other:?}"),
        }
        for (id, version) in proposals {
            let reason = "มูลค่าเกินกรอบวงเงินที่ได้รับอนุมัติ";
            let rejected = service.decide_proposal(&f.planner, id, version, Decision::Reject { comment: reason.into() }).await.unwrap();
            assert_eq!((rejected.status, rejected.comment.as_deref()), (ProposalStatus::Rejected, Some(reason)));
        }
        let after = service.get_project(&f.admin, f.p1).await.unwrap();
        assert_eq!(after, before, "nothing applied");
        assert_eq!(service.get_project(&f.public, f.p1).await.unwrap_err(), ServiceError::NotFound);
        let rejected = service.list_proposals(&f.owner, ProposalFilter { project_id: Some(f.p1), status: Some(ProposalStatus::Rejected) }, PageRequest::new(1, 50)).await.unwrap();
        assert_eq!(rejected.total, 3, "the owner reads why");
        let trail = service.audit_trail(&f.admin, AuditFilter { entity: Some("proposal".into()), ..AuditFilter::default() }, PageRequest::new(1, 50)).await.unwrap();
        assert_eq!(trail.items.iter().filter(|e| e.action == "reject").count(), 3);
    }

    async fn nobody_decides_their_own_or_another_agencys_proposal(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let proposals = owner_proposes(&service, &f).await;
        let (id, version) = proposals[0];
        let other_planner = {
            let input = tidtam_service::auth::NewUser {
                username: "planner-b".into(),
                display_name: "planner-b".into(),
                password: "correct horse battery".into(),
                role: Role::Planner,
                agency_id: Some(f.agency_b),
                division_id: None,
            };
            let view = service.create_user(&Actor::system(), input).await.unwrap();
            Actor { user_id: Some(view.id), username: view.username, role: Role::Planner, agency_id: Some(f.agency_b), division_id: None }
        };
        // The owner may read but not decide their own proposal.
        assert_eq!(service.decide_proposal(&f.owner, id, version, Decision::Accept).await.unwrap_err(), ServiceError::Forbidden);
        assert_eq!(service.decide_proposal(&f.executive, id, version, Decision::Accept).await.unwrap_err(), ServiceError::Forbidden);
        // Another agency's planner cannot see it: listed nowhere, 404 like a missing id.
        for id in [id, 999_999] {
            assert_eq!(service.decide_proposal(&other_planner, id, version, Decision::Accept).await.unwrap_err(), ServiceError::NotFound);
            assert_eq!(service.decide_proposal(&other_planner, id, version, Decision::Reject { comment: "ไม่ใช่".into() }).await.unwrap_err(), ServiceError::NotFound);
        }
        assert_eq!(service.list_proposals(&other_planner, ProposalFilter::default(), PageRequest::new(1, 50)).await.unwrap().total, 0);
        assert_eq!(service.decide_proposal(&f.public, id, version, Decision::Accept).await.unwrap_err(), ServiceError::Unauthenticated);
        // Still pending, still unapplied.
        let pending = service.list_proposals(&f.admin, ProposalFilter { status: Some(ProposalStatus::Pending), ..ProposalFilter::default() }, PageRequest::new(1, 50)).await.unwrap();
        assert_eq!(pending.total, 3);
        assert!(!service.get_project(&f.admin, f.p1).await.unwrap().project.fields.published);
    }

    async fn accepting_checks_the_budget_year_against_the_project_years_again(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let late = BudgetYear { fiscal_year: fy(2569), ..budget(f.p1, 4_000_000, 0, 0) };
        let proposal = service.set_budget(&f.owner, late).await.unwrap().proposal.expect("proposed");
        // Meanwhile the planner shortens the project to 2567–2568.
        let current = service.get_project(&f.planner, f.p1).await.unwrap().project;
        let fields = tidtam_domain::model::ProjectInput { end_year: fy(2568), ..current.fields.clone() };
        service.update_project(&f.planner, f.p1, current.version, ProjectUpdate { owner_division_id: current.owner_division_id, fields }).await.unwrap();
        match service.decide_proposal(&f.planner, proposal.id, proposal.version, Decision::Accept).await {
            Err(ServiceError::Invalid(fields)) => {
                assert_eq!(fields[0].field, "changes");
                assert!(fields[0].message_th.contains("2569") && fields[0].message_en.contains("no longer within"));
            }
            other => panic!("a budget outside the project's years is refused: {other:?}"),
        }
        assert!(service.get_project(&f.admin, f.p1).await.unwrap().budgets.is_empty(), "nothing applied");
        let pending = service.list_proposals(&f.planner, ProposalFilter { status: Some(ProposalStatus::Pending), ..ProposalFilter::default() }, PageRequest::new(1, 50)).await.unwrap();
        assert_eq!(pending.total, 1, "still pending, for the planner to reject");
    }

    async fn a_planner_sets_planning_fields_directly(db) {
        let service = db.service().await;
        let f = fixture(&service).await;
        let current = service.get_project(&f.planner, f.p1).await.unwrap().project;
        let mut fields = current.fields.clone();
        fields.value = Some(Baht::from_baht(2_000_000));
        fields.published = true;
        let changed = service.update_project(&f.planner, f.p1, current.version, ProjectUpdate { owner_division_id: current.owner_division_id, fields }).await.unwrap();
        assert!(changed.proposal.is_none());
        assert!(changed.project.fields.published);
        let set = service.set_budget(&f.planner, budget(f.p1, 3_000_000, 1_000_000, 0)).await.unwrap();
        assert!(set.proposal.is_none());
        let saved = service.save_kpi(&f.planner, f.p1, kpi("ร้อยละ 80")).await.unwrap();
        assert!(saved.proposal.is_none());
        assert_eq!(saved.kpis[0].targets[0].text, "ร้อยละ 80");
        assert_eq!(service.list_proposals(&f.admin, ProposalFilter::default(), PageRequest::new(1, 50)).await.unwrap().total, 0);
        // An owner's carried-over amount is not a planning field: it applies, the rest is proposed.
        let set = service.set_budget(&f.owner, budget(f.p1, 3_000_000, 1_000_000, 250_000)).await.unwrap();
        assert!(set.proposal.is_none(), "nothing planning changed");
        assert_eq!(set.budget, budget(f.p1, 3_000_000, 1_000_000, 250_000));
    }
}
