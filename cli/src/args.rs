//! The command line: `egate card …`, `egate device …`, `egate id …`, `egate 2fa …`, …

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// egate: read chip ID cards and passports.
#[derive(Debug, Parser)]
#[command(name = "egate", version, about)]
pub(crate) struct Cli {
    /// Log protocol traces (headers, lengths, status words; never data) to stderr.
    #[arg(short, long, global = true)]
    pub(crate) verbose: bool,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Chip ID cards and passports.
    Card {
        #[command(subcommand)]
        command: CardCommand,
    },
    /// This computer as a registered device of a gateway account.
    Device {
        #[command(subcommand)]
        command: DeviceCommand,
    },
    /// Logins waiting for this device's approval.
    Approvals {
        #[command(subcommand)]
        command: ApprovalCommand,
    },
    /// Log in (password, then an SMS or backup code) and report what the gateway says.
    Login {
        #[command(flatten)]
        account: AccountArgs,
        #[command(flatten)]
        login: LoginArgs,
    },
    /// Backup codes of the account, through this registered device.
    BackupCodes {
        #[command(subcommand)]
        command: BackupCodeCommand,
    },
    /// Login QR codes: decode them from images, scan one to approve its login.
    Qr {
        #[command(subcommand)]
        command: QrCommand,
    },
    /// The whole story on this machine, no hardware needed: an embedded gateway and the
    /// simulated ID card (phone verified with the card, device registration, push, QR and
    /// backup-code logins, moving to a new phone).
    Demo {
        /// Print one JSON object per step.
        #[arg(long)]
        json: bool,
    },
    /// Prove things to the gateway with the ID card.
    Id {
        #[command(subcommand)]
        command: IdCommand,
    },
    /// Two-factor login of a gateway account.
    #[command(name = "2fa")]
    TwoFactor {
        #[command(subcommand)]
        command: TwoFactorCommand,
    },
}

