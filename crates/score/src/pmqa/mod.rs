//! The PMQA 4.0 self-assessment (เกณฑ์คุณภาพการบริหารจัดการภาครัฐ 4.0).
//!
//! An [`Assessment`] gives, per sub-item, the level, percentage and points the
//! agency gave itself and those of the assessor, side by side, with evidence.
//! [`Assessment::score`] totals them per category and overall against the year's
//! [`PmqaCriteria`], gives the gap to the threshold, and checks the figures:
//! points are the percentage × the sub-item's maximum (Baldrige practice), within
//! the maximum, the percentage within the criteria's bands.
//! [`PmqaScore::closing_plan`] says which sub-items would close the gap, and
//! [`compare`] compares two years by category and sub-item.
//! Category 7's indicators (targets and three years of values) are in [`results`].
//!
//! Some published assessments give only the total (the NSO's newsletter says
//! 256.43 for 2563 and nothing per item): an assessment with a stated total and
//! no item scores is scored as that total, and the plan then cannot say which
//! sub-items to raise.

pub mod criteria;
pub mod results;

use serde::{Deserialize, Serialize};
use tidtam_thai::fiscal::FiscalYear;

pub use criteria::{CategoryDef, ItemDef, Level, LevelBand, PercentBand, PmqaCriteria};

use crate::agreement::matches_stated;
use crate::decimal::{Decimal, PLACES, Rounding};
use crate::finding::{Finding, Rule};

/// A sub-item's score as one party gave it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemScore {
    pub level: Option<Level>,
    pub percent: Option<Decimal>,
    /// The points, when written; otherwise computed from the percentage.
    pub points: Option<Decimal>,
}

/// A sub-item's assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemAssessment {
    /// As the criteria number it, e.g. `1.1`.
    pub code: String,
    /// The agency's own score.
    pub own: ItemScore,
    /// The assessor's score, when there is one.
    pub assessor: Option<ItemScore>,
    /// References to the evidence (file names or links).
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// A fiscal year's self-assessment of one unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub fiscal_year: FiscalYear,
    pub unit: String,
    #[serde(default)]
    pub items: Vec<ItemAssessment>,
    /// The total as published, if it was.
    pub stated_total: Option<Decimal>,
}

/// A scored sub-item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemResult {
    pub code: String,
    pub category: u8,
    pub max: Decimal,
    pub level: Option<Level>,
    pub percent: Option<Decimal>,
    /// The agency's points (`None` when neither points nor a percentage were given).
    pub points: Option<Decimal>,
    pub assessor_points: Option<Decimal>,
}

/// A category's total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryResult {
    pub number: u8,
    pub max: Decimal,
    pub points: Decimal,
    /// The assessor's total, when the assessor scored every sub-item of it.
    pub assessor_points: Option<Decimal>,
}

/// A scored assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PmqaScore {
    pub fiscal_year: FiscalYear,
    pub items: Vec<ItemResult>,
    pub categories: Vec<CategoryResult>,
    pub total: Decimal,
    pub assessor_total: Option<Decimal>,
    pub max: Decimal,
    pub threshold: Decimal,
    /// Points still needed to reach the threshold (0 once reached).
    pub gap: Decimal,
    /// Whether the total is the stated one only (no sub-item was scored).
    pub total_only: bool,
    pub findings: Vec<Finding>,
}

/// Raising one sub-item in a plan to close the gap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Raise {
    pub code: String,
    pub from_points: Decimal,
    pub to_points: Decimal,
}

/// Which sub-items would close the gap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosingPlan {
    pub raises: Vec<Raise>,
    pub added: Decimal,
}

