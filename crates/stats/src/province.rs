//! A province's statistics: its strategic issues and the statistics each needs
//! (the provincial statistics chart, ผังสถิติทางการระดับจังหวัด), and what one
//! indicator of the hub says about the province: its series, target against
//! actual, its group of provinces, region and country, and its rank.
//!
//! Pure: the service reads the plan and the hub's observations and passes
//! them in; nothing here knows where they came from.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tidtam_thai::province::{Region, by_code};
use tidtam_thai::province_group::group_of;

use crate::codelist::{COUNTRY, province_code, region_code};
use crate::model::{Dataset, DimensionId, ObsMap, ObsStatus};
use crate::period::{Frequency, Period};

/// A province's strategic issues, each with the statistics it needs; what the
/// provincial statistics office keeps up to date.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProvincePlan {
    #[serde(default)]
    pub issues: Vec<Issue>,
}

/// One strategic issue of the province (ประเด็นยุทธศาสตร์).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    pub title_th: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub statistics: Vec<NeededStatistic>,
}

/// A statistic an issue needs, who produces it and how often, and (when the
/// hub carries it) the dataset and indicator it is read from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeededStatistic {
    pub name_th: String,
    /// The producing agency as the office names it ("สำนักงานสถิติแห่งชาติ").
    pub producer: String,
    pub frequency: Frequency,
    /// Months after a period's end by which its figure is due (the producer's
    /// publication lag); what "up to date" is measured against.
    pub lag_months: u16,
    /// The hub's series, when the hub has it; `None` is a gap.
    #[serde(default)]
    pub source: Option<SeriesRef>,
    /// The province's target for the indicator, in its unit.
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub polarity: Polarity,
}

/// A dataset of the hub and one of its indicators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesRef {
    pub dataset: String,
    pub indicator: String,
}

/// Which direction is better.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    #[default]
    HigherIsBetter,
    LowerIsBetter,
}

impl Polarity {
    /// Whether `a` is strictly better than `b`.
    pub fn better(self, a: f64, b: f64) -> bool {
        match self {
            Polarity::HigherIsBetter => a > b,
            Polarity::LowerIsBetter => a < b,
        }
    }

    /// Whether `value` reaches `target`.
    pub fn meets(self, value: f64, target: f64) -> bool {
        match self {
            Polarity::HigherIsBetter => value >= target,
            Polarity::LowerIsBetter => value <= target,
        }
    }
}

/// A problem with a plan, in Thai and English, naming where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanError {
    /// "issues[0].statistics[1].name_th".
    pub field: String,
    pub message_th: String,
    pub message_en: String,
}

/// Longest title or name the plan keeps: a chart is read on one screen.
pub const MAX_TEXT: usize = 300;

impl ProvincePlan {
    /// Every problem at once; an empty list is a plan that may be stored.
    pub fn validate(&self) -> Vec<PlanError> {
        let mut errors = Vec::new();
        let mut text = |field: String, value: &str, required: bool| {
            let chars = value.chars().count();
            if required && value.trim().is_empty() {
                errors.push(PlanError {
                    field, message_th: "ต้องกรอก".into(), message_en: "required".into()
                });
            } else if chars > MAX_TEXT {
                errors.push(PlanError {
                    field,
                    message_th: format!("ยาวเกิน {MAX_TEXT} ตัวอักษร"),
                    message_en: format!("longer than {MAX_TEXT} characters"),
                });
            } else if tidtam_thai::control::has_forbidden_control(value) {
                errors.push(PlanError {
                    field,
                    message_th: "มีอักขระควบคุมที่ไม่อนุญาต".into(),
                    message_en: "contains a control character".into(),
                });
            }
        };
        for (i, issue) in self.issues.iter().enumerate() {
            text(format!("issues[{i}].title_th"), &issue.title_th, true);
            text(format!("issues[{i}].title_en"), &issue.title_en, false);
            for (j, statistic) in issue.statistics.iter().enumerate() {
                let at = format!("issues[{i}].statistics[{j}]");
                text(format!("{at}.name_th"), &statistic.name_th, true);
                text(format!("{at}.producer"), &statistic.producer, true);
                if let Some(source) = &statistic.source {
                    text(format!("{at}.source.dataset"), &source.dataset, true);
                    text(format!("{at}.source.indicator"), &source.indicator, true);
                }
            }
        }
        for (i, issue) in self.issues.iter().enumerate() {
            for (j, statistic) in issue.statistics.iter().enumerate() {
                if statistic.target.is_some_and(|t| !t.is_finite()) {
                    errors.push(PlanError {
                        field: format!("issues[{i}].statistics[{j}].target"),
                        message_th: "ค่าเป้าหมายต้องเป็นตัวเลข".into(),
                        message_en: "the target must be a number".into(),
                    });
                }
                if statistic.lag_months > 60 {
                    errors.push(PlanError {
                        field: format!("issues[{i}].statistics[{j}].lag_months"),
                        message_th: "ระยะเวลาเผยแพร่หลังสิ้นงวดต้องไม่เกิน 60 เดือน".into(),
                        message_en: "the publication lag must be at most 60 months".into(),
                    });
                }
            }
        }
        errors
    }

