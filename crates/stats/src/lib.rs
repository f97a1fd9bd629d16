//! The Statistics Sharing Hub's model and formats, as pure functions.
//!
//! - [`period`]: calendar and fiscal years, quarters, months; BE for people, ISO/SDMX on the wire.
//! - [`codelist`]: code lists (areas with official province codes, sex, age, sectors, …).
//! - [`gdc`]: the GD Catalog (`thai_gdc`) metadata fields, labels and value lists.
//! - [`model`]: datasets, indicators, data structures, observations with status flags.
//! - [`disclosure`]: a dataset's disclosure control setting (suppression rules or rounding).
//! - [`release`]: releases (vintages) that never overwrite, read back and compared.
//! - [`register`]: the register of official statistics, release calendars and statuses.
//! - [`load`]: CSV and XLSX tables, tidy or wide, read through a saved mapping into a preview.
//! - [`scan`]: a release (or the changes between two) read from revisions in the store's order, a page at a time.
//! - [`sdmx`]: queries (keys, periods) and writers for SDMX-ML 2.1, SDMX-JSON 1.0 and SDMX-CSV.
//!
//! No database, no HTTP, no environment: the store keeps what these types
//! describe and the web layer serves what the writers write.

pub mod codelist;
pub mod disclosure;
pub mod gdc;
pub mod load;
pub mod model;
pub mod period;
pub mod province;
pub mod register;
pub mod release;
pub mod scan;
pub mod sdmx;
