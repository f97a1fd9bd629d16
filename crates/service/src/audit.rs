//! Reading the audit trail (writing happens inside every other use case).

use tidtam_domain::policy::{Action, Actor, ReadScope, Resource, ResourceKind, read_scope};
use tidtam_store::{AuditEntry, AuditFilter};

use crate::{Page, PageRequest, Result, Service, authorize};

impl Service {
    /// The audit trail, newest first. Admins and executives see everything;
    /// planners see the trail of one project or report of their agency (give
    /// `entity` and `entity_id`).
    pub async fn audit_trail(&self, actor: &Actor, filter: AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>> {
        let mut tx = self.store.begin_read().await?;
        if read_scope(actor) == ReadScope::All {
            authorize(actor, Action::Read, &Resource::global(ResourceKind::Audit))?;
        } else {
            let agency = match (filter.entity.as_deref(), filter.entity_id) {
                (Some("project"), Some(id)) => Some(tx.project(id).await?.agency_id),
                (Some("report"), Some(id)) => {
                    let report = tx.report(id).await?;
                    Some(tx.project(report.project_id).await?.agency_id)
                }
                _ => None,
            };
            authorize(actor, Action::Read, &Resource::owned(ResourceKind::Audit, agency, None, false))?;
        }
        let (items, total) = tx.audit_entries(&filter, page).await?;
        Ok(crate::paged(items, total, page))
    }
}
