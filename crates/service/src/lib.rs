//! tidtam's **API boundary**: one async function per use case, each taking the
//! [`Actor`] who asks.
//!
//! Every function here authorises by calling `tidtam_domain::policy` (never by
//! its own rules), opens and commits the transaction, checks versions for
//! optimistic locking, and writes the audit trail in the same transaction as the
//! change. Inputs and outputs are plain data (serde types), so the HTTP layer and
//! the command line are thin shells over it. No HTTP, no clap, no environment.
//!
//! Modules:
//! - [`auth`]: users, password hashing (argon2), sessions with CSRF tokens, login rate limiting.
//! - [`catalog`]: organisation units, strategies, deadlines.
//! - [`projects`]: projects, activities, KPIs, budgets, search.
//! - [`proposals`]: owners' proposed changes of planning fields, accepted or rejected by planners.
//! - [`reports`]: quarterly reports, the workflow, history, lateness.
//! - [`portfolio`]: aggregates; [`audit`]: the trail.
//! - [`exports`]: what the file exports (DOCX, XLSX, PDF) are made from.
//! - [`import`]: parsed report files into the database, idempotently.
//! - [`stats_register`]: the register of official statistics and the statistical system's status.
//! - [`input`]: what any text may hold (control characters, lengths).
//! - [`linkage`]: clerical review of record linkage (jobs, pairs handed out under a lease, decisions, estimates, export).
//! - [`bulk`]: the documented bulk path that loads a generated benchmark portfolio
//!   with what the use cases would have written (`tidtam-demo` plans the data).

mod aggregates;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod bulk;
pub mod catalog;
pub mod error;
pub mod exports;
pub mod filters;
pub mod import;
pub mod input;
pub mod kpi_import;
pub mod linkage;
pub mod performance;
pub mod portfolio;
pub mod projects;
pub mod proposals;
pub mod province;
pub mod reports;
pub mod search_text;
pub mod stats;
pub mod stats_codes;
pub mod stats_demo;
pub mod stats_portfolio;
pub mod stats_read;
pub mod stats_register;
pub mod stats_sdc;
pub mod stats_sdc_demo;

use serde::Serialize;
pub use tidtam_domain::policy::{Action, Actor, ResourceKind, Role};
use tidtam_domain::policy::{Resource, can};
use tidtam_store::{NewAuditEntry, Store, Tx};

pub use error::{ErrorBody, ServiceError};
pub use tidtam_store::PageRequest;

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// Tunables; the defaults are production values.
#[derive(Clone, Debug)]
pub struct ServiceConfig {
    /// Argon2 memory cost in KiB, iterations and lanes.
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    pub argon2_lanes: u32,
    /// How long a session lives.
    pub session_ttl: jiff::SignedDuration,
    /// Failed sign-ins for one user name that are evaluated before delays start.
    pub login_max_failures: i64,
    /// Failed sign-ins from one client address (over all names) before delays start.
    pub login_max_failures_per_address: i64,
    /// The first delay past the allowance; each further failure doubles it, up to `login_max_delay`.
    pub login_base_delay: jiff::SignedDuration,
    pub login_max_delay: jiff::SignedDuration,
    /// A streak of failures is forgotten after this long without one.
    pub login_window: jiff::SignedDuration,
    /// The four-eyes rule: the approver of a report may not be who last edited or submitted it.
    pub four_eyes: bool,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            argon2_memory_kib: 19 * 1024,
            argon2_iterations: 2,
            argon2_lanes: 1,
            session_ttl: jiff::SignedDuration::from_hours(12),
            login_max_failures: 5,
            login_max_failures_per_address: 10,
            login_base_delay: jiff::SignedDuration::from_secs(1),
            login_max_delay: jiff::SignedDuration::from_mins(15),
            login_window: jiff::SignedDuration::from_hours(1),
            four_eyes: true,
        }
    }
}

impl ServiceConfig {
    /// Cheap password hashing for tests (still argon2id, still salted), and a first
    /// sign-in delay long enough that no test races the clock.
    pub fn for_tests() -> ServiceConfig {
        ServiceConfig {
            argon2_memory_kib: 256,
            argon2_iterations: 1,
            login_base_delay: jiff::SignedDuration::from_mins(1),
            ..ServiceConfig::default()
        }
    }
}

/// The service: a store plus configuration. Cheap to clone; holds no state of
/// its own beyond a process-local limit on concurrent file reads and aggregates
/// kept only while the database says nothing changed, so any number of
/// instances can share one database.
#[derive(Clone, Debug)]
pub struct Service {
    store: Store,
    config: ServiceConfig,
    /// Files read at once by this process (`import_file`): each may use up to
    /// `tidtam_report::docx::MAX_BUDGET` of memory, so uploads queue instead of
    /// multiplying it.
    ingest_permits: std::sync::Arc<tokio::sync::Semaphore>,
    /// Portfolio aggregates while the data is unchanged ([`aggregates`]).
    aggregates: std::sync::Arc<std::sync::Mutex<portfolio::KeptAggregates>>,
    /// Who is computing which aggregate ([`aggregates::Flights`]).
    aggregate_flights: std::sync::Arc<aggregates::Flights<portfolio::AggregateKey>>,
    /// Set by [`Service::allowing_lag`]: aggregates may come from the
    /// generation before while the current one is computed.
    lag: Option<std::sync::Arc<portfolio::Lag>>,
    /// Datasets' protected histories, per release count and setting ([`stats_sdc`]).
    protections: std::sync::Arc<std::sync::Mutex<stats_sdc::ProtectionCache>>,
    /// The time use cases stamp on what they write: `None` is the system clock
    /// (production); [`Service::at`] fixes it, so generated history (the demo's
    /// past quarters) carries the dates it describes.
    clock: Option<jiff::Timestamp>,
}

