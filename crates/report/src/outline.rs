//! Numbering written at the start of a line or a table cell: section numbers
//! ("๑๑.๒", "9."), and the outline numbers that tell a top-level row from the
//! rows under it ("กิจกรรมที่ ๑" above "๑)", "๗.๑" above "๗.๑.๑", "๑." above "(๑)").
//!
//! Tables and headings share these readers: an activity row "๑. กระบวนการทางพัสดุ"
//! and a section heading "๑. ชื่อแผนงาน/โครงการ" are numbered alike.

use crate::text::strip_keyword;

/// A leading section number such as "๑๑.๒" or "9." read with either digit set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Numbering {
    pub major: u32,
    pub minor: Option<u32>,
}

/// Reads a leading "N", "N.", "N.M", "N)" and returns it with the text after it.
pub fn leading_number(text: &str) -> Option<(Numbering, &str)> {
    let (major, rest) = leading_digits(text)?;
    if let Some(after_dot) = rest.strip_prefix('.') {
        if let Some((minor, rest)) = leading_digits(after_dot) {
            let rest = rest.strip_prefix('.').unwrap_or(rest);
            return Some((Numbering { major, minor: Some(minor) }, rest.trim_start()));
        }
        return Some((Numbering { major, minor: None }, after_dot.trim_start()));
    }
    let rest = rest.strip_prefix(')').unwrap_or(rest);
    // "๒๕๖๗ ..." is a year, not a section: a number must be followed by a separator.
    if rest.starts_with(' ') || rest.is_empty() {
        Some((Numbering { major, minor: None }, rest.trim_start()))
    } else {
        None
    }
}

fn leading_digits(text: &str) -> Option<(u32, &str)> {
    let mut value: u32 = 0;
    let mut end = 0;
    for (index, ch) in text.char_indices() {
        let digit = match ch {
            '0'..='9' => ch as u32 - '0' as u32,
            '๐'..='๙' => ch as u32 - '๐' as u32,
            _ => break,
        };
        value = value.checked_mul(10)?.checked_add(digit)?;
        end = index + ch.len_utf8();
        if end > 12 {
            return None;
        }
    }
    if end == 0 { None } else { Some((value, &text[end..])) }
}

/// How a row is numbered in an outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outline {
    /// "กิจกรรมที่ ๑", "กิจกรรมหลักที่ ๑": the form's own label of a top-level activity.
    Label(u32),
    /// "๑.", "๑)", "(๑)", "๑.๑", "๑.๑)", "๗.๑.๑".
    Numbers { numbers: Vec<u32>, close: Close },
}

/// What closes an outline number, from the outermost level inwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Close {
    /// "๑." (and "๑.๑" with nothing after it).
    Dot,
    /// "๑)".
    Paren,
    /// "(๑)".
    Enclosed,
}

/// The outline number a row's name starts with, if any. A lone number without
/// "." or ")" is not one ("๒๕๖๗ …" is a year).
pub fn outline(text: &str) -> Option<Outline> {
    for label in ["กิจกรรมที่", "กิจกรรมหลักที่"] {
        if let Some(rest) = strip_keyword(text, label) {
            return leading_digits(rest).map(|(number, _)| Outline::Label(number));
        }
    }
    if let Some(inner) = text.strip_prefix('(') {
        let (number, rest) = leading_digits(inner)?;
        let rest = rest.strip_prefix(')')?;
        return ends_number(rest).then(|| Outline::Numbers { numbers: vec![number], close: Close::Enclosed });
    }
    let (first, mut rest) = leading_digits(text)?;
    let mut numbers = vec![first];
    while let Some((number, after)) = rest.strip_prefix('.').and_then(leading_digits) {
        numbers.push(number);
        rest = after;
    }
    let close = if let Some(after) = rest.strip_prefix(')') {
        rest = after;
        Close::Paren
    } else if let Some(after) = rest.strip_prefix('.') {
        rest = after;
        Close::Dot
    } else if numbers.len() > 1 {
        Close::Dot
    } else {
        return None;
    };
    ends_number(rest).then_some(Outline::Numbers { numbers, close })
}

