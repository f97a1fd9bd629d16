//! Blocking: which record pairs are compared at all.
//!
//! A rule is a conjunction of keys; records whose keys all agree (and are present) form a block,
//! and every left × right pair inside a block (every unordered pair, when deduplicating) is a
//! candidate.
//! The union of the rules is produced without duplicates and without a set of seen pairs:
//! a pair found by rule *r* is skipped when an earlier rule would also have produced it, which is
//! checked by comparing that rule's precomputed key hashes for the two records.
//! That makes generation a pure function of (rule, block), so blocks run in parallel with no
//! shared state, memory stays at the key arrays plus whatever the consumer keeps, and the same
//! plan maps onto a relational engine as an equi-join per rule with an anti-condition on the
//! earlier rules (see ARCHITECTURE.md).
//!
//! Pair counts per rule are computed from block sizes before anything runs, so a rule that
//! would explode is reported (with its count) before it costs time or memory.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use crate::error::{Error, ErrorKind, Result};
use crate::key::KeyExpr;
use crate::table::Table;

/// A parsed blocking rule (the model file lists them as text).
#[derive(Clone, Debug)]
pub struct BlockingRule {
    /// The rule as written.
    pub text: String,
    /// Its keys, all of which must agree.
    pub keys: Vec<KeyExpr>,
}

impl BlockingRule {
    /// Parses `key & key & …`.
    pub fn parse(text: &str) -> Result<BlockingRule> {
        let keys = text.split('&').map(KeyExpr::parse).collect::<Result<Vec<_>>>()?;
        Ok(BlockingRule { text: text.trim().to_string(), keys })
    }
}

/// The hash standing for "no key" (a missing value in one of the rule's keys).
const NO_KEY: u64 = 0;

/// Pair generation work is cut into tasks of about this many pairs, so one huge block does not
/// keep a single core busy while the other idles.
const TASK_PAIRS: u64 = 100_000;

/// One key part for every row, each distinct raw value transformed once (names repeat, and
/// transforms such as `lk82` cost far more than a lookup).
fn key_part(key: &KeyExpr, table: &Table) -> Result<Vec<Option<std::sync::Arc<str>>>> {
    let column = table.column(&key.column)?;
    let mut distinct: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut raws: Vec<&str> = Vec::new();
    let slots: Vec<u32> = (0..table.len())
        .map(|row| match column.get(row) {
            None => u32::MAX,
            Some(raw) => *distinct.entry(raw).or_insert_with(|| {
                raws.push(raw);
                (raws.len() - 1) as u32
            }),
        })
        .collect();
    let transformed: Vec<Option<std::sync::Arc<str>>> =
        raws.par_iter().map(|raw| key.apply(raw).map(std::sync::Arc::from)).collect();
    // Sequential on purpose: cloning the same `Arc` from two threads fights over its counter.
    Ok(slots.iter().map(|&s| if s == u32::MAX { None } else { transformed[s as usize].clone() }).collect())
}

fn rule_keys(rule: &BlockingRule, table: &Table) -> Result<Vec<u64>> {
    let parts = rule.keys.iter().map(|k| key_part(k, table)).collect::<Result<Vec<_>>>()?;
    Ok((0..table.len())
        .into_par_iter()
        .map(|row| {
            // DefaultHasher::new() has fixed keys, so hashes are stable within and across runs.
            let mut hasher = std::hash::DefaultHasher::new();
            for part in &parts {
                match &part[row] {
                    Some(value) => value.hash(&mut hasher),
                    None => return NO_KEY,
                }
            }
            match hasher.finish() {
                NO_KEY => 1,
                h => h,
            }
        })
        .collect())
}

/// Rows sorted by key, missing keys left out.
fn sorted_rows(keys: &[u64]) -> Vec<u32> {
    // Sorting (key, row) pairs keeps the sort in contiguous memory; sorting row numbers by a
    // looked-up key costs a cache miss per comparison on a million rows.
    let mut keyed: Vec<(u64, u32)> =
        keys.iter().enumerate().filter(|(_, k)| **k != NO_KEY).map(|(r, k)| (*k, r as u32)).collect();
    keyed.par_sort_unstable();
    keyed.into_iter().map(|(_, r)| r).collect()
}

