//! Findings: what the checker (and the parser) say about a report.
//!
//! A finding is data, not an error: parsing and checking never fail on a readable
//! file, they return the report plus findings (rust-analyzer's parser invariant).

use serde::Serialize;

/// How bad a finding is. `Error` makes `tidtam check` exit non-zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// One inconsistency or gap found in a report, explained in Thai and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id, e.g. `amount-words-mismatch`.
    pub rule: &'static str,
    pub severity: Severity,
    /// 1-based line in the source file the finding is about.
    pub line: usize,
    pub message_th: String,
    pub message_en: String,
}
