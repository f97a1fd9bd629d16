//! The provincial statistical report (รายงานสถิติจังหวัด): a province's
//! strategic issues with each statistic's series, target and standing, the
//! gaps in its statistics chart, and the projects running in it, laid out
//! once as blocks for DOCX and PDF.

use tidtam_api::province::{ProvinceProfile, StatisticProfile};

use crate::ExportError;
use crate::layout::{Block, Cell, Span, Table};
use crate::thai_text::{count, date};

fn paragraph(spans: Vec<Span>) -> Block {
    Block::Paragraph { spans, indent: 0 }
}

fn cell(text: impl Into<String>) -> Cell {
    vec![Span::plain(text)]
}

/// A figure with Thai digits, as many decimals as it was published with (at most four).
pub fn figure(value: Option<f64>) -> String {
    match value {
        None => "–".into(),
        Some(v) => {
            let text = format!("{:.4}", v);
            let text = text.trim_end_matches('0').trim_end_matches('.');
            tidtam_thai::digits::to_thai_digits(&group_thousands(text))
        }
    }
}

fn group_thousands(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (whole, fraction) = rest.split_once('.').map_or((rest, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// How a statistic stands, in words.
pub fn standing_th(s: &StatisticProfile) -> String {
    let target = match s.target_status.as_str() {
        "met" => "บรรลุค่าเป้าหมาย",
        "not_met" => "ยังไม่บรรลุค่าเป้าหมาย",
        "no_target" => "ไม่ได้กำหนดค่าเป้าหมาย",
        _ => "ไม่มีข้อมูล",
    };
    let fresh = match s.freshness.as_str() {
        "up_to_date" => "ข้อมูลเป็นปัจจุบัน".to_string(),
        "behind" => {
            format!("ข้อมูลล่าช้า {} งวด (ควรมีถึง {})", count(s.periods_behind), s.due_th.clone().unwrap_or_default())
        }
        "no_data" => "คลังยังไม่มีค่าของจังหวัด".to_string(),
        "not_readable" => "ชุดข้อมูลยังไม่เผยแพร่".to_string(),
        _ => "ยังไม่มีในคลังข้อมูลสถิติ".to_string(),
    };
    format!("{target}; {fresh}")
}

/// The report as blocks.
pub fn province_report(profile: &ProvinceProfile) -> Vec<Block> {
    let name = &profile.province.name_th;
    let mut blocks = vec![Block::Title(format!("รายงานสถิติจังหวัด{name}"))];
    let mut facts = vec![
        ("ภาค", profile.region_th.clone()),
        ("กลุ่มจังหวัด", profile.group.as_ref().map_or_else(|| "–".into(), |g| g.name_th.clone())),
        ("ข้อมูล ณ วันที่", profile.as_of.parse().map(date).unwrap_or_else(|_| profile.as_of.clone())),
    ];
    facts.push(("สถิติที่ยังขาด", format!("{} รายการ", count(profile.gaps))));
    blocks.push(Block::Table(Table {
        widths: vec![30, 70],
        header: Vec::new(),
        rows: facts.into_iter().map(|(k, v)| vec![vec![Span::bold(k)], cell(v)]).collect(),
    }));
    if profile.issues.is_empty() {
        blocks.push(paragraph(vec![Span::plain("จังหวัดยังไม่ได้กำหนดประเด็นยุทธศาสตร์และสถิติที่ต้องใช้")]));
    }
    for (i, issue) in profile.issues.iter().enumerate() {
        blocks.push(paragraph(vec![Span::bold(format!("ประเด็นที่ {} {}", count(i + 1), issue.title_th))]));
        for s in &issue.statistics {
            let unit = s.source.as_ref().map(|src| src.unit_th.clone()).unwrap_or_default();
            blocks.push(Block::Paragraph {
                spans: vec![
                    Span::bold(&s.name_th),
                    Span::plain(if unit.is_empty() { String::new() } else { format!(" ({unit})") }),
                ],
                indent: 1,
            });
            let source = match &s.source {
                Some(src) => format!(
                    "ที่มา: {} ชุดข้อมูล {} ({}) รุ่นที่ {}",
                    src.agency_name,
                    src.dataset_title_th,
                    src.dataset,
                    src.release.map_or_else(|| "–".into(), count)
                ),
                None => format!("ผู้ผลิต: {} (ยังไม่มีในคลังข้อมูลสถิติ)", s.producer),
            };
            blocks.push(Block::Paragraph { spans: vec![Span::plain(source)], indent: 1 });
            if !s.series.is_empty() {
                let mut header = vec!["".to_string()];
                header.extend(s.series.iter().map(|p| tidtam_thai::digits::to_thai_digits(&p.label_th)));
                let mut row = vec![cell("จังหวัด")];
                row.extend(s.series.iter().map(|p| cell(figure(p.value))));
                let mut widths = vec![24];
                widths.extend(s.series.iter().map(|_| 12));
                blocks.push(Block::Table(Table { widths, header: vec![header], rows: vec![row] }));
            }
            let rank = match (s.rank, s.rank_of) {
                (Some(r), Some(of)) => format!("อันดับ {} จาก {} จังหวัด", count(r), count(of)),
                _ => "–".into(),
            };
            let facts = [
                (
                    "ค่าล่าสุด",
                    format!(
                        "{} ({})",
                        figure(s.latest_value),
                        s.latest_th.clone().map_or_else(|| "–".into(), |t| tidtam_thai::digits::to_thai_digits(&t))
                    ),
                ),
                ("ค่าเป้าหมาย", figure(s.target)),
                ("ผล", standing_th(s)),
                ("ภาค / ประเทศ", format!("{} / {}", figure(s.region), figure(s.country))),
                ("อันดับ", rank),
                (
                    "กลุ่มจังหวัด",
                    s.group
                        .iter()
                        .map(|g| format!("{} {}", g.province.name_th, figure(g.value)))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ];
            blocks.push(Block::Table(Table {
                widths: vec![24, 76],
                header: Vec::new(),
                rows: facts.into_iter().map(|(k, v)| vec![vec![Span::bold(k)], cell(v)]).collect(),
            }));
        }
    }
    blocks.push(paragraph(vec![Span::bold(format!("โครงการในจังหวัด ปีงบประมาณ พ.ศ. {}", count(profile.fiscal_year)))]));
    match &profile.portfolio {
        Some(p) => blocks.push(paragraph(vec![Span::plain(format!(
            "{} โครงการ งบประมาณที่ได้รับ {} บาท เบิกจ่าย {} บาท ({})",
            count(p.projects),
            crate::thai_text::amount(p.allocated),
            crate::thai_text::amount(p.disbursed),
            p.disbursement_rate.map_or_else(|| "–".into(), |r| format!("ร้อยละ {}", crate::thai_text::ratio_percent(r)))
        ))])),
        None => blocks.push(paragraph(vec![Span::plain("ไม่มีโครงการในจังหวัดในปีนี้")])),
    }
    if !profile.projects.is_empty() {
        blocks.push(Block::Table(Table {
            widths: vec![20, 80],
            header: vec![vec!["รหัส".into(), "โครงการ".into()]],
            rows: profile
                .projects
                .iter()
                .map(|p| vec![cell(p.code.clone().unwrap_or_default()), cell(p.name.clone())])
                .collect(),
        }));
    }
    blocks
}

/// The report as Word writes it (Sarabun embedded).
pub fn province_docx(profile: &ProvinceProfile) -> Result<Vec<u8>, ExportError> {
    crate::docx::blocks_docx(&province_report(profile))
}

/// The report typeset as PDF.
pub fn province_pdf(profile: &ProvinceProfile) -> Result<Vec<u8>, ExportError> {
    crate::pdf::blocks_pdf(&format!("รายงานสถิติจังหวัด{}", profile.province.name_th), &province_report(profile))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_keep_their_decimals_in_thai_digits() {
        assert_eq!(figure(Some(1234567.5)), "๑,๒๓๔,๕๖๗.๕");
        assert_eq!(figure(Some(0.95)), "๐.๙๕");
        assert_eq!(figure(Some(-12.0)), "-๑๒");
        assert_eq!(figure(None), "–");
    }
}