/// One block: ranges into the sorted row arrays.
#[derive(Clone, Copy, Debug)]
struct Block {
    left: (u32, u32),
    right: (u32, u32),
}

/// Equal-key runs of two sorted arrays (or of one, for deduplication).
fn blocks(left: &[u32], left_keys: &[u64], right: Option<(&[u32], &[u64])>) -> Vec<Block> {
    let runs = |rows: &[u32], keys: &[u64]| -> Vec<(u64, u32, u32)> {
        let mut out = Vec::new();
        let mut start = 0;
        while start < rows.len() {
            let key = keys[rows[start] as usize];
            let mut end = start + 1;
            while end < rows.len() && keys[rows[end] as usize] == key {
                end += 1;
            }
            out.push((key, start as u32, end as u32));
            start = end;
        }
        out
    };
    let left_runs = runs(left, left_keys);
    match right {
        None => left_runs
            .into_iter()
            .filter(|(_, s, e)| e - s >= 2)
            .map(|(_, s, e)| Block { left: (s, e), right: (s, e) })
            .collect(),
        Some((right_rows, right_keys)) => {
            let right_runs = runs(right_rows, right_keys);
            let mut out = Vec::new();
            let (mut i, mut j) = (0, 0);
            while i < left_runs.len() && j < right_runs.len() {
                let (lk, ls, le) = left_runs[i];
                let (rk, rs, re) = right_runs[j];
                match lk.cmp(&rk) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        out.push(Block { left: (ls, le), right: (rs, re) });
                        i += 1;
                        j += 1;
                    }
                }
            }
            out
        }
    }
}

fn block_pairs(block: &Block, dedupe: bool) -> u64 {
    let l = u64::from(block.left.1 - block.left.0);
    if dedupe { l * (l - 1) / 2 } else { l * u64::from(block.right.1 - block.right.0) }
}

/// The number of pairs one rule would create on its own (before removing pairs that earlier
/// rules already create).
pub fn count_rule_pairs(rule: &BlockingRule, left: &Table, right: Option<&Table>) -> Result<u64> {
    let left_keys = rule_keys(rule, left)?;
    let left_rows = sorted_rows(&left_keys);
    let (right_keys, right_rows) = match right {
        Some(r) => {
            let keys = rule_keys(rule, r)?;
            let rows = sorted_rows(&keys);
            (Some(keys), Some(rows))
        }
        None => (None, None),
    };
    let right_pair = right_rows.as_deref().zip(right_keys.as_deref());
    Ok(blocks(&left_rows, &left_keys, right_pair).iter().map(|b| block_pairs(b, right.is_none())).sum())
}

struct RuleIndex {
    rule: BlockingRule,
    left_keys: Vec<u64>,
    right_keys: Option<Vec<u64>>,
    left_rows: Vec<u32>,
    right_rows: Option<Vec<u32>>,
    pairs: u64,
}

/// One unit of pair generation: a block, or a slice of a big block's left side.
#[derive(Clone, Copy, Debug)]
struct Task {
    rule: usize,
    left: (u32, u32),
    right: (u32, u32),
}

/// Pair counts of one rule.
#[derive(Clone, Debug, Serialize)]
pub struct RuleCount {
    /// The rule as written.
    pub rule: String,
    /// Pairs the rule creates on its own.
    pub pairs: u64,
    /// Pairs it adds to the union (not created by an earlier rule); filled after a pass.
    pub new_pairs: Option<u64>,
}

use serde::Serialize;

/// The candidate pairs of a linkage (two tables) or deduplication (one table).
pub struct Blocking {
    rules: Vec<RuleIndex>,
    tasks: Vec<Task>,
    dedupe: bool,
}

