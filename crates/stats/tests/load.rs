//! Issue 12's loading tests: a wide Excel table with two header rows, Thai
//! digits, BE years and province names loads to the right observations; a
//! second release revises two values and adds a year, and both read back
//! exactly; `updatedAfter` returns only the changes; bad cells are listed by
//! address and nothing is stored.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Format, Workbook};
use tidtam_stats::gdc::GdcMetadata;
use tidtam_stats::load::{ColumnRole, HeaderRole, Mapping, ProblemKind, Role, preview, read_csv, read_xlsx};
use tidtam_stats::model::{Dataset, DimensionId, Indicator, ObsMap, ObsStatus};
use tidtam_stats::period::Period;
use tidtam_stats::release::{ChangeKind, History, LoadMode, thailand};

fn dataset() -> Dataset {
    let indicator = |code: &str, th: &str, en: &str, unit_th: &str, unit_en: &str, mult: u8| Indicator {
        code: code.into(),
        name_th: th.into(),
        name_en: en.into(),
        unit_th: unit_th.into(),
        unit_en: unit_en.into(),
        unit_mult: mult,
    };
    Dataset {
        id: "LFS_PROV".into(),
        title_th: "อัตราการว่างงานและกำลังแรงงานรายจังหวัด".into(),
        title_en: "Unemployment rate and labour force by province".into(),
        description_th: String::new(),
        sector: "S02".into(),
        dimensions: vec![DimensionId::Indicator, DimensionId::Area],
        indicators: vec![
            indicator("UNEMP_RATE", "อัตราการว่างงาน", "Unemployment rate", "ร้อยละ", "percent", 0),
            indicator("LABOUR_FORCE", "กำลังแรงงาน", "Labour force", "คน", "persons", 3),
        ],
        metadata: GdcMetadata::default(),
        disclosure: Default::default(),
    }
}

/// The wide mapping: a title row, then indicator names (merged) over years.
fn mapping() -> Mapping {
    Mapping {
        skip_rows: 1,
        header_rows: 2,
        columns: vec![ColumnRole { column: "จังหวัด".into(), role: Role::Dimension(DimensionId::Area) }],
        across: vec![
            HeaderRole { row: 1, role: Role::Dimension(DimensionId::Indicator) },
            HeaderRole { row: 2, role: Role::Period },
        ],
        ..Mapping::default()
    }
}

