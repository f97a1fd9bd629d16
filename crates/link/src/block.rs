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

/// One key part's hash for every row (`NO_KEY` when missing), each distinct raw value
/// transformed and hashed once (names repeat, and transforms such as `lk82` cost far more than a
/// lookup); rows then only copy a `u64`, with no allocation per record.
fn key_part(key: &KeyExpr, table: &Table) -> Result<Vec<u64>> {
    let column = table.column(&key.column)?;
    let mut distinct: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
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
    let hashes: Vec<u64> = raws
        .par_iter()
        .map(|raw| match key.apply(raw) {
            None => NO_KEY,
            Some(value) => {
                // DefaultHasher::new() has fixed keys, so hashes are stable within and across runs.
                let mut hasher = std::hash::DefaultHasher::new();
                value.hash(&mut hasher);
                match hasher.finish() {
                    NO_KEY => 1,
                    h => h,
                }
            }
        })
        .collect();
    Ok(slots.par_iter().map(|&s| if s == u32::MAX { NO_KEY } else { hashes[s as usize] }).collect())
}

/// Mixes key-part hashes into one (SplitMix64's finaliser over a running combination).
fn combine(parts: &[&[u64]], row: usize) -> u64 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15;
    for part in parts {
        let p = part[row];
        if p == NO_KEY {
            return NO_KEY;
        }
        h = (h ^ p).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        h ^= h >> 31;
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^= h >> 27;
    if h == NO_KEY { 1 } else { h }
}

/// Key-part hashes computed once per (key expression, side) and shared by every rule using them.
pub(crate) struct KeyParts {
    left: std::collections::HashMap<String, Vec<u64>>,
    right: std::collections::HashMap<String, Vec<u64>>,
}

