//! A performance agreement (คำรับรองการปฏิบัติราชการ): its indicators, weights,
//! rounds, and the scorecard of a round.
//!
//! Weighted score = weight (percent) × score / 100, exactly; the weights of an
//! agreement sum to exactly 100, so the total is out of 5 (or out of 100 for the
//! three-breakpoint scheme). The computed score is the one that counts; the
//! agency's own figures and the committee's score are kept beside it and checked
//! against it: a stated level, score or weighted score that does not follow from
//! the result and the criteria is a finding.
//!
//! A stated figure is compared at 4 decimals, the precision scores are published
//! to: "0.1" matches a computed 0.1000 and "0.0864" matches 2.5 × 3.4567 / 100 =
//! 0.0864175, but "5" does not match 4.8 and "3.46" does not match 3.4567.

use serde::{Deserialize, Serialize};
use tidtam_thai::fiscal::FiscalYear;

use crate::decimal::{Decimal, Rounding};
use crate::finding::{Finding, Rule};
use crate::indicator::{Band, Criteria, Scale, Scored, ScoringConfig};
use crate::round::{Round, RoundPeriod, Stated};

/// An indicator of an agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// As the agreement numbers it, e.g. `3.1.3`.
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// ผู้กำกับดูแลตัวชี้วัด.
    #[serde(default)]
    pub officer_in_charge: String,
    /// ผู้จัดเก็บข้อมูล.
    #[serde(default)]
    pub data_collector: String,
    /// Percent of the agreement (น้ำหนัก ร้อยละ).
    pub weight: Decimal,
    pub criteria: Criteria,
    #[serde(default)]
    pub rounds: Vec<Round>,
}

impl Indicator {
    /// The round of `period`, if reported.
    pub fn round(&self, period: RoundPeriod) -> Option<&Round> {
        self.rounds.iter().find(|round| round.period == period)
    }
}

/// An agreement of an agency, division or province for a fiscal year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub fiscal_year: FiscalYear,
    /// Whose agreement it is, as the store names the unit.
    pub unit: String,
    #[serde(default)]
    pub config: ScoringConfig,
    pub indicators: Vec<Indicator>,
}

/// One indicator on a round's scorecard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorScore {
    pub code: String,
    pub weight: Decimal,
    /// The computed score; `None` when there is no result or it cannot be scored.
    pub computed: Option<Scored>,
    /// weight × computed score / 100 (0 counted in the total when there is none).
    pub weighted: Option<Decimal>,
    pub band: Option<Band>,
    pub own: Stated,
    pub committee_score: Option<Decimal>,
    pub committee_weighted: Option<Decimal>,
}

/// A round's scorecard: every indicator, the weighted total and the findings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorecard {
    pub fiscal_year: FiscalYear,
    pub period: RoundPeriod,
    pub scale: Scale,
    pub indicators: Vec<IndicatorScore>,
    /// Σ weighted scores (an indicator without a score adds 0).
    pub total: Decimal,
    /// The total out of which it is (5 or 100).
    pub max: Decimal,
    /// Σ weight × committee score / 100, when the committee scored every indicator.
    pub committee_total: Option<Decimal>,
    pub findings: Vec<Finding>,
}

impl Scorecard {
    /// A finding when `stated`, a total written on a report, is not the total.
    pub fn check_total(&self, stated: Decimal) -> Option<Finding> {
        (!matches_stated(stated, self.total)).then(|| {
            Finding::new(
                Rule::KpiTotalMismatch,
                "",
                format!("คะแนนรวมที่รายงาน {stated} แต่ผลรวมของค่าคะแนนถ่วงน้ำหนักคือ {}", self.total.fixed(4)),
                format!("the stated total is {stated} but the weighted scores sum to {}", self.total.fixed(4)),
            )
        })
    }
}

/// weight × score / 100, exact for weights of up to 6 decimals and scores of up to 4.
pub fn weighted_score(weight: Decimal, score: Decimal) -> Option<Decimal> {
    weight.checked_mul(score)?.checked_div(Decimal::HUNDRED, crate::decimal::PLACES, Rounding::HalfUp)
}

/// The decimals a stated figure is compared at: scores are published to 4.
pub const COMPARED_PLACES: u32 = 4;

