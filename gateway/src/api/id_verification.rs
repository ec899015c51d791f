//! ID verification endpoints: start (from a session, for the web page's QR code; from a
//! registered device; or, to move to a new phone, with the citizen id and password), the
//! single-use chip challenge, the chip evidence (passive authentication against the gateway's
//! trust store, the chip's Active Authentication signature over the challenge, the document
//! holder against the account), Chip Authentication run by the gateway through the app for
//! chips without Active Authentication, and the SMS code that marks the phone verified with ID or
//! registers the new phone in place of every old device.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, OriginalUri, Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use base64ct::{Base64UrlUnpadded, Encoding};
use egate_core::idv::{
    ChipPresence, Evidence, IdvLink, IdvPurpose, RelayAnswer, RelayRefusal, RelayRequest,
    RelayTerminal, chip_presence, holder_matches, relay_applies, verify_document,
};
use egate_core::login::{ProtectionLevel, RegistrationPurpose};
use egate_core::ports::FixedClock;
use serde::Deserialize;
use serde_json::{Value, json};
use std::net::SocketAddr;
use zeroize::Zeroizing;

use super::device_signed::{device_request, require_user_key};
use super::devices::KeysWithProof;
use super::login::{check_password, send_code};
use super::{ApiResult, AppState, parse};
use crate::accounts::{self, Account};
use crate::error::GatewayError;
use crate::id_verifications::{self as store, Started, Verification};
use crate::sms::{self, CodeOwner};
use crate::{devices, notify};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Start {
    purpose: String,
}

fn purpose(text: &str) -> Result<IdvPurpose, GatewayError> {
    IdvPurpose::from_wire(text)
        .ok_or_else(|| GatewayError::BadRequest("purpose is phone or device_transfer".into()))
}

/// Starts a verification of `account`; answers its link (the QR code's text) and secret.
pub(in crate::api) fn start_verification(
    state: &AppState,
    account: &Account,
    purpose: IdvPurpose,
) -> Result<IdvLink, GatewayError> {
    if state.config().trust.is_none() {
        return Err(GatewayError::NoTrustStore);
    }
    if account.phone.is_none() {
        return Err(GatewayError::NoPhone);
    }
    let Started {
        id,
        secret,
        expires_at,
    } = store::start(&state.db(), account.id, purpose, state.now())?;
    Ok(IdvLink {
        origin: state.config().origin.clone(),
        id,
        secret: Zeroizing::new(secret),
        purpose,
        exp: expires_at,
    })
}

