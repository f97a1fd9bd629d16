//! The ministry's 14-section form laid out once, as blocks any format renders.
//!
//! Every line is written the way the corpus reports write it (section numbers
//! and titles, "๙.๑ ได้รับจัดสรรงบประมาณ จำนวน … บาท (…)", the indicator and
//! activity tables, bold "ไตรมาสที่ ๓" markers in section 11.2), because the
//! same reader that ingests agencies' files (`tidtam_report`) must read an
//! export back to the same figures. Where the form model holds the structure
//! (an indicator's parts, an activity's steps), the rows are written so that
//! the reader's rules rebuild it: parts bundled in the indicator's cell get
//! their targets on the rows under it, parts of their own get their own rows,
//! activities are bold so a row without a period is never taken for the tail
//! of the row above.

use tidtam_domain::form::{Activity, Kpi, KpiKind, QuarterResult, ReportForm};
use tidtam_domain::{FiscalYear, Quarter};
use tidtam_thai::province::by_code;

use crate::thai_text::{amount_with_words, count, percent, quarter_dates};

/// A run of text, bold or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: false }
    }

    pub fn bold(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: true }
    }
}

/// A table cell: its runs (a cell is one paragraph).
pub type Cell = Vec<Span>;

/// A table: relative column widths, header rows, body rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// Relative widths, one a column (the renderer scales them to the page).
    pub widths: Vec<u32>,
    pub header: Vec<Vec<String>>,
    pub rows: Vec<Vec<Cell>>,
}

/// One block of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// The form's title: centred, bold.
    Title(String),
    /// A paragraph of runs; `indent` in steps of one level.
    Paragraph {
        spans: Vec<Span>,
        indent: u8,
    },
    Table(Table),
    /// The next form starts on a new page.
    PageBreak,
}

fn paragraph(spans: Vec<Span>) -> Block {
    Block::Paragraph { spans, indent: 0 }
}

fn line(text: impl Into<String>) -> Block {
    paragraph(vec![Span::plain(text)])
}

fn indented(text: impl Into<String>) -> Block {
    Block::Paragraph { spans: vec![Span::plain(text)], indent: 1 }
}

/// A section heading: the number and title in bold, then what the form writes after it.
fn heading(label: &str, rest: &str) -> Block {
    let mut spans = vec![Span::bold(label)];
    if !rest.is_empty() {
        spans.push(Span::plain(format!(" {rest}")));
    }
    paragraph(spans)
}

/// User text as written, made safe for a line of the form: a tab would split a
/// line into table cells when it is read back, so it becomes a space.
fn clean(text: &str) -> String {
    text.replace('\t', " ").trim().to_string()
}

/// Each line of a multi-line text as its own indented paragraph; "-" for none
/// (the form's blank).
fn text_lines(text: Option<&str>) -> Vec<Block> {
    let lines: Vec<Block> =
        text.into_iter().flat_map(str::lines).map(clean).filter(|l| !l.is_empty()).map(indented).collect();
    if lines.is_empty() { vec![indented("-")] } else { lines }
}

fn kind_label(kind: Option<KpiKind>) -> &'static str {
    match kind {
        Some(KpiKind::Quantitative) => "เชิงปริมาณ : ",
        Some(KpiKind::Qualitative) => "เชิงคุณภาพ : ",
        None => "",
    }
}

/// Text with its whitespace removed, to test whether a part is written inside its indicator's cell.
fn squashed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether every part of the indicator is enumerated inside its own name cell
/// ("๑) … ๒) …"), so that the reader finds the parts there.
fn parts_in_name(kpi: &Kpi) -> bool {
    let name = squashed(&kpi.name);
    !kpi.parts.is_empty() && kpi.parts.iter().all(|part| name.contains(&squashed(&part.name)))
}

fn cell(text: &str) -> Cell {
    vec![Span::plain(clean(text))]
}

fn year_label(year: Option<i32>) -> String {
    year.map_or_else(|| "....".to_string(), count)
}

/// Section 7's rows: one an indicator; parts enumerated in the indicator's cell
/// take their targets on the rows after it (an empty name cell), parts of their
/// own are rows of their own.
fn kpi_rows(kpis: &[Kpi]) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for kpi in kpis {
        let name = format!("{}{}", kind_label(kpi.kind), clean(&kpi.name));
        let bundled = parts_in_name(kpi);
        if bundled && kpi.measured_by_parts() {
            let mut targets = kpi.parts.iter().map(|part| part.target.as_deref().unwrap_or(""));
            rows.push(vec![cell(&name), cell(targets.next().unwrap_or(""))]);
            rows.extend(targets.map(|target| vec![Vec::new(), cell(target)]));
            continue;
        }
        rows.push(vec![cell(&name), cell(kpi.target.as_deref().unwrap_or(""))]);
        if !bundled {
            for part in &kpi.parts {
                let name = format!("{}{}", kind_label(part.kind), clean(&part.name));
                rows.push(vec![cell(&name), cell(part.target.as_deref().unwrap_or(""))]);
            }
        }
    }
    if rows.is_empty() {
        rows.push(vec![cell("-"), Vec::new()]);
    }
    rows
}

