//! `egate-gateway`: runs the reference gateway, and manages its accounts from the shell.

use clap::{Args, Parser, Subcommand};
use egate_core::idv::PresencePolicy;
use egate_core::passive::TrustStore;
use egate_gateway::attestation::AppAttestPolicy;
use egate_gateway::clock::{Clock, SystemClock};
use egate_gateway::gateway_key::{self, GatewayKey};
use egate_gateway::ip_location::IpLocations;
use egate_gateway::passwords::{Passwords, check_policy};
use egate_gateway::tls_dev::DevTls;
use egate_gateway::{AppState, Config, GatewayError, accounts, serve, serve_tls, store};
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

mod push_args;

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
    Serve(Box<ServeArgs>),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage the gateway's signing key.
    #[command(subcommand)]
    Key(KeyCommand),
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Replace the signing key: the old key endorses the new one and stays valid for the
    /// overlap period. Restart `serve` afterwards.
    Rotate(KeyRotateArgs),
}

#[derive(Args)]
struct KeyRotateArgs {
    /// The SQLite database.
    #[arg(long)]
    db: PathBuf,
    /// The signing-key file (default: next to the database).
    #[arg(long)]
    key_file: Option<PathBuf>,
    /// The gateway's public origin (the audience of the endorsement).
    #[arg(long)]
    origin: String,
    /// How long the old key stays valid, in days.
    #[arg(long, default_value_t = 30)]
    overlap_days: i64,
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
    /// SMS codes sent per fifteen minutes, per account and per number.
    #[arg(long, value_name = "N", default_value_t = egate_gateway::sms::SEND_LIMIT)]
    sms_sends_per_window: i64,
    /// Refuse devices without a verified hardware attestation.
    #[arg(long)]
    require_attested: bool,
    /// A certificate (PEM or DER) that Android Key Attestation chains may end in; repeatable.
    #[arg(long, value_name = "FILE")]
    attestation_root: Vec<PathBuf>,
    /// Accept Apple App Attest attestations of this App ID (TEAMID.bundle.id).
    #[arg(long, value_name = "APP_ID")]
    app_attest_app_id: Option<String>,
    /// The App Attest root certificate (PEM or DER); repeatable.
    #[arg(long, value_name = "FILE")]
    app_attest_root: Vec<PathBuf>,
    /// Also accept App Attest's development environment.
    #[arg(long)]
    app_attest_development: bool,
    /// Serve HTTPS with a fresh development CA and certificate; the CA certificate is written
    /// next to the database (`.dev-ca.pem`) for clients to trust.
    #[arg(long)]
    tls_dev: bool,
    /// The IP-to-country table: the directory of the `@ip-location-db/geo-whois-asn-country`
    /// npm package (approval contexts then name the country of public addresses).
    #[arg(long, value_name = "DIR")]
    ip_location: Option<PathBuf>,
    /// CSCA certificates (PEM or DER), ICAO master lists, CRLs, or directories of them, that ID
    /// documents are checked against in ID verifications; repeatable. Without any, the gateway
    /// verifies no documents.
    #[arg(long, value_name = "PATH")]
    trust: Vec<PathBuf>,
    /// Accept the app's word that Chip Authentication (or CAM) succeeded, for chips without
    /// Active Authentication. Off by default: only a chip signature over the gateway's own
    /// challenge proves to this server that the chip was present.
    #[arg(long)]
    accept_client_asserted_presence: bool,
    #[command(flatten)]
    push: push_args::PushArgs,
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
        Command::Key(KeyCommand::Rotate(args)) => rotate_key(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("egate-gateway: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The document trust store of `paths`, if any were given; a path that loads nothing is an
/// error, so a typo cannot silently disable checks.
fn trust_store(paths: &[PathBuf]) -> Result<Option<Arc<TrustStore>>, GatewayError> {
    if paths.is_empty() {
        return Ok(None);
    }
    let trust = TrustStore::from_paths(paths, &egate_core::ports::FixedClock(SystemClock.now()))
        .map_err(|e| GatewayError::Internal(format!("trust store: {e}")))?;
    if trust.certificates().is_empty() {
        return Err(GatewayError::Internal(
            "the trust store paths hold no CSCA certificate".into(),
        ));
    }
    Ok(Some(Arc::new(trust)))
}

fn run_serve(args: &ServeArgs) -> Result<(), GatewayError> {
    let db = store::open(&args.db)?;
    let key_file = args
        .key_file
        .clone()
        .unwrap_or_else(|| args.db.with_extension("signing-key.der"));
    let scheme = if args.tls_dev { "https" } else { "http" };
    let origin = args
        .origin
        .clone()
        .unwrap_or_else(|| format!("{scheme}://{}", args.listen));
    let config = Config {
        secure_cookies: origin.starts_with("https://"),
        origin,
        require_attested: args.require_attested,
        dev_outbox: args.dev_outbox,
        attestation_roots: attestation_roots(&args.attestation_root)?,
        app_attest: match &args.app_attest_app_id {
            Some(app_id) => Some(AppAttestPolicy {
                app_id: app_id.clone(),
                roots: attestation_roots(&args.app_attest_root)?,
                allow_development: args.app_attest_development,
            }),
            None => None,
        },
        push: args.push.pushers()?,
        ip_locations: match &args.ip_location {
            Some(dir) => Some(Arc::new(IpLocations::load_dir(dir)?)),
            None => None,
        },
        trust: trust_store(&args.trust)?,
        presence_policy: PresencePolicy {
            accept_client_asserted: args.accept_client_asserted_presence,
        },
        sms_sends_per_window: args.sms_sends_per_window,
    };
    let state = AppState::new(
        db,
        Arc::new(SystemClock),
        config.clone(),
        GatewayKey::load_or_create(&key_file)?,
    )?;
    let runtime =
        tokio::runtime::Runtime::new().map_err(|e| GatewayError::Internal(e.to_string()))?;
    if args.tls_dev {
        return runtime.block_on(serve_dev_tls(args, state, &config));
    }
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

async fn serve_dev_tls(
    args: &ServeArgs,
    state: AppState,
    config: &Config,
) -> Result<(), GatewayError> {
    let host = args
        .listen
        .rsplit_once(':')
        .map_or(args.listen.as_str(), |(host, _)| host);
    let names = vec![
        host.trim_matches(['[', ']']).to_owned(),
        "localhost".to_owned(),
    ];
    let tls = DevTls::create(&names)?;
    let ca_path = args.db.with_extension("dev-ca.pem");
    std::fs::write(&ca_path, &tls.ca_pem)
        .map_err(|e| GatewayError::Internal(format!("{}: {e}", ca_path.display())))?;
    let listener = std::net::TcpListener::bind(&args.listen)
        .map_err(|e| GatewayError::Internal(format!("listen on {}: {e}", args.listen)))?;
    let (handle, server) = serve_tls(listener, state, tls.config)
        .map_err(|e| GatewayError::Internal(e.to_string()))?;
    eprintln!(
        "egate-gateway: serving {} on {} (development CA in {})",
        config.origin,
        args.listen,
        ca_path.display()
    );
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        handle.graceful_shutdown(Some(std::time::Duration::from_secs(5)));
    });
    server
        .await
        .map_err(|e| GatewayError::Internal(e.to_string()))
}

fn attestation_roots(
    files: &[PathBuf],
) -> Result<Vec<egate_core::passive::CertificateRecord>, GatewayError> {
    let mut roots = Vec::new();
    for file in files {
        let bytes = std::fs::read(file)
            .map_err(|e| GatewayError::Internal(format!("{}: {e}", file.display())))?;
        roots.extend(egate_gateway::attestation::roots_from_bytes(&bytes)?);
    }
    Ok(roots)
}

fn rotate_key(args: &KeyRotateArgs) -> Result<(), GatewayError> {
    let key_file = args
        .key_file
        .clone()
        .unwrap_or_else(|| args.db.with_extension("signing-key.der"));
    if !key_file.exists() {
        return Err(GatewayError::Internal(format!(
            "{} does not exist",
            key_file.display()
        )));
    }
    let current = GatewayKey::load_or_create(&key_file)?;
    let next = GatewayKey::ephemeral()?;
    let mut db = store::open(&args.db)?;
    let overlap = args.overlap_days.max(0) * 86_400;
    gateway_key::rotate(
        &mut db,
        &current,
        &next,
        &args.origin,
        SystemClock.now(),
        overlap,
    )?;
    gateway_key::replace_file(&next, &key_file)?;
    eprintln!(
        "egate-gateway: signing key {} replaces {} (valid {} more days); restart serve",
        next.public().key_id(),
        current.public().key_id(),
        args.overlap_days
    );
    Ok(())
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
