//! `tidtam check`: print every finding for people, grouped by report (project
//! reports by the report checker, indicator reports by the scoring's `kpi-` rules).

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use tidtam_report::Severity;

use super::ingest::{print_errors, read_all};

#[derive(Clone, Copy, ValueEnum)]
pub enum MinSeverity {
    Info,
    Warning,
    Error,
}

#[derive(Args)]
#[command(
    after_help = "Examples:\n  tidtam check report.txt\n  tidtam check --severity error reports/*.txt\n  tidtam check --rules\n\n\
Exit status: 0 no error found, 1 an error finding in some report, 2 a file could not be read."
)]
pub struct CheckArgs {
    /// Report files: UTF-8 text or markdown (one or many reports each), or .docx.
    #[arg(value_name = "FILE", required_unless_present = "rules")]
    pub files: Vec<PathBuf>,
    /// Show findings of at least this severity.
    #[arg(long, value_enum, default_value = "info")]
    pub severity: MinSeverity,
    /// List the rules the checker applies and exit.
    #[arg(long)]
    pub rules: bool,
    /// Print the findings as JSON instead.
    #[arg(long)]
    pub json: bool,
    /// The indicator reports given are one agreement's whole set: their weights must sum to 100.
    #[arg(long)]
    pub agreement: bool,
}

fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.rules {
        for rule in tidtam_domain::finding::RULES {
            writeln!(
                out,
                "{:<30} {:<8} {}\n{:<30} {:<8} {}",
                rule.id,
                rule.severity.as_str(),
                rule.meaning_th,
                "",
                "",
                rule.meaning_en
            )?;
        }
        for rule in tidtam_score::RULES.iter().filter(|rule| rule.id.starts_with("kpi-")) {
            let severity = score_severity(rule.severity);
            writeln!(
                out,
                "{:<30} {:<8} {}\n{:<30} {:<8} {}",
                rule.id,
                label(severity),
                rule.meaning_th,
                "",
                "",
                rule.meaning_en
            )?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let minimum = match args.severity {
        MinSeverity::Info => Severity::Info,
        MinSeverity::Warning => Severity::Warning,
        MinSeverity::Error => Severity::Error,
    };
    let (read, errors) = read_all(&args.files);
    let reports = &read.reports;
    let kpi_reports = &read.kpi_reports;
    // Weights summing to 100 is a matter of the whole agreement, so only when told
    // the files are one.
    let agreement_findings: Vec<tidtam_score::Finding> =
        if args.agreement { tidtam_score::form::check_weights(kpi_reports).into_iter().collect() } else { Vec::new() };
    let mut counts = [0usize; 3];
    for report in reports {
        for finding in &report.findings {
            counts[finding.severity as usize] += 1;
        }
    }
    for finding in kpi_reports.iter().flat_map(|report| &report.findings).chain(&agreement_findings) {
        counts[score_severity(finding.severity) as usize] += 1;
    }
    if args.json {
        let findings: Vec<_> = reports
            .iter()
            .map(|report| {
                serde_json::json!({
                    "source": report.source, "project_name": report.project_name,
                    "findings": report.findings.iter().filter(|f| f.severity >= minimum).collect::<Vec<_>>(),
                })
            })
            .collect();
        let kpi_findings: Vec<_> = kpi_reports
            .iter()
            .map(|report| {
                serde_json::json!({
                    "file": report.file, "line": report.line, "code": report.code, "name": report.name,
                    "findings": report.findings.iter().filter(|f| score_severity(f.severity) >= minimum).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::to_writer_pretty(
            &mut out,
            &serde_json::json!({ "reports": findings, "kpi_reports": kpi_findings, "agreement": agreement_findings }),
        )?;
        writeln!(out)?;
    } else {
        for report in reports {
            let shown: Vec<_> = report.findings.iter().filter(|f| f.severity >= minimum).collect();
            writeln!(
                out,
                "{}:{}: {} — {}",
                report.source.file,
                report.source.line,
                report.project_name.as_deref().unwrap_or("(ไม่มีชื่อ / no name)"),
                if shown.is_empty() {
                    "ไม่พบข้อผิดพลาด / no findings".to_string()
                } else {
                    format!("{} findings", shown.len())
                }
            )?;
            for finding in shown {
                writeln!(
                    out,
                    "  {}:{}: {}[{}]",
                    report.source.file,
                    finding.line,
                    label(finding.severity),
                    finding.rule
                )?;
                writeln!(out, "      {}", finding.message_th)?;
                writeln!(out, "      {}", finding.message_en)?;
            }
            writeln!(out)?;
        }
        for report in kpi_reports {
            let title = format!("ตัวชี้วัด/indicator {} {}", report.code, report.name);
            write_score_findings(&mut out, &report.file, report.line, &title, &report.findings, minimum)?;
        }
        if args.agreement {
            write_score_findings(&mut out, "-", 0, "ทั้งคำรับรอง/whole agreement", &agreement_findings, minimum)?;
        }
        writeln!(
            out,
            "{} รายงาน/reports: {} error, {} warning, {} info; {} ไฟล์อ่านไม่ได้/unreadable files",
            reports.len() + kpi_reports.len(),
            counts[Severity::Error as usize],
            counts[Severity::Warning as usize],
            counts[Severity::Info as usize],
            errors.len()
        )?;
    }
    out.flush()?;
    print_errors(&errors);
    Ok(if !errors.is_empty() {
        ExitCode::from(2)
    } else if counts[Severity::Error as usize] > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The report checker's severity of a scoring finding (the names are the same).
fn score_severity(severity: tidtam_score::Severity) -> Severity {
    match severity {
        tidtam_score::Severity::Info => Severity::Info,
        tidtam_score::Severity::Warning => Severity::Warning,
        tidtam_score::Severity::Error => Severity::Error,
    }
}

/// An indicator report's findings, in the shape of a project report's.
fn write_score_findings(
    out: &mut impl Write,
    file: &str,
    line: usize,
    title: &str,
    findings: &[tidtam_score::Finding],
    minimum: Severity,
) -> std::io::Result<()> {
    let shown: Vec<_> = findings.iter().filter(|f| score_severity(f.severity) >= minimum).collect();
    writeln!(
        out,
        "{file}:{line}: {title} — {}",
        if shown.is_empty() {
            "ไม่พบข้อผิดพลาด / no findings".to_string()
        } else {
            format!("{} findings", shown.len())
        }
    )?;
    for finding in shown {
        writeln!(out, "  {file}:{line}: {}[{}]", label(score_severity(finding.severity)), finding.id())?;
        writeln!(out, "      {}", finding.message_th)?;
        writeln!(out, "      {}", finding.message_en)?;
    }
    writeln!(out)
}