/// Section 11.1's rows: one a measure (an indicator, or each of its parts when
/// they carry their own targets or results), with its target and result.
fn kpi_result_rows(form: &ReportForm) -> Vec<Vec<Cell>> {
    let mut rows: Vec<Vec<Cell>> = form
        .measures()
        .map(|measure| {
            vec![
                cell(&format!("{}{}", kind_label(measure.kind), clean(measure.name))),
                cell(measure.target.unwrap_or("-")),
                cell(measure.result.unwrap_or("-")),
            ]
        })
        .collect();
    if rows.is_empty() {
        rows.push(vec![cell("-"), cell("-"), cell("-")]);
    }
    rows
}

/// Section 8's rows: activities in bold (a row of the form's own grouping), their steps under them.
fn activity_rows(activities: &[Activity]) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for activity in activities {
        rows.push(vec![vec![Span::bold(clean(&activity.name))], cell(activity.period_text.as_deref().unwrap_or(""))]);
        for step in &activity.steps {
            rows.push(vec![cell(&step.name), cell(step.period_text.as_deref().unwrap_or(""))]);
        }
    }
    if rows.is_empty() {
        rows.push(vec![cell("-"), Vec::new()]);
    }
    rows
}

/// A result cell of section 11.2: text without a quarter first, then each
/// quarter's text after its bold "ไตรมาสที่ N" marker (how the reader tells
/// quarters apart). Consecutive quarters with the same text are one range
/// marker ("ไตรมาสที่ ๒ - ๓"), as the form writes them: the reader gives each
/// quarter of a range the text, and a quarter may then also have a text of its
/// own after its own marker (the reader keeps one marker a starting quarter).
fn result_cell(results: &[QuarterResult]) -> Cell {
    let mut spans = Vec::new();
    for result in results.iter().filter(|r| r.quarter.is_none()) {
        push_text(&mut spans, &guard_quarter_mentions(&clean(&result.text)));
    }
    let mut ranges: Vec<(u8, u8, &str)> = Vec::new();
    for (quarter, text) in results.iter().filter_map(|r| r.quarter.map(|q| (q, r.text.as_str()))) {
        match ranges.last_mut() {
            Some((_, last, same)) if *same == text && quarter == *last + 1 => *last = quarter,
            _ => ranges.push((quarter, quarter, text)),
        }
    }
    for (first, last, text) in ranges {
        let separator = if spans.is_empty() { "" } else { " " };
        let marker = if first == last {
            format!("{separator}ไตรมาสที่ {}", count(first))
        } else {
            format!("{separator}ไตรมาสที่ {} - {}", count(first), count(last))
        };
        spans.push(Span::bold(marker));
        spans.push(Span::plain(format!(" {}", guard_quarter_mentions(&clean(text)))));
    }
    if spans.is_empty() {
        spans.push(Span::plain("-"));
    }
    spans
}

fn push_text(spans: &mut Vec<Span>, text: &str) {
    if text.is_empty() {
        return;
    }
    let separator = if spans.is_empty() { "" } else { " " };
    spans.push(Span::plain(format!("{separator}{text}")));
}

/// The word joiner (U+2060): invisible, not whitespace, kept by the reader.
const WORD_JOINER: char = '\u{2060}';

/// A result text with its own mentions of a quarter ("ส่งรายงานไตรมาส ๔ แล้ว")
/// made unmistakable for a quarter marker: the reader takes the first
/// "ไตรมาส N" of a cell that names quarter N as where N's text starts, so a
/// mention before the real marker would move text between quarters. A word
/// joiner after "ไตรมาส" stops that and shows nothing.
fn guard_quarter_mentions(text: &str) -> String {
    const WORD: &str = "ไตรมาส";
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(at) = rest.find(WORD) {
        let (before, after) = rest.split_at(at + WORD.len());
        out.push_str(before);
        let tail = after.trim_start();
        let tail = tail.strip_prefix("ที่").unwrap_or(tail).trim_start();
        let mut chars = tail.chars();
        let is_quarter = |c: Option<char>| c.is_some_and(|c| matches!(c, '1'..='4' | '๑'..='๔'));
        let is_digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c));
        if is_quarter(chars.next()) && !is_digit(chars.next()) {
            out.push(WORD_JOINER);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Section 11.2's rows: each activity and step with its results by quarter.
fn activity_result_rows(activities: &[Activity]) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for activity in activities {
        rows.push(vec![vec![Span::bold(clean(&activity.name))], result_cell(&activity.results)]);
        for step in &activity.steps {
            rows.push(vec![cell(&step.name), result_cell(&step.results)]);
        }
    }
    if rows.is_empty() {
        rows.push(vec![cell("-"), cell("-")]);
    }
    rows
}

