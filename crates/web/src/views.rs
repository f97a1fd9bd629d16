//! Service results turned into the wire types of `tidtam_api`: the one place
//! where store rows and service views meet the format clients see (pages will
//! render the same views). Domain entities convert with `From` in `tidtam_api`.

use tidtam_api as api;
use tidtam_domain::FiscalYear;

/// A stored year (always one the store validated on the way in).
fn year(be: i64) -> FiscalYear {
    FiscalYear::from_be(i32::try_from(be).unwrap_or(i32::MAX))
}

pub fn user(user: tidtam_service::auth::UserView) -> api::auth::User {
    api::auth::User {
        id: user.id,
        username: user.username,
        display_name: user.display_name,
        role: user.role,
        agency_id: user.agency_id,
        division_id: user.division_id,
        active: user.active,
        version: user.version,
    }
}

pub fn project_summary(row: tidtam_service::filters::ProjectSummary) -> api::projects::ProjectSummary {
    api::projects::ProjectSummary {
        id: row.id,
        agency_id: row.agency_id,
        owner_division_id: row.owner_division_id,
        code: row.code,
        name: row.name,
        start_year: year(row.start_year),
        end_year: year(row.end_year),
        published: row.published,
        version: row.version,
    }
}

pub fn report_hit(hit: tidtam_service::reports::ReportHit) -> api::reports::ReportHit {
    api::reports::ReportHit { report: report_summary(hit.report), excerpt: hit.excerpt }
}

pub fn report_summary(row: tidtam_service::filters::ReportSummary) -> api::reports::ReportSummary {
    api::reports::ReportSummary {
        id: row.id,
        project_id: row.project_id,
        project_name: row.project_name,
        agency_id: row.agency_id,
        owner_division_id: row.owner_division_id,
        fiscal_year: row.fiscal_year,
        quarter: row.quarter,
        status: row.status,
        progress_percent: row.progress_percent,
        disbursed: row.disbursed,
        finding_count: row.finding_count,
        version: row.version,
    }
}

pub fn revision(row: tidtam_service::filters::ReportRevision) -> api::reports::Revision {
    api::reports::Revision {
        version: row.version,
        status: row.status,
        snapshot: match row.snapshot {
            serde_json::Value::Object(map) => map,
            other => serde_json::Map::from_iter([("value".to_string(), other)]),
        },
        at: row.at,
        actor: row.actor,
    }
}

pub fn late_entry(row: tidtam_service::filters::LateEntry) -> api::reports::LateEntry {
    api::reports::LateEntry {
        project_id: row.project_id,
        project_name: row.project_name,
        agency_id: row.agency_id,
        owner_division_id: row.owner_division_id,
        report_id: row.report_id,
        status: row.status,
        submitted_at: row.submitted_at,
    }
}

pub fn audit_entry(row: tidtam_service::filters::AuditEntry) -> api::portfolio::AuditEntry {
    api::portfolio::AuditEntry {
        id: row.id,
        at: row.at,
        actor_user_id: row.actor_user_id,
        actor_name: row.actor_name,
        entity: row.entity,
        entity_id: row.entity_id,
        action: row.action,
        field: row.field,
        old_value: row.old_value,
        new_value: row.new_value,
    }
}

pub fn deadline(deadline: tidtam_service::catalog::Deadline) -> api::org::Deadline {
    api::org::Deadline {
        fiscal_year: deadline.fiscal_year,
        quarter: deadline.quarter,
        due: deadline.due,
        explicit: deadline.explicit,
    }
}

pub fn project_detail(detail: tidtam_service::projects::ProjectDetail) -> api::projects::ProjectDetail {
    api::projects::ProjectDetail {
        project: detail.project.into(),
        activities: detail.activities.into_iter().map(Into::into).collect(),
        kpis: detail.kpis.into_iter().map(Into::into).collect(),
        budgets: detail.budgets.into_iter().map(Into::into).collect(),
        reports: detail.reports.into_iter().map(report_summary).collect(),
    }
}

pub fn project_changed(change: tidtam_service::projects::ProjectChange) -> api::proposals::ProjectChanged {
    api::proposals::ProjectChanged { project: change.project.into(), pending_proposal: change.proposal.map(Into::into) }
}

pub fn budget_set(change: tidtam_service::projects::BudgetChange) -> api::proposals::BudgetSet {
    api::proposals::BudgetSet { budget: change.budget.into(), pending_proposal: change.proposal.map(Into::into) }
}

pub fn kpis_saved(change: tidtam_service::projects::KpiChange) -> api::proposals::KpisSaved {
    api::proposals::KpisSaved {
        kpis: change.kpis.into_iter().map(Into::into).collect(),
        pending_proposal: change.proposal.map(Into::into),
    }
}
