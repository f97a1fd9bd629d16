//! Primary rules: which cells are unsafe to publish, and by how much an attacker's
//! estimate of each must stay uncertain (its protection level).

use serde::Deserialize;

use crate::SdcError;
use crate::table::Table;

/// The (n,k) dominance rule: a cell is unsafe when its `n` largest contributions make up
/// more than `k` percent of its value.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dominance {
    /// How many of the largest contributors may act together (n ≥ 1).
    pub n: usize,
    /// The share of the cell value, in percent (0 < k ≤ 100).
    pub k: f64,
}

/// The primary rules of one run (or one dataset). Every rule is off unless set.
///
/// TOML (the same names): `min_frequency = 3`, `dominance = { n = 2, k = 85 }`,
/// `p_percent = 10`, `protection_level = 10`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Minimum frequency: a cell with 0 < count < `min_frequency` contributors is unsafe
    /// (τ-Argus FREQ(n) with n = `min_frequency`; sdcTable's maxN is `min_frequency − 1`).
    /// Empty cells (count 0) are not flagged.
    pub min_frequency: Option<u64>,
    /// The (n,k) dominance rule.
    pub dominance: Option<Dominance>,
    /// The p % rule: a cell is unsafe when the second largest contributor could estimate
    /// the largest to within `p_percent` percent: X − x₁ − x₂ < p/100 · x₁.
    pub p_percent: Option<f64>,
    /// For cells unsafe by minimum frequency: the protection level as a percentage of the
    /// cell's audited measure (0 means only "not recomputable exactly").
    #[serde(default)]
    pub protection_level: f64,
}

/// Which rule made a cell unsafe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Too few contributors.
    MinFrequency,
    /// (n,k) dominance.
    Dominance,
    /// p %.
    PPercent,
}

impl Rule {
    /// A short name for the audit file: "freq", "nk", "p".
    pub fn id(self) -> &'static str {
        match self {
            Rule::MinFrequency => "freq",
            Rule::Dominance => "nk",
            Rule::PPercent => "p",
        }
    }
}

/// A primary (unsafe) cell: the rules it fails and the protection level it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Primary {
    /// The rules the cell fails.
    pub rules: Vec<Rule>,
    /// The protection level: the attacker's upper bound must reach value + level, and the
    /// lower bound value − min(level, value) (symmetric, cut at zero: cells are ≥ 0).
    pub level: f64,
}

impl Rules {
    /// Reads rules from TOML.
    pub fn from_toml(text: &str) -> Result<Self, SdcError> {
        let rules: Rules = toml::from_str(text).map_err(|e| SdcError::Rules(e.message().to_owned()))?;
        rules.validate()?;
        Ok(rules)
    }

    /// Checks the parameters' ranges.
    pub fn validate(&self) -> Result<(), SdcError> {
        if let Some(d) = self.dominance
            && (d.n == 0 || !(d.k > 0.0 && d.k <= 100.0))
        {
            return Err(SdcError::Rules(format!(
                "(n,k) ต้องมี n ≥ 1 และ 0 < k ≤ 100 / (n,k) needs n ≥ 1 and 0 < k ≤ 100, got ({}, {})",
                d.n, d.k
            )));
        }
        if let Some(p) = self.p_percent
            && !(p > 0.0 && p <= 100.0)
        {
            return Err(SdcError::Rules(format!("p% ต้องอยู่ใน (0, 100] / p% must be in (0, 100], got {p}")));
        }
        if !(self.protection_level >= 0.0 && self.protection_level.is_finite()) {
            return Err(SdcError::Rules("ระดับการป้องกันต้อง ≥ 0 / the protection level must be ≥ 0".into()));
        }
        if self.min_frequency.is_none() && self.dominance.is_none() && self.p_percent.is_none() {
            return Err(SdcError::Rules("ไม่ได้กำหนดกฎใดเลย / no rule is set".into()));
        }
        Ok(())
    }

    /// True if a rule needs the cells' contributions.
    pub fn needs_contributions(&self) -> bool {
        self.dominance.is_some() || self.p_percent.is_some()
    }

    /// Evaluates the rules on one cell given its measure X, count and largest
    /// contributions (largest first). `label` names the cell in errors.
    pub fn evaluate(
        &self,
        measure: f64,
        count: Option<f64>,
        contributions: Option<&[f64]>,
        label: &dyn Fn() -> String,
    ) -> Result<Option<Primary>, SdcError> {
        let mut rules = Vec::new();
        let mut level: f64 = 0.0;
        if let (Some(n), Some(count)) = (self.min_frequency, count)
            && count > 0.0
            && count < n as f64
        {
            rules.push(Rule::MinFrequency);
            level = level.max(self.protection_level / 100.0 * measure);
        }
        if self.needs_contributions() && measure != 0.0 {
            let x = contributions.ok_or_else(|| SdcError::MissingContributions { cell: label() })?;
            if let Some(&neg) = x.iter().find(|v| **v < 0.0) {
                return Err(SdcError::NegativeContribution { cell: label(), contribution: neg });
            }
            if let Some(d) = self.dominance {
                let top: f64 = x.iter().take(d.n).sum();
                if top > d.k / 100.0 * measure {
                    rules.push(Rule::Dominance);
                    level = level.max(100.0 / d.k * top - measure);
                }
            }
            if let Some(p) = self.p_percent {
                let x1 = x.first().copied().unwrap_or(0.0);
                let x2 = x.get(1).copied().unwrap_or(0.0);
                let rest = measure - x1 - x2;
                if x1 > 0.0 && rest < p / 100.0 * x1 {
                    rules.push(Rule::PPercent);
                    level = level.max(p / 100.0 * x1 - rest);
                }
            }
        }
        Ok((!rules.is_empty()).then_some(Primary { rules, level }))
    }