impl Blocking {
    /// Computes keys and blocks for every rule and checks the pair counts against `max_pairs`
    /// (each rule alone and their sum, which bounds the union).
    pub fn new(rules: &[BlockingRule], left: &Table, right: Option<&Table>, max_pairs: u64) -> Result<Blocking> {
        let dedupe = right.is_none();
        let mut indexes = Vec::with_capacity(rules.len());
        let mut tasks = Vec::new();
        let mut total: u64 = 0;
        for (rule_index, rule) in rules.iter().enumerate() {
            let left_keys = rule_keys(rule, left)?;
            let left_rows = sorted_rows(&left_keys);
            let (right_keys, right_rows) = match right {
                Some(r) => {
                    let keys = rule_keys(rule, r)?;
                    let rows = sorted_rows(&keys);
                    (Some(keys), Some(rows))
                }
                None => (None, None),
            };
            let right_pair = right_rows.as_deref().zip(right_keys.as_deref());
            let rule_blocks = blocks(&left_rows, &left_keys, right_pair);
            let pairs: u64 = rule_blocks.iter().map(|b| block_pairs(b, dedupe)).sum();
            if pairs > max_pairs {
                return Err(Error::new(ErrorKind::TooManyPairs { rule: rule.text.clone(), pairs, max: max_pairs }));
            }
            total += pairs;
            for block in rule_blocks {
                let right_len = u64::from(block.right.1 - block.right.0).max(1);
                let chunk = (TASK_PAIRS / right_len).max(1) as u32;
                let mut start = block.left.0;
                while start < block.left.1 {
                    let end = (start + chunk).min(block.left.1);
                    tasks.push(Task { rule: rule_index, left: (start, end), right: block.right });
                    start = end;
                }
            }
            indexes.push(RuleIndex { rule: rule.clone(), left_keys, right_keys, left_rows, right_rows, pairs });
        }
        if total > max_pairs {
            return Err(Error::new(ErrorKind::TooManyPairs {
                rule: rules.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join(" OR "),
                pairs: total,
                max: max_pairs,
            }));
        }
        Ok(Blocking { rules: indexes, tasks, dedupe })
    }

    /// Pair counts per rule, before removing duplicates across rules.
    pub fn counts(&self) -> Vec<RuleCount> {
        self.rules.iter().map(|r| RuleCount { rule: r.rule.text.clone(), pairs: r.pairs, new_pairs: None }).collect()
    }

    /// An upper bound on the candidate pairs (the sum over rules).
    pub fn max_candidate_pairs(&self) -> u64 {
        self.rules.iter().map(|r| r.pairs).sum()
    }

    /// Whether an earlier rule than `rule` also pairs these rows.
    fn seen_before(&self, rule: usize, left: u32, right: u32) -> bool {
        self.rules[..rule].iter().any(|earlier| {
            let lk = earlier.left_keys[left as usize];
            let rk = match &earlier.right_keys {
                Some(keys) => keys[right as usize],
                None => earlier.left_keys[right as usize],
            };
            lk != NO_KEY && lk == rk
        })
    }

