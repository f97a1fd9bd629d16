//! The linkage run: prepare values, block, estimate u and m, score, cluster, write outputs.
//!
//! Candidate pairs are never stored.
//! They are generated twice from the blocking plan: once to count comparison patterns for EM,
//! once to score; only pairs at or above the lower edge of the clerical-review band are kept.
//! Memory is therefore the prepared values (linear in records) plus the kept pairs, whatever the
//! number of candidates.

use rustc_hash::{FxHashMap as HashMap, FxHashSet};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::block::{Blocking, RuleCount};
use crate::compare::{Comparator, NULL_LEVEL, Value, unpack};
use crate::error::{Error, ErrorKind, Result};
use crate::fs::{self, EmOptions, EmReport, Params, Weights};
use crate::model::ModelSpec;
use crate::rng::SplitMix;
use crate::table::Table;

/// How the match threshold is chosen.
#[derive(Clone, Copy, Debug, Serialize)]
pub enum Threshold {
    /// Pairs with at least this match probability are links.
    Probability(f64),
    /// The lowest probability at which the model's own estimate of precision stays at or above
    /// this value (estimated from the pattern distribution, without term-frequency adjustment).
    TargetPrecision(f64),
}

/// Options of a run.
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    /// The match threshold.
    pub threshold: Threshold,
    /// Pairs from this probability up to the threshold go to clerical review.
    pub review_from: f64,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions { threshold: Threshold::Probability(0.9), review_from: 0.2 }
    }
}

/// Values of one table prepared for every comparison.
///
/// Row-major: a record's values for every comparison sit next to each other, so comparing a pair
/// touches two or three cache lines per record instead of one per comparison (random pairs, as in
/// u sampling, are bound by memory latency, not arithmetic).
struct Prepared {
    stride: usize,
    rows: Vec<Value>,
    comparison_slot: Vec<usize>,
    swap_slot: Vec<Option<usize>>,
    tf: Vec<Option<Vec<f32>>>,
}

impl Prepared {
    fn new(
        columns: Vec<Vec<Value>>,
        comparison_slot: Vec<usize>,
        swap_slot: Vec<Option<usize>>,
        n_comparisons: usize,
    ) -> Prepared {
        let stride = columns.len();
        let n = columns.first().map_or(0, Vec::len);
        let mut iterators: Vec<std::vec::IntoIter<Value>> = columns.into_iter().map(Vec::into_iter).collect();
        let mut rows = Vec::with_capacity(n * stride);
        for _ in 0..n {
            for it in iterators.iter_mut() {
                rows.push(it.next().unwrap_or(Value::Null));
            }
        }
        Prepared { stride, rows, comparison_slot, swap_slot, tf: vec![None; n_comparisons] }
    }

    /// Comparison `c`'s value of `row`.
    fn value(&self, row: usize, c: usize) -> &Value {
        &self.rows[row * self.stride + self.comparison_slot[c]]
    }

    /// The swap column's value of `row` for comparison `c`.
    fn swap_value(&self, row: usize, c: usize) -> Option<&Value> {
        self.swap_slot[c].map(|slot| &self.rows[row * self.stride + slot])
    }
}

/// A level's u is precise enough from this many random pairs at that level (about ±14 %, a
/// fifth of a bit of weight).
const U_MIN_HITS: u64 = 50;

/// A level whose u is surely below this (no or few random pairs there) already gives a decisive
/// weight; more sampling would only refine a number that changes no decision.
const U_NEGLIGIBLE: f64 = 1e-4;

/// Up to this many candidate pairs (16 bytes each) are kept between the counting and the scoring
/// pass; above it they are generated and compared again, so memory stays bounded.
const STORE_PAIRS: u64 = 50_000_000;

struct PassOne {
    patterns: Vec<(u64, u64)>,
    per_rule: Vec<u64>,
    stored: Option<Vec<(u32, u32, u64)>>,
}

/// A scored candidate pair (rows index the left and right tables; one table when deduplicating).
#[derive(Clone, Copy, Debug)]
pub struct ScoredPair {
    /// Left row.
    pub left: u32,
    /// Right row.
    pub right: u32,
    /// Match weight (log₂ odds).
    pub weight: f64,
    /// Packed comparison levels.
    pub pattern: u64,
}

impl ScoredPair {
    /// Match probability.
    pub fn probability(&self) -> f64 {
        fs::probability(self.weight)
    }
}

