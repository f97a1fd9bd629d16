//! Line model and markup cleaning for converted documents.
//!
//! Converted files carry markdown (`#`, `**`, `- ` bullets, `\*` escapes) and HTML
//! fragments (`<b>`, `<p>`, `<ul>`, `<li>`). A [`Line`] keeps the raw text (so
//! bold quarter markers inside cells can still be seen) and a cleaned version in
//! which markup is gone, tabs still separate table cells and runs of spaces are
//! folded. Everything downstream reads cleaned text.

use std::borrow::Cow;

/// One line of a document, numbered from 1 in its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    pub number: usize,
    pub raw: Cow<'a, str>,
    /// Markup removed, cells still tab-separated, spaces folded, trimmed.
    pub text: String,
    /// For a table row, each cell cleaned (trailing empty cells kept); empty otherwise.
    pub cells: Vec<String>,
}

impl<'a> Line<'a> {
    pub fn new(number: usize, raw: impl Into<Cow<'a, str>>) -> Self {
        Line::read(number, raw.into(), true)
    }

    /// `controls`: whether the line may hold a control character other than a
    /// tab; `false` only when a scan of the whole file found none.
    fn read(number: usize, raw: Cow<'a, str>, controls: bool) -> Self {
        if raw.contains('\t') {
            let cells: Vec<String> = raw.split('\t').map(|cell| clean(cell, controls)).collect();
            let kept = cells.iter().rposition(|cell| !cell.is_empty()).map_or(1, |last| last + 1);
            let text = cells[..kept].join("\t");
            Line { number, raw, text, cells }
        } else {
            let text = clean(&raw, controls);
            Line { number, raw, text, cells: Vec::new() }
        }
    }

    /// Whether the line is a table row (has at least one tab between cells).
    pub fn is_row(&self) -> bool {
        self.raw.contains('\t')
    }
}

/// Splits a text into numbered lines, accepting `\n`, `\r\n` and lone `\r`.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    // One scan of the whole file for control characters instead of one per cell:
    // nearly every file has none, and then no line needs the test.
    let controls = has_controls_in_lines(text);
    let mut out = Vec::with_capacity(text.len() / 80 + 1);
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        out.push(Line::read(index + 1, Cow::Borrowed(raw), controls));
    }
    // A trailing newline yields one empty last line that belongs to nobody.
    if out.last().is_some_and(|line| line.raw.is_empty()) && text.ends_with('\n') {
        out.pop();
    }
    out
}

/// Whether a line of `text`, as [`lines`] splits it, may hold a control byte
/// other than a tab (which separates cells): any forbidden control character
/// (`tidtam_thai::control`), or a carriage return that is not the end of a line.
fn has_controls_in_lines(text: &str) -> bool {
    if tidtam_thai::control::has_forbidden_control(text) {
        return true;
    }
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = bytes[from..].iter().position(|&byte| byte == b'\r') {
        let at = from + found;
        if bytes.get(at + 1) != Some(&b'\n') {
            return true;
        }
        from = at + 1;
    }
    false
}

/// Cleans a whole line: every cell cleaned, rejoined with tabs, trailing empty cells dropped.
pub fn clean_line(raw: &str) -> String {
    if !raw.contains('\t') {
        return clean_cell(raw);
    }
    let mut cells: Vec<String> = raw.split('\t').map(clean_cell).collect();
    while cells.len() > 1 && cells.last().is_some_and(|cell| cell.is_empty()) {
        cells.pop();
    }
    cells.join("\t")
}

/// Cleans one cell or plain line: removes HTML tags, markdown emphasis, heading
/// hashes, bullets and escapes; folds whitespace; trims; drops control
/// characters (`tidtam_thai::control::is_forbidden_control`: they carry nothing
/// in a report, and PostgreSQL refuses NUL in text, so they never reach the form).
pub fn clean_cell(raw: &str) -> String {
    clean(raw, true)
}

