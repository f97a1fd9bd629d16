//! Reading a DOCX of the form: paragraphs become lines, table rows become
//! tab-separated lines, bold runs keep `<b>` markers, so the text parser reads a
//! DOCX exactly as it reads converted text.
//!
//! Only `word/document.xml` is read; images, styles and headers are ignored.

use std::io::{BufRead, BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::error::IngestErrorKind;

/// How far a DOCX may expand: `document.xml` is streamed, never held whole, and
/// both the XML read and the lines kept may not exceed this many times the
/// file's size (within [`MIN_BUDGET`]..=[`MAX_BUDGET`]). Real reports' XML is
/// 4–15 times their DOCX; a zip bomb is hundreds of times.
pub const EXPANSION_FACTOR: u64 = 32;
/// The budget of a small file: a one-page report may compress unusually well.
pub const MIN_BUDGET: u64 = 8 * 1024 * 1024;
/// The budget of the largest file accepted.
pub const MAX_BUDGET: u64 = 128 * 1024 * 1024;
/// What a kept line costs beyond its text (the `String` and its slot).
const LINE_OVERHEAD: u64 = 48;

/// The memory budget, in bytes, for reading a DOCX of `file_bytes` bytes.
pub fn budget(file_bytes: usize) -> u64 {
    (file_bytes as u64).saturating_mul(EXPANSION_FACTOR).clamp(MIN_BUDGET, MAX_BUDGET)
}

/// Extracts the document's lines within [`budget`]; past it, `Expands`.
pub fn read_lines(bytes: &[u8]) -> Result<Vec<String>, IngestErrorKind> {
    let broken = |why: String| IngestErrorKind::BrokenDocx(why);
    let limit = budget(bytes.len());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|error| broken(error.to_string()))?;
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|_| broken("no word/document.xml: not a Word document / ไม่ใช่เอกสาร Word".to_string()))?;
    let mut xml = BufReader::new(entry.take(limit + 1));
    let read = lines_from_xml(&mut xml, limit);
    // All of `limit + 1` bytes were taken: the XML is larger than the budget,
    // whatever the parser made of its truncated end.
    if xml.get_ref().limit() == 0 {
        return Err(IngestErrorKind::Expands { limit, factor: EXPANSION_FACTOR });
    }
    match read {
        Ok(lines) => Ok(lines),
        Err(Stop::Budget) => Err(IngestErrorKind::Expands { limit, factor: EXPANSION_FACTOR }),
        Err(Stop::Broken(why)) => Err(broken(why)),
    }
}

/// Why reading the XML stopped early.
enum Stop {
    /// The lines kept went over the budget.
    Budget,
    Broken(String),
}

#[derive(Default)]
struct Walker {
    lines: Vec<String>,
    paragraph: String,
    /// Cells of the row being read (innermost table), and the current cell's text.
    cells: Vec<String>,
    cell: String,
    table_depth: usize,
    in_text: bool,
    run_bold: bool,
    bold_open: bool,
}

impl Walker {
    fn push_text(&mut self, text: &str) {
        if self.run_bold && !self.bold_open && !text.trim().is_empty() {
            self.paragraph.push_str("<b>");
            self.bold_open = true;
        }
        self.paragraph.push_str(text);
    }

    fn close_bold(&mut self) {
        if self.bold_open {
            self.paragraph.push_str("</b>");
            self.bold_open = false;
        }
    }

    fn end_paragraph(&mut self) {
        self.close_bold();
        let text = std::mem::take(&mut self.paragraph);
        if self.table_depth > 0 {
            if !self.cell.is_empty() && !text.is_empty() {
                self.cell.push(' ');
            }
            // A tab inside a cell would split the row: keep cells whole.
            self.cell.push_str(&text.replace('\t', " "));
        } else {
            self.lines.push(text);
        }
    }
}

fn local_name(name: &[u8]) -> &[u8] {
    name.rsplit(|&byte| byte == b':').next().unwrap_or(name)
}

fn lines_from_xml<R: BufRead>(xml: R, budget: u64) -> Result<Vec<String>, Stop> {
    let mut reader = Reader::from_reader(xml);
    let mut walker = Walker::default();
    let mut buffer = Vec::new();
    let mut in_run_properties = false;
    let mut kept: u64 = 0;
    loop {
        let event = reader.read_event_into(&mut buffer).map_err(|error| Stop::Broken(format!("XML: {error}")))?;
        if walker.lines.len() as u64 * LINE_OVERHEAD + kept > budget {
            return Err(Stop::Budget);
        }
        match event {
            Event::Start(start) | Event::Empty(start) => match local_name(start.name().as_ref()) {
                b"tbl" => walker.table_depth += 1,
                b"tr" if walker.table_depth > 0 => walker.cells.clear(),
                b"tc" => walker.cell.clear(),
                b"r" => walker.run_bold = false,
                b"rPr" => in_run_properties = true,
                b"b" if in_run_properties => {
                    let off = start.attributes().flatten().any(|attribute| {
                        local_name(attribute.key.as_ref()) == b"val"
                            && matches!(attribute.value.as_ref(), b"0" | b"false" | b"off")
                    });
                    walker.run_bold = !off;
                }
                b"t" => walker.in_text = true,
                b"tab" if !in_run_properties => walker.push_text("\t"),
                b"br" | b"cr" => walker.push_text(" "),
                _ => {}
            },
            Event::End(end) => match local_name(end.name().as_ref()) {
                b"t" => walker.in_text = false,
                b"rPr" => in_run_properties = false,
                b"r" => {
                    if walker.run_bold {
                        walker.close_bold();
                    }
                    walker.run_bold = false;
                }
                b"p" => {
                    walker.end_paragraph();
                    kept += walker.lines.last().map_or(0, |line| line.len() as u64);
                }
                b"tc" => {
                    let cell = std::mem::take(&mut walker.cell);
                    walker.cells.push(cell);
                }
                b"tr" if walker.table_depth > 0 => {
                    let row = walker.cells.join("\t");
                    walker.cells.clear();
                    let line = if row.contains('\t') { row } else { format!("{row}\t") };
                    kept += line.len() as u64;
                    walker.lines.push(line);
                }
                b"tbl" => walker.table_depth = walker.table_depth.saturating_sub(1),
                _ => {}
            },
            Event::Text(text) if walker.in_text => {
                let decoded = text.decode().map_err(|error| Stop::Broken(format!("text: {error}")))?;
                let unescaped =
                    quick_xml::escape::unescape(&decoded).map_err(|error| Stop::Broken(format!("text: {error}")))?;
                walker.push_text(&unescaped);
            }
            Event::GeneralRef(reference) if walker.in_text => {
                let name = reference.decode().map_err(|error| Stop::Broken(format!("entity: {error}")))?;
                let text = match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                };
                walker.push_text(text);
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    Ok(walker.lines)
}
