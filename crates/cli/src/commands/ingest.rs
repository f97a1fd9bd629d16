//! `tidtam ingest`: read report files and print what was read: 14-section project
//! reports and indicator reports of a performance agreement.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tidtam_report::{IndicatorReport, IngestError, Ingested, read_path};

#[derive(Args)]
#[command(after_help = "Examples:\n  tidtam ingest report.txt --json\n  tidtam ingest bulletin.docx reports/*.txt\n\n\
Exit status: 0 when every file was read, 2 when a file could not be read (the others are still printed).")]
pub struct IngestArgs {
    /// Report files: UTF-8 text or markdown (one or many reports each), or .docx.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print JSON: {"reports": [...], "kpi_reports": [...], "errors": [...]} (default: a summary line per report).
    #[arg(long)]
    pub json: bool,
}

/// Reads every file; a file that cannot be read is reported and the rest go on.
pub fn read_all(files: &[PathBuf]) -> (Ingested, Vec<IngestError>) {
    let mut all = Ingested::default();
    let mut errors = Vec::new();
    for file in files {
        match read_path(file) {
            Ok(mut read) => {
                all.reports.append(&mut read.reports);
                all.kpi_reports.append(&mut read.kpi_reports);
            }
            Err(error) => errors.push(error),
        }
    }
    (all, errors)
}

pub fn print_errors(errors: &[IngestError]) {
    for error in errors {
        eprintln!("tidtam: {}: error[{}] {} / {}", error.file, error.code(), error.message_th(), error.message_en());
    }
}

pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let (read, errors) = read_all(&args.files);
    let (reports, kpi_reports) = (&read.reports, &read.kpi_reports);
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
        serde_json::to_writer_pretty(
            &mut out,
            &serde_json::json!({ "reports": reports, "kpi_reports": kpi_reports, "errors": errors_json }),
        )?;
        writeln!(out)?;
    } else {
        for report in reports {
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
        for report in kpi_reports {
            writeln!(out, "{}", kpi_summary(report))?;
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

/// One line for an indicator report: code, name and the figures of its score table.
fn kpi_summary(report: &IndicatorReport) -> String {
    let show = |value: Option<tidtam_score::Decimal>| value.map_or("-".to_string(), |v| v.to_string());
    let rounds: Vec<String> = report.rounds.iter().map(|round| round.months().to_string()).collect();
    format!(
        "{}:{}: ตัวชี้วัด/indicator {} {} | น้ำหนัก/weight {} | ผล/result {} | คะแนน/score {} | ถ่วงน้ำหนัก/weighted {} | ระดับ/levels {} | หลักฐาน/evidence {} | รอบ/rounds {} | findings {}",
        report.file,
        report.line,
        if report.code.is_empty() { "-" } else { &report.code },
        report.name,
        show(report.weight),
        report.result.as_deref().unwrap_or("-"),
        show(report.score),
        show(report.weighted_score),
        report.levels.len(),
        report.evidence.len(),
        if rounds.is_empty() { "-".to_string() } else { rounds.join(",") },
        report.findings.len(),
    )
}