/// Section 10's text: as written, or the provinces by name, or the whole country.
fn area_text(form: &ReportForm) -> String {
    if let Some(area) = form.area.as_deref().map(clean).filter(|area| !area.is_empty()) {
        return area;
    }
    if form.nationwide {
        return "ทั่วประเทศ".to_string();
    }
    let names: Vec<String> =
        form.provinces.iter().filter_map(|&code| by_code(code)).map(|p| p.formal_name_th()).collect();
    if names.is_empty() { "-".to_string() } else { names.join(" ") }
}

/// The blocks of one report form, `quarter` being the quarter it reports on
/// (marked in section 3), and `fiscal_year` the year when the form lacks one.
pub fn report_form(form: &ReportForm, fiscal_year: Option<FiscalYear>, quarter: Option<Quarter>) -> Vec<Block> {
    let year = form.fiscal_year.or(fiscal_year.map(FiscalYear::be));
    let year_text = year_label(year);
    let mut blocks = vec![Block::Title(format!("แบบรายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. {year_text}"))];

    blocks.push(heading("๑. ชื่อแผนงาน/โครงการ", &clean(form.project_name.as_deref().unwrap_or("-"))));
    blocks.push(heading("๒. ชื่อหน่วยงาน", &clean(form.agency.as_deref().unwrap_or("-"))));

    blocks.push(heading("๓. แผนงาน/โครงการ เป็นการขับเคลื่อนภายใต้งบประมาณใด", ""));
    let source = form.budget_source.as_deref().map(clean).unwrap_or_default();
    let value = format!("มูลค่าโครงการตามการจัดสรรงบประมาณ {}", amount_with_words(form.project_value));
    blocks.push(indented(if source.is_empty() { value } else { format!("{source} {value}") }));
    for q in Quarter::ALL {
        let dates = year.map(|be| quarter_dates(FiscalYear::from_be(be), q)).unwrap_or_default();
        let text = format!("- ณ สิ้นไตรมาส {} {dates}", count(q.number()));
        let spans = if Some(q) == quarter {
            vec![Span::bold(text.trim_end().to_string()), Span::plain(" (รายงานฉบับนี้)")]
        } else {
            vec![Span::plain(text.trim_end().to_string())]
        };
        blocks.push(Block::Paragraph { spans, indent: 1 });
    }

    blocks.push(heading("๔. วัตถุประสงค์", ""));
    let objectives: Vec<String> = form.objectives.iter().map(|o| clean(o)).filter(|o| !o.is_empty()).collect();
    blocks.extend(text_lines((!objectives.is_empty()).then(|| objectives.join("\n")).as_deref()));

    blocks.push(heading("๕. เป้าหมาย/ผลผลิตของโครงการ", ""));
    blocks.extend(text_lines(form.targets.as_deref()));
    blocks.push(heading("๖. สรุปสาระสำคัญของโครงการ", ""));
    blocks.extend(text_lines(form.summary.as_deref()));

    blocks.push(heading("๗. ตัวชี้วัด / ค่าเป้าหมาย (เชิงปริมาณ เช่น จำนวน, ร้อยละ)", ""));
    let target_header = match year {
        Some(_) => format!("ค่าเป้าหมาย ปี พ.ศ. {year_text}"),
        None => "ค่าเป้าหมาย".to_string(),
    };
    blocks.push(Block::Table(Table {
        widths: vec![65, 35],
        header: vec![vec!["ตัวชี้วัด".into(), target_header]],
        rows: kpi_rows(&form.kpis),
    }));

    blocks.push(heading("๘. แผนระยะเวลาดำเนินงานทั้งโครงการ", ""));
    if let Some(schedule) = form.schedule.as_deref() {
        blocks.extend(text_lines(Some(schedule)));
    }
    blocks.push(line("แผนระยะเวลาดำเนินงานแต่ละกิจกรรม"));
    blocks.push(Block::Table(Table {
        widths: vec![60, 40],
        header: vec![vec!["กิจกรรม".into(), "ช่วงระยะเวลาดำเนินการ (ระบุวัน/เดือน/ปี)".into()]],
        rows: activity_rows(&form.activities),
    }));

    blocks.push(heading("๙. โครงการใช้งบประมาณ", &format!("ปี พ.ศ. {year_text}")));
    let budget = &form.budget;
    blocks.push(indented(format!("๙.๑ ได้รับจัดสรรงบประมาณ จำนวน {}", amount_with_words(budget.allocated))));
    blocks.push(indented(format!(
        "๙.๒ งบประมาณตามสัญญาจ้าง หรืองบประมาณสำหรับดำเนินการเอง รวมทั้งสิ้น จำนวน {}",
        amount_with_words(budget.contracted)
    )));
    blocks.push(indented(format!("๙.๓ งบประมาณซึ่งดำเนินการเบิกจ่ายแล้ว จำนวน {}", amount_with_words(budget.disbursed))));
    if let Some(notes) = budget.notes.as_deref() {
        let mut notes: Vec<String> = notes.lines().map(clean).filter(|l| !l.is_empty()).collect();
        // The reader keeps notes from a line that begins with หมายเหตุ: say it when the note does not.
        if let Some(first) = notes.first_mut().filter(|first| !first.starts_with("หมายเหตุ")) {
            *first = format!("หมายเหตุ : {first}");
        }
        blocks.extend(notes.into_iter().map(indented));
    }

    blocks.push(heading("๑๐. พื้นที่ดำเนินการ (จังหวัด)", &area_text(form)));

    blocks.push(heading("๑๑. สรุปผลการดำเนินงาน", ""));
    blocks.push(indented("๑๑.๑ ผลลัพธ์ที่ได้ เปรียบเทียบกับตัวชี้วัด / ค่าเป้าหมาย (เชิงปริมาณ) (ตอบผลจากข้อ ๗)"));
    blocks.push(Block::Table(Table {
        widths: vec![50, 25, 25],
        header: vec![vec!["ตัวชี้วัด".into(), format!("เป้าหมาย ปี พ.ศ. {year_text}"), "ผลที่ได้".into()]],
        rows: kpi_result_rows(form),
    }));
    blocks.push(indented("๑๑.๒ รายละเอียดผลการดำเนินงาน (ซึ่งสอดคล้องกับกิจกรรม/ระยะเวลา ตามข้อ ๘)"));
    let stated = form.stated_activity_count.unwrap_or(form.activities.len() as u32);
    blocks.push(indented(format!("มีกิจกรรมทั้งหมด จำนวน {} กิจกรรม มีผลการดำเนินการ คือ", count(stated))));
    blocks.push(Block::Table(Table {
        widths: vec![40, 60],
        header: vec![vec!["กิจกรรม".into(), "ผลการดำเนินการ".into()]],
        rows: activity_result_rows(&form.activities),
    }));

    blocks.push(heading("๑๒. ประโยชน์ที่ได้รับ/ผลลัพธ์ ของโครงการ", ""));
    blocks.extend(text_lines(form.benefits.as_deref()));

    blocks.push(heading("๑๓. ปัญหา/อุปสรรค และข้อเสนอแนะของการดำเนินงาน", "(เช่น สาเหตุความล่าช้าของโครงการ เป็นต้น)"));
    blocks.extend(text_lines(form.problems.as_deref()));
    let mut recommendations = form.recommendations.as_deref().unwrap_or("-").lines().map(clean);
    blocks.push(indented(format!("ข้อเสนอแนะ : {}", recommendations.next().unwrap_or_default())));
    blocks.extend(recommendations.filter(|l| !l.is_empty()).map(indented));

    blocks.push(heading("๑๔. ความก้าวหน้าของการดำเนินการ", ""));
    let progress = |value: Option<f64>| value.map_or_else(|| "-".to_string(), percent);
    blocks
        .push(indented(format!("๑๔.๑ มีความก้าวหน้า คิดเป็นร้อยละ {} ของเป้าหมายทั้งโครงการ", progress(form.progress_percent))));
    if form.progress_percent_year.is_some() {
        blocks.push(indented(format!(
            "๑๔.๒ มีความก้าวหน้า คิดเป็นร้อยละ {} ของเป้าหมายในปี พ.ศ. {year_text}",
            progress(form.progress_percent_year)
        )));
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_of_a_quarter_in_a_result_are_guarded_and_nothing_else() {
        assert_eq!(guard_quarter_mentions("ส่งรายงานไตรมาส ๔ แล้ว"), "ส่งรายงานไตรมาส\u{2060} ๔ แล้ว");
        assert_eq!(guard_quarter_mentions("ไตรมาสที่ 2: ประชุม"), "ไตรมาส\u{2060}ที่ 2: ประชุม");
        assert_eq!(guard_quarter_mentions("รายไตรมาส และไตรมาส ๑๒"), "รายไตรมาส และไตรมาส ๑๒", "not a quarter");
        assert_eq!(guard_quarter_mentions("ไตรมาส"), "ไตรมาส");
    }
}
