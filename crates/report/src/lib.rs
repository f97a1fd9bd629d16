//! Reading the ministry's 14-section annual performance report form from files.
//!
//! Data flow: bytes → [`source`] (text or DOCX → lines) → [`sections::report_starts`]
//! splits a file into reports → [`parse::parse_report`] reads each into the domain's
//! [`ReportForm`] → `tidtam_domain::check` adds findings. Parsing and checking never fail on a readable file; only reading
//! the file itself can fail ([`IngestError`]), with a one-line message for people.
//!
//! Architecture invariant: no database, no HTTP, no clap, no environment here.

pub mod docx;
pub mod error;
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

/// Parses and checks every report in a text (markdown, converted PDF/Word text).
///
/// Returns no report when the text holds none; callers decide whether that is an error
/// ([`ingest_path`] says it is).
pub fn ingest_text(text: &str, file_name: &str) -> Vec<ReportForm> {
    let lines = text::lines(text);
    reports_from_lines(&lines, file_name)
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

/// Reads a file (.docx, or UTF-8 text of any other extension), splits, parses and checks it.
pub fn ingest_path(path: &Path) -> Result<Vec<ReportForm>, IngestError> {
    let name = path.display().to_string();
    let bytes = source::read_file(path).map_err(|kind| IngestError::new(&name, kind))?;
    ingest_bytes(&bytes, &name)
}

/// Like [`ingest_path`] for bytes already in memory (e.g. an upload).
pub fn ingest_bytes(bytes: &[u8], file_name: &str) -> Result<Vec<ReportForm>, IngestError> {
    let document = source::decode(bytes).map_err(|kind| IngestError::new(file_name, kind))?;
    let reports = match &document {
        source::Document::Text(text) => ingest_text(text, file_name),
        source::Document::Lines(lines) => {
            let lines: Vec<text::Line<'_>> =
                lines.iter().enumerate().map(|(index, raw)| text::Line::new(index + 1, raw.as_str())).collect();
            reports_from_lines(&lines, file_name)
        }
    };
    if reports.is_empty() {
        return Err(IngestError::new(file_name, IngestErrorKind::NoReport));
    }
    Ok(reports)
}
