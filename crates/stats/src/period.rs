//! Time periods of statistical series: calendar years, Thai fiscal years,
//! quarters and months, shown in the Buddhist era and exchanged in ISO/SDMX form.
//!
//! Agencies write periods as "๒๕๖๗", "พ.ศ. 2567", "ปีงบประมาณ 2567", "ไตรมาส 1/2567",
//! "ม.ค. 67" or "2024-01"; clients of SDMX expect "2024", "2024-Q1", "2024-01".
//! A Thai fiscal year (October–September) has no SDMX frequency of its own, so it
//! is exchanged as an ISO 8601 time range, "2023-10-01/P1Y" (fiscal year 2567),
//! which SDMX 2.1 allows as an observational time period and which says exactly
//! which days it covers; a fiscal quarter is "2023-10-01/P3M".
//! A Buddhist-era year is a calendar year: the era is a way of *showing* it,
//! so it is the same [`Period::Year`] and prints in BE ([`Period::label_th`]).

use std::fmt;

use jiff::civil::{Date, date};
use tidtam_thai::date::{be_to_ce, ce_to_be, month_abbr_th, parse_month};
use tidtam_thai::digits::to_arabic_digits;
use tidtam_thai::fiscal::FiscalYear;

/// How often a series is observed; the SDMX `FREQ` code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Calendar or fiscal years (`A`).
    Annual,
    /// Calendar or fiscal quarters (`Q`).
    Quarterly,
    /// Months (`M`).
    Monthly,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Frequency::Annual, Frequency::Quarterly, Frequency::Monthly];

    /// The SDMX code list CL_FREQ code.
    pub fn code(self) -> &'static str {
        match self {
            Frequency::Annual => "A",
            Frequency::Quarterly => "Q",
            Frequency::Monthly => "M",
        }
    }

    pub fn from_code(code: &str) -> Option<Frequency> {
        Frequency::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn name_th(self) -> &'static str {
        match self {
            Frequency::Annual => "รายปี",
            Frequency::Quarterly => "รายไตรมาส",
            Frequency::Monthly => "รายเดือน",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Frequency::Annual => "Annual",
            Frequency::Quarterly => "Quarterly",
            Frequency::Monthly => "Monthly",
        }
    }
}

/// One period of observation. Years are Common Era inside; see the module doc.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    /// A calendar year (CE), shown in BE.
    Year(i16),
    /// A Thai fiscal year, 1 October of the year before to 30 September.
    FiscalYear(FiscalYear),
    /// A calendar quarter (1..=4) of a CE year.
    Quarter(i16, u8),
    /// A quarter of a fiscal year: quarter 1 is October–December.
    FiscalQuarter(FiscalYear, u8),
    /// A month (1..=12) of a CE year.
    Month(i16, u8),
}

/// Periods order by their first day, then the longer first, so a year sorts
/// before its first quarter and month and series read in time order.
impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.start().cmp(&other.start()).then(other.end().cmp(&self.end())).then(self.rank().cmp(&other.rank()))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Years outside this range are refused: they are typing slips, not statistics.
const MIN_YEAR: i16 = 1800;
const MAX_YEAR: i16 = 2200;

impl Period {
    /// Tells apart periods covering the same days (calendar Q4 2023 and fiscal Q1 2567).
    fn rank(self) -> u8 {
        match self {
            Period::Year(_) => 0,
            Period::FiscalYear(_) => 1,
            Period::Quarter(..) => 2,
            Period::FiscalQuarter(..) => 3,
            Period::Month(..) => 4,
        }
    }

    pub fn frequency(self) -> Frequency {
        match self {
            Period::Year(_) | Period::FiscalYear(_) => Frequency::Annual,
            Period::Quarter(..) | Period::FiscalQuarter(..) => Frequency::Quarterly,
            Period::Month(..) => Frequency::Monthly,
        }
    }

    /// The first day.
    pub fn start(self) -> Date {
        match self {
            Period::Year(y) => date(y, 1, 1),
            Period::FiscalYear(fy) => fy.start(),
            Period::Quarter(y, q) => date(y, (q as i8 - 1) * 3 + 1, 1),
            Period::FiscalQuarter(fy, q) => fiscal_quarter_start(fy, q),
            Period::Month(y, m) => date(y, m as i8, 1),
        }
    }