    /// The statistics of the plan that the hub does not carry: the chart's gaps.
    pub fn gaps(&self) -> impl Iterator<Item = (&Issue, &NeededStatistic)> {
        self.issues
            .iter()
            .flat_map(|issue| issue.statistics.iter().map(move |s| (issue, s)))
            .filter(|(_, s)| s.source.is_none())
    }
}

/// The period after `period`, of the same kind.
pub fn successor(period: Period) -> Period {
    match period {
        Period::Year(y) => Period::Year(y + 1),
        Period::FiscalYear(fy) => Period::FiscalYear(fy.next()),
        Period::Quarter(y, 4) => Period::Quarter(y + 1, 1),
        Period::Quarter(y, q) => Period::Quarter(y, q + 1),
        Period::FiscalQuarter(fy, 4) => Period::FiscalQuarter(fy.next(), 1),
        Period::FiscalQuarter(fy, q) => Period::FiscalQuarter(fy, q + 1),
        Period::Month(y, 12) => Period::Month(y + 1, 1),
        Period::Month(y, m) => Period::Month(y, m + 1),
    }
}

/// Whether the hub's latest period of a statistic is as recent as its
/// producer's calendar says it should be on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Freshness {
    /// Every period due by today is there.
    UpToDate { latest: Period },
    /// `behind` periods are due but missing; `due` is the latest one due.
    Behind { latest: Period, due: Period, behind: u32 },
    /// The hub has no value for the province.
    NoData,
}

/// `latest` against the calendar: a period is due `lag_months` after it ends.
pub fn freshness(latest: Option<Period>, lag_months: u16, today: Date) -> Freshness {
    let Some(latest) = latest else { return Freshness::NoData };
    let due_by = |period: Period| period.end().checked_add(jiff::Span::new().months(i64::from(lag_months)));
    let mut behind = 0u32;
    let mut next = successor(latest);
    let mut due = latest;
    // Bounded: five years of months at most, however old the series is.
    while behind < 60 && due_by(next).is_ok_and(|d| d <= today) {
        behind += 1;
        due = next;
        next = successor(next);
    }
    if behind == 0 { Freshness::UpToDate { latest } } else { Freshness::Behind { latest, due, behind } }
}

/// Target against actual for the latest value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    Met,
    NotMet,
    NoTarget,
    NoData,
}

/// Compared with the period before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Better,
    Worse,
    Same,
}

/// A province's place among the provinces with a value for the period (1 = best; ties share a place).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rank {
    pub position: u32,
    pub of: u32,
}

/// One value of a series.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Point {
    pub period: Period,
    pub value: Option<f64>,
    pub status: ObsStatus,
}

/// Another province's value at the same period.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Neighbour {
    pub province: u8,
    pub value: Option<f64>,
}

