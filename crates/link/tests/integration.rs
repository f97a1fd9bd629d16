//! Integration tests of tidtam-link (one binary): whole runs on FEBRL and generated Thai data,
//! the privacy-preserving mode, and bad input.
//!
//! FEBRL files are read from `../shared/data/febrl/` beside the repository; when they are absent
//! the FEBRL tests print why and pass without checking (the data is not part of the repository).

use std::path::{Path, PathBuf};

use tidtam_link::engine::{RunOptions, Threshold, link};
use tidtam_link::evaluate::{Truth, evaluate};
use tidtam_link::key::KeyExpr;
use tidtam_link::privacy::{EncodeOptions, encode};
use tidtam_link::synth::{NamePools, SynthOptions, generate};
use tidtam_link::{ErrorKind, ModelSpec, Table};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared(path: &str) -> Option<PathBuf> {
    let full = repo().join("../shared/data").join(path);
    if full.exists() {
        Some(full)
    } else {
        println!("skipped: {} not found (the shared data sits beside the repository)", full.display());
        None
    }
}

fn model(name: &str) -> ModelSpec {
    let mut spec = ModelSpec::load(&repo().join("crates/link/bench").join(name)).unwrap();
    // Debug builds are slow; a smaller u sample keeps the suite fast and still estimates u well.
    spec.u_sample_pairs = 50_000;
    spec
}

fn f1(spec: &ModelSpec, left: &Table, right: Option<&Table>, truth: &str) -> f64 {
    let (_, pairs) = link(spec, left, right, &RunOptions::default(), None).unwrap();
    let ids = |t: &Table, row: u32| t.column("rec_id").unwrap().get(row as usize).unwrap().to_string();
    let links: Vec<(String, String)> = pairs
        .iter()
        .filter(|p| p.probability() >= 0.9)
        .map(|p| (ids(left, p.left), ids(right.unwrap_or(left), p.right)))
        .collect();
    let truth = Truth::new(left, right, "rec_id", &KeyExpr::parse(truth).unwrap()).unwrap();
    let result = evaluate(&truth, links.iter().map(|(a, b)| (a.as_str(), b.as_str())));
    println!("{result:?}");
    result.f1
}

#[test]
fn febrl_link_4a_4b() {
    let (Some(a), Some(b)) = (shared("febrl/dataset4a.csv"), shared("febrl/dataset4b.csv")) else {
        return;
    };
    let (a, b) = (Table::read(&a).unwrap(), Table::read(&b).unwrap());
    let score = f1(&model("febrl-link.toml"), &a, Some(&b), "rec_id|field(-,1)");
    assert!(score > 0.99, "F1 {score}");
}

#[test]
fn febrl_dedupe_3() {
    let Some(path) = shared("febrl/dataset3.csv") else {
        return;
    };
    let table = Table::read(&path).unwrap();
    let score = f1(&model("febrl-dedupe.toml"), &table, None, "rec_id|field(-,1)");
    assert!(score > 0.9, "F1 {score}");
}

fn thai_pools() -> NamePools {
    match shared("thai-names") {
        Some(dir) => NamePools::load(&dir).unwrap(),
        None => NamePools {
            male: ["สมชาย", "ประยุทธ", "วิชัย", "สมศักดิ์", "ธนพล", "กมล", "บุญมา", "สุรชัย"].map(String::from).to_vec(),
            female: ["มาลี", "สมศรี", "แสงดาว", "สุดา", "ผ่องศรี", "เพ็ญ", "วันเพ็ญ", "ศรีสุดา"].map(String::from).to_vec(),
            family: ["ใจดี", "ศรีสุข", "ทองดี", "แก้วมณี", "บุญมี", "สุขสวัสดิ์", "วงศ์ไทย", "ชัยมงคล", "รัตนพันธ์", "ศรีวงศ์"]
                .map(String::from)
                .to_vec(),
        },
    }
}

#[test]
fn synthetic_thai_clear_and_privacy_preserving() {
    let (a, b) = generate(&thai_pools(), &SynthOptions { records: 2000, overlap: 0.7, seed: 3 });
    let clear = f1(&model("synth.toml"), &a, Some(&b), "entity_id");
    assert!(clear > 0.95, "clear-text F1 {clear}");

    // Each agency encodes its own file with the shared secret; the linker sees encodings only.
    let secret = b"shared secret of the two agencies";
    let mut options = EncodeOptions::new(
        ["given_name|namekey", "family_name|namekey", "dob|date", "national_id|digits", "province", "sex"]
            .iter()
            .map(|f| KeyExpr::parse(f).unwrap())
            .collect(),
    );
    options.blocking = [
        "national_id|digits",
        "given_name|lk82 & family_name|lk82",
        "family_name|lk82 & dob|date",
        "given_name|lk82 & dob|date",
        "dob|date & province",
    ]
    .map(String::from)
    .to_vec();
    let mut encoded_a = encode(&a, "rec_id", secret, &options).unwrap();
    let mut encoded_b = encode(&b, "rec_id", secret, &options).unwrap();
    assert!(encoded_b.column("given_name").is_err());
    // The truth travels separately, only for scoring.
    for (encoded, clear) in [(&mut encoded_a, &a), (&mut encoded_b, &b)] {
        encoded.names.push("entity_id".into());
        encoded.columns.push(clear.column("entity_id").unwrap().clone());
    }
    let private = f1(&model("synth-encoded.toml"), &encoded_a, Some(&encoded_b), "entity_id");
    println!("clear-text F1 {clear:.4}, privacy-preserving F1 {private:.4}");
    assert!(private > 0.9, "privacy-preserving F1 {private}");
}

