//! `tidtam sdc protect` (suppression with an LP audit, or `--round` for random
//! rounding; several tables that share cells are protected together) and
//! `tidtam sdc demo-table` (the seeded benchmark table).
//!
//! Argument handling and printing only; the work is in `tidtam-sdc`.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use tidtam_sdc::{CsvSpec, Dominance, Hierarchy, Rules, Table};

/// Arguments of `tidtam sdc`.
#[derive(Args)]
pub struct SdcArgs {
    #[command(subcommand)]
    command: SdcCommand,
}

#[derive(Subcommand)]
enum SdcCommand {
    /// ปกปิดตารางก่อนเผยแพร่ / Protect a table, or linked tables sharing cells: primary rules, secondary suppression, LP audit (or --round)
    Protect(ProtectArgs),
    /// สร้างตารางทดสอบ / Write the seeded 77 provinces × categories × years benchmark table
    DemoTable(DemoArgs),
}

/// Arguments of `tidtam sdc protect`.
#[derive(Args)]
struct ProtectArgs {
    /// CSV of cells: dimension columns, `count`, `value` and optionally `contributions`
    /// (the cell's largest contributions, `;`-separated). Rows whose code is a total
    /// ("Total", or a hierarchy's inner code) are checked against their parts. Several
    /// tables from the same data are linked: a cell they share (the same codes of the
    /// dimensions, by column name, they have in common, the others at their totals) must
    /// have the same numbers, is suppressed in all or none, and the audit reads them all.
    #[arg(required = true, num_args = 1..)]
    table: Vec<PathBuf>,
    /// Rules from a TOML file (min_frequency, dominance = { n, k }, p_percent,
    /// protection_level); flags override it.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Minimum frequency: a cell with 1..N−1 contributors is unsafe.
    #[arg(long, value_name = "N")]
    min_frequency: Option<u64>,
    /// (n,k) dominance: unsafe if the n largest contributions exceed k % of the cell.
    #[arg(long, value_name = "n,k")]
    dominance: Option<String>,
    /// p % rule: unsafe if X − x₁ − x₂ < p/100 · x₁.
    #[arg(long, value_name = "P")]
    p_percent: Option<f64>,
    /// Protection level of minimum-frequency cells, in % of the cell.
    #[arg(long, value_name = "PCT")]
    protection_level: Option<f64>,
    /// A dimension's hierarchy: DIM=thai (TH → regions → TH-xx), DIM=FILE.csv (parent,child
    /// rows) or DIM='TOTAL:A,B;A:A1,A2'. Dimensions without one get a flat "Total". It
    /// applies to every table with that column, cut where the table's rows stop (a table
    /// by region has the regions as leaves).
    #[arg(long, value_name = "DIM=SPEC")]
    hierarchy: Vec<String>,
    /// Random rounding to this base instead of suppression (needs --seed; one table).
    #[arg(long, value_name = "BASE", requires = "seed")]
    round: Option<f64>,
    /// The rounding's seed.
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// The protected (or rounded) table; once per input table, in the same order.
    #[arg(long, required = true)]
    out: Vec<PathBuf>,
    /// The audit (producer only: it holds the true values and intervals); none, or once
    /// per input table.
    #[arg(long, conflicts_with = "round")]
    audit: Vec<PathBuf>,
}

