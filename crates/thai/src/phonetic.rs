//! Thai phonetic codes: names that sound alike get the same short code.
//!
//! [`lk82`] follows the rules of Lorchirachoonkul's Thai soundex (V. Lorchirachoonkul, "A Thai
//! soundex system", Information Processing & Management 18(5), 1982), as the paper describes them:
//! 1. drop tone marks;
//! 2. drop silent letters: a consonant marked with thanthakhat (์), with a vowel ิ/ุ between
//!    them or not, and the silent clusters ทร์, ตร์, จน์, มณ์, ณฑ์;
//! 3. drop signs that carry no sound of their own (ฯ ฺ ๆ ็ ํ);
//! 4. the first consonant is kept as a letter standing for its sound class
//!    (ข ค ฆ → ก, ศ ษ ส → ซ, ฐ ฑ ฒ ถ ธ → ท, ล ฬ → ร, …); a leading vowel (เ แ โ ใ ไ) moves behind
//!    that consonant and is coded as a digit;
//! 5. every later letter becomes a digit of its sound group; the short vowels ะ ั ิ ี only
//!    separate, ุ is silent after ต and ธ, ห and อ count only before ึ ื ุ ู, ย and ว count only
//!    after a separating vowel or before ึ ื ุ ู;
//! 6. adjacent repeats are merged and the code is cut or padded with 0 to five characters.
//!
//! Codes compare Thai names written with a different but homophonous letter, with or without a
//! tone mark, or with or without a silent ending. They are meant for blocking keys and for one level
//! of a name comparison, not as an identity test: unrelated names can share a code.

/// The sound class letter for a word's first consonant.
fn first_letter_class(c: char) -> Option<char> {
    let class = match c {
        'ก' | 'ข' | 'ฃ' | 'ค' | 'ฅ' | 'ฆ' => 'ก',
        'ง' => 'ง',
        'จ' => 'จ',
        'ฉ' | 'ช' | 'ฌ' => 'ช',
        'ซ' | 'ศ' | 'ษ' | 'ส' => 'ซ',
        'ญ' | 'ย' => 'ย',
        'ฎ' | 'ด' => 'ด',
        'ฏ' | 'ต' => 'ต',
        'ณ' | 'น' => 'น',
        'ฐ' | 'ฑ' | 'ฒ' | 'ถ' | 'ท' | 'ธ' => 'ท',
        'บ' => 'บ',
        'ป' => 'ป',
        'ผ' | 'พ' | 'ภ' => 'พ',
        'ฝ' | 'ฟ' => 'ฟ',
        'ม' => 'ม',
        'ร' | 'ล' | 'ฬ' | 'ฤ' | 'ฦ' => 'ร',
        'ว' => 'ว',
        'ห' | 'ฮ' => 'ห',
        'อ' => 'อ',
        _ => return None,
    };
    Some(class)
}

/// The digit of a letter's sound group for letters after the first.
fn digit(c: char) -> Option<char> {
    let code = match c {
        'ก' | 'ข' | 'ฃ' | 'ค' | 'ฅ' | 'ฆ' => '1',
        'ง' => '2',
        'จ' | 'ฉ' | 'ช' | 'ซ' | 'ฌ' | 'ฎ' | 'ฏ' | 'ฐ' | 'ฑ' | 'ฒ' | 'ด' | 'ต' | 'ถ' | 'ท' | 'ธ' | 'ศ' | 'ษ' | 'ส' => {
            '3'
        }
        'ญ' | 'ณ' | 'น' | 'ร' | 'ล' | 'ฬ' | 'ฤ' | 'ฦ' => '4',
        'บ' | 'ป' | 'พ' | 'ฟ' | 'ภ' | 'ผ' | 'ฝ' => '5',
        'ม' | 'ำ' => '6',
        'ย' | 'ว' | 'ไ' | 'ใ' => '7',
        'ห' | 'ฮ' => '8',
        'า' => '9',
        'ๅ' | 'ึ' | 'ื' => 'A',
        'เ' => 'B',
        'แ' => 'C',
        'โ' => 'D',
        'ุ' | 'ู' => 'E',
        'อ' => 'F',
        _ => return None,
    };
    Some(code)
}

const THANTHAKHAT: char = '\u{0E4C}';

