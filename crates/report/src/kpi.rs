//! Reading the indicator report form of a performance agreement
//! (รายงานผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ (รายตัวชี้วัด)) into
//! `tidtam_score::form::IndicatorReport`.
//!
//! The form is a two-column page: the reader takes what each line of the left-hand
//! column says, by the labels that begin its blocks (ชื่อตัวชี้วัด, ผู้กำกับดูแลตัวชี้วัด,
//! คำอธิบาย, ข้อมูลผลการดำเนินงาน, เกณฑ์การให้คะแนน, the score table's header,
//! คำชี้แจง…, ปัจจัยสนับสนุน…, อุปสรรค…, ข้อเสนอแนะ…, หลักฐานอ้างอิง, the round line).
//! A conversion from PDF cuts the lines at the column edge and puts the
//! right-hand column's pieces after the form's last line (the round line); those
//! pieces are kept in order as `right_column`, not guessed back into the fields
//! they were cut from, so a field cut short is read as far as it is written
//! (a page count without its unit, "จำนวน 2", is not taken as a count).
//!
//! A file holds an indicator report only where a line begins with ชื่อตัวชี้วัด and
//! the lines up to the next such line carry the form's scoring (เกณฑ์การให้คะแนน or
//! a ค่าคะแนนถ่วงน้ำหนัก column): the 14-section project reports mention
//! คำรับรองการปฏิบัติราชการ and ค่าคะแนน in their cells but have neither.

use tidtam_score::Decimal;
use tidtam_score::RoundPeriod;
use tidtam_score::form::{IndicatorReport, LevelSteps, Officer};
use tidtam_score::round::Evidence;
use tidtam_thai::digits::to_arabic_digits;

use crate::text::{Line, begins, strip_keyword};

const NAME: &str = "ชื่อตัวชี้วัด";
const TITLE: &str = "รายงานผลการปฏิบัติราชการ";
const OFFICER: &str = "ผู้กำกับดูแลตัวชี้วัด";
const COLLECTOR: &str = "ผู้จัดเก็บข้อมูล";
const PHONE: &str = "โทรศัพท์";
const DESCRIPTION: &str = "คำอธิบาย";
const LEVELS: &str = "ข้อมูลผลการดำเนินงาน";
const CRITERIA: &str = "เกณฑ์การให้คะแนน";
const CALCULATION: &str = "การคำนวณคะแนน";
const WEIGHTED: &str = "ค่าคะแนนถ่วงน้ำหนัก";
const EXPLANATION: &str = "คำชี้แจงการปฏิบัติงาน";
const SUPPORTING: &str = "ปัจจัยสนับสนุน";
const OBSTACLES: &str = "อุปสรรค";
const SUGGESTIONS: &str = "ข้อเสนอแนะ";
const EVIDENCE: &str = "หลักฐานอ้างอิง";

/// The blocks of the form, in the order it has them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    Heading,
    Officers,
    Description,
    Levels,
    Criteria,
    ScoreTable,
    Explanation,
    Supporting,
    Obstacles,
    Suggestions,
    Evidence,
    /// After the round line: the right-hand column's pieces.
    RightColumn,
}

/// The block a line's label opens, and the text after the label.
fn block_label<'t>(line: &'t Line<'_>) -> Option<(Block, &'t str)> {
    let first = if line.is_row() { line.cells.first().map_or("", String::as_str) } else { line.text.as_str() };
    let labels: [(&str, Block); 10] = [
        (NAME, Block::Heading),
        (OFFICER, Block::Officers),
        (DESCRIPTION, Block::Description),
        (LEVELS, Block::Levels),
        (CRITERIA, Block::Criteria),
        (EXPLANATION, Block::Explanation),
        (SUPPORTING, Block::Supporting),
        (OBSTACLES, Block::Obstacles),
        (SUGGESTIONS, Block::Suggestions),
        (EVIDENCE, Block::Evidence),
    ];
    labels.iter().find_map(|&(label, block)| strip_keyword(first, label).map(|rest| (block, rest)))
}

