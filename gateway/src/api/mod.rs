//! The gateway's HTTP API (axum): shared state, the router, JSON error answers, and the helpers
//! every handler uses to read the session, the client address and JSON bodies.

mod account;
mod approval;
pub(super) mod backup_codes;
mod device_signed;
mod devices;
pub(super) mod id_verification;
mod login;
mod openapi;
mod qr;
mod web;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post, put};
use rusqlite::Connection;
use serde::de::DeserializeOwned;
use serde_json::json;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::accounts::{self, Account};
use crate::clock::Clock;
use crate::error::GatewayError;
use crate::gateway_key::GatewayKey;
use crate::passwords::Passwords;
use crate::sessions::{self, Session};

/// How the gateway behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// The gateway's origin (`https://host[:port]`): the audience of every signed request.
    pub origin: String,
    /// Whether cookies carry `Secure` (served over TLS).
    pub secure_cookies: bool,
    /// Whether devices must present a verified hardware attestation.
    pub require_attested: bool,
    /// Whether `GET /api/v1/dev/sms-outbox` exposes the SMS outbox (development only).
    pub dev_outbox: bool,
    /// The roots Android Key Attestation chains must end in (Google's in production).
    pub attestation_roots: Vec<egate_core::passive::CertificateRecord>,
    /// What Apple App Attest attestations must match; `None` refuses them.
    pub app_attest: Option<crate::attestation::AppAttestPolicy>,
    /// The push providers (FCM, APNs) beside the outbox and UnifiedPush.
    pub push: crate::push::Pushers,
    /// The IP-to-country table for approval contexts; `None` shows "unknown location".
    pub ip_locations: Option<Arc<crate::ip_location::IpLocations>>,
    /// The CSCA certificates and master lists ID documents are checked against; `None`
    /// verifies no documents.
    pub trust: Option<Arc<egate_core::passive::TrustStore>>,
    /// What proves a chip's presence in an ID verification (Active Authentication only, by
    /// default).
    pub presence_policy: egate_core::idv::PresencePolicy,
    /// SMS codes sent per fifteen minutes, per account and per number.
    pub sms_sends_per_window: i64,
}

impl Config {
    /// The configuration of a gateway at `origin` with every option at its default: cookies
    /// `Secure` under https, no attestation required or accepted (no roots, App Attest off),
    /// no development outboxes, pushes through the outbox and UnifiedPush only, no location
    /// table, no document trust store, chip presence proven by Active Authentication only, three
    /// SMS codes per fifteen minutes.
    pub fn new(origin: &str) -> Self {
        Self {
            origin: origin.to_owned(),
            secure_cookies: origin.starts_with("https://"),
            require_attested: false,
            dev_outbox: false,
            attestation_roots: Vec::new(),
            app_attest: None,
            push: crate::push::Pushers::default(),
            ip_locations: None,
            trust: None,
            presence_policy: egate_core::idv::PresencePolicy::default(),
            sms_sends_per_window: crate::sms::SEND_LIMIT,
        }
    }
}

/// Argon2id computations run at once (each takes 19 MiB): a flood of logins queues instead of
/// exhausting memory.
pub const HASHING_PERMITS: usize = 4;

/// The longest a long-poll request (`?wait=`) is held open.
pub const MAX_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// The `?wait=SECONDS` of a long-poll request.
#[derive(Debug, Default, serde::Deserialize)]
struct Wait {
    /// Seconds to hold the request open while nothing changes (at most [`MAX_WAIT`]).
    #[serde(default)]
    wait: u64,
}

impl Wait {
    fn duration(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.wait)
    }
}

/// Everything the handlers share.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    db: Mutex<Connection>,
    clock: Arc<dyn Clock>,
    config: Config,
    passwords: Passwords,
    gateway_key: GatewayKey,
    changes: tokio::sync::watch::Sender<u64>,
    hashing: tokio::sync::Semaphore,
    relays: crate::relays::RelayTerminals,
}