/// One comparison's part of a pair's match weight.
#[derive(Clone, Debug, Serialize)]
pub struct Contribution {
    /// The comparison.
    pub comparison: String,
    /// The level label ("null" when a value is missing).
    pub level: String,
    /// log₂ Bayes factor added to the weight.
    pub weight: f64,
}

/// Why a pair got its weight: the prior, then each comparison, adding up to the total.
#[derive(Clone, Debug, Serialize)]
pub struct Explanation {
    /// log₂ prior odds.
    pub prior: f64,
    /// Per comparison.
    pub contributions: Vec<Contribution>,
    /// The match weight.
    pub total: f64,
    /// The match probability.
    pub probability: f64,
}

impl Explanation {
    /// A text waterfall: each step with its running total and a bar.
    pub fn waterfall(&self) -> String {
        let mut out = String::new();
        let mut running = self.prior;
        let bar = |w: f64| {
            let n = (w.abs().round() as usize).min(30);
            if w >= 0.0 { "+".repeat(n) } else { "-".repeat(n) }
        };
        out.push_str(&format!("{:<28} {:>8.2} {:>8.2}  {}\n", "prior", self.prior, running, bar(self.prior)));
        for c in &self.contributions {
            running += c.weight;
            let label = format!("{} = {}", c.comparison, c.level);
            out.push_str(&format!("{label:<28} {:>8.2} {running:>8.2}  {}\n", c.weight, bar(c.weight)));
        }
        out.push_str(&format!("{:<28} {:>8.2}  probability {:.4}\n", "total", self.total, self.probability));
        out
    }
}

/// What a run found and how.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// Records on each side.
    pub records: (usize, usize),
    /// Pairs per blocking rule (alone) and new to the union.
    pub rules: Vec<RuleCount>,
    /// Candidate pairs compared.
    pub candidate_pairs: u64,
    /// Distinct comparison patterns among them.
    pub patterns: usize,
    /// Random pairs drawn for u.
    pub u_sample_pairs: u64,
    /// The fitted model.
    pub params: Params,
    /// EM diagnostics.
    pub em: EmReport,
    /// The probability threshold used.
    pub threshold: f64,
    /// Pairs at or above the threshold.
    pub links: usize,
    /// Pairs in the review band.
    pub review: usize,
    /// Clusters with two or more records.
    pub clusters: usize,
    /// Seconds per stage.
    pub seconds: Vec<(String, f64)>,
}

/// A prepared linkage: tables, comparisons, blocking plan.
pub struct Linker<'a> {
    spec: ModelSpec,
    comparators: Vec<Comparator>,
    left: &'a Table,
    right: Option<&'a Table>,
    prepared_left: Prepared,
    prepared_right: Option<Prepared>,
    blocking: Blocking,
    id_column: String,
    timings: Vec<(String, f64)>,
    warnings: Vec<String>,
}

/// A prepared column's distinct values and which one each row holds (`u32::MAX`: missing), kept
/// until term frequencies are counted, so they are counted per distinct value, not per row.
struct Interned {
    slots: Vec<u32>,
    distinct: Vec<Value>,
}

/// Prepares a column, each distinct raw value once: registers repeat names, dates and places, and
/// name preparation (normalisation, romanisation, phonetic code) is the costly part.
fn prepare_column(comparator: &Comparator, column: &crate::table::Column) -> (Vec<Value>, Interned) {
    let mut distinct: HashMap<&str, u32> = HashMap::default();
    let mut slots: Vec<u32> = Vec::with_capacity(column.len());
    let mut raws: Vec<&str> = Vec::new();
    for row in 0..column.len() {
        let slot = match column.get(row) {
            None => u32::MAX,
            Some(raw) => *distinct.entry(raw).or_insert_with(|| {
                raws.push(raw);
                (raws.len() - 1) as u32
            }),
        };
        slots.push(slot);
    }
    drop(distinct);
    let prepared: Vec<Value> = raws.par_iter().map(|raw| comparator.prepare(Some(raw))).collect();
    // Sequential on purpose: cloning the same `Arc` (a common name, a province) from two threads
    // makes them fight over its reference counter.
    let values = slots
        .iter()
        .map(|&slot| if slot == u32::MAX { Value::Null } else { prepared[slot as usize].clone() })
        .collect();
    (values, Interned { slots, distinct: prepared })
}

/// A hash of the value's term-frequency key (what "the same value" means for the comparison),
/// computed without allocating.
fn tf_hash(value: &Value) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    match value {
        Value::Null => return None,
        Value::Text(c) => c.hash(&mut h),
        Value::Name(n) => n.key.hash(&mut h),
        Value::Number(x) => x.to_bits().hash(&mut h),
        Value::Date(_, d) => d.hash(&mut h),
        Value::Id(id) => id.digits.hash(&mut h),
        Value::Bits(b, _) => b.hash(&mut h),
    }
    Some(h.finish())
}

