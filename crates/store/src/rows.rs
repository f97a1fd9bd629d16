//! Helpers that turn stored columns into domain values.

use tidtam_domain::money::Money;
use tidtam_domain::period::{FiscalYear, Quarter};

use crate::StoreError;

pub(crate) fn fiscal_year(value: i64) -> Result<FiscalYear, StoreError> {
    FiscalYear::parse(value as i32).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub(crate) fn quarter(value: i64) -> Result<Quarter, StoreError> {
    Quarter::parse(value as u8).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub(crate) fn money(value: Option<i64>) -> Option<Money> {
    value.map(Money::from_satang)
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
