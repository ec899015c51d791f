//! An in-process gateway on a loopback port with a manual clock, a cookie-keeping client, and a
//! software device that signs requests and registration proofs.

#![allow(dead_code)]

pub mod approval;

use base64ct::{Base64UrlUnpadded, Encoding};
use egate_core::login::{
    PublicKey, RegistrationPurpose, RegistrationStatement, RequestClaims, SignedRequest,
};
use egate_gateway::clock::ManualClock;
use egate_gateway::gateway_key::GatewayKey;
use egate_gateway::passwords::Passwords;
use egate_gateway::{AppState, Config, accounts, store};
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{DerSignature, SigningKey};
use p256::pkcs8::EncodePublicKey;
use serde_json::{Value, json};
use std::sync::Arc;

pub const START: i64 = 1_800_000_000;

/// An HTTP client (with the process's TLS crypto provider installed).
pub fn client() -> reqwest::Client {
    egate_core::net::install_crypto_provider();
    reqwest::Client::new()
}
pub const PASSWORD: &str = "initial passphrase";
pub const NEW_PASSWORD: &str = "a better passphrase";

/// A running gateway.
pub struct Gateway {
    pub base: String,
    pub clock: ManualClock,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

/// An account to create: citizen id, phone, whether its first login must change the password.
#[derive(Clone, Copy)]
pub struct Holder<'a> {
    pub id: &'a str,
    pub phone: Option<&'a str>,
    pub fresh: bool,
}

