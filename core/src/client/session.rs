//! A login session with a gateway: the session cookie carried between calls, password login and
//! change, SMS codes, two-factor settings, and registering this device (two new keys in the
//! key store, proven with the gateway's single-use nonce).

use crate::net::Method;
use base64ct::{Base64UrlUnpadded, Encoding};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::answers::{AccountInfo, ChallengeOutcome, LoginStep, Notice, SmsSent, TwoFactorState};
use super::approval::MAX_LONG_POLL;
use super::error::ClientError;
use crate::keystore::sign_checked;
use crate::login::{PublicKey, RegistrationPurpose, RegistrationStatement};
use crate::net::{HttpClient, HttpResponse};
use crate::ports::{CreatedKey, KeyStore, SignPrompt, SignPurpose};
use crate::store::Registration;

/// Turns an HTTP answer into its JSON body, or the gateway's typed refusal.
pub(super) fn answer(response: &HttpResponse) -> Result<Value, ClientError> {
    let body: Option<Value> = if response.body.is_empty() {
        Some(Value::Null)
    } else {
        serde_json::from_slice(&response.body).ok()
    };
    match (response.status, body) {
        (200..=299, Some(body)) => Ok(body),
        (500..=599, _) => Err(ClientError::ServerFailure(response.status)),
        (status @ 400..=499, Some(body)) if body["error"].is_string() => {
            Err(ClientError::Refused {
                status,
                code: body["error"].as_str().unwrap_or_default().to_owned(),
                message: body["message"].as_str().unwrap_or_default().to_owned(),
                retry_after: body["retry_after"].as_i64(),
            })
        }
        (status, _) => Err(ClientError::Protocol(format!(
            "HTTP {status} without a usable body"
        ))),
    }
}

/// Reads a typed record out of a JSON answer.
pub(super) fn typed<T: DeserializeOwned>(value: Value) -> Result<T, ClientError> {
    serde_json::from_value(value).map_err(|e| ClientError::Protocol(e.to_string()))
}

/// A session with one gateway, as a browser would hold it.
#[derive(Debug, Clone)]
pub struct GatewaySession {
    http: HttpClient,
    origin: String,
    cookie: Option<String>,
}

impl GatewaySession {
    /// A session (not logged in yet) with the gateway at `origin`.
    pub fn new(http: HttpClient, origin: &str) -> Self {
        Self {
            http,
            origin: origin.trim_end_matches('/').to_owned(),
            cookie: None,
        }
    }

    /// The gateway origin.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub(super) async fn call(
        &mut self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, ClientError> {
        let headers: Vec<(&str, String)> =
            self.cookie.iter().map(|c| ("cookie", c.clone())).collect();
        let body = body.map(|b| serde_json::to_vec(&b).unwrap_or_default());
        let response = self
            .http
            .send(method, &format!("{}{path}", self.origin), &headers, body)
            .await?;
        for set in &response.set_cookies {
            let pair = set.split(';').next().unwrap_or_default().trim();
            if set.contains("Max-Age=0") {
                self.cookie = None;
            } else if !pair.is_empty() {
                self.cookie = Some(pair.to_owned());
            }
        }
        answer(&response)
    }

    /// Logs in with the password.
    ///
    /// # Errors
    /// [`ClientError`]; a refusal carries `invalid_credentials`, `password_login_blocked` or
    /// `throttled`.
    pub async fn login(
        &mut self,
        citizen_id: &str,
        password: &str,
    ) -> Result<LoginStep, ClientError> {
        let body = json!({ "citizen_id": citizen_id, "password": password });
        typed(self.call(Method::POST, "/api/v1/login", Some(body)).await?)
    }

    /// The approval of this login on the registered device, the gateway holding the request up
    /// to `wait` (at most [`MAX_LONG_POLL`]) while it is pending; an approval completes the
    /// login.
    ///
    /// # Errors
    /// [`ClientError`]; `challenge_not_found` when this login has no challenge.
    pub async fn challenge_outcome(
        &mut self,
        wait: std::time::Duration,
    ) -> Result<ChallengeOutcome, ClientError> {
        let seconds = wait.min(MAX_LONG_POLL).as_secs();
        let path = format!("/api/v1/login/challenge?wait={seconds}");
        typed(self.call(Method::GET, &path, None).await?)
    }

    /// Completes this login's second factor with a backup code (the registered device may be
    /// lost); the code is used up.
    ///
    /// # Errors
    /// [`ClientError`]; `backup_code_invalid` for a wrong, used or replaced code, `throttled`
    /// after too many wrong ones.
    pub async fn login_with_backup_code(&mut self, code: &str) -> Result<LoginStep, ClientError> {
        let body = json!({ "code": code });
        typed(
            self.call(Method::POST, "/api/v1/login/backup-code", Some(body))
                .await?,
        )
    }

    /// Changes the password.
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn change_password(
        &mut self,
        current: &str,
        new: &str,
    ) -> Result<LoginStep, ClientError> {
        let body = json!({ "current_password": current, "new_password": new });
        typed(
            self.call(Method::POST, "/api/v1/password", Some(body))
                .await?,
        )
    }

