//! Key expressions: a column and a chain of transforms, written `column|transform|…`.
//!
//! One small language serves blocking rules (`surname|first(3) & dob|year`), the truth key of
//! an evaluation (`rec_id|field(-,1)`) and the blocking tokens of the privacy-preserving encoder.
//! Transforms:
//! - `lower`, `digits` (keep 0–9, Thai digits converted), `alnum` (letters and digits only);
//! - `name` (Thai-aware name normalisation), `namekey` (the same without spaces),
//!   `notone` (tone marks removed), `lk82` (Thai phonetic code), `rtgs` (cross-script match key);
//! - `first(n)`, `last(n)` (characters);
//! - `year`, `month`, `date` (a date read in any supported form and era, as CE);
//! - `phone` (a telephone number's digits), `province` (a province's code, from a code or name);
//! - `field(sep,n)` (the n-th part, from 0, after splitting on `sep`).
//!
//! A transform that yields an empty string makes the key missing, and a missing key never blocks.

use crate::error::{Error, Result};
use crate::table::Table;

/// One transform step.
#[derive(Clone, Debug, PartialEq)]
pub enum Transform {
    /// Lowercase.
    Lower,
    /// Digits only.
    Digits,
    /// Letters and digits only.
    Alnum,
    /// Thai-aware name normalisation.
    Name,
    /// Name normalisation without spaces.
    NameKey,
    /// Tone marks removed.
    NoTone,
    /// LK82 phonetic code of the name key.
    Lk82,
    /// Cross-script (RTGS) match key.
    Rtgs,
    /// The first n characters.
    First(usize),
    /// The last n characters.
    Last(usize),
    /// The CE year of a date.
    Year,
    /// The month of a date.
    Month,
    /// The date as `YYYY-MM-DD` (CE).
    Date,
    /// The n-th part after splitting on a separator.
    Field(String, usize),
    /// A telephone number's digits (`+66` read as `0`).
    Phone,
    /// A province's official code, from a code or a name.
    Province,
}

/// A column with transforms.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyExpr {
    /// The column name.
    pub column: String,
    /// Transforms applied in order.
    pub transforms: Vec<Transform>,
}

fn parse_transform(text: &str) -> Result<Transform> {
    let text = text.trim();
    let (name, argument) = match text.split_once('(') {
        Some((name, rest)) => {
            let argument =
                rest.strip_suffix(')').ok_or_else(|| Error::model(format!("missing `)` in transform `{text}`")))?;
            (name.trim(), Some(argument))
        }
        None => (text, None),
    };
    let number = |arg: Option<&str>| -> Result<usize> {
        arg.and_then(|a| a.trim().parse().ok())
            .ok_or_else(|| Error::model(format!("transform `{text}` needs a number")))
    };
    Ok(match name {
        "lower" => Transform::Lower,
        "digits" => Transform::Digits,
        "alnum" => Transform::Alnum,
        "name" => Transform::Name,
        "namekey" => Transform::NameKey,
        "notone" => Transform::NoTone,
        "lk82" => Transform::Lk82,
        "rtgs" => Transform::Rtgs,
        "first" => Transform::First(number(argument)?),
        "last" => Transform::Last(number(argument)?),
        "year" => Transform::Year,
        "month" => Transform::Month,
        "date" => Transform::Date,
        "phone" => Transform::Phone,
        "province" => Transform::Province,
        "field" => {
            let argument = argument.unwrap_or("");
            let (sep, n) = argument
                .rsplit_once(',')
                .ok_or_else(|| Error::model(format!("`{text}`: write field(separator,index)")))?;
            Transform::Field(sep.to_string(), number(Some(n))?)
        }
        other => {
            return Err(Error::model(format!(
                "unknown transform `{other}` (known: lower, digits, alnum, name, namekey, notone, lk82, rtgs, first(n), last(n), year, month, date, phone, province, field(sep,n))"
            )));
        }
    })
}

impl KeyExpr {
    /// Parses `column|transform|…`.
    pub fn parse(text: &str) -> Result<KeyExpr> {
        let mut parts = text.split('|');
        let column = parts.next().unwrap_or("").trim().to_string();
        if column.is_empty() {
            return Err(Error::model(format!("key `{text}` names no column")));
        }
        let transforms = parts.map(parse_transform).collect::<Result<_>>()?;
        Ok(KeyExpr { column, transforms })
    }

