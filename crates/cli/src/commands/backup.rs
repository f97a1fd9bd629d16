//! `tidtam backup`: write a consistent copy of the database to a file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::database::{DatabaseArgs, runtime};

#[derive(Args)]
#[command(after_help = "SQLite: an online copy (VACUUM INTO), usable as a database file.\n\
PostgreSQL: a plain SQL dump made with pg_dump (restorable with psql or `tidtam restore`).")]
pub struct BackupArgs {
    /// Where to write the backup; it must not exist.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub fn run(args: BackupArgs) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let store = tidtam_store::Store::connect(&args.database.url()).await?;
        tidtam_store::backup(&store, &args.file).await?;
        store.close().await;
        println!("backed up {} to {}", args.database.url(), args.file.display());
        Ok(ExitCode::SUCCESS)
    })
}
