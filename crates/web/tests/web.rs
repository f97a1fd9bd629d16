//! The HTTP layer's integration tests, one binary (ripgrep, crates.io): through
//! `Router::oneshot` on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL, and
//! two real servers on one database.

mod common;

mod api;
mod auth;
mod contract;
mod corpus;
mod exports;
mod hardening;
mod instances;
mod linkage_pages;
mod pages;
mod performance;
mod province_pages;
mod register_pages;
mod stats_pages;
mod stats_sdc;
mod stats_stream;
mod uploads;
