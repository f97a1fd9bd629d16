//! One performance-agreement indicator's criteria, and its score from a result.
//!
//! Three kinds of criteria (`../shared/reference/scoring-rules.md` §2):
//!
//! - [`Criteria::Quantitative`]: a value against thresholds t₁…t₅ for levels 1–5,
//!   higher or lower is better, scored by linear interpolation between levels
//!   (`L + (r − t_L)/(t_{L+1} − t_L)`: level 3 = 85 %, level 4 = 90 %, result 87 % →
//!   3.4000) or by steps (the level reached), capped at 5;
//! - [`Criteria::Milestone`] (ระดับความสำเร็จ): the steps of each level; the score
//!   is the highest level whose steps are met;
//! - [`Criteria::Breakpoints`]: the FY2565+ e-SAR scheme, three targets ขั้นต้น /
//!   มาตรฐาน / ขั้นสูง scored on 0–100.
//!
//! What the sources do not settle is configuration ([`ScoringConfig`]), with the
//! reference's defaults: the score below level 1 (0), whether milestone levels are
//! cumulative (yes) and whether partial steps earn a fraction (no), the
//! breakpoints' scores (50 / 70 / 100, DIT FY2567) and the score below ขั้นต้น (0),
//! the places a score is rounded to (4, half up: OPEC's published scores) and the
//! colour bands (MOI: below 3, up to 4, up to 5).
//! What the sources state is code: interpolation, the cap, polarity, and
//! weighted = weight × score / 100 (in `agreement`).

use serde::{Deserialize, Serialize};

use crate::decimal::{Decimal, Rounding};
use crate::finding::{Finding, Rule};

/// Whether a higher or a lower result is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    Higher,
    Lower,
}

/// How a quantitative result between two thresholds scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Linear between levels: 87 % between 85 % (3) and 90 % (4) is 3.4.
    Interpolate,
    /// The level reached, in bands (90–99 % → 4): some agencies' manuals.
    Step,
}

/// The scale an indicator is scored on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Levels 1–5 (quantitative and milestone indicators); totals out of 5.
    Five,
    /// 0–100 (the three-breakpoint scheme); totals out of 100.
    Hundred,
}

impl Scale {
    pub fn max(self) -> Decimal {
        match self {
            Scale::Five => Decimal::from_int(5),
            Scale::Hundred => Decimal::HUNDRED,
        }
    }
}

/// A scorecard colour (the MOI KPI site bands scores below 3, up to 4, up to 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Middle,
    High,
}

/// The rules an agreement (so a fiscal year) scores by, where the sources leave a
/// choice. Every field has the reference's default; see the module documentation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoringConfig {
    /// The score of a quantitative result short of level 1: 0 or 1 (UNVERIFIED; default 0).
    pub below_level_one: Decimal,
    /// Milestones: a level counts only if every lower level is met too (default true).
    pub milestone_cumulative: bool,
    /// Milestones: the steps met of the next level earn that fraction of a point
    /// (default false: whole levels only).
    pub milestone_partial: bool,
    /// Scores of ขั้นต้น, มาตรฐาน and ขั้นสูง (default 50, 70, 100: DIT FY2567).
    pub breakpoint_scores: [Decimal; 3],
    /// Score of a result short of ขั้นต้น (UNVERIFIED; default 0).
    pub below_basic: Decimal,
    /// Places a computed score is rounded to (default 4, as published).
    pub score_places: u32,
    /// How a computed score is rounded (default half up).
    pub rounding: Rounding,
    /// Upper bounds of the low and middle colour bands on the 5-point scale
    /// (default 3 exclusive and 4 inclusive); scaled ×20 for 0–100 indicators.
    pub bands: [Decimal; 2],
}

impl Default for ScoringConfig {
    fn default() -> Self {
        ScoringConfig {
            below_level_one: Decimal::ZERO,
            milestone_cumulative: true,
            milestone_partial: false,
            breakpoint_scores: [Decimal::from_int(50), Decimal::from_int(70), Decimal::HUNDRED],
            below_basic: Decimal::ZERO,
            score_places: 4,
            rounding: Rounding::HalfUp,
            bands: [Decimal::from_int(3), Decimal::from_int(4)],
        }
    }
}

