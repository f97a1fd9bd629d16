//! Distances between a recipient and a donor on the matching variables, as StatMatch defines
//! them: Manhattan and Euclidean on the raw values, Mahalanobis with the covariance of the two
//! files pooled, and Gower's distance for mixed and missing values (numbers scaled by their
//! pooled range, categories 0 when equal and 1 otherwise, a variable missing on either side
//! left out and the rest averaged).

use std::collections::HashMap;

use tidtam_link::Table;

use crate::data::{all_numeric, column, numbers};
use crate::error::{Error, Result};

/// How to measure the distance between two rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    /// Sum of absolute differences.
    Manhattan,
    /// Square root of the sum of squared differences.
    Euclidean,
    /// √((a−b)ᵀ S⁻¹ (a−b)), S the covariance of both files' rows together.
    Mahalanobis,
    /// Gower's distance: mixed numeric and categorical variables, missing values allowed.
    Gower,
}

impl Metric {
    /// Parses `manhattan`, `euclidean`, `mahalanobis` or `gower`.
    pub fn parse(text: &str) -> Option<Metric> {
        match text.to_ascii_lowercase().as_str() {
            "manhattan" => Some(Metric::Manhattan),
            "euclidean" => Some(Metric::Euclidean),
            "mahalanobis" => Some(Metric::Mahalanobis),
            "gower" => Some(Metric::Gower),
            _ => None,
        }
    }
}

/// How one Gower variable is compared.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// |a − b| / range (range 0: the variable contributes 0).
    Numeric { range: f64 },
    /// Codes compared for equality.
    Categorical,
}

/// The matching variables of both files, prepared once: row-major values (NaN when missing;
/// category codes as numbers for Gower), transformed so Mahalanobis is Euclidean.
pub(crate) struct Space {
    metric: Metric,
    width: usize,
    recipient: Vec<f64>,
    donor: Vec<f64>,
    kinds: Vec<Kind>,
}

impl Space {
    pub(crate) fn new(recipient: &Table, donor: &Table, on: &[String], metric: Metric) -> Result<Space> {
        let width = on.len();
        let mut rec_columns = Vec::with_capacity(width);
        let mut don_columns = Vec::with_capacity(width);
        let mut kinds = Vec::with_capacity(width);
        for name in on {
            if metric == Metric::Gower && !all_numeric(&[column(recipient, name)?, column(donor, name)?]) {
                let (r, d) = categorical_codes(recipient, donor, name)?;
                rec_columns.push(r);
                don_columns.push(d);
                kinds.push(Kind::Categorical);
            } else {
                let allow_missing = metric == Metric::Gower;
                let r = numbers(recipient, name, allow_missing)?;
                let d = numbers(donor, name, allow_missing)?;
                let (min, max) = r
                    .iter()
                    .chain(&d)
                    .filter(|x| !x.is_nan())
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| (lo.min(x), hi.max(x)));
                kinds.push(Kind::Numeric { range: if max > min { max - min } else { 0.0 } });
                rec_columns.push(r);
                don_columns.push(d);
            }
        }
        let mut recipient = row_major(&rec_columns, recipient.len());
        let mut donor = row_major(&don_columns, donor.len());
        if metric == Metric::Mahalanobis {
            let whiten =
                Whitening::pooled(&recipient, &donor, width).ok_or_else(|| Error::Singular { columns: on.to_vec() })?;
            whiten.apply(&mut recipient);
            whiten.apply(&mut donor);
        }
        Ok(Space { metric, width, recipient, donor, kinds })
    }

    /// The distance between recipient `r` and donor `d`.
    #[inline]
    pub(crate) fn distance(&self, r: usize, d: usize) -> f64 {
        let a = &self.recipient[r * self.width..(r + 1) * self.width];
        let b = &self.donor[d * self.width..(d + 1) * self.width];
        match self.metric {
            Metric::Manhattan => a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum(),
            Metric::Euclidean | Metric::Mahalanobis => {
                a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>().sqrt()
            }
            Metric::Gower => {
                let (mut sum, mut count) = (0.0, 0usize);
                for ((x, y), kind) in a.iter().zip(b).zip(&self.kinds) {
                    if x.is_nan() || y.is_nan() {
                        continue;
                    }
                    count += 1;
                    sum += match kind {
                        Kind::Numeric { range } if *range > 0.0 => (x - y).abs() / range,
                        Kind::Numeric { .. } => 0.0,
                        Kind::Categorical => f64::from(u8::from(x != y)),
                    };
                }
                // Nothing comparable: the largest Gower distance, so such a donor is chosen last.
                if count == 0 { 1.0 } else { sum / count as f64 }
            }
        }
    }
}

