//! The crate's one error type, with a documented kind per failure a person can act on.
//!
//! Messages are written for the statistician who runs a linkage: each says what is wrong in English
//! and in Thai, and names the file, column, line or rule concerned.

use std::fmt;
use std::path::PathBuf;

/// An error from reading inputs, checking a model or running a linkage.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file could not be opened, read or written.
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A file is not valid UTF-8 (for example a TIS-620 export); `line` is 1-based.
    Encoding {
        /// The file concerned.
        path: PathBuf,
        /// The line with the first invalid byte.
        line: u64,
    },
    /// A CSV or Parquet file is malformed.
    Format {
        /// The file concerned.
        path: PathBuf,
        /// What the reader reported.
        message: String,
    },
    /// A file has no data rows.
    Empty {
        /// The file concerned.
        path: PathBuf,
    },
    /// A column named by the model (or the command line) is not in a file.
    MissingColumn {
        /// The file (or table name) concerned.
        table: String,
        /// The column looked for.
        column: String,
        /// The columns the file has, to help spot a typo.
        available: Vec<String>,
    },
    /// The model file or a rule in it is invalid.
    Model(String),
    /// A blocking rule (or their union) would create more candidate pairs than allowed.
    TooManyPairs {
        /// The rule, as written.
        rule: String,
        /// Pairs it would create.
        pairs: u64,
        /// The configured maximum.
        max: u64,
    },
    /// The shared secret for the privacy-preserving mode is missing or too short.
    Secret(String),
    /// No column can serve as the record identifier (none is named like one and none holds a
    /// distinct value on every row).
    NoIdColumn {
        /// The file (or table name) concerned.
        table: String,
    },
    /// The two files name their columns differently and the difference could not be resolved.
    ColumnMismatch {
        /// Columns only in the left file.
        left_only: Vec<String>,
        /// Columns only in the right file.
        right_only: Vec<String>,
    },
    /// A record identifier is repeated, so pairs could not be reported unambiguously.
    DuplicateId {
        /// The table concerned.
        table: String,
        /// The repeated identifier.
        id: String,
    },
}

impl Error {
    /// The kind of failure.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The message in English and in Thai, apart (front ends show the reader's language): every
    /// message is written "English / Thai", split at the last " / " that a Thai letter follows.
    pub fn english_and_thai(&self) -> (String, String) {
        let text = self.to_string();
        let split = text
            .match_indices(" / ")
            .map(|(at, _)| at)
            .filter(|&at| text[at + 3..].chars().next().is_some_and(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)))
            .last();
        match split {
            Some(at) => (text[..at].to_string(), text[at + 3..].to_string()),
            None => (text.clone(), text),
        }
    }

    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error { kind }
    }

    pub(crate) fn model(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Model(message.into()))
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::new(ErrorKind::Io { path: path.into(), source })
    }

    pub(crate) fn format(path: impl Into<PathBuf>, message: impl fmt::Display) -> Error {
        Error::new(ErrorKind::Format { path: path.into(), message: message.to_string() })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Io { path, source } => {
                write!(f, "cannot read or write {}: {source} / อ่านหรือเขียนไฟล์ {} ไม่ได้", path.display(), path.display())
            }
            ErrorKind::Encoding { path, line } => write!(
                f,
                "{} is not UTF-8 text (first bad byte on line {line}); convert it, e.g. `iconv -f TIS-620 -t UTF-8` / ไฟล์ {} ไม่ใช่ข้อความ UTF-8 (พบที่บรรทัด {line}) กรุณาแปลงรหัสอักขระก่อน",
                path.display(),
                path.display()
            ),
            ErrorKind::Format { path, message } => {
                write!(f, "{} is malformed: {message} / รูปแบบไฟล์ {} ไม่ถูกต้อง", path.display(), path.display())
            }
            ErrorKind::Empty { path } => {
                write!(f, "{} has no data rows / ไฟล์ {} ไม่มีข้อมูล", path.display(), path.display())
            }
            ErrorKind::MissingColumn { table, column, available } => write!(
                f,
                "column `{column}` not found in {table} (it has: {}) / ไม่พบคอลัมน์ `{column}` ใน {table}",
                available.join(", ")
            ),
            ErrorKind::Model(message) => {
                write!(f, "invalid linkage model: {message} / แบบจำลองการเชื่อมโยงไม่ถูกต้อง")
            }
            ErrorKind::TooManyPairs { rule, pairs, max } => {
                let over = pairs.saturating_sub(*max);
                let times = *pairs as f64 / (*max).max(1) as f64;
                write!(
                    f,
                    "blocking rule `{rule}` would create {pairs} candidate pairs, {over} more than max_pairs = {max} ({times:.1}×); make the rule stricter or raise max_pairs / กฎการจัดกลุ่ม `{rule}` จะสร้างคู่เปรียบเทียบ {pairs} คู่ เกินกว่าที่กำหนด ({max}) อยู่ {over} คู่ ({times:.1} เท่า)"
                )
            }
            ErrorKind::NoIdColumn { table } => write!(
                f,
                "{table} has no record identifier column (a column named rec_id, id, … or with a distinct value on every row); add one or name it with unique_id in a model file / ไม่พบคอลัมน์รหัสระเบียนใน {table} กรุณาเพิ่มคอลัมน์รหัสที่ไม่ซ้ำกัน หรือระบุ unique_id ในไฟล์แบบจำลอง"
            ),
            ErrorKind::ColumnMismatch { left_only, right_only } => write!(
                f,
                "the two files name their columns differently (only in the first: {}; only in the second: {}); rename them or write a model file / ชื่อคอลัมน์ของสองไฟล์ไม่ตรงกัน (มีเฉพาะไฟล์แรก: {}; มีเฉพาะไฟล์ที่สอง: {})",
                left_only.join(", "),
                right_only.join(", "),
                left_only.join(", "),
                right_only.join(", ")
            ),
            ErrorKind::Secret(message) => {
                write!(f, "{message} / คีย์ลับสำหรับการเข้ารหัสไม่ถูกต้อง")
            }
            ErrorKind::DuplicateId { table, id } => {
                write!(f, "identifier `{id}` appears more than once in {table} / รหัสระเบียน `{id}` ซ้ำใน {table}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_splits_into_english_and_thai() {
        let error = Error::new(ErrorKind::DuplicateId { table: "a/b.csv".into(), id: "7".into() });
        let (en, th) = error.english_and_thai();
        assert_eq!(en, "identifier `7` appears more than once in a/b.csv");
        assert_eq!(th, "รหัสระเบียน `7` ซ้ำใน a/b.csv");
        let error = Error::new(ErrorKind::TooManyPairs { rule: "dob".into(), pairs: 300, max: 100 });
        let (en, th) = error.english_and_thai();
        assert!(en.starts_with("blocking rule `dob` would create 300") && en.ends_with("raise max_pairs"), "{en}");
        assert!(th.starts_with("กฎการจัดกลุ่ม"), "{th}");
    }
}
