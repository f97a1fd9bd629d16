//! From one report's lines to a [`Report`] (the domain's `ReportForm`): each section read by what it says,
//! tolerant of the layouts real conversions produce.
//!
//! Parsing never fails. What cannot be read stays `None` (or empty) and the
//! checker turns gaps into findings; the parser itself only adds findings about
//! the layout it had to work around (a sub-item numbered ๙.๔ where ๙.๓ was meant).

use tidtam_thai::baht::{Baht, parse_baht_amount};
use tidtam_thai::date::parse_period;
use tidtam_thai::number::find_numbers;
use tidtam_thai::province::find_area;

use crate::outline::{Close, Outline, leading_number, outline};
use crate::sections::find_sections;
use crate::table::{NameKey, match_by_name, rows, similarity};
use crate::text::{Line, begins, has_content, meaningful, squash, strip_keyword};
use tidtam_domain::form::{
    Activity, ActivityStep, Budget, Kpi, KpiKind, KpiPart, QuarterResult, ReportForm as Report, ReportLines, Source,
};
use tidtam_thai::date::Period;

/// Parses one report. `lines` are the report's own lines (already split from the file).
pub fn parse_report(lines: &[Line<'_>], file: &str) -> Report {
    let sections = find_sections(lines);
    let section = |number: u8| sections.iter().find(|section| section.number == number);
    let body = |number: u8| section(number).map_or(&[][..], |s| &lines[s.body.clone()]);
    let heading_line = |number: u8| section(number).map_or(0, |s| lines[s.heading].number);
    let heading_rest = |number: u8, keywords: &[&str]| -> Option<String> {
        let s = section(number)?;
        let (_, rest) = leading_number(&lines[s.heading].text)?;
        keywords.iter().find_map(|keyword| strip_keyword(rest, keyword)).map(str::to_string)
    };

    let mut misnumbered_budget_items = Vec::new();
    let title_line = lines.iter().take(5).find(|line| crate::sections::is_title(line));
    let fiscal_year = title_line
        .into_iter()
        .chain(section(9).map(|s| &lines[s.heading]))
        .find_map(|line| year_after(&line.text, "พ.ศ."));

    let project_name = heading_rest(1, &["ชื่อแผนงาน/โครงการ", "ชื่อโครงการ", "ชื่อแผนงาน"])
        .and_then(|rest| meaningful(&with_all_lines(&rest, body(1))));
    let agency =
        heading_rest(2, &["ชื่อหน่วยงาน", "หน่วยงาน"]).and_then(|rest| meaningful(&with_continuation(&rest, body(2))));

    let (budget_source, project_value) = read_section_3(body(3));
    let (schedule, activity_lines) = split_schedule(body(8));
    let mut activities = read_activities(activity_lines, project_name.as_deref());
    let (budget, budget_lines) = read_budget(body(9), &mut misnumbered_budget_items);
    let area = heading_rest(10, &["พื้นที่ดำเนินการ(จังหวัด)", "พื้นที่ดำเนินการ", "พื้นที่"])
        .and_then(|rest| meaningful(&with_all_lines(&rest, body(10))));
    let found_area = area.as_deref().map(find_area).unwrap_or_default();

    let (lines_11_1, lines_11_2) = split_section_11(body(11));
    let mut kpis = read_kpis(body(7), fiscal_year, project_name.as_deref());
    attach_kpi_results(&mut kpis, lines_11_1);
    let stated_activity_count = lines_11_2.iter().take(6).find_map(|line| stated_count(&line.text));
    attach_activity_results(&mut activities, lines_11_2, project_name.as_deref());
    let (problems, recommendations) = read_problems(body(13));
    let (progress_percent, progress_percent_year, progress_line) = read_progress(body(14));

    Report {
        source: Source { file: file.to_string(), line: lines.first().map_or(1, |line| line.number) },
        fiscal_year,
        project_name,
        agency,
        budget_source,
        project_value: project_value.value,
        project_value_words: project_value.words,
        objectives: read_objectives(body(4)),
        targets: paragraph(body(5)),
        summary: paragraph(body(6)),
        kpis,
        schedule,
        activities,
        stated_activity_count,
        budget,
        area,
        nationwide: found_area.nationwide,
        provinces: found_area.provinces.iter().map(|province| province.code).collect(),
        benefits: paragraph(body(12)),
        problems,
        recommendations,
        progress_percent,
        progress_percent_year,
        sections_present: sections.iter().map(|s| s.number).collect(),
        findings: Vec::new(),
        lines: ReportLines {
            title: title_line.map_or(0, |line| line.number),
            project_value: project_value.line,
            allocated: budget_lines[0],
            contracted: budget_lines[1],
            disbursed: budget_lines[2],
            area: heading_line(10),
            progress: if progress_line > 0 { progress_line } else { heading_line(14) },
            sections: sections.iter().map(|s| (s.number, lines[s.heading].number)).collect(),
            misnumbered_budget_items,
        },
    }
}

/// The first Buddhist-era year (2400–2700) written after `marker` ("พ.ศ.").
fn year_after(text: &str, marker: &str) -> Option<i32> {
    let at = text.find(marker)?;
    find_numbers(&text[at..])
        .into_iter()
        .map(|(_, value)| value)
        .find(|value| value.fract() == 0.0 && (2400.0..2700.0).contains(value))
        .map(|value| value as i32)
}

/// A heading's own text plus the lines directly under it (up to the first blank line).
fn with_continuation(rest: &str, body: &[Line<'_>]) -> String {
    let mut text = rest.trim().to_string();
    for line in body.iter().take_while(|line| !line.text.is_empty() && !line.is_row()) {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&line.text);
    }
    text
}

/// A heading's own text plus every plain line of its section (sections 1 and 10
/// hold nothing else; converters put continuations after blank lines).
fn with_all_lines(rest: &str, body: &[Line<'_>]) -> String {
    let mut text = rest.trim().to_string();
    for line in body.iter().filter(|line| !line.text.is_empty() && !line.is_row()) {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&line.text);
    }
    text
}

/// Non-blank lines joined with newlines (table cells with spaces); `None` if only fill.
fn paragraph(lines: &[Line<'_>]) -> Option<String> {
    let mut text = String::new();
    for line in lines.iter().filter(|line| !line.text.is_empty()) {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&line.text.replace('\t', " "));
    }
    has_content(&text).then(|| text.trim().to_string())
}

/// An amount written as "… ๙,๓๖๕,๘๐๐ บาท (เก้าล้าน…บาทถ้วน)", possibly over several lines.
#[derive(Debug, Default)]
struct AmountRead {
    value: Option<Baht>,
    words: Option<String>,
    line: usize,
}

fn read_amount(lines: &[Line<'_>]) -> AmountRead {
    let mut joined = String::new();
    let mut offsets: Vec<(usize, usize)> = Vec::new();
    for line in lines.iter().filter(|line| !line.text.is_empty()) {
        offsets.push((joined.len(), line.number));
        joined.push_str(&line.text.replace('\t', " "));
        joined.push(' ');
    }
    let line_at = |offset: usize| offsets.iter().rev().find(|(start, _)| *start <= offset).map_or(0, |(_, n)| *n);
    let Some(baht_at) = joined.find("บาท") else {
        return AmountRead::default();
    };
    let before = joined[..baht_at].trim_end_matches([' ', '.', '…']);
    let digits_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || ('๐'..='๙').contains(c) || matches!(c, ',' | '.' | ' '))
        .last()
        .map_or(before.len(), |(index, _)| index);
    let figure = before[digits_start..].trim().trim_start_matches(['.', ',']);
    let value = parse_baht_amount(figure);
    let line = line_at(if value.is_some() { digits_start } else { baht_at });
    let after = joined[baht_at + "บาท".len()..].trim_start();
    let words = after.strip_prefix('(').and_then(|inner| {
        let inner = inner.split(')').next().unwrap_or(inner);
        let inner = inner.trim();
        let has_number_word = [
            "หนึ่ง",
            "สอง",
            "สาม",
            "สี่",
            "ห้า",
            "หก",
            "เจ็ด",
            "แปด",
            "เก้า",
            "แก้",
            "สิบ",
            "สืบ",
            "ร้อย",
            "พัน",
            "หมื่น",
            "แสน",
            "ล้าน",
        ]
        .iter()
        .any(|word| inner.contains(word));
        has_number_word.then(|| inner.to_string())
    });
    AmountRead { value, words, line }
}

/// Section 3: the budget source and the project value.
fn read_section_3(body: &[Line<'_>]) -> (Option<String>, AmountRead) {
    let end = body.iter().position(|line| begins(&line.text, "ณสิ้นไตรมาส")).unwrap_or(body.len());
    let lines = &body[..end];
    let source = lines.iter().find_map(|line| {
        let at = line.text.find("มูลค่าโครงการ")?;
        meaningful(&line.text[..at])
    });
    (source, read_amount(lines))
}

/// Section 4: one objective per line, up to the ministry-strategy checklist.
fn read_objectives(body: &[Line<'_>]) -> Vec<String> {
    body.iter()
        .take_while(|line| !begins(&line.text, "เพื่อผลักดันยุทธศาสตร์") && !begins(&line.text, "ยุทธศาสตร์ที่"))
        .filter_map(|line| meaningful(&line.text.replace('\t', " ")))
        .collect()
}

/// Section 8: the whole-project schedule text and the lines of the activity table.
fn split_schedule<'b, 'l>(body: &'b [Line<'l>]) -> (Option<String>, &'b [Line<'l>]) {
    let table_start = body
        .iter()
        .position(|line| {
            begins(&line.text, "แผนระยะเวลาดำเนินงานแต่ละกิจกรรม")
                || (line.is_row() && begins(&line.text, "กิจกรรม") && line.text.contains("ระยะเวลา"))
        })
        .unwrap_or(body.len());
    (paragraph(&body[..table_start]), &body[table_start..])
}

fn is_activity_header(first: &str, second: &str) -> bool {
    let first = squash(first);
    // "กิจกรรม", "กิจกรรม/โครงการ", "กิจกรรม (ปีงบประมาณ ๒๕๖๗)" — but not "กิจกรรมที่ ๑ …".
    let names_column = first == "กิจกรรม"
        || (first.starts_with("กิจกรรม") && !first.starts_with("กิจกรรมที่") && first.chars().count() < 30);
    names_column && (second.contains("ระยะเวลา") || second.contains("ผลการดำเนิน") || second.is_empty())
}

/// "ปี พ.ศ. ๒๕๖๖" alone in the name cell: a survey round of the activity above.
fn is_round_label(name: &str) -> bool {
    let squashed = squash(name);
    let rest = squashed.strip_prefix("ปี").map(|rest| rest.strip_prefix("พ.ศ.").unwrap_or(rest));
    rest.is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c)))
}

