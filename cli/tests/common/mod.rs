//! What the CLI tests share: a reference gateway on loopback with one account, running the
//! `egate` binary with a data directory and passphrase, and another device's password login.

#![allow(dead_code)]

use egate_core::client::{ChallengeOutcome, GatewaySession, LoginStep};
use egate_core::net::{HttpClient, NetConfig};
use egate_core::passive::TrustStore;
use egate_core::ports::FixedClock;
use egate_gateway::clock::{Clock, SystemClock};
use egate_gateway::gateway_key::GatewayKey;
use egate_gateway::passwords::Passwords;
use egate_gateway::{AppState, Config, accounts, store};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

pub const CITIZEN: &str = "10000000146";
pub const PASSWORD: &str = "initial passphrase";
pub const PASSPHRASE: &str = "device passphrase";

/// The gateway's state for `origin`, with one account, trusting the test CSCAs.
pub fn state(origin: &str) -> AppState {
    let db = store::open_in_memory().unwrap();
    let hash = Passwords::new().unwrap().hash(PASSWORD).unwrap();
    let id = accounts::create(
        &db,
        CITIZEN,
        &hash,
        Some("+905550000005"),
        SystemClock.now(),
    )
    .unwrap();
    accounts::set_password(&db, id, &hash).unwrap();
    let trust = TrustStore::from_inputs(
        egate_simulator::pki::default_trust(),
        &FixedClock(SystemClock.now()),
    );
    let config = Config {
        dev_outbox: true,
        trust: Some(Arc::new(trust)),
        ..Config::new(origin)
    };
    AppState::new(
        db,
        Arc::new(SystemClock),
        config,
        GatewayKey::ephemeral().unwrap(),
    )
    .unwrap()
}

/// Starts a gateway on its own thread; answers its origin.
pub fn gateway() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let origin = format!("http://{}", listener.local_addr().unwrap());
            tx.send(origin.clone()).unwrap();
            egate_gateway::serve(listener, state(&origin), std::future::pending())
                .await
                .unwrap();
        });
    });
    rx.recv().unwrap()
}

/// Starts a gateway over HTTPS with a development CA; answers its origin, the CA's PEM and
/// the SHA-256 of the server key (hex).
pub fn egate(args: &[&str], data: &Path, passphrase: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_egate"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env("EGATE_PASSWORD", PASSWORD)
        .env("EGATE_PASSPHRASE", passphrase)
        .output()
        .unwrap()
}

pub fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// `command` followed by the account options.
pub fn args<'a>(command: &[&'a str], account: &[&'a str]) -> Vec<&'a str> {
    [command, account].concat()
}

pub fn data_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("egate-cli-device-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Another device's password login (a browser, another phone) and its login step; the session
/// keeps the login's cookie for [`browser_outcome`].
pub fn browser_login(origin: &str) -> (GatewaySession, LoginStep) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let http = HttpClient::new(&NetConfig::default()).unwrap();
        let mut session = GatewaySession::new(http, origin);
        let step = session.login(CITIZEN, PASSWORD).await.unwrap();
        (session, step)
    })
}

/// How the login of `session` stands now.
pub fn browser_outcome(session: &mut GatewaySession) -> ChallengeOutcome {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime
        .block_on(session.challenge_outcome(std::time::Duration::ZERO))
        .unwrap()
}
