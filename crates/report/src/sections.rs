//! Finding the form's numbered sections (๑–๑๔) and splitting a file into reports.
//!
//! A heading is recognised by its number *and* its title keyword, never by the
//! number alone: activity rows ("๑. กระบวนการทางพัสดุ") also start with numbers.
//! Section numbers only grow inside one report; a new title line (or a new section 1
//! after later sections) starts the next report.

use crate::text::Line;

/// Title keywords of the 14 sections, whitespace removed, as they begin the heading.
const SECTION_KEYWORDS: [(u8, &[&str]); 14] = [
    (1, &["ชื่อแผนงาน", "ชื่อโครงการ"]),
    (2, &["ชื่อหน่วยงาน", "หน่วยงาน"]),
    (3, &["แผนงาน/โครงการเป็น", "แผนงาน/โครงการ", "งบประมาณใด"]),
    (4, &["วัตถุประสงค์"]),
    (5, &["เป้าหมาย"]),
    (6, &["สรุปสาระสำคัญ"]),
    (7, &["ตัวชี้วัด"]),
    (8, &["แผนระยะเวลา", "ระยะเวลาดำเนินงาน"]),
    (9, &["โครงการใช้งบประมาณ", "การใช้งบประมาณ", "งบประมาณ"]),
    (10, &["พื้นที่ดำเนินการ", "พื้นที่"]),
    (11, &["สรุปผลการดำเนินงาน", "ผลการดำเนินงาน"]),
    (12, &["ประโยชน์ที่ได้รับ", "ประโยชน์"]),
    (13, &["ปัญหา"]),
    (14, &["ความก้าวหน้า"]),
];

/// Title of the form: "แบบรายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. ๒๕๖๗".
pub const FORM_TITLE: &str = "แบบรายงานผลการดำเนินงาน";

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

/// Skips `keyword` at the start of `text`, ignoring whitespace inside `text`.
pub fn strip_keyword<'t>(text: &'t str, keyword: &str) -> Option<&'t str> {
    let mut wanted = keyword.chars().filter(|c| !c.is_whitespace()).peekable();
    for (index, ch) in text.char_indices() {
        if wanted.peek().is_none() {
            return Some(text[index..].trim_start());
        }
        if ch.is_whitespace() {
            continue;
        }
        if Some(ch) != wanted.next() {
            return None;
        }
    }
    if wanted.peek().is_none() { Some("") } else { None }
}

/// If `line` is the heading of a section numbered after `current`, which one.
pub fn section_heading(line: &Line<'_>, current: u8) -> Option<u8> {
    if line.is_row() {
        return None;
    }
    let (numbering, rest) = leading_number(&line.text)?;
    if numbering.minor.is_some() || numbering.major == 0 || numbering.major > 14 {
        return None;
    }
    let section = numbering.major as u8;
    if section <= current {
        return None;
    }
    let (_, keywords) = SECTION_KEYWORDS[usize::from(section - 1)];
    keywords.iter().any(|keyword| strip_keyword(rest, keyword).is_some()).then_some(section)
}

/// Whether the line is the form's title line.
pub fn is_title(line: &Line<'_>) -> bool {
    // A cheap substring test first: squashing every line of a bulletin costs more.
    !line.is_row() && line.text.contains("แบบรายงาน") && strip_keyword(&line.text, FORM_TITLE).is_some()
}

/// A section of one report: its heading line and the lines after it.
#[derive(Clone, Debug)]
pub struct Section {
    pub number: u8,
    /// Index (into the report's lines) of the heading line.
    pub heading: usize,
    /// Indices of the content lines, heading excluded.
    pub body: std::ops::Range<usize>,
}

/// The sections of one report's lines, in order; sections not found are absent.
pub fn find_sections(lines: &[Line<'_>]) -> Vec<Section> {
    let mut found: Vec<Section> = Vec::with_capacity(14);
    let mut current = 0;
    for (index, line) in lines.iter().enumerate() {
        if let Some(number) = section_heading(line, current) {
            if let Some(last) = found.last_mut() {
                last.body.end = index;
            }
            found.push(Section { number, heading: index, body: index + 1..lines.len() });
            current = number;
        }
    }
    found
}

/// Where each report starts in a file's lines (indices), at least one when any
/// section is present. A report starts at a title line, or at a section 1 heading
/// when the report being read already has later sections (a file whose second
/// report lost its title).
pub fn report_starts(lines: &[Line<'_>]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut current: u8 = 0;
    for (index, line) in lines.iter().enumerate() {
        if is_title(line) {
            if current > 0 || starts.is_empty() {
                starts.push(index);
                current = 0;
            }
            continue;
        }
        if let Some(section) = section_heading(line, 0) {
            if section == 1 && current >= 2 {
                // A new report without its own title line (a title would have reset `current`).
                starts.push(index);
                current = 1;
                continue;
            }
            if section > current {
                if starts.is_empty() {
                    starts.push(index);
                }
                current = section;
            }
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    #[test]
    fn numbers_in_both_digit_sets() {
        assert_eq!(leading_number("๑๑.๒ รายละเอียด"), Some((Numbering { major: 11, minor: Some(2) }, "รายละเอียด")));
        assert_eq!(leading_number("9. โครงการ"), Some((Numbering { major: 9, minor: None }, "โครงการ")));
        assert_eq!(leading_number("๒) งานงวด"), Some((Numbering { major: 2, minor: None }, "งานงวด")));
        assert_eq!(leading_number("๒๕๖๗"), Some((Numbering { major: 2567, minor: None }, "")));
        assert_eq!(leading_number("๒๕๖๗ปี"), None);
        assert_eq!(leading_number("โครงการ"), None);
    }

    #[test]
    fn headings_need_number_and_keyword() {
        let text = "๑. ชื่อแผนงาน/โครงการ ก\n๑. กระบวนการทางพัสดุ\n**๑๒. ประโยชน์ที่ได้รับ/ผลลัพธ์**\n๔. วัตถุประสงค์\tx";
        let lines = lines(text);
        assert_eq!(section_heading(&lines[0], 0), Some(1));
        assert_eq!(section_heading(&lines[1], 0), None);
        assert_eq!(section_heading(&lines[2], 0), Some(12));
        assert_eq!(section_heading(&lines[2], 12), None, "numbers only grow");
        assert_eq!(section_heading(&lines[3], 0), None, "table rows are never headings");
    }

    #[test]
    fn keyword_is_stripped_ignoring_spaces() {
        assert_eq!(strip_keyword("พื้นที่ดำเนินการ (จังหวัด) น่าน", "พื้นที่ดำเนินการ(จังหวัด)"), Some("น่าน"));
        assert_eq!(strip_keyword("ชื่อ หน่วยงาน สสช.", "ชื่อหน่วยงาน"), Some("สสช."));
        assert_eq!(strip_keyword("ชื่อ", "ชื่อหน่วยงาน"), None);
    }

    #[test]
    fn concatenated_reports_are_split() {
        let one = "แบบรายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. ๒๕๖๗\n๑. ชื่อแผนงาน/โครงการ ก\n๒. ชื่อหน่วยงาน ข\n";
        let without_title = "๑. ชื่อแผนงาน/โครงการ ค\n๒. ชื่อหน่วยงาน ง\n";
        let text = format!("{one}{one}{without_title}");
        assert_eq!(report_starts(&lines(&text)), vec![0, 3, 6]);
        assert_eq!(report_starts(&lines("ไม่มีอะไร\nเลย")), Vec::<usize>::new());
    }
}
