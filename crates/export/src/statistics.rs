//! The statistical system's yearly summary as a workbook: a title block (the
//! year, its days and the date of the summary in BE), then a row per
//! statistic with the periods due in the year, released on time, released
//! late and missing as numbers (so they sum and sort), the missing periods
//! named, and a total row.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
use tidtam_api::exports::StatisticsYearSummary;

use crate::ExportError;
use crate::fonts::FAMILY;

/// The columns: header and width (in characters).
pub const COLUMNS: [(&str, f64); 11] = [
    ("รหัสสถิติ", 14.0),
    ("ชื่อสถิติทางการ", 40.0),
    ("หน่วยงานเจ้าของ", 28.0),
    ("สาขาสถิติ", 20.0),
    ("ความถี่", 12.0),
    ("งวดที่ถึงกำหนด", 12.0),
    ("เผยแพร่ตรงเวลา", 12.0),
    ("เผยแพร่ล่าช้า", 12.0),
    ("ยังไม่เผยแพร่", 12.0),
    ("งวดที่ยังไม่เผยแพร่", 30.0),
    ("สถานะล่าสุด", 18.0),
];

/// The row of the column headers (0-based); the statistics follow it.
pub const HEADER_ROW: u32 = 3;

/// The workbook of a year's summary: one sheet.
pub fn statistics_year_xlsx(summary: &StatisticsYearSummary) -> Result<Vec<u8>, ExportError> {
    write(summary).map_err(|e| ExportError::Xlsx(e.to_string()))
}

fn write(summary: &StatisticsYearSummary) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let base = Format::new().set_font_name(FAMILY).set_font_size(12);
    let title = base.clone().set_bold().set_font_size(14);
    let header = base.clone().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_background_color(0xE7EEF7);
    let integer = base.clone().set_num_format("#,##0");
    let bold_integer = integer.clone().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("สรุปรายปี")?;
    sheet.write_string_with_format(0, 0, format!("สรุปการผลิตสถิติทางการ {}", summary.year_th), &title)?;
    sheet.write_string_with_format(
        1,
        0,
        format!("งวดที่ถึงกำหนดเผยแพร่ {} ถึง {} ณ วันที่ {}", summary.from_th, summary.to_th, summary.as_of_th),
        &base,
    )?;
    for (column, (name, width)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, column as u16, *name, &header)?;
        sheet.set_column_width(column as u16, *width)?;
    }
    let mut totals = [0u32; 4];
    for (index, row) in summary.rows.iter().enumerate() {
        let at = HEADER_ROW + 1 + index as u32;
        for (column, text) in
            [&row.code, &row.name_th, &row.agency, &row.sector_th, &row.frequency_th].into_iter().enumerate()
        {
            sheet.write_string_with_format(at, column as u16, text, &base)?;
        }
        for (i, value) in [row.due, row.on_time, row.released_late, row.missing].into_iter().enumerate() {
            sheet.write_number_with_format(at, 5 + i as u16, f64::from(value), &integer)?;
            totals[i] += value;
        }
        sheet.write_string_with_format(at, 9, row.missing_periods_th.join(", "), &base)?;
        sheet.write_string_with_format(at, 10, &row.status_th, &base)?;
    }
    let total_row = HEADER_ROW + 1 + summary.rows.len() as u32;
    sheet.write_string_with_format(total_row, 1, "รวม", &base.clone().set_bold())?;
    for (i, value) in totals.into_iter().enumerate() {
        sheet.write_number_with_format(total_row, 5 + i as u16, f64::from(value), &bold_integer)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.autofilter(HEADER_ROW, 0, total_row.saturating_sub(1).max(HEADER_ROW), COLUMNS.len() as u16 - 1)?;
    sheet.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use tidtam_api::exports::StatisticYearRow;

    #[test]
    fn the_summary_reads_back_with_its_rows_and_totals() {
        let row = |code: &str, due, on_time, late, missing| StatisticYearRow {
            code: code.into(),
            name_th: format!("สถิติ {code}"),
            agency: "สำนักงานสถิติแห่งชาติ".into(),
            sector_th: "แรงงาน".into(),
            frequency_th: "รายไตรมาส".into(),
            due,
            on_time,
            released_late: late,
            missing,
            missing_periods_th: if missing > 0 { vec!["ไตรมาส 3/2567".into()] } else { vec![] },
            status_th: "ล่าช้า".into(),
        };
        let summary = StatisticsYearSummary {
            year_th: "ปี 2567".into(),
            from_th: "1 ม.ค. 2567".into(),
            to_th: "31 ธ.ค. 2567".into(),
            as_of_th: "15 ก.พ. 2568".into(),
            rows: vec![row("A", 4, 2, 1, 1), row("B", 1, 1, 0, 0)],
        };
        let bytes = statistics_year_xlsx(&summary).expect("written");
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
        let range = book.worksheet_range("สรุปรายปี").expect("sheet");
        let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(HEADER_ROW, 0), Data::String("รหัสสถิติ".into()));
        assert_eq!(cell(HEADER_ROW + 1, 0), Data::String("A".into()));
        assert_eq!(cell(HEADER_ROW + 1, 8), Data::Float(1.0));
        assert_eq!(cell(HEADER_ROW + 1, 9), Data::String("ไตรมาส 3/2567".into()));
        assert_eq!(cell(HEADER_ROW + 3, 5), Data::Float(5.0), "total due");
        assert_eq!(cell(HEADER_ROW + 3, 6), Data::Float(3.0), "total on time");
    }
}
