//! Buddhist-era dates, Thai month names and periods ("กุมภาพันธ์ - พฤษภาคม ๒๕๖๗").
//!
//! Dates are [`jiff::civil::Date`], Gregorian inside; the Buddhist era (พ.ศ.) is
//! only a way of writing the year (BE = CE + 543). Reports write dates as
//! "๑ ตุลาคม ๒๕๖๖", "๒๖ ก.ค. ๖๗" or "26/07/2567", and plans as periods whose
//! parts borrow from each other: "มกราคม – มิถุนายน ๒๕๖๗" gives its year to
//! both months, "๒๓-๒๔ พ.ค. ๖๗" gives its month to both days.
//!
//! This module owns reading those forms ([`parse_month`], [`parse_date`],
//! [`parse_period`], [`find_periods`]) and writing dates back in Thai
//! ([`format_date_th`]).
//!
//! # Years
//!
//! A four-digit year from 2400 up is Buddhist era, from 1800 to 2399 Common
//! Era (some tables use "2024"); "พ.ศ." and "ค.ศ." in front say so explicitly.
//! A two-digit year is the short Buddhist form ("๖๗" = 2567) unless it follows
//! "ค.ศ.".
//!
//! # Periods
//!
//! A month-only start means its first day, a month-only end its last day.
//! When only the end has a year, the start takes it, or the year before when
//! the start month comes after the end month ("ตุลาคม - มีนาคม ๒๕๖๗" starts in
//! October 2566). Filler words (เริ่มตั้งแต่วันที่, ตั้งแต่, สิ้นสุดวันที่, ถึง…) and
//! any dash (- – —) may join the two ends.
//!
//! The reader works on a small token stream (numbers, month names, dashes,
//! filler words, and "other words" that no period may cross), built without
//! regular expressions; keyword lookup dispatches on the first character.

use std::ops::Range;

use jiff::civil::Date;

use crate::digits::{digit_at, to_thai_digits};

/// The Common Era year of Buddhist-era year `be` (BE − 543).
///
/// Saturates at the bounds of `i32` rather than overflowing.
pub fn be_to_ce(be: i32) -> i32 {
    be.saturating_sub(543)
}

/// The Buddhist-era year of Common Era year `ce` (CE + 543).
///
/// Saturates at the bounds of `i32` rather than overflowing.
pub fn ce_to_be(ce: i32) -> i32 {
    ce.saturating_add(543)
}

/// Full Thai month names, January first.
pub const MONTHS_TH: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// Official abbreviations of the Thai month names, January first.
pub const MONTHS_TH_SHORT: [&str; 12] =
    ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];

/// English month names, for [`parse_month`] on the occasional English table.
const MONTHS_EN: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Misspellings common enough in real files to accept as the month itself.
const MONTH_VARIANTS: [(&str, i8); 2] = [("กรกฏาคม", 7), ("กุมภาพันธ", 2)];

/// The two consonant groups of each abbreviation ("มี", "ค" for มี.ค.).
const MONTH_ABBR_PARTS: [(&str, &str, i8); 12] = [
    ("ม", "ค", 1),
    ("ก", "พ", 2),
    ("มี", "ค", 3),
    ("เม", "ย", 4),
    ("พ", "ค", 5),
    ("มิ", "ย", 6),
    ("ก", "ค", 7),
    ("ส", "ค", 8),
    ("ก", "ย", 9),
    ("ต", "ค", 10),
    ("พ", "ย", 11),
    ("ธ", "ค", 12),
];

/// The month number (1..=12) of a whole string naming a month.
///
/// Accepts full Thai names ("มกราคม"), abbreviations with or without dots and
/// spaces ("ม.ค.", "ม.ค", "มค", "มี. ค."), two common misspellings
/// ("กรกฏาคม", "กุมภาพันธ"), and English names or their first three letters,
/// case-insensitive. Does not allocate.
///
/// ```
/// use tidtam_thai::date::parse_month;
/// assert_eq!(parse_month("กรกฎาคม"), Some(7));
/// assert_eq!(parse_month("ธ.ค."), Some(12));
/// assert_eq!(parse_month("มค"), Some(1));
/// assert_eq!(parse_month("Sep"), Some(9));
/// assert_eq!(parse_month("มี"), None);
/// ```
pub fn parse_month(s: &str) -> Option<i8> {
    let s = crate::number::trim(s);
    if let Some(i) = MONTHS_TH.iter().position(|m| *m == s) {
        return Some(i as i8 + 1);
    }
    if let Some((_, m)) = MONTH_VARIANTS.iter().find(|(v, _)| *v == s) {
        return Some(*m);
    }
    // Abbreviations: compare with dots and spaces skipped.
    let compact = || s.chars().filter(|c| *c != '.' && !c.is_whitespace());
    for (a, b, m) in MONTH_ABBR_PARTS {
        if a.chars().chain(b.chars()).eq(compact()) {
            return Some(m);
        }
    }
    if s.is_ascii() {
        for (i, name) in MONTHS_EN.iter().enumerate() {
            let short = if i == 8 && s.len() == 4 { "sept" } else { &name[..3] };
            if s.eq_ignore_ascii_case(name) || s.eq_ignore_ascii_case(short) {
                return Some(i as i8 + 1);
            }
        }
    }
    None
}

/// The full Thai name of month `m` (1..=12).
pub fn month_name_th(m: i8) -> Option<&'static str> {
    usize::try_from(m).ok()?.checked_sub(1).and_then(|i| MONTHS_TH.get(i)).copied()
}

/// The official abbreviation of month `m` (1..=12), e.g. "ก.ค.".
pub fn month_abbr_th(m: i8) -> Option<&'static str> {
    usize::try_from(m).ok()?.checked_sub(1).and_then(|i| MONTHS_TH_SHORT.get(i)).copied()
}

/// Parses a whole string as one date.
///
/// Accepts "๑ ตุลาคม ๒๕๖๖", "วันที่ ๑ ต.ค. ๒๕๖๖", "๒๖ ก.ค. ๖๗", "1 ต.ค. 2566",
/// "26/07/2567", "26/7/67", "26.07.2567", "2024-07-26" and "๑ ตุลาคม พ.ศ. ๒๕๖๖".
/// Returns `None` for impossible dates ("๓๑ กันยายน") and anything else.
///
/// ```
/// use jiff::civil::date;
/// use tidtam_thai::date::parse_date;
/// assert_eq!(parse_date("๑ ตุลาคม ๒๕๖๖"), Some(date(2023, 10, 1)));
/// assert_eq!(parse_date("๒๖ ก.ค. ๖๗"), Some(date(2024, 7, 26)));
/// assert_eq!(parse_date("26/07/2567"), Some(date(2024, 7, 26)));
/// ```
pub fn parse_date(s: &str) -> Option<Date> {
    let toks = lex(s);
    let mut i = 0;
    while toks.get(i).is_some_and(|t| t.kind == Kind::Start) {
        i += 1;
    }
    let (part, next) = parse_part(&toks, i)?;
    if next != toks.len() {
        return None;
    }
    make_date(part.year?, part.month?, part.day?)
}

