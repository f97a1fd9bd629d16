//! `tidtam kpi score FILE`: score a performance agreement written as a sheet.
//!
//! The file (CSV, or XLSX by its extension) is read into a `tidtam_stats` sheet,
//! every cell as text (a spreadsheet number as its shortest decimal writing), and
//! `tidtam_score::sheet` reads and scores it, exactly: nothing here computes.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use tidtam_score::sheet::{RowError, ScoredSheet, score_rows};
use tidtam_score::{Decimal, ScoringConfig};
use tidtam_stats::load::{Cell, read_csv, read_xlsx};
use tidtam_thai::fiscal::FiscalYear;

#[derive(Args)]
pub struct KpiArgs {
    #[command(subcommand)]
    pub command: KpiCommand,
}

#[derive(Subcommand)]
pub enum KpiCommand {
    /// ให้คะแนนตัวชี้วัดจากตาราง / Score the indicators of a CSV or XLSX sheet and total them
    Score(ScoreArgs),
}

#[derive(Args)]
#[command(after_help = "Columns (header row first, any order):\n  \
code,name,weight,kind,polarity,mode,level1,level2,level3,level4,level5,result\n  \
kind: quantitative | milestone; polarity: higher | lower; mode: interpolate | step\n  \
a milestone row's result is the highest level met (0-5); its polarity and mode may be empty\n\n\
Examples:\n  tidtam kpi score agreement.csv\n  tidtam kpi score agreement.xlsx --json\n\n\
Exit status: 0 scored, 2 the file could not be read or a row is wrong (one line each, nothing scored).")]
pub struct ScoreArgs {
    /// The sheet: .xlsx (the first sheet unless --sheet), anything else read as CSV (UTF-8).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print JSON: {"indicators":[{"code","score","weighted_score"}…],"total"}, figures as strings with 4 decimals.
    #[arg(long)]
    pub json: bool,
    /// The XLSX sheet to read.
    #[arg(long)]
    pub sheet: Option<String>,
    /// The score of a quantitative result short of level 1: 0 or 1 (the rule is unsettled; default 0).
    #[arg(long, value_name = "0|1", default_value = "0")]
    pub below_level_one: String,
    /// The fiscal year (BE) the agreement is for (only named; scores do not depend on it).
    #[arg(long, value_name = "YEAR")]
    pub fy: Option<i32>,
}

pub fn run(args: KpiArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        KpiCommand::Score(args) => score(args),
    }
}

fn score(args: ScoreArgs) -> anyhow::Result<ExitCode> {
    let file = args.file.display().to_string();
    let bad = |th: String, en: String| -> anyhow::Result<ExitCode> {
        eprintln!("tidtam: {file}: {th} / {en}");
        Ok(ExitCode::from(2))
    };
    let below_level_one = match args.below_level_one.trim() {
        "0" => Decimal::ZERO,
        "1" => Decimal::ONE,
        other => {
            return bad(
                format!("--below-level-one ต้องเป็น 0 หรือ 1 (ได้ \"{other}\")"),
                format!("--below-level-one must be 0 or 1 (got \"{other}\")"),
            );
        }
    };
    let fiscal_year = match args.fy {
        Some(be) => match FiscalYear::checked(be) {
            Ok(year) => year,
            Err(_) => return bad(format!("ปีงบประมาณ {be} อยู่นอกช่วง"), format!("fiscal year {be} is out of range")),
        },
        None => FiscalYear::of(jiff::tz::offset(7).to_datetime(jiff::Timestamp::now()).date()),
    };
    let bytes = match std::fs::read(&args.file) {
        Ok(bytes) => bytes,
        Err(error) => return bad(format!("อ่านไฟล์ไม่ได้ ({error})"), format!("cannot read the file ({error})")),
    };
    let is_xlsx = args.file.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("xlsx"));
    let sheet = if is_xlsx { read_xlsx(&bytes, args.sheet.as_deref()) } else { read_csv(&bytes) };
    let sheet = match sheet {
        Ok(sheet) => sheet,
        Err(error) => return bad(error.message_th, error.message_en),
    };
    // Every cell as text; a number through its shortest decimal writing, never
    // rounded (`Cell::text` writes 87.5 as "87.5" and 3.0 as "3").
    let rows: Vec<Vec<String>> = sheet.rows.iter().map(|row| row.iter().map(Cell::text).collect()).collect();
    let config = ScoringConfig { below_level_one, ..ScoringConfig::default() };
    let scored = match score_rows(&rows, fiscal_year, config) {
        Ok(scored) => scored,
        Err(errors) => {
            for error in &errors {
                eprintln!("tidtam: {file}: {}", RowError::line(error));
            }
            return Ok(ExitCode::from(2));
        }
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &json(&scored))?;
        writeln!(out)?;
    } else {
        write_table(&mut out, &scored)?;
    }
    out.flush().context("writing the scores")?;
    Ok(ExitCode::SUCCESS)
}

/// Figures are strings with 4 decimals: the precision scores are published to, and
/// a string like the score crate's `Decimal` (which serialises as a string) so no
/// reader turns 0.0480 into a binary float.
fn json(scored: &ScoredSheet) -> serde_json::Value {
    let indicators: Vec<serde_json::Value> = scored
        .scorecard
        .indicators
        .iter()
        .map(|indicator| {
            serde_json::json!({
                "code": indicator.code,
                "score": indicator.computed.map(|c| c.score.fixed(4)),
                "weighted_score": indicator.weighted.map(|w| w.fixed(4)),
            })
        })
        .collect();
    serde_json::json!({ "indicators": indicators, "total": scored.scorecard.total.fixed(4) })
}

fn write_table(out: &mut impl Write, scored: &ScoredSheet) -> std::io::Result<()> {
    writeln!(out, "รหัส/code\tน้ำหนัก/weight\tคะแนน/score\tถ่วงน้ำหนัก/weighted\tชื่อ/name")?;
    for (indicator, line) in scored.scorecard.indicators.iter().zip(&scored.agreement.indicators) {
        let show = |value: Option<Decimal>| value.map_or("-".to_string(), |v| v.fixed(4));
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            indicator.code,
            indicator.weight,
            show(indicator.computed.map(|c| c.score)),
            show(indicator.weighted),
            line.name
        )?;
    }
    writeln!(
        out,
        "รวม/total\t{}\t\t{}\t(เต็ม/out of {})",
        scored.agreement.indicators.iter().map(|i| i.weight).sum::<Decimal>(),
        scored.scorecard.total.fixed(4),
        scored.scorecard.max
    )
}
