//! tidtam's wire types: what the JSON API, the HTML pages and the exports send and
//! accept (crates.io's separate API-types crate is the model).
//!
//! Domain entities and store rows are never the wire format: each has a view here,
//! built `From` the domain type (or by the web layer from a service result), so the
//! database and the domain can change without changing what clients see. Every type
//! derives `JsonSchema`; the OpenAPI document's component schemas are generated from
//! them, and the web tests validate real answers against that document.
//!
//! Modules: [`schema`] (schemas of the domain's value types), [`common`] (pages,
//! errors), [`org`], [`auth`], [`projects`], [`proposals`], [`reports`], [`portfolio`], [`import`],
//! [`exports`] (what the file exports are made from; never JSON).

pub mod auth;
pub mod ckan;
pub mod common;
pub mod exports;
pub mod import;
pub mod linkage;
pub mod org;
pub mod performance;
pub mod portfolio;
pub mod projects;
pub mod proposals;
pub mod province;
pub mod register;
pub mod reports;
pub mod schema;
pub mod stats;

pub use common::{ErrorBody, ErrorDetail, FieldError, Page};
