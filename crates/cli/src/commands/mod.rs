//! One module per subcommand; each exposes its clap `Args` and a `run` function.

pub mod backup;
pub mod check;
pub mod database;
pub mod demo;
pub mod import;
pub mod ingest;
pub mod kpi;
pub mod link;
pub mod restore;
pub mod sdc;
pub mod serve;
pub mod statmatch;
pub mod user;
