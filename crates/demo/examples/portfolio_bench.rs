//! Times the portfolio aggregate on a large generated portfolio.
//!
//! `cargo run --release -p tidtam-demo --example portfolio_bench -- sqlite:/tmp/bench.db 20000`
//! generates the portfolio when the database is empty, then runs each grouping
//! 100 times (cycling through the five fiscal years and four quarters) and
//! prints p50/p95/p99 in milliseconds.

use std::time::Instant;

use tidtam_demo::{LargePortfolio, generate_large_portfolio};
use tidtam_domain::period::{FiscalYear, Quarter};
use tidtam_service::portfolio::{GroupBy, PortfolioQuery};
use tidtam_service::{Actor, PageRequest, Service};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().unwrap_or_else(|| "sqlite:/tmp/tidtam-bench.db".into());
    let projects: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(20_000);
    let service = Service::connect(&url).await?;
    let system = Actor::system();
    if service.list_projects(&system, Default::default(), PageRequest::new(1, 1)).await?.total == 0 {
        let started = Instant::now();
        let summary =
            generate_large_portfolio(&service, &system, LargePortfolio { projects, ..LargePortfolio::default() })
                .await?;
        println!("generated {summary:?} in {:.1}s", started.elapsed().as_secs_f64());
    }
    for group_by in [GroupBy::Total, GroupBy::Division, GroupBy::Strategy, GroupBy::Province, GroupBy::Quarter] {
        let mut times = Vec::new();
        for round in 0..100 {
            let year = FiscalYear::checked(2566 + round % 5)?;
            let quarter = Quarter::try_from((round % 4) as u8 + 1).ok();
            let started = Instant::now();
            let rows = service.portfolio(&system, PortfolioQuery { fiscal_year: year, quarter, group_by }).await?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            assert!(!rows.is_empty());
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{group_by:?}: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
            times[times.len() / 2],
            times[times.len() * 95 / 100],
            times[times.len() * 99 / 100]
        );
    }
    Ok(())
}
