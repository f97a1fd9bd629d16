//! Statistical matching (data fusion) of two surveys with no units in common: survey A (the
//! recipient) has X and Y, survey B (the donor) has X and Z, and every recipient receives Z
//! from a donor chosen on X. The methods and the quality measures follow R's StatMatch 1.4.3
//! (D'Orazio); see `shared/reference/statistical-methods.md`.
//!
//! The crate is pure: tables come in as [`tidtam_link::Table`] (read from any reader with
//! [`read_csv`], or by the caller from CSV or Parquet files with [`tidtam_link::Table::read`])
//! and the fused file goes out to any writer ([`write_csv`]).

pub mod assign;
mod data;
pub mod distance;
pub mod error;
pub mod fuse;
pub mod hotdeck;
pub mod quality;

pub use distance::{Metric, distances};
pub use error::{Error, Result};
pub use fuse::{fused, read_csv, write_csv};
pub use hotdeck::{Matching, Method, Options, match_tables};
pub use quality::{Report, report};
pub use tidtam_link::Table;
