//! Text prepared for the full-text index. Thai has no spaces between words, so
//! the text is segmented into words (ICU4X's dictionary segmenter, through
//! `tidtam_thai::segment::index_text`) and the words are joined by spaces; both
//! databases then index space-separated words (SQLite FTS5 `unicode61`,
//! PostgreSQL `to_tsvector('simple', …)`). Queries go through the same function,
//! so a query splits the way the indexed text did.

/// The words of `text`, lower-cased, Thai digits as Arabic, joined by spaces.
pub fn words(text: &str) -> String {
    tidtam_thai::segment::index_text(&text.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn thai_is_split_into_words() {
        let segmented = words("โครงการสำรวจภาวะการทำงานของประชากร ปี ๒๕๖๗");
        let parts: Vec<&str> = segmented.split(' ').collect();
        assert!(parts.len() >= 5, "{segmented}");
        assert!(parts.contains(&"สำรวจ"), "{segmented}");
        assert!(parts.contains(&"2567"), "{segmented}");
        assert_eq!(words("NSO, Survey!"), "nso survey");
    }
}
