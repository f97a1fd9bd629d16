//! Statistical disclosure control for published tables (tidtam-sdc).
//!
//! A [`Table`] is the full cross product of its dimensions' hierarchies (totals
//! included). [`Rules`] mark the primary (unsafe) cells: minimum frequency, (n,k)
//! dominance, p %, each with its protection level. [`protect`] adds secondary
//! suppressions (hypercubes, see [`suppress`](crate::suppress)) until the LP audit
//! ([`audit::Auditor`]) shows every primary cell's attacker interval meets its
//! protection level, and refuses otherwise. [`round::round`] is the alternative:
//! unbiased, seeded random rounding to a base with additive totals.
//! [`linked`] protects several tables published from the same data that share
//! cells ([`protect_linked`]): a shared cell is judged and suppressed once, and the
//! audit is one LP over every table's relations.
//!
//! Pure: no I/O beyond functions over readers and writers.

pub mod audit;
pub mod demo;
mod error;
pub mod hierarchy;
pub mod linked;
pub mod output;
pub mod round;
pub mod rules;
mod suppress;
pub mod table;

use std::time::Duration;

pub use audit::Interval;
pub use error::{NotAdditive, SdcError, SharedMismatch};
pub use hierarchy::Hierarchy;
pub use linked::{Linked, LinkedProtected, protect_linked, read_linked, verify_linked};
pub use rules::{Dominance, Primary, Rule, Rules};
pub use table::{CsvSpec, Dimension, Row, Table};

/// What happens to a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Published as it is.
    Published,
    /// Unsafe by a primary rule: suppressed.
    Primary(Primary),
    /// Suppressed to protect primary cells.
    Secondary,
}

/// The result of [`protect`]: each cell's status and, for suppressed cells, the
/// attacker's interval from the final audit.
#[derive(Debug, Clone)]
pub struct Protected {
    /// By cell index.
    pub status: Vec<Status>,
    /// By cell index; `Some` exactly for suppressed cells.
    pub intervals: Vec<Option<Interval>>,
    /// How long the final LP audit took.
    pub audit_time: Duration,
}

impl Protected {
    /// The number of primary cells.
    pub fn primary_count(&self) -> usize {
        self.status.iter().filter(|s| matches!(s, Status::Primary(_))).count()
    }

    /// The number of secondary suppressions.
    pub fn secondary_count(&self) -> usize {
        self.status.iter().filter(|s| matches!(s, Status::Secondary)).count()
    }

    /// The total of the secondary suppressions' audited measure (information lost).
    pub fn secondary_value(&self, table: &Table) -> f64 {
        (0..table.len()).filter(|&c| matches!(self.status[c], Status::Secondary)).map(|c| table.measure(c)).sum()
    }

    /// True for a suppressed cell.
    pub fn is_suppressed(&self, cell: usize) -> bool {
        !matches!(self.status[cell], Status::Published)
    }
}

/// Applies the primary rules, chooses secondary suppressions and audits the pattern.
/// Fails, publishing nothing, if a primary cell cannot be protected by its level.
pub fn protect(table: &Table, rules: &Rules) -> Result<Protected, SdcError> {
    nonnegative(table)?;
    let primaries = rules.primaries(table)?;
    let mut suppressed: Vec<bool> = primaries.iter().map(Option::is_some).collect();
    let auditor = audit::Auditor::new(table);
    let (intervals, audit_time) = if suppressed.iter().any(|&s| s) {
        suppress::suppress(table, &primaries, &mut suppressed, &auditor)?
    } else {
        (vec![None; table.len()], Duration::ZERO)
    };
    let status = primaries
        .into_iter()
        .zip(&suppressed)
        .map(|(p, &s)| match p {
            Some(p) => Status::Primary(p),
            None if s => Status::Secondary,
            None => Status::Published,
        })
        .collect();
    Ok(Protected { status, intervals, audit_time })
}

/// Checks a pattern chosen elsewhere (by hand, or an earlier run): every primary cell
/// must be suppressed and its attacker interval must meet its protection level; the
/// pattern is refused otherwise, naming the cells.
pub fn verify(table: &Table, rules: &Rules, suppressed: &[bool]) -> Result<Protected, SdcError> {
    nonnegative(table)?;
    let primaries = rules.primaries(table)?;
    let started = std::time::Instant::now();
    let intervals = audit(table, suppressed)?;
    let audit_time = started.elapsed();
    let short: Vec<String> = (0..table.len())
        .filter(|&c| match (&primaries[c], intervals[c]) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(p), Some(iv)) => !audit::is_protected(table.measure(c), p.level, iv),
        })
        .map(|c| table.label(c))
        .collect();
    if !short.is_empty() {
        return Err(SdcError::Unprotected(short));
    }
    let status = primaries
        .into_iter()
        .zip(suppressed)
        .map(|(p, &s)| match p {
            Some(p) => Status::Primary(p),
            None if s => Status::Secondary,
            None => Status::Published,
        })
        .collect();
    Ok(Protected { status, intervals, audit_time })
}

/// The audit bounds every cell below by 0, which a table with a negative cell breaks.
pub(crate) fn nonnegative(table: &Table) -> Result<(), SdcError> {
    match (0..table.len()).find(|&c| table.measure(c) < 0.0) {
        None => Ok(()),
        Some(c) => Err(SdcError::Input(format!(
            "ช่อง ({}) ติดลบ แต่การตรวจถือว่าทุกช่อง ≥ 0 / cell ({}) is negative, and the audit assumes every cell ≥ 0",
            table.label(c),
            table.label(c)
        ))),
    }
}

/// The attacker's interval of every suppressed cell of a pattern (`None` for published
/// cells): an independent audit of any pattern, e.g. one edited by hand.
pub fn audit(table: &Table, suppressed: &[bool]) -> Result<Vec<Option<Interval>>, SdcError> {
    let targets: Vec<usize> = (0..table.len()).filter(|&c| suppressed[c]).collect();
    let ivs = audit::Auditor::new(table).intervals(suppressed, &targets)?;
    let mut out = vec![None; table.len()];
    for (c, iv) in targets.into_iter().zip(ivs) {
        out[c] = Some(iv);
    }
    Ok(out)
}