/// Whether `stated` is `computed` at [`COMPARED_PLACES`] decimals.
pub fn matches_stated(stated: Decimal, computed: Decimal) -> bool {
    stated.round(COMPARED_PLACES, Rounding::HalfUp) == computed.round(COMPARED_PLACES, Rounding::HalfUp)
}

impl Agreement {
    /// The scale the agreement is scored on: that of its indicators (five levels
    /// unless every indicator uses the breakpoint scheme).
    pub fn scale(&self) -> Scale {
        let all_hundred = !self.indicators.is_empty()
            && self.indicators.iter().all(|indicator| indicator.criteria.scale() == Scale::Hundred);
        if all_hundred { Scale::Hundred } else { Scale::Five }
    }

    /// What is wrong with the agreement itself, before any result: the weights,
    /// codes, scales, the criteria and the configuration.
    pub fn check(&self) -> Vec<Finding> {
        let mut findings = self.config.check();
        let total_weight: Decimal = self.indicators.iter().map(|indicator| indicator.weight).sum();
        if !self.indicators.is_empty() && total_weight != Decimal::HUNDRED {
            findings.push(Finding::new(
                Rule::KpiWeightsSum,
                "",
                format!("น้ำหนักตัวชี้วัดรวมกันได้ร้อยละ {total_weight} ต้องเท่ากับ ๑๐๐ พอดี"),
                format!("the indicators' weights sum to {total_weight} %, not exactly 100"),
            ));
        }
        for indicator in &self.indicators {
            if indicator.weight <= Decimal::ZERO || indicator.weight > Decimal::HUNDRED {
                findings.push(Finding::new(
                    Rule::KpiWeightOutOfRange,
                    indicator.code.clone(),
                    format!("น้ำหนัก {} ต้องมากกว่า ๐ และไม่เกิน ๑๐๐", indicator.weight),
                    format!("weight {} must be above 0 and at most 100", indicator.weight),
                ));
            }
            findings.extend(indicator.criteria.check(&indicator.code));
        }
        let mut codes: Vec<&str> = self.indicators.iter().map(|indicator| indicator.code.as_str()).collect();
        codes.sort_unstable();
        let mut duplicates: Vec<&str> =
            codes.windows(2).filter(|pair| pair[0] == pair[1]).map(|pair| pair[0]).collect();
        duplicates.dedup();
        for code in duplicates {
            findings.push(Finding::new(
                Rule::KpiCodeDuplicate,
                code,
                format!("รหัสตัวชี้วัด {code} ซ้ำกัน"),
                format!("indicator code {code} is used more than once"),
            ));
        }
        let scales: Vec<Scale> = self.indicators.iter().map(|indicator| indicator.criteria.scale()).collect();
        if scales.windows(2).any(|pair| pair[0] != pair[1]) {
            findings.push(Finding::new(
                Rule::KpiMixedScales,
                "",
                "คำรับรองเดียวกันต้องใช้เกณฑ์แบบ ๕ ระดับทั้งหมด หรือแบบคะแนน ๐–๑๐๐ ทั้งหมด".to_string(),
                "an agreement's indicators must all use five levels or all use the 0–100 scheme".to_string(),
            ));
        }
        findings
    }