/// Whether a name cell is the tail of the previous row's name, broken at a page end:
/// it has no numbering of its own, or it is only a parenthesised remark.
fn continues_name(name: &str) -> bool {
    let text = leading_number(name).map_or(name, |(_, rest)| rest);
    let numbered = leading_number(name).is_some() || begins(name, "กิจกรรม");
    !numbered || text.starts_with('(')
}

fn append(target: &mut Option<String>, more: &str) {
    match target {
        Some(text) => {
            text.push(' ');
            text.push_str(more);
        }
        None => *target = Some(more.to_string()),
    }
}

/// The row of section 8 read last: a top-level activity, or the last step under it.
fn last_row(activities: &mut [Activity]) -> Option<(&mut String, &mut Option<String>, &mut Option<Period>)> {
    let activity = activities.last_mut()?;
    Some(match activity.steps.last_mut() {
        Some(step) => (&mut step.name, &mut step.period_text, &mut step.period),
        None => (&mut activity.name, &mut activity.period_text, &mut activity.period),
    })
}

/// Whether an activity only groups the rows after it: unnumbered and without a period
/// of its own. One that groups nothing is a heading (report 16's groups of กิจกรรมที่ rows).
fn is_group(activity: &Activity) -> bool {
    activity.period_text.is_none() && outline(&activity.name).is_none()
}

