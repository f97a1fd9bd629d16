//! The indicator report of a performance agreement (`../shared/corpus/kpi-report-performance-agreement.txt`)
//! read field by field against values written by reading the file (line numbers
//! are the file's), and the 14-section project reports left as they were read.
//! Without the corpus beside the repository the tests say so and pass.

use std::path::{Path, PathBuf};

use jiff::civil::date;
use tidtam_report::{IngestErrorKind, read_path, read_text};
use tidtam_score::{Decimal, RoundPeriod};

/// `../shared/corpus` beside the repository: the main checkout's, or a worktree's
/// (`/work/wt/NAME` has it one level further up).
fn corpus() -> Option<PathBuf> {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../../../shared/corpus", "../../../../shared/corpus"]
        .iter()
        .map(|relative| crate_dir.join(relative))
        .find(|dir| dir.join("kpi-report-performance-agreement.txt").is_file())
}

fn d(text: &str) -> Decimal {
    Decimal::parse(text).unwrap()
}

#[test]
fn the_corpus_indicator_report_field_by_field() {
    let Some(dir) = corpus() else { return eprintln!("skipped: no corpus") };
    let path = dir.join("kpi-report-performance-agreement.txt");
    let read = read_path(&path).expect("the file reads");
    assert!(read.reports.is_empty(), "no 14-section report in it");
    // Nor did the 14-section reader find one before, so `ingest_path` (and an
    // import) still says the file holds no project report.
    assert!(read_as_before(&std::fs::read_to_string(&path).unwrap(), "kpi.txt").is_empty());
    assert_eq!(tidtam_report::ingest_path(&path).unwrap_err().kind, IngestErrorKind::NoReport);
    assert_eq!(read.kpi_reports.len(), 1);
    let form = &read.kpi_reports[0];

    // Line 3 is the title; line 5 the heading, wrapped onto line 6.
    assert_eq!(form.line, 3);
    assert_eq!(form.code, "3.1.3");
    assert_eq!(
        form.name,
        "ระดับความสำเร็จในการดำเนินการตามแผนงานสนับสนุนการบริหารงานจังหวัด การจัดทำแผนพัฒนาและงบประมาณจังหวัด/กลุ่มจังหวัด"
    );
    // Line 36, the score table's first cell.
    assert_eq!(
        form.table_name.as_deref(),
        Some("ความสำเร็จในการดำเนินการตามแผนงานสนับสนุนการบริหารงานจังหวัดแบบบูรณาการ การจัดทำแผนพัฒนาและงบประมาณจังหวัด/กลุ่มจังหวัด")
    );

    // Lines 8–9: the officer in charge and two numbered data collectors, as far as
    // the left-hand column writes them (the collector's phone is cut at "0-222").
    let officer = form.officer_in_charge.as_ref().expect("officer in charge");
    assert_eq!(officer.name, "กานดา วรเชษฐบัญชา ผอ.สยจ.สบจ.");
    assert_eq!(officer.phone.as_deref(), Some("0-2221-9200"));
    let collectors: Vec<&str> = form.data_collectors.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(collectors, ["พรรณ พงศ์มาศ นวล.ชก.พิเศษ", "นายสรารัฐ สุ"]);
    assert!(form.data_collectors.iter().all(|c| c.phone.as_deref() == Some("0-222")));

    // Lines 11–16: คำอธิบาย, four lines.
    assert!(form.description.starts_with("พิจารณาจากระดับชั้นของความสำเร็จในการดำเนินการ"), "{}", form.description);
    assert_eq!(form.description.lines().count(), 4);
    assert!(form.description.ends_with("พระราชกฤษฎีกาว่าด้วยการบริหารงานจังหวัดและกลุ่มจังหวัดแ"));

    // Lines 20–27: the five levels; line 23 continues level 1.
    let levels: Vec<u8> = form.levels.iter().map(|level| level.level).collect();
    assert_eq!(levels, [1, 2, 3, 4, 5]);
    assert!(form.levels[0].text.contains("กำหนดรูปแบบ/โครงสร้าง และสามารถจัดตั้งสำนักบริหารยุทธ"));
    assert!(form.levels[0].text.ends_with("มีการกำหนดแนวทางในการประสานงาน และการปฏิบัติงานขอ"), "{}", form.levels[0].text);
    assert!(form.levels[1].text.contains("ร่วมกับหน่วยงานที่เกี่ยวข้องชี้แจงทำความเข้าใจ"));
    assert!(form.levels[2].text.contains("มีกระบวนการติดตามความก้าวหน้าของการดำเนินการจัดทำแผน"));
    assert!(form.levels[3].text.contains("ทุกจังหวัด/กลุ่มจังหวัดสามารถจัดทำแผนพัฒนาจังหวัด/กลุ่มจังหวัด"));
    assert!(form.levels[4].text.ends_with("แผนพัฒนาจังหวัด/กลุ่มจังหวัด และแผนปฏิบัติราชการประจำปีรัฐมนตรี เรียบร้อยแล้ว"));
    assert!(!form.levels.iter().any(|level| level.text.contains('<')), "markup removed");

    // Lines 31–32: levels 1–5 score 1–5; line 36: weight 2, result 5, score 5, weighted 0.1.
    assert_eq!(form.criteria, ["1", "2", "3", "4", "5"]);
    assert!(matches!(form.criteria(), Some(tidtam_score::Criteria::Milestone { .. })));
    assert_eq!(form.weight, Some(d("2")));
    assert_eq!(form.result.as_deref(), Some("5"));
    assert_eq!(form.score, Some(d("5")));
    assert_eq!(form.weighted_score, Some(d("0.1")));

    // Lines 39–50: ten numbered measures.
    assert_eq!(form.measures.len(), 10);
    assert!(form.measures[0].starts_with("มีคำสั่งสำนักงานปลัดกระทรวงมหาดไทย เรื่อง จัดตั้งสำนักบริหารยุทธศาสตร์กลุ่มจังหวัด"));
    assert!(form.measures[5].contains("ด้วยระบบวีดิทัศน์ทางไกล (Video Conference)"));
    assert_eq!(form.measures[9], "การเข้าร่วมการประชุมคณะกรรมการนโยบายการบริหารงานจังหวัดแบบบูรณาการ ครั้งที่ 3 :");
    assert_eq!(form.explanation.lines().count(), 10);

    // Lines 52–58.
    assert!(form.supporting_factors.starts_with("พระราชกฤษฎีกาว่าด้วยการบริหารงานจังหวัดและกลุ่มจังหวัด\nกฎหมายและบังคับ"));
    assert_eq!(form.obstacles, "", "the form says \"-\": none");
    assert!(form.suggestions.starts_with("การจัดทำแผนพัฒนาจังหวัด/กลุ่มจังหวัด ในปีต่อไป"));
    assert!(form.suggestions.ends_with("2554 และติดตามการเบิกจ่ายงบประมาณ ปีงบประมาณ 2553"));

    // Lines 60–101: 32 pieces of evidence, some over two lines.
    assert_eq!(form.evidence.len(), 32);
    assert!(form.evidence.iter().zip(1..).all(|(item, n)| item.number == n));
    let dated: Vec<(u32, jiff::civil::Date)> =
        form.evidence.iter().filter_map(|item| item.date.map(|day| (item.number, day))).collect();
    let feb_4 = date(2009, 2, 4);
    assert_eq!(
        dated,
        [
            (1, date(2008, 2, 27)),
            (2, date(2008, 4, 3)),
            (3, date(2008, 5, 16)),
            (4, date(2009, 4, 2)),
            (10, date(2009, 2, 2)),
            (12, feb_4),
            (13, feb_4),
            (14, feb_4),
            (15, feb_4),
            (16, feb_4),
            (17, feb_4),
            (22, date(2009, 2, 2)),
            (29, date(2009, 3, 16)),
        ]
    );
    let pages: Vec<(u32, u32)> =
        form.evidence.iter().filter_map(|item| item.pages.map(|pages| (item.number, pages))).collect();
    assert_eq!(
        pages,
        [
            (5, 21),
            (6, 31),
            (8, 12),
            (9, 6),
            (10, 9),
            (11, 3),
            (12, 2),
            (13, 2),
            (14, 2),
            (15, 2),
            (16, 2),
            (17, 2),
            (18, 7),
            (19, 46),
            (20, 3),
            (22, 26),
            (24, 20),
            (25, 20),
            (28, 13),
            (29, 20),
        ]
    );
    assert_eq!(form.evidence[0].title, "คำสั่งสำนักงานปลัดกระทรวงมหาดไทย ที่ 110/2551 ลงวันที่ 27 กุมภาพันธ์ 2551 จำนวน 2");
    assert_eq!(form.evidence[8].title, "บันทึกเสนอเพื่อกำหนดวาระการประชุม ก.น.จ.");
    assert_eq!(
        form.evidence[4].title,
        "การเตรียมความพร้อมในการจัดทำงบประมาณและปฏิทินงบประมาณรายจ่ายเพิ่มเติมประจำปี จ่ายประจำปีงบประมาณ พ.ศ. 2553"
    );
    assert!(form.evidence[31].title.ends_with("ราชการของกลุ่มจังหวัด และคำของประมาณของจังหวัดและกลุ่มจังหวัด ประจำปี"));

    // Line 103, then the right-hand column's 68 pieces (lines 105–227).
    assert_eq!(form.rounds, [RoundPeriod::NineMonths, RoundPeriod::TwelveMonths]);
    assert_eq!(form.right_column.len(), 68);
    assert_eq!(form.right_column[0], "หมวดแบบบูรณาการ");
    assert_eq!(form.right_column.last().map(String::as_str), Some("งบประมาณ พ.ศ. 2553 จำนวน 3 แผ่น"));

    // The figures agree (2 × 5 / 100 = 0.1, level 5 scores 5); the 19 pieces of
    // evidence without a date are the only findings.
    let ids: Vec<&str> = form.findings.iter().map(|finding| finding.id()).collect();
    assert_eq!(ids, vec!["kpi-evidence-undated"; 19], "{:#?}", form.findings);
}

