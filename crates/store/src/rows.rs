//! Helpers that turn stored columns into domain values.

use tidtam_domain::Baht;
use tidtam_domain::period::{FiscalYear, Quarter};

use crate::StoreError;

pub(crate) fn fiscal_year(value: i64) -> Result<FiscalYear, StoreError> {
    FiscalYear::checked(i32::try_from(value).unwrap_or(0)).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub(crate) fn quarter(value: i64) -> Result<Quarter, StoreError> {
    Quarter::try_from(u8::try_from(value).unwrap_or(0)).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub(crate) fn money(value: Option<i64>) -> Option<Baht> {
    value.map(Baht::from_satang)
}

pub(crate) fn date(value: Option<String>) -> Result<Option<jiff::civil::Date>, StoreError> {
    value.map(|text| text.parse().map_err(|error: jiff::Error| StoreError::Corrupt(error.to_string()))).transpose()
}

pub(crate) fn json_list(value: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(value).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub(crate) fn parse_enum<T>(value: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, StoreError> {
    parse(value).ok_or_else(|| StoreError::Corrupt(format!("unknown value {value:?}")))
}
