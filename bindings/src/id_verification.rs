//! Verifying the phone number with the ID card, or moving the account to this phone, from the
//! shells: the link scanned from the web page (or started by this device), the card's CAN or MRZ
//! data, "hold your card" on the card worker thread (resuming when the card slips away, and
//! again while the gateway runs Chip Authentication through this phone for cards without Active
//! Authentication), the evidence, the SMS code.

use egate_core::access::{AccessKey, Can};
use egate_core::card::CancelToken;
use egate_core::client::{ClientError, GatewaySession, IdVerificationFlow, IdvOutcome, IdvStep};
use egate_core::idv::{IdvLink, IdvPurpose};
use egate_core::mrz::MrzKey;
use egate_core::net::HttpClient;
use egate_core::ports::{Clock, SystemClock};
use egate_core::store::LocalStore;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use crate::card::{CardTransport, PlatformTransport};
use crate::device::{RegisteredDevice, STORE_FILE};
use crate::gateway_error::GatewayFailure;
use crate::http::HttpTransport;
use crate::keys::{KeyStore, PlatformKeys};
use crate::reader::{CardReadError, Forwarder, ReadListener};
use crate::worker::{Cancel, SharedCancel, block_on_cancellable, on_worker, runtime};

/// Where an ID verification stands: what the shell shows.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum IdVerificationState {
    /// Ask for the card's CAN or MRZ data; `device_transfer` says what it is for.
    EnterCredentials {
        /// Moving the account to this phone (else verifying the phone number).
        device_transfer: bool,
    },
    /// "Hold your card to the back of the phone": call `read_card`.
    HoldCard,
    /// Read: call `send_evidence`.
    ReadyToSend,
    /// "Keep holding your card": the gateway checks the chip through this phone; call
    /// `read_card` again (over the same connection, or a new one).
    ProveChipPresence,
    /// Type the SMS code sent to the account's phone.
    EnterSmsCode {
        /// The number's last digits, masked.
        phone_hint: String,
        /// `active_authentication`, `chip_authentication` or `client_asserted`.
        chip_presence: String,
    },
    /// The phone number is verified with the ID card.
    PhoneVerified,
    /// This phone is now the account's only device.
    DeviceTransferred {
        /// How many old devices were revoked.
        devices_revoked: u64,
    },
    /// The gateway refused the card (`untrusted_issuer`, `document_mismatch`,
    /// `chip_authentication_failed`, …); start again.
    Refused {
        /// The gateway's code.
        code: String,
    },
}

impl From<&IdvStep> for IdVerificationState {
    fn from(step: &IdvStep) -> Self {
        match step {
            IdvStep::EnterCredentials { purpose } => Self::EnterCredentials {
                device_transfer: *purpose == IdvPurpose::DeviceTransfer,
            },
            IdvStep::HoldCard => Self::HoldCard,
            IdvStep::ReadyToSend => Self::ReadyToSend,
            IdvStep::ProveChipPresence => Self::ProveChipPresence,
            IdvStep::EnterSmsCode {
                phone_hint,
                chip_presence,
            } => Self::EnterSmsCode {
                phone_hint: phone_hint.clone(),
                chip_presence: chip_presence.clone(),
            },
            IdvStep::Done(IdvOutcome::PhoneVerified) => Self::PhoneVerified,
            IdvStep::Done(IdvOutcome::DeviceTransferred {
                devices_revoked, ..
            }) => Self::DeviceTransferred {
                devices_revoked: *devices_revoked,
            },
            IdvStep::Refused { code } => Self::Refused { code: code.clone() },
        }
    }
}

/// One ID verification.
#[derive(uniffi::Object)]
pub struct IdVerification {
    flow: Mutex<IdVerificationFlow>,
    http: HttpClient,
    data_dir: PathBuf,
    keys: Arc<dyn KeyStore>,
    cancel: SharedCancel,
    card_cancel: Mutex<Option<CancelToken>>,
}

impl std::fmt::Debug for IdVerification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdVerification").finish_non_exhaustive()
    }
}