    /// Runs `visit(acc, rule, left_row, right_row)` on every candidate pair once, in parallel,
    /// each worker with its own accumulator from `init`, merged with `merge`.
    /// When deduplicating, `left_row < right_row` and both index the one table.
    pub fn fold_pairs<A, I, V, M>(&self, init: I, visit: V, merge: M) -> A
    where
        A: Send,
        I: Fn() -> A + Sync + Send,
        V: Fn(&mut A, usize, u32, u32) + Sync + Send,
        M: Fn(A, A) -> A + Sync + Send,
    {
        self.tasks
            .par_iter()
            .fold(&init, |mut acc, task| {
                let index = &self.rules[task.rule];
                let right_rows = index.right_rows.as_deref().unwrap_or(&index.left_rows);
                for li in task.left.0..task.left.1 {
                    let l = index.left_rows[li as usize];
                    let right_start = if self.dedupe { li + 1 } else { task.right.0 };
                    for ri in right_start..task.right.1 {
                        let r = right_rows[ri as usize];
                        let (a, b) = if self.dedupe && r < l { (r, l) } else { (l, r) };
                        if task.rule > 0 && self.seen_before(task.rule, a, b) {
                            continue;
                        }
                        visit(&mut acc, task.rule, a, b);
                    }
                }
                acc
            })
            .reduce(&init, merge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn table(name: &str, rows: &[(&str, &str)]) -> Table {
        let mut t = Table::new(name, vec!["a".into(), "b".into()]);
        for (a, b) in rows {
            t.push_row([Some(*a), Some(*b)].map(|v| v.filter(|s| !s.is_empty())));
        }
        t
    }

    fn pairs(blocking: &Blocking) -> Vec<(u32, u32)> {
        let mut all = blocking.fold_pairs(
            Vec::new,
            |acc, _, l, r| acc.push((l, r)),
            |mut x, y| {
                x.extend(y);
                x
            },
        );
        all.sort();
        all
    }

    fn rules(texts: &[&str]) -> Vec<BlockingRule> {
        texts.iter().map(|t| BlockingRule::parse(t).unwrap()).collect()
    }

    #[test]
    fn link_union_has_no_duplicates() {
        let left = table("l", &[("x", "1"), ("x", "2"), ("y", "1"), ("", "3")]);
        let right = table("r", &[("x", "1"), ("y", "2"), ("z", "3")]);
        let blocking = Blocking::new(&rules(&["a", "b"]), &left, Some(&right), 100).unwrap();
        let got = pairs(&blocking);
        // Rule a: (0,0),(1,0),(2,1); rule b adds (1,1),(2,0),(3,2) and skips (0,0).
        assert_eq!(got, vec![(0, 0), (1, 0), (1, 1), (2, 0), (2, 1), (3, 2)]);
        let unique: BTreeSet<_> = got.iter().collect();
        assert_eq!(unique.len(), got.len());
        let counts: Vec<u64> = blocking.counts().iter().map(|c| c.pairs).collect();
        assert_eq!(counts, vec![3, 4]);
    }

    #[test]
    fn dedupe_pairs_are_ordered_and_unique() {
        let t = table("t", &[("x", "1"), ("x", "1"), ("x", "2"), ("y", "2")]);
        let blocking = Blocking::new(&rules(&["a", "b", "a & b"]), &t, None, 100).unwrap();
        assert_eq!(pairs(&blocking), vec![(0, 1), (0, 2), (1, 2), (2, 3)]);
        assert_eq!(count_rule_pairs(&rules(&["a"])[0], &t, None).unwrap(), 3);
    }

    #[test]
    fn big_blocks_are_split_but_complete() {
        let rows: Vec<(String, String)> = (0..700).map(|i| ("k".to_string(), i.to_string())).collect();
        let refs: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let t = table("t", &refs);
        let blocking = Blocking::new(&rules(&["a"]), &t, None, 1_000_000).unwrap();
        assert!(blocking.tasks.len() > 1);
        assert_eq!(pairs(&blocking).len(), 700 * 699 / 2);
    }

    #[test]
    fn too_many_pairs_is_an_error() {
        let rows: Vec<(String, String)> = (0..100).map(|i| ("k".to_string(), i.to_string())).collect();
        let refs: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let t = table("t", &refs);
        let error = Blocking::new(&rules(&["a"]), &t, None, 1000).err().unwrap();
        match error.kind() {
            ErrorKind::TooManyPairs { pairs, max, .. } => assert_eq!((*pairs, *max), (4950, 1000)),
            other => panic!("unexpected {other:?}"),
        }
        // The union is bounded too.
        let error = Blocking::new(&rules(&["a", "a|lower"]), &t, None, 9000).err().unwrap();
        assert!(error.to_string().contains("9900"), "{error}");
    }
}
