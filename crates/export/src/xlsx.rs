//! The portfolio as a workbook: a sheet a quarter, a row a project, figures as
//! numbers (with number formats, so they sum and sort), a frozen header row
//! and filters on every column.
//!
//! XLSX cannot embed a font: cells name Sarabun, and a machine without it
//! shows the Thai in its own Thai font.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use tidtam_api::exports::{PortfolioRow, PortfolioTable};
use tidtam_domain::workflow::ReportStatus;

use crate::ExportError;
use crate::fonts::FAMILY;
use crate::thai_text::count;

/// The columns: header and width (in characters).
const COLUMNS: [(&str, f64); 14] = [
    ("รหัสโครงการ", 12.0),
    ("โครงการ", 48.0),
    ("หน่วยงาน", 28.0),
    ("กอง/สำนัก", 24.0),
    ("รายงานไตรมาส", 10.0),
    ("สถานะรายงาน", 14.0),
    ("งบประมาณที่ได้รับจัดสรร (บาท)", 18.0),
    ("งบประมาณตามสัญญา (บาท)", 18.0),
    ("เบิกจ่ายแล้ว (บาท)", 18.0),
    ("อัตราการเบิกจ่าย", 12.0),
    ("ความก้าวหน้า", 12.0),
    ("ตัวชี้วัดที่วัดผล", 12.0),
    ("ตัวชี้วัดที่บรรลุ", 12.0),
    ("ข้อสังเกตจากการตรวจ", 12.0),
];

/// The Thai name of a report's status, as the sheets show it.
pub fn status_th(status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::Draft => "ร่าง",
        ReportStatus::Submitted => "ส่งแล้ว",
        ReportStatus::Returned => "ส่งกลับแก้ไข",
        ReportStatus::Approved => "อนุมัติแล้ว",
    }
}

struct Formats {
    header: Format,
    text: Format,
    integer: Format,
    money: Format,
    percent: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name(FAMILY).set_font_size(12);
        Formats {
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(0xE7EEF7),
            text: base.clone(),
            integer: base.clone().set_num_format("#,##0"),
            money: base.clone().set_num_format("#,##0.00"),
            percent: base.set_num_format("0.0%"),
        }
    }
}

fn sheet(worksheet: &mut Worksheet, rows: &[PortfolioRow], formats: &Formats) -> Result<(), XlsxError> {
    for (column, (header, width)) in COLUMNS.iter().enumerate() {
        let column = column as u16;
        worksheet.write_string_with_format(0, column, *header, &formats.header)?;
        worksheet.set_column_width(column, *width)?;
    }
    worksheet.set_row_height(0, 36)?;
    for (index, row) in rows.iter().enumerate() {
        let at = index as u32 + 1;
        let text = |worksheet: &mut Worksheet, column: u16, value: &str| -> Result<(), XlsxError> {
            worksheet.write_string_with_format(at, column, value, &formats.text).map(|_| ())
        };
        text(worksheet, 0, row.code.as_deref().unwrap_or(""))?;
        text(worksheet, 1, &row.project_name)?;
        text(worksheet, 2, &row.agency)?;
        text(worksheet, 3, row.division.as_deref().unwrap_or(""))?;
        worksheet.write_number_with_format(at, 4, f64::from(row.report_quarter.number()), &formats.integer)?;
        text(worksheet, 5, status_th(row.status))?;
        // Amounts are baht with satang; a blank cell is "not reported", never 0.
        for (column, value) in [(6, row.allocated), (7, row.contracted), (8, row.disbursed)] {
            if let Some(value) = value {
                worksheet.write_number_with_format(at, column, value.as_f64(), &formats.money)?;
            }
        }
        if let (Some(allocated), Some(disbursed)) = (row.allocated, row.disbursed)
            && let Some(rate) = disbursed.ratio(allocated)
        {
            worksheet.write_number_with_format(at, 9, rate, &formats.percent)?;
        }
        if let Some(progress) = row.progress_percent {
            worksheet.write_number_with_format(at, 10, progress / 100.0, &formats.percent)?;
        }
        worksheet.write_number_with_format(at, 11, f64::from(row.kpi_measured), &formats.integer)?;
        worksheet.write_number_with_format(at, 12, f64::from(row.kpi_achieved), &formats.integer)?;
        worksheet.write_number_with_format(at, 13, f64::from(row.findings), &formats.integer)?;
    }
    worksheet.set_freeze_panes(1, 0)?;
    worksheet.autofilter(0, 0, rows.len() as u32, COLUMNS.len() as u16 - 1)?;
    // Printed, a sheet is A4 landscape, every column on the page width, the header on every page.
    worksheet.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0);
    worksheet.set_repeat_rows(0, 0)?;
    Ok(())
}

