//! Thai digits (๐–๙) and Arabic digits (0–9).
//!
//! Government documents mix both digit sets, often in one table, so every
//! parser in this crate accepts either. This module owns the mapping and the
//! byte-level helpers the other parsers build on.
//!
//! Thai digits are U+0E50..=U+0E59, which UTF-8 encodes as the three bytes
//! `E0 B9 90..=99`. The helpers work on bytes so that scanning a report costs
//! no decoding and, when a text has no Thai digit, no allocation.

use std::borrow::Cow;

/// The UTF-8 lead bytes shared by all Thai digits.
const THAI_DIGIT_LEAD: [u8; 2] = [0xE0, 0xB9];

/// Replaces every Thai digit with the matching Arabic digit.
///
/// Borrows the input when it has no Thai digit, so callers can normalise
/// every cell of a table without paying for the common all-Arabic case.
///
/// ```
/// use tidtam_thai::digits::to_arabic_digits;
/// assert_eq!(to_arabic_digits("๙,๓๖๕,๘๐๐ บาท"), "9,365,800 บาท");
/// assert!(matches!(to_arabic_digits("9,365,800"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn to_arabic_digits(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let Some(first) = find_thai_digit(bytes, 0) else {
        return Cow::Borrowed(s);
    };
    // Each Thai digit shrinks from three bytes to one, so `s.len()` is an upper bound.
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    let mut at = Some(first);
    while let Some(i) = at {
        out.push_str(&s[copied..i]);
        out.push(char::from(b'0' + (bytes[i + 2] - 0x90)));
        copied = i + 3;
        at = find_thai_digit(bytes, copied);
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// Replaces every Arabic digit with the matching Thai digit.
///
/// Used when writing text back in the style of the official forms
/// (e.g. "๙,๓๖๕,๘๐๐ บาท").
///
/// ```
/// use tidtam_thai::digits::to_thai_digits;
/// assert_eq!(to_thai_digits("FY 2567: 35%"), "FY ๒๕๖๗: ๓๕%");
/// ```
pub fn to_thai_digits(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2 * s.len().min(32));
    for c in s.chars() {
        match c {
            '0'..='9' => out.push(thai_digit(c as u8 - b'0')),
            _ => out.push(c),
        }
    }
    out
}

/// The value of `c` if it is a digit of either set.
///
/// ```
/// use tidtam_thai::digits::digit_value;
/// assert_eq!(digit_value('๗'), Some(7));
/// assert_eq!(digit_value('7'), Some(7));
/// assert_eq!(digit_value('x'), None);
/// ```
pub fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '\u{0E50}'..='\u{0E59}' => Some((c as u32 - 0x0E50) as u8),
        _ => None,
    }
}

/// The Thai digit for `d`; values above 9 are taken modulo 10 so this never panics.
pub fn thai_digit(d: u8) -> char {
    // U+0E50 + (0..=9) is always a valid scalar value.
    char::from_u32(0x0E50 + u32::from(d % 10)).unwrap_or('๐')
}

/// The value and byte length of the digit (either set) starting at `bytes[i]`.
///
/// Byte-level so that scanners can walk text without decoding it; returns
/// `None` when `i` is out of range or not at a digit.
#[inline]
pub(crate) fn digit_at(bytes: &[u8], i: usize) -> Option<(u8, usize)> {
    match bytes.get(i)? {
        b @ b'0'..=b'9' => Some((b - b'0', 1)),
        0xE0 if bytes.get(i + 1) == Some(&0xB9) => match bytes.get(i + 2)? {
            b @ 0x90..=0x99 => Some((b - 0x90, 3)),
            _ => None,
        },
        _ => None,
    }
}

/// Byte offset of the first Thai digit at or after `from`.
fn find_thai_digit(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 2 < bytes.len() {
        // 0xB9 is the middle byte of every Thai digit; jumping on it is cheaper
        // than testing the lead byte, which all Thai letters share.
        if bytes[i + 1] == THAI_DIGIT_LEAD[1] && bytes[i] == THAI_DIGIT_LEAD[0] && (0x90..=0x99).contains(&bytes[i + 2])
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(to_arabic_digits(input), expected, "to_arabic_digits({input:?})");
    }

    #[test]
    fn arabic_from_corpus() {
        check("๙,๓๖๕,๘๐๐ บาท", "9,365,800 บาท");
        check("๑ ตุลาคม ๒๕๖๖ - ๓๑ ธันวาคม ๒๕๖๖", "1 ตุลาคม 2566 - 31 ธันวาคม 2566");
        check("๑๖,๓๑๑,๑๕๕.๕๐", "16,311,155.50");
        check("ร้อยละ ๑๐๐", "ร้อยละ 100");
        check("๐๑๒๓๔๕๖๗๘๙", "0123456789");
        check("", "");
        // Thai letters share the lead byte E0 with the digits; they must survive.
        check("ไตรมาส ๔/๒๕๖๗", "ไตรมาส 4/2567");
        check("เฃ๏๚๛", "เฃ๏๚๛");
    }

    #[test]
    fn arabic_borrows_when_unchanged() {
        for s in ["", "abc", "9,365,800", "ไม่มีตัวเลขไทย", "๏"] {
            assert!(matches!(to_arabic_digits(s), Cow::Borrowed(_)), "{s:?}");
        }
        assert!(matches!(to_arabic_digits("๑"), Cow::Owned(_)));
    }

    #[test]
    fn thai_digits() {
        assert_eq!(to_thai_digits("26 ก.ค. 2567"), "๒๖ ก.ค. ๒๕๖๗");
        assert_eq!(to_thai_digits("0123456789"), "๐๑๒๓๔๕๖๗๘๙");
        assert_eq!(to_thai_digits("ไม่มี"), "ไม่มี");
        let all: String = (0..=9).map(thai_digit).collect();
        assert_eq!(to_arabic_digits(&all), "0123456789");
        assert_eq!(thai_digit(12), '๒');
    }

    #[test]
    fn round_trip() {
        let s = "งบ 9,365,800.50 บาท ณ 30/09/2567";
        assert_eq!(to_arabic_digits(&to_thai_digits(s)), s);
    }

    #[test]
    fn byte_helpers() {
        let s = "a๕7";
        assert_eq!(digit_at(s.as_bytes(), 0), None);
        assert_eq!(digit_at(s.as_bytes(), 1), Some((5, 3)));
        assert_eq!(digit_at(s.as_bytes(), 4), Some((7, 1)));
        assert_eq!(digit_at(s.as_bytes(), 5), None);
        assert_eq!(digit_at("\u{E0}".as_bytes(), 0), None);
        // A truncated lead must not read past the end.
        assert_eq!(digit_at(&[0xE0, 0xB9], 0), None);
    }
}
