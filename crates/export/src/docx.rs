//! The form as a Word document: docx-rs writes the body, then the package is
//! rewritten once to embed Sarabun (docx-rs names fonts but cannot embed them).
//!
//! Embedding follows ECMA-376 Part 1 §17.8.1: each font file is stored as an
//! "obfuscated" part (its first 32 bytes XORed with a key taken from a GUID
//! that `fontTable.xml` names), linked from the font table, and
//! `settings.xml` says `embedTrueTypeFonts`. Word and LibreOffice then show
//! the form in Sarabun on a machine that lacks it.

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, BreakType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts, Shading, ShdType, Table,
    TableCell, TableLayoutType, TableRow, WidthType,
};
use tidtam_domain::form::ReportForm;
use tidtam_domain::{FiscalYear, Quarter};

use crate::ExportError;
use crate::fonts::{FAMILY, SARABUN_BOLD, SARABUN_REGULAR};
use crate::layout::{Block, Span, report_form};

/// One report to export: the form, the year and quarter it reports on.
#[derive(Clone, Copy, Debug)]
pub struct FormRef<'a> {
    pub form: &'a ReportForm,
    pub fiscal_year: FiscalYear,
    pub quarter: Quarter,
}

/// A4 in twentieths of a point, with 2.54 cm margins (3.17 cm left, the Thai
/// government's document layout leaves room for binding).
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
const MARGIN_LEFT: i32 = 1_797;
const MARGIN_OTHER: i32 = 1_440;
const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT as u32 - MARGIN_OTHER as u32;
/// Body text size in half-points: Sarabun at 14 pt reads like TH Sarabun New at 16 pt.
const TEXT_SIZE: usize = 28;

/// The ministry's form of one quarterly report, as a DOCX file.
pub fn report_docx(report: FormRef<'_>) -> Result<Vec<u8>, ExportError> {
    portfolio_docx(&[report])
}

/// Every report given, one form after another, each starting on a new page.
pub fn portfolio_docx(reports: &[FormRef<'_>]) -> Result<Vec<u8>, ExportError> {
    let mut document = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(PageMargin::new().top(MARGIN_OTHER).bottom(MARGIN_OTHER).left(MARGIN_LEFT).right(MARGIN_OTHER))
        .default_fonts(RunFonts::new().ascii(FAMILY).hi_ansi(FAMILY).cs(FAMILY).east_asia(FAMILY))
        .default_size(TEXT_SIZE)
        .default_line_spacing(LineSpacing::new().after(60));
    for (index, report) in reports.iter().enumerate() {
        if index > 0 {
            document = add_block(document, &Block::PageBreak);
        }
        for block in report_form(report.form, Some(report.fiscal_year), Some(report.quarter)) {
            document = add_block(document, &block);
        }
    }
    pack(document)
}

/// Any laid-out blocks as a DOCX file, on the form's page and font (the
/// performance-agreement and PMQA documents use it).
pub fn blocks_docx(blocks: &[Block]) -> Result<Vec<u8>, ExportError> {
    let mut document = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(PageMargin::new().top(MARGIN_OTHER).bottom(MARGIN_OTHER).left(MARGIN_LEFT).right(MARGIN_OTHER))
        .default_fonts(RunFonts::new().ascii(FAMILY).hi_ansi(FAMILY).cs(FAMILY).east_asia(FAMILY))
        .default_size(TEXT_SIZE)
        .default_line_spacing(LineSpacing::new().after(60));
    for block in blocks {
        document = add_block(document, block);
    }
    pack(document)
}

fn pack(document: Docx) -> Result<Vec<u8>, ExportError> {
    let mut packed = Cursor::new(Vec::new());
    document.build().pack(&mut packed).map_err(|error| ExportError::Docx(error.to_string()))?;
    embed_fonts(&packed.into_inner())
}

fn run(span: &Span) -> Run {
    let run = Run::new().add_text(&span.text);
    if span.bold { run.bold() } else { run }
}

fn add_block(document: Docx, block: &Block) -> Docx {
    match block {
        Block::Title(text) => document.add_paragraph(
            Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(text).bold().size(TEXT_SIZE + 4)),
        ),
        Block::Paragraph { spans, indent } => {
            let mut paragraph = Paragraph::new();
            if *indent > 0 {
                paragraph = paragraph.indent(Some(i32::from(*indent) * 425), None, None, None);
            } else if spans.first().is_some_and(|span| span.bold) {
                // A section heading: a little air above it, as the ministry's form has.
                paragraph = paragraph.line_spacing(LineSpacing::new().before(120).after(60));
            }
            for span in spans {
                paragraph = paragraph.add_run(run(span));
            }
            document.add_paragraph(paragraph)
        }
        Block::Table(table) => {
            let total: u32 = table.widths.iter().sum::<u32>().max(1);
            let widths: Vec<usize> = table
                .widths
                .iter()
                .map(|w| (u64::from(TEXT_WIDTH) * u64::from(*w) / u64::from(total)) as usize)
                .collect();
            let mut rows = Vec::with_capacity(table.header.len() + table.rows.len());
            for header in &table.header {
                let cells = header
                    .iter()
                    .zip(&widths)
                    .map(|(text, &width)| {
                        TableCell::new()
                            .width(width, WidthType::Dxa)
                            .shading(Shading::new().shd_type(ShdType::Clear).fill("E7EEF7"))
                            .add_paragraph(
                                Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(text)),
                            )
                    })
                    .collect();
                rows.push(TableRow::new(cells));
            }
            for row in &table.rows {
                let cells = row
                    .iter()
                    .zip(&widths)
                    .map(|(spans, &width)| {
                        let paragraph = spans.iter().fold(Paragraph::new(), |p, span| p.add_run(run(span)));
                        TableCell::new().width(width, WidthType::Dxa).add_paragraph(paragraph)
                    })
                    .collect();
                rows.push(TableRow::new(cells));
            }
            document.add_table(
                Table::new(rows)
                    .set_grid(widths)
                    .width(TEXT_WIDTH as usize, WidthType::Dxa)
                    .layout(TableLayoutType::Fixed),
            )
        }
        Block::PageBreak => document.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page))),
    }
}

