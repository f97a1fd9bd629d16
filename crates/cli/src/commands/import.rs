//! `tidtam import`: read report files and store them in the database.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tidtam_domain::period::Quarter;
use tidtam_service::Actor;
use tidtam_service::import::ImportOutcome;

use tidtam_report::IngestError;
use tidtam_service::ServiceError;

use super::database::{DatabaseArgs, connect, runtime};
use super::ingest::print_errors;

#[derive(Args)]
#[command(
    after_help = "Examples:\n  tidtam import reports/*.txt\n  DATABASE_URL=postgres://… tidtam import --quarter 2 q2.docx\n\n\
Importing the same file twice changes nothing. Exit status: 0 when every report was stored or unchanged, \
1 when a report was skipped (missing year, project or agency), under review (submitted) or locked (approved), 2 when a file could not be read."
)]
pub struct ImportArgs {
    /// Report files (.txt, .md, .docx).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Which quarter of the fiscal year the reports are (year-end reports are quarter 4).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub quarter: u8,
    /// Print JSON (one object per report, with its findings).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let quarter = Quarter::try_from(args.quarter)?;
    let mut errors: Vec<IngestError> = Vec::new();
    let results = runtime()?.block_on(async {
        let service = connect(&args.database).await?;
        let mut results = Vec::new();
        let mut progress = crate::progress::Progress::new("files", args.files.len() as u64);
        // The same use case as an upload, one file at a time; each report is stored
        // in its own transaction, so an interrupted import leaves whole reports and
        // running it again finishes the rest.
        for path in &args.files {
            let name = path.display().to_string();
            progress.step(&name);
            let bytes = match tidtam_report::source::read_file(path) {
                Ok(bytes) => bytes,
                Err(kind) => {
                    errors.push(IngestError::new(&name, kind));
                    continue;
                }
            };
            match service.import_file(&Actor::system(), &name, bytes, quarter).await {
                Ok(mut file) => results.append(&mut file.reports),
                Err(ServiceError::Unreadable(error)) => errors.push(error),
                Err(error) => return Err(error.into()),
            }
        }
        progress.finish();
        anyhow::Ok(results)
    })?;
    print_errors(&errors);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &results)?;
        writeln!(out)?;
    } else {
        for result in &results {
            let outcome = serde_json::to_value(result.outcome)?;
            writeln!(
                out,
                "{}:{}: {} {} (report {}, {} finding(s)){}",
                result.source_file,
                result.source_line,
                outcome.as_str().unwrap_or_default(),
                result.project_name.as_deref().unwrap_or("-"),
                result.report_id.map_or("-".to_string(), |id| id.to_string()),
                result.findings.len(),
                result.note.as_ref().map(|note| format!(": {note}")).unwrap_or_default(),
            )?;
            for finding in &result.findings {
                writeln!(
                    out,
                    "    {}:{}: {}[{}] {} / {}",
                    result.source_file,
                    finding.line,
                    finding.severity,
                    finding.rule,
                    finding.message_th,
                    finding.message_en
                )?;
            }
        }
        let count = |outcome| results.iter().filter(|r| r.outcome == outcome).count();
        writeln!(
            out,
            "imported {} report(s): {} created, {} updated, {} unchanged, {} under review, {} locked, {} skipped",
            results.len(),
            count(ImportOutcome::Created),
            count(ImportOutcome::Updated),
            count(ImportOutcome::Unchanged),
            count(ImportOutcome::UnderReview),
            count(ImportOutcome::Locked),
            count(ImportOutcome::Skipped)
        )?;
    }
    out.flush()?;
    Ok(if !errors.is_empty() {
        ExitCode::from(2)
    } else if results
        .iter()
        .any(|r| matches!(r.outcome, ImportOutcome::Skipped | ImportOutcome::Locked | ImportOutcome::UnderReview))
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
