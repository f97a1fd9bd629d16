//! PDFs typeset in-process: a small layout engine over krilla.
//!
//! Text is shaped with rustybuzz (the shaper krilla itself uses), so Thai
//! vowels and tone marks sit on their consonants (Sarabun's GPOS and GSUB),
//! and broken into lines only where UAX #14 with ICU4X's Thai dictionary
//! allows it (`tidtam_thai::segment::line_breaks`): Thai has no spaces between
//! words, so breaking at spaces alone would overflow, and breaking anywhere
//! would split words or strand a mark at the start of a line. A word wider
//! than its column is the only thing broken inside, at a cluster boundary.
//!
//! Layout runs first and produces pages of positioned glyph runs and rules;
//! drawing them with krilla comes last, when the page count is known for the
//! footers. Both fonts are embedded (krilla subsets them to the glyphs used).

use krilla::Document;
use krilla::color::{luma, rgb};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use tidtam_api::exports::{DashboardExport, ProjectExport};
use tidtam_api::portfolio::PortfolioGroup;
use tidtam_domain::Baht;
use tidtam_thai::segment::line_breaks;

use crate::ExportError;
use crate::fonts::{SARABUN_BOLD, SARABUN_REGULAR};
use crate::layout::{Block, Cell, Span, Table, report_form};
use crate::thai_text::{amount, amount_with_words, count, percent, ratio_percent};
use crate::xlsx::status_th;

/// A4 in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN_LEFT: f32 = 64.0;
const MARGIN_RIGHT: f32 = 48.0;
const MARGIN_TOP: f32 = 48.0;
/// Room for the footer under the text.
const MARGIN_BOTTOM: f32 = 56.0;
const TEXT_SIZE: f32 = 12.0;
const TITLE_SIZE: f32 = 15.0;
/// Line height as a multiple of the size: Thai stacks marks above and below.
const LEADING: f32 = 1.55;
const CELL_PADDING: f32 = 4.0;
const INDENT: f32 = 18.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Weight {
    Regular,
    Bold,
}

/// What is drawn on a page, in points from the page's top left.
#[derive(Clone, Debug)]
enum Item {
    /// A shaped run: glyphs with their advances, the run's text (for copy and search).
    Text { x: f32, baseline: f32, size: f32, weight: Weight, glyphs: Vec<KrillaGlyph>, text: String },
    /// A filled rectangle (table headers, bars), grey level or colour.
    Fill { rect: (f32, f32, f32, f32), colour: (u8, u8, u8) },
    /// A thin line (table rules).
    Rule { from: (f32, f32), to: (f32, f32) },
}

/// A shaped glyph with its cluster's place in the paragraph's text.
#[derive(Clone, Debug)]
struct Shaped {
    glyph: u16,
    /// In ems.
    advance: f32,
    x_offset: f32,
    y_offset: f32,
    /// Byte range of its cluster in the paragraph.
    cluster: std::ops::Range<usize>,
    weight: Weight,
}

/// One laid-out line: glyphs and its width in points.
struct Line {
    glyphs: Vec<Shaped>,
    width: f32,
}

/// The typesetter: fonts, the pages so far and where the next block goes.
struct Typesetter {
    regular: rustybuzz::Face<'static>,
    bold: rustybuzz::Face<'static>,
    pages: Vec<Vec<Item>>,
    y: f32,
    /// Header row of the table being laid out, repeated on each new page.
    footer_title: String,
}