impl AppState {
    /// State over an opened database, recording the gateway key in it.
    ///
    /// # Errors
    /// [`GatewayError::Store`] or [`GatewayError::Internal`].
    pub fn new(
        db: Connection,
        clock: Arc<dyn Clock>,
        config: Config,
        gateway_key: GatewayKey,
    ) -> Result<Self, GatewayError> {
        gateway_key.record(&db, clock.now())?;
        Ok(Self(Arc::new(Inner {
            db: Mutex::new(db),
            clock,
            config,
            passwords: Passwords::new()?,
            gateway_key,
            changes: tokio::sync::watch::channel(0).0,
            hashing: tokio::sync::Semaphore::new(HASHING_PERMITS),
            relays: crate::relays::RelayTerminals::default(),
        })))
    }

    /// Wakes every long-poll: a challenge was opened or decided.
    fn challenges_changed(&self) {
        self.0.changes.send_modify(|generation| *generation += 1);
    }

    /// Probes until `probe` finds something or `wait` passes, probing again after each
    /// change of the challenges; answers the last probe.
    async fn wait_for<T>(
        &self,
        wait: std::time::Duration,
        mut probe: impl FnMut(&Self) -> Result<(bool, T), GatewayError>,
    ) -> Result<T, GatewayError> {
        let mut changes = self.0.changes.subscribe();
        let deadline = tokio::time::Instant::now() + wait.min(MAX_WAIT);
        loop {
            changes.borrow_and_update();
            let (found, value) = probe(self)?;
            if found {
                return Ok(value);
            }
            match tokio::time::timeout_at(deadline, changes.changed()).await {
                Ok(Ok(())) => {}
                _ => return Ok(probe(self)?.1),
            }
        }
    }

    fn db(&self) -> MutexGuard<'_, Connection> {
        self.0.db.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn now(&self) -> i64 {
        self.0.clock.now()
    }

    fn relays(&self) -> &crate::relays::RelayTerminals {
        &self.0.relays
    }

    fn config(&self) -> &Config {
        &self.0.config
    }

    fn passwords(&self) -> &Passwords {
        &self.0.passwords
    }

    fn gateway_key(&self) -> &GatewayKey {
        &self.0.gateway_key
    }

    /// Runs an Argon2id check off the async workers, at most [`HASHING_PERMITS`] at a time.
    async fn verify_secret(&self, secret: String, hash: Option<String>) -> bool {
        let Ok(_permit) = self.0.hashing.acquire().await else {
            return false;
        };
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.passwords().verify(&secret, hash.as_deref()))
            .await
            .unwrap_or(false)
    }

    /// Hashes a secret off the async workers, at most [`HASHING_PERMITS`] at a time.
    async fn hash_secret(&self, secret: String) -> Result<String, GatewayError> {
        let _permit = self
            .0
            .hashing
            .acquire()
            .await
            .map_err(|e| GatewayError::Internal(e.to_string()))?;
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.passwords().hash(&secret))
            .await
            .map_err(|e| GatewayError::Internal(e.to_string()))?
    }

    /// The session of the request's cookie, whatever factors it passed.
    fn session(&self, headers: &HeaderMap) -> Result<(Session, Account), GatewayError> {
        let token = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find_map(sessions::token_from_cookie_header)
            .ok_or(GatewayError::LoginRequired)?;
        let db = self.db();
        let session = sessions::find(&db, token, self.now())?;
        let account = accounts::by_id(&db, session.account_id)?;
        Ok((session, account))
    }

    /// The session of a holder who completed login: password changed if it had to be, and the
    /// second factor passed when two-factor login is on.
    fn full_session(&self, headers: &HeaderMap) -> Result<(Session, Account), GatewayError> {
        let (session, account) = self.session(headers)?;
        if account.must_change_password {
            return Err(GatewayError::PasswordChangeRequired);
        }
        if account.two_factor && session.second_factor_at.is_none() {
            return Err(GatewayError::SecondFactorRequired);
        }
        Ok((session, account))
    }
}

/// An error answer: the status of the error, `{error, message}` and, where it applies,
/// `retry_after` (with the `Retry-After` header) or `server_time`.
#[derive(Debug)]
pub struct ApiError(pub GatewayError);

