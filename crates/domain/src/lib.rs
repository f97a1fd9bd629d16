//! tidtam's domain model: what the monitoring system knows about, in plain Rust.
//!
//! This crate is pure: no I/O, no database, no async runtime, no HTTP.
//! It holds the entities (organisations, strategies, projects, activities, budgets,
//! KPIs, quarterly reports, problems), "parse, don't validate" newtypes, the report
//! workflow as a state machine of pure functions, and the role/action policy that
//! `tidtam-service` calls before every read and write.
//!
//! Modules:
//! - [`period`]: fiscal years (Buddhist era) and quarters (the types are `tidtam_thai`'s) and deadlines.
//! - [`model`]: the entities.
//! - [`workflow`]: report states and the allowed transitions.
//! - [`policy`]: roles, actors, actions, and who may do what (with the four-eyes rule).
//! - [`password`]: the password policy.
//! - [`form`]: the 14-section annual performance report form, as the reader produces it and the store keeps it.
//! - [`finding`]: findings and the registry of checker rules.
//! - [`check`]: the one checker, for reports from files and reports entered in the system.
//! - [`problem`]: problem causes and a keyword classifier for imported text.
//! - [`evidence`]: which evidence files a project may carry, told from their bytes.

pub mod check;
pub mod evidence;
pub mod finding;
pub mod form;
pub mod model;
pub mod password;
pub mod period;
pub mod policy;
pub mod problem;
pub mod risk;
pub mod workflow;

// One definition each, in the Thai toolkit; re-exported so callers name them here.
pub use tidtam_thai::baht::Baht;
pub use tidtam_thai::fiscal::{FiscalYear, Quarter};
pub use tidtam_thai::label::label_key;
