//! `tidtam match`: statistical matching of two surveys with no units in common. Reads the
//! recipient and donor files (CSV or Parquet), writes the fused file and, on request, the
//! quality report as JSON; the work is in `tidtam-statmatch`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use tidtam_link::Table;
use tidtam_statmatch::{Method, Metric, Options, fused, match_tables, report, write_csv};

/// Arguments of `tidtam match`.
#[derive(Args)]
#[command(after_help = "Examples:\n  \
    tidtam match ses.csv lfs.parquet --on age,sex --donate income --classes region --out fused.csv --report report.json\n  \
    tidtam match a.csv b.csv --on age,edu --donate z --distance gower --k 2 --weight w --out fused.csv\n\n\
    Exit status: 0 matched, 2 bad input (one line in Thai and English).")]
pub struct MatchArgs {
    /// Recipient file (CSV or Parquet): every row receives the donated variables.
    recipient: PathBuf,
    /// Donor file (CSV or Parquet).
    donor: PathBuf,
    /// Matching variables X, in both files (comma-separated).
    #[arg(long, value_delimiter = ',', required = true)]
    on: Vec<String>,
    /// Variables Z to donate from the donor file (comma-separated).
    #[arg(long, value_delimiter = ',', required = true)]
    donate: Vec<String>,
    /// distance (nearest donor), random (within classes) or rank (one matching variable).
    #[arg(long, default_value = "distance", value_parser = parse_method)]
    method: Method,
    /// manhattan, euclidean, mahalanobis or gower (mixed and missing values).
    #[arg(long, default_value = "manhattan", value_parser = parse_metric)]
    distance: Metric,
    /// Donation classes: columns whose values must agree (comma-separated).
    #[arg(long, value_delimiter = ',')]
    classes: Vec<String>,
    /// Constrained matching: each donor used at most N times, total distance minimised.
    #[arg(long, value_name = "N")]
    k: Option<usize>,
    /// Sampling-weight column, in both files.
    #[arg(long, value_name = "W")]
    weight: Option<String>,
    /// Seed for random choices (ties, random draws).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The fused file (CSV) to write.
    #[arg(long, value_name = "FUSED.csv")]
    out: PathBuf,
    /// Write the quality report (JSON) here.
    #[arg(long, value_name = "REPORT.json")]
    report: Option<PathBuf>,
    /// Recipient variables Y for the Fréchet bounds (default: its other columns with 2–20 values).
    #[arg(long, value_delimiter = ',')]
    y: Option<Vec<String>>,
}

fn parse_method(text: &str) -> Result<Method, String> {
    Method::parse(text).ok_or_else(|| format!("`{text}`: use distance, random or rank / ใช้ distance, random หรือ rank"))
}

fn parse_metric(text: &str) -> Result<Metric, String> {
    Metric::parse(text).ok_or_else(|| {
        format!(
            "`{text}`: use manhattan, euclidean, mahalanobis or gower / ใช้ manhattan, euclidean, mahalanobis หรือ gower"
        )
    })
}

/// Runs `tidtam match`.
pub fn run(args: MatchArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let recipient = Table::read(&args.recipient).map_err(tidtam_statmatch::Error::from)?;
    let donor = Table::read(&args.donor).map_err(tidtam_statmatch::Error::from)?;
    let options = Options {
        on: args.on,
        donate: args.donate,
        method: args.method,
        metric: args.distance,
        classes: args.classes,
        k: args.k,
        weight: args.weight,
        seed: args.seed,
    };
    let matching = match_tables(&recipient, &donor, &options)?;
    let matched = started.elapsed();
    let table = fused(&recipient, &donor, &options.donate, &matching)?;
    write_atomically(&args.out, |w| Ok(write_csv(&table, w)?))?;
    let quality = report(&recipient, &donor, &options, &matching, args.y.as_deref())?;
    if let Some(path) = &args.report {
        write_atomically(path, |w| Ok(serde_json::to_writer_pretty(w, &quality)?))?;
    }
    println!(
        "จับคู่ผู้รับ {} รายการกับผู้ให้ {} รายการ ใช้ผู้ให้ {} ราย / matched {} recipients with {} donors, {} donors used (most {} times) in {:.2} s",
        quality.recipients,
        quality.donors,
        quality.donors_used,
        quality.recipients,
        quality.donors,
        quality.donors_used,
        quality.most_uses,
        matched.as_secs_f64()
    );
    if let Some(total) = quality.total_distance {
        println!("ระยะรวม / total distance {total:.6}, เฉลี่ย / mean {:.6}", quality.mean_distance.unwrap_or(0.0));
    }
    for margin in &quality.donated {
        println!(
            "{}: ผลต่างการแจกแจงจากไฟล์ผู้ให้ / fused vs donor: tvd {:.4}, Hellinger {:.4}",
            margin.variable, margin.comparison.tvd, margin.comparison.hellinger
        );
    }
    for table in &quality.frechet {
        println!(
            "({}, {}): ความไม่แน่นอน / uncertainty {:.4} (ไม่มีเงื่อนไข / unconditional {:.4}); {} of {} cells within bounds",
            table.y,
            table.z,
            table.uncertainty,
            table.uncertainty_unconditional,
            table.cells_inside,
            table.cells.len()
        );
    }
    println!("เขียน / wrote {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

/// Writes through a temporary file beside `path` and renames it, so a failed run leaves any
/// earlier file untouched.
fn write_atomically(path: &Path, write: impl FnOnce(&mut BufWriter<File>) -> Result<()>) -> Result<()> {
    let mut name = path.file_name().context("output path has no file name / ไม่มีชื่อไฟล์ผลลัพธ์")?.to_os_string();
    name.push(".partial");
    let temporary = path.with_file_name(name);
    let file = File::create(&temporary)
        .with_context(|| format!("cannot write {} / เขียนไฟล์ {} ไม่ได้", path.display(), path.display()))?;
    let mut writer = BufWriter::new(file);
    let result = write(&mut writer).and_then(|()| Ok(writer.flush()?));
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(error);
    }
    std::fs::rename(&temporary, path)
        .with_context(|| format!("cannot write {} / เขียนไฟล์ {} ไม่ได้", path.display(), path.display()))
}