    /// The last day (inclusive).
    pub fn end(self) -> Date {
        match self {
            Period::Year(y) => date(y, 12, 31),
            Period::FiscalYear(fy) => fy.end(),
            Period::Quarter(y, q) => date(y, q as i8 * 3, 1).last_of_month(),
            Period::FiscalQuarter(fy, q) => {
                let start = fiscal_quarter_start(fy, q);
                start.checked_add(jiff::Span::new().months(3)).expect("in range").yesterday().expect("in range")
            }
            Period::Month(y, m) => date(y, m as i8, 1).last_of_month(),
        }
    }

    /// The SDMX/ISO form: "2024", "2024-Q1", "2024-01", "2023-10-01/P1Y", "2023-10-01/P3M".
    pub fn sdmx(self) -> String {
        self.to_string()
    }

    /// Reads the SDMX/ISO form back ([`Period::sdmx`]); also accepts "2024-A1"
    /// (the SDMX 2.1 reporting-year form of a calendar year).
    pub fn parse_sdmx(text: &str) -> Option<Period> {
        let text = text.trim();
        if let Some((start, duration)) = text.split_once('/') {
            let start: Date = start.parse().ok()?;
            let fy = FiscalYear::of(start);
            if start != fy.start() && duration == "P1Y" {
                return None;
            }
            return match duration {
                "P1Y" if start.month() == 10 && start.day() == 1 => Some(Period::FiscalYear(fy)),
                "P3M" => (1..=4u8).map(|q| Period::FiscalQuarter(fy, q)).find(|p| p.start() == start),
                _ => None,
            };
        }
        let year = |s: &str| -> Option<i16> {
            (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
                .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
        };
        match text.split_once('-') {
            None => year(text).map(Period::Year),
            Some((y, rest)) => {
                let y = year(y)?;
                if rest == "A1" {
                    Some(Period::Year(y))
                } else if let Some(q) = rest.strip_prefix('Q') {
                    let q: u8 = q.parse().ok()?;
                    (1..=4).contains(&q).then_some(Period::Quarter(y, q))
                } else if rest.len() == 2 {
                    let m: u8 = rest.parse().ok()?;
                    (1..=12).contains(&m).then_some(Period::Month(y, m))
                } else {
                    None
                }
            }
        }
    }

    /// How the period is shown to Thai readers: "2567", "ปีงบประมาณ 2567",
    /// "ไตรมาส 1/2567", "ไตรมาส 1 ปีงบประมาณ 2567", "ม.ค. 2567".
    pub fn label_th(self) -> String {
        match self {
            Period::Year(y) => ce_to_be(y.into()).to_string(),
            Period::FiscalYear(fy) => format!("ปีงบประมาณ {}", fy.be()),
            Period::Quarter(y, q) => format!("ไตรมาส {q}/{}", ce_to_be(y.into())),
            Period::FiscalQuarter(fy, q) => format!("ไตรมาส {q} ปีงบประมาณ {}", fy.be()),
            Period::Month(y, m) => {
                format!("{} {}", month_abbr_th(m as i8).unwrap_or("?"), ce_to_be(y.into()))
            }
        }
    }

    /// Reads a period as agencies write it in a table header or cell.
    ///
    /// `years` says what a bare year number means (a column of "2567"s in a
    /// fiscal-year table is fiscal years). Four-digit years of 2400 and above are
    /// Buddhist era, below are Common Era; two-digit years ("67") are BE.
    /// Accepts Thai digits, "พ.ศ.", "ปี", "ปีงบประมาณ"/"ปีงบ" (always fiscal),
    /// "ไตรมาส 1/2567", "Q1/2567", "ไตรมาส 1 ปีงบประมาณ 2567", month names
    /// with a year ("ม.ค. 67", "มกราคม 2567"), and the SDMX forms.
    pub fn parse_th(text: &str, years: YearKind) -> Option<Period> {
        let owned = to_arabic_digits(text);
        let text = owned.trim();
        if let Some(p) = Period::parse_sdmx(text) {
            // "2567" is also a valid SDMX year (it is in range): read it as BE.
            return match p {
                Period::Year(y) => year_from_number(y.into()).map(|y| years.period(y)),
                other => Some(other),
            };
        }
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let fiscal_prefixes = ["ประจำปีงบประมาณ", "ปีงบประมาณ", "ปีงบ", "FY"];
        let (years, rest) = match fiscal_prefixes.iter().find_map(|p| compact.strip_prefix(p)) {
            Some(rest) => (YearKind::Fiscal, rest.to_owned()),
            None => (years, compact.clone()),
        };
        let rest = strip_any(&rest, &["พ.ศ.", "พ.ศ", "พศ.", "ค.ศ.", "ปี"]);
        if let Some(y) = whole_year(rest) {
            return Some(years.period(y));
        }
        // Quarters: "ไตรมาส1/2567", "ไตรมาสที่1/2567", "Q1/2567", "ไตรมาส1ปีงบประมาณ2567".
        for prefix in ["ไตรมาสที่", "ไตรมาส", "ไตร", "Q", "q"] {
            if let Some(after) = compact.strip_prefix(prefix) {
                let digits_end = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
                let q: u8 = after[..digits_end].parse().ok()?;
                if !(1..=4).contains(&q) {
                    return None;
                }
                let tail = after[digits_end..].trim_start_matches(['/', '-']);
                let (fiscal, tail) = match fiscal_prefixes.iter().find_map(|p| tail.strip_prefix(p)) {
                    Some(t) => (true, t),
                    None => (years == YearKind::Fiscal, tail),
                };
                let y = whole_year(strip_any(tail, &["พ.ศ.", "พ.ศ", "ปี"]))?;
                return Some(if fiscal {
                    Period::FiscalQuarter(FiscalYear::checked(ce_to_be(y.into())).ok()?, q)
                } else {
                    Period::Quarter(y, q)
                });
            }
        }
        // Months: "ม.ค.67", "มกราคม2567", "Jan 2024".
        let split = compact.find(|c: char| c.is_ascii_digit())?;
        let m = parse_month(&compact[..split])?;
        let y = whole_year(&compact[split..])?;
        Some(Period::Month(y, m as u8))
    }
}

/// What a bare year number in a table means.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearKind {
    /// A calendar year (written in BE or CE).
    #[default]
    Calendar,
    /// A Thai fiscal year (written in BE, as the government names them).
    Fiscal,
}