impl Gateway {
    pub async fn start(holders: &[Holder<'_>]) -> Self {
        Self::start_with(holders, |_| {}).await
    }

    pub async fn start_with(holders: &[Holder<'_>], adjust: impl FnOnce(&mut Config)) -> Self {
        Self::start_on(store::open_in_memory().unwrap(), holders, adjust).await
    }

    /// A gateway whose database is the file at `path` (for inspecting what it stores).
    pub async fn start_on_disk(holders: &[Holder<'_>], path: &std::path::Path) -> Self {
        Self::start_on(store::open(path).unwrap(), holders, |_| {}).await
    }

    async fn start_on(
        db: rusqlite::Connection,
        holders: &[Holder<'_>],
        adjust: impl FnOnce(&mut Config),
    ) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let passwords = Passwords::new().unwrap();
        for holder in holders {
            let hash = passwords.hash(PASSWORD).unwrap();
            let id = accounts::create(&db, holder.id, &hash, holder.phone, START).unwrap();
            if !holder.fresh {
                accounts::set_password(&db, id, &hash).unwrap();
            }
        }
        let clock = ManualClock::at(START);
        let mut config = Config {
            dev_outbox: true,
            ..Config::new(&base)
        };
        adjust(&mut config);
        let state = AppState::new(
            db,
            Arc::new(clock.clone()),
            config,
            GatewayKey::ephemeral().unwrap(),
        )
        .unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(egate_gateway::serve(listener, state, async {
            let _ = rx.await;
        }));
        Self {
            base,
            clock,
            _shutdown: tx,
        }
    }

    pub fn browser(&self) -> Browser {
        Browser {
            client: client(),
            base: self.base.clone(),
            cookie: None,
            last_set_cookie: None,
        }
    }

    /// The newest SMS code sent to `phone`.
    pub async fn last_code(&self, phone: &str) -> String {
        last_sms_code(&self.base, phone).await
    }
}

/// The newest SMS code the gateway at `base` (with its development outbox) sent to `phone`.
pub async fn last_sms_code(base: &str, phone: &str) -> String {
    let outbox: Value = client()
        .get(format!(
            "{base}/api/v1/dev/sms-outbox?phone={}",
            phone.replace('+', "%2B")
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let body = outbox["messages"][0]["body"].as_str().unwrap();
    body.split_whitespace()
        .find(|word| word.len() == 7 && word[..6].bytes().all(|b| b.is_ascii_digit()))
        .map(|word| word[..6].to_owned())
        .unwrap()
}

/// An HTTP client that keeps the session cookie, like a browser.
pub struct Browser {
    pub client: reqwest::Client,
    pub base: String,
    pub cookie: Option<String>,
    pub last_set_cookie: Option<String>,
}

impl Browser {
    pub async fn send(
        &mut self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        if let Some(set) = response.headers().get("set-cookie") {
            let set = set.to_str().unwrap().to_owned();
            self.cookie = Some(set.split(';').next().unwrap().to_owned());
            self.last_set_cookie = Some(set);
        }
        let text = response.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        };
        (status, value)
    }

    pub async fn post(&mut self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn get(&mut self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    /// Turns two-factor login on or off.
    pub async fn set_two_factor(&mut self, enabled: bool) -> (u16, Value) {
        self.send(
            reqwest::Method::PUT,
            "/api/v1/two-factor",
            Some(json!({ "enabled": enabled })),
        )
        .await
    }

    pub async fn login(&mut self, id: &str, password: &str) -> (u16, Value) {
        self.post(
            "/api/v1/login",
            json!({ "citizen_id": id, "password": password }),
        )
        .await
    }

    /// Logs in and confirms an SMS code sent to `phone`.
    pub async fn login_with_sms(&mut self, gateway: &Gateway, id: &str, phone: &str) {
        assert_eq!(self.login(id, PASSWORD).await.0, 200);
        assert_eq!(self.post("/api/v1/sms", json!({})).await.0, 202);
        let code = gateway.last_code(phone).await;
        let (status, body) = self
            .post("/api/v1/sms/verify", json!({ "code": code }))
            .await;
        assert_eq!(status, 200, "{body}");
    }
}

/// A device with two software P-256 keys.
pub struct Device {
    pub possession: SigningKey,
    pub user: SigningKey,
    pub id: Option<String>,
}

fn spki(key: &SigningKey) -> Vec<u8> {
    key.verifying_key()
        .to_public_key_der()
        .unwrap()
        .as_bytes()
        .to_vec()
}

pub fn public(key: &SigningKey) -> PublicKey {
    PublicKey::from_spki_der(&spki(key)).unwrap()
}

pub fn b64(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

fn sign(key: &SigningKey, message: &[u8]) -> Vec<u8> {
    let signature: DerSignature = key.sign(message);
    signature.as_bytes().to_vec()
}

impl Device {
    pub fn new(seed: u8) -> Self {
        Self {
            possession: SigningKey::from_slice(&[seed; 32]).unwrap(),
            user: SigningKey::from_slice(&[seed.wrapping_add(100); 32]).unwrap(),
            id: None,
        }
    }

    /// The keys and their proof over the statement for `purpose` and `nonce`.
    pub fn keys_with_proof(
        &self,
        audience: &str,
        purpose: RegistrationPurpose,
        nonce: &str,
    ) -> Value {
        let statement = RegistrationStatement::new(
            audience,
            purpose,
            nonce,
            &public(&self.possession),
            &public(&self.user),
        );
        let message = statement.canonical();
        json!({
            "possession_key": b64(&spki(&self.possession)),
            "user_key": b64(&spki(&self.user)),
            "possession_signature": b64(&sign(&self.possession, &message)),
            "user_signature": b64(&sign(&self.user, &message)),
        })
    }

    /// Registers through `browser`'s session (which must hold a recent second factor).
    pub async fn register(&mut self, browser: &mut Browser, name: &str) -> (u16, Value) {
        let (status, token) = browser
            .post("/api/v1/devices/registration-token", json!({}))
            .await;
        if status != 201 {
            return (status, token);
        }
        let keys = self.keys_with_proof(
            token["audience"].as_str().unwrap(),
            RegistrationPurpose::Register,
            token["nonce"].as_str().unwrap(),
        );
        let (status, body) = browser
            .post(
                "/api/v1/devices",
                json!({
                    "token": token["token"], "name": name, "keys": keys,
                    "claimed_level": "software",
                }),
            )
            .await;
        if status == 201 {
            self.id = Some(body["device_id"].as_str().unwrap().to_owned());
        }
        (status, body)
    }

    /// The signature header for a request, signed by `key` at `now` for `audience`.
    pub fn header(
        key: &SigningKey,
        audience: &str,
        method: &str,
        path: &str,
        body: &[u8],
        now: i64,
        nonce: u8,
    ) -> String {
        let claims = RequestClaims::new(
            audience,
            &public(key).key_id(),
            method,
            path,
            body,
            now,
            &[nonce; 16],
        );
        SignedRequest::new(&claims, sign(key, &claims.canonical())).header_value()
    }
}

/// Sends a signed device request.
pub async fn signed(
    base: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
    header: String,
) -> (u16, Value) {
    let mut request = client()
        .request(method, format!("{base}{path}"))
        .header("egate-signature", header);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&body).unwrap());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        },
    )
}