/// The text after a label: what follows its colon, or the rest of the label's words.
fn after_label(rest: &str) -> &str {
    match rest.find(':') {
        Some(colon) => rest[colon + 1..].trim(),
        None => rest.trim(),
    }
}

/// Whether `line` begins an indicator report's heading (ชื่อตัวชี้วัด …).
fn is_heading(line: &Line<'_>) -> bool {
    !line.is_row() && begins(&line.text, NAME)
}

/// The rounds of the round line ("รอบ 9 เดือน รอบ 12 เดือน", with or without tick
/// boxes), or `None` when the line is anything else: it must hold nothing but
/// "รอบ N เดือน" (N 6, 9 or 12) and boxes. With boxes only the ticked rounds count.
fn rounds_of(line: &Line<'_>) -> Option<Vec<RoundPeriod>> {
    const EMPTY_BOXES: [char; 2] = ['☐', '□'];
    const TICKED: [char; 5] = ['☑', '☒', '■', '✓', '✔'];
    let text = to_arabic_digits(&line.text).into_owned();
    let mut rest = text.as_str();
    let mut rounds = Vec::new();
    let mut boxed = false;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '\t');
        if rest.is_empty() {
            break;
        }
        let mut ticked = false;
        if let Some(mark) = rest.chars().next().filter(|c| EMPTY_BOXES.contains(c) || TICKED.contains(c)) {
            boxed = true;
            ticked = TICKED.contains(&mark);
            rest = rest[mark.len_utf8()..].trim_start();
        }
        rest = rest.strip_prefix("รอบ")?.trim_start();
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let period = rest[..digits].parse().ok().and_then(RoundPeriod::from_months)?;
        rest = rest[digits..].trim_start().strip_prefix("เดือน")?;
        if (!boxed || ticked) && !rounds.contains(&period) {
            rounds.push(period);
        }
    }
    (!rounds.is_empty() || boxed).then_some(rounds)
}

