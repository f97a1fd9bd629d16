//! The Fellegi–Sunter model: m and u probabilities per comparison level, their estimation
//! (u from random pairs, m by expectation–maximisation on the blocked pairs), and match weights.
//!
//! m = P(level | match), u = P(level | non-match). A pair's match weight is
//! log₂(λ/(1−λ)) + Σ log₂(m/u) over its non-null comparisons, λ being the prior probability that
//! a random pair matches; its probability is 2^w / (1 + 2^w).
//!
//! EM works on *pattern counts* (how many pairs show each combination of levels), not on pairs:
//! under conditional independence that is all the likelihood needs, so a hundred million pairs
//! reduce to a few thousand patterns and each iteration costs microseconds.
//! EM estimates m, the blocked pairs' own u and the blocked match share; the final model keeps
//! m from EM, u from random sampling (blocked pairs are not a random sample of non-matches),
//! and scales the prior to all pairs: λ = λ_blocked · N_blocked / N_all.
//!
//! Term-frequency adjustment replaces u of an exact agreement by the value's frequency
//! (the larger of the two records'), so agreeing on a common name ("สมชาย") weighs less than
//! agreeing on a rare one.

use serde::{Deserialize, Serialize};

use crate::compare::{NULL_LEVEL, unpack};

/// Probabilities are kept away from 0 and 1 so every log is finite.
const FLOOR: f64 = 1e-9;

/// m and u for each level of each comparison, and the prior.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Params {
    /// `m[c][l]`.
    pub m: Vec<Vec<f64>>,
    /// `u[c][l]`.
    pub u: Vec<Vec<f64>>,
    /// Prior probability that a random pair (of all pairs, not only blocked ones) matches.
    pub lambda: f64,
}

/// What EM did.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EmReport {
    /// Iterations run.
    pub iterations: usize,
    /// Whether the largest change fell under the tolerance.
    pub converged: bool,
    /// Share of blocked pairs estimated to be matches.
    pub lambda_blocked: f64,
    /// u estimated on the blocked pairs (kept for diagnostics).
    pub u_blocked: Vec<Vec<f64>>,
}

/// Default m: most matches agree exactly, fewer at each weaker level.
pub fn initial_m(levels: &[usize]) -> Vec<Vec<f64>> {
    levels
        .iter()
        .map(|&n| {
            let mut m: Vec<f64> = (0..n).map(|l| 0.5f64.powi(l as i32 + 1)).collect();
            m[0] = 0.9;
            normalise(&mut m);
            m
        })
        .collect()
}

fn normalise(p: &mut [f64]) {
    for v in p.iter_mut() {
        *v = v.max(FLOOR);
    }
    let sum: f64 = p.iter().sum();
    for v in p.iter_mut() {
        *v /= sum;
    }
}

/// u from level counts of random pairs, with a half-count prior so unseen levels keep a small
/// non-zero probability.
pub fn u_from_counts(counts: &[Vec<u64>]) -> Vec<Vec<f64>> {
    counts
        .iter()
        .map(|c| {
            let total: f64 = c.iter().sum::<u64>() as f64 + 0.5 * c.len() as f64;
            let mut u: Vec<f64> = c.iter().map(|&n| (n as f64 + 0.5) / total).collect();
            normalise(&mut u);
            u
        })
        .collect()
}

/// How EM runs.
#[derive(Clone, Copy, Debug)]
pub struct EmOptions {
    /// Keep u at its starting value.
    pub fix_u: bool,
    /// Iteration cap.
    pub max_iterations: usize,
    /// Stop when no probability moves more than this.
    pub tolerance: f64,
}

