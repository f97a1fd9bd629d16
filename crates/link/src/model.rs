//! The linkage model file (TOML or JSON) and the defaults inferred when none is given.
//!
//! ```toml
//! unique_id = "rec_id"
//! blocking = ["surname|first(3) & dob|year", "soc_sec_id", "given_name & postcode"]
//! max_pairs = 50_000_000
//!
//! [[comparison]]
//! column = "given_name"
//! kind = "jaro_winkler"
//! thresholds = [0.92, 0.8]
//! tf = true
//!
//! [[comparison]]
//! column = "dob"
//! kind = "date"
//! ```
//!
//! A blocking rule is a conjunction (`&`) of key expressions (see [`crate::key`]): two records
//! become a candidate pair when every key agrees and none is missing.
//! The union of the rules is taken without duplicate pairs.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::block::BlockingRule;
use crate::compare::ComparisonSpec;
#[cfg(test)]
use crate::compare::Kind;
use crate::error::{Error, Result};

/// A linkage model as written by a person (or inferred).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// The record identifier column (the same name in both files).
    #[serde(default)]
    pub unique_id: Option<String>,
    /// The comparisons, at most 16.
    #[serde(alias = "comparison", default)]
    pub comparisons: Vec<ComparisonSpec>,
    /// Blocking rules, each `key & key & …`.
    #[serde(default)]
    pub blocking: Vec<String>,
    /// The largest number of candidate pairs a rule, or the union, may create before the run
    /// stops with an error instead of exhausting memory or time.
    #[serde(default = "default_max_pairs")]
    pub max_pairs: u64,
    /// Random pairs drawn to estimate u probabilities.
    #[serde(default = "default_u_sample")]
    pub u_sample_pairs: u64,
    /// EM iteration cap.
    #[serde(default = "default_em_iterations")]
    pub em_max_iterations: usize,
    /// EM stops when no probability moves more than this.
    #[serde(default = "default_em_tolerance")]
    pub em_tolerance: f64,
    /// Keep u fixed at the random-sampling estimate during EM (Splink's way) instead of
    /// estimating the blocked pairs' u alongside m.
    #[serde(default)]
    pub em_fix_u: bool,
    /// Seed for the random sample.
    #[serde(default = "default_seed")]
    pub seed: u64,
}

fn default_max_pairs() -> u64 {
    100_000_000
}
fn default_u_sample() -> u64 {
    2_000_000
}
fn default_em_iterations() -> usize {
    100
}
fn default_em_tolerance() -> f64 {
    1e-6
}
fn default_seed() -> u64 {
    42
}

impl ModelSpec {
    /// An empty model with default settings.
    pub fn empty() -> ModelSpec {
        ModelSpec {
            unique_id: None,
            comparisons: Vec::new(),
            blocking: Vec::new(),
            max_pairs: default_max_pairs(),
            u_sample_pairs: default_u_sample(),
            em_max_iterations: default_em_iterations(),
            em_tolerance: default_em_tolerance(),
            em_fix_u: false,
            seed: default_seed(),
        }
    }

    /// Reads a model from a `.json` file or TOML otherwise.
    pub fn load(path: &Path) -> Result<ModelSpec> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let is_json = path.extension().is_some_and(|e| e == "json");
        if is_json { Self::from_json(&text) } else { Self::from_toml(&text) }
    }

    /// Parses TOML.
    pub fn from_toml(text: &str) -> Result<ModelSpec> {
        toml::from_str(text).map_err(|e| Error::model(e.to_string()))
    }

    /// Parses JSON.
    pub fn from_json(text: &str) -> Result<ModelSpec> {
        serde_json::from_str(text).map_err(|e| Error::model(e.to_string()))
    }

    /// The parsed blocking rules.
    pub fn rules(&self) -> Result<Vec<BlockingRule>> {
        self.blocking.iter().map(|r| BlockingRule::parse(r)).collect()
    }

    /// Checks what can be checked without data.
    pub fn validate(&self) -> Result<()> {
        if self.comparisons.is_empty() {
            return Err(Error::model("the model has no comparison"));
        }
        if self.comparisons.len() > 16 {
            return Err(Error::model("at most 16 comparisons are supported"));
        }
        if self.blocking.is_empty() {
            return Err(Error::model("the model has no blocking rule; comparing every pair is quadratic"));
        }
        self.rules()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_json_models() {
        let toml_text = r#"
            unique_id = "id"
            blocking = ["surname|first(3) & dob|year", "nid"]
            max_pairs = 1000
            [[comparison]]
            column = "given"
            kind = "thai_name"
            thresholds = [0.9, 0.8]
            tf = true
            swap_with = "surname"
            [[comparison]]
            column = "nid"
            kind = "national_id"
        "#;
        let spec = ModelSpec::from_toml(toml_text).unwrap();
        spec.validate().unwrap();
        assert_eq!(spec.comparisons.len(), 2);
        assert_eq!(spec.comparisons[0].kind, Kind::ThaiName);
        assert_eq!(spec.rules().unwrap()[0].keys.len(), 2);
        let json = serde_json::to_string(&spec).unwrap();
        let back = ModelSpec::from_json(&json).unwrap();
        assert_eq!(back.blocking, spec.blocking);
    }

    #[test]
    fn model_errors() {
        let error = ModelSpec::from_toml("[[comparison]]\ncolumn = \"a\"\nkind = \"soundex\"\n").unwrap_err();
        assert!(error.to_string().contains("soundex"), "{error}");
        let error = ModelSpec::from_toml("blocking = [\"a\"]").unwrap().validate().unwrap_err();
        assert!(error.to_string().contains("no comparison"));
        let spec = ModelSpec::from_toml("[[comparison]]\ncolumn = \"a\"\n").unwrap();
        assert!(spec.validate().unwrap_err().to_string().contains("no blocking rule"));
        let spec = ModelSpec::from_toml("blocking = [\"a|nope\"]\n[[comparison]]\ncolumn = \"a\"\n").unwrap();
        assert!(spec.validate().is_err());
    }
}