    /// The primary cells of a table, by cell index.
    pub fn primaries(&self, table: &Table) -> Result<Vec<Option<Primary>>, SdcError> {
        self.validate()?;
        // Leaves first, so that a bad contribution is reported where it was written, not
        // in the first total that merged it.
        let mut order: Vec<usize> = (0..table.len()).collect();
        order.sort_by_key(|&c| !table.is_leaf_cell(c));
        let mut out = vec![None; table.len()];
        for c in order {
            out[c] = self.evaluate(table.measure(c), table.count(c), table.contributions(c), &|| table.label(c))?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CELL: [f64; 3] = [100.0, 5.0, 3.0];

    fn eval(rules: &Rules, x: f64, count: Option<f64>, c: &[f64]) -> Result<Option<Primary>, SdcError> {
        rules.evaluate(x, count, Some(c), &|| "ภาค=เหนือ".to_owned())
    }

    #[test]
    fn p_percent_by_hand() {
        // X = 108, x1 = 100, x2 = 5: X − x1 − x2 = 3 < 10 % of 100 → unsafe; level 10 − 3 = 7.
        let rules = Rules { p_percent: Some(10.0), ..Rules::default() };
        let p = eval(&rules, 108.0, Some(3.0), &CELL).unwrap().unwrap();
        assert_eq!(p.rules, vec![Rule::PPercent]);
        assert!((p.level - 7.0).abs() < 1e-9, "{}", p.level);
        // With p = 2: 3 ≥ 2 → safe.
        let rules = Rules { p_percent: Some(2.0), ..Rules::default() };
        assert_eq!(eval(&rules, 108.0, Some(3.0), &CELL).unwrap(), None);
    }

    #[test]
    fn dominance_by_hand() {
        // (2,85): 100 + 5 = 105 > 0.85 · 108 = 91.8 → unsafe; level 100/85 · 105 − 108 ≈ 15.53.
        let rules = Rules { dominance: Some(Dominance { n: 2, k: 85.0 }), ..Rules::default() };
        let p = eval(&rules, 108.0, Some(3.0), &CELL).unwrap().unwrap();
        assert_eq!(p.rules, vec![Rule::Dominance]);
        assert!((p.level - (105.0 / 0.85 - 108.0)).abs() < 1e-9);
        assert!((p.level - 15.53).abs() < 0.005);
        // (1,95): 100 ≤ 102.6 → safe.
        let rules = Rules { dominance: Some(Dominance { n: 1, k: 95.0 }), ..Rules::default() };
        assert_eq!(eval(&rules, 108.0, Some(3.0), &CELL).unwrap(), None);
    }

    #[test]
    fn min_frequency_by_hand() {
        let rules = Rules { min_frequency: Some(3), protection_level: 10.0, ..Rules::default() };
        // count 2 < 3 → unsafe with level 10 % of 40 = 4; count 3 is safe; an empty cell too.
        let p = eval(&rules, 40.0, Some(2.0), &[]).unwrap().unwrap();
        assert_eq!(p.rules, vec![Rule::MinFrequency]);
        assert!((p.level - 4.0).abs() < 1e-9);
        assert_eq!(eval(&rules, 40.0, Some(3.0), &[]).unwrap(), None);
        assert_eq!(eval(&rules, 0.0, Some(0.0), &[]).unwrap(), None);
    }

    #[test]
    fn the_largest_failing_rule_sets_the_level() {
        let rules = Rules {
            min_frequency: Some(5),
            dominance: Some(Dominance { n: 2, k: 85.0 }),
            p_percent: Some(10.0),
            protection_level: 10.0,
        };
        let p = eval(&rules, 108.0, Some(3.0), &CELL).unwrap().unwrap();
        assert_eq!(p.rules, vec![Rule::MinFrequency, Rule::Dominance, Rule::PPercent]);
        assert!((p.level - (105.0 / 0.85 - 108.0)).abs() < 1e-9);
    }

    #[test]
    fn negative_contribution_is_refused_with_a_reason() {
        let rules = Rules { p_percent: Some(10.0), ..Rules::default() };
        let err = eval(&rules, 98.0, Some(3.0), &[100.0, 5.0, -7.0]).unwrap_err();
        assert!(matches!(err, SdcError::NegativeContribution { contribution, .. } if contribution == -7.0));
        let text = err.to_string();
        assert!(
            text.contains("ภาค=เหนือ") && text.contains("ติดลบ") && text.contains("assume contributions ≥ 0"),
            "{text}"
        );
        // The frequency rule alone does not look at contributions.
        let rules = Rules { min_frequency: Some(3), ..Rules::default() };
        assert!(eval(&rules, 98.0, Some(3.0), &[100.0, 5.0, -7.0]).is_ok());
    }

    #[test]
    fn rules_from_toml_and_bad_parameters() {
        let r = Rules::from_toml(
            "min_frequency = 3\ndominance = { n = 2, k = 85 }\np_percent = 10\nprotection_level = 10\n",
        )
        .unwrap();
        assert_eq!(r.dominance, Some(Dominance { n: 2, k: 85.0 }));
        assert_eq!(r.p_percent, Some(10.0));
        assert!(matches!(Rules::from_toml("dominance = { n = 0, k = 85 }"), Err(SdcError::Rules(_))));
        assert!(matches!(Rules::from_toml("p_percent = 150"), Err(SdcError::Rules(_))));
        assert!(matches!(Rules::from_toml("min_freq = 3"), Err(SdcError::Rules(_))));
        assert!(matches!(Rules::from_toml(""), Err(SdcError::Rules(_))));
    }
}
