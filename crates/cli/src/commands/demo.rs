//! `tidtam demo`: fill an empty database with the demo agency, or with a large
//! generated portfolio for benchmarks.

use std::process::ExitCode;

use clap::Args;
use tidtam_demo::{DEMO_PASSWORD, LargePortfolio, generate_demo, generate_large_portfolio};
use tidtam_service::Actor;

use super::database::{DatabaseArgs, connect, runtime};

#[derive(Args)]
#[command(
    after_help = "Examples:\n  tidtam demo --database sqlite:demo.db\n  tidtam demo --large 20000 --years 5 --database postgres://…/bench"
)]
pub struct DemoArgs {
    /// Seed for the generator (the same seed gives the same data).
    #[arg(long, default_value_t = 2567)]
    pub seed: u64,
    /// Instead of the demo agency, generate this many projects (benchmark data).
    #[arg(long, value_name = "PROJECTS")]
    pub large: Option<usize>,
    /// Fiscal years of the large portfolio, starting at 2566.
    #[arg(long, default_value_t = 5)]
    pub years: i32,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let service = connect(&args.database).await?;
        if let Some(projects) = args.large {
            let started = std::time::Instant::now();
            let options = LargePortfolio { projects, years: args.years, seed: args.seed, ..LargePortfolio::default() };
            let ticker = crate::progress::Ticker::start("generating the portfolio / กำลังสร้างข้อมูล");
            let summary = generate_large_portfolio(&service, &Actor::system(), options).await?;
            drop(ticker);
            println!(
                "generated {} projects, {} budget years, {} reports in {:.1}s",
                summary.projects,
                summary.budgets,
                summary.reports,
                started.elapsed().as_secs_f64()
            );
        } else {
            let ticker = crate::progress::Ticker::start("generating the demo / กำลังสร้างข้อมูลตัวอย่าง");
            let summary = generate_demo(&service, &Actor::system(), args.seed).await?;
            drop(ticker);
            println!(
                "demo agency: {} projects, {} reports ({} late or missing, {} inconsistent) in {} divisions and offices",
                summary.projects, summary.reports, summary.late_or_missing, summary.inconsistent, summary.divisions
            );
            for (username, role) in &summary.users {
                println!("  user {username} ({}) password {DEMO_PASSWORD}", role.as_str());
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}
