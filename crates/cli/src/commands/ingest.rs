//! `tidtam ingest`: read report files and print what was read.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tidtam_report::{IngestError, ReportForm, ingest_path};

#[derive(Args)]
#[command(after_help = "Examples:\n  tidtam ingest report.txt --json\n  tidtam ingest bulletin.docx reports/*.txt\n\n\
Exit status: 0 when every file was read, 2 when a file could not be read (the others are still printed).")]
pub struct IngestArgs {
    /// Report files: UTF-8 text or markdown (one or many reports each), or .docx.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print JSON: {"reports": [...], "errors": [...]} (default: a summary line per report).
    #[arg(long)]
    pub json: bool,
}

/// Reads every file; a file that cannot be read is reported and the rest go on.
pub fn read_all(files: &[PathBuf]) -> (Vec<ReportForm>, Vec<IngestError>) {
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match ingest_path(file) {
            Ok(mut read) => reports.append(&mut read),
            Err(error) => errors.push(error),
        }
    }
    (reports, errors)
}

pub fn print_errors(errors: &[IngestError]) {
    for error in errors {
        eprintln!("tidtam: {}: error[{}] {} / {}", error.file, error.code(), error.message_th(), error.message_en());
    }
}

pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let (reports, errors) = read_all(&args.files);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        let errors_json: Vec<_> = errors
            .iter()
            .map(|error| {
                serde_json::json!({
                    "file": error.file, "code": error.code(),
                    "message_th": error.message_th(), "message_en": error.message_en(),
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "reports": reports, "errors": errors_json }))?;
        writeln!(out)?;
    } else {
        for report in &reports {
            let show = |value: Option<tidtam_thai::baht::Baht>| value.map_or("-".to_string(), |v| v.to_string());
            writeln!(
                out,
                "{}:{}: {} | {} | มูลค่า/value {} | จัดสรร/allocated {} | สัญญา/contracted {} | เบิกจ่าย/disbursed {} | ก้าวหน้า/progress {} | ตัวชี้วัด/KPIs {} | กิจกรรม/activities {} | findings {}",
                report.source.file,
                report.source.line,
                report.project_name.as_deref().unwrap_or("(ไม่มีชื่อ / no name)"),
                report.agency.as_deref().unwrap_or("-"),
                show(report.project_value),
                show(report.budget.allocated),
                show(report.budget.contracted),
                show(report.budget.disbursed),
                report.progress_percent.map_or("-".to_string(), |p| format!("{p}%")),
                with_second_level(report.kpis.len(), report.kpis.iter().map(|k| k.parts.len()).sum(), "ส่วน/parts"),
                with_second_level(
                    report.activities.len(),
                    report.activities.iter().map(|a| a.steps.len()).sum(),
                    "ขั้นตอน/steps"
                ),
                report.findings.len(),
            )?;
        }
    }
    out.flush()?;
    print_errors(&errors);
    Ok(if errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

/// A top-level count, with the count under it when the form has a second level ("3 (ขั้นตอน/steps 13)").
fn with_second_level(top: usize, under: usize, label: &str) -> String {
    if under == 0 { top.to_string() } else { format!("{top} ({label} {under})") }
}
