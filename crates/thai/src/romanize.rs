//! Romanisation of Thai names by the Royal Thai General System (RTGS, Royal Institute 1999),
//! and a loose Latin key so "สมชาย", "Somchai" and "Somchay" can be compared.
//!
//! RTGS writes initial and final consonants differently (ร is r at the start of a syllable, n at
//! the end), ignores tone marks and vowel length, and drops silent letters.
//! Thai script does not mark syllable boundaries, so [`rtgs`] finds them with rules rather than a
//! dictionary: an explicit vowel closes on the next consonant unless that consonant carries a vowel
//! itself, and a run of bare consonants is read as closed syllables with an inherent "o" from the
//! end of the run, any consonant left over getting an inherent "a" (กมล → kamon, สมพร → somphon).
//! That is right for most given and family names and close for the rest; the linkage layer
//! compares the result with a similarity measure, not for equality.
//!
//! [`latin_key`] then removes the spelling freedom that Latin transcriptions of Thai names use in
//! practice (h after p/t/k/c, j for ch, v for w, y for i, rn for n, doubled letters), so an
//! agency's "Chaiyaporn" and another's "Chaiyaphon" meet.

use crate::name::{canonical_text, is_leading_vowel, is_thai, is_thai_consonant, is_tone_mark};

const THANTHAKHAT: char = '\u{0E4C}';

fn initial_sound(c: char) -> &'static str {
    match c {
        'ก' => "k",
        'ข' | 'ฃ' | 'ค' | 'ฅ' | 'ฆ' => "kh",
        'ง' => "ng",
        'จ' | 'ฉ' | 'ช' | 'ฌ' => "ch",
        'ซ' | 'ศ' | 'ษ' | 'ส' => "s",
        'ญ' | 'ย' => "y",
        'ฎ' | 'ด' => "d",
        'ฏ' | 'ต' => "t",
        'ฐ' | 'ฑ' | 'ฒ' | 'ถ' | 'ท' | 'ธ' => "th",
        'ณ' | 'น' => "n",
        'บ' => "b",
        'ป' => "p",
        'ผ' | 'พ' | 'ภ' => "ph",
        'ฝ' | 'ฟ' => "f",
        'ม' => "m",
        'ร' => "r",
        'ล' | 'ฬ' => "l",
        'ว' => "w",
        'ห' | 'ฮ' => "h",
        _ => "",
    }
}

fn final_sound(c: char) -> &'static str {
    match c {
        'ก' | 'ข' | 'ฃ' | 'ค' | 'ฅ' | 'ฆ' => "k",
        'ง' => "ng",
        'ญ' | 'ณ' | 'น' | 'ร' | 'ล' | 'ฬ' => "n",
        'บ' | 'ป' | 'ผ' | 'พ' | 'ฝ' | 'ฟ' | 'ภ' => "p",
        'ม' => "m",
        'ย' => "i",
        'ว' => "o",
        'อ' | 'ห' | 'ฮ' => "",
        _ => "t",
    }
}

/// A vowel sign written after or over/under a consonant: the consonant before it starts a syllable.
fn is_vowel_sign(c: char) -> bool {
    crate::name::is_above_below_vowel(c) || matches!(c, 'ะ' | 'า' | 'ำ' | 'ๅ')
}

/// Drops tone marks and silent letters (a consonant under thanthakhat, with its ิ/ุ, and the
/// silent clusters ทร์ ตร์ จน์).
fn audible(text: &str) -> Vec<char> {
    let mut kept: Vec<char> = Vec::new();
    for c in canonical_text(text).chars() {
        if is_tone_mark(c) {
            continue;
        }
        if c == THANTHAKHAT {
            let n = kept.len();
            if n >= 2 && matches!((kept[n - 2], kept[n - 1]), ('ท', 'ร') | ('ต', 'ร') | ('จ', 'น')) {
                kept.truncate(n - 2);
                continue;
            }
            if matches!(kept.last(), Some('ิ') | Some('ุ')) {
                kept.pop();
            }
            if kept.last().is_some_and(|c| is_thai_consonant(*c)) {
                kept.pop();
            }
            continue;
        }
        kept.push(c);
    }
    kept
}

/// A consonant that can close the syllable before it: not followed by a vowel sign.
fn can_be_final(chars: &[char], at: usize) -> bool {
    chars.get(at).is_some_and(|c| is_thai_consonant(*c)) && !chars.get(at + 1).is_some_and(|c| is_vowel_sign(*c))
}

