//! A dataset's disclosure control, as its statistician sets it: off, cell
//! suppression by primary rules with explicit parameters, or random rounding
//! to a base. Stored with the dataset's definition; applied by the service
//! (with `tidtam-sdc`) before anything is published.
//!
//! The table protected is, period by period, the counts of one indicator over
//! the dataset's other dimensions (area, sex, age), with the area's totals
//! country → region → province and `_T` as the total of sex and age. An
//! observation carries one value, so contributions (for the dominance and p %
//! rules) are carried as indicators of their own: the largest contribution of
//! each cell under one indicator, the second largest under another, … These
//! indicators are never published.

/// What is done to a dataset's tables before they are published.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Disclosure {
    /// Published as loaded.
    #[default]
    Off,
    /// Unsafe cells (and enough others to protect them) are published without a value.
    Suppression(Suppression),
    /// Every count is randomly rounded to a base (unbiased, seeded, totals additive).
    Rounding(Rounding),
}

/// Cell suppression: the primary rules, each off unless set, with their parameters.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Suppression {
    /// The indicator whose observations are the cells' numbers of contributors.
    pub count_indicator: String,
    /// The indicator of the cells' magnitudes (turnover, income …), if any: it is
    /// suppressed with the counts and is what the audit protects.
    #[serde(default)]
    pub value_indicator: Option<String>,
    /// The indicators holding each cell's largest contribution, second largest, …
    /// (needed by the dominance and p % rules; never published).
    #[serde(default)]
    pub contribution_indicators: Vec<String>,
    /// Minimum frequency: a cell with 0 < count < `min_frequency` is unsafe
    /// (τ-Argus FREQ(n); sdcTable's maxN = `min_frequency` − 1).
    #[serde(default)]
    pub min_frequency: Option<u64>,
    /// (n,k) dominance: unsafe when the n largest contributions exceed k % of the cell.
    #[serde(default)]
    pub dominance: Option<(usize, f64)>,
    /// p %: unsafe when X − x₁ − x₂ < p/100 · x₁.
    #[serde(default)]
    pub p_percent: Option<f64>,
    /// For cells unsafe by minimum frequency: the protection level as a percentage
    /// of the cell (0: only "not recomputable exactly").
    #[serde(default)]
    pub protection_level: f64,
}

/// Random rounding of one indicator's counts to a base.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Rounding {
    pub count_indicator: String,
    /// The base (3, 5, 10 …), at least 2.
    pub base: u32,
}

/// A problem with a disclosure setting: the form field and the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingError {
    pub field: String,
    pub message_th: String,
    pub message_en: String,
}

impl SettingError {
    fn new(field: &str, th: String, en: String) -> Self {
        SettingError { field: field.into(), message_th: th, message_en: en }
    }
}

impl Disclosure {
    /// Whether the published tables differ from the loaded ones.
    pub fn is_on(&self) -> bool {
        !matches!(self, Disclosure::Off)
    }

    /// Indicators that are never published (the contributions).
    pub fn withheld_indicators(&self) -> &[String] {
        match self {
            Disclosure::Suppression(s) => &s.contribution_indicators,
            _ => &[],
        }
    }

