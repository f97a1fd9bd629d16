//! The register of official statistics (บัญชีสถิติทางการ): what each statistic
//! is, how often it is produced, when each period's release is due, and its
//! status computed from the hub's releases — never stored.
//!
//! A release calendar is either a lag after the period's last day ("45 days
//! after the quarter ends") or fixed dates in the year ("31 March and
//! 30 September"): the period is due on the first listed date after it ends.
//! These two cover the calendars agencies announce; a period's due date is a
//! function of the period alone, so every past period can be judged.
//!
//! A period counts as released on the Thai date of the first release that
//! carried a value for it (or a confidential cell: produced, only withheld).
//! Status of one period: released by its due date (on time), released after it
//! or not released with the due date passed (late: "due today" is not yet
//! late), not released and not yet due (pending). A statistic's status is its
//! latest judged period's, and "not produced" when no dataset carries it or no
//! release carries any of its periods.

use std::collections::BTreeMap;

use jiff::civil::Date;
use tidtam_thai::fiscal::FiscalYear;

use crate::codelist::Codelist;
use crate::gdc::FieldError;
use crate::model::valid_id;
use crate::period::Period;
use crate::release::{History, thai_date};

/// How often a statistic is produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Frequency {
    Monthly,
    Quarterly,
    Annual,
    /// Every `years` years (a census every 10, a survey every 2).
    EveryYears {
        years: u8,
    },
}

impl Frequency {
    /// Parses the wire form: "monthly", "quarterly", "annual", or "every_years" with a count.
    pub fn parse(kind: &str, years: Option<u8>) -> Option<Frequency> {
        match (kind, years) {
            ("monthly", _) => Some(Frequency::Monthly),
            ("quarterly", _) => Some(Frequency::Quarterly),
            ("annual", _) => Some(Frequency::Annual),
            ("every_years", Some(n)) if (2..=20).contains(&n) => Some(Frequency::EveryYears { years: n }),
            _ => None,
        }
    }

    /// The wire kind ("every_years" for [`Frequency::EveryYears`]).
    pub fn kind(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Annual => "annual",
            Frequency::EveryYears { .. } => "every_years",
        }
    }

    pub fn years(self) -> Option<u8> {
        match self {
            Frequency::EveryYears { years } => Some(years),
            _ => None,
        }
    }

    pub fn label_th(self) -> String {
        match self {
            Frequency::Monthly => "รายเดือน".into(),
            Frequency::Quarterly => "รายไตรมาส".into(),
            Frequency::Annual => "รายปี".into(),
            Frequency::EveryYears { years } => format!("ทุก {years} ปี"),
        }
    }

    pub fn label_en(self) -> String {
        match self {
            Frequency::Monthly => "Monthly".into(),
            Frequency::Quarterly => "Quarterly".into(),
            Frequency::Annual => "Annual".into(),
            Frequency::EveryYears { years } => format!("Every {years} years"),
        }
    }

    /// Whether `period` is a period of this frequency.
    pub fn fits(self, period: Period) -> bool {
        matches!(
            (self, period),
            (Frequency::Monthly, Period::Month(..))
                | (Frequency::Quarterly, Period::Quarter(..) | Period::FiscalQuarter(..))
                | (Frequency::Annual | Frequency::EveryYears { .. }, Period::Year(_) | Period::FiscalYear(_))
        )
    }

    /// The period after `period` (of a fitting kind).
    fn next(self, period: Period) -> Option<Period> {
        let years = i32::from(self.years().unwrap_or(1));
        Some(match period {
            Period::Month(y, 12) => Period::Month(y.checked_add(1)?, 1),
            Period::Month(y, m) => Period::Month(y, m + 1),
            Period::Quarter(y, 4) => Period::Quarter(y.checked_add(1)?, 1),
            Period::Quarter(y, q) => Period::Quarter(y, q + 1),
            Period::FiscalQuarter(fy, 4) => Period::FiscalQuarter(FiscalYear::checked(fy.be() + 1).ok()?, 1),
            Period::FiscalQuarter(fy, q) => Period::FiscalQuarter(fy, q + 1),
            Period::Year(y) => Period::Year(i16::try_from(i32::from(y) + years).ok()?),
            Period::FiscalYear(fy) => Period::FiscalYear(FiscalYear::checked(fy.be() + years).ok()?),
        })
    }
}

