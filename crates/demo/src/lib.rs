//! Generated data for tidtam: the demo agency that `tidtam serve --demo` and
//! `tidtam demo` create, and the large portfolio the benchmarks measure.
//!
//! Everything is created through `tidtam_service`'s use cases, as a person at
//! the keyboard would create it: organisation units, strategies, users,
//! deadlines, projects with activities, KPIs and budgets, and quarterly reports
//! that owners submit and planners return or approve. So the demo's data passes
//! the same validation, authorisation, checker and audit trail as real data, and
//! a change in a use case shows up in the demo without a second copy to keep in
//! step. The demo describes past quarters; it calls the use cases through
//! `Service::at(time)` so every record carries the date it describes.
//!
//! The one exception is the large portfolio's 400,000 reports, loaded through the
//! service's documented bulk path (`Service::load_portfolio`), which stores what
//! the use cases would store; `tests/demo.rs` builds a small portfolio both ways
//! and compares the databases.
//!
//! Everything is deterministic for a seed ([`rng::Rng`]).
//!
//! Modules:
//! - [`agency`]: the demo agency.
//! - [`large`]: the large benchmark portfolio, planned as data, loaded in bulk or through the use cases.
//! - [`linkage`]: a small record-linkage review job over synthetic registers, with a second reviewer.
//! - [`performance`]: the agency's performance agreement and its PMQA 2563 self-assessment.
//! - [`provinces`]: three agencies' provincial datasets in the hub and the plan of a pilot province.
//! - [`rng`]: the seeded generator; [`vocabulary`]: the names the generators draw from.

pub mod agency;
pub mod large;
pub mod linkage;
pub mod performance;
pub mod provinces;
pub mod rng;
pub mod vocabulary;

pub use agency::{DEMO_PASSWORD, DemoSummary, generate_demo};
pub use large::{LargePortfolio, LargeSummary, generate_large_portfolio};