/// Section 8's activity table, as the form groups it: top-level activities
/// (กิจกรรมที่ ๑, "๑." rows, unnumbered rows, group rows) with the rows numbered
/// under them as their steps.
fn read_activities(lines: &[Line<'_>], project_name: Option<&str>) -> Vec<Activity> {
    let mut activities: Vec<Activity> = Vec::new();
    let project = project_name.map(NameKey::new);
    for row in rows(lines) {
        let (name, period) = (row.cell(0), row.cells[1..].join(" "));
        if is_activity_header(name, &period) {
            continue;
        }
        let period = meaningful(&period);
        if name.is_empty() || is_round_label(name) {
            // A period broken at a page end, or a survey round's period: both belong
            // to the row above.
            if let (Some((_, last_text, last_period)), Some(more)) = (last_row(&mut activities), period) {
                let more = if name.is_empty() { more } else { format!("{name}: {more}") };
                append(last_text, &more);
                *last_period = last_period.or_else(|| parse_period(&more));
            }
            continue;
        }
        let numbering = outline(name);
        let repeats_project = || {
            let key = NameKey::new(name);
            project.as_ref().is_some_and(|project| key.similarity(project) > 0.8 || key.is_within(project))
        };
        // The table's heading: the project (or sub-project) named again, without a period.
        if period.is_none() && numbering.is_none() && (begins(name, "โครงการ") || repeats_project()) {
            continue;
        }
        if period.is_none()
            && !row.first_cell_bold()
            && continues_name(name)
            && let Some((last_name, _, _)) = last_row(&mut activities).filter(|(_, text, _)| text.is_some())
        {
            last_name.push(' ');
            last_name.push_str(name);
            continue;
        }
        let parsed = period.as_deref().and_then(parse_period);
        // Numbered rows under a group or a labelled activity, or numbered more deeply
        // than it (๑.๑ under ๑.), are its steps.
        let is_step = activities.last().is_some_and(|top| match (&numbering, outline(&top.name)) {
            (None, _) => false,
            (Some(row), None) => !matches!(row, Outline::Label(_)),
            (Some(row), Some(above)) => row.is_under(&above),
        });
        if is_step && let Some(top) = activities.last_mut() {
            top.steps.push(ActivityStep {
                name: name.to_string(),
                period: parsed,
                period_text: period,
                results: Vec::new(),
                line: row.line,
            });
            continue;
        }
        if activities.last().is_some_and(|top| is_group(top) && top.steps.is_empty()) {
            activities.pop();
        }
        activities.push(Activity::new(name.to_string(), period, parsed, row.line));
    }
    if activities.last().is_some_and(|top| is_group(top) && top.steps.is_empty()) {
        activities.pop();
    }
    activities
}

/// Which figure of section 9 a line starts, if any.
fn budget_item(text: &str) -> Option<(usize, Option<u32>)> {
    let (minor, rest) = match leading_number(text) {
        Some((numbering, rest)) if numbering.major == 9 && numbering.minor.is_some() => (numbering.minor, rest),
        _ => (None, text),
    };
    let squashed = squash(rest);
    let head = squashed.chars().take(60).collect::<String>();
    let item = if head.contains("ได้รับจัดสรร") {
        0
    } else if head.contains("ตามสัญญา") || head.contains("ดำเนินการเอง") {
        1
    } else if head.contains("เบิกจ่ายแล้ว") || head.contains("ดำเนินการเบิกจ่าย")
    {
        2
    } else {
        return None;
    };
    // Without a number, only a line that begins like the form's own wording counts.
    if minor.is_none() && !(head.starts_with("ได้รับจัดสรร") || head.starts_with("งบประมาณ"))
    {
        return None;
    }
    Some((item, minor))
}

/// Section 9: allocated (9.1), contracted (9.2), disbursed (9.3), and their lines.
fn read_budget(body: &[Line<'_>], misnumbered: &mut Vec<(usize, u32, u32)>) -> (Budget, [usize; 3]) {
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for (index, line) in body.iter().enumerate() {
        if line.is_row() {
            continue;
        }
        if let Some((item, minor)) = budget_item(&line.text) {
            if starts.iter().any(|(seen, _)| *seen == item) {
                continue;
            }
            if let Some(minor) = minor.filter(|&minor| minor as usize != item + 1) {
                misnumbered.push((line.number, minor, item as u32 + 1));
            }
            starts.push((item, index));
        }
    }
    let mut budget = Budget::default();
    // Notes ("หมายเหตุ …") anywhere in the section, each up to the next item.
    let mut notes: Vec<String> = Vec::new();
    let mut in_note = false;
    for (index, line) in body.iter().enumerate() {
        if starts.iter().any(|&(_, start)| start == index) {
            in_note = false;
        } else if begins(&line.text, "หมายเหตุ") {
            in_note = true;
        }
        if in_note && has_content(&line.text) {
            notes.push(line.text.replace('\t', " "));
        }
    }
    budget.notes = (!notes.is_empty()).then(|| notes.join("\n"));
    let mut figure_lines = [0; 3];
    for (position, &(item, start)) in starts.iter().enumerate() {
        let next_item = starts.get(position + 1).map_or(body.len(), |&(_, next)| next);
        // A note ("หมายเหตุ") under an item talks about other years' money: stop before it.
        let end = body[start + 1..next_item]
            .iter()
            .position(|line| begins(&line.text, "หมายเหตุ"))
            .map_or(next_item, |offset| start + 1 + offset);
        let read = read_amount(&body[start..end]);
        figure_lines[item] = if read.line > 0 { read.line } else { body[start].number };
        match item {
            0 => (budget.allocated, budget.allocated_words) = (read.value, read.words),
            1 => (budget.contracted, budget.contracted_words) = (read.value, read.words),
            _ => (budget.disbursed, budget.disbursed_words) = (read.value, read.words),
        }
    }
    (budget, figure_lines)
}

/// Section 11: the lines of 11.1 (KPI results) and of 11.2 (activity results).
fn split_section_11<'b, 'l>(body: &'b [Line<'l>]) -> (&'b [Line<'l>], &'b [Line<'l>]) {
    let start_11_2 = body
        .iter()
        .position(|line| {
            !line.is_row()
                && (leading_number(&line.text).is_some_and(|(n, _)| n.major == 11 && n.minor == Some(2))
                    || begins(&line.text, "รายละเอียดผลการดำเนินงาน"))
        })
        .unwrap_or(body.len());
    (&body[..start_11_2], &body[start_11_2..])
}

