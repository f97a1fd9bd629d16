//! DOCX input: a report written as a Word document reads the same as its text.
//!
//! The DOCX files are generated here with docx-rs (the writer tidtam exports with):
//! plain lines become paragraphs, tab-separated lines become table rows, `<b>`
//! spans become bold runs — the shape a Word original of the form has.

use std::io::Cursor;
use std::path::Path;

use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};
use tidtam_report::{IngestErrorKind, ingest_bytes, ingest_text};

/// Runs of a line, with `<b>…</b>` spans bold and other markup left out.
fn runs(text: &str) -> Paragraph {
    let mut paragraph = Paragraph::new();
    let mut rest = text;
    while let Some(start) = rest.find("<b>") {
        let (plain, after) = rest.split_at(start);
        paragraph = paragraph.add_run(Run::new().add_text(strip_tags(plain)));
        let after = &after[3..];
        let end = after.find("</b>").unwrap_or(after.len());
        paragraph = paragraph.add_run(Run::new().add_text(strip_tags(&after[..end])).bold());
        rest = after.get(end + 4..).unwrap_or("");
    }
    paragraph.add_run(Run::new().add_text(strip_tags(rest)))
}

fn strip_tags(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in text.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out
}

fn to_docx(text: &str) -> Vec<u8> {
    let mut document = Docx::new();
    let mut table_rows: Vec<TableRow> = Vec::new();
    let flush = |document: Docx, rows: &mut Vec<TableRow>| {
        if rows.is_empty() { document } else { document.add_table(Table::new(std::mem::take(rows))) }
    };
    for line in text.lines() {
        if line.contains('\t') {
            let cells = line.split('\t').map(|cell| TableCell::new().add_paragraph(runs(cell))).collect();
            table_rows.push(TableRow::new(cells));
        } else {
            document = flush(document, &mut table_rows);
            document = document.add_paragraph(runs(line.trim_start_matches(['#', ' ']).trim_matches('*')));
        }
    }
    document = flush(document, &mut table_rows);
    let mut bytes = Cursor::new(Vec::new());
    document.build().pack(&mut bytes).expect("docx written");
    bytes.into_inner()
}

fn corpus_text(name: &str) -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/project-reports").join(name);
    std::fs::read_to_string(path).ok()
}

fn same_figures(file: &str) {
    let Some(text) = corpus_text(file) else { return eprintln!("skipped: no corpus") };
    let from_text = ingest_text(&text, file).remove(0);
    let from_docx = ingest_bytes(&to_docx(&text), file).expect("docx ingests").remove(0);
    assert_eq!(from_docx.project_name, from_text.project_name, "{file}");
    assert_eq!(from_docx.agency, from_text.agency);
    assert_eq!(from_docx.project_value, from_text.project_value);
    assert_eq!(from_docx.project_value_words, from_text.project_value_words);
    assert_eq!(from_docx.budget, from_text.budget);
    assert_eq!(from_docx.progress_percent, from_text.progress_percent);
    assert_eq!(from_docx.provinces, from_text.provinces);
    assert_eq!(from_docx.kpis.len(), from_text.kpis.len());
    assert_eq!(from_docx.activities.len(), from_text.activities.len());
    let quarters = |r: &tidtam_report::ReportForm| -> Vec<Vec<Option<u8>>> {
        r.activities.iter().map(|a| a.results.iter().map(|q| q.quarter).collect()).collect()
    };
    assert_eq!(quarters(&from_docx), quarters(&from_text), "bold quarter markers survive DOCX");
    let rules = |r: &tidtam_report::ReportForm| r.findings.iter().map(|f| f.rule).collect::<Vec<_>>();
    assert_eq!(rules(&from_docx), rules(&from_text));
}

#[test]
fn docx_reads_like_text_report_01() {
    same_figures("01.txt");
}

#[test]
fn docx_reads_like_text_report_45() {
    same_figures("45.txt");
}

#[test]
fn docx_with_two_reports_is_split() {
    let Some(one) = corpus_text("01.txt") else { return eprintln!("skipped: no corpus") };
    let Some(two) = corpus_text("45.txt") else { return };
    let reports = ingest_bytes(&to_docx(&format!("{one}\n{two}")), "bulletin.docx").expect("ingests");
    assert_eq!(reports.len(), 2);
    assert_ne!(reports[0].project_name, reports[1].project_name);
}