/// How many files one process reads at once.
pub const CONCURRENT_INGESTS: usize = 2;

// A page of a list is a wire type: front ends map its items to their views.
pub use tidtam_api::Page;

/// One page of `items` out of `total`, as `request` asked for it.
pub(crate) fn paged<T>(items: Vec<T>, total: i64, request: PageRequest) -> Page<T> {
    Page { items, total, page: request.page, per_page: request.per_page }
}

impl Service {
    pub fn new(store: Store, config: ServiceConfig) -> Service {
        Service {
            store,
            config,
            ingest_permits: std::sync::Arc::new(tokio::sync::Semaphore::new(CONCURRENT_INGESTS)),
            aggregates: std::sync::Arc::default(),
            aggregate_flights: std::sync::Arc::default(),
            lag: None,
            protections: std::sync::Arc::default(),
            clock: None,
        }
    }

    /// The same service, with every use case called through it acting as if it
    /// were `at`: audit entries, revisions, submissions, approvals, sessions and
    /// "now" in lateness all carry that time. For generating past history (the
    /// demo agency); it shares the store, the file-reading limit and the kept aggregates.
    pub fn at(&self, at: jiff::Timestamp) -> Service {
        Service { clock: Some(at), ..self.clone() }
    }

    /// Connects to `database_url` (running migrations) with the default configuration.
    pub async fn connect(database_url: &str) -> Result<Service> {
        Ok(Service::new(Store::connect(database_url).await?, ServiceConfig::default()))
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn config(&self) -> &ServiceConfig {
        &self.config
    }

    /// The one clock of every use case (see [`Service::at`]).
    fn now(&self) -> jiff::Timestamp {
        self.clock.unwrap_or_else(jiff::Timestamp::now)
    }
}

/// Fails with `Forbidden` (or `Unauthenticated` for the anonymous public asking
/// to write) unless the policy allows it.
pub(crate) fn authorize(actor: &Actor, action: Action, resource: &Resource) -> Result<()> {
    if can(actor, action, resource) {
        Ok(())
    } else if actor.user_id.is_none() && actor.role == Role::Public && action != Action::Read {
        Err(ServiceError::Unauthenticated)
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Writes need a signed-in caller. Checked before a record named by id is looked
/// up, so the anonymous public gets 401 whether or not the id exists.
pub(crate) fn require_sign_in(actor: &Actor) -> Result<()> {
    if actor.user_id.is_none() && actor.role == Role::Public { Err(ServiceError::Unauthenticated) } else { Ok(()) }
}

/// [`authorize`] for an action on an existing record the caller named by id: a
/// signed-in caller who may not even read it gets `NotFound`, the same answer as
/// for an id that does not exist, so ids cannot be probed for what exists.
pub(crate) fn authorize_existing(actor: &Actor, action: Action, resource: &Resource) -> Result<()> {
    let outcome = authorize(actor, action, resource);
    if outcome == Err(ServiceError::Forbidden) && !can(actor, Action::Read, resource) {
        return Err(ServiceError::NotFound);
    }
    outcome
}

/// Writes audit rows for a change: one row for a create/delete/transition, and
/// one row per changed top-level field for an update.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn record_audit(
    tx: &mut Tx,
    actor: &Actor,
    at: jiff::Timestamp,
    entity: &str,
    entity_id: i64,
    action: &str,
    old: Option<serde_json::Value>,
    new: Option<serde_json::Value>,
) -> Result<()> {
    let base = NewAuditEntry {
        at,
        actor_user_id: actor.user_id,
        actor_name: &actor.username,
        entity,
        entity_id,
        action,
        field: None,
        old_value: None,
        new_value: None,
    };
    match (old, new) {
        (Some(serde_json::Value::Object(old)), Some(serde_json::Value::Object(new))) if action == "update" => {
            let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let (before, after) = (old.get(key), new.get(key));
                if before != after && key != "version" && key != "updated_at" {
                    tx.append_audit(&NewAuditEntry {
                        field: Some(key),
                        old_value: before.cloned(),
                        new_value: after.cloned(),
                        ..base.clone()
                    })
                    .await?;
                }
            }
        }
        (old, new) => tx.append_audit(&NewAuditEntry { old_value: old, new_value: new, ..base }).await?,
    }
    Ok(())
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).expect("views serialise")
}