    /// Applies the transforms to one value.
    pub fn apply(&self, value: &str) -> Option<String> {
        let mut current = value.to_string();
        for transform in &self.transforms {
            current = match transform {
                Transform::Lower => current.to_lowercase(),
                Transform::Digits => current
                    .chars()
                    .filter_map(|c| match c {
                        '0'..='9' => Some(c),
                        '๐'..='๙' => char::from_digit(c as u32 - '๐' as u32, 10),
                        _ => None,
                    })
                    .collect(),
                Transform::Alnum => current.chars().filter(|c| c.is_alphanumeric()).collect(),
                Transform::Name => tidtam_thai::name::normalize_name(&current),
                Transform::NameKey => tidtam_thai::name::name_key(&current),
                Transform::NoTone => tidtam_thai::name::strip_tone_marks(&current),
                Transform::Lk82 => {
                    let key = tidtam_thai::name::name_key(&current);
                    let code = tidtam_thai::phonetic::lk82(&key);
                    if code.is_empty() {
                        // Latin names get their cross-script key instead of nothing.
                        tidtam_thai::romanize::match_key(&key)
                    } else {
                        code
                    }
                }
                Transform::Rtgs => tidtam_thai::romanize::match_key(&tidtam_thai::name::name_key(&current)),
                Transform::First(n) => current.chars().take(*n).collect(),
                Transform::Last(n) => {
                    let count = current.chars().count();
                    current.chars().skip(count.saturating_sub(*n)).collect()
                }
                Transform::Year => crate::date::parse_date(&current).map(|d| d.year.to_string()).unwrap_or_default(),
                Transform::Month => crate::date::parse_date(&current).map(|d| d.month.to_string()).unwrap_or_default(),
                Transform::Date => crate::date::parse_date(&current).map(|d| d.to_string()).unwrap_or_default(),
                Transform::Field(sep, n) => current.split(sep.as_str()).nth(*n).unwrap_or("").to_string(),
                Transform::Phone => crate::normalize::phone_digits(&current).unwrap_or_default(),
                Transform::Province => match crate::normalize::province_code(&current) {
                    Some(code) => code.to_string(),
                    None => current.to_lowercase(),
                },
            };
            if current.is_empty() {
                return None;
            }
        }
        (!current.is_empty()).then_some(current)
    }

    /// The key of every row of a table (checks the column exists).
    pub fn eval_table(&self, table: &Table) -> Result<Vec<Option<String>>> {
        let column = table.column(&self.column)?;
        Ok((0..table.len()).map(|row| column.get(row).and_then(|v| self.apply(v))).collect())
    }
}

impl std::fmt::Display for KeyExpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.column)?;
        for t in &self.transforms {
            let text = match t {
                Transform::Lower => "lower".to_string(),
                Transform::Digits => "digits".to_string(),
                Transform::Alnum => "alnum".to_string(),
                Transform::Name => "name".to_string(),
                Transform::NameKey => "namekey".to_string(),
                Transform::NoTone => "notone".to_string(),
                Transform::Lk82 => "lk82".to_string(),
                Transform::Rtgs => "rtgs".to_string(),
                Transform::First(n) => format!("first({n})"),
                Transform::Last(n) => format!("last({n})"),
                Transform::Year => "year".to_string(),
                Transform::Month => "month".to_string(),
                Transform::Date => "date".to_string(),
                Transform::Field(s, n) => format!("field({s},{n})"),
                Transform::Phone => "phone".to_string(),
                Transform::Province => "province".to_string(),
            };
            write!(f, "|{text}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(expr: &str, value: &str, expect: Option<&str>) {
        let key = KeyExpr::parse(expr).unwrap();
        assert_eq!(key.apply(value).as_deref(), expect, "{expr} on {value:?}");
    }

    #[test]
    fn transforms() {
        check("x|lower", "AbC", Some("abc"));
        check("x|first(3)", "สมชาย", Some("สมช"));
        check("x|last(2)", "12345", Some("45"));
        check("x|digits", "1-2๓4", Some("1234"));
        check("x|name|first(2)", "นายสมชาย", Some("สม"));
        check("x|namekey", "นาย สม ชาย", Some("สมชาย"));
        check("x|year", "15/03/2530", Some("1987"));
        check("x|month", "19870315", Some("3"));
        check("x|date", "15/03/2530", Some("1987-03-15"));
        check("x|year", "not a date", None);
        check("x|field(-,1)", "rec-123-dup-0", Some("123"));
        check("x|lk82", "ศมชาย", tidtam_thai::phonetic::lk82("สมชาย").as_str().into());
        check("x|rtgs", "สมชาย", Some("somcai"));
        check("x|rtgs", "Somchay", Some("somcai"));
        check("x|lower", "", None);
        check("x|alnum", "a.b c", Some("abc"));
        check("x|phone", "+66 81-234-5678", Some("0812345678"));
        check("x|province", "กทม.", Some("10"));
        check("x|province", "10", Some("10"));
    }

    #[test]
    fn parse_errors() {
        assert!(KeyExpr::parse("").is_err());
        assert!(KeyExpr::parse("x|first").is_err());
        assert!(KeyExpr::parse("x|first(3").is_err());
        assert!(KeyExpr::parse("x|soundex").unwrap_err().to_string().contains("unknown transform"));
        let key = KeyExpr::parse("x | first(3) | lower").unwrap();
        assert_eq!(key.to_string(), "x|first(3)|lower");
    }
}