impl KeyParts {
    /// Hashes every key expression of `rules` on both tables, in parallel.
    pub(crate) fn new(rules: &[BlockingRule], left: &Table, right: Option<&Table>) -> Result<KeyParts> {
        let mut keys: Vec<&KeyExpr> = Vec::new();
        for key in rules.iter().flat_map(|r| &r.keys) {
            if !keys.iter().any(|k| k.to_string() == key.to_string()) {
                keys.push(key);
            }
        }
        let sides: Vec<(bool, &KeyExpr)> =
            keys.iter().flat_map(|k| std::iter::once((false, *k)).chain(right.map(|_| (true, *k)))).collect();
        let computed = sides
            .par_iter()
            .map(|(is_right, key)| {
                let table = if *is_right { right.unwrap_or(left) } else { left };
                key_part(key, table).map(|hashes| (*is_right, key.to_string(), hashes))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut parts = KeyParts { left: Default::default(), right: Default::default() };
        for (is_right, key, hashes) in computed {
            if is_right {
                parts.right.insert(key, hashes);
            } else {
                parts.left.insert(key, hashes);
            }
        }
        Ok(parts)
    }

    /// The rule's key for every row of one side.
    pub(crate) fn rule_keys(&self, rule: &BlockingRule, right_side: bool) -> Vec<u64> {
        let map = if right_side { &self.right } else { &self.left };
        let parts: Vec<&[u64]> = rule.keys.iter().map(|k| map[&k.to_string()].as_slice()).collect();
        let n = parts.first().map_or(0, |p| p.len());
        (0..n).into_par_iter().map(|row| combine(&parts, row)).collect()
    }
}

/// One rule's keys, sorted rows and blocks on both sides.
pub(crate) struct RuleData {
    pub(crate) left_keys: Vec<u64>,
    pub(crate) right_keys: Option<Vec<u64>>,
    left_rows: Vec<u32>,
    right_rows: Option<Vec<u32>>,
    blocks: Vec<Block>,
    pub(crate) pairs: u64,
}

impl RuleData {
    pub(crate) fn new(parts: &KeyParts, rule: &BlockingRule, dedupe: bool) -> RuleData {
        let left_keys = parts.rule_keys(rule, false);
        let left_rows = sorted_rows(&left_keys);
        let (right_keys, right_rows) = if dedupe {
            (None, None)
        } else {
            let keys = parts.rule_keys(rule, true);
            let rows = sorted_rows(&keys);
            (Some(keys), Some(rows))
        };
        let right_pair = right_rows.as_deref().zip(right_keys.as_deref());
        let blocks = blocks(&left_rows, &left_keys, right_pair);
        let pairs = blocks.iter().map(|b| block_pairs(b, dedupe)).sum();
        RuleData { left_keys, right_keys, left_rows, right_rows, blocks, pairs }
    }

    /// Whether the rule pairs these two rows.
    pub(crate) fn covers(&self, left: u32, right: u32) -> bool {
        let lk = self.left_keys[left as usize];
        let rk = self.right_keys.as_ref().unwrap_or(&self.left_keys)[right as usize];
        lk != NO_KEY && lk == rk
    }

    /// The pairs of blocks holding exactly one record on each side (two records when
    /// deduplicating): agreement on a near-unique key, the likely matches the inference uses as
    /// witnesses.
    pub(crate) fn singleton_pairs(&self) -> Vec<(u32, u32)> {
        let right_rows = self.right_rows.as_deref().unwrap_or(&self.left_rows);
        self.blocks
            .iter()
            .filter_map(|b| {
                let l = b.left.1 - b.left.0;
                let r = b.right.1 - b.right.0;
                if self.right_keys.is_none() {
                    (l == 2).then(|| {
                        let (a, c) = (self.left_rows[b.left.0 as usize], self.left_rows[b.left.0 as usize + 1]);
                        (a.min(c), a.max(c))
                    })
                } else {
                    (l == 1 && r == 1).then(|| (self.left_rows[b.left.0 as usize], right_rows[b.right.0 as usize]))
                }
            })
            .collect()
    }
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
    let parts = KeyParts::new(std::slice::from_ref(rule), left, right)?;
    Ok(RuleData::new(&parts, rule, right.is_none()).pairs)
}

struct RuleIndex {
    rule: BlockingRule,
    data: RuleData,
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

/// Rules' keys and blocks already computed (by the inference, which measures every candidate
/// rule), handed to [`Blocking::with_plans`] so the chosen rules are not hashed and sorted again.
/// Only valid for the tables they were computed on (checked by their sizes).
pub struct RulePlans {
    data: std::collections::HashMap<String, RuleData>,
    sizes: (usize, Option<usize>),
}

impl RulePlans {
    pub(crate) fn new(
        data: std::collections::HashMap<String, RuleData>,
        left: &Table,
        right: Option<&Table>,
    ) -> RulePlans {
        RulePlans { data, sizes: (left.len(), right.map(Table::len)) }
    }

    /// The rules held.
    pub fn rules(&self) -> impl Iterator<Item = &str> {
        self.data.keys().map(String::as_str)
    }
}

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
        Blocking::with_plans(rules, left, right, max_pairs, None)
    }

    /// As [`Blocking::new`], taking each rule's keys and blocks from `plans` when it holds them
    /// (computed on the same tables) and computing only the others.
    pub fn with_plans(
        rules: &[BlockingRule],
        left: &Table,
        right: Option<&Table>,
        max_pairs: u64,
        plans: Option<RulePlans>,
    ) -> Result<Blocking> {
        let dedupe = right.is_none();
        let mut known = match plans {
            Some(p) if p.sizes == (left.len(), right.map(Table::len)) => p.data,
            _ => Default::default(),
        };
        let missing: Vec<BlockingRule> = rules.iter().filter(|r| !known.contains_key(&r.text)).cloned().collect();
        if !missing.is_empty() {
            let parts = KeyParts::new(&missing, left, right)?;
            let computed: Vec<RuleData> = missing.par_iter().map(|rule| RuleData::new(&parts, rule, dedupe)).collect();
            for (rule, data) in missing.iter().zip(computed) {
                known.insert(rule.text.clone(), data);
            }
        }
        // A rule written twice gets its own copy of the keys (rare; the model file is the cause).
        let mut data: Vec<RuleData> = Vec::with_capacity(rules.len());
        for rule in rules {
            match known.remove(&rule.text) {
                Some(d) => data.push(d),
                None => {
                    let parts = KeyParts::new(std::slice::from_ref(rule), left, right)?;
                    data.push(RuleData::new(&parts, rule, dedupe));
                }
            }
        }
        drop(known);
        let mut indexes = Vec::with_capacity(rules.len());
        let mut tasks = Vec::new();
        let mut total: u64 = 0;
        for (rule_index, (rule, data)) in rules.iter().zip(data).enumerate() {
            if data.pairs > max_pairs {
                return Err(Error::new(ErrorKind::TooManyPairs {
                    rule: rule.text.clone(),
                    pairs: data.pairs,
                    max: max_pairs,
                }));
            }
            total += data.pairs;
            for block in &data.blocks {
                let right_len = u64::from(block.right.1 - block.right.0).max(1);
                let chunk = (TASK_PAIRS / right_len).max(1) as u32;
                let mut start = block.left.0;
                while start < block.left.1 {
                    let end = (start + chunk).min(block.left.1);
                    tasks.push(Task { rule: rule_index, left: (start, end), right: block.right });
                    start = end;
                }
            }
            indexes.push(RuleIndex { rule: rule.clone(), data });
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
        self.rules
            .iter()
            .map(|r| RuleCount { rule: r.rule.text.clone(), pairs: r.data.pairs, new_pairs: None })
            .collect()
    }

    /// An upper bound on the candidate pairs (the sum over rules).
    pub fn max_candidate_pairs(&self) -> u64 {
        self.rules.iter().map(|r| r.data.pairs).sum()
    }

    /// Whether an earlier rule than `rule` also pairs these rows.
    fn seen_before(&self, rule: usize, left: u32, right: u32) -> bool {
        self.rules[..rule].iter().any(|earlier| earlier.data.covers(left, right))
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
                let index = &self.rules[task.rule].data;
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