/// Term frequencies of one prepared column over both sides together, per row of each side:
/// each distinct value is hashed once and weighted by how many rows hold it (two raw spellings
/// with one prepared form count together, as before).
fn term_frequencies(sides: &[&Interned]) -> Vec<Vec<f32>> {
    let per_side: Vec<(Vec<Option<u64>>, Vec<u32>)> = sides
        .iter()
        .map(|side| {
            let hashes: Vec<Option<u64>> = side.distinct.par_iter().map(tf_hash).collect();
            let mut rows = vec![0u32; side.distinct.len()];
            for &slot in &side.slots {
                if slot != u32::MAX {
                    rows[slot as usize] += 1;
                }
            }
            (hashes, rows)
        })
        .collect();
    let mut counts: HashMap<u64, u64> = HashMap::default();
    for (hashes, rows) in &per_side {
        for (hash, &n) in hashes.iter().zip(rows) {
            if let Some(hash) = hash {
                *counts.entry(*hash).or_default() += u64::from(n);
            }
        }
    }
    let total = counts.values().sum::<u64>().max(1) as f64;
    per_side
        .iter()
        .zip(sides)
        .map(|((hashes, _), side)| {
            let freq: Vec<f32> = hashes.iter().map(|h| h.map_or(0.0, |h| (counts[&h] as f64 / total) as f32)).collect();
            side.slots.par_iter().map(|&s| if s == u32::MAX { 0.0 } else { freq[s as usize] }).collect()
        })
        .collect()
}