impl Typesetter {
    fn new(footer_title: String) -> Result<Typesetter, ExportError> {
        let face = |bytes: &'static [u8]| {
            rustybuzz::Face::from_slice(bytes, 0).ok_or_else(|| ExportError::Pdf("the font does not parse".into()))
        };
        Ok(Typesetter {
            regular: face(SARABUN_REGULAR)?,
            bold: face(SARABUN_BOLD)?,
            pages: vec![Vec::new()],
            y: MARGIN_TOP,
            footer_title,
        })
    }

    fn face(&self, weight: Weight) -> &rustybuzz::Face<'static> {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Shapes each span on its own (a span is one font) and returns the
    /// paragraph's text with its glyphs, clusters counted in that text.
    fn shape(&self, spans: &[Span]) -> (String, Vec<Shaped>) {
        let mut text = String::new();
        let mut glyphs = Vec::new();
        for span in spans {
            let offset = text.len();
            text.push_str(&span.text);
            let weight = if span.bold { Weight::Bold } else { Weight::Regular };
            let face = self.face(weight);
            let units = f32::from(face.units_per_em() as u16);
            let mut buffer = rustybuzz::UnicodeBuffer::new();
            buffer.push_str(&span.text);
            buffer.guess_segment_properties();
            let output = rustybuzz::shape(face, &[], buffer);
            let infos = output.glyph_infos();
            let positions = output.glyph_positions();
            for (index, (info, position)) in infos.iter().zip(positions).enumerate() {
                let start = info.cluster as usize;
                let end = infos[index..]
                    .iter()
                    .map(|next| next.cluster as usize)
                    .find(|&next| next != start)
                    .unwrap_or(span.text.len());
                glyphs.push(Shaped {
                    glyph: info.glyph_id as u16,
                    advance: position.x_advance as f32 / units,
                    x_offset: position.x_offset as f32 / units,
                    y_offset: position.y_offset as f32 / units,
                    cluster: offset + start..offset + end.max(start),
                    weight,
                });
            }
        }
        (text, glyphs)
    }

    /// Breaks a paragraph into lines no wider than `width` at `size`.
    fn break_lines(&self, spans: &[Span], size: f32, width: f32) -> (String, Vec<Line>) {
        let (text, glyphs) = self.shape(spans);
        let mut lines = Vec::new();
        let breaks = line_breaks(&text);
        let mut start_glyph = 0;
        while start_glyph < glyphs.len() {
            let start_byte = glyphs[start_glyph].cluster.start;
            // The furthest break whose line fits; spaces at a line's end do not count.
            let mut end_glyph = None;
            let mut width_to = 0.0;
            let mut glyph = start_glyph;
            for &offset in breaks.iter().filter(|&&b| b > start_byte) {
                let mut candidate = glyph;
                let mut w = width_to;
                while candidate < glyphs.len() && glyphs[candidate].cluster.start < offset {
                    w += glyphs[candidate].advance * size;
                    candidate += 1;
                }
                let trailing: f32 = glyphs[glyph..candidate]
                    .iter()
                    .rev()
                    .take_while(|g| text[g.cluster.clone()].chars().all(char::is_whitespace))
                    .map(|g| g.advance * size)
                    .sum();
                if w - trailing > width && end_glyph.is_some() {
                    break;
                }
                end_glyph = Some(candidate);
                width_to = w;
                glyph = candidate;
                if w - trailing > width {
                    break;
                }
            }
            let mut end = end_glyph.unwrap_or(glyphs.len()).max(start_glyph + 1);
            let measured: f32 = glyphs[start_glyph..end].iter().map(|g| g.advance * size).sum();
            if measured > width {
                // A word wider than the column: cut it at the last cluster that fits.
                let mut w = 0.0;
                let mut cut = start_glyph;
                while cut < end && w + glyphs[cut].advance * size <= width {
                    w += glyphs[cut].advance * size;
                    cut += 1;
                }
                // Keep marks with their base: never cut inside a cluster.
                while cut > start_glyph + 1 && glyphs[cut - 1].cluster == glyphs[cut.min(end - 1)].cluster {
                    cut -= 1;
                }
                end = cut.max(start_glyph + 1);
            }
            let mut line: Vec<Shaped> = glyphs[start_glyph..end].to_vec();
            while line.last().is_some_and(|g| text[g.cluster.clone()].chars().all(char::is_whitespace)) {
                line.pop();
            }
            let width_used = line.iter().map(|g| g.advance * size).sum();
            lines.push(Line { glyphs: line, width: width_used });
            start_glyph = end;
        }
        (text, lines)
    }

    /// Items that draw `lines` from (`x`, top `y`), each run of one font a text item.
    fn line_items(text: &str, lines: &[Line], x: f32, y: f32, size: f32, centred_in: Option<f32>) -> Vec<Item> {
        let mut items = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            let baseline = y + index as f32 * size * LEADING + size * 1.1;
            let mut pen = x + centred_in.map_or(0.0, |w| ((w - line.width) / 2.0).max(0.0));
            let mut run_start = 0;
            while run_start < line.glyphs.len() {
                let weight = line.glyphs[run_start].weight;
                let run_end = line.glyphs[run_start..]
                    .iter()
                    .position(|g| g.weight != weight)
                    .map_or(line.glyphs.len(), |offset| run_start + offset);
                let run = &line.glyphs[run_start..run_end];
                let text_start = run.iter().map(|g| g.cluster.start).min().unwrap_or(0);
                let text_end = run.iter().map(|g| g.cluster.end).max().unwrap_or(text_start);
                let glyphs: Vec<KrillaGlyph> = run
                    .iter()
                    .map(|g| {
                        KrillaGlyph::new(
                            GlyphId::new(u32::from(g.glyph)),
                            g.advance,
                            g.x_offset,
                            -g.y_offset,
                            0.0,
                            g.cluster.start - text_start..g.cluster.end - text_start,
                            None,
                        )
                    })
                    .collect();
                let run_width: f32 = run.iter().map(|g| g.advance * size).sum();
                items.push(Item::Text {
                    x: pen,
                    baseline,
                    size,
                    weight,
                    glyphs,
                    text: text[text_start..text_end].to_string(),
                });
                pen += run_width;
                run_start = run_end;
            }
        }
        items
    }

    fn bottom(&self) -> f32 {
        PAGE_HEIGHT - MARGIN_BOTTOM
    }

    fn text_width(&self) -> f32 {
        PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN_TOP;
    }

    fn page(&mut self) -> &mut Vec<Item> {
        self.pages.last_mut().expect("a page is always open")
    }

    /// A paragraph, moved to a new page line by line as the page fills.
    fn paragraph(&mut self, spans: &[Span], indent: f32, size: f32, centred: bool) {
        let width = self.text_width() - indent;
        let (text, lines) = self.break_lines(spans, size, width);
        let line_height = size * LEADING;
        for line in lines {
            if self.y + line_height > self.bottom() {
                self.new_page();
            }
            let x = MARGIN_LEFT + indent;
            let items = Self::line_items(&text, std::slice::from_ref(&line), x, self.y, size, centred.then_some(width));
            self.page().extend(items);
            self.y += line_height;
        }
        self.y += size * 0.3;
    }

    /// A cell's lines, laid out at the origin; returns the items and the height.
    fn cell(&self, spans: &Cell, width: f32, size: f32) -> (Vec<Item>, f32) {
        if spans.iter().all(|span| span.text.trim().is_empty()) {
            return (Vec::new(), size * LEADING);
        }
        let (text, lines) = self.break_lines(spans, size, width);
        let height = lines.len().max(1) as f32 * size * LEADING;
        (Self::line_items(&text, &lines, 0.0, 0.0, size, None), height)
    }

    /// A cell's lines, each laid out from its own top at the origin.
    fn cell_lines(&self, spans: &Cell, width: f32, size: f32) -> Vec<Vec<Item>> {
        if spans.iter().all(|span| span.text.trim().is_empty()) {
            return Vec::new();
        }
        let (text, lines) = self.break_lines(spans, size, width);
        lines.iter().map(|line| Self::line_items(&text, std::slice::from_ref(line), 0.0, 0.0, size, None)).collect()
    }

    /// A table: the header repeated at the top of every page it continues on,
    /// a row moved whole to the next page when it fits there, and split line by
    /// line across pages when it is taller than a page.
    fn table(&mut self, table: &Table) {
        let size = TEXT_SIZE - 1.0;
        let line_height = size * LEADING;
        // A header row alone at the foot of a page says nothing: keep it with a row or two.
        self.keep(line_height * 4.0 + 4.0 * CELL_PADDING);
        let total: u32 = table.widths.iter().sum::<u32>().max(1);
        let widths: Vec<f32> = table.widths.iter().map(|w| self.text_width() * *w as f32 / total as f32).collect();
        let lay = |typesetter: &Typesetter, row: &[Cell]| -> Vec<Vec<Vec<Item>>> {
            row.iter()
                .zip(&widths)
                .map(|(cell, width)| typesetter.cell_lines(cell, width - 2.0 * CELL_PADDING, size))
                .collect()
        };
        let headers: Vec<Vec<Vec<Vec<Item>>>> = table
            .header
            .iter()
            .map(|row| lay(self, &row.iter().map(|text| vec![Span::bold(text.clone())]).collect::<Vec<Cell>>()))
            .collect();
        let line_count = |cells: &[Vec<Vec<Item>>]| cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let header_height: f32 =
            headers.iter().map(|cells| line_count(cells) as f32 * line_height + 2.0 * CELL_PADDING).sum();
        for header in &headers {
            self.place_lines(header, 0, line_count(header), &widths, line_height, true);
        }
        for row in &table.rows {
            let cells = lay(self, row);
            let needed = line_count(&cells);
            let mut from = 0;
            while from < needed {
                let bottom = self.bottom();
                let fits = |y: f32| ((bottom - y - 2.0 * CELL_PADDING) / line_height).floor().max(0.0) as usize;
                let here = fits(self.y);
                let on_a_new_page = fits(MARGIN_TOP + header_height);
                let left = needed - from;
                // Whole if it fits here; moved whole if it fits on the next page; else split,
                // unless too little of it would stay here.
                let count = if left <= here {
                    left
                } else if (from == 0 && left <= on_a_new_page) || here < 2 {
                    self.new_page();
                    for header in &headers {
                        self.place_lines(header, 0, line_count(header), &widths, line_height, true);
                    }
                    continue_or_one(fits(self.y), left)
                } else {
                    here
                };
                self.place_lines(&cells, from, count, &widths, line_height, false);
                from += count;
                if from < needed {
                    self.new_page();
                    for header in &headers {
                        self.place_lines(header, 0, line_count(header), &widths, line_height, true);
                    }
                }
            }
        }
        self.y += TEXT_SIZE * 0.5;
    }

    /// Lines `from..from + count` of a row's cells, with the cell borders around them.
    fn place_lines(
        &mut self,
        cells: &[Vec<Vec<Item>>],
        from: usize,
        count: usize,
        widths: &[f32],
        line_height: f32,
        is_header: bool,
    ) {
        let top = self.y;
        let height = count as f32 * line_height + 2.0 * CELL_PADDING;
        let total_width: f32 = widths.iter().sum();
        if is_header {
            self.page().push(Item::Fill { rect: (MARGIN_LEFT, top, total_width, height), colour: (0xE7, 0xEE, 0xF7) });
        }
        let mut x = MARGIN_LEFT;
        for (lines, width) in cells.iter().zip(widths) {
            for (index, line) in lines.iter().enumerate().skip(from).take(count) {
                let y = top + CELL_PADDING + (index - from) as f32 * line_height;
                for item in line {
                    self.page().push(offset(item.clone(), x + CELL_PADDING, y));
                }
            }
            self.page().push(Item::Rule { from: (x, top), to: (x, top + height) });
            x += width;
        }
        self.page().push(Item::Rule { from: (x, top), to: (x, top + height) });
        self.page().push(Item::Rule { from: (MARGIN_LEFT, top), to: (x, top) });
        self.page().push(Item::Rule { from: (MARGIN_LEFT, top + height), to: (x, top + height) });
        self.y += height;
    }

    /// The width of `text` on one line at `size`.
    fn measure(&self, text: &str, size: f32) -> f32 {
        let (_, glyphs) = self.shape(&[Span::plain(text)]);
        glyphs.iter().map(|g| g.advance * size).sum()
    }

    /// Horizontal bars, one a label, their lengths `value / max`; the value written after the bar.
    fn bars(&mut self, bars: &[(String, f64, String)]) {
        let size = TEXT_SIZE - 1.0;
        let label_width = self.text_width() * 0.22;
        // The longest bar leaves room for the widest caption after it.
        let widest = bars.iter().map(|(_, _, caption)| self.measure(caption, size)).fold(0.0, f32::max);
        let bar_room = (self.text_width() - label_width - widest - 12.0).max(self.text_width() * 0.2);
        let max = bars.iter().map(|(_, value, _)| *value).fold(0.0, f64::max);
        self.keep(size * LEADING * 2.0);
        for (label, value, caption) in bars {
            let (label_items, label_height) = self.cell(&vec![Span::plain(label.clone())], label_width - 6.0, size);
            let height = label_height.max(size * LEADING) + 4.0;
            if self.y + height > self.bottom() {
                self.new_page();
            }
            let top = self.y;
            for item in label_items {
                self.page().push(offset(item, MARGIN_LEFT, top));
            }
            let length = if max > 0.0 { (value / max) as f32 * bar_room } else { 0.0 };
            let bar_top = top + size * 0.35;
            self.page().push(Item::Fill {
                rect: (MARGIN_LEFT + label_width, bar_top, length.max(0.5), size * 0.9),
                colour: (0x2F, 0x6D, 0xB5),
            });
            let caption_x = MARGIN_LEFT + label_width + length + 6.0;
            let caption_width = PAGE_WIDTH - MARGIN_RIGHT - caption_x;
            let (caption_items, _) = self.cell(&vec![Span::plain(caption.clone())], caption_width, size);
            for item in caption_items {
                self.page().push(offset(item, caption_x, top));
            }
            self.y += height;
        }
        self.y += TEXT_SIZE * 0.5;
    }

    /// Starts a new page when less than `height` is left, so a heading is not
    /// left alone at the foot of a page.
    fn keep(&mut self, height: f32) {
        if self.y + height > self.bottom() && self.y > MARGIN_TOP {
            self.new_page();
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Title(text) => {
                self.paragraph(&[Span::bold(text.clone())], 0.0, TITLE_SIZE, true);
                self.y += 4.0;
            }
            Block::Paragraph { spans, indent } => {
                // A paragraph that is all bold is a heading: keep it with three lines of what follows.
                if spans.iter().all(|span| span.bold) {
                    self.keep(TEXT_SIZE * LEADING * 4.0);
                }
                self.paragraph(spans, f32::from(*indent) * INDENT, TEXT_SIZE, false)
            }
            Block::Table(table) => self.table(table),
            Block::PageBreak => self.new_page(),
        }
    }

    /// Draws every page with krilla, with "หน้า ๑/๓" and the document's name in the footer.
    fn finish(mut self, title: &str) -> Result<Vec<u8>, ExportError> {
        let page_count = self.pages.len();
        let footer_title = self.footer_title.clone();
        for index in 0..page_count {
            let footer = format!("{footer_title}  ·  หน้า {}/{}", count(index + 1), count(page_count));
            let spans = [Span::plain(footer)];
            let (text, lines) = self.break_lines(&spans, 9.0, PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT);
            let items =
                Self::line_items(&text, &lines[..lines.len().min(1)], MARGIN_LEFT, PAGE_HEIGHT - 40.0, 9.0, None);
            self.pages[index].extend(items);
        }
        let regular = Font::new(krilla::Data::from(SARABUN_REGULAR), 0)
            .ok_or_else(|| ExportError::Pdf("Sarabun Regular does not load".into()))?;
        let bold = Font::new(krilla::Data::from(SARABUN_BOLD), 0)
            .ok_or_else(|| ExportError::Pdf("Sarabun Bold does not load".into()))?;
        let mut document = Document::new();
        document.set_metadata(Metadata::new().title(title.to_string()).language("th".to_string()));
        for items in &self.pages {
            let settings =
                PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| ExportError::Pdf("page size".into()))?;
            let mut page = document.start_page_with(settings);
            let mut surface = page.surface();
            for item in items {
                match item {
                    Item::Fill { rect: (x, y, w, h), colour: (r, g, b) } => {
                        let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else { continue };
                        let mut path = PathBuilder::new();
                        path.push_rect(rect);
                        if let Some(path) = path.finish() {
                            surface.set_stroke(None);
                            surface
                                .set_fill(Some(Fill { paint: rgb::Color::new(*r, *g, *b).into(), ..Fill::default() }));
                            surface.draw_path(&path);
                        }
                    }
                    Item::Rule { from, to } => {
                        let mut path = PathBuilder::new();
                        path.move_to(from.0, from.1);
                        path.line_to(to.0, to.1);
                        if let Some(path) = path.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(Stroke {
                                paint: luma::Color::new(120).into(),
                                width: 0.5,
                                ..Stroke::default()
                            }));
                            surface.draw_path(&path);
                        }
                    }
                    Item::Text { x, baseline, size, weight, glyphs, text } => {
                        surface.set_stroke(None);
                        surface.set_fill(Some(Fill::default()));
                        let font = match weight {
                            Weight::Regular => regular.clone(),
                            Weight::Bold => bold.clone(),
                        };
                        surface.draw_glyphs(Point::from_xy(*x, *baseline), glyphs, font, text, *size, false);
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        document.finish().map_err(|error| ExportError::Pdf(format!("{error:?}")))
    }
}