/// The line indices (into `lines`) where indicator reports start: each heading
/// line (with the title line just above it, when there is one) whose form carries
/// its scoring before the next heading.
pub fn report_starts(lines: &[Line<'_>]) -> Vec<usize> {
    let headings: Vec<usize> = (0..lines.len()).filter(|&index| is_heading(&lines[index])).collect();
    let mut starts = Vec::new();
    for (position, &heading) in headings.iter().enumerate() {
        let end = headings.get(position + 1).copied().unwrap_or(lines.len());
        let scored = lines[heading..end].iter().any(|line| {
            (!line.is_row() && begins(&line.text, CRITERIA))
                || (line.is_row() && line.cells.iter().any(|cell| begins(cell, WEIGHTED)))
        });
        if !scored {
            continue;
        }
        let title = lines[..heading]
            .iter()
            .rposition(|line| !line.text.is_empty())
            .filter(|&above| !lines[above].is_row() && begins(&lines[above].text, TITLE));
        starts.push(title.unwrap_or(heading));
    }
    starts
}

/// Reads one indicator report from its lines (a slice [`report_starts`] begins).
pub fn parse_indicator_report(lines: &[Line<'_>], file_name: &str) -> IndicatorReport {
    let mut report = IndicatorReport {
        file: file_name.to_string(),
        line: lines.first().map_or(0, |line| line.number),
        ..IndicatorReport::default()
    };
    let mut block: Option<Block> = None;
    let mut name_open = false;
    let mut officer_columns: Vec<(usize, Block)> = Vec::new();
    let mut criteria_header = false;
    let mut score_columns: Option<[Option<usize>; 5]> = None;
    let mut explanation: Vec<String> = Vec::new();
    let mut supporting: Vec<String> = Vec::new();
    let mut obstacles: Vec<String> = Vec::new();
    let mut suggestions: Vec<String> = Vec::new();
    let mut description: Vec<String> = Vec::new();
    let mut evidence_lines: Vec<(bool, String)> = Vec::new();
    for line in lines {
        if block == Some(Block::RightColumn) {
            if !line.text.is_empty() {
                report.right_column.push(line.text.replace('\t', " "));
            }
            continue;
        }
        if line.text.is_empty() {
            name_open = false;
            continue;
        }
        if let Some(rounds) = rounds_of(line) {
            report.rounds = rounds;
            block = Some(Block::RightColumn);
            continue;
        }
        if line.is_row() && line.cells.iter().any(|cell| begins(cell, WEIGHTED)) {
            score_columns = Some(score_table_columns(&line.cells));
            block = Some(Block::ScoreTable);
            continue;
        }
        if let Some((opened, label_rest)) = block_label(line) {
            block = Some(opened);
            let rest = after_label(label_rest);
            match opened {
                Block::Heading => {
                    // The code stands between the label and the colon.
                    let (code, name) = code_and_name(label_rest);
                    report.code = code;
                    report.name = name;
                    name_open = true;
                }
                Block::Officers => officer_columns = read_officers(line, &mut report),
                Block::Description => push_text(&mut description, rest),
                Block::Explanation => push_text(&mut explanation, rest),
                Block::Supporting => push_text(&mut supporting, rest),
                Block::Obstacles => push_text(&mut obstacles, rest),
                Block::Suggestions => push_text(&mut suggestions, rest),
                Block::Levels | Block::Criteria | Block::Evidence | Block::ScoreTable | Block::RightColumn => {
                    push_text(&mut Vec::new(), rest)
                }
            }
            continue;
        }
        match block {
            None => {}
            Some(Block::Heading) => {
                if name_open && !line.is_row() {
                    report.name = join_words(&report.name, &line.text);
                } else if line.is_row() && line.cells.iter().any(|cell| begins(cell, OFFICER)) {
                    officer_columns = read_officers(line, &mut report);
                    block = Some(Block::Officers);
                }
            }
            Some(Block::Officers) => {
                if row_cells(line).iter().any(|cell| begins(cell, OFFICER) || begins(cell, COLLECTOR)) {
                    // A one-column form names each person on a line of their own.
                    let mut more = read_officers(line, &mut report);
                    officer_columns.append(&mut more);
                } else {
                    read_phones(line, &officer_columns, &mut report);
                }
            }
            Some(Block::Description) => description.push(line.text.clone()),
            Some(Block::Levels) => read_level_row(line, &mut report.levels),
            Some(Block::Criteria) => {
                if begins(&line.text, CALCULATION) {
                    continue;
                }
                let cells = row_cells(line);
                if cells.iter().filter(|cell| begins(cell, "ระดับ")).count() >= 5 {
                    criteria_header = true;
                } else if criteria_header && report.criteria.is_empty() {
                    report.criteria = cells.into_iter().filter(|cell| !cell.is_empty()).take(5).collect();
                }
            }
            Some(Block::ScoreTable) => {
                if let Some(columns) = score_columns
                    && report.weight.is_none()
                    && line.is_row()
                {
                    read_score_row(line, columns, &mut report);
                }
            }
            Some(Block::Explanation) => explanation.push(line.text.clone()),
            Some(Block::Supporting) => supporting.push(line.text.clone()),
            Some(Block::Obstacles) => obstacles.push(line.text.clone()),
            Some(Block::Suggestions) => suggestions.push(line.text.clone()),
            Some(Block::Evidence) => {
                let bulleted = line.raw.trim_start().starts_with(['-', '•', '*']);
                evidence_lines.push((bulleted, line.text.replace('\t', " ")));
            }
            Some(Block::RightColumn) => unreachable!("handled above"),
        }
    }
    report.description = description.join("\n");
    report.measures = numbered_items(&explanation);
    report.explanation = explanation.join("\n");
    report.supporting_factors = supporting.join("\n");
    // "อุปสรรค : -" says there were none.
    let obstacles = obstacles.join("\n");
    report.obstacles = if obstacles.trim() == "-" { String::new() } else { obstacles };
    report.suggestions = suggestions.join("\n");
    report.evidence = read_evidence(&evidence_lines);
    report
}

fn push_text(block: &mut Vec<String>, text: &str) {
    if !text.is_empty() {
        block.push(text.to_string());
    }
}

/// Joins a wrapped line to what came before it with one space.
fn join_words(before: &str, more: &str) -> String {
    if before.is_empty() { more.trim().to_string() } else { format!("{before} {}", more.trim()) }
}

/// A line's cells: a row's cleaned cells, or the line as one cell.
fn row_cells(line: &Line<'_>) -> Vec<String> {
    if line.is_row() { line.cells.clone() } else { vec![line.text.clone()] }
}

/// "3.1.3 : ระดับความสำเร็จ…" → ("3.1.3", "ระดับความสำเร็จ…"); Thai digits read as Arabic.
fn code_and_name(rest: &str) -> (String, String) {
    let rest = rest.trim_start_matches(|c: char| c == ':' || c.is_whitespace());
    let code_end = rest.find(|c: char| !(c.is_numeric() || c == '.')).unwrap_or(rest.len());
    let code = to_arabic_digits(&rest[..code_end]).trim_end_matches('.').to_string();
    let name = rest[code_end..].trim_start_matches(|c: char| c == ':' || c.is_whitespace()).trim();
    (code, name.to_string())
}

/// The officer row: the officer in charge and the data collectors, each in its
/// own cell; returns which cell holds whom, for the phone row under it.
fn read_officers(line: &Line<'_>, report: &mut IndicatorReport) -> Vec<(usize, Block)> {
    let mut columns = Vec::new();
    for (index, cell) in row_cells(line).iter().enumerate() {
        if let Some(rest) = strip_keyword(cell, OFFICER) {
            let name = after_label(rest).to_string();
            report.officer_in_charge = Some(Officer { name, phone: None });
            columns.push((index, Block::Officers));
        } else if let Some(rest) = strip_keyword(cell, COLLECTOR) {
            report.data_collectors =
                numbered_people(after_label(rest)).into_iter().map(|name| Officer { name, phone: None }).collect();
            columns.push((index, Block::Heading));
        }
    }
    columns
}

/// "พรรณ พงศ์มาศ นวล.ชก.พิเศษ 2. นายสรารัฐ สุ" → the two people, split at "N.".
fn numbered_people(text: &str) -> Vec<String> {
    let mut people: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let numbering = word.strip_suffix('.').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_numeric()));
        if numbering {
            if !current.is_empty() {
                people.push(std::mem::take(&mut current));
            }
            continue;
        }
        current = join_words(&current, word);
    }
    if !current.is_empty() {
        people.push(current);
    }
    people
}

