//! Exact decimal numbers for scores, weights, results and points.
//!
//! Scores are published to four decimals and checked by people with calculators:
//! 3 × 1.6 / 100 must be 0.0480, whereas binary floats give 0.04800000000000001.
//! [`Decimal`] is a fixed-point number, an `i128` count of 10⁻¹² units, so:
//!
//! - addition, subtraction and sums are exact;
//! - [`Decimal::checked_mul`] is exact or refuses (it never rounds silently): every
//!   product this crate forms is a weight or percentage (at most 4 decimals written)
//!   times a score (rounded to at most 4), well inside 12 decimals;
//! - division is the one operation that must round, so it takes the number of
//!   places and the [`Rounding`] rule explicitly ([`Decimal::checked_div`]);
//! - [`Decimal::fixed`] shows a value to a number of places, rounding half away
//!   from zero (how the forms and spreadsheets round), padding with zeros.
//!
//! Why our own type and not `rust_decimal`: we need about a dozen operations, all
//! with the rounding spelled out at the call site; a fixed scale makes equality
//! plain integer equality (0.1 and 0.1000 are the same value, so `Eq`, `Ord` and
//! `Hash` agree without normalising); and it adds no dependency to a 2-core build.
//! 12 places and an `i128` leave room for ±1.7 × 10²⁶, far beyond any result,
//! amount or point total; values read from outside are limited to ±10¹⁵
//! ([`Decimal::LIMIT`]), so sums of them cannot overflow.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Neg, Sub};

use tidtam_thai::digits::{to_arabic_digits, to_thai_digits};

/// The number of decimal places a [`Decimal`] holds.
pub const PLACES: u32 = 12;
const ONE: i128 = 10i128.pow(PLACES);

/// How a value is rounded to fewer places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Half away from zero (0.00005 → 0.0001): what Thai forms and Excel's ROUND do.
    HalfUp,
    /// Half to even (banker's rounding), for whoever configures it.
    HalfEven,
    /// Toward zero (truncation): a score never shown higher than earned.
    Down,
}

/// An exact decimal number with 12 places. See the module documentation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal(i128);

/// Why text or a number is not a [`Decimal`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecimalError {
    /// Not a number: empty, letters, two points, a sign in the middle.
    NotANumber,
    /// More than 12 decimals: refused rather than rounded behind the user's back.
    TooManyPlaces,
    /// Beyond ±10¹⁵.
    OutOfRange,
}

impl fmt::Display for DecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DecimalError::NotANumber => "not a number",
            DecimalError::TooManyPlaces => "more than 12 decimal places",
            DecimalError::OutOfRange => "beyond ±10^15",
        })
    }
}

impl std::error::Error for DecimalError {}

impl Decimal {
    pub const ZERO: Decimal = Decimal(0);
    pub const ONE: Decimal = Decimal(ONE);
    pub const HUNDRED: Decimal = Decimal(100 * ONE);
    /// The largest magnitude accepted from outside (text, JSON, [`Decimal::from_f64`]).
    pub const LIMIT: Decimal = Decimal(1_000_000_000_000_000 * ONE);

    /// A whole number.
    pub const fn from_int(n: i64) -> Decimal {
        Decimal(n as i128 * ONE)
    }

    /// `units` × 10^-`places`: `from_parts(48, 4)` is 0.0048. `places` above 12 are
    /// refused (`None`) rather than rounded, as is a value that does not fit.
    pub fn from_parts(units: i128, places: u32) -> Option<Decimal> {
        let factor = 10i128.checked_pow(PLACES.checked_sub(places)?)?;
        units.checked_mul(factor).map(Decimal)
    }