/// A span of days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Period {
    /// The first day.
    pub start: Date,
    /// The last day (inclusive).
    pub end: Date,
}

impl Period {
    /// The period from `start` to `end`, or `None` if `end` is before `start`.
    pub fn new(start: Date, end: Date) -> Option<Period> {
        (start <= end).then_some(Period { start, end })
    }

    /// The single day `d`.
    pub fn day(d: Date) -> Period {
        Period { start: d, end: d }
    }

    /// The whole month `month` of Common Era year `year`, or `None` if invalid.
    pub fn month(year: i32, month: i8) -> Option<Period> {
        let start = make_date(year, month, 1)?;
        Some(Period { start, end: start.last_of_month() })
    }

    /// Whether `d` falls within the period.
    pub fn contains(&self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }

    /// Whether `other` lies entirely within this period.
    pub fn contains_period(&self, other: &Period) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two periods share at least one day.
    pub fn overlaps(&self, other: &Period) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// The number of days, counting both ends.
    pub fn days(&self) -> i64 {
        let span = self.end.since(self.start).map_or(0, |s| i64::from(s.get_days()));
        span + 1
    }
}

/// Parses a whole string as one period.
///
/// Handles the shapes found in section 8 of the reports and in their activity
/// tables (see the [module documentation](self) for the rules), e.g.
/// "กุมภาพันธ์ - พฤษภาคม ๒๕๖๗", "กรกฎาคม ๒๕๖๖ – สิงหาคม ๒๕๖๗",
/// "๑ ตุลาคม ๒๕๖๖ - ๓๑ ธันวาคม ๒๕๖๖", "ต.ค. ๖๖ - ก.ย. ๖๗",
/// "เริ่มตั้งแต่วันที่ ๑ เมษายน – สิ้นสุดวันที่ ๓๐ กันยายน ๒๕๖๗", and a single month
/// ("มีนาคม ๒๕๖๗") or day. A leading item number and label ("๘.๒ ปี ๒๕๖๘",
/// "ทั้งโครงการ :") and trailing remarks in brackets ("(๑๐ เดือน)") are allowed.
///
/// Returns `None` when the string holds anything else, or several periods
/// ("ตุลาคม ๒๕๖๖ - ธันวาคม ๒๕๖๖ และเมษายน ๒๕๖๗ - กันยายน ๒๕๖๗"): use
/// [`parse_periods`] for cells that may list more than one.
///
/// ```
/// use jiff::civil::date;
/// use tidtam_thai::date::{parse_period, Period};
/// assert_eq!(
///     parse_period("ตุลาคม - มีนาคม ๒๕๖๗"),
///     Some(Period { start: date(2023, 10, 1), end: date(2024, 3, 31) }),
/// );
/// ```
pub fn parse_period(s: &str) -> Option<Period> {
    match parse_periods(s).as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Parses a whole string as a list of periods joined by "และ", commas or
/// semicolons, with the same allowances as [`parse_period`].
///
/// Returns an empty vector unless the whole string reads that way.
///
/// ```
/// use tidtam_thai::date::parse_periods;
/// let both = parse_periods("ตุลาคม ๒๕๖๖ - ธันวาคม ๒๕๖๖ และเมษายน ๒๕๖๗ - กันยายน ๒๕๖๗");
/// assert_eq!(both.len(), 2);
/// assert!(parse_periods("ประชุม มีนาคม ๒๕๖๗").is_empty());
/// ```
pub fn parse_periods(s: &str) -> Vec<Period> {
    collect(&lex(s), Mode::Cell).into_iter().map(|(_, p)| p).collect()
}

/// Every period in running text, with its byte range, in order.
///
/// Finds ranges ("ระหว่างวันที่ ๒๓-๒๔ พ.ค. ๖๗"), single months with a year
/// ("เดือน ต.ค. ๖๖") and single dates ("เมื่อวันที่ ๒๖ ธ.ค. ๖๖", a one-day period).
/// Months listed without a year take it from the next dated item of the list
/// ("ตุลาคม , ธันวาคม ๒๕๖๖" is October and December 2566). A month without any
/// year in reach is skipped, as are impossible dates and year-only spans
/// ("พ.ศ. ๒๕๖๖ - ๒๕๗๐"), which could be calendar or fiscal years. The range
/// covers the dates themselves, not the filler words around them.
///
/// ```
/// use tidtam_thai::date::find_periods;
/// let text = "อบรมระหว่างวันที่ ๒๙-๓๐ เม.ย. ๖๗ มีผู้สำเร็จการอบรม ๒๕๙ คน";
/// let found = find_periods(text);
/// assert_eq!(&text[found[0].0.clone()], "๒๙-๓๐ เม.ย. ๖๗");
/// assert_eq!(found[0].1.days(), 2);
/// ```
pub fn find_periods(text: &str) -> Vec<(Range<usize>, Period)> {
    // No period crosses a line, and every period needs a year in digits, so
    // lines without a digit (most of a report) are skipped without lexing.
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if has_digit(line.as_bytes()) {
            out.extend(collect(&lex(line), Mode::Text).into_iter().map(|(r, p)| (r.start + offset..r.end + offset, p)));
        }
        offset += line.len();
    }
    out
}

/// Whether `bytes` hold a digit of either set.
fn has_digit(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(i, b)| b.is_ascii_digit() || (*b == 0xE0 && digit_at(bytes, i).is_some()))
}

/// How [`format_date_th`] writes a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateStyle {
    /// "๒๖ กรกฎาคม ๒๕๖๗": full month name, Thai digits (formal letters and forms).
    Full,
    /// "๒๖ ก.ค. ๒๕๖๗": abbreviated month, Thai digits (tables).
    Short,
    /// "26 ก.ค. 2567": abbreviated month, Arabic digits (screens, spreadsheets).
    ShortArabic,
}

/// Writes `d` in Thai with a Buddhist-era year.
///
/// ```
/// use jiff::civil::date;
/// use tidtam_thai::date::{format_date_th, DateStyle};
/// assert_eq!(format_date_th(date(2024, 7, 26), DateStyle::Full), "๒๖ กรกฎาคม ๒๕๖๗");
/// assert_eq!(format_date_th(date(2024, 7, 26), DateStyle::ShortArabic), "26 ก.ค. 2567");
/// ```
pub fn format_date_th(d: Date, style: DateStyle) -> String {
    let month = match style {
        DateStyle::Full => month_name_th(d.month()),
        DateStyle::Short | DateStyle::ShortArabic => month_abbr_th(d.month()),
    }
    .unwrap_or("");
    let arabic = format!("{} {} {}", d.day(), month, ce_to_be(i32::from(d.year())));
    match style {
        DateStyle::ShortArabic => arabic,
        DateStyle::Full | DateStyle::Short => to_thai_digits(&arabic),
    }
}

