//! The hot deck methods: each recipient gets one donor, within its donation class.
//!
//! - distance hot deck (StatMatch `NND.hotdeck`): the nearest donor, ties broken at random;
//! - random hot deck (`RANDwNND.hotdeck` without distances): a donor drawn at random, with
//!   probability proportional to its sampling weight when weights are given;
//! - rank hot deck (`rankNND.hotdeck`): the donor whose weighted ECDF value of the one matching
//!   variable is closest to the recipient's;
//! - constrained (distance or rank, `constrained=TRUE`): each donor used at most k times and the
//!   total distance minimised exactly ([`crate::assign`]).
//!
//! Every random choice comes from a generator seeded by the run's seed and the recipient's row,
//! so results do not depend on the number of threads.

use tidtam_link::Table;
use tidtam_link::rng::SplitMix;

use crate::assign::min_cost_assignment;
use crate::data::{Classes, classes, column, numbers, weights};
use crate::distance::{Metric, Space};
use crate::error::{Error, Result};

/// How donors are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Nearest donor on the matching variables.
    Distance,
    /// A random donor of the same donation class.
    Random,
    /// Nearest donor by the rank (weighted ECDF) of one matching variable.
    Rank,
}

impl Method {
    /// Parses `distance`, `random` or `rank`.
    pub fn parse(text: &str) -> Option<Method> {
        match text.to_ascii_lowercase().as_str() {
            "distance" => Some(Method::Distance),
            "random" => Some(Method::Random),
            "rank" => Some(Method::Rank),
            _ => None,
        }
    }
}

/// What to match on, what to donate and how.
#[derive(Clone, Debug)]
pub struct Options {
    /// Matching variables X (in both files).
    pub on: Vec<String>,
    /// Variables Z donated from the donor file.
    pub donate: Vec<String>,
    /// How donors are chosen.
    pub method: Method,
    /// The distance for [`Method::Distance`].
    pub metric: Metric,
    /// Donation classes: a recipient only receives from donors with the same values (in both files).
    pub classes: Vec<String>,
    /// Constrained matching: each donor at most this many times (distance and rank methods).
    pub k: Option<usize>,
    /// Sampling-weight column (in both files).
    pub weight: Option<String>,
    /// Seed for every random choice.
    pub seed: u64,
}

/// The donor chosen for each recipient.
#[derive(Clone, Debug)]
pub struct Matching {
    /// Donor row (0-based) for each recipient row.
    pub donor: Vec<usize>,
    /// The distance of each pair (NaN for the random hot deck).
    pub distance: Vec<f64>,
}

impl Matching {
    /// The sum of the pairs' distances (NaN for the random hot deck).
    pub fn total_distance(&self) -> f64 {
        self.distance.iter().sum()
    }
}

/// The recipient's own generator: the run's seed mixed with its row.
fn generator(seed: u64, row: usize) -> SplitMix {
    let mut rng = SplitMix(seed ^ (row as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93));
    rng.next_u64();
    rng
}

