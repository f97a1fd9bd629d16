//! Linked tables: two tables sharing a margin, by hand; shared cells that disagree;
//! a region table linked to a province table through the cut area tree; and a property
//! test whose attacker is an LP written here, independently of the crate's auditor:
//! one unknown per suppressed cell of each table, each table's relations, and an
//! equation tying the two copies of every shared cell.

use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem};
use proptest::prelude::*;
use tidtam_sdc::audit::is_protected;
use tidtam_sdc::{
    CsvSpec, Dimension, Hierarchy, Linked, LinkedProtected, Row, Rules, SdcError, Status, Table, protect,
    protect_linked, read_linked, verify, verify_linked,
};

/// A cell of one of the tables: (table, cell).
type At = (usize, usize);

fn dim(name: &str, spec: &str) -> Dimension {
    Dimension { name: name.into(), hierarchy: Hierarchy::parse_inline(spec).unwrap() }
}

/// A two-dimensional table from leaf counts `(row, column, count)`.
fn table(dims: Vec<Dimension>, leaves: &[(&str, &str, f64)]) -> Table {
    let rows: Vec<Row> = leaves
        .iter()
        .map(|(a, b, n)| Row { codes: vec![a.to_string(), b.to_string()], count: Some(*n), ..Row::default() })
        .collect();
    Table::from_rows(dims, &rows, true, false).unwrap()
}

fn cell(table: &Table, codes: &[&str]) -> usize {
    let coords: Vec<usize> = codes.iter().zip(table.dims()).map(|(c, d)| d.hierarchy.get(c).expect("code")).collect();
    table.index(&coords)
}

/// Province × sex and province × age group from the same people: the province totals
/// (and the grand total) are in both. p1 has two people, so its cells are primary.
fn sex_and_age() -> (Table, Table) {
    let a = table(
        vec![dim("area", "T:p1,p2,p3"), dim("sex", "T:m,f")],
        &[
            ("p1", "m", 1.0),
            ("p1", "f", 1.0),
            ("p2", "m", 10.0),
            ("p2", "f", 10.0),
            ("p3", "m", 10.0),
            ("p3", "f", 10.0),
        ],
    );
    let b = table(
        vec![dim("area", "T:p1,p2,p3"), dim("age", "T:a1,a2")],
        &[
            ("p1", "a1", 1.0),
            ("p1", "a2", 1.0),
            ("p2", "a1", 20.0),
            ("p2", "a2", 0.0),
            ("p3", "a1", 10.0),
            ("p3", "a2", 10.0),
        ],
    );
    (a, b)
}

fn rules(level: f64) -> Rules {
    Rules { min_frequency: Some(3), protection_level: level, ..Rules::default() }
}

/// The attacker who reads every table, written independently of the crate: one unknown
/// per suppressed cell of each table (shared cells twice, tied by an equation), every
/// relation of each table, published cells as constants, all cells ≥ 0. Returns the
/// interval [min, max] of `target` (table, cell).
fn attacker(tables: &[&Table], suppressed: &[Vec<bool>], shared: &[(At, At)], target: At) -> (f64, f64) {
    let solve = |direction| {
        let mut problem = Problem::new(direction);
        let mut vars = std::collections::HashMap::new();
        for (t, table) in tables.iter().enumerate() {
            for c in (0..table.len()).filter(|&c| suppressed[t][c]) {
                vars.insert((t, c), problem.add_var(if (t, c) == target { 1.0 } else { 0.0 }, (0.0, f64::INFINITY)));
            }
        }
        let term = |expr: &mut LinearExpr, rhs: &mut f64, key: At, coeff: f64| match vars.get(&key) {
            Some(&v) => expr.add(v, coeff),
            None => *rhs -= coeff * tables[key.0].measure(key.1),
        };
        for (t, table) in tables.iter().enumerate() {
            for rel in table.relations() {
                let (mut expr, mut rhs) = (LinearExpr::empty(), 0.0);
                term(&mut expr, &mut rhs, (t, rel.parent), 1.0);
                for &k in &rel.children {
                    term(&mut expr, &mut rhs, (t, k), -1.0);
                }
                problem.add_constraint(expr, ComparisonOp::Eq, rhs);
            }
        }
        for &(x, y) in shared {
            let (mut expr, mut rhs) = (LinearExpr::empty(), 0.0);
            term(&mut expr, &mut rhs, x, 1.0);
            term(&mut expr, &mut rhs, y, -1.0);
            problem.add_constraint(expr, ComparisonOp::Eq, rhs);
        }
        match problem.solve() {
            Ok(solution) => *solution.var_value(vars[&target]),
            Err(microlp::Error::Unbounded) => f64::INFINITY,
            Err(e) => panic!("the true table is a solution: {e}"),
        }
    };
    (solve(OptimizationDirection::Minimize), solve(OptimizationDirection::Maximize))
}