impl ScoringConfig {
    /// What is wrong with the configuration itself (empty when usable).
    pub fn check(&self) -> Vec<Finding> {
        let mut findings = Vec::new();
        if self.below_level_one != Decimal::ZERO && self.below_level_one != Decimal::ONE {
            findings.push(Finding::new(
                Rule::KpiScoreOutOfRange,
                "",
                format!("คะแนนเมื่อไม่ถึงระดับ ๑ ต้องเป็น ๐ หรือ ๑ (กำหนดไว้ {})", self.below_level_one),
                format!("the score below level 1 must be 0 or 1 (configured {})", self.below_level_one),
            ));
        }
        let [basic, standard, advanced] = self.breakpoint_scores;
        let ordered = Decimal::ZERO <= self.below_basic
            && self.below_basic <= basic
            && basic < standard
            && standard < advanced
            && advanced <= Decimal::HUNDRED;
        if !ordered {
            findings.push(Finding::new(
                Rule::KpiBreakpointsOrder,
                "",
                format!("คะแนนขั้นต้น มาตรฐาน ขั้นสูง ต้องเพิ่มขึ้นภายใน ๐–๑๐๐ (กำหนดไว้ {basic} / {standard} / {advanced})"),
                format!("the basic, standard and advanced scores must rise within 0–100 (configured {basic} / {standard} / {advanced})"),
            ));
        }
        findings
    }

    /// The colour of `score` on `scale`.
    pub fn band(&self, score: Decimal, scale: Scale) -> Band {
        let factor = match scale {
            Scale::Five => Decimal::ONE,
            Scale::Hundred => Decimal::from_int(20),
        };
        let low = self.bands[0].checked_mul(factor).unwrap_or(self.bands[0]);
        let middle = self.bands[1].checked_mul(factor).unwrap_or(self.bands[1]);
        if score < low {
            Band::Low
        } else if score <= middle {
            Band::Middle
        } else {
            Band::High
        }
    }
}

/// An indicator's criteria.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Criteria {
    /// A measured value against the thresholds of levels 1–5.
    Quantitative { polarity: Polarity, mode: Mode, thresholds: [Decimal; 5] },
    /// The steps of levels 1–5 (each a list of step descriptions).
    Milestone { steps: [Vec<String>; 5] },
    /// Targets ขั้นต้น, มาตรฐาน and ขั้นสูง, scored 0–100.
    Breakpoints { polarity: Polarity, targets: [Decimal; 3] },
}

/// What an indicator achieved in a round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Achievement {
    /// A measured value (quantitative and breakpoint indicators).
    Value(Decimal),
    /// The highest level met, as stated (a milestone indicator's spreadsheet row).
    Level(u8),
    /// Per level 1–5, whether each of its steps was met (a milestone indicator).
    Steps([Vec<bool>; 5]),
}

/// A computed score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scored {
    /// The score, rounded to the configured places.
    pub score: Decimal,
    /// The level reached: 0–5 (0 short of level 1), or 0–3 for breakpoints
    /// (0 short of ขั้นต้น, 3 at ขั้นสูง).
    pub level: u8,
    pub scale: Scale,
}

impl Criteria {
    pub fn scale(&self) -> Scale {
        match self {
            Criteria::Quantitative { .. } | Criteria::Milestone { .. } => Scale::Five,
            Criteria::Breakpoints { .. } => Scale::Hundred,
        }
    }

