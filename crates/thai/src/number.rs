//! Numbers and percentages written with Thai or Arabic digits.
//!
//! Reports write quantities as "๑๔,๖๔๑,๑๐๐", "1,234.50" or "ร้อยละ ๘๕", and
//! leave "-" or "....." in cells that have no value. This module reads those
//! forms, either as a whole cell ([`parse_number`], [`parse_percent`]) or by
//! scanning running text ([`find_numbers`], [`find_percents`]).
//!
//! Grouping rules are strict on purpose: a comma is a thousands separator only
//! when every group after the first has exactly three digits. Anything else
//! ("๑,๒" in a list of item numbers) is a list of separate numbers, and a
//! whole-cell parse of it fails rather than inventing a value.
//!
//! The scanner works on bytes and formats the digits into a stack buffer before
//! handing them to the standard library's correctly rounded float parser, so
//! scanning allocates only for the result vector.

use std::ops::Range;

use crate::digits::digit_at;

/// Parses a whole cell as one number.
///
/// Accepts either digit set, thousands commas (strictly grouped), a decimal
/// point, a leading `-`/`−`/`+`, and surrounding whitespace. Returns `None`
/// for empty cells, placeholders ("-", "....."), text, and malformed grouping
/// such as "๗,๗๐๐๐,๐๐๐" (a typing slip whose intended value is unknowable),
/// and for values too large for an `f64`.
///
/// ```
/// use tidtam_thai::number::parse_number;
/// assert_eq!(parse_number("๑๔,๖๔๑,๑๐๐"), Some(14_641_100.0));
/// assert_eq!(parse_number(" 1,234.50 "), Some(1234.5));
/// assert_eq!(parse_number("-3"), Some(-3.0));
/// assert_eq!(parse_number("....."), None);
/// ```
pub fn parse_number(s: &str) -> Option<f64> {
    let s = trim(s);
    let bytes = s.as_bytes();
    let (negative, start) = match sign_len(bytes, 0) {
        Some((neg, len)) => (neg, len),
        None => (false, 0),
    };
    let scanned = scan_at(bytes, start)?;
    if scanned.end != bytes.len() || !scanned.well_grouped() {
        return None;
    }
    scanned.value(bytes, negative)
}

/// Parses a whole cell as a percentage and returns the number of percent.
///
/// Accepts "ร้อยละ ๘๕", "ร้อยละ85.50", "85%", "๘๕ %", "85 เปอร์เซ็นต์", and a bare
/// number ("๓๕"), since target columns headed "ร้อยละ" often hold just the number.
///
/// ```
/// use tidtam_thai::number::parse_percent;
/// assert_eq!(parse_percent("ร้อยละ ๘๕"), Some(85.0));
/// assert_eq!(parse_percent("๘๕ %"), Some(85.0));
/// assert_eq!(parse_percent("ร้อยละ"), None);
/// ```
pub fn parse_percent(s: &str) -> Option<f64> {
    let mut s = trim(s);
    let mut marked = false;
    if let Some(rest) = s.strip_prefix(PERCENT_PREFIX) {
        s = trim(rest);
        marked = true;
    }
    for suffix in PERCENT_SUFFIXES {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = trim(rest);
            marked = true;
            break;
        }
    }
    // "ร้อยละ" or "%" alone is a label, not a value.
    if marked && s.is_empty() {
        return None;
    }
    parse_number(s)
}

/// Every number in `text`, with its byte range, in order.
///
/// Recognises either digit set, strictly grouped thousands commas, a decimal
/// point followed by a digit, and a `-` sign written directly before the digits
/// after a space or bracket (so the dash in "๒๕๖๖-๒๕๖๗" is not a sign).
/// A comma run that is not valid grouping ("๑,๒,๓") yields each part as its
/// own number. Outline numbers with two or more dots ("๘.๑.๒") are skipped:
/// they are headings, not quantities.
///
/// ```
/// use tidtam_thai::number::find_numbers;
/// let text = "ได้รับ ๙,๓๖๕,๘๐๐ บาท ร้อยละ 85.5";
/// let found: Vec<f64> = find_numbers(text).into_iter().map(|(_, v)| v).collect();
/// assert_eq!(found, [9_365_800.0, 85.5]);
/// ```
pub fn find_numbers(text: &str) -> Vec<(Range<usize>, f64)> {
    let mut out = Vec::new();
    for_each_number(text, |range, value| out.push((range, value)));
    out
}

