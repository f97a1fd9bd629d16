//! Organisation performance as files: one indicator's report in the layout
//! agencies file under a performance agreement (รายงานผลการปฏิบัติราชการตาม
//! คำรับรองการปฏิบัติราชการ (รายตัวชี้วัด): the indicator, its officers, the
//! description, the levels, the scoring table with weight, result, score and
//! weighted score, the narrative blocks, the evidence list and the rounds
//! ticked), the agreement's scorecard as a workbook, and the PMQA assessment.
//! Figures are the view's exact decimals as text; nothing is recomputed here.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
use tidtam_api::performance::{CriteriaKind, IndicatorView, KpiScorecard, PmqaView, PolarityName, RoundView};

use crate::ExportError;
use crate::docx::blocks_docx;
use crate::fonts::FAMILY;
use crate::layout::{Block, Span, Table};
use crate::thai_text::date;

fn paragraph(spans: Vec<Span>) -> Block {
    Block::Paragraph { spans, indent: 0 }
}

fn labelled(label: &str, text: &str) -> Block {
    paragraph(vec![Span::bold(format!("{label} : ")), Span::plain(if text.is_empty() { "-" } else { text })])
}

fn text_lines(text: &str) -> Vec<Block> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| Block::Paragraph { spans: vec![Span::plain(line)], indent: 1 })
        .collect()
}

fn dash(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "-".to_string())
}

/// The round a report is about: the one asked for, else the latest written.
fn chosen_round(view: &IndicatorView, months: Option<u8>) -> Option<&RoundView> {
    match months {
        Some(months) => view.rounds.iter().find(|round| round.months == months),
        None => view.rounds.iter().rev().find(|round| round.version > 0).or(view.rounds.last()),
    }
}

