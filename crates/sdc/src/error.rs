//! The one error type: every message is one line, Thai then English.

use std::fmt;

/// Why a table could not be read, checked or protected.
#[derive(Debug, Clone, PartialEq)]
pub enum SdcError {
    /// The CSV could not be read or lacks a column.
    Input(String),
    /// A hierarchy is not a tree or names a code twice.
    Hierarchy(String),
    /// A code in the table that its dimension's hierarchy does not list.
    UnknownCode { dimension: String, code: String, row: usize },
    /// The same cell written twice.
    DuplicateCell { cell: String, row: usize },
    /// Given totals that are not the sum of their parts; every such cell, named.
    NotAdditive(Vec<NotAdditive>),
    /// A negative contribution where a dominance rule needs them all ≥ 0.
    NegativeContribution { cell: String, contribution: f64 },
    /// A dominance rule applies but the cell lists no contributions.
    MissingContributions { cell: String },
    /// The rules themselves are out of range.
    Rules(String),
    /// After every complementary suppression tried, these primary cells are still
    /// not protected by their protection level; the pattern is not published.
    Unprotected(Vec<String>),
    /// The LP solver failed on a system that has a solution (the true table).
    Solver(String),
    /// Cells that linked tables share but give different numbers for; every one, named.
    SharedCells(Vec<SharedMismatch>),
}

/// A cell two linked tables share, with different numbers in each.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedMismatch {
    /// The cell in the first table that holds it, as `TABLE (dim=code, …)`.
    pub first: String,
    /// The same cell in the other table.
    pub second: String,
    /// Which column: "count" or "value".
    pub column: &'static str,
    /// The first table's number.
    pub first_value: f64,
    /// The other table's number.
    pub second_value: f64,
}

impl SdcError {
    /// The same error naming the table it happened in (linked tables): every cell and
    /// message is prefixed with `table`.
    pub fn in_table(self, table: &str) -> SdcError {
        let at = |s: String| format!("{table}: {s}");
        match self {
            SdcError::Input(m) => SdcError::Input(at(m)),
            SdcError::Hierarchy(m) => SdcError::Hierarchy(at(m)),
            SdcError::UnknownCode { dimension, code, row } => {
                SdcError::UnknownCode { dimension: at(dimension), code, row }
            }
            SdcError::DuplicateCell { cell, row } => SdcError::DuplicateCell { cell: at(cell), row },
            SdcError::NotAdditive(cells) => {
                SdcError::NotAdditive(cells.into_iter().map(|c| NotAdditive { cell: at(c.cell), ..c }).collect())
            }
            SdcError::NegativeContribution { cell, contribution } => {
                SdcError::NegativeContribution { cell: at(cell), contribution }
            }
            SdcError::MissingContributions { cell } => SdcError::MissingContributions { cell: at(cell) },
            SdcError::Unprotected(cells) => SdcError::Unprotected(cells.into_iter().map(at).collect()),
            other @ (SdcError::Rules(_) | SdcError::Solver(_) | SdcError::SharedCells(_)) => other,
        }
    }
}

/// A total that is not the sum of its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct NotAdditive {
    /// The total cell, as `dim=code, …`.
    pub cell: String,
    /// Which column: "count" or "value".
    pub column: &'static str,
    /// What the table says.
    pub given: f64,
    /// What its parts add up to.
    pub sum: f64,
}

impl fmt::Display for SdcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdcError::Input(m) => write!(f, "อ่านตารางไม่ได้ / cannot read the table: {m}"),
            SdcError::Hierarchy(m) => write!(f, "ลำดับชั้นไม่ถูกต้อง / bad hierarchy: {m}"),
            SdcError::UnknownCode { dimension, code, row } => write!(
                f,
                "แถว {row}: รหัส \"{code}\" ไม่อยู่ในลำดับชั้นของมิติ {dimension} / row {row}: code \"{code}\" is not in the hierarchy of dimension {dimension}"
            ),
            SdcError::DuplicateCell { cell, row } => {
                write!(f, "แถว {row}: ช่อง ({cell}) ซ้ำ / row {row}: cell ({cell}) appears twice")
            }
            SdcError::NotAdditive(cells) => {
                let list: Vec<String> = cells
                    .iter()
                    .map(|c| format!("({}) {} = {} ≠ {}", c.cell, c.column, fmt_num(c.given), fmt_num(c.sum)))
                    .collect();
                write!(
                    f,
                    "ยอดรวมไม่เท่ากับผลบวกของส่วนย่อย {} ช่อง / {} total cell(s) do not add up to their parts: {}",
                    cells.len(),
                    cells.len(),
                    list.join("; ")
                )
            }
            SdcError::NegativeContribution { cell, contribution } => write!(
                f,
                "ช่อง ({cell}) มีส่วนร่วมติดลบ {} ซึ่งกฎการครอบงำ (n,k) และ p% ใช้ไม่ได้ ให้ใช้กฎความถี่ต่ำสุดแทน / cell ({cell}) has a negative contribution {}: the dominance rules ((n,k), p%) assume contributions ≥ 0 (a negative one can hide a dominant contributor); use the minimum-frequency rule for such a table",
                fmt_num(*contribution),
                fmt_num(*contribution)
            ),
            SdcError::MissingContributions { cell } => write!(
                f,
                "ช่อง ({cell}) ไม่มีรายการส่วนร่วม แต่กฎการครอบงำต้องใช้ / cell ({cell}) lists no contributions, which the dominance rules need"
            ),
            SdcError::Rules(m) => write!(f, "กฎไม่ถูกต้อง / bad rules: {m}"),
            SdcError::Unprotected(cells) => write!(
                f,
                "ปกปิดไม่พอ ไม่เผยแพร่: {} ช่องยังคำนวณย้อนได้แคบกว่าระดับการป้องกัน / refusing to publish: {} primary cell(s) not protected by their protection level: {}",
                cells.len(),
                cells.len(),
                cells.join("; ")
            ),
            SdcError::Solver(m) => write!(f, "ตัวแก้ปัญหาเชิงเส้นล้มเหลว / the LP solver failed: {m}"),
            SdcError::SharedCells(cells) => {
                let list: Vec<String> = cells
                    .iter()
                    .map(|c| {
                        format!(
                            "({}) {} = {} ≠ ({}) {} = {}",
                            c.first,
                            c.column,
                            fmt_num(c.first_value),
                            c.second,
                            c.column,
                            fmt_num(c.second_value)
                        )
                    })
                    .collect();
                write!(
                    f,
                    "ตารางที่เชื่อมกันให้ค่าของช่องร่วมไม่ตรงกัน {} ช่อง / {} cell(s) shared by linked tables differ between them: {}",
                    cells.len(),
                    cells.len(),
                    list.join("; ")
                )
            }
        }
    }
}

impl std::error::Error for SdcError {}

/// A number without a trailing ".0" for whole values.
pub fn fmt_num(x: f64) -> String {
    if x.is_infinite() {
        if x > 0.0 { "∞".into() } else { "-∞".into() }
    } else if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}