/// Every percentage in `text`: numbers after "ร้อยละ" or before "%"/"เปอร์เซ็นต์".
///
/// The range covers the marker too, so a caller can blank it out.
///
/// ```
/// use tidtam_thai::number::find_percents;
/// let found = find_percents("เป้าหมาย ร้อยละ ๘๐ ผลที่ได้ 92.5 % ของแผน");
/// assert_eq!(found.iter().map(|(_, v)| *v).collect::<Vec<_>>(), [80.0, 92.5]);
/// ```
pub fn find_percents(text: &str) -> Vec<(Range<usize>, f64)> {
    let mut out = Vec::new();
    for_each_number(text, |range, value| {
        let before = text[..range.start].trim_end();
        let after = text[range.end..].trim_start();
        let mut start = range.start;
        let mut end = range.end;
        let mut marked = false;
        if before.ends_with(PERCENT_PREFIX) {
            start = before.len() - PERCENT_PREFIX.len();
            marked = true;
        }
        if let Some(suffix) = PERCENT_SUFFIXES.iter().find(|s| after.starts_with(**s)) {
            end = text.len() - after.len() + suffix.len();
            marked = true;
        }
        if marked {
            out.push((start..end, value));
        }
    });
    out
}

const PERCENT_PREFIX: &str = "ร้อยละ";
const PERCENT_SUFFIXES: [&str; 4] = ["%", "％", "เปอร์เซ็นต์", "เปอร์เซนต์"];

/// Trims whitespace plus the invisible characters Word/PDF conversion leaves
/// behind (zero-width space, BOM), which `str::trim` does not treat as space.
pub(crate) fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{200C}' | '\u{200D}'))
}

/// A number found by [`scan_at`]: where it ends and how its digits are grouped.
#[derive(Debug)]
pub(crate) struct Scanned {
    /// Byte offset of the first digit.
    pub(crate) start: usize,
    /// Byte offset just past the last digit.
    pub(crate) end: usize,
    /// Digit count of each comma-separated group of the integer part.
    groups: GroupLens,
    /// Digit count of the fraction, 0 when there is none.
    fraction_digits: usize,
    /// Byte offset of the decimal point, if any.
    point: Option<usize>,
}

/// Group lengths without allocating: the first, and whether all later ones were 3.
#[derive(Debug, Clone, Copy)]
struct GroupLens {
    first: usize,
    count: usize,
    rest_all_three: bool,
}

impl Scanned {
    /// Whether the commas are thousands separators (or there are none).
    pub(crate) fn well_grouped(&self) -> bool {
        let g = self.groups;
        g.count == 1 || (g.first <= 3 && g.rest_all_three)
    }

    /// The value, computed with correct rounding by the standard parser.
    pub(crate) fn value(&self, bytes: &[u8], negative: bool) -> Option<f64> {
        parse_digits(bytes, self.start..self.end, negative)
    }

    /// Digits after the decimal point (0 when there is no point).
    pub(crate) fn fraction_digits(&self) -> usize {
        self.fraction_digits
    }
}

/// Scans a number whose first digit is at `bytes[start]`.
pub(crate) fn scan_at(bytes: &[u8], start: usize) -> Option<Scanned> {
    let mut i = start;
    let run = digit_run(bytes, i);
    if run == 0 {
        return None;
    }
    let mut groups = GroupLens { first: count_digits(bytes, i, i + run), count: 1, rest_all_three: true };
    i += run;
    // Thousands groups: a comma counts only when a digit follows it.
    while bytes.get(i) == Some(&b',') {
        let next = digit_run(bytes, i + 1);
        if next == 0 {
            break;
        }
        groups.count += 1;
        groups.rest_all_three &= count_digits(bytes, i + 1, i + 1 + next) == 3;
        i += 1 + next;
    }
    let mut point = None;
    let mut fraction_digits = 0;
    if bytes.get(i) == Some(&b'.') {
        let next = digit_run(bytes, i + 1);
        if next > 0 {
            point = Some(i);
            fraction_digits = count_digits(bytes, i + 1, i + 1 + next);
            i += 1 + next;
        }
    }
    Some(Scanned { start, end: i, groups, fraction_digits, point })
}

/// Calls `f` for every number in `text` (see [`find_numbers`] for the rules).
pub(crate) fn for_each_number(text: &str, mut f: impl FnMut(Range<usize>, f64)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if digit_at(bytes, i).is_none() {
            i += 1;
            continue;
        }
        let Some(scanned) = scan_at(bytes, i) else {
            i += 1;
            continue;
        };
        let end = scanned.end;
        // "๘.๑.๒": an outline heading. Skip the whole dotted run.
        if scanned.point.is_some() && bytes.get(end) == Some(&b'.') && digit_at(bytes, end + 1).is_some() {
            let mut j = end;
            while j < bytes.len() && (bytes[j] == b'.' || digit_at(bytes, j).is_some()) {
                j += digit_at(bytes, j).map_or(1, |(_, len)| len);
            }
            i = j;
            continue;
        }
        let sign = sign_before(bytes, i);
        if scanned.well_grouped() {
            let start = sign.map_or(i, |(_, len)| i - len);
            if let Some(v) = scanned.value(bytes, sign.is_some_and(|(neg, _)| neg)) {
                f(start..end, v);
            }
        } else {
            // Not thousands grouping: each comma-separated part is its own number.
            let mut part_start = i;
            let mut j = i;
            while j <= end {
                if j == end || bytes[j] == b',' {
                    if let Some(v) = parse_digits(bytes, part_start..j, false) {
                        f(part_start..j, v);
                    }
                    part_start = j + 1;
                    j += 1;
                } else {
                    j += digit_at(bytes, j).map_or(1, |(_, len)| len);
                }
            }
        }
        i = end;
    }
}