/// One indicator's report (รายตัวชี้วัด) for a round, as DOCX with Sarabun embedded.
pub fn kpi_indicator_docx(view: &IndicatorView, months: Option<u8>) -> Result<Vec<u8>, ExportError> {
    let round = chosen_round(view, months);
    let mut blocks = vec![Block::Title("รายงานผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ (รายตัวชี้วัด)".into())];
    let ticks: Vec<String> = view
        .rounds
        .iter()
        .map(|r| {
            let ticked = round.is_some_and(|chosen| chosen.months == r.months);
            format!("{} รอบ {} เดือน", if ticked { "☑" } else { "☐" }, r.months)
        })
        .collect();
    blocks.push(paragraph(vec![Span::plain(format!(
        "{} ปีงบประมาณ {}   {}",
        view.agreement.org_unit_name,
        view.agreement.fiscal_year,
        ticks.join("   ")
    ))]));
    blocks.push(paragraph(vec![Span::bold(format!("ชื่อตัวชี้วัด {} : ", view.code)), Span::plain(&view.name)]));
    blocks.push(labelled("ผู้กำกับดูแลตัวชี้วัด", &view.officer_name));
    blocks.push(labelled("ผู้จัดเก็บข้อมูล", &view.data_collector));
    blocks.push(paragraph(vec![Span::bold("คำอธิบาย :")]));
    blocks.extend(text_lines(if view.description.is_empty() { "-" } else { &view.description }));
    let criteria = &view.criteria;
    if criteria.kind == CriteriaKind::Milestone {
        blocks.push(paragraph(vec![Span::bold("ข้อมูลผลการดำเนินงาน :")]));
        blocks.push(Block::Table(Table {
            widths: vec![1, 6],
            header: vec![vec!["ระดับคะแนน".into(), "การดำเนินงานในแต่ละขั้นตอน".into()]],
            rows: criteria
                .steps
                .iter()
                .enumerate()
                .map(|(level, steps)| {
                    vec![
                        vec![Span::plain((level + 1).to_string())],
                        vec![Span::plain(if steps.is_empty() { "-".to_string() } else { steps.join(" • ") })],
                    ]
                })
                .collect(),
        }));
    }
    blocks.push(paragraph(vec![Span::bold("เกณฑ์การให้คะแนน :")]));
    let (header, values): (Vec<String>, Vec<String>) = match criteria.kind {
        CriteriaKind::Quantitative | CriteriaKind::Milestone => {
            let values = if criteria.kind == CriteriaKind::Milestone {
                (1..=5).map(|level| level.to_string()).collect()
            } else {
                criteria.thresholds.clone()
            };
            ((1..=5).map(|level| format!("ระดับ {level}")).collect(), values)
        }
        CriteriaKind::Breakpoints => {
            (vec!["ขั้นต้น (50)".into(), "มาตรฐาน (70)".into(), "ขั้นสูง (100)".into()], criteria.thresholds.clone())
        }
    };
    let columns = header.len() as u32;
    blocks.push(Block::Table(Table {
        widths: vec![1; columns as usize],
        header: vec![header],
        rows: vec![values.into_iter().map(|value| vec![Span::plain(value)]).collect()],
    }));
    if criteria.kind == CriteriaKind::Quantitative {
        let direction = match criteria.polarity {
            Some(PolarityName::Lower) => "ค่ายิ่งน้อยยิ่งดี",
            _ => "ค่ายิ่งมากยิ่งดี",
        };
        blocks.push(paragraph(vec![Span::plain(format!("({direction}; ระหว่างระดับคิดคะแนนตามสัดส่วน ทศนิยม 4 ตำแหน่ง)"))]));
    }
    blocks.push(paragraph(vec![
        Span::bold("การคำนวณคะแนนจากผลการดำเนินงาน : "),
        Span::plain("(ส่วนราชการไม่ต้องใส่ผลคะแนนมา)"),
    ]));
    blocks.push(Block::Table(Table {
        widths: vec![6, 2, 2, 2, 2],
        header: vec![vec![
            "ตัวชี้วัด/ข้อมูลพื้นฐานประกอบตัวชี้วัด".into(),
            "น้ำหนัก (ร้อยละ)".into(),
            "ผลการดำเนินงาน".into(),
            "ค่าคะแนนที่ได้".into(),
            "ค่าคะแนนถ่วงน้ำหนัก".into(),
        ]],
        rows: vec![vec![
            vec![Span::plain(&view.name)],
            vec![Span::plain(&view.weight)],
            vec![Span::plain(round.map_or_else(|| "-".to_string(), |r| dash(&r.result)))],
            vec![Span::plain(round.map_or_else(|| "-".to_string(), |r| dash(&r.score)))],
            vec![Span::plain(round.map_or_else(|| "-".to_string(), |r| dash(&r.weighted)))],
        ]],
    }));
    if let Some(round) = round {
        if let Some(computed) = &round.computed_from {
            blocks.push(paragraph(vec![Span::plain(format!("ที่มาของผล: {}", computed.basis_th))]));
        }
        if let Some(score) = &round.committee_score {
            blocks.push(labelled(
                "ค่าคะแนนของคณะกรรมการ",
                &format!("{score} (ถ่วงน้ำหนัก {})", dash(&round.committee_weighted)),
            ));
        }
        for (label, text) in [
            ("คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ", &round.explanation),
            ("ปัจจัยสนับสนุนต่อการดำเนินงาน", &round.supporting_factors),
            ("อุปสรรคต่อการดำเนินงาน", &round.obstacles),
            ("ข้อเสนอแนะสำหรับการดำเนินงานในปีต่อไป", &round.suggestions),
        ] {
            blocks.push(paragraph(vec![Span::bold(format!("{label} :"))]));
            blocks.extend(text_lines(if text.is_empty() { "-" } else { text }));
        }
        blocks.push(paragraph(vec![Span::bold("หลักฐานอ้างอิง :")]));
        if round.evidence.is_empty() {
            blocks.push(Block::Paragraph { spans: vec![Span::plain("-")], indent: 1 });
        }
        for item in &round.evidence {
            let mut text = format!("- {} {}", item.number, item.title);
            if let Some(day) = item.date {
                text.push_str(&format!(" ลงวันที่ {}", date(day)));
            }
            if let Some(pages) = item.pages {
                text.push_str(&format!(" จำนวน {pages} แผ่น"));
            }
            blocks.push(Block::Paragraph { spans: vec![Span::plain(text)], indent: 1 });
        }
        if round.locked {
            blocks.push(paragraph(vec![Span::plain(format!(
                "ตรวจและล็อกข้อมูลรอบนี้โดย {}",
                round.locked_by.clone().unwrap_or_default()
            ))]));
        }
    }
    blocks_docx(&blocks)
}

fn number(text: &Option<String>) -> Option<f64> {
    text.as_deref().and_then(|text| text.parse().ok())
}

