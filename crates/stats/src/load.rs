//! Loading the tables agencies publish: CSV and XLSX, tidy (one observation a
//! row) or wide (years across, provinces down, several header rows), through
//! a [`Mapping`] that is saved with the dataset and reused for the next release.
//!
//! [`preview`] reads the whole table and lists *every* problem by cell address
//! (an unknown province, a value that is not a number, a period it cannot read,
//! a duplicate key) before anything is stored; only a clean preview becomes a
//! release. The reader is forgiving where agencies differ harmlessly: Thai or
//! Arabic digits, BE or CE years, any province spelling the Thai toolkit
//! reads, header cells merged across columns (an empty header cell repeats the
//! one to its left), placeholders ("-", "..", "n.a.") for values not available,
//! flags after a value ("12.5p", "(e)"), and footnotes under the table (after a
//! blank row, or a row starting "หมายเหตุ", "ที่มา", "Source", "Note", "*"),
//! which are kept as notes, not read as data.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use tidtam_thai::digits::to_arabic_digits;
use tidtam_thai::number::parse_number;

use crate::codelist::match_key;
use crate::model::{DataStructure, Dataset, DimensionId, ObsKey, ObsMap, ObsStatus, Observation};
use crate::period::{Period, YearKind};

/// Tables larger than this are refused before reading (about 10 MB of CSV text
/// per million cells is typical; a hub load is far smaller).
pub const MAX_CELLS: usize = 20_000_000;

/// One cell as read.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            Cell::Number(_) => false,
        }
    }

    /// The cell as text (numbers without a needless ".0").
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
        }
    }
}

/// A sheet: rows of cells, row 0 being the file's first row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&Cell::Empty)
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// Why a file could not be read as a table at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    pub message_th: String,
    pub message_en: String,
}

impl ReadError {
    fn new(message_th: impl Into<String>, message_en: impl Into<String>) -> ReadError {
        ReadError { message_th: message_th.into(), message_en: message_en.into() }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.message_th, self.message_en)
    }
}

/// "A1"-style address of a zero-based row and column.
pub fn cell_address(row: usize, col: usize) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// "A", …, "Z", "AA", … for a zero-based column.
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

/// The zero-based column of letters such as "B" or "aa".
pub fn column_index(letters: &str) -> Option<usize> {
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let n = letters.bytes().fold(0usize, |n, b| n * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1));
    Some(n - 1)
}

/// Reads a CSV file: UTF-8 (a byte-order mark is skipped), separated by
/// commas, semicolons or tabs (whichever the first line has most of).
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ReadError::new(
            format!("ไฟล์ CSV ไม่ใช่ UTF-8 (ไบต์ที่ {}) ให้บันทึกเป็น CSV UTF-8", e.valid_up_to() + 1),
            format!("the CSV file is not UTF-8 (byte {}); save it as CSV UTF-8", e.valid_up_to() + 1),
        )
    })?;
    let first = text.lines().next().unwrap_or("");
    let delimiter =
        [b',', b';', b'\t'].into_iter().max_by_key(|d| first.bytes().filter(|b| b == d).count()).unwrap_or(b',');
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut cells = 0usize;
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            ReadError::new(
                format!("อ่าน CSV แถวที่ {} ไม่ได้: {e}", i + 1),
                format!("CSV row {} cannot be read: {e}", i + 1),
            )
        })?;
        cells += record.len();
        if cells > MAX_CELLS {
            return Err(too_large());
        }
        rows.push(
            record.iter().map(|t| if t.trim().is_empty() { Cell::Empty } else { Cell::Text(t.to_owned()) }).collect(),
        );
    }
    Ok(Sheet { name: String::new(), rows })
}

fn too_large() -> ReadError {
    ReadError::new(format!("ตารางใหญ่เกิน {MAX_CELLS} เซลล์"), format!("the table has more than {MAX_CELLS} cells"))
}

