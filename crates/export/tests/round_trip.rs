//! The exported form reads back to the same figures with the reader
//! `tidtam ingest` uses: corpus report (text) → `ReportForm` → DOCX → read
//! back → compared figure by figure, over every corpus report, plus a made-up
//! form that runs without the corpus. The XLSX workbook is read back with
//! calamine, and the PDFs are checked for their embedded font.

use std::path::{Path, PathBuf};

use tidtam_api::exports::{PortfolioRow, PortfolioTable};
use tidtam_domain::form::{Activity, ActivityStep, Budget, Kpi, KpiKind, KpiPart, QuarterResult, ReportForm};
use tidtam_domain::workflow::ReportStatus;
use tidtam_domain::{Baht, FiscalYear, Quarter};
use tidtam_export::docx::FormRef;
use tidtam_export::{portfolio_docx, portfolio_xlsx, report_docx};
use tidtam_report::{ingest_bytes, ingest_text};
use tidtam_thai::baht::{baht_to_words, read_baht_words};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/project-reports")
}

/// Every corpus report, read from its text: (file, form).
fn corpus_forms() -> Vec<(String, ReportForm)> {
    let Ok(entries) = std::fs::read_dir(corpus_dir()) else { return Vec::new() };
    let mut files: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    files.sort();
    let mut forms = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("corpus text");
        forms.extend(ingest_text(&text, &name).into_iter().map(|form| (name.clone(), form)));
    }
    forms
}

fn year_of(form: &ReportForm) -> FiscalYear {
    FiscalYear::from_be(form.fiscal_year.unwrap_or(2567))
}

/// What must survive the round trip, as one comparable value (a difference
/// shows as a readable diff of this tuple).
fn figures(form: &ReportForm) -> String {
    let measures: Vec<_> = form
        .measures()
        .map(|m| {
            (
                m.name.split_whitespace().collect::<Vec<_>>().join(" "),
                m.kind,
                m.target.map(str::to_string),
                m.result.map(str::to_string),
            )
        })
        .collect();
    let activities: Vec<_> = form
        .activities
        .iter()
        .map(|a| {
            (
                a.name.clone(),
                a.period_text.clone(),
                a.steps.iter().map(|s| (s.name.clone(), s.period_text.clone())).collect::<Vec<_>>(),
                a.result_quarters(),
                // Texts as people read them: the word joiners that keep a mention of a
                // quarter from passing for a marker are invisible.
                a.all_results().map(|r| (r.quarter, r.text.replace('\u{2060}', ""))).collect::<Vec<_>>(),
            )
        })
        .collect();
    format!(
        "name: {:?}\nagency: {:?}\nyear: {:?}\nsource: {:?}\nvalue: {:?}\nbudget: {:?} {:?} {:?}\nprogress: {:?} {:?}\n\
         kpis: {}\nmeasures: {:#?}\nactivities: {:#?}\nstated: {:?}\nprovinces: {:?} nationwide {}\nobjectives: {:#?}\n\
         texts: {:#?}",
        form.project_name,
        form.agency,
        form.fiscal_year,
        form.budget_source,
        form.project_value,
        form.budget.allocated,
        form.budget.contracted,
        form.budget.disbursed,
        form.progress_percent,
        form.progress_percent_year,
        form.kpis.len(),
        measures,
        activities,
        form.stated_activity_count,
        form.provinces,
        form.nationwide,
        form.objectives,
        [
            &form.targets,
            &form.summary,
            &form.schedule,
            &form.area,
            &form.benefits,
            &form.problems,
            &form.recommendations,
            &form.budget.notes
        ],
    )
}

fn round_trip(form: &ReportForm, file: &str) -> ReportForm {
    let bytes = report_docx(FormRef { form, fiscal_year: year_of(form), quarter: Quarter::Q4 }).expect("exports");
    let mut read = ingest_bytes(&bytes, file).expect("the export reads back");
    assert_eq!(read.len(), 1, "{file}: one report in, one out");
    read.remove(0)
}

