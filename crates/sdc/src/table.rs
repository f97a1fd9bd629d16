//! A table: the full cross product of its dimensions' hierarchies, every cell with
//! its count, value and largest contributions; totals computed from the leaves and,
//! where the input gives them, checked.

use std::collections::HashSet;
use std::io::Read;

use tidtam_thai::number::parse_number;

use crate::error::{NotAdditive, SdcError};
use crate::hierarchy::{Hierarchy, TOTAL};

/// How many of a total's largest contributions are kept when merging its parts'.
const KEPT_CONTRIBUTIONS: usize = 8;

/// One dimension: its column name and its tree of codes.
#[derive(Debug, Clone, PartialEq)]
pub struct Dimension {
    /// The column name.
    pub name: String,
    /// The codes, the root being the dimension's total.
    pub hierarchy: Hierarchy,
}

/// One additive relation: `parent = Σ children` (cell indices).
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// The total.
    pub parent: usize,
    /// Its parts.
    pub children: Vec<usize>,
}

/// A complete table; cell `i` has coordinates [`Table::coords`]`(i)`.
#[derive(Debug, Clone)]
pub struct Table {
    dims: Vec<Dimension>,
    strides: Vec<usize>,
    len: usize,
    count: Option<Vec<f64>>,
    value: Option<Vec<f64>>,
    /// Largest first; `None` when not known for the cell (or one of its parts).
    contributions: Vec<Option<Vec<f64>>>,
    given: Vec<bool>,
}

/// One input row, before totals are computed.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// One code per dimension, in the dimensions' order.
    pub codes: Vec<String>,
    /// The number of contributors (units) in the cell.
    pub count: Option<f64>,
    /// The cell's magnitude (turnover, income …).
    pub value: Option<f64>,
    /// The cell's largest contributions, any order; `None` when not given.
    pub contributions: Option<Vec<f64>>,
}

