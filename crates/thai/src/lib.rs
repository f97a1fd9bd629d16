//! Thai text toolkit for tidtam. Pure functions, no I/O.
//!
//! Modules (each documented on its own):
//! - [`digits`]: Thai ↔ Arabic digits.
//! - [`number`]: numbers and percentages written with either digit set.
//! - [`baht`]: amounts of money, written in Thai words and read back (tolerantly).
//! - [`control`]: the control characters no text may hold.
//! - [`date`]: Buddhist-era dates, month names, periods.
//! - [`fiscal`]: Thai government fiscal years and quarters.
//! - [`label`]: matching keys for project, agency, activity and indicator names.
//! - [`province`]: the 77 provinces, their official codes and regions.
//! - [`name`], [`phonetic`], [`romanize`]: person-name normalisation and matching keys.

pub mod baht;
pub mod control;
pub mod date;
pub mod digits;
pub mod fiscal;
pub mod label;
pub mod name;
pub mod number;
pub mod phonetic;
pub mod province;
pub mod province_group;
pub mod romanize;
#[cfg(feature = "segment")]
pub mod segment;
