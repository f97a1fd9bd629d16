//! Scoring of organisation performance for tidtam: performance-agreement
//! indicators (คำรับรองการปฏิบัติราชการ) and the PMQA 4.0 self-assessment.
//! Pure functions over plain data: no I/O, no database, no web.
//!
//! Modules (each documented on its own):
//! - [`decimal`]: exact fixed-point decimals, so 3 × 1.6 / 100 is 0.0480.
//! - [`indicator`]: an indicator's criteria (quantitative, milestone, three
//!   breakpoints), the configurable rules, and a score from a result.
//! - [`round`]: the 6-, 9- and 12-month rounds with their evidence lists.
//! - [`agreement`]: an agreement's weights, the scorecard of a round and the checks
//!   of the figures an agency states.
//! - [`pmqa`]: the PMQA 4.0 criteria as data per year, the self-assessment's
//!   totals, the gap to the threshold, the plan to close it, year over year, and
//!   category 7's indicators.
//! - [`finding`]: the rules inconsistent input breaks, with stable ids.
//! - [`form`]: the indicator report form as an agency writes it, and its checks.
//! - [`sheet`]: an agreement from a spreadsheet's rows, scored or refused row by row.
//!
//! ```
//! use tidtam_score::{Decimal, weighted_score};
//! // OPEC 2018: weight 3, committee score 1.6000 → 0.0480 (a float says 0.04800000000000001).
//! let weighted = weighted_score(Decimal::from_int(3), "1.6".parse().unwrap()).unwrap();
//! assert_eq!(weighted.fixed(4), "0.0480");
//! ```
//!
//! The rules and their sources are in `../shared/reference/scoring-rules.md`; a
//! rule it marks UNVERIFIED is configuration here with its stated default
//! ([`indicator::ScoringConfig`], [`pmqa::PmqaCriteria`]), never code.

pub mod agreement;
pub mod decimal;
pub mod finding;
pub mod form;
pub mod indicator;
pub mod pmqa;
pub mod round;
pub mod sheet;

pub use agreement::{Agreement, Indicator, IndicatorScore, Scorecard, weighted_score};
pub use decimal::{Decimal, DecimalError, Rounding};
pub use finding::{Finding, RULES, Rule, Severity};
pub use indicator::{Achievement, Band, Criteria, Mode, Polarity, Scale, Scored, ScoringConfig};
pub use round::{Evidence, Round, RoundPeriod, Stated};
