//! Projects: create, read, update, delete, list, search; budgets, activities and KPIs.

use serde::{Deserialize, Serialize};
use tidtam_domain::model::{
    Activity, BudgetYear, Instalment, Kpi, KpiKind, KpiTarget, OrgKind, PlanningChange, Project, ProjectInput, Proposal,
};
use tidtam_domain::policy::{self, Action, Actor, Resource, ResourceKind, can, read_scope};
use tidtam_store::{ProjectFilter, ProjectSummary, ReportFilter, ReportSummary, Tx};

use crate::{
    Page, PageRequest, Result, Service, ServiceError, authorize, authorize_existing, record_audit, require_sign_in,
    search_text, to_json,
};

/// Input for creating a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewProject {
    pub agency_id: i64,
    pub owner_division_id: Option<i64>,
    #[serde(flatten)]
    pub fields: ProjectInput,
}

/// Input for changing a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectUpdate {
    pub owner_division_id: Option<i64>,
    #[serde(flatten)]
    pub fields: ProjectInput,
}

/// Everything about one project.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectDetail {
    pub project: Project,
    pub activities: Vec<Activity>,
    pub kpis: Vec<Kpi>,
    pub budgets: Vec<BudgetYear>,
    pub reports: Vec<ReportSummary>,
}

/// An activity to add or change (matched by name within the project).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityInput {
    pub seq: i64,
    pub name: String,
    pub period_text: Option<String>,
    pub planned_start: Option<jiff::civil::Date>,
    pub planned_end: Option<jiff::civil::Date>,
    pub instalments: Vec<Instalment>,
}

/// A KPI to add or change (matched by name), with an optional target for a year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiInput {
    pub name: String,
    pub kind: KpiKind,
    pub unit: Option<String>,
    pub target: Option<KpiTarget>,
}

/// A project after an update: what applied, and the planning-field changes
/// left pending for a planner (`None` when everything applied).
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectChange {
    pub project: Project,
    pub proposal: Option<Proposal>,
}

/// A budget year after a change: as stored now, and what is pending.
#[derive(Clone, Debug, PartialEq)]
pub struct BudgetChange {
    pub budget: BudgetYear,
    pub proposal: Option<Proposal>,
}

/// A project's KPIs after a change, and the target change pending.
#[derive(Clone, Debug, PartialEq)]
pub struct KpiChange {
    pub kpis: Vec<Kpi>,
    pub proposal: Option<Proposal>,
}

/// Stores `changes` (if any) as a pending proposal by `actor`, audited.
pub(crate) async fn propose(
    tx: &mut Tx,
    actor: &Actor,
    now: jiff::Timestamp,
    project_id: i64,
    changes: Vec<PlanningChange>,
) -> Result<Option<Proposal>> {
    if changes.is_empty() {
        return Ok(None);
    }
    let id = tx.insert_proposal(project_id, &changes, actor.user_id, &actor.username, now).await?;
    let proposal = tx.proposal(id).await?;
    record_audit(tx, actor, now, "proposal", id, "propose", None, Some(to_json(&proposal))).await?;
    Ok(Some(proposal))
}

pub(crate) fn project_resource(project: &Project) -> Resource {
    Resource::owned(ResourceKind::Project, Some(project.agency_id), project.owner_division_id, project.fields.published)
}

/// The searchable text of a project, segmented into words.
pub(crate) fn search_body(project: &Project, agency_name: &str) -> String {
    let fields = &project.fields;
    let mut text = String::new();
    for part in [
        Some(fields.name.as_str()),
        fields.code.as_deref(),
        fields.summary.as_deref(),
        fields.area.as_deref(),
        Some(agency_name),
    ]
    .into_iter()
    .flatten()
    .chain(fields.objectives.iter().map(String::as_str))
    {
        text.push_str(part);
        text.push('\n');
    }
    search_text::words(&text)
}

pub(crate) async fn reindex(tx: &mut Tx, project_id: i64) -> Result<()> {
    let project = tx.project(project_id).await?;
    let agency = tx.org_unit(project.agency_id).await?;
    tx.set_search_entry(project_id, &search_body(&project, &agency.name)).await?;
    Ok(())
}

