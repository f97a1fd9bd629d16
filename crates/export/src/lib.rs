//! tidtam's exports: view data in, file bytes out.
//!
//! - [`report_docx`]: the ministry's annual performance report form (the 14
//!   sections) of one quarterly report, as Word writes it, so that the agency
//!   hands it on without retyping; read back by `tidtam ingest` it gives the
//!   same figures (`tests/round_trip.rs`).
//! - [`portfolio_docx`]: every report of a portfolio, one form after another.
//! - [`portfolio_xlsx`]: one row a project, a sheet a quarter, figures as numbers.
//! - [`statistics_year_xlsx`]: the statistical system's yearly summary, a row a statistic.
//! - [`kpi_indicator_docx`], [`kpi_scorecard_xlsx`], [`pmqa_docx`]: organisation
//!   performance (an indicator's report in the layout agencies file, the
//!   agreement's scorecard, the PMQA assessment).
//! - [`province_docx`], [`province_pdf`]: the provincial statistical report.
//! - [`linkage_csv`], [`linkage_xlsx`]: the accepted links of a record-linkage review job.
//! - [`project_pdf`] and [`dashboard_pdf`]: typeset here with the Sarabun font
//!   embedded, Thai shaped (rustybuzz) and broken into lines at word boundaries
//!   (ICU4X through `tidtam_thai::segment::line_breaks`), drawn with krilla.
//!
//! The form is laid out once, as format-neutral blocks ([`layout`]), and each
//! format renders those blocks ([`docx`], [`pdf`]); numbers are written with
//! Thai digits and amounts with their Thai words ([`thai_text`]).
//!
//! The font ([`fonts`]) is Sarabun, under the SIL Open Font License 1.1, taken
//! from the npm package `@expo-google-fonts/sarabun` 0.4.1 (Google Fonts'
//! build of <https://github.com/cadsondemak/Sarabun>; the `@fontsource` package
//! ships only WOFF); `fonts/OFL.txt` is its licence.
//!
//! Architecture invariant: no database, no HTTP, no clock, no environment; the
//! same input gives the same bytes except the DOCX/XLSX creation time that their
//! writers stamp.

pub mod docx;
pub mod fonts;
pub mod layout;
pub mod linkage;
pub mod pdf;
pub mod performance;
pub mod province;
pub mod statistics;
pub mod thai_text;
pub mod xlsx;

pub use docx::{portfolio_docx, report_docx};
pub use linkage::{linkage_csv, linkage_xlsx};
pub use pdf::{dashboard_pdf, project_pdf};
pub use performance::{kpi_indicator_docx, kpi_scorecard_xlsx, pmqa_docx};
pub use province::{province_docx, province_pdf};
pub use statistics::statistics_year_xlsx;
pub use xlsx::{portfolio_xlsx, stat_data_xlsx};

/// Why an export could not be written: the writers failed on their own output
/// (never on content: any form, however incomplete, has a file).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The DOCX package could not be assembled.
    #[error("เขียนไฟล์ DOCX ไม่สำเร็จ / could not write the DOCX file: {0}")]
    Docx(String),
    /// The XLSX writer refused the workbook.
    #[error("เขียนไฟล์ XLSX ไม่สำเร็จ / could not write the XLSX file: {0}")]
    Xlsx(String),
    /// The PDF writer refused the document.
    #[error("เขียนไฟล์ PDF ไม่สำเร็จ / could not write the PDF file: {0}")]
    Pdf(String),
}

impl ExportError {
    /// A stable code for logs and error bodies.
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::Docx(_) => "export_docx",
            ExportError::Xlsx(_) => "export_xlsx",
            ExportError::Pdf(_) => "export_pdf",
        }
    }
}
