//! Input tables: CSV or Parquet files read into compact column-major text.
//!
//! Every value is kept as text because comparisons prepare their own typed values (dates, IDs,
//! numbers) and must accept whatever the agency wrote.
//! An empty cell is a missing value.
//! Each column is one `String` buffer plus offsets, so a million-row register costs about the
//! size of its text plus eight bytes per cell, not one heap allocation per cell.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, ErrorKind, Result};

/// One column of text values.
///
/// The data sit behind an `Arc`, so cloning a table (to rename its columns, or to drop one) costs
/// nothing whatever its size; appending to a shared column copies it first.
#[derive(Clone, Debug, Default)]
pub struct Column {
    data: std::sync::Arc<ColumnData>,
}

#[derive(Clone, Debug, Default)]
struct ColumnData {
    text: String,
    /// `ends[i]` is the end of value `i` in `text`; value `i` starts at `ends[i - 1]`.
    ends: Vec<usize>,
}

impl Column {
    /// Appends a value; `None` or an empty (after trimming) string is a missing value.
    pub fn push(&mut self, value: Option<&str>) {
        let data = std::sync::Arc::make_mut(&mut self.data);
        if let Some(v) = value {
            data.text.push_str(v.trim());
        }
        data.ends.push(data.text.len());
    }

    /// The value of row `row`, `None` when missing.
    pub fn get(&self, row: usize) -> Option<&str> {
        let data = &*self.data;
        let start = if row == 0 { 0 } else { data.ends[row - 1] };
        let end = data.ends[row];
        (end > start).then(|| &data.text[start..end])
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.data.ends.len()
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.data.ends.is_empty()
    }
}

/// A table read from one file.
#[derive(Clone, Debug)]
pub struct Table {
    /// The file name (or a label), used in messages and outputs.
    pub name: String,
    /// Column names in file order.
    pub names: Vec<String>,
    /// Column values, in the order of `names`.
    pub columns: Vec<Column>,
    /// What was done to read the file that a person should know (an encoding converted).
    pub notes: Vec<String>,
}

impl Table {
    /// An empty table with the given column names.
    pub fn new(name: impl Into<String>, names: Vec<String>) -> Table {
        let columns = names.iter().map(|_| Column::default()).collect();
        Table { name: name.into(), names, columns, notes: Vec::new() }
    }

    /// Appends one row; `values` must have one entry per column.
    pub fn push_row<'a>(&mut self, values: impl IntoIterator<Item = Option<&'a str>>) {
        for (column, value) in self.columns.iter_mut().zip(values) {
            column.push(value);
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The index of a column, or a `MissingColumn` error naming the table.
    pub fn index_of(&self, column: &str) -> Result<usize> {
        self.names.iter().position(|n| n == column).ok_or_else(|| {
            Error::new(ErrorKind::MissingColumn {
                table: self.name.clone(),
                column: column.to_string(),
                available: self.names.clone(),
            })
        })
    }

    /// A column by name.
    pub fn column(&self, column: &str) -> Result<&Column> {
        Ok(&self.columns[self.index_of(column)?])
    }

    /// Reads a `.parquet` file by its extension, anything else as CSV.
    pub fn read(path: &Path) -> Result<Table> {
        let is_parquet =
            path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet") || e.eq_ignore_ascii_case("pq"));
        if is_parquet {
            let table = read_parquet(path)?;
            if table.is_empty() {
                return Err(Error::new(ErrorKind::Empty { path: path.to_path_buf() }));
            }
            return Ok(table);
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Table::from_csv_bytes(path, &bytes)
    }

    /// Reads CSV bytes already in memory (an upload), named `path` in messages: UTF-8 with or
    /// without a byte-order mark, or TIS-620 converted with a note; no data rows is an error.
    pub fn from_csv_bytes(path: &Path, bytes: &[u8]) -> Result<Table> {
        let table = match std::str::from_utf8(bytes) {
            Ok(text) => read_csv_text(text, path)?,
            Err(_) => match decode_tis620(bytes) {
                Some(text) => {
                    let mut table = read_csv_text(&text, path)?;
                    table.notes.push(format!(
                        "{} was TIS-620 (Thai Windows-874) text, not UTF-8; it was converted / ไฟล์ {} ใช้รหัสอักขระ TIS-620 ไม่ใช่ UTF-8 จึงแปลงให้แล้ว",
                        path.display(),
                        path.display()
                    ));
                    table
                }
                None => read_csv(bytes, path)?,
            },
        };
        if table.is_empty() {
            return Err(Error::new(ErrorKind::Empty { path: path.to_path_buf() }));
        }
        Ok(table)
    }

    /// Writes the table as CSV.
    pub fn write_csv(&self, path: &Path) -> Result<()> {
        let file = File::create(path).map_err(|e| Error::io(path, e))?;
        self.write_csv_to(std::io::BufWriter::new(file), path)
    }

    /// Writes the table as CSV into `out` (`path` names it in messages).
    pub fn write_csv_to(&self, out: impl std::io::Write, path: &Path) -> Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(&self.names).map_err(|e| csv_error(path, e))?;
        for row in 0..self.len() {
            writer
                .write_record(self.columns.iter().map(|c| c.get(row).unwrap_or("")))
                .map_err(|e| csv_error(path, e))?;
        }
        writer.flush().map_err(|e| Error::io(path, e))
    }

    /// Removes a column (a truth key before the table is handed to a linkage); absent is a no-op.
    pub fn drop_column(&mut self, name: &str) {
        if let Some(i) = self.names.iter().position(|n| n == name) {
            self.names.remove(i);
            self.columns.remove(i);
        }
    }

    /// The table as CSV bytes.
    pub fn to_csv_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        self.write_csv_to(&mut bytes, Path::new(&self.name)).expect("writing to memory does not fail");
        bytes
    }

    /// One row as (column, value) pairs in file order; a missing value is an empty string.
    pub fn row(&self, row: usize) -> Vec<(String, String)> {
        self.names
            .iter()
            .zip(&self.columns)
            .map(|(name, column)| (name.clone(), column.get(row).unwrap_or("").to_string()))
            .collect()
    }
}

