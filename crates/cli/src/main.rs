//! The `tidtam` binary: argument parsing, configuration and exit codes only.
//!
//! Every subcommand lives in `commands/` and calls library crates; nothing here
//! knows how a report is parsed or stored (ripgrep's `core` is the model).

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// tidtam (ติดตาม): plan, monitor and evaluate government work.
#[derive(Parser)]
#[command(name = "tidtam", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read annual performance report files (.txt, .md, .docx) and print what was read.
    Ingest(commands::ingest::IngestArgs),
    /// Check report files and print every inconsistency found; exit 1 when an error is found.
    Check(commands::check::CheckArgs),
    /// Link two registers (record linkage); also `link evaluate`, `link encode`, `link synth`.
    Link(commands::link::LinkArgs),
    /// Find records of one register that are the same person or business.
    Dedupe(commands::link::DedupeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest(args) => commands::ingest::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Link(args) => commands::link::run(args),
        Command::Dedupe(args) => commands::link::run_dedupe(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            // A closed pipe (`tidtam ingest … | head`) is not a failure.
            if error.chain().any(|cause| {
                cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("tidtam: error: {error:#}");
            ExitCode::from(2)
        }
    }
}