/// The shared cells of two tables whose first dimension is `area` and second anything
/// else with total "T", found by codes here (not by the crate).
fn shared_by_area(a: &Table, b: &Table) -> Vec<(At, At)> {
    let h = &a.dims()[0].hierarchy;
    (0..h.len()).map(|i| ((0, cell(a, &[h.code(i), "T"])), (1, cell(b, &[h.code(i), "T"])))).collect()
}

/// Every primary cell of both tables meets its level against the independent attacker,
/// every interval holds the true value, and a shared cell has one status.
fn assert_jointly_protected(a: &Table, b: &Table, linked: &Linked, result: &LinkedProtected) {
    let tables = [a, b];
    let suppressed: Vec<Vec<bool>> =
        result.tables.iter().zip(tables).map(|(p, t)| (0..t.len()).map(|c| p.is_suppressed(c)).collect()).collect();
    let shared = shared_by_area(a, b);
    for &((_, ca), (_, cb)) in &shared {
        assert_eq!(result.tables[0].status[ca], result.tables[1].status[cb], "{}", a.label(ca));
        assert_eq!(linked.holders(0, ca), &[(0, ca), (1, cb)]);
    }
    for (t, table) in tables.iter().enumerate() {
        for c in 0..table.len() {
            let Status::Primary(p) = &result.tables[t].status[c] else { continue };
            let (lower, upper) = attacker(&tables, &suppressed, &shared, (t, c));
            let x = table.measure(c);
            assert!(lower <= x + 1e-6 && x <= upper + 1e-6, "{}: {x} outside [{lower}, {upper}]", table.label(c));
            let iv = tidtam_sdc::Interval { lower, upper, exact: true };
            assert!(is_protected(x, p.level, iv), "{} = {x}, level {}: [{lower}, {upper}]", table.label(c), p.level);
            // The crate's own joint audit says the same.
            let own = result.tables[t].intervals[c].unwrap();
            let same = |x: f64, y: f64| x == y || (x - y).abs() < 1e-6;
            assert!(same(own.lower, lower) && same(own.upper, upper), "{own:?} [{lower}, {upper}]");
        }
    }
}

