//! Secondary suppression and the LP audit on 2-D and 3-D tables with hierarchical
//! totals, bad input, and a property test over random tables.

use proptest::prelude::*;
use tidtam_sdc::audit::{Auditor, is_protected};
use tidtam_sdc::{CsvSpec, Dimension, Hierarchy, Row, Rules, SdcError, Status, Table, audit, protect};

fn dim(name: &str, spec: &str) -> Dimension {
    Dimension { name: name.into(), hierarchy: Hierarchy::parse_inline(spec).unwrap() }
}

/// Rows for every leaf combination, counts from `f(leaf codes)`.
fn leaf_rows(dims: &[Dimension], f: &mut dyn FnMut(&[String]) -> f64) -> Vec<Row> {
    let leaves: Vec<Vec<String>> = dims
        .iter()
        .map(|d| {
            let h = &d.hierarchy;
            (0..h.len()).filter(|&i| h.is_leaf(i)).map(|i| h.code(i).to_owned()).collect()
        })
        .collect();
    let mut rows = Vec::new();
    let mut idx = vec![0; dims.len()];
    'outer: loop {
        let codes: Vec<String> = idx.iter().enumerate().map(|(d, &i)| leaves[d][i].clone()).collect();
        let count = f(&codes);
        rows.push(Row { codes, count: Some(count), value: None, contributions: None });
        for d in (0..dims.len()).rev() {
            idx[d] += 1;
            if idx[d] < leaves[d].len() {
                continue 'outer;
            }
            idx[d] = 0;
        }
        break;
    }
    rows
}

fn cell(table: &Table, codes: &[&str]) -> usize {
    let coords: Vec<usize> = codes.iter().zip(table.dims()).map(|(c, d)| d.hierarchy.get(c).expect("code")).collect();
    table.index(&coords)
}

/// Every primary is protected by its level, every interval holds the true value, and
/// an independent audit of the pattern agrees.
fn assert_protected(table: &Table, protected: &tidtam_sdc::Protected) {
    let suppressed: Vec<bool> = (0..table.len()).map(|c| protected.is_suppressed(c)).collect();
    let again = audit(table, &suppressed).unwrap();
    for (c, audited) in again.iter().enumerate() {
        let x = table.measure(c);
        match (&protected.status[c], *audited) {
            (Status::Published, None) => {}
            (Status::Published, Some(_)) => panic!("published cell audited"),
            (_, None) => panic!("suppressed cell {} not audited", table.label(c)),
            (status, Some(iv)) => {
                assert!(iv.lower <= x + 1e-6 && x <= iv.upper + 1e-6, "{}: {x} outside {iv:?}", table.label(c));
                if let Status::Primary(p) = status {
                    assert!(is_protected(x, p.level, iv), "{} = {x}, level {}: {iv:?}", table.label(c), p.level);
                }
            }
        }
    }
}

#[test]
fn sdctable_microdata1_needs_one_rectangle() {
    // sdcTable's test vector: region A–D × gender, (A, female) = 2 is the one small cell.
    let dims = vec![dim("ภาค", "รวม:A,B,C,D"), dim("เพศ", "รวม:หญิง,ชาย")];
    let counts = [("A", 2.0, 18.0), ("B", 19.0, 14.0), ("C", 10.0, 12.0), ("D", 14.0, 11.0)];
    let mut rows = Vec::new();
    for (r, f, m) in counts {
        rows.push(Row { codes: vec![r.into(), "หญิง".into()], count: Some(f), ..Row::default() });
        rows.push(Row { codes: vec![r.into(), "ชาย".into()], count: Some(m), ..Row::default() });
    }
    let table = Table::from_rows(dims, &rows, true, false).unwrap();
    let rules = Rules { min_frequency: Some(3), ..Rules::default() };
    let protected = protect(&table, &rules).unwrap();
    assert_eq!(protected.primary_count(), 1);
    // The least a 2-D table allows: (A, male) and one other region's two cells.
    assert_eq!(protected.secondary_count(), 3);
    assert_eq!(protected.status[cell(&table, &["A", "ชาย"])], Status::Secondary);
    let others: Vec<&str> =
        ["B", "C", "D"].into_iter().filter(|r| protected.is_suppressed(cell(&table, &[r, "หญิง"]))).collect();
    assert_eq!(others.len(), 1);
    assert!(protected.is_suppressed(cell(&table, &[others[0], "ชาย"])));
    // The rectangle lets (A, female) move by δ ∈ [−min(2, x_R,male), min(18, x_R,female)].
    let iv = protected.intervals[cell(&table, &["A", "หญิง"])].unwrap();
    assert!(iv.lower.abs() < 1e-6, "{iv:?}");
    assert_protected(&table, &protected);
}

