//! The 13-digit Thai national identification number and its check digit.
//!
//! The last digit is (11 − (Σ dᵢ·(13−i) for i = 0..11) mod 11) mod 10.
//! A single wrong digit almost always breaks the check, so an invalid number next to a valid one
//! that differs by one digit or by two swapped neighbours is strong evidence of a typing error
//! rather than of two people.

/// A parsed identification number: its digits and whether the check digit is right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NationalId {
    /// The 13 digits.
    pub digits: [u8; 13],
    /// Whether the check digit agrees with the first twelve.
    pub valid: bool,
}

/// The check digit for the first twelve digits.
pub fn check_digit(first12: &[u8]) -> u8 {
    let sum: u32 = first12.iter().take(12).enumerate().map(|(i, d)| u32::from(*d) * (13 - i as u32)).sum();
    ((11 - sum % 11) % 10) as u8
}

/// Reads 13 digits, ignoring spaces and dashes (`1-2345-67890-12-1`), Thai digits accepted.
/// Anything else is `None`.
pub fn parse_national_id(text: &str) -> Option<NationalId> {
    let mut digits = [0u8; 13];
    let mut n = 0;
    for c in text.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '๐'..='๙' => c as u32 - '๐' as u32,
            ' ' | '-' => continue,
            _ => return None,
        };
        if n == 13 {
            return None;
        }
        digits[n] = d as u8;
        n += 1;
    }
    if n != 13 {
        return None;
    }
    let valid = check_digit(&digits[..12]) == digits[12];
    Some(NationalId { digits, valid })
}

/// How two numbers differ: 0 = same, 1 = one substituted digit or one swap of neighbours,
/// 2 = more.
pub fn typo_distance(a: &NationalId, b: &NationalId) -> u8 {
    // No allocation: this runs for every candidate pair.
    let mut diffs = [0usize; 2];
    let mut n = 0;
    for i in 0..13 {
        if a.digits[i] != b.digits[i] {
            if n == 2 {
                return 2;
            }
            diffs[n] = i;
            n += 1;
        }
    }
    let [i, j] = diffs;
    match n {
        0 => 0,
        1 => 1,
        _ if j == i + 1 && a.digits[i] == b.digits[j] && a.digits[j] == b.digits[i] => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digit_validation() {
        let id = parse_national_id("3-1005-01234-56-?");
        assert!(id.is_none(), "a non-digit is not an ID");
        let mut digits = [1u8, 1, 0, 1, 7, 0, 0, 2, 3, 0, 7, 0, 0];
        digits[12] = check_digit(&digits[..12]);
        let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        let parsed = parse_national_id(&text).unwrap();
        assert!(parsed.valid);
        let mut wrong = digits;
        wrong[12] = (wrong[12] + 1) % 10;
        let text: String = wrong.iter().map(|d| char::from(b'0' + d)).collect();
        assert!(!parse_national_id(&text).unwrap().valid);
    }

    #[test]
    fn known_check_digits() {
        // Σ = 1·13 = 13, 13 mod 11 = 2, (11 − 2) mod 10 = 9.
        assert_eq!(check_digit(&[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 9);
        // Σ = 0 → (11 − 0) mod 10 = 1.
        assert_eq!(check_digit(&[0; 12]), 1);
        // Σ = 2 (last weight 2) → 9.
        assert_eq!(check_digit(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), 9);
    }

    #[test]
    fn formats() {
        assert!(parse_national_id("1 1017 00230 70 1").is_some());
        assert!(parse_national_id("๑๑๐๑๗๐๐๒๓๐๗๐๑").is_some());
        assert!(parse_national_id("110170023070").is_none());
        assert!(parse_national_id("11017002307011").is_none());
        assert!(parse_national_id("").is_none());
    }

    #[test]
    fn typos() {
        let a = parse_national_id("1101700230701").unwrap();
        let sub = parse_national_id("1101700230791").unwrap();
        let swap = parse_national_id("1101700232701").unwrap();
        let swap2 = parse_national_id("1101702030701").unwrap();
        let far = parse_national_id("9999999999999").unwrap();
        assert_eq!(typo_distance(&a, &a), 0);
        assert_eq!(typo_distance(&a, &sub), 1);
        assert_eq!(typo_distance(&a, &swap2), 1);
        assert_eq!(typo_distance(&a, &swap), 1);
        assert_eq!(typo_distance(&a, &far), 2);
    }
}
