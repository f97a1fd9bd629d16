//! How a reader wants figures written: Thai or English words, Thai or Arabic
//! digits. Dates are always in the Buddhist era (the form and every reader
//! expects it); amounts always exact (from satang, never through a float).

use jiff::civil::Date;
use tidtam_domain::Baht;
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_domain::workflow::ReportStatus;
use tidtam_thai::digits::to_thai_digits;

/// The language of a page. Thai first: English only when asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Th,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Th => "th",
            Lang::En => "en",
        }
    }
}

/// The reader's preferences, from the `tidtam_lang` and `tidtam_digits` cookies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prefs {
    pub lang: Lang,
    pub thai_digits: bool,
}

pub const LANG_COOKIE: &str = "tidtam_lang";
pub const DIGITS_COOKIE: &str = "tidtam_digits";

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl Prefs {
    pub fn from_headers(headers: &axum::http::HeaderMap) -> Prefs {
        let lang = match crate::extract::cookie(headers, LANG_COOKIE).as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Th,
        };
        let thai_digits = crate::extract::cookie(headers, DIGITS_COOKIE).as_deref() == Some("thai");
        Prefs { lang, thai_digits }
    }

    /// The Thai or the English text.
    pub fn t<'a>(&self, th: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Th => th,
            Lang::En => en,
        }
    }

    pub fn en(&self) -> bool {
        self.lang == Lang::En
    }

    /// `text` with its digits in the reader's set.
    pub fn digits(&self, text: impl AsRef<str>) -> String {
        if self.thai_digits { to_thai_digits(text.as_ref()) } else { text.as_ref().to_string() }
    }

    /// A count with thousands separators.
    pub fn int(&self, n: i64) -> String {
        self.digits(group_thousands(n))
    }

    /// An amount in baht with thousands separators and its satang (`1,234,567.50`).
    pub fn baht(&self, amount: Baht) -> String {
        // The toolkit's own writing of an amount, with the satang always shown in tables.
        let text = amount.to_string();
        self.digits(if text.contains('.') { text } else { format!("{text}.00") })
    }

    /// An amount in millions of baht, two decimals (dashboards).
    pub fn millions(&self, amount: Baht) -> String {
        let tenths_of_thousands = (amount.satang() + 500_000) / 1_000_000; // hundredths of a million
        self.digits(format!("{}.{:02}", group_thousands(tenths_of_thousands / 100), (tenths_of_thousands % 100).abs()))
    }

    /// A share (0..1) as a percentage with one decimal, or "–".
    pub fn share(&self, share: Option<f64>) -> String {
        share.map_or_else(|| "–".to_string(), |share| self.digits(format!("{:.1}%", share * 100.0)))
    }

    /// A percentage already in 0..100, or "–".
    pub fn percent(&self, percent: Option<f64>) -> String {
        percent.map_or_else(|| "–".to_string(), |percent| self.digits(format!("{percent:.1}%")))
    }

    /// A date with its Buddhist-era year: "26 ก.ค. 2567" / "26 Jul 2567".
    pub fn date(&self, date: Date) -> String {
        let index = usize::try_from(date.month() - 1).unwrap_or(0);
        let month = match self.lang {
            Lang::Th => tidtam_thai::date::MONTHS_TH_SHORT[index],
            Lang::En => MONTHS_EN[index],
        };
        self.digits(format!("{} {} {}", date.day(), month, i32::from(date.year()) + 543))
    }

    /// A moment in Thailand's time (UTC+7), with the Buddhist-era year.
    pub fn timestamp(&self, at: jiff::Timestamp) -> String {
        let local = jiff::tz::offset(7).to_datetime(at);
        format!("{} {}", self.date(local.date()), self.digits(format!("{:02}:{:02}", local.hour(), local.minute())))
    }

    /// The time of day of a moment in Thailand's time, to the second.
    pub fn clock_time(&self, at: jiff::Timestamp) -> String {
        let local = jiff::tz::offset(7).to_datetime(at);
        self.digits(format!("{:02}:{:02}:{:02}", local.hour(), local.minute(), local.second()))
    }

    pub fn fiscal_year(&self, year: FiscalYear) -> String {
        self.digits(match self.lang {
            Lang::Th => format!("ปีงบประมาณ {}", year.be()),
            Lang::En => format!("FY {}", year.be()),
        })
    }

    pub fn quarter(&self, quarter: Quarter) -> String {
        self.digits(match self.lang {
            Lang::Th => format!("ไตรมาส {}", quarter.number()),
            Lang::En => format!("Q{}", quarter.number()),
        })
    }

    /// A reason for being at risk, in the reader's language.
    pub fn risk(&self, risk: tidtam_domain::risk::Risk) -> &'static str {
        if self.en() { risk.label_en() } else { risk.label_th() }
    }

    pub fn status(&self, status: ReportStatus) -> &'static str {
        match (status, self.lang) {
            (ReportStatus::Draft, Lang::Th) => "ฉบับร่าง",
            (ReportStatus::Submitted, Lang::Th) => "ส่งแล้ว รอตรวจ",
            (ReportStatus::Returned, Lang::Th) => "ส่งกลับให้แก้ไข",
            (ReportStatus::Approved, Lang::Th) => "อนุมัติแล้ว",
            (ReportStatus::Draft, Lang::En) => "Draft",
            (ReportStatus::Submitted, Lang::En) => "Submitted",
            (ReportStatus::Returned, Lang::En) => "Returned",
            (ReportStatus::Approved, Lang::En) => "Approved",
        }
    }

    pub fn role(&self, role: tidtam_domain::policy::Role) -> &'static str {
        use tidtam_domain::policy::Role;
        match role {
            Role::Admin => self.t("ผู้ดูแลระบบ", "Administrator"),
            Role::Planner => self.t("เจ้าหน้าที่แผน", "Planner"),
            Role::ProjectOwner => self.t("ผู้รับผิดชอบโครงการ", "Project owner"),
            Role::Executive => self.t("ผู้บริหาร", "Executive"),
            Role::Public => self.t("ประชาชน", "Public"),
            Role::Statistician => self.t("นักสถิติ", "Statistician"),
            Role::Committee => self.t("คณะกรรมการประเมินผล", "Evaluation committee"),
        }
    }
}

