//! Thai word segmentation for the full-text index (feature `segment`).
//!
//! Thai is written without spaces between words, so a search engine that
//! splits on spaces (SQLite FTS5, PostgreSQL `simple`) sees a whole clause as
//! one token. This module splits text into words with ICU4X's
//! `WordSegmenter` using its Thai dictionary (compiled into the binary, no
//! data files at run time) and gives the index a space-separated form.
//!
//! The dictionary segmenter is chosen over the LSTM one: it is several times
//! faster, needs no model, and is what ICU uses for Thai by default.
//! Segmentation is a best effort on unknown words (names, typos); the index
//! only needs the same text to split the same way at indexing and at query
//! time, which holds as long as both go through [`index_text`].

use icu_segmenter::options::{LineBreakOptions, WordBreakInvariantOptions};
use icu_segmenter::{LineSegmenter, WordSegmenter};

use crate::digits::to_arabic_digits;

/// The word-like segments of `text` (letters or numbers), in order, borrowed
/// from it; spaces and punctuation are dropped.
///
/// ```
/// use tidtam_thai::segment::words;
/// assert_eq!(words("ทุกสองสัปดาห์"), ["ทุก", "สอง", "สัปดาห์"]);
/// ```
pub fn words(text: &str) -> Vec<&str> {
    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let mut out = Vec::new();
    let mut last = 0;
    for (end, word_type) in segmenter.segment_str(text).iter_with_word_type() {
        if end > last
            && word_type.is_word_like()
            && let Some(word) = text.get(last..end)
        {
            out.push(word);
        }
        last = end;
    }
    out
}

/// `text` as the index stores it: its words separated by single spaces, with
/// Thai digits written as Arabic ones so "๒๕๖๗" and "2567" find each other.
///
/// Run queries through this too, so that both sides split alike.
///
/// ```
/// use tidtam_thai::segment::index_text;
/// assert_eq!(index_text("งบประมาณ พ.ศ. ๒๕๖๗"), "งบ ประมาณ พ ศ 2567");
/// ```
pub fn index_text(text: &str) -> String {
    let words = words(text);
    let mut out = String::with_capacity(text.len() + words.len());
    for word in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&to_arabic_digits(word));
    }
    out
}

/// Where a line may be broken in `text` (UAX #14, Thai words found with the
/// same dictionary as [`words`]): byte offsets after 0, ascending, ending with
/// `text.len()` for a non-empty text.
///
/// Typesetting Thai needs this because Thai puts no space between words: a
/// line may end after any word, and nowhere inside one (a vowel or tone mark
/// never starts a line).
///
/// ```
/// use tidtam_thai::segment::line_breaks;
/// assert_eq!(line_breaks("ทุกสองสัปดาห์"), [9, 18, 39]);
/// assert_eq!(line_breaks(""), Vec::<usize>::new());
/// ```
pub fn line_breaks(text: &str) -> Vec<usize> {
    let segmenter = LineSegmenter::new_dictionary(LineBreakOptions::default());
    segmenter.segment_str(text).filter(|&offset| offset > 0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[&str]) {
        assert_eq!(words(input), expected, "words({input:?})");
    }

    #[test]
    fn thai_words() {
        check("ทุกสองสัปดาห์", &["ทุก", "สอง", "สัปดาห์"]);
        check("", &[]);
        check("   ", &[]);
        check("(-)", &[]);
    }

    #[test]
    fn corpus_sentences() {
        let line = "โครงการจัดหาครุภัณฑ์คอมพิวเตอร์ทดแทนครุภัณฑ์เดิม";
        let found = words(line);
        assert!(found.len() >= 4, "{found:?}");
        assert_eq!(found.concat(), line, "segments cover the text");
        assert!(found.contains(&"โครงการ") && found.contains(&"คอมพิวเตอร์"), "{found:?}");
        let mixed = words("ระบบ NSO Data Catalog ปี ๒๕๖๗");
        assert!(mixed.contains(&"NSO") && mixed.contains(&"Catalog") && mixed.contains(&"๒๕๖๗"), "{mixed:?}");
    }

    #[test]
    fn index_form() {
        assert_eq!(index_text("ทุกสองสัปดาห์"), "ทุก สอง สัปดาห์");
        assert_eq!(index_text("ปี ๒๕๖๗"), index_text("ปี 2567"));
        assert_eq!(index_text(""), "");
        // A query split the same way as the text finds its words.
        let text = index_text("สำนักงานสถิติแห่งชาติจัดทำบัญชีข้อมูลภาครัฐ");
        let query = index_text("บัญชีข้อมูล");
        assert!(query.split(' ').all(|w| text.split(' ').any(|t| t == w)), "{text} / {query}");
    }
}
