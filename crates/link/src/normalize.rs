//! Normalisers of one register value (telephone numbers, provinces, sex),
//! shared by blocking keys (`key`), comparisons (`compare`) and the inferred
//! model (`infer`): each reads the common spellings and turns anything else
//! into `None`.

/// The digits of a telephone number, the country code `66` turned into the trunk `0`;
/// `None` when fewer than eight digits remain (an extension, a typo, "-").
pub fn phone_digits(raw: &str) -> Option<String> {
    let mut digits: String = raw
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '๐'..='๙' => char::from_digit(c as u32 - '๐' as u32, 10),
            _ => None,
        })
        .collect();
    if digits.len() == 11 && digits.starts_with("66") {
        digits.replace_range(..2, "0");
    }
    (digits.len() >= 8 && digits.len() <= 12).then_some(digits)
}

/// The official code of a province written as a code or a name.
pub fn province_code(raw: &str) -> Option<u8> {
    let raw = raw.trim();
    if let Ok(code) = raw.parse::<u8>() {
        return tidtam_thai::province::by_code(code).map(|p| p.code);
    }
    tidtam_thai::province::by_name(raw).map(|p| p.code)
}

/// 1 for male, 2 for female, as the registers' common spellings write them.
pub fn sex_code(raw: &str) -> Option<u8> {
    match raw.trim().to_lowercase().as_str() {
        "m" | "male" | "man" | "ชาย" | "ช" | "ช." | "1" => Some(1),
        "f" | "female" | "woman" | "หญิง" | "ญ" | "ญ." | "2" => Some(2),
        _ => None,
    }
}
