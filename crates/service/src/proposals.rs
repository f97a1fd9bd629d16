//! Proposed changes of planning fields: a project owner's change of a project's
//! value or publication, a year's allocation or contracted amount, or a KPI
//! target waits here until a planner of the agency (or an admin) accepts it,
//! which applies it like a planner's own write, or rejects it with a reason.

use tidtam_domain::model::{BudgetYear, PlanningChange, Proposal, ProposalStatus};
use tidtam_domain::policy::{self, Actor, ReadScope};
use tidtam_store::{ProposalFilter, Tx};

use crate::projects::{project_resource, reindex};
use crate::{Page, PageRequest, Result, Service, ServiceError, record_audit, require_sign_in, to_json};

/// What a planner decides.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    Accept,
    /// Rejecting needs the reason, which the proposer will read.
    Reject {
        comment: String,
    },
}

/// Reads a proposal and checks `actor` may decide it: `NotFound` for who may
/// not see it, `Forbidden` for who may see but not decide (the proposer too).
async fn decidable(tx: &mut Tx, actor: &Actor, id: i64) -> Result<Proposal> {
    let proposal = tx.proposal(id).await?;
    let project = tx.project(proposal.project_id).await?;
    let resource = project_resource(&project);
    if !policy::may_read_proposals(actor, &resource) {
        return Err(ServiceError::NotFound);
    }
    if !policy::may_decide_proposal(actor, &resource, proposal.proposed_by) {
        return Err(ServiceError::Forbidden);
    }
    Ok(proposal)
}

/// Applies accepted changes as a planner's write: version-checked on the
/// project, audited, the portfolio summary refreshed by the store.
async fn apply(tx: &mut Tx, actor: &Actor, now: jiff::Timestamp, proposal: &Proposal) -> Result<()> {
    let project_id = proposal.project_id;
    let old = tx.project(project_id).await?;
    let mut fields = old.fields.clone();
    proposal.changes.iter().for_each(|change| change.apply_to_project(&mut fields));
    if fields != old.fields {
        tx.update_project(project_id, old.version, old.owner_division_id, &fields, now).await?;
        let new = tx.project(project_id).await?;
        reindex(tx, project_id).await?;
        record_audit(tx, actor, now, "project", project_id, "update", Some(to_json(&old)), Some(to_json(&new))).await?;
    }
    let mut years: Vec<_> = proposal.changes.iter().filter_map(PlanningChange::budget_year).collect();
    years.dedup();
    for year in years {
        // The project's years may have changed since the proposal: the same rule as `set_budget`.
        if year < fields.start_year || year > fields.end_year {
            return Err(ServiceError::invalid(
                "changes",
                &format!("ปีงบประมาณ {year} อยู่นอกช่วงปีของโครงการแล้ว ({}–{})", fields.start_year, fields.end_year),
                &format!(
                    "fiscal year {year} is no longer within the project's years ({}–{})",
                    fields.start_year, fields.end_year
                ),
            ));
        }
        let before = tx.budgets(project_id).await?.into_iter().find(|b| b.fiscal_year == year);
        let mut budget = before.clone().unwrap_or(BudgetYear {
            project_id,
            fiscal_year: year,
            allocated: tidtam_domain::Baht::ZERO,
            contracted: tidtam_domain::Baht::ZERO,
            carried_over: tidtam_domain::Baht::ZERO,
        });
        proposal.changes.iter().for_each(|change| change.apply_to_budget(&mut budget));
        tx.upsert_budget(&budget).await?;
        record_audit(tx, actor, now, "budget", project_id, "set", before.map(|b| to_json(&b)), Some(to_json(&budget)))
            .await?;
    }
    for change in &proposal.changes {
        if let PlanningChange::KpiTarget { kpi_id, new, .. } = change {
            let kpis = tx.kpis(project_id).await?;
            let Some(kpi) = kpis.iter().find(|kpi| kpi.id == *kpi_id) else {
                return Err(ServiceError::invalid(
                    "changes",
                    "ตัวชี้วัดที่เสนอเป้าหมายไว้ถูกลบไปแล้ว",
                    "the KPI whose target was proposed no longer exists",
                ));
            };
            let old_target = kpi.targets.iter().find(|t| t.fiscal_year == new.fiscal_year).cloned();
            tx.set_kpi_target(*kpi_id, new).await?;
            record_audit(tx, actor, now, "kpi", *kpi_id, "target", old_target.map(|t| to_json(&t)), Some(to_json(new)))
                .await?;
        }
    }
    Ok(())
}

impl Service {
    /// Proposals on projects the actor may see proposals of (never the public's), newest first.
    pub async fn list_proposals(
        &self,
        actor: &Actor,
        filter: ProposalFilter,
        page: PageRequest,
    ) -> Result<Page<Proposal>> {
        require_sign_in(actor)?;
        let scope = policy::proposal_scope(actor);
        if scope == ReadScope::Nothing {
            return Ok(crate::paged(Vec::new(), 0, page));
        }
        let mut tx = self.store.begin_read().await?;
        let (items, total) = tx.list_proposals(scope, &filter, page).await?;
        Ok(crate::paged(items, total, page))
    }

    /// Accepts (applies) or rejects a pending proposal read at `expected_version`.
    pub async fn decide_proposal(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        decision: Decision,
    ) -> Result<Proposal> {
        if let Decision::Reject { comment } = &decision
            && comment.trim().is_empty()
        {
            return Err(ServiceError::invalid(
                "comment",
                "กรุณาระบุเหตุผลที่ไม่รับข้อเสนอ",
                "give the reason for rejecting the proposal",
            ));
        }
        require_sign_in(actor)?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let proposal = decidable(&mut tx, actor, id).await?;
        if proposal.status != ProposalStatus::Pending {
            return Err(ServiceError::InvalidState { status: proposal.status.as_str().into() });
        }
        if proposal.version != expected_version {
            return Err(ServiceError::Conflict { current_version: proposal.version });
        }
        let (status, comment, action) = match &decision {
            Decision::Accept => (ProposalStatus::Accepted, None, "accept"),
            Decision::Reject { comment } => (ProposalStatus::Rejected, Some(comment.trim()), "reject"),
        };
        if status == ProposalStatus::Accepted {
            apply(&mut tx, actor, now, &proposal).await?;
        }
        tx.decide_proposal(id, expected_version, status, actor.user_id, &actor.username, now, comment).await?;
        let decided = tx.proposal(id).await?;
        record_audit(&mut tx, actor, now, "proposal", id, action, Some(to_json(&proposal)), Some(to_json(&decided)))
            .await?;
        tx.commit().await?;
        Ok(decided)
    }
}