/// A day of the year (month 1..=12, day valid in every year: no 29 February).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct MonthDay {
    pub month: u8,
    pub day: u8,
}

impl MonthDay {
    /// Reads "MM-DD" ("03-31").
    pub fn parse(text: &str) -> Option<MonthDay> {
        let (m, d) = text.trim().split_once('-')?;
        let (month, day): (u8, u8) = (m.parse().ok()?, d.parse().ok()?);
        // 2023 is not a leap year, so 29 February is refused: it is not a date every year has.
        jiff::civil::Date::new(2023, month as i8, day as i8).ok()?;
        Some(MonthDay { month, day })
    }

    fn in_year(self, year: i16) -> Option<Date> {
        Date::new(year, self.month as i8, self.day as i8).ok()
    }
}

impl std::fmt::Display for MonthDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

/// When each period's release is due.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Calendar {
    /// `months` months and then `days` days after the period's last day.
    Lag { months: u16, days: u16 },
    /// The first of these dates after the period's last day.
    Dates { dates: Vec<MonthDay> },
}

impl Calendar {
    /// The due date of `period`.
    pub fn due(&self, period: Period) -> Date {
        let end = period.end();
        match self {
            Calendar::Lag { months, days } => end
                .checked_add(jiff::Span::new().months(i64::from(*months)))
                .and_then(|d| d.checked_add(jiff::Span::new().days(i64::from(*days))))
                .unwrap_or(Date::MAX),
            Calendar::Dates { dates } => (end.year()..=end.year().saturating_add(1))
                .flat_map(|y| dates.iter().filter_map(move |d| d.in_year(y)))
                .filter(|d| *d > end)
                .min()
                .unwrap_or(Date::MAX),
        }
    }

    /// The calendar in Thai: "3 เดือน 15 วันหลังสิ้นงวด", "31 มี.ค., 30 ก.ย.".
    pub fn label_th(&self) -> String {
        match self {
            Calendar::Lag { months, days } => {
                let mut parts = Vec::new();
                if *months > 0 {
                    parts.push(format!("{months} เดือน"));
                }
                if *days > 0 || *months == 0 {
                    parts.push(format!("{days} วัน"));
                }
                format!("{} หลังสิ้นงวด", parts.join(" "))
            }
            Calendar::Dates { dates } => dates
                .iter()
                .map(|d| format!("{} {}", d.day, tidtam_thai::date::month_abbr_th(d.month as i8).unwrap_or("?")))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    pub fn label_en(&self) -> String {
        match self {
            Calendar::Lag { months, days } => format!("{months} months {days} days after the period ends"),
            Calendar::Dates { dates } => {
                format!("on {}", dates.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))
            }
        }
    }
}

/// The geographic level a statistic is produced at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeoLevel {
    Country,
    Region,
    Province,
}

impl GeoLevel {
    pub const ALL: [GeoLevel; 3] = [GeoLevel::Country, GeoLevel::Region, GeoLevel::Province];

    pub fn code(self) -> &'static str {
        match self {
            GeoLevel::Country => "country",
            GeoLevel::Region => "region",
            GeoLevel::Province => "province",
        }
    }

    pub fn parse(code: &str) -> Option<GeoLevel> {
        GeoLevel::ALL.into_iter().find(|g| g.code() == code)
    }

    pub fn name_th(self) -> &'static str {
        match self {
            GeoLevel::Country => "ประเทศ",
            GeoLevel::Region => "ภาค",
            GeoLevel::Province => "จังหวัด",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            GeoLevel::Country => "Country",
            GeoLevel::Region => "Region",
            GeoLevel::Province => "Province",
        }
    }
}

/// How often a statistic is produced, from which period, and when releases are due.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Schedule {
    pub frequency: Frequency,
    /// The first period the register expects (its kind says calendar or fiscal).
    pub first: Period,
    /// `None`: the agency announces no calendar, so no period can be late.
    pub calendar: Option<Calendar>,
}

impl Schedule {
    /// Every period from the first that has begun by `today`, in order.
    pub fn periods(&self, today: Date) -> Vec<Period> {
        let mut out = Vec::new();
        let mut next = Some(self.first);
        while let Some(p) = next
            && p.start() <= today
        {
            out.push(p);
            next = self.frequency.next(p);
        }
        out
    }

