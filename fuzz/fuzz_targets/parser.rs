//! Any bytes through the whole ingest path (decode, DOCX or text, split, parse, check).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = tidtam_report::ingest_bytes(data, "fuzz");
});
