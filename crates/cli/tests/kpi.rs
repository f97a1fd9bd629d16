//! `tidtam kpi score` on a made-up agreement (CSV and the same as XLSX), its bad
//! input, and `tidtam ingest` / `tidtam check` on indicator reports.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tidtam(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tidtam")).args(args).output().expect("tidtam runs")
}

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tidtam-cli-kpi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("written");
    path
}

/// `../shared/corpus` beside the repository: the main checkout's, or a worktree's
/// (`/work/wt/NAME` has it one level further up).
fn corpus() -> Option<PathBuf> {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../../../shared/corpus", "../../../../shared/corpus"]
        .iter()
        .map(|relative| crate_dir.join(relative))
        .find(|dir| dir.join("kpi-report-performance-agreement.txt").is_file())
}

const HEADER: [&str; 12] =
    ["code", "name", "weight", "kind", "polarity", "mode", "level1", "level2", "level3", "level4", "level5", "result"];

/// Ten indicators, weights 15 + 12.5 + 10 + 10 + 8 + 7.5 + 12 + 5 + 10 + 10 = 100.
/// Scored by hand (interpolation: L + (r − t_L)/(t_{L+1} − t_L); weighted = w × s / 100):
///  1.1  higher, interpolate, 80/84/88/92/96, r 90   → 3 + 2/4 = 3.5      → 15 × 3.5 / 100    = 0.525
///  1.2  higher, interpolate, 70/75/80/85/90, r 83.5 → 3 + 3.5/5 = 3.7    → 12.5 × 3.7 / 100  = 0.4625
///  1.3  lower,  interpolate, 30/25/20/15/10, r 22   → 2 + 3/5 = 2.6      → 10 × 2.6 / 100    = 0.26
///  1.4  milestone, level 4 met                      → 4                  → 10 × 4 / 100      = 0.4
///  2.1  higher, step, 60/70/80/90/100, r 87         → level 3 = 3        → 8 × 3 / 100       = 0.24
///  2.2  higher, interpolate, 80/85/90/95/100, r 100 → capped at 5        → 7.5 × 5 / 100     = 0.375
///  2.3  milestone, level 5 met                      → 5                  → 12 × 5 / 100      = 0.6
///  2.4  higher, interpolate, 60/65/70/75/80, r 55   → below level 1 = 0  → 0
///  3.1  lower,  step, 10/8/6/4/2, r 5               → level 3 = 3        → 10 × 3 / 100      = 0.3
///  3.2  higher, interpolate, 5/8/11/14/17, r 10     → 2 + 2/3 = 2.6667 (4 places, half up)
///                                                                        → 10 × 2.6667 / 100 = 0.26667
/// Total 0.525 + 0.4625 + 0.26 + 0.4 + 0.24 + 0.375 + 0.6 + 0 + 0.3 + 0.26667 = 3.42917 → 3.4292.
const ROWS: [[&str; 12]; 10] = [
    [
        "1.1",
        "ร้อยละการเบิกจ่ายงบประมาณ",
        "15",
        "quantitative",
        "higher",
        "interpolate",
        "80",
        "84",
        "88",
        "92",
        "96",
        "90",
    ],
    [
        "1.2",
        "ร้อยละความพึงพอใจของผู้รับบริการ",
        "12.5",
        "quantitative",
        "higher",
        "interpolate",
        "70",
        "75",
        "80",
        "85",
        "90",
        "83.5",
    ],
    [
        "1.3",
        "จำนวนวันเฉลี่ยในการตอบข้อร้องเรียน",
        "10",
        "quantitative",
        "lower",
        "interpolate",
        "30",
        "25",
        "20",
        "15",
        "10",
        "22",
    ],
    [
        "1.4",
        "ระดับความสำเร็จของการจัดทำแผนปฏิบัติราชการ",
        "10",
        "milestone",
        "",
        "",
        "แต่งตั้งคณะทำงาน",
        "วิเคราะห์สถานการณ์",
        "ร่างแผน",
        "แผนได้รับอนุมัติ",
        "ติดตามผล",
        "4",
    ],
    [
        "2.1",
        "ร้อยละของโครงการที่แล้วเสร็จตามกำหนด",
        "8",
        "quantitative",
        "higher",
        "step",
        "60",
        "70",
        "80",
        "90",
        "100",
        "87",
    ],
    [
        "2.2",
        "ร้อยละของข้อมูลที่เผยแพร่ทันเวลา",
        "7.5",
        "quantitative",
        "higher",
        "interpolate",
        "80",
        "85",
        "90",
        "95",
        "100",
        "100",
    ],
    ["2.3", "ระดับความสำเร็จของการพัฒนาระบบสารสนเทศ", "12", "milestone", "", "", "", "", "", "", "", "5"],
    [
        "2.4",
        "ร้อยละของบุคลากรที่ผ่านการอบรม",
        "5",
        "quantitative",
        "higher",
        "interpolate",
        "60",
        "65",
        "70",
        "75",
        "80",
        "55",
    ],
    ["3.1", "อัตราการลาออกของบุคลากร", "10", "quantitative", "lower", "step", "10", "8", "6", "4", "2", "5"],
    ["3.2", "ร้อยละการลดใช้พลังงาน", "10", "quantitative", "higher", "interpolate", "5", "8", "11", "14", "17", "10"],
];

