//! The crate's one error type: each failure says what is wrong in English and in Thai and
//! names the file, column, row or donation class concerned.

use std::fmt;

/// An error from reading the inputs or running a match.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Reading a table failed (encoding, format, empty file); the message is the reader's.
    Read(tidtam_link::Error),
    /// Writing the fused file failed.
    Write(String),
    /// A table has no data rows.
    Empty {
        /// The file concerned.
        table: String,
    },
    /// A column named on the command line is not in a file.
    MissingColumn {
        /// The file concerned.
        table: String,
        /// The column looked for.
        column: String,
        /// The columns the file has, to help spot a typo.
        available: Vec<String>,
    },
    /// A value a distance needs as a number is not one.
    NotNumeric {
        /// The file concerned.
        table: String,
        /// The column.
        column: String,
        /// 1-based data row (the header is line 1, so this is line `row + 1`).
        row: usize,
        /// The value found.
        value: String,
    },
    /// A value a distance needs is empty (only Gower's distance handles missing values).
    MissingValue {
        /// The file concerned.
        table: String,
        /// The column.
        column: String,
        /// 1-based data row.
        row: usize,
    },
    /// A sampling weight is not a non-negative number.
    BadWeight {
        /// The file concerned.
        table: String,
        /// The weight column.
        column: String,
        /// 1-based data row.
        row: usize,
        /// The value found.
        value: String,
    },
    /// Recipients in a donation class that has no donor at all.
    NoDonors {
        /// The class, as `column=value` pairs (empty when there are no classes).
        class: String,
        /// Recipients in it.
        recipients: usize,
    },
    /// Constrained matching: k × donors is less than the recipients of a class.
    TooFewDonors {
        /// The class (empty when there are no classes).
        class: String,
        /// Recipients in it.
        recipients: usize,
        /// Donors in it.
        donors: usize,
        /// Times each donor may be used.
        k: usize,
    },
    /// The matching variables' covariance matrix cannot be inverted (a constant or collinear variable).
    Singular {
        /// The matching variables.
        columns: Vec<String>,
    },
    /// Options that do not go together.
    Options {
        /// What is wrong, in English.
        en: String,
        /// The same, in Thai.
        th: String,
    },
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn options(en: impl Into<String>, th: impl Into<String>) -> Error {
        Error::Options { en: en.into(), th: th.into() }
    }
}

fn class_en(class: &str) -> String {
    if class.is_empty() { String::new() } else { format!(" in donation class {class}") }
}

fn class_th(class: &str) -> String {
    if class.is_empty() { String::new() } else { format!(" ในกลุ่มผู้ให้ {class}") }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read(error) => write!(f, "{error}"),
            Error::Write(message) => write!(f, "cannot write the fused file: {message} / เขียนไฟล์ผลการจับคู่ไม่ได้"),
            Error::Empty { table } => write!(f, "{table} has no data rows / ไฟล์ {table} ไม่มีข้อมูล"),
            Error::MissingColumn { table, column, available } => write!(
                f,
                "column `{column}` not found in {table} (it has: {}) / ไม่พบคอลัมน์ `{column}` ใน {table}",
                available.join(", ")
            ),
            Error::NotNumeric { table, column, row, value } => write!(
                f,
                "{table} row {row}, column `{column}`: `{value}` is not a number (use --distance gower for categories) / {table} แถว {row} คอลัมน์ `{column}`: `{value}` ไม่ใช่ตัวเลข (ตัวแปรจัดกลุ่มใช้ --distance gower)"
            ),
            Error::MissingValue { table, column, row } => write!(
                f,
                "{table} row {row}, column `{column}` is empty; only --distance gower handles missing values / {table} แถว {row} คอลัมน์ `{column}` ไม่มีค่า มีเพียง --distance gower ที่รองรับค่าว่าง"
            ),
            Error::BadWeight { table, column, row, value } => write!(
                f,
                "{table} row {row}, weight column `{column}`: `{value}` is not a non-negative number / {table} แถว {row} คอลัมน์น้ำหนัก `{column}`: `{value}` ไม่ใช่ตัวเลขที่ไม่ติดลบ"
            ),
            Error::NoDonors { class, recipients } => write!(
                f,
                "{recipients} recipients{} have no donor / ผู้รับ {recipients} รายการ{} ไม่มีผู้ให้",
                class_en(class),
                class_th(class)
            ),
            Error::TooFewDonors { class, recipients, donors, k } => write!(
                f,
                "constrained matching needs k × donors ≥ recipients{}: {k} × {donors} < {recipients}; raise --k / การจับคู่แบบจำกัดต้องมี k × ผู้ให้ ≥ ผู้รับ{}: {k} × {donors} < {recipients} กรุณาเพิ่ม --k",
                class_en(class),
                class_th(class)
            ),
            Error::Singular { columns } => write!(
                f,
                "the covariance of {} cannot be inverted (a constant or collinear variable); drop one or use another distance / เมทริกซ์ความแปรปรวนร่วมของ {} หาอินเวอร์สไม่ได้ (มีตัวแปรคงที่หรือสัมพันธ์เชิงเส้น)",
                columns.join(", "),
                columns.join(", ")
            ),
            Error::Options { en, th } => write!(f, "{en} / {th}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<tidtam_link::Error> for Error {
    fn from(error: tidtam_link::Error) -> Error {
        if let tidtam_link::ErrorKind::MissingColumn { table, column, available } = error.kind() {
            return Error::MissingColumn { table: table.clone(), column: column.clone(), available: available.clone() };
        }
        Error::Read(error)
    }
}
