//! How good a fused file is (StatMatch `comp.prop` and `Frechet.bounds.cat`):
//! - each donated variable's distribution in the fused file against the donor file (total
//!   variation distance Δ = ½Σ|p−q|, overlap 1−Δ, Bhattacharyya B = Σ√(pq), Hellinger √(1−B));
//! - the joint of each matching variable with each donated variable, fused against donor;
//! - for each recipient variable Y and donated Z, the Fréchet bounds of every (Y, Z) cell given
//!   the X tables, the estimate under conditional independence, the fused file's own estimate
//!   and the uncertainty (mean width of the bounds).
//!
//! Every distribution is weighted by the sampling weights when given (the fused file carries the
//! recipients' weights). Numeric variables with more than 20 distinct values are cut at the
//! deciles of the pooled values (the X cells of the Fréchet bounds: more than 5, at the
//! quintiles); others are taken as categories.

use std::collections::HashMap;

use serde::Serialize;
use tidtam_link::Table;
use tidtam_link::table::Column;

use crate::data::{column, parse_number, weights};
use crate::distance::Metric;
use crate::error::Result;
use crate::hotdeck::{Matching, Method, Options};

/// Total variation distance Δ = ½ Σ |pᵢ − qᵢ|.
pub fn total_variation(p: &[f64], q: &[f64]) -> f64 {
    0.5 * p.iter().zip(q).map(|(a, b)| (a - b).abs()).sum::<f64>()
}

/// Bhattacharyya coefficient B = Σ √(pᵢ qᵢ).
pub fn bhattacharyya(p: &[f64], q: &[f64]) -> f64 {
    p.iter().zip(q).map(|(a, b)| (a * b).sqrt()).sum()
}

/// Hellinger distance √(1 − B).
pub fn hellinger(p: &[f64], q: &[f64]) -> f64 {
    (1.0 - bhattacharyya(p, q)).max(0.0).sqrt()
}

/// Fréchet bounds of a cell with no conditioning: max(0, p_y + p_z − 1) ≤ p_yz ≤ min(p_y, p_z).
pub fn frechet_unconditional(p_y: f64, p_z: f64) -> (f64, f64) {
    ((p_y + p_z - 1.0).max(0.0), p_y.min(p_z))
}

/// Bounds of a (y, z) cell given X, and its value under conditional independence.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Conditional {
    /// Σₓ p(x) max(0, p(y|x) + p(z|x) − 1).
    pub low: f64,
    /// Σₓ p(x) min(p(y|x), p(z|x)).
    pub up: f64,
    /// Σₓ p(x) p(y|x) p(z|x).
    pub cia: f64,
}

/// The conditional Fréchet bounds from p(x), p(y|x) and p(z|x), one entry per X cell.
pub fn frechet_conditional(p_x: &[f64], p_y_given_x: &[f64], p_z_given_x: &[f64]) -> Conditional {
    let mut out = Conditional { low: 0.0, up: 0.0, cia: 0.0 };
    for ((px, py), pz) in p_x.iter().zip(p_y_given_x).zip(p_z_given_x) {
        out.low += px * (py + pz - 1.0).max(0.0);
        out.up += px * py.min(*pz);
        out.cia += px * py * pz;
    }
    out
}

/// One distribution in the fused file against the donor file.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// Category (or decile bin) labels.
    pub categories: Vec<String>,
    /// Shares in the fused file.
    pub fused: Vec<f64>,
    /// Shares in the donor file.
    pub donor: Vec<f64>,
    /// Total variation distance.
    pub tvd: f64,
    /// 1 − tvd.
    pub overlap: f64,
    /// Bhattacharyya coefficient.
    pub bhattacharyya: f64,
    /// Hellinger distance.
    pub hellinger: f64,
}

impl Comparison {
    fn new(categories: Vec<String>, fused: Vec<f64>, donor: Vec<f64>) -> Comparison {
        let tvd = total_variation(&fused, &donor);
        Comparison {
            tvd,
            overlap: 1.0 - tvd,
            bhattacharyya: bhattacharyya(&fused, &donor),
            hellinger: hellinger(&fused, &donor),
            categories,
            fused,
            donor,
        }
    }
}

/// A donated variable's margin.
#[derive(Clone, Debug, Serialize)]
pub struct Margin {
    /// The donated variable Z.
    pub variable: String,
    /// Fused against donor.
    #[serde(flatten)]
    pub comparison: Comparison,
}