    pub fn due(&self, period: Period) -> Option<Date> {
        self.calendar.as_ref().map(|c| c.due(period))
    }
}

/// A statistic of the register, as its definition is stored (the owner agency
/// is a column beside it).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// "LFS_UNEMP": a Latin letter, then letters, digits and `_`.
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    /// The statistical sector code ("S02").
    pub sector: String,
    pub geo_level: GeoLevel,
    pub schedule: Schedule,
    /// The hub dataset that carries it, and the indicator within it.
    pub dataset: Option<String>,
    pub indicator: Option<String>,
}

impl Entry {
    /// Every problem at once, in Thai and English, with the sectors the hub keeps.
    pub fn validate(&self, sectors: &Codelist) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut err = |field: &str, th: &str, en: &str| errors.push(FieldError::new(field, th.into(), en.into()));
        if !valid_id(&self.code) {
            err(
                "code",
                "รหัสต้องขึ้นต้นด้วยอักษรละติน ตามด้วยอักษร ตัวเลข หรือ _ ไม่เกิน 50 ตัว",
                "a code starts with a Latin letter, then letters, digits or _, at most 50",
            );
        }
        if self.name_th.trim().is_empty() {
            err("name_th", "ต้องมีชื่อภาษาไทย", "a Thai name is required");
        }
        if self.name_en.trim().is_empty() {
            err("name_en", "ต้องมีชื่อภาษาอังกฤษ", "an English name is required");
        }
        if sectors.get(&self.sector).is_none() {
            err("sector", "ไม่มีสาขาสถิตินี้", "no such statistical sector");
        }
        if !self.schedule.frequency.fits(self.schedule.first) {
            err(
                "first_period",
                "งวดแรกไม่ตรงกับความถี่ (รายเดือนต้องเป็นเดือน รายไตรมาสเป็นไตรมาส รายปีเป็นปีหรือปีงบประมาณ)",
                "the first period does not fit the frequency (a month, a quarter, or a calendar or fiscal year)",
            );
        }
        match &self.schedule.calendar {
            Some(Calendar::Lag { months, days }) if *months > 60 || *days > 366 => err(
                "calendar",
                "ระยะเวลาหลังสิ้นงวดต้องไม่เกิน 60 เดือนและ 366 วัน",
                "the lag is at most 60 months and 366 days",
            ),
            Some(Calendar::Dates { dates }) if dates.is_empty() || dates.len() > 12 => {
                err("calendar", "ต้องระบุวันเผยแพร่ 1 ถึง 12 วันในปี", "give 1 to 12 release dates in the year")
            }
            _ => {}
        }
        if self.indicator.is_some() && self.dataset.is_none() {
            err("indicator", "ระบุตัวชี้วัดได้เมื่อระบุชุดข้อมูล", "an indicator needs a dataset")
        }
        errors
    }
}

/// The Thai date each period was first released, for one statistic (or one
/// area of it).
pub type FirstReleased = BTreeMap<Period, Date>;

/// When a statistic's periods were first released: over all areas, and per area code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    pub all: FirstReleased,
    pub by_area: BTreeMap<String, FirstReleased>,
}

impl Coverage {
    /// From (series key, period, first release date) rows of a dataset: the
    /// series of `indicator` (its code is the key's first part; `None`: every
    /// series), areas read at key position `area_position`.
    pub fn from_rows<'a>(
        rows: impl IntoIterator<Item = (&'a [String], Period, Date)>,
        indicator: Option<&str>,
        area_position: Option<usize>,
    ) -> Coverage {
        let mut out = Coverage::default();
        for (series, period, date) in rows {
            if indicator.is_some_and(|i| series.first().map(String::as_str) != Some(i)) {
                continue;
            }
            keep_first(&mut out.all, period, date);
            if let Some(area) = area_position.and_then(|i| series.get(i)) {
                keep_first(out.by_area.entry(area.clone()).or_default(), period, date);
            }
        }
        out
    }

