//! The `egate` command: parses the command line, runs the command, maps failures to exit codes.

mod approvals;
mod args;
mod backup_codes;
mod bench;
mod card;
mod demo;
mod device;
mod device_data;
mod exit;
mod export;
mod id_verify;
mod progress;
mod qr;
mod qr_bench;
mod render;
mod trust;
mod verify;

use args::{CardCommand, Cli, Command, IdCommand};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = if cli.verbose {
        "egate=debug,egate_core=debug,egate_simulator=debug"
    } else {
        "warn"
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| filter.into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match cli.command {
        Command::Card { command } => match command {
            CardCommand::Read(args) => card::read(&args),
            CardCommand::Probe(args) => card::probe(&args),
            CardCommand::Verify(args) => verify::verify(&args),
            CardCommand::Bench(args) => bench::bench(&args),
            CardCommand::Sim { command } => card::sim(command),
        },
        Command::Device { command } => device::device(command),
        Command::TwoFactor { command } => device::two_factor(command),
        Command::Approvals { command } => approvals::approvals(command),
        Command::Qr { command } => qr::qr(command),
        Command::Login { account, login } => backup_codes::login(&account, &login),
        Command::BackupCodes { command } => backup_codes::backup_codes(command),
        Command::Demo { json } => demo::demo(json),
        Command::Id {
            command:
                IdCommand::Verify {
                    account,
                    login,
                    card,
                    link,
                },
        } => id_verify::verify(&account, &login, &card, link.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("egate: {}", failure.reason);
            ExitCode::from(failure.code)
        }
    }
}
