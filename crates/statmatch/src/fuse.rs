//! The fused file: every recipient row with the donated variables, the donor's row number and
//! the matching distance; read from and written to any reader or writer.

use std::io::{Read, Write};
use std::path::Path;

use tidtam_link::Table;

use crate::data::column;
use crate::error::{Error, Result};
use crate::hotdeck::Matching;

/// Name of the added column holding the donor's 1-based data row.
pub const DONOR_ROW: &str = "donor_row";
/// Name of the added column holding the matching distance (empty for the random hot deck).
pub const DISTANCE: &str = "match_distance";

/// Reads a CSV table (header row, UTF-8, empty cells missing); `name` labels it in messages.
pub fn read_csv(reader: impl Read, name: &str) -> Result<Table> {
    let table = tidtam_link::table::read_csv(reader, Path::new(name))?;
    if table.is_empty() {
        return Err(Error::Empty { table: name.to_string() });
    }
    Ok(table)
}

/// The recipient file with the donated variables, `donor_row` and `match_distance` appended.
pub fn fused(recipient: &Table, donor: &Table, donate: &[String], matching: &Matching) -> Result<Table> {
    for name in donate.iter().map(String::as_str).chain([DONOR_ROW, DISTANCE]) {
        if recipient.names.iter().any(|n| n == name) {
            return Err(Error::options(
                format!("column `{name}` is already in the recipient file {}; rename it there", recipient.name),
                format!("คอลัมน์ `{name}` มีอยู่แล้วในไฟล์ผู้รับ {} กรุณาเปลี่ยนชื่อ", recipient.name),
            ));
        }
    }
    let donated = donate.iter().map(|n| column(donor, n)).collect::<Result<Vec<_>>>()?;
    let mut names = recipient.names.clone();
    names.extend(donate.iter().cloned());
    names.push(DONOR_ROW.to_string());
    names.push(DISTANCE.to_string());
    let mut out = Table::new("fused", names);
    let mut texts: Vec<String> = vec![String::new(); 2];
    for row in 0..recipient.len() {
        let d = matching.donor[row];
        texts[0] = (d + 1).to_string();
        let distance = matching.distance[row];
        texts[1] = if distance.is_nan() { String::new() } else { format!("{distance}") };
        let values = recipient
            .columns
            .iter()
            .map(|c| c.get(row))
            .chain(donated.iter().map(|c| c.get(d)))
            .chain(texts.iter().map(|t| Some(t.as_str())));
        out.push_row(values);
    }
    Ok(out)
}

/// Writes a table as CSV (missing values as empty cells).
pub fn write_csv(table: &Table, writer: impl Write) -> Result<()> {
    let fail = |e: csv::Error| Error::Write(e.to_string());
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(&table.names).map_err(fail)?;
    for row in 0..table.len() {
        csv.write_record(table.columns.iter().map(|c| c.get(row).unwrap_or(""))).map_err(fail)?;
    }
    csv.flush().map_err(|e| Error::Write(e.to_string()))
}