    /// Every problem with the setting for a dataset whose indicator codes are
    /// `indicators` (the rules' own ranges are checked again by `tidtam-sdc` when applied).
    pub fn validate(&self, indicators: &[&str]) -> Vec<SettingError> {
        let mut errors = Vec::new();
        let known = |field: &str, code: &str, errors: &mut Vec<SettingError>| {
            if !indicators.contains(&code) {
                errors.push(SettingError::new(
                    field,
                    format!("ชุดข้อมูลนี้ไม่มีตัวชี้วัด \"{code}\""),
                    format!("this dataset has no indicator \"{code}\""),
                ));
            }
        };
        match self {
            Disclosure::Off => {}
            Disclosure::Rounding(r) => {
                known("count_indicator", &r.count_indicator, &mut errors);
                if r.base < 2 {
                    errors.push(SettingError::new(
                        "base",
                        format!("ฐานการปัดต้องอย่างน้อย 2 (ได้ {})", r.base),
                        format!("the rounding base must be at least 2, got {}", r.base),
                    ));
                }
            }
            Disclosure::Suppression(s) => {
                known("count_indicator", &s.count_indicator, &mut errors);
                if let Some(v) = &s.value_indicator {
                    known("value_indicator", v, &mut errors);
                }
                for c in &s.contribution_indicators {
                    known("contribution_indicators", c, &mut errors);
                }
                let mut used: Vec<&str> = vec![&s.count_indicator];
                used.extend(s.value_indicator.as_deref());
                used.extend(s.contribution_indicators.iter().map(String::as_str));
                if (1..used.len()).any(|i| used[..i].contains(&used[i])) {
                    errors.push(SettingError::new(
                        "contribution_indicators",
                        "ตัวชี้วัดจำนวน มูลค่า และส่วนร่วมต้องไม่ซ้ำกัน".into(),
                        "the count, value and contribution indicators must all differ".into(),
                    ));
                }
                if s.min_frequency.is_none() && s.dominance.is_none() && s.p_percent.is_none() {
                    errors.push(SettingError::new(
                        "min_frequency",
                        "ต้องกำหนดกฎอย่างน้อยหนึ่งข้อ (ความถี่ต่ำสุด, (n,k) หรือ p%)".into(),
                        "set at least one rule (minimum frequency, (n,k) or p %)".into(),
                    ));
                }
                if s.min_frequency == Some(0) {
                    errors.push(SettingError::new(
                        "min_frequency",
                        "ความถี่ต่ำสุดต้องอย่างน้อย 1".into(),
                        "the minimum frequency must be at least 1".into(),
                    ));
                }
                if (s.dominance.is_some() || s.p_percent.is_some()) && s.contribution_indicators.is_empty() {
                    errors.push(SettingError::new(
                        "contribution_indicators",
                        "กฎ (n,k) และ p% ต้องรู้ส่วนร่วมรายใหญ่ของแต่ละช่อง: ระบุตัวชี้วัดที่เก็บส่วนร่วมอันดับ 1, 2, …".into(),
                        "the (n,k) and p % rules need each cell's largest contributions: name the indicators holding the 1st, 2nd, … largest".into(),
                    ));
                }
                if let Some((n, _)) = s.dominance
                    && n > s.contribution_indicators.len().max(1)
                {
                    errors.push(SettingError::new(
                        "dominance",
                        format!("กฎ ({n},k) ต้องมีตัวชี้วัดส่วนร่วมอย่างน้อย {n} ตัว"),
                        format!("the ({n},k) rule needs at least {n} contribution indicators"),
                    ));
                }
                if s.p_percent.is_some() && s.contribution_indicators.len() < 2 {
                    errors.push(SettingError::new(
                        "p_percent",
                        "กฎ p% ต้องมีตัวชี้วัดส่วนร่วมอันดับ 1 และ 2".into(),
                        "the p % rule needs the 1st and 2nd largest contributions".into(),
                    ));
                }
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_form_and_checks() {
        let d = ["UNEMP_RATE", "LABOUR_FORCE"];
        let s = Disclosure::Suppression(Suppression {
            count_indicator: "LABOUR_FORCE".into(),
            min_frequency: Some(3),
            ..Suppression::default()
        });
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.starts_with(r#"{"method":"suppression","count_indicator":"LABOUR_FORCE""#), "{json}");
        assert_eq!(serde_json::from_str::<Disclosure>(&json).unwrap(), s);
        assert!(s.validate(&d).is_empty());
        assert_eq!(serde_json::from_str::<Disclosure>(r#"{"method":"off"}"#).unwrap(), Disclosure::Off);
        let bad = Disclosure::Suppression(Suppression {
            count_indicator: "NOPE".into(),
            dominance: Some((2, 85.0)),
            ..Suppression::default()
        });
        let fields: Vec<String> = bad.validate(&d).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["count_indicator", "contribution_indicators", "dominance"]);
        let r = Disclosure::Rounding(Rounding { count_indicator: "LABOUR_FORCE".into(), base: 1 });
        assert_eq!(r.validate(&d)[0].field, "base");
    }
}
