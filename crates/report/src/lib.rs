//! Reading the ministry's 14-section annual performance report form from files.
//!
//! Data flow: bytes → [`source`] (text or DOCX → lines) → [`sections::report_starts`]
//! splits a file into reports → [`parse::parse_report`] reads each into the domain's
//! [`ReportForm`] → `tidtam_domain::check` adds findings. Indicator reports of a
//! performance agreement are read beside them ([`kpi`], [`read_path`]) into the
//! scoring's `IndicatorReport` and checked by its rules. Parsing and checking never fail on a readable file; only reading
//! the file itself can fail ([`IngestError`]), with a one-line message for people.
//!
//! Architecture invariant: no database, no HTTP, no clap, no environment here.

pub mod docx;
pub mod error;
pub mod kpi;
pub mod outline;
pub mod parse;
pub mod sections;
pub mod source;
pub mod table;
pub mod text;

pub use error::{IngestError, IngestErrorKind};
// The form, its findings and the checker are the domain's (one vocabulary from the
// file to the page); this crate only reads files into them.
pub use tidtam_domain::finding::{Finding, Rule, Severity};
pub use tidtam_domain::form::{
    Activity, ActivityStep, Budget, Kpi, KpiKind, KpiPart, QuarterResult, ReportForm, ReportLines, Source,
};

use std::path::Path;

// The indicator report form is the scoring's (tidtam-score), checked by its rules.
pub use tidtam_score::form::IndicatorReport;

/// Everything a file holds: 14-section project reports and indicator reports of a
/// performance agreement (`kpi`), each read and checked.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Ingested {
    pub reports: Vec<ReportForm>,
    pub kpi_reports: Vec<IndicatorReport>,
}

impl Ingested {
    pub fn is_empty(&self) -> bool {
        self.reports.is_empty() && self.kpi_reports.is_empty()
    }
}

/// Reads every project report and indicator report in a text. An indicator report
/// runs from its start to the next one or the end of the file (a two-column
/// conversion puts its right-hand column last), so project reports are read from
/// the lines before the first indicator report.
pub fn read_text(text: &str, file_name: &str) -> Ingested {
    let lines = text::lines(text);
    read_lines(&lines, file_name)
}

fn read_lines(lines: &[text::Line<'_>], file_name: &str) -> Ingested {
    let kpi_starts = kpi::report_starts(lines);
    let project_end = kpi_starts.first().copied().unwrap_or(lines.len());
    let reports = reports_from_lines(&lines[..project_end], file_name);
    let config = tidtam_score::ScoringConfig::default();
    let kpi_reports = kpi_starts
        .iter()
        .enumerate()
        .map(|(index, &start)| {
            let end = kpi_starts.get(index + 1).copied().unwrap_or(lines.len());
            let mut report = kpi::parse_indicator_report(&lines[start..end], file_name);
            report.findings = report.check(&config);
            report
        })
        .collect();
    Ingested { reports, kpi_reports }
}

/// Like [`read_text`] for a file: .docx, or UTF-8 text of any other extension.
/// A file holding neither kind of report is [`IngestErrorKind::NoReport`].
pub fn read_path(path: &Path) -> Result<Ingested, IngestError> {
    let name = path.display().to_string();
    let bytes = source::read_file(path).map_err(|kind| IngestError::new(&name, kind))?;
    read_bytes(&bytes, &name)
}

/// Like [`read_path`] for bytes already in memory.
pub fn read_bytes(bytes: &[u8], file_name: &str) -> Result<Ingested, IngestError> {
    let document = source::decode(bytes).map_err(|kind| IngestError::new(file_name, kind))?;
    let read = match &document {
        source::Document::Text(text) => read_text(text, file_name),
        source::Document::Lines(lines) => {
            let lines: Vec<text::Line<'_>> =
                lines.iter().enumerate().map(|(index, raw)| text::Line::new(index + 1, raw.as_str())).collect();
            read_lines(&lines, file_name)
        }
    };
    if read.is_empty() {
        return Err(IngestError::new(file_name, IngestErrorKind::NoReport));
    }
    Ok(read)
}

/// Parses and checks every report in a text (markdown, converted PDF/Word text).
///
/// Returns no report when the text holds none; callers decide whether that is an error
/// ([`ingest_path`] says it is).
pub fn ingest_text(text: &str, file_name: &str) -> Vec<ReportForm> {
    read_text(text, file_name).reports
}

fn reports_from_lines(lines: &[text::Line<'_>], file_name: &str) -> Vec<ReportForm> {
    let starts = sections::report_starts(lines);
    let mut reports = Vec::with_capacity(starts.len());
    for (index, &start) in starts.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(lines.len());
        let mut report = parse::parse_report(&lines[start..end], file_name);
        // A file carries no previous quarter: the change rules run when it is imported.
        tidtam_domain::check::check_in_place(&mut report, None);
        reports.push(report);
    }
    reports
}

/// Reads a file (.docx, or UTF-8 text of any other extension), splits, parses and
/// checks its project reports (indicator reports: [`read_path`]).
pub fn ingest_path(path: &Path) -> Result<Vec<ReportForm>, IngestError> {
    let name = path.display().to_string();
    let bytes = source::read_file(path).map_err(|kind| IngestError::new(&name, kind))?;
    ingest_bytes(&bytes, &name)
}

/// Like [`ingest_path`] for bytes already in memory (e.g. an upload).
pub fn ingest_bytes(bytes: &[u8], file_name: &str) -> Result<Vec<ReportForm>, IngestError> {
    let reports = read_bytes(bytes, file_name)?.reports;
    if reports.is_empty() {
        return Err(IngestError::new(file_name, IngestErrorKind::NoReport));
    }
    Ok(reports)
}
