//! The matching methods, distances, errors and report on small files whose answers are
//! worked out by hand in the comments.

use tidtam_statmatch::{
    Error, Method, Metric, Options, Table, distances, fused, match_tables, read_csv, report, write_csv,
};

fn table(name: &str, text: &str) -> Table {
    read_csv(text.as_bytes(), name).expect("table")
}

fn options(on: &[&str], donate: &[&str], method: Method, metric: Metric) -> Options {
    Options {
        on: on.iter().map(|s| s.to_string()).collect(),
        donate: donate.iter().map(|s| s.to_string()).collect(),
        method,
        metric,
        classes: Vec::new(),
        k: None,
        weight: None,
        seed: 1,
    }
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn gower_with_missing_values_by_hand() {
    let rec = table("rec.csv", "age,sex,province\n30,ชาย,\n25,หญิง,ขอนแก่น\n");
    let don = table("don.csv", "age,sex,province\n40,หญิง,เชียงใหม่\n20,ชาย,ขอนแก่น\n,ชาย,ลำปาง\n");
    let d = distances(&rec, &don, &strings(&["age", "sex", "province"]), Metric::Gower).unwrap();
    // Age range over both files: 40 − 20 = 20. A variable missing on either side is left out.
    // r1–d1: (|30−40|/20 + 1) / 2 = 0.75; r1–d2: (0.5 + 0) / 2 = 0.25; r1–d3: sex only, 0.
    // r2–d1: (0.75 + 0 + 1) / 3; r2–d2: (0.25 + 1 + 0) / 3; r2–d3: (1 + 1) / 2 = 1.
    let expected = [[0.75, 0.25, 0.0], [1.75 / 3.0, 1.25 / 3.0, 1.0]];
    for (row, want) in d.iter().zip(expected) {
        for (got, want) in row.iter().zip(want) {
            assert!(close(*got, want), "{d:?}");
        }
    }
    // The nearest donors: d3 for r1 (0), d2 for r2.
    let m =
        match_tables(&rec, &don, &options(&["age", "sex", "province"], &["province"], Method::Distance, Metric::Gower))
            .unwrap();
    assert_eq!(m.donor, vec![2, 1]);
}

#[test]
fn mahalanobis_by_hand() {
    let rec = table("rec.csv", "x,y\n0,0\n2,2\n");
    let don = table("don.csv", "x,y\n1,0\n1,2\n1,1\n");
    // Pooled rows: mean (1, 1); S = [[.5, .5], [.5, 1]] (n − 1 = 4); S⁻¹ = [[4, −2], [−2, 2]].
    // (0,0)−(1,0) = (−1,0): 4 → 2; (0,0)−(1,2): 4 − 8 + 8 = 4 → 2; (0,0)−(1,1): 4 − 4 + 2 = 2 → √2.
    // (2,2) is the mirror image: 2, 2, √2.
    let d = distances(&rec, &don, &strings(&["x", "y"]), Metric::Mahalanobis).unwrap();
    let s2 = 2f64.sqrt();
    assert!(close(d[0][0], 2.0) && close(d[0][1], 2.0) && close(d[0][2], s2), "{d:?}");
    assert!(close(d[1][0], 2.0) && close(d[1][1], 2.0) && close(d[1][2], s2), "{d:?}");
    // Euclidean and Manhattan on the raw values, for contrast.
    let e = distances(&rec, &don, &strings(&["x", "y"]), Metric::Euclidean).unwrap();
    assert!(close(e[0][0], 1.0) && close(e[0][1], 5f64.sqrt()) && close(e[0][2], s2));
    let m = distances(&rec, &don, &strings(&["x", "y"]), Metric::Manhattan).unwrap();
    assert!(close(m[0][1], 3.0) && close(m[1][0], 3.0));
    // A constant matching variable has no inverse covariance.
    let flat = table("flat.csv", "x,y\n1,0\n1,2\n");
    let error = distances(&flat, &flat, &strings(&["x", "y"]), Metric::Mahalanobis).unwrap_err();
    assert!(matches!(error, Error::Singular { .. }), "{error}");
}

#[test]
fn distance_hot_deck_within_classes() {
    let rec = table("rec.csv", "region,age\nเหนือ,30\nใต้,30\nเหนือ,61\n");
    let don = table("don.csv", "region,age,income\nเหนือ,29,100\nใต้,50,200\nเหนือ,60,300\nใต้,31,400\n");
    let mut opts = options(&["age"], &["income"], Method::Distance, Metric::Manhattan);
    opts.classes = strings(&["region"]);
    let m = match_tables(&rec, &don, &opts).unwrap();
    // Without classes the southern 30-year-old would take the northern donor aged 29 (distance 1)
    // or the southern one aged 31 at random; in its class only 31 (distance 1) and 50 remain.
    assert_eq!(m.donor, vec![0, 3, 2]);
    assert_eq!(m.distance, vec![1.0, 1.0, 1.0]);
    let out = fused(&rec, &don, &opts.donate, &m).unwrap();
    let mut bytes = Vec::new();
    write_csv(&out, &mut bytes).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "region,age,income,donor_row,match_distance\nเหนือ,30,100,1,1\nใต้,30,400,4,1\nเหนือ,61,300,3,1\n"
    );
}

