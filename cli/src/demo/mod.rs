//! `egate demo`: the whole story on one machine, with no hardware — a reference gateway
//! embedded on loopback (in memory, trusting the test CSCAs, SMS codes in its development
//! outbox) and the built-in simulated ID card. Each step prints a line, or with `--json` one
//! object: the phone number verified with the ID card over NFC, this phone registered, a
//! browser login approved by push with the typed code, a QR login, a backup-code login, and
//! the account moved to a new phone by proving the ID card again.

mod browser;
mod story;

use egate::clock::SystemClock;
use egate_core::passive::TrustStore;
use egate_core::ports::{Clock, FixedClock};
use egate_gateway::gateway_key::GatewayKey;
use egate_gateway::passwords::Passwords;
use egate_gateway::{AppState, Config, accounts, store};
use serde_json::{Value, json};
use std::io::Write;
use std::sync::Arc;

use crate::device_data::runtime;
use crate::exit::{FAILURE, Failure};

/// The demo account: the simulated ID card's holder.
const CITIZEN: &str = "10000000146";
/// The account's phone number (codes go to the gateway's outbox).
const PHONE: &str = "+905550000000";
/// The account's password.
const PASSWORD: &str = "demo passphrase 1";

/// Prints steps as text lines or JSON objects.
struct Report {
    json: bool,
}

impl Report {
    /// Prints one finished step: its name, what happened, and its figures. A closed standard
    /// output (e.g. piped into `head`) does not stop the story.
    fn step(&self, name: &str, text: &str, mut detail: Value) {
        let line = if self.json {
            detail["step"] = json!(name);
            detail["ok"] = json!(true);
            detail.to_string()
        } else {
            format!("✔ {name:<20} {text}")
        };
        let _ = writeln!(std::io::stdout(), "{line}");
    }

    fn failed(&self, failure: &Failure) {
        if self.json {
            let line = json!({ "step": "failed", "ok": false, "error": failure.reason });
            let _ = writeln!(std::io::stdout(), "{line}");
        }
    }
}

/// The embedded gateway's state: one account, the test CSCAs trusted, the SMS outbox open.
fn gateway_state(origin: &str) -> Result<AppState, Failure> {
    let fail = |e: egate_gateway::GatewayError| Failure::new(FAILURE, format!("gateway: {e}"));
    let db = store::open_in_memory().map_err(fail)?;
    let now = SystemClock.now_unix_seconds();
    let hash = Passwords::new()
        .and_then(|p| p.hash(PASSWORD))
        .map_err(fail)?;
    let id = accounts::create(&db, CITIZEN, &hash, Some(PHONE), now).map_err(fail)?;
    accounts::set_password(&db, id, &hash).map_err(fail)?;
    let trust = TrustStore::from_inputs(egate_simulator::pki::default_trust(), &FixedClock(now));
    let config = Config {
        dev_outbox: true,
        trust: Some(Arc::new(trust)),
        ..Config::new(origin)
    };
    AppState::new(
        db,
        Arc::new(egate_gateway::clock::SystemClock),
        config,
        GatewayKey::ephemeral().map_err(fail)?,
    )
    .map_err(fail)
}

/// `egate demo`.
pub(crate) fn demo(json: bool) -> Result<(), Failure> {
    let report = Report { json };
    let result = runtime()?.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| Failure::new(FAILURE, format!("loopback: {e}")))?;
        let address = listener
            .local_addr()
            .map_err(|e| Failure::new(FAILURE, e.to_string()))?;
        let origin = format!("http://{address}");
        let state = gateway_state(&origin)?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(egate_gateway::serve(listener, state, async {
            let _ = stopped.await;
        }));
        report.step(
            "gateway",
            &format!("reference gateway on {origin}; account {CITIZEN}; simulated ID card td1-id"),
            json!({ "origin": origin, "account": CITIZEN, "card": "td1-id" }),
        );
        let told = story::tell(&origin, &report).await;
        let _ = stop.send(());
        let _ = server.await;
        told
    });
    if let Err(failure) = &result {
        report.failed(failure);
    }
    result
}