/// A sign at `bytes[i..]`: (`is_negative`, byte length).
fn sign_len(bytes: &[u8], i: usize) -> Option<(bool, usize)> {
    match bytes.get(i..)? {
        [b'-', ..] => Some((true, 1)),
        [b'+', ..] => Some((false, 1)),
        // U+2212 MINUS SIGN
        [0xE2, 0x88, 0x92, ..] => Some((true, 3)),
        _ => None,
    }
}

/// A sign written directly before the digit at `i`, itself after a boundary.
fn sign_before(bytes: &[u8], i: usize) -> Option<(bool, usize)> {
    let (neg, len) = if i >= 1 && bytes[i - 1] == b'-' {
        (true, 1)
    } else if i >= 3 && bytes[i - 3..i] == [0xE2, 0x88, 0x92] {
        (true, 3)
    } else {
        return None;
    };
    let at = i - len;
    let boundary = at == 0 || matches!(bytes[at - 1], b' ' | b'\t' | b'\n' | b'\r' | b'(' | b'[' | b':' | b'=');
    boundary.then_some((neg, len))
}

/// Byte length of the run of digits (either set) starting at `i`.
fn digit_run(bytes: &[u8], i: usize) -> usize {
    let mut j = i;
    while let Some((_, len)) = digit_at(bytes, j) {
        j += len;
    }
    j - i
}