fn scorecard_sheet(card: &KpiScorecard) -> Result<Vec<u8>, XlsxError> {
    let base = Format::new().set_font_name(FAMILY).set_font_size(12);
    let header = base.clone().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_background_color(0xE7EEF7);
    let score = base.clone().set_num_format("0.0000");
    let low = score.clone().set_background_color(0xFBE3E3);
    let middle = score.clone().set_background_color(0xFFF3CF);
    let high = score.clone().set_background_color(0xE3F4E7);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("คะแนนตัวชี้วัด")?;
    sheet.write_string_with_format(
        0,
        0,
        format!("{} {} ปีงบประมาณ {}", card.agreement.title, card.agreement.org_unit_name, card.agreement.fiscal_year),
        &base.clone().set_bold(),
    )?;
    let mut columns = vec![("รหัส", 10.0), ("ตัวชี้วัด", 48.0), ("น้ำหนัก (ร้อยละ)", 10.0)];
    let round_names: Vec<String> = card.rounds.iter().map(|r| format!("รอบ {} เดือน", r.months)).collect();
    let mut titles: Vec<String> = columns.iter().map(|(title, _)| title.to_string()).collect();
    for name in &round_names {
        for part in ["ผล", "คะแนน", "ถ่วงน้ำหนัก", "คณะกรรมการ"]
        {
            titles.push(format!("{name} {part}"));
            columns.push(("", 12.0));
        }
    }
    for (column, ((_, width), title)) in columns.iter().zip(&titles).enumerate() {
        sheet.set_column_width(column as u16, *width)?;
        sheet.write_string_with_format(2, column as u16, title, &header)?;
    }
    let band_format = |band: &Option<String>| match band.as_deref() {
        Some("low") => &low,
        Some("middle") => &middle,
        Some("high") => &high,
        _ => &score,
    };
    for (index, row) in card.rows.iter().enumerate() {
        let r = 3 + index as u32;
        sheet.write_string_with_format(r, 0, &row.code, &base)?;
        sheet.write_string_with_format(r, 1, &row.name, &base)?;
        if let Ok(weight) = row.weight.parse::<f64>() {
            sheet.write_number_with_format(r, 2, weight, &base)?;
        }
        for (round, cell) in row.cells.iter().enumerate() {
            let c = 3 + 4 * round as u16;
            if let Some(result) = &cell.result {
                match result.parse::<f64>() {
                    Ok(value) => sheet.write_number_with_format(r, c, value, &base)?,
                    Err(_) => sheet.write_string_with_format(r, c, result, &base)?,
                };
            }
            if let Some(value) = number(&cell.score) {
                sheet.write_number_with_format(r, c + 1, value, band_format(&cell.band))?;
            }
            if let Some(value) = number(&cell.weighted) {
                sheet.write_number_with_format(r, c + 2, value, &score)?;
            }
            if let Some(value) = number(&cell.committee_score) {
                sheet.write_number_with_format(r, c + 3, value, &score)?;
            }
        }
    }
    let total_row = 3 + card.rows.len() as u32;
    sheet.write_string_with_format(total_row, 1, format!("คะแนนรวมถ่วงน้ำหนัก (เต็ม {})", card.max), &header)?;
    if let Ok(weight) = card.weight_total.parse::<f64>() {
        sheet.write_number_with_format(total_row, 2, weight, &header)?;
    }
    for (round, total) in card.rounds.iter().enumerate() {
        let c = 3 + 4 * round as u16;
        if let Ok(value) = total.total.parse::<f64>() {
            sheet.write_number_with_format(total_row, c + 2, value, band_format(&Some(total.band.clone())))?;
        }
        if let Some(value) = number(&total.committee_total) {
            sheet.write_number_with_format(total_row, c + 3, value, &score)?;
        }
    }
    sheet.set_freeze_panes(3, 2)?;
    workbook.save_to_buffer()
}

/// The agreement's scorecard: a row an indicator, per round the result, score
/// (coloured by band), weighted score and the committee's score, and the totals.
pub fn kpi_scorecard_xlsx(card: &KpiScorecard) -> Result<Vec<u8>, ExportError> {
    scorecard_sheet(card).map_err(|error| ExportError::Xlsx(error.to_string()))
}