/// The phone row under the officers: each โทรศัพท์ cell belongs to the person
/// in the same cell of the row above (one phone for all the data collectors).
fn read_phones(line: &Line<'_>, columns: &[(usize, Block)], report: &mut IndicatorReport) {
    for (index, cell) in row_cells(line).iter().enumerate() {
        let Some(rest) = strip_keyword(cell, PHONE) else { continue };
        let phone = after_label(rest);
        if phone.is_empty() {
            continue;
        }
        // In a two-column form the phone sits under its person; in a one-column
        // form it follows the person named last.
        let under = columns.iter().find(|(column, _)| line.is_row() && *column == index);
        let whose = under.or(columns.last()).map(|(_, whose)| *whose);
        match whose {
            Some(Block::Officers) => {
                if let Some(officer) = report.officer_in_charge.as_mut() {
                    officer.phone = Some(phone.to_string());
                }
            }
            Some(_) => {
                for collector in &mut report.data_collectors {
                    collector.phone = Some(phone.to_string());
                }
            }
            None => {}
        }
    }
}

/// A row of the levels table: "N<TAB>work" opens level N; a row with an empty
/// first cell continues the level above; the header row is skipped.
fn read_level_row(line: &Line<'_>, levels: &mut Vec<LevelSteps>) {
    let cells = row_cells(line);
    let first = to_arabic_digits(cells.first().map_or("", String::as_str).trim()).into_owned();
    let text = cells.iter().skip(1).filter(|cell| !cell.is_empty()).cloned().collect::<Vec<_>>().join(" ");
    match first.parse::<u8>() {
        Ok(level) if (1..=5).contains(&level) && line.is_row() => levels.push(LevelSteps { level, text }),
        _ if first.is_empty() => {
            if let Some(last) = levels.last_mut() {
                last.text = join_words(&last.text, &text);
            }
        }
        _ => {}
    }
}