/// How many of `left` lines go on a fresh page that holds `room`: all that fit,
/// and at least one, so that a page too small for any line still moves on.
fn continue_or_one(room: usize, left: usize) -> usize {
    left.min(room).max(1)
}

fn offset(item: Item, dx: f32, dy: f32) -> Item {
    match item {
        Item::Text { x, baseline, size, weight, glyphs, text } => {
            Item::Text { x: x + dx, baseline: baseline + dy, size, weight, glyphs, text }
        }
        Item::Fill { rect: (x, y, w, h), colour } => Item::Fill { rect: (x + dx, y + dy, w, h), colour },
        Item::Rule { from, to } => Item::Rule { from: (from.0 + dx, from.1 + dy), to: (to.0 + dx, to.1 + dy) },
    }
}

fn heading(text: impl Into<String>) -> Block {
    Block::Paragraph { spans: vec![Span::bold(text)], indent: 0 }
}

fn plain_cell(text: impl Into<String>) -> Cell {
    vec![Span::plain(text)]
}

fn money(value: Option<Baht>) -> String {
    value.map_or_else(|| "-".to_string(), amount)
}

/// An average of percentages (computed, so rounded to one decimal).
fn average(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("ร้อยละ {}", ratio_percent(v / 100.0)))
}

/// A summed amount, to the baht: a dashboard compares sizes, the forms carry the satang.
fn whole(value: Baht) -> String {
    amount(Baht::from_baht((value.satang() + 50).div_euclid(100)))
}