/// Chooses a donor for every recipient.
pub fn match_tables(recipient: &Table, donor: &Table, options: &Options) -> Result<Matching> {
    check(recipient, donor, options)?;
    let classes = classes(recipient, donor, &options.classes)?;
    let groups = group(&classes);
    let mut matching = Matching { donor: vec![0; recipient.len()], distance: vec![f64::NAN; recipient.len()] };
    match options.method {
        Method::Distance => {
            let space = Space::new(recipient, donor, &options.on, options.metric)?;
            for (class, (recipients, donors)) in groups.iter().enumerate() {
                check_class(&classes, class, recipients, donors, options.k)?;
                let cost = |r: usize, d: usize| space.distance(recipients[r], donors[d]);
                match options.k {
                    Some(k) => assign(&mut matching, recipients, donors, k, cost),
                    None => nearest_all(&mut matching, recipients, donors, options.seed, &cost),
                }
            }
        }
        Method::Rank => {
            let name = &options.on[0];
            let rec_values = numbers(recipient, name, false)?;
            let don_values = numbers(donor, name, false)?;
            let rec_weights = weights(recipient, options.weight.as_deref())?;
            let don_weights = weights(donor, options.weight.as_deref())?;
            for (class, (recipients, donors)) in groups.iter().enumerate() {
                check_class(&classes, class, recipients, donors, options.k)?;
                let rec_f = ecdf(recipients, &rec_values, &rec_weights);
                let don_f = ecdf(donors, &don_values, &don_weights);
                match options.k {
                    Some(k) => assign(&mut matching, recipients, donors, k, |r, d| (rec_f[r] - don_f[d]).abs()),
                    None => nearest_rank(&mut matching, recipients, donors, &rec_f, &don_f, options.seed),
                }
            }
        }
        Method::Random => {
            let don_weights = weights(donor, options.weight.as_deref())?;
            for (class, (recipients, donors)) in groups.iter().enumerate() {
                check_class(&classes, class, recipients, donors, None)?;
                // Cumulative weights: a draw is a binary search. All-zero weights fall back to equal ones.
                let mut cumulative = Vec::with_capacity(donors.len());
                let mut sum = 0.0;
                let all_zero = donors.iter().all(|&d| don_weights[d] == 0.0);
                for &d in donors {
                    sum += if all_zero { 1.0 } else { don_weights[d] };
                    cumulative.push(sum);
                }
                for &r in recipients {
                    let u = generator(options.seed, r).unit() * sum;
                    let at = cumulative.partition_point(|&c| c <= u).min(donors.len() - 1);
                    matching.donor[r] = donors[at];
                }
            }
        }
    }
    Ok(matching)
}

/// Columns exist, and the options go together.
fn check(recipient: &Table, donor: &Table, options: &Options) -> Result<()> {
    for (table, label) in [(recipient, "recipient"), (donor, "donor")] {
        if table.is_empty() {
            return Err(Error::Empty { table: format!("{} ({label})", table.name) });
        }
        for name in options.on.iter().chain(&options.classes).chain(&options.weight) {
            column(table, name)?;
        }
    }
    for name in &options.donate {
        column(donor, name)?;
    }
    if options.on.is_empty() && options.method != Method::Random {
        return Err(Error::options("--on needs at least one matching variable", "--on ต้องระบุตัวแปรที่ใช้จับคู่อย่างน้อยหนึ่งตัว"));
    }
    if options.donate.is_empty() {
        return Err(Error::options("--donate needs at least one variable", "--donate ต้องระบุตัวแปรที่จะเติมอย่างน้อยหนึ่งตัว"));
    }
    if options.method == Method::Rank && options.on.len() != 1 {
        return Err(Error::options(
            format!("the rank hot deck matches on exactly one variable, not {}", options.on.join(", ")),
            format!("วิธีจับคู่ตามลำดับใช้ตัวแปรจับคู่ได้ตัวเดียว ไม่ใช่ {}", options.on.join(", ")),
        ));
    }
    match options.k {
        Some(_) if options.method == Method::Random => Err(Error::options(
            "--k (constrained matching) works with --method distance or rank",
            "--k (การจับคู่แบบจำกัดจำนวนครั้ง) ใช้ได้กับ --method distance หรือ rank เท่านั้น",
        )),
        Some(0) => Err(Error::options("--k must be at least 1", "--k ต้องมีค่าอย่างน้อย 1")),
        _ => Ok(()),
    }
}

/// Recipients and donors of each class.
fn group(classes: &Classes) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut groups = vec![(Vec::new(), Vec::new()); classes.labels.len()];
    for (row, &c) in classes.recipient.iter().enumerate() {
        groups[c].0.push(row);
    }
    for (row, &c) in classes.donor.iter().enumerate() {
        groups[c].1.push(row);
    }
    groups
}

fn check_class(
    classes: &Classes,
    class: usize,
    recipients: &[usize],
    donors: &[usize],
    k: Option<usize>,
) -> Result<()> {
    let label = || classes.labels[class].clone();
    if !recipients.is_empty() && donors.is_empty() {
        return Err(Error::NoDonors { class: label(), recipients: recipients.len() });
    }
    if let Some(k) = k
        && k.saturating_mul(donors.len()) < recipients.len()
    {
        return Err(Error::TooFewDonors { class: label(), recipients: recipients.len(), donors: donors.len(), k });
    }
    Ok(())
}