/// Columns of น้ำหนัก, ผลการดำเนินงาน, ค่าคะแนนที่ได้, ค่าคะแนนถ่วงน้ำหนัก and the
/// indicator's name in the score table's header row.
fn score_table_columns(cells: &[String]) -> [Option<usize>; 5] {
    let find = |label: &str| cells.iter().position(|cell| begins(cell, label));
    let name = cells.iter().position(|cell| begins(cell, "ตัวชี้วัด"));
    [find("น้ำหนัก"), find("ผลการดำเนินงาน"), find("ค่าคะแนนที่ได้"), find(WEIGHTED), name]
}

fn read_score_row(line: &Line<'_>, columns: [Option<usize>; 5], report: &mut IndicatorReport) {
    let cell = |column: Option<usize>| column.and_then(|index| line.cells.get(index)).map(|cell| cell.trim());
    let [weight, result, score, weighted, name] = columns;
    // The row under the header that holds figures (not the "---" rule line).
    let Some(weight_text) = cell(weight).filter(|text| Decimal::parse(text).is_ok()) else { return };
    report.weight = Decimal::parse(weight_text).ok();
    report.result = cell(result).filter(|text| !text.is_empty()).map(str::to_string);
    report.score = cell(score).and_then(|text| Decimal::parse(text).ok());
    report.weighted_score = cell(weighted).and_then(|text| Decimal::parse(text).ok());
    report.table_name = cell(name).filter(|text| !text.is_empty()).map(str::to_string);
}

/// The numbered items of a block ("1. …", "2. …"); an unnumbered line continues
/// the item above it.
fn numbered_items(lines: &[String]) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for line in lines {
        let arabic = to_arabic_digits(line);
        let digits: String = arabic.chars().take_while(char::is_ascii_digit).collect();
        let numbered = !digits.is_empty() && arabic[digits.len()..].starts_with('.');
        if numbered {
            items.push(arabic[digits.len() + 1..].trim().to_string());
        } else if let Some(last) = items.last_mut() {
            *last = join_words(last, line);
        }
    }
    items
}

/// The evidence list: an item opens at a bulleted line beginning with its number
/// ("- 1 คำสั่ง…"), or at an unbulleted line beginning with the next number;
/// any other line continues the item above.
fn read_evidence(lines: &[(bool, String)]) -> Vec<Evidence> {
    let mut items: Vec<(u32, String)> = Vec::new();
    for (bulleted, text) in lines {
        let arabic = to_arabic_digits(text).into_owned();
        let digits: String = arabic.chars().take_while(char::is_ascii_digit).collect();
        let rest = arabic[digits.len()..].trim_start_matches(['.', ')']);
        let number: Option<u32> = digits.parse().ok().filter(|_| rest.starts_with(char::is_whitespace));
        let next = items.last().map_or(1, |(last, _)| last + 1);
        match number {
            Some(number) if *bulleted || number == next => items.push((number, rest.trim().to_string())),
            _ => match items.last_mut() {
                Some((_, title)) => *title = join_words(title, text),
                None => items.push((next, text.trim().to_string())),
            },
        }
    }
    items.into_iter().map(|(number, text)| evidence_item(number, &text)).collect()
}