#[test]
fn inferred_model_runs_and_writes_outputs() {
    let (a, b) = generate(&thai_pools(), &SynthOptions { records: 1500, overlap: 0.7, seed: 5 });
    let spec = ModelSpec::infer(&a, Some(&b)).unwrap();
    assert_eq!(spec.unique_id.as_deref(), Some("rec_id"));
    assert!(!spec.blocking.is_empty());
    let out = std::env::temp_dir().join(format!("tidtam-link-test-{}", std::process::id()));
    let options = RunOptions { threshold: Threshold::TargetPrecision(0.95), review_from: 0.2 };
    let (summary, _) = link(&spec, &a, Some(&b), &options, Some(&out)).unwrap();
    assert!(summary.links > 500, "{summary:?}");
    for file in ["pairs.csv", "review.csv", "clusters.csv", "model.json"] {
        assert!(out.join(file).exists(), "{file} missing");
    }
    let clusters = std::fs::read_to_string(out.join("clusters.csv")).unwrap();
    assert_eq!(clusters.lines().count(), 3001);
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn parquet_input() {
    use parquet::data_type::{ByteArray, ByteArrayType};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;
    use std::sync::Arc;

    let schema = Arc::new(
        parse_message_type("message m { required binary rec_id (UTF8); optional binary name (UTF8); }").unwrap(),
    );
    let path = std::env::temp_dir().join(format!("tidtam-link-{}.parquet", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    let mut writer = SerializedFileWriter::new(file, schema, Arc::new(WriterProperties::builder().build())).unwrap();
    let mut group = writer.next_row_group().unwrap();
    let ids: Vec<ByteArray> = ["1", "2"].iter().map(|s| ByteArray::from(*s)).collect();
    let mut column = group.next_column().unwrap().unwrap();
    column.typed::<ByteArrayType>().write_batch(&ids, None, None).unwrap();
    column.close().unwrap();
    let names = [ByteArray::from("สมชาย")];
    let mut column = group.next_column().unwrap().unwrap();
    column.typed::<ByteArrayType>().write_batch(&names, Some(&[1, 0]), None).unwrap();
    column.close().unwrap();
    group.close().unwrap();
    writer.close().unwrap();
    let table = Table::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(table.names, ["rec_id", "name"]);
    assert_eq!(table.column("name").unwrap().get(0), Some("สมชาย"));
    assert_eq!(table.column("name").unwrap().get(1), None);
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("tidtam-link-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn bad_input_gives_clear_errors() {
    let empty = temp_file("empty.csv", b"rec_id,name\n");
    assert!(matches!(Table::read(&empty).unwrap_err().kind(), ErrorKind::Empty { .. }));
    let nothing = temp_file("nothing.csv", b"");
    assert!(matches!(Table::read(&nothing).unwrap_err().kind(), ErrorKind::Empty { .. }));
    let tis = temp_file("tis.csv", b"rec_id,name\n1,\xca\xc1\xaa\xd2\xc2\n");
    let error = Table::read(&tis).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Encoding { line: 2, .. }), "{error}");
    assert!(error.to_string().contains("UTF-8"));
    let missing = Table::read(Path::new("/nonexistent/file.csv")).unwrap_err();
    assert!(matches!(missing.kind(), ErrorKind::Io { .. }));
    for path in [empty, nothing, tis] {
        std::fs::remove_file(path).unwrap();
    }

    let (a, b) = generate(&thai_pools(), &SynthOptions { records: 500, overlap: 0.7, seed: 9 });
    let mut spec = model("synth.toml");
    spec.comparisons[0].column = "first_name".into();
    let error = link(&spec, &a, Some(&b), &RunOptions::default(), None).err().unwrap();
    assert!(matches!(error.kind(), ErrorKind::MissingColumn { .. }), "{error}");
    assert!(error.to_string().contains("first_name") && error.to_string().contains("ไม่พบคอลัมน์"));

    // A rule on sex alone pairs half of everyone: refused before it runs.
    let mut spec = model("synth.toml");
    spec.blocking = vec!["sex".into()];
    spec.max_pairs = 10_000;
    let error = link(&spec, &a, Some(&b), &RunOptions::default(), None).err().unwrap();
    match error.kind() {
        ErrorKind::TooManyPairs { rule, pairs, max } => {
            assert_eq!((rule.as_str(), *max), ("sex", 10_000));
            assert!(*pairs > 100_000);
        }
        other => panic!("unexpected {other:?}"),
    }

    let mut duplicated = a.clone();
    duplicated.push_row((0..a.names.len()).map(|c| a.columns[c].get(0)));
    let error = link(&model("synth.toml"), &duplicated, Some(&b), &RunOptions::default(), None).err().unwrap();
    assert!(matches!(error.kind(), ErrorKind::DuplicateId { .. }));
}