fn ratio(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("ร้อยละ {}", ratio_percent(v)))
}

/// A project's page on paper: the project, its budgets, indicators and reports
/// quarter by quarter, then its latest report's form (the 14 sections).
pub fn project_pdf(project: &ProjectExport) -> Result<Vec<u8>, ExportError> {
    let p = &project.detail.project;
    let mut typesetter = Typesetter::new(p.name.clone())?;
    let mut blocks = vec![Block::Title(p.name.clone())];
    let years = if p.start_year == p.end_year {
        format!("ปีงบประมาณ พ.ศ. {}", count(p.start_year.be()))
    } else {
        format!("ปีงบประมาณ พ.ศ. {} – {}", count(p.start_year.be()), count(p.end_year.be()))
    };
    let mut facts: Vec<(String, String)> = vec![
        ("รหัสโครงการ".into(), p.code.clone().unwrap_or_else(|| "-".into())),
        ("หน่วยงาน".into(), project.agency.clone()),
        ("กอง/สำนัก".into(), project.division.clone().unwrap_or_else(|| "-".into())),
        ("ระยะเวลา".into(), years),
        ("แหล่งงบประมาณ".into(), p.budget_source.clone().unwrap_or_else(|| "-".into())),
        ("มูลค่าโครงการ".into(), amount_with_words(p.value)),
    ];
    let area = match (&p.area, p.nationwide) {
        (Some(area), _) => area.clone(),
        (None, true) => "ทั่วประเทศ".into(),
        (None, false) => "-".into(),
    };
    facts.push(("พื้นที่ดำเนินการ".into(), area));
    blocks.push(Block::Table(Table {
        widths: vec![28, 72],
        header: Vec::new(),
        rows: facts.into_iter().map(|(k, v)| vec![vec![Span::bold(k)], plain_cell(v)]).collect(),
    }));
    if !p.objectives.is_empty() {
        blocks.push(heading("วัตถุประสงค์"));
        blocks.extend(p.objectives.iter().map(|o| Block::Paragraph { spans: vec![Span::plain(o.clone())], indent: 1 }));
    }

    blocks.push(heading("งบประมาณรายปี"));
    let mut budgets: Vec<Vec<Cell>> = project
        .detail
        .budgets
        .iter()
        .map(|b| {
            vec![
                plain_cell(count(b.fiscal_year.be())),
                plain_cell(amount(b.allocated)),
                plain_cell(amount(b.contracted)),
                plain_cell(amount(b.carried_over)),
            ]
        })
        .collect();
    if budgets.is_empty() {
        budgets.push(vec![plain_cell("-"), plain_cell("-"), plain_cell("-"), plain_cell("-")]);
    }
    blocks.push(Block::Table(Table {
        widths: vec![16, 28, 28, 28],
        header: vec![vec![
            "ปีงบประมาณ".into(),
            "ได้รับจัดสรร (บาท)".into(),
            "ตามสัญญา (บาท)".into(),
            "เงินกันเหลื่อมปี (บาท)".into(),
        ]],
        rows: budgets,
    }));

    blocks.push(heading("ตัวชี้วัด"));
    let mut kpis: Vec<Vec<Cell>> = project
        .detail
        .kpis
        .iter()
        .map(|k| {
            let kind = match k.kind {
                tidtam_domain::form::KpiKind::Quantitative => "เชิงปริมาณ",
                tidtam_domain::form::KpiKind::Qualitative => "เชิงคุณภาพ",
            };
            let targets: Vec<String> =
                k.targets.iter().map(|t| format!("{}: {}", count(t.fiscal_year.be()), t.text)).collect();
            vec![plain_cell(k.name.clone()), plain_cell(kind), plain_cell(targets.join(" / "))]
        })
        .collect();
    if kpis.is_empty() {
        kpis.push(vec![plain_cell("-"), plain_cell("-"), plain_cell("-")]);
    }
    blocks.push(Block::Table(Table {
        widths: vec![50, 16, 34],
        header: vec![vec!["ตัวชี้วัด".into(), "ประเภท".into(), "ค่าเป้าหมาย".into()]],
        rows: kpis,
    }));

    blocks.push(heading("รายงานรายไตรมาส"));
    let mut reports: Vec<Vec<Cell>> = project
        .detail
        .reports
        .iter()
        .map(|r| {
            vec![
                plain_cell(format!("{}/{}", count(r.quarter.number()), count(r.fiscal_year.be()))),
                plain_cell(status_th(r.status)),
                plain_cell(r.progress_percent.map_or_else(|| "-".into(), |v| format!("ร้อยละ {}", percent(v)))),
                plain_cell(money(r.disbursed)),
                plain_cell(count(r.finding_count)),
            ]
        })
        .collect();
    if reports.is_empty() {
        reports.push(vec![plain_cell("ยังไม่มีรายงาน"), plain_cell(""), plain_cell(""), plain_cell(""), plain_cell("")]);
    }
    blocks.push(Block::Table(Table {
        widths: vec![16, 18, 20, 28, 18],
        header: vec![vec![
            "ไตรมาส/ปี".into(),
            "สถานะ".into(),
            "ความก้าวหน้า".into(),
            "เบิกจ่ายแล้ว (บาท)".into(),
            "ข้อสังเกต".into(),
        ]],
        rows: reports,
    }));
    for block in &blocks {
        typesetter.block(block);
    }
    if let Some(latest) = &project.latest {
        typesetter.new_page();
        typesetter.paragraph(
            &[Span::plain(format!(
                "รายงานล่าสุด: ไตรมาสที่ {} ปีงบประมาณ พ.ศ. {} ({})",
                count(latest.quarter.number()),
                count(latest.fiscal_year.be()),
                status_th(latest.status)
            ))],
            0.0,
            TEXT_SIZE - 1.0,
            false,
        );
        for block in report_form(&latest.form, Some(latest.fiscal_year), Some(latest.quarter)) {
            typesetter.block(&block);
        }
    }
    typesetter.finish(&p.name)
}

