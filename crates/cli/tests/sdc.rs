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

/// Province × sex and province × age of the same people: p1's two people are primary in
/// both, and the province totals are shared.
const BY_SEX: &str = "area,sex,count\np1,m,1\np1,f,1\np2,m,10\np2,f,10\np3,m,10\np3,f,10\n";
const BY_AGE: &str = "area,age,count\np1,a1,1\np1,a2,1\np2,a1,20\np2,a2,0\np3,a1,10\np3,a2,10\n";

#[test]
fn linked_tables_are_protected_together() {
    let dir = dir();
    let (sex, age) = (dir.join("by-sex.csv"), dir.join("by-age.csv"));
    std::fs::write(&sex, BY_SEX).unwrap();
    std::fs::write(&age, BY_AGE).unwrap();
    let outs = [dir.join("by-sex.out.csv"), dir.join("by-age.out.csv")];
    let audits = [dir.join("by-sex.audit.csv"), dir.join("by-age.audit.csv")];
    let output = tidtam(&[
        "sdc",
        "protect",
        sex.to_str().unwrap(),
        age.to_str().unwrap(),
        "--min-frequency",
        "3",
        "--protection-level",
        "50",
        "--out",
        outs[0].to_str().unwrap(),
        "--out",
        outs[1].to_str().unwrap(),
        "--audit",
        audits[0].to_str().unwrap(),
        "--audit",
        audits[1].to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("2 linked tables, 4 shared cells, primary 5"), "{stdout}");
    assert!(stdout.contains("by-sex.csv: ") && stdout.contains("secondary (D)"), "{stdout}");
    let (a, b) = (rows(&outs[0]), rows(&outs[1]));
    assert_eq!(a[0], ["area", "sex", "count", "CONF_STATUS", "CONF_NOTE"]);
    assert_eq!(a.len(), 1 + 4 * 3);
    // Every province total has one status in both files.
    for p in ["p1", "p2", "p3", "Total"] {
        let status = |t: &Vec<Vec<String>>| t.iter().find(|r| r[0] == p && r[1] == "Total").unwrap()[3].clone();
        assert_eq!(status(&a), status(&b), "{p}");
    }
    assert_eq!(a.iter().find(|r| r[0] == "p1" && r[1] == "Total").unwrap()[3], "C");
    // Either p2's or p3's total is hidden too, in both tables, or p1's total would be
    // the grand total minus the two published ones.
    let hidden = |p: &str| a.iter().find(|r| r[0] == p && r[1] == "Total").unwrap()[3] == "D";
    assert!(hidden("p2") || hidden("p3"));
    for audit in &audits {
        let audit = rows(audit);
        assert!(audit[1..].iter().filter(|r| r[3] == "C").all(|r| r[8] == "yes"), "{audit:?}");
    }

    // A shared cell with two values: named, and nothing written.
    let bad = dir.join("by-age-bad.csv");
    std::fs::write(&bad, BY_AGE.replace("p3,a1,10", "p3,a1,11")).unwrap();
    let never = [dir.join("never-1.csv"), dir.join("never-2.csv")];
    let output = tidtam(&[
        "sdc",
        "protect",
        sex.to_str().unwrap(),
        bad.to_str().unwrap(),
        "--min-frequency",
        "3",
        "--out",
        never[0].to_str().unwrap(),
        "--out",
        never[1].to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("by-age-bad.csv: area=p3, age=Total) count = 21"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(never.iter().all(|p| !p.exists()));

    // One --out for two tables, and rounding of linked tables, are refused.
    let output = tidtam(&[
        "sdc",
        "protect",
        sex.to_str().unwrap(),
        age.to_str().unwrap(),
        "--min-frequency",
        "3",
        "--out",
        never[0].to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("give --out once per table"));
    let output = tidtam(&[
        "sdc",
        "protect",
        sex.to_str().unwrap(),
        age.to_str().unwrap(),
        "--round",
        "5",
        "--seed",
        "1",
        "--out",
        never[0].to_str().unwrap(),
        "--out",
        never[1].to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--round takes one table"));
}