async fn check_division(tx: &mut Tx, agency_id: i64, division_id: Option<i64>) -> Result<()> {
    let agency = tx
        .org_unit(agency_id)
        .await
        .map_err(|_| ServiceError::invalid("agency_id", "ไม่พบหน่วยงาน", "unknown agency"))?;
    if agency.kind != OrgKind::Agency {
        return Err(ServiceError::invalid("agency_id", "ต้องเป็นหน่วยงานระดับกรม/สำนักงาน", "not an agency"));
    }
    if let Some(division_id) = division_id {
        let division = tx
            .org_unit(division_id)
            .await
            .map_err(|_| ServiceError::invalid("owner_division_id", "ไม่พบกอง", "unknown division"))?;
        if division.parent_id != Some(agency_id) {
            return Err(ServiceError::invalid(
                "owner_division_id",
                "กองไม่ได้อยู่ในหน่วยงานนี้",
                "the division is not in this agency",
            ));
        }
    }
    Ok(())
}

impl Service {
    pub async fn create_project(&self, actor: &Actor, input: NewProject) -> Result<Project> {
        input.fields.validate().map_err(ServiceError::Invalid)?;
        authorize(
            actor,
            Action::Create,
            &Resource::owned(
                ResourceKind::Project,
                Some(input.agency_id),
                input.owner_division_id,
                input.fields.published,
            ),
        )?;
        let now = self.now();
        let mut tx = self.store.begin().await?;
        check_division(&mut tx, input.agency_id, input.owner_division_id).await?;
        let id = tx.insert_project(input.agency_id, input.owner_division_id, &input.fields, now).await?;
        let project = tx.project(id).await?;
        reindex(&mut tx, id).await?;
        record_audit(&mut tx, actor, now, "project", id, "create", None, Some(to_json(&project))).await?;
        tx.commit().await?;
        Ok(project)
    }

    pub async fn get_project(&self, actor: &Actor, id: i64) -> Result<ProjectDetail> {
        let mut tx = self.store.begin_read().await?;
        let project = tx.project(id).await?;
        authorize(actor, Action::Read, &project_resource(&project)).map_err(|_| ServiceError::NotFound)?;
        let activities = tx.activities(id).await?;
        let kpis = tx.kpis(id).await?;
        let budgets = tx.budgets(id).await?;
        let (reports, _) = tx
            .list_reports(
                read_scope(actor),
                &ReportFilter { project_id: Some(id), ..ReportFilter::default() },
                PageRequest::new(1, 500),
            )
            .await?;
        Ok(ProjectDetail { project, activities, kpis, budgets, reports })
    }

    /// Changes a project if it is still at `expected_version`.
    pub async fn update_project(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        input: ProjectUpdate,
    ) -> Result<ProjectChange> {
        input.fields.validate().map_err(ServiceError::Invalid)?;
        let now = self.now();
        require_sign_in(actor)?;
        let mut tx = self.store.begin().await?;
        let old = tx.project(id).await?;
        authorize_existing(actor, Action::Update, &project_resource(&old))?;
        if old.version != expected_version {
            // Checked here too: a request that only proposes writes no project row to check it.
            return Err(ServiceError::Conflict { current_version: old.version });
        }
        // Who may not plan the project proposes its planning fields instead of setting them.
        let (fields, changes) = if can(actor, Action::Plan, &project_resource(&old)) {
            (input.fields, Vec::new())
        } else {
            (
                policy::without_planning_changes(&old.fields, &input.fields),
                policy::project_planning_changes(&old.fields, &input.fields),
            )
        };
        if input.owner_division_id != old.owner_division_id {
            // Moving a project to another division is a planner's decision.
            authorize(
                actor,
                Action::Create,
                &Resource::owned(ResourceKind::Project, Some(old.agency_id), input.owner_division_id, false),
            )?;
            check_division(&mut tx, old.agency_id, input.owner_division_id).await?;
        }
        let new = if fields != old.fields || input.owner_division_id != old.owner_division_id || changes.is_empty() {
            tx.update_project(id, expected_version, input.owner_division_id, &fields, now).await?;
            let new = tx.project(id).await?;
            reindex(&mut tx, id).await?;
            record_audit(&mut tx, actor, now, "project", id, "update", Some(to_json(&old)), Some(to_json(&new)))
                .await?;
            new
        } else {
            old
        };
        let proposal = propose(&mut tx, actor, now, id, changes).await?;
        tx.commit().await?;
        Ok(ProjectChange { project: new, proposal })
    }