fn group_row(group: &PortfolioGroup, label: String) -> Vec<Cell> {
    vec![
        plain_cell(label),
        plain_cell(count(group.projects)),
        plain_cell(whole(group.allocated)),
        plain_cell(whole(group.disbursed)),
        plain_cell(ratio(group.disbursement_rate)),
        plain_cell(average(group.average_progress)),
        plain_cell(count(group.findings)),
    ]
}

fn group_table(groups: &[PortfolioGroup], label: impl Fn(&PortfolioGroup) -> String, first: &str) -> Block {
    let mut rows: Vec<Vec<Cell>> = groups.iter().map(|g| group_row(g, label(g))).collect();
    if rows.is_empty() {
        rows.push(vec![plain_cell("ไม่มีข้อมูล")]);
        rows[0].extend((0..6).map(|_| plain_cell("")));
    }
    Block::Table(Table {
        widths: vec![22, 10, 18, 18, 11, 11, 10],
        header: vec![vec![
            first.into(),
            "โครงการ".into(),
            "ได้รับจัดสรร (บาท)".into(),
            "เบิกจ่าย (บาท)".into(),
            "อัตราเบิกจ่าย".into(),
            "ความก้าวหน้าเฉลี่ย".into(),
            "ข้อสังเกต".into(),
        ]],
        rows,
    })
}