/// Which account at which gateway, where this device keeps its data, and how to answer.
#[derive(Debug, Args)]
pub(crate) struct AccountArgs {
    /// The gateway's origin, e.g. https://gateway.example (plain http only on this machine).
    #[arg(long, value_name = "URL")]
    pub(crate) gateway: String,
    /// The citizen id of the account.
    #[arg(long, value_name = "ID")]
    pub(crate) account: String,
    /// Where this device keeps its registrations and sealed keys (default: $EGATE_DATA_DIR,
    /// else ~/.local/share/egate). The key-store passphrase comes from $EGATE_PASSPHRASE.
    #[arg(long, value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
    /// Also trust this CA certificate (PEM or DER), e.g. a development gateway's.
    #[arg(long, value_name = "FILE")]
    pub(crate) dev_root: Option<PathBuf>,
    /// Accept only a server key whose SubjectPublicKeyInfo has this SHA-256 (base64 or hex);
    /// repeatable.
    #[arg(long, value_name = "SHA256")]
    pub(crate) pin: Vec<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

/// How the account's password and SMS code are given, for commands that log in.
#[derive(Debug, Args)]
pub(crate) struct LoginArgs {
    /// Read the password from the first line of standard input (else $EGATE_PASSWORD).
    #[arg(long)]
    pub(crate) password_stdin: bool,
    /// Take the SMS code from a development gateway's outbox instead of asking for it.
    #[arg(long)]
    pub(crate) sms_from_outbox: bool,
    /// Complete the login with this backup code instead of an SMS code (e.g. the registered
    /// phone is lost); the code is used up.
    #[arg(long, value_name = "CODE", conflicts_with = "sms_from_outbox")]
    pub(crate) backup_code: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum DeviceCommand {
    /// Register this computer for the account (password and SMS code), with new keys.
    Register {
        #[command(flatten)]
        account: AccountArgs,
        #[command(flatten)]
        login: LoginArgs,
        /// The name the gateway shows for this device.
        #[arg(long, default_value = "egate CLI")]
        name: String,
    },
    /// List the account's registered devices.
    List {
        #[command(flatten)]
        account: AccountArgs,
    },
    /// Rename a registered device.
    Rename {
        #[command(flatten)]
        account: AccountArgs,
        /// The device id (default: this device).
        #[arg(long)]
        device: Option<String>,
        /// The new name.
        #[arg(long)]
        name: String,
    },
    /// Remove a registered device (default: this device, which then forgets its keys).
    Remove {
        #[command(flatten)]
        account: AccountArgs,
        /// The device id (default: this device).
        #[arg(long)]
        device: Option<String>,
    },
    /// Replace this device's keys with new ones.
    Rotate {
        #[command(flatten)]
        account: AccountArgs,
    },
    /// Make this computer the account's only device by proving the ID card again (the old
    /// phone is lost, or "this wasn't me" blocked logins): password, card, SMS code; every
    /// other device is revoked.
    Transfer {
        #[command(flatten)]
        account: AccountArgs,
        #[command(flatten)]
        login: LoginArgs,
        #[command(flatten)]
        card: CardArgs,
        /// The name the gateway shows for this device.
        #[arg(long, default_value = "egate CLI")]
        name: String,
    },
    /// This device's own record of registrations, rotations and removals, newest first.
    History {
        /// Where this device keeps its data (as for the other device commands).
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum IdCommand {
    /// Verify the account's phone number with the ID card: log in (or open a link from the web
    /// page), read the card for the gateway's challenge, then confirm the SMS code.
    Verify {
        #[command(flatten)]
        account: AccountArgs,
        #[command(flatten)]
        login: LoginArgs,
        #[command(flatten)]
        card: CardArgs,
        /// The verification link (`egate-idv:1?…`) the web settings page shows as a QR code;
        /// without it the command logs in and starts one.
        #[arg(long, value_name = "LINK")]
        link: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum BackupCodeCommand {
    /// Make a new set of ten codes (the old set stops working) and print it once.
    New {
        #[command(flatten)]
        account: AccountArgs,
    },
    /// How many unused codes remain.
    Count {
        #[command(flatten)]
        account: AccountArgs,
    },
    /// Delete every code.
    Delete {
        #[command(flatten)]
        account: AccountArgs,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum QrCommand {
    /// Print the text of every QR code in the images (PGM, PNG or JPEG) and the microseconds
    /// the decoder took on each (reading the file not included); nothing is sent.
    Decode {
        /// The images.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Answer in JSON.
        #[arg(long)]
        json: bool,
    },
    /// Measure the decoder on a frame set written by `egate-qr-frames` (CLASS/*.pgm and
    /// truth.tsv): per class the frames read right, wrong texts, and the median and 95th
    /// percentile decode time.
    Bench {
        /// The frame set's directory.
        #[arg(value_name = "DIR")]
        directory: PathBuf,
        /// Answer in JSON.
        #[arg(long)]
        json: bool,
    },
    /// Scan the login QR code in an image: check it, claim it, show the login it belongs to,
    /// and with --approve or --deny decide.
    Scan {
        #[command(flatten)]
        account: AccountArgs,
        /// The image (PNG or JPEG) showing the login page's QR code.
        #[arg(value_name = "IMAGE")]
        image: PathBuf,
        /// Approve the login.
        #[arg(long, conflicts_with = "deny")]
        approve: bool,
        /// Deny the login.
        #[arg(long)]
        deny: bool,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum ApprovalCommand {
    /// List the logins waiting for approval.
    List {
        #[command(flatten)]
        account: AccountArgs,
    },
    /// Show a login's context, verified against the gateway's pinned key.
    Show {
        #[command(flatten)]
        account: AccountArgs,
        /// The challenge id.
        #[arg(long)]
        id: String,
    },
    /// Approve a login with the code shown in the browser.
    Approve {
        #[command(flatten)]
        account: AccountArgs,
        /// The challenge id.
        #[arg(long)]
        id: String,
        /// The code shown in the browser.
        #[arg(long)]
        code: String,
    },
    /// Deny a login.
    Deny {
        #[command(flatten)]
        account: AccountArgs,
        /// The challenge id.
        #[arg(long)]
        id: String,
    },
    /// Report a login as "this wasn't me": it is refused and logins are blocked until you
    /// prove who you are.
    Report {
        #[command(flatten)]
        account: AccountArgs,
        /// The challenge id.
        #[arg(long)]
        id: String,
    },
    /// Wait for the next login to approve and show it.
    Watch {
        #[command(flatten)]
        account: AccountArgs,
        /// Give up after this many seconds.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum TwoFactorCommand {
    /// Turn two-factor login on (password and SMS code).
    On {
        #[command(flatten)]
        account: AccountArgs,
        #[command(flatten)]
        login: LoginArgs,
    },
    /// Turn two-factor login off, which removes every registered device.
    Off {
        #[command(flatten)]
        account: AccountArgs,
        #[command(flatten)]
        login: LoginArgs,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum CardCommand {
    /// Open the chip and read the document.
    Read(ReadArgs),
    /// Run access control only and report EF.CardAccess.
    Probe(ReadArgs),
    /// Run passive authentication on files written by `read --out` or `sim export`; exits 0
    /// only when the document is valid.
    Verify(VerifyArgs),
    /// Measure a full read of a simulated card over a modelled link: APDUs, bytes, simulated
    /// air time and the physical floor; or tag-loss trials.
    Bench(BenchArgs),
    /// The built-in simulated cards.
    Sim {
        #[command(subcommand)]
        command: SimCommand,
    },
}

/// Which card, and its credentials.
#[derive(Debug, Args)]
pub(crate) struct CardArgs {
    /// PC/SC reader name (or a unique part of it), or `libnfc[:CONNSTRING]`.
    #[arg(long, conflicts_with = "sim")]
    pub(crate) reader: Option<String>,
    /// Read a simulated card with this profile (see `egate card sim list`).
    #[arg(long, value_name = "PROFILE")]
    pub(crate) sim: Option<String>,
    /// Document number, date of birth and date of expiry (YYMMDD), comma-separated.
    #[arg(long, value_name = "DOCNO,BIRTH,EXPIRY", conflicts_with_all = ["mrz_line", "can"])]
    pub(crate) mrz: Option<String>,
    /// One line of the MRZ as printed (repeat for each line).
    #[arg(long = "mrz-line", value_name = "LINE", conflicts_with = "can")]
    pub(crate) mrz_line: Vec<String>,
    /// The card access number printed on the card.
    #[arg(long, value_name = "DIGITS")]
    pub(crate) can: Option<String>,
    /// Allow BAC with the MRZ when the chip offers PACE but PACE cannot run (the result says
    /// so). Off by default: a PACE chip is never silently read with BAC.
    #[arg(long)]
    pub(crate) allow_bac_fallback: bool,
    /// Send short APDUs only, even where the reader announces extended length.
    #[arg(long)]
    pub(crate) short_apdus: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ReadArgs {
    #[command(flatten)]
    pub(crate) card: CardArgs,
    /// The Active Authentication challenge, 16 hex digits (e.g. a server's nonce); random if
    /// absent. The chip's signature is printed for a server to verify.
    #[arg(long, value_name = "HEX16", value_parser = parse_challenge)]
    pub(crate) aa_challenge: Option<[u8; 8]>,
    /// Print one JSON object instead of the human summary.
    #[arg(long)]
    pub(crate) json: bool,
    /// Trusted CSCA certificates (PEM or DER), ICAO master lists and CRLs, or folders of them
    /// (repeat for several). Without it a simulated card is checked against the simulator's
    /// test CSCAs and a real card is not passively authenticated.
    #[arg(long, value_name = "PATH")]
    pub(crate) trust: Vec<PathBuf>,
    /// Write every file read to this folder (COM.bin, SOD.bin, DG1.bin, …) and the face as
    /// face.png or face.jpg once its hash matched EF.SOD.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct BenchArgs {
    /// The simulated card (see `egate card sim list`).
    #[arg(long, default_value = "id-ref")]
    pub(crate) profile: String,
    /// The link's bit rate in bits per second.
    #[arg(long, default_value_t = 424_000)]
    pub(crate) bitrate: u32,
    /// The chip's processing time per APDU in milliseconds.
    #[arg(long, default_value_t = 10.0)]
    pub(crate) turnaround_ms: f64,
    /// Whether the platform carries extended-length APDUs.
    #[arg(long, value_enum, default_value_t = OnOff::On)]
    pub(crate) extended_length: OnOff,
    /// `egate` (the read planner) or `fixed:N`: SELECT each file, read a header (8 bytes for
    /// 223, else 4), then N-byte chunks.
    #[arg(long, default_value = "egate")]
    pub(crate) strategy: String,
    /// Run this many reads with the tag lost at random APDUs (up to 3 per read) instead.
    #[arg(long, value_name = "N")]
    pub(crate) tag_loss_trials: Option<u32>,
    /// Seed of the tag-loss positions.
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// Print one JSON object.
    #[arg(long)]
    pub(crate) json: bool,
}

/// A switch given as `on` or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum OnOff {
    /// Enabled.
    On,
    /// Disabled.
    Off,
}

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The folder holding COM.bin, SOD.bin, DG1.bin, … (CardSecurity.bin if present).
    #[arg(value_name = "DIR")]
    pub(crate) dir: PathBuf,
    /// Trusted CSCA certificates (PEM or DER), ICAO master lists and CRLs, or folders of them.
    #[arg(long, value_name = "PATH", required = true)]
    pub(crate) trust: Vec<PathBuf>,
    /// Print one JSON object instead of the human summary.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum SimCommand {
    /// List the simulated card profiles.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// List every PACE-only profile (one per defined PACE protocol and parameter ID).
        #[arg(long)]
        pace: bool,
    },
    /// Write a simulated document's files (COM.bin, SOD.bin, DG1.bin, …), its face and
    /// csca.pem (the certificate of the CSCA that signed it) to a folder.
    Export {
        /// The folder to write.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Profile to export.
        #[arg(long, default_value = "td1-id")]
        profile: String,
    },
    /// Serve a simulated card to pcscd through vpcd (vsmartcard) until pcscd disconnects.
    Serve {
        /// Profile to serve.
        #[arg(long, default_value = "td1-id")]
        profile: String,
        /// vpcd address (the reader "Virtual PCD 00 00" listens on port 35963).
        #[arg(long, default_value = "127.0.0.1:35963")]
        vpcd: String,
        /// Append each card session's figures (APDUs, bytes each way, simulated air time) to
        /// this file as one JSON line.
        #[arg(long, value_name = "FILE")]
        stats: Option<PathBuf>,
        /// The modelled link's bit rate in bits per second.
        #[arg(long, default_value_t = 424_000)]
        bitrate: u32,
        /// The chip's processing time per APDU in milliseconds.
        #[arg(long, default_value_t = 10.0)]
        turnaround_ms: f64,
        /// Answer at the modelled link's pace (sleep each exchange's air time).
        #[arg(long)]
        realtime: bool,
    },
}

/// An 8-byte challenge from 16 hex digits.
fn parse_challenge(text: &str) -> Result<[u8; 8], String> {
    let bytes = hex::decode(text).map_err(|e| format!("not hex: {e}"))?;
    bytes
        .try_into()
        .map_err(|_| "the challenge is 8 bytes (16 hex digits)".to_string())
}