#[test]
fn each_table_protected_alone_gives_the_province_total_away_and_linked_does_not() {
    let (a, b) = sex_and_age();
    let rules = rules(50.0);
    // Alone, each table hides p1 with another province: A with p2, B with p3 (its p2
    // row has an empty cell, so that rectangle cannot move p1's cells down).
    let alone_a = protect(&a, &rules).unwrap();
    let alone_b = protect(&b, &rules).unwrap();
    let pattern =
        |p: &tidtam_sdc::Protected, t: &Table| -> Vec<bool> { (0..t.len()).map(|c| p.is_suppressed(c)).collect() };
    let (pa, pb) = (pattern(&alone_a, &a), pattern(&alone_b, &b));
    assert!(pa[cell(&a, &["p2", "T"])] && !pa[cell(&a, &["p3", "T"])]);
    assert!(pb[cell(&b, &["p3", "T"])] && !pb[cell(&b, &["p2", "T"])]);
    // Each pattern passes its own table's audit …
    verify(&a, &rules, &pa).unwrap();
    verify(&b, &rules, &pb).unwrap();
    // … but B publishes p2's total and A p3's, so p1's total is T − p2 − p3 = 42 − 20 − 20 = 2.
    let linked = Linked::new(vec![("A".into(), a.clone()), ("B".into(), b.clone())]).unwrap();
    assert_eq!(linked.shared_cells(), 4); // p1, p2, p3 and the grand total
    let shared = shared_by_area(&a, &b);
    let both = [pa.clone(), pb.clone()];
    assert_eq!(attacker(&[&a, &b], &both, &shared, (0, cell(&a, &["p1", "T"]))), (2.0, 2.0));
    let err = verify_linked(&linked, &rules, &both).unwrap_err();
    let SdcError::Unprotected(cells) = &err else { panic!("{err}") };
    assert_eq!(cells, &vec!["A: area=p1, sex=T".to_owned()]);
    assert!(err.to_string().contains("refusing to publish"));

    // Linked: one pattern over both, which the independent attacker cannot break.
    let result = protect_linked(&linked, &rules).unwrap();
    assert_eq!(result.primary, 5); // (p1, m), (p1, f), (p1, a1), (p1, a2) and p1's total, once
    assert_eq!(result.tables[0].primary_count() + result.tables[1].primary_count(), 6);
    assert_jointly_protected(&a, &b, &linked, &result);
    let patterns: Vec<Vec<bool>> =
        [(&result.tables[0], &a), (&result.tables[1], &b)].map(|(p, t)| pattern(p, t)).to_vec();
    verify_linked(&linked, &rules, &patterns).unwrap();
    // Information lost, per table: the secondary cells and their total.
    for (p, t) in result.tables.iter().zip([&a, &b]) {
        assert!(p.secondary_count() >= 2, "{}", p.secondary_count());
        let sum: f64 = (0..t.len()).filter(|&c| p.status[c] == Status::Secondary).map(|c| t.measure(c)).sum();
        assert_eq!(p.secondary_value(t), sum);
    }
}

#[test]
fn a_shared_cell_with_two_values_is_refused_naming_both() {
    let (a, _) = sex_and_age();
    let b = table(
        vec![dim("area", "T:p1,p2,p3"), dim("age", "T:a1,a2")],
        &[("p1", "a1", 1.0), ("p1", "a2", 1.0), ("p2", "a1", 20.0), ("p3", "a1", 11.0), ("p3", "a2", 10.0)],
    );
    let err = Linked::new(vec![("ชาย-หญิง.csv".into(), a), ("อายุ.csv".into(), b)]).unwrap_err();
    let SdcError::SharedCells(cells) = &err else { panic!("{err}") };
    assert_eq!(cells.len(), 2, "p3's total and the grand total");
    let text = err.to_string();
    assert!(text.contains("(ชาย-หญิง.csv: area=p3, sex=T) count = 20 ≠ (อายุ.csv: area=p3, age=T) count = 21"), "{text}");
    assert!(text.contains("ไม่ตรงกัน") && text.contains("differ between them"), "{text}");
    // Tables measuring different things are not linked either.
    let (a, _) = sex_and_age();
    let rows = [Row { codes: vec!["p1".into()], count: Some(2.0), value: Some(5.0), contributions: None }];
    let c = Table::from_rows(vec![dim("area", "T:p1,p2,p3")], &rows, true, true).unwrap();
    let err = Linked::new(vec![("A".into(), a), ("C".into(), c)]).unwrap_err();
    assert!(err.to_string().contains("C has a value column and A has none"), "{err}");
}

