//! `tidtam match` end to end: two small surveys in, the fused file and the quality report out,
//! and one line in Thai and English for each kind of bad input.

use std::path::PathBuf;
use std::process::{Command, Output};

fn tidtam(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tidtam")).args(args).output().expect("tidtam runs")
}

fn dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tidtam-match-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(name: &str, text: &str) -> String {
    let path = dir().join(name);
    std::fs::write(&path, text).expect("written");
    path.display().to_string()
}

// A labour-force-like recipient (X: region, age; Y: employed) and an expenditure-like donor
// (X: region, age; Z: spend band), weights in both.
const RECIPIENT: &str = "id,region,age,employed,w\n\
1,เหนือ,25,ทำงาน,10\n\
2,เหนือ,47,ทำงาน,20\n\
3,ใต้,33,ไม่ทำงาน,10\n\
4,ใต้,61,ไม่ทำงาน,30\n\
5,เหนือ,70,ไม่ทำงาน,10\n";

const DONOR: &str = "region,age,spend,w\n\
เหนือ,24,ต่ำ,15\n\
เหนือ,50,สูง,15\n\
ใต้,30,ต่ำ,20\n\
ใต้,65,สูง,10\n\
ใต้,40,กลาง,20\n";

#[test]
fn match_writes_the_fused_file_and_the_report() {
    let (rec, don) = (write("rec.csv", RECIPIENT), write("don.csv", DONOR));
    let out = dir().join("fused.csv");
    let report = dir().join("report.json");
    let output = tidtam(&[
        "match",
        &rec,
        &don,
        "--on",
        "age",
        "--donate",
        "spend",
        "--classes",
        "region",
        "--weight",
        "w",
        "--out",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("matched 5 recipients with 5 donors") && stdout.contains("จับคู่ผู้รับ 5 รายการ"), "{stdout}");
    // Within the region, nearest by age: 25→24, 47→50, 70→50 in the north; 33→30, 61→65 in the south.
    let fused = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        fused,
        "id,region,age,employed,w,spend,donor_row,match_distance\n\
         1,เหนือ,25,ทำงาน,10,ต่ำ,1,1\n\
         2,เหนือ,47,ทำงาน,20,สูง,2,3\n\
         3,ใต้,33,ไม่ทำงาน,10,ต่ำ,3,3\n\
         4,ใต้,61,ไม่ทำงาน,30,สูง,4,4\n\
         5,เหนือ,70,ไม่ทำงาน,10,สูง,2,20\n"
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(json["method"], "distance");
    assert_eq!(json["distance"], "manhattan");
    assert_eq!(json["total_distance"], 31.0);
    // spend (categories sorted: กลาง, ต่ำ, สูง). Donor weights 20, 35, 25 of 80;
    // fused (recipient weights) 0, 20, 60 of 80. Δ = ½(.25 + .1875 + .4375) = .4375.
    let spend = &json["donated"][0];
    assert_eq!(spend["variable"], "spend");
    assert_eq!(spend["categories"], serde_json::json!(["กลาง", "ต่ำ", "สูง"]));
    assert!((spend["tvd"].as_f64().unwrap() - 0.4375).abs() < 1e-12, "{spend}");
    // B = √(0·.25) + √(.25·.4375) + √(.75·.3125); H = √(1 − B).
    let b = (0.25f64 * 0.4375).sqrt() + (0.75f64 * 0.3125).sqrt();
    assert!((spend["hellinger"].as_f64().unwrap() - (1.0 - b).sqrt()).abs() < 1e-12);
    // The Fréchet table of (employed, spend): Y found by itself, X = region and age.
    let frechet = &json["frechet"][0];
    assert_eq!((frechet["y"].as_str(), frechet["z"].as_str()), (Some("employed"), Some("spend")));
    assert_eq!(frechet["given"], serde_json::json!(["region", "age"]));
    assert_eq!(frechet["cells"].as_array().unwrap().len(), 6);
    assert!(frechet["x_cells"].as_u64().unwrap() > 0, "{frechet}");
    for cell in frechet["cells"].as_array().unwrap() {
        let (low, up) = (cell["low"].as_f64().unwrap(), cell["up"].as_f64().unwrap());
        let cia = cell["cia"].as_f64().unwrap();
        assert!(low <= cia + 1e-12 && cia <= up + 1e-12, "{cell}");
        // (Nested inside the unconditional bounds only when the two files' X margins agree,
        // which these small files' do not.)
        assert!(low >= 0.0 && up <= 1.0, "{cell}");
    }
    // The same seed gives the same file.
    let again = dir().join("again.csv");
    let output = tidtam(&[
        "match",
        &rec,
        &don,
        "--on",
        "age",
        "--donate",
        "spend",
        "--classes",
        "region",
        "--weight",
        "w",
        "--out",
        again.to_str().unwrap(),
    ]);
    assert!(output.status.success());
    assert_eq!(std::fs::read_to_string(&again).unwrap(), fused);
}

#[test]
fn constrained_random_and_rank_methods_run() {
    let (rec, don) = (write("rec2.csv", RECIPIENT), write("don2.csv", DONOR));
    let out = dir().join("k.csv");
    let run = |extra: &[&str]| {
        let mut args = vec!["match", &rec, &don, "--on", "age", "--donate", "spend", "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        tidtam(&args)
    };
    let output = run(&["--k", "1", "--distance", "euclidean"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let fused = std::fs::read_to_string(&out).unwrap();
    let mut donors: Vec<&str> = fused.lines().skip(1).map(|l| l.split(',').nth(6).unwrap()).collect();
    donors.sort();
    assert_eq!(donors, vec!["1", "2", "3", "4", "5"], "k = 1 with 5 donors: each once");
    for method in ["random", "rank"] {
        let output = run(&["--method", method, "--seed", "7"]);
        assert!(output.status.success(), "{method}: {}", String::from_utf8_lossy(&output.stderr));
    }
    let output = run(&["--distance", "gower", "--k", "2"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn bad_input_gets_one_line_in_thai_and_english() {
    let (rec, don) = (write("rec3.csv", RECIPIENT), write("don3.csv", DONOR));
    let empty = write("empty.csv", "region,age\n");
    let words = write("words.csv", "region,age,spend\nเหนือ,ยี่สิบ,ต่ำ\n");
    let out = dir().join("bad.csv");
    let out = out.to_str().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (&[&rec, &don, "--on", "income", "--donate", "spend"], "column `income` not found"),
        (&[&rec, &don, "--on", "age", "--donate", "rent"], "column `rent` not found"),
        (&[&rec, &words, "--on", "age", "--donate", "spend"], "row 1, column `age`: `ยี่สิบ` is not a number"),
        (&[&rec, &don, "--on", "age", "--donate", "spend", "--k", "1", "--classes", "region"], "1 × 2 < 3"),
        (&[&empty, &don, "--on", "age", "--donate", "spend"], "has no data rows"),
    ];
    for (args, expected) in cases {
        let mut all = vec!["match"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--out", out]);
        let output = tidtam(&all);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        let thai = stderr.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c));
        assert!(stderr.contains(expected) && thai, "{args:?}: {stderr}");
        assert!(!std::path::Path::new(out).exists(), "no fused file after an error");
    }
}
