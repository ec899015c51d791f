//! `egate-gateway`: runs the reference gateway, and manages its accounts from the shell.

use clap::{Args, Parser, Subcommand};
use egate_gateway::clock::{Clock, SystemClock};
use egate_gateway::gateway_key::GatewayKey;
use egate_gateway::passwords::{Passwords, check_policy};
use egate_gateway::{AppState, Config, GatewayError, accounts, serve, store};
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "egate-gateway",
    version,
    about = "The reference egate e-Government gateway"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the HTTP API.
    Serve(ServeArgs),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Args)]
struct ServeArgs {
    /// The SQLite database (created and migrated when needed).
    #[arg(long)]
    db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// The public origin devices sign for (default: http://LISTEN).
    #[arg(long)]
    origin: Option<String>,
    /// The gateway's signing-key file (default: next to the database).
    #[arg(long)]
    key_file: Option<PathBuf>,
    /// Expose the SMS outbox at /api/v1/dev/sms-outbox (development only).
    #[arg(long)]
    dev_outbox: bool,
    /// Refuse devices without a verified hardware attestation.
    #[arg(long)]
    require_attested: bool,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account whose first login must change the password.
    Add(UserAddArgs),
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("secret").required(true).args(["password", "password_stdin"])))]
struct UserAddArgs {
    /// The SQLite database.
    #[arg(long)]
    db: PathBuf,
    /// The citizen id the holder logs in with.
    #[arg(long)]
    id: String,
    /// The initial password.
    #[arg(long)]
    password: Option<String>,
    /// Read the initial password from the first line of standard input.
    #[arg(long)]
    password_stdin: bool,
    /// The phone number for SMS codes.
    #[arg(long)]
    phone: Option<String>,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match Cli::parse().command {
        Command::Serve(args) => run_serve(&args),
        Command::User(UserCommand::Add(args)) => add_user(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("egate-gateway: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run_serve(args: &ServeArgs) -> Result<(), GatewayError> {
    let db = store::open(&args.db)?;
    let key_file = args
        .key_file
        .clone()
        .unwrap_or_else(|| args.db.with_extension("signing-key.der"));
    let config = Config {
        origin: args
            .origin
            .clone()
            .unwrap_or_else(|| format!("http://{}", args.listen)),
        secure_cookies: args
            .origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://")),
        require_attested: args.require_attested,
        dev_outbox: args.dev_outbox,
    };
    let state = AppState::new(
        db,
        Arc::new(SystemClock),
        config.clone(),
        GatewayKey::load_or_create(&key_file)?,
    )?;
    let runtime =
        tokio::runtime::Runtime::new().map_err(|e| GatewayError::Internal(e.to_string()))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .map_err(|e| GatewayError::Internal(format!("listen on {}: {e}", args.listen)))?;
        eprintln!(
            "egate-gateway: serving {} on {}",
            config.origin, args.listen
        );
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        serve(listener, state, shutdown)
            .await
            .map_err(|e| GatewayError::Internal(e.to_string()))
    })
}

fn add_user(args: &UserAddArgs) -> Result<(), GatewayError> {
    let password = match &args.password {
        Some(password) => password.clone(),
        None => {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| GatewayError::Internal(e.to_string()))?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    check_policy(&password, &args.id, None)?;
    let hash = Passwords::new()?.hash(&password)?;
    let db = store::open(&args.db)?;
    accounts::create(
        &db,
        &args.id,
        &hash,
        args.phone.as_deref(),
        SystemClock.now(),
    )?;
    eprintln!(
        "egate-gateway: account {} created; the first login must change the password",
        args.id
    );
    Ok(())
}