    /// From a dataset's whole history (the reference the store's query is tested against).
    pub fn from_history(history: &History, indicator: Option<&str>, area_position: Option<usize>) -> Coverage {
        let dates: BTreeMap<u32, Date> =
            history.releases.iter().map(|r| (r.number, thai_date(r.published_at))).collect();
        let rows: Vec<(&[String], Period, Date)> = history
            .revisions
            .iter()
            .filter(|r| !r.deleted && carries(&r.observation))
            .filter_map(|r| Some((r.observation.series.as_slice(), r.observation.period, *dates.get(&r.release)?)))
            .collect();
        Coverage::from_rows(rows, indicator, area_position)
    }
}

/// Whether an observation counts as producing its period: a value, or a cell
/// withheld as confidential (produced, not shown); "not available" is not.
pub fn carries(o: &crate::model::Observation) -> bool {
    o.value.is_some() || o.status == crate::model::ObsStatus::Confidential
}

fn keep_first(map: &mut FirstReleased, period: Period, date: Date) {
    map.entry(period).and_modify(|d| *d = (*d).min(date)).or_insert(date);
}

/// The status of one period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodState {
    /// Released on or before its due date.
    OnTime,
    /// Released after its due date.
    ReleasedLate,
    /// Its due date has passed and no release carries it.
    Overdue,
    /// Released; no calendar to judge it by.
    Released,
    /// Not released, and not due (or no calendar).
    Pending,
}

impl PeriodState {
    pub fn is_late(self) -> bool {
        matches!(self, PeriodState::ReleasedLate | PeriodState::Overdue)
    }

    pub fn name_th(self) -> &'static str {
        match self {
            PeriodState::OnTime => "ตรงเวลา",
            PeriodState::ReleasedLate => "เผยแพร่ล่าช้า",
            PeriodState::Overdue => "เกินกำหนด ยังไม่เผยแพร่",
            PeriodState::Released => "เผยแพร่แล้ว",
            PeriodState::Pending => "ยังไม่ถึงกำหนด",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            PeriodState::OnTime => "On time",
            PeriodState::ReleasedLate => "Released late",
            PeriodState::Overdue => "Overdue",
            PeriodState::Released => "Released",
            PeriodState::Pending => "Not yet due",
        }
    }
}

/// One period of a statistic, judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PeriodStatus {
    pub period: Period,
    pub due: Option<Date>,
    pub released: Option<Date>,
    pub state: PeriodState,
}

/// The status of a statistic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    /// Its latest judged period was released by its due date.
    OnTime,
    /// Its latest judged period is overdue or was released late.
    Late,
    /// Released, with no calendar to judge it by.
    Produced,
    /// No dataset carries it, or no release carries any of its periods.
    NotProduced,
}

impl StatusKind {
    pub const ALL: [StatusKind; 4] =
        [StatusKind::OnTime, StatusKind::Late, StatusKind::Produced, StatusKind::NotProduced];

    pub fn code(self) -> &'static str {
        match self {
            StatusKind::OnTime => "on_time",
            StatusKind::Late => "late",
            StatusKind::Produced => "produced",
            StatusKind::NotProduced => "not_produced",
        }
    }

    pub fn parse(code: &str) -> Option<StatusKind> {
        StatusKind::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name_th(self) -> &'static str {
        match self {
            StatusKind::OnTime => "เผยแพร่ตรงเวลา",
            StatusKind::Late => "ล่าช้า",
            StatusKind::Produced => "ผลิตแล้ว (ไม่มีปฏิทิน)",
            StatusKind::NotProduced => "ยังไม่ผลิต",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            StatusKind::OnTime => "Updated on time",
            StatusKind::Late => "Late",
            StatusKind::Produced => "Produced (no calendar)",
            StatusKind::NotProduced => "Not produced",
        }
    }
}

/// A statistic's status and every period behind it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Status {
    pub kind: StatusKind,
    /// The period that decided `kind` (the latest one released or past its due date).
    pub latest: Option<Period>,
    /// Every period from the first that has begun, in order.
    pub periods: Vec<PeriodStatus>,
}

impl Status {
    /// Periods past their due date with no release.
    pub fn overdue(&self) -> impl Iterator<Item = &PeriodStatus> {
        self.periods.iter().filter(|p| p.state == PeriodState::Overdue)
    }

    /// A statistic no dataset carries.
    pub fn without_dataset(schedule: &Schedule, today: Date) -> Status {
        let mut s = status(schedule, &FirstReleased::new(), today);
        s.kind = StatusKind::NotProduced;
        s
    }
}