/// Reads one sheet of an XLSX workbook (the first when `sheet` is `None`).
/// Cell addresses stay those Excel shows, whatever the used range starts at.
pub fn read_xlsx(bytes: &[u8], sheet: Option<&str>) -> Result<Sheet, ReadError> {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        ReadError::new(format!("เปิดไฟล์ Excel (XLSX) ไม่ได้: {e}"), format!("not a readable XLSX workbook: {e}"))
    })?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names.iter().find(|n| n.as_str() == wanted).cloned().ok_or_else(|| {
            ReadError::new(
                format!("ไม่มีแผ่นงาน \"{wanted}\" (มี: {})", names.join(", ")),
                format!("no sheet \"{wanted}\" (there are: {})", names.join(", ")),
            )
        })?,
        None => {
            names.first().cloned().ok_or_else(|| ReadError::new("ไฟล์ Excel ไม่มีแผ่นงาน", "the workbook has no sheet"))?
        }
    };
    let range = workbook.worksheet_range(&name).map_err(|e| {
        ReadError::new(format!("อ่านแผ่นงาน \"{name}\" ไม่ได้: {e}"), format!("sheet \"{name}\" cannot be read: {e}"))
    })?;
    let (row0, col0) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let (height, width) = range.get_size();
    if (row0 + height).saturating_mul(col0 + width) > MAX_CELLS {
        return Err(too_large());
    }
    let mut rows = vec![Vec::new(); row0];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; col0];
        cells.extend(row.iter().map(|d| match d {
            Data::Empty => Cell::Empty,
            Data::Int(i) => Cell::Number(*i as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::String(s) => Cell::Text(s.clone()),
            Data::Bool(b) => Cell::Text(b.to_string()),
            Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
            Data::DateTime(d) => Cell::Number(d.as_f64()),
            Data::Error(e) => Cell::Text(format!("#{e:?}")),
        }));
        rows.push(cells);
    }
    Ok(Sheet { name, rows })
}

/// What a column (read down) or a header row (read across) holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Role {
    Dimension(DimensionId),
    Period,
    Value,
    Status,
    Ignore,
}

impl TryFrom<String> for Role {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        match text.as_str() {
            "TIME_PERIOD" => Ok(Role::Period),
            "OBS_VALUE" => Ok(Role::Value),
            "OBS_STATUS" => Ok(Role::Status),
            "IGNORE" => Ok(Role::Ignore),
            other => DimensionId::parse(other).map(Role::Dimension).ok_or_else(|| {
                format!("unknown role {other}: use a dimension id, TIME_PERIOD, OBS_VALUE, OBS_STATUS or IGNORE")
            }),
        }
    }
}

impl From<Role> for String {
    fn from(role: Role) -> String {
        match role {
            Role::Dimension(d) => d.id().into(),
            Role::Period => "TIME_PERIOD".into(),
            Role::Value => "OBS_VALUE".into(),
            Role::Status => "OBS_STATUS".into(),
            Role::Ignore => "IGNORE".into(),
        }
    }
}

/// A column read down: by letter ("B") or by its header text ("จังหวัด").
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ColumnRole {
    pub column: String,
    pub role: Role,
}

/// A header row read across the value columns: `row` counts from 1 within the header rows.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HeaderRole {
    pub row: usize,
    pub role: Role,
}

/// How a table maps to a dataset; saved with the dataset and reused.
///
/// A tidy table has one header row and names a period column and a value
/// column in `columns`. A wide table names what each header row says in
/// `across` (e.g. row 1 the indicator, row 2 the year); every column not in
/// `columns` that has a header is then a value column.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mapping {
    /// Title rows above the header.
    #[serde(default)]
    pub skip_rows: usize,
    pub header_rows: usize,
    pub columns: Vec<ColumnRole>,
    #[serde(default)]
    pub across: Vec<HeaderRole>,
    /// Codes fixed for the whole table, by dimension ("SEX": "_T").
    #[serde(default)]
    pub fixed: BTreeMap<DimensionId, String>,
    /// What a bare year number means.
    #[serde(default)]
    pub years: YearKind,
    /// The sheet of a workbook to read (the first when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

/// What kind of problem a cell has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The mapping does not fit the dataset or the table.
    Mapping,
    UnknownCode,
    MissingCode,
    BadPeriod,
    NotNumeric,
    DuplicateKey,
    /// The table holds no observation at all.
    NoData,
}

/// One problem, at a cell ("" for the mapping as a whole), in Thai and English.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub cell: String,
    pub kind: ProblemKind,
    pub message_th: String,
    pub message_en: String,
}

/// What a table would load: observations with the cell each came from,
/// every problem, and the footnotes found under the table.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Preview {
    pub observations: Vec<Observation>,
    /// The address of each observation's value cell, parallel to `observations`.
    pub cells: Vec<String>,
    pub problems: Vec<Problem>,
    pub footnotes: Vec<String>,
}

impl Preview {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// The observations by key, or every problem when there is any.
    pub fn into_content(self) -> Result<ObsMap, Vec<Problem>> {
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        Ok(self.observations.into_iter().map(|o| (o.key(), o)).collect())
    }
}

