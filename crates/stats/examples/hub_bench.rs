//! Load and write throughput of the hub's pure crate, on generated tables:
//! a wide table of 77 provinces down and `years` BE years across for each of
//! `indicators` indicators, as CSV and as XLSX, read through `preview`; then the
//! observations written as SDMX-CSV and SDMX-ML GenericData.
//!
//! `cargo run --release -p tidtam-stats --example hub_bench -- 20 30`

use std::time::Instant;

use tidtam_stats::gdc::GdcMetadata;
use tidtam_stats::load::{ColumnRole, HeaderRole, Mapping, Role, preview, read_csv, read_xlsx};
use tidtam_stats::model::{Dataset, DimensionId, Indicator};
use tidtam_stats::sdmx::{Context, Item, csv, ml};

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).map(|a| a.parse().expect("a count")).collect();
    let indicators = args.first().copied().unwrap_or(20);
    let years = args.get(1).copied().unwrap_or(30);
    let dataset = Dataset {
        id: "BENCH".into(),
        title_th: "ทดสอบความเร็ว".into(),
        title_en: "Benchmark".into(),
        description_th: String::new(),
        sector: "S01".into(),
        dimensions: vec![DimensionId::Indicator, DimensionId::Area],
        indicators: (0..indicators)
            .map(|i| Indicator {
                code: format!("IND{i}"),
                name_th: format!("ตัวชี้วัดที่ {i}"),
                name_en: format!("Indicator {i}"),
                unit_th: "คน".into(),
                unit_en: "persons".into(),
                unit_mult: 0,
            })
            .collect(),
        metadata: GdcMetadata::default(),
        disclosure: Default::default(),
    };
    let mapping = Mapping {
        header_rows: 2,
        columns: vec![ColumnRole { column: "A".into(), role: Role::Dimension(DimensionId::Area) }],
        across: vec![
            HeaderRole { row: 1, role: Role::Dimension(DimensionId::Indicator) },
            HeaderRole { row: 2, role: Role::Period },
        ],
        ..Mapping::default()
    };
    // The table, as text cells.
    let mut rows: Vec<Vec<String>> = vec![vec!["จังหวัด".into()], vec![String::new()]];
    for i in 0..indicators {
        for y in 0..years {
            rows[0].push(format!("ตัวชี้วัดที่ {i}"));
            rows[1].push(format!("{}", 2540 + y));
        }
    }
    for p in &tidtam_thai::province::PROVINCES {
        let mut row = vec![p.name_th.to_owned()];
        for i in 0..indicators {
            for y in 0..years {
                row.push(format!("{}.{}", p.code as usize * 100 + i, y));
            }
        }
        rows.push(row);
    }
    let cells = 77 * indicators * years;
    let csv_text: String = rows.iter().map(|r| r.join(",") + "\n").collect();

    let started = Instant::now();
    let sheet = read_csv(csv_text.as_bytes()).expect("csv");
    let p = preview(&sheet, &dataset, &mapping);
    let csv_time = started.elapsed();
    assert!(p.is_clean(), "{:?}", &p.problems[..p.problems.len().min(3)]);
    assert_eq!(p.observations.len(), cells);
    println!(
        "CSV  {} observations ({} KB): {:.1} ms, {:.0} observations/s",
        cells,
        csv_text.len() / 1024,
        csv_time.as_secs_f64() * 1e3,
        cells as f64 / csv_time.as_secs_f64()
    );

    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if r >= 2 && c > 0 {
                ws.write_number(r as u32, c as u16, text.parse::<f64>().expect("number")).expect("cell");
            } else if !text.is_empty() {
                ws.write_string(r as u32, c as u16, text).expect("cell");
            }
        }
    }
    let xlsx = book.save_to_buffer().expect("xlsx");
    let started = Instant::now();
    let sheet = read_xlsx(&xlsx, None).expect("xlsx");
    let p = preview(&sheet, &dataset, &mapping);
    let xlsx_time = started.elapsed();
    assert!(p.is_clean());
    println!(
        "XLSX {} observations ({} KB): {:.1} ms, {:.0} observations/s",
        cells,
        xlsx.len() / 1024,
        xlsx_time.as_secs_f64() * 1e3,
        cells as f64 / xlsx_time.as_secs_f64()
    );

    let content = p.into_content().expect("clean");
    let items: Vec<Item> = content.values().map(|o| Item { observation: o, deleted: false }).collect();
    let structure = dataset.structure();
    let context = Context {
        dataset: &dataset,
        structure: &structure,
        message_id: "B",
        prepared: jiff::Timestamp::UNIX_EPOCH,
        series_only: false,
        obs_dim: tidtam_stats::sdmx::ObsDim::Time,
    };
    let started = Instant::now();
    let mut sink = std::io::sink();
    csv::write(&mut sink, &context, csv::Version::V1, &items).expect("csv");
    let t = started.elapsed();
    println!("SDMX-CSV write: {:.0} observations/s", cells as f64 / t.as_secs_f64());
    let started = Instant::now();
    ml::write_generic(&mut sink, &context, &items).expect("xml");
    let t = started.elapsed();
    println!("SDMX-ML GenericData write: {:.0} observations/s", cells as f64 / t.as_secs_f64());
}