    /// Asks for an SMS code.
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn send_sms(&mut self) -> Result<SmsSent, ClientError> {
        typed(
            self.call(Method::POST, "/api/v1/sms", Some(json!({})))
                .await?,
        )
    }

    /// Confirms an SMS code.
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn verify_sms(&mut self, code: &str) -> Result<LoginStep, ClientError> {
        typed(
            self.call(
                Method::POST,
                "/api/v1/sms/verify",
                Some(json!({ "code": code })),
            )
            .await?,
        )
    }

    /// The account page.
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn account(&mut self) -> Result<AccountInfo, ClientError> {
        typed(self.call(Method::GET, "/api/v1/account", None).await?)
    }

    /// The account's notices, newest first.
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn notifications(&mut self) -> Result<Vec<Notice>, ClientError> {
        let mut answer = self
            .call(Method::GET, "/api/v1/account/notifications", None)
            .await?;
        typed(answer["notifications"].take())
    }

    /// Turns two-factor login on or off.
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn set_two_factor(&mut self, enabled: bool) -> Result<TwoFactorState, ClientError> {
        typed(
            self.call(
                Method::PUT,
                "/api/v1/two-factor",
                Some(json!({ "enabled": enabled })),
            )
            .await?,
        )
    }

    /// Registers this device for `citizen_id`: asks for a registration token, creates a
    /// possession key and a user-verification key under fresh labels, proves both over the
    /// gateway's nonce, and answers the registration for the local store. Keys created for a
    /// registration that fails are deleted again.
    ///
    /// # Errors
    /// [`ClientError`].
    pub async fn register_device(
        &mut self,
        keys: &dyn KeyStore,
        citizen_id: &str,
        name: &str,
        now: i64,
    ) -> Result<Registration, ClientError> {
        let token = self
            .call(
                Method::POST,
                "/api/v1/devices/registration-token",
                Some(json!({})),
            )
            .await?;
        let (Some(token_value), Some(nonce), Some(audience)) = (
            token["token"].as_str(),
            token["nonce"].as_str(),
            token["audience"].as_str(),
        ) else {
            return Err(ClientError::Protocol("registration token answer".into()));
        };
        let labels = KeyLabels::new(&self.origin, citizen_id, nonce);
        let target = NewDeviceTarget {
            path: "/api/v1/devices".into(),
            audience: audience.to_owned(),
            nonce: nonce.to_owned(),
            wrap: Box::new(move |mut device: Value| {
                device["token"] = json!(token_value);
                device
            }),
        };
        self.register_new_device(keys, &labels, target, citizen_id, name, now)
            .await
            .map(|(registration, _)| registration)
    }

    /// Creates a possession key and a user-verification key under `labels`, proves both over
    /// the target's nonce, submits them where `target` says, and answers the registration for
    /// the local store with the gateway's answer. Keys of a registration that fails are deleted
    /// again.
    pub(super) async fn register_new_device(
        &mut self,
        keys: &dyn KeyStore,
        labels: &KeyLabels,
        target: NewDeviceTarget<'_>,
        citizen_id: &str,
        name: &str,
        now: i64,
    ) -> Result<(Registration, Value), ClientError> {
        let result = self
            .register_with_labels(keys, labels, target, citizen_id, name, now)
            .await;
        if result.is_err() {
            let _ = keys.delete(&labels.possession);
            let _ = keys.delete(&labels.user);
        }
        result
    }

    async fn register_with_labels(
        &mut self,
        keys: &dyn KeyStore,
        labels: &KeyLabels,
        target: NewDeviceTarget<'_>,
        citizen_id: &str,
        name: &str,
        now: i64,
    ) -> Result<(Registration, Value), ClientError> {
        let challenge = target.nonce.as_bytes().to_vec();
        let possession = keys.create(&labels.possession, false, Some(challenge.clone()))?;
        let user = keys.create(&labels.user, true, Some(challenge))?;
        let level = possession.protection_level;
        let key = |der: &[u8]| {
            PublicKey::from_spki_der(der).map_err(|e| ClientError::Protocol(e.to_string()))
        };
        let possession_key = key(&possession.public_key_spki)?;
        let user_key = key(&user.public_key_spki)?;
        let proof = KeysProof::new(
            keys,
            labels,
            (&possession_key, &user_key),
            &RegistrationStatement::new(
                &target.audience,
                RegistrationPurpose::Register,
                &target.nonce,
                &possession_key,
                &user_key,
            ),
        )?;
        let claimed = if level == crate::login::ProtectionLevel::Software {
            "software"
        } else {
            "claimed_hardware"
        };
        let mut device = json!({ "name": name, "keys": proof.json, "claimed_level": claimed });
        if let Some(attestation) = android_attestation(&possession, &user) {
            device["attestation"] = attestation;
        }
        let body = (target.wrap)(device);
        let registered = self.call(Method::POST, &target.path, Some(body)).await?;
        let gateway_key = registered["gateway_key"]["public_key"]
            .as_str()
            .and_then(|b| Base64UrlUnpadded::decode_vec(b).ok())
            .ok_or_else(|| ClientError::Protocol("registration answer".into()))?;
        let level = registered["protection_level"]
            .as_str()
            .and_then(crate::login::ProtectionLevel::from_wire)
            .ok_or_else(|| ClientError::Protocol("protection level".into()))?;
        let registration = Registration {
            gateway: self.origin.clone(),
            citizen_id: citizen_id.to_owned(),
            device_id: registered["device_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            device_name: name.to_owned(),
            possession_label: labels.possession.clone(),
            possession_key,
            user_label: labels.user.clone(),
            user_key,
            protection_level: level,
            gateway_key: key(&gateway_key)?,
            created_at: now,
        };
        Ok((registration, registered))
    }
}

/// Where a new device's proven keys go: the endpoint, the audience and nonce the proof signs,
/// and how the device object (`{name, keys, claimed_level[, attestation]}`) becomes the body.
pub(super) struct NewDeviceTarget<'a> {
    pub(super) path: String,
    pub(super) audience: String,
    pub(super) nonce: String,
    pub(super) wrap: Box<dyn FnOnce(Value) -> Value + Send + 'a>,
}

