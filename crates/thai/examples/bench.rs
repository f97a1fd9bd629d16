use std::time::Instant;
use tidtam_thai::{date, digits, number, province};
fn main() {
    let mut text = String::new();
    for entry in std::fs::read_dir("/work/shared/corpus/project-reports").unwrap() {
        text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    let big = text.repeat(8);
    let mb = big.len() as f64 / 1e6;
    println!("{mb:.1} MB");
    let t = Instant::now(); let n = digits::to_arabic_digits(&big).len(); println!("to_arabic_digits {:.0} MB/s ({n})", mb / t.elapsed().as_secs_f64());
    let t = Instant::now(); let n = number::find_numbers(&big).len(); println!("find_numbers {:.0} MB/s ({n})", mb / t.elapsed().as_secs_f64());
    let t = Instant::now(); let n = date::find_periods(&big).len(); println!("find_periods {:.0} MB/s ({n})", mb / t.elapsed().as_secs_f64());
    let t = Instant::now(); let n = province::find_area(&big).provinces.len(); println!("find_area {:.0} MB/s ({n})", mb / t.elapsed().as_secs_f64());
    let lines: Vec<&str> = big.lines().collect();
    let t = Instant::now(); let n: usize = lines.iter().map(|l| date::find_periods(l).len()).sum(); println!("find_periods per line {:.0} MB/s ({n})", mb / t.elapsed().as_secs_f64());
    let t = Instant::now(); let n = lines.iter().filter(|l| number::parse_number(l).is_some()).count(); println!("parse_number per line {:.0} MB/s ({n})", mb / t.elapsed().as_secs_f64());
}
