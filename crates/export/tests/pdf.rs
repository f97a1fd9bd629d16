//! The PDFs: a project page with a long form breaks onto several pages, both
//! fonts are embedded, and the dashboard is written with or without data.

use tidtam_api::exports::{DashboardExport, ProjectExport, ReportExport};
use tidtam_api::portfolio::PortfolioGroup;
use tidtam_api::projects::{Budget, Project, ProjectDetail};
use tidtam_domain::form::{Activity, QuarterResult, ReportForm};
use tidtam_domain::workflow::ReportStatus;
use tidtam_domain::{Baht, FiscalYear, Quarter};
use tidtam_export::{dashboard_pdf, project_pdf};

fn project(name: &str) -> Project {
    Project {
        id: 7,
        agency_id: 1,
        owner_division_id: None,
        code: Some("NSO-68-007".into()),
        name: name.into(),
        budget_source: Some("แผนปฏิบัติการประจำปี".into()),
        value: Some(Baht::from_baht(9_365_800)),
        start_year: FiscalYear::from_be(2568),
        end_year: FiscalYear::from_be(2569),
        objectives: vec!["เพื่อทดแทนครุภัณฑ์คอมพิวเตอร์ที่มีอายุการใช้งานเกินกว่า ๗ ปี".into()],
        summary: None,
        area: None,
        nationwide: true,
        provinces: Vec::new(),
        responsible: Vec::new(),
        strategy_ids: Vec::new(),
        published: true,
        version: 1,
    }
}

/// A form long enough to need several pages: many activities with long results.
fn long_form() -> ReportForm {
    let activities = (1..=40)
        .map(|n| {
            let mut activity = Activity::new(
                format!("กิจกรรมที่ {n} การสำรวจภาวะเศรษฐกิจและสังคมของครัวเรือน"),
                Some("ตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘".into()),
                None,
                0,
            );
            activity.results = vec![QuarterResult {
                quarter: Some(2),
                text: "ดำเนินการเก็บรวบรวมข้อมูลครบทุกจังหวัดแล้ว อยู่ระหว่างประมวลผลและจัดทำรายงานฉบับสมบูรณ์เพื่อเผยแพร่ต่อสาธารณะ"
                    .into(),
            }];
            activity
        })
        .collect();
    ReportForm {
        fiscal_year: Some(2568),
        project_name: Some("โครงการสำรวจภาวะเศรษฐกิจและสังคมของครัวเรือน".into()),
        agency: Some("สำนักงานสถิติแห่งชาติ".into()),
        activities,
        progress_percent: Some(55.0),
        ..ReportForm::default()
    }
}

/// The page count of the page tree ("/Type/Pages/Count N").
fn pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let at = text.find("/Type/Pages/Count ").expect("a page tree") + "/Type/Pages/Count ".len();
    text[at..].split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap()
}

#[test]
fn a_project_pdf_embeds_both_fonts_and_breaks_a_long_form_onto_pages() {
    let name = "โครงการสำรวจภาวะเศรษฐกิจและสังคมของครัวเรือน";
    let export = ProjectExport {
        detail: ProjectDetail {
            project: project(name),
            activities: Vec::new(),
            kpis: Vec::new(),
            budgets: vec![Budget {
                project_id: 7,
                fiscal_year: FiscalYear::from_be(2568),
                allocated: Baht::from_baht(9_365_800),
                contracted: Baht::from_baht(5_944_420),
                carried_over: Baht::ZERO,
            }],
            reports: Vec::new(),
        },
        agency: "สำนักงานสถิติแห่งชาติ".into(),
        division: Some("กองสถิติเศรษฐกิจ".into()),
        latest: Some(ReportExport {
            report_id: 1,
            project_id: 7,
            project_name: name.into(),
            fiscal_year: FiscalYear::from_be(2568),
            quarter: Quarter::Q2,
            status: ReportStatus::Approved,
            form: long_form(),
        }),
    };
    let pdf = project_pdf(&export).expect("typesets");
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("Sarabun-Regular") && text.contains("Sarabun-Bold"), "both weights are used and named");
    assert!(text.matches("/FontFile2").count() >= 2, "both are embedded as TrueType");
    assert!(pages(&pdf) >= 4, "40 activities twice over do not fit on one page: {} pages", pages(&pdf));

    let without = ProjectExport { latest: None, ..export };
    let short = project_pdf(&without).unwrap();
    assert_eq!(pages(&short), 1, "no form: one page");
}