/// The dashboard on paper: the year's totals, disbursement by quarter as bars,
/// and the figures by quarter, division and strategy.
pub fn dashboard_pdf(dashboard: &DashboardExport) -> Result<Vec<u8>, ExportError> {
    let as_of = dashboard.quarter.map_or_else(|| "ล่าสุด".to_string(), |q| format!("ณ สิ้นไตรมาสที่ {}", count(q.number())));
    let title = format!("ภาพรวมการดำเนินงาน ปีงบประมาณ พ.ศ. {} {as_of}", count(dashboard.fiscal_year.be()));
    let mut typesetter = Typesetter::new(title.clone())?;
    let mut blocks = vec![Block::Title(title.clone())];
    if let Some(total) = &dashboard.total {
        let facts = [
            ("จำนวนโครงการ", count(total.projects)),
            ("จำนวนรายงาน", count(total.reports)),
            ("งบประมาณที่ได้รับจัดสรร", format!("{} บาท", whole(total.allocated))),
            ("งบประมาณตามสัญญา", format!("{} บาท", whole(total.contracted))),
            ("เบิกจ่ายแล้ว", format!("{} บาท", whole(total.disbursed))),
            ("อัตราการเบิกจ่าย", ratio(total.disbursement_rate)),
            ("ความก้าวหน้าเฉลี่ย", average(total.average_progress)),
            (
                "ตัวชี้วัดที่บรรลุ",
                format!(
                    "{} จาก {} ({})",
                    count(total.kpi_achieved),
                    count(total.kpi_measured),
                    ratio(total.kpi_achievement)
                ),
            ),
            ("ข้อสังเกตจากการตรวจรายงาน", count(total.findings)),
        ];
        blocks.push(Block::Table(Table {
            widths: vec![40, 60],
            header: Vec::new(),
            rows: facts.into_iter().map(|(k, v)| vec![vec![Span::bold(k)], plain_cell(v)]).collect(),
        }));
    } else {
        blocks.push(Block::Paragraph {
            spans: vec![Span::plain("ยังไม่มีข้อมูลของปีนี้")], indent: 0
        });
    }
    for block in &blocks {
        typesetter.block(block);
    }
    if !dashboard.by_quarter.is_empty() {
        typesetter.block(&heading("การเบิกจ่ายสะสมรายไตรมาส"));
        let bars: Vec<(String, f64, String)> = dashboard
            .by_quarter
            .iter()
            .map(|g| {
                let quarter = g.group_id.map_or_else(|| "-".to_string(), count);
                (
                    format!("ไตรมาสที่ {quarter}"),
                    g.disbursed.as_f64(),
                    format!("{} บาท ({})", whole(g.disbursed), ratio(g.disbursement_rate)),
                )
            })
            .collect();
        typesetter.bars(&bars);
        typesetter.block(&group_table(
            &dashboard.by_quarter,
            |g| format!("ไตรมาสที่ {}", g.group_id.map_or_else(|| "-".to_string(), count)),
            "ไตรมาส",
        ));
    }
    let label = |g: &PortfolioGroup| g.label.clone().unwrap_or_else(|| "ไม่ระบุ".to_string());
    typesetter.block(&heading("แยกตามกอง/สำนัก"));
    typesetter.block(&group_table(&dashboard.by_division, label, "กอง/สำนัก"));
    typesetter.block(&heading("แยกตามยุทธศาสตร์"));
    typesetter.block(&group_table(&dashboard.by_strategy, label, "ยุทธศาสตร์"));
    typesetter.finish(&title)
}

