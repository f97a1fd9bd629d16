//! Comparisons: how two values of one attribute agree, as a level from "exact" down to "else".
//!
//! Each comparison prepares a typed value per record once (characters, a date, an ID, a Bloom
//! filter), then maps a pair of prepared values to a level index: 0 is the strongest agreement,
//! the last level is "else", and [`NULL_LEVEL`] means one side is missing (a missing value is
//! neither evidence for nor against a match, so it contributes nothing to the match weight).
//! Levels are ordered and at most 15 per comparison so a pair's levels pack into one `u64`
//! (4 bits each), which is what blocking, EM and scoring pass around.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::date::{Ymd, days_from_civil, parse_date};
use crate::error::{Error, Result};
use crate::nid::{NationalId, parse_national_id, typo_distance};
use crate::normalize::{phone_digits, province_code, sex_code};
use crate::similarity::{damerau, jaro_winkler, levenshtein};

/// The level of a pair where at least one value is missing.
pub const NULL_LEVEL: u8 = 15;

/// The kinds of comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Equal or not.
    Exact,
    /// Exact, then Jaro–Winkler similarity at or above each threshold (default 0.92, 0.8).
    #[default]
    JaroWinkler,
    /// Exact, then Levenshtein distance at or below each threshold (default 1, 2).
    Levenshtein,
    /// Exact, then Damerau (adjacent swap = one edit) distance at or below each threshold.
    Damerau,
    /// Exact, then absolute difference at or below each threshold (default 1, 5).
    Numeric,
    /// Same date (either era), then one of day/month/year differs or day and month swapped,
    /// then within each threshold in days (default 365).
    Date,
    /// Thai-aware person name: exact after normalisation, then equal ignoring tone marks or
    /// across scripts, then Jaro–Winkler ≥ first threshold (default 0.9), then same LK82 code
    /// or cross-script similarity ≥ second threshold (default 0.8).
    ThaiName,
    /// 13-digit Thai national ID: exact, one typo (substitution or swap) where the check digit
    /// shows an error, else. Numbers that are not 13 digits are missing.
    NationalId,
    /// Dice similarity of Bloom-filter encodings (privacy-preserving mode), at or above each
    /// threshold (default 1.0, 0.9, 0.8, 0.7).
    Dice,
    /// Telephone number: digits only, `+66`/`66` read as the leading `0`; exact, one typo
    /// (substitution, insertion, deletion or swap of neighbours), else.
    Phone,
    /// Province by code (`10`) or name (`กรุงเทพมหานคร`, `กทม.`, `Bangkok`), compared as the
    /// official code; unknown text is compared as written.
    Province,
    /// Sex written as `M`/`F`, `ชาย`/`หญิง`, `1`/`2`, `male`/`female`; other values are missing.
    Sex,
}

/// One comparison as written in a model file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparisonSpec {
    /// The column compared (in both files).
    pub column: String,
    /// A label for outputs; defaults to the column name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The comparison kind.
    #[serde(default)]
    pub kind: Kind,
    /// Thresholds of the intermediate levels; kind-specific defaults when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<f64>,
    /// Term-frequency adjustment on exact agreement: a common value ("สมชาย") counts for less
    /// than a rare one.
    #[serde(default)]
    pub tf: bool,
    /// Another column whose value, swapped with this one between the records, counts as a
    /// "swapped" level (given and family names written in the wrong fields).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub swap_with: Option<String>,
}

impl ComparisonSpec {
    /// A comparison of `column` by `kind` with default thresholds.
    pub fn new(column: &str, kind: Kind) -> ComparisonSpec {
        ComparisonSpec {
            column: column.to_string(),
            name: None,
            kind,
            thresholds: Vec::new(),
            tf: false,
            swap_with: None,
        }
    }

    /// The label used in outputs.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.column)
    }
}