/// Number of digits in `bytes[from..to]`, which holds only digits.
fn count_digits(bytes: &[u8], from: usize, to: usize) -> usize {
    // Arabic digits are one byte, Thai digits three; continuation bytes are
    // 0x80..=0xBF, so counting the other bytes counts the digits.
    bytes[from..to].iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

/// Parses the digits, commas and point in `bytes[range]` as an `f64`.
fn parse_digits(bytes: &[u8], range: Range<usize>, negative: bool) -> Option<f64> {
    // Digits into ASCII on the stack; long inputs (rare) fall back to the heap.
    let mut stack = [0u8; 64];
    let mut heap = Vec::new();
    let mut len = 0;
    let mut push = |b: u8, stack: &mut [u8; 64], heap: &mut Vec<u8>| {
        if len < stack.len() {
            stack[len] = b;
        } else {
            if heap.is_empty() {
                heap.extend_from_slice(&stack[..]);
            }
            heap.push(b);
        }
        len += 1;
    };
    if negative {
        push(b'-', &mut stack, &mut heap);
    }
    let mut i = range.start;
    let mut any_digit = false;
    while i < range.end {
        if let Some((d, l)) = digit_at(bytes, i) {
            push(b'0' + d, &mut stack, &mut heap);
            any_digit = true;
            i += l;
        } else {
            if bytes[i] == b'.' {
                push(b'.', &mut stack, &mut heap);
            }
            i += 1;
        }
    }
    if !any_digit {
        return None;
    }
    let ascii = if heap.is_empty() { &stack[..len] } else { &heap[..] };
    // Hundreds of digits overflow to infinity; no report means that.
    std::str::from_utf8(ascii).ok()?.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Digits with thousands commas: `1234567` → "1,234,567" (Arabic digits; callers
/// convert with [`crate::digits::to_thai_digits`] and write the sign themselves).
pub fn with_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<f64>) {
        assert_eq!(parse_number(input), expected, "parse_number({input:?})");
    }

    fn check_percent(input: &str, expected: Option<f64>) {
        assert_eq!(parse_percent(input), expected, "parse_percent({input:?})");
    }

    fn check_find(input: &str, expected: &[(&str, f64)]) {
        let found: Vec<(&str, f64)> = find_numbers(input).into_iter().map(|(r, v)| (&input[r], v)).collect();
        assert_eq!(found, expected, "find_numbers({input:?})");
    }

    #[test]
    fn whole_cell_numbers() {
        check("๑๔,๖๔๑,๑๐๐", Some(14_641_100.0));
        check("1,234.50", Some(1234.5));
        check("-3", Some(-3.0));
        check("−3", Some(-3.0));
        check("+3", Some(3.0));
        check("๓๕", Some(35.0));
        check("๑๖,๓๑๑,๑๕๕.๕๐", Some(16_311_155.5));
        check("  ๒๒๐\u{200B} ", Some(220.0));
        check("๙๐,๙๐๐.๐๐", Some(90_900.0));
        check("0.5", Some(0.5));
        check("1234567", Some(1_234_567.0));
        check("๔.๑", Some(4.1));
    }

    #[test]
    fn whole_cell_rejects() {
        for s in ["", " ", "-", "+", "....", ".....-.....", "ไม่มี", "๓๕ คน", "5.", ".5", "1,", ",1", "1..2", "--3"]
        {
            check(s, None);
        }
        // Malformed grouping from 32.txt: refuse to guess.
        check("๗,๗๐๐๐,๐๐๐", None);
        check("1,23", None);
        check("1234,567", None);
        check("1.2.3", None);
    }

    #[test]
    fn percentages() {
        check_percent("ร้อยละ ๘๕", Some(85.0));
        check_percent("85%", Some(85.0));
        check_percent("๘๕ %", Some(85.0));
        check_percent("ร้อยละ 85.50", Some(85.5));
        check_percent("๓๕", Some(35.0));
        check_percent("ร้อยละ๑๐๐", Some(100.0));
        check_percent("85 เปอร์เซ็นต์", Some(85.0));
        check_percent("ร้อยละ ๙๓ %", Some(93.0));
        check_percent("ร้อยละ", None);
        check_percent("%", None);
        check_percent("-", None);
        check_percent("ร้อยละ ๘๐ ขึ้นไป", None);
        check_percent("ระดับดี (มากกว่า ๓.๐)", None);
    }

    #[test]
    fn find_in_text() {
        check_find(
            "๙.๓ งบประมาณ ซึ่งดำเนินการเบิกจ่ายแล้ว จำนวน ๑๖,๓๑๑,๑๕๕.๕๐ บาท",
            &[("๙.๓", 9.3), ("๑๖,๓๑๑,๑๕๕.๕๐", 16_311_155.5)],
        );
        check_find("จำนวน.....-..... บาท ()", &[]);
        check_find("ไม่น้อยกว่า ๑๓,๗๐๐ ชุดข้อมูล	๑๗,๖๐๑ ชุดข้อมูล", &[("๑๓,๗๐๐", 13_700.0), ("๑๗,๖๐๑", 17_601.0)]);
        check_find("พ.ศ. ๒๕๖๖ - ๒๕๗๐", &[("๒๕๖๖", 2566.0), ("๒๕๗๐", 2570.0)]);
        check_find("๒๕๖๖-๒๕๗๐", &[("๒๕๖๖", 2566.0), ("๒๕๗๐", 2570.0)]);
        check_find("ลดลง -5.2 จุด", &[("-5.2", -5.2)]);
        check_find("COVID-19", &[("19", 19.0)]);
        check_find("ไตรมาสที่ ๔/๒๕๖๗", &[("๔", 4.0), ("๒๕๖๗", 2567.0)]);
        // A list of item numbers is not a thousands-grouped number.
        check_find("ข้อ ๑,๒ และ 3, 4", &[("๑", 1.0), ("๒", 2.0), ("3", 3.0), ("4", 4.0)]);
        check_find("๗,๗๐๐๐,๐๐๐ บาท", &[("๗", 7.0), ("๗๐๐๐", 7000.0), ("๐๐๐", 0.0)]);
        // Outline headings are not quantities; a sentence-final dot is not a decimal point.
        check_find("๑๑.๒.๑ ผล ๓.", &[("๓", 3.0)]);
        check_find("a1,000b", &[("1,000", 1000.0)]);
    }

    #[test]
    fn percents_in_text() {
        let text = "ร้อยละของชุดข้อมูล ร้อยละ ๔๐	ร้อยละ ๙๓ และ 12% กับ ๕ คน";
        let found: Vec<(&str, f64)> = find_percents(text).into_iter().map(|(r, v)| (&text[r], v)).collect();
        assert_eq!(found, [("ร้อยละ ๔๐", 40.0), ("ร้อยละ ๙๓", 93.0), ("12%", 12.0)]);
    }

    #[test]
    fn long_digit_runs_do_not_panic() {
        assert_eq!(parse_number(&"9".repeat(400)), None, "overflow is not a value");
        assert_eq!(parse_number(&"9".repeat(100)), Some(1e100 - 1.0));
        let thai = "๑".repeat(100);
        assert_eq!(find_numbers(&thai).len(), 1);
    }

    #[test]
    fn never_panics_on_odd_bytes() {
        for s in ["\u{E00}", "๏๚", "-", "−", "1-", ",", ".", "๑,", "๑.", "-๑", "a-๑", "\u{2212}๑"] {
            let _ = parse_number(s);
            let _ = parse_percent(s);
            let _ = find_numbers(s);
            let _ = find_percents(s);
        }
        assert_eq!(find_numbers("\u{2212}๑")[0].1, -1.0);
    }
}