    /// What is wrong with the criteria (thresholds out of order, levels without
    /// steps); `subject` is the indicator's code.
    pub fn check(&self, subject: &str) -> Vec<Finding> {
        let mut findings = Vec::new();
        match self {
            Criteria::Quantitative { polarity, thresholds, .. } => {
                if !strictly_ordered(thresholds, *polarity) {
                    let listed = list(thresholds);
                    let (th, en) = direction_words(*polarity);
                    findings.push(Finding::new(
                        Rule::KpiThresholdsOrder,
                        subject,
                        format!("เกณฑ์ระดับ ๑–๕ ({listed}) ต้อง{th}อย่างเคร่งครัด"),
                        format!("the thresholds of levels 1–5 ({listed}) must strictly {en}"),
                    ));
                }
            }
            Criteria::Breakpoints { polarity, targets } => {
                if !strictly_ordered(targets, *polarity) {
                    let listed = list(targets);
                    let (th, en) = direction_words(*polarity);
                    findings.push(Finding::new(
                        Rule::KpiBreakpointsOrder,
                        subject,
                        format!("ค่าเป้าหมายขั้นต้น มาตรฐาน ขั้นสูง ({listed}) ต้อง{th}อย่างเคร่งครัด"),
                        format!("the basic, standard and advanced targets ({listed}) must strictly {en}"),
                    ));
                }
            }
            Criteria::Milestone { steps } => {
                let empty: Vec<String> =
                    (1..=5).filter(|level| steps[level - 1].is_empty()).map(|level| level.to_string()).collect();
                if !empty.is_empty() {
                    let levels = empty.join(", ");
                    findings.push(Finding::new(
                        Rule::KpiMilestoneStepsMissing,
                        subject,
                        format!("ระดับ {levels} ไม่ได้กำหนดขั้นตอน (ระดับที่ไม่มีขั้นตอนนับว่ายังไม่บรรลุ)"),
                        format!("level {levels} has no steps (a level without steps never counts as met)"),
                    ));
                }
            }
        }
        findings
    }

    /// The score of `achievement`, or the findings that say why there is none.
    /// The criteria should pass [`Criteria::check`]; criteria out of order are not scored.
    pub fn score(&self, achievement: &Achievement, config: &ScoringConfig, subject: &str) -> Result<Scored, Finding> {
        if let Some(problem) = self.check(subject).into_iter().find(|f| f.rule != Rule::KpiMilestoneStepsMissing) {
            return Err(problem);
        }
        match (self, achievement) {
            (Criteria::Quantitative { polarity, mode, thresholds }, Achievement::Value(value)) => {
                score_quantitative(*polarity, *mode, thresholds, *value, config, subject)
            }
            (Criteria::Breakpoints { polarity, targets }, Achievement::Value(value)) => {
                score_breakpoints(*polarity, targets, *value, config, subject)
            }
            (Criteria::Milestone { .. }, Achievement::Level(level)) => milestone_level(*level, subject),
            // A milestone row of a spreadsheet states the level as a number.
            (Criteria::Milestone { .. }, Achievement::Value(value)) => {
                let level = (value.places() == 0).then(|| value.to_string().parse::<u8>().ok()).flatten();
                match level {
                    Some(level) => milestone_level(level, subject),
                    None => Err(out_of_range(subject, &value.to_string(), "ระดับ ๐–๕", "level 0–5")),
                }
            }
            (Criteria::Milestone { steps }, Achievement::Steps(met)) => score_milestone(steps, met, config, subject),
            (_, Achievement::Level(_) | Achievement::Steps(_)) => Err(out_of_range(
                subject,
                "ระดับ/ขั้นตอน",
                "ค่าที่วัดได้ (ตัวชี้วัดเชิงปริมาณ)",
                "a measured value (a quantitative indicator)",
            )),
        }
    }
}

fn direction_words(polarity: Polarity) -> (&'static str, &'static str) {
    match polarity {
        Polarity::Higher => ("เพิ่มขึ้น (ยิ่งมากยิ่งดี)", "rise (higher is better)"),
        Polarity::Lower => ("ลดลง (ยิ่งน้อยยิ่งดี)", "fall (lower is better)"),
    }
}

fn list(values: &[Decimal]) -> String {
    values.iter().map(Decimal::to_string).collect::<Vec<_>>().join(" / ")
}

/// Whether `values` strictly rise (higher is better) or strictly fall (lower).
fn strictly_ordered(values: &[Decimal], polarity: Polarity) -> bool {
    values.windows(2).all(|pair| match polarity {
        Polarity::Higher => pair[0] < pair[1],
        Polarity::Lower => pair[0] > pair[1],
    })
}

/// Values oriented so that higher is better: lower-is-better criteria are the
/// mirror image, so one piece of arithmetic serves both.
fn oriented(value: Decimal, polarity: Polarity) -> Decimal {
    match polarity {
        Polarity::Higher => value,
        Polarity::Lower => -value,
    }
}

