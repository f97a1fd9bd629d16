//! Person-name normalisation: the same person written by two agencies should give the same string.
//!
//! Registers spell one Thai name in several ways.
//! The differences this module removes are ones that carry no information about identity:
//! - titles (นาย, นาง, นางสาว, ด.ช., ด.ญ., ดร., military and police ranks, Mr/Mrs, …);
//! - zero-width characters and soft hyphens pasted in from word processors and web forms;
//! - typing-order variants that render identically: tone mark typed before the vowel above
//!   (ก่ี vs กี่), nikhahit + sara aa instead of sara am (ํา vs ำ), two sara e instead of sara ae
//!   (เเ vs แ), a tone mark typed after sara am;
//! - a mark typed twice (ก่่ renders as ก่);
//! - runs of spaces, non-breaking spaces and leading/trailing spaces, and Latin letter case.
//!
//! What it deliberately keeps: tone marks and consonants that differ (they can separate two real
//! names), so the comparison layer decides how much a missing tone mark matters
//! ([`strip_tone_marks`] is there for that).
//!
//! Known limit: a title written without a following space is only stripped when the rest starts a
//! new syllable (a consonant or a leading vowel), so "นายิกา" keeps its "นาย".
//! A given name that itself starts with a title word followed by a consonant (a rare "นางนวล") would
//! lose that prefix; registers put the title in its own column often enough that we accept this.

/// Titles and ranks removed from the front of a name, in no particular order
/// (the longest match wins, so "นางสาว" is taken before "นาง").
pub const TITLES: &[&str] = &[
    "นาย",
    "นาง",
    "นางสาว",
    "น.ส.",
    "น.ส",
    "นส.",
    "เด็กชาย",
    "เด็กหญิง",
    "ด.ช.",
    "ด.ญ.",
    "ดช.",
    "ดญ.",
    "ดร.",
    "ศาสตราจารย์",
    "รองศาสตราจารย์",
    "ผู้ช่วยศาสตราจารย์",
    "ศ.",
    "รศ.",
    "ผศ.",
    "ศ.ดร.",
    "รศ.ดร.",
    "ผศ.ดร.",
    "นพ.",
    "พญ.",
    "ทพ.",
    "ทพญ.",
    "ภก.",
    "ภญ.",
    "ว่าที่ร้อยตรี",
    "ว่าที่ ร.ต.",
    "ว่าที่ร.ต.",
    "พล.อ.",
    "พล.ท.",
    "พล.ต.",
    "พ.อ.",
    "พ.ท.",
    "พ.ต.",
    "ร.อ.",
    "ร.ท.",
    "ร.ต.",
    "จ.ส.อ.",
    "ส.อ.",
    "ส.ท.",
    "ส.ต.",
    "พล.ต.อ.",
    "พล.ต.ท.",
    "พล.ต.ต.",
    "พ.ต.อ.",
    "พ.ต.ท.",
    "พ.ต.ต.",
    "ร.ต.อ.",
    "ร.ต.ท.",
    "ร.ต.ต.",
    "ด.ต.",
    "จ.ส.ต.",
    "ส.ต.อ.",
    "ส.ต.ท.",
    "ส.ต.ต.",
    "พระครู",
    "พระ",
    "คุณ",
    "หม่อมราชวงศ์",
    "ม.ร.ว.",
    "หม่อมหลวง",
    "ม.ล.",
    "mr.",
    "mr",
    "mrs.",
    "mrs",
    "ms.",
    "ms",
    "miss",
    "dr.",
    "dr",
];

/// Characters that render as nothing and only get in the way of comparison.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// A Thai consonant (ก … ฮ).
pub fn is_thai_consonant(c: char) -> bool {
    ('\u{0E01}'..='\u{0E2E}').contains(&c)
}

/// A vowel written before the consonant it follows in speech (เ แ โ ใ ไ).
pub fn is_leading_vowel(c: char) -> bool {
    ('\u{0E40}'..='\u{0E44}').contains(&c)
}

/// A vowel written above or below the consonant (ั ิ ี ึ ื ุ ู ฺ ็).
pub fn is_above_below_vowel(c: char) -> bool {
    c == '\u{0E31}' || ('\u{0E34}'..='\u{0E3A}').contains(&c) || c == '\u{0E47}'
}

