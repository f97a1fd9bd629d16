//! The `tidtam` binary as people and scripts use it: output shapes and exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tidtam(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tidtam")).args(args).output().expect("tidtam runs")
}

fn corpus(name: &str) -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/project-reports").join(name);
    path.exists().then(|| path.display().to_string())
}

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tidtam-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("written");
    path
}

#[test]
fn ingest_json_has_the_promised_keys() {
    let Some(file) = corpus("45.txt") else { return eprintln!("skipped: no corpus") };
    let output = tidtam(&["ingest", "--json", &file]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let report = &json["reports"][0];
    for key in [
        "source",
        "fiscal_year",
        "project_name",
        "agency",
        "project_value",
        "budget",
        "area",
        "provinces",
        "objectives",
        "kpis",
        "activities",
        "benefits",
        "problems",
        "recommendations",
        "progress_percent",
        "findings",
    ] {
        assert!(report.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(report["source"]["line"], 1);
    assert_eq!(report["fiscal_year"], 2567);
    assert_eq!(report["project_value"], 14_641_100);
    assert_eq!(report["budget"]["allocated"], 14_691_100);
    assert_eq!(report["provinces"], serde_json::json!([10]), "กรุงเทพฯ is Bangkok, code 10");
    let finding = &report["findings"][0];
    for key in ["rule", "severity", "line", "message_th", "message_en"] {
        assert!(finding.get(key).is_some(), "finding lacks {key}");
    }
    assert_eq!(json["errors"], serde_json::json!([]));
}

#[test]
fn ingest_json_shows_both_levels_of_the_form() {
    // Report 18: three กิจกรรมที่ activities with their numbered steps, and one
    // indicator row bundling two quantitative and two qualitative parts.
    let Some(file) = corpus("18.txt") else { return eprintln!("skipped: no corpus") };
    let output = tidtam(&["ingest", "--json", &file]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let report = &json["reports"][0];
    let activities = report["activities"].as_array().expect("activities");
    let steps: Vec<usize> = activities.iter().map(|a| a["steps"].as_array().expect("steps").len()).collect();
    assert_eq!(steps, vec![3, 6, 4]);
    let step = &activities[0]["steps"][0];
    for key in ["name", "period_text", "period", "results", "line"] {
        assert!(step.get(key).is_some(), "a step lacks {key}");
    }
    let kpis = report["kpis"].as_array().expect("kpis");
    let parts: Vec<usize> = kpis.iter().map(|k| k["parts"].as_array().expect("parts").len()).collect();
    assert_eq!(parts, vec![2, 2]);
    assert_eq!(kpis[1]["kind"], "qualitative");
    assert_eq!(kpis[1]["parts"][0]["target"], "ร้อยละ ๔๐");
}

#[test]
fn check_exit_codes_say_what_happened() {
    let Some(with_errors) = corpus("45.txt") else { return eprintln!("skipped: no corpus") };
    let Some(only_warnings) = corpus("01.txt") else { return };
    assert_eq!(tidtam(&["check", &with_errors]).status.code(), Some(1), "45 has error findings");
    let clean = tidtam(&["check", &only_warnings]);
    assert_eq!(clean.status.code(), Some(0), "01 has warnings only");
    let text = String::from_utf8(clean.stdout).expect("UTF-8");
    assert!(text.contains("warning[amount-words-slip]") && text.contains("แก้→เก้า"), "{text}");
    let empty = temp("empty.txt", b"");
    let output = tidtam(&["check", &only_warnings, empty.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(2), "an unreadable file wins over findings");
    assert!(String::from_utf8_lossy(&output.stdout).contains("1 รายงาน/reports"), "the readable file is still checked");
}

#[test]
fn bad_files_get_one_line_each() {
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.txt", b"", "empty"),
        ("binary.bin", &[0, 1, 2, 3, 0, 0xff], "binary"),
        ("latin.txt", b"caf\xe9\n", "not-utf8"),
        ("memo.txt", "บันทึกข้อความ".as_bytes(), "no-report"),
    ];
    for (name, bytes, code) in cases {
        let path = temp(name, bytes);
        let output = tidtam(&["ingest", path.to_str().expect("path")]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8(output.stderr).expect("UTF-8");
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(stderr.contains(&format!("error[{code}]")) && stderr.contains(name), "{stderr}");
    }
}

#[test]
fn help_is_there_for_every_subcommand() {
    let help = String::from_utf8(tidtam(&["--help"]).stdout).expect("UTF-8");
    for command in ["ingest", "check"] {
        assert!(help.contains(command), "{help}");
        let sub = String::from_utf8(tidtam(&[command, "--help"]).stdout).expect("UTF-8");
        assert!(sub.contains("Examples:") && sub.contains("Exit status"), "{command}: {sub}");
    }
    let rules = String::from_utf8(tidtam(&["check", "--rules"]).stdout).expect("UTF-8");
    assert!(rules.contains("amount-words-mismatch") && rules.contains("progress-milestone"));
}

#[test]
fn a_failed_restore_leaves_no_file_behind() {
    let garbage = temp("not-a-backup.db", b"this is not a database");
    let target = garbage.with_file_name("restored.db");
    let url = format!("sqlite:{}", target.display());
    let output = tidtam(&["restore", &garbage.display().to_string(), "--database", &url]);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stdout));
    assert!(String::from_utf8_lossy(&output.stderr).contains("tidtam: error"));
    for suffix in ["", "-wal", "-shm", "-journal", ".partial"] {
        let left = format!("{}{suffix}", target.display());
        assert!(!Path::new(&left).exists(), "{left} was left behind");
    }
}

#[test]
fn serve_says_cookies_are_secure_unless_told_otherwise() {
    let help =
        String::from_utf8_lossy(&tidtam(&["serve", "--help"]).stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("--insecure-cookies"), "{help}");
    assert!(help.contains("which --demo implies"), "{help}");
}

#[test]
fn piped_imports_print_no_progress_line() {
    let Some(report) = corpus("02.txt") else { return };
    let dir = std::env::temp_dir().join(format!("tidtam-progress-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let database = format!("sqlite:{}", dir.join("progress.db").display());
    let output = tidtam(&["import", "--database", &database, &report, &report]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("imported 2 report(s)"), "{stdout}");
    // Not a terminal: no bar, no carriage returns or terminal control codes anywhere.
    for text in [&stdout, &stderr] {
        assert!(!text.contains('\r') && !text.contains('\x1b') && !text.contains("[###"), "{text:?}");
    }
    let _ = std::fs::remove_dir_all(dir);
}