/// Writes a period in Thai: "๑ ต.ค. ๒๕๖๖ – ๓๑ ธ.ค. ๒๕๖๖", or one date when it is a single day.
pub fn format_period_th(p: Period, style: DateStyle) -> String {
    if p.start == p.end {
        return format_date_th(p.start, style);
    }
    format!("{} – {}", format_date_th(p.start, style), format_date_th(p.end, style))
}

/// A date from a Common Era year, or `None` if it does not exist.
pub(crate) fn make_date(year: i32, month: i8, day: i8) -> Option<Date> {
    Date::new(i16::try_from(year).ok()?, month, day).ok()
}

// ---------------------------------------------------------------------------
// Tokens

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Era {
    Buddhist,
    Common,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A run of at most four digits (longer runs are [`Kind::Word`]).
    Num {
        value: u16,
        digits: u8,
    },
    Month(i8),
    /// พ.ศ. or ค.ศ.
    Era(Era),
    Dash,
    Slash,
    Dot,
    Comma,
    Colon,
    Open,
    Close,
    /// A tab, line break or table bar: the end of a cell, which no date crosses
    /// (so the item number in "๓<tab>ตุลาคม - ธันวาคม ๒๕๖๖" is not a day).
    Break,
    /// Words that may precede a date: เริ่มตั้งแต่วันที่, ตั้งแต่, ระหว่าง, วันที่, เดือน, ณ…
    Start,
    /// Words that join the two ends: ถึง, จนถึง, สิ้นสุดวันที่…
    Until,
    /// ปี, before a year or as a label.
    Year,
    /// ทั้งโครงการ, a label before the whole-project period.
    Label,
    /// และ, between periods.
    And,
    /// Anything else; no period crosses it.
    Word,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
}

/// Keywords by first character, longest first within each group.
fn keywords_for(c: char) -> &'static [(&'static str, Kind)] {
    use Kind::*;
    match c {
        'ม' => &[("มกราคม", Month(1)), ("มีนาคม", Month(3)), ("มิถุนายน", Month(6))],
        'ก' => &[
            ("กุมภาพันธ์", Month(2)),
            ("กุมภาพันธ", Month(2)),
            ("กรกฎาคม", Month(7)),
            ("กรกฏาคม", Month(7)),
            ("กันยายน", Month(9)),
        ],
        'เ' => &[
            ("เริ่มตั้งแต่วันที่", Start),
            ("เริ่มตั้งแต่", Start),
            ("เริ่มวันที่", Start),
            ("เมษายน", Month(4)),
            ("เริ่ม", Start),
            ("เดือน", Start),
        ],
        'พ' => &[("พฤศจิกายน", Month(11)), ("พฤษภาคม", Month(5))],
        'ส' => &[("สิ้นสุดวันที่", Until), ("สิงหาคม", Month(8)), ("สิ้นสุด", Until)],
        'ต' => &[("ตั้งแต่วันที่", Start), ("ตุลาคม", Month(10)), ("ตั้งแต่", Start)],
        'ธ' => &[("ธันวาคม", Month(12))],
        'ถ' => &[("ถึงวันที่", Until), ("ถึงเดือน", Until), ("ถึง", Until)],
        'จ' => &[("จนถึงวันที่", Until), ("จนถึง", Until)],
        'ว' => &[("วันที่", Start)],
        'ร' => &[("ระหว่างวันที่", Start), ("ระหว่างเดือน", Start), ("ระหว่าง", Start)],
        'ณ' => &[("ณ", Start)],
        'ป' => &[("ปี", Year)],
        'ท' => &[("ทั้งโครงการ", Label)],
        'แ' => &[("และ", And)],
        _ => &[],
    }
}

/// Whether `c` is a Thai letter or mark (anything that continues a Thai word).
fn is_thai_letter(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E4E}')
}

fn is_thai_consonant(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E2E}')
}

/// Abbreviated months and eras as (first part, second part); two-letter first
/// parts come first so that "มี.ค." is not taken for "ม" + something.
const ABBREVIATIONS: [(&str, &str, Kind); 14] = [
    ("มี", "ค", Kind::Month(3)),
    ("มิ", "ย", Kind::Month(6)),
    ("เม", "ย", Kind::Month(4)),
    ("ม", "ค", Kind::Month(1)),
    ("ก", "พ", Kind::Month(2)),
    ("พ", "ค", Kind::Month(5)),
    ("ก", "ค", Kind::Month(7)),
    ("ส", "ค", Kind::Month(8)),
    ("ก", "ย", Kind::Month(9)),
    ("ต", "ค", Kind::Month(10)),
    ("พ", "ย", Kind::Month(11)),
    ("ธ", "ค", Kind::Month(12)),
    ("พ", "ศ", Kind::Era(Era::Buddhist)),
    ("ค", "ศ", Kind::Era(Era::Common)),
];

/// An abbreviated month (or era) at byte `i`, with its byte length.
///
/// Dotted acronyms are everywhere in government text ("ก.พ.ร.", "อ.ส.ค."), so
/// an abbreviation must not continue one, and the undotted forms ("มค") must
/// stand apart from Thai letters on both sides.
fn abbreviation_at(s: &str, i: usize) -> Option<(Kind, usize)> {
    let rest = &s[i..];
    if !matches!(rest.chars().next(), Some('ม' | 'ก' | 'เ' | 'พ' | 'ส' | 'ต' | 'ธ' | 'ค')) {
        return None;
    }
    // Inside a Thai word only the dotted forms can start: "มี.ค." has its dot
    // one or two characters in, so most letters are rejected on one byte test.
    let bytes = rest.as_bytes();
    let mut before = s[..i].chars().rev();
    let prev = before.next();
    if prev.is_some_and(is_thai_letter) && bytes.get(3) != Some(&b'.') && bytes.get(6) != Some(&b'.') {
        return None;
    }
    if prev == Some('.') && before.next().is_some_and(is_thai_consonant) {
        return None;
    }
    for (a, b, kind) in ABBREVIATIONS {
        let Some(after_a) = rest.strip_prefix(a) else {
            continue;
        };
        let (dot1, after_dot) = match after_a.strip_prefix('.') {
            Some(r) => (true, r.trim_start_matches(' ')),
            None => (false, after_a),
        };
        let Some(after_b) = after_dot.strip_prefix(b) else {
            continue;
        };
        let (dot2, tail) = match after_b.strip_prefix('.') {
            Some(r) => (true, r),
            None => (false, after_b),
        };
        let mut next = tail.chars();
        let next_char = next.next();
        let ok = match (dot1, dot2) {
            (false, false) => !prev.is_some_and(is_thai_letter) && !next_char.is_some_and(is_thai_letter),
            (_, false) => !next_char.is_some_and(is_thai_letter),
            (_, true) => !(next_char.is_some_and(is_thai_consonant) && next.next() == Some('.')),
        };
        if ok {
            return Some((kind, rest.len() - tail.len()));
        }
    }
    None
}