#[test]
fn every_corpus_report_reads_back_to_the_same_figures() {
    let forms = corpus_forms();
    if forms.is_empty() {
        return eprintln!("skipped: no corpus at {}", corpus_dir().display());
    }
    let mut failures = Vec::new();
    for (file, form) in &forms {
        let back = round_trip(form, file);
        if figures(&back) != figures(form) {
            failures.push(format!("{file}:\n--- exported from\n{}\n--- read back\n{}", figures(form), figures(&back)));
        }
        // The words are written from the figure: they read back as the figure, exactly.
        for (value, words) in [
            (back.project_value, &back.project_value_words),
            (back.budget.allocated, &back.budget.allocated_words),
            (back.budget.contracted, &back.budget.contracted_words),
            (back.budget.disbursed, &back.budget.disbursed_words),
        ] {
            if let Some(value) = value {
                let words = words.as_deref().unwrap_or_else(|| panic!("{file}: words beside {value}"));
                let read = read_baht_words(words).expect("the words read");
                assert!(read.is_exact() && read.amount == value, "{file}: {words} for {value}");
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} reports differ:\n{}", failures.len(), forms.len(), failures.join("\n\n"));
    assert!(forms.len() >= 30, "the corpus has its reports: {}", forms.len());
}

#[test]
fn a_portfolio_document_reads_back_as_its_reports_in_order() {
    let forms = corpus_forms();
    if forms.is_empty() {
        return eprintln!("skipped: no corpus at {}", corpus_dir().display());
    }
    let refs: Vec<FormRef<'_>> =
        forms.iter().map(|(_, form)| FormRef { form, fiscal_year: year_of(form), quarter: Quarter::Q2 }).collect();
    let bytes = portfolio_docx(&refs).expect("exports");
    let back = ingest_bytes(&bytes, "portfolio.docx").expect("reads back");
    let names =
        |forms: &mut dyn Iterator<Item = &ReportForm>| forms.map(|f| f.project_name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&mut back.iter()), names(&mut forms.iter().map(|(_, f)| f)));
    for (back, (_, form)) in back.iter().zip(&forms) {
        assert_eq!(figures(back), figures(form));
    }
}

/// A form with both levels of structure, every section filled, made up here.
fn made_up() -> ReportForm {
    let mut group = Activity::new("กิจกรรมที่ ๑ การลงทะเบียนชุดข้อมูล".into(), None, None, 0);
    group.steps = vec![
        ActivityStep {
            name: "๑.๑ แจ้งหน่วยงาน".into(),
            period_text: Some("ตุลาคม ๒๕๖๗".into()),
            period: None,
            results: vec![QuarterResult {
                quarter: Some(1), text: "แจ้งครบ ๒๐ หน่วยงาน".into()
            }],
            line: 0,
        },
        ActivityStep {
            name: "๑.๒ ประชุมชี้แจง".into(),
            period_text: Some("พฤศจิกายน ๒๕๖๗".into()),
            period: None,
            results: vec![QuarterResult { quarter: Some(2), text: "ประชุม ๒ ครั้ง".into() }],
            line: 0,
        },
    ];
    let mut plain = Activity::new("กิจกรรมที่ ๒ ติดตามผล".into(), Some("มกราคม - กันยายน ๒๕๖๘".into()), None, 0);
    plain.results = vec![
        QuarterResult {
            quarter: Some(2), text: "ติดตามแล้ว ๑๐ จังหวัด เหลือไตรมาส ๓ : อีก ๕ จังหวัด".into()
        },
        QuarterResult { quarter: Some(3), text: "ติดตามครบทุกจังหวัด".into() },
    ];
    ReportForm {
        fiscal_year: Some(2568),
        project_name: Some("โครงการพัฒนาระบบติดตามผล <ทดสอบ> & \"อักขระพิเศษ\"".into()),
        agency: Some("สำนักงานสถิติจังหวัดน่าน".into()),
        budget_source: Some("แผนปฏิบัติการประจำปี".into()),
        project_value: Some(Baht::from_satang(123_456_789)),
        objectives: vec!["เพื่อติดตามผล".into(), "เพื่อรายงานผล\tตรงเวลา".into()],
        targets: Some("หน่วยงาน ๒๐ แห่ง".into()),
        summary: Some("บรรทัดแรก\nบรรทัดที่สอง".into()),
        kpis: vec![
            Kpi {
                name: "๑) จำนวนหน่วยงาน ๒) จำนวนชุดข้อมูล".into(),
                kind: Some(KpiKind::Quantitative),
                target: None,
                result: None,
                line: 0,
                parts: vec![
                    KpiPart {
                        name: "๑) จำนวนหน่วยงาน".into(),
                        kind: None,
                        target: Some("๒๐ หน่วยงาน".into()),
                        result: Some("๒๒ หน่วยงาน".into()),
                        line: 0,
                    },
                    KpiPart {
                        name: "๒) จำนวนชุดข้อมูล".into(),
                        kind: None,
                        target: Some("๑๐ ชุด".into()),
                        result: None,
                        line: 0,
                    },
                ],
            },
            Kpi {
                name: "ร้อยละความพึงพอใจของผู้ใช้".into(),
                kind: Some(KpiKind::Qualitative),
                target: Some("ร้อยละ ๘๐".into()),
                result: Some("ร้อยละ ๘๕".into()),
                line: 0,
                parts: Vec::new(),
            },
        ],
        schedule: Some("เริ่มตั้งแต่วันที่ ๑ ตุลาคม ๒๕๖๗ – สิ้นสุดวันที่ ๓๐ กันยายน ๒๕๖๘".into()),
        activities: vec![group, plain],
        stated_activity_count: Some(2),
        budget: Budget {
            allocated: Some(Baht::from_satang(123_456_789)),
            contracted: Some(Baht::from_baht(1_000_000)),
            disbursed: Some(Baht::from_baht(250_000)),
            notes: Some("ยังไม่รวมเงินกันเหลื่อมปี".into()),
            ..Budget::default()
        },
        area: Some("จังหวัดน่าน จังหวัดแพร่".into()),
        provinces: vec![55, 54],
        benefits: Some("ผู้บริหารได้ข้อมูลทันเวลา".into()),
        problems: Some("ผู้รับจ้างส่งมอบงานล่าช้า".into()),
        recommendations: Some("ควรเร่งรัดการตรวจรับ".into()),
        progress_percent: Some(37.5),
        progress_percent_year: Some(60.0),
        ..ReportForm::default()
    }
}

#[test]
fn a_made_up_form_with_every_section_reads_back() {
    let form = made_up();
    let back = round_trip(&form, "made-up.docx");
    // What the form may not keep as it is: a tab is a cell break, a note is said to be one.
    let mut expected = form.clone();
    expected.objectives[1] = expected.objectives[1].replace('\t', " ");
    expected.budget.notes = Some("หมายเหตุ : ยังไม่รวมเงินกันเหลื่อมปี".into());
    assert_eq!(figures(&back), figures(&expected));
    assert_eq!(back.project_name, form.project_name, "markup characters are text, not markup");
    assert_eq!(back.budget.allocated_words.as_deref(), Some(baht_to_words(Baht::from_satang(123_456_789)).as_str()));
    assert_eq!(back.summary, form.summary, "lines stay lines");
    assert_eq!(back.objectives, vec!["เพื่อติดตามผล", "เพื่อรายงานผล ตรงเวลา"], "a tab never splits a line into cells");
    assert_eq!(back.recommendations, form.recommendations);
    assert_eq!(back.problems, form.problems);
    assert_eq!(back.budget.notes.as_deref(), Some("หมายเหตุ : ยังไม่รวมเงินกันเหลื่อมปี"));
    let texts: Vec<_> = back.activities[1].results.iter().map(|r| (r.quarter, r.text.as_str())).collect();
    let texts: Vec<_> = texts.into_iter().map(|(q, t)| (q, t.replace('\u{2060}', ""))).collect();
    assert_eq!(
        texts,
        vec![
            (Some(2), "ติดตามแล้ว ๑๐ จังหวัด เหลือไตรมาส ๓ : อีก ๕ จังหวัด".to_string()),
            (Some(3), "ติดตามครบทุกจังหวัด".to_string())
        ],
        "a quarter named inside a result stays in it"
    );
    assert_eq!(back.kpis[0].parts[0].result.as_deref(), Some("๒๒ หน่วยงาน"));
    assert!(back.findings.iter().all(|f| f.rule.id() != "amount-words-mismatch"), "{:?}", back.findings);
}

#[test]
fn an_empty_form_still_exports_and_reads_back_empty() {
    let form = ReportForm { project_name: Some("โครงการว่าง".into()), ..ReportForm::default() };
    let back = round_trip(&form, "empty.docx");
    assert_eq!(back.project_name.as_deref(), Some("โครงการว่าง"));
    assert_eq!(back.project_value, None);
    assert_eq!(back.budget.allocated, None);
    assert_eq!(back.progress_percent, None);
    assert!(back.kpis.is_empty() && back.activities.is_empty());
    assert_eq!(back.fiscal_year, Some(2567), "the year the report was filed under");
}

#[test]
fn the_docx_names_and_embeds_sarabun() {
    let form = made_up();
    let bytes =
        report_docx(FormRef { form: &form, fiscal_year: FiscalYear::from_be(2568), quarter: Quarter::Q3 }).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let read = |archive: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    assert!(
        read(&mut archive, "word/styles.xml").contains(r#"w:cs="Sarabun""#),
        "Thai (complex script) runs use Sarabun"
    );
    assert!(read(&mut archive, "word/fontTable.xml").contains("w:embedRegular"));
    assert!(read(&mut archive, "word/settings.xml").contains("<w:embedTrueTypeFonts/>"));
    assert!(read(&mut archive, "[Content_Types].xml").contains("obfuscatedFont"));
    let mut font = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_name("word/fonts/font1.odttf").unwrap(), &mut font).unwrap();
    let guid = read(&mut archive, "word/fontTable.xml")
        .split("w:fontKey=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(tidtam_export::docx::obfuscate(&font, &guid), tidtam_export::fonts::SARABUN_REGULAR);
}

fn row(
    id: i64,
    name: &str,
    quarter: Quarter,
    allocated: i64,
    disbursed: Option<i64>,
    progress: Option<f64>,
) -> PortfolioRow {
    PortfolioRow {
        project_id: id,
        code: Some(format!("P-{id}")),
        project_name: name.into(),
        agency: "สำนักงานสถิติแห่งชาติ".into(),
        division: None,
        report_quarter: quarter,
        status: ReportStatus::Approved,
        allocated: Some(Baht::from_baht(allocated)),
        contracted: None,
        disbursed: disbursed.map(Baht::from_baht),
        progress_percent: progress,
        kpi_measured: 3,
        kpi_achieved: 2,
        findings: 1,
    }
}

#[test]
fn the_workbook_has_a_sheet_a_quarter_and_numbers_as_numbers() {
    use calamine::{Data, Reader, Xlsx};
    let table = PortfolioTable {
        fiscal_year: FiscalYear::from_be(2568),
        quarters: vec![
            (Quarter::Q1, vec![row(1, "โครงการ ก", Quarter::Q1, 1_000_000, Some(250_000), Some(25.0))]),
            (
                Quarter::Q2,
                vec![
                    row(1, "โครงการ ก", Quarter::Q2, 1_000_000, Some(600_000), Some(55.5)),
                    row(2, "โครงการ ข", Quarter::Q1, 2_500_000, None, None),
                ],
            ),
            (Quarter::Q3, Vec::new()),
            (Quarter::Q4, Vec::new()),
        ],
    };
    let bytes = portfolio_xlsx(&table).unwrap();
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(workbook.sheet_names(), vec!["ไตรมาส ๑", "ไตรมาส ๒", "ไตรมาส ๓", "ไตรมาส ๔"]);
    let q2 = workbook.worksheet_range("ไตรมาส ๒").unwrap();
    assert_eq!(q2.get_size(), (3, 14), "a header and one row a project");
    assert_eq!(q2.get((0, 1)), Some(&Data::String("โครงการ".into())));
    assert_eq!(q2.get((1, 1)), Some(&Data::String("โครงการ ก".into())));
    assert_eq!(q2.get((1, 6)), Some(&Data::Float(1_000_000.0)));
    assert_eq!(q2.get((1, 8)), Some(&Data::Float(600_000.0)));
    assert_eq!(q2.get((1, 9)), Some(&Data::Float(0.6)));
    assert_eq!(q2.get((1, 10)), Some(&Data::Float(0.555)));
    assert_eq!(q2.get((2, 4)), Some(&Data::Float(1.0)), "the quarter its figures come from");
    assert_eq!(q2.get((2, 8)), Some(&Data::Empty), "not reported is blank, not zero");
    let q3 = workbook.worksheet_range("ไตรมาส ๓").unwrap();
    assert_eq!(q3.get_size().0, 1, "only the header");
}

#[test]
fn the_workbook_freezes_its_header_and_filters_every_column() {
    let table = PortfolioTable {
        fiscal_year: FiscalYear::from_be(2568),
        quarters: vec![(Quarter::Q1, vec![row(1, "โครงการ ก", Quarter::Q1, 10, Some(5), Some(50.0))])],
    };
    let bytes = portfolio_xlsx(&table).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut sheet).unwrap();
    assert!(sheet.contains(r#"state="frozen""#) && sheet.contains(r#"topLeftCell="A2""#), "{sheet}");
    assert!(sheet.contains(r#"<autoFilter ref="A1:N2""#), "{sheet}");
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("Sarabun") && styles.contains("#,##0.00") && styles.contains("0.0%"));
}