impl Table {
    /// Builds the table from rows: leaves not given are empty (0), totals not given are
    /// computed, totals given are checked (every mismatching cell is named).
    pub fn from_rows(dims: Vec<Dimension>, rows: &[Row], has_count: bool, has_value: bool) -> Result<Self, SdcError> {
        if dims.is_empty() {
            return Err(SdcError::Input("ไม่มีคอลัมน์มิติ / no dimension columns".into()));
        }
        if !has_count && !has_value {
            return Err(SdcError::Input("ต้องมีคอลัมน์ count หรือ value / needs a count or a value column".into()));
        }
        let mut strides = vec![1; dims.len()];
        for d in (0..dims.len().saturating_sub(1)).rev() {
            strides[d] = strides[d + 1] * dims[d + 1].hierarchy.len();
        }
        let len = strides[0] * dims[0].hierarchy.len();
        let mut table = Table {
            strides,
            len,
            count: has_count.then(|| vec![0.0; len]),
            value: has_value.then(|| vec![0.0; len]),
            contributions: vec![Some(Vec::new()); len],
            given: vec![false; len],
            dims,
        };
        // What the input says, by cell.
        let mut given_count = vec![None; len];
        let mut given_value = vec![None; len];
        let mut given_contrib: Vec<Option<Vec<f64>>> = vec![None; len];
        for (r, row) in rows.iter().enumerate() {
            let line = r + 2; // the header is line 1
            if row.codes.len() != table.dims.len() {
                return Err(SdcError::Input(format!(
                    "แถว {line}: จำนวนมิติไม่ตรง / row {line}: wrong number of dimensions"
                )));
            }
            let mut coords = Vec::with_capacity(row.codes.len());
            for (d, code) in row.codes.iter().enumerate() {
                let h = &table.dims[d].hierarchy;
                let i = h.get(code.trim()).ok_or_else(|| SdcError::UnknownCode {
                    dimension: table.dims[d].name.clone(),
                    code: code.clone(),
                    row: line,
                })?;
                coords.push(i);
            }
            let cell = table.index(&coords);
            if table.given[cell] {
                return Err(SdcError::DuplicateCell { cell: table.label(cell), row: line });
            }
            table.given[cell] = true;
            given_count[cell] = row.count;
            given_value[cell] = row.value;
            given_contrib[cell] = row.contributions.as_ref().map(|c| {
                let mut c = c.clone();
                c.sort_by(|a, b| b.total_cmp(a));
                c
            });
        }
        // Leaves from the input; everything else computed from them, one dimension at a time.
        let leaf: Vec<bool> = (0..len).map(|c| table.is_leaf_cell(c)).collect();
        for c in 0..len {
            if leaf[c] {
                if let Some(v) = table.count.as_mut() {
                    v[c] = given_count[c].unwrap_or(0.0);
                }
                if let Some(v) = table.value.as_mut() {
                    v[c] = given_value[c].unwrap_or(0.0);
                }
                // An empty cell has no contributions to list.
                let empty = given_value[c].unwrap_or(0.0) == 0.0 || given_count[c] == Some(0.0);
                table.contributions[c] =
                    if table.given[c] && !empty { given_contrib[c].clone() } else { Some(Vec::new()) };
            }
        }
        for relation in table.relations_by_dimension_bottom_up() {
            for col in [&mut table.count, &mut table.value].into_iter().flatten() {
                col[relation.parent] = relation.children.iter().map(|&k| col[k]).sum();
            }
            let mut merged = Some(Vec::new());
            for &k in &relation.children {
                match (&mut merged, &table.contributions[k]) {
                    (Some(m), Some(c)) => m.extend_from_slice(c),
                    _ => merged = None,
                }
            }
            if let Some(m) = merged.as_mut() {
                m.sort_by(|a, b| b.total_cmp(a));
                m.truncate(KEPT_CONTRIBUTIONS);
            }
            table.contributions[relation.parent] = merged;
        }
        let mut wrong = Vec::new();
        for c in 0..len {
            if leaf[c] || !table.given[c] {
                continue;
            }
            for (column, given, computed) in
                [("count", given_count[c], &table.count), ("value", given_value[c], &table.value)]
            {
                if let (Some(g), Some(col)) = (given, computed)
                    && !close(g, col[c])
                {
                    wrong.push(NotAdditive { cell: table.label(c), column, given: g, sum: col[c] });
                }
            }
            // A total's own contributions, when given, describe it better than merged parts.
            if let Some(own) = given_contrib[c].take() {
                table.contributions[c] = Some(own);
            }
        }
        if !wrong.is_empty() {
            return Err(SdcError::NotAdditive(wrong));
        }
        Ok(table)
    }

    /// Reads a CSV of cells. Columns named `spec.count`, `spec.value` and
    /// `spec.contributions` are the measures; every other column is a dimension, whose
    /// hierarchy is `spec.hierarchies`' entry or, if it has none, the codes seen under a
    /// total [`TOTAL`] ("Total"; rows with that code are totals). A given hierarchy is
    /// cut where the rows stop ([`Hierarchy::restricted_to`]): a table by region with the
    /// built-in country → region → province tree has the regions as its leaves.
    pub fn read_csv<R: Read>(reader: R, spec: &CsvSpec) -> Result<Self, SdcError> {
        Self::read_csv_with(reader, spec, true)
    }