/// Expectation–maximisation over pattern counts.
///
/// `patterns` are (packed levels, number of pairs); `levels[c]` is the number of levels of
/// comparison `c`.
pub fn em(
    patterns: &[(u64, u64)],
    levels: &[usize],
    m_start: Vec<Vec<f64>>,
    u_start: Vec<Vec<f64>>,
    lambda_start: f64,
    options: EmOptions,
) -> (Vec<Vec<f64>>, EmReport) {
    let EmOptions { fix_u, max_iterations, tolerance } = options;
    let mut m = m_start;
    let mut u = u_start;
    let mut lambda = lambda_start.clamp(1e-6, 1.0 - 1e-6);
    let mut iterations = 0;
    let mut converged = false;
    while iterations < max_iterations {
        iterations += 1;
        let mut m_acc: Vec<Vec<f64>> = levels.iter().map(|&n| vec![0.0; n]).collect();
        let mut u_acc = m_acc.clone();
        let (mut match_total, mut all_total) = (0.0, 0.0);
        for &(pattern, count) in patterns {
            let (mut pm, mut pu) = (lambda, 1.0 - lambda);
            for c in 0..levels.len() {
                let l = unpack(pattern, c);
                if l != NULL_LEVEL {
                    pm *= m[c][l as usize];
                    pu *= u[c][l as usize];
                }
            }
            let w = pm / (pm + pu);
            let n = count as f64;
            match_total += w * n;
            all_total += n;
            for c in 0..levels.len() {
                let l = unpack(pattern, c);
                if l != NULL_LEVEL {
                    m_acc[c][l as usize] += w * n;
                    u_acc[c][l as usize] += (1.0 - w) * n;
                }
            }
        }
        let mut change: f64 = 0.0;
        let new_lambda = (match_total / all_total).clamp(1e-9, 1.0 - 1e-9);
        change = change.max((new_lambda - lambda).abs());
        lambda = new_lambda;
        for c in 0..levels.len() {
            normalise(&mut m_acc[c]);
            for l in 0..levels[c] {
                change = change.max((m_acc[c][l] - m[c][l]).abs());
            }
            m[c] = m_acc[c].clone();
            if !fix_u {
                normalise(&mut u_acc[c]);
                for l in 0..levels[c] {
                    change = change.max((u_acc[c][l] - u[c][l]).abs());
                }
                u[c] = u_acc[c].clone();
            }
        }
        if change < tolerance {
            converged = true;
            break;
        }
    }
    (m, EmReport { iterations, converged, lambda_blocked: lambda, u_blocked: u })
}

/// Precomputed log₂ Bayes factors for scoring.
#[derive(Clone, Debug)]
pub struct Weights {
    /// log₂(λ/(1−λ)).
    pub prior: f64,
    /// `bf[c][l]` = log₂(m/u).
    pub bf: Vec<Vec<f64>>,
    /// log₂ m of the exact level, for term-frequency adjustment.
    pub log_m_exact: Vec<f64>,
}

impl Weights {
    /// From fitted parameters.
    pub fn new(params: &Params) -> Weights {
        let bf = params
            .m
            .iter()
            .zip(&params.u)
            .map(|(m, u)| m.iter().zip(u).map(|(m, u)| (m / u).log2()).collect())
            .collect();
        Weights {
            prior: (params.lambda / (1.0 - params.lambda)).log2(),
            bf,
            log_m_exact: params.m.iter().map(|m| m[0].log2()).collect(),
        }
    }

    /// The match weight of a pattern; `tf(c)` gives the term frequency to use for an exact
    /// agreement on comparison `c` when that comparison is term-frequency adjusted.
    pub fn weight(&self, pattern: u64, tf: impl Fn(usize) -> Option<f64>) -> f64 {
        let mut w = self.prior;
        for c in 0..self.bf.len() {
            w += self.contribution(c, unpack(pattern, c), &tf);
        }
        w
    }

    /// One comparison's contribution (0 for a null level).
    pub fn contribution(&self, c: usize, level: u8, tf: impl Fn(usize) -> Option<f64>) -> f64 {
        if level == NULL_LEVEL {
            return 0.0;
        }
        if level == 0
            && let Some(freq) = tf(c)
        {
            return self.log_m_exact[c] - freq.max(FLOOR).log2();
        }
        self.bf[c][level as usize]
    }
}

/// Probability from a match weight.
pub fn probability(weight: f64) -> f64 {
    let odds = weight.exp2();
    if odds.is_infinite() { 1.0 } else { odds / (1.0 + odds) }
}

