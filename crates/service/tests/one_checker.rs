//! One checker whichever way a report arrives: a report imported from a file and
//! saved unchanged keeps exactly its findings, and a report edited in the system
//! into a rule's violation gets the same rule ids and severities as the same
//! change written in a file and read by `tidtam check`.

use std::path::PathBuf;

use tidtam_domain::Baht;
use tidtam_domain::finding::{Finding, Severity};
use tidtam_domain::model::ReportContent;
use tidtam_service::import::ImportOutcome;
use tidtam_service::{Actor, Service};
use tidtam_test_support::backend_tests;

use crate::common::q;

/// A consistent year-end report (the checker rules' test base): raises nothing.
const BASE: &str = include_str!("../../report/tests/fixtures/consistent-report.txt");

fn corpus_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/project-reports");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).expect("corpus").map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

fn rules(findings: &[Finding]) -> Vec<(&'static str, Severity)> {
    let mut rules: Vec<_> = findings.iter().map(|f| (f.rule.id(), f.severity)).collect();
    rules.sort_unstable();
    rules
}

/// Imports `text` as a year-end report, returns it to its agency (imported reports
/// arrive submitted), and gives its id.
async fn import_returned(service: &Service, name: &str, text: &str) -> Vec<i64> {
    let system = Actor::system();
    let file = service.import_file(&system, name, text.as_bytes().to_vec(), q(4)).await.unwrap();
    let mut ids = Vec::new();
    for imported in file.reports.iter().filter(|r| r.outcome == ImportOutcome::Created) {
        let id = imported.report_id.unwrap();
        let report = service.get_report(&system, id).await.unwrap();
        let stored: Vec<tidtam_api::reports::Finding> = report.findings.iter().cloned().map(Into::into).collect();
        assert_eq!(stored, imported.findings, "the findings returned are the ones stored");
        service.return_report(&system, id, report.version, "ตรวจทานอีกครั้ง").await.unwrap();
        ids.push(id);
    }
    ids
}

/// One edit made in the system and the same change written in the file.
struct Violation {
    name: &'static str,
    file_from: &'static str,
    file_to: &'static str,
    edit: fn(&mut ReportContent),
}

const VIOLATIONS: &[Violation] = &[
    Violation {
        name: "disbursed over allocated and contracted",
        file_from: "๙.๓ งบประมาณซึ่งดำเนินการเบิกจ่ายแล้ว จำนวน ๒,๔๐๐,๐๐๐ บาท (สองล้านสี่แสนบาทถ้วน)",
        file_to: "๙.๓ งบประมาณซึ่งดำเนินการเบิกจ่ายแล้ว จำนวน ๒,๖๐๐,๐๐๐ บาท (สองล้านหกแสนบาทถ้วน)",
        edit: |c| c.disbursed = Some(Baht::from_baht(2_600_000)),
    },
    Violation {
        name: "contracted over allocated",
        file_from: "รวมทั้งสิ้น จำนวน ๒,๔๐๐,๐๐๐ บาท (สองล้านสี่แสนบาทถ้วน)",
        file_to: "รวมทั้งสิ้น จำนวน ๒,๖๐๐,๐๐๐ บาท (สองล้านหกแสนบาทถ้วน)",
        edit: |c| c.contracted = Some(Baht::from_baht(2_600_000)),
    },
    Violation {
        name: "an indicator without a result at 100%",
        file_from: "เชิงปริมาณ : จำนวนระบบที่พัฒนาแล้วเสร็จ\t๑ ระบบ\t๑ ระบบ",
        file_to: "เชิงปริมาณ : จำนวนระบบที่พัฒนาแล้วเสร็จ\t๑ ระบบ\t",
        edit: |c| c.kpi_results[0].result_text = None,
    },
    Violation {
        name: "progress below the contract-signed milestone",
        file_from: "ร้อยละ.....๑๐๐.....",
        file_to: "ร้อยละ.....๑๒.....",
        edit: |c| c.progress_percent = Some(12.0),
    },
    Violation {
        name: "progress left blank",
        file_from: "ร้อยละ.....๑๐๐.....",
        file_to: "ร้อยละ..........",
        edit: |c| c.progress_percent = None,
    },
];

backend_tests! {
    async fn imported_reports_saved_unchanged_keep_their_findings(db) {
        let service = db.service().await;
        let system = Actor::system();
        let mut checked = 0;
        let mut structured = 0;
        // The first twelve, and every report whose form has a second level
        // (activities with steps, indicators with parts): both must survive a save.
        for (index, file) in corpus_files().iter().enumerate() {
            let text = std::fs::read_to_string(file).unwrap();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let has_levels = tidtam_report::ingest_text(&text, &name).iter().any(|form| {
                form.activities.iter().any(|a| !a.steps.is_empty()) || form.kpis.iter().any(|k| !k.parts.is_empty())
            });
            if index >= 12 && !has_levels {
                continue;
            }
            structured += usize::from(has_levels);
            for id in import_returned(&service, &name, &text).await {
                let before = service.get_report(&system, id).await.unwrap();
                let saved = service.update_report(&system, id, before.version, before.content.clone()).await.unwrap();
                assert_eq!(saved.findings, before.findings, "{name}: report {id} saved unchanged");
                assert_eq!(saved.content, before.content, "{name}: report {id} content");
                checked += 1;
            }
        }
        assert!(checked >= 12, "checked {checked} reports");
        assert!(structured >= 5, "checked {structured} reports with a second level");
    }

    async fn an_edit_gets_the_rules_and_severities_of_the_same_change_in_a_file(db) {
        let service = db.service().await;
        let system = Actor::system();
        assert_eq!(tidtam_report::ingest_text(BASE, "base.txt")[0].findings, vec![], "the base is consistent");
        for (index, violation) in VIOLATIONS.iter().enumerate() {
            assert!(BASE.contains(violation.file_from), "{}: the base has the text to change", violation.name);
            let file = tidtam_report::ingest_text(&BASE.replacen(violation.file_from, violation.file_to, 1), "changed.txt");
            let from_file = rules(&file[0].findings);
            assert!(!from_file.is_empty(), "{}: the changed file raises something", violation.name);

            // Each case its own project: the base with a distinct name.
            let base = BASE.replacen("ระบบทดสอบข้อมูลสถิติจังหวัด", &format!("ระบบทดสอบข้อมูลสถิติจังหวัด {index}"), 1);
            let ids = import_returned(&service, &format!("base-{index}.txt"), &base).await;
            let report = service.get_report(&system, ids[0]).await.unwrap();
            assert_eq!(report.findings, vec![], "{}: the imported base raises nothing", violation.name);
            let mut content = report.content.clone();
            (violation.edit)(&mut content);
            let edited = service.update_report(&system, report.id, report.version, content).await.unwrap();
            let from_edit = rules(&edited.findings);
            assert_eq!(from_edit, from_file, "{}: edit vs file", violation.name);
        }
    }
}
