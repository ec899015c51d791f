//! The other side of the binding tests' login flows: a reference gateway on loopback with one
//! account (the simulated ID card's holder) trusting the simulator's CSCAs, and a "browser and
//! SMS phone" that answers the foreign test program's requests.
//! The program prints `egate-test> REQUEST` lines; each gets one answer line on its standard
//! input: `sms` (the last SMS code), `push-login` (a browser logs in and answers the code to
//! type), `qr-login` (a browser logs in and answers its login QR code's text), `outcome` (how
//! the last browser login's approval ended).

use egate_core::client::GatewaySession;
use egate_core::net::{HttpClient, NetConfig};
use egate_core::passive::TrustStore;
use egate_core::ports::{Clock, SystemClock as CoreClock};
use egate_gateway::clock::SystemClock;
use egate_gateway::gateway_key::GatewayKey;
use egate_gateway::passwords::Passwords;
use egate_gateway::{AppState, Config, accounts, qr_codes, store};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Arc;

/// The account's citizen id.
pub const CITIZEN: &str = "10000000146";
/// The account's password.
pub const PASSWORD: &str = "binding test passphrase";
/// What a request line starts with.
pub const REQUEST: &str = "egate-test> ";

/// A gateway on loopback, its database, and the browsers logged in so far.
pub struct LoopbackGateway {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    db_path: PathBuf,
    http: HttpClient,
    runtime: tokio::runtime::Runtime,
    browser: Option<(GatewaySession, String)>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl std::fmt::Debug for LoopbackGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoopbackGateway")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl LoopbackGateway {
    /// Starts a gateway with its database in `dir` and one account with a phone number.
    ///
    /// # Panics
    /// When it cannot start.
    pub fn start(dir: &Path) -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("a loopback port");
        let origin = format!("http://{}", listener.local_addr().expect("an address"));
        let db_path = dir.join("gateway.db");
        let db = store::open(&db_path).expect("the database");
        let hash = Passwords::new()
            .and_then(|p| p.hash(PASSWORD))
            .expect("a hash");
        let id = accounts::create(&db, CITIZEN, &hash, Some("+905550000021"), 0).expect("account");
        accounts::set_password(&db, id, &hash).expect("password");
        accounts::set_two_factor(&db, id, true).expect("two-factor login");
        let trust = TrustStore::from_inputs(egate_simulator::pki::default_trust(), &CoreClock);
        let config = Config {
            dev_outbox: true,
            trust: Some(Arc::new(trust)),
            sms_sends_per_window: 10,
            ..Config::new(&origin)
        };
        let key = GatewayKey::ephemeral().expect("a gateway key");
        let state = AppState::new(db, Arc::new(SystemClock), config, key).expect("state");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        runtime.spawn(egate_gateway::serve(listener, state, async {
            let _ = stopped.await;
        }));
        Self {
            origin,
            db_path,
            http: HttpClient::new(&NetConfig::default()).expect("an HTTP client"),
            runtime,
            browser: None,
            _stop: stop,
        }
    }

    /// Runs `program` (the foreign test), answering its requests; answers what it printed
    /// besides them.
    ///
    /// # Panics
    /// When it cannot start, a request is unknown or fails, or the program fails.
    pub fn converse(&mut self, program: &mut Command) -> String {
        let mut child: Child = program
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the test program starts");
        let mut input: ChildStdin = child.stdin.take().expect("stdin");
        let output = BufReader::new(child.stdout.take().expect("stdout"));
        let mut report = String::new();
        for line in output.lines() {
            let line = line.expect("a line");
            match line.strip_prefix(REQUEST) {
                Some(request) => {
                    let answer = self.answer(request);
                    writeln!(input, "{answer}").expect("the answer is sent");
                    input.flush().expect("the answer is sent");
                }
                None => {
                    // Shown when the harness itself fails mid-run (libtest captures it otherwise).
                    eprintln!("foreign test: {line}");
                    report.push_str(&line);
                    report.push('\n');
                }
            }
        }
        let status = child.wait().expect("the program ends");
        assert!(status.success(), "the test program failed:\n{report}");
        report
    }

    fn answer(&mut self, request: &str) -> String {
        match request {
            "sms" => self.last_sms(),
            "push-login" => self.browser_login().0,
            "qr-login" => {
                let (_, challenge) = self.browser_login();
                self.qr_text(&challenge)
            }
            "outcome" => self.outcome(),
            other => panic!("unknown request {other}"),
        }
    }

    fn last_sms(&self) -> String {
        let url = format!("{}/api/v1/dev/sms-outbox", self.origin);
        let response = self
            .runtime
            .block_on(self.http.send(reqwest::Method::GET, &url, &[], None))
            .expect("the outbox");
        let outbox: serde_json::Value = serde_json::from_slice(&response.body).expect("JSON");
        let text = outbox["messages"][0]["body"].as_str().expect("an SMS");
        text.chars().filter(char::is_ascii_digit).take(6).collect()
    }

    /// A browser logs in; answers the code it shows and its challenge's id.
    fn browser_login(&mut self) -> (String, String) {
        let mut session = GatewaySession::new(self.http.clone(), &self.origin);
        let step = self
            .runtime
            .block_on(session.login(CITIZEN, PASSWORD))
            .expect("the browser logs in");
        let challenge = step.challenge.expect("the registered device must approve");
        self.browser = Some((session, challenge.id.clone()));
        (challenge.code, challenge.id)
    }

    fn qr_text(&self, challenge: &str) -> String {
        let db = store::open(&self.db_path).expect("the database");
        let now = CoreClock.now_unix_seconds();
        qr_codes::draw(&db, &self.origin, challenge, now + 120, now)
            .expect("a QR code is drawn")
            .to_uri()
    }

    fn outcome(&mut self) -> String {
        let (session, _) = self.browser.as_mut().expect("a browser logged in");
        let outcome = self
            .runtime
            .block_on(session.challenge_outcome(std::time::Duration::from_secs(5)))
            .expect("the outcome");
        outcome.state
    }
}