impl YearKind {
    fn period(self, ce_year: i16) -> Period {
        match self {
            YearKind::Calendar => Period::Year(ce_year),
            // The fiscal year named by BE year y ends in CE year y - 543.
            YearKind::Fiscal => Period::FiscalYear(FiscalYear::from_ce_end_year(ce_year.into())),
        }
    }
}

fn strip_any<'a>(s: &'a str, prefixes: &[&str]) -> &'a str {
    prefixes.iter().find_map(|p| s.strip_prefix(p)).unwrap_or(s)
}

/// A whole string of 2 or 4 ASCII digits as a CE year (see [`Period::parse_th`]).
fn whole_year(s: &str) -> Option<i16> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i32 = s.parse().ok()?;
    match s.len() {
        2 => year_from_number(2500 + n),
        4 => year_from_number(n),
        _ => None,
    }
}

fn year_from_number(n: i32) -> Option<i16> {
    let ce = if n >= 2400 { be_to_ce(n) } else { n };
    i16::try_from(ce).ok().filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
}

fn fiscal_quarter_start(fy: FiscalYear, q: u8) -> Date {
    let start = fy.start();
    start.checked_add(jiff::Span::new().months(3 * (i64::from(q) - 1))).expect("in range")
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Year(y) => write!(f, "{y:04}"),
            Period::FiscalYear(fy) => write!(f, "{}/P1Y", fy.start()),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Period::FiscalQuarter(fy, q) => write!(f, "{}/P3M", fiscal_quarter_start(fy, q)),
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
        }
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Period::parse_sdmx(&text).ok_or_else(|| serde::de::Error::custom(format!("not an SDMX period: {text}")))
    }
}