/// The joint of one matching variable X and one donated variable Z (cells `x | z`).
#[derive(Clone, Debug, Serialize)]
pub struct Joint {
    /// The matching variable.
    pub x: String,
    /// The donated variable.
    pub z: String,
    /// Fused against donor, over the cells seen in either.
    #[serde(flatten)]
    pub comparison: Comparison,
}

/// One (Y, Z) cell.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    /// Y's category.
    pub y: String,
    /// Z's category.
    pub z: String,
    /// Unconditional lower bound.
    pub low_unconditional: f64,
    /// Unconditional upper bound.
    pub up_unconditional: f64,
    /// Lower bound given X.
    pub low: f64,
    /// Upper bound given X.
    pub up: f64,
    /// Estimate under conditional independence.
    pub cia: f64,
    /// The share in the fused file.
    pub fused: f64,
    /// Whether the fused share lies within the bounds given X.
    pub inside: bool,
}

/// The Fréchet bounds of every cell of one (Y, Z) table.
#[derive(Clone, Debug, Serialize)]
pub struct Frechet {
    /// The recipient's variable.
    pub y: String,
    /// The donated variable.
    pub z: String,
    /// The conditioning variables X (donation classes, then matching variables).
    pub given: Vec<String>,
    /// X cells seen in both files.
    pub x_cells: usize,
    /// Share of the population in X cells seen in only one file (left out, p(x) rescaled).
    pub x_share_dropped: f64,
    /// Every (y, z) cell.
    pub cells: Vec<Cell>,
    /// Mean width of the unconditional bounds (StatMatch `av.u`).
    pub uncertainty_unconditional: f64,
    /// Mean width of the bounds given X (StatMatch `av.cx`).
    pub uncertainty: f64,
    /// Cells whose fused share is within its bounds.
    pub cells_inside: usize,
}

/// The quality report of one fused file.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// How donors were chosen.
    pub method: Method,
    /// The distance (distance hot deck only).
    pub distance: Option<Metric>,
    /// Constrained matching's limit per donor.
    pub k: Option<usize>,
    /// The seed.
    pub seed: u64,
    /// The sampling-weight column.
    pub weight: Option<String>,
    /// Recipient rows.
    pub recipients: usize,
    /// Donor rows.
    pub donors: usize,
    /// Distinct donors used.
    pub donors_used: usize,
    /// Most times one donor was used.
    pub most_uses: usize,
    /// Sum of the matching distances (not for the random hot deck).
    pub total_distance: Option<f64>,
    /// Mean matching distance.
    pub mean_distance: Option<f64>,
    /// Each donated variable, fused against donor.
    pub donated: Vec<Margin>,
    /// Each (X, Z) joint, fused against donor.
    pub joint: Vec<Joint>,
    /// Each (Y, Z) table's Fréchet bounds.
    pub frechet: Vec<Frechet>,
}

/// Turns values into category numbers: decile bins for many-valued numbers, else the values.
struct Coder {
    labels: Vec<String>,
    /// Inner bin edges, when binned.
    edges: Option<Vec<f64>>,
    index: HashMap<String, usize>,
}

impl Coder {
    /// Numbers with more than `max_distinct` values are cut into `bins` quantile bins.
    fn new(columns: &[&Column], max_distinct: usize, bins: usize) -> Coder {
        let values = || columns.iter().flat_map(|c| (0..c.len()).filter_map(|row| c.get(row)));
        let mut distinct: Vec<&str> = values().collect();
        distinct.sort_unstable();
        distinct.dedup();
        let numbers: Option<Vec<f64>> = values().map(parse_number).collect();
        if let Some(mut numbers) = numbers {
            if distinct.len() > max_distinct {
                numbers.sort_by(f64::total_cmp);
                let n = numbers.len();
                let mut edges: Vec<f64> = (1..bins).map(|i| numbers[i * (n - 1) / bins]).collect();
                edges.dedup();
                let mut labels = vec![format!("< {}", edges[0])];
                labels.extend(edges.windows(2).map(|w| format!("[{}, {})", w[0], w[1])));
                labels.push(format!("≥ {}", edges[edges.len() - 1]));
                return Coder { labels, edges: Some(edges), index: HashMap::new() };
            }
            // Small numeric codes sort as numbers (2 before 10).
            distinct.sort_by(|a, b| parse_number(a).unwrap_or(0.0).total_cmp(&parse_number(b).unwrap_or(0.0)));
        }
        let labels: Vec<String> = distinct.iter().map(|s| s.to_string()).collect();
        let index = labels.iter().enumerate().map(|(i, l)| (l.clone(), i)).collect();
        Coder { labels, edges: None, index }
    }

