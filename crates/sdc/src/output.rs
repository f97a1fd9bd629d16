//! Writing the protected table, the audit and a rounded table as CSV.

use std::io::Write;

pub use crate::error::fmt_num;
use crate::table::Table;
use crate::{Protected, SdcError, Status};

/// The confidentiality flag column (SDMX CONF_STATUS codes).
pub const CONF_STATUS: &str = "CONF_STATUS";

/// F: free for publication; C: confidential (a primary cell); D: secondary suppression.
pub fn conf_code(status: &Status) -> &'static str {
    match status {
        Status::Published => "F",
        Status::Primary(_) => "C",
        Status::Secondary => "D",
    }
}

/// The note on a suppressed row; which rule flagged it is not said (that would tell).
pub fn conf_note(status: &Status) -> &'static str {
    match status {
        Status::Published => "",
        Status::Primary(_) => "C = ปกปิดเพื่อรักษาความลับของผู้ให้ข้อมูล / confidential",
        Status::Secondary => {
            "D = ปกปิดเพื่อไม่ให้คำนวณช่องที่เป็นความลับย้อนได้ / suppressed so that a confidential cell cannot be derived"
        }
    }
}

fn header(table: &Table, extra: &[&str]) -> Vec<String> {
    let mut h: Vec<String> = table.dims().iter().map(|d| d.name.clone()).collect();
    if table.has_count() {
        h.push("count".into());
    }
    if table.has_value() {
        h.push("value".into());
    }
    h.extend(extra.iter().map(|s| s.to_string()));
    h
}

fn csv_error(e: impl std::fmt::Display) -> SdcError {
    SdcError::Input(format!("เขียนไฟล์ไม่ได้ / cannot write: {e}"))
}

/// Every cell, totals included: suppressed cells have empty count and value and
/// `CONF_STATUS` C or D with a note; published ones F.
pub fn write_protected<W: Write>(table: &Table, protected: &Protected, out: W) -> Result<(), SdcError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header(table, &[CONF_STATUS, "CONF_NOTE"])).map_err(csv_error)?;
    for c in 0..table.len() {
        let status = &protected.status[c];
        let hidden = !matches!(status, Status::Published);
        let mut row: Vec<String> = table.codes(c).iter().map(|s| s.to_string()).collect();
        for v in [table.count(c), table.value(c)].into_iter().flatten() {
            row.push(if hidden { String::new() } else { fmt_num(v) });
        }
        row.push(conf_code(status).into());
        row.push(conf_note(status).into());
        w.write_record(&row).map_err(csv_error)?;
    }
    w.flush().map_err(csv_error)
}

/// For the producer only (it holds the true values): each suppressed cell with its
/// status, the rules it fails, its protection level, the attacker's interval and
/// whether that interval protects it, and whether the LP held the cell's whole
/// component (`whole`) or its neighbourhood (`local`, see [`crate::audit::Interval::exact`]).
pub fn write_audit<W: Write>(table: &Table, protected: &Protected, out: W) -> Result<(), SdcError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header(table, &[CONF_STATUS, "rules", "protection_level", "lower", "upper", "protected", "lp"]))
        .map_err(csv_error)?;
    for c in 0..table.len() {
        let status = &protected.status[c];
        let Some(iv) = protected.intervals[c] else { continue };
        let mut row: Vec<String> = table.codes(c).iter().map(|s| s.to_string()).collect();
        for v in [table.count(c), table.value(c)].into_iter().flatten() {
            row.push(fmt_num(v));
        }
        row.push(conf_code(status).into());
        match status {
            Status::Primary(p) => {
                row.push(p.rules.iter().map(|r| r.id()).collect::<Vec<_>>().join(";"));
                row.push(fmt_num(p.level));
            }
            _ => {
                row.push(String::new());
                row.push(String::new());
            }
        }
        row.push(fmt_num(iv.lower));
        row.push(fmt_num(iv.upper));
        row.push(
            match status {
                Status::Primary(p) => {
                    if crate::audit::is_protected(table.measure(c), p.level, iv) {
                        "yes"
                    } else {
                        "no"
                    }
                }
                _ => "",
            }
            .into(),
        );
        row.push(if iv.exact { "whole" } else { "local" }.into());
        w.write_record(&row).map_err(csv_error)?;
    }
    w.flush().map_err(csv_error)
}

/// Every cell of a (rounded) table, totals included.
pub fn write_table<W: Write>(table: &Table, out: W) -> Result<(), SdcError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header(table, &[])).map_err(csv_error)?;
    for c in 0..table.len() {
        let mut row: Vec<String> = table.codes(c).iter().map(|s| s.to_string()).collect();
        for v in [table.count(c), table.value(c)].into_iter().flatten() {
            row.push(fmt_num(v));
        }
        w.write_record(&row).map_err(csv_error)?;
    }
    w.flush().map_err(csv_error)
}