fn out_of_range(subject: &str, value: &str, range_th: &str, range_en: &str) -> Finding {
    Finding::new(
        Rule::KpiResultOutOfRange,
        subject,
        format!("ผลการดำเนินงาน {value} อยู่นอกช่วงของเกณฑ์ ซึ่งต้องเป็น{range_th}"),
        format!("result {value} is outside the criteria's range, which is {range_en}"),
    )
}

/// A result so large that its score cannot be computed exactly (beyond 10²⁶ units).
fn overflow(subject: &str, value: Decimal) -> Finding {
    out_of_range(subject, &value.to_string(), "ตัวเลขที่คำนวณได้", "a number small enough to compute with")
}

fn score_quantitative(
    polarity: Polarity,
    mode: Mode,
    thresholds: &[Decimal; 5],
    value: Decimal,
    config: &ScoringConfig,
    subject: &str,
) -> Result<Scored, Finding> {
    let result = oriented(value, polarity);
    let t = thresholds.map(|threshold| oriented(threshold, polarity));
    let five = |score, level| Scored { score, level, scale: Scale::Five };
    if result >= t[4] {
        return Ok(five(Decimal::from_int(5), 5));
    }
    if result < t[0] {
        return Ok(five(config.below_level_one, 0));
    }
    // t[level - 1] ≤ result < t[level], level in 1..=4.
    let level = (1..=4).rev().find(|&level| result >= t[level - 1]).expect("result ≥ t1");
    let base = Decimal::from_int(level as i64);
    let score = match mode {
        Mode::Step => base,
        Mode::Interpolate => {
            let fraction = (result - t[level - 1])
                .checked_div(t[level] - t[level - 1], config.score_places, config.rounding)
                .ok_or_else(|| overflow(subject, value))?;
            base + fraction
        }
    };
    Ok(five(score, level as u8))
}

fn score_breakpoints(
    polarity: Polarity,
    targets: &[Decimal; 3],
    value: Decimal,
    config: &ScoringConfig,
    subject: &str,
) -> Result<Scored, Finding> {
    let result = oriented(value, polarity);
    let t = targets.map(|target| oriented(target, polarity));
    let s = config.breakpoint_scores;
    let hundred = |score, level| Scored { score, level, scale: Scale::Hundred };
    if result >= t[2] {
        return Ok(hundred(s[2], 3));
    }
    if result < t[0] {
        return Ok(hundred(config.below_basic, 0));
    }
    // Between two breakpoints: piecewise linear (UNVERIFIED, the reference's assumption).
    let level = if result >= t[1] { 2 } else { 1 };
    let (from, to) = (level - 1, level);
    let gained = (result - t[from])
        .mul_div(s[to] - s[from], t[to] - t[from], config.score_places, config.rounding)
        .ok_or_else(|| overflow(subject, value))?;
    Ok(hundred(s[from] + gained, level as u8))
}

fn milestone_level(level: u8, subject: &str) -> Result<Scored, Finding> {
    if level > 5 {
        return Err(out_of_range(subject, &level.to_string(), "ระดับ ๐–๕", "level 0–5"));
    }
    Ok(Scored { score: Decimal::from_int(level.into()), level, scale: Scale::Five })
}