#[test]
fn the_checker_finds_a_score_and_a_weighted_score_that_do_not_follow() {
    let Some(dir) = corpus() else { return eprintln!("skipped: no corpus") };
    let text = std::fs::read_to_string(dir.join("kpi-report-performance-agreement.txt")).unwrap();
    let row = "จังหวัด/กลุ่มจังหวัด\t2\t5\t5\t0.1";
    assert!(text.contains(row));
    let changed = text.replace(row, "จังหวัด/กลุ่มจังหวัด\t2\t4\t5\t0.2");
    let form = read_text(&changed, "changed.txt").kpi_reports.remove(0);
    let ids: Vec<&str> = form.findings.iter().map(|f| f.id()).filter(|id| *id != "kpi-evidence-undated").collect();
    assert_eq!(ids, ["kpi-score-mismatch", "kpi-weighted-mismatch"], "{:#?}", form.findings);
    let weighted = form.findings.iter().find(|f| f.id() == "kpi-weighted-mismatch").unwrap();
    assert!(weighted.message_th.contains("2 × 5 ÷ ๑๐๐ = 0.1000"), "{}", weighted.message_th);
    assert_eq!(weighted.subject, "3.1.3");
}

/// The project reports as the 14-section reader read them before indicator
/// reports were recognised: every line of the file split into reports.
fn read_as_before(text: &str, file: &str) -> Vec<tidtam_report::ReportForm> {
    let lines = tidtam_report::text::lines(text);
    let starts = tidtam_report::sections::report_starts(&lines);
    starts
        .iter()
        .enumerate()
        .map(|(index, &start)| {
            let end = starts.get(index + 1).copied().unwrap_or(lines.len());
            let mut report = tidtam_report::parse::parse_report(&lines[start..end], file);
            tidtam_domain::check::check_in_place(&mut report, None);
            report
        })
        .collect()
}

#[test]
fn project_reports_hold_no_indicator_report_and_read_as_before() {
    let Some(dir) = corpus() else { return eprintln!("skipped: no corpus") };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("project-reports"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 36);
    for path in &files {
        let name = path.display().to_string();
        let read = read_path(path).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert!(read.kpi_reports.is_empty(), "{name}: an indicator report where there is none");
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(read.reports, read_as_before(&text, &name), "{name}: the project reports changed");
        assert_eq!(tidtam_report::ingest_path(path).unwrap(), read.reports, "{name}");
    }
}

#[test]
fn a_file_with_neither_kind_is_still_no_report() {
    let path = std::env::temp_dir().join(format!("tidtam-kpi-{}.txt", std::process::id()));
    std::fs::write(&path, "บันทึกข้อความ\nเรื่อง ขออนุมัติ\nชื่อตัวชี้วัด 1.1 : ร้อยละ\n").unwrap();
    assert_eq!(read_path(&path).unwrap_err().kind, IngestErrorKind::NoReport);
    std::fs::remove_file(&path).ok();
}
