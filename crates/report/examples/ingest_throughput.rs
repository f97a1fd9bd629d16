//! Ingest throughput on the corpus, on one core: parse and check every report
//! file again and again for a fixed time, and print MB/s and reports/s.
//!
//! `cargo run --release -p tidtam-report --example ingest_throughput [DIR] [SECONDS]`

use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "../shared/corpus/project-reports".to_string());
    let seconds: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(5.0);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{dir}: {error}"))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .map(|path| (path.display().to_string(), std::fs::read_to_string(&path).expect("UTF-8 report")))
        .collect();
    files.sort();
    let bytes_per_pass: usize = files.iter().map(|(_, text)| text.len()).sum();
    // Warm up once (page cache, allocator), then measure.
    let mut reports = 0usize;
    for (name, text) in &files {
        reports += tidtam_report::ingest_text(text, name).len();
    }
    let reports_per_pass = reports;
    let budget = Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let mut passes = 0usize;
    let mut findings = 0usize;
    while started.elapsed() < budget {
        for (name, text) in &files {
            for report in tidtam_report::ingest_text(text, name) {
                findings += report.findings.len();
            }
        }
        passes += 1;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let megabytes = (bytes_per_pass * passes) as f64 / 1e6;
    println!(
        "{} files, {:.1} KB per pass, {passes} passes in {elapsed:.2} s: {:.1} MB/s, {:.0} reports/s ({} findings per pass)",
        files.len(),
        bytes_per_pass as f64 / 1e3,
        megabytes / elapsed,
        (reports_per_pass * passes) as f64 / elapsed,
        findings / passes.max(1),
    );
}