    /// Reads `87`, `87.5`, `-0.0480`, `1,234.5`, `๘๗.๕`, `+3`, with an optional
    /// trailing `%` (the value is the percentage, 87 % is 87).
    pub fn parse(text: &str) -> Result<Decimal, DecimalError> {
        let text = to_arabic_digits(text.trim());
        let text = text.strip_suffix('%').unwrap_or(&text).trim_end();
        let (negative, body) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
        let whole_digits: String = whole.chars().filter(|&c| c != ',').collect();
        // Thousands separators only between digits of the whole part.
        let separators_ok = !whole.starts_with(',') && !whole.ends_with(',') && !whole.contains(",,");
        if !separators_ok
            || (whole_digits.is_empty() && fraction.is_empty())
            || !whole_digits.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(DecimalError::NotANumber);
        }
        let fraction = fraction.trim_end_matches('0');
        if fraction.len() > PLACES as usize {
            return Err(DecimalError::TooManyPlaces);
        }
        let whole_digits = whole_digits.trim_start_matches('0');
        if whole_digits.len() > 16 {
            return Err(DecimalError::OutOfRange);
        }
        let whole_value: i128 = if whole_digits.is_empty() { 0 } else { whole_digits.parse().expect("digits") };
        let fraction_value: i128 = if fraction.is_empty() {
            0
        } else {
            fraction.parse::<i128>().expect("digits") * 10i128.pow(PLACES - fraction.len() as u32)
        };
        let magnitude = Decimal(whole_value * ONE + fraction_value);
        if magnitude > Decimal::LIMIT {
            return Err(DecimalError::OutOfRange);
        }
        Ok(if negative { -magnitude } else { magnitude })
    }

    /// The decimal a float was written as: the shortest text that reads back as
    /// the same float (Rust's `Display`), so 0.1 is 0.1, not 0.1000000000000000055….
    /// For JSON numbers and spreadsheets cells; never used in arithmetic.
    pub fn from_f64(value: f64) -> Result<Decimal, DecimalError> {
        if !value.is_finite() {
            return Err(DecimalError::NotANumber);
        }
        if value.abs() > 1e15 {
            return Err(DecimalError::OutOfRange);
        }
        Decimal::parse(&format!("{value}"))
    }

    /// The value as a float, for charts only.
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / ONE as f64
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn abs(self) -> Decimal {
        Decimal(self.0.abs())
    }

    pub fn checked_add(self, rhs: Decimal) -> Option<Decimal> {
        self.0.checked_add(rhs.0).map(Decimal)
    }

    pub fn checked_sub(self, rhs: Decimal) -> Option<Decimal> {
        self.0.checked_sub(rhs.0).map(Decimal)
    }

    /// The exact product, or `None` if it has more than 12 decimals or does not fit.
    pub fn checked_mul(self, rhs: Decimal) -> Option<Decimal> {
        // a·b/10¹² computed as q·b + r·b/10¹² with a = q·10¹² + r, so nothing
        // overflows unless the product itself does.
        let (q, r) = (self.0 / ONE, self.0 % ONE);
        let high = q.checked_mul(rhs.0)?;
        let low = r.checked_mul(rhs.0)?;
        if low % ONE != 0 {
            return None;
        }
        high.checked_add(low / ONE).map(Decimal)
    }

    /// `self / rhs` rounded to `places` (at most 12) by `rounding`; `None` when
    /// dividing by zero or for `places` above 12.
    pub fn checked_div(self, rhs: Decimal, places: u32, rounding: Rounding) -> Option<Decimal> {
        if rhs.0 == 0 || places > PLACES {
            return None;
        }
        let negative = (self.0 < 0) != (rhs.0 < 0);
        let (dividend, divisor) = (self.0.unsigned_abs(), rhs.0.unsigned_abs());
        // Long division one digit at a time: the remainder stays below ten
        // divisors, so nothing overflows for any representable operands.
        let mut quotient = dividend / divisor;
        let mut remainder = dividend % divisor;
        for _ in 0..places {
            remainder *= 10;
            quotient = quotient.checked_mul(10)?.checked_add(remainder / divisor)?;
            remainder %= divisor;
        }
        let quotient = round_quotient(quotient, remainder, divisor, rounding);
        let units = i128::try_from(quotient).ok()?;
        let value = Decimal::from_parts(units, places)?;
        Some(if negative { -value } else { value })
    }

    /// `self × factor / divisor` with a single rounding, to `places` by `rounding`:
    /// for interpolating between two breakpoints, where dividing first would round
    /// twice. `None` when dividing by zero or when the product does not fit.
    pub fn mul_div(self, factor: Decimal, divisor: Decimal, places: u32, rounding: Rounding) -> Option<Decimal> {
        // With units A, B, C (value = units / 10¹²) the value is A·B / (C·10¹²): the
        // quotient of two exact integers, rounded once by `checked_div`.
        let numerator = self.0.checked_mul(factor.0)?;
        Decimal(numerator).checked_div(Decimal(divisor.0.checked_mul(ONE)?), places, rounding)
    }

    /// `self / n` for a whole `n`, rounded like [`Decimal::checked_div`].
    pub fn div_int(self, n: i64, places: u32, rounding: Rounding) -> Option<Decimal> {
        self.checked_div(Decimal::from_int(n), places, rounding)
    }

    /// `self` rounded to `places` (at most 12).
    pub fn round(self, places: u32, rounding: Rounding) -> Decimal {
        self.checked_div(Decimal::ONE, places.min(PLACES), rounding).expect("dividing by one fits")
    }

    /// The fewest decimals that write this value exactly: 0.1000 → 1, 5 → 0.
    pub fn places(self) -> u32 {
        let mut fraction = (self.0 % ONE).unsigned_abs();
        if fraction == 0 {
            return 0;
        }
        let mut places = PLACES;
        while fraction.is_multiple_of(10) {
            fraction /= 10;
            places -= 1;
        }
        places
    }

    /// The value rounded half away from zero to `places` and written with exactly
    /// that many decimals: `fixed(4)` of 0.048 is `0.0480`.
    pub fn fixed(self, places: u32) -> String {
        let places = places.min(PLACES);
        let rounded = self.round(places, Rounding::HalfUp);
        let magnitude = rounded.0.unsigned_abs();
        let whole = magnitude / ONE as u128;
        let sign = if rounded.0 < 0 { "-" } else { "" };
        if places == 0 {
            return format!("{sign}{whole}");
        }
        let fraction = (magnitude % ONE as u128) / 10u128.pow(PLACES - places);
        format!("{sign}{whole}.{fraction:0width$}", width = places as usize)
    }

    /// [`Decimal::fixed`] in Thai digits (๐.๐๔๘๐), for Thai pages and documents.
    pub fn fixed_thai(self, places: u32) -> String {
        to_thai_digits(&self.fixed(places))
    }
}