/// A cell of the table: text (Thai digits and flags as agencies type them) or a number.
enum V {
    T(&'static str),
    N(f64),
}

/// Builds the workbook: title, two header rows (indicators merged across their
/// years, years in BE with Thai digits, "พ.ศ." or as numbers), one row per area
/// in several spellings, then a blank row and footnotes.
fn workbook(years: &[&str], rows: &[(&str, Vec<V>)]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let plain = Format::new();
    sheet.write_string(0, 0, "ตารางที่ ๓ อัตราการว่างงานและกำลังแรงงาน จำแนกตามจังหวัด").expect("title");
    sheet.merge_range(1, 0, 2, 0, "จังหวัด", &plain).expect("merge");
    let n = years.len() as u16;
    sheet.merge_range(1, 1, 1, n, "อัตราการว่างงาน (ร้อยละ)", &plain).expect("merge");
    sheet.merge_range(1, n + 1, 1, 2 * n, "กำลังแรงงาน (พันคน)", &plain).expect("merge");
    for (i, y) in years.iter().enumerate() {
        let col = i as u16 + 1;
        sheet.write_string(2, col, *y).expect("year");
        // The second block writes the same years as numbers, as Excel users often do.
        let arabic: String = tidtam_thai::digits::to_arabic_digits(y).chars().filter(char::is_ascii_digit).collect();
        match arabic.parse::<f64>() {
            Ok(year) => sheet.write_number(2, col + n, year).expect("year"),
            Err(_) => sheet.write_string(2, col + n, *y).expect("year"),
        };
    }
    for (r, (area, values)) in rows.iter().enumerate() {
        let row = r as u32 + 3;
        sheet.write_string(row, 0, *area).expect("area");
        for (c, v) in values.iter().enumerate() {
            match v {
                V::T(t) => sheet.write_string(row, c as u16 + 1, *t).expect("cell"),
                V::N(x) => sheet.write_number(row, c as u16 + 1, *x).expect("cell"),
            };
        }
    }
    let foot = rows.len() as u32 + 4;
    sheet.write_string(foot, 0, "หมายเหตุ: p = ตัวเลขเบื้องต้น").expect("note");
    sheet.write_string(foot + 1, 0, "ที่มา: สำนักงานสถิติแห่งชาติ").expect("source");
    book.save_to_buffer().expect("xlsx")
}

fn first_release() -> Vec<u8> {
    use V::*;
    workbook(
        &["๒๕๖๔", "พ.ศ. ๒๕๖๕", "2566"],
        &[
            ("ทั่วราชอาณาจักร", vec![T("๑.๙"), N(1.3), T("1.0p"), N(38600.0), T("๓๘,๙๐๐.๕"), N(39100.0)]),
            ("กรุงเทพฯ", vec![N(2.1), N(1.8), N(1.2), N(5100.0), N(5150.0), N(5200.0)]),
            ("จ.กำแพงเพชร", vec![N(0.9), T("-"), N(0.7), N(420.0), N(425.0), N(430.0)]),
            ("Nakhon Sawan", vec![N(1.1), N(1.0), N(0.8), N(560.0), N(561.0), T("x")]),
            ("อยุธยา", vec![N(1.4), N(1.2), N(1.1), N(480.0), N(482.0), N(485.0)]),
        ],
    )
}

fn second_release() -> Vec<u8> {
    use V::*;
    workbook(
        &["๒๕๖๔", "พ.ศ. ๒๕๖๕", "2566", "๒๕๖๗"],
        &[
            // 2566 of the country is final now (1.0p → 1.05), and Nakhon Sawan's 2565 rate is revised.
            (
                "ทั่วราชอาณาจักร",
                vec![T("๑.๙"), N(1.3), N(1.05), N(1.0), N(38600.0), T("๓๘,๙๐๐.๕"), N(39100.0), N(39300.0)],
            ),
            ("กรุงเทพฯ", vec![N(2.1), N(1.8), N(1.2), N(1.1), N(5100.0), N(5150.0), N(5200.0), N(5230.0)]),
            ("จ.กำแพงเพชร", vec![N(0.9), T("-"), N(0.7), N(0.6), N(420.0), N(425.0), N(430.0), N(431.0)]),
            ("Nakhon Sawan", vec![N(1.1), N(0.95), N(0.8), N(0.8), N(560.0), N(561.0), T("x"), N(562.0)]),
            ("อยุธยา", vec![N(1.4), N(1.2), N(1.1), N(1.0), N(480.0), N(482.0), N(485.0), N(486.0)]),
        ],
    )
}

fn load(bytes: &[u8]) -> ObsMap {
    let sheet = read_xlsx(bytes, None).expect("workbook");
    let p = preview(&sheet, &dataset(), &mapping());
    assert!(p.is_clean(), "problems: {:#?}", p.problems);
    assert_eq!(p.footnotes, ["หมายเหตุ: p = ตัวเลขเบื้องต้น", "ที่มา: สำนักงานสถิติแห่งชาติ"]);
    p.into_content().expect("clean")
}

fn get(content: &ObsMap, indicator: &str, area: &str, year: i16) -> (Option<f64>, ObsStatus) {
    let o = content
        .values()
        .find(|o| o.series == [indicator, area] && o.period == Period::Year(year))
        .unwrap_or_else(|| panic!("no {indicator} {area} {year}"));
    (o.value, o.status)
}

#[test]
fn a_wide_excel_table_loads_to_the_right_observations() {
    let bytes = first_release();
    let sheet = read_xlsx(&bytes, None).expect("workbook");
    let p = preview(&sheet, &dataset(), &mapping());
    assert!(p.is_clean(), "{:#?}", p.problems);
    // 5 areas × 2 indicators × 3 years.
    assert_eq!(p.observations.len(), 30);
    // The first value cell is B4: the country's unemployment rate in 2564 (2021).
    assert_eq!(p.cells[0], "B4");
    assert_eq!(p.observations[0].sdmx_key(), "A.UNEMP_RATE.TH");
    assert_eq!(p.observations[0].period, Period::Year(2021));
    let content = load(&bytes);
    assert_eq!(get(&content, "UNEMP_RATE", "TH", 2021), (Some(1.9), ObsStatus::Normal));
    assert_eq!(get(&content, "UNEMP_RATE", "TH", 2023), (Some(1.0), ObsStatus::Provisional));
    assert_eq!(get(&content, "LABOUR_FORCE", "TH", 2022), (Some(38900.5), ObsStatus::Normal));
    assert_eq!(get(&content, "UNEMP_RATE", "TH-10", 2022), (Some(1.8), ObsStatus::Normal));
    assert_eq!(get(&content, "UNEMP_RATE", "TH-62", 2022), (None, ObsStatus::NotAvailable));
    assert_eq!(get(&content, "LABOUR_FORCE", "TH-60", 2023), (None, ObsStatus::Confidential));
    assert_eq!(get(&content, "LABOUR_FORCE", "TH-14", 2023), (Some(485.0), ObsStatus::Normal));
    let areas: std::collections::BTreeSet<&str> = content.values().map(|o| o.series[1].as_str()).collect();
    assert_eq!(areas.into_iter().collect::<Vec<_>>(), ["TH", "TH-10", "TH-14", "TH-60", "TH-62"]);
}

#[test]
fn a_second_release_keeps_the_first_and_updated_after_lists_only_changes() {
    let first = load(&first_release());
    let second = load(&second_release());
    let tz = thailand();
    let at = |y: i16, m: i8, d: i8| tz.to_timestamp(jiff::civil::date(y, m, d).at(10, 0, 0, 0)).expect("time");
    let mut history = History::default();
    history.publish(&first, LoadMode::Merge, at(2024, 3, 1), "รุ่นแรก").expect("first release");
    let changes = history.publish(&second, LoadMode::Merge, at(2024, 6, 1), "รุ่นที่สอง").expect("second release");
    let revised: Vec<String> = changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Revised)
        .map(|c| format!("{}@{}", c.observation().sdmx_key(), c.observation().period))
        .collect();
    assert_eq!(revised, ["A.UNEMP_RATE.TH@2023", "A.UNEMP_RATE.TH-60@2022"]);
    assert_eq!(changes.iter().filter(|c| c.kind == ChangeKind::Added).count(), 10);
    assert!(
        changes.iter().filter(|c| c.kind == ChangeKind::Added).all(|c| c.observation().period == Period::Year(2024))
    );
    // Both releases read back exactly, by number and by date (Thai calendar).
    assert_eq!(history.at(1), first);
    assert_eq!(history.at(2), second);
    assert_eq!(history.as_published_on(jiff::civil::date(2024, 3, 31)), first);
    assert_eq!(history.as_published_on(jiff::civil::date(2024, 6, 1)), second);
    // updatedAfter between the releases: only the 12 changes; after the second: none.
    let after = history.updated_after(at(2024, 4, 1));
    assert_eq!(after.len(), 12);
    assert_eq!(after.iter().filter(|c| c.kind == ChangeKind::Revised).count(), 2);
    assert_eq!(history.updated_after(at(2024, 6, 2)), []);
    assert_eq!(history.updated_after(at(2024, 1, 1)).len(), second.len());
}