    pub async fn delete_project(&self, actor: &Actor, id: i64, expected_version: i64) -> Result<()> {
        let now = self.now();
        require_sign_in(actor)?;
        let mut tx = self.store.begin().await?;
        let old = tx.project(id).await?;
        authorize_existing(actor, Action::Delete, &project_resource(&old))?;
        let (approved, _) = tx
            .list_reports(
                tidtam_domain::policy::ReadScope::All,
                &ReportFilter {
                    project_id: Some(id),
                    status: Some(tidtam_domain::workflow::ReportStatus::Approved),
                    ..ReportFilter::default()
                },
                PageRequest::new(1, 1),
            )
            .await?;
        if !approved.is_empty() {
            return Err(ServiceError::InvalidState { status: "approved".into() });
        }
        tx.delete_project(id, expected_version).await?;
        record_audit(&mut tx, actor, now, "project", id, "delete", Some(to_json(&old)), None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Projects the actor may read, filtered and paged.
    pub async fn list_projects(
        &self,
        actor: &Actor,
        filter: ProjectFilter,
        page: PageRequest,
    ) -> Result<Page<ProjectSummary>> {
        let mut tx = self.store.begin_read().await?;
        let (items, total) = tx.list_projects(read_scope(actor), &filter, page).await?;
        Ok(crate::paged(items, total, page))
    }

    /// The budget sources of the projects the actor may read (the project list's filter).
    pub async fn budget_sources(&self, actor: &Actor) -> Result<Vec<String>> {
        Ok(self.store.begin_read().await?.budget_sources(read_scope(actor)).await?)
    }

    /// Full-text search over project names, objectives, summaries and areas
    /// (Thai segmented into words); every word must match.
    pub async fn search_projects(
        &self,
        actor: &Actor,
        query: &str,
        filter: ProjectFilter,
        page: PageRequest,
    ) -> Result<Page<ProjectSummary>> {
        let words = search_text::words(query);
        if words.trim().is_empty() {
            return Err(ServiceError::invalid("q", "กรุณาระบุคำค้น", "give something to search for"));
        }
        let mut tx = self.store.begin_read().await?;
        let ids = tx.search_projects(&words, 10_000).await?;
        let (mut items, total) =
            tx.list_projects(read_scope(actor), &ProjectFilter { ids: Some(ids.clone()), ..filter }, page).await?;
        // Best match first within the page (the index ranks; the list orders by id).
        items.sort_by_key(|item| ids.iter().position(|id| *id == item.id).unwrap_or(usize::MAX));
        Ok(crate::paged(items, total, page))
    }

    /// Sets a project's budget for a fiscal year; from who may not plan the
    /// project, the allocation and contracted amount are proposed instead.
    pub async fn set_budget(&self, actor: &Actor, budget: BudgetYear) -> Result<BudgetChange> {
        if [budget.allocated, budget.contracted, budget.carried_over].iter().any(|m| m.satang() < 0) {
            return Err(ServiceError::invalid("allocated", "จำนวนเงินต้องไม่ติดลบ", "amounts cannot be negative"));
        }
        let now = self.now();
        require_sign_in(actor)?;
        let mut tx = self.store.begin().await?;
        let project = tx.project(budget.project_id).await?;
        authorize_existing(actor, Action::Update, &project_resource(&project))?;
        if budget.fiscal_year < project.fields.start_year || budget.fiscal_year > project.fields.end_year {
            return Err(ServiceError::invalid(
                "fiscal_year",
                &format!(
                    "ปีงบประมาณ {} อยู่นอกช่วงปีของโครงการ ({}–{})",
                    budget.fiscal_year, project.fields.start_year, project.fields.end_year
                ),
                &format!(
                    "fiscal year {} is outside the project's years ({}–{})",
                    budget.fiscal_year, project.fields.start_year, project.fields.end_year
                ),
            ));
        }
        let old = tx.budgets(budget.project_id).await?.into_iter().find(|b| b.fiscal_year == budget.fiscal_year);
        let (applied, changes) = if can(actor, Action::Plan, &project_resource(&project)) {
            (budget, Vec::new())
        } else {
            let changes = policy::budget_planning_changes(old.as_ref(), &budget);
            let kept = old.clone().unwrap_or(BudgetYear {
                allocated: tidtam_domain::Baht::ZERO,
                contracted: tidtam_domain::Baht::ZERO,
                carried_over: tidtam_domain::Baht::ZERO,
                ..budget.clone()
            });
            (BudgetYear { carried_over: budget.carried_over, ..kept }, changes)
        };
        let stored_as_before = match &old {
            Some(old) => *old == applied,
            // No row and nothing but zeros to write: a proposal alone adds no budget year.
            None => !changes.is_empty() && applied.carried_over == tidtam_domain::Baht::ZERO,
        };
        if !stored_as_before {
            tx.upsert_budget(&applied).await?;
            record_audit(
                &mut tx,
                actor,
                now,
                "budget",
                applied.project_id,
                "set",
                old.map(|b| to_json(&b)),
                Some(to_json(&applied)),
            )
            .await?;
        }
        let proposal = propose(&mut tx, actor, now, applied.project_id, changes).await?;
        tx.commit().await?;
        Ok(BudgetChange { budget: applied, proposal })
    }

    /// Adds or changes an activity (with its instalments).
    pub async fn save_activity(&self, actor: &Actor, project_id: i64, input: ActivityInput) -> Result<Vec<Activity>> {
        if input.name.trim().is_empty() {
            return Err(ServiceError::invalid("name", "ต้องระบุชื่อกิจกรรม", "activity name is required"));
        }
        let now = self.now();
        require_sign_in(actor)?;
        let mut tx = self.store.begin().await?;
        let project = tx.project(project_id).await?;
        authorize_existing(actor, Action::Update, &project_resource(&project))?;
        let id = tx
            .upsert_activity(
                project_id,
                input.seq,
                &input.name,
                input.period_text.as_deref(),
                (input.planned_start, input.planned_end),
            )
            .await?;
        tx.replace_instalments(id, &input.instalments).await?;
        record_audit(&mut tx, actor, now, "activity", id, "save", None, Some(to_json(&input))).await?;
        let activities = tx.activities(project_id).await?;
        tx.commit().await?;
        Ok(activities)
    }

    /// Adds or changes a KPI (and its target for a year); from who may not plan
    /// the project, a new or changed target is proposed instead.
    pub async fn save_kpi(&self, actor: &Actor, project_id: i64, input: KpiInput) -> Result<KpiChange> {
        if input.name.trim().is_empty() {
            return Err(ServiceError::invalid("name", "ต้องระบุชื่อตัวชี้วัด", "KPI name is required"));
        }
        let now = self.now();
        require_sign_in(actor)?;
        let mut tx = self.store.begin().await?;
        let project = tx.project(project_id).await?;
        authorize_existing(actor, Action::Update, &project_resource(&project))?;
        let planner = can(actor, Action::Plan, &project_resource(&project));
        let applied_target = if planner { input.target.as_ref() } else { None };
        let id = tx.upsert_kpi(project_id, &input.name, input.kind, input.unit.as_deref(), applied_target).await?;
        let applied = KpiInput { target: applied_target.cloned(), ..input.clone() };
        record_audit(&mut tx, actor, now, "kpi", id, "save", None, Some(to_json(&applied))).await?;
        let kpis = tx.kpis(project_id).await?;
        let changes = match (&input.target, planner) {
            (Some(target), false) => kpis
                .iter()
                .find(|kpi| kpi.id == id)
                .and_then(|kpi| policy::kpi_target_change(kpi, target))
                .into_iter()
                .collect(),
            _ => Vec::new(),
        };
        let proposal = propose(&mut tx, actor, now, project_id, changes).await?;
        tx.commit().await?;
        Ok(KpiChange { kpis, proposal })
    }
}