/// Thai characters (as offsets from U+0E00) that can start a keyword or abbreviation.
const KEYWORD_STARTS: u128 = {
    let starts = ['ม', 'ก', 'เ', 'พ', 'ส', 'ต', 'ธ', 'ถ', 'จ', 'ว', 'ร', 'ณ', 'ป', 'ท', 'แ', 'ค'];
    let mut mask = 0u128;
    let mut k = 0;
    while k < starts.len() {
        mask |= 1 << (starts[k] as u32 - 0x0E00);
        k += 1;
    }
    mask
};

/// Splits `s` into tokens; whitespace separates tokens and is dropped.
fn lex(s: &str) -> Vec<Tok> {
    let bytes = s.as_bytes();
    let mut toks: Vec<Tok> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // Fast path for the bulk of Thai text: a letter or mark that starts no
        // keyword and is no digit just extends the current word.
        if bytes[i] == 0xE0
            && let (Some(&b1 @ (0xB8 | 0xB9)), Some(&b2)) = (bytes.get(i + 1), bytes.get(i + 2))
        {
            let offset = (u32::from(b1 - 0xB8) << 6) | u32::from(b2 & 0x3F);
            if !(0x50..=0x59).contains(&offset) && KEYWORD_STARTS & (1 << offset) == 0 {
                match toks.last_mut() {
                    Some(t) if t.kind == Kind::Word && t.end == i => t.end = i + 3,
                    _ => toks.push(Tok { kind: Kind::Word, start: i, end: i + 3 }),
                }
                i += 3;
                continue;
            }
        }
        // Digits (either set): value and count, without allocating.
        if digit_at(bytes, i).is_some() {
            let start = i;
            let mut value: u32 = 0;
            let mut digits: u32 = 0;
            while let Some((d, len)) = digit_at(bytes, i) {
                value = value.saturating_mul(10).saturating_add(u32::from(d));
                digits += 1;
                i += len;
            }
            let kind = match (u16::try_from(value), u8::try_from(digits)) {
                (Ok(value), Ok(digits)) if digits <= 4 => Kind::Num { value, digits },
                _ => Kind::Word,
            };
            toks.push(Tok { kind, start, end: i });
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        let single = match c {
            '-' | '–' | '—' | '‐' | '‑' | '−' | '~' => Some(Kind::Dash),
            '/' => Some(Kind::Slash),
            '.' => Some(Kind::Dot),
            ',' | ';' => Some(Kind::Comma),
            ':' => Some(Kind::Colon),
            '(' | '[' => Some(Kind::Open),
            ')' | ']' => Some(Kind::Close),
            '\t' | '\n' | '\r' | '|' => Some(Kind::Break),
            _ => None,
        };
        if let Some(kind) = single {
            toks.push(Tok { kind, start: i, end: i + len });
            i += len;
            continue;
        }
        if c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}') {
            i += len;
            continue;
        }
        let rest = &s[i..];
        let keyword = keywords_for(c)
            .iter()
            .find(|(w, _)| rest.starts_with(w))
            .map(|(w, k)| (*k, w.len()))
            .or_else(|| abbreviation_at(s, i));
        if let Some((kind, klen)) = keyword {
            toks.push(Tok { kind, start: i, end: i + klen });
            i += klen;
            continue;
        }
        // Other text: extend the previous word token when adjacent.
        match toks.last_mut() {
            Some(t) if t.kind == Kind::Word && t.end == i => t.end = i + len,
            _ => toks.push(Tok { kind: Kind::Word, start: i, end: i + len }),
        }
        i += len;
    }
    toks
}

// ---------------------------------------------------------------------------
// Grammar

/// One end of a period as written; missing parts come from the other end.
#[derive(Clone, Copy, Debug)]
struct Part {
    day: Option<i8>,
    month: Option<i8>,
    /// Common Era.
    year: Option<i32>,
    start: usize,
    end: usize,
}

/// The Common Era year written as `value` with `digits` digits, after `era` if any.
fn year_ce(value: u16, digits: u8, era: Option<Era>) -> Option<i32> {
    let v = i32::from(value);
    match (digits, era) {
        (4, Some(Era::Buddhist)) => Some(be_to_ce(v)),
        (4, Some(Era::Common)) => Some(v),
        (4, None) if v >= 2400 => Some(be_to_ce(v)),
        (4, None) if v >= 1800 => Some(v),
        (2, Some(Era::Common)) => Some(2000 + v),
        (2, _) => Some(be_to_ce(2500 + v)),
        _ => None,
    }
}

fn kind_at(toks: &[Tok], i: usize) -> Option<Kind> {
    toks.get(i).map(|t| t.kind)
}

/// A year after a month: [ปี] [พ.ศ.|ค.ศ.] digits. Returns (CE year, end byte, next index).
fn year_at(toks: &[Tok], mut i: usize) -> Option<(i32, usize, usize)> {
    if kind_at(toks, i) == Some(Kind::Year) {
        i += 1;
    }
    let era = match kind_at(toks, i) {
        Some(Kind::Era(e)) => {
            i += 1;
            Some(e)
        }
        _ => None,
    };
    match kind_at(toks, i)? {
        Kind::Num { value, digits } => Some((year_ce(value, digits, era)?, toks[i].end, i + 1)),
        _ => None,
    }
}

/// A numeric date at `i`: d/m/y (also with '.' or '-' and a four-digit year) or y-m-d.
fn numeric_date_at(toks: &[Tok], i: usize) -> Option<(Part, usize)> {
    let window = toks.get(i..i + 5)?;
    // Numeric dates are written solid; "๑ - ๓" is a range of days.
    if window.windows(2).any(|w| w[0].end != w[1].start) {
        return None;
    }
    let num = |t: &Tok| match t.kind {
        Kind::Num { value, digits } => Some((value, digits)),
        _ => None,
    };
    let (sep1, sep2) = (window[1].kind, window[3].kind);
    if sep1 != sep2 || !matches!(sep1, Kind::Slash | Kind::Dot | Kind::Dash) {
        return None;
    }
    let (a, b, c) = (num(&window[0])?, num(&window[2])?, num(&window[4])?);
    let (year, month, day) = if a.1 == 4 && sep1 != Kind::Dot {
        (year_ce(a.0, 4, None)?, b, c)
    } else {
        if sep1 != Kind::Slash && c.1 != 4 {
            return None;
        }
        (year_ce(c.0, c.1, None)?, b, a)
    };
    if month.1 > 2 || day.1 > 2 {
        return None;
    }
    let part = Part {
        day: i8::try_from(day.0).ok(),
        month: i8::try_from(month.0).ok(),
        year: Some(year),
        start: window[0].start,
        end: window[4].end,
    };
    Some((part, i + 5))
}

