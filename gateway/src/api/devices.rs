//! Device registration and removal from a login session: the single-use registration token,
//! registering a device's two keys with their proof of possession, and removing a device.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64ct::{Base64UrlUnpadded, Encoding};
use egate_core::login::{
    ProtectionLevel, PublicKey, RegistrationProof, RegistrationPurpose, RegistrationStatement,
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiResult, AppState, parse};
use crate::attestation::{verify_android_chain, verify_app_attest, weaker};
use crate::error::GatewayError;
use crate::{devices, notify};
use sha2::Digest;

/// `POST /api/v1/devices/registration-token`.
///
/// With two-factor login off, the session needs the password and an SMS code confirmed in the
/// last five minutes. With it on, the same holds while no device is registered; once one is,
/// this login must have been approved on that device (in the last five minutes).
pub(super) async fn registration_token(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (session, account) = state.full_session(&headers)?;
    let now = state.now();
    let db = state.db();
    if account.two_factor
        && !devices::list(&db, account.id)?.is_empty()
        && !matches!(
            crate::challenges::session_state(&db, &session.token_hash, now)?.as_deref(),
            Some("approved" | "backup_code")
        )
    {
        return Err(GatewayError::DeviceApprovalRequired.into());
    }
    if !session.recent_second_factor(now) {
        return Err(GatewayError::SecondFactorRequired.into());
    }
    let issued = devices::issue_token(&db, &session, now)?;
    let body = json!({
        "token": issued.token,
        "nonce": issued.nonce,
        "expires_at": issued.expires_at,
        "audience": state.config().origin,
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// A device's keys and their proof of possession, as sent at registration and rotation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct KeysWithProof {
    /// base64url DER SPKI of the possession key.
    pub possession_key: String,
    /// base64url DER SPKI of the user-verification key.
    pub user_key: String,
    /// base64url DER ECDSA signature of the statement by the possession key.
    pub possession_signature: String,
    /// base64url DER ECDSA signature of the statement by the user-verification key.
    pub user_signature: String,
}

impl KeysWithProof {
    /// Parses both keys and checks both signatures over the statement for `purpose`/`nonce`.
    pub(super) fn verify(
        &self,
        audience: &str,
        purpose: RegistrationPurpose,
        nonce: &str,
    ) -> Result<(PublicKey, PublicKey), GatewayError> {
        let decode = |field: &str, text: &str| {
            Base64UrlUnpadded::decode_vec(text)
                .map_err(|_| GatewayError::BadRequest(format!("{field} is not base64url")))
        };
        let possession =
            PublicKey::from_spki_der(&decode("possession_key", &self.possession_key)?)?;
        let user = PublicKey::from_spki_der(&decode("user_key", &self.user_key)?)?;
        let statement = RegistrationStatement::new(audience, purpose, nonce, &possession, &user);
        RegistrationProof {
            possession_signature: decode("possession_signature", &self.possession_signature)?,
            user_signature: decode("user_signature", &self.user_signature)?,
        }
        .verify(&statement, &possession, &user)?;
        Ok((possession, user))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Registration {
    token: String,
    name: String,
    keys: KeysWithProof,
    /// `claimed_hardware` or `software`; attested levels come only from a verified attestation.
    claimed_level: String,
    attestation: Option<Attestation>,
}

/// A verified attestation of the registered keys: Android Key Attestation chains of both keys
/// (base64url DER certificates, leaf first, challenge = the registration nonce), or an Apple
/// App Attest object whose client data is the registration statement.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Attestation {
    /// `android-key` or `apple-appattest`.
    format: String,
    possession_chain: Option<Vec<String>>,
    user_chain: Option<Vec<String>>,
    /// base64url CBOR attestation object (`apple-appattest`).
    object: Option<String>,
    /// base64url App Attest key id (`apple-appattest`).
    key_id: Option<String>,
}

fn decode_b64(text: &str) -> Result<Vec<u8>, GatewayError> {
    Base64UrlUnpadded::decode_vec(text)
        .map_err(|_| GatewayError::AttestationInvalid("base64url".into()))
}

fn missing(field: &str) -> GatewayError {
    GatewayError::AttestationInvalid(format!("{field} is missing"))
}

impl Attestation {
    /// The attested level of the device.
    fn verify(
        &self,
        config: &super::Config,
        statement: &RegistrationStatement,
        possession: &PublicKey,
        user: &PublicKey,
    ) -> Result<ProtectionLevel, GatewayError> {
        match self.format.as_str() {
            "android-key" => {
                let decode = |chain: &Option<Vec<String>>, name: &str| {
                    chain
                        .as_ref()
                        .ok_or_else(|| missing(name))?
                        .iter()
                        .map(|c| decode_b64(c))
                        .collect::<Result<Vec<_>, _>>()
                };
                let challenge = statement.nonce.as_bytes();
                let roots = &config.attestation_roots;
                let first = verify_android_chain(
                    &decode(&self.possession_chain, "possession_chain")?,
                    possession,
                    challenge,
                    roots,
                )?;
                let second = verify_android_chain(
                    &decode(&self.user_chain, "user_chain")?,
                    user,
                    challenge,
                    roots,
                )?;
                Ok(weaker(first, second))
            }
            "apple-appattest" => {
                let policy = config
                    .app_attest
                    .as_ref()
                    .ok_or(GatewayError::AttestationUntrusted)?;
                let object = decode_b64(self.object.as_deref().ok_or_else(|| missing("object"))?)?;
                let key_id = decode_b64(self.key_id.as_deref().ok_or_else(|| missing("key_id"))?)?;
                let client_data_hash: [u8; 32] = sha2::Sha256::digest(statement.canonical()).into();
                verify_app_attest(&object, &key_id, &client_data_hash, policy)
            }
            other => Err(GatewayError::AttestationInvalid(format!(
                "unknown format {other:?}"
            ))),
        }
    }
}

/// `POST /api/v1/devices`: registers a device with a registration token of this session.
pub(super) async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let (session, account) = state.session(&headers)?;
    let request: Registration = parse(&body)?;
    devices::check_name(&request.name)?;
    let level = match ProtectionLevel::from_wire(&request.claimed_level) {
        Some(level @ (ProtectionLevel::ClaimedHardware | ProtectionLevel::Software)) => level,
        _ => {
            return Err(GatewayError::BadRequest(
                "claimed_level is claimed_hardware or software".into(),
            )
            .into());
        }
    };
    let now = state.now();
    let mut db = state.db();
    let transaction = db.transaction().map_err(GatewayError::from)?;
    let nonce = devices::spend_token(&transaction, &request.token, &session, now)?;
    let (possession, user) = request.keys.verify(
        &state.config().origin,
        RegistrationPurpose::Register,
        &nonce,
    )?;
    let level = match &request.attestation {
        Some(attestation) => {
            let statement = RegistrationStatement::new(
                &state.config().origin,
                RegistrationPurpose::Register,
                &nonce,
                &possession,
                &user,
            );
            attestation.verify(state.config(), &statement, &possession, &user)?
        }
        None => level,
    };
    if state.config().require_attested && !level.is_attested() {
        return Err(GatewayError::AttestationRequired.into());
    }
    let id = devices::insert(
        &transaction,
        account.id,
        &request.name,
        &possession,
        &user,
        level,
        now,
    )?;
    notify::record(
        &transaction,
        account.id,
        "device_registered",
        &request.name,
        now,
    )?;
    transaction.commit().map_err(GatewayError::from)?;
    let gateway = state.gateway_key().public();
    let body = json!({
        "device_id": id,
        "protection_level": level,
        "gateway_key": {
            "key_id": gateway.key_id(),
            "public_key": Base64UrlUnpadded::encode_string(gateway.spki_der()),
        },
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `DELETE /api/v1/devices/{id}`: removal from a session needs a recent second factor.
pub(super) async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let (session, account) = state.full_session(&headers)?;
    let now = state.now();
    if !session.recent_second_factor(now) {
        return Err(GatewayError::SecondFactorRequired.into());
    }
    let db = state.db();
    let name = devices::remove(&db, account.id, &id)?;
    notify::record(&db, account.id, "device_removed", &name, now)?;
    Ok(Json(json!({ "removed": id })))
}
