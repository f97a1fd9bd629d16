//! Record linkage and deduplication for tidtam: link agencies' registers that share no clean key.
//!
//! The pipeline, one module per step:
//! - [`table`]: CSV and Parquet input as compact text columns;
//! - [`model`]: the model file (comparisons, blocking rules, limits);
//! - [`infer`]: the model built from the columns when there is no model file, and why;
//! - [`key`]: the key-expression language used by blocking rules, truth keys and encodings;
//! - [`compare`]: comparisons with ordered levels (exact, Jaro–Winkler, Levenshtein/Damerau,
//!   numeric, date with Buddhist-era handling, Thai names, national IDs, Bloom-filter Dice),
//!   on top of [`similarity`], [`date`] and [`nid`];
//! - [`block`]: blocking rules and the candidate pairs from their union, counted before they run;
//! - [`fs`]: the Fellegi–Sunter model, u by random sampling, m by EM, match weights;
//! - [`engine`]: the run (prepare, block, train, score, cluster, write) and explanations;
//! - [`cluster`]: connected components with stable identifiers;
//! - [`evaluate`]: precision, recall and F1 against a truth key;
//! - [`review`]: precision and recall estimated from clerical reviewers' decisions;
//! - [`privacy`]: Bloom-filter encodings under a shared secret for privacy-preserving linkage;
//! - [`synth`]: synthetic Thai registers with known truth;
//! - [`rng`]: the seeded generator every sampling step draws from.
//!
//! **Architecture Invariant:** no web framework, no database, no command-line parsing here;
//! the `tidtam` binary owns those. The crate reads and writes files only where a function says so
//! ([`table::Table::read`], [`engine::Linker::run`] with an output folder).

pub mod block;
pub mod cluster;
pub mod compare;
pub mod date;
pub mod engine;
pub mod error;
pub mod evaluate;
pub mod fs;
pub mod infer;
pub mod key;
pub mod model;
pub mod nid;
pub mod normalize;
pub mod privacy;
pub mod review;
pub mod rng;
pub mod similarity;
pub mod synth;
pub mod table;

pub use engine::{Linker, RunOptions, Threshold, link};
pub use error::{Error, ErrorKind, Result};
pub use model::ModelSpec;
pub use table::Table;