impl<'a> Linker<'a> {
    /// Checks the model against the tables, prepares every value and builds the blocking plan
    /// (which fails early with [`ErrorKind::TooManyPairs`] when a rule is too loose).
    pub fn new(spec: &ModelSpec, left: &'a Table, right: Option<&'a Table>) -> Result<Linker<'a>> {
        Linker::with_plans(spec, left, right, None)
    }

    /// As [`Linker::new`], reusing the blocking rules' keys and blocks the inference computed
    /// ([`crate::infer::infer_with_plans`]) for the same tables.
    pub fn with_plans(
        spec: &ModelSpec,
        left: &'a Table,
        right: Option<&'a Table>,
        plans: Option<crate::block::RulePlans>,
    ) -> Result<Linker<'a>> {
        spec.validate()?;
        let started = Instant::now();
        let comparators = spec.comparisons.iter().map(Comparator::new).collect::<Result<Vec<_>>>()?;
        let id_column = spec.unique_id.clone().unwrap_or_else(|| left.names[0].clone());
        check_columns(spec, &id_column, left, right)?;
        let checks: Vec<Result<()>> = std::iter::once(left)
            .chain(right)
            .collect::<Vec<_>>()
            .par_iter()
            .map(|t| check_unique(t, &id_column))
            .collect();
        checks.into_iter().collect::<Result<()>>()?;
        let mut warnings = Vec::new();
        for comparator in &comparators {
            for table in std::iter::once(left).chain(right) {
                let column = table.column(&comparator.spec.column)?;
                let filled = (0..column.len()).filter(|&r| column.get(r).is_some()).count();
                if (filled as f64) < 0.01 * column.len() as f64 {
                    warnings.push(format!(
                        "`{}` is {:.1}% empty in {}: it adds almost nothing to the match weights / คอลัมน์ `{}` ใน {} ว่างถึง {:.1}%",
                        comparator.spec.column,
                        100.0 - 100.0 * filled as f64 / column.len().max(1) as f64,
                        table.name,
                        comparator.spec.column,
                        table.name,
                        100.0 - 100.0 * filled as f64 / column.len().max(1) as f64
                    ));
                }
            }
        }
        let prepare = |table: &Table| -> Result<(Prepared, Vec<Interned>)> {
            // One prepared column per (column, kind); the swapped-names level reuses the other
            // name comparison's column. Columns are prepared in parallel.
            let mut wanted: Vec<(String, usize)> = Vec::new();
            let mut slot_of = |name: &str, c: usize| -> usize {
                let kind = comparators[c].spec.kind;
                if let Some(i) = wanted.iter().position(|(n, k)| n == name && comparators[*k].spec.kind == kind) {
                    return i;
                }
                wanted.push((name.to_string(), c));
                wanted.len() - 1
            };
            let mut comparison_slot = Vec::new();
            let mut swap_slot = Vec::new();
            for (c, comparator) in comparators.iter().enumerate() {
                comparison_slot.push(slot_of(&comparator.spec.column, c));
                swap_slot.push(comparator.spec.swap_with.as_ref().map(|other| slot_of(other, c)));
            }
            let (columns, interned): (Vec<Vec<Value>>, Vec<Interned>) = wanted
                .par_iter()
                .map(|(name, c)| Ok(prepare_column(&comparators[*c], table.column(name)?)))
                .collect::<Result<Vec<_>>>()?
                .into_iter()
                .unzip();
            Ok((Prepared::new(columns, comparison_slot, swap_slot, comparators.len()), interned))
        };
        let (prepared_left, prepared_right) = rayon::join(|| prepare(left), || right.map(prepare).transpose());
        let ((mut prepared_left, interned_left), prepared_right) = (prepared_left?, prepared_right?);
        let (mut prepared_right, interned_right) = match prepared_right {
            Some((p, i)) => (Some(p), Some(i)),
            None => (None, None),
        };
        // Term frequencies over both tables together.
        for (c, comparator) in comparators.iter().enumerate() {
            if !comparator.spec.tf {
                continue;
            }
            let slot = prepared_left.comparison_slot[c];
            let sides: Vec<&Interned> =
                std::iter::once(&interned_left[slot]).chain(interned_right.as_ref().map(|i| &i[slot])).collect();
            let mut freqs = term_frequencies(&sides).into_iter();
            prepared_left.tf[c] = freqs.next();
            if let Some(p) = prepared_right.as_mut() {
                p.tf[c] = freqs.next();
            }
        }
        drop((interned_left, interned_right));
        let prepared_at = started.elapsed().as_secs_f64();
        let rules = spec.rules()?;
        let blocking = Blocking::with_plans(&rules, left, right, spec.max_pairs, plans)?;
        let timings = vec![
            ("prepare".to_string(), prepared_at),
            ("blocking plan".to_string(), started.elapsed().as_secs_f64() - prepared_at),
        ];
        Ok(Linker {
            spec: spec.clone(),
            comparators,
            left,
            right,
            prepared_left,
            prepared_right,
            blocking,
            id_column,
            timings,
            warnings,
        })
    }

    /// What a person should know before trusting the run (almost empty columns).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Pairs per rule, known before any pair is compared.
    pub fn rule_counts(&self) -> Vec<RuleCount> {
        self.blocking.counts()
    }

    fn right_prepared(&self) -> &Prepared {
        self.prepared_right.as_ref().unwrap_or(&self.prepared_left)
    }

    fn right_table(&self) -> &Table {
        self.right.unwrap_or(self.left)
    }

    /// The comparison levels of a pair of rows.
    pub fn pattern(&self, left: u32, right: u32) -> u64 {
        let (a, b) = (&self.prepared_left, self.right_prepared());
        let (l, r) = (left as usize, right as usize);
        let mut packed = 0u64;
        for (c, comparator) in self.comparators.iter().enumerate() {
            let swap = a.swap_value(l, c).zip(b.swap_value(r, c));
            let level = comparator.level(a.value(l, c), b.value(r, c), swap);
            packed |= u64::from(level) << (4 * c);
        }
        packed
    }

    fn total_pairs(&self) -> u64 {
        let nl = self.left.len() as u64;
        match self.right {
            Some(r) => nl * r.len() as u64,
            None => nl * nl.saturating_sub(1) / 2,
        }
    }

    fn levels(&self) -> Vec<usize> {
        self.comparators.iter().map(Comparator::n_levels).collect()
    }

    /// u from random pairs: level counts per comparison.
    ///
    /// Pairs are drawn in rounds until every level's u is known well enough (at least
    /// `U_MIN_HITS` random pairs at that level, or an upper bound below `U_NEGLIGIBLE`, where the
    /// level's weight is already decisive), up to the model's `u_sample_pairs`. Each chunk has
    /// its own seed, so the answer depends only on the seed.
    fn estimate_u(&self) -> (Vec<Vec<f64>>, u64) {
        let cap = self.spec.u_sample_pairs.min(self.total_pairs()).max(1);
        let chunk = 50_000u64;
        let nl = self.left.len() as u64;
        let nr = self.right_table().len() as u64;
        let dedupe = self.right.is_none();
        let levels = self.levels();
        let zero = || -> Vec<Vec<u64>> { levels.iter().map(|&n| vec![0; n]).collect() };
        let merge = |mut a: Vec<Vec<u64>>, b: Vec<Vec<u64>>| {
            for (x, y) in a.iter_mut().zip(b) {
                for (p, q) in x.iter_mut().zip(y) {
                    *p += q;
                }
            }
            a
        };
        let run_chunk = |k: u64| -> Vec<Vec<u64>> {
            let mut rng = SplitMix(self.spec.seed ^ k.wrapping_mul(0xA24B_AED4_963E_E407));
            let mut counts = zero();
            let todo = chunk.min(cap - k * chunk) as usize;
            let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(todo);
            while pairs.len() < todo {
                let l = rng.below(nl) as u32;
                let r = rng.below(nr) as u32;
                if !(dedupe && l == r) {
                    pairs.push((l, r));
                }
            }
            // Visiting the sample in row order halves the cache misses of random access.
            pairs.sort_unstable();
            for (l, r) in pairs {
                let pattern = self.pattern(l, r);
                for (c, count) in counts.iter_mut().enumerate() {
                    let level = unpack(pattern, c);
                    if level != NULL_LEVEL {
                        count[level as usize] += 1;
                    }
                }
            }
            counts
        };
        let n_chunks = cap.div_ceil(chunk);
        // Small rounds (100,000 pairs) so the sample stops close to what the precision needs;
        // the chunks of a round run in parallel and the rule only looks at totals, so the
        // answer does not depend on the number of threads.
        let round = 2u64;
        let mut counts = zero();
        let mut done = 0u64;
        while done < n_chunks {
            let upto = (done + round).min(n_chunks);
            let part = (done..upto).into_par_iter().map(run_chunk).reduce(zero, merge);
            counts = merge(counts, part);
            done = upto;
            let precise = counts.iter().all(|c| {
                let n = c.iter().sum::<u64>().max(1) as f64;
                c.iter().all(|&hits| hits >= U_MIN_HITS || (hits as f64 + 3.0) / n <= U_NEGLIGIBLE)
            });
            if precise {
                break;
            }
        }
        (fs::u_from_counts(&counts), (done * chunk).min(cap))
    }

    /// Pattern counts of all candidate pairs, the pairs each rule adds to the union, and, when
    /// there are few enough candidates (`STORE_PAIRS`), the pairs with their patterns so scoring
    /// need not compare again.
    fn pattern_counts(&self) -> PassOne {
        let n_rules = self.blocking.counts().len();
        let store = self.blocking.max_candidate_pairs() <= STORE_PAIRS;
        let (map, per_rule, stored) = self.blocking.fold_pairs(
            || (HashMap::<u64, u64>::default(), vec![0u64; n_rules], Vec::new()),
            |acc, rule, l, r| {
                let pattern = self.pattern(l, r);
                *acc.0.entry(pattern).or_default() += 1;
                acc.1[rule] += 1;
                if store {
                    acc.2.push((l, r, pattern));
                }
            },
            |mut a, b| {
                for (k, v) in b.0 {
                    *a.0.entry(k).or_default() += v;
                }
                for (x, y) in a.1.iter_mut().zip(b.1) {
                    *x += y;
                }
                a.2.extend(b.2);
                a
            },
        );
        let mut patterns: Vec<(u64, u64)> = map.into_iter().collect();
        patterns.sort_unstable();
        PassOne { patterns, per_rule, stored: store.then_some(stored) }
    }

    fn tf_lookup(&self, c: usize, l: u32, r: u32) -> Option<f64> {
        let left = self.prepared_left.tf[c].as_ref()?;
        let right = self.right_prepared().tf[c].as_ref()?;
        Some(f64::from(left[l as usize].max(right[r as usize])))
    }

    /// Explains a pair under fitted parameters.
    pub fn explain(&self, params: &Params, left: u32, right: u32) -> Explanation {
        let weights = Weights::new(params);
        let pattern = self.pattern(left, right);
        let contributions: Vec<Contribution> = self
            .comparators
            .iter()
            .enumerate()
            .map(|(c, comparator)| {
                let level = unpack(pattern, c);
                Contribution {
                    comparison: comparator.spec.label().to_string(),
                    level: level_label(comparator, level),
                    weight: weights.contribution(c, level, |c| self.tf_lookup(c, left, right)),
                }
            })
            .collect();
        let total = weights.prior + contributions.iter().map(|c| c.weight).sum::<f64>();
        Explanation { prior: weights.prior, contributions, total, probability: fs::probability(total) }
    }

    /// Runs the whole linkage and writes outputs into `out_dir` when given.
    pub fn run(&mut self, options: &RunOptions, out_dir: Option<&Path>) -> Result<(Summary, Vec<ScoredPair>)> {
        let stage = Instant::now();
        let PassOne { patterns, per_rule, stored } = self.pattern_counts();
        let candidate_pairs: u64 = per_rule.iter().sum();
        self.timings.push(("compare (pass 1)".into(), stage.elapsed().as_secs_f64()));
        if candidate_pairs == 0 {
            return Err(Error::model("the blocking rules produce no candidate pair; check the key columns"));
        }
        let stage = Instant::now();
        let (u_random, u_sample_pairs) = self.estimate_u();
        self.timings.push(("u sampling".into(), stage.elapsed().as_secs_f64()));
        let stage = Instant::now();
        let levels = self.levels();
        let smaller = self.left.len().min(self.right_table().len()) as f64;
        let lambda_start = (smaller / candidate_pairs as f64 * 0.5).clamp(1e-4, 0.5);
        let (m, em) = fs::em(
            &patterns,
            &levels,
            fs::initial_m(&levels),
            u_random.clone(),
            lambda_start,
            EmOptions {
                fix_u: self.spec.em_fix_u,
                max_iterations: self.spec.em_max_iterations,
                tolerance: self.spec.em_tolerance,
            },
        );
        let lambda = (em.lambda_blocked * candidate_pairs as f64 / self.total_pairs() as f64).clamp(1e-12, 0.5);
        let params = Params { m, u: u_random, lambda };
        self.timings.push(("EM".into(), stage.elapsed().as_secs_f64()));
        let weights = Weights::new(&params);
        let threshold = match options.threshold {
            Threshold::Probability(p) => p,
            Threshold::TargetPrecision(target) => threshold_for_precision(&patterns, &weights, target),
        };
        let keep_from = options.review_from.min(threshold);
        let keep_weight = fs::weight_of(keep_from);
        let stage = Instant::now();
        let tf_columns: Vec<bool> = self.comparators.iter().map(|c| c.spec.tf).collect();
        let score = |l: u32, r: u32, pattern: u64| -> Option<ScoredPair> {
            let weight = weights.weight(pattern, |c| if tf_columns[c] { self.tf_lookup(c, l, r) } else { None });
            (weight >= keep_weight).then_some(ScoredPair { left: l, right: r, weight, pattern })
        };
        let mut kept: Vec<ScoredPair> = match stored {
            Some(pairs) => pairs.par_iter().filter_map(|&(l, r, p)| score(l, r, p)).collect(),
            None => self.blocking.fold_pairs(
                Vec::new,
                |acc: &mut Vec<ScoredPair>, _, l, r| acc.extend(score(l, r, self.pattern(l, r))),
                |mut a, b| {
                    a.extend(b);
                    a
                },
            ),
        };
        // A stable order: strongest first, then by rows.
        kept.par_sort_unstable_by(|a, b| {
            b.weight.total_cmp(&a.weight).then(a.left.cmp(&b.left)).then(a.right.cmp(&b.right))
        });
        self.timings.push(("score (pass 2)".into(), stage.elapsed().as_secs_f64()));
        let threshold_weight = fs::weight_of(threshold);
        let links: Vec<ScoredPair> = kept.iter().copied().filter(|p| p.weight >= threshold_weight).collect();
        let clusters = crate::cluster::Clusters::new(
            self.left.len(),
            self.right.map(Table::len),
            links.iter().map(|p| (p.left, p.right)),
        );
        let mut rules = self.blocking.counts();
        for (count, new_pairs) in rules.iter_mut().zip(&per_rule) {
            count.new_pairs = Some(*new_pairs);
        }
        let summary = Summary {
            records: (self.left.len(), self.right.map_or(0, Table::len)),
            rules,
            candidate_pairs,
            patterns: patterns.len(),
            u_sample_pairs,
            params: params.clone(),
            em,
            threshold,
            links: links.len(),
            review: kept.len() - links.len(),
            clusters: clusters.multi_record_clusters(),
            seconds: self.timings.clone(),
        };
        if let Some(dir) = out_dir {
            let stage = Instant::now();
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            self.write_pairs(&dir.join("pairs.csv"), &links, &weights)?;
            let review: Vec<ScoredPair> = kept.iter().copied().filter(|p| p.weight < threshold_weight).collect();
            self.write_pairs(&dir.join("review.csv"), &review, &weights)?;
            self.write_clusters(&dir.join("clusters.csv"), &clusters)?;
            let mut summary = summary.clone();
            summary.seconds.push(("write".into(), stage.elapsed().as_secs_f64()));
            let model = serde_json::json!({ "model": self.spec, "labels": self.comparators.iter().map(|c| &c.labels).collect::<Vec<_>>(), "summary": summary });
            let path = dir.join("model.json");
            std::fs::write(&path, serde_json::to_string_pretty(&model).unwrap_or_default())
                .map_err(|e| Error::io(&path, e))?;
            return Ok((summary, kept));
        }
        Ok((summary, kept))
    }

    /// Writes pairs as CSV: chunks are formatted in parallel into byte buffers (ids looked up
    /// by column once, no allocation per field), then written in order.
    fn write_pairs(&self, path: &Path, pairs: &[ScoredPair], weights: &Weights) -> Result<()> {
        let left_ids = self.left.column(&self.id_column)?;
        let right_ids = self.right_table().column(&self.id_column)?;
        let mut header = String::from("id_l,id_r,match_weight,match_probability");
        for c in &self.comparators {
            let label = c.spec.label();
            header.push_str(&format!(",{},{}", csv_field(&format!("level_{label}")), csv_field(&format!("w_{label}"))));
        }
        header.push('\n');
        // `,label,weight` of every (comparison, level) whose weight does not depend on the pair
        // (all but exact agreement under a term-frequency adjustment), formatted once.
        let fixed: Vec<Vec<Option<Vec<u8>>>> = self
            .comparators
            .iter()
            .enumerate()
            .map(|(c, comparator)| {
                (0..=NULL_LEVEL)
                    .map(|level| {
                        let known = level == NULL_LEVEL || (level as usize) < comparator.labels.len();
                        (known && !(level == 0 && comparator.spec.tf)).then(|| {
                            let label =
                                if level == NULL_LEVEL { "null" } else { comparator.labels[level as usize].as_str() };
                            format!(",{label},{:.3}", weights.contribution(c, level, |_| None)).into_bytes()
                        })
                    })
                    .collect()
            })
            .collect();
        let format = |chunk: &[ScoredPair]| -> Vec<u8> {
            let mut out: Vec<u8> = Vec::with_capacity(chunk.len() * (48 + 24 * self.comparators.len()));
            for pair in chunk {
                write_csv_field(&mut out, left_ids.get(pair.left as usize).unwrap_or(""));
                out.push(b',');
                write_csv_field(&mut out, right_ids.get(pair.right as usize).unwrap_or(""));
                let _ = write!(out, ",{:.4},{:.6}", pair.weight, pair.probability());
                for (c, comparator) in self.comparators.iter().enumerate() {
                    let level = unpack(pair.pattern, c);
                    if let Some(bytes) = &fixed[c][level as usize] {
                        out.extend_from_slice(bytes);
                        continue;
                    }
                    out.push(b',');
                    out.extend_from_slice(
                        if level == NULL_LEVEL { "null" } else { comparator.labels[level as usize].as_str() }
                            .as_bytes(),
                    );
                    let tf =
                        |c: usize| if comparator.spec.tf { self.tf_lookup(c, pair.left, pair.right) } else { None };
                    let _ = write!(out, ",{:.3}", weights.contribution(c, level, tf));
                }
                out.push(b'\n');
            }
            out
        };
        let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
        let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
        let io = |e| Error::io(path, e);
        writer.write_all(header.as_bytes()).map_err(io)?;
        // Batches of chunks formatted in parallel and written in order: the file is never held
        // whole in memory.
        for batch in pairs.chunks(16 * 16_384) {
            let chunks: Vec<Vec<u8>> = batch.par_chunks(16_384).map(format).collect();
            for chunk in chunks {
                writer.write_all(&chunk).map_err(io)?;
            }
        }
        writer.flush().map_err(io)
    }

    fn write_clusters(&self, path: &Path, clusters: &crate::cluster::Clusters) -> Result<()> {
        let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        let io = |e| Error::io(path, e);
        writeln!(out, "source,id,cluster_id,cluster_size").map_err(io)?;
        let left_ids = self.left.column(&self.id_column)?;
        let right_ids = self.right_table().column(&self.id_column)?;
        let ids = |side: u8, row: u32| (if side == 0 { left_ids } else { right_ids }).get(row as usize).unwrap_or("");
        let members = clusters.members(&ids);
        let two_sides = self.right.is_some();
        // Formatted in parallel chunks into byte buffers, written in order.
        let chunks: Vec<Vec<u8>> = members
            .par_chunks(65_536)
            .map(|chunk| {
                let mut buf: Vec<u8> = Vec::with_capacity(chunk.len() * 40);
                let mut cluster = String::new();
                for m in chunk {
                    if two_sides {
                        buf.extend_from_slice(if m.side == 0 { b"l," } else { b"r," });
                    } else {
                        buf.push(b',');
                    }
                    write_csv_field(&mut buf, ids(m.side, m.row));
                    buf.push(b',');
                    cluster.clear();
                    if two_sides {
                        cluster.push_str(if m.first.0 == 0 { "l:" } else { "r:" });
                    }
                    cluster.push_str(ids(m.first.0, m.first.1));
                    write_csv_field(&mut buf, &cluster);
                    buf.push(b',');
                    write_u32(&mut buf, m.size);
                    buf.push(b'\n');
                }
                buf
            })
            .collect();
        for chunk in chunks {
            out.write_all(&chunk).map_err(io)?;
        }
        out.flush().map_err(io)
    }

    /// Labels of each comparison's levels.
    pub fn labels(&self) -> Vec<(String, Vec<String>)> {
        self.comparators.iter().map(|c| (c.spec.label().to_string(), c.labels.clone())).collect()
    }
}