/// One end of a period at token `i`: a numeric date, [day] month [year], or a bare day.
fn parse_part(toks: &[Tok], i: usize) -> Option<(Part, usize)> {
    let tok = toks.get(i)?;
    if let Some(numeric) = numeric_date_at(toks, i) {
        return Some(numeric);
    }
    match tok.kind {
        Kind::Num { value, digits } if digits <= 2 && (1..=31).contains(&value) => {
            let day = i8::try_from(value).ok();
            match kind_at(toks, i + 1) {
                Some(Kind::Month(m)) => {
                    let mut part = Part { day, month: Some(m), year: None, start: tok.start, end: toks[i + 1].end };
                    let mut next = i + 2;
                    if let Some((year, end, after)) = year_at(toks, next) {
                        part.year = Some(year);
                        part.end = end;
                        next = after;
                    }
                    Some((part, next))
                }
                _ => Some((Part { day, month: None, year: None, start: tok.start, end: tok.end }, i + 1)),
            }
        }
        Kind::Month(m) => {
            let mut part = Part { day: None, month: Some(m), year: None, start: tok.start, end: tok.end };
            let mut next = i + 1;
            if let Some((year, end, after)) = year_at(toks, next) {
                part.year = Some(year);
                part.end = end;
                next = after;
            }
            Some((part, next))
        }
        _ => None,
    }
}

/// What starts at a token.
enum Attempt {
    /// A period, its byte range, and the next token.
    Found(Period, Range<usize>, usize),
    /// A month (or day and month) with no year in reach, and the next token.
    Undated(Part, usize),
    /// A date that cannot exist ("๓๐ กุมภาพันธ์ ๒๕๖๗"), and the next token.
    Invalid(usize),
    /// Nothing date-like.
    NotHere,
}

/// A period starting at token `i`: a range, or else a single month or day.
fn attempt_at(toks: &[Tok], i: usize) -> Attempt {
    let Some((a, after_a)) = parse_part(toks, i) else {
        return Attempt::NotHere;
    };
    let mut k = after_a;
    let mut joined = false;
    while let Some(kind) = kind_at(toks, k) {
        match kind {
            Kind::Dash | Kind::Until => joined = true,
            // "- วันที่ ๓๑ พฤษภาคม ๒๕๖๗"
            Kind::Start if joined => {}
            _ => break,
        }
        k += 1;
    }
    if joined
        && let Some((b, next)) = parse_part(toks, k)
        && let Some(period) = resolve(a, b)
    {
        return Attempt::Found(period, a.start..b.end, next);
    }
    let period = match (a.day, a.month, a.year) {
        (Some(d), Some(m), Some(y)) => make_date(y, m, d).map(Period::day),
        (None, Some(m), Some(y)) => Period::month(y, m),
        (_, Some(_), None) => return Attempt::Undated(a, after_a),
        (_, None, _) => return Attempt::NotHere,
    };
    match period {
        Some(period) => Attempt::Found(period, a.start..a.end, after_a),
        None => Attempt::Invalid(after_a),
    }
}

/// Whether [`collect`] reads a whole cell (anything but labels fails) or scans text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Cell,
    Text,
}

/// The periods in `toks`. In [`Mode::Cell`], an empty result unless every
/// token outside brackets is part of a period or a label around them.
fn collect(toks: &[Tok], mode: Mode) -> Vec<(Range<usize>, Period)> {
    let mut out = Vec::new();
    // Months listed without a year, waiting for the next dated item.
    let mut pending: Vec<Part> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        if depth == 0 || mode == Mode::Text {
            match attempt_at(toks, i) {
                Attempt::Found(period, range, next) => {
                    date_pending(&mut pending, period.start, &mut out);
                    out.push((range, period));
                    i = next;
                    continue;
                }
                Attempt::Undated(part, next) => {
                    pending.push(part);
                    i = next;
                    continue;
                }
                Attempt::Invalid(next) => {
                    if mode == Mode::Cell {
                        return Vec::new();
                    }
                    pending.clear();
                    i = next;
                    continue;
                }
                Attempt::NotHere => {}
            }
        }
        let kind = toks[i].kind;
        // Only a list (commas, และ) carries a year back to earlier months.
        if !pending.is_empty() && !matches!(kind, Kind::Comma | Kind::And) {
            if mode == Mode::Cell {
                return Vec::new();
            }
            pending.clear();
        }
        if mode == Mode::Cell {
            match kind {
                Kind::Open => depth += 1,
                Kind::Close => depth = depth.saturating_sub(1),
                // Inside brackets anything goes: remarks such as "(งบกลาง)".
                _ if depth > 0 => {}
                // Labels, item numbers and joiners around the periods.
                Kind::Num { .. }
                | Kind::Dot
                | Kind::Dash
                | Kind::Slash
                | Kind::Comma
                | Kind::Colon
                | Kind::Break
                | Kind::Start
                | Kind::Until
                | Kind::Year
                | Kind::Label
                | Kind::And
                | Kind::Era(_) => {}
                Kind::Month(_) | Kind::Word => return Vec::new(),
            }
        }
        i += 1;
    }
    if mode == Mode::Cell && !pending.is_empty() {
        return Vec::new();
    }
    out
}

/// Gives the months in `pending` the year of the item starting at `anchor`,
/// or the year before for a month after the anchor's ("พฤศจิกายน, มกราคม ๒๕๖๗").
fn date_pending(pending: &mut Vec<Part>, anchor: Date, out: &mut Vec<(Range<usize>, Period)>) {
    let mut dated = Vec::with_capacity(pending.len());
    let mut anchor = anchor;
    for part in pending.drain(..).rev() {
        let Some(month) = part.month else { continue };
        let day = part.day.unwrap_or(1);
        let mut year = i32::from(anchor.year());
        if (month, day) > (anchor.month(), anchor.day()) {
            year -= 1;
        }
        let period = match part.day {
            Some(d) => make_date(year, month, d).map(Period::day),
            None => Period::month(year, month),
        };
        if let Some(period) = period {
            anchor = period.start;
            dated.push((part.start..part.end, period));
        }
    }
    out.extend(dated.into_iter().rev());
}