/// Steps 1–3: tone marks, silent letters and soundless signs removed.
fn audible_letters(text: &str) -> Vec<char> {
    let chars: Vec<char> = text.chars().filter(|c| !crate::name::is_tone_mark(*c)).collect();
    let mut kept: Vec<char> = Vec::with_capacity(chars.len());
    for &c in &chars {
        if c == THANTHAKHAT {
            // Silent clusters first: two consonants before the mark are both silent.
            let n = kept.len();
            let pair: String = kept[n.saturating_sub(2)..].iter().collect();
            if matches!(pair.as_str(), "ทร" | "ตร" | "จน" | "มณ" | "ณฑ") {
                kept.truncate(n - 2);
                continue;
            }
            // A vowel ิ or ุ on the silent consonant goes with it.
            if matches!(kept.last(), Some('\u{0E34}') | Some('\u{0E38}')) {
                kept.pop();
            }
            if kept.last().is_some_and(|c| crate::name::is_thai_consonant(*c)) {
                kept.pop();
            }
            continue;
        }
        if matches!(c, '\u{0E2F}' | '\u{0E3A}' | '\u{0E46}' | '\u{0E47}' | '\u{0E4D}') {
            continue;
        }
        if crate::name::is_thai(c) {
            kept.push(c);
        }
    }
    kept
}

/// The LK82 code of a Thai word: a sound class letter and four digits ("สมชาย" → "ซ6397").
/// Non-Thai characters are ignored; a word with no Thai letter gives an empty string.
pub fn lk82(text: &str) -> String {
    let letters = audible_letters(text);
    let Some(&first) = letters.first() else {
        return String::new();
    };
    let mut codes: Vec<char> = Vec::with_capacity(8);
    let rest: &[char] = if let Some(class) = first_letter_class(first) {
        codes.push(class);
        &letters[1..]
    } else {
        // A leading vowel: the consonant it belongs to is the first letter, the vowel a digit.
        let Some(class) = letters.get(1).and_then(|c| first_letter_class(*c)) else {
            return String::new();
        };
        codes.push(class);
        if let Some(d) = digit(first) {
            codes.push(d);
        }
        &letters[2..]
    };
    // Position (in `rest`) of the last separating vowel seen.
    let mut last_separator: Option<usize> = None;
    for (idx, &c) in rest.iter().enumerate() {
        let next = rest.get(idx + 1).copied();
        let next_is_long_or_u = matches!(next, Some('ึ' | 'ื' | 'ุ' | 'ู'));
        match c {
            'ะ' | 'ั' | 'ิ' | 'ี' => last_separator = Some(idx),
            'า' | 'ึ' | 'ื' | 'ู' | 'ๅ' => {
                last_separator = Some(idx);
                codes.extend(digit(c));
            }
            'ุ' => {
                last_separator = Some(idx);
                let after_silent = idx > 0 && matches!(rest[idx - 1], 'ต' | 'ธ');
                if !after_silent {
                    codes.extend(digit(c));
                }
            }
            'ห' | 'อ' => {
                if next_is_long_or_u {
                    codes.extend(digit(c));
                }
            }
            'ย' | 'ว' => {
                let after_separator = idx > 0 && last_separator == Some(idx - 1);
                if after_separator || next_is_long_or_u {
                    codes.extend(digit(c));
                }
            }
            _ => codes.extend(digit(c)),
        }
    }
    codes.dedup();
    let mut code: String = codes.into_iter().take(5).collect();
    while code.chars().count() < 5 {
        code.push('0');
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        assert_eq!(lk82(input), expect, "input {input:?}");
    }

    #[test]
    fn codes_have_five_characters() {
        check("สมชาย", "ซ6397");
        check("ก", "ก0000");
        check("", "");
        check("john", "");
        check("123", "");
    }

    #[test]
    fn homophones_share_a_code() {
        // Letters of one sound class.
        assert_eq!(lk82("สมชาย"), lk82("ศมชาย"));
        assert_eq!(lk82("รัตนา"), lk82("ลัตนา"));
        assert_eq!(lk82("ธนพล"), lk82("ทนพล"));
        assert_eq!(lk82("ภัทรา"), lk82("พัทรา"));
    }

    #[test]
    fn tone_marks_and_silent_letters_do_not_count() {
        assert_eq!(lk82("ผ่องศรี"), lk82("ผองศรี"));
        assert_eq!(lk82("สมศักดิ์"), lk82("สมศัก"));
        assert_eq!(lk82("จันทร์"), lk82("จัน"));
        assert_eq!(lk82("ประยุทธ์"), lk82("ประยุท"));
        assert_eq!(lk82("เล็ก"), lk82("เลก"));
    }

    #[test]
    fn leading_vowel_goes_after_the_consonant() {
        check("เอก", "อB100");
        check("แสง", "ซC200");
        check("ไพ", "พ7000");
    }

    #[test]
    fn different_names_differ() {
        assert_ne!(lk82("สมชาย"), lk82("สมศรี"));
        assert_ne!(lk82("วิชัย"), lk82("วิภา"));
    }
}
