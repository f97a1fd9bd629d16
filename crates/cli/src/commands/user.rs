//! `tidtam user`: add users (the first admin) and list them.

use std::io::BufRead;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use tidtam_service::auth::NewUser;
use tidtam_service::{Actor, PageRequest, Role};

use super::database::{DatabaseArgs, connect, runtime};

#[derive(Args)]
pub struct UserArgs {
    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user. The password is read from TIDTAM_PASSWORD or, if unset, from the first line of standard input.
    Add(AddArgs),
    /// List users.
    List(ListArgs),
}

#[derive(Args)]
#[command(after_help = "Example:\n  printf '%s\\n' 'a long passphrase' | tidtam user add admin --role admin")]
pub struct AddArgs {
    /// Login name (letters, digits, . _ - @).
    pub username: String,
    /// admin, planner, project_owner, executive or public.
    #[arg(long, default_value = "admin")]
    pub role: String,
    /// Name shown in the audit trail.
    #[arg(long, default_value = "")]
    pub name: String,
    /// Agency (organisation unit id) of a planner or project owner.
    #[arg(long)]
    pub agency: Option<i64>,
    /// Division (organisation unit id) of a project owner.
    #[arg(long)]
    pub division: Option<i64>,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("TIDTAM_PASSWORD") {
        return Ok(password);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

pub fn run(args: UserArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        UserCommand::Add(add) => {
            let role = Role::parse(&add.role).ok_or_else(|| anyhow::anyhow!("unknown role {:?}", add.role))?;
            let password = read_password()?;
            runtime()?.block_on(async {
                let service = connect(&add.database).await?;
                let input = NewUser {
                    username: add.username,
                    display_name: add.name,
                    password,
                    role,
                    agency_id: add.agency,
                    division_id: add.division,
                };
                match service.create_user(&Actor::system(), input).await {
                    Ok(user) => {
                        println!("added user {} ({}) with id {}", user.username, user.role.as_str(), user.id);
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(error) => {
                        let body = error.body();
                        for field in &body.fields {
                            eprintln!("tidtam: {}: {} / {}", field.field, field.message_th, field.message_en);
                        }
                        eprintln!("tidtam: error[{}] {} / {}", body.code, body.message_th, body.message_en);
                        Ok(ExitCode::from(1))
                    }
                }
            })
        }
        UserCommand::List(list) => runtime()?.block_on(async {
            let service = connect(&list.database).await?;
            let mut page = PageRequest::new(1, 500);
            loop {
                let users = service.list_users(&Actor::system(), page).await?;
                for user in &users.items {
                    println!("{}\t{}\t{}\t{}", user.id, user.username, user.role.as_str(), user.display_name);
                }
                if i64::from(page.page * page.per_page) >= users.total {
                    break;
                }
                page = PageRequest::new(page.page + 1, page.per_page);
            }
            Ok(ExitCode::SUCCESS)
        }),
    }
}
