//! Which control characters text may not hold, for every part of tidtam that
//! takes text in: the report reader drops them, the service refuses them.
//!
//! One definition, so a character cannot pass one door and be refused at the
//! other: NUL in particular, which PostgreSQL refuses in text while SQLite stores
//! it, so it would make a database that cannot move from one to the other.

/// A control character no text may hold: Unicode's control characters (C0,
/// DEL and C1, general category Cc) except tab, line feed and carriage return,
/// which structure text.
///
/// A range pattern rather than `char::is_control`, so Thai text (checked one
/// character at a time in the report reader) never reaches a table lookup.
///
/// ```
/// use tidtam_thai::control::is_forbidden_control;
/// assert!(is_forbidden_control('\0') && is_forbidden_control('\u{7f}') && is_forbidden_control('\u{85}'));
/// assert!(!is_forbidden_control('\t') && !is_forbidden_control('\n') && !is_forbidden_control('\r'));
/// assert!(!is_forbidden_control('ก') && !is_forbidden_control(' ') && !is_forbidden_control('\u{a0}'));
/// ```
pub fn is_forbidden_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// Whether `text` holds a [forbidden control](is_forbidden_control), tested on
/// its bytes in one pass: the report reader asks once per file, so lines of a
/// file without any (nearly every file) skip the test.
pub fn has_forbidden_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    // A branch-free test per 64-byte block (the compiler vectorises it) finds the
    // few blocks that may hold one; only those are looked at byte by byte. C1
    // characters are U+0080..=U+009F: 0xC2 then 0x80..=0x9F in UTF-8.
    let may_hold = |block: &[u8]| {
        block.iter().fold(false, |found, &byte| {
            found
                | ((byte < 0x20) & (byte != b'\t') & (byte != b'\n') & (byte != b'\r'))
                | (byte == 0x7f)
                | (byte == 0xc2)
        })
    };
    bytes.chunks(64).enumerate().any(|(block, chunk)| {
        may_hold(chunk)
            && chunk.iter().enumerate().any(|(offset, &byte)| match byte {
                b'\t' | b'\n' | b'\r' => false,
                0x00..=0x1f | 0x7f => true,
                0xc2 => bytes.get(block * 64 + offset + 1).is_some_and(|next| (0x80..=0x9f).contains(next)),
                _ => false,
            })
    })
}

#[cfg(test)]
mod tests {
    use super::{has_forbidden_control, is_forbidden_control};

    #[test]
    fn the_byte_scan_agrees_with_the_character_test() {
        let samples = ["", "ก ข\tค\r\n", "a\u{0}b", "\u{7f}", "x\u{85}y", "\u{a0}\u{9f}", "°", "\u{1f}", "๑๒๓ บาท"];
        for sample in samples {
            assert_eq!(has_forbidden_control(sample), sample.chars().any(is_forbidden_control), "{sample:?}");
        }
        // Across the 64-byte blocks the scan works in.
        let long = format!("{}\u{85}", "ก".repeat(21));
        assert_eq!(long.as_bytes()[63], 0xc2);
        assert!(has_forbidden_control(&long) && !has_forbidden_control(&"ก\u{a0}".repeat(30)));
        for code in 0..=0x3000_u32 {
            let Some(c) = char::from_u32(code) else { continue };
            let text = format!("ก{c}ข");
            assert_eq!(has_forbidden_control(&text), is_forbidden_control(c), "U+{code:04X}");
            assert_eq!(is_forbidden_control(c), c.is_control() && !matches!(c, '\t' | '\n' | '\r'), "U+{code:04X}");
        }
    }
}