fn group(id: Option<i64>, label: Option<&str>, allocated: i64, disbursed: i64) -> PortfolioGroup {
    PortfolioGroup {
        group_id: id,
        label: label.map(Into::into),
        projects: 3,
        reports: 3,
        allocated: Baht::from_baht(allocated),
        contracted: Baht::from_baht(allocated / 2),
        disbursed: Baht::from_baht(disbursed),
        disbursement_rate: Baht::from_baht(disbursed).ratio(Baht::from_baht(allocated)),
        average_progress: Some(42.5),
        kpi_measured: 6,
        kpi_achieved: 4,
        kpi_achievement: Some(4.0 / 6.0),
        findings: 2,
    }
}

#[test]
fn the_dashboard_pdf_is_written_with_and_without_data() {
    let dashboard = DashboardExport {
        fiscal_year: FiscalYear::from_be(2568),
        quarter: Some(Quarter::Q3),
        total: Some(group(None, None, 30_000_000, 12_500_000)),
        by_quarter: (1..=3).map(|q| group(Some(q), None, 30_000_000, 4_000_000 * q)).collect(),
        by_division: vec![group(Some(1), Some("กองสถิติสังคม"), 10_000_000, 2_000_000)],
        by_strategy: vec![group(
            Some(2),
            Some("ยุทธศาสตร์ที่ ๑ พัฒนาระบบสถิติของประเทศให้มีมาตรฐานสากล"),
            20_000_000,
            5_000_000,
        )],
    };
    let pdf = dashboard_pdf(&dashboard).unwrap();
    assert!(pdf.starts_with(b"%PDF-") && pages(&pdf) >= 1);
    let empty = DashboardExport {
        total: None,
        by_quarter: Vec::new(),
        by_division: Vec::new(),
        by_strategy: Vec::new(),
        ..dashboard
    };
    let pdf = dashboard_pdf(&empty).unwrap();
    assert_eq!(pages(&pdf), 1);
}

#[test]
fn every_corpus_form_typesets() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/project-reports");
    let Ok(entries) = std::fs::read_dir(&dir) else { return eprintln!("skipped: no corpus at {}", dir.display()) };
    let mut typeset = 0;
    for path in entries.flatten().map(|e| e.path()) {
        let text = std::fs::read_to_string(&path).unwrap();
        for form in tidtam_report::ingest_text(&text, "corpus.txt") {
            let name = form.project_name.clone().unwrap_or_default();
            let export = ProjectExport {
                detail: ProjectDetail {
                    project: project(&name),
                    activities: Vec::new(),
                    kpis: Vec::new(),
                    budgets: Vec::new(),
                    reports: Vec::new(),
                },
                agency: form.agency.clone().unwrap_or_default(),
                division: None,
                latest: Some(ReportExport {
                    report_id: 1,
                    project_id: 7,
                    project_name: name,
                    fiscal_year: FiscalYear::from_be(form.fiscal_year.unwrap_or(2567)),
                    quarter: Quarter::Q4,
                    status: ReportStatus::Approved,
                    form,
                }),
            };
            let pdf = project_pdf(&export).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(pdf.starts_with(b"%PDF-") && pages(&pdf) >= 2, "{}", path.display());
            typeset += 1;
        }
    }
    assert!(typeset >= 30, "{typeset}");
}
