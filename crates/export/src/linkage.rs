//! The accepted links of a record-linkage review job: CSV (UTF-8 with a
//! byte-order mark, so Excel reads the Thai) and a workbook, one row a link
//! with its ids, match weight and probability, band, decision, reviewer and note.

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use tidtam_api::linkage::LinkageExport;

use crate::ExportError;
use crate::fonts::FAMILY;

/// The columns, as the CSV header names them (the workbook adds Thai headers above).
pub const COLUMNS: [&str; 8] =
    ["id_l", "id_r", "match_weight", "match_probability", "band", "decision", "decided_by", "note"];

const COLUMNS_TH: [&str; 8] =
    ["รหัสระเบียน (ไฟล์แรก)", "รหัสระเบียน (ไฟล์ที่สอง)", "น้ำหนักการจับคู่", "ความน่าจะเป็น", "ช่วง", "ผลการตรวจ", "ผู้ตรวจ", "หมายเหตุ"];

fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

/// The links as CSV.
pub fn linkage_csv(export: &LinkageExport) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.join(","));
    out.push('\n');
    for link in &export.links {
        out.push_str(&format!(
            "{},{},{:.4},{:.6},{},{},{},{}\n",
            field(&link.left_id),
            field(&link.right_id),
            link.weight,
            link.probability,
            link.band,
            link.decision.as_deref().unwrap_or(""),
            field(link.decided_by.as_deref().unwrap_or("")),
            field(&link.note)
        ));
    }
    out.into_bytes()
}

/// The links as a workbook: the job named on top, a Thai and an English header, a row a link.
pub fn linkage_xlsx(export: &LinkageExport) -> Result<Vec<u8>, ExportError> {
    write(export).map_err(|e| ExportError::Xlsx(e.to_string()))
}

fn write(export: &LinkageExport) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let base = Format::new().set_font_name(FAMILY).set_font_size(12);
    let bold = base.clone().set_bold();
    let weight = base.clone().set_num_format("0.0000");
    let sheet = workbook.add_worksheet();
    sheet.set_name("คู่ที่เชื่อมโยง")?;
    sheet.write_string_with_format(0, 0, &export.job.name, &bold.clone().set_font_size(14))?;
    sheet.write_string_with_format(
        1,
        0,
        format!("{} × {}: {} คู่", export.job.left_name, export.job.right_name, export.links.len()),
        &base,
    )?;
    for (column, (th, en)) in COLUMNS_TH.iter().zip(COLUMNS).enumerate() {
        sheet.write_string_with_format(3, column as u16, *th, &bold)?;
        sheet.write_string_with_format(4, column as u16, en, &base)?;
        sheet.set_column_width(column as u16, if column < 2 || column == 7 { 22.0 } else { 14.0 })?;
    }
    for (i, link) in export.links.iter().enumerate() {
        let row = 5 + i as u32;
        sheet.write_string_with_format(row, 0, &link.left_id, &base)?;
        sheet.write_string_with_format(row, 1, &link.right_id, &base)?;
        sheet.write_number_with_format(row, 2, link.weight, &weight)?;
        sheet.write_number_with_format(row, 3, link.probability, &weight)?;
        sheet.write_string_with_format(row, 4, &link.band, &base)?;
        sheet.write_string_with_format(row, 5, link.decision.as_deref().unwrap_or(""), &base)?;
        sheet.write_string_with_format(row, 6, link.decided_by.as_deref().unwrap_or(""), &base)?;
        sheet.write_string_with_format(row, 7, &link.note, &base)?;
    }
    sheet.set_freeze_panes(5, 0)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tidtam_api::linkage::{ExportedLink, LinkageJob};

    #[test]
    fn a_note_with_a_comma_stays_one_field() {
        let export = LinkageExport {
            job: LinkageJob {
                id: 1,
                name: "ทดสอบ".into(),
                agency_id: 1,
                left_name: "a.csv".into(),
                right_name: "b.csv".into(),
                created_at: jiff::Timestamp::UNIX_EPOCH,
                left_records: 2,
                right_records: 2,
                candidate_pairs: 3,
                threshold: 0.9,
                review_from: 0.2,
                review: 1,
                decided: 1,
                automatic: 1,
            },
            links: vec![ExportedLink {
                left_id: "A1".into(),
                right_id: "B1".into(),
                weight: 12.5,
                probability: 0.99,
                band: "review".into(),
                decision: Some("accept".into()),
                decided_by: Some("statistician".into()),
                note: "ชื่อสะกดต่าง, วันเกิดตรง".into(),
            }],
        };
        let text = String::from_utf8(linkage_csv(&export)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "\u{feff}id_l,id_r,match_weight,match_probability,band,decision,decided_by,note");
        assert_eq!(lines[1], "A1,B1,12.5000,0.990000,review,accept,statistician,\"ชื่อสะกดต่าง, วันเกิดตรง\"");
        assert!(linkage_xlsx(&export).unwrap().starts_with(b"PK"));
    }
}