/// Decodes TIS-620 (and the Windows-874 superset's Thai range) when every byte above ASCII is a
/// Thai character there and at least one is: a file that is neither UTF-8 nor that is left to
/// fail with [`ErrorKind::Encoding`], never guessed at.
pub fn decode_tis620(bytes: &[u8]) -> Option<String> {
    let thai = |b: u8| matches!(b, 0xA1..=0xDA | 0xDF..=0xFB);
    if !bytes.iter().any(|&b| b >= 0x80) || bytes.iter().any(|&b| b >= 0x80 && !thai(b)) {
        return None;
    }
    Some(
        bytes
            .iter()
            .map(|&b| {
                if b < 0x80 {
                    char::from(b)
                } else {
                    char::from_u32(0x0E01 + u32::from(b - 0xA1)).unwrap_or('\u{FFFD}')
                }
            })
            .collect(),
    )
}

pub(crate) fn csv_error(path: &Path, error: csv::Error) -> Error {
    if let csv::ErrorKind::Io(_) = error.kind() {
        match error.into_kind() {
            csv::ErrorKind::Io(io) => return Error::io(path, io),
            _ => unreachable!("checked above"),
        }
    }
    if let csv::ErrorKind::Utf8 { pos, .. } = error.kind() {
        return Error::new(ErrorKind::Encoding {
            path: path.to_path_buf(),
            line: pos.as_ref().map_or(0, |p| p.line()),
        });
    }
    Error::format(path, error)
}

/// Reads CSV text: a file with no quote character (most registers) by the plain reader below, in
/// parallel; any other by the `csv` crate.
fn read_csv_text(text: &str, path: &Path) -> Result<Table> {
    match read_plain_csv(text, path)? {
        Some(table) => Ok(table),
        None => read_csv(text.as_bytes(), path),
    }
}