/// The workbook of a fiscal year's portfolio: one sheet per quarter ("ไตรมาส ๑" …).
pub fn portfolio_xlsx(table: &PortfolioTable) -> Result<Vec<u8>, ExportError> {
    let fail = |error: XlsxError| ExportError::Xlsx(error.to_string());
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    for (quarter, rows) in &table.quarters {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(format!("ไตรมาส {}", count(quarter.number()))).map_err(fail)?;
        sheet(worksheet, rows, &formats).map_err(fail)?;
    }
    if table.quarters.is_empty() {
        let worksheet = workbook.add_worksheet();
        sheet(worksheet, &[], &formats).map_err(fail)?;
    }
    workbook.save_to_buffer().map_err(fail)
}

/// A hub dataset's observations as a workbook: one row an observation (its
/// dimension codes, the period in BE, the value as a number, the status), and a
/// second sheet explaining every symbol. A value withheld (confidential, or not
/// available) is a blank cell with its symbol beside it, never a 0.
pub fn stat_data_xlsx(
    title: &str,
    dimensions: &[String],
    data: &tidtam_api::stats::StatData,
    legend: &[(String, String, String)],
    notes: &[String],
) -> Result<Vec<u8>, ExportError> {
    let fail = |error: XlsxError| ExportError::Xlsx(error.to_string());
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("ข้อมูล").map_err(fail)?;
    sheet.write_string_with_format(0, 0, title, &formats.header.clone().set_align(FormatAlign::Left)).map_err(fail)?;
    let mut headers: Vec<&str> = dimensions.iter().map(String::as_str).collect();
    headers.extend(["TIME_PERIOD", "ช่วงเวลา", "ค่า (OBS_VALUE)", "สัญลักษณ์ (OBS_STATUS)"]);
    for (column, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, column as u16, *header, &formats.header).map_err(fail)?;
        sheet.set_column_width(column as u16, if column < dimensions.len() { 14.0 } else { 16.0 }).map_err(fail)?;
    }
    let d = dimensions.len() as u16;
    for (index, o) in data.observations.iter().enumerate() {
        let at = index as u32 + 2;
        for (column, dim) in dimensions.iter().enumerate() {
            let code = o.key.get(dim).map(String::as_str).unwrap_or("");
            sheet.write_string_with_format(at, column as u16, code, &formats.text).map_err(fail)?;
        }
        sheet.write_string_with_format(at, d, &o.period, &formats.text).map_err(fail)?;
        sheet.write_string_with_format(at, d + 1, &o.period_th, &formats.text).map_err(fail)?;
        if let Some(v) = o.value {
            let format = if v == v.trunc() { &formats.integer } else { &formats.money };
            sheet.write_number_with_format(at, d + 2, v, format).map_err(fail)?;
        }
        sheet.write_string_with_format(at, d + 3, &o.status, &formats.text).map_err(fail)?;
    }
    sheet.set_freeze_panes(2, 0).map_err(fail)?;
    sheet.autofilter(1, 0, data.observations.len() as u32 + 1, d + 3).map_err(fail)?;
    let explained = workbook.add_worksheet();
    explained.set_name("คำอธิบายสัญลักษณ์").map_err(fail)?;
    for (column, (header, width)) in
        [("สัญลักษณ์ / Symbol", 18.0), ("ความหมาย", 40.0), ("Meaning", 40.0)].iter().enumerate()
    {
        explained.write_string_with_format(0, column as u16, *header, &formats.header).map_err(fail)?;
        explained.set_column_width(column as u16, *width).map_err(fail)?;
    }
    for (row, (code, th, en)) in legend.iter().enumerate() {
        let at = row as u32 + 1;
        explained.write_string_with_format(at, 0, code, &formats.text).map_err(fail)?;
        explained.write_string_with_format(at, 1, th, &formats.text).map_err(fail)?;
        explained.write_string_with_format(at, 2, en, &formats.text).map_err(fail)?;
    }
    for (row, note) in notes.iter().enumerate() {
        explained
            .write_string_with_format(legend.len() as u32 + 2 + row as u32, 0, note, &formats.text)
            .map_err(fail)?;
    }
    workbook.save_to_buffer().map_err(fail)
}