/// Any document laid out as blocks, typeset with the same rules as the form
/// (the provincial statistical report is one).
pub fn blocks_pdf(title: &str, blocks: &[Block]) -> Result<Vec<u8>, ExportError> {
    let mut typesetter = Typesetter::new(title.to_string())?;
    for block in blocks {
        typesetter.block(block);
    }
    typesetter.finish(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widths(typesetter: &Typesetter, text: &str, width: f32) -> Vec<String> {
        let (full, lines) = typesetter.break_lines(&[Span::plain(text)], TEXT_SIZE, width);
        lines
            .iter()
            .map(|line| {
                let start = line.glyphs.iter().map(|g| g.cluster.start).min().unwrap_or(0);
                let end = line.glyphs.iter().map(|g| g.cluster.end).max().unwrap_or(start);
                full[start..end].to_string()
            })
            .collect()
    }

    #[test]
    fn thai_breaks_between_words_and_fits() {
        let typesetter = Typesetter::new(String::new()).unwrap();
        let text = "โครงการจัดหาครุภัณฑ์คอมพิวเตอร์ทดแทนครุภัณฑ์เดิมของสำนักงานสถิติแห่งชาติทั้งส่วนกลางและส่วนภูมิภาค";
        let lines = widths(&typesetter, text, 120.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.concat(), text, "nothing lost or doubled");
        let breaks = line_breaks(text);
        let mut at = 0;
        for line in &lines[..lines.len() - 1] {
            at += line.len();
            assert!(breaks.contains(&at), "{line:?} ends where ICU allows a break");
            // No line starts with a vowel or tone mark that belongs to the letter before it.
            let next = text[at..].chars().next().unwrap();
            assert!(!('\u{0E31}'..='\u{0E3A}').contains(&next) && !('\u{0E47}'..='\u{0E4E}').contains(&next));
        }
        let (_, laid) = typesetter.break_lines(&[Span::plain(text)], TEXT_SIZE, 120.0);
        assert!(laid.iter().all(|line| line.width <= 120.0), "every line fits");
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_and_nothing_runs_off_a_page() {
        let mut typesetter = Typesetter::new(String::new()).unwrap();
        let long = "ดำเนินการเก็บรวบรวมข้อมูลครบทุกจังหวัดแล้ว อยู่ระหว่างประมวลผล ".repeat(120);
        let table = Table {
            widths: vec![40, 60],
            header: vec![vec!["กิจกรรม".into(), "ผลการดำเนินการ".into()]],
            rows: vec![
                vec![vec![Span::plain("กิจกรรมที่ ๑")], vec![Span::plain(long.clone())]],
                vec![vec![Span::plain("กิจกรรมที่ ๒")], vec![Span::plain("เสร็จแล้ว")]],
            ],
        };
        typesetter.table(&table);
        assert!(typesetter.pages.len() >= 3, "{} pages", typesetter.pages.len());
        let mut written = String::new();
        let mut headers = 0;
        for page in &typesetter.pages {
            for item in page {
                if let Item::Text { baseline, text, .. } = item {
                    assert!(*baseline > MARGIN_TOP && *baseline < PAGE_HEIGHT - MARGIN_BOTTOM, "{baseline}: {text}");
                    if text == "ผลการดำเนินการ" {
                        headers += 1;
                    } else if !text.starts_with("กิจกรรม") {
                        written.push_str(text);
                    }
                }
            }
        }
        assert_eq!(headers, typesetter.pages.len(), "the header on every page");
        let squash = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(squash(&written), squash(&(long + "เสร็จแล้ว")), "every line of the split cell, once");
    }

    #[test]
    fn marks_are_positioned_by_the_font() {
        let typesetter = Typesetter::new(String::new()).unwrap();
        // น้ำ: the tone mark sits over the consonant with no advance of its own.
        let (_, glyphs) = typesetter.shape(&[Span::plain("น้ำ")]);
        assert!(glyphs.iter().any(|g| g.advance == 0.0), "a mark with zero advance: {glyphs:?}");
    }

    #[test]
    fn an_overlong_word_is_cut_and_a_short_text_is_one_line() {
        let typesetter = Typesetter::new(String::new()).unwrap();
        let lines = widths(&typesetter, "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ", 60.0);
        assert!(lines.len() > 1 && lines.concat() == "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ");
        assert_eq!(widths(&typesetter, "สวัสดี ครับ", 400.0), vec!["สวัสดี ครับ"]);
    }
}