/// Reads CSV text that has no quote character and no carriage return except before a line
/// feed, where a comma always ends a field and a line feed a row: the text is cut at line feeds
/// into chunks parsed in parallel straight into column buffers (no record or string per field),
/// then joined in order. Same result as [`read_csv`]: trimmed fields, a UTF-8 byte-order mark
/// skipped, empty lines skipped, short rows padded with missing values, extra fields ignored.
/// `None` when the text has quotes or lone carriage returns.
fn read_plain_csv(text: &str, path: &Path) -> Result<Option<Table>> {
    use rayon::prelude::*;
    let bytes = text.as_bytes();
    let lone_cr = bytes.iter().enumerate().any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
    if bytes.contains(&b'"') || lone_cr {
        return Ok(None);
    }
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut lines = text.splitn(2, '\n');
    let header = lines.next().unwrap_or("");
    let body = lines.next().unwrap_or("");
    let header = header.strip_suffix('\r').unwrap_or(header);
    let names: Vec<String> = header.split(',').map(|h| h.trim().to_string()).collect();
    if names.iter().all(String::is_empty) {
        return Err(Error::new(ErrorKind::Empty { path: path.to_path_buf() }));
    }
    let width = names.len();
    // Chunks of about 4 MB, cut just after a line feed.
    let n_chunks = (body.len() / (4 << 20)).max(1);
    let mut cuts = vec![0usize];
    for i in 1..n_chunks {
        let from = (body.len() * i / n_chunks).max(*cuts.last().unwrap_or(&0));
        match body.as_bytes()[from..].iter().position(|&b| b == b'\n') {
            Some(p) => cuts.push(from + p + 1),
            None => break,
        }
    }
    cuts.push(body.len());
    cuts.dedup();
    let parts: Vec<Vec<ColumnData>> = cuts
        .par_windows(2)
        .map(|w| {
            let chunk = &body[w[0]..w[1]];
            let rows_guess = chunk.len() / (8 * width).max(1);
            let mut columns: Vec<ColumnData> = (0..width)
                .map(|_| ColumnData {
                    text: String::with_capacity(chunk.len() / width),
                    ends: Vec::with_capacity(rows_guess),
                })
                .collect();
            for line in chunk.split('\n') {
                let line = line.strip_suffix('\r').unwrap_or(line);
                if line.is_empty() {
                    continue;
                }
                let mut fields = line.split(',');
                for column in columns.iter_mut() {
                    if let Some(field) = fields.next() {
                        column.text.push_str(field.trim());
                    }
                    column.ends.push(column.text.len());
                }
            }
            columns
        })
        .collect();
    let mut table = Table::new(path.display().to_string(), names);
    for (c, column) in table.columns.iter_mut().enumerate() {
        let text_len = parts.iter().map(|p| p[c].text.len()).sum();
        let rows = parts.iter().map(|p| p[c].ends.len()).sum();
        let mut joined = ColumnData { text: String::with_capacity(text_len), ends: Vec::with_capacity(rows) };
        for part in &parts {
            let offset = joined.text.len();
            joined.text.push_str(&part[c].text);
            joined.ends.extend(part[c].ends.iter().map(|e| e + offset));
        }
        column.data = std::sync::Arc::new(joined);
    }
    Ok(Some(table))
}

/// Reads CSV with a header row; fields are trimmed (FEBRL writes `a, b`), a UTF-8 byte-order
/// mark is skipped, rows with too few fields get missing values.
pub fn read_csv(reader: impl Read, path: &Path) -> Result<Table> {
    let mut csv_reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(reader);
    let headers = csv_reader.headers().map_err(|e| csv_error(path, e))?;
    let names: Vec<String> = headers.iter().map(|h| h.trim_start_matches('\u{FEFF}').to_string()).collect();
    if names.is_empty() || names.iter().all(String::is_empty) {
        return Err(Error::new(ErrorKind::Empty { path: path.to_path_buf() }));
    }
    let mut table = Table::new(path.display().to_string(), names);
    let width = table.names.len();
    let mut record = csv::StringRecord::new();
    loop {
        match csv_reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let values = (0..width).map(|i| record.get(i));
                table.push_row(values);
            }
            Err(e) => return Err(csv_error(path, e)),
        }
    }
    Ok(table)
}