#[test]
fn the_audit_finds_exact_disclosure_and_rectangles_by_hand() {
    let dims = vec![dim("r", "T:a,b,c"), dim("s", "T:x,y")];
    let values = [[5.0, 7.0], [3.0, 9.0], [4.0, 6.0]];
    let mut rows = Vec::new();
    for (i, r) in ["a", "b", "c"].iter().enumerate() {
        for (j, s) in ["x", "y"].iter().enumerate() {
            rows.push(Row { codes: vec![r.to_string(), s.to_string()], count: Some(values[i][j]), ..Row::default() });
        }
    }
    let table = Table::from_rows(dims, &rows, true, false).unwrap();
    let mut suppressed = vec![false; table.len()];
    // One cell alone is its row total minus the rest: exact.
    suppressed[cell(&table, &["a", "x"])] = true;
    let iv = audit(&table, &suppressed).unwrap()[cell(&table, &["a", "x"])].unwrap();
    assert!((iv.lower - 5.0).abs() < 1e-6 && (iv.upper - 5.0).abs() < 1e-6, "{iv:?}");
    // The rectangle a,b × x,y: a.x + δ, a.y − δ, b.x − δ, b.y + δ, δ ∈ [−min(5, 9), min(7, 3)].
    for c in [["a", "y"], ["b", "x"], ["b", "y"]] {
        suppressed[cell(&table, &c)] = true;
    }
    let ivs = audit(&table, &suppressed).unwrap();
    let iv = ivs[cell(&table, &["a", "x"])].unwrap();
    assert!((iv.lower - 0.0).abs() < 1e-6 && (iv.upper - 8.0).abs() < 1e-6, "{iv:?}");
    let iv = ivs[cell(&table, &["b", "x"])].unwrap();
    assert!((iv.lower - 0.0).abs() < 1e-6 && (iv.upper - 8.0).abs() < 1e-6, "{iv:?}");
}

#[test]
fn two_dimensions_with_a_region_hierarchy() {
    let dims = vec![dim("พื้นที่", "ประเทศ:เหนือ,ใต้;เหนือ:เชียงใหม่,ลำพูน,น่าน;ใต้:สงขลา,ตรัง"), dim("หมวด", "รวม:ก,ข,ค")];
    let mut n = 0.0;
    let rows = leaf_rows(&dims, &mut |codes| {
        n += 1.0;
        if codes[0] == "ลำพูน" && codes[1] == "ข" {
            1.0
        } else if codes[0] == "ตรัง" && codes[1] == "ก" {
            2.0
        } else {
            10.0 + n
        }
    });
    let table = Table::from_rows(dims, &rows, true, false).unwrap();
    let rules = Rules { min_frequency: Some(3), protection_level: 50.0, ..Rules::default() };
    let protected = protect(&table, &rules).unwrap();
    assert_eq!(protected.primary_count(), 2);
    assert!(protected.secondary_count() >= 3, "{}", protected.secondary_count());
    assert_protected(&table, &protected);
    // Protection level 50 %: the attacker's bound on ลำพูน × ข must reach 1.5 at least.
    let iv = protected.intervals[cell(&table, &["ลำพูน", "ข"])].unwrap();
    assert!(iv.upper >= 1.5 - 1e-9);
}

#[test]
fn three_dimensions_with_a_primary_region_total() {
    let dims = vec![
        dim("พื้นที่", "ประเทศ:เหนือ,ใต้,กลาง;เหนือ:n1,n2,n3;ใต้:s1,s2;กลาง:c1,c2,c3"),
        dim("หมวด", "รวม:ก,ข,ค"),
        dim("ปี", "รวม:2565,2566,2567"),
    ];
    let mut k = 0u64;
    let rows = leaf_rows(&dims, &mut |codes| {
        k = k.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        // ใต้ × ข × 2566 is small in total (1 + 1), so a region total is primary too.
        if codes[0].starts_with('s') && codes[1] == "ข" && codes[2] == "2566" {
            1.0
        } else {
            3.0 + ((k >> 33) % 20) as f64
        }
    });
    let table = Table::from_rows(dims, &rows, true, false).unwrap();
    let rules = Rules { min_frequency: Some(3), protection_level: 30.0, ..Rules::default() };
    let protected = protect(&table, &rules).unwrap();
    let region_total = cell(&table, &["ใต้", "ข", "2566"]);
    assert!(matches!(protected.status[region_total], Status::Primary(_)));
    assert_eq!(protected.primary_count(), 3);
    assert!(protected.secondary_count() >= 7);
    assert_protected(&table, &protected);
}