/// A value prepared for comparison.
/// Shared parts sit behind `Arc` so a value repeated in a register (a common name) is prepared
/// and stored once and its copies stay in cache together.
#[derive(Clone, Debug)]
pub enum Value {
    /// Missing or unreadable.
    Null,
    /// Text as characters (after light normalisation).
    Text(Arc<[char]>),
    /// A number.
    Number(f64),
    /// A date and its day number.
    Date(Ymd, i64),
    /// A national ID.
    Id(NationalId),
    /// A person name in its comparison forms.
    Name(Arc<NameValue>),
    /// A Bloom filter and its number of set bits.
    Bits(Arc<[u64]>, u32),
}

/// The forms of a name a [`Kind::ThaiName`] comparison looks at.
#[derive(Clone, Debug)]
pub struct NameValue {
    /// Normalised (titles stripped, canonical marks, no spaces).
    pub key: Box<[char]>,
    /// The key without tone marks.
    pub toneless: Box<[char]>,
    /// The cross-script match key (RTGS for Thai, loose Latin otherwise).
    pub latin: Box<[char]>,
    /// LK82 code, empty for non-Thai names.
    pub lk82: Box<str>,
    /// Whether the name is in Thai script.
    pub thai: bool,
}

fn chars(s: &str) -> Box<[char]> {
    s.chars().collect()
}

/// A comparison ready to run: the spec with its thresholds and level labels resolved.
#[derive(Clone, Debug)]
pub struct Comparator {
    /// The spec it came from.
    pub spec: ComparisonSpec,
    thresholds: Vec<f64>,
    /// Level labels, strongest first, "else" last.
    pub labels: Vec<String>,
    swapped_level: Option<u8>,
}

impl Comparator {
    /// Resolves defaults and checks the spec.
    pub fn new(spec: &ComparisonSpec) -> Result<Comparator> {
        let defaults: &[f64] = match spec.kind {
            Kind::Exact | Kind::NationalId | Kind::Phone | Kind::Province | Kind::Sex => &[],
            Kind::JaroWinkler => &[0.92, 0.8],
            Kind::Levenshtein | Kind::Damerau => &[1.0, 2.0],
            Kind::Numeric => &[1.0, 5.0],
            Kind::Date => &[365.0],
            Kind::ThaiName => &[0.9, 0.8],
            Kind::Dice => &[1.0, 0.9, 0.8, 0.7],
        };
        let thresholds = if spec.thresholds.is_empty() { defaults.to_vec() } else { spec.thresholds.clone() };
        let label = spec.label();
        if matches!(spec.kind, Kind::ThaiName) && thresholds.len() != 2 {
            return Err(Error::model(format!("comparison `{label}`: thai_name takes exactly two thresholds")));
        }
        let increasing = thresholds.windows(2).all(|w| w[0] < w[1]);
        let decreasing = thresholds.windows(2).all(|w| w[0] > w[1]);
        let similarity = matches!(spec.kind, Kind::JaroWinkler | Kind::Dice | Kind::ThaiName);
        if (similarity && !decreasing) || (!similarity && !increasing) {
            return Err(Error::model(format!(
                "comparison `{label}`: thresholds must go from the strictest to the loosest"
            )));
        }
        let mut labels: Vec<String> = Vec::new();
        match spec.kind {
            Kind::Exact | Kind::Province | Kind::Sex => labels.push("exact".into()),
            Kind::Phone => {
                labels.push("exact".into());
                labels.push("one_typo".into());
            }
            Kind::JaroWinkler => {
                labels.push("exact".into());
                labels.extend(thresholds.iter().map(|t| format!("jw>={t}")));
            }
            Kind::Levenshtein | Kind::Damerau => {
                labels.push("exact".into());
                let name = if spec.kind == Kind::Levenshtein { "lev" } else { "dam" };
                labels.extend(thresholds.iter().map(|t| format!("{name}<={t}")));
            }
            Kind::Numeric => {
                labels.push("exact".into());
                labels.extend(thresholds.iter().map(|t| format!("diff<={t}")));
            }
            Kind::Date => {
                labels.push("exact".into());
                labels.push("one_part_differs".into());
                labels.extend(thresholds.iter().map(|t| format!("days<={t}")));
            }
            Kind::ThaiName => {
                labels.push("exact".into());
                labels.push("toneless_or_cross_script".into());
                labels.push(format!("jw>={}", thresholds[0]));
                labels.push(format!("lk82_or_cross_jw>={}", thresholds[1]));
            }
            Kind::NationalId => {
                labels.push("exact".into());
                labels.push("one_typo".into());
            }
            Kind::Dice => labels.extend(thresholds.iter().map(|t| format!("dice>={t}"))),
        }
        let swapped_level = if spec.swap_with.is_some() {
            labels.push("swapped".into());
            Some((labels.len() - 1) as u8)
        } else {
            None
        };
        labels.push("else".into());
        if labels.len() > 15 {
            return Err(Error::model(format!(
                "comparison `{label}` has {} levels; at most 15 are allowed",
                labels.len()
            )));
        }
        Ok(Comparator { spec: spec.clone(), thresholds, labels, swapped_level })
    }