/// One of the four tone marks (่ ้ ๊ ๋).
pub fn is_tone_mark(c: char) -> bool {
    ('\u{0E48}'..='\u{0E4B}').contains(&c)
}

/// A combining mark: a vowel above/below, a tone mark, thanthakhat, nikhahit or yamakkan.
fn is_combining(c: char) -> bool {
    is_above_below_vowel(c) || is_tone_mark(c) || ('\u{0E4C}'..='\u{0E4E}').contains(&c)
}

/// Any character of the Thai block.
pub fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

/// Puts Thai marks in the order keyboards of well-behaved users produce and fonts expect,
/// removes invisible characters, doubled marks and extra spaces. Titles are kept.
pub fn canonical_text(input: &str) -> String {
    let mut chars: Vec<char> = Vec::with_capacity(input.len());
    for c in input.chars() {
        if is_invisible(c) {
            continue;
        }
        // Any kind of space becomes one ASCII space; runs collapse below.
        let c = if c.is_whitespace() { ' ' } else { c };
        chars.push(c);
    }
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        match (c, next, after) {
            // Two sara e typed for sara ae.
            ('\u{0E40}', Some('\u{0E40}'), _) => {
                out.push('\u{0E41}');
                i += 2;
            }
            // Nikhahit + sara aa is how sara am looks; the tone mark may sit between them.
            ('\u{0E4D}', Some('\u{0E32}'), _) => {
                out.push('\u{0E33}');
                i += 2;
            }
            ('\u{0E4D}', Some(t), Some('\u{0E32}')) if is_tone_mark(t) => {
                out.push(t);
                out.push('\u{0E33}');
                i += 3;
            }
            // Sara am typed before the tone mark: the tone belongs to the consonant.
            ('\u{0E33}', Some(t), _) if is_tone_mark(t) => {
                out.push(t);
                out.push('\u{0E33}');
                i += 2;
            }
            // Tone mark (or thanthakhat) typed before the vowel above/below: swap.
            (t, Some(v), _) if (is_tone_mark(t) || t == '\u{0E4C}') && is_above_below_vowel(v) => {
                out.push(v);
                out.push(t);
                i += 2;
            }
            (' ', _, _) => {
                if !out.is_empty() && out.last() != Some(&' ') {
                    out.push(' ');
                }
                i += 1;
            }
            _ => {
                // A mark typed twice renders once; keep one.
                if is_combining(c) && out.last() == Some(&c) {
                    i += 1;
                    continue;
                }
                out.push(c);
                i += 1;
            }
        }
    }
    // The swaps above can create a new doubled mark (่ ิ ่); one more pass removes it.
    out.dedup_by(|b, a| is_combining(*a) && a == b);
    while out.last() == Some(&' ') {
        out.pop();
    }
    out.into_iter().collect()
}

/// Removes titles and ranks (repeatedly: "ว่าที่ ร.ต. ดร. สมชาย" → "สมชาย") from already
/// canonical text.
pub fn strip_titles(text: &str) -> &str {
    let mut rest = text.trim_start();
    loop {
        let mut best: Option<&str> = None;
        for title in TITLES {
            // Thai has no case; Latin titles match in any case.
            let matches = rest.get(..title.len()).is_some_and(|prefix| prefix.eq_ignore_ascii_case(title));
            if matches && best.is_none_or(|b| title.len() > b.len()) {
                best = Some(title);
            }
        }
        let Some(title) = best else { return rest };
        let after = &rest[title.len()..];
        let first = after.chars().next();
        let strip = match first {
            None => false,
            Some(c) if c.is_whitespace() => true,
            Some(_) if title.ends_with('.') => true,
            Some(c) if title.is_ascii() => !c.is_ascii_alphabetic(),
            // A Thai title glued to the name: only when the name starts a new syllable and
            // is more than one letter, so "นายิกา" keeps its "นาย".
            Some(c) => (is_thai_consonant(c) || is_leading_vowel(c)) && after.chars().count() >= 2,
        };
        if !strip {
            return rest;
        }
        rest = after.trim_start();
    }
}