/// What one indicator of a dataset says about one province.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorProfile {
    /// The province's series, oldest first.
    pub series: Vec<Point>,
    /// The latest period with a value for the province.
    pub latest: Option<Period>,
    pub latest_value: Option<f64>,
    pub target_status: TargetStatus,
    pub trend: Option<Trend>,
    /// The region's published value at the latest period (the dataset's own figure, never recomputed).
    pub region: Option<f64>,
    /// The country's published value at the latest period.
    pub country: Option<f64>,
    /// The members of the province's group at the latest period, the province included.
    pub group: Vec<Neighbour>,
    pub rank: Option<Rank>,
}

/// The province's profile for `indicator` from `observations` (one release of
/// `dataset`). Series other than the indicator and area are read at their
/// totals ("_T"), so a table by sex or age contributes its total row.
pub fn indicator_profile(
    dataset: &Dataset,
    observations: &ObsMap,
    indicator: &str,
    province: u8,
    target: Option<f64>,
    polarity: Polarity,
) -> IndicatorProfile {
    let positions: Vec<DimensionId> = dataset.dimensions.clone();
    let area_at = positions.iter().position(|d| *d == DimensionId::Area);
    let indicator_at = positions.iter().position(|d| *d == DimensionId::Indicator);
    // (area code, period) → (value, status) for the indicator at the totals of the other dimensions.
    let rows: Vec<(&str, Period, Option<f64>, ObsStatus)> = observations
        .values()
        .filter(|obs| {
            obs.series.iter().enumerate().all(|(i, code)| {
                if Some(i) == indicator_at {
                    code == indicator
                } else if Some(i) == area_at {
                    true
                } else {
                    code == "_T"
                }
            })
        })
        .map(|obs| {
            let area = area_at.map_or(COUNTRY, |at| obs.series.get(at).map_or(COUNTRY, String::as_str));
            (area, obs.period, obs.value, obs.status)
        })
        .collect();
    let own = province_code(province);
    let mut series: Vec<Point> = rows
        .iter()
        .filter(|(area, ..)| *area == own)
        .map(|&(_, period, value, status)| Point { period, value, status })
        .collect();
    series.sort_by_key(|p| p.period);
    let with_value: Vec<&Point> = series.iter().filter(|p| p.value.is_some()).collect();
    let latest_point = with_value.last().copied();
    let latest = latest_point.map(|p| p.period);
    let latest_value = latest_point.and_then(|p| p.value);
    let trend = match (with_value.len().checked_sub(2).map(|i| with_value[i]), latest_point) {
        (Some(before), Some(now)) => {
            let (b, n) = (before.value.unwrap_or_default(), now.value.unwrap_or_default());
            Some(if polarity.better(n, b) {
                Trend::Better
            } else if polarity.better(b, n) {
                Trend::Worse
            } else {
                Trend::Same
            })
        }
        _ => None,
    };
    let target_status = match (latest_value, target) {
        (None, _) => TargetStatus::NoData,
        (Some(_), None) => TargetStatus::NoTarget,
        (Some(v), Some(t)) if polarity.meets(v, t) => TargetStatus::Met,
        (Some(_), Some(_)) => TargetStatus::NotMet,
    };
    let at_latest = |area: &str| -> Option<f64> {
        let latest = latest?;
        rows.iter().find(|(a, p, ..)| *a == area && *p == latest).and_then(|r| r.2)
    };
    let region = by_code(province)
        .map(|p| p.region)
        .filter(|r| *r != Region::Bangkok)
        .and_then(region_code)
        .and_then(&at_latest);
    let country = at_latest(COUNTRY);
    let group = group_of(province)
        .map(|g| {
            g.members.iter().map(|&code| Neighbour { province: code, value: at_latest(&province_code(code)) }).collect()
        })
        .unwrap_or_default();
    let rank = latest_value.and_then(|own_value| {
        let latest = latest?;
        let values: Vec<f64> = rows
            .iter()
            .filter(|(area, p, value, _)| *p == latest && value.is_some() && is_province_code(area))
            .filter_map(|r| r.2)
            .collect();
        let better = values.iter().filter(|v| polarity.better(**v, own_value)).count();
        Some(Rank { position: better as u32 + 1, of: values.len() as u32 })
    });
    IndicatorProfile { series, latest, latest_value, target_status, trend, region, country, group, rank }
}

