//! Times the distance hot deck on two synthetic surveys: `match_speed RECIPIENTS DONORS [K]`.
//! Donation classes are region × sex (12 classes); matching on age and income (Manhattan).
//! With K, also times constrained matching (each donor at most K times) on the same classes.

use std::time::Instant;

use tidtam_link::rng::SplitMix;
use tidtam_statmatch::{Method, Metric, Options, Table, match_tables, report};

const REGIONS: [&str; 6] = ["กลาง", "เหนือ", "อีสาน", "ใต้", "ตะวันออก", "ตะวันตก"];

fn survey(name: &str, rows: usize, seed: u64, donor: bool) -> Table {
    let mut names = vec!["region".to_string(), "sex".into(), "age".into(), "income".into()];
    if donor {
        names.push("spend".into());
    }
    let mut table = Table::new(name, names);
    let mut rng = SplitMix(seed);
    for _ in 0..rows {
        let region = REGIONS[rng.below(6) as usize];
        let sex = if rng.below(2) == 0 { "ชาย" } else { "หญิง" };
        let age = 15 + rng.below(70);
        let income = (rng.unit() * 60_000.0).round();
        let spend = format!("{}", (income * (0.3 + 0.5 * rng.unit())).round());
        let (age, income) = (age.to_string(), income.to_string());
        let mut values = vec![Some(region), Some(sex), Some(age.as_str()), Some(income.as_str())];
        if donor {
            values.push(Some(spend.as_str()));
        }
        table.push_row(values);
    }
    table
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).map(|a| a.parse().expect("a number")).collect();
    let (n_rec, n_don) = (args.first().copied().unwrap_or(100_000), args.get(1).copied().unwrap_or(100_000));
    let recipient = survey("recipient", n_rec, 1, false);
    let donor = survey("donor", n_don, 2, true);
    let mut options = Options {
        on: vec!["age".into(), "income".into()],
        donate: vec!["spend".into()],
        method: Method::Distance,
        metric: Metric::Manhattan,
        classes: vec!["region".into(), "sex".into()],
        k: None,
        weight: None,
        seed: 1,
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let started = Instant::now();
    let matching = match_tables(&recipient, &donor, &options).expect("matched");
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "distance hot deck: {n_rec} recipients × {n_don} donors, 12 classes, {threads} threads: {elapsed:.2} s, mean distance {:.2}",
        matching.total_distance() / n_rec as f64
    );
    let started = Instant::now();
    let quality = report(&recipient, &donor, &options, &matching, None).expect("report");
    println!(
        "quality report: {:.2} s (spend tvd {:.4})",
        started.elapsed().as_secs_f64(),
        quality.donated[0].comparison.tvd
    );
    if let Some(&k) = args.get(2) {
        options.k = Some(k);
        let started = Instant::now();
        let constrained = match_tables(&recipient, &donor, &options).expect("matched");
        println!(
            "constrained k = {k}: {:.2} s, mean distance {:.2}",
            started.elapsed().as_secs_f64(),
            constrained.total_distance() / n_rec as f64
        );
    }
}
