//! `tidtam sdc` end to end: a table in, the protected table and its audit out.

use std::path::PathBuf;
use std::process::{Command, Output};

fn tidtam(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tidtam")).args(args).output().expect("tidtam runs")
}

fn dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tidtam-sdc-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn rows(path: &PathBuf) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("written");
    text.lines().map(|l| l.split(',').map(str::to_owned).collect()).collect()
}

const HIERARCHY: &str = "ภาค=ประเทศ:เหนือ,ใต้;เหนือ:เชียงใหม่,น่าน,ลำปาง;ใต้:สงขลา,ตรัง";
const TABLE: &str = "ภาค,หมวด,count\n\
    เชียงใหม่,ก,25\nเชียงใหม่,ข,30\nเชียงใหม่,ค,12\n\
    น่าน,ก,2\nน่าน,ข,14\nน่าน,ค,9\n\
    ลำปาง,ก,11\nลำปาง,ข,8\nลำปาง,ค,15\n\
    สงขลา,ก,40\nสงขลา,ข,22\nสงขลา,ค,1\n\
    ตรัง,ก,7\nตรัง,ข,9\nตรัง,ค,6\n\
    เหนือ,Total,126\n";

#[test]
fn protect_writes_flags_and_an_audit() {
    let dir = dir();
    let input = dir.join("table.csv");
    std::fs::write(&input, TABLE).unwrap();
    let (out, audit) = (dir.join("protected.csv"), dir.join("audit.csv"));
    let output = tidtam(&[
        "sdc",
        "protect",
        input.to_str().unwrap(),
        "--min-frequency",
        "3",
        "--protection-level",
        "50",
        "--hierarchy",
        HIERARCHY,
        "--out",
        out.to_str().unwrap(),
        "--audit",
        audit.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("primary (C) 2"), "{stdout}");
    let table = rows(&out);
    assert_eq!(table[0][..4], ["ภาค", "หมวด", "count", "CONF_STATUS"]);
    // 8 areas × 4 categories, every total included.
    assert_eq!(table.len(), 1 + 8 * 4);
    let find = |a: &str, c: &str| table.iter().find(|r| r[0] == a && r[1] == c).unwrap().clone();
    assert_eq!(find("น่าน", "ก")[2..4], ["", "C"]);
    assert_eq!(find("สงขลา", "ค")[2..4], ["", "C"]);
    assert_eq!(find("ประเทศ", "Total")[2..4], ["211", "F"]);
    let secondary = table.iter().filter(|r| r[3] == "D").count();
    assert!(secondary >= 4, "{secondary}");
    assert!(
        table[1..].iter().filter(|r| r[3] != "F").all(|r| r[2].is_empty() && r[4].starts_with(&format!("{} =", r[3])))
    );
    // The audit: every suppressed cell, the two primaries protected.
    let audit = rows(&audit);
    assert_eq!(
        audit[0],
        ["ภาค", "หมวด", "count", "CONF_STATUS", "rules", "protection_level", "lower", "upper", "protected", "lp"]
    );
    assert_eq!(audit.len(), 1 + 2 + secondary);
    let primaries: Vec<&Vec<String>> = audit.iter().filter(|r| r[3] == "C").collect();
    assert!(primaries.iter().all(|r| r[4] == "freq" && r[8] == "yes"), "{primaries:?}");
}

#[test]
fn totals_that_do_not_add_up_are_named_and_nothing_is_written() {
    let dir = dir();
    let input = dir.join("bad.csv");
    std::fs::write(&input, TABLE.replace("เหนือ,Total,126", "เหนือ,Total,127")).unwrap();
    let out = dir.join("never.csv");
    let output = tidtam(&[
        "sdc",
        "protect",
        input.to_str().unwrap(),
        "--min-frequency",
        "3",
        "--hierarchy",
        HIERARCHY,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("(ภาค=เหนือ, หมวด=Total) count = 127 ≠ 126"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!out.exists());
}

#[test]
fn rounding_and_the_demo_table() {
    let dir = dir();
    let demo = dir.join("demo.csv");
    let output = tidtam(&[
        "sdc",
        "demo-table",
        "--categories",
        "2",
        "--years",
        "2",
        "--seed",
        "3",
        "--out",
        demo.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(rows(&demo).len(), 1 + 77 * 2 * 2);
    let rounded = dir.join("rounded.csv");
    let output = tidtam(&[
        "sdc",
        "protect",
        demo.to_str().unwrap(),
        "--hierarchy",
        "area=thai",
        "--round",
        "5",
        "--seed",
        "9",
        "--out",
        rounded.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let table = rows(&rounded);
    assert_eq!(table[0], ["area", "category", "year", "count", "value"]);
    assert_eq!(table.len(), 1 + 84 * 3 * 3);
    let count = |a: &str, c: &str, y: &str| -> u64 {
        table.iter().find(|r| r[0] == a && r[1] == c && r[2] == y).unwrap()[3].parse().unwrap()
    };
    assert!(table[1..].iter().all(|r| r[3].parse::<u64>().unwrap() % 5 == 0));
    // Additive: the country is the sum of Bangkok and the six regions.
    let parts: u64 = ["TH-10", "REG_C", "REG_N", "REG_NE", "REG_E", "REG_W", "REG_S"]
        .iter()
        .map(|a| count(a, "Total", "Total"))
        .sum();
    assert_eq!(count("TH", "Total", "Total"), parts);
    // The same seed, the same table.
    let again = dir.join("again.csv");
    let args =
        ["sdc", "protect", demo.to_str().unwrap(), "--hierarchy", "area=thai", "--round", "5", "--seed", "9", "--out"];
    assert!(tidtam(&[&args[..], &[again.to_str().unwrap()]].concat()).status.success());
    assert_eq!(std::fs::read(&rounded).unwrap(), std::fs::read(&again).unwrap());
}
