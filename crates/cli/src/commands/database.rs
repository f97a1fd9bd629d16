//! The `--database` option shared by the database subcommands, and the async
//! runtime they run on.

use clap::Args;

/// Which database to use.
#[derive(Args, Clone, Debug)]
pub struct DatabaseArgs {
    /// Database URL: `sqlite:FILE` or `postgres://…` [default: $DATABASE_URL, else sqlite:tidtam.db].
    #[arg(long = "database", value_name = "URL")]
    pub database: Option<String>,
}

impl DatabaseArgs {
    /// The flag, else `DATABASE_URL`, else `sqlite:tidtam.db`.
    pub fn url(&self) -> String {
        self.database
            .clone()
            .or_else(|| std::env::var("DATABASE_URL").ok().filter(|url| !url.is_empty()))
            .unwrap_or_else(|| "sqlite:tidtam.db".to_string())
    }
}

/// A small multi-threaded runtime for one command.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?)
}

/// Connects (running migrations) with production settings.
pub async fn connect(args: &DatabaseArgs) -> anyhow::Result<tidtam_service::Service> {
    let url = args.url();
    let store = tidtam_store::Store::connect(&url).await?;
    Ok(tidtam_service::Service::new(store, tidtam_service::ServiceConfig::default()))
}
