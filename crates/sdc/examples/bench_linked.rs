//! The linked-tables benchmark: a seeded population by province × sex × year and by
//! province × age group × year (77 provinces with province → region → country totals,
//! 10 years), which share the province × year totals, protected together under minimum
//! frequency 3 with protection level 10 %. `cargo run --release -p tidtam-sdc --example
//! bench_linked [SEED] [DIR]`; with DIR the two tables are also written there as CSV for
//! `tidtam sdc protect DIR/by-sex.csv DIR/by-age.csv --hierarchy area=thai …`.

use std::time::Instant;

use tidtam_sdc::{CsvSpec, Hierarchy, Rules, protect, protect_linked, read_linked, verify_linked};

fn main() {
    let mut args = std::env::args().skip(1);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let dir = args.next();
    let (mut by_sex, mut by_age) = (Vec::new(), Vec::new());
    tidtam_sdc::demo::write_demo_linked_tables(&mut by_sex, &mut by_age, 10, seed).expect("generated");
    if let Some(dir) = &dir {
        std::fs::write(format!("{dir}/by-sex.csv"), &by_sex).expect("written");
        std::fs::write(format!("{dir}/by-age.csv"), &by_age).expect("written");
    }
    let spec = CsvSpec { hierarchies: vec![("area".into(), Hierarchy::thai_areas())], ..CsvSpec::default() };
    let rules = Rules::from_toml("min_frequency = 3\nprotection_level = 10\n").unwrap();
    let started = Instant::now();
    let inputs = vec![("by-sex".to_owned(), by_sex.as_slice()), ("by-age".to_owned(), by_age.as_slice())];
    let linked = read_linked(inputs, &spec).expect("read and linked");
    let read = started.elapsed();
    let started = Instant::now();
    let result = protect_linked(&linked, &rules).expect("protected");
    let total = started.elapsed();
    println!(
        "seed {seed}: cells {} + {}, {} shared; read and link {read:.2?}; linked protect {total:.2?} in {} passes \
         (final joint LP audit {:.2?}); primary {}, secondary {} (a shared cell once)",
        linked.tables()[0].len(),
        linked.tables()[1].len(),
        linked.shared_cells(),
        result.passes,
        result.audit_time,
        result.primary,
        result.secondary
    );
    for ((name, table), p) in linked.names().iter().zip(linked.tables()).zip(&result.tables) {
        let (whole, local) =
            p.intervals.iter().flatten().fold((0, 0), |(w, l), iv| if iv.exact { (w + 1, l) } else { (w, l + 1) });
        println!(
            "  {name}: primary {}, secondary {} totalling {}; intervals whole / local LP {whole} / {local}",
            p.primary_count(),
            p.secondary_count(),
            p.secondary_value(table)
        );
    }
    // For comparison: each table protected alone, then audited as the attacker reads both.
    let started = Instant::now();
    let alone: Vec<Vec<bool>> = linked
        .tables()
        .iter()
        .map(|t| {
            let p = protect(t, &rules).expect("protected alone");
            (0..t.len()).map(|c| p.is_suppressed(c)).collect()
        })
        .collect();
    let alone_time = started.elapsed();
    let secondary: Vec<usize> = alone.iter().map(|p| p.iter().filter(|s| **s).count()).collect();
    match verify_linked(&linked, &rules, &alone) {
        Ok(_) => println!("  alone ({alone_time:.2?}; suppressed {secondary:?}): the joint audit passes"),
        Err(e) => {
            let short = match &e {
                tidtam_sdc::SdcError::Unprotected(cells) => cells.len(),
                _ => 0,
            };
            println!(
                "  alone ({alone_time:.2?}; suppressed {secondary:?}): the joint audit refuses, {short} primary cell(s) short"
            )
        }
    }
}