/// Match weight from a probability.
pub fn weight_of(probability: f64) -> f64 {
    let p = probability.clamp(1e-12, 1.0 - 1e-12);
    (p / (1.0 - p)).log2()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::pack;
    use crate::rng::SplitMix;
    use std::collections::HashMap;

    fn options(fix_u: bool) -> EmOptions {
        EmOptions { fix_u, max_iterations: 500, tolerance: 1e-9 }
    }

    fn draw(p: &[f64], rng: &mut SplitMix) -> u8 {
        let x = rng.unit();
        let mut acc = 0.0;
        for (i, v) in p.iter().enumerate() {
            acc += v;
            if x < acc {
                return i as u8;
            }
        }
        (p.len() - 1) as u8
    }

    /// Simulates pairs from a known model and checks EM recovers it.
    #[test]
    fn em_recovers_a_simulated_model() {
        let true_m = vec![vec![0.85, 0.10, 0.05], vec![0.90, 0.10], vec![0.70, 0.20, 0.10], vec![0.95, 0.05]];
        let true_u = vec![vec![0.01, 0.09, 0.90], vec![0.05, 0.95], vec![0.02, 0.08, 0.90], vec![0.10, 0.90]];
        let true_lambda = 0.1;
        let levels: Vec<usize> = true_m.iter().map(Vec::len).collect();
        let mut rng = SplitMix(7);
        let mut counts: HashMap<u64, u64> = HashMap::new();
        for _ in 0..200_000 {
            let is_match = rng.unit() < true_lambda;
            let p = if is_match { &true_m } else { &true_u };
            let mut ls: Vec<u8> = p.iter().map(|d| draw(d, &mut rng)).collect();
            // 5% missing values on comparison 2.
            if rng.unit() < 0.05 {
                ls[2] = NULL_LEVEL;
            }
            *counts.entry(pack(&ls)).or_default() += 1;
        }
        let patterns: Vec<(u64, u64)> = counts.into_iter().collect();
        let u_start: Vec<Vec<f64>> = levels.iter().map(|&n| vec![1.0 / n as f64; n]).collect();
        let (m, report) = em(&patterns, &levels, initial_m(&levels), u_start, 0.3, options(false));
        assert!(report.converged, "EM did not converge in {} iterations", report.iterations);
        assert!((report.lambda_blocked - true_lambda).abs() < 0.01, "λ {}", report.lambda_blocked);
        for c in 0..levels.len() {
            for l in 0..levels[c] {
                assert!((m[c][l] - true_m[c][l]).abs() < 0.03, "m[{c}][{l}] = {} vs {}", m[c][l], true_m[c][l]);
                let u = report.u_blocked[c][l];
                assert!((u - true_u[c][l]).abs() < 0.01, "u[{c}][{l}] = {u} vs {}", true_u[c][l]);
            }
        }
        // With u fixed at the truth, m still comes back.
        let (m_fixed, _) = em(&patterns, &levels, initial_m(&levels), true_u.clone(), 0.3, options(true));
        for c in 0..levels.len() {
            for l in 0..levels[c] {
                assert!((m_fixed[c][l] - true_m[c][l]).abs() < 0.03);
            }
        }
    }

    #[test]
    fn weights_and_tf() {
        let params = Params { m: vec![vec![0.9, 0.1]], u: vec![vec![0.01, 0.99]], lambda: 0.5 };
        let w = Weights::new(&params);
        let exact = pack(&[0]);
        assert!((w.weight(exact, |_| None) - (0.9f64 / 0.01).log2()).abs() < 1e-9);
        // A common value (frequency 0.1) weighs less than the average agreement.
        assert!(w.weight(exact, |_| Some(0.1)) < w.weight(exact, |_| None));
        assert!(w.weight(exact, |_| Some(0.0001)) > w.weight(exact, |_| None));
        assert_eq!(w.weight(pack(&[NULL_LEVEL]), |_| None), 0.0);
        assert!((probability(0.0) - 0.5).abs() < 1e-12);
        assert!((probability(weight_of(0.9)) - 0.9).abs() < 1e-9);
        assert_eq!(probability(5000.0), 1.0);
    }

    #[test]
    fn u_counts_are_smoothed() {
        let u = u_from_counts(&[vec![0, 10, 90]]);
        assert!(u[0][0] > 0.0);
        assert!((u[0].iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}
