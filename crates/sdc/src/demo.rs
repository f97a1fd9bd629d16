//! A seeded synthetic business table for tests and the benchmark: 77 provinces ×
//! categories × years, each cell with its number of establishments, their total
//! turnover and its five largest turnovers (heavy-tailed, so some cells are dominated).

use std::io::Write;

use tidtam_thai::province::PROVINCES;

use crate::SdcError;
use crate::round::SplitMix64;

/// Writes the leaf cells (totals are left for the reader to compute) as CSV with columns
/// `area,category,year,count,value,contributions`; use the built-in `area=thai` hierarchy.
pub fn write_demo_table<W: Write>(out: W, categories: usize, years: usize, seed: u64) -> Result<usize, SdcError> {
    let mut rng = SplitMix64::new(seed);
    let mut normal = || {
        // Box–Muller.
        let u1 = rng.unit().max(1e-12);
        let u2 = rng.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    };
    let province_size: Vec<f64> = PROVINCES.iter().map(|_| normal() * 0.6).collect();
    let category_size: Vec<f64> = (0..categories).map(|_| normal() * 0.8).collect();
    let mut rng2 = SplitMix64::new(seed ^ 0x5DC);
    let mut w = csv::Writer::from_writer(out);
    let e = |e: csv::Error| SdcError::Input(e.to_string());
    w.write_record(["area", "category", "year", "count", "value", "contributions"]).map_err(e)?;
    let mut rows = 0;
    for (pi, p) in PROVINCES.iter().enumerate() {
        for (ci, cs) in category_size.iter().enumerate() {
            for y in 0..years {
                let mean = (2.3 + province_size[pi] + cs + 0.03 * y as f64).exp();
                let count = (mean * (0.35 * normal()).exp()).floor() as u64;
                let mut turnovers: Vec<f64> = (0..count)
                    .map(|_| {
                        // Pareto(α = 1.8) turnovers, in thousand baht, whole numbers.
                        let u = rng2.unit().max(1e-12);
                        (100.0 * u.powf(-1.0 / 1.8)).round()
                    })
                    .collect();
                turnovers.sort_by(|a, b| b.total_cmp(a));
                let value: f64 = turnovers.iter().sum();
                let top: Vec<String> = turnovers.iter().take(5).map(|v| format!("{v}")).collect();
                w.write_record([
                    format!("TH-{:02}", p.code),
                    format!("หมวด{:02}", ci + 1),
                    format!("{}", 2558 + y),
                    count.to_string(),
                    format!("{value}"),
                    top.join(";"),
                ])
                .map_err(e)?;
                rows += 1;
            }
        }
    }
    w.flush().map_err(|e| SdcError::Input(e.to_string()))?;
    Ok(rows)
}

/// The age groups of [`write_demo_linked_tables`].
pub const DEMO_AGE_GROUPS: [&str; 7] = ["0-14", "15-24", "25-34", "35-44", "45-54", "55-64", "65+"];

/// Two linked tables of the same seeded population for the linked benchmark: people by
/// province × sex × year (`area,sex,year,count`) and by province × age group × year
/// (`area,age,year,count`), both margins of one province × sex × age × year count
/// (Poisson around a province size that varies tenfold), so the province × year totals
/// they share agree. Leaf cells only; use the built-in `area=thai` hierarchy. Returns
/// the number of leaf rows written to each.
pub fn write_demo_linked_tables<A: Write, B: Write>(
    by_sex: A,
    by_age: B,
    years: usize,
    seed: u64,
) -> Result<(usize, usize), SdcError> {
    let mut rng = SplitMix64::new(seed);
    let mut unit = move || rng.unit();
    let age_share = [0.04, 0.08, 0.14, 0.18, 0.2, 0.19, 0.17];
    let e = |e: csv::Error| SdcError::Input(e.to_string());
    let mut sex_csv = csv::Writer::from_writer(by_sex);
    let mut age_csv = csv::Writer::from_writer(by_age);
    sex_csv.write_record(["area", "sex", "year", "count"]).map_err(e)?;
    age_csv.write_record(["area", "age", "year", "count"]).map_err(e)?;
    let (mut sex_rows, mut age_rows) = (0, 0);
    for p in PROVINCES.iter() {
        // Yearly cases in the province: 8 to 80 around a log-uniform size.
        let size = 8.0 * 10f64.powf(unit());
        for y in 0..years {
            let year = format!("{}", 2558 + y);
            let mut by_sex_count = [0u64; 2];
            let mut by_age_count = [0u64; 7];
            for (s, count) in by_sex_count.iter_mut().enumerate() {
                for (a, share) in age_share.iter().enumerate() {
                    let n = poisson(size * (0.45 + 0.1 * s as f64) * share, &mut unit);
                    *count += n;
                    by_age_count[a] += n;
                }
            }
            let area = format!("TH-{:02}", p.code);
            for (s, n) in ["ชาย", "หญิง"].iter().zip(by_sex_count) {
                sex_csv.write_record([area.as_str(), *s, year.as_str(), n.to_string().as_str()]).map_err(e)?;
                sex_rows += 1;
            }
            for (a, n) in DEMO_AGE_GROUPS.iter().zip(by_age_count) {
                age_csv.write_record([area.as_str(), *a, year.as_str(), n.to_string().as_str()]).map_err(e)?;
                age_rows += 1;
            }
        }
    }
    sex_csv.flush().map_err(|e| SdcError::Input(e.to_string()))?;
    age_csv.flush().map_err(|e| SdcError::Input(e.to_string()))?;
    Ok((sex_rows, age_rows))
}

/// A Poisson draw: by counting uniform products for a small mean, the rounded normal
/// approximation for a large one.
fn poisson(mean: f64, unit: &mut impl FnMut() -> f64) -> u64 {
    if mean > 30.0 {
        let u1 = unit().max(1e-12);
        let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * unit()).cos();
        return (mean + mean.sqrt() * z).round().max(0.0) as u64;
    }
    let limit = (-mean).exp();
    let (mut k, mut product) = (0, unit());
    while product > limit {
        k += 1;
        product *= unit();
    }
    k
}