    /// The scorecard of `period`: each indicator scored from its round's result,
    /// weighted, totalled, with the agreement's findings and those of every round
    /// (stated figures, committee score, evidence).
    pub fn scorecard(&self, period: RoundPeriod) -> Scorecard {
        let mut findings = self.check();
        let scale = self.scale();
        let mut indicators = Vec::with_capacity(self.indicators.len());
        for indicator in &self.indicators {
            let round = indicator.round(period);
            let code = indicator.code.as_str();
            let computed = match round.and_then(|round| round.result.as_ref()) {
                None => {
                    findings.push(Finding::new(
                        Rule::KpiResultMissing,
                        code,
                        format!("{}: ยังไม่มีผลการดำเนินงาน (นับคะแนน ๐)", period.name_th()),
                        format!("{}-month round: no result yet (counted as 0)", period.months()),
                    ));
                    None
                }
                Some(result) => match indicator.criteria.score(result, &self.config, code) {
                    Ok(scored) => Some(scored),
                    Err(finding) => {
                        // An invalid criteria finding is already in `check`.
                        if !findings.contains(&finding) {
                            findings.push(finding);
                        }
                        None
                    }
                },
            };
            let weighted = computed.and_then(|scored| weighted_score(indicator.weight, scored.score));
            let own = round.map(|round| round.own.clone()).unwrap_or_default();
            let committee_score = round.and_then(|round| round.committee_score);
            if let Some(round) = round {
                findings.extend(check_stated(indicator, &round.own, computed));
                if let Some(committee) = committee_score {
                    findings.extend(out_of_scale(
                        code,
                        "คณะกรรมการ",
                        "committee",
                        committee,
                        indicator.criteria.scale(),
                    ));
                }
                findings.extend(round.check_evidence(code));
            }
            indicators.push(IndicatorScore {
                code: indicator.code.clone(),
                weight: indicator.weight,
                band: computed.map(|scored| self.config.band(scored.score, scored.scale)),
                computed,
                weighted,
                own,
                committee_score,
                committee_weighted: committee_score.and_then(|score| weighted_score(indicator.weight, score)),
            });
        }
        let total = indicators.iter().filter_map(|score| score.weighted).sum();
        let committee_total = indicators.iter().map(|score| score.committee_weighted).sum::<Option<Decimal>>();
        Scorecard {
            fiscal_year: self.fiscal_year,
            period,
            scale,
            indicators,
            total,
            max: scale.max(),
            committee_total: if self.indicators.is_empty() { None } else { committee_total },
            findings,
        }
    }
}

fn out_of_scale(code: &str, whose_th: &str, whose_en: &str, score: Decimal, scale: Scale) -> Option<Finding> {
    let max = scale.max();
    (score < Decimal::ZERO || score > max).then(|| {
        Finding::new(
            Rule::KpiScoreOutOfRange,
            code,
            format!("ค่าคะแนนของ{whose_th} {score} อยู่นอกช่วง ๐–{max}"),
            format!("the {whose_en} score {score} is outside 0–{max}"),
        )
    })
}

/// The agency's own figures against the computed ones and against each other.
fn check_stated(indicator: &Indicator, own: &Stated, computed: Option<Scored>) -> Vec<Finding> {
    check_stated_figures(&indicator.code, indicator.weight, indicator.criteria.scale(), own, computed)
}