#[test]
fn ties_are_broken_at_random_but_the_seed_decides() {
    let rec = table("rec.csv", "x\n5\n");
    let don = table("don.csv", "x,z\n4,ก\n6,ข\n5.5,ค\n4.5,ง\n");
    // 4.5 and 5.5 are both 0.5 away.
    let mut chosen = std::collections::BTreeSet::new();
    for seed in 0..40 {
        let mut opts = options(&["x"], &["z"], Method::Distance, Metric::Euclidean);
        opts.seed = seed;
        let first = match_tables(&rec, &don, &opts).unwrap().donor[0];
        assert_eq!(first, match_tables(&rec, &don, &opts).unwrap().donor[0], "same seed, same donor");
        chosen.insert(first);
    }
    assert_eq!(chosen.into_iter().collect::<Vec<_>>(), vec![2, 3]);
}

#[test]
fn random_hot_deck_draws_in_proportion_to_donor_weights() {
    let mut text = String::from("x\n");
    for i in 0..10_000 {
        text.push_str(&format!("{i}\n"));
    }
    let rec = table("rec.csv", &text);
    let don = table("don.csv", "x,w,z\n1,1,ก\n2,0,ข\n3,3,ค\n");
    let mut opts = options(&["x"], &["z"], Method::Random, Metric::Manhattan);
    opts.weight = Some("w".into());
    // The recipient file needs the weight column too.
    let error = match_tables(&rec, &don, &opts).unwrap_err();
    assert!(error.to_string().contains("`w`") && error.to_string().contains("ไม่พบคอลัมน์"), "{error}");
    let mut text = String::from("x,w\n");
    for i in 0..10_000 {
        text.push_str(&format!("{i},1\n"));
    }
    let rec = table("rec.csv", &text);
    let m = match_tables(&rec, &don, &opts).unwrap();
    let share = |d: usize| m.donor.iter().filter(|&&x| x == d).count() as f64 / 10_000.0;
    assert_eq!(share(1), 0.0, "a donor of weight 0 is never drawn");
    assert!((share(2) - 0.75).abs() < 0.02, "{}", share(2));
    assert!(m.distance.iter().all(|d| d.is_nan()));
}

#[test]
fn rank_hot_deck_matches_weighted_ecdf() {
    // Recipients' ECDF: .2 .4 .6 .8 1; donors' (weights 1,1,1,1,6): .1 .2 .3 .4 1.
    let rec = table("rec.csv", "x,w\n1,1\n2,1\n3,1\n4,1\n5,1\n");
    let don = table("don.csv", "x,w,z\n10,1,a\n20,1,b\n30,1,c\n40,1,d\n50,6,e\n");
    let mut opts = options(&["x"], &["z"], Method::Rank, Metric::Manhattan);
    let unweighted = match_tables(&rec, &don, &opts).unwrap();
    assert_eq!(unweighted.donor, vec![0, 1, 2, 3, 4]);
    opts.weight = Some("w".into());
    let m = match_tables(&rec, &don, &opts).unwrap();
    // .2 → .2 (b); .4 → .4 (d); .6 → .4 (d, 0.2 away; e is 0.4); .8 → 1 (e, 0.2; d is 0.4); 1 → e.
    assert_eq!(m.donor, vec![1, 3, 3, 4, 4]);
    assert!(close(m.distance[2], 0.2));
    // Constrained, k = 1: a one-to-one assignment minimising Σ|F_rec − F_don|.
    opts.k = Some(1);
    let c = match_tables(&rec, &don, &opts).unwrap();
    let mut used = c.donor.clone();
    used.sort();
    assert_eq!(used, vec![0, 1, 2, 3, 4]);
    assert!(c.total_distance() >= m.total_distance() - 1e-12);
}

