//! Logging in to a gateway from the app, and registering this phone as a device: password,
//! SMS code, then the device's two keys created in the platform key store and proven to the
//! gateway. The same session serves a desktop's "browser side" (the code a login shows, and
//! the outcome of its approval). The account's settings are in [`crate::account`].

use egate_core::client::{ChallengeOutcome, GatewaySession, LoginStep};
use egate_core::net::HttpClient;
use egate_core::ports::{Clock, SystemClock};
use egate_core::store::LocalStore;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use crate::device::RegisteredDevice;
use crate::gateway_error::GatewayFailure;
use crate::http::HttpTransport;
use crate::keys::{KeyStore, PlatformKeys};
use crate::worker::{Cancel, SharedCancel, block_on_cancellable, on_worker, runtime};

/// Where a login stands.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LoginProgress {
    /// `change_password`, `second_factor` or `done`.
    pub next: String,
    /// The second factors the account offers (`device`, `sms`).
    pub second_factors: Vec<String>,
    /// When a registered device must approve: the code to show for typing there.
    pub approval_code: Option<String>,
    /// Backup codes left, after a backup-code login.
    pub backup_codes_remaining: Option<i64>,
}

impl From<LoginStep> for LoginProgress {
    fn from(step: LoginStep) -> Self {
        Self {
            next: step.next,
            second_factors: step.second_factors,
            approval_code: step.challenge.map(|c| c.code),
            backup_codes_remaining: step.backup_codes_remaining,
        }
    }
}

/// An SMS code was sent.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SmsCodeSent {
    /// The number's last digits, masked.
    pub phone_hint: String,
    /// Seconds the code works.
    pub expires_in: i64,
}

/// How a login's approval stands, from the side that logs in.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ApprovalOutcomeState {
    /// `pending`, `approved`, `denied`, `reported`, `expired` or `cancelled`.
    pub state: String,
    /// `second_factor` while waiting, `done` once logged in.
    pub next: String,
}

impl From<ChallengeOutcome> for ApprovalOutcomeState {
    fn from(outcome: ChallengeOutcome) -> Self {
        Self {
            state: outcome.state,
            next: outcome.next,
        }
    }
}

/// One login session with a gateway.
#[derive(uniffi::Object)]
pub struct LoginSession {
    session: Mutex<GatewaySession>,
    citizen_id: Mutex<Option<String>>,
    http: HttpClient,
    pub(crate) data_dir: PathBuf,
    keys: Arc<dyn KeyStore>,
    cancel: SharedCancel,
}

impl std::fmt::Debug for LoginSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginSession").finish_non_exhaustive()
    }
}

impl LoginSession {
    /// Runs `step` with the session on a worker thread, cancellable.
    pub(crate) async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        step: impl AsyncFnOnce(&mut GatewaySession, &Self) -> Result<T, GatewayFailure> + Send + 'static,
    ) -> Result<T, GatewayFailure> {
        let this = Arc::clone(self);
        this.cancel.reset();
        on_worker("egate-login", move || {
            let runtime = runtime()?;
            let mut session = this.session.lock().unwrap_or_else(PoisonError::into_inner);
            block_on_cancellable(&runtime, &this.cancel, step(&mut session, &this))
        })
        .await
    }
}

#[uniffi::export]
impl LoginSession {
    /// A session with the gateway at `gateway` (an HTTPS origin; plain HTTP only on this
    /// machine) over the platform's `http` stack. Registrations are kept in `data_dir`; keys are
    /// created in `keys`.
    #[uniffi::constructor]
    pub fn new(
        gateway: String,
        data_dir: String,
        keys: Arc<dyn KeyStore>,
        http: Arc<dyn HttpTransport>,
    ) -> Arc<Self> {
        let http = crate::http::client(http);
        Arc::new(Self {
            session: Mutex::new(GatewaySession::new(http.clone(), &gateway)),
            citizen_id: Mutex::new(None),
            http,
            data_dir: PathBuf::from(data_dir),
            keys,
            cancel: Arc::new(Cancel::default()),
        })
    }

    /// Logs in with the citizen id and password.
    ///
    /// # Errors
    /// [`GatewayFailure`]; `invalid_credentials`, `throttled`, `account_blocked` refusals.
    pub async fn login(
        self: Arc<Self>,
        citizen_id: String,
        password: String,
    ) -> Result<LoginProgress, GatewayFailure> {
        self.run(async move |session, this| {
            let step = session.login(&citizen_id, &password).await?;
            *this
                .citizen_id
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Some(citizen_id);
            Ok(step.into())
        })
        .await
    }

    /// Sends the SMS code of the second factor.
    ///
    /// # Errors
    /// [`GatewayFailure`]; `throttled` with `retry_after`.
    pub async fn send_sms(self: Arc<Self>) -> Result<SmsCodeSent, GatewayFailure> {
        self.run(async |session, _| {
            let sent = session.send_sms().await?;
            Ok(SmsCodeSent {
                phone_hint: sent.phone_hint,
                expires_in: sent.expires_in,
            })
        })
        .await
    }

    /// Completes the second factor with the SMS code.
    ///
    /// # Errors
    /// [`GatewayFailure`]; `sms_code_invalid`.
    pub async fn verify_sms(
        self: Arc<Self>,
        code: String,
    ) -> Result<LoginProgress, GatewayFailure> {
        self.run(async move |session, _| Ok(session.verify_sms(&code).await?.into()))
            .await
    }

    /// The outcome of this login's device approval, waiting up to `wait_seconds` while it is
    /// pending (the side that logs in).
    ///
    /// # Errors
    /// [`GatewayFailure`].
    pub async fn approval_outcome(
        self: Arc<Self>,
        wait_seconds: u32,
    ) -> Result<ApprovalOutcomeState, GatewayFailure> {
        self.run(async move |session, _| {
            let wait = std::time::Duration::from_secs(u64::from(wait_seconds));
            Ok(session.challenge_outcome(wait).await?.into())
        })
        .await
    }

    /// Registers this phone under `name` after a completed login: two keys in the platform key
    /// store (possession, and user verification behind biometrics), proven to the gateway;
    /// the registration and the gateway's key are kept in the data directory.
    ///
    /// # Errors
    /// [`GatewayFailure`]; the key store's answers as `UserCancelled`, `KeyStore`.
    pub async fn register_device(
        self: Arc<Self>,
        name: String,
    ) -> Result<Arc<RegisteredDevice>, GatewayFailure> {
        let registration = self
            .run(async move |session, this| {
                let citizen_id = this
                    .citizen_id
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone()
                    .ok_or(GatewayFailure::NotNow {
                        reason: "log in first".into(),
                    })?;
                let keys = PlatformKeys(Arc::clone(&this.keys));
                let now = SystemClock.now_unix_seconds();
                let registration = session
                    .register_device(&keys, &citizen_id, &name, now)
                    .await?;
                std::fs::create_dir_all(&this.data_dir).map_err(|e| GatewayFailure::Failed {
                    reason: e.to_string(),
                })?;
                LocalStore::open(&this.data_dir.join(crate::device::STORE_FILE))?
                    .save_registration(&registration)?;
                Ok(registration)
            })
            .await?;
        RegisteredDevice::start(
            self.http.clone(),
            self.data_dir.clone(),
            Arc::clone(&self.keys),
            registration,
        )
        .await
    }

    /// Cancels the running call: it ends with [`GatewayFailure::Cancelled`].
    pub fn cancel(&self) {
        self.cancel.cancel();
    }
}