#[test]
fn bad_cells_are_listed_by_address_and_nothing_is_stored() {
    use V::*;
    let bytes = workbook(
        &["๒๕๖๔", "ปีหน้า"],
        &[
            ("กรุงเทพฯ", vec![N(2.1), N(1.8), N(5100.0), N(5150.0)]),
            ("เมืองลับแล", vec![N(0.9), N(0.8), N(420.0), N(425.0)]),
            ("นครนายก", vec![T("สิบสอง"), N(1.0), N(560.0), T("๑,๒")]),
            ("กรุงเทพมหานคร", vec![N(2.0), N(1.8), N(5100.0), N(5150.0)]),
        ],
    );
    let sheet = read_xlsx(&bytes, None).expect("workbook");
    let p = preview(&sheet, &dataset(), &mapping());
    let found: Vec<(String, ProblemKind)> = p.problems.iter().map(|p| (p.cell.clone(), p.kind)).collect();
    assert_eq!(
        found,
        [
            ("C3".to_owned(), ProblemKind::BadPeriod),
            ("E3".to_owned(), ProblemKind::BadPeriod),
            ("A5".to_owned(), ProblemKind::UnknownCode),
            ("B6".to_owned(), ProblemKind::NotNumeric),
            ("E6".to_owned(), ProblemKind::NotNumeric),
            ("B7".to_owned(), ProblemKind::DuplicateKey),
            ("D7".to_owned(), ProblemKind::DuplicateKey),
        ]
    );
    assert!(p.problems[2].message_th.contains("เมืองลับแล") && p.problems[2].message_en.contains("unknown area"));
    assert!(p.problems[5].message_en.contains("B4"), "{}", p.problems[5].message_en);
    let mut history = History::default();
    let before = history.clone();
    if let Ok(content) = p.into_content() {
        history.publish(&content, LoadMode::Merge, jiff::Timestamp::UNIX_EPOCH, "").expect("publish");
    }
    assert_eq!(history, before, "a table with problems must not be stored");
}

