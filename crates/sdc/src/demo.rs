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