impl IdVerification {
    fn lock(&self) -> std::sync::MutexGuard<'_, IdVerificationFlow> {
        self.flow.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn enter(&self, key: AccessKey) -> Result<IdVerificationState, CardReadError> {
        let mut flow = self.lock();
        let step = flow.enter_credentials(key).map_err(card_error)?.into();
        *self
            .card_cancel
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = flow.cancel_token();
        Ok(step)
    }

    async fn network(
        self: &Arc<Self>,
        step: impl AsyncFnOnce(
            &mut IdVerificationFlow,
            &Self,
        ) -> Result<IdVerificationState, GatewayFailure>
        + Send
        + 'static,
    ) -> Result<IdVerificationState, GatewayFailure> {
        let this = Arc::clone(self);
        this.cancel.reset();
        on_worker("egate-id-verification", move || {
            let runtime = runtime()?;
            let mut flow = this.lock();
            block_on_cancellable(&runtime, &this.cancel, step(&mut flow, &this))
        })
        .await
    }
}

fn card_error(error: ClientError) -> CardReadError {
    match error {
        ClientError::Card(error) => error.into(),
        other => CardReadError::Unreadable {
            reason: other.to_string(),
        },
    }
}

#[uniffi::export]
impl IdVerification {
    /// Opens the verification of a link (`egate-idv:1?…`, scanned from the web page or
    /// answered by `RegisteredDevice.start_phone_verification`) whose gateway is one of
    /// `gateways`: fetches its single-use challenge. Keys for a transfer come from `keys`; the
    /// new registration is kept in `data_dir`.
    ///
    /// # Errors
    /// [`GatewayFailure::InvalidInput`] for a link that is not one (nothing sent), or of
    /// another gateway; `Refused` with `id_verification_not_found` when it expired or was used.
    #[uniffi::constructor]
    pub async fn open(
        link: String,
        gateways: Vec<String>,
        data_dir: String,
        keys: Arc<dyn KeyStore>,
        http: Arc<dyn HttpTransport>,
    ) -> Result<Arc<Self>, GatewayFailure> {
        let origins: Vec<&str> = gateways.iter().map(|g| g.trim_end_matches('/')).collect();
        let link = IdvLink::parse(&link, &origins, SystemClock.now_unix_seconds())
            .map_err(ClientError::from)?;
        let http = crate::http::client(http);
        let session = GatewaySession::new(http.clone(), &link.origin);
        let cancel: SharedCancel = Arc::new(Cancel::default());
        let opened = Arc::clone(&cancel);
        let flow = on_worker("egate-id-verification", move || {
            let runtime = runtime()?;
            block_on_cancellable(&runtime, &opened, async {
                Ok(IdVerificationFlow::open(session, link).await?)
            })
        })
        .await?;
        Ok(Arc::new(Self {
            flow: Mutex::new(flow),
            http,
            data_dir: PathBuf::from(data_dir),
            keys,
            cancel,
            card_cancel: Mutex::new(None),
        }))
    }

    /// Where it stands.
    pub fn state(&self) -> IdVerificationState {
        self.lock().step().into()
    }

    /// The card access number printed on the card.
    ///
    /// # Errors
    /// [`CardReadError::InvalidInput`] when it is not a CAN.
    pub fn enter_can(&self, can: String) -> Result<IdVerificationState, CardReadError> {
        let can = Can::new(&can).map_err(|e| CardReadError::InvalidInput {
            reason: e.to_string(),
        })?;
        self.enter(AccessKey::Can(can))
    }

    /// The MRZ data: document number, date of birth, date of expiry (YYMMDD).
    ///
    /// # Errors
    /// [`CardReadError::InvalidInput`] naming the field that cannot be right.
    pub fn enter_mrz(
        &self,
        document_number: String,
        date_of_birth: String,
        date_of_expiry: String,
    ) -> Result<IdVerificationState, CardReadError> {
        let key =
            MrzKey::from_typed(&document_number, &date_of_birth, &date_of_expiry).map_err(|e| {
                CardReadError::InvalidInput {
                    reason: e.to_string(),
                }
            })?;
        self.enter(AccessKey::Mrz(key))
    }