#[test]
fn a_tidy_csv_loads_with_a_status_column_and_fixed_codes() {
    let text = "จังหวัด,ปี,ค่า,สถานะ\nชัยนาท,2565,\"1,234\",P\nลพบุรี,๒๕๖๕,99.5,\nสิงห์บุรี,พ.ศ. 2566,..,\n\nที่มา: กรมการปกครอง\n";
    let sheet = read_csv(text.as_bytes()).expect("csv");
    let mut fixed = BTreeMap::new();
    fixed.insert(DimensionId::Indicator, "LABOUR_FORCE".to_owned());
    let mapping = Mapping {
        header_rows: 1,
        columns: vec![
            ColumnRole { column: "จังหวัด".into(), role: Role::Dimension(DimensionId::Area) },
            ColumnRole { column: "B".into(), role: Role::Period },
            ColumnRole { column: "ค่า".into(), role: Role::Value },
            ColumnRole { column: "สถานะ".into(), role: Role::Status },
        ],
        fixed,
        ..Mapping::default()
    };
    let p = preview(&sheet, &dataset(), &mapping);
    assert!(p.is_clean(), "{:#?}", p.problems);
    let got: Vec<String> = p
        .observations
        .iter()
        .map(|o| format!("{} {} {:?} {}", o.sdmx_key(), o.period, o.value, o.status.code()))
        .collect();
    assert_eq!(
        got,
        [
            "A.LABOUR_FORCE.TH-18 2022 Some(1234.0) P",
            "A.LABOUR_FORCE.TH-16 2022 Some(99.5) A",
            "A.LABOUR_FORCE.TH-17 2023 None O",
        ]
    );
    assert_eq!(p.footnotes, ["ที่มา: กรมการปกครอง"]);
    // A saved mapping travels as JSON and means the same after reading it back.
    let saved = serde_json::to_string(&mapping).expect("json");
    assert!(saved.contains("\"role\":\"AREA\""), "{saved}");
    let back: Mapping = serde_json::from_str(&saved).expect("mapping");
    assert_eq!(back, mapping);
}

#[test]
fn a_mapping_that_does_not_fit_says_so() {
    let sheet = read_csv("จังหวัด,ปี,ค่า\nชัยนาท,2565,1\n".as_bytes()).expect("csv");
    let mapping = Mapping {
        header_rows: 1,
        columns: vec![
            ColumnRole { column: "จังหวัด".into(), role: Role::Dimension(DimensionId::Area) },
            ColumnRole { column: "มูลค่า".into(), role: Role::Value },
        ],
        ..Mapping::default()
    };
    let p = preview(&sheet, &dataset(), &mapping);
    let messages: Vec<&str> = p.problems.iter().map(|p| p.message_en.as_str()).collect();
    assert_eq!(
        messages,
        [
            "column \"มูลค่า\" is not in the header",
            "the mapping does not say where INDICATOR comes from (a column, a header row or a fixed code)",
            "the mapping does not say where TIME_PERIOD comes from (a column, a header row or a fixed code)",
            "the mapping does not say where OBS_VALUE comes from (a column, a header row or a fixed code)",
        ]
    );
    assert!(p.observations.is_empty());
}