/// Starts a verification and answers it as JSON, with its link.
fn started(
    state: &AppState,
    account: &Account,
    purpose: IdvPurpose,
) -> Result<Response, GatewayError> {
    let link = start_verification(state, account, purpose)?;
    let body = json!({
        "id": link.id,
        "secret": link.secret.as_str(),
        "purpose": purpose.as_str(),
        "expires_at": link.exp,
        "link": link.to_uri(),
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `POST /api/v1/id-verifications`: from a session. Verifying the phone needs a completed login;
/// moving to a new phone needs only the password (the old phone may be lost).
pub(super) async fn start_from_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let request: Start = parse(&body)?;
    let purpose = purpose(&request.purpose)?;
    let (_, account) = match purpose {
        IdvPurpose::Phone => state.full_session(&headers)?,
        IdvPurpose::DeviceTransfer => state.session(&headers)?,
    };
    Ok(started(&state, &account, purpose)?)
}

/// `POST /api/v1/device/id-verifications`: a registered device verifies the phone number
/// (signed by the user-verification key).
pub(super) async fn start_from_device(
    State(state): State<AppState>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let (owner, _) = device_request(&state, &method, &uri, &headers, &body)?;
    require_user_key(&owner)?;
    let request: Start = parse(&body)?;
    if purpose(&request.purpose)? != IdvPurpose::Phone {
        return Err(GatewayError::BadRequest(
            "a registered device verifies the phone; moving starts on the new phone".into(),
        )
        .into());
    }
    let account = accounts::by_id(&state.db(), owner.account_id)?;
    Ok(started(&state, &account, IdvPurpose::Phone)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransferStart {
    citizen_id: String,
    password: String,
}

/// `POST /api/v1/id-verifications/transfer`: a new phone starts moving the account with the
/// citizen id and password. Works for an account blocked after "this wasn't me": the chip
/// proof and the SMS code that follow are what unblock it.
pub(super) async fn start_transfer(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> ApiResult<Response> {
    let request: TransferStart = parse(&body)?;
    let account = check_password(&state, peer, &request.citizen_id, request.password).await?;
    Ok(started(&state, &account, IdvPurpose::DeviceTransfer)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Secret {
    secret: String,
}

/// `POST /api/v1/id-verifications/{id}/challenge`: the 8-byte challenge the chip must sign,
/// issued once.
pub(super) async fn challenge(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let request: Secret = parse(&body)?;
    let now = state.now();
    let db = state.db();
    let verification = store::find(&db, &id, &request.secret, now)?;
    let (challenge, expires_at) = store::issue_challenge(&db, &verification, now)?;
    Ok(Json(json!({
        "challenge": Base64UrlUnpadded::encode_string(&challenge),
        "purpose": verification.purpose.as_str(),
        "expires_at": expires_at,
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EvidenceSubmission {
    secret: String,
    evidence: Evidence,
    /// The app can relay the gateway's own Chip Authentication to the chip.
    #[serde(default)]
    chip_authentication_relay: bool,
}

/// What the evidence leads to.
enum Next {
    /// The chip's presence is shown (or accepted by policy).
    Proven(ChipPresence),
    /// The gateway proves the chip itself, through the app.
    Relay(Box<(RelayTerminal, RelayRequest)>),
}

/// `POST /api/v1/id-verifications/{id}/evidence`: checks the chip evidence (spending the
/// challenge whatever the verdict). When it proves the account holder, sends the SMS code; for
/// a chip without Active Authentication whose app offers to relay, answers the gateway's Chip
/// Authentication request instead.
pub(super) async fn evidence(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let request: EvidenceSubmission = parse(&body)?;
    let trust = state
        .config()
        .trust
        .clone()
        .ok_or(GatewayError::NoTrustStore)?;
    let now = state.now();
    let (verification, account, challenge) = {
        let db = state.db();
        let verification = store::find(&db, &id, &request.secret, now)?;
        let challenge = store::spend_challenge(&db, &verification)?;
        let account = accounts::by_id(&db, verification.account_id)?;
        (verification, account, challenge)
    };
    let policy = state.config().presence_policy;
    let citizen_id = account.citizen_id.clone();
    let verdict = tokio::task::spawn_blocking(move || {
        let evidence = &request.evidence;
        let (mrz, _) = verify_document(evidence, &trust, &FixedClock(now))?;
        if !holder_matches(&mrz, &citizen_id) {
            return Err(GatewayError::DocumentMismatch);
        }
        if request.chip_authentication_relay && relay_applies(evidence) {
            let dg14 = evidence
                .dg14
                .as_ref()
                .map_or(&[][..], |dg14| dg14.as_slice());
            if let Ok((terminal, relay)) = RelayTerminal::start(dg14, &evidence.dg1) {
                return Ok(Next::Relay(Box::new((terminal, relay))));
            }
        }
        Ok(Next::Proven(chip_presence(evidence, &challenge, policy)?))
    })
    .await
    .map_err(|e| GatewayError::Internal(e.to_string()))?;
    match verdict {
        Ok(Next::Proven(presence)) => Ok(proven(&state, &verification, &account, presence).await?),
        Ok(Next::Relay(relay)) => {
            let (terminal, relay) = *relay;
            let expires_at = now + store::LIFETIME_SECS;
            if !state
                .relays()
                .hold(&verification.id, terminal, expires_at, now)
            {
                let busy = RelayRefusal::Unavailable("too many verifications at once".into());
                return Err(refuse(&state, &verification, now, busy.into())?.into());
            }
            store::await_relay(&state.db(), &verification)?;
            Ok(Json(
                json!({ "chip_authentication": relay, "expires_at": expires_at }),
            ))
        }
        Err(refusal) => Err(refuse(&state, &verification, now, refusal)?.into()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelaySubmission {
    secret: String,
    answer: RelayAnswer,
}

/// `POST /api/v1/id-verifications/{id}/chip-authentication`: the chip's answers to the
/// gateway's Chip Authentication, relayed by the app; when they verify, the chip was present
/// and the SMS code is sent. One submission settles the verification.
pub(super) async fn chip_authentication(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let request: RelaySubmission = parse(&body)?;
    let now = state.now();
    let (verification, account) = {
        let db = state.db();
        let verification = store::find(&db, &id, &request.secret, now)?;
        store::end_relay(&db, &verification)?;
        let account = accounts::by_id(&db, verification.account_id)?;
        (verification, account)
    };
    let Some(terminal) = state.relays().take(&verification.id, now) else {
        let gone = GatewayError::IdVerificationGone;
        return Err(refuse(&state, &verification, now, gone)?.into());
    };
    let verdict = tokio::task::spawn_blocking(move || terminal.finish(&request.answer))
        .await
        .map_err(|e| GatewayError::Internal(e.to_string()))?;
    match verdict {
        Ok(()) => {
            let presence = ChipPresence::ChipAuthentication;
            Ok(proven(&state, &verification, &account, presence).await?)
        }
        Err(refusal) => Err(refuse(&state, &verification, now, refusal.into())?.into()),
    }
}

/// Settles a verification as refused for `refusal`, tells the holder, and answers the refusal.
fn refuse(
    state: &AppState,
    verification: &Verification,
    now: i64,
    refusal: GatewayError,
) -> Result<GatewayError, GatewayError> {
    let db = state.db();
    store::settle(&db, verification, Err(refusal.code()))?;
    notify::record(
        &db,
        verification.account_id,
        "id_verification_refused",
        refusal.code(),
        now,
    )?;
    Ok(refusal)
}

/// Settles a verification as proven by `presence` and sends the SMS code.
async fn proven(
    state: &AppState,
    verification: &Verification,
    account: &Account,
    presence: ChipPresence,
) -> Result<Json<Value>, GatewayError> {
    store::settle(&state.db(), verification, Ok(presence.code()))?;
    let key = store::code_key(verification);
    let mut sent = send_code(
        state,
        account,
        CodeOwner {
            account_id: account.id,
            key: &key,
        },
    )
    .await?;
    sent["chip_presence"] = json!(presence.code());
    Ok(Json(sent))
}

/// The new phone registered by a device transfer.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewDevice {
    name: String,
    keys: KeysWithProof,
    /// `claimed_hardware` or `software`.
    claimed_level: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Confirmation {
    secret: String,
    code: String,
    /// For a device transfer: the new phone, its keys proven over the verification's id.
    device: Option<NewDevice>,
}

/// `POST /api/v1/id-verifications/{id}/confirm`: the SMS code completes the verification —
/// the phone is marked verified with ID, or the new phone replaces every registered device
/// (in one transaction) and lifts a "this wasn't me" block.
pub(super) async fn confirm(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let request: Confirmation = parse(&body)?;
    if request.code.len() != 6 || !request.code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(GatewayError::SmsCodeInvalid.into());
    }
    let now = state.now();
    let verification = store::find(&state.db(), &id, &request.secret, now)?;
    if verification.state != "proven" {
        return Err(GatewayError::IdVerificationGone.into());
    }
    let new_device = match (verification.purpose, &request.device) {
        (IdvPurpose::DeviceTransfer, Some(device)) => Some(checked_device(&state, &id, device)?),
        (IdvPurpose::DeviceTransfer, None) => {
            return Err(GatewayError::BadRequest("device is required to move".into()).into());
        }
        (IdvPurpose::Phone, Some(_)) => {
            return Err(GatewayError::BadRequest("device is only for moving".into()).into());
        }
        (IdvPurpose::Phone, None) => None,
    };
    let key = store::code_key(&verification);
    let owner = CodeOwner {
        account_id: verification.account_id,
        key: &key,
    };
    let reserved = sms::reserve_entry(&state.db(), owner, now)?;
    let right = state
        .verify_secret(request.code, Some(reserved.hash.clone()))
        .await;
    sms::settle(&state.db(), &reserved, right)?;
    match new_device {
        None => Ok(phone_verified(&state, &verification, now)?),
        Some(device) => Ok(transferred(&state, &verification, device, now)?),
    }
}

/// A transfer's new device, its proof checked.
struct CheckedDevice {
    name: String,
    possession: egate_core::login::PublicKey,
    user: egate_core::login::PublicKey,
    level: ProtectionLevel,
}

fn checked_device(
    state: &AppState,
    nonce: &str,
    device: &NewDevice,
) -> Result<CheckedDevice, GatewayError> {
    devices::check_name(&device.name)?;
    let level = match ProtectionLevel::from_wire(&device.claimed_level) {
        Some(level @ (ProtectionLevel::ClaimedHardware | ProtectionLevel::Software)) => level,
        _ => {
            return Err(GatewayError::BadRequest(
                "claimed_level is claimed_hardware or software".into(),
            ));
        }
    };
    if state.config().require_attested {
        return Err(GatewayError::AttestationRequired);
    }
    let (possession, user) =
        device
            .keys
            .verify(&state.config().origin, RegistrationPurpose::Register, nonce)?;
    Ok(CheckedDevice {
        name: device.name.clone(),
        possession,
        user,
        level,
    })
}

fn phone_verified(
    state: &AppState,
    verification: &Verification,
    now: i64,
) -> Result<Response, GatewayError> {
    let mut db = state.db();
    let transaction = db.transaction()?;
    store::finish(&transaction, verification)?;
    transaction.execute(
        "UPDATE accounts SET phone_verified_with_id_at = ?2 WHERE id = ?1",
        rusqlite::params![verification.account_id, now],
    )?;
    notify::record(
        &transaction,
        verification.account_id,
        "phone_verified_with_id",
        "",
        now,
    )?;
    transaction.commit()?;
    Ok(Json(json!({ "phone_verified_with_id": true, "verified_at": now })).into_response())
}

fn transferred(
    state: &AppState,
    verification: &Verification,
    device: CheckedDevice,
    now: i64,
) -> Result<Response, GatewayError> {
    let account = verification.account_id;
    let mut db = state.db();
    let transaction = db.transaction()?;
    store::finish(&transaction, verification)?;
    let revoked = devices::remove_all(&transaction, account)?;
    let id = devices::insert(
        &transaction,
        account,
        &device.name,
        &device.possession,
        &device.user,
        device.level,
        now,
    )?;
    transaction.execute(
        "UPDATE accounts SET reported_at = NULL WHERE id = ?1",
        [account],
    )?;
    notify::record(
        &transaction,
        account,
        "device_transferred",
        &device.name,
        now,
    )?;
    transaction.commit()?;
    drop(db);
    let gateway = state.gateway_key().public();
    let body = json!({
        "device_id": id,
        "devices_revoked": revoked,
        "protection_level": device.level,
        "gateway_key": {
            "key_id": gateway.key_id(),
            "public_key": Base64UrlUnpadded::encode_string(gateway.spki_der()),
        },
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}