    /// Number of levels, "else" included, null excluded.
    pub fn n_levels(&self) -> usize {
        self.labels.len()
    }

    /// The index of the "else" level.
    pub fn else_level(&self) -> u8 {
        (self.labels.len() - 1) as u8
    }

    /// Prepares a raw value.
    pub fn prepare(&self, raw: Option<&str>) -> Value {
        let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
            return Value::Null;
        };
        match self.spec.kind {
            Kind::Exact | Kind::JaroWinkler | Kind::Levenshtein | Kind::Damerau => {
                Value::Text(chars(&raw.to_lowercase()).into())
            }
            Kind::Numeric => {
                raw.replace(',', "").parse::<f64>().ok().filter(|v| v.is_finite()).map_or(Value::Null, Value::Number)
            }
            Kind::Date => parse_date(raw).map_or(Value::Null, |d| Value::Date(d, days_from_civil(d))),
            Kind::NationalId => parse_national_id(raw).map_or(Value::Null, Value::Id),
            Kind::ThaiName => prepare_name(raw),
            Kind::Phone => phone_digits(raw).map_or(Value::Null, |d| Value::Text(chars(&d).into())),
            Kind::Province => match province_code(raw) {
                Some(code) => Value::Number(f64::from(code)),
                None => Value::Text(chars(&raw.to_lowercase()).into()),
            },
            Kind::Sex => sex_code(raw).map_or(Value::Null, |s| Value::Number(f64::from(s))),
            Kind::Dice => crate::privacy::decode_bits(raw).map_or(Value::Null, |bits| {
                let ones = bits.iter().map(|w| w.count_ones()).sum();
                Value::Bits(bits.into(), ones)
            }),
        }
    }

    /// The level of a pair of prepared values; `swap` holds the values of the `swap_with`
    /// column (left, right) when the spec has one.
    pub fn level(&self, a: &Value, b: &Value, swap: Option<(&Value, &Value)>) -> u8 {
        let level = self.direct_level(a, b);
        if let (Some(swapped), Some((a_swap, b_swap))) = (self.swapped_level, swap)
            && (level == NULL_LEVEL || level >= swapped)
            && self.strong(a, b_swap)
            && self.strong(a_swap, b)
        {
            return swapped;
        }
        level
    }

    /// Whether two values agree at the first non-exact level or better (used for "swapped").
    fn strong(&self, a: &Value, b: &Value) -> bool {
        // Names decide on equality of their forms alone, without similarity scores: this check
        // runs for most non-matching pairs, so it has to be cheap.
        if let (Value::Name(x), Value::Name(y)) = (a, b) {
            return x.key == y.key || x.toneless == y.toneless || x.latin == y.latin;
        }
        let level = self.direct_level(a, b);
        level != NULL_LEVEL && level <= 1
    }

    fn direct_level(&self, a: &Value, b: &Value) -> u8 {
        let t = &self.thresholds;
        let else_level = self.else_level();
        match (a, b) {
            (Value::Null, _) | (_, Value::Null) => NULL_LEVEL,
            (Value::Text(x), Value::Text(y)) => {
                if x == y {
                    return 0;
                }
                match self.spec.kind {
                    Kind::JaroWinkler => {
                        let s = jaro_winkler(x, y);
                        first_at_least(t, s).map_or(else_level, |i| i as u8 + 1)
                    }
                    Kind::Levenshtein | Kind::Damerau => {
                        // The distance is at least the length difference: skip the work when
                        // that alone rules out every level.
                        let loosest = t.last().copied().unwrap_or(0.0);
                        if (x.len() as f64 - y.len() as f64).abs() > loosest {
                            return else_level;
                        }
                        let d =
                            if self.spec.kind == Kind::Levenshtein { levenshtein(x, y) } else { damerau(x, y) } as f64;
                        t.iter().position(|limit| d <= *limit).map_or(else_level, |i| i as u8 + 1)
                    }
                    Kind::Phone => {
                        if x.len().abs_diff(y.len()) <= 1 && damerau(x, y) <= 1 {
                            1
                        } else {
                            else_level
                        }
                    }
                    _ => else_level,
                }
            }
            (Value::Number(x), Value::Number(y)) => {
                let d = (x - y).abs();
                if d == 0.0 { 0 } else { t.iter().position(|limit| d <= *limit).map_or(else_level, |i| i as u8 + 1) }
            }
            (Value::Date(x, dx), Value::Date(y, dy)) => {
                if dx == dy {
                    return 0;
                }
                let same = [x.year == y.year, x.month == y.month, x.day == y.day];
                let swapped = x.year == y.year && x.month == y.day && x.day == y.month;
                if same.iter().filter(|s| **s).count() == 2 || swapped {
                    return 1;
                }
                let d = (dx - dy).abs() as f64;
                t.iter().position(|limit| d <= *limit).map_or(else_level, |i| i as u8 + 2)
            }
            (Value::Id(x), Value::Id(y)) => match typo_distance(x, y) {
                0 => 0,
                1 if !(x.valid && y.valid) => 1,
                _ => else_level,
            },
            (Value::Name(x), Value::Name(y)) => {
                if x.key == y.key {
                    return 0;
                }
                let same_script = x.thai == y.thai;
                if (same_script && x.toneless == y.toneless) || (!same_script && x.latin == y.latin) {
                    return 1;
                }
                if same_script && jaro_winkler(&x.key, &y.key) >= t[0] {
                    return 2;
                }
                if !same_script && jaro_winkler(&x.latin, &y.latin) >= t[0] {
                    return 3;
                }
                let phonetic = same_script && x.thai && !x.lk82.is_empty() && x.lk82 == y.lk82;
                if phonetic || jaro_winkler(&x.latin, &y.latin) >= t[1] {
                    return 3;
                }
                else_level
            }
            (Value::Bits(x, ox), Value::Bits(y, oy)) => {
                let common: u32 = x.iter().zip(y.iter()).map(|(p, q)| (p & q).count_ones()).sum();
                let total = ox + oy;
                let dice = if total == 0 { 0.0 } else { 2.0 * f64::from(common) / f64::from(total) };
                first_at_least(t, dice).map_or(else_level, |i| i as u8)
            }
            _ => else_level,
        }
    }
}