impl From<GatewayError> for ApiError {
    fn from(error: GatewayError) -> Self {
        Self(error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let error = self.0;
        let status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if status.is_server_error() {
            tracing::error!(%error, "request failed");
        }
        let message = if status.is_server_error() {
            "internal failure".to_owned()
        } else {
            error.to_string()
        };
        let mut body = json!({ "error": error.code(), "message": message });
        if let Some(retry_after) = error.retry_after() {
            body["retry_after"] = json!(retry_after);
        }
        if let GatewayError::SignedRequest(
            egate_core::login::SignedRequestError::OutsideValidity { receiver_time },
        ) = &error
        {
            body["server_time"] = json!(receiver_time);
        }
        let mut response = (status, axum::Json(body)).into_response();
        if let Some(retry_after) = error.retry_after()
            && let Ok(value) = HeaderValue::from_str(&retry_after.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

/// Handler result.
type ApiResult<T> = Result<T, ApiError>;

/// Parses a JSON body into `T`, as a typed bad-request error when it does not fit.
fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, GatewayError> {
    serde_json::from_slice(body).map_err(|e| GatewayError::BadRequest(e.to_string()))
}

/// A JSON answer that also sets the session cookie.
fn with_cookie(
    state: &AppState,
    token: &str,
    status: StatusCode,
    body: serde_json::Value,
) -> Response {
    let mut response = (status, axum::Json(body)).into_response();
    if let Ok(value) =
        HeaderValue::from_str(&sessions::cookie(token, state.config().secure_cookies))
    {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// The router of every endpoint.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/api/v1/time", get(account::time))
        .route("/api/v1/gateway-keys", get(account::gateway_keys))
        .route("/api/v1/login", post(login::login))
        .route("/api/v1/logout", post(login::logout))
        .route("/api/v1/password", post(login::change_password))
        .route("/api/v1/sms", post(login::send_sms))
        .route("/api/v1/sms/verify", post(login::verify_sms))
        .route("/api/v1/account", get(account::account))
        .route("/api/v1/account/notifications", get(account::notifications))
        .route("/api/v1/two-factor", put(account::two_factor))
        .route(
            "/api/v1/devices/registration-token",
            post(devices::registration_token),
        )
        .route("/api/v1/devices", post(devices::register))
        .route("/api/v1/devices/{id}", delete(devices::remove))
        .route("/api/v1/device/devices", get(device_signed::list))
        .route(
            "/api/v1/device/devices/{id}",
            patch(device_signed::rename).delete(device_signed::remove),
        )
        .route("/api/v1/device/rotate", post(device_signed::rotate))
        .route("/api/v1/login/challenge", get(approval::login_challenge))
        .route(
            "/api/v1/device/push-target",
            put(approval::set_push_target).get(approval::push_status),
        )
        .route("/api/v1/dev/push-outbox", get(approval::push_outbox))
        .route("/api/v1/device/challenges", get(approval::list))
        .route("/api/v1/device/challenges/{id}", get(approval::show))
        .route(
            "/api/v1/device/challenges/{id}/decision",
            post(approval::decide),
        )
        .route("/api/v1/device/qr-claims", post(qr::claim))
        .route(
            "/api/v1/backup-codes",
            post(backup_codes::create)
                .get(backup_codes::count)
                .delete(backup_codes::delete),
        )
        .route(
            "/api/v1/device/backup-codes",
            post(backup_codes::device)
                .get(backup_codes::device)
                .delete(backup_codes::device),
        )
        .route("/api/v1/login/backup-code", post(backup_codes::login))
        .route(
            "/api/v1/id-verifications",
            post(id_verification::start_from_session),
        )
        .route(
            "/api/v1/device/id-verifications",
            post(id_verification::start_from_device),
        )
        .route(
            "/api/v1/id-verifications/transfer",
            post(id_verification::start_transfer),
        )
        .route(
            "/api/v1/id-verifications/{id}/challenge",
            post(id_verification::challenge),
        )
        .route(
            "/api/v1/id-verifications/{id}/evidence",
            post(id_verification::evidence),
        )
        .route(
            "/api/v1/id-verifications/{id}/chip-authentication",
            post(id_verification::chip_authentication),
        )
        .route(
            "/api/v1/id-verifications/{id}/confirm",
            post(id_verification::confirm),
        )
        .route("/api/v1/dev/sms-outbox", get(account::outbox))
        .merge(web::routes())
        .fallback(not_found)
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError(GatewayError::NoSuchEndpoint)
}
