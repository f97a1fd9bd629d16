//! The linkage run: prepare values, block, estimate u and m, score, cluster, write outputs.
//!
//! Candidate pairs are never stored.
//! They are generated twice from the blocking plan: once to count comparison patterns for EM,
//! once to score; only pairs at or above the lower edge of the clerical-review band are kept.
//! Memory is therefore the prepared values (linear in records) plus the kept pairs, whatever the
//! number of candidates.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::block::{Blocking, RuleCount};
use crate::compare::{Comparator, Kind, NULL_LEVEL, Value, unpack};
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

    fn len(&self) -> usize {
        self.rows.len().checked_div(self.stride).unwrap_or(0)
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
}

/// Prepares a column, each distinct raw value once: registers repeat names, dates and places, and
/// name preparation (normalisation, romanisation, phonetic code) is the costly part.
fn prepare_column(comparator: &Comparator, column: &crate::table::Column) -> Vec<Value> {
    let mut distinct: HashMap<&str, u32> = HashMap::new();
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
    let prepared: Vec<Value> = raws.par_iter().map(|raw| comparator.prepare(Some(raw))).collect();
    // Sequential on purpose: cloning the same `Arc` (a common name, a province) from two threads
    // makes them fight over its reference counter.
    slots.iter().map(|&slot| if slot == u32::MAX { Value::Null } else { prepared[slot as usize].clone() }).collect()
}

fn tf_key(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Text(c) => Some(c.iter().collect()),
        Value::Name(n) => Some(n.key.iter().collect()),
        Value::Number(x) => Some(x.to_string()),
        Value::Date(_, d) => Some(d.to_string()),
        Value::Id(id) => Some(id.digits.iter().map(|d| char::from(b'0' + d)).collect()),
        Value::Bits(b, _) => Some(crate::privacy::encode_bits(b)),
    }
}