/// A value cell that is neither a number, a placeholder nor empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotNumeric;

/// A value and its status, as a cell gives them.
pub type CellValue = (Option<f64>, ObsStatus);

/// What a value cell says: no observation (empty), or a value with its status.
pub fn parse_value(cell: &Cell) -> Result<Option<CellValue>, NotNumeric> {
    let text = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(n) => return Ok(Some((Some(*n), ObsStatus::Normal))),
        Cell::Text(t) => t.trim(),
    };
    if text.is_empty() {
        return Ok(None);
    }
    // Most cells are plain numbers (either digit set): read them without the checks below.
    if let Some(v) = parse_number(text) {
        return Ok(Some((Some(v), ObsStatus::Normal)));
    }
    let key = match_key(text);
    match key.as_str() {
        "-" | "–" | "—" | "" | "na" | "n/a" | "ไม่มีข้อมูล" | "ไม่มี" | "nan" => {
            return Ok(Some((None, ObsStatus::NotAvailable)));
        }
        "x" | "c" | "(x)" | "(c)" | "ปกปิด" => return Ok(Some((None, ObsStatus::Confidential))),
        _ => {}
    }
    if text.chars().all(|c| c == '.' || c == '…') {
        return Ok(Some((None, ObsStatus::NotAvailable)));
    }
    let mut number = text.trim_end_matches('*').trim_end();
    let mut status = ObsStatus::Normal;
    let lower = number.to_ascii_lowercase();
    for (suffixes, flag) in [
        (&["(p)", "p/", "/p", "p"][..], ObsStatus::Provisional),
        (&["(e)", "e/", "/e", "e"][..], ObsStatus::Estimated),
        (&["(r)", "r/", "/r", "r"][..], ObsStatus::Normal),
    ] {
        // ASCII lower-casing keeps byte offsets, so the suffix cut applies to `number`.
        if let Some(rest) = suffixes.iter().find_map(|s| lower.ends_with(s).then(|| &number[..number.len() - s.len()]))
        {
            number = rest.trim_end();
            status = flag;
            break;
        }
    }
    let number = number.strip_suffix('%').unwrap_or(number).trim_end();
    let arabic = to_arabic_digits(number);
    parse_number(&arabic).map(|v| Some((Some(v), status))).ok_or(NotNumeric)
}

fn status_of(text: &str) -> Option<ObsStatus> {
    let key = match_key(text);
    ObsStatus::ALL
        .into_iter()
        .find(|s| match_key(s.code()) == key || match_key(s.name_th()) == key || match_key(s.name_en()) == key)
}

const FOOTNOTE_MARKERS: [&str; 10] =
    ["หมายเหตุ", "ที่มา", "แหล่งที่มา", "แหล่งข้อมูล", "source", "note", "*", "ข้อมูลจาก", "ปรับปรุงล่าสุด", "1/"];

fn is_footnote_start(row: &[Cell]) -> bool {
    let Some(first) = row.iter().find(|c| !c.is_empty()) else { return false };
    let text = first.text().to_lowercase();
    FOOTNOTE_MARKERS.iter().any(|m| text.starts_with(m))
}

