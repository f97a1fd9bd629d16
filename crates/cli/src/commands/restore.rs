//! `tidtam restore`: load a backup into a new, empty database.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::database::{DatabaseArgs, runtime};

#[derive(Args)]
#[command(
    after_help = "The target must be empty: a SQLite file that does not exist yet, or a PostgreSQL database without tables."
)]
pub struct RestoreArgs {
    /// A file written by `tidtam backup`.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub fn run(args: RestoreArgs) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        tidtam_store::restore(&args.database.url(), &args.file).await?;
        println!("restored {} into {}", args.file.display(), args.database.url());
        Ok(ExitCode::SUCCESS)
    })
}