/// Completes two ends from each other (see the module documentation).
fn resolve(a: Part, b: Part) -> Option<Period> {
    let end_month = b.month?;
    let end_year = match (b.year, a.year, a.month) {
        (Some(y), _, _) => y,
        (None, Some(y), Some(am)) if end_month < am => y + 1,
        (None, Some(y), _) => y,
        (None, None, _) => return None,
    };
    let end = match b.day {
        Some(d) => make_date(end_year, end_month, d)?,
        None => make_date(end_year, end_month, 1)?.last_of_month(),
    };
    // A bare day ("๑ - ๓๑ มีนาคม") needs a day at the other end too, or
    // "ข้อ ๒ - มีนาคม ๒๕๖๗" would read as a period from the 2nd.
    if a.month.is_none() && b.day.is_none() {
        return None;
    }
    let start_month = a.month.unwrap_or(end_month);
    let start_day = a.day.unwrap_or(1);
    let start_year = match a.year {
        Some(y) => y,
        // "๑ - ๓๑ มีนาคม": a bare day takes the end's month and year.
        None if a.month.is_none() => end_year,
        None if (start_month, start_day) > (end_month, end.day()) => end_year - 1,
        None => end_year,
    };
    let start = make_date(start_year, start_month, start_day)?;
    Period::new(start, end)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn check(input: &str, expected: Option<(Date, Date)>) {
        let expected = expected.map(|(start, end)| Period { start, end });
        assert_eq!(parse_period(input), expected, "parse_period({input:?})");
    }

    fn check_date(input: &str, expected: Option<Date>) {
        assert_eq!(parse_date(input), expected, "parse_date({input:?})");
    }

    fn check_find(input: &str, expected: &[(&str, Date, Date)]) {
        let found: Vec<(&str, Date, Date)> =
            find_periods(input).into_iter().map(|(r, p)| (&input[r], p.start, p.end)).collect();
        assert_eq!(found, expected, "find_periods({input:?})");
    }

    #[test]
    fn eras() {
        assert_eq!(be_to_ce(2567), 2024);
        assert_eq!(ce_to_be(2023), 2566);
        assert_eq!(be_to_ce(i32::MIN), i32::MIN);
        assert_eq!(ce_to_be(i32::MAX), i32::MAX);
    }

    #[test]
    fn months() {
        for (i, name) in MONTHS_TH.iter().enumerate() {
            assert_eq!(parse_month(name), Some(i as i8 + 1), "{name}");
            assert_eq!(parse_month(MONTHS_TH_SHORT[i]), Some(i as i8 + 1), "{}", MONTHS_TH_SHORT[i]);
            let undotted: String = MONTHS_TH_SHORT[i].chars().filter(|c| *c != '.').collect();
            assert_eq!(parse_month(&undotted), Some(i as i8 + 1), "{undotted}");
            assert_eq!(month_name_th(i as i8 + 1), Some(*name));
        }
        for (s, m) in [
            ("ม.ค", Some(1)),
            (" ธ.ค. ", Some(12)),
            ("มี. ค.", Some(3)),
            ("มิย.", Some(6)),
            ("กรกฏาคม", Some(7)),
            ("กุมภาพันธ", Some(2)),
            ("October", Some(10)),
            ("oct", Some(10)),
            ("Sept", Some(9)),
            ("MAY", Some(5)),
            ("มี", None),
            ("ม", None),
            ("", None),
            ("ตุลา", None),
            ("Octo", None),
            ("ก.พ.ร.", None),
        ] {
            assert_eq!(parse_month(s), m, "parse_month({s:?})");
        }
        assert_eq!(month_name_th(0), None);
        assert_eq!(month_abbr_th(13), None);
        assert_eq!(month_abbr_th(-1), None);
    }

    #[test]
    fn dates() {
        check_date("๑ ตุลาคม ๒๕๖๖", Some(date(2023, 10, 1)));
        check_date("๒๖ ก.ค. ๖๗", Some(date(2024, 7, 26)));
        check_date("26/07/2567", Some(date(2024, 7, 26)));
        check_date("1 ต.ค. 2566", Some(date(2023, 10, 1)));
        check_date("วันที่ ๒๐ กันยายน ๒๕๖๗", Some(date(2024, 9, 20)));
        check_date("๑ ตุลาคม พ.ศ. ๒๕๖๖", Some(date(2023, 10, 1)));
        check_date("๗ มี.ค ๖๗", Some(date(2024, 3, 7)));
        check_date("๔ - ๒๙ มี.ค.๖๗", None);
        check_date("26/7/67", Some(date(2024, 7, 26)));
        check_date("26.07.2567", Some(date(2024, 7, 26)));
        check_date("26-07-2567", Some(date(2024, 7, 26)));
        check_date("2024-07-26", Some(date(2024, 7, 26)));
        check_date("26 July 2024", None);
        check_date("1 ต.ค. ค.ศ. 2023", Some(date(2023, 10, 1)));
        check_date("29 ก.พ. 2567", Some(date(2024, 2, 29)));
        check_date("29 ก.พ. 2566", None);
        check_date("๓๑ กันยายน ๒๕๖๗", None);
        check_date("ตุลาคม ๒๕๖๖", None);
        check_date("๑ ตุลาคม", None);
        check_date("๑ ตุลาคม ๒๕๖๖ ถึง", None);
        check_date("", None);
        check_date("26/07", None);
        check_date("26.07.67", None);
    }

    /// Every shape of section 8 and of the activity tables in the corpus.
    #[test]
    fn corpus_periods() {
        let d = date;
        check("กุมภาพันธ์ - พฤษภาคม ๒๕๖๗", Some((d(2024, 2, 1), d(2024, 5, 31))));
        check("กรกฎาคม ๒๕๖๖ – สิงหาคม ๒๕๖๗", Some((d(2023, 7, 1), d(2024, 8, 31))));
        check("มกราคม – มิถุนายน ๒๕๖๗", Some((d(2024, 1, 1), d(2024, 6, 30))));
        check("๑ ตุลาคม ๒๕๖๖ - ๓๑ ธันวาคม ๒๕๖๖", Some((d(2023, 10, 1), d(2023, 12, 31))));
        check("มิถุนายน ๒๕๖๗ - กันยายน ๒๕๖๗", Some((d(2024, 6, 1), d(2024, 9, 30))));
        check("ต.ค. ๖๖ - ก.ย. ๖๗", Some((d(2023, 10, 1), d(2024, 9, 30))));
        check("เริ่มตั้งแต่วันที่ ๑ เมษายน – สิ้นสุดวันที่ ๓๐ กันยายน ๒๕๖๗", Some((d(2024, 4, 1), d(2024, 9, 30))));
        check("เริ่มตั้งแต่ ๑ พฤษภาคม – สิ้นสุดวันที่ ๓๐ กันยายน ๒๕๖๗", Some((d(2024, 5, 1), d(2024, 9, 30))));
        check("มีนาคม ๒๕๖๗", Some((d(2024, 3, 1), d(2024, 3, 31))));
        check("มิถุนายน ๒๕๖๗", Some((d(2024, 6, 1), d(2024, 6, 30))));
        check("ตุลาคม - ธันวาคม ๒๕๖๖", Some((d(2023, 10, 1), d(2023, 12, 31))));
        check("ตุลาคม - มีนาคม ๒๕๖๗", Some((d(2023, 10, 1), d(2024, 3, 31))));
        check("ตุลาคม – พฤศจิกายน ๒๕๖๖", Some((d(2023, 10, 1), d(2023, 11, 30))));
        check("กุมภาพันธ์ ๒๕๖๘ – มิถุนายน ๒๕๖๘", Some((d(2025, 2, 1), d(2025, 6, 30))));
        check("เริ่มวันที่ ๑ ตุลาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๗", Some((d(2023, 10, 1), d(2024, 9, 30))));
        check("เริ่มวันที่ ๑ เมษายน ๒๕๖๗ สิ้นสุดวันที่ ๓๐ กันยายน ๒๕๖๗", Some((d(2024, 4, 1), d(2024, 9, 30))));
        check("ปี ๒๕๖๗ เริ่มวันที่ ๑ ตุลาคม ๒๕๖๖ สิ้นสุดวันที่ ๓๑ มีนาคม ๒๕๖๗", Some((d(2023, 10, 1), d(2024, 3, 31))));
        check("ปี ๒๕๖๗ เริ่มวันที่ ๑ ตุลาคม ๒๕๖๖ - วันที่ ๓๑ พฤษภาคม ๒๕๖๗", Some((d(2023, 10, 1), d(2024, 5, 31))));
        check("ปี ๒๕๖๗ : เริ่มวันที่ ๑ ตุลาคม ๒๕๖๖ - กรกฎาคม ๒๕๖๗ (๑๐ เดือน)", Some((d(2023, 10, 1), d(2024, 7, 31))));
        check("ปี ๒๕๖๖ เริ่มวันที่ ๒๙ มีนาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๖ (งบกลาง)", Some((d(2023, 3, 29), d(2023, 9, 30))));
        check("ทั้งโครงการ : เริ่มวันที่ ๑ ตุลาคม ๒๕๖๕ - ๓๐ กันยายน ๒๕๖๖ (๑ ปี)", Some((d(2022, 10, 1), d(2023, 9, 30))));
        check("๘.๑ ปี ๒๕๖๗ เริ่มตั้งแต่ เมษายน - กันยายน ๒๕๖๗", Some((d(2024, 4, 1), d(2024, 9, 30))));
        check("๘.๒ ปี ๒๕๖๘ เริ่มตั้งแต่ ตุลาคม - พฤศจิกายน ๒๕๖๗", Some((d(2024, 10, 1), d(2024, 11, 30))));
        check("- ๘.๑ ทั้งโครงการ เริ่มตั้งแต่ ๑ ตุลาคม ๒๕๖๖ - กันยายน ๒๕๖๙", Some((d(2023, 10, 1), d(2026, 9, 30))));
        check("ปี ๒๕๖๗ เริ่มวันที่ ๑ ตุลาคม ๒๕๖๖ – ๑ กันยายน ๒๕๖๗", Some((d(2023, 10, 1), d(2024, 9, 1))));
        // 20.txt: a list of months sharing years.
        assert_eq!(parse_periods("ตุลาคม , ธันวาคม ๒๕๖๖ กุมภาพันธ์ – มีนาคม ๒๕๖๗ พฤษภาคม ๒๕๖๗").len(), 4);
        // Two periods in one cell: not one period.
        check("ตุลาคม ๒๕๖๖ - ธันวาคม ๒๕๖๖ และเมษายน ๒๕๖๗ - กันยายน ๒๕๖๗", None);
        assert_eq!(
            parse_periods("ตุลาคม ๒๕๖๖ - มีนาคม ๒๕๖๗ และกรกฎาคม ๒๕๖๗ - กันยายน ๒๕๖๗"),
            [
                Period { start: d(2023, 10, 1), end: d(2024, 3, 31) },
                Period { start: d(2024, 7, 1), end: d(2024, 9, 30) },
            ]
        );
    }

    #[test]
    fn period_rejects() {
        for s in [
            "",
            "-",
            "ตุลาคม - ธันวาคม",
            "ปี ๒๕๖๗",
            "พ.ศ. ๒๕๖๖ - ๒๕๗๐",
            "ประชุม มีนาคม ๒๕๖๗",
            "มีนาคม ๒๕๖๗ ประชุม",
            "ธันวาคม ๒๕๖๗ - มกราคม ๒๕๖๗",
            "๓๐ กุมภาพันธ์ ๒๕๖๗",
            "๑๐ เดือน",
            "ข้อ ๒ - มีนาคม ๒๕๖๗",
        ] {
            check(s, None);
        }
    }

    #[test]
    fn periods_in_text() {
        let d = date;
        check_find(
            "ตรวจรับ ๙๐ วัน (๒๖ ก.ค. - ๒๔ ต.ค. ๒๕๖๗)",
            &[("๒๖ ก.ค. - ๒๔ ต.ค. ๒๕๖๗", d(2024, 7, 26), d(2024, 10, 24))],
        );
        check_find("(๓๑ ก.ค. - ๒๙ ต.ค. ๖๗)", &[("๓๑ ก.ค. - ๒๙ ต.ค. ๖๗", d(2024, 7, 31), d(2024, 10, 29))]);
        check_find(
            "อบรมระหว่าง วันที่ ๒๓-๒๔ พ.ค. ๖๗ มีจำนวนผู้สำเร็จ และวันที่ ๒๘ - ๓๑ พ.ค. ๖๗",
            &[("๒๓-๒๔ พ.ค. ๖๗", d(2024, 5, 23), d(2024, 5, 24)), ("๒๘ - ๓๑ พ.ค. ๖๗", d(2024, 5, 28), d(2024, 5, 31))],
        );
        check_find(
            "รวบรวมข้อมูลแล้วเสร็จตามคาบวันที่ ๔ - ๒๙ มี.ค.๖๗ กำลังประมวลผล",
            &[("๔ - ๒๙ มี.ค.๖๗", d(2024, 3, 4), d(2024, 3, 29))],
        );
        check_find("(ระหว่าง มิย. - ส.ค. ๖๗)", &[("มิย. - ส.ค. ๖๗", d(2024, 6, 1), d(2024, 8, 31))]);
        check_find("เมื่อวันที่ ๒๖ ธ.ค. ๖๖ - จัดประชุมชี้แจง", &[("๒๖ ธ.ค. ๖๖", d(2023, 12, 26), d(2023, 12, 26))]);
        check_find("ประมวลผลข้อมูลเดือน ต.ค. ๖๖ ส่งให้ผู้ใช้ข้อมูล", &[("ต.ค. ๖๖", d(2023, 10, 1), d(2023, 10, 31))]);
        check_find(
            "- ณ สิ้นไตรมาส ๑ (๑ ตุลาคม ๒๕๖๖ - ๓๑ ธันวาคม ๒๕๖๖)",
            &[("๑ ตุลาคม ๒๕๖๖ - ๓๑ ธันวาคม ๒๕๖๖", d(2023, 10, 1), d(2023, 12, 31))],
        );
        // Item numbers in the next table cell are not days.
        check_find("๓\tตุลาคม - ธันวาคม ๒๕๖๖", &[("ตุลาคม - ธันวาคม ๒๕๖๖", d(2023, 10, 1), d(2023, 12, 31))]);
        check_find("จำนวน ๓\nตุลาคม ๒๕๖๖", &[("ตุลาคม ๒๕๖๖", d(2023, 10, 1), d(2023, 10, 31))]);
        // A list takes its year from the next dated item.
        check_find(
            "ตุลาคม , ธันวาคม ๒๕๖๖ กุมภาพันธ์ – มีนาคม ๒๕๖๗",
            &[
                ("ตุลาคม", d(2023, 10, 1), d(2023, 10, 31)),
                ("ธันวาคม ๒๕๖๖", d(2023, 12, 1), d(2023, 12, 31)),
                ("กุมภาพันธ์ – มีนาคม ๒๕๖๗", d(2024, 2, 1), d(2024, 3, 31)),
            ],
        );
        check_find(
            "พฤศจิกายน และ มกราคม ๒๕๖๗",
            &[("พฤศจิกายน", d(2023, 11, 1), d(2023, 11, 30)), ("มกราคม ๒๕๖๗", d(2024, 1, 1), d(2024, 1, 31))],
        );
        // An impossible date is not read as its month.
        check_find("๓๐ กุมภาพันธ์ ๒๕๖๗", &[]);
        // No year in reach, acronyms, year-only spans, quarter numbers: nothing.
        check_find("คาดว่าจะดำเนินการในเดือน ส.ค.- ก.ย.", &[]);
        check_find("ร่วมกับสำนักงาน ก.พ.ร. ๒๕๖๗", &[]);
        check_find("ประมวลผลข้อมูลรายเดือน ก.พ. มี.ค และ เม.ย. พร้อมจัดส่ง", &[]);
        check_find("ระยะ ๕ ปี พ.ศ. ๒๕๖๖ - ๒๕๗๐ (ฉบับปรับปรุง)", &[]);
        check_find("ณ สิ้นไตรมาสที่ ๔/๒๕๖๗ มีคนมาก", &[]);
        check_find("รายเดือน พ.ค. มิ.ย. และ ก.ค.พร้อมจัดส่ง", &[]);
    }

    #[test]
    fn formatting() {
        let d = date(2024, 7, 26);
        assert_eq!(format_date_th(d, DateStyle::Full), "๒๖ กรกฎาคม ๒๕๖๗");
        assert_eq!(format_date_th(d, DateStyle::Short), "๒๖ ก.ค. ๒๕๖๗");
        assert_eq!(format_date_th(d, DateStyle::ShortArabic), "26 ก.ค. 2567");
        let q1 = Period { start: date(2023, 10, 1), end: date(2023, 12, 31) };
        assert_eq!(format_period_th(q1, DateStyle::Short), "๑ ต.ค. ๒๕๖๖ – ๓๑ ธ.ค. ๒๕๖๖");
        assert_eq!(format_period_th(Period::day(d), DateStyle::ShortArabic), "26 ก.ค. 2567");
        // What we write, we read.
        for style in [DateStyle::Full, DateStyle::Short, DateStyle::ShortArabic] {
            assert_eq!(parse_date(&format_date_th(d, style)), Some(d));
            assert_eq!(parse_period(&format_period_th(q1, style)), Some(q1));
        }
    }

    #[test]
    fn period_methods() {
        let fy = Period { start: date(2023, 10, 1), end: date(2024, 9, 30) };
        assert_eq!(fy.days(), 366);
        assert!(fy.contains(date(2024, 2, 29)));
        assert!(!fy.contains(date(2024, 10, 1)));
        let q = Period::month(2024, 3).unwrap_or(fy);
        assert_eq!(q.days(), 31);
        assert!(fy.contains_period(&q) && fy.overlaps(&q));
        assert_eq!(Period::new(date(2024, 1, 2), date(2024, 1, 1)), None);
        assert_eq!(Period::month(2024, 13), None);
        assert_eq!(Period::month(100_000, 1), None);
        let json = serde_json::to_string(&q).unwrap_or_default();
        assert_eq!(json, r#"{"start":"2024-03-01","end":"2024-03-31"}"#);
    }

    /// Every line of the corpus's section 8 that names a month parses or is
    /// found; needs the shared corpus, skipped with a message when it is absent.
    #[test]
    fn corpus_section_8_lines_all_read() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/project-reports");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("skipping: no corpus at {}", dir.display());
            return;
        };
        let mut cells = 0;
        for entry in entries.flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let mut in_8 = false;
            for line in text.lines() {
                let bare = line.trim_start_matches(['*', '#', ' ', '-']);
                if bare.starts_with("๘.") && bare.contains("แผนระยะเวลา") {
                    in_8 = true;
                } else if bare.starts_with("๙.") {
                    in_8 = false;
                }
                let cell = line.rsplit('\t').next().unwrap_or("");
                if !in_8 || !MONTHS_TH.iter().any(|m| cell.contains(m)) {
                    continue;
                }
                cells += 1;
                assert!(!parse_periods(cell).is_empty(), "{}: cannot read period {cell:?}", entry.path().display());
            }
        }
        assert!(cells > 100, "only {cells} period cells seen");
    }

    #[test]
    fn never_panics() {
        for s in [
            "๑",
            "๑ -",
            "- ๑",
            "ม.",
            "ม.ค",
            ".ค.",
            "๓๑/๐๒/๒๕๖๗",
            "9999/99/99",
            "๙๙๙๙ - ๑",
            "ก.ค.๖๗๘๙๐",
            "ปี",
            "(",
            ")))",
            "๑/๑/๑",
            "0000-01-01",
        ] {
            let _ = parse_date(s);
            let _ = parse_period(s);
            let _ = find_periods(s);
            let _ = parse_month(s);
        }
    }
}