/// Reads `sheet` into observations of `dataset` through `mapping`; see the module doc.
pub fn preview(sheet: &Sheet, dataset: &Dataset, mapping: &Mapping) -> Preview {
    let mut out = Preview::default();
    let structure = dataset.structure();
    let mapping_problem = |out: &mut Preview, th: String, en: String| {
        out.problems.push(Problem { cell: String::new(), kind: ProblemKind::Mapping, message_th: th, message_en: en });
    };
    if mapping.header_rows == 0 {
        mapping_problem(&mut out, "ต้องมีแถวหัวตารางอย่างน้อย 1 แถว".into(), "a table needs at least one header row".into());
        return out;
    }
    let header_start = mapping.skip_rows;
    let header_end = header_start + mapping.header_rows;
    let width = sheet.width();

    // Resolve column references: a letter, or a header cell's text (in any header row).
    let mut down: Vec<(usize, Role)> = Vec::new();
    for c in &mapping.columns {
        let by_header = (header_start..header_end).find_map(|r| {
            (0..width).find(|&col| {
                !sheet.cell(r, col).is_empty() && match_key(&sheet.cell(r, col).text()) == match_key(&c.column)
            })
        });
        match by_header.or_else(|| column_index(&c.column)) {
            Some(col) => down.push((col, c.role)),
            None => mapping_problem(
                &mut out,
                format!("ไม่พบคอลัมน์ \"{}\" ในหัวตาราง", c.column),
                format!("column \"{}\" is not in the header", c.column),
            ),
        }
    }
    for h in &mapping.across {
        if h.row == 0 || h.row > mapping.header_rows {
            mapping_problem(
                &mut out,
                format!("แถวหัวตารางที่ {} ไม่มี (มี {} แถว)", h.row, mapping.header_rows),
                format!("header row {} does not exist (there are {})", h.row, mapping.header_rows),
            );
        }
    }
    let wide = !mapping.across.is_empty();

    // Every part of the key must come from exactly one place.
    let mut sources: HashMap<Role, usize> = HashMap::new();
    let roles = mapping.fixed.keys().map(|d| Role::Dimension(*d));
    for role in roles.chain(down.iter().map(|(_, r)| *r)).chain(mapping.across.iter().map(|h| h.role)) {
        *sources.entry(role).or_default() += 1;
    }
    let mut required: Vec<Role> = structure.dimensions.iter().map(|d| Role::Dimension(d.id)).collect();
    required.push(Role::Period);
    if !wide {
        required.push(Role::Value);
    }
    for role in &required {
        let n = sources.get(role).copied().unwrap_or(0);
        if n != 1 {
            let name = String::from(*role);
            if n == 0 {
                mapping_problem(
                    &mut out,
                    format!("การจับคู่ไม่ได้ระบุว่า {name} มาจากคอลัมน์ แถวหัวตาราง หรือค่าคงที่ใด"),
                    format!(
                        "the mapping does not say where {name} comes from (a column, a header row or a fixed code)"
                    ),
                );
            } else {
                mapping_problem(
                    &mut out,
                    format!("การจับคู่ระบุ {name} ไว้ {n} แห่ง ต้องมีแห่งเดียว"),
                    format!("the mapping gives {name} {n} sources; it needs exactly one"),
                );
            }
        }
    }
    for (role, n) in &sources {
        if let Role::Dimension(d) = role
            && structure.position(*d).is_none()
        {
            mapping_problem(
                &mut out,
                format!("ชุดข้อมูลนี้ไม่มีมิติ {}", d.id()),
                format!("this dataset has no dimension {}", d.id()),
            );
        }
        if wide && *role == Role::Value && *n > 0 {
            mapping_problem(
                &mut out,
                "ตารางแบบกว้างมีคอลัมน์ค่าเป็นทุกคอลัมน์ที่ไม่ได้ระบุ จึงไม่ต้องระบุ OBS_VALUE".into(),
                "in a wide table every unmapped column holds values; OBS_VALUE is not a column there".into(),
            );
        }
    }
    for (dim, code) in &mapping.fixed {
        if let Some(pos) = structure.position(*dim)
            && structure.dimensions[pos].codelist.get(code).is_none()
        {
            mapping_problem(
                &mut out,
                format!("รหัส \"{code}\" ไม่อยู่ในรายการรหัสของ {}", dim.id()),
                format!("\"{code}\" is not a code of {}", dim.id()),
            );
        }
    }
    if !out.problems.is_empty() {
        return out;
    }

    // Value columns of a wide table, with what their headers say (merged cells repeat leftwards).
    // (column, [(role, header text, address of the header cell)]).
    type HeaderSays = Vec<(Role, String, String)>;
    let mut value_columns: Vec<(usize, HeaderSays)> = Vec::new();
    if wide {
        let used: Vec<usize> = down.iter().map(|(c, _)| *c).collect();
        let mut carried: HashMap<usize, String> = HashMap::new();
        for col in 0..width {
            let mut said = Vec::new();
            for h in &mapping.across {
                let row = header_start + h.row - 1;
                let cell = sheet.cell(row, col);
                let text = if cell.is_empty() { carried.get(&row).cloned().unwrap_or_default() } else { cell.text() };
                if !cell.is_empty() {
                    carried.insert(row, text.clone());
                }
                // The address is where the text is written (the merged cell's first column).
                let at = if cell.is_empty() { String::new() } else { cell_address(row, col) };
                said.push((h.role, text, at));
            }
            let has_own_header = (header_start..header_end).any(|r| !sheet.cell(r, col).is_empty());
            // A column without a header cell of its own is not a value column,
            // even where a merged cell to its left carries over.
            if !used.contains(&col) && has_own_header && col >= first_value_column(&used) {
                value_columns.push((col, said));
            }
        }
    }

    // Header-resolved parts of each value column (problems reported once per
    // header cell); a column whose header cannot be read still has its values
    // checked, so one preview lists every problem.
    let mut column_parts: Vec<(usize, BTreeMap<DimensionId, String>, Option<Period>)> = Vec::new();
    for (col, said) in &value_columns {
        let mut dims = BTreeMap::new();
        let mut period = None;
        let mut ok = true;
        for (role, text, at) in said {
            let at = if at.is_empty() { cell_address(header_start, *col) } else { at.clone() };
            match role {
                Role::Period => match Period::parse_th(text, mapping.years) {
                    Some(p) => period = Some(p),
                    None => {
                        ok = false;
                        push_once(&mut out, bad_period(&at, text));
                    }
                },
                Role::Dimension(d) => match resolve(&structure, *d, text) {
                    Some(code) => {
                        dims.insert(*d, code);
                    }
                    None => {
                        ok = false;
                        push_once(&mut out, unknown_code(&at, *d, text));
                    }
                },
                Role::Value | Role::Status | Role::Ignore => {}
            }
        }
        column_parts.push((*col, dims, if ok { period } else { None }));
    }

    let mut seen: HashMap<ObsKey, String> = HashMap::new();
    let mut in_footnotes = false;
    let mut seen_data = false;
    for row in header_end..sheet.rows.len() {
        let cells = &sheet.rows[row];
        if cells.iter().all(Cell::is_empty) {
            in_footnotes |= seen_data;
            continue;
        }
        if in_footnotes || (seen_data && is_footnote_start(cells)) || (!seen_data && is_footnote_start(cells)) {
            in_footnotes = true;
            let text: Vec<String> = cells.iter().filter(|c| !c.is_empty()).map(Cell::text).collect();
            out.footnotes.push(text.join(" "));
            continue;
        }
        seen_data = true;
        // The row's own parts.
        let mut dims: BTreeMap<DimensionId, String> = mapping.fixed.clone();
        let mut period = None;
        let mut status = None;
        let mut row_ok = true;
        for &(col, role) in &down {
            let cell = sheet.cell(row, col);
            let at = cell_address(row, col);
            let text = cell.text();
            match role {
                Role::Dimension(d) => {
                    if text.is_empty() {
                        row_ok = false;
                        out.problems.push(Problem {
                            cell: at,
                            kind: ProblemKind::MissingCode,
                            message_th: format!("ไม่มี{}ในเซลล์นี้", d.name_th()),
                            message_en: format!("the {} is missing", d.name_en().to_lowercase()),
                        });
                    } else if let Some(code) = resolve(&structure, d, &text) {
                        dims.insert(d, code);
                    } else {
                        row_ok = false;
                        out.problems.push(unknown_code(&at, d, &text));
                    }
                }
                Role::Period => match Period::parse_th(&text, mapping.years) {
                    Some(p) => period = Some(p),
                    None => {
                        row_ok = false;
                        out.problems.push(bad_period(&at, &text));
                    }
                },
                Role::Status if !cell.is_empty() => match status_of(&text) {
                    Some(s) => status = Some(s),
                    None => {
                        row_ok = false;
                        out.problems.push(Problem {
                            cell: at,
                            kind: ProblemKind::UnknownCode,
                            message_th: format!("ไม่รู้จักสถานะค่าสังเกต \"{text}\" (ใช้ A P E C O)"),
                            message_en: format!("unknown observation status \"{text}\" (use A, P, E, C or O)"),
                        });
                    }
                },
                Role::Value | Role::Status | Role::Ignore => {}
            }
        }
        let value_cells: Vec<(usize, BTreeMap<DimensionId, String>, Option<Period>)> = if wide {
            column_parts.clone()
        } else {
            down.iter().filter(|(_, r)| *r == Role::Value).map(|(c, _)| (*c, BTreeMap::new(), None)).collect()
        };
        for (col, col_dims, col_period) in value_cells {
            let cell = sheet.cell(row, col);
            let at = cell_address(row, col);
            let (value, flag) = match parse_value(cell) {
                Ok(None) => continue,
                Ok(Some(v)) => v,
                Err(NotNumeric) => {
                    out.problems.push(Problem {
                        cell: at,
                        kind: ProblemKind::NotNumeric,
                        message_th: format!("ค่า \"{}\" ไม่ใช่ตัวเลข", cell.text()),
                        message_en: format!("\"{}\" is not a number", cell.text()),
                    });
                    continue;
                }
            };
            // A column with an unreadable header has no period: its values are checked, not kept.
            let Some(period) = (if wide { col_period } else { period }) else { continue };
            if !row_ok {
                continue;
            }
            let mut all = dims.clone();
            all.extend(col_dims);
            let series: Vec<String> =
                structure.dimensions.iter().map(|d| all.get(&d.id).cloned().unwrap_or_default()).collect();
            let status = if flag == ObsStatus::Normal { status.unwrap_or(flag) } else { flag };
            let value = if status.has_no_value() { None } else { value };
            let observation = Observation { series, period, value, status };
            let key = observation.key();
            if let Some(first) = seen.get(&key) {
                out.problems.push(Problem {
                    cell: at.clone(),
                    kind: ProblemKind::DuplicateKey,
                    message_th: format!("ค่าซ้ำกับเซลล์ {first} ({} {})", observation.sdmx_key(), period.label_th()),
                    message_en: format!("same key as cell {first} ({} {})", observation.sdmx_key(), period),
                });
                continue;
            }
            seen.insert(key, at.clone());
            out.observations.push(observation);
            out.cells.push(at);
        }
    }
    if out.observations.is_empty() && out.problems.is_empty() {
        out.problems.push(Problem {
            cell: String::new(),
            kind: ProblemKind::NoData,
            message_th: "ไม่พบค่าสังเกตในตาราง".into(),
            message_en: "the table holds no observation".into(),
        });
    }
    out
}