/// The font parts: (part name, relationship id, GUID key, element in the font table, bytes).
const EMBEDDED: [(&str, &str, &str, &str, &[u8]); 2] = [
    ("word/fonts/font1.odttf", "rIdFont1", "{6C3B8A52-0F4E-4C1B-9B7A-5A1D2E3F4001}", "embedRegular", SARABUN_REGULAR),
    ("word/fonts/font2.odttf", "rIdFont2", "{6C3B8A52-0F4E-4C1B-9B7A-5A1D2E3F4002}", "embedBold", SARABUN_BOLD),
];

/// ECMA-376's font obfuscation: the GUID's 16 bytes, read from its last hex
/// pair to its first, XORed over the font's first 32 bytes (twice over the key).
pub fn obfuscate(font: &[u8], guid: &str) -> Vec<u8> {
    let hex: Vec<u8> = guid.bytes().filter(u8::is_ascii_hexdigit).collect();
    let nibble = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
    let key: Vec<u8> = hex.chunks(2).rev().map(|pair| nibble(pair[0]) << 4 | nibble(pair[1])).collect();
    let mut out = font.to_vec();
    for (index, byte) in out.iter_mut().take(32).enumerate() {
        *byte ^= key[index % key.len()];
    }
    out
}

fn font_table() -> String {
    let mut embeds = String::new();
    for (_, id, guid, element, _) in EMBEDDED {
        embeds.push_str(&format!(r#"<w:{element} r:id="{id}" w:fontKey="{guid}"/>"#));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="{FAMILY}"><w:charset w:val="DE"/><w:family w:val="auto"/><w:pitch w:val="variable"/>{embeds}</w:font><w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"#
    )
}

fn font_table_rels() -> String {
    let mut relationships = String::new();
    for (part, id, ..) in EMBEDDED {
        let target = part.trim_start_matches("word/");
        relationships.push_str(&format!(
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/font" Target="{target}"/>"#
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relationships}</Relationships>"#
    )
}

/// Inserts `<w:embedTrueTypeFonts/>` where the schema's order wants it: after
/// the few settings that come before it, which docx-rs may write (zoom, and
/// the protection and view settings), and before everything else.
fn with_embedding(settings: &str) -> String {
    const BEFORE: [&str; 4] = ["<w:writeProtection", "<w:view", "<w:zoom", "<w:removePersonalInformation"];
    let Some(open_end) = settings.find("<w:settings").and_then(|at| settings[at..].find('>').map(|end| at + end + 1))
    else {
        return settings.to_string();
    };
    let mut at = open_end;
    // Skip the leading elements that precede embedTrueTypeFonts in CT_Settings.
    while let Some(element) = BEFORE.iter().find(|tag| settings[at..].trim_start().starts_with(*tag)) {
        let start = at + (settings[at..].len() - settings[at..].trim_start().len());
        let rest = &settings[start..];
        let name = &element[1..];
        let end = if let Some(self_closing) = rest.find("/>").filter(|&e| rest[..e].find('>').is_none()) {
            self_closing + 2
        } else if let Some(close) = rest.find(&format!("</{name}>")) {
            close + name.len() + 3
        } else {
            break;
        };
        at = start + end;
    }
    format!("{}<w:embedTrueTypeFonts/>{}", &settings[..at], &settings[at..])
}

/// Rewrites docx-rs's package with the fonts embedded, every part deflated.
fn embed_fonts(package: &[u8]) -> Result<Vec<u8>, ExportError> {
    let fail = |error: &dyn std::fmt::Display| ExportError::Docx(error.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).map_err(|e| fail(&e))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(package.len() / 2 + 200_000)));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| fail(&e))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_string();
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes).map_err(|e| fail(&e))?;
        let replaced = match name.as_str() {
            "word/fontTable.xml" => Some(font_table()),
            "word/settings.xml" => Some(with_embedding(&String::from_utf8_lossy(&bytes))),
            "[Content_Types].xml" => {
                let types = String::from_utf8_lossy(&bytes);
                Some(types.replacen(
                    "<Default ",
                    r#"<Default Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"/><Default "#,
                    1,
                ))
            }
            _ => None,
        };
        out.start_file(name, options).map_err(|e| fail(&e))?;
        out.write_all(replaced.as_ref().map_or(&bytes[..], |text| text.as_bytes())).map_err(|e| fail(&e))?;
    }
    out.start_file("word/_rels/fontTable.xml.rels", options).map_err(|e| fail(&e))?;
    out.write_all(font_table_rels().as_bytes()).map_err(|e| fail(&e))?;
    for (part, _, guid, _, font) in EMBEDDED {
        out.start_file(part, options).map_err(|e| fail(&e))?;
        out.write_all(&obfuscate(font, guid)).map_err(|e| fail(&e))?;
    }
    Ok(out.finish().map_err(|e| fail(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obfuscation_is_its_own_inverse_and_uses_the_reversed_guid() {
        let guid = "{00112233-4455-6677-8899-AABBCCDDEEFF}";
        let font: Vec<u8> = (0..40).collect();
        let hidden = obfuscate(&font, guid);
        // The key's first byte is the GUID's last pair (0xFF), its 16th the first pair (0x00).
        assert_eq!(hidden[0], 0xFF);
        assert_eq!(hidden[15], 15);
        assert_eq!(hidden[16], 16 ^ 0xFF);
        assert_eq!(&hidden[32..], &font[32..], "only the first 32 bytes are hidden");
        assert_eq!(obfuscate(&hidden, guid), font);
    }

    #[test]
    fn settings_get_the_embedding_flag_in_schema_order() {
        let settings = r#"<?xml version="1.0"?><w:settings xmlns:w="x"><w:zoom w:percent="100" /><w:defaultTabStop w:val="709" /></w:settings>"#;
        let with = with_embedding(settings);
        assert!(with.contains(r#"<w:zoom w:percent="100" /><w:embedTrueTypeFonts/><w:defaultTabStop"#), "{with}");
    }
}