/// The status of a statistic on `today` (a Thai date), from the dates its
/// periods were first released. Pure: the chart of provincial statistics and
/// the statistics-system page both call this.
pub fn status(schedule: &Schedule, released: &FirstReleased, today: Date) -> Status {
    let periods: Vec<PeriodStatus> = schedule
        .periods(today)
        .into_iter()
        .map(|period| {
            let due = schedule.due(period);
            let released = released.get(&period).copied().filter(|d| *d <= today);
            let state = match (released, due) {
                (Some(on), Some(due)) if on <= due => PeriodState::OnTime,
                (Some(_), Some(_)) => PeriodState::ReleasedLate,
                (Some(_), None) => PeriodState::Released,
                (None, Some(due)) if today > due => PeriodState::Overdue,
                (None, _) => PeriodState::Pending,
            };
            PeriodStatus { period, due, released, state }
        })
        .collect();
    let decided = periods.iter().rev().find(|p| p.state != PeriodState::Pending);
    let kind = if periods.iter().all(|p| p.released.is_none()) {
        StatusKind::NotProduced
    } else {
        match decided.map(|p| p.state) {
            Some(PeriodState::OnTime) => StatusKind::OnTime,
            Some(PeriodState::ReleasedLate | PeriodState::Overdue) => StatusKind::Late,
            _ => StatusKind::Produced,
        }
    };
    Status { kind, latest: decided.map(|p| p.period), periods }
}

/// The areas among `expected` whose series does not carry `period` by `today`.
pub fn missing_areas(coverage: &Coverage, expected: &[String], period: Period, today: Date) -> Vec<String> {
    expected
        .iter()
        .filter(|area| {
            coverage.by_area.get(*area).and_then(|m| m.get(&period)).is_none_or(|released| *released > today)
        })
        .cloned()
        .collect()
}

/// One statistic's periods due in a year, for the yearly summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct YearCounts {
    /// Periods whose due date falls in the year (by `today`).
    pub due: u32,
    pub on_time: u32,
    /// Released after the due date.
    pub released_late: u32,
    /// Past the due date with no release.
    pub missing: u32,
}

