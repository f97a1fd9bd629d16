//! What any text given to tidtam may hold, checked the same way wherever it
//! comes from: no control characters, and a length limit per field.
//!
//! The web edge applies it to every JSON body and query string before any use
//! case runs (so no handler can forget it); other front ends can apply it to
//! what they build ([`check_json`] on the serialised input). Every problem is
//! reported at once, each naming its field as a client wrote it
//! (`kpi_results[2].result_text`) and the limit, in Thai and English.

use tidtam_domain::model::FieldError;

use crate::{Result, ServiceError};

/// Most characters in a text field, unless [`LONG_TEXT_FIELDS`] names it.
pub const MAX_TEXT_CHARS: usize = 1_000;
/// Most characters in a free-text field (summaries, problems, comments, …).
pub const MAX_LONG_TEXT_CHARS: usize = 20_000;
/// Fields (by their last key) that hold free text; every other string is short.
pub const LONG_TEXT_FIELDS: [&str; 12] = [
    "summary",
    "problems_text",
    "recommendations",
    "objectives",
    "area",
    "description",
    "text",
    "target_text",
    "result_text",
    "comment",
    "review_comment",
    "responsible",
];

/// The limit for a text field named `key`.
pub fn text_limit(key: &str) -> usize {
    if LONG_TEXT_FIELDS.contains(&key) { MAX_LONG_TEXT_CHARS } else { MAX_TEXT_CHARS }
}

/// A control character no text may hold (the one definition, shared with the
/// report reader, which drops them).
pub use tidtam_thai::control::is_forbidden_control;

/// The problems of one text at `path` whose field is named `key`.
fn text_problems(path: &str, key: &str, text: &str, problems: &mut Vec<FieldError>) {
    if text.chars().any(is_forbidden_control) {
        problems.push(FieldError::new(
            path,
            &format!("ช่อง {path} มีอักขระควบคุม (เช่น NUL) ซึ่งไม่อนุญาต"),
            &format!("{path} contains a control character (such as NUL), which is not allowed"),
        ));
    }
    let limit = text_limit(key);
    if text.chars().count() > limit {
        problems.push(FieldError::new(
            path,
            &format!("ช่อง {path} ยาวเกิน {limit} ตัวอักษร"),
            &format!("{path} is longer than {limit} characters"),
        ));
    }
}

fn walk(value: &serde_json::Value, path: &str, key: &str, problems: &mut Vec<FieldError>) {
    match value {
        serde_json::Value::String(text) => text_problems(path, key, text, problems),
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{index}]"), key, problems);
            }
        }
        serde_json::Value::Object(fields) => {
            for (name, item) in fields {
                let child = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
                walk(item, &child, name, problems);
            }
        }
        _ => {}
    }
}

/// Every string in a JSON value (an input as a client sent it) passes, or
/// `Invalid` lists each one that does not.
pub fn check_json(value: &serde_json::Value) -> Result<()> {
    let mut problems = Vec::new();
    walk(value, "", "", &mut problems);
    if problems.is_empty() { Ok(()) } else { Err(ServiceError::Invalid(problems)) }
}

/// The problems of named texts (query parameters: `(name, value)`).
pub fn field_problems<'a>(texts: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<FieldError> {
    let mut problems = Vec::new();
    for (name, text) in texts {
        text_problems(name, name, text, &mut problems);
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_lengths_name_their_field() {
        let input = serde_json::json!({
            "name": "ok\tfine\r\n",
            "kpi_results": [{ "result_text": "x".repeat(MAX_LONG_TEXT_CHARS) }, { "result_text": "\u{0}" }],
            "code": "c".repeat(MAX_TEXT_CHARS + 1),
        });
        let Err(ServiceError::Invalid(problems)) = check_json(&input) else { panic!("refused") };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["code", "kpi_results[1].result_text"]);
        assert!(problems[0].message_en.contains("1000 characters"));
        assert!(problems[1].message_th.contains("อักขระควบคุม"));
        assert!(field_problems([("q", "\u{1b}")].into_iter()).len() == 1);
        // The report reader's definition: DEL and C1 too, so what an import drops the API refuses.
        assert!(is_forbidden_control('\u{7f}') && is_forbidden_control('\u{0}') && !is_forbidden_control('\n'));
        assert!(field_problems([("q", "a\u{9b}b")].into_iter()).len() == 1);
    }
}