#[test]
fn given_totals_are_checked_and_wrong_ones_named() {
    let csv = "ภาค,หมวด,count\nA,ก,5\nA,ข,7\nB,ก,3\nB,ข,4\nA,Total,12\nB,Total,8\nTotal,ก,8\n";
    let err = Table::read_csv(csv.as_bytes(), &CsvSpec::default()).unwrap_err();
    let SdcError::NotAdditive(cells) = &err else { panic!("{err}") };
    assert_eq!(cells.len(), 1);
    assert_eq!(cells[0].cell, "ภาค=B, หมวด=Total");
    assert_eq!((cells[0].given, cells[0].sum), (8.0, 7.0));
    let text = err.to_string();
    assert!(text.contains("(ภาค=B, หมวด=Total) count = 8 ≠ 7") && text.contains("ไม่เท่ากับ"), "{text}");
    // Right totals pass and count as given.
    let good = csv.replace("B,Total,8", "B,Total,7");
    let table = Table::read_csv(good.as_bytes(), &CsvSpec::default()).unwrap();
    assert_eq!(table.count(cell(&table, &["Total", "Total"])), Some(19.0));
    assert!(table.is_given(cell(&table, &["A", "Total"])));
}

#[test]
fn thai_areas_as_a_built_in_hierarchy_and_their_totals() {
    let mut csv = String::from("area,sex,count\n");
    for (i, p) in tidtam_thai::province::PROVINCES.iter().enumerate() {
        csv.push_str(&format!(
            "TH-{:02},ชาย,{}\nTH-{:02},หญิง,{}\n",
            p.code,
            10 + i % 7,
            p.code,
            if i == 5 { 1 } else { 20 }
        ));
    }
    let spec = CsvSpec { hierarchies: vec![("area".into(), Hierarchy::thai_areas())], ..CsvSpec::default() };
    let table = Table::read_csv(csv.as_bytes(), &spec).unwrap();
    assert_eq!(table.len(), 84 * 3);
    let rules = Rules { min_frequency: Some(3), protection_level: 20.0, ..Rules::default() };
    let protected = protect(&table, &rules).unwrap();
    assert_eq!(protected.primary_count(), 1);
    assert_eq!(protected.secondary_count(), 3);
    assert_protected(&table, &protected);
    // A code outside the hierarchy is named.
    let bad = format!("{csv}TH-99,ชาย,4\n");
    let err = Table::read_csv(bad.as_bytes(), &spec).unwrap_err();
    assert!(matches!(&err, SdcError::UnknownCode { code, .. } if code == "TH-99"), "{err}");
}

#[test]
fn a_negative_contribution_stops_the_dominance_rules() {
    let csv = "ภาค,count,value,contributions\nA,3,98,100;5;-7\nB,4,400,150;100;90\n";
    let table = Table::read_csv(csv.as_bytes(), &CsvSpec::default()).unwrap();
    let rules = Rules { dominance: Some(tidtam_sdc::Dominance { n: 2, k: 85.0 }), ..Rules::default() };
    let err = protect(&table, &rules).unwrap_err();
    assert!(matches!(&err, SdcError::NegativeContribution { cell, .. } if cell == "ภาค=A"), "{err}");
}

#[test]
fn a_negative_cell_is_refused_before_any_audit() {
    let csv = "ภาค,value\nA,5\nB,-3\nC,9\n";
    let table = Table::read_csv(csv.as_bytes(), &CsvSpec::default()).unwrap();
    let rules = Rules { min_frequency: Some(3), ..Rules::default() };
    let err = protect(&table, &rules).unwrap_err();
    assert!(err.to_string().contains("(ภาค=B) is negative"), "{err}");
}

#[test]
fn the_hand_cell_is_primary_under_both_dominance_rules_in_a_table() {
    // 100, 5, 3 in one cell; the other cells are many equal contributors.
    let csv = "ภาค,หมวด,count,value,contributions\n\
               A,ก,3,108,100;5;3\nA,ข,20,400,20;20;20\nB,ก,20,500,25;25;25\nB,ข,20,600,30;30;30\nC,ก,20,300,15;15;15\nC,ข,20,700,35;35;35\n";
    let table = Table::read_csv(csv.as_bytes(), &CsvSpec::default()).unwrap();
    for rules in [
        Rules { p_percent: Some(10.0), ..Rules::default() },
        Rules { dominance: Some(tidtam_sdc::Dominance { n: 2, k: 85.0 }), ..Rules::default() },
    ] {
        let protected = protect(&table, &rules).unwrap();
        let c = cell(&table, &["A", "ก"]);
        let Status::Primary(p) = &protected.status[c] else { panic!("not primary") };
        let want = if rules.p_percent.is_some() { 7.0 } else { 105.0 / 0.85 - 108.0 };
        assert!((p.level - want).abs() < 1e-9);
        assert_eq!(protected.primary_count(), 1, "only the dominated cell");
        assert_protected(&table, &protected);
        assert!(protected.intervals[c].unwrap().upper >= 108.0 + want - 1e-6);
    }
}