impl ItemScore {
    /// The points, and the findings about this score; `whose` names the party.
    fn resolve(
        &self,
        code: &str,
        max: Decimal,
        criteria: &PmqaCriteria,
        whose: Whose,
    ) -> (Option<Decimal>, Vec<Finding>) {
        let mut findings = Vec::new();
        let (whose_th, whose_en) = whose.words();
        if let Some(percent) = self.percent {
            if percent < Decimal::ZERO || percent > Decimal::HUNDRED {
                findings.push(Finding::new(
                    Rule::PmqaPercentOutOfRange,
                    code,
                    format!("ร้อยละ{whose_th} {percent} อยู่นอกช่วง ๐–๑๐๐"),
                    format!("the {whose_en} percentage {percent} is outside 0–100"),
                ));
            } else {
                let in_bands = criteria.percent_bands.is_empty()
                    || criteria.percent_bands.iter().any(|band| band.contains(percent));
                let level_band =
                    self.level.and_then(|level| criteria.level_bands.iter().find(|band| band.level == level));
                if !in_bands {
                    findings.push(Finding::new(
                        Rule::PmqaPercentBand,
                        code,
                        format!("ร้อยละ{whose_th} {percent} ไม่อยู่ในช่วงคะแนนของเกณฑ์"),
                        format!("the {whose_en} percentage {percent} is in none of the criteria's bands"),
                    ));
                } else if let Some(band) = level_band
                    && !band.band.contains(percent)
                {
                    let level = band.level;
                    findings.push(Finding::new(
                        Rule::PmqaPercentBand,
                        code,
                        format!(
                            "ร้อยละ{whose_th} {percent} ไม่อยู่ในช่วงของ{} ({}–{})",
                            level.name_th(),
                            band.band.min,
                            band.band.max
                        ),
                        format!(
                            "the {whose_en} percentage {percent} is outside the {} band ({}–{})",
                            level.name_en(),
                            band.band.min,
                            band.band.max
                        ),
                    ));
                }
            }
        }
        // A percentage outside 0–100 gives no points: its own finding says why, and
        // points derived from it would only repeat it.
        let from_percent = self
            .percent
            .filter(|percent| Decimal::ZERO <= *percent && *percent <= Decimal::HUNDRED)
            .and_then(|percent| percent.mul_div(max, Decimal::HUNDRED, PLACES, Rounding::HalfUp));
        if let (Some(points), Some(expected)) = (self.points, from_percent)
            && !matches_stated(points, expected)
        {
            findings.push(Finding::new(
                Rule::PmqaPointsMismatch,
                code,
                format!(
                    "คะแนน{whose_th} {points} แต่ร้อยละ {} × คะแนนเต็ม {max} = {expected}",
                    self.percent.unwrap_or_default()
                ),
                format!("{whose_en} points {points}, but {} % × {max} = {expected}", self.percent.unwrap_or_default()),
            ));
        }
        let points = self.points.or(from_percent);
        if let Some(points) = points
            && (points < Decimal::ZERO || points > max)
        {
            findings.push(Finding::new(
                Rule::PmqaPointsExceedMax,
                code,
                format!("คะแนน{whose_th} {points} อยู่นอกช่วง ๐–{max} (คะแนนเต็ม)"),
                format!("{whose_en} points {points} are outside 0–{max} (the maximum)"),
            ));
        }
        (points, findings)
    }
}

#[derive(Clone, Copy)]
enum Whose {
    Own,
    Assessor,
}

impl Whose {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Whose::Own => ("ของส่วนราชการ", "agency's"),
            Whose::Assessor => ("ของผู้ตรวจประเมิน", "assessor's"),
        }
    }
}

