//! The disclosure-control benchmark: the seeded 77 provinces × 20 categories × 10 years
//! table with province → region → country totals, protected with p % and minimum
//! frequency. `cargo run --release -p tidtam-sdc --example bench [SEED]`; the same
//! table is `tidtam sdc demo-table --seed SEED` for the CLI.

use std::time::Instant;

use tidtam_sdc::{CsvSpec, Hierarchy, Rules, Table, protect};

fn main() {
    let seed: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut csv = Vec::new();
    let rows = tidtam_sdc::demo::write_demo_table(&mut csv, 20, 10, seed).expect("generated");
    let spec = CsvSpec { hierarchies: vec![("area".into(), Hierarchy::thai_areas())], ..CsvSpec::default() };
    let started = Instant::now();
    let table = Table::read_csv(csv.as_slice(), &spec).expect("read");
    let read = started.elapsed();
    let rules = Rules::from_toml("min_frequency = 3\np_percent = 10\nprotection_level = 10\n").unwrap();
    let primaries = rules.primaries(&table).expect("rules").iter().filter(|p| p.is_some()).count();
    eprintln!("{} cells, {primaries} primary; protecting …", table.len());
    let started = Instant::now();
    let protected = protect(&table, &rules).expect("protected");
    let total = started.elapsed();
    let (whole, local) =
        protected.intervals.iter().flatten().fold((0, 0), |(w, l), iv| if iv.exact { (w + 1, l) } else { (w, l + 1) });
    println!(
        "seed {seed}: {rows} leaf cells, {} cells with totals; read {read:.2?}; protect {total:.2?} \
         (final LP audit {:.2?}: {whole} intervals from whole components, {local} local); primary {}, secondary {}",
        table.len(),
        protected.audit_time,
        protected.primary_count(),
        protected.secondary_count()
    );
}