fn score_milestone(
    steps: &[Vec<String>; 5],
    met: &[Vec<bool>; 5],
    config: &ScoringConfig,
    subject: &str,
) -> Result<Scored, Finding> {
    let shape_differs: Vec<String> =
        (0..5).filter(|&i| steps[i].len() != met[i].len()).map(|i| (i + 1).to_string()).collect();
    if !shape_differs.is_empty() {
        let levels = shape_differs.join(", ");
        return Err(Finding::new(
            Rule::KpiMilestoneStepsMismatch,
            subject,
            format!("จำนวนขั้นตอนที่รายงานในระดับ {levels} ไม่ตรงกับเกณฑ์"),
            format!("the number of steps reported for level {levels} differs from the criteria"),
        ));
    }
    // A level without steps never counts as met: nothing shows it was done.
    let level_met = |i: usize| !met[i].is_empty() && met[i].iter().all(|&done| done);
    let level = if config.milestone_cumulative {
        (0..5).take_while(|&i| level_met(i)).count()
    } else {
        (0..5).rev().find(|&i| level_met(i)).map_or(0, |i| i + 1)
    };
    let mut score = Decimal::from_int(level as i64);
    if config.milestone_partial && level < 5 {
        // The next level is not fully met (else it would be the level), so the
        // fraction stays below one; a level without steps adds nothing.
        let next = &met[level];
        let done = next.iter().filter(|&&done| done).count();
        if let Some(fraction) =
            Decimal::from_int(done as i64).div_int(next.len() as i64, config.score_places, config.rounding)
        {
            score = score + fraction;
        }
    }
    Ok(Scored { score, level: level as u8, scale: Scale::Five })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    fn quantitative(polarity: Polarity, mode: Mode, thresholds: [&str; 5]) -> Criteria {
        Criteria::Quantitative { polarity, mode, thresholds: thresholds.map(d) }
    }

    fn score(criteria: &Criteria, value: &str) -> Scored {
        criteria.score(&Achievement::Value(d(value)), &ScoringConfig::default(), "x").unwrap()
    }

    #[test]
    fn interpolates_between_levels() {
        // The example: level 3 = 85 %, level 4 = 90 %, result 87 % → 3 + 2/5.
        let criteria = quantitative(Polarity::Higher, Mode::Interpolate, ["75", "80", "85", "90", "95"]);
        let scored = score(&criteria, "87");
        assert_eq!(scored.score.fixed(4), "3.4000");
        assert_eq!(scored.level, 3);
        // Exactly on a threshold is that level; one third of the way rounds to 4 places.
        assert_eq!(score(&criteria, "85").score, d("3"));
        assert_eq!(score(&criteria, "81.6666").score.fixed(4), "2.3333");
        assert_eq!(score(&criteria, "76.25").score, d("1.25"));
    }

    #[test]
    fn caps_at_five_and_floors_below_level_one() {
        let criteria = quantitative(Polarity::Higher, Mode::Interpolate, ["75", "80", "85", "90", "95"]);
        assert_eq!(score(&criteria, "95").score, d("5"));
        assert_eq!(score(&criteria, "140").score, d("5"));
        assert_eq!(score(&criteria, "74.99").score, d("0"));
        assert_eq!(score(&criteria, "74.99").level, 0);
        let floor_one = ScoringConfig { below_level_one: Decimal::ONE, ..ScoringConfig::default() };
        let scored = criteria.score(&Achievement::Value(d("10")), &floor_one, "x").unwrap();
        assert_eq!((scored.score, scored.level), (d("1"), 0));
    }

    #[test]
    fn step_mode_scores_the_level_reached() {
        let criteria = quantitative(Polarity::Higher, Mode::Step, ["60", "70", "80", "90", "100"]);
        assert_eq!(score(&criteria, "89.99").score, d("3"));
        assert_eq!(score(&criteria, "90").score, d("4"));
        assert_eq!(score(&criteria, "99").score, d("4"));
        assert_eq!(score(&criteria, "100").score, d("5"));
    }

    #[test]
    fn lower_is_better_mirrors_the_thresholds() {
        // Days to answer a complaint: level 1 = 15 days … level 5 = 7 days.
        let criteria = quantitative(Polarity::Lower, Mode::Interpolate, ["15", "13", "11", "9", "7"]);
        assert_eq!(score(&criteria, "12").score.fixed(4), "2.5000");
        assert_eq!(score(&criteria, "12").level, 2);
        assert_eq!(score(&criteria, "6").score, d("5"));
        assert_eq!(score(&criteria, "16").score, d("0"));
        assert_eq!(score(&criteria, "8.5").score.fixed(4), "4.2500");
        // The same thresholds read as higher-is-better are out of order.
        let wrong = quantitative(Polarity::Higher, Mode::Interpolate, ["15", "13", "11", "9", "7"]);
        let finding = wrong.score(&Achievement::Value(d("12")), &ScoringConfig::default(), "2.1").unwrap_err();
        assert_eq!(finding.id(), "kpi-thresholds-order");
        assert_eq!(finding.subject, "2.1");
    }

    #[test]
    fn thresholds_must_be_strictly_monotonic() {
        let flat = quantitative(Polarity::Higher, Mode::Interpolate, ["80", "85", "85", "90", "95"]);
        let findings = flat.check("1.1");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, Rule::KpiThresholdsOrder);
        assert!(findings[0].message_en.contains("80 / 85 / 85 / 90 / 95"), "{}", findings[0].message_en);
        assert!(quantitative(Polarity::Lower, Mode::Step, ["5", "4", "3", "2", "1"]).check("x").is_empty());
    }

    fn milestone() -> Criteria {
        let steps = |n: usize, level: usize| (1..=n).map(|i| format!("ระดับ {level} ขั้นตอน {i}")).collect();
        Criteria::Milestone { steps: [steps(2, 1), steps(1, 2), steps(3, 3), steps(1, 4), steps(2, 5)] }
    }

    #[test]
    fn milestone_cumulative_and_not() {
        // Levels 1, 2 and 4 fully met; level 3 has one step of three left.
        let met =
            Achievement::Steps([vec![true, true], vec![true], vec![true, false, true], vec![true], vec![false, false]]);
        let cumulative = milestone().score(&met, &ScoringConfig::default(), "x").unwrap();
        assert_eq!((cumulative.score, cumulative.level), (d("2"), 2));
        let separate = ScoringConfig { milestone_cumulative: false, ..ScoringConfig::default() };
        let not_cumulative = milestone().score(&met, &separate, "x").unwrap();
        assert_eq!((not_cumulative.score, not_cumulative.level), (d("4"), 4));
        // Partial steps: two of level 3's three steps add 0.6667.
        let partial = ScoringConfig { milestone_partial: true, ..ScoringConfig::default() };
        assert_eq!(milestone().score(&met, &partial, "x").unwrap().score.fixed(4), "2.6667");
        // Everything met is 5 either way.
        let all = Achievement::Steps([vec![true; 2], vec![true], vec![true; 3], vec![true], vec![true; 2]]);
        assert_eq!(milestone().score(&all, &ScoringConfig::default(), "x").unwrap().score, d("5"));
        assert_eq!(milestone().score(&all, &separate, "x").unwrap().score, d("5"));
    }

    #[test]
    fn milestone_by_stated_level_and_bad_shapes() {
        let config = ScoringConfig::default();
        assert_eq!(milestone().score(&Achievement::Level(5), &config, "x").unwrap().score, d("5"));
        assert_eq!(milestone().score(&Achievement::Value(d("3")), &config, "x").unwrap().level, 3);
        for bad in [Achievement::Level(6), Achievement::Value(d("3.5")), Achievement::Value(d("-1"))] {
            assert_eq!(milestone().score(&bad, &config, "x").unwrap_err().rule, Rule::KpiResultOutOfRange, "{bad:?}");
        }
        let short = Achievement::Steps([vec![true], vec![true], vec![true; 3], vec![true], vec![true; 2]]);
        assert_eq!(milestone().score(&short, &config, "x").unwrap_err().rule, Rule::KpiMilestoneStepsMismatch);
        let quantity = quantitative(Polarity::Higher, Mode::Step, ["1", "2", "3", "4", "5"]);
        assert_eq!(quantity.score(&Achievement::Level(3), &config, "x").unwrap_err().rule, Rule::KpiResultOutOfRange);
    }

    #[test]
    fn a_level_without_steps_is_never_met() {
        let criteria = Criteria::Milestone { steps: [vec!["a".into()], vec![], vec![], vec![], vec![]] };
        assert_eq!(criteria.check("x")[0].rule, Rule::KpiMilestoneStepsMissing);
        let met = Achievement::Steps([vec![true], vec![], vec![], vec![], vec![]]);
        let scored = criteria.score(&met, &ScoringConfig::default(), "x").unwrap();
        assert_eq!(scored.score, d("1"));
    }

    #[test]
    fn three_breakpoints_on_a_hundred() {
        // DIT FY2567: an advanced target of 98.90, a result of 98.94 scored 100.
        let criteria = Criteria::Breakpoints { polarity: Polarity::Higher, targets: [d("90"), d("95"), d("98.90")] };
        let scored = score(&criteria, "98.94");
        assert_eq!((scored.score, scored.level, scored.scale), (d("100"), 3, Scale::Hundred));
        assert_eq!(score(&criteria, "90").score, d("50"));
        assert_eq!(score(&criteria, "95").score, d("70"));
        // Half way from ขั้นต้น to มาตรฐาน: 50 + 20/2.
        assert_eq!(score(&criteria, "92.5").score, d("60"));
        // 96.95 of 95 → 98.90: 70 + 30 × 1.95/3.9 = 85.
        assert_eq!(score(&criteria, "96.95").score, d("85"));
        assert_eq!(score(&criteria, "89.9").score, d("0"));
        // The scores per year are configuration: the brief's 50 / 75 / 100.
        let other_year = ScoringConfig { breakpoint_scores: [d("50"), d("75"), d("100")], ..ScoringConfig::default() };
        let scored = criteria.score(&Achievement::Value(d("95")), &other_year, "x").unwrap();
        assert_eq!(scored.score, d("75"));
        // Lower is better: days.
        let days = Criteria::Breakpoints { polarity: Polarity::Lower, targets: [d("30"), d("20"), d("10")] };
        assert_eq!(score(&days, "25").score, d("60"));
        assert_eq!(score(&days, "5").score, d("100"));
    }

    #[test]
    fn configuration_is_checked() {
        assert!(ScoringConfig::default().check().is_empty());
        let bad = ScoringConfig {
            below_level_one: d("0.5"),
            breakpoint_scores: [d("70"), d("50"), d("100")],
            ..ScoringConfig::default()
        };
        let ids: Vec<&str> = bad.check().iter().map(Finding::id).collect();
        assert_eq!(ids, ["kpi-score-out-of-range", "kpi-breakpoints-order"]);
    }

    #[test]
    fn colour_bands() {
        let config = ScoringConfig::default();
        assert_eq!(config.band(d("2.9999"), Scale::Five), Band::Low);
        assert_eq!(config.band(d("3"), Scale::Five), Band::Middle);
        assert_eq!(config.band(d("4"), Scale::Five), Band::Middle);
        assert_eq!(config.band(d("4.0001"), Scale::Five), Band::High);
        assert_eq!(config.band(d("59"), Scale::Hundred), Band::Low);
        assert_eq!(config.band(d("85"), Scale::Hundred), Band::High);
    }

    /// Property: over a grid of results, for both polarities and both modes, the
    /// score stays within [floor, 5] and never decreases as the result improves.
    #[test]
    fn scores_stay_in_range_and_are_monotone() {
        let configs =
            [ScoringConfig::default(), ScoringConfig { below_level_one: Decimal::ONE, ..ScoringConfig::default() }];
        let higher = ["12.5", "20", "33.3", "47", "80.25"];
        let lower = ["80.25", "47", "33.3", "20", "12.5"];
        for config in &configs {
            for mode in [Mode::Interpolate, Mode::Step] {
                for (polarity, thresholds) in [(Polarity::Higher, higher), (Polarity::Lower, lower)] {
                    let criteria = quantitative(polarity, mode, thresholds);
                    let mut previous: Option<Decimal> = None;
                    // Results from 0 to 100 by 0.25, walked from worst to best.
                    let mut results: Vec<Decimal> =
                        (0..=400).map(|i| Decimal::from_parts(i * 25, 2).unwrap()).collect();
                    if polarity == Polarity::Lower {
                        results.reverse();
                    }
                    for result in results {
                        let scored = criteria.score(&Achievement::Value(result), config, "x").unwrap();
                        assert!(scored.score >= config.below_level_one && scored.score <= d("5"), "{result}");
                        assert!(
                            scored.score >= Decimal::from_int(scored.level.into()).min(d("5")) || scored.level == 0
                        );
                        if let Some(previous) = previous {
                            assert!(
                                scored.score >= previous,
                                "{polarity:?} {mode:?} {result}: {previous} → {}",
                                scored.score
                            );
                        }
                        previous = Some(scored.score);
                    }
                }
            }
        }
        let criteria = Criteria::Breakpoints { polarity: Polarity::Higher, targets: [d("40"), d("55.5"), d("91")] };
        let mut previous = Decimal::ZERO;
        for i in 0..=1000 {
            let scored = score(&criteria, &Decimal::from_parts(i, 1).unwrap().to_string());
            assert!(scored.score >= previous && scored.score <= Decimal::HUNDRED && scored.score >= Decimal::ZERO);
            previous = scored.score;
        }
    }
}