    fn code(&self, value: Option<&str>) -> Option<usize> {
        let value = value?;
        match &self.edges {
            Some(edges) => parse_number(value).map(|x| edges.partition_point(|&e| e <= x)),
            None => self.index.get(value).copied(),
        }
    }

    fn codes(&self, column: &Column) -> Vec<Option<usize>> {
        (0..column.len()).map(|row| self.code(column.get(row))).collect()
    }
}

/// Weighted shares of the codes (missing values left out).
fn shares(codes: impl Iterator<Item = (Option<usize>, f64)>, n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n];
    for (code, weight) in codes {
        if let Some(c) = code {
            out[c] += weight;
        }
    }
    let total: f64 = out.iter().sum();
    if total > 0.0 {
        out.iter_mut().for_each(|x| *x /= total);
    }
    out
}

/// The quality report of a matching. `y` names the recipient variables for the Fréchet bounds;
/// when `None`, every other recipient column with 2 to 20 distinct values (and not all distinct) is used.
pub fn report(
    recipient: &Table,
    donor: &Table,
    options: &Options,
    matching: &Matching,
    y: Option<&[String]>,
) -> Result<Report> {
    let rec_w = weights(recipient, options.weight.as_deref())?;
    let don_w = weights(donor, options.weight.as_deref())?;
    let donors_of = &matching.donor;
    let mut uses = vec![0usize; donor.len()];
    donors_of.iter().for_each(|&d| uses[d] += 1);
    let has_distance = options.method != Method::Random;

    let mut donated = Vec::new();
    let mut z_coders = Vec::new();
    for z in &options.donate {
        let z_column = column(donor, z)?;
        let coder = Coder::new(&[z_column], 20, 10);
        let don_codes = coder.codes(z_column);
        let n = coder.labels.len();
        let fused = shares(donors_of.iter().zip(&rec_w).map(|(&d, &w)| (don_codes[d], w)), n);
        let from_donor = shares(don_codes.iter().copied().zip(don_w.iter().copied()), n);
        donated
            .push(Margin { variable: z.clone(), comparison: Comparison::new(coder.labels.clone(), fused, from_donor) });
        z_coders.push((z, don_codes, coder));
    }

    let mut joint = Vec::new();
    for x in &options.on {
        let (rec_x, don_x) = (column(recipient, x)?, column(donor, x)?);
        let x_coder = Coder::new(&[rec_x, don_x], 20, 10);
        let (rec_codes, don_codes) = (x_coder.codes(rec_x), x_coder.codes(don_x));
        for (z, z_codes, z_coder) in &z_coders {
            let nz = z_coder.labels.len();
            let pair = |a: Option<usize>, b: Option<usize>| Some(a? * nz + b?);
            let n = x_coder.labels.len() * nz;
            let fused = shares((0..recipient.len()).map(|r| (pair(rec_codes[r], z_codes[donors_of[r]]), rec_w[r])), n);
            let from_donor = shares((0..donor.len()).map(|d| (pair(don_codes[d], z_codes[d]), don_w[d])), n);
            let keep: Vec<usize> = (0..n).filter(|&c| fused[c] > 0.0 || from_donor[c] > 0.0).collect();
            let labels =
                keep.iter().map(|&c| format!("{} | {}", x_coder.labels[c / nz], z_coder.labels[c % nz])).collect();
            let pick = |v: &[f64]| keep.iter().map(|&c| v[c]).collect();
            joint.push(Joint {
                x: x.clone(),
                z: (*z).clone(),
                comparison: Comparison::new(labels, pick(&fused), pick(&from_donor)),
            });
        }
    }

    let ys: Vec<String> = match y {
        Some(names) => names.to_vec(),
        None => recipient
            .names
            .iter()
            .filter(|n| {
                !options.on.contains(n)
                    && !options.classes.contains(n)
                    && options.weight.as_ref() != Some(n)
                    && !options.donate.contains(n)
            })
            .filter(|n| {
                let values = column(recipient, n).expect("listed column");
                let c = Coder::new(&[values], 20, 10);
                // A column whose every value differs is an identifier, not a variable.
                let present = (0..values.len()).filter(|&row| values.get(row).is_some()).count();
                c.edges.is_none() && (2..=20).contains(&c.labels.len()) && c.labels.len() < present
            })
            .cloned()
            .collect(),
    };
    let frechet = frechet_tables(recipient, donor, options, matching, &ys, &z_coders, &rec_w, &don_w)?;

    let (total_distance, mean_distance) = if has_distance {
        let total = matching.total_distance();
        (Some(total), Some(total / recipient.len().max(1) as f64))
    } else {
        (None, None)
    };
    Ok(Report {
        method: options.method,
        distance: (options.method == Method::Distance).then_some(options.metric),
        k: options.k,
        seed: options.seed,
        weight: options.weight.clone(),
        recipients: recipient.len(),
        donors: donor.len(),
        donors_used: uses.iter().filter(|&&u| u > 0).count(),
        most_uses: uses.iter().copied().max().unwrap_or(0),
        total_distance,
        mean_distance,
        donated,
        joint,
        frechet,
    })
}