impl<'a> Linker<'a> {
    /// Checks the model against the tables, prepares every value and builds the blocking plan
    /// (which fails early with [`ErrorKind::TooManyPairs`] when a rule is too loose).
    pub fn new(spec: &ModelSpec, left: &'a Table, right: Option<&'a Table>) -> Result<Linker<'a>> {
        spec.validate()?;
        let started = Instant::now();
        let id_column = spec.unique_id.clone().unwrap_or_else(|| left.names[0].clone());
        for table in std::iter::once(left).chain(right) {
            table.index_of(&id_column)?;
            check_unique(table, &id_column)?;
        }
        let comparators = spec.comparisons.iter().map(Comparator::new).collect::<Result<Vec<_>>>()?;
        let prepare = |table: &Table| -> Result<Prepared> {
            // One prepared column per (column, kind); the swapped-names level reuses the other
            // name comparison's column.
            let mut columns: Vec<(String, Kind, Vec<Value>)> = Vec::new();
            let mut slot_of = |name: &str, comparator: &Comparator| -> Result<usize> {
                if let Some(i) = columns.iter().position(|(n, k, _)| n == name && *k == comparator.spec.kind) {
                    return Ok(i);
                }
                columns.push((name.to_string(), comparator.spec.kind, prepare_column(comparator, table.column(name)?)));
                Ok(columns.len() - 1)
            };
            let mut comparison_slot = Vec::new();
            let mut swap_slot = Vec::new();
            for comparator in &comparators {
                comparison_slot.push(slot_of(&comparator.spec.column, comparator)?);
                swap_slot.push(match &comparator.spec.swap_with {
                    Some(other) => Some(slot_of(other, comparator)?),
                    None => None,
                });
            }
            Ok(Prepared::new(
                columns.into_iter().map(|(_, _, v)| v).collect(),
                comparison_slot,
                swap_slot,
                comparators.len(),
            ))
        };
        let mut prepared_left = prepare(left)?;
        let mut prepared_right = right.map(prepare).transpose()?;
        // Term frequencies over both tables together.
        for (c, comparator) in comparators.iter().enumerate() {
            if !comparator.spec.tf {
                continue;
            }
            let mut counts: HashMap<String, u32> = HashMap::new();
            let mut total = 0u64;
            let sides = std::iter::once(&prepared_left).chain(prepared_right.as_ref());
            for prepared in sides {
                for row in 0..prepared.len() {
                    if let Some(key) = tf_key(prepared.value(row, c)) {
                        *counts.entry(key).or_default() += 1;
                        total += 1;
                    }
                }
            }
            let total = total.max(1) as f64;
            let freqs = |prepared: &Prepared| -> Vec<f32> {
                (0..prepared.len())
                    .into_par_iter()
                    .map(|row| tf_key(prepared.value(row, c)).map_or(0.0, |k| (f64::from(counts[&k]) / total) as f32))
                    .collect()
            };
            prepared_left.tf[c] = Some(freqs(&prepared_left));
            if let Some(p) = prepared_right.as_mut() {
                p.tf[c] = Some(freqs(p));
            }
        }
        let prepared_at = started.elapsed().as_secs_f64();
        let rules = spec.rules()?;
        let blocking = Blocking::new(&rules, left, right, spec.max_pairs)?;
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
        })
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
    fn estimate_u(&self) -> (Vec<Vec<f64>>, u64) {
        let sample = self.spec.u_sample_pairs.min(self.total_pairs()).max(1);
        let chunk = 50_000u64;
        let n_chunks = sample.div_ceil(chunk);
        let nl = self.left.len() as u64;
        let nr = self.right_table().len() as u64;
        let dedupe = self.right.is_none();
        let levels = self.levels();
        let counts = (0..n_chunks)
            .into_par_iter()
            .map(|k| {
                let mut rng = SplitMix(self.spec.seed ^ k.wrapping_mul(0xA24B_AED4_963E_E407));
                let mut counts: Vec<Vec<u64>> = levels.iter().map(|&n| vec![0; n]).collect();
                let todo = chunk.min(sample - k * chunk) as usize;
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
            })
            .reduce(
                || levels.iter().map(|&n| vec![0; n]).collect(),
                |mut a, b| {
                    for (x, y) in a.iter_mut().zip(b) {
                        for (p, q) in x.iter_mut().zip(y) {
                            *p += q;
                        }
                    }
                    a
                },
            );
        (fs::u_from_counts(&counts), sample)
    }

    /// Pattern counts of all candidate pairs, the pairs each rule adds to the union, and, when
    /// there are few enough candidates (`STORE_PAIRS`), the pairs with their patterns so scoring
    /// need not compare again.
    fn pattern_counts(&self) -> PassOne {
        let n_rules = self.blocking.counts().len();
        let store = self.blocking.max_candidate_pairs() <= STORE_PAIRS;
        let (map, per_rule, stored) = self.blocking.fold_pairs(
            || (HashMap::<u64, u64>::new(), vec![0u64; n_rules], Vec::new()),
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

    fn id(&self, right_side: bool, row: u32) -> &str {
        let table = if right_side { self.right_table() } else { self.left };
        table.column(&self.id_column).ok().and_then(|c| c.get(row as usize)).unwrap_or("")
    }

    fn write_pairs(&self, path: &Path, pairs: &[ScoredPair], weights: &Weights) -> Result<()> {
        let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
        let mut writer = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 20, file));
        let mut header = vec!["id_l".to_string(), "id_r".into(), "match_weight".into(), "match_probability".into()];
        for c in &self.comparators {
            header.push(format!("level_{}", c.spec.label()));
            header.push(format!("w_{}", c.spec.label()));
        }
        writer.write_record(&header).map_err(|e| crate::table::csv_error(path, e))?;
        let mut record: Vec<String> = Vec::with_capacity(header.len());
        for pair in pairs {
            record.clear();
            record.push(self.id(false, pair.left).to_string());
            record.push(self.id(true, pair.right).to_string());
            record.push(format!("{:.4}", pair.weight));
            record.push(format!("{:.6}", pair.probability()));
            for (c, comparator) in self.comparators.iter().enumerate() {
                let level = unpack(pair.pattern, c);
                record.push(level_label(comparator, level));
                let tf = |c: usize| {
                    if comparator.spec.tf { self.tf_lookup(c, pair.left, pair.right) } else { None }
                };
                record.push(format!("{:.3}", weights.contribution(c, level, tf)));
            }
            writer.write_record(&record).map_err(|e| crate::table::csv_error(path, e))?;
        }
        writer.into_inner().map_err(|e| Error::io(path, e.into_error()))?.flush().map_err(|e| Error::io(path, e))
    }

    fn write_clusters(&self, path: &Path, clusters: &crate::cluster::Clusters) -> Result<()> {
        let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        let io = |e| Error::io(path, e);
        writeln!(out, "source,id,cluster_id,cluster_size").map_err(io)?;
        let ids = |side: u8, row: u32| self.id(side == 1, row).to_string();
        for (side, row, cluster, size) in clusters.assignments(&ids) {
            let source = if self.right.is_none() {
                ""
            } else if side == 0 {
                "l"
            } else {
                "r"
            };
            let id = ids(side, row);
            writeln!(out, "{source},{},{},{size}", csv_field(&id), csv_field(&cluster)).map_err(io)?;
        }
        out.flush().map_err(io)
    }

    /// Labels of each comparison's levels.
    pub fn labels(&self) -> Vec<(String, Vec<String>)> {
        self.comparators.iter().map(|c| (c.spec.label().to_string(), c.labels.clone())).collect()
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

fn level_label(comparator: &Comparator, level: u8) -> String {
    if level == NULL_LEVEL { "null".to_string() } else { comparator.labels[level as usize].clone() }
}

fn check_unique(table: &Table, id_column: &str) -> Result<()> {
    let column = table.column(id_column)?;
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::with_capacity(table.len());
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