/// Rounds a non-negative truncated quotient given what remains of the division.
fn round_quotient(quotient: u128, remainder: u128, divisor: u128, rounding: Rounding) -> u128 {
    if remainder == 0 {
        return quotient;
    }
    // Compare the remainder with half the divisor without overflowing 2·remainder.
    let above_half = remainder > divisor - remainder;
    let exactly_half = remainder == divisor - remainder;
    let up = match rounding {
        Rounding::Down => false,
        Rounding::HalfUp => above_half || exactly_half,
        Rounding::HalfEven => above_half || (exactly_half && quotient % 2 == 1),
    };
    quotient + u128::from(up)
}

/// The shortest exact writing: `0.048`, `5`, `-3.4`.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fixed(self.places()))
    }
}

impl std::str::FromStr for Decimal {
    type Err = DecimalError;
    fn from_str(s: &str) -> Result<Decimal, DecimalError> {
        Decimal::parse(s)
    }
}

impl From<i64> for Decimal {
    fn from(n: i64) -> Decimal {
        Decimal::from_int(n)
    }
}

// Addition and subtraction of values within `LIMIT` cannot overflow (2 × 10²⁷ ≪
// 1.7 × 10³⁸ units), so the operators are plain; overflow would be a bug and panics
// in debug builds like any integer.
impl Add for Decimal {
    type Output = Decimal;
    fn add(self, rhs: Decimal) -> Decimal {
        Decimal(self.0 + rhs.0)
    }
}

