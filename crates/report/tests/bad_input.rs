//! Bad input never panics and always gets one clear line, in Thai and English.

use std::io::Write;

use tidtam_report::{IngestErrorKind, ingest_path};

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tidtam-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::File::create(&path).and_then(|mut file| file.write_all(bytes)).expect("written");
    path
}

fn kind_of(name: &str, bytes: &[u8]) -> IngestErrorKind {
    let error = ingest_path(&temp_file(name, bytes)).expect_err("refused");
    let line = error.to_string();
    assert!(!line.contains('\n'), "one line: {line}");
    assert!(line.contains(name), "names the file: {line}");
    error.kind
}

#[test]
fn each_bad_file_gets_its_reason() {
    assert_eq!(kind_of("empty.txt", b""), IngestErrorKind::Empty);
    assert_eq!(kind_of("binary.bin", &[0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 3]), IngestErrorKind::Binary);
    assert_eq!(kind_of("tis620.txt", b"\xc3\xd2\xc2\xa7\xd2\xb9\n"), IngestErrorKind::NotUtf8 { line: 1 });
    assert_eq!(kind_of("memo.txt", "บันทึกข้อความ ไม่ใช่แบบรายงาน\n".as_bytes()), IngestErrorKind::NoReport);
    assert!(matches!(kind_of("broken.docx", b"PK\x03\x04\x14\0\0\0"), IngestErrorKind::BrokenDocx(_)));
    let missing = ingest_path(std::path::Path::new("/nonexistent/report.txt")).expect_err("missing");
    assert!(matches!(missing.kind, IngestErrorKind::Unreadable(_)), "{missing}");
}

#[test]
fn a_200_mb_file_is_refused_without_reading_it() {
    // A sparse file: 200 MB long, no disk used, refused by its size before any read.
    let path = temp_file("huge.txt", b"");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .and_then(|file| file.set_len(200 * 1024 * 1024))
        .expect("sized");
    let error = ingest_path(&path).expect_err("too large");
    assert!(matches!(error.kind, IngestErrorKind::TooLarge { .. }), "{error}");
    assert!(error.message_th().contains("ใหญ่เกินไป") && error.message_en().contains("too large"));
    std::fs::remove_file(path).ok();
}

#[test]
fn garbage_text_never_panics() {
    // A cheap, deterministic stand-in for the fuzzer in the normal test run.
    let pieces = [
        "๑. ชื่อแผนงาน/โครงการ",
        "\t",
        "<b>",
        "๙.๓ เบิกจ่ายแล้ว จำนวน",
        "บาท (",
        ")",
        "ร้อยละ",
        "ไตรมาสที่ ๔",
        "\n",
        "๑๔.",
        "....",
        "ล้านล้าน",
        "๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙๙",
        "**",
        "- ",
        "ข้อเสนอแนะ",
        "๘. แผนระยะเวลา",
        "กิจกรรม\tช่วงระยะเวลา",
    ];
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    for _ in 0..2000 {
        let mut text = String::new();
        for _ in 0..40 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        let _ = tidtam_report::ingest_text(&text, "garbage");
    }
}