impl Assessment {
    /// Scores the assessment against `criteria` (those of its fiscal year).
    pub fn score(&self, criteria: &PmqaCriteria) -> PmqaScore {
        let mut findings = criteria.check();
        let mut items = Vec::new();
        for assessed in &self.items {
            let Some((category, item)) = criteria.item(&assessed.code) else {
                findings.push(Finding::new(
                    Rule::PmqaItemUnknown,
                    assessed.code.clone(),
                    format!("ไม่มีประเด็น {} ในเกณฑ์ปี {}", assessed.code, criteria.fiscal_year),
                    format!("there is no sub-item {} in the {} criteria", assessed.code, criteria.fiscal_year),
                ));
                continue;
            };
            let (points, own_findings) = assessed.own.resolve(&item.code, item.max_points, criteria, Whose::Own);
            findings.extend(own_findings);
            let assessor_points = assessed.assessor.as_ref().and_then(|assessor| {
                let (points, assessor_findings) =
                    assessor.resolve(&item.code, item.max_points, criteria, Whose::Assessor);
                findings.extend(assessor_findings);
                points
            });
            items.push(ItemResult {
                code: item.code.clone(),
                category,
                max: item.max_points,
                level: assessed.own.level,
                percent: assessed.own.percent,
                points,
                assessor_points,
            });
        }
        let scored_any = items.iter().any(|item| item.points.is_some());
        if scored_any {
            // Missing: neither a percentage nor points given (an invalid one has its own finding).
            let given = |code: &str| {
                self.items.iter().any(|assessed| {
                    assessed.code == code && (assessed.own.percent.is_some() || assessed.own.points.is_some())
                })
            };
            for (_, item) in criteria.items() {
                if !given(&item.code) {
                    findings.push(Finding::new(
                        Rule::PmqaItemMissing,
                        item.code.clone(),
                        format!("ประเด็น {} ยังไม่มีคะแนน (นับ ๐)", item.code),
                        format!("sub-item {} has no score (counted as 0)", item.code),
                    ));
                }
            }
        }
        let categories: Vec<CategoryResult> = criteria
            .categories
            .iter()
            .map(|category| {
                let of_category = || items.iter().filter(|item| item.category == category.number);
                let scored_all = category
                    .items
                    .iter()
                    .all(|def| of_category().any(|item| item.code == def.code && item.assessor_points.is_some()));
                CategoryResult {
                    number: category.number,
                    max: category.max_points,
                    points: of_category().filter_map(|item| item.points).sum(),
                    assessor_points: scored_all.then(|| of_category().filter_map(|item| item.assessor_points).sum()),
                }
            })
            .collect();
        let item_total: Decimal = categories.iter().map(|category| category.points).sum();
        let total = match (scored_any, self.stated_total) {
            (false, Some(stated)) => stated,
            (true, Some(stated)) => {
                if !matches_stated(stated, item_total) {
                    findings.push(Finding::new(
                        Rule::PmqaTotalMismatch,
                        "",
                        format!("คะแนนรวมที่รายงาน {stated} แต่ผลรวมรายประเด็นคือ {item_total}"),
                        format!("the stated total is {stated}, but the sub-items add up to {item_total}"),
                    ));
                }
                item_total
            }
            (_, None) => item_total,
        };
        let assessor_total = categories.iter().map(|category| category.assessor_points).sum::<Option<Decimal>>();
        PmqaScore {
            fiscal_year: self.fiscal_year,
            items,
            gap: if total < criteria.threshold { criteria.threshold - total } else { Decimal::ZERO },
            categories,
            total,
            assessor_total: if criteria.categories.is_empty() { None } else { assessor_total },
            max: criteria.total_max,
            threshold: criteria.threshold,
            total_only: !scored_any && self.stated_total.is_some(),
            findings,
        }
    }
}

impl PmqaScore {
    /// Whether the total reaches the threshold.
    pub fn reached(&self) -> bool {
        self.gap.is_zero()
    }

