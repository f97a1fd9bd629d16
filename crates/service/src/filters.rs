//! The store's list filters and listed rows, re-exported so front ends can name
//! the types in this crate's signatures without depending on `tidtam-store`.

pub use tidtam_store::{
    AuditEntry, AuditFilter, LateEntry, ProjectFilter, ProjectSort, ProjectSortKey, ProjectSummary, ProposalFilter,
    ReportFilter, ReportRevision, ReportSummary,
};