/// Category codes shared by both files (NaN for a missing value).
fn categorical_codes(recipient: &Table, donor: &Table, name: &str) -> Result<(Vec<f64>, Vec<f64>)> {
    let mut codes: HashMap<String, f64> = HashMap::new();
    let mut code = |table: &Table| -> Result<Vec<f64>> {
        let values = column(table, name)?;
        Ok((0..values.len())
            .map(|row| match values.get(row) {
                None => f64::NAN,
                Some(v) => {
                    let next = codes.len() as f64;
                    *codes.entry(v.to_string()).or_insert(next)
                }
            })
            .collect())
    };
    Ok((code(recipient)?, code(donor)?))
}

fn row_major(columns: &[Vec<f64>], rows: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(rows * columns.len());
    for row in 0..rows {
        out.extend(columns.iter().map(|c| c[row]));
    }
    out
}

/// x ↦ L⁻¹(x − mean) with S = LLᵀ, so the Euclidean distance of transformed rows is the
/// Mahalanobis distance of the originals.
struct Whitening {
    width: usize,
    mean: Vec<f64>,
    /// Lower-triangular Cholesky factor, row-major.
    chol: Vec<f64>,
}

impl Whitening {
    fn pooled(a: &[f64], b: &[f64], width: usize) -> Option<Whitening> {
        let n = (a.len() + b.len()) / width.max(1);
        if n < 2 {
            return None;
        }
        let rows = || a.chunks_exact(width).chain(b.chunks_exact(width));
        let mut mean = vec![0.0; width];
        for row in rows() {
            for (m, x) in mean.iter_mut().zip(row) {
                *m += x;
            }
        }
        mean.iter_mut().for_each(|m| *m /= n as f64);
        let mut cov = vec![0.0; width * width];
        for row in rows() {
            for i in 0..width {
                for j in 0..=i {
                    cov[i * width + j] += (row[i] - mean[i]) * (row[j] - mean[j]);
                }
            }
        }
        cov.iter_mut().for_each(|c| *c /= (n - 1) as f64);
        let mut chol = vec![0.0; width * width];
        for i in 0..width {
            for j in 0..=i {
                let s: f64 = (0..j).map(|k| chol[i * width + k] * chol[j * width + k]).sum();
                if i == j {
                    let d = cov[i * width + i] - s;
                    // Relative test: a variance that vanishes against the variable's own scale is singular.
                    if d <= 1e-12 * cov[i * width + i].abs().max(f64::MIN_POSITIVE) || d <= 0.0 {
                        return None;
                    }
                    chol[i * width + i] = d.sqrt();
                } else {
                    chol[i * width + j] = (cov[i * width + j] - s) / chol[j * width + j];
                }
            }
        }
        Some(Whitening { width, mean, chol })
    }

    fn apply(&self, rows: &mut [f64]) {
        let w = self.width;
        for row in rows.chunks_exact_mut(w) {
            for i in 0..w {
                let s: f64 = (0..i).map(|k| self.chol[i * w + k] * row[k]).sum();
                row[i] = (row[i] - self.mean[i] - s) / self.chol[i * w + i];
            }
        }
    }
}

/// Every recipient's distance to every donor (rows: recipients), for inspection and checking.
pub fn distances(recipient: &Table, donor: &Table, on: &[String], metric: Metric) -> Result<Vec<Vec<f64>>> {
    let space = Space::new(recipient, donor, on, metric)?;
    Ok((0..recipient.len()).map(|r| (0..donor.len()).map(|d| space.distance(r, d)).collect()).collect())
}
