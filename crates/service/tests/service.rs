//! Service tests: written once, run on SQLite and PostgreSQL (`backend_tests!`).
//! Each test gets a fresh database.

mod common;

mod auth;
mod concurrency;
mod corpus;
mod exports;
mod hardening;
mod linkage;
mod migrations;
mod one_checker;
mod performance;
mod proposals;
mod province;
mod register;
mod risk;
mod roles;
mod stats;
mod stats_sdc;
mod storage;
mod workflow;