    /// The fewest sub-items whose raise closes the gap: those with the most points
    /// still to gain, each raised to its maximum, the last only by as many steps
    /// of `criteria.step_percent` of its maximum as needed, so the plan adds the
    /// gap plus less than one step. An item not scored starts from 0.
    /// `None` when only a total is known, or when even full marks would not close it.
    pub fn closing_plan(&self, criteria: &PmqaCriteria) -> Option<ClosingPlan> {
        if self.total_only {
            return None;
        }
        let mut room: Vec<(Decimal, &ItemDef, Decimal)> = criteria
            .items()
            .map(|(_, def)| {
                let points = self.items.iter().find(|item| item.code == def.code).and_then(|item| item.points);
                let from = points.unwrap_or_default().max(Decimal::ZERO).min(def.max_points);
                (def.max_points - from, def, from)
            })
            .filter(|(headroom, _, _)| *headroom > Decimal::ZERO)
            .collect();
        // Most headroom first; equal headroom in the criteria's order (stable sort).
        room.sort_by_key(|entry| std::cmp::Reverse(entry.0));
        let mut remaining = self.gap;
        let mut raises = Vec::new();
        for (headroom, def, from) in room {
            if remaining <= Decimal::ZERO {
                break;
            }
            let raise = if headroom <= remaining {
                headroom
            } else {
                // Whole steps of the item's maximum, the fewest that cover what remains.
                let step = criteria.step_percent.mul_div(def.max_points, Decimal::HUNDRED, PLACES, Rounding::HalfUp);
                match step.filter(|step| *step > Decimal::ZERO) {
                    Some(step) => {
                        let steps = remaining.checked_div(step, 0, Rounding::Down)?;
                        let steps = if steps.checked_mul(step)? < remaining { steps + Decimal::ONE } else { steps };
                        steps.checked_mul(step)?.min(headroom)
                    }
                    None => remaining,
                }
            };
            remaining = remaining - raise;
            raises.push(Raise { code: def.code.clone(), from_points: from, to_points: from + raise });
        }
        if remaining > Decimal::ZERO {
            return None;
        }
        let added = raises.iter().map(|raise| raise.to_points - raise.from_points).sum();
        Some(ClosingPlan { raises, added })
    }
}

/// A figure in two years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub previous: Option<Decimal>,
    pub current: Option<Decimal>,
    /// current − previous, when both are known.
    pub delta: Option<Decimal>,
}

impl Change {
    fn new(previous: Option<Decimal>, current: Option<Decimal>) -> Change {
        let delta = previous.zip(current).map(|(previous, current)| current - previous);
        Change { previous, current, delta }
    }
}

/// Two years side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub previous_year: FiscalYear,
    pub current_year: FiscalYear,
    pub total: Change,
    /// By category number, 1–7 (those either year has).
    pub categories: Vec<(u8, Change)>,
    /// By sub-item code, in the order of the current year, then those only the
    /// previous year had.
    pub items: Vec<(String, Change)>,
}