    /// As [`Table::read_csv`]; `every_hierarchy` false lets `spec` name hierarchies of
    /// columns this table does not have (linked tables share one spec).
    pub(crate) fn read_csv_with<R: Read>(reader: R, spec: &CsvSpec, every_hierarchy: bool) -> Result<Self, SdcError> {
        let mut csv = csv::ReaderBuilder::new().flexible(false).trim(csv::Trim::All).from_reader(reader);
        let headers = csv.headers().map_err(|e| SdcError::Input(e.to_string()))?.clone();
        let find = |name: &str| headers.iter().position(|h| h == name);
        let count_col = find(&spec.count);
        let value_col = find(&spec.value);
        let contrib_col = find(&spec.contributions);
        let dim_cols: Vec<usize> = (0..headers.len())
            .filter(|&i| Some(i) != count_col && Some(i) != value_col && Some(i) != contrib_col)
            .collect();
        for (name, _) in &spec.hierarchies {
            if every_hierarchy && find(name).is_none() {
                return Err(SdcError::Input(format!(
                    "ไม่มีคอลัมน์ {name} ที่กำหนดลำดับชั้นไว้ / no column {name}, which a hierarchy was given for"
                )));
            }
        }
        let mut rows = Vec::new();
        let mut seen: Vec<Vec<String>> = vec![Vec::new(); dim_cols.len()];
        let mut seen_set: Vec<HashSet<String>> = vec![HashSet::new(); dim_cols.len()];
        for (r, record) in csv.records().enumerate() {
            let line = r + 2;
            let record = record.map_err(|e| SdcError::Input(format!("แถว {line} / row {line}: {e}")))?;
            let number = |col: Option<usize>, what: &str| -> Result<Option<f64>, SdcError> {
                let Some(i) = col else { return Ok(None) };
                let text = record.get(i).unwrap_or("");
                if text.is_empty() {
                    return Ok(None);
                }
                parse_number(text).map(Some).ok_or_else(|| {
                    SdcError::Input(format!(
                        "แถว {line}: {what} \"{text}\" ไม่ใช่ตัวเลข / row {line}: {what} \"{text}\" is not a number"
                    ))
                })
            };
            let count = number(count_col, &spec.count)?;
            if let Some(c) = count
                && (c < 0.0 || c != c.trunc())
            {
                return Err(SdcError::Input(format!(
                    "แถว {line}: จำนวน {c} ต้องเป็นจำนวนเต็มไม่ติดลบ / row {line}: count {c} must be a whole number ≥ 0"
                )));
            }
            let value = number(value_col, &spec.value)?;
            let contributions = match contrib_col.map(|i| record.get(i).unwrap_or("")) {
                None | Some("") => None,
                Some(text) => {
                    let mut list = Vec::new();
                    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                        list.push(parse_number(part).ok_or_else(|| {
                            SdcError::Input(format!(
                                "แถว {line}: ส่วนร่วม \"{part}\" ไม่ใช่ตัวเลข / row {line}: contribution \"{part}\" is not a number"
                            ))
                        })?);
                    }
                    Some(list)
                }
            };
            let codes: Vec<String> = dim_cols.iter().map(|&i| record.get(i).unwrap_or("").to_owned()).collect();
            for (d, code) in codes.iter().enumerate() {
                if seen_set[d].insert(code.clone()) {
                    seen[d].push(code.clone());
                }
            }
            rows.push(Row { codes, count, value, contributions });
        }
        let mut dims = Vec::new();
        for (d, &col) in dim_cols.iter().enumerate() {
            let name = headers[col].to_owned();
            let hierarchy = match spec.hierarchies.iter().find(|(n, _)| *n == name) {
                Some((_, h)) => h.restricted_to(&|code| seen_set[d].contains(code)),
                None => {
                    let codes: Vec<&String> = seen[d].iter().filter(|c| c.as_str() != TOTAL).collect();
                    Hierarchy::flat(TOTAL, &codes)?
                }
            };
            dims.push(Dimension { name, hierarchy });
        }
        Self::from_rows(dims, &rows, count_col.is_some(), value_col.is_some())
    }

    /// The dimensions.
    pub fn dims(&self) -> &[Dimension] {
        &self.dims
    }

    /// How many cells (totals included).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Never true for a built table.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The cell at these code indices.
    pub fn index(&self, coords: &[usize]) -> usize {
        coords.iter().zip(&self.strides).map(|(c, s)| c * s).sum()
    }

    /// The code indices of a cell.
    pub fn coords(&self, cell: usize) -> Vec<usize> {
        self.strides.iter().zip(&self.dims).map(|(s, d)| (cell / s) % d.hierarchy.len()).collect()
    }

    /// The cell's codes, one per dimension.
    pub fn codes(&self, cell: usize) -> Vec<&str> {
        self.coords(cell).iter().zip(&self.dims).map(|(&c, d)| d.hierarchy.code(c)).collect()
    }

    /// "area=TH-10, category=C01".
    pub fn label(&self, cell: usize) -> String {
        self.codes(cell).iter().zip(&self.dims).map(|(c, d)| format!("{}={c}", d.name)).collect::<Vec<_>>().join(", ")
    }

    /// The number of contributors, if the table has counts.
    pub fn count(&self, cell: usize) -> Option<f64> {
        self.count.as_ref().map(|v| v[cell])
    }

    /// The magnitude, if the table has values.
    pub fn value(&self, cell: usize) -> Option<f64> {
        self.value.as_ref().map(|v| v[cell])
    }

    /// What the audit protects: the value if the table has one, otherwise the count.
    pub fn measure(&self, cell: usize) -> f64 {
        self.value(cell).or(self.count(cell)).unwrap_or(0.0)
    }

    /// True if the table has a value column (then the value is the audited measure).
    pub fn has_value(&self) -> bool {
        self.value.is_some()
    }

    /// True if the table has a count column.
    pub fn has_count(&self) -> bool {
        self.count.is_some()
    }

    /// The largest contributions, largest first; `None` when unknown.
    pub fn contributions(&self, cell: usize) -> Option<&[f64]> {
        self.contributions[cell].as_deref()
    }

    /// True if the input had a row for this cell.
    pub fn is_given(&self, cell: usize) -> bool {
        self.given[cell]
    }

    /// True if every coordinate is a leaf code.
    pub fn is_leaf_cell(&self, cell: usize) -> bool {
        self.coords(cell).iter().zip(&self.dims).all(|(&c, d)| d.hierarchy.is_leaf(c))
    }

    /// Every additive relation of the table: for each dimension, each internal code and
    /// each combination of the other dimensions' codes (totals included).
    pub fn relations(&self) -> Vec<Relation> {
        self.relations_by_dimension_bottom_up()
    }

    /// Relations grouped by dimension, each dimension's codes bottom-up: evaluating them in
    /// this order computes every total from the leaves.
    fn relations_by_dimension_bottom_up(&self) -> Vec<Relation> {
        let mut out = Vec::new();
        for (d, dim) in self.dims.iter().enumerate() {
            let h = &dim.hierarchy;
            let stride = self.strides[d];
            let internal: Vec<usize> = h.bottom_up().into_iter().filter(|&i| !h.is_leaf(i)).collect();
            for &node in &internal {
                // Every cell whose coordinate d is 0 is a base: its offset over the others.
                for base in (0..self.len).filter(|&c| (c / stride).is_multiple_of(h.len())) {
                    out.push(Relation {
                        parent: base + node * stride,
                        children: h.children(node).iter().map(|&k| base + k * stride).collect(),
                    });
                }
            }
        }
        out
    }

    /// The same table with other numbers in the count and value columns (rounding).
    pub(crate) fn with_columns(&self, count: Option<Vec<f64>>, value: Option<Vec<f64>>) -> Table {
        Table { count, value, ..self.clone() }
    }
}

/// Which CSV columns hold the measures, and the dimensions' hierarchies.
#[derive(Debug, Clone)]
pub struct CsvSpec {
    /// The count column (number of contributors); default "count".
    pub count: String,
    /// The value column (magnitude); default "value".
    pub value: String,
    /// The column of the cell's largest contributions, `;`-separated ("100;5;3");
    /// default "contributions".
    pub contributions: String,
    /// (dimension column, hierarchy) for dimensions whose totals are hierarchical.
    pub hierarchies: Vec<(String, Hierarchy)>,
}

impl Default for CsvSpec {
    fn default() -> Self {
        CsvSpec {
            count: "count".into(),
            value: "value".into(),
            contributions: "contributions".into(),
            hierarchies: Vec::new(),
        }
    }
}

/// Equal up to rounding in the input (1e-9 relative, 1e-6 absolute).
pub(crate) fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6_f64.max(1e-9 * a.abs().max(b.abs()))
}