/// Reads a Parquet file through the row API: every primitive value is turned into its text form,
/// dates as `YYYY-MM-DD`.
pub fn read_parquet(path: &Path) -> Result<Table> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let reader = SerializedFileReader::new(file).map_err(|e| Error::format(path, e))?;
    let schema = reader.metadata().file_metadata().schema_descr();
    let names: Vec<String> = schema.root_schema().get_fields().iter().map(|f| f.name().to_string()).collect();
    let mut table = Table::new(path.display().to_string(), names);
    let rows = reader.get_row_iter(None).map_err(|e| Error::format(path, e))?;
    let mut values: Vec<Option<String>> = Vec::new();
    for row in rows {
        let row = row.map_err(|e| Error::format(path, e))?;
        values.clear();
        for (_, field) in row.get_column_iter() {
            let text = match field {
                Field::Null => None,
                Field::Str(s) => Some(s.clone()),
                Field::Bytes(b) => match std::str::from_utf8(b.data()) {
                    Ok(s) => Some(s.to_string()),
                    Err(_) => {
                        return Err(Error::new(ErrorKind::Encoding {
                            path: path.to_path_buf(),
                            line: table.len() as u64 + 1,
                        }));
                    }
                },
                Field::Date(days) => Some(crate::date::civil_from_days(i64::from(*days)).to_string()),
                other => Some(other.to_string()),
            };
            values.push(text);
        }
        table.push_row(values.iter().map(Option::as_deref));
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_trims_and_keeps_missing() {
        let data = "\u{FEFF}id, name, dob\n1, สมชาย, 19870315\n2, , \n3,x\n";
        let table = read_csv(data.as_bytes(), Path::new("t.csv")).unwrap();
        assert_eq!(table.names, ["id", "name", "dob"]);
        assert_eq!(table.len(), 3);
        let name = table.column("name").unwrap();
        assert_eq!(name.get(0), Some("สมชาย"));
        assert_eq!(name.get(1), None);
        assert_eq!(table.column("dob").unwrap().get(2), None);
    }

    fn cells(table: &Table) -> Vec<Vec<Option<String>>> {
        (0..table.len()).map(|r| table.columns.iter().map(|c| c.get(r).map(String::from)).collect()).collect()
    }

    #[test]
    fn plain_reader_reads_as_the_csv_crate_does() {
        let mut big = String::from("id,name,dob\n");
        for i in 0..300_000 {
            big.push_str(&format!("{i}, ชื่อ{} ,{}\r\n", i % 977, if i % 5 == 0 { "" } else { "2530-01-02" }));
            if i % 1000 == 0 {
                big.push_str("\n7\n8,a,b,c,d\n");
            }
        }
        let texts = [
            "\u{FEFF}id, name, dob\n1, สมชาย, 19870315\n2, , \n3,x\n".to_string(),
            "a,b\r\n1,2\r\n\r\n3\r\n   \r\n4,5,6\r\n".to_string(),
            "a,b\n1,2".to_string(),
            big,
        ];
        for text in &texts {
            let plain = read_plain_csv(text, Path::new("t.csv")).unwrap().expect("plain text");
            let reference = read_csv(text.as_bytes(), Path::new("t.csv")).unwrap();
            assert_eq!(plain.names, reference.names);
            assert_eq!(cells(&plain), cells(&reference), "{}", &text[..text.len().min(80)]);
        }
        assert!(read_plain_csv("a,b\n\"x,y\",2\n", Path::new("t.csv")).unwrap().is_none());
        assert!(read_plain_csv("a,b\r1,2\r", Path::new("t.csv")).unwrap().is_none());
    }

    #[test]
    fn tis620_is_decoded_and_other_bytes_refused() {
        // "สมชาย" in TIS-620.
        assert_eq!(decode_tis620(b"1,\xca\xc1\xaa\xd2\xc2").as_deref(), Some("1,สมชาย"));
        assert_eq!(decode_tis620(b"ascii only"), None);
        // 0x80–0xA0 are not Thai letters in TIS-620: not this encoding, so not guessed.
        assert_eq!(decode_tis620(b"1,\x80\xca"), None);
    }

    #[test]
    fn csv_rejects_bad_utf8_with_line() {
        let mut data = b"id,name\n1,ok\n2,".to_vec();
        data.extend([0xCA, 0xC1]); // TIS-620 bytes
        data.push(b'\n');
        let error = read_csv(&data[..], Path::new("tis.csv")).unwrap_err();
        match error.kind() {
            ErrorKind::Encoding { line, .. } => assert_eq!(*line, 3),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn missing_column_lists_available() {
        let table = read_csv("a,b\n1,2\n".as_bytes(), Path::new("t.csv")).unwrap();
        let error = table.column("c").unwrap_err();
        assert!(error.to_string().contains("column `c` not found in t.csv (it has: a, b)"));
    }
}