/// "มีกิจกรรมทั้งหมด จำนวน ๔ กิจกรรม".
fn stated_count(text: &str) -> Option<u32> {
    let at = text.find("มีกิจกรรมทั้งหมด")?;
    let rest = &text[at + "มีกิจกรรมทั้งหมด".len()..];
    find_numbers(rest).first().map(|(_, value)| *value as u32)
}

fn split_kind(name: &str) -> (Option<KpiKind>, &str) {
    for (prefix, kind) in [("เชิงปริมาณ", KpiKind::Quantitative), ("เชิงคุณภาพ", KpiKind::Qualitative)]
    {
        if let Some(rest) = name.strip_prefix(prefix) {
            return (Some(kind), rest.trim_start().trim_start_matches([':', '：']).trim_start());
        }
    }
    (None, name)
}

/// A cell that is only a Buddhist-era year ("๒๕๖๗"): a year column's heading.
fn is_year_cell(cell: &str) -> bool {
    let figures = find_numbers(cell);
    figures.len() == 1
        && (2400.0..2700.0).contains(&figures[0].1)
        && cell.chars().all(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c) || c.is_whitespace())
}

fn is_kpi_header(first: &str, others: &[String]) -> bool {
    let squashed = squash(first);
    let names_columns = squashed.starts_with("ตัวชี้วัด") && squashed.chars().count() < 25;
    let only_labels = first.is_empty()
        && others.iter().all(|cell| {
            cell.is_empty()
                || cell.contains("ปี")
                || cell.contains("เป้าหมาย")
                || cell.contains("ผลที่ได้")
                || cell.contains("ผลการดำเนิน")
                || is_year_cell(cell)
        });
    names_columns || only_labels
}

/// The column of the report's fiscal year in a header row ("ปี พ.ศ. ๒๕๖๗", or the
/// year alone under a "เป้าหมาย (รายปี)" heading).
fn year_column(cells: &[String], fiscal_year: Option<i32>) -> Option<usize> {
    let fiscal_year = fiscal_year?;
    cells.iter().position(|cell| {
        find_numbers(cell).iter().any(|(_, value)| *value as i32 == fiscal_year || *value as i32 == fiscal_year - 2500)
            && (cell.contains("ปี") || is_year_cell(cell))
    })
}

/// Where items numbered in `close`'s style ("๑)", "(๑)" or "๑.") start in a cell:
/// (start, end of the marker), counting on from 1 or restarting at 1 (after a kind label).
fn item_markers(text: &str, close: Close) -> Vec<(usize, usize)> {
    let closing = if close == Close::Dot { '.' } else { ')' };
    let is_digit = |c: char| c.is_ascii_digit() || ('๐'..='๙').contains(&c);
    let mut markers: Vec<(usize, usize)> = Vec::new();
    let mut expected = 1u32;
    let mut search = 0;
    while search < text.len() {
        let Some(offset) = text[search..].find(closing) else { break };
        let end = search + offset;
        search = end + 1;
        let digits_start =
            text[..end].char_indices().rev().take_while(|(_, c)| is_digit(*c)).last().map_or(end, |(index, _)| index);
        let Some(number) = tidtam_thai::number::parse_number(&text[digits_start..end]).map(|n| n as u32) else {
            continue;
        };
        let (start, before) = match close {
            Close::Enclosed => match text[..digits_start].strip_suffix('(') {
                Some(before) => (before.len(), before),
                None => continue,
            },
            _ => (digits_start, &text[..digits_start]),
        };
        let starts_word = before.chars().next_back().is_none_or(|c| c.is_whitespace() || c == '>');
        // "๓.๐" is a figure, not item ๓.
        let ends_marker = close != Close::Dot || text[search..].chars().next().is_none_or(char::is_whitespace);
        if starts_word && ends_marker && (number == expected || (number == 1 && !markers.is_empty())) {
            markers.push((start, search));
            expected = number + 1;
        }
    }
    markers
}

/// Where "- " bullets start in a cell ("ได้แก่ - การสำรวจ ก - การสำรวจ ข"); a dash
/// before a figure is a range ("๒๕๖๖ - ๒๕๖๗"), not a bullet.
fn bullet_markers(text: &str) -> Vec<(usize, usize)> {
    let is_digit = |c: char| c.is_ascii_digit() || ('๐'..='๙').contains(&c);
    text.match_indices("- ")
        .filter(|&(at, _)| {
            let word_start = at == 0 || text[..at].ends_with(char::is_whitespace);
            let after = text[at + 2..].chars().next();
            word_start && after.is_some_and(|c| !is_digit(c) && c != '-')
        })
        .map(|(at, _)| (at, at + 2))
        .collect()
}

/// The items enumerated in one cell, each with the kind label written before it.
type Items = Vec<(Option<KpiKind>, String)>;

