//! Proposed changes of planning fields (a project's value and publication, a
//! year's allocation and contracted amount, KPI targets): what an owner's write
//! left pending, and a planner's decision on it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tidtam_domain::model::{self, ProposalStatus};
use tidtam_domain::{Baht, FiscalYear};

use crate::projects::{Budget, Kpi, KpiTarget, Project};
use crate::schema::{BahtSchema, FiscalYearSchema, ProposalStatusSchema, TimestampSchema};

/// One planning field's change: its value when proposed and the value proposed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum PlanningChange {
    /// The project's value.
    Value {
        #[schemars(with = "Option<BahtSchema>")]
        old: Option<Baht>,
        #[schemars(with = "Option<BahtSchema>")]
        new: Option<Baht>,
    },
    /// Whether the project is shown to the public.
    Published { old: bool, new: bool },
    /// A fiscal year's allocation.
    Allocated {
        #[schemars(with = "FiscalYearSchema")]
        fiscal_year: FiscalYear,
        #[schemars(with = "BahtSchema")]
        old: Baht,
        #[schemars(with = "BahtSchema")]
        new: Baht,
    },
    /// A fiscal year's contracted amount.
    Contracted {
        #[schemars(with = "FiscalYearSchema")]
        fiscal_year: FiscalYear,
        #[schemars(with = "BahtSchema")]
        old: Baht,
        #[schemars(with = "BahtSchema")]
        new: Baht,
    },
    /// A KPI's target for a fiscal year.
    KpiTarget { kpi_id: i64, kpi_name: String, old: Option<KpiTarget>, new: KpiTarget },
}

impl From<model::PlanningChange> for PlanningChange {
    fn from(change: model::PlanningChange) -> PlanningChange {
        use model::PlanningChange as C;
        match change {
            C::Value { old, new } => PlanningChange::Value { old, new },
            C::Published { old, new } => PlanningChange::Published { old, new },
            C::Allocated { fiscal_year, old, new } => PlanningChange::Allocated { fiscal_year, old, new },
            C::Contracted { fiscal_year, old, new } => PlanningChange::Contracted { fiscal_year, old, new },
            C::KpiTarget { kpi_id, kpi_name, old, new } => {
                PlanningChange::KpiTarget { kpi_id, kpi_name, old: old.map(Into::into), new: new.into() }
            }
        }
    }
}

/// Planning-field changes a project owner proposed in one request, for a
/// planner of the agency to accept (apply) or reject (with the reason).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Proposal {
    pub id: i64,
    pub project_id: i64,
    #[schemars(with = "ProposalStatusSchema")]
    pub status: ProposalStatus,
    pub changes: Vec<PlanningChange>,
    pub proposed_by: Option<i64>,
    pub proposed_by_name: String,
    #[schemars(with = "TimestampSchema")]
    pub proposed_at: jiff::Timestamp,
    pub decided_by: Option<i64>,
    pub decided_by_name: Option<String>,
    #[schemars(with = "Option<TimestampSchema>")]
    pub decided_at: Option<jiff::Timestamp>,
    /// The planner's reason when rejecting (or note when accepting).
    pub comment: Option<String>,
    pub version: i64,
}

impl From<model::Proposal> for Proposal {
    fn from(p: model::Proposal) -> Proposal {
        Proposal {
            id: p.id,
            project_id: p.project_id,
            status: p.status,
            changes: p.changes.into_iter().map(Into::into).collect(),
            proposed_by: p.proposed_by,
            proposed_by_name: p.proposed_by_name,
            proposed_at: p.proposed_at,
            decided_by: p.decided_by,
            decided_by_name: p.decided_by_name,
            decided_at: p.decided_at,
            comment: p.comment,
            version: p.version,
        }
    }
}

/// A planner's decision on the proposal read at `version` (rejecting needs a comment).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalDecision {
    pub version: i64,
    #[serde(default)]
    pub comment: Option<String>,
}

/// A project after a change: as it stands (what applied), and the planning
/// fields left pending for a planner (`null` when everything applied).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProjectChanged {
    #[serde(flatten)]
    pub project: Project,
    pub pending_proposal: Option<Proposal>,
}

/// A budget year after a change: as it stands, and what is pending.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BudgetSet {
    #[serde(flatten)]
    pub budget: Budget,
    pub pending_proposal: Option<Proposal>,
}

/// A project's KPIs after a change, and the target change pending.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct KpisSaved {
    pub kpis: Vec<Kpi>,
    pub pending_proposal: Option<Proposal>,
}
