//! The one way ingesting can fail: the file itself cannot be read as a report file.
//!
//! Everything about a report's *content* is a [`crate::Finding`], never an error.

use std::fmt;

/// Why a file could not be ingested.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IngestErrorKind {
    /// The file could not be opened or read (missing, permission, I/O).
    Unreadable(String),
    /// The file is larger than the ingester accepts.
    TooLarge { bytes: u64, limit: u64 },
    /// The file has no bytes at all.
    Empty,
    /// The file is binary data (not text and not a DOCX).
    Binary,
    /// The file is text but not UTF-8; `line` is where the first invalid byte sits.
    NotUtf8 { line: usize },
    /// A DOCX (zip) file that is truncated or damaged.
    BrokenDocx(String),
    /// A DOCX whose content expands beyond the memory budget for its size
    /// (`limit` bytes, `factor` times the file's size; see `docx::budget`):
    /// a zip bomb, or not a report.
    Expands { limit: u64, factor: u64 },
    /// The file was read but holds no report of the form.
    NoReport,
}

/// An ingest failure for one file, printable as one line in Thai and English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngestError {
    pub file: String,
    pub kind: IngestErrorKind,
}

impl IngestError {
    pub fn new(file: &str, kind: IngestErrorKind) -> Self {
        IngestError { file: file.to_string(), kind }
    }

    /// A stable code for scripts and the API.
    pub fn code(&self) -> &'static str {
        match self.kind {
            IngestErrorKind::Unreadable(_) => "unreadable",
            IngestErrorKind::TooLarge { .. } => "too-large",
            IngestErrorKind::Empty => "empty",
            IngestErrorKind::Binary => "binary",
            IngestErrorKind::NotUtf8 { .. } => "not-utf8",
            IngestErrorKind::BrokenDocx(_) => "broken-docx",
            IngestErrorKind::Expands { .. } => "docx-expands",
            IngestErrorKind::NoReport => "no-report",
        }
    }

    /// The message in Thai.
    pub fn message_th(&self) -> String {
        match &self.kind {
            IngestErrorKind::Unreadable(why) => format!("อ่านไฟล์ไม่ได้ ({why})"),
            IngestErrorKind::TooLarge { bytes, limit } => {
                format!("ไฟล์ใหญ่เกินไป ({} MB เกินขีดจำกัด {} MB)", bytes / 1_000_000, limit / 1_000_000)
            }
            IngestErrorKind::Empty => "ไฟล์ว่างเปล่า".to_string(),
            IngestErrorKind::Binary => "ไม่ใช่ไฟล์ข้อความหรือ DOCX (เป็นข้อมูลไบนารี)".to_string(),
            IngestErrorKind::NotUtf8 { line } => format!("ไฟล์ไม่ได้เข้ารหัส UTF-8 (พบไบต์ที่ไม่ถูกต้องที่บรรทัด {line})"),
            IngestErrorKind::BrokenDocx(why) => format!("ไฟล์ DOCX เสียหรือไม่สมบูรณ์ ({why})"),
            IngestErrorKind::Expands { limit, factor } => format!(
                "เนื้อหาของไฟล์ DOCX ขยายเกิน {} MB เมื่อคลายการบีบอัด (เกิน {factor} เท่าของขนาดไฟล์) จึงไม่อ่าน",
                limit / 1_048_576
            ),
            IngestErrorKind::NoReport => "ไม่พบแบบรายงานผลการดำเนินงานในไฟล์".to_string(),
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        match &self.kind {
            IngestErrorKind::Unreadable(why) => format!("cannot read the file ({why})"),
            IngestErrorKind::TooLarge { bytes, limit } => {
                format!("file too large ({} MB, limit {} MB)", bytes / 1_000_000, limit / 1_000_000)
            }
            IngestErrorKind::Empty => "the file is empty".to_string(),
            IngestErrorKind::Binary => "not a text or DOCX file (binary data)".to_string(),
            IngestErrorKind::NotUtf8 { line } => format!("the file is not UTF-8 (invalid byte on line {line})"),
            IngestErrorKind::BrokenDocx(why) => format!("the DOCX file is damaged or truncated ({why})"),
            IngestErrorKind::Expands { limit, factor } => format!(
                "the DOCX expands beyond {} MB when decompressed (over {factor} times the file's size); not read",
                limit / 1_048_576
            ),
            IngestErrorKind::NoReport => "no annual performance report form found in the file".to_string(),
        }
    }
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} / {}", self.file, self.message_th(), self.message_en())
    }
}

impl std::error::Error for IngestError {}