/// An outline number ends at a space or the end of the cell, never inside a figure.
fn ends_number(rest: &str) -> bool {
    rest.chars().next().is_none_or(|c| c.is_whitespace() || !(c.is_ascii_digit() || ('๐'..='๙').contains(&c)))
}

impl Outline {
    /// Whether a row numbered `self` sits under a row numbered `parent`: any number
    /// under a label, a longer number extending the parent's (๗.๑.๑ under ๗.๑), or
    /// one closed more tightly at the same depth ("(๑)" or "๑)" under "๑.").
    pub fn is_under(&self, parent: &Outline) -> bool {
        match (self, parent) {
            (Outline::Label(_), _) => false,
            (Outline::Numbers { .. }, Outline::Label(_)) => true,
            (Outline::Numbers { numbers, close }, Outline::Numbers { numbers: above, close: above_close }) => {
                (numbers.len() > above.len() && numbers.starts_with(above))
                    || (numbers.len() == 1 && above.len() == 1 && close > above_close)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_both_digit_sets() {
        assert_eq!(leading_number("๑๑.๒ รายละเอียด"), Some((Numbering { major: 11, minor: Some(2) }, "รายละเอียด")));
        assert_eq!(leading_number("9. โครงการ"), Some((Numbering { major: 9, minor: None }, "โครงการ")));
        assert_eq!(leading_number("๒) งานงวด"), Some((Numbering { major: 2, minor: None }, "งานงวด")));
        assert_eq!(leading_number("๒๕๖๗"), Some((Numbering { major: 2567, minor: None }, "")));
        assert_eq!(leading_number("๒๕๖๗ปี"), None);
        assert_eq!(leading_number("โครงการ"), None);
    }

    fn numbers(numbers: &[u32], close: Close) -> Option<Outline> {
        Some(Outline::Numbers { numbers: numbers.to_vec(), close })
    }

    #[test]
    fn outline_numbers_in_their_styles() {
        assert_eq!(outline("กิจกรรมที่ ๒ การสนับสนุน"), Some(Outline::Label(2)));
        assert_eq!(outline("กิจกรรมหลักที่ ๑ - นำเสนอ"), Some(Outline::Label(1)));
        assert_eq!(outline("๑. กระบวนการ"), numbers(&[1], Close::Dot));
        assert_eq!(outline("๑.๑) เพจ"), numbers(&[1, 1], Close::Paren));
        assert_eq!(outline("๗.๑.๑ ร้อยละ"), numbers(&[7, 1, 1], Close::Dot));
        assert_eq!(outline("(๒) จำนวน"), numbers(&[2], Close::Enclosed));
        assert_eq!(outline("๒๕๖๗ ปี"), None);
        assert_eq!(outline("ดำเนินการตามสัญญา"), None);
        assert_eq!(outline("กิจกรรมที่ไม่ใช้งบประมาณ"), None);
    }

    #[test]
    fn rows_under_their_parents() {
        let label = Outline::Label(1);
        let dot = outline("๑. ก").unwrap();
        let paren = outline("๑) ก").unwrap();
        assert!(paren.is_under(&label));
        assert!(outline("๑.๑) ก").unwrap().is_under(&label));
        assert!(outline("๗.๑.๑ ก").unwrap().is_under(&outline("๗.๑ ก").unwrap()));
        assert!(!outline("๗.๒ ก").unwrap().is_under(&outline("๗.๑ ก").unwrap()));
        assert!(paren.is_under(&dot) && outline("(๑) ก").unwrap().is_under(&dot));
        assert!(!outline("๒. ก").unwrap().is_under(&dot), "siblings");
        assert!(!Outline::Label(2).is_under(&label));
    }
}