/// The normalised form used for comparison: canonical text, no titles, lowercase Latin,
/// punctuation turned into spaces, single spaces.
pub fn normalize_name(input: &str) -> String {
    let canonical = canonical_text(input);
    let stripped = strip_titles(&canonical);
    let mut out = String::with_capacity(stripped.len());
    for c in stripped.chars() {
        let c = if c.is_alphanumeric() || is_thai(c) { c } else { ' ' };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        for lower in c.to_lowercase() {
            out.push(lower);
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// [`normalize_name`] without any space: "สม ชาย" and "สมชาย" become one key.
pub fn name_key(input: &str) -> String {
    normalize_name(input).replace(' ', "")
}

/// Removes tone marks, for comparisons that forgive a missing or wrong tone mark.
pub fn strip_tone_marks(input: &str) -> String {
    input.chars().filter(|c| !is_tone_mark(*c)).collect()
}

/// Splits a full name into (given, family) at the first space after titles are removed.
/// A name with no space is all given name.
pub fn split_full_name(input: &str) -> (String, Option<String>) {
    let normal = normalize_name(input);
    match normal.split_once(' ') {
        Some((given, family)) => (given.to_string(), Some(family.to_string())),
        None => (normal, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        assert_eq!(normalize_name(input), expect, "input {input:?}");
    }

    #[test]
    fn strips_titles() {
        check("นายสมชาย ใจดี", "สมชาย ใจดี");
        check("นาย สมชาย", "สมชาย");
        check("นางสาวสมหญิง", "สมหญิง");
        check("นางสมศรี", "สมศรี");
        check("น.ส.มาลี", "มาลี");
        check("ด.ช.ภูมิ", "ภูมิ");
        check("ด.ญ. ใบเตย", "ใบเตย");
        check("ดร.ปกรณ์", "ปกรณ์");
        check("ว่าที่ ร.ต. ดร. สมชาย", "สมชาย");
        check("พ.ต.อ.ประยุทธ", "ประยุทธ");
        check("Mr. John Smith", "john smith");
        check("Mrs Somsri", "somsri");
        check("Dr.Wichai", "wichai");
    }

    #[test]
    fn keeps_names_that_only_look_like_titles() {
        check("นายิกา", "นายิกา");
        check("คุณากร", "คุณากร");
        check("นาย", "นาย");
        check("Drake", "drake");
        check("Missy", "missy");
    }

    #[test]
    fn canonical_reorderings() {
        // เ + เ → แ
        check("เเสงดาว", "แสงดาว");
        // ํ + า → ำ, also with a tone mark between them.
        check("คํา", "คำ");
        check("นํ้าฝน", "น้ำฝน");
        // Tone mark typed after sara am.
        check("นำ้ฝน", "น้ำฝน");
        // Tone mark before the upper vowel.
        check("ก\u{0E48}\u{0E35}", "ก\u{0E35}\u{0E48}");
        // Thanthakhat before the vowel.
        check("ศักด\u{0E4C}\u{0E34}", "ศักดิ์");
    }

    #[test]
    fn removes_invisible_and_duplicate_marks_and_spaces() {
        check("สม\u{200B}ชาย", "สมชาย");
        check("\u{FEFF}มาลี", "มาลี");
        check("สมช\u{0E48}\u{0E48}าย", "สมช\u{0E48}าย");
        check("  สมชาย \u{00A0}  ใจดี  ", "สมชาย ใจดี");
        check("O'Brien-Smith", "o brien smith");
    }

    #[test]
    fn keys_and_tones() {
        assert_eq!(name_key("นาย สม ชาย"), "สมชาย");
        assert_eq!(strip_tone_marks("ผ่องศรี"), "ผองศรี");
        assert_eq!(split_full_name("นางสาว มาลี  ศรีสุข"), ("มาลี".to_string(), Some("ศรีสุข".to_string())));
        assert_eq!(split_full_name("มาลี"), ("มาลี".to_string(), None));
    }

    #[test]
    fn empty_input() {
        check("", "");
        check("   ", "");
        check("\u{200B}", "");
    }
}