/// Both keys' Android Key Attestation chains, when the key store attested both.
fn android_attestation(possession: &CreatedKey, user: &CreatedKey) -> Option<Value> {
    let android = |key: &CreatedKey| {
        matches!(
            key.protection_level,
            crate::login::ProtectionLevel::AttestedStrongbox
                | crate::login::ProtectionLevel::AttestedTee
        ) && !key.attestation_chain.is_empty()
    };
    if !(android(possession) && android(user)) {
        return None;
    }
    let chain = |key: &CreatedKey| -> Vec<String> {
        key.attestation_chain
            .iter()
            .map(|der| Base64UrlUnpadded::encode_string(der))
            .collect()
    };
    Some(json!({
        "format": "android-key",
        "possession_chain": chain(possession),
        "user_chain": chain(user),
    }))
}

/// Key-store labels of one registration's keys (unique per registration nonce, so a new
/// registration or rotation never collides with the keys it replaces).
pub(super) struct KeyLabels {
    pub(super) possession: String,
    pub(super) user: String,
}

impl KeyLabels {
    pub(super) fn new(origin: &str, citizen_id: &str, nonce: &str) -> Self {
        let tag: String = nonce.chars().take(12).collect();
        Self {
            possession: format!("egate {origin} {citizen_id} possession {tag}"),
            user: format!("egate {origin} {citizen_id} user {tag}"),
        }
    }
}

/// Two keys and their signatures over a registration statement, as the gateway expects them.
pub(super) struct KeysProof {
    pub(super) json: Value,
}

impl KeysProof {
    pub(super) fn new(
        keys: &dyn KeyStore,
        labels: &KeyLabels,
        (possession, user): (&PublicKey, &PublicKey),
        statement: &RegistrationStatement,
    ) -> Result<Self, ClientError> {
        let message = statement.canonical();
        let possession_signature =
            sign_checked(keys, &labels.possession, possession, &message, None)?;
        let prompt = SignPrompt {
            purpose: match statement.purpose {
                RegistrationPurpose::Register => SignPurpose::RegisterDevice,
                RegistrationPurpose::Rotate => SignPurpose::RotateKeys,
            },
            context_digest: <sha2::Sha256 as sha2::Digest>::digest(&message).to_vec(),
        };
        let user_signature = sign_checked(keys, &labels.user, user, &message, Some(prompt))?;
        let b64 = |bytes: &[u8]| Base64UrlUnpadded::encode_string(bytes);
        Ok(Self {
            json: json!({
                "possession_key": b64(possession.spki_der()),
                "user_key": b64(user.spki_der()),
                "possession_signature": b64(&possession_signature),
                "user_signature": b64(&user_signature),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::login::ProtectionLevel;

    fn created(level: ProtectionLevel, chain: &[&[u8]]) -> CreatedKey {
        CreatedKey {
            public_key_spki: Vec::new(),
            attestation_chain: chain.iter().map(|c| c.to_vec()).collect(),
            protection_level: level,
        }
    }

    #[test]
    fn attestation_is_sent_only_when_both_keys_carry_android_chains() {
        let strongbox = created(ProtectionLevel::AttestedStrongbox, &[b"leaf", b"root"]);
        let tee = created(ProtectionLevel::AttestedTee, &[b"leaf2"]);
        let sent = android_attestation(&strongbox, &tee).unwrap();
        assert_eq!(sent["format"], "android-key");
        assert_eq!(sent["possession_chain"], json!(["bGVhZg", "cm9vdA"]));
        assert_eq!(sent["user_chain"], json!(["bGVhZjI"]));
        let software = created(ProtectionLevel::Software, &[]);
        assert_eq!(android_attestation(&strongbox, &software), None);
        let enclave = created(ProtectionLevel::AttestedSecureEnclave, &[b"object"]);
        assert_eq!(android_attestation(&enclave, &enclave), None);
        let chainless = created(ProtectionLevel::AttestedTee, &[]);
        assert_eq!(android_attestation(&chainless, &tee), None);
    }
}