/// The PMQA assessment: total against the threshold, the gap, categories and
/// sub-items, the plan that closes the gap, category 7's indicators.
pub fn pmqa_docx(view: &PmqaView) -> Result<Vec<u8>, ExportError> {
    let mut blocks =
        vec![Block::Title(format!("ผลการประเมินสถานะการเป็นระบบราชการ 4.0 (PMQA 4.0) ปีงบประมาณ {}", view.fiscal_year))];
    blocks.push(labelled("หน่วยงาน", &view.org_unit_name));
    blocks.push(labelled("เกณฑ์", &view.criteria_version));
    blocks.push(paragraph(vec![
        Span::bold("คะแนนรวม "),
        Span::bold(&view.total),
        Span::plain(format!(" จาก {} คะแนน  เกณฑ์ผ่าน {} คะแนน  ", view.max, view.threshold)),
        Span::bold(if view.reached {
            "ผ่านเกณฑ์".to_string()
        } else {
            format!("ขาดอีก {} คะแนน", view.gap)
        }),
    ]));
    if let (Some(year), Some(total)) = (view.previous_year, &view.previous_total) {
        blocks.push(paragraph(vec![Span::plain(format!("ปีงบประมาณ {year}: {total} คะแนน"))]));
    }
    if view.provisional {
        blocks.push(paragraph(vec![Span::plain(
            "หมายเหตุ: คะแนนเต็มรายหมวด/ประเด็นและเกณฑ์ผ่านเป็นค่าตั้งต้นที่ยังไม่ได้ยืนยันจากคู่มือของสำนักงาน ก.พ.ร.",
        )]));
    }
    blocks.push(paragraph(vec![Span::bold("คะแนนรายหมวดและประเด็น")]));
    let mut rows = Vec::new();
    for category in &view.categories {
        rows.push(vec![
            vec![Span::bold(format!("หมวด {} {}", category.number, category.name_th))],
            vec![Span::bold(&category.max)],
            vec![Span::bold(dash(&category.points))],
            vec![Span::bold(dash(&category.assessor_points))],
            vec![Span::bold(dash(&category.previous_points))],
        ]);
        for item in &category.items {
            rows.push(vec![
                vec![Span::plain(format!("{} {}", item.code, item.name_th))],
                vec![Span::plain(&item.max)],
                vec![Span::plain(dash(&item.points))],
                vec![Span::plain(dash(&item.assessor_points))],
                vec![Span::plain(dash(&item.previous_points))],
            ]);
        }
    }
    blocks.push(Block::Table(Table {
        widths: vec![8, 2, 2, 2, 2],
        header: vec![vec![
            "หมวด/ประเด็น".into(),
            "คะแนนเต็ม".into(),
            "คะแนนตนเอง".into(),
            "ผู้ตรวจประเมิน".into(),
            "ปีก่อน".into(),
        ]],
        rows,
    }));
    blocks.push(paragraph(vec![Span::bold("การปิดช่องว่างถึงเกณฑ์")]));
    match (&view.closing_plan, view.reached) {
        (_, true) => blocks.push(paragraph(vec![Span::plain("คะแนนรวมถึงเกณฑ์แล้ว")])),
        (Some(plan), false) => {
            blocks.push(paragraph(vec![Span::plain(format!(
                "ยกระดับประเด็นต่อไปนี้ เพิ่มรวม {} คะแนน",
                dash(&view.closing_added)
            ))]));
            blocks.push(Block::Table(Table {
                widths: vec![8, 2, 2],
                header: vec![vec!["ประเด็น".into(), "จาก".into(), "เป็น".into()]],
                rows: plan
                    .iter()
                    .map(|raise| {
                        vec![
                            vec![Span::plain(format!("{} {}", raise.code, raise.name_th))],
                            vec![Span::plain(&raise.from_points)],
                            vec![Span::plain(&raise.to_points)],
                        ]
                    })
                    .collect(),
            }));
        }
        (None, false) => blocks.push(paragraph(vec![Span::plain(format!(
            "ต้องเพิ่มอีก {} คะแนน (ยังไม่มีคะแนนรายประเด็นที่จะระบุประเด็นที่ควรยกระดับ)",
            view.gap
        ))])),
    }
    if !view.results.is_empty() {
        blocks.push(paragraph(vec![Span::bold("หมวด 7 ผลลัพธ์การดำเนินการ: ตัวชี้วัด")]));
        let years: Vec<i32> = view.results[0].values.iter().map(|value| value.year).collect();
        let mut header = vec!["ตัวชี้วัด".to_string(), "ค่าเป้าหมาย".to_string()];
        header.extend(years.iter().map(|year| year.to_string()));
        header.push("ผล".into());
        let mut widths = vec![8, 2];
        widths.extend(years.iter().map(|_| 2));
        widths.push(2);
        blocks.push(Block::Table(Table {
            widths,
            header: vec![header],
            rows: view
                .results
                .iter()
                .map(|result| {
                    let mut row = vec![
                        vec![Span::plain(format!(
                            "{} ({}) {} [{}]",
                            result.item, result.number, result.name, result.unit
                        ))],
                        vec![Span::plain(dash(&result.target))],
                    ];
                    row.extend(result.values.iter().map(|value| vec![Span::plain(dash(&value.value))]));
                    row.push(match result.status.as_deref() {
                        Some("missed") => vec![Span::bold("ไม่บรรลุ")],
                        Some("met") => vec![Span::plain("บรรลุ")],
                        Some(_) => vec![Span::plain("ไม่มีข้อมูล")],
                        None => vec![Span::plain("-")],
                    });
                    row
                })
                .collect(),
        }));
    }
    blocks_docx(&blocks)
}