fn first_at_least(thresholds: &[f64], value: f64) -> Option<usize> {
    thresholds.iter().position(|t| value >= *t - 1e-12)
}

fn prepare_name(raw: &str) -> Value {
    let key = tidtam_thai::name::name_key(raw);
    if key.is_empty() {
        return Value::Null;
    }
    let thai = key.chars().any(tidtam_thai::name::is_thai);
    let toneless = tidtam_thai::name::strip_tone_marks(&key);
    let latin = tidtam_thai::romanize::match_key(&key);
    let lk82 = if thai { tidtam_thai::phonetic::lk82(&key) } else { String::new() };
    Value::Name(Arc::new(NameValue {
        key: chars(&key),
        toneless: chars(&toneless),
        latin: chars(&latin),
        lk82: lk82.into_boxed_str(),
        thai,
    }))
}

/// Packs per-comparison levels into one `u64`, 4 bits each, comparison 0 in the lowest bits.
pub fn pack(levels: &[u8]) -> u64 {
    levels.iter().enumerate().fold(0u64, |acc, (i, l)| acc | (u64::from(*l) << (4 * i)))
}

/// The level of comparison `index` in a packed pattern.
pub fn unpack(pattern: u64, index: usize) -> u8 {
    ((pattern >> (4 * index)) & 0xF) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(kind: Kind, thresholds: &[f64], a: &str, b: &str, expect: &str) {
        let mut spec = ComparisonSpec::new("x", kind);
        spec.thresholds = thresholds.to_vec();
        let comparator = Comparator::new(&spec).unwrap();
        let level = comparator.level(&comparator.prepare(Some(a)), &comparator.prepare(Some(b)), None);
        let label = if level == NULL_LEVEL { "null" } else { comparator.labels[level as usize].as_str() };
        assert_eq!(label, expect, "{kind:?} {a:?} vs {b:?}");
    }

    #[test]
    fn phones_provinces_and_sex() {
        check(Kind::Phone, &[], "081-234-5678", "0812345678", "exact");
        check(Kind::Phone, &[], "+66 81 234 5678", "0812345678", "exact");
        check(Kind::Phone, &[], "0812345678", "0812345687", "one_typo");
        check(Kind::Phone, &[], "0812345678", "0899999999", "else");
        check(Kind::Phone, &[], "-", "0899999999", "null");
        check(Kind::Province, &[], "10", "กรุงเทพมหานคร", "exact");
        check(Kind::Province, &[], "จ.น่าน", "55", "exact");
        check(Kind::Province, &[], "Chiang Mai", "เชียงใหม่", "exact");
        check(Kind::Province, &[], "55", "50", "else");
        check(Kind::Sex, &[], "M", "ชาย", "exact");
        check(Kind::Sex, &[], "หญิง", "2", "exact");
        check(Kind::Sex, &[], "F", "M", "else");
        check(Kind::Sex, &[], "ไม่ระบุ", "M", "null");
    }

    #[test]
    fn exact_and_strings() {
        check(Kind::Exact, &[], "Smith", "smith", "exact");
        check(Kind::Exact, &[], "smith", "smyth", "else");
        check(Kind::Exact, &[], "", "smyth", "null");
        check(Kind::JaroWinkler, &[], "martha", "marhta", "jw>=0.92");
        check(Kind::JaroWinkler, &[], "dwayne", "duane", "jw>=0.8");
        check(Kind::JaroWinkler, &[], "abc", "xyz", "else");
        check(Kind::Levenshtein, &[], "kitten", "sitten", "lev<=1");
        check(Kind::Levenshtein, &[], "kitten", "sitting", "else");
        check(Kind::Levenshtein, &[1.0, 3.0], "kitten", "sitting", "lev<=3");
        check(Kind::Damerau, &[], "1234", "1243", "dam<=1");
        check(Kind::Levenshtein, &[], "1234", "1243", "lev<=2");
    }

    #[test]
    fn numbers_and_dates() {
        check(Kind::Numeric, &[], "10", "10.0", "exact");
        check(Kind::Numeric, &[], "10", "11", "diff<=1");
        check(Kind::Numeric, &[], "10", "14", "diff<=5");
        check(Kind::Numeric, &[], "10", "x", "null");
        check(Kind::Date, &[], "1987-03-15", "15/03/2530", "exact");
        check(Kind::Date, &[], "19870315", "1987-03-16", "one_part_differs");
        check(Kind::Date, &[], "1987-03-15", "1987-15-03", "null");
        check(Kind::Date, &[], "1987-03-05", "1987-05-03", "one_part_differs");
        check(Kind::Date, &[], "1987-03-15", "1986-12-01", "days<=365");
        check(Kind::Date, &[], "1987-03-15", "1970-01-01", "else");
        // A BE year in a CE file is corrected, a wrong century is not a match.
        check(Kind::Date, &[], "2530-03-15", "1987-03-15", "exact");
    }

    #[test]
    fn national_ids() {
        let valid = "1101700230708";
        assert!(parse_national_id(valid).unwrap().valid);
        check(Kind::NationalId, &[], valid, "1-1017-00230-70-8", "exact");
        // One substituted digit: the check digit fails, so a typo.
        check(Kind::NationalId, &[], valid, "1101700230798", "one_typo");
        // Two neighbours swapped.
        check(Kind::NationalId, &[], valid, "1101702030708", "one_typo");
        check(Kind::NationalId, &[], valid, "3100600123458", "else");
        check(Kind::NationalId, &[], valid, "12345", "null");
    }

    #[test]
    fn thai_names() {
        check(Kind::ThaiName, &[0.9, 0.8], "นายสมชาย", "สมชาย", "exact");
        check(Kind::ThaiName, &[0.9, 0.8], "ผ่องศรี", "ผองศรี", "toneless_or_cross_script");
        check(Kind::ThaiName, &[0.9, 0.8], "สมชาย", "Somchay", "toneless_or_cross_script");
        check(Kind::ThaiName, &[0.9, 0.8], "สมชาย", "สมชาญ", "jw>=0.9");
        check(Kind::ThaiName, &[0.9, 0.8], "สมศักดิ์", "ศมศัก", "lk82_or_cross_jw>=0.8");
        check(Kind::ThaiName, &[0.9, 0.8], "สมชาย", "มาลี", "else");
        check(Kind::ThaiName, &[0.9, 0.8], "", "มาลี", "null");
        check(Kind::ThaiName, &[0.9, 0.8], "นาย", "มาลี", "else");
    }

    #[test]
    fn swapped_names() {
        let mut spec = ComparisonSpec::new("given", Kind::ThaiName);
        spec.swap_with = Some("family".into());
        let c = Comparator::new(&spec).unwrap();
        let p = |s: &str| c.prepare(Some(s));
        let level = c.level(&p("สมชาย"), &p("ใจดี"), Some((&p("ใจดี"), &p("สมชาย"))));
        assert_eq!(c.labels[level as usize], "swapped");
        let level = c.level(&p("สมชาย"), &p("ใจดี"), Some((&p("ใจดี"), &p("มาลี"))));
        assert_eq!(c.labels[level as usize], "else");
    }

    #[test]
    fn dice_levels() {
        let mut a = vec![0u64; 2];
        a[0] = 0b1111;
        let mut b = a.clone();
        let encode = |bits: &[u64]| crate::privacy::encode_bits(bits);
        check(Kind::Dice, &[], &encode(&a), &encode(&b), "dice>=1");
        b[0] = 0b0111;
        // Dice = 2·3 / (4 + 3) = 0.857
        check(Kind::Dice, &[], &encode(&a), &encode(&b), "dice>=0.8");
        b[0] = 0b1_0000;
        check(Kind::Dice, &[], &encode(&a), &encode(&b), "else");
    }

    #[test]
    fn bad_specs() {
        let mut spec = ComparisonSpec::new("x", Kind::JaroWinkler);
        spec.thresholds = vec![0.8, 0.9];
        assert!(Comparator::new(&spec).is_err());
        spec.kind = Kind::ThaiName;
        spec.thresholds = vec![0.9];
        assert!(Comparator::new(&spec).is_err());
        spec.kind = Kind::Levenshtein;
        spec.thresholds = (1..20).map(f64::from).collect();
        assert!(Comparator::new(&spec).is_err());
    }

    #[test]
    fn packing() {
        let levels = [0u8, 3, NULL_LEVEL, 1];
        let packed = pack(&levels);
        for (i, l) in levels.iter().enumerate() {
            assert_eq!(unpack(packed, i), *l);
        }
    }
}
