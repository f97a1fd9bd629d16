//! `tidtam serve`: run the HTTP API. `--demo` starts on a fresh SQLite file
//! filled with the demo agency and prints how to sign in.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tidtam_demo::{DEMO_PASSWORD, generate_demo};
use tidtam_service::Actor;
use tidtam_web::{AppState, WebConfig};

use super::database::{DatabaseArgs, connect, runtime};

/// The file `--demo` (re)creates; no other file is ever replaced.
const DEMO_FILE: &str = "tidtam-demo.db";

#[derive(Args)]
#[command(
    after_help = "Examples:\n  tidtam serve --demo\n  tidtam serve --database postgres://tidtam@db/tidtam --bind 0.0.0.0:8080 --trust-forwarded-for\n\n\
The session cookie is Secure (sent over HTTPS only) unless --insecure-cookies is given, which --demo implies.\n\
The server keeps no state of its own (sessions, CSRF tokens and sign-in counters are in the database), \
so several instances can serve one PostgreSQL database behind a load balancer."
)]
pub struct ServeArgs {
    /// Start on a fresh SQLite file (tidtam-demo.db in the current directory, replacing an earlier demo file) with the demo agency.
    #[arg(long, conflicts_with = "database")]
    pub demo: bool,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub bind: String,
    /// Leave Secure off the session cookie so browsers send it over plain HTTP: only for
    /// a server on one's own machine (implied by --demo). By default the cookie is Secure.
    #[arg(long)]
    pub insecure_cookies: bool,
    /// Accepted for older scripts: session cookies are Secure by default now.
    #[arg(long, hide = true, conflicts_with = "insecure_cookies")]
    pub secure_cookies: bool,
    /// Take client addresses from X-Forwarded-For (only behind a trusted load balancer).
    #[arg(long)]
    pub trust_forwarded_for: bool,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

fn remove_demo_files(path: &std::path::Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(anyhow::anyhow!("{}: {error}", file.display())),
        }
    }
    Ok(())
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let mut config = WebConfig {
            // The demo serves http://127.0.0.1, where a Secure cookie would never come back.
            insecure_cookies: args.insecure_cookies || args.demo,
            trust_forwarded_for: args.trust_forwarded_for,
            demo_logins: Vec::new(),
        };
        let service = if args.demo {
            let path = PathBuf::from(DEMO_FILE);
            remove_demo_files(&path)?;
            let database = DatabaseArgs { database: Some(format!("sqlite:{}", path.display())) };
            let service = connect(&database).await?;
            let summary = generate_demo(&service, &Actor::system(), 2567).await?;
            println!(
                "demo agency in {DEMO_FILE}: {} projects, {} reports ({} late or missing, {} inconsistent)",
                summary.projects, summary.reports, summary.late_or_missing, summary.inconsistent
            );
            config.demo_logins =
                summary.users.iter().map(|(name, role)| (name.clone(), *role, DEMO_PASSWORD.to_string())).collect();
            let mut hub = service.generate_stats_demo(&Actor::system(), summary.agency_id, DEMO_PASSWORD).await?;
            let statistician = Actor {
                user_id: Some(hub.statistician_id),
                username: hub.statistician.clone(),
                role: tidtam_service::Role::Statistician,
                agency_id: Some(summary.agency_id),
                division_id: None,
            };
            // A dataset of counts with small cells, published under disclosure control.
            hub.datasets.push(service.generate_sdc_demo(&statistician, summary.agency_id).await?);
            println!("statistics hub: {} published datasets ({})", hub.datasets.len(), hub.datasets.join(", "));
            config.demo_logins.push((hub.statistician, tidtam_service::Role::Statistician, DEMO_PASSWORD.to_string()));
            let provinces =
                tidtam_demo::provinces::generate_province_demo(&service, &Actor::system(), DEMO_PASSWORD).await?;
            println!(
                "provinces: {} agencies' datasets, the plan of /provinces/{}",
                provinces.datasets.len(),
                provinces.province
            );
            for (name, role) in provinces.users.into_iter().filter(|(name, _)| name != "statistician") {
                config.demo_logins.push((name, role, DEMO_PASSWORD.to_string()));
            }
            let linkage =
                tidtam_demo::linkage::generate_linkage_demo(&service, &Actor::system(), &statistician, DEMO_PASSWORD)
                    .await?;
            println!("record linkage: a review job at /linkage/{}", linkage.job_id);
            for (name, role) in linkage.users {
                config.demo_logins.push((name, role, DEMO_PASSWORD.to_string()));
            }
            service
        } else {
            connect(&args.database).await?
        };
        // Reports stored before the report search index existed get their entries once.
        let indexed = service.index_reports_missing_from_search().await?;
        if indexed > 0 {
            println!("search index: {indexed} reports indexed");
        }
        let listener = tokio::net::TcpListener::bind(&args.bind)
            .await
            .map_err(|error| anyhow::anyhow!("{}: {error}", args.bind))?;
        let address = listener.local_addr()?;
        println!("tidtam serving on http://{address}/ (API document: http://{address}/api/openapi.json)");
        if config.insecure_cookies {
            println!(
                "session cookies are not Secure{}: use this only on your own machine, never over a network",
                if args.demo { " (--demo implies --insecure-cookies)" } else { "" }
            );
        }
        for (username, role, password) in &config.demo_logins {
            println!("  sign in as {username} ({}) with password {password}", role.as_str());
        }
        // After a write, the dashboard's sums are recomputed ahead of the next reader.
        let _warmer = service.keep_aggregates_warm(std::time::Duration::from_millis(250));
        tidtam_web::serve(listener, AppState::new(service, config)).await?;
        Ok(ExitCode::SUCCESS)
    })
}