/// [`check_stated`] from the figures alone, for a report form whose criteria
/// could not be read (`computed` is then `None` and only the form's own
/// arithmetic, weight × score / 100, is checked).
pub(crate) fn check_stated_figures(
    code: &str,
    weight: Decimal,
    scale: Scale,
    own: &Stated,
    computed: Option<Scored>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let (Some(level), Some(scored)) = (own.level, computed)
        && level != scored.level
    {
        findings.push(Finding::new(
            Rule::KpiLevelMismatch,
            code,
            format!("รายงานระดับ {level} แต่ผลการดำเนินงานตามเกณฑ์อยู่ที่ระดับ {}", scored.level),
            format!("stated level {level}, but the result reaches level {} of the criteria", scored.level),
        ));
    }
    if let Some(score) = own.score {
        findings.extend(out_of_scale(code, "ส่วนราชการ", "agency's", score, scale));
        if let Some(scored) = computed
            && !matches_stated(score, scored.score)
        {
            findings.push(Finding::new(
                Rule::KpiScoreMismatch,
                code,
                format!("รายงานค่าคะแนน {score} แต่คำนวณจากผลและเกณฑ์ได้ {}", scored.score.fixed(4)),
                format!("stated score {score}, but the result and the criteria give {}", scored.score.fixed(4)),
            ));
        }
    }
    if let Some(stated_weighted) = own.weighted {
        // Against the stated score when there is one (the form's own arithmetic),
        // else against the computed score.
        let basis = own.score.or(computed.map(|scored| scored.score));
        if let Some(expected) = basis.and_then(|score| weighted_score(weight, score))
            && !matches_stated(stated_weighted, expected)
        {
            let score = basis.unwrap_or_default();
            findings.push(Finding::new(
                Rule::KpiWeightedMismatch,
                code,
                format!(
                    "รายงานค่าคะแนนถ่วงน้ำหนัก {stated_weighted} แต่ {} × {score} ÷ ๑๐๐ = {}",
                    weight,
                    expected.fixed(4)
                ),
                format!(
                    "stated weighted score {stated_weighted}, but {} × {score} / 100 = {}",
                    weight,
                    expected.fixed(4)
                ),
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::{Achievement, Mode, Polarity};

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    fn indicator(code: &str, weight: &str, criteria: Criteria, result: Option<Achievement>) -> Indicator {
        let mut round = Round::new(RoundPeriod::TwelveMonths);
        round.result = result;
        Indicator {
            code: code.into(),
            name: format!("ตัวชี้วัด {code}"),
            description: String::new(),
            officer_in_charge: String::new(),
            data_collector: String::new(),
            weight: d(weight),
            criteria,
            rounds: vec![round],
        }
    }

    fn percent_criteria() -> Criteria {
        Criteria::Quantitative {
            polarity: Polarity::Higher,
            mode: Mode::Interpolate,
            thresholds: ["75", "80", "85", "90", "95"].map(d),
        }
    }

    fn agreement(indicators: Vec<Indicator>) -> Agreement {
        Agreement {
            fiscal_year: FiscalYear::from_be(2567),
            unit: "สำนักงานสถิติแห่งชาติ".into(),
            config: ScoringConfig::default(),
            indicators,
        }
    }

    #[test]
    fn weighted_score_is_exact() {
        assert_eq!(weighted_score(d("3"), d("1.6")).unwrap().fixed(4), "0.0480");
        assert_eq!(weighted_score(d("4"), d("4.8")).unwrap(), d("0.192"));
        assert_eq!(weighted_score(d("20"), d("3.4")).unwrap(), d("0.68"));
        assert_eq!(weighted_score(d("2.5"), d("3.4567")).unwrap(), d("0.0864175"));
    }

    #[test]
    fn weights_must_sum_to_exactly_one_hundred() {
        let three = |weights: [&str; 3]| {
            agreement(
                weights
                    .iter()
                    .enumerate()
                    .map(|(i, w)| indicator(&i.to_string(), w, percent_criteria(), None))
                    .collect(),
            )
        };
        assert!(three(["33.33", "33.33", "33.34"]).check().is_empty());
        let findings = three(["33.33", "33.33", "33.33"]).check();
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].id(), "kpi-weights-sum");
        assert!(findings[0].message_en.contains("99.99"), "{}", findings[0].message_en);
        assert!(findings[0].message_th.contains("99.99"));
        let findings = three(["0", "50", "50"]).check();
        assert_eq!(findings.iter().map(Finding::id).collect::<Vec<_>>(), ["kpi-weight-out-of-range"]);
    }

    #[test]
    fn duplicate_codes_and_mixed_scales() {
        let breakpoints = Criteria::Breakpoints { polarity: Polarity::Higher, targets: [d("1"), d("2"), d("3")] };
        let mixed =
            agreement(vec![indicator("1", "50", percent_criteria(), None), indicator("1", "50", breakpoints, None)]);
        let ids: Vec<&str> = mixed.check().iter().map(Finding::id).collect();
        assert_eq!(ids, ["kpi-code-duplicate", "kpi-mixed-scales"]);
    }

    #[test]
    fn the_scorecard_totals_the_weighted_scores() {
        let value = |text: &str| Some(Achievement::Value(d(text)));
        let mut agreement = agreement(vec![
            indicator("1.1", "20", percent_criteria(), value("87")),
            indicator("1.2", "30", percent_criteria(), value("96")),
            indicator("1.3", "50", percent_criteria(), value("77.5")),
        ]);
        let card = agreement.scorecard(RoundPeriod::TwelveMonths);
        assert!(card.findings.is_empty(), "{:?}", card.findings);
        // 20 × 3.4 / 100 + 30 × 5 / 100 + 50 × 1.5 / 100 = 0.68 + 1.5 + 0.75.
        assert_eq!(card.total.fixed(4), "2.9300");
        assert_eq!(card.max, d("5"));
        assert_eq!(card.indicators[0].weighted, Some(d("0.68")));
        assert_eq!(card.indicators[0].band, Some(Band::Middle));
        assert_eq!(card.indicators[2].band, Some(Band::Low));
        assert!(card.check_total(d("2.93")).is_none());
        assert_eq!(card.check_total(d("2.94")).unwrap().id(), "kpi-total-mismatch");
        assert_eq!(card.committee_total, None);
        // The committee's scores, kept beside: OPEC re-scored 5 as 4.8.
        for (indicator, score) in agreement.indicators.iter_mut().zip(["3.4", "4.8", "1.5"]) {
            indicator.rounds[0].committee_score = Some(d(score));
        }
        let card = agreement.scorecard(RoundPeriod::TwelveMonths);
        assert_eq!(card.committee_total.unwrap().fixed(4), "2.8700");
        assert_eq!(card.indicators[1].committee_weighted, Some(d("1.44")));
        // A round not reported counts 0 and says so.
        let card = agreement.scorecard(RoundPeriod::SixMonths);
        assert_eq!(card.total, Decimal::ZERO);
        assert_eq!(card.findings.iter().filter(|f| f.rule == Rule::KpiResultMissing).count(), 3);
    }

    #[test]
    fn stated_figures_are_checked_against_the_computed_ones() {
        let mut kpi = indicator("2.1", "20", percent_criteria(), Some(Achievement::Value(d("87"))));
        kpi.rounds[0].own = Stated { level: Some(4), score: Some(d("3.5")), weighted: Some(d("0.68")) };
        let card = agreement(vec![kpi.clone(), indicator("2.2", "80", percent_criteria(), None)])
            .scorecard(RoundPeriod::TwelveMonths);
        let ids: Vec<&str> = card.findings.iter().filter(|f| f.subject == "2.1").map(Finding::id).collect();
        // 0.68 matches the computed 3.4 but not the stated 3.5 (20 × 3.5 / 100 = 0.7).
        assert_eq!(ids, ["kpi-level-mismatch", "kpi-score-mismatch", "kpi-weighted-mismatch"]);
        let weighted = card.findings.iter().find(|f| f.rule == Rule::KpiWeightedMismatch).unwrap();
        assert!(weighted.message_en.contains("20 × 3.5 / 100 = 0.7000"), "{}", weighted.message_en);
        // Trailing zeros do not matter; a committee score out of the scale does.
        kpi.rounds[0].own = Stated { level: Some(3), score: Some(d("3.40")), weighted: Some(d("0.68")) };
        kpi.rounds[0].committee_score = Some(d("5.5"));
        let card = agreement(vec![kpi]).scorecard(RoundPeriod::TwelveMonths);
        let ids: Vec<&str> = card.findings.iter().map(Finding::id).collect();
        assert_eq!(ids, ["kpi-weights-sum", "kpi-score-out-of-range"]);
    }

    #[test]
    fn matching_at_the_stated_precision() {
        assert!(matches_stated(d("0.1"), d("0.1")));
        assert!(matches_stated(d("0.0864"), d("0.0864175")));
        assert!(matches_stated(d("0.0865"), d("0.08645")));
        assert!(!matches_stated(d("3.46"), d("3.4567")));
        assert!(!matches_stated(d("3.4"), d("3.4567")));
        assert!(matches_stated(d("4.8000"), d("4.8")));
        assert!(!matches_stated(d("5"), d("4.8")));
    }

    #[test]
    fn the_later_scheme_totals_out_of_a_hundred() {
        // DIT FY2567: Performance Base 70 % scored 100, Potential Base 30 % scored
        // 99.8: 70 + 29.94 = 99.94.
        let base = |targets: [&str; 3]| Criteria::Breakpoints { polarity: Polarity::Higher, targets: targets.map(d) };
        let card = agreement(vec![
            indicator("PB", "70", base(["90", "95", "98.90"]), Some(Achievement::Value(d("98.94")))),
            indicator("PT", "30", base(["0", "70", "100"]), Some(Achievement::Value(d("99.8")))),
        ])
        .scorecard(RoundPeriod::TwelveMonths);
        assert!(card.findings.is_empty(), "{:?}", card.findings);
        assert_eq!(card.scale, Scale::Hundred);
        assert_eq!(card.max, d("100"));
        // 70 + 30 × 29.8 / 30 = 99.8 for the second; weighted 29.94.
        assert_eq!(card.indicators[1].computed.unwrap().score, d("99.8"));
        assert_eq!(card.total.fixed(4), "99.9400");
    }
}