#[test]
fn constrained_matching_uses_no_donor_more_than_k_times() {
    let rec = table("rec.csv", "x\n1\n1.1\n1.2\n1.3\n1.4\n9\n");
    let don = table("don.csv", "x,z\n1,ก\n5,ข\n10,ค\n");
    let mut opts = options(&["x"], &["z"], Method::Distance, Metric::Manhattan);
    let free = match_tables(&rec, &don, &opts).unwrap();
    assert_eq!(free.donor, vec![0, 0, 0, 0, 0, 2]);
    opts.k = Some(2);
    let m = match_tables(&rec, &don, &opts).unwrap();
    for d in 0..3 {
        assert!(m.donor.iter().filter(|&&x| x == d).count() <= 2, "{:?}", m.donor);
    }
    // Best: 1, 1.1 → 1 (0 + .1); 1.3, 1.4 → 5 (3.7 + 3.6); 1.2 → 10 (8.8) and 9 → 10 (1): total 17.2.
    // (1.2 → 5 and 1.4 → 10 cost the same; either is optimal.)
    assert!((m.total_distance() - 17.2).abs() < 1e-9, "{}", m.total_distance());
    opts.k = Some(1);
    let error = match_tables(&rec, &don, &opts).unwrap_err();
    assert_eq!(
        error.to_string(),
        "constrained matching needs k × donors ≥ recipients: 1 × 3 < 6; raise --k / การจับคู่แบบจำกัดต้องมี k × ผู้ให้ ≥ ผู้รับ: 1 × 3 < 6 กรุณาเพิ่ม --k"
    );
}

#[test]
fn too_few_donors_names_the_class() {
    let rec = table("rec.csv", "g,x\nก,1\nก,2\nข,3\n");
    let don = table("don.csv", "g,x,z\nก,1,a\nข,2,b\nข,3,c\n");
    let mut opts = options(&["x"], &["z"], Method::Distance, Metric::Manhattan);
    opts.classes = strings(&["g"]);
    opts.k = Some(1);
    let error = match_tables(&rec, &don, &opts).unwrap_err().to_string();
    assert!(
        error.contains("in donation class g=ก") && error.contains("1 × 1 < 2") && error.contains("ในกลุ่มผู้ให้ g=ก"),
        "{error}"
    );
    let rec = table("rec.csv", "g,x\nค,1\n");
    opts.k = None;
    let error = match_tables(&rec, &don, &opts).unwrap_err().to_string();
    assert!(error.contains("1 recipients in donation class g=ค have no donor"), "{error}");
}

#[test]
fn bad_input_gets_one_line_naming_the_column_and_row() {
    let rec = table("rec.csv", "age,sex\n30,ชาย\nสามสิบ,หญิง\n");
    let don = table("don.csv", "age,sex,z\n31,ชาย,1\n");
    let opts = options(&["age"], &["z"], Method::Distance, Metric::Euclidean);
    let error = match_tables(&rec, &don, &opts).unwrap_err().to_string();
    assert!(
        error.contains("rec.csv row 2, column `age`: `สามสิบ` is not a number") && error.contains("ไม่ใช่ตัวเลข"),
        "{error}"
    );
    assert_eq!(error.lines().count(), 1);
    // Gower takes the same column as a category.
    assert!(match_tables(&rec, &don, &options(&["age"], &["z"], Method::Distance, Metric::Gower)).is_ok());
    // Missing columns, in --on and in --donate.
    let error =
        match_tables(&rec, &don, &options(&["income"], &["z"], Method::Distance, Metric::Manhattan)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "column `income` not found in rec.csv (it has: age, sex) / ไม่พบคอลัมน์ `income` ใน rec.csv"
    );
    let error = match_tables(&rec, &don, &options(&["sex"], &["zz"], Method::Random, Metric::Manhattan)).unwrap_err();
    assert!(error.to_string().contains("`zz` not found in don.csv"), "{error}");
    // A missing value where a distance needs a number.
    let holes = table("holes.csv", "age,sex\n30,ชาย\n,หญิง\n");
    let error = match_tables(&holes, &don, &opts).unwrap_err().to_string();
    assert!(error.contains("holes.csv row 2, column `age` is empty") && error.contains("ไม่มีค่า"), "{error}");
    // Empty files.
    let error = read_csv("age,sex\n".as_bytes(), "empty.csv").unwrap_err().to_string();
    assert_eq!(error, "empty.csv has no data rows / ไฟล์ empty.csv ไม่มีข้อมูล");
    assert!(read_csv("".as_bytes(), "nothing.csv").is_err());
}

