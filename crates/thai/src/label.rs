//! Matching keys for labels typed by people: the same project, agency, activity
//! or indicator written with different spacing, Thai or Arabic digits, or
//! zero-width characters must map to one key. (Person names have their own key,
//! [`crate::name::name_key`], which also drops titles.)

/// A key for comparing labels: Thai digits to Arabic, zero-width and control
/// characters removed, whitespace collapsed to one space, ASCII lower-cased.
///
/// The database stores these keys (project, activity and KPI names), so the
/// algorithm may only change with a migration that recomputes them.
pub fn label_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut pending_space = false;
    for ch in name.chars() {
        let ch = match ch {
            '\u{0E50}'..='\u{0E59}' => char::from_digit(ch as u32 - 0x0E50, 10).expect("digit"),
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => continue,
            c if c.is_control() && !c.is_whitespace() => continue,
            c => c.to_ascii_lowercase(),
        };
        if ch.is_whitespace() {
            pending_space = !key.is_empty();
            continue;
        }
        if pending_space {
            key.push(' ');
            pending_space = false;
        }
        key.push(ch);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::label_key;

    #[test]
    fn keys_ignore_spacing_digits_and_zero_width() {
        assert_eq!(label_key("  โครงการ\u{200B}สำรวจ  ปี ๒๕๖๗ "), "โครงการสำรวจ ปี 2567");
        assert_eq!(label_key("NSO\tSurvey"), "nso survey");
    }
}