/// RTGS romanisation of Thai text, lowercase, syllables run together; non-Thai characters are
/// kept (lowercased), so mixed strings stay readable.
pub fn rtgs(text: &str) -> String {
    let chars = audible(text);
    let mut out = String::with_capacity(chars.len() * 2);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !is_thai(c) {
            out.extend(c.to_lowercase());
            i += 1;
            continue;
        }
        let mut lead = None;
        if is_leading_vowel(c) {
            lead = Some(c);
            i += 1;
        }
        let Some(&initial) = chars.get(i) else {
            break;
        };
        if initial == 'ฤ' || initial == 'ฦ' {
            out.push_str(if initial == 'ฤ' { "rue" } else { "lue" });
            i += 1;
            continue;
        }
        if !is_thai_consonant(initial) {
            // A stray vowel sign or digit: romanise what can be, skip the rest.
            match initial {
                'า' | 'ะ' | 'ั' => out.push('a'),
                'ิ' | 'ี' => out.push('i'),
                'ุ' | 'ู' => out.push('u'),
                'ำ' => out.push_str("am"),
                d if d.is_ascii_digit() || ('๐'..='๙').contains(&d) => {
                    out.push(char::from_digit(d.to_digit(10).unwrap_or(0), 10).unwrap_or('0'))
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        i += 1;
        let mut onset = String::from(initial_sound(initial));
        // ห and อ before a sonorant are silent: they only change the tone.
        let next = chars.get(i).copied();
        if (initial == 'ห' && matches!(next, Some('ง' | 'ญ' | 'น' | 'ม' | 'ย' | 'ร' | 'ล' | 'ว')))
            || (initial == 'อ' && next == Some('ย'))
        {
            onset = initial_sound(chars[i]).to_string();
            i += 1;
        }
        // สร, ศร and ทร before a vowel read as a plain s (ศรี → si, ทราย → sai).
        if matches!(initial, 'ส' | 'ศ' | 'ท')
            && chars.get(i) == Some(&'ร')
            && chars.get(i + 1).is_some_and(|c| is_vowel_sign(*c))
        {
            onset = String::from("s");
            i += 1;
        }
        // Consonant clusters kr, khr, kl, khw, tr, pr, pl, phr, phl.
        if matches!(initial, 'ก' | 'ข' | 'ค' | 'ต' | 'ป' | 'ผ' | 'พ')
            && matches!(chars.get(i), Some('ร' | 'ล' | 'ว'))
            && (lead.is_some() || chars.get(i + 1).is_some_and(|c| is_vowel_sign(*c)))
        {
            onset.push(match chars[i] {
                'ร' => 'r',
                'ล' => 'l',
                _ => 'w',
            });
            i += 1;
        }
        out.push_str(&onset);
        let n0 = chars.get(i).copied();
        let n1 = chars.get(i + 1).copied();
        // (vowel, signs consumed, may take a final consonant)
        let (vowel, used, closes): (&str, usize, bool) = match lead {
            Some('เ') => match (n0, n1) {
                (Some('า'), Some('ะ')) => ("o", 2, false),
                (Some('า'), _) => ("ao", 1, false),
                (Some('ี'), Some('ย')) => ("ia", 2, true),
                (Some('ื'), Some('อ')) => ("uea", 2, true),
                (Some('ิ'), _) | (Some('อ'), _) => ("oe", 1, true),
                (Some('ะ'), _) => ("e", 1, false),
                (Some('็'), _) => ("e", 1, true),
                (Some('ย'), _) if !can_be_final(&chars, i + 1) => ("oei", 1, false),
                _ => ("e", 0, true),
            },
            Some('แ') => match n0 {
                Some('ะ') | Some('็') => ("ae", 1, n0 == Some('็')),
                _ => ("ae", 0, true),
            },
            Some('โ') => match n0 {
                Some('ะ') => ("o", 1, false),
                _ => ("o", 0, true),
            },
            Some(_) => {
                // ไ and ใ: "ai"; a written ย after them (ไทย) is silent.
                if n0 == Some('ย') && !chars.get(i + 1).is_some_and(|c| is_vowel_sign(*c)) {
                    ("ai", 1, false)
                } else {
                    ("ai", 0, false)
                }
            }
            None => match (n0, n1) {
                (Some('ั'), Some('ว')) => ("ua", 2, true),
                (Some('ั'), _) => ("a", 1, true),
                (Some('ะ'), _) => ("a", 1, false),
                (Some('า'), _) => ("a", 1, true),
                (Some('ำ'), _) => ("am", 1, false),
                (Some('ิ'), _) | (Some('ี'), _) => ("i", 1, true),
                (Some('ึ'), _) => ("ue", 1, true),
                (Some('ื'), Some('อ')) => ("ue", 2, true),
                (Some('ื'), _) => ("ue", 1, true),
                (Some('ุ'), _) | (Some('ู'), _) => ("u", 1, true),
                (Some('็'), _) => ("o", 1, true),
                (Some('ร'), Some('ร')) => {
                    if can_be_final(&chars, i + 2) {
                        ("a", 2, true)
                    } else {
                        ("an", 2, false)
                    }
                }
                (Some('อ'), _) if !chars.get(i + 1).is_some_and(|c| is_vowel_sign(*c)) => ("o", 1, true),
                (Some('ว'), Some(_)) if can_be_final(&chars, i + 1) => ("ua", 1, true),
                _ => {
                    // No written vowel: count the bare consonants that follow.
                    let mut run = 0;
                    while can_be_final(&chars, i + run) {
                        run += 1;
                    }
                    if run % 2 == 1 {
                        ("o", 0, true)
                    } else if run == 0 && n0.is_none_or(|c| !is_thai(c)) {
                        ("o", 0, false)
                    } else {
                        ("a", 0, false)
                    }
                }
            },
        };
        out.push_str(vowel);
        i += used;
        if closes && can_be_final(&chars, i) {
            out.push_str(final_sound(chars[i]));
            i += 1;
        }
    }
    out
}

/// A Latin spelling with the usual transcription freedom removed: lowercase a–z only, h dropped
/// except at the start, j → c, v → w, z → s, q → k, y → i, rn → n, ee → i, oo → u, doubled
/// letters merged.
pub fn latin_key(text: &str) -> String {
    let mut letters: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if !c.is_ascii_lowercase() {
            continue;
        }
        let mapped = match c {
            'h' if !letters.is_empty() => continue,
            'j' => 'c',
            'v' => 'w',
            'z' => 's',
            'q' => 'k',
            'y' => 'i',
            other => other,
        };
        letters.push(mapped);
    }
    let mut out: Vec<char> = Vec::with_capacity(letters.len());
    let mut i = 0;
    while i < letters.len() {
        let (c, next) = (letters[i], letters.get(i + 1).copied());
        match (c, next) {
            ('r', Some('n')) => {}
            ('e', Some('e')) => {
                out.push('i');
                i += 1;
            }
            ('o', Some('o')) => {
                out.push('u');
                i += 1;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out.dedup();
    out.into_iter().collect()
}

/// The key for comparing a name across scripts: Thai text is romanised first.
pub fn match_key(text: &str) -> String {
    if text.chars().any(is_thai) { latin_key(&rtgs(text)) } else { latin_key(text) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        assert_eq!(rtgs(input), expect, "input {input:?}");
    }

    #[test]
    fn common_names() {
        check("สมชาย", "somchai");
        check("สมศักดิ์", "somsak");
        check("ประยุทธ์", "prayut");
        check("มาลี", "mali");
        check("สุดา", "suda");
        check("กมล", "kamon");
        check("สมพร", "somphon");
        check("จันทร์", "chan");
        check("ไทย", "thai");
        check("แสงดาว", "saengdao");
        check("เพ็ญ", "phen");
        check("ทองดี", "thongdi");
        check("ศรีสุข", "sisuk");
        check("ทราย", "sai");
        check("บุญมา", "bunma");
        check("เปรม", "prem");
        check("หนู", "nu");
        check("ตัว", "tua");
        check("ชวน", "chuan");
        check("เลย", "loei");
        check("เสือ", "suea");
        check("เรียน", "rian");
        check("ข้าว", "khao");
        check("กรรม", "kam");
        check("", "");
    }

    #[test]
    fn tone_marks_and_mixed_text() {
        assert_eq!(rtgs("ผ่องศรี"), rtgs("ผองศรี"));
        check("สมชาย 2", "somchai 2");
    }

    #[test]
    fn latin_keys_meet() {
        assert_eq!(latin_key("Somchai"), latin_key("Somchay"));
        assert_eq!(latin_key("Prayuth"), latin_key("Prayut"));
        assert_eq!(latin_key("Chaiyaporn"), latin_key("Chaiyapon"));
        assert_eq!(latin_key("Jirawat"), latin_key("Chirawat"));
        assert_eq!(latin_key("Vichai"), latin_key("Wichai"));
        assert_eq!(latin_key("Boonma"), latin_key("Bunma"));
        assert_eq!(latin_key("Thongdee"), "tongdi");
    }

    #[test]
    fn thai_and_latin_spellings_share_a_match_key() {
        assert_eq!(match_key("สมชาย"), match_key("Somchay"));
        assert_eq!(match_key("ประยุทธ์"), match_key("Prayuth"));
        assert_eq!(match_key("ทองดี"), match_key("Thongdee"));
        assert_eq!(match_key("บุญมา"), match_key("Boonma"));
        assert_ne!(match_key("สมชาย"), match_key("Somsak"));
    }
}