fn assign(
    matching: &mut Matching,
    recipients: &[usize],
    donors: &[usize],
    k: usize,
    cost: impl Fn(usize, usize) -> f64,
) {
    if recipients.is_empty() {
        return;
    }
    let chosen = min_cost_assignment(recipients.len(), donors.len(), k, &cost);
    for (r, &d) in chosen.iter().enumerate() {
        matching.donor[recipients[r]] = donors[d];
        matching.distance[recipients[r]] = cost(r, d);
    }
}

/// The nearest donor of every recipient, ties broken at random, on all cores.
fn nearest_all(
    matching: &mut Matching,
    recipients: &[usize],
    donors: &[usize],
    seed: u64,
    cost: &(dyn Fn(usize, usize) -> f64 + Sync),
) {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(recipients.len().max(1));
    let chunk = recipients.len().div_ceil(threads).max(1);
    let results: Vec<Vec<(usize, f64)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..recipients.len())
            .step_by(chunk)
            .map(|start| {
                scope.spawn(move || {
                    (start..(start + chunk).min(recipients.len()))
                        .map(|r| {
                            let mut rng = generator(seed, recipients[r]);
                            let (mut best, mut best_d, mut ties) = (0, f64::INFINITY, 0u64);
                            for d in 0..donors.len() {
                                let dist = cost(r, d);
                                if dist < best_d {
                                    (best, best_d, ties) = (d, dist, 1);
                                } else if dist == best_d {
                                    // Reservoir choice: each tied donor ends up chosen with equal chance.
                                    ties += 1;
                                    if rng.below(ties) == 0 {
                                        best = d;
                                    }
                                }
                            }
                            (donors[best], best_d)
                        })
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("matching thread")).collect()
    });
    for (r, (d, dist)) in results.into_iter().flatten().enumerate() {
        matching.donor[recipients[r]] = d;
        matching.distance[recipients[r]] = dist;
    }
}

/// Weighted ECDF of the rows' values: F(xᵢ) = Σ_{xⱼ ≤ xᵢ} wⱼ / Σ w.
fn ecdf(rows: &[usize], values: &[f64], weights: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| values[rows[a]].total_cmp(&values[rows[b]]));
    let total: f64 = rows.iter().map(|&r| weights[r]).sum();
    let total = if total > 0.0 { total } else { 1.0 };
    let mut out = vec![0.0; rows.len()];
    let mut i = 0;
    let mut running = 0.0;
    while i < order.len() {
        let value = values[rows[order[i]]];
        let mut j = i;
        while j < order.len() && values[rows[order[j]]] == value {
            running += weights[rows[order[j]]];
            j += 1;
        }
        for &o in &order[i..j] {
            out[o] = running / total;
        }
        i = j;
    }
    out
}

/// The donor with the closest ECDF value, ties broken at random.
fn nearest_rank(
    matching: &mut Matching,
    recipients: &[usize],
    donors: &[usize],
    rec_f: &[f64],
    don_f: &[f64],
    seed: u64,
) {
    let mut order: Vec<usize> = (0..donors.len()).collect();
    order.sort_by(|&a, &b| don_f[a].total_cmp(&don_f[b]));
    let sorted: Vec<f64> = order.iter().map(|&o| don_f[o]).collect();
    for (r, &f) in rec_f.iter().enumerate() {
        let at = sorted.partition_point(|&x| x < f);
        let below = at.checked_sub(1).map(|i| sorted[i]);
        let above = sorted.get(at).copied();
        let best = match (below, above) {
            (Some(b), Some(a)) => (f - b).min(a - f),
            (Some(b), None) => f - b,
            (None, Some(a)) => a - f,
            (None, None) => unreachable!("a class with recipients has donors"),
        };
        // Every donor at the best distance, on either side.
        let mut tied = Vec::new();
        for value in [below, above].into_iter().flatten() {
            if (f - value).abs() == best {
                let from = sorted.partition_point(|&x| x < value);
                let to = sorted.partition_point(|&x| x <= value);
                tied.extend(from..to);
            }
        }
        tied.dedup();
        let pick = tied[generator(seed, recipients[r]).below(tied.len() as u64) as usize];
        matching.donor[recipients[r]] = donors[order[pick]];
        matching.distance[recipients[r]] = best;
    }
}