/// Value columns start after the last column read down (a wide table's
/// labels are on the left), so a title cell above the labels is not a value column.
fn first_value_column(used: &[usize]) -> usize {
    used.iter().max().map_or(0, |c| c + 1)
}

fn push_once(out: &mut Preview, problem: Problem) {
    if !out.problems.contains(&problem) {
        out.problems.push(problem);
    }
}

fn resolve(structure: &DataStructure, dim: DimensionId, text: &str) -> Option<String> {
    let pos = structure.position(dim)?;
    structure.dimensions[pos].codelist.resolve(text).map(|c| c.id.clone())
}

fn unknown_code(at: &str, dim: DimensionId, text: &str) -> Problem {
    Problem {
        cell: at.into(),
        kind: ProblemKind::UnknownCode,
        message_th: format!("ไม่รู้จัก{} \"{text}\"", dim.name_th()),
        message_en: format!("unknown {} \"{text}\"", dim.name_en().to_lowercase()),
    }
}

fn bad_period(at: &str, text: &str) -> Problem {
    Problem {
        cell: at.into(),
        kind: ProblemKind::BadPeriod,
        message_th: format!("อ่านช่วงเวลา \"{text}\" ไม่ได้ (เช่น 2567, ปีงบประมาณ 2567, ไตรมาส 1/2567, ม.ค. 2567)"),
        message_en: format!("\"{text}\" is not a period (e.g. 2567, fiscal year 2567, Q1/2567, Jan 2567)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(cell_address(0, 0), "A1");
        assert_eq!(cell_address(6, 27), "AB7");
        assert_eq!(column_index("AB"), Some(27));
        assert_eq!(column_index("b"), Some(1));
        assert_eq!(column_index("จังหวัด"), None);
    }

    #[test]
    fn values_with_flags_and_placeholders() {
        let t = |s: &str| parse_value(&Cell::Text(s.into()));
        assert_eq!(t("๑,๒๓๔.๕"), Ok(Some((Some(1234.5), ObsStatus::Normal))));
        assert_eq!(t("12.5p"), Ok(Some((Some(12.5), ObsStatus::Provisional))));
        assert_eq!(t("12.5 (e)"), Ok(Some((Some(12.5), ObsStatus::Estimated))));
        assert_eq!(t("3.2%"), Ok(Some((Some(3.2), ObsStatus::Normal))));
        assert_eq!(t("-"), Ok(Some((None, ObsStatus::NotAvailable))));
        assert_eq!(t(".."), Ok(Some((None, ObsStatus::NotAvailable))));
        assert_eq!(t("x"), Ok(Some((None, ObsStatus::Confidential))));
        assert_eq!(t(""), Ok(None));
        assert_eq!(t("สิบสอง"), Err(NotNumeric));
        assert_eq!(t("1,2"), Err(NotNumeric));
    }

    #[test]
    fn csv_delimiters_and_bom() {
        let sheet = read_csv("\u{feff}a;b\n1;2\n".as_bytes()).expect("csv");
        assert_eq!(sheet.rows[1], [Cell::Text("1".into()), Cell::Text("2".into())]);
        assert!(read_csv(b"\xff\xfe").is_err());
    }
}