#[allow(clippy::too_many_arguments)]
fn frechet_tables(
    recipient: &Table,
    donor: &Table,
    options: &Options,
    matching: &Matching,
    ys: &[String],
    z_coders: &[(&String, Vec<Option<usize>>, Coder)],
    rec_w: &[f64],
    don_w: &[f64],
) -> Result<Vec<Frechet>> {
    // X cells: the joint of the donation classes and the (coded) matching variables.
    let given: Vec<String> = options.classes.iter().chain(&options.on).cloned().collect();
    let mut rec_keys: Vec<Vec<Option<usize>>> = vec![Vec::with_capacity(given.len()); recipient.len()];
    let mut don_keys: Vec<Vec<Option<usize>>> = vec![Vec::with_capacity(given.len()); donor.len()];
    for name in &given {
        let (rc, dc) = (column(recipient, name)?, column(donor, name)?);
        // X cells must be shared by both files to give bounds, so numbers are cut coarsely.
        let coder = Coder::new(&[rc, dc], 5, 5);
        coder.codes(rc).into_iter().zip(&mut rec_keys).for_each(|(c, key)| key.push(c));
        coder.codes(dc).into_iter().zip(&mut don_keys).for_each(|(c, key)| key.push(c));
    }
    let mut cells: HashMap<Vec<usize>, usize> = HashMap::new();
    let mut cell_of = |key: &[Option<usize>]| -> Option<usize> {
        let key: Option<Vec<usize>> = key.iter().copied().collect();
        let next = cells.len();
        Some(*cells.entry(key?).or_insert(next))
    };
    let rec_cell: Vec<Option<usize>> = rec_keys.iter().map(|k| cell_of(k)).collect();
    let don_cell: Vec<Option<usize>> = don_keys.iter().map(|k| cell_of(k)).collect();
    let n_cells = cells.len();
    let mass = |cell: &[Option<usize>], w: &[f64]| {
        let mut out = vec![0.0; n_cells];
        cell.iter().zip(w).for_each(|(c, w)| {
            if let Some(c) = c {
                out[*c] += w
            }
        });
        let total: f64 = out.iter().sum();
        out.iter_mut().for_each(|x| *x /= total.max(f64::MIN_POSITIVE));
        out
    };
    let (pa, pb) = (mass(&rec_cell, rec_w), mass(&don_cell, don_w));
    let (na, nb) = (recipient.len() as f64, donor.len() as f64);
    let pooled: Vec<f64> = pa.iter().zip(&pb).map(|(a, b)| (na * a + nb * b) / (na + nb)).collect();
    let both: Vec<usize> = (0..n_cells).filter(|&c| pa[c] > 0.0 && pb[c] > 0.0).collect();
    let kept: f64 = both.iter().map(|&c| pooled[c]).sum();
    let p_x: Vec<f64> = both.iter().map(|&c| pooled[c] / kept).collect();

    // p(v | x) for every kept X cell and category of v.
    let conditional = |cell: &[Option<usize>], codes: &[Option<usize>], w: &[f64], n: usize| -> Vec<Vec<f64>> {
        let mut table = vec![vec![0.0; n]; n_cells];
        for ((c, v), w) in cell.iter().zip(codes).zip(w) {
            if let (Some(c), Some(v)) = (c, v) {
                table[*c][*v] += w;
            }
        }
        both.iter()
            .map(|&c| {
                let total: f64 = table[c].iter().sum();
                table[c].iter().map(|x| if total > 0.0 { x / total } else { 0.0 }).collect()
            })
            .collect()
    };

    let mut out = Vec::new();
    for y in ys {
        let y_column = column(recipient, y)?;
        let y_coder = Coder::new(&[y_column], 20, 10);
        let y_codes = y_coder.codes(y_column);
        let ny = y_coder.labels.len();
        let p_y = shares(y_codes.iter().copied().zip(rec_w.iter().copied()), ny);
        let y_given_x = conditional(&rec_cell, &y_codes, rec_w, ny);
        for (z, z_codes, z_coder) in z_coders {
            let nz = z_coder.labels.len();
            let p_z = shares(z_codes.iter().copied().zip(don_w.iter().copied()), nz);
            let z_given_x = conditional(&don_cell, z_codes, don_w, nz);
            let fused_codes = (0..recipient.len()).map(|r| {
                let code = y_codes[r].zip(z_codes[matching.donor[r]]).map(|(a, b)| a * nz + b);
                (code, rec_w[r])
            });
            let fused = shares(fused_codes, ny * nz);
            let mut cells = Vec::with_capacity(ny * nz);
            for (j, y_label) in y_coder.labels.iter().enumerate() {
                for (k, z_label) in z_coder.labels.iter().enumerate() {
                    let (low_u, up_u) = frechet_unconditional(p_y[j], p_z[k]);
                    let py: Vec<f64> = y_given_x.iter().map(|row| row[j]).collect();
                    let pz: Vec<f64> = z_given_x.iter().map(|row| row[k]).collect();
                    // No X cell in both files: X tells nothing, so the bounds are the unconditional ones.
                    let bounds = if both.is_empty() {
                        Conditional { low: low_u, up: up_u, cia: p_y[j] * p_z[k] }
                    } else {
                        frechet_conditional(&p_x, &py, &pz)
                    };
                    let share = fused[j * nz + k];
                    cells.push(Cell {
                        y: y_label.clone(),
                        z: z_label.clone(),
                        low_unconditional: low_u,
                        up_unconditional: up_u,
                        low: bounds.low,
                        up: bounds.up,
                        cia: bounds.cia,
                        fused: share,
                        inside: share >= bounds.low - 1e-9 && share <= bounds.up + 1e-9,
                    });
                }
            }
            let mean = |f: &dyn Fn(&Cell) -> f64| cells.iter().map(f).sum::<f64>() / cells.len().max(1) as f64;
            out.push(Frechet {
                y: y.clone(),
                z: (*z).clone(),
                given: given.clone(),
                x_cells: both.len(),
                x_share_dropped: 1.0 - kept,
                uncertainty_unconditional: mean(&|c| c.up_unconditional - c.low_unconditional),
                uncertainty: mean(&|c| c.up - c.low),
                cells_inside: cells.iter().filter(|c| c.inside).count(),
                cells,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comp_prop_worked_example() {
        // StatMatch comp.prop: p1 = (.5, .3, .2), p2 = (.4, .4, .2).
        let (p, q) = ([0.5, 0.3, 0.2], [0.4, 0.4, 0.2]);
        assert!((total_variation(&p, &q) - 0.1).abs() < 1e-12);
        assert!((bhattacharyya(&p, &q) - 0.993624).abs() < 5e-7);
        assert!((hellinger(&p, &q) - 0.0799).abs() < 5e-5);
        assert!((hellinger(&p, &q) - 0.079851).abs() < 5e-7);
        // d_H² ≤ Δ ≤ √2·d_H.
        let (h, d) = (hellinger(&p, &q), total_variation(&p, &q));
        assert!(h * h <= d && d <= 2f64.sqrt() * h);
    }

    #[test]
    fn frechet_worked_example() {
        // p_y = (.6, .4), p_z = (.7, .3): cell (1,1) ∈ [0.30, 0.60], independence 0.42.
        let (low, up) = frechet_unconditional(0.6, 0.7);
        assert!((low - 0.30).abs() < 1e-12 && (up - 0.60).abs() < 1e-12);
        // One X cell: the conditional bounds are the unconditional ones.
        let c = frechet_conditional(&[1.0], &[0.6], &[0.7]);
        assert!((c.low - 0.30).abs() < 1e-12 && (c.up - 0.60).abs() < 1e-12 && (c.cia - 0.42).abs() < 1e-12);
        // Two X cells: x₁ (p .5): p(y|x) .9, p(z|x) .8; x₂: .3, .6.
        // low = .5·.7 + .5·0 = .35; up = .5·.8 + .5·.3 = .55; cia = .5·.72 + .5·.18 = .45.
        let c = frechet_conditional(&[0.5, 0.5], &[0.9, 0.3], &[0.8, 0.6]);
        assert!((c.low - 0.35).abs() < 1e-12 && (c.up - 0.55).abs() < 1e-12 && (c.cia - 0.45).abs() < 1e-12);
    }
}
