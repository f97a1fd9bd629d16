//! Exact amounts of money in satang (1 baht = 100 satang).
//!
//! Amounts never go through floating point on the way in or out of the database;
//! the `f64` accessor exists only for ratios and display.

use serde::{Deserialize, Serialize};

/// An amount in satang. Serialises as a baht number (e.g. `1234.5`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_satang(satang: i64) -> Money {
        Money(satang)
    }

    pub fn from_baht(baht: i64) -> Money {
        Money(baht * 100)
    }

    pub fn satang(self) -> i64 {
        self.0
    }

    pub fn as_baht_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// `self / total` as a fraction, `None` when the total is zero.
    pub fn ratio_of(self, total: Money) -> Option<f64> {
        (total.0 != 0).then(|| self.0 as f64 / total.0 as f64)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 {
            serializer.serialize_i64(self.0 / 100)
        } else {
            serializer.serialize_f64(self.as_baht_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        let baht = f64::deserialize(deserializer)?;
        if !baht.is_finite() || baht.abs() > 1e15 {
            return Err(serde::de::Error::custom("amount out of range"));
        }
        Ok(Money((baht * 100.0).round() as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_baht() {
        assert_eq!(serde_json::to_string(&Money::from_satang(936_580_000)).unwrap(), "9365800");
        assert_eq!(serde_json::to_string(&Money::from_satang(150)).unwrap(), "1.5");
        let back: Money = serde_json::from_str("1234.56").unwrap();
        assert_eq!(back.satang(), 123_456);
    }
}
