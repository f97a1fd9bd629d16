//! tidtam's domain model: what the monitoring system knows about, in plain Rust.
//!
//! This crate is pure: no I/O, no database, no async runtime, no HTTP.
//! It holds the entities (organisations, strategies, projects, activities, budgets,
//! KPIs, quarterly reports, problems), "parse, don't validate" newtypes, the report
//! workflow as a state machine of pure functions, and the role/action policy that
//! `tidtam-service` calls before every read and write.
//!
//! Modules:
//! - [`period`]: fiscal years (Buddhist era) and quarters, with their calendar dates.
//! - [`money`]: exact amounts in satang.
//! - [`model`]: the entities.
//! - [`workflow`]: report states and the allowed transitions.
//! - [`policy`]: roles, actors, actions, and who may do what (with the four-eyes rule).
//! - [`password`]: the password policy.
//! - [`check`]: consistency findings for reports entered in the system.
//! - [`problem`]: problem causes and a keyword classifier for imported text.
//! - [`text`]: normalisation keys for matching names.

pub mod check;
pub mod model;
pub mod money;
pub mod password;
pub mod period;
pub mod policy;
pub mod problem;
pub mod text;
pub mod workflow;

/// What was wrong with a value given to a `parse` constructor.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what}: {reason}")]
pub struct ParseError {
    /// The kind of value, e.g. `fiscal year`.
    pub what: &'static str,
    /// Why it was refused, in English.
    pub reason: String,
}

impl ParseError {
    pub(crate) fn new(what: &'static str, reason: impl Into<String>) -> Self {
        ParseError { what, reason: reason.into() }
    }
}
