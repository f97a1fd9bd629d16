//! Writes every export of the demo portfolio to a folder and times them.
//!
//! `cargo run --release -p tidtam-web --example export_files -- OUT_DIR [ROUNDS]`
//!
//! Generates the demo agency (seed 7, as `tidtam serve --demo`) in a fresh
//! SQLite file under OUT_DIR, then for each export gathers its view through
//! the service (as the routes do, as the system actor that reads everything)
//! and writes the file, ROUNDS times (default 5), printing the fastest and the
//! median wall time. The last round's files stay in OUT_DIR for a look
//! (`.ci/render-exports` turns them into images).

use std::path::PathBuf;
use std::time::Instant;

use tidtam_api::exports::ProjectExport;
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_export::docx::FormRef;
use tidtam_service::{Actor, Service};

fn report(name: &str, times: &mut [f64], bytes: usize) {
    times.sort_by(f64::total_cmp);
    println!("{name:<34} {:>9.1} ms fastest {:>9.1} ms median  {:>10} bytes", times[0], times[times.len() / 2], bytes);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().ok_or("usage: export_files OUT_DIR [ROUNDS]")?);
    let rounds: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(5).max(1);
    std::fs::create_dir_all(&out)?;
    let database = out.join("demo.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", database.display()));
    }
    let service = Service::connect(&format!("sqlite:{}", database.display())).await?;
    let system = Actor::system();
    let demo = tidtam_demo::generate_demo(&service, &system, 7).await?;
    println!("demo: {demo:?}");
    let year = FiscalYear::from_be(2568);

    // The project with the most reports stands for "one project".
    let table = service.export_portfolio_table(&system, year).await?;
    let last = &table.quarters[3].1;
    let project_id = last.first().map(|row| row.project_id).ok_or("the demo has no report")?;
    let quarter = last[0].report_quarter;
    let portfolio = service.export_portfolio_reports(&system, year, Quarter::Q4).await?;
    println!("one project: id {project_id}; whole portfolio: {} reports as of Q4 2568", portfolio.len());

    let mut outputs: Vec<(&str, Vec<f64>, Vec<u8>)> = Vec::new();
    let time = |name: &'static str, result: Vec<u8>, started: Instant, outputs: &mut Vec<(&str, Vec<f64>, Vec<u8>)>| {
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        match outputs.iter_mut().find(|(n, ..)| *n == name) {
            Some((_, times, bytes)) => {
                times.push(ms);
                *bytes = result;
            }
            None => outputs.push((name, vec![ms], result)),
        }
    };
    for _ in 0..rounds {
        let started = Instant::now();
        let export = service.export_report(&system, project_id, year, quarter).await?;
        let bytes = tidtam_export::report_docx(FormRef { form: &export.form, fiscal_year: year, quarter })?;
        time("report.docx (one project)", bytes, started, &mut outputs);

        let started = Instant::now();
        let found = service.export_project(&system, project_id).await?;
        let export = ProjectExport {
            detail: tidtam_web::views::project_detail(found.detail),
            agency: found.agency,
            division: found.division,
            latest: found.latest,
        };
        time("project.pdf (one project)", tidtam_export::project_pdf(&export)?, started, &mut outputs);

        let started = Instant::now();
        let reports = service.export_portfolio_reports(&system, year, Quarter::Q4).await?;
        let refs: Vec<FormRef<'_>> =
            reports.iter().map(|r| FormRef { form: &r.form, fiscal_year: r.fiscal_year, quarter: r.quarter }).collect();
        time("portfolio.docx (whole portfolio)", tidtam_export::portfolio_docx(&refs)?, started, &mut outputs);

        let started = Instant::now();
        let table = service.export_portfolio_table(&system, year).await?;
        time("portfolio.xlsx (whole portfolio)", tidtam_export::portfolio_xlsx(&table)?, started, &mut outputs);

        let started = Instant::now();
        let dashboard = service.export_dashboard(&system, year, Some(Quarter::Q4)).await?;
        time("dashboard.pdf (whole portfolio)", tidtam_export::dashboard_pdf(&dashboard)?, started, &mut outputs);
    }
    for (name, mut times, bytes) in outputs {
        let file = name.split_whitespace().next().unwrap_or(name);
        std::fs::write(out.join(file), &bytes)?;
        report(name, &mut times, bytes.len());
    }
    Ok(())
}