/// Year over year: totals, categories and sub-items matched by number and code
/// (the criteria may gain or drop items between years).
pub fn compare(previous: &PmqaScore, current: &PmqaScore) -> Comparison {
    let mut numbers: Vec<u8> =
        previous.categories.iter().chain(&current.categories).map(|category| category.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    let category_points = |score: &PmqaScore, number: u8| {
        (!score.total_only)
            .then(|| score.categories.iter().find(|category| category.number == number).map(|category| category.points))
            .flatten()
    };
    let categories = numbers
        .into_iter()
        .map(|number| (number, Change::new(category_points(previous, number), category_points(current, number))))
        .collect();
    let item_points =
        |score: &PmqaScore, code: &str| score.items.iter().find(|item| item.code == code).and_then(|item| item.points);
    let mut codes: Vec<&str> = current.items.iter().map(|item| item.code.as_str()).collect();
    for item in &previous.items {
        if !codes.contains(&item.code.as_str()) {
            codes.push(&item.code);
        }
    }
    let items = codes
        .into_iter()
        .map(|code| (code.to_string(), Change::new(item_points(previous, code), item_points(current, code))))
        .collect();
    Comparison {
        previous_year: previous.fiscal_year,
        current_year: current.fiscal_year,
        total: Change::new(Some(previous.total), Some(current.total)),
        categories,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    fn year(be: i32) -> FiscalYear {
        FiscalYear::from_be(be)
    }

    fn percent(code: &str, level: Level, percent: &str) -> ItemAssessment {
        ItemAssessment {
            code: code.into(),
            own: ItemScore { level: Some(level), percent: Some(d(percent)), points: None },
            assessor: None,
            evidence: Vec::new(),
        }
    }

    /// Every sub-item of the default criteria at `pct` percent.
    fn uniform(be: i32, pct: &str) -> Assessment {
        let criteria = PmqaCriteria::default_for(year(be));
        Assessment {
            fiscal_year: year(be),
            unit: "สสช.".into(),
            items: criteria.items().map(|(_, item)| percent(&item.code, Level::Advance, pct)).collect(),
            stated_total: None,
        }
    }

    #[test]
    fn the_newsletter_total_and_its_gap() {
        // newsletter lines 64–68: "ในปี 2563 … 256.43 คะแนน"; no item scores are given.
        let assessment = Assessment {
            fiscal_year: year(2563),
            unit: "สสช.".into(),
            items: Vec::new(),
            stated_total: Some(d("256.43")),
        };
        let mut criteria = PmqaCriteria::default_for(year(2563));
        let score = assessment.score(&criteria);
        assert!(score.findings.is_empty(), "{:?}", score.findings);
        assert!(score.total_only);
        assert_eq!(score.total.fixed(2), "256.43");
        assert_eq!(score.gap.fixed(2), "143.57");
        assert!(!score.reached());
        assert_eq!(score.closing_plan(&criteria), None);
        // The threshold is configuration: at 300 the gap is 43.57.
        criteria.threshold = d("300");
        assert_eq!(assessment.score(&criteria).gap, d("43.57"));
        criteria.threshold = d("250");
        assert!(assessment.score(&criteria).reached());
    }

    #[test]
    fn points_are_percent_of_the_maximum_and_add_up() {
        let criteria = PmqaCriteria::default_for(year(2563));
        // 50 % of every item: half of 500.
        let score = uniform(2563, "50").score(&criteria);
        assert!(score.findings.is_empty(), "{:?}", score.findings);
        assert_eq!(score.total, d("250"));
        assert_eq!(score.categories[0].points, d("30"));
        assert_eq!(score.categories[6].points, d("70"));
        assert_eq!(score.gap, d("150"));
        // 7.3 at 45 % of 20 = 9 points; 1.1 at 65 % of 15 = 9.75.
        let mut assessment = uniform(2563, "50");
        assessment.items[0].own.percent = Some(d("65"));
        assessment.items[26].own.percent = Some(d("45"));
        let score = assessment.score(&criteria);
        assert_eq!(score.items[0].points, Some(d("9.75")));
        assert_eq!(score.items[26].code, "7.3");
        assert_eq!(score.items[26].points, Some(d("9")));
        assert_eq!(score.total, d("250") + d("2.25") - d("1"));
    }

    #[test]
    fn inconsistent_items_are_found() {
        let mut criteria = PmqaCriteria::default_for(year(2564));
        criteria.level_bands = vec![LevelBand { level: Level::Basic, band: PercentBand { min: d("0"), max: d("45") } }];
        let mut assessment = uniform(2564, "50");
        assessment.items[0].own = ItemScore { level: Some(Level::Basic), percent: Some(d("50")), points: None };
        assessment.items[1].own = ItemScore { level: None, percent: Some(d("55")), points: Some(d("9")) };
        assessment.items[2].own = ItemScore { level: None, percent: Some(d("7")), points: None };
        assessment.items[3].own = ItemScore { level: None, percent: Some(d("120")), points: None };
        assessment.items[4].own = ItemScore { level: None, percent: None, points: Some(d("16")) };
        assessment.items.remove(5);
        assessment.items.push(percent("8.1", Level::Basic, "50"));
        assessment.stated_total = Some(d("200"));
        let score = assessment.score(&criteria);
        let found: Vec<(&str, &str)> = score.findings.iter().map(|f| (f.id(), f.subject.as_str())).collect();
        assert_eq!(
            found,
            [
                ("pmqa-percent-band", "1.1"),
                ("pmqa-points-mismatch", "1.2"),
                ("pmqa-percent-band", "1.3"),
                ("pmqa-percent-out-of-range", "1.4"),
                ("pmqa-points-exceed-max", "2.1"),
                ("pmqa-item-unknown", "8.1"),
                ("pmqa-item-missing", "2.2"),
                ("pmqa-total-mismatch", ""),
            ]
        );
        // 55 % of 15 is 8.25, not 9.
        assert!(score.findings[1].message_en.contains("55 % × 15 = 8.25"), "{}", score.findings[1].message_en);
    }

    #[test]
    fn self_and_assessor_side_by_side() {
        let criteria = PmqaCriteria::default_for(year(2563));
        let mut assessment = uniform(2563, "50");
        let score = assessment.score(&criteria);
        assert_eq!(score.assessor_total, None);
        for item in &mut assessment.items {
            item.assessor = Some(ItemScore { level: Some(Level::Basic), percent: Some(d("40")), points: None });
        }
        let score = assessment.score(&criteria);
        assert_eq!(score.total, d("250"));
        assert_eq!(score.assessor_total, Some(d("200")));
        assert_eq!(score.categories[0].assessor_points, Some(d("24")));
    }

    #[test]
    fn the_plan_closes_the_gap_with_the_fewest_items() {
        let criteria = PmqaCriteria::default_for(year(2563));
        // 70 % everywhere: 350 points, 50 short of 400.
        let score = uniform(2563, "70").score(&criteria);
        assert_eq!(score.gap, d("50"));
        let plan = score.closing_plan(&criteria).unwrap();
        // Room: 7.5 points in each 25-point results item (7.1, 7.2, 7.5, 7.6), 6 in
        // 7.3 and 7.4, 4.5 in each 15-point item. Largest first: 30 + 12 + 4.5 (1.1)
        // = 46.5; the last 3.5 from 1.2, in whole steps of 0.75 (5 % of 15).
        let codes: Vec<&str> = plan.raises.iter().map(|raise| raise.code.as_str()).collect();
        assert_eq!(codes, ["7.1", "7.2", "7.5", "7.6", "7.3", "7.4", "1.1", "1.2"]);
        // After 1.1 (4.5) 3.5 remain: 1.2 is raised by 5 steps of 0.75 = 3.75.
        assert_eq!(plan.raises[7].from_points, d("10.5"));
        assert_eq!(plan.raises[7].to_points, d("14.25"));
        assert_eq!(plan.added, d("50.25"));
        assert!(plan.added >= score.gap);
        // Reached: nothing to do. Impossible: no plan.
        assert_eq!(uniform(2563, "90").score(&criteria).closing_plan(&criteria).unwrap().raises, vec![]);
        let mut strict = criteria.clone();
        strict.threshold = d("500");
        let mut short = uniform(2563, "100");
        short.items.pop();
        let score = short.score(&strict);
        assert_eq!(score.gap, d("25"));
        // 7.6 was not scored: it starts from 0 and is raised in full.
        let plan = score.closing_plan(&strict).unwrap();
        assert_eq!(plan.raises, vec![Raise { code: "7.6".into(), from_points: d("0"), to_points: d("25") }]);
    }

    #[test]
    fn year_over_year_by_category_and_item() {
        let criteria = PmqaCriteria::default_for(year(2563));
        let previous = uniform(2562, "50").score(&PmqaCriteria::default_for(year(2562)));
        let mut current = uniform(2563, "50");
        current.items[0].own.percent = Some(d("70"));
        current.items.retain(|item| item.code != "6.4");
        let current = current.score(&criteria);
        let comparison = compare(&previous, &current);
        assert_eq!(comparison.total.delta, Some(d("3") - d("7.5")));
        assert_eq!(
            comparison.categories[0],
            (1, Change { previous: Some(d("30")), current: Some(d("33")), delta: Some(d("3")) })
        );
        assert_eq!(comparison.categories[5].1.delta, Some(d("-7.5")));
        assert_eq!(
            comparison.items[0],
            ("1.1".into(), Change { previous: Some(d("7.5")), current: Some(d("10.5")), delta: Some(d("3")) })
        );
        let dropped = comparison.items.iter().find(|(code, _)| code == "6.4").unwrap();
        assert_eq!(dropped.1, Change { previous: Some(d("7.5")), current: None, delta: None });
        assert_eq!(comparison.items.len(), 30);
    }
}