/// "๑) … ๒) … เชิงคุณภาพ : ๑) …" inside one cell (or "(๑) …", "๑. …", "- …"): the
/// enumerated items, each with the kind label written before it (numbering may
/// restart after a label), or the whole text as one item.
fn enumerated_items(text: &str) -> Items {
    let numbered = [Close::Paren, Close::Enclosed, Close::Dot].into_iter().map(|close| item_markers(text, close));
    let Some(markers) = numbered.chain(std::iter::once_with(|| bullet_markers(text))).find(|m| m.len() >= 2) else {
        return vec![(None, text.to_string())];
    };
    let label_kind = |label: &str| {
        if label.contains("เชิงคุณภาพ") {
            Some(KpiKind::Qualitative)
        } else if label.contains("เชิงปริมาณ") {
            Some(KpiKind::Quantitative)
        } else {
            None
        }
    };
    let mut kind = label_kind(&text[..markers[0].0]);
    let mut items = Vec::with_capacity(markers.len());
    for (index, &(start, _)) in markers.iter().enumerate() {
        let end = markers.get(index + 1).map_or(text.len(), |&(next, _)| next);
        let mut item = &text[start..end];
        let mut next_kind = kind;
        // A kind label before the next item belongs to it, not to this one.
        for label in ["เชิงคุณภาพ", "เชิงปริมาณ"] {
            if let Some(at) = item.find(label) {
                next_kind = label_kind(label);
                item = &item[..at];
            }
        }
        items.push((kind, item.trim().to_string()));
        kind = next_kind;
    }
    items
}

/// One row's indicator(s): its items become parts, and a kind label inside the cell
/// starts another indicator (report 18 writes both kinds in one row). `targets`,
/// when there is one per item, are the parts' own.
fn indicators_of_row(template: Kpi, items: Items, targets: Option<Vec<String>>) -> Vec<Kpi> {
    if items.len() < 2 {
        return vec![template];
    }
    let mut targets = targets.map(Vec::into_iter);
    let mut groups: Vec<(Option<KpiKind>, Vec<KpiPart>)> = Vec::new();
    for (kind, item) in items {
        let part = KpiPart {
            name: item,
            kind: None,
            target: targets.as_mut().and_then(Iterator::next),
            result: None,
            line: template.line,
        };
        match groups.last_mut() {
            Some((group_kind, parts)) if kind.is_none() || kind == *group_kind => parts.push(part),
            _ => groups.push((kind, vec![part])),
        }
    }
    let single = groups.len() == 1;
    let own_targets = targets.is_some();
    groups
        .into_iter()
        .enumerate()
        .map(|(index, (kind, parts))| Kpi {
            name: if single {
                template.name.clone()
            } else {
                parts.iter().map(|part| part.name.as_str()).collect::<Vec<_>>().join(" ")
            },
            kind: if index == 0 { kind.or(template.kind) } else { kind },
            target: if own_targets || index > 0 { None } else { template.target.clone() },
            parts,
            ..template.clone()
        })
        .collect()
}

