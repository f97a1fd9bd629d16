//! Typed views of table columns: numbers (with the row named when one is not), sampling
//! weights and donation-class keys shared by the recipient and donor files.

use std::collections::HashMap;

use tidtam_link::Table;
use tidtam_link::table::Column;

use crate::error::{Error, Result};

/// A column by name, or an error naming the file and listing its columns.
pub(crate) fn column<'a>(table: &'a Table, name: &str) -> Result<&'a Column> {
    Ok(table.column(name)?)
}

/// A number as agencies write it: surrounding spaces and thousands commas are allowed.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let parsed = if text.contains(',') { text.replace(',', "").parse::<f64>() } else { text.parse::<f64>() };
    parsed.ok().filter(|x| x.is_finite())
}

/// Whether every non-empty value of the column in each table is a number.
pub(crate) fn all_numeric(columns: &[&Column]) -> bool {
    columns.iter().all(|c| (0..c.len()).all(|row| c.get(row).is_none_or(|v| parse_number(v).is_some())))
}

/// The column as numbers; an empty cell is NaN when `allow_missing`, else an error naming the row.
pub(crate) fn numbers(table: &Table, name: &str, allow_missing: bool) -> Result<Vec<f64>> {
    let values = column(table, name)?;
    (0..values.len())
        .map(|row| match values.get(row) {
            None if allow_missing => Ok(f64::NAN),
            None => Err(Error::MissingValue { table: table.name.clone(), column: name.to_string(), row: row + 1 }),
            Some(text) => parse_number(text).ok_or_else(|| Error::NotNumeric {
                table: table.name.clone(),
                column: name.to_string(),
                row: row + 1,
                value: text.to_string(),
            }),
        })
        .collect()
}

/// Sampling weights: the named column (non-negative numbers), or 1 for every row.
pub(crate) fn weights(table: &Table, name: Option<&str>) -> Result<Vec<f64>> {
    let Some(name) = name else { return Ok(vec![1.0; table.len()]) };
    let values = column(table, name)?;
    (0..values.len())
        .map(|row| {
            let text = values.get(row).unwrap_or("");
            parse_number(text).filter(|w| *w >= 0.0).ok_or_else(|| Error::BadWeight {
                table: table.name.clone(),
                column: name.to_string(),
                row: row + 1,
                value: text.to_string(),
            })
        })
        .collect()
}

/// Donation classes: a class number for every recipient and every donor, and each class's label
/// (`region=เหนือ, sex=ชาย`). With no class columns every row is in class 0 (label empty).
pub(crate) struct Classes {
    pub(crate) recipient: Vec<usize>,
    pub(crate) donor: Vec<usize>,
    pub(crate) labels: Vec<String>,
}

pub(crate) fn classes(recipient: &Table, donor: &Table, names: &[String]) -> Result<Classes> {
    let mut index: HashMap<Vec<String>, usize> = HashMap::new();
    let mut labels = Vec::new();
    let mut keys = |table: &Table| -> Result<Vec<usize>> {
        let columns = names.iter().map(|n| column(table, n)).collect::<Result<Vec<_>>>()?;
        Ok((0..table.len())
            .map(|row| {
                let key: Vec<String> = columns.iter().map(|c| c.get(row).unwrap_or("").to_string()).collect();
                let next = index.len();
                *index.entry(key.clone()).or_insert_with(|| {
                    labels.push(names.iter().zip(&key).map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join(", "));
                    next
                })
            })
            .collect())
    };
    let recipient = keys(recipient)?;
    let donor = keys(donor)?;
    Ok(Classes { recipient, donor, labels })
}