#[test]
fn made_up_docx_report() {
    let text = "แบบรายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. ๒๕๖๗\n\
        ๑. ชื่อแผนงาน/โครงการ โครงการทดสอบ\n\
        ๒. ชื่อหน่วยงาน สำนักงานสถิติจังหวัดน่าน\n\
        ๓. แผนงาน/โครงการ เป็นการขับเคลื่อนภายใต้งบประมาณใด\n\
        แผนปฏิบัติการประจำปี มูลค่าโครงการตามการจัดสรรงบประมาณ ๑๐๑,๐๐๐ บาท (หนึ่งแสนหนึ่งพันบาทถ้วน)\n\
        ๙. โครงการใช้งบประมาณ ปี พ.ศ. ๒๕๖๗\n\
        ๙.๑ ได้รับจัดสรรงบประมาณ จำนวน ๑๐๑,๐๐๐ บาท (หนึ่งแสนหนึ่งพันบาทถ้วน)\n\
        ๑๐. พื้นที่ดำเนินการ (จังหวัด) จังหวัดน่าน\n\
        ๑๔. ความก้าวหน้าของการดำเนินการ\n\
        ๑๔.๑ มีความก้าวหน้า คิดเป็นร้อยละ ๒๐ ของเป้าหมายทั้งโครงการ\n";
    let report = ingest_bytes(&to_docx(text), "made-up.docx").expect("ingests").remove(0);
    assert_eq!(report.agency.as_deref(), Some("สำนักงานสถิติจังหวัดน่าน"));
    assert_eq!(report.project_value.map(|v| v.as_f64()), Some(101_000.0));
    assert_eq!(report.provinces, vec![55]);
    assert_eq!(report.progress_percent, Some(20.0));
    assert!(report.findings.iter().any(|f| f.rule == "section-missing"), "sections 4–8, 11–13 are missing");
}

#[test]
fn truncated_docx_is_a_clear_error() {
    let bytes = to_docx("๑. ชื่อแผนงาน/โครงการ ก\n๒. ชื่อหน่วยงาน ข\n");
    for cut in [bytes.len() / 2, bytes.len() - 10, 30] {
        let error = ingest_bytes(&bytes[..cut], "cut.docx").expect_err("truncated");
        assert!(matches!(error.kind, IngestErrorKind::BrokenDocx(_)), "{cut}: {error}");
        assert!(error.to_string().contains("DOCX"), "{error}");
    }
}

#[test]
fn docx_without_report_is_no_report() {
    let error = ingest_bytes(&to_docx("บันทึกข้อความ\nเรื่อง ขออนุมัติ"), "memo.docx").expect_err("no report");
    assert_eq!(error.kind, IngestErrorKind::NoReport);
}

/// A DOCX whose `document.xml` is `paragraphs` empty-ish paragraphs: tiny when
/// compressed, huge when expanded (the zip bomb of issue 15).
fn expanding_docx(paragraphs: usize) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    zip.start_file("word/document.xml", deflated).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="w"><w:body>"#).unwrap();
    let chunk = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>".repeat(10_000);
    for _ in 0..paragraphs / 10_000 {
        zip.write_all(&chunk).unwrap();
    }
    zip.write_all(b"</w:body></w:document>").unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_docx_that_expands_past_its_budget_is_refused_without_reading_it_all() {
    // 40 MB of XML in a file of a few hundred kilobytes: over 32 × its size.
    let bytes = expanding_docx(1_200_000);
    assert!(bytes.len() < 1_000_000, "{} bytes compressed", bytes.len());
    let error = ingest_bytes(&bytes, "bomb.docx").unwrap_err();
    let limit = tidtam_report::docx::budget(bytes.len());
    assert_eq!(error.kind, IngestErrorKind::Expands { limit, factor: tidtam_report::docx::EXPANSION_FACTOR });
    assert!(error.message_th().contains("ขยายเกิน") && error.message_en().contains("expands beyond"));
    // The same shape, small enough for its budget, is read (and holds no report).
    let small = expanding_docx(20_000);
    assert_eq!(ingest_bytes(&small, "small.docx").unwrap_err().kind, IngestErrorKind::NoReport);
}