#[test]
fn a_region_table_links_to_a_province_table_through_the_cut_area_tree() {
    let provinces = &tidtam_thai::province::PROVINCES;
    let mut by_province = String::from("area,industry,count\n");
    let mut region_sum: std::collections::BTreeMap<String, [f64; 2]> = Default::default();
    let areas = Hierarchy::thai_areas();
    for (i, p) in provinces.iter().enumerate() {
        let code = format!("TH-{:02}", p.code);
        let counts = [if i == 3 { 1.0 } else { 5.0 + (i % 7) as f64 }, 8.0 + (i % 5) as f64];
        for (j, n) in counts.iter().enumerate() {
            by_province.push_str(&format!("{code},I{},{n}\n", j + 1));
        }
        let region = areas.code(areas.parent(areas.get(&code).unwrap()).unwrap());
        let region = if region == "TH" { code.clone() } else { region.to_owned() };
        let sum = region_sum.entry(region).or_default();
        sum[0] += counts[0];
        sum[1] += counts[1];
    }
    let mut by_region = String::from("area,industry,count\n");
    for (region, [i1, i2]) in &region_sum {
        by_region.push_str(&format!("{region},I1,{i1}\n{region},I2,{i2}\n"));
    }
    let spec = CsvSpec { hierarchies: vec![("area".into(), Hierarchy::thai_areas())], ..CsvSpec::default() };
    let inputs =
        vec![("province.csv".to_owned(), by_province.as_bytes()), ("region.csv".to_owned(), by_region.as_bytes())];
    let linked = read_linked(inputs, &spec).unwrap();
    let region_table = &linked.tables()[1];
    // TH → the six regions and Bangkok, × I1, I2 and the total: every cell is in the province table too.
    assert_eq!(region_table.len(), 8 * 3);
    assert_eq!(linked.shared_cells(), 8 * 3);
    let result = protect_linked(&linked, &rules(30.0)).unwrap();
    assert!(result.primary >= 1 && result.secondary >= 3, "{} {}", result.primary, result.secondary);
    // The primary's region row is suppressed in both tables or in neither.
    for c in 0..region_table.len() {
        let holders = linked.holders(1, c);
        assert_eq!(holders.len(), 2);
        let (t, other) = holders[0];
        assert_eq!(result.tables[t].is_suppressed(other), result.tables[1].is_suppressed(c));
    }
    // A hierarchy for a column no table has is a mistake, named.
    let spec =
        CsvSpec { hierarchies: vec![("พื้นที่".into(), Hierarchy::thai_areas())], ..CsvSpec::default() };
    let err = read_linked(vec![("region.csv".to_owned(), by_region.as_bytes())], &spec).unwrap_err();
    assert!(err.to_string().contains("no table has a column พื้นที่"), "{err}");
    // An error inside one table names the table.
    let bad = by_region.replacen("REG_N,I1", "REG_X,I1", 1);
    let err = read_linked(
        vec![("region.csv".to_owned(), bad.as_bytes())],
        &CsvSpec { hierarchies: vec![("area".into(), Hierarchy::thai_areas())], ..CsvSpec::default() },
    )
    .unwrap_err();
    assert!(err.to_string().contains("region.csv: area"), "{err}");
}

/// A pair of tables from one random population: area (with regions) × sex and area × age.
fn random_pair(seed: u64) -> (Table, Table) {
    let area = "T:R1,R2;R1:p1,p2,p3;R2:p4,p5";
    let mut s = seed;
    let mut next = |n: u64| {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (s >> 33) % n
    };
    let (mut sex, mut age) = (Vec::new(), Vec::new());
    for (i, p) in ["p1", "p2", "p3", "p4", "p5"].into_iter().enumerate() {
        // About one province in four is small; the first always is.
        let total = if i == 0 || next(4) == 0 { 1 + next(4) } else { 6 + next(40) };
        let m = next(total + 1);
        sex.push((p, "m", m as f64));
        sex.push((p, "f", (total - m) as f64));
        let a1 = next(total + 1);
        let a2 = next(total - a1 + 1);
        age.push((p, "a1", a1 as f64));
        age.push((p, "a2", a2 as f64));
        age.push((p, "a3", (total - a1 - a2) as f64));
    }
    (
        table(vec![dim("area", area), dim("sex", "T:m,f")], &sex),
        table(vec![dim("area", area), dim("age", "T:a1,a2,a3")], &age),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_primary_meets_its_level_against_an_attacker_reading_both_tables(seed in any::<u64>(), level in 0.0f64..60.0) {
        let (a, b) = random_pair(seed);
        let linked = Linked::new(vec![("A".into(), a.clone()), ("B".into(), b.clone())])
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(linked.shared_cells(), 8);
        let result = protect_linked(&linked, &rules(level)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(result.primary > 0);
        assert_jointly_protected(&a, &b, &linked, &result);
    }
}