fn write_u32(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

fn write_csv_field(out: &mut Vec<u8>, text: &str) {
    if text.contains([',', '"', '\n']) {
        out.push(b'"');
        out.extend_from_slice(text.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(text.as_bytes());
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

fn level_label(comparator: &Comparator, level: u8) -> String {
    if level == NULL_LEVEL { "null".to_string() } else { comparator.labels[level as usize].clone() }
}

/// Every column the model names must be in both files; a column missing from one file while
/// the other has it is reported with the columns each file alone has, the usual cause being two
/// agencies naming one field differently.
fn check_columns(spec: &ModelSpec, id_column: &str, left: &Table, right: Option<&Table>) -> Result<()> {
    let rules = spec.rules()?;
    let mut named: Vec<&str> = vec![id_column];
    for c in &spec.comparisons {
        named.push(&c.column);
        named.extend(c.swap_with.as_deref());
    }
    for rule in &rules {
        for key in &rule.keys {
            if !named.contains(&key.column.as_str()) {
                named.push(&key.column);
            }
        }
    }
    if let Some(right) = right {
        let in_left = |n: &str| left.names.iter().any(|x| x == n);
        let in_right = |n: &str| right.names.iter().any(|x| x == n);
        if named.iter().any(|n| in_left(n) != in_right(n)) {
            let left_only: Vec<String> = left.names.iter().filter(|n| !in_right(n)).cloned().collect();
            let right_only: Vec<String> = right.names.iter().filter(|n| !in_left(n)).cloned().collect();
            return Err(Error::new(ErrorKind::ColumnMismatch { left_only, right_only }));
        }
    }
    for table in std::iter::once(left).chain(right) {
        for name in &named {
            table.index_of(name)?;
        }
    }
    Ok(())
}

fn check_unique(table: &Table, id_column: &str) -> Result<()> {
    let column = table.column(id_column)?;
    let mut seen: FxHashSet<&str> = FxHashSet::with_capacity_and_hasher(table.len(), Default::default());
    for row in 0..table.len() {
        let id = column.get(row).unwrap_or("");
        if !seen.insert(id) {
            return Err(Error::new(ErrorKind::DuplicateId { table: table.name.clone(), id: id.to_string() }));
        }
    }
    Ok(())
}

/// The lowest probability threshold whose expected precision (Σ p / count over the patterns at or
/// above it) is still at least `target`.
pub fn threshold_for_precision(patterns: &[(u64, u64)], weights: &Weights, target: f64) -> f64 {
    let mut scored: Vec<(f64, u64)> =
        patterns.iter().map(|&(p, n)| (fs::probability(weights.weight(p, |_| None)), n)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut expected_true, mut count) = (0.0, 0.0);
    let mut threshold = 1.0;
    for (p, n) in scored {
        let n = n as f64;
        if (expected_true + p * n) / (count + n) < target {
            break;
        }
        expected_true += p * n;
        count += n;
        threshold = p;
    }
    threshold
}

/// Convenience: build and run a linkage in one call.
pub fn link(
    spec: &ModelSpec,
    left: &Table,
    right: Option<&Table>,
    options: &RunOptions,
    out_dir: Option<&Path>,
) -> Result<(Summary, Vec<ScoredPair>)> {
    Linker::new(spec, left, right)?.run(options, out_dir)
}