/// Section 7's indicator table, as the form numbers it.
fn read_kpis(body: &[Line<'_>], fiscal_year: Option<i32>, project_name: Option<&str>) -> Vec<Kpi> {
    let mut kpis: Vec<Kpi> = Vec::new();
    // Targets on continuation rows (empty name cell) of the last named row.
    let mut continuation_targets: Vec<Option<String>> = Vec::new();
    let mut group_kind = None;
    let mut target_column = 1;
    // The outline number of the last indicator, for rows numbered under it (๗.๑.๑ under ๗.๑).
    let mut last_outline: Option<Outline> = None;
    let flush = |kpis: &mut Vec<Kpi>, targets: &mut Vec<Option<String>>| {
        // A bundled row "๑) … ๒) …" whose other items' targets follow on their own
        // rows: each part has its own target, the first on the row itself.
        if let Some(last) = kpis.last_mut()
            && !targets.is_empty()
            && last.parts.len() == targets.len() + 1
            && last.parts.iter().all(|part| part.target.is_none())
        {
            let first = last.target.take();
            for (part, target) in last.parts.iter_mut().zip(std::iter::once(first).chain(targets.drain(..))) {
                part.target = target;
            }
        }
        targets.clear();
    };
    for row in rows(body) {
        let first = row.cell(0);
        if is_kpi_header(first, &row.cells[1..]) {
            if let Some(column) = year_column(row.cells, fiscal_year) {
                target_column = column;
            }
            continue;
        }
        let target = row.cell(target_column).trim();
        let target = (!target.is_empty()).then(|| target.to_string());
        if first.is_empty() {
            if kpis.is_empty() {
                continue;
            }
            continuation_targets.push(target);
            continue;
        }
        flush(&mut kpis, &mut continuation_targets);
        let (kind, name) = split_kind(first);
        let repeats_project = || project_name.is_some_and(|project| similarity(name, project) > 0.8);
        if !row.has_values() && kind.is_none() && (is_round_label(name) || row.first_cell_bold() || repeats_project()) {
            // A heading inside the table (the project's name, "ปี ๒๕๖๗"), not an indicator.
            continue;
        }
        if !row.has_values() && !has_content(name) {
            // "เชิงปริมาณ :" alone qualifies the rows after it.
            group_kind = kind.or(group_kind);
            last_outline = None;
            continue;
        }
        // "เชิงคุณภาพ : -" is the form's row left unfilled; it stays, named "-",
        // so that what the agency wrote is kept (the checker ignores it).
        if !has_content(name) && kind.is_none() {
            continue;
        }
        let numbering = outline(name);
        if let (Some(row_outline), Some(above)) = (&numbering, &last_outline)
            && row_outline.is_under(above)
            && let Some(last) = kpis.last_mut()
        {
            last.parts.push(KpiPart { name: name.to_string(), kind, target, result: None, line: row.line });
            continue;
        }
        last_outline = numbering;
        let kpi = Kpi {
            name: name.to_string(),
            kind: kind.or(group_kind),
            target,
            result: None,
            line: row.line,
            parts: Vec::new(),
        };
        // Several items in one row whose target cell holds as many values, set apart by
        // runs of spaces (report 18): each item's target is its own.
        let items = enumerated_items(name);
        let raw_targets: Vec<String> = row
            .raw
            .get(target_column)
            .map(|cell| cell.split("  ").map(crate::text::clean_cell).filter(|part| !part.is_empty()).collect())
            .unwrap_or_default();
        let own_targets = (items.len() >= 2 && raw_targets.len() == items.len()).then_some(raw_targets);
        kpis.extend(indicators_of_row(kpi, items, own_targets));
    }
    flush(&mut kpis, &mut continuation_targets);
    kpis
}

/// Section 11.1: each indicator's result, matched to section 7's rows by name.
fn attach_kpi_results(kpis: &mut [Kpi], lines: &[Line<'_>]) {
    let mut result_column: Option<usize> = None;
    let mut results: Vec<(String, Option<String>)> = Vec::new();
    // Each row's enumerated items and its result cell's values, for bundled rows.
    let mut bundled: Vec<(Items, Vec<String>)> = Vec::new();
    for row in rows(lines) {
        let first = row.cell(0);
        if is_kpi_header(first, &row.cells[1..]) {
            if let Some(column) =
                row.cells.iter().position(|cell| cell.contains("ผลที่ได้") || cell.contains("ผลการดำเนิน"))
            {
                result_column = Some(column);
            }
            continue;
        }
        let (_, name) = split_kind(first);
        if first.is_empty() || (!row.has_values() && !has_content(name)) || !has_content(name) {
            continue;
        }
        let column = result_column.unwrap_or(row.cells.len().saturating_sub(1).max(1));
        let result = has_content(row.cell(column)).then(|| row.cell(column).to_string());
        results.push((name.to_string(), result));
        let raw: Vec<String> = row
            .raw
            .get(column)
            .map(|cell| cell.split("  ").map(crate::text::clean_cell).filter(|part| !part.is_empty()).collect())
            .unwrap_or_default();
        bundled.push((enumerated_items(name), raw));
    }
    let targets: Vec<&str> = kpis.iter().flat_map(Kpi::measures).map(|measure| measure.name).collect();
    // 11.1 may bundle in one row what section 7 lists apart (report 32: "๑) … ๔) …"
    // with one result per item, set apart by runs of spaces): then each item is a row.
    if results.len() < targets.len() {
        let mut expanded = Vec::with_capacity(targets.len());
        for ((name, result), (items, values)) in results.into_iter().zip(bundled) {
            if items.len() >= 2 && items.len() == values.len() {
                let values = values.into_iter().map(|value| has_content(&value).then_some(value));
                expanded.extend(items.into_iter().map(|(_, item)| item).zip(values));
            } else {
                expanded.push((name, result));
            }
        }
        results = expanded;
    }
    // Results belong to what is measured: an indicator, or its parts when they have targets.
    let matches = {
        let candidates: Vec<&str> = results.iter().map(|(name, _)| name.as_str()).collect();
        match_by_name(&targets, &candidates)
    };
    let mut measures: Vec<_> = kpis.iter_mut().flat_map(Kpi::measures_mut).collect();
    for (measure, matched) in measures.iter_mut().zip(matches) {
        *measure.result = matched.and_then(|index| results[index].1.clone());
    }
}

/// Section 11.2: each activity's results by quarter, matched by name.
fn attach_activity_results(activities: &mut [Activity], lines: &[Line<'_>], project_name: Option<&str>) {
    let mut rows_read: Vec<(String, String)> = Vec::new();
    for row in rows(lines) {
        let name = row.cell(0);
        let result_raw = row.raw[1..].join(" ");
        if is_activity_header(name, &row.cells[1..].join(" ")) {
            continue;
        }
        if name.is_empty() || is_round_label(name) {
            // A page-break continuation, or a survey round of the activity above.
            if let Some((_, text)) = rows_read.last_mut() {
                text.push(' ');
                text.push_str(&result_raw);
            }
            continue;
        }
        let has_result = row.cells[1..].iter().any(|cell| !cell.is_empty());
        let repeats_project = || project_name.is_some_and(|project| similarity(name, project) > 0.8);
        if !has_result && (row.first_cell_bold() || repeats_project()) {
            continue;
        }
        rows_read.push((name.to_string(), result_raw));
    }
    // Section 11.2 writes results for an activity or for each of its steps: every
    // row of section 8 is a candidate, and the results stay where they were written.
    let matches = {
        let targets: Vec<&str> = activities
            .iter()
            .flat_map(|activity| {
                std::iter::once(activity.name.as_str()).chain(activity.steps.iter().map(|step| step.name.as_str()))
            })
            .collect();
        let candidates: Vec<&str> = rows_read.iter().map(|(name, _)| name.as_str()).collect();
        match_by_name(&targets, &candidates)
    };
    // Rows that section 8 does not list, under a matched row whose own result cell
    // is empty, are that row's results written in sub-rows (report 44).
    let mut slot_of_row: Vec<Option<usize>> = vec![None; rows_read.len()];
    for (slot, matched) in matches.iter().enumerate() {
        if let Some(index) = *matched {
            slot_of_row[index] = Some(slot);
        }
    }
    let mut texts: Vec<Option<String>> = matches.iter().map(|m| m.map(|index| rows_read[index].1.clone())).collect();
    // (slot, row) of the last matched row, and whether its own result cell is empty:
    // read only when a sub-row follows it, which few rows have.
    let mut last_matched: Option<(usize, usize)> = None;
    let mut own_cell_empty: Option<bool> = None;
    for (index, (_, raw)) in rows_read.iter().enumerate() {
        match slot_of_row[index] {
            Some(slot) => {
                last_matched = Some((slot, index));
                own_cell_empty = None;
            }
            None => {
                let Some((slot, row)) = last_matched else { continue };
                let empty =
                    *own_cell_empty.get_or_insert_with(|| !has_content(&crate::text::clean_cell(&rows_read[row].1)));
                if empty && let Some(text) = texts[slot].as_mut() {
                    text.push(' ');
                    text.push_str(raw);
                }
            }
        }
    }
    let mut slots = activities.iter_mut().flat_map(|activity| {
        std::iter::once(&mut activity.results).chain(activity.steps.iter_mut().map(|s| &mut s.results))
    });
    for text in texts {
        let Some(results) = slots.next() else { break };
        if let Some(text) = text {
            *results = quarter_results(&text);
        }
    }
}

fn quarter_digit(c: char) -> Option<u8> {
    match c {
        '1'..='4' => Some(c as u8 - b'0'),
        '๑'..='๔' => Some((c as u32 - '๐' as u32) as u8),
        _ => None,
    }
}

/// After "ไตรมาส": optional "ที่", the quarter, and an optional range end ("๑ - ๔").
/// Returns (first, last, bytes consumed after "ไตรมาส").
fn quarter_after(text: &str) -> Option<(u8, u8, usize)> {
    let skip_spaces = |s: &str| s.len() - s.trim_start().len();
    let mut at = skip_spaces(text);
    if text[at..].starts_with("ที่") {
        at += "ที่".len();
        at += skip_spaces(&text[at..]);
    }
    let first_char = text[at..].chars().next()?;
    let first = quarter_digit(first_char)?;
    at += first_char.len_utf8();
    // The digit must end the number ("ไตรมาส ๑๒" is not a quarter).
    if text[at..].chars().next().is_some_and(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c)) {
        return None;
    }
    let mut last = first;
    let after = &text[at..];
    let trimmed = after.trim_start();
    if let Some(rest) = trimmed.strip_prefix('-').or_else(|| trimmed.strip_prefix('–')) {
        let rest_trimmed = rest.trim_start();
        if let Some(end_char) = rest_trimmed.chars().next()
            && let Some(end) = quarter_digit(end_char).filter(|&end| end > first)
        {
            last = end;
            at += (after.len() - rest_trimmed.len()) + end_char.len_utf8();
        }
    }
    Some((first, last, at))
}

/// Splits a result cell at its quarter markers ("<b>ไตรมาสที่ ๓</b> …"). A marker is
/// a quarter written in bold, at the start of the cell or of an HTML block, or
/// followed by a colon; a plain mention inside a sentence is not. A range
/// ("ไตรมาสที่ ๑ - ๔") gives the same text to each quarter in it.
pub fn quarter_results(raw: &str) -> Vec<QuarterResult> {
    const WORD: &str = "ไตรมาส";
    // Quarters that the raw markup sets apart.
    let mut marked = [false; 5];
    let mut search = 0;
    while let Some(found) = raw[search..].find(WORD) {
        let start = search + found;
        let before = raw[..start].trim_end_matches([' ', '-']);
        let opens_block =
            before.is_empty() || before.ends_with('>') || before.ends_with("**") || before.ends_with('\t');
        if let Some((first, _, used)) = quarter_after(&raw[start + WORD.len()..]) {
            let after = raw[start + WORD.len() + used..].trim_start();
            if opens_block || after.starts_with(':') || after.starts_with("</b>") {
                marked[usize::from(first)] = true;
            }
        }
        search = start + WORD.len();
    }
    let text = crate::text::clean_cell(raw);
    let mut markers: Vec<(usize, usize, u8, u8)> = Vec::new();
    let mut search = 0;
    while let Some(found) = text[search..].find(WORD) {
        let start = search + found;
        if let Some((first, last, used)) = quarter_after(&text[start + WORD.len()..]) {
            let mut end = start + WORD.len() + used;
            let is_marker = (start == 0 || marked[usize::from(first)]) && !markers.iter().any(|m| m.2 == first);
            if is_marker {
                let rest = &text[end..];
                let trimmed = rest.trim_start();
                if let Some(after_colon) = trimmed.strip_prefix(':') {
                    end += rest.len() - after_colon.len();
                }
                markers.push((start, end, first, last));
            }
        }
        search = start + WORD.len();
    }
    let mut results = Vec::new();
    let first_marker = markers.first().map_or(text.len(), |m| m.0);
    if let Some(before) = meaningful(&text[..first_marker]) {
        results.push(QuarterResult { quarter: None, text: before });
    }
    for (index, &(_, end, first, last)) in markers.iter().enumerate() {
        let stop = markers.get(index + 1).map_or(text.len(), |next| next.0);
        if let Some(body) = meaningful(&text[end..stop]) {
            for quarter in first..=last {
                results.push(QuarterResult { quarter: Some(quarter), text: body.clone() });
            }
        }
    }
    results
}

/// Section 13: problems, then recommendations after "ข้อเสนอแนะ".
fn read_problems(body: &[Line<'_>]) -> (Option<String>, Option<String>) {
    let split = body.iter().position(|line| begins(&line.text, "ข้อเสนอแนะ"));
    let problems_lines = &body[..split.unwrap_or(body.len())];
    let problems = paragraph(problems_lines).map(|text| {
        let squashed_label =
            strip_keyword(&text, "ปัญหา/อุปสรรค").map(|rest| rest.trim_start_matches([':', ' ']).to_string());
        squashed_label.unwrap_or(text)
    });
    let recommendations = split.and_then(|index| {
        let first = strip_keyword(&body[index].text, "ข้อเสนอแนะ").unwrap_or("").trim_start_matches([':', ' ']);
        let mut text = first.to_string();
        for line in body[index + 1..].iter().filter(|line| !line.text.is_empty()) {
            text.push('\n');
            text.push_str(&line.text);
        }
        has_content(&text).then(|| text.trim().to_string())
    });
    (problems.filter(|text| has_content(text)), recommendations)
}

/// Section 14: 14.1 "มีความก้าวหน้า คิดเป็นร้อยละ.....๓๕.....ของเป้าหมายทั้งโครงการ" and,
/// for multi-year projects, 14.2 "…ของเป้าหมายในปี พ.ศ. ๒๕๖๗". Returns both and 14.1's line.
fn read_progress(body: &[Line<'_>]) -> (Option<f64>, Option<f64>, usize) {
    let (mut whole, mut year, mut line_number) = (None, None, 0);
    for line in body.iter().take_while(|line| !begins(&line.text, "หมายเหตุ")) {
        let Some(at) = line.text.find("ร้อยละ") else { continue };
        let rest = &line.text[at + "ร้อยละ".len()..];
        let (figure, tail) = rest.split_once("ของ").unwrap_or((rest, ""));
        let value = find_numbers(figure).first().map(|(_, value)| *value);
        let is_year = leading_number(&line.text).is_some_and(|(n, _)| n.major == 14 && n.minor == Some(2))
            || begins(tail, "เป้าหมายในปี");
        if is_year {
            year = year.or(value);
        } else if line_number == 0 {
            (whole, line_number) = (value, line.number);
        }
    }
    (whole, year, line_number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quarters(raw: &str) -> Vec<(Option<u8>, String)> {
        quarter_results(raw).into_iter().map(|r| (r.quarter, r.text)).collect()
    }

    #[test]
    fn quarter_markers_split_results() {
        // Report 01, section 11.2.
        assert_eq!(
            quarters("<b>ไตรมาสที่ ๓</b> อยู่ในระหว่างกระบวนการ <b>ไตรมาสที่ ๔</b> เซ็นสัญญาเมื่อวันที่ ๒๖ ก.ค. ๖๗"),
            vec![(Some(3), "อยู่ในระหว่างกระบวนการ".into()), (Some(4), "เซ็นสัญญาเมื่อวันที่ ๒๖ ก.ค. ๖๗".into())]
        );
        // A plain mention inside a sentence is not a marker.
        assert_eq!(
            quarters("<b>ไตรมาสที่ ๔</b> ส่งมอบงานในไตรมาสที่ ๑ ปีถัดไป"),
            vec![(Some(4), "ส่งมอบงานในไตรมาสที่ ๑ ปีถัดไป".into())]
        );
        assert_eq!(quarters("-"), vec![]);
        // Report 45: a range applies to each quarter in it.
        assert_eq!(
            quarters("<b>ไตรมาสที่ ๑ - ๒</b> ส่งมอบงานงวดที่ ๑"),
            vec![(Some(1), "ส่งมอบงานงวดที่ ๑".into()), (Some(2), "ส่งมอบงานงวดที่ ๑".into())]
        );
        // Report 22: an unbolded quarter opening a block, with a colon.
        assert_eq!(
            quarters("<ul><li> ไตรมาส ๑ : จัดประชุม</li><li> ไตรมาส ๒ : อยู่ระหว่างสำรวจ</li></ul>"),
            vec![(Some(1), "จัดประชุม".into()), (Some(2), "อยู่ระหว่างสำรวจ".into())]
        );
        assert_eq!(quarters("ดำเนินการแล้วเสร็จ"), vec![(None, "ดำเนินการแล้วเสร็จ".into())]);
    }

    #[test]
    fn stated_activity_count() {
        assert_eq!(stated_count("มีกิจกรรมทั้งหมด จำนวน .....๔..... กิจกรรม มีผลการดำเนินการ คือ"), Some(4));
        assert_eq!(stated_count("มีกิจกรรมทั้งหมด จำนวน ๒ กิจกรรม มีผลการดำเนินการ คือ"), Some(2));
        assert_eq!(stated_count("ไม่มี"), None);
    }

    #[test]
    fn bundled_indicators_split_with_their_kinds() {
        // Report 18, section 7: two quantitative and two qualitative items in one cell.
        let items = enumerated_items(
            "๑) จำนวนหน่วยงาน ๒) จำนวนชุดข้อมูล <b>เชิงคุณภาพ :</b> ๑) ร้อยละของชุดข้อมูล ๒) ประชาชนพึงพอใจ (มากกว่า ๓.๐)",
        );
        let kinds: Vec<_> = items.iter().map(|(kind, _)| *kind).collect();
        assert_eq!(kinds, vec![None, None, Some(KpiKind::Qualitative), Some(KpiKind::Qualitative)]);
        assert_eq!(items[1].1, "๒) จำนวนชุดข้อมูล <b>");
        assert_eq!(enumerated_items("ร้อยละ (๑) ของงาน").len(), 1);
    }

    #[test]
    fn parts_numbered_in_other_styles() {
        let names = |text: &str| enumerated_items(text).into_iter().map(|(_, item)| item).collect::<Vec<_>>();
        // Report 29: "ได้แก่ ๑. … ๒. …".
        assert_eq!(
            names("จำนวนรายงาน ได้แก่ ๑. สรุปผลที่สำคัญ พ.ศ. ๒๕๖๖ ๒. รายงานฉบับสมบูรณ์"),
            vec!["๑. สรุปผลที่สำคัญ พ.ศ. ๒๕๖๖", "๒. รายงานฉบับสมบูรณ์"]
        );
        assert_eq!(names("ร้อยละ ๑. ความสำเร็จ (๑) งานงวด (๒) ตรวจรับ"), vec!["(๑) งานงวด", "(๒) ตรวจรับ"]);
        // Report 30: bullets after the indicator's name; a range is not a bullet.
        assert_eq!(
            names("จำนวนรายงาน ได้แก่ - การสำรวจเด็ก พ.ศ. ๒๕๖๖ - ๒๕๖๗ - การสำรวจประชาชน"),
            vec!["- การสำรวจเด็ก พ.ศ. ๒๕๖๖ - ๒๕๖๗", "- การสำรวจประชาชน"]
        );
        // A figure is not an item.
        assert_eq!(names("คะแนน ๓.๐ ขึ้นไป ๔.๕").len(), 1);
    }
}