/// [`clean_cell`], told whether `raw` may hold a control byte (see [`lines`]).
fn clean(raw: &str, controls: bool) -> String {
    // Most lines carry no markup and single spaces: copy them without the character walk.
    // (Trailing spaces are a markdown line break, not content.)
    let raw = raw.trim_end_matches([' ', '\r']);
    if is_plain(raw.as_bytes(), controls) {
        return strip_block_markers(raw.trim()).to_string();
    }
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut at = 0;
    while at < bytes.len() {
        // Characters that need no decision (Thai, digits, most punctuation) are
        // copied a run at a time; a run ends at a byte that may start one that does,
        // which is always a character boundary (see `needs_a_look`).
        let run = bytes[at..].iter().position(|&byte| needs_a_look(byte)).unwrap_or(bytes.len() - at);
        if run > 0 {
            out.push_str(&raw[at..at + run]);
            at += run;
            continue;
        }
        let index = at;
        let ch = raw[at..].chars().next().expect("at is a character boundary");
        at += ch.len_utf8();
        match ch {
            '<' => {
                // Only a real tag (`<b>`, `</p>`, `<li …>`) is dropped; "< 5" stays.
                let rest = &raw[index + 1..];
                let looks_like_tag =
                    rest.chars().next().is_some_and(|next| next.is_ascii_alphabetic() || next == '/' || next == '!');
                if looks_like_tag && let Some(end) = rest.find('>') {
                    push_space(&mut out);
                    at = index + 1 + end + 1;
                    continue;
                }
                out.push(ch);
            }
            '*' => {
                // `**bold**` and `*em*` markers vanish; an escaped `\*` stays a star.
                if out.ends_with('\\') {
                    out.pop();
                    out.push('*');
                }
            }
            '&' => {
                let rest = &raw[index..];
                let entity = [("&nbsp;", ' '), ("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"')]
                    .into_iter()
                    .find(|(name, _)| rest.starts_with(name));
                if let Some((name, replacement)) = entity {
                    at = index + name.len();
                    if replacement == ' ' {
                        push_space(&mut out);
                    } else {
                        out.push(replacement);
                    }
                } else {
                    out.push(ch);
                }
            }
            '\u{200b}' | '\u{feff}' | '\u{200c}' | '\u{200d}' => {}
            c if c.is_whitespace() => push_space(&mut out),
            c if tidtam_thai::control::is_forbidden_control(c) => {}
            // Among them a backslash: kept here, and removed below unless it escapes a star.
            c => out.push(c),
        }
    }
    // Leftover escape backslashes (e.g. `\.`) are markup, not text.
    if out.contains('\\') {
        out = out.replace('\\', "");
    }
    strip_block_markers(out.trim()).to_string()
}

/// Whether a byte may start a character that [`clean`]'s walk treats specially:
/// markup (`<`, `*`, `&`, `\\`), whitespace, a control character, or a zero-width
/// one. Non-ASCII ones start with 0xC2 (U+0080..=U+00BF: C1, NEL, no-break
/// space), 0xE1 (U+1680), 0xE2 (U+2000..=U+2FFF: spaces, zero-width characters)
/// or 0xE3 (U+3000) and 0xEF (U+FEFF); these lead bytes never occur inside a
/// character (continuation bytes are 0x80..=0xBF), and Thai (0xE0) has none.
fn needs_a_look(byte: u8) -> bool {
    matches!(byte, 0x00..=0x20 | 0x7f | b'<' | b'*' | b'&' | b'\\' | 0xc2 | 0xe1..=0xe3 | 0xef)
}

/// Whether a cell can be copied as it is (then trimmed): no markup, no run of
/// spaces, no zero-width or special space, and (when `controls`) no control
/// character. One pass over the bytes.
fn is_plain(bytes: &[u8], controls: bool) -> bool {
    // Branch-free (vectorised) tests first: most cells have no byte that could
    // make them special and no two spaces in a row, and are plain at once.
    let suspicious = bytes.iter().fold(false, |found, &byte| {
        found
            | matches!(byte, b'<' | b'*' | b'&' | b'\\' | 0xc2 | 0xe2 | 0xe3 | 0xef)
            | (controls & ((byte < 0x20) | (byte == 0x7f)))
    });
    let double_space =
        bytes.iter().zip(bytes.iter().skip(1)).fold(false, |found, (&a, &b)| found | ((a == b' ') & (b == b' ')));
    if !suspicious {
        return !double_space;
    }
    let mut previous_space = false;
    for (index, &byte) in bytes.iter().enumerate() {
        let next = |n: usize| bytes.get(index + n).copied();
        let special = match byte {
            b'<' | b'*' | b'&' | b'\\' => true,
            b' ' => previous_space,
            0x00..=0x1f | 0x7f => controls,
            // U+00A0 no-break space; U+0080..=U+009F C1 controls.
            0xc2 => next(1).is_some_and(|next| next == 0xa0 || (controls && (0x80..=0x9f).contains(&next))),
            // U+200B..=U+200D zero-width characters.
            0xe2 => next(1) == Some(0x80) && next(2).is_some_and(|next| (0x8b..=0x8d).contains(&next)),
            // U+3000 ideographic space.
            0xe3 => next(1) == Some(0x80) && next(2) == Some(0x80),
            // U+FEFF zero-width no-break space.
            0xef => next(1) == Some(0xbb) && next(2) == Some(0xbf),
            _ => false,
        };
        if special {
            return false;
        }
        previous_space = byte == b' ';
    }
    true
}

fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Removes leading markdown block markers: `#` headings, `>` quotes, `-`/`•` bullets.
fn strip_block_markers(mut text: &str) -> &str {
    loop {
        let before = text;
        if let Some(rest) = text.strip_prefix('#') {
            text = rest.trim_start_matches('#').trim_start();
        } else if let Some(rest) = text.strip_prefix("> ") {
            text = rest.trim_start();
        } else if let Some(rest) = text.strip_prefix("- ").or_else(|| text.strip_prefix("• ")) {
            text = rest.trim_start();
        } else if text == "-" || text == ">" {
            // A lone dash is a value ("no data"), not a bullet.
            return text;
        }
        if before.len() == text.len() {
            return text;
        }
    }
}

/// Removes form fill dots ("....." / "…") and folds spaces; `None` when nothing but
/// fill, dashes or an empty value is left.
pub fn meaningful(text: &str) -> Option<String> {
    if !text.contains(['.', '…']) && !text.contains("  ") && !text.contains(['\t', '\n']) {
        let trimmed = text.trim();
        let core = trimmed.trim_matches(|c: char| c == '-' || c == '–' || c == ':' || c.is_whitespace());
        return (!core.is_empty()).then(|| trimmed.to_string());
    }
    let mut out = String::with_capacity(text.len());
    let mut dots = 0;
    for ch in text.chars() {
        if ch == '.' {
            dots += 1;
            continue;
        }
        if dots > 0 {
            // Two or more dots are fill; one dot is punctuation (e.g. "พ.ศ.").
            if dots == 1 {
                out.push('.');
            } else {
                push_space(&mut out);
            }
            dots = 0;
        }
        if ch == '…' || ch.is_whitespace() {
            push_space(&mut out);
        } else {
            out.push(ch);
        }
    }
    if dots == 1 {
        out.push('.');
    }
    let trimmed = out.trim().trim_matches(|c: char| c == '-' || c == '–' || c == ':' || c.is_whitespace());
    if trimmed.is_empty() { None } else { Some(out.trim().to_string()) }
}

// Whether a cell holds anything but fill; defined with the form it describes.
pub use tidtam_domain::form::has_content;

/// Whether `text` begins with `prefix` when whitespace in `text` is ignored
/// (the allocation-free form of `squash(text).starts_with(prefix)`).
pub fn begins(text: &str, prefix: &str) -> bool {
    strip_keyword(text, prefix).is_some()
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

/// Removes all whitespace: Thai writers space words unpredictably, so keyword tests
/// compare texts without it.
pub fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in text.split_whitespace() {
        out.push_str(piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cleaning as it was before the byte-run walk and the per-file control
    /// scan (commit 34deae9), kept to show the faster one gives the same text,
    /// apart from C1 control characters, which it now drops on every line.
    mod reference {
        use super::super::{push_space, strip_block_markers};

        /// Cleans one cell or plain line: removes HTML tags, markdown emphasis, heading
        /// hashes, bullets and escapes; folds whitespace; trims.
        pub(super) fn clean_cell(raw: &str) -> String {
            // Most lines carry no markup and single spaces: copy them without the character walk.
            // (Trailing spaces are a markdown line break, not content.)
            let raw = raw.trim_end_matches([' ', '\r']);
            let plain = !raw.bytes().any(|b| matches!(b, b'<' | b'*' | b'&' | b'\\' | 0x00..=0x1f | 0x7f))
                && !raw.contains("  ")
                && !raw.contains(['\u{200b}', '\u{feff}', '\u{200c}', '\u{200d}', '\u{a0}', '\u{3000}']);
            if plain {
                return strip_block_markers(raw.trim()).to_string();
            }
            let mut out = String::with_capacity(raw.len());
            let mut chars = raw.char_indices().peekable();
            while let Some((index, ch)) = chars.next() {
                match ch {
                    '<' => {
                        // Only a real tag (`<b>`, `</p>`, `<li …>`) is dropped; "< 5" stays.
                        let rest = &raw[index + 1..];
                        let looks_like_tag = rest
                            .chars()
                            .next()
                            .is_some_and(|next| next.is_ascii_alphabetic() || next == '/' || next == '!');
                        if looks_like_tag && let Some(end) = rest.find('>') {
                            push_space(&mut out);
                            let stop = index + 1 + end;
                            while chars.peek().is_some_and(|&(i, _)| i <= stop) {
                                chars.next();
                            }
                            continue;
                        }
                        out.push(ch);
                    }
                    '*' => {
                        // `**bold**` and `*em*` markers vanish; an escaped `\*` stays a star.
                        if out.ends_with('\\') {
                            out.pop();
                            out.push('*');
                        }
                    }
                    '\\' if chars.peek().is_some_and(|&(_, next)| {
                        matches!(next, '*' | '_' | '#' | '-' | '.' | '(' | ')' | '[' | ']')
                    }) =>
                    {
                        out.push('\\');
                    }
                    '&' => {
                        let rest = &raw[index..];
                        let entity = [("&nbsp;", ' '), ("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"')]
                            .into_iter()
                            .find(|(name, _)| rest.starts_with(name));
                        if let Some((name, replacement)) = entity {
                            for _ in 1..name.len() {
                                chars.next();
                            }
                            if replacement == ' ' {
                                push_space(&mut out);
                            } else {
                                out.push(replacement);
                            }
                        } else {
                            out.push(ch);
                        }
                    }
                    '\u{200b}' | '\u{feff}' | '\u{200c}' | '\u{200d}' => {}
                    c if c.is_whitespace() => push_space(&mut out),
                    // Control characters (NUL and the like, C0 and C1) carry nothing in a
                    // report, and PostgreSQL refuses NUL in text: they never reach the form.
                    // A range pattern, not `char::is_control`, keeps Thai text off a table lookup.
                    '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => {}
                    c => out.push(c),
                }
            }
            // Leftover escape backslashes (e.g. `\.`) are markup, not text.
            if out.contains('\\') {
                out = out.replace('\\', "");
            }
            strip_block_markers(out.trim()).to_string()
        }
    }

    /// Texts made of the pieces cleaning decides on: markup, entities, spaces of
    /// every kind, zero-width and control characters, Thai, digits.
    fn generated_texts() -> Vec<String> {
        const PIECES: [&str; 40] = [
            "ก",
            "ข้อ",
            "๑๒",
            "12",
            "บาท",
            " ",
            "  ",
            "\t",
            "\r",
            "\u{b}",
            "\u{c}",
            "\u{0}",
            "\u{1f}",
            "\u{7f}",
            "\u{85}",
            "\u{a0}",
            "\u{9b}",
            "\u{200b}",
            "\u{200d}",
            "\u{2003}",
            "\u{3000}",
            "\u{feff}",
            "\u{1680}",
            "<b>",
            "</b>",
            "< 5",
            "<",
            ">",
            "*",
            "**",
            "\\*",
            "\\.",
            "\\",
            "&nbsp;",
            "&amp;",
            "&x",
            "# ",
            "- ",
            "–",
            "°",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..30_000)
            .map(|_| {
                let length = next() % 12;
                (0..length).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect()
            })
            .collect()
    }

    #[test]
    fn cleaning_gives_the_text_it_gave_before() {
        let has_c1 = |text: &str| text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c));
        for text in generated_texts() {
            let cell = text.replace('\t', " ");
            let expected = reference::clean_cell(&cell);
            if has_c1(&cell) {
                assert!(!has_c1(&clean_cell(&cell)), "{cell:?}");
            } else {
                assert_eq!(clean_cell(&cell), expected, "{cell:?}");
            }
            if !tidtam_thai::control::has_forbidden_control(&cell) && !cell.contains('\r') {
                assert_eq!(clean(&cell, false), expected, "{cell:?} in a file without controls");
            }
        }
    }

    #[test]
    fn a_file_has_controls_when_a_line_would() {
        assert!(!has_controls_in_lines("ก\tข\r\nค\n"));
        assert!(has_controls_in_lines("ก\rข"));
        assert!(has_controls_in_lines("ก\u{0}"));
        assert!(has_controls_in_lines("ก\u{85}"));
        let lines = lines("ก\u{0}ข\r\n<b>ค</b>\u{7f}\r\n");
        assert_eq!(lines.iter().map(|line| line.text.as_str()).collect::<Vec<_>>(), ["กข", "ค"]);
    }

    fn check(raw: &str, expected: &str) {
        assert_eq!(clean_line(raw), expected, "cleaning {raw:?}");
    }

    #[test]
    fn markup_is_removed() {
        check("**๑๒. ประโยชน์ที่ได้รับ/ผลลัพธ์ ของโครงการ**", "๑๒. ประโยชน์ที่ได้รับ/ผลลัพธ์ ของโครงการ");
        check("## ๗. ตัวชี้วัด / ค่าเป้าหมาย", "๗. ตัวชี้วัด / ค่าเป้าหมาย");
        check("- ๙.๑ ได้รับจัดสรรงบประมาณ", "๙.๑ ได้รับจัดสรรงบประมาณ");
        check("๑๔. ความก้าวหน้าของการดำเนินการ\\*", "๑๔. ความก้าวหน้าของการดำเนินการ*");
        check("<p><b>เชิงปริมาณ :</b></p> <p>๑) จำนวนหลักสูตร</p>\t<p>ร้อยละ ๘๐</p>", "เชิงปริมาณ : ๑) จำนวนหลักสูตร\tร้อยละ ๘๐");
        check("ค่า < ๕ และ a&amp;b", "ค่า < ๕ และ a&b");
        check("๑๑.๒ รายละเอียด  ", "๑๑.๒ รายละเอียด");
    }

    #[test]
    fn empty_trailing_cells_are_dropped_but_leading_kept() {
        check("\tปี พ.ศ. ๒๕๖๗\t", "\tปี พ.ศ. ๒๕๖๗");
        check("<b>เชิงปริมาณ :</b>\t\t", "เชิงปริมาณ :");
    }

    #[test]
    fn fill_dots_are_not_values() {
        assert_eq!(meaningful("....."), None);
        assert_eq!(meaningful(".....-....."), None);
        assert_eq!(meaningful("ข้อเสนอแนะ"), Some("ข้อเสนอแนะ".into()));
        assert_eq!(meaningful(".....ดำเนินการล่าช้า....."), Some("ดำเนินการล่าช้า".into()));
        assert_eq!(meaningful("พ.ศ. ๒๕๖๗"), Some("พ.ศ. ๒๕๖๗".into()));
    }

    #[test]
    fn keyword_is_stripped_ignoring_spaces() {
        assert_eq!(strip_keyword("พื้นที่ดำเนินการ (จังหวัด) น่าน", "พื้นที่ดำเนินการ(จังหวัด)"), Some("น่าน"));
        assert_eq!(strip_keyword("ชื่อ หน่วยงาน สสช.", "ชื่อหน่วยงาน"), Some("สสช."));
        assert_eq!(strip_keyword("ชื่อ", "ชื่อหน่วยงาน"), None);
    }

    #[test]
    fn lines_are_numbered_from_one() {
        let text = "a\r\nb\n\nc\n";
        let numbered: Vec<_> = lines(text).into_iter().map(|l| (l.number, l.text)).collect();
        assert_eq!(numbered, vec![(1, "a".into()), (2, "b".into()), (3, String::new()), (4, "c".into())]);
    }
}