/// One piece of evidence: its date is the one after วันที่ (ลงวันที่ 27 กุมภาพันธ์
/// 2551, in the Buddhist era); its pages "จำนวน N แผ่น" (the forms also write แผน
/// and หน้า); the title is the text without the page count.
fn evidence_item(number: u32, text: &str) -> Evidence {
    let words: Vec<&str> = text.split_whitespace().collect();
    let date = words.iter().enumerate().filter(|(_, word)| word.ends_with("วันที่")).find_map(|(at, _)| {
        let parts = words.get(at + 1..at + 4)?;
        tidtam_thai::date::parse_date(&parts.join(" "))
    });
    let mut pages = None;
    let mut title_words = words.len();
    for (at, word) in words.iter().enumerate() {
        if *word != "จำนวน" {
            continue;
        }
        let count = words.get(at + 1).and_then(|n| to_arabic_digits(n).parse::<u32>().ok());
        let unit = words.get(at + 2).is_some_and(|unit| ["แผ่น", "แผน", "หน้า"].iter().any(|u| unit.starts_with(u)));
        if let (Some(count), true) = (count, unit) {
            pages = Some(count);
            title_words = at;
        }
    }
    Evidence { number, title: words[..title_words].join(" "), date, pages, file: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    #[test]
    fn evidence_items_read_dates_and_pages() {
        let item = evidence_item(1, "คำสั่ง ที่ 110/2551 ลงวันที่ 27 กุมภาพันธ์ 2551 จำนวน 2 แผ่น");
        assert_eq!(item.date, Some(jiff::civil::date(2008, 2, 27)));
        assert_eq!(item.pages, Some(2));
        assert_eq!(item.title, "คำสั่ง ที่ 110/2551 ลงวันที่ 27 กุมภาพันธ์ 2551");
        // Cut at the column edge: neither a date without its year nor a count without its unit.
        let item = evidence_item(26, "คำสั่ง ที่ 8/2551 ลงวันที่ 26 พฤศจิกายน");
        assert_eq!((item.date, item.pages), (None, None));
        let item = evidence_item(1, "คำสั่ง ลงวันที่ ๒ เมษายน ๒๕๕๒ จำนวน 6");
        assert_eq!((item.date, item.pages), (Some(jiff::civil::date(2009, 4, 2)), None));
    }

    #[test]
    fn rounds_named_or_ticked() {
        let read = |text: &str| rounds_of(&lines(text)[0]);
        assert_eq!(read("รอบ 9 เดือน รอบ 12 เดือน"), Some(vec![RoundPeriod::NineMonths, RoundPeriod::TwelveMonths]));
        assert_eq!(read("☐ รอบ 6 เดือน ☑ รอบ 9 เดือน ☐ รอบ 12 เดือน"), Some(vec![RoundPeriod::NineMonths]));
        assert_eq!(read("รอบ ๖ เดือน"), Some(vec![RoundPeriod::SixMonths]));
        assert_eq!(read("รอบการประเมิน"), None);
        assert_eq!(read("รอบ 9 เดือนนี้มีผลดี"), None);
        assert_eq!(read("รอบ 10 เดือน"), None);
        assert_eq!(read("รอบ 6 เดือน แรกดำเนินการแล้ว"), None);
    }

    #[test]
    fn people_split_at_their_numbers() {
        assert_eq!(numbered_people("พรรณ พงศ์มาศ นวล.ชก.พิเศษ 2. นายสรารัฐ สุ"), ["พรรณ พงศ์มาศ นวล.ชก.พิเศษ", "นายสรารัฐ สุ"]);
        assert_eq!(numbered_people("1. นาง ก 2. นาย ข"), ["นาง ก", "นาย ข"]);
        assert_eq!(code_and_name(": ๓.๑.๓ : ระดับความสำเร็จ"), ("3.1.3".to_string(), "ระดับความสำเร็จ".to_string()));
    }

    #[test]
    fn a_heading_without_scoring_is_no_report() {
        let text = "ชื่อตัวชี้วัด 1.1 : ร้อยละของโครงการ\nคำอธิบาย : ทดสอบ\n";
        assert!(report_starts(&lines(text)).is_empty());
        let text = "รายงานผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ\n\nชื่อตัวชี้วัด 1.1 : ร้อยละ\nเกณฑ์การให้คะแนน :\n";
        assert_eq!(report_starts(&lines(text)), [0]);
    }
}