fn is_province_code(area: &str) -> bool {
    area.strip_prefix("TH-").and_then(|n| n.parse::<u8>().ok()).is_some_and(|n| by_code(n).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Indicator, Observation};
    use tidtam_thai::fiscal::FiscalYear;

    fn dataset() -> Dataset {
        Dataset {
            id: "LFS".into(),
            title_th: "แรงงาน".into(),
            title_en: "Labour".into(),
            description_th: String::new(),
            sector: "S02".into(),
            dimensions: vec![DimensionId::Indicator, DimensionId::Area],
            indicators: vec![Indicator {
                code: "UNEMP".into(),
                name_th: "อัตราการว่างงาน".into(),
                name_en: "Unemployment rate".into(),
                unit_th: "ร้อยละ".into(),
                unit_en: "percent".into(),
                unit_mult: 0,
            }],
            metadata: Default::default(),
            disclosure: Default::default(),
        }
    }

    fn observations(rows: &[(&str, &str, i16, Option<f64>)]) -> ObsMap {
        rows.iter()
            .map(|&(indicator, area, year, value)| {
                let obs = Observation {
                    series: vec![indicator.into(), area.into()],
                    period: Period::Year(year),
                    value,
                    status: if value.is_some() { ObsStatus::Normal } else { ObsStatus::NotAvailable },
                };
                (obs.key(), obs)
            })
            .collect()
    }

    #[test]
    fn the_profile_reads_the_series_target_comparisons_and_rank() {
        // นครสวรรค์ (60) in lower north 2 with กำแพงเพชร (62), พิจิตร (66), อุทัยธานี (61).
        let obs = observations(&[
            ("UNEMP", "TH-60", 2021, Some(1.5)),
            ("UNEMP", "TH-60", 2022, Some(1.2)),
            ("UNEMP", "TH-60", 2023, Some(0.9)),
            ("UNEMP", "TH-62", 2023, Some(0.8)),
            ("UNEMP", "TH-66", 2023, Some(0.9)),
            ("UNEMP", "TH-61", 2023, Some(2.0)),
            ("UNEMP", "TH-50", 2023, Some(0.5)),
            ("UNEMP", "REG_C", 2023, Some(1.1)),
            ("UNEMP", "TH", 2023, Some(1.0)),
            ("UNEMP", "TH", 2022, Some(7.0)),
            ("OTHER", "TH-60", 2024, Some(9.0)),
        ]);
        let p = indicator_profile(&dataset(), &obs, "UNEMP", 60, Some(1.0), Polarity::LowerIsBetter);
        assert_eq!(p.series.iter().map(|s| s.value.unwrap()).collect::<Vec<_>>(), [1.5, 1.2, 0.9]);
        assert_eq!(p.latest, Some(Period::Year(2023)));
        assert_eq!(p.target_status, TargetStatus::Met);
        assert_eq!(p.trend, Some(Trend::Better));
        // นครสวรรค์ is in the central region of the six-region scheme.
        assert_eq!(p.region, Some(1.1));
        assert_eq!(p.country, Some(1.0), "the country's value at the province's latest period, not 2022's");
        assert_eq!(
            p.group.iter().map(|n| (n.province, n.value)).collect::<Vec<_>>(),
            [(62, Some(0.8)), (60, Some(0.9)), (66, Some(0.9)), (61, Some(2.0))]
        );
        // Lower is better: 0.5 and 0.8 are better; 0.9 ties with พิจิตร and shares third place; regions and the country are not provinces.
        assert_eq!(p.rank, Some(Rank { position: 3, of: 5 }));
        let higher = indicator_profile(&dataset(), &obs, "UNEMP", 60, Some(1.0), Polarity::HigherIsBetter);
        assert_eq!(higher.target_status, TargetStatus::NotMet);
        assert_eq!(higher.trend, Some(Trend::Worse));
        assert_eq!(higher.rank, Some(Rank { position: 2, of: 5 }));
    }

    #[test]
    fn a_province_without_values_has_no_rank_or_status() {
        let obs = observations(&[("UNEMP", "TH-60", 2023, None), ("UNEMP", "TH-62", 2023, Some(0.8))]);
        let p = indicator_profile(&dataset(), &obs, "UNEMP", 60, Some(1.0), Polarity::LowerIsBetter);
        assert_eq!(p.series.len(), 1, "the missing value is shown as missing");
        assert_eq!((p.latest, p.target_status, p.rank, p.trend), (None, TargetStatus::NoData, None, None));
    }

    #[test]
    fn freshness_counts_the_periods_due_but_missing() {
        let date = |y, m, d| Date::new(y, m, d).unwrap();
        // 2023 ends 31 Dec 2023; with a 6-month lag it is due 30 Jun 2024.
        assert_eq!(
            freshness(Some(Period::Year(2023)), 6, date(2024, 12, 1)),
            Freshness::UpToDate { latest: Period::Year(2023) }
        );
        assert_eq!(
            freshness(Some(Period::Year(2022)), 6, date(2024, 6, 29)),
            Freshness::UpToDate { latest: Period::Year(2022) }
        );
        assert_eq!(
            freshness(Some(Period::Year(2022)), 6, date(2024, 6, 30)),
            Freshness::Behind { latest: Period::Year(2022), due: Period::Year(2023), behind: 1 }
        );
        assert_eq!(
            freshness(Some(Period::Year(2020)), 12, date(2026, 12, 1)),
            Freshness::Behind { latest: Period::Year(2020), due: Period::Year(2024), behind: 4 }
        );
        let fy = FiscalYear::from_be(2567);
        // FY 2567 ends 30 Sep 2024; quarter 4 of it is due 31 Dec 2024 with a 3-month lag.
        assert_eq!(
            freshness(Some(Period::FiscalQuarter(fy, 3)), 3, date(2024, 12, 31)),
            Freshness::Behind { latest: Period::FiscalQuarter(fy, 3), due: Period::FiscalQuarter(fy, 4), behind: 1 }
        );
        assert_eq!(freshness(None, 3, date(2024, 12, 31)), Freshness::NoData);
        assert_eq!(successor(Period::Month(2024, 12)), Period::Month(2025, 1));
        assert_eq!(successor(Period::FiscalQuarter(fy, 4)), Period::FiscalQuarter(fy.next(), 1));
    }

    #[test]
    fn a_plan_lists_every_problem_and_its_gaps() {
        let statistic = |name: &str, source: Option<SeriesRef>| NeededStatistic {
            name_th: name.into(),
            producer: "สำนักงานสถิติแห่งชาติ".into(),
            frequency: Frequency::Annual,
            lag_months: 6,
            source,
            target: None,
            polarity: Polarity::HigherIsBetter,
        };
        let mut plan = ProvincePlan {
            issues: vec![Issue {
                title_th: "เศรษฐกิจ".into(),
                title_en: String::new(),
                statistics: vec![
                    statistic("อัตราการว่างงาน", Some(SeriesRef { dataset: "LFS".into(), indicator: "UNEMP".into() })),
                    statistic("จำนวนนักท่องเที่ยว", None),
                ],
            }],
        };
        assert!(plan.validate().is_empty());
        assert_eq!(plan.gaps().map(|(_, s)| s.name_th.as_str()).collect::<Vec<_>>(), ["จำนวนนักท่องเที่ยว"]);
        plan.issues[0].title_th = " ".into();
        plan.issues[0].statistics[1].producer = String::new();
        plan.issues[0].statistics[0].target = Some(f64::NAN);
        plan.issues[0].statistics[0].lag_months = 61;
        let fields: Vec<_> = plan.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "issues[0].title_th",
                "issues[0].statistics[1].producer",
                "issues[0].statistics[0].target",
                "issues[0].statistics[0].lag_months"
            ]
        );
    }
}