/// A bound of `startPeriod`/`endPeriod`: any ISO date, or any period (its first
/// day for a start, its last for an end), as SDMX REST 1.5 allows.
pub fn parse_bound(text: &str, end: bool) -> Option<Date> {
    if let Ok(d) = text.trim().parse::<Date>() {
        return Some(d);
    }
    let p = Period::parse_sdmx(text)?;
    Some(if end { p.end() } else { p.start() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdmx_forms_round_trip() {
        let fy = FiscalYear::from_be(2567);
        for (p, text) in [
            (Period::Year(2024), "2024"),
            (Period::Quarter(2024, 1), "2024-Q1"),
            (Period::Month(2024, 3), "2024-03"),
            (Period::FiscalYear(fy), "2023-10-01/P1Y"),
            (Period::FiscalQuarter(fy, 2), "2024-01-01/P3M"),
        ] {
            assert_eq!(p.sdmx(), text);
            assert_eq!(Period::parse_sdmx(text), Some(p), "{text}");
        }
        assert_eq!(Period::parse_sdmx("2024-A1"), Some(Period::Year(2024)));
        for bad in ["2024-Q5", "2024-13", "24", "2024-05-01/P1Y", "x", "2024-1"] {
            assert_eq!(Period::parse_sdmx(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_covered() {
        let fy = FiscalYear::from_be(2567);
        assert_eq!(
            (Period::FiscalYear(fy).start(), Period::FiscalYear(fy).end()),
            (date(2023, 10, 1), date(2024, 9, 30))
        );
        assert_eq!(Period::FiscalQuarter(fy, 4).end(), date(2024, 9, 30));
        assert_eq!(Period::Quarter(2024, 1).end(), date(2024, 3, 31));
        assert_eq!(Period::Month(2024, 2).end(), date(2024, 2, 29));
    }

    #[test]
    fn thai_forms() {
        use YearKind::*;
        let fy = FiscalYear::from_be(2567);
        for (text, kind, want) in [
            ("๒๕๖๗", Calendar, Period::Year(2024)),
            ("พ.ศ. 2567", Calendar, Period::Year(2024)),
            ("2024", Calendar, Period::Year(2024)),
            ("ปี ๖๗", Calendar, Period::Year(2024)),
            ("2567", Fiscal, Period::FiscalYear(fy)),
            ("ปีงบประมาณ พ.ศ. ๒๕๖๗", Calendar, Period::FiscalYear(fy)),
            ("ไตรมาส 1/2567", Calendar, Period::Quarter(2024, 1)),
            ("ไตรมาสที่ ๒ ปีงบประมาณ ๒๕๖๗", Calendar, Period::FiscalQuarter(fy, 2)),
            ("Q3/67", Fiscal, Period::FiscalQuarter(fy, 3)),
            ("ม.ค. 67", Calendar, Period::Month(2024, 1)),
            ("มกราคม ๒๕๖๗", Calendar, Period::Month(2024, 1)),
            ("2024-02", Calendar, Period::Month(2024, 2)),
        ] {
            assert_eq!(Period::parse_th(text, kind), Some(want), "{text}");
        }
        for bad in ["", "ไตรมาส 5/2567", "ยอดรวม", "25671", "1,234", "๑๒๓"] {
            assert_eq!(Period::parse_th(bad, Calendar), None, "{bad}");
        }
    }

    #[test]
    fn labels_in_buddhist_era() {
        let fy = FiscalYear::from_be(2567);
        assert_eq!(Period::Year(2024).label_th(), "2567");
        assert_eq!(Period::FiscalYear(fy).label_th(), "ปีงบประมาณ 2567");
        assert_eq!(Period::Month(2024, 1).label_th(), "ม.ค. 2567");
    }

    #[test]
    fn order_is_by_time() {
        let mut ps = vec![Period::Month(2024, 2), Period::Year(2024), Period::Quarter(2023, 4), Period::Month(2024, 1)];
        ps.sort();
        assert_eq!(ps, [Period::Quarter(2023, 4), Period::Year(2024), Period::Month(2024, 1), Period::Month(2024, 2)]);
    }
}