/// Arguments of `tidtam sdc demo-table`.
#[derive(Args)]
struct DemoArgs {
    /// Output CSV.
    #[arg(long)]
    out: PathBuf,
    /// Number of categories.
    #[arg(long, default_value_t = 20)]
    categories: usize,
    /// Number of years (from 2558 BE).
    #[arg(long, default_value_t = 10)]
    years: usize,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Runs `tidtam sdc …`.
pub fn run(args: SdcArgs) -> Result<ExitCode> {
    match args.command {
        SdcCommand::Protect(args) => protect(args),
        SdcCommand::DemoTable(args) => {
            let file = File::create(&args.out).with_context(|| format!("{}", args.out.display()))?;
            let rows =
                tidtam_sdc::demo::write_demo_table(BufWriter::new(file), args.categories, args.years, args.seed)?;
            eprintln!("เขียน {rows} ช่อง / wrote {rows} cells to {}", args.out.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn hierarchy(spec: &str) -> Result<(String, Hierarchy)> {
    let Some((dim, what)) = spec.split_once('=') else {
        bail!("--hierarchy ต้องเป็น DIM=SPEC / --hierarchy must be DIM=SPEC, got \"{spec}\"");
    };
    let h = if Path::new(what).is_file() {
        let file = File::open(what).with_context(|| what.to_owned())?;
        Hierarchy::read_csv(BufReader::new(file))?
    } else {
        Hierarchy::parse_inline(what)?
    };
    Ok((dim.trim().to_owned(), h))
}

fn rules(args: &ProtectArgs) -> Result<Rules> {
    let mut rules = match &args.rules {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
            Rules::from_toml(&text)?
        }
        None => Rules::default(),
    };
    if let Some(n) = args.min_frequency {
        rules.min_frequency = Some(n);
    }
    if let Some(nk) = &args.dominance {
        let parsed = nk.split_once(',').and_then(|(n, k)| Some((n.trim().parse().ok()?, k.trim().parse().ok()?)));
        let Some((n, k)) = parsed else {
            bail!("--dominance ต้องเป็น n,k เช่น 2,85 / --dominance must be n,k such as 2,85, got \"{nk}\"");
        };
        rules.dominance = Some(Dominance { n, k });
    }
    if let Some(p) = args.p_percent {
        rules.p_percent = Some(p);
    }
    if let Some(l) = args.protection_level {
        rules.protection_level = l;
    }
    Ok(rules)
}

fn protect(args: ProtectArgs) -> Result<ExitCode> {
    let spec = CsvSpec {
        hierarchies: args.hierarchy.iter().map(|s| hierarchy(s)).collect::<Result<_>>()?,
        ..CsvSpec::default()
    };
    let n = args.table.len();
    if args.out.len() != n || !(args.audit.is_empty() || args.audit.len() == n) {
        bail!(
            "ต้องมี --out หนึ่งครั้งต่อตาราง (และ --audit ถ้ามี) ได้ {n} ตาราง {} --out {} --audit / give --out once per table (and --audit, if any): {n} table(s), {} --out, {} --audit",
            args.out.len(),
            args.audit.len(),
            args.out.len(),
            args.audit.len()
        );
    }
    if n > 1 {
        return protect_linked(&args, &spec);
    }
    let (input, out) = (&args.table[0], &args.out[0]);
    let file = File::open(input).with_context(|| format!("{}", input.display()))?;
    let started = Instant::now();
    let table = Table::read_csv(BufReader::new(file), &spec)?;
    if let Some(base) = args.round {
        if base.is_nan() || base <= 0.0 {
            bail!("ฐานการปัดต้องมากกว่า 0 / the rounding base must be > 0");
        }
        let rounded = tidtam_sdc::round::round(&table, base, args.seed.expect("clap requires --seed"));
        write(out, |w| tidtam_sdc::output::write_table(&rounded, w))?;
        eprintln!(
            "ปัดเศษสุ่มฐาน {base} แล้ว {} ช่อง / randomly rounded {} cells to base {base} (seed {}) in {:.2?}",
            rounded.len(),
            rounded.len(),
            args.seed.unwrap_or_default(),
            started.elapsed()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let rules = rules(&args)?;
    let protected = tidtam_sdc::protect(&table, &rules)?;
    write(out, |w| tidtam_sdc::output::write_protected(&table, &protected, w))?;
    if let Some(path) = args.audit.first() {
        write(path, |w| tidtam_sdc::output::write_audit(&table, &protected, w))?;
    }
    println!(
        "ช่องทั้งหมด {} ช่องลับ (C) {} ช่องปกปิดเพิ่ม (D) {} ตรวจด้วย LP {:.2?} รวม {:.2?} / cells {}, primary (C) {}, secondary (D) {}, LP audit {:.2?}, total {:.2?}",
        table.len(),
        protected.primary_count(),
        protected.secondary_count(),
        protected.audit_time,
        started.elapsed(),
        table.len(),
        protected.primary_count(),
        protected.secondary_count(),
        protected.audit_time,
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}

/// Several tables sharing cells: read, linked (shared cells checked), protected together,
/// and every output written only once all of them are protected.
fn protect_linked(args: &ProtectArgs, spec: &CsvSpec) -> Result<ExitCode> {
    if args.round.is_some() {
        bail!(
            "ปัดเศษสุ่มได้ทีละตาราง ตารางที่เชื่อมกันต้องใช้การปกปิด / --round takes one table: rounding linked tables independently would give their shared cells different values; use suppression"
        );
    }
    let started = Instant::now();
    let mut inputs = Vec::with_capacity(args.table.len());
    for path in &args.table {
        let file = File::open(path).with_context(|| format!("{}", path.display()))?;
        inputs.push((path.display().to_string(), BufReader::new(file)));
    }
    let linked = tidtam_sdc::read_linked(inputs, spec)?;
    let protected = tidtam_sdc::protect_linked(&linked, &rules(args)?)?;
    for (t, (table, p)) in linked.tables().iter().zip(&protected.tables).enumerate() {
        write(&args.out[t], |w| tidtam_sdc::output::write_protected(table, p, w))?;
        if let Some(path) = args.audit.get(t) {
            write(path, |w| tidtam_sdc::output::write_audit(table, p, w))?;
        }
        let (name, d, lost) =
            (&linked.names()[t], p.secondary_count(), tidtam_sdc::output::fmt_num(p.secondary_value(table)));
        println!(
            "{name}: ช่องทั้งหมด {} ช่องลับ (C) {} ช่องปกปิดเพิ่ม (D) {d} ผลรวมของช่อง D {lost} / cells {}, primary (C) {}, secondary (D) {d} totalling {lost}",
            table.len(),
            p.primary_count(),
            table.len(),
            p.primary_count(),
        );
    }
    println!(
        "ตารางเชื่อมกัน {} ตาราง ช่องร่วม {} ช่องลับ {} ปกปิดเพิ่ม {} (นับช่องร่วมครั้งเดียว) {} รอบ ตรวจด้วย LP {:.2?} รวม {:.2?} / {} linked tables, {} shared cells, primary {}, secondary {} (a shared cell once), {} passes, joint LP audit {:.2?}, total {:.2?}",
        linked.tables().len(),
        linked.shared_cells(),
        protected.primary,
        protected.secondary,
        protected.passes,
        protected.audit_time,
        started.elapsed(),
        linked.tables().len(),
        linked.shared_cells(),
        protected.primary,
        protected.secondary,
        protected.passes,
        protected.audit_time,
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes through a temporary file so a failure never leaves half a table behind.
fn write(path: &Path, f: impl FnOnce(&mut BufWriter<File>) -> Result<(), tidtam_sdc::SdcError>) -> Result<()> {
    let tmp = path.with_extension("partial");
    let file = File::create(&tmp).with_context(|| format!("{}", tmp.display()))?;
    let mut w = BufWriter::new(file);
    let written = f(&mut w).map_err(anyhow::Error::from).and_then(|()| Ok(w.flush()?));
    drop(w);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path).with_context(|| format!("{}", path.display()))?;
    Ok(())
}