impl Sub for Decimal {
    type Output = Decimal;
    fn sub(self, rhs: Decimal) -> Decimal {
        Decimal(self.0 - rhs.0)
    }
}

impl Neg for Decimal {
    type Output = Decimal;
    fn neg(self) -> Decimal {
        Decimal(-self.0)
    }
}

impl Sum for Decimal {
    fn sum<I: Iterator<Item = Decimal>>(iter: I) -> Decimal {
        iter.fold(Decimal::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Decimal> for Decimal {
    fn sum<I: Iterator<Item = &'a Decimal>>(iter: I) -> Decimal {
        iter.copied().sum()
    }
}

/// Serialised as a string of its exact shortest writing (`"0.048"`), because a JSON
/// number goes through a float in most readers.
impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Deserialised from a string (any form [`Decimal::parse`] reads) or a JSON number.
impl<'de> serde::Deserialize<'de> for Decimal {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        struct DecimalVisitor;
        impl serde::de::Visitor<'_> for DecimalVisitor {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal number (as a string or a number), at most 10^15 and 12 places")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Decimal, E> {
                Decimal::parse(text).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Decimal, E> {
                let value = Decimal::from_int(n);
                if value.abs() > Decimal::LIMIT { Err(E::custom(DecimalError::OutOfRange)) } else { Ok(value) }
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Decimal, E> {
                i64::try_from(n).map_err(|_| E::custom(DecimalError::OutOfRange)).and_then(|n| self.visit_i64(n))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Decimal, E> {
                Decimal::from_f64(n).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(DecimalVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    #[test]
    fn three_times_one_point_six_over_a_hundred_is_0_0480() {
        // OPEC's 2018 agreement: weight 3 × committee score 1.6000 / 100 = 0.0480.
        let product = d("3").checked_mul(d("1.6")).unwrap();
        let weighted = product.checked_div(Decimal::HUNDRED, 12, Rounding::HalfUp).unwrap();
        assert_eq!(weighted, Decimal::from_parts(480, 4).unwrap());
        assert_eq!(weighted.fixed(4), "0.0480");
        assert_eq!(weighted.to_string(), "0.048");
        // What a float would have done, to show the test can tell the difference.
        assert_ne!(format!("{}", 3.0 * 1.6 / 100.0), "0.048");
    }

    #[test]
    fn parses_the_forms_people_write() {
        assert_eq!(d("87"), Decimal::from_int(87));
        assert_eq!(d("87%"), Decimal::from_int(87));
        assert_eq!(d(" ๘๗.๕ "), Decimal::from_parts(875, 1).unwrap());
        assert_eq!(d("1,234.50"), Decimal::from_parts(123_450, 2).unwrap());
        assert_eq!(d("-0.0480"), -Decimal::from_parts(48, 3).unwrap());
        assert_eq!(d(".5"), Decimal::from_parts(5, 1).unwrap());
        assert_eq!(d("5."), Decimal::from_int(5));
        assert_eq!(d("0.1"), d("0.1000"));
        for bad in ["", "-", ".", "1.2.3", "abc", "1,,000", ",1", "1-2", "๘๗ บาท", "1e5"] {
            assert_eq!(Decimal::parse(bad), Err(DecimalError::NotANumber), "{bad:?}");
        }
        assert_eq!(Decimal::parse("0.0000000000001"), Err(DecimalError::TooManyPlaces));
        assert_eq!(Decimal::parse("10000000000000000"), Err(DecimalError::OutOfRange));
        assert!(Decimal::parse("1000000000000000").is_ok());
    }

    #[test]
    fn division_rounds_as_asked() {
        let third = Decimal::ONE.checked_div(Decimal::from_int(3), 4, Rounding::HalfUp).unwrap();
        assert_eq!(third.fixed(4), "0.3333");
        let two_thirds = Decimal::from_int(2).checked_div(Decimal::from_int(3), 4, Rounding::HalfUp).unwrap();
        assert_eq!(two_thirds.fixed(4), "0.6667");
        let down = Decimal::from_int(2).checked_div(Decimal::from_int(3), 4, Rounding::Down).unwrap();
        assert_eq!(down.fixed(4), "0.6666");
        // Exactly half: away from zero, or to even.
        let half = d("0.00005");
        assert_eq!(half.round(4, Rounding::HalfUp), d("0.0001"));
        assert_eq!(half.round(4, Rounding::HalfEven), d("0"));
        assert_eq!(d("0.00015").round(4, Rounding::HalfEven), d("0.0002"));
        assert_eq!((-half).round(4, Rounding::HalfUp), d("-0.0001"));
        assert_eq!(Decimal::ONE.checked_div(Decimal::ZERO, 4, Rounding::HalfUp), None);
        assert_eq!(d("-2").checked_div(d("0.5"), 0, Rounding::HalfUp), Some(d("-4")));
    }

    #[test]
    fn multiplication_is_exact_or_refused() {
        assert_eq!(d("2.5").checked_mul(d("3.4567")), Some(d("8.64175")));
        assert_eq!(d("-1.5").checked_mul(d("2")), Some(d("-3")));
        assert_eq!(d("0.000001").checked_mul(d("0.0000001")), None);
        // 10^30 does not fit in 12 places of an i128: refused, not wrapped.
        assert_eq!(d("1000000000000000").checked_mul(d("1000000000000000")), None);
        assert_eq!(d("1000000000000").checked_mul(d("100")), Some(d("100000000000000")));
    }

    #[test]
    fn mul_div_rounds_once() {
        // 2/3 of 20 points: 13.3333, not 0.6667 × 20 = 13.334.
        assert_eq!(d("2").mul_div(d("20"), d("3"), 4, Rounding::HalfUp), Some(d("13.3333")));
        assert_eq!(d("0.04").mul_div(d("30"), d("0.04"), 4, Rounding::HalfUp), Some(d("30")));
        assert_eq!(d("1").mul_div(d("1"), d("0"), 4, Rounding::HalfUp), None);
    }

    #[test]
    fn shows_fixed_places_in_either_digit_set() {
        assert_eq!(d("3.4").fixed(4), "3.4000");
        assert_eq!(d("0.1").fixed(4), "0.1000");
        assert_eq!(d("256.43").fixed(2), "256.43");
        assert_eq!(d("2.99995").fixed(4), "3.0000");
        assert_eq!(d("-0.00004").fixed(4), "0.0000");
        assert_eq!(d("5").fixed(0), "5");
        assert_eq!(d("0.048").fixed_thai(4), "๐.๐๔๘๐");
        assert_eq!(d("12.5").places(), 1);
    }

    #[test]
    fn serde_keeps_the_exact_value() {
        let value: Decimal = serde_json::from_str("0.1").unwrap();
        assert_eq!(value, d("0.1"));
        let value: Decimal = serde_json::from_str("\"๓.๔\"").unwrap();
        assert_eq!(value, d("3.4"));
        let value: Decimal = serde_json::from_str("87").unwrap();
        assert_eq!(value, d("87"));
        assert_eq!(serde_json::to_string(&d("0.0480")).unwrap(), "\"0.048\"");
        assert!(serde_json::from_str::<Decimal>("\"1e3\"").is_err());
    }

    #[test]
    fn sums_of_many_small_values_stay_exact() {
        // One hundred weights of 1 % times a score of 3.3333: a float sum drifts.
        let weighted = Decimal::ONE.checked_mul(d("3.3333")).unwrap().div_int(100, 12, Rounding::HalfUp).unwrap();
        let total: Decimal = std::iter::repeat_n(weighted, 100).sum();
        assert_eq!(total, d("3.3333"));
    }
}