const SCORES: [(&str, &str, &str); 10] = [
    ("1.1", "3.5000", "0.5250"),
    ("1.2", "3.7000", "0.4625"),
    ("1.3", "2.6000", "0.2600"),
    ("1.4", "4.0000", "0.4000"),
    ("2.1", "3.0000", "0.2400"),
    ("2.2", "5.0000", "0.3750"),
    ("2.3", "5.0000", "0.6000"),
    ("2.4", "0.0000", "0.0000"),
    ("3.1", "3.0000", "0.3000"),
    ("3.2", "2.6667", "0.2667"),
];

fn csv(rows: &[[&str; 12]]) -> String {
    let mut text = HEADER.join(",") + "\n";
    for row in rows {
        text += &(row.join(",") + "\n");
    }
    text
}

/// The same sheet as a workbook: figures as numbers, words as text.
fn xlsx(rows: &[[&str; 12]]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, name) in HEADER.iter().enumerate() {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (col, cell) in row.iter().enumerate() {
            let (r, col) = (r as u32 + 1, col as u16);
            if cell.is_empty() {
                continue;
            }
            match cell.parse::<f64>() {
                Ok(number) if col != 0 => {
                    sheet.write_number(r, col, number).unwrap();
                }
                _ => {
                    sheet.write_string(r, col, *cell).unwrap();
                }
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

fn check_json(output: &Output) {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let indicators = json["indicators"].as_array().unwrap();
    assert_eq!(indicators.len(), 10);
    for (indicator, (code, score, weighted)) in indicators.iter().zip(SCORES) {
        assert_eq!(indicator["code"], code);
        assert_eq!(indicator["score"], score, "{code}");
        assert_eq!(indicator["weighted_score"], weighted, "{code}");
    }
    assert_eq!(json["total"], "3.4292");
}

#[test]
fn ten_indicators_total_what_was_computed_by_hand() {
    let file = temp("agreement.csv", csv(&ROWS).as_bytes());
    check_json(&tidtam(&["kpi", "score", "--json", file.to_str().unwrap()]));
    let book = temp("agreement.xlsx", &xlsx(&ROWS));
    check_json(&tidtam(&["kpi", "score", "--json", book.to_str().unwrap()]));

    let output = tidtam(&["kpi", "score", file.to_str().unwrap()]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("3.2\t10\t2.6667\t0.2667\tร้อยละการลดใช้พลังงาน"), "{text}");
    assert!(text.lines().last().unwrap().starts_with("รวม/total\t100\t\t3.4292"), "{text}");
    // The unsettled floor, configured: 2.4 scores 1 below level 1 (+ 5 × 1 / 100 = 0.05).
    let output = tidtam(&["kpi", "score", "--json", "--below-level-one", "1", file.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["total"], "3.4792");
}

/// Bad input: exit 2, nothing on stdout, one line on stderr naming the row.
fn refused(name: &str, text: &str) -> String {
    let file = temp(name, text.as_bytes());
    let output = tidtam(&["kpi", "score", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{name}");
    assert!(output.stdout.is_empty(), "{name}: {}", String::from_utf8_lossy(&output.stdout));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
    stderr
}

#[test]
fn bad_sheets_get_one_line_each_naming_the_row() {
    let missing = csv(&ROWS).replacen(",mode,", ",", 1);
    let line = refused("missing.csv", &missing);
    assert!(line.contains("แถวที่ 1: ไม่มีคอลัมน์ mode") && line.contains("row 1: no column mode"), "{line}");

    let mut rows = ROWS;
    rows[1][2] = "สิบสอง";
    let line = refused("weight.csv", &csv(&rows));
    assert!(line.contains("row 3: weight \"สิบสอง\" is not a number") && line.contains("แถวที่ 3"), "{line}");

    let mut rows = ROWS;
    rows[0][8] = "70";
    let line = refused("order.csv", &csv(&rows));
    assert!(line.contains("row 2: indicator 1.1: the thresholds of levels 1–5 (80 / 84 / 70 / 92 / 96)"), "{line}");
    assert!(line.contains("เกณฑ์ระดับ"), "{line}");

    let mut rows = ROWS;
    rows[6][11] = "7";
    let line = refused("range.csv", &csv(&rows));
    assert!(line.contains("row 8: indicator 2.3: result 7 is outside the criteria's range"), "{line}");

    let mut rows = ROWS;
    rows[7][2] = "0.5";
    let line = refused("sum.csv", &csv(&rows));
    assert!(line.contains("whole sheet") && line.contains("sum to 95.5 %"), "{line}");
    assert!(line.contains("ต้องเท่ากับ ๑๐๐ พอดี"), "{line}");

    // The same refusal from a workbook.
    let mut rows = ROWS;
    rows[0][8] = "70";
    let book = temp("order.xlsx", &xlsx(&rows));
    let output = tidtam(&["kpi", "score", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("row 2: indicator 1.1: the thresholds"));
}

#[test]
fn ingest_prints_indicator_reports_and_check_their_findings() {
    let Some(dir) = corpus() else { return eprintln!("skipped: no corpus") };
    let file = dir.join("kpi-report-performance-agreement.txt");
    let file = file.to_str().unwrap();
    let output = tidtam(&["ingest", "--json", file]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["reports"], serde_json::json!([]));
    let form = &json["kpi_reports"][0];
    assert_eq!(form["code"], "3.1.3");
    assert_eq!(form["weight"], "2");
    assert_eq!(form["weighted_score"], "0.1");
    assert_eq!(form["evidence"].as_array().unwrap().len(), 32);
    assert_eq!(form["evidence"][0]["date"], "2008-02-27");
    assert_eq!(form["rounds"], serde_json::json!(["nine_months", "twelve_months"]));

    let output = tidtam(&["check", file]);
    assert_eq!(output.status.code(), Some(0), "warnings only");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("ตัวชี้วัด/indicator 3.1.3"), "{text}");
    assert_eq!(text.matches("warning[kpi-evidence-undated]").count(), 19, "{text}");
    assert!(text.contains("รอบ 12 เดือน: หลักฐานลำดับที่ 5 ไม่ระบุวันที่"), "{text}");
    assert!(text.contains("12-month round: evidence 5 has no date"), "{text}");
    // One form is not a whole agreement: 2 % of 100.
    let output = tidtam(&["check", "--agreement", file]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("error[kpi-weights-sum]") && text.contains("sum to 2 %"), "{text}");
}

#[test]
fn project_reports_ingest_with_no_indicator_report() {
    let Some(dir) = corpus() else { return eprintln!("skipped: no corpus") };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("project-reports"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 36);
    let names: Vec<&str> = files.iter().map(|path| path.to_str().unwrap()).collect();
    let mut args = vec!["ingest", "--json"];
    args.extend(&names);
    let output = tidtam(&args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["kpi_reports"], serde_json::json!([]));
    // The reports are what the report reader gives, as before.
    let expected: Vec<_> = files.iter().flat_map(|path| tidtam_report::ingest_path(path).unwrap()).collect();
    assert_eq!(json["reports"], serde_json::to_value(&expected).unwrap());
}
