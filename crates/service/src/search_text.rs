//! Text prepared for the full-text index. Thai has no spaces between words, so
//! the text is segmented into words with ICU4X's dictionary segmenter and the
//! words are joined by spaces; both databases then index space-separated words
//! (SQLite FTS5 `unicode61`, PostgreSQL `to_tsvector('simple', …)`). Queries go
//! through the same function, so a query matches what was indexed.
//!
//! `tidtam_thai::segment::index_text` is to provide the same contract; this
//! module switches to it once it lands so there is one segmenter in the tree.

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;

/// The word-like segments of `text`, lower-cased, Thai digits as Arabic, joined by spaces.
pub(crate) fn words(text: &str) -> String {
    let normalised: String = text
        .chars()
        .map(|c| match c {
            '\u{0E50}'..='\u{0E59}' => char::from_digit(c as u32 - 0x0E50, 10).expect("digit"),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let segmenter = WordSegmenter::new_auto(WordBreakInvariantOptions::default());
    let mut out = String::with_capacity(normalised.len() + normalised.len() / 4);
    let mut last = 0;
    for (boundary, word_type) in segmenter.segment_str(&normalised).iter_with_word_type() {
        let piece = &normalised[last..boundary];
        last = boundary;
        if word_type.is_word_like() && !piece.trim().is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(piece.trim());
        }
    }
    out
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