    /// Reads the card (or relays the gateway's Chip Authentication) over `transport` on the
    /// card worker thread; a lost card keeps the state, to call again with a new connection.
    ///
    /// # Errors
    /// [`CardReadError`]; `WrongCredentials` returns to credential entry.
    pub async fn read_card(
        self: Arc<Self>,
        transport: Arc<dyn CardTransport>,
        listener: Option<Arc<dyn ReadListener>>,
    ) -> Result<IdVerificationState, CardReadError> {
        let (done, answer) = tokio::sync::oneshot::channel();
        std::thread::Builder::new()
            .name("egate-card-read".into())
            .spawn(move || {
                let mut flow = self.lock();
                let read = flow
                    .read_card(Box::new(PlatformTransport(transport)), &Forwarder(listener))
                    .map(IdVerificationState::from)
                    .map_err(card_error);
                let _ = done.send(read);
            })
            .map_err(|e| CardReadError::Unreadable {
                reason: format!("no worker thread: {e}"),
            })?;
        answer.await.unwrap_or_else(|_| {
            Err(CardReadError::Unreadable {
                reason: "the card worker ended without an answer".into(),
            })
        })
    }

    /// Sends the evidence, or the chip's answers to the gateway's Chip Authentication.
    ///
    /// # Errors
    /// [`GatewayFailure`]; a refusal of the card answers `Refused`.
    pub async fn send_evidence(self: Arc<Self>) -> Result<IdVerificationState, GatewayFailure> {
        self.network(async |flow, _| Ok(flow.send_evidence().await?.into()))
            .await
    }

    /// Confirms a phone verification with the SMS code.
    ///
    /// # Errors
    /// [`GatewayFailure`]; `sms_code_invalid`.
    pub async fn confirm_phone(
        self: Arc<Self>,
        code: String,
    ) -> Result<IdVerificationState, GatewayFailure> {
        self.network(async move |flow, _| Ok(flow.confirm_phone(&code).await?.into()))
            .await
    }

    /// Confirms moving the account to this phone with the SMS code: new keys in the key
    /// store, this phone registered as `name` in place of every old device, kept in the data
    /// directory; answers the new device.
    ///
    /// # Errors
    /// [`GatewayFailure`]; `sms_code_invalid`.
    pub async fn confirm_transfer(
        self: Arc<Self>,
        code: String,
        citizen_id: String,
        name: String,
    ) -> Result<Arc<RegisteredDevice>, GatewayFailure> {
        let registration = Arc::new(Mutex::new(None));
        let kept = Arc::clone(&registration);
        self.network(async move |flow, this| {
            let keys = PlatformKeys(Arc::clone(&this.keys));
            let now = SystemClock.now_unix_seconds();
            let step = flow
                .confirm_transfer(&code, &keys, &citizen_id, &name, now)
                .await?;
            if let IdvStep::Done(IdvOutcome::DeviceTransferred { registration, .. }) = step {
                std::fs::create_dir_all(&this.data_dir).map_err(|e| GatewayFailure::Failed {
                    reason: e.to_string(),
                })?;
                LocalStore::open(&this.data_dir.join(STORE_FILE))?
                    .save_registration(registration)?;
                *kept.lock().unwrap_or_else(PoisonError::into_inner) =
                    Some(registration.as_ref().clone());
            }
            Ok(step.into())
        })
        .await?;
        let registration = registration
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .ok_or(GatewayFailure::NotNow {
                reason: "the transfer did not finish".into(),
            })?;
        RegisteredDevice::start(
            self.http.clone(),
            self.data_dir.clone(),
            Arc::clone(&self.keys),
            registration,
        )
        .await
    }

    /// Cancels the running card read (before its next APDU) or network call.
    pub fn cancel(&self) {
        self.cancel.cancel();
        if let Some(token) = self
            .card_cancel
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            token.cancel();
        }
    }
}
