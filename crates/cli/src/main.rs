//! The `tidtam` binary: argument parsing, configuration and exit codes only.
//!
//! Every subcommand lives in `commands/` and calls library crates; nothing here
//! knows how a report is parsed or stored (ripgrep's `core` is the model).

mod commands;
mod progress;

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
    /// อ่านไฟล์แบบรายงานผลการดำเนินงาน / Read annual performance report files (.txt, .md, .docx)
    Ingest(commands::ingest::IngestArgs),
    /// ตรวจความสอดคล้องของรายงาน / Check report files for every inconsistency (exit 1 on an error)
    Check(commands::check::CheckArgs),
    /// เชื่อมโยงทะเบียนสองชุด / Link two registers; also `link evaluate`, `link encode`, `link synth`
    Link(commands::link::LinkArgs),
    /// หาระเบียนซ้ำในทะเบียนเดียว / Find records of one register that are the same person
    Dedupe(commands::link::DedupeArgs),
    /// นำรายงานเข้าฐานข้อมูล / Store report files in the database (idempotent; findings kept)
    Import(commands::import::ImportArgs),
    /// จัดการผู้ใช้ / Manage users: `user add NAME --role admin` creates the first admin
    User(commands::user::UserArgs),
    /// สำรองฐานข้อมูล / Write a backup of the database to a file
    Backup(commands::backup::BackupArgs),
    /// กู้คืนฐานข้อมูล / Restore a backup into a new, empty database
    Restore(commands::restore::RestoreArgs),
    /// สร้างข้อมูลสาธิต / Fill an empty database with the demo agency (or `--large N`)
    Demo(commands::demo::DemoArgs),
    /// เปิดเซิร์ฟเวอร์ / Run the HTTP server; `serve --demo` starts on a fresh demo database
    Serve(commands::serve::ServeArgs),
    /// จับคู่เชิงสถิติระหว่างสำรวจ / Statistical matching: donate survey variables to another survey
    Match(commands::statmatch::MatchArgs),
    /// ปกปิดข้อมูลลับในตารางสถิติ / Statistical disclosure control: `sdc protect TABLE.csv`, `sdc demo-table`
    Sdc(commands::sdc::SdcArgs),
    /// คะแนนตัวชี้วัดคำรับรอง / Performance-agreement indicators: `kpi score FILE` scores a CSV or XLSX sheet
    Kpi(commands::kpi::KpiArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest(args) => commands::ingest::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Link(args) => commands::link::run(args),
        Command::Dedupe(args) => commands::link::run_dedupe(args),
        Command::Import(args) => commands::import::run(args),
        Command::User(args) => commands::user::run(args),
        Command::Backup(args) => commands::backup::run(args),
        Command::Restore(args) => commands::restore::run(args),
        Command::Demo(args) => commands::demo::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Match(args) => commands::statmatch::run(args),
        Command::Sdc(args) => commands::sdc::run(args),
        Command::Kpi(args) => commands::kpi::run(args),
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
