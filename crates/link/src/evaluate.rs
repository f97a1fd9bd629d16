//! Precision, recall and F1 of predicted pairs against a truth key.
//!
//! Records with the same truth key (for FEBRL, `rec_id|field(-,1)` turns `rec-561-dup-0` into
//! `561`) are true matches. True pairs are counted from the key groups, so the truth never has to
//! be expanded into pairs; predicted pairs are deduplicated (in either orientation when
//! deduplicating one file).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::key::KeyExpr;
use crate::table::Table;

/// The truth: each record's entity, and how many true pairs there are.
pub struct Truth {
    left: HashMap<String, String>,
    right: Option<HashMap<String, String>>,
    /// Number of true pairs.
    pub true_pairs: u64,
}

fn entity_map(table: &Table, id_column: &str, key: &KeyExpr) -> Result<HashMap<String, String>> {
    let ids = table.column(id_column)?;
    let keys = key.eval_table(table)?;
    Ok((0..table.len()).filter_map(|r| Some((ids.get(r)?.to_string(), keys[r].clone()?))).collect())
}

impl Truth {
    /// Reads the truth key of each record.
    pub fn new(left: &Table, right: Option<&Table>, id_column: &str, key: &KeyExpr) -> Result<Truth> {
        let left_map = entity_map(left, id_column, key)?;
        let right_map = right.map(|r| entity_map(r, id_column, key)).transpose()?;
        fn group(map: &HashMap<String, String>) -> HashMap<&str, u64> {
            let mut counts: HashMap<&str, u64> = HashMap::new();
            for entity in map.values() {
                *counts.entry(entity.as_str()).or_default() += 1;
            }
            counts
        }
        let left_groups = group(&left_map);
        let true_pairs = match &right_map {
            Some(r) => {
                let right_groups = group(r);
                left_groups.iter().map(|(k, n)| n * right_groups.get(k).copied().unwrap_or(0)).sum()
            }
            None => left_groups.values().map(|n| n * (n - 1) / 2).sum(),
        };
        Ok(Truth { left: left_map, right: right_map, true_pairs })
    }

    fn is_match(&self, left_id: &str, right_id: &str) -> bool {
        let right = self.right.as_ref().unwrap_or(&self.left);
        matches!((self.left.get(left_id), right.get(right_id)), (Some(a), Some(b)) if a == b)
    }
}

/// The scores.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Evaluation {
    /// Distinct predicted pairs.
    pub predicted: u64,
    /// True pairs.
    pub true_pairs: u64,
    /// Predicted pairs that are true.
    pub true_positives: u64,
    /// TP / predicted.
    pub precision: f64,
    /// TP / true pairs.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

/// Scores predicted (left id, right id) pairs.
pub fn evaluate<'a>(truth: &Truth, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Evaluation {
    let dedupe = truth.right.is_none();
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let mut true_positives = 0u64;
    for (l, r) in pairs {
        let key = if dedupe && r < l { (r, l) } else { (l, r) };
        if dedupe && l == r {
            continue;
        }
        if seen.insert(key) && truth.is_match(key.0, key.1) {
            true_positives += 1;
        }
    }
    let predicted = seen.len() as u64;
    let precision = if predicted == 0 { 0.0 } else { true_positives as f64 / predicted as f64 };
    let recall = if truth.true_pairs == 0 { 0.0 } else { true_positives as f64 / truth.true_pairs as f64 };
    let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
    Evaluation { predicted, true_pairs: truth.true_pairs, true_positives, precision, recall, f1 }
}

/// Reads `id_l,id_r[,match_probability]` pairs from a CSV (tidtam's `pairs.csv`, or any tool's
/// output with those columns), keeping those at or above `min_probability` when given.
pub fn read_pairs(path: &Path, min_probability: Option<f64>) -> Result<Vec<(String, String)>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let table = crate::table::read_csv(file, path)?;
    let left = table.column("id_l")?;
    let right = table.column("id_r")?;
    let probability = match min_probability {
        Some(_) => Some(table.column("match_probability")?),
        None => None,
    };
    let mut pairs = Vec::with_capacity(table.len());
    for row in 0..table.len() {
        if let (Some(p), Some(min)) = (probability, min_probability) {
            let value: f64 = p.get(row).and_then(|v| v.parse().ok()).unwrap_or(0.0);
            if value < min {
                continue;
            }
        }
        if let (Some(l), Some(r)) = (left.get(row), right.get(row)) {
            pairs.push((l.to_string(), r.to_string()));
        }
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[(&str, &str)]) -> Table {
        let mut t = Table::new("t", vec!["id".into(), "truth".into()]);
        for (a, b) in rows {
            t.push_row([Some(*a), Some(*b)]);
        }
        t
    }

    #[test]
    fn link_scores() {
        let left = table(&[("a1", "x"), ("a2", "y"), ("a3", "z")]);
        let right = table(&[("b1", "x"), ("b2", "y"), ("b3", "w")]);
        let truth = Truth::new(&left, Some(&right), "id", &KeyExpr::parse("truth").unwrap()).unwrap();
        assert_eq!(truth.true_pairs, 2);
        let e = evaluate(&truth, [("a1", "b1"), ("a1", "b1"), ("a3", "b3")]);
        assert_eq!((e.predicted, e.true_positives), (2, 1));
        assert!((e.precision - 0.5).abs() < 1e-12 && (e.recall - 0.5).abs() < 1e-12);
        assert!((e.f1 - 0.5).abs() < 1e-12);
    }

    #[test]
    fn dedupe_scores_and_orientation() {
        let t = table(&[("r1", "x"), ("r2", "x"), ("r3", "x"), ("r4", "y")]);
        let truth = Truth::new(&t, None, "id", &KeyExpr::parse("truth").unwrap()).unwrap();
        assert_eq!(truth.true_pairs, 3);
        let e = evaluate(&truth, [("r1", "r2"), ("r2", "r1"), ("r3", "r1"), ("r4", "r1")]);
        assert_eq!((e.predicted, e.true_positives), (3, 2));
        let none = evaluate(&truth, std::iter::empty());
        assert_eq!(none.f1, 0.0);
    }
}
