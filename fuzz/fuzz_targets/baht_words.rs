//! Any text through the tolerant baht-words reader; what it reads must write back.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(read) = tidtam_thai::baht::read_baht_words(text) {
            // Whatever was read is a real amount: writing it and reading back is exact.
            let words = tidtam_thai::baht::baht_to_words(read.amount);
            let again = tidtam_thai::baht::read_baht_words(&words).expect("own words read back");
            assert_eq!(again.amount, read.amount);
            assert!(again.corrections.is_empty(), "own words need no correction: {words}");
        }
    }
});