#[test]
fn report_reproduces_the_frechet_worked_example() {
    // One X cell, p_y = (.6, .4) in the recipient file, p_z = (.7, .3) in the donor file.
    let mut rec = String::from("x,y\n");
    for i in 0..10 {
        rec.push_str(if i < 6 { "1,ก\n" } else { "1,ข\n" });
    }
    let mut don = String::from("x,z\n");
    for i in 0..10 {
        don.push_str(if i < 7 { "1,ใช่\n" } else { "1,ไม่ใช่\n" });
    }
    let (rec, don) = (table("rec.csv", &rec), table("don.csv", &don));
    let mut opts = options(&["x"], &["z"], Method::Random, Metric::Manhattan);
    opts.seed = 3;
    let m = match_tables(&rec, &don, &opts).unwrap();
    let r = report(&rec, &don, &opts, &m, None).unwrap();
    assert_eq!(r.frechet.len(), 1, "y is found as the recipient's one categorical column");
    let f = &r.frechet[0];
    assert_eq!((f.y.as_str(), f.z.as_str(), f.x_cells), ("y", "z", 1));
    let cell = f.cells.iter().find(|c| c.y == "ก" && c.z == "ใช่").unwrap();
    assert!(close(cell.low, 0.30) && close(cell.up, 0.60) && close(cell.cia, 0.42), "{cell:?}");
    assert!(close(cell.low_unconditional, 0.30) && close(cell.up_unconditional, 0.60));
    // Widths: (ก,ใช่) .3, (ก,ไม่ใช่) .3, (ข,ใช่) .4 − .1 = .3, (ข,ไม่ใช่) .3 → mean .3.
    assert!(close(f.uncertainty, 0.3) && close(f.uncertainty_unconditional, 0.3));
    assert_eq!(f.cells_inside, 4, "a matched file always lies within its bounds when X is constant");
    // The donated margin against the donor, computed from the fused file's own counts.
    let z = &r.donated[0];
    assert_eq!(z.comparison.categories, vec!["ใช่", "ไม่ใช่"]);
    let yes = m.donor.iter().filter(|&&d| d < 7).count() as f64 / 10.0;
    assert!(close(z.comparison.fused[0], yes) && close(z.comparison.donor[0], 0.7));
    assert!(close(z.comparison.tvd, (yes - 0.7).abs()));
    let json = serde_json::to_value(&r).expect("JSON");
    assert!(close(json["frechet"][0]["uncertainty"].as_f64().unwrap(), 0.3));
}

#[test]
fn report_weights_the_distributions() {
    // Donor z: a (weight 3), b (weight 1) → (.75, .25). Both recipients take donor b,
    // so the fused margin is (0, 1): Δ = .75, B = √.25 = .5, H = √.5.
    let rec = table("rec.csv", "x,w\n2,1\n2,5\n");
    let don = table("don.csv", "x,w,z\n0,3,a\n2,1,b\n");
    let mut opts = options(&["x"], &["z"], Method::Distance, Metric::Manhattan);
    opts.weight = Some("w".into());
    let m = match_tables(&rec, &don, &opts).unwrap();
    let r = report(&rec, &don, &opts, &m, Some(&[])).unwrap();
    let z = &r.donated[0].comparison;
    assert!(close(z.donor[0], 0.75) && close(z.fused[1], 1.0));
    assert!(close(z.tvd, 0.75) && close(z.bhattacharyya, 0.5) && close(z.hellinger, 0.5f64.sqrt()));
    assert_eq!((r.donors_used, r.most_uses), (1, 2));
    // The joint (x, z): fused all in "2 | b"; donor .75 in "0 | a", .25 in "2 | b".
    let j = &r.joint[0].comparison;
    assert_eq!(j.categories, vec!["0 | a", "2 | b"]);
    assert!(close(j.tvd, 0.75));
}