/// Counts the periods of `status` whose due date falls in `from..=to` and has come by `today`.
pub fn year_counts(status: &Status, from: Date, to: Date, today: Date) -> YearCounts {
    let mut out = YearCounts::default();
    for p in &status.periods {
        let Some(due) = p.due else { continue };
        if due < from || due > to || due > today {
            continue;
        }
        out.due += 1;
        match p.state {
            PeriodState::OnTime => out.on_time += 1,
            PeriodState::ReleasedLate => out.released_late += 1,
            // Due today with nothing yet: due, not missing.
            PeriodState::Pending => {}
            _ => out.missing += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ObsStatus, Observation};
    use crate::release::{LoadMode, thailand};
    use jiff::civil::date;

    fn quarterly(calendar: Option<Calendar>) -> Schedule {
        Schedule { frequency: Frequency::Quarterly, first: Period::Quarter(2024, 1), calendar }
    }

    fn lag(months: u16, days: u16) -> Option<Calendar> {
        Some(Calendar::Lag { months, days })
    }

    fn released(list: &[(Period, Date)]) -> FirstReleased {
        list.iter().copied().collect()
    }

    #[test]
    fn lag_and_fixed_dates_give_due_dates() {
        let c = Calendar::Lag { months: 1, days: 15 };
        assert_eq!(c.due(Period::Quarter(2024, 1)), date(2024, 5, 15));
        // 31 January + 1 month is the last day of February, then 15 days.
        assert_eq!(c.due(Period::Month(2024, 1)), date(2024, 3, 15));
        let d = Calendar::Dates { dates: vec![MonthDay { month: 3, day: 31 }, MonthDay { month: 9, day: 30 }] };
        assert_eq!(d.due(Period::Year(2024)), date(2025, 3, 31));
        assert_eq!(d.due(Period::Quarter(2024, 1)), date(2024, 9, 30));
        assert_eq!(d.due(Period::Quarter(2024, 3)), date(2025, 3, 31), "not on the day the quarter ends");
        let fy = FiscalYear::from_be(2567);
        assert_eq!(d.due(Period::FiscalYear(fy)), date(2025, 3, 31));
        assert_eq!(MonthDay::parse("02-29"), None);
        assert_eq!(MonthDay::parse("12-31"), Some(MonthDay { month: 12, day: 31 }));
    }

    #[test]
    fn periods_step_by_the_frequency() {
        let s =
            Schedule { frequency: Frequency::EveryYears { years: 5 }, first: Period::Year(2010), calendar: lag(12, 0) };
        assert_eq!(s.periods(date(2024, 6, 1)), [Period::Year(2010), Period::Year(2015), Period::Year(2020)]);
        let fq = Schedule {
            frequency: Frequency::Quarterly,
            first: Period::FiscalQuarter(FiscalYear::from_be(2567), 4),
            calendar: None,
        };
        assert_eq!(
            fq.periods(date(2024, 10, 1)),
            [Period::FiscalQuarter(FiscalYear::from_be(2567), 4), Period::FiscalQuarter(FiscalYear::from_be(2568), 1)]
        );
        assert_eq!(fq.periods(date(2024, 6, 30)), [], "nothing has begun yet");
    }

    #[test]
    fn due_today_is_not_late_and_the_day_after_is() {
        // Q1 2024 is due 15 May 2024.
        let s = quarterly(lag(1, 15));
        let none = FirstReleased::new();
        let today = status(&s, &none, date(2024, 5, 15));
        assert_eq!(today.periods[0].state, PeriodState::Pending);
        assert_eq!(today.kind, StatusKind::NotProduced);
        let tomorrow = status(&s, &none, date(2024, 5, 16));
        assert_eq!(tomorrow.periods[0].state, PeriodState::Overdue);

        let on_due_day = released(&[(Period::Quarter(2024, 1), date(2024, 5, 15))]);
        let st = status(&s, &on_due_day, date(2024, 5, 20));
        assert_eq!((st.kind, st.latest), (StatusKind::OnTime, Some(Period::Quarter(2024, 1))));

        let day_after = released(&[(Period::Quarter(2024, 1), date(2024, 5, 16))]);
        let st = status(&s, &day_after, date(2024, 5, 20));
        assert_eq!(st.periods[0].state, PeriodState::ReleasedLate);
        assert_eq!(st.kind, StatusKind::Late);
    }

    #[test]
    fn several_periods_late() {
        let s = quarterly(lag(1, 15));
        let r = released(&[(Period::Quarter(2024, 1), date(2024, 5, 1))]);
        // Q2 due 15 Aug, Q3 due 15 Nov 2024, Q4 due 15 Feb 2025; on 1 March 2025 all three are overdue.
        let st = status(&s, &r, date(2025, 3, 1));
        assert_eq!(st.kind, StatusKind::Late);
        assert_eq!(st.latest, Some(Period::Quarter(2024, 4)));
        let overdue: Vec<Period> = st.overdue().map(|p| p.period).collect();
        assert_eq!(overdue, [Period::Quarter(2024, 2), Period::Quarter(2024, 3), Period::Quarter(2024, 4)]);
        // Q1 2025 has begun but is not due.
        assert_eq!(st.periods.last().map(|p| p.state), Some(PeriodState::Pending));
        // Catching up on the latest period alone makes it on time again; the holes stay listed.
        let mut caught_up = r.clone();
        caught_up.insert(Period::Quarter(2024, 4), date(2025, 2, 10));
        let st = status(&s, &caught_up, date(2025, 3, 1));
        assert_eq!(st.kind, StatusKind::OnTime);
        assert_eq!(st.overdue().count(), 2);
    }

    #[test]
    fn a_release_dated_after_today_does_not_count_yet() {
        let s = quarterly(lag(1, 15));
        let r = released(&[(Period::Quarter(2024, 1), date(2024, 6, 1))]);
        let st = status(&s, &r, date(2024, 5, 20));
        assert_eq!(st.periods[0].state, PeriodState::Overdue);
        assert_eq!(st.kind, StatusKind::NotProduced);
    }

    #[test]
    fn without_a_calendar_released_is_produced() {
        let s = quarterly(None);
        let r = released(&[(Period::Quarter(2024, 1), date(2024, 12, 1))]);
        assert_eq!(status(&s, &r, date(2025, 3, 1)).kind, StatusKind::Produced);
        assert_eq!(status(&s, &FirstReleased::new(), date(2025, 3, 1)).kind, StatusKind::NotProduced);
        assert_eq!(Status::without_dataset(&quarterly(lag(0, 1)), date(2025, 3, 1)).kind, StatusKind::NotProduced);
    }

    fn obs(series: &[&str], period: Period, value: Option<f64>, status: ObsStatus) -> Observation {
        Observation { series: series.iter().map(|s| (*s).to_owned()).collect(), period, value, status }
    }

    #[test]
    fn coverage_from_history_keeps_each_periods_first_release() {
        let at = |d: Date| thailand().to_timestamp(d.at(10, 0, 0, 0)).expect("fixed");
        let y = |year| Period::Year(year);
        let mut h = History::default();
        let first: crate::model::ObsMap = [
            obs(&["RATE", "TH-10"], y(2023), Some(1.0), ObsStatus::Normal),
            obs(&["RATE", "TH-50"], y(2023), None, ObsStatus::NotAvailable),
            obs(&["OTHER", "TH-50"], y(2024), Some(3.0), ObsStatus::Normal),
        ]
        .into_iter()
        .map(|o| (o.key(), o))
        .collect();
        h.publish(&first, LoadMode::Merge, at(date(2024, 3, 1)), "").expect("first");
        let second: crate::model::ObsMap = [
            obs(&["RATE", "TH-10"], y(2023), Some(1.5), ObsStatus::Normal),
            obs(&["RATE", "TH-50"], y(2023), None, ObsStatus::Confidential),
            obs(&["RATE", "TH-10"], y(2024), Some(2.0), ObsStatus::Provisional),
        ]
        .into_iter()
        .map(|o| (o.key(), o))
        .collect();
        h.publish(&second, LoadMode::Merge, at(date(2025, 2, 1)), "").expect("second");
        let c = Coverage::from_history(&h, Some("RATE"), Some(1));
        assert_eq!(c.all, released(&[(y(2023), date(2024, 3, 1)), (y(2024), date(2025, 2, 1))]));
        assert_eq!(c.by_area["TH-50"], released(&[(y(2023), date(2025, 2, 1))]), "confidential counts, n/a does not");
        let provinces = vec!["TH-10".to_owned(), "TH-50".to_owned(), "TH-57".to_owned()];
        assert_eq!(missing_areas(&c, &provinces, y(2024), date(2025, 3, 1)), ["TH-50", "TH-57"]);
        assert_eq!(Coverage::from_history(&h, None, None).all[&y(2024)], date(2024, 3, 1));
    }

    #[test]
    fn year_counts_follow_due_dates() {
        let s = quarterly(lag(1, 15));
        let r = released(&[(Period::Quarter(2024, 1), date(2024, 5, 1)), (Period::Quarter(2024, 2), date(2024, 9, 1))]);
        let st = status(&s, &r, date(2025, 2, 15));
        // Due in 2024: Q1 (15 May, on time), Q2 (15 Aug, late), Q3 (15 Nov, missing); Q4 is due in 2025.
        let c = year_counts(&st, date(2024, 1, 1), date(2024, 12, 31), date(2025, 2, 15));
        assert_eq!(c, YearCounts { due: 3, on_time: 1, released_late: 1, missing: 1 });
        // 2025 by 15 February: Q4 due today, not missing yet.
        let c = year_counts(&st, date(2025, 1, 1), date(2025, 12, 31), date(2025, 2, 15));
        assert_eq!(c, YearCounts { due: 1, on_time: 0, released_late: 0, missing: 0 });
    }

    #[test]
    fn entries_list_every_problem() {
        let entry = Entry {
            code: "1bad".into(),
            name_th: " ".into(),
            name_en: "x".into(),
            sector: "S99".into(),
            geo_level: GeoLevel::Province,
            schedule: Schedule {
                frequency: Frequency::Monthly,
                first: Period::Year(2024),
                calendar: Some(Calendar::Dates { dates: vec![] }),
            },
            dataset: None,
            indicator: Some("X".into()),
        };
        let fields: Vec<String> = entry.validate(&crate::codelist::sectors()).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["code", "name_th", "sector", "first_period", "calendar", "indicator"]);
    }
}