#[test]
fn a_cell_with_no_sibling_is_protected_through_the_totals() {
    // One category: (A, ก) equals its row total, so that total must go too, and B's pair.
    let dims = vec![dim("ภาค", "รวม:A,B"), dim("หมวด", "รวม:ก")];
    let rows = leaf_rows(&dims, &mut |c| if c[0] == "A" { 1.0 } else { 9.0 });
    let table = Table::from_rows(dims, &rows, true, false).unwrap();
    let rules = Rules { min_frequency: Some(3), ..Rules::default() };
    let protected = protect(&table, &rules).unwrap();
    assert!(protected.is_suppressed(cell(&table, &["A", "รวม"])));
    assert_protected(&table, &protected);
}

#[test]
fn a_pattern_that_does_not_protect_is_refused() {
    let dims = vec![dim("ภาค", "รวม:A,B,C"), dim("หมวด", "รวม:ก,ข")];
    let rows = leaf_rows(&dims, &mut |c| if c[0] == "A" && c[1] == "ก" { 2.0 } else { 9.0 });
    let table = Table::from_rows(dims, &rows, true, false).unwrap();
    let rules = Rules { min_frequency: Some(3), protection_level: 100.0, ..Rules::default() };
    let mut pattern = vec![false; table.len()];
    pattern[cell(&table, &["A", "ก"])] = true;
    // Alone: recomputable from its row.
    let err = tidtam_sdc::verify(&table, &rules, &pattern).unwrap_err();
    assert!(matches!(&err, SdcError::Unprotected(c) if c == &vec!["ภาค=A, หมวด=ก".to_owned()]), "{err}");
    assert!(err.to_string().contains("refusing to publish"));
    // A rectangle with B: (A, ก) ∈ [0, 2 + min(9, 9)] protects it at 100 %.
    for c in [["A", "ข"], ["B", "ก"], ["B", "ข"]] {
        pattern[cell(&table, &c)] = true;
    }
    let ok = tidtam_sdc::verify(&table, &rules, &pattern).unwrap();
    assert_eq!((ok.primary_count(), ok.secondary_count()), (1, 3));
    // A primary left published is refused too.
    let err = tidtam_sdc::verify(&table, &rules, &vec![false; table.len()]).unwrap_err();
    assert!(matches!(err, SdcError::Unprotected(_)));
}

#[test]
fn a_local_audit_never_widens_an_interval() {
    let table = random_table(99, true);
    let rules = Rules { min_frequency: Some(3), protection_level: 20.0, ..Rules::default() };
    let protected = protect(&table, &rules).unwrap();
    let suppressed: Vec<bool> = (0..table.len()).map(|c| protected.is_suppressed(c)).collect();
    let targets: Vec<usize> = (0..table.len()).filter(|&c| suppressed[c]).collect();
    assert!(targets.len() > 12, "{}", targets.len());
    let whole = Auditor::new(&table).intervals(&suppressed, &targets).unwrap();
    let local = Auditor::new(&table).with_limits(4, 6).intervals(&suppressed, &targets).unwrap();
    let mut narrower = 0;
    for (w, l) in whole.iter().zip(&local) {
        assert!(w.exact && !l.exact);
        // The attacker of the local LP knows more, so it can only narrow the interval.
        assert!(l.lower >= w.lower - 1e-6 && l.upper <= w.upper + 1e-6, "{w:?} {l:?}");
        narrower += usize::from(l.upper - l.lower < w.upper - w.lower - 1e-6);
    }
    assert!(narrower > 0, "six unknowns should tell the attacker more somewhere");
}

fn random_table(seed: u64, three: bool) -> Table {
    let mut dims = vec![dim("area", "T:R1,R2,R3;R1:p1,p2,p3;R2:p4,p5;R3:p6,p7,p8"), dim("cat", "T:a,b,c,d")];
    if three {
        dims.push(dim("year", "T:y1,y2,y3"));
    }
    let mut s = seed;
    let mut first = true;
    let rows = leaf_rows(&dims, &mut |_| {
        if std::mem::take(&mut first) {
            return 1.0; // at least one primary
        }
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let r = (s >> 33) % 100;
        // About one cell in eight is small (1 or 2), some empty, the rest 3..60.
        if r < 12 {
            1.0 + (r % 2) as f64
        } else if r < 17 {
            0.0
        } else {
            3.0 + (r % 58) as f64
        }
    });
    Table::from_rows(dims, &rows, true, false).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_suppressed_primary_meets_its_protection_level(seed in any::<u64>(), three in any::<bool>(), level in 0.0f64..60.0) {
        let table = random_table(seed, three);
        let rules = Rules { min_frequency: Some(3), protection_level: level, ..Rules::default() };
        // These tables always leave a protectable pattern (every dimension has siblings
        // with nonzero cells), so a refusal here is a failure too.
        let protected = protect(&table, &rules).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(protected.primary_count() > 0);
        assert_protected(&table, &protected);
    }
}