/// Today in Thailand (UTC+7, no daylight saving).
pub fn today() -> Date {
    jiff::tz::offset(7).to_datetime(jiff::Timestamp::now()).date()
}

/// `1234567` → `1,234,567`, the sign in front.
pub fn group_thousands(n: i64) -> String {
    let grouped = tidtam_thai::number::with_thousands(n.unsigned_abs());
    if n < 0 { format!("-{grouped}") } else { grouped }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TH: Prefs = Prefs { lang: Lang::Th, thai_digits: true };
    const EN: Prefs = Prefs { lang: Lang::En, thai_digits: false };

    #[test]
    fn amounts_dates_and_digits() {
        assert_eq!(EN.baht(Baht::from_satang(123_456_789)), "1,234,567.89");
        assert_eq!(TH.baht(Baht::from_satang(-50)), "-๐.๕๐");
        assert_eq!(EN.millions(Baht::from_satang(1_234_567_800)), "12.35");
        assert_eq!(TH.date(jiff::civil::date(2024, 7, 26)), "๒๖ ก.ค. ๒๕๖๗");
        assert_eq!(EN.date(jiff::civil::date(2023, 10, 1)), "1 Oct 2566");
        assert_eq!(EN.fiscal_year(FiscalYear::from_be(2568)), "FY 2568");
        assert_eq!(EN.share(Some(0.4567)), "45.7%");
        assert_eq!(group_thousands(-1000), "-1,000");
    }
}
