//! The password policy: long enough, not a well-known password, not the user name.
//!
//! Length matters more than character classes (NIST SP 800-63B), so the rule
//! is a minimum length plus a refusal of passwords that lists of leaked
//! passwords put first; a guesser tries those before anything else.

use crate::model::FieldError;

/// Fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Most characters a password may have (argon2 hashes any length; this bounds the work).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Passwords that lead the public lists of leaked passwords, plus local ones
/// (Thai keyboard walks, the product's and the agency's names). Compared in
/// lower case with spaces removed; anything of at least [`MIN_PASSWORD_CHARS`]
/// that merely contains one of the short ones is not refused.
const COMMON: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123456789abc",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "qwertyuiop12",
    "qwertyuiop123",
    "qwerty123456",
    "qwertyuiopasdf",
    "asdfghjkl123",
    "zxcvbnm12345",
    "password1234",
    "password12345",
    "password123456",
    "passw0rd1234",
    "p@ssw0rd1234",
    "p@ssword1234",
    "iloveyou1234",
    "letmein12345",
    "welcome12345",
    "welcome@1234",
    "administrator",
    "administrator1",
    "admin@123456",
    "admin1234567",
    "adminadmin12",
    "changeme1234",
    "abc123456789",
    "abcdefghijkl",
    "abcd12345678",
    "aaaaaaaaaaaa",
    "111111111111",
    "000000000000",
    "987654321098",
    "football1234",
    "baseball1234",
    "sunshine1234",
    "princess1234",
    "superman1234",
    "trustno11234",
    "monkey123456",
    "dragon123456",
    "master123456",
    "correcthorsebatterystaple",
    "tidtam123456",
    "tidtampassword",
    "nso123456789",
    "nsothailand1",
    "thailand1234",
    "thailand12345",
    "bangkok12345",
    "bangkok123456",
    "ฟหกดเาสวงฟหกด",
    "ๅ/-ภถุึคตจขช",
];

/// Every reason `password` is not acceptable for user `username` (empty when it is).
pub fn password_problems(password: &str, username: &str) -> Vec<FieldError> {
    let mut problems = Vec::new();
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        problems.push(FieldError::new(
            "password",
            &format!("รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_CHARS} ตัวอักษร"),
            &format!("the password must have at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if length > MAX_PASSWORD_CHARS {
        problems.push(FieldError::new(
            "password",
            &format!("รหัสผ่านต้องยาวไม่เกิน {MAX_PASSWORD_CHARS} ตัวอักษร"),
            &format!("the password must have at most {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    let key: String = password.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    let one_repeated = key.chars().next().is_some_and(|first| key.chars().all(|c| c == first));
    if COMMON.contains(&key.as_str()) || one_repeated {
        problems.push(FieldError::new(
            "password",
            "รหัสผ่านนี้เป็นรหัสที่ใช้กันทั่วไปและเดาได้ง่าย กรุณาตั้งรหัสอื่น",
            "this password is a common one that is easy to guess; choose another",
        ));
    }
    let name: String = username.chars().flat_map(char::to_lowercase).collect();
    if !name.is_empty() && key.contains(&name) {
        problems.push(FieldError::new(
            "password",
            "รหัสผ่านต้องไม่มีชื่อผู้ใช้อยู่ในนั้น",
            "the password must not contain the user name",
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_common_and_name_passwords_are_refused() {
        assert_eq!(password_problems("0123456789", "somchai").len(), 1, "ten characters are too few");
        assert!(!password_problems("Password1234", "somchai").is_empty(), "common, whatever the case");
        assert!(!password_problems("password 1234", "somchai").is_empty(), "spaces do not hide it");
        assert!(!password_problems("zzzzzzzzzzzzzzzz", "somchai").is_empty(), "one character repeated");
        assert!(!password_problems("somchai-is-great", "somchai").is_empty(), "contains the user name");
        assert!(password_problems("correct horse battery", "somchai").is_empty());
        assert!(password_problems("ข้าวมันไก่สามจาน", "somchai").is_empty(), "Thai passwords count characters");
        for problem in password_problems("short", "x") {
            assert!(!problem.message_th.is_empty() && !problem.message_en.is_empty());
        }
    }
}
